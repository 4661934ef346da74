/* SPDX-License-Identifier: MIT */
/* The recipient record: JSON in and out, three-state facts, validation,
 * building from C. */
#include "helpers.h"

static dpss_recipient *load(const char *json) {
  dpss_recipient *r = NULL;
  int rc = dpss_recipient_from_json(&r, json);
  if (rc)
    fail_msg("from_json: %s", dpss_error_message(dpss_error_last()));
  return r;
}

static char *to_json(const dpss_recipient *r) {
  char *s = NULL;
  assert_int_equal(dpss_recipient_to_json(r, &s), DPSS_OK);
  return s;
}

static void test_reads_the_contract_example(void **state) {
  (void)state;
  char path[512];
  char *text = read_file(srcpath("data/recipient-full.json", path, sizeof path));
  assert_non_null(text);
  dpss_recipient *r = load(text);
  assert_string_equal(dpss_recipient_id(r), "R-000123");
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_HAS_CAPACITY), DPSS_TRUE);
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_AUTHORISED_PERSON), DPSS_UNKNOWN);
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_EXCLUDING_ORDER), DPSS_FALSE);
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_CARD_SUITABLE), DPSS_UNKNOWN);
  assert_int_equal(dpss_recipient_get_funding(r, DPSS_SOURCE_SOCIAL_CARE), 45000);
  assert_int_equal(dpss_recipient_get_funding(r, DPSS_SOURCE_HEALTH), 5000);
  assert_int_equal(dpss_recipient_get_date(r, DPSS_DATE_DP_START), D("2026-01-05"));
  assert_int_equal(dpss_recipient_get_date(r, DPSS_DATE_LAST_REVIEW), D("2026-07-01"));
  assert_int_equal(dpss_recipient_get_date(r, DPSS_DATE_LAST_AUDIT), DPSS_DATE_NONE);
  assert_int_equal(dpss_recipient_issue_count(r), 1);
  free(text);
  dpss_recipient_free(r);
  dpss_recipient_free(NULL);
}

static void test_round_trip_loses_nothing(void **state) {
  (void)state;
  char path[512];
  char *text = read_file(srcpath("data/recipient-full.json", path, sizeof path));
  dpss_recipient *r = load(text);
  char *once = to_json(r);
  dpss_recipient *again = load(once);
  char *twice = to_json(again);
  assert_string_equal(once, twice);
  /* Every value of the input is in the output, equal as JSON. */
  assert_non_null(strstr(once, "\"specialist_needs\":[\"sensory_impairment\"]"));
  assert_non_null(strstr(once, "\"existing_arrangement\":{\"provider\":\"P-OLD\",\"successful\":true}"));
  assert_non_null(strstr(once, "\"balance\":{\"on\":\"2026-11-01\",\"pence\":310000,\"owed_pence\":0}"));
  free(text);
  dpss_free(once);
  dpss_free(twice);
  dpss_recipient_free(r);
  dpss_recipient_free(again);
}

static void test_unknown_fields_are_kept(void **state) {
  (void)state;
  dpss_recipient *r = load("{\"id\":\"R-1\",\"council_ref\":{\"area\":\"north\",\"n\":[1,2]},"
                           "\"authorised_person\":\"AP-7\",\"budget\":{\"extra\":true}}");
  char *s = to_json(r);
  assert_non_null(strstr(s, "\"council_ref\":{\"area\":\"north\",\"n\":[1,2]}"));
  assert_non_null(strstr(s, "\"authorised_person\":\"AP-7\""));
  assert_non_null(strstr(s, "\"budget\":{\"extra\":true}"));
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_AUTHORISED_PERSON), DPSS_TRUE);
  dpss_free(s);
  dpss_recipient_free(r);
}

static void test_facts_are_three_state(void **state) {
  (void)state;
  dpss_recipient *r = load("{\"id\":\"R-1\",\"has_capacity\":false,\"consents\":null}");
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_HAS_CAPACITY), DPSS_FALSE);
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_CONSENTS), DPSS_UNKNOWN);
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_EXCLUDING_ORDER), DPSS_UNKNOWN);
  char *s = to_json(r);
  assert_non_null(strstr(s, "\"has_capacity\":false"));
  assert_non_null(strstr(s, "\"consents\":null"));
  assert_non_null(strstr(s, "\"excluding_order\":null"));
  dpss_free(s);
  dpss_recipient_free(r);
}

