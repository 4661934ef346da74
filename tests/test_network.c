/* SPDX-License-Identifier: MIT */
/* Provider network, routing (N1-N5, P2, P4), transition (X1), market (N6). */
#include "helpers.h"

#define NET_JSON                                                                          \
  "{\"id\":\"notts-2014\",\"lead\":\"P-LEAD\",\"providers\":["                             \
  "{\"id\":\"P-LEAD\",\"name\":\"Lead Agent Ltd\",\"role\":\"lead\",\"specialisms\":[],"   \
  "\"capacity\":400,\"caseload\":120,\"accredited\":true},"                                \
  "{\"id\":\"P-SENS\",\"name\":\"Sensory Support CIC\",\"role\":\"associate\","            \
  "\"specialisms\":[\"sensory_impairment\"],\"capacity\":60,\"caseload\":10,\"accredited\":true}," \
  "{\"id\":\"P-DEM\",\"name\":\"Dementia Direct\",\"role\":\"associate\","                 \
  "\"specialisms\":[\"dementia\"],\"capacity\":60,\"caseload\":58,\"accredited\":true}]}"

static dpss_network *load(const char *json) {
  dpss_network *n = NULL;
  if (dpss_network_from_json(&n, json, NULL, D("2026-11-22")))
    fail_msg("network: %s", dpss_error_message(dpss_error_last()));
  return n;
}

static char *route_json(dpss_network *n, const char *referral) {
  dpss_recipient *r;
  dpss_routing *o;
  char *json;
  if (dpss_recipient_from_json(&r, referral))
    fail_msg("referral: %s", dpss_error_message(dpss_error_last()));
  assert_int_equal(dpss_network_route(&o, n, r), DPSS_OK);
  assert_int_equal(dpss_routing_to_json(o, &json), DPSS_OK);
  dpss_routing_free(o);
  dpss_recipient_free(r);
  return json;
}

static void assert_routed(dpss_network *n, const char *referral, const char *want) {
  char *json = route_json(n, referral);
  if (!strstr(json, want))
    fail_msg("routing %s lacks %s", json, want);
  dpss_free(json);
}

static int64_t caseload_of(const dpss_network *n, const char *id) {
  for (size_t i = 0; i < dpss_network_provider_count(n); i++)
    if (strcmp(dpss_network_provider_id(n, i), id) == 0)
      return dpss_network_provider_caseload(n, i);
  return -1;
}

static void test_loads_the_contract_network(void **state) {
  (void)state;
  dpss_network *n = load(NET_JSON);
  assert_string_equal(dpss_network_id(n), "notts-2014");
  assert_string_equal(dpss_network_lead(n), "P-LEAD");
  assert_int_equal(dpss_network_provider_count(n), 3);
  assert_int_equal(dpss_network_provider_role(n, 0), DPSS_ROLE_LEAD);
  assert_int_equal(dpss_network_provider_capacity(n, 2), 60);
  assert_int_equal(dpss_network_provider_caseload(n, 2), 58);
  assert_null(dpss_network_provider_id(n, 3));
  char *json;
  assert_int_equal(dpss_network_to_json(n, &json), DPSS_OK);
  dpss_network *again = load(json);
  char *json2;
  assert_int_equal(dpss_network_to_json(again, &json2), DPSS_OK);
  assert_string_equal(json, json2);
  dpss_free(json);
  dpss_free(json2);
  dpss_network_free(again);
  dpss_network_free(n);
  dpss_network_free(NULL);
}

/* The network's name and each provider's are text for readers: kept and
 * written back; any other type is refused, naming the field. */
