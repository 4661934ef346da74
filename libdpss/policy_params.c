/* SPDX-License-Identifier: MIT */
/* The policy parameters: the one table of names, types, defaults, ranges
 * and sources, and how one value is read (JSON or NAME=VALUE text) and
 * written. policy.c holds the policy object built from them.
 *
 * Value encodings in the int64 of a resolved parameter:
 * - integers, booleans (0/1) and choices (index) as themselves;
 * - periods: a count of months, or a count of weeks with DPSS_PERIOD_WEEKS
 *   set (councils publish reviews "12 weeks after the start" as often as
 *   "6 months"); a policy written in months keeps its meaning;
 * - lists: an index into the policy's lists, or -1 for the built-in list. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "policy_internal.h"

static const char *const basis_names[] = {"net", "gross", NULL};
static const char *const frequency_names[] = {"four_weekly", "monthly", NULL};
static const char *const audit_from_names[] = {"first_payment", "first_review", NULL};

static const char *const default_prohibited[] = {"rent_mortgage", "food_drink", "utilities",
                                                 "alcohol",       "tobacco",    "gambling"};

const struct dpss_param_def dpss__params[DPSS_P_COUNT_] = {
    [DPSS_P_SURPLUS_THRESHOLD_WEEKS] = {"surplus_threshold_weeks", PT_INT, 6, 1, 52, NULL,
                                        "COUNTY para 15"},
    [DPSS_P_STARTUP_MAX_MONTHS] = {"startup_max_months", PT_INT, 12, 1, 60, NULL,
                                   "COUNTY para 16"},
    [DPSS_P_ISSUE_ESCALATION_DAYS] = {"issue_escalation_days", PT_INT, 14, 1, 365, NULL,
                                      "COUNTY para 16"},
    [DPSS_P_MIN_ASSOCIATES] = {"min_associates", PT_INT, 2, 1, 100, NULL, "COUNTY para 18"},
    [DPSS_P_FIRST_REVIEW] = {"first_review", PT_PERIOD, 6, 1, 260, NULL, "SI 2014/2871 reg 7"},
    [DPSS_P_REVIEW_INTERVAL] = {"review_interval", PT_PERIOD, 12, 1, 260, NULL,
                                "SI 2014/2871 reg 7; COUNTY para 20"},
    [DPSS_P_FIRST_AUDIT] = {"first_audit", PT_PERIOD, 6, 1, 260, NULL, "local practice"},
    [DPSS_P_AUDIT_INTERVAL] = {"audit_interval", PT_PERIOD, 12, 1, 260, NULL, "local practice"},
    [DPSS_P_SURPLUS_TRIGGERS_REVIEW] = {"surplus_triggers_review", PT_BOOL, 1, 0, 1, NULL,
                                        "COUNTY para 15"},
    [DPSS_P_PAYMENT_BASIS] = {"payment_basis", PT_CHOICE, 0, 0, 1, basis_names, "local choice"},
    [DPSS_P_PAYMENT_FREQUENCY] = {"payment_frequency", PT_CHOICE, 0, 0, 1, frequency_names,
                                  "local choice"},
    [DPSS_P_PAYMENT_INTERVAL_WEEKS] = {"payment_interval_weeks", PT_INT, 4, 1, 52, NULL,
                                       "local choice"},
    [DPSS_P_DP_UPTAKE_TARGET] = {"dp_uptake_target", PT_INT, 40, 0, 100, NULL, "COUNTY para 5"},
    [DPSS_P_FRAMEWORK_TERM_YEARS] = {"framework_term_years", PT_INT, 4, 1, 10, NULL, "CITY"},
    [DPSS_P_MARKET_VIABILITY_FLOOR_PERCENT] = {"market_viability_floor_percent", PT_INT, 5, 0,
                                               100, NULL, "COUNTY para 9 (local choice)"},
    [DPSS_P_MARKET_DOMINANCE_CEILING_PERCENT] = {"market_dominance_ceiling_percent", PT_INT, 50,
                                                 0, 100, NULL, "COUNTY para 9 (local choice)"},
    [DPSS_P_SURPLUS_NOTICE_DAYS] = {"surplus_notice_days", PT_INT, 14, 0, 365, NULL,
                                    "S4; councils ask for repayment two weeks after writing"},
    [DPSS_P_AUDIT_MATCH_DAYS] = {"audit_match_days", PT_INT, 5, 0, 31, NULL, "A3"},
    [DPSS_P_DBS_VALID_YEARS] = {"dbs_valid_years", PT_INT, 3, 1, 20, NULL,
                                "A6; councils accept a DBS certificate from the last 3 years"},
    [DPSS_P_UNDERSPEND_REVIEW_PERCENT] = {"underspend_review_percent", PT_INT, 75, 0, 100, NULL,
                                          "A9"},
    [DPSS_P_MISUSE_THRESHOLD_PENCE] = {"misuse_threshold_pence", PT_INT, 0, 0,
                                       DPSS_MONEY_LIMIT, NULL, "A5"},
    [DPSS_P_PROHIBITED_CATEGORIES] = {"prohibited_categories", PT_LIST, -1, 0, 0, NULL,
                                      "A5; councils' direct payment agreements"},
    [DPSS_P_FIRST_AUDIT_FROM] = {"first_audit_from", PT_CHOICE, 0, 0, 1, audit_from_names,
                                 "R2 (Wigan: the first audit 12 months after the first review)"},
};

const char *const *dpss__default_list(int id, size_t *n) {
  (void)id; /* the one list parameter */
  *n = DPSS_ARRAY_LEN(default_prohibited);
  return default_prohibited;
}

