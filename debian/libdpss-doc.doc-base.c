Document: libdpss
Title: libdpss C API reference
Author: The libdpss authors
Abstract: The reference of the libdpss C library: every public function,
 its parameters, status codes and ownership, with a front page on the
 library's conventions.
Section: Programming/C

Format: HTML
Index: /usr/share/doc/libdpss-doc/html/index.html
Files: /usr/share/doc/libdpss-doc/html/*
