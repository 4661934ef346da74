/* SPDX-License-Identifier: MIT */
/* The one option parser of the dpss tool, and the helpers every command
 * shares (policy, dates, messages).
 *
 * Options are written `--name value` or `--name=value` (`-o FILE` or
 * `-oFILE` for the output); `--` ends them; `-` is standard input. Each
 * command says which options it takes: any other is an error, as is an
 * option given twice with different values (only --set and --with repeat),
 * a value given to a flag, --json beside a --format that is not json, and
 * options that conflict or lack their partner (the rules below, and each
 * command's own). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct opt_def {
  const char *name; /* long name */
  char short_name;
  const char *value; /* the value's name in help, or NULL for a flag */
  const char *help;
};

static const struct opt_def opts[OPT_COUNT_] = {
    [OPT_AS_OF] = {"as-of", 0, "DATE", "the date of the decisions, YYYY-MM-DD (default: today)"},
    [OPT_POLICY] = {"policy", 0, "FILE",
                    "a policy JSON file (default: the built-in Nottinghamshire policy)"},
    [OPT_SET] = {"set", 0, "NAME=VALUE",
                 "override a policy parameter (what-if), e.g. surplus_threshold_weeks=8;\n"
                 "                          may be repeated"},
    [OPT_SUMMARY] = {"summary", 0, NULL, "write counts and totals instead of one line per record"},
    [OPT_JSON] = {"json", 0, NULL, "the same as --format json"},
    [OPT_FORMAT] = {"format", 0, "FORMAT", NULL},
    [OPT_OUTPUT] = {"output", 'o', "FILE", "write to FILE instead of standard output"},
    [OPT_JOBS] = {"jobs", 0, "N",
                  "worker threads, 1 to 16 (default: the number of CPUs, at most 8)"},
    [OPT_FROM] = {"from", 0, "DATE", "the first date of the period, YYYY-MM-DD"},
    [OPT_TO] = {"to", 0, "DATE", "the last date of the period (included)"},
    [OPT_NETWORK] = {"network", 0, "FILE", "the provider network (JSON)"},
    [OPT_START] = {"start", 0, "DATE", "the day the new contract starts"},
    [OPT_FRAMEWORK] = {"framework", 0, "FILE", "the framework, for spend and cost per person"},
    [OPT_PROVIDER] = {"provider", 0, "ID", "only the recipients this provider supports"},
    [OPT_YEAR] = {"year", 0, "N", "one contract year (1 to 10) instead of the whole term"},
    [OPT_INPUT_FORMAT] = {"input-format", 0, "FORMAT",
                          "how to read the input: auto (default: CSV for a .csv name,\n"
                          "                          else JSON), json or csv"},
    /* The input options, taken by every command that takes --input-format. */
    [OPT_MAP] = {"map", 0, "FILE",
                 "a column mapping (JSON) for CSV with its own headers,\n"
                 "                          values and date form: the CSV input\n"
                 "                          (for audit, the statement)"},
    [OPT_PROGRESS] = {"progress", 0, NULL,
                      "show progress on stderr even when it is not a terminal"},
    [OPT_QUIET] = {"quiet", 0, NULL,
                   "no progress (bad records and the tally are still shown)"},
    [OPT_WITH_POLICY] = {"with-policy", 0, "FILE",
                         "the alternative policy (default: the base policy, with\n"
                         "                          its --set)"},
    [OPT_WITH] = {"with", 0, "NAME=VALUE",
                  "override a parameter of the alternative, e.g.\n"
                  "                          surplus_threshold_weeks=8; may be repeated"},
    [OPT_OPENING] = {"opening", 0, "POUNDS",
                     "the balance at the start of --from, e.g. 1,234.56\n"
                     "                          (default: from the statement's running balances)"},
    [OPT_CLOSING] = {"closing", 0, "POUNDS",
                     "the balance at the end of --to (default: from the\n"
                     "                          statement's running balances)"},
    [OPT_STATEMENT_MAP] = {"statement-map", 0, "FILE",
                           "a column mapping (JSON) for the statements"},
    [OPT_HTML] = {"html", 0, NULL, "write an HTML page instead (see above)"},
    [OPT_STATEMENTS] = {"statements", 0, "DIR",
                        "audit each managed account from its statement,\n"
                        "                          DIR/ID.csv or DIR/ID.jsonl"},
};

