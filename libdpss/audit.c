/* SPDX-License-Identifier: MIT */
/* Account audits: rules A1-A9 over one statement and one period. How each
 * rule is read is written in dpss/audit.h; the JSON, CSV and accessors are
 * in audit_write.c, the sheet in audit_html.c. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DPSS_AUDIT_RULES
#include "audit_internal.h"

const char *const dpss__finding_kind_names[DPSS_FK_COUNT_] = {
    "unreconciled",           "payment_missing",  "payment_unexpected",
    "payment_amount",         "contribution_shortfall", "prohibited_spend",
    "unagreed_spend",         "evidence_missing", "underspend"};
const char *const dpss__finding_rule[DPSS_FK_COUNT_] = {"A2", "A3", "A3", "A3", "A4",
                                                        "A5", "A5", "A6", "A9"};
const char *const dpss__evidence_names[5] = {"insurance", "contract", "dbs", "pa_record",
                                             "hmrc"};
const char *const dpss__audit_rule_ids[DPSS_AR_COUNT_] = {
    "A1", "A2", "A3", "A4", "A5", "A6", "A7", "S1", "S2", "S3", "A8", "A9", "R1"};

#define payee_eq dpss__payee_eq
#define month_index dpss__month_index
#define MAX_PERIOD_DAYS (100 * 366)
#define UNDERSPEND_MIN_DAYS 56

void dpss_audit_free(dpss_audit *a) {
  if (!a)
    return;
  free(a->overrides);
  for (size_t i = 0; i < a->n_cat; i++)
    free(a->cat[i].name);
  free(a->cat);
  free(a->line_cat);
  free(a->f);
  free(a->pool);
  free(a->text);
  free(a);
}

/* ---------------------------------------------------------------- helpers */

/* ADD inside a function that must free what it holds: sets rc. */
#define ADDG(acc, x)                                                         \
  do {                                                                       \
    if (__builtin_add_overflow((acc), (x), &(acc))) {                        \
      rc = dpss__fail(DPSS_EOVERFLOW, "statement", "money total out of range"); \
      goto out1;                                                             \
    }                                                                        \
  } while (0)

void dpss__money_text(char *buf, int64_t pence) {
  if (dpss_money_format_buf(buf, 40, pence) < 0)
    snprintf(buf, 40, "?");
}


int dpss__grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap : 16;
  while (c < need)
    c *= 2;
  void *n = dpss__realloc(*p, c * size);
  if (!n)
    return -1;
  *p = n;
  *cap = c;
  return 0;
}

static int add_cat(dpss_audit *a, const char *name) {
  if (grow((void **)&a->cat, &a->cap_cat, a->n_cat + 1, sizeof *a->cat))
    return -1;
  char *copy = dpss__strdup(name);
  if (!copy)
    return -1;
  a->cat[a->n_cat].name = copy;
  a->cat[a->n_cat].pence = 0;
  a->cat[a->n_cat].n = 0;
  return (int)a->n_cat++;
}

static int find_cat(const dpss_audit *a, const char *name) {
  for (size_t i = 0; i < a->n_cat; i++)
    if (strcmp(a->cat[i].name, name) == 0)
      return (int)i;
  return -1;
}

/* Add a finding; lines (statement line numbers) are copied into the pool.
 * The reason is formatted from fmt. */
int dpss__audit_finding(dpss_audit *a, const dpss_finding *tmpl, const uint32_t *lines,
                        size_t n, const char *fmt, ...) {
  char because[512];
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(because, sizeof because, fmt, ap);
  va_end(ap);
  if (len < 0)
    len = 0;
  if ((size_t)len >= sizeof because)
    len = sizeof because - 1;
  if (grow((void **)&a->f, &a->cap_f, a->n_f + 1, sizeof *a->f) ||
      grow((void **)&a->pool, &a->cap_pool, a->n_pool + n, sizeof *a->pool) ||
      grow((void **)&a->text, &a->cap_text, a->n_text + (size_t)len + 1, 1))
    return OOM();
  dpss_finding *f = &a->f[a->n_f++];
  *f = *tmpl;
  f->line0 = a->n_pool;
  f->n_lines = n;
  if (n && lines)
    memcpy(a->pool + a->n_pool, lines, n * sizeof *lines);
  a->n_pool += n;
  f->because = a->n_text;
  memcpy(a->text + a->n_text, because, (size_t)len + 1);
  a->n_text += (size_t)len + 1;
  return DPSS_OK;
}

