/* SPDX-License-Identifier: MIT */
/* Framework, call-offs and caps (F1-F3), atomic saves, audits (R2) and the
 * information-sharing return (R3, F4). */
#define _GNU_SOURCE /* O_TMPFILE */
#include "helpers.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FW(annual, total, threshold)                                                      \
  "{\"id\":\"F\",\"start\":\"2020-10-01\",\"years\":4,\"commissioners\":["                \
  "{\"id\":\"CITY\",\"annual_cap_pence\":" annual ",\"total_cap_pence\":" total           \
  threshold "},"                                                                          \
  "{\"id\":\"CCG\",\"annual_cap_pence\":1000000,\"total_cap_pence\":4000000}],"           \
  "\"prices\":{\"start_up_pence\":101200,\"payroll_per_year_pence\":30000,"               \
  "\"managed_account_per_month_pence\":1500,\"one_off_issue_pence\":4500}}"

static dpss_framework *load(const char *json) {
  dpss_framework *f = NULL;
  if (dpss_framework_from_json(&f, json))
    fail_msg("framework: %s", dpss_error_message(dpss_error_last()));
  return f;
}

static char *snap(const dpss_framework *f) {
  char *s;
  assert_int_equal(dpss_framework_to_json(f, &s), DPSS_OK);
  return s;
}

static void test_contract_years(void **state) {
  (void)state;
  dpss_framework *f = load(FW("57100000", "228400000", ""));
  assert_int_equal(dpss_framework_years(f), 4);
  assert_int_equal(dpss_framework_year_of(f, D("2020-09-30")), 0);
  assert_int_equal(dpss_framework_year_of(f, D("2020-10-01")), 1);
  assert_int_equal(dpss_framework_year_of(f, D("2021-09-30")), 1);
  assert_int_equal(dpss_framework_year_of(f, D("2021-10-01")), 2);
  assert_int_equal(dpss_framework_year_of(f, D("2024-09-30")), 4);
  assert_int_equal(dpss_framework_year_of(f, D("2024-10-01")), 0);
  dpss_framework_free(f);
}

static void test_prices_and_joint_split(void **state) {
  (void)state;
  dpss_framework *f = load(FW("57100000", "228400000", ""));
  char *id = NULL;
  assert_int_equal(dpss_framework_add_calloff(
                       f,
                       "{\"id\":\"C-2\",\"funding\":[{\"commissioner\":\"CITY\",\"weekly_pence\":45000},"
                       "{\"commissioner\":\"CCG\",\"weekly_pence\":5000}],\"recipient\":\"R-1\","
                       "\"start\":\"2021-03-01\",\"end\":\"2022-02-28\",\"items\":["
                       "{\"service\":\"start_up\",\"quantity\":1},"
                       "{\"service\":\"managed_account\",\"quantity\":12}]}",
                       &id),
                   DPSS_OK);
  assert_string_equal(id, "C-2");
  dpss_free(id);
  /* 101200 + 12 x 1500 = 119200, split 9:1. */
  assert_int_equal(dpss_framework_committed(f, "CITY", 1), 107280);
  assert_int_equal(dpss_framework_committed(f, "CCG", 1), 11920);
  assert_int_equal(dpss_framework_committed(f, "CITY", 0), 107280);
  assert_int_equal(dpss_framework_committed(f, "CITY", 2), 0);
  /* An odd split: 4500 shared 1:1:1 -> 1500 each; 4501 -> the penny to the first. */
  assert_int_equal(dpss_framework_add_calloff(
                       f,
                       "{\"id\":\"C-3\",\"funding\":[{\"commissioner\":\"CITY\",\"weekly_pence\":1},"
                       "{\"commissioner\":\"CCG\",\"weekly_pence\":2}],\"recipient\":\"R-1\","
                       "\"start\":\"2021-10-01\",\"end\":\"2021-10-02\",\"items\":["
                       "{\"service\":\"one_off_issue\",\"quantity\":1}]}",
                       NULL),
                   DPSS_OK);
  /* 4500 x 1/3 = 1500, x 2/3 = 3000: exact. */
  assert_int_equal(dpss_framework_committed(f, "CITY", 2), 1500);
  assert_int_equal(dpss_framework_committed(f, "CCG", 2), 3000);
  assert_int_equal(dpss_framework_add_calloff(
                       f,
                       "{\"id\":\"C-4\",\"funding\":[{\"commissioner\":\"CITY\",\"weekly_pence\":1},"
                       "{\"commissioner\":\"CCG\",\"weekly_pence\":6}],\"recipient\":\"R-1\","
                       "\"start\":\"2022-10-01\",\"end\":\"2022-10-02\",\"items\":["
                       "{\"service\":\"one_off_issue\",\"quantity\":1}]}",
                       NULL),
                   DPSS_OK);
  /* 4500/7 = 642.86 -> 642; 4500*6/7 = 3857.14 -> 3857; 1 penny left to CCG. */
  assert_int_equal(dpss_framework_committed(f, "CITY", 3), 642);
  assert_int_equal(dpss_framework_committed(f, "CCG", 3), 3858);
  char *json = snap(f);
  assert_non_null(strstr(json, "\"cost_pence\":119200"));
  assert_non_null(strstr(json, "\"shares\":[{\"commissioner\":\"CITY\",\"pence\":107280},"
                               "{\"commissioner\":\"CCG\",\"pence\":11920}]"));
  /* Round trip. */
  dpss_framework *g = load(json);
  char *json2 = snap(g);
  assert_string_equal(json, json2);
  dpss_free(json);
  dpss_free(json2);
  dpss_framework_free(g);
  dpss_framework_free(f);
}

