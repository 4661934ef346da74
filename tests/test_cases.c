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

typedef struct dpss_sb_text {
  char *p;
  size_t len;
} dpss_sb_text;

static void text_add(dpss_sb_text *t, const char *s) {
  size_t n = strlen(s);
  char *q = realloc(t->p, t->len + n + 1);
  assert_non_null(q);
  memcpy(q + t->len, s, n + 1);
  t->p = q;
  t->len += n;
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

/* A framework case, in memory and again through a ledger. */
static int run_framework_both(const json_t *c, char *why, size_t size) {
  return run_framework_case(c, why, size, false) && run_framework_case(c, why, size, true);
}

/* The policy of a case: "policy", or "policy_file" (a path from the top of
 * the source tree), else the built-in one; with "set" applied. */
static dpss_policy *case_policy(const json_t *c, char *why, size_t size) {
  dpss_policy *p = NULL;
  const json_t *pol = json_object_get(c, "policy");
  const char *pfile = json_string_value(json_object_get(c, "policy_file"));
  if (pfile) {
    char path[1024], top[512];
    srcpath("..", top, sizeof top);
    snprintf(path, sizeof path, "%s/%s", top, pfile);
    if (dpss_policy_from_file(&p, path)) {
      snprintf(why, size, "policy_file: %s", dpss_error_message(dpss_error_last()));
      return NULL;
    }
  } else if (pol) {
    char *ptext = json_dumps(pol, JSON_COMPACT);
    int rc = dpss_policy_from_json(&p, ptext);
    free(ptext);
    if (rc) {
      snprintf(why, size, "policy: %s", dpss_error_message(dpss_error_last()));
      return NULL;
    }
  } else if (dpss_policy_new(&p)) {
    return NULL;
  }
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(c, "set"), i, v) {
    if (dpss_policy_set(p, json_string_value(v))) {
      snprintf(why, size, "set: %s", dpss_error_message(dpss_error_last()));
      dpss_policy_free(p);
      return NULL;
    }
  }
  return p;
}

static dpss_recipient *case_recipient(const json_t *v, char *why, size_t size) {
  char *text = json_dumps(v, JSON_COMPACT);
  dpss_recipient *r = NULL;
  if (!text || dpss_recipient_from_json(&r, text))
    snprintf(why, size, "recipient: %s", dpss_error_message(dpss_error_last()));
  free(text);
  return r;
}

/* Compare JSON text with the expected subset; name the path on a miss. */
static int expect_json(const json_t *want, const char *text, const char *what, char *why,
                       size_t size) {
  json_t *got = json_loads(text, 0, NULL);
  char path[256] = "";
  int ok = got && subset(want, got, path, sizeof path);
  if (!ok) {
    snprintf(why, size, "%s differs at %s", what, path[0] ? path : "(top)");
    fprintf(stderr, "  %s: %s\n", what, text);
  }
  json_decref(got);
  return ok;
}

/* The case's policy and its "as_of"; NULL (why says what) when either is
 * wrong. */
static dpss_policy *case_policy_as_of(const json_t *c, dpss_date *as_of, char *why,
                                      size_t size) {
  dpss_policy *p = case_policy(c, why, size);
  if (p && dpss_date_parse(as_of, json_string_value(json_object_get(c, "as_of")))) {
    snprintf(why, size, "as_of missing or bad");
    dpss_policy_free(p);
    return NULL;
  }
  return p;
}

/* The case's "network" under p into *n: dpss_network_from_json's status. */
static int case_network(const json_t *c, const dpss_policy *p, dpss_date as_of,
                        dpss_network **n) {
  char *text = json_dumps(json_object_get(c, "network"), JSON_COMPACT);
  int rc = dpss_network_from_json(n, text, p, as_of);
  free(text);
  return rc;
}

/* N1: a network that must be refused. */
static int run_network_error_case(const json_t *c, char *why, size_t size) {
  dpss_date as_of;
  dpss_policy *p = case_policy_as_of(c, &as_of, why, size);
  if (!p)
    return 0;
  dpss_network *n = NULL;
  int rc = case_network(c, p, as_of, &n);
  const json_t *e = json_object_get(c, "expect_network_error");
  const char *code = json_string_value(json_object_get(e, "code"));
  const char *field = json_string_value(json_object_get(e, "field"));
  int ok = rc == code_of(code ? code : "") &&
           (!field || strcmp(field, dpss_error_field(dpss_error_last())) == 0);
  if (!ok)
    snprintf(why, size, "network: expected %s %s, got %s %s", code, field ? field : "",
             dpss_status_name(rc), dpss_error_field(dpss_error_last()));
  dpss_network_free(n);
  dpss_policy_free(p);
  return ok;
}

