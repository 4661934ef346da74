/* SPDX-License-Identifier: MIT */
/* libdpss internals: not API. Shared by the library's own files and by the
 * white-box tests, which link the convenience library. */
#ifndef DPSS_INTERNAL_H
#define DPSS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "dpss.h"

#define DPSS_ID_MAX 64
#define DPSS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define DPSS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DPSS_INTERNAL __attribute__((visibility("hidden")))
#else
#define DPSS_PRINTF(f, a)
#define DPSS_INTERNAL
#endif

/* ---- memory (alloc.c) ---- */
/* Every allocation of the library goes through these (never malloc & co.
 * directly: tests/check-alloc.sh holds the sources to it); free() frees. */
DPSS_INTERNAL void *dpss__malloc(size_t n);
DPSS_INTERNAL void *dpss__calloc(size_t n, size_t size);
DPSS_INTERNAL void *dpss__realloc(void *p, size_t n);
/* Fault injection for tests: fail allocation number nth (from 1) after
 * this call, and with sticky every one after it too; 0 turns it off. */
DPSS_INTERNAL void dpss__fault_set(long nth, int sticky);
DPSS_INTERNAL long dpss__fault_failed(void); /* failures injected since dpss__fault_set */
DPSS_INTERNAL long dpss__fault_count(void);  /* allocations counted since dpss__fault_set */
/* jansson runs with an allocator that never fails it: a failure is flagged
 * for the thread instead. Call dpss__json_begin() before an operation that
 * makes jansson allocate and dpss__json_oom() after it. */
DPSS_INTERNAL void dpss__json_begin(void);
DPSS_INTERNAL bool dpss__json_oom(void);

/* ---- errors (error.c) ---- */
/* The details behind dpss_error_last(); objects that keep an error of their
 * own (the record reader) hold a copy. */
struct dpss_error {
  int code;
  int line, column;
  char message[320];
  char field[160];
};

/* Make a kept error this thread's last error again. */
DPSS_INTERNAL void dpss__error_set(const dpss_error *err);
/* Record an error for this thread and return code. field may be NULL. */
DPSS_INTERNAL int dpss__fail(int code, const char *field, const char *fmt, ...) DPSS_PRINTF(3, 4);
DPSS_INTERNAL int dpss__fail_at(int code, int line, int column, const char *fmt, ...)
    DPSS_PRINTF(4, 5);
/* Prefix the current error's field with a path ("record[3]") and message. */
DPSS_INTERNAL void dpss__error_prefix_field(const char *prefix);
DPSS_INTERNAL void dpss__error_set_position(int line, int column);

/* ---- growable string buffer (strbuf.c) ---- */
typedef struct dpss_sb {
  char *p;
  size_t len, cap;
  bool oom;
} dpss_sb;

DPSS_INTERNAL void dpss_sb_init(dpss_sb *sb);
DPSS_INTERNAL void dpss_sb_free(dpss_sb *sb);
DPSS_INTERNAL bool dpss_sb_reserve(dpss_sb *sb, size_t extra);
DPSS_INTERNAL void dpss_sb_putc(dpss_sb *sb, char c);
DPSS_INTERNAL void dpss_sb_putn(dpss_sb *sb, const char *s, size_t n);
DPSS_INTERNAL void dpss_sb_puts(dpss_sb *sb, const char *s);
DPSS_INTERNAL void dpss_sb_printf(dpss_sb *sb, const char *fmt, ...) DPSS_PRINTF(2, 3);
DPSS_INTERNAL void dpss_sb_int(dpss_sb *sb, int64_t v);
DPSS_INTERNAL void dpss_sb_json_str(dpss_sb *sb, const char *s); /* quoted, escaped */
DPSS_INTERNAL void dpss_sb_json_date(dpss_sb *sb, dpss_date d);  /* quoted or null */
DPSS_INTERNAL void dpss_sb_json_pence(dpss_sb *sb, int64_t p);   /* number or null */
DPSS_INTERNAL void dpss_sb_json_fact(dpss_sb *sb, dpss_fact f);  /* true/false/null */
DPSS_INTERNAL void dpss_sb_key(dpss_sb *sb, bool *first, const char *key); /* ,"key": */
/* Hand over the buffer as a malloc'd string (or fail with ENOMEM). */
DPSS_INTERNAL int dpss_sb_finish(dpss_sb *sb, char **out);

