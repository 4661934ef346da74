/* Provider network, routing, transition plan and market report. See
 * dpss/network.h for the rules as implemented. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct provider {
  char id[DPSS_ID_MAX + 1];
  char *name;
  int8_t role;
  char **spec;
  size_t n_spec;
  int64_t capacity, caseload, routed;
  bool accredited;
} provider;

struct dpss_network {
  char id[DPSS_ID_MAX + 1];
  char lead[DPSS_ID_MAX + 1];
  provider *p;
  size_t n;
};

#define MAX_RULES 4

struct dpss_routing {
  char id[DPSS_ID_MAX + 1];
  char provider[DPSS_ID_MAX + 1]; /* "" when unrouted */
  char via[DPSS_ID_MAX + 1];
  int8_t role;
  bool joint; /* P4: one provider serves both funding streams */
  const char *rules[MAX_RULES];
  int n_rules;
  char rules_csv[32];
  char because[320];
};

static const char *const role_names[] = {"lead", "associate"};

/* ------------------------------------------------------------- lifecycle */

static void provider_clear(provider *p) {
  free(p->name);
  for (size_t k = 0; k < p->n_spec; k++)
    free(p->spec[k]);
  free(p->spec);
}

void dpss_network_free(dpss_network *n) {
  if (!n)
    return;
  for (size_t i = 0; i < n->n; i++)
    provider_clear(&n->p[i]);
  free(n->p);
  free(n);
}

static int find(const dpss_network *n, const char *id) {
  if (!id)
    return -1;
  for (size_t i = 0; i < n->n; i++)
    if (strcmp(n->p[i].id, id) == 0)
      return (int)i;
  return -1;
}

