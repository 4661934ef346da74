/* SPDX-License-Identifier: MIT */
/* The record reader's CSV driver (dpss/reader.h): rows parsed by libcsv
 * (RFC 4180, strict quoting), fed from the reader's buffer one line at a
 * time so that every row and cell knows the line it starts on, and turned
 * into recipients' JSON text by recipient_csv.c.
 *
 * Lines end at LF, CRLF or a CR alone, as in JSON input. A quoted cell may
 * run over lines only in a column that can hold a line end (free text, or a
 * column the mapping ignores): anywhere else a quote still open at the end
 * of a line is a fault of that row, which ends there, so a forgotten quote
 * costs its own row and not the rest of the file. A misplaced quote, or a
 * cell longer than 1 MiB, costs its row too; reading goes on at the next
 * line. Rows whose cells are all
 * empty are blank lines, not records. */
#include "config.h"

#include <csv.h>
#include <string.h>

#include "csv_internal.h"
#include "reader_internal.h"

/* The longest cell read: past it a row is bad (a quote not closed in a
 * column that may hold line ends would otherwise take in the rest). */
#define CELL_MAX (1024 * 1024)

/* libcsv's parser states (libcsv.c). */
enum { ROW_NOT_BEGUN = 0, FIELD_BEGUN = 2 };

struct qitem {
  size_t off, len; /* the text in texts */
  int64_t line;
  bool bad;
  dpss_error err;
};

struct dpss__csvin {
  struct csv_parser parser;
  dpss_reader *r;
  dpss__rplan *plan; /* NULL until the header is read */
  /* the row being read: its cells, each NUL-terminated in buf */
  char *buf;
  size_t blen, bcap;
  size_t *off, *flen;
  int64_t *fline;
  char **ptr;
  size_t n, cap_f;
  int64_t row_line, field_line, cur_line;
  size_t long_cell; /* 1 + the first cell of the row longer than CELL_MAX, or 0 */
  bool started, at_line_start, skip_line, done;
  int stop; /* a fatal code met in a callback (recorded) */
  /* the records read, waiting to be handed out */
  dpss_sb texts;
  struct qitem *q;
  size_t q_n, q_head, q_cap;
};

void dpss__csv_free(struct dpss__csvin *c) {
  if (!c)
    return;
  csv_free(&c->parser);
  dpss__rplan_free(c->plan);
  free(c->buf);
  free(c->off);
  free(c->flen);
  free(c->fline);
  free(c->ptr);
  dpss_sb_free(&c->texts);
  free(c->q);
  free(c);
}

static void stop_oom(struct dpss__csvin *c) {
  if (!c->stop)
    c->stop = dpss__fail_at(DPSS_ENOMEM, clamp_int(c->cur_line), 1,
                            "out of memory reading %s at line %lld", c->r->name,
                            (long long)c->cur_line);
}

static bool grow_fields(struct dpss__csvin *c) {
  size_t cap = c->cap_f ? c->cap_f * 2 : 32;
  size_t *o = dpss__realloc(c->off, cap * sizeof *o);
  if (o)
    c->off = o;
  size_t *l = o ? dpss__realloc(c->flen, cap * sizeof *l) : NULL;
  if (l)
    c->flen = l;
  int64_t *fl = l ? dpss__realloc(c->fline, cap * sizeof *fl) : NULL;
  if (fl)
    c->fline = fl;
  char **pp = fl ? dpss__realloc(c->ptr, cap * sizeof *pp) : NULL;
  if (!pp)
    return false;
  c->ptr = pp;
  c->cap_f = cap;
  return true;
}

static void on_field(void *s, size_t len, void *data) {
  struct dpss__csvin *c = data;
  if (c->stop)
    return;
  if (c->n == c->cap_f && !grow_fields(c)) {
    stop_oom(c);
    return;
  }
  if (c->blen + len + 1 > c->bcap) {
    size_t cap = c->bcap ? c->bcap : 1024;
    while (cap < c->blen + len + 1)
      cap *= 2;
    char *b = dpss__realloc(c->buf, cap);
    if (!b) {
      stop_oom(c);
      return;
    }
    c->buf = b;
    c->bcap = cap;
  }
  if (len)
    memcpy(c->buf + c->blen, s, len);
  c->buf[c->blen + len] = '\0';
  if (len > CELL_MAX && !c->long_cell)
    c->long_cell = c->n + 1;
  c->off[c->n] = c->blen;
  c->flen[c->n] = len;
  c->fline[c->n] = c->field_line;
  c->field_line = c->cur_line; /* the next cell starts where this one ended */
  c->n++;
  c->blen += len + 1;
}

