/* SPDX-License-Identifier: MIT */
/* Framework agreement, call-offs and caps (F1-F3): reading, pricing,
 * checking and recording; see dpss/framework.h. Writing, saving and the
 * reports are in framework_write.c. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framework_internal.h"

const char *const dpss__service_names[DPSS__SVC_COUNT] = {"start_up", "payroll",
                                                          "managed_account", "one_off_issue"};
const char *const dpss__price_names[DPSS__SVC_COUNT] = {
    "start_up_pence", "payroll_per_year_pence", "managed_account_per_month_pence",
    "one_off_issue_pence"};

#define CAP_LIMIT INT64_C(1000000000000000) /* £10 trillion */

typedef dpss__commissioner commissioner;
typedef dpss__calloff calloff;

void dpss__fw_calloff_clear(calloff *c) {
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
    dpss__fw_calloff_clear(&f->co[i]);
  free(f->co);
  free(f->slots);
  free(f->committed);
  free(f->committed_total);
  free(f->name);
  free(f);
}

int dpss__fw_commissioner(const dpss_framework *f, const char *id) {
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
  int i = dpss__fw_commissioner(f, who);
  if (i < 0)
    return -1;
  return year ? f->committed[i][year - 1] : f->committed_total[i];
}

/* ---------------------------------------------------------------- call-off ids */
/* Ids are hashed (FNV-1a, open addressing), so checking that an id is new
 * costs the same with 10 call-offs or 100,000: a load is linear. */

static size_t id_hash(const char *s) {
  uint64_t h = UINT64_C(14695981039346656037);
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
  return (size_t)h;
}

bool dpss__fw_has_id(const dpss_framework *f, const char *id) {
  if (!f->n_slots)
    return false;
  size_t h = id_hash(id), mask = f->n_slots - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const struct dpss__slot *s = &f->slots[i];
    if (!s->index)
      return false;
    if (s->hash == h && strcmp(f->co[s->index - 1].id, id) == 0)
      return true;
  }
}

static void slot_put(struct dpss__slot *slots, size_t n_slots, size_t hash, size_t index) {
  size_t i = hash & (n_slots - 1);
  while (slots[i].index)
    i = (i + 1) & (n_slots - 1);
  slots[i].index = index + 1;
  slots[i].hash = hash;
}

int dpss__fw_reserve(dpss_framework *f, size_t n) {
  if (n > f->cap_co) {
    calloff *co = dpss__realloc(f->co, n * sizeof *co);
    if (!co)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    f->co = co;
    f->cap_co = n;
  }
  if (2 * n > f->n_slots) {
    size_t want = f->n_slots ? f->n_slots : 32;
    while (want < 2 * n)
      want *= 2;
    struct dpss__slot *slots = dpss__calloc(want, sizeof *slots);
    if (!slots)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < f->n_slots; i++)
      if (f->slots[i].index)
        slot_put(slots, want, f->slots[i].hash, f->slots[i].index - 1);
    free(f->slots);
    f->slots = slots;
    f->n_slots = want;
  }
  return DPSS_OK;
}

