/* SPDX-License-Identifier: MIT */
/* The recipient record built and changed from C: setters that check their
 * arguments and change nothing on failure. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MONEY_LIMIT DPSS_MONEY_LIMIT
#define date_names dpss__date_names

/* ---------------------------------------------------------------- building */

#define CHECK_R(r)                                                    \
  do {                                                                \
    if (!(r))                                                         \
      return dpss__fail(DPSS_EINVAL, NULL, "recipient is NULL");      \
  } while (0)

int dpss_recipient_new(dpss_recipient **out, const char *id) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!dpss__id_valid(id))
    return dpss__fail(DPSS_EINVAL, "id", "an id must be 1 to 64 printable characters without spaces");
  dpss_recipient *r = dpss__recipient_alloc();
  if (!r || !(r->id = dpss__strdup(id))) {
    dpss_recipient_free(r);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  *out = r;
  return DPSS_OK;
}


const char *dpss_recipient_id(const dpss_recipient *r) { return r ? r->id : ""; }

int dpss_recipient_set_fact(dpss_recipient *r, dpss_fact_field field, dpss_fact value) {
  CHECK_R(r);
  if ((int)field < 0 || (int)field >= DPSS_FACT_COUNT_)
    return dpss__fail(DPSS_EINVAL, NULL, "no such fact");
  if (value != DPSS_TRUE && value != DPSS_FALSE && value != DPSS_UNKNOWN)
    return dpss__fail(DPSS_EINVAL, dpss__fact_names[field], "a fact is true, false or unknown");
  if (field == DPSS_FACT_AUTHORISED_PERSON) {
    json_decref(r->authorised_person);
    r->authorised_person = NULL;
  }
  r->facts[field] = (int8_t)value;
  return DPSS_OK;
}

dpss_fact dpss_recipient_get_fact(const dpss_recipient *r, dpss_fact_field field) {
  if (!r || (int)field < 0 || (int)field >= DPSS_FACT_COUNT_)
    return DPSS_UNKNOWN;
  return (dpss_fact)r->facts[field];
}

int dpss_recipient_set_kind(dpss_recipient *r, dpss_kind kind) {
  CHECK_R(r);
  if (kind < DPSS_KIND_UNKNOWN || kind > DPSS_KIND_CHILD)
    return dpss__fail(DPSS_EINVAL, "kind", "no such kind");
  r->kind = (int8_t)kind;
  return DPSS_OK;
}

int dpss_recipient_set_method(dpss_recipient *r, dpss_method method) {
  CHECK_R(r);
  if (method < DPSS_METHOD_UNKNOWN || method > DPSS_METHOD_MANAGED_ACCOUNT)
    return dpss__fail(DPSS_EINVAL, "payment_method", "no such payment method");
  r->method = (int8_t)method;
  return DPSS_OK;
}

int dpss_recipient_set_risk(dpss_recipient *r, dpss_risk risk) {
  CHECK_R(r);
  if (risk < DPSS_RISK_UNKNOWN || risk > DPSS_RISK_HIGH)
    return dpss__fail(DPSS_EINVAL, "risk", "no such risk level");
  r->risk = (int8_t)risk;
  return DPSS_OK;
}

int dpss_recipient_set_date(dpss_recipient *r, dpss_date_field field, dpss_date date) {
  CHECK_R(r);
  if ((int)field < 0 || (int)field >= DPSS_DATE_FIELD_COUNT_)
    return dpss__fail(DPSS_EINVAL, NULL, "no such date field");
  if (date != DPSS_DATE_NONE && !dpss__date_valid(date))
    return dpss__fail(DPSS_EDATE, date_names[field], "date out of range");
  dpss_date old = r->dates[field];
  r->dates[field] = date;
  int rc = dpss__recipient_check(r);
  if (rc)
    r->dates[field] = old;
  return rc;
}

dpss_date dpss_recipient_get_date(const dpss_recipient *r, dpss_date_field field) {
  if (!r || (int)field < 0 || (int)field >= DPSS_DATE_FIELD_COUNT_)
    return DPSS_DATE_NONE;
  return r->dates[field];
}