static int read_count(const json_t *v, dpss_path *p, int64_t *out) {
  if (!v || json_is_null(v))
    return dpss__fail(DPSS_EMISSING, p->buf, "required");
  if (!json_is_integer(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected a whole number");
  *out = (int64_t)json_integer_value(v);
  if (*out < 0 || *out > INT64_C(1000000000))
    return dpss__fail(DPSS_ERANGE, p->buf, "must be from 0 to 10^9");
  return DPSS_OK;
}

static int read_provider(provider *pr, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"id", "name", "role", "specialisms", "capacity",
                                     "caseload", "accredited"};
  int rc = dpss__expect_object(v, p);
  if (!rc)
    rc = dpss__only_keys(v, p, keys, DPSS_ARRAY_LEN(keys));
  if (rc)
    return rc;
  size_t m = dpss_path_push_key(p, "id");
  char *id = NULL;
  rc = dpss__read_id(json_object_get(v, "id"), p, true, &id);
  dpss_path_pop(p, m);
  if (rc)
    return rc;
  snprintf(pr->id, sizeof pr->id, "%s", id);
  free(id);
  const json_t *name = json_object_get(v, "name");
  if (name && !json_is_null(name)) {
    if (!json_is_string(name)) {
      size_t mk = dpss_path_push_key(p, "name");
      rc = dpss__fail(DPSS_ETYPE, p->buf, "expected a string");
      dpss_path_pop(p, mk);
      return rc;
    }
    if (!(pr->name = dpss__strdup(json_string_value(name))))
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  m = dpss_path_push_key(p, "role");
  const json_t *role = json_object_get(v, "role");
  rc = !role || json_is_null(role) ? dpss__fail(DPSS_EMISSING, p->buf, "required")
                                   : dpss__read_enum(role, p, role_names, 2, &pr->role);
  dpss_path_pop(p, m);
  if (rc)
    return rc;
  m = dpss_path_push_key(p, "capacity");
  rc = read_count(json_object_get(v, "capacity"), p, &pr->capacity);
  dpss_path_pop(p, m);
  if (rc)
    return rc;
  m = dpss_path_push_key(p, "caseload");
  const json_t *cl = json_object_get(v, "caseload");
  rc = cl ? read_count(cl, p, &pr->caseload) : DPSS_OK;
  dpss_path_pop(p, m);
  if (rc)
    return rc;
  m = dpss_path_push_key(p, "accredited");
  int8_t acc;
  rc = dpss__read_fact(json_object_get(v, "accredited"), p, &acc);
  dpss_path_pop(p, m);
  if (rc)
    return rc;
  pr->accredited = acc == DPSS_TRUE;
  const json_t *sp = json_object_get(v, "specialisms");
  m = dpss_path_push_key(p, "specialisms");
  if (sp && !json_is_null(sp) && !json_is_array(sp))
    rc = dpss__fail(DPSS_ETYPE, p->buf, "expected an array of strings");
  size_t ns = json_is_array(sp) ? json_array_size(sp) : 0;
  if (!rc && ns && !(pr->spec = calloc(ns, sizeof *pr->spec)))
    rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (size_t k = 0; !rc && k < ns; k++) {
    size_t mk = dpss_path_push_index(p, k);
    rc = dpss__read_id(json_array_get(sp, k), p, true, &pr->spec[k]);
    dpss_path_pop(p, mk);
    if (!rc)
      pr->n_spec++;
  }
  dpss_path_pop(p, m);
  return rc;
}

static int network_from_value(dpss_network **out, const json_t *root, const dpss_policy *policy,
                              dpss_date as_of) {
  static const char *const keys[] = {"id", "lead", "providers", "name"};
  dpss_path path, *p = &path;
  dpss_path_init(p);
  int rc = dpss__expect_object(root, p);
  if (rc)
    return rc;
  const char *key;
  json_t *val;
  json_object_foreach((json_t *)root, key, val) {
    if (dpss__lookup(keys, DPSS_ARRAY_LEN(keys), key) < 0)
      return dpss__fail(DPSS_EUNKNOWN, key, "unknown field");
  }
  dpss_network *n = calloc(1, sizeof *n);
  if (!n)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  char *s = NULL;
  size_t m = dpss_path_push_key(p, "id");
  rc = dpss__read_id(json_object_get(root, "id"), p, true, &s);
  dpss_path_pop(p, m);
  if (!rc) {
    snprintf(n->id, sizeof n->id, "%s", s);
    free(s);
    s = NULL;
    m = dpss_path_push_key(p, "lead");
    const json_t *lead = json_object_get(root, "lead");
    rc = !lead || json_is_null(lead)
             ? dpss__fail(DPSS_ENETWORK, p->buf, "no lead agent (rule N1)")
             : dpss__read_id(lead, p, true, &s);
    dpss_path_pop(p, m);
  }
  if (!rc) {
    snprintf(n->lead, sizeof n->lead, "%s", s);
    free(s);
  }
  const json_t *ps = json_object_get(root, "providers");
  if (!rc && !json_is_array(ps))
    rc = dpss__fail(ps ? DPSS_ETYPE : DPSS_EMISSING, "providers", "expected an array of providers");
  size_t np = rc ? 0 : json_array_size(ps);
  if (!rc && np && !(n->p = calloc(np, sizeof *n->p)))
    rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  m = dpss_path_push_key(p, "providers");
  for (size_t i = 0; !rc && i < np; i++) {
    size_t mi = dpss_path_push_index(p, i);
    rc = read_provider(&n->p[i], json_array_get(ps, i), p);
    n->n++;
    if (!rc) {
      for (size_t k = 0; k < i; k++)
        if (strcmp(n->p[k].id, n->p[i].id) == 0) {
          size_t mk = dpss_path_push_key(p, "id");
          rc = dpss__fail(DPSS_EDUPLICATE, p->buf, "a second provider with the same id");
          dpss_path_pop(p, mk);
          break;
        }
    }
    dpss_path_pop(p, mi);
  }
  dpss_path_pop(p, m);
  if (!rc) {
    int leads = 0, associates = 0;
    for (size_t i = 0; i < n->n; i++) {
      leads += n->p[i].role == DPSS_ROLE_LEAD;
      associates += n->p[i].role == DPSS_ROLE_ASSOCIATE;
    }
    int li = find(n, n->lead);
    dpss_params pp;
    dpss__policy_resolve(policy, dpss__date_valid(as_of) ? as_of : 0, &pp);
    if (li < 0 || n->p[li].role != DPSS_ROLE_LEAD)
      rc = dpss__fail(DPSS_ENETWORK, "lead", "must be the id of the provider whose role is lead (rule N1)");
    else if (leads != 1)
      rc = dpss__fail(DPSS_ENETWORK, "providers", "exactly one provider must have the role lead (rule N1)");
    else if (associates < pp.v[DPSS_P_MIN_ASSOCIATES])
      rc = dpss__fail(DPSS_ENETWORK, "providers",
                      "%d associate(s): the lead must appoint at least %lld (rule N1)", associates,
                      (long long)pp.v[DPSS_P_MIN_ASSOCIATES]);
  }
  if (rc) {
    dpss_network_free(n);
    return rc;
  }
  *out = n;
  return DPSS_OK;
}

int dpss_network_from_json(dpss_network **out, const char *json, const dpss_policy *policy,
                           dpss_date as_of) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!dpss__date_valid(as_of))
    return dpss__fail(DPSS_EDATE, "as_of", "as-of date out of range");
  dpss_policy *use;
  int rc = dpss__policy_copy_or_default(policy, &use);
  json_t *root = NULL;
  if (!rc)
    rc = dpss__json_parse(&root, json);
  if (!rc)
    rc = network_from_value(out, root, use, as_of);
  json_decref(root);
  dpss_policy_free(use);
  return rc;
}

