/* SPDX-License-Identifier: MIT */
/* Decisions as columns (dpss/batch.h): what bindings need to hand thousands
 * of decisions to a scripting language without a call per field.
 *
 * dpss_batch_evaluate_reader() works in two phases: the calling thread reads
 * the records (the reader is not thread-safe, and reading is the cheap part),
 * copying each record's text into the batch; then the records are parsed and
 * evaluated, each into its own row, by the calling thread and up to jobs - 1
 * more, each taking a contiguous run of rows. A row is written by one thread
 * only, so the threads share nothing but the policy, which evaluation only
 * reads. The rows come out in input order whatever the number of threads. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decision_internal.h"

/* No text for a row: its offset in text_off. */
#define NO_TEXT SIZE_MAX
/* Rows a thread is worth starting for. */
#define ROWS_PER_JOB 256
#define MAX_JOBS 64

struct dpss_batch {
  size_t n, cap;
  int64_t *col[DPSS_COLUMN_COUNT];
  char (*id)[DPSS_ID_MAX + 1];
  dpss_decision *scratch; /* for dpss_batch_evaluate */
  /* Record texts: row i's is text + text_off[i], NUL-terminated, or none
   * (NO_TEXT). */
  size_t *text_off;
  char *text;
  size_t text_len, text_cap;
  /* Rows read from a reader: the record's number and where it starts. */
  int64_t *record, *line, *column;
  /* Bad rows: the status code (0 for a decision) and the error, or NULL
   * when there was no memory to keep it (then it is "out of memory"). */
  int *code;
  dpss_error **err;
  size_t n_bad;
};

static const char *const names[DPSS_COLUMN_COUNT] = {
    "as_of", "eligibility.status", "eligibility.via", "eligibility.household_family_payment",
    "money.method", "money.recommended_method", "money.accredited_provider_required",
    "money.single_provider_for_all_funding", "tier.tier", "tier.ends", "surplus.weekly_pence",
    "surplus.threshold_pence", "surplus.available_pence", "surplus.excess_pence",
    "surplus.reclaim", "surplus.review", "surplus.recover_from", "escalations.open",
    "escalations.care_manager_review", "review_due", "audit_due", "extra_review"};

/* A bad row's values: what the JSON of a decision would have as null. */
static const int64_t null_row[DPSS_COLUMN_COUNT] = {
    DPSS_DATE_NONE, -1, -1, -1, -1, -1, -1, 0, -1, DPSS_DATE_NONE, DPSS_PENCE_NONE,
    DPSS_PENCE_NONE, DPSS_PENCE_NONE, DPSS_PENCE_NONE, -1, -1, DPSS_DATE_NONE, 0, 0,
    DPSS_DATE_NONE, DPSS_DATE_NONE, 0};

static const dpss_error no_memory = {DPSS_ENOMEM, 0, 0, "out of memory", ""};

