/* SPDX-License-Identifier: MIT */
/* The audit summary sheet: one self-contained, printable HTML page that a
 * council sends to the person, in plain words. It shows the person's own
 * statement lines (the sheet is for them); nothing is fetched from outside
 * and nothing runs. See dpss_audit_to_html() in dpss/audit.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"

static const char css[] =
    "@page{size:A4;margin:14mm 12mm}"
    "*{box-sizing:border-box}"
    "body{font-family:'DejaVu Sans','Liberation Sans',Arial,Helvetica,sans-serif;"
    "font-size:10.5pt;line-height:1.4;color:#1a1a1a;margin:0 auto;padding:12mm 14mm;"
    "max-width:210mm;background:#fff}"
    "h1{font-size:17pt;margin:0 0 2pt}h2{font-size:12.5pt;margin:16pt 0 5pt;"
    "border-bottom:1.5pt solid #1a1a1a;padding-bottom:2pt;break-after:avoid}"
    ".sub{color:#444;margin:0 0 10pt}"
    ".outcome{border:2pt solid;border-radius:5pt;padding:8pt 11pt;margin:8pt 0}"
    ".outcome p{margin:3pt 0}.outcome .word{font-size:13pt;font-weight:bold}"
    ".ok{border-color:#2e7d32;background:#eef7ef}"
    ".concerns{border-color:#a35c00;background:#fff5e3}"
    ".misuse{border-color:#b3261e;background:#fdeceb}"
    "table{border-collapse:collapse;width:100%;margin:4pt 0}"
    "th,td{border-bottom:.6pt solid #bbb;padding:2.5pt 4pt;text-align:left;vertical-align:top}"
    "th{background:#efefef;font-weight:bold}"
    "td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    "table.money{width:auto;min-width:55%}"
    "tr.total td{font-weight:bold;border-top:1pt solid #1a1a1a}"
    "tr.flag td{background:#fff5e3}tr.bad td{background:#fdeceb}"
    "table.lines{font-size:8.5pt}table.lines td.t{white-space:nowrap}table.lines td.d{max-width:52mm;overflow-wrap:anywhere}"
    "thead{display:table-header-group}tr{break-inside:avoid}"
    "ol.f li{margin:0 0 5pt}.rule{color:#555;font-size:9pt}"
    ".note{color:#444;font-size:9pt}"
    "@media print{body{padding:0;max-width:none}"
    ".outcome,tr.flag td,tr.bad td,th{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}}";

static void esc(dpss_sb *sb, const char *s) {
  const char *run = s;
  for (; *s; s++) {
    const char *rep = NULL;
    switch (*s) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: continue;
    }
    dpss_sb_putn(sb, run, (size_t)(s - run));
    dpss_sb_puts(sb, rep);
    run = s + 1;
  }
  dpss_sb_puts(sb, run);
}

/* A category word as words: "pa_wages" -> "pa wages". */
static void words(dpss_sb *sb, const char *s) {
  char buf[256];
  size_t n = 0;
  for (; *s && n < sizeof buf - 1; s++)
    buf[n++] = *s == '_' ? ' ' : *s;
  buf[n] = '\0';
  esc(sb, buf);
}

static void money_cell(dpss_sb *sb, int64_t pence) {
  char m[40];
  dpss__money_text(m, pence);
  dpss_sb_puts(sb, "<td class=\"n\">");
  dpss_sb_puts(sb, m);
  dpss_sb_puts(sb, "</td>");
}

static void date_text(dpss_sb *sb, dpss_date d) {
  static const char *const months[12] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};
  int y, m, dd;
  dpss__civil_from_days(d, &y, &m, &dd);
  dpss_sb_printf(sb, "%d %s %d", dd, months[m - 1], y);
}

static const char *const headline[DPSS_FK_COUNT_] = {
    "The balance does not add up",
    "A council payment is missing",
    "A payment from the council that was not expected",
    "A council payment of a different amount",
    "Your contribution was not all paid in",
    "Money spent on something a direct payment may not pay for",
    "Money spent on something your support plan does not include",
    "Employer records are missing",
    "Much of the money paid in was not spent"};

static const char *const mark[DPSS_FK_COUNT_] = {
    "balance does not follow", "", "unexpected council payment", "different amount", "",
    "not allowed", "not in your plan", "employer record missing", ""};

