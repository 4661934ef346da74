/* dpss: the libdpss command-line tool.
 *
 *   dpss evaluate [--as-of DATE] [--policy FILE] [--set NAME=VALUE]... [--summary] FILE|-
 *   dpss policy show [--policy FILE] [--set NAME=VALUE]... [--as-of DATE] [--json]
 *
 * Exit status: 0 all good; 1 some records were rejected (each named on
 * stderr); 2 usage error or nothing could be done. Messages name records by
 * position and id and fields by path, never personal values. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dpss.h>
#include <jansson.h>

#include "input.h"

#define EXIT_REJECTED 1
#define EXIT_USAGE 2

static const char usage_text[] =
    "Usage: dpss COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  evaluate [--as-of DATE] [--policy FILE] [--set NAME=VALUE]... [--summary] FILE|-\n"
    "      Read recipients (one JSON object, a JSON array, or JSON Lines) and write one\n"
    "      decision per line (JSON Lines), or a caseload summary with --summary.\n"
    "  policy show [--policy FILE] [--set NAME=VALUE]... [--as-of DATE] [--json]\n"
    "      Print the policy parameters in force on a date.\n"
    "\n"
    "Options:\n"
    "  --as-of DATE       the date of the decision, YYYY-MM-DD (default: today)\n"
    "  --policy FILE      a policy JSON file (default: the built-in Nottinghamshire policy)\n"
    "  --set NAME=VALUE   override a policy parameter (what-if), e.g. surplus_threshold_weeks=8\n"
    "  --summary          print counts and totals instead of decisions\n"
    "  --json             (policy show) print the whole policy as JSON\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Exit status: 0 success; 1 some records were rejected; 2 usage or fatal error.\n";

struct opts {
  const char *as_of_text;
  const char *policy_file;
  const char **sets;
  int n_sets;
  int summary;
  int json;
  const char *input;
};

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "dpss: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'dpss --help'.\n");
  return EXIT_USAGE;
}

static void report_error(const char *what) {
  const dpss_error *e = dpss_error_last();
  fprintf(stderr, "dpss: %s: %s (%s)\n", what, dpss_error_message(e),
          dpss_status_name(dpss_error_code(e)));
}

static int parse_opts(int argc, char **argv, int first, struct opts *o, int want_input) {
  o->sets = calloc((size_t)argc, sizeof *o->sets);
  if (!o->sets)
    return usage_error("%s", "out of memory");
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = NULL;
    if (strcmp(a, "--as-of") == 0)
      slot = &o->as_of_text;
    else if (strcmp(a, "--policy") == 0)
      slot = &o->policy_file;
    else if (strcmp(a, "--set") == 0)
      slot = &o->sets[o->n_sets++];
    else if (strncmp(a, "--as-of=", 8) == 0)
      o->as_of_text = a + 8;
    else if (strncmp(a, "--policy=", 9) == 0)
      o->policy_file = a + 9;
    else if (strncmp(a, "--set=", 6) == 0)
      o->sets[o->n_sets++] = a + 6;
    else if (strcmp(a, "--summary") == 0)
      o->summary = 1;
    else if (strcmp(a, "--json") == 0)
      o->json = 1;
    else if (a[0] == '-' && a[1] != '\0')
      return usage_error("unknown option '%s'", a);
    else if (want_input && !o->input)
      o->input = a;
    else
      return usage_error("unexpected argument '%s'", a);
    if (slot) {
      if (i + 1 >= argc)
        return usage_error("option '%s' needs a value", a);
      *slot = argv[++i];
    }
  }
  if (want_input && !o->input)
    return usage_error("%s", "no input file given (use - for standard input)");
  return 0;
}

static int load_policy(const struct opts *o, dpss_policy **policy, dpss_date *as_of) {
  if (o->as_of_text) {
    if (dpss_date_parse(as_of, o->as_of_text) != DPSS_OK)
      return usage_error("--as-of: expected a real date written YYYY-MM-DD, not '%s'",
                         o->as_of_text);
  } else if (dpss_date_today(as_of) != DPSS_OK) {
    report_error("today's date");
    return EXIT_USAGE;
  }
  int rc = o->policy_file ? dpss_policy_from_file(policy, o->policy_file)
                          : dpss_policy_new(policy);
  if (rc) {
    report_error(o->policy_file ? o->policy_file : "policy");
    return EXIT_USAGE;
  }
  for (int i = 0; i < o->n_sets; i++)
    if (dpss_policy_set(*policy, o->sets[i]) != DPSS_OK) {
      report_error("--set");
      dpss_policy_free(*policy);
      *policy = NULL;
      return EXIT_USAGE;
    }
  return 0;
}

/* The record's id for messages, if it has a usable one. */
static void record_name(const char *text, char *buf, size_t size) {
  buf[0] = '\0';
  json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
  const char *id = v ? json_string_value(json_object_get(v, "id")) : NULL;
  if (id && strlen(id) <= 64 && !strpbrk(id, " \t\r\n"))
    snprintf(buf, size, " (id %s)", id);
  json_decref(v);
}

