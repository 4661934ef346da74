/* SPDX-License-Identifier: MIT */
/* What-if comparisons of one caseload under two policies (dpss/compare.h).
 * Decisions are compared field by field from their structs, not from JSON,
 * so a comparison costs little more than the two evaluations. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision_internal.h"

enum cf {
  CF_STATUS, CF_VIA, CF_FAMILY, CF_RECOMMENDED, CF_ACCREDITED, CF_TIER, CF_TIER_ENDS,
  CF_EXCESS, CF_RECLAIM, CF_SURPLUS_REVIEW, CF_RECOVER_FROM, CF_ESCALATED,
  CF_REVIEW_DUE, CF_AUDIT_DUE, CF_EXTRA_REVIEW, CF_COUNT_
};

enum kind { K_WORD, K_FACT, K_DATE, K_PENCE, K_COUNT, K_BOOL };

static const char *const status_words[] = {"eligible", "not_eligible", "undetermined"};
static const char *const via_words[] = {"self", "authorised_person"};
static const char *const family_words[] = {"not_applicable", "allowed", "refused"};

static const struct field {
  const char *path;
  enum kind kind;
  const char *rule;
  const char *const *words; /* K_WORD: value -1 is null (family: "undetermined") */
} fields[CF_COUNT_] = {
    [CF_STATUS] = {"eligibility.status", K_WORD, "E1", status_words},
    [CF_VIA] = {"eligibility.via", K_WORD, "E3", via_words},
    [CF_FAMILY] = {"eligibility.household_family_payment", K_WORD, "E5", family_words},
    [CF_RECOMMENDED] = {"money.recommended_method", K_WORD, "P3", NULL},
    [CF_ACCREDITED] = {"money.accredited_provider_required", K_FACT, "P2", NULL},
    [CF_TIER] = {"tier.tier", K_WORD, "T1", NULL},
    [CF_TIER_ENDS] = {"tier.ends", K_DATE, "T4", NULL},
    [CF_EXCESS] = {"surplus.excess_pence", K_PENCE, "S1", NULL},
    [CF_RECLAIM] = {"surplus.reclaim", K_FACT, "S1", NULL},
    [CF_SURPLUS_REVIEW] = {"surplus.review", K_FACT, "S3", NULL},
    [CF_RECOVER_FROM] = {"surplus.recover_from", K_DATE, "S4", NULL},
    [CF_ESCALATED] = {"escalations", K_COUNT, "T3", NULL},
    [CF_REVIEW_DUE] = {"review_due", K_DATE, "R1", NULL},
    [CF_AUDIT_DUE] = {"audit_due", K_DATE, "R2", NULL},
    [CF_EXTRA_REVIEW] = {"extra_review", K_BOOL, "R1", NULL},
};

typedef struct counts {
  uint64_t recipients, rejected, changed, flips[CF_COUNT_], affected[4];
  uint64_t reclaim_before, reclaim_after, with_payments;
  int64_t excess_before, excess_after, paid_before, paid_after, contrib_before, contrib_after;
  bool overflow;
} counts;

struct dpss_comparison {
  char *base, *alternative; /* each policy as {"id","version"[,"overrides"]} */
  counts c;
};

static char *policy_block(const dpss_policy *p) {
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss__policy_ref_json(&sb, dpss_policy_id(p), dpss_policy_version(p),
                        dpss__policy_overrides(p));
  char *out = NULL;
  return dpss_sb_finish(&sb, &out) ? NULL : out;
}

int dpss_comparison_new(dpss_comparison **out, const dpss_policy *base,
                        const dpss_policy *alternative) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!base || !alternative)
    return dpss__fail(DPSS_EINVAL, NULL, "both policies are needed");
  dpss_comparison *c = dpss__calloc(1, sizeof *c);
  if (!c || !(c->base = policy_block(base)) || !(c->alternative = policy_block(alternative))) {
    dpss_comparison_free(c);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  *out = c;
  return DPSS_OK;
}

void dpss_comparison_free(dpss_comparison *c) {
  if (!c)
    return;
  free(c->base);
  free(c->alternative);
  free(c);
}

static uint64_t escalated(const dpss_decision *d) {
  uint64_t n = 0;
  for (size_t i = 0; i < d->n_esc; i++)
    n += d->esc[i].review;
  return n;
}

