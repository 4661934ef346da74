/* SPDX-License-Identifier: MIT */
/* Shared by the libFuzzer harnesses in tests/fuzz/ (see README.md there).
 *
 * A harness gets arbitrary bytes, hands them to one public loader and then
 * checks what the library promises: no crash, leak or undefined behaviour
 * (AddressSanitizer, UndefinedBehaviorSanitizer), a failed call sets
 * *out = NULL and reports a real status code, whatever it accepts it writes
 * back as valid JSON that loads again to the same thing. A broken promise
 * aborts with a message, which libFuzzer reports as a crash and saves. */
#ifndef DPSS_FUZZ_H
#define DPSS_FUZZ_H

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dpss.h"
#include "../../libdpss/internal.h"

/* Abort (a finding) unless cond holds. */
#define FUZZ_CHECK(cond, ...)                              \
  do {                                                     \
    if (!(cond)) {                                         \
      fprintf(stderr, "fuzz check failed: " __VA_ARGS__);  \
      fputc('\n', stderr);                                 \
      abort();                                             \
    }                                                      \
  } while (0)

/* A call that must succeed. */
#define MUST(call)                                                                   \
  do {                                                                               \
    int rc_ = (call);                                                                \
    FUZZ_CHECK(rc_ == DPSS_OK, "%s: %s: %s", #call, dpss_status_name(rc_),           \
               dpss_error_message(dpss_error_last()));                               \
  } while (0)

/* The input as a C string (the API takes NUL-terminated text; an input with a
 * NUL byte in it is read up to the NUL). Caller frees. */
static inline char *fuzz_text(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s)
    abort();
  if (size)
    memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

/* A failed call: a real status code with a message, and nothing made. */
static inline void fuzz_failed(const char *what, int rc, const void *out) {
  const dpss_error *e = dpss_error_last();
  FUZZ_CHECK(rc < 0 && strcmp(dpss_status_name(rc), "EUNKNOWNCODE") != 0,
             "%s returned %d", what, rc);
  FUZZ_CHECK(dpss_error_code(e) == rc, "%s returned %s but the last error is %s", what,
             dpss_status_name(rc), dpss_status_name(dpss_error_code(e)));
  FUZZ_CHECK(dpss_error_message(e)[0] != '\0', "%s failed without a message", what);
  FUZZ_CHECK(out == NULL, "%s failed but made an object", what);
}

/* Text the library wrote must be one JSON value (jansson reads it back,
 * with no duplicate key). */
static inline void fuzz_json(const char *what, const char *text) {
  json_error_t e;
  FUZZ_CHECK(text != NULL, "%s wrote nothing", what);
  json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &e);
  FUZZ_CHECK(v != NULL, "%s wrote invalid JSON (%s at %d:%d): %s", what, e.text, e.line,
             e.column, text);
  json_decref(v);
}

/* JSON Lines: each line one JSON object. */
static inline void fuzz_jsonl(const char *what, const char *text) {
  FUZZ_CHECK(text != NULL, "%s wrote nothing", what);
  const char *line = text;
  while (*line) {
    const char *end = strchr(line, '\n');
    FUZZ_CHECK(end != NULL, "%s: the last line has no newline: %s", what, text);
    json_error_t e;
    json_t *v = json_loadb(line, (size_t)(end - line), JSON_REJECT_DUPLICATES, &e);
    FUZZ_CHECK(json_is_object(v), "%s wrote a line that is not a JSON object (%s): %.*s", what,
               e.text, (int)(end - line), line);
    json_decref(v);
    line = end + 1;
  }
}

/* Write with `write` (a dpss_*_to_json-like call), check the JSON, hand it back. */
#define FUZZ_WRITE(out, call, checker)                                              \
  do {                                                                              \
    (out) = NULL;                                                                   \
    MUST(call);                                                                     \
    checker(#call, (out));                                                          \
  } while (0)

/* An allocation to fail, chosen from the input (FNV-1a), among the n an
 * operation makes: 1..n. */
static inline long fuzz_pick(const uint8_t *data, size_t size, long n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; i++)
    h = (h ^ data[i]) * 16777619u;
  return n > 0 ? 1 + (long)(h % (uint32_t)n) : 1;
}