#define CALLOFF(id, who, start, qty)                                                  \
  "{\"id\":\"" id "\",\"commissioner\":\"" who "\",\"recipient\":\"R-1\","            \
  "\"start\":\"" start "\",\"end\":\"" start "\",\"items\":[{\"service\":"            \
  "\"one_off_issue\",\"quantity\":" qty "}]}"

static void test_annual_cap_boundary(void **state) {
  (void)state;
  /* Annual cap 45000 = 10 one-off issues: exactly on the cap is accepted. */
  dpss_framework *f = load(FW("45000", "1000000", ""));
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-1", "CITY", "2021-01-01", "9"), NULL),
                   DPSS_OK);
  char *before = snap(f);
  /* 9 + 2 = 11 issues, 49500 > 45000: refused, 4500 over. */
  int rc = dpss_framework_add_calloff(f, CALLOFF("C-2", "CITY", "2021-02-01", "2"), NULL);
  assert_error(rc, DPSS_ECAP, NULL);
  const char *msg = dpss_error_message(dpss_error_last());
  assert_non_null(strstr(msg, "CITY over its annual cap for contract year 1"));
  assert_non_null(strstr(msg, "cap 45000, committed 40500, this call-off 9000, over by 4500"));
  char *after = snap(f);
  assert_string_equal(before, after);
  assert_int_equal(dpss_framework_calloff_count(f), 1);
  dpss_free(after);
  /* One more issue lands exactly on the cap. */
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-3", "CITY", "2021-02-01", "1"), NULL),
                   DPSS_OK);
  assert_int_equal(dpss_framework_committed(f, "CITY", 1), 45000);
  /* The next contract year has its own annual cap. */
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-4", "CITY", "2021-10-01", "10"), NULL),
                   DPSS_OK);
  dpss_free(before);
  dpss_framework_free(f);
}

static void test_total_cap_boundary(void **state) {
  (void)state;
  /* Annual 45000, term 90000: two full years exhaust the term. */
  dpss_framework *f = load(FW("45000", "90001", ""));
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-1", "CITY", "2021-01-01", "10"), NULL),
                   DPSS_OK);
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-2", "CITY", "2022-01-01", "10"), NULL),
                   DPSS_OK);
  int rc = dpss_framework_add_calloff(f, CALLOFF("C-3", "CITY", "2023-01-01", "1"), NULL);
  assert_error(rc, DPSS_ECAP, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()),
                         "over its whole-term cap (cap 90001, committed 90000, this call-off "
                         "4500, over by 4499"));
  assert_int_equal(dpss_framework_committed(f, "CITY", 0), 90000);
  dpss_framework_free(f);
}

static void test_huge_calloff_never_wraps_under_a_cap(void **state) {
  (void)state;
  /* The largest prices and caps allowed (10^15 pence): a cap exactly used,
   * then 9,223 start-ups (9.223 x 10^18 pence, just inside int64) would
   * wrap round past INT64_MAX if added in 64 bits, and pass the cap. */
  dpss_framework *f = load(
      "{\"id\":\"F\",\"start\":\"2020-10-01\",\"commissioners\":[{\"id\":\"A\","
      "\"annual_cap_pence\":1000000000000000,\"total_cap_pence\":1000000000000000}],"
      "\"prices\":{\"start_up_pence\":1000000000000000,\"payroll_per_year_pence\":1,"
      "\"managed_account_per_month_pence\":1,\"one_off_issue_pence\":1}}");
  assert_int_equal(dpss_framework_add_calloff(
                       f,
                       "{\"id\":\"C-1\",\"commissioner\":\"A\",\"recipient\":\"R-1\","
                       "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\",\"approved_by\":\"X\","
                       "\"items\":[{\"service\":\"start_up\",\"quantity\":1}]}",
                       NULL),
                   DPSS_OK);
  assert_error(dpss_framework_add_calloff(
                   f,
                   "{\"id\":\"C-2\",\"commissioner\":\"A\",\"recipient\":\"R-1\","
                   "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\",\"approved_by\":\"X\","
                   "\"items\":[{\"service\":\"start_up\",\"quantity\":9223}]}",
                   NULL),
               DPSS_ECAP, NULL);
  assert_int_equal(dpss_framework_calloff_count(f), 1);
  assert_int_equal(dpss_framework_committed(f, "A", 0), INT64_C(1000000000000000));
  dpss_framework_free(f);
}