static dpss__cells cells_of(struct dpss__csvin *c) {
  for (size_t i = 0; i < c->n; i++)
    c->ptr[i] = c->buf + c->off[i];
  dpss__cells cells = {c->ptr, c->flen, c->fline, c->n, c->row_line};
  return cells;
}

static void row_reset(struct dpss__csvin *c) {
  c->n = 0;
  c->blen = 0;
  c->long_cell = 0;
}

/* Queue a record: the row's JSON text (row != NULL) or a bad row whose
 * error is recorded (with the id of its cells, if it has a good one). */
static void push(struct dpss__csvin *c, dpss__cells *row, bool bad) {
  if (c->q_n == c->q_cap) {
    size_t cap = c->q_cap ? c->q_cap * 2 : 8;
    struct qitem *nq = dpss__realloc(c->q, cap * sizeof *nq);
    if (!nq) {
      stop_oom(c);
      return;
    }
    c->q = nq;
    c->q_cap = cap;
  }
  struct qitem *it = &c->q[c->q_n];
  it->off = c->texts.len;
  it->line = c->row_line;
  it->bad = bad;
  if (!bad) {
    int rc = dpss__rplan_row(c->plan, row, &c->texts);
    if (rc == DPSS_ENOMEM || c->texts.oom) {
      stop_oom(c);
      return;
    }
    it->bad = rc != DPSS_OK;
  } else if (row && c->plan) {
    dpss_error err = *dpss_error_last();
    dpss__rplan_id(c->plan, row, &c->texts);
    dpss__error_set(&err);
  }
  if (it->bad)
    it->err = *dpss_error_last();
  it->len = c->texts.len - it->off;
  dpss_sb_putc(&c->texts, '\0');
  if (c->texts.oom) {
    stop_oom(c);
    return;
  }
  c->q_n++;
}

static void on_record(int term, void *data) {
  (void)term;
  struct dpss__csvin *c = data;
  if (c->stop || c->n == 0) {
    row_reset(c);
    return;
  }
  dpss__cells cells = cells_of(c);
  if (c->long_cell && c->plan) {
    size_t k = c->long_cell - 1;
    dpss__rplan_fail(c->plan, DPSS_ESYNTAX, NULL, k, c->fline[k], "a cell longer than 1 MiB");
    push(c, &cells, true);
  } else if (!dpss__rplan_blank(&cells)) {
    if (!c->plan) {
      int rc = dpss__rplan_new(&c->plan, c->r->mapping, &cells);
      if (rc)
        c->stop = rc;
    } else {
      push(c, &cells, false);
    }
  }
  row_reset(c);
}

/* Forget the row being read, whatever state the parser is in. */
static void parser_reset(struct dpss__csvin *c) {
  unsigned char options = c->parser.options;
  c->parser.options = CSV_STRICT; /* without STRICT_FINI, csv_fini always resets */
  csv_fini(&c->parser, NULL, NULL, NULL);
  c->parser.options = options;
  row_reset(c);
}

/* The row being read is malformed at cell `column` (from 0), line `line`. */
static void bad_row(struct dpss__csvin *c, size_t column, int64_t line, const char *what) {
  if (!c->plan) {
    c->stop = dpss__rplan_fail(NULL, DPSS_ESYNTAX, "", column, line,
                               "malformed CSV in the header: %s", what);
    return;
  }
  dpss__rplan_fail(c->plan, DPSS_ESYNTAX, NULL, column, line, "malformed CSV: %s", what);
  dpss__cells cells = cells_of(c);
  push(c, &cells, true);
  parser_reset(c);
}

static void newline(dpss_reader *r, struct dpss__csvin *c) {
  r->line++;
  r->line_start = r->base + (int64_t)r->pos;
  c->at_line_start = true;
}

/* The end of the input. */
static int finish(dpss_reader *r, struct dpss__csvin *c) {
  c->done = true;
  if (c->skip_line)
    return DPSS_OK;
  c->cur_line = r->line;
  if (csv_fini(&c->parser, on_field, on_record, c) != 0 && !c->stop)
    bad_row(c, c->n, c->field_line, "a quote not closed before the end of the input");
  return c->stop;
}

/* Feed the parser the rest of the current line (or as much of it as the
 * buffer holds): 0 (any records read are queued), or a fatal code. */
