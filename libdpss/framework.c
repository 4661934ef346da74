/* SPDX-License-Identifier: MIT */
/* Framework agreement, call-offs and caps (F1-F3); see dpss/framework.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

enum { SVC_START_UP, SVC_PAYROLL, SVC_MANAGED, SVC_ONE_OFF, SVC_COUNT_ };
static const char *const service_names[SVC_COUNT_] = {"start_up", "payroll", "managed_account",
                                                      "one_off_issue"};
static const char *const price_names[SVC_COUNT_] = {
    "start_up_pence", "payroll_per_year_pence", "managed_account_per_month_pence",
    "one_off_issue_pence"};

#define MAX_YEARS 10
#define MAX_SHARES 8
#define CAP_LIMIT INT64_C(1000000000000000) /* £10 trillion */

typedef struct commissioner {
  char id[DPSS_ID_MAX + 1];
  char *name;
  int64_t annual_cap, total_cap, approval_threshold; /* DPSS_PENCE_NONE: no threshold */
} commissioner;

typedef struct item {
  int8_t service;
  int64_t quantity;
} item;

typedef struct share {
  int commissioner;
  int64_t weekly; /* the funding share's weight; 0 for a single commissioner */
  int64_t pence;
} share;

typedef struct calloff {
  char id[DPSS_ID_MAX + 1];
  char recipient[DPSS_ID_MAX + 1];
  char approved_by[DPSS_ID_MAX + 1];
  dpss_date start, end;
  item *items;
  size_t n_items;
  int64_t cost;
  share shares[MAX_SHARES];
  int n_shares;
  bool joint;
  int year;
} calloff;

struct dpss_framework {
  char id[DPSS_ID_MAX + 1];
  dpss_date start;
  int years;
  commissioner *c;
  size_t n_c;
  int64_t price[SVC_COUNT_];
  calloff *co;
  size_t n_co, cap_co;
  /* committed[commissioner][year 0..years-1] and over the term */
  int64_t (*committed)[MAX_YEARS];
  int64_t *committed_total;
};

static void calloff_clear(calloff *c) {
  free(c->items);
  c->items = NULL;
}

void dpss_framework_free(dpss_framework *f) {
  if (!f)
    return;
  for (size_t i = 0; i < f->n_c; i++)
    free(f->c[i].name);
  free(f->c);
  for (size_t i = 0; i < f->n_co; i++)
    calloff_clear(&f->co[i]);
  free(f->co);
  free(f->committed);
  free(f->committed_total);
  free(f);
}

static int find_commissioner(const dpss_framework *f, const char *id) {
  for (size_t i = 0; i < f->n_c; i++)
    if (strcmp(f->c[i].id, id) == 0)
      return (int)i;
  return -1;
}

int dpss_framework_year_of(const dpss_framework *f, dpss_date d) {
  if (!f || !dpss__date_valid(d) || d < f->start)
    return 0;
  for (int k = 1; k <= f->years; k++)
    if (d < dpss__add_months(f->start, 12 * k))
      return k;
  return 0;
}

int dpss_framework_years(const dpss_framework *f) { return f ? f->years : 0; }
size_t dpss_framework_calloff_count(const dpss_framework *f) { return f ? f->n_co : 0; }

int64_t dpss_framework_committed(const dpss_framework *f, const char *who, int year) {
  if (!f || !who || year < 0 || year > f->years)
    return -1;
  int i = find_commissioner(f, who);
  if (i < 0)
    return -1;
  return year ? f->committed[i][year - 1] : f->committed_total[i];
}

/* ---------------------------------------------------------------- reading */


/* A required non-negative amount of pence, at most CAP_LIMIT. */
static int read_money(const json_t *obj, const char *key, dpss_path *p, bool required,
                      int64_t *out) {
  size_t m = dpss_path_push_key(p, key);
  const json_t *v = json_object_get(obj, key);
  int rc = dpss__read_pence(v, p, false, out);
  if (!rc && *out == DPSS_PENCE_NONE && required)
    rc = dpss__fail(DPSS_EMISSING, p->buf, "required");
  if (!rc && *out != DPSS_PENCE_NONE && *out > CAP_LIMIT)
    rc = dpss__fail(DPSS_ERANGE, p->buf, "amount out of range");
  dpss_path_pop(p, m);
  return rc;
}

