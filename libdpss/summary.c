/* SPDX-License-Identifier: MIT */
/* Caseload summaries over many decisions. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision_internal.h"

struct dpss_summary {
  uint64_t count, rejected;
  uint64_t status[3];   /* eligible, not_eligible, undetermined */
  uint64_t tier[4];     /* none, start_up, issue_based, undetermined */
  uint64_t recommended[4]; /* bank, card, managed, unknown */
  uint64_t accredited_required;
  uint64_t surpluses, surplus_reviews;
  int64_t surplus_total;
  uint64_t open_issues, escalations;
  uint64_t reviews_due, extra_reviews, audits_due, audited_accounts;
  uint64_t overflow; /* 1: the surplus total passed INT64_MAX (unknown) */
  /* Not a count (every member above is a 64-bit one, added up by merge): */
  dpss__policy_tag policy; /* the policy of the decisions counted */
};

/* The counts: every member before policy. */
#define N_COUNTS (offsetof(dpss_summary, policy) / sizeof(uint64_t))

int dpss_summary_new(dpss_summary **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = dpss__calloc(1, sizeof **out);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

void dpss_summary_free(dpss_summary *s) {
  if (s)
    dpss__policy_tag_free(&s->policy);
  free(s);
}

int dpss_summary_add(dpss_summary *s, const dpss_decision *d) {
  if (!s || !d || !d->evaluated)
    return dpss__fail(DPSS_EINVAL, NULL, "summary or decision NULL, or decision not evaluated");
  int rc = dpss__policy_tag_note(&s->policy, d->policy_id, d->policy_version, d->overrides);
  if (rc)
    return rc;
  /* Excesses are 0 or more: a saturating sum gives the same total in any
   * order, so a caseload split between threads adds up alike, and a total
   * too large to hold never rejects a good record. */
  if (d->reclaim == DPSS_TRUE && __builtin_add_overflow(s->surplus_total, d->excess,
                                                        &s->surplus_total)) {
    s->surplus_total = INT64_MAX;
    s->overflow = 1;
  }
  s->count++;
  s->status[d->status]++;
  s->tier[d->tier >= 0 ? d->tier : 3]++;
  s->recommended[d->recommended >= 0 ? d->recommended : 3]++;
  s->accredited_required += d->accredited == DPSS_TRUE;
  s->surpluses += d->reclaim == DPSS_TRUE;
  s->surplus_reviews += d->surplus_review == DPSS_TRUE;
  s->open_issues += d->n_esc;
  for (size_t i = 0; i < d->n_esc; i++)
    s->escalations += d->esc[i].review;
  s->reviews_due += d->review_due != DPSS_DATE_NONE && d->review_due <= d->as_of;
  s->extra_reviews += (uint64_t)dpss_decision_extra_review(d);
  s->audited_accounts += d->method == DPSS_METHOD_MANAGED_ACCOUNT;
  s->audits_due += d->audit_due != DPSS_DATE_NONE && d->audit_due <= d->as_of;
  return DPSS_OK;
}

int dpss_summary_add_rejected(dpss_summary *s) {
  if (!s)
    return dpss__fail(DPSS_EINVAL, NULL, "summary is NULL");
  s->rejected++;
  return DPSS_OK;
}

int dpss_summary_merge(dpss_summary *into, const dpss_summary *from) {
  if (!into || !from)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int rc = dpss__policy_tag_merge(&into->policy, &from->policy);
  if (rc)
    return rc;
  int64_t total;
  bool overflow = __builtin_add_overflow(into->surplus_total, from->surplus_total, &total);
  /* Every other count is a uint64_t: add them field by field. */
  dpss_summary sum = *into;
  uint64_t *dst = (uint64_t *)&sum;
  const uint64_t *src = (const uint64_t *)from;
  _Static_assert(offsetof(dpss_summary, policy) % sizeof(uint64_t) == 0,
                 "the counts are all 64-bit fields");
  for (size_t i = 0; i < N_COUNTS; i++)
    dst[i] += src[i];
  sum.surplus_total = overflow ? INT64_MAX : total;
  sum.overflow = into->overflow || from->overflow || overflow;
  *into = sum;
  return DPSS_OK;
}

uint64_t dpss_summary_count(const dpss_summary *s) { return s ? s->count : 0; }

int dpss_summary_out_of_range(const dpss_summary *s) {
  return s && s->overflow;
}

static void kv(dpss_sb *sb, bool *first, const char *key, uint64_t v) {
  dpss_sb_key(sb, first, key);
  dpss_sb_int(sb, (int64_t)v);
}

int dpss_summary_to_json(const dpss_summary *s, char **out) {
  if (out)
    *out = NULL;
  if (!s || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  *out = NULL;
  dpss_sb sb;
  bool f = true, g;
  dpss_sb_init(&sb);
  dpss_sb_putc(&sb, '{');
  kv(&sb, &f, "recipients", s->count);
  kv(&sb, &f, "rejected", s->rejected);
  dpss_sb_key(&sb, &f, "eligibility");
  dpss_sb_putc(&sb, '{');
  g = true;
  kv(&sb, &g, "eligible", s->status[0]);
  kv(&sb, &g, "not_eligible", s->status[1]);
  kv(&sb, &g, "undetermined", s->status[2]);
  dpss_sb_puts(&sb, "}");
  dpss_sb_key(&sb, &f, "tier");
  dpss_sb_putc(&sb, '{');
  g = true;
  kv(&sb, &g, "start_up", s->tier[1]);
  kv(&sb, &g, "issue_based", s->tier[2]);
  kv(&sb, &g, "none", s->tier[0]);
  kv(&sb, &g, "undetermined", s->tier[3]);
  dpss_sb_puts(&sb, "}");
  dpss_sb_key(&sb, &f, "recommended_method");
  dpss_sb_putc(&sb, '{');
  g = true;
  kv(&sb, &g, "bank_account", s->recommended[0]);
  kv(&sb, &g, "prepaid_card", s->recommended[1]);
  kv(&sb, &g, "managed_account", s->recommended[2]);
  kv(&sb, &g, "unknown", s->recommended[3]);
  dpss_sb_puts(&sb, "}");
  kv(&sb, &f, "accredited_provider_required", s->accredited_required);
  dpss_sb_key(&sb, &f, "surplus");
  dpss_sb_putc(&sb, '{');
  g = true;
  kv(&sb, &g, "count", s->surpluses);
  dpss_sb_key(&sb, &g, "total_excess_pence");
  dpss_sb_json_pence(&sb, s->overflow ? DPSS_PENCE_NONE : s->surplus_total);
  kv(&sb, &g, "reviews", s->surplus_reviews);
  dpss_sb_puts(&sb, "}");
  kv(&sb, &f, "open_issues", s->open_issues);
  kv(&sb, &f, "escalations", s->escalations);
  kv(&sb, &f, "reviews_due", s->reviews_due);
  kv(&sb, &f, "extra_reviews", s->extra_reviews);
  kv(&sb, &f, "managed_accounts", s->audited_accounts);
  kv(&sb, &f, "audits_due", s->audits_due);
  dpss_sb_puts(&sb, ",\"policy\":");
  dpss__policy_tag_json(&sb, &s->policy);
  dpss_sb_puts(&sb, ",\"rules\":[\"E1\",\"E2\",\"E3\",\"E4\",\"E6\",\"P2\",\"P3\",\"T1\","
                    "\"T2\",\"T3\",\"T4\",\"S1\",\"S3\",\"R1\",\"R2\"]}");
  return dpss_sb_finish(&sb, out);
}

static void row(dpss_sb *sb, const char *label, uint64_t v) {
  dpss_sb_printf(sb, "  %-34s %12llu\n", label, (unsigned long long)v);
}

int dpss_summary_to_text(const dpss_summary *s, char **out) {
  if (out)
    *out = NULL;
  if (!s || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  *out = NULL;
  dpss_sb sb;
  char money[DPSS_MONEY_BUFSIZE];
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "Caseload summary\n");
  row(&sb, "recipients evaluated", s->count);
  if (s->rejected)
    row(&sb, "records rejected", s->rejected);
  dpss_sb_puts(&sb, "Eligibility (E1-E4, E6)\n");
  row(&sb, "eligible", s->status[0]);
  row(&sb, "not eligible", s->status[1]);
  row(&sb, "undetermined (facts missing)", s->status[2]);
  dpss_sb_puts(&sb, "Support tier (T1, T2, T4)\n");
  row(&sb, "start-up", s->tier[1]);
  row(&sb, "issue-based", s->tier[2]);
  row(&sb, "none", s->tier[0]);
  row(&sb, "undetermined", s->tier[3]);
  dpss_sb_puts(&sb, "Money (P2, P3)\n");
  row(&sb, "recommended own bank account", s->recommended[0]);
  row(&sb, "recommended pre-payment card", s->recommended[1]);
  row(&sb, "recommended managed account", s->recommended[2]);
  row(&sb, "accredited provider required", s->accredited_required);
  dpss_sb_puts(&sb, "Surplus (S1, S3)\n");
  row(&sb, "surpluses to reclaim", s->surpluses);
  if (s->overflow)
    snprintf(money, sizeof money, "out of range");
  else
    dpss_money_format_buf(money, sizeof money, s->surplus_total);
  dpss_sb_printf(&sb, "  %-34s %13s\n", "total to reclaim", money);
  row(&sb, "surplus reviews of needs", s->surplus_reviews);
  dpss_sb_puts(&sb, "Issues, reviews and audits (T3, R1, R2)\n");
  row(&sb, "open issues", s->open_issues);
  row(&sb, "escalated to care manager", s->escalations);
  row(&sb, "reviews due or overdue", s->reviews_due);
  row(&sb, "extra reviews needed now", s->extra_reviews);
  row(&sb, "managed accounts", s->audited_accounts);
  row(&sb, "audits due or overdue", s->audits_due);
  return dpss_sb_finish(&sb, out);
}
