/* SPDX-License-Identifier: MIT */
/* Payment schedules (B1-B5) and caseload totals, at their boundaries. */
#include "helpers.h"

static dpss_policy *policy;

static int setup(void **state) {
  (void)state;
  return dpss_policy_new(&policy);
}

static int teardown(void **state) {
  (void)state;
  dpss_policy_free(policy);
  return 0;
}

static dpss_schedule *sched_with(const dpss_policy *p, const char *json, const char *from,
                                 const char *to) {
  dpss_recipient *r;
  dpss_schedule *s = NULL;
  if (dpss_recipient_from_json(&r, json))
    fail_msg("bad test record: %s", dpss_error_message(dpss_error_last()));
  int rc = dpss_schedule_build(&s, p, r, D(from), D(to));
  if (rc)
    fail_msg("schedule: %s", dpss_error_message(dpss_error_last()));
  dpss_recipient_free(r);
  return s;
}

static dpss_schedule *sched(const char *json, const char *from, const char *to) {
  return sched_with(policy, json, from, to);
}

static void assert_parts_add_up(const dpss_schedule *s) {
  for (size_t i = 0; i < dpss_schedule_count(s); i++)
    assert_int_equal(dpss_schedule_stream_pence(s, i, DPSS_SOURCE_SOCIAL_CARE) +
                         dpss_schedule_stream_pence(s, i, DPSS_SOURCE_HEALTH),
                     dpss_schedule_pence(s, i));
}

#define JOINT "\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":45000}," \
              "{\"source\":\"health\",\"weekly_pence\":5000}]"

static void test_contract_example(void **state) {
  (void)state;
  dpss_schedule *s = sched("{\"id\":\"R-000123\"," JOINT ",\"dp_start\":\"2026-01-05\","
                           "\"dp_end\":\"2026-02-11\",\"contribution_weekly_pence\":2000}",
                           "2026-01-01", "2026-12-31");
  assert_int_equal(dpss_schedule_basis(s), DPSS_BASIS_NET);
  assert_int_equal(dpss_schedule_weekly_pence(s), 50000);
  assert_int_equal(dpss_schedule_contribution_weekly_pence(s), 2000);
  assert_int_equal(dpss_schedule_council_weekly_pence(s), 48000);
  assert_int_equal(dpss_schedule_count(s), 2);
  assert_int_equal(dpss_schedule_date(s, 0), D("2026-01-05"));
  assert_int_equal(dpss_schedule_days(s, 0), 28);
  assert_int_equal(dpss_schedule_pence(s, 0), 192000);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_SOCIAL_CARE), 172000);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_HEALTH), 20000);
  /* Cut short by dp_end: 10 days, 48000 x 10 / 7 = 68571.43 -> 68571. */
  assert_int_equal(dpss_schedule_date(s, 1), D("2026-02-02"));
  assert_int_equal(dpss_schedule_days(s, 1), 10);
  assert_int_equal(dpss_schedule_pence(s, 1), 68571);
  /* 61428.9 and 7142.8 round down to 61428 + 7142; the penny left goes to
   * social care, the largest stream. */
  assert_int_equal(dpss_schedule_stream_pence(s, 1, DPSS_SOURCE_SOCIAL_CARE), 61429);
  assert_int_equal(dpss_schedule_stream_pence(s, 1, DPSS_SOURCE_HEALTH), 7142);
  assert_int_equal(dpss_schedule_contribution_pence(s, 0), 8000);
  assert_int_equal(dpss_schedule_contribution_pence(s, 1), 2857);
  char *json;
  assert_int_equal(dpss_schedule_to_json(s, &json), DPSS_OK);
  assert_non_null(strstr(json, "{\"date\":\"2026-02-02\",\"days\":10,\"pence\":68571,"
                               "\"streams\":{\"social_care\":61429,\"health\":7142}"));
  dpss_free(json);
  dpss_schedule_free(s);
}

