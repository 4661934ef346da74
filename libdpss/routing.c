/* SPDX-License-Identifier: MIT */
/* Routing one referral through the lead (N2-N5, P2, P4). See dpss/network.h for the rules as implemented. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network_internal.h"

#define find dpss__network_find

/* ---------------------------------------------------------------- routing */

static bool needs_accredited(const dpss_recipient *r) {
  return (r->facts[DPSS_FACT_BANK_ACCOUNT] == DPSS_FALSE &&
          r->facts[DPSS_FACT_CARD_SUITABLE] != DPSS_TRUE) ||
         r->method == DPSS_METHOD_MANAGED_ACCOUNT;
}

static bool has_room(const provider *p, bool accredited_only) {
  return p->caseload < p->capacity && (!accredited_only || p->accredited);
}

/* Fair spread (N5): lower caseload/capacity first (exact), then associates
 * before the lead, then network order. */
static bool better(const provider *a, const provider *b) {
  __int128 x = (__int128)a->caseload * b->capacity, y = (__int128)b->caseload * a->capacity;
  if (x != y)
    return x < y;
  return a->role == DPSS_ROLE_ASSOCIATE && b->role == DPSS_ROLE_LEAD;
}

static size_t matched_needs(const provider *p, const dpss_recipient *r) {
  size_t m = 0;
  for (size_t i = 0; i < r->n_needs; i++)
    for (size_t k = 0; k < p->n_spec; k++)
      if (strcmp(r->needs[i], p->spec[k]) == 0) {
        m++;
        break;
      }
  return m;
}

static void add_rule(dpss_routing *o, const char *rule) {
  if (o->n_rules < MAX_RULES)
    o->rules[o->n_rules++] = rule;
}

static void chosen(dpss_routing *o, const dpss_network *n, int i) {
  snprintf(o->provider, sizeof o->provider, "%s", n->p[i].id);
  o->role = n->p[i].role;
}

static void route(dpss_routing *o, const dpss_network *n, const dpss_recipient *r, int *pick) {
  bool acc = needs_accredited(r);
  const char *acc_note = acc ? " (an accredited provider is required, P2)" : "";
  int i;
  *pick = -1;
  add_rule(o, "N2");
  /* 1. Continuity (N4). */
  if (r->has_existing && r->existing_successful == DPSS_TRUE &&
      (i = find(n, r->existing_provider)) >= 0 && has_room(&n->p[i], acc)) {
    *pick = i;
    add_rule(o, "N4");
    snprintf(o->because, sizeof o->because,
             "keeps the successful existing arrangement with %s, now %s %s", n->p[i].id,
             n->p[i].role == DPSS_ROLE_LEAD ? "the" : "an", role_names[n->p[i].role]);
    return;
  }
  /* 2. The person's own choice (N5, CITY). */
  if (r->requested_provider && (i = find(n, r->requested_provider)) >= 0 &&
      has_room(&n->p[i], acc)) {
    *pick = i;
    add_rule(o, "N5");
    snprintf(o->because, sizeof o->because, "the person chose %s", n->p[i].id);
    return;
  }
  /* 3. Specialist needs (N3): most needs matched, then fair spread. */
  size_t best_match = 0;
  bool specialist_exists = false;
  int best = -1;
  for (size_t k = 0; k < n->n && r->n_needs; k++) {
    size_t m = matched_needs(&n->p[k], r);
    if (!m)
      continue;
    specialist_exists = true;
    if (!has_room(&n->p[k], acc))
      continue;
    if (m > best_match || (m == best_match && better(&n->p[k], &n->p[best]))) {
      best_match = m;
      best = (int)k;
    }
  }
  if (best >= 0) {
    *pick = best;
    add_rule(o, "N3");
    const provider *p = &n->p[best];
    size_t len = 0;
    for (size_t a = 0; a < r->n_needs && len < sizeof o->because; a++)
      for (size_t k = 0; k < p->n_spec; k++)
        if (strcmp(r->needs[a], p->spec[k]) == 0) {
          len += (size_t)snprintf(o->because + len, sizeof o->because - len, "%s%s",
                                  len ? " and " : "", r->needs[a]);
          break;
        }
    if (len < sizeof o->because)
      snprintf(o->because + len, sizeof o->because - len, " %s a specialist %s",
               best_match > 1 ? "need" : "needs", role_names[p->role]);
    return;
  }
  /* 4. Capacity and fair spread (N5). */
  for (size_t k = 0; k < n->n; k++)
    if (has_room(&n->p[k], acc) && (best < 0 || better(&n->p[k], &n->p[best])))
      best = (int)k;
  if (best >= 0) {
    *pick = best;
    add_rule(o, "N5");
    snprintf(o->because, sizeof o->because, "%sfair spread: the lowest caseload for its capacity%s",
             specialist_exists ? "no specialist has room; " : "", acc_note);
    return;
  }
  o->n_rules = 0;
  add_rule(o, "N5");
  snprintf(o->because, sizeof o->because, acc ? "no accredited provider with capacity"
                                              : "no provider with capacity");
}

