/* SPDX-License-Identifier: MIT */
/* Account audits (A1-A9): a statement read from CSV (the first input byte
 * odd) or JSON Lines (even), then audited for a fixed recipient.
 *
 * - Reading accounts for every line: in JSON Lines each line that is not
 *   blank is a statement line or an error (never both, never neither); in
 *   CSV each statement line comes from its own file line after the header.
 * - An audit over the statement's own dates adds up to the penny: opening +
 *   in - out, plus the differences its A2 findings report, is the closing
 *   balance; its findings name real rules and real lines; it
 *   writes valid JSON, CSV and HTML; recorded on the recipient, the
 *   recipient still writes JSON that loads.
 * - With one allocation failing (chosen from the input), reading and
 *   auditing are ENOMEM with nothing made, or give the same answer. */
#include "fuzz.h"

#include <limits.h>

static const char RECIPIENT[] =
    "{\"id\":\"R-A1\",\"payment_method\":\"managed_account\",\"employs_pas\":true,"
    "\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":50000},"
    "{\"source\":\"health\",\"weekly_pence\":7000}],\"contribution_weekly_pence\":2000,"
    "\"dp_start\":\"2026-01-05\",\"support_plan\":{\"paye\":true,\"lines\":["
    "{\"category\":\"pa_wages\",\"payee\":\"PA-1\",\"weekly_pence\":30000},"
    "{\"category\":\"hmrc\",\"payee\":\"HMRC\"},"
    "{\"category\":\"agency_care\",\"payee\":\"Bright Homecare Ltd\"},"
    "{\"category\":\"insurance\",\"payee\":\"Shield Insurance\"}]},"
    "\"employer\":{\"insurance\":[{\"from\":\"2026-01-01\",\"to\":\"2026-12-31\"}],"
    "\"pas\":[{\"id\":\"PA-1\",\"contract\":true,\"dbs_checked\":\"2024-05-01\"}]}}";

static int read_statement(dpss_statement **out, int csv, const char *text) {
  return csv ? dpss_statement_from_csv(out, text, NULL) : dpss_statement_from_jsonl(out, text, NULL);
}

static int has_error_line(const dpss_statement *s, size_t line) {
  for (size_t i = 0; i < dpss_statement_error_count(s); i++)
    if (dpss_statement_error_line(s, i) == line)
      return 1;
  return 0;
}

static void check_accounting(const dpss_statement *s, int csv, const char *text) {
  size_t n = dpss_statement_line_count(s), prev = 0;
  for (size_t i = 0; i < n; i++) {
    size_t at = dpss_statement_source_line(s, i);
    FUZZ_CHECK(at > prev && at >= (size_t)(csv ? 2 : 1), "statement line %zu from file line %zu "
               "(the one before from %zu)", i + 1, at, prev);
    FUZZ_CHECK(!has_error_line(s, at), "file line %zu both read and an error", at);
    prev = at;
  }
  for (size_t i = 0; i < dpss_statement_error_count(s); i++) {
    FUZZ_CHECK(dpss_statement_error_code(s, i) < 0, "error %zu without a code", i);
    FUZZ_CHECK(dpss_statement_error_message(s, i)[0] != '\0', "error %zu without a message", i);
  }
  if (csv)
    return;
  /* JSON Lines: every line that is not blank is accounted for. */
  const char *pos = text;
  if (strncmp(pos, "\xEF\xBB\xBF", 3) == 0)
    pos += 3;
  size_t line = 0, k = 0;
  while (*pos) {
    line++;
    size_t len = strcspn(pos, "\n");
    int blank = 1;
    for (size_t i = 0; i < len && blank; i++)
      blank = pos[i] == ' ' || pos[i] == '\t' || pos[i] == '\r';
    if (!blank) {
      int read = k < n && dpss_statement_source_line(s, k) == line;
      k += read;
      FUZZ_CHECK(read || has_error_line(s, line), "line %zu neither read nor an error", line);
    }
    pos += len + (pos[len] == '\n');
  }
  FUZZ_CHECK(k == n, "statement lines from lines that are not in the input");
}

static int run(dpss_audit **out, const dpss_recipient *r, const dpss_statement *s, dpss_date from,
               dpss_date to) {
  return dpss_audit_run(out, NULL, r, s, from, to, 0, DPSS_PENCE_NONE);
}

