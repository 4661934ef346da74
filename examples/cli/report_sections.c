/* SPDX-License-Identifier: MIT */
/* The sections of dpss report's page, one function each (the layout and
 * table helpers they share are in report_page.c). */
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const struct flip_field {
  const char *path, *words, *rules;
} flip_fields[] = {
    {"eligibility.status", "Eligibility", "E1-E4, E6"},
    {"eligibility.via", "Through whom (self or authorised person)", "E2, E3"},
    {"eligibility.household_family_payment", "Household family payment", "E5"},
    {"money.recommended_method", "Recommended way to hold the money", "P3"},
    {"money.accredited_provider_required", "Accredited provider required", "P2"},
    {"tier.tier", "Support tier", "T1, T2"},
    {"tier.ends", "End of start-up support", "T4"},
    {"surplus.excess_pence", "Surplus amount", "S1"},
    {"surplus.reclaim", "Surplus to reclaim", "S1"},
    {"surplus.review", "Review of needs for a surplus", "S3"},
    {"surplus.recover_from", "Date recovery starts", "S4"},
    {"escalations", "Issues escalated to a care manager", "T3"},
    {"review_due", "Next review date", "R1"},
    {"audit_due", "Next audit date", "R2"},
    {"extra_review", "Extra review needed now", "R1"},
};

void section_flips(struct buf *b, const struct report *r) {
  const json_t *c = r->cmp_json, *flips = json_object_get(c, "flips");
  char t[NUM_BUFSIZE], t2[NUM_BUFSIZE];
  const char *cats[ARRAY_LEN(flip_fields)];
  char names[ARRAY_LEN(flip_fields)][96];
  int64_t v[ARRAY_LEN(flip_fields)];
  size_t n = 0;
  for (size_t i = 0; i < ARRAY_LEN(flip_fields); i++) {
    int64_t k = json_integer_value(json_object_get(flips, flip_fields[i].path));
    if (k > 0) {
      cats[n] = names[n];
      snprintf(names[n], sizeof names[n], "%s (%s)", flip_fields[i].words, flip_fields[i].rules);
      v[n++] = k;
    }
  }
  section_open(b, "flips", "What the alternative policy changes");
  lead_open(b);
  buf_printf(b, "Under the alternative, <strong>%s of %s</strong> recipients get a different "
                "decision. The chart counts the recipients whose decision changes in each part; "
                "one recipient can change in several.",
             fmt_count(t, cnt(c, "changed")), fmt_count(t2, cnt(c, "recipients")));
  lead_close(b);
  buf_puts(b, "<div class=\"panel\">");
  if (n) {
    struct series s = {"recipients", C_PURPLE};
    struct chart ch = {"Decisions that flip, by part of the decision", "recipients", NULL, n,
                       cats, 1, &s, v, NULL, NULL, false, false, U_COUNT, 0, 0, NULL};
    svg_bars(b, &ch);
  } else {
    buf_puts(b, "<p>No decision changes.</p>");
  }
  const char *mheads[] = {"Money", "Before", "After", "Change"};
  table_start(b, "Money moved", 4, mheads);
  const json_t *money = json_object_get(c, "money");
  static const char *const keys[3][2] = {{"to_reclaim", "Surpluses to reclaim (S1)"},
                                         {"council_payments", "Council payments (B2-B4)"},
                                         {"contributions", "Contributions (B2)"}};
  for (int i = 0; i < 3; i++) {
    const json_t *m = json_object_get(money, keys[i][0]);
    if (!m)
      continue;
    int64_t mv[2] = {num(m, "before_pence"), num(m, "after_pence")};
    vrow(b, r, keys[i][1], mv, U_PENCE, false);
  }
  int64_t rc[2] = {cnt(c, "reclaims.before"), cnt(c, "reclaims.after")};
  vrow(b, r, "Recipients with a surplus to reclaim", rc, U_COUNT, false);
  table_end(b);
  const char *aheads[] = {"Support tier (base policy)", "Recipients affected"};
  table_start(b, "Who is affected", 2, aheads);
  static const char *const tiers[4][2] = {{"start_up", "Start-up"},
                                          {"issue_based", "Issue-based"},
                                          {"none", "None (not eligible)"},
                                          {"undetermined", "Undetermined"}};
  for (int i = 0; i < 4; i++) {
    char path[64];
    snprintf(path, sizeof path, "affected_by_tier.%s", tiers[i][0]);
    table_row(b, tiers[i][1]);
    table_cell(b, fmt_count(t, cnt(c, path)), NULL);
    table_row_end(b);
  }
  table_end(b);
  panel_close(b);
  tables_open(b);
  const char *heads[] = {"Part of the decision (rules; field)", "Recipients"};
  table_start(b, "Decisions that flip", 2, heads);
  for (size_t i = 0; i < ARRAY_LEN(flip_fields); i++) {
    json_int_t k = json_integer_value(json_object_get(flips, flip_fields[i].path));
    if (!k)
      continue;
    buf_puts(b, "<tr><th scope=\"row\">");
    html_escf(b, "%s (%s)", flip_fields[i].words, flip_fields[i].rules);
    buf_puts(b, "<br><code>");
    html_esc(b, flip_fields[i].path);
    buf_puts(b, "</code></th>");
    table_cell(b, fmt_count(t, k), NULL);
    table_row_end(b);
  }
  buf_puts(b, "<tr class=\"total\"><th scope=\"row\">Recipients whose decision changes</th>");
  table_cell(b, fmt_count(t, cnt(c, "changed")), NULL);
  table_row_end(b);
  table_end(b);
  if (n < ARRAY_LEN(flip_fields))
    buf_puts(b, "<p class=\"note\">No other part of the decision changes.</p>\n");
  tables_close(b);
  char more[160];
  snprintf(more, sizeof more, "Payments and contributions dated from %s to %s.",
           fmt_date(t, r->from), fmt_date(t2, r->to));
  caption(b, r, "as each part's rules; the comparison counts a field when its value differs "
                "between the two decisions of the same recipient on the same date",
          NULL, r->from != DPSS_DATE_NONE ? more : NULL);
}

