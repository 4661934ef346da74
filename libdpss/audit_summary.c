/* SPDX-License-Identifier: MIT */
/* A summary over many audits: outcomes, findings by kind, money by
 * category, surpluses and reviews. See dpss/audit.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"

typedef struct sum_cat {
  char *name;
  int64_t pence;
} sum_cat;

struct dpss_audit_summary {
  uint64_t audits, unaudited, outcomes[3], reviews, surplus_accounts, lines;
  uint64_t kind_count[DPSS_FK_COUNT_];
  int64_t kind_pence[DPSS_FK_COUNT_];
  int64_t in, out, excess;
  sum_cat *cat;
  size_t n_cat, cap_cat;
};

int dpss_audit_summary_new(dpss_audit_summary **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = dpss__calloc(1, sizeof **out);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

void dpss_audit_summary_free(dpss_audit_summary *s) {
  if (!s)
    return;
  for (size_t i = 0; i < s->n_cat; i++)
    free(s->cat[i].name);
  free(s->cat);
  free(s);
}

static int find(const dpss_audit_summary *s, const char *name) {
  for (size_t i = 0; i < s->n_cat; i++)
    if (strcmp(s->cat[i].name, name) == 0)
      return (int)i;
  return -1;
}

/* Add the money of named categories; all or nothing. */
static int add_categories(dpss_audit_summary *s, const char *const *names, const int64_t *pence,
                          size_t n) {
  /* First make room and check every sum; then change. */
  size_t fresh = 0;
  for (size_t i = 0; i < n; i++) {
    int k = find(s, names[i]);
    int64_t t;
    if (k < 0)
      fresh++;
    else if (__builtin_add_overflow(s->cat[k].pence, pence[i], &t))
      return dpss__fail(DPSS_EOVERFLOW, "by_category", "total out of range");
  }
  if (s->n_cat + fresh > s->cap_cat) {
    size_t cap = s->cap_cat ? s->cap_cat : 16;
    while (cap < s->n_cat + fresh)
      cap *= 2;
    sum_cat *c = dpss__realloc(s->cat, cap * sizeof *c);
    if (!c)
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    s->cat = c;
    s->cap_cat = cap;
  }
  char **copies = fresh ? dpss__calloc(fresh, sizeof *copies) : NULL;
  if (fresh && !copies)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  size_t made = 0;
  for (size_t i = 0; i < n; i++)
    if (find(s, names[i]) < 0) {
      bool dup = false;
      for (size_t j = 0; j < i; j++)
        dup |= strcmp(names[j], names[i]) == 0;
      if (dup)
        continue;
      if (!(copies[made++] = dpss__strdup(names[i]))) {
        for (size_t j = 0; j < made; j++)
          free(copies[j]);
        free(copies);
        return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
      }
    }
  made = 0;
  for (size_t i = 0; i < n; i++) {
    int k = find(s, names[i]);
    if (k < 0) {
      s->cat[s->n_cat].name = copies[made++];
      s->cat[s->n_cat].pence = 0;
      k = (int)s->n_cat++;
    }
    s->cat[k].pence += pence[i];
  }
  free(copies);
  return DPSS_OK;
}

typedef struct totals {
  int64_t in, out, excess, kind_pence[DPSS_FK_COUNT_];
} totals;

static int add_totals(totals *t, const totals *x) {
  bool o = __builtin_add_overflow(t->in, x->in, &t->in) |
           __builtin_add_overflow(t->out, x->out, &t->out) |
           __builtin_add_overflow(t->excess, x->excess, &t->excess);
  for (int k = 0; k < DPSS_FK_COUNT_; k++)
    o |= __builtin_add_overflow(t->kind_pence[k], x->kind_pence[k], &t->kind_pence[k]);
  return o ? dpss__fail(DPSS_EOVERFLOW, "summary", "total out of range") : DPSS_OK;
}

static totals totals_of(const dpss_audit_summary *s) {
  totals t = {s->in, s->out, s->excess, {0}};
  memcpy(t.kind_pence, s->kind_pence, sizeof t.kind_pence);
  return t;
}

static void put_totals(dpss_audit_summary *s, const totals *t) {
  s->in = t->in;
  s->out = t->out;
  s->excess = t->excess;
  memcpy(s->kind_pence, t->kind_pence, sizeof s->kind_pence);
}