int dpss_audit_to_html(const dpss_audit *a, const dpss_statement *s, char **out) {
  if (out)
    *out = NULL;
  if (!a || !s || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if (s->n != a->n_lines || dpss__stmt_fingerprint(s) != a->fingerprint)
    return dpss__fail(DPSS_EINVAL, "statement", "not the statement this audit was run over");
  /* The kinds of finding that name each line (a bit per kind). */
  uint16_t *kinds = dpss__calloc(s->n + 1, sizeof *kinds);
  if (!kinds)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  for (size_t i = 0; i < a->n_f; i++)
    for (size_t k = 0; k < a->f[i].n_lines; k++)
      kinds[a->pool[a->f[i].line0 + k] - 1] |= (uint16_t)(1u << a->f[i].kind);
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_reserve(&sb, 8192 + 300 * s->n);
  dpss_sb_puts(&sb, "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width\">"
                    "<title>Direct payment account check: ");
  esc(&sb, a->id);
  dpss_sb_puts(&sb, "</title><style>");
  dpss_sb_puts(&sb, css);
  dpss_sb_puts(&sb, "</style></head><body>\n<h1>Your direct payment account check</h1>"
                    "<p class=\"sub\">Account ");
  esc(&sb, a->id);
  dpss_sb_puts(&sb, " &middot; from ");
  date_text(&sb, a->from);
  dpss_sb_puts(&sb, " to ");
  date_text(&sb, a->to);
  dpss_sb_puts(&sb, "</p>\n");

  static const char *const cls[3] = {"ok", "concerns", "misuse"};
  static const char *const word[3] = {"Everything is in order", "Some things need looking at",
                                      "Some spending may not be allowed"};
  static const char *const said[3] = {
      "We checked every line of your account statement against your support plan and the "
      "payments the council made. We found nothing that needs to be put right.",
      "We checked every line of your account statement against your support plan and the "
      "payments the council made. We found the things listed below. This does not mean "
      "anyone has done anything wrong: we will talk them through with you.",
      "We checked every line of your account statement. Some money was spent on things a "
      "direct payment may not be used for. Nothing has been decided yet: we will contact you "
      "to talk about it first."};
  dpss_sb_printf(&sb, "<div class=\"outcome %s\"><p class=\"word\">%s</p><p>%s</p>",
                 cls[a->outcome], word[a->outcome], said[a->outcome]);
  if (a->review)
    dpss_sb_puts(&sb, "<p>Because of what we found, we will also review your support plan "
                      "with you.</p>");
  dpss_sb_puts(&sb, "</div>\n<h2>Money in and out</h2><table class=\"money\"><tbody>");
  static const char *const labels[4] = {"Money in the account at the start",
                                        "Money paid in", "Money paid out",
                                        "Money in the account at the end"};
  int64_t vals[4] = {a->opening, a->in, a->out, a->closing};
  for (int k = 0; k < 4; k++) {
    dpss_sb_printf(&sb, "<tr%s><td>%s</td>", k == 3 ? " class=\"total\"" : "", labels[k]);
    money_cell(&sb, vals[k]);
    dpss_sb_puts(&sb, "</tr>");
  }
  dpss_sb_puts(&sb, "</tbody></table><p class=\"note\">Of the money paid in, ");
  char m1[40], m2[40], m3[40];
  dpss__money_text(m1, a->council_in);
  dpss__money_text(m2, a->contribution_in);
  dpss_sb_printf(&sb, "%s came from the council and %s was your own contribution.</p>\n", m1,
                 m2);

  dpss_sb_puts(&sb, "<h2>What the money was spent on</h2><table class=\"money\"><thead><tr>"
                    "<th>Spent on</th><th class=\"n\">Lines</th><th class=\"n\">Amount</th>"
                    "</tr></thead><tbody>");
  size_t *order = dpss__malloc((a->n_cat + 1) * sizeof *order), n_order = 0;
  if (!order) {
    free(kinds);
    dpss_sb_free(&sb);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  for (size_t i = 0; i < a->n_cat; i++) /* most money first (a short list: insertion) */
    if (a->cat[i].n) {
      size_t k = n_order++;
      for (; k > 0 && a->cat[order[k - 1]].pence < a->cat[i].pence; k--)
        order[k] = order[k - 1];
      order[k] = i;
    }
  for (size_t j = 0; j < n_order; j++) {
    size_t i = order[j];
    dpss_sb_puts(&sb, "<tr><td>");
    words(&sb, a->cat[i].name);
    dpss_sb_printf(&sb, "</td><td class=\"n\">%zu</td>", a->cat[i].n);
    money_cell(&sb, a->cat[i].pence);
    dpss_sb_puts(&sb, "</tr>");
  }
  free(order);
  dpss_sb_puts(&sb, "<tr class=\"total\"><td>All spending</td><td></td>");
  money_cell(&sb, a->out);
  dpss_sb_puts(&sb, "</tr></tbody></table>\n<h2>Money left over</h2><p>");
  dpss__money_text(m1, a->available);
  dpss__money_text(m2, a->threshold);
  dpss__money_text(m3, a->excess);
  if (a->owed) {
    char m4[40];
    dpss__money_text(m4, a->owed);
    dpss_sb_printf(&sb, "After the %s you still owe, ", m4);
  }
  dpss_sb_printf(&sb, "%s was left in the account. You may keep up to %s (a few weeks of "
                      "your direct payment) for bills that have not come in yet. ",
                 m1, m2);
  if (a->excess > 0)
    dpss_sb_printf(&sb, "That is %s more than you may keep. The council may ask for it back, "
                        "but it will write to you first to say how much and when.",
                   m3);
  else
    dpss_sb_puts(&sb, "That is within what you may keep: nothing needs to be paid back.");
  dpss_sb_puts(&sb, "</p>\n<h2>What we found</h2>");
  if (!a->n_f) {
    dpss_sb_puts(&sb, "<p>Nothing: every line was as expected.</p>");
  } else {
    dpss_sb_puts(&sb, "<ol class=\"f\">");
    for (size_t i = 0; i < a->n_f; i++) {
      const dpss_finding *f = &a->f[i];
      dpss_sb_printf(&sb, "<li><b>%s.</b> ", headline[f->kind]);
      const char *why = a->text + f->because; /* a sentence: its first letter up */
      if (*why >= 'a' && *why <= 'z') {
        dpss_sb_putc(&sb, (char)(*why - 32));
        why++;
      }
      esc(&sb, why);
      if (f->n_lines) {
        dpss_sb_puts(&sb, f->n_lines == 1 ? " (line " : " (lines ");
        for (size_t k = 0; k < f->n_lines && k < 40; k++)
          dpss_sb_printf(&sb, "%s%u", k ? ", " : "", a->pool[f->line0 + k]);
        if (f->n_lines > 40)
          dpss_sb_printf(&sb, " and %zu more", f->n_lines - 40);
        dpss_sb_puts(&sb, ")");
      }
      dpss_sb_printf(&sb, ". <span class=\"rule\">Rule %s</span></li>",
                     dpss__finding_rule[f->kind]);
    }
    dpss_sb_puts(&sb, "</ol>");
  }

  dpss_sb_puts(&sb, "\n<h2>Every line of your statement</h2><table class=\"lines\"><thead><tr>"
                    "<th class=\"n\">Line</th><th>Date</th><th>Description</th><th>Paid to "
                    "or from</th><th>Spent on</th><th class=\"n\">In</th><th class=\"n\">Out"
                    "</th><th class=\"n\">Balance</th><th>What we found</th></tr></thead><tbody>");
  for (size_t i = 0; i < s->n; i++) {
    const dpss_sline *l = &s->l[i];
    uint16_t k = kinds[i];
    const char *row = !k ? "" : k & (1u << DPSS_FK_PROHIBITED_SPEND) ? " class=\"bad\""
                                                                      : " class=\"flag\"";
    char d[DPSS_DATE_BUFSIZE];
    dpss__date_write(d, l->date);
    dpss_sb_printf(&sb, "<tr%s><td class=\"n\">%zu</td><td class=\"t\">%s</td><td class=\"d\">", row, i + 1,
                   d);
    esc(&sb, dpss__stmt_str(s, l->desc));
    dpss_sb_puts(&sb, "</td><td>");
    esc(&sb, dpss__stmt_payee(s, l->payee));
    dpss_sb_puts(&sb, "</td><td>");
    if (l->pence < 0 && a->line_cat[i] >= 0)
      words(&sb, a->cat[a->line_cat[i]].name);
    else if (l->pence >= 0)
      words(&sb, l->type == DPSS_LINE_OTHER ? "" : dpss__line_type_names[l->type]);
    dpss_sb_puts(&sb, "</td>");
    if (l->pence >= 0) {
      money_cell(&sb, l->pence);
      dpss_sb_puts(&sb, "<td></td>");
    } else {
      dpss_sb_puts(&sb, "<td></td>");
      money_cell(&sb, -l->pence);
    }
    if (l->balance != DPSS_PENCE_NONE)
      money_cell(&sb, l->balance);
    else
      dpss_sb_puts(&sb, "<td></td>");
    dpss_sb_puts(&sb, "<td>");
    bool first = true;
    for (int kind = 0; kind < DPSS_FK_COUNT_; kind++)
      if ((k & (1u << kind)) && mark[kind][0]) {
        dpss_sb_printf(&sb, "%s%s", first ? "" : "; ", mark[kind]);
        first = false;
      }
    if (k & (1u << DPSS_FK_CONTRIBUTION_SHORTFALL) && first)
      dpss_sb_puts(&sb, "contribution");
    dpss_sb_puts(&sb, "</td></tr>\n");
  }
  if (!s->n)
    dpss_sb_puts(&sb, "<tr><td colspan=\"9\">The statement has no lines.</td></tr>");
  dpss_sb_puts(&sb, "</tbody></table>\n<p class=\"note\">This check follows the council's "
                    "direct payment audit rules A1 to A9. If anything here looks wrong, "
                    "please tell us: we will look at it again.</p>\n</body></html>\n");
  free(kinds);
  return dpss_sb_finish(&sb, out);
}
