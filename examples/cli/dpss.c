/* SPDX-License-Identifier: MIT */
/* dpss: the libdpss command-line tool.
 *
 *   dpss evaluate [--as-of DATE] [--policy FILE] [--set NAME=VALUE]... [--summary] FILE|-
 *   dpss payments [--policy FILE] [--set NAME=VALUE]... --from DATE --to DATE [--summary] FILE|-
 *   dpss network check NET.json; dpss route|transition|market --network NET.json ...
 *   dpss policy show [--policy FILE] [--set NAME=VALUE]... [--as-of DATE] [--json]
 *
 * Exit status: 0 all good; 1 some records were rejected (each named on
 * stderr); 2 usage error or nothing could be done. Messages name records by
 * position and id and fields by path, never personal values. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <dpss.h>
#include <jansson.h>

#include "input.h"

#define EXIT_REJECTED 1
#define EXIT_USAGE 2
#define MAX_JOBS 16

static const char usage_text[] =
    "Usage: dpss COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  evaluate [--as-of DATE] [--policy FILE] [--set NAME=VALUE]... [--summary] [--jobs N] FILE|-\n"
    "      Read recipients (one JSON object, a JSON array, or JSON Lines) and write one\n"
    "      decision per line (JSON Lines), or a caseload summary with --summary.\n"
    "  payments [--policy FILE] [--set NAME=VALUE]... --from DATE --to DATE [--summary] FILE|-\n"
    "      Write every payment of each recipient dated between the two dates (one schedule\n"
    "      per line: date, days, pence, per-stream split), or caseload totals with --summary.\n"
    "  network check [--policy FILE] [--as-of DATE] NET.json\n"
    "      Check a provider network: one lead, at least min_associates associates.\n"
    "  route --network NET.json [--as-of DATE] [--policy FILE] [--summary] FILE|-\n"
    "      Route each referral through the lead (JSON Lines out), or a table per provider.\n"
    "  transition --network NET.json --start DATE [--policy FILE] FILE\n"
    "      Plan the move of today's caseload to a new network: a dated transfer per line.\n"
    "  market --network NET.json [--as-of DATE] [--policy FILE] [--json] FILE\n"
    "      Market shares by provider, the HHI, viability and dominance warnings.\n"
    "  framework check F.json | framework add F.json CALLOFF.json | framework report F.json [--year N]\n"
    "      Check a framework; add a call-off (saved atomically, or refused with the file\n"
    "      left as it was); spend against the caps per commissioner.\n"
    "  audits [--as-of DATE] [--policy FILE] FILE\n"
    "      The audits of managed accounts, soonest due first, overdue ones flagged.\n"
    "  return --from DATE --to DATE [--provider ID] [--framework F.json] [--json] FILE\n"
    "      The information-sharing return for a period (R3, F4).\n"
    "  policy show [--policy FILE] [--set NAME=VALUE]... [--as-of DATE] [--json]\n"
    "      Print the policy parameters in force on a date.\n"
    "\n"
    "Options:\n"
    "  --as-of DATE       the date of the decision, YYYY-MM-DD (default: today)\n"
    "  --policy FILE      a policy JSON file (default: the built-in Nottinghamshire policy)\n"
    "  --set NAME=VALUE   override a policy parameter (what-if), e.g. surplus_threshold_weeks=8\n"
    "  --summary          print counts and totals instead of decisions or schedules\n"
    "  --from DATE, --to DATE  (payments) the payment dates to list, both included\n"
    "  --jobs N           worker threads for evaluate (default: the number of CPUs, at most 8)\n"
    "  --json             (policy show, market) print JSON\n"
    "  --network FILE     the provider network (route, transition, market)\n"
    "  --start DATE       (transition) the day the new contract starts\n"
    "  --provider ID      (return) only recipients this provider supports\n"
    "  --framework FILE   (return) the framework, for spend and cost per person\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Exit status: 0 success; 1 some records were rejected; 2 usage or fatal error.\n";

struct opts {
  const char *as_of_text;
  const char *policy_file;
  const char **sets;
  int n_sets;
  int summary;
  int json;
  int jobs;
  const char *from_text, *to_text;
  const char *network_file, *start_text;
  const char *framework_file, *provider;
  const char *input;
};

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "dpss: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'dpss --help'.\n");
  return EXIT_USAGE;
}

static void report_error(const char *what) {
  const dpss_error *e = dpss_error_last();
  fprintf(stderr, "dpss: %s: %s (%s)\n", what, dpss_error_message(e),
          dpss_status_name(dpss_error_code(e)));
}

static int parse_opts(int argc, char **argv, int first, struct opts *o, int want_input) {
  o->sets = calloc((size_t)argc, sizeof *o->sets);
  if (!o->sets)
    return usage_error("%s", "out of memory");
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = NULL;
    if (strcmp(a, "--as-of") == 0)
      slot = &o->as_of_text;
    else if (strcmp(a, "--policy") == 0)
      slot = &o->policy_file;
    else if (strcmp(a, "--set") == 0)
      slot = &o->sets[o->n_sets++];
    else if (strcmp(a, "--network") == 0)
      slot = &o->network_file;
    else if (strcmp(a, "--start") == 0)
      slot = &o->start_text;
    else if (strcmp(a, "--framework") == 0)
      slot = &o->framework_file;
    else if (strcmp(a, "--provider") == 0)
      slot = &o->provider;
    else if (strcmp(a, "--from") == 0)
      slot = &o->from_text;
    else if (strcmp(a, "--to") == 0)
      slot = &o->to_text;
    else if (strncmp(a, "--as-of=", 8) == 0)
      o->as_of_text = a + 8;
    else if (strncmp(a, "--policy=", 9) == 0)
      o->policy_file = a + 9;
    else if (strncmp(a, "--set=", 6) == 0)
      o->sets[o->n_sets++] = a + 6;
    else if (strcmp(a, "--jobs") == 0 || strncmp(a, "--jobs=", 7) == 0) {
      const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : "");
      char *end;
      long n = strtol(v, &end, 10);
      if (!*v || *end || n < 1 || n > MAX_JOBS)
        return usage_error("--jobs: expected a number from 1 to %d", MAX_JOBS);
      o->jobs = (int)n;
    } else if (strcmp(a, "--summary") == 0)
      o->summary = 1;
    else if (strcmp(a, "--json") == 0)
      o->json = 1;
    else if (a[0] == '-' && a[1] != '\0')
      return usage_error("unknown option '%s'", a);
    else if (want_input && !o->input)
      o->input = a;
    else
      return usage_error("unexpected argument '%s'", a);
    if (slot) {
      if (i + 1 >= argc)
        return usage_error("option '%s' needs a value", a);
      *slot = argv[++i];
    }
  }
  if (want_input && !o->input)
    return usage_error("%s", "no input file given (use - for standard input)");
  return 0;
}

static int load_policy(const struct opts *o, dpss_policy **policy, dpss_date *as_of) {
  if (o->as_of_text) {
    if (dpss_date_parse(as_of, o->as_of_text) != DPSS_OK)
      return usage_error("--as-of: expected a real date written YYYY-MM-DD, not '%s'",
                         o->as_of_text);
  } else if (dpss_date_today(as_of) != DPSS_OK) {
    report_error("today's date");
    return EXIT_USAGE;
  }
  int rc = o->policy_file ? dpss_policy_from_file(policy, o->policy_file)
                          : dpss_policy_new(policy);
  if (rc) {
    report_error(o->policy_file ? o->policy_file : "policy");
    return EXIT_USAGE;
  }
  for (int i = 0; i < o->n_sets; i++)
    if (dpss_policy_set(*policy, o->sets[i]) != DPSS_OK) {
      report_error("--set");
      dpss_policy_free(*policy);
      *policy = NULL;
      return EXIT_USAGE;
    }
  return 0;
}

/* The record's id for messages, if it has a usable one. */
static void record_name(const char *text, char *buf, size_t size) {
  buf[0] = '\0';
  json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
  const char *id = v ? json_string_value(json_object_get(v, "id")) : NULL;
  if (id && strlen(id) <= 64 && !strpbrk(id, " \t\r\n"))
    snprintf(buf, size, " (id %s)", id);
  json_decref(v);
}

