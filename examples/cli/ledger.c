/* SPDX-License-Identifier: MIT */
/* The framework ledger commands (issue 9): framework init, add, export.
 * A ledger is an SQLite file (dpss/ledger.h); each add is one transaction
 * that checks the caps and records, so several officers can add at once and
 * no call-off is lost and no cap passed. framework check and report (in
 * framework.c) read a ledger as they read framework JSON. */
#include <errno.h>
#include <string.h>

#include "cli.h"

/* Whether the file starts like JSON (after spaces and a byte order mark):
 * a framework file given where a ledger is needed. */
static bool looks_like_json(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  unsigned char head[64];
  size_t n = fread(head, 1, sizeof head, f);
  fclose(f);
  size_t i = n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
  while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
    i++;
  return i < n && head[i] == '{';
}

/* Open a ledger, naming why not: 0, or EXIT_USAGE. */
static int open_ledger(const struct command *cmd, const char *path, int flags,
                       dpss_ledger **out) {
  if (dpss_ledger_open(out, path, flags) == DPSS_OK)
    return 0;
  if (looks_like_json(path))
    return usage_error(cmd,
                       "%s is a framework JSON file, not a ledger: make a ledger from it with "
                       "'dpss framework init LEDGER %s', then use the ledger",
                       path, path);
  report_error(path);
  return EXIT_USAGE;
}

/* Flush what was printed: 0, or EXIT_USAGE (named) when it cannot be written. */
static int flush_stdout(void) {
  if (fflush(stdout) == 0)
    return 0;
  fprintf(stderr, "dpss: standard output: cannot write: %s\n", strerror(errno));
  return EXIT_USAGE;
}

/* ------------------------------------------------------------ framework init */

static int run_init(const struct command *cmd, struct args *a) {
  (void)cmd;
  const char *path = a->pos[0], *file = a->pos[1];
  dpss_framework *f = NULL;
  dpss_ledger *l = NULL;
  int rc = EXIT_OK;
  /* A framework that cannot be used makes no ledger (exit 2, named). */
  if (dpss_framework_load(&f, file) != DPSS_OK) {
    report_error(file);
    rc = EXIT_USAGE;
  } else if (dpss_ledger_create(&l, path, f) != DPSS_OK) {
    report_error(path);
    rc = EXIT_USAGE;
  } else {
    printf("ledger %s made from %s: %zu call-off(s), %d contract years (F1-F3)\n", path, file,
           dpss_framework_calloff_count(f), dpss_framework_years(f));
    rc = flush_stdout();
  }
  dpss_ledger_close(l);
  dpss_framework_free(f);
  return rc;
}

const struct command cmd_framework_init = {
    "framework init",
    "make a framework ledger (SQLite) from a framework file",
    "dpss framework init LEDGER F.json",
    "Make a new ledger file LEDGER from the framework in F.json: its terms\n"
    "(commissioners, caps, prices) and any call-offs it holds, in their order. From\n"
    "then on, record call-offs with 'dpss framework add LEDGER', read it back with\n"
    "'dpss framework export', check and report on it with 'dpss framework check' and\n"
    "'dpss framework report'. LEDGER must not exist (exit status 2 when it does, or\n"
    "when F.json cannot be used: nothing is made).",
    0,
    NULL,
    2,
    2,
    run_init,
};

/* ------------------------------------------------------------- framework add */

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
  const char *path = a->pos[0], *calloff = a->pos[1];
  static char buf[65536];
  dpss_ledger *l = NULL;
  int rc = open_ledger(cmd, path, DPSS_LEDGER_READ_WRITE, &l);
  if (!rc)
    rc = read_calloff(calloff, buf, sizeof buf);
  if (!rc) {
    char *id = NULL;
    int code = dpss_ledger_add(l, buf, &id);
    if (code != DPSS_OK) {
      /* Refused (a cap, a price, a duplicate id...): 1; the ledger busy,
       * read-only or damaged: 2. Either way nothing was recorded. */
      report_error(code == DPSS_EIO || code == DPSS_ENOMEM ? path : "call-off refused");
      rc = file_status(code, EXIT_REJECTED);
    } else {
      printf("call-off %s recorded in %s (F1, F2, F3)\n", id, path);
      rc = flush_stdout();
    }
    dpss_free(id);
  }
  dpss_ledger_close(l);
  return rc;
}

const struct command cmd_framework_add = {
    "framework add",
    "price a call-off and record it in a ledger, or refuse it past a cap",
    "dpss framework add LEDGER CALLOFF.json|-",
    "Price a call-off from the framework's price list, split it between\n"
    "commissioners by funding share, and record it in the ledger (made with 'dpss\n"
    "framework init'), stamped with the time it was recorded. A call-off that would\n"
    "pass any annual or whole-term cap is refused (exit status 1, the cap, amount\n"
    "and shortfall named), as is one above a commissioner's approval threshold\n"
    "without approved_by, one whose id is already recorded, or one the price list\n"
    "does not allow; a refused call-off records nothing. Each add is one\n"
    "transaction: several adds at once, from any number of processes, never lose a\n"
    "call-off and never pass a cap between them; a recorded call-off is on disk\n"
    "before the command returns. Exit status 2 when the ledger cannot be used (busy\n"
    "past the 10 s timeout, read-only, not a ledger): nothing is recorded.",
    0,
    NULL,
    2,
    2,
    run_add,
};

/* ---------------------------------------------------------- framework export */

static int run_export(const struct command *cmd, struct args *a) {
  const char *path = a->pos[0];
  dpss_ledger *l = NULL;
  struct output out = {0};
  char *json = NULL;
  int rc = open_ledger(cmd, path, DPSS_LEDGER_READ_ONLY, &l);
  if (!rc && dpss_ledger_export(l, &json) != DPSS_OK) {
    report_error(path);
    rc = EXIT_USAGE;
  }
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
  if (!rc) {
    size_t n = strlen(json);
    output_write(&out, json, n);
    if (n == 0 || json[n - 1] != '\n')
      output_puts(&out, "\n");
    rc = output_close(&out);
  }
  dpss_free(json);
  dpss_ledger_close(l);
  return rc;
}

const struct command cmd_framework_export = {
    "framework export",
    "the framework JSON of a ledger, call-offs in the order recorded",
    "dpss framework export [-o FILE] LEDGER",
    "Write the framework of a ledger as framework JSON (the data contract's\n"
    "framework, which 'dpss framework check' and the library read back): its terms\n"
    "and every call-off in the order recorded, each with its cost, split,\n"
    "recorded_at, approved_by and the rules that placed, priced and checked it. The\n"
    "ledger is opened read-only, and every call-off is checked again on the way out.",
    OPT(OUTPUT),
    NULL,
    1,
    1,
    run_export,
};