int dpss_network_from_file(dpss_network **out, const char *path, const dpss_policy *policy,
                           dpss_date as_of) {
  if (out)
    *out = NULL;
  if (!out || !path)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if (!dpss__date_valid(as_of))
    return dpss__fail(DPSS_EDATE, "as_of", "as-of date out of range");
  dpss_policy *use;
  json_t *root = NULL;
  int rc = dpss__policy_copy_or_default(policy, &use);
  if (!rc)
    rc = dpss__json_load_file(&root, path, "network");
  if (!rc)
    rc = network_from_value(out, root, use, as_of);
  json_decref(root);
  dpss_policy_free(use);
  return rc;
}

int dpss_network_clone(dpss_network **out, const dpss_network *n) {
  if (out)
    *out = NULL;
  if (!out || !n)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_network *c = calloc(1, sizeof *c);
  if (!c)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  memcpy(c->id, n->id, sizeof c->id);
  memcpy(c->lead, n->lead, sizeof c->lead);
  if (n->n && !(c->p = calloc(n->n, sizeof *c->p)))
    goto oom;
  for (size_t i = 0; i < n->n; i++) {
    provider *d = &c->p[i];
    const provider *s = &n->p[i];
    *d = *s;
    d->name = NULL;
    d->spec = NULL;
    d->n_spec = 0;
    c->n++;
    if (s->name && !(d->name = dpss__strdup(s->name)))
      goto oom;
    if (s->n_spec && !(d->spec = calloc(s->n_spec, sizeof *d->spec)))
      goto oom;
    for (size_t k = 0; k < s->n_spec; k++) {
      if (!(d->spec[k] = dpss__strdup(s->spec[k])))
        goto oom;
      d->n_spec++;
    }
  }
  *out = c;
  return DPSS_OK;
oom:
  dpss_network_free(c);
  return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

int dpss_network_to_json(const dpss_network *n, char **out) {
  if (out)
    *out = NULL;
  if (!n || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "{\"id\":");
  dpss_sb_json_str(&sb, n->id);
  dpss_sb_puts(&sb, ",\"lead\":");
  dpss_sb_json_str(&sb, n->lead);
  dpss_sb_puts(&sb, ",\"providers\":[");
  for (size_t i = 0; i < n->n; i++) {
    const provider *p = &n->p[i];
    dpss_sb_puts(&sb, i ? ",{\"id\":" : "{\"id\":");
    dpss_sb_json_str(&sb, p->id);
    if (p->name) {
      dpss_sb_puts(&sb, ",\"name\":");
      dpss_sb_json_str(&sb, p->name);
    }
    dpss_sb_puts(&sb, ",\"role\":\"");
    dpss_sb_puts(&sb, role_names[p->role]);
    dpss_sb_puts(&sb, "\",\"specialisms\":[");
    for (size_t k = 0; k < p->n_spec; k++) {
      if (k)
        dpss_sb_putc(&sb, ',');
      dpss_sb_json_str(&sb, p->spec[k]);
    }
    dpss_sb_printf(&sb, "],\"capacity\":%lld,\"caseload\":%lld,\"accredited\":%s}",
                   (long long)p->capacity, (long long)p->caseload,
                   p->accredited ? "true" : "false");
  }
  dpss_sb_puts(&sb, "]}");
  return dpss_sb_finish(&sb, out);
}

const char *dpss_network_id(const dpss_network *n) { return n ? n->id : ""; }
const char *dpss_network_lead(const dpss_network *n) { return n ? n->lead : ""; }
size_t dpss_network_provider_count(const dpss_network *n) { return n ? n->n : 0; }

static const provider *prov(const dpss_network *n, size_t i) {
  return n && i < n->n ? &n->p[i] : NULL;
}
const char *dpss_network_provider_id(const dpss_network *n, size_t i) {
  return prov(n, i) ? prov(n, i)->id : NULL;
}
dpss_role dpss_network_provider_role(const dpss_network *n, size_t i) {
  return prov(n, i) ? (dpss_role)prov(n, i)->role : DPSS_ROLE_ASSOCIATE;
}
int64_t dpss_network_provider_capacity(const dpss_network *n, size_t i) {
  return prov(n, i) ? prov(n, i)->capacity : -1;
}
int64_t dpss_network_provider_caseload(const dpss_network *n, size_t i) {
  return prov(n, i) ? prov(n, i)->caseload : -1;
}
int64_t dpss_network_provider_routed(const dpss_network *n, size_t i) {
  return prov(n, i) ? prov(n, i)->routed : -1;
}

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
  dpss_routing *o = calloc(1, sizeof *o);
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

/* ------------------------------------------------------------- transition */

typedef struct transfer {
  dpss_recipient *r;
  size_t order;
  dpss_date date;
  int priority; /* 1: start date; 2: at the yearly review */
} transfer;

struct dpss_transition {
  dpss_network *net;
  dpss_params params;
  dpss_date start;
  transfer *t;
  size_t n, cap;
};

int dpss_transition_new(dpss_transition **out, const dpss_network *network,
                        const dpss_policy *policy, dpss_date start) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!network)
    return dpss__fail(DPSS_EINVAL, NULL, "network is NULL");
  if (!dpss__date_valid(start))
    return dpss__fail(DPSS_EDATE, "start", "start date out of range");
  dpss_transition *t = calloc(1, sizeof *t);
  if (!t)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  dpss_policy *use;
  int rc = dpss__policy_copy_or_default(policy, &use);
  if (!rc)
    rc = dpss_network_clone(&t->net, network);
  if (!rc)
    dpss__policy_resolve(use, start, &t->params);
  dpss_policy_free(use);
  if (rc) {
    free(t);
    return rc;
  }
  t->start = start;
  *out = t;
  return DPSS_OK;
}