dpss_finding dpss__finding_tmpl(int kind) {
  dpss_finding f;
  memset(&f, 0, sizeof f);
  f.kind = (int8_t)kind;
  f.evidence = -1;
  f.expected = DPSS_PENCE_NONE;
  f.date = f.date2 = DPSS_DATE_NONE;
  f.category = -1;
  return f;
}

/* Payees compare without regard to ASCII case, surrounding spaces removed. */
bool dpss__payee_eq(const char *x, const char *y) {
  while (*x == ' ' || *x == '\t')
    x++;
  while (*y == ' ' || *y == '\t')
    y++;
  size_t nx = strlen(x), ny = strlen(y);
  while (nx && (x[nx - 1] == ' ' || x[nx - 1] == '\t'))
    nx--;
  while (ny && (y[ny - 1] == ' ' || y[ny - 1] == '\t'))
    ny--;
  if (nx != ny)
    return false;
  for (size_t i = 0; i < nx; i++) {
    char a = x[i], b = y[i];
    if (a >= 'A' && a <= 'Z')
      a = (char)(a + 32);
    if (b >= 'A' && b <= 'Z')
      b = (char)(b + 32);
    if (a != b)
      return false;
  }
  return true;
}


size_t dpss__month_index(dpss_date from, dpss_date d) {
  /* The last call's `from` is kept: the audit asks for one `from` many times. */
  static _Thread_local dpss_date last_from = DPSS_DATE_NONE;
  static _Thread_local int from_month;
  int y, m, dd;
  if (from != last_from) {
    dpss__civil_from_days(from, &y, &m, &dd);
    from_month = y * 12 + m;
    last_from = from;
  }
  dpss__civil_from_days(d, &y, &m, &dd);
  return (size_t)(y * 12 + m - from_month);
}

/* ------------------------------------------------------------------- A2 */

static int reconcile(dpss_audit *a, dpss_audit_ctx *c) {
  const dpss_statement *s = c->s;
  int64_t prev = a->opening, acc = 0;
  char m1[40], m2[40];
  for (size_t i = 0; i < s->n; i++) {
    const dpss_sline *l = &s->l[i];
    if (l->pence > 0)
      ADD(a->in, l->pence);
    else
      ADD(a->out, -l->pence);
    ADD(acc, l->pence);
    if (l->balance == DPSS_PENCE_NONE)
      continue;
    int64_t expected = prev;
    ADD(expected, acc);
    if (l->balance != expected) {
      dpss_finding f = tmpl_of(DPSS_FK_UNRECONCILED);
      uint32_t line = (uint32_t)i + 1;
      f.pence = l->balance - expected;
      money(m1, f.pence < 0 ? -f.pence : f.pence);
      money(m2, expected);
      int rc = add_finding(a, &f, &line, 1,
                           "the running balance on line %u is %s %s than the balance before "
                           "it plus the lines since (%s)",
                           line, m1, f.pence > 0 ? "more" : "less", m2);
      if (rc)
        return rc;
    }
    prev = l->balance;
    acc = 0;
  }
  int64_t end = prev;
  ADD(end, acc);
  if (a->closing != end) {
    dpss_finding f = tmpl_of(DPSS_FK_UNRECONCILED);
    char m3[40];
    f.pence = a->closing - end;
    money(m1, a->closing);
    money(m2, end);
    money(m3, f.pence);
    int rc = add_finding(a, &f, NULL, 0,
                         "the closing balance %s differs from the balance the statement "
                         "arrives at (%s) by %s",
                         m1, m2, m3);
    if (rc)
      return rc;
  }
  return DPSS_OK;
}

/* ------------------------------------------------------------- A5 (spend) */

enum { G_PROHIBITED = 1, G_NOCAT, G_NOT_LISTED, G_PAYEE, G_KINDS };