/* Records are read in rounds of batches; the batches of a round are parsed,
 * evaluated and written out by worker threads (one decision object and one
 * summary per thread), then printed in input order, so the output is the
 * same whatever the number of threads. */
#define BATCH 512

struct batch {
  char *texts;        /* record texts, NUL-separated */
  size_t texts_len, texts_cap;
  size_t n;
  size_t *offset;     /* into texts */
  cli_record *recs;   /* index and line of each record */
  char *out, *err;    /* what to print, in order */
  size_t out_len, out_cap, err_len, err_cap;
  int rejected;
};

enum command { CMD_EVALUATE, CMD_PAYMENTS };

struct round {
  enum command command;
  dpss_date from, to; /* payments */
  struct batch *batches;
  size_t n_batches;
  size_t next; /* next batch to take, under lock */
  pthread_mutex_t lock;
  const dpss_policy *policy;
  dpss_date as_of;
  int summary;
};

struct worker {
  struct round *round;
  dpss_decision *decision;
  dpss_summary *summary;
  dpss_totals *totals;
  pthread_t thread;
  int failed;
};

static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
  if (*len + n + 1 > *cap) {
    size_t c = *cap ? *cap : 65536;
    while (c < *len + n + 1)
      c *= 2;
    char *p = realloc(*buf, c);
    if (!p)
      return -1;
    *buf = p;
    *cap = c;
  }
  memcpy(*buf + *len, s, n);
  *len += n;
  (*buf)[*len] = '\0';
  return 0;
}