const char *dpss__param_name(int id) { return dpss__params[id].name; }

size_t dpss_policy_param_count(void) { return DPSS_P_COUNT_; }

const char *dpss_policy_param_name(size_t index) {
  return index < DPSS_P_COUNT_ ? dpss__params[index].name : NULL;
}

const char *dpss_policy_param_source(size_t index) {
  return index < DPSS_P_COUNT_ ? dpss__params[index].source : NULL;
}

const char *dpss_policy_param_type(size_t index) {
  static const char *const types[] = {"integer", "boolean", "choice", "period", "list"};
  return index < DPSS_P_COUNT_ ? types[dpss__params[index].type] : NULL;
}

/* Names: a period parameter is also reachable as NAME_months and
 * NAME_weeks (the 0.1 names were first_review_months and so on). */
int dpss__param_lookup(const char *name, int *unit) {
  *unit = UNIT_ANY;
  for (int i = 0; i < DPSS_P_COUNT_; i++) {
    const char *n = dpss__params[i].name;
    size_t len = strlen(n);
    if (strncmp(name, n, len) != 0)
      continue;
    if (name[len] == '\0')
      return i;
    if (dpss__params[i].type != PT_PERIOD)
      continue;
    if (strcmp(name + len, "_months") == 0) {
      *unit = UNIT_MONTHS;
      return i;
    }
    if (strcmp(name + len, "_weeks") == 0) {
      *unit = UNIT_WEEKS;
      return i;
    }
  }
  return -1;
}

int64_t dpss__period(int64_t count, int unit) {
  return unit == UNIT_WEEKS ? count | DPSS_PERIOD_WEEKS : count;
}

dpss_date dpss__add_period(dpss_date d, int64_t period) {
  if (d == DPSS_DATE_NONE)
    return DPSS_DATE_NONE;
  if (period & DPSS_PERIOD_WEEKS) {
    int64_t days = (period & ~DPSS_PERIOD_WEEKS) * 7;
    dpss_date out;
    return dpss_date_add_days(&out, d, (int32_t)days) == DPSS_OK ? out : DPSS_DATE_NONE;
  }
  return dpss__add_months(d, period);
}

