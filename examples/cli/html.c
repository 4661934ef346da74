/* SPDX-License-Identifier: MIT */
/* The HTML page and its charts (see html.h). Charts are inline SVG laid out
 * by integer arithmetic: a value v on an axis ending at `top` drawn `len`
 * pixels long is v * len / top, rounded, in 128 bits; money never passes
 * through floating point, even to be drawn. Text widths are estimated from
 * the character count (DejaVu Sans, about 0.6 em a character), so labels
 * get the room they need. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* ------------------------------------------------------------ text */

void html_esc(struct buf *b, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    const char *rep = NULL;
    size_t len = 1;
    if (c == '&')
      rep = "&amp;";
    else if (c == '<')
      rep = "&lt;";
    else if (c == '>')
      rep = "&gt;";
    else if (c == '"')
      rep = "&quot;";
    else if (c == '\'')
      rep = "&#39;";
    else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
      rep = "\xEF\xBF\xBD";
    else if (c >= 0x80) {
      /* Keep well-formed UTF-8 (no C1 controls); replace the rest. */
      len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
      uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
      for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) {
          len = 0;
          break;
        }
        cp = cp << 6 | (p[k] & 0x3F);
      }
      if (len == 0 || (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
          (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0x80 && cp <= 0x9F) ||
          cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
          (cp >= 0x2066 && cp <= 0x2069)) {
        /* Not UTF-8, a C1 control, or a mark that reverses the text around it. */
        rep = "\xEF\xBF\xBD";
        len = 1;
      }
    }
    if (rep)
      buf_puts(b, rep);
    else
      buf_put(b, (const char *)p, len);
    p += len;
  }
}

void html_escf(struct buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vput(b, html_esc, fmt, ap);
  va_end(ap);
}

const char *fmt_count(char *buf, int64_t n) {
  char digits[32];
  uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
  int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
  char *o = buf;
  if (n < 0)
    *o++ = '-';
  for (int i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0)
      *o++ = ',';
    *o++ = digits[i];
  }
  *o = '\0';
  return buf;
}

const char *fmt_pounds(char *buf, int64_t pence) {
  if (pence == DPSS_PENCE_NONE || dpss_money_format_buf(buf, NUM_BUFSIZE, pence) < 0)
    snprintf(buf, NUM_BUFSIZE, "out of range");
  return buf;
}

const char *fmt_percent(char *buf, int64_t bp) {
  const char *sign = bp < 0 ? "-" : "";
  uint64_t u = bp < 0 ? 0 - (uint64_t)bp : (uint64_t)bp;
  if (u % 100 == 0)
    snprintf(buf, NUM_BUFSIZE, "%s%llu%%", sign, (unsigned long long)(u / 100));
  else if (u % 10 == 0)
    snprintf(buf, NUM_BUFSIZE, "%s%llu.%llu%%", sign, (unsigned long long)(u / 100),
             (unsigned long long)(u % 100 / 10));
  else
    snprintf(buf, NUM_BUFSIZE, "%s%llu.%02llu%%", sign, (unsigned long long)(u / 100),
             (unsigned long long)(u % 100));
  return buf;
}

static const char *const month_names[12] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};

const char *fmt_date(char *buf, dpss_date d) {
  int y, m, day;
  if (d == DPSS_DATE_NONE || dpss_date_to_ymd(d, &y, &m, &day) != DPSS_OK)
    snprintf(buf, NUM_BUFSIZE, "none");
  else
    snprintf(buf, NUM_BUFSIZE, "%d %s %d", day, month_names[m - 1], y);
  return buf;
}

const char *fmt_month(char *buf, dpss_date d) {
  int y, m, day;
  if (dpss_date_to_ymd(d, &y, &m, &day) != DPSS_OK)
    snprintf(buf, NUM_BUFSIZE, "?");
  else
    snprintf(buf, NUM_BUFSIZE, "%.3s %d", month_names[m - 1], y);
  return buf;
}

int64_t ratio_bp(int64_t part, int64_t whole) {
  if (whole <= 0 || part <= 0)
    return 0;
  return (int64_t)(((__int128)part * 20000 + whole) / ((__int128)whole * 2));
}

/* ------------------------------------------------------------ page */

