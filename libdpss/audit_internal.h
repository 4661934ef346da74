/* SPDX-License-Identifier: MIT */
/* Statements and audits inside the library (statement.c, audit.c,
 * audit_write.c, audit_html.c, audit_summary.c). Not API. */
#ifndef DPSS_AUDIT_INTERNAL_H
#define DPSS_AUDIT_INTERNAL_H

#include "internal.h"

/* ---- statements (statement.c) ---- */

/* Strings a statement holds (descriptions, payees, categories) live in one
 * arena; payees and categories are interned, so an audit compares ids. */
typedef struct dpss_sline {
  int64_t pence, balance; /* balance DPSS_PENCE_NONE when absent */
  size_t desc;            /* arena offset; 0 is "" */
  int32_t payee, category; /* interned ids, -1 when absent */
  dpss_date date;
  uint32_t src_line;
  int8_t type;
} dpss_sline;

typedef struct dpss_intern {
  size_t *off; /* arena offsets of the strings, by id */
  size_t n, cap;
  int32_t *slot; /* open addressing: id + 1, 0 empty */
  size_t n_slot;
} dpss_intern;

typedef struct dpss_serror {
  int code;
  size_t line, column;
  char field[16];
  char message[200];
} dpss_serror;

struct dpss_statement {
  dpss_sline *l;
  size_t n, cap;
  char *arena;
  size_t alen, acap;
  dpss_intern payees, categories;
  dpss_serror *err;
  size_t n_err, cap_err;
};

DPSS_INTERNAL const char *dpss__stmt_str(const dpss_statement *s, size_t off);
DPSS_INTERNAL const char *dpss__stmt_payee(const dpss_statement *s, int32_t id);
DPSS_INTERNAL const char *dpss__stmt_category(const dpss_statement *s, int32_t id);
/* A fingerprint of the lines' dates and amounts (an audit keeps it to know
 * its statement again). */
DPSS_INTERNAL uint64_t dpss__stmt_fingerprint(const dpss_statement *s);
DPSS_INTERNAL extern const char *const dpss__line_type_names[4];

/* ---- audits (audit.c) ---- */

enum dpss_finding_kind {
  DPSS_FK_UNRECONCILED,
  DPSS_FK_PAYMENT_MISSING,
  DPSS_FK_PAYMENT_UNEXPECTED,
  DPSS_FK_PAYMENT_AMOUNT,
  DPSS_FK_CONTRIBUTION_SHORTFALL,
  DPSS_FK_PROHIBITED_SPEND,
  DPSS_FK_UNAGREED_SPEND,
  DPSS_FK_EVIDENCE_MISSING,
  DPSS_FK_UNDERSPEND,
  DPSS_FK_COUNT_
};
DPSS_INTERNAL extern const char *const dpss__finding_kind_names[DPSS_FK_COUNT_];
DPSS_INTERNAL extern const char *const dpss__finding_rule[DPSS_FK_COUNT_];
DPSS_INTERNAL extern const char *const dpss__evidence_names[5];

typedef struct dpss_finding {
  int8_t kind, evidence;  /* evidence: -1 when not A6 */
  int64_t pence, expected; /* expected: DPSS_PENCE_NONE when not payment_amount */
  dpss_date date, date2;  /* payment date, gap, month start; NONE when none */
  int32_t category;       /* audit category index, -1 when none */
  char pa[DPSS_ID_MAX + 1];
  size_t line0, n_lines; /* into the audit's line pool */
  size_t because;        /* offset into the audit's text */
} dpss_finding;

/* Category names an audit reports: "uncategorised" for lines out without
 * one, "council_repayment" for lines out of type council_payment. */
typedef struct dpss_acat {
  char *name;
  int64_t pence; /* spent (lines out) */
  size_t n;      /* lines out */
} dpss_acat;

