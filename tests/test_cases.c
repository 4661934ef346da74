/* SPDX-License-Identifier: MIT */
/* The shared case suite: every JSON file in tests/cases is one case
 * (recipient, as-of date, optional policy and overrides, expected decision
 * fields). The Python and Java tests run the same files.
 *
 * Matching: every field in "expect" must equal the decision's field; objects
 * match key by key (extra decision fields are fine), arrays element by
 * element and of the same length. "trace_includes" lists entries of which
 * each must match some trace entry. "expect_error" instead names the error
 * code and field the recipient must be rejected with. */
#include "helpers.h"

#include <dirent.h>
#include <jansson.h>

static int subset(const json_t *want, const json_t *got, char *path, size_t size) {
  if (json_is_object(want)) {
    if (!json_is_object(got))
      return 0;
    const char *key;
    json_t *v;
    size_t len = strlen(path);
    json_object_foreach((json_t *)want, key, v) {
      snprintf(path + len, size - len, ".%s", key);
      if (!subset(v, json_object_get(got, key), path, size))
        return 0;
      path[len] = '\0';
    }
    return 1;
  }
  if (json_is_array(want)) {
    if (!json_is_array(got) || json_array_size(want) != json_array_size(got))
      return 0;
    size_t len = strlen(path);
    for (size_t i = 0; i < json_array_size(want); i++) {
      snprintf(path + len, size - len, "[%zu]", i);
      if (!subset(json_array_get(want, i), json_array_get(got, i), path, size))
        return 0;
      path[len] = '\0';
    }
    return 1;
  }
  return got && json_equal(want, got);
}

static int trace_has(const json_t *trace, const json_t *want) {
  char path[256] = "";
  for (size_t i = 0; i < json_array_size(trace); i++)
    if (subset(want, json_array_get(trace, i), path, sizeof path))
      return 1;
  return 0;
}