static int read_required_date(const json_t *obj, const char *key, dpss_path *p, dpss_date *out) {
  size_t m = dpss_path_push_key(p, key);
  int rc = dpss__read_date(json_object_get(obj, key), p, out);
  if (!rc && *out == DPSS_DATE_NONE)
    rc = dpss__fail(DPSS_EMISSING, p->buf, "required");
  dpss_path_pop(p, m);
  return rc;
}

static int read_id_into(const json_t *obj, const char *key, dpss_path *p, bool required,
                        char *dst) {
  char *s = NULL;
  size_t m = dpss_path_push_key(p, key);
  int rc = dpss__read_id(json_object_get(obj, key), p, required, &s);
  dpss_path_pop(p, m);
  if (!rc && s)
    snprintf(dst, DPSS_ID_MAX + 1, "%s", s);
  free(s);
  return rc;
}

/* Price, split and place a call-off; nothing in the framework changes. */
static int read_calloff(const dpss_framework *f, const json_t *v, dpss_path *p, calloff *c) {
  static const char *const keys[] = {"id",    "commissioner", "funding", "recipient",
                                     "start", "end",          "items",   "cost_pence",
                                     "shares", "approved_by", "year"};
  int rc = dpss__expect_object(v, p);
  if (!rc)
    rc = dpss__only_keys(v, p, keys, DPSS_ARRAY_LEN(keys));
  if (!rc)
    rc = read_id_into(v, "id", p, false, c->id);
  if (!rc)
    rc = read_id_into(v, "recipient", p, true, c->recipient);
  if (!rc)
    rc = read_id_into(v, "approved_by", p, false, c->approved_by);
  if (!rc)
    rc = read_required_date(v, "start", p, &c->start);
  if (!rc)
    rc = read_required_date(v, "end", p, &c->end);
  if (rc)
    return rc;
  size_t m = dpss_path_push_key(p, "end");
  if (c->end < c->start)
    rc = dpss__fail(DPSS_EDATE, p->buf, "before start");
  dpss_path_pop(p, m);
  if (rc)
    return rc;
  c->year = dpss_framework_year_of(f, c->start);
  dpss_date term_end = dpss__add_months(f->start, 12 * f->years) - 1;
  if (!c->year || c->end > term_end) {
    m = dpss_path_push_key(p, c->year ? "end" : "start");
    rc = dpss__fail(DPSS_EDATE, p->buf, "outside the framework's term");
    dpss_path_pop(p, m);
    return rc;
  }
  /* Commissioner(s). */
  const json_t *one = json_object_get(v, "commissioner");
  const json_t *funding = json_object_get(v, "funding");
  if ((one && !json_is_null(one)) == (funding && !json_is_null(funding)))
    return dpss__fail(DPSS_EMISSING, p->buf[0] ? p->buf : "commissioner",
                      "give either commissioner or funding");
  if (one && !json_is_null(one)) {
    char id[DPSS_ID_MAX + 1] = "";
    if ((rc = read_id_into(v, "commissioner", p, true, id)))
      return rc;
    int k = find_commissioner(f, id);
    if (k < 0) {
      m = dpss_path_push_key(p, "commissioner");
      rc = dpss__fail(DPSS_ENOTFOUND, p->buf, "no such commissioner in the framework");
      dpss_path_pop(p, m);
      return rc;
    }
    c->shares[0].commissioner = k;
    c->shares[0].weekly = 1;
    c->n_shares = 1;
  } else {
    m = dpss_path_push_key(p, "funding");
    if (!json_is_array(funding) || json_array_size(funding) == 0 ||
        json_array_size(funding) > MAX_SHARES)
      rc = dpss__fail(DPSS_ETYPE, p->buf, "expected 1 to 8 {commissioner, weekly_pence}");
    static const char *const fkeys[] = {"commissioner", "weekly_pence"};
    for (size_t i = 0; !rc && i < json_array_size(funding); i++) {
      const json_t *fs = json_array_get(funding, i);
      size_t mi = dpss_path_push_index(p, i);
      char id[DPSS_ID_MAX + 1] = "";
      int64_t w = 0;
      rc = dpss__expect_object(fs, p);
      if (!rc)
        rc = dpss__only_keys(fs, p, fkeys, 2);
      if (!rc)
        rc = read_id_into(fs, "commissioner", p, true, id);
      if (!rc)
        rc = read_money(fs, "weekly_pence", p, true, &w);
      int k = rc ? -1 : find_commissioner(f, id);
      if (!rc && k < 0) {
        size_t mk = dpss_path_push_key(p, "commissioner");
        rc = dpss__fail(DPSS_ENOTFOUND, p->buf, "no such commissioner in the framework");
        dpss_path_pop(p, mk);
      }
      for (int j = 0; !rc && j < c->n_shares; j++)
        if (c->shares[j].commissioner == k)
          rc = dpss__fail(DPSS_EDUPLICATE, p->buf, "the same commissioner twice");
      if (!rc) {
        c->shares[c->n_shares].commissioner = k;
        c->shares[c->n_shares].weekly = w;
        c->n_shares++;
      }
      dpss_path_pop(p, mi);
    }
    int64_t total_w = 0;
    for (int j = 0; !rc && j < c->n_shares; j++)
      total_w += c->shares[j].weekly;
    if (!rc && total_w == 0)
      rc = dpss__fail(DPSS_ERANGE, p->buf, "the shares' weekly amounts add up to 0");
    dpss_path_pop(p, m);
    c->joint = true;
    if (rc)
      return rc;
  }
  /* Items, priced from the list (F3). */
  const json_t *items = json_object_get(v, "items");
  m = dpss_path_push_key(p, "items");
  if (!json_is_array(items) || json_array_size(items) == 0)
    rc = dpss__fail(items ? DPSS_ETYPE : DPSS_EMISSING, p->buf, "expected a list of items");
  size_t ni = rc ? 0 : json_array_size(items);
  if (ni && !(c->items = dpss__calloc(ni, sizeof *c->items)))
    rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  static const char *const ikeys[] = {"service", "quantity"};
  int64_t cost = 0;
  for (size_t i = 0; !rc && i < ni; i++) {
    const json_t *it = json_array_get(items, i);
    size_t mi = dpss_path_push_index(p, i);
    item *x = &c->items[i];
    rc = dpss__expect_object(it, p);
    if (!rc)
      rc = dpss__only_keys(it, p, ikeys, 2);
    if (!rc) {
      size_t mk = dpss_path_push_key(p, "service");
      const json_t *sv = json_object_get(it, "service");
      rc = !sv || json_is_null(sv) ? dpss__fail(DPSS_EMISSING, p->buf, "required")
                                   : dpss__read_enum(sv, p, service_names, SVC_COUNT_, &x->service);
      dpss_path_pop(p, mk);
    }
    if (!rc) {
      size_t mk = dpss_path_push_key(p, "quantity");
      const json_t *q = json_object_get(it, "quantity");
      if (!json_is_integer(q) || json_integer_value(q) < 1 || json_integer_value(q) > 100000)
        rc = dpss__fail(q ? DPSS_ERANGE : DPSS_EMISSING, p->buf,
                        "a whole number from 1 to 100000");
      else
        x->quantity = (int64_t)json_integer_value(q);
      dpss_path_pop(p, mk);
    }
    int64_t line;
    if (!rc && (__builtin_mul_overflow(x->quantity, f->price[x->service], &line) ||
                __builtin_add_overflow(cost, line, &cost)))
      rc = dpss__fail(DPSS_EOVERFLOW, p->buf, "cost out of range");
    if (!rc)
      c->n_items++;
    dpss_path_pop(p, mi);
  }
  dpss_path_pop(p, m);
  if (rc)
    return rc;
  int64_t given;
  if ((rc = read_money(v, "cost_pence", p, false, &given)))
    return rc;
  if (given != DPSS_PENCE_NONE && given != cost) {
    m = dpss_path_push_key(p, "cost_pence");
    rc = dpss__fail(DPSS_ECONFLICT, p->buf, "does not match the price list (it comes to %lld)",
                    (long long)cost);
    dpss_path_pop(p, m);
    return rc;
  }
  c->cost = cost;
  /* Split between commissioners: parts rounded down, pennies left to the
   * largest share (the first on a tie). */
  int64_t total_w = 0, given_out = 0;
  int largest = 0;
  for (int j = 0; j < c->n_shares; j++) {
    total_w += c->shares[j].weekly;
    if (c->shares[j].weekly > c->shares[largest].weekly)
      largest = j;
  }
  for (int j = 0; j < c->n_shares; j++) {
    c->shares[j].pence = (int64_t)((__int128)cost * c->shares[j].weekly / total_w);
    given_out += c->shares[j].pence;
  }
  c->shares[largest].pence += cost - given_out;
  /* Delegated authority. */
  for (int j = 0; j < c->n_shares; j++) {
    const commissioner *cm = &f->c[c->shares[j].commissioner];
    if (cm->approval_threshold != DPSS_PENCE_NONE && cost > cm->approval_threshold &&
        !c->approved_by[0]) {
      m = dpss_path_push_key(p, "approved_by");
      rc = dpss__fail(DPSS_EMISSING, p->buf,
                      "a call-off of %lld pence is above %s's approval threshold of %lld: "
                      "name the approver",
                      (long long)cost, cm->id, (long long)cm->approval_threshold);
      dpss_path_pop(p, m);
      return rc;
    }
  }
  return DPSS_OK;
}