void dpss_transition_free(dpss_transition *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->n; i++)
    dpss_recipient_free(t->t[i].r);
  free(t->t);
  dpss_network_free(t->net);
  free(t);
}

/* The next yearly review on or after the start (X1). */
static dpss_date next_review(const dpss_transition *t, const dpss_recipient *r) {
  const int64_t *v = t->params.v;
  dpss_date d = r->dates[DPSS_DATE_LAST_REVIEW] != DPSS_DATE_NONE
                    ? dpss__add_months(r->dates[DPSS_DATE_LAST_REVIEW], v[DPSS_P_REVIEW_INTERVAL_MONTHS])
                : r->dates[DPSS_DATE_DP_START] != DPSS_DATE_NONE
                    ? dpss__add_months(r->dates[DPSS_DATE_DP_START], v[DPSS_P_FIRST_REVIEW_MONTHS])
                    : DPSS_DATE_NONE;
  if (d == DPSS_DATE_NONE)
    return dpss__add_months(t->start, v[DPSS_P_REVIEW_INTERVAL_MONTHS]);
  for (int64_t k = 1; d != DPSS_DATE_NONE && d < t->start && k < 1000; k++)
    d = dpss__add_months(d, v[DPSS_P_REVIEW_INTERVAL_MONTHS]);
  return d == DPSS_DATE_NONE ? t->start : d;
}

