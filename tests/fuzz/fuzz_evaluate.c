/* SPDX-License-Identifier: MIT */
/* A record that loads is evaluated (built-in policy, and a dated policy that
 * pays monthly on the gross basis) on three dates, and every writer runs on
 * the result: the decision (valid JSON, its trace the same as the
 * accessors give), each trace reason, the summary, the payment schedule and
 * totals, the routing, the transition plan, the market, the audits and the
 * return. Each writes valid JSON (or JSON Lines), and evaluating into a
 * reused decision gives the same JSON as a new one. */
#include "fuzz.h"

static void check_decision(const dpss_decision *d, const char *json) {
  json_t *v = json_loads(json, JSON_REJECT_DUPLICATES, NULL);
  FUZZ_CHECK(v != NULL, "decision JSON does not parse: %s", json);
  json_t *trace = json_object_get(v, "trace");
  FUZZ_CHECK(json_array_size(trace) == dpss_decision_trace_count(d), "trace length");
  for (size_t i = 0; i < dpss_decision_trace_count(d); i++) {
    json_t *t = json_array_get(trace, i);
    char *because;
    MUST(dpss_decision_trace_because(d, i, &because));
    FUZZ_CHECK(strcmp(json_string_value(json_object_get(t, "rule")),
                      dpss_decision_trace_rule(d, i)) == 0, "trace rule %zu", i);
    FUZZ_CHECK(strcmp(json_string_value(json_object_get(t, "outcome")),
                      dpss_decision_trace_outcome(d, i)) == 0, "trace outcome %zu", i);
    FUZZ_CHECK(strcmp(json_string_value(json_object_get(t, "because")), because) == 0,
               "trace because %zu: %s", i, because);
    FUZZ_CHECK(dpss_decision_applied(d, dpss_decision_trace_rule(d, i)), "applied");
    dpss_free(because);
  }
  FUZZ_CHECK(strcmp(json_string_value(json_object_get(v, "id")), dpss_decision_id(d)) == 0,
             "decision id");
  for (size_t i = 0; i < dpss_decision_missing_count(d); i++)
    FUZZ_CHECK(dpss_decision_missing(d, i) != NULL, "missing %zu", i);
  for (size_t i = 0; i < dpss_decision_escalation_count(d); i++)
    FUZZ_CHECK(dpss_decision_escalation_issue(d, i) != NULL, "escalation %zu", i);
  json_decref(v);
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
  dpss_policy *dated = NULL;
  dpss_network *net = NULL;
  dpss_framework *fw = NULL;
  dpss_decision *reused = NULL;
  dpss_summary *sum = NULL;
  MUST(dpss_policy_from_json(&dated, FUZZ_POLICY));
  MUST(dpss_network_from_json(&net, FUZZ_NETWORK, NULL, fuzz_date("2026-11-22")));
  MUST(dpss_framework_from_json(&fw, FUZZ_FRAMEWORK));
  MUST(dpss_decision_new(&reused));
  MUST(dpss_summary_new(&sum));
  const dpss_policy *policies[] = {NULL, dated};
  static const char *const dates[] = {"2026-11-22", "2027-04-01", "2000-02-29"};
  char *j;
  for (size_t p = 0; p < 2; p++) {
    dpss_policy *pol = NULL;
    if (policies[p])
      MUST(dpss_policy_clone(&pol, policies[p]));
    else
      MUST(dpss_policy_new(&pol));
    for (size_t k = 0; k < 3; k++) {
      dpss_date as_of = fuzz_date(dates[k]);
      dpss_decision *d = NULL;
      rc = dpss_evaluate(&d, pol, r, as_of);
      if (rc != DPSS_OK) {
        fuzz_failed("dpss_evaluate", rc, d);
        FUZZ_CHECK(rc == DPSS_EOVERFLOW, "dpss_evaluate failed with %s: %s",
                   dpss_status_name(rc), dpss_error_message(dpss_error_last()));
        continue;
      }
      FUZZ_WRITE(j, dpss_decision_to_json(d, &j), fuzz_json);
      check_decision(d, j);
      MUST(dpss_evaluate_into(reused, pol, r, as_of));
      char *j2;
      MUST(dpss_decision_to_json(reused, &j2));
      FUZZ_CHECK(strcmp(j, j2) == 0, "evaluate_into differs from evaluate\n1: %s\n2: %s", j, j2);
      dpss_free(j2);
      dpss_free(j);
      rc = dpss_summary_add(sum, d); /* the same record again and again may overflow */
      FUZZ_CHECK(rc == DPSS_OK || rc == DPSS_EOVERFLOW, "dpss_summary_add: %s",
                 dpss_status_name(rc));
      dpss_decision_free(d);
    }
    /* Payments over two years, and their totals. */
    dpss_schedule *s = NULL;
    rc = dpss_schedule_build(&s, pol, r, fuzz_date("2026-01-01"), fuzz_date("2027-12-31"));
    if (rc == DPSS_OK) {
      dpss_totals *t = NULL, *t2 = NULL;
      FUZZ_WRITE(j, dpss_schedule_to_json(s, &j), fuzz_json);
      dpss_free(j);
      MUST(dpss_totals_new(&t, fuzz_date("2026-01-01"), fuzz_date("2027-12-31")));
      MUST(dpss_totals_new(&t2, fuzz_date("2026-01-01"), fuzz_date("2027-12-31")));
      if (dpss_totals_add(t, s) == DPSS_OK && dpss_totals_merge(t2, t) == DPSS_OK)
        FUZZ_CHECK(dpss_totals_pence(t) == dpss_totals_pence(t2), "merged totals differ");
      FUZZ_WRITE(j, dpss_totals_to_json(t2, &j), fuzz_json);
      dpss_free(j);
      MUST(dpss_totals_to_text(t2, &j));
      dpss_free(j);
      dpss_totals_free(t);
      dpss_totals_free(t2);
      dpss_schedule_free(s);
    } else {
      fuzz_failed("dpss_schedule_build", rc, s);
    }
    /* Audits, the return. */
    dpss_audits *au = NULL;
    dpss_return *ret = NULL;
    MUST(dpss_audits_new(&au, pol, fuzz_date("2026-11-22")));
    MUST(dpss_audits_add(au, r));
    FUZZ_WRITE(j, dpss_audits_to_jsonl(au, &j), fuzz_jsonl);
    dpss_free(j);
    MUST(dpss_return_new(&ret, pol, fuzz_date("2026-04-01"), fuzz_date("2027-03-31"), NULL));
    if (dpss_return_add(ret, r) == DPSS_OK) {
      MUST(dpss_return_add_spend(ret, fw));
      FUZZ_WRITE(j, dpss_return_to_json(ret, &j), fuzz_json);
      dpss_free(j);
      MUST(dpss_return_to_text(ret, &j));
      dpss_free(j);
    }
    dpss_audits_free(au);
    dpss_return_free(ret);
    dpss_policy_free(pol);
  }
  FUZZ_WRITE(j, dpss_summary_to_json(sum, &j), fuzz_json);
  dpss_free(j);
  MUST(dpss_summary_to_text(sum, &j));
  dpss_free(j);

  /* Routing, transition, market. */
  dpss_routing *o = NULL;
  dpss_transition *tr = NULL;
  dpss_market *m = NULL;
  MUST(dpss_network_route(&o, net, r));
  FUZZ_WRITE(j, dpss_routing_to_json(o, &j), fuzz_json);
  dpss_free(j);
  MUST(dpss_transition_new(&tr, net, NULL, fuzz_date("2027-04-01")));
  MUST(dpss_transition_add(tr, r));
  MUST(dpss_transition_add(tr, r));
  FUZZ_WRITE(j, dpss_transition_to_jsonl(tr, &j), fuzz_jsonl);
  dpss_free(j);
  MUST(dpss_market_new(&m, net, NULL, fuzz_date("2026-11-22")));
  MUST(dpss_market_add(m, r));
  FUZZ_WRITE(j, dpss_market_to_json(m, &j), fuzz_json);
  dpss_free(j);
  MUST(dpss_market_to_text(m, &j));
  dpss_free(j);

  dpss_routing_free(o);
  dpss_transition_free(tr);
  dpss_market_free(m);
  dpss_summary_free(sum);
  dpss_decision_free(reused);
  dpss_framework_free(fw);
  dpss_network_free(net);
  dpss_policy_free(dated);
  dpss_recipient_free(r);
  return 0;
}
