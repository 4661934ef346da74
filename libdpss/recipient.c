/* The recipient record: JSON in and out, and building it from C. */
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
#define risk_names dpss__risk_names
const char *const dpss__date_names[DPSS_DATE_FIELD_COUNT_] = {"dp_start", "dp_end",
                                                               "last_review", "last_audit"};

/* Top-level fields libdpss reads; any other is kept in `extra`. */
static const char *const known_fields[] = {
    "id", "kind", "has_capacity", "consents", "authorised_person", "excluding_order",
    "pays_household_family", "family_payment_necessary", "bank_account", "payment_method",
    "card_suitable", "employs_pas", "considering_employing_pas", "complex_needs",
    "specialist_needs", "risk", "funding", "dp_start", "dp_end", "balance", "support",
    "existing_arrangement", "issues", "last_review", "last_audit",
    "personal_budget_weekly_pence", "contribution_weekly_pence", "one_off_payments",
    "requested_provider", "audits"};

#define date_names dpss__date_names

dpss_recipient *dpss__recipient_alloc(void) {
  dpss_recipient *r = calloc(1, sizeof *r);
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
  r->support_tier = -1;
  r->support_completed = r->existing_successful = DPSS_UNKNOWN;
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


#define FIELD(obj, name, call)                          \
  do {                                                  \
    size_t mark_ = dpss_path_push_key(p, name);         \
    const json_t *v_ = json_object_get((obj), name);    \
    (void)v_;                                           \
    rc = (call);                                        \
    dpss_path_pop(p, mark_);                            \
    if (rc)                                             \
      return rc;                                        \
  } while (0)

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
  r->needs = calloc(n, sizeof *r->needs);
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

static int read_issues(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"id", "opened", "resolved"};
  if (!v || json_is_null(v))
    return DPSS_OK;
  if (!json_is_array(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected an array of issues");
  size_t n = json_array_size(v);
  if (!n)
    return DPSS_OK;
  r->issues = calloc(n, sizeof *r->issues);
  if (!r->issues)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  int rc;
  for (size_t i = 0; i < n; i++) {
    const json_t *it = json_array_get(v, i);
    size_t m = dpss_path_push_index(p, i);
    if ((rc = dpss__expect_object(it, p)) || (rc = dpss__only_keys(it, p, keys, 3)))
      return rc;
    dpss_issue_rec *is = &r->issues[i];
    r->n_issues++;
    FIELD(it, "id", dpss__read_id(v_, p, true, &is->id));
    FIELD(it, "opened", dpss__read_date(v_, p, &is->opened));
    FIELD(it, "opened",
          is->opened == DPSS_DATE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
    FIELD(it, "resolved", dpss__read_date(v_, p, &is->resolved));
    FIELD(it, "resolved",
          is->resolved != DPSS_DATE_NONE && is->resolved < is->opened
              ? dpss__fail(DPSS_ECONFLICT, p->buf, "resolved before it was opened")
              : 0);
    dpss_path_pop(p, m);
  }
  return DPSS_OK;
}

static int read_one_offs(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"date", "pence", "purpose"};
  if (!v || json_is_null(v))
    return DPSS_OK;
  if (!json_is_array(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected an array of one-off payments");
  size_t n = json_array_size(v);
  if (!n)
    return DPSS_OK;
  r->one_offs = calloc(n, sizeof *r->one_offs);
  if (!r->one_offs)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  int rc;
  for (size_t i = 0; i < n; i++) {
    const json_t *it = json_array_get(v, i);
    size_t m = dpss_path_push_index(p, i);
    if ((rc = dpss__expect_object(it, p)) || (rc = dpss__only_keys(it, p, keys, 3)))
      return rc;
    dpss_one_off *o = &r->one_offs[i];
    r->n_one_offs++;
    FIELD(it, "date", dpss__read_date(v_, p, &o->date));
    FIELD(it, "date",
          o->date == DPSS_DATE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
    FIELD(it, "pence", read_amount(v_, p, false, &o->pence));
    FIELD(it, "pence",
          o->pence == DPSS_PENCE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
    FIELD(it, "purpose", dpss__read_id(v_, p, false, &o->purpose));
    dpss_path_pop(p, m);
  }
  return DPSS_OK;
}

static int read_audits(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"date", "outcome"};
  if (!v || json_is_null(v))
    return DPSS_OK;
  if (!json_is_array(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected an array of audits");
  size_t n = json_array_size(v);
  if (!n)
    return DPSS_OK;
  r->audits = calloc(n, sizeof *r->audits);
  if (!r->audits)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  int rc;
  for (size_t i = 0; i < n; i++) {
    const json_t *it = json_array_get(v, i);
    size_t m = dpss_path_push_index(p, i);
    if ((rc = dpss__expect_object(it, p)) || (rc = dpss__only_keys(it, p, keys, 2)))
      return rc;
    dpss_audit_rec *a = &r->audits[i];
    r->n_audits++;
    FIELD(it, "date", dpss__read_date(v_, p, &a->date));
    FIELD(it, "date", a->date == DPSS_DATE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
    FIELD(it, "outcome", dpss__read_enum(v_, p, dpss__audit_outcome_names, 3, &a->outcome));
    FIELD(it, "outcome", a->outcome < 0 ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
    dpss_path_pop(p, m);
  }
  return DPSS_OK;
}

const char *dpss__recipient_provider(const dpss_recipient *r) {
  if (r->has_support && r->support_provider)
    return r->support_provider;
  if (r->has_existing && r->existing_successful == DPSS_TRUE)
    return r->existing_provider;
  return NULL;
}

dpss_date dpss__last_audit(const dpss_recipient *r, int8_t *outcome) {
  dpss_date last = r->dates[DPSS_DATE_LAST_AUDIT];
  int8_t out = -1;
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
    r->authorised_person = json_deep_copy(v);
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

static int check_consistency(const dpss_recipient *r) {
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
  TOP_FIELD("audits", read_audits(r, v_, p));
  if ((rc = check_consistency(r)))
    return rc;
  if (json_object_size(root) == seen)
    return DPSS_OK; /* no fields to keep beyond the known ones */
  const char *key;
  json_t *val;
  json_object_foreach((json_t *)root, key, val) {
    if (dpss__lookup(known_fields, DPSS_ARRAY_LEN(known_fields), key) >= 0)
      continue;
    if (!r->extra && !(r->extra = json_object()))
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    if (json_object_set(r->extra, key, val))
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

/* ---------------------------------------------------------------- writing */

static void put_id_or_null(dpss_sb *sb, const char *s) {
  if (s)
    dpss_sb_json_str(sb, s);
  else
    dpss_sb_puts(sb, "null");
}

static void put_enum(dpss_sb *sb, const char *const *names, int8_t v) {
  if (v < 0)
    dpss_sb_puts(sb, "null");
  else
    dpss_sb_json_str(sb, names[v]);
}

static int put_json_value(dpss_sb *sb, const json_t *v) {
  char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
  if (!text)
    return DPSS_ENOMEM;
  dpss_sb_puts(sb, text);
  free(text);
  return DPSS_OK;
}

int dpss_recipient_to_json(const dpss_recipient *r, char **out) {
  if (out)
    *out = NULL;
  if (!r || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  *out = NULL;
  dpss_sb sb;
  bool first = true;
  dpss_sb_init(&sb);
  dpss_sb_putc(&sb, '{');
  dpss_sb_key(&sb, &first, "id");
  dpss_sb_json_str(&sb, r->id);
  dpss_sb_key(&sb, &first, "kind");
  put_enum(&sb, kind_names, r->kind);
  int rc = DPSS_OK;
  for (int i = 0; i < DPSS_FACT_COUNT_; i++) {
    dpss_sb_key(&sb, &first, dpss__fact_names[i]);
    if (i == DPSS_FACT_AUTHORISED_PERSON && r->authorised_person)
      rc |= put_json_value(&sb, r->authorised_person);
    else
      dpss_sb_json_fact(&sb, (dpss_fact)r->facts[i]);
  }
  dpss_sb_key(&sb, &first, "payment_method");
  put_enum(&sb, dpss__method_names, r->method);
  dpss_sb_key(&sb, &first, "specialist_needs");
  dpss_sb_putc(&sb, '[');
  for (size_t i = 0; i < r->n_needs; i++) {
    if (i)
      dpss_sb_putc(&sb, ',');
    dpss_sb_json_str(&sb, r->needs[i]);
  }
  dpss_sb_puts(&sb, "]");
  dpss_sb_key(&sb, &first, "risk");
  put_enum(&sb, risk_names, r->risk);
  dpss_sb_key(&sb, &first, "funding");
  dpss_sb_putc(&sb, '[');
  for (int k = 0; k < r->n_funding; k++) {
    int s = r->funding_order[k];
    dpss_sb_puts(&sb, k ? ",{\"source\":" : "{\"source\":");
    dpss_sb_json_str(&sb, dpss__source_names[s]);
    dpss_sb_puts(&sb, ",\"weekly_pence\":");
    dpss_sb_int(&sb, r->funding[s]);
    dpss_sb_putc(&sb, '}');
  }
  dpss_sb_putc(&sb, ']');
  for (int i = 0; i < DPSS_DATE_FIELD_COUNT_; i++) {
    if (i == DPSS_DATE_DP_END && r->dates[i] == DPSS_DATE_NONE)
      continue; /* optional budget field: written only when set */
    dpss_sb_key(&sb, &first, date_names[i]);
    dpss_sb_json_date(&sb, r->dates[i]);
  }
  dpss_sb_key(&sb, &first, "balance");
  if (r->has_balance) {
    dpss_sb_puts(&sb, "{\"on\":");
    dpss_sb_json_date(&sb, r->balance_on);
    dpss_sb_puts(&sb, ",\"pence\":");
    dpss_sb_int(&sb, r->balance_pence);
    dpss_sb_puts(&sb, ",\"owed_pence\":");
    dpss_sb_int(&sb, r->owed_pence);
    dpss_sb_putc(&sb, '}');
  } else {
    dpss_sb_puts(&sb, "null");
  }
  dpss_sb_key(&sb, &first, "support");
  if (r->has_support) {
    dpss_sb_puts(&sb, "{\"tier\":");
    put_enum(&sb, dpss__tier_names, r->support_tier);
    dpss_sb_puts(&sb, ",\"since\":");
    dpss_sb_json_date(&sb, r->support_since);
    dpss_sb_puts(&sb, ",\"completed\":");
    dpss_sb_json_fact(&sb, (dpss_fact)r->support_completed);
    dpss_sb_puts(&sb, ",\"provider\":");
    put_id_or_null(&sb, r->support_provider);
    dpss_sb_putc(&sb, '}');
  } else {
    dpss_sb_puts(&sb, "null");
  }
  dpss_sb_key(&sb, &first, "existing_arrangement");
  if (r->has_existing) {
    dpss_sb_puts(&sb, "{\"provider\":");
    dpss_sb_json_str(&sb, r->existing_provider);
    dpss_sb_puts(&sb, ",\"successful\":");
    dpss_sb_json_fact(&sb, (dpss_fact)r->existing_successful);
    dpss_sb_putc(&sb, '}');
  } else {
    dpss_sb_puts(&sb, "null");
  }
  dpss_sb_key(&sb, &first, "issues");
  dpss_sb_putc(&sb, '[');
  for (size_t i = 0; i < r->n_issues; i++) {
    dpss_sb_puts(&sb, i ? ",{\"id\":" : "{\"id\":");
    dpss_sb_json_str(&sb, r->issues[i].id);
    dpss_sb_puts(&sb, ",\"opened\":");
    dpss_sb_json_date(&sb, r->issues[i].opened);
    dpss_sb_puts(&sb, ",\"resolved\":");
    dpss_sb_json_date(&sb, r->issues[i].resolved);
    dpss_sb_putc(&sb, '}');
  }
  dpss_sb_putc(&sb, ']');
  if (r->personal_budget_weekly != DPSS_PENCE_NONE) {
    dpss_sb_key(&sb, &first, "personal_budget_weekly_pence");
    dpss_sb_int(&sb, r->personal_budget_weekly);
  }
  if (r->contribution_weekly != DPSS_PENCE_NONE) {
    dpss_sb_key(&sb, &first, "contribution_weekly_pence");
    dpss_sb_int(&sb, r->contribution_weekly);
  }
  if (r->n_one_offs) {
    dpss_sb_key(&sb, &first, "one_off_payments");
    dpss_sb_putc(&sb, '[');
    for (size_t i = 0; i < r->n_one_offs; i++) {
      dpss_sb_puts(&sb, i ? ",{\"date\":" : "{\"date\":");
      dpss_sb_json_date(&sb, r->one_offs[i].date);
      dpss_sb_puts(&sb, ",\"pence\":");
      dpss_sb_int(&sb, r->one_offs[i].pence);
      if (r->one_offs[i].purpose) {
        dpss_sb_puts(&sb, ",\"purpose\":");
        dpss_sb_json_str(&sb, r->one_offs[i].purpose);
      }
      dpss_sb_putc(&sb, '}');
    }
    dpss_sb_putc(&sb, ']');
  }
  if (r->requested_provider) {
    dpss_sb_key(&sb, &first, "requested_provider");
    dpss_sb_json_str(&sb, r->requested_provider);
  }
  if (r->n_audits) {
    dpss_sb_key(&sb, &first, "audits");
    dpss_sb_putc(&sb, '[');
    for (size_t i = 0; i < r->n_audits; i++) {
      dpss_sb_puts(&sb, i ? ",{\"date\":" : "{\"date\":");
      dpss_sb_json_date(&sb, r->audits[i].date);
      dpss_sb_puts(&sb, ",\"outcome\":\"");
      dpss_sb_puts(&sb, dpss__audit_outcome_names[r->audits[i].outcome]);
      dpss_sb_puts(&sb, "\"}");
    }
    dpss_sb_putc(&sb, ']');
  }
  if (r->extra) {
    const char *key;
    json_t *val;
    json_object_foreach(r->extra, key, val) {
      dpss_sb_putc(&sb, ',');
      dpss_sb_json_str(&sb, key);
      dpss_sb_putc(&sb, ':');
      rc |= put_json_value(&sb, val);
    }
  }
  dpss_sb_putc(&sb, '}');
  if (rc) {
    dpss_sb_free(&sb);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  return dpss_sb_finish(&sb, out);
}

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

int dpss_recipient_clone(dpss_recipient **out, const dpss_recipient *r) {
  if (out)
    *out = NULL;
  if (!out || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  *out = NULL;
  char *text;
  int rc = dpss_recipient_to_json(r, &text);
  if (rc)
    return rc;
  rc = dpss_recipient_from_json(out, text);
  free(text);
  return rc;
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
  int rc = check_consistency(r);
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
  int rc = check_consistency(r);
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
  int rc = check_consistency(r);
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
  char **n = realloc(r->needs, (r->n_needs + 1) * sizeof *n);
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
  dpss_issue_rec *n = realloc(r->issues, (r->n_issues + 1) * sizeof *n);
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
  dpss_audit_rec *a = realloc(r->audits, (r->n_audits + 1) * sizeof *a);
  if (!a)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  a[r->n_audits].date = date;
  a[r->n_audits].outcome = (int8_t)outcome;
  r->audits = a;
  r->n_audits++;
  return DPSS_OK;
}
