/* SPDX-License-Identifier: MIT */
/* Recipients from CSV rows: the column convention (a column is named by its
 * field's path in the data contract), the header's plan (which field each
 * column gives, through a column mapping), and each row turned into the
 * recipient's JSON text, so that everything downstream reads JSON as ever.
 * The record reader drives it (reader_csv.c); see dpss/reader.h.
 *
 * Every cell is checked here, so that a bad one is named by its row, line
 * and column (and never quoted): facts, ids, words, pence, dates. What only
 * the whole record can tell (a funding total above the personal budget, a
 * date before another) is left to dpss_recipient_from_json(), which names
 * the field. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv_internal.h"
#include "reader_internal.h"

/* Messages and paths are cut to fit their fixed buffers on purpose. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

enum ctype {
  CT_ID,           /* an id */
  CT_WORD,         /* one of a list of words */
  CT_FACT,         /* true, false or empty (unknown) */
  CT_FACT_OR_TEXT, /* authorised_person: a fact, or who (kept as text) */
  CT_PENCE,        /* whole pence, not negative */
  CT_PENCE_SIGNED, /* whole pence, may be negative (a balance) */
  CT_DATE,
  CT_IDS, /* ids separated by ';' */
  CT_TEXT /* free text (a one-off's purpose) */
};

/* The objects a flat field belongs to. */
enum group { G_TOP, G_FUND_SC, G_FUND_H, G_BALANCE, G_SUPPORT, G_EXISTING };
static const char *const group_key[] = {"", "funding", "funding", "balance", "support",
                                        "existing_arrangement"};

struct cfield {
  const char *name; /* the column: the field's path (a list's: its key) */
  const char *key;  /* its key in its object */
  unsigned char type, group;
  bool required; /* its object cannot be given without it */
  const char *const *words;
  unsigned char n_words;
};

#define WORDS(a) a, (unsigned char)(sizeof(a) / sizeof(a[0]))
#define F_FACT(n) {n, n, CT_FACT, G_TOP, false, NULL, 0}
#define F_DATE(n) {n, n, CT_DATE, G_TOP, false, NULL, 0}

/* In the order the JSON text gives them; a group's fields are together. */
static const struct cfield flat[] = {
    {"id", "id", CT_ID, G_TOP, true, NULL, 0},
    {"kind", "kind", CT_WORD, G_TOP, false, dpss__kind_names, 2},
    F_FACT("has_capacity"),
    F_FACT("consents"),
    {"authorised_person", "authorised_person", CT_FACT_OR_TEXT, G_TOP, false, NULL, 0},
    F_FACT("excluding_order"),
    F_FACT("pays_household_family"),
    F_FACT("family_payment_necessary"),
    F_FACT("bank_account"),
    {"payment_method", "payment_method", CT_WORD, G_TOP, false, dpss__method_names, 3},
    F_FACT("card_suitable"),
    F_FACT("employs_pas"),
    F_FACT("considering_employing_pas"),
    F_FACT("complex_needs"),
    {"specialist_needs", "specialist_needs", CT_IDS, G_TOP, false, NULL, 0},
    {"risk", "risk", CT_WORD, G_TOP, false, dpss__risk_names, 2},
    {"funding.social_care.weekly_pence", "weekly_pence", CT_PENCE, G_FUND_SC, true, NULL, 0},
    {"funding.health.weekly_pence", "weekly_pence", CT_PENCE, G_FUND_H, true, NULL, 0},
    F_DATE("dp_start"),
    F_DATE("dp_end"),
    {"balance.on", "on", CT_DATE, G_BALANCE, false, NULL, 0},
    {"balance.pence", "pence", CT_PENCE_SIGNED, G_BALANCE, true, NULL, 0},
    {"balance.owed_pence", "owed_pence", CT_PENCE, G_BALANCE, false, NULL, 0},
    {"support.tier", "tier", CT_WORD, G_SUPPORT, false, dpss__tier_names, 3},
    {"support.since", "since", CT_DATE, G_SUPPORT, false, NULL, 0},
    {"support.completed", "completed", CT_FACT, G_SUPPORT, false, NULL, 0},
    {"support.provider", "provider", CT_ID, G_SUPPORT, false, NULL, 0},
    {"existing_arrangement.provider", "provider", CT_ID, G_EXISTING, true, NULL, 0},
    {"existing_arrangement.successful", "successful", CT_FACT, G_EXISTING, false, NULL, 0},
    F_DATE("last_review"),
    F_DATE("last_audit"),
    {"last_audit_outcome", "last_audit_outcome", CT_WORD, G_TOP, false,
     dpss__audit_outcome_names, 3},
    {"personal_budget_weekly_pence", "personal_budget_weekly_pence", CT_PENCE, G_TOP, false,
     NULL, 0},
    {"contribution_weekly_pence", "contribution_weekly_pence", CT_PENCE, G_TOP, false, NULL, 0},
    {"requested_provider", "requested_provider", CT_ID, G_TOP, false, NULL, 0},
};
#define N_FLAT (sizeof flat / sizeof flat[0])
#define F_FUND_SC 16
#define F_FUND_H 17
_Static_assert(F_FUND_H + 1 < N_FLAT, "the funding columns are where F_FUND_* say");

