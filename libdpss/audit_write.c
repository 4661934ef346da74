/* SPDX-License-Identifier: MIT */
/* An audit out: its accessors, the audit record as JSON (the data
 * contract), the findings as CSV, and the outcome recorded on the recipient
 * (R2). See dpss/audit.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"

/* ------------------------------------------------------------- accessors */

const char *dpss_audit_id(const dpss_audit *a) { return a ? a->id : ""; }
dpss_audit_outcome dpss_audit_outcome_of(const dpss_audit *a) {
  return a ? (dpss_audit_outcome)a->outcome : DPSS_AUDIT_SATISFACTORY;
}
dpss_date dpss_audit_from(const dpss_audit *a) { return a ? a->from : DPSS_DATE_NONE; }
dpss_date dpss_audit_to(const dpss_audit *a) { return a ? a->to : DPSS_DATE_NONE; }
size_t dpss_audit_line_count(const dpss_audit *a) { return a ? a->n_lines : 0; }
int64_t dpss_audit_opening_pence(const dpss_audit *a) { return a ? a->opening : 0; }
int64_t dpss_audit_in_pence(const dpss_audit *a) { return a ? a->in : 0; }
int64_t dpss_audit_out_pence(const dpss_audit *a) { return a ? a->out : 0; }
int64_t dpss_audit_closing_pence(const dpss_audit *a) { return a ? a->closing : 0; }
int64_t dpss_audit_threshold_pence(const dpss_audit *a) { return a ? a->threshold : 0; }
int64_t dpss_audit_available_pence(const dpss_audit *a) { return a ? a->available : 0; }
int64_t dpss_audit_excess_pence(const dpss_audit *a) { return a ? a->excess : 0; }
int dpss_audit_review(const dpss_audit *a) { return a && a->review; }
size_t dpss_audit_finding_count(const dpss_audit *a) { return a ? a->n_f : 0; }

static const dpss_finding *finding(const dpss_audit *a, size_t i) {
  return a && i < a->n_f ? &a->f[i] : NULL;
}
const char *dpss_audit_finding_rule(const dpss_audit *a, size_t i) {
  return finding(a, i) ? dpss__finding_rule[a->f[i].kind] : "";
}
const char *dpss_audit_finding_kind(const dpss_audit *a, size_t i) {
  return finding(a, i) ? dpss__finding_kind_names[a->f[i].kind] : "";
}
int64_t dpss_audit_finding_pence(const dpss_audit *a, size_t i) {
  return finding(a, i) ? a->f[i].pence : 0;
}
size_t dpss_audit_finding_line_count(const dpss_audit *a, size_t i) {
  return finding(a, i) ? a->f[i].n_lines : 0;
}
size_t dpss_audit_finding_line(const dpss_audit *a, size_t i, size_t k) {
  const dpss_finding *f = finding(a, i);
  return f && k < f->n_lines ? a->pool[f->line0 + k] : 0;
}
const char *dpss_audit_finding_because(const dpss_audit *a, size_t i) {
  return finding(a, i) ? a->text + a->f[i].because : "";
}

/* ------------------------------------------------------------------ JSON */

static int cmp_name(const void *x, const void *y) {
  const dpss_acat *const *a = x, *const *b = y;
  return strcmp((*a)->name, (*b)->name);
}

/* The categories with money out, by name. */
static const dpss_acat **sorted_categories(const dpss_audit *a, size_t *n) {
  const dpss_acat **v = dpss__malloc((a->n_cat + 1) * sizeof *v);
  *n = 0;
  if (!v)
    return NULL;
  for (size_t i = 0; i < a->n_cat; i++)
    if (a->cat[i].n)
      v[(*n)++] = &a->cat[i];
  if (*n > 1)
    qsort(v, *n, sizeof *v, cmp_name);
  return v;
}

static void month_text(char buf[8], dpss_date d) {
  char t[DPSS_DATE_BUFSIZE];
  dpss__date_write(t, d);
  memcpy(buf, t, 7);
  buf[7] = '\0';
}

