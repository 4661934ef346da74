/* SPDX-License-Identifier: MIT */
/* dpss-bench: throughput of libdpss on synthetic caseloads. Not a test: it
 * measures and prints, it does not pass or fail.
 *
 *   tests/bench/dpss-bench [N] [--tool PATH [--caseload FILE] [--tool-only]]
 *
 * (a) dpss_evaluate_into on N synthetic recipients (default 1,000,000; a
 *     pool of 100,000 distinct records is cycled), single thread and then
 *     two threads sharing one policy;
 * (b) a year of payments (2026) for N recipients with caseload totals;
 * (c) routing N referrals across 20 providers;
 * (d) with --tool, N records as JSON Lines (or the records of --caseload
 *     FILE, e.g. made by examples/data/make-caseload.py -n 1000000) through
 *     `dpss evaluate` and `dpss compare --with surplus_threshold_weeks=8`,
 *     each with and without --summary, output to /dev/null, timed with their
 *     peak memory (max RSS). compare evaluates every record under two
 *     policies: its cost per policy compared is its time / 2, against
 *     evaluate's (issue 12: at most 1.3x). evaluate writes every decision
 *     (~3 KB each) while compare writes only the changes, so the --summary
 *     runs, which write almost nothing, are the like-for-like pair.
 *     --tool-only skips (a) to (c). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <dpss.h>

#define POOL 100000

static dpss_policy *policy;
static dpss_recipient **pool;
static dpss_date as_of;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One synthetic record, varied by i (no real data). */
static int make_json(char *buf, size_t size, long i) {
  static const char *const caps[] = {"true", "true", "true", "false", "null"};
  static const char *const methods[] = {"bank_account", "prepaid_card", "managed_account"};
  int weekly = 8000 + (int)(i % 800) * 100;
  return snprintf(
      buf, size,
      "{\"id\":\"R-%07ld\",\"kind\":\"%s\",\"has_capacity\":%s,\"consents\":true,"
      "\"authorised_person\":%s,\"excluding_order\":%s,\"pays_household_family\":false,"
      "\"bank_account\":%s,\"payment_method\":\"%s\",\"card_suitable\":%s,"
      "\"considering_employing_pas\":%s,\"complex_needs\":%s,\"specialist_needs\":[%s],"
      "\"risk\":\"standard\",\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":%d}%s],"
      "\"dp_start\":\"20%02ld-%02ld-%02ld\",\"balance\":{\"on\":\"2026-11-01\",\"pence\":%ld,"
      "\"owed_pence\":%ld},\"support\":null,\"issues\":[%s],\"last_review\":%s,"
      "\"last_audit\":null}",
      i, i % 9 ? "adult" : "child", caps[i % 5], i % 2 ? "true" : "null",
      i % 17 ? "false" : "true", i % 4 ? "true" : "false", methods[i % 3],
      i % 3 ? "true" : "false", i % 2 ? "true" : "false", i % 7 ? "false" : "true",
      i % 5 == 0 ? "\"dementia\"" : i % 5 == 1 ? "\"sensory_impairment\"" : "", weekly,
      i % 6 ? "" : ",{\"source\":\"health\",\"weekly_pence\":5000}", 20 + i % 7, 1 + i % 12,
      1 + i % 28, (long)weekly * (1 + i % 9), (i % 5) * 1000L,
      i % 3 ? "" : "{\"id\":\"I-1\",\"opened\":\"2026-11-01\",\"resolved\":null}",
      i % 2 ? "\"2026-03-01\"" : "null");
}

struct job {
  long from, to;
  double seconds;
  long eligible;
};

static void *run(void *arg) {
  struct job *j = arg;
  dpss_decision *d;
  if (dpss_decision_new(&d))
    return NULL;
  long eligible = 0; /* local: the two jobs share a cache line */
  double t0 = now();
  for (long i = j->from; i < j->to; i++) {
    if (dpss_evaluate_into(d, policy, pool[i % POOL], as_of))
      abort();
    eligible += dpss_decision_eligibility(d) == DPSS_ELIGIBLE;
  }
  j->seconds = now() - t0;
  j->eligible = eligible;
  dpss_decision_free(d);
  return NULL;
}

