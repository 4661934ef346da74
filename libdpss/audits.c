/* SPDX-License-Identifier: MIT */
/* Audits of managed accounts (R2) and the information-sharing return (R3,
 * F4). See dpss/framework.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision_internal.h"

/* ------------------------------------------------------------------ audits */

typedef struct audit_row {
  char id[DPSS_ID_MAX + 1];
  dpss_date last, due;
  int8_t outcome;
} audit_row;

struct dpss_audits {
  dpss_params params;
  dpss_date as_of;
  audit_row *rows;
  size_t n, cap;
};

int dpss_audits_new(dpss_audits **out, const dpss_policy *policy, dpss_date as_of) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!dpss__date_valid(as_of))
    return dpss__fail(DPSS_EDATE, "as_of", "as-of date out of range");
  dpss_policy *p;
  int rc = dpss__policy_copy_or_default(policy, &p);
  if (rc)
    return rc;
  dpss_audits *a = dpss__calloc(1, sizeof *a);
  if (!a) {
    dpss_policy_free(p);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  dpss__policy_resolve(p, as_of, &a->params);
  dpss_policy_free(p);
  a->as_of = as_of;
  *out = a;
  return DPSS_OK;
}

void dpss_audits_free(dpss_audits *a) {
  if (!a)
    return;
  free(a->rows);
  free(a);
}

int dpss_audits_add(dpss_audits *a, const dpss_recipient *r) {
  if (!a || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if (r->method != DPSS_METHOD_MANAGED_ACCOUNT)
    return DPSS_OK;
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 64;
    audit_row *n = dpss__realloc(a->rows, cap * sizeof *n);
    if (!n)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    a->rows = n;
    a->cap = cap;
  }
  audit_row *row = &a->rows[a->n++];
  snprintf(row->id, sizeof row->id, "%s", r->id);
  row->last = dpss__last_audit(r, &row->outcome);
  dpss_date base;
  int kind;
  row->due = dpss__next_due(dpss__audit_base(r, &a->params), row->last, a->params.v[DPSS_P_FIRST_AUDIT],
                            a->params.v[DPSS_P_AUDIT_INTERVAL], &base, &kind);
  return DPSS_OK;
}

size_t dpss_audits_overdue(const dpss_audits *a) {
  size_t n = 0;
  for (size_t i = 0; a && i < a->n; i++)
    n += a->rows[i].due != DPSS_DATE_NONE && a->rows[i].due < a->as_of;
  return n;
}

static int by_due(const void *x, const void *y) {
  const audit_row *a = x, *b = y;
  /* Unknown due dates last, then soonest first, then by id. */
  if (a->due != b->due) {
    if (a->due == DPSS_DATE_NONE)
      return 1;
    if (b->due == DPSS_DATE_NONE)
      return -1;
    return a->due < b->due ? -1 : 1;
  }
  return strcmp(a->id, b->id);
}

