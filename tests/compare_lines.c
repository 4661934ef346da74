/* SPDX-License-Identifier: MIT */
/* The what-if comparison's JSON for tests/check_schemas.py (the tool and
 * the bindings do not expose comparisons yet): one caseload under a base
 * policy and an alternative made by NAME=VALUE overrides of it.
 *
 *   compare_lines CASELOAD.jsonl AS_OF FROM TO SUMMARY_FILE [--policy FILE] NAME=VALUE...
 *
 * Writes each changed recipient's line (dpss_comparison_add) to stdout and
 * the summary (dpss_comparison_to_json) to SUMMARY_FILE; payments from FROM
 * to TO are compared too unless FROM is "-". A record that cannot be read
 * counts as rejected. Exit status 0, or 1 with a message on stderr. */
#define _POSIX_C_SOURCE 200809L /* getline */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dpss.h>

static int fail(const char *what) {
  const dpss_error *e = dpss_error_last();
  fprintf(stderr, "compare_lines: %s: %s\n", what, dpss_error_message(e));
  return 1;
}

static int compare_one(dpss_comparison *c, const dpss_policy *base, const dpss_policy *alt,
                       const dpss_recipient *r, dpss_date as_of, dpss_date from, dpss_date to) {
  dpss_decision *b = NULL, *a = NULL;
  char *line = NULL;
  int rc = dpss_evaluate(&b, base, r, as_of);
  if (!rc)
    rc = dpss_evaluate(&a, alt, r, as_of);
  if (!rc)
    rc = dpss_comparison_add(c, b, a, &line);
  if (!rc && line)
    printf("%s\n", line);
  dpss_free(line);
  dpss_decision_free(a);
  dpss_decision_free(b);
  if (rc || from == DPSS_DATE_NONE)
    return rc;
  dpss_schedule *sb = NULL, *sa = NULL;
  rc = dpss_schedule_build(&sb, base, r, from, to);
  if (!rc)
    rc = dpss_schedule_build(&sa, alt, r, from, to);
  if (!rc)
    rc = dpss_comparison_add_payments(c, sb, sa);
  dpss_schedule_free(sa);
  dpss_schedule_free(sb);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: compare_lines CASELOAD AS_OF FROM|- TO SUMMARY [--policy FILE] "
                    "NAME=VALUE...\n");
    return 2;
  }
  dpss_date as_of, from = DPSS_DATE_NONE, to = DPSS_DATE_NONE;
  if (dpss_date_parse(&as_of, argv[2]) ||
      (strcmp(argv[3], "-") != 0 &&
       (dpss_date_parse(&from, argv[3]) || dpss_date_parse(&to, argv[4]))))
    return fail("a date");
  int at = 6;
  dpss_policy *base = NULL, *alt = NULL;
  if (at + 1 < argc && strcmp(argv[at], "--policy") == 0) {
    if (dpss_policy_from_file(&base, argv[at + 1]))
      return fail(argv[at + 1]);
    at += 2;
  } else if (dpss_policy_new(&base)) {
    return fail("policy");
  }
  if (dpss_policy_clone(&alt, base))
    return fail("policy");
  for (; at < argc; at++)
    if (dpss_policy_set(alt, argv[at]))
      return fail(argv[at]);
  dpss_comparison *c = NULL;
  if (dpss_comparison_new(&c, base, alt))
    return fail("comparison");
  FILE *in = fopen(argv[1], "r");
  if (!in) {
    perror(argv[1]);
    return 1;
  }
  char *text = NULL;
  size_t cap = 0;
  ssize_t n;
  int status = 0;
  while (!status && (n = getline(&text, &cap, in)) > 0) {
    if (strspn(text, " \t\r\n") == (size_t)n)
      continue;
    dpss_recipient *r = NULL;
    if (dpss_recipient_from_json(&r, text)) {
      dpss_comparison_add_rejected(c);
      continue;
    }
    if (compare_one(c, base, alt, r, as_of, from, to))
      status = fail(dpss_recipient_id(r));
    dpss_recipient_free(r);
  }
  free(text);
  fclose(in);
  char *summary = NULL;
  FILE *out = fopen(argv[5], "w");
  if (!status &&
      (!out || dpss_comparison_to_json(c, &summary) || fprintf(out, "%s\n", summary) < 0))
    status = fail("summary");
  if (out && fclose(out))
    status = 1;
  dpss_free(summary);
  dpss_comparison_free(c);
  dpss_policy_free(alt);
  dpss_policy_free(base);
  return status;
}
