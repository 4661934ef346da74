/* SPDX-License-Identifier: MIT */
/* Caseload summaries. */
#include "helpers.h"

static void add(dpss_summary *s, const dpss_policy *p, const char *json, const char *as_of) {
  dpss_recipient *r;
  dpss_decision *d;
  assert_int_equal(dpss_recipient_from_json(&r, json), DPSS_OK);
  assert_int_equal(dpss_evaluate(&d, p, r, D(as_of)), DPSS_OK);
  assert_int_equal(dpss_summary_add(s, d), DPSS_OK);
  dpss_decision_free(d);
  dpss_recipient_free(r);
}

static void test_counts_and_totals(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_summary *s;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_summary_new(&s), DPSS_OK);
  add(s, p, "{\"id\":\"A\",\"has_capacity\":true,\"consents\":true,\"excluding_order\":false,"
            "\"complex_needs\":true,\"dp_start\":\"2026-06-01\",\"payment_method\":\"managed_account\","
            "\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":50000}],"
            "\"balance\":{\"pence\":310000},"
            "\"issues\":[{\"id\":\"I-1\",\"opened\":\"2026-11-01\"},"
            "{\"id\":\"I-2\",\"opened\":\"2026-11-20\"}]}",
      "2026-11-22");
  add(s, p, "{\"id\":\"B\",\"has_capacity\":true,\"consents\":true,\"excluding_order\":false,"
            "\"considering_employing_pas\":false,\"complex_needs\":false,"
            "\"dp_start\":\"2020-01-01\",\"funding\":[{\"source\":\"social_care\","
            "\"weekly_pence\":10000}],\"balance\":{\"pence\":60123}}",
      "2026-11-22");
  add(s, p, "{\"id\":\"C\",\"excluding_order\":true}", "2026-11-22");
  add(s, p, "{\"id\":\"D\"}", "2026-11-22");
  assert_int_equal(dpss_summary_add_rejected(s), DPSS_OK);
  assert_int_equal(dpss_summary_count(s), 4);
  char *json;
  assert_int_equal(dpss_summary_to_json(s, &json), DPSS_OK);
  static const char *const parts[] = {
      "\"recipients\":4", "\"rejected\":1",
      "\"eligibility\":{\"eligible\":2,\"not_eligible\":1,\"undetermined\":1}",
      "\"tier\":{\"start_up\":1,\"issue_based\":1,\"none\":1,\"undetermined\":1}",
      "\"surplus\":{\"count\":2,\"total_excess_pence\":10123,\"reviews\":2}",
      "\"open_issues\":2", "\"escalations\":1", "\"managed_accounts\":1",
      "\"audits_due\":0", "\"reviews_due\":1"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (!strstr(json, parts[i]))
      fail_msg("summary lacks %s in %s", parts[i], json);
  dpss_free(json);
  char *text;
  assert_int_equal(dpss_summary_to_text(s, &text), DPSS_OK);
  assert_non_null(strstr(text, "£101.23"));
  assert_non_null(strstr(text, "escalated to care manager"));
  dpss_free(text);
  dpss_summary_free(s);
  dpss_summary_free(NULL);
  dpss_policy_free(p);
}

static bool has(const dpss_summary *s, const char *part) {
  char *json;
  assert_int_equal(dpss_summary_to_json(s, &json), DPSS_OK);
  bool found = strstr(json, part) != NULL;
  if (!found)
    print_message("no %s in %s\n", part, json);
  dpss_free(json);
  return found;
}

/* Issue 12: a summary made under what-if overrides says which; decisions
 * under different policies, or none, give null. */
