/* SPDX-License-Identifier: MIT */
/* Payment schedules (B1-B5) and caseload totals. See dpss/payments.h. */
#include "config.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

typedef struct payment {
  dpss_date date;
  int32_t days;
  int64_t pence, contribution;
  int64_t stream[DPSS_SOURCE_COUNT_];
} payment;

typedef struct one_off {
  dpss_date date;
  int64_t pence;
  char purpose[DPSS_PURPOSE_BUFSIZE]; /* free text, whole (never cut) */
} one_off;

struct dpss_schedule {
  char id[DPSS_ID_MAX + 1];
  int8_t basis;
  int64_t weekly, contribution_weekly, council_weekly;
  int8_t order[DPSS_SOURCE_COUNT_]; /* streams the recipient has, in record order */
  int8_t n_streams;
  payment *p;
  size_t n, cap;
  one_off *o;
  size_t n_o;
  int64_t one_off_total;
  char policy_id[DPSS_ID_MAX + 1], policy_version[DPSS_ID_MAX + 1];
  char *overrides; /* the policy's what-if overrides (JSON), or NULL */
};

#define MAX_RANGE_DAYS (100 * 366)

void dpss_schedule_free(dpss_schedule *s) {
  if (!s)
    return;
  free(s->p);
  free(s->o);
  free(s->overrides);
  free(s);
}

static int push(dpss_schedule *s, const payment *p) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    payment *np = dpss__realloc(s->p, cap * sizeof *np);
    if (!np)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    s->p = np;
    s->cap = cap;
  }
  s->p[s->n++] = *p;
  return DPSS_OK;
}

/* B4: split amount in proportion to the weights, parts rounded down, the
 * pennies left to the largest weight (the first on a tie). */
static void split(int64_t amount, const int64_t *w, int64_t *parts) {
  int64_t total = 0, given = 0;
  int largest = 0;
  for (int i = 0; i < DPSS_SOURCE_COUNT_; i++) {
    total += w[i];
    if (w[i] > w[largest])
      largest = i;
  }
  for (int i = 0; i < DPSS_SOURCE_COUNT_; i++) {
    parts[i] = total > 0 ? (int64_t)((__int128)amount * w[i] / total) : 0;
    given += parts[i];
  }
  if (total > 0)
    parts[largest] += amount - given;
}

/* weekly x days / 7 to the nearest penny, halves up, or weeks x weekly for a
 * whole four-weekly period. */
static int period_amount(int64_t weekly, int32_t days, int64_t full_weeks, int64_t *out) {
  if (full_weeks)
    return __builtin_mul_overflow(weekly, full_weeks, out)
               ? dpss__fail(DPSS_EOVERFLOW, "funding", "payment out of range")
               : DPSS_OK;
  return dpss_money_mul_div_round(out, weekly, days, 7);
}