/* How options go together: two that conflict, or one that needs another.
 * A rule with no command holds for every command. */
enum relation { CONFLICTS, NEEDS };
static const struct opt_rule {
  const struct command *cmd; /* NULL: every command */
  enum relation relation;
  enum opt a, b;
} opt_rules[] = {
    {NULL, NEEDS, OPT_FROM, OPT_TO},
    {NULL, NEEDS, OPT_TO, OPT_FROM},
    {NULL, CONFLICTS, OPT_HTML, OPT_FORMAT},
    {NULL, CONFLICTS, OPT_HTML, OPT_JSON},
    /* compare: payments are compared in the summary only */
    {&cmd_compare, NEEDS, OPT_FROM, OPT_SUMMARY},
    /* audits: the due list (R2, --as-of) or the audits of statements */
    {&cmd_audits, CONFLICTS, OPT_AS_OF, OPT_STATEMENTS},
    {&cmd_audits, NEEDS, OPT_FROM, OPT_STATEMENTS},
    {&cmd_audits, NEEDS, OPT_STATEMENT_MAP, OPT_STATEMENTS},
    {&cmd_audits, NEEDS, OPT_SUMMARY, OPT_STATEMENTS},
    {&cmd_audits, NEEDS, OPT_STATEMENTS, OPT_FROM},
};

/* The options a command takes: with --input-format come --map, --progress
 * and --quiet. */
static unsigned options_of(const struct command *cmd) {
  unsigned o = cmd->options;
  if (o & OPT(INPUT_FORMAT))
    o |= OPT(MAP) | OPT(PROGRESS) | OPT(QUIET);
  return o;
}

void args_help(const struct command *cmd) {
  printf("Usage: %s\n\n%s\n", cmd->usage, cmd->help);
  bool any = false;
  for (int i = 0; i < OPT_COUNT_; i++) {
    if (!(options_of(cmd) & (1u << i)))
      continue;
    if (!any)
      printf("\nOptions:\n");
    any = true;
    char left[64];
    const struct opt_def *d = &opts[i];
    if (d->short_name)
      snprintf(left, sizeof left, "-%c, --%s%s%s", d->short_name, d->name, d->value ? " " : "",
               d->value ? d->value : "");
    else
      snprintf(left, sizeof left, "--%s%s%s", d->name, d->value ? " " : "", d->value ? d->value : "");
    if (i == OPT_FORMAT)
      printf("  %-23s %s\n", left, cmd->formats ? cmd->formats : "json");
    else
      printf("  %-23s %s\n", left, d->help);
  }
  printf("%s  %-23s %s\n", any ? "" : "\nOptions:\n", "-h, --help", "show this help");
  printf("\nExit status: 0 success; 1 some records rejected (each named on stderr) or a\n"
         "check failed; 2 usage error, or an input, policy or output that cannot be used.\n");
}

int usage_error(const struct command *cmd, const char *fmt, ...) {
  va_list ap;
  fputs("dpss: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  if (cmd)
    fprintf(stderr, "\nTry 'dpss %s --help'.\n", cmd->name);
  else
    fputs("\nTry 'dpss --help'.\n", stderr);
  return EXIT_USAGE;
}

bool args_has(const struct args *a, enum opt o) { return a->value[o] != NULL; }

void args_free(struct args *a) {
  free(a->sets);
  free(a->withs);
  free(a->pos);
  a->sets = NULL;
  a->withs = NULL;
  a->pos = NULL;
}

static int parse_int(const char *v, long lo, long hi, long *out) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < lo || n > hi)
    return -1;
  *out = n;
  return 0;
}