/* Room for one more call-off, in the list and in the id table. */
static int reserve_one(dpss_framework *f) {
  size_t n = f->n_co + 1;
  if (n > f->cap_co && n < 2 * f->cap_co)
    n = 2 * f->cap_co; /* grow geometrically */
  if (n < 16)
    n = 16;
  return n > f->cap_co || 2 * n > f->n_slots ? dpss__fw_reserve(f, n) : DPSS_OK;
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

bool dpss__stamp_valid(const char *s) {
  static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
  if (strlen(s) != DPSS__STAMP_LEN)
    return false;
  for (size_t i = 0; i < DPSS__STAMP_LEN; i++)
    if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
      return false;
  char day[11];
  memcpy(day, s, 10);
  day[10] = '\0';
  dpss_date d;
  int hh = (s[11] - '0') * 10 + s[12] - '0', mm = (s[14] - '0') * 10 + s[15] - '0',
      ss = (s[17] - '0') * 10 + s[18] - '0';
  return dpss_date_parse(&d, day) == DPSS_OK && hh < 24 && mm < 60 && ss < 61;
}

/* `recorded_at` of a saved call-off: kept as it is, checked for shape. */
static int read_stamp(const json_t *v, dpss_path *p, char *dst) {
  const json_t *s = json_object_get(v, "recorded_at");
  if (!s || json_is_null(s))
    return DPSS_OK;
  size_t m = dpss_path_push_key(p, "recorded_at");
  int rc = DPSS_OK;
  if (!json_is_string(s))
    rc = dpss__fail(DPSS_ETYPE, p->buf, "expected a string");
  else if (!dpss__stamp_valid(json_string_value(s)))
    rc = dpss__fail(DPSS_EDATE, p->buf, "expected a UTC time, YYYY-MM-DDTHH:MM:SSZ");
  else
    memcpy(dst, json_string_value(s), DPSS__STAMP_LEN + 1);
  dpss_path_pop(p, m);
  return rc;
}

static int read_funding(const dpss_framework *f, const json_t *funding, dpss_path *p,
                        calloff *c) {
  int rc = DPSS_OK;
  size_t m = dpss_path_push_key(p, "funding");
  if (!json_is_array(funding) || json_array_size(funding) == 0 ||
      json_array_size(funding) > DPSS__FW_MAX_SHARES)
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
    int k = rc ? -1 : dpss__fw_commissioner(f, id);
    if (!rc && k < 0) {
      size_t mk = dpss_path_push_key(p, "commissioner");
      rc = dpss__fail(DPSS_ENOTFOUND, p->buf, "no such commissioner in the framework; rule F1");
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
  return rc;
}

static int read_items(const json_t *items, dpss_path *p, calloff *c) {
  int rc = DPSS_OK;
  size_t m = dpss_path_push_key(p, "items");
  if (!json_is_array(items) || json_array_size(items) == 0)
    rc = dpss__fail(items ? DPSS_ETYPE : DPSS_EMISSING, p->buf, "expected a list of items");
  size_t ni = rc ? 0 : json_array_size(items);
  if (ni && !(c->items = dpss__calloc(ni, sizeof *c->items)))
    rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  static const char *const ikeys[] = {"service", "quantity"};
  for (size_t i = 0; !rc && i < ni; i++) {
    const json_t *it = json_array_get(items, i);
    size_t mi = dpss_path_push_index(p, i);
    dpss__item *x = &c->items[i];
    rc = dpss__expect_object(it, p);
    if (!rc)
      rc = dpss__only_keys(it, p, ikeys, 2);
    if (!rc) {
      size_t mk = dpss_path_push_key(p, "service");
      const json_t *sv = json_object_get(it, "service");
      rc = !sv || json_is_null(sv)
               ? dpss__fail(DPSS_EMISSING, p->buf, "required")
               : dpss__read_enum(sv, p, dpss__service_names, DPSS__SVC_COUNT, &x->service);
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
    if (!rc)
      c->n_items++;
    dpss_path_pop(p, mi);
  }
  dpss_path_pop(p, m);
  return rc;
}

/* Place a call-off in its contract year: its dates must lie in the term. */
static int place(const dpss_framework *f, calloff *c, dpss_path *p) {
  int rc = DPSS_OK;
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
    rc = dpss__fail(DPSS_EDATE, p->buf, "outside the framework's term; rule F1");
    dpss_path_pop(p, m);
  }
  return rc;
}

int dpss__fw_price(const dpss_framework *f, calloff *c, dpss_path *p) {
  int rc = place(f, c, p);
  if (rc)
    return rc;
  /* Items, priced from the one list (F3). */
  size_t m;
  int64_t cost = 0;
  for (size_t i = 0; i < c->n_items; i++) {
    int64_t line;
    if (__builtin_mul_overflow(c->items[i].quantity, f->price[c->items[i].service], &line) ||
        __builtin_add_overflow(cost, line, &cost)) {
      m = dpss_path_push_key(p, "items");
      size_t mi = dpss_path_push_index(p, i);
      rc = dpss__fail(DPSS_EOVERFLOW, p->buf, "cost out of range");
      dpss_path_pop(p, mi);
      dpss_path_pop(p, m);
      return rc;
    }
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
                      "name the approver (rule F2)",
                      (long long)cost, cm->id, (long long)cm->approval_threshold);
      dpss_path_pop(p, m);
      return rc;
    }
  }
  return DPSS_OK;
}