void section_mix(struct buf *b, const struct report *r) {
  static const char *const elig[3][3] = {{"eligible", "Eligible", C_GREEN},
                                         {"not_eligible", "Not eligible", C_RED},
                                         {"undetermined", "Undetermined (facts missing)", C_GREY}};
  static const char *const tier[4][3] = {{"start_up", "Start-up", C_BLUE},
                                         {"issue_based", "Issue-based", C_SKY},
                                         {"none", "None (not eligible)", C_RED},
                                         {"undetermined", "Undetermined", C_GREY}};
  int64_t v[2][7];
  char path[64], t[NUM_BUFSIZE];
  for (int k = 0; k < r->n_sides; k++)
    for (int i = 0; i < 7; i++) {
      snprintf(path, sizeof path, i < 3 ? "eligibility.%s" : "tier.%s",
               i < 3 ? elig[i][0] : tier[i - 3][0]);
      v[k][i] = cnt(r->side[k].sum, path);
    }
  bool both = !same(r, v[0], v[1], sizeof v[0]);
  int64_t total = cnt(r->side[0].sum, "recipients");
  section_open(b, "eligibility", "Eligibility and support tier");
  lead_open(b);
  int last = r->n_sides - 1;
  buf_printf(b, "<strong>%s</strong> of the recipients are eligible for a direct payment",
             fmt_percent(t, ratio_bp(v[last][0], total)));
  buf_printf(b, "; %s are in start-up support and %s in issue-based support.",
             fmt_count(path, v[last][3]), fmt_count(t, v[last][4]));
  lead_close(b);
  for (int k = 0; k < (both ? 2 : 1); k++) {
    struct segment se[3], st[4];
    for (int i = 0; i < 3; i++)
      se[i] = (struct segment){elig[i][1], v[k][i], elig[i][2]};
    for (int i = 0; i < 4; i++)
      st[i] = (struct segment){tier[i][1], v[k][3 + i], tier[i][2]};
    struct mix_row rows[2] = {{"Eligibility (E1-E4, E6)", 3, se}, {"Support tier (T1, T2, T4)", 4, st}};
    panel_open(b, r, k, both);
    svg_mix(b, "Eligibility and support tier of the recipients", 2, rows);
    panel_close(b);
  }
  tables_open(b);
  struct report one;
  const struct report *tr = table_sides(r, both, &one);
  vtable_start(b, tr, "Recipients by eligibility and tier", "Category", "Recipients");
  for (int i = 0; i < 7; i++) {
    int64_t x[2] = {v[0][i], v[last][i]};
    char head[96];
    snprintf(head, sizeof head, "%s: %s", i < 3 ? "Eligibility" : "Tier",
             i < 3 ? elig[i][1] : tier[i - 3][1]);
    vrow(b, tr, head, x, U_COUNT, false);
  }
  int64_t all[2] = {total, total};
  vrow(b, tr, "All recipients", all, U_COUNT, true);
  table_end(b);
  tables_close(b);
  static const char *const params[] = {"startup_max_months", NULL};
  caption(b, r, "E1-E4, E6 (eligibility: capacity, consent, an authorised person, excluding "
                "orders; undetermined when a missing fact could change it); T1, T2, T4 (the "
                "support tier and how long start-up lasts)",
          params, NULL);
}

