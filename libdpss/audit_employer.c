/* SPDX-License-Identifier: MIT */
/* A6, the employer's duties: employers' liability insurance on every day,
 * a contract and a recent DBS check for each PA paid, an HMRC payment in
 * each month with wages where PAYE applies. Read as dpss/audit.h says. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"

enum { EV_INSURANCE, EV_CONTRACT, EV_DBS, EV_PA_RECORD, EV_HMRC };

static int cmp_cover(const void *x, const void *y) {
  const dpss_insurance_rec *a = x, *b = y;
  return (a->from > b->from) - (a->from < b->from);
}

/* Lines and wages of the wage lines dated between two days. */
static int wages_between(const dpss_audit_ctx *c, dpss_date lo, dpss_date hi, uint32_t **lines,
                         size_t *n, int64_t *pence) {
  *lines = NULL;
  *n = 0;
  *pence = 0;
  size_t cap = 0;
  for (size_t k = 0; k < c->n_wage; k++) {
    const dpss_sline *l = &c->s->l[c->wage[k]];
    if (l->date < lo || l->date > hi)
      continue;
    if (dpss__grow((void **)lines, &cap, *n + 1, sizeof **lines)) {
      free(*lines);
      *lines = NULL;
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    }
    (*lines)[(*n)++] = c->wage[k] + 1;
    *pence -= l->pence; /* lines out are negative; no overflow: spend summed already */
  }
  return DPSS_OK;
}

static int insurance(dpss_audit *a, const dpss_audit_ctx *c) {
  const dpss_recipient *r = c->r;
  dpss_insurance_rec *cover = NULL;
  if (r->n_insurance) {
    cover = dpss__malloc(r->n_insurance * sizeof *cover);
    if (!cover)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    memcpy(cover, r->insurance, r->n_insurance * sizeof *cover);
    if (r->n_insurance > 1)
      qsort(cover, r->n_insurance, sizeof *cover, cmp_cover);
  }
  int rc = DPSS_OK;
  dpss_date next = a->from; /* first day not yet known to be covered */
  for (size_t k = 0; k <= r->n_insurance && !rc && next <= a->to; k++) {
    dpss_date gap_end = k < r->n_insurance ? cover[k].from - 1 : a->to;
    if (gap_end > a->to)
      gap_end = a->to;
    if (gap_end >= next) {
      uint32_t *lines;
      size_t n;
      int64_t pence;
      rc = wages_between(c, next, gap_end, &lines, &n, &pence);
      if (rc)
        break;
      dpss_finding f = dpss__finding_tmpl(DPSS_FK_EVIDENCE_MISSING);
      f.evidence = EV_INSURANCE;
      f.pence = pence;
      f.date = next;
      f.date2 = gap_end;
      char d1[DPSS_DATE_BUFSIZE], d2[DPSS_DATE_BUFSIZE];
      dpss__date_write(d1, next);
      dpss__date_write(d2, gap_end);
      rc = dpss__audit_finding(a, &f, lines, n,
                               "no employers' liability insurance from %s to %s", d1, d2);
      free(lines);
    }
    if (k < r->n_insurance && cover[k].to >= next)
      next = cover[k].to + 1;
  }
  free(cover);
  return rc;
}

/* Group the wage lines (group[k] for wage line k, groups 0..ng-1): the
 * lines of group g are lines[off[g] .. off[g] + count[g]), in order. */
typedef struct grouping {
  size_t *count, *off;
  int64_t *pence;
  uint32_t *lines;
} grouping;

static void grouping_free(grouping *g) {
  free(g->count);
  free(g->off);
  free(g->pence);
  free(g->lines);
}

static int group_wages(const dpss_audit_ctx *c, const size_t *group, size_t ng, grouping *g) {
  g->count = dpss__calloc(ng + 1, sizeof *g->count);
  g->off = dpss__calloc(ng + 1, sizeof *g->off);
  g->pence = dpss__calloc(ng + 1, sizeof *g->pence);
  g->lines = dpss__malloc((c->n_wage + 1) * sizeof *g->lines);
  if (!g->count || !g->off || !g->pence || !g->lines)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (size_t k = 0; k < c->n_wage; k++) {
    g->count[group[k]]++;
    g->pence[group[k]] -= c->s->l[c->wage[k]].pence; /* within the spend summed already */
  }
  for (size_t i = 1; i < ng; i++)
    g->off[i] = g->off[i - 1] + g->count[i - 1];
  size_t *fill = g->count; /* reused: counts are rebuilt as lines go in */
  memset(fill, 0, (ng + 1) * sizeof *fill);
  for (size_t k = 0; k < c->n_wage; k++)
    g->lines[g->off[group[k]] + fill[group[k]]++] = c->wage[k] + 1;
  return DPSS_OK;
}

