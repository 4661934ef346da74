/* SPDX-License-Identifier: MIT */
/* Writing a self-contained HTML page with inline SVG charts (html.c): text
 * from data escaped, numbers formatted as people read them (money through
 * dpss_money_format_buf, exact from integer pence), tables, and three kinds
 * of chart drawn by our own code with integer arithmetic only: columns
 * (categories along the bottom), horizontal bars (with reference lines such
 * as a target or a cap) and a mix (one 100% bar per row). Nothing on the
 * page is fetched and nothing runs: no scripts, fonts or images. */
#ifndef DPSS_CLI_HTML_H
#define DPSS_CLI_HTML_H

#include "cli.h"

/* Colours (Okabe and Ito's palette, told apart with any colour vision). */
#define C_BLUE "#0072B2"
#define C_SKY "#56B4E9"
#define C_GREEN "#009E73"
#define C_ORANGE "#E69F00"
#define C_RED "#D55E00"
#define C_PURPLE "#CC79A7"
#define C_GREY "#8C8C8C"
#define C_INK "#1A1A1A"

/* ------------------------------------------------------------ text */

/* s, HTML-escaped (& < > " '); control characters, direction marks and
 * bytes that are not UTF-8 become U+FFFD. For every text from data. */
void html_esc(struct buf *b, const char *s);
/* Format, then escape the result. */
void html_escf(struct buf *b, const char *fmt, ...) CLI_PRINTF(2, 3);

#define NUM_BUFSIZE 64
/* 1,234,567 */
const char *fmt_count(char *buf, int64_t n);
/* £1,234.56 (dpss_money_format_buf), or "out of range" for DPSS_PENCE_NONE. */
const char *fmt_pounds(char *buf, int64_t pence);
/* Basis points as a percentage: 4000 -> "40%", 8913 -> "89.13%". */
const char *fmt_percent(char *buf, int64_t bp);
/* 22 November 2026; "none" for DPSS_DATE_NONE. */
const char *fmt_date(char *buf, dpss_date d);
/* Nov 2026 */
const char *fmt_month(char *buf, dpss_date d);
/* part of whole in basis points, rounded half up (0 when whole is 0). */
int64_t ratio_bp(int64_t part, int64_t whole);

/* ------------------------------------------------------------ page */

/* The document up to <body>: title, the print and screen style, and a
 * content security policy that lets nothing load. */
void html_page_start(struct buf *b, const char *title);
void html_page_end(struct buf *b);

/* ----------------------------------------------------------- tables */

/* <table> with a caption and column heads (our own text, not escaped).
 * The first column holds the row heads; the others are numbers. */
void table_start(struct buf *b, const char *caption, size_t n, const char *const *heads);
/* A row: its head (escaped). */
void table_row(struct buf *b, const char *head);
/* A number cell (escaped); cls: NULL, or a class ("up", "down", "total"). */
void table_cell(struct buf *b, const char *text, const char *cls);
void table_row_end(struct buf *b);
void table_end(struct buf *b);

/* ----------------------------------------------------------- charts */

/* What a chart's values are: counts, pence, or basis points (10000 = 100%). */
enum unit { U_COUNT, U_PENCE, U_BP };

struct series {
  const char *name;   /* shown in the legend (our own text) */
  const char *colour; /* fill */
};

struct ref_line {
  int64_t at;         /* where, in the chart's unit */
  const char *label;  /* e.g. "target 40%" (escaped) */
  const char *colour;
};

struct chart {
  const char *title;            /* the chart's accessible name (escaped) */
  const char *x_title, *y_title; /* axis titles (escaped); NULL for none */
  size_t n_cats;
  const char *const *cats;      /* category labels (escaped); "\n" breaks a line */
  size_t n_series;
  const struct series *series;
  const int64_t *v;             /* v[cat * n_series + s] */
  const char *const *labels;    /* optional value labels (escaped), as v; NULL: the values */
  const char *const *colours;   /* optional colour per category (1 series), or NULL */
  bool stacked;                 /* stack the series instead of grouping them */
  bool track;                   /* horizontal: a pale track behind each bar, to the axis end */
  enum unit unit;
  int64_t max;                  /* the axis end; 0: from the data (give the same to panels) */
  size_t n_refs;
  const struct ref_line *refs;  /* horizontal: vertical lines across the bars */
};

/* The largest value (or stack) of a chart: for a common axis across panels. */
int64_t chart_data_max(const struct chart *c);
/* Columns: categories along the bottom, values up the side. */
void svg_columns(struct buf *b, const struct chart *c);
/* Horizontal bars: one row per category, values along the bottom. */
void svg_bars(struct buf *b, const struct chart *c);

/* A mix: one bar per row split into segments that make up 100%, with a key
 * under each bar giving every segment's count and share. */
struct segment {
  const char *label; /* escaped */
  int64_t value;
  const char *colour;
};
struct mix_row {
  const char *label; /* escaped */
  size_t n;
  const struct segment *seg;
};
void svg_mix(struct buf *b, const char *title, size_t n_rows, const struct mix_row *rows);

#endif
