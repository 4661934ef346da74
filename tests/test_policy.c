/* SPDX-License-Identifier: MIT */
/* Policy: defaults, effective dates, JSON, overrides, validation. */
#include "helpers.h"

static int64_t get(const dpss_policy *p, const char *name, const char *on) {
  int64_t v = -999;
  assert_int_equal(dpss_policy_get(p, name, D(on), &v), DPSS_OK);
  return v;
}

static char *snapshot(const dpss_policy *p) {
  char *s = NULL;
  assert_int_equal(dpss_policy_to_json(p, &s), DPSS_OK);
  return s;
}

static void assert_unchanged(const dpss_policy *p, const char *before) {
  char *now = snapshot(p);
  assert_string_equal(now, before);
  dpss_free(now);
}

static void test_defaults_are_nottinghamshire(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_string_equal(dpss_policy_id(p), "nottinghamshire");
  assert_int_equal(get(p, "surplus_threshold_weeks", "2026-01-01"), 6);
  assert_int_equal(get(p, "startup_max_months", "2026-01-01"), 12);
  assert_int_equal(get(p, "issue_escalation_days", "2026-01-01"), 14);
  assert_int_equal(get(p, "min_associates", "2026-01-01"), 2);
  assert_int_equal(get(p, "first_review_months", "2026-01-01"), 6);
  assert_int_equal(get(p, "review_interval_months", "2026-01-01"), 12);
  assert_int_equal(get(p, "first_audit_months", "2026-01-01"), 6);
  assert_int_equal(get(p, "audit_interval_months", "2026-01-01"), 12);
  assert_int_equal(get(p, "surplus_triggers_review", "2026-01-01"), 1);
  assert_int_equal(get(p, "payment_basis", "2026-01-01"), 0);
  assert_int_equal(get(p, "payment_frequency", "2026-01-01"), 0);
  assert_int_equal(get(p, "payment_interval_weeks", "2026-01-01"), 4);
  assert_int_equal(get(p, "dp_uptake_target", "2026-01-01"), 40);
  assert_int_equal(get(p, "framework_term_years", "2026-01-01"), 4);
  assert_int_equal(get(p, "market_viability_floor_percent", "2026-01-01"), 5);
  assert_int_equal(get(p, "market_dominance_ceiling_percent", "2026-01-01"), 50);
  assert_int_equal(get(p, "surplus_notice_days", "2026-01-01"), 14);
  assert_int_equal(get(p, "audit_match_days", "2026-01-01"), 5);
  assert_int_equal(get(p, "dbs_valid_years", "2026-01-01"), 3);
  assert_int_equal(get(p, "underspend_review_percent", "2026-01-01"), 75);
  assert_int_equal(get(p, "misuse_threshold_pence", "2026-01-01"), 0);
  char *t0 = NULL;
  assert_int_equal(dpss_policy_get_text(p, "prohibited_categories", D("2026-01-01"), &t0),
                   DPSS_OK);
  assert_string_equal(t0, "rent_mortgage,food_drink,utilities,alcohol,tobacco,gambling");
  dpss_free(t0);
  assert_int_equal(dpss_policy_get_text(p, "first_review", D("2026-01-01"), &t0), DPSS_OK);
  assert_string_equal(t0, "6 months");
  dpss_free(t0);
  assert_int_equal(dpss_policy_param_count(), 23);
  assert_int_equal(get(p, "first_audit_from", "2026-01-01"), 0);
  for (size_t i = 0; i < dpss_policy_param_count(); i++) {
    assert_non_null(dpss_policy_param_name(i));
    assert_non_null(dpss_policy_param_source(i));
  }
  assert_null(dpss_policy_param_name(dpss_policy_param_count()));
  char *text;
  assert_int_equal(dpss_policy_get_text(p, "payment_basis", D("2026-01-01"), &text), DPSS_OK);
  assert_string_equal(text, "net");
  dpss_free(text);
  assert_int_equal(dpss_policy_get_text(p, "surplus_triggers_review", D("2026-01-01"), &text),
                   DPSS_OK);
  assert_string_equal(text, "true");
  dpss_free(text);
  dpss_policy_free(p);
  dpss_policy_free(NULL);
}

