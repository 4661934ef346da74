/* SPDX-License-Identifier: MIT */
/* Call-offs added to a fixed framework (the sample of examples/data): one
 * that is recorded adds exactly one call-off, keeps every cap (F2), and the
 * framework still writes JSON that loads back to the same text; one that is
 * refused changes nothing (the framework writes the same text as before). */
#include "fuzz.h"

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
    dpss_free(id);
    dpss_framework_free(again);
  }
  dpss_free(before);
  dpss_free(after);
  dpss_framework_free(f);
  free(text);
  return 0;
}
