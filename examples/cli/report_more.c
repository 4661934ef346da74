/* SPDX-License-Identifier: MIT */
/* The sections of dpss report's page that come from the information-sharing
 * return, the payments, the framework and the network: uptake, payments by
 * month, spend against the caps and market shares. */
#include <stdlib.h>
#include <string.h>

#include "report.h"

void section_uptake(struct buf *b, const struct report *r) {
  char t[4][NUM_BUFSIZE];
  int last = r->n_sides - 1;
  const json_t *up[2] = {json_object_get(r->side[0].rtn, "uptake"),
                         json_object_get(r->side[last].rtn, "uptake")};
  bool both = r->n_sides > 1 && !json_equal(up[0], up[1]);
  section_open(b, "uptake", "Direct-payment uptake against the target");
  lead_open(b);
  int64_t holders = cnt(up[1], "personal_budget_holders");
  bool met = json_is_true(json_object_get(up[1], "met"));
  if (holders)
    buf_printf(b, "<strong>%s</strong> of the %s personal-budget holders take it as a direct "
                  "payment, against a target of %lld%%: <strong>%s</strong>.",
               fmt_percent(t[0], cnt(up[1], "basis_points")), fmt_count(t[1], holders),
               (long long)cnt(up[1], "target_percent"), met ? "met" : "not met");
  else
    buf_puts(b, "No recipient has a personal budget recorded "
                "(<code>personal_budget_weekly_pence</code>), so uptake cannot be measured.");
  buf_printf(b, " From the information-sharing return for %s to %s.", fmt_date(t[2], r->ret_from),
             fmt_date(t[3], r->ret_to));
  lead_close(b);
  for (int k = 0; k < (both ? 2 : 1); k++) {
    const json_t *u = up[k];
    int64_t v = cnt(u, "basis_points"), target = cnt(u, "target_percent") * 100;
    char label[128], target_label[64];
    snprintf(label, sizeof label, "%s of %s", fmt_percent(t[0], v),
             fmt_count(t[1], cnt(u, "personal_budget_holders")));
    snprintf(target_label, sizeof target_label, "target %s", fmt_percent(t[2], target));
    const char *cats[] = {"uptake"}, *labels[] = {label};
    const char *colours[] = {json_is_true(json_object_get(u, "met")) ? C_GREEN : C_RED};
    struct series se = {"uptake", C_GREEN};
    struct ref_line ref = {target, target_label, C_INK};
    struct chart ch = {"Direct-payment uptake against the target",
                       "share of personal-budget holders taking a direct payment",
                       NULL,
                       1,
                       cats,
                       1,
                       &se,
                       &v,
                       labels,
                       colours,
                       false,
                       true,
                       U_BP,
                       10000,
                       1,
                       &ref};
    panel_open(b, r, k, both);
    if (cnt(u, "personal_budget_holders"))
      svg_bars(b, &ch);
    else
      buf_puts(b, "<p class=\"note\">No personal-budget holders: no uptake to show.</p>");
    panel_close(b);
  }
  tables_open(b);
  struct report one;
  const struct report *all = r;
  r = table_sides(r, r->n_sides > 1 && !json_equal(r->side[0].rtn, r->side[1].rtn), &one);
  vtable_start(b, r, "Uptake and the information-sharing return", "Figure", "Value");
  vrow_json(b, r, "Personal-budget holders (B6)", J_RTN, "uptake.personal_budget_holders",
            U_COUNT, false);
  vrow_json(b, r, "Taking a direct payment (B6)", J_RTN, "uptake.taking_direct_payment", U_COUNT,
            false);
  vrow_json(b, r, "Uptake (F4)", J_RTN, "uptake.basis_points", U_BP, true);
  int64_t target[2];
  for (int k = 0; k < r->n_sides; k++)
    target[k] = cnt(r->side[k].rtn, "uptake.target_percent") * 100;
  vrow(b, r, "Target (dp_uptake_target)", target, U_BP, false);
  vrow_json(b, r, "Recipients supported (R3)", J_RTN, "recipients", U_COUNT, false);
  vrow_json(b, r, "New referrals: first payment in the period", J_RTN, "new_referrals", U_COUNT,
            false);
  vrow_json(b, r, "Surpluses found", J_RTN, "surpluses.count", U_COUNT, false);
  vrow_json(b, r, "Escalations to a care manager, at its end", J_RTN, "escalations", U_COUNT, false);
  vrow_json(b, r, "Audits done in the period", J_RTN, "audits.done", U_COUNT, false);
  vrow_json(b, r, "Audits overdue at its end", J_RTN, "audits.overdue", U_COUNT, false);
  if (r->fw) {
    vrow_json(b, r, "Framework spend in the period", J_RTN, "spend_pence", U_PENCE, false);
    vrow_json(b, r, "Cost per person supported (F4)", J_RTN, "cost_per_person_pence", U_PENCE,
              false);
  }
  table_end(b);
  tables_close(b);
  static const char *const params[] = {"dp_uptake_target", NULL};
  char more[192];
  snprintf(more, sizeof more, "The return covers %s to %s (%s); its decisions are made as of its "
                              "last day.",
           fmt_date(t[0], r->ret_from), fmt_date(t[1], r->ret_to),
           r->from != DPSS_DATE_NONE ? "the period given" : "the year to the as-of date");
  caption(b, all, "F4 and B6 (uptake: the share of personal-budget holders taking any direct "
                "payment, against dp_uptake_target; cost per person supported); R3 (the "
                "information-sharing return)",
          params, more);
}

