/* SPDX-License-Identifier: MIT */
/* The recipient record: allocation, the fields' names, and JSON in (the
 * full reader; recipient_fast.c reads plain records). Writing is in
 * recipient_write.c, setters in recipient_set.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MONEY_LIMIT DPSS_MONEY_LIMIT

const char *const dpss__fact_names[DPSS_FACT_COUNT_] = {
    "has_capacity",          "consents",     "authorised_person",
    "excluding_order",       "pays_household_family", "family_payment_necessary",
    "bank_account",          "card_suitable", "employs_pas",
    "considering_employing_pas", "complex_needs"};
const char *const dpss__method_names[3] = {"bank_account", "prepaid_card", "managed_account"};
const char *const dpss__tier_names[3] = {"none", "start_up", "issue_based"};
const char *const dpss__source_names[DPSS_SOURCE_COUNT_] = {"social_care", "health"};
const char *const dpss__kind_names[2] = {"adult", "child"};
#define kind_names dpss__kind_names
const char *const dpss__audit_outcome_names[3] = {"satisfactory", "concerns", "misuse_suspected"};
const char *const dpss__risk_names[2] = {"standard", "high"};
const char *const dpss__event_names[4] = {"misuse_suspected", "capacity_lost",
                                          "capacity_regained", "conditions_not_met"};
#define risk_names dpss__risk_names
const char *const dpss__date_names[DPSS_DATE_FIELD_COUNT_] = {"dp_start", "dp_end",
                                                               "last_review", "last_audit"};

/* Top-level fields libdpss reads; any other is kept in `extra`. */
static const char *const known_fields[] = {
    "id", "kind", "has_capacity", "consents", "authorised_person", "excluding_order",
    "pays_household_family", "family_payment_necessary", "bank_account", "payment_method",
    "card_suitable", "employs_pas", "considering_employing_pas", "complex_needs",
    "specialist_needs", "risk", "funding", "dp_start", "dp_end", "balance", "support",
    "existing_arrangement", "issues", "last_review", "last_audit", "last_audit_outcome",
    "personal_budget_weekly_pence", "contribution_weekly_pence", "one_off_payments",
    "requested_provider", "audits", "events", "support_plan", "employer"};

#define date_names dpss__date_names

dpss_recipient *dpss__recipient_alloc(void) {
  dpss_recipient *r = dpss__calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->kind = r->method = r->risk = -1;
  for (int i = 0; i < DPSS_FACT_COUNT_; i++)
    r->facts[i] = DPSS_UNKNOWN;
  for (int i = 0; i < DPSS_DATE_FIELD_COUNT_; i++)
    r->dates[i] = DPSS_DATE_NONE;
  r->personal_budget_weekly = r->contribution_weekly = DPSS_PENCE_NONE;
  r->balance_on = r->support_since = DPSS_DATE_NONE;
  r->balance_pence = DPSS_PENCE_NONE;
  r->owed_pence = 0;
  r->support_tier = r->last_audit_outcome = -1;
  r->support_completed = r->existing_successful = DPSS_UNKNOWN;
  r->plan_paye = DPSS_UNKNOWN;
  return r;
}

void dpss_recipient_free(dpss_recipient *r) {
  if (!r)
    return;
  free(r->id);
  json_decref(r->authorised_person);
  free(r->support_provider);
  free(r->existing_provider);
  for (size_t i = 0; i < r->n_needs; i++)
    free(r->needs[i]);
  free(r->needs);
  for (size_t i = 0; i < r->n_issues; i++)
    free(r->issues[i].id);
  free(r->issues);
  for (size_t i = 0; i < r->n_one_offs; i++)
    free(r->one_offs[i].purpose);
  free(r->one_offs);
  free(r->requested_provider);
  free(r->audits);
  free(r->events);
  dpss__free_plan(r);
  json_decref(r->extra);
  free(r);
}

int64_t dpss__recipient_weekly(const dpss_recipient *r, bool *overflow) {
  int64_t sum = 0;
  *overflow = false;
  for (int i = 0; i < DPSS_SOURCE_COUNT_; i++)
    if (__builtin_add_overflow(sum, r->funding[i], &sum))
      *overflow = true;
  return sum;
}