/* F2: would this call-off pass a cap? */
static int check_caps(const dpss_framework *f, const calloff *c, const char *where) {
  for (int j = 0; j < c->n_shares; j++) {
    int k = c->shares[j].commissioner;
    const commissioner *cm = &f->c[k];
    int64_t amount = c->shares[j].pence;
    int64_t year_now = f->committed[k][c->year - 1], term_now = f->committed_total[k];
    /* What is committed never passes a cap, so room = cap - committed >= 0;
     * comparing the call-off with the room cannot overflow (a call-off may
     * cost up to INT64_MAX: committed + amount could). */
    int64_t year_room = cm->annual_cap - year_now, term_room = cm->total_cap - term_now;
    if (amount > year_room)
      return dpss__fail(DPSS_ECAP, where,
                        "call-off %s refused: it would take %s over its annual cap for contract "
                        "year %d (cap %lld, committed %lld, this call-off %lld, over by %lld "
                        "pence); nothing recorded (rule F2)",
                        c->id[0] ? c->id : "(new)", cm->id, c->year, (long long)cm->annual_cap,
                        (long long)year_now, (long long)amount,
                        (long long)(amount - year_room));
    if (amount > term_room)
      return dpss__fail(DPSS_ECAP, where,
                        "call-off %s refused: it would take %s over its whole-term cap (cap "
                        "%lld, committed %lld, this call-off %lld, over by %lld pence); nothing "
                        "recorded (rule F2)",
                        c->id[0] ? c->id : "(new)", cm->id, (long long)cm->total_cap,
                        (long long)term_now, (long long)amount,
                        (long long)(amount - term_room));
  }
  return DPSS_OK;
}