static void test_names_are_text(void **state) {
  (void)state;
  static const char *const named =
      "{\"id\":\"N-1\",\"name\":\"Nottinghamshire DPSS network\",\"lead\":\"L\",\"providers\":["
      "{\"id\":\"L\",\"name\":\"Lead Agent Ltd\",\"role\":\"lead\",\"capacity\":5},"
      "{\"id\":\"A\",\"role\":\"associate\",\"capacity\":5,\"name\":null},"
      "{\"id\":\"B\",\"role\":\"associate\",\"capacity\":5}]}";
  dpss_network *n = load(named), *c = NULL;
  char *json, *cloned;
  assert_int_equal(dpss_network_to_json(n, &json), DPSS_OK);
  assert_non_null(strstr(json, "{\"id\":\"N-1\",\"name\":\"Nottinghamshire DPSS network\","));
  assert_non_null(strstr(json, "\"name\":\"Lead Agent Ltd\""));
  assert_int_equal(dpss_network_clone(&c, n), DPSS_OK);
  assert_int_equal(dpss_network_to_json(c, &cloned), DPSS_OK);
  assert_string_equal(json, cloned);
  dpss_free(json);
  dpss_free(cloned);
  dpss_network_free(c);
  dpss_network_free(n);
  n = load("{\"id\":\"N-1\",\"name\":null,\"lead\":\"L\",\"providers\":["
           "{\"id\":\"L\",\"role\":\"lead\",\"capacity\":5},"
           "{\"id\":\"A\",\"role\":\"associate\",\"capacity\":5},"
           "{\"id\":\"B\",\"role\":\"associate\",\"capacity\":5}]}");
  assert_int_equal(dpss_network_to_json(n, &json), DPSS_OK);
  assert_null(strstr(json, "\"name\""));
  dpss_free(json);
  dpss_network_free(n);
  static const struct {
    const char *name;
    const char *field;
  } bad[] = {{"5", "name"}, {"true", "name"}, {"[\"N\"]", "name"}, {"{}", "name"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char text[512];
    snprintf(text, sizeof text,
             "{\"id\":\"N-1\",\"name\":%s,\"lead\":\"L\",\"providers\":["
             "{\"id\":\"L\",\"role\":\"lead\",\"capacity\":5},"
             "{\"id\":\"A\",\"role\":\"associate\",\"capacity\":5},"
             "{\"id\":\"B\",\"role\":\"associate\",\"capacity\":5}]}", bad[i].name);
    n = (dpss_network *)1;
    assert_error(dpss_network_from_json(&n, text, NULL, D("2026-11-22")), DPSS_ETYPE,
                 bad[i].field);
    assert_null(n);
  }
  n = (dpss_network *)1;
  assert_error(dpss_network_from_json(&n,
                                      "{\"id\":\"N-1\",\"lead\":\"L\",\"providers\":["
                                      "{\"id\":\"L\",\"role\":\"lead\",\"capacity\":5},"
                                      "{\"id\":\"A\",\"role\":\"associate\",\"capacity\":5,"
                                      "\"name\":7}]}",
                                      NULL, D("2026-11-22")),
               DPSS_ETYPE, "providers[1].name");
  assert_null(n);
}

static void test_invalid_networks_name_the_field(void **state) {
  (void)state;
  static const struct {
    const char *json;
    int code;
    const char *field;
  } cases[] = {
      {"{\"id\":\"N\",\"providers\":[]}", DPSS_ENETWORK, "lead"},
      {"{\"id\":\"N\",\"lead\":\"P-X\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1},{\"id\":\"P-B\",\"role\":\"associate\","
       "\"capacity\":1},{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":1}]}",
       DPSS_ENETWORK, "lead"},
      {"{\"id\":\"N\",\"lead\":\"P-B\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1},{\"id\":\"P-B\",\"role\":\"associate\","
       "\"capacity\":1},{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":1}]}",
       DPSS_ENETWORK, "lead"},
      {"{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1},{\"id\":\"P-B\",\"role\":\"lead\","
       "\"capacity\":1},{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":1},"
       "{\"id\":\"P-D\",\"role\":\"associate\",\"capacity\":1}]}",
       DPSS_ENETWORK, "providers"},
      {"{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1},{\"id\":\"P-B\",\"role\":\"associate\","
       "\"capacity\":1}]}",
       DPSS_ENETWORK, "providers"},
      {"{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1},{\"id\":\"P-B\",\"role\":\"associate\","
       "\"capacity\":1},{\"id\":\"P-B\",\"role\":\"associate\",\"capacity\":1}]}",
       DPSS_EDUPLICATE, "providers[2].id"},
      {"{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1},{\"id\":\"P-B\",\"role\":\"partner\","
       "\"capacity\":1},{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":1}]}",
       DPSS_EUNKNOWN, "providers[1].role"},
      {"{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1},{\"id\":\"P-B\",\"role\":\"associate\","
       "\"capacity\":-1},{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":1}]}",
       DPSS_ERANGE, "providers[1].capacity"},
      {"{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1,\"caseload\":-3},{\"id\":\"P-B\","
       "\"role\":\"associate\",\"capacity\":1},{\"id\":\"P-C\",\"role\":\"associate\","
       "\"capacity\":1}]}",
       DPSS_ERANGE, "providers[0].caseload"},
      {"{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
       "{\"id\":\"P-A\",\"role\":\"lead\"},{\"id\":\"P-B\",\"role\":\"associate\","
       "\"capacity\":1},{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":1}]}",
       DPSS_EMISSING, "providers[0].capacity"},
      {"{\"id\":\"N\",\"lead\":\"P-A\"}", DPSS_EMISSING, "providers"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dpss_network *n = (dpss_network *)1;
    int rc = dpss_network_from_json(&n, cases[i].json, NULL, D("2026-11-22"));
    if (rc != cases[i].code)
      fail_msg("case %zu: %s: %s", i, dpss_status_name(rc), dpss_error_message(dpss_error_last()));
    assert_error(rc, cases[i].code, cases[i].field);
    assert_null(n);
  }
}

