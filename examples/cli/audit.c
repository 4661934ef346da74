/* SPDX-License-Identifier: MIT */
/* dpss audit: one account audited from its statement (rules A1-A9), and the
 * statement and mapping loading that 'dpss audits --statements' shares. */
#include <string.h>

#include "cli.h"

static const char *const outcome_words[] = {"satisfactory", "concerns", "misuse suspected"};

const char *audit_outcome_word(dpss_audit_outcome o) {
  return o >= 0 && (size_t)o < ARRAY_LEN(outcome_words) ? outcome_words[o] : "";
}

/* "dpss: <path>: " with the path made safe for a terminal (a statement's
 * name holds a record's id). */
static void say_path(struct buf *m, const char *path) {
  buf_puts(m, "dpss: ");
  buf_sanitized(m, path, 256);
  buf_puts(m, ": ");
}

static void flush_message(struct buf *m) {
  if (!m->oom)
    fputs(m->p, stderr);
  buf_free(m);
}

bool statement_kind_of(const char *path, bool *jsonl) {
  size_t n = strlen(path);
  if (n > 4 && strcmp(path + n - 4, ".csv") == 0) {
    *jsonl = false;
    return true;
  }
  if (n > 6 && strcmp(path + n - 6, ".jsonl") == 0) {
    *jsonl = true;
    return true;
  }
  return false;
}

int statement_load(const char *path, const dpss_mapping *mapping, dpss_statement **out) {
  bool jsonl = false;
  *out = NULL;
  if (!statement_kind_of(path, &jsonl)) {
    struct buf m = {0};
    say_path(&m, path);
    buf_puts(&m, "a statement is read from a .csv or a .jsonl file (CSV or JSON Lines)\n");
    flush_message(&m);
    return EXIT_USAGE;
  }
  int rc = jsonl ? dpss_statement_from_jsonl_file(out, path, mapping)
                 : dpss_statement_from_csv_file(out, path, mapping);
  if (rc != DPSS_OK) {
    /* Not read (EIO: 2), or not a statement at all (no header, a header
     * that is not a column: 1). */
    const dpss_error *e = dpss_error_last();
    struct buf m = {0};
    say_path(&m, path);
    buf_printf(&m, "%s (%s)\n", dpss_error_message(e), dpss_status_name(rc));
    flush_message(&m);
    return file_status(rc, EXIT_REJECTED);
  }
  size_t bad = dpss_statement_error_count(*out);
  if (bad == 0)
    return 0;
  /* Every bad line named (line, column, our column's name; never the
   * value), and no audit. */
  struct buf m = {0};
  for (size_t i = 0; i < bad; i++) {
    say_path(&m, path);
    buf_printf(&m, "%s (%s)\n", dpss_statement_error_message(*out, i),
               dpss_status_name(dpss_statement_error_code(*out, i)));
  }
  say_path(&m, path);
  buf_printf(&m, "%zu bad line(s): not audited\n", bad);
  flush_message(&m);
  dpss_statement_free(*out);
  *out = NULL;
  return EXIT_REJECTED;
}

int mapping_load(const char *path, dpss_mapping **out) {
  *out = NULL;
  if (!path)
    return 0;
  if (dpss_mapping_from_file(out, path) != DPSS_OK) {
    report_error(path);
    return EXIT_USAGE;
  }
  return 0;
}

int audit_run_named(const char *id, const dpss_policy *policy, const dpss_recipient *r,
                    const dpss_statement *statement, dpss_date from, dpss_date to,
                    int64_t opening, int64_t closing, dpss_audit **out) {
  int rc = dpss_audit_run(out, policy, r, statement, from, to, opening, closing);
  if (rc == DPSS_OK)
    return 0;
  const dpss_error *e = dpss_error_last();
  struct buf m = {0};
  buf_puts(&m, "dpss: audit of ");
  buf_sanitized(&m, id, 64);
  buf_printf(&m, ": %s (%s)%s\n", dpss_error_message(e), dpss_status_name(rc),
             rc == DPSS_EMISSING ? "; give the balances with --opening and --closing" : "");
  flush_message(&m);
  return file_status(rc, EXIT_REJECTED);
}

/* ------------------------------------------------------------- dpss audit */

/* The one recipient of the recipient file. */
struct one {
  dpss_recipient *r;
  int64_t n;
};

static int take_one(void *ctx, const dpss_recipient *r) {
  struct one *o = ctx;
  if (++o->n == 1)
    return dpss_recipient_clone(&o->r, r);
  return DPSS_OK;
}

