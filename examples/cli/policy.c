/* SPDX-License-Identifier: MIT */
/* dpss policy show: the policy parameters in force on a date. */
#include <string.h>

#include "cli.h"

static int run(const struct command *cmd, struct args *a) {
  enum format f;
  if (args_format(cmd, a, FMT_TEXT, "text json", &f))
    return EXIT_USAGE;
  dpss_policy *policy = NULL;
  dpss_date as_of;
  struct output out = {0};
  int rc = load_policy(a, &policy, &as_of);
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
  if (rc) {
    dpss_policy_free(policy);
    return rc;
  }
  if (f == FMT_JSON) {
    char *json;
    if (dpss_policy_to_json(policy, &json) == DPSS_OK) {
      output_printf(&out, "%s\n", json);
      dpss_free(json);
    } else {
      report_error("policy");
      rc = EXIT_USAGE;
    }
  } else {
    char date[DPSS_DATE_BUFSIZE];
    dpss_date_format(date, sizeof date, as_of);
    const char *version = dpss_policy_version(policy);
    output_printf(&out, "Policy %s (version %s), in force on %s\n", dpss_policy_id(policy),
                  *version ? version : "none given", date);
    int w = 0; /* the longest name: the columns line up */
    for (size_t i = 0; i < dpss_policy_param_count(); i++)
      if ((int)strlen(dpss_policy_param_name(i)) > w)
        w = (int)strlen(dpss_policy_param_name(i));
    for (size_t i = 0; i < dpss_policy_param_count(); i++) {
      char *text = NULL;
      if (dpss_policy_get_text(policy, dpss_policy_param_name(i), as_of, &text) != DPSS_OK) {
        report_error(dpss_policy_param_name(i));
        rc = EXIT_USAGE;
        break;
      }
      /* A what-if override is shown as one, not with the default's source. */
      if (dpss_policy_overridden(policy, dpss_policy_param_name(i)) == 1)
        output_printf(&out, "  %-*s %-12s what-if override (default: %s)\n", w,
                      dpss_policy_param_name(i), text, dpss_policy_param_source(i));
      else
        output_printf(&out, "  %-*s %-12s %s\n", w, dpss_policy_param_name(i), text,
                      dpss_policy_param_source(i));
      dpss_free(text);
    }
  }
  rc = WORST(rc, output_close(&out));
  dpss_policy_free(policy);
  return rc;
}

const struct command cmd_policy_show = {
    "policy show",
    "the policy parameters in force on a date",
    "dpss policy show [--policy FILE] [--set NAME=VALUE]... [--as-of DATE] [--format FORMAT]\n"
    "                        [-o FILE]",
    "Print every policy parameter in force on a date, with where its default comes\n"
    "from, or 'what-if override' for one set with --set (text), or the whole policy\n"
    "as JSON (--format json or --json), which loads back with --policy.",
    OPT(POLICY) | OPT(SET) | OPT(AS_OF) | OPT(JSON) | OPT(FORMAT) | OPT(OUTPUT),
    "text or json",
    0,
    0,
    run,
};