int dpss_audit_summary_add(dpss_audit_summary *s, const dpss_audit *a) {
  if (!s || !a)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  totals t = totals_of(s), x = {a->in, a->out, a->excess, {0}};
  for (size_t i = 0; i < a->n_f; i++) {
    int64_t p = a->f[i].pence < 0 ? -a->f[i].pence : a->f[i].pence;
    if (__builtin_add_overflow(x.kind_pence[a->f[i].kind], p, &x.kind_pence[a->f[i].kind]))
      return dpss__fail(DPSS_EOVERFLOW, "summary", "total out of range");
  }
  int rc = add_totals(&t, &x);
  if (rc)
    return rc;
  const char **names = dpss__malloc((a->n_cat + 1) * sizeof *names);
  int64_t *pence = dpss__malloc((a->n_cat + 1) * sizeof *pence);
  size_t n = 0;
  if (!names || !pence) {
    free(names);
    free(pence);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  for (size_t i = 0; i < a->n_cat; i++)
    if (a->cat[i].n) {
      names[n] = a->cat[i].name;
      pence[n++] = a->cat[i].pence;
    }
  rc = add_categories(s, names, pence, n);
  free(names);
  free(pence);
  if (rc)
    return rc;
  put_totals(s, &t);
  s->audits++;
  s->lines += a->n_lines;
  s->outcomes[a->outcome]++;
  s->reviews += a->review;
  s->surplus_accounts += a->excess > 0;
  for (size_t i = 0; i < a->n_f; i++)
    s->kind_count[a->f[i].kind]++;
  return DPSS_OK;
}

int dpss_audit_summary_add_unaudited(dpss_audit_summary *s) {
  if (!s)
    return dpss__fail(DPSS_EINVAL, NULL, "summary is NULL");
  s->unaudited++;
  return DPSS_OK;
}

int dpss_audit_summary_merge(dpss_audit_summary *into, const dpss_audit_summary *from) {
  if (!into || !from || into == from)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL or the same summary twice");
  totals t = totals_of(into), x = totals_of(from);
  int rc = add_totals(&t, &x);
  if (rc)
    return rc;
  const char **names = dpss__malloc((from->n_cat + 1) * sizeof *names);
  int64_t *pence = dpss__malloc((from->n_cat + 1) * sizeof *pence);
  if (!names || !pence) {
    free(names);
    free(pence);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  for (size_t i = 0; i < from->n_cat; i++) {
    names[i] = from->cat[i].name;
    pence[i] = from->cat[i].pence;
  }
  rc = add_categories(into, names, pence, from->n_cat);
  free(names);
  free(pence);
  if (rc)
    return rc;
  put_totals(into, &t);
  into->audits += from->audits;
  into->unaudited += from->unaudited;
  into->lines += from->lines;
  into->reviews += from->reviews;
  into->surplus_accounts += from->surplus_accounts;
  for (int k = 0; k < 3; k++)
    into->outcomes[k] += from->outcomes[k];
  for (int k = 0; k < DPSS_FK_COUNT_; k++)
    into->kind_count[k] += from->kind_count[k];
  return DPSS_OK;
}

uint64_t dpss_audit_summary_count(const dpss_audit_summary *s) { return s ? s->audits : 0; }

static int cmp_cat(const void *x, const void *y) {
  return strcmp(((const sum_cat *)x)->name, ((const sum_cat *)y)->name);
}

static sum_cat *sorted(const dpss_audit_summary *s) {
  sum_cat *v = dpss__malloc((s->n_cat + 1) * sizeof *v);
  if (v && s->n_cat) {
    memcpy(v, s->cat, s->n_cat * sizeof *v);
    if (s->n_cat > 1)
      qsort(v, s->n_cat, sizeof *v, cmp_cat);
  }
  return v;
}

int dpss_audit_summary_to_json(const dpss_audit_summary *s, char **out) {
  if (out)
    *out = NULL;
  if (!s || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  sum_cat *cats = sorted(s);
  if (!cats)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "{\"audits\":");
  dpss_sb_int(&sb, (int64_t)s->audits);
  dpss_sb_puts(&sb, ",\"unaudited\":");
  dpss_sb_int(&sb, (int64_t)s->unaudited);
  dpss_sb_puts(&sb, ",\"lines\":");
  dpss_sb_int(&sb, (int64_t)s->lines);
  dpss_sb_puts(&sb, ",\"outcomes\":{");
  for (int k = 0; k < 3; k++) {
    dpss_sb_puts(&sb, k ? ",\"" : "\"");
    dpss_sb_puts(&sb, dpss__audit_outcome_names[k]);
    dpss_sb_puts(&sb, "\":");
    dpss_sb_int(&sb, (int64_t)s->outcomes[k]);
  }
  dpss_sb_puts(&sb, "},\"findings\":{");
  for (int k = 0; k < DPSS_FK_COUNT_; k++) {
    dpss_sb_puts(&sb, k ? ",\"" : "\"");
    dpss_sb_puts(&sb, dpss__finding_kind_names[k]);
    dpss_sb_puts(&sb, "\":{\"count\":");
    dpss_sb_int(&sb, (int64_t)s->kind_count[k]);
    dpss_sb_puts(&sb, ",\"pence\":");
    dpss_sb_int(&sb, s->kind_pence[k]);
    dpss_sb_putc(&sb, '}');
  }
  dpss_sb_puts(&sb, "},\"by_category\":{");
  for (size_t i = 0; i < s->n_cat; i++) {
    if (i)
      dpss_sb_putc(&sb, ',');
    dpss_sb_json_str(&sb, cats[i].name);
    dpss_sb_putc(&sb, ':');
    dpss_sb_int(&sb, cats[i].pence);
  }
  free(cats);
  dpss_sb_puts(&sb, "},\"in_pence\":");
  dpss_sb_int(&sb, s->in);
  dpss_sb_puts(&sb, ",\"out_pence\":");
  dpss_sb_int(&sb, s->out);
  dpss_sb_puts(&sb, ",\"surplus\":{\"accounts\":");
  dpss_sb_int(&sb, (int64_t)s->surplus_accounts);
  dpss_sb_puts(&sb, ",\"excess_pence\":");
  dpss_sb_int(&sb, s->excess);
  dpss_sb_puts(&sb, "},\"reviews\":");
  dpss_sb_int(&sb, (int64_t)s->reviews);
  dpss_sb_putc(&sb, '}');
  return dpss_sb_finish(&sb, out);
}

static void row(dpss_sb *sb, const char *label, const char *value) {
  dpss_sb_printf(sb, "  %-34s %16s\n", label, value);
}

static void row_int(dpss_sb *sb, const char *label, uint64_t v) {
  char buf[24];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
  row(sb, label, buf);
}

static void row_money(dpss_sb *sb, const char *label, int64_t pence) {
  char buf[40];
  dpss__money_text(buf, pence);
  row(sb, label, buf);
}

int dpss_audit_summary_to_text(const dpss_audit_summary *s, char **out) {
  if (out)
    *out = NULL;
  if (!s || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  sum_cat *cats = sorted(s);
  if (!cats)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_puts(&sb, "Account audits (A1-A9)\n");
  row_int(&sb, "accounts audited", s->audits);
  row_int(&sb, "accounts not audited", s->unaudited);
  row_int(&sb, "statement lines", s->lines);
  dpss_sb_puts(&sb, "Outcomes\n");
  for (int k = 0; k < 3; k++)
    row_int(&sb, dpss__audit_outcome_names[k], s->outcomes[k]);
  dpss_sb_puts(&sb, "Findings by kind (count, money)\n");
  for (int k = 0; k < DPSS_FK_COUNT_; k++) {
    char label[64], money[40];
    dpss__money_text(money, s->kind_pence[k]);
    snprintf(label, sizeof label, "%s (%s)", dpss__finding_kind_names[k], dpss__finding_rule[k]);
    dpss_sb_printf(&sb, "  %-34s %6llu %16s\n", label, (unsigned long long)s->kind_count[k],
                   money);
  }
  dpss_sb_puts(&sb, "Money out by category\n");
  for (size_t i = 0; i < s->n_cat; i++)
    row_money(&sb, cats[i].name, cats[i].pence);
  free(cats);
  dpss_sb_puts(&sb, "Totals\n");
  row_money(&sb, "money in", s->in);
  row_money(&sb, "money out", s->out);
  row_int(&sb, "accounts with a surplus (A7)", s->surplus_accounts);
  row_money(&sb, "total surplus to recover", s->excess);
  row_int(&sb, "reviews called for", s->reviews);
  return dpss_sb_finish(&sb, out);
}