static void test_listing_includes_both_ends(void **state) {
  (void)state;
  const char *json = "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\","
                     "\"weekly_pence\":7000}],\"dp_start\":\"2026-01-05\"}";
  dpss_schedule *s = sched(json, "2026-02-02", "2026-03-02");
  assert_int_equal(dpss_schedule_count(s), 2); /* 2 Feb and 2 Mar */
  assert_int_equal(dpss_schedule_date(s, 0), D("2026-02-02"));
  assert_int_equal(dpss_schedule_date(s, 1), D("2026-03-02"));
  dpss_schedule_free(s);
  s = sched(json, "2026-02-03", "2026-03-01");
  assert_int_equal(dpss_schedule_count(s), 0);
  dpss_schedule_free(s);
  /* dp_end on the last day of a period: a whole period, not pro rata. */
  s = sched("{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":7001}],"
            "\"dp_start\":\"2026-01-05\",\"dp_end\":\"2026-02-01\"}", "2026-01-01", "2026-12-31");
  assert_int_equal(dpss_schedule_count(s), 1);
  assert_int_equal(dpss_schedule_days(s, 0), 28);
  assert_int_equal(dpss_schedule_pence(s, 0), 28004);
  dpss_schedule_free(s);
  /* A one-day last period. */
  s = sched("{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":7001}],"
            "\"dp_start\":\"2026-01-05\",\"dp_end\":\"2026-02-02\"}", "2026-01-01", "2026-12-31");
  assert_int_equal(dpss_schedule_count(s), 2);
  assert_int_equal(dpss_schedule_days(s, 1), 1);
  assert_int_equal(dpss_schedule_pence(s, 1), 1000); /* 7001 / 7 = 1000.14 */
  dpss_schedule_free(s);
}

static void test_contribution_at_or_above_payment(void **state) {
  (void)state;
  dpss_schedule *s = sched("{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\","
                           "\"weekly_pence\":20000}],\"contribution_weekly_pence\":20000,"
                           "\"dp_start\":\"2026-01-05\"}", "2026-01-01", "2026-02-28");
  assert_int_equal(dpss_schedule_council_weekly_pence(s), 0);
  assert_int_equal(dpss_schedule_pence(s, 0), 0);
  assert_int_equal(dpss_schedule_contribution_pence(s, 0), 80000);
  dpss_schedule_free(s);
  s = sched("{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":20000}],"
            "\"contribution_weekly_pence\":25000,\"dp_start\":\"2026-01-05\"}",
            "2026-01-01", "2026-02-28");
  assert_int_equal(dpss_schedule_pence(s, 0), 0);
  dpss_schedule_free(s);
  /* NHS care is not charged: the health stream is still paid. */
  s = sched("{\"id\":\"R-1\"," JOINT ",\"contribution_weekly_pence\":60000,"
            "\"dp_start\":\"2026-01-05\"}", "2026-01-01", "2026-01-31");
  assert_int_equal(dpss_schedule_council_weekly_pence(s), 5000);
  assert_int_equal(dpss_schedule_pence(s, 0), 20000);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_HEALTH), 20000);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_SOCIAL_CARE), 0);
  dpss_schedule_free(s);
}

static void test_gross_basis_invoices_contribution(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_clone(&p, policy), DPSS_OK);
  assert_int_equal(dpss_policy_set(p, "payment_basis=gross"), DPSS_OK);
  dpss_schedule *s = sched_with(p, "{\"id\":\"R-1\"," JOINT ",\"contribution_weekly_pence\":2000,"
                                   "\"dp_start\":\"2026-01-05\"}", "2026-01-01", "2026-01-31");
  assert_int_equal(dpss_schedule_basis(s), DPSS_BASIS_GROSS);
  assert_int_equal(dpss_schedule_council_weekly_pence(s), 50000);
  assert_int_equal(dpss_schedule_pence(s, 0), 200000);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_SOCIAL_CARE), 180000);
  assert_int_equal(dpss_schedule_contribution_pence(s, 0), 8000);
  dpss_schedule_free(s);
  dpss_policy_free(p);
}