int dpss_transition_add(dpss_transition *t, const dpss_recipient *r) {
  if (!t || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    transfer *nt = realloc(t->t, cap * sizeof *nt);
    if (!nt)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    t->t = nt;
    t->cap = cap;
  }
  transfer *x = &t->t[t->n];
  int rc = dpss_recipient_clone(&x->r, r);
  if (rc)
    return rc;
  x->order = t->n;
  bool first = !dpss__recipient_provider(r) || r->risk == DPSS_RISK_HIGH;
  x->priority = first ? 1 : 2;
  x->date = first ? t->start : next_review(t, r);
  t->n++;
  return DPSS_OK;
}

static int by_date(const void *a, const void *b) {
  const transfer *x = a, *y = b;
  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;
  if (x->priority != y->priority)
    return x->priority - y->priority;
  return x->order < y->order ? -1 : x->order > y->order;
}

int dpss_transition_to_jsonl(const dpss_transition *t, char **out) {
  if (out)
    *out = NULL;
  if (!t || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  transfer *sorted = malloc((t->n ? t->n : 1) * sizeof *sorted);
  dpss_network *net = NULL;
  if (!sorted || dpss_network_clone(&net, t->net)) {
    free(sorted);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  memcpy(sorted, t->t, t->n * sizeof *sorted);
  qsort(sorted, t->n, sizeof *sorted, by_date);
  dpss_sb sb;
  dpss_sb_init(&sb);
  for (size_t i = 0; i < t->n; i++) {
    const dpss_recipient *r = sorted[i].r;
    const char *from = dpss__recipient_provider(r);
    dpss_sb_puts(&sb, "{\"id\":");
    dpss_sb_json_str(&sb, r->id);
    dpss_sb_puts(&sb, ",\"date\":");
    dpss_sb_json_date(&sb, sorted[i].date);
    dpss_sb_puts(&sb, ",\"priority\":");
    dpss_sb_int(&sb, sorted[i].priority);
    dpss_sb_puts(&sb, ",\"from_provider\":");
    if (from)
      dpss_sb_json_str(&sb, from);
    else
      dpss_sb_puts(&sb, "null");
    const char *why = !from ? "new referral: transfers first"
                      : r->risk == DPSS_RISK_HIGH ? "higher-risk package: transfers first"
                                                  : "transfers at the next yearly review";
    if (r->has_existing && r->existing_successful == DPSS_TRUE && from &&
        strcmp(from, r->existing_provider) == 0) {
      int k = find(net, from);
      dpss_sb_puts(&sb, ",\"to_provider\":");
      dpss_sb_json_str(&sb, from);
      dpss_sb_puts(&sb, ",\"role\":\"");
      dpss_sb_puts(&sb, k >= 0 ? role_names[net->p[k].role] : "associate");
      dpss_sb_puts(&sb, "\",\"rules\":[\"X1\",\"N4\"],\"because\":");
      dpss_sb sbw;
      dpss_sb_init(&sbw);
      dpss_sb_printf(&sbw, "%s; the successful arrangement stays with %s%s", why, from,
                     k >= 0 ? "" : ", which becomes an associate");
      dpss_sb_json_str(&sb, sbw.p ? sbw.p : "");
      dpss_sb_free(&sbw);
      if (k >= 0) {
        net->p[k].caseload++;
        net->p[k].routed++;
      }
    } else {
      dpss_routing *o = NULL;
      if (dpss_network_route(&o, net, r)) {
        dpss_sb_free(&sb);
        free(sorted);
        dpss_network_free(net);
        return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
      }
      dpss_sb_puts(&sb, ",\"to_provider\":");
      if (o->provider[0]) {
        dpss_sb_json_str(&sb, o->provider);
        dpss_sb_puts(&sb, ",\"role\":\"");
        dpss_sb_puts(&sb, role_names[o->role]);
        dpss_sb_putc(&sb, '"');
      } else {
        dpss_sb_puts(&sb, "null,\"unrouted\":true");
      }
      dpss_sb_puts(&sb, ",\"rules\":[\"X1\"");
      for (int k = 0; k < o->n_rules; k++) {
        dpss_sb_puts(&sb, ",\"");
        dpss_sb_puts(&sb, o->rules[k]);
        dpss_sb_putc(&sb, '"');
      }
      dpss_sb_puts(&sb, "],\"because\":");
      dpss_sb sbw;
      dpss_sb_init(&sbw);
      dpss_sb_printf(&sbw, "%s; %s", why, o->because);
      dpss_sb_json_str(&sb, sbw.p ? sbw.p : "");
      dpss_sb_free(&sbw);
      dpss_routing_free(o);
    }
    dpss_sb_puts(&sb, "}\n");
  }
  free(sorted);
  dpss_network_free(net);
  return dpss_sb_finish(&sb, out);
}

/* ----------------------------------------------------------------- market */

typedef struct share {
  char id[DPSS_ID_MAX + 1];
  int64_t count;
  bool in_network;
} share;

struct dpss_market {
  share *s;
  size_t n, cap;
  int64_t total, unsupported;
  int64_t floor_pct, ceiling_pct;
};

static int market_slot(dpss_market *m, const char *id, bool in_network) {
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->s[i].id, id) == 0)
      return (int)i;
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    share *ns = realloc(m->s, cap * sizeof *ns);
    if (!ns)
      return -1;
    m->s = ns;
    m->cap = cap;
  }
  share *s = &m->s[m->n];
  snprintf(s->id, sizeof s->id, "%s", id);
  s->count = 0;
  s->in_network = in_network;
  return (int)m->n++;
}

