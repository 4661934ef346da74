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

DPSS_INTERNAL extern const char *const dpss__role_names[2];
#define role_names dpss__role_names

/* The index of a provider by id, or -1. */
DPSS_INTERNAL int dpss__network_find(const dpss_network *n, const char *id);

#endif
