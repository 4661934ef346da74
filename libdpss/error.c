/* SPDX-License-Identifier: MIT */
/* Status codes and the per-thread last error. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Messages and paths are cut to fit their fixed buffers on purpose. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static _Thread_local struct dpss_error last_error;

/* The enum in error.h and the list that makes the texts must agree. */
#define DPSS_CHECK_CODE_(name, value, text) \
  _Static_assert(DPSS_##name == (value), "DPSS_" #name " differs from DPSS_ERRNO_MAP");
DPSS_ERRNO_MAP(DPSS_CHECK_CODE_)
#undef DPSS_CHECK_CODE_

const char *dpss_strerror(int code) {
  switch (code) {
#define DPSS_ERRNO_TEXT_(name, value, text) \
  case value:                               \
    return text;
    DPSS_ERRNO_MAP(DPSS_ERRNO_TEXT_)
#undef DPSS_ERRNO_TEXT_
  default:
    return "unknown error";
  }
}

const char *dpss_status_name(int code) {
  switch (code) {
#define DPSS_ERRNO_NAME_(name, value, text) \
  case value:                               \
    return #name;
    DPSS_ERRNO_MAP(DPSS_ERRNO_NAME_)
#undef DPSS_ERRNO_NAME_
  default:
    return "EUNKNOWNCODE";
  }
}

const dpss_error *dpss_error_last(void) { return &last_error; }

void dpss_error_clear(void) { memset(&last_error, 0, sizeof last_error); }

int dpss_error_code(const dpss_error *err) { return err ? err->code : DPSS_EINVAL; }

const char *dpss_error_message(const dpss_error *err) { return err ? err->message : ""; }

const char *dpss_error_field(const dpss_error *err) { return err ? err->field : ""; }

int dpss_error_line(const dpss_error *err) { return err ? err->line : 0; }

int dpss_error_column(const dpss_error *err) { return err ? err->column : 0; }

static void set_message(const char *fmt, va_list ap) {
  char text[sizeof last_error.message];
  vsnprintf(text, sizeof text, fmt, ap);
  if (last_error.field[0] != '\0')
    snprintf(last_error.message, sizeof last_error.message, "%s: %s", last_error.field, text);
  else
    memcpy(last_error.message, text, sizeof text);
}

int dpss__fail(int code, const char *field, const char *fmt, ...) {
  va_list ap;
  last_error.code = code;
  last_error.line = 0;
  last_error.column = 0;
  snprintf(last_error.field, sizeof last_error.field, "%s", field ? field : "");
  va_start(ap, fmt);
  set_message(fmt, ap);
  va_end(ap);
  return code;
}

int dpss__fail_at(int code, int line, int column, const char *fmt, ...) {
  va_list ap;
  last_error.code = code;
  last_error.field[0] = '\0';
  va_start(ap, fmt);
  set_message(fmt, ap);
  va_end(ap);
  last_error.line = line;
  last_error.column = column;
  return code;
}

void dpss__error_set(const dpss_error *err) {
  if (err && err != &last_error)
    last_error = *err;
}

void dpss__error_set_position(int line, int column) {
  last_error.line = line;
  last_error.column = column;
}

void dpss__error_prefix_field(const char *prefix) {
  char field[sizeof last_error.field];
  char message[sizeof last_error.message];
  if (!prefix || !*prefix)
    return;
  if (last_error.field[0] == '\0')
    snprintf(field, sizeof field, "%s", prefix);
  else if (last_error.field[0] == '[')
    snprintf(field, sizeof field, "%s%s", prefix, last_error.field);
  else
    snprintf(field, sizeof field, "%s.%s", prefix, last_error.field);
  /* The message starts with the old field name when there was one. */
  size_t old = strlen(last_error.field);
  const char *rest = last_error.message;
  if (old && strncmp(rest, last_error.field, old) == 0 && rest[old] == ':')
    rest += old + 2;
  snprintf(message, sizeof message, "%s: %s", field, rest);
  memcpy(last_error.field, field, sizeof field);
  memcpy(last_error.message, message, sizeof message);
}
