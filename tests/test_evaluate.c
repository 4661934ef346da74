/* SPDX-License-Identifier: MIT */
/* The rules engine, rule by rule at its boundaries. */
#include "helpers.h"

#include <pthread.h>

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

/* A recipient who passes E1-E4: adult, capacity, consent, no order. */
#define OK_PERSON "\"kind\":\"adult\",\"has_capacity\":true,\"consents\":true,\"excluding_order\":false"

static dpss_decision *eval_with(const dpss_policy *p, const char *json, const char *as_of) {
  dpss_recipient *r = NULL;
  dpss_decision *d = NULL;
  if (dpss_recipient_from_json(&r, json))
    fail_msg("bad test record: %s", dpss_error_message(dpss_error_last()));
  assert_int_equal(dpss_evaluate(&d, p, r, D(as_of)), DPSS_OK);
  dpss_recipient_free(r);
  return d;
}

static dpss_decision *eval(const char *json, const char *as_of) {
  return eval_with(policy, json, as_of);
}

static void assert_missing(const dpss_decision *d, const char *const *want, size_t n) {
  assert_int_equal(dpss_decision_missing_count(d), n);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(dpss_decision_missing(d, i), want[i]);
  assert_null(dpss_decision_missing(d, n));
}

static void assert_traced(const dpss_decision *d, const char *rule, const char *outcome) {
  for (size_t i = 0; i < dpss_decision_trace_count(d); i++)
    if (strcmp(dpss_decision_trace_rule(d, i), rule) == 0 &&
        strcmp(dpss_decision_trace_outcome(d, i), outcome) == 0)
      return;
  fail_msg("trace has no %s with outcome %s", rule, outcome);
}

/* ---------------------------------------------------------------- E rules */

static void test_e1_adult_and_child_may_have_dp(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON "}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBLE);
  assert_int_equal(dpss_decision_via(d), DPSS_VIA_SELF);
  assert_traced(d, "E1", "may_have_direct_payment");
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\",\"kind\":\"child\",\"has_capacity\":true,\"consents\":true,"
           "\"excluding_order\":false}",
           "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBLE);
  dpss_decision_free(d);
  /* kind unknown: adults and children both may, so it is not a missing fact. */
  d = eval("{\"id\":\"R-1\",\"has_capacity\":true,\"consents\":true,\"excluding_order\":false,"
           "\"complex_needs\":false,\"considering_employing_pas\":false}",
           "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBLE);
  assert_missing(d, NULL, 0);
  dpss_decision_free(d);
}

static void test_e2_consent_is_required_never_imposed(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\",\"has_capacity\":true,\"consents\":false,"
                          "\"excluding_order\":false}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_NOT_ELIGIBLE);
  assert_int_equal(dpss_decision_via(d), DPSS_VIA_NONE);
  assert_missing(d, NULL, 0);
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_NONE);
  assert_traced(d, "E2", "not_eligible");
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\",\"has_capacity\":true,\"excluding_order\":false}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBILITY_UNDETERMINED);
  static const char *const want[] = {"consents"};
  assert_missing(d, want, 1);
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_UNKNOWN);
  assert_traced(d, "E6", "undetermined");
  dpss_decision_free(d);
  /* Refused consent decides it, so an unknown order is not needed. */
  d = eval("{\"id\":\"R-1\",\"has_capacity\":true,\"consents\":false}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_NOT_ELIGIBLE);
  assert_missing(d, NULL, 0);
  assert_traced(d, "E6", "not_needed");
  dpss_decision_free(d);
}

