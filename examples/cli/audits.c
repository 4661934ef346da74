/* SPDX-License-Identifier: MIT */
/* dpss audits: the audits of managed accounts, soonest due first (R2); or,
 * with --statements DIR, each managed account audited from its statement
 * (A1-A9) as 'dpss audit' does, with the caseload's summary. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ------------------------------------------------------ the due list (R2) */

static int add_audit(void *ctx, const dpss_recipient *r) { return dpss_audits_add(ctx, r); }

static int run_due(const struct command *cmd, struct args *a) {
  enum format f;
  if (args_format(cmd, a, FMT_JSON, "json csv", &f))
    return EXIT_USAGE;
  dpss_policy *policy = NULL;
  dpss_audits *audits = NULL;
  dpss_date as_of;
  dpss_reader *in = NULL;
  struct output out = {0};
  int rc = load_policy(a, &policy, &as_of);
  if (!rc && dpss_audits_new(&audits, policy, as_of) != DPSS_OK) {
    report_error("audits");
    rc = EXIT_USAGE;
  }
  if (!rc)
    rc = open_io(a, &in, &out);
  if (!rc) {
    struct tally t = {0};
    each_recipient(in, a->pos[0], add_audit, audits, &t);
    char *text;
    if (dpss_audits_to_jsonl(audits, &text) == DPSS_OK) {
      if (f == FMT_CSV) {
        struct buf b = {0};
        csv_header(&b, &csv_audits);
        if (csv_rows_lines(&b, &csv_audits, text) < 0 || b.oom)
          fprintf(stderr, "dpss: out of memory writing CSV\n");
        output_write(&out, b.p, b.len);
        buf_free(&b);
      } else {
        output_puts(&out, text);
      }
      dpss_free(text);
      fprintf(stderr, "dpss: %zu audit(s) overdue\n", dpss_audits_overdue(audits));
    } else {
      report_error("audits");
      t.unreadable = true;
    }
    rc = WORST(tally_finish(a->pos[0], &t), output_close(&out));
  }
  dpss_reader_free(in);
  dpss_audits_free(audits);
  dpss_policy_free(policy);
  return rc;
}

/* ------------------------------------------------- audits from statements */

struct statements {
  const char *dir;
  const dpss_policy *policy;
  const dpss_mapping *mapping;
  dpss_date from, to;
  bool summary;
  enum format format;
  struct output *out;
  dpss_decision *decision; /* to read the payment method as recorded */
  dpss_audit_summary *sums;
  int64_t audited, unaudited, with_findings, outcomes[3];
  int status; /* the worst of the accounts' statuses */
  bool failed;  /* out of memory */
};

/* A record id that can name a file in DIR: no path separator, not "." or
 * "..", no control characters. */
