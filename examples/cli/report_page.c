/* SPDX-License-Identifier: MIT */
/* The page of dpss report: a header, the key figures, then one section per
 * chart. Each section has a sentence that says what the chart shows, the
 * chart (two panels side by side, before and after, when an alternative
 * policy was given and the figures differ), a table of the same figures
 * beside it, and a caption naming the rules and the policy behind them.
 * Figures come from the library's summaries (parsed JSON) and from the
 * counts report.c made; nothing here reads a recipient. */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* ------------------------------------------------------------ figures */

/* The integer at a dotted path of a JSON object; DPSS_PENCE_NONE when it
 * is absent or null (a total out of range). */
int64_t num(const json_t *o, const char *path) {
  char key[64];
  while (o && *path) {
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    snprintf(key, sizeof key, "%.*s", (int)n, path);
    o = json_object_get(o, key);
    path = dot ? dot + 1 : "";
  }
  return json_is_integer(o) ? json_integer_value(o) : DPSS_PENCE_NONE;
}

/* A count: 0 when absent. */
int64_t cnt(const json_t *o, const char *path) {
  int64_t v = num(o, path);
  return v == DPSS_PENCE_NONE ? 0 : v;
}

const char *str(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

const char *fmt_unit(char *buf, int64_t v, enum unit u) {
  if (v == DPSS_PENCE_NONE)
    return strcpy(buf, "out of range");
  return u == U_PENCE ? fmt_pounds(buf, v) : u == U_BP ? fmt_percent(buf, v) : fmt_count(buf, v);
}

/* after - before, signed: "+12", "−£3.00", "+1.5 points", "same". */
const char *fmt_change(char *buf, int64_t before, int64_t after, enum unit u) {
  int64_t d;
  if (before == DPSS_PENCE_NONE || after == DPSS_PENCE_NONE ||
      __builtin_sub_overflow(after, before, &d) || d == INT64_MIN)
    return strcpy(buf, "out of range");
  if (d == 0)
    return strcpy(buf, "same");
  char v[NUM_BUFSIZE];
  if (u == U_BP) {
    fmt_percent(v, d < 0 ? -d : d);
    v[strlen(v) - 1] = '\0';
    snprintf(buf, NUM_BUFSIZE, "%s%.40s points", d < 0 ? "\xE2\x88\x92" : "+", v);
  } else { /* the longest amount, -£92,233,720,368,547,758.08, is 30 bytes */
    snprintf(buf, NUM_BUFSIZE, "%s%.48s", d < 0 ? "\xE2\x88\x92" : "+",
             fmt_unit(v, d < 0 ? -d : d, u));
  }
  return buf;
}

/* ------------------------------------------------------------ layout */

void section_open(struct buf *b, const char *id, const char *title) {
  buf_printf(b, "<section id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", id, id, id);
  html_esc(b, title);
  buf_puts(b, "</h2>\n");
}

void lead_open(struct buf *b) { buf_puts(b, "<p class=\"lead\">"); }
void lead_close(struct buf *b) { buf_puts(b, "</p>\n<figure><div class=\"fig\">\n"); }

/* A panel for side k; `both`: the figures differ between the policies. */
void panel_open(struct buf *b, const struct report *r, int k, bool both) {
  buf_puts(b, "<div class=\"panel\">");
  if (r->n_sides == 1)
    return;
  const struct side *s = &r->side[k];
  buf_puts(b, "<h3>");
  if (!both) {
    buf_puts(b, "Before and after: the same under both policies");
  } else if (k == 0) {
    buf_puts(b, "Before: ");
    html_esc(b, s->name);
    if (*s->overrides) {
      buf_puts(b, " with ");
      html_esc(b, s->overrides);
    }
  } else {
    /* The alternative: its overrides are what a reader looks for. */
    bool same_name = strcmp(s->name, r->side[0].name) == 0;
    buf_puts(b, "After: ");
    if (!same_name)
      html_esc(b, s->name);
    if (*s->overrides) {
      buf_puts(b, same_name ? "with " : " with ");
      html_esc(b, s->overrides);
    }
  }
  buf_puts(b, "</h3>");
}

const struct report *table_sides(const struct report *r, bool both, struct report *one) {
  if (both || r->n_sides == 1)
    return r;
  *one = *r;
  one->n_sides = 1;
  return one;
}

void panel_close(struct buf *b) { buf_puts(b, "</div>\n"); }
void tables_open(struct buf *b) { buf_puts(b, "<div class=\"tbl\">\n"); }
void tables_close(struct buf *b) { buf_puts(b, "</div></div>\n"); }

/* The caption: the rules, the policy (and the alternative) with its
 * overrides, the parameters that shape the figures, and the date. */
void caption(struct buf *b, const struct report *r, const char *rules,
                    const char *const *params, const char *more) {
  char d[NUM_BUFSIZE];
  buf_puts(b, "<figcaption><strong>Rules</strong> ");
  html_esc(b, rules);
  for (int k = 0; k < r->n_sides; k++) {
    const struct side *s = &r->side[k];
    buf_puts(b, r->n_sides == 1 ? ". <strong>Policy</strong> "
                                : k ? "; <strong>after</strong> " : ". <strong>Before</strong> ");
    html_esc(b, s->name);
    if (*s->overrides) {
      buf_puts(b, " with overrides ");
      html_esc(b, s->overrides);
    } else {
      buf_puts(b, ", no overrides");
    }
  }
  for (int i = 0; params && params[i]; i++) {
    buf_puts(b, i ? "; " : ". <strong>Parameters</strong> ");
    html_esc(b, params[i]);
    /* before -> after where the alternative changes it, else once */
    char *v[2] = {NULL, NULL};
    for (int k = 0; k < r->n_sides; k++)
      dpss_policy_get_text(r->side[k].policy, params[i], r->as_of, &v[k]);
    bool same = r->n_sides == 1 || (v[0] && v[1] && strcmp(v[0], v[1]) == 0);
    for (int k = 0; k < (same ? 1 : r->n_sides); k++) {
      buf_puts(b, k ? " \xE2\x86\x92 " : " ");
      html_esc(b, v[k] ? v[k] : "?");
    }
    if (same && r->n_sides == 2)
      buf_puts(b, " (both)");
    dpss_free(v[0]);
    dpss_free(v[1]);
  }
  buf_printf(b, ". As of %s.", fmt_date(d, r->as_of));
  if (more) {
    buf_puts(b, " ");
    html_esc(b, more);
  }
  buf_puts(b, "</figcaption>\n</figure>\n</section>\n");
}

/* A table of one figure per row: its value, or before, after and change. */
void vtable_start(struct buf *b, const struct report *r, const char *caption_text,
                         const char *first, const char *what) {
  char h1[96], h2[96];
  snprintf(h1, sizeof h1, "%s, before", what);
  snprintf(h2, sizeof h2, "%s, after", what);
  const char *heads[4] = {first, r->n_sides > 1 ? h1 : what, h2, "Change"};
  table_start(b, caption_text, r->n_sides > 1 ? 4 : 2, heads);
}

void vrow(struct buf *b, const struct report *r, const char *head, const int64_t *v,
                 enum unit u, bool total) {
  char t[NUM_BUFSIZE];
  buf_puts(b, total ? "<tr class=\"total\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
  html_esc(b, head);
  buf_puts(b, "</th>");
  for (int k = 0; k < r->n_sides; k++)
    table_cell(b, fmt_unit(t, v[k], u), NULL);
  if (r->n_sides > 1) {
    fmt_change(t, v[0], v[1], u);
    table_cell(b, t, t[0] == '+' ? "up" : strncmp(t, "\xE2\x88\x92", 3) == 0 ? "down" : NULL);
  }
  table_row_end(b);
}

/* The same figure from each side's JSON. */
void vrow_json(struct buf *b, const struct report *r, const char *head, enum json_of which,
                      const char *path, enum unit u, bool total) {
  int64_t v[2];
  for (int k = 0; k < r->n_sides; k++) {
    const struct side *s = &r->side[k];
    const json_t *o = which == J_SUM ? s->sum : which == J_RTN ? s->rtn : which == J_MKT ? s->mkt : s->tot;
    v[k] = u == U_COUNT ? cnt(o, path) : num(o, path);
  }
  vrow(b, r, head, v, u, total);
}

/* Whether two arrays of counts are the same. */
bool same(const struct report *r, const void *a, const void *b2, size_t n) {
  return r->n_sides == 1 || memcmp(a, b2, n) == 0;
}

void mtable_start(struct buf *b, const struct report *r, const char *caption_text,
                  const char *first, size_t n, const char *const *whats) {
  char h[8][96];
  const char *heads[9] = {first};
  size_t k = 1;
  for (size_t m = 0; m < n && m < 4; m++)
    for (int sd = 0; sd < r->n_sides; sd++) {
      snprintf(h[k - 1], sizeof h[k - 1], "%s%s", whats[m],
               r->n_sides == 1 ? "" : sd ? ", after" : ", before");
      heads[k] = h[k - 1];
      k++;
    }
  table_start(b, caption_text, k, heads);
}

void mrow(struct buf *b, const struct report *r, const char *head, size_t n, const int64_t *v,
          enum unit u, bool total) {
  char t[NUM_BUFSIZE];
  buf_puts(b, total ? "<tr class=\"total\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
  html_esc(b, head);
  buf_puts(b, "</th>");
  for (size_t m = 0; m < n && m < 4; m++)
    for (int sd = 0; sd < r->n_sides; sd++)
      table_cell(b, fmt_unit(t, v[m * 2 + sd], u), NULL);
  table_row_end(b);
}

/* ------------------------------------------------------------ the key figures */

/* A figure of each side's summary: v[k] for side k (money may be null: out
 * of range; a count absent is 0). */
static void of_sums(const struct report *r, int64_t v[2], const char *path, bool money) {
  for (int k = 0; k < r->n_sides; k++)
    v[k] = money ? num(r->side[k].sum, path) : cnt(r->side[k].sum, path);
}

static void key(struct buf *b, const struct report *r, const char *title, const int64_t *v,
                enum unit u, const char *note, const char *cls) {
  char t[NUM_BUFSIZE];
  buf_printf(b, "<div class=\"key%s%s\"><dt>", cls ? " " : "", cls ? cls : "");
  html_esc(b, title);
  buf_puts(b, "</dt><dd>");
  html_esc(b, fmt_unit(t, v[r->n_sides - 1], u));
  buf_puts(b, "<small>");
  if (r->n_sides > 1) {
    buf_puts(b, "before ");
    html_esc(b, fmt_unit(t, v[0], u));
    buf_puts(b, " <span class=\"nw\">(");
    html_esc(b, fmt_change(t, v[0], v[1], u));
    buf_puts(b, ")</span><br>");
  }
  html_esc(b, note);
  buf_puts(b, "</small></dd></div>\n");
}

static void key_figures(struct buf *b, const struct report *r) {
  int64_t v[2];
  char note[256], t[NUM_BUFSIZE], t2[NUM_BUFSIZE];
  const json_t *s0 = r->side[0].sum;
  int n = r->n_sides;
  buf_puts(b, "<dl class=\"keys\" aria-label=\"Key figures\">\n");
  if (r->cmp_json) {
    v[0] = v[1] = cnt(r->cmp_json, "changed");
    snprintf(note, sizeof note, "of %s recipients: see what flips",
             fmt_count(t, cnt(r->cmp_json, "recipients")));
    struct report one = *r;
    one.n_sides = 1;
    key(b, &one, "Decisions that change", v, U_COUNT, note, "warn");
  }
  v[0] = v[1] = cnt(s0, "recipients");
  snprintf(note, sizeof note, "%s records read, %s rejected", fmt_count(t, r->tally.read),
           fmt_count(t2, r->tally.rejected));
  struct report one = *r;
  one.n_sides = 1;
  key(b, &one, "Recipients", v, U_COUNT, note, NULL);
  of_sums(r, v, "eligibility.eligible", false);
  snprintf(note, sizeof note, "%s of recipients (E1-E4)",
           fmt_percent(t, ratio_bp(v[n - 1], cnt(s0, "recipients"))));
  key(b, r, "Eligible", v, U_COUNT, note, NULL);
  of_sums(r, v, "surplus.total_excess_pence", true);
  snprintf(note, sizeof note, "%s surpluses (S1)",
           fmt_count(t, cnt(r->side[n - 1].sum, "surplus.count")));
  key(b, r, "To reclaim", v, U_PENCE, note, NULL);
  of_sums(r, v, "escalations", false);
  snprintf(note, sizeof note, "issues open too long, of %s open (T3)",
           fmt_count(t, cnt(r->side[n - 1].sum, "open_issues")));
  key(b, r, "Escalated to a care manager", v, U_COUNT, note, v[n - 1] ? "warn" : NULL);
  of_sums(r, v, "reviews_due", false);
  snprintf(note, sizeof note, "%s extra reviews needed now (R1)",
           fmt_count(t, cnt(r->side[n - 1].sum, "extra_reviews")));
  key(b, r, "Reviews due or overdue", v, U_COUNT, note, NULL);
  of_sums(r, v, "audits_due", false);
  snprintf(note, sizeof note, "of %s managed accounts (R2)",
           fmt_count(t, cnt(r->side[n - 1].sum, "managed_accounts")));
  key(b, r, "Audits due or overdue", v, U_COUNT, note, NULL);
  for (int k = 0; k < n; k++)
    v[k] = cnt(r->side[k].rtn, "uptake.basis_points");
  const json_t *up = json_object_get(r->side[n - 1].rtn, "uptake");
  bool met = json_is_true(json_object_get(up, "met"));
  if (cnt(up, "personal_budget_holders")) {
    snprintf(note, sizeof note, "target %lld%%: %s (F4)", (long long)cnt(up, "target_percent"),
             met ? "met" : "not met");
    key(b, r, "Direct-payment uptake", v, U_BP, note, met ? "good" : "warn");
  } else {
    buf_puts(b, "<div class=\"key\"><dt>Direct-payment uptake</dt><dd>not measured<small>no "
                "personal-budget holders recorded (F4)</small></dd></div>\n");
  }
  if (r->side[0].mkt) {
    for (int k = 0; k < n; k++)
      v[k] = cnt(r->side[k].mkt, "hhi");
    snprintf(note, sizeof note, "largest share %s (N6)",
             fmt_percent(t, cnt(r->side[0].mkt, "largest_share_basis_points")));
    key(b, r, "Market concentration (HHI)", v, U_COUNT, note, NULL);
  }
  buf_puts(b, "</dl>\n");
}

/* ------------------------------------------------------------ sections */

static void footer(struct buf *b, const struct report *r) {
  char t[3][NUM_BUFSIZE];
  buf_puts(b, "<footer>\n<h2>About this report</h2>\n<p>Made by <code>dpss report</code> "
              "(libdpss ");
  html_esc(b, dpss_version_string());
  buf_puts(b, ") from <code>");
  html_esc(b, strcmp(r->input, "-") ? r->input : "standard input");
  buf_printf(b, "</code>: %s records read, %s decided, %s rejected (each rejected record is "
                "named on standard error when the report is made, and counts nowhere here).",
             fmt_count(t[0], r->tally.read), fmt_count(t[1], r->tally.decided),
             fmt_count(t[2], r->tally.rejected));
  buf_printf(b, " Every recipient was evaluated as of %s", fmt_date(t[0], r->as_of));
  if (r->net_file) {
    buf_puts(b, "; the network is <code>");
    html_esc(b, r->net_file);
    buf_puts(b, "</code>");
  }
  if (r->fw_file) {
    buf_puts(b, "; the framework is <code>");
    html_esc(b, r->fw_file);
    buf_puts(b, "</code>");
  }
  buf_puts(b, ". The rule ids in the captions are those of the rule catalogue "
              "(<code>docs/RULES.md</code>; <code>dpss rules ID</code> prints one).</p>\n"
              "<p>The page gives counts and totals only: no recipient's id, name or own "
              "amounts. Money is exact, added up in whole pence. Nothing on this page is "
              "fetched from elsewhere and nothing runs: it reads the same offline and prints "
              "as it shows.</p>\n</footer>\n");
}

void report_page(struct buf *b, const struct report *r) {
  char d[NUM_BUFSIZE];
  html_page_start(b, "Direct payments caseload report");
  buf_puts(b, "<header>\n<h1>Direct payments and support: caseload report</h1>\n<p class=\"sub\">");
  buf_printf(b, "As of <strong>%s</strong>. Caseload <strong>", fmt_date(d, r->as_of));
  html_esc(b, strcmp(r->input, "-") ? r->input : "standard input");
  buf_puts(b, "</strong>, under the policy <strong>");
  html_esc(b, r->side[0].name);
  buf_puts(b, "</strong>");
  if (*r->side[0].overrides) {
    buf_puts(b, " with overrides ");
    html_esc(b, r->side[0].overrides);
  }
  if (r->n_sides > 1) {
    buf_puts(b, ", compared with the alternative <strong>");
    html_esc(b, r->side[1].name);
    buf_puts(b, "</strong>");
    if (*r->side[1].overrides) {
      buf_puts(b, " with overrides ");
      html_esc(b, r->side[1].overrides);
    }
  }
  buf_puts(b, ".</p>\n</header>\n<main>\n");
  key_figures(b, r);
  if (r->cmp_json)
    section_flips(b, r);
  section_mix(b, r);
  section_surplus(b, r);
  section_due(b, r);
  section_escalations(b, r);
  section_uptake(b, r);
  if (r->side[0].tot)
    section_payments(b, r);
  if (r->fw)
    section_spend(b, r);
  if (r->side[0].mkt)
    section_market(b, r);
  buf_puts(b, "</main>\n");
  footer(b, r);
  html_page_end(b);
}