static void test_approval_threshold(void **state) {
  (void)state;
  dpss_framework *f = load(FW("10000000", "40000000", ",\"approval_threshold_pence\":45000"));
  /* Exactly at the threshold: no approver needed. */
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-1", "CITY", "2021-01-01", "10"), NULL),
                   DPSS_OK);
  assert_error(dpss_framework_add_calloff(f, CALLOFF("C-2", "CITY", "2021-01-01", "11"), NULL),
               DPSS_EMISSING, "approved_by");
  assert_int_equal(dpss_framework_add_calloff(
                       f,
                       "{\"id\":\"C-3\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\","
                       "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\",\"approved_by\":\"DASS\","
                       "\"items\":[{\"service\":\"one_off_issue\",\"quantity\":11}]}",
                       NULL),
                   DPSS_OK);
  dpss_framework_free(f);
}

static void test_bad_calloffs_change_nothing(void **state) {
  (void)state;
  dpss_framework *f = load(FW("10000000", "40000000", ""));
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-1", "CITY", "2021-01-01", "1"), NULL),
                   DPSS_OK);
  char *before = snap(f);
  static const struct {
    const char *json;
    int code;
    const char *field;
  } cases[] = {
      {CALLOFF("C-1", "CITY", "2021-01-01", "1"), DPSS_EDUPLICATE, "id"},
      {CALLOFF("C-9", "NOBODY", "2021-01-01", "1"), DPSS_ENOTFOUND, "commissioner"},
      {CALLOFF("C-9", "CITY", "2020-09-30", "1"), DPSS_EDATE, "start"},
      {CALLOFF("C-9", "CITY", "2024-10-01", "1"), DPSS_EDATE, "start"},
      {CALLOFF("C-9", "CITY", "2021-01-01", "0"), DPSS_ERANGE, "items[0].quantity"},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-02\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}]}",
       DPSS_EDATE, "end"},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"gardening\",\"quantity\":1}]}",
       DPSS_EUNKNOWN, "items[0].service"},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}],"
       "\"cost_pence\":30001}",
       DPSS_ECONFLICT, "cost_pence"},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\","
       "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"payroll\",\"quantity\":1}],"
       "\"recorded_at\":\"2021-13-01T00:00:00Z\"}",
       DPSS_EDATE, "recorded_at"},
      {"{\"id\":\"C-9\",\"recipient\":\"R-1\",\"start\":\"2021-01-01\",\"end\":\"2021-01-01\","
       "\"items\":[{\"service\":\"payroll\",\"quantity\":1}]}",
       DPSS_EMISSING, NULL},
      {"{\"id\":\"C-9\",\"commissioner\":\"CITY\",\"start\":\"2021-01-01\",\"end\":\"2021-01-01\","
       "\"items\":[{\"service\":\"payroll\",\"quantity\":1}]}",
       DPSS_EMISSING, "recipient"},
      {"{\"id\":\"C-9\",", DPSS_ESYNTAX, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int rc = dpss_framework_add_calloff(f, cases[i].json, NULL);
    if (rc != cases[i].code)
      fail_msg("case %zu: %s: %s", i, dpss_status_name(rc), dpss_error_message(dpss_error_last()));
    assert_error(rc, cases[i].code, cases[i].field);
    /* A price-list refusal names its rule. */
    if (rc == DPSS_ECONFLICT)
      assert_non_null(strstr(dpss_error_message(dpss_error_last()), "rule F3"));
    /* So does one under the framework itself: its commissioners and term (F1). */
    if (rc == DPSS_ENOTFOUND || (rc == DPSS_EDATE && strcmp(cases[i].field, "start") == 0))
      assert_non_null(strstr(dpss_error_message(dpss_error_last()), "rule F1"));
  }
  char *after = snap(f);
  assert_string_equal(before, after);
  dpss_free(before);
  dpss_free(after);
  dpss_framework_free(f);
  /* A framework file whose call-offs already pass a cap does not load. */
  dpss_framework *g = (dpss_framework *)1;
  assert_error(dpss_framework_from_json(
                   &g, "{\"id\":\"F\",\"start\":\"2020-10-01\",\"commissioners\":[{\"id\":\"A\","
                       "\"annual_cap_pence\":1,\"total_cap_pence\":1}],\"prices\":{"
                       "\"start_up_pence\":1,\"payroll_per_year_pence\":1,"
                       "\"managed_account_per_month_pence\":1,\"one_off_issue_pence\":1},"
                       "\"call_offs\":[" CALLOFF("C-1", "A", "2021-01-01", "2") "]}"),
               DPSS_ECAP, "call_offs[0]");
  assert_null(g);
}

/* The framework's name is text for readers: kept through a save (framework
 * add rewrites the file), and any other type is refused naming the field. */
