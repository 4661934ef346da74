/* SPDX-License-Identifier: MIT */
/* dpss evaluate: a decision for each recipient of a caseload. */
#include "cli.h"

static int run(const struct command *cmd, struct args *a) {
  bool summary = args_has(a, OPT_SUMMARY);
  enum format f;
  if (args_format(cmd, a, summary ? FMT_TEXT : FMT_JSON, summary ? "text json" : "json csv", &f))
    return EXIT_USAGE;
  struct pipeline p = {.kind = PIPE_EVALUATE, .summary = summary, .format = f};
  return pipeline_command(a, &p);
}

const struct command cmd_evaluate = {
    "evaluate",
    "decide each recipient: eligibility, money, tier, surplus, reviews, audits",
    "dpss evaluate [--as-of DATE] [--policy FILE] [--set NAME=VALUE]... [--summary]\n"
    "                     [--format FORMAT] [-o FILE] [--jobs N] FILE|-",
    "Read recipients and write one decision per record: JSON Lines (the decision of\n"
    "the data contract, with its trace), or with --format csv one CSV row per decision\n"
    "(columns: id, as_of, eligibility.status, eligibility.via, ..., review_due,\n"
    "audit_due, extra_review, rules, policy.id, policy.version, surplus.recover_from,\n"
    "policy.overrides). With --summary, counts by eligibility and tier,\n"
    "surpluses and their total, escalations, reviews and audits due (text, or JSON\n"
    "with --format json or --json).\n"
    "\n"
    "FILE holds one JSON object, a JSON array of them, JSON Lines, or a stream of\n"
    "pretty-printed objects; - reads standard input. A bad record is named on stderr\n"
    "by its number, line and id, never its values, and costs only itself: the others\n"
    "are still decided, and the last line says how many were read, decided and\n"
    "rejected.",
    OPT(AS_OF) | OPT(POLICY) | OPT(SET) | OPT(SUMMARY) | OPT(JSON) | OPT(FORMAT) | OPT(OUTPUT) |
        OPT(JOBS) | OPT(INPUT_FORMAT),
    "json or csv (with --summary: text or json)",
    1,
    1,
    run,
};