/* A field's value as a number, for comparing and writing. */
static int64_t value(const dpss_decision *d, enum cf f) {
  switch (f) {
  case CF_STATUS: return d->status;
  case CF_VIA: return d->via;
  case CF_FAMILY: return d->family;
  case CF_RECOMMENDED: return d->recommended;
  case CF_ACCREDITED: return d->accredited;
  case CF_TIER: return d->tier;
  case CF_TIER_ENDS: return d->tier_ends;
  case CF_EXCESS: return d->excess;
  case CF_RECLAIM: return d->reclaim;
  case CF_SURPLUS_REVIEW: return d->surplus_review;
  case CF_RECOVER_FROM: return d->recover_from;
  case CF_ESCALATED: return (int64_t)escalated(d);
  case CF_REVIEW_DUE: return d->review_due;
  case CF_AUDIT_DUE: return d->audit_due;
  case CF_EXTRA_REVIEW: return dpss_decision_extra_review(d);
  default: return 0;
  }
}

static void put_value(dpss_sb *sb, enum cf f, int64_t v) {
  const struct field *fd = &fields[f];
  switch (fd->kind) {
  case K_WORD: {
    const char *const *words = fd->words;
    if (f == CF_RECOMMENDED)
      words = dpss__method_names;
    else if (f == CF_TIER)
      words = dpss__tier_names;
    if (v >= 0)
      dpss_sb_json_str(sb, words[v]);
    else
      dpss_sb_puts(sb, f == CF_FAMILY ? "\"undetermined\"" : "null");
    break;
  }
  case K_FACT: dpss_sb_json_fact(sb, (dpss_fact)v); break;
  case K_DATE: dpss_sb_json_date(sb, (dpss_date)v); break;
  case K_PENCE: dpss_sb_json_pence(sb, v); break;
  case K_COUNT: dpss_sb_int(sb, v); break;
  case K_BOOL: dpss_sb_puts(sb, v ? "true" : "false"); break;
  }
}

/* Saturating sums of amounts that are 0 or more. */
static void add_sat(int64_t *sum, int64_t v, bool *overflow) {
  if (v == DPSS_PENCE_NONE || v < 0)
    return;
  if (__builtin_add_overflow(*sum, v, sum)) {
    *sum = INT64_MAX;
    *overflow = true;
  }
}

int dpss_comparison_add(dpss_comparison *c, const dpss_decision *before,
                        const dpss_decision *after, char **line) {
  if (line)
    *line = NULL;
  if (!c || !before || !after || !before->evaluated || !after->evaluated)
    return dpss__fail(DPSS_EINVAL, NULL, "comparison NULL, or a decision NULL or not evaluated");
  if (strcmp(before->id, after->id) != 0 || before->as_of != after->as_of)
    return dpss__fail(DPSS_EINVAL, NULL,
                      "the two decisions are of different recipients or dates");
  uint32_t changed = 0;
  for (int f = 0; f < CF_COUNT_; f++)
    if (value(before, (enum cf)f) != value(after, (enum cf)f))
      changed |= 1u << f;
  /* The line first: if it cannot be made, nothing is counted. */
  if (line && changed) {
    dpss_sb sb;
    dpss_sb_init(&sb);
    dpss_sb_puts(&sb, "{\"id\":");
    dpss_sb_json_str(&sb, before->id);
    dpss_sb_puts(&sb, ",\"as_of\":");
    dpss_sb_json_date(&sb, before->as_of);
    dpss_sb_puts(&sb, ",\"changes\":[");
    bool first = true;
    for (int f = 0; f < CF_COUNT_; f++) {
      if (!(changed & (1u << f)))
        continue;
      dpss_sb_puts(&sb, first ? "{\"field\":\"" : ",{\"field\":\"");
      first = false;
      dpss_sb_puts(&sb, fields[f].path);
      dpss_sb_puts(&sb, "\",\"before\":");
      put_value(&sb, (enum cf)f, value(before, (enum cf)f));
      dpss_sb_puts(&sb, ",\"after\":");
      put_value(&sb, (enum cf)f, value(after, (enum cf)f));
      dpss_sb_puts(&sb, ",\"rule\":\"");
      dpss_sb_puts(&sb, fields[f].rule);
      dpss_sb_puts(&sb, "\"}");
    }
    dpss_sb_puts(&sb, "],\"rules\":[");
    const char *seen[CF_COUNT_];
    int n_seen = 0;
    for (int f = 0; f < CF_COUNT_; f++) {
      if (!(changed & (1u << f)))
        continue;
      bool dup = false;
      for (int k = 0; k < n_seen; k++)
        dup |= strcmp(seen[k], fields[f].rule) == 0;
      if (dup)
        continue;
      dpss_sb_puts(&sb, n_seen ? ",\"" : "\"");
      dpss_sb_puts(&sb, fields[f].rule);
      dpss_sb_putc(&sb, '"');
      seen[n_seen++] = fields[f].rule;
    }
    dpss_sb_puts(&sb, "]}");
    int rc = dpss_sb_finish(&sb, line);
    if (rc)
      return rc;
  }
  counts *k = &c->c;
  k->recipients++;
  if (changed) {
    k->changed++;
    k->affected[before->tier >= 0 ? before->tier : 3]++;
  }
  for (int f = 0; f < CF_COUNT_; f++)
    k->flips[f] += (changed >> f) & 1;
  k->reclaim_before += before->reclaim == DPSS_TRUE;
  k->reclaim_after += after->reclaim == DPSS_TRUE;
  if (before->reclaim == DPSS_TRUE)
    add_sat(&k->excess_before, before->excess, &k->overflow);
  if (after->reclaim == DPSS_TRUE)
    add_sat(&k->excess_after, after->excess, &k->overflow);
  return DPSS_OK;
}