/* N2-N5 over a run: "referrals" (or "referral_count" copies of
 * "referral_template", ids suffixed) routed in order through "network";
 * "expect_routings" checks them one by one, "expect_routed" the count per
 * provider ("unrouted" for those without one) as {"min", "max"}. */
static int run_referrals_case(const json_t *c, char *why, size_t size) {
  dpss_date as_of;
  dpss_policy *p = case_policy_as_of(c, &as_of, why, size);
  if (!p)
    return 0;
  dpss_network *n = NULL;
  int ok = 0;
  json_t *counts = json_object();
  if (case_network(c, p, as_of, &n)) {
    snprintf(why, size, "network: %s", dpss_error_message(dpss_error_last()));
    goto out;
  }
  const json_t *list = json_object_get(c, "referrals");
  size_t count = list ? json_array_size(list)
                      : (size_t)json_integer_value(json_object_get(c, "referral_count"));
  for (size_t i = 0; i < count; i++) {
    json_t *ref = list ? json_incref(json_array_get(list, i))
                       : json_deep_copy(json_object_get(c, "referral_template"));
    if (!list) {
      char id[64];
      snprintf(id, sizeof id, "%s-%zu",
               json_string_value(json_object_get(ref, "id")) ? json_string_value(json_object_get(ref, "id")) : "R",
               i + 1);
      json_object_set_new(ref, "id", json_string(id));
    }
    dpss_recipient *r = case_recipient(ref, why, size);
    json_decref(ref);
    dpss_routing *o = NULL;
    char *otext = NULL;
    if (!r || dpss_network_route(&o, n, r) || dpss_routing_to_json(o, &otext)) {
      if (r)
        snprintf(why, size, "route %zu: %s", i, dpss_error_message(dpss_error_last()));
      dpss_recipient_free(r);
      goto out;
    }
    const char *prov = dpss_routing_provider(o) ? dpss_routing_provider(o) : "unrouted";
    json_object_set_new(counts, prov, json_integer(json_integer_value(json_object_get(counts, prov)) + 1));
    const json_t *want = json_array_get(json_object_get(c, "expect_routings"), i);
    char what[32];
    snprintf(what, sizeof what, "routing %zu", i + 1);
    int good = !want || expect_json(want, otext, what, why, size);
    dpss_free(otext);
    dpss_routing_free(o);
    dpss_recipient_free(r);
    if (!good)
      goto out;
  }
  const char *key;
  json_t *bounds;
  json_object_foreach(json_object_get(c, "expect_routed"), key, bounds) {
    json_int_t got = json_integer_value(json_object_get(counts, key));
    const json_t *lo = json_object_get(bounds, "min"), *hi = json_object_get(bounds, "max");
    if ((lo && got < json_integer_value(lo)) || (hi && got > json_integer_value(hi))) {
      char *all = json_dumps(counts, JSON_COMPACT);
      snprintf(why, size, "%s routed %lld, outside its bounds (all: %s)", key, (long long)got,
               all ? all : "");
      free(all);
      goto out;
    }
  }
  ok = 1;
out:
  json_decref(counts);
  dpss_network_free(n);
  dpss_policy_free(p);
  return ok;
}

/* A caseload: "market" (N6), "transition" (X1, N4) or "return" (R3, F4,
 * B6), each compared with its "expect_..." (a transition as lines in
 * order, each a subset of the plan's line). */
