/* SPDX-License-Identifier: MIT */
/* The policy's insides, shared by policy.c and policy_params.c. Not API. */
#ifndef DPSS_POLICY_INTERNAL_H
#define DPSS_POLICY_INTERNAL_H

#include "internal.h"

enum ptype { PT_INT, PT_BOOL, PT_CHOICE, PT_PERIOD, PT_LIST };
enum { UNIT_ANY = 0, UNIT_MONTHS = 1, UNIT_WEEKS = 2 };

struct dpss_param_def {
  const char *name;
  enum ptype type;
  int64_t def, min, max; /* periods: max in weeks; months go to 60 */
  const char *const *choices; /* NULL-terminated */
  const char *source;
};

DPSS_INTERNAL extern const struct dpss_param_def dpss__params[DPSS_P_COUNT_];

/* A list value (prohibited_categories). */
typedef struct dpss_list {
  char **items;
  size_t n;
} dpss_list;

DPSS_INTERNAL void dpss__list_free(dpss_list *l);
DPSS_INTERNAL void dpss__list_json(dpss_sb *sb, const char *const *items, size_t n);
DPSS_INTERNAL const char *const *dpss__default_list(int id, size_t *n);

/* The parameter a name means (NAME, or NAME_months / NAME_weeks for a
 * period, setting *unit), or -1. */
DPSS_INTERNAL int dpss__param_lookup(const char *name, int *unit);
DPSS_INTERNAL int64_t dpss__period(int64_t count, int unit);
DPSS_INTERNAL int dpss__check_range(int id, int64_t value, const char *field);
/* One value from JSON (unit: how a period is spelt by the name it came
 * under) or from NAME=VALUE text; a list goes into *list (caller frees). */
DPSS_INTERNAL int dpss__read_param_value(const json_t *v, int id, int unit, dpss_path *p,
                                         int64_t *out, dpss_list *list);
DPSS_INTERNAL int dpss__parse_param_text(int id, int unit, const char *name, const char *text,
                                         int64_t *out, dpss_list *list);

#endif
