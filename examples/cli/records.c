/* SPDX-License-Identifier: MIT */
/* Reading records for every command that reads them: through the library's
 * record reader (dpss_reader), so that the tool and the bindings share one
 * reading rule (JSON, or CSV with a --map), with progress on stderr. Every record is decided or named on stderr (number, line,
 * id: never a personal value), and the end says how many were read,
 * decided and rejected whenever anything was rejected or lost.
 *
 * The caseload pipeline (evaluate, payments, compare) reads on the main thread
 * while worker threads parse, evaluate and write out batches of records; the
 * batches are printed in input order, so the output is the same whatever
 * the number of threads. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

static struct {
  const char *map;
  enum progress_mode progress;
} input_options;

void input_options_set(const struct command *cmd, const struct args *a) {
  /* audit's --map is for its statement; its recipient is JSON. */
  input_options.map = cmd == &cmd_audit ? NULL : a->value[OPT_MAP];
  input_options.progress = a->value[OPT_PROGRESS] ? PROGRESS_ON
                           : a->value[OPT_QUIET]  ? PROGRESS_OFF
                                                  : PROGRESS_AUTO;
}

/* Give the reader the --map file: 0 or EXIT_USAGE (named). */
static int use_map(dpss_reader *in, const char *map) {
  dpss_mapping *m = NULL;
  int rc = dpss_mapping_from_file(&m, map);
  if (rc == DPSS_OK)
    rc = dpss_reader_set_mapping(in, m);
  dpss_mapping_free(m);
  if (rc == DPSS_OK)
    return 0;
  const dpss_error *e = dpss_error_last();
  if (rc == DPSS_EINVAL)
    fprintf(stderr, "dpss: --map applies to CSV input (a file named *.csv, or --input-format "
                    "csv)\n");
  else
    fprintf(stderr, "dpss: --map %s: %s (%s)\n", map, dpss_error_message(e),
            dpss_status_name(rc));
  return EXIT_USAGE;
}

int open_input(const char *path, dpss_reader_format format, dpss_reader **out) {
  int rc = strcmp(path, "-") == 0
               ? dpss_reader_from_fd(out, STDIN_FILENO, "standard input", format)
               : dpss_reader_open(out, path, format);
  if (rc == DPSS_OK && input_options.map && use_map(*out, input_options.map)) {
    dpss_reader_free(*out);
    *out = NULL;
    return EXIT_USAGE;
  }
  if (rc == DPSS_OK) {
    progress_begin(*out, path, input_options.progress);
    return 0;
  }
  const dpss_error *e = dpss_error_last();
  if (rc == DPSS_EINVAL && strcmp(dpss_error_field(e), "format") == 0)
    fprintf(stderr, "dpss: %s: %s (use --input-format json to read it as JSON)\n", path,
            dpss_error_message(e));
  else
    fprintf(stderr, "dpss: %s (%s)\n", dpss_error_message(e), dpss_status_name(rc));
  return EXIT_USAGE;
}

int open_io(const struct args *a, dpss_reader **in, struct output *out) {
  int rc = open_input(a->pos[0], a->input_format, in);
  return rc ? rc : output_open(out, a->value[OPT_OUTPUT]);
}

/* An id as the library takes it: 1 to 64 printable characters, no spaces.
 * Only such an id is named in a message: a rejected one may hold what a
 * case system put in the wrong field (a name, an address). */
static bool id_namable(const char *id) {
  size_t n = 0;
  for (; id[n]; n++)
    if ((unsigned char)id[n] <= 0x20 || (unsigned char)id[n] >= 0x7f || id[n] == '\\' || n >= 64)
      return false; /* a backslash: an escape read raw from a broken record */
  return n > 0;
}

/* The id of a record, for messages: from the JSON when it parses, else the
 * first "id": "..." in its text. NULL if none. Caller frees. */
