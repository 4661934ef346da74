#!/bin/sh
# SPDX-License-Identifier: MIT
# The rule reference is kept true by the build: every rule id of the table in
# libdpss/rules.c has library code that applies it and shared cases that test
# it, every rule id a case names exists, and docs/rules.md is up to date.
set -u
PY=${PYTHON:-python3}
command -v "$PY" >/dev/null 2>&1 || PY=python3
exec "$PY" "$srcdir/../build-aux/rules-doc.py" --check
