/* SPDX-License-Identifier: MIT */
/* Provider network: reading, checking (N1), copying and writing it. See dpss/network.h for the rules as implemented. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network_internal.h"

#define find dpss__network_find

const char *const dpss__role_names[2] = {"lead", "associate"};

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
  free(n->name);
  free(n);
}

int dpss__network_find(const dpss_network *n, const char *id) {
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
  if ((rc = dpss__read_name(v, p, &pr->name)))
    return rc;
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
  if (!rc && ns && !(pr->spec = dpss__calloc(ns, sizeof *pr->spec)))
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
  dpss_network *n = dpss__calloc(1, sizeof *n);
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
    rc = dpss__read_name(root, p, &n->name);
  }
  if (!rc) {
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
  if (!rc && np && !(n->p = dpss__calloc(np, sizeof *n->p)))
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
    n->floor_pct = pp.v[DPSS_P_MARKET_VIABILITY_FLOOR_PERCENT];
    n->ceiling_pct = pp.v[DPSS_P_MARKET_DOMINANCE_CEILING_PERCENT];
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
  dpss_network *c = dpss__calloc(1, sizeof *c);
  if (!c)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  memcpy(c->id, n->id, sizeof c->id);
  memcpy(c->lead, n->lead, sizeof c->lead);
  if (n->name && !(c->name = dpss__strdup(n->name)))
    goto oom;
  c->plain_total = n->plain_total;
  c->floor_pct = n->floor_pct;
  c->ceiling_pct = n->ceiling_pct;
  if (n->n && !(c->p = dpss__calloc(n->n, sizeof *c->p)))
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
    if (s->n_spec && !(d->spec = dpss__calloc(s->n_spec, sizeof *d->spec)))
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
  if (n->name) {
    dpss_sb_puts(&sb, ",\"name\":");
    dpss_sb_json_str(&sb, n->name);
  }
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