static int parse_format(const char *v, enum format *out) {
  if (strcmp(v, "json") == 0)
    *out = FMT_JSON;
  else if (strcmp(v, "csv") == 0)
    *out = FMT_CSV;
  else if (strcmp(v, "text") == 0)
    *out = FMT_TEXT;
  else if (strcmp(v, "markdown") == 0)
    *out = FMT_MARKDOWN;
  else
    return -1;
  return 0;
}

static const char *format_name(enum format f) {
  return f == FMT_JSON       ? "json"
         : f == FMT_CSV      ? "csv"
         : f == FMT_TEXT     ? "text"
         : f == FMT_MARKDOWN ? "markdown"
                             : "";
}

/* Store one option's value, refusing a second, different one. */
static int set_value(const struct command *cmd, struct args *a, int id, const char *value) {
  if (id == OPT_SET || id == OPT_WITH) {
    if (id == OPT_SET)
      a->sets[a->n_sets++] = value;
    else
      a->withs[a->n_withs++] = value;
    a->value[id] = value;
    return 0;
  }
  if (a->value[id] && strcmp(a->value[id], value) != 0)
    return usage_error(cmd, "--%s given twice, with different values", opts[id].name);
  a->value[id] = value;
  long n;
  switch (id) {
  case OPT_JOBS:
    if (parse_int(value, 1, MAX_JOBS, &n))
      return usage_error(cmd, "--jobs: expected a number from 1 to %d, not '%s'", MAX_JOBS, value);
    a->jobs = (int)n;
    break;
  case OPT_YEAR:
    if (parse_int(value, 1, 10, &n))
      return usage_error(cmd, "--year: expected a contract year from 1 to 10, not '%s'", value);
    a->year = (int)n;
    break;
  case OPT_FORMAT: {
    enum format f;
    if (parse_format(value, &f))
      return usage_error(cmd, "--format: expected one of %s, not '%s'",
                         cmd->formats ? cmd->formats : "json", value);
    a->format = f;
    break;
  }
  case OPT_INPUT_FORMAT:
    if (strcmp(value, "auto") == 0)
      a->input_format = DPSS_READER_AUTO;
    else if (strcmp(value, "json") == 0)
      a->input_format = DPSS_READER_JSON;
    else if (strcmp(value, "csv") == 0)
      a->input_format = DPSS_READER_CSV;
    else
      return usage_error(cmd, "--input-format: expected auto, json or csv, not '%s'", value);
    break;
  case OPT_OPENING:
  case OPT_CLOSING:
    /* Pounds read exactly, as statements are (never floating point). */
    if (dpss_money_parse(id == OPT_OPENING ? &a->opening : &a->closing, value) != DPSS_OK)
      return usage_error(cmd,
                         "--%s: expected an amount in pounds such as 1,234.56, -12.00 or "
                         "(12.00), not '%s'",
                         opts[id].name, value);
    break;
  default:
    if (!*value && opts[id].value)
      return usage_error(cmd, "--%s: the value is empty", opts[id].name);
    break;
  }
  return 0;
}

static int find_long(const char *name, size_t len) {
  for (int i = 0; i < OPT_COUNT_; i++)
    if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
      return i;
  return -1;
}

/* Options that conflict, or that need another, among those given. */
static int check_rules(const struct command *cmd, const struct args *a) {
  for (size_t i = 0; i < ARRAY_LEN(opt_rules); i++) {
    const struct opt_rule *r = &opt_rules[i];
    if (r->cmd && r->cmd != cmd)
      continue;
    bool has_a = a->value[r->a] != NULL, has_b = a->value[r->b] != NULL;
    if (r->relation == CONFLICTS && has_a && has_b)
      return usage_error(cmd, "--%s and --%s conflict", opts[r->a].name, opts[r->b].name);
    if (r->relation == NEEDS && has_a && !has_b)
      return usage_error(cmd, "--%s needs --%s", opts[r->a].name, opts[r->b].name);
  }
  return 0;
}