int dpss_schedule_build(dpss_schedule **out, const dpss_policy *policy,
                        const dpss_recipient *r, dpss_date from, dpss_date to) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!policy || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "policy and recipient must not be NULL");
  if (!dpss__date_valid(from) || !dpss__date_valid(to))
    return dpss__fail(DPSS_EDATE, "from", "from and to must be valid dates");
  if (to < from)
    return dpss__fail(DPSS_EDATE, "to", "before from");
  if (to - from > MAX_RANGE_DAYS)
    return dpss__fail(DPSS_EDATE, "to", "a schedule covers at most 100 years");
  dpss_schedule *s = dpss__calloc(1, sizeof *s);
  if (!s)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  snprintf(s->id, sizeof s->id, "%s", r->id);
  snprintf(s->policy_id, sizeof s->policy_id, "%s", dpss_policy_id(policy));
  snprintf(s->policy_version, sizeof s->policy_version, "%s", dpss_policy_version(policy));
  const char *ov = dpss__policy_overrides(policy);
  if (ov && !(s->overrides = dpss__strdup(ov))) {
    free(s);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  bool overflow;
  s->weekly = dpss__recipient_weekly(r, &overflow);
  s->contribution_weekly =
      r->contribution_weekly == DPSS_PENCE_NONE ? 0 : r->contribution_weekly;
  memcpy(s->order, r->funding_order, sizeof s->order);
  s->n_streams = r->n_funding;
  /* B2/B4: the contribution comes off social care only, never below zero. */
  int64_t sc = r->funding[DPSS_SOURCE_SOCIAL_CARE];
  int64_t applied = s->contribution_weekly < sc ? s->contribution_weekly : sc;
  int64_t gross_w[DPSS_SOURCE_COUNT_], net_w[DPSS_SOURCE_COUNT_];
  for (int i = 0; i < DPSS_SOURCE_COUNT_; i++)
    gross_w[i] = net_w[i] = r->funding[i];
  net_w[DPSS_SOURCE_SOCIAL_CARE] -= applied;
  int64_t net_weekly = s->weekly - applied;

  dpss_date start = r->dates[DPSS_DATE_DP_START], end = r->dates[DPSS_DATE_DP_END];
  dpss_params pp;
  dpss__policy_resolve(policy, start != DPSS_DATE_NONE && start > from ? start : from, &pp);
  s->basis = (int8_t)pp.v[DPSS_P_PAYMENT_BASIS];
  s->council_weekly = s->basis == DPSS_BASIS_GROSS ? s->weekly : net_weekly;
  int rc = overflow ? dpss__fail(DPSS_EOVERFLOW, "funding", "weekly amount out of range") : 0;

  for (dpss_date ps = start; !rc && ps != DPSS_DATE_NONE && ps <= to &&
                             (end == DPSS_DATE_NONE || ps <= end);) {
    dpss__policy_resolve(policy, ps, &pp);
    bool gross = pp.v[DPSS_P_PAYMENT_BASIS] == DPSS_BASIS_GROSS;
    dpss_date pe;
    int64_t weeks = 0;
    if (pp.v[DPSS_P_PAYMENT_FREQUENCY] == 0) { /* four_weekly */
      weeks = pp.v[DPSS_P_PAYMENT_INTERVAL_WEEKS];
      pe = ps + (dpss_date)(7 * weeks) - 1;
    } else { /* monthly: to the end of this calendar month */
      int y, m, d;
      dpss__civil_from_days(ps, &y, &m, &d);
      pe = ps + (dpss_date)(dpss_date_days_in_month(y, m) - d);
    }
    if (end != DPSS_DATE_NONE && pe > end) {
      pe = end;
      weeks = 0; /* cut short: pro rata */
    }
    if (!dpss__date_valid(pe + 1))
      break;
    payment p = {.date = ps, .days = pe - ps + 1};
    const int64_t *w = gross ? gross_w : net_w;
    int64_t wk = gross ? s->weekly : net_weekly;
    if (ps >= from) {
      rc = period_amount(wk, p.days, weeks, &p.pence);
      if (!rc)
        rc = period_amount(applied, p.days, weeks, &p.contribution);
      if (!rc) {
        split(p.pence, w, p.stream);
        rc = push(s, &p);
      }
    }
    ps = pe + 1;
  }
  for (size_t i = 0; !rc && i < r->n_one_offs; i++) {
    const dpss_one_off *o = &r->one_offs[i];
    if (o->date < from || o->date > to)
      continue;
    one_off *no = dpss__realloc(s->o, (s->n_o + 1) * sizeof *no);
    if (!no) {
      rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
      break;
    }
    s->o = no;
    no[s->n_o].date = o->date;
    no[s->n_o].pence = o->pence;
    snprintf(no[s->n_o].purpose, sizeof no[s->n_o].purpose, "%s", o->purpose ? o->purpose : "");
    s->n_o++;
    if (__builtin_add_overflow(s->one_off_total, o->pence, &s->one_off_total))
      rc = dpss__fail(DPSS_EOVERFLOW, "one_off_payments", "total out of range");
  }
  if (rc) {
    dpss__error_prefix_field(r->id);
    dpss_schedule_free(s);
    return rc;
  }
  *out = s;
  return DPSS_OK;
}