void section_surplus(struct buf *b, const struct report *r) {
  int64_t v[2][N_BANDS];
  char t[NUM_BUFSIZE], t2[NUM_BUFSIZE];
  for (int k = 0; k < r->n_sides; k++)
    for (int i = 0; i < N_BANDS; i++)
      v[k][i] = (int64_t)r->side[k].band[i];
  bool both = !same(r, v[0], v[1], sizeof v[0]);
  int last = r->n_sides - 1;
  const json_t *s = r->side[last].sum;
  section_open(b, "surplus", "Surpluses to reclaim");
  lead_open(b);
  buf_printf(b, "<strong>%s</strong> recipients hold more than the policy allows; "
                "<strong>%s</strong> in all is to be reclaimed.",
             fmt_count(t, cnt(s, "surplus.count")),
             fmt_pounds(t2, num(s, "surplus.total_excess_pence")));
  lead_close(b);
  const char *cats[N_BANDS];
  char names[N_BANDS][48];
  for (int i = 0; i < N_BANDS; i++) {
    /* "£100 to £500" on two lines under its column. */
    snprintf(names[i], sizeof names[i], "%s", band_name[i]);
    char *sp = strstr(names[i], " to ");
    if (!sp)
      sp = strstr(names[i], " or ");
    if (sp)
      *sp = '\n', memmove(sp + 1, sp + 1, strlen(sp + 1) + 1);
    cats[i] = names[i];
  }
  struct series se = {"recipients", C_ORANGE};
  int64_t max = 0;
  for (int k = 0; k < r->n_sides; k++)
    for (int i = 0; i < N_BANDS; i++)
      max = v[k][i] > max ? v[k][i] : max;
  for (int k = 0; k < (both ? 2 : 1); k++) {
    struct chart ch = {"Surpluses to reclaim by amount", "amount to reclaim", "recipients",
                       N_BANDS, cats, 1, &se, v[k], NULL, NULL, false, false, U_COUNT, max, 0,
                       NULL};
    panel_open(b, r, k, both);
    svg_columns(b, &ch);
    panel_close(b);
  }
  tables_open(b);
  struct report one;
  const struct report *tr = table_sides(r, both, &one);
  vtable_start(b, tr, "Surpluses to reclaim by amount", "Amount to reclaim", "Recipients");
  for (int i = 0; i < N_BANDS; i++) {
    int64_t x[2] = {v[0][i], v[last][i]};
    vrow(b, tr, band_name[i], x, U_COUNT, false);
  }
  vrow_json(b, tr, "All surpluses", J_SUM, "surplus.count", U_COUNT, true);
  vrow_json(b, tr, "Total to reclaim", J_SUM, "surplus.total_excess_pence", U_PENCE, true);
  vrow_json(b, tr, "Reviews of needs for a surplus (S3)", J_SUM, "surplus.reviews", U_COUNT,
            false);
  table_end(b);
  tables_close(b);
  static const char *const params[] = {"surplus_threshold_weeks", "surplus_triggers_review", NULL};
  caption(b, r, "S1 (a surplus is the balance, less money owed, above surplus_threshold_weeks "
                "times the weekly amount of every funding stream); S3 (a surplus calls for a "
                "review of needs)",
          params, "Bands count recipients; amounts per band are not shown, so that no "
                  "one person's balance can be read from the page.");
}

