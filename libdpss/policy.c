/* SPDX-License-Identifier: MIT */
/* Policy: parameters with built-in defaults, effective-dated schedules,
 * JSON load/save and what-if overrides. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum ptype { PT_INT, PT_BOOL, PT_CHOICE };

static const char *const basis_names[] = {"net", "gross"};
static const char *const frequency_names[] = {"four_weekly", "monthly"};

static const struct param_def {
  const char *name;
  enum ptype type;
  int64_t def, min, max;
  const char *const *choices;
  const char *source;
} params[DPSS_P_COUNT_] = {
    [DPSS_P_SURPLUS_THRESHOLD_WEEKS] = {"surplus_threshold_weeks", PT_INT, 6, 1, 52, NULL,
                                        "COUNTY para 15"},
    [DPSS_P_STARTUP_MAX_MONTHS] = {"startup_max_months", PT_INT, 12, 1, 60, NULL,
                                   "COUNTY para 16"},
    [DPSS_P_ISSUE_ESCALATION_DAYS] = {"issue_escalation_days", PT_INT, 14, 1, 365, NULL,
                                      "COUNTY para 16"},
    [DPSS_P_MIN_ASSOCIATES] = {"min_associates", PT_INT, 2, 1, 100, NULL, "COUNTY para 18"},
    [DPSS_P_FIRST_REVIEW_MONTHS] = {"first_review_months", PT_INT, 6, 1, 60, NULL,
                                    "SI 2014/2871 reg 7"},
    [DPSS_P_REVIEW_INTERVAL_MONTHS] = {"review_interval_months", PT_INT, 12, 1, 60, NULL,
                                       "SI 2014/2871 reg 7; COUNTY para 20"},
    [DPSS_P_FIRST_AUDIT_MONTHS] = {"first_audit_months", PT_INT, 6, 1, 60, NULL,
                                   "local practice"},
    [DPSS_P_AUDIT_INTERVAL_MONTHS] = {"audit_interval_months", PT_INT, 12, 1, 60, NULL,
                                      "local practice"},
    [DPSS_P_SURPLUS_TRIGGERS_REVIEW] = {"surplus_triggers_review", PT_BOOL, 1, 0, 1, NULL,
                                        "COUNTY para 15"},
    [DPSS_P_PAYMENT_BASIS] = {"payment_basis", PT_CHOICE, 0, 0, 1, basis_names,
                              "local choice"},
    [DPSS_P_PAYMENT_FREQUENCY] = {"payment_frequency", PT_CHOICE, 0, 0, 1, frequency_names,
                                  "local choice"},
    [DPSS_P_PAYMENT_INTERVAL_WEEKS] = {"payment_interval_weeks", PT_INT, 4, 1, 52, NULL,
                                       "local choice"},
    [DPSS_P_DP_UPTAKE_TARGET] = {"dp_uptake_target", PT_INT, 40, 0, 100, NULL,
                                 "COUNTY para 5"},
    [DPSS_P_FRAMEWORK_TERM_YEARS] = {"framework_term_years", PT_INT, 4, 1, 10, NULL, "CITY"},
    [DPSS_P_MARKET_VIABILITY_FLOOR_PERCENT] = {"market_viability_floor_percent", PT_INT, 5, 0,
                                               100, NULL, "COUNTY para 9 (local choice)"},
    [DPSS_P_MARKET_DOMINANCE_CEILING_PERCENT] = {"market_dominance_ceiling_percent", PT_INT, 50,
                                                 0, 100, NULL, "COUNTY para 9 (local choice)"},
};

typedef struct sched {
  dpss_date from; /* DPSS_DATE_NONE: holds from the beginning of time */
  int64_t value;
} sched;

typedef struct pval {
  size_t n; /* 0: built-in default */
  sched *e; /* sorted by from, distinct */
} pval;

struct dpss_policy {
  char *id;
  char *version;
  pval p[DPSS_P_COUNT_];
};

#define DEFAULT_ID "nottinghamshire"
#define DEFAULT_VERSION "2013-10-28"

size_t dpss_policy_param_count(void) { return DPSS_P_COUNT_; }

const char *dpss_policy_param_name(size_t index) {
  return index < DPSS_P_COUNT_ ? params[index].name : NULL;
}

