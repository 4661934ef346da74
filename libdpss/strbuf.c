/* SPDX-License-Identifier: MIT */
/* A growable string buffer for writing JSON and text without jansson. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void dpss_sb_init(dpss_sb *sb) {
  sb->p = NULL;
  sb->len = sb->cap = 0;
  sb->oom = false;
}

void dpss_sb_free(dpss_sb *sb) {
  free(sb->p);
  dpss_sb_init(sb);
}

bool dpss_sb_reserve(dpss_sb *sb, size_t extra) {
  if (sb->oom)
    return false;
  if (extra > SIZE_MAX / 2 - sb->len) {
    sb->oom = true;
    return false;
  }
  size_t need = sb->len + extra + 1;
  if (need <= sb->cap)
    return true;
  size_t cap = sb->cap ? sb->cap : 256;
  while (cap < need)
    cap *= 2;
  char *p = dpss__realloc(sb->p, cap);
  if (!p) {
    sb->oom = true;
    return false;
  }
  sb->p = p;
  sb->cap = cap;
  return true;
}

void dpss_sb_putn(dpss_sb *sb, const char *s, size_t n) {
  if (!dpss_sb_reserve(sb, n))
    return;
  memcpy(sb->p + sb->len, s, n);
  sb->len += n;
  sb->p[sb->len] = '\0';
}

void dpss_sb_putc(dpss_sb *sb, char c) { dpss_sb_putn(sb, &c, 1); }

void dpss_sb_puts(dpss_sb *sb, const char *s) { dpss_sb_putn(sb, s, strlen(s)); }

void dpss_sb_printf(dpss_sb *sb, const char *fmt, ...) {
  va_list ap;
  char small[256];
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    sb->oom = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    dpss_sb_putn(sb, small, (size_t)n);
    return;
  }
  if (!dpss_sb_reserve(sb, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sb->len += (size_t)n;
}

void dpss_sb_int(dpss_sb *sb, int64_t v) {
  char buf[24];
  char *e = buf + sizeof buf, *s = e;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    *--s = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0)
    *--s = '-';
  dpss_sb_putn(sb, s, (size_t)(e - s));
}

void dpss_sb_json_str(dpss_sb *sb, const char *s) {
  static const char hex[] = "0123456789abcdef";
  dpss_sb_putc(sb, '"');
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    dpss_sb_putn(sb, run, (size_t)(s - run));
    run = s + 1;
    switch (c) {
    case '"': dpss_sb_puts(sb, "\\\""); break;
    case '\\': dpss_sb_puts(sb, "\\\\"); break;
    case '\n': dpss_sb_puts(sb, "\\n"); break;
    case '\t': dpss_sb_puts(sb, "\\t"); break;
    case '\r': dpss_sb_puts(sb, "\\r"); break;
    default: {
      char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      dpss_sb_putn(sb, u, 6);
    }
    }
  }
  dpss_sb_putn(sb, run, (size_t)(s - run));
  dpss_sb_putc(sb, '"');
}

void dpss_sb_json_date(dpss_sb *sb, dpss_date d) {
  if (!dpss__date_valid(d)) {
    dpss_sb_puts(sb, "null");
    return;
  }
  char buf[DPSS_DATE_BUFSIZE + 2];
  buf[0] = '"';
  dpss__date_write(buf + 1, d);
  buf[11] = '"';
  dpss_sb_putn(sb, buf, 12);
}

void dpss_sb_json_pence(dpss_sb *sb, int64_t p) {
  if (p == DPSS_PENCE_NONE)
    dpss_sb_puts(sb, "null");
  else
    dpss_sb_int(sb, p);
}

void dpss_sb_json_fact(dpss_sb *sb, dpss_fact f) {
  dpss_sb_puts(sb, f == DPSS_TRUE ? "true" : f == DPSS_FALSE ? "false" : "null");
}

void dpss_sb_key(dpss_sb *sb, bool *first, const char *key) {
  if (!*first)
    dpss_sb_putc(sb, ',');
  *first = false;
  dpss_sb_putc(sb, '"');
  dpss_sb_puts(sb, key);
  dpss_sb_puts(sb, "\":");
}

int dpss_sb_finish(dpss_sb *sb, char **out) {
  if (!dpss_sb_reserve(sb, 0)) {
    dpss_sb_free(sb);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  sb->p[sb->len] = '\0';
  *out = sb->p;
  dpss_sb_init(sb);
  return DPSS_OK;
}