int dpss_recipient_set_funding(dpss_recipient *r, dpss_source source, int64_t weekly) {
  CHECK_R(r);
  if ((int)source < 0 || (int)source >= DPSS_SOURCE_COUNT_)
    return dpss__fail(DPSS_EINVAL, "funding", "no such funding source");
  if (weekly < 0 || weekly > MONEY_LIMIT)
    return dpss__fail(DPSS_ERANGE, "funding", "weekly amount must be from 0 to 10^15 pence");
  int64_t old = r->funding[source];
  r->funding[source] = weekly;
  int rc = dpss__recipient_check(r);
  if (rc) {
    r->funding[source] = old;
    return rc;
  }
  int k = 0;
  while (k < r->n_funding && r->funding_order[k] != (int8_t)source)
    k++;
  if (weekly == 0 && k < r->n_funding) {
    for (; k + 1 < r->n_funding; k++)
      r->funding_order[k] = r->funding_order[k + 1];
    r->n_funding--;
  } else if (weekly > 0 && k == r->n_funding) {
    r->funding_order[r->n_funding++] = (int8_t)source;
  }
  return DPSS_OK;
}

int64_t dpss_recipient_get_funding(const dpss_recipient *r, dpss_source source) {
  if (!r || (int)source < 0 || (int)source >= DPSS_SOURCE_COUNT_)
    return 0;
  return r->funding[source];
}

int dpss_recipient_set_money(dpss_recipient *r, dpss_money_field field, int64_t pence) {
  static const char *const names[] = {"personal_budget_weekly_pence",
                                      "contribution_weekly_pence"};
  CHECK_R(r);
  if ((int)field < 0 || (int)field > 1)
    return dpss__fail(DPSS_EINVAL, NULL, "no such money field");
  if (pence != DPSS_PENCE_NONE && (pence < 0 || pence > MONEY_LIMIT))
    return dpss__fail(DPSS_ERANGE, names[field], "amount must be from 0 to 10^15 pence");
  int64_t *slot = field == DPSS_MONEY_PERSONAL_BUDGET_WEEKLY ? &r->personal_budget_weekly
                                                             : &r->contribution_weekly;
  int64_t old = *slot;
  *slot = pence;
  int rc = dpss__recipient_check(r);
  if (rc) {
    *slot = old;
    if (field == DPSS_MONEY_PERSONAL_BUDGET_WEEKLY)
      return dpss__fail(DPSS_ECONFLICT, names[field],
                        "the personal budget is below the direct payment (rule B1)");
  }
  return rc;
}

int64_t dpss_recipient_get_money(const dpss_recipient *r, dpss_money_field field) {
  if (!r || (int)field < 0 || (int)field > 1)
    return DPSS_PENCE_NONE;
  return field == DPSS_MONEY_PERSONAL_BUDGET_WEEKLY ? r->personal_budget_weekly
                                                    : r->contribution_weekly;
}

int dpss_recipient_set_balance(dpss_recipient *r, dpss_date on, int64_t pence, int64_t owed) {
  CHECK_R(r);
  if (on != DPSS_DATE_NONE && !dpss__date_valid(on))
    return dpss__fail(DPSS_EDATE, "balance.on", "date out of range");
  if (pence > MONEY_LIMIT || pence < -MONEY_LIMIT)
    return dpss__fail(DPSS_ERANGE, "balance.pence", "amount out of range");
  if (owed < 0 || owed > MONEY_LIMIT)
    return dpss__fail(DPSS_ERANGE, "balance.owed_pence", "must be from 0 to 10^15 pence");
  r->has_balance = true;
  r->balance_on = on;
  r->balance_pence = pence;
  r->owed_pence = owed;
  return DPSS_OK;
}

int dpss_recipient_clear_balance(dpss_recipient *r) {
  CHECK_R(r);
  r->has_balance = false;
  r->balance_on = DPSS_DATE_NONE;
  r->balance_pence = DPSS_PENCE_NONE;
  r->owed_pence = 0;
  return DPSS_OK;
}

