/* SPDX-License-Identifier: MIT */
/* Decisions as columns (dpss/batch.h): what bindings need to hand thousands
 * of decisions to a scripting language without a call per field. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "decision_internal.h"
#include "reader_internal.h"

/* No text for a row: its offset in text_off. */
#define NO_TEXT SIZE_MAX

struct dpss_batch {
  size_t n, cap;
  int64_t *col[DPSS_COLUMN_COUNT];
  char (*id)[DPSS_ID_MAX + 1];
  dpss_decision *scratch; /* for dpss_batch_evaluate */
  /* Record texts (DPSS_BATCH_KEEP_TEXT): row i's is text + text_off[i],
   * NUL-terminated, or none (NO_TEXT). */
  size_t *text_off;
  char *text;
  size_t text_len, text_cap;
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
  free(b->text_off);
  free(b->text);
  dpss_decision_free(b->scratch);
  free(b);
}

void dpss_batch_clear(dpss_batch *b) {
  if (b)
    b->n = b->text_len = 0;
}

/* Room for `rows` more rows; on failure nothing changes (arrays already
 * grown keep their old contents and are simply larger). */
static int reserve(dpss_batch *b, size_t rows) {
  if (rows <= b->cap - b->n)
    return DPSS_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap - b->n < rows) {
    if (cap > SIZE_MAX / 2 / sizeof(char[DPSS_ID_MAX + 1]))
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    cap *= 2;
  }
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
  size_t *off = dpss__realloc(b->text_off, cap * sizeof *off);
  if (!off)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  b->text_off = off;
  b->cap = cap;
  return DPSS_OK;
}

int dpss_batch_add(dpss_batch *b, const dpss_decision *d) {
  if (!b || !d || !d->evaluated)
    return dpss__fail(DPSS_EINVAL, NULL, "batch or decision NULL, or decision not evaluated");
  int rc = reserve(b, 1);
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
  b->text_off[i] = NO_TEXT;
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

/* Room for len more bytes of text and a NUL. */
static int reserve_text(dpss_batch *b, size_t len) {
  if (len >= SIZE_MAX / 2 - b->text_len)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  size_t need = b->text_len + len + 1;
  if (need <= b->text_cap)
    return DPSS_OK;
  size_t cap = b->text_cap ? b->text_cap : 64 * 1024;
  while (cap < need)
    cap *= 2;
  char *t = dpss__realloc(b->text, cap);
  if (!t)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  b->text = t;
  b->text_cap = cap;
  return DPSS_OK;
}

/* The current record of the reader is bad for a reason recorded as this
 * thread's last error (the recipient's reader or the evaluation): make it
 * the reader's error, placed in the input, as dpss_reader_column() says. */
static int record_bad(dpss_reader *reader) {
  dpss_error e = *dpss_error_last();
  int64_t line = dpss_reader_line(reader), col = dpss_reader_column(reader);
  if (e.line > 0) {
    if (e.line == 1)
      col += e.column - 1;
    line += e.line - 1;
  }
  e.line = clamp_int(line);
  e.column = clamp_int(col);
  reader->err = e;
  dpss__error_set(&reader->err);
  return DPSS_READ_BAD;
}

int dpss_batch_evaluate_reader(dpss_batch *b, dpss_reader *reader, const dpss_policy *policy,
                               dpss_date as_of, size_t max_rows, unsigned flags) {
  if (!b || !reader || !policy || !max_rows || (flags & ~(unsigned)DPSS_BATCH_KEEP_TEXT))
    return dpss__fail(DPSS_EINVAL, NULL,
                      "batch, reader or policy NULL, max_rows 0, or an unknown flag");
  if (!dpss__date_valid(as_of))
    return dpss__fail(DPSS_EDATE, "as_of", "as-of date out of range");
  int rc = b->scratch ? DPSS_OK : dpss_decision_new(&b->scratch);
  /* Room for the rows at once (up to a bound): no copying as the arrays grow. */
  if (!rc)
    rc = reserve(b, max_rows < 65536 ? max_rows : 65536);
  if (rc)
    return rc;
  for (size_t added = 0; added < max_rows; added++) {
    int got = dpss_reader_next(reader);
    if (got != DPSS_READ_RECORD)
      return got; /* the end, a bad record, or fatal */
    const char *text = dpss_reader_text(reader);
    dpss_recipient *r = NULL;
    rc = dpss_recipient_from_json(&r, text);
    if (!rc)
      rc = dpss_evaluate_into(b->scratch, policy, r, as_of);
    dpss_recipient_free(r);
    if (rc == DPSS_ENOMEM)
      return rc;
    if (rc)
      return record_bad(reader);
    size_t len = dpss_reader_length(reader);
    if ((flags & DPSS_BATCH_KEEP_TEXT) && (rc = reserve_text(b, len)))
      return rc;
    if ((rc = dpss_batch_add(b, b->scratch)))
      return rc;
    if (flags & DPSS_BATCH_KEEP_TEXT) {
      memcpy(b->text + b->text_len, text, len);
      b->text[b->text_len + len] = '\0';
      b->text_off[b->n - 1] = b->text_len;
      b->text_len += len + 1;
    }
  }
  return DPSS_READ_RECORD;
}

const char *dpss_batch_text(const dpss_batch *b, size_t row) {
  if (!b || row >= b->n)
    return NULL;
  return b->text_off[row] == NO_TEXT ? "" : b->text + b->text_off[row];
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
