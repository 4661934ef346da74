/* SPDX-License-Identifier: MIT */
/* dpss: the libdpss command-line tool. This file is the dispatcher: the
 * table of commands (each in its own file, with its own help beside it)
 * and the tool's help. The option parser every command shares is args.c. */
#include <string.h>

#include "cli.h"

static const struct command *const commands[] = {
    &cmd_evaluate,        &cmd_payments,     &cmd_network_check, &cmd_route,
    &cmd_transition,      &cmd_market,       &cmd_framework_check, &cmd_framework_add,
    &cmd_framework_report, &cmd_audits,      &cmd_return,        &cmd_policy_show,
    /* compare (issue 12), the framework ledger (issue 9), account audits
     * (issue 13) and the rule catalogue (issue 10) */
    &cmd_compare,         &cmd_framework_init, &cmd_framework_export, &cmd_audit,
    &cmd_rules,
    &cmd_report,
};

static void help(void) {
  printf("Usage: dpss COMMAND [OPTIONS] [FILE|-]\n"
         "\n"
         "Direct Payment and DPSS rules over caseloads (libdpss %s).\n"
         "\n"
         "Commands:\n",
         dpss_version_string());
  for (size_t i = 0; i < ARRAY_LEN(commands); i++)
    printf("  %-18s %s\n", commands[i]->name, commands[i]->summary);
  printf("\n"
         "Run 'dpss COMMAND --help' for a command's options.\n"
         "\n"
         "Options are written --name VALUE or --name=VALUE; -o FILE writes to FILE instead\n"
         "of standard output; -- ends the options; - reads standard input. An option a\n"
         "command does not take, an option given twice with different values (only --set\n"
         "and --with repeat) and options that conflict are errors.\n"
         "\n"
         "Output: records come out as JSON (JSON Lines: one object a line), summaries and\n"
         "reports for people as text; --format json (or --json) writes either as JSON,\n"
         "and --format csv records as CSV where the command's help lists it.\n"
         "\n"
         "Records are read as one JSON object, a JSON array of them, JSON Lines, or a\n"
         "stream of pretty-printed objects (UTF-8, LF, CRLF or CR line ends, a byte order\n"
         "mark allowed). A bad record is named on stderr by its number, line and id, never\n"
         "its values, and costs only itself; when any record was rejected or could not be\n"
         "read, the last line on stderr is 'N records read: D decided, R rejected'.\n"
         "\n"
         "Exit status:\n"
         "  0  success: every record decided, every check passed, the output written.\n"
         "  1  some records were rejected (each named on stderr); or a check failed\n"
         "     (network check, framework check, a call-off refused, an audit with\n"
         "     findings, a statement with bad lines or an account left unaudited); or a\n"
         "     total was too large to add up (given as out of range).\n"
         "  2  usage error; or an input that could not be opened or read to its end (a\n"
         "     missing file, a directory, a read error); or a policy, network,\n"
         "     framework, ledger or mapping file that could not be used; or output that\n"
         "     could not be written.\n"
         "\n"
         "Other options:\n"
         "  -h, --help         show this help (dpss help COMMAND: a command's help)\n"
         "  -V, --version      show the version\n");
}

/* The commands whose name starts with the given first word. */
static size_t with_first_word(const char *word, const struct command **found, size_t max) {
  size_t n = 0, len = strlen(word);
  for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
    const char *name = commands[i]->name;
    if (strncmp(name, word, len) == 0 && (name[len] == '\0' || name[len] == ' ') && n < max)
      found[n++] = commands[i];
  }
  return n;
}

/* Find the command named by argv[1] (and argv[2] for a two-word one).
 * Sets *first to the first argument after its name. */
static const struct command *find(int argc, char **argv, int *first, int *status) {
  const struct command *found[8];
  size_t n = with_first_word(argv[1], found, ARRAY_LEN(found));
  *status = 0;
  if (n == 0) {
    *status = usage_error(NULL, "unknown command '%s'", argv[1]);
    return NULL;
  }
  if (n == 1 && !strchr(found[0]->name, ' ')) {
    *first = 2;
    return found[0];
  }
  const char *sub = argc > 2 ? argv[2] : "";
  for (size_t i = 0; i < n; i++)
    if (strcmp(strchr(found[i]->name, ' ') + 1, sub) == 0) {
      *first = 3;
      return found[i];
    }
  if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
    for (size_t i = 0; i < n; i++) {
      if (i)
        printf("\n");
      args_help(found[i]);
    }
    return NULL;
  }
  char msg[256];
  size_t len = (size_t)snprintf(msg, sizeof msg, "expected");
  for (size_t i = 0; i < n && len < sizeof msg; i++)
    len += (size_t)snprintf(msg + len, sizeof msg - len, "%s 'dpss %s'",
                            i == 0 ? "" : i + 1 == n ? " or" : ",", found[i]->name);
  *status = usage_error(NULL, "%s", msg);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage_error(NULL, "no command given");
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    if (argc > 2) {
      /* dpss help COMMAND [SUBCOMMAND]: that command's help. */
      int first, status;
      char *sub[] = {argv[0], argv[2], argc > 3 ? argv[3] : (char *)"--help", NULL};
      const struct command *c = find(3, sub, &first, &status);
      if (c)
        args_help(c);
      return status;
    }
    help();
    return 0;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
    printf("dpss (libdpss) %s\n", dpss_version_string());
    return 0;
  }
  int first, status;
  const struct command *c = find(argc, argv, &first, &status);
  if (!c)
    return status;
  struct args a;
  int rc = args_parse(c, argc, argv, first, &a);
  if (rc == 0)
    rc = c->run(c, &a);
  else if (rc < 0)
    rc = 0; /* help printed */
  args_free(&a);
  return rc;
}
