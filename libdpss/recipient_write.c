/* SPDX-License-Identifier: MIT */
/* The recipient record: JSON out (the same shape it was read from, fields
 * libdpss does not know written back as given) and copies. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define kind_names dpss__kind_names
#define risk_names dpss__risk_names
#define date_names dpss__date_names

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
  char *text = dpss__json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
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
  if (r->last_audit_outcome >= 0) {
    dpss_sb_key(&sb, &first, "last_audit_outcome");
    put_enum(&sb, dpss__audit_outcome_names, r->last_audit_outcome);
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
  if (r->n_events) {
    dpss_sb_key(&sb, &first, "events");
    dpss_sb_putc(&sb, '[');
    for (size_t i = 0; i < r->n_events; i++) {
      dpss_sb_puts(&sb, i ? ",{\"date\":" : "{\"date\":");
      dpss_sb_json_date(&sb, r->events[i].date);
      dpss_sb_puts(&sb, ",\"kind\":\"");
      dpss_sb_puts(&sb, dpss__event_names[r->events[i].kind]);
      dpss_sb_puts(&sb, "\"}");
    }
    dpss_sb_putc(&sb, ']');
  }
  dpss__write_plan(&sb, &first, r);
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