static void report_record(const cli_record *rec) {
  const dpss_error *e = dpss_error_last();
  char name[96];
  char where[64] = "";
  record_name(rec->text, name, sizeof name);
  if (rec->line > 0) {
    long line = rec->line + (dpss_error_line(e) > 1 ? dpss_error_line(e) - 1 : 0);
    snprintf(where, sizeof where, ", line %ld", line);
  }
  fprintf(stderr, "dpss: record %zu%s%s: %s (%s)\n", rec->index, name, where,
          dpss_error_message(e), dpss_status_name(dpss_error_code(e)));
}

static int cmd_evaluate(int argc, char **argv) {
  struct opts o = {0};
  int rc = parse_opts(argc, argv, 2, &o, 1);
  if (rc)
    goto out_opts;
  dpss_policy *policy = NULL;
  dpss_date as_of;
  if ((rc = load_policy(&o, &policy, &as_of)))
    goto out_opts;
  const char *why = NULL;
  cli_input *in = cli_input_open(o.input, &why);
  dpss_decision *decision = NULL;
  dpss_summary *summary = NULL;
  if (!in) {
    fprintf(stderr, "dpss: %s: %s\n", o.input, why);
    rc = EXIT_USAGE;
    goto out_policy;
  }
  if (dpss_decision_new(&decision) || (o.summary && dpss_summary_new(&summary))) {
    report_error("setup");
    rc = EXIT_USAGE;
    goto out_all;
  }
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  cli_record rec;
  int got, rejected = 0;
  while ((got = cli_input_next(in, &rec, &why)) == 1) {
    dpss_recipient *r = NULL;
    if (dpss_recipient_from_json(&r, rec.text) != DPSS_OK ||
        dpss_evaluate_into(decision, policy, r, as_of) != DPSS_OK) {
      report_record(&rec);
      rejected++;
      if (summary)
        dpss_summary_add_rejected(summary);
      dpss_recipient_free(r);
      continue;
    }
    dpss_recipient_free(r);
    if (summary) {
      if (dpss_summary_add(summary, decision) != DPSS_OK) {
        report_record(&rec);
        rejected++;
      }
      continue;
    }
    char *json;
    if (dpss_decision_to_json(decision, &json) != DPSS_OK) {
      report_record(&rec);
      rejected++;
      continue;
    }
    fputs(json, stdout);
    fputc('\n', stdout);
    dpss_free(json);
  }
  if (got < 0) {
    fprintf(stderr, "dpss: %s: %s\n", o.input, why);
    rejected++;
  }
  if (summary) {
    char *text;
    char date[DPSS_DATE_BUFSIZE];
    dpss_date_format(date, sizeof date, as_of);
    printf("Policy %s (version %s), as of %s\n", dpss_policy_id(policy),
           dpss_policy_version(policy), date);
    if (dpss_summary_to_text(summary, &text) == DPSS_OK) {
      fputs(text, stdout);
      dpss_free(text);
    }
  }
  if (fflush(stdout) != 0) {
    fprintf(stderr, "dpss: cannot write the output\n");
    rc = EXIT_USAGE;
  } else {
    rc = rejected ? EXIT_REJECTED : 0;
  }
  if (rejected)
    fprintf(stderr, "dpss: %d record(s) rejected\n", rejected);
out_all:
  dpss_summary_free(summary);
  dpss_decision_free(decision);
  cli_input_close(in);
out_policy:
  dpss_policy_free(policy);
out_opts:
  free(o.sets);
  return rc;
}

static int cmd_policy(int argc, char **argv) {
  if (argc < 3 || strcmp(argv[2], "show") != 0)
    return usage_error("%s", "expected 'dpss policy show'");
  struct opts o = {0};
  int rc = parse_opts(argc, argv, 3, &o, 0);
  dpss_policy *policy = NULL;
  dpss_date as_of;
  if (rc || (rc = load_policy(&o, &policy, &as_of))) {
    free(o.sets);
    return rc;
  }
  if (o.json) {
    char *json;
    if (dpss_policy_to_json(policy, &json) == DPSS_OK) {
      puts(json);
      dpss_free(json);
    }
  } else {
    char date[DPSS_DATE_BUFSIZE];
    dpss_date_format(date, sizeof date, as_of);
    printf("Policy %s (version %s), in force on %s\n", dpss_policy_id(policy),
           dpss_policy_version(policy), date);
    for (size_t i = 0; i < dpss_policy_param_count(); i++) {
      char *text = NULL;
      if (dpss_policy_get_text(policy, dpss_policy_param_name(i), as_of, &text) != DPSS_OK) {
        report_error(dpss_policy_param_name(i));
        rc = EXIT_USAGE;
        break;
      }
      printf("  %-26s %-12s %s\n", dpss_policy_param_name(i), text,
             dpss_policy_param_source(i));
      dpss_free(text);
    }
  }
  dpss_policy_free(policy);
  free(o.sets);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage_error("%s", "no command given");
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
    printf("dpss (libdpss) %s\n", dpss_version_string());
    return 0;
  }
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
  if (strcmp(cmd, "evaluate") == 0)
    return cmd_evaluate(argc, argv);
  if (strcmp(cmd, "policy") == 0)
    return cmd_policy(argc, argv);
  return usage_error("unknown command '%s'", cmd);
}
