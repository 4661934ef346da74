/* SPDX-License-Identifier: MIT */
/* Money: integer pence, overflow checks, rounding, formatting. */
#include "helpers.h"

static void test_add_sub_mul(void **state) {
  (void)state;
  int64_t r = 7;
  assert_int_equal(dpss_money_add(&r, 310000, -300000), DPSS_OK);
  assert_int_equal(r, 10000);
  assert_int_equal(dpss_money_sub(&r, 310000, 300000), DPSS_OK);
  assert_int_equal(r, 10000);
  assert_int_equal(dpss_money_mul(&r, 50000, 6), DPSS_OK); /* 6 weeks at £500 */
  assert_int_equal(r, 300000);
}

static void test_overflow_is_an_error_and_keeps_out(void **state) {
  (void)state;
  int64_t r = 123;
  assert_error(dpss_money_add(&r, INT64_MAX, 1), DPSS_EOVERFLOW, NULL);
  assert_int_equal(r, 123);
  assert_error(dpss_money_sub(&r, INT64_MIN + 1, 2), DPSS_EOVERFLOW, NULL);
  assert_int_equal(r, 123);
  assert_error(dpss_money_mul(&r, INT64_MAX / 2 + 1, 2), DPSS_EOVERFLOW, NULL);
  assert_int_equal(r, 123);
  assert_error(dpss_money_add(&r, DPSS_PENCE_NONE, 0), DPSS_EOVERFLOW, NULL);
  assert_error(dpss_money_add(NULL, 1, 1), DPSS_EINVAL, NULL);
  assert_int_equal(dpss_money_add(&r, INT64_MAX - 1, 1), DPSS_OK);
  assert_int_equal(r, INT64_MAX);
}

static void test_mul_div_round_halves_up(void **state) {
  (void)state;
  int64_t r = 0;
  /* 10 days of £480 a week: 48000 * 10 / 7 = 68571.43 -> 68571 */
  assert_int_equal(dpss_money_mul_div_round(&r, 48000, 10, 7), DPSS_OK);
  assert_int_equal(r, 68571);
  /* exactly half a penny rounds up: 1 * 1 / 2 */
  assert_int_equal(dpss_money_mul_div_round(&r, 1, 1, 2), DPSS_OK);
  assert_int_equal(r, 1);
  /* just under half rounds down: 3 / 7 = 0.43 */
  assert_int_equal(dpss_money_mul_div_round(&r, 3, 1, 7), DPSS_OK);
  assert_int_equal(r, 0);
  /* 4 / 7 = 0.57 -> 1 */
  assert_int_equal(dpss_money_mul_div_round(&r, 4, 1, 7), DPSS_OK);
  assert_int_equal(r, 1);
  /* no intermediate overflow */
  assert_int_equal(dpss_money_mul_div_round(&r, INT64_MAX, 7, 7), DPSS_OK);
  assert_int_equal(r, INT64_MAX);
  r = 5;
  assert_error(dpss_money_mul_div_round(&r, INT64_MAX, 8, 7), DPSS_EOVERFLOW, NULL);
  assert_int_equal(r, 5);
  assert_error(dpss_money_mul_div_round(&r, 1, 1, 0), DPSS_EINVAL, NULL);
}

static void check_format(int64_t pence, const char *want) {
  char buf[DPSS_MONEY_BUFSIZE];
  char *s = NULL;
  assert_int_equal(dpss_money_format_buf(buf, sizeof buf, pence), (int)strlen(want));
  assert_string_equal(buf, want);
  assert_int_equal(dpss_money_format(&s, pence), DPSS_OK);
  assert_string_equal(s, want);
  dpss_free(s);
}

static void test_format_pounds(void **state) {
  (void)state;
  check_format(0, "£0.00");
  check_format(5, "£0.05");
  check_format(-5, "-£0.05");
  check_format(100, "£1.00");
  check_format(123456, "£1,234.56");
  check_format(310000, "£3,100.00");
  check_format(228400000, "£2,284,000.00");
  check_format(100000000, "£1,000,000.00");
  check_format(99999, "£999.99");
  check_format(INT64_MAX, "£92,233,720,368,547,758.07");
  check_format(INT64_MIN + 1, "-£92,233,720,368,547,758.07");
}

static void test_format_errors_leave_buffer(void **state) {
  (void)state;
  char buf[8] = "keep";
  assert_error(dpss_money_format_buf(buf, sizeof buf, 123456), DPSS_EINVAL, NULL);
  assert_string_equal(buf, "keep");
  assert_error(dpss_money_format_buf(NULL, 10, 1), DPSS_EINVAL, NULL);
  char *s = (char *)1;
  assert_error(dpss_money_format(&s, DPSS_PENCE_NONE), DPSS_EINVAL, NULL);
  assert_null(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_add_sub_mul),
      cmocka_unit_test(test_overflow_is_an_error_and_keeps_out),
      cmocka_unit_test(test_mul_div_round_halves_up),
      cmocka_unit_test(test_format_pounds),
      cmocka_unit_test(test_format_errors_leave_buffer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
