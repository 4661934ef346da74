/* SPDX-License-Identifier: MIT */
/* The record reader's buffering and scanning: see reader.c for the rules. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "reader_internal.h"

/* ------------------------------------------------------------- errors */

/* Record a fatal error: the rest of the input cannot be read. */
DPSS_PRINTF(2, 3) static int fatal(dpss_reader *r, const char *fmt, ...) {
  char msg[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  r->fatal = DPSS_EIO;
  dpss__fail_at(r->fatal, clamp_int(r->line), clamp_int(col_of(r, r->pos)), "%s", msg);
  r->err = *dpss_error_last();
  return r->fatal;
}

static int out_of_memory(dpss_reader *r) {
  r->fatal = DPSS_ENOMEM;
  dpss__fail_at(DPSS_ENOMEM, clamp_int(r->line), clamp_int(col_of(r, r->pos)),
                "out of memory reading %s at line %lld", r->name, (long long)r->line);
  r->err = *dpss_error_last();
  return DPSS_ENOMEM;
}

/* ------------------------------------------------------------ reading */

/* Read more bytes after buf[end]. First the buffer is compacted (keeping
 * from r->keep) or grown; r->pos, r->rec_off, r->keep and the indices a and
 * b (if given) move with the bytes. Returns 1 when bytes were added, 0 at
 * the end of the input, or a negative fatal code. */
static int fill(dpss_reader *r, size_t *a, size_t *b) {
  if (r->fatal)
    return r->fatal;
  if (r->eof)
    return 0;
  size_t keep = r->keep;
  if (keep > 0 && r->cap - r->end - 1 < r->cap / 4) {
    memmove(r->buf, r->buf + keep, r->end - keep);
    r->end -= keep;
    r->base += (int64_t)keep;
    r->pos -= keep;
    r->rec_off = r->rec_off >= keep ? r->rec_off - keep : 0;
    r->keep = 0;
    if (a)
      *a -= keep;
    if (b)
      *b -= keep;
  }
  if (r->cap - r->end - 1 < r->cap / 4) {
    size_t cap = r->cap * 2;
    char *p = cap > r->cap ? dpss__realloc(r->buf, cap) : NULL;
    if (!p)
      return out_of_memory(r);
    r->buf = p;
    r->cap = cap;
  }
  size_t room = r->cap - r->end - 1;
  long n;
  if (r->source == SRC_FD) {
    ssize_t got;
    do
      got = read(r->fd, r->buf + r->end, room);
    while (got < 0 && errno == EINTR);
    if (got < 0)
      return fatal(r, "cannot read %s at line %lld: %s", r->name, (long long)r->line,
                   strerror(errno));
    n = (long)got;
  } else if (r->source == SRC_CALLBACK) {
    n = r->read_fn(r->payload, r->buf + r->end, room);
    if (n < 0) {
      return fatal(r, "cannot read %s at line %lld: %s", r->name, (long long)r->line,
                   n >= -4095 ? strerror((int)-n) : "read error");
    }
    if ((size_t)n > room) {
      return fatal(r, "cannot read %s: the read callback returned more bytes than asked for",
                   r->name);
    }
  } else {
    n = 0;
  }
  if (n == 0) {
    r->eof = true;
    return 0;
  }
  r->end += (size_t)n;
  return 1;
}

/* Make buf[*i] readable: 1, 0 at the end of the input, or a fatal code. */
int dpss__reader_have(dpss_reader *r, size_t *i, size_t *other) {
  while (*i >= r->end) {
    int rc = fill(r, i, other);
    if (rc <= 0)
      return rc;
  }
  return 1;
}

/* Count the line end at buf[i] (t bytes long). */
static void newline(dpss_reader *r, size_t i, size_t t) {
  r->line++;
  r->line_start = r->base + (int64_t)(i + t);
}

/* Length of the line end at buf[i] ('\n', "\r\n" or '\r'), reading one byte
 * more if needed; negative on a fatal error. */
static long line_end_length(dpss_reader *r, size_t *i, size_t *other) {
  if (r->buf[*i] == '\n')
    return 1;
  size_t j = *i + 1;
  int rc = dpss__reader_have(r, &j, i);
  if (rc < 0)
    return rc;
  (void)other;
  return rc > 0 && r->buf[j] == '\n' ? 2 : 1;
}

/* Skip blanks and line ends at r->pos: 1 at a byte, 0 at the end, or fatal. */
int dpss__reader_skip_blank(dpss_reader *r) {
  for (;;) {
    r->keep = r->pos;
    int rc = dpss__reader_have(r, &r->pos, NULL);
    if (rc <= 0)
      return rc;
    char c = r->buf[r->pos];
    if (c == ' ' || c == '\t') {
      r->pos++;
    } else if (c == '\n' || c == '\r') {
      size_t i = r->pos;
      long t = line_end_length(r, &i, NULL);
      if (t < 0)
        return (int)t;
      r->pos = i;
      newline(r, i, (size_t)t);
      r->pos += (size_t)t;
    } else {
      return 1;
    }
  }
}

/* ------------------------------------------------------------ scanning */

/* The index of the first byte in buf[i..end) that is a line end, NUL or not
 * ASCII (end if none): sixteen bytes at a time with SSE2 (every x86-64 has
 * it), else eight at a time in a 64-bit word. */
static size_t find_special(const char *buf, size_t i, size_t end) {
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
  while (i + 16 <= end) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, cr)),
                               _mm_cmpeq_epi8(v, zero));
    unsigned mask = (unsigned)(_mm_movemask_epi8(hit) | _mm_movemask_epi8(v));
    if (mask)
      return i + (size_t)__builtin_ctz(mask);
    i += 16;
  }
