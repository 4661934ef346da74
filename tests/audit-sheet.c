/* SPDX-License-Identifier: MIT */
/* Write the audit summary sheet of one sample account, for
 * tests/check-audit-sheet.sh to render:
 *   audit-sheet CASELOAD.jsonl STATEMENT.csv FROM TO OUT.html
 * The recipient is the caseload record whose id is the statement's file
 * name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dpss.h>

static int fail(const char *what) {
  fprintf(stderr, "audit-sheet: %s: %s\n", what, dpss_error_message(dpss_error_last()));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: audit-sheet CASELOAD.jsonl STATEMENT.csv FROM TO OUT.html\n");
    return 2;
  }
  const char *base = strrchr(argv[2], '/');
  char id[80];
  snprintf(id, sizeof id, "%s", base ? base + 1 : argv[2]);
  char *dot = strrchr(id, '.');
  if (dot)
    *dot = '\0';
  FILE *f = fopen(argv[1], "r");
  if (!f)
    return 1;
  char line[65536], want[100];
  snprintf(want, sizeof want, "{\"id\":\"%s\"", id);
  dpss_recipient *r = NULL;
  while (!r && fgets(line, sizeof line, f))
    if (strncmp(line, want, strlen(want)) == 0 && dpss_recipient_from_json(&r, line))
      return fail("recipient");
  fclose(f);
  if (!r)
    return fail("no such recipient");
  dpss_statement *s = NULL;
  dpss_date from, to;
  dpss_audit *a = NULL;
  char *html = NULL;
  if (dpss_statement_from_csv_file(&s, argv[2], NULL) || dpss_statement_error_count(s))
    return fail("statement");
  if (dpss_date_parse(&from, argv[3]) || dpss_date_parse(&to, argv[4]))
    return fail("dates");
  if (dpss_audit_run(&a, NULL, r, s, from, to, DPSS_PENCE_NONE, DPSS_PENCE_NONE))
    return fail("audit");
  if (dpss_audit_to_html(a, s, &html))
    return fail("sheet");
  FILE *out = fopen(argv[5], "w");
  if (!out || fputs(html, out) < 0 || fclose(out) != 0)
    return 1;
  dpss_free(html);
  dpss_audit_free(a);
  dpss_statement_free(s);
  dpss_recipient_free(r);
  return 0;
}
