/* SPDX-License-Identifier: MIT */
/* Call-offs added to a fixed framework (the sample of examples/data): one
 * that is recorded adds exactly one call-off, keeps every cap (F2), and the
 * framework still writes JSON that loads back to the same text; one that is
 * refused changes nothing (the framework writes the same text as before).
 * Added again with an allocation failing, it is ENOMEM with nothing changed
 * or the same answer. */
#include "fuzz.h"

#include <limits.h>

/* The same call-off added to a fresh framework with one allocation failing
 * (chosen from the input), then with every later one too: ENOMEM with the
 * framework unchanged, or the same answer as without failure. */
static void under_failure(const char *text, int want_rc, const char *want, const char *want_id,
                          const uint8_t *data, size_t size) {
  dpss_framework *f = NULL;
  char *before, *after, *id = NULL;
  MUST(dpss_framework_from_json(&f, FUZZ_FRAMEWORK));
  MUST(dpss_framework_to_json(f, &before));
  dpss__fault_set(LONG_MAX, 0);
  int rc = dpss_framework_add_calloff(f, text, &id);
  long n = dpss__fault_count();
  dpss__fault_set(0, 0);
  dpss_free(id);
  dpss_framework_free(f);
  long k = fuzz_pick(data, size, n);
  for (int sticky = 0; sticky <= 1; sticky++) {
    MUST(dpss_framework_from_json(&f, FUZZ_FRAMEWORK));
    id = NULL;
    dpss__fault_set(k, sticky);
    rc = dpss_framework_add_calloff(f, text, &id);
    dpss__fault_set(0, 0);
    MUST(dpss_framework_to_json(f, &after));
    if (rc == DPSS_ENOMEM) {
      FUZZ_CHECK(id == NULL, "ENOMEM but an id was given");
      FUZZ_CHECK(strcmp(before, after) == 0, "allocation %ld failing: ENOMEM but the framework "
                 "changed", k);
    } else {
      FUZZ_CHECK(rc == want_rc, "allocation %ld of %ld failing%s: %s instead of %s", k, n,
                 sticky ? " (and the rest)" : "", dpss_status_name(rc),
                 dpss_status_name(want_rc));
      /* A generated id differs from run to run: compare only a given one. */
      if (rc == DPSS_OK && strcmp(id, want_id) == 0)
        FUZZ_CHECK(strcmp(after, want) == 0, "allocation %ld failing: a different framework", k);
      if (rc != DPSS_OK)
        FUZZ_CHECK(strcmp(before, after) == 0, "a refused call-off changed the framework");
    }
    dpss_free(id);
    dpss_free(after);
    dpss_framework_free(f);
  }
  dpss_free(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  dpss_framework *f = NULL;
  MUST(dpss_framework_from_json(&f, FUZZ_FRAMEWORK));
  char *before, *after, *id = (char *)"untouched";
  MUST(dpss_framework_to_json(f, &before));
  size_t n = dpss_framework_calloff_count(f);
  int rc = dpss_framework_add_calloff(f, text, &id);
  FUZZ_WRITE(after, dpss_framework_to_json(f, &after), fuzz_json);
  if (rc != DPSS_OK) {
    fuzz_failed("dpss_framework_add_calloff", rc, id);
    FUZZ_CHECK(strcmp(before, after) == 0, "a refused call-off changed the framework");
    FUZZ_CHECK(dpss_framework_calloff_count(f) == n, "a refused call-off was counted");
  } else {
    FUZZ_CHECK(dpss_framework_calloff_count(f) == n + 1, "not exactly one call-off added");
    FUZZ_CHECK(id && strstr(after, id), "the new call-off's id is not in the framework");
    dpss_framework *again = NULL;
    char *b;
    rc = dpss_framework_from_json(&again, after);
    FUZZ_CHECK(rc == DPSS_OK, "the framework with the call-off does not load back (%s): %s",
               dpss_error_message(dpss_error_last()), after);
    FUZZ_WRITE(b, dpss_framework_to_json(again, &b), fuzz_json);
    FUZZ_CHECK(strcmp(after, b) == 0, "round trip differs\n1: %s\n2: %s", after, b);
    static const char *const who[] = {"CITY", "COUNTY", "CITY-CCG"};
    static const int64_t annual[] = {57100000, 50000000, 5000000};
    static const int64_t total[] = {228400000, 200000000, 20000000};
    for (size_t i = 0; i < 3; i++) {
      FUZZ_CHECK(dpss_framework_committed(f, who[i], 0) <= total[i], "%s over its term cap",
                 who[i]);
      for (int y = 1; y <= dpss_framework_years(f); y++)
        FUZZ_CHECK(dpss_framework_committed(f, who[i], y) <= annual[i],
                   "%s over its cap in year %d", who[i], y);
    }
    dpss_free(b);
    dpss_framework_free(again);
  }
  under_failure(text, rc, after, rc == DPSS_OK ? id : "", data, size);
  if (rc == DPSS_OK)
    dpss_free(id);
  dpss_free(before);
  dpss_free(after);
  dpss_framework_free(f);
  free(text);
  return 0;
}
