/* SPDX-License-Identifier: MIT */
/* Shared helpers for the cmocka tests. */
#ifndef DPSS_TEST_HELPERS_H
#define DPSS_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dpss.h>

static inline dpss_date D(const char *text) {
  dpss_date d = DPSS_DATE_NONE;
  assert_int_equal(dpss_date_parse(&d, text), DPSS_OK);
  return d;
}

/* Assert the last error's code and that its field path is as expected. */
static inline void assert_error(int rc, int code, const char *field) {
  const dpss_error *e = dpss_error_last();
  assert_int_equal(rc, code);
  assert_int_equal(dpss_error_code(e), code);
  if (field) {
    assert_string_equal(dpss_error_field(e), field);
    assert_non_null(strstr(dpss_error_message(e), field));
  }
}

/* Path of a file under the source tree's tests/ folder. */
static inline const char *srcpath(const char *rel, char *buf, size_t size) {
  const char *top = getenv("srcdir");
  snprintf(buf, size, "%s/%s", top ? top : "tests", rel);
  return buf;
}

static inline char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
    free(s);
    s = NULL;
  }
  if (s)
    s[n] = '\0';
  fclose(f);
  return s;
}

#endif