static void test_e3_authorised_person(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\",\"has_capacity\":false,\"authorised_person\":true,"
                          "\"excluding_order\":false}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBLE);
  assert_int_equal(dpss_decision_via(d), DPSS_VIA_AUTHORISED_PERSON);
  assert_traced(d, "E3", "eligible");
  dpss_decision_free(d);
  /* Consent is asked only of a person with capacity. */
  d = eval("{\"id\":\"R-1\",\"has_capacity\":false,\"consents\":false,"
           "\"authorised_person\":\"AP-1\",\"excluding_order\":false}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBLE);
  assert_int_equal(dpss_decision_via(d), DPSS_VIA_AUTHORISED_PERSON);
  dpss_decision_free(d);
  /* No authorised person: not eligible, and it says what is missing. */
  static const char *const want[] = {"authorised_person"};
  d = eval("{\"id\":\"R-1\",\"has_capacity\":false,\"authorised_person\":null,"
           "\"excluding_order\":false}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_NOT_ELIGIBLE);
  assert_missing(d, want, 1);
  assert_traced(d, "E3", "not_eligible");
  dpss_decision_free(d);
}

static void test_e6_lacking_capacity_without_person_whatever_else_unknown(void **state) {
  (void)state;
  static const char *const want[] = {"authorised_person"};
  dpss_decision *d = eval("{\"id\":\"R-1\",\"has_capacity\":false,\"authorised_person\":false}",
                          "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_NOT_ELIGIBLE);
  assert_missing(d, want, 1); /* excluding_order is unknown but not needed */
  dpss_decision_free(d);
}

static void test_e4_excluding_order(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\",\"kind\":\"adult\",\"has_capacity\":true,"
                          "\"consents\":true,\"excluding_order\":true}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_NOT_ELIGIBLE);
  assert_missing(d, NULL, 0);
  assert_traced(d, "E4", "not_eligible");
  dpss_decision_free(d);
  /* An excluding order decides it even with capacity unknown. */
  d = eval("{\"id\":\"R-1\",\"excluding_order\":true}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_NOT_ELIGIBLE);
  assert_missing(d, NULL, 0);
  dpss_decision_free(d);
  static const char *const want[] = {"excluding_order"};
  d = eval("{\"id\":\"R-1\",\"has_capacity\":true,\"consents\":true}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBILITY_UNDETERMINED);
  assert_missing(d, want, 1);
  dpss_decision_free(d);
}

static void test_e6_everything_unknown(void **state) {
  (void)state;
  static const char *const want[] = {"has_capacity", "consents", "excluding_order"};
  dpss_decision *d = eval("{\"id\":\"R-1\"}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBILITY_UNDETERMINED);
  assert_missing(d, want, 3);
  dpss_decision_free(d);
  /* Capacity unknown, consent given, authorised person agreed: still the
   * route differs (self or authorised person), so capacity is needed. */
  static const char *const want2[] = {"has_capacity"};
  d = eval("{\"id\":\"R-1\",\"consents\":true,\"authorised_person\":true,"
           "\"excluding_order\":false}", "2026-11-22");
  assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBILITY_UNDETERMINED);
  assert_missing(d, want2, 1);
  dpss_decision_free(d);
}

static void test_e5_household_family_payment(void **state) {
  (void)state;
  static const struct {
    const char *facts;
    dpss_family_payment want;
    const char *outcome;
  } cases[] = {
      {"\"pays_household_family\":false", DPSS_FAMILY_NOT_APPLICABLE, "not_applicable"},
      {"\"pays_household_family\":true,\"family_payment_necessary\":true", DPSS_FAMILY_ALLOWED,
       "allowed"},
      {"\"pays_household_family\":true,\"family_payment_necessary\":false", DPSS_FAMILY_REFUSED,
       "refused"},
      {"\"pays_household_family\":true", DPSS_FAMILY_REFUSED, "refused"},
      {"\"pays_household_family\":null", DPSS_FAMILY_UNDETERMINED, "undetermined"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char json[512];
    snprintf(json, sizeof json, "{\"id\":\"R-1\"," OK_PERSON ",%s}", cases[i].facts);
    dpss_decision *d = eval(json, "2026-11-22");
    assert_int_equal(dpss_decision_family_payment(d), cases[i].want);
    assert_traced(d, "E5", cases[i].outcome);
    /* E5 never decides eligibility. */
    assert_int_equal(dpss_decision_eligibility(d), DPSS_ELIGIBLE);
    dpss_decision_free(d);
  }
}

/* ---------------------------------------------------------------- P rules */

static void test_p_rules_money(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"bank_account\":true,"
                          "\"payment_method\":\"managed_account\"}", "2026-11-22");
  assert_int_equal(dpss_decision_method(d), DPSS_METHOD_MANAGED_ACCOUNT);
  assert_int_equal(dpss_decision_recommended_method(d), DPSS_METHOD_BANK_ACCOUNT);
  assert_int_equal(dpss_decision_accredited_required(d), DPSS_FALSE);
  dpss_decision_free(d);
  /* P3: a suitable card is recommended over a managed account. */
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"bank_account\":false,\"card_suitable\":true,"
           "\"payment_method\":\"managed_account\"}", "2026-11-22");
  assert_int_equal(dpss_decision_recommended_method(d), DPSS_METHOD_PREPAID_CARD);
  assert_int_equal(dpss_decision_accredited_required(d), DPSS_FALSE);
  assert_traced(d, "P3", "prepaid_card");
  dpss_decision_free(d);
  /* P2: no bank account and no suitable card: an accredited DPSS. */
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"bank_account\":false,\"card_suitable\":false}",
           "2026-11-22");
  assert_int_equal(dpss_decision_recommended_method(d), DPSS_METHOD_MANAGED_ACCOUNT);
  assert_int_equal(dpss_decision_accredited_required(d), DPSS_TRUE);
  assert_traced(d, "P2", "accredited_provider_required");
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"bank_account\":false}", "2026-11-22");
  assert_int_equal(dpss_decision_recommended_method(d), DPSS_METHOD_UNKNOWN);
  assert_int_equal(dpss_decision_accredited_required(d), DPSS_UNKNOWN);
  dpss_decision_free(d);
}

static void test_p4_joint_funding_one_provider(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"funding\":["
                          "{\"source\":\"social_care\",\"weekly_pence\":45000},"
                          "{\"source\":\"health\",\"weekly_pence\":5000}]}", "2026-11-22");
  assert_int_equal(dpss_decision_single_provider(d), 1);
  assert_traced(d, "P4", "single_provider");
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"funding\":["
           "{\"source\":\"social_care\",\"weekly_pence\":45000}]}", "2026-11-22");
  assert_int_equal(dpss_decision_single_provider(d), 0);
  dpss_decision_free(d);
}

