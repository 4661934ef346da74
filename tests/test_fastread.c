/* SPDX-License-Identifier: MIT */
/* White-box: the fast reader (recipient_fast.c) and the full reader give the
 * same record whenever the fast one accepts, and the fast one never accepts
 * what the full one refuses. Runs on every sample and case record and on
 * tens of thousands of mutations of them. */
#include "helpers.h"

#include <dirent.h>

#include "../libdpss/internal.h"

static unsigned rng_state = 7u;

static unsigned rnd(void) {
  rng_state = rng_state * 1103515245u + 12345u;
  return rng_state >> 8;
}

static long accepted, declined;

static void compare(const char *text) {
  dpss_recipient *fast = NULL, *slow = NULL;
  json_t *v = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
  int slow_rc = v ? dpss__recipient_from_value(&slow, v) : DPSS_ESYNTAX;
  json_decref(v);
  if (!dpss__recipient_fast(&fast, text)) {
    declined++;
    dpss_recipient_free(slow);
    return;
  }
  accepted++;
  if (slow_rc != DPSS_OK)
    fail_msg("fast reader accepted what the full one refuses (%s): %s", dpss_status_name(slow_rc),
             text);
  char *a, *b;
  assert_int_equal(dpss_recipient_to_json(fast, &a), DPSS_OK);
  assert_int_equal(dpss_recipient_to_json(slow, &b), DPSS_OK);
  if (strcmp(a, b) != 0)
    fail_msg("readers differ on %s\nfast: %s\nfull: %s", text, a, b);
  dpss_free(a);
  dpss_free(b);
  dpss_recipient_free(fast);
  dpss_recipient_free(slow);
}

static void mutate_and_compare(const char *seed) {
  static const char pieces[] = "{}[]\",:0123456789-.eEtrufalsn \\\x01\xc3";
  size_t n = strlen(seed);
  char *buf = malloc(n + 1);
  for (int round = 0; round < 40; round++) {
    memcpy(buf, seed, n + 1);
    size_t len = n;
    for (int e = 0; e < 1 + (int)(rnd() % 3) && len; e++) {
      size_t at = rnd() % len;
      if (rnd() % 4 == 0) {
        buf[at] = '\0';
        len = at;
      } else {
        buf[at] = pieces[rnd() % (sizeof pieces - 1)];
      }
    }
    compare(buf);
  }
  free(buf);
}

static void each_line(const char *path, void (*fn)(const char *)) {
  char *text = read_file(path);
  assert_non_null(text);
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
    fn(line);
  free(text);
}

static void test_samples_agree(void **state) {
  (void)state;
  char path[512];
  each_line(srcpath("../examples/data/caseload.jsonl", path, sizeof path), compare);
  each_line(srcpath("../examples/data/referrals.jsonl", path, sizeof path), compare);
  char *full = read_file(srcpath("data/recipient-full.json", path, sizeof path));
  compare(full);
  free(full);
  /* Every recipient of the shared case suite, compact. */
  DIR *d = opendir(srcpath("cases", path, sizeof path));
  assert_non_null(d);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strstr(e->d_name, ".json"))
      continue;
    char file[1024];
    snprintf(file, sizeof file, "%s/%s", path, e->d_name);
    json_t *c = json_load_file(file, 0, NULL);
    json_t *r = json_object_get(c, "recipient");
    if (r) {
      char *text = json_dumps(r, JSON_COMPACT);
      compare(text);
      char *pretty = json_dumps(r, JSON_INDENT(2));
      compare(pretty);
      free(text);
      free(pretty);
    }
    json_decref(c);
  }
  closedir(d);
  /* The plain records of the samples take the fast path. */
  assert_true(accepted > 300);
}

static void test_mutations_agree(void **state) {
  (void)state;
  char path[512];
  each_line(srcpath("../examples/data/caseload.jsonl", path, sizeof path), mutate_and_compare);
  each_line(srcpath("../examples/data/referrals.jsonl", path, sizeof path), mutate_and_compare);
  assert_true(declined > 1000);
}

