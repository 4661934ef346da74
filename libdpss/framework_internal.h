/* SPDX-License-Identifier: MIT */
/* The framework's insides, shared by framework.c (reading, pricing, caps),
 * framework_write.c (JSON, saves, reports) and ledger*.c (the SQLite
 * ledger). Not API. */
#ifndef DPSS_FRAMEWORK_INTERNAL_H
#define DPSS_FRAMEWORK_INTERNAL_H

#include "internal.h"

enum { DPSS__SVC_START_UP, DPSS__SVC_PAYROLL, DPSS__SVC_MANAGED, DPSS__SVC_ONE_OFF, DPSS__SVC_COUNT };
DPSS_INTERNAL extern const char *const dpss__service_names[DPSS__SVC_COUNT];
DPSS_INTERNAL extern const char *const dpss__price_names[DPSS__SVC_COUNT];

#define DPSS__FW_MAX_YEARS 10
#define DPSS__FW_MAX_SHARES 8
/* "2026-11-30T12:34:56Z": when a ledger recorded a call-off (UTC). */
#define DPSS__STAMP_LEN 20

typedef struct dpss__commissioner {
  char id[DPSS_ID_MAX + 1];
  char *name;
  int64_t annual_cap, total_cap, approval_threshold; /* DPSS_PENCE_NONE: no threshold */
} dpss__commissioner;

typedef struct dpss__item {
  int8_t service;
  int64_t quantity;
} dpss__item;

typedef struct dpss__share {
  int commissioner;
  int64_t weekly; /* the funding share's weight; 1 for a single commissioner */
  int64_t pence;
} dpss__share;

typedef struct dpss__calloff {
  char id[DPSS_ID_MAX + 1];
  char recipient[DPSS_ID_MAX + 1];
  char approved_by[DPSS_ID_MAX + 1];
  char recorded_at[DPSS__STAMP_LEN + 1]; /* "" when not recorded by a ledger */
  dpss_date start, end;
  dpss__item *items;
  size_t n_items;
  int64_t cost;
  dpss__share shares[DPSS__FW_MAX_SHARES];
  int n_shares;
  bool joint;
  int year;
} dpss__calloff;

struct dpss_framework {
  char id[DPSS_ID_MAX + 1];
  char *name; /* for readers, kept and written back; NULL: none */
  dpss_date start;
  int years;
  dpss__commissioner *c;
  size_t n_c;
  int64_t price[DPSS__SVC_COUNT];
  dpss__calloff *co;
  size_t n_co, cap_co;
  /* Call-off ids, hashed (open addressing). n_slots is 0 or a power of two
   * at least twice n_co. */
  struct dpss__slot {
    size_t index; /* index + 1 into co; 0: empty */
    size_t hash;  /* the id's hash, so a probe rarely touches co */
  } *slots;
  size_t n_slots;
  /* committed[commissioner][year 0..years-1] and over the term */
  int64_t (*committed)[DPSS__FW_MAX_YEARS];
  int64_t *committed_total;
};

/* The commissioner's index, or -1. */
DPSS_INTERNAL int dpss__fw_commissioner(const dpss_framework *f, const char *id);
/* Read a call-off from JSON, price it (F3), split it and check delegated
 * authority; nothing in the framework changes. */
DPSS_INTERNAL int dpss__fw_read_calloff(const dpss_framework *f, const json_t *v, dpss_path *p,
                                        dpss__calloff *c);
/* Price (F3) and split a call-off whose dates, items and shares' weights
 * are set; place it in its contract year; check delegated authority. */
DPSS_INTERNAL int dpss__fw_price(const dpss_framework *f, dpss__calloff *c, dpss_path *p);
/* F2 against given commitments: year_now[j] and term_now[j] are what share
 * j's commissioner has committed in the call-off's year and over the term. */
DPSS_INTERNAL int dpss__fw_check_caps(const dpss_framework *f, const dpss__calloff *c,
                                      const char *where, const int64_t *year_now,
                                      const int64_t *term_now);
/* Give a call-off without id a new one ("C-" and a UUID). */
DPSS_INTERNAL int dpss__fw_give_id(dpss__calloff *c);
/* Record a priced call-off: the id must be new and the caps hold (F2). On
 * success the framework owns c->items; on failure the caller still does. */
DPSS_INTERNAL int dpss__fw_add(dpss_framework *f, dpss__calloff *c, dpss_path *p);
/* Room for n call-offs in all, so a load of a known count grows nothing. */
DPSS_INTERNAL int dpss__fw_reserve(dpss_framework *f, size_t n);
/* Whether a call-off with this id is recorded. */
DPSS_INTERNAL bool dpss__fw_has_id(const dpss_framework *f, const char *id);
DPSS_INTERNAL void dpss__fw_calloff_clear(dpss__calloff *c);
/* The framework's terms as JSON, without its call-offs (and without the
 * closing brace when open is true, so call-offs can follow). */
DPSS_INTERNAL void dpss__fw_terms_json(const dpss_framework *f, dpss_sb *sb, bool open);
/* One call-off as a JSON object. */
DPSS_INTERNAL void dpss__fw_calloff_json(const dpss_framework *f, const dpss__calloff *c,
                                         dpss_sb *sb);
/* A recorded_at stamp is well formed ("YYYY-MM-DDTHH:MM:SSZ", a real time). */
DPSS_INTERNAL bool dpss__stamp_valid(const char *s);

/* ---- the ledger (ledger*.c) ---- */
/* 1 if the file starts as an SQLite database does, else 0 (also when it
 * cannot be read: the caller's own open reports that). */
DPSS_INTERNAL int dpss__is_sqlite_file(const char *path);
/* Load a ledger file as a framework (dpss_framework_load on a ledger). */
DPSS_INTERNAL int dpss__ledger_load(dpss_framework **out, const char *path);

#endif /* DPSS_FRAMEWORK_INTERNAL_H */