const char *dpss_policy_param_source(size_t index) {
  return index < DPSS_P_COUNT_ ? params[index].source : NULL;
}

const char *dpss__param_name(int id) { return params[id].name; }

static int param_index(const char *name) {
  for (int i = 0; i < DPSS_P_COUNT_; i++)
    if (strcmp(params[i].name, name) == 0)
      return i;
  return -1;
}

static void pvals_free(pval *p) {
  for (int i = 0; i < DPSS_P_COUNT_; i++) {
    free(p[i].e);
    p[i].e = NULL;
    p[i].n = 0;
  }
}

void dpss_policy_free(dpss_policy *policy) {
  if (!policy)
    return;
  pvals_free(policy->p);
  free(policy->id);
  free(policy->version);
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

int dpss_policy_clone(dpss_policy **out, const dpss_policy *policy) {
  if (out)
    *out = NULL;
  if (!out || !policy)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  *out = NULL;
  dpss_policy *c = policy_alloc(policy->id, policy->version);
  if (!c)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (int i = 0; i < DPSS_P_COUNT_; i++) {
    if (!policy->p[i].n)
      continue;
    c->p[i].e = dpss__malloc(policy->p[i].n * sizeof(sched));
    if (!c->p[i].e) {
      dpss_policy_free(c);
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    }
    memcpy(c->p[i].e, policy->p[i].e, policy->p[i].n * sizeof(sched));
    c->p[i].n = policy->p[i].n;
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

static int check_range(int id, int64_t value, const char *field) {
  const struct param_def *d = &params[id];
  if (value < d->min || value > d->max) {
    if (d->type == PT_INT)
      return dpss__fail(DPSS_ERANGE, field, "must be from %lld to %lld", (long long)d->min,
                        (long long)d->max);
    return dpss__fail(DPSS_ERANGE, field, "value out of range for this parameter");
  }
  return DPSS_OK;
}

/* A parameter value from JSON, checked for type and range. */
static int read_value(const json_t *v, int id, dpss_path *p, int64_t *out) {
  const struct param_def *d = &params[id];
  switch (d->type) {
  case PT_INT:
    if (!json_is_integer(v))
      return dpss__fail(DPSS_ETYPE, p->buf, "expected a whole number");
    *out = (int64_t)json_integer_value(v);
    break;
  case PT_BOOL:
    if (!json_is_boolean(v))
      return dpss__fail(DPSS_ETYPE, p->buf, "expected true or false");
    *out = json_is_true(v);
    break;
  case PT_CHOICE: {
    if (!json_is_string(v))
      return dpss__fail(DPSS_ETYPE, p->buf, "expected one of \"%s\" or \"%s\"", d->choices[0],
                        d->choices[1]);
    int k = dpss__lookup(d->choices, 2, json_string_value(v));
    if (k < 0)
      return dpss__fail(DPSS_EUNKNOWN, p->buf, "expected one of \"%s\" or \"%s\"",
                        d->choices[0], d->choices[1]);
    *out = k;
    break;
  }
  }
  return check_range(id, *out, p->buf);
}

static int cmp_sched(const void *a, const void *b) {
  const sched *x = a, *y = b;
  return (x->from > y->from) - (x->from < y->from);
}

static int read_param(const json_t *v, int id, dpss_path *p, pval *out) {
  if (!json_is_array(v)) {
    int64_t x;
    int rc = read_value(v, id, p, &x);
    if (rc)
      return rc;
    out->e = dpss__malloc(sizeof(sched));
    if (!out->e)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    out->e[0].from = DPSS_DATE_NONE;
    out->e[0].value = x;
    out->n = 1;
    return DPSS_OK;
  }
  size_t n = json_array_size(v);
  if (n == 0)
    return dpss__fail(DPSS_EMISSING, p->buf, "a schedule needs at least one {from, value}");
  out->e = dpss__calloc(n, sizeof(sched));
  if (!out->e)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  out->n = n;
  for (size_t i = 0; i < n; i++) {
    const json_t *entry = json_array_get(v, i);
    size_t m = dpss_path_push_index(p, i);
    int rc = dpss__expect_object(entry, p);
    const char *key;
    json_t *val;
    if (!rc)
      json_object_foreach((json_t *)entry, key, val) {
        if (strcmp(key, "from") != 0 && strcmp(key, "value") != 0) {
          size_t k = dpss_path_push_key(p, key);
          rc = dpss__fail(DPSS_EUNKNOWN, p->buf, "unknown key (expected from and value)");
          dpss_path_pop(p, k);
          break;
        }
      }
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
        rc = value ? read_value(value, id, p, &out->e[i].value)
                   : dpss__fail(DPSS_EMISSING, p->buf, "required");
        dpss_path_pop(p, k);
      }
    }
    dpss_path_pop(p, m);
    if (rc)
      return rc;
  }
  qsort(out->e, n, sizeof(sched), cmp_sched);
  for (size_t i = 1; i < n; i++)
    if (out->e[i].from == out->e[i - 1].from)
      return dpss__fail(DPSS_EDUPLICATE, p->buf, "two values from the same date");
  return DPSS_OK;
}

static int read_text_field(const json_t *obj, const char *key, const char *def, char **out) {
  const json_t *v = json_object_get(obj, key);
  if (!v || json_is_null(v)) {
    *out = dpss__strdup(def);
  } else if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 64) {
    return dpss__fail(DPSS_ETYPE, key, "expected a string of 1 to 64 characters");
  } else {
    *out = dpss__strdup(json_string_value(v));
  }
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

static int policy_from_value(void *outp, const json_t *root) {
  dpss_policy **out = outp;
  dpss_path path;
  dpss_path_init(&path);
  int rc = dpss__expect_object(root, &path);
  if (rc)
    return rc;
  const char *key;
  json_t *val;
  json_object_foreach((json_t *)root, key, val) {
    if (strcmp(key, "id") && strcmp(key, "version") && strcmp(key, "parameters") &&
        strcmp(key, "description"))
      return dpss__fail(DPSS_EUNKNOWN, key,
                        "unknown policy field (expected id, version, description, parameters)");
  }
  dpss_policy *p = dpss__calloc(1, sizeof *p);
  if (!p)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  rc = read_text_field(root, "id", "custom", &p->id);
  if (!rc)
    rc = read_text_field(root, "version", "", &p->version);
  const json_t *ps = json_object_get(root, "parameters");
  if (!rc && ps && !json_is_null(ps)) {
    size_t m = dpss_path_push_key(&path, "parameters");
    rc = dpss__expect_object(ps, &path);
    if (!rc)
      json_object_foreach((json_t *)ps, key, val) {
        size_t k = dpss_path_push_key(&path, key);
        int id = param_index(key);
        if (id < 0)
          rc = dpss__fail(DPSS_EUNKNOWN, path.buf, "unknown parameter");
        else
          rc = read_param(val, id, &path, &p->p[id]);
        dpss_path_pop(&path, k);
        if (rc)
          break;
      }
    dpss_path_pop(&path, m);
  }
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

void dpss__param_value_json(dpss_sb *sb, int id, int64_t value) {
  switch (params[id].type) {
  case PT_INT: dpss_sb_int(sb, value); break;
  case PT_BOOL: dpss_sb_puts(sb, value ? "true" : "false"); break;
  case PT_CHOICE: dpss_sb_json_str(sb, params[id].choices[value]); break;
  }
}

int dpss_policy_to_json(const dpss_policy *policy, char **out) {
  if (out)
    *out = NULL;
  if (!policy || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  *out = NULL;
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
  dpss_sb_puts(&sb, ",\"parameters\":{");
  for (int i = 0; i < DPSS_P_COUNT_; i++) {
    const pval *pv = &policy->p[i];
    if (i)
      dpss_sb_putc(&sb, ',');
    dpss_sb_json_str(&sb, params[i].name);
    dpss_sb_putc(&sb, ':');
    if (pv->n == 0 || (pv->n == 1 && pv->e[0].from == DPSS_DATE_NONE)) {
      dpss__param_value_json(&sb, i, pv->n ? pv->e[0].value : params[i].def);
      continue;
    }
    dpss_sb_putc(&sb, '[');
    for (size_t k = 0; k < pv->n; k++) {
      dpss_sb_puts(&sb, k ? ",{\"from\":" : "{\"from\":");
      if (pv->e[k].from == DPSS_DATE_NONE)
        dpss_sb_puts(&sb, "\"0001-01-01\"");
      else
        dpss_sb_json_date(&sb, pv->e[k].from);
      dpss_sb_puts(&sb, ",\"value\":");
      dpss__param_value_json(&sb, i, pv->e[k].value);
      dpss_sb_putc(&sb, '}');
    }
    dpss_sb_putc(&sb, ']');
  }
  dpss_sb_puts(&sb, "}}");
  return dpss_sb_finish(&sb, out);
}

static int lookup_param(const char *name) {
  int id = name ? param_index(name) : -1;
  if (id < 0)
    dpss__fail(DPSS_EUNKNOWN, name ? name : "", "unknown parameter");
  return id;
}

int dpss_policy_set_int(dpss_policy *policy, const char *name, int64_t value) {
  if (!policy || !name)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int id = lookup_param(name);
  if (id < 0)
    return DPSS_EUNKNOWN;
  int rc = check_range(id, value, name);
  if (rc)
    return rc;
  sched *e = dpss__malloc(sizeof *e);
  if (!e)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  e->from = DPSS_DATE_NONE;
  e->value = value;
  free(policy->p[id].e);
  policy->p[id].e = e;
  policy->p[id].n = 1;
  return DPSS_OK;
}

int dpss_policy_set_from(dpss_policy *policy, const char *name, dpss_date from, int64_t value) {
  if (!policy || !name)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int id = lookup_param(name);
  if (id < 0)
    return DPSS_EUNKNOWN;
  if (!dpss__date_valid(from))
    return dpss__fail(DPSS_EDATE, name, "from date out of range");
  int rc = check_range(id, value, name);
  if (rc)
    return rc;
  pval *pv = &policy->p[id];
  for (size_t i = 0; i < pv->n; i++)
    if (pv->e[i].from == from) {
      pv->e[i].value = value;
      return DPSS_OK;
    }
  sched *e = dpss__realloc(pv->e, (pv->n + 1) * sizeof *e);
  if (!e)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  size_t at = pv->n;
  while (at > 0 && e[at - 1].from > from) {
    e[at] = e[at - 1];
    at--;
  }
  e[at].from = from;
  e[at].value = value;
  pv->e = e;
  pv->n++;
  return DPSS_OK;
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
  int id = lookup_param(name);
  if (id < 0)
    return DPSS_EUNKNOWN;
  const char *text = eq + 1;
  const struct param_def *d = &params[id];
  int64_t value;
  if (d->type == PT_INT) {
    char *end;
    errno = 0;
    long long x = strtoll(text, &end, 10);
    if (!*text || *end || errno)
      return dpss__fail(DPSS_ETYPE, name, "expected a whole number");
    value = x;
  } else if (d->type == PT_BOOL) {
    if (strcmp(text, "true") == 0)
      value = 1;
    else if (strcmp(text, "false") == 0)
      value = 0;
    else
      return dpss__fail(DPSS_ETYPE, name, "expected true or false");
  } else {
    int k = dpss__lookup(d->choices, 2, text);
    if (k < 0)
      return dpss__fail(DPSS_EUNKNOWN, name, "expected %s or %s", d->choices[0], d->choices[1]);
    value = k;
  }
  return dpss_policy_set_int(policy, name, value);
}

int dpss_policy_get(const dpss_policy *policy, const char *name, dpss_date on, int64_t *out) {
  if (!policy || !name || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int id = lookup_param(name);
  if (id < 0)
    return DPSS_EUNKNOWN;
  if (!dpss__date_valid(on))
    return dpss__fail(DPSS_EDATE, NULL, "date out of range");
  *out = value_on(policy, id, on);
  return DPSS_OK;
}

int dpss_policy_get_text(const dpss_policy *policy, const char *name, dpss_date on,
                         char **out) {
  int64_t v;
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  int rc = dpss_policy_get(policy, name, on, &v);
  if (rc)
    return rc;
  int id = param_index(name);
  dpss_sb sb;
  dpss_sb_init(&sb);
  if (params[id].type == PT_CHOICE)
    dpss_sb_puts(&sb, params[id].choices[v]);
  else
    dpss__param_value_json(&sb, id, v);
  return dpss_sb_finish(&sb, out);
}