int args_parse(const struct command *cmd, int argc, char **argv, int first, struct args *a) {
  memset(a, 0, sizeof *a);
  a->opening = a->closing = DPSS_PENCE_NONE;
  a->sets = calloc((size_t)argc + 1, sizeof *a->sets);
  a->withs = calloc((size_t)argc + 1, sizeof *a->withs);
  a->pos = calloc((size_t)argc + 1, sizeof *a->pos);
  if (!a->sets || !a->withs || !a->pos)
    return usage_error(NULL, "out of memory");
  /* Help first, whatever else is on the line. */
  for (int i = first; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      args_help(cmd);
      return -1;
    }
  bool options_done = false;
  for (int i = first; i < argc; i++) {
    const char *arg = argv[i];
    if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
      a->pos[a->n_pos++] = arg;
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      options_done = true;
      continue;
    }
    int id;
    const char *value = NULL;
    const char *shown = arg;
    char short_form[3] = {0};
    if (arg[1] == '-') {
      const char *name = arg + 2, *eq = strchr(name, '=');
      id = find_long(name, eq ? (size_t)(eq - name) : strlen(name));
      if (id < 0)
        return usage_error(cmd, "unknown option '%.*s'", (int)(eq ? eq - arg : (long)strlen(arg)),
                           arg);
      if (eq)
        value = eq + 1;
    } else {
      id = -1;
      for (int k = 0; k < OPT_COUNT_; k++)
        if (opts[k].short_name && opts[k].short_name == arg[1])
          id = k;
      if (id < 0)
        return usage_error(cmd, "unknown option '%.2s'", arg);
      short_form[0] = '-';
      short_form[1] = arg[1];
      shown = short_form;
      if (arg[2])
        value = arg + 2;
    }
    if (!(options_of(cmd) & (1u << id)))
      return usage_error(cmd, "'dpss %s' does not take --%s", cmd->name, opts[id].name);
    if (!opts[id].value) {
      if (value)
        return usage_error(cmd, "--%s takes no value", opts[id].name);
      value = "";
    } else if (!value) {
      if (i + 1 >= argc)
        return usage_error(cmd, "%s needs a value (%s)", shown, opts[id].value);
      value = argv[++i];
    }
    int rc = set_value(cmd, a, id, value);
    if (rc)
      return rc;
  }
  if (a->value[OPT_JSON]) {
    if (a->value[OPT_FORMAT] && a->format != FMT_JSON)
      return usage_error(cmd, "--json and --format %s conflict", format_name(a->format));
    a->format = FMT_JSON;
  }
  if (a->value[OPT_PROGRESS] && a->value[OPT_QUIET])
    return usage_error(cmd, "--progress and --quiet conflict");
  int rc = check_rules(cmd, a);
  if (rc)
    return rc;
  input_options_set(cmd, a);
  if (a->n_pos < cmd->min_pos)
    return usage_error(cmd, "%s", cmd->max_pos == 1 && strstr(cmd->usage, "FILE|-")
                                      ? "no input file given (use - for standard input)"
                                      : "too few arguments");
  if (a->n_pos > cmd->max_pos)
    return usage_error(cmd, "unexpected argument '%s'", a->pos[cmd->max_pos]);
  return 0;
}

int args_format(const struct command *cmd, const struct args *a, enum format def,
                const char *allowed, enum format *out) {
  enum format f = a->format == FMT_DEFAULT ? def : a->format;
  const char *name = format_name(f);
  size_t n = strlen(name);
  for (const char *p = allowed; (p = strstr(p, name)) != NULL; p += n)
    if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) {
      *out = f;
      return 0;
    }
  /* "text json markdown" -> "text, json or markdown" */
  char expected[96];
  size_t len = 0;
  expected[0] = '\0';
  for (const char *p = allowed; *p && len < sizeof expected;) {
    size_t word = strcspn(p, " ");
    const char *rest = p[word] ? p + word + 1 : p + word;
    len += (size_t)snprintf(expected + len, sizeof expected - len, "%s%.*s",
                            p == allowed ? "" : *rest ? ", " : " or ", (int)word, p);
    p = rest;
  }
  return usage_error(cmd, "--format %s cannot be used%s: expected %s", name,
                     args_has(a, OPT_SUMMARY) ? " with --summary" : " here", expected);
}

