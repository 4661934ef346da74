/* SPDX-License-Identifier: MIT */
/* dpss compare: a caseload under a base policy and an alternative, in one
 * pass through the caseload pipeline (records.c): each worker evaluates a
 * record under both policies, gives the two decisions to
 * dpss_comparison_add() and keeps its own dpss_comparison; the main thread
 * merges them for the summary. */
#include <string.h>

#include "cli.h"

int compare_record(const struct pipeline *p, dpss_decision *base, dpss_decision *alt,
                   dpss_comparison *comparison, const dpss_recipient *r, char **line) {
  dpss_schedule *before = NULL, *after = NULL;
  int rc = dpss_evaluate_into(base, p->policy, r, p->as_of);
  if (!rc)
    rc = dpss_evaluate_into(alt, p->alternative, r, p->as_of);
  if (!rc && p->with_payments) {
    rc = dpss_schedule_build(&before, p->policy, r, p->from, p->to);
    if (!rc)
      rc = dpss_schedule_build(&after, p->alternative, r, p->from, p->to);
  }
  /* Counted only once everything it needs was made: a record that fails
   * is rejected and counts as nothing else. */
  if (!rc)
    rc = dpss_comparison_add(comparison, base, alt, p->summary ? NULL : line);
  if (!rc && before)
    rc = dpss_comparison_add_payments(comparison, before, after);
  dpss_schedule_free(before);
  dpss_schedule_free(after);
  return rc;
}

int compare_summary(const struct pipeline *p, const dpss_comparison *comparison,
                    struct output *out) {
  char *json = NULL, *text = NULL;
  if (dpss_comparison_to_json(comparison, &json) != DPSS_OK ||
      (p->format != FMT_JSON && dpss_comparison_to_text(comparison, &text) != DPSS_OK)) {
    report_error("summary");
    dpss_free(json);
    return EXIT_USAGE;
  }
  int rc = EXIT_OK;
  if (strstr(json, "\"overflow\":true")) {
    fprintf(stderr, "dpss: some money totals are too large to add up (past "
                    "£92,233,720,368,547,758.07): they are given as out of range\n");
    rc = EXIT_REJECTED;
  }
  if (p->format == FMT_JSON) {
    output_printf(out, "%s\n", json);
  } else {
    char date[DPSS_DATE_BUFSIZE], from[DPSS_DATE_BUFSIZE], to[DPSS_DATE_BUFSIZE];
    dpss_date_format(date, sizeof date, p->as_of);
    output_printf(out, "As of %s", date);
    if (p->with_payments) {
      dpss_date_format(from, sizeof from, p->from);
      dpss_date_format(to, sizeof to, p->to);
      output_printf(out, "; payments from %s to %s", from, to);
    }
    output_puts(out, "\n");
    output_puts(out, text);
  }
  dpss_free(json);
  dpss_free(text);
  return rc;
}

static int run(const struct command *cmd, struct args *a) {
  bool summary = args_has(a, OPT_SUMMARY);
  enum format f;
  if (args_format(cmd, a, summary ? FMT_TEXT : FMT_JSON, summary ? "text json" : "json csv", &f))
    return EXIT_USAGE;
  if (!args_has(a, OPT_WITH_POLICY) && a->n_withs == 0) {
    if (a->n_sets == 0)
      return usage_error(cmd, "nothing to compare: give the alternative with --with-policy FILE "
                              "or --with NAME=VALUE");
    /* --set with no alternative: the policy as it is against the policy
     * with the --set values ('compare --set X=8' reads as 'what if X=8') */
    const char **withs = a->withs; /* empty: handed back as the sets */
    a->withs = a->sets;
    a->n_withs = a->n_sets;
    a->sets = withs;
    a->n_sets = 0;
  }
  struct pipeline p = {.kind = PIPE_COMPARE, .summary = summary, .format = f};
  if (args_has(a, OPT_FROM)) {
    if (parse_schedule_period(cmd, a, &p.from, &p.to))
      return EXIT_USAGE;
    p.with_payments = true;
  }
  return pipeline_command(a, &p);
}

const struct command cmd_compare = {
    "compare",
    "what if: each decision under a base policy and an alternative, what changed",
    "dpss compare [--as-of DATE] [--policy FILE] [--set NAME=VALUE]...\n"
    "                    [--with-policy FILE] [--with NAME=VALUE]...\n"
    "                    [--summary [--from DATE --to DATE]] [--format FORMAT] [-o FILE]\n"
    "                    [--jobs N] FILE|-",
    "Evaluate every recipient under two policies in one pass: the base (--policy and\n"
    "--set, as for 'dpss evaluate') and the alternative (--with-policy FILE, or else\n"
    "the base with its --set; then each --with applied to it). So\n"
    "'--with surplus_threshold_weeks=8' alone compares 6 weeks with 8. With neither\n"
    "--with nor --with-policy, the --set values make the alternative instead, so\n"
    "'--set surplus_threshold_weeks=8' alone compares 6 weeks with 8 too.\n"
    "\n"
    "Writes one JSON line for each recipient whose decision changed, naming only what\n"
    "changed by its path in the decision: {\"id\", \"as_of\", \"changes\": [{\"field\",\n"
    "\"before\", \"after\", \"rule\"}], \"rules\"}; recipients with no change write nothing.\n"
    "With --format csv, one row per change (id, as_of, field, before, after, rule).\n"
    "With --summary, the decisions that flip by field, the money moved (the total to\n"
    "reclaim) and who is affected by tier (text, or JSON with --format json); with\n"
    "--from and --to the summary also compares the council's payments and the\n"
    "contributions over that period (each record's schedules under both policies).\n"
    "\n"
    "Records are read, decided and rejected as by 'dpss evaluate' (with --from and\n"
    "--to, a record whose payments cannot be scheduled is rejected too).",
    OPT(AS_OF) | OPT(POLICY) | OPT(SET) | OPT(WITH_POLICY) | OPT(WITH) | OPT(SUMMARY) | OPT(FROM) |
        OPT(TO) | OPT(JSON) | OPT(FORMAT) | OPT(OUTPUT) | OPT(JOBS) | OPT(INPUT_FORMAT),
    "json or csv (with --summary: text or json)",
    1,
    1,
    run,
};