int dpss_batch_new(dpss_batch **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = dpss__calloc(1, sizeof **out);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

static void drop_errors(dpss_batch *b) {
  for (size_t i = 0; i < b->n; i++)
    if (b->code[i]) {
      free(b->err[i]);
      b->err[i] = NULL;
      b->code[i] = 0;
    }
  b->n_bad = 0;
}

void dpss_batch_free(dpss_batch *b) {
  if (!b)
    return;
  drop_errors(b);
  for (int c = 0; c < DPSS_COLUMN_COUNT; c++)
    free(b->col[c]);
  free(b->id);
  free(b->text_off);
  free(b->text);
  free(b->record);
  free(b->line);
  free(b->column);
  free(b->code);
  free(b->err);
  dpss_decision_free(b->scratch);
  free(b);
}

void dpss_batch_clear(dpss_batch *b) {
  if (!b)
    return;
  drop_errors(b);
  b->n = b->text_len = 0;
}

/* Grow one per-row array to cap elements. */
#define GROW_ROWS(array, cap)                                      \
  do {                                                             \
    void *grown_ = dpss__realloc((array), (cap) * sizeof *(array)); \
    if (!grown_)                                                   \
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");       \
    (array) = grown_;                                              \
  } while (0)

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
  for (int c = 0; c < DPSS_COLUMN_COUNT; c++)
    GROW_ROWS(b->col[c], cap);
  GROW_ROWS(b->id, cap);
  GROW_ROWS(b->text_off, cap);
  GROW_ROWS(b->record, cap);
  GROW_ROWS(b->line, cap);
  GROW_ROWS(b->column, cap);
  GROW_ROWS(b->code, cap);
  GROW_ROWS(b->err, cap);
  b->cap = cap;
  return DPSS_OK;
}

/* Row i's values from an evaluated decision. */
static void put_row(dpss_batch *b, size_t i, const dpss_decision *d) {
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
}

/* Row i is bad: null values, and the error (a copy), placed in the input. */
static void put_bad(dpss_batch *b, size_t i, const dpss_error *e, bool place) {
  for (int c = 0; c < DPSS_COLUMN_COUNT; c++)
    b->col[c][i] = null_row[c];
  b->id[i][0] = '\0';
  b->code[i] = e->code ? e->code : DPSS_EINVAL;
  b->err[i] = dpss__malloc(sizeof *b->err[i]);
  if (!b->err[i])
    return;
  *b->err[i] = *e;
  if (place) {
    /* A position in the record's text becomes one in the input, as
     * dpss_reader_column() says; none: where the record starts. */
    int64_t line = b->line[i], col = b->column[i];
    if (e->line > 0) {
      /* On the record's first line columns count from where it starts; on
       * a later line they are the input's own. */
      col = e->line == 1 ? col + e->column - 1 : e->column;
      line += e->line - 1;
    }
    b->err[i]->line = line > INT32_MAX ? INT32_MAX : (int)line;
    b->err[i]->column = col > INT32_MAX ? INT32_MAX : (int)col;
  }
}

int dpss_batch_add(dpss_batch *b, const dpss_decision *d) {
  if (!b || !d || !d->evaluated)
    return dpss__fail(DPSS_EINVAL, NULL, "batch or decision NULL, or decision not evaluated");
  int rc = reserve(b, 1);
  if (rc)
    return rc;
  size_t i = b->n;
  put_row(b, i, d);
  b->text_off[i] = NO_TEXT;
  b->record[i] = b->line[i] = b->column[i] = 0;
  b->code[i] = 0;
  b->err[i] = NULL;
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

/* One thread's run of rows to parse and evaluate. */
struct job {
  dpss_batch *b;
  size_t from, to;
  const dpss_policy *policy;
  dpss_date as_of;
  pthread_t thread;
};

static void *run_job(void *arg) {
  struct job *j = arg;
  dpss_batch *b = j->b;
  dpss_decision *d = NULL;
  bool have = dpss_decision_new(&d) == DPSS_OK;
  for (size_t i = j->from; i < j->to; i++) {
    if (b->code[i])
      continue; /* bad as read */
    dpss_recipient *r = NULL;
    int rc = have ? dpss_recipient_from_json(&r, b->text + b->text_off[i]) : DPSS_ENOMEM;
    if (!rc)
      rc = dpss_evaluate_into(d, j->policy, r, j->as_of);
    dpss_recipient_free(r);
    if (rc)
      put_bad(b, i, have ? dpss_error_last() : &no_memory, have);
    else
      put_row(b, i, d);
  }
  dpss_decision_free(d);
  return NULL;
}

static int job_count(int jobs, size_t rows) {
  if (jobs == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
  }
  size_t most = rows / ROWS_PER_JOB + 1;
  return (size_t)jobs < most ? jobs : (int)most;
}

/* Parse and evaluate rows [from, to) on up to jobs threads (this one too). */
static void evaluate_rows(dpss_batch *b, size_t from, size_t to, const dpss_policy *policy,
                          dpss_date as_of, int jobs) {
  struct job job[MAX_JOBS];
  int n = job_count(jobs, to - from);
  size_t per = (to - from + (size_t)n - 1) / (size_t)n;
  for (int k = 0; k < n; k++) {
    size_t a = from + per * (size_t)k, z = a + per;
    job[k] = (struct job){b, a < to ? a : to, z < to ? z : to, policy, as_of, 0};
  }
  bool started[MAX_JOBS] = {false};
  for (int k = 1; k < n; k++)
    started[k] = pthread_create(&job[k].thread, NULL, run_job, &job[k]) == 0;
  run_job(&job[0]);
  for (int k = 1; k < n; k++) {
    if (started[k])
      pthread_join(job[k].thread, NULL);
    else
      run_job(&job[k]); /* no thread to be had: here, then */
  }
}

int dpss_batch_evaluate_reader(dpss_batch *b, dpss_reader *reader, const dpss_policy *policy,
                               dpss_date as_of, size_t max_records, unsigned flags, int jobs) {
  if (!b || !reader || !policy || !max_records || (flags & ~(unsigned)DPSS_BATCH_KEEP_TEXT) ||
      jobs < 0 || jobs > MAX_JOBS)
    return dpss__fail(DPSS_EINVAL, NULL,
                      "batch, reader or policy NULL, max_records 0, an unknown flag, or jobs "
                      "not 0 to 64");
  if (!dpss__date_valid(as_of))
    return dpss__fail(DPSS_EDATE, "as_of", "as-of date out of range");
  /* Room for the rows at once (up to a bound): no copying as the arrays grow. */
  int rc = reserve(b, max_records < 65536 ? max_records : 65536);
  if (rc)
    return rc;
  size_t first = b->n, text_start = b->text_len;
  int result = DPSS_READ_RECORD;
  dpss_error fatal = {0};
  /* Read: each record's text into the batch, a bad one as a bad row. */
  while (b->n - first < max_records) {
    int got = dpss_reader_next(reader);
    if (got == DPSS_READ_END) {
      result = DPSS_READ_END;
      break;
    }
    size_t len = dpss_reader_length(reader);
    if (got >= 0 && (reserve(b, 1) || reserve_text(b, len)))
      got = DPSS_ENOMEM; /* this record is lost; the rows before it are kept */
    if (got < 0) {
      fatal = *dpss_error_last();
      result = got;
      break;
    }
    size_t i = b->n++;
    b->record[i] = dpss_reader_record(reader);
    b->line[i] = dpss_reader_line(reader);
    b->column[i] = dpss_reader_column(reader);
    b->code[i] = 0;
    b->err[i] = NULL;
    b->text_off[i] = b->text_len;
    memcpy(b->text + b->text_len, dpss_reader_text(reader), len);
    b->text[b->text_len + len] = '\0';
    b->text_len += len + 1;
    if (got == DPSS_READ_BAD)
      put_bad(b, i, dpss_reader_error(reader), false);
  }
  /* Parse and evaluate. */
  evaluate_rows(b, first, b->n, policy, as_of, jobs);
  for (size_t i = first; i < b->n; i++)
    b->n_bad += b->code[i] != 0;
  if (!(flags & DPSS_BATCH_KEEP_TEXT)) {
    for (size_t i = first; i < b->n; i++)
      b->text_off[i] = NO_TEXT;
    b->text_len = text_start;
  }
  if (result < 0)
    dpss__error_set(&fatal);
  return result;
}

const char *dpss_batch_text(const dpss_batch *b, size_t row) {
  if (!b || row >= b->n)
    return NULL;
  return b->text_off[row] == NO_TEXT ? "" : b->text + b->text_off[row];
}

size_t dpss_batch_bad_count(const dpss_batch *b) { return b ? b->n_bad : 0; }

const dpss_error *dpss_batch_error(const dpss_batch *b, size_t row) {
  if (!b || row >= b->n || !b->code[row])
    return NULL;
  return b->err[row] ? b->err[row] : &no_memory;
}

int64_t dpss_batch_record(const dpss_batch *b, size_t row) {
  return b && row < b->n ? b->record[row] : 0;
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