static int record(dpss_framework *f, calloff *c) {
  if (f->n_co == f->cap_co) {
    size_t cap = f->cap_co ? f->cap_co * 2 : 16;
    calloff *n = dpss__realloc(f->co, cap * sizeof *n);
    if (!n)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    f->co = n;
    f->cap_co = cap;
  }
  f->co[f->n_co++] = *c;
  for (int j = 0; j < c->n_shares; j++) {
    f->committed[c->shares[j].commissioner][c->year - 1] += c->shares[j].pence;
    f->committed_total[c->shares[j].commissioner] += c->shares[j].pence;
  }
  return DPSS_OK;
}

static int add_calloff_value(dpss_framework *f, const json_t *v, dpss_path *p) {
  calloff c;
  memset(&c, 0, sizeof c);
  int rc = read_calloff(f, v, p, &c);
  if (!rc && !c.id[0]) {
    char *id;
    if (!(rc = dpss_id_generate(&id, "C"))) {
      snprintf(c.id, sizeof c.id, "%s", id);
      free(id);
    }
  }
  for (size_t i = 0; !rc && i < f->n_co; i++)
    if (strcmp(f->co[i].id, c.id) == 0) {
      size_t m = dpss_path_push_key(p, "id");
      rc = dpss__fail(DPSS_EDUPLICATE, p->buf, "a call-off with this id is already recorded");
      dpss_path_pop(p, m);
    }
  if (!rc)
    rc = check_caps(f, &c, p->buf[0] ? p->buf : "cost_pence");
  if (!rc)
    rc = record(f, &c);
  if (rc)
    calloff_clear(&c);
  return rc;
}