/* ------------------------------------------------------------- fixed data */

/* The sample network and framework of examples/data, and a policy that
 * changes on a date, pays monthly on the gross basis and sets more. */
static const char FUZZ_NETWORK[] =
    "{\"id\":\"notts-2014\",\"lead\":\"P-LEAD\",\"providers\":["
    "{\"id\":\"P-LEAD\",\"name\":\"Lead Agent Ltd\",\"role\":\"lead\",\"specialisms\":[],"
    "\"capacity\":400,\"caseload\":120,\"accredited\":true},"
    "{\"id\":\"P-SENS\",\"name\":\"Sensory Support CIC\",\"role\":\"associate\","
    "\"specialisms\":[\"sensory_impairment\"],\"capacity\":60,\"caseload\":10,"
    "\"accredited\":true},"
    "{\"id\":\"P-DEM\",\"name\":\"Dementia Direct\",\"role\":\"associate\","
    "\"specialisms\":[\"dementia\"],\"capacity\":60,\"caseload\":58,\"accredited\":false}]}";

static const char FUZZ_FRAMEWORK[] =
    "{\"id\":\"notts-dpss-2020\",\"start\":\"2020-10-01\",\"years\":4,"
    "\"commissioners\":[{\"id\":\"CITY\",\"name\":\"Nottingham City Council\","
    "\"annual_cap_pence\":57100000,\"total_cap_pence\":228400000,"
    "\"approval_threshold_pence\":1000000},{\"id\":\"COUNTY\",\"name\":"
    "\"Nottinghamshire County Council\",\"annual_cap_pence\":50000000,"
    "\"total_cap_pence\":200000000},{\"id\":\"CITY-CCG\",\"name\":\"Nottingham City CCG\","
    "\"annual_cap_pence\":5000000,\"total_cap_pence\":20000000}],"
    "\"prices\":{\"start_up_pence\":101200,\"payroll_per_year_pence\":30000,"
    "\"managed_account_per_month_pence\":1500,\"one_off_issue_pence\":4500},"
    "\"call_offs\":[{\"id\":\"C-1\",\"commissioner\":\"CITY\",\"recipient\":\"R-000123\","
    "\"start\":\"2021-01-01\",\"end\":\"2021-12-31\",\"items\":[{\"service\":\"payroll\","
    "\"quantity\":1}],\"cost_pence\":30000},{\"id\":\"C-2\",\"funding\":[{\"commissioner\":"
    "\"CITY\",\"weekly_pence\":45000},{\"commissioner\":\"CITY-CCG\",\"weekly_pence\":5000}],"
    "\"recipient\":\"R-000124\",\"start\":\"2021-03-01\",\"end\":\"2022-02-28\",\"items\":["
    "{\"service\":\"start_up\",\"quantity\":1},{\"service\":\"managed_account\","
    "\"quantity\":12}]}]}";

static const char FUZZ_POLICY[] =
    "{\"id\":\"fuzz\",\"version\":\"1\",\"parameters\":{"
    "\"surplus_threshold_weeks\":[{\"from\":\"2013-10-28\",\"value\":6},"
    "{\"from\":\"2027-04-01\",\"value\":8}],\"payment_basis\":\"gross\","
    "\"payment_frequency\":[{\"from\":\"2026-06-01\",\"value\":\"monthly\"}],"
    "\"surplus_triggers_review\":false,\"issue_escalation_days\":30,"
    "\"min_associates\":1}}";

static inline dpss_date fuzz_date(const char *text) {
  dpss_date d;
  MUST(dpss_date_parse(&d, text));
  return d;
}

#endif