/* Each PA paid: contract and DBS; wage lines to payees without a record. */
static int pas(dpss_audit *a, const dpss_audit_ctx *c) {
  const dpss_recipient *r = c->r;
  const dpss_statement *s = c->s;
  size_t ng = r->n_pas + s->payees.n + 1; /* PAs, then unknown payees, then none */
  size_t *group = dpss__malloc((c->n_wage + 1) * sizeof *group);
  grouping g = {0};
  int rc = group ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (size_t k = 0; !rc && k < c->n_wage; k++) {
    const dpss_sline *l = &s->l[c->wage[k]];
    int32_t pa = l->payee >= 0 ? c->pa_of_payee[l->payee] : -1;
    group[k] = pa >= 0 ? (size_t)pa : l->payee >= 0 ? r->n_pas + (size_t)l->payee : ng - 1;
  }
  if (!rc)
    rc = group_wages(c, group, ng, &g);
  dpss_date oldest = dpss__add_months(a->to, -12 * a->dbs_years);
  char m1[40], d1[DPSS_DATE_BUFSIZE];
  dpss__date_write(d1, a->to);
  for (size_t i = 0; i < ng && !rc; i++) {
    size_t n = g.count[i];
    const uint32_t *lines = g.lines + g.off[i];
    if (!n)
      continue;
    dpss__money_text(m1, g.pence[i]);
    dpss_finding f = dpss__finding_tmpl(DPSS_FK_EVIDENCE_MISSING);
    f.pence = g.pence[i];
    if (i >= r->n_pas) {
      f.evidence = EV_PA_RECORD;
      rc = dpss__audit_finding(a, &f, lines, n,
                               "wages of %s paid to a PA with no record (contract, DBS check) "
                               "in employer.pas",
                               m1);
      continue;
    }
    const dpss_pa_rec *pa = &r->pas[i];
    memcpy(f.pa, pa->id, strlen(pa->id) + 1);
    if (pa->contract != DPSS_TRUE) {
      f.evidence = EV_CONTRACT;
      rc = dpss__audit_finding(a, &f, lines, n, "%s was paid %s with no contract recorded",
                               pa->id, m1);
    }
    if (!rc && (pa->dbs_checked == DPSS_DATE_NONE || pa->dbs_checked > a->to ||
                (oldest != DPSS_DATE_NONE && pa->dbs_checked < oldest))) {
      f.evidence = EV_DBS;
      f.date = pa->dbs_checked;
      if (pa->dbs_checked == DPSS_DATE_NONE)
        rc = dpss__audit_finding(a, &f, lines, n, "%s was paid %s with no DBS check recorded",
                                 pa->id, m1);
      else
        rc = dpss__audit_finding(a, &f, lines, n,
                                 "%s was paid %s but the DBS check is not from the %lld years "
                                 "up to %s",
                                 pa->id, m1, (long long)a->dbs_years, d1);
    }
  }
  free(group);
  grouping_free(&g);
  return rc;
}

static int hmrc(dpss_audit *a, const dpss_audit_ctx *c) {
  size_t months = c->n_months;
  size_t *group = dpss__malloc((c->n_wage + 1) * sizeof *group);
  grouping g = {0};
  int rc = group ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (size_t k = 0; !rc && k < c->n_wage; k++)
    group[k] = dpss__month_index(a->from, c->s->l[c->wage[k]].date);
  if (!rc)
    rc = group_wages(c, group, months, &g);
  int y0, m0, d0;
  dpss__civil_from_days(a->from, &y0, &m0, &d0);
  for (size_t mi = 0; mi < months && !rc; mi++) {
    if (!g.count[mi] || c->hmrc_month[mi])
      continue;
    int y = y0 + (m0 - 1 + (int)mi) / 12, m = (m0 - 1 + (int)mi) % 12 + 1;
    dpss_finding f = dpss__finding_tmpl(DPSS_FK_EVIDENCE_MISSING);
    f.evidence = EV_HMRC;
    f.pence = g.pence[mi];
    f.date = dpss__days_from_civil(y, m, 1);
    char m1[40];
    dpss__money_text(m1, g.pence[mi]);
    rc = dpss__audit_finding(a, &f, g.lines + g.off[mi], g.count[mi],
                             "no HMRC payment in %04d-%02d, a month with wages of %s (PAYE)", y,
                             m, m1);
  }
  free(group);
  grouping_free(&g);
  return rc;
}

int dpss__audit_employer(dpss_audit *a, dpss_audit_ctx *c) {
  int rc = insurance(a, c);
  if (!rc)
    rc = pas(a, c);
  if (!rc && c->r->plan_paye == DPSS_TRUE)
    rc = hmrc(a, c);
  return rc;
}