/* ---------------------------------------------------------------- T rules */

static void test_t1_new_recipient_considering_pas(void **state) {
  (void)state;
  const char *json = "{\"id\":\"R-1\"," OK_PERSON ",\"considering_employing_pas\":true,"
                     "\"complex_needs\":false,\"dp_start\":\"2025-11-22\"}";
  /* The day before 12 months: still new, start-up until the anniversary. */
  dpss_decision *d = eval(json, "2026-11-21");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_START_UP);
  assert_int_equal(dpss_decision_tier_ends(d), D("2026-11-22"));
  assert_traced(d, "T1", "start_up");
  dpss_decision_free(d);
  /* On the anniversary: start-up has ended, issue-based. */
  d = eval(json, "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_ISSUE_BASED);
  assert_int_equal(dpss_decision_tier_ends(d), DPSS_DATE_NONE);
  assert_traced(d, "T4", "issue_based");
  dpss_decision_free(d);
  /* No first payment yet: new, start-up is due. */
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"considering_employing_pas\":true}", "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_START_UP);
  assert_int_equal(dpss_decision_tier_ends(d), DPSS_DATE_NONE);
  dpss_decision_free(d);
}

static void test_t1_complex_needs_and_support_since(void **state) {
  (void)state;
  /* Complex needs, not new, start-up recorded from a recent date. */
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"complex_needs\":true,"
                          "\"dp_start\":\"2020-01-01\",\"support\":{\"tier\":\"start_up\","
                          "\"since\":\"2026-08-31\",\"completed\":false}}", "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_START_UP);
  assert_int_equal(dpss_decision_tier_ends(d), D("2027-08-31"));
  dpss_decision_free(d);
  /* Considering PAs but not new: start-up (from the first payment) is over. */
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"considering_employing_pas\":true,"
           "\"complex_needs\":false,\"dp_start\":\"2020-01-01\"}", "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_ISSUE_BASED);
  assert_traced(d, "T4", "issue_based");
  dpss_decision_free(d);
}

static void test_t4_completion_and_once_only(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"considering_employing_pas\":true,"
                          "\"dp_start\":\"2026-06-01\",\"support\":{\"tier\":\"start_up\","
                          "\"since\":\"2026-06-01\",\"completed\":true}}", "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_ISSUE_BASED);
  assert_traced(d, "T4", "issue_based");
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"complex_needs\":true,\"dp_start\":\"2026-06-01\","
           "\"support\":{\"tier\":\"issue_based\",\"since\":\"2026-09-01\"}}", "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_ISSUE_BASED);
  dpss_decision_free(d);
}