static int batch_add(struct batch *b, const cli_record *rec) {
  if (!b->offset) {
    b->offset = malloc(BATCH * sizeof *b->offset);
    b->recs = malloc(BATCH * sizeof *b->recs);
    if (!b->offset || !b->recs)
      return -1;
  }
  b->offset[b->n] = b->texts_len;
  b->recs[b->n] = *rec;
  if (append(&b->texts, &b->texts_len, &b->texts_cap, rec->text, strlen(rec->text) + 1) < 0)
    return -1;
  b->n++;
  return 0;
}

static void batch_reject(struct batch *b, const cli_record *rec) {
  char line[1024];
  const dpss_error *e = dpss_error_last();
  char name[96];
  char where[64] = "";
  record_name(rec->text, name, sizeof name);
  if (rec->line > 0) {
    long at = rec->line + (dpss_error_line(e) > 1 ? dpss_error_line(e) - 1 : 0);
    snprintf(where, sizeof where, ", line %ld", at);
  }
  int n = snprintf(line, sizeof line, "dpss: record %zu%s%s: %s (%s)\n", rec->index, name, where,
                   dpss_error_message(e), dpss_status_name(dpss_error_code(e)));
  if (n > 0)
    append(&b->err, &b->err_len, &b->err_cap, line, strlen(line));
  b->rejected++;
}

static void process_batch(struct worker *w, struct batch *b) {
  const struct round *r = w->round;
  for (size_t i = 0; i < b->n; i++) {
    cli_record rec = b->recs[i];
    rec.text = b->texts + b->offset[i];
    dpss_recipient *rcp = NULL;
    dpss_schedule *sched = NULL;
    char *json = NULL;
    int rc = dpss_recipient_from_json(&rcp, rec.text);
    if (!rc && r->command == CMD_EVALUATE)
      rc = dpss_evaluate_into(w->decision, r->policy, rcp, r->as_of);
    if (!rc && r->command == CMD_EVALUATE)
      rc = w->summary ? dpss_summary_add(w->summary, w->decision)
                      : dpss_decision_to_json(w->decision, &json);
    if (!rc && r->command == CMD_PAYMENTS)
      rc = dpss_schedule_build(&sched, r->policy, rcp, r->from, r->to);
    if (!rc && r->command == CMD_PAYMENTS)
      rc = w->totals ? dpss_totals_add(w->totals, sched) : dpss_schedule_to_json(sched, &json);
    dpss_schedule_free(sched);
    if (rc) {
      batch_reject(b, &rec);
      if (w->summary)
        dpss_summary_add_rejected(w->summary);
    } else if (json) {
      size_t n = strlen(json);
      json[n] = '\n'; /* the NUL becomes the line end; append copies n + 1 */
      if (append(&b->out, &b->out_len, &b->out_cap, json, n + 1) < 0)
        w->failed = 1;
    }
    dpss_free(json);
    dpss_recipient_free(rcp);
  }
}

static void *work(void *arg) {
  struct worker *w = arg;
  struct round *r = w->round;
  for (;;) {
    pthread_mutex_lock(&r->lock);
    size_t k = r->next < r->n_batches ? r->next++ : SIZE_MAX;
    pthread_mutex_unlock(&r->lock);
    if (k == SIZE_MAX)
      return NULL;
    process_batch(w, &r->batches[k]);
  }
}

static int default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