static int dup_opt_id(const char *s, const char *field, char **out) {
  *out = NULL;
  if (!s)
    return DPSS_OK;
  if (!dpss__id_valid(s))
    return dpss__fail(DPSS_EINVAL, field, "an id must be 1 to 64 printable characters without spaces");
  *out = dpss__strdup(s);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

int dpss_recipient_set_support(dpss_recipient *r, dpss_tier tier, dpss_date since,
                               dpss_fact completed, const char *provider) {
  CHECK_R(r);
  if (tier != DPSS_TIER_UNKNOWN && tier != DPSS_TIER_START_UP && tier != DPSS_TIER_ISSUE_BASED &&
      tier != DPSS_TIER_NONE)
    return dpss__fail(DPSS_EINVAL, "support.tier", "no such tier");
  if (since != DPSS_DATE_NONE && !dpss__date_valid(since))
    return dpss__fail(DPSS_EDATE, "support.since", "date out of range");
  if (completed != DPSS_TRUE && completed != DPSS_FALSE && completed != DPSS_UNKNOWN)
    return dpss__fail(DPSS_EINVAL, "support.completed", "a fact is true, false or unknown");
  char *p;
  int rc = dup_opt_id(provider, "support.provider", &p);
  if (rc)
    return rc;
  free(r->support_provider);
  r->support_provider = p;
  r->has_support = true;
  r->support_tier = (int8_t)tier;
  r->support_since = since;
  r->support_completed = (int8_t)completed;
  return DPSS_OK;
}

int dpss_recipient_set_existing(dpss_recipient *r, const char *provider, dpss_fact successful) {
  CHECK_R(r);
  if (successful != DPSS_TRUE && successful != DPSS_FALSE && successful != DPSS_UNKNOWN)
    return dpss__fail(DPSS_EINVAL, "existing_arrangement.successful",
                      "a fact is true, false or unknown");
  char *p;
  int rc = dup_opt_id(provider, "existing_arrangement.provider", &p);
  if (rc)
    return rc;
  free(r->existing_provider);
  r->existing_provider = p;
  r->has_existing = p != NULL;
  r->existing_successful = p ? (int8_t)successful : DPSS_UNKNOWN;
  return DPSS_OK;
}

int dpss_recipient_add_specialist_need(dpss_recipient *r, const char *need) {
  CHECK_R(r);
  char *copy;
  if (!need)
    return dpss__fail(DPSS_EINVAL, "specialist_needs", "need is NULL");
  int rc = dup_opt_id(need, "specialist_needs", &copy);
  if (rc)
    return rc;
  char **n = dpss__realloc(r->needs, (r->n_needs + 1) * sizeof *n);
  if (!n) {
    free(copy);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  n[r->n_needs++] = copy;
  r->needs = n;
  return DPSS_OK;
}

int dpss_recipient_add_issue(dpss_recipient *r, const char *id, dpss_date opened,
                             dpss_date resolved) {
  CHECK_R(r);
  if (!id)
    return dpss__fail(DPSS_EINVAL, "issues.id", "id is NULL");
  if (!dpss__date_valid(opened))
    return dpss__fail(DPSS_EDATE, "issues.opened", "opened must be a valid date");
  if (resolved != DPSS_DATE_NONE && !dpss__date_valid(resolved))
    return dpss__fail(DPSS_EDATE, "issues.resolved", "date out of range");
  if (resolved != DPSS_DATE_NONE && resolved < opened)
    return dpss__fail(DPSS_ECONFLICT, "issues.resolved", "resolved before it was opened");
  char *copy;
  int rc = dup_opt_id(id, "issues.id", &copy);
  if (rc)
    return rc;
  dpss_issue_rec *n = dpss__realloc(r->issues, (r->n_issues + 1) * sizeof *n);
  if (!n) {
    free(copy);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  n[r->n_issues].id = copy;
  n[r->n_issues].opened = opened;
  n[r->n_issues].resolved = resolved;
  r->n_issues++;
  r->issues = n;
  return DPSS_OK;
}

size_t dpss_recipient_issue_count(const dpss_recipient *r) { return r ? r->n_issues : 0; }

int dpss_recipient_add_audit(dpss_recipient *r, dpss_date date, dpss_audit_outcome outcome) {
  CHECK_R(r);
  if (!dpss__date_valid(date))
    return dpss__fail(DPSS_EDATE, "audits.date", "date out of range");
  if ((int)outcome < 0 || (int)outcome > 2)
    return dpss__fail(DPSS_EINVAL, "audits.outcome", "no such audit outcome");
  dpss_audit_rec *a = dpss__realloc(r->audits, (r->n_audits + 1) * sizeof *a);
  if (!a)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  a[r->n_audits].date = date;
  a[r->n_audits].outcome = (int8_t)outcome;
  r->audits = a;
  r->n_audits++;
  return DPSS_OK;
}

int dpss_recipient_add_event(dpss_recipient *r, dpss_date date, dpss_event_kind kind) {
  CHECK_R(r);
  if ((int)kind < 0 || (int)kind > DPSS_EVENT_CONDITIONS_NOT_MET)
    return dpss__fail(DPSS_EINVAL, "events", "no such event kind");
  if (!dpss__date_valid(date))
    return dpss__fail(DPSS_EDATE, "events", "an event needs a real date");
  dpss_event_rec *e = dpss__realloc(r->events, (r->n_events + 1) * sizeof *e);
  if (!e)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  r->events = e;
  e[r->n_events].date = date;
  e[r->n_events].kind = (int8_t)kind;
  r->n_events++;
  return DPSS_OK;
}

size_t dpss_recipient_event_count(const dpss_recipient *r) { return r ? r->n_events : 0; }