int dpss_market_new(dpss_market **out, const dpss_network *network, const dpss_policy *policy,
                    dpss_date as_of) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!network)
    return dpss__fail(DPSS_EINVAL, NULL, "network is NULL");
  if (!dpss__date_valid(as_of))
    return dpss__fail(DPSS_EDATE, "as_of", "as-of date out of range");
  dpss_market *m = calloc(1, sizeof *m);
  dpss_policy *use = NULL;
  if (!m || dpss__policy_copy_or_default(policy, &use)) {
    free(m);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  dpss_params pp;
  dpss__policy_resolve(use, as_of, &pp);
  dpss_policy_free(use);
  m->floor_pct = pp.v[DPSS_P_MARKET_VIABILITY_FLOOR_PERCENT];
  m->ceiling_pct = pp.v[DPSS_P_MARKET_DOMINANCE_CEILING_PERCENT];
  for (size_t i = 0; i < network->n; i++)
    if (market_slot(m, network->p[i].id, true) < 0) {
      dpss_market_free(m);
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    }
  *out = m;
  return DPSS_OK;
}

void dpss_market_free(dpss_market *m) {
  if (!m)
    return;
  free(m->s);
  free(m);
}

int dpss_market_add(dpss_market *m, const dpss_recipient *r) {
  if (!m || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  const char *p = dpss__recipient_provider(r);
  if (!p) {
    m->unsupported++;
    return DPSS_OK;
  }
  int i = market_slot(m, p, false);
  if (i < 0)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  m->s[i].count++;
  m->total++;
  return DPSS_OK;
}

int64_t dpss_market_hhi(const dpss_market *m) {
  if (!m || m->total == 0)
    return 0;
  __int128 sum = 0;
  for (size_t i = 0; i < m->n; i++)
    sum += (__int128)m->s[i].count * m->s[i].count;
  __int128 den = (__int128)m->total * m->total;
  return (int64_t)((sum * 10000 * 2 + den) / (den * 2)); /* nearest, halves up */
}

static int64_t basis_points(int64_t count, int64_t total) {
  return total ? (int64_t)(((__int128)count * 10000 * 2 + total) / ((__int128)total * 2)) : 0;
}

static void market_write(const dpss_market *m, dpss_sb *sb, bool text) {
  size_t largest = 0;
  for (size_t i = 1; i < m->n; i++)
    if (m->s[i].count > m->s[largest].count)
      largest = i;
  if (text) {
    dpss_sb_printf(sb, "Market shares of %lld supported recipients\n", (long long)m->total);
    dpss_sb_printf(sb, "  %-20s %10s %9s  %s\n", "provider", "recipients", "share", "");
  } else {
    dpss_sb_printf(sb, "{\"recipients\":%lld,\"without_provider\":%lld,\"providers\":[",
                   (long long)m->total, (long long)m->unsupported);
  }
  int warnings = 0;
  for (size_t i = 0; i < m->n; i++) {
    const share *s = &m->s[i];
    int64_t bp = basis_points(s->count, m->total);
    bool low = m->total && (__int128)s->count * 100 < (__int128)m->floor_pct * m->total;
    bool high = m->total && (__int128)s->count * 100 > (__int128)m->ceiling_pct * m->total;
    warnings += low + high;
    if (text) {
      dpss_sb_printf(sb, "  %-20s %10lld %6lld.%02lld%%  %s%s\n", s->id, (long long)s->count,
                     (long long)(bp / 100), (long long)(bp % 100),
                     low ? "below the viability floor" : high ? "above the dominance ceiling" : "",
                     s->in_network ? "" : " (not in the network)");
    } else {
      dpss_sb_puts(sb, i ? ",{\"id\":" : "{\"id\":");
      dpss_sb_json_str(sb, s->id);
      dpss_sb_printf(sb, ",\"recipients\":%lld,\"share_basis_points\":%lld,\"in_network\":%s,"
                         "\"below_viability_floor\":%s,\"above_dominance_ceiling\":%s}",
                     (long long)s->count, (long long)bp, s->in_network ? "true" : "false",
                     low ? "true" : "false", high ? "true" : "false");
    }
  }
  int64_t hhi = dpss_market_hhi(m);
  int64_t lbp = m->n ? basis_points(m->s[largest].count, m->total) : 0;
  if (text) {
    dpss_sb_printf(sb, "  largest share: %s, %lld.%02lld%%\n", m->n ? m->s[largest].id : "-",
                   (long long)(lbp / 100), (long long)(lbp % 100));
    dpss_sb_printf(sb, "  Herfindahl-Hirschman index: %lld (of 10,000)\n", (long long)hhi);
    dpss_sb_printf(sb, "  warnings: %d (viability floor %lld%%, dominance ceiling %lld%%)\n",
                   warnings, (long long)m->floor_pct, (long long)m->ceiling_pct);
  } else {
    dpss_sb_puts(sb, "],\"largest\":");
    if (m->n && m->total)
      dpss_sb_json_str(sb, m->s[largest].id);
    else
      dpss_sb_puts(sb, "null");
    dpss_sb_printf(sb, ",\"largest_share_basis_points\":%lld,\"hhi\":%lld,"
                       "\"viability_floor_percent\":%lld,\"dominance_ceiling_percent\":%lld,"
                       "\"warnings\":[",
                   (long long)lbp, (long long)hhi, (long long)m->floor_pct,
                   (long long)m->ceiling_pct);
    bool first = true;
    for (size_t i = 0; i < m->n; i++) {
      const share *s = &m->s[i];
      bool low = m->total && (__int128)s->count * 100 < (__int128)m->floor_pct * m->total;
      bool high = m->total && (__int128)s->count * 100 > (__int128)m->ceiling_pct * m->total;
      if (!low && !high)
        continue;
      dpss_sb_puts(sb, first ? "{\"provider\":" : ",{\"provider\":");
      first = false;
      dpss_sb_json_str(sb, s->id);
      dpss_sb_puts(sb, low ? ",\"warning\":\"below_viability_floor\"}"
                           : ",\"warning\":\"above_dominance_ceiling\"}");
    }
    dpss_sb_puts(sb, "]}");
  }
}

int dpss_market_to_json(const dpss_market *m, char **out) {
  if (out)
    *out = NULL;
  if (!m || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  market_write(m, &sb, false);
  return dpss_sb_finish(&sb, out);
}

int dpss_market_to_text(const dpss_market *m, char **out) {
  if (out)
    *out = NULL;
  if (!m || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  market_write(m, &sb, true);
  return dpss_sb_finish(&sb, out);
}