/* Lists of objects: columns `issues[0].id`, `issues[0].opened`, ... */
static const struct cfield issue_fields[] = {
    {"id", "id", CT_ID, 0, true, NULL, 0},
    {"opened", "opened", CT_DATE, 0, true, NULL, 0},
    {"resolved", "resolved", CT_DATE, 0, false, NULL, 0}};
static const struct cfield one_off_fields[] = {
    {"date", "date", CT_DATE, 0, true, NULL, 0},
    {"pence", "pence", CT_PENCE, 0, true, NULL, 0},
    {"purpose", "purpose", CT_TEXT, 0, false, NULL, 0}};
static const struct cfield audit_fields[] = {
    {"date", "date", CT_DATE, 0, true, NULL, 0},
    {"outcome", "outcome", CT_WORD, 0, true, dpss__audit_outcome_names, 3}};
static const struct cfield event_fields[] = {
    {"date", "date", CT_DATE, 0, true, NULL, 0},
    {"kind", "kind", CT_WORD, 0, true, dpss__event_names, 4}};

#define LIST_FIELDS_MAX 3
#define LIST_INDEX_MAX 999
static const struct clist {
  const char *name;
  const struct cfield *fields;
  unsigned char n;
} lists[] = {{"issues", issue_fields, 3},
             {"one_off_payments", one_off_fields, 3},
             {"audits", audit_fields, 2},
             {"events", event_fields, 2}};
#define N_LISTS (sizeof lists / sizeof lists[0])

/* Our column: a flat field (list < 0) or a field of a list's item. */
struct target {
  int field; /* index in flat[] or in the list's fields; -1: none */
  int list;
  int index;
};

static struct target resolve(const char *name) {
  struct target t = {-1, -1, 0};
  for (size_t i = 0; i < N_FLAT; i++)
    if (strcmp(flat[i].name, name) == 0) {
      t.field = (int)i;
      return t;
    }
  for (size_t l = 0; l < N_LISTS; l++) {
    size_t n = strlen(lists[l].name);
    if (strncmp(name, lists[l].name, n) != 0 || name[n] != '[')
      continue;
    const char *d = name + n + 1;
    int index = 0, digits = 0;
    for (; *d >= '0' && *d <= '9' && digits < 4; d++, digits++)
      index = index * 10 + (*d - '0');
    if (digits == 0 || index > LIST_INDEX_MAX || (digits > 1 && name[n + 1] == '0') ||
        d[0] != ']' || d[1] != '.')
      return t;
    for (unsigned k = 0; k < lists[l].n; k++)
      if (strcmp(d + 2, lists[l].fields[k].name) == 0) {
        t.field = (int)k;
        t.list = (int)l;
        t.index = index;
      }
    return t;
  }
  return t;
}

static const struct cfield *def_of(struct target t) {
  return t.list < 0 ? &flat[t.field] : &lists[t.list].fields[t.field];
}