static char *record_id(const char *text, size_t len) {
  if (strlen(text) == len) {
    json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
    const char *id = json_string_value(json_object_get(v, "id"));
    char *copy = id ? strdup(id) : NULL;
    json_decref(v);
    if (v)
      return copy;
  }
  for (size_t i = 0; i + 4 <= len; i++) {
    if (memcmp(text + i, "\"id\"", 4) != 0)
      continue;
    size_t k = i + 4;
    while (k < len && (text[k] == ' ' || text[k] == '\t'))
      k++;
    if (k >= len || text[k] != ':')
      continue;
    k++;
    while (k < len && (text[k] == ' ' || text[k] == '\t'))
      k++;
    if (k >= len || text[k] != '"')
      continue;
    size_t start = ++k;
    while (k < len && text[k] != '"' && text[k] != '\0' && text[k] != '\n' && k - start < 80)
      k++;
    char *id = malloc(k - start + 1);
    if (id) {
      memcpy(id, text + start, k - start);
      id[k - start] = '\0';
    }
    return id;
  }
  return NULL;
}

void name_bad_record(struct buf *b, int64_t number, int64_t line, int64_t column,
                     const char *text, size_t len, const dpss_error *err, bool from_reader) {
  struct buf m = {0};
  int code = dpss_error_code(err);
  const char *msg = dpss_error_message(err);
  buf_printf(&m, "dpss: record %lld", (long long)number);
  char *id = text ? record_id(text, len) : NULL;
  if (id && id_namable(id)) {
    buf_puts(&m, " (id ");
    buf_sanitized(&m, id, 64);
    buf_puts(&m, ")");
  }
  free(id);
  int el = dpss_error_line(err), ec = dpss_error_column(err);
  if (!from_reader && el > 0) {
    /* The parser counts from the record's start: say where in the input. */
    long long at_line = line + el - 1, at_col = el == 1 ? column + ec - 1 : ec;
    buf_printf(&m, ", line %lld, column %lld: ", at_line, at_col);
    const char *kind = strncmp(msg, "malformed JSON at line ", 23) == 0 ? strstr(msg, ": ") : NULL;
    if (kind) {
      buf_puts(&m, "malformed JSON");
      buf_puts(&m, kind);
    } else {
      buf_puts(&m, msg);
    }
  } else {
    buf_printf(&m, ", line %lld", (long long)line);
    if (column > 1 && !from_reader)
      buf_printf(&m, ", column %lld", (long long)column);
    buf_puts(&m, ": ");
    buf_puts(&m, msg);
  }
  buf_printf(&m, " (%s)\n", dpss_status_name(code));
  if (!m.oom) {
    if (b) {
      buf_put(b, m.p, m.len);
    } else {
      progress_clear();
      fputs(m.p, stderr);
    }
  }
  buf_free(&m);
}

static void name_fatal(const char *input, const dpss_error *e) {
  progress_clear();
  fprintf(stderr, "dpss: %s (%s); the rest of %s is not read\n", dpss_error_message(e),
          dpss_status_name(dpss_error_code(e)), strcmp(input, "-") ? input : "standard input");
}

void each_recipient(dpss_reader *in, const char *input, record_fn fn, void *ctx, struct tally *t) {
  int got;
  while ((got = dpss_reader_next(in)) > 0) {
    progress_tick();
    t->read++;
    const char *text = dpss_reader_text(in);
    size_t len = dpss_reader_length(in);
    if (got == DPSS_READ_BAD) {
      name_bad_record(NULL, dpss_reader_record(in), dpss_reader_line(in), dpss_reader_column(in),
                      text, len, dpss_reader_error(in), true);
      t->rejected++;
      continue;
    }
    dpss_recipient *r = NULL;
    if (dpss_recipient_from_json(&r, text) != DPSS_OK || fn(ctx, r) != DPSS_OK) {
      name_bad_record(NULL, dpss_reader_record(in), dpss_reader_line(in), dpss_reader_column(in),
                      text, len, dpss_error_last(), false);
      t->rejected++;
    } else {
      t->decided++;
    }
    dpss_recipient_free(r);
  }
  progress_end();
  if (got < 0) {
    name_fatal(input, dpss_reader_error(in));
    t->unreadable = true;
  }
}

