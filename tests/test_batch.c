/* SPDX-License-Identifier: MIT */
/* Decisions as columns: the same values as the decision's own accessors. */
#include "helpers.h"

static void test_columns_match_the_decisions(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_batch *b;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_batch_new(&b), DPSS_OK);
  assert_int_equal(dpss_batch_count(b), 0);
  assert_non_null(dpss_batch_column(b, DPSS_COLUMN_TIER));
  const char *records[] = {
      "{\"id\":\"B-1\",\"has_capacity\":true,\"consents\":true,\"excluding_order\":false,"
      "\"dp_start\":\"2026-01-05\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":50000}],"
      "\"balance\":{\"pence\":310000},\"issues\":[{\"id\":\"I-1\",\"opened\":\"2026-11-01\"}]}",
      "{\"id\":\"B-2\"}",
  };
  dpss_decision *d[2];
  for (int i = 0; i < 2; i++) {
    dpss_recipient *r;
    assert_int_equal(dpss_recipient_from_json(&r, records[i]), DPSS_OK);
    assert_int_equal(dpss_evaluate(&d[i], p, r, D("2026-11-22")), DPSS_OK);
    assert_int_equal(dpss_batch_evaluate(b, p, r, D("2026-11-22")), DPSS_OK);
    dpss_recipient_free(r);
  }
  assert_int_equal(dpss_batch_count(b), 2);
  assert_string_equal(dpss_batch_id(b, 1), "B-2");
  assert_null(dpss_batch_id(b, 2));
  for (int i = 0; i < 2; i++) {
    assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_ELIGIBILITY)[i], dpss_decision_eligibility(d[i]));
    assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_TIER)[i], dpss_decision_tier(d[i]));
    assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_EXCESS_PENCE)[i], dpss_decision_excess_pence(d[i]));
    assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_RECLAIM)[i], dpss_decision_reclaim(d[i]));
    assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_REVIEW_DUE)[i], dpss_decision_review_due(d[i]));
    assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_RECOVER_FROM)[i], dpss_decision_recover_from(d[i]));
    assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_EXTRA_REVIEW)[i], dpss_decision_extra_review(d[i]));
    assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_OPEN_ISSUES)[i], dpss_decision_escalation_count(d[i]));
    dpss_decision_free(d[i]);
  }
  /* Unknown is null: B-2 has no balance. */
  assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_EXCESS_PENCE)[1], DPSS_PENCE_NONE);
  assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_TIER)[1], DPSS_TIER_UNKNOWN);
  int64_t copy[4];
  assert_int_equal(dpss_batch_copy_column(b, DPSS_COLUMN_EXCESS_PENCE, copy, 4), 2);
  assert_int_equal(copy[0], 10000);
  assert_int_equal(dpss_batch_copy_column(b, DPSS_COLUMN_EXCESS_PENCE, copy, 1), 1);
  assert_error((int)dpss_batch_copy_column(b, DPSS_COLUMN_COUNT, copy, 1), DPSS_EINVAL, NULL);
  assert_string_equal(dpss_batch_column_name(DPSS_COLUMN_EXCESS_PENCE), "surplus.excess_pence");
  assert_null(dpss_batch_column_name(DPSS_COLUMN_COUNT));
  assert_null(dpss_batch_column(b, (dpss_column)-1));
  dpss_batch_clear(b);
  assert_int_equal(dpss_batch_count(b), 0);
  /* A failed evaluation adds nothing. */
  dpss_recipient *r;
  assert_int_equal(dpss_recipient_new(&r, "B-3"), DPSS_OK);
  assert_error(dpss_batch_evaluate(b, p, r, DPSS_DATE_NONE), DPSS_EDATE, "as_of");
  assert_int_equal(dpss_batch_count(b), 0);
  /* Many rows: the arrays grow. */
  for (int i = 0; i < 5000; i++)
    assert_int_equal(dpss_batch_evaluate(b, p, r, D("2026-11-22")), DPSS_OK);
  assert_int_equal(dpss_batch_count(b), 5000);
  assert_string_equal(dpss_batch_id(b, 4999), "B-3");
  dpss_recipient_free(r);
  dpss_batch_free(b);
  dpss_batch_free(NULL);
  dpss_policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_columns_match_the_decisions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