/* ---- dates (date.c) ---- */
DPSS_INTERNAL bool dpss__date_valid(dpss_date d);
DPSS_INTERNAL dpss_date dpss__days_from_civil(int y, int m, int d);
DPSS_INTERNAL void dpss__civil_from_days(dpss_date z, int *y, int *m, int *d);
DPSS_INTERNAL void dpss__date_write(char buf[DPSS_DATE_BUFSIZE], dpss_date d);
/* Add months, clamped; DPSS_DATE_NONE when out of range or d invalid. */
DPSS_INTERNAL dpss_date dpss__add_months(dpss_date d, int64_t months);

/* ---- text helpers (util.c) ---- */
DPSS_INTERNAL char *dpss__strdup(const char *s);
DPSS_INTERNAL bool dpss__id_valid(const char *s);
/* Copy an id into a buffer of DPSS_ID_MAX + 1 bytes, cut at DPSS_ID_MAX. */
DPSS_INTERNAL void dpss__copy_id(char *dst, const char *src);
/* Index of s in names[0..n), or -1. */
DPSS_INTERNAL int dpss__lookup(const char *const *names, size_t n, const char *s);

/* ---- JSON reading with field paths (jsonread.c) ---- */
typedef struct dpss_path {
  char buf[160];
  size_t len;
} dpss_path;

DPSS_INTERNAL void dpss_path_init(dpss_path *p);
DPSS_INTERNAL size_t dpss_path_push_key(dpss_path *p, const char *key);
DPSS_INTERNAL size_t dpss_path_push_index(dpss_path *p, size_t index);
DPSS_INTERNAL void dpss_path_pop(dpss_path *p, size_t mark);

/* Parse text into a JSON value, reporting ESYNTAX with line/column, ENOMEM
 * if an allocation failed on the way (never a damaged value). A UTF-8 byte
 * order mark at the start is skipped. */
DPSS_INTERNAL int dpss__json_parse(json_t **out, const char *text);
/* jansson calls that allocate, each NULL/-1 when an allocation failed
 * (whatever jansson made of it is thrown away). */
DPSS_INTERNAL json_t *dpss__json_copy(const json_t *v);
DPSS_INTERNAL json_t *dpss__json_object(void);
DPSS_INTERNAL int dpss__json_object_set(json_t *obj, const char *key, json_t *value);
DPSS_INTERNAL char *dpss__json_dumps(const json_t *v, size_t flags);
/* Read a JSON file: EIO if it cannot be opened, ESYNTAX (line, column) if
 * malformed; `what` names the file in messages ("policy"). */
DPSS_INTERNAL int dpss__json_load_file(json_t **out, const char *path, const char *what);
/* Parse JSON text (or a file) and hand the value to a builder that makes the
 * object into *out; the value is freed afterwards. */
typedef int (*dpss__builder)(void *out, const json_t *value);
DPSS_INTERNAL int dpss__build_from_text(void *out, const char *json, dpss__builder build);
DPSS_INTERNAL int dpss__build_from_file(void *out, const char *path, const char *what,
                                        dpss__builder build);
/* Typed readers: value may be NULL (absent); they fail naming the path. */
DPSS_INTERNAL int dpss__read_fact(const json_t *v, dpss_path *p, int8_t *out);
DPSS_INTERNAL int dpss__read_date(const json_t *v, dpss_path *p, dpss_date *out);
DPSS_INTERNAL int dpss__read_pence(const json_t *v, dpss_path *p, bool allow_negative,
                                   int64_t *out);
DPSS_INTERNAL int dpss__read_enum(const json_t *v, dpss_path *p, const char *const *names,
                                  size_t n, int8_t *out);
DPSS_INTERNAL int dpss__read_id(const json_t *v, dpss_path *p, bool required, char **out);
DPSS_INTERNAL int dpss__expect_object(const json_t *v, dpss_path *p);
/* obj's "name", for readers (a framework's, a network's and their
 * parties'): a string, kept as given and written back; null or absent is
 * none (*out = NULL); any other type is an error naming the field. */
DPSS_INTERNAL int dpss__read_name(const json_t *obj, dpss_path *p, char **out);
/* Read obj[name] under its path with `call` (which sees the value as v_),
 * returning from the caller with the error. Needs `int rc` and `p`. */
#define DPSS_FIELD(obj, name, call)                    \
  do {                                                 \
    size_t mark_ = dpss_path_push_key(p, name);        \
    const json_t *v_ = json_object_get((obj), name);   \
    (void)v_;                                          \
    rc = (call);                                       \
    dpss_path_pop(p, mark_);                           \
    if (rc)                                            \
      return rc;                                       \
  } while (0)
/* An array of objects (null or absent: none) into a new array of `size`
 * byte items: each element an object with only keys[0..n_keys), read by
 * `read` (item zeroed first; *count counts every item begun, so the
 * caller's free sees them all). `what` names the items in errors. */
