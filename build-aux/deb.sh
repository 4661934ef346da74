#!/bin/sh
# SPDX-License-Identifier: MIT
# Build the Debian packages of libdpss, install them, and check that the
# installed packages work as a new user would use them:
#
#   sh build-aux/deb.sh [--purge]
#
#  1. install the build dependencies debian/control declares
#     (apt-get build-dep) and what the checks need;
#  2. build the packages from a clean copy of this tree
#     (DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b: the test suite
#     is `sh build-aux/dev.sh test`) and run lintian on them (errors fail);
#  3. install them with apt-get;
#  4. check the installed packages: the README's C example compiled with
#     pkg-config, its Python example under /usr/bin/python3 with no
#     PYTHONPATH, its Java example with /usr/share/java/libdpss.jar and the
#     JNI library found on Java's default path, `man dpss` and
#     `man 3 libdpss`, the licence in every package, the reference
#     documentation with the data contract, the JSON Schemas (a sample
#     recipient valid, a broken one not), and `pip install ./bindings/python` into a virtual
#     environment against the installed libdpss-dev.
#
# Run as root or with sudo: it installs packages system-wide. With --purge
# the packages are removed again at the end. The .debs are left in
# $DEB_OUT (default: a new directory under /tmp), which the script prints.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
purge=no
case "${1:-}" in
--purge) purge=yes ;;
"") ;;
*) echo "usage: sh build-aux/deb.sh [--purge]" >&2; exit 2 ;;
esac

PACKAGES="libdpss0 libdpss-dev dpss python3-dpss libdpss-java libdpss-jni libdpss-doc"
# What the build and the checks need beyond debian/control's build
# dependencies.
TOOLS="dpkg-dev lintian man-db python3-jsonschema python3-pandas python3-venv python3-pip python3-setuptools python3-wheel"