static bool id_names_a_file(const char *id) {
  if (!*id || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
    return false;
  for (const unsigned char *p = (const unsigned char *)id; *p; p++)
    if (*p == '/' || *p < 0x20 || *p == 0x7F)
      return false;
  return true;
}

static void not_audited(struct statements *s, const char *id, const char *why, int status) {
  struct buf m = {0};
  buf_puts(&m, "dpss: ");
  buf_sanitized(&m, id, 64);
  if (why)
    buf_printf(&m, ": %s: not audited\n", why);
  else
    buf_puts(&m, ": not audited (the reason is above)\n");
  if (!m.oom)
    fputs(m.p, stderr);
  buf_free(&m);
  s->unaudited++;
  s->status = WORST(s->status, status);
  if (s->sums && dpss_audit_summary_add_unaudited(s->sums) != DPSS_OK)
    s->failed = true;
}

/* The statement of id in DIR: 0 with *path set (caller frees), or a reason. */
static const char *find_statement(const struct statements *s, const char *id, char **path) {
  static const char *const ext[] = {".csv", ".jsonl"};
  char *found[2] = {NULL, NULL};
  int n = 0;
  *path = NULL;
  for (int k = 0; k < 2; k++) {
    struct buf b = {0};
    buf_printf(&b, "%s/%s%s", s->dir, id, ext[k]);
    if (b.oom)
      return "out of memory";
    if (access(b.p, F_OK) == 0) {
      found[k] = b.p;
      n++;
    } else {
      buf_free(&b);
    }
  }
  if (n == 2) {
    free(found[0]);
    free(found[1]);
    return "two statements (.csv and .jsonl): keep one";
  }
  if (n == 0)
    return "no statement (neither .csv nor .jsonl) in the statements folder";
  *path = found[0] ? found[0] : found[1];
  return NULL;
}

static int audit_one(void *ctx, const dpss_recipient *r) {
  struct statements *s = ctx;
  int rc = dpss_evaluate_into(s->decision, s->policy, r, s->to);
  if (rc)
    return rc; /* a bad record: rejected and named, as evaluate does */
  if (dpss_decision_method(s->decision) != DPSS_METHOD_MANAGED_ACCOUNT)
    return DPSS_OK;
  const char *id = dpss_recipient_id(r);
  if (!id_names_a_file(id)) {
    not_audited(s, id, "the id cannot name a statement file", EXIT_REJECTED);
    return DPSS_OK;
  }
  char *path = NULL;
  const char *why = find_statement(s, id, &path);
  if (why) {
    not_audited(s, id, why, EXIT_REJECTED);
    return DPSS_OK;
  }
  dpss_statement *statement = NULL;
  dpss_audit *audit = NULL;
  int st = statement_load(path, s->mapping, &statement);
  if (!st)
    st = audit_run_named(id, s->policy, r, statement, s->from, s->to, DPSS_PENCE_NONE,
                         DPSS_PENCE_NONE, &audit);
  free(path);
  if (st) {
    not_audited(s, id, NULL, st);
    dpss_statement_free(statement);
    return DPSS_OK;
  }
  s->audited++;
  dpss_audit_outcome o = dpss_audit_outcome_of(audit);
  if (o >= 0 && (size_t)o < ARRAY_LEN(s->outcomes))
    s->outcomes[o]++;
  s->with_findings += dpss_audit_finding_count(audit) > 0;
  char *text = NULL;
  if (s->sums)
    rc = dpss_audit_summary_add(s->sums, audit);
  else if (s->format == FMT_CSV)
    rc = dpss_audit_findings_to_csv(audit, 0, &text);
  else
    rc = dpss_audit_to_json(audit, &text);
  if (rc) {
    report_error("audit");
    s->failed = true;
  } else if (text) {
    output_puts(s->out, text);
    if (s->format != FMT_CSV)
      output_puts(s->out, "\n");
  }
  dpss_free(text);
  dpss_audit_free(audit);
  dpss_statement_free(statement);
  return DPSS_OK;
}

static int write_audit_summary(const struct statements *s) {
  char *text = NULL;
  int rc = s->format == FMT_JSON ? dpss_audit_summary_to_json(s->sums, &text)
                                 : dpss_audit_summary_to_text(s->sums, &text);
  if (rc != DPSS_OK) {
    report_error("summary");
    return EXIT_USAGE;
  }
  output_puts(s->out, text);
  if (s->format == FMT_JSON)
    output_puts(s->out, "\n");
  dpss_free(text);
  return 0;
}

static int run_statements(const struct command *cmd, struct args *a) {
  struct statements s = {0};
  s.dir = a->value[OPT_STATEMENTS];
  s.summary = args_has(a, OPT_SUMMARY);
  if (args_format(cmd, a, s.summary ? FMT_TEXT : FMT_JSON, s.summary ? "text json" : "json csv",
                  &s.format) ||
      parse_period(cmd, a, &s.from, &s.to))
    return EXIT_USAGE;
  struct stat st;
  int err = stat(s.dir, &st) != 0                  ? errno
            : !S_ISDIR(st.st_mode)                 ? ENOTDIR
            : access(s.dir, R_OK | X_OK) != 0 ? errno
                                                   : 0;
  if (err) {
    fprintf(stderr, "dpss: %s: cannot open the statements folder: %s\n", s.dir, strerror(err));
    return EXIT_USAGE;
  }
  dpss_policy *policy = NULL;
  dpss_mapping *mapping = NULL;
  dpss_reader *in = NULL;
  struct output out = {0};
  dpss_date today;
  int rc = load_policy(a, &policy, &today);
  if (!rc)
    rc = mapping_load(a->value[OPT_STATEMENT_MAP], &mapping);
  if (!rc && (dpss_decision_new(&s.decision) != DPSS_OK ||
              (s.summary && dpss_audit_summary_new(&s.sums) != DPSS_OK))) {
    report_error("audits");
    rc = EXIT_USAGE;
  }
  if (!rc)
    rc = open_io(a, &in, &out);
  if (!rc) {
    s.policy = policy;
    s.mapping = mapping;
    s.out = &out;
    if (!s.summary && s.format == FMT_CSV)
      output_puts(&out, "id,rule,kind,lines,pence,because\r\n");
    struct tally t = {0};
    each_recipient(in, a->pos[0], audit_one, &s, &t);
    if (s.sums && !s.failed && write_audit_summary(&s))
      s.failed = true;
    fprintf(stderr,
            "dpss: %lld account(s) audited: %lld satisfactory, %lld with concerns, %lld misuse "
            "suspected; %lld not audited\n",
            (long long)s.audited, (long long)s.outcomes[DPSS_AUDIT_SATISFACTORY],
            (long long)s.outcomes[DPSS_AUDIT_CONCERNS],
            (long long)s.outcomes[DPSS_AUDIT_MISUSE_SUSPECTED], (long long)s.unaudited);
    rc = WORST(tally_finish(a->pos[0], &t), output_close(&out));
    rc = WORST(rc, s.status);
    if (s.with_findings)
      rc = WORST(rc, EXIT_REJECTED);
    if (s.failed)
      rc = EXIT_USAGE;
  }
  dpss_reader_free(in);
  dpss_audit_summary_free(s.sums);
  dpss_decision_free(s.decision);
  dpss_mapping_free(mapping);
  dpss_policy_free(policy);
  return rc;
}

static int run(const struct command *cmd, struct args *a) {
  return args_has(a, OPT_STATEMENTS) ? run_statements(cmd, a) : run_due(cmd, a);
}

const struct command cmd_audits = {
    "audits",
    "the audits of managed accounts (R2), or each one audited from its statement",
    "dpss audits [--as-of DATE] [--policy FILE] [--set NAME=VALUE]... [--format FORMAT]\n"
    "                   [-o FILE] FILE|-\n"
    "       dpss audits --statements DIR --from DATE --to DATE [--statement-map FILE]\n"
    "                   [--summary]\n"
    "                   [--policy FILE] [--set NAME=VALUE]... [--format FORMAT] [-o FILE]\n"
    "                   FILE|-",
    "List the audit of every managed account (payment method managed_account), the\n"
    "soonest due first: the last audit and its outcome, when the next is due, and\n"
    "whether it is overdue (JSON Lines, or CSV: id, last_audit, last_outcome,\n"
    "audit_due, overdue, days_overdue, rules). The number overdue goes to stderr.\n"
    "\n"
    "With --statements DIR, audit each managed account of the caseload over the\n"
    "period from its statement DIR/ID.csv or DIR/ID.jsonl, as 'dpss audit' does (the\n"
    "balances from the statement's running balances): one audit record per line\n"
    "(JSON Lines), or with --format csv the findings of them all (id, rule, kind,\n"
    "lines, pence, because), or with --summary the caseload's summary: outcomes,\n"
    "findings by kind, money by category, the total surplus, reviews (text, or JSON\n"
    "with --format json). An account whose statement is missing or has bad lines, or\n"
    "whose audit is refused, is not audited: named on stderr and counted. The last\n"
    "line on stderr gives the outcomes and the accounts not audited; the exit status\n"
    "is 1 when any audit has findings or any account is not audited.",
    OPT(AS_OF) | OPT(POLICY) | OPT(SET) | OPT(JSON) | OPT(FORMAT) | OPT(OUTPUT) |
        OPT(INPUT_FORMAT) | OPT(STATEMENTS) | OPT(FROM) | OPT(TO) | OPT(STATEMENT_MAP) |
        OPT(SUMMARY),
    "json or csv (with --statements --summary: text or json)",
    1,
    1,
    run,
};