static void test_bad_records_name_the_field(void **state) {
  (void)state;
  static const struct {
    const char *json;
    int code;
    const char *field;
  } cases[] = {
      {"{}", DPSS_EMISSING, "id"},
      {"{\"id\":\"\"}", DPSS_ERANGE, "id"},
      {"{\"id\":\"has space\"}", DPSS_ERANGE, "id"},
      {"{\"id\":12}", DPSS_ETYPE, "id"},
      {"{\"id\":\"R-1\",\"kind\":\"pensioner\"}", DPSS_EUNKNOWN, "kind"},
      {"{\"id\":\"R-1\",\"has_capacity\":\"yes\"}", DPSS_ETYPE, "has_capacity"},
      {"{\"id\":\"R-1\",\"consents\":1}", DPSS_ETYPE, "consents"},
      {"{\"id\":\"R-1\",\"authorised_person\":\"\"}", DPSS_ERANGE, "authorised_person"},
      {"{\"id\":\"R-1\",\"authorised_person\":3}", DPSS_ETYPE, "authorised_person"},
      {"{\"id\":\"R-1\",\"payment_method\":\"cash\"}", DPSS_EUNKNOWN, "payment_method"},
      {"{\"id\":\"R-1\",\"risk\":\"medium\"}", DPSS_EUNKNOWN, "risk"},
      {"{\"id\":\"R-1\",\"specialist_needs\":\"dementia\"}", DPSS_ETYPE, "specialist_needs"},
      {"{\"id\":\"R-1\",\"specialist_needs\":[\"dementia\",5]}", DPSS_ETYPE,
       "specialist_needs[1]"},
      {"{\"id\":\"R-1\",\"funding\":{}}", DPSS_ETYPE, "funding"},
      {"{\"id\":\"R-1\",\"funding\":[{\"source\":\"lottery\",\"weekly_pence\":1}]}",
       DPSS_EUNKNOWN, "funding[0].source"},
      {"{\"id\":\"R-1\",\"funding\":[{\"weekly_pence\":1}]}", DPSS_EMISSING,
       "funding[0].source"},
      {"{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\"}]}", DPSS_EMISSING,
       "funding[0].weekly_pence"},
      {"{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\",\"weekly_pence\":-1}]}",
       DPSS_ERANGE, "funding[0].weekly_pence"},
      {"{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\",\"weekly_pence\":10.5}]}",
       DPSS_ETYPE, "funding[0].weekly_pence"},
      {"{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\",\"weekly_pence\":"
       "9000000000000000000}]}",
       DPSS_ERANGE, "funding[0].weekly_pence"},
      {"{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\",\"weekly_pence\":1},"
       "{\"source\":\"health\",\"weekly_pence\":2}]}",
       DPSS_EDUPLICATE, "funding[1]"},
      {"{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\",\"weekly_pence\":1,\"x\":1}]}",
       DPSS_EUNKNOWN, "funding[0].x"},
      {"{\"id\":\"R-1\",\"dp_start\":\"2026-02-30\"}", DPSS_EDATE, "dp_start"},
      {"{\"id\":\"R-1\",\"dp_start\":20260201}", DPSS_ETYPE, "dp_start"},
      {"{\"id\":\"R-1\",\"balance\":{\"on\":\"2026-01-01\"}}", DPSS_EMISSING, "balance.pence"},
      {"{\"id\":\"R-1\",\"balance\":{\"pence\":1,\"owed_pence\":-1}}", DPSS_ERANGE,
       "balance.owed_pence"},
      {"{\"id\":\"R-1\",\"balance\":5}", DPSS_ETYPE, "balance"},
      {"{\"id\":\"R-1\",\"support\":{\"tier\":\"gold\"}}", DPSS_EUNKNOWN, "support.tier"},
      {"{\"id\":\"R-1\",\"support\":{\"since\":\"yesterday\"}}", DPSS_EDATE, "support.since"},
      {"{\"id\":\"R-1\",\"existing_arrangement\":{\"successful\":true}}", DPSS_EMISSING,
       "existing_arrangement.provider"},
      {"{\"id\":\"R-1\",\"issues\":[{\"id\":\"I-1\"}]}", DPSS_EMISSING, "issues[0].opened"},
      {"{\"id\":\"R-1\",\"issues\":[{\"id\":\"I-1\",\"opened\":\"2026-03-02\","
       "\"resolved\":\"2026-03-01\"}]}",
       DPSS_ECONFLICT, "issues[0].resolved"},
      {"{\"id\":\"R-1\",\"issues\":[{\"id\":\"I-1\",\"opend\":\"2026-03-02\"}]}", DPSS_EUNKNOWN,
       "issues[0].opend"},
      {"{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":50001}],"
       "\"personal_budget_weekly_pence\":50000}",
       DPSS_ECONFLICT, "funding"},
      {"{\"id\":\"R-1\",\"contribution_weekly_pence\":-5}", DPSS_ERANGE,
       "contribution_weekly_pence"},
      {"{\"id\":\"R-1\",\"dp_start\":\"2026-02-01\",\"dp_end\":\"2026-01-31\"}", DPSS_ECONFLICT,
       "dp_end"},
      {"{\"id\":\"R-1\",\"one_off_payments\":[{\"date\":\"2026-02-01\"}]}", DPSS_EMISSING,
       "one_off_payments[0].pence"},
      {"[]", DPSS_ETYPE, NULL},
      {"\"R-1\"", DPSS_ETYPE, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dpss_recipient *r = (dpss_recipient *)1;
    int rc = dpss_recipient_from_json(&r, cases[i].json);
    if (rc != cases[i].code)
      fail_msg("case %zu: got %s: %s", i, dpss_status_name(rc),
               dpss_error_message(dpss_error_last()));
    assert_error(rc, cases[i].code, cases[i].field);
    assert_null(r);
  }
}

