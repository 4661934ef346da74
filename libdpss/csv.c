/* SPDX-License-Identifier: MIT */
/* CSV input through libcsv, column mappings, and the exact readers of the
 * text values CSV exports hold (pounds, pence, dates). See csv_internal.h
 * and dpss/mapping.h. */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv_internal.h"

/* ---------------------------------------------------------------- mapping */

static void pairs_free(dpss_map_pair *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(p[i].theirs);
    free(p[i].ours);
  }
  free(p);
}

void dpss_mapping_free(dpss_mapping *m) {
  if (!m)
    return;
  pairs_free(m->columns, m->n_columns);
  for (size_t i = 0; i < m->n_values; i++) {
    free(m->values[i].column);
    pairs_free(m->values[i].pairs, m->values[i].n);
  }
  free(m->values);
  if (m->facts) {
    free(m->facts->column);
    pairs_free(m->facts->pairs, m->facts->n);
    free(m->facts);
  }
  free(m);
}

/* An object of string -> string into pairs. For columns (allow_null), a
 * value may be null (ours NULL: ignore the column); for value maps
 * (!allow_null), true, false and null stand for the cells "true", "false"
 * and "" (empty: unknown). */
static int read_pairs(const json_t *v, dpss_path *p, bool allow_null, dpss_map_pair **out,
                      size_t *n) {
  if (!json_is_object(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected an object");
  size_t count = json_object_size(v);
  *out = count ? dpss__calloc(count, sizeof **out) : NULL;
  if (count && !*out)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  const char *key;
  json_t *val;
  json_object_foreach((json_t *)v, key, val) {
    size_t m = dpss_path_push_key(p, key);
    bool word = !allow_null && (json_is_boolean(val) || json_is_null(val));
    if (!(json_is_string(val) || word || (allow_null && json_is_null(val)))) {
      int rc = dpss__fail(DPSS_ETYPE, p->buf, allow_null ? "expected a column name or null"
                                                        : "expected a string, true, false or null");
      dpss_path_pop(p, m);
      return rc;
    }
    dpss_map_pair *pr = &(*out)[*n];
    pr->theirs = dpss__strdup(key);
    const char *ours = json_is_string(val) ? json_string_value(val)
                       : json_is_true(val) ? "true"
                       : json_is_false(val) ? "false"
                       : word ? "" : NULL;
    pr->ours = ours ? dpss__strdup(ours) : NULL;
    (*n)++;
    dpss_path_pop(p, m);
    if (!pr->theirs || (ours && !pr->ours))
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  return DPSS_OK;
}

static int add_values(dpss_mapping *m, const char *column, const json_t *v, dpss_path *p) {
  for (size_t i = 0; i < m->n_values; i++)
    if (strcmp(m->values[i].column, column) == 0)
      return dpss__fail(DPSS_EDUPLICATE, p->buf, "a second value map for the same column");
  dpss_map_values *nv = dpss__realloc(m->values, (m->n_values + 1) * sizeof *nv);
  if (!nv)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  m->values = nv;
  dpss_map_values *vm = &nv[m->n_values++];
  memset(vm, 0, sizeof *vm);
  if (!(vm->column = dpss__strdup(column)))
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  return read_pairs(v, p, false, &vm->pairs, &vm->n);
}

static int mapping_build(void *out, const json_t *root) {
  static const char *const keys[] = {"columns", "date_format", "values", "types",
                                     "other_columns", "facts"};
  dpss_path path, *p = &path;
  dpss_path_init(p);
  int rc;
  if ((rc = dpss__expect_object(root, p)) || (rc = dpss__only_keys(root, p, keys, 6)))
    return rc;
  dpss_mapping *m = dpss__calloc(1, sizeof *m);
  if (!m)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  const json_t *v;
  size_t mark;
  if ((v = json_object_get(root, "columns")) && !json_is_null(v)) {
    mark = dpss_path_push_key(p, "columns");
    rc = read_pairs(v, p, true, &m->columns, &m->n_columns);
    dpss_path_pop(p, mark);
  }
  if (!rc && (v = json_object_get(root, "date_format")) && !json_is_null(v)) {
    static const char *const forms[] = {"any", "YYYY-MM-DD", "DD/MM/YYYY"};
    int8_t f = -1;
    mark = dpss_path_push_key(p, "date_format");
    rc = dpss__read_enum(v, p, forms, 3, &f);
    dpss_path_pop(p, mark);
    m->date_format = f < 0 ? DPSS_DATES_ANY : f;
  }
  if (!rc && (v = json_object_get(root, "values")) && !json_is_null(v)) {
    mark = dpss_path_push_key(p, "values");
    if (!json_is_object(v)) {
      rc = dpss__fail(DPSS_ETYPE, p->buf, "expected an object of value maps");
    } else {
      const char *key;
      json_t *val;
      json_object_foreach((json_t *)v, key, val) {
        size_t mk = dpss_path_push_key(p, key);
        rc = add_values(m, key, val, p);
        dpss_path_pop(p, mk);
        if (rc)
          break;
      }
    }
    dpss_path_pop(p, mark);
  }
  if (!rc && (v = json_object_get(root, "types")) && !json_is_null(v)) {
    mark = dpss_path_push_key(p, "types");
    rc = add_values(m, "type", v, p);
    dpss_path_pop(p, mark);
  }
  if (!rc && (v = json_object_get(root, "facts")) && !json_is_null(v)) {
    mark = dpss_path_push_key(p, "facts");
    m->facts = dpss__calloc(1, sizeof *m->facts);
    if (!m->facts || !(m->facts->column = dpss__strdup("facts")))
      rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    else
      rc = read_pairs(v, p, false, &m->facts->pairs, &m->facts->n);
    dpss_path_pop(p, mark);
  }
  if (!rc && (v = json_object_get(root, "other_columns")) && !json_is_null(v)) {
    static const char *const how[] = {"error", "ignore"};
    int8_t h = -1;
    mark = dpss_path_push_key(p, "other_columns");
    rc = dpss__read_enum(v, p, how, 2, &h);
    dpss_path_pop(p, mark);
    m->ignore_other = h == 1;
  }
  if (rc) {
    dpss_mapping_free(m);
    return rc;
  }
  *(dpss_mapping **)out = m;
  return DPSS_OK;
}

int dpss_mapping_from_json(dpss_mapping **out, const char *json) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  return dpss__build_from_text(out, json, mapping_build);
}

int dpss_mapping_from_file(dpss_mapping **out, const char *path) {
  if (!out || !path)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  *out = NULL;
  return dpss__build_from_file(out, path, "mapping", mapping_build);
}

/* Copy n pairs; *count is how many *out holds (all, zeroed, once made). */
static int pairs_copy(dpss_map_pair **out, size_t *count, const dpss_map_pair *from, size_t n) {
  *out = n ? dpss__calloc(n, sizeof **out) : NULL;
  if (n && !*out)
    return DPSS_ENOMEM;
  *count = n;
  for (size_t i = 0; i < n; i++) {
    (*out)[i].theirs = dpss__strdup(from[i].theirs);
    (*out)[i].ours = from[i].ours ? dpss__strdup(from[i].ours) : NULL;
    if (!(*out)[i].theirs || (from[i].ours && !(*out)[i].ours))
      return DPSS_ENOMEM;
  }
  return DPSS_OK;
}

static int values_copy(dpss_map_values *to, const dpss_map_values *from) {
  if (!(to->column = dpss__strdup(from->column)))
    return DPSS_ENOMEM;
  return pairs_copy(&to->pairs, &to->n, from->pairs, from->n);
}

int dpss__mapping_copy(dpss_mapping **out, const dpss_mapping *m) {
  *out = NULL;
  dpss_mapping *c = dpss__calloc(1, sizeof *c);
  if (!c)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  c->date_format = m->date_format;
  c->ignore_other = m->ignore_other;
  int rc = pairs_copy(&c->columns, &c->n_columns, m->columns, m->n_columns);
  if (!rc && m->n_values) {
    c->values = dpss__calloc(m->n_values, sizeof *c->values);
    if (!c->values)
      rc = DPSS_ENOMEM;
    for (size_t i = 0; !rc && i < m->n_values; i++) {
      c->n_values++;
      rc = values_copy(&c->values[i], &m->values[i]);
    }
  }
  if (!rc && m->facts) {
    if (!(c->facts = dpss__calloc(1, sizeof *c->facts)))
      rc = DPSS_ENOMEM;
    else
      rc = values_copy(c->facts, m->facts);
  }
  if (rc) {
    dpss_mapping_free(c);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  *out = c;
  return DPSS_OK;
}

const dpss_map_pair *dpss__mapping_find(const dpss_mapping *m, const char *theirs) {
  if (m)
    for (size_t i = 0; i < m->n_columns; i++)
      if (strcmp(m->columns[i].theirs, theirs) == 0)
        return &m->columns[i];
  return NULL;
}

const dpss_map_values *dpss__mapping_values_of(const dpss_mapping *m, const char *ours) {
  if (m)
    for (size_t i = 0; i < m->n_values; i++)
      if (strcmp(m->values[i].column, ours) == 0)
        return &m->values[i];
  return NULL;
}

static int schema_index(const dpss_csv_schema *s, const char *name) {
  return dpss__lookup(s->names, s->n, name);
}

int dpss__mapping_check(const dpss_mapping *m, const dpss_csv_schema *schema) {
  if (!m)
    return DPSS_OK;
  if (m->facts)
    return dpss__fail(DPSS_EUNKNOWN, "facts", "this input has no fact columns");
  char field[160];
  for (size_t i = 0; i < m->n_columns; i++)
    if (m->columns[i].ours && schema_index(schema, m->columns[i].ours) < 0) {
      snprintf(field, sizeof field, "columns.%s", m->columns[i].theirs);
      return dpss__fail(DPSS_EUNKNOWN, field, "maps to a column this input does not have");
    }
  for (size_t i = 0; i < m->n_values; i++)
    if (schema_index(schema, m->values[i].column) < 0) {
      snprintf(field, sizeof field, "values.%s", m->values[i].column);
      return dpss__fail(DPSS_EUNKNOWN, field, "not a column this input has");
    }
  return DPSS_OK;
}

int dpss__mapping_column(const dpss_mapping *m, const dpss_csv_schema *schema,
                         const char *theirs) {
  if (m)
    for (size_t i = 0; i < m->n_columns; i++)
      if (strcmp(m->columns[i].theirs, theirs) == 0)
        return m->columns[i].ours ? schema_index(schema, m->columns[i].ours) : -1;
  int k = schema_index(schema, theirs);
  if (k >= 0)
    return k;
  return m && m->ignore_other ? -1 : -2;
}

const dpss_map_values *dpss__mapping_values(const dpss_mapping *m, const dpss_csv_schema *schema,
                                           int column) {
  if (!m || column < 0 || (size_t)column >= schema->n)
    return NULL;
  for (size_t i = 0; i < m->n_values; i++)
    if (strcmp(m->values[i].column, schema->names[column]) == 0)
      return &m->values[i];
  return NULL;
}

const char *dpss__map_value(const dpss_map_values *vm, const char *s) {
  if (vm)
    for (size_t i = 0; i < vm->n; i++)
      if (strcmp(vm->pairs[i].theirs, s) == 0)
        return vm->pairs[i].ours;
  return s;
}

/* ------------------------------------------------------------- CSV reader */

typedef struct reader {
  char *buf; /* the current record's fields, each NUL-terminated */
  size_t len, cap;
  size_t *off, *flen;
  const char **ptr;
  size_t n, cap_f;
  size_t line, rec_line;
  bool oom;
  int stop; /* a callback's negative return */
  dpss__csv_row_fn row;
  void *ctx;
} reader;

static void on_field(void *s, size_t len, void *data) {
  reader *r = data;
  if (r->oom || r->stop)
    return;
  if (r->n == r->cap_f) {
    size_t cap = r->cap_f ? r->cap_f * 2 : 16;
    size_t *o = dpss__realloc(r->off, cap * sizeof *o);
    if (o)
      r->off = o;
    size_t *l = o ? dpss__realloc(r->flen, cap * sizeof *l) : NULL;
    if (l)
      r->flen = l;
    const char **pp = l ? dpss__realloc(r->ptr, cap * sizeof *pp) : NULL;
    if (!pp) {
      r->oom = true;
      return;
    }
    r->ptr = pp;
    r->cap_f = cap;
  }
  if (r->len + len + 1 > r->cap) {
    size_t cap = r->cap ? r->cap : 256;
    while (cap < r->len + len + 1)
      cap *= 2;
    char *b = dpss__realloc(r->buf, cap);
    if (!b) {
      r->oom = true;
      return;
    }
    r->buf = b;
    r->cap = cap;
  }
  if (len)
    memcpy(r->buf + r->len, s, len);
  r->buf[r->len + len] = '\0';
  r->off[r->n] = r->len;
  r->flen[r->n] = len;
  r->n++;
  r->len += len + 1;
}

static void on_record(int c, void *data) {
  (void)c;
  reader *r = data;
  if (!r->oom && !r->stop && r->n) {
    for (size_t i = 0; i < r->n; i++)
      r->ptr[i] = r->buf + r->off[i];
    dpss_csv_row row = {r->ptr, r->flen, r->n, r->rec_line};
    int rc = r->row(r->ctx, &row);
    if (rc < 0)
      r->stop = rc;
  }
  r->n = 0;
  r->len = 0;
  r->rec_line = r->line; /* a next record may start on this line (after a lone CR) */
}

static void *csv_realloc(void *p, size_t n) { return dpss__realloc(p, n); }

/* Where the line starting at pos ends (past its LF, CRLF or lone CR, as the
 * record reader counts lines), or len. */
static size_t line_end(const char *text, size_t pos, size_t len) {
  const char *nl = memchr(text + pos, '\n', len - pos);
  size_t end = nl ? (size_t)(nl - text) + 1 : len;
  const char *cr = memchr(text + pos, '\r', end - pos);
  if (cr && cr + 1 != nl && (size_t)(cr - text) + 1 < end)
    return (size_t)(cr - text) + 1; /* a lone CR */
  return end;
}

int dpss__csv_read(const char *text, size_t len, dpss__csv_row_fn rowfn, dpss__csv_bad_fn bad,
                   void *ctx) {
  struct csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  csv_set_realloc_func(&parser, csv_realloc);
  csv_set_free_func(&parser, free);
  reader r = {0};
  r.row = rowfn;
  r.ctx = ctx;
  size_t pos = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;
  int rc = DPSS_OK;
  /* Fed one line at a time so that each record knows the line it starts
   * on: a record begins on the line being fed when the parser is between
   * rows (libcsv's pstate 0, ROW_NOT_BEGUN) as the line starts. */
  for (r.line = 1; pos < len && !rc; r.line++) {
    size_t end = line_end(text, pos, len);
    if (parser.pstate == 0)
      r.rec_line = r.line;
    size_t want = end - pos;
    size_t got = csv_parse(&parser, text + pos, want, on_field, on_record, &r);
    if (r.oom || csv_error(&parser) == CSV_ENOMEM) {
      rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
      break;
    }
    if (r.stop) {
      rc = r.stop;
      break;
    }
    if (got != want) { /* bad quoting: report it, drop the record, go on */
      size_t column = r.n + 1;
      csv_fini(&parser, NULL, NULL, NULL);
      r.n = 0;
      r.len = 0;
      if (bad && (rc = bad(ctx, r.rec_line, column)) < 0)
        break;
      rc = DPSS_OK;
    }
    pos = end;
  }
  if (!rc) {
    r.line--;
    int fin = csv_fini(&parser, on_field, on_record, &r);
    if (r.oom)
      rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    else if (r.stop)
      rc = r.stop;
    else if (fin != 0 && bad && (rc = bad(ctx, r.rec_line, r.n + 1)) > 0)
      rc = DPSS_OK; /* an unterminated quoted field at the end */
  }
  csv_free(&parser);
  free(r.buf);
  free(r.off);
  free(r.flen);
  free(r.ptr);
  return rc;
}

/* ------------------------------------------------------------ value readers */

static int digits(const char *s, size_t n, uint64_t *v) {
  uint64_t x = 0;
  if (!n)
    return DPSS_ETYPE;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return DPSS_ETYPE;
    if (x > (uint64_t)DPSS_MONEY_LIMIT)
      return DPSS_ERANGE;
    x = x * 10 + (uint64_t)(s[i] - '0');
  }
  *v = x;
  return DPSS_OK;
}

int dpss__parse_pence(const char *s, size_t n, int64_t *out) {
  bool neg = false;
  if (n && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s++;
    n--;
  }
  uint64_t v;
  int rc = digits(s, n, &v);
  if (rc)
    return rc;
  if (v > (uint64_t)DPSS_MONEY_LIMIT)
    return DPSS_ERANGE;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return DPSS_OK;
}

int dpss__parse_pounds(const char *s, size_t n, int64_t *out) {
  bool neg = false, paren = false;
  if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
    paren = neg = true;
    s++;
    n -= 2;
  }
  if (!paren && n && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s++;
    n--;
  }
  if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA3) { /* £ */
    s += 2;
    n -= 2;
  }
  /* Whole pounds: digits, or groups of three after a group of 1-3. */
  size_t i = 0, run = 0, groups = 0;
  uint64_t pounds = 0;
  bool commas = false;
  for (; i < n && s[i] != '.'; i++) {
    char c = s[i];
    if (c == ',') {
      if (run == 0 || (groups == 0 && run > 3) || (groups > 0 && run != 3))
        return DPSS_ETYPE;
      commas = true;
      groups++;
      run = 0;
      continue;
    }
    if (c < '0' || c > '9')
      return DPSS_ETYPE;
    if (pounds > (uint64_t)DPSS_MONEY_LIMIT)
      return DPSS_ERANGE;
    pounds = pounds * 10 + (uint64_t)(c - '0');
    run++;
  }
  if (run == 0 || (commas && run != 3) || (!commas && groups))
    return DPSS_ETYPE;
  uint64_t pence = 0;
  if (i < n) { /* '.', then one or two digits */
    size_t d = n - i - 1;
    if (d == 0)
      return DPSS_ETYPE;
    for (size_t k = i + 1; k < n; k++)
      if (s[k] < '0' || s[k] > '9')
        return DPSS_ETYPE;
    if (d > 2)
      return DPSS_ERANGE;
    pence = (uint64_t)(s[i + 1] - '0') * 10 + (d == 2 ? (uint64_t)(s[i + 2] - '0') : 0);
  }
  if (pounds > (uint64_t)DPSS_MONEY_LIMIT / 100)
    return DPSS_ERANGE;
  uint64_t v = pounds * 100 + pence;
  if (v > (uint64_t)DPSS_MONEY_LIMIT)
    return DPSS_ERANGE;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return DPSS_OK;
}