static int run_caseload_case(const json_t *c, char *why, size_t size) {
  dpss_date as_of;
  dpss_policy *p = case_policy_as_of(c, &as_of, why, size);
  if (!p)
    return 0;
  int ok = 0;
  dpss_network *n = NULL;
  dpss_market *m = NULL;
  dpss_transition *t = NULL;
  dpss_return *ret = NULL;
  dpss_framework *f = NULL;
  if (json_object_get(c, "network") && case_network(c, p, as_of, &n)) {
    snprintf(why, size, "network: %s", dpss_error_message(dpss_error_last()));
    goto out;
  }
  const json_t *tr = json_object_get(c, "transition"), *rt = json_object_get(c, "return");
  if (json_object_get(c, "expect_market") && dpss_market_new(&m, n, p, as_of))
    goto fail;
  if (tr) {
    dpss_date start;
    if (dpss_date_parse(&start, json_string_value(json_object_get(tr, "start"))) ||
        dpss_transition_new(&t, n, p, start))
      goto fail;
  }
  if (rt) {
    dpss_date from, to;
    if (dpss_date_parse(&from, json_string_value(json_object_get(rt, "from"))) ||
        dpss_date_parse(&to, json_string_value(json_object_get(rt, "to"))) ||
        dpss_return_new(&ret, p, from, to, json_string_value(json_object_get(rt, "provider"))))
      goto fail;
    if (json_object_get(rt, "framework")) {
      char *ftext = json_dumps(json_object_get(rt, "framework"), JSON_COMPACT);
      int rc = dpss_framework_from_json(&f, ftext);
      free(ftext);
      if (rc)
        goto fail;
    }
  }
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(c, "caseload"), i, v) {
    dpss_recipient *r = case_recipient(v, why, size);
    if (!r)
      goto out;
    int rc = (m ? dpss_market_add(m, r) : 0) || (t ? dpss_transition_add(t, r) : 0) ||
             (ret ? dpss_return_add(ret, r) : 0);
    dpss_recipient_free(r);
    if (rc)
      goto fail;
  }
  char *text = NULL;
  if (m) {
    if (dpss_market_to_json(m, &text))
      goto fail;
    int good = expect_json(json_object_get(c, "expect_market"), text, "market", why, size);
    dpss_free(text);
    if (!good)
      goto out;
  }
  if (ret) {
    if ((f && dpss_return_add_spend(ret, f)) || dpss_return_to_json(ret, &text))
      goto fail;
    int good = expect_json(json_object_get(c, "expect_return"), text, "return", why, size);
    dpss_free(text);
    if (!good)
      goto out;
  }
  if (t) {
    if (dpss_transition_to_jsonl(t, &text))
      goto fail;
    /* The expected lines, in order, each a subset of a plan line. */
    const char *at = text;
    json_array_foreach(json_object_get(c, "expect_transition"), i, v) {
      int found = 0;
      while (*at && !found) {
        const char *end = strchr(at, '\n');
        size_t len = end ? (size_t)(end - at) : strlen(at);
        char *line = strndup(at, len);
        json_t *got = json_loads(line, 0, NULL);
        char path[256] = "";
        found = got && subset(v, got, path, sizeof path);
        json_decref(got);
        free(line);
        at += len + (end != NULL);
      }
      if (!found) {
        snprintf(why, size, "transition lacks, in order, line %zu", i + 1);
        fprintf(stderr, "  plan: %s\n", text);
        dpss_free(text);
        goto out;
      }
    }
    dpss_free(text);
  }
  ok = 1;
  goto out;
fail:
  snprintf(why, size, "%s", dpss_error_message(dpss_error_last()));
out:
  dpss_framework_free(f);
  dpss_return_free(ret);
  dpss_transition_free(t);
  dpss_market_free(m);
  dpss_network_free(n);
  dpss_policy_free(p);
  return ok;
}

/* An audit case: a recipient, a statement (JSON lines as objects, or CSV
 * text, with an optional mapping), a period and balances (null: from the
 * running balances); the audit record expected, or the error, and the bad
 * lines of the statement expected. */
static int64_t pence_or_none(const json_t *v) {
  return json_is_integer(v) ? (int64_t)json_integer_value(v) : DPSS_PENCE_NONE;
}

