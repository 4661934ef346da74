/* SPDX-License-Identifier: MIT */
/* CSV output (RFC 4180: a header line, CRLF line ends, a field quoted when
 * it holds a comma, a quote or a line end, quotes doubled). Rows are made
 * from the JSON the library writes, so a column holds exactly what the JSON
 * field of the same name holds: the column names are the fields' paths
 * (surplus.excess_pence), money stays integer pence, dates stay YYYY-MM-DD,
 * unknown (null) is an empty field, a list is its items separated by
 * spaces. These names are stable: columns are only ever added at the end. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

#define COL(h, k, p, s) {h, k, p, s}
#define V(p) COL(p, CSV_VALUE, p, NULL)

static const struct csv_column decision_columns[] = {
    V("id"),
    V("as_of"),
    V("eligibility.status"),
    V("eligibility.via"),
    V("eligibility.missing"),
    V("eligibility.household_family_payment"),
    V("money.method"),
    V("money.recommended_method"),
    V("money.accredited_provider_required"),
    V("tier.tier"),
    V("tier.ends"),
    V("surplus.weekly_pence"),
    V("surplus.threshold_pence"),
    V("surplus.available_pence"),
    V("surplus.excess_pence"),
    V("surplus.reclaim"),
    V("surplus.review"),
    COL("escalations", CSV_COUNT, "escalations", NULL),
    V("review_due"),
    V("audit_due"),
    V("extra_review"),
    COL("rules", CSV_UNIQUE, "trace", "rule"),
    V("policy.id"),
    V("policy.version"),
    V("surplus.recover_from"),
    V("policy.overrides"),
};
const struct csv_table csv_decisions = {decision_columns, ARRAY_LEN(decision_columns),
                                        {NULL, NULL}, {NULL, NULL}};

static const struct csv_column schedule_columns[] = {
    COL("id", CSV_PARENT, "id", NULL),
    COL("kind", CSV_LABEL, NULL, NULL),
    V("date"),
    V("days"),
    V("pence"),
    COL("social_care", CSV_VALUE, "streams.social_care", NULL),
    COL("health", CSV_VALUE, "streams.health", NULL),
    V("contribution_pence"),
    V("purpose"),
    COL("basis", CSV_PARENT, "basis", NULL),
    COL("rules", CSV_PARENT, "rules", NULL),
    COL("policy.id", CSV_PARENT, "policy.id", NULL),
    COL("policy.version", CSV_PARENT, "policy.version", NULL),
    COL("policy.overrides", CSV_PARENT, "policy.overrides", NULL),
};
const struct csv_table csv_schedules = {schedule_columns, ARRAY_LEN(schedule_columns),
                                        {"payments", "one_off_payments"},
                                        {"regular", "one_off"}};

static const struct csv_column routing_columns[] = {
    V("id"), V("provider"), V("role"), V("via"), V("rules"), V("because"),
};
const struct csv_table csv_routings = {routing_columns, ARRAY_LEN(routing_columns),
                                       {NULL, NULL}, {NULL, NULL}};

static const struct csv_column transfer_columns[] = {
    V("id"), V("date"), V("priority"), V("from_provider"), V("to_provider"), V("role"),
    V("rules"), V("because"),
};
const struct csv_table csv_transfers = {transfer_columns, ARRAY_LEN(transfer_columns),
                                        {NULL, NULL}, {NULL, NULL}};

static const struct csv_column audit_columns[] = {
    V("id"), V("last_audit"), V("last_outcome"), V("audit_due"), V("overdue"), V("days_overdue"),
    V("rules"),
};
const struct csv_table csv_audits = {audit_columns, ARRAY_LEN(audit_columns), {NULL, NULL},
                                     {NULL, NULL}};

/* dpss return: one row, a column per figure; by_provider (keys vary) as JSON. */
static const struct csv_column return_columns[] = {
    V("from"), V("to"), V("provider"), V("recipients"), V("by_tier.start_up"),
    V("by_tier.issue_based"), V("by_tier.none"), V("by_tier.undetermined"), V("by_provider"),
    V("new_referrals"), V("surpluses.count"), V("surpluses.total_pence"), V("escalations"),
    V("audits.done"), V("audits.overdue"), V("uptake.personal_budget_holders"),
    V("uptake.taking_direct_payment"), V("uptake.basis_points"), V("uptake.target_percent"),
    V("uptake.met"), V("spend_pence"), V("cost_per_person_pence"), V("rules"),
};
const struct csv_table csv_returns = {return_columns, ARRAY_LEN(return_columns), {NULL, NULL},
                                      {NULL, NULL}};

/* dpss compare: one row per changed field of a changed recipient. */
static const struct csv_column comparison_columns[] = {
    COL("id", CSV_PARENT, "id", NULL),
    COL("as_of", CSV_PARENT, "as_of", NULL),
    V("field"),
    V("before"),
    V("after"),
    V("rule"),
};
const struct csv_table csv_comparisons = {comparison_columns, ARRAY_LEN(comparison_columns),
                                          {"changes", NULL}, {NULL, NULL}};

