/* SPDX-License-Identifier: MIT */
/* The transition plan (X1) and the market report (N6). See dpss/network.h for the rules as implemented. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network_internal.h"

#define find dpss__network_find

/* ------------------------------------------------------------- transition */

typedef struct transfer {
  dpss_recipient *r;
  size_t order;
  dpss_date date;
  int priority; /* 1: start date; 2: at the yearly review */
  bool no_review; /* R1 has no review date: a review interval after the start */
} transfer;

struct dpss_transition {
  dpss_network *net;
  dpss_params params;
  dpss_date start;
  transfer *t;
  size_t n, cap;
};

int dpss_transition_new(dpss_transition **out, const dpss_network *network,
                        const dpss_policy *policy, dpss_date start) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!network)
    return dpss__fail(DPSS_EINVAL, NULL, "network is NULL");
  if (!dpss__date_valid(start))
    return dpss__fail(DPSS_EDATE, "start", "start date out of range");
  dpss_transition *t = dpss__calloc(1, sizeof *t);
  if (!t)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  dpss_policy *use;
  int rc = dpss__policy_copy_or_default(policy, &use);
  if (!rc)
    rc = dpss_network_clone(&t->net, network);
  if (!rc)
    dpss__policy_resolve(use, start, &t->params);
  dpss_policy_free(use);
  if (rc) {
    free(t);
    return rc;
  }
  t->start = start;
  *out = t;
  return DPSS_OK;
}

void dpss_transition_free(dpss_transition *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->n; i++)
    dpss_recipient_free(t->t[i].r);
  free(t->t);
  dpss_network_free(t->net);
  free(t);
}

/* The next yearly review on or after the start (X1): the review R1 has
 * due, moved on a review interval at a time. */
static dpss_date next_review(const dpss_transition *t, const dpss_recipient *r, bool *none) {
  const int64_t *v = t->params.v;
  dpss_date base;
  int kind;
  dpss_date d = dpss__next_due(r->dates[DPSS_DATE_DP_START], r->dates[DPSS_DATE_LAST_REVIEW],
                               v[DPSS_P_FIRST_REVIEW], v[DPSS_P_REVIEW_INTERVAL], &base, &kind);
  *none = d == DPSS_DATE_NONE;
  if (d == DPSS_DATE_NONE) /* planned, and said so: see the reason */
    return dpss__add_period(t->start, v[DPSS_P_REVIEW_INTERVAL]);
  for (int64_t k = 1; d != DPSS_DATE_NONE && d < t->start && k < 1000; k++)
    d = dpss__add_period(d, v[DPSS_P_REVIEW_INTERVAL]);
  return d == DPSS_DATE_NONE ? t->start : d;
}

int dpss_transition_add(dpss_transition *t, const dpss_recipient *r) {
  if (!t || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    transfer *nt = dpss__realloc(t->t, cap * sizeof *nt);
    if (!nt)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    t->t = nt;
    t->cap = cap;
  }
  transfer *x = &t->t[t->n];
  int rc = dpss_recipient_clone(&x->r, r);
  if (rc)
    return rc;
  x->order = t->n;
  bool first = !dpss__recipient_provider(r) || r->risk == DPSS_RISK_HIGH;
  x->priority = first ? 1 : 2;
  x->no_review = false;
  x->date = first ? t->start : next_review(t, r, &x->no_review);
  t->n++;
  return DPSS_OK;
}

