/* SPDX-License-Identifier: MIT */
/* The framework ledger (SQLite): create, open, add, export; every F2/F3
 * refusal at its boundary with the ledger unchanged; files that are not
 * ledgers; concurrent adds from processes and threads that never lose a
 * call-off nor pass a cap; links, modes and read-only files; busy
 * timeouts; allocation failures. White-box only for fault injection. */
#include "helpers.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../libdpss/internal.h"

#define FW(annual, total, threshold)                                                      \
  "{\"id\":\"F\",\"start\":\"2020-10-01\",\"years\":4,\"commissioners\":["                \
  "{\"id\":\"CITY\",\"annual_cap_pence\":" annual ",\"total_cap_pence\":" total           \
  threshold "},"                                                                          \
  "{\"id\":\"CCG\",\"annual_cap_pence\":1000000,\"total_cap_pence\":4000000}],"           \
  "\"prices\":{\"start_up_pence\":101200,\"payroll_per_year_pence\":30000,"               \
  "\"managed_account_per_month_pence\":1500,\"one_off_issue_pence\":4500}}"

#define CALLOFF(id, who, start, qty)                                                  \
  "{\"id\":\"" id "\",\"commissioner\":\"" who "\",\"recipient\":\"R-1\","            \
  "\"start\":\"" start "\",\"end\":\"" start "\",\"items\":[{\"service\":"            \
  "\"one_off_issue\",\"quantity\":" qty "}]}"

static char dir[64];

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/dpss-ledger-XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static const char *in_dir(const char *name) {
  static char buf[4][256];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

static dpss_ledger *create(const char *name, const char *fw_json) {
  dpss_framework *f = NULL;
  if (dpss_framework_from_json(&f, fw_json))
    fail_msg("framework: %s", dpss_error_message(dpss_error_last()));
  dpss_ledger *l = NULL;
  if (dpss_ledger_create(&l, in_dir(name), f))
    fail_msg("create: %s", dpss_error_message(dpss_error_last()));
  dpss_framework_free(f);
  return l;
}

static char *export(dpss_ledger *l) {
  char *s = NULL;
  if (dpss_ledger_export(l, &s))
    fail_msg("export: %s", dpss_error_message(dpss_error_last()));
  return s;
}

static int64_t count(dpss_ledger *l) {
  int64_t n = -1;
  assert_int_equal(dpss_ledger_count(l, &n), DPSS_OK);
  return n;
}

static int64_t committed(dpss_ledger *l, const char *who, int year) {
  int64_t n = -1;
  assert_int_equal(dpss_ledger_committed(l, who, year, &n), DPSS_OK);
  return n;
}

static void add_ok(dpss_ledger *l, const char *json) {
  int rc = dpss_ledger_add(l, json, NULL);
  if (rc)
    fail_msg("add: %s: %s", dpss_status_name(rc), dpss_error_message(dpss_error_last()));
}

static void stamp(char out[21]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ------------------------------------------------------------- round trip */

static void test_create_add_export_round_trip(void **state) {
  (void)state;
  /* A framework with one call-off of its own becomes a ledger with it. */
  dpss_framework *f = NULL;
  assert_int_equal(dpss_framework_from_json(&f, FW("57100000", "228400000", "")), DPSS_OK);
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-0", "CITY", "2020-12-01", "1"), NULL),
                   DPSS_OK);
  dpss_ledger *l = (dpss_ledger *)1;
  assert_int_equal(dpss_ledger_create(&l, in_dir("rt.ledger"), f), DPSS_OK);
  dpss_framework_free(f);
  char *id = NULL;
  assert_int_equal(
      dpss_ledger_add(l,
                      "{\"id\":\"C-2\",\"funding\":[{\"commissioner\":\"CITY\",\"weekly_pence\":45000},"
                      "{\"commissioner\":\"CCG\",\"weekly_pence\":5000}],\"recipient\":\"R-1\","
                      "\"start\":\"2021-03-01\",\"end\":\"2022-02-28\",\"items\":["
                      "{\"service\":\"start_up\",\"quantity\":1},"
                      "{\"service\":\"managed_account\",\"quantity\":12}]}",
                      &id),
      DPSS_OK);
  assert_string_equal(id, "C-2");
  dpss_free(id);
  /* No id: one is made. */
  assert_int_equal(dpss_ledger_add(l,
                                   "{\"commissioner\":\"CCG\",\"recipient\":\"R-2\","
                                   "\"start\":\"2021-10-01\",\"end\":\"2021-10-01\","
                                   "\"items\":[{\"service\":\"payroll\",\"quantity\":1}]}",
                                   &id),
                   DPSS_OK);
  assert_memory_equal(id, "C-", 2);
  assert_int_equal(strlen(id), 38);
  assert_int_equal(count(l), 3);
  /* The running totals: 119200 split 9:1; 30000 to CCG in year 2. */
  assert_int_equal(committed(l, "CITY", 1), 4500 + 107280);
  assert_int_equal(committed(l, "CCG", 1), 11920);
  assert_int_equal(committed(l, "CCG", 2), 30000);
  assert_int_equal(committed(l, "CCG", 0), 41920);
  int64_t n;
  assert_error(dpss_ledger_committed(l, "NOBODY", 1, &n), DPSS_ENOTFOUND, "commissioner");
  assert_error(dpss_ledger_committed(l, "CITY", 5, &n), DPSS_ENOTFOUND, "year");
  char *json = export(l);
  /* In the order recorded, each with its time and rules. */
  const char *c0 = strstr(json, "{\"id\":\"C-0\""), *c2 = strstr(json, "{\"id\":\"C-2\""),
             *c3 = strstr(json, id);
  assert_true(c0 && c2 && c3 && c0 < c2 && c2 < c3);
  assert_non_null(strstr(json, "\"shares\":[{\"commissioner\":\"CITY\",\"pence\":107280},"
                               "{\"commissioner\":\"CCG\",\"pence\":11920}]"));
  assert_non_null(strstr(json, "\"rules\":[\"F1\",\"F2\",\"F3\"]"));
  assert_non_null(strstr(json, "\"recorded_at\":\"20"));
  /* The export is framework JSON: it loads, and writes back the same. */
  dpss_framework *g = NULL;
  assert_int_equal(dpss_framework_from_json(&g, json), DPSS_OK);
  assert_int_equal(dpss_framework_calloff_count(g), 3);
  assert_int_equal(dpss_framework_committed(g, "CCG", 0), 41920);
  char *again = NULL;
  assert_int_equal(dpss_framework_to_json(g, &again), DPSS_OK);
  assert_string_equal(json, again);
  dpss_free(again);
  dpss_framework_free(g);
  /* Loaded as a framework: the checks and reports work on it. */
  assert_int_equal(dpss_ledger_framework(&g, l), DPSS_OK);
  char *report = NULL;
  assert_int_equal(dpss_framework_report_json(g, 1, &report), DPSS_OK);
  assert_non_null(strstr(report, "\"call_offs\":3"));
  dpss_free(report);
  dpss_framework_free(g);
  dpss_ledger_close(l);
  /* Reopened, the same; dpss_framework_load reads a ledger file too. */
  assert_int_equal(dpss_ledger_open(&l, in_dir("rt.ledger"), DPSS_LEDGER_READ_WRITE), DPSS_OK);
  char *reopened = export(l);
  assert_string_equal(json, reopened);
  dpss_ledger_close(l);
  assert_int_equal(dpss_framework_load(&g, in_dir("rt.ledger")), DPSS_OK);
  assert_int_equal(dpss_framework_to_json(g, &again), DPSS_OK);
  assert_string_equal(json, again);
  /* A JSON save never replaces a ledger. */
  assert_error(dpss_framework_save(g, in_dir("rt.ledger")), DPSS_EIO, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "ledger"));
  dpss_ledger_close(NULL);
  assert_int_equal(dpss_ledger_open(&l, in_dir("rt.ledger"), DPSS_LEDGER_READ_ONLY), DPSS_OK);
  char *after = export(l);
  assert_string_equal(json, after);
  dpss_ledger_close(l);
  dpss_free(after);
  dpss_free(again);
  dpss_framework_free(g);
  dpss_free(reopened);
  dpss_free(json);
  dpss_free(id);
}

