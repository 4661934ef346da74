#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python binding's tests (pytest, Debian's, run as $PYTHON -m pytest).
set -u
if [ "${BUILD_PYTHON:-no}" != yes ]; then echo "Python binding not built"; exit 77; fi
if ! "$PYTHON" -c 'import pytest' 2>/dev/null; then echo "pytest not installed for $PYTHON"; exit 77; fi
PYTHONPATH="$top_builddir/bindings/python" DPSS_TOOL="$top_builddir/examples/cli/dpss" \
  "$PYTHON" -m pytest -q -p no:cacheprovider "$srcdir/python"
rc=$?
# 5: no tests collected, which must not pass.
[ $rc -eq 5 ] && { echo "no Python tests ran"; exit 1; }
exit $rc
