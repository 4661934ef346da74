/* SPDX-License-Identifier: MIT */
/* The record reader (dpss_reader): nothing lost, whatever the input.
 *
 * - Read from memory and read through a callback that hands out the bytes in
 *   small pieces (sizes from the input), a reader gives the same answers:
 *   the same results, texts, record numbers, lines, columns and errors.
 * - Record numbers count 1, 2, 3... over good and bad records alike; a
 *   record's text holds no NUL byte and dpss_reader_length() is its length.
 * - An input whose every line is blank or one JSON object (jansson's
 *   reading) gives exactly those objects, in order, and no bad record; an
 *   input that is one JSON array of objects gives its elements.
 * - With one allocation failing (chosen from the input), the reader gives
 *   the same answers up to the failure, then ENOMEM, and ENOMEM again.
 */
#include "fuzz.h"

#include <limits.h>

typedef struct answer {
  int got;
  char *text;
  int64_t record, line, column;
  int code;
} answer;

typedef struct answers {
  answer *v;
  size_t n, cap;
  int end; /* the last dpss_reader_next() result: 0 or a negative code */
} answers;

static void answers_free(answers *a) {
  for (size_t i = 0; i < a->n; i++)
    free(a->v[i].text);
  free(a->v);
}

/* Every answer of a reader until the end or a fatal error (at most 100000). */
static void read_all(dpss_reader *r, answers *a) {
  memset(a, 0, sizeof *a);
  int64_t expect = 0;
  for (;;) {
    int got = dpss_reader_next(r);
    if (got <= 0) {
      a->end = got;
      if (got < 0) {
        FUZZ_CHECK(dpss_reader_next(r) == got, "a fatal error did not stay");
        FUZZ_CHECK(dpss_error_code(dpss_reader_error(r)) == got,
                   "the reader's error is not the fatal code");
      }
      return;
    }
    FUZZ_CHECK(got == DPSS_READ_RECORD || got == DPSS_READ_BAD, "dpss_reader_next gave %d", got);
    FUZZ_CHECK(dpss_reader_record(r) == ++expect, "record %lld after %lld",
               (long long)dpss_reader_record(r), (long long)expect - 1);
    if (a->n == a->cap) {
      a->cap = a->cap ? 2 * a->cap : 16;
      a->v = realloc(a->v, a->cap * sizeof *a->v);
      if (!a->v)
        abort();
    }
    answer *x = &a->v[a->n++];
    x->got = got;
    x->record = dpss_reader_record(r);
    x->line = dpss_reader_line(r);
    x->column = dpss_reader_column(r);
    x->code = 0;
    x->text = NULL;
    if (got == DPSS_READ_RECORD) {
      const char *t = dpss_reader_text(r);
      FUZZ_CHECK(t != NULL, "a record without text");
      FUZZ_CHECK(strlen(t) == dpss_reader_length(r), "record %lld: length %zu, text %zu",
                 (long long)x->record, dpss_reader_length(r), strlen(t));
      x->text = strdup(t);
      if (!x->text)
        abort();
    } else {
      const dpss_error *e = dpss_reader_error(r);
      x->code = dpss_error_code(e);
      FUZZ_CHECK(x->code < 0, "a bad record without an error code");
      FUZZ_CHECK(dpss_error_message(e)[0] != '\0', "a bad record without a message");
    }
  }
}

static void same(const answers *a, const answers *b, size_t upto, const char *how) {
  for (size_t i = 0; i < upto; i++) {
    const answer *x = &a->v[i], *y = &b->v[i];
    FUZZ_CHECK(x->got == y->got && x->record == y->record && x->line == y->line &&
                   x->column == y->column && x->code == y->code,
               "%s: answer %zu differs (%d %lld:%lld %d against %d %lld:%lld %d)", how, i,
               x->got, (long long)x->line, (long long)x->column, x->code, y->got,
               (long long)y->line, (long long)y->column, y->code);
    FUZZ_CHECK((x->text == NULL) == (y->text == NULL) &&
                   (x->text == NULL || strcmp(x->text, y->text) == 0),
               "%s: record %zu's text differs", how, i);
  }
}

typedef struct pieces {
  const uint8_t *data;
  size_t size, at;
  uint8_t seed;
} pieces;

static long give(void *payload, char *buffer, size_t size) {
  pieces *p = payload;
  if (p->at == p->size)
    return 0;
  size_t n = 1 + (size_t)((p->seed + p->at * 7) % 13);
  if (n > size)
    n = size;
  if (n > p->size - p->at)
    n = p->size - p->at;
  memcpy(buffer, p->data + p->at, n);
  p->at += n;
  return (long)n;
}