static void test_recorded_time_and_approver_kept(void **state) {
  (void)state;
  dpss_ledger *l = create("who.ledger", FW("10000000", "40000000", ",\"approval_threshold_pence\":45000"));
  char before[21], after[21];
  stamp(before);
  add_ok(l, "{\"id\":\"C-A\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\","
            "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\",\"approved_by\":\"DASS-7\","
            "\"items\":[{\"service\":\"one_off_issue\",\"quantity\":11}]}");
  stamp(after);
  dpss_ledger_close(l);
  assert_int_equal(dpss_ledger_open(&l, in_dir("who.ledger"), 0), DPSS_OK);
  char *json = export(l);
  const char *c = strstr(json, "{\"id\":\"C-A\"");
  assert_non_null(c);
  assert_non_null(strstr(c, "\"approved_by\":\"DASS-7\""));
  const char *t = strstr(c, "\"recorded_at\":\"");
  assert_non_null(t);
  char when[21];
  memcpy(when, t + 15, 20);
  when[20] = '\0';
  assert_int_equal(when[19], 'Z');
  assert_true(strcmp(before, when) <= 0 && strcmp(when, after) <= 0);
  /* The ledger stamps the time itself: a given one is refused. */
  assert_error(dpss_ledger_add(l,
                               "{\"id\":\"C-B\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\","
                               "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\","
                               "\"recorded_at\":\"2020-01-01T00:00:00Z\","
                               "\"items\":[{\"service\":\"one_off_issue\",\"quantity\":1}]}",
                               NULL),
               DPSS_ECONFLICT, "recorded_at");
  /* A framework's recorded times survive a new ledger made from its export. */
  dpss_framework *f = NULL;
  assert_int_equal(dpss_framework_from_json(&f, json), DPSS_OK);
  dpss_ledger *m = NULL;
  assert_int_equal(dpss_ledger_create(&m, in_dir("who2.ledger"), f), DPSS_OK);
  char *copy = export(m);
  assert_string_equal(json, copy);
  dpss_free(copy);
  dpss_ledger_close(m);
  dpss_framework_free(f);
  dpss_free(json);
  dpss_ledger_close(l);
}

