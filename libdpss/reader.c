/* SPDX-License-Identifier: MIT */
/* The record reader (include/dpss/reader.h).
 *
 * Records are split by scanning, never parsed: the scanner tracks strings
 * and a stack of brackets, and the grammar only as far as "can a value start
 * here?". That is enough to find where each record ends, to see when a
 * record is broken, and to find where the next one starts:
 *
 * - A record opened with a bracket ends where its brackets close; in a
 *   stream (JSON Lines or pretty-printed objects) the rest of that line
 *   belongs to it too (text after the value makes it bad, for the parser to
 *   say). A record that has not closed at the end of a line goes on, unless
 *   the next line starts, no further right than the record did, with a `{`
 *   or `[` that cannot continue it: a value cannot start there (after a
 *   value, after a key), or, for a `{`, the record was written on one line
 *   (JSON Lines: a line is a record). Then the record is cut there and
 *   reported bad, and the next record starts at that bracket. This is what keeps a broken first
 *   line from swallowing the file.
 * - A record that does not start with a bracket (a stray word, a number)
 *   is the rest of its line (in a stream) or runs to the next `,` or `]`
 *   or line end (in an array).
 * - In an array, elements end at their closing bracket and separators are
 *   checked between them; a missing `,` is reported once per array, an
 *   empty element (`,,` or `,]`) and an array never closed are reported.
 * - JSON strings cannot hold a raw line end, so a line end always ends a
 *   string: a quote left open costs its own record only.
 *
 * The common case, a JSON Lines record (a line that starts with `{` in the
 * first column and ends with `}`, followed by such a line or the end), takes
 * a fast path: the line end, NUL bytes and non-ASCII bytes are found eight
 * bytes at a time, and whether its brackets balance is left to the parser
 * (the next line starts a record either way).
 *
 * Every other fault of a record (NUL bytes, bytes that are not UTF-8,
 * brackets that do not match, the input ending inside it) is found here and
 * reported with its line and column, and reading goes on. Read errors and
 * failed allocations are fatal and sticky. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_internal.h"
#include "reader_internal.h"

/* ------------------------------------------------------------ records */

static void begin_record(dpss_reader *r) {
  r->rec_off = r->pos;
  r->rec_len = 0;
  r->rec_no++;
  r->rec_line = r->line;
  r->rec_col = col_of(r, r->pos);
}

/* Finish the current record: its text is buf[rec_off..text_end), less
 * trailing blanks, NUL-terminated in place until the next call. */
static void set_text(dpss_reader *r, size_t text_end) {
  while (text_end > r->rec_off) {
    char c = r->buf[text_end - 1];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      break;
    text_end--;
  }
  r->rec_len = text_end - r->rec_off;
  r->saved_off = text_end;
  r->saved = r->buf[text_end];
  r->saved_valid = true;
  r->buf[text_end] = '\0';
}

/* A bad item with no text of its own (an empty element, an array not
 * closed), at buf[r->pos]. */
DPSS_PRINTF(2, 3) static int bad_item(dpss_reader *r, const char *fmt, ...) {
  char msg[260];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  begin_record(r);
  set_text(r, r->pos);
  dpss__fail_at(DPSS_ESYNTAX, clamp_int(r->line), clamp_int(col_of(r, r->pos)), "%s", msg);
  r->err = *dpss_error_last();
  return DPSS_READ_BAD;
}

