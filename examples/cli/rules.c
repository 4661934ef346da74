/* SPDX-License-Identifier: MIT */
/* dpss rules: the rule catalogue (dpss/rules.h), for case workers reading a
 * trace: each rule's id, title, statement, source and parameters. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

/* Append text wrapped to width columns, each line indented. */
static void wrapped(struct buf *b, const char *text, int indent, int width) {
  int col = indent;
  buf_printf(b, "%*s", indent, "");
  while (*text) {
    while (*text == ' ')
      text++;
    size_t n = strcspn(text, " ");
    if (!n)
      break;
    if (col > indent && col + 1 + (int)n > width) {
      buf_printf(b, "\n%*s", indent, "");
      col = indent;
    } else if (col > indent) {
      buf_put(b, " ", 1);
      col++;
    }
    buf_put(b, text, n);
    col += (int)n;
    text += n;
  }
  buf_put(b, "\n", 1);
}

static void rule_text(struct buf *b, size_t i, bool first) {
  const char *params = dpss_rule_parameters(i);
  struct buf line = {0};
  buf_printf(b, "%s%s  %s\n", first ? "" : "\n", dpss_rule_id(i), dpss_rule_title(i));
  wrapped(b, dpss_rule_statement(i), 4, 80);
  buf_printf(&line, "Source: %s", dpss_rule_source(i));
  wrapped(b, line.p ? line.p : "", 4, 80);
  line.len = 0;
  buf_printf(&line, "Parameters: %s", *params ? params : "none");
  wrapped(b, line.p ? line.p : "", 4, 80);
  b->oom |= line.oom;
  buf_free(&line);
}

/* As docs/rules.md writes a rule (without its code and cases). */
static void rule_markdown(struct buf *b, size_t i) {
  const char *params = dpss_rule_parameters(i);
  buf_printf(b, "### %s %s\n\n%s\n\n- **Source:** %s\n- **Parameters:** ", dpss_rule_id(i),
             dpss_rule_title(i), dpss_rule_statement(i), dpss_rule_source(i));
  if (!*params) {
    buf_puts(b, "none");
  } else {
    /* Each parameter as code: "`a`, `b`". */
    for (const char *p = params; *p;) {
      while (*p == ' ' || *p == ',')
        p++;
      size_t n = strcspn(p, ",");
      while (n && p[n - 1] == ' ')
        n--;
      if (!n)
        break;
      buf_printf(b, "%s`%.*s`", p == params ? "" : ", ", (int)n, p);
      p += n;
    }
  }
  buf_puts(b, "\n\n");
}

/* The catalogue as JSON (dpss_rules_to_json), only the rules in `want`
 * when any are named. */
static int rules_json(struct buf *b, const bool *want, bool all) {
  char *json = NULL;
  if (dpss_rules_to_json(&json) != DPSS_OK) {
    report_error("rules");
    return EXIT_USAGE;
  }
  if (all) {
    buf_puts(b, json);
  } else {
    json_t *v = json_loads(json, 0, NULL), *keep = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
      int k = dpss_rule_find(json_string_value(json_object_get(e, "id")));
      if (k >= 0 && want[k])
        json_array_append(keep, e);
    }
    char *s = json_dumps(keep, JSON_COMPACT);
    if (s)
      buf_puts(b, s);
    else
      b->oom = true;
    free(s);
    json_decref(keep);
    json_decref(v);
  }
  buf_puts(b, "\n");
  dpss_free(json);
  return 0;
}

static int run(const struct command *cmd, struct args *a) {
  enum format f;
  if (args_format(cmd, a, FMT_TEXT, "text json markdown", &f))
    return EXIT_USAGE;
  size_t n = dpss_rule_count();
  bool *want = calloc(n ? n : 1, sizeof *want);
  if (!want)
    return usage_error(NULL, "out of memory");
  for (int k = 0; k < a->n_pos; k++) {
    int i = dpss_rule_find(a->pos[k]);
    if (i < 0) {
      free(want);
      return usage_error(cmd, "no rule '%s' in the catalogue ('dpss rules' lists them)",
                         a->pos[k]);
    }
    want[i] = true;
  }
  bool all = a->n_pos == 0;
  struct buf b = {0};
  int rc = 0;
  if (f == FMT_JSON) {
    rc = rules_json(&b, want, all);
  } else {
    if (f == FMT_MARKDOWN && all)
      buf_puts(&b, "# The rules libdpss applies\n\n");
    for (size_t i = 0; i < n; i++) {
      if (!all && !want[i])
        continue;
      if (f == FMT_MARKDOWN)
        rule_markdown(&b, i);
      else
        rule_text(&b, i, b.len == 0);
    }
  }
  free(want);
  if (!rc && b.oom) {
    fprintf(stderr, "dpss: out of memory\n");
    rc = EXIT_USAGE;
  }
  struct output out = {0};
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
  if (!rc) {
    output_write(&out, b.p, b.len);
    rc = output_close(&out);
  }
  buf_free(&b);
  return rc;
}

const struct command cmd_rules = {
    "rules",
    "the rule catalogue: each rule's id, title, statement, source and parameters",
    "dpss rules [--format FORMAT] [-o FILE] [ID...]",
    "List the rules libdpss applies, the ids every decision's trace names: for each,\n"
    "its title, its statement as libdpss applies it, where it comes from and the\n"
    "policy parameters it uses; only the rules named when ids are given (E1 S1 ...).\n"
    "Text by default; --format json writes the catalogue as a JSON array of {id,\n"
    "title, statement, source, parameters}; --format markdown as docs/rules.md\n"
    "writes each rule.",
    OPT(JSON) | OPT(FORMAT) | OPT(OUTPUT),
    "text, json or markdown",
    0,
    1 << 20,
    run,
};
