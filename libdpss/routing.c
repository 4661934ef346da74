/* SPDX-License-Identifier: MIT */
/* Routing one referral through the lead (N2-N5, P2, P4). See dpss/network.h
 * for the rules as implemented. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network_internal.h"

#define find dpss__network_find

/* P2: no own bank account and no suitable card, or a managed account. With
 * no bank account and the card's suitability not recorded, the decision's
 * accredited_provider_required is unknown; routing still goes to an
 * accredited provider (one can support a card too) and says why in those
 * words (p2_words), never that accreditation is known to be required. */
static bool needs_accredited(const dpss_recipient *r) {
  return (r->facts[DPSS_FACT_BANK_ACCOUNT] == DPSS_FALSE &&
          r->facts[DPSS_FACT_CARD_SUITABLE] != DPSS_TRUE) ||
         r->method == DPSS_METHOD_MANAGED_ACCOUNT;
}

static const char *p2_words(const dpss_recipient *r) {
  return r->method != DPSS_METHOD_MANAGED_ACCOUNT &&
                 r->facts[DPSS_FACT_CARD_SUITABLE] == DPSS_UNKNOWN
             ? "an accredited provider is required unless a pre-payment card is found suitable"
             : "an accredited provider is required";
}

/* N4: a successful existing arrangement, the person's to keep. */
static bool keeps_existing(const dpss_recipient *r) {
  return r->has_existing && r->existing_successful == DPSS_TRUE && r->existing_provider;
}

static bool has_room(const provider *p) { return p->caseload < p->capacity; }

static bool usable(const provider *p, bool accredited_only) {
  return has_room(p) && (!accredited_only || p->accredited);
}

/* Lower caseload for its capacity (exact), then an associate before the
 * lead; network order decides the rest (callers scan in order). */
static bool lighter(const provider *a, const provider *b) {
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
  for (int k = 0; k < o->n_rules; k++)
    if (strcmp(o->rules[k], rule) == 0)
      return;
  if (o->n_rules < MAX_RULES)
    o->rules[o->n_rules++] = rule;
}

/* Append to the reason (cut to its buffer on purpose). */
#pragma GCC diagnostic ignored "-Wformat-truncation"
__attribute__((format(printf, 2, 3))) static void say(dpss_routing *o, const char *fmt, ...) {
  size_t len = strlen(o->because);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(o->because + len, sizeof o->because - len, fmt, ap);
  va_end(ap);
}

/* A choice or an arrangement that could not be honoured, and the rule why. */
static void set_aside(dpss_routing *o, const provider *p, const char *what, const char *need) {
  bool full = !has_room(p);
  const char *rule = full ? "N5" : "P2";
  if (o->n_aside < MAX_ASIDE) {
    set_aside_t *a = &o->aside[o->n_aside++];
    snprintf(a->provider, sizeof a->provider, "%s", p->id);
    a->rule = rule;
    if (full)
      snprintf(a->because, sizeof a->because, "%s: %s has no room (caseload %lld of %lld)", what,
               p->id, (long long)p->caseload, (long long)p->capacity);
    else
      snprintf(a->because, sizeof a->because, "%s: %s is not accredited and %s", what, p->id,
               need);
  }
  add_rule(o, rule);
  if (full)
    say(o, "%s with %s set aside: no room (caseload %lld of %lld); ", what, p->id,
        (long long)p->caseload, (long long)p->capacity);
  else
    say(o, "%s with %s set aside: not accredited, and %s (P2); ", what, p->id, need);
}

static void choose(dpss_routing *o, const dpss_network *n, int i) {
  snprintf(o->provider, sizeof o->provider, "%s", n->p[i].id);
  o->role = n->p[i].role;
  o->in_network = true;
}

/* A provider outside the network, named by the person's record. */
static void choose_outside(dpss_routing *o, const char *id, bool joins) {
  snprintf(o->provider, sizeof o->provider, "%s", id);
  o->role = joins ? DPSS_ROLE_ASSOCIATE : -1;
  o->in_network = false;
  o->joins_network = joins;
}

