/* SPDX-License-Identifier: MIT */
/* dpss audits: the audits of managed accounts, soonest due first (R2). */
#include "cli.h"

static int add_audit(void *ctx, const dpss_recipient *r) { return dpss_audits_add(ctx, r); }

static int run(const struct command *cmd, struct args *a) {
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
    rc = open_input(a->pos[0], a->input_format, &in);
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
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

const struct command cmd_audits = {
    "audits",
    "the audits of managed accounts, soonest due first, overdue ones flagged (R2)",
    "dpss audits [--as-of DATE] [--policy FILE] [--set NAME=VALUE]... [--format FORMAT]\n"
    "                   [-o FILE] FILE|-",
    "List the audit of every managed account (payment method managed_account), the\n"
    "soonest due first: the last audit and its outcome, when the next is due, and\n"
    "whether it is overdue (JSON Lines, or CSV: id, last_audit, last_outcome,\n"
    "audit_due, overdue, days_overdue, rules). The number overdue goes to stderr.",
    OPT(AS_OF) | OPT(POLICY) | OPT(SET) | OPT(JSON) | OPT(FORMAT) | OPT(OUTPUT) | OPT(INPUT_FORMAT),
    "json or csv",
    1,
    1,
    run,
};