static void test_split_pennies_always_add_up(void **state) {
  (void)state;
  for (int sc = 1; sc < 4000; sc += 37)
    for (int h = 1; h < 3000; h += 53) {
      char json[512];
      snprintf(json, sizeof json,
               "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":%d},"
               "{\"source\":\"health\",\"weekly_pence\":%d}],\"dp_start\":\"2026-01-05\","
               "\"dp_end\":\"2026-02-04\",\"contribution_weekly_pence\":%d}",
               sc, h, sc % 5);
      dpss_schedule *s = sched(json, "2026-01-01", "2026-03-01");
      assert_int_equal(dpss_schedule_count(s), 2);
      assert_parts_add_up(s);
      dpss_schedule_free(s);
    }
  /* Three pennies to share 1:1 -> 1 each, the odd one to social care (tie). */
  dpss_schedule *s = sched("{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\",\"weekly_pence\":7},"
                           "{\"source\":\"social_care\",\"weekly_pence\":7}],"
                           "\"dp_start\":\"2026-01-05\",\"dp_end\":\"2026-01-05\"}",
                           "2026-01-01", "2026-01-31");
  assert_int_equal(dpss_schedule_pence(s, 0), 2);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_SOCIAL_CARE), 1);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_HEALTH), 1);
  dpss_schedule_free(s);
  s = sched("{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":1},"
            "{\"source\":\"health\",\"weekly_pence\":2}],"
            "\"dp_start\":\"2026-01-05\",\"dp_end\":\"2026-01-06\"}", "2026-01-01", "2026-01-31");
  /* 3 x 2 / 7 = 0.86 -> 1 penny; parts 0 and 0, the penny to health (largest). */
  assert_int_equal(dpss_schedule_pence(s, 0), 1);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_HEALTH), 1);
  assert_int_equal(dpss_schedule_stream_pence(s, 0, DPSS_SOURCE_SOCIAL_CARE), 0);
  dpss_schedule_free(s);
}

static void test_monthly_calendar_and_leap_february(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_clone(&p, policy), DPSS_OK);
  assert_int_equal(dpss_policy_set(p, "payment_frequency=monthly"), DPSS_OK);
  dpss_schedule *s = sched_with(p, "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\","
                                   "\"weekly_pence\":7000}],\"dp_start\":\"2028-01-20\"}",
                                "2028-01-01", "2028-04-30");
  assert_int_equal(dpss_schedule_count(s), 4);
  /* Cut short by the start: 20 to 31 January, 12 days, paid on the 20th. */
  assert_int_equal(dpss_schedule_date(s, 0), D("2028-01-20"));
  assert_int_equal(dpss_schedule_days(s, 0), 12);
  assert_int_equal(dpss_schedule_pence(s, 0), 12000);
  /* Leap February: 29 days. */
  assert_int_equal(dpss_schedule_date(s, 1), D("2028-02-01"));
  assert_int_equal(dpss_schedule_days(s, 1), 29);
  assert_int_equal(dpss_schedule_pence(s, 1), 29000);
  assert_int_equal(dpss_schedule_days(s, 2), 31);
  assert_int_equal(dpss_schedule_days(s, 3), 30);
  dpss_schedule_free(s);
  s = sched_with(p, "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\","
                    "\"weekly_pence\":7000}],\"dp_start\":\"2027-01-01\"}",
                 "2027-02-01", "2027-02-28");
  assert_int_equal(dpss_schedule_days(s, 0), 28);
  assert_int_equal(dpss_schedule_pence(s, 0), 28000);
  dpss_schedule_free(s);
  dpss_policy_free(p);
}

static void test_policy_changes_on_a_date(void **state) {
  (void)state;
  dpss_policy *p;
  /* From 2026-03-01 payments are monthly: the four-weekly period running then
   * ends as it was paid, and the next period is the rest of its month. */
  assert_int_equal(dpss_policy_from_json(&p, "{\"id\":\"x\",\"parameters\":{"
                                              "\"payment_frequency\":[{\"from\":\"2026-03-01\","
                                              "\"value\":\"monthly\"}]}}"),
                   DPSS_OK);
  dpss_schedule *s = sched_with(p, "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\","
                                   "\"weekly_pence\":7000}],\"dp_start\":\"2026-01-05\"}",
                                "2026-01-01", "2026-05-31");
  assert_int_equal(dpss_schedule_date(s, 0), D("2026-01-05"));
  assert_int_equal(dpss_schedule_date(s, 1), D("2026-02-02"));
  assert_int_equal(dpss_schedule_days(s, 1), 28);
  assert_int_equal(dpss_schedule_date(s, 2), D("2026-03-02")); /* monthly now: to 31 March */
  assert_int_equal(dpss_schedule_days(s, 2), 30);
  assert_int_equal(dpss_schedule_pence(s, 2), 30000);
  assert_int_equal(dpss_schedule_date(s, 3), D("2026-04-01"));
  assert_int_equal(dpss_schedule_days(s, 3), 30);
  dpss_schedule_free(s);
  dpss_policy_free(p);
  /* Interval change: two-weekly from 2026-02-02. */
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_policy_set_from(p, "payment_interval_weeks", D("2026-02-02"), 2), DPSS_OK);
  s = sched_with(p, "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\","
                    "\"weekly_pence\":7000}],\"dp_start\":\"2026-01-05\"}",
                 "2026-01-01", "2026-03-01");
  assert_int_equal(dpss_schedule_count(s), 3);
  assert_int_equal(dpss_schedule_pence(s, 0), 28000);
  assert_int_equal(dpss_schedule_date(s, 1), D("2026-02-02"));
  assert_int_equal(dpss_schedule_pence(s, 1), 14000);
  assert_int_equal(dpss_schedule_date(s, 2), D("2026-02-16"));
  dpss_schedule_free(s);
  dpss_policy_free(p);
}