/* Fair spread (N5) among the plain referrals routed in this run (no
 * specialism, continuity or choice). The candidates are the providers with
 * room, less the lead when taking this one would put it above
 * market_dominance_ceiling_percent of them while an associate has room.
 * Among them, one that would otherwise fall below
 * market_viability_floor_percent goes first (the largest shortfall first),
 * else the lowest caseload for its capacity. Writes the reason. */
static int fair_spread(dpss_routing *o, const dpss_network *n, bool acc) {
  int64_t total = n->plain_total + 1; /* counting this referral */
  bool associate_room = false;
  for (size_t k = 0; k < n->n; k++)
    associate_room |= n->p[k].role == DPSS_ROLE_ASSOCIATE && usable(&n->p[k], acc);
  int owed = -1, lightest = -1, capped = -1;
  __int128 owed_most = 0;
  for (size_t k = 0; k < n->n; k++) {
    const provider *p = &n->p[k];
    if (!usable(p, acc))
      continue;
    if (p->role == DPSS_ROLE_LEAD && associate_room &&
        (__int128)(p->plain + 1) * 100 > (__int128)n->ceiling_pct * total) {
      capped = (int)k;
      continue;
    }
    if (lightest < 0 || lighter(p, &n->p[lightest]))
      lightest = (int)k;
    __int128 shortfall = (__int128)n->floor_pct * total - (__int128)p->plain * 100;
    if (shortfall > 0 && (owed < 0 || shortfall > owed_most ||
                          (shortfall == owed_most && lighter(p, &n->p[owed])))) {
      owed = (int)k;
      owed_most = shortfall;
    }
  }
  if (owed >= 0 && owed != lightest) {
    say(o, "fair spread: %s has %lld of %lld plain referrals in this run and would fall below "
           "the viability floor of %lld%%", n->p[owed].id, (long long)n->p[owed].plain,
        (long long)total - 1, (long long)n->floor_pct);
    return owed;
  }
  if (lightest >= 0 && capped >= 0 && lighter(&n->p[capped], &n->p[lightest]))
    say(o, "fair spread: the lead would pass the dominance ceiling of %lld%% of plain "
           "referrals in this run; the lowest caseload for its capacity among the associates",
        (long long)n->ceiling_pct);
  else if (lightest >= 0)
    say(o, "fair spread: the lowest caseload for its capacity");
  return lightest;
}

/* The person's own choice (N5, CITY): true when it names the provider. */
static bool choice(dpss_routing *o, const dpss_network *n, const dpss_recipient *r, bool acc,
                   int *pick, const char *instead) {
  int i;
  add_rule(o, "N5");
  if ((i = find(n, r->requested_provider)) < 0) {
    choose_outside(o, r->requested_provider, false);
    say(o, "the person chose %s, a provider outside the network", r->requested_provider);
  } else if (usable(&n->p[i], acc)) {
    *pick = i;
    say(o, "the person chose %s", n->p[i].id);
  } else {
    set_aside(o, &n->p[i], "the person's choice", p2_words(r));
    return false;
  }
  if (instead)
    say(o, "; the existing arrangement with %s is not kept: the person may choose another "
           "provider", instead);
  return true;
}

