Document: libdpss-java
Title: libdpss Java API (Javadoc)
Author: The libdpss authors
Abstract: The Javadoc of org.libdpss, the Java binding of libdpss.
Section: Programming/Java

Format: HTML
Index: /usr/share/doc/libdpss-doc/javadoc/index.html
Files: /usr/share/doc/libdpss-doc/javadoc/*