static int by_date(const void *a, const void *b) {
  const transfer *x = a, *y = b;
  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;
  if (x->priority != y->priority)
    return x->priority - y->priority;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Write the text made in `text` as a JSON string, and free it. A failure to
 * make it fails the whole output (it used to be written as "" with DPSS_OK). */
static void put_text(dpss_sb *sb, dpss_sb *text) {
  if (text->oom || !text->p)
    sb->oom = true;
  else
    dpss_sb_json_str(sb, text->p);
  dpss_sb_free(text);
}

int dpss_transition_to_jsonl(const dpss_transition *t, char **out) {
  if (out)
    *out = NULL;
  if (!t || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  transfer *sorted = dpss__malloc((t->n ? t->n : 1) * sizeof *sorted);
  dpss_network *net = NULL;
  if (!sorted || dpss_network_clone(&net, t->net)) {
    free(sorted);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  if (t->n) /* t->t is NULL while empty */
    memcpy(sorted, t->t, t->n * sizeof *sorted);
  if (t->n > 1)
    qsort(sorted, t->n, sizeof *sorted, by_date);
  dpss_sb sb;
  dpss_sb_init(&sb);
  for (size_t i = 0; i < t->n; i++) {
    const dpss_recipient *r = sorted[i].r;
    const char *from = dpss__recipient_provider(r);
    dpss_sb_puts(&sb, "{\"id\":");
    dpss_sb_json_str(&sb, r->id);
    dpss_sb_puts(&sb, ",\"date\":");
    dpss_sb_json_date(&sb, sorted[i].date);
    dpss_sb_puts(&sb, ",\"priority\":");
    dpss_sb_int(&sb, sorted[i].priority);
    dpss_sb_puts(&sb, ",\"from_provider\":");
    if (from)
      dpss_sb_json_str(&sb, from);
    else
      dpss_sb_puts(&sb, "null");
    const char *why = !from                       ? "new referral: transfers first"
                      : r->risk == DPSS_RISK_HIGH ? "higher-risk package: transfers first"
                      : sorted[i].no_review
                          ? "no review date known (R1: no first payment or review recorded): "
                            "planned a review interval after the start"
                          : "transfers at the next yearly review";
    const char *risk = from && r->risk == DPSS_RISK_UNKNOWN
                           ? "risk not recorded, taken as standard: "
                           : "";
    /* Routed as any referral: continuity (N4) in or outside the network,
     * choice, specialists and fair spread, exactly as dpss_network_route(). */
    dpss_routing *o = NULL;
    if (dpss_network_route(&o, net, r)) {
      dpss_sb_free(&sb);
      free(sorted);
      dpss_network_free(net);
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    }
    dpss__routing_json_body(&sb, o, true);
    dpss__routing_rules_json(&sb, o, "X1");
    dpss_sb_puts(&sb, ",\"because\":");
    dpss_sb sbw;
    dpss_sb_init(&sbw);
    dpss_sb_printf(&sbw, "%s%s; %s", risk, why, o->because);
    put_text(&sb, &sbw);
    dpss_routing_free(o);
    dpss_sb_puts(&sb, "}\n");
  }
  free(sorted);
  dpss_network_free(net);
  return dpss_sb_finish(&sb, out);
}

/* ----------------------------------------------------------------- market */

typedef struct share {
  char id[DPSS_ID_MAX + 1];
  int64_t count;
  bool in_network;
} share;

struct dpss_market {
  share *s;
  size_t n, cap;
  int64_t total, unsupported;
  int64_t floor_pct, ceiling_pct;
};

static int market_slot(dpss_market *m, const char *id, bool in_network) {
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->s[i].id, id) == 0)
      return (int)i;
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    share *ns = dpss__realloc(m->s, cap * sizeof *ns);
    if (!ns)
      return -1;
    m->s = ns;
    m->cap = cap;
  }
  share *s = &m->s[m->n];
  snprintf(s->id, sizeof s->id, "%s", id);
  s->count = 0;
  s->in_network = in_network;
  return (int)m->n++;
}

int dpss_market_new(dpss_market **out, const dpss_network *network, const dpss_policy *policy,
                    dpss_date as_of) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!network)
    return dpss__fail(DPSS_EINVAL, NULL, "network is NULL");
  if (!dpss__date_valid(as_of))
    return dpss__fail(DPSS_EDATE, "as_of", "as-of date out of range");
  dpss_market *m = dpss__calloc(1, sizeof *m);
  dpss_policy *use = NULL;
  if (!m || dpss__policy_copy_or_default(policy, &use)) {
    free(m);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  dpss_params pp;
  dpss__policy_resolve(use, as_of, &pp);
  dpss_policy_free(use);
  m->floor_pct = pp.v[DPSS_P_MARKET_VIABILITY_FLOOR_PERCENT];
  m->ceiling_pct = pp.v[DPSS_P_MARKET_DOMINANCE_CEILING_PERCENT];
  for (size_t i = 0; i < network->n; i++)
    if (market_slot(m, network->p[i].id, true) < 0) {
      dpss_market_free(m);
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    }
  *out = m;
  return DPSS_OK;
}

void dpss_market_free(dpss_market *m) {
  if (!m)
    return;
  free(m->s);
  free(m);
}