/* A one-off payment's purpose is free text (issue: "new wheelchair" was
 * refused as an id with a space): 1 to 200 characters, no control
 * characters, written back as given. */
static void test_one_off_purpose_is_free_text(void **state) {
  (void)state;
  char purpose[2 * 200 + 1], json[1024];
  /* 200 characters of two bytes each (U+00E9) is 200 characters. */
  for (int i = 0; i < 200; i++)
    memcpy(purpose + 2 * i, "\xc3\xa9", 2);
  purpose[400] = '\0';
  const char *good[] = {"new wheelchair", "Bath lift (NHS loan ended); fitted 2 May", purpose};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    snprintf(json, sizeof json,
             "{\"id\":\"R-1\",\"one_off_payments\":[{\"date\":\"2026-03-01\",\"pence\":25000,"
             "\"purpose\":\"%s\"}]}", good[i]);
    dpss_recipient *r = load(json);
    char *out = to_json(r);
    char want[1024];
    snprintf(want, sizeof want, "\"purpose\":\"%s\"", good[i]);
    assert_non_null(strstr(out, want));
    dpss_free(out);
    dpss_recipient_free(r);
  }
  /* 201 characters, empty, control characters (C0, DEL, C1), not a string. */
  char long_text[202];
  memset(long_text, 'a', 201);
  long_text[201] = '\0';
  static const struct {
    const char *purpose;
    int code;
  } bad[] = {{NULL, DPSS_ERANGE},        {"\"\"", DPSS_ERANGE},
             {"\"a\\tb\"", DPSS_ERANGE}, {"\"a\\nb\"", DPSS_ERANGE},
             {"\"a\\u007fb\"", DPSS_ERANGE}, {"\"a\\u0085b\"", DPSS_ERANGE},
             {"7", DPSS_ETYPE},          {"[\"a\"]", DPSS_ETYPE}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char quoted[210];
    if (bad[i].purpose)
      snprintf(quoted, sizeof quoted, "%s", bad[i].purpose);
    else
      snprintf(quoted, sizeof quoted, "\"%s\"", long_text);
    snprintf(json, sizeof json,
             "{\"id\":\"R-1\",\"one_off_payments\":[{\"date\":\"2026-03-01\",\"pence\":1,"
             "\"purpose\":%s}]}", quoted);
    dpss_recipient *r = (dpss_recipient *)1;
    assert_error(dpss_recipient_from_json(&r, json), bad[i].code, "one_off_payments[0].purpose");
    assert_null(r);
  }
  /* null is no purpose: none written back. */
  dpss_recipient *r = load("{\"id\":\"R-1\",\"one_off_payments\":[{\"date\":\"2026-03-01\","
                           "\"pence\":1,\"purpose\":null}]}");
  char *out = to_json(r);
  assert_null(strstr(out, "purpose"));
  dpss_free(out);
  dpss_recipient_free(r);
}