static void test_t1_unknown_needs_only_when_they_matter(void **state) {
  (void)state;
  static const char *const want[] = {"considering_employing_pas", "complex_needs"};
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"dp_start\":\"2026-06-01\"}",
                          "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_UNKNOWN);
  assert_missing(d, want, 2);
  dpss_decision_free(d);
  /* Long past the first payment, with no support recorded: complex needs
   * would not change it (start-up would have ended), nor would PAs. */
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"dp_start\":\"2020-06-01\"}", "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_ISSUE_BASED);
  assert_missing(d, NULL, 0);
  dpss_decision_free(d);
  /* Complex needs known true: PAs do not matter. */
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"complex_needs\":true,\"dp_start\":\"2026-06-01\"}",
           "2026-11-22");
  assert_int_equal(dpss_decision_tier(d), DPSS_TIER_START_UP);
  assert_missing(d, NULL, 0);
  dpss_decision_free(d);
}

static void test_t3_escalation_boundary(void **state) {
  (void)state;
  const char *json = "{\"id\":\"R-1\"," OK_PERSON ",\"issues\":["
                     "{\"id\":\"I-1\",\"opened\":\"2026-03-01\",\"resolved\":null},"
                     "{\"id\":\"I-2\",\"opened\":\"2026-02-01\",\"resolved\":\"2026-02-10\"},"
                     "{\"id\":\"I-3\",\"opened\":\"2026-03-20\"}]}";
  /* Opened 1 March: 14 days open on 15 March, not escalated. */
  dpss_decision *d = eval(json, "2026-03-15");
  assert_int_equal(dpss_decision_escalation_count(d), 1);
  assert_string_equal(dpss_decision_escalation_issue(d, 0), "I-1");
  assert_int_equal(dpss_decision_escalation_open_days(d, 0), 14);
  assert_int_equal(dpss_decision_escalation_review(d, 0), 0);
  assert_int_equal(dpss_decision_extra_review(d), 0);
  assert_traced(d, "T3", "open");
  dpss_decision_free(d);
  /* 16 March: 15 days, more than 14: care manager review. */
  d = eval(json, "2026-03-16");
  assert_string_equal(dpss_decision_escalation_issue(d, 0), "I-1");
  assert_int_equal(dpss_decision_escalation_open_days(d, 0), 15);
  assert_int_equal(dpss_decision_escalation_review(d, 0), 1);
  assert_int_equal(dpss_decision_extra_review(d), 1);
  assert_traced(d, "T3", "care_manager_review");
  assert_null(dpss_decision_escalation_issue(d, 1));
  assert_int_equal(dpss_decision_escalation_open_days(d, 1), -1);
  assert_int_equal(dpss_decision_escalation_review(d, 1), 0);
  dpss_decision_free(d);
  /* As of a date when the resolved issue was still open. */
  d = eval(json, "2026-02-05");
  assert_int_equal(dpss_decision_escalation_count(d), 1);
  assert_string_equal(dpss_decision_escalation_issue(d, 0), "I-2");
  assert_int_equal(dpss_decision_escalation_open_days(d, 0), 4);
  dpss_decision_free(d);
  /* A stricter policy escalates sooner. */
  dpss_policy *p;
  assert_int_equal(dpss_policy_clone(&p, policy), DPSS_OK);
  assert_int_equal(dpss_policy_set(p, "issue_escalation_days=7"), DPSS_OK);
  d = eval_with(p, json, "2026-03-09");
  assert_string_equal(dpss_decision_escalation_issue(d, 0), "I-1");
  assert_int_equal(dpss_decision_escalation_open_days(d, 0), 8);
  assert_int_equal(dpss_decision_escalation_review(d, 0), 1);
  dpss_decision_free(d);
  dpss_policy_free(p);
}

/* ---------------------------------------------------------------- S rules */

static dpss_decision *surplus_case(const dpss_policy *p, int64_t balance, int64_t owed,
                                   const char *as_of) {
  char json[512];
  snprintf(json, sizeof json,
           "{\"id\":\"R-1\"," OK_PERSON ",\"funding\":["
           "{\"source\":\"social_care\",\"weekly_pence\":45000},"
           "{\"source\":\"health\",\"weekly_pence\":5000}],"
           "\"balance\":{\"on\":\"2026-11-01\",\"pence\":%lld,\"owed_pence\":%lld}}",
           (long long)balance, (long long)owed);
  return eval_with(p, json, as_of);
}