/* The considerations in order; the first that names a provider wins. */
static void route(dpss_routing *o, const dpss_network *n, const dpss_recipient *r, int *pick,
                  bool *plain) {
  bool acc = needs_accredited(r);
  int i;
  *pick = -1;
  *plain = false;
  add_rule(o, "N2");
  bool keeps = keeps_existing(r);
  /* 0. The person may still choose another provider (N5, CITY): a successful
   * arrangement is theirs to retain (N4), not to be kept against their choice. */
  bool chose = false;
  if (keeps && r->requested_provider &&
      strcmp(r->requested_provider, r->existing_provider) != 0) {
    chose = true;
    if (choice(o, n, r, acc, pick, r->existing_provider))
      return;
  }
  /* 1. Continuity (N4), in the network or outside it. */
  if (keeps) {
    add_rule(o, "N4");
    if ((i = find(n, r->existing_provider)) < 0) {
      choose_outside(o, r->existing_provider, true);
      say(o, "keeps the successful existing arrangement with %s, which is outside the "
             "network and joins it as an associate", r->existing_provider);
      return;
    }
    if (usable(&n->p[i], acc)) {
      *pick = i;
      say(o, "keeps the successful existing arrangement with %s, now %s %s", n->p[i].id,
          n->p[i].role == DPSS_ROLE_LEAD ? "the" : "an", role_names[n->p[i].role]);
      return;
    }
    set_aside(o, &n->p[i], "the existing arrangement", p2_words(r));
  }
  /* 2. The person's own choice (N5, CITY). */
  if (r->requested_provider && !chose && choice(o, n, r, acc, pick, NULL))
    return;
  /* 3. Specialist needs (N3): most needs matched, then the lightest. */
  size_t best_match = 0;
  int best = -1;
  bool specialist_full = false, specialist_unaccredited = false;
  for (size_t k = 0; k < n->n && r->n_needs; k++) {
    size_t m = matched_needs(&n->p[k], r);
    if (!m)
      continue;
    if (!usable(&n->p[k], acc)) {
      specialist_full |= !has_room(&n->p[k]);
      specialist_unaccredited |= has_room(&n->p[k]) && acc && !n->p[k].accredited;
      continue;
    }
    if (m > best_match || (m == best_match && lighter(&n->p[k], &n->p[best]))) {
      best_match = m;
      best = (int)k;
    }
  }
  if (acc)
    add_rule(o, "P2");
  if (best >= 0) {
    *pick = best;
    add_rule(o, "N3");
    const provider *p = &n->p[best];
    bool firstneed = true;
    for (size_t a = 0; a < r->n_needs; a++)
      for (size_t k = 0; k < p->n_spec; k++)
        if (strcmp(r->needs[a], p->spec[k]) == 0) {
          say(o, "%s%s", firstneed ? "" : " and ", r->needs[a]);
          firstneed = false;
          break;
        }
    say(o, " %s a specialist %s", best_match > 1 ? "need" : "needs", role_names[p->role]);
    if (acc)
      say(o, " (%s, P2)", p2_words(r));
    return;
  }
  if (specialist_full || specialist_unaccredited) {
    say(o, "%s; ",
        specialist_unaccredited && !specialist_full
            ? "no specialist for the needs is accredited (P2)"
        : specialist_unaccredited
            ? "no specialist for the needs has room and is accredited (P2)"
            : "no specialist for the needs has room");
  }
  /* 4. Fair spread (N5) among everyone with room. */
  *plain = r->n_needs == 0 && !(r->has_existing && r->existing_successful == DPSS_TRUE) &&
           !r->requested_provider;
  add_rule(o, "N5");
  if (*plain) {
    best = fair_spread(o, n, acc);
  } else {
    for (size_t k = 0; k < n->n; k++)
      if (usable(&n->p[k], acc) && (best < 0 || lighter(&n->p[k], &n->p[best])))
        best = (int)k;
    if (best >= 0)
      say(o, "fair spread: the lowest caseload for its capacity");
  }
  if (best >= 0) {
    *pick = best;
    if (acc)
      say(o, " (%s, P2)", p2_words(r));
    return;
  }
  say(o, acc ? "no accredited provider with capacity" : "no provider with capacity");
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
  o->role = -1;
  o->joint = r->funding[DPSS_SOURCE_SOCIAL_CARE] > 0 && r->funding[DPSS_SOURCE_HEALTH] > 0;
  int pick;
  bool plain;
  route(o, n, r, &pick, &plain);
  if (pick >= 0) {
    choose(o, n, pick);
    n->p[pick].caseload++;
    n->p[pick].routed++;
    if (plain) {
      n->p[pick].plain++;
      n->plain_total++;
    }
  }
  if (o->joint && o->provider[0])
    add_rule(o, "P4");
  if (!o->provider[0]) {
    /* Unrouted: the rules that left it so (N4 when a successful arrangement
     * was set aside too). */
    o->n_rules = 0;
    if (keeps_existing(r))
      add_rule(o, "N4");
    add_rule(o, "N5");
    if (needs_accredited(r))
      add_rule(o, "P2");
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
  return o && o->role >= 0 ? (dpss_role)o->role : DPSS_ROLE_ASSOCIATE;
}
const char *dpss_routing_rules(const dpss_routing *o) { return o ? o->rules_csv : ""; }
const char *dpss_routing_because(const dpss_routing *o) { return o ? o->because : ""; }
int dpss_routing_in_network(const dpss_routing *o) { return o && o->in_network; }
int dpss_routing_joins_network(const dpss_routing *o) { return o && o->joins_network; }

/* The routing's fields after "id" (shared with the transition lines). */
void dpss__routing_json_body(dpss_sb *sb, const dpss_routing *o, bool to_provider) {
  if (o->provider[0]) {
    dpss_sb_puts(sb, to_provider ? ",\"to_provider\":" : ",\"provider\":");
    dpss_sb_json_str(sb, o->provider);
    dpss_sb_puts(sb, ",\"role\":");
    if (o->role >= 0)
      dpss_sb_json_str(sb, role_names[o->role]);
    else
      dpss_sb_puts(sb, "null");
    if (!to_provider) {
      dpss_sb_puts(sb, ",\"via\":");
      dpss_sb_json_str(sb, o->via);
    }
    if (!o->in_network)
      dpss_sb_puts(sb, o->joins_network ? ",\"in_network\":false,\"joins_network\":true"
                                        : ",\"in_network\":false");
  } else {
    dpss_sb_puts(sb, to_provider ? ",\"to_provider\":null,\"unrouted\":true"
                                 : ",\"provider\":null,\"unrouted\":true");
  }
  if (o->n_aside) {
    dpss_sb_puts(sb, ",\"set_aside\":[");
    for (int k = 0; k < o->n_aside; k++) {
      dpss_sb_puts(sb, k ? ",{\"provider\":" : "{\"provider\":");
      dpss_sb_json_str(sb, o->aside[k].provider);
      dpss_sb_puts(sb, ",\"rule\":\"");
      dpss_sb_puts(sb, o->aside[k].rule);
      dpss_sb_puts(sb, "\",\"because\":");
      dpss_sb_json_str(sb, o->aside[k].because);
      dpss_sb_putc(sb, '}');
    }
    dpss_sb_putc(sb, ']');
  }
  if (o->joint && o->provider[0])
    dpss_sb_puts(sb, ",\"single_provider_for_all_funding\":true");
}

void dpss__routing_rules_json(dpss_sb *sb, const dpss_routing *o, const char *first) {
  dpss_sb_puts(sb, ",\"rules\":[");
  bool any = false;
  if (first) {
    dpss_sb_json_str(sb, first);
    any = true;
  }
  for (int k = 0; k < o->n_rules; k++) {
    if (any)
      dpss_sb_putc(sb, ',');
    any = true;
    dpss_sb_json_str(sb, o->rules[k]);
  }
  dpss_sb_putc(sb, ']');
}

int dpss_routing_to_json(const dpss_routing *o, char **out) {
  if (out)
    *out = NULL;
  if (!o || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "{\"id\":");
  dpss_sb_json_str(&sb, o->id);
  dpss__routing_json_body(&sb, o, false);
  dpss__routing_rules_json(&sb, o, NULL);
  dpss_sb_puts(&sb, ",\"because\":");
  dpss_sb_json_str(&sb, o->because);
  dpss_sb_putc(&sb, '}');
  return dpss_sb_finish(&sb, out);
}