static void bench_evaluate(long n) {
  struct job one = {0, n, 0, 0};
  run(&one);
  printf("evaluate, 1 thread : %ld recipients in %.3f s = %.0f /s\n", n, one.seconds,
         (double)n / one.seconds);
  struct job two[2] = {{0, n / 2, 0, 0}, {n / 2, n, 0, 0}};
  pthread_t t[2];
  double t0 = now();
  for (int k = 0; k < 2; k++)
    pthread_create(&t[k], NULL, run, &two[k]);
  for (int k = 0; k < 2; k++)
    pthread_join(t[k], NULL);
  double wall = now() - t0;
  printf("evaluate, 2 threads: %ld recipients in %.3f s = %.0f /s (%.0f /s per core)\n", n,
         wall, (double)n / wall, (double)n / wall / 2);
  if (two[0].eligible + two[1].eligible != one.eligible)
    printf("MISMATCH between single and two-thread runs\n");
}

/* A year of payments for n recipients, with caseload totals. */
static void bench_payments(long n) {
  dpss_date from, to;
  dpss_totals *t;
  dpss_date_parse(&from, "2026-01-01");
  dpss_date_parse(&to, "2026-12-31");
  if (dpss_totals_new(&t, from, to))
    abort();
  long payments = 0;
  double t0 = now();
  for (long i = 0; i < n; i++) {
    dpss_schedule *s;
    if (dpss_schedule_build(&s, policy, pool[i % POOL], from, to) || dpss_totals_add(t, s))
      abort();
    payments += (long)dpss_schedule_count(s);
    dpss_schedule_free(s);
  }
  double wall = now() - t0;
  char total[DPSS_MONEY_BUFSIZE];
  dpss_money_format_buf(total, sizeof total, dpss_totals_pence(t));
  printf("payments, a year each, 1 thread: %ld recipients (%ld payments, %s) in %.3f s = %.0f "
         "recipients/s\n", n, payments, total, wall, (double)n / wall);
  dpss_totals_free(t);
}

/* Route n referrals across 20 providers (a lead and 19 associates). */
static void bench_routing(long n) {
  static const char *const spec[] = {"", "\"dementia\"", "\"sensory_impairment\"",
                                     "\"learning_disability\""};
  char json[8192];
  size_t len = (size_t)snprintf(json, sizeof json, "{\"id\":\"bench\",\"lead\":\"P-00\","
                                                   "\"providers\":[");
  for (int k = 0; k < 20; k++)
    len += (size_t)snprintf(json + len, sizeof json - len,
                            "%s{\"id\":\"P-%02d\",\"role\":\"%s\",\"specialisms\":[%s],"
                            "\"capacity\":%d,\"caseload\":%d,\"accredited\":%s}",
                            k ? "," : "", k, k ? "associate" : "lead", spec[k % 4],
                            k ? 100000000 : 400000000, k * 1000, k % 3 ? "true" : "false");
  snprintf(json + len, sizeof json - len, "]}");
  dpss_network *net;
  if (dpss_network_from_json(&net, json, policy, as_of))
    abort();
  double t0 = now();
  long routed = 0;
  for (long i = 0; i < n; i++) {
    dpss_routing *o;
    if (dpss_network_route(&o, net, pool[i % POOL]))
      abort();
    routed += dpss_routing_provider(o) != NULL;
    dpss_routing_free(o);
  }
  double wall = now() - t0;
  printf("routing, 20 providers, 1 thread: %ld referrals (%ld routed) in %.3f s = %.0f /s\n", n,
         routed, wall, (double)n / wall);
  dpss_network_free(net);
}

/* Run the tool with args (NULL-ended), output to /dev/null; the wall time
 * (and the CPU time, user + system, which a shared machine disturbs less). */
static double run_tool(const char *tool, char *const args[], long *rss_mb, int *exit_status,
                       double *cpu) {
  fflush(stdout);
  double t0 = now();
  pid_t pid = fork();
  if (pid == 0) {
    if (!freopen("/dev/null", "w", stdout))
      _exit(127);
    execv(tool, args);
    _exit(127);
  }
  int status;
  struct rusage ru;
  wait4(pid, &status, 0, &ru);
  double wall = now() - t0;
  *rss_mb = ru.ru_maxrss / 1024;
  *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return wall;
}

