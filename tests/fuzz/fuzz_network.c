/* SPDX-License-Identifier: MIT */
/* Provider networks: a network that loads (N1 checked) is written back as
 * JSON that loads again to the same text, and so is its clone; referrals
 * route through it (every routing written as valid JSON, a provider chosen
 * only while it has room), the transition plan and the market report are
 * valid JSON. */
#include "fuzz.h"

static const char *const REFERRALS[] = {
    "{\"id\":\"R-1\",\"kind\":\"adult\",\"bank_account\":true,\"specialist_needs\":"
    "[\"sensory_impairment\",\"dementia\"],\"funding\":[{\"source\":\"social_care\","
    "\"weekly_pence\":30000},{\"source\":\"health\",\"weekly_pence\":5000}]}",
    "{\"id\":\"R-2\",\"bank_account\":false,\"card_suitable\":false,\"risk\":\"high\","
    "\"existing_arrangement\":{\"provider\":\"P-DEM\",\"successful\":true}}",
    "{\"id\":\"R-3\",\"requested_provider\":\"P-SENS\",\"payment_method\":\"managed_account\","
    "\"support\":{\"tier\":\"start_up\",\"since\":\"2026-01-05\",\"provider\":\"P-LEAD\"},"
    "\"last_review\":\"2026-02-01\"}",
};

static void exercise(dpss_network *n, const dpss_policy *policy) {
  char *a, *b, *c;
  FUZZ_WRITE(a, dpss_network_to_json(n, &a), fuzz_json);
  dpss_network *again = NULL, *clone = NULL;
  int rc = dpss_network_from_json(&again, a, policy, fuzz_date("2026-11-22"));
  FUZZ_CHECK(rc == DPSS_OK, "a network written out does not load back (%s): %s",
             dpss_error_message(dpss_error_last()), a);
  FUZZ_WRITE(b, dpss_network_to_json(again, &b), fuzz_json);
  FUZZ_CHECK(strcmp(a, b) == 0, "network round trip differs\n1: %s\n2: %s", a, b);
  MUST(dpss_network_clone(&clone, n));
  FUZZ_WRITE(c, dpss_network_to_json(clone, &c), fuzz_json);
  FUZZ_CHECK(strcmp(a, c) == 0, "network clone differs");

  dpss_transition *t = NULL;
  dpss_market *m = NULL;
  MUST(dpss_transition_new(&t, n, policy, fuzz_date("2027-04-01")));
  MUST(dpss_market_new(&m, n, policy, fuzz_date("2026-11-22")));
  for (size_t i = 0; i < sizeof REFERRALS / sizeof REFERRALS[0]; i++) {
    dpss_recipient *r = NULL;
    dpss_routing *o = NULL;
    char *j;
    MUST(dpss_recipient_from_json(&r, REFERRALS[i]));
    size_t count = dpss_network_provider_count(clone);
    int64_t before[64];
    for (size_t k = 0; k < count && k < 64; k++)
      before[k] = dpss_network_provider_caseload(clone, k);
    MUST(dpss_network_route(&o, clone, r));
    FUZZ_WRITE(j, dpss_routing_to_json(o, &j), fuzz_json);
    const char *chosen = dpss_routing_provider(o);
    for (size_t k = 0; chosen && k < count && k < 64; k++)
      if (strcmp(dpss_network_provider_id(clone, k), chosen) == 0)
        FUZZ_CHECK(before[k] < dpss_network_provider_capacity(clone, k),
                   "routed to %s, which had no room", chosen);
    MUST(dpss_transition_add(t, r));
    MUST(dpss_market_add(m, r));
    dpss_free(j);
    dpss_routing_free(o);
    dpss_recipient_free(r);
  }
  char *tj, *mj, *mt;
  FUZZ_WRITE(tj, dpss_transition_to_jsonl(t, &tj), fuzz_jsonl);
  FUZZ_WRITE(mj, dpss_market_to_json(m, &mj), fuzz_json);
  MUST(dpss_market_to_text(m, &mt));
  dpss_free(tj);
  dpss_free(mj);
  dpss_free(mt);
  dpss_transition_free(t);
  dpss_market_free(m);
  dpss_free(a);
  dpss_free(b);
  dpss_free(c);
  dpss_network_free(again);
  dpss_network_free(clone);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  dpss_policy *lenient = NULL;
  MUST(dpss_policy_from_json(&lenient, FUZZ_POLICY)); /* min_associates 1 */
  const dpss_policy *policies[] = {NULL, lenient};
  for (size_t i = 0; i < 2; i++) {
    dpss_network *n = NULL;
    int rc = dpss_network_from_json(&n, text, policies[i], fuzz_date("2026-11-22"));
    if (rc != DPSS_OK) {
      fuzz_failed("dpss_network_from_json", rc, n);
      continue;
    }
    exercise(n, policies[i]);
    dpss_network_free(n);
  }
  dpss_policy_free(lenient);
  free(text);
  return 0;
}