static int run_records(int argc, char **argv, enum command command) {
  struct opts o = {0};
  int rc = parse_opts(argc, argv, 2, &o, 1);
  if (rc)
    goto out_opts;
  dpss_policy *policy = NULL;
  dpss_date as_of, from = 0, to = 0;
  if (command == CMD_PAYMENTS) {
    if (!o.from_text || !o.to_text) {
      rc = usage_error("payments needs --from DATE and --to DATE");
      goto out_opts;
    }
    if (dpss_date_parse(&from, o.from_text) || dpss_date_parse(&to, o.to_text) || to < from) {
      rc = usage_error("--from and --to: real dates written YYYY-MM-DD, --to not before --from");
      goto out_opts;
    }
  }
  if ((rc = load_policy(&o, &policy, &as_of)))
    goto out_opts;
  int jobs = o.jobs > 0 ? o.jobs : default_jobs();
  const char *why = NULL;
  struct worker workers[MAX_JOBS] = {{0}};
  struct round round = {0};
  pthread_mutex_init(&round.lock, NULL);
  round.policy = policy;
  round.as_of = as_of;
  round.command = command;
  round.from = from;
  round.to = to;
  round.n_batches = (size_t)jobs * 4;
  round.batches = calloc(round.n_batches, sizeof *round.batches);
  cli_input *in = cli_input_open(o.input, &why);
  if (!in) {
    fprintf(stderr, "dpss: %s: %s\n", o.input, why);
    rc = EXIT_USAGE;
    goto out_all;
  }
  for (int k = 0; k < jobs; k++) {
    workers[k].round = &round;
    if (!round.batches || dpss_decision_new(&workers[k].decision) ||
        (o.summary && command == CMD_EVALUATE && dpss_summary_new(&workers[k].summary)) ||
        (o.summary && command == CMD_PAYMENTS && dpss_totals_new(&workers[k].totals, from, to))) {
      fprintf(stderr, "dpss: out of memory\n");
      rc = EXIT_USAGE;
      goto out_all;
    }
  }
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  int rejected = 0, got = 1, failed = 0;
  while (got == 1) {
    /* Read one round. */
    size_t used = 0;
    for (size_t k = 0; k < round.n_batches; k++) {
      struct batch *b = &round.batches[k];
      b->n = b->texts_len = b->out_len = b->err_len = 0;
      b->rejected = 0;
    }
    cli_record rec;
    while (used < round.n_batches && (got = cli_input_next(in, &rec, &why)) == 1) {
      struct batch *b = &round.batches[used];
      if (batch_add(b, &rec) < 0) {
        failed = 1;
        got = -1;
        why = "out of memory";
        break;
      }
      if (b->n == BATCH)
        used++;
    }
    if (used < round.n_batches && round.batches[used].n)
      used++;
    /* Work it. */
    round.next = 0;
    size_t saved = round.n_batches;
    round.n_batches = used;
    int started = 0;
    for (int k = 1; k < jobs && (size_t)k < used; k++)
      if (pthread_create(&workers[k].thread, NULL, work, &workers[k]) == 0)
        started = k;
    work(&workers[0]);
    for (int k = 1; k <= started; k++)
      pthread_join(workers[k].thread, NULL);
    round.n_batches = saved;
    /* Print it, in input order. */
    for (size_t k = 0; k < used; k++) {
      struct batch *b = &round.batches[k];
      if (b->out_len)
        fwrite(b->out, 1, b->out_len, stdout);
      if (b->err_len)
        fputs(b->err, stderr);
      rejected += b->rejected;
    }
  }
  if (got < 0) {
    fprintf(stderr, "dpss: %s: %s\n", o.input, why);
    rejected++;
  }
  for (int k = 0; k < jobs; k++)
    failed |= workers[k].failed;
  if (o.summary && command == CMD_PAYMENTS) {
    for (int k = 1; k < jobs; k++)
      if (dpss_totals_merge(workers[0].totals, workers[k].totals) != DPSS_OK)
        failed = 1;
    char *text;
    printf("Policy %s (version %s)\n", dpss_policy_id(policy), dpss_policy_version(policy));
    if (dpss_totals_to_text(workers[0].totals, &text) == DPSS_OK) {
      fputs(text, stdout);
      dpss_free(text);
    }
  } else if (o.summary) {
    for (int k = 1; k < jobs; k++)
      if (dpss_summary_merge(workers[0].summary, workers[k].summary) != DPSS_OK)
        failed = 1;
    char *text;
    char date[DPSS_DATE_BUFSIZE];
    dpss_date_format(date, sizeof date, as_of);
    printf("Policy %s (version %s), as of %s\n", dpss_policy_id(policy),
           dpss_policy_version(policy), date);
    if (dpss_summary_to_text(workers[0].summary, &text) == DPSS_OK) {
      fputs(text, stdout);
      dpss_free(text);
    }
  }
  if (fflush(stdout) != 0 || failed) {
    fprintf(stderr, "dpss: cannot write the output\n");
    rc = EXIT_USAGE;
  } else {
    rc = rejected ? EXIT_REJECTED : 0;
  }
  if (rejected)
    fprintf(stderr, "dpss: %d record(s) rejected\n", rejected);
out_all:
  for (int k = 0; k < jobs && k < MAX_JOBS; k++) {
    dpss_summary_free(workers[k].summary);
    dpss_totals_free(workers[k].totals);
    dpss_decision_free(workers[k].decision);
  }
  for (size_t k = 0; round.batches && k < round.n_batches; k++) {
    free(round.batches[k].texts);
    free(round.batches[k].offset);
    free(round.batches[k].recs);
    free(round.batches[k].out);
    free(round.batches[k].err);
  }
  free(round.batches);
  pthread_mutex_destroy(&round.lock);
  cli_input_close(in);
  dpss_policy_free(policy);
out_opts:
  free(o.sets);
  return rc;
}

