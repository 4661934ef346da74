/* SPDX-License-Identifier: MIT */
/* dpss report: what one pass over a caseload collects (report.c) and the
 * page written from it (report_page.c). */
#ifndef DPSS_CLI_REPORT_H
#define DPSS_CLI_REPORT_H

#include <jansson.h>

#include "html.h"

#define N_BANDS 6   /* surplus bands */
#define N_MONTHS 12 /* months ahead for reviews and audits */
#define N_AGES 6    /* escalation age bands */

/* Bucket of a review or audit date: due by the as-of date, one per month,
 * later, or none. */
enum { DUE_NOW = 0, DUE_LATER = N_MONTHS + 1, DUE_NONE = N_MONTHS + 2, DUE_COUNT_ };

/* Everything one policy gives over the caseload. */
struct side {
  dpss_policy *policy;
  char *name;      /* "nottinghamshire (version 2013-10-28)" */
  char *overrides; /* "surplus_threshold_weeks=8, ...", or "" */
  dpss_decision *decision;
  dpss_schedule *schedule;
  dpss_summary *summary;
  dpss_return *ret;
  dpss_market *market; /* with --network */
  dpss_totals *totals; /* with --from/--to */
  /* What the library's summaries do not break down: */
  uint64_t band[N_BANDS];              /* surpluses to reclaim by amount */
  uint64_t review[DUE_COUNT_], audit[DUE_COUNT_];
  uint64_t age[N_AGES][2];             /* open issues by days open: [1] escalated (T3) */
  /* The library's summaries, parsed once read. */
  json_t *sum, *rtn, *mkt, *tot;
};

struct report {
  const char *input;
  dpss_date as_of;
  dpss_date from, to;         /* --from/--to, or DPSS_DATE_NONE */
  dpss_date ret_from, ret_to; /* the return's period */
  dpss_date month[N_MONTHS + 1]; /* first days of the months from the as-of month */
  int n_sides;                /* 1, or 2 with an alternative */
  struct side side[2];
  dpss_comparison *cmp;
  json_t *cmp_json;
  const char *net_file;
  dpss_network *net;
  json_t *net_json; /* the network with its providers' names */
  const char *fw_file;
  dpss_framework *fw;
  json_t *fw_report, *fw_terms;
  struct tally tally;
};

/* The bands' lower bounds in pence, and their names. */
extern const int64_t band_floor[N_BANDS];
extern const char *const band_name[N_BANDS];
/* The age bands' upper bounds in days (the last is open), and names. */
extern const int32_t age_top[N_AGES];
extern const char *const age_name[N_AGES];

/* Write the page (report_page.c). */
void report_page(struct buf *b, const struct report *r);

/* ------------------------------------------- shared by the page's parts */

/* The integer at a dotted path of a JSON object ("surplus.count");
 * DPSS_PENCE_NONE when absent or null (a total out of range). */
int64_t num(const json_t *o, const char *path);
/* The same, 0 when absent: for counts. */
int64_t cnt(const json_t *o, const char *path);
/* A string member, "" when absent. */
const char *str(const json_t *o, const char *key);
/* A value in its unit; "out of range" for DPSS_PENCE_NONE. */
const char *fmt_unit(char *buf, int64_t v, enum unit u);
/* after - before with its sign ("+12", "\u2212\u00a33.00", "+1.5 points"),
 * or "no change". */
const char *fmt_change(char *buf, int64_t before, int64_t after, enum unit u);

/* A section: its title, then a lead sentence (lead_open, text,
 * lead_close), one panel per side (or one when both are the same), the
 * tables (tables_open ... tables_close), and the caption, which closes the
 * section. */
void section_open(struct buf *b, const char *id, const char *title);
void lead_open(struct buf *b);
void lead_close(struct buf *b);
/* Panel k; `both`: the sides differ, so each gets a panel and a heading. */
void panel_open(struct buf *b, const struct report *r, int k, bool both);
void panel_close(struct buf *b);
void tables_open(struct buf *b);
void tables_close(struct buf *b);
/* The rules, each side's policy and overrides, the parameters' values
 * (NULL-terminated list, or NULL), the date, and `more` (or NULL). */
void caption(struct buf *b, const struct report *r, const char *rules,
             const char *const *params, const char *more);
/* A table of one figure per row ("what"), or before, after and change. */
void vtable_start(struct buf *b, const struct report *r, const char *caption_text,
                  const char *first, const char *what);
void vrow(struct buf *b, const struct report *r, const char *head, const int64_t *v,
          enum unit u, bool total);
/* A row of the same figure from each side's summary, return, market or
 * payments JSON. */
enum json_of { J_SUM, J_RTN, J_MKT, J_TOT };
void vrow_json(struct buf *b, const struct report *r, const char *head, enum json_of which,
               const char *path, enum unit u, bool total);
/* Whether the sides' figures (n bytes at a and b2) are the same. */
bool same(const struct report *r, const void *a, const void *b2, size_t n);
/* The sides a section's table shows: r, or a copy in *one with one side
 * when the figures are the same under both policies. */
const struct report *table_sides(const struct report *r, bool both, struct report *one);
/* A table of several figures per row (at most 4): a column each, or
 * before and after each. v[m * 2 + side]. */
void mtable_start(struct buf *b, const struct report *r, const char *caption_text,
                  const char *first, size_t n, const char *const *whats);
void mrow(struct buf *b, const struct report *r, const char *head, size_t n, const int64_t *v,
          enum unit u, bool total);

/* The sections (report_sections.c, report_more.c). */
void section_flips(struct buf *b, const struct report *r);
void section_mix(struct buf *b, const struct report *r);
void section_surplus(struct buf *b, const struct report *r);
void section_due(struct buf *b, const struct report *r);
void section_escalations(struct buf *b, const struct report *r);
void section_uptake(struct buf *b, const struct report *r);
void section_payments(struct buf *b, const struct report *r);
void section_spend(struct buf *b, const struct report *r);
void section_market(struct buf *b, const struct report *r);

#endif