int dpss_market_add(dpss_market *m, const dpss_recipient *r) {
  if (!m || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  const char *p = dpss__recipient_provider(r);
  if (!p) {
    m->unsupported++;
    return DPSS_OK;
  }
  int i = market_slot(m, p, false);
  if (i < 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  m->s[i].count++;
  m->total++;
  return DPSS_OK;
}

int64_t dpss_market_hhi(const dpss_market *m) {
  if (!m || m->total == 0)
    return 0;
  __int128 sum = 0;
  for (size_t i = 0; i < m->n; i++)
    sum += (__int128)m->s[i].count * m->s[i].count;
  __int128 den = (__int128)m->total * m->total;
  return (int64_t)((sum * 10000 * 2 + den) / (den * 2)); /* nearest, halves up */
}

static int64_t basis_points(int64_t count, int64_t total) {
  return total ? (int64_t)(((__int128)count * 10000 * 2 + total) / ((__int128)total * 2)) : 0;
}

static void market_write(const dpss_market *m, dpss_sb *sb, bool text) {
  size_t largest = 0;
  for (size_t i = 1; i < m->n; i++)
    if (m->s[i].count > m->s[largest].count)
      largest = i;
  if (text) {
    dpss_sb_printf(sb, "Market shares of %lld supported recipients (N6)\n", (long long)m->total);
    dpss_sb_printf(sb, "  %-20s %10s %9s  %s\n", "provider", "recipients", "share", "");
  } else {
    dpss_sb_printf(sb, "{\"recipients\":%lld,\"without_provider\":%lld,\"providers\":[",
                   (long long)m->total, (long long)m->unsupported);
  }
  int warnings = 0;
  for (size_t i = 0; i < m->n; i++) {
    const share *s = &m->s[i];
    int64_t bp = basis_points(s->count, m->total);
    bool low = m->total && (__int128)s->count * 100 < (__int128)m->floor_pct * m->total;
    bool high = m->total && (__int128)s->count * 100 > (__int128)m->ceiling_pct * m->total;
    warnings += low + high;
    if (text) {
      dpss_sb_printf(sb, "  %-20s %10lld %6lld.%02lld%%  %s%s\n", s->id, (long long)s->count,
                     (long long)(bp / 100), (long long)(bp % 100),
                     low ? "below the viability floor" : high ? "above the dominance ceiling" : "",
                     s->in_network ? "" : " (not in the network)");
    } else {
      dpss_sb_puts(sb, i ? ",{\"id\":" : "{\"id\":");
      dpss_sb_json_str(sb, s->id);
      dpss_sb_printf(sb, ",\"recipients\":%lld,\"share_basis_points\":%lld,\"in_network\":%s,"
                         "\"below_viability_floor\":%s,\"above_dominance_ceiling\":%s}",
                     (long long)s->count, (long long)bp, s->in_network ? "true" : "false",
                     low ? "true" : "false", high ? "true" : "false");
    }
  }
  int64_t hhi = dpss_market_hhi(m);
  int64_t lbp = m->n ? basis_points(m->s[largest].count, m->total) : 0;
  if (text) {
    dpss_sb_printf(sb, "  largest share: %s, %lld.%02lld%%\n", m->n ? m->s[largest].id : "-",
                   (long long)(lbp / 100), (long long)(lbp % 100));
    dpss_sb_printf(sb, "  Herfindahl-Hirschman index: %lld (of 10,000)\n", (long long)hhi);
    dpss_sb_printf(sb, "  warnings: %d (viability floor %lld%%, dominance ceiling %lld%%)\n",
                   warnings, (long long)m->floor_pct, (long long)m->ceiling_pct);
  } else {
    dpss_sb_puts(sb, "],\"largest\":");
    if (m->n && m->total)
      dpss_sb_json_str(sb, m->s[largest].id);
    else
      dpss_sb_puts(sb, "null");
    dpss_sb_printf(sb, ",\"largest_share_basis_points\":%lld,\"hhi\":%lld,"
                       "\"viability_floor_percent\":%lld,\"dominance_ceiling_percent\":%lld,"
                       "\"warnings\":[",
                   (long long)lbp, (long long)hhi, (long long)m->floor_pct,
                   (long long)m->ceiling_pct);
    bool first = true;
    for (size_t i = 0; i < m->n; i++) {
      const share *s = &m->s[i];
      bool low = m->total && (__int128)s->count * 100 < (__int128)m->floor_pct * m->total;
      bool high = m->total && (__int128)s->count * 100 > (__int128)m->ceiling_pct * m->total;
      if (!low && !high)
        continue;
      dpss_sb_puts(sb, first ? "{\"provider\":" : ",{\"provider\":");
      first = false;
      dpss_sb_json_str(sb, s->id);
      dpss_sb_puts(sb, low ? ",\"warning\":\"below_viability_floor\"}"
                           : ",\"warning\":\"above_dominance_ceiling\"}");
    }
    dpss_sb_puts(sb, "],\"rules\":[\"N6\"]}");
  }
}

int dpss_market_to_json(const dpss_market *m, char **out) {
  if (out)
    *out = NULL;
  if (!m || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  market_write(m, &sb, false);
  return dpss_sb_finish(&sb, out);
}

int dpss_market_to_text(const dpss_market *m, char **out) {
  if (out)
    *out = NULL;
  if (!m || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  market_write(m, &sb, true);
  return dpss_sb_finish(&sb, out);
}

