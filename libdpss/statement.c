/* SPDX-License-Identifier: MIT */
/* Statements: the dated lines of one account, from CSV (through csv.c),
 * JSON Lines or C. Bad lines are collected, never guessed at; messages name
 * the line and the column, never the value. See dpss/audit.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"
#include "csv_internal.h"

#define TEXT_MAX 200        /* payee, category */
#define DESC_MAX 2000       /* description */
#define MAX_ERRORS 100000   /* kept; more are counted in the last message */

const char *const dpss__line_type_names[4] = {"other", "council_payment", "contribution",
                                              "refund"};

enum { SC_DATE, SC_DESCRIPTION, SC_AMOUNT, SC_AMOUNT_PENCE, SC_BALANCE, SC_BALANCE_PENCE,
       SC_PAYEE, SC_CATEGORY, SC_TYPE, SC_COUNT };
static const char *const stmt_columns[SC_COUNT] = {
    "date", "description", "amount", "amount_pence", "balance", "balance_pence",
    "payee", "category", "type"};
static const dpss_csv_schema stmt_schema = {stmt_columns, SC_COUNT};

/* ------------------------------------------------------------------ store */

int dpss_statement_new(dpss_statement **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  dpss_statement *s = dpss__calloc(1, sizeof *s);
  if (!s) {
    *out = NULL;
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  *out = s;
  return DPSS_OK;
}

void dpss_statement_free(dpss_statement *s) {
  if (!s)
    return;
  free(s->l);
  free(s->arena);
  free(s->payees.off);
  free(s->payees.slot);
  free(s->categories.off);
  free(s->categories.slot);
  free(s->err);
  free(s);
}

const char *dpss__stmt_str(const dpss_statement *s, size_t off) {
  return off && s->arena ? s->arena + off : "";
}
const char *dpss__stmt_payee(const dpss_statement *s, int32_t id) {
  return id >= 0 && (size_t)id < s->payees.n ? s->arena + s->payees.off[id] : "";
}
const char *dpss__stmt_category(const dpss_statement *s, int32_t id) {
  return id >= 0 && (size_t)id < s->categories.n ? s->arena + s->categories.off[id] : "";
}

/* Append n bytes and a NUL to the arena; the offset, or 0 when out of
 * memory (offset 0 is the "" every statement starts with). */
static size_t arena_put(dpss_statement *s, const char *p, size_t n) {
  if (!s->arena) {
    s->acap = 4096;
    if (!(s->arena = dpss__malloc(s->acap)))
      return 0;
    s->arena[0] = '\0';
    s->alen = 1;
  }
  if (s->alen + n + 1 > s->acap) {
    size_t cap = s->acap;
    while (cap < s->alen + n + 1)
      cap *= 2;
    char *a = dpss__realloc(s->arena, cap);
    if (!a)
      return 0;
    s->arena = a;
    s->acap = cap;
  }
  size_t off = s->alen;
  memcpy(s->arena + off, p, n);
  s->arena[off + n] = '\0';
  s->alen += n + 1;
  return off;
}

static uint32_t hash(const char *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)p[i]) * 16777619u;
  return h;
}

/* The id of a string (added if new); -1 when out of memory. */
static int32_t intern(dpss_statement *s, dpss_intern *t, const char *p, size_t n) {
  if (t->n * 2 >= t->n_slot) {
    size_t ns = t->n_slot ? t->n_slot * 2 : 64;
    int32_t *slot = dpss__calloc(ns, sizeof *slot);
    if (!slot)
      return -1;
    for (size_t i = 0; i < t->n; i++) {
      const char *str = s->arena + t->off[i];
      size_t k = hash(str, strlen(str)) & (ns - 1);
      while (slot[k])
        k = (k + 1) & (ns - 1);
      slot[k] = (int32_t)i + 1;
    }
    free(t->slot);
    t->slot = slot;
    t->n_slot = ns;
  }
  size_t k = hash(p, n) & (t->n_slot - 1);
  for (; t->slot[k]; k = (k + 1) & (t->n_slot - 1)) {
    const char *str = s->arena + t->off[t->slot[k] - 1];
    if (strncmp(str, p, n) == 0 && str[n] == '\0')
      return t->slot[k] - 1;
  }
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    size_t *o = dpss__realloc(t->off, cap * sizeof *o);
    if (!o)
      return -1;
    t->off = o;
    t->cap = cap;
  }
  size_t off = arena_put(s, p, n);
  if (!off)
    return -1;
  t->off[t->n] = off;
  t->slot[k] = (int32_t)t->n + 1;
  return (int32_t)t->n++;
}