static int spending(dpss_audit *a, dpss_audit_ctx *c) {
  const dpss_statement *s = c->s;
  const dpss_recipient *r = c->r;
  size_t n_stmt_cat = s->categories.n, n_payee = s->payees.n;
  int rc = DPSS_OK;
  /* Audit categories: the statement's (same ids), then the plan's. */
  for (size_t i = 0; i < n_stmt_cat; i++)
    if (add_cat(a, dpss__stmt_category(s, (int32_t)i)) < 0)
      return OOM();
  int *plan_cat = dpss__calloc(r->n_plan + 1, sizeof *plan_cat);
  int32_t *payee_plan = dpss__calloc(n_payee + 1, sizeof *payee_plan);
  /* For each payee, the categories whose plan lines name it (A5): a list
   * of (payee, category) pairs ordered by payee. */
  size_t *agreed_off = dpss__calloc(n_payee + 1, sizeof *agreed_off);
  int32_t *agreed = dpss__calloc(n_payee * (r->n_plan ? r->n_plan : 1) + 1, sizeof *agreed);
  c->pa_of_payee = dpss__calloc(n_payee + 1, sizeof *c->pa_of_payee);
  if (!plan_cat || !payee_plan || !c->pa_of_payee || !agreed_off || !agreed) {
    rc = OOM();
    goto out0;
  }
  for (size_t j = 0; j < r->n_plan; j++) {
    plan_cat[j] = find_cat(a, r->plan[j].category);
    if (plan_cat[j] < 0 && (plan_cat[j] = add_cat(a, r->plan[j].category)) < 0) {
      rc = OOM();
      goto out0;
    }
  }
  size_t n_agreed = 0;
  for (size_t p = 0; p < n_payee; p++) {
    const char *name = dpss__stmt_payee(s, (int32_t)p);
    payee_plan[p] = c->pa_of_payee[p] = -1;
    agreed_off[p] = n_agreed;
    for (size_t j = 0; j < r->n_plan; j++)
      if (r->plan[j].payee && payee_eq(r->plan[j].payee, name)) {
        if (payee_plan[p] < 0)
          payee_plan[p] = (int32_t)j;
        agreed[n_agreed++] = plan_cat[j];
      }
    for (size_t k = 0; k < r->n_pas && c->pa_of_payee[p] < 0; k++)
      if (payee_eq(r->pas[k].id, name))
        c->pa_of_payee[p] = (int32_t)k;
  }
  int uncat = -1, repay = -1;
  if ((uncat = add_cat(a, "uncategorised")) < 0 || (repay = add_cat(a, "council_repayment")) < 0) {
    rc = OOM();
    goto out0;
  }
  c->pa_wages = find_cat(a, "pa_wages");
  c->hmrc = find_cat(a, "hmrc");
  size_t nc = a->n_cat;
  uint8_t *flags = dpss__calloc(nc, 1); /* 1 prohibited, 2 listed, 4 open */
  int64_t *gp = dpss__calloc(nc * G_KINDS, sizeof *gp);
  size_t *gn = dpss__calloc(nc * G_KINDS, sizeof *gn), *gfirst = NULL, *goff = NULL;
  int32_t *gid = dpss__malloc((s->n + 1) * sizeof *gid);
  if (!flags || !gp || !gn || !gid) {
    rc = OOM();
    goto out1;
  }
  size_t n_prohib;
  const char *const *prohib = dpss__policy_list(c->policy, c->pp.v[DPSS_P_PROHIBITED_CATEGORIES],
                                                &n_prohib);
  for (size_t k = 0; k < nc; k++)
    if (dpss__lookup(prohib, n_prohib, a->cat[k].name) >= 0 && (int)k != repay)
      flags[k] |= 1;
  for (size_t j = 0; j < r->n_plan; j++)
    flags[plan_cat[j]] |= (uint8_t)(2 | (r->plan[j].payee ? 0 : 4));
  for (size_t i = 0; i < s->n; i++) {
    const dpss_sline *l = &s->l[i];
    gid[i] = -1;
    if (l->pence >= 0) {
      a->line_cat[i] = -1;
      continue;
    }
    int cat;
    if (l->type == DPSS_LINE_COUNCIL_PAYMENT) {
      cat = repay;
    } else {
      cat = l->category >= 0 ? l->category
            : l->payee >= 0 && payee_plan[l->payee] >= 0 ? plan_cat[payee_plan[l->payee]]
                                                          : -1;
      int g = 0;
      int shown = cat < 0 ? uncat : cat;
      if (flags[shown] & 1)
        g = G_PROHIBITED;
      else if (cat < 0)
        g = G_NOCAT;
      else if (!(flags[cat] & 2))
        g = G_NOT_LISTED;
      else if (!(flags[cat] & 4) && l->payee >= 0) {
        g = G_PAYEE;
        size_t end = (size_t)l->payee + 1 < n_payee ? agreed_off[l->payee + 1] : n_agreed;
        for (size_t k = agreed_off[l->payee]; k < end && g; k++)
          if (agreed[k] == cat)
            g = 0;
      }
      cat = shown;
      ADDG(c->spend, -l->pence);
      if (g) {
        gid[i] = cat * G_KINDS + g;
        gp[gid[i]] -= l->pence;
        gn[gid[i]]++;
      }
      if (g == G_PROHIBITED)
        ADDG(c->prohibited, -l->pence);
      bool wage = cat == c->pa_wages || (l->payee >= 0 && c->pa_of_payee[l->payee] >= 0);
      if (wage) {
        if (grow((void **)&c->wage, &c->cap_wage, c->n_wage + 1, sizeof *c->wage)) {
          rc = OOM();
          goto out1;
        }
        c->wage[c->n_wage++] = (uint32_t)i;
      }
      if (cat == c->hmrc && c->hmrc_month)
        c->hmrc_month[month_index(a->from, l->date)] = true;
    }
    a->line_cat[i] = cat;
    ADDG(a->cat[cat].pence, -l->pence);
    a->cat[cat].n++;
  }
  /* One finding per group, prohibited groups first, each in order of its
   * first line; the lines filled in one more pass. */
  gfirst = dpss__malloc(nc * G_KINDS * sizeof *gfirst);
  goff = dpss__malloc(nc * G_KINDS * sizeof *goff);
  if (!gfirst || !goff) {
    rc = OOM();
    goto out1;
  }
  for (size_t g = 0; g < nc * G_KINDS; g++)
    gfirst[g] = SIZE_MAX;
  for (size_t i = 0; i < s->n; i++)
    if (gid[i] >= 0 && gfirst[gid[i]] == SIZE_MAX)
      gfirst[gid[i]] = i;
  size_t base = a->n_f;
  for (int pass = 0; pass < 2 && !rc; pass++)
    for (size_t i = 0; i < s->n && !rc; i++) {
      if (gid[i] < 0 || gfirst[gid[i]] != i || ((gid[i] % G_KINDS == G_PROHIBITED) != (pass == 0)))
        continue;
      int g = gid[i] % G_KINDS, cat = gid[i] / G_KINDS;
      dpss_finding f = tmpl_of(g == G_PROHIBITED ? DPSS_FK_PROHIBITED_SPEND : DPSS_FK_UNAGREED_SPEND);
      f.pence = gp[gid[i]];
      f.category = cat;
      goff[gid[i]] = a->n_f - base;
      const char *name = a->cat[cat].name;
      if (g == G_PROHIBITED)
        rc = add_finding(a, &f, NULL, 0, "%s is a use a direct payment may not be spent on", name);
      else if (g == G_NOCAT)
        rc = add_finding(a, &f, NULL, 0,
                         "money out with no category and no payee the support plan lists");
      else if (g == G_NOT_LISTED)
        /* The category is the statement's own text: the finding's `category`
         * carries it; the reason never repeats what a statement says. */
        rc = add_finding(a, &f, NULL, 0, "the support plan does not list the category");
      else
        rc = add_finding(a, &f, NULL, 0, "the support plan lists no such payee for %s", name);
      if (!rc && grow((void **)&a->pool, &a->cap_pool, a->n_pool + gn[gid[i]], sizeof *a->pool))
        rc = OOM();
      if (!rc) {
        a->f[a->n_f - 1].line0 = a->n_pool;
        a->n_pool += gn[gid[i]];
      }
    }
  for (size_t i = 0; i < s->n && !rc; i++)
    if (gid[i] >= 0) {
      dpss_finding *f = &a->f[base + goff[gid[i]]];
      a->pool[f->line0 + f->n_lines++] = (uint32_t)i + 1;
    }
out1:
  free(flags);
  free(gp);
  free(gn);
  free(gid);
  free(gfirst);
  free(goff);
out0:
  free(plan_cat);
  free(payee_plan);
  free(agreed_off);
  free(agreed);
  return rc;
}