static int run_audit_case(const json_t *c, dpss_policy *p, char *why, size_t size) {
  int ok = 0;
  char *rtext = json_dumps(json_object_get(c, "recipient"), JSON_COMPACT), *mtext = NULL;
  char *atext = NULL;
  dpss_recipient *r = NULL;
  dpss_mapping *map = NULL;
  dpss_statement *st = NULL;
  dpss_audit *a = NULL;
  json_t *got = NULL;
  dpss_sb_text lines = {0};
  if (dpss_recipient_from_json(&r, rtext)) {
    snprintf(why, size, "recipient: %s", dpss_error_message(dpss_error_last()));
    goto out;
  }
  if (json_object_get(c, "mapping")) {
    mtext = json_dumps(json_object_get(c, "mapping"), JSON_COMPACT);
    if (dpss_mapping_from_json(&map, mtext)) {
      snprintf(why, size, "mapping: %s", dpss_error_message(dpss_error_last()));
      goto out;
    }
  }
  int rc;
  const json_t *csv = json_object_get(c, "statement_csv");
  if (csv) {
    rc = dpss_statement_from_csv(&st, json_string_value(csv), map);
  } else {
    size_t i;
    json_t *line;
    json_array_foreach(json_object_get(c, "statement"), i, line) {
      char *t = json_dumps(line, JSON_COMPACT);
      text_add(&lines, t);
      text_add(&lines, "\n");
      free(t);
    }
    rc = dpss_statement_from_jsonl(&st, lines.p ? lines.p : "", map);
  }
  if (rc) {
    snprintf(why, size, "statement: %s", dpss_error_message(dpss_error_last()));
    goto out;
  }
  const json_t *want_errs = json_object_get(c, "expect_statement_errors");
  size_t ne = dpss_statement_error_count(st);
  if (json_array_size(want_errs) != ne) {
    snprintf(why, size, "statement: %zu bad lines, expected %zu (first: %s)", ne,
             json_array_size(want_errs), ne ? dpss_statement_error_message(st, 0) : "");
    goto out;
  }
  for (size_t i = 0; i < ne; i++) {
    const json_t *w = json_array_get(want_errs, i);
    const char *code = json_string_value(json_object_get(w, "code"));
    if ((size_t)json_integer_value(json_object_get(w, "line")) != dpss_statement_error_line(st, i) ||
        (size_t)json_integer_value(json_object_get(w, "column")) != dpss_statement_error_column(st, i) ||
        strcmp(json_string_value(json_object_get(w, "field")), dpss_statement_error_field(st, i)) ||
        dpss_statement_error_code(st, i) != code_of(code ? code : "")) {
      snprintf(why, size, "statement error %zu differs: %s (%s)", i,
               dpss_statement_error_message(st, i), dpss_status_name(dpss_statement_error_code(st, i)));
      goto out;
    }
  }
  dpss_date from, to;
  if (dpss_date_parse(&from, json_string_value(json_object_get(c, "from"))) ||
      dpss_date_parse(&to, json_string_value(json_object_get(c, "to")))) {
    snprintf(why, size, "from or to missing or bad");
    goto out;
  }
  rc = dpss_audit_run(&a, p, r, st, from, to, pence_or_none(json_object_get(c, "opening_pence")),
                      pence_or_none(json_object_get(c, "closing_pence")));
  const json_t *experr = json_object_get(c, "expect_error");
  if (experr) {
    const char *code = json_string_value(json_object_get(experr, "code"));
    const char *field = json_string_value(json_object_get(experr, "field"));
    if (rc != code_of(code ? code : "")) {
      snprintf(why, size, "expected error %s, got %s", code, dpss_status_name(rc));
      goto out;
    }
    if (field && strcmp(field, dpss_error_field(dpss_error_last())) != 0) {
      snprintf(why, size, "expected field %s, got %s", field, dpss_error_field(dpss_error_last()));
      goto out;
    }
    ok = 1;
    goto out;
  }
  if (rc || dpss_audit_to_json(a, &atext)) {
    snprintf(why, size, "audit: %s", dpss_error_message(dpss_error_last()));
    goto out;
  }
  got = json_loads(atext, 0, NULL);
  char path[256] = "";
  if (!subset(json_object_get(c, "expect_audit"), got, path, sizeof path)) {
    snprintf(why, size, "audit differs at %s", path[0] ? path : "(top)");
    fprintf(stderr, "  audit: %s\n", atext);
    goto out;
  }
  ok = 1;
out:
  json_decref(got);
  dpss_free(atext);
  free(lines.p);
  free(rtext);
  free(mtext);
  dpss_audit_free(a);
  dpss_statement_free(st);
  dpss_mapping_free(map);
  dpss_recipient_free(r);
  return ok;
}

static int run_case(const char *file, char *why, size_t size) {
  json_error_t e;
  json_t *c = json_load_file(file, JSON_REJECT_DUPLICATES, &e);
  if (!c) {
    snprintf(why, size, "bad case file: %s line %d", e.text, e.line);
    return 0;
  }
  int (*kind)(const json_t *, char *, size_t) =
      json_object_get(c, "framework")              ? run_framework_both
      : json_object_get(c, "expect_network_error") ? run_network_error_case
      : json_object_get(c, "referrals") || json_object_get(c, "referral_count") ? run_referrals_case
      : json_object_get(c, "caseload")             ? run_caseload_case
                                                   : NULL;
  if (kind) {
    int kok = kind(c, why, size);
    json_decref(c);
    return kok;
  }
  int ok = 0;
  dpss_policy *p = NULL;
  dpss_recipient *r = NULL;
  dpss_decision *d = NULL;
  char *rtext = NULL, *dtext = NULL, *ptext = NULL;
  json_t *got = NULL;
  size_t i;
  json_t *v;
  if (!(p = case_policy(c, why, size)))
    goto out;
  if (json_object_get(c, "expect_audit") || json_object_get(c, "statement") ||
      json_object_get(c, "statement_csv")) {
    ok = run_audit_case(c, p, why, size);
    goto out;
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
    char *otext = NULL;
    dpss_network *net = NULL;
    dpss_routing *o = NULL;
    json_t *og = NULL;
    int ok3 = !case_network(c, p, as_of, &net) &&
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