int tally_finish(const char *input, const struct tally *t) {
  (void)input;
  progress_clear();
  if (t->rejected || t->unreadable)
    fprintf(stderr, "dpss: %lld records read: %lld decided, %lld rejected\n", (long long)t->read,
            (long long)t->decided, (long long)t->rejected);
  return t->unreadable ? EXIT_USAGE : t->rejected ? EXIT_REJECTED : EXIT_OK;
}

/* ------------------------------------------------------------- pipeline */

#define BATCH 512

struct item {
  size_t off, len; /* the text in the batch's texts; a bad item's message line */
  int64_t number, line, column;
  bool bad;
};

struct batch {
  struct buf texts;
  struct item *items;
  size_t n;
  struct buf out, err;
  int64_t decided, rejected;
  bool done;
};

struct pipe {
  const struct pipeline *p;
  struct batch *ring;
  size_t n_ring;
  pthread_mutex_t lock;
  pthread_cond_t work, done;
  uint64_t filled, taken;
  bool finished;
};

struct worker {
  struct pipe *pp;
  pthread_t thread;
  dpss_decision *decision;
  dpss_summary *summary;
  dpss_totals *totals;
  /* compare: the decision under the alternative, and this thread's counts */
  dpss_decision *alt;
  dpss_comparison *comparison;
  bool failed; /* out of memory writing output */
};

static const struct csv_table *csv_table_of(enum pipeline_kind kind) {
  return kind == PIPE_EVALUATE ? &csv_decisions
         : kind == PIPE_COMPARE ? &csv_comparisons
                                : &csv_schedules;
}

static void process_item(struct worker *w, struct batch *b, const struct item *it) {
  const struct pipeline *p = w->pp->p;
  const char *text = b->texts.p + it->off;
  if (it->bad) {
    buf_put(&b->err, text, it->len);
    b->rejected++;
    if (w->summary)
      dpss_summary_add_rejected(w->summary);
    if (w->comparison)
      dpss_comparison_add_rejected(w->comparison);
    return;
  }
  dpss_recipient *r = NULL;
  dpss_schedule *sched = NULL;
  char *json = NULL;
  int rc = dpss_recipient_from_json(&r, text);
  if (p->kind == PIPE_EVALUATE) {
    if (!rc)
      rc = dpss_evaluate_into(w->decision, p->policy, r, p->as_of);
    if (!rc)
      rc = w->summary ? dpss_summary_add(w->summary, w->decision)
                      : dpss_decision_to_json(w->decision, &json);
  } else if (p->kind == PIPE_COMPARE) {
    if (!rc)
      rc = compare_record(p, w->decision, w->alt, w->comparison, r, &json);
  } else {
    if (!rc)
      rc = dpss_schedule_build(&sched, p->policy, r, p->from, p->to);
    if (!rc)
      rc = w->totals ? dpss_totals_add(w->totals, sched) : dpss_schedule_to_json(sched, &json);
  }
  if (rc) {
    name_bad_record(&b->err, it->number, it->line, it->column, text, it->len, dpss_error_last(),
                    false);
    b->rejected++;
    if (w->summary)
      dpss_summary_add_rejected(w->summary);
    if (w->comparison)
      dpss_comparison_add_rejected(w->comparison);
  } else {
    b->decided++;
    if (json && p->format == FMT_CSV) {
      if (csv_rows(&b->out, csv_table_of(p->kind), json) < 0)
        w->failed = true;
    } else if (json) {
      size_t n = strlen(json);
      json[n] = '\n'; /* the NUL becomes the line end */
      buf_put(&b->out, json, n + 1);
    }
  }
  dpss_free(json);
  dpss_schedule_free(sched);
  dpss_recipient_free(r);
}