static int feed(dpss_reader *r, struct dpss__csvin *c) {
  int rc;
  if (!c->started) {
    size_t i = 2;
    r->keep = 0;
    if ((rc = dpss__reader_have(r, &i, NULL)) < 0)
      return rc;
    if (r->end >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
      r->pos = 3;
      r->line_start = 3; /* the mark takes no column */
    }
    c->started = c->at_line_start = true;
  }
  r->keep = r->pos;
  size_t i = r->pos;
  if ((rc = dpss__reader_have(r, &i, NULL)) < 0)
    return rc;
  if (rc == 0)
    return finish(r, c);
  if (c->at_line_start) {
    c->at_line_start = false;
    if (c->parser.pstate == ROW_NOT_BEGUN)
      c->row_line = c->field_line = r->line;
  }
  c->cur_line = r->line;
  char *s = r->buf + r->pos;
  size_t avail = r->end - r->pos;
  char *nl = memchr(s, '\n', avail);
  size_t seg = nl ? (size_t)(nl - s) + 1 : avail;
  bool line_end = nl != NULL;
  char *cr = memchr(s, '\r', seg);
  if (cr) {
    size_t k = (size_t)(cr - s);
    if (k + 1 < avail) {
      if (s[k + 1] != '\n') { /* a CR alone ends the line */
        seg = k + 1;
        line_end = true;
      }
    } else if (r->eof) {
      seg = k + 1;
      line_end = true;
    } else if (k > 0) {
      seg = k; /* up to the CR; what follows it decides */
      line_end = false;
    } else {
      size_t j = r->pos + 1; /* a CR last in the buffer: read one byte more */
      rc = dpss__reader_have(r, &j, NULL);
      return rc < 0 ? rc : DPSS_OK;
    }
  }
  if (c->skip_line) { /* the rest of a line whose row was malformed */
    r->pos += seg;
    if (line_end) {
      c->skip_line = false;
      newline(r, c);
    }
    return DPSS_OK;
  }
  /* libcsv grows a cell's buffer by blk_size at a time: keep it doubling. */
  csv_set_blk_size(&c->parser, c->parser.entry_size > 1024 ? c->parser.entry_size : 1024);
  size_t got = csv_parse(&c->parser, s, seg, on_field, on_record, c);
  if (!c->stop && csv_error(&c->parser) == CSV_ENOMEM)
    stop_oom(c);
  if (c->stop)
    return c->stop;
  r->pos += seg;
  if (got != seg) {
    bad_row(c, c->n, c->cur_line,
            "a misplaced quote (a quoted cell starts and ends with a quote, and a quote "
            "inside it is doubled)");
    if (line_end)
      newline(r, c);
    else
      c->skip_line = true;
    return c->stop;
  }
  if (c->parser.entry_pos > CELL_MAX) {
    bad_row(c, c->n, c->field_line, "a cell longer than 1 MiB (is a quote not closed?)");
    if (line_end)
      newline(r, c);
    else
      c->skip_line = true;
    return c->stop;
  }
  if (line_end) {
    newline(r, c);
    if (c->parser.pstate == FIELD_BEGUN && c->parser.quoted &&
        !dpss__rplan_multiline(c->plan, c->n))
      bad_row(c, c->n, c->field_line,
              "a quote not closed on its line (only a free-text or ignored column may hold "
              "a line end)");
  }
  return c->stop;
}

static int fatal(dpss_reader *r, int rc) {
  if (!r->fatal) {
    r->fatal = rc;
    r->err = *dpss_error_last();
  }
  r->ext_valid = false;
  return r->fatal;
}

int dpss__csv_next(dpss_reader *r) {
  struct dpss__csvin *c = r->csv;
  r->ext_valid = false;
  if (!c) {
    c = dpss__calloc(1, sizeof *c);
    if (!c || csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
      free(c);
      dpss__fail_at(DPSS_ENOMEM, 1, 1, "out of memory reading %s", r->name);
      return fatal(r, DPSS_ENOMEM);
    }
    csv_set_realloc_func(&c->parser, dpss__realloc);
    csv_set_free_func(&c->parser, free);
    c->r = r;
    dpss_sb_init(&c->texts);
    r->csv = c;
  }
  if (c->q_head == c->q_n) {
    c->q_head = c->q_n = 0;
    c->texts.len = 0;
    while (c->q_n == 0 && !c->done) {
      int rc = feed(r, c);
      if (rc < 0)
        return fatal(r, rc);
    }
    if (c->q_n == 0) {
      r->rec_line = r->rec_col = 0;
      return DPSS_READ_END;
    }
  }
  struct qitem *it = &c->q[c->q_head++];
  r->rec_no++;
  r->rec_line = it->line;
  r->rec_col = 1;
  r->ext_text = c->texts.p + it->off;
  r->ext_len = it->len;
  r->ext_valid = true;
  if (!it->bad)
    return DPSS_READ_RECORD;
  r->err = it->err;
  dpss__error_set(&r->err);
  return DPSS_READ_BAD;
}