static int read_recipient(const struct command *cmd, const struct args *a, dpss_recipient **out) {
  dpss_reader *in = NULL;
  *out = NULL;
  int rc = open_input(a->pos[0], a->input_format, &in);
  if (rc)
    return rc;
  struct one o = {NULL, 0};
  struct tally t = {0};
  each_recipient(in, a->pos[0], take_one, &o, &t);
  dpss_reader_free(in);
  rc = tally_finish(a->pos[0], &t);
  if (!rc && o.n != 1)
    rc = usage_error(cmd, "%s holds %lld records: give the one recipient audited", a->pos[0],
                     (long long)o.n);
  if (rc) {
    dpss_recipient_free(o.r);
    return rc;
  }
  *out = o.r;
  return 0;
}

static int run(const struct command *cmd, struct args *a) {
  bool html = args_has(a, OPT_HTML);
  enum format f = FMT_JSON;
  dpss_date from, to;
  if ((!html && args_format(cmd, a, FMT_JSON, "json csv", &f)) ||
      parse_period(cmd, a, &from, &to))
    return EXIT_USAGE;
  bool jsonl;
  if (!statement_kind_of(a->pos[1], &jsonl))
    return usage_error(cmd, "%s: a statement is read from a .csv or a .jsonl file", a->pos[1]);
  dpss_policy *policy = NULL;
  dpss_mapping *mapping = NULL;
  dpss_recipient *r = NULL;
  dpss_statement *statement = NULL;
  dpss_audit *audit = NULL;
  struct output out = {0};
  dpss_date today;
  int rc = load_policy(a, &policy, &today);
  if (!rc)
    rc = mapping_load(a->value[OPT_MAP], &mapping);
  if (!rc)
    rc = read_recipient(cmd, a, &r);
  if (!rc)
    rc = statement_load(a->pos[1], mapping, &statement);
  if (!rc)
    rc = audit_run_named(dpss_recipient_id(r), policy, r, statement, from, to, a->opening,
                         a->closing, &audit);
  char *text = NULL;
  if (!rc) {
    int made = html           ? dpss_audit_to_html(audit, statement, &text)
               : f == FMT_CSV ? dpss_audit_findings_to_csv(audit, 1, &text)
                              : dpss_audit_to_json(audit, &text);
    if (made != DPSS_OK) {
      report_error("audit");
      rc = EXIT_USAGE;
    }
  }
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
  if (!rc) {
    output_puts(&out, text);
    if (!html && f == FMT_JSON)
      output_puts(&out, "\n");
    rc = output_close(&out);
    /* The outcome on stderr; findings are a check that failed (1). */
    size_t n = dpss_audit_finding_count(audit);
    if (!rc && n) {
      struct buf m = {0};
      buf_puts(&m, "dpss: audit of ");
      buf_sanitized(&m, dpss_audit_id(audit), 64);
      buf_printf(&m, ": %s, %zu finding(s)\n", audit_outcome_word(dpss_audit_outcome_of(audit)),
                 n);
      flush_message(&m);
      rc = EXIT_REJECTED;
    }
  }
  dpss_free(text);
  dpss_audit_free(audit);
  dpss_statement_free(statement);
  dpss_recipient_free(r);
  dpss_mapping_free(mapping);
  dpss_policy_free(policy);
  return rc;
}

const struct command cmd_audit = {
    "audit",
    "audit one account from its statement: reconcile, payments, spending (A1-A9)",
    "dpss audit --from DATE --to DATE [--opening POUNDS] [--closing POUNDS] [--map FILE]\n"
    "                  [--policy FILE] [--set NAME=VALUE]... [--format FORMAT] [--html]\n"
    "                  [-o FILE] RECIPIENT.json STATEMENT.csv|STATEMENT.jsonl",
    "Audit one account over a period (both days included) from its bank or card\n"
    "statement (rules A1-A9): reconcile the balances to the penny, check that the\n"
    "council's payments and the contribution arrived, check the spending against the\n"
    "support plan, the prohibited categories and the employer's duties, and find the\n"
    "surplus and any underspend. RECIPIENT.json holds the one recipient (with its\n"
    "support_plan and employer); the statement is CSV (a .csv name) or JSON Lines (a\n"
    ".jsonl name), with our columns or another export's mapped by --map. Amounts and\n"
    "--opening/--closing are pounds read exactly (1,234.56, -12.00, (12.00)); without\n"
    "them the balances come from the statement's running balances.\n"
    "\n"
    "Writes the audit record (one line of JSON), or with --format csv its findings\n"
    "(id, rule, kind, lines, pence, because), or with --html the audit summary sheet\n"
    "for the person (one printable page). A statement with bad lines is not audited:\n"
    "each bad line is named on stderr by its line and column, never its value (exit\n"
    "status 1). An audit with findings exits 1 too, its outcome named on stderr.",
    OPT(FROM) | OPT(TO) | OPT(OPENING) | OPT(CLOSING) | OPT(MAP) | OPT(POLICY) | OPT(SET) |
        OPT(JSON) | OPT(FORMAT) | OPT(HTML) | OPT(OUTPUT),
    "json or csv (the findings)",
    2,
    2,
    run,
};
