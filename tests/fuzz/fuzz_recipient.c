/* SPDX-License-Identifier: MIT */
/* Recipient records through both readers: the fast one (recipient_fast.c)
 * and the full one (jansson, recipient.c). Whatever the fast reader accepts,
 * the full one accepts too and both give the same record (the same JSON
 * written back); dpss_recipient_from_json agrees with them, error and all;
 * an accepted record written out, read back and written again is the same
 * text, and so is its clone. Read again with an allocation failing, it is
 * ENOMEM or the same answer. */
#include "fuzz.h"

#include <limits.h>

static char *to_json(const dpss_recipient *r) {
  char *s;
  FUZZ_WRITE(s, dpss_recipient_to_json(r, &s), fuzz_json);
  return s;
}

/* The same text read again with one allocation failing (chosen from the
 * input), then with it and every later one failing: DPSS_ENOMEM and nothing
 * made, or the same answer as without failure (the same record, or the same
 * error). */
static void under_failure(const char *text, int want_rc, const char *want, const uint8_t *data,
                          size_t size) {
  dpss_recipient *r = NULL;
  dpss__fault_set(LONG_MAX, 0);
  dpss_recipient_from_json(&r, text);
  long n = dpss__fault_count();
  dpss__fault_set(0, 0);
  dpss_recipient_free(r);
  long k = fuzz_pick(data, size, n);
  for (int sticky = 0; sticky <= 1; sticky++) {
    r = NULL;
    dpss__fault_set(k, sticky);
    int rc = dpss_recipient_from_json(&r, text);
    dpss__fault_set(0, 0);
    if (rc == DPSS_ENOMEM) {
      FUZZ_CHECK(r == NULL, "ENOMEM but a record was made");
      continue;
    }
    FUZZ_CHECK(rc == want_rc, "allocation %ld of %ld failing%s: %s instead of %s", k, n,
               sticky ? " (and the rest)" : "", dpss_status_name(rc), dpss_status_name(want_rc));
    if (rc == DPSS_OK) {
      char *got = to_json(r);
      FUZZ_CHECK(strcmp(got, want) == 0, "allocation %ld failing: a different record\n%s\n%s", k,
                 got, want);
      dpss_free(got);
      dpss_recipient_free(r);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  dpss_recipient *fast = NULL, *full = NULL, *api = NULL;

  int took = dpss__recipient_fast(&fast, text);
  FUZZ_CHECK(took ? fast != NULL : fast == NULL, "the fast reader's result and *out disagree");

  json_t *v = NULL;
  int full_rc = dpss__json_parse(&v, text);
  if (full_rc == DPSS_OK)
    full_rc = dpss__recipient_from_value(&full, v);
  json_decref(v);
  char full_code[32], full_field[160];
  snprintf(full_code, sizeof full_code, "%s", dpss_status_name(full_rc));
  snprintf(full_field, sizeof full_field, "%s", dpss_error_field(dpss_error_last()));

  int api_rc = dpss_recipient_from_json(&api, text);
  if (api_rc != DPSS_OK)
    fuzz_failed("dpss_recipient_from_json", api_rc, api);

  if (took) {
    FUZZ_CHECK(full_rc == DPSS_OK, "the fast reader accepted what the full one refuses (%s %s)",
               full_code, full_field);
    FUZZ_CHECK(api_rc == DPSS_OK, "dpss_recipient_from_json refused what the fast reader took");
  } else {
    FUZZ_CHECK(api_rc == full_rc, "dpss_recipient_from_json gave %s, the full reader %s",
               dpss_status_name(api_rc), full_code);
    if (api_rc != DPSS_OK)
      FUZZ_CHECK(strcmp(dpss_error_field(dpss_error_last()), full_field) == 0,
                 "dpss_recipient_from_json names field %s, the full reader %s",
                 dpss_error_field(dpss_error_last()), full_field);
  }

  if (api_rc != DPSS_OK)
    under_failure(text, api_rc, NULL, data, size);
  if (api_rc == DPSS_OK) {
    char *a = to_json(api);
    under_failure(text, DPSS_OK, a, data, size);
    if (took) {
      char *f = to_json(fast), *s = to_json(full);
      FUZZ_CHECK(strcmp(f, s) == 0, "the readers differ\nfast: %s\nfull: %s", f, s);
      FUZZ_CHECK(strcmp(a, f) == 0, "the API differs from the fast reader");
      dpss_free(f);
      dpss_free(s);
    } else {
      char *s = to_json(full);
      FUZZ_CHECK(strcmp(a, s) == 0, "the API differs from the full reader");
      dpss_free(s);
    }
    /* The round trip and the clone. */
    dpss_recipient *again = NULL, *clone = NULL;
    MUST(dpss_recipient_from_json(&again, a));
    char *b = to_json(again);
    FUZZ_CHECK(strcmp(a, b) == 0, "written, read back and written again differs\n1: %s\n2: %s",
               a, b);
    MUST(dpss_recipient_clone(&clone, api));
    char *c = to_json(clone);
    FUZZ_CHECK(strcmp(a, c) == 0, "the clone differs\n1: %s\n2: %s", a, c);
    FUZZ_CHECK(strcmp(dpss_recipient_id(api), dpss_recipient_id(clone)) == 0, "clone id");
    dpss_free(a);
    dpss_free(b);
    dpss_free(c);
    dpss_recipient_free(again);
    dpss_recipient_free(clone);
  }
  dpss_recipient_free(fast);
  dpss_recipient_free(full);
  dpss_recipient_free(api);
  free(text);
  return 0;
}
