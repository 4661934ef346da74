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

/* A caseload read and evaluated in chunks: every record is a row, a
 * decision or a bad row with its error and position in the input. */
static void test_evaluate_reader_in_chunks(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_batch *b, *one;
  dpss_reader *in;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_batch_new(&b), DPSS_OK);
  assert_int_equal(dpss_batch_new(&one), DPSS_OK);
  static const char input[] =
      "{\"id\":\"A\",\"has_capacity\":true,\"consents\":true,\"excluding_order\":false}\n"
      "{\"id\":\"B\",\"balance\":{\"pence\":1}}\n"
      "{\"id\":\"C\",\n"
      "{\"id\":\"D\",\"kind\":\"pensioner\"}\n"
      "\n"
      "  {\"id\":\"E\", \"has_capacity\": 7}\n"
      "{\"id\":\"F\"}\n";
  assert_int_equal(dpss_reader_from_memory(&in, input, sizeof input - 1, "in", DPSS_READER_AUTO),
                   DPSS_OK);
  /* Bad arguments read nothing. */
  dpss_date day = D("2026-11-22");
  assert_error(dpss_batch_evaluate_reader(b, in, p, day, 0, 0, 1), DPSS_EINVAL, NULL);
  assert_error(dpss_batch_evaluate_reader(b, in, NULL, day, 5, 0, 1), DPSS_EINVAL, NULL);
  assert_error(dpss_batch_evaluate_reader(NULL, in, p, day, 5, 0, 1), DPSS_EINVAL, NULL);
  assert_error(dpss_batch_evaluate_reader(b, NULL, p, day, 5, 0, 1), DPSS_EINVAL, NULL);
  assert_error(dpss_batch_evaluate_reader(b, in, p, day, 5, 2, 1), DPSS_EINVAL, NULL);
  assert_error(dpss_batch_evaluate_reader(b, in, p, day, 5, 0, -1), DPSS_EINVAL, NULL);
  assert_error(dpss_batch_evaluate_reader(b, in, p, day, 5, 0, 65), DPSS_EINVAL, NULL);
  assert_error(dpss_batch_evaluate_reader(b, in, p, DPSS_DATE_NONE, 5, 0, 1), DPSS_EDATE, "as_of");
  assert_int_equal(dpss_reader_record(in), 0);
  assert_int_equal(dpss_batch_count(b), 0);
  /* Two records fill the chunk. */
  assert_int_equal(dpss_batch_evaluate_reader(b, in, p, day, 2, DPSS_BATCH_KEEP_TEXT, 1),
                   DPSS_READ_RECORD);
  assert_int_equal(dpss_batch_count(b), 2);
  assert_int_equal(dpss_batch_bad_count(b), 0);
  assert_string_equal(dpss_batch_id(b, 0), "A");
  assert_null(dpss_batch_error(b, 0));
  assert_int_equal(dpss_batch_record(b, 1), 2);
  assert_string_equal(dpss_batch_text(b, 1), "{\"id\":\"B\",\"balance\":{\"pence\":1}}");
  assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_ELIGIBILITY)[0], DPSS_ELIGIBLE);
  /* The rest: C cut short (the reader's verdict), D and E not recipients, F. */
  assert_int_equal(dpss_batch_evaluate_reader(b, in, p, day, 10, DPSS_BATCH_KEEP_TEXT, 0),
                   DPSS_READ_END);
  assert_int_equal(dpss_batch_count(b), 6);
  assert_int_equal(dpss_batch_bad_count(b), 3);
  const dpss_error *e = dpss_batch_error(b, 2);
  assert_non_null(e);
  assert_int_equal(dpss_error_code(e), DPSS_ESYNTAX);
  assert_int_equal(dpss_error_line(e), 3);
  assert_int_equal(dpss_batch_record(b, 2), 3);
  assert_string_equal(dpss_batch_id(b, 2), "");
  assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_TIER)[2], -1);
  assert_int_equal(dpss_batch_column(b, DPSS_COLUMN_EXCESS_PENCE)[2], DPSS_PENCE_NONE);
  /* D: the field, and where the record starts (the error has no position). */
  e = dpss_batch_error(b, 3);
  assert_int_equal(dpss_error_code(e), DPSS_EUNKNOWN);
  assert_string_equal(dpss_error_field(e), "kind");
  assert_int_equal(dpss_error_line(e), 4);
  assert_int_equal(dpss_error_column(e), 1);
  assert_int_equal(dpss_batch_record(b, 3), 4);
  /* E: indented by two, so the record's own positions move over by two. */
  e = dpss_batch_error(b, 4);
  assert_int_equal(dpss_error_code(e), DPSS_ETYPE);
  assert_string_equal(dpss_error_field(e), "has_capacity");
  assert_int_equal(dpss_error_line(e), 6);
  assert_int_equal(dpss_batch_record(b, 4), 5);
  assert_string_equal(dpss_batch_id(b, 5), "F");
  assert_null(dpss_batch_error(b, 5));
  assert_null(dpss_batch_error(b, 6));
  assert_int_equal(dpss_batch_evaluate_reader(b, in, p, day, 10, 0, 1), DPSS_READ_END);
  assert_int_equal(dpss_batch_count(b), 6);
  /* The rows are what dpss_batch_evaluate() gives, and texts read back. */
  for (size_t i = 0; i < 2; i++) {
    dpss_recipient *r;
    assert_int_equal(dpss_recipient_from_json(&r, dpss_batch_text(b, i)), DPSS_OK);
    assert_int_equal(dpss_batch_evaluate(one, p, r, day), DPSS_OK);
    dpss_recipient_free(r);
    for (int c = 0; c < DPSS_COLUMN_COUNT; c++)
      assert_int_equal(dpss_batch_column(b, (dpss_column)c)[i],
                       dpss_batch_column(one, (dpss_column)c)[i]);
  }
  assert_int_equal(dpss_batch_record(one, 0), 0);
  dpss_reader_free(in);
  /* A clear forgets the rows and their errors. */
  dpss_batch_clear(b);
  assert_int_equal(dpss_batch_count(b), 0);
  assert_int_equal(dpss_batch_bad_count(b), 0);
  assert_null(dpss_batch_error(b, 0));
  dpss_batch_free(b);
  dpss_batch_free(one);
  dpss_policy_free(p);
}