/* Read, price, split and place a call-off; nothing in the framework changes. */
int dpss__fw_read_calloff(const dpss_framework *f, const json_t *v, dpss_path *p, calloff *c) {
  static const char *const keys[] = {"id",         "commissioner", "funding",     "recipient",
                                     "start",      "end",          "items",       "cost_pence",
                                     "shares",     "approved_by",  "year",        "recorded_at",
                                     "rules"};
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
    rc = read_stamp(v, p, c->recorded_at);
  if (!rc)
    rc = read_required_date(v, "start", p, &c->start);
  if (!rc)
    rc = read_required_date(v, "end", p, &c->end);
  if (!rc)
    rc = place(f, c, p);
  if (rc)
    return rc;
  /* Commissioner(s) (F1). */
  const json_t *one = json_object_get(v, "commissioner");
  const json_t *funding = json_object_get(v, "funding");
  if ((one && !json_is_null(one)) == (funding && !json_is_null(funding)))
    return dpss__fail(DPSS_EMISSING, p->buf[0] ? p->buf : "commissioner",
                      "give either commissioner or funding");
  if (one && !json_is_null(one)) {
    char id[DPSS_ID_MAX + 1] = "";
    if ((rc = read_id_into(v, "commissioner", p, true, id)))
      return rc;
    int k = dpss__fw_commissioner(f, id);
    if (k < 0) {
      size_t m = dpss_path_push_key(p, "commissioner");
      rc = dpss__fail(DPSS_ENOTFOUND, p->buf, "no such commissioner in the framework; rule F1");
      dpss_path_pop(p, m);
      return rc;
    }
    c->shares[0].commissioner = k;
    c->shares[0].weekly = 1;
    c->n_shares = 1;
  } else if ((rc = read_funding(f, funding, p, c))) {
    return rc;
  }
  if ((rc = read_items(json_object_get(v, "items"), p, c)) || (rc = dpss__fw_price(f, c, p)))
    return rc;
  int64_t given;
  if ((rc = read_money(v, "cost_pence", p, false, &given)))
    return rc;
  if (given != DPSS_PENCE_NONE && given != c->cost) {
    size_t m = dpss_path_push_key(p, "cost_pence");
    rc = dpss__fail(DPSS_ECONFLICT, p->buf,
                    "does not match the price list (it comes to %lld); rule F3",
                    (long long)c->cost);
    dpss_path_pop(p, m);
  }
  return rc;
}

/* ---------------------------------------------------------------- recording */

int dpss__fw_check_caps(const dpss_framework *f, const calloff *c, const char *where,
                        const int64_t *year_now_of, const int64_t *term_now_of) {
  for (int j = 0; j < c->n_shares; j++) {
    const commissioner *cm = &f->c[c->shares[j].commissioner];
    int64_t amount = c->shares[j].pence, year_now = year_now_of[j], term_now = term_now_of[j];
    /* In 128 bits: a huge call-off must not wrap round under a cap. */
    __int128 year_over = (__int128)year_now + amount - cm->annual_cap,
             term_over = (__int128)term_now + amount - cm->total_cap;
    if (year_over > 0)
      return dpss__fail(DPSS_ECAP, where,
                        "call-off %s refused: it would take %s over its annual cap for contract "
                        "year %d (cap %lld, committed %lld, this call-off %lld, over by %lld "
                        "pence); nothing recorded (rule F2)",
                        c->id[0] ? c->id : "(new)", cm->id, c->year, (long long)cm->annual_cap,
                        (long long)year_now, (long long)amount,
                        (long long)(year_over > INT64_MAX ? INT64_MAX : year_over));
    if (term_over > 0)
      return dpss__fail(DPSS_ECAP, where,
                        "call-off %s refused: it would take %s over its whole-term cap (cap "
                        "%lld, committed %lld, this call-off %lld, over by %lld pence); nothing "
                        "recorded (rule F2)",
                        c->id[0] ? c->id : "(new)", cm->id, (long long)cm->total_cap,
                        (long long)term_now, (long long)amount,
                        (long long)(term_over > INT64_MAX ? INT64_MAX : term_over));
  }
  return DPSS_OK;
}

int dpss__fw_give_id(calloff *c) {
  if (c->id[0])
    return DPSS_OK;
  char *id;
  int rc = dpss_id_generate(&id, "C");
  if (!rc) {
    snprintf(c->id, sizeof c->id, "%s", id);
    free(id);
  }
  return rc;
}