static int read_commissioner(commissioner *c, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"id", "name", "annual_cap_pence", "total_cap_pence",
                                     "approval_threshold_pence"};
  int rc = dpss__expect_object(v, p);
  if (!rc)
    rc = dpss__only_keys(v, p, keys, DPSS_ARRAY_LEN(keys));
  if (!rc)
    rc = read_id_into(v, "id", p, true, c->id);
  const json_t *name = json_object_get(v, "name");
  if (!rc && name && json_is_string(name) && !(c->name = dpss__strdup(json_string_value(name))))
    rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (!rc && name && !json_is_null(name) && !json_is_string(name)) {
    size_t m = dpss_path_push_key(p, "name");
    rc = dpss__fail(DPSS_ETYPE, p->buf, "expected a string");
    dpss_path_pop(p, m);
  }
  if (!rc)
    rc = read_money(v, "annual_cap_pence", p, true, &c->annual_cap);
  if (!rc)
    rc = read_money(v, "total_cap_pence", p, true, &c->total_cap);
  if (!rc)
    rc = read_money(v, "approval_threshold_pence", p, false, &c->approval_threshold);
  return rc;
}

static int framework_from_value(void *outp, const json_t *root) {
  dpss_framework **out = outp;
  static const char *const keys[] = {"id", "start", "years", "commissioners", "prices",
                                     "call_offs", "name"};
  dpss_path path, *p = &path;
  dpss_path_init(p);
  int rc = dpss__expect_object(root, p);
  if (!rc)
    rc = dpss__only_keys(root, p, keys, DPSS_ARRAY_LEN(keys));
  if (rc)
    return rc;
  dpss_framework *f = dpss__calloc(1, sizeof *f);
  if (!f)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  rc = read_id_into(root, "id", p, true, f->id);
  if (!rc)
    rc = read_required_date(root, "start", p, &f->start);
  const json_t *years = json_object_get(root, "years");
  if (!rc) {
    if (!years || json_is_null(years))
      f->years = 4; /* framework_term_years' default */
    else if (!json_is_integer(years) || json_integer_value(years) < 1 ||
             json_integer_value(years) > MAX_YEARS)
      rc = dpss__fail(DPSS_ERANGE, "years", "a whole number from 1 to 10");
    else
      f->years = (int)json_integer_value(years);
  }
  const json_t *cs = json_object_get(root, "commissioners");
  if (!rc && (!json_is_array(cs) || json_array_size(cs) == 0))
    rc = dpss__fail(cs ? DPSS_ETYPE : DPSS_EMISSING, "commissioners",
                    "expected a list of commissioners");
  size_t nc = rc ? 0 : json_array_size(cs);
  if (nc && (!(f->c = dpss__calloc(nc, sizeof *f->c)) ||
             !(f->committed = dpss__calloc(nc, sizeof *f->committed)) ||
             !(f->committed_total = dpss__calloc(nc, sizeof *f->committed_total))))
    rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  size_t m = dpss_path_push_key(p, "commissioners");
  for (size_t i = 0; !rc && i < nc; i++) {
    size_t mi = dpss_path_push_index(p, i);
    rc = read_commissioner(&f->c[i], json_array_get(cs, i), p);
    f->n_c++;
    for (size_t k = 0; !rc && k < i; k++)
      if (strcmp(f->c[k].id, f->c[i].id) == 0) {
        size_t mk = dpss_path_push_key(p, "id");
        rc = dpss__fail(DPSS_EDUPLICATE, p->buf, "a second commissioner with this id");
        dpss_path_pop(p, mk);
      }
    dpss_path_pop(p, mi);
  }
  dpss_path_pop(p, m);
  const json_t *prices = json_object_get(root, "prices");
  if (!rc)
    rc = prices ? dpss__expect_object(prices, (m = dpss_path_push_key(p, "prices"), p))
                : dpss__fail(DPSS_EMISSING, "prices", "required");
  if (!rc && prices) {
    rc = dpss__only_keys(prices, p, price_names, SVC_COUNT_);
    for (int k = 0; !rc && k < SVC_COUNT_; k++)
      rc = read_money(prices, price_names[k], p, true, &f->price[k]);
    dpss_path_pop(p, m);
  }
  const json_t *cos = json_object_get(root, "call_offs");
  if (!rc && cos && !json_is_null(cos) && !json_is_array(cos))
    rc = dpss__fail(DPSS_ETYPE, "call_offs", "expected a list of call-offs");
  m = dpss_path_push_key(p, "call_offs");
  for (size_t i = 0; !rc && json_is_array(cos) && i < json_array_size(cos); i++) {
    size_t mi = dpss_path_push_index(p, i);
    rc = add_calloff_value(f, json_array_get(cos, i), p);
    dpss_path_pop(p, mi);
  }
  dpss_path_pop(p, m);
  if (rc) {
    dpss_framework_free(f);
    return rc;
  }
  *out = f;
  return DPSS_OK;
}