/* ------------------------------------------------------------ A7, A8, A9 */

static int surplus_and_outcome(dpss_audit *a, dpss_audit_ctx *c) {
  const dpss_recipient *r = c->r;
  bool overflow;
  a->weekly = dpss__recipient_weekly(r, &overflow);
  if (overflow || __builtin_mul_overflow(a->weekly, c->pp.v[DPSS_P_SURPLUS_THRESHOLD_WEEKS],
                                         &a->threshold))
    return dpss__fail(DPSS_EOVERFLOW, "funding", "surplus threshold out of range");
  a->owed = r->has_balance && (r->balance_on == DPSS_DATE_NONE || r->balance_on == a->to)
                ? r->owed_pence
                : 0;
  if (__builtin_sub_overflow(a->closing, a->owed, &a->available))
    return dpss__fail(DPSS_EOVERFLOW, "closing", "closing balance less owed out of range");
  a->excess = a->available > a->threshold ? a->available - a->threshold : 0;
  a->rules |= 1u << DPSS_AR_A7 | 1u << DPSS_AR_S1 | 1u << DPSS_AR_A8;
  if (a->owed)
    a->rules |= 1u << DPSS_AR_S2;
  if (a->excess > 0) {
    a->rules |= 1u << DPSS_AR_S3;
    if (c->pp.v[DPSS_P_SURPLUS_TRIGGERS_REVIEW])
      a->review_rules |= 4;
  }
  /* A9 */
  int rc = DPSS_OK;
  if ((int64_t)(a->to - a->from) + 1 >= UNDERSPEND_MIN_DAYS) {
    a->rules |= 1u << DPSS_AR_A9;
    __int128 lhs = (__int128)c->spend * 100, rhs = (__int128)a->council_in * a->underspend_percent;
    if (a->council_in > 0 && lhs < rhs) {
      dpss_finding f = tmpl_of(DPSS_FK_UNDERSPEND);
      char m1[40], m2[40];
      f.pence = a->council_in - c->spend;
      money(m1, c->spend);
      money(m2, a->council_in);
      rc = add_finding(a, &f, NULL, 0,
                       "spending of %s is below %lld%% of the council's payments in (%s) over "
                       "%lld days",
                       m1, (long long)a->underspend_percent, m2,
                       (long long)(a->to - a->from) + 1);
      a->review_rules |= 2;
    }
  }
  /* A8 */
  if (c->prohibited > a->misuse_threshold) {
    a->outcome = DPSS_AUDIT_MISUSE_SUSPECTED;
    a->review_rules |= 1;
    a->rules |= 1u << DPSS_AR_R1;
  } else {
    a->outcome = a->n_f ? DPSS_AUDIT_CONCERNS : DPSS_AUDIT_SATISFACTORY;
  }
  a->review = a->review_rules != 0;
  return rc;
}