static void test_s1_six_weeks_worked_figures(void **state) {
  (void)state;
  /* 6 weeks at £500 is £3,000: £3,100 has a £100 surplus; £3,000 has none. */
  dpss_decision *d = surplus_case(policy, 310000, 0, "2026-11-22");
  assert_int_equal(dpss_decision_weekly_pence(d), 50000);
  assert_int_equal(dpss_decision_threshold_pence(d), 300000);
  assert_int_equal(dpss_decision_available_pence(d), 310000);
  assert_int_equal(dpss_decision_excess_pence(d), 10000);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_TRUE);
  assert_int_equal(dpss_decision_surplus_review(d), DPSS_TRUE);
  assert_traced(d, "S1", "surplus");
  assert_traced(d, "S4", "notify");
  char *because;
  for (size_t i = 0; i < dpss_decision_trace_count(d); i++)
    if (strcmp(dpss_decision_trace_rule(d, i), "S1") == 0) {
      assert_int_equal(dpss_decision_trace_because(d, i, &because), DPSS_OK);
      assert_string_equal(because, "balance 310000 > 6 x 50000: 10000 to pay back");
      dpss_free(because);
    }
  dpss_decision_free(d);
  d = surplus_case(policy, 300000, 0, "2026-11-22");
  assert_int_equal(dpss_decision_excess_pence(d), 0);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_FALSE);
  assert_int_equal(dpss_decision_surplus_review(d), DPSS_FALSE);
  assert_traced(d, "S1", "no_surplus");
  dpss_decision_free(d);
  d = surplus_case(policy, 300001, 0, "2026-11-22");
  assert_int_equal(dpss_decision_excess_pence(d), 1);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_TRUE);
  dpss_decision_free(d);
}

static void test_s2_owed_money_deducted_first(void **state) {
  (void)state;
  dpss_decision *d = surplus_case(policy, 310000, 10000, "2026-11-22");
  assert_int_equal(dpss_decision_available_pence(d), 300000);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_FALSE);
  assert_traced(d, "S2", "deducted");
  dpss_decision_free(d);
  d = surplus_case(policy, 310000, 9999, "2026-11-22");
  assert_int_equal(dpss_decision_excess_pence(d), 1);
  dpss_decision_free(d);
}

static void test_s3_review_is_a_policy_choice(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_clone(&p, policy), DPSS_OK);
  assert_int_equal(dpss_policy_set(p, "surplus_triggers_review=false"), DPSS_OK);
  dpss_decision *d = surplus_case(p, 310000, 0, "2026-11-22");
  assert_int_equal(dpss_decision_reclaim(d), DPSS_TRUE);
  assert_int_equal(dpss_decision_surplus_review(d), DPSS_FALSE);
  assert_int_equal(dpss_decision_extra_review(d), 0);
  assert_traced(d, "S3", "no_review");
  dpss_decision_free(d);
  dpss_policy_free(p);
}

static void test_s1_what_if_eight_weeks_and_dated_change(void **state) {
  (void)state;
  dpss_policy *p;
  assert_int_equal(dpss_policy_clone(&p, policy), DPSS_OK);
  assert_int_equal(dpss_policy_set(p, "surplus_threshold_weeks=8"), DPSS_OK);
  dpss_decision *d = surplus_case(p, 310000, 0, "2026-11-22");
  assert_int_equal(dpss_decision_threshold_pence(d), 400000);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_FALSE);
  dpss_decision_free(d);
  dpss_policy_free(p);
  char path[512];
  assert_int_equal(dpss_policy_from_file(&p, srcpath("data/policy-dated.json", path, sizeof path)),
                   DPSS_OK);
  d = surplus_case(p, 310000, 0, "2027-03-31");
  assert_int_equal(dpss_decision_threshold_pence(d), 300000);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_TRUE);
  dpss_decision_free(d);
  d = surplus_case(p, 310000, 0, "2027-04-01");
  assert_int_equal(dpss_decision_threshold_pence(d), 400000);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_FALSE);
  dpss_decision_free(d);
  dpss_policy_free(p);
}

static void test_s1_unknown_balance_is_not_no_surplus(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"funding\":["
                          "{\"source\":\"social_care\",\"weekly_pence\":45000}]}", "2026-11-22");
  assert_int_equal(dpss_decision_threshold_pence(d), 270000);
  assert_int_equal(dpss_decision_available_pence(d), DPSS_PENCE_NONE);
  assert_int_equal(dpss_decision_excess_pence(d), DPSS_PENCE_NONE);
  assert_int_equal(dpss_decision_reclaim(d), DPSS_UNKNOWN);
  assert_traced(d, "S1", "unknown");
  dpss_decision_free(d);
}