static void test_min_associates_is_a_policy_parameter(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_network *n = (dpss_network *)1;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_policy_set_from(p, "min_associates", D("2027-01-01"), 3), DPSS_OK);
  assert_int_equal(dpss_network_from_json(&n, NET_JSON, p, D("2026-12-31")), DPSS_OK);
  dpss_network_free(n);
  assert_error(dpss_network_from_json(&n, NET_JSON, p, D("2027-01-01")), DPSS_ENETWORK,
               "providers");
  assert_null(n);
  dpss_policy_free(p);
}

static void test_contract_routing_examples(void **state) {
  (void)state;
  char path[512];
  char *text = read_file(srcpath("data/recipient-full.json", path, sizeof path));
  dpss_network *n = load(NET_JSON);
  /* P-OLD is outside the network: N4 keeps it all the same, and it joins
   * the network as an associate (no provider in the network gains one). */
  char *json = route_json(n, text);
  assert_string_equal(json, "{\"id\":\"R-000123\",\"provider\":\"P-OLD\",\"role\":\"associate\","
                            "\"via\":\"P-LEAD\",\"in_network\":false,\"joins_network\":true,"
                            "\"single_provider_for_all_funding\":true,"
                            "\"rules\":[\"N2\",\"N4\",\"P4\"],\"because\":"
                            "\"keeps the successful existing arrangement with P-OLD, which is "
                            "outside the network and joins it as an associate\"}");
  assert_int_equal(caseload_of(n, "P-SENS"), 10);
  assert_int_equal(dpss_network_provider_routed(n, 1), 0);
  dpss_free(json);
  free(text);
  dpss_network_free(n);
  /* No provider with room. */
  n = load("{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
           "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1,\"caseload\":1},"
           "{\"id\":\"P-B\",\"role\":\"associate\",\"capacity\":0},"
           "{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":2,\"caseload\":2}]}");
  json = route_json(n, "{\"id\":\"R-000124\"}");
  assert_string_equal(json, "{\"id\":\"R-000124\",\"provider\":null,\"unrouted\":true,"
                            "\"rules\":[\"N5\"],\"because\":\"no provider with capacity\"}");
  assert_int_equal(caseload_of(n, "P-A"), 1);
  dpss_free(json);
  dpss_network_free(n);
}

