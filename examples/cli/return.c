/* SPDX-License-Identifier: MIT */
/* dpss return: the information-sharing return for a period (R3, F4). */
#include "cli.h"

static int add_to_return(void *ctx, const dpss_recipient *r) { return dpss_return_add(ctx, r); }

static int run(const struct command *cmd, struct args *a) {
  enum format f;
  dpss_date from, to;
  if (args_format(cmd, a, FMT_TEXT, "text json csv", &f) ||
      parse_period(cmd, a, &from, &to))
    return EXIT_USAGE;
  dpss_policy *policy = NULL;
  dpss_framework *fw = NULL;
  dpss_return *ret = NULL;
  dpss_date as_of;
  dpss_reader *in = NULL;
  struct output out = {0};
  int rc = load_policy(a, &policy, &as_of);
  const char *fw_file = a->value[OPT_FRAMEWORK];
  if (!rc && fw_file && dpss_framework_load(&fw, fw_file) != DPSS_OK) {
    report_error(fw_file);
    rc = EXIT_USAGE;
  }
  if (!rc && dpss_return_new(&ret, policy, from, to, a->value[OPT_PROVIDER]) != DPSS_OK) {
    report_error("return");
    rc = EXIT_USAGE;
  }
  if (!rc)
    rc = open_io(a, &in, &out);
  if (!rc) {
    struct tally t = {0};
    each_recipient(in, a->pos[0], add_to_return, ret, &t);
    if (fw && dpss_return_add_spend(ret, fw) != DPSS_OK) {
      report_error(fw_file);
      t.unreadable = true;
    }
    char *text;
    if ((f == FMT_TEXT ? dpss_return_to_text(ret, &text) : dpss_return_to_json(ret, &text)) ==
        DPSS_OK) {
      if (f == FMT_CSV) {
        /* One row, a column per figure (by_provider, whose keys vary, as JSON). */
        struct buf b = {0};
        csv_header(&b, &csv_returns);
        if (csv_rows(&b, &csv_returns, text) < 0 || b.oom) {
          fprintf(stderr, "dpss: out of memory writing CSV\n");
          t.unreadable = true;
        } else {
          output_write(&out, b.p, b.len);
        }
        buf_free(&b);
      } else {
        output_puts(&out, text);
      }
      if (f == FMT_JSON)
        output_puts(&out, "\n");
      dpss_free(text);
    } else {
      report_error("return");
      t.unreadable = true;
    }
    rc = WORST(tally_finish(a->pos[0], &t), output_close(&out));
  }
  dpss_reader_free(in);
  dpss_return_free(ret);
  dpss_framework_free(fw);
  dpss_policy_free(policy);
  return rc;
}

const struct command cmd_return = {
    "return",
    "the information-sharing return for a period (R3, F4)",
    "dpss return --from DATE --to DATE [--provider ID] [--framework F.json]\n"
    "                   [--policy FILE] [--set NAME=VALUE]... [--format FORMAT] [-o FILE] FILE|-",
    "The return a provider shares with the council for a period: caseload by tier and\n"
    "provider, new referrals, surpluses and their total, escalations, audits done and\n"
    "overdue, direct-payment uptake against dp_uptake_target, and with --framework\n"
    "the spend and cost per person supported (text, JSON with --format json, or\n"
    "--format csv: one row, a column per figure, by_provider as a JSON object).",
    OPT(FROM) | OPT(TO) | OPT(PROVIDER) | OPT(FRAMEWORK) | OPT(POLICY) | OPT(SET) | OPT(JSON) |
        OPT(FORMAT) | OPT(OUTPUT) | OPT(INPUT_FORMAT),
    "text, json or csv",
    1,
    1,
    run,
};