static void process_batch(struct worker *w, struct batch *b) {
  for (size_t i = 0; i < b->n; i++)
    process_item(w, b, &b->items[i]);
  if (b->out.oom || b->err.oom)
    w->failed = true;
}

static void *worker_main(void *arg) {
  struct worker *w = arg;
  struct pipe *pp = w->pp;
  pthread_mutex_lock(&pp->lock);
  for (;;) {
    while (pp->taken >= pp->filled && !pp->finished)
      pthread_cond_wait(&pp->work, &pp->lock);
    if (pp->taken >= pp->filled)
      break;
    uint64_t k = pp->taken++;
    pthread_mutex_unlock(&pp->lock);
    struct batch *b = &pp->ring[k % pp->n_ring];
    process_batch(w, b);
    pthread_mutex_lock(&pp->lock);
    b->done = true;
    pthread_cond_broadcast(&pp->done);
  }
  pthread_mutex_unlock(&pp->lock);
  return NULL;
}

/* Add the reader's current record (good or bad) to a batch. */
static bool batch_add(struct batch *b, dpss_reader *in, int got) {
  if (!b->items && !(b->items = malloc(BATCH * sizeof *b->items)))
    return false;
  struct item *it = &b->items[b->n];
  const char *text = dpss_reader_text(in);
  it->number = dpss_reader_record(in);
  it->line = dpss_reader_line(in);
  it->column = dpss_reader_column(in);
  it->bad = got == DPSS_READ_BAD;
  it->off = b->texts.len;
  if (it->bad) {
    name_bad_record(&b->texts, it->number, it->line, it->column, text, dpss_reader_length(in),
                    dpss_reader_error(in), true);
    it->len = b->texts.len - it->off;
    buf_put(&b->texts, "", 1);
  } else {
    it->len = dpss_reader_length(in);
    buf_put(&b->texts, text, it->len + 1);
  }
  b->n++;
  return !b->texts.oom;
}

static void batch_reset(struct batch *b) {
  b->n = 0;
  b->texts.len = b->out.len = b->err.len = 0;
  b->decided = b->rejected = 0;
  b->done = false;
}

static void wait_done(struct pipe *pp, struct batch *b) {
  pthread_mutex_lock(&pp->lock);
  while (!b->done)
    pthread_cond_wait(&pp->done, &pp->lock);
  pthread_mutex_unlock(&pp->lock);
}

static void print_batch(struct batch *b, struct output *out, struct tally *t) {
  output_write(out, b->out.p, b->out.len);
  if (b->err.len) {
    progress_clear();
    fwrite(b->err.p, 1, b->err.len, stderr);
  }
  t->read += (int64_t)b->n;
  t->decided += b->decided;
  t->rejected += b->rejected;
}

static int default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

/* Write the summary or totals (merged across workers). Returns EXIT_OK or
 * EXIT_REJECTED when a total is out of range. */
/* A summary made under what-if overrides says which: " with overrides {...}". */
static void policy_overrides_text(struct output *out, const dpss_policy *policy) {
  char *json = NULL;
  if (dpss_policy_overrides_json(policy, &json) == DPSS_OK && strcmp(json, "{}") != 0)
    output_printf(out, " with overrides %s", json);
  dpss_free(json);
}

