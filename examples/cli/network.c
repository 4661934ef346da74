/* SPDX-License-Identifier: MIT */
/* The provider network commands: network check, route, transition, market. */
#include <string.h>

#include "cli.h"

/* The policy, as-of date and network every command here starts from.
 * A network file that cannot be used exits 2, as a policy file does;
 * for 'network check' an invalid network is the check's answer (1). */
static int load_network(const char *file, int invalid, dpss_policy **policy, dpss_date *as_of,
                        dpss_network **net, const struct args *a) {
  int rc = load_policy(a, policy, as_of);
  if (rc)
    return rc;
  rc = dpss_network_from_file(net, file, *policy, *as_of);
  if (rc != DPSS_OK) {
    report_error(file);
    return file_status(rc, invalid);
  }
  return 0;
}

/* ------------------------------------------------------------- network check */

static int run_check(const struct command *cmd, struct args *a) {
  (void)cmd;
  dpss_policy *policy = NULL;
  dpss_network *net = NULL;
  dpss_date as_of;
  struct output out = {0};
  int rc = load_network(a->pos[0], EXIT_REJECTED, &policy, &as_of, &net, a);
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
  if (!rc) {
    size_t associates = 0;
    for (size_t i = 0; i < dpss_network_provider_count(net); i++)
      associates += dpss_network_provider_role(net, i) == DPSS_ROLE_ASSOCIATE;
    output_printf(&out, "network %s: valid (N1, N2); lead %s, %zu associates, %zu providers\n",
                  dpss_network_id(net), dpss_network_lead(net), associates,
                  dpss_network_provider_count(net));
    rc = output_close(&out);
  }
  dpss_network_free(net);
  dpss_policy_free(policy);
  return rc;
}

const struct command cmd_network_check = {
    "network check",
    "check a provider network: one lead, at least min_associates associates",
    "dpss network check [--policy FILE] [--set NAME=VALUE]... [--as-of DATE] [-o FILE] NET.json",
    "Check a provider network (N1): one lead agent and at least min_associates\n"
    "associates, each provider once, capacities in range. Exit status 1 (the fault\n"
    "named on stderr) when the network is not valid.",
    OPT(POLICY) | OPT(SET) | OPT(AS_OF) | OPT(OUTPUT),
    NULL,
    1,
    1,
    run_check,
};

/* ------------------------------------------------------------------- route */

struct route_ctx {
  dpss_network *net;
  bool summary;
  enum format format;
  struct output *out;
  struct buf row;
  long unrouted;
};

static int route_one(void *ctx, const dpss_recipient *r) {
  struct route_ctx *c = ctx;
  dpss_routing *o;
  int rc = dpss_network_route(&o, c->net, r);
  if (rc)
    return rc;
  if (!dpss_routing_provider(o))
    c->unrouted++;
  if (!c->summary) {
    char *json;
    if ((rc = dpss_routing_to_json(o, &json)) == DPSS_OK) {
      if (c->format == FMT_CSV) {
        c->row.len = 0;
        csv_rows(&c->row, &csv_routings, json);
        output_write(c->out, c->row.p, c->row.len);
      } else {
        output_puts(c->out, json);
        output_puts(c->out, "\n");
      }
      dpss_free(json);
    }
  }
  dpss_routing_free(o);
  return rc;
}

