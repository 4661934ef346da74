/* SPDX-License-Identifier: MIT */
/* What-if comparisons: only what changed, by its path; the counts; the money. */
#include "helpers.h"

static dpss_decision *eval_under(const dpss_policy *p, const char *json, const char *as_of) {
  dpss_recipient *r;
  dpss_decision *d;
  assert_int_equal(dpss_recipient_from_json(&r, json), DPSS_OK);
  assert_int_equal(dpss_evaluate(&d, p, r, D(as_of)), DPSS_OK);
  dpss_recipient_free(r);
  return d;
}

#define PERSON "\"has_capacity\":true,\"consents\":true,\"excluding_order\":false,\"considering_employing_pas\":false,\"complex_needs\":false," \
               "\"dp_start\":\"2026-01-05\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":50000}]"

static void test_threshold_8_weeks_instead_of_6(void **state) {
  (void)state;
  dpss_policy *base, *alt;
  assert_int_equal(dpss_policy_new(&base), DPSS_OK);
  assert_int_equal(dpss_policy_new(&alt), DPSS_OK);
  assert_int_equal(dpss_policy_set(alt, "surplus_threshold_weeks=8"), DPSS_OK);
  dpss_comparison *c;
  assert_int_equal(dpss_comparison_new(&c, base, alt), DPSS_OK);
  /* £3,100 with £500 a week: a £100 surplus at 6 weeks, none at 8. */
  const char *flips = "{\"id\":\"R-1\"," PERSON ",\"balance\":{\"pence\":310000}}";
  /* £5,000: a surplus either way, £2,000 then £1,000. */
  const char *both = "{\"id\":\"R-2\"," PERSON ",\"balance\":{\"pence\":500000}}";
  /* £1,000: none either way: no line. */
  const char *none = "{\"id\":\"R-3\"," PERSON ",\"balance\":{\"pence\":100000}}";
  char *line;
  dpss_decision *b = eval_under(base, flips, "2026-11-22"), *a = eval_under(alt, flips, "2026-11-22");
  assert_int_equal(dpss_comparison_add(c, b, a, &line), DPSS_OK);
  assert_non_null(line);
  assert_string_equal(line,
      "{\"id\":\"R-1\",\"as_of\":\"2026-11-22\",\"changes\":["
      "{\"field\":\"surplus.excess_pence\",\"before\":10000,\"after\":0,\"rule\":\"S1\"},"
      "{\"field\":\"surplus.reclaim\",\"before\":true,\"after\":false,\"rule\":\"S1\"},"
      "{\"field\":\"surplus.review\",\"before\":true,\"after\":false,\"rule\":\"S3\"},"
      "{\"field\":\"surplus.recover_from\",\"before\":\"2026-12-06\",\"after\":null,\"rule\":\"S4\"},"
      "{\"field\":\"extra_review\",\"before\":true,\"after\":false,\"rule\":\"R1\"}],"
      "\"rules\":[\"S1\",\"S3\",\"S4\",\"R1\"]}");
  dpss_free(line);
  dpss_decision_free(a);
  dpss_decision_free(b);
  b = eval_under(base, both, "2026-11-22");
  a = eval_under(alt, both, "2026-11-22");
  assert_int_equal(dpss_comparison_add(c, b, a, NULL), DPSS_OK);
  dpss_decision_free(a);
  dpss_decision_free(b);
  b = eval_under(base, none, "2026-11-22");
  a = eval_under(alt, none, "2026-11-22");
  assert_int_equal(dpss_comparison_add(c, b, a, &line), DPSS_OK);
  assert_null(line);
  /* Two decisions of different recipients are refused, nothing counted. */
  dpss_decision *other = eval_under(alt, flips, "2026-11-22");
  assert_error(dpss_comparison_add(c, b, other, &line), DPSS_EINVAL, NULL);
  assert_null(line);
  dpss_decision_free(other);
  dpss_decision_free(a);
  dpss_decision_free(b);
  assert_int_equal(dpss_comparison_count(c), 3);
  assert_int_equal(dpss_comparison_changed(c), 2);
  char *json;
  assert_int_equal(dpss_comparison_to_json(c, &json), DPSS_OK);
  assert_non_null(strstr(json, "\"alternative\":{\"id\":\"nottinghamshire\",\"version\":\"2013-10-28\","
                               "\"overrides\":{\"surplus_threshold_weeks\":8}}"));
  assert_non_null(strstr(json, "\"surplus.reclaim\":1,"));
  assert_non_null(strstr(json, "\"surplus.excess_pence\":2,"));
  assert_non_null(strstr(json, "\"reclaims\":{\"before\":2,\"after\":1}"));
  /* 10000 + 200000 before, 0 + 100000 after. */
  assert_non_null(strstr(json, "\"to_reclaim\":{\"before_pence\":210000,\"after_pence\":100000,"
                               "\"change_pence\":-110000}"));
  assert_non_null(strstr(json, "\"affected_by_tier\":{\"start_up\":0,\"issue_based\":2,"));
  dpss_free(json);
  /* Merging two halves gives the whole. */
  dpss_comparison *half;
  assert_int_equal(dpss_comparison_new(&half, base, alt), DPSS_OK);
  assert_int_equal(dpss_comparison_merge(half, c), DPSS_OK);
  assert_int_equal(dpss_comparison_count(half), 3);
  assert_int_equal(dpss_comparison_changed(half), 2);
  char *text;
  assert_int_equal(dpss_comparison_to_text(half, &text), DPSS_OK);
  assert_non_null(strstr(text, "3 recipients: 2 decisions change"));
  dpss_free(text);
  dpss_comparison_free(half);
  dpss_comparison_free(c);
  dpss_policy_free(alt);
  dpss_policy_free(base);
}