static int write_summary(const struct pipeline *p, struct worker *workers, int jobs,
                         struct output *out) {
  char *text = NULL;
  int rc = EXIT_OK;
  if (p->kind == PIPE_COMPARE) {
    for (int k = 1; k < jobs; k++)
      if (dpss_comparison_merge(workers[0].comparison, workers[k].comparison) != DPSS_OK) {
        report_error("comparison");
        return EXIT_USAGE;
      }
    return compare_summary(p, workers[0].comparison, out);
  }
  if (p->kind == PIPE_EVALUATE) {
    for (int k = 1; k < jobs; k++)
      dpss_summary_merge(workers[0].summary, workers[k].summary);
    if (dpss_summary_out_of_range(workers[0].summary)) {
      fprintf(stderr, "dpss: the total to reclaim is too large to add up (past "
                      "£92,233,720,368,547,758.07): the summary gives it as out of range\n");
      rc = EXIT_REJECTED;
    }
    if (p->format == FMT_JSON) {
      if (dpss_summary_to_json(workers[0].summary, &text) == DPSS_OK)
        output_printf(out, "%s\n", text);
    } else {
      char date[DPSS_DATE_BUFSIZE];
      dpss_date_format(date, sizeof date, p->as_of);
      output_printf(out, "Policy %s (version %s)", dpss_policy_id(p->policy),
                    dpss_policy_version(p->policy));
      policy_overrides_text(out, p->policy);
      output_printf(out, ", as of %s\n", date);
      if (dpss_summary_to_text(workers[0].summary, &text) == DPSS_OK)
        output_puts(out, text);
    }
  } else {
    for (int k = 1; k < jobs; k++)
      dpss_totals_merge(workers[0].totals, workers[k].totals);
    if (dpss_totals_out_of_range(workers[0].totals)) {
      fprintf(stderr, "dpss: some totals are too large to add up (past "
                      "£92,233,720,368,547,758.07): they are given as out of range\n");
      rc = EXIT_REJECTED;
    }
    if (p->format == FMT_JSON) {
      if (dpss_totals_to_json(workers[0].totals, &text) == DPSS_OK)
        output_printf(out, "%s\n", text);
    } else {
      output_printf(out, "Policy %s (version %s)", dpss_policy_id(p->policy),
                    dpss_policy_version(p->policy));
      policy_overrides_text(out, p->policy);
      output_puts(out, "\n");
      if (dpss_totals_to_text(workers[0].totals, &text) == DPSS_OK)
        output_puts(out, text);
    }
  }
  if (!text) {
    report_error("summary");
    rc = EXIT_USAGE;
  }
  dpss_free(text);
  return rc;
}