static void test_name_is_text_and_saved(void **state) {
  (void)state;
  static const char *const named =
      "{\"id\":\"F\",\"name\":\"Nottingham DPSS framework 2020\",\"start\":\"2020-10-01\","
      "\"commissioners\":[{\"id\":\"CITY\",\"name\":\"Nottingham City Council\","
      "\"annual_cap_pence\":1000,\"total_cap_pence\":4000}],"
      "\"prices\":{\"start_up_pence\":101200,\"payroll_per_year_pence\":30000,"
      "\"managed_account_per_month_pence\":1500,\"one_off_issue_pence\":4500}}";
  dpss_framework *f = load(named);
  char *json = snap(f);
  assert_non_null(strstr(json, "{\"id\":\"F\",\"name\":\"Nottingham DPSS framework 2020\","));
  dpss_framework *again = load(json);
  char *json2 = snap(again);
  assert_string_equal(json, json2);
  dpss_free(json);
  dpss_free(json2);
  dpss_framework_free(again);
  dpss_framework_free(f);
  f = load(FW("1000", "4000", ""));
  json = snap(f);
  assert_null(strstr(json, "{\"id\":\"F\",\"name\""));
  dpss_free(json);
  dpss_framework_free(f);
  static const char *const bad[] = {"5", "false", "[]", "{\"en\":\"x\"}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char text[512];
    snprintf(text, sizeof text,
             "{\"id\":\"F\",\"name\":%s,\"start\":\"2020-10-01\","
             "\"commissioners\":[{\"id\":\"CITY\",\"annual_cap_pence\":1,\"total_cap_pence\":4}],"
             "\"prices\":{\"start_up_pence\":1,\"payroll_per_year_pence\":1,"
             "\"managed_account_per_month_pence\":1,\"one_off_issue_pence\":1}}", bad[i]);
    f = (dpss_framework *)1;
    assert_error(dpss_framework_from_json(&f, text), DPSS_ETYPE, "name");
    assert_null(f);
  }
  f = (dpss_framework *)1;
  assert_error(dpss_framework_from_json(
                   &f, "{\"id\":\"F\",\"start\":\"2020-10-01\","
                       "\"commissioners\":[{\"id\":\"CITY\",\"name\":1,\"annual_cap_pence\":1,"
                       "\"total_cap_pence\":4}],"
                       "\"prices\":{\"start_up_pence\":1,\"payroll_per_year_pence\":1,"
                       "\"managed_account_per_month_pence\":1,\"one_off_issue_pence\":1}}"),
               DPSS_ETYPE, "commissioners[0].name");
  assert_null(f);
}

/* Found while writing the framework fuzz harness (its input is now the seed
 * tests/fuzz/corpus/framework/found-cap-overflow.json): a call-off costing
 * nearly INT64_MAX after another one overflowed the cap check (committed +
 * cost, UBSan). It is refused with ECAP, naming the cap. */
static void test_huge_calloff_cannot_overflow_the_cap_check(void **state) {
  (void)state;
  dpss_framework *f;
  assert_int_equal(dpss_framework_from_json(
                       &f, "{\"id\":\"F\",\"start\":\"2020-10-01\",\"commissioners\":[{\"id\":"
                           "\"A\",\"annual_cap_pence\":1000000000000000,\"total_cap_pence\":"
                           "1000000000000000}],\"prices\":{\"start_up_pence\":1000000000000000,"
                           "\"payroll_per_year_pence\":0,\"managed_account_per_month_pence\":0,"
                           "\"one_off_issue_pence\":0},\"call_offs\":[{\"id\":\"C-1\","
                           "\"commissioner\":\"A\",\"recipient\":\"R\",\"start\":\"2021-01-01\","
                           "\"end\":\"2021-01-01\",\"items\":[{\"service\":\"start_up\","
                           "\"quantity\":1}]}]}"),
                   DPSS_OK);
  char *before = snap(f);
  int rc = dpss_framework_add_calloff(
      f, "{\"id\":\"C-2\",\"commissioner\":\"A\",\"recipient\":\"R\",\"start\":"
         "\"2021-01-01\",\"end\":\"2021-01-01\",\"items\":[{\"service\":\"start_up\","
         "\"quantity\":9223}]}",
      NULL);
  assert_error(rc, DPSS_ECAP, "cost_pence");
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "over by 9223000000000000000 pence"));
  char *after = snap(f);
  assert_string_equal(before, after);
  dpss_free(before);
  dpss_free(after);
  dpss_framework_free(f);
}