/* The objects the reader must hand out, if jansson reads the whole input as
 * blank lines and one object a line, or as one array of objects; NULL if the
 * input is not such a plain case. */
static json_t *plain_objects(const uint8_t *data, size_t size) {
  if (memchr(data, '\0', size) || memchr(data, '\r', size))
    return NULL;
  if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
    return NULL;
  json_error_t e;
  json_t *all = json_loadb((const char *)data, size, 0, &e);
  if (json_is_array(all)) {
    size_t i;
    json_t *v;
    json_array_foreach(all, i, v) if (!json_is_object(v)) {
      json_decref(all);
      return NULL;
    }
    return all;
  }
  json_decref(all);
  json_t *objects = json_array();
  size_t start = 0;
  while (start < size) {
    const uint8_t *nl = memchr(data + start, '\n', size - start);
    size_t end = nl ? (size_t)(nl - data) : size;
    size_t k = start;
    while (k < end && (data[k] == ' ' || data[k] == '\t'))
      k++;
    if (k < end) {
      json_t *v = json_loadb((const char *)data + start, end - start, 0, &e);
      if (!json_is_object(v)) {
        json_decref(v);
        json_decref(objects);
        return NULL;
      }
      json_array_append_new(objects, v);
    }
    start = end + 1;
  }
  return objects;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dpss_reader *r = NULL;
  answers mem, cb;
  MUST(dpss_reader_from_memory(&r, (const char *)data, size, "fuzz", DPSS_READER_JSON));
  read_all(r, &mem);
  dpss_reader_free(r);
  FUZZ_CHECK(mem.end == DPSS_READ_END, "a memory reader failed: %s",
             dpss_status_name(mem.end));

  pieces p = {data, size, 0, size ? data[0] : 0};
  r = NULL;
  MUST(dpss_reader_from_callback(&r, give, &p, "fuzz", DPSS_READER_JSON));
  read_all(r, &cb);
  dpss_reader_free(r);
  FUZZ_CHECK(cb.end == DPSS_READ_END && cb.n == mem.n,
             "read in pieces: %zu answers (%s), from memory %zu", cb.n,
             dpss_status_name(cb.end), mem.n);
  same(&mem, &cb, mem.n, "read in pieces");

  json_t *objects = plain_objects(data, size);
  if (objects) {
    FUZZ_CHECK(json_array_size(objects) == mem.n, "%zu objects in the input, %zu answers",
               json_array_size(objects), mem.n);
    for (size_t i = 0; i < mem.n; i++) {
      FUZZ_CHECK(mem.v[i].got == DPSS_READ_RECORD, "object %zu reported bad", i + 1);
      json_error_t e;
      json_t *v = json_loads(mem.v[i].text, 0, &e);
      FUZZ_CHECK(json_equal(v, json_array_get(objects, i)), "record %zu is not object %zu",
                 i + 1, i + 1);
      json_decref(v);
    }
    json_decref(objects);
  }

  /* One allocation failing, then every later one too. */
  dpss__fault_set(LONG_MAX, 0);
  r = NULL;
  answers counted;
  MUST(dpss_reader_from_memory(&r, (const char *)data, size, "fuzz", DPSS_READER_JSON));
  read_all(r, &counted);
  dpss_reader_free(r);
  long n = dpss__fault_count();
  dpss__fault_set(0, 0);
  answers_free(&counted);
  long k = fuzz_pick(data, size, n);
  for (int sticky = 0; sticky <= 1 && n > 0; sticky++) {
    answers failed;
    r = NULL;
    dpss__fault_set(k, sticky);
    int rc = dpss_reader_from_memory(&r, (const char *)data, size, "fuzz", DPSS_READER_JSON);
    if (rc == DPSS_OK) {
      read_all(r, &failed);
      dpss_reader_free(r);
    }
    dpss__fault_set(0, 0);
    if (rc != DPSS_OK) {
      fuzz_failed("dpss_reader_from_memory", rc, r);
      FUZZ_CHECK(rc == DPSS_ENOMEM, "allocation %ld failing: %s", k, dpss_status_name(rc));
      continue;
    }
    FUZZ_CHECK(failed.n <= mem.n, "allocation %ld failing: more answers", k);
    same(&mem, &failed, failed.n, "an allocation failing");
    FUZZ_CHECK(failed.end == DPSS_ENOMEM || (failed.end == DPSS_READ_END && failed.n == mem.n),
               "allocation %ld of %ld failing: %s after %zu of %zu answers", k, n,
               dpss_status_name(failed.end), failed.n, mem.n);
    answers_free(&failed);
  }
  answers_free(&mem);
  answers_free(&cb);
  return 0;
}