int dpss_audits_to_jsonl(const dpss_audits *a, char **out) {
  if (out)
    *out = NULL;
  if (!a || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  audit_row *rows = dpss__malloc((a->n ? a->n : 1) * sizeof *rows);
  if (!rows)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (a->n) /* a->rows is NULL while empty */
    memcpy(rows, a->rows, a->n * sizeof *rows);
  if (a->n > 1)
    qsort(rows, a->n, sizeof *rows, by_due);
  dpss_sb sb;
  dpss_sb_init(&sb);
  for (size_t i = 0; i < a->n; i++) {
    const audit_row *r = &rows[i];
    bool overdue = r->due != DPSS_DATE_NONE && r->due < a->as_of;
    dpss_sb_puts(&sb, "{\"id\":");
    dpss_sb_json_str(&sb, r->id);
    dpss_sb_puts(&sb, ",\"last_audit\":");
    dpss_sb_json_date(&sb, r->last);
    dpss_sb_puts(&sb, ",\"last_outcome\":");
    if (r->outcome >= 0)
      dpss_sb_json_str(&sb, dpss__audit_outcome_names[r->outcome]);
    else
      dpss_sb_puts(&sb, "null");
    dpss_sb_puts(&sb, ",\"audit_due\":");
    dpss_sb_json_date(&sb, r->due);
    dpss_sb_printf(&sb, ",\"overdue\":%s,\"days_overdue\":%d,\"rules\":[\"R2\"]}\n",
                   overdue ? "true" : "false", overdue ? a->as_of - r->due : 0);
  }
  free(rows);
  return dpss_sb_finish(&sb, out);
}

/* ------------------------------------------------------------------ return */

typedef struct count_by {
  char id[DPSS_ID_MAX + 1];
  uint64_t n;
} count_by;

struct dpss_return {
  dpss_policy *policy;
  dpss_decision *d;
  dpss_date from, to;
  char provider[DPSS_ID_MAX + 1]; /* "" for all */
  uint64_t recipients, tier[4], new_referrals, surpluses, escalations, audits_done,
      audits_overdue, pb_holders, dp_takers;
  int64_t surplus_total, spend;
  bool has_spend, surplus_overflow;
  count_by *by;
  size_t n_by, cap_by;
};

int dpss_return_new(dpss_return **out, const dpss_policy *policy, dpss_date from, dpss_date to,
                    const char *provider) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!dpss__date_valid(from) || !dpss__date_valid(to) || to < from)
    return dpss__fail(DPSS_EDATE, "to", "from and to must be valid dates, to not before from");
  if (provider && !dpss__id_valid(provider))
    return dpss__fail(DPSS_EINVAL, "provider", "not a valid provider id");
  dpss_return *r = dpss__calloc(1, sizeof *r);
  if (!r)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  int rc = dpss__policy_copy_or_default(policy, &r->policy);
  if (!rc)
    rc = dpss_decision_new(&r->d);
  if (rc) {
    dpss_return_free(r);
    return rc;
  }
  r->from = from;
  r->to = to;
  snprintf(r->provider, sizeof r->provider, "%s", provider ? provider : "");
  *out = r;
  return DPSS_OK;
}

void dpss_return_free(dpss_return *r) {
  if (!r)
    return;
  dpss_policy_free(r->policy);
  dpss_decision_free(r->d);
  free(r->by);
  free(r);
}

static bool in_period(const dpss_return *ret, dpss_date d) {
  return d != DPSS_DATE_NONE && d >= ret->from && d <= ret->to;
}

