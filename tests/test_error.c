/* SPDX-License-Identifier: MIT */
/* Status codes and per-thread errors. */
#include "helpers.h"

#include <pthread.h>

static void test_strerror_covers_every_code(void **state) {
  (void)state;
#define CHECK_CODE_(name, value, text)                    \
  assert_string_equal(dpss_strerror(value), text);        \
  assert_string_equal(dpss_status_name(value), #name);
  DPSS_ERRNO_MAP(CHECK_CODE_)
#undef CHECK_CODE_
  assert_string_equal(dpss_strerror(-999), "unknown error");
  assert_string_equal(dpss_status_name(42), "EUNKNOWNCODE");
}

static void test_codes_are_stable(void **state) {
  (void)state;
  /* Codes are a promise: never renumbered. */
  assert_int_equal(DPSS_OK, 0);
  assert_int_equal(DPSS_EINVAL, -1);
  assert_int_equal(DPSS_ENOMEM, -2);
  assert_int_equal(DPSS_ESYNTAX, -3);
  assert_int_equal(DPSS_ETYPE, -4);
  assert_int_equal(DPSS_ERANGE, -5);
  assert_int_equal(DPSS_EMISSING, -6);
  assert_int_equal(DPSS_EUNKNOWN, -7);
  assert_int_equal(DPSS_EOVERFLOW, -8);
  assert_int_equal(DPSS_EDATE, -9);
  assert_int_equal(DPSS_EIO, -10);
  assert_int_equal(DPSS_EDUPLICATE, -11);
  assert_int_equal(DPSS_ENOTFOUND, -12);
  assert_int_equal(DPSS_ECONFLICT, -13);
  assert_int_equal(DPSS_ECAP, -14);
  assert_int_equal(DPSS_ENETWORK, -15);
}

static void test_error_last_never_null(void **state) {
  (void)state;
  dpss_error_clear();
  const dpss_error *e = dpss_error_last();
  assert_non_null(e);
  assert_int_equal(dpss_error_code(e), DPSS_OK);
  assert_string_equal(dpss_error_message(e), "");
  assert_string_equal(dpss_error_field(e), "");
  assert_int_equal(dpss_error_line(e), 0);
  assert_int_equal(dpss_error_column(e), 0);
  assert_int_equal(dpss_error_code(NULL), DPSS_EINVAL);
  assert_string_equal(dpss_error_message(NULL), "");
  assert_string_equal(dpss_error_field(NULL), "");
}

static void test_syntax_error_has_line_and_column(void **state) {
  (void)state;
  dpss_recipient *r = (dpss_recipient *)1;
  int rc = dpss_recipient_from_json(&r, "{\n  \"id\": \"R-1\",\n  \"kind\" \"adult\"\n}");
  assert_error(rc, DPSS_ESYNTAX, NULL);
  assert_null(r);
  assert_int_equal(dpss_error_line(dpss_error_last()), 3);
  assert_true(dpss_error_column(dpss_error_last()) > 0);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "line 3"));
}

static void *other_thread(void *arg) {
  (void)arg;
  dpss_date d;
  dpss_date_parse(&d, "not a date");
  return (void *)(intptr_t)dpss_error_code(dpss_error_last());
}

static void test_errors_are_per_thread(void **state) {
  (void)state;
  dpss_error_clear();
  pthread_t t;
  void *res;
  assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
  pthread_join(t, &res);
  assert_int_equal((int)(intptr_t)res, DPSS_EDATE);
  assert_int_equal(dpss_error_code(dpss_error_last()), DPSS_OK);
}

static void test_version(void **state) {
  (void)state;
  assert_string_equal(dpss_version_string(), DPSS_VERSION_STRING);
  assert_int_equal(dpss_version_number(), DPSS_VERSION_NUMBER);
}

static void test_id_generate(void **state) {
  (void)state;
  char *a = NULL, *b = NULL;
  assert_int_equal(dpss_id_generate(&a, "C"), DPSS_OK);
  assert_int_equal(dpss_id_generate(&b, "C"), DPSS_OK);
  assert_int_equal(strlen(a), 2 + 36);
  assert_memory_equal(a, "C-", 2);
  assert_string_not_equal(a, b);
  dpss_free(a);
  dpss_free(b);
  assert_int_equal(dpss_id_generate(&a, NULL), DPSS_OK);
  assert_int_equal(strlen(a), 36);
  dpss_free(a);
  a = (char *)1;
  assert_error(dpss_id_generate(&a, "bad prefix"), DPSS_EINVAL, "prefix");
  assert_null(a);
  assert_error(dpss_id_generate(NULL, "C"), DPSS_EINVAL, NULL);
  dpss_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_strerror_covers_every_code),
      cmocka_unit_test(test_codes_are_stable),
      cmocka_unit_test(test_error_last_never_null),
      cmocka_unit_test(test_syntax_error_has_line_and_column),
      cmocka_unit_test(test_errors_are_per_thread),
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_id_generate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
