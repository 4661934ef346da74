/* SPDX-License-Identifier: MIT */
/* The framework commands: framework check, add, report. The library calls
 * are those of the JSON framework file (dpss_framework_*); the ledger work
 * (issue 9) rewires this file alone. */
#include <errno.h>
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
    output_printf(&out, "framework valid: %zu call-off(s), %d contract years\n",
                  dpss_framework_calloff_count(f), dpss_framework_years(f));
    rc = output_close(&out);
  }
  dpss_framework_free(f);
  return rc;
}

const struct command cmd_framework_check = {
    "framework check",
    "check a framework and its call-offs against the caps (F1-F3)",
    "dpss framework check [-o FILE] F.json",
    "Check a framework: its commissioners, price list and caps, and that its\n"
    "call-offs keep within every annual and whole-term cap. Exit status 1 (the fault\n"
    "named on stderr) when it is not valid.",
    OPT(OUTPUT),
    NULL,
    1,
    1,
    run_check,
};

static int run_report(const struct command *cmd, struct args *a) {
  dpss_framework *f = NULL;
  struct output out = {0};
  int rc = load(a->pos[0], &f);
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
    "dpss framework report [--year N] [-o FILE] F.json",
    "Spend committed by each commissioner against their annual and whole-term caps,\n"
    "for the whole term or one contract year.",
    OPT(YEAR) | OPT(OUTPUT),
    NULL,
    1,
    1,
    run_report,
};

/* Read a call-off (at most 64 KiB) from a file or standard input. */
static int read_calloff(const char *path, char *buf, size_t size) {
  FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!in) {
    fprintf(stderr, "dpss: %s: cannot open the call-off file: %s\n", path, strerror(errno));
    return EXIT_USAGE;
  }
  size_t n = fread(buf, 1, size - 1, in);
  int rc = 0;
  if (ferror(in)) {
    fprintf(stderr, "dpss: %s: cannot read the call-off file: %s\n", path, strerror(errno));
    rc = EXIT_USAGE;
  } else if (n == size - 1) {
    fprintf(stderr, "dpss: %s: call-off too large (at most %zu bytes)\n", path, size - 2);
    rc = EXIT_REJECTED;
  }
  buf[n] = '\0';
  if (in != stdin)
    fclose(in);
  return rc;
}

static int run_add(const struct command *cmd, struct args *a) {
  (void)cmd;
  const char *file = a->pos[0], *calloff = a->pos[1];
  static char buf[65536];
  dpss_framework *f = NULL;
  int rc = load(file, &f);
  if (!rc)
    rc = read_calloff(calloff, buf, sizeof buf);
  if (!rc) {
    /* Refused: the file is left byte-identical; else saved atomically. */
    char *id = NULL;
    if (dpss_framework_add_calloff(f, buf, &id) != DPSS_OK) {
      report_error("call-off refused");
      rc = EXIT_REJECTED;
    } else if (dpss_framework_save(f, file) != DPSS_OK) {
      report_error(file);
      rc = EXIT_USAGE;
    } else {
      printf("call-off %s recorded in %s\n", id, file);
      if (fflush(stdout) != 0) {
        fprintf(stderr, "dpss: standard output: cannot write: %s\n", strerror(errno));
        rc = EXIT_USAGE;
      }
    }
    dpss_free(id);
  }
  dpss_framework_free(f);
  return rc;
}

const struct command cmd_framework_add = {
    "framework add",
    "price a call-off and record it, or refuse it past a cap",
    "dpss framework add F.json CALLOFF.json|-",
    "Price a call-off from the framework's price list, split it between\n"
    "commissioners by funding share, and record it: the framework file is saved\n"
    "atomically. A call-off that would pass any annual or whole-term cap is refused\n"
    "(exit status 1, the cap, amount and shortfall named) and the file is left as\n"
    "it was.",
    0,
    NULL,
    2,
    2,
    run_add,
};