static void bench_tool(long n, const char *tool, const char *caseload) {
  char path[] = "/tmp/dpss-bench-XXXXXX";
  long bytes;
  if (caseload) {
    FILE *f = fopen(caseload, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0) {
      fprintf(stderr, "%s: cannot read\n", caseload);
      exit(2);
    }
    bytes = ftell(f);
    fclose(f);
    n = 0;
    f = fopen(caseload, "rb");
    for (int c; (c = getc(f)) != EOF;)
      n += c == '\n';
    fclose(f);
  } else {
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    char buf[2048];
    for (long i = 0; i < n; i++) {
      make_json(buf, sizeof buf, i);
      fputs(buf, f);
      fputc('\n', f);
    }
    bytes = ftell(f);
    fclose(f);
  }
  char *file = caseload ? (char *)caseload : path;
  char opt_as_of[] = "--as-of", date[] = "2026-11-22", with[] = "--with",
       eight[] = "surplus_threshold_weeks=8", summary[] = "--summary", ev[] = "evaluate",
       cmp[] = "compare", *t = (char *)tool;
  struct {
    const char *label;
    char *args[9];
    double wall, cpu;
  } runs[] = {
      {"dpss evaluate", {t, ev, opt_as_of, date, file, NULL}, 0, 0},
      {"dpss compare --with surplus_threshold_weeks=8", {t, cmp, opt_as_of, date, with, eight, file, NULL}, 0, 0},
      {"dpss evaluate --summary", {t, ev, summary, opt_as_of, date, file, NULL}, 0, 0},
      {"dpss compare --summary --with surplus_threshold_weeks=8",
       {t, cmp, summary, opt_as_of, date, with, eight, file, NULL}, 0, 0},
  };
  printf("the tool on %ld records (JSON Lines, %.0f MB%s%s), output to /dev/null:\n", n,
         (double)bytes / 1e6, caseload ? ", " : "", caseload ? caseload : "");
  for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
    long rss;
    int status;
    runs[k].wall = run_tool(tool, runs[k].args, &rss, &status, &runs[k].cpu);
    printf("  %-56s %8.3f s = %8.0f records/s (CPU %.3f s), peak RSS %ld MB, exit %d\n",
           runs[k].label, runs[k].wall, (double)n / runs[k].wall, runs[k].cpu, rss, status);
  }
  printf("  compare per policy compared (its time / 2) against evaluate: %.2fx wall, %.2fx CPU;\n"
         "  with --summary: %.2fx wall, %.2fx CPU (issue 12: at most 1.3x)\n",
         runs[1].wall / 2 / runs[0].wall, runs[1].cpu / 2 / runs[0].cpu,
         runs[3].wall / 2 / runs[2].wall, runs[3].cpu / 2 / runs[2].cpu);
  if (!caseload)
    unlink(path);
}

int main(int argc, char **argv) {
  long n = 1000000;
  const char *tool = NULL, *caseload = NULL;
  bool tool_only = false;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--tool") == 0 && i + 1 < argc)
      tool = argv[++i];
    else if (strcmp(argv[i], "--caseload") == 0 && i + 1 < argc)
      caseload = argv[++i];
    else if (strcmp(argv[i], "--tool-only") == 0)
      tool_only = true;
    else
      n = atol(argv[i]);
  }
  if (tool_only && tool) {
    if (dpss_policy_new(&policy))
      return 2;
    printf("libdpss %s\n", dpss_version_string());
    bench_tool(n, tool, caseload);
    dpss_policy_free(policy);
    return 0;
  }
  if (n <= 0 || dpss_policy_new(&policy) || dpss_date_parse(&as_of, "2026-11-22"))
    return 2;
  printf("libdpss %s, %ld recipients (pool of %d distinct records)\n", dpss_version_string(), n,
         POOL);
  pool = calloc(POOL, sizeof *pool);
  char buf[2048];
  double t0 = now();
  for (long i = 0; i < POOL; i++) {
    make_json(buf, sizeof buf, i);
    if (dpss_recipient_from_json(&pool[i], buf)) {
      fprintf(stderr, "record %ld: %s\n", i, dpss_error_message(dpss_error_last()));
      return 2;
    }
  }
  double parse = now() - t0;
  printf("parse JSON into records: %d in %.3f s = %.0f /s\n", POOL, parse, POOL / parse);
  bench_evaluate(n);
  bench_payments(n);
  bench_routing(n);
  if (tool)
    bench_tool(n, tool, caseload);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("bench peak RSS %ld MB\n", ru.ru_maxrss / 1024);
  for (long i = 0; i < POOL; i++)
    dpss_recipient_free(pool[i]);
  free(pool);
  dpss_policy_free(policy);
  return 0;
}