/* ---------------------------------------------------------------- R rules */

static void test_r1_review_dates(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"dp_start\":\"2026-08-31\"}",
                          "2026-11-22");
  assert_int_equal(dpss_decision_review_due(d), D("2027-02-28"));
  assert_traced(d, "R1", "first_review");
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"dp_start\":\"2026-01-05\","
           "\"last_review\":\"2026-07-01\"}", "2026-11-22");
  assert_int_equal(dpss_decision_review_due(d), D("2027-07-01"));
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\"," OK_PERSON "}", "2026-11-22");
  assert_int_equal(dpss_decision_review_due(d), DPSS_DATE_NONE);
  dpss_decision_free(d);
}

static void test_r2_audits_only_for_managed_accounts(void **state) {
  (void)state;
  dpss_decision *d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"payment_method\":\"managed_account\","
                          "\"dp_start\":\"2024-02-29\"}", "2026-11-22");
  assert_int_equal(dpss_decision_audit_due(d), D("2024-08-29"));
  assert_traced(d, "R2", "first_audit");
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"payment_method\":\"managed_account\","
           "\"dp_start\":\"2024-02-29\",\"last_audit\":\"2026-02-28\"}", "2026-11-22");
  assert_int_equal(dpss_decision_audit_due(d), D("2027-02-28"));
  dpss_decision_free(d);
  d = eval("{\"id\":\"R-1\"," OK_PERSON ",\"payment_method\":\"prepaid_card\","
           "\"dp_start\":\"2024-02-29\"}", "2026-11-22");
  assert_int_equal(dpss_decision_audit_due(d), DPSS_DATE_NONE);
  assert_traced(d, "R2", "not_applicable");
  dpss_decision_free(d);
}

/* --------------------------------------------------------- API behaviour */

static void test_decision_json_matches_contract(void **state) {
  (void)state;
  char path[512];
  char *text = read_file(srcpath("data/recipient-full.json", path, sizeof path));
  dpss_decision *d = eval(text, "2026-11-22");
  char *json;
  assert_int_equal(dpss_decision_to_json(d, &json), DPSS_OK);
  static const char *const parts[] = {
      "\"id\":\"R-000123\",\"as_of\":\"2026-11-22\"",
      "\"policy\":{\"id\":\"nottinghamshire\"",
      "\"eligibility\":{\"status\":\"eligible\",\"via\":\"self\",\"missing\":[],"
      "\"household_family_payment\":\"not_applicable\"}",
      "\"money\":{\"method\":\"bank_account\",\"recommended_method\":\"bank_account\","
      "\"accredited_provider_required\":false,\"single_provider_for_all_funding\":true}",
      "\"tier\":{\"tier\":\"start_up\",\"ends\":\"2027-01-05\"",
      "\"surplus\":{\"weekly_pence\":50000,\"threshold_pence\":300000,\"available_pence\":310000,"
      "\"excess_pence\":10000,\"reclaim\":true,\"review\":true,\"recover_from\":\"2026-12-06\"}",
      "\"escalations\":[{\"issue\":\"I-1\",\"open_days\":21,\"care_manager_review\":true}]",
      "\"review_due\":\"2027-07-01\",\"audit_due\":null",
      "{\"rule\":\"S1\",\"outcome\":\"surplus\",\"because\":\"balance 310000 > 6 x 50000: 10000 "
      "to pay back\",\"facts\":[\"balance\",\"funding\"],\"parameters\":{"
      "\"surplus_threshold_weeks\":6}}",
  };
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (!strstr(json, parts[i]))
      fail_msg("decision JSON lacks %s\nin %s", parts[i], json);
  assert_non_null(strstr(json, "\"library_version\":\"" DPSS_VERSION_STRING "\""));
  dpss_free(json);
  free(text);
  dpss_decision_free(d);
}

