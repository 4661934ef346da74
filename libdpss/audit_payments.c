/* SPDX-License-Identifier: MIT */
/* A3 (council payments in, matched to the schedule B2-B5) and A4
 * (contributions paid in), read as dpss/audit.h says. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#define DPSS_AUDIT_RULES
#include "audit_internal.h"

static void day(char *buf, dpss_date d) { dpss__date_write(buf, d); }

/* ------------------------------------------------------------------- A3 */

typedef struct due {
  dpss_date date;
  int64_t pence;
  bool required, matched;
} due;

typedef struct cline {
  uint32_t i; /* statement index */
  dpss_date date;
  bool matched;
} cline;

typedef struct pair {
  int32_t dist;
  uint32_t p, c;
} pair;

static int cmp_pair(const void *x, const void *y) {
  const pair *a = x, *b = y;
  if (a->dist != b->dist)
    return a->dist < b->dist ? -1 : 1;
  if (a->p != b->p)
    return a->p < b->p ? -1 : 1;
  return (a->c > b->c) - (a->c < b->c);
}

static int cmp_cline(const void *x, const void *y) {
  const cline *a = x, *b = y;
  if (a->date != b->date)
    return a->date < b->date ? -1 : 1;
  return (a->i > b->i) - (a->i < b->i);
}

static int cmp_due(const void *x, const void *y) {
  const due *a = x, *b = y;
  return (a->date > b->date) - (a->date < b->date);
}

/* Pair payments and council lines nearest first; same_amount selects the
 * first round (equal amounts) or the second (unequal). */
static int pair_up(due *d, size_t nd, cline *cl, size_t nc, const dpss_statement *s,
                   int64_t window, bool same_amount, pair **out, size_t *n_out) {
  pair *pr = NULL;
  size_t n = 0, cap = 0;
  for (size_t p = 0; p < nd; p++) {
    if (d[p].matched)
      continue;
    /* council lines are sorted by date: start at the window's first day */
    size_t lo = 0, hi = nc;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (cl[mid].date < d[p].date - window)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (size_t k = lo; k < nc && cl[k].date <= d[p].date + window; k++) {
      if (cl[k].matched || (s->l[cl[k].i].pence == d[p].pence) != same_amount)
        continue;
      if (grow((void **)&pr, &cap, n + 1, sizeof *pr)) {
        free(pr);
        return OOM();
      }
      int32_t dist = cl[k].date - d[p].date;
      pr[n++] = (pair){dist < 0 ? -dist : dist, (uint32_t)p, (uint32_t)k};
    }
  }
  if (n)
    if (n > 1)
      qsort(pr, n, sizeof *pr, cmp_pair);
  *out = pr;
  *n_out = n;
  return DPSS_OK;
}