static void finding_json(dpss_sb *sb, const dpss_audit *a, const dpss_finding *f) {
  dpss_sb_puts(sb, "{\"rule\":\"");
  dpss_sb_puts(sb, dpss__finding_rule[f->kind]);
  dpss_sb_puts(sb, "\",\"kind\":\"");
  dpss_sb_puts(sb, dpss__finding_kind_names[f->kind]);
  dpss_sb_puts(sb, "\",\"lines\":[");
  for (size_t k = 0; k < f->n_lines; k++) {
    if (k)
      dpss_sb_putc(sb, ',');
    dpss_sb_int(sb, a->pool[f->line0 + k]);
  }
  dpss_sb_puts(sb, "],\"pence\":");
  dpss_sb_int(sb, f->pence);
  if (f->category >= 0) {
    dpss_sb_puts(sb, ",\"category\":");
    dpss_sb_json_str(sb, a->cat[f->category].name);
  }
  if (f->evidence >= 0) {
    dpss_sb_puts(sb, ",\"evidence\":\"");
    dpss_sb_puts(sb, dpss__evidence_names[f->evidence]);
    dpss_sb_putc(sb, '"');
  }
  if (f->pa[0]) {
    dpss_sb_puts(sb, ",\"pa\":");
    dpss_sb_json_str(sb, f->pa);
  }
  if (f->kind == DPSS_FK_EVIDENCE_MISSING && f->evidence == 4) { /* hmrc: the month */
    char m[8];
    month_text(m, f->date);
    dpss_sb_puts(sb, ",\"month\":\"");
    dpss_sb_puts(sb, m);
    dpss_sb_putc(sb, '"');
  } else if (f->date != DPSS_DATE_NONE) {
    dpss_sb_puts(sb, f->kind == DPSS_FK_EVIDENCE_MISSING && f->evidence == 0 ? ",\"from\":"
                     : f->evidence == 2                                       ? ",\"dbs_checked\":"
                                                                              : ",\"date\":");
    dpss_sb_json_date(sb, f->date);
  }
  if (f->date2 != DPSS_DATE_NONE) {
    dpss_sb_puts(sb, ",\"to\":");
    dpss_sb_json_date(sb, f->date2);
  }
  if (f->expected != DPSS_PENCE_NONE) {
    dpss_sb_puts(sb, ",\"expected_pence\":");
    dpss_sb_int(sb, f->expected);
  }
  dpss_sb_puts(sb, ",\"because\":");
  dpss_sb_json_str(sb, a->text + f->because);
  dpss_sb_putc(sb, '}');
}