static void add_schedule(const dpss_schedule *s, int64_t *paid, int64_t *contrib,
                         bool *overflow) {
  for (size_t i = 0; i < dpss_schedule_count(s); i++) {
    add_sat(paid, dpss_schedule_pence(s, i), overflow);
    add_sat(contrib, dpss_schedule_contribution_pence(s, i), overflow);
  }
}

int dpss_comparison_add_payments(dpss_comparison *c, const dpss_schedule *before,
                                 const dpss_schedule *after) {
  if (!c || !before || !after)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if (strcmp(dpss_schedule_id(before), dpss_schedule_id(after)) != 0)
    return dpss__fail(DPSS_EINVAL, NULL, "the two schedules are of different recipients");
  counts *k = &c->c;
  k->with_payments++;
  add_schedule(before, &k->paid_before, &k->contrib_before, &k->overflow);
  add_schedule(after, &k->paid_after, &k->contrib_after, &k->overflow);
  return DPSS_OK;
}

int dpss_comparison_add_rejected(dpss_comparison *c) {
  if (!c)
    return dpss__fail(DPSS_EINVAL, NULL, "comparison is NULL");
  c->c.rejected++;
  return DPSS_OK;
}

int dpss_comparison_merge(dpss_comparison *into, const dpss_comparison *from) {
  if (!into || !from)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  counts *a = &into->c;
  const counts *b = &from->c;
  a->recipients += b->recipients;
  a->rejected += b->rejected;
  a->changed += b->changed;
  for (int f = 0; f < CF_COUNT_; f++)
    a->flips[f] += b->flips[f];
  for (int t = 0; t < 4; t++)
    a->affected[t] += b->affected[t];
  a->reclaim_before += b->reclaim_before;
  a->reclaim_after += b->reclaim_after;
  a->with_payments += b->with_payments;
  a->overflow |= b->overflow;
  add_sat(&a->excess_before, b->excess_before, &a->overflow);
  add_sat(&a->excess_after, b->excess_after, &a->overflow);
  add_sat(&a->paid_before, b->paid_before, &a->overflow);
  add_sat(&a->paid_after, b->paid_after, &a->overflow);
  add_sat(&a->contrib_before, b->contrib_before, &a->overflow);
  add_sat(&a->contrib_after, b->contrib_after, &a->overflow);
  return DPSS_OK;
}

uint64_t dpss_comparison_count(const dpss_comparison *c) { return c ? c->c.recipients : 0; }
uint64_t dpss_comparison_changed(const dpss_comparison *c) { return c ? c->c.changed : 0; }

/* before, after and change of a money total (null when the totals overflowed). */
static void money3(dpss_sb *sb, const char *name, int64_t before, int64_t after, bool overflow) {
  dpss_sb_printf(sb, "\"%s\":{\"before_pence\":", name);
  dpss_sb_json_pence(sb, overflow ? DPSS_PENCE_NONE : before);
  dpss_sb_puts(sb, ",\"after_pence\":");
  dpss_sb_json_pence(sb, overflow ? DPSS_PENCE_NONE : after);
  dpss_sb_puts(sb, ",\"change_pence\":");
  dpss_sb_json_pence(sb, overflow ? DPSS_PENCE_NONE : after - before);
  dpss_sb_putc(sb, '}');
}