static const char *const basis_names[] = {"net", "gross"};

int dpss_schedule_to_json(const dpss_schedule *s, char **out) {
  if (out)
    *out = NULL;
  if (!s || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_reserve(&sb, 256 + 160 * s->n);
  dpss_sb_puts(&sb, "{\"id\":");
  dpss_sb_json_str(&sb, s->id);
  dpss_sb_puts(&sb, ",\"policy\":");
  dpss__policy_ref_json(&sb, s->policy_id, s->policy_version, s->overrides);
  dpss_sb_puts(&sb, ",\"basis\":\"");
  dpss_sb_puts(&sb, basis_names[s->basis]);
  dpss_sb_puts(&sb, "\",\"weekly_pence\":");
  dpss_sb_int(&sb, s->weekly);
  dpss_sb_puts(&sb, ",\"contribution_weekly_pence\":");
  dpss_sb_int(&sb, s->contribution_weekly);
  dpss_sb_puts(&sb, ",\"council_weekly_pence\":");
  dpss_sb_int(&sb, s->council_weekly);
  dpss_sb_puts(&sb, ",\"payments\":[");
  for (size_t i = 0; i < s->n; i++) {
    const payment *p = &s->p[i];
    dpss_sb_puts(&sb, i ? ",{\"date\":" : "{\"date\":");
    dpss_sb_json_date(&sb, p->date);
    dpss_sb_puts(&sb, ",\"days\":");
    dpss_sb_int(&sb, p->days);
    dpss_sb_puts(&sb, ",\"pence\":");
    dpss_sb_int(&sb, p->pence);
    dpss_sb_puts(&sb, ",\"streams\":{");
    for (int k = 0; k < s->n_streams; k++) {
      if (k)
        dpss_sb_putc(&sb, ',');
      dpss_sb_json_str(&sb, dpss__source_names[s->order[k]]);
      dpss_sb_putc(&sb, ':');
      dpss_sb_int(&sb, p->stream[s->order[k]]);
    }
    dpss_sb_puts(&sb, "},\"contribution_pence\":");
    dpss_sb_int(&sb, p->contribution);
    dpss_sb_putc(&sb, '}');
  }
  dpss_sb_puts(&sb, "],\"one_off_payments\":[");
  for (size_t i = 0; i < s->n_o; i++) {
    dpss_sb_puts(&sb, i ? ",{\"date\":" : "{\"date\":");
    dpss_sb_json_date(&sb, s->o[i].date);
    dpss_sb_puts(&sb, ",\"pence\":");
    dpss_sb_int(&sb, s->o[i].pence);
    if (s->o[i].purpose[0]) {
      dpss_sb_puts(&sb, ",\"purpose\":");
      dpss_sb_json_str(&sb, s->o[i].purpose);
    }
    dpss_sb_putc(&sb, '}');
  }
  dpss_sb_puts(&sb, "],\"one_off_pence\":");
  dpss_sb_int(&sb, s->one_off_total);
  /* The rules that made it: B2 (basis, contribution), B3 (in advance, pro
   * rata), B4 (the split, when there is more than one stream), B5. */
  dpss_sb_puts(&sb, ",\"rules\":[\"B1\",\"B2\",\"B3\"");
  if (s->n_streams > 1)
    dpss_sb_puts(&sb, ",\"B4\"");
  if (s->n_o)
    dpss_sb_puts(&sb, ",\"B5\"");
  dpss_sb_puts(&sb, "]}");
  return dpss_sb_finish(&sb, out);
}

const char *dpss_schedule_id(const dpss_schedule *s) { return s ? s->id : ""; }
dpss_basis dpss_schedule_basis(const dpss_schedule *s) {
  return s ? (dpss_basis)s->basis : DPSS_BASIS_NET;
}
int64_t dpss_schedule_weekly_pence(const dpss_schedule *s) { return s ? s->weekly : 0; }
int64_t dpss_schedule_contribution_weekly_pence(const dpss_schedule *s) {
  return s ? s->contribution_weekly : 0;
}
int64_t dpss_schedule_council_weekly_pence(const dpss_schedule *s) {
  return s ? s->council_weekly : 0;
}
size_t dpss_schedule_count(const dpss_schedule *s) { return s ? s->n : 0; }

static const payment *at(const dpss_schedule *s, size_t i) {
  return s && i < s->n ? &s->p[i] : NULL;
}
dpss_date dpss_schedule_date(const dpss_schedule *s, size_t i) {
  return at(s, i) ? at(s, i)->date : DPSS_DATE_NONE;
}
int32_t dpss_schedule_days(const dpss_schedule *s, size_t i) {
  return at(s, i) ? at(s, i)->days : 0;
}
int64_t dpss_schedule_pence(const dpss_schedule *s, size_t i) {
  return at(s, i) ? at(s, i)->pence : DPSS_PENCE_NONE;
}
int64_t dpss_schedule_stream_pence(const dpss_schedule *s, size_t i, dpss_source source) {
  if (!at(s, i) || (int)source < 0 || (int)source >= DPSS_SOURCE_COUNT_)
    return DPSS_PENCE_NONE;
  return at(s, i)->stream[source];
}
int64_t dpss_schedule_contribution_pence(const dpss_schedule *s, size_t i) {
  return at(s, i) ? at(s, i)->contribution : DPSS_PENCE_NONE;
}
int64_t dpss_schedule_one_off_pence(const dpss_schedule *s) { return s ? s->one_off_total : 0; }

/* ------------------------------------------------------------------ totals */

typedef struct month_total {
  int64_t pence, stream[DPSS_SOURCE_COUNT_], contribution;
} month_total;

struct dpss_totals {
  dpss_date from, to;
  int first_month; /* year * 12 + month - 1 of from */
  size_t n_months;
  uint64_t recipients, payments;
  int64_t pence, stream[DPSS_SOURCE_COUNT_];
  int64_t contribution_net, contribution_gross, one_off;
  month_total *m;
  bool overflow; /* a total passed INT64_MAX: money totals are unknown */
  dpss__policy_tag policy; /* the policy of the schedules added */
};

static int month_index(dpss_date d) {
  int y, m, day;
  dpss__civil_from_days(d, &y, &m, &day);
  return y * 12 + m - 1;
}

int dpss_totals_new(dpss_totals **out, dpss_date from, dpss_date to) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!dpss__date_valid(from) || !dpss__date_valid(to) || to < from || to - from > MAX_RANGE_DAYS)
    return dpss__fail(DPSS_EDATE, "to", "from and to must be valid, in order, at most 100 years apart");
  dpss_totals *t = dpss__calloc(1, sizeof *t);
  if (!t)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  t->from = from;
  t->to = to;
  t->first_month = month_index(from);
  t->n_months = (size_t)(month_index(to) - t->first_month + 1);
  t->m = dpss__calloc(t->n_months, sizeof *t->m);
  if (!t->m) {
    free(t);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  *out = t;
  return DPSS_OK;
}