int dpss_audit_to_json(const dpss_audit *a, char **out) {
  if (out)
    *out = NULL;
  if (!a || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  size_t nc;
  const dpss_acat **cats = sorted_categories(a, &nc);
  if (!cats)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_reserve(&sb, 1024 + 200 * a->n_f + 12 * a->n_pool);
  dpss_sb_puts(&sb, "{\"id\":");
  dpss_sb_json_str(&sb, a->id);
  dpss_sb_puts(&sb, ",\"from\":");
  dpss_sb_json_date(&sb, a->from);
  dpss_sb_puts(&sb, ",\"to\":");
  dpss_sb_json_date(&sb, a->to);
  dpss_sb_puts(&sb, ",\"outcome\":\"");
  dpss_sb_puts(&sb, dpss__audit_outcome_names[a->outcome]);
  dpss_sb_puts(&sb, "\",\"library_version\":\"" PACKAGE_VERSION "\",\"policy\":");
  dpss__policy_ref_json(&sb, a->policy_id, a->policy_version, a->overrides);
  dpss_sb_puts(&sb, ",\"lines\":");
  dpss_sb_int(&sb, (int64_t)a->n_lines);
  dpss_sb_puts(&sb, ",\"opening_pence\":");
  dpss_sb_int(&sb, a->opening);
  dpss_sb_puts(&sb, ",\"in_pence\":");
  dpss_sb_int(&sb, a->in);
  dpss_sb_puts(&sb, ",\"out_pence\":");
  dpss_sb_int(&sb, a->out);
  dpss_sb_puts(&sb, ",\"closing_pence\":");
  dpss_sb_int(&sb, a->closing);
  dpss_sb_puts(&sb, ",\"council_in_pence\":");
  dpss_sb_int(&sb, a->council_in);
  dpss_sb_puts(&sb, ",\"contribution_due_pence\":");
  dpss_sb_int(&sb, a->contribution_due);
  dpss_sb_puts(&sb, ",\"contribution_in_pence\":");
  dpss_sb_int(&sb, a->contribution_in);
  dpss_sb_puts(&sb, ",\"by_category\":{");
  for (size_t i = 0; i < nc; i++) {
    if (i)
      dpss_sb_putc(&sb, ',');
    dpss_sb_json_str(&sb, cats[i]->name);
    dpss_sb_putc(&sb, ':');
    dpss_sb_int(&sb, cats[i]->pence);
  }
  free(cats);
  dpss_sb_puts(&sb, "},\"surplus\":{\"weekly_pence\":");
  dpss_sb_int(&sb, a->weekly);
  dpss_sb_puts(&sb, ",\"threshold_pence\":");
  dpss_sb_int(&sb, a->threshold);
  dpss_sb_puts(&sb, ",\"owed_pence\":");
  dpss_sb_int(&sb, a->owed);
  dpss_sb_puts(&sb, ",\"available_pence\":");
  dpss_sb_int(&sb, a->available);
  dpss_sb_puts(&sb, ",\"excess_pence\":");
  dpss_sb_int(&sb, a->excess);
  dpss_sb_puts(&sb, "},\"findings\":[");
  for (size_t i = 0; i < a->n_f; i++) {
    if (i)
      dpss_sb_putc(&sb, ',');
    finding_json(&sb, a, &a->f[i]);
  }
  dpss_sb_puts(&sb, "],\"review\":");
  dpss_sb_puts(&sb, a->review ? "true" : "false");
  dpss_sb_puts(&sb, ",\"review_rules\":[");
  static const char *const why[3] = {"R1", "A9", "S3"};
  bool first = true;
  for (int k = 0; k < 3; k++)
    if (a->review_rules & (1u << k)) {
      dpss_sb_puts(&sb, first ? "\"" : ",\"");
      dpss_sb_puts(&sb, why[k]);
      dpss_sb_putc(&sb, '"');
      first = false;
    }
  dpss_sb_puts(&sb, "],\"rules\":[");
  first = true;
  for (int k = 0; k < DPSS_AR_COUNT_; k++)
    if (a->rules & (1u << k)) {
      dpss_sb_puts(&sb, first ? "\"" : ",\"");
      dpss_sb_puts(&sb, dpss__audit_rule_ids[k]);
      dpss_sb_putc(&sb, '"');
      first = false;
    }
  dpss_sb_puts(&sb, "]}");
  return dpss_sb_finish(&sb, out);
}

/* ------------------------------------------------------------------- CSV */

static void csv_field(dpss_sb *sb, const char *s) {
  bool quote = strpbrk(s, ",\"\r\n") != NULL;
  if (!quote) {
    dpss_sb_puts(sb, s);
    return;
  }
  dpss_sb_putc(sb, '"');
  for (; *s; s++) {
    if (*s == '"')
      dpss_sb_putc(sb, '"');
    dpss_sb_putc(sb, *s);
  }
  dpss_sb_putc(sb, '"');
}

int dpss_audit_findings_to_csv(const dpss_audit *a, int header, char **out) {
  if (out)
    *out = NULL;
  if (!a || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  if (header)
    dpss_sb_puts(&sb, "id,rule,kind,lines,pence,because\r\n");
  for (size_t i = 0; i < a->n_f; i++) {
    const dpss_finding *f = &a->f[i];
    csv_field(&sb, a->id);
    dpss_sb_putc(&sb, ',');
    dpss_sb_puts(&sb, dpss__finding_rule[f->kind]);
    dpss_sb_putc(&sb, ',');
    dpss_sb_puts(&sb, dpss__finding_kind_names[f->kind]);
    dpss_sb_putc(&sb, ',');
    for (size_t k = 0; k < f->n_lines; k++) {
      if (k)
        dpss_sb_putc(&sb, ' ');
      dpss_sb_int(&sb, a->pool[f->line0 + k]);
    }
    dpss_sb_putc(&sb, ',');
    dpss_sb_int(&sb, f->pence);
    dpss_sb_putc(&sb, ',');
    csv_field(&sb, a->text + f->because);
    dpss_sb_puts(&sb, "\r\n");
  }
  return dpss_sb_finish(&sb, out);
}

/* ---------------------------------------------------------------- record */

int dpss_audit_record(const dpss_audit *a, dpss_recipient *r) {
  if (!a || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if (strcmp(a->id, r->id) != 0)
    return dpss__fail(DPSS_ECONFLICT, "id", "the audit is of another recipient");
  /* A8: the contract's last_audit and last_audit_outcome follow too, when
   * this is the latest audit, so a record written back says it itself. The
   * audit they held, if audits[] does not hold it, joins audits[] first:
   * its outcome still counts (a misuse it found calls for a review, R1). */
  dpss_date latest = dpss__last_audit(r, NULL), held = r->dates[DPSS_DATE_LAST_AUDIT];
  bool moves = latest == DPSS_DATE_NONE || a->to >= latest;
  bool keep = moves && held != a->to && r->last_audit_outcome >= 0 && dpss__last_audit_unlisted(r);
  size_t n_before = r->n_audits;
  int rc = keep ? dpss_recipient_add_audit(r, held, (dpss_audit_outcome)r->last_audit_outcome)
                : DPSS_OK;
  if (rc == DPSS_OK)
    rc = dpss_recipient_add_audit(r, a->to, (dpss_audit_outcome)a->outcome);
  if (rc != DPSS_OK) {
    r->n_audits = n_before; /* nothing changes */
    return rc;
  }
  if (moves) {
    r->dates[DPSS_DATE_LAST_AUDIT] = a->to;
    r->last_audit_outcome = (int8_t)a->outcome;
  }
  return DPSS_OK;
}