static void test_n4_continuity_comes_first(void **state) {
  (void)state;
  dpss_network *n = load(NET_JSON);
  assert_routed(n, "{\"id\":\"R-1\",\"specialist_needs\":[\"sensory_impairment\"],"
                   "\"existing_arrangement\":{\"provider\":\"P-DEM\",\"successful\":true}}",
                "\"provider\":\"P-DEM\",\"role\":\"associate\",\"via\":\"P-LEAD\","
                "\"rules\":[\"N2\",\"N4\"]");
  assert_routed(n, "{\"id\":\"R-1b\",\"existing_arrangement\":{\"provider\":\"P-DEM\","
                   "\"successful\":true}}",
                "\"provider\":\"P-DEM\"");
  assert_int_equal(caseload_of(n, "P-DEM"), 60);
  /* P-DEM is now full (60 of 60): continuity cannot keep it, and the
   * routing says so (set aside under N5) before the fair spread. */
  assert_routed(n, "{\"id\":\"R-2\",\"existing_arrangement\":{\"provider\":\"P-DEM\","
                   "\"successful\":true}}",
                "\"set_aside\":[{\"provider\":\"P-DEM\",\"rule\":\"N5\",\"because\":"
                "\"the existing arrangement: P-DEM has no room (caseload 60 of 60)\"}],"
                "\"rules\":[\"N2\",\"N4\",\"N5\"],\"because\":\"the existing arrangement with "
                "P-DEM set aside: no room (caseload 60 of 60); fair spread");
  /* An unsuccessful arrangement is not kept. */
  assert_routed(n, "{\"id\":\"R-3\",\"specialist_needs\":[\"sensory_impairment\"],"
                   "\"existing_arrangement\":{\"provider\":\"P-LEAD\",\"successful\":false}}",
                "\"provider\":\"P-SENS\",\"role\":\"associate\",\"via\":\"P-LEAD\","
                "\"rules\":[\"N2\",\"N3\"]");
  dpss_network_free(n);
}

static void test_choice_and_specialists(void **state) {
  (void)state;
  dpss_network *n = load(NET_JSON);
  assert_routed(n, "{\"id\":\"R-1\",\"specialist_needs\":[\"sensory_impairment\"],"
                   "\"requested_provider\":\"P-LEAD\"}",
                "\"provider\":\"P-LEAD\",\"role\":\"lead\",\"via\":\"P-LEAD\","
                "\"rules\":[\"N2\",\"N5\"],\"because\":\"the person chose P-LEAD\"");
  /* A choice outside the network is honoured, and said to be outside it. */
  assert_routed(n, "{\"id\":\"R-2\",\"specialist_needs\":[\"dementia\"],"
                   "\"requested_provider\":\"P-ELSEWHERE\"}",
                "\"provider\":\"P-ELSEWHERE\",\"role\":null,\"via\":\"P-LEAD\","
                "\"in_network\":false,\"rules\":[\"N2\",\"N5\"],\"because\":\"the person chose "
                "P-ELSEWHERE, a provider outside the network\"");
  assert_routed(n, "{\"id\":\"R-2b\",\"specialist_needs\":[\"dementia\"]}",
                "\"provider\":\"P-DEM\",\"role\":\"associate\",\"via\":\"P-LEAD\","
                "\"rules\":[\"N2\",\"N3\"],\"because\":\"dementia needs a specialist associate\"");
  assert_routed(n, "{\"id\":\"R-3\",\"specialist_needs\":[\"dementia\"]}",
                "\"provider\":\"P-DEM\"");
  /* P-DEM is full now (60): the dementia referral goes to the fair spread. */
  assert_routed(n, "{\"id\":\"R-4\",\"specialist_needs\":[\"dementia\"]}",
                "\"rules\":[\"N2\",\"N5\"],\"because\":\"no specialist for the needs has room; "
                "fair spread");
  dpss_network_free(n);
}