static void test_one_offs_and_audits(void **state) {
  (void)state;
  static const char *const seeds[] = {
      "{\"id\":\"R-1\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":7000}],"
      "\"dp_start\":\"2026-01-05\",\"one_off_payments\":[{\"date\":\"2026-01-10\","
      "\"pence\":45000,\"purpose\":\"equipment\"},{\"date\":\"2026-02-10\",\"pence\":1}]}",
      "{\"id\":\"M-1\",\"payment_method\":\"managed_account\",\"dp_start\":\"2025-01-15\","
      "\"audits\":[{\"date\":\"2025-07-15\",\"outcome\":\"satisfactory\"},"
      "{\"outcome\":\"misuse_suspected\",\"date\":\"2026-07-20\"}]}"};
  long before = accepted;
  for (size_t i = 0; i < 2; i++) {
    compare(seeds[i]);
    for (int k = 0; k < 50; k++)
      mutate_and_compare(seeds[i]);
  }
  assert_true(accepted >= before + 2);
}

/* A one-off's purpose is free text: the fast reader takes printable ASCII
 * of 1 to 200 characters as the full reader does, and leaves the rest
 * (escapes, other scripts, the errors) to it. */
static void test_purpose_is_free_text(void **state) {
  (void)state;
  char text[512], purpose[202];
  memset(purpose, 'x', sizeof purpose);
  purpose[201] = '\0';
  static const char *const fmt =
      "{\"id\":\"R-1\",\"one_off_payments\":[{\"date\":\"2026-01-10\",\"pence\":1,"
      "\"purpose\":\"%s\"}]}";
  dpss_recipient *r = NULL;
  snprintf(text, sizeof text, fmt, "new wheelchair");
  assert_int_equal(dpss__recipient_fast(&r, text), 1);
  assert_string_equal(r->one_offs[0].purpose, "new wheelchair");
  dpss_recipient_free(r);
  compare(text);
  purpose[200] = '\0';
  snprintf(text, sizeof text, fmt, purpose);
  assert_int_equal(dpss__recipient_fast(&r, text), 1);
  assert_int_equal(strlen(r->one_offs[0].purpose), 200);
  dpss_recipient_free(r);
  compare(text);
  purpose[200] = 'x'; /* 201: both refuse */
  snprintf(text, sizeof text, fmt, purpose);
  assert_int_equal(dpss__recipient_fast(&r, text), 0);
  compare(text);
  static const char *const declined_[] = {"", "caf\xc3\xa9 table", "a\\tb", "a\\u0020b"};
  for (size_t i = 0; i < sizeof declined_ / sizeof declined_[0]; i++) {
    snprintf(text, sizeof text, fmt, declined_[i]);
    assert_int_equal(dpss__recipient_fast(&r, text), 0);
    compare(text);
  }
}

static void test_declines_what_it_does_not_keep(void **state) {
  (void)state;
  static const char *const decline[] = {
      "{\"id\":\"R-1\",\"council_ref\":1}",                      /* extra field */
      "{\"id\":\"R-1\",\"authorised_person\":\"AP-1\"}",          /* kept as given */
      "{\"id\":\"R-\\u0031\"}",                                   /* escape */
      "{\"id\":\"R-1\",\"id\":\"R-2\"}",                          /* duplicate key */
      "{\"id\":\"R-1\",\"balance\":{\"pence\":1.5}}",             /* not an integer */
      "{\"id\":\"R-1\",\"one_off_payments\":[{\"date\":\"2026-01-01\"}]}", /* no pence */
      "{\"id\":\"R-1\",\"audits\":[{\"date\":\"2026-01-01\",\"outcome\":\"fine\"}]}",
      "{\"id\":\"R-1\"} x",                                       /* trailing text */
      "{\"id\":\"R-1\",\"funding\":[{\"source\":\"health\",\"weekly_pence\":2}],"
      "\"personal_budget_weekly_pence\":1}",                      /* B1: the full reader says why */
  };
  for (size_t i = 0; i < sizeof decline / sizeof decline[0]; i++) {
    dpss_recipient *r = NULL;
    assert_int_equal(dpss__recipient_fast(&r, decline[i]), 0);
    assert_null(r);
    compare(decline[i]);
  }
}

/* Events (R1), the support plan and the employer's evidence (A5, A6): read
 * by the fast reader too, so the sample caseload takes the fast path. */