int dpss_return_add(dpss_return *ret, const dpss_recipient *r) {
  if (!ret || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  const char *prov = dpss__recipient_provider(r);
  if (ret->provider[0] && (!prov || strcmp(prov, ret->provider) != 0))
    return DPSS_OK;
  /* Make room for the provider row first, so nothing below can fail half-way. */
  const char *key = prov ? prov : "(none)";
  size_t slot = 0;
  while (slot < ret->n_by && strcmp(ret->by[slot].id, key) != 0)
    slot++;
  if (slot == ret->n_by && ret->n_by == ret->cap_by) {
    size_t cap = ret->cap_by ? ret->cap_by * 2 : 16;
    count_by *n = dpss__realloc(ret->by, cap * sizeof *n);
    if (!n)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    ret->by = n;
    ret->cap_by = cap;
  }
  int rc = dpss_evaluate_into(ret->d, ret->policy, r, ret->to);
  if (rc)
    return rc;
  const dpss_decision *d = ret->d;
  /* Excesses are 0 or more: saturate (and report unknown) rather than
   * refuse a good record. */
  if (d->reclaim == DPSS_TRUE &&
      __builtin_add_overflow(ret->surplus_total, d->excess, &ret->surplus_total)) {
    ret->surplus_total = INT64_MAX;
    ret->surplus_overflow = true;
  }
  if (slot == ret->n_by) {
    snprintf(ret->by[slot].id, sizeof ret->by[slot].id, "%s", key);
    ret->by[slot].n = 0;
    ret->n_by++;
  }
  ret->by[slot].n++;
  ret->recipients++;
  ret->tier[d->tier >= 0 ? d->tier : 3]++;
  ret->new_referrals += in_period(ret, r->dates[DPSS_DATE_DP_START]);
  ret->surpluses += d->reclaim == DPSS_TRUE;
  for (size_t i = 0; i < d->n_esc; i++)
    ret->escalations += d->esc[i].review;
  /* Audits done: audits[], and last_audit unless audits[] holds that day
   * (the same audit), as R1 and R2 read them. */
  size_t done = 0;
  for (size_t i = 0; i < r->n_audits; i++)
    done += in_period(ret, r->audits[i].date);
  if (dpss__last_audit_unlisted(r))
    done += in_period(ret, r->dates[DPSS_DATE_LAST_AUDIT]);
  ret->audits_done += done;
  ret->audits_overdue += d->audit_due != DPSS_DATE_NONE && d->audit_due < ret->to;
  if (r->personal_budget_weekly != DPSS_PENCE_NONE) {
    ret->pb_holders++;
    /* B6: taking a direct payment on the period's last day (the return's
     * as-of date): paid for, started on or before it and not ended before it. */
    dpss_date start = r->dates[DPSS_DATE_DP_START], end = r->dates[DPSS_DATE_DP_END];
    ret->dp_takers += r->n_funding > 0 && d->weekly > 0 && start != DPSS_DATE_NONE &&
                      start <= ret->to && (end == DPSS_DATE_NONE || end >= ret->to);
  }
  return DPSS_OK;
}

int dpss_return_add_spend(dpss_return *ret, const dpss_framework *f) {
  if (!ret || !f)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  bool overflow;
  int64_t s = dpss__framework_spend(f, ret->from, ret->to, &overflow), total;
  if (overflow || __builtin_add_overflow(ret->spend, s, &total))
    return dpss__fail(DPSS_EOVERFLOW, NULL, "spend out of range");
  ret->spend = total;
  ret->has_spend = true;
  return DPSS_OK;
}

static int64_t ratio_bp(uint64_t part, uint64_t whole) {
  return whole ? (int64_t)((part * 20000 + whole) / (whole * 2)) : 0;
}

static void write_return(const dpss_return *r, dpss_sb *sb, bool text) {
  char a[DPSS_DATE_BUFSIZE], b[DPSS_DATE_BUFSIZE], m[DPSS_MONEY_BUFSIZE];
  dpss__date_write(a, r->from);
  dpss__date_write(b, r->to);
  int64_t target = 0;
  dpss_policy_get(r->policy, "dp_uptake_target", r->to, &target);
  int64_t uptake = ratio_bp(r->dp_takers, r->pb_holders);
  int64_t per_person = DPSS_PENCE_NONE;
  if (r->has_spend && r->recipients)
    dpss_money_mul_div_round(&per_person, r->spend, 1, (int64_t)r->recipients);
  if (text) {
    dpss_sb_printf(sb, "Information-sharing return (R3, F4), %s to %s%s%s\n", a, b,
                   r->provider[0] ? ", provider " : ", whole network", r->provider);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "recipients supported", (unsigned long long)r->recipients);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "  start-up", (unsigned long long)r->tier[1]);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "  issue-based", (unsigned long long)r->tier[2]);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "  none (not eligible)", (unsigned long long)r->tier[0]);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "  undetermined", (unsigned long long)r->tier[3]);
    dpss_sb_puts(sb, "  by provider\n");
    for (size_t i = 0; i < r->n_by; i++)
      dpss_sb_printf(sb, "    %-34s %12llu\n", r->by[i].id, (unsigned long long)r->by[i].n);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "new referrals (first payment)",
                   (unsigned long long)r->new_referrals);
    if (r->surplus_overflow)
      snprintf(m, sizeof m, "out of range");
    else
      dpss_money_format_buf(m, sizeof m, r->surplus_total);
    dpss_sb_printf(sb, "  %-36s %12llu (%s)\n", "surpluses found", (unsigned long long)r->surpluses, m);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "escalations to care manager",
                   (unsigned long long)r->escalations);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "audits done", (unsigned long long)r->audits_done);
    dpss_sb_printf(sb, "  %-36s %12llu\n", "audits overdue", (unsigned long long)r->audits_overdue);
    dpss_sb_printf(sb, "  %-36s %9lld.%02lld%% of %llu (target %lld%%: %s)\n",
                   "direct-payment uptake", (long long)(uptake / 100), (long long)(uptake % 100),
                   (unsigned long long)r->pb_holders, (long long)target,
                   uptake >= target * 100 ? "met" : "not met");
    if (per_person != DPSS_PENCE_NONE) {
      dpss_money_format_buf(m, sizeof m, r->spend);
      dpss_sb_printf(sb, "  %-36s %13s\n", "framework spend", m);
      dpss_money_format_buf(m, sizeof m, per_person);
      dpss_sb_printf(sb, "  %-36s %13s\n", "cost per person supported", m);
    }
    return;
  }
  dpss_sb_printf(sb, "{\"from\":\"%s\",\"to\":\"%s\",\"provider\":", a, b);
  if (r->provider[0])
    dpss_sb_json_str(sb, r->provider);
  else
    dpss_sb_puts(sb, "null");
  dpss_sb_printf(sb, ",\"recipients\":%llu,\"by_tier\":{\"start_up\":%llu,\"issue_based\":%llu,"
                     "\"none\":%llu,\"undetermined\":%llu},\"by_provider\":{",
                 (unsigned long long)r->recipients, (unsigned long long)r->tier[1],
                 (unsigned long long)r->tier[2], (unsigned long long)r->tier[0],
                 (unsigned long long)r->tier[3]);
  for (size_t i = 0; i < r->n_by; i++) {
    if (i)
      dpss_sb_putc(sb, ',');
    dpss_sb_json_str(sb, r->by[i].id);
    dpss_sb_printf(sb, ":%llu", (unsigned long long)r->by[i].n);
  }
  dpss_sb_printf(sb, "},\"new_referrals\":%llu,\"surpluses\":{\"count\":%llu,\"total_pence\":",
                 (unsigned long long)r->new_referrals, (unsigned long long)r->surpluses);
  dpss_sb_json_pence(sb, r->surplus_overflow ? DPSS_PENCE_NONE : r->surplus_total);
  dpss_sb_printf(sb, "},\"escalations\":%llu,\"audits\":{\"done\":%llu,\"overdue\":%llu},"
                     "\"uptake\":{\"personal_budget_holders\":%llu,\"taking_direct_payment\":%llu,"
                     "\"basis_points\":%lld,\"target_percent\":%lld,\"met\":%s},\"spend_pence\":",
                 (unsigned long long)r->escalations,
                 (unsigned long long)r->audits_done, (unsigned long long)r->audits_overdue,
                 (unsigned long long)r->pb_holders, (unsigned long long)r->dp_takers,
                 (long long)uptake, (long long)target,
                 r->pb_holders && uptake >= target * 100 ? "true" : "false");
  dpss_sb_json_pence(sb, r->has_spend ? r->spend : DPSS_PENCE_NONE);
  dpss_sb_puts(sb, ",\"cost_per_person_pence\":");
  dpss_sb_json_pence(sb, per_person);
  dpss_sb_puts(sb, ",\"rules\":[\"R3\",\"F4\",\"B6\"]}");
}

int dpss_return_to_json(const dpss_return *r, char **out) {
  if (out)
    *out = NULL;
  if (!r || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  write_return(r, &sb, false);
  return dpss_sb_finish(&sb, out);
}

int dpss_return_to_text(const dpss_return *r, char **out) {
  if (out)
    *out = NULL;
  if (!r || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  write_return(r, &sb, true);
  return dpss_sb_finish(&sb, out);
}