/* ------------------------------------------------------ network commands */

/* Read every recipient of the input in order, calling fn on each good one.
 * Bad records are named on stderr. Returns the number rejected, or -1 if the
 * input could not be read at all. */
typedef int (*record_fn)(void *ctx, const dpss_recipient *r, const cli_record *rec);

static void report_bad(const cli_record *rec) {
  struct batch b = {0};
  batch_reject(&b, rec);
  if (b.err)
    fputs(b.err, stderr);
  free(b.err);
}

static int each_recipient(const char *input, record_fn fn, void *ctx) {
  const char *why = NULL;
  cli_input *in = cli_input_open(input, &why);
  if (!in) {
    fprintf(stderr, "dpss: %s: %s\n", input, why);
    return -1;
  }
  cli_record rec;
  int got, rejected = 0;
  while ((got = cli_input_next(in, &rec, &why)) == 1) {
    dpss_recipient *r = NULL;
    if (dpss_recipient_from_json(&r, rec.text) != DPSS_OK || fn(ctx, r, &rec) != DPSS_OK) {
      report_bad(&rec);
      rejected++;
    }
    dpss_recipient_free(r);
  }
  if (got < 0) {
    fprintf(stderr, "dpss: %s: %s\n", input, why);
    rejected++;
  }
  cli_input_close(in);
  if (rejected)
    fprintf(stderr, "dpss: %d record(s) rejected\n", rejected);
  return rejected;
}

/* Options, policy, date and network shared by the network commands. */
static int network_setup(int argc, char **argv, int first, int want_input, struct opts *o,
                         dpss_policy **policy, dpss_date *as_of, dpss_network **net) {
  int rc = parse_opts(argc, argv, first, o, want_input);
  if (rc)
    return rc;
  if (!o->network_file)
    return usage_error("--network FILE is required");
  if ((rc = load_policy(o, policy, as_of)))
    return rc;
  if (dpss_network_from_file(net, o->network_file, *policy, *as_of) != DPSS_OK) {
    report_error(o->network_file);
    return EXIT_REJECTED;
  }
  return 0;
}

static int print_routing(void *ctx, const dpss_recipient *r, const cli_record *rec) {
  (void)rec;
  struct { dpss_network *net; int summary; long unrouted; } *c = ctx;
  dpss_routing *o;
  int rc = dpss_network_route(&o, c->net, r);
  if (rc)
    return rc;
  if (!dpss_routing_provider(o))
    c->unrouted++;
  if (!c->summary) {
    char *json;
    if ((rc = dpss_routing_to_json(o, &json)) == DPSS_OK) {
      puts(json);
      dpss_free(json);
    }
  }
  dpss_routing_free(o);
  return rc;
}