static void route_summary(const struct route_ctx *c, struct output *out) {
  dpss_network *net = c->net;
  size_t n = dpss_network_provider_count(net);
  if (c->format == FMT_JSON) {
    struct buf j = {0};
    buf_puts(&j, "{\"network\":");
    buf_json_str(&j, dpss_network_id(net));
    buf_puts(&j, ",\"lead\":");
    buf_json_str(&j, dpss_network_lead(net));
    buf_puts(&j, ",\"providers\":[");
    for (size_t i = 0; i < n; i++) {
      buf_puts(&j, i ? ",{\"id\":" : "{\"id\":");
      buf_json_str(&j, dpss_network_provider_id(net, i));
      buf_printf(&j, ",\"role\":\"%s\",\"routed\":%lld,\"caseload\":%lld,\"capacity\":%lld}",
                 dpss_network_provider_role(net, i) == DPSS_ROLE_LEAD ? "lead" : "associate",
                 (long long)dpss_network_provider_routed(net, i),
                 (long long)dpss_network_provider_caseload(net, i),
                 (long long)dpss_network_provider_capacity(net, i));
    }
    buf_printf(&j, "],\"unrouted\":%ld}\n", c->unrouted);
    if (j.oom)
      fprintf(stderr, "dpss: out of memory\n");
    else
      output_write(out, j.p, j.len);
    buf_free(&j);
    return;
  }
  output_printf(out, "Routing through %s (network %s)\n", dpss_network_lead(net),
                dpss_network_id(net));
  output_printf(out, "  %-12s %-10s %8s %10s %10s\n", "provider", "role", "routed", "caseload",
                "capacity");
  for (size_t i = 0; i < n; i++)
    output_printf(out, "  %-12s %-10s %8lld %10lld %10lld\n", dpss_network_provider_id(net, i),
                  dpss_network_provider_role(net, i) == DPSS_ROLE_LEAD ? "lead" : "associate",
                  (long long)dpss_network_provider_routed(net, i),
                  (long long)dpss_network_provider_caseload(net, i),
                  (long long)dpss_network_provider_capacity(net, i));
  output_printf(out, "  %-12s %-10s %8ld\n", "unrouted", "", c->unrouted);
}

/* Everything route, transition and market share before reading records. */
struct setup {
  dpss_policy *policy;
  dpss_network *net;
  dpss_date as_of;
  dpss_reader *in;
  struct output out;
};

static int setup(const struct command *cmd, struct args *a, struct setup *s) {
  memset(s, 0, sizeof *s);
  if (!args_has(a, OPT_NETWORK))
    return usage_error(cmd, "--network FILE is required");
  int rc = load_network(a->value[OPT_NETWORK], EXIT_USAGE, &s->policy, &s->as_of, &s->net, a);
  if (!rc)
    rc = open_io(a, &s->in, &s->out);
  return rc;
}

static void teardown(struct setup *s) {
  dpss_reader_free(s->in);
  dpss_network_free(s->net);
  dpss_policy_free(s->policy);
}

static int run_route(const struct command *cmd, struct args *a) {
  bool summary = args_has(a, OPT_SUMMARY);
  enum format f;
  if (args_format(cmd, a, summary ? FMT_TEXT : FMT_JSON, summary ? "text json" : "json csv", &f))
    return EXIT_USAGE;
  struct setup s;
  int rc = setup(cmd, a, &s);
  if (!rc) {
    struct route_ctx c = {s.net, summary, f, &s.out, {0}, 0};
    struct tally t = {0};
    if (f == FMT_CSV) {
      csv_header(&c.row, &csv_routings);
      output_write(&s.out, c.row.p, c.row.len);
    }
    each_recipient(s.in, a->pos[0], route_one, &c, &t);
    if (summary)
      route_summary(&c, &s.out);
    buf_free(&c.row);
    rc = WORST(tally_finish(a->pos[0], &t), output_close(&s.out));
  }
  teardown(&s);
  return rc;
}

const struct command cmd_route = {
    "route",
    "route each referral through the lead agent to one provider",
    "dpss route --network NET.json [--as-of DATE] [--policy FILE] [--set NAME=VALUE]...\n"
    "                  [--summary] [--format FORMAT] [-o FILE] FILE|-",
    "Route each referral (a recipient record) through the lead agent: the person's\n"
    "choice (N5), else continuity of a successful arrangement (N4), a specialist for\n"
    "specialist needs (N3), else the fair spread (N5). One outcome per referral\n"
    "(JSON Lines, or CSV: id, provider, role, via, rules, because), or with --summary\n"
    "a table per provider (text, or JSON with --format json).",
    OPT(NETWORK) | OPT(AS_OF) | OPT(POLICY) | OPT(SET) | OPT(SUMMARY) | OPT(JSON) | OPT(FORMAT) |
        OPT(OUTPUT) | OPT(INPUT_FORMAT),
    "json or csv (with --summary: text or json)",
    1,
    1,
    run_route,
};

/* -------------------------------------------------------------- transition */

static int add_transfer(void *ctx, const dpss_recipient *r) { return dpss_transition_add(ctx, r); }

/* JSON Lines text out as it is, or as CSV rows under a header. */
static void write_lines(struct output *out, const char *jsonl, enum format f,
                        const struct csv_table *table) {
  if (f != FMT_CSV) {
    output_puts(out, jsonl);
    return;
  }
  struct buf b = {0};
  csv_header(&b, table);
  if (csv_rows_lines(&b, table, jsonl) < 0 || b.oom)
    fprintf(stderr, "dpss: out of memory writing CSV\n");
  output_write(out, b.p, b.len);
  buf_free(&b);
}