/* Report the scan's verdict on the current record. */
static int verdict(dpss_reader *r, struct scan *s, size_t text_end) {
  set_text(r, text_end);
  if (!s->fault && s->high) {
    const unsigned char *p = (const unsigned char *)r->buf + r->rec_off;
    size_t at = dpss__utf8_invalid(p, r->rec_len);
    if (at < r->rec_len) {
      int64_t line = r->rec_line, col = r->rec_col;
      for (size_t k = 0; k < at; k++) {
        if (p[k] == '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
      }
      s->fault = true;
      s->fault_line = line;
      s->fault_col = col;
      snprintf(s->why, sizeof s->why, "bytes that are not UTF-8 at line %lld, column %lld",
               (long long)line, (long long)col);
    }
  }
  if (!s->fault)
    return DPSS_READ_RECORD;
  dpss__fail_at(DPSS_ESYNTAX, clamp_int(s->fault_line), clamp_int(s->fault_col), "%s", s->why);
  r->err = *dpss_error_last();
  return DPSS_READ_BAD;
}

static int stream_record(dpss_reader *r) {
  int rc = dpss__reader_skip_blank(r);
  if (rc <= 0) {
    if (rc == 0)
      r->layout = L_END;
    return rc;
  }
  begin_record(r);
  size_t text_end;
  if (r->buf[r->pos] == '{' && r->rec_col == 1) {
    rc = dpss__reader_fast_line(r, &text_end);
    if (rc < 0)
      return rc;
    if (rc > 0) {
      set_text(r, text_end);
      return DPSS_READ_RECORD;
    }
  }
  struct scan s;
  memset(&s, 0, sizeof s);
  enum ending how;
  rc = dpss__reader_scan(r, &s, false, &text_end, &how);
  if (rc < 0)
    return rc;
  return verdict(r, &s, text_end);
}

static int array_item(dpss_reader *r) {
  for (;;) {
    int rc = dpss__reader_skip_blank(r);
    if (rc < 0)
      return rc;
    if (rc == 0) {
      r->layout = L_END;
      if (r->eof_reported)
        return DPSS_READ_END;
      return bad_item(r,
                      "the JSON array that starts at line %lld, column %lld is not closed: "
                      "the input ends at line %lld, column %lld",
                      (long long)r->array_line, (long long)r->array_col, (long long)r->line,
                      (long long)col_of(r, r->pos));
    }
    char c = r->buf[r->pos];
    if (!r->expect_elem) {
      if (c == ',') {
        r->pos++;
        r->expect_elem = r->after_comma = true;
        continue;
      }
      if (c == ']') {
        r->pos++;
        r->layout = L_STREAM; /* anything after the array is read as a stream */
        return stream_record(r);
      }
      r->expect_elem = true;
      if (!r->sep_reported) {
        r->sep_reported = true;
        return bad_item(r,
                        "a ',' is missing between two records of the JSON array at line %lld, "
                        "column %lld (reported once for the array)",
                        (long long)r->line, (long long)col_of(r, r->pos));
      }
    }
    if (c == ']') {
      if (r->after_comma) {
        r->after_comma = false;
        return bad_item(r, "an empty record (a ',' before ']') at line %lld, column %lld",
                        (long long)r->line, (long long)col_of(r, r->pos));
      }
      r->pos++;
      r->layout = L_STREAM;
      return stream_record(r);
    }
    if (c == ',') {
      int bad = bad_item(r, "an empty record (two ',' in a row) at line %lld, column %lld",
                         (long long)r->line, (long long)col_of(r, r->pos));
      r->pos++;
      r->after_comma = true;
      return bad;
    }
    begin_record(r);
    struct scan s;
    memset(&s, 0, sizeof s);
    size_t text_end;
    enum ending how;
    rc = dpss__reader_scan(r, &s, true, &text_end, &how);
    if (rc < 0)
      return rc;
    r->after_comma = false;
    r->expect_elem = how == END_CUT;
    return verdict(r, &s, text_end);
  }
}

int dpss_reader_next(dpss_reader *r) {
  if (!r)
    return dpss__fail(DPSS_EINVAL, NULL, "reader is NULL");
  if (r->fatal) {
    dpss__error_set(&r->err);
    return r->fatal;
  }
  if (r->saved_valid) {
    r->buf[r->saved_off] = r->saved;
    r->saved_valid = false;
  }
  r->rec_len = 0;
  r->started = true;
  memset(&r->err, 0, sizeof r->err);
  if (r->format == DPSS_READER_CSV)
    return dpss__csv_next(r);
  switch (r->layout) {
  case L_START: {
    r->keep = 0;
    size_t i = 2;
    int rc = dpss__reader_have(r, &i, NULL);
    if (rc < 0)
      return rc;
    if (r->end >= 3 && (unsigned char)r->buf[0] == 0xEF && (unsigned char)r->buf[1] == 0xBB &&
        (unsigned char)r->buf[2] == 0xBF) {
      r->pos = 3;
      r->line_start = 3; /* the mark takes no column */
    }
    rc = dpss__reader_skip_blank(r);
    if (rc <= 0) {
      if (rc == 0)
        r->layout = L_END;
      return rc;
    }
    if (r->buf[r->pos] == '[') {
      r->layout = L_ARRAY;
      r->array_line = r->line;
      r->array_col = col_of(r, r->pos);
      r->pos++;
      r->expect_elem = true;
      return array_item(r);
    }
    r->layout = L_STREAM;
    return stream_record(r);
  }
  case L_STREAM:
    return stream_record(r);
  case L_ARRAY:
    return array_item(r);
  case L_END:
  default:
    r->rec_line = r->rec_col = 0;
    return DPSS_READ_END;
  }
}

/* ------------------------------------------------------- constructors */

/* AUTO becomes CSV for a path that ends in ".csv", JSON otherwise (always
 * JSON without a path); an unknown format is an error. */
static int check_format(dpss_reader_format *format, const char *path) {
  if (*format == DPSS_READER_AUTO) {
    size_t n = path ? strlen(path) : 0;
    *format = n >= 4 && strcasecmp(path + n - 4, ".csv") == 0 ? DPSS_READER_CSV : DPSS_READER_JSON;
  }
  if (*format != DPSS_READER_JSON && *format != DPSS_READER_CSV)
    return dpss__fail(DPSS_EINVAL, "format", "unknown input format %d", (int)*format);
  return DPSS_OK;
}

static dpss_reader *reader_new(const char *name, enum source source, size_t cap,
                               dpss_reader_format format) {
  dpss_reader *r = dpss__calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->source = source;
  r->format = format;
  r->size = -1;
  r->fd = -1;
  r->line = 1;
  r->name = dpss__strdup(name ? name : "input");
  r->cap = cap;
  r->buf = dpss__malloc(cap);
  if (!r->name || !r->buf) {
    dpss_reader_free(r);
    return NULL;
  }
  return r;
}

static bool is_directory(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The size of a regular file, or -1. */
static int64_t file_size(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
}

int dpss_reader_open(dpss_reader **out, const char *path, dpss_reader_format format) {
  if (out)
    *out = NULL;
  if (!out || !path)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int rc = check_format(&format, path);
  if (rc)
    return rc;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return dpss__fail(DPSS_EIO, NULL, "cannot open %s: %s", path, strerror(errno));
  if (is_directory(fd)) {
    close(fd);
    return dpss__fail(DPSS_EIO, NULL, "cannot read %s: %s", path, strerror(EISDIR));
  }
  dpss_reader *r = reader_new(path, SRC_FD, CHUNK, format);
  if (!r) {
    close(fd);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  r->fd = fd;
  r->own_fd = true;
  r->size = file_size(fd);
  *out = r;
  return DPSS_OK;
}

int dpss_reader_from_fd(dpss_reader **out, int fd, const char *name, dpss_reader_format format) {
  if (out)
    *out = NULL;
  if (!out || fd < 0)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument or negative descriptor");
  int rc = check_format(&format, NULL);
  if (rc)
    return rc;
  if (is_directory(fd))
    return dpss__fail(DPSS_EIO, NULL, "cannot read %s: %s", name ? name : "input",
                      strerror(EISDIR));
  dpss_reader *r = reader_new(name, SRC_FD, CHUNK, format);
  if (!r)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  r->fd = fd;
  r->size = file_size(fd);
  if (r->size >= 0) { /* what is left of it from where the descriptor stands */
    off_t at = lseek(fd, 0, SEEK_CUR);
    r->size = at >= 0 && at <= r->size ? r->size - at : -1;
  }
  *out = r;
  return DPSS_OK;
}

int dpss_reader_from_memory(dpss_reader **out, const char *data, size_t size, const char *name,
                            dpss_reader_format format) {
  if (out)
    *out = NULL;
  if (!out || (!data && size))
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int rc = check_format(&format, NULL);
  if (rc)
    return rc;
  if (size == SIZE_MAX)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  dpss_reader *r = reader_new(name, SRC_MEMORY, size + 1, format);
  if (!r)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (size)
    memcpy(r->buf, data, size);
  r->end = size;
  r->size = (int64_t)size;
  r->eof = true;
  *out = r;
  return DPSS_OK;
}

int dpss_reader_from_callback(dpss_reader **out, dpss_reader_read_fn read_fn, void *payload,
                              const char *name, dpss_reader_format format) {
  if (out)
    *out = NULL;
  if (!out || !read_fn)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int rc = check_format(&format, NULL);
  if (rc)
    return rc;
  dpss_reader *r = reader_new(name, SRC_CALLBACK, CHUNK, format);
  if (!r)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  r->read_fn = read_fn;
  r->payload = payload;
  *out = r;
  return DPSS_OK;
}

void dpss_reader_free(dpss_reader *r) {
  if (!r)
    return;
  if (r->own_fd && r->fd >= 0)
    close(r->fd);
  dpss__csv_free(r->csv);
  dpss_mapping_free(r->mapping);
  free(r->buf);
  free(r->name);
  free(r);
}

/* ---------------------------------------------------------- accessors */

/* There is a current record (good or bad). */
static bool current(const dpss_reader *r) { return r && (r->saved_valid || r->ext_valid); }

const char *dpss_reader_text(const dpss_reader *r) {
  if (r && r->ext_valid)
    return r->ext_text;
  return r && r->saved_valid ? r->buf + r->rec_off : "";
}

size_t dpss_reader_length(const dpss_reader *r) {
  if (r && r->ext_valid)
    return r->ext_len;
  return r && r->saved_valid ? r->rec_len : 0;
}

int64_t dpss_reader_record(const dpss_reader *r) { return r ? r->rec_no : 0; }

int64_t dpss_reader_line(const dpss_reader *r) { return current(r) ? r->rec_line : 0; }

int64_t dpss_reader_column(const dpss_reader *r) { return current(r) ? r->rec_col : 0; }

int64_t dpss_reader_offset(const dpss_reader *r) { return r ? r->base + (int64_t)r->pos : 0; }

int64_t dpss_reader_size(const dpss_reader *r) { return r ? r->size : -1; }

int dpss_reader_set_mapping(dpss_reader *r, const dpss_mapping *mapping) {
  if (!r)
    return dpss__fail(DPSS_EINVAL, NULL, "reader is NULL");
  if (r->format != DPSS_READER_CSV)
    return dpss__fail(DPSS_EINVAL, "mapping", "a column mapping applies to CSV input only");
  if (r->started)
    return dpss__fail(DPSS_EINVAL, "mapping",
                      "a column mapping is set before the first record is read");
  dpss_mapping *copy = NULL;
  if (mapping) {
    int rc = dpss__rplan_check_mapping(mapping);
    if (!rc)
      rc = dpss__mapping_copy(&copy, mapping);
    if (rc)
      return rc;
  }
  dpss_mapping_free(r->mapping);
  r->mapping = copy;
  return DPSS_OK;
}

const dpss_error *dpss_reader_error(const dpss_reader *r) {
  static const dpss_error none;
  return r ? &r->err : &none;
}

const char *dpss_reader_name(const dpss_reader *r) { return r ? r->name : ""; }
