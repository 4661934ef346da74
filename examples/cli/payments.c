/* SPDX-License-Identifier: MIT */
/* dpss payments: every payment of each recipient between two dates, or the
 * caseload's totals. */
#include "cli.h"

static int run(const struct command *cmd, struct args *a) {
  bool summary = args_has(a, OPT_SUMMARY);
  enum format f;
  dpss_date from, to;
  if (args_format(cmd, a, summary ? FMT_TEXT : FMT_JSON, summary ? "text json" : "json csv", &f) ||
      parse_schedule_period(cmd, a, &from, &to))
    return EXIT_USAGE;
  struct pipeline p = {.kind = PIPE_PAYMENTS, .from = from, .to = to, .summary = summary,
                       .format = f};
  return pipeline_command(a, &p);
}

const struct command cmd_payments = {
    "payments",
    "every payment of each recipient between two dates, or the caseload's totals",
    "dpss payments --from DATE --to DATE [--policy FILE] [--set NAME=VALUE]...\n"
    "                     [--summary] [--format FORMAT] [-o FILE] [--jobs N] FILE|-",
    "Write every payment of each recipient dated between the two dates (both\n"
    "included): one schedule per line (JSON Lines: date, days covered, pence, the\n"
    "split per funding stream, the contribution), or with --format csv one row per\n"
    "payment (id, kind, date, days, pence, social_care, health, contribution_pence,\n"
    "purpose, basis, and the schedule's rules and policy; one-off payments have kind\n"
    "one_off). --from and --to are at most 100 years apart. With --summary, the\n"
    "caseload's totals per stream and per month, and what the council pays against\n"
    "what recipients contribute (text, or JSON with --format json).\n"
    "\n"
    "Records are read as by 'dpss evaluate'.",
    OPT(FROM) | OPT(TO) | OPT(POLICY) | OPT(SET) | OPT(SUMMARY) | OPT(JSON) | OPT(FORMAT) |
        OPT(OUTPUT) | OPT(JOBS) | OPT(INPUT_FORMAT),
    "json or csv (with --summary: text or json)",
    1,
    1,
    run,
};