static const char css[] =
    "@page{size:A4;margin:12mm}"
    "*{box-sizing:border-box}"
    "body{font-family:'DejaVu Sans','Liberation Sans',Arial,Helvetica,sans-serif;font-size:15px;"
    "line-height:1.45;color:#1a1a1a;background:#fff;margin:0 auto;max-width:1240px;"
    "padding:20px 32px}"
    "h1{font-size:28px;margin:0 0 4px}"
    ".sub{color:#3a3a3a;margin:0 0 4px}"
    "h2{font-size:21px;margin:30px 0 2px;padding-top:10px;border-top:3px solid #1a1a1a;"
    "break-after:avoid}"
    "h3{font-size:15px;margin:0 0 4px}"
    ".lead{margin:2px 0 12px;font-size:16px;max-width:70em}"
    ".keys{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;"
    "margin:18px 0 8px;padding:0}"
    ".key{border:1px solid #c8c8c8;border-left:6px solid #0072B2;border-radius:4px;"
    "padding:8px 12px;margin:0;break-inside:avoid}"
    ".key dt{font-size:13px;color:#3a3a3a}"
    ".key dd{margin:2px 0 0;font-size:22px;font-weight:bold;font-variant-numeric:tabular-nums}"
    ".key dd small{display:block;font-size:13px;font-weight:normal;color:#3a3a3a}"
    ".key.warn{border-left-color:#D55E00}.key.good{border-left-color:#009E73}"
    "figure{margin:0}"
    ".fig{display:flex;flex-wrap:wrap;gap:14px 32px;align-items:flex-start}"
    ".panel{flex:1 1 560px;min-width:0;break-inside:avoid}.panel table{margin-top:16px}"
    ".tbl{flex:1 1 380px;min-width:0;overflow-x:auto}.tbl.w{flex-basis:490px}"
    "svg{display:block;width:100%;max-width:640px;height:auto}"
    "svg text{fill:#1a1a1a;font-family:inherit}"
    "svg .ax{font-size:12px;fill:#333}svg .vl{font-size:12px;font-weight:bold}"
    "svg .at{font-size:12px;fill:#333;font-style:italic}svg .gl{stroke:#dcdcdc}"
    "svg .rl{font-size:12px;font-weight:bold}"
    "table{border-collapse:collapse;width:100%;font-size:14px;font-variant-numeric:tabular-nums}"
    "caption{text-align:left;font-weight:bold;padding:0 0 4px}"
    "th,td{border-bottom:1px solid #cfcfcf;padding:3px 8px;text-align:right;vertical-align:top}"
    "thead th{background:#efefef;border-bottom:2px solid #1a1a1a}"
    "th:first-child,th.t{text-align:left}th[scope=row]{font-weight:normal}"
    "td{white-space:nowrap}td.t{text-align:left;white-space:normal}"
    "td.up{color:#9c3900}td.down{color:#00558a}"
    "tr.total th,tr.total td{font-weight:bold;border-top:2px solid #1a1a1a}"
    "figcaption{font-size:13px;color:#3a3a3a;margin-top:10px;border-left:3px solid #c8c8c8;"
    "padding-left:8px;max-width:80em}"
    ".note{font-size:13px;color:#3a3a3a}.nw{white-space:nowrap}"
    "th code{font-size:12px;color:#3a3a3a}"
    "footer{margin-top:36px;font-size:13px;color:#3a3a3a}"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}"
    "h2{margin-top:18px}figure{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

void html_page_start(struct buf *b, const char *title) {
  buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
              "style-src 'unsafe-inline'\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>");
  html_esc(b, title);
  buf_puts(b, "</title>\n<style>");
  buf_puts(b, css);
  buf_puts(b, "</style>\n</head>\n<body>\n");
}

void html_page_end(struct buf *b) { buf_puts(b, "</body>\n</html>\n"); }

/* ----------------------------------------------------------- tables */

void table_start(struct buf *b, const char *caption, size_t n, const char *const *heads) {
  buf_puts(b, "<table>");
  if (caption) {
    buf_puts(b, "<caption>");
    html_esc(b, caption);
    buf_puts(b, "</caption>");
  }
  buf_puts(b, "<thead><tr>");
  for (size_t i = 0; i < n; i++) {
    buf_puts(b, "<th scope=\"col\">");
    html_esc(b, heads[i]);
    buf_puts(b, "</th>");
  }
  buf_puts(b, "</tr></thead><tbody>\n");
}

void table_row(struct buf *b, const char *head) {
  buf_puts(b, "<tr><th scope=\"row\">");
  html_esc(b, head);
  buf_puts(b, "</th>");
}