static int code_of(const char *name) {
#define CODE_OF_(n, v, t) \
  if (strcmp(name, #n) == 0) \
    return v;
  DPSS_ERRNO_MAP(CODE_OF_)
#undef CODE_OF_
  return 1;
}

/* A framework case: call-offs added in order, each accepted ("OK") or
 * refused with a code; then the spend committed per commissioner and year.
 * Each case runs twice: on the framework in memory and on a framework
 * ledger (SQLite) made from it, which must give the same answers. */
static int run_framework_case(const json_t *c, char *why, size_t size, bool ledger) {
  char *text = json_dumps(json_object_get(c, "framework"), JSON_COMPACT);
  dpss_framework *f = NULL;
  dpss_ledger *l = NULL;
  char dir[64] = "", path[128] = "";
  int ok = 0;
  const char *how = ledger ? "ledger: " : "";
  if (!text || dpss_framework_from_json(&f, text)) {
    snprintf(why, size, "framework: %s", dpss_error_message(dpss_error_last()));
    goto out;
  }
  if (ledger) {
    snprintf(dir, sizeof dir, "/tmp/dpss-case-XXXXXX");
    if (!mkdtemp(dir)) {
      dir[0] = '\0';
      snprintf(why, size, "cannot make a folder for the ledger");
      goto out;
    }
    snprintf(path, sizeof path, "%s/case.ledger", dir);
    if (dpss_ledger_create(&l, path, f)) {
      snprintf(why, size, "ledger: %s", dpss_error_message(dpss_error_last()));
      goto out;
    }
  }
  size_t i;
  json_t *step;
  json_array_foreach(json_object_get(c, "add"), i, step) {
    char *co = json_dumps(json_object_get(step, "call_off"), JSON_COMPACT);
    int rc = l ? dpss_ledger_add(l, co, NULL) : dpss_framework_add_calloff(f, co, NULL);
    free(co);
    const char *want = json_string_value(json_object_get(step, "expect"));
    if (!want || strcmp(dpss_status_name(rc), want) != 0) {
      snprintf(why, size, "%sadd %zu: expected %s, got %s (%s)", how, i, want ? want : "?",
               dpss_status_name(rc), rc ? dpss_error_message(dpss_error_last()) : "");
      goto out;
    }
  }
  json_array_foreach(json_object_get(c, "expect_committed"), i, step) {
    const char *who = json_string_value(json_object_get(step, "commissioner"));
    int year = (int)json_integer_value(json_object_get(step, "year"));
    json_int_t want = json_integer_value(json_object_get(step, "pence"));
    int64_t got = -1;
    if (l)
      dpss_ledger_committed(l, who ? who : "", year, &got);
    else
      got = dpss_framework_committed(f, who ? who : "", year);
    if (got != want) {
      snprintf(why, size, "%s%s year %d: committed %lld, expected %lld", how, who, year,
               (long long)got, (long long)want);
      goto out;
    }
  }
  ok = 1;
out:
  free(text);
  dpss_framework_free(f);
  dpss_ledger_close(l);
  if (dir[0]) {
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
      ok = 0;
  }
  return ok;
}

static int run_case(const char *file, char *why, size_t size) {
  json_error_t e;
  json_t *c = json_load_file(file, JSON_REJECT_DUPLICATES, &e);
  if (!c) {
    snprintf(why, size, "bad case file: %s line %d", e.text, e.line);
    return 0;
  }
  if (json_object_get(c, "framework")) {
    int fok = run_framework_case(c, why, size, false) && run_framework_case(c, why, size, true);
    json_decref(c);
    return fok;
  }
  int ok = 0;
  dpss_policy *p = NULL;
  dpss_recipient *r = NULL;
  dpss_decision *d = NULL;
  char *rtext = NULL, *dtext = NULL, *ptext = NULL;
  json_t *got = NULL;
  const json_t *pol = json_object_get(c, "policy");
  if (pol) {
    ptext = json_dumps(pol, JSON_COMPACT);
    if (dpss_policy_from_json(&p, ptext)) {
      snprintf(why, size, "policy: %s", dpss_error_message(dpss_error_last()));
      goto out;
    }
  } else if (dpss_policy_new(&p)) {
    goto out;
  }
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(c, "set"), i, v) {
    if (dpss_policy_set(p, json_string_value(v))) {
      snprintf(why, size, "set: %s", dpss_error_message(dpss_error_last()));
      goto out;
    }
  }
  dpss_date as_of;
  if (dpss_date_parse(&as_of, json_string_value(json_object_get(c, "as_of")))) {
    snprintf(why, size, "as_of missing or bad");
    goto out;
  }
  rtext = json_dumps(json_object_get(c, "recipient"), JSON_COMPACT);
  int rc = dpss_recipient_from_json(&r, rtext);
  const json_t *experr = json_object_get(c, "expect_error");
  if (experr) {
    const char *code = json_string_value(json_object_get(experr, "code"));
    const char *field = json_string_value(json_object_get(experr, "field"));
    if (rc != code_of(code ? code : "")) {
      snprintf(why, size, "expected error %s, got %s", code, dpss_status_name(rc));
      goto out;
    }
    if (field && strcmp(field, dpss_error_field(dpss_error_last())) != 0) {
      snprintf(why, size, "expected field %s, got %s", field,
               dpss_error_field(dpss_error_last()));
      goto out;
    }
    ok = 1;
    goto out;
  }
  if (rc) {
    snprintf(why, size, "recipient: %s", dpss_error_message(dpss_error_last()));
    goto out;
  }
  if (dpss_evaluate(&d, p, r, as_of) || dpss_decision_to_json(d, &dtext)) {
    snprintf(why, size, "evaluate: %s", dpss_error_message(dpss_error_last()));
    goto out;
  }
  got = json_loads(dtext, 0, NULL);
  char path[256] = "";
  if (json_object_get(c, "expect") && !subset(json_object_get(c, "expect"), got, path, sizeof path)) {
    snprintf(why, size, "decision differs at %s", path[0] ? path : "(top)");
    goto out;
  }
  const json_t *netv = json_object_get(c, "network");
  if (netv) {
    char *ntext = json_dumps(netv, JSON_COMPACT), *otext = NULL;
    dpss_network *net = NULL;
    dpss_routing *o = NULL;
    json_t *og = NULL;
    int ok3 = ntext && !dpss_network_from_json(&net, ntext, p, as_of) &&
              !dpss_network_route(&o, net, r) && !dpss_routing_to_json(o, &otext) &&
              (og = json_loads(otext, 0, NULL)) != NULL;
    path[0] = '\0';
    if (!ok3)
      snprintf(why, size, "routing: %s", dpss_error_message(dpss_error_last()));
    else if (!subset(json_object_get(c, "expect_routing"), og, path, sizeof path)) {
      snprintf(why, size, "routing differs at %s", path[0] ? path : "(top)");
      fprintf(stderr, "  routing: %s\n", otext);
      ok3 = 0;
    }
    json_decref(og);
    dpss_free(otext);
    free(ntext);
    dpss_routing_free(o);
    dpss_network_free(net);
    if (!ok3)
      goto out;
  }
  const json_t *pay = json_object_get(c, "payments");
  if (pay) {
    dpss_date from, to;
    dpss_schedule *s = NULL;
    char *stext = NULL;
    json_t *sched = NULL;
    int ok2 = !dpss_date_parse(&from, json_string_value(json_object_get(pay, "from"))) &&
              !dpss_date_parse(&to, json_string_value(json_object_get(pay, "to"))) &&
              !dpss_schedule_build(&s, p, r, from, to) && !dpss_schedule_to_json(s, &stext) &&
              (sched = json_loads(stext, 0, NULL)) != NULL;
    path[0] = '\0';
    if (!ok2)
      snprintf(why, size, "payments: %s", dpss_error_message(dpss_error_last()));
    else if (!subset(json_object_get(c, "expect_payments"), sched, path, sizeof path)) {
      snprintf(why, size, "schedule differs at %s", path[0] ? path : "(top)");
      fprintf(stderr, "  schedule: %s\n", stext);
      ok2 = 0;
    }
    json_decref(sched);
    dpss_free(stext);
    dpss_schedule_free(s);
    if (!ok2)
      goto out;
  }
  json_array_foreach(json_object_get(c, "trace_includes"), i, v) {
    if (!trace_has(json_object_get(got, "trace"), v)) {
      char *t = json_dumps(v, JSON_COMPACT);
      snprintf(why, size, "trace lacks %s", t);
      free(t);
      goto out;
    }
  }
  ok = 1;
out:
  if (!ok && dtext)
    fprintf(stderr, "  decision: %s\n", dtext);
  json_decref(got);
  free(rtext);
  free(ptext);
  dpss_free(dtext);
  dpss_decision_free(d);
  dpss_recipient_free(r);
  dpss_policy_free(p);
  json_decref(c);
  return ok;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_case(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
}

static void test_case_suite(void **state) {
  (void)state;
  char dir[512], file[1024], why[512];
  srcpath("cases", dir, sizeof dir);
  struct dirent **list;
  int n = scandir(dir, &list, is_case, by_name);
  assert_true(n > 0);
  int failed = 0;
  for (int i = 0; i < n; i++) {
    snprintf(file, sizeof file, "%s/%s", dir, list[i]->d_name);
    why[0] = '\0';
    if (!run_case(file, why, sizeof why)) {
      fprintf(stderr, "case %s: %s\n", list[i]->d_name, why);
      failed++;
    }
    free(list[i]);
  }
  free(list);
  fprintf(stderr, "%d cases, %d failed\n", n, failed);
  assert_int_equal(failed, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_case_suite),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