void section_due(struct buf *b, const struct report *r) {
  int64_t v[2][(N_MONTHS + 1) * 2];
  const char *cats[N_MONTHS + 1];
  char names[N_MONTHS + 1][NUM_BUFSIZE], t[4][NUM_BUFSIZE];
  for (int k = 0; k < r->n_sides; k++)
    for (int i = 0; i <= N_MONTHS; i++) {
      v[k][i * 2] = (int64_t)r->side[k].review[i];
      v[k][i * 2 + 1] = (int64_t)r->side[k].audit[i];
    }
  cats[0] = "due now\nor\noverdue";
  for (int i = 1; i <= N_MONTHS; i++) {
    fmt_month(names[i], r->month[i - 1]); /* "Nov 2026" -> "Nov" over "2026" */
    names[i][3] = '\n';
    cats[i] = names[i];
  }
  const struct side *s0 = &r->side[0], *s1 = &r->side[r->n_sides - 1];
  bool both = !same(r, s0->review, s1->review, sizeof s0->review) ||
              !same(r, s0->audit, s1->audit, sizeof s0->audit);
  section_open(b, "due", "Reviews and audits due, month by month");
  lead_open(b);
  int64_t rv = 0, au = 0;
  for (int i = 1; i <= N_MONTHS; i++) {
    rv += (int64_t)s1->review[i];
    au += (int64_t)s1->audit[i];
  }
  buf_printf(b, "<strong>%s</strong> reviews and <strong>%s</strong> audits are due now or "
                "overdue; %s reviews and %s audits fall due in the next 12 months.",
             fmt_count(t[0], (int64_t)s1->review[DUE_NOW]),
             fmt_count(t[1], (int64_t)s1->audit[DUE_NOW]), fmt_count(t[2], rv),
             fmt_count(t[3], au));
  lead_close(b);
  struct series se[2] = {{"reviews (R1)", C_BLUE}, {"audits of managed accounts (R2)", C_ORANGE}};
  int64_t max = 0;
  for (int k = 0; k < r->n_sides; k++)
    for (int i = 0; i < (N_MONTHS + 1) * 2; i++)
      max = v[k][i] > max ? v[k][i] : max;
  for (int k = 0; k < (both ? 2 : 1); k++) {
    struct chart ch = {"Reviews and audits due by month", "month due", "recipients",
                       N_MONTHS + 1, cats, 2, se, v[k], NULL, NULL, false, false, U_COUNT, max,
                       0, NULL};
    panel_open(b, r, k, both);
    svg_columns(b, &ch);
    panel_close(b);
  }
  tables_open(b);
  struct report one;
  const struct report *tr = table_sides(r, both, &one);
  static const char *const whats[] = {"Reviews (R1)", "Audits (R2)"};
  mtable_start(b, tr, "Reviews and audits due", "Month due", 2, whats);
  for (int i = 0; i < DUE_COUNT_; i++) {
    char head[NUM_BUFSIZE];
    if (i == DUE_NOW)
      snprintf(head, sizeof head, "due now or overdue");
    else if (i == DUE_LATER)
      snprintf(head, sizeof head, "later");
    else if (i == DUE_NONE)
      snprintf(head, sizeof head, "no date (no first payment; not a managed account)");
    else
      fmt_month(head, r->month[i - 1]);
    int64_t x[4] = {(int64_t)s0->review[i], (int64_t)s1->review[i], (int64_t)s0->audit[i],
                    (int64_t)s1->audit[i]};
    mrow(b, tr, head, 2, x, U_COUNT, false);
  }
  table_end(b);
  tables_close(b);
  static const char *const params[] = {"first_review_months", "review_interval_months",
                                       "first_audit_months", "audit_interval_months", NULL};
  caption(b, r, "R1 (the first review after the first payment, then at every interval; an extra "
                "review when something happens); R2 (audits of managed accounts)",
          params, "A month counts the dates after the as-of date that fall in it.");
}

