/* SPDX-License-Identifier: MIT */
/* Policy: parameters with built-in defaults, effective-dated schedules,
 * JSON load/save, what-if overrides and their provenance. The parameter
 * table and the reading of single values are in policy_params.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_internal.h"

#define params dpss__params

typedef struct sched {
  dpss_date from; /* DPSS_DATE_NONE: holds from the beginning of time */
  int64_t value;
} sched;

typedef struct pval {
  size_t n; /* 0: built-in default */
  sched *e; /* sorted by from, distinct */
  int unit; /* how a period was spelt when read (UNIT_ANY: per value) */
} pval;

struct dpss_policy {
  char *id;
  char *version;
  char *description;
  pval p[DPSS_P_COUNT_];
  dpss_list *lists; /* list values, referred to by index */
  size_t n_lists;
  uint64_t overridden;  /* bit per parameter set as a what-if override */
  char *overrides_json; /* {"name": value, ...}, or NULL with none */
};

#define DEFAULT_ID "nottinghamshire"
#define DEFAULT_VERSION "2013-10-28"

/* ------------------------------------------------------------- lifecycle */

static void pvals_free(pval *p) {
  for (int i = 0; i < DPSS_P_COUNT_; i++) {
    free(p[i].e);
    p[i].e = NULL;
    p[i].n = 0;
  }
}

static void lists_free(dpss_list *lists, size_t n) {
  for (size_t i = 0; i < n; i++)
    dpss__list_free(&lists[i]);
  free(lists);
}

void dpss_policy_free(dpss_policy *policy) {
  if (!policy)
    return;
  pvals_free(policy->p);
  lists_free(policy->lists, policy->n_lists);
  free(policy->id);
  free(policy->version);
  free(policy->description);
  free(policy->overrides_json);
  free(policy);
}

static dpss_policy *policy_alloc(const char *id, const char *version) {
  dpss_policy *p = dpss__calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->id = dpss__strdup(id);
  p->version = dpss__strdup(version);
  if (!p->id || !p->version) {
    dpss_policy_free(p);
    return NULL;
  }
  return p;
}

