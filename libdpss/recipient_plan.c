/* SPDX-License-Identifier: MIT */
/* The recipient's support plan (spending lines, PAYE) and employer evidence
 * (insurance, PAs' contracts and DBS checks): read, written back, freed.
 * Used by the audit (A5, A6). Nested keys are strict: an unknown one is an
 * error naming its path. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TEXT_MAX 200

bool dpss__text_valid(const char *s, size_t n, bool allow_breaks) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned char c = u[i];
    if (c >= 0x20 && c < 0x7f) { /* printable ASCII, the common case */
      i++;
      continue;
    }
    if (c < 0x80) {
      if ((c < 0x20 && !(allow_breaks && (c == '\t' || c == '\n' || c == '\r'))) || c == 0x7f)
        return false;
      i++;
      continue;
    }
    size_t k;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      k = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      k = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      k = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + k >= n)
      return false;
    for (size_t j = 1; j <= k; j++) {
      if ((u[i + j] & 0xc0) != 0x80)
        return false;
      cp = (cp << 6) | (u[i + j] & 0x3f);
    }
    if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
      return false;
    /* C1 controls (U+0080..U+009F) are control characters too. */
    if (k == 1 && cp < 0xa0)
      return false;
    i += k + 1;
  }
  return true;
}

#define FIELD DPSS_FIELD

/* A payee: 1 to 200 characters of UTF-8 text without control characters
 * (characters, as the message says and as a one-off's purpose counts them:
 * a name in another script is not cut to fewer). */
static int read_text(const json_t *v, dpss_path *p, bool required, char **out) {
  *out = NULL;
  if (!v || json_is_null(v))
    return required ? dpss__fail(DPSS_EMISSING, p->buf, "required") : DPSS_OK;
  if (!json_is_string(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected a string");
  size_t n = json_string_length(v), chars = 0;
  const char *s = json_string_value(v);
  for (size_t i = 0; i < n; i++)
    chars += ((unsigned char)s[i] & 0xc0) != 0x80;
  if (n == 0 || chars > TEXT_MAX || strlen(s) != n || !dpss__text_valid(s, n, false))
    return dpss__fail(DPSS_ERANGE, p->buf,
                      "expected 1 to 200 characters of text without control characters");
  *out = dpss__strdup(s);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

static int read_plan_line(void *ctx, void *item, size_t i, const json_t *it, dpss_path *p) {
  (void)ctx;
  (void)i;
  dpss_plan_line *l = item;
  int rc;
  l->weekly = DPSS_PENCE_NONE;
  FIELD(it, "category", dpss__read_id(v_, p, true, &l->category));
  FIELD(it, "payee", read_text(v_, p, false, &l->payee));
  FIELD(it, "weekly_pence", dpss__read_pence(v_, p, false, &l->weekly));
  FIELD(it, "weekly_pence",
        l->weekly != DPSS_PENCE_NONE && l->weekly > DPSS_MONEY_LIMIT
            ? dpss__fail(DPSS_ERANGE, p->buf, "amount larger than any direct payment could be")
            : 0);
  return DPSS_OK;
}

static int read_plan_lines(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"category", "payee", "weekly_pence"};
  return dpss__read_objects(v, p, "plan lines", keys, 3, sizeof *r->plan, (void **)&r->plan,
                            &r->n_plan, read_plan_line, NULL);
}

int dpss__read_support_plan(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"paye", "lines"};
  int rc;
  r->plan_paye = DPSS_UNKNOWN;
  if (!v || json_is_null(v))
    return DPSS_OK;
  if ((rc = dpss__expect_object(v, p)) || (rc = dpss__only_keys(v, p, keys, 2)))
    return rc;
  FIELD(v, "paye", dpss__read_fact(v_, p, &r->plan_paye));
  FIELD(v, "lines", read_plan_lines(r, v_, p));
  r->has_plan = true;
  return DPSS_OK;
}

static int read_cover(void *ctx, void *item, size_t i, const json_t *it, dpss_path *p) {
  (void)ctx;
  (void)i;
  dpss_insurance_rec *c = item;
  int rc;
  FIELD(it, "from", dpss__read_date(v_, p, &c->from));
  FIELD(it, "from", c->from == DPSS_DATE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
  FIELD(it, "to", dpss__read_date(v_, p, &c->to));
  FIELD(it, "to", c->to == DPSS_DATE_NONE ? dpss__fail(DPSS_EMISSING, p->buf, "required") : 0);
  FIELD(it, "to", c->to < c->from ? dpss__fail(DPSS_ECONFLICT, p->buf, "before from") : 0);
  return DPSS_OK;
}

static int read_insurance(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"from", "to"};
  return dpss__read_objects(v, p, "periods of cover", keys, 2, sizeof *r->insurance,
                            (void **)&r->insurance, &r->n_insurance, read_cover, NULL);
}

static int read_pa(void *ctx, void *item, size_t i, const json_t *it, dpss_path *p) {
  const dpss_recipient *r = ctx;
  dpss_pa_rec *a = item;
  int rc;
  a->contract = DPSS_UNKNOWN;
  a->dbs_checked = DPSS_DATE_NONE;
  FIELD(it, "id", dpss__read_id(v_, p, true, &a->id));
  for (size_t k = 0; k < i; k++)
    if (strcmp(r->pas[k].id, a->id) == 0) {
      size_t mk = dpss_path_push_key(p, "id");
      rc = dpss__fail(DPSS_EDUPLICATE, p->buf, "a second PA with the same id");
      dpss_path_pop(p, mk);
      return rc;
    }
  FIELD(it, "contract", dpss__read_fact(v_, p, &a->contract));
  FIELD(it, "dbs_checked", dpss__read_date(v_, p, &a->dbs_checked));
  return DPSS_OK;
}

static int read_pas(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"id", "contract", "dbs_checked"};
  return dpss__read_objects(v, p, "PAs", keys, 3, sizeof *r->pas, (void **)&r->pas, &r->n_pas,
                            read_pa, r);
}

