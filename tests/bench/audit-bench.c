/* SPDX-License-Identifier: MIT */
/* Account audit throughput, end to end from CSV text: parse (libcsv, exact
 * pounds, dates, interning) and audit (A1-A9), on one core. Not a timed
 * test; run by hand:
 *
 *   _build/tests/bench/audit-bench [ACCOUNTS [LINES_PER_ACCOUNT]]
 *
 * Prints statement lines a second for a caseload of many accounts (default
 * 2,000 x 500 lines) and for one account with a million lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dpss.h>

/* CPU time of this thread: the figure for one core, whatever else the
 * machine is doing (wall time is printed beside it). */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pounds(char *buf, long long p) {
  char digits[32], grouped[48];
  long long a = p < 0 ? -p : p;
  int n = sprintf(digits, "%lld", a / 100), k = 0;
  for (int i = 0; i < n; i++) {
    if (i && (n - i) % 3 == 0)
      grouped[k++] = ',';
    grouped[k++] = digits[i];
  }
  grouped[k] = '\0';
  sprintf(buf, "%s%s%s.%02lld%s", k > 3 ? "\"" : "", p < 0 ? "-" : "", grouped, a % 100,
          k > 3 ? "\"" : "");
}

/* One account's CSV: a council payment every 28 days, a contribution each
 * month, and spending spread over the period, with running balances. */
static char *make_csv(int account, int lines, size_t *len) {
  size_t cap = (size_t)lines * 120 + 256;
  char *s = malloc(cap), *p = s;
  p += sprintf(p, "date,description,amount,balance,payee,category,type\n");
  static const char *const payees[] = {"PA-1", "HMRC", "Bright Homecare Ltd", "County Taxis",
                                       "Mobility Shop"};
  long long bal = 100000;
  int days = 184;
  for (int i = 0; i < lines; i++) {
    int day = i * days / lines; /* 2026-05-01 + day */
    dpss_date d;
    dpss_date from;
    dpss_date_from_ymd(&from, 2026, 5, 1);
    dpss_date_add_days(&d, from, day);
    char date[16];
    dpss_date_format(date, sizeof date, d);
    long long amount;
    const char *type = "", *payee = "", *cat = "", *desc;
    if (i % 40 == 0) {
      amount = 192000;
      type = "council_payment";
      desc = "NOTTS CC DIRECT PAYMENT";
    } else if (i % 97 == 0) {
      amount = 2500;
      type = "contribution";
      desc = "CONTRIBUTION";
    } else {
      amount = -(1000 + (i * 37 + account) % 3000);
      payee = payees[i % 5];
      cat = i % 5 == 4 ? "equipment" : "";
      desc = "CARD PAYMENT, REF 12345";
    }
    bal += amount;
    char a[32], b[32];
    pounds(a, amount);
    pounds(b, bal);
    p += sprintf(p, "%s,\"%s\",%s,%s,%s,%s,%s\n", date, desc, a, b, payee, cat, type);
  }
  *len = (size_t)(p - s);
  return s;
}

static const char *const RECIPIENT =
    "{\"id\":\"R-BENCH\",\"payment_method\":\"managed_account\",\"employs_pas\":true,"
    "\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":50000}],"
    "\"contribution_weekly_pence\":2000,\"dp_start\":\"2026-01-05\","
    "\"support_plan\":{\"paye\":true,\"lines\":[{\"category\":\"pa_wages\",\"payee\":\"PA-1\"},"
    "{\"category\":\"hmrc\",\"payee\":\"HMRC\"},{\"category\":\"agency_care\",\"payee\":"
    "\"Bright Homecare Ltd\"},{\"category\":\"transport\",\"payee\":\"County Taxis\"},"
    "{\"category\":\"equipment\"}]},\"employer\":{\"insurance\":[{\"from\":\"2026-01-01\","
    "\"to\":\"2026-12-31\"}],\"pas\":[{\"id\":\"PA-1\",\"contract\":true,\"dbs_checked\":"
    "\"2025-01-01\"}]}}";

static int run(dpss_policy *p, dpss_recipient *r, char **csv, int n, int lines, const char *what) {
  dpss_date from, to;
  dpss_date_from_ymd(&from, 2026, 5, 1);
  dpss_date_from_ymd(&to, 2026, 10, 31);
  size_t findings = 0, total = 0;
  double t0 = now(), w0 = wall(), parse = 0;
  for (int k = 0; k < n; k++) {
    double a0 = now();
    dpss_statement *s = NULL;
    if (dpss_statement_from_csv(&s, csv[k], NULL) || dpss_statement_error_count(s)) {
      fprintf(stderr, "statement %d: %s\n", k,
                  s ? dpss_statement_error_message(s, 0) : dpss_error_message(dpss_error_last()));
      return 1;
    }
    parse += now() - a0;
    dpss_audit *a = NULL;
    if (dpss_audit_run(&a, p, r, s, from, to, DPSS_PENCE_NONE, DPSS_PENCE_NONE)) {
      fprintf(stderr, "audit %d: %s\n", k, dpss_error_message(dpss_error_last()));
      return 1;
    }
    findings += dpss_audit_finding_count(a);
    total += dpss_statement_line_count(s);
    dpss_audit_free(a);
    dpss_statement_free(s);
  }
  double t = now() - t0, w = wall() - w0;
  printf("%-30s %8zu lines, CPU %6.3f s (parse %5.3f s): %9.0f lines/s on one core "
         "(wall %6.3f s; %zu findings)\n",
         what, total, t, parse, (double)total / t, w, findings);
  (void)lines;
  return 0;
}

int main(int argc, char **argv) {
  int accounts = argc > 1 ? atoi(argv[1]) : 2000;
  int lines = argc > 2 ? atoi(argv[2]) : 500;
  dpss_policy *p = NULL;
  dpss_recipient *r = NULL;
  if (dpss_policy_new(&p) || dpss_recipient_from_json(&r, RECIPIENT))
    return 1;
  char **csv = malloc((size_t)accounts * sizeof *csv);
  size_t bytes = 0, len;
  for (int k = 0; k < accounts; k++) {
    csv[k] = make_csv(k, lines, &len);
    bytes += len;
  }
  char label[64];
  snprintf(label, sizeof label, "%d accounts x %d lines", accounts, lines);
  int rc = run(p, r, csv, accounts, lines, label);
  for (int k = 0; k < accounts; k++)
    free(csv[k]);
  char *big = make_csv(0, 1000000, &len);
  rc |= run(p, r, &big, 1, 1000000, "1 account x 1,000,000 lines");
  printf("(%.1f MB of CSV for the caseload, %.1f MB for the one account)\n", (double)bytes / 1e6,
         (double)len / 1e6);
  free(big);
  free(csv);
  dpss_recipient_free(r);
  dpss_policy_free(p);
  return rc;
}