static int cmd_route(int argc, char **argv) {
  struct opts o = {0};
  dpss_policy *policy = NULL;
  dpss_network *net = NULL;
  dpss_date as_of = 0;
  int rc = network_setup(argc, argv, 2, 1, &o, &policy, &as_of, &net);
  if (!rc) {
    struct { dpss_network *net; int summary; long unrouted; } c = {net, o.summary, 0};
    int rejected = each_recipient(o.input, print_routing, &c);
    if (o.summary) {
      printf("Routing through %s (network %s)\n", dpss_network_lead(net), dpss_network_id(net));
      printf("  %-12s %-10s %8s %10s %10s\n", "provider", "role", "routed", "caseload",
             "capacity");
      for (size_t i = 0; i < dpss_network_provider_count(net); i++)
        printf("  %-12s %-10s %8lld %10lld %10lld\n", dpss_network_provider_id(net, i),
               dpss_network_provider_role(net, i) == DPSS_ROLE_LEAD ? "lead" : "associate",
               (long long)dpss_network_provider_routed(net, i),
               (long long)dpss_network_provider_caseload(net, i),
               (long long)dpss_network_provider_capacity(net, i));
      printf("  %-12s %-10s %8ld\n", "unrouted", "", c.unrouted);
    }
    rc = rejected < 0 ? EXIT_USAGE : rejected ? EXIT_REJECTED : 0;
  }
  dpss_network_free(net);
  dpss_policy_free(policy);
  free(o.sets);
  return rc;
}

static int add_transfer(void *ctx, const dpss_recipient *r, const cli_record *rec) {
  (void)rec;
  return dpss_transition_add(ctx, r);
}

static int cmd_transition(int argc, char **argv) {
  struct opts o = {0};
  dpss_policy *policy = NULL;
  dpss_network *net = NULL;
  dpss_transition *t = NULL;
  dpss_date as_of = 0, start = 0;
  int rc = network_setup(argc, argv, 2, 1, &o, &policy, &as_of, &net);
  if (!rc && (!o.start_text || dpss_date_parse(&start, o.start_text) != DPSS_OK))
    rc = usage_error("--start: a real date written YYYY-MM-DD is required");
  if (!rc && dpss_transition_new(&t, net, policy, start) != DPSS_OK) {
    report_error("transition");
    rc = EXIT_USAGE;
  }
  if (!rc) {
    int rejected = each_recipient(o.input, add_transfer, t);
    char *text;
    if (dpss_transition_to_jsonl(t, &text) == DPSS_OK) {
      fputs(text, stdout);
      dpss_free(text);
    }
    rc = rejected < 0 ? EXIT_USAGE : rejected ? EXIT_REJECTED : 0;
  }
  dpss_transition_free(t);
  dpss_network_free(net);
  dpss_policy_free(policy);
  free(o.sets);
  return rc;
}

static int add_share(void *ctx, const dpss_recipient *r, const cli_record *rec) {
  (void)rec;
  return dpss_market_add(ctx, r);
}

static int cmd_market(int argc, char **argv) {
  struct opts o = {0};
  dpss_policy *policy = NULL;
  dpss_network *net = NULL;
  dpss_market *m = NULL;
  dpss_date as_of = 0;
  int rc = network_setup(argc, argv, 2, 1, &o, &policy, &as_of, &net);
  if (!rc && dpss_market_new(&m, net, policy, as_of) != DPSS_OK) {
    report_error("market");
    rc = EXIT_USAGE;
  }
  if (!rc) {
    int rejected = each_recipient(o.input, add_share, m);
    char *text;
    if ((o.json ? dpss_market_to_json(m, &text) : dpss_market_to_text(m, &text)) == DPSS_OK) {
      fputs(text, stdout);
      if (o.json)
        fputc('\n', stdout);
      dpss_free(text);
    }
    rc = rejected < 0 ? EXIT_USAGE : rejected ? EXIT_REJECTED : 0;
  }
  dpss_market_free(m);
  dpss_network_free(net);
  dpss_policy_free(policy);
  free(o.sets);
  return rc;
}

static int cmd_network(int argc, char **argv) {
  if (argc < 3 || strcmp(argv[2], "check") != 0)
    return usage_error("expected 'dpss network check NET.json'");
  struct opts o = {0};
  int rc = parse_opts(argc, argv, 3, &o, 1);
  dpss_policy *policy = NULL;
  dpss_network *net = NULL;
  dpss_date as_of = 0;
  if (!rc)
    rc = load_policy(&o, &policy, &as_of);
  if (!rc) {
    if (dpss_network_from_file(&net, o.input, policy, as_of) != DPSS_OK) {
      report_error(o.input);
      rc = EXIT_REJECTED;
    } else {
      size_t associates = 0;
      for (size_t i = 0; i < dpss_network_provider_count(net); i++)
        associates += dpss_network_provider_role(net, i) == DPSS_ROLE_ASSOCIATE;
      printf("network %s: valid; lead %s, %zu associates, %zu providers\n", dpss_network_id(net),
             dpss_network_lead(net), associates, dpss_network_provider_count(net));
    }
  }
  dpss_network_free(net);
  dpss_policy_free(policy);
  free(o.sets);
  return rc;
}

