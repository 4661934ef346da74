#!/bin/sh
# The C embedding example from README.md builds and gives the documented answer.
set -u
out=$("$top_builddir/examples/c/evaluate_one") || { echo "example failed"; exit 1; }
echo "$out"
echo "$out" | grep -q "eligible: yes, surplus to pay back: £100.00" || exit 1
echo "$out" | grep -q "^  T3  care_manager_review" || exit 1