/* ------------------------------------------------------------- F2, F3 */

/* Add, expect a refusal with the code (and message part), and the ledger
 * exactly as before. */
static void refused(dpss_ledger *l, const char *json, int code, const char *field,
                    const char *msg_part) {
  char *before = export(l);
  int64_t n = count(l);
  char *id = (char *)1;
  int rc = dpss_ledger_add(l, json, &id);
  if (rc != code)
    fail_msg("expected %s, got %s: %s", dpss_status_name(code), dpss_status_name(rc),
             dpss_error_message(dpss_error_last()));
  assert_error(rc, code, field);
  assert_null(id);
  if (msg_part && !strstr(dpss_error_message(dpss_error_last()), msg_part))
    fail_msg("message lacks '%s': %s", msg_part, dpss_error_message(dpss_error_last()));
  char *after = export(l);
  assert_string_equal(before, after);
  assert_int_equal(count(l), n);
  dpss_free(before);
  dpss_free(after);
}

static void test_annual_cap_boundary(void **state) {
  (void)state;
  /* Annual cap 45000 = 10 one-off issues. */
  dpss_ledger *l = create("annual.ledger", FW("45000", "1000000", ""));
  add_ok(l, CALLOFF("C-1", "CITY", "2021-01-01", "9"));
  refused(l, CALLOFF("C-2", "CITY", "2021-02-01", "2"), DPSS_ECAP, "cost_pence",
          "call-off C-2 refused: it would take CITY over its annual cap for contract year 1 "
          "(cap 45000, committed 40500, this call-off 9000, over by 4500 pence); nothing "
          "recorded (rule F2)");
  /* Exactly on the cap is accepted. */
  add_ok(l, CALLOFF("C-3", "CITY", "2021-02-01", "1"));
  assert_int_equal(committed(l, "CITY", 1), 45000);
  /* The next contract year has its own cap. */
  add_ok(l, CALLOFF("C-4", "CITY", "2021-10-01", "10"));
  dpss_ledger_close(l);
  /* A penny over: cap 44999, 10 issues = 45000. */
  l = create("penny.ledger", FW("44999", "1000000", ""));
  refused(l, CALLOFF("C-1", "CITY", "2021-01-01", "10"), DPSS_ECAP, "cost_pence",
          "cap 44999, committed 0, this call-off 45000, over by 1 pence");
  assert_int_equal(count(l), 0);
  dpss_ledger_close(l);
}

static void test_total_cap_boundary(void **state) {
  (void)state;
  /* Whole term 90000: two full years land exactly on it. */
  dpss_ledger *l = create("term.ledger", FW("45000", "90000", ""));
  add_ok(l, CALLOFF("C-1", "CITY", "2021-01-01", "10"));
  add_ok(l, CALLOFF("C-2", "CITY", "2022-01-01", "10"));
  assert_int_equal(committed(l, "CITY", 0), 90000);
  refused(l, CALLOFF("C-3", "CITY", "2023-01-01", "1"), DPSS_ECAP, "cost_pence",
          "over its whole-term cap (cap 90000, committed 90000, this call-off 4500, over by "
          "4500 pence)");
  dpss_ledger_close(l);
  /* A penny over the whole term. */
  l = create("term2.ledger", FW("45000", "89999", ""));
  add_ok(l, CALLOFF("C-1", "CITY", "2021-01-01", "10"));
  refused(l, CALLOFF("C-2", "CITY", "2022-01-01", "10"), DPSS_ECAP, "cost_pence",
          "cap 89999, committed 45000, this call-off 45000, over by 1 pence");
  dpss_ledger_close(l);
}

#define FW_CCG(ccg_annual)                                                                \
  "{\"id\":\"F\",\"start\":\"2020-10-01\",\"years\":4,\"commissioners\":["                \
  "{\"id\":\"CITY\",\"annual_cap_pence\":1000000,\"total_cap_pence\":4000000},"           \
  "{\"id\":\"CCG\",\"annual_cap_pence\":" ccg_annual ",\"total_cap_pence\":4000000}],"      \
  "\"prices\":{\"start_up_pence\":101200,\"payroll_per_year_pence\":30000,"               \
  "\"managed_account_per_month_pence\":1500,\"one_off_issue_pence\":4500}}"