/* ------------------------------------------------------------------- run */

static int check_args(const dpss_statement *s, dpss_date from, dpss_date to, int64_t *opening,
                      int64_t *closing) {
  if (s->n_err) {
    dpss__fail(DPSS_EINVAL, "statement",
               "the statement has %zu bad line(s), the first on line %zu: an audit needs every "
               "line read",
               s->n_err, s->err[0].line);
    dpss__error_set_position((int)s->err[0].line, (int)s->err[0].column);
    return DPSS_EINVAL;
  }
  if (!dpss__date_valid(from) || !dpss__date_valid(to))
    return dpss__fail(DPSS_EDATE, "from", "from and to must be valid dates");
  if (to < from)
    return dpss__fail(DPSS_EDATE, "to", "before from");
  if (to - from > MAX_PERIOD_DAYS)
    return dpss__fail(DPSS_EDATE, "to", "an audit covers at most 100 years");
  if (*opening != DPSS_PENCE_NONE && (*opening > DPSS_MONEY_LIMIT || *opening < -DPSS_MONEY_LIMIT))
    return dpss__fail(DPSS_ERANGE, "opening", "balance larger than any account could hold");
  if (*closing != DPSS_PENCE_NONE && (*closing > DPSS_MONEY_LIMIT || *closing < -DPSS_MONEY_LIMIT))
    return dpss__fail(DPSS_ERANGE, "closing", "balance larger than any account could hold");
  for (size_t i = 0; i < s->n; i++)
    if (s->l[i].date < from || s->l[i].date > to) {
      dpss__fail(DPSS_EDATE, "date", "statement line %zu is dated outside the period (A1)", i + 1);
      dpss__error_set_position((int)s->l[i].src_line, 0);
      return DPSS_EDATE;
    }
  if (*opening == DPSS_PENCE_NONE) {
    if (!s->n || s->l[0].balance == DPSS_PENCE_NONE)
      return dpss__fail(DPSS_EMISSING, "opening",
                        "not given, and the first line has no running balance");
    *opening = s->l[0].balance - s->l[0].pence; /* both within the limit: no overflow */
  }
  if (*closing == DPSS_PENCE_NONE) {
    if (!s->n || s->l[s->n - 1].balance == DPSS_PENCE_NONE)
      return dpss__fail(DPSS_EMISSING, "closing",
                        "not given, and the last line has no running balance");
    *closing = s->l[s->n - 1].balance;
  }
  return DPSS_OK;
}