#else
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  const uint64_t nl = ones * '\n', cr = ones * '\r';
  while (i + 8 <= end) {
    uint64_t w, a, b;
    memcpy(&w, buf + i, 8);
    a = w ^ nl;
    b = w ^ cr;
    if ((((a - ones) & ~a) | ((b - ones) & ~b) | ((w - ones) & ~w) | w) & highs)
      break;
    i += 8;
  }
#endif
  for (; i < end; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (c == '\n' || c == '\r' || c == 0 || c >= 0x80)
      return i;
  }
  return end;
}

/* The offset of the first byte of p[0..n) that is not part of well-formed
 * UTF-8 (no overlong forms, surrogates or values past U+10FFFF), or n. */
size_t dpss__utf8_invalid(const unsigned char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4, cp = c & 0x07;
    else
      return i;
    if (len > n - i)
      return i;
    for (size_t k = 1; k < len; k++) {
      if ((p[i + k] & 0xC0) != 0x80)
        return i;
      cp = cp << 6 | (p[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return i;
    i += len;
  }
  return n;
}

/* Note a fault of the record at buf[i]; the first one is the one reported. */
DPSS_PRINTF(4, 5) static void fault_at(struct scan *s, const dpss_reader *r, size_t i,
                                       const char *fmt, ...) {
  if (s->fault)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->why, sizeof s->why, fmt, ap);
  va_end(ap);
  s->fault = true;
  s->fault_line = r->line;
  s->fault_col = col_of(r, i);
}

#define FAULT(s, r, i, ...) fault_at((s), (r), (i), __VA_ARGS__)

static bool top_is_object(const struct scan *s) {
  int64_t d = s->depth - 1;
  return d < MAX_DEPTH && (s->stack[d / 8] >> (d % 8) & 1);
}

static void push(struct scan *s, char c) {
  int64_t d = s->depth++;
  if (d < MAX_DEPTH) {
    if (c == '{')
      s->stack[d / 8] |= (unsigned char)(1u << (d % 8));
    else
      s->stack[d / 8] &= (unsigned char)~(1u << (d % 8));
  }
}

/* Whether a '{' may start a value here. */
static bool value_allowed(const struct scan *s) {
  if (s->depth == 0)
    return true;
  if (s->depth > MAX_DEPTH)
    return true;
  return top_is_object(s) ? s->prev == ':' : s->prev == '[' || s->prev == ',';
}

/* Close a bracket: false if c matches nothing open (a stray closer). A
 * closer of the wrong kind closes the innermost bracket in a stream (a typo:
 * a missing bracket is caught by the line rules), and the bracket it matches
 * in an array (so that the element ends and the next one is kept). */
static bool close_bracket(struct scan *s, char c, bool array, bool *mismatch) {
  bool want_object = c == '}';
  *mismatch = false;
  if (s->depth > MAX_DEPTH) {
    s->depth--;
    return true;
  }
  if (!array && top_is_object(s) != want_object) {
    *mismatch = true;
    s->depth--;
    return true;
  }
  for (int64_t d = s->depth - 1; d >= 0; d--) {
    bool is_object = s->stack[d / 8] >> (d % 8) & 1;
    if (is_object == want_object) {
      *mismatch = d != s->depth - 1;
      s->depth = d;
      return true;
    }
  }
  *mismatch = true;
  return false;
}

/* At a line end at buf[*i] inside an open record: does the next line start
 * a new record here? 1 yes (the record is cut), 0 no, or a fatal code. */
static int cut_here(dpss_reader *r, struct scan *s, size_t *i, size_t t) {
  size_t j = *i + t;
  for (;;) {
    r->keep = r->rec_off;
    int rc = dpss__reader_have(r, &j, i);
    if (rc <= 0)
      return rc;
    if (r->buf[j] != ' ' && r->buf[j] != '\t')
      break;
    j++;
  }
  char c = r->buf[j];
  if ((c != '{' && c != '[') || (int64_t)(j - (*i + t)) + 1 > r->rec_col)
    return 0;
  if (s->in_string || !value_allowed(s))
    return 1;
  /* A '{' where a value could go still starts a record after a line that
   * was a record of its own (JSON Lines). */
  return c == '{' && s->compact;
}

/* Byte classes for the scan. */
enum { K_VALUE, K_BLANK, K_LINE, K_QUOTE, K_OPEN, K_CLOSE, K_COMMA, K_COLON, K_NUL, K_HIGH };

static const unsigned char klass[256] = {
    [0] = K_NUL,     ['\t'] = K_BLANK, ['\n'] = K_LINE,  ['\r'] = K_LINE,  [' '] = K_BLANK,
    ['"'] = K_QUOTE, [','] = K_COMMA,  [':'] = K_COLON,  ['{'] = K_OPEN,   ['['] = K_OPEN,
    ['}'] = K_CLOSE, [']'] = K_CLOSE,
#define H4(x) [x] = K_HIGH, [x + 1] = K_HIGH, [x + 2] = K_HIGH, [x + 3] = K_HIGH
#define H16(x) H4(x), H4(x + 4), H4(x + 8), H4(x + 12)
#define H64(x) H16(x), H16(x + 16), H16(x + 32), H16(x + 48)
    H64(0x80), H64(0xC0),
#undef H64
#undef H16
#undef H4
};

/* Bytes that end a run of string contents. */
static const unsigned char string_stop[256] = {
    [0] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, ['\\'] = 1,
#define S4(x) [x] = 1, [x + 1] = 1, [x + 2] = 1, [x + 3] = 1
#define S16(x) S4(x), S4(x + 4), S4(x + 8), S4(x + 12)
#define S64(x) S16(x), S16(x + 16), S16(x + 32), S16(x + 48)
    S64(0x80), S64(0xC0),
#undef S64
#undef S16
#undef S4
};

/* Whether the record's first line, up to buf[i], holds more than its
 * opening bracket (JSON Lines style rather than pretty-printed). */
static bool first_line_compact(const dpss_reader *r, size_t i) {
  for (size_t k = r->rec_off + 1; k < i; k++)
    if (r->buf[k] != ' ' && r->buf[k] != '\t')
      return true;
  return false;
}

/* Scan the record starting at r->rec_off. */
int dpss__reader_scan(dpss_reader *r, struct scan *s, bool array, size_t *text_end,
                      enum ending *how) {
  size_t i = r->rec_off;
  char c0 = r->buf[i];
  s->bracketed = c0 == '{' || c0 == '[';
  s->complete = !array && !s->bracketed; /* a stray word: the rest of the line */
  s->first_line = true;
  s->prev = 0;
  r->keep = r->rec_off; /* fill() moves both together */
  const unsigned char *buf = (const unsigned char *)r->buf;
  size_t end = r->end;
  for (;;) {
    if (i >= end) {
      int rc = fill(r, &i, NULL);
      if (rc < 0)
        return rc;
      buf = (const unsigned char *)r->buf;
      end = r->end;
      if (rc == 0) {
        if (!s->complete && (s->depth > 0 || s->in_string)) {
          FAULT(s, r, i, "the input ends inside the record (line %lld, column %lld)",
                (long long)r->line, (long long)col_of(r, i));
          if (array)
            r->eof_reported = true;
        }
        *how = END_EOF;
        *text_end = i;
        r->pos = i;
        return 0;
      }
      continue;
    }
    unsigned char c;
    if (s->complete) {
      /* The rest of the line: only its end, NUL and non-ASCII bytes matter. */
      i = find_special(r->buf, i, end);
      if (i >= end)
        continue;
      c = buf[i];
      if (c == 0)
        FAULT(s, r, i, "a NUL byte at line %lld, column %lld", (long long)r->line,
              (long long)col_of(r, i));
      else if (c >= 0x80)
        s->high = true;
      if (c != '\n' && c != '\r') {
        i++;
        continue;
      }
    } else if (s->in_string) {
      if (s->escape) {
        /* The character after a backslash (a line end is still a line end). */
        s->escape = false;
        if (buf[i] != '\n' && buf[i] != '\r' && buf[i] != 0 && buf[i] < 0x80) {
          i++;
          continue;
        }
      }
      while (i < end && !string_stop[buf[i]])
        i++;
      if (i >= end)
        continue;
      c = buf[i];
      if (c == '"') {
        s->in_string = false;
        s->prev = 'v';
        i++;
        continue;
      }
      if (c == '\\') {
        s->escape = true;
        i++;
        continue;
      }
      if (c == 0) {
        FAULT(s, r, i, "a NUL byte at line %lld, column %lld", (long long)r->line,
              (long long)col_of(r, i));
        i++;
        continue;
      }
      if (c >= 0x80) {
        s->high = true;
        i++;
        continue;
      }
      /* a line end: handled below */
    } else {
      c = buf[i];
    }
    switch (klass[c]) {
    case K_VALUE:
      s->prev = 'v';
      i++;
      while (i < end && klass[buf[i]] == K_VALUE)
        i++;
      continue;
    case K_BLANK:
      i++;
      while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
        i++;
      continue;
    case K_HIGH:
      s->high = true;
      s->prev = 'v';
      i++;
      continue;
    case K_NUL:
      FAULT(s, r, i, "a NUL byte at line %lld, column %lld", (long long)r->line,
            (long long)col_of(r, i));
      s->prev = 'v';
      i++;
      continue;
    case K_QUOTE:
      s->in_string = true;
      s->prev = '"';
      i++;
      continue;
    case K_COLON:
      s->prev = ':';
      i++;
      continue;
    case K_COMMA:
      if (array && s->depth == 0) {
        *how = END_SEP;
        *text_end = i;
        r->pos = i;
        return 0;
      }
      s->prev = ',';
      i++;
      continue;
    case K_OPEN:
      if (!value_allowed(s))
        FAULT(s, r, i, "a '%c' where no value can start, at line %lld, column %lld", c,
              (long long)r->line, (long long)col_of(r, i));
      push(s, (char)c);
      s->prev = (char)c;
      i++;
      continue;
    case K_CLOSE: {
      if (s->depth == 0) {
        if (array && c == ']') {
          *how = END_ARRAY;
          *text_end = i;
          r->pos = i;
          return 0;
        }
        FAULT(s, r, i, "a '%c' that closes nothing, at line %lld, column %lld", c,
              (long long)r->line, (long long)col_of(r, i));
        s->prev = 'v';
        i++;
        continue;
      }
      bool mismatch;
      bool matched = close_bracket(s, (char)c, array, &mismatch);
      if (mismatch)
        FAULT(s, r, i, "a '%c' that does not match the open bracket, at line %lld, column %lld",
              c, (long long)r->line, (long long)col_of(r, i));
      if (!matched && array && c == ']') {
        /* The array's own end: the element is cut short. */
        *how = END_ARRAY;
        *text_end = i;
        r->pos = i;
        return 0;
      }
      s->prev = 'v';
      i++;
      if (s->depth == 0 && s->bracketed) {
        if (array) {
          *how = END_CLOSE;
          *text_end = i;
          r->pos = i;
          return 0;
        }
        s->complete = true;
      }
      continue;
    }
    case K_LINE:
    default:
      break;
    }
    /* A line end. */
    long t = line_end_length(r, &i, NULL);
    if (t < 0)
      return (int)t;
    buf = (const unsigned char *)r->buf;
    end = r->end;
    if (s->complete || (array && s->depth == 0 && !s->in_string)) {
      /* The record (or an element that is not bracketed) ends with its line. */
      *how = array ? END_SEP : END_LINE;
      *text_end = i;
      r->pos = i;
      return 0;
    }
    if (s->first_line) {
      s->compact = first_line_compact(r, i);
      s->first_line = false;
    }
    if (s->in_string)
      FAULT(s, r, i, "a string is not closed at the end of line %lld", (long long)r->line);
    int cut = cut_here(r, s, &i, (size_t)t);
    if (cut < 0)
      return cut;
    buf = (const unsigned char *)r->buf;
    end = r->end;
    if (cut) {
      FAULT(s, r, i, "the record is not complete: a new record starts at line %lld",
            (long long)r->line + 1);
      *how = END_CUT;
      *text_end = i;
      r->pos = i;
      return 0;
    }
    s->in_string = s->escape = false;
    if (t == 1)
      r->buf[i] = '\n'; /* a lone CR: the parser counts lines by LF */
    newline(r, i, (size_t)t);
    i += (size_t)t;
  }
}

/* The fast path for a JSON Lines record at r->rec_off: 1 when it applies
 * (*text_end set), 0 when the full scan must decide, or a fatal code. */
int dpss__reader_fast_line(dpss_reader *r, size_t *text_end) {
  size_t i = r->rec_off;
  bool high = false;
  for (;;) {
    r->keep = r->rec_off;
    i = find_special(r->buf, i, r->end);
    if (i >= r->end) {
      int rc = fill(r, &i, NULL);
      if (rc < 0)
        return rc;
      if (rc == 0)
        return 0; /* the last line, without a line end: take the full scan */
      continue;
    }
    unsigned char c = (unsigned char)r->buf[i];
    if (c == 0)
      return 0;
    if (c >= 0x80) {
      high = true;
      i++;
      continue;
    }
    break;
  }
  size_t k = i; /* the line end */
  size_t last = k;
  while (last > r->rec_off && (r->buf[last - 1] == ' ' || r->buf[last - 1] == '\t'))
    last--;
  if (last == r->rec_off || r->buf[last - 1] != '}')
    return 0;
  long t = line_end_length(r, &k, NULL);
  if (t < 0)
    return (int)t;
  size_t next = k + (size_t)t;
  int rc = dpss__reader_have(r, &next, &k);
  if (rc < 0)
    return rc;
  if (rc > 0 && r->buf[next] != '{')
    return 0;
  if (high && dpss__utf8_invalid((const unsigned char *)r->buf + r->rec_off, k - r->rec_off) <
                  k - r->rec_off)
    return 0;
  *text_end = k;
  r->pos = k;
  return 1;
}
