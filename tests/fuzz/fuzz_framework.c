/* SPDX-License-Identifier: MIT */
/* Frameworks: one that loads (caps, prices and its call-offs checked) is
 * written back as JSON that loads again to the same text; its reports for
 * every contract year are valid JSON, and what each commissioner has
 * committed is within its caps. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  dpss_framework *f = NULL;
  int rc = dpss_framework_from_json(&f, text);
  if (rc != DPSS_OK) {
    fuzz_failed("dpss_framework_from_json", rc, f);
    free(text);
    return 0;
  }
  char *a, *b;
  FUZZ_WRITE(a, dpss_framework_to_json(f, &a), fuzz_json);
  dpss_framework *again = NULL;
  rc = dpss_framework_from_json(&again, a);
  FUZZ_CHECK(rc == DPSS_OK, "a framework written out does not load back (%s): %s",
             dpss_error_message(dpss_error_last()), a);
  FUZZ_WRITE(b, dpss_framework_to_json(again, &b), fuzz_json);
  FUZZ_CHECK(strcmp(a, b) == 0, "framework round trip differs\n1: %s\n2: %s", a, b);
  FUZZ_CHECK(dpss_framework_calloff_count(f) == dpss_framework_calloff_count(again),
             "call-offs lost in the round trip");
  for (int y = 0; y <= dpss_framework_years(f); y++) {
    char *r;
    FUZZ_WRITE(r, dpss_framework_report_json(f, y, &r), fuzz_json);
    dpss_free(r);
    MUST(dpss_framework_report_text(f, y, &r));
    dpss_free(r);
  }
  /* F2: nothing recorded passes a cap (the caps are in the report). */
  json_t *report = NULL;
  char *r;
  MUST(dpss_framework_report_json(f, 0, &r));
  report = json_loads(r, 0, NULL);
  json_t *cs = json_object_get(report, "commissioners");
  for (size_t i = 0; i < json_array_size(cs); i++) {
    json_t *c = json_array_get(cs, i), *years = json_object_get(c, "years");
    json_t *term = json_object_get(c, "term");
    FUZZ_CHECK(json_integer_value(json_object_get(term, "remaining_pence")) >= 0,
               "a commissioner is over its whole-term cap: %s", r);
    for (size_t k = 0; k < json_array_size(years); k++)
      FUZZ_CHECK(json_integer_value(json_object_get(json_array_get(years, k),
                                                    "remaining_pence")) >= 0,
                 "a commissioner is over an annual cap: %s", r);
  }
  json_decref(report);
  dpss_free(r);
  dpss_free(a);
  dpss_free(b);
  dpss_framework_free(f);
  dpss_framework_free(again);
  free(text);
  return 0;
}