static int push_line(dpss_statement *s, const dpss_sline *l) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    dpss_sline *nl = dpss__realloc(s->l, cap * sizeof *nl);
    if (!nl)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    s->l = nl;
    s->cap = cap;
  }
  s->l[s->n++] = *l;
  return DPSS_OK;
}

/* Record a bad line. ENOMEM only if the list cannot grow. */
static int add_error(dpss_statement *s, int code, size_t line, size_t column, const char *field,
                     const char *what) {
  if (s->n_err >= MAX_ERRORS)
    return DPSS_OK;
  if (s->n_err == s->cap_err) {
    size_t cap = s->cap_err ? s->cap_err * 2 : 8;
    dpss_serror *e = dpss__realloc(s->err, cap * sizeof *e);
    if (!e)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    s->err = e;
    s->cap_err = cap;
  }
  dpss_serror *e = &s->err[s->n_err++];
  e->code = code;
  e->line = line;
  e->column = column;
  snprintf(e->field, sizeof e->field, "%s", field ? field : "");
  if (column && field)
    snprintf(e->message, sizeof e->message, "line %zu, column %zu (%s): %s", line, column, field,
             what);
  else
    snprintf(e->message, sizeof e->message, "line %zu: %s", line, what);
  return DPSS_OK;
}

int dpss_statement_add_line(dpss_statement *s, dpss_date date, int64_t pence,
                            int64_t balance_pence, dpss_line_type type, const char *description,
                            const char *payee, const char *category) {
  if (!s)
    return dpss__fail(DPSS_EINVAL, NULL, "statement is NULL");
  if (!dpss__date_valid(date))
    return dpss__fail(DPSS_EDATE, "date", "not a real date");
  if (pence == DPSS_PENCE_NONE || pence > DPSS_MONEY_LIMIT || pence < -DPSS_MONEY_LIMIT)
    return dpss__fail(DPSS_ERANGE, "amount", "amount larger than any direct payment could be");
  if (balance_pence != DPSS_PENCE_NONE &&
      (balance_pence > DPSS_MONEY_LIMIT || balance_pence < -DPSS_MONEY_LIMIT))
    return dpss__fail(DPSS_ERANGE, "balance", "balance larger than any account could hold");
  if ((int)type < 0 || (int)type > DPSS_LINE_REFUND)
    return dpss__fail(DPSS_EINVAL, "type", "no such line type");
  const char *texts[3] = {description, payee, category};
  static const char *const names[3] = {"description", "payee", "category"};
  for (int i = 0; i < 3; i++) {
    size_t n = texts[i] ? strlen(texts[i]) : 0;
    if (texts[i] && (n > (i ? TEXT_MAX : DESC_MAX) || !dpss__text_valid(texts[i], n, i == 0)))
      return dpss__fail(DPSS_EINVAL, names[i],
                        "expected UTF-8 text without control characters, not too long");
  }
  /* Strings first (they may fail), the line last: a failure adds no line
   * (interned strings that stay unused are harmless). */
  dpss_sline l = {pence, balance_pence, 0, -1, -1, date, 0, (int8_t)type};
  if (description && *description && !(l.desc = arena_put(s, description, strlen(description))))
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (payee && *payee && (l.payee = intern(s, &s->payees, payee, strlen(payee))) < 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (category && *category &&
      (l.category = intern(s, &s->categories, category, strlen(category))) < 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  return push_line(s, &l);
}

/* ------------------------------------------------------------ one line in */

/* The reading of one input line: our columns' text, then the checks. */
typedef struct pending {
  const char *v[SC_COUNT];
  size_t n[SC_COUNT];
  size_t col[SC_COUNT]; /* column number in the input, from 1 */
} pending;

typedef struct loader {
  dpss_statement *s;
  const dpss_mapping *map;
  const dpss_map_values *vmap[SC_COUNT];
  int format;
  int col_of[256]; /* CSV: our column of each input column; -1 ignored */
  size_t n_cols;
  bool header_done;
  int fatal; /* a header error */
} loader;

static int bad_field(loader *ld, int code, size_t line, const pending *p, int c, const char *what) {
  return add_error(ld->s, code, line, p->col[c], stmt_columns[c], what);
}

static const char *const money_what[2] = {
    "not an amount in pounds with at most two decimals (e.g. -123.45, 1,234.56, (12.00))",
    "amount out of range (more than two decimals, or beyond 10 trillion pounds)"};

/* Check and store one line; errors are collected. Values lose their
 * surrounding spaces first (quoted fields keep them in libcsv), then go
 * through the mapping's value maps. */
static int take_line(loader *ld, size_t line, pending *p) {
  dpss_statement *s = ld->s;
  size_t before = s->n_err;
  int rc = DPSS_OK;
  char trimmed[SC_COUNT][TEXT_MAX + 1];
  for (int c = 0; c < SC_COUNT; c++) {
    if (!p->v[c])
      continue;
    while (p->n[c] && (p->v[c][0] == ' ' || p->v[c][0] == '\t')) {
      p->v[c]++;
      p->n[c]--;
    }
    bool cut = false;
    while (p->n[c] && (p->v[c][p->n[c] - 1] == ' ' || p->v[c][p->n[c] - 1] == '\t')) {
      p->n[c]--;
      cut = true;
    }
    if (cut || ld->vmap[c]) { /* a NUL-terminated copy (long text is never mapped) */
      if (p->n[c] <= TEXT_MAX) {
        memcpy(trimmed[c], p->v[c], p->n[c]);
        trimmed[c][p->n[c]] = '\0';
        p->v[c] = trimmed[c];
      }
    }
    if (ld->vmap[c] && p->v[c] == trimmed[c]) {
      p->v[c] = dpss__map_value(ld->vmap[c], p->v[c]);
      p->n[c] = strlen(p->v[c]);
    }
  }
  dpss_sline l = {0, DPSS_PENCE_NONE, 0, -1, -1, DPSS_DATE_NONE, (uint32_t)line, DPSS_LINE_OTHER};
  if (!p->v[SC_DATE] || !p->n[SC_DATE])
    rc = bad_field(ld, DPSS_EMISSING, line, p, SC_DATE, "no date");
  else if (dpss__parse_date_text(p->v[SC_DATE], p->n[SC_DATE], ld->format, &l.date))
    rc = bad_field(ld, DPSS_EDATE, line, p, SC_DATE,
                   ld->format == DPSS_DATES_DMY   ? "not a real date written DD/MM/YYYY"
                   : ld->format == DPSS_DATES_ISO ? "not a real date written YYYY-MM-DD"
                                                  : "not a real date written YYYY-MM-DD or DD/MM/YYYY");
  int am = p->v[SC_AMOUNT] ? SC_AMOUNT : SC_AMOUNT_PENCE;
  if (!rc && p->v[SC_AMOUNT] && p->v[SC_AMOUNT_PENCE])
    rc = bad_field(ld, DPSS_EDUPLICATE, line, p, SC_AMOUNT_PENCE, "both amount and amount_pence");
  else if (!rc && (!p->v[am] || !p->n[am]))
    rc = bad_field(ld, DPSS_EMISSING, line, p, am, "no amount");
  else if (!rc) {
    int e = am == SC_AMOUNT ? dpss__parse_pounds(p->v[am], p->n[am], &l.pence)
                            : dpss__parse_pence(p->v[am], p->n[am], &l.pence);
    if (e)
      rc = bad_field(ld, e, line, p, am,
                     am == SC_AMOUNT ? money_what[e == DPSS_ERANGE]
                                     : "not whole pence (an optional sign and digits)");
  }
  int bc = p->v[SC_BALANCE] ? SC_BALANCE : SC_BALANCE_PENCE;
  if (!rc && p->v[SC_BALANCE] && p->v[SC_BALANCE_PENCE])
    rc = bad_field(ld, DPSS_EDUPLICATE, line, p, SC_BALANCE_PENCE, "both balance and balance_pence");
  else if (!rc && p->v[bc] && p->n[bc]) {
    int e = bc == SC_BALANCE ? dpss__parse_pounds(p->v[bc], p->n[bc], &l.balance)
                             : dpss__parse_pence(p->v[bc], p->n[bc], &l.balance);
    if (e)
      rc = bad_field(ld, e, line, p, bc,
                     bc == SC_BALANCE ? money_what[e == DPSS_ERANGE]
                                      : "not whole pence (an optional sign and digits)");
  }
  if (!rc && p->v[SC_TYPE] && p->n[SC_TYPE]) {
    int t = dpss__lookup(dpss__line_type_names, 4, p->v[SC_TYPE]);
    if (t < 0)
      rc = bad_field(ld, DPSS_EUNKNOWN, line, p, SC_TYPE,
                     "expected council_payment, contribution, refund, other or nothing");
    else
      l.type = (int8_t)t;
  }
  for (int c = SC_DESCRIPTION; !rc && c <= SC_CATEGORY; c++) {
    if (c != SC_DESCRIPTION && c != SC_PAYEE && c != SC_CATEGORY)
      continue;
    size_t max = c == SC_DESCRIPTION ? DESC_MAX : TEXT_MAX;
    if (p->v[c] && (p->n[c] > max || !dpss__text_valid(p->v[c], p->n[c], c == SC_DESCRIPTION)))
      rc = bad_field(ld, DPSS_ERANGE, line, p, c,
                     "not UTF-8 text without control characters, or too long");
  }
  if (rc)
    return rc;
  if (s->n_err != before)
    return DPSS_OK; /* the line is bad: reported, not kept */
  if (p->v[SC_DESCRIPTION] && p->n[SC_DESCRIPTION] &&
      !(l.desc = arena_put(s, p->v[SC_DESCRIPTION], p->n[SC_DESCRIPTION])))
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (p->v[SC_PAYEE] && p->n[SC_PAYEE] &&
      (l.payee = intern(s, &s->payees, p->v[SC_PAYEE], p->n[SC_PAYEE])) < 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (p->v[SC_CATEGORY] && p->n[SC_CATEGORY] &&
      (l.category = intern(s, &s->categories, p->v[SC_CATEGORY], p->n[SC_CATEGORY])) < 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  return push_line(s, &l);
}

/* ------------------------------------------------------------------- CSV */

static int csv_header(loader *ld, const dpss_csv_row *row) {
  if (row->n > DPSS_ARRAY_LEN(ld->col_of))
    return dpss__fail_at(DPSS_ERANGE, (int)row->line, 0, "line %zu: more than %zu columns",
                         row->line, DPSS_ARRAY_LEN(ld->col_of));
  bool seen[SC_COUNT] = {false};
  for (size_t k = 0; k < row->n; k++) {
    int c = dpss__mapping_column(ld->map, &stmt_schema, row->field[k]);
    if (c == -2)
      return dpss__fail_at(DPSS_EUNKNOWN, (int)row->line, (int)k + 1,
                           "line %zu, column %zu: the header names no column of a statement "
                           "(map it, or map it to null to ignore it)",
                           row->line, k + 1);
    if (c >= 0 && seen[c])
      return dpss__fail_at(DPSS_EDUPLICATE, (int)row->line, (int)k + 1,
                           "line %zu, column %zu: a second column for %s", row->line, k + 1,
                           stmt_columns[c]);
    if (c >= 0)
      seen[c] = true;
    ld->col_of[k] = c;
  }
  ld->n_cols = row->n;
  if (!seen[SC_DATE])
    return dpss__fail_at(DPSS_EMISSING, (int)row->line, 0, "line %zu: no date column",
                         row->line);
  if (!seen[SC_AMOUNT] && !seen[SC_AMOUNT_PENCE])
    return dpss__fail_at(DPSS_EMISSING, (int)row->line, 0,
                         "line %zu: no amount (or amount_pence) column", row->line);
  if (seen[SC_AMOUNT] && seen[SC_AMOUNT_PENCE])
    return dpss__fail_at(DPSS_EDUPLICATE, (int)row->line, 0,
                         "line %zu: both amount and amount_pence columns", row->line);
  if (seen[SC_BALANCE] && seen[SC_BALANCE_PENCE])
    return dpss__fail_at(DPSS_EDUPLICATE, (int)row->line, 0,
                         "line %zu: both balance and balance_pence columns", row->line);
  ld->header_done = true;
  return DPSS_OK;
}

static int csv_row(void *ctx, const dpss_csv_row *row) {
  loader *ld = ctx;
  if (!ld->header_done) {
    int rc = csv_header(ld, row);
    if (rc)
      ld->fatal = rc;
    return rc;
  }
  bool empty = true;
  for (size_t k = 0; k < row->n && empty; k++)
    empty = row->len[k] == 0;
  if (empty)
    return DPSS_OK;
  if (row->n != ld->n_cols) {
    char what[96];
    snprintf(what, sizeof what, "%zu fields where the header has %zu", row->n, ld->n_cols);
    return add_error(ld->s, DPSS_ESYNTAX, row->line, 0, NULL, what);
  }
  pending p;
  memset(p.v, 0, sizeof p.v);
  for (size_t k = 0; k < row->n; k++) {
    int c = ld->col_of[k];
    if (c < 0)
      continue;
    /* A NUL inside a field fails the reading of its value (text refuses
     * control characters; numbers and dates refuse anything else). */
    p.v[c] = row->field[k];
    p.n[c] = row->len[k];
    p.col[c] = k + 1;
  }
  return take_line(ld, row->line, &p);
}

static int csv_bad(void *ctx, size_t line, size_t column) {
  loader *ld = ctx;
  if (!ld->header_done) {
    ld->fatal = dpss__fail_at(DPSS_ESYNTAX, (int)line, (int)column,
                              "line %zu: the header is not well-formed CSV", line);
    return ld->fatal;
  }
  return add_error(ld->s, DPSS_ESYNTAX, line, column, NULL,
                   "not well-formed CSV (a quote inside an unquoted field, text after a "
                   "closing quote, or a quoted field never closed)");
}

static int loader_init(loader *ld, dpss_statement **out, const dpss_mapping *map) {
  memset(ld, 0, sizeof *ld);
  int rc = dpss__mapping_check(map, &stmt_schema);
  if (!rc)
    rc = dpss_statement_new(&ld->s);
  if (rc)
    return rc;
  ld->map = map;
  ld->format = map ? map->date_format : DPSS_DATES_ANY;
  for (int c = 0; c < SC_COUNT; c++)
    ld->vmap[c] = dpss__mapping_values(map, &stmt_schema, c);
  (void)out;
  return DPSS_OK;
}

static int loader_finish(loader *ld, dpss_statement **out, int rc) {
  if (rc) {
    dpss_statement_free(ld->s);
    return rc;
  }
  *out = ld->s;
  return DPSS_OK;
}

static int from_csv(dpss_statement **out, const char *text, size_t len,
                    const dpss_mapping *map) {
  loader ld;
  int rc = loader_init(&ld, out, map);
  if (rc)
    return rc;
  rc = dpss__csv_read(text, len, csv_row, csv_bad, &ld);
  if (!rc && !ld.header_done)
    rc = dpss__fail(DPSS_EMISSING, NULL, "no header row");
  return loader_finish(&ld, out, rc);
}

int dpss_statement_from_csv(dpss_statement **out, const char *csv, const dpss_mapping *map) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!csv)
    return dpss__fail(DPSS_EINVAL, NULL, "csv is NULL");
  return from_csv(out, csv, strlen(csv), map);
}

/* ----------------------------------------------------------- JSON Lines */

static int json_line(loader *ld, size_t line, const char *text) {
  json_t *v;
  int rc = dpss__json_parse(&v, text);
  if (rc == DPSS_ENOMEM)
    return rc;
  if (rc)
    return add_error(ld->s, DPSS_ESYNTAX, line, 0, NULL, "not a JSON object");
  if (!json_is_object(v)) {
    json_decref(v);
    return add_error(ld->s, DPSS_ETYPE, line, 0, NULL, "not a JSON object");
  }
  pending p;
  memset(p.v, 0, sizeof p.v);
  char numbuf[SC_COUNT][24];
  const char *key;
  json_t *val;
  size_t k = 0, before = ld->s->n_err;
  bool seen[SC_COUNT] = {false};
  rc = DPSS_OK;
  json_object_foreach(v, key, val) {
    k++;
    int c = dpss__mapping_column(ld->map, &stmt_schema, key);
    if (c == -1)
      continue;
    if (c == -2) {
      /* Named when it is a short name of printable characters with no
       * spaces, as an id is (a key is the file's structure, not a value;
       * anything else is not repeated). */
      bool plain = dpss__id_valid(key) && strlen(key) <= 24;
      char what[64];
      snprintf(what, sizeof what, "a key that is not a statement column%s%s", plain ? ": " : "",
               plain ? key : "");
      rc = add_error(ld->s, DPSS_EUNKNOWN, line, k, NULL, what);
      break;
    }
    p.col[c] = k;
    /* Two keys for one column (their name mapped onto one of ours, and ours
     * too): refused, as a CSV header with two columns for one is, rather
     * than one value silently kept. */
    if (seen[c]) {
      rc = bad_field(ld, DPSS_EDUPLICATE, line, &p, c, "a second key for the same column");
      break;
    }
    seen[c] = true;
    if (json_is_null(val))
      continue;
    bool pence = c == SC_AMOUNT_PENCE || c == SC_BALANCE_PENCE;
    if (pence && json_is_integer(val)) {
      snprintf(numbuf[c], sizeof numbuf[c], "%lld", (long long)json_integer_value(val));
      p.v[c] = numbuf[c];
      p.n[c] = strlen(numbuf[c]);
    } else if (!pence && json_is_string(val)) {
      p.v[c] = json_string_value(val);
      p.n[c] = json_string_length(val);
      if (strlen(p.v[c]) != p.n[c])
        rc = bad_field(ld, DPSS_ERANGE, line, &p, c, "a NUL character in the text");
    } else {
      rc = bad_field(ld, DPSS_ETYPE, line, &p, c,
                     pence ? "expected whole pence (an integer)"
                           : "expected a string (amounts in pounds are strings, e.g. \"-12.34\")");
    }
    if (rc)
      break;
  }
  if (!rc && ld->s->n_err == before)
    rc = take_line(ld, line, &p);
  json_decref(v);
  return rc;
}

static int from_jsonl(dpss_statement **out, const char *text, const dpss_mapping *map) {
  loader ld;
  int rc = loader_init(&ld, out, map);
  if (rc)
    return rc;
  char *buf = NULL;
  size_t cap = 0, line = 0;
  const char *pos = text;
  if (strncmp(pos, "\xEF\xBB\xBF", 3) == 0)
    pos += 3;
  while (*pos && !rc) {
    line++;
    const char *nl = strchr(pos, '\n');
    size_t n = nl ? (size_t)(nl - pos) : strlen(pos);
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++)
      blank = pos[i] == ' ' || pos[i] == '\t' || pos[i] == '\r';
    if (!blank) {
      if (n + 1 > cap) {
        char *b = dpss__realloc(buf, n + 1);
        if (!b) {
          rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
          break;
        }
        buf = b;
        cap = n + 1;
      }
      memcpy(buf, pos, n);
      buf[n] = '\0';
      rc = json_line(&ld, line, buf);
    }
    pos += n + (nl != NULL);
  }
  free(buf);
  return loader_finish(&ld, out, rc);
}

int dpss_statement_from_jsonl(dpss_statement **out, const char *jsonl, const dpss_mapping *map) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!jsonl)
    return dpss__fail(DPSS_EINVAL, NULL, "text is NULL");
  return from_jsonl(out, jsonl, map);
}