static void test_evaluate_errors_change_nothing(void **state) {
  (void)state;
  dpss_recipient *r;
  dpss_decision *d = (dpss_decision *)1;
  assert_int_equal(dpss_recipient_from_json(&r, "{\"id\":\"R-1\"," OK_PERSON "}"), DPSS_OK);
  assert_error(dpss_evaluate(&d, NULL, r, D("2026-01-01")), DPSS_EINVAL, NULL);
  assert_null(d);
  assert_error(dpss_evaluate(&d, policy, NULL, D("2026-01-01")), DPSS_EINVAL, NULL);
  assert_error(dpss_evaluate(&d, policy, r, DPSS_DATE_NONE), DPSS_EDATE, "as_of");
  assert_null(d);
  assert_int_equal(dpss_decision_new(&d), DPSS_OK);
  char *json = (char *)1;
  assert_error(dpss_decision_to_json(d, &json), DPSS_EINVAL, NULL);
  assert_null(json);
  assert_int_equal(dpss_evaluate_into(d, policy, r, D("2026-01-01")), DPSS_OK);
  char *before, *after;
  assert_int_equal(dpss_decision_to_json(d, &before), DPSS_OK);
  assert_error(dpss_evaluate_into(d, policy, r, DPSS_DATE_NONE), DPSS_EDATE, NULL);
  assert_int_equal(dpss_decision_to_json(d, &after), DPSS_OK);
  assert_string_equal(before, after);
  dpss_free(before);
  dpss_free(after);
  dpss_decision_free(d);
  dpss_decision_free(NULL);
  dpss_recipient_free(r);
  /* Accessors on NULL are safe. */
  assert_int_equal(dpss_decision_trace_count(NULL), 0);
  assert_null(dpss_decision_trace_rule(NULL, 0));
  assert_int_equal(dpss_decision_applied(NULL, "E1"), 0);
}

static void test_decision_outlives_inputs(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_recipient *r;
  dpss_decision *d;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_recipient_from_json(&r, "{\"id\":\"R-77\"," OK_PERSON ",\"issues\":["
                                                "{\"id\":\"I-9\",\"opened\":\"2026-01-01\"}]}"),
                   DPSS_OK);
  assert_int_equal(dpss_evaluate(&d, p, r, D("2026-11-22")), DPSS_OK);
  dpss_recipient_free(r);
  dpss_policy_free(p);
  char *json;
  assert_int_equal(dpss_decision_to_json(d, &json), DPSS_OK);
  assert_non_null(strstr(json, "\"id\":\"R-77\""));
  assert_non_null(strstr(json, "\"issue\":\"I-9\""));
  assert_true(dpss_decision_applied(d, "T3"));
  dpss_free(json);
  dpss_decision_free(d);
}

/* Many threads evaluate against one policy; each gets what one thread gets. */
#define N_THREADS 4
#define N_RECORDS 64
static dpss_recipient *records[N_RECORDS];
static char *expected[N_RECORDS];

static void *worker(void *arg) {
  (void)arg;
  dpss_decision *d;
  if (dpss_decision_new(&d))
    return (void *)1;
  intptr_t bad = 0;
  for (int round = 0; round < 50; round++)
    for (int i = 0; i < N_RECORDS; i++) {
      char *json;
      if (dpss_evaluate_into(d, policy, records[i], D("2026-11-22")) ||
          dpss_decision_to_json(d, &json)) {
        bad++;
        continue;
      }
      bad += strcmp(json, expected[i]) != 0;
      dpss_free(json);
    }
  dpss_decision_free(d);
  return (void *)bad;
}

static void test_reentrant_across_threads(void **state) {
  (void)state;
  for (int i = 0; i < N_RECORDS; i++) {
    char json[512];
    snprintf(json, sizeof json,
             "{\"id\":\"R-%d\",\"has_capacity\":%s,\"consents\":true,\"excluding_order\":false,"
             "\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":%d}],"
             "\"balance\":{\"pence\":%d},\"dp_start\":\"2026-0%d-15\","
             "\"issues\":[{\"id\":\"I-%d\",\"opened\":\"2026-11-0%d\"}]}",
             i, i % 3 ? "true" : "false", 10000 + i * 100, 60000 + i * 997, 1 + i % 9, i,
             1 + i % 9);
    assert_int_equal(dpss_recipient_from_json(&records[i], json), DPSS_OK);
    dpss_decision *d;
    assert_int_equal(dpss_evaluate(&d, policy, records[i], D("2026-11-22")), DPSS_OK);
    assert_int_equal(dpss_decision_to_json(d, &expected[i]), DPSS_OK);
    dpss_decision_free(d);
  }
  pthread_t t[N_THREADS];
  for (int i = 0; i < N_THREADS; i++)
    assert_int_equal(pthread_create(&t[i], NULL, worker, NULL), 0);
  for (int i = 0; i < N_THREADS; i++) {
    void *res;
    pthread_join(t[i], &res);
    assert_int_equal((intptr_t)res, 0);
  }
  for (int i = 0; i < N_RECORDS; i++) {
    dpss_recipient_free(records[i]);
    dpss_free(expected[i]);
  }
}