int dpss__fw_add(dpss_framework *f, calloff *c, dpss_path *p) {
  int rc = dpss__fw_give_id(c);
  if (!rc && dpss__fw_has_id(f, c->id)) {
    size_t m = dpss_path_push_key(p, "id");
    rc = dpss__fail(DPSS_EDUPLICATE, p->buf, "a call-off with this id is already recorded");
    dpss_path_pop(p, m);
  }
  if (!rc) {
    int64_t year_now[DPSS__FW_MAX_SHARES], term_now[DPSS__FW_MAX_SHARES];
    for (int j = 0; j < c->n_shares; j++) {
      year_now[j] = f->committed[c->shares[j].commissioner][c->year - 1];
      term_now[j] = f->committed_total[c->shares[j].commissioner];
    }
    rc = dpss__fw_check_caps(f, c, p->buf[0] ? p->buf : "cost_pence", year_now, term_now);
  }
  if (!rc)
    rc = reserve_one(f);
  if (rc)
    return rc;
  slot_put(f->slots, f->n_slots, id_hash(c->id), f->n_co);
  f->co[f->n_co++] = *c;
  for (int j = 0; j < c->n_shares; j++) {
    f->committed[c->shares[j].commissioner][c->year - 1] += c->shares[j].pence;
    f->committed_total[c->shares[j].commissioner] += c->shares[j].pence;
  }
  return DPSS_OK;
}

/* Undo the last dpss__fw_add. */
static void drop_last(dpss_framework *f) {
  calloff *c = &f->co[--f->n_co];
  for (int j = 0; j < c->n_shares; j++) {
    f->committed[c->shares[j].commissioner][c->year - 1] -= c->shares[j].pence;
    f->committed_total[c->shares[j].commissioner] -= c->shares[j].pence;
  }
  /* Take its id out of the table: put back the probe run after it. */
  size_t mask = f->n_slots - 1, i = id_hash(c->id) & mask;
  while (f->slots[i].index != f->n_co + 1)
    i = (i + 1) & mask;
  f->slots[i].index = 0;
  for (i = (i + 1) & mask; f->slots[i].index; i = (i + 1) & mask) {
    struct dpss__slot moved = f->slots[i];
    f->slots[i].index = 0;
    slot_put(f->slots, f->n_slots, moved.hash, moved.index - 1);
  }
  dpss__fw_calloff_clear(c);
}

static int add_calloff_value(dpss_framework *f, const json_t *v, dpss_path *p) {
  calloff c;
  memset(&c, 0, sizeof c);
  int rc = dpss__fw_read_calloff(f, v, p, &c);
  if (!rc)
    rc = dpss__fw_add(f, &c, p);
  if (rc)
    dpss__fw_calloff_clear(&c);
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
  if (!rc)
    rc = dpss__read_name(v, p, &c->name);
  if (!rc)
    rc = read_money(v, "annual_cap_pence", p, true, &c->annual_cap);
  if (!rc)
    rc = read_money(v, "total_cap_pence", p, true, &c->total_cap);
  if (!rc)
    rc = read_money(v, "approval_threshold_pence", p, false, &c->approval_threshold);
  return rc;
}

static int read_terms(dpss_framework *f, const json_t *root, dpss_path *p) {
  int rc = read_id_into(root, "id", p, true, f->id);
  if (!rc)
    rc = dpss__read_name(root, p, &f->name);
  if (!rc)
    rc = read_required_date(root, "start", p, &f->start);
  const json_t *years = json_object_get(root, "years");
  if (!rc) {
    if (!years || json_is_null(years))
      f->years = 4; /* framework_term_years' default */
    else if (!json_is_integer(years) || json_integer_value(years) < 1 ||
             json_integer_value(years) > DPSS__FW_MAX_YEARS)
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
    rc = dpss__only_keys(prices, p, dpss__price_names, DPSS__SVC_COUNT);
    for (int k = 0; !rc && k < DPSS__SVC_COUNT; k++)
      rc = read_money(prices, dpss__price_names[k], p, true, &f->price[k]);
    dpss_path_pop(p, m);
  }
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
  rc = read_terms(f, root, p);
  const json_t *cos = json_object_get(root, "call_offs");
  if (!rc && cos && !json_is_null(cos) && !json_is_array(cos))
    rc = dpss__fail(DPSS_ETYPE, "call_offs", "expected a list of call-offs");
  size_t m = dpss_path_push_key(p, "call_offs");
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
  if (dpss__is_sqlite_file(path))
    return dpss__ledger_load(out, path);
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
    drop_last(f);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  return rc;
}