/* ---------------------------------------------------------------- files */

/* A statement file, CSV or JSON Lines (which has no place for a NUL byte). */
static int from_file(dpss_statement **out, const char *path, const dpss_mapping *map,
                     bool jsonl) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!path)
    return dpss__fail(DPSS_EINVAL, NULL, "path is NULL");
  char *text;
  size_t len;
  int rc = dpss__read_file(path, "statement", &text, &len);
  if (rc)
    return rc;
  if (!jsonl)
    rc = from_csv(out, text, len, map);
  else if (strlen(text) != len)
    rc = dpss__fail(DPSS_ESYNTAX, NULL, "a NUL character in the statement file");
  else
    rc = from_jsonl(out, text, map);
  free(text);
  return rc;
}

int dpss_statement_from_csv_file(dpss_statement **out, const char *path,
                                 const dpss_mapping *map) {
  return from_file(out, path, map, false);
}

int dpss_statement_from_jsonl_file(dpss_statement **out, const char *path,
                                   const dpss_mapping *map) {
  return from_file(out, path, map, true);
}

/* ------------------------------------------------------------- accessors */

static const dpss_sline *line_at(const dpss_statement *s, size_t i) {
  return s && i < s->n ? &s->l[i] : NULL;
}

size_t dpss_statement_line_count(const dpss_statement *s) { return s ? s->n : 0; }
dpss_date dpss_statement_date(const dpss_statement *s, size_t i) {
  return line_at(s, i) ? s->l[i].date : DPSS_DATE_NONE;
}
int64_t dpss_statement_pence(const dpss_statement *s, size_t i) {
  return line_at(s, i) ? s->l[i].pence : DPSS_PENCE_NONE;
}
int64_t dpss_statement_balance_pence(const dpss_statement *s, size_t i) {
  return line_at(s, i) ? s->l[i].balance : DPSS_PENCE_NONE;
}
dpss_line_type dpss_statement_type(const dpss_statement *s, size_t i) {
  return line_at(s, i) ? (dpss_line_type)s->l[i].type : DPSS_LINE_OTHER;
}
const char *dpss_statement_description(const dpss_statement *s, size_t i) {
  return line_at(s, i) ? dpss__stmt_str(s, s->l[i].desc) : "";
}
const char *dpss_statement_payee(const dpss_statement *s, size_t i) {
  return line_at(s, i) ? dpss__stmt_payee(s, s->l[i].payee) : "";
}
const char *dpss_statement_category(const dpss_statement *s, size_t i) {
  return line_at(s, i) ? dpss__stmt_category(s, s->l[i].category) : "";
}
size_t dpss_statement_source_line(const dpss_statement *s, size_t i) {
  return line_at(s, i) ? s->l[i].src_line : 0;
}