static void test_messages_never_quote_values(void **state) {
  (void)state;
  dpss_recipient *r;
  /* A personal value in the wrong place must not appear in the message. */
  int rc = dpss_recipient_from_json(&r, "{\"id\":\"R-1\",\"kind\":\"Jane Smith\"}");
  assert_int_equal(rc, DPSS_EUNKNOWN);
  assert_null(strstr(dpss_error_message(dpss_error_last()), "Jane"));
  rc = dpss_recipient_from_json(&r, "{\"id\":\"R-1\",\"dp_start\":\"Jane Smith\"}");
  assert_int_equal(rc, DPSS_EDATE);
  assert_null(strstr(dpss_error_message(dpss_error_last()), "Jane"));
  rc = dpss_recipient_from_json(&r, "{\"id\":\"R-1\",\"kind\":\"adult\" \"Jane Smith\"}");
  assert_int_equal(rc, DPSS_ESYNTAX);
  assert_null(strstr(dpss_error_message(dpss_error_last()), "Jane"));
}

static void test_build_from_c(void **state) {
  (void)state;
  dpss_recipient *r;
  assert_int_equal(dpss_recipient_new(&r, "R-9"), DPSS_OK);
  assert_int_equal(dpss_recipient_get_fact(r, DPSS_FACT_CONSENTS), DPSS_UNKNOWN);
  assert_int_equal(dpss_recipient_set_kind(r, DPSS_KIND_CHILD), DPSS_OK);
  assert_int_equal(dpss_recipient_set_fact(r, DPSS_FACT_CONSENTS, DPSS_TRUE), DPSS_OK);
  assert_int_equal(dpss_recipient_set_method(r, DPSS_METHOD_MANAGED_ACCOUNT), DPSS_OK);
  assert_int_equal(dpss_recipient_set_risk(r, DPSS_RISK_HIGH), DPSS_OK);
  assert_int_equal(dpss_recipient_set_funding(r, DPSS_SOURCE_HEALTH, 5000), DPSS_OK);
  assert_int_equal(dpss_recipient_set_funding(r, DPSS_SOURCE_SOCIAL_CARE, 45000), DPSS_OK);
  assert_int_equal(dpss_recipient_set_date(r, DPSS_DATE_DP_START, D("2026-01-05")), DPSS_OK);
  assert_int_equal(dpss_recipient_set_balance(r, D("2026-11-01"), 310000, 100), DPSS_OK);
  assert_int_equal(dpss_recipient_set_support(r, DPSS_TIER_START_UP, D("2026-01-05"), DPSS_FALSE,
                                              "P-LEAD"),
                   DPSS_OK);
  assert_int_equal(dpss_recipient_set_existing(r, "P-OLD", DPSS_TRUE), DPSS_OK);
  assert_int_equal(dpss_recipient_add_specialist_need(r, "dementia"), DPSS_OK);
  assert_int_equal(dpss_recipient_add_issue(r, "I-1", D("2026-11-01"), DPSS_DATE_NONE), DPSS_OK);
  assert_int_equal(dpss_recipient_set_money(r, DPSS_MONEY_PERSONAL_BUDGET_WEEKLY, 60000), DPSS_OK);
  assert_int_equal(dpss_recipient_get_money(r, DPSS_MONEY_PERSONAL_BUDGET_WEEKLY), 60000);
  char *s = to_json(r);
  dpss_recipient *back = load(s);
  char *s2 = to_json(back);
  assert_string_equal(s, s2);
  assert_non_null(strstr(s, "\"kind\":\"child\""));
  assert_non_null(strstr(s, "\"funding\":[{\"source\":\"health\",\"weekly_pence\":5000},"
                            "{\"source\":\"social_care\",\"weekly_pence\":45000}]"));
  dpss_recipient *copy;
  assert_int_equal(dpss_recipient_clone(&copy, r), DPSS_OK);
  char *s3 = to_json(copy);
  assert_string_equal(s, s3);
  dpss_free(s);
  dpss_free(s2);
  dpss_free(s3);
  dpss_recipient_free(back);
  dpss_recipient_free(copy);
  dpss_recipient_free(r);
}