void dpss_totals_free(dpss_totals *t) {
  if (!t)
    return;
  dpss__policy_tag_free(&t->policy);
  free(t->m);
  free(t);
}

/* Every amount added is 0 or more, so a saturating sum is the same in any
 * order and grouping: the totals of a caseload do not depend on how it was
 * split between threads, and an overflow never rejects a good record. */
#define ADD(t, dst, v)                                \
  do {                                                \
    if (__builtin_add_overflow((dst), (v), &(dst))) { \
      (dst) = INT64_MAX;                              \
      (t)->overflow = true;                           \
    }                                                 \
  } while (0)

int dpss_totals_add(dpss_totals *t, const dpss_schedule *s) {
  if (!t || !s)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int rc = dpss__policy_tag_note(&t->policy, s->policy_id, s->policy_version, s->overrides);
  if (rc)
    return rc;
  t->recipients++;
  for (size_t i = 0; i < s->n; i++) {
    const payment *p = &s->p[i];
    if (p->date < t->from || p->date > t->to)
      continue;
    month_total *mt = &t->m[month_index(p->date) - t->first_month];
    t->payments++;
    ADD(t, t->pence, p->pence);
    ADD(t, mt->pence, p->pence);
    ADD(t, mt->contribution, p->contribution);
    for (int k = 0; k < DPSS_SOURCE_COUNT_; k++) {
      ADD(t, t->stream[k], p->stream[k]);
      ADD(t, mt->stream[k], p->stream[k]);
    }
    if (s->basis == DPSS_BASIS_GROSS)
      ADD(t, t->contribution_gross, p->contribution);
    else
      ADD(t, t->contribution_net, p->contribution);
  }
  for (size_t i = 0; i < s->n_o; i++)
    if (s->o[i].date >= t->from && s->o[i].date <= t->to)
      ADD(t, t->one_off, s->o[i].pence);
  return DPSS_OK;
}