static void test_names_the_policy_and_overrides(void **state) {
  (void)state;
  static const char *const rec = "{\"id\":\"A\",\"has_capacity\":true,\"consents\":true}";
  dpss_policy *plain, *what_if;
  dpss_summary *s, *t, *empty;
  assert_int_equal(dpss_policy_new(&plain), DPSS_OK);
  assert_int_equal(dpss_policy_new(&what_if), DPSS_OK);
  assert_int_equal(dpss_policy_set(what_if, "surplus_threshold_weeks=8"), DPSS_OK);
  assert_int_equal(dpss_summary_new(&s), DPSS_OK);
  assert_int_equal(dpss_summary_new(&t), DPSS_OK);
  assert_int_equal(dpss_summary_new(&empty), DPSS_OK);
  assert_true(has(empty, "\"policy\":null"));
  add(s, what_if, rec, "2026-11-22");
  add(s, what_if, rec, "2026-11-23");
  const char *ov = "\"policy\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\","
                   "\"overrides\":{\"surplus_threshold_weeks\":8}}";
  assert_true(has(s, ov));
  /* merging in nothing, or the same policy, keeps it */
  assert_int_equal(dpss_summary_merge(s, empty), DPSS_OK);
  assert_true(has(s, ov));
  add(t, what_if, rec, "2026-11-22");
  assert_int_equal(dpss_summary_merge(empty, t), DPSS_OK);
  assert_true(has(empty, ov));
  assert_int_equal(dpss_summary_merge(s, t), DPSS_OK);
  assert_true(has(s, ov));
  assert_int_equal(dpss_summary_count(s), 3);
  /* a decision under the plain policy: two policies, null */
  dpss_summary *u;
  assert_int_equal(dpss_summary_new(&u), DPSS_OK);
  add(u, plain, rec, "2026-11-22");
  assert_true(has(u, "\"policy\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\"},"));
  assert_int_equal(dpss_summary_merge(s, u), DPSS_OK);
  assert_true(has(s, "\"policy\":null"));
  add(s, what_if, rec, "2026-11-22"); /* and it stays mixed */
  assert_true(has(s, "\"policy\":null"));
  add(t, plain, rec, "2026-11-22");
  assert_true(has(t, "\"policy\":null"));
  assert_int_equal(dpss_summary_count(t), 2);
  dpss_summary_free(s);
  dpss_summary_free(t);
  dpss_summary_free(u);
  dpss_summary_free(empty);
  dpss_policy_free(plain);
  dpss_policy_free(what_if);
}

static void test_errors(void **state) {
  (void)state;
  dpss_summary *s;
  dpss_decision *d;
  assert_int_equal(dpss_summary_new(&s), DPSS_OK);
  assert_int_equal(dpss_decision_new(&d), DPSS_OK);
  assert_error(dpss_summary_add(s, d), DPSS_EINVAL, NULL); /* never evaluated */
  assert_int_equal(dpss_summary_count(s), 0);
  assert_error(dpss_summary_add(NULL, d), DPSS_EINVAL, NULL);
  assert_error(dpss_summary_new(NULL), DPSS_EINVAL, NULL);
  char *out = (char *)1;
  assert_error(dpss_summary_to_json(NULL, &out), DPSS_EINVAL, NULL);
  assert_null(out);
  dpss_decision_free(d);
  dpss_summary_free(s);
}

/* Surpluses that add up past int64: every decision is still counted, the
 * total is out of range, and one summary or two merged agree (issue 9). */
static void test_total_out_of_range(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_recipient *r;
  dpss_decision *d;
  dpss_summary *one, *half1, *half2;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_recipient_from_json(
                       &r, "{\"id\":\"RICH\",\"funding\":[{\"source\":\"social_care\","
                           "\"weekly_pence\":100}],\"balance\":{\"pence\":1000000000000000}}"),
                   DPSS_OK);
  assert_int_equal(dpss_evaluate(&d, p, r, D("2026-11-22")), DPSS_OK);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_TRUE);
  assert_int_equal(dpss_summary_new(&one), DPSS_OK);
  assert_int_equal(dpss_summary_new(&half1), DPSS_OK);
  assert_int_equal(dpss_summary_new(&half2), DPSS_OK);
  int n = 10000; /* 10,000 x £10 trillion > £92,233 trillion */
  for (int i = 0; i < n; i++) {
    assert_int_equal(dpss_summary_add(one, d), DPSS_OK);
    assert_int_equal(dpss_summary_add(i % 2 ? half1 : half2, d), DPSS_OK);
  }
  assert_int_equal(dpss_summary_count(one), n);
  assert_int_equal(dpss_summary_out_of_range(one), 1);
  assert_int_equal(dpss_summary_out_of_range(half1), 0); /* each half fits */
  assert_int_equal(dpss_summary_merge(half1, half2), DPSS_OK);
  assert_int_equal(dpss_summary_out_of_range(half1), 1);
  char *a, *b, *text;
  assert_int_equal(dpss_summary_to_json(one, &a), DPSS_OK);
  assert_int_equal(dpss_summary_to_json(half1, &b), DPSS_OK);
  assert_string_equal(a, b);
  assert_non_null(strstr(a, "\"surplus\":{\"count\":10000,\"total_excess_pence\":null"));
  assert_int_equal(dpss_summary_to_text(one, &text), DPSS_OK);
  assert_non_null(strstr(text, "out of range"));
  assert_int_equal(dpss_summary_out_of_range(NULL), 0);
  dpss_free(a);
  dpss_free(b);
  dpss_free(text);
  dpss_summary_free(one);
  dpss_summary_free(half1);
  dpss_summary_free(half2);
  dpss_decision_free(d);
  dpss_recipient_free(r);
  dpss_policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_counts_and_totals),
      cmocka_unit_test(test_total_out_of_range),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_names_the_policy_and_overrides),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