typedef int (*dpss__item_reader)(void *ctx, void *item, size_t index, const json_t *obj,
                                 dpss_path *p);
DPSS_INTERNAL int dpss__read_objects(const json_t *v, dpss_path *p, const char *what,
                                     const char *const *keys, size_t n_keys, size_t size,
                                     void **items, size_t *count, dpss__item_reader read,
                                     void *ctx);
/* EUNKNOWN, naming the field, if the object has a key not among keys[0..n). */
DPSS_INTERNAL int dpss__only_keys(const json_t *obj, dpss_path *p, const char *const *keys,
                                  size_t n);

/* ---- policy (policy.c) ---- */
enum dpss_param_id {
  DPSS_P_SURPLUS_THRESHOLD_WEEKS,
  DPSS_P_STARTUP_MAX_MONTHS,
  DPSS_P_ISSUE_ESCALATION_DAYS,
  DPSS_P_MIN_ASSOCIATES,
  DPSS_P_FIRST_REVIEW,    /* periods: months, or weeks with DPSS_PERIOD_WEEKS */
  DPSS_P_REVIEW_INTERVAL,
  DPSS_P_FIRST_AUDIT,
  DPSS_P_AUDIT_INTERVAL,
  DPSS_P_SURPLUS_TRIGGERS_REVIEW,
  DPSS_P_PAYMENT_BASIS,
  DPSS_P_PAYMENT_FREQUENCY,
  DPSS_P_PAYMENT_INTERVAL_WEEKS,
  DPSS_P_DP_UPTAKE_TARGET,
  DPSS_P_FRAMEWORK_TERM_YEARS,
  DPSS_P_MARKET_VIABILITY_FLOOR_PERCENT,
  DPSS_P_MARKET_DOMINANCE_CEILING_PERCENT,
  DPSS_P_SURPLUS_NOTICE_DAYS,
  DPSS_P_AUDIT_MATCH_DAYS,
  DPSS_P_DBS_VALID_YEARS,
  DPSS_P_UNDERSPEND_REVIEW_PERCENT,
  DPSS_P_MISUSE_THRESHOLD_PENCE,
  DPSS_P_PROHIBITED_CATEGORIES, /* a list: index into the policy's lists */
  DPSS_P_FIRST_AUDIT_FROM,      /* 0: the first payment; 1: the first review */
  DPSS_P_COUNT_
};

/* A period parameter counts weeks when this bit is set, else months. */
#define DPSS_PERIOD_WEEKS (INT64_C(1) << 40)

/* The parameters in force on one date. */
typedef struct dpss_params {
  int64_t v[DPSS_P_COUNT_];
} dpss_params;

DPSS_INTERNAL void dpss__policy_resolve(const dpss_policy *policy, dpss_date on,
                                        dpss_params *out);
DPSS_INTERNAL const char *dpss__param_name(int id);
/* A date plus a period value (months, clamped to the month's end, or weeks). */
DPSS_INTERNAL dpss_date dpss__add_period(dpss_date d, int64_t period);
/* "6 months", "12 weeks". */
DPSS_INTERNAL void dpss__period_text(dpss_sb *sb, int64_t period);
/* "name":value, a period under its unit's name (first_review_weeks: 12). */
DPSS_INTERNAL void dpss__param_json_kv(dpss_sb *sb, int id, int64_t value);
/* The words of a list parameter's value (policy may be NULL: the default). */
DPSS_INTERNAL const char *const *dpss__policy_list(const dpss_policy *policy, int64_t value,
                                                   size_t *n);
/* The policy's what-if overrides as a JSON object, or NULL if none. */
DPSS_INTERNAL const char *dpss__policy_overrides(const dpss_policy *policy);
/* Which policy the outputs added into a summary or totals were made under:
 * none yet, one (its id, version and overrides), or several ("mixed"). */
enum { DPSS__TAG_NONE, DPSS__TAG_ONE, DPSS__TAG_MIXED };
typedef struct {
  char id[DPSS_ID_MAX + 1], version[DPSS_ID_MAX + 1];
  char *overrides; /* JSON object, NULL for none */
  int state;
} dpss__policy_tag;
/* Note one output's policy (overrides NULL or "" for none). Only the first
 * note allocates: DPSS_ENOMEM leaves the tag as it was. */
DPSS_INTERNAL int dpss__policy_tag_note(dpss__policy_tag *t, const char *id, const char *version,
                                        const char *overrides);