/* Every misuse audit after the last review is named in the trace (R1,
 * A8): 200 of them, and 10 events, each with its entry and nothing
 * written past the trace's end (the ASan pass of the suite runs this). */
static void test_many_misuse_audits_and_events(void **state) {
  (void)state;
  size_t cap = 64 * 1024, len = 0;
  char *json = malloc(cap);
  assert_non_null(json);
  len += (size_t)snprintf(json + len, cap - len,
                          "{\"id\":\"R-MANY\",\"payment_method\":\"managed_account\","
                          "\"dp_start\":\"2020-01-06\",\"last_review\":\"2020-06-01\","
                          "\"last_audit\":\"2020-06-02\",\"last_audit_outcome\":"
                          "\"misuse_suspected\",\"audits\":[");
  for (int k = 0; k < 200; k++)
    len += (size_t)snprintf(json + len, cap - len,
                            "%s{\"date\":\"2021-%02d-%02d\",\"outcome\":\"misuse_suspected\"}",
                            k ? "," : "", 1 + k / 28, 1 + k % 28);
  len += (size_t)snprintf(json + len, cap - len, "],\"events\":[");
  for (int k = 0; k < 10; k++)
    len += (size_t)snprintf(json + len, cap - len,
                            "%s{\"date\":\"2022-01-%02d\",\"kind\":\"capacity_lost\"}",
                            k ? "," : "", 1 + k);
  snprintf(json + len, cap - len, "]}");
  dpss_recipient *r = NULL;
  assert_int_equal(dpss_recipient_from_json(&r, json), DPSS_OK);
  free(json);
  dpss_policy *p = NULL;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  dpss_decision *d = NULL;
  assert_int_equal(dpss_evaluate(&d, p, r, D("2023-01-01")), DPSS_OK);
  assert_int_equal(dpss_decision_extra_review(d), 1);
  size_t misuse = 0, events = 0;
  for (size_t i = 0; i < dpss_decision_trace_count(d); i++) {
    char *because = NULL;
    assert_int_equal(dpss_decision_trace_because(d, i, &because), DPSS_OK);
    misuse += strncmp(because, "misuse suspected at the audit of", 32) == 0;
    events += strncmp(because, "capacity_lost on ", 17) == 0;
    dpss_free(because);
  }
  assert_int_equal(misuse, 201); /* 200 listed, and last_audit's own */
  assert_int_equal(events, 10);
  dpss_decision_free(d);
  dpss_policy_free(p);
  dpss_recipient_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_e1_adult_and_child_may_have_dp),
      cmocka_unit_test(test_e2_consent_is_required_never_imposed),
      cmocka_unit_test(test_e3_authorised_person),
      cmocka_unit_test(test_e6_lacking_capacity_without_person_whatever_else_unknown),
      cmocka_unit_test(test_e4_excluding_order),
      cmocka_unit_test(test_e6_everything_unknown),
      cmocka_unit_test(test_e5_household_family_payment),
      cmocka_unit_test(test_p_rules_money),
      cmocka_unit_test(test_p4_joint_funding_one_provider),
      cmocka_unit_test(test_t1_new_recipient_considering_pas),
      cmocka_unit_test(test_t1_complex_needs_and_support_since),
      cmocka_unit_test(test_t4_completion_and_once_only),
      cmocka_unit_test(test_t1_unknown_needs_only_when_they_matter),
      cmocka_unit_test(test_t3_escalation_boundary),
      cmocka_unit_test(test_s1_six_weeks_worked_figures),
      cmocka_unit_test(test_s2_owed_money_deducted_first),
      cmocka_unit_test(test_s3_review_is_a_policy_choice),
      cmocka_unit_test(test_s1_what_if_eight_weeks_and_dated_change),
      cmocka_unit_test(test_s1_unknown_balance_is_not_no_surplus),
      cmocka_unit_test(test_r1_review_dates),
      cmocka_unit_test(test_r2_audits_only_for_managed_accounts),
      cmocka_unit_test(test_decision_json_matches_contract),
      cmocka_unit_test(test_evaluate_errors_change_nothing),
      cmocka_unit_test(test_decision_outlives_inputs),
      cmocka_unit_test(test_reentrant_across_threads),
      cmocka_unit_test(test_many_misuse_audits_and_events),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