/* -------------------------------------------------- framework commands */

static int cmd_framework(int argc, char **argv) {
  const char *sub = argc > 2 ? argv[2] : "";
  if (strcmp(sub, "check") && strcmp(sub, "add") && strcmp(sub, "report"))
    return usage_error("expected 'dpss framework check|add|report F.json ...'");
  const char *file = NULL, *calloff = NULL;
  int year = 0;
  for (int i = 3; i < argc; i++) {
    if (strcmp(argv[i], "--year") == 0 && i + 1 < argc) {
      char *end;
      long y = strtol(argv[++i], &end, 10);
      if (*end || y < 1 || y > 10)
        return usage_error("--year: a contract year from 1 to 10");
      year = (int)y;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return usage_error("unknown option '%s'", argv[i]);
    } else if (!file) {
      file = argv[i];
    } else if (!calloff && strcmp(sub, "add") == 0) {
      calloff = argv[i];
    } else {
      return usage_error("unexpected argument '%s'", argv[i]);
    }
  }
  if (!file || (strcmp(sub, "add") == 0 && !calloff))
    return usage_error(strcmp(sub, "add") == 0 ? "usage: dpss framework add F.json CALLOFF.json"
                                               : "no framework file given");
  dpss_framework *f = NULL;
  if (dpss_framework_load(&f, file) != DPSS_OK) {
    report_error(file);
    return EXIT_REJECTED;
  }
  int rc = 0;
  if (strcmp(sub, "check") == 0) {
    printf("framework valid: %zu call-off(s), %d contract years\n",
           dpss_framework_calloff_count(f), dpss_framework_years(f));
  } else if (strcmp(sub, "report") == 0) {
    char *text;
    if (year > dpss_framework_years(f)) {
      rc = usage_error("--year: the framework has %d contract years", dpss_framework_years(f));
    } else if (dpss_framework_report_text(f, year, &text) == DPSS_OK) {
      fputs(text, stdout);
      dpss_free(text);
    }
  } else {
    /* add: refuse and leave the file byte-identical, or save atomically. */
    FILE *in = strcmp(calloff, "-") ? fopen(calloff, "rb") : stdin;
    char buf[65536];
    size_t n = in ? fread(buf, 1, sizeof buf - 1, in) : 0;
    if (in && in != stdin)
      fclose(in);
    char *id = NULL;
    if (!in) {
      fprintf(stderr, "dpss: %s: cannot open the call-off file\n", calloff);
      rc = EXIT_USAGE;
    } else if (n == sizeof buf - 1) {
      fprintf(stderr, "dpss: %s: call-off too large\n", calloff);
      rc = EXIT_REJECTED;
    } else {
      buf[n] = '\0';
      if (dpss_framework_add_calloff(f, buf, &id) != DPSS_OK) {
        report_error("call-off refused");
        rc = EXIT_REJECTED;
      } else if (dpss_framework_save(f, file) != DPSS_OK) {
        report_error(file);
        rc = EXIT_USAGE;
      } else {
        printf("call-off %s recorded in %s\n", id, file);
      }
    }
    dpss_free(id);
  }
  dpss_framework_free(f);
  return rc;
}

static int add_audit(void *ctx, const dpss_recipient *r, const cli_record *rec) {
  (void)rec;
  return dpss_audits_add(ctx, r);
}

static int cmd_audits(int argc, char **argv) {
  struct opts o = {0};
  dpss_policy *policy = NULL;
  dpss_audits *a = NULL;
  dpss_date as_of = 0;
  int rc = parse_opts(argc, argv, 2, &o, 1);
  if (!rc)
    rc = load_policy(&o, &policy, &as_of);
  if (!rc && dpss_audits_new(&a, policy, as_of) != DPSS_OK) {
    report_error("audits");
    rc = EXIT_USAGE;
  }
  if (!rc) {
    int rejected = each_recipient(o.input, add_audit, a);
    char *text;
    if (dpss_audits_to_jsonl(a, &text) == DPSS_OK) {
      fputs(text, stdout);
      dpss_free(text);
    }
    fprintf(stderr, "dpss: %zu audit(s) overdue\n", dpss_audits_overdue(a));
    rc = rejected < 0 ? EXIT_USAGE : rejected ? EXIT_REJECTED : 0;
  }
  dpss_audits_free(a);
  dpss_policy_free(policy);
  free(o.sets);
  return rc;
}