static void test_fair_spread_is_deterministic(void **state) {
  (void)state;
  const char *net = "{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
                    "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":100,\"caseload\":10},"
                    "{\"id\":\"P-B\",\"role\":\"associate\",\"capacity\":10,\"caseload\":1},"
                    "{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":20,\"caseload\":2}]}";
  dpss_network *n = load(net), *m = load(net);
  /* All at 10%: associates before the lead, then network order. */
  char *a = route_json(n, "{\"id\":\"R-1\"}");
  assert_non_null(strstr(a, "\"provider\":\"P-B\""));
  dpss_free(a);
  /* P-B at 2/10 = 20%: P-C (2/20 = 10%) is next, then P-A (10/100). */
  a = route_json(n, "{\"id\":\"R-2\"}");
  assert_non_null(strstr(a, "\"provider\":\"P-C\""));
  dpss_free(a);
  a = route_json(n, "{\"id\":\"R-3\"}");
  assert_non_null(strstr(a, "\"provider\":\"P-A\""));
  dpss_free(a);
  /* Same network, same referrals, same order: same results. */
  for (int i = 0; i < 100; i++) {
    char ref[64];
    snprintf(ref, sizeof ref, "{\"id\":\"R-%d\"}", i);
    char *x = route_json(m, ref);
    (void)x;
    dpss_free(x);
  }
  dpss_network *c;
  assert_int_equal(dpss_network_clone(&c, m), DPSS_OK);
  char *x = route_json(m, "{\"id\":\"R-X\"}");
  char *y = route_json(c, "{\"id\":\"R-X\"}");
  assert_string_equal(x, y);
  dpss_free(x);
  dpss_free(y);
  /* No provider starved: each got some of the 100. */
  for (size_t i = 0; i < 3; i++)
    assert_true(dpss_network_provider_routed(m, i) > 0);
  dpss_network_free(c);
  dpss_network_free(m);
  dpss_network_free(n);
}

static void test_p2_accredited_only(void **state) {
  (void)state;
  dpss_network *n = load("{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
                         "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":100,\"caseload\":90,"
                         "\"accredited\":true},"
                         "{\"id\":\"P-B\",\"role\":\"associate\",\"capacity\":100,\"caseload\":0,"
                         "\"accredited\":false},"
                         "{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":1,\"caseload\":1,"
                         "\"accredited\":true}]}");
  assert_routed(n, "{\"id\":\"R-1\",\"bank_account\":false,\"card_suitable\":false}",
                "\"provider\":\"P-A\"");
  assert_routed(n, "{\"id\":\"R-2\",\"payment_method\":\"managed_account\"}",
                "\"provider\":\"P-A\"");
  assert_routed(n, "{\"id\":\"R-3\",\"bank_account\":false,\"card_suitable\":true}",
                "\"provider\":\"P-B\"");
  dpss_network_free(n);
  n = load("{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
           "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":1,\"caseload\":1,\"accredited\":true},"
           "{\"id\":\"P-B\",\"role\":\"associate\",\"capacity\":9,\"accredited\":false},"
           "{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":9,\"accredited\":false}]}");
  assert_routed(n, "{\"id\":\"R-1\",\"bank_account\":false,\"card_suitable\":false}",
                "\"unrouted\":true,\"rules\":[\"N5\",\"P2\"],\"because\":\"no accredited "
                "provider with capacity\"");
  /* A successful arrangement set aside (not accredited), and nobody else:
   * unrouted, and N4 is among the rules that left it so. */
  assert_routed(n, "{\"id\":\"R-2\",\"bank_account\":false,\"card_suitable\":false,"
                "\"existing_arrangement\":{\"provider\":\"P-B\",\"successful\":true}}",
                "\"rules\":[\"N4\",\"N5\",\"P2\"],\"because\":\"the existing arrangement "
                "with P-B set aside");
  dpss_network_free(n);
  /* No bank account, the card's suitability not recorded: the decision's
   * accredited_provider_required is unknown, so routing (which still goes
   * to an accredited provider) says "unless a card is found suitable",
   * never that accreditation is known to be required. */
  n = load("{\"id\":\"N\",\"lead\":\"P-A\",\"providers\":["
           "{\"id\":\"P-A\",\"role\":\"lead\",\"capacity\":9,\"accredited\":true},"
           "{\"id\":\"P-B\",\"role\":\"associate\",\"capacity\":9,\"accredited\":false},"
           "{\"id\":\"P-C\",\"role\":\"associate\",\"capacity\":9,\"accredited\":true}]}");
  assert_routed(n, "{\"id\":\"R-1\",\"bank_account\":false,\"requested_provider\":\"P-B\"}",
                "\"set_aside\":[{\"provider\":\"P-B\",\"rule\":\"P2\",\"because\":\"the "
                "person's choice: P-B is not accredited and an accredited provider is required "
                "unless a pre-payment card is found suitable\"}]");
  assert_routed(n, "{\"id\":\"R-2\",\"bank_account\":false,\"card_suitable\":false,"
                "\"requested_provider\":\"P-B\"}",
                "P-B is not accredited and an accredited provider is required\"}]");
  dpss_network_free(n);
}