static void test_atomic_save(void **state) {
  (void)state;
  char dir[] = "/tmp/dpss-fw-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/framework.json", dir);
  dpss_framework *f = load(FW("10000000", "40000000", ""));
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-1", "CITY", "2021-01-01", "1"), NULL),
                   DPSS_OK);
  assert_int_equal(dpss_framework_save(f, path), DPSS_OK);
  dpss_framework *g;
  assert_int_equal(dpss_framework_load(&g, path), DPSS_OK);
  assert_int_equal(dpss_framework_calloff_count(g), 1);
  char *saved = read_file(path);
  /* A save that cannot complete leaves the old file as it was. */
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-2", "CITY", "2021-01-01", "1"), NULL),
                   DPSS_OK);
  char bad[300];
  snprintf(bad, sizeof bad, "%s/no-such-folder/framework.json", dir);
  assert_error(dpss_framework_save(f, bad), DPSS_EIO, NULL);
  char *still = read_file(path);
  assert_string_equal(saved, still);
  /* No temporary files are left behind. */
  char cmd[300];
  snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
  assert_int_equal(system(cmd), 0);
  free(saved);
  free(still);
  unlink(path);
  rmdir(dir);
  dpss_framework_free(g);
  dpss_framework_free(f);
  assert_error(dpss_framework_load(&g, "/nonexistent/f.json"), DPSS_EIO, NULL);
}


static char *tmpdir_new(void) {
  static char dir[64];
  snprintf(dir, sizeof dir, "/tmp/dpss-fw-XXXXXX");
  assert_non_null(mkdtemp(dir));
  return dir;
}