/* Payments by month, or by year over more than two years. */
#define MAX_PERIODS 24
struct periods {
  size_t n;
  char label[MAX_PERIODS][NUM_BUFSIZE];
  int64_t paid[MAX_PERIODS], contrib[MAX_PERIODS];
  bool by_year;
};

static void add_sat(int64_t *to, int64_t v) {
  if (*to == DPSS_PENCE_NONE || v == DPSS_PENCE_NONE || __builtin_add_overflow(*to, v, to))
    *to = DPSS_PENCE_NONE;
}

static void periods_of(const json_t *tot, struct periods *p) {
  const json_t *months = json_object_get(tot, "months");
  size_t n = json_array_size(months);
  memset(p, 0, sizeof *p);
  p->by_year = n > MAX_PERIODS;
  for (size_t i = 0; i < n; i++) {
    const json_t *m = json_array_get(months, i);
    const char *ym = str(m, "month");
    int y = 0, mo = 0;
    if (sscanf(ym, "%d-%d", &y, &mo) != 2)
      continue;
    char label[NUM_BUFSIZE];
    if (p->by_year) {
      snprintf(label, sizeof label, "%d", y);
    } else {
      dpss_date d;
      dpss_date_from_ymd(&d, y, mo, 1);
      fmt_month(label, d);
    }
    if (p->n == 0 || strcmp(p->label[p->n - 1], label) != 0) {
      if (p->n == MAX_PERIODS)
        break;
      snprintf(p->label[p->n++], NUM_BUFSIZE, "%s", label);
    }
    add_sat(&p->paid[p->n - 1], num(m, "pence"));
    add_sat(&p->contrib[p->n - 1], num(m, "contribution_pence"));
  }
}