/* A purpose of 200 characters (400 bytes of UTF-8) comes through a schedule
 * whole: the schedule never cuts free text (it used to keep 64 bytes). */
static void test_long_purpose_is_kept_whole(void **state) {
  (void)state;
  char purpose[401], json[1024];
  for (int i = 0; i < 200; i++)
    memcpy(purpose + 2 * i, "\xc3\xa9", 2);
  purpose[400] = '\0';
  snprintf(json, sizeof json,
           "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":7000}],"
           "\"dp_start\":\"2026-01-05\",\"one_off_payments\":[{\"date\":\"2026-01-10\","
           "\"pence\":45000,\"purpose\":\"%s\"}]}", purpose);
  dpss_schedule *s = sched(json, "2026-01-01", "2026-01-31");
  char *out, want[512];
  assert_int_equal(dpss_schedule_to_json(s, &out), DPSS_OK);
  snprintf(want, sizeof want, "\"purpose\":\"%s\"}", purpose);
  assert_non_null(strstr(out, want));
  dpss_free(out);
  dpss_schedule_free(s);
}

static void test_one_offs_apart_and_no_start(void **state) {
  (void)state;
  dpss_schedule *s = sched("{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\","
                           "\"weekly_pence\":7000}],\"dp_start\":\"2026-01-05\","
                           "\"one_off_payments\":[{\"date\":\"2026-01-10\",\"pence\":45000,"
                           "\"purpose\":\"equipment\"},{\"date\":\"2027-01-10\",\"pence\":1}]}",
                           "2026-01-01", "2026-01-31");
  assert_int_equal(dpss_schedule_weekly_pence(s), 7000);
  assert_int_equal(dpss_schedule_count(s), 1);
  assert_int_equal(dpss_schedule_one_off_pence(s), 45000);
  char *json;
  assert_int_equal(dpss_schedule_to_json(s, &json), DPSS_OK);
  assert_non_null(strstr(json, "\"one_off_payments\":[{\"date\":\"2026-01-10\",\"pence\":45000,"
                               "\"purpose\":\"equipment\"}],\"one_off_pence\":45000"));
  dpss_free(json);
  dpss_schedule_free(s);
  s = sched("{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":7000}]}",
            "2026-01-01", "2026-12-31");
  assert_int_equal(dpss_schedule_count(s), 0);
  dpss_schedule_free(s);
}

static void test_schedule_errors(void **state) {
  (void)state;
  dpss_recipient *r;
  dpss_schedule *s = (dpss_schedule *)1;
  assert_int_equal(dpss_recipient_from_json(&r, "{\"id\":\"R-1\"}"), DPSS_OK);
  assert_error(dpss_schedule_build(&s, policy, r, D("2026-02-01"), D("2026-01-31")), DPSS_EDATE,
               "to");
  assert_null(s);
  assert_error(dpss_schedule_build(&s, policy, r, D("1900-01-01"), D("2026-01-31")), DPSS_EDATE,
               "to");
  assert_error(dpss_schedule_build(&s, NULL, r, D("2026-01-01"), D("2026-01-31")), DPSS_EINVAL,
               NULL);
  assert_error(dpss_schedule_build(&s, policy, r, DPSS_DATE_NONE, D("2026-01-31")), DPSS_EDATE,
               NULL);
  assert_error(dpss_schedule_build(NULL, policy, r, D("2026-01-01"), D("2026-01-31")),
               DPSS_EINVAL, NULL);
  dpss_recipient_free(r);
  assert_int_equal(dpss_schedule_count(NULL), 0);
  assert_int_equal(dpss_schedule_pence(NULL, 0), DPSS_PENCE_NONE);
  dpss_schedule_free(NULL);
}

