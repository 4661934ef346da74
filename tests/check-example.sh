#!/bin/sh
# SPDX-License-Identifier: MIT
# The C embedding example from README.md builds and gives the documented answer.
set -u
out=$("$top_builddir/examples/c/evaluate_one") || { echo "example failed"; exit 1; }
echo "$out"
echo "$out" | grep -q "eligible: yes, surplus to pay back: £100.00" || exit 1
echo "$out" | grep -q "^  T3  care_manager_review" || exit 1

# A provider's day: routing, a payment, audits.
D="$srcdir/../examples/data"
out=$("$top_builddir/examples/c/provider_day" "$D/network.json" "$D/referrals.jsonl" \
  "$D/caseload.jsonl" 2026-11-22) || { echo "provider_day failed"; exit 1; }
echo "$out"
echo "$out" | grep -q "^routed 60 referrals through P-LEAD, 0 unrouted$" || exit 1
echo "$out" | grep -q "^payment for R-000001 on 2026-12-19: £1,476.00 for 28 days$" || exit 1
echo "$out" | grep -q "^audits overdue: 24$" || exit 1