int dpss__read_employer(dpss_recipient *r, const json_t *v, dpss_path *p) {
  static const char *const keys[] = {"insurance", "pas"};
  int rc;
  if (!v || json_is_null(v))
    return DPSS_OK;
  if ((rc = dpss__expect_object(v, p)) || (rc = dpss__only_keys(v, p, keys, 2)))
    return rc;
  FIELD(v, "insurance", read_insurance(r, v_, p));
  FIELD(v, "pas", read_pas(r, v_, p));
  r->has_employer = true;
  return DPSS_OK;
}

void dpss__write_plan(dpss_sb *sb, bool *first, const dpss_recipient *r) {
  if (r->has_plan) {
    dpss_sb_key(sb, first, "support_plan");
    dpss_sb_puts(sb, "{\"paye\":");
    dpss_sb_json_fact(sb, (dpss_fact)r->plan_paye);
    dpss_sb_puts(sb, ",\"lines\":[");
    for (size_t i = 0; i < r->n_plan; i++) {
      const dpss_plan_line *l = &r->plan[i];
      dpss_sb_puts(sb, i ? ",{\"category\":" : "{\"category\":");
      dpss_sb_json_str(sb, l->category);
      if (l->payee) {
        dpss_sb_puts(sb, ",\"payee\":");
        dpss_sb_json_str(sb, l->payee);
      }
      if (l->weekly != DPSS_PENCE_NONE) {
        dpss_sb_puts(sb, ",\"weekly_pence\":");
        dpss_sb_int(sb, l->weekly);
      }
      dpss_sb_putc(sb, '}');
    }
    dpss_sb_puts(sb, "]}");
  }
  if (r->has_employer) {
    dpss_sb_key(sb, first, "employer");
    dpss_sb_puts(sb, "{\"insurance\":[");
    for (size_t i = 0; i < r->n_insurance; i++) {
      dpss_sb_puts(sb, i ? ",{\"from\":" : "{\"from\":");
      dpss_sb_json_date(sb, r->insurance[i].from);
      dpss_sb_puts(sb, ",\"to\":");
      dpss_sb_json_date(sb, r->insurance[i].to);
      dpss_sb_putc(sb, '}');
    }
    dpss_sb_puts(sb, "],\"pas\":[");
    for (size_t i = 0; i < r->n_pas; i++) {
      dpss_sb_puts(sb, i ? ",{\"id\":" : "{\"id\":");
      dpss_sb_json_str(sb, r->pas[i].id);
      dpss_sb_puts(sb, ",\"contract\":");
      dpss_sb_json_fact(sb, (dpss_fact)r->pas[i].contract);
      dpss_sb_puts(sb, ",\"dbs_checked\":");
      dpss_sb_json_date(sb, r->pas[i].dbs_checked);
      dpss_sb_putc(sb, '}');
    }
    dpss_sb_puts(sb, "]}");
  }
}

void dpss__free_plan(dpss_recipient *r) {
  for (size_t i = 0; i < r->n_plan; i++) {
    free(r->plan[i].category);
    free(r->plan[i].payee);
  }
  free(r->plan);
  free(r->insurance);
  for (size_t i = 0; i < r->n_pas; i++)
    free(r->pas[i].id);
  free(r->pas);
}