#define JOINT(id, city_w, ccg_w)                                                              \
  "{\"id\":\"" id "\",\"funding\":[{\"commissioner\":\"CITY\",\"weekly_pence\":" city_w "},"    \
  "{\"commissioner\":\"CCG\",\"weekly_pence\":" ccg_w "}],\"recipient\":\"R-1\","              \
  "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\",\"items\":["                                \
  "{\"service\":\"one_off_issue\",\"quantity\":1}]}"

static void test_joint_share_cap_boundary(void **state) {
  (void)state;
  /* 4500 split 1:6 is 642 to CITY and 3858 to CCG (rounded down, the penny
   * left to the larger share): CCG's share is what counts against its cap. */
  dpss_ledger *l = create("joint.ledger", FW_CCG("3858"));
  add_ok(l, JOINT("C-1", "1", "6"));
  assert_int_equal(committed(l, "CITY", 1), 642);
  assert_int_equal(committed(l, "CCG", 1), 3858);
  /* Refused as a whole: CITY's part is not recorded either. */
  refused(l, JOINT("C-2", "1", "6"), DPSS_ECAP, "cost_pence",
          "CCG over its annual cap for contract year 1 (cap 3858, committed 3858, this call-off "
          "3858, over by 3858 pence)");
  assert_int_equal(committed(l, "CITY", 1), 642);
  dpss_ledger_close(l);
  /* A penny short of room for CCG's share. */
  l = create("joint2.ledger", FW_CCG("3857"));
  refused(l, JOINT("C-1", "1", "6"), DPSS_ECAP, "cost_pence",
          "(cap 3857, committed 0, this call-off 3858, over by 1 pence)");
  assert_int_equal(committed(l, "CITY", 1), 0);
  dpss_ledger_close(l);
}

static void test_approval_threshold(void **state) {
  (void)state;
  dpss_ledger *l = create("approve.ledger", FW("10000000", "40000000", ",\"approval_threshold_pence\":45000"));
  add_ok(l, CALLOFF("C-1", "CITY", "2021-01-01", "10")); /* at the threshold: no approver */
  refused(l, CALLOFF("C-2", "CITY", "2021-01-01", "11"), DPSS_EMISSING, "approved_by",
          "above CITY's approval threshold of 45000");
  add_ok(l, "{\"id\":\"C-2\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
            "\"end\":\"2021-01-01\",\"approved_by\":\"DASS\","
            "\"items\":[{\"service\":\"one_off_issue\",\"quantity\":11}]}");
  dpss_ledger_close(l);
}

static void test_refusals_change_nothing(void **state) {
  (void)state;
  dpss_ledger *l = create("bad.ledger", FW("10000000", "40000000", ""));
  add_ok(l, CALLOFF("C-1", "CITY", "2021-01-01", "1"));
  static const struct {
    const char *json;
    int code;
    const char *field, *msg;
  } cases[] = {
      {CALLOFF("C-1", "CITY", "2021-01-01", "1"), DPSS_EDUPLICATE, "id", "already recorded"},
      {CALLOFF("C-9", "NOBODY", "2021-01-01", "1"), DPSS_ENOTFOUND, "commissioner", NULL},
      {CALLOFF("C-9", "CITY", "2020-09-30", "1"), DPSS_EDATE, "start", NULL},
      {CALLOFF("C-9", "CITY", "2024-10-01", "1"), DPSS_EDATE, "start", NULL},
      {CALLOFF("C-9", "CITY", "2021-01-01", "0"), DPSS_ERANGE, "items[0].quantity", NULL},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-02\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}]}",
       DPSS_EDATE, "end", NULL},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"gardening\",\"quantity\":1}]}",
       DPSS_EUNKNOWN, "items[0].service", NULL},
      /* F3: one price list; a cost that does not match it is refused, naming F3. */
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}],"
       "\"cost_pence\":30001}",
       DPSS_ECONFLICT, "cost_pence", "does not match the price list (it comes to 30000); rule F3"},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}],"
       "\"cost_pence\":29999}",
       DPSS_ECONFLICT, "cost_pence", "rule F3"},
      {"{\"id\":\"C-9\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\",\"end\":\"2021-01-01\","
       "\"items\":[{\"service\":\"payroll\",\"quantity\":1}]}",
       DPSS_EMISSING, NULL, NULL},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"start\":\"2021-01-01\",\"end\":\"2021-01-01\","
       "\"items\":[{\"service\":\"payroll\",\"quantity\":1}]}",
       DPSS_EMISSING, "recipient", NULL},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}],\"x\":1}",
       DPSS_EUNKNOWN, "x", NULL},
      {"{\"id\":\"C-9\",", DPSS_ESYNTAX, NULL, NULL},
      {"[]", DPSS_ETYPE, NULL, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    refused(l, cases[i].json, cases[i].code, cases[i].field, cases[i].msg);
  /* The price that matches is accepted (the boundary of the F3 check). */
  add_ok(l, "{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
            "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}],"
            "\"cost_pence\":30000}");
  assert_error(dpss_ledger_add(NULL, CALLOFF("C-1", "CITY", "2021-01-01", "1"), NULL), DPSS_EINVAL,
               NULL);
  assert_error(dpss_ledger_add(l, NULL, NULL), DPSS_EINVAL, NULL);
  dpss_ledger_close(l);
}