/* ------------------------------------------------------------ helpers */

void report_error(const char *what) {
  const dpss_error *e = dpss_error_last();
  fprintf(stderr, "dpss: %s: %s (%s)\n", what, dpss_error_message(e),
          dpss_status_name(dpss_error_code(e)));
}

int file_status(int code, int invalid) {
  return code == DPSS_EIO || code == DPSS_ENOMEM ? EXIT_USAGE : invalid;
}

int parse_date_option(const struct command *cmd, const char *option, const char *text,
                      dpss_date *out) {
  if (!text)
    return usage_error(cmd, "%s DATE is required", option);
  if (dpss_date_parse(out, text) != DPSS_OK)
    return usage_error(cmd, "%s: expected a real date written YYYY-MM-DD, not '%s'", option, text);
  return 0;
}

int parse_period(const struct command *cmd, const struct args *a, dpss_date *from,
                 dpss_date *to) {
  if (parse_date_option(cmd, "--from", a->value[OPT_FROM], from) ||
      parse_date_option(cmd, "--to", a->value[OPT_TO], to))
    return EXIT_USAGE;
  if (*to < *from)
    return usage_error(cmd, "--to is before --from");
  return 0;
}

int parse_schedule_period(const struct command *cmd, const struct args *a, dpss_date *from,
                          dpss_date *to) {
  if (parse_period(cmd, a, from, to))
    return EXIT_USAGE;
  /* The library's own limit on a schedule's range, asked of the library. */
  dpss_totals *t = NULL;
  int rc = dpss_totals_new(&t, *from, *to);
  dpss_totals_free(t);
  if (rc == DPSS_OK)
    return 0;
  if (rc == DPSS_ENOMEM) {
    report_error("--to");
    return EXIT_USAGE;
  }
  return usage_error(cmd, "--from and --to may be at most 100 years apart for payments");
}

/* Apply each NAME=VALUE of list to *policy (option names the option they
 * came from); on a bad one, *policy is freed and set to NULL. */
static int apply_settings(dpss_policy **policy, const char **list, int n, const char *option) {
  for (int i = 0; i < n; i++)
    if (dpss_policy_set(*policy, list[i]) != DPSS_OK) {
      report_error(option);
      dpss_policy_free(*policy);
      *policy = NULL;
      return EXIT_USAGE;
    }
  return 0;
}

int load_policy(const struct args *a, dpss_policy **policy, dpss_date *as_of) {
  *policy = NULL;
  if (a->value[OPT_AS_OF]) {
    if (dpss_date_parse(as_of, a->value[OPT_AS_OF]) != DPSS_OK)
      return usage_error(NULL, "--as-of: expected a real date written YYYY-MM-DD, not '%s'",
                         a->value[OPT_AS_OF]);
  } else if (dpss_date_today(as_of) != DPSS_OK) {
    report_error("today's date");
    return EXIT_USAGE;
  }
  const char *file = a->value[OPT_POLICY];
  if ((file ? dpss_policy_from_file(policy, file) : dpss_policy_new(policy)) != DPSS_OK) {
    report_error(file ? file : "policy");
    return EXIT_USAGE;
  }
  return apply_settings(policy, a->sets, a->n_sets, "--set");
}

/* ------------------------------------------------- the alternative policy */

int load_alternative(const struct args *a, const dpss_policy *base, dpss_policy **alt) {
  *alt = NULL;
  const char *file = a->value[OPT_WITH_POLICY];
  if (!file && a->n_withs == 0)
    return 0;
  if ((file ? dpss_policy_from_file(alt, file) : dpss_policy_clone(alt, base)) != DPSS_OK) {
    report_error(file ? file : "policy");
    return EXIT_USAGE;
  }
  return apply_settings(alt, a->withs, a->n_withs, "--with");
}