static const char dated[] =
    "{\"id\": \"nottinghamshire\", \"version\": \"2026-01-01\",\n"
    " \"parameters\": {\n"
    "   \"surplus_threshold_weeks\": [{\"from\": \"2013-10-28\", \"value\": 6},\n"
    "                               {\"from\": \"2027-04-01\", \"value\": 8}],\n"
    "   \"issue_escalation_days\": 14\n"
    " }}";

static void test_effective_dated_values(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_from_json(&p, dated), DPSS_OK);
  assert_string_equal(dpss_policy_version(p), "2026-01-01");
  /* The value in force is the one with the latest from on or before the date. */
  assert_int_equal(get(p, "surplus_threshold_weeks", "2027-03-31"), 6);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2027-04-01"), 8);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2013-10-28"), 6);
  /* Before every entry: the built-in default. */
  assert_int_equal(get(p, "surplus_threshold_weeks", "2013-10-27"), 6);
  /* Not given: the built-in default. */
  assert_int_equal(get(p, "startup_max_months", "2030-01-01"), 12);
  dpss_policy_free(p);
}

static void test_schedule_order_does_not_matter(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_from_json(&p, "{\"id\":\"x\",\"parameters\":{"
                                              "\"surplus_threshold_weeks\":["
                                              "{\"from\":\"2027-04-01\",\"value\":8},"
                                              "{\"from\":\"2020-01-01\",\"value\":4}]}}"),
                   DPSS_OK);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2019-12-31"), 6);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2020-01-01"), 4);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2027-04-01"), 8);
  dpss_policy_free(p);
}

static void test_json_round_trip(void **state) {
  (void)state;
  dpss_policy *p, *q;
  assert_int_equal(dpss_policy_from_json(&p, dated), DPSS_OK);
  char *a = snapshot(p);
  assert_int_equal(dpss_policy_from_json(&q, a), DPSS_OK);
  char *b = snapshot(q);
  assert_string_equal(a, b);
  assert_int_equal(get(q, "surplus_threshold_weeks", "2027-04-01"), 8);
  dpss_free(a);
  dpss_free(b);
  dpss_policy_free(p);
  dpss_policy_free(q);
  /* A policy without a version loads back from its own JSON (issue 9:
   * "version":"" was written, which does not load). */
  assert_int_equal(dpss_policy_from_json(&p, "{\"id\":\"v-less\",\"parameters\":{}}"), DPSS_OK);
  assert_string_equal(dpss_policy_version(p), "");
  assert_int_equal(dpss_policy_to_json(p, &a), DPSS_OK);
  assert_null(strstr(a, "\"version\""));
  assert_int_equal(dpss_policy_from_json(&q, a), DPSS_OK);
  assert_int_equal(dpss_policy_to_json(q, &b), DPSS_OK);
  assert_string_equal(a, b);
  dpss_free(a);
  dpss_free(b);
  dpss_policy_free(p);
  dpss_policy_free(q);
}

/* Found by tests/fuzz (fuzz_policy, input "{}"): a policy without a version
 * was written with "version":"", which did not load back. */
static void test_policy_without_version_round_trips(void **state) {
  (void)state;
  dpss_policy *p, *q;
  assert_int_equal(dpss_policy_from_json(&p, "{}"), DPSS_OK);
  assert_string_equal(dpss_policy_version(p), "");
  char *a = snapshot(p);
  assert_null(strstr(a, "\"version\""));
  assert_int_equal(dpss_policy_from_json(&q, a), DPSS_OK);
  char *b = snapshot(q);
  assert_string_equal(a, b);
  assert_string_equal(dpss_policy_version(q), "");
  dpss_free(a);
  dpss_free(b);
  dpss_policy_free(p);
  dpss_policy_free(q);
}

