/* SPDX-License-Identifier: MIT */
/* Output of the dpss tool: standard output or the -o file, every write
 * checked (a full disk or a closed pipe is an error, exit 2, never a short
 * file passed off as complete); growable buffers; and text from records
 * made safe for a terminal. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static char stdout_buffer[1 << 16];

int output_open(struct output *o, const char *path) {
  memset(o, 0, sizeof *o);
  if (!path || strcmp(path, "-") == 0) {
    o->fp = stdout;
    o->name = "standard output";
    if (isatty(STDOUT_FILENO))
      progress_output_is_terminal();
    setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
    return 0;
  }
  o->fp = fopen(path, "w");
  o->name = path;
  if (!o->fp) {
    fprintf(stderr, "dpss: %s: cannot open for writing: %s\n", path, strerror(errno));
    return EXIT_USAGE;
  }
  o->own = true;
  setvbuf(o->fp, NULL, _IOFBF, 1 << 16);
  return 0;
}

void output_write(struct output *o, const char *s, size_t n) {
  if (o->failed || n == 0)
    return;
  if (fwrite(s, 1, n, o->fp) != n) {
    o->failed = true;
    o->err = errno ? errno : EIO;
  }
}

void output_puts(struct output *o, const char *s) { output_write(o, s, strlen(s)); }

char *vformat(char *small, size_t cap, int *n, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  *n = vsnprintf(small, cap, fmt, ap);
  char *text = *n < 0 ? NULL : (size_t)*n < cap ? small : malloc((size_t)*n + 1);
  if (text && text != small)
    vsnprintf(text, (size_t)*n + 1, fmt, again);
  va_end(again);
  return text;
}

void output_printf(struct output *o, const char *fmt, ...) {
  char small[512];
  int n;
  va_list ap;
  va_start(ap, fmt);
  char *text = vformat(small, sizeof small, &n, fmt, ap);
  va_end(ap);
  if (!text) {
    o->failed = true;
    o->err = n < 0 ? EINVAL : ENOMEM;
    return;
  }
  output_write(o, text, (size_t)n);
  if (text != small)
    free(text);
}

int output_close(struct output *o) {
  if (!o->fp)
    return 0;
  if (!o->failed && fflush(o->fp) != 0) {
    o->failed = true;
    o->err = errno ? errno : EIO;
  }
  if (o->own && fclose(o->fp) != 0 && !o->failed) {
    o->failed = true;
    o->err = errno ? errno : EIO;
  }
  o->fp = NULL;
  if (o->failed) {
    fprintf(stderr, "dpss: %s: cannot write: %s\n", o->name, strerror(o->err));
    return EXIT_USAGE;
  }
  return 0;
}

/* -------------------------------------------------------------- buffers */

void buf_put(struct buf *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->oom = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_vput(struct buf *b, void (*put)(struct buf *, const char *), const char *fmt,
              va_list ap) {
  char small[1024];
  int n;
  char *text = vformat(small, sizeof small, &n, fmt, ap);
  if (!text) {
    if (n >= 0)
      b->oom = true;
    return;
  }
  put(b, text);
  if (text != small)
    free(text);
}

void buf_printf(struct buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vput(b, buf_puts, fmt, ap);
  va_end(ap);
}

void buf_free(struct buf *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}

void buf_json_str(struct buf *b, const char *s) {
  buf_put(b, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') {
      char e[2] = {'\\', (char)*p};
      buf_put(b, e, 2);
    } else if (*p < 0x20) {
      buf_printf(b, "\\u%04x", *p);
    } else {
      buf_put(b, (const char *)p, 1);
    }
  }
  buf_put(b, "\"", 1);
}

/* ------------------------------------------------------------ sanitising */

/* Code points that steer a terminal or the text's direction. */
static bool unsafe_code_point(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

/* The length of the well-formed UTF-8 sequence at s (and its code point),
 * or 0. */
static size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (!len || len > n)
    return 0;
  uint32_t v = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; k++) {
    if ((s[k] & 0xC0) != 0x80)
      return 0;
    v = v << 6 | (s[k] & 0x3F);
  }
  if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
      (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
    return 0;
  *cp = v;
  return len;
}

void buf_sanitized(struct buf *b, const char *s, size_t max) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s), i = 0;
  while (i < n) {
    if (i >= max) {
      buf_puts(b, "...");
      return;
    }
    unsigned c = p[i];
    if (c >= 0x20 && c < 0x7F) {
      if (c == '\\')
        buf_put(b, "\\", 1);
      buf_put(b, (const char *)p + i, 1);
      i++;
      continue;
    }
    uint32_t cp;
    size_t len = c >= 0x80 ? utf8_char(p + i, n - i, &cp) : 0;
    if (len && !unsafe_code_point(cp)) {
      buf_put(b, (const char *)p + i, len);
      i += len;
    } else if (len) {
      buf_printf(b, "\\u%04X", (unsigned)cp);
      i += len;
    } else {
      buf_printf(b, "\\x%02X", c);
      i++;
    }
  }
}