static void test_payments_under_two_bases(void **state) {
  (void)state;
  dpss_policy *base, *alt;
  assert_int_equal(dpss_policy_new(&base), DPSS_OK);
  assert_int_equal(dpss_policy_new(&alt), DPSS_OK);
  assert_int_equal(dpss_policy_set(alt, "payment_basis=gross"), DPSS_OK);
  dpss_comparison *c;
  assert_int_equal(dpss_comparison_new(&c, base, alt), DPSS_OK);
  dpss_recipient *r;
  assert_int_equal(dpss_recipient_from_json(&r, "{\"id\":\"R-9\",\"funding\":[{\"source\":"
                   "\"social_care\",\"weekly_pence\":10000}],\"contribution_weekly_pence\":1000,"
                   "\"dp_start\":\"2026-01-05\"}"), DPSS_OK);
  dpss_schedule *sb, *sa;
  assert_int_equal(dpss_schedule_build(&sb, base, r, D("2026-01-01"), D("2026-01-31")), DPSS_OK);
  assert_int_equal(dpss_schedule_build(&sa, alt, r, D("2026-01-01"), D("2026-01-31")), DPSS_OK);
  assert_int_equal(dpss_comparison_add_payments(c, sb, sa), DPSS_OK);
  char *json;
  assert_int_equal(dpss_comparison_to_json(c, &json), DPSS_OK);
  /* One 4-weekly payment: net 4 x 9000, gross 4 x 10000; the contribution
   * is 4 x 1000 either way (paid in, or invoiced). */
  assert_non_null(strstr(json, "\"council_payments\":{\"before_pence\":36000,\"after_pence\":40000,"
                               "\"change_pence\":4000}"));
  assert_non_null(strstr(json, "\"contributions\":{\"before_pence\":4000,\"after_pence\":4000,"
                               "\"change_pence\":0}"));
  assert_non_null(strstr(json, "\"B2\""));
  dpss_free(json);
  assert_error(dpss_comparison_add_payments(c, sb, NULL), DPSS_EINVAL, NULL);
  dpss_schedule_free(sa);
  dpss_schedule_free(sb);
  dpss_recipient_free(r);
  dpss_comparison_free(c);
  dpss_policy_free(alt);
  dpss_policy_free(base);
}

static void test_bad_arguments(void **state) {
  (void)state;
  dpss_comparison *c = (dpss_comparison *)1;
  dpss_policy *p;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_error(dpss_comparison_new(&c, p, NULL), DPSS_EINVAL, NULL);
  assert_null(c);
  assert_error(dpss_comparison_new(NULL, p, p), DPSS_EINVAL, NULL);
  dpss_decision *d;
  assert_int_equal(dpss_decision_new(&d), DPSS_OK);
  assert_int_equal(dpss_comparison_new(&c, p, p), DPSS_OK);
  assert_error(dpss_comparison_add(c, d, d, NULL), DPSS_EINVAL, NULL);
  assert_int_equal(dpss_comparison_count(c), 0);
  assert_error(dpss_comparison_add_rejected(NULL), DPSS_EINVAL, NULL);
  assert_int_equal(dpss_comparison_add_rejected(c), DPSS_OK);
  assert_int_equal(dpss_comparison_count(NULL), 0);
  dpss_comparison_free(NULL);
  dpss_comparison_free(c);
  dpss_decision_free(d);
  dpss_policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_threshold_8_weeks_instead_of_6),
      cmocka_unit_test(test_payments_under_two_bases),
      cmocka_unit_test(test_bad_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