void table_cell(struct buf *b, const char *text, const char *cls) {
  if (cls)
    buf_printf(b, "<td class=\"%s\">", cls);
  else
    buf_puts(b, "<td>");
  html_esc(b, text);
  buf_puts(b, "</td>");
}

void table_row_end(struct buf *b) { buf_puts(b, "</tr>\n"); }

void table_end(struct buf *b) { buf_puts(b, "</tbody></table>\n"); }

/* ----------------------------------------------------------- charts */

/* Characters in UTF-8 text (for its width). */
static int text_chars(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* The width of text at 12 px, generously. */
static int text_px(const char *s) { return text_chars(s) * 15 / 2 + 2; }

/* v on an axis ending at top, drawn len long, rounded; 0 for v <= 0. */
static int scale(int64_t v, int64_t top, int len) {
  if (v <= 0 || top <= 0)
    return 0;
  if (v >= top)
    return len;
  return (int)(((__int128)v * len * 2 + top) / ((__int128)top * 2));
}

/* A step of 1, 2 or 5 times a power of ten giving at most five steps to
 * max; whole pounds for money, whole percent for shares (then 10%, 20%...). */
static int64_t nice_step(int64_t max, enum unit u) {
  int64_t p = u == U_PENCE ? 100 : u == U_BP ? 100 : 1;
  if (max <= 0)
    return p;
  for (;;) {
    static const int m[3] = {1, 2, 5};
    for (int i = 0; i < 3; i++)
      if ((__int128)p * m[i] * 5 >= max)
        return p * m[i];
    if (p > INT64_MAX / 100)
      return p;
    p *= 10;
  }
}

static int64_t axis_top(int64_t max, enum unit u, int64_t *step) {
  *step = nice_step(max, u);
  if (max <= 0)
    return *step;
  __int128 top = ((__int128)max + *step - 1) / *step * *step;
  return top > INT64_MAX ? INT64_MAX : (int64_t)top;
}

/* A value as the chart shows it. */
static const char *fmt_value(char *buf, int64_t v, enum unit u) {
  if (u == U_PENCE)
    return fmt_pounds(buf, v);
  if (u == U_BP)
    return fmt_percent(buf, v);
  return fmt_count(buf, v);
}

/* An axis tick: money in whole pounds without the pence. */
static const char *fmt_tick(char *buf, int64_t v, enum unit u) {
  fmt_value(buf, v, u);
  size_t n = strlen(buf);
  if (u == U_PENCE && n > 3 && strcmp(buf + n - 3, ".00") == 0)
    buf[n - 3] = '\0';
  return buf;
}

int64_t chart_data_max(const struct chart *c) {
  int64_t max = 0;
  for (size_t i = 0; i < c->n_cats; i++) {
    int64_t sum = 0;
    for (size_t s = 0; s < c->n_series; s++) {
      int64_t v = c->v[i * c->n_series + s];
      if (v <= 0)
        continue;
      if (!c->stacked)
        sum = v;
      else if (__builtin_add_overflow(sum, v, &sum))
        sum = INT64_MAX;
      if (sum > max)
        max = sum;
    }
  }
  return max;
}

static void svg_open(struct buf *b, int w, int h, const char *title) {
  buf_printf(b, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" "
                "height=\"%d\" role=\"img\"><title>",
             w, h, w, h);
  html_esc(b, title);
  buf_puts(b, " (the table gives the figures)</title>\n");
}

/* Text at (x, y); anchor "start", "middle" or "end"; "\n" breaks lines. */
static void svg_text(struct buf *b, int x, int y, const char *anchor, const char *cls,
                     const char *text) {
  buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor, cls);
  const char *nl = strchr(text, '\n');
  if (!nl) {
    html_esc(b, text);
  } else {
    for (int line = 0; text; line++) {
      nl = strchr(text, '\n');
      size_t n = nl ? (size_t)(nl - text) : strlen(text);
      char part[128];
      snprintf(part, sizeof part, "%.*s", (int)(n < sizeof part ? n : sizeof part - 1), text);
      buf_printf(b, "<tspan x=\"%d\" dy=\"%s\">", x, line ? "1.2em" : "0");
      html_esc(b, part);
      buf_puts(b, "</tspan>");
      text = nl ? nl + 1 : NULL;
    }
  }
  buf_puts(b, "</text>\n");
}

static void svg_rect(struct buf *b, int x, int y, int w, int h, const char *fill,
                     const char *tip) {
  buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">", x, y, w, h,
             fill);
  if (tip) {
    buf_puts(b, "<title>");
    html_esc(b, tip);
    buf_puts(b, "</title>");
  }
  buf_puts(b, "</rect>\n");
}