static void rm_rf(const char *dir) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static int entries(const char *dir) {
  char cmd[160];
  snprintf(cmd, sizeof cmd, "exit $(ls -A '%s' | wc -l)", dir);
  int st = system(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_text(const char *path, const char *text) {
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs(text, fp);
  assert_int_equal(fclose(fp), 0);
}

static void test_save_keeps_links_and_permissions(void **state) {
  (void)state;
  char *dir = tmpdir_new(), real[128], sub[128], link_path[160], hard[160], fresh[128];
  snprintf(real, sizeof real, "%s/framework.json", dir);
  snprintf(sub, sizeof sub, "%s/elsewhere", dir);
  snprintf(link_path, sizeof link_path, "%s/link.json", sub);
  snprintf(hard, sizeof hard, "%s/hard.json", sub);
  snprintf(fresh, sizeof fresh, "%s/new.json", dir);
  assert_int_equal(mkdir(sub, 0755), 0);
  dpss_framework *f = load(FW("10000000", "40000000", ""));
  assert_int_equal(dpss_framework_save(f, real), DPSS_OK);
  /* A new file gets the mode any new file gets: 0666 less the umask. */
  mode_t old_mask = umask(027);
  assert_int_equal(dpss_framework_save(f, fresh), DPSS_OK);
  umask(old_mask);
  struct stat st;
  assert_int_equal(stat(fresh, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0640);
  /* The file keeps its mode (not 0600). */
  assert_int_equal(chmod(real, 0664), 0);
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-1", "CITY", "2021-01-01", "1"), NULL),
                   DPSS_OK);
  assert_int_equal(dpss_framework_save(f, real), DPSS_OK);
  assert_int_equal(stat(real, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0664);
  /* Through a symbolic link: the file it points to gets the call-off and
   * the link stays a link; no temporary file beside the link either. */
  assert_int_equal(symlink(real, link_path), 0);
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-2", "CITY", "2021-01-01", "1"), NULL),
                   DPSS_OK);
  assert_int_equal(dpss_framework_save(f, link_path), DPSS_OK);
  assert_int_equal(lstat(link_path, &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  dpss_framework *g = NULL;
  assert_int_equal(dpss_framework_load(&g, real), DPSS_OK);
  assert_int_equal(dpss_framework_calloff_count(g), 2);
  dpss_framework_free(g);
  assert_int_equal(entries(sub), 1);
  assert_int_equal(stat(real, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0664);
  /* A file with several hard links is refused, both names unchanged. */
  assert_int_equal(link(real, hard), 0);
  char *before = read_file(real);
  assert_int_equal(dpss_framework_add_calloff(f, CALLOFF("C-3", "CITY", "2021-01-01", "1"), NULL),
                   DPSS_OK);
  assert_error(dpss_framework_save(f, real), DPSS_EIO, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "hard links"));
  assert_error(dpss_framework_save(f, hard), DPSS_EIO, NULL);
  char *a = read_file(real), *b = read_file(hard);
  assert_string_equal(before, a);
  assert_string_equal(before, b);
  free(a);
  free(b);
  assert_int_equal(unlink(hard), 0);
  /* A read-only file is refused and left as it was (even for root). */
  assert_int_equal(chmod(real, 0444), 0);
  assert_error(dpss_framework_save(f, real), DPSS_EIO, NULL);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "read-only"));
  assert_error(dpss_framework_save(f, link_path), DPSS_EIO, NULL);
  a = read_file(real);
  assert_string_equal(before, a);
  free(a);
  assert_int_equal(stat(real, &st), 0);
  assert_int_equal(st.st_mode & 07777, 0444);
  /* A symbolic link to nothing: refused, nothing made. */
  char dangling[160];
  snprintf(dangling, sizeof dangling, "%s/dangling.json", sub);
  assert_int_equal(symlink("/nonexistent/dpss/f.json", dangling), 0);
  assert_error(dpss_framework_save(f, dangling), DPSS_EIO, NULL);
  /* Nothing but the files the test made. */
  assert_int_equal(entries(dir), 3);
  free(before);
  dpss_framework_free(f);
  rm_rf(dir);
}

static char *big_framework(size_t n) {
  size_t cap = 600 + n * 200, len = 0;
  char *s = malloc(cap);
  assert_non_null(s);
  len += (size_t)snprintf(s, cap,
                          "{\"id\":\"F\",\"start\":\"2020-10-01\",\"years\":4,\"commissioners\":["
                          "{\"id\":\"CITY\",\"annual_cap_pence\":1000000000000,"
                          "\"total_cap_pence\":4000000000000}],\"prices\":{\"start_up_pence\":"
                          "101200,\"payroll_per_year_pence\":30000,"
                          "\"managed_account_per_month_pence\":1500,\"one_off_issue_pence\":4500},"
                          "\"call_offs\":[");
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(s + len, cap - len,
                            "%s{\"id\":\"C-%zu\",\"commissioner\":\"CITY\",\"recipient\":\"R-%zu\","
                            "\"start\":\"2021-01-01\",\"end\":\"2021-01-01\",\"items\":[{"
                            "\"service\":\"one_off_issue\",\"quantity\":1}]}",
                            i ? "," : "", i, i);
  snprintf(s + len, cap - len, "]}");
  return s;
}

/* CPU seconds (this process) to load the framework: unlike the wall clock,
 * not stretched by other work on a shared machine. */
static double seconds_to_load(const char *json, size_t expect) {
  struct timespec a, b;
  dpss_framework *f = NULL;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  assert_int_equal(dpss_framework_from_json(&f, json), DPSS_OK);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
  assert_int_equal(dpss_framework_calloff_count(f), expect);
  dpss_framework_free(f);
  return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

#if defined(__SANITIZE_ADDRESS__)
#define LOAD_LIMIT 10.0 /* AddressSanitizer runs several times slower */
#else
#define LOAD_LIMIT 2.0
#endif

static void test_load_is_linear(void **state) {
  (void)state;
  /* 40,000 call-offs took 9 s when each id was checked against every
   * other (quadratic); hashed, 50,000 take a fraction of a second. */
  char *small = big_framework(12500), *large = big_framework(50000);
  double t_small = seconds_to_load(small, 12500), t_large = seconds_to_load(large, 50000);
  free(small);
  free(large);
  if (t_large > LOAD_LIMIT)
    fail_msg("50,000 call-offs took %.2f s of CPU to load", t_large);
  /* Four times the call-offs, not sixteen times the time (loosely). */
  if (t_large > 8 * t_small + 0.2)
    fail_msg("load is not linear: 12,500 in %.3f s, 50,000 in %.3f s", t_small, t_large);
  /* A duplicate id is still found, however far apart. */
  char *dup = big_framework(50000);
  memcpy(strstr(dup, "\"id\":\"C-49999\""), "\"id\":\"C-1\"    ", 14);
  dpss_framework *f = (dpss_framework *)1;
  assert_error(dpss_framework_from_json(&f, dup), DPSS_EDUPLICATE, "call_offs[49999].id");
  assert_null(f);
  free(dup);
}

/* A save killed at any moment leaves the old file or the new one, and no
 * copy of the framework (recipient ids) under another name. */
static void test_save_killed_leaves_no_copy(void **state) {
  (void)state;
  char *dir = tmpdir_new(), path[128];
  /* Where the file system has no O_TMPFILE (NFS, older overlayfs), the
   * library writes the copy under a temporary name, and a kill can leave
   * it: the promise holds only with O_TMPFILE. */
  int probe = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (probe < 0) {
    print_message("skipped: %s has no O_TMPFILE\n", dir);
    rm_rf(dir);
    skip();
  }
  close(probe);
  snprintf(path, sizeof path, "%s/framework.json", dir);
  char *json = big_framework(30000);
  dpss_framework *f = load(json);
  free(json);
  assert_int_equal(dpss_framework_save(f, path), DPSS_OK);
  for (int round = 0; round < 6; round++) {
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      for (;;)
        if (dpss_framework_save(f, path) != DPSS_OK)
          _exit(1);
    }
    struct timespec d = {0, 20000000L + 17000000L * round};
    nanosleep(&d, NULL);
    kill(pid, SIGKILL);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    if (entries(dir) != 1) {
      char cmd[160];
      snprintf(cmd, sizeof cmd, "ls -la '%s' >&2", dir);
      (void)system(cmd);
      fail_msg("round %d: a killed save left a file behind", round);
    }
    dpss_framework *g = NULL;
    assert_int_equal(dpss_framework_load(&g, path), DPSS_OK);
    assert_int_equal(dpss_framework_calloff_count(g), 30000);
    dpss_framework_free(g);
  }
  dpss_framework_free(f);
  rm_rf(dir);
}

static void test_bom_accepted(void **state) {
  (void)state;
  char *dir = tmpdir_new(), path[128], text[1024];
  snprintf(path, sizeof path, "%s/bom.json", dir);
  snprintf(text, sizeof text, "\xEF\xBB\xBF%s", FW("10000000", "40000000", ""));
  write_text(path, text);
  dpss_framework *f = NULL;
  assert_int_equal(dpss_framework_load(&f, path), DPSS_OK);
  dpss_framework_free(f);
  assert_int_equal(dpss_framework_from_json(&f, text), DPSS_OK);
  /* ...and in a call-off. */
  assert_int_equal(
      dpss_framework_add_calloff(f, "\xEF\xBB\xBF" CALLOFF("C-1", "CITY", "2021-01-01", "1"), NULL),
      DPSS_OK);
  dpss_framework_free(f);
  rm_rf(dir);
}

static void test_audits(void **state) {
  (void)state;
  dpss_audits *a;
  assert_int_equal(dpss_audits_new(&a, NULL, D("2026-11-22")), DPSS_OK);
  static const char *const recs[] = {
      "{\"id\":\"M-1\",\"payment_method\":\"managed_account\",\"dp_start\":\"2026-05-22\"}",
      "{\"id\":\"M-2\",\"payment_method\":\"managed_account\",\"dp_start\":\"2026-05-21\"}",
      "{\"id\":\"M-3\",\"payment_method\":\"managed_account\",\"dp_start\":\"2020-01-01\","
      "\"audits\":[{\"date\":\"2026-01-10\",\"outcome\":\"concerns\"}]}",
      "{\"id\":\"B-1\",\"payment_method\":\"bank_account\",\"dp_start\":\"2020-01-01\"}"};
  for (size_t i = 0; i < 4; i++) {
    dpss_recipient *r;
    assert_int_equal(dpss_recipient_from_json(&r, recs[i]), DPSS_OK);
    assert_int_equal(dpss_audits_add(a, r), DPSS_OK);
    dpss_recipient_free(r);
  }
  /* M-1 due 2026-11-22 (today: not overdue); M-2 due yesterday: overdue. */
  assert_int_equal(dpss_audits_overdue(a), 1);
  char *list;
  assert_int_equal(dpss_audits_to_jsonl(a, &list), DPSS_OK);
  const char *m2 = strstr(list, "{\"id\":\"M-2\",\"last_audit\":null,\"last_outcome\":null,"
                                "\"audit_due\":\"2026-11-21\",\"overdue\":true,\"days_overdue\":1");
  const char *m1 = strstr(list, "{\"id\":\"M-1\",\"last_audit\":null,\"last_outcome\":null,"
                                "\"audit_due\":\"2026-11-22\",\"overdue\":false");
  const char *m3 = strstr(list, "{\"id\":\"M-3\",\"last_audit\":\"2026-01-10\","
                                "\"last_outcome\":\"concerns\",\"audit_due\":\"2027-01-10\"");
  assert_true(m2 && m1 && m3 && m2 < m1 && m1 < m3);
  assert_null(strstr(list, "B-1"));
  dpss_free(list);
  dpss_audits_free(a);
}

static void test_audit_outcomes_move_the_schedule(void **state) {
  (void)state;
  dpss_policy *p;
  dpss_recipient *r;
  dpss_decision *d;
  assert_int_equal(dpss_policy_new(&p), DPSS_OK);
  assert_int_equal(dpss_recipient_from_json(&r, "{\"id\":\"M-1\",\"has_capacity\":true,"
                                                "\"consents\":true,\"excluding_order\":false,"
                                                "\"payment_method\":\"managed_account\","
                                                "\"dp_start\":\"2025-01-15\"}"),
                   DPSS_OK);
  assert_int_equal(dpss_recipient_add_audit(r, D("2025-07-15"), DPSS_AUDIT_SATISFACTORY), DPSS_OK);
  assert_int_equal(dpss_evaluate(&d, p, r, D("2026-11-22")), DPSS_OK);
  assert_int_equal(dpss_decision_audit_due(d), D("2026-07-15"));
  assert_int_equal(dpss_decision_extra_review(d), 0);
  dpss_decision_free(d);
  assert_int_equal(dpss_recipient_add_audit(r, D("2026-07-20"), DPSS_AUDIT_MISUSE_SUSPECTED),
                   DPSS_OK);
  assert_int_equal(dpss_evaluate(&d, p, r, D("2026-11-22")), DPSS_OK);
  assert_int_equal(dpss_decision_audit_due(d), D("2027-07-20"));
  /* Suspected misuse calls for an extra review (R1). */
  assert_int_equal(dpss_decision_extra_review(d), 1);
  dpss_decision_free(d);
  char *json;
  assert_int_equal(dpss_recipient_to_json(r, &json), DPSS_OK);
  assert_non_null(strstr(json, "\"audits\":[{\"date\":\"2025-07-15\",\"outcome\":\"satisfactory\"},"
                               "{\"date\":\"2026-07-20\",\"outcome\":\"misuse_suspected\"}]"));
  dpss_free(json);
  assert_error(dpss_recipient_add_audit(r, D("2026-07-20"), (dpss_audit_outcome)7), DPSS_EINVAL,
               NULL);
  dpss_recipient_free(r);
  dpss_policy_free(p);
}

static void test_information_sharing_return(void **state) {
  (void)state;
  dpss_return *ret;
  assert_int_equal(dpss_return_new(&ret, NULL, D("2026-01-01"), D("2026-12-31"), "P-A"), DPSS_OK);
  static const char *const recs[] = {
      "{\"id\":\"A\",\"has_capacity\":true,\"consents\":true,\"excluding_order\":false,"
      "\"complex_needs\":true,\"dp_start\":\"2026-06-01\",\"support\":{\"provider\":\"P-A\"},"
      "\"personal_budget_weekly_pence\":50000,\"funding\":[{\"source\":\"social_care\","
      "\"weekly_pence\":50000}],\"balance\":{\"pence\":310000},"
      "\"issues\":[{\"id\":\"I-1\",\"opened\":\"2026-12-01\"}]}",
      "{\"id\":\"B\",\"has_capacity\":true,\"consents\":true,\"excluding_order\":false,"
      "\"complex_needs\":false,\"considering_employing_pas\":false,\"dp_start\":\"2020-01-01\","
      "\"support\":{\"provider\":\"P-A\"},\"personal_budget_weekly_pence\":30000,"
      "\"payment_method\":\"managed_account\",\"last_audit\":\"2026-02-01\"}",
      "{\"id\":\"C\",\"support\":{\"provider\":\"P-B\"}}"};
  for (size_t i = 0; i < 3; i++) {
    dpss_recipient *r;
    assert_int_equal(dpss_recipient_from_json(&r, recs[i]), DPSS_OK);
    assert_int_equal(dpss_return_add(ret, r), DPSS_OK);
    dpss_recipient_free(r);
  }
  dpss_framework *f = load(
      "{\"id\":\"F\",\"start\":\"2025-10-01\",\"commissioners\":[{\"id\":\"CITY\","
      "\"annual_cap_pence\":1000000,\"total_cap_pence\":4000000}],\"prices\":{"
      "\"start_up_pence\":101200,\"payroll_per_year_pence\":30000,"
      "\"managed_account_per_month_pence\":1500,\"one_off_issue_pence\":4500},\"call_offs\":["
      CALLOFF("C-1", "CITY", "2026-02-01", "3") "," CALLOFF("C-2", "CITY", "2025-12-31", "5") "]}");
  assert_int_equal(dpss_return_add_spend(ret, f), DPSS_OK);
  char *json;
  assert_int_equal(dpss_return_to_json(ret, &json), DPSS_OK);
  static const char *const parts[] = {
      "\"provider\":\"P-A\",\"recipients\":2,\"by_tier\":{\"start_up\":1,\"issue_based\":1",
      "\"by_provider\":{\"P-A\":2}", "\"new_referrals\":1",
      "\"surpluses\":{\"count\":1,\"total_pence\":10000}", "\"escalations\":1",
      "\"audits\":{\"done\":1,\"overdue\":0}",
      /* B holds a personal budget but takes no direct payment: 1 of 2 = 50%. */
      "\"uptake\":{\"personal_budget_holders\":2,\"taking_direct_payment\":1,"
      "\"basis_points\":5000,\"target_percent\":40,\"met\":true}",
      "\"spend_pence\":13500,\"cost_per_person_pence\":6750"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (!strstr(json, parts[i]))
      fail_msg("return lacks %s in %s", parts[i], json);
  dpss_free(json);
  char *text;
  assert_int_equal(dpss_return_to_text(ret, &text), DPSS_OK);
  assert_non_null(strstr(text, "cost per person supported"));
  dpss_free(text);
  dpss_framework_free(f);
  dpss_return_free(ret);
  assert_error(dpss_return_new(&ret, NULL, D("2026-12-31"), D("2026-01-01"), NULL), DPSS_EDATE,
               NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_contract_years),
      cmocka_unit_test(test_prices_and_joint_split),
      cmocka_unit_test(test_annual_cap_boundary),
      cmocka_unit_test(test_total_cap_boundary),
      cmocka_unit_test(test_huge_calloff_never_wraps_under_a_cap),
      cmocka_unit_test(test_approval_threshold),
      cmocka_unit_test(test_bad_calloffs_change_nothing),
      cmocka_unit_test(test_huge_calloff_cannot_overflow_the_cap_check),
      cmocka_unit_test(test_atomic_save),
      cmocka_unit_test(test_save_keeps_links_and_permissions),
      cmocka_unit_test(test_save_killed_leaves_no_copy),
      cmocka_unit_test(test_load_is_linear),
      cmocka_unit_test(test_bom_accepted),
      cmocka_unit_test(test_name_is_text_and_saved),
      cmocka_unit_test(test_audits),
      cmocka_unit_test(test_audit_outcomes_move_the_schedule),
      cmocka_unit_test(test_information_sharing_return),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