static void test_totals(void **state) {
  (void)state;
  dpss_totals *t, *u;
  assert_int_equal(dpss_totals_new(&t, D("2026-01-01"), D("2026-03-31")), DPSS_OK);
  assert_int_equal(dpss_totals_new(&u, D("2026-01-01"), D("2026-03-31")), DPSS_OK);
  dpss_schedule *a = sched("{\"id\":\"A\"," JOINT ",\"dp_start\":\"2026-01-05\","
                           "\"dp_end\":\"2026-02-11\",\"contribution_weekly_pence\":2000}",
                           "2026-01-01", "2026-12-31");
  dpss_schedule *b = sched("{\"id\":\"B\",\"funding\":[{\"source\":\"social_care\","
                           "\"weekly_pence\":7000}],\"dp_start\":\"2026-03-30\","
                           "\"one_off_payments\":[{\"date\":\"2026-02-01\",\"pence\":500}]}",
                           "2026-01-01", "2026-12-31");
  assert_int_equal(dpss_totals_add(t, a), DPSS_OK);
  assert_int_equal(dpss_totals_add(u, b), DPSS_OK);
  assert_int_equal(dpss_totals_merge(t, u), DPSS_OK);
  /* A pays 192000 + 68571; B pays 28000 on 30 March. */
  assert_int_equal(dpss_totals_pence(t), 192000 + 68571 + 28000);
  char *json;
  assert_int_equal(dpss_totals_to_json(t, &json), DPSS_OK);
  static const char *const parts[] = {
      "\"recipients\":2,\"payments\":3,\"total_pence\":288571",
      "\"streams\":{\"social_care\":261429,\"health\":27142}",
      "\"contributions_paid_in_pence\":10857", "\"one_off_pence\":500",
      "{\"month\":\"2026-01\",\"pence\":192000,\"social_care\":172000,\"health\":20000",
      "{\"month\":\"2026-02\",\"pence\":68571", "{\"month\":\"2026-03\",\"pence\":28000"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (!strstr(json, parts[i]))
      fail_msg("totals lack %s in %s", parts[i], json);
  dpss_free(json);
  char *text;
  assert_int_equal(dpss_totals_to_text(t, &text), DPSS_OK);
  assert_non_null(strstr(text, "£2,885.71"));
  dpss_free(text);
  dpss_totals *w;
  assert_int_equal(dpss_totals_new(&w, D("2026-01-01"), D("2026-02-28")), DPSS_OK);
  assert_error(dpss_totals_merge(t, w), DPSS_EINVAL, NULL);
  dpss_totals_free(w);
  assert_error(dpss_totals_new(&w, D("2026-02-01"), D("2026-01-01")), DPSS_EDATE, NULL);
  dpss_schedule_free(a);
  dpss_schedule_free(b);
  dpss_totals_free(t);
  dpss_totals_free(u);
}

/* Totals too large for int64 are reported as unknown (null, "overflow":
 * true), never as an error that would reject a good record, and they come
 * out the same however the caseload is split and merged (issue 9). */
static void test_totals_overflow_is_reported_not_an_error(void **state) {
  (void)state;
  dpss_totals *one, *a, *b;
  assert_int_equal(dpss_totals_new(&one, D("1950-01-01"), D("2049-12-31")), DPSS_OK);
  assert_int_equal(dpss_totals_new(&a, D("1950-01-01"), D("2049-12-31")), DPSS_OK);
  assert_int_equal(dpss_totals_new(&b, D("1950-01-01"), D("2049-12-31")), DPSS_OK);
  /* The largest amounts a record may hold, over a century, overflow int64. */
  dpss_schedule *big = sched("{\"id\":\"BIG\",\"funding\":[{\"source\":\"social_care\","
                             "\"weekly_pence\":1000000000000000},{\"source\":\"health\","
                             "\"weekly_pence\":1000000000000000}],\"dp_start\":\"1950-01-02\"}",
                             "1950-01-01", "2049-12-31");
  dpss_schedule *small = sched("{\"id\":\"S\",\"funding\":[{\"source\":\"social_care\","
                               "\"weekly_pence\":100}],\"dp_start\":\"2026-01-05\"}",
                               "1950-01-01", "2049-12-31");
  assert_int_equal(dpss_totals_add(one, small), DPSS_OK);
  assert_int_equal(dpss_totals_add(one, big), DPSS_OK);
  assert_int_equal(dpss_totals_add(one, small), DPSS_OK);
  assert_int_equal(dpss_totals_add(a, small), DPSS_OK);
  assert_int_equal(dpss_totals_add(b, big), DPSS_OK);
  assert_int_equal(dpss_totals_add(b, small), DPSS_OK);
  assert_int_equal(dpss_totals_merge(a, b), DPSS_OK);
  char *x, *y;
  assert_int_equal(dpss_totals_to_json(one, &x), DPSS_OK);
  assert_int_equal(dpss_totals_to_json(a, &y), DPSS_OK);
  assert_string_equal(x, y);
  assert_non_null(strstr(x, "\"recipients\":3,"));
  assert_non_null(strstr(x, "\"total_pence\":null"));
  assert_non_null(strstr(x, "\"overflow\":true"));
  assert_int_equal(dpss_totals_pence(one), DPSS_PENCE_NONE);
  dpss_free(x);
  dpss_free(y);
  dpss_schedule_free(big);
  dpss_schedule_free(small);
  dpss_totals_free(one);
  dpss_totals_free(a);
  dpss_totals_free(b);
}

static bool totals_have(const dpss_totals *t, const char *part) {
  char *json;
  assert_int_equal(dpss_totals_to_json(t, &json), DPSS_OK);
  bool found = strstr(json, part) != NULL;
  if (!found)
    print_message("no %s in %s\n", part, json);
  dpss_free(json);
  return found;
}

/* Issue 12: totals made under what-if overrides say which; schedules under
 * different policies, or none, give null. */
static void test_totals_name_the_policy(void **state) {
  (void)state;
  static const char *const rec = "{\"id\":\"A\",\"funding\":[{\"source\":\"social_care\","
                                 "\"weekly_pence\":7000}],\"dp_start\":\"2026-01-05\"}";
  dpss_policy *monthly;
  assert_int_equal(dpss_policy_new(&monthly), DPSS_OK);
  assert_int_equal(dpss_policy_set(monthly, "payment_frequency=monthly"), DPSS_OK);
  dpss_schedule *a = sched_with(monthly, rec, "2026-01-01", "2026-12-31");
  dpss_schedule *b = sched(rec, "2026-01-01", "2026-12-31");
  dpss_totals *t, *u;
  assert_int_equal(dpss_totals_new(&t, D("2026-01-01"), D("2026-12-31")), DPSS_OK);
  assert_int_equal(dpss_totals_new(&u, D("2026-01-01"), D("2026-12-31")), DPSS_OK);
  assert_true(totals_have(t, "\"policy\":null"));
  assert_int_equal(dpss_totals_add(t, a), DPSS_OK);
  assert_true(totals_have(t, "\"policy\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\","
                             "\"overrides\":{\"payment_frequency\":\"monthly\"}}"));
  assert_int_equal(dpss_totals_add(u, b), DPSS_OK);
  assert_true(totals_have(u, "\"policy\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\"}"));
  assert_int_equal(dpss_totals_merge(t, u), DPSS_OK);
  assert_true(totals_have(t, "\"policy\":null"));
  dpss_totals_free(t);
  dpss_totals_free(u);
  dpss_schedule_free(a);
  dpss_schedule_free(b);
  dpss_policy_free(monthly);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_contract_example),
      cmocka_unit_test(test_listing_includes_both_ends),
      cmocka_unit_test(test_contribution_at_or_above_payment),
      cmocka_unit_test(test_gross_basis_invoices_contribution),
      cmocka_unit_test(test_split_pennies_always_add_up),
      cmocka_unit_test(test_monthly_calendar_and_leap_february),
      cmocka_unit_test(test_policy_changes_on_a_date),
      cmocka_unit_test(test_one_offs_apart_and_no_start),
      cmocka_unit_test(test_long_purpose_is_kept_whole),
      cmocka_unit_test(test_schedule_errors),
      cmocka_unit_test(test_totals),
      cmocka_unit_test(test_totals_overflow_is_reported_not_an_error),
      cmocka_unit_test(test_totals_name_the_policy),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