static void check_audit(const dpss_audit *a, const dpss_statement *s, const dpss_recipient *r) {
  int64_t open = dpss_audit_opening_pence(a), in = dpss_audit_in_pence(a),
          out = dpss_audit_out_pence(a), close = dpss_audit_closing_pence(a);
  FUZZ_CHECK(in >= 0 && out >= 0, "money in %lld, out %lld", (long long)in, (long long)out);
  /* Every penny the balances do not account for is an A2 finding. */
  int64_t unreconciled = 0;
  for (size_t i = 0; i < dpss_audit_finding_count(a); i++) {
    const char *rule = dpss_audit_finding_rule(a, i);
    if (rule && strcmp(rule, "A2") == 0)
      unreconciled += dpss_audit_finding_pence(a, i);
    FUZZ_CHECK(rule && dpss_rule_find(rule) >= 0, "finding %zu names no rule", i);
    FUZZ_CHECK(dpss_audit_finding_because(a, i)[0] != '\0', "finding %zu without a reason", i);
    for (size_t k = 0; k < dpss_audit_finding_line_count(a, i); k++) {
      size_t line = dpss_audit_finding_line(a, i, k);
      FUZZ_CHECK(line >= 1 && line <= dpss_statement_line_count(s),
                 "finding %zu names line %zu of %zu", i, line, dpss_statement_line_count(s));
    }
  }
  FUZZ_CHECK(open + in - out + unreconciled == close, "%lld + %lld - %lld + %lld (A2) is not "
             "%lld", (long long)open, (long long)in, (long long)out, (long long)unreconciled,
             (long long)close);
  char *json, *csv = NULL, *html = NULL, *back;
  FUZZ_WRITE(json, dpss_audit_to_json(a, &json), fuzz_json);
  MUST(dpss_audit_findings_to_csv(a, 1, &csv));
  FUZZ_CHECK(strncmp(csv, "id,rule,kind,lines,pence,because\r\n", 34) == 0, "no CSV header");
  MUST(dpss_audit_to_html(a, s, &html));
  FUZZ_CHECK(strstr(html, "</html>") != NULL, "the audit sheet is not a whole page");
  dpss_recipient *copy = NULL, *again = NULL;
  MUST(dpss_recipient_clone(&copy, r));
  MUST(dpss_audit_record(a, copy));
  FUZZ_WRITE(back, dpss_recipient_to_json(copy, &back), fuzz_json);
  int rc = dpss_recipient_from_json(&again, back);
  FUZZ_CHECK(rc == DPSS_OK, "the recipient with the audit recorded does not load back (%s): %s",
             dpss_error_message(dpss_error_last()), back);
  dpss_recipient_free(again);
  dpss_recipient_free(copy);
  dpss_free(back);
  dpss_free(json);
  dpss_free(csv);
  dpss_free(html);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  int csv = data[0] & 1;
  char *text = fuzz_text(data + 1, size - 1);
  dpss_statement *s = NULL;
  int rc = read_statement(&s, csv, text);
  if (rc != DPSS_OK) {
    fuzz_failed(csv ? "dpss_statement_from_csv" : "dpss_statement_from_jsonl", rc, s);
    free(text);
    return 0;
  }
  check_accounting(s, csv, text);

  /* Reading with one allocation failing. */
  dpss__fault_set(LONG_MAX, 0);
  dpss_statement *t = NULL;
  MUST(read_statement(&t, csv, text));
  long n = dpss__fault_count();
  dpss__fault_set(0, 0);
  dpss_statement_free(t);
  long k = fuzz_pick(data, size, n);
  t = NULL;
  dpss__fault_set(k, 0);
  rc = read_statement(&t, csv, text);
  dpss__fault_set(0, 0);
  if (rc == DPSS_OK)
    FUZZ_CHECK(dpss_statement_line_count(t) == dpss_statement_line_count(s) &&
                   dpss_statement_error_count(t) == dpss_statement_error_count(s),
               "allocation %ld failing: a different statement", k);
  else
    FUZZ_CHECK(rc == DPSS_ENOMEM && t == NULL, "allocation %ld failing: %s", k,
               dpss_status_name(rc));
  dpss_statement_free(t);

  size_t lines = dpss_statement_line_count(s);
  dpss_recipient *r = NULL;
  MUST(dpss_recipient_from_json(&r, RECIPIENT));
  dpss_date from = DPSS_DATE_NONE, to = DPSS_DATE_NONE;
  for (size_t i = 0; i < lines; i++) {
    dpss_date d = dpss_statement_date(s, i);
    if (from == DPSS_DATE_NONE || d < from)
      from = d;
    if (to == DPSS_DATE_NONE || d > to)
      to = d;
  }
  dpss_audit *a = NULL;
  rc = run(&a, r, s, from, to);
  if (rc != DPSS_OK) {
    fuzz_failed("dpss_audit_run", rc, a);
    FUZZ_CHECK(dpss_statement_error_count(s) > 0 || lines == 0 || rc == DPSS_EDATE ||
                   rc == DPSS_EOVERFLOW || rc == DPSS_ERANGE || rc == DPSS_EMISSING,
               "a statement without errors refused with %s: %s", dpss_status_name(rc),
               dpss_error_message(dpss_error_last()));
  } else {
    check_audit(a, s, r);
    char *want;
    MUST(dpss_audit_to_json(a, &want));
    /* The same audit with one allocation failing, then with the rest too. */
    dpss__fault_set(LONG_MAX, 0);
    dpss_audit *b = NULL;
    MUST(run(&b, r, s, from, to));
    n = dpss__fault_count();
    dpss__fault_set(0, 0);
    dpss_audit_free(b);
    k = fuzz_pick(data, size, n);
    for (int sticky = 0; sticky <= 1; sticky++) {
      b = NULL;
      dpss__fault_set(k, sticky);
      rc = run(&b, r, s, from, to);
      dpss__fault_set(0, 0);
      if (rc == DPSS_OK) {
        char *got;
        MUST(dpss_audit_to_json(b, &got));
        FUZZ_CHECK(strcmp(got, want) == 0, "allocation %ld failing: a different audit", k);
        dpss_free(got);
      } else {
        FUZZ_CHECK(rc == DPSS_ENOMEM && b == NULL, "allocation %ld failing: %s", k,
                   dpss_status_name(rc));
      }
      dpss_audit_free(b);
    }
    dpss_free(want);
  }
  dpss_audit_free(a);
  dpss_recipient_free(r);
  dpss_statement_free(s);
  free(text);
  return 0;
}