struct dpss_audit {
  char id[DPSS_ID_MAX + 1];
  char policy_id[DPSS_ID_MAX + 1], policy_version[DPSS_ID_MAX + 1];
  char *overrides; /* JSON object or NULL */
  dpss_date from, to;
  int8_t outcome;
  bool review, opening_given, closing_given;
  uint32_t review_rules; /* bits: 0 R1 misuse, 1 A9, 2 S3 */
  uint32_t rules;        /* bit k: rule table index k (see audit_write.c) */
  size_t n_lines;
  uint64_t fingerprint;
  int64_t opening, in, out, closing;
  int64_t council_in, contribution_due, contribution_in;
  int64_t weekly, threshold, owed, available, excess;
  int64_t misuse_threshold;
  int64_t underspend_percent, match_days, dbs_years;
  dpss_acat *cat;
  size_t n_cat, cap_cat;
  int32_t *line_cat; /* per statement line: category index; -1 for lines in */
  dpss_finding *f;
  size_t n_f, cap_f;
  uint32_t *pool; /* line numbers of the findings */
  size_t n_pool, cap_pool;
  char *text; /* the findings' reasons */
  size_t n_text, cap_text;
};

/* Rule ids an audit may apply, in the order `rules` lists them. */
enum {
  DPSS_AR_A1, DPSS_AR_A2, DPSS_AR_A3, DPSS_AR_A4, DPSS_AR_A5, DPSS_AR_A6, DPSS_AR_A7,
  DPSS_AR_S1, DPSS_AR_S2, DPSS_AR_S3, DPSS_AR_A8, DPSS_AR_A9, DPSS_AR_R1, DPSS_AR_COUNT_
};
DPSS_INTERNAL extern const char *const dpss__audit_rule_ids[DPSS_AR_COUNT_];

/* What an audit works with besides the audit itself. */
typedef struct dpss_audit_ctx {
  const dpss_recipient *r;
  const dpss_statement *s;
  const dpss_policy *policy;
  dpss_params pp;
  int64_t spend; /* lines out less repayments to the council */
  int64_t prohibited;
  uint32_t *wage; /* indexes of wage lines */
  size_t n_wage, cap_wage;
  bool *hmrc_month; /* by month index from `from` */
  size_t n_months;
  int pa_wages, hmrc; /* audit category indexes, -1 when absent */
  int32_t *pa_of_payee;
} dpss_audit_ctx;

/* Shared by audit.c and audit_employer.c. */
DPSS_INTERNAL void dpss__money_text(char *buf, int64_t pence); /* buf: 40 bytes */
DPSS_INTERNAL dpss_finding dpss__finding_tmpl(int kind);
DPSS_INTERNAL int dpss__audit_finding(dpss_audit *a, const dpss_finding *tmpl,
                                      const uint32_t *lines, size_t n, const char *fmt, ...)
    DPSS_PRINTF(5, 6);
DPSS_INTERNAL bool dpss__payee_eq(const char *x, const char *y);
DPSS_INTERNAL size_t dpss__month_index(dpss_date from, dpss_date d);
DPSS_INTERNAL int dpss__grow(void **p, size_t *cap, size_t need, size_t size);
/* A3 and A4 (audit_payments.c). */
DPSS_INTERNAL int dpss__audit_payments(dpss_audit *a, dpss_audit_ctx *c);
DPSS_INTERNAL int dpss__audit_contributions(dpss_audit *a, dpss_audit_ctx *c);
/* A6: employer duties (audit_employer.c). */
DPSS_INTERNAL int dpss__audit_employer(dpss_audit *a, dpss_audit_ctx *c);

/* Short names the rule files (audit.c, audit_payments.c) write with; they
 * define DPSS_AUDIT_RULES before including this header. */
#ifdef DPSS_AUDIT_RULES
#define money dpss__money_text
#define tmpl_of dpss__finding_tmpl
#define add_finding dpss__audit_finding
#define grow dpss__grow
#define OOM() dpss__fail(DPSS_ENOMEM, NULL, "out of memory")
/* Add x to a money total, returning from the caller when it overflows. */
#define ADD(acc, x)                                                           \
  do {                                                                        \
    if (__builtin_add_overflow((acc), (x), &(acc)))                           \
      return dpss__fail(DPSS_EOVERFLOW, "statement", "money total out of range"); \
  } while (0)
#endif

#endif /* DPSS_AUDIT_INTERNAL_H */