static void test_transition_plan(void **state) {
  (void)state;
  dpss_network *n = load(NET_JSON);
  dpss_transition *t;
  assert_int_equal(dpss_transition_new(&t, n, NULL, D("2027-01-01")), DPSS_OK);
  static const char *const caseload[] = {
      /* at the next yearly review: last review 2026-03-15 -> 2027-03-15 */
      "{\"id\":\"R-1\",\"risk\":\"standard\",\"support\":{\"provider\":\"P-OLD\"},"
      "\"last_review\":\"2026-03-15\"}",
      /* higher risk: first */
      "{\"id\":\"R-2\",\"risk\":\"high\",\"support\":{\"provider\":\"P-OLD\"},"
      "\"last_review\":\"2026-03-15\"}",
      /* new referral: first */
      "{\"id\":\"R-3\"}",
      /* successful arrangement: stays with P-OLD, which becomes an associate */
      "{\"id\":\"R-4\",\"existing_arrangement\":{\"provider\":\"P-OLD\",\"successful\":true},"
      "\"dp_start\":\"2024-08-31\"}",
      /* no review yet: first review 2026-02-28 rolled on a year to 2027-02-28 */
      "{\"id\":\"R-5\",\"support\":{\"provider\":\"P-OLD\"},\"dp_start\":\"2025-08-31\"}",
      /* no first payment, no review: R1 has no date; planned a year after the
       * start, and the reason says so rather than claim a review */
      "{\"id\":\"R-6\",\"risk\":\"standard\",\"support\":{\"provider\":\"P-OLD\"}}",
  };
  for (size_t i = 0; i < sizeof caseload / sizeof caseload[0]; i++) {
    dpss_recipient *r;
    assert_int_equal(dpss_recipient_from_json(&r, caseload[i]), DPSS_OK);
    assert_int_equal(dpss_transition_add(t, r), DPSS_OK);
    dpss_recipient_free(r);
  }
  char *plan;
  assert_int_equal(dpss_transition_to_jsonl(t, &plan), DPSS_OK);
  static const char *const order[] = {
      "{\"id\":\"R-2\",\"date\":\"2027-01-01\",\"priority\":1,\"from_provider\":\"P-OLD\"",
      "{\"id\":\"R-3\",\"date\":\"2027-01-01\",\"priority\":1,\"from_provider\":null",
      "{\"id\":\"R-4\",\"date\":\"2027-02-28\",\"priority\":2,\"from_provider\":\"P-OLD\","
      "\"to_provider\":\"P-OLD\",\"role\":\"associate\",\"in_network\":false,"
      "\"joins_network\":true,\"rules\":[\"X1\",\"N2\",\"N4\"]",
      "{\"id\":\"R-5\",\"date\":\"2027-02-28\",\"priority\":2",
      "{\"id\":\"R-1\",\"date\":\"2027-03-15\",\"priority\":2",
      "{\"id\":\"R-6\",\"date\":\"2028-01-01\",\"priority\":2"};
  const char *at = plan;
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    const char *hit = strstr(at, order[i]);
    if (!hit)
      fail_msg("plan lacks, in order, %s\nin %s", order[i], plan);
    at = hit + 1;
  }
  /* Risk not recorded is taken as standard, and said; no review date, said. */
  assert_non_null(strstr(plan, "\"because\":\"risk not recorded, taken as standard: transfers "
                               "at the next yearly review"));
  assert_non_null(strstr(strstr(plan, "{\"id\":\"R-6\""),
                         "\"because\":\"no review date known (R1: no first payment or review "
                         "recorded): planned a review interval after the start"));
  dpss_free(plan);
  dpss_transition_free(t);
  dpss_network_free(n);
  assert_error(dpss_transition_new(&t, NULL, NULL, D("2027-01-01")), DPSS_EINVAL, NULL);
}

