/* SPDX-License-Identifier: MIT */
/* A provider's day, embedded in C: route the day's referrals through the
 * lead agent, schedule the payroll month for one recipient, and list the
 * managed-account audits that are due. Built and run by the tests.
 *
 *   provider_day NETWORK.json REFERRALS.jsonl CASELOAD.jsonl YYYY-MM-DD */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dpss.h>

static int fail(const char *what) {
  const dpss_error *e = dpss_error_last();
  fprintf(stderr, "%s: %s (%s)\n", what, dpss_error_message(e),
          dpss_status_name(dpss_error_code(e)));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s NETWORK.json REFERRALS.jsonl CASELOAD.jsonl YYYY-MM-DD\n", argv[0]);
    return 2;
  }
  dpss_date today;
  dpss_network *net = NULL;
  dpss_audits *audits = NULL;
  if (dpss_date_parse(&today, argv[4]))
    return fail("date");
  if (dpss_network_from_file(&net, argv[1], NULL, today))
    return fail(argv[1]);

  /* 1. Route the referrals: one outcome each, with its rules and reason. */
  FILE *f = fopen(argv[2], "r");
  char line[8192];
  int routed = 0, unrouted = 0;
  while (f && fgets(line, sizeof line, f)) {
    dpss_recipient *r = NULL;
    dpss_routing *o = NULL;
    if (dpss_recipient_from_json(&r, line) || dpss_network_route(&o, net, r)) {
      fail("referral");
    } else if (dpss_routing_provider(o)) {
      routed++;
    } else {
      unrouted++;
      printf("unrouted %s: %s\n", dpss_routing_id(o), dpss_routing_because(o));
    }
    dpss_routing_free(o);
    dpss_recipient_free(r);
  }
  if (f)
    fclose(f);
  printf("routed %d referrals through %s, %d unrouted\n", routed, dpss_network_lead(net),
         unrouted);
  for (size_t i = 0; i < dpss_network_provider_count(net); i++)
    printf("  %-8s caseload %lld of %lld\n", dpss_network_provider_id(net, i),
           (long long)dpss_network_provider_caseload(net, i),
           (long long)dpss_network_provider_capacity(net, i));

  /* 2. Payroll: this month's payments for the first recipient of the caseload,
   *    and the audits of managed accounts. */
  dpss_policy *policy = NULL;
  if (dpss_policy_new(&policy) || dpss_audits_new(&audits, policy, today))
    return fail("setup");
  f = fopen(argv[3], "r");
  int first = 1;
  while (f && fgets(line, sizeof line, f)) {
    dpss_recipient *r = NULL;
    if (dpss_recipient_from_json(&r, line)) {
      fail("caseload record");
      continue;
    }
    if (first && dpss_recipient_get_date(r, DPSS_DATE_DP_START) != DPSS_DATE_NONE) {
      dpss_schedule *s = NULL;
      dpss_date month_end;
      dpss_date_add_days(&month_end, today, 30);
      if (dpss_schedule_build(&s, policy, r, today, month_end) == DPSS_OK) {
        for (size_t i = 0; i < dpss_schedule_count(s); i++) {
          char day[DPSS_DATE_BUFSIZE], amount[DPSS_MONEY_BUFSIZE];
          dpss_date_format(day, sizeof day, dpss_schedule_date(s, i));
          dpss_money_format_buf(amount, sizeof amount, dpss_schedule_pence(s, i));
          printf("payment for %s on %s: %s for %d days\n", dpss_schedule_id(s), day, amount,
                 dpss_schedule_days(s, i));
        }
        first = 0;
      }
      dpss_schedule_free(s);
    }
    dpss_audits_add(audits, r);
    dpss_recipient_free(r);
  }
  if (f)
    fclose(f);
  printf("audits overdue: %zu\n", dpss_audits_overdue(audits));
  dpss_audits_free(audits);
  dpss_policy_free(policy);
  dpss_network_free(net);
  return 0;
}