void dpss__period_text(dpss_sb *sb, int64_t period) {
  int64_t n = period & ~DPSS_PERIOD_WEEKS;
  bool weeks = period & DPSS_PERIOD_WEEKS;
  dpss_sb_int(sb, n);
  dpss_sb_puts(sb, weeks ? (n == 1 ? " week" : " weeks") : (n == 1 ? " month" : " months"));
}

int dpss__check_range(int id, int64_t value, const char *field) {
  const struct dpss_param_def *d = &dpss__params[id];
  if (d->type == PT_LIST)
    return DPSS_OK;
  int64_t v = d->type == PT_PERIOD ? value & ~DPSS_PERIOD_WEEKS : value;
  int64_t max = d->max;
  if (d->type == PT_PERIOD && !(value & DPSS_PERIOD_WEEKS))
    max = 60; /* months; weeks go to 260 (5 years either way) */
  if (v < d->min || v > max) {
    if (d->type == PT_INT || d->type == PT_PERIOD)
      return dpss__fail(DPSS_ERANGE, field, "must be from %lld to %lld", (long long)d->min,
                        (long long)max);
    return dpss__fail(DPSS_ERANGE, field, "value out of range for this parameter");
  }
  return DPSS_OK;
}

static int count_choices(const char *const *c) {
  int n = 0;
  while (c[n])
    n++;
  return n;
}

/* A list of category words: 1 to 64 distinct ids. */
static int read_list(const json_t *v, dpss_path *p, dpss_list *out) {
  if (!json_is_array(v) || json_array_size(v) > 64)
    return dpss__fail(DPSS_ETYPE, p->buf, "expected a list of at most 64 words");
  size_t n = json_array_size(v);
  out->items = dpss__calloc(n ? n : 1, sizeof *out->items);
  if (!out->items)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  out->n = 0;
  for (size_t i = 0; i < n; i++) {
    size_t m = dpss_path_push_index(p, i);
    char *s = NULL;
    int rc = dpss__read_id(json_array_get(v, i), p, true, &s);
    for (size_t k = 0; !rc && k < out->n; k++)
      if (strcmp(out->items[k], s) == 0)
        rc = dpss__fail(DPSS_EDUPLICATE, p->buf, "the same word twice");
    dpss_path_pop(p, m);
    if (rc) {
      free(s);
      return rc;
    }
    out->items[out->n++] = s;
  }
  return DPSS_OK;
}

void dpss__list_free(dpss_list *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->items[i]);
  free(l->items);
  l->items = NULL;
  l->n = 0;
}

int dpss__read_param_value(const json_t *v, int id, int unit, dpss_path *p, int64_t *out,
                           dpss_list *list) {
  const struct dpss_param_def *d = &dpss__params[id];
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
    int k = json_is_string(v) ? dpss__lookup(d->choices, (size_t)count_choices(d->choices),
                                             json_string_value(v))
                              : -1;
    if (k < 0)
      return dpss__fail(json_is_string(v) ? DPSS_EUNKNOWN : DPSS_ETYPE, p->buf,
                        "expected one of \"%s\" or \"%s\"", d->choices[0], d->choices[1]);
    *out = k;
    break;
  }
  case PT_PERIOD: {
    const json_t *n = v;
    if (unit == UNIT_ANY) {
      /* {"months": N} or {"weeks": N} */
      const json_t *mo = json_object_get(v, "months"), *wk = json_object_get(v, "weeks");
      if (!json_is_object(v) || json_object_size(v) != 1 || !(mo || wk))
        return dpss__fail(DPSS_ETYPE, p->buf,
                          "expected a period {\"months\": N} or {\"weeks\": N}");
      n = mo ? mo : wk;
      unit = mo ? UNIT_MONTHS : UNIT_WEEKS;
    }
    if (!json_is_integer(n))
      return dpss__fail(DPSS_ETYPE, p->buf, "expected a whole number of %s",
                        unit == UNIT_WEEKS ? "weeks" : "months");
    json_int_t x = json_integer_value(n);
    if (x < 1 || x > 260)
      return dpss__fail(DPSS_ERANGE, p->buf, "must be from 1 to %d", unit == UNIT_WEEKS ? 260 : 60);
    *out = dpss__period((int64_t)x, unit);
    break;
  }
  case PT_LIST:
    *out = 0;
    return read_list(v, p, list);
  }
  return dpss__check_range(id, *out, p->buf);
}