static int two(const char *s) {
  if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
    return -1;
  return (s[0] - '0') * 10 + (s[1] - '0');
}

int dpss__parse_date_text(const char *s, size_t n, int format, dpss_date *out) {
  int y, m, d;
  if (n != 10)
    return DPSS_EDATE;
  if (s[4] == '-' && s[7] == '-' && format != DPSS_DATES_DMY) {
    int hi = two(s), lo = two(s + 2);
    m = two(s + 5);
    d = two(s + 8);
    if (hi < 0 || lo < 0)
      return DPSS_EDATE;
    y = hi * 100 + lo;
  } else if (s[2] == '/' && s[5] == '/' && format != DPSS_DATES_ISO) {
    int hi = two(s + 6), lo = two(s + 8);
    d = two(s);
    m = two(s + 3);
    if (hi < 0 || lo < 0)
      return DPSS_EDATE;
    y = hi * 100 + lo;
  } else {
    return DPSS_EDATE;
  }
  if (m < 0 || d < 0)
    return DPSS_EDATE;
  return dpss_date_from_ymd(out, y, m, d) == DPSS_OK ? DPSS_OK : DPSS_EDATE;
}

/* ------------------------------------------------------------------ files */

int dpss__read_file(const char *path, const char *what, char **out, size_t *len) {
  *out = NULL;
  *len = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return dpss__fail(DPSS_EIO, NULL, "cannot open the %s file: %s", what, strerror(errno));
  struct stat st;
  int rc = DPSS_OK;
  char *buf = NULL;
  size_t n = 0, cap = 0;
  if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
    rc = dpss__fail(DPSS_EIO, NULL, "cannot read the %s file: %s", what, strerror(EISDIR));
  } else {
    cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
    for (;;) {
      if (n + 1 >= cap)
        cap *= 2;
      char *nb = dpss__realloc(buf, cap);
      if (!nb) {
        rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
        break;
      }
      buf = nb;
      size_t got = fread(buf + n, 1, cap - n - 1, fp);
      n += got;
      if (got == 0) {
        if (ferror(fp))
          rc = dpss__fail(DPSS_EIO, NULL, "cannot read the %s file: %s", what, strerror(errno));
        break;
      }
    }
  }
  fclose(fp);
  if (rc) {
    free(buf);
    return rc;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return DPSS_OK;
}