/* A key of the series, in one row from (x, y). */
static void svg_legend(struct buf *b, int x, int y, const struct chart *c) {
  for (size_t s = 0; s < c->n_series; s++) {
    svg_rect(b, x, y - 10, 12, 12, c->series[s].colour, NULL);
    svg_text(b, x + 17, y, "start", "ax", c->series[s].name);
    x += 17 + text_px(c->series[s].name) + 18;
  }
}

static const char *value_label(const struct chart *c, size_t k, char *buf) {
  return c->labels && c->labels[k] ? c->labels[k] : fmt_value(buf, c->v[k], c->unit);
}

void svg_columns(struct buf *b, const struct chart *c) {
  enum { R = 10 };
  int64_t step, top = axis_top(c->max ? c->max : chart_data_max(c), c->unit, &step);
  char t[NUM_BUFSIZE];
  int tick_w = text_px(fmt_tick(t, top, c->unit));
  int lines = 1; /* the most lines a category label has */
  for (size_t i = 0; i < c->n_cats; i++) {
    int n = 1;
    for (const char *p = c->cats[i]; *p; p++)
      n += *p == '\n';
    lines = n > lines ? n : lines;
  }
  int L = 22 + tick_w + 8, T = c->n_series > 1 ? 34 : 20;
  int B = 22 + lines * 14 + (c->x_title ? 18 : 0);
  int n_bars = c->stacked ? 1 : (int)c->n_series;
  /* At least 18 px a bar (wider charts are drawn smaller on the page). */
  int W = L + R + (int)c->n_cats * n_bars * 18 * 10 / 7;
  W = W < 640 ? 640 : W;
  int ph = 250, pw = W - L - R, H = T + ph + B;
  svg_open(b, W, H, c->title);
  if (c->n_series > 1)
    svg_legend(b, L, 16, c);
  for (int64_t v = 0; v <= top; v += step) {
    int y = T + ph - scale(v, top, ph);
    buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"gl\"/>\n", L, L + pw, y, y);
    svg_text(b, L - 6, y + 4, "end", "ax", fmt_tick(t, v, c->unit));
    if (v > top - step)
      break;
  }
  if (c->y_title) {
    buf_printf(b, "<g transform=\"translate(14 %d) rotate(-90)\">", T + ph / 2);
    svg_text(b, 0, 0, "middle", "at", c->y_title);
    buf_puts(b, "</g>\n");
  }
  int gw = c->n_cats ? pw / (int)c->n_cats : pw;
  int bw = gw * 7 / 10 / n_bars;
  if (bw < 2)
    bw = 2;
  /* Value labels on every bar when they all fit, else none (the table has them). */
  bool labels = true;
  for (size_t i = 0; i < c->n_cats; i++) {
    int64_t sum = 0;
    for (size_t s = 0; s < c->n_series; s++) {
      size_t k = i * c->n_series + s;
      char vb[NUM_BUFSIZE];
      sum += c->v[k] > 0 ? c->v[k] : 0;
      if (!c->stacked && text_px(value_label(c, k, vb)) > gw / n_bars + 2)
        labels = false;
    }
    if (c->stacked && text_px(fmt_value(t, sum, c->unit)) > gw)
      labels = false;
  }
  int x0 = L + (gw - bw * n_bars) / 2;
  for (size_t i = 0; i < c->n_cats; i++) {
    int x = x0 + (int)i * gw, base = T + ph;
    int64_t sum = 0;
    for (size_t s = 0; s < c->n_series; s++) {
      size_t k = i * c->n_series + s;
      int64_t v = c->v[k];
      char tip[256], vb[NUM_BUFSIZE];
      snprintf(tip, sizeof tip, "%s%s%s: %s", c->cats[i], c->n_series > 1 ? ", " : "",
               c->n_series > 1 ? c->series[s].name : "", value_label(c, k, vb));
      for (char *p = tip; *p; p++)
        if (*p == '\n')
          *p = ' ';
      if (c->stacked) {
        int y1 = T + ph - scale(sum + v, top, ph), y0 = T + ph - scale(sum, top, ph);
        if (v > 0)
          svg_rect(b, x, y1, bw, y0 - y1 > 0 ? y0 - y1 : 1, c->series[s].colour, tip);
        sum += v > 0 ? v : 0;
        continue;
      }
      int h = scale(v, top, ph);
      if (v > 0 && h == 0)
        h = 1;
      int bx = x + (int)s * bw;
      svg_rect(b, bx, base - h, bw, h, c->colours ? c->colours[i] : c->series[s].colour, tip);
      /* Zero is left unlabelled beside other series (it reads as clutter). */
      if (labels && (v != 0 || c->n_series == 1))
        svg_text(b, bx + bw / 2, base - h - 4, "middle", "vl", value_label(c, k, vb));
    }
    if (c->stacked && labels)
      svg_text(b, x + bw / 2, T + ph - scale(sum, top, ph) - 4, "middle", "vl",
               fmt_value(t, sum, c->unit));
    svg_text(b, L + (int)i * gw + gw / 2, T + ph + 17, "middle", "ax", c->cats[i]);
  }
  buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>\n", L, L + pw,
             T + ph, T + ph, C_INK);
  if (c->x_title)
    svg_text(b, L + pw / 2, H - 6, "middle", "at", c->x_title);
  buf_puts(b, "</svg>\n");
}