/* Fold another tag in (DPSS_ENOMEM leaves into as it was). */
DPSS_INTERNAL int dpss__policy_tag_merge(dpss__policy_tag *into, const dpss__policy_tag *from);
/* The policy an output was made under: {"id","version"[,"overrides"]}
 * (overrides NULL or "" for none), as decisions, schedules, audits and
 * comparisons name it. */
DPSS_INTERNAL void dpss__policy_ref_json(dpss_sb *sb, const char *id, const char *version,
                                         const char *overrides);
/* {"id","version"[,"overrides"]} for one policy, null for none or several. */
DPSS_INTERNAL void dpss__policy_tag_json(dpss_sb *sb, const dpss__policy_tag *t);
DPSS_INTERNAL void dpss__policy_tag_free(dpss__policy_tag *t);
/* A private copy of a policy, or of the built-in one when policy is NULL. */
DPSS_INTERNAL int dpss__policy_copy_or_default(const dpss_policy *policy, dpss_policy **out);
/* Write a parameter value as JSON (number, boolean or string). */
DPSS_INTERNAL void dpss__param_value_json(dpss_sb *sb, int id, int64_t value);

/* ---- recipient (recipient.c) ---- */
#define DPSS_FACT_COUNT_ 11
#define DPSS_SOURCE_COUNT_ 2
#define DPSS_DATE_FIELD_COUNT_ 4

typedef struct dpss_issue_rec {
  char *id;
  dpss_date opened, resolved;
} dpss_issue_rec;

/* Audits and events share one reader: a date, then the index of a word. */
typedef struct dpss_audit_rec {
  dpss_date date;
  int8_t outcome;
} dpss_audit_rec;

typedef struct dpss_event_rec {
  dpss_date date;
  int8_t kind; /* dpss_event_kind */
} dpss_event_rec;
_Static_assert(offsetof(dpss_audit_rec, outcome) == sizeof(dpss_date) &&
                   offsetof(dpss_event_rec, kind) == sizeof(dpss_date),
               "audits and events are read as a date followed by a word");

/* The support plan's spending lines and the employer's evidence (A5, A6;
 * recipient_plan.c). */
typedef struct dpss_plan_line {
  char *category, *payee; /* payee may be NULL */
  int64_t weekly;         /* DPSS_PENCE_NONE when not given */
} dpss_plan_line;

typedef struct dpss_insurance_rec {
  dpss_date from, to;
} dpss_insurance_rec;

typedef struct dpss_pa_rec {
  char *id;
  int8_t contract; /* dpss_fact */
  dpss_date dbs_checked;
} dpss_pa_rec;

/* A one-off payment's purpose is free text: 1 to DPSS_PURPOSE_MAX characters
 * of UTF-8 (up to 4 bytes each), no control characters. */
#define DPSS_PURPOSE_MAX 200
#define DPSS_PURPOSE_BUFSIZE (4 * DPSS_PURPOSE_MAX + 1)

typedef struct dpss_one_off {
  dpss_date date;
  int64_t pence;
  char *purpose; /* NULL: none given */
} dpss_one_off;

struct dpss_recipient {
  char *id;
  int8_t kind, method, risk;
  int8_t facts[DPSS_FACT_COUNT_];
  json_t *authorised_person; /* a non-boolean value given for it, kept as is */
  int64_t funding[DPSS_SOURCE_COUNT_]; /* weekly pence, 0 = none */
  int8_t funding_order[DPSS_SOURCE_COUNT_]; /* sources in the order given */
  int8_t n_funding;
  dpss_date dates[DPSS_DATE_FIELD_COUNT_];
  int64_t personal_budget_weekly, contribution_weekly; /* or DPSS_PENCE_NONE */
  bool has_balance;
  dpss_date balance_on;
  int64_t balance_pence, owed_pence;
  bool has_support;
  int8_t support_tier, support_completed;
  dpss_date support_since;
  char *support_provider;
  bool has_existing;
  char *existing_provider;
  int8_t existing_successful;
  char **needs;
  size_t n_needs;
  dpss_issue_rec *issues;
  size_t n_issues;
  dpss_one_off *one_offs;
  size_t n_one_offs;
  char *requested_provider;
  dpss_audit_rec *audits;
  size_t n_audits;
  int8_t last_audit_outcome; /* the outcome of last_audit (A8), or -1 */
  dpss_event_rec *events; /* R1: dated events that call for a review */
  size_t n_events;
  bool has_plan;     /* support_plan given (not null) */
  int8_t plan_paye; /* dpss_fact */
  dpss_plan_line *plan;
  size_t n_plan;
  bool has_employer; /* employer given (not null) */
  dpss_insurance_rec *insurance;
  size_t n_insurance;
  dpss_pa_rec *pas;
  size_t n_pas;
  json_t *extra; /* fields libdpss does not know, kept for the round trip */
};