static void test_failed_setters_change_nothing(void **state) {
  (void)state;
  dpss_recipient *r;
  assert_int_equal(dpss_recipient_new(&r, "R-9"), DPSS_OK);
  assert_int_equal(dpss_recipient_set_funding(r, DPSS_SOURCE_SOCIAL_CARE, 45000), DPSS_OK);
  assert_int_equal(dpss_recipient_set_date(r, DPSS_DATE_DP_START, D("2026-01-05")), DPSS_OK);
  char *before = to_json(r);
  assert_error(dpss_recipient_set_money(r, DPSS_MONEY_PERSONAL_BUDGET_WEEKLY, 44999),
               DPSS_ECONFLICT, "personal_budget_weekly_pence");
  assert_error(dpss_recipient_set_money(r, DPSS_MONEY_CONTRIBUTION_WEEKLY, -1), DPSS_ERANGE,
               "contribution_weekly_pence");
  assert_error(dpss_recipient_set_date(r, DPSS_DATE_DP_END, D("2026-01-04")), DPSS_ECONFLICT,
               "dp_end");
  assert_error(dpss_recipient_set_funding(r, DPSS_SOURCE_HEALTH, -1), DPSS_ERANGE, "funding");
  assert_error(dpss_recipient_set_fact(r, DPSS_FACT_CONSENTS, (dpss_fact)7), DPSS_EINVAL,
               "consents");
  assert_error(dpss_recipient_set_fact(r, (dpss_fact_field)99, DPSS_TRUE), DPSS_EINVAL, NULL);
  assert_error(dpss_recipient_set_kind(r, (dpss_kind)5), DPSS_EINVAL, "kind");
  assert_error(dpss_recipient_set_balance(r, D("2026-01-01"), 1, -1), DPSS_ERANGE,
               "balance.owed_pence");
  assert_error(dpss_recipient_add_issue(r, "I-1", D("2026-03-02"), D("2026-03-01")),
               DPSS_ECONFLICT, "issues.resolved");
  assert_error(dpss_recipient_add_issue(r, "bad id", D("2026-03-02"), DPSS_DATE_NONE),
               DPSS_EINVAL, "issues.id");
  assert_error(dpss_recipient_set_support(r, (dpss_tier)9, DPSS_DATE_NONE, DPSS_UNKNOWN, NULL),
               DPSS_EINVAL, "support.tier");
  assert_error(dpss_recipient_add_specialist_need(r, ""), DPSS_EINVAL, "specialist_needs");
  char *after = to_json(r);
  assert_string_equal(before, after);
  /* dp_end equal to dp_start is allowed (a one-day payment). */
  assert_int_equal(dpss_recipient_set_date(r, DPSS_DATE_DP_END, D("2026-01-05")), DPSS_OK);
  /* A budget equal to the direct payment is allowed. */
  assert_int_equal(dpss_recipient_set_money(r, DPSS_MONEY_PERSONAL_BUDGET_WEEKLY, 45000), DPSS_OK);
  dpss_free(before);
  dpss_free(after);
  dpss_recipient_free(r);
  dpss_recipient *x = (dpss_recipient *)1;
  assert_error(dpss_recipient_new(&x, ""), DPSS_EINVAL, "id");
  assert_null(x);
  assert_error(dpss_recipient_set_fact(NULL, DPSS_FACT_CONSENTS, DPSS_TRUE), DPSS_EINVAL, NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reads_the_contract_example),
      cmocka_unit_test(test_round_trip_loses_nothing),
      cmocka_unit_test(test_unknown_fields_are_kept),
      cmocka_unit_test(test_facts_are_three_state),
      cmocka_unit_test(test_bad_records_name_the_field),
      cmocka_unit_test(test_one_off_purpose_is_free_text),
      cmocka_unit_test(test_messages_never_quote_values),
      cmocka_unit_test(test_build_from_c),
      cmocka_unit_test(test_failed_setters_change_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