void svg_bars(struct buf *b, const struct chart *c) {
  enum { W = 640, ROW = 30, R = 8 };
  int64_t step, top = axis_top(c->max ? c->max : chart_data_max(c), c->unit, &step);
  char t[NUM_BUFSIZE];
  int lw = 40, vw = 40;
  for (size_t i = 0; i < c->n_cats; i++) {
    int w = text_px(c->cats[i]);
    lw = w > lw ? w : lw;
    for (size_t s = 0; s < c->n_series; s++) {
      w = text_px(value_label(c, i * c->n_series + s, t));
      vw = w > vw ? w : vw;
    }
  }
  if (lw > 280)
    lw = 280;
  if (vw > 260)
    vw = 260;
  int L = lw + 12, T = (c->n_refs ? 26 : 8) + (c->n_series > 1 ? 22 : 0);
  int pw = W - L - R - vw - 8, row = ROW + (int)(c->n_series - 1) * 18;
  int ph = (int)c->n_cats * row, B = c->x_title ? 48 : 30;
  int H = T + ph + B;
  svg_open(b, W, H, c->title);
  if (c->n_series > 1)
    svg_legend(b, L, 16, c);
  for (int64_t v = 0; v <= top; v += step) {
    int x = L + scale(v, top, pw);
    buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"gl\"/>\n", x, x, T,
               T + ph);
    svg_text(b, x, T + ph + 16, "middle", "ax", fmt_tick(t, v, c->unit));
    if (v > top - step)
      break;
  }
  int bh = (ROW - 10) - (c->n_series > 1 ? 4 : 0);
  for (size_t i = 0; i < c->n_cats; i++) {
    int y = T + (int)i * row + 5;
    char one[128];
    snprintf(one, sizeof one, "%s", c->cats[i]);
    for (char *p = one; *p; p++)
      if (*p == '\n')
        *p = ' ';
    if (text_px(one) > lw) { /* too long: cut, with an ellipsis (the tooltip has it all) */
      size_t keep = 0;
      for (int chars = 0, max = (lw - 2) * 2 / 15 - 1; one[keep] && chars < max; chars++)
        do
          keep++;
        while (((unsigned char)one[keep] & 0xC0) == 0x80);
      char cut[128];
      snprintf(cut, sizeof cut, "%.*s\xE2\x80\xA6", (int)keep, one);
      svg_text(b, L - 8, y + row / 2 + 1, "end", "ax", cut);
    } else {
      svg_text(b, L - 8, y + row / 2 + 1, "end", "ax", one);
    }
    for (size_t s = 0; s < c->n_series; s++) {
      size_t k = i * c->n_series + s;
      int by = y + (int)s * (bh + 4);
      if (c->track)
        svg_rect(b, L, by, pw, bh, "#ececec", NULL);
      int w = scale(c->v[k], top, pw);
      if (c->v[k] > 0 && w == 0)
        w = 2;
      char vb[NUM_BUFSIZE], tip[256];
      const char *lab = value_label(c, k, vb);
      snprintf(tip, sizeof tip, "%s: %s", one, lab);
      svg_rect(b, L, by, w, bh, c->colours ? c->colours[i] : c->series[s].colour, tip);
      svg_text(b, (c->track ? L + pw : L + w) + 6, by + bh / 2 + 5, "start", "vl", lab);
    }
  }
  buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>\n", L, L, T,
             T + ph, C_INK);
  for (size_t r = 0; r < c->n_refs; r++) {
    int x = L + scale(c->refs[r].at, top, pw);
    buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                  "stroke-width=\"2.5\" stroke-dasharray=\"6 4\"/>\n",
               x, x, T - 6, T + ph + 4, c->refs[r].colour);
    int tw = text_px(c->refs[r].label);
    const char *anchor = x + tw / 2 > W ? "end" : x - tw / 2 < 0 ? "start" : "middle";
    buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"rl\" fill=\"%s\" "
                  "style=\"fill:%s\">",
               x, T - 10, anchor, c->refs[r].colour, c->refs[r].colour);
    html_esc(b, c->refs[r].label);
    buf_puts(b, "</text>\n");
  }
  if (c->x_title)
    svg_text(b, L + pw / 2, H - 8, "middle", "at", c->x_title);
  buf_puts(b, "</svg>\n");
}