/* ------------------------------------------------------------- files */

static void test_not_a_ledger_refused(void **state) {
  (void)state;
  dpss_ledger *l = (dpss_ledger *)1;
  /* No such file. */
  assert_error(dpss_ledger_open(&l, in_dir("none.ledger"), 0), DPSS_EIO, NULL);
  assert_null(l);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "no such ledger file"));
  /* A JSON framework file. */
  char path[256];
  l = (dpss_ledger *)1;
  assert_error(dpss_ledger_open(&l, srcpath("../examples/data/framework.json", path, sizeof path),
                                DPSS_LEDGER_READ_ONLY),
               DPSS_EIO, NULL);
  assert_null(l);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "not an SQLite database"));
  /* An SQLite database of another kind, and an empty file. */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(in_dir("other.db"), &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_error(dpss_ledger_open(&l, in_dir("other.db"), 0), DPSS_EIO, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "not a libdpss ledger"));
  FILE *fp = fopen(in_dir("empty.ledger"), "w");
  fclose(fp);
  assert_error(dpss_ledger_open(&l, in_dir("empty.ledger"), 0), DPSS_EIO, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "not a libdpss ledger"));
  /* A ledger made by a newer libdpss. */
  dpss_ledger *k = create("newer.ledger", FW("45000", "90000", ""));
  dpss_ledger_close(k);
  assert_int_equal(sqlite3_open(in_dir("newer.ledger"), &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_error(dpss_ledger_open(&l, in_dir("newer.ledger"), 0), DPSS_EIO, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "newer libdpss (schema 2"));
  /* A ledger whose call-offs or totals were changed by hand. */
  k = create("tamper.ledger", FW("45000", "90000", ""));
  add_ok(k, CALLOFF("C-1", "CITY", "2021-01-01", "2"));
  dpss_ledger_close(k);
  assert_int_equal(sqlite3_open(in_dir("tamper.ledger"), &db), SQLITE_OK);
  /* The call-off tables are append-only... */
  assert_int_not_equal(sqlite3_exec(db, "UPDATE call_offs SET cost_pence = 1", NULL, NULL, NULL),
                       SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(db, "DELETE FROM call_off_items", NULL, NULL, NULL), SQLITE_OK);
  /* ...and a changed running total is found when the ledger is loaded. */
  assert_int_equal(sqlite3_exec(db, "UPDATE committed SET pence = 0", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(dpss_ledger_open(&k, in_dir("tamper.ledger"), 0), DPSS_OK);
  char *json = (char *)1;
  assert_error(dpss_ledger_export(k, &json), DPSS_ECONFLICT, "committed");
  assert_null(json);
  dpss_ledger_close(k);
  /* Bad arguments. */
  assert_error(dpss_ledger_open(NULL, in_dir("rt.ledger"), 0), DPSS_EINVAL, NULL);
  assert_error(dpss_ledger_open(&l, NULL, 0), DPSS_EINVAL, NULL);
  assert_error(dpss_ledger_open(&l, in_dir("tamper.ledger"), 8), DPSS_EINVAL, NULL);
  assert_error(dpss_ledger_create(&l, in_dir("x.ledger"), NULL), DPSS_EINVAL, NULL);
  assert_error(dpss_ledger_set_busy_timeout(NULL, 1), DPSS_EINVAL, NULL);
}

static void test_create_refuses_an_existing_file(void **state) {
  (void)state;
  dpss_framework *f = NULL;
  assert_int_equal(dpss_framework_from_json(&f, FW("45000", "90000", "")), DPSS_OK);
  FILE *fp = fopen(in_dir("taken.json"), "w");
  fputs("precious", fp);
  fclose(fp);
  dpss_ledger *l = (dpss_ledger *)1;
  assert_error(dpss_ledger_create(&l, in_dir("taken.json"), f), DPSS_EIO, NULL);
  assert_null(l);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "already exists"));
  char *text = read_file(in_dir("taken.json"));
  assert_string_equal(text, "precious");
  free(text);
  /* Not through a dangling symbolic link either, and nothing is made. */
  assert_int_equal(symlink(in_dir("nowhere.ledger"), in_dir("dangling")), 0);
  assert_error(dpss_ledger_create(&l, in_dir("dangling"), f), DPSS_EIO, NULL);
  assert_int_equal(access(in_dir("nowhere.ledger"), F_OK), -1);
  /* A folder that does not exist: nothing is left behind. */
  assert_error(dpss_ledger_create(&l, in_dir("no/such.ledger"), f), DPSS_EIO, NULL);
  dpss_framework_free(f);
}

