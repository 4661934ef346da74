/* SPDX-License-Identifier: MIT */
/* The provider network's insides, shared by network.c (reading, writing),
 * routing.c (N2-N5, P2, P4) and transition.c (X1, N6). Not API. */
#ifndef DPSS_NETWORK_INTERNAL_H
#define DPSS_NETWORK_INTERNAL_H

#include "internal.h"

typedef struct provider {
  char id[DPSS_ID_MAX + 1];
  char *name;
  int8_t role;
  char **spec;
  size_t n_spec;
  int64_t capacity, caseload, routed;
  int64_t plain; /* plain referrals routed to it in this run (N5 fair spread) */
  bool accredited;
} provider;

struct dpss_network {
  char id[DPSS_ID_MAX + 1];
  char *name; /* for readers, kept and written back; NULL: none */
  char lead[DPSS_ID_MAX + 1];
  provider *p;
  size_t n;
  int64_t plain_total;            /* plain referrals routed in this run */
  int64_t floor_pct, ceiling_pct; /* N5/N6, from the policy when loaded */
};

#define MAX_RULES 8
#define MAX_ASIDE 2

typedef struct set_aside_t {
  char provider[DPSS_ID_MAX + 1];
  const char *rule; /* "N5" (no room) or "P2" (not accredited) */
  char because[200];
} set_aside_t;

struct dpss_routing {
  char id[DPSS_ID_MAX + 1];
  char provider[DPSS_ID_MAX + 1]; /* "" when unrouted */
  char via[DPSS_ID_MAX + 1];
  int8_t role;      /* -1: none (unrouted, or chosen outside the network) */
  bool joint;       /* P4: one provider serves both funding streams */
  bool in_network;  /* false for a provider outside the network (N4, N5) */
  bool joins_network; /* N4: an outside provider kept, joining as an associate */
  const char *rules[MAX_RULES];
  int n_rules;
  char rules_csv[40];
  set_aside_t aside[MAX_ASIDE];
  int n_aside;
  char because[480];
};

DPSS_INTERNAL extern const char *const dpss__role_names[2];
#define role_names dpss__role_names

/* Write a routing's fields after "id" (provider or to_provider, role, via,
 * network membership, set-asides, P4), and its rules (after `first`). */
DPSS_INTERNAL void dpss__routing_json_body(dpss_sb *sb, const dpss_routing *o, bool to_provider);
DPSS_INTERNAL void dpss__routing_rules_json(dpss_sb *sb, const dpss_routing *o, const char *first);

/* The index of a provider by id, or -1. */
DPSS_INTERNAL int dpss__network_find(const dpss_network *n, const char *id);

#endif