int dpss_audit_run(dpss_audit **out, const dpss_policy *policy, const dpss_recipient *r,
                   const dpss_statement *s, dpss_date from, dpss_date to, int64_t opening,
                   int64_t closing) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!r || !s)
    return dpss__fail(DPSS_EINVAL, NULL, "recipient and statement must not be NULL");
  bool opening_given = opening != DPSS_PENCE_NONE, closing_given = closing != DPSS_PENCE_NONE;
  int rc = check_args(s, from, to, &opening, &closing);
  if (rc)
    return rc;
  dpss_policy *own = NULL;
  if (!policy) {
    if ((rc = dpss_policy_new(&own)))
      return rc;
    policy = own;
  }
  dpss_audit_ctx c = {0};
  c.r = r;
  c.s = s;
  c.policy = policy;
  c.pa_wages = c.hmrc = -1;
  dpss__policy_resolve(policy, to, &c.pp);
  dpss_audit *a = dpss__calloc(1, sizeof *a);
  const char *overrides = dpss__policy_overrides(policy);
  if (!a || (s->n && !(a->line_cat = dpss__malloc(s->n * sizeof *a->line_cat))) ||
      (overrides && !(a->overrides = dpss__strdup(overrides)))) {
    rc = OOM();
    goto out;
  }
  dpss__copy_id(a->id, r->id);
  dpss__copy_id(a->policy_id, dpss_policy_id(policy));
  dpss__copy_id(a->policy_version, dpss_policy_version(policy));
  a->from = from;
  a->to = to;
  a->opening = opening;
  a->closing = closing;
  a->opening_given = opening_given;
  a->closing_given = closing_given;
  a->n_lines = s->n;
  a->fingerprint = dpss__stmt_fingerprint(s);
  a->match_days = c.pp.v[DPSS_P_AUDIT_MATCH_DAYS];
  a->dbs_years = c.pp.v[DPSS_P_DBS_VALID_YEARS];
  a->underspend_percent = c.pp.v[DPSS_P_UNDERSPEND_REVIEW_PERCENT];
  a->misuse_threshold = c.pp.v[DPSS_P_MISUSE_THRESHOLD_PENCE];
  a->rules = 1u << DPSS_AR_A1 | 1u << DPSS_AR_A2 | 1u << DPSS_AR_A3 | 1u << DPSS_AR_A5;
  c.n_months = dpss__month_index(from, to) + 1;
  if (!(c.hmrc_month = dpss__calloc(c.n_months, sizeof *c.hmrc_month))) {
    rc = OOM();
    goto out;
  }
  rc = reconcile(a, &c);
  if (!rc)
    rc = dpss__audit_payments(a, &c);
  if (!rc && c.pp.v[DPSS_P_PAYMENT_BASIS] == DPSS_BASIS_NET) {
    a->rules |= 1u << DPSS_AR_A4;
    rc = dpss__audit_contributions(a, &c);
  }
  if (!rc)
    rc = spending(a, &c);
  if (!rc && (r->facts[DPSS_FACT_EMPLOYS_PAS] == DPSS_TRUE || c.n_wage)) {
    a->rules |= 1u << DPSS_AR_A6;
    rc = dpss__audit_employer(a, &c);
  }
  if (!rc)
    rc = surplus_and_outcome(a, &c);
out:
  free(c.wage);
  free(c.hmrc_month);
  free(c.pa_of_payee);
  dpss_policy_free(own);
  if (rc) {
    dpss__error_prefix_field(r->id);
    dpss_audit_free(a);
    return rc;
  }
  *out = a;
  return DPSS_OK;
}