int pipeline_run(const struct pipeline *p, dpss_reader *in, const char *input, struct output *out) {
  int jobs = p->jobs > 0 ? p->jobs : default_jobs();
  struct worker workers[MAX_JOBS];
  memset(workers, 0, sizeof workers);
  struct pipe pp = {0};
  pp.p = p;
  pp.n_ring = (size_t)jobs * 4;
  pp.ring = calloc(pp.n_ring, sizeof *pp.ring);
  pthread_mutex_init(&pp.lock, NULL);
  pthread_cond_init(&pp.work, NULL);
  pthread_cond_init(&pp.done, NULL);
  struct tally t = {0};
  bool oom = !pp.ring;
  for (int k = 0; k < jobs && !oom; k++) {
    workers[k].pp = &pp;
    oom = dpss_decision_new(&workers[k].decision) != DPSS_OK ||
          (p->summary && p->kind == PIPE_EVALUATE && dpss_summary_new(&workers[k].summary)) ||
          (p->summary && p->kind == PIPE_PAYMENTS &&
           dpss_totals_new(&workers[k].totals, p->from, p->to)) ||
          (p->kind == PIPE_COMPARE &&
           (dpss_decision_new(&workers[k].alt) ||
            dpss_comparison_new(&workers[k].comparison, p->policy, p->alternative)));
  }
  int started = 0;
  for (int k = 0; k < jobs && !oom; k++)
    if (pthread_create(&workers[k].thread, NULL, worker_main, &workers[k]) == 0)
      started = k + 1;
    else
      break;
  if (!oom && p->format == FMT_CSV && !p->summary) {
    struct buf h = {0};
    csv_header(&h, csv_table_of(p->kind));
    output_write(out, h.p, h.len);
    buf_free(&h);
  }
  uint64_t filled = 0, printed = 0;
  bool more = !oom;
  int got = DPSS_READ_END;
  while (more) {
    while (filled - printed >= pp.n_ring) {
      struct batch *old = &pp.ring[printed++ % pp.n_ring];
      wait_done(&pp, old);
      print_batch(old, out, &t);
    }
    struct batch *b = &pp.ring[filled % pp.n_ring];
    batch_reset(b);
    while (b->n < BATCH) {
      got = dpss_reader_next(in);
      progress_tick();
      if (got <= 0) {
        more = false;
        break;
      }
      if (!batch_add(b, in, got)) {
        oom = true;
        more = false;
        break;
      }
    }
    if (out->failed)
      more = false;
    if (b->n == 0)
      break;
    if (started == 0) {
      process_batch(&workers[0], b);
      b->done = true;
      filled++;
    } else {
      pthread_mutex_lock(&pp.lock);
      pp.filled = ++filled;
      pthread_cond_signal(&pp.work);
      pthread_mutex_unlock(&pp.lock);
    }
    /* Print what is done, in order, without waiting. */
    for (;;) {
      pthread_mutex_lock(&pp.lock);
      bool ready = printed < filled && pp.ring[printed % pp.n_ring].done;
      pthread_mutex_unlock(&pp.lock);
      if (!ready)
        break;
      print_batch(&pp.ring[printed++ % pp.n_ring], out, &t);
    }
  }
  pthread_mutex_lock(&pp.lock);
  pp.finished = true;
  pthread_cond_broadcast(&pp.work);
  pthread_mutex_unlock(&pp.lock);
  while (printed < filled) {
    struct batch *b = &pp.ring[printed++ % pp.n_ring];
    wait_done(&pp, b);
    print_batch(b, out, &t);
  }
  for (int k = 0; k < started; k++)
    pthread_join(workers[k].thread, NULL);
  progress_end();
  if (got < 0) {
    name_fatal(input, dpss_reader_error(in));
    t.unreadable = true;
  }
  bool failed = oom;
  for (int k = 0; k < jobs; k++)
    failed |= workers[k].failed;
  int status;
  if (failed) {
    fprintf(stderr, "dpss: out of memory\n");
    status = EXIT_USAGE;
  } else {
    status = p->summary ? write_summary(p, workers, jobs, out) : EXIT_OK;
  }
  status = WORST(status, tally_finish(input, &t));
  for (int k = 0; k < jobs; k++) {
    dpss_summary_free(workers[k].summary);
    dpss_totals_free(workers[k].totals);
    dpss_decision_free(workers[k].decision);
    dpss_decision_free(workers[k].alt);
    dpss_comparison_free(workers[k].comparison);
  }
  for (size_t k = 0; pp.ring && k < pp.n_ring; k++) {
    buf_free(&pp.ring[k].texts);
    buf_free(&pp.ring[k].out);
    buf_free(&pp.ring[k].err);
    free(pp.ring[k].items);
  }
  free(pp.ring);
  pthread_cond_destroy(&pp.work);
  pthread_cond_destroy(&pp.done);
  pthread_mutex_destroy(&pp.lock);
  return status;
}

int pipeline_command(const struct args *a, struct pipeline *p) {
  dpss_policy *base = NULL, *alt = NULL;
  dpss_reader *in = NULL;
  struct output out = {0};
  int rc = load_policy(a, &base, &p->as_of);
  if (!rc && p->kind == PIPE_COMPARE)
    rc = load_alternative(a, base, &alt);
  if (!rc)
    rc = open_io(a, &in, &out);
  if (!rc) {
    p->policy = base;
    p->alternative = alt;
    p->jobs = a->jobs;
    rc = pipeline_run(p, in, a->pos[0], &out);
    rc = WORST(rc, output_close(&out));
  }
  p->policy = p->alternative = NULL;
  dpss_reader_free(in);
  dpss_policy_free(alt);
  dpss_policy_free(base);
  return rc;
}