int dpss__audit_payments(dpss_audit *a, dpss_audit_ctx *c) {
  const dpss_statement *s = c->s;
  const dpss_recipient *r = c->r;
  int64_t window = a->match_days;
  dpss_date wfrom = a->from - (dpss_date)window, wto = a->to + (dpss_date)window;
  if (!dpss__date_valid(wfrom))
    wfrom = a->from;
  if (!dpss__date_valid(wto))
    wto = a->to;
  for (size_t i = 0; i < s->n; i++)
    if (s->l[i].type == DPSS_LINE_COUNCIL_PAYMENT && s->l[i].pence > 0)
      ADD(a->council_in, s->l[i].pence);
  dpss_schedule *sched = NULL;
  int rc = dpss_schedule_build(&sched, c->policy, r, wfrom, wto);
  if (rc)
    return rc;
  size_t np = dpss_schedule_count(sched);
  due *d = dpss__calloc(np + r->n_one_offs + 1, sizeof *d);
  cline *cl = NULL;
  size_t nd = 0, nc = 0, capc = 0;
  pair *pr = NULL;
  size_t n_pr = 0;
  if (!d) {
    dpss_schedule_free(sched);
    return OOM();
  }
  for (size_t i = 0; i < np; i++) {
    int64_t pence = dpss_schedule_pence(sched, i);
    dpss_date dt = dpss_schedule_date(sched, i);
    if (pence > 0)
      d[nd++] = (due){dt, pence, dt >= a->from && dt <= a->to, false};
  }
  dpss_schedule_free(sched);
  for (size_t i = 0; i < r->n_one_offs; i++) {
    const dpss_one_off *o = &r->one_offs[i];
    if (o->pence > 0 && o->date >= wfrom && o->date <= wto)
      d[nd++] = (due){o->date, o->pence, o->date >= a->from && o->date <= a->to, false};
  }
  if (nd > 1)
    qsort(d, nd, sizeof *d, cmp_due);
  for (size_t i = 0; i < s->n; i++) {
    const dpss_sline *l = &s->l[i];
    if (l->type != DPSS_LINE_COUNCIL_PAYMENT || l->pence <= 0)
      continue;
    if (grow((void **)&cl, &capc, nc + 1, sizeof *cl)) {
      rc = OOM();
      goto out;
    }
    cl[nc++] = (cline){(uint32_t)i, l->date, false};
  }
  if (nc > 1)
    qsort(cl, nc, sizeof *cl, cmp_cline);
  char m1[40], m2[40], d1[DPSS_DATE_BUFSIZE];
  /* Round 1: the same amount; round 2: another amount. */
  int32_t *amount_line = dpss__malloc((nd + 1) * sizeof *amount_line);
  if (!amount_line) {
    rc = OOM();
    goto out;
  }
  for (size_t p = 0; p < nd; p++)
    amount_line[p] = -1;
  for (int round = 0; round < 2 && !rc; round++) {
    rc = pair_up(d, nd, cl, nc, s, window, round == 0, &pr, &n_pr);
    for (size_t k = 0; !rc && k < n_pr; k++) {
      if (d[pr[k].p].matched || cl[pr[k].c].matched)
        continue;
      d[pr[k].p].matched = cl[pr[k].c].matched = true;
      if (round == 1)
        amount_line[pr[k].p] = (int32_t)pr[k].c;
    }
    free(pr);
    pr = NULL;
  }
  /* Findings in date order: amounts and missing payments (by payment
   * date), then unexpected lines (by line date). */
  for (size_t p = 0; !rc && p < nd; p++) {
    day(d1, d[p].date);
    money(m1, d[p].pence);
    if (amount_line[p] >= 0) {
      const cline *k = &cl[amount_line[p]];
      dpss_finding f = tmpl_of(DPSS_FK_PAYMENT_AMOUNT);
      uint32_t line = k->i + 1;
      f.pence = s->l[k->i].pence - d[p].pence;
      f.expected = d[p].pence;
      f.date = d[p].date;
      money(m2, s->l[k->i].pence);
      rc = add_finding(a, &f, &line, 1,
                       "the council payment due on %s was %s; line %u paid in %s", d1, m1, line,
                       m2);
    } else if (!d[p].matched && d[p].required) {
      dpss_finding f = tmpl_of(DPSS_FK_PAYMENT_MISSING);
      f.pence = d[p].pence;
      f.date = d[p].date;
      rc = add_finding(a, &f, NULL, 0,
                       "the council payment of %s due on %s is not on the statement within "
                       "%lld days of its date",
                       m1, d1, (long long)window);
    }
  }
  for (size_t k = 0; !rc && k < nc; k++) {
    if (cl[k].matched)
      continue;
    dpss_finding f = tmpl_of(DPSS_FK_PAYMENT_UNEXPECTED);
    uint32_t line = cl[k].i + 1;
    f.pence = s->l[cl[k].i].pence;
    f.date = cl[k].date;
    money(m1, f.pence);
    rc = add_finding(a, &f, &line, 1,
                     "the council payment of %s on line %u matches no payment due within "
                     "%lld days of its date",
                     m1, line, (long long)window);
  }
  free(amount_line);
out:
  free(d);
  free(cl);
  return rc;
}

/* ------------------------------------------------------------------- A4 */

int dpss__audit_contributions(dpss_audit *a, dpss_audit_ctx *c) {
  const dpss_recipient *r = c->r;
  const dpss_statement *s = c->s;
  uint32_t *lines = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->l[i].type == DPSS_LINE_CONTRIBUTION && s->l[i].pence > 0)
      ADD(a->contribution_in, s->l[i].pence);
  for (size_t i = 0; i < s->n; i++) {
    if (s->l[i].type != DPSS_LINE_CONTRIBUTION || s->l[i].pence <= 0)
      continue;
    if (grow((void **)&lines, &cap, n + 1, sizeof *lines)) {
      free(lines);
      return OOM();
    }
    lines[n++] = (uint32_t)i + 1;
  }
  int64_t weekly = r->contribution_weekly == DPSS_PENCE_NONE ? 0 : r->contribution_weekly;
  int64_t sc = r->funding[DPSS_SOURCE_SOCIAL_CARE];
  if (weekly > sc)
    weekly = sc;
  dpss_date start = r->dates[DPSS_DATE_DP_START], end = r->dates[DPSS_DATE_DP_END];
  dpss_date lo = start != DPSS_DATE_NONE && start > a->from ? start : a->from;
  dpss_date hi = end != DPSS_DATE_NONE && end < a->to ? end : a->to;
  int64_t days = start == DPSS_DATE_NONE || hi < lo ? 0 : (int64_t)(hi - lo) + 1;
  int rc = dpss_money_mul_div_round(&a->contribution_due, weekly, days, 7);
  if (!rc && a->contribution_due > a->contribution_in) {
    dpss_finding f = tmpl_of(DPSS_FK_CONTRIBUTION_SHORTFALL);
    char m1[40], m2[40], m3[40];
    f.pence = a->contribution_due - a->contribution_in;
    money(m1, a->contribution_due);
    money(m2, weekly);
    money(m3, a->contribution_in);
    rc = add_finding(a, &f, lines, n,
                     "contributions due %s (%s a week for %lld days) but %s paid in", m1, m2,
                     (long long)days, m3);
  }
  free(lines);
  return rc;
}

