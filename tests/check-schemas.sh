#!/bin/sh
# SPDX-License-Identifier: MIT
# The JSON Schemas in schema/: valid draft 2020-12, documented, matched by
# every sample, test input, documented example and tool output, and in
# agreement with the loaders (tests/check_schemas.py says how). Needs
# Debian's python3-jsonschema under /usr/bin/python3; skipped without it.
set -u
PY=/usr/bin/python3
top=$(cd "${srcdir:-$(dirname "$0")}/.." && pwd)
if ! "$PY" -c 'from jsonschema import Draft202012Validator' 2>/dev/null; then
  echo "check-schemas: $PY cannot import jsonschema (apt-get install python3-jsonschema): skipped"
  exit 77
fi
exec "$PY" "$top/tests/check_schemas.py" --srcdir "$top" --builddir "${top_builddir:-$top/_build}"