int dpss__parse_param_text(int id, int unit, const char *name, const char *text, int64_t *out,
                           dpss_list *list) {
  const struct dpss_param_def *d = &dpss__params[id];
  char *end;
  switch (d->type) {
  case PT_INT:
  case PT_PERIOD: {
    if (d->type == PT_PERIOD && unit == UNIT_ANY)
      return dpss__fail(DPSS_EINVAL, name, "give the unit: %s_months=N or %s_weeks=N", d->name,
                        d->name);
    errno = 0;
    long long x = strtoll(text, &end, 10);
    if (!*text || *end || errno)
      return dpss__fail(DPSS_ETYPE, name, "expected a whole number");
    if (d->type == PT_PERIOD && (x < 1 || x > 260))
      return dpss__fail(DPSS_ERANGE, name, "must be from 1 to %d", unit == UNIT_WEEKS ? 260 : 60);
    *out = d->type == PT_PERIOD ? dpss__period(x, unit) : x;
    return dpss__check_range(id, *out, name);
  }
  case PT_BOOL:
    if (strcmp(text, "true") == 0)
      *out = 1;
    else if (strcmp(text, "false") == 0)
      *out = 0;
    else
      return dpss__fail(DPSS_ETYPE, name, "expected true or false");
    return DPSS_OK;
  case PT_CHOICE: {
    int k = dpss__lookup(d->choices, (size_t)count_choices(d->choices), text);
    if (k < 0)
      return dpss__fail(DPSS_EUNKNOWN, name, "expected %s or %s", d->choices[0], d->choices[1]);
    *out = k;
    return DPSS_OK;
  }
  case PT_LIST: {
    /* Comma-separated words; "" is the empty list. */
    dpss__json_begin();
    json_t *arr = json_array();
    int rc = arr ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    for (const char *s = text; !rc && *s;) {
      const char *e = strchr(s, ',');
      size_t n = e ? (size_t)(e - s) : strlen(s);
      json_t *w = json_stringn(s, n);
      if (!w || json_array_append_new(arr, w))
        rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
      s += n + (e != NULL);
    }
    if (!rc && dpss__json_oom())
      rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    dpss_path p;
    dpss_path_init(&p);
    dpss_path_push_key(&p, name);
    if (!rc)
      rc = read_list(arr, &p, list);
    json_decref(arr);
    *out = 0;
    return rc;
  }
  }
  return DPSS_EINVAL;
}

void dpss__param_value_json(dpss_sb *sb, int id, int64_t value) {
  const struct dpss_param_def *d = &dpss__params[id];
  switch (d->type) {
  case PT_INT: dpss_sb_int(sb, value); break;
  case PT_BOOL: dpss_sb_puts(sb, value ? "true" : "false"); break;
  case PT_CHOICE: dpss_sb_json_str(sb, d->choices[value]); break;
  case PT_PERIOD:
    dpss_sb_puts(sb, value & DPSS_PERIOD_WEEKS ? "{\"weeks\":" : "{\"months\":");
    dpss_sb_int(sb, value & ~DPSS_PERIOD_WEEKS);
    dpss_sb_putc(sb, '}');
    break;
  case PT_LIST: dpss_sb_puts(sb, "null"); break; /* written by the caller, who has the list */
  }
}

void dpss__list_json(dpss_sb *sb, const char *const *items, size_t n) {
  dpss_sb_putc(sb, '[');
  for (size_t i = 0; i < n; i++) {
    if (i)
      dpss_sb_putc(sb, ',');
    dpss_sb_json_str(sb, items[i]);
  }
  dpss_sb_putc(sb, ']');
}