size_t dpss_statement_error_count(const dpss_statement *s) { return s ? s->n_err : 0; }
static const dpss_serror *err_at(const dpss_statement *s, size_t i) {
  return s && i < s->n_err ? &s->err[i] : NULL;
}
int dpss_statement_error_code(const dpss_statement *s, size_t i) {
  return err_at(s, i) ? err_at(s, i)->code : DPSS_EINVAL;
}
size_t dpss_statement_error_line(const dpss_statement *s, size_t i) {
  return err_at(s, i) ? err_at(s, i)->line : 0;
}
size_t dpss_statement_error_column(const dpss_statement *s, size_t i) {
  return err_at(s, i) ? err_at(s, i)->column : 0;
}
const char *dpss_statement_error_field(const dpss_statement *s, size_t i) {
  return err_at(s, i) ? err_at(s, i)->field : "";
}
const char *dpss_statement_error_message(const dpss_statement *s, size_t i) {
  return err_at(s, i) ? err_at(s, i)->message : "";
}

uint64_t dpss__stmt_fingerprint(const dpss_statement *s) {
  uint64_t h = 1469598103934665603ull ^ s->n;
  for (size_t i = 0; i < s->n; i++) {
    h = (h ^ (uint64_t)(uint32_t)s->l[i].date) * 1099511628211ull;
    h = (h ^ (uint64_t)s->l[i].pence) * 1099511628211ull;
  }
  return h;
}