static void test_bad_policies_name_the_field(void **state) {
  (void)state;
  static const struct {
    const char *json;
    int code;
    const char *field;
  } cases[] = {
      {"{\"id\":\"x\",\"parameters\":{\"surplus_weeks\":6}}", DPSS_EUNKNOWN,
       "parameters.surplus_weeks"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":\"6\"}}", DPSS_ETYPE,
       "parameters.surplus_threshold_weeks"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":-1}}", DPSS_ERANGE,
       "parameters.surplus_threshold_weeks"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":0}}", DPSS_ERANGE,
       "parameters.surplus_threshold_weeks"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":53}}", DPSS_ERANGE,
       "parameters.surplus_threshold_weeks"},
      {"{\"id\":\"x\",\"parameters\":{\"issue_escalation_days\":6.5}}", DPSS_ETYPE,
       "parameters.issue_escalation_days"},
      {"{\"id\":\"x\",\"parameters\":{\"payment_basis\":\"weekly\"}}", DPSS_EUNKNOWN,
       "parameters.payment_basis"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_triggers_review\":1}}", DPSS_ETYPE,
       "parameters.surplus_triggers_review"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":[{\"from\":\"2026-02-30\","
       "\"value\":6}]}}",
       DPSS_EDATE, "parameters.surplus_threshold_weeks[0].from"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":[{\"value\":6}]}}",
       DPSS_EMISSING, "parameters.surplus_threshold_weeks[0].from"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":[{\"from\":\"2026-01-01\","
       "\"value\":99}]}}",
       DPSS_ERANGE, "parameters.surplus_threshold_weeks[0].value"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":[]}}", DPSS_EMISSING,
       "parameters.surplus_threshold_weeks"},
      {"{\"id\":\"x\",\"parameters\":{\"surplus_threshold_weeks\":[{\"from\":\"2026-01-01\","
       "\"value\":6},{\"from\":\"2026-01-01\",\"value\":8}]}}",
       DPSS_EDUPLICATE, "parameters.surplus_threshold_weeks"},
      {"{\"id\":\"x\",\"parameters\":[]}", DPSS_ETYPE, "parameters"},
      {"{\"id\":\"x\",\"colour\":\"red\"}", DPSS_EUNKNOWN, "colour"},
      {"{\"id\":7}", DPSS_ETYPE, "id"},
      {"[]", DPSS_ETYPE, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dpss_policy *p = (dpss_policy *)1;
    assert_error(dpss_policy_from_json(&p, cases[i].json), cases[i].code, cases[i].field);
    assert_null(p);
  }
  dpss_policy *p = (dpss_policy *)1;
  assert_error(dpss_policy_from_json(&p, "{\"id\": "), DPSS_ESYNTAX, NULL);
  assert_null(p);
  assert_error(dpss_policy_from_json(&p, NULL), DPSS_EINVAL, NULL);
  assert_error(dpss_policy_from_file(&p, "/nonexistent/policy.json"), DPSS_EIO, NULL);
  assert_null(p);
}

/* id and version are labels of 1 to 64 bytes of printable text; an empty
 * version is none. description is free text of 1 to 4096 characters, read,
 * kept by a clone and written back. */
static void test_id_version_and_description(void **state) {
  (void)state;
  dpss_policy *p, *c;
  assert_int_equal(dpss_policy_from_json(&p, "{\"id\":\"Notts DPSS\",\"version\":\"\","
                                             "\"description\":\"Line one.\\nLine two: "
                                             "\\u00a3 and \\u00e9.\"}"),
                   DPSS_OK);
  assert_string_equal(dpss_policy_id(p), "Notts DPSS");
  assert_string_equal(dpss_policy_version(p), "");
  assert_string_equal(dpss_policy_description(p), "Line one.\nLine two: \xc2\xa3 and \xc3\xa9.");
  assert_int_equal(dpss_policy_clone(&c, p), DPSS_OK);
  char *a = snapshot(p), *b = snapshot(c);
  assert_string_equal(a, b);
  assert_non_null(strstr(a, "{\"id\":\"Notts DPSS\",\"description\":\"Line one.\\nLine two: "
                            "\xc2\xa3 and \xc3\xa9.\",\"parameters\":"));
  dpss_policy *again;
  assert_int_equal(dpss_policy_from_json(&again, a), DPSS_OK);
  assert_string_equal(dpss_policy_description(again), dpss_policy_description(p));
  dpss_policy_free(again);
  dpss_free(a);
  dpss_free(b);
  dpss_policy_free(c);
  dpss_policy_free(p);
  /* The edges: 64 bytes, 4096 characters of two bytes each. */
  char text[16384], label[65], desc[2 * 4097 + 1];
  memset(label, 'v', 64);
  label[64] = '\0';
  for (int i = 0; i < 4096; i++)
    memcpy(desc + 2 * i, "\xc3\xa9", 2);
  desc[2 * 4096] = '\0';
  snprintf(text, sizeof text, "{\"id\":\"%s\",\"version\":\"%s\",\"description\":\"%s\"}",
           label, label, desc);
  assert_int_equal(dpss_policy_from_json(&p, text), DPSS_OK);
  assert_string_equal(dpss_policy_version(p), label);
  dpss_policy_free(p);
  memcpy(desc + 2 * 4096, "x", 2); /* 4097 characters */
  snprintf(text, sizeof text, "{\"description\":\"%s\"}", desc);
  p = (dpss_policy *)1;
  assert_error(dpss_policy_from_json(&p, text), DPSS_ERANGE, "description");
  assert_null(p);
  static const struct {
    const char *json;
    int code;
    const char *field;
  } bad[] = {
      {"{\"id\":\"\"}", DPSS_ERANGE, "id"},
      {"{\"id\":\"a\\tb\"}", DPSS_ERANGE, "id"},
      {"{\"id\":\"a\\nb\"}", DPSS_ERANGE, "id"},
      {"{\"id\":\"a\\u007f\"}", DPSS_ERANGE, "id"},
      {"{\"id\":\"a\\u009b\"}", DPSS_ERANGE, "id"},
      {"{\"id\":\"x\",\"version\":\"2026\\r\"}", DPSS_ERANGE, "version"},
      {"{\"id\":\"x\",\"version\":2026}", DPSS_ETYPE, "version"},
      {"{\"id\":\"x\",\"description\":\"\"}", DPSS_ERANGE, "description"},
      {"{\"id\":\"x\",\"description\":5}", DPSS_ETYPE, "description"},
      {"{\"id\":\"x\",\"description\":[\"a\"]}", DPSS_ETYPE, "description"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    p = (dpss_policy *)1;
    assert_error(dpss_policy_from_json(&p, bad[i].json), bad[i].code, bad[i].field);
    assert_null(p);
  }
  label[63] = '\0';
  snprintf(text, sizeof text, "{\"id\":\"%s\\u00e9\"}", label); /* 63 + 2 bytes */
  p = (dpss_policy *)1;
  assert_error(dpss_policy_from_json(&p, text), DPSS_ERANGE, "id");
  assert_null(p);
}

static void test_overrides_for_what_if(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_from_json(&p, dated), DPSS_OK);
  assert_int_equal(dpss_policy_set(p, "surplus_threshold_weeks=8"), DPSS_OK);
  /* An override holds at every date, replacing the schedule. */
  assert_int_equal(get(p, "surplus_threshold_weeks", "2020-01-01"), 8);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2030-01-01"), 8);
  assert_int_equal(dpss_policy_set(p, "payment_basis=gross"), DPSS_OK);
  assert_int_equal(get(p, "payment_basis", "2026-01-01"), 1);
  assert_int_equal(dpss_policy_set(p, "surplus_triggers_review=false"), DPSS_OK);
  assert_int_equal(get(p, "surplus_triggers_review", "2026-01-01"), 0);
  assert_int_equal(dpss_policy_set_int(p, "issue_escalation_days", 28), DPSS_OK);
  assert_int_equal(get(p, "issue_escalation_days", "2026-01-01"), 28);
  dpss_policy_free(p);
}

static void test_bad_overrides_change_nothing(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_from_json(&p, dated), DPSS_OK);
  char *before = snapshot(p);
  assert_error(dpss_policy_set(p, "surplus_threshold_weeks"), DPSS_EINVAL, NULL);
  assert_error(dpss_policy_set(p, "no_such_thing=3"), DPSS_EUNKNOWN, "no_such_thing");
  assert_error(dpss_policy_set(p, "surplus_threshold_weeks=eight"), DPSS_ETYPE,
               "surplus_threshold_weeks");
  assert_error(dpss_policy_set(p, "surplus_threshold_weeks=8x"), DPSS_ETYPE,
               "surplus_threshold_weeks");
  assert_error(dpss_policy_set(p, "surplus_threshold_weeks="), DPSS_ETYPE,
               "surplus_threshold_weeks");
  assert_error(dpss_policy_set(p, "surplus_threshold_weeks=-2"), DPSS_ERANGE,
               "surplus_threshold_weeks");
  assert_error(dpss_policy_set(p, "surplus_threshold_weeks=99999999999999999999"), DPSS_ETYPE,
               "surplus_threshold_weeks");
  assert_error(dpss_policy_set(p, "payment_basis=weekly"), DPSS_EUNKNOWN, "payment_basis");
  assert_error(dpss_policy_set(p, "surplus_triggers_review=yes"), DPSS_ETYPE,
               "surplus_triggers_review");
  assert_error(dpss_policy_set_int(p, "dp_uptake_target", 101), DPSS_ERANGE,
               "dp_uptake_target");
  assert_error(dpss_policy_set_from(p, "surplus_threshold_weeks", DPSS_DATE_NONE, 8), DPSS_EDATE,
               NULL);
  assert_error(dpss_policy_set_from(p, "surplus_threshold_weeks", D("2030-01-01"), 0),
               DPSS_ERANGE, NULL);
  assert_error(dpss_policy_set(NULL, "a=1"), DPSS_EINVAL, NULL);
  assert_unchanged(p, before);
  int64_t v = 5;
  assert_error(dpss_policy_get(p, "nope", D("2026-01-01"), &v), DPSS_EUNKNOWN, NULL);
  assert_int_equal(v, 5);
  dpss_free(before);
  dpss_policy_free(p);
}

