/* SPDX-License-Identifier: MIT */
/* Embedding libdpss in C: build a recipient field by field, evaluate it
 * under the built-in policy, and print why. Shown in README.md; the tests
 * build and run it. */
#include <stdio.h>

#include <dpss.h>

int main(void) {
  dpss_policy *policy = NULL;
  dpss_recipient *r = NULL;
  dpss_decision *d = NULL;
  dpss_date start, as_of, opened;
  int rc = 1;

  if (dpss_policy_new(&policy) || dpss_recipient_new(&r, "R-000123"))
    goto fail;
  dpss_date_parse(&start, "2026-01-05");
  dpss_date_parse(&as_of, "2026-11-22");
  dpss_date_parse(&opened, "2026-11-01");
  dpss_recipient_set_kind(r, DPSS_KIND_ADULT);
  dpss_recipient_set_fact(r, DPSS_FACT_HAS_CAPACITY, DPSS_TRUE);
  dpss_recipient_set_fact(r, DPSS_FACT_CONSENTS, DPSS_TRUE);
  dpss_recipient_set_fact(r, DPSS_FACT_EXCLUDING_ORDER, DPSS_FALSE);
  dpss_recipient_set_fact(r, DPSS_FACT_CONSIDERING_EMPLOYING_PAS, DPSS_TRUE);
  dpss_recipient_set_funding(r, DPSS_SOURCE_SOCIAL_CARE, 45000); /* £450 a week */
  dpss_recipient_set_funding(r, DPSS_SOURCE_HEALTH, 5000);
  dpss_recipient_set_date(r, DPSS_DATE_DP_START, start);
  dpss_recipient_set_balance(r, as_of, 310000, 0); /* £3,100 */
  dpss_recipient_add_issue(r, "I-1", opened, DPSS_DATE_NONE);

  if (dpss_evaluate(&d, policy, r, as_of))
    goto fail;
  char excess[DPSS_MONEY_BUFSIZE];
  dpss_money_format_buf(excess, sizeof excess, dpss_decision_excess_pence(d));
  printf("eligible: %s, surplus to pay back: %s\n",
         dpss_decision_eligibility(d) == DPSS_ELIGIBLE ? "yes" : "no", excess);
  for (size_t i = 0; i < dpss_decision_trace_count(d); i++) {
    char *because = NULL;
    if (dpss_decision_trace_because(d, i, &because) == DPSS_OK)
      printf("  %-3s %-24s %s\n", dpss_decision_trace_rule(d, i),
             dpss_decision_trace_outcome(d, i), because);
    dpss_free(because);
  }
  rc = 0;
  goto done;
fail:
  fprintf(stderr, "error: %s\n", dpss_error_message(dpss_error_last()));
done:
  dpss_decision_free(d);
  dpss_recipient_free(r);
  dpss_policy_free(policy);
  return rc;
}