void svg_mix(struct buf *b, const char *title, size_t n_rows, const struct mix_row *rows) {
  enum { W = 640, BAR = 34, KEY = 20 };
  /* Each row: its label, the bar, then the key (wrapped onto lines). */
  int H = 8;
  int key_lines[8] = {0};
  for (size_t r = 0; r < n_rows && r < 8; r++) {
    int x = 0, lines = 1;
    for (size_t s = 0; s < rows[r].n; s++) {
      char n[NUM_BUFSIZE], label[256];
      snprintf(label, sizeof label, "%s %s", rows[r].seg[s].label, fmt_count(n, rows[r].seg[s].value));
      int w = 17 + text_px(label) + 60;
      if (x + w > W && x > 0) {
        lines++;
        x = 0;
      }
      x += w;
    }
    key_lines[r] = lines;
    H += 22 + BAR + 8 + lines * KEY + 14;
  }
  svg_open(b, W, H, title);
  int y = 8;
  for (size_t r = 0; r < n_rows && r < 8; r++) {
    const struct mix_row *row = &rows[r];
    int64_t total = 0;
    for (size_t s = 0; s < row->n; s++)
      total += row->seg[s].value > 0 ? row->seg[s].value : 0;
    buf_printf(b, "<text x=\"0\" y=\"%d\" class=\"vl\" style=\"font-size:13px\">", y + 14);
    html_esc(b, row->label);
    buf_puts(b, "</text>\n");
    y += 22;
    int x = 0;
    int64_t acc = 0;
    svg_rect(b, 0, y, W, BAR, "#ececec", NULL);
    for (size_t s = 0; s < row->n; s++) {
      int64_t v = row->seg[s].value > 0 ? row->seg[s].value : 0;
      acc += v;
      int x1 = scale(acc, total, W);
      char n[NUM_BUFSIZE], p[NUM_BUFSIZE], tip[256];
      snprintf(tip, sizeof tip, "%s: %s (%s)", row->seg[s].label, fmt_count(n, v),
               fmt_percent(p, ratio_bp(v, total)));
      if (x1 > x) {
        svg_rect(b, x, y, x1 - x, BAR, row->seg[s].colour, tip);
        fmt_percent(p, (ratio_bp(v, total) + 50) / 100 * 100);
        if (x1 - x >= text_px(p) + 8)
          buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"vl\" "
                        "style=\"fill:#fff\">%s</text>\n",
                     (x + x1) / 2, y + BAR / 2 + 5, p);
      }
      x = x1;
    }
    y += BAR + 8;
    /* The key: a swatch, the label, the count and the share. */
    int kx = 0, ky = y + 14;
    for (size_t s = 0; s < row->n; s++) {
      char n[NUM_BUFSIZE], p[NUM_BUFSIZE], label[256];
      int64_t v = row->seg[s].value > 0 ? row->seg[s].value : 0;
      snprintf(label, sizeof label, "%s %s", row->seg[s].label, fmt_count(n, v));
      int w = 17 + text_px(label) + 60;
      if (kx + w > W && kx > 0) {
        kx = 0;
        ky += KEY;
      }
      svg_rect(b, kx, ky - 11, 12, 12, row->seg[s].colour, NULL);
      buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"ax\">", kx + 17, ky);
      html_esc(b, row->seg[s].label);
      buf_printf(b, " <tspan font-weight=\"bold\">%s</tspan> (%s)</text>\n", n,
                 fmt_percent(p, ratio_bp(v, total)));
      kx += w;
    }
    y += key_lines[r] * KEY + 14;
  }
  buf_puts(b, "</svg>\n");
}
