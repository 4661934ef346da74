/* SPDX-License-Identifier: MIT */
/* The framework commands that read a framework: framework check and
 * report, from framework JSON or a ledger (dpss_framework_load() reads
 * both). The ledger's own commands (init, add, export) are in ledger.c. */
#include <string.h>

#include "cli.h"

/* Load the framework: 0, or the exit status after naming the fault (2 when
 * the file cannot be read, 1 when it is not a valid framework). */
static int load(const char *file, dpss_framework **f) {
  int rc = dpss_framework_load(f, file);
  if (rc == DPSS_OK)
    return 0;
  report_error(file);
  return file_status(rc, EXIT_REJECTED);
}

static int run_check(const struct command *cmd, struct args *a) {
  (void)cmd;
  dpss_framework *f = NULL;
  struct output out = {0};
  int rc = load(a->pos[0], &f);
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
  if (!rc) {
    output_printf(&out, "framework valid: %zu call-off(s), %d contract years (F1-F3)\n",
                  dpss_framework_calloff_count(f), dpss_framework_years(f));
    rc = output_close(&out);
  }
  dpss_framework_free(f);
  return rc;
}

const struct command cmd_framework_check = {
    "framework check",
    "check a framework and its call-offs against the caps (F1-F3)",
    "dpss framework check [-o FILE] LEDGER|F.json",
    "Check a framework, from its ledger or a framework JSON file: its commissioners,\n"
    "price list and caps, and that its call-offs keep within every annual and\n"
    "whole-term cap (a ledger's call-offs and running totals are checked again).\n"
    "Exit status 1 (the fault named on stderr) when it is not valid.",
    OPT(OUTPUT),
    NULL,
    1,
    1,
    run_check,
};

static int run_report(const struct command *cmd, struct args *a) {
  dpss_framework *f = NULL;
  struct output out = {0};
  /* A report cannot use a framework that is not valid: exit 2, as return
   * and report --framework do (only framework check exits 1 for it). */
  int rc = load(a->pos[0], &f) ? EXIT_USAGE : 0;
  if (!rc && a->year > dpss_framework_years(f))
    rc = usage_error(cmd, "--year: the framework has %d contract years", dpss_framework_years(f));
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
  if (!rc) {
    char *text;
    if (dpss_framework_report_text(f, a->year, &text) == DPSS_OK) {
      output_puts(&out, text);
      dpss_free(text);
      rc = output_close(&out);
    } else {
      report_error("report");
      output_close(&out);
      rc = EXIT_USAGE;
    }
  }
  dpss_framework_free(f);
  return rc;
}

const struct command cmd_framework_report = {
    "framework report",
    "spend against the caps per commissioner",
    "dpss framework report [--year N] [-o FILE] LEDGER|F.json",
    "Spend committed by each commissioner against their annual and whole-term caps,\n"
    "for the whole term or one contract year, from a ledger or a framework JSON file.",
    OPT(YEAR) | OPT(OUTPUT),
    NULL,
    1,
    1,
    run_report,
};