/* A fault on a later line of a pretty-printed record is placed at that
 * line's own column, not at the column where the record starts. */
static void test_evaluate_reader_places_a_fault_on_a_later_line(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_batch *b;
  dpss_reader *in;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_batch_new(&b), DPSS_OK);
  static const char input[] = "{\"id\":\"A\"}\n"
                              "  {\"id\":\"P\",\n"
                              "   \"has_capacity\" 7}\n"
                              "{\"id\":\"F\"}\n";
  assert_int_equal(dpss_reader_from_memory(&in, input, sizeof input - 1, "in", DPSS_READER_AUTO),
                   DPSS_OK);
  assert_int_equal(dpss_batch_evaluate_reader(b, in, p, D("2026-11-22"), 10, 0, 1), DPSS_READ_END);
  assert_int_equal(dpss_batch_count(b), 3);
  assert_int_equal(dpss_batch_bad_count(b), 1);
  const dpss_error *e = dpss_batch_error(b, 1);
  assert_non_null(e);
  assert_int_equal(dpss_error_code(e), DPSS_ESYNTAX);
  assert_int_equal(dpss_error_line(e), 3);
  assert_int_equal(dpss_error_column(e), 19);
  dpss_reader_free(in);
  dpss_batch_free(b);
  dpss_policy_free(p);
}

/* Thousands of records on several threads give the same rows, in the same
 * order, as on one; texts are kept only when asked. */