int dpss_comparison_to_json(const dpss_comparison *c, char **out) {
  if (out)
    *out = NULL;
  if (!c || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  const counts *k = &c->c;
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "{\"base\":");
  dpss_sb_puts(&sb, c->base);
  dpss_sb_puts(&sb, ",\"alternative\":");
  dpss_sb_puts(&sb, c->alternative);
  dpss_sb_printf(&sb, ",\"recipients\":%llu,\"rejected\":%llu,\"changed\":%llu,\"flips\":{",
                 (unsigned long long)k->recipients, (unsigned long long)k->rejected,
                 (unsigned long long)k->changed);
  for (int f = 0; f < CF_COUNT_; f++)
    dpss_sb_printf(&sb, "%s\"%s\":%llu", f ? "," : "", fields[f].path,
                   (unsigned long long)k->flips[f]);
  dpss_sb_printf(&sb, "},\"reclaims\":{\"before\":%llu,\"after\":%llu},\"money\":{",
                 (unsigned long long)k->reclaim_before, (unsigned long long)k->reclaim_after);
  money3(&sb, "to_reclaim", k->excess_before, k->excess_after, k->overflow);
  if (k->with_payments) {
    dpss_sb_putc(&sb, ',');
    money3(&sb, "council_payments", k->paid_before, k->paid_after, k->overflow);
    dpss_sb_putc(&sb, ',');
    money3(&sb, "contributions", k->contrib_before, k->contrib_after, k->overflow);
  }
  dpss_sb_printf(&sb, ",\"overflow\":%s},\"affected_by_tier\":{\"start_up\":%llu,"
                      "\"issue_based\":%llu,\"none\":%llu,\"undetermined\":%llu},",
                 k->overflow ? "true" : "false", (unsigned long long)k->affected[1],
                 (unsigned long long)k->affected[2], (unsigned long long)k->affected[0],
                 (unsigned long long)k->affected[3]);
  dpss_sb_puts(&sb, "\"rules\":[\"E1\",\"T1\",\"T3\",\"T4\",\"S1\",\"S3\",\"S4\",\"R1\",\"R2\"");
  if (k->with_payments)
    dpss_sb_puts(&sb, ",\"B2\",\"B3\",\"B4\"");
  dpss_sb_puts(&sb, "]}");
  return dpss_sb_finish(&sb, out);
}

static void money_line(dpss_sb *sb, const char *label, int64_t before, int64_t after,
                       bool overflow) {
  char a[DPSS_MONEY_BUFSIZE], b[DPSS_MONEY_BUFSIZE], d[DPSS_MONEY_BUFSIZE];
  if (overflow) {
    dpss_sb_printf(sb, "  %-28s too large to add up\n", label);
    return;
  }
  dpss_money_format_buf(a, sizeof a, before);
  dpss_money_format_buf(b, sizeof b, after);
  dpss_money_format_buf(d, sizeof d, after - before);
  dpss_sb_printf(sb, "  %-28s %17s %17s %17s\n", label, a, b, d);
}

int dpss_comparison_to_text(const dpss_comparison *c, char **out) {
  if (out)
    *out = NULL;
  if (!c || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  const counts *k = &c->c;
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_printf(&sb, "Comparison of %llu recipients: %llu decisions change\n",
                 (unsigned long long)k->recipients, (unsigned long long)k->changed);
  dpss_sb_printf(&sb, "  base:        %s\n  alternative: %s\n", c->base, c->alternative);
  if (k->rejected)
    dpss_sb_printf(&sb, "  %-40s %10llu\n", "records rejected", (unsigned long long)k->rejected);
  dpss_sb_puts(&sb, "Decisions that flip, by field (and the rule that decides it)\n");
  for (int f = 0; f < CF_COUNT_; f++)
    if (k->flips[f])
      dpss_sb_printf(&sb, "  %-33s %-6s %10llu\n", fields[f].path, fields[f].rule,
                     (unsigned long long)k->flips[f]);
  dpss_sb_printf(&sb, "Money moved%*s %17s %17s %17s\n", 18, "", "before", "after", "change");
  money_line(&sb, "to reclaim (S1)", k->excess_before, k->excess_after, k->overflow);
  if (k->with_payments) {
    money_line(&sb, "council payments (B2-B4)", k->paid_before, k->paid_after, k->overflow);
    money_line(&sb, "contributions (B2)", k->contrib_before, k->contrib_after, k->overflow);
  }
  dpss_sb_printf(&sb, "  %-40s %10llu -> %llu\n", "surpluses to reclaim",
                 (unsigned long long)k->reclaim_before, (unsigned long long)k->reclaim_after);
  dpss_sb_puts(&sb, "Who is affected, by tier under the base policy\n");
  static const char *const tiers[] = {"none", "start-up", "issue-based", "undetermined"};
  static const int order[] = {1, 2, 0, 3};
  for (int t = 0; t < 4; t++)
    dpss_sb_printf(&sb, "  %-40s %10llu\n", tiers[order[t]],
                   (unsigned long long)k->affected[order[t]]);
  return dpss_sb_finish(&sb, out);
}