int dpss_policy_new(dpss_policy **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = policy_alloc(DEFAULT_ID, DEFAULT_VERSION);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

static int list_copy(dpss_list *dst, const dpss_list *src) {
  dst->n = 0;
  dst->items = dpss__calloc(src->n ? src->n : 1, sizeof *dst->items);
  if (!dst->items)
    return -1;
  for (size_t k = 0; k < src->n; k++) {
    if (!(dst->items[k] = dpss__strdup(src->items[k])))
      return -1;
    dst->n++;
  }
  return 0;
}

int dpss_policy_clone(dpss_policy **out, const dpss_policy *policy) {
  if (out)
    *out = NULL;
  if (!out || !policy)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_policy *c = policy_alloc(policy->id, policy->version);
  if (!c)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  bool ok = true;
  if (policy->description && !(c->description = dpss__strdup(policy->description)))
    ok = false;
  if (ok && policy->overrides_json && !(c->overrides_json = dpss__strdup(policy->overrides_json)))
    ok = false;
  c->overridden = policy->overridden;
  for (int i = 0; ok && i < DPSS_P_COUNT_; i++) {
    c->p[i].unit = policy->p[i].unit;
    if (!policy->p[i].n)
      continue;
    if (!(c->p[i].e = dpss__malloc(policy->p[i].n * sizeof(sched)))) {
      ok = false;
      break;
    }
    memcpy(c->p[i].e, policy->p[i].e, policy->p[i].n * sizeof(sched));
    c->p[i].n = policy->p[i].n;
  }
  if (ok && policy->n_lists) {
    if (!(c->lists = dpss__calloc(policy->n_lists, sizeof *c->lists)))
      ok = false;
    for (size_t k = 0; ok && k < policy->n_lists; k++) {
      c->n_lists++;
      if (list_copy(&c->lists[k], &policy->lists[k]))
        ok = false;
    }
  }
  if (!ok) {
    dpss_policy_free(c);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  *out = c;
  return DPSS_OK;
}

int dpss__policy_copy_or_default(const dpss_policy *policy, dpss_policy **out) {
  return policy ? dpss_policy_clone(out, policy) : dpss_policy_new(out);
}

const char *dpss_policy_id(const dpss_policy *policy) { return policy ? policy->id : ""; }

const char *dpss_policy_version(const dpss_policy *policy) {
  return policy ? policy->version : "";
}

const char *dpss_policy_description(const dpss_policy *policy) {
  return policy && policy->description ? policy->description : "";
}

/* ---------------------------------------------------------------- values */

static int64_t value_on(const dpss_policy *policy, int id, dpss_date on) {
  const pval *pv = &policy->p[id];
  int64_t v = params[id].def;
  for (size_t i = 0; i < pv->n && pv->e[i].from <= on; i++)
    v = pv->e[i].value;
  return v;
}

void dpss__policy_resolve(const dpss_policy *policy, dpss_date on, dpss_params *out) {
  for (int i = 0; i < DPSS_P_COUNT_; i++)
    out->v[i] = value_on(policy, i, on);
}

const char *const *dpss__policy_list(const dpss_policy *policy, int64_t value, size_t *n) {
  if (!policy || value < 0 || (size_t)value >= policy->n_lists)
    return dpss__default_list(DPSS_P_PROHIBITED_CATEGORIES, n);
  *n = policy->lists[value].n;
  return (const char *const *)policy->lists[value].items;
}

/* Take a list into the policy; its index, or -1 (ENOMEM, list freed). */
static int64_t adopt_list(dpss_policy *policy, dpss_list *list) {
  dpss_list *n = dpss__realloc(policy->lists, (policy->n_lists + 1) * sizeof *n);
  if (!n) {
    dpss__list_free(list);
    return -1;
  }
  policy->lists = n;
  n[policy->n_lists] = *list;
  list->items = NULL;
  list->n = 0;
  return (int64_t)policy->n_lists++;
}

/* "name":value for one parameter's value: a period under the name of its
 * unit (first_review_months: 6, first_review_weeks: 12), as 0.1 wrote it. */
static void key_value(dpss_sb *sb, const dpss_policy *policy, int id, int64_t v) {
  const struct dpss_param_def *d = &params[id];
  dpss_sb_putc(sb, '"');
  dpss_sb_puts(sb, d->name);
  if (d->type == PT_PERIOD) {
    dpss_sb_puts(sb, v & DPSS_PERIOD_WEEKS ? "_weeks\":" : "_months\":");
    dpss_sb_int(sb, v & ~DPSS_PERIOD_WEEKS);
    return;
  }
  dpss_sb_puts(sb, "\":");
  if (d->type == PT_LIST) {
    size_t n;
    const char *const *items = dpss__policy_list(policy, v, &n);
    dpss__list_json(sb, items, n);
  } else {
    dpss__param_value_json(sb, id, v);
  }
}

void dpss__param_json_kv(dpss_sb *sb, int id, int64_t value) {
  key_value(sb, NULL, id, value);
}

/* --------------------------------------------------------------- reading */

static int cmp_sched(const void *a, const void *b) {
  const sched *x = a, *y = b;
  return (x->from > y->from) - (x->from < y->from);
}

/* A list parameter's JSON is a plain value when it is a list of words. */
static bool is_schedule(const json_t *v, int id) {
  if (!json_is_array(v))
    return false;
  if (params[id].type != PT_LIST)
    return true;
  return json_array_size(v) > 0 && json_is_object(json_array_get(v, 0));
}

static int read_one(dpss_policy *pol, const json_t *v, int id, int unit, dpss_path *p,
                    int64_t *out) {
  dpss_list list = {NULL, 0};
  int rc = dpss__read_param_value(v, id, unit, p, out, &list);
  if (rc) {
    dpss__list_free(&list);
    return rc;
  }
  if (params[id].type == PT_LIST && (*out = adopt_list(pol, &list)) < 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  return DPSS_OK;
}

static int read_param(dpss_policy *pol, const json_t *v, int id, int unit, dpss_path *p) {
  pval *out = &pol->p[id];
  out->unit = unit;
  if (!is_schedule(v, id)) {
    int64_t x;
    int rc = read_one(pol, v, id, unit, p, &x);
    if (rc)
      return rc;
    if (!(out->e = dpss__malloc(sizeof(sched))))
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    out->e[0].from = DPSS_DATE_NONE;
    out->e[0].value = x;
    out->n = 1;
    return DPSS_OK;
  }
  size_t n = json_array_size(v);
  if (n == 0)
    return dpss__fail(DPSS_EMISSING, p->buf, "a schedule needs at least one {from, value}");
  if (!(out->e = dpss__calloc(n, sizeof(sched))))
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  out->n = n;
  static const char *const keys[] = {"from", "value"};
  for (size_t i = 0; i < n; i++) {
    const json_t *entry = json_array_get(v, i);
    size_t m = dpss_path_push_index(p, i);
    int rc = dpss__expect_object(entry, p);
    if (!rc)
      rc = dpss__only_keys(entry, p, keys, 2);
    if (!rc) {
      const json_t *from = json_object_get(entry, "from");
      const json_t *value = json_object_get(entry, "value");
      size_t k = dpss_path_push_key(p, "from");
      if (!from || json_is_null(from))
        rc = dpss__fail(DPSS_EMISSING, p->buf, "required");
      else
        rc = dpss__read_date(from, p, &out->e[i].from);
      dpss_path_pop(p, k);
      if (!rc) {
        k = dpss_path_push_key(p, "value");
        rc = value ? read_one(pol, value, id, unit, p, &out->e[i].value)
                   : dpss__fail(DPSS_EMISSING, p->buf, "required");
        dpss_path_pop(p, k);
      }
    }
    dpss_path_pop(p, m);
    if (rc)
      return rc;
  }
  if (n > 1)
    qsort(out->e, n, sizeof(sched), cmp_sched);
  for (size_t i = 1; i < n; i++)
    if (out->e[i].from == out->e[i - 1].from)
      return dpss__fail(DPSS_EDUPLICATE, p->buf, "two values from the same date");
  return DPSS_OK;
}

/* Printable text: no control character (U+0000-U+001F, U+007F-U+009F);
 * jansson has checked the UTF-8. */
static bool printable(const char *s) {
  for (const unsigned char *u = (const unsigned char *)s; *u; u++)
    if (*u < 0x20 || *u == 0x7f || (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f))
      return false;
  return true;
}

static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (const unsigned char *u = (const unsigned char *)s; *u; u++)
    n += (*u & 0xc0) != 0x80;
  return n;
}

/* id and version are labels: 1 to 64 bytes of printable text (they are
 * copied into the 64-byte fields of decisions and schedules), and an empty
 * version reads as none (a policy without one writes none). description is
 * free text for readers: 1 to 4096 characters, lines allowed. Absent or
 * null: def. */
static int read_text_field(const json_t *obj, const char *key, const char *def, bool label,
                           char **out) {
  const json_t *v = json_object_get(obj, key);
  if (!v || json_is_null(v) ||
      (strcmp(key, "version") == 0 && json_is_string(v) && json_string_length(v) == 0)) {
    *out = def ? dpss__strdup(def) : NULL;
    return !def || *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  if (!json_is_string(v))
    return dpss__fail(DPSS_ETYPE, key, "expected a string");
  const char *s = json_string_value(v);
  if (label && (json_string_length(v) == 0 || json_string_length(v) > DPSS_ID_MAX ||
                !printable(s)))
    return dpss__fail(DPSS_ERANGE, key,
                      "expected 1 to %d bytes of printable text (no control characters)",
                      DPSS_ID_MAX);
  if (!label && (utf8_chars(s) == 0 || utf8_chars(s) > 4096))
    return dpss__fail(DPSS_ERANGE, key, "expected 1 to 4096 characters");
  *out = dpss__strdup(s);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

static int rebuild_overrides(dpss_policy *policy);

static int read_overrides(dpss_policy *pol, const json_t *v) {
  if (!v || json_is_null(v))
    return DPSS_OK;
  if (!json_is_array(v))
    return dpss__fail(DPSS_ETYPE, "overrides", "expected a list of parameter names");
  for (size_t i = 0; i < json_array_size(v); i++) {
    const char *name = json_string_value(json_array_get(v, i));
    int unit, id = name ? dpss__param_lookup(name, &unit) : -1;
    char field[32];
    snprintf(field, sizeof field, "overrides[%zu]", i);
    if (id < 0)
      return dpss__fail(DPSS_EUNKNOWN, field, "unknown parameter");
    if (pol->p[id].n != 1 || pol->p[id].e[0].from != DPSS_DATE_NONE)
      return dpss__fail(DPSS_ECONFLICT, field, "an override is one plain value of parameters");
    pol->overridden |= UINT64_C(1) << id;
  }
  return rebuild_overrides(pol);
}

static int policy_from_value(void *outp, const json_t *root) {
  static const char *const keys[] = {"id", "version", "description", "parameters",
                                     "overrides"};
  dpss_policy **out = outp;
  dpss_path path;
  dpss_path_init(&path);
  int rc = dpss__expect_object(root, &path);
  if (!rc)
    rc = dpss__only_keys(root, &path, keys, DPSS_ARRAY_LEN(keys));
  if (rc)
    return rc;
  dpss_policy *p = dpss__calloc(1, sizeof *p);
  if (!p)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  rc = read_text_field(root, "id", "custom", true, &p->id);
  if (!rc)
    rc = read_text_field(root, "version", "", true, &p->version);
  if (!rc)
    rc = read_text_field(root, "description", NULL, false, &p->description);
  const json_t *ps = json_object_get(root, "parameters");
  if (!rc && ps && !json_is_null(ps)) {
    size_t m = dpss_path_push_key(&path, "parameters");
    rc = dpss__expect_object(ps, &path);
    const char *key;
    json_t *val;
    if (!rc)
      json_object_foreach((json_t *)ps, key, val) {
        size_t k = dpss_path_push_key(&path, key);
        int unit, id = dpss__param_lookup(key, &unit);
        if (id < 0)
          rc = dpss__fail(DPSS_EUNKNOWN, path.buf, "unknown parameter");
        else if (p->p[id].n)
          rc = dpss__fail(DPSS_EDUPLICATE, path.buf, "%s is given twice (under two names)",
                          params[id].name);
        else
          rc = read_param(p, val, id, unit, &path);
        dpss_path_pop(&path, k);
        if (rc)
          break;
      }
    dpss_path_pop(&path, m);
  }
  if (!rc)
    rc = read_overrides(p, json_object_get(root, "overrides"));
  if (rc) {
    dpss_policy_free(p);
    return rc;
  }
  *out = p;
  return DPSS_OK;
}

int dpss_policy_from_json(dpss_policy **out, const char *json) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  return dpss__build_from_text(out, json, policy_from_value);
}

int dpss_policy_from_file(dpss_policy **out, const char *path) {
  if (out)
    *out = NULL;
  if (!out || !path)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  return dpss__build_from_file(out, path, "policy", policy_from_value);
}

/* --------------------------------------------------------------- writing */

/* One schedule entry's value: in the spelling the parameter's name gives. */
static void entry_value(dpss_sb *sb, const dpss_policy *policy, int id, int unit, int64_t v) {
  if (params[id].type == PT_PERIOD && unit != UNIT_ANY)
    dpss_sb_int(sb, v & ~DPSS_PERIOD_WEEKS);
  else if (params[id].type == PT_LIST) {
    size_t n;
    const char *const *items = dpss__policy_list(policy, v, &n);
    dpss__list_json(sb, items, n);
  } else
    dpss__param_value_json(sb, id, v);
}

static void write_param(dpss_sb *sb, const dpss_policy *policy, int id) {
  const pval *pv = &policy->p[id];
  const struct dpss_param_def *d = &params[id];
  if (pv->n == 0 || (pv->n == 1 && pv->e[0].from == DPSS_DATE_NONE)) {
    key_value(sb, policy, id, pv->n ? pv->e[0].value : d->def);
    return;
  }
  /* A schedule: a period keeps one unit's name when all its values share
   * it, else the unit goes with each value. */
  int unit = UNIT_ANY;
  if (d->type == PT_PERIOD) {
    bool weeks = pv->e[0].value & DPSS_PERIOD_WEEKS, same = true;
    for (size_t k = 1; k < pv->n; k++)
      same &= (bool)(pv->e[k].value & DPSS_PERIOD_WEEKS) == weeks;
    if (same)
      unit = weeks ? UNIT_WEEKS : UNIT_MONTHS;
  }
  dpss_sb_putc(sb, '"');
  dpss_sb_puts(sb, d->name);
  dpss_sb_puts(sb, unit == UNIT_WEEKS ? "_weeks\"" : unit == UNIT_MONTHS ? "_months\"" : "\"");
  dpss_sb_puts(sb, ":[");
  for (size_t k = 0; k < pv->n; k++) {
    dpss_sb_puts(sb, k ? ",{\"from\":" : "{\"from\":");
    if (pv->e[k].from == DPSS_DATE_NONE)
      dpss_sb_puts(sb, "\"0001-01-01\"");
    else
      dpss_sb_json_date(sb, pv->e[k].from);
    dpss_sb_puts(sb, ",\"value\":");
    entry_value(sb, policy, id, unit, pv->e[k].value);
    dpss_sb_putc(sb, '}');
  }
  dpss_sb_putc(sb, ']');
}

int dpss_policy_to_json(const dpss_policy *policy, char **out) {
  if (out)
    *out = NULL;
  if (!policy || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "{\"id\":");
  dpss_sb_json_str(&sb, policy->id);
  /* A policy read without a version has "": written as no version, so that
   * it loads back (a version, when given, is 1 to 64 characters). */
  if (policy->version[0]) {
    dpss_sb_puts(&sb, ",\"version\":");
    dpss_sb_json_str(&sb, policy->version);
  }
  if (policy->description) {
    dpss_sb_puts(&sb, ",\"description\":");
    dpss_sb_json_str(&sb, policy->description);
  }
  dpss_sb_puts(&sb, ",\"parameters\":{");
  for (int i = 0; i < DPSS_P_COUNT_; i++) {
    if (i)
      dpss_sb_putc(&sb, ',');
    write_param(&sb, policy, i);
  }
  dpss_sb_putc(&sb, '}');
  if (policy->overridden) {
    dpss_sb_puts(&sb, ",\"overrides\":[");
    bool first = true;
    for (int i = 0; i < DPSS_P_COUNT_; i++)
      if (policy->overridden & (UINT64_C(1) << i)) {
        if (!first)
          dpss_sb_putc(&sb, ',');
        first = false;
        dpss_sb_json_str(&sb, params[i].name);
      }
    dpss_sb_putc(&sb, ']');
  }
  dpss_sb_putc(&sb, '}');
  return dpss_sb_finish(&sb, out);
}

/* ------------------------------------------------------------- overrides */

/* Make overrides_json from the overridden bits; on failure nothing changes. */
static int rebuild_overrides(dpss_policy *policy) {
  if (!policy->overridden) {
    free(policy->overrides_json);
    policy->overrides_json = NULL;
    return DPSS_OK;
  }
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_putc(&sb, '{');
  bool first = true;
  for (int i = 0; i < DPSS_P_COUNT_; i++) {
    if (!(policy->overridden & (UINT64_C(1) << i)))
      continue;
    if (!first)
      dpss_sb_putc(&sb, ',');
    first = false;
    key_value(&sb, policy, i, value_on(policy, i, 0));
  }
  dpss_sb_putc(&sb, '}');
  char *text;
  int rc = dpss_sb_finish(&sb, &text);
  if (rc)
    return rc;
  free(policy->overrides_json);
  policy->overrides_json = text;
  return DPSS_OK;
}

const char *dpss__policy_overrides(const dpss_policy *policy) {
  return policy->overrides_json;
}

int dpss_policy_overridden(const dpss_policy *policy, const char *name) {
  if (!policy || !name)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int unit, id = dpss__param_lookup(name, &unit);
  if (id < 0)
    return dpss__fail(DPSS_EUNKNOWN, name, "unknown parameter");
  return (policy->overridden >> id) & 1;
}

int dpss_policy_overrides_json(const dpss_policy *policy, char **out) {
  if (out)
    *out = NULL;
  if (!policy || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  *out = dpss__strdup(policy->overrides_json ? policy->overrides_json : "{}");
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

/* Replace a parameter's values by one plain value held at every date and
 * mark it overridden; value is a list index for a list (adopted already).
 * On failure the policy is as it was. */
static int override(dpss_policy *policy, int id, int unit, int64_t value) {
  sched *e = dpss__malloc(sizeof *e);
  if (!e)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  e->from = DPSS_DATE_NONE;
  e->value = value;
  pval old = policy->p[id];
  uint64_t old_bits = policy->overridden;
  policy->p[id].e = e;
  policy->p[id].n = 1;
  policy->p[id].unit = unit;
  policy->overridden |= UINT64_C(1) << id;
  int rc = rebuild_overrides(policy);
  if (rc) {
    policy->p[id] = old;
    policy->overridden = old_bits;
    free(e);
    return rc;
  }
  free(old.e);
  return DPSS_OK;
}

/* ---------------------------------------------------------- set and get */

static int lookup_param(const char *name, int *unit) {
  int id = name ? dpss__param_lookup(name, unit) : -1;
  if (id < 0)
    dpss__fail(DPSS_EUNKNOWN, name ? name : "", "unknown parameter");
  return id;
}

/* A number for a parameter named with its unit (periods) or plainly. */
static int number_for(int id, int unit, const char *name, int64_t value, int64_t *out) {
  const struct dpss_param_def *d = &params[id];
  if (d->type == PT_LIST)
    return dpss__fail(DPSS_EINVAL, name, "a list: set it as text (NAME=word,word)");
  if (d->type == PT_PERIOD) {
    if (unit == UNIT_ANY)
      return dpss__fail(DPSS_EINVAL, name, "a period: use %s_months or %s_weeks", d->name,
                        d->name);
    if (value < 1 || value > 260)
      return dpss__fail(DPSS_ERANGE, name, "must be from 1 to %d", unit == UNIT_WEEKS ? 260 : 60);
    value = dpss__period(value, unit);
  }
  *out = value;
  return dpss__check_range(id, value, name);
}

int dpss_policy_set_int(dpss_policy *policy, const char *name, int64_t value) {
  if (!policy || !name)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int unit, id = lookup_param(name, &unit);
  if (id < 0)
    return DPSS_EUNKNOWN;
  int64_t v;
  int rc = number_for(id, unit, name, value, &v);
  return rc ? rc : override(policy, id, unit, v);
}

int dpss_policy_set_from(dpss_policy *policy, const char *name, dpss_date from, int64_t value) {
  if (!policy || !name)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int unit, id = lookup_param(name, &unit);
  if (id < 0)
    return DPSS_EUNKNOWN;
  if (!dpss__date_valid(from))
    return dpss__fail(DPSS_EDATE, name, "from date out of range");
  int64_t v;
  int rc = number_for(id, unit, name, value, &v);
  if (rc)
    return rc;
  pval *pv = &policy->p[id];
  for (size_t i = 0; i < pv->n; i++)
    if (pv->e[i].from == from) {
      pv->e[i].value = v;
      return rebuild_overrides(policy);
    }
  sched *e = dpss__realloc(pv->e, (pv->n + 1) * sizeof *e);
  if (!e)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  pv->e = e;
  size_t at = pv->n;
  while (at > 0 && e[at - 1].from > from) {
    e[at] = e[at - 1];
    at--;
  }
  e[at].from = from;
  e[at].value = v;
  pv->n++;
  if (pv->unit != unit)
    pv->unit = UNIT_ANY;
  /* A dated change makes the parameter a policy edit, not an override. */
  policy->overridden &= ~(UINT64_C(1) << id);
  return rebuild_overrides(policy);
}

int dpss_policy_set(dpss_policy *policy, const char *assignment) {
  if (!policy || !assignment)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  const char *eq = strchr(assignment, '=');
  if (!eq)
    return dpss__fail(DPSS_EINVAL, NULL, "expected NAME=VALUE");
  char name[64];
  size_t n = (size_t)(eq - assignment);
  if (n == 0 || n >= sizeof name)
    return dpss__fail(DPSS_EUNKNOWN, NULL, "unknown parameter");
  memcpy(name, assignment, n);
  name[n] = '\0';
  int unit, id = lookup_param(name, &unit);
  if (id < 0)
    return DPSS_EUNKNOWN;
  int64_t value;
  dpss_list list = {NULL, 0};
  int rc = dpss__parse_param_text(id, unit, name, eq + 1, &value, &list);
  if (rc) {
    dpss__list_free(&list);
    return rc;
  }
  if (params[id].type != PT_LIST)
    return override(policy, id, unit, value);
  if ((value = adopt_list(policy, &list)) < 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  rc = override(policy, id, unit, value);
  if (rc) /* give the list back: nothing changed */
    dpss__list_free(&policy->lists[--policy->n_lists]);
  return rc;
}

/* The value and unit check shared by get and get_text. */
static int get_value(const dpss_policy *policy, const char *name, dpss_date on, int *id,
                     int *unit, int64_t *v) {
  if (!policy || !name)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if ((*id = lookup_param(name, unit)) < 0)
    return DPSS_EUNKNOWN;
  if (!dpss__date_valid(on))
    return dpss__fail(DPSS_EDATE, NULL, "date out of range");
  *v = value_on(policy, *id, on);
  if (params[*id].type == PT_PERIOD && *unit != UNIT_ANY &&
      (bool)(*v & DPSS_PERIOD_WEEKS) != (*unit == UNIT_WEEKS))
    return dpss__fail(DPSS_ECONFLICT, name, "%s is given in %s on that date", params[*id].name,
                      *v & DPSS_PERIOD_WEEKS ? "weeks" : "months");
  return DPSS_OK;
}

int dpss_policy_get(const dpss_policy *policy, const char *name, dpss_date on, int64_t *out) {
  int id, unit;
  int64_t v;
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int rc = get_value(policy, name, on, &id, &unit, &v);
  if (rc)
    return rc;
  if (params[id].type == PT_LIST)
    return dpss__fail(DPSS_EINVAL, name, "a list: read it with dpss_policy_get_text()");
  if (params[id].type == PT_PERIOD && unit == UNIT_ANY)
    return dpss__fail(DPSS_EINVAL, name, "a period: read %s_months or %s_weeks",
                      params[id].name, params[id].name);
  *out = params[id].type == PT_PERIOD ? v & ~DPSS_PERIOD_WEEKS : v;
  return DPSS_OK;
}

int dpss_policy_get_text(const dpss_policy *policy, const char *name, dpss_date on,
                         char **out) {
  int id, unit;
  int64_t v;
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  int rc = get_value(policy, name, on, &id, &unit, &v);
  if (rc)
    return rc;
  dpss_sb sb;
  dpss_sb_init(&sb);
  switch (params[id].type) {
  case PT_CHOICE: dpss_sb_puts(&sb, params[id].choices[v]); break;
  case PT_PERIOD:
    if (unit == UNIT_ANY)
      dpss__period_text(&sb, v);
    else
      dpss_sb_int(&sb, v & ~DPSS_PERIOD_WEEKS);
    break;
  case PT_LIST: {
    size_t n;
    const char *const *items = dpss__policy_list(policy, v, &n);
    for (size_t i = 0; i < n; i++) {
      if (i)
        dpss_sb_putc(&sb, ',');
      dpss_sb_puts(&sb, items[i]);
    }
    break;
  }
  default: dpss__param_value_json(&sb, id, v);
  }
  return dpss_sb_finish(&sb, out);
}