void section_payments(struct buf *b, const struct report *r) {
  static struct periods p[2];
  char t[4][NUM_BUFSIZE];
  int last = r->n_sides - 1;
  for (int k = 0; k < r->n_sides; k++)
    periods_of(r->side[k].tot, &p[k]);
  bool both = r->n_sides > 1 && !json_equal(r->side[0].tot, r->side[1].tot);
  const json_t *tot = r->side[last].tot;
  section_open(b, "payments", "Payments in the period");
  lead_open(b);
  buf_printf(b, "From %s to %s the council pays <strong>%s</strong> in %s payments",
             fmt_date(t[0], r->from), fmt_date(t[1], r->to),
             fmt_pounds(t[2], num(tot, "council_paid_pence")), fmt_count(t[3], cnt(tot, "payments")));
  buf_printf(b, " to %s recipients; recipients pay in <strong>%s</strong> of contributions.",
             fmt_count(t[0], cnt(tot, "recipients")),
             fmt_pounds(t[1], num(tot, "contributions_paid_in_pence")));
  lead_close(b);
  int64_t max = 0;
  for (int k = 0; k < r->n_sides; k++)
    for (size_t i = 0; i < p[k].n; i++)
      max = p[k].paid[i] > max ? p[k].paid[i] : max;
  for (int k = 0; k < (both ? 2 : 1); k++) {
    const char *cats[MAX_PERIODS];
    char names[MAX_PERIODS][NUM_BUFSIZE];
    for (size_t i = 0; i < p[k].n; i++) {
      snprintf(names[i], sizeof names[i], "%s", p[k].label[i]);
      if (!p[k].by_year)
        names[i][3] = '\n';
      cats[i] = names[i];
    }
    struct series se = {"payments", C_BLUE};
    struct chart ch = {"Payments by month", p[k].by_year ? "year paid" : "month paid",
                       "paid", p[k].n, cats, 1, &se, p[k].paid, NULL, NULL, false, false,
                       U_PENCE, max, 0, NULL};
    panel_open(b, r, k, both);
    svg_columns(b, &ch);
    panel_close(b);
  }
  tables_open(b);
  struct report one;
  const struct report *all = r;
  r = table_sides(r, both, &one);
  vtable_start(b, r, p[0].by_year ? "Payments by year" : "Payments by month",
               p[0].by_year ? "Year" : "Month", "Paid");
  for (size_t i = 0; i < p[0].n; i++) {
    int64_t v[2] = {p[0].paid[i], i < p[last].n ? p[last].paid[i] : 0};
    vrow(b, r, p[0].label[i], v, U_PENCE, false);
  }
  vrow_json(b, r, "All payments", J_TOT, "total_pence", U_PENCE, true);
  vrow_json(b, r, "Paid by the council", J_TOT, "council_paid_pence", U_PENCE, false);
  vrow_json(b, r, "Contributions paid in (net basis)", J_TOT, "contributions_paid_in_pence",
            U_PENCE, false);
  vrow_json(b, r, "Contributions invoiced (gross basis)", J_TOT, "contributions_invoiced_pence",
            U_PENCE, false);
  vrow_json(b, r, "One-off payments (B5)", J_TOT, "one_off_pence", U_PENCE, false);
  vrow_json(b, r, "Number of payments", J_TOT, "payments", U_COUNT, false);
  table_end(b);
  tables_close(b);
  static const char *const params[] = {"payment_basis", "payment_frequency", NULL};
  char more[160];
  snprintf(more, sizeof more, "Payments dated from %s to %s, both days included.",
           fmt_date(t[0], r->from), fmt_date(t[1], r->to));
  caption(b, all, "B2 (the contribution off the social care stream, net or gross), B3 (four-weekly "
                "or monthly payments in advance), B4 (pro rata for a period cut short), B5 "
                "(one-off payments apart)",
          params, more);
}

static const char *commissioner_name(const struct report *r, const char *id) {
  const json_t *list = json_object_get(r->fw_terms, "commissioners");
  for (size_t i = 0; i < json_array_size(list); i++) {
    const json_t *c = json_array_get(list, i);
    if (strcmp(str(c, "id"), id) == 0 && *str(c, "name"))
      return str(c, "name");
  }
  return NULL;
}