static void test_links_and_permissions(void **state) {
  (void)state;
  char sub[256];
  snprintf(sub, sizeof sub, "%s/links", dir);
  assert_int_equal(mkdir(sub, 0755), 0);
  dpss_ledger *l = create("shared.ledger", FW("10000000", "40000000", ""));
  dpss_ledger_close(l);
  assert_int_equal(chmod(in_dir("shared.ledger"), 0640), 0);
  /* Through a symbolic link in another folder: the shared file gets the
   * call-off; the link stays a link; SQLite's side files sit beside the
   * real file, not the link. */
  assert_int_equal(symlink(in_dir("shared.ledger"), in_dir("links/link.ledger")), 0);
  assert_int_equal(dpss_ledger_open(&l, in_dir("links/link.ledger"), 0), DPSS_OK);
  add_ok(l, CALLOFF("C-L", "CITY", "2021-01-01", "1"));
  struct stat st;
  assert_int_equal(stat(in_dir("links/link.ledger-wal"), &st), -1);
  dpss_ledger_close(l);
  assert_int_equal(lstat(in_dir("links/link.ledger"), &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  assert_int_equal(dpss_ledger_open(&l, in_dir("shared.ledger"), 0), DPSS_OK);
  assert_int_equal(count(l), 1);
  dpss_ledger_close(l);
  /* Mode kept (0640, not 0600 nor 0644). */
  assert_int_equal(stat(in_dir("shared.ledger"), &st), 0);
  assert_int_equal(st.st_mode & 07777, 0640);
  /* A hard link is refused (SQLite names its journal after the path). */
  assert_int_equal(link(in_dir("shared.ledger"), in_dir("links/hard.ledger")), 0);
  l = (dpss_ledger *)1;
  assert_error(dpss_ledger_open(&l, in_dir("links/hard.ledger"), 0), DPSS_EIO, NULL);
  assert_null(l);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "hard links"));
  assert_error(dpss_ledger_open(&l, in_dir("shared.ledger"), DPSS_LEDGER_READ_ONLY), DPSS_EIO,
               NULL);
  assert_int_equal(unlink(in_dir("links/hard.ledger")), 0);
  /* A read-only ledger: it opens to read, never to add. */
  assert_int_equal(chmod(in_dir("shared.ledger"), 0444), 0);
  assert_error(dpss_ledger_open(&l, in_dir("shared.ledger"), 0), DPSS_EIO, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "read-only"));
  assert_int_equal(dpss_ledger_open(&l, in_dir("shared.ledger"), DPSS_LEDGER_READ_ONLY), DPSS_OK);
  char *before = export(l);
  assert_error(dpss_ledger_add(l, CALLOFF("C-R", "CITY", "2021-01-01", "1"), NULL), DPSS_EIO, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "read-only"));
  char *after = export(l);
  assert_string_equal(before, after);
  dpss_ledger_close(l);
  assert_int_equal(stat(in_dir("shared.ledger"), &st), 0);
  assert_int_equal(st.st_mode & 07777, 0444);
  assert_int_equal(chmod(in_dir("shared.ledger"), 0640), 0);
  dpss_free(before);
  dpss_free(after);
  /* In a folder the reader may not write, with no writer having it open,
   * SQLite cannot make its -shm file: a clear error, not a damaged read.
   * (Run as an ordinary user: root may write any folder.) */
  char ro_dir[256], ro_file[300];
  snprintf(ro_dir, sizeof ro_dir, "%s/ro", dir);
  snprintf(ro_file, sizeof ro_file, "%s/ro/frozen.ledger", dir);
  assert_int_equal(mkdir(ro_dir, 0755), 0);
  l = create("ro/frozen.ledger", FW("10000000", "40000000", ""));
  dpss_ledger_close(l);
  assert_int_equal(chmod(ro_dir, 0555), 0);
  assert_int_equal(chmod(dir, 0755), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
      _exit(3);
    dpss_ledger *r = NULL;
    int rc = dpss_ledger_open(&r, ro_file, DPSS_LEDGER_READ_ONLY);
    _exit(rc == DPSS_EIO && strstr(dpss_error_message(dpss_error_last()), "-shm") ? 0 : 1);
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_int_equal(chmod(ro_dir, 0755), 0);
  assert_int_equal(chmod(dir, 0700), 0);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_busy_timeout(void **state) {
  (void)state;
  dpss_ledger *l = create("busy.ledger", FW("10000000", "40000000", ""));
  add_ok(l, CALLOFF("C-1", "CITY", "2021-01-01", "1"));
  char *before = export(l);
  /* Another writer holds the ledger. */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(in_dir("busy.ledger"), &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  assert_error(dpss_ledger_set_busy_timeout(l, -1), DPSS_EINVAL, NULL);
  assert_int_equal(dpss_ledger_set_busy_timeout(l, 200), DPSS_OK);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  assert_error(dpss_ledger_add(l, CALLOFF("C-2", "CITY", "2021-01-01", "1"), NULL), DPSS_EIO, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
  assert_true(ms >= 150);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "busy timeout (200 ms)"));
  /* Readers are not blocked by the writer. */
  char *during = export(l);
  assert_string_equal(before, during);
  assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  /* Free again: the add goes through. */
  add_ok(l, CALLOFF("C-2", "CITY", "2021-01-01", "1"));
  assert_int_equal(count(l), 2);
  dpss_free(before);
  dpss_free(during);
  dpss_ledger_close(l);
}

/* ------------------------------------------------------------- concurrency */

#define PER_PROCESS 1000
#define PER_THREAD 250

/* Add n call-offs of one issue (4500) each through a handle of its own;
 * count the accepted and the refused past a cap. */
static void writer(const char *path, const char *tag, int n, int *ok, int *capped, int *other) {
  dpss_ledger *l = NULL;
  *ok = *capped = *other = 0;
  if (dpss_ledger_open(&l, path, 0)) {
    *other = n;
    return;
  }
  char json[256];
  for (int i = 0; i < n; i++) {
    snprintf(json, sizeof json,
             "{\"id\":\"%s-%d\",\"commissioner\":\"CITY\",\"recipient\":\"R-%d\","
             "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\",\"items\":[{\"service\":"
             "\"one_off_issue\",\"quantity\":1}]}",
             tag, i, i);
    int rc = dpss_ledger_add(l, json, NULL);
    if (rc == DPSS_OK)
      (*ok)++;
    else if (rc == DPSS_ECAP)
      (*capped)++;
    else
      (*other)++;
  }
  dpss_ledger_close(l);
}

/* Two processes, PER_PROCESS adds each. */
static void two_processes(const char *name, const char *fw, int *ok, int *capped) {
  dpss_ledger *l = create(name, fw);
  dpss_ledger_close(l);
  const char *path = in_dir(name);
  int fds[2][2];
  pid_t pid[2];
  for (int k = 0; k < 2; k++) {
    assert_int_equal(pipe(fds[k]), 0);
    pid[k] = fork();
    assert_true(pid[k] >= 0);
    if (pid[k] == 0) {
      int r[3];
      writer(path, k ? "P1" : "P0", PER_PROCESS, &r[0], &r[1], &r[2]);
      ssize_t w = write(fds[k][1], r, sizeof r);
      _exit(w == (ssize_t)sizeof r ? 0 : 1);
    }
    close(fds[k][1]);
  }
  *ok = *capped = 0;
  for (int k = 0; k < 2; k++) {
    int r[3] = {0, 0, -1}, status = 0;
    assert_int_equal(read(fds[k][0], r, sizeof r), (ssize_t)sizeof r);
    close(fds[k][0]);
    assert_int_equal(waitpid(pid[k], &status, 0), pid[k]);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (r[2])
      fail_msg("process %d: %d adds failed with neither OK nor ECAP", k, r[2]);
    *ok += r[0];
    *capped += r[1];
  }
}

static void check_recorded(const char *name, int ok, int64_t cap) {
  dpss_ledger *l = NULL;
  assert_int_equal(dpss_ledger_open(&l, in_dir(name), DPSS_LEDGER_READ_ONLY), DPSS_OK);
  /* Every accepted call-off is there, and the totals follow from them:
   * loading checks each one again and the running totals against them. */
  assert_int_equal(count(l), ok);
  dpss_framework *f = NULL;
  int rc = dpss_ledger_framework(&f, l);
  if (rc)
    fail_msg("load: %s", dpss_error_message(dpss_error_last()));
  assert_int_equal(dpss_framework_calloff_count(f), (size_t)ok);
  int64_t used = dpss_framework_committed(f, "CITY", 1);
  assert_int_equal(used, (int64_t)ok * 4500);
  assert_true(used <= cap);
  assert_int_equal(committed(l, "CITY", 1), used);
  dpss_framework_free(f);
  dpss_ledger_close(l);
}

static void test_two_processes_lose_nothing(void **state) {
  (void)state;
  int ok, capped;
  two_processes("procs.ledger", FW("100000000", "400000000", ""), &ok, &capped);
  assert_int_equal(ok, 2 * PER_PROCESS);
  assert_int_equal(capped, 0);
  check_recorded("procs.ledger", ok, 100000000);
}

static void test_two_processes_never_pass_a_cap(void **state) {
  (void)state;
  /* Room for 1,500 of the 2,000 one-issue call-offs (4500 each). */
  int ok, capped;
  two_processes("procs-cap.ledger", FW("6750000", "400000000", ""), &ok, &capped);
  assert_int_equal(ok, 1500);
  assert_int_equal(capped, 500);
  check_recorded("procs-cap.ledger", ok, 6750000);
}

struct thread_arg {
  const char *path;
  char tag[16];
  int ok, capped, other;
};

static void *thread_main(void *p) {
  struct thread_arg *a = p;
  writer(a->path, a->tag, PER_THREAD, &a->ok, &a->capped, &a->other);
  return NULL;
}

static void threads(const char *name, const char *fw, int *ok, int *capped) {
  dpss_ledger *l = create(name, fw);
  dpss_ledger_close(l);
  struct thread_arg args[4];
  pthread_t t[4];
  for (int k = 0; k < 4; k++) {
    args[k].path = in_dir(name);
    snprintf(args[k].tag, sizeof args[k].tag, "T%d", k);
    assert_int_equal(pthread_create(&t[k], NULL, thread_main, &args[k]), 0);
  }
  *ok = *capped = 0;
  for (int k = 0; k < 4; k++) {
    assert_int_equal(pthread_join(t[k], NULL), 0);
    if (args[k].other)
      fail_msg("thread %d: %d adds failed with neither OK nor ECAP", k, args[k].other);
    *ok += args[k].ok;
    *capped += args[k].capped;
  }
}

static void test_threads_lose_nothing_and_never_pass_a_cap(void **state) {
  (void)state;
  int ok, capped;
  threads("threads.ledger", FW("100000000", "400000000", ""), &ok, &capped);
  assert_int_equal(ok, 4 * PER_THREAD);
  assert_int_equal(capped, 0);
  check_recorded("threads.ledger", ok, 100000000);
  /* Room for 700 of 1,000. */
  threads("threads-cap.ledger", FW("3150000", "400000000", ""), &ok, &capped);
  assert_int_equal(ok, 700);
  assert_int_equal(capped, 300);
  check_recorded("threads-cap.ledger", ok, 3150000);
}

/* ------------------------------------------------------------- memory */

static void test_allocation_failures_change_nothing(void **state) {
  (void)state;
  dpss_ledger *l = create("oom.ledger", FW("10000000", "40000000", ""));
  add_ok(l, CALLOFF("C-1", "CITY", "2021-01-01", "1"));
  char *before = export(l);
  int done = 0;
  for (long n = 1; n < 500 && !done; n++) {
    char *id = NULL;
    dpss__fault_set(n, 0);
    int rc = dpss_ledger_add(l,
                             "{\"funding\":[{\"commissioner\":\"CITY\",\"weekly_pence\":1},"
                             "{\"commissioner\":\"CCG\",\"weekly_pence\":2}],\"recipient\":\"R-1\","
                             "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\",\"items\":["
                             "{\"service\":\"one_off_issue\",\"quantity\":1}]}",
                             &id);
    long failed = dpss__fault_failed();
    dpss__fault_set(0, 0);
    if (!failed) {
      assert_int_equal(rc, DPSS_OK);
      assert_non_null(id);
      done = 1;
    } else {
      if (rc != DPSS_ENOMEM)
        fail_msg("allocation %ld failed: %s", n, dpss_status_name(rc));
      assert_null(id);
      char *after = export(l);
      assert_string_equal(before, after);
      dpss_free(after);
    }
    dpss_free(id);
  }
  assert_true(done);
  assert_int_equal(count(l), 2);
  /* Loading under failed allocations: ENOMEM, or the same framework. */
  done = 0;
  for (long n = 1; n < 500 && !done; n++) {
    char *json = NULL;
    dpss__fault_set(n, 0);
    int rc = dpss_ledger_export(l, &json);
    long failed = dpss__fault_failed();
    dpss__fault_set(0, 0);
    if (!failed) {
      assert_int_equal(rc, DPSS_OK);
      done = 1;
    } else {
      assert_int_equal(rc, DPSS_ENOMEM);
      assert_null(json);
    }
    dpss_free(json);
  }
  assert_true(done);
  dpss_free(before);
  dpss_ledger_close(l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_create_add_export_round_trip),
      cmocka_unit_test(test_recorded_time_and_approver_kept),
      cmocka_unit_test(test_annual_cap_boundary),
      cmocka_unit_test(test_total_cap_boundary),
      cmocka_unit_test(test_joint_share_cap_boundary),
      cmocka_unit_test(test_approval_threshold),
      cmocka_unit_test(test_refusals_change_nothing),
      cmocka_unit_test(test_not_a_ledger_refused),
      cmocka_unit_test(test_create_refuses_an_existing_file),
      cmocka_unit_test(test_links_and_permissions),
      cmocka_unit_test(test_busy_timeout),
      cmocka_unit_test(test_two_processes_lose_nothing),
      cmocka_unit_test(test_two_processes_never_pass_a_cap),
      cmocka_unit_test(test_threads_lose_nothing_and_never_pass_a_cap),
      cmocka_unit_test(test_allocation_failures_change_nothing),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