static int add_to_return(void *ctx, const dpss_recipient *r, const cli_record *rec) {
  (void)rec;
  return dpss_return_add(ctx, r);
}

static int cmd_return(int argc, char **argv) {
  struct opts o = {0};
  dpss_policy *policy = NULL;
  dpss_return *ret = NULL;
  dpss_framework *f = NULL;
  dpss_date as_of = 0, from = 0, to = 0;
  int rc = parse_opts(argc, argv, 2, &o, 1);
  if (!rc && (!o.from_text || !o.to_text || dpss_date_parse(&from, o.from_text) ||
              dpss_date_parse(&to, o.to_text) || to < from))
    rc = usage_error("--from DATE and --to DATE are required, --to not before --from");
  if (!rc)
    rc = load_policy(&o, &policy, &as_of);
  if (!rc && o.framework_file && dpss_framework_load(&f, o.framework_file) != DPSS_OK) {
    report_error(o.framework_file);
    rc = EXIT_REJECTED;
  }
  if (!rc && dpss_return_new(&ret, policy, from, to, o.provider) != DPSS_OK) {
    report_error("return");
    rc = EXIT_USAGE;
  }
  if (!rc) {
    int rejected = each_recipient(o.input, add_to_return, ret);
    if (f)
      dpss_return_add_spend(ret, f);
    char *text;
    if ((o.json ? dpss_return_to_json(ret, &text) : dpss_return_to_text(ret, &text)) == DPSS_OK) {
      fputs(text, stdout);
      if (o.json)
        fputc('\n', stdout);
      dpss_free(text);
    }
    rc = rejected < 0 ? EXIT_USAGE : rejected ? EXIT_REJECTED : 0;
  }
  dpss_return_free(ret);
  dpss_framework_free(f);
  dpss_policy_free(policy);
  free(o.sets);
  return rc;
}

static int cmd_policy(int argc, char **argv) {
  if (argc < 3 || strcmp(argv[2], "show") != 0)
    return usage_error("%s", "expected 'dpss policy show'");
  struct opts o = {0};
  int rc = parse_opts(argc, argv, 3, &o, 0);
  dpss_policy *policy = NULL;
  dpss_date as_of = 0;
  if (rc || (rc = load_policy(&o, &policy, &as_of))) {
    free(o.sets);
    return rc;
  }
  if (o.json) {
    char *json;
    if (dpss_policy_to_json(policy, &json) == DPSS_OK) {
      puts(json);
      dpss_free(json);
    }
  } else {
    char date[DPSS_DATE_BUFSIZE];
    dpss_date_format(date, sizeof date, as_of);
    printf("Policy %s (version %s), in force on %s\n", dpss_policy_id(policy),
           dpss_policy_version(policy), date);
    for (size_t i = 0; i < dpss_policy_param_count(); i++) {
      char *text = NULL;
      if (dpss_policy_get_text(policy, dpss_policy_param_name(i), as_of, &text) != DPSS_OK) {
        report_error(dpss_policy_param_name(i));
        rc = EXIT_USAGE;
        break;
      }
      printf("  %-26s %-12s %s\n", dpss_policy_param_name(i), text,
             dpss_policy_param_source(i));
      dpss_free(text);
    }
  }
  dpss_policy_free(policy);
  free(o.sets);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage_error("%s", "no command given");
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
    printf("dpss (libdpss) %s\n", dpss_version_string());
    return 0;
  }
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
  if (strcmp(cmd, "evaluate") == 0)
    return run_records(argc, argv, CMD_EVALUATE);
  if (strcmp(cmd, "payments") == 0)
    return run_records(argc, argv, CMD_PAYMENTS);
  if (strcmp(cmd, "network") == 0)
    return cmd_network(argc, argv);
  if (strcmp(cmd, "route") == 0)
    return cmd_route(argc, argv);
  if (strcmp(cmd, "transition") == 0)
    return cmd_transition(argc, argv);
  if (strcmp(cmd, "market") == 0)
    return cmd_market(argc, argv);
  if (strcmp(cmd, "framework") == 0)
    return cmd_framework(argc, argv);
  if (strcmp(cmd, "audits") == 0)
    return cmd_audits(argc, argv);
  if (strcmp(cmd, "return") == 0)
    return cmd_return(argc, argv);
  if (strcmp(cmd, "policy") == 0)
    return cmd_policy(argc, argv);
  return usage_error("unknown command '%s'", cmd);
}
