/* SPDX-License-Identifier: MIT */
/* Which policy the outputs added into a summary or totals were made under
 * (issue 12: every summary made under what-if overrides says which). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool same(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

int dpss__policy_tag_note(dpss__policy_tag *t, const char *id, const char *version,
                          const char *overrides) {
  if (overrides && !overrides[0])
    overrides = NULL;
  if (t->state == DPSS__TAG_MIXED)
    return DPSS_OK;
  if (t->state == DPSS__TAG_ONE) {
    if (strcmp(t->id, id) != 0 || strcmp(t->version, version) != 0 ||
        !same(t->overrides, overrides)) {
      free(t->overrides);
      t->overrides = NULL;
      t->state = DPSS__TAG_MIXED;
    }
    return DPSS_OK;
  }
  char *ov = NULL;
  if (overrides && !(ov = dpss__strdup(overrides)))
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  dpss__copy_id(t->id, id);
  dpss__copy_id(t->version, version);
  t->overrides = ov;
  t->state = DPSS__TAG_ONE;
  return DPSS_OK;
}

int dpss__policy_tag_merge(dpss__policy_tag *into, const dpss__policy_tag *from) {
  if (from->state == DPSS__TAG_MIXED) {
    free(into->overrides);
    into->overrides = NULL;
    into->state = DPSS__TAG_MIXED;
    return DPSS_OK;
  }
  if (from->state == DPSS__TAG_NONE)
    return DPSS_OK;
  return dpss__policy_tag_note(into, from->id, from->version, from->overrides);
}

void dpss__policy_ref_json(dpss_sb *sb, const char *id, const char *version,
                           const char *overrides) {
  dpss_sb_puts(sb, "{\"id\":");
  dpss_sb_json_str(sb, id);
  dpss_sb_puts(sb, ",\"version\":");
  dpss_sb_json_str(sb, version);
  if (overrides && overrides[0]) {
    dpss_sb_puts(sb, ",\"overrides\":");
    dpss_sb_puts(sb, overrides);
  }
  dpss_sb_putc(sb, '}');
}

void dpss__policy_tag_json(dpss_sb *sb, const dpss__policy_tag *t) {
  if (t->state == DPSS__TAG_ONE)
    dpss__policy_ref_json(sb, t->id, t->version, t->overrides);
  else
    dpss_sb_puts(sb, "null");
}

void dpss__policy_tag_free(dpss__policy_tag *t) {
  free(t->overrides);
  t->overrides = NULL;
  t->state = DPSS__TAG_NONE;
}