/* ---------------------------------------------------------------- reading */

static int read_amount(const json_t *v, dpss_path *p, bool allow_negative, int64_t *out) {
  int rc = dpss__read_pence(v, p, allow_negative, out);
  if (!rc && *out != DPSS_PENCE_NONE && (*out > MONEY_LIMIT || *out < -MONEY_LIMIT))
    rc = dpss__fail(DPSS_ERANGE, p->buf, "amount larger than any direct payment could be");
  return rc;
}

/* Free text (a one-off's purpose): a string of 1 to DPSS_PURPOSE_MAX
 * characters (jansson has checked the UTF-8), none of them a control
 * character (U+0000-U+001F, U+007F-U+009F); null or absent is none. */
static int read_text(const json_t *v, dpss_path *p, char **out) {
  *out = NULL;
  if (!v || json_is_null(v))
    return DPSS_OK;
  if (!json_is_string(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected a string");
  size_t chars = 0;
  for (const unsigned char *u = (const unsigned char *)json_string_value(v); *u; u++) {
    if (*u < 0x20 || *u == 0x7f || (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f))
      return dpss__fail(DPSS_ERANGE, p->buf, "a control character in free text");
    chars += (*u & 0xc0) != 0x80;
  }
  if (chars == 0 || chars > DPSS_PURPOSE_MAX)
    return dpss__fail(DPSS_ERANGE, p->buf, "free text of 1 to %d characters", DPSS_PURPOSE_MAX);
  *out = dpss__strdup(json_string_value(v));
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

#define FIELD DPSS_FIELD

static int read_funding(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"source", "weekly_pence"};
  if (!v || json_is_null(v))
    return DPSS_OK;
  if (!json_is_array(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected an array of funding streams");
  int rc;
  for (size_t i = 0; i < json_array_size(v); i++) {
    const json_t *f = json_array_get(v, i);
    size_t m = dpss_path_push_index(p, i);
    int8_t source = -1;
    int64_t weekly = DPSS_PENCE_NONE;
    rc = dpss__expect_object(f, p);
    if (!rc)
      rc = dpss__only_keys(f, p, keys, 2);
    if (rc)
      return rc;
    FIELD(f, "source", dpss__read_enum(v_, p, dpss__source_names, DPSS_SOURCE_COUNT_, &source));
    FIELD(f, "source",
          source < 0 ? dpss__fail(DPSS_EMISSING, p->buf, "required") : DPSS_OK);
    FIELD(f, "weekly_pence", read_amount(v_, p, false, &weekly));
    FIELD(f, "weekly_pence",
          weekly == DPSS_PENCE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : DPSS_OK);
    for (int k = 0; k < r->n_funding; k++)
      if (r->funding_order[k] == source) {
        rc = dpss__fail(DPSS_EDUPLICATE, p->buf, "a second stream from the same source");
        dpss_path_pop(p, m);
        return rc;
      }
    r->funding[source] = weekly;
    r->funding_order[r->n_funding++] = source;
    dpss_path_pop(p, m);
  }
  return DPSS_OK;
}

static int read_balance(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"on", "pence", "owed_pence"};
  int rc;
  if (!v || json_is_null(v))
    return DPSS_OK;
  if ((rc = dpss__expect_object(v, p)) || (rc = dpss__only_keys(v, p, keys, 3)))
    return rc;
  int64_t owed = DPSS_PENCE_NONE;
  FIELD(v, "on", dpss__read_date(v_, p, &r->balance_on));
  FIELD(v, "pence", read_amount(v_, p, true, &r->balance_pence));
  FIELD(v, "pence",
        r->balance_pence == DPSS_PENCE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required")
                                            : DPSS_OK);
  FIELD(v, "owed_pence", read_amount(v_, p, false, &owed));
  r->owed_pence = owed == DPSS_PENCE_NONE ? 0 : owed;
  r->has_balance = true;
  return DPSS_OK;
}

static int read_support(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"tier", "since", "completed", "provider"};
  int rc;
  if (!v || json_is_null(v))
    return DPSS_OK;
  if ((rc = dpss__expect_object(v, p)) || (rc = dpss__only_keys(v, p, keys, 4)))
    return rc;
  FIELD(v, "tier", dpss__read_enum(v_, p, dpss__tier_names, 3, &r->support_tier));
  FIELD(v, "since", dpss__read_date(v_, p, &r->support_since));
  FIELD(v, "completed", dpss__read_fact(v_, p, &r->support_completed));
  FIELD(v, "provider", dpss__read_id(v_, p, false, &r->support_provider));
  r->has_support = true;
  return DPSS_OK;
}

static int read_existing(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"provider", "successful"};
  int rc;
  if (!v || json_is_null(v))
    return DPSS_OK;
  if ((rc = dpss__expect_object(v, p)) || (rc = dpss__only_keys(v, p, keys, 2)))
    return rc;
  FIELD(v, "provider", dpss__read_id(v_, p, true, &r->existing_provider));
  FIELD(v, "successful", dpss__read_fact(v_, p, &r->existing_successful));
  r->has_existing = true;
  return DPSS_OK;
}

static int read_needs(dpss_recipient *r, const json_t *v, dpss_path *p) {
  if (!v || json_is_null(v))
    return DPSS_OK;
  if (!json_is_array(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected an array of strings");
  size_t n = json_array_size(v);
  if (!n)
    return DPSS_OK;
  r->needs = dpss__calloc(n, sizeof *r->needs);
  if (!r->needs)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (size_t i = 0; i < n; i++) {
    size_t m = dpss_path_push_index(p, i);
    int rc = dpss__read_id(json_array_get(v, i), p, true, &r->needs[i]);
    dpss_path_pop(p, m);
    if (rc)
      return rc;
    r->n_needs++;
  }
  return DPSS_OK;
}

static int read_issue(void *ctx, void *item, size_t i, const json_t *it, dpss_path *p) {
  (void)ctx;
  (void)i;
  dpss_issue_rec *is = item;
  int rc;
  FIELD(it, "id", dpss__read_id(v_, p, true, &is->id));
  FIELD(it, "opened", dpss__read_date(v_, p, &is->opened));
  FIELD(it, "opened",
        is->opened == DPSS_DATE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
  FIELD(it, "resolved", dpss__read_date(v_, p, &is->resolved));
  FIELD(it, "resolved",
        is->resolved != DPSS_DATE_NONE && is->resolved < is->opened
            ? dpss__fail(DPSS_ECONFLICT, p->buf, "resolved before it was opened")
            : 0);
  return DPSS_OK;
}

static int read_issues(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"id", "opened", "resolved"};
  return dpss__read_objects(v, p, "issues", keys, 3, sizeof *r->issues, (void **)&r->issues,
                            &r->n_issues, read_issue, NULL);
}

static int read_one_off(void *ctx, void *item, size_t i, const json_t *it, dpss_path *p) {
  (void)ctx;
  (void)i;
  dpss_one_off *o = item;
  int rc;
  FIELD(it, "date", dpss__read_date(v_, p, &o->date));
  FIELD(it, "date",
        o->date == DPSS_DATE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
  FIELD(it, "pence", read_amount(v_, p, false, &o->pence));
  FIELD(it, "pence",
        o->pence == DPSS_PENCE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
  FIELD(it, "purpose", read_text(v_, p, &o->purpose));
  return DPSS_OK;
}

static int read_one_offs(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"date", "pence", "purpose"};
  return dpss__read_objects(v, p, "one-off payments", keys, 3, sizeof *r->one_offs,
                            (void **)&r->one_offs, &r->n_one_offs, read_one_off, NULL);
}

/* A dated record with one word from a list: audits (outcome) and events
 * (kind) share the shape {date, <word>}. */
struct dated_word {
  const char *key;
  const char *const *words;
  size_t n_words;
};

static int read_dated_word(void *ctx, void *item, size_t i, const json_t *it, dpss_path *p) {
  (void)i;
  const struct dated_word *w = ctx;
  dpss_date *date = item;       /* both records start with the date ... */
  int8_t *word = (int8_t *)(date + 1); /* ... followed by the word's index */
  int rc;
  FIELD(it, "date", dpss__read_date(v_, p, date));
  FIELD(it, "date", *date == DPSS_DATE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
  FIELD(it, w->key, dpss__read_enum(v_, p, w->words, w->n_words, word));
  FIELD(it, w->key, *word < 0 ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
  return DPSS_OK;
}

static int read_audits(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"date", "outcome"};
  static const struct dated_word w = {"outcome", dpss__audit_outcome_names, 3};
  return dpss__read_objects(v, p, "audits", keys, 2, sizeof *r->audits, (void **)&r->audits,
                            &r->n_audits, read_dated_word, (void *)&w);
}

static int read_events(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"date", "kind"};
  static const struct dated_word w = {"kind", dpss__event_names, 4};
  return dpss__read_objects(v, p, "events", keys, 2, sizeof *r->events, (void **)&r->events,
                            &r->n_events, read_dated_word, (void *)&w);
}

const char *dpss__recipient_provider(const dpss_recipient *r) {
  if (r->has_support && r->support_provider)
    return r->support_provider;
  if (r->has_existing && r->existing_successful == DPSS_TRUE)
    return r->existing_provider;
  return NULL;
}

bool dpss__last_audit_unlisted(const dpss_recipient *r) {
  dpss_date held = r->dates[DPSS_DATE_LAST_AUDIT];
  for (size_t i = 0; held != DPSS_DATE_NONE && i < r->n_audits; i++)
    if (r->audits[i].date == held)
      return false;
  return held != DPSS_DATE_NONE;
}

dpss_date dpss__last_audit(const dpss_recipient *r, int8_t *outcome) {
  dpss_date last = r->dates[DPSS_DATE_LAST_AUDIT];
  /* A8: last_audit_outcome is the outcome of last_audit; a recorded audit
   * on the same day or later takes its place. */
  int8_t out = last != DPSS_DATE_NONE ? r->last_audit_outcome : -1;
  for (size_t i = 0; i < r->n_audits; i++)
    if (last == DPSS_DATE_NONE || r->audits[i].date >= last) {
      last = r->audits[i].date;
      out = r->audits[i].outcome;
    }
  if (outcome)
    *outcome = out;
  return last;
}

static int read_authorised(dpss_recipient *r, const json_t *v, dpss_path *p) {
  if (!v || json_is_null(v) || json_is_boolean(v))
    return dpss__read_fact(v, p, &r->facts[DPSS_FACT_AUTHORISED_PERSON]);
  if (json_is_string(v) || json_is_object(v)) {
    if (json_is_string(v) && json_string_length(v) == 0)
      return dpss__fail(DPSS_ERANGE, p->buf, "an empty string names no one");
    r->facts[DPSS_FACT_AUTHORISED_PERSON] = DPSS_TRUE;
    r->authorised_person = dpss__json_copy(v);
    return r->authorised_person ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  return dpss__fail(DPSS_ETYPE, p->buf, "expected true, false, null, a string or an object");
}

/* Cross-field checks (B1, dates): 0 if consistent, else 1 (funding above
 * the personal budget) or 2 (dp_end before dp_start). Sets no error. */
int dpss__recipient_inconsistency(const dpss_recipient *r) {
  bool overflow;
  int64_t weekly = dpss__recipient_weekly(r, &overflow);
  if (r->personal_budget_weekly != DPSS_PENCE_NONE && weekly > r->personal_budget_weekly)
    return 1;
  if (r->dates[DPSS_DATE_DP_END] != DPSS_DATE_NONE &&
      r->dates[DPSS_DATE_DP_START] != DPSS_DATE_NONE &&
      r->dates[DPSS_DATE_DP_END] < r->dates[DPSS_DATE_DP_START])
    return 2;
  return 0;
}

int dpss__recipient_check(const dpss_recipient *r) {
  switch (dpss__recipient_inconsistency(r)) {
  case 1:
    return dpss__fail(DPSS_ECONFLICT, "funding",
                      "the direct payment is larger than the personal budget (rule B1)");
  case 2:
    return dpss__fail(DPSS_ECONFLICT, "dp_end", "before the first payment (dp_start)");
  default:
    return DPSS_OK;
  }
}

/* FIELD at the top level, counting the known fields present. */
#define TOP_FIELD(name, call)                   \
  do {                                          \
    size_t mark_ = dpss_path_push_key(p, name); \
    const json_t *v_ = json_object_get(root, name); \
    seen += v_ != NULL;                         \
    rc = (call);                                \
    dpss_path_pop(p, mark_);                    \
    if (rc)                                     \
      return rc;                                \
  } while (0)

static int read_record(dpss_recipient *r, const json_t *root) {
  dpss_path path, *p = &path;
  int rc;
  size_t seen = 0;
  dpss_path_init(p);
  if ((rc = dpss__expect_object(root, p)))
    return rc;
  TOP_FIELD("id", dpss__read_id(v_, p, true, &r->id));
  TOP_FIELD("kind", dpss__read_enum(v_, p, kind_names, 2, &r->kind));
  for (int i = 0; i < DPSS_FACT_COUNT_; i++) {
    if (i == DPSS_FACT_AUTHORISED_PERSON)
      TOP_FIELD(dpss__fact_names[i], read_authorised(r, v_, p));
    else
      TOP_FIELD(dpss__fact_names[i], dpss__read_fact(v_, p, &r->facts[i]));
  }
  TOP_FIELD("payment_method", dpss__read_enum(v_, p, dpss__method_names, 3, &r->method));
  TOP_FIELD("risk", dpss__read_enum(v_, p, risk_names, 2, &r->risk));
  TOP_FIELD("specialist_needs", read_needs(r, v_, p));
  TOP_FIELD("funding", read_funding(r, v_, p));
  for (int i = 0; i < DPSS_DATE_FIELD_COUNT_; i++)
    TOP_FIELD(date_names[i], dpss__read_date(v_, p, &r->dates[i]));
  TOP_FIELD("balance", read_balance(r, v_, p));
  TOP_FIELD("support", read_support(r, v_, p));
  TOP_FIELD("existing_arrangement", read_existing(r, v_, p));
  TOP_FIELD("issues", read_issues(r, v_, p));
  TOP_FIELD("personal_budget_weekly_pence",
        read_amount(v_, p, false, &r->personal_budget_weekly));
  TOP_FIELD("contribution_weekly_pence", read_amount(v_, p, false, &r->contribution_weekly));
  TOP_FIELD("one_off_payments", read_one_offs(r, v_, p));
  TOP_FIELD("requested_provider", dpss__read_id(v_, p, false, &r->requested_provider));
  TOP_FIELD("last_audit_outcome",
            dpss__read_enum(v_, p, dpss__audit_outcome_names, 3, &r->last_audit_outcome));
  TOP_FIELD("audits", read_audits(r, v_, p));
  TOP_FIELD("events", read_events(r, v_, p));
  TOP_FIELD("support_plan", dpss__read_support_plan(r, v_, p));
  TOP_FIELD("employer", dpss__read_employer(r, v_, p));
  if ((rc = dpss__recipient_check(r)))
    return rc;
  if (json_object_size(root) == seen)
    return DPSS_OK; /* no fields to keep beyond the known ones */
  const char *key;
  json_t *val;
  json_object_foreach((json_t *)root, key, val) {
    if (dpss__lookup(known_fields, DPSS_ARRAY_LEN(known_fields), key) >= 0)
      continue;
    if (!r->extra && !(r->extra = dpss__json_object()))
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    if (dpss__json_object_set(r->extra, key, val))
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  return DPSS_OK;
}

int dpss__recipient_from_value(dpss_recipient **out, const json_t *value) {
  *out = NULL;
  dpss_recipient *r = dpss__recipient_alloc();
  if (!r)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  int rc = read_record(r, value);
  if (rc) {
    dpss_recipient_free(r);
    return rc;
  }
  *out = r;
  return DPSS_OK;
}

static int recipient_builder(void *out, const json_t *value) {
  return dpss__recipient_from_value(out, value);
}

int dpss_recipient_from_json(dpss_recipient **out, const char *json) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  /* Plain records take the fast reader; anything it declines (unknown
   * fields, escapes, errors...) takes the full one, which gives the errors. */
  if (json && dpss__recipient_fast(out, json))
    return DPSS_OK;
  return dpss__build_from_text(out, json, recipient_builder);
}