say() { printf 'deb.sh: %s\n' "$*"; }
fail() { printf 'deb.sh: FAILED: %s\n' "$*" >&2; exit 1; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
apt_get() { DEBIAN_FRONTEND=noninteractive $sudo apt-get "$@"; }

version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version 2>/dev/null ||
  sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$top/debian/changelog")
upstream=${version%-*}

# ------------------------------------------------------------ 1. dependencies
missing=""
for p in $TOOLS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
updated=no
if [ -n "$missing" ]; then
  say "installing:$missing"
  apt_get update -qq && updated=yes
  apt_get install -y -qq --no-install-recommends $missing >/dev/null
fi
if ! (cd "$top" && dpkg-checkbuilddeps >/dev/null 2>&1); then
  say "installing the build dependencies (apt-get build-dep ./)"
  [ "$updated" = yes ] || apt_get update -qq
  (cd "$top" && apt_get build-dep -y -qq ./ >/dev/null)
fi

# ------------------------------------------------------------ 2. build
out=${DEB_OUT:-$(mktemp -d /tmp/libdpss-deb.XXXXXX)}
src="$out/libdpss-$upstream"
rm -rf "$src" && mkdir -p "$src"
# A clean copy: what git tracks (and new files it does not ignore), or the
# unpacked tarball as it is.
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$top" && git ls-files -z --cached --others --exclude-standard |
    tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$src"
else
  (cd "$top" && tar --exclude='./_build*' --exclude='./debian/build' -cf - .) | tar -xf - -C "$src"
fi
say "building $version in $src (log: $out/build.log)"
start=$(date +%s)
if ! (cd "$src" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1); then
  tail -n 40 "$out/build.log"
  fail "dpkg-buildpackage (see $out/build.log)"
fi
say "built in $(($(date +%s) - start)) s:"
(cd "$out" && ls -1 ./*.deb | sed 's,^\./,  ,')
changes=$(ls "$out"/libdpss_*.changes)
say "lintian $(basename "$changes")"
lintian --tag-display-limit 0 "$changes" >"$out/lintian.log" 2>&1 || true
grep -E '^[EWIP]: ' "$out/lintian.log" | sed 's/^/  /' || true
errors=$(grep -c '^E: ' "$out/lintian.log" || true)
warnings=$(grep -c '^W: ' "$out/lintian.log" || true)
say "lintian: $errors errors, $warnings warnings"
[ "$errors" -eq 0 ] || fail "lintian reports errors"

# ------------------------------------------------------------ 3. install
debs=""
for p in $PACKAGES; do
  f=$(ls "$out"/${p}_"$version"_*.deb 2>/dev/null) || fail "no package $p"
  debs="$debs $f"
done
say "installing:$(for f in $debs; do printf ' %s' "$(basename "$f")"; done)"
apt_get install -y -qq $debs >"$out/install.log" 2>&1 || { cat "$out/install.log"; fail "apt-get install"; }

cleanup() {
  rm -rf "$T"
  if [ "$purge" = yes ]; then
    say "purging $PACKAGES"
    apt_get purge -y -qq $PACKAGES >/dev/null 2>&1 || say "purge failed"
  fi
}
T=$(mktemp -d)
trap cleanup EXIT
cd "$T"

# ------------------------------------------------------------ 4. checks
checks=0
ok() { checks=$((checks + 1)); say "ok: $*"; }
# The first block of a language under the README's "## Using it from ..." heading.
block() {
  awk -v lang="$1" -v head="$2" '$0 == head {in_section = 1; next}
    in_section && $0 == "```" lang {on = 1; next} /^```$/ {if (on) exit} on' "$top/README.md"
}

# C: the README's example against the installed headers and library.
block c "## Using it from C" >app.c
# shellcheck disable=SC2046
cc -Wall -Wextra -Werror app.c $(pkg-config --cflags --libs libdpss) -o app ||
  fail "the README's C example does not build with pkg-config"
./app >c.out || fail "the README's C example failed"
grep -q '^pay back 10000 pence$' c.out || fail "the C example printed $(head -1 c.out)"
ok "C example (cc app.c \$(pkg-config --cflags --libs libdpss)): $(head -1 c.out)"
ldd ./app | grep -q -E "libdpss.so.0 => /(usr/)?lib/" || fail "the C example did not link the installed libdpss"
ok "pkg-config libdpss $(pkg-config --modversion libdpss), linked to $(ldd ./app | sed -n 's/.*libdpss.so.0 => \([^ ]*\).*/\1/p')"

# Python: the README's example, from the system path (it reads the sample
# caseload by its path in the source tree).
ln -s "$top/examples" examples
block python "## Using it from Python" >example.py
where=$(env -u PYTHONPATH /usr/bin/python3 -c 'import dpss; print(dpss.__file__)')
case "$where" in
/usr/lib/python3/dist-packages/dpss/*) ;;
*) fail "import dpss found $where, not the python3-dpss package" ;;
esac
env -u PYTHONPATH /usr/bin/python3 -c "$(cat example.py)" >py.out ||
  fail "the README's Python example failed"
grep -q "recipients evaluated *240" py.out || fail "the Python example printed: $(head -3 py.out)"
ok "Python example (/usr/bin/python3, dpss from $(dirname "$where"))"
env -u PYTHONPATH /usr/bin/python3 -c 'import dpss.native as n; assert "Read a policy" in n.Policy.from_file.__doc__' ||
  fail "help(dpss.native) has no documentation"
ok "Python docstrings: help(dpss.native.Policy.from_file)"

# Java: the README's example with the installed jar; the JNI library comes
# from Java's default library path (no -Djava.library.path).
block java "## Using it from Java" >Example.java
jar=/usr/share/java/libdpss.jar
[ "$(readlink -f "$jar")" = "/usr/share/java/libdpss-$upstream.jar" ] || fail "$jar is not a link to libdpss-$upstream.jar"
javac -encoding UTF-8 -cp "$jar" Example.java || fail "the README's Java example does not compile"
java -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -cp "$jar:." Example >java.out ||
  fail "the README's Java example failed"
grep -q '^reclaim £100.00$' java.out || fail "the Java example printed $(head -1 java.out)"
ok "Java example (java -cp $jar:. Example): $(head -1 java.out)"
jarfile() { /usr/bin/python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$jar" "$1"; }
jarfile META-INF/MANIFEST.MF | grep -q '^Automatic-Module-Name: org.libdpss' ||
  fail "the jar's manifest has no Automatic-Module-Name"
jarfile META-INF/LICENSE | grep -q 'MIT License' || fail "the jar does not carry the licence"
major=$(jarfile org/libdpss/Policy.class | od -An -j6 -N2 -tu1 | awk '{print $1 * 256 + $2}')
[ "$major" -eq 55 ] || fail "the jar's classes are class-file version $major, not 55 (Java 11)"
ok "jar: Automatic-Module-Name org.libdpss, Java 11 classes (major 55), META-INF/LICENSE, libdpss.jar -> libdpss-$upstream.jar"

# Man pages.
MANPAGER=cat MANWIDTH=80 man dpss 2>man.err >man1.out || fail "man dpss"
grep -q "EXIT STATUS" man1.out || fail "man dpss shows no EXIT STATUS"
MANPAGER=cat MANWIDTH=80 man 3 libdpss 2>>man.err >man3.out || fail "man 3 libdpss"
grep -q "OWNERSHIP" man3.out || fail "man 3 libdpss shows no OWNERSHIP"
ok "man dpss ($(wc -l <man1.out) lines), man 3 libdpss ($(wc -l <man3.out) lines)"

# The licence in every package.
for p in $PACKAGES; do
  c=/usr/share/doc/$p/copyright
  grep -q '^License: Expat' "$c" && grep -q 'Permission is hereby granted, free of charge' "$c" ||
    fail "$c does not carry the MIT (Expat) licence"
done
ok "licence (MIT/Expat) in /usr/share/doc/<pkg>/copyright of all $(echo $PACKAGES | wc -w) packages"

# The reference documentation.
grep -q "projectnumber\">\(&#160;\)\?$upstream<" /usr/share/doc/libdpss-doc/html/index.html ||
  fail "the installed reference does not show version $upstream"
test -f /usr/share/doc/libdpss-doc/javadoc/org/libdpss/Policy.html || fail "no Javadoc of Policy"
for f in data-contract.md RULES.md; do # dh_compress gzips the larger ones
  zcat -f "/usr/share/doc/libdpss-doc/$f"* 2>/dev/null | grep -q '^# ' || fail "libdpss-doc has no $f"
done
ok "libdpss-doc: /usr/share/doc/libdpss-doc/html (version $upstream), javadoc/, data-contract.md and RULES.md"

# The JSON Schemas (libdpss-dev): the sample caseload's first record is valid
# against the installed recipient.json (its $refs resolved among the
# installed files), and the same record with pence as a string is not.
/usr/bin/python3 - "$top/examples/data/caseload.jsonl" >schema.out <<'PY' || fail "the installed JSON Schemas"
import glob, json, sys
from jsonschema import Draft202012Validator, RefResolver
files = glob.glob("/usr/share/libdpss/schema/*.json")
store = {s["$id"]: s for s in (json.load(open(f)) for f in files)}
schema = next(s for s in store.values() if s["$id"].endswith("/recipient.json"))
check = Draft202012Validator(schema, resolver=RefResolver(schema["$id"], schema, store=store))
record = json.loads(open(sys.argv[1]).readline())
errors = list(check.iter_errors(record))
assert not errors, errors[0].message
record["funding"][0]["weekly_pence"] = "100"
assert list(check.iter_errors(record)), "a string for pence passed the schema"
print(len(files))
PY
ok "libdpss-dev: $(cat schema.out) JSON Schemas in /usr/share/libdpss/schema/ (a sample recipient valid, a broken one refused)"

# pip against the installed libdpss-dev, in a virtual environment that takes
# setuptools from the system (nothing is downloaded).
mkdir -p pip/bindings
cp -R "$top/bindings/python" "$top/bindings/dpss.i" pip/bindings/
cp "$top/LICENSE" pip/
rm -rf pip/bindings/python/dpss/native.py pip/bindings/python/dpss/_native.so pip/bindings/python/build
/usr/bin/python3 -m venv --system-site-packages venv
venv/bin/python -m pip install -q --no-build-isolation --no-index ./pip/bindings/python >pip.log 2>&1 ||
  { cat pip.log; fail "pip install ./bindings/python"; }
where=$(cd / && "$T/venv/bin/python" -c 'import dpss; print(dpss.__file__)')
case "$where" in
"$T"/venv/*) ;;
*) fail "the venv imported dpss from $where" ;;
esac
(cd / && "$T/venv/bin/python" -c '
import datetime, dpss
d = dpss.evaluate(dpss.Policy.default(), dpss.Recipient.from_dict({"id": "R-1",
    "has_capacity": True, "consents": True, "excluding_order": False}), datetime.date(2026, 11, 22))
assert d.eligibility.status == "eligible", d.eligibility.status
print(dpss.__version__)') >pipv.out || fail "the pip-installed dpss does not work"
ls "$T"/venv/lib/python3*/site-packages/dpss-*.dist-info/LICENSE >/dev/null 2>&1 ||
  fail "the pip-installed dpss carries no licence"
ok "pip install --no-build-isolation ./bindings/python: dpss $(cat pipv.out) in a venv, with its LICENSE"

say "all $checks checks passed; packages in $out"
[ "$purge" = yes ] || say "installed: $PACKAGES (remove with: apt-get purge $PACKAGES)"
