#!/bin/sh
# SPDX-License-Identifier: MIT
# Every allocation in the library goes through dpss__malloc & co. (alloc.c),
# so that a failure is reported and the fault-injection test reaches it.
set -u
top="$srcdir/.."
bad=$(grep -n -E '(^|[^_a-z.])(malloc|calloc|realloc|strdup|strndup|asprintf|getline)\(' \
  "$top"/libdpss/*.c | grep -v '^[^:]*/alloc\.c:')
if [ -n "$bad" ]; then
  echo "library code that allocates without dpss__malloc & co.:"; echo "$bad"; exit 1
fi
echo "every allocation in libdpss/ goes through alloc.c"