int dpss__rplan_check_mapping(const dpss_mapping *m) {
  char field[160];
  for (size_t i = 0; i < m->n_columns; i++)
    if (m->columns[i].ours && resolve(m->columns[i].ours).field < 0) {
      snprintf(field, sizeof field, "columns.%s", m->columns[i].theirs);
      return dpss__fail(DPSS_EUNKNOWN, field,
                        "maps to a column recipients do not have (columns are named by "
                        "the field's path: id, has_capacity, balance.pence, issues[0].opened...)");
    }
  for (size_t i = 0; i < m->n_values; i++)
    if (resolve(m->values[i].column).field < 0) {
      snprintf(field, sizeof field, "values.%s", m->values[i].column);
      return dpss__fail(DPSS_EUNKNOWN, field, "not a column recipients have");
    }
  return DPSS_OK;
}

/* ------------------------------------------------------------- the plan */

struct pcol {
  struct target t; /* t.field < 0: the column is ignored */
  const struct cfield *def;
  const dpss_map_values *vm;
  char *header; /* their header, for messages */
  char *ours;   /* our column's name (lists: with the index) */
};

struct pitem {
  int list, index;
  int col[LIST_FIELDS_MAX]; /* the column of each of the list's fields, or -1 */
};

/* A cell read: what to write for it. */
enum vkind { V_NONE, V_STR, V_TRUE, V_FALSE, V_INT, V_DATE, V_IDS };
struct val {
  unsigned char kind;
  const char *s; /* V_STR, V_IDS: NUL-terminated */
  int64_t n;     /* V_INT: pence; V_DATE: a dpss_date */
};

struct dpss__rplan {
  struct pcol *cols;
  size_t n_cols;
  int flat_col[N_FLAT];
  struct pitem *items;
  size_t n_items;
  int date_format;
  struct val *vals; /* one per column, for the row being read */
};

void dpss__rplan_free(dpss__rplan *p) {
  if (!p)
    return;
  for (size_t c = 0; c < p->n_cols; c++) {
    free(p->cols[c].header);
    free(p->cols[c].ours);
  }
  free(p->cols);
  free(p->items);
  free(p->vals);
  free(p);
}

bool dpss__rplan_multiline(const dpss__rplan *p, size_t column) {
  if (!p || column >= p->n_cols)
    return false;
  const struct pcol *c = &p->cols[column];
  return c->t.field < 0 || c->def->type == CT_TEXT || c->def->type == CT_FACT_OR_TEXT;
}

/* A header for a message: printable ASCII, at most 40 bytes ('?' for
 * anything else): headers are not personal values, but they reach
 * terminals. */
static void shown_header(char *out, size_t size, const char *h) {
  size_t k = 0;
  for (; *h && k + 1 < size && k < 40; h++)
    out[k++] = (*h >= 0x20 && *h < 0x7f) ? *h : '?';
  out[k] = '\0';
}

/* Where a cell is, for a message: column N ["their header"] at line L. */
static void where(char *out, size_t size, const dpss__rplan *p, size_t column, int64_t line) {
  char h[48] = "";
  if (p && column < p->n_cols && p->cols[column].header &&
      (!p->cols[column].ours || strcmp(p->cols[column].header, p->cols[column].ours) != 0))
    shown_header(h, sizeof h, p->cols[column].header);
  if (*h)
    snprintf(out, size, "column %zu \"%s\" at line %lld", column + 1, h, (long long)line);
  else
    snprintf(out, size, "column %zu at line %lld", column + 1, (long long)line);
}

int dpss__rplan_fail(const dpss__rplan *p, int code, const char *field, size_t column,
                     int64_t line, const char *fmt, ...) {
  char what[200], at[120];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  where(at, sizeof at, p, column, line);
  if (!field && p && column < p->n_cols)
    field = p->cols[column].ours;
  dpss__fail(code, field, "%s, in %s", what, at);
  dpss__error_set_position(clamp_int(line), clamp_int((int64_t)column + 1));
  return code;
}

