/* SPDX-License-Identifier: MIT */
/* Civil dates. */
#include "helpers.h"

static void test_parse_and_format(void **state) {
  (void)state;
  dpss_date d = 0;
  char buf[DPSS_DATE_BUFSIZE];
  assert_int_equal(dpss_date_parse(&d, "1970-01-01"), DPSS_OK);
  assert_int_equal(d, 0);
  assert_int_equal(dpss_date_parse(&d, "2024-02-29"), DPSS_OK);
  assert_int_equal(dpss_date_format(buf, sizeof buf, d), 10);
  assert_string_equal(buf, "2024-02-29");
  assert_int_equal(dpss_date_parse(&d, "0001-01-01"), DPSS_OK);
  assert_int_equal(dpss_date_format(buf, sizeof buf, d), 10);
  assert_string_equal(buf, "0001-01-01");
  assert_int_equal(dpss_date_parse(&d, "9999-12-31"), DPSS_OK);
  assert_int_equal(dpss_date_format(buf, sizeof buf, d), 10);
  assert_string_equal(buf, "9999-12-31");
}

static void test_parse_rejects_bad_text_and_keeps_out(void **state) {
  (void)state;
  static const char *const bad[] = {"2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
                                    "2026-4-1",   "26-04-01",   "2026-04-01x", "",
                                    "2026/04/01", "0000-01-01", " 2026-04-01", "2026-04-0"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dpss_date d = 77;
    assert_error(dpss_date_parse(&d, bad[i]), DPSS_EDATE, NULL);
    assert_int_equal(d, 77);
  }
  assert_error(dpss_date_parse(NULL, "2026-01-01"), DPSS_EINVAL, NULL);
}

static void test_round_trip_every_day_for_decades(void **state) {
  (void)state;
  dpss_date start = D("1999-12-25");
  for (dpss_date d = start; d < start + 40 * 366; d++) {
    char buf[DPSS_DATE_BUFSIZE];
    dpss_date back;
    int y, m, day;
    assert_int_equal(dpss_date_format(buf, sizeof buf, d), 10);
    assert_int_equal(dpss_date_parse(&back, buf), DPSS_OK);
    assert_int_equal(back, d);
    assert_int_equal(dpss_date_to_ymd(d, &y, &m, &day), DPSS_OK);
    dpss_date again;
    assert_int_equal(dpss_date_from_ymd(&again, y, m, day), DPSS_OK);
    assert_int_equal(again, d);
  }
}

static void test_add_months_clamps_to_month_end(void **state) {
  (void)state;
  dpss_date r;
  /* RULES.md: 31 Aug 2026 + 6 months = 28 Feb 2027; 29 Feb 2024 + 12 = 28 Feb 2025. */
  assert_int_equal(dpss_date_add_months(&r, D("2026-08-31"), 6), DPSS_OK);
  assert_int_equal(r, D("2027-02-28"));
  assert_int_equal(dpss_date_add_months(&r, D("2024-02-29"), 12), DPSS_OK);
  assert_int_equal(r, D("2025-02-28"));
  assert_int_equal(dpss_date_add_months(&r, D("2023-08-31"), 6), DPSS_OK);
  assert_int_equal(r, D("2024-02-29"));
  assert_int_equal(dpss_date_add_months(&r, D("2026-01-31"), 1), DPSS_OK);
  assert_int_equal(r, D("2026-02-28"));
  assert_int_equal(dpss_date_add_months(&r, D("2026-01-05"), 12), DPSS_OK);
  assert_int_equal(r, D("2027-01-05"));
  assert_int_equal(dpss_date_add_months(&r, D("2026-03-31"), -1), DPSS_OK);
  assert_int_equal(r, D("2026-02-28"));
  assert_int_equal(dpss_date_add_months(&r, D("2026-12-15"), 1), DPSS_OK);
  assert_int_equal(r, D("2027-01-15"));
  r = 5;
  assert_error(dpss_date_add_months(&r, D("9999-12-01"), 1), DPSS_EDATE, NULL);
  assert_int_equal(r, 5);
  assert_error(dpss_date_add_months(&r, DPSS_DATE_NONE, 1), DPSS_EDATE, NULL);
}

static void test_add_days_and_days_between(void **state) {
  (void)state;
  dpss_date r;
  assert_int_equal(dpss_date_add_days(&r, D("2026-03-01"), 14), DPSS_OK);
  assert_int_equal(r, D("2026-03-15"));
  assert_int_equal(dpss_date_add_days(&r, D("2024-02-28"), 1), DPSS_OK);
  assert_int_equal(r, D("2024-02-29"));
  assert_int_equal(dpss_date_add_days(&r, D("2024-03-01"), -1), DPSS_OK);
  assert_int_equal(r, D("2024-02-29"));
  assert_int_equal(dpss_date_days_between(D("2026-03-01"), D("2026-03-16")), 15);
  assert_int_equal(dpss_date_days_between(D("2026-03-16"), D("2026-03-01")), -15);
  assert_int_equal(dpss_date_days_between(D("2026-01-05"), D("2026-02-02")), 28);
  assert_int_equal(dpss_date_days_between(DPSS_DATE_NONE, D("2026-02-02")), 0);
  r = 9;
  assert_error(dpss_date_add_days(&r, D("9999-12-31"), 1), DPSS_EDATE, NULL);
  assert_int_equal(r, 9);
}

static void test_days_in_month(void **state) {
  (void)state;
  assert_int_equal(dpss_date_days_in_month(2024, 2), 29);
  assert_int_equal(dpss_date_days_in_month(2025, 2), 28);
  assert_int_equal(dpss_date_days_in_month(1900, 2), 28);
  assert_int_equal(dpss_date_days_in_month(2000, 2), 29);
  assert_int_equal(dpss_date_days_in_month(2026, 4), 30);
  assert_int_equal(dpss_date_days_in_month(2026, 12), 31);
  assert_int_equal(dpss_date_days_in_month(2026, 13), 0);
  assert_int_equal(dpss_date_days_in_month(0, 1), 0);
}

static void test_from_ymd_and_format_errors(void **state) {
  (void)state;
  dpss_date d = 3;
  assert_error(dpss_date_from_ymd(&d, 2025, 2, 29), DPSS_EDATE, NULL);
  assert_int_equal(d, 3);
  char small[5] = "keep";
  assert_error(dpss_date_format(small, sizeof small, 0), DPSS_EINVAL, NULL);
  assert_string_equal(small, "keep");
  char buf[DPSS_DATE_BUFSIZE];
  assert_error(dpss_date_format(buf, sizeof buf, DPSS_DATE_NONE), DPSS_EDATE, NULL);
  assert_error(dpss_date_to_ymd(DPSS_DATE_NONE, NULL, NULL, NULL), DPSS_EDATE, NULL);
  assert_int_equal(dpss_date_today(&d), DPSS_OK);
  assert_true(d > D("2020-01-01"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_and_format),
      cmocka_unit_test(test_parse_rejects_bad_text_and_keeps_out),
      cmocka_unit_test(test_round_trip_every_day_for_decades),
      cmocka_unit_test(test_add_months_clamps_to_month_end),
      cmocka_unit_test(test_add_days_and_days_between),
      cmocka_unit_test(test_days_in_month),
      cmocka_unit_test(test_from_ymd_and_format_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