static void test_set_from_adds_a_dated_change(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_policy_set_from(p, "surplus_threshold_weeks", D("2027-04-01"), 8),
                   DPSS_OK);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2027-03-31"), 6);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2027-04-01"), 8);
  assert_int_equal(dpss_policy_set_from(p, "surplus_threshold_weeks", D("2026-01-01"), 4),
                   DPSS_OK);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2026-06-01"), 4);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2027-06-01"), 8);
  dpss_policy_free(p);
}

static void test_clone_is_independent(void **state) {
  (void)state;
  dpss_policy *p, *c;
  assert_int_equal(dpss_policy_from_json(&p, dated), DPSS_OK);
  assert_int_equal(dpss_policy_clone(&c, p), DPSS_OK);
  assert_int_equal(dpss_policy_set(c, "surplus_threshold_weeks=8"), DPSS_OK);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2026-01-01"), 6);
  assert_int_equal(get(c, "surplus_threshold_weeks", "2026-01-01"), 8);
  assert_int_equal(get(c, "issue_escalation_days", "2026-01-01"), 14);
  dpss_policy_free(p);
  dpss_policy_free(c);
}

static void test_policy_file(void **state) {
  (void)state;
  char path[512];
  dpss_policy *p;
  assert_int_equal(dpss_policy_from_file(&p, srcpath("data/policy-dated.json", path, sizeof path)),
                   DPSS_OK);
  assert_int_equal(get(p, "surplus_threshold_weeks", "2027-04-01"), 8);
  dpss_policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults_are_nottinghamshire),
      cmocka_unit_test(test_effective_dated_values),
      cmocka_unit_test(test_schedule_order_does_not_matter),
      cmocka_unit_test(test_json_round_trip),
      cmocka_unit_test(test_policy_without_version_round_trips),
      cmocka_unit_test(test_bad_policies_name_the_field),
      cmocka_unit_test(test_id_version_and_description),
      cmocka_unit_test(test_overrides_for_what_if),
      cmocka_unit_test(test_bad_overrides_change_nothing),
      cmocka_unit_test(test_set_from_adds_a_dated_change),
      cmocka_unit_test(test_clone_is_independent),
      cmocka_unit_test(test_policy_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