/* One field, quoted if it must be. */
static void field(struct buf *b, const char *s, size_t n) {
  if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n)) {
    buf_put(b, s, n);
    return;
  }
  buf_put(b, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"')
      buf_put(b, "\"", 1);
    buf_put(b, s + i, 1);
  }
  buf_put(b, "\"", 1);
}

void csv_header(struct buf *b, const struct csv_table *t) {
  for (size_t i = 0; i < t->n_columns; i++) {
    if (i)
      buf_put(b, ",", 1);
    field(b, t->columns[i].header, strlen(t->columns[i].header));
  }
  buf_put(b, "\r\n", 2);
}

static const json_t *at(const json_t *v, const char *path) {
  char key[64];
  while (v && path && *path) {
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    if (n >= sizeof key)
      return NULL;
    memcpy(key, path, n);
    key[n] = '\0';
    v = json_object_get(v, key);
    path = dot ? dot + 1 : NULL;
  }
  return v;
}

/* A scalar as text into b (nothing for null or absent). */
static void scalar(struct buf *b, const json_t *v) {
  char num[32];
  if (!v || json_is_null(v))
    return;
  if (json_is_string(v)) {
    buf_put(b, json_string_value(v), json_string_length(v));
  } else if (json_is_integer(v)) {
    snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    buf_puts(b, num);
  } else if (json_is_real(v)) {
    snprintf(num, sizeof num, "%.17g", json_real_value(v));
    buf_puts(b, num);
  } else if (json_is_boolean(v)) {
    buf_puts(b, json_is_true(v) ? "true" : "false");
  } else {
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (s)
      buf_puts(b, s);
    else
      b->oom = true;
    free(s);
  }
}

static void value_text(struct buf *b, const json_t *v) {
  if (json_is_array(v)) {
    size_t i;
    const json_t *e;
    json_array_foreach(v, i, e) {
      if (i)
        buf_put(b, " ", 1);
      scalar(b, e);
    }
  } else {
    scalar(b, v);
  }
}

static void row(struct buf *b, const struct csv_table *t, const json_t *v, const json_t *parent,
                const char *label) {
  struct buf cell = {0};
  for (size_t i = 0; i < t->n_columns; i++) {
    const struct csv_column *c = &t->columns[i];
    cell.len = 0;
    if (cell.p)
      cell.p[0] = '\0';
    switch (c->kind) {
    case CSV_VALUE:
      value_text(&cell, at(v, c->path));
      break;
    case CSV_PARENT:
      value_text(&cell, at(parent, c->path));
      break;
    case CSV_LABEL:
      buf_puts(&cell, label ? label : "");
      break;
    case CSV_COUNT: {
      const json_t *a = at(v, c->path);
      if (json_is_array(a))
        buf_printf(&cell, "%zu", json_array_size(a));
      break;
    }
    case CSV_UNIQUE: {
      const json_t *a = at(v, c->path), *e;
      size_t k;
      json_array_foreach(a, k, e) {
        const char *s = json_string_value(json_object_get(e, c->sub));
        bool seen = false;
        for (size_t m = 0; m < k && !seen; m++)
          seen = s && json_equal(json_object_get(json_array_get(a, m), c->sub),
                                 json_object_get(e, c->sub));
        if (s && !seen) {
          if (cell.len)
            buf_put(&cell, " ", 1);
          buf_puts(&cell, s);
        }
      }
      break;
    }
    }
    if (i)
      buf_put(b, ",", 1);
    field(b, cell.p ? cell.p : "", cell.len);
    b->oom |= cell.oom;
  }
  buf_put(b, "\r\n", 2);
  buf_free(&cell);
}

int csv_rows(struct buf *b, const struct csv_table *t, const char *json) {
  json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
  if (!json_is_object(v)) {
    json_decref(v);
    return -1;
  }
  if (!t->rows[0]) {
    row(b, t, v, v, NULL);
  } else {
    for (int k = 0; k < 2 && t->rows[k]; k++) {
      const json_t *a = json_object_get(v, t->rows[k]), *e;
      size_t i;
      json_array_foreach(a, i, e) row(b, t, e, v, t->labels[k]);
    }
  }
  json_decref(v);
  return b->oom ? -1 : 0;
}

int csv_rows_lines(struct buf *b, const struct csv_table *t, const char *jsonl) {
  struct buf line = {0};
  int rc = 0;
  while (*jsonl) {
    const char *nl = strchr(jsonl, '\n');
    size_t n = nl ? (size_t)(nl - jsonl) : strlen(jsonl);
    line.len = 0;
    buf_put(&line, jsonl, n);
    if (line.oom || (n && csv_rows(b, t, line.p) < 0))
      rc = -1;
    jsonl += n + (nl != NULL);
  }
  buf_free(&line);
  return rc;
}