static void test_events_plan_and_employer(void **state) {
  (void)state;
  static const char *const seeds[] = {
      "{\"id\":\"R-1\",\"dp_start\":\"2025-01-15\",\"events\":[{\"date\":\"2026-03-01\","
      "\"kind\":\"capacity_lost\"},{\"kind\":\"misuse_suspected\",\"date\":\"2026-04-01\"}]}",
      "{\"id\":\"R-2\",\"support_plan\":{\"paye\":true,\"lines\":[{\"category\":\"pa_wages\","
      "\"payee\":\"PA-1\",\"weekly_pence\":18450},{\"category\":\"hmrc\",\"payee\":\"HMRC\"},"
      "{\"category\":\"equipment\"}]},\"employer\":{\"insurance\":[{\"from\":\"2025-12-01\","
      "\"to\":\"2026-11-30\"}],\"pas\":[{\"id\":\"PA-1\",\"contract\":true,"
      "\"dbs_checked\":\"2024-02-15\"},{\"id\":\"PA-2\",\"contract\":null}]}}",
      "{\"id\":\"R-3\",\"support_plan\":{\"lines\":[]},\"employer\":{\"pas\":[]}}",
      "{\"id\":\"R-4\",\"support_plan\":null,\"employer\":null,\"events\":null}"};
  long before = accepted;
  for (size_t i = 0; i < DPSS_ARRAY_LEN(seeds); i++) {
    dpss_recipient *r = NULL;
    assert_int_equal(dpss__recipient_fast(&r, seeds[i]), 1);
    dpss_recipient_free(r);
    compare(seeds[i]);
    for (int k = 0; k < 50; k++)
      mutate_and_compare(seeds[i]);
  }
  assert_true(accepted >= before + 4);
  /* What only the full reader may refuse, with the field path, is declined. */
  static const char *const decline[] = {
      "{\"id\":\"R-1\",\"events\":[{\"date\":\"2026-01-01\"}]}",
      "{\"id\":\"R-1\",\"events\":[{\"date\":\"2026-01-01\",\"kind\":\"moved\"}]}",
      "{\"id\":\"R-1\",\"support_plan\":{\"lines\":[{\"payee\":\"X\"}]}}",
      "{\"id\":\"R-1\",\"support_plan\":{\"lines\":[{\"category\":\"a\",\"weekly_pence\":-1}]}}",
      "{\"id\":\"R-1\",\"support_plan\":{\"rent\":1}}",
      "{\"id\":\"R-1\",\"employer\":{\"insurance\":[{\"from\":\"2026-02-01\",\"to\":\"2026-01-01\"}]}}",
      "{\"id\":\"R-1\",\"employer\":{\"insurance\":[{\"from\":\"2026-02-01\"}]}}",
      "{\"id\":\"R-1\",\"employer\":{\"pas\":[{\"id\":\"P\"},{\"id\":\"P\"}]}}",
      "{\"id\":\"R-1\",\"employer\":{\"pas\":[{\"contract\":true}]}}",
  };
  for (size_t i = 0; i < DPSS_ARRAY_LEN(decline); i++) {
    dpss_recipient *r = NULL;
    assert_int_equal(dpss__recipient_fast(&r, decline[i]), 0);
    assert_null(r);
    compare(decline[i]);
  }
}

/* Every record of the sample caseload takes the fast path. */
static void test_sample_caseload_is_fast(void **state) {
  (void)state;
  char path[512];
  char *text = read_file(srcpath("../examples/data/caseload.jsonl", path, sizeof path));
  assert_non_null(text);
  int n = 0;
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), n++) {
    dpss_recipient *r = NULL;
    if (!dpss__recipient_fast(&r, line))
      fail_msg("the fast reader declines sample record %d", n + 1);
    dpss_recipient_free(r);
  }
  free(text);
  assert_int_equal(n, 240);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_samples_agree),
      cmocka_unit_test(test_mutations_agree),
      cmocka_unit_test(test_one_offs_and_audits),
      cmocka_unit_test(test_purpose_is_free_text),
      cmocka_unit_test(test_declines_what_it_does_not_keep),
      cmocka_unit_test(test_events_plan_and_employer),
      cmocka_unit_test(test_sample_caseload_is_fast),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