static void test_market_shares_hhi_and_warnings(void **state) {
  (void)state;
  dpss_network *n = load(NET_JSON);
  dpss_market *m;
  assert_int_equal(dpss_market_new(&m, n, NULL, D("2026-11-22")), DPSS_OK);
  /* 19 with the lead, 1 with P-SENS, none with P-DEM: shares 95%, 5%, 0%. */
  for (int i = 0; i < 20; i++) {
    char json[128];
    snprintf(json, sizeof json, "{\"id\":\"R-%d\",\"support\":{\"provider\":\"%s\"}}", i,
             i ? "P-LEAD" : "P-SENS");
    dpss_recipient *r;
    assert_int_equal(dpss_recipient_from_json(&r, json), DPSS_OK);
    assert_int_equal(dpss_market_add(m, r), DPSS_OK);
    dpss_recipient_free(r);
  }
  /* HHI = 95^2 + 5^2 = 9050. */
  assert_int_equal(dpss_market_hhi(m), 9050);
  char *json;
  assert_int_equal(dpss_market_to_json(m, &json), DPSS_OK);
  static const char *const parts[] = {
      "{\"id\":\"P-LEAD\",\"recipients\":19,\"share_basis_points\":9500,\"in_network\":true,"
      "\"below_viability_floor\":false,\"above_dominance_ceiling\":true}",
      /* exactly at the 5% floor: not below it */
      "{\"id\":\"P-SENS\",\"recipients\":1,\"share_basis_points\":500,\"in_network\":true,"
      "\"below_viability_floor\":false",
      "{\"id\":\"P-DEM\",\"recipients\":0,\"share_basis_points\":0,\"in_network\":true,"
      "\"below_viability_floor\":true",
      "\"largest\":\"P-LEAD\",\"largest_share_basis_points\":9500,\"hhi\":9050"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (!strstr(json, parts[i]))
      fail_msg("market lacks %s in %s", parts[i], json);
  dpss_free(json);
  char *text;
  assert_int_equal(dpss_market_to_text(m, &text), DPSS_OK);
  assert_non_null(strstr(text, "above the dominance ceiling"));
  dpss_free(text);
  dpss_market_free(m);
  /* One third each: 3333 basis points, HHI 3333 (rounded). */
  assert_int_equal(dpss_market_new(&m, n, NULL, D("2026-11-22")), DPSS_OK);
  static const char *const who[] = {"P-LEAD", "P-SENS", "P-DEM"};
  for (int i = 0; i < 3; i++) {
    char json2[128];
    snprintf(json2, sizeof json2, "{\"id\":\"R-%d\",\"support\":{\"provider\":\"%s\"}}", i, who[i]);
    dpss_recipient *r;
    assert_int_equal(dpss_recipient_from_json(&r, json2), DPSS_OK);
    assert_int_equal(dpss_market_add(m, r), DPSS_OK);
    dpss_recipient_free(r);
  }
  assert_int_equal(dpss_market_hhi(m), 3333);
  dpss_market_free(m);
  dpss_network_free(n);
}

static void test_route_errors(void **state) {
  (void)state;
  dpss_routing *o = (dpss_routing *)1;
  dpss_network *n = load(NET_JSON);
  assert_error(dpss_network_route(&o, n, NULL), DPSS_EINVAL, NULL);
  assert_null(o);
  assert_int_equal(caseload_of(n, "P-LEAD"), 120);
  dpss_network_free(n);
  assert_error(dpss_network_from_file(&n, "/nonexistent.json", NULL, D("2026-01-01")), DPSS_EIO,
               NULL);
  assert_null(n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_loads_the_contract_network),
      cmocka_unit_test(test_invalid_networks_name_the_field),
      cmocka_unit_test(test_names_are_text),
      cmocka_unit_test(test_min_associates_is_a_policy_parameter),
      cmocka_unit_test(test_contract_routing_examples),
      cmocka_unit_test(test_n4_continuity_comes_first),
      cmocka_unit_test(test_choice_and_specialists),
      cmocka_unit_test(test_fair_spread_is_deterministic),
      cmocka_unit_test(test_p2_accredited_only),
      cmocka_unit_test(test_transition_plan),
      cmocka_unit_test(test_market_shares_hhi_and_warnings),
      cmocka_unit_test(test_route_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