static void test_evaluate_reader_threads_agree(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  size_t n = 5000, size = 0;
  char *big = malloc(n * 200);
  assert_non_null(big);
  for (size_t i = 0; i < n; i++) {
    if (i % 997 == 5)
      size += (size_t)sprintf(big + size, "{\"id\":\"R-%06zu\",\"kind\":\"x\"}\n", i);
    else
      size += (size_t)sprintf(big + size,
                              "{\"id\":\"R-%06zu\",\"has_capacity\":true,\"consents\":%s,"
                              "\"excluding_order\":false,\"dp_start\":\"2026-0%zu-01\","
                              "\"balance\":{\"pence\":%zu}}\n",
                              i, i % 3 ? "true" : "null", 1 + i % 9, i * 37);
  }
  dpss_batch *b[3];
  const int jobs[3] = {1, 2, 0};
  for (int k = 0; k < 3; k++) {
    dpss_reader *in;
    assert_int_equal(dpss_reader_from_memory(&in, big, size, NULL, DPSS_READER_JSON), DPSS_OK);
    assert_int_equal(dpss_batch_new(&b[k]), DPSS_OK);
    int got, chunks = 0;
    while ((got = dpss_batch_evaluate_reader(b[k], in, p, D("2026-11-22"), 2048,
                                             k == 1 ? DPSS_BATCH_KEEP_TEXT : 0, jobs[k])) ==
           DPSS_READ_RECORD)
      chunks++;
    assert_int_equal(got, DPSS_READ_END);
    assert_int_equal(chunks, 2);
    assert_int_equal(dpss_batch_count(b[k]), n);
    assert_int_equal(dpss_batch_bad_count(b[k]), 6);
    dpss_reader_free(in);
  }
  for (size_t i = 0; i < n; i++) {
    for (int k = 1; k < 3; k++) {
      assert_string_equal(dpss_batch_id(b[0], i), dpss_batch_id(b[k], i));
      assert_int_equal(dpss_batch_record(b[k], i), (int64_t)i + 1);
      assert_int_equal(dpss_batch_error(b[0], i) != NULL, dpss_batch_error(b[k], i) != NULL);
      for (int c = 0; c < DPSS_COLUMN_COUNT; c++)
        assert_int_equal(dpss_batch_column(b[0], (dpss_column)c)[i],
                         dpss_batch_column(b[k], (dpss_column)c)[i]);
    }
    if (i % 997 == 5) {
      assert_string_equal(dpss_error_field(dpss_batch_error(b[1], i)), "kind");
      assert_int_equal(dpss_error_line(dpss_batch_error(b[1], i)), (int)i + 1);
    }
  }
  assert_string_equal(dpss_batch_text(b[0], 4999), "");
  assert_int_equal(strncmp(dpss_batch_text(b[1], 4999), "{\"id\":\"R-004999\"", 16), 0);
  for (int k = 0; k < 3; k++)
    dpss_batch_free(b[k]);
  free(big);
  dpss_policy_free(p);
}

static long failing_read(void *payload, char *buf, size_t size) {
  int *calls = payload;
  if ((*calls)++ == 0) {
    const char *t = "{\"id\":\"A\"}\n{\"id\":\"B\"}\n";
    size_t n = strlen(t) < size ? strlen(t) : size;
    memcpy(buf, t, n);
    return (long)n;
  }
  return -5; /* -EIO */
}

/* A read error is fatal: returned as it is, again, never the end; the rows
 * read before it are kept. */
static void test_evaluate_reader_read_error_is_fatal(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_batch *b;
  dpss_reader *in;
  int calls = 0;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_batch_new(&b), DPSS_OK);
  assert_int_equal(dpss_reader_from_callback(&in, failing_read, &calls, "pipe", DPSS_READER_JSON),
                   DPSS_OK);
  assert_int_equal(dpss_batch_evaluate_reader(b, in, p, D("2026-11-22"), 100, 0, 2), DPSS_EIO);
  assert_int_equal(dpss_error_code(dpss_error_last()), DPSS_EIO);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "pipe"));
  assert_int_equal(dpss_batch_evaluate_reader(b, in, p, D("2026-11-22"), 100, 0, 2), DPSS_EIO);
  assert_in_range(dpss_batch_count(b), 1, 2);
  assert_string_equal(dpss_batch_id(b, 0), "A");
  assert_int_equal(dpss_batch_bad_count(b), 0);
  dpss_reader_free(in);
  dpss_batch_free(b);
  dpss_policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_columns_match_the_decisions),
      cmocka_unit_test(test_evaluate_reader_in_chunks),
      cmocka_unit_test(test_evaluate_reader_places_a_fault_on_a_later_line),
      cmocka_unit_test(test_evaluate_reader_threads_agree),
      cmocka_unit_test(test_evaluate_reader_read_error_is_fatal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