/* No single amount on a record may exceed £10 trillion: larger is a data
 * error, and the bound keeps every sum the rules make far from overflow. */
#define DPSS_MONEY_LIMIT INT64_C(1000000000000000)

DPSS_INTERNAL extern const char *const dpss__fact_names[DPSS_FACT_COUNT_];
DPSS_INTERNAL extern const char *const dpss__kind_names[2];
DPSS_INTERNAL extern const char *const dpss__risk_names[2];
DPSS_INTERNAL extern const char *const dpss__date_names[DPSS_DATE_FIELD_COUNT_];
DPSS_INTERNAL dpss_recipient *dpss__recipient_alloc(void);
DPSS_INTERNAL int dpss__recipient_inconsistency(const dpss_recipient *r);
/* The same checks as errors (ECONFLICT naming the field), or DPSS_OK. */
DPSS_INTERNAL int dpss__recipient_check(const dpss_recipient *r);
/* The fast reader for plain records (recipient_fast.c): 1 and *out set if it
 * read the whole record, 0 if it declines (nothing set, no error recorded). */
DPSS_INTERNAL int dpss__recipient_fast(dpss_recipient **out, const char *text);
DPSS_INTERNAL extern const char *const dpss__method_names[3];
DPSS_INTERNAL extern const char *const dpss__tier_names[3];
DPSS_INTERNAL extern const char *const dpss__source_names[DPSS_SOURCE_COUNT_];
/* Read a recipient from a parsed JSON object (used by the tool and batch readers). */
DPSS_INTERNAL int dpss__recipient_from_value(dpss_recipient **out, const json_t *value);
DPSS_INTERNAL int64_t dpss__recipient_weekly(const dpss_recipient *r, bool *overflow);
/* The provider that supports a recipient now: support.provider, else a
 * successful existing arrangement's; NULL if none. */
DPSS_INTERNAL const char *dpss__recipient_provider(const dpss_recipient *r);
/* The later of last_audit and the latest recorded audit; DPSS_DATE_NONE if neither. */
DPSS_INTERNAL dpss_date dpss__last_audit(const dpss_recipient *r, int8_t *outcome);
/* Is last_audit an audit of its own: set, and on a day audits[] does not
 * hold (one that does is the same audit)? R1, R2 and the return count it. */
DPSS_INTERNAL bool dpss__last_audit_unlisted(const dpss_recipient *r);
DPSS_INTERNAL extern const char *const dpss__audit_outcome_names[3];
/* support_plan and employer (recipient_plan.c): read from the record's JSON
 * (values may be NULL: absent), written back, freed. */
DPSS_INTERNAL int dpss__read_support_plan(dpss_recipient *r, const json_t *v, dpss_path *p);
DPSS_INTERNAL int dpss__read_employer(dpss_recipient *r, const json_t *v, dpss_path *p);
DPSS_INTERNAL void dpss__write_plan(dpss_sb *sb, bool *first, const dpss_recipient *r);
DPSS_INTERNAL void dpss__free_plan(dpss_recipient *r);
/* Text that may be shown: valid UTF-8, no control characters (with
 * allow_breaks, tab, CR and LF are allowed). */
DPSS_INTERNAL bool dpss__text_valid(const char *s, size_t n, bool allow_breaks);
DPSS_INTERNAL extern const char *const dpss__event_names[4];

/* ---- reviews and audits (evaluate.c) ---- */
/* R1/R2: the next one due: `first_period` after the first payment, then
 * `interval` after the last; a last one dated before the first payment is
 * not the first and never puts it off. *base is the date counted from;
 * *kind: 0 first, 1 after the last, 2 first (an earlier record ignored),
 * 3 none (no first payment and no record). */
DPSS_INTERNAL dpss_date dpss__next_due(dpss_date first, dpss_date last, int64_t first_period,
                                       int64_t interval, dpss_date *base, int *kind);
/* R2: the date the first audit counts from: the first payment, or with
 * first_audit_from = first_review the first review it schedules (R1). */
DPSS_INTERNAL dpss_date dpss__audit_base(const dpss_recipient *r, const dpss_params *pp);

/* ---- framework (framework.c) ---- */
/* Spend of the call-offs starting between two dates (for the return). */
DPSS_INTERNAL int64_t dpss__framework_spend(const dpss_framework *f, dpss_date from, dpss_date to,
                                            bool *overflow);

#endif /* DPSS_INTERNAL_H */