int dpss_totals_merge(dpss_totals *into, const dpss_totals *from) {
  if (!into || !from || into->from != from->from || into->to != from->to)
    return dpss__fail(DPSS_EINVAL, NULL, "totals NULL or of different date ranges");
  int rc = dpss__policy_tag_merge(&into->policy, &from->policy);
  if (rc)
    return rc;
  dpss_totals *c = into;
  c->recipients += from->recipients;
  c->payments += from->payments;
  c->overflow |= from->overflow;
  ADD(c, c->pence, from->pence);
  ADD(c, c->contribution_net, from->contribution_net);
  ADD(c, c->contribution_gross, from->contribution_gross);
  ADD(c, c->one_off, from->one_off);
  for (int k = 0; k < DPSS_SOURCE_COUNT_; k++)
    ADD(c, c->stream[k], from->stream[k]);
  for (size_t i = 0; i < into->n_months; i++) {
    ADD(c, c->m[i].pence, from->m[i].pence);
    ADD(c, c->m[i].contribution, from->m[i].contribution);
    for (int k = 0; k < DPSS_SOURCE_COUNT_; k++)
      ADD(c, c->m[i].stream[k], from->m[i].stream[k]);
  }
  return DPSS_OK;
}

int dpss_totals_out_of_range(const dpss_totals *t) { return t && t->overflow; }

int64_t dpss_totals_pence(const dpss_totals *t) {
  return !t ? 0 : t->overflow ? DPSS_PENCE_NONE : t->pence;
}