void section_spend(struct buf *b, const struct report *r) {
  const json_t *rep = r->fw_report, *list = json_object_get(rep, "commissioners");
  char t[4][NUM_BUFSIZE];
  int year_now = dpss_framework_year_of(r->fw, r->as_of);
  dpss_date start = DPSS_DATE_NONE;
  dpss_date_parse(&start, str(rep, "start"));
  section_open(b, "spend", "Framework spend against each commissioner's caps");
  lead_open(b);
  buf_puts(b, "Framework <strong>");
  html_esc(b, str(rep, "id"));
  buf_printf(b, "</strong> runs %lld contract years from %s, with %s call-offs recorded; ",
             (long long)cnt(rep, "years"), fmt_date(t[0], start),
             fmt_count(t[1], cnt(rep, "call_offs")));
  if (year_now)
    buf_printf(b, "the as-of date falls in contract year %d.", year_now);
  else
    buf_puts(b, "the as-of date is outside its term.");
  buf_puts(b, " Each bar is what a commissioner has committed, as a share of its cap.");
  buf_puts(b, "</p>\n<figure>\n"); /* a chart and a table for each commissioner */
  for (size_t i = 0; i < json_array_size(list); i++) {
    const json_t *c = json_array_get(list, i), *years = json_object_get(c, "years");
    size_t ny = json_array_size(years) < 10 ? json_array_size(years) : 10;
    const char *cats[11], *labels[11], *colours[11];
    char names[11][NUM_BUFSIZE], labs[11][128];
    int64_t v[11], used[11], cap[11], left[11];
    for (size_t y = 0; y <= ny; y++) {
      const json_t *row = y < ny ? json_array_get(years, y) : json_object_get(c, "term");
      used[y] = cnt(row, "committed_pence");
      cap[y] = cnt(row, "cap_pence");
      left[y] = cnt(row, "remaining_pence");
      v[y] = ratio_bp(used[y], cap[y]);
      if (y < ny)
        snprintf(names[y], sizeof names[y], "year %lld%s", (long long)cnt(row, "year"),
                 cnt(row, "year") == year_now ? " (now)" : "");
      else
        snprintf(names[y], sizeof names[y], "whole term");
      snprintf(labs[y], sizeof labs[y], "%s of %s", fmt_pounds(t[0], used[y]),
               fmt_pounds(t[1], cap[y]));
      cats[y] = names[y];
      labels[y] = labs[y];
      colours[y] = v[y] >= 9000 ? C_RED : C_BLUE;
    }
    struct series se = {"committed", C_BLUE};
    struct ref_line ref = {10000, "cap", C_RED};
    char title[256];
    const char *name = commissioner_name(r, str(c, "id"));
    snprintf(title, sizeof title, "%s%s%s%s: spend against the caps", name ? name : "",
             name ? " (" : "", str(c, "id"), name ? ")" : "");
    struct chart ch = {title,  "committed, as a share of the cap", NULL, ny + 1, cats, 1, &se,
                       v,      labels, colours, false, true, U_BP, 10000, 1, &ref};
    buf_puts(b, "<div class=\"fig\"><div class=\"panel\"><h3>");
    html_esc(b, title);
    buf_puts(b, "</h3>");
    svg_bars(b, &ch);
    panel_close(b);
    buf_puts(b, "<div class=\"tbl w\">\n");
    const char *heads[] = {"Period", "Committed", "Cap", "Remaining", "Used"};
    table_start(b, str(c, "id"), 5, heads);
    for (size_t y = 0; y <= ny; y++) {
      buf_puts(b, y < ny ? "<tr>" : "<tr class=\"total\">");
      buf_puts(b, "<th scope=\"row\">");
      html_esc(b, names[y]);
      buf_puts(b, "</th>");
      table_cell(b, fmt_pounds(t[0], used[y]), NULL);
      table_cell(b, fmt_pounds(t[0], cap[y]), NULL);
      table_cell(b, fmt_pounds(t[0], left[y]), NULL);
      table_cell(b, fmt_percent(t[0], v[y]), NULL);
      table_row_end(b);
    }
    table_end(b);
    tables_close(b);
  }
  static const char *const params[] = {"framework_term_years", NULL};
  caption(b, r, "F1 (commissioners call off packages under one framework), F2 (no call-off "
                "takes a commissioner past its annual or whole-term cap), F3 (one price list)",
          params, "A call-off's whole cost counts in the contract year it starts in. A bar turns "
                  "red at 90% of its cap.");
}

/* "Lead Agent Ltd (P-LEAD)", or the id alone. */
static void provider_label(const struct report *r, const char *id, char *out, size_t size) {
  const json_t *list = json_object_get(r->net_json, "providers");
  for (size_t i = 0; i < json_array_size(list); i++) {
    const json_t *p = json_array_get(list, i);
    if (strcmp(str(p, "id"), id) == 0 && *str(p, "name")) {
      snprintf(out, size, "%s (%s)", str(p, "name"), id);
      return;
    }
  }
  snprintf(out, size, "%s", id);
}

#define MAX_PROVIDERS 40