static int run_transition(const struct command *cmd, struct args *a) {
  enum format f;
  dpss_date start;
  if (args_format(cmd, a, FMT_JSON, "json csv", &f) ||
      parse_date_option(cmd, "--start", a->value[OPT_START], &start))
    return EXIT_USAGE;
  struct setup s;
  dpss_transition *tr = NULL;
  int rc = setup(cmd, a, &s);
  if (!rc && dpss_transition_new(&tr, s.net, s.policy, start) != DPSS_OK) {
    report_error("transition");
    rc = EXIT_USAGE;
  }
  if (!rc) {
    struct tally t = {0};
    each_recipient(s.in, a->pos[0], add_transfer, tr, &t);
    char *text;
    if (dpss_transition_to_jsonl(tr, &text) == DPSS_OK) {
      write_lines(&s.out, text, f, &csv_transfers);
      dpss_free(text);
    } else {
      report_error("transition");
      t.unreadable = true;
    }
    rc = WORST(tally_finish(a->pos[0], &t), output_close(&s.out));
  }
  dpss_transition_free(tr);
  teardown(&s);
  return rc;
}

const struct command cmd_transition = {
    "transition",
    "plan the move of today's caseload to a new network (X1)",
    "dpss transition --network NET.json --start DATE [--policy FILE] [--set NAME=VALUE]...\n"
    "                       [--format FORMAT] [-o FILE] FILE|-",
    "Plan the move of today's caseload to a new network: new referrals and\n"
    "higher-risk packages move on the start date, everyone else at their next yearly\n"
    "review; successful arrangements stay with their provider as an associate. One\n"
    "dated transfer per line (JSON Lines, or CSV: id, date, priority, from_provider,\n"
    "to_provider, role, rules, because).",
    OPT(NETWORK) | OPT(START) | OPT(POLICY) | OPT(SET) | OPT(AS_OF) | OPT(JSON) | OPT(FORMAT) |
        OPT(OUTPUT) | OPT(INPUT_FORMAT),
    "json or csv",
    1,
    1,
    run_transition,
};

/* ------------------------------------------------------------------ market */

static int add_share(void *ctx, const dpss_recipient *r) { return dpss_market_add(ctx, r); }

static int run_market(const struct command *cmd, struct args *a) {
  enum format f;
  if (args_format(cmd, a, FMT_TEXT, "text json", &f))
    return EXIT_USAGE;
  struct setup s;
  dpss_market *m = NULL;
  int rc = setup(cmd, a, &s);
  if (!rc && dpss_market_new(&m, s.net, s.policy, s.as_of) != DPSS_OK) {
    report_error("market");
    rc = EXIT_USAGE;
  }
  if (!rc) {
    struct tally t = {0};
    each_recipient(s.in, a->pos[0], add_share, m, &t);
    char *text;
    if ((f == FMT_JSON ? dpss_market_to_json(m, &text) : dpss_market_to_text(m, &text)) ==
        DPSS_OK) {
      output_puts(&s.out, text);
      if (f == FMT_JSON)
        output_puts(&s.out, "\n");
      dpss_free(text);
    } else {
      report_error("market");
      t.unreadable = true;
    }
    rc = WORST(tally_finish(a->pos[0], &t), output_close(&s.out));
  }
  dpss_market_free(m);
  teardown(&s);
  return rc;
}

const struct command cmd_market = {
    "market",
    "market shares by provider, the HHI, viability and dominance warnings (N6)",
    "dpss market --network NET.json [--as-of DATE] [--policy FILE] [--set NAME=VALUE]...\n"
    "                   [--format FORMAT] [-o FILE] FILE|-",
    "Count each recipient under the provider that supports them and report each\n"
    "provider's share, the largest share, the Herfindahl-Hirschman index, and\n"
    "warnings below market_viability_floor_percent or above\n"
    "market_dominance_ceiling_percent (text, or JSON with --format json or --json).",
    OPT(NETWORK) | OPT(AS_OF) | OPT(POLICY) | OPT(SET) | OPT(JSON) | OPT(FORMAT) | OPT(OUTPUT) |
        OPT(INPUT_FORMAT),
    "text or json",
    1,
    1,
    run_market,
};