int dpss_network_route(dpss_routing **out, dpss_network *n, const dpss_recipient *r) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!n || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "network and referral must not be NULL");
  dpss_routing *o = dpss__calloc(1, sizeof *o);
  if (!o)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  snprintf(o->id, sizeof o->id, "%s", r->id);
  snprintf(o->via, sizeof o->via, "%s", n->lead);
  o->joint = r->funding[DPSS_SOURCE_SOCIAL_CARE] > 0 && r->funding[DPSS_SOURCE_HEALTH] > 0;
  int pick;
  route(o, n, r, &pick);
  if (pick >= 0) {
    chosen(o, n, pick);
    n->p[pick].caseload++;
    n->p[pick].routed++;
  }
  size_t len = 0;
  for (int k = 0; k < o->n_rules; k++)
    len += (size_t)snprintf(o->rules_csv + len, sizeof o->rules_csv - len, "%s%s", k ? "," : "",
                            o->rules[k]);
  *out = o;
  return DPSS_OK;
}

void dpss_routing_free(dpss_routing *o) { free(o); }
const char *dpss_routing_id(const dpss_routing *o) { return o ? o->id : ""; }
const char *dpss_routing_provider(const dpss_routing *o) {
  return o && o->provider[0] ? o->provider : NULL;
}
dpss_role dpss_routing_role(const dpss_routing *o) {
  return o ? (dpss_role)o->role : DPSS_ROLE_ASSOCIATE;
}
const char *dpss_routing_rules(const dpss_routing *o) { return o ? o->rules_csv : ""; }
const char *dpss_routing_because(const dpss_routing *o) { return o ? o->because : ""; }

int dpss_routing_to_json(const dpss_routing *o, char **out) {
  if (out)
    *out = NULL;
  if (!o || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "{\"id\":");
  dpss_sb_json_str(&sb, o->id);
  if (o->provider[0]) {
    dpss_sb_puts(&sb, ",\"provider\":");
    dpss_sb_json_str(&sb, o->provider);
    dpss_sb_puts(&sb, ",\"role\":\"");
    dpss_sb_puts(&sb, role_names[o->role]);
    dpss_sb_puts(&sb, "\",\"via\":");
    dpss_sb_json_str(&sb, o->via);
  } else {
    dpss_sb_puts(&sb, ",\"provider\":null,\"unrouted\":true");
  }
  dpss_sb_puts(&sb, ",\"rules\":[");
  for (int k = 0; k < o->n_rules; k++) {
    dpss_sb_puts(&sb, k ? ",\"" : "\"");
    dpss_sb_puts(&sb, o->rules[k]);
    dpss_sb_putc(&sb, '"');
  }
  dpss_sb_puts(&sb, "],\"because\":");
  dpss_sb_json_str(&sb, o->because);
  if (o->joint && o->provider[0])
    dpss_sb_puts(&sb, ",\"single_provider_for_all_funding\":true");
  dpss_sb_putc(&sb, '}');
  return dpss_sb_finish(&sb, out);
}