void section_market(struct buf *b, const struct report *r) {
  char t[4][NUM_BUFSIZE];
  int last = r->n_sides - 1;
  bool both = r->n_sides > 1 && !json_equal(r->side[0].mkt, r->side[1].mkt);
  const json_t *m = r->side[last].mkt;
  const json_t *list = json_object_get(m, "providers");
  size_t n = json_array_size(list);
  section_open(b, "market", "Market shares of the providers");
  lead_open(b);
  char largest[192];
  provider_label(r, str(m, "largest"), largest, sizeof largest);
  if (cnt(m, "recipients")) {
    buf_puts(b, "The largest provider, <strong>");
    html_esc(b, largest);
    buf_printf(b, "</strong>, supports <strong>%s</strong> of the %s recipients with a provider; "
                  "the Herfindahl-Hirschman index is <strong>%s</strong> (10,000 when one "
                  "provider has them all).",
               fmt_percent(t[0], cnt(m, "largest_share_basis_points")),
               fmt_count(t[1], cnt(m, "recipients")), fmt_count(t[2], cnt(m, "hhi")));
  } else {
    buf_puts(b, "No recipient has a provider recorded.");
  }
  buf_printf(b, " %s recipients have no provider recorded.",
             fmt_count(t[3], cnt(m, "without_provider")));
  lead_close(b);
  for (int k = 0; k < (both ? 2 : 1); k++) {
    const json_t *mk = r->side[k].mkt, *pl = json_object_get(mk, "providers");
    size_t np = json_array_size(pl) < MAX_PROVIDERS ? json_array_size(pl) : MAX_PROVIDERS;
    const char *cats[MAX_PROVIDERS], *labels[MAX_PROVIDERS], *colours[MAX_PROVIDERS];
    static char names[MAX_PROVIDERS][128], labs[MAX_PROVIDERS][64];
    int64_t v[MAX_PROVIDERS];
    for (size_t i = 0; i < np; i++) {
      const json_t *p = json_array_get(pl, i);
      provider_label(r, str(p, "id"), names[i], sizeof names[i]);
      v[i] = cnt(p, "share_basis_points");
      snprintf(labs[i], sizeof labs[i], "%s (%s)", fmt_percent(t[0], v[i]),
               fmt_count(t[1], cnt(p, "recipients")));
      cats[i] = names[i];
      labels[i] = labs[i];
      colours[i] = json_is_true(json_object_get(p, "above_dominance_ceiling")) ? C_RED
                   : json_is_true(json_object_get(p, "below_viability_floor")) ? C_ORANGE
                                                                               : C_BLUE;
    }
    char floor_l[64], ceil_l[64];
    snprintf(floor_l, sizeof floor_l, "floor %lld%%", (long long)cnt(mk, "viability_floor_percent"));
    snprintf(ceil_l, sizeof ceil_l, "ceiling %lld%%",
             (long long)cnt(mk, "dominance_ceiling_percent"));
    struct ref_line refs[2] = {{cnt(mk, "viability_floor_percent") * 100, floor_l, C_ORANGE},
                               {cnt(mk, "dominance_ceiling_percent") * 100, ceil_l, C_RED}};
    struct series se = {"share", C_BLUE};
    struct chart ch = {"Market shares of the providers", "share of the recipients with a provider",
                       NULL, np, cats, 1, &se, v, labels, colours, false, false, U_BP, 10000, 2,
                       refs};
    panel_open(b, r, k, both);
    svg_bars(b, &ch);
    panel_close(b);
  }
  tables_open(b);
  buf_printf(b, "<table><caption>Market shares</caption><thead><tr><th scope=\"col\">Provider"
                "</th><th scope=\"col\">Recipients</th><th scope=\"col\">Share</th>%s"
                "</tr></thead><tbody>\n",
             both ? "<th scope=\"col\" class=\"t\">Warning, before</th>"
                    "<th scope=\"col\" class=\"t\">Warning, after</th>"
                  : "<th scope=\"col\" class=\"t\">Warning</th>");
  for (size_t i = 0; i < n; i++) {
    const json_t *p = json_array_get(list, i);
    char label[128];
    provider_label(r, str(p, "id"), label, sizeof label);
    table_row(b, label);
    table_cell(b, fmt_count(t[0], cnt(p, "recipients")), NULL);
    table_cell(b, fmt_percent(t[0], cnt(p, "share_basis_points")), NULL);
    for (int k = 0; k < (both ? 2 : 1); k++) {
      const json_t *q = json_array_get(json_object_get(r->side[k].mkt, "providers"), i);
      table_cell(b,
                 json_is_true(json_object_get(q, "above_dominance_ceiling"))
                     ? "above the ceiling"
                 : json_is_true(json_object_get(q, "below_viability_floor"))
                     ? "below the floor"
                     : "",
                 "t");
    }
    table_row_end(b);
  }
  buf_puts(b, "<tr class=\"total\"><th scope=\"row\">All with a provider</th>");
  table_cell(b, fmt_count(t[0], cnt(m, "recipients")), NULL);
  table_cell(b, cnt(m, "recipients") ? "100%" : "", NULL);
  buf_puts(b, both ? "<td></td><td></td></tr>\n" : "<td></td></tr>\n");
  table_row(b, "Without a provider");
  table_cell(b, fmt_count(t[0], cnt(m, "without_provider")), NULL);
  buf_puts(b, both ? "<td></td><td></td><td></td></tr>\n" : "<td></td><td></td></tr>\n");
  table_row(b, "Herfindahl-Hirschman index");
  table_cell(b, fmt_count(t[0], cnt(m, "hhi")), NULL);
  buf_puts(b, both ? "<td></td><td></td><td></td></tr>\n" : "<td></td><td></td></tr>\n");
  table_end(b);
  tables_close(b);
  static const char *const params[] = {"market_viability_floor_percent",
                                       "market_dominance_ceiling_percent", NULL};
  caption(b, r, "N6 (each provider's share of the recipients it supports, by support.provider or "
                "a successful existing arrangement; the HHI is the sum of the squared shares)",
          params, "A red bar is above the dominance ceiling, an orange one below the viability "
                  "floor.");
}
