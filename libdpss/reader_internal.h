/* SPDX-License-Identifier: MIT */
/* The record reader's insides, shared by reader.c (the API and the record
 * drivers) and reader_scan.c (buffering and scanning). Not API. */
#ifndef DPSS_READER_INTERNAL_H
#define DPSS_READER_INTERNAL_H

#include "internal.h"

#define CHUNK (256 * 1024) /* first buffer; grows for long records */
#define MAX_DEPTH 4096     /* bracket types kept; deeper ones match anything */

enum source { SRC_FD, SRC_MEMORY, SRC_CALLBACK };
enum layout { L_START, L_STREAM, L_ARRAY, L_END };
/* How a record's scan ended. */
enum ending { END_LINE, END_CUT, END_CLOSE, END_SEP, END_ARRAY, END_EOF };

struct dpss_reader {
  enum source source;
  int fd;
  bool own_fd;
  dpss_reader_read_fn read_fn;
  void *payload;
  char *name;
  enum layout layout;
  /* buf[0..end) holds the input from absolute offset base; cap > end
   * always, so a record's text can be NUL-terminated in place. */
  char *buf;
  size_t cap, end;
  size_t pos;  /* next byte to look at */
  size_t keep; /* the buffer is kept from here when it is refilled */
  int64_t base;
  bool eof;
  int fatal;
  int64_t line, line_start; /* line of buf[pos]; absolute offset of its start */
  /* the array, when the input is one */
  int64_t array_line, array_col;
  bool expect_elem, after_comma, sep_reported, eof_reported;
  /* the current record */
  size_t rec_off, rec_len;
  int64_t rec_no, rec_line, rec_col;
  bool saved_valid;
  size_t saved_off;
  char saved;
  dpss_error err;
  /* the format, the input's size (-1: unknown), reading started */
  dpss_reader_format format;
  int64_t size;
  bool started;
  /* CSV: a copy of the column mapping (or NULL), the parser's state (made
   * at the first record), and the current record's text, which lives
   * there rather than in buf */
  dpss_mapping *mapping;
  struct dpss__csvin *csv;
  const char *ext_text;
  size_t ext_len;
  bool ext_valid;
};

struct scan {
  int64_t depth;
  unsigned char stack[MAX_DEPTH / 8]; /* bit set: '{' at that depth */
  bool in_string, escape;
  bool bracketed; /* the record starts with '{' or '[' */
  bool complete;  /* its brackets closed (in a stream: the rest of the line follows) */
  bool compact;   /* something follows the opening bracket on the first line */
  bool first_line, high;
  char prev; /* the last significant character: { [ : , " or v (a value) */
  bool fault;
  int64_t fault_line, fault_col;
  char why[200];
};

static inline int64_t col_of(const dpss_reader *r, size_t i) {
  return r->base + (int64_t)i - r->line_start + 1;
}

static inline int clamp_int(int64_t v) { return v > INT32_MAX ? INT32_MAX : (int)v; }

/* reader_scan.c */
/* Make buf[*i] readable (reading more, which may move the bytes: *i and
 * *other follow): 1, 0 at the end of the input, or a fatal code. */
DPSS_INTERNAL int dpss__reader_have(dpss_reader *r, size_t *i, size_t *other);
/* Skip blanks and line ends at r->pos: 1 at a byte, 0 at the end, or fatal. */
DPSS_INTERNAL int dpss__reader_skip_blank(dpss_reader *r);
/* Scan the record at r->rec_off (in an array or a stream): sets *text_end
 * and *how, leaves r->pos where reading goes on; 0 or a fatal code. */
DPSS_INTERNAL int dpss__reader_scan(dpss_reader *r, struct scan *s, bool array, size_t *text_end,
                                    enum ending *how);
/* The JSON Lines fast path at r->rec_off: 1 (*text_end set), 0 (scan it in
 * full), or a fatal code. */
DPSS_INTERNAL int dpss__reader_fast_line(dpss_reader *r, size_t *text_end);
/* Offset of the first byte of p[0..n) that is not well-formed UTF-8, or n. */
DPSS_INTERNAL size_t dpss__utf8_invalid(const unsigned char *p, size_t n);

/* ------------------------------------------------------------- CSV */

/* The cells of one CSV row: NUL-terminated and writable (trimmed in
 * place); line[c] is the line cell c starts on. */
typedef struct dpss__cells {
  char **field;
  size_t *len;
  int64_t *line;
  size_t n;
  int64_t line0; /* the line the row starts on */
} dpss__cells;

/* recipient_csv.c: recipients from CSV rows (the header's plan). */
typedef struct dpss__rplan dpss__rplan;
/* The mapping's columns and value maps name recipient columns (EUNKNOWN). */
DPSS_INTERNAL int dpss__rplan_check_mapping(const dpss_mapping *m);
/* The plan of a header row; a fault is recorded with its line and column
 * (EUNKNOWN, EDUPLICATE, EMISSING, ESYNTAX, ENOMEM). */
DPSS_INTERNAL int dpss__rplan_new(dpss__rplan **out, const dpss_mapping *m, dpss__cells *header);
DPSS_INTERNAL void dpss__rplan_free(dpss__rplan *p);
/* May a quoted cell of this column (from 0) run over lines? */
DPSS_INTERNAL bool dpss__rplan_multiline(const dpss__rplan *p, size_t column);
/* Every cell of the row is empty or blank. */
DPSS_INTERNAL bool dpss__rplan_blank(const dpss__cells *row);
/* Append {"id": ...} for a row whose id cell is good (for messages). */
DPSS_INTERNAL void dpss__rplan_id(dpss__rplan *p, dpss__cells *row, dpss_sb *sb);
/* Append the row's recipient as JSON text: 0; a bad row's code with the
 * error recorded (and only {"id": ...} appended, if the id is good); or
 * ENOMEM. */
DPSS_INTERNAL int dpss__rplan_row(dpss__rplan *p, dpss__cells *row, dpss_sb *sb);
/* Record a fault of a cell: "<what>, in column N ["header"] at line L",
 * with that line and column (from 1); field NULL: the column's own. */
DPSS_INTERNAL int dpss__rplan_fail(const dpss__rplan *p, int code, const char *field,
                                   size_t column, int64_t line, const char *fmt, ...)
    DPSS_PRINTF(6, 7);

/* reader_csv.c: the CSV driver of dpss_reader_next(). */
DPSS_INTERNAL int dpss__csv_next(dpss_reader *r);
DPSS_INTERNAL void dpss__csv_free(struct dpss__csvin *c);

#endif