void section_escalations(struct buf *b, const struct report *r) {
  int64_t v[2][N_AGES * 2];
  const char *cats[N_AGES];
  char t[NUM_BUFSIZE], t2[NUM_BUFSIZE];
  for (int k = 0; k < r->n_sides; k++)
    for (int i = 0; i < N_AGES; i++) {
      v[k][i * 2] = (int64_t)r->side[k].age[i][0];
      v[k][i * 2 + 1] = (int64_t)r->side[k].age[i][1];
    }
  for (int i = 0; i < N_AGES; i++)
    cats[i] = age_name[i];
  bool both = !same(r, v[0], v[1], sizeof v[0]);
  int last = r->n_sides - 1;
  const json_t *s = r->side[last].sum;
  section_open(b, "escalations", "Open issues by days open, and escalations");
  lead_open(b);
  buf_printf(b, "Of <strong>%s</strong> open issues, <strong>%s</strong> have been open longer "
                "than the policy allows and go to a care manager for review.",
             fmt_count(t, cnt(s, "open_issues")), fmt_count(t2, cnt(s, "escalations")));
  lead_close(b);
  struct series se[2] = {{"within the limit", C_SKY}, {"escalated to a care manager (T3)", C_RED}};
  int64_t max = 0;
  for (int k = 0; k < r->n_sides; k++)
    for (int i = 0; i < N_AGES; i++)
      max = v[k][2 * i] + v[k][2 * i + 1] > max ? v[k][2 * i] + v[k][2 * i + 1] : max;
  for (int k = 0; k < (both ? 2 : 1); k++) {
    struct chart ch = {"Open issues by days open", "days open", "open issues", N_AGES, cats, 2,
                       se, v[k], NULL, NULL, true, false, U_COUNT, max, 0, NULL};
    panel_open(b, r, k, both);
    svg_columns(b, &ch);
    panel_close(b);
  }
  tables_open(b);
  struct report one;
  const struct report *tr = table_sides(r, both, &one);
  static const char *const whats[] = {"Open issues", "Escalated (T3)"};
  mtable_start(b, tr, "Open issues by days open", "Days open", 2, whats);
  int64_t tot[4] = {0, 0, 0, 0};
  for (int i = 0; i < N_AGES; i++) {
    int64_t x[4] = {v[0][2 * i] + v[0][2 * i + 1], v[last][2 * i] + v[last][2 * i + 1],
                    v[0][2 * i + 1], v[last][2 * i + 1]};
    for (int m = 0; m < 4; m++)
      tot[m] += x[m];
    mrow(b, tr, age_name[i], 2, x, U_COUNT, false);
  }
  mrow(b, tr, "All", 2, tot, U_COUNT, true);
  table_end(b);
  tables_close(b);
  static const char *const params[] = {"issue_escalation_days", NULL};
  caption(b, r, "T3 (an issue open more than issue_escalation_days needs a care manager review)",
          params, "Days open are counted to the as-of date.");
}

