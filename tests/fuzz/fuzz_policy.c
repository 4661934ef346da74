/* SPDX-License-Identifier: MIT */
/* Policies: a policy that loads is written back as JSON that loads again to
 * the same policy (to_json, from_json, to_json gives the same text), its
 * clone writes the same text, and every parameter reads the same on any date
 * (as text; numbers, money and booleans also through dpss_policy_get). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  dpss_policy *p = NULL;
  int rc = dpss_policy_from_json(&p, text);
  if (rc != DPSS_OK) {
    fuzz_failed("dpss_policy_from_json", rc, p);
    free(text);
    return 0;
  }
  char *a, *b, *c;
  FUZZ_WRITE(a, dpss_policy_to_json(p, &a), fuzz_json);
  dpss_policy *again = NULL, *clone = NULL;
  rc = dpss_policy_from_json(&again, a);
  FUZZ_CHECK(rc == DPSS_OK, "a policy written out does not load back (%s: %s): %s",
             dpss_status_name(rc), dpss_error_message(dpss_error_last()), a);
  FUZZ_WRITE(b, dpss_policy_to_json(again, &b), fuzz_json);
  FUZZ_CHECK(strcmp(a, b) == 0, "policy round trip differs\n1: %s\n2: %s", a, b);
  MUST(dpss_policy_clone(&clone, p));
  FUZZ_WRITE(c, dpss_policy_to_json(clone, &c), fuzz_json);
  FUZZ_CHECK(strcmp(a, c) == 0, "policy clone differs\n1: %s\n2: %s", a, c);
  static const char *const days[] = {"0001-01-01", "2013-10-28", "2026-11-22", "9999-12-31"};
  for (size_t i = 0; i < dpss_policy_param_count(); i++)
    for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
      char *t1, *t2;
      const char *name = dpss_policy_param_name(i);
      MUST(dpss_policy_get_text(p, name, fuzz_date(days[k]), &t1));
      MUST(dpss_policy_get_text(again, name, fuzz_date(days[k]), &t2));
      FUZZ_CHECK(strcmp(t1, t2) == 0, "%s on %s: %s, after the round trip %s", name, days[k],
                 t1, t2);
      const char *type = dpss_policy_param_type(i);
      if (strcmp(type, "period") != 0 && strcmp(type, "list") != 0) {
        int64_t v1, v2;
        MUST(dpss_policy_get(p, name, fuzz_date(days[k]), &v1));
        MUST(dpss_policy_get(again, name, fuzz_date(days[k]), &v2));
        FUZZ_CHECK(v1 == v2, "%s on %s: %lld, after the round trip %lld", name, days[k],
                   (long long)v1, (long long)v2);
      }
      dpss_free(t1);
      dpss_free(t2);
    }
  dpss_free(a);
  dpss_free(b);
  dpss_free(c);
  dpss_policy_free(p);
  dpss_policy_free(again);
  dpss_policy_free(clone);
  free(text);
  return 0;
}
