/* SPDX-License-Identifier: MIT */
/* Bad data never crashes: thousands of mutated records, policies, networks
 * and frameworks go through the readers (run under AddressSanitizer and
 * UndefinedBehaviorSanitizer by the test command). Each either loads or is
 * refused with a known code and a message; nothing is half-made. */
#include "helpers.h"

static unsigned rng_state = 20261122u;

static unsigned rnd(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 8;
}

static void mutate(char *s, size_t n) {
  static const char pieces[] = "{}[]\",:0123456789-.eEtrufalsn \\\n\x01\xff";
  int edits = 1 + (int)(rnd() % 4);
  for (int k = 0; k < edits && n; k++) {
    size_t at = rnd() % n;
    switch (rnd() % 3) {
    case 0: /* replace */
      s[at] = pieces[rnd() % (sizeof pieces - 1)];
      break;
    case 1: /* cut the end */
      s[at] = '\0';
      n = at;
      break;
    default: /* swap two bytes */
      if (n > 1) {
        size_t b = rnd() % n;
        char t = s[at];
        s[at] = s[b];
        s[b] = t;
      }
    }
  }
}

static bool known_code(int rc) { return rc <= 0 && rc >= DPSS_ENETWORK; }

static void fuzz(const char *seed, int rounds, int (*load)(const char *)) {
  size_t n = strlen(seed);
  char *buf = malloc(n + 1);
  for (int i = 0; i < rounds; i++) {
    memcpy(buf, seed, n + 1);
    mutate(buf, n);
    int rc = load(buf);
    assert_true(known_code(rc));
    if (rc)
      assert_true(dpss_error_message(dpss_error_last())[0] != '\0');
  }
  free(buf);
}

static dpss_policy *policy;

static int load_recipient(const char *text) {
  dpss_recipient *r = NULL;
  int rc = dpss_recipient_from_json(&r, text);
  if (!rc) {
    dpss_decision *d = NULL;
    dpss_schedule *s = NULL;
    char *json = NULL;
    assert_int_equal(dpss_evaluate(&d, policy, r, D("2026-11-22")), DPSS_OK);
    assert_int_equal(dpss_decision_to_json(d, &json), DPSS_OK);
    dpss_free(json);
    int rs = dpss_schedule_build(&s, policy, r, D("2026-01-01"), D("2026-12-31"));
    assert_true(known_code(rs));
    dpss_schedule_free(s);
    dpss_decision_free(d);
  } else {
    assert_null(r);
  }
  dpss_recipient_free(r);
  return rc;
}

static int load_policy(const char *text) {
  dpss_policy *p = NULL;
  int rc = dpss_policy_from_json(&p, text);
  if (rc)
    assert_null(p);
  dpss_policy_free(p);
  return rc;
}

static int load_network(const char *text) {
  dpss_network *n = NULL;
  int rc = dpss_network_from_json(&n, text, NULL, D("2026-11-22"));
  if (rc)
    assert_null(n);
  dpss_network_free(n);
  return rc;
}

static int load_framework(const char *text) {
  dpss_framework *f = NULL;
  int rc = dpss_framework_from_json(&f, text);
  if (rc)
    assert_null(f);
  dpss_framework_free(f);
  return rc;
}

static void test_mutated_inputs(void **state) {
  (void)state;
  char path[512];
  assert_int_equal(dpss_policy_new(&policy), DPSS_OK);
  char *recipient = read_file(srcpath("data/recipient-full.json", path, sizeof path));
  char *pol = read_file(srcpath("data/policy-dated.json", path, sizeof path));
  char *net = read_file(srcpath("../examples/data/network.json", path, sizeof path));
  char *fw = read_file(srcpath("../examples/data/framework.json", path, sizeof path));
  assert_true(recipient && pol && net && fw);
  fuzz(recipient, 20000, load_recipient);
  fuzz(pol, 5000, load_policy);
  fuzz(net, 5000, load_network);
  fuzz(fw, 5000, load_framework);
  free(recipient);
  free(pol);
  free(net);
  free(fw);
  dpss_policy_free(policy);
}

static void test_extreme_values(void **state) {
  (void)state;
  static const char *const texts[] = {
      "", "   ", "null", "[]", "{}", "\"\"", "0", "{\"id\":null}",
      "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":1000000000000000},"
      "{\"source\":\"health\",\"weekly_pence\":1000000000000000}],\"balance\":{\"pence\":"
      "1000000000000000,\"owed_pence\":1000000000000000},\"dp_start\":\"0001-01-01\","
      "\"dp_end\":\"9999-12-31\",\"last_review\":\"9999-12-31\",\"last_audit\":\"9999-12-31\","
      "\"payment_method\":\"managed_account\"}",
      "{\"id\":\"R-1\",\"balance\":{\"pence\":-1000000000000000}}",
      "{\"id\":\"R-1\",\"issues\":[{\"id\":\"I\",\"opened\":\"0001-01-01\"}]}",
  };
  assert_int_equal(dpss_policy_new(&policy), DPSS_OK);
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
    assert_true(known_code(load_recipient(texts[i])));
  /* A long id list of issues: the decision grows to fit. */
  char *big = malloc(200000);
  size_t len = (size_t)sprintf(big, "{\"id\":\"R-1\",\"issues\":[");
  for (int i = 0; i < 2000; i++)
    len += (size_t)sprintf(big + len, "%s{\"id\":\"I-%d\",\"opened\":\"2026-01-01\"}", i ? "," : "", i);
  sprintf(big + len, "]}");
  assert_int_equal(load_recipient(big), DPSS_OK);
  free(big);
  dpss_policy_free(policy);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mutated_inputs),
      cmocka_unit_test(test_extreme_values),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