int dpss_framework_from_json(dpss_framework **out, const char *json) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  return dpss__build_from_text(out, json, framework_from_value);
}

int dpss_framework_load(dpss_framework **out, const char *path) {
  if (out)
    *out = NULL;
  if (!out || !path)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  return dpss__build_from_file(out, path, "framework", framework_from_value);
}

int dpss_framework_add_calloff(dpss_framework *f, const char *json, char **id) {
  if (id)
    *id = NULL;
  if (!f)
    return dpss__fail(DPSS_EINVAL, NULL, "framework is NULL");
  json_t *v;
  int rc = dpss__json_parse(&v, json);
  if (rc)
    return rc;
  dpss_path path;
  dpss_path_init(&path);
  rc = add_calloff_value(f, v, &path);
  json_decref(v);
  if (!rc && id && !(*id = dpss__strdup(f->co[f->n_co - 1].id))) {
    /* Recorded, but the id could not be copied: undo so that a failed call
     * changes nothing. */
    calloff *c = &f->co[--f->n_co];
    for (int j = 0; j < c->n_shares; j++) {
      f->committed[c->shares[j].commissioner][c->year - 1] -= c->shares[j].pence;
      f->committed_total[c->shares[j].commissioner] -= c->shares[j].pence;
    }
    calloff_clear(c);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  return rc;
}

/* ---------------------------------------------------------------- writing */

int dpss_framework_to_json(const dpss_framework *f, char **out) {
  if (out)
    *out = NULL;
  if (!f || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "{\"id\":");
  dpss_sb_json_str(&sb, f->id);
  dpss_sb_puts(&sb, ",\"start\":");
  dpss_sb_json_date(&sb, f->start);
  dpss_sb_printf(&sb, ",\"years\":%d,\"commissioners\":[", f->years);
  for (size_t i = 0; i < f->n_c; i++) {
    const commissioner *c = &f->c[i];
    dpss_sb_puts(&sb, i ? ",\n  {\"id\":" : "\n  {\"id\":");
    dpss_sb_json_str(&sb, c->id);
    if (c->name) {
      dpss_sb_puts(&sb, ",\"name\":");
      dpss_sb_json_str(&sb, c->name);
    }
    dpss_sb_printf(&sb, ",\"annual_cap_pence\":%lld,\"total_cap_pence\":%lld",
                   (long long)c->annual_cap, (long long)c->total_cap);
    if (c->approval_threshold != DPSS_PENCE_NONE)
      dpss_sb_printf(&sb, ",\"approval_threshold_pence\":%lld", (long long)c->approval_threshold);
    dpss_sb_putc(&sb, '}');
  }
  dpss_sb_puts(&sb, "],\n \"prices\":{");
  for (int k = 0; k < SVC_COUNT_; k++)
    dpss_sb_printf(&sb, "%s\"%s\":%lld", k ? "," : "", price_names[k], (long long)f->price[k]);
  dpss_sb_puts(&sb, "},\n \"call_offs\":[");
  for (size_t i = 0; i < f->n_co; i++) {
    const calloff *c = &f->co[i];
    dpss_sb_puts(&sb, i ? ",\n  {\"id\":" : "\n  {\"id\":");
    dpss_sb_json_str(&sb, c->id);
    if (c->joint) {
      dpss_sb_puts(&sb, ",\"funding\":[");
      for (int j = 0; j < c->n_shares; j++) {
        dpss_sb_puts(&sb, j ? ",{\"commissioner\":" : "{\"commissioner\":");
        dpss_sb_json_str(&sb, f->c[c->shares[j].commissioner].id);
        dpss_sb_printf(&sb, ",\"weekly_pence\":%lld}", (long long)c->shares[j].weekly);
      }
      dpss_sb_putc(&sb, ']');
    } else {
      dpss_sb_puts(&sb, ",\"commissioner\":");
      dpss_sb_json_str(&sb, f->c[c->shares[0].commissioner].id);
    }
    dpss_sb_puts(&sb, ",\"recipient\":");
    dpss_sb_json_str(&sb, c->recipient);
    dpss_sb_puts(&sb, ",\"start\":");
    dpss_sb_json_date(&sb, c->start);
    dpss_sb_puts(&sb, ",\"end\":");
    dpss_sb_json_date(&sb, c->end);
    dpss_sb_puts(&sb, ",\"items\":[");
    for (size_t k = 0; k < c->n_items; k++)
      dpss_sb_printf(&sb, "%s{\"service\":\"%s\",\"quantity\":%lld}", k ? "," : "",
                     service_names[c->items[k].service], (long long)c->items[k].quantity);
    dpss_sb_printf(&sb, "],\"cost_pence\":%lld", (long long)c->cost);
    if (c->approved_by[0]) {
      dpss_sb_puts(&sb, ",\"approved_by\":");
      dpss_sb_json_str(&sb, c->approved_by);
    }
    dpss_sb_printf(&sb, ",\"year\":%d,\"shares\":[", c->year);
    for (int j = 0; j < c->n_shares; j++) {
      dpss_sb_puts(&sb, j ? ",{\"commissioner\":" : "{\"commissioner\":");
      dpss_sb_json_str(&sb, f->c[c->shares[j].commissioner].id);
      dpss_sb_printf(&sb, ",\"pence\":%lld}", (long long)c->shares[j].pence);
    }
    dpss_sb_puts(&sb, "]}");
  }
  dpss_sb_puts(&sb, "]}\n");
  return dpss_sb_finish(&sb, out);
}

int dpss_framework_save(const dpss_framework *f, const char *path) {
  if (!f || !path)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  char *text;
  int rc = dpss_framework_to_json(f, &text);
  if (rc)
    return rc;
  size_t n = strlen(path);
  char *tmp = dpss__malloc(n + 16);
  if (!tmp) {
    free(text);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  memcpy(tmp, path, n);
  memcpy(tmp + n, ".tmp.XXXXXX", 12);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    free(tmp);
    free(text);
    return dpss__fail(DPSS_EIO, NULL, "cannot create a temporary file beside the framework");
  }
  size_t len = strlen(text), done = 0;
  while (done < len) {
    ssize_t w = write(fd, text + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      break;
    done += (size_t)w;
  }
  bool ok = done == len && fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  ok = ok && rename(tmp, path) == 0;
  if (!ok)
    unlink(tmp);
  free(tmp);
  free(text);
  return ok ? DPSS_OK : dpss__fail(DPSS_EIO, NULL, "cannot write the framework file");
}

/* ---------------------------------------------------------------- reports */

static void report(const dpss_framework *f, int year, dpss_sb *sb, bool text) {
  char a[DPSS_MONEY_BUFSIZE], b[DPSS_MONEY_BUFSIZE], c[DPSS_MONEY_BUFSIZE];
  char d[DPSS_DATE_BUFSIZE];
  dpss__date_write(d, f->start);
  if (text) {
    dpss_sb_printf(sb, "Framework %s: %d contract years from %s\n", f->id, f->years, d);
  } else {
    dpss_sb_puts(sb, "{\"id\":");
    dpss_sb_json_str(sb, f->id);
    dpss_sb_printf(sb, ",\"start\":\"%s\",\"years\":%d,\"commissioners\":[", d, f->years);
  }
  for (size_t i = 0; i < f->n_c; i++) {
    const commissioner *cm = &f->c[i];
    if (text) {
      dpss_sb_printf(sb, "%s%s%s\n", cm->id, cm->name ? ": " : "", cm->name ? cm->name : "");
      dpss_sb_printf(sb, "  %-14s %18s %18s %18s\n", "", "committed", "cap", "remaining");
    } else {
      dpss_sb_puts(sb, i ? ",{\"id\":" : "{\"id\":");
      dpss_sb_json_str(sb, cm->id);
      dpss_sb_puts(sb, ",\"years\":[");
    }
    bool first = true;
    for (int y = 1; y <= f->years; y++) {
      if (year && y != year)
        continue;
      int64_t used = f->committed[i][y - 1];
      if (text) {
        dpss_money_format_buf(a, sizeof a, used);
        dpss_money_format_buf(b, sizeof b, cm->annual_cap);
        dpss_money_format_buf(c, sizeof c, cm->annual_cap - used);
        char label[16];
        snprintf(label, sizeof label, "year %d", y);
        dpss_sb_printf(sb, "  %-14s %19s %19s %19s\n", label, a, b, c);
      } else {
        dpss_sb_printf(sb, "%s{\"year\":%d,\"committed_pence\":%lld,\"cap_pence\":%lld,"
                           "\"remaining_pence\":%lld}",
                       first ? "" : ",", y, (long long)used, (long long)cm->annual_cap,
                       (long long)(cm->annual_cap - used));
      }
      first = false;
    }
    int64_t total = f->committed_total[i];
    if (text) {
      dpss_money_format_buf(a, sizeof a, total);
      dpss_money_format_buf(b, sizeof b, cm->total_cap);
      dpss_money_format_buf(c, sizeof c, cm->total_cap - total);
      dpss_sb_printf(sb, "  %-14s %19s %19s %19s\n", "whole term", a, b, c);
    } else {
      dpss_sb_printf(sb, "],\"term\":{\"committed_pence\":%lld,\"cap_pence\":%lld,"
                         "\"remaining_pence\":%lld}}",
                     (long long)total, (long long)cm->total_cap,
                     (long long)(cm->total_cap - total));
    }
  }
  if (!text)
    dpss_sb_printf(sb, "],\"call_offs\":%zu}", f->n_co);
}

static int report_to(const dpss_framework *f, int year, char **out, bool text) {
  if (out)
    *out = NULL;
  if (!f || !out || year < 0 || year > f->years)
    return dpss__fail(DPSS_EINVAL, "year", "NULL argument or no such contract year");
  dpss_sb sb;
  dpss_sb_init(&sb);
  report(f, year, &sb, text);
  return dpss_sb_finish(&sb, out);
}

int dpss_framework_report_json(const dpss_framework *f, int year, char **out) {
  return report_to(f, year, out, false);
}

int dpss_framework_report_text(const dpss_framework *f, int year, char **out) {
  return report_to(f, year, out, true);
}

int64_t dpss__framework_spend(const dpss_framework *f, dpss_date from, dpss_date to,
                              bool *overflow) {
  int64_t sum = 0;
  *overflow = false;
  for (size_t i = 0; i < f->n_co; i++)
    if (f->co[i].start >= from && f->co[i].start <= to &&
        __builtin_add_overflow(sum, f->co[i].cost, &sum))
      *overflow = true;
  return sum;
}