static void month_label(char buf[8], int index) {
  int y = index / 12, m = index % 12 + 1;
  buf[0] = (char)('0' + y / 1000);
  buf[1] = (char)('0' + y / 100 % 10);
  buf[2] = (char)('0' + y / 10 % 10);
  buf[3] = (char)('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char)('0' + m / 10);
  buf[6] = (char)('0' + m % 10);
  buf[7] = '\0';
}

/* A money total, or null when a total overflowed. */
#define MONEY(v) (t->overflow ? DPSS_PENCE_NONE : (v))

int dpss_totals_to_json(const dpss_totals *t, char **out) {
  if (out)
    *out = NULL;
  if (!t || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "{\"from\":");
  dpss_sb_json_date(&sb, t->from);
  dpss_sb_puts(&sb, ",\"to\":");
  dpss_sb_json_date(&sb, t->to);
  dpss_sb_printf(&sb, ",\"recipients\":%llu,\"payments\":%llu,\"total_pence\":",
                 (unsigned long long)t->recipients, (unsigned long long)t->payments);
  dpss_sb_json_pence(&sb, MONEY(t->pence));
  dpss_sb_puts(&sb, ",\"streams\":{\"social_care\":");
  dpss_sb_json_pence(&sb, MONEY(t->stream[DPSS_SOURCE_SOCIAL_CARE]));
  dpss_sb_puts(&sb, ",\"health\":");
  dpss_sb_json_pence(&sb, MONEY(t->stream[DPSS_SOURCE_HEALTH]));
  dpss_sb_puts(&sb, "},\"council_paid_pence\":");
  dpss_sb_json_pence(&sb, MONEY(t->pence));
  dpss_sb_puts(&sb, ",\"contributions_paid_in_pence\":");
  dpss_sb_json_pence(&sb, MONEY(t->contribution_net));
  dpss_sb_puts(&sb, ",\"contributions_invoiced_pence\":");
  dpss_sb_json_pence(&sb, MONEY(t->contribution_gross));
  dpss_sb_puts(&sb, ",\"one_off_pence\":");
  dpss_sb_json_pence(&sb, MONEY(t->one_off));
  dpss_sb_puts(&sb, ",\"months\":[");
  for (size_t i = 0; i < t->n_months; i++) {
    char label[8];
    month_label(label, t->first_month + (int)i);
    dpss_sb_printf(&sb, "%s{\"month\":\"%s\",\"pence\":", i ? "," : "", label);
    dpss_sb_json_pence(&sb, MONEY(t->m[i].pence));
    dpss_sb_puts(&sb, ",\"social_care\":");
    dpss_sb_json_pence(&sb, MONEY(t->m[i].stream[DPSS_SOURCE_SOCIAL_CARE]));
    dpss_sb_puts(&sb, ",\"health\":");
    dpss_sb_json_pence(&sb, MONEY(t->m[i].stream[DPSS_SOURCE_HEALTH]));
    dpss_sb_puts(&sb, ",\"contribution_pence\":");
    dpss_sb_json_pence(&sb, MONEY(t->m[i].contribution));
    dpss_sb_putc(&sb, '}');
  }
  dpss_sb_puts(&sb, t->overflow ? "],\"overflow\":true" : "],\"overflow\":false");
  dpss_sb_puts(&sb, ",\"policy\":");
  dpss__policy_tag_json(&sb, &t->policy);
  dpss_sb_puts(&sb, ",\"rules\":[\"B2\",\"B3\",\"B4\",\"B5\"]}");
  return dpss_sb_finish(&sb, out);
}

static void money_row(dpss_sb *sb, const char *label, int64_t pence) {
  char buf[DPSS_MONEY_BUFSIZE];
  dpss_money_format_buf(buf, sizeof buf, pence);
  dpss_sb_printf(sb, "  %-34s %21s\n", label, buf);
}

int dpss_totals_to_text(const dpss_totals *t, char **out) {
  if (out)
    *out = NULL;
  if (!t || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  char a[DPSS_DATE_BUFSIZE], b[DPSS_DATE_BUFSIZE];
  dpss__date_write(a, t->from);
  dpss__date_write(b, t->to);
  dpss_sb_init(&sb);
  dpss_sb_printf(&sb, "Payments from %s to %s (B2-B5)\n", a, b);
  dpss_sb_printf(&sb, "  %-34s %21llu\n", "recipients", (unsigned long long)t->recipients);
  dpss_sb_printf(&sb, "  %-34s %21llu\n", "payments", (unsigned long long)t->payments);
  if (t->overflow) {
    dpss_sb_puts(&sb, "  the totals are too large to add up (over 2^63 pence): not shown\n");
    return dpss_sb_finish(&sb, out);
  }
  money_row(&sb, "council pays (B3, B4)", t->pence);
  money_row(&sb, "  of which social care", t->stream[DPSS_SOURCE_SOCIAL_CARE]);
  money_row(&sb, "  of which health (NHS)", t->stream[DPSS_SOURCE_HEALTH]);
  money_row(&sb, "contributions paid in (net, B2)", t->contribution_net);
  money_row(&sb, "contributions invoiced (gross, B2)", t->contribution_gross);
  money_row(&sb, "one-off payments (B5)", t->one_off);
  dpss_sb_puts(&sb, "By month\n");
  for (size_t i = 0; i < t->n_months; i++) {
    char label[8];
    month_label(label, t->first_month + (int)i);
    money_row(&sb, label, t->m[i].pence);
  }
  return dpss_sb_finish(&sb, out);
}
