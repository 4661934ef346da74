/* SPDX-License-Identifier: MIT */
/* Payment schedules (B1-B5) of a record that loads, under the built-in
 * policy (four-weekly, net) and a dated one (monthly from 2026-06-01, gross),
 * over a year and over eleven: the JSON is valid, every payment's streams add
 * up to its amount to the penny (B4), days are positive and dates rise, the
 * totals of the schedule equal the sum of its payments, and merging totals
 * gives the same figures. */
#include "fuzz.h"

static void check(const dpss_policy *pol, const dpss_recipient *r, const char *from,
                  const char *to) {
  dpss_schedule *s = NULL;
  int rc = dpss_schedule_build(&s, pol, r, fuzz_date(from), fuzz_date(to));
  if (rc != DPSS_OK) {
    fuzz_failed("dpss_schedule_build", rc, s);
    FUZZ_CHECK(rc == DPSS_EOVERFLOW, "dpss_schedule_build: %s: %s", dpss_status_name(rc),
               dpss_error_message(dpss_error_last()));
    return;
  }
  char *j;
  FUZZ_WRITE(j, dpss_schedule_to_json(s, &j), fuzz_json);
  dpss_free(j);
  int64_t sum = 0;
  bool overflow = false;
  dpss_date last = DPSS_DATE_NONE;
  for (size_t i = 0; i < dpss_schedule_count(s); i++) {
    int64_t pence = dpss_schedule_pence(s, i);
    int64_t parts = dpss_schedule_stream_pence(s, i, DPSS_SOURCE_SOCIAL_CARE) +
                    dpss_schedule_stream_pence(s, i, DPSS_SOURCE_HEALTH);
    FUZZ_CHECK(parts == pence, "payment %zu of %lld pence split into %lld", i,
               (long long)pence, (long long)parts);
    FUZZ_CHECK(dpss_schedule_days(s, i) > 0, "payment %zu covers no day", i);
    FUZZ_CHECK(last == DPSS_DATE_NONE || dpss_schedule_date(s, i) > last,
               "payment dates do not rise");
    FUZZ_CHECK(dpss_schedule_date(s, i) >= fuzz_date(from) &&
                   dpss_schedule_date(s, i) <= fuzz_date(to),
               "payment outside the range");
    last = dpss_schedule_date(s, i);
    overflow |= __builtin_add_overflow(sum, pence, &sum);
  }
  dpss_totals *t = NULL, *t2 = NULL;
  MUST(dpss_totals_new(&t, fuzz_date(from), fuzz_date(to)));
  MUST(dpss_totals_new(&t2, fuzz_date(from), fuzz_date(to)));
  rc = dpss_totals_add(t, s);
  if (rc == DPSS_OK) {
    FUZZ_CHECK(!overflow && dpss_totals_pence(t) == sum, "totals %lld, payments add to %lld",
               (long long)dpss_totals_pence(t), (long long)sum);
    MUST(dpss_totals_merge(t2, t));
    char *a, *b;
    FUZZ_WRITE(a, dpss_totals_to_json(t, &a), fuzz_json);
    FUZZ_WRITE(b, dpss_totals_to_json(t2, &b), fuzz_json);
    FUZZ_CHECK(strcmp(a, b) == 0, "merged totals differ\n1: %s\n2: %s", a, b);
    dpss_free(a);
    dpss_free(b);
  } else {
    FUZZ_CHECK(rc == DPSS_EOVERFLOW, "dpss_totals_add: %s", dpss_status_name(rc));
  }
  dpss_totals_free(t);
  dpss_totals_free(t2);
  dpss_schedule_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  dpss_recipient *r = NULL;
  int rc = dpss_recipient_from_json(&r, text);
  free(text);
  if (rc != DPSS_OK) {
    fuzz_failed("dpss_recipient_from_json", rc, r);
    return 0;
  }
  dpss_policy *builtin = NULL, *dated = NULL;
  MUST(dpss_policy_new(&builtin));
  MUST(dpss_policy_from_json(&dated, FUZZ_POLICY));
  check(builtin, r, "2026-01-01", "2026-12-31");
  check(dated, r, "2026-01-01", "2026-12-31");
  check(dated, r, "2020-02-29", "2030-12-31");
  dpss_policy_free(builtin);
  dpss_policy_free(dated);
  dpss_recipient_free(r);
  return 0;
}
