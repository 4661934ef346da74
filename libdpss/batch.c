/* SPDX-License-Identifier: MIT */
/* Decisions as columns (dpss/batch.h): what bindings need to hand thousands
 * of decisions to a scripting language without a call per field. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "decision_internal.h"

struct dpss_batch {
  size_t n, cap;
  int64_t *col[DPSS_COLUMN_COUNT];
  char (*id)[DPSS_ID_MAX + 1];
  dpss_decision *scratch; /* for dpss_batch_evaluate */
};

static const char *const names[DPSS_COLUMN_COUNT] = {
    "as_of", "eligibility.status", "eligibility.via", "eligibility.household_family_payment",
    "money.method", "money.recommended_method", "money.accredited_provider_required",
    "money.single_provider_for_all_funding", "tier.tier", "tier.ends", "surplus.weekly_pence",
    "surplus.threshold_pence", "surplus.available_pence", "surplus.excess_pence",
    "surplus.reclaim", "surplus.review", "surplus.recover_from", "escalations.open",
    "escalations.care_manager_review", "review_due", "audit_due", "extra_review"};

int dpss_batch_new(dpss_batch **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = dpss__calloc(1, sizeof **out);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

void dpss_batch_free(dpss_batch *b) {
  if (!b)
    return;
  for (int c = 0; c < DPSS_COLUMN_COUNT; c++)
    free(b->col[c]);
  free(b->id);
  dpss_decision_free(b->scratch);
  free(b);
}

void dpss_batch_clear(dpss_batch *b) {
  if (b)
    b->n = 0;
}

/* Room for one more row; on failure nothing changes (arrays already grown
 * keep their old contents and are simply larger). */
static int reserve(dpss_batch *b) {
  if (b->n < b->cap)
    return DPSS_OK;
  size_t cap = b->cap ? b->cap * 2 : 1024;
  for (int c = 0; c < DPSS_COLUMN_COUNT; c++) {
    int64_t *p = dpss__realloc(b->col[c], cap * sizeof *p);
    if (!p)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    b->col[c] = p;
  }
  char(*ids)[DPSS_ID_MAX + 1] = dpss__realloc(b->id, cap * sizeof *ids);
  if (!ids)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  b->id = ids;
  b->cap = cap;
  return DPSS_OK;
}

int dpss_batch_add(dpss_batch *b, const dpss_decision *d) {
  if (!b || !d || !d->evaluated)
    return dpss__fail(DPSS_EINVAL, NULL, "batch or decision NULL, or decision not evaluated");
  int rc = reserve(b);
  if (rc)
    return rc;
  size_t i = b->n;
  int64_t escalated = 0;
  for (size_t k = 0; k < d->n_esc; k++)
    escalated += d->esc[k].review;
  int64_t v[DPSS_COLUMN_COUNT] = {
      d->as_of,       d->status,       d->via,           d->family,
      d->method,      d->recommended,  d->accredited,    d->single_provider,
      d->tier,        d->tier_ends,    d->weekly,        d->threshold,
      d->available,   d->excess,       d->reclaim,       d->surplus_review,
      d->recover_from, (int64_t)d->n_esc, escalated,     d->review_due,
      d->audit_due,   dpss_decision_extra_review(d)};
  for (int c = 0; c < DPSS_COLUMN_COUNT; c++)
    b->col[c][i] = v[c];
  memcpy(b->id[i], d->id, sizeof b->id[i]);
  b->n++;
  return DPSS_OK;
}

int dpss_batch_evaluate(dpss_batch *b, const dpss_policy *policy, const dpss_recipient *r,
                        dpss_date as_of) {
  if (!b)
    return dpss__fail(DPSS_EINVAL, NULL, "batch is NULL");
  int rc = b->scratch ? DPSS_OK : dpss_decision_new(&b->scratch);
  if (!rc)
    rc = dpss_evaluate_into(b->scratch, policy, r, as_of);
  return rc ? rc : dpss_batch_add(b, b->scratch);
}

size_t dpss_batch_count(const dpss_batch *b) { return b ? b->n : 0; }

const char *dpss_batch_id(const dpss_batch *b, size_t row) {
  return b && row < b->n ? b->id[row] : NULL;
}

const int64_t *dpss_batch_column(const dpss_batch *b, dpss_column c) {
  if (!b || (int)c < 0 || c >= DPSS_COLUMN_COUNT)
    return NULL;
  static const int64_t none[1];
  return b->col[c] ? b->col[c] : none;
}

int64_t dpss_batch_copy_column(const dpss_batch *b, dpss_column c, int64_t *dst, size_t n) {
  if (!b || (int)c < 0 || c >= DPSS_COLUMN_COUNT || (!dst && n))
    return dpss__fail(DPSS_EINVAL, NULL, "NULL batch or buffer, or no such column");
  size_t k = n < b->n ? n : b->n;
  if (k)
    memcpy(dst, b->col[c], k * sizeof *dst);
  return (int64_t)k;
}

const char *dpss_batch_column_name(dpss_column c) {
  return (int)c >= 0 && c < DPSS_COLUMN_COUNT ? names[c] : NULL;
}