/* Trim blanks around a cell, in place. */
static char *trim(char *s, size_t *len) {
  size_t n = *len;
  while (n && (*s == ' ' || *s == '\t')) {
    s++;
    n--;
  }
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  s[n] = '\0';
  *len = n;
  return s;
}

static int item_of(dpss__rplan *p, struct target t) {
  for (size_t i = 0; i < p->n_items; i++)
    if (p->items[i].list == t.list && p->items[i].index == t.index)
      return (int)i;
  struct pitem *ni = dpss__realloc(p->items, (p->n_items + 1) * sizeof *ni);
  if (!ni)
    return -1;
  p->items = ni;
  struct pitem *it = &ni[p->n_items];
  it->list = t.list;
  it->index = t.index;
  for (int k = 0; k < LIST_FIELDS_MAX; k++)
    it->col[k] = -1;
  return (int)p->n_items++;
}

static int item_order(const void *a, const void *b) {
  const struct pitem *x = a, *y = b;
  if (x->list != y->list)
    return x->list < y->list ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* A fault of the header (fatal for the reader). */
static int header_fail(const dpss__rplan *p, int code, const char *field, size_t column,
                       int64_t line, const char *why) {
  return dpss__rplan_fail(p, code, field, column, line, "%s", why);
}

/* Every object given must be able to have its required fields. */
static int check_groups(dpss__rplan *p, int64_t line) {
  char why[200];
  for (size_t f = 0; f < N_FLAT; f++) {
    if (flat[f].group == G_TOP || flat[f].group == G_FUND_SC || flat[f].group == G_FUND_H ||
        flat[f].required || p->flat_col[f] < 0)
      continue;
    for (size_t k = 0; k < N_FLAT; k++)
      if (flat[k].group == flat[f].group && flat[k].required && p->flat_col[k] < 0) {
        snprintf(why, sizeof why, "the header has %s but no %s column", flat[f].name,
                 flat[k].name);
        return header_fail(p, DPSS_EMISSING, flat[k].name, (size_t)p->flat_col[f], line, why);
      }
  }
  for (size_t i = 0; i < p->n_items; i++) {
    const struct pitem *it = &p->items[i];
    const struct clist *l = &lists[it->list];
    int given = -1;
    for (unsigned k = 0; k < l->n; k++)
      if (it->col[k] >= 0)
        given = it->col[k];
    for (unsigned k = 0; k < l->n; k++)
      if (l->fields[k].required && it->col[k] < 0) {
        char field[80];
        snprintf(field, sizeof field, "%s[%d].%s", l->name, it->index, l->fields[k].name);
        snprintf(why, sizeof why, "the header has %s but no %s column",
                 p->cols[given].ours, field);
        return header_fail(p, DPSS_EMISSING, field, (size_t)given, line, why);
      }
  }
  return DPSS_OK;
}

int dpss__rplan_new(dpss__rplan **out, const dpss_mapping *m, dpss__cells *h) {
  *out = NULL;
  dpss__rplan *p = dpss__calloc(1, sizeof *p);
  if (!p)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (size_t f = 0; f < N_FLAT; f++)
    p->flat_col[f] = -1;
  p->date_format = m ? m->date_format : DPSS_DATES_ANY;
  p->cols = dpss__calloc(h->n, sizeof *p->cols);
  p->vals = dpss__calloc(h->n, sizeof *p->vals);
  int rc = p->cols && p->vals ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (size_t c = 0; !rc && c < h->n; c++) {
    struct pcol *col = &p->cols[c];
    int64_t line = h->line[c];
    size_t len = h->len[c];
    char *name = trim(h->field[c], &len);
    col->t.field = -1;
    p->n_cols = c + 1;
    if (!(col->header = dpss__strdup(name))) {
      rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
      break;
    }
    if (strlen(name) != len ||
        dpss__utf8_invalid((const unsigned char *)name, len) < len) {
      rc = dpss__rplan_fail(p, DPSS_ESYNTAX, "", c, line,
                            "the header holds a NUL byte or bytes that are not UTF-8");
      break;
    }
    const dpss_map_pair *pair = dpss__mapping_find(m, name);
    const char *ours = pair ? pair->ours : name;
    if (!ours)
      continue; /* mapped to null: ignored */
    struct target t = resolve(ours);
    if (t.field < 0) {
      if (!pair && m && m->ignore_other)
        continue;
      rc = *name ? dpss__rplan_fail(p, DPSS_EUNKNOWN, "", c, line,
                                    "the header names a column that is not a recipient field "
                                    "(a column is named by the field's path: id, has_capacity, "
                                    "balance.pence, issues[0].opened...; a column mapping can "
                                    "rename or ignore it)")
                 : dpss__rplan_fail(p, DPSS_EUNKNOWN, "", c, line,
                                    "a column of the header has no name (a column mapping can "
                                    "ignore it: \"columns\": {\"\": null})");
      break;
    }
    col->t = t;
    col->def = def_of(t);
    if (t.list < 0) {
      col->ours = dpss__strdup(flat[t.field].name);
    } else {
      char full[80];
      snprintf(full, sizeof full, "%s[%d].%s", lists[t.list].name, t.index, col->def->name);
      col->ours = dpss__strdup(full);
    }
    if (!col->ours) {
      rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
      break;
    }
    int *slot;
    if (t.list < 0) {
      slot = &p->flat_col[t.field];
    } else {
      int i = item_of(p, t);
      if (i < 0) {
        rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
        break;
      }
      slot = &p->items[i].col[t.field];
    }
    if (*slot >= 0) {
      rc = dpss__rplan_fail(p, DPSS_EDUPLICATE, NULL, c, line, "column %d gives it too",
                            *slot + 1);
      break;
    }
    *slot = (int)c;
    col->vm = dpss__mapping_values_of(m, col->ours);
    if (!col->vm && m && (col->def->type == CT_FACT || col->def->type == CT_FACT_OR_TEXT))
      col->vm = m->facts;
  }
  if (!rc && p->flat_col[0] < 0)
    rc = dpss__fail_at(DPSS_EMISSING, clamp_int(h->line0), 1,
                       "id: the header (line %lld) has no id column", (long long)h->line0);
  if (!rc && p->flat_col[0] >= 0)
    rc = check_groups(p, h->line0);
  if (rc) {
    dpss__rplan_free(p);
    return rc;
  }
  if (p->n_items > 1)
    qsort(p->items, p->n_items, sizeof *p->items, item_order);
  *out = p;
  return DPSS_OK;
}

/* --------------------------------------------------------------- a row */

static const char *date_form(int format) {
  return format == DPSS_DATES_ISO   ? "YYYY-MM-DD"
         : format == DPSS_DATES_DMY ? "DD/MM/YYYY"
                                    : "YYYY-MM-DD or DD/MM/YYYY";
}

/* Read one cell into p->vals[c]: 0 or a bad-row code (recorded). */
static int read_cell(dpss__rplan *p, dpss__cells *row, size_t c) {
  struct pcol *col = &p->cols[c];
  struct val *v = &p->vals[c];
  v->kind = V_NONE;
  if (col->t.field < 0)
    return DPSS_OK;
  int64_t line = row->line[c];
  size_t len = row->len[c];
  const char *s = trim(row->field[c], &len);
  if (strlen(s) != len)
    return dpss__rplan_fail(p, DPSS_ESYNTAX, NULL, c, line, "a NUL byte");
  if (dpss__utf8_invalid((const unsigned char *)s, len) < len)
    return dpss__rplan_fail(p, DPSS_ESYNTAX, NULL, c, line, "bytes that are not UTF-8");
  if (col->vm) {
    s = dpss__map_value(col->vm, s);
    len = strlen(s);
  }
  if (len == 0)
    return DPSS_OK; /* unknown, none */
  const struct cfield *d = col->def;
  int rc;
  switch (d->type) {
  case CT_FACT:
  case CT_FACT_OR_TEXT:
    if (strcasecmp(s, "true") == 0) {
      v->kind = V_TRUE;
    } else if (strcasecmp(s, "false") == 0) {
      v->kind = V_FALSE;
    } else if (d->type == CT_FACT_OR_TEXT) {
      v->kind = V_STR;
      v->s = s;
    } else {
      return dpss__rplan_fail(p, DPSS_ETYPE, NULL, c, line,
                              "expected true, false or empty (unknown)");
    }
    return DPSS_OK;
  case CT_ID:
    if (!dpss__id_valid(s))
      return dpss__rplan_fail(p, DPSS_ETYPE, NULL, c, line,
                              "expected an id (1 to 64 printable ASCII characters, no spaces)");
    v->kind = V_STR;
    v->s = s;
    return DPSS_OK;
  case CT_WORD: {
    int k = dpss__lookup(d->words, d->n_words, s);
    if (k < 0) {
      char list[120] = "";
      size_t at = 0;
      for (unsigned i = 0; i < d->n_words && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", d->words[i]);
      return dpss__rplan_fail(p, DPSS_EUNKNOWN, NULL, c, line, "expected one of %s", list);
    }
    v->kind = V_STR;
    v->s = d->words[k];
    return DPSS_OK;
  }
  case CT_PENCE:
  case CT_PENCE_SIGNED:
    rc = dpss__parse_pence(s, len, &v->n);
    if (rc == DPSS_ERANGE)
      return dpss__rplan_fail(p, DPSS_ERANGE, NULL, c, line,
                              "an amount larger than any direct payment could be");
    if (rc)
      return dpss__rplan_fail(p, DPSS_ETYPE, NULL, c, line,
                              "expected whole pence (digits, e.g. 310000 for £3,100.00)");
    if (v->n < 0 && d->type == CT_PENCE)
      return dpss__rplan_fail(p, DPSS_ERANGE, NULL, c, line, "an amount that may not be negative");
    v->kind = V_INT;
    return DPSS_OK;
  case CT_DATE: {
    dpss_date day;
    if (dpss__parse_date_text(s, len, p->date_format, &day) != DPSS_OK)
      return dpss__rplan_fail(p, DPSS_EDATE, NULL, c, line, "expected a real date written %s",
                              date_form(p->date_format));
    v->kind = V_DATE;
    v->n = day;
    return DPSS_OK;
  }
  case CT_IDS:
    for (const char *q = s;;) {
      const char *semi = strchr(q, ';');
      size_t n = semi ? (size_t)(semi - q) : strlen(q);
      while (n && (*q == ' ' || *q == '\t')) {
        q++;
        n--;
      }
      while (n && (q[n - 1] == ' ' || q[n - 1] == '\t'))
        n--;
      bool ok = n > 0 && n <= DPSS_ID_MAX;
      for (size_t k = 0; ok && k < n; k++)
        ok = (unsigned char)q[k] > 0x20 && (unsigned char)q[k] < 0x7f;
      if (!ok)
        return dpss__rplan_fail(p, DPSS_ETYPE, NULL, c, line,
                                "expected ids separated by ';' (each 1 to 64 printable ASCII "
                                "characters, no spaces)");
      if (!semi)
        break;
      q = semi + 1;
    }
    v->kind = V_IDS;
    v->s = s;
    return DPSS_OK;
  case CT_TEXT:
  default:
    v->kind = V_STR;
    v->s = s;
    return DPSS_OK;
  }
}

static void put_val(dpss_sb *sb, const struct val *v) {
  switch (v->kind) {
  case V_STR:
    dpss_sb_json_str(sb, v->s);
    break;
  case V_TRUE:
    dpss_sb_puts(sb, "true");
    break;
  case V_FALSE:
    dpss_sb_puts(sb, "false");
    break;
  case V_INT:
    dpss_sb_int(sb, v->n);
    break;
  case V_DATE:
    dpss_sb_json_date(sb, (dpss_date)v->n);
    break;
  case V_IDS: {
    dpss_sb_putc(sb, '[');
    bool first = true;
    for (const char *q = v->s;;) {
      const char *semi = strchr(q, ';');
      size_t n = semi ? (size_t)(semi - q) : strlen(q);
      while (*q == ' ' || *q == '\t') {
        q++;
        n--;
      }
      while (q[n - 1] == ' ' || q[n - 1] == '\t')
        n--;
      if (!first)
        dpss_sb_putc(sb, ',');
      first = false;
      dpss_sb_putc(sb, '"'); /* checked: printable ASCII; quotes and backslashes escaped */
      for (size_t k = 0; k < n; k++) {
        if (q[k] == '"' || q[k] == '\\')
          dpss_sb_putc(sb, '\\');
        dpss_sb_putc(sb, q[k]);
      }
      dpss_sb_putc(sb, '"');
      if (!semi)
        break;
      q = semi + 1;
    }
    dpss_sb_putc(sb, ']');
    break;
  }
  default:
    dpss_sb_puts(sb, "null");
  }
}

static const struct val *flat_val(const dpss__rplan *p, size_t f) {
  static const struct val none = {V_NONE, NULL, 0};
  return p->flat_col[f] >= 0 ? &p->vals[p->flat_col[f]] : &none;
}

static bool item_given(const dpss__rplan *p, const struct pitem *it) {
  for (unsigned k = 0; k < lists[it->list].n; k++)
    if (it->col[k] >= 0 && p->vals[it->col[k]].kind != V_NONE)
      return true;
  return false;
}

/* The required fields of every object the row gives. */
static int check_required(const dpss__rplan *p, const dpss__cells *row) {
  for (size_t f = 0; f < N_FLAT; f++) {
    if (!flat[f].required || flat[f].group == G_TOP || flat[f].group == G_FUND_SC ||
        flat[f].group == G_FUND_H || flat_val(p, f)->kind != V_NONE)
      continue;
    for (size_t k = 0; k < N_FLAT; k++)
      if (flat[k].group == flat[f].group && flat_val(p, k)->kind != V_NONE) {
        int c = p->flat_col[f]; /* the header has it: check_groups */
        return dpss__rplan_fail(p, DPSS_EMISSING, NULL, (size_t)c, row->line[c],
                                "empty, but required when the row gives %s", flat[k].name);
      }
  }
  for (size_t i = 0; i < p->n_items; i++) {
    const struct pitem *it = &p->items[i];
    if (!item_given(p, it))
      continue;
    const struct clist *l = &lists[it->list];
    for (unsigned k = 0; k < l->n; k++)
      if (l->fields[k].required && p->vals[it->col[k]].kind == V_NONE) {
        int c = it->col[k];
        return dpss__rplan_fail(p, DPSS_EMISSING, NULL, (size_t)c, row->line[c],
                                "empty, but required when the row gives other %s[%d] cells",
                                l->name, it->index);
      }
  }
  return DPSS_OK;
}

static void put_json(const dpss__rplan *p, dpss_sb *sb) {
  dpss_sb_putc(sb, '{');
  bool first = true;
  size_t f = 0;
  while (f < N_FLAT) {
    unsigned g = flat[f].group;
    if (g == G_TOP) {
      const struct val *v = flat_val(p, f);
      if (v->kind != V_NONE) {
        dpss_sb_key(sb, &first, flat[f].key);
        put_val(sb, v);
      }
      f++;
      continue;
    }
    if (g == G_FUND_SC) { /* the funding streams: G_FUND_SC, G_FUND_H */
      const struct val *sc = flat_val(p, F_FUND_SC), *h = flat_val(p, F_FUND_H);
      if (sc->kind != V_NONE || h->kind != V_NONE) {
        dpss_sb_key(sb, &first, "funding");
        dpss_sb_putc(sb, '[');
        if (sc->kind != V_NONE) {
          dpss_sb_puts(sb, "{\"source\":\"social_care\",\"weekly_pence\":");
          put_val(sb, sc);
          dpss_sb_putc(sb, '}');
        }
        if (h->kind != V_NONE) {
          dpss_sb_puts(sb, sc->kind != V_NONE ? ",{\"source\":\"health\",\"weekly_pence\":"
                                              : "{\"source\":\"health\",\"weekly_pence\":");
          put_val(sb, h);
          dpss_sb_putc(sb, '}');
        }
        dpss_sb_putc(sb, ']');
      }
      f = F_FUND_H + 1;
      continue;
    }
    size_t e = f;
    bool any = false;
    for (; e < N_FLAT && flat[e].group == g; e++)
      any |= flat_val(p, e)->kind != V_NONE;
    if (any) {
      dpss_sb_key(sb, &first, group_key[g]);
      dpss_sb_putc(sb, '{');
      bool inner = true;
      for (size_t k = f; k < e; k++) {
        const struct val *v = flat_val(p, k);
        if (v->kind == V_NONE)
          continue;
        dpss_sb_key(sb, &inner, flat[k].key);
        put_val(sb, v);
      }
      dpss_sb_putc(sb, '}');
    }
    f = e;
  }
  for (size_t i = 0; i < p->n_items;) {
    int list = p->items[i].list;
    bool open = false;
    for (; i < p->n_items && p->items[i].list == list; i++) {
      const struct pitem *it = &p->items[i];
      if (!item_given(p, it))
        continue;
      if (!open)
        dpss_sb_key(sb, &first, lists[list].name);
      dpss_sb_putc(sb, open ? ',' : '[');
      open = true;
      dpss_sb_putc(sb, '{');
      bool inner = true;
      for (unsigned k = 0; k < lists[list].n; k++) {
        if (it->col[k] < 0 || p->vals[it->col[k]].kind == V_NONE)
          continue;
        dpss_sb_key(sb, &inner, lists[list].fields[k].key);
        put_val(sb, &p->vals[it->col[k]]);
      }
      dpss_sb_putc(sb, '}');
    }
    if (open)
      dpss_sb_putc(sb, ']');
  }
  dpss_sb_putc(sb, '}');
}

bool dpss__rplan_blank(const dpss__cells *row) {
  for (size_t c = 0; c < row->n; c++)
    for (size_t k = 0; k < row->len[c]; k++)
      if (row->field[c][k] != ' ' && row->field[c][k] != '\t')
        return false;
  return true;
}

void dpss__rplan_id(dpss__rplan *p, dpss__cells *row, dpss_sb *sb) {
  size_t c = (size_t)p->flat_col[0];
  if (c >= row->n)
    return;
  size_t len = row->len[c];
  const char *s = trim(row->field[c], &len);
  if (p->cols[c].vm)
    s = dpss__map_value(p->cols[c].vm, s);
  if (!dpss__id_valid(s))
    return;
  dpss_sb_puts(sb, "{\"id\":");
  dpss_sb_json_str(sb, s);
  dpss_sb_putc(sb, '}');
}

int dpss__rplan_row(dpss__rplan *p, dpss__cells *row, dpss_sb *sb) {
  size_t start = sb->len;
  int rc = DPSS_OK;
  size_t id_col = (size_t)p->flat_col[0];
  if (row->n != p->n_cols) {
    size_t c = row->n < p->n_cols ? row->n : p->n_cols;
    rc = dpss__rplan_fail(p, DPSS_ESYNTAX, "", c, row->line[row->n - 1],
                          "the row has %zu cells where the header has %zu", row->n, p->n_cols);
  }
  if (!rc && (rc = read_cell(p, row, id_col)) == DPSS_OK && p->vals[id_col].kind == V_NONE)
    rc = dpss__rplan_fail(p, DPSS_EMISSING, NULL, id_col, row->line[id_col],
                          "empty, but every row needs an id");
  for (size_t c = 0; !rc && c < p->n_cols; c++)
    if (c != id_col)
      rc = read_cell(p, row, c);
  if (!rc)
    rc = check_required(p, row);
  if (rc) {
    dpss_error err = *dpss_error_last();
    sb->len = start;
    if (!sb->oom)
      dpss__rplan_id(p, row, sb);
    dpss__error_set(&err);
    return rc;
  }
  put_json(p, sb);
  return sb->oom ? dpss__fail(DPSS_ENOMEM, NULL, "out of memory") : DPSS_OK;
}
