/* SPDX-License-Identifier: MIT */
/* dpss report --html: one self-contained page of charts and tables over a
 * caseload, for commissioners.
 *
 * One pass over the records, on one thread: each recipient is read through
 * the library's reader (each_recipient, records.c), evaluated under the
 * policy (and the alternative, when given), and counted by the library's
 * own summaries (dpss_summary, dpss_return, dpss_market, dpss_totals,
 * dpss_comparison) and by the few distributions they do not break down
 * (surpluses by amount, reviews and audits by month, open issues by age).
 * One thread keeps it simple: the market and the return have no merge, and
 * a caseload of 50,000 takes about a second (see the README). The page is
 * built in memory and written at the end (report_page.c, html.c). */
#include <stdlib.h>
#include <string.h>

#include "report.h"

const int64_t band_floor[N_BANDS] = {0, 10000, 50000, 100000, 250000, 500000};
const char *const band_name[N_BANDS] = {"under £100",         "£100 to £500",
                                        "£500 to £1,000",     "£1,000 to £2,500",
                                        "£2,500 to £5,000",   "£5,000 or more"};
const int32_t age_top[N_AGES] = {7, 14, 28, 56, 90, INT32_MAX};
const char *const age_name[N_AGES] = {"0-7",   "8-14",  "15-28",
                                      "29-56", "57-90", "over 90"};

static int due_bucket(const struct report *r, dpss_date d) {
  if (d == DPSS_DATE_NONE)
    return DUE_NONE;
  if (d <= r->as_of)
    return DUE_NOW;
  for (int k = 0; k < N_MONTHS; k++)
    if (d < r->month[k + 1])
      return k + 1;
  return DUE_LATER;
}

/* Count what the library's summaries do not break down. */
static void count(const struct report *r, struct side *s) {
  const dpss_decision *d = s->decision;
  if (dpss_decision_reclaim(d) == DPSS_TRUE) {
    int64_t excess = dpss_decision_excess_pence(d);
    int k = N_BANDS - 1;
    while (k > 0 && excess < band_floor[k])
      k--;
    s->band[k]++;
  }
  s->review[due_bucket(r, dpss_decision_review_due(d))]++;
  s->audit[due_bucket(r, dpss_decision_audit_due(d))]++;
  for (size_t i = 0; i < dpss_decision_escalation_count(d); i++) {
    int32_t days = dpss_decision_escalation_open_days(d, i);
    int k = 0;
    while (k < N_AGES - 1 && days > age_top[k])
      k++;
    s->age[k][dpss_decision_escalation_review(d, i) ? 1 : 0]++;
  }
}

/* One recipient: everything that can fail first (the evaluations, the
 * schedules, the return and the market, which keep no partial count), then
 * the counts that cannot. */
static int add_recipient(void *ctx, const dpss_recipient *rec) {
  struct report *r = ctx;
  int rc;
  for (int k = 0; k < r->n_sides; k++) {
    struct side *s = &r->side[k];
    if ((rc = dpss_evaluate_into(s->decision, s->policy, rec, r->as_of)) != DPSS_OK)
      return rc;
    if (s->totals) {
      dpss_schedule_free(s->schedule);
      s->schedule = NULL;
      if ((rc = dpss_schedule_build(&s->schedule, s->policy, rec, r->from, r->to)) != DPSS_OK)
        return rc;
    }
  }
  for (int k = 0; k < r->n_sides; k++)
    if ((rc = dpss_return_add(r->side[k].ret, rec)) != DPSS_OK)
      return rc;
  for (int k = 0; k < r->n_sides; k++)
    if (r->side[k].market && (rc = dpss_market_add(r->side[k].market, rec)) != DPSS_OK)
      return rc;
  for (int k = 0; k < r->n_sides; k++) {
    struct side *s = &r->side[k];
    dpss_summary_add(s->summary, s->decision);
    if (s->totals)
      dpss_totals_add(s->totals, s->schedule);
    count(r, s);
  }
  if (r->cmp) {
    dpss_comparison_add(r->cmp, r->side[0].decision, r->side[1].decision, NULL);
    if (r->side[0].schedule)
      dpss_comparison_add_payments(r->cmp, r->side[0].schedule, r->side[1].schedule);
  }
  return DPSS_OK;
}

/* The policy's name and its overrides as text: "a=1, b=x". */
static int describe(struct side *s) {
  struct buf b = {0};
  buf_printf(&b, "%s (version %s)", dpss_policy_id(s->policy), dpss_policy_version(s->policy));
  s->name = b.p;
  memset(&b, 0, sizeof b);
  buf_puts(&b, "");
  char *json = NULL;
  if (dpss_policy_overrides_json(s->policy, &json) != DPSS_OK)
    return -1;
  json_t *o = json_loads(json, 0, NULL);
  dpss_free(json);
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    buf_printf(&b, "%s%s=%s", b.len ? ", " : "", key, text ? text : json_string_value(v));
    free(text);
  }
  json_decref(o);
  s->overrides = b.p;
  return s->name && s->overrides && !b.oom ? 0 : -1;
}

static int side_new(struct report *r, struct side *s, dpss_policy *policy) {
  s->policy = policy;
  if (describe(s) || dpss_decision_new(&s->decision) || dpss_summary_new(&s->summary) ||
      dpss_return_new(&s->ret, policy, r->ret_from, r->ret_to, NULL) ||
      (r->net && dpss_market_new(&s->market, r->net, policy, r->as_of)) ||
      (r->from != DPSS_DATE_NONE && dpss_totals_new(&s->totals, r->from, r->to))) {
    report_error("report");
    return EXIT_USAGE;
  }
  return 0;
}

static void side_free(struct side *s) {
  dpss_policy_free(s->policy);
  free(s->name);
  free(s->overrides);
  dpss_decision_free(s->decision);
  dpss_schedule_free(s->schedule);
  dpss_summary_free(s->summary);
  dpss_return_free(s->ret);
  dpss_market_free(s->market);
  dpss_totals_free(s->totals);
  json_decref(s->sum);
  json_decref(s->rtn);
  json_decref(s->mkt);
  json_decref(s->tot);
}

/* Library JSON text, parsed (and freed); NULL after naming the failure. */
static json_t *parsed(int rc, char *text, const char *what) {
  json_t *v = NULL;
  if (rc == DPSS_OK)
    v = json_loads(text, 0, NULL);
  else
    report_error(what);
  dpss_free(text);
  if (rc == DPSS_OK && !v)
    fprintf(stderr, "dpss: %s: out of memory\n", what);
  return v;
}

/* Read the library's summaries once every record is in. 0 or EXIT_USAGE. */
static int finish(struct report *r) {
  char *t;
  for (int k = 0; k < r->n_sides; k++) {
    struct side *s = &r->side[k];
    if (r->fw && dpss_return_add_spend(s->ret, r->fw) != DPSS_OK) {
      report_error(r->fw_file);
      return EXIT_USAGE;
    }
    int rc = dpss_summary_to_json(s->summary, &t);
    if (!(s->sum = parsed(rc, t, "summary")))
      return EXIT_USAGE;
    rc = dpss_return_to_json(s->ret, &t);
    if (!(s->rtn = parsed(rc, t, "return")))
      return EXIT_USAGE;
    if (s->market) {
      rc = dpss_market_to_json(s->market, &t);
      if (!(s->mkt = parsed(rc, t, "market")))
        return EXIT_USAGE;
    }
    if (s->totals) {
      rc = dpss_totals_to_json(s->totals, &t);
      if (!(s->tot = parsed(rc, t, "payments")))
        return EXIT_USAGE;
    }
  }
  if (r->cmp) {
    int rc = dpss_comparison_to_json(r->cmp, &t);
    if (!(r->cmp_json = parsed(rc, t, "comparison")))
      return EXIT_USAGE;
  }
  if (r->net) {
    int rc = dpss_network_to_json(r->net, &t);
    if (!(r->net_json = parsed(rc, t, r->net_file)))
      return EXIT_USAGE;
  }
  if (r->fw) {
    int rc = dpss_framework_report_json(r->fw, 0, &t);
    if (!(r->fw_report = parsed(rc, t, r->fw_file)))
      return EXIT_USAGE;
    rc = dpss_framework_to_json(r->fw, &t);
    if (!(r->fw_terms = parsed(rc, t, r->fw_file)))
      return EXIT_USAGE;
  }
  return 0;
}

/* The dates: --from and --to together; the return's period is theirs, else
 * the year to the as-of date; the months ahead start with the as-of month. */
static int dates(const struct command *cmd, const struct args *a, struct report *r) {
  r->from = r->to = DPSS_DATE_NONE;
  if (args_has(a, OPT_FROM) || args_has(a, OPT_TO)) {
    if (parse_period(cmd, a, &r->from, &r->to))
      return EXIT_USAGE;
    r->ret_from = r->from;
    r->ret_to = r->to;
  } else {
    dpss_date year_ago;
    if (dpss_date_add_months(&year_ago, r->as_of, -12) != DPSS_OK ||
        dpss_date_add_days(&r->ret_from, year_ago, 1) != DPSS_OK)
      return usage_error(cmd, "--as-of: too early a date");
    r->ret_to = r->as_of;
  }
  int y, m, d;
  if (dpss_date_to_ymd(r->as_of, &y, &m, &d) != DPSS_OK ||
      dpss_date_from_ymd(&r->month[0], y, m, 1) != DPSS_OK)
    return usage_error(cmd, "--as-of: not a date the report can use");
  for (int k = 1; k <= N_MONTHS; k++)
    if (dpss_date_add_months(&r->month[k], r->month[0], k) != DPSS_OK)
      return usage_error(cmd, "--as-of: too late a date");
  return 0;
}

static int run(const struct command *cmd, struct args *a) {
  struct report r;
  memset(&r, 0, sizeof r);
  r.input = a->pos[0];
  r.net_file = a->value[OPT_NETWORK];
  r.fw_file = a->value[OPT_FRAMEWORK];
  dpss_policy *base = NULL, *alt = NULL;
  dpss_reader *in = NULL;
  struct output out = {0};
  struct buf page = {0};
  int rc = load_policy(a, &base, &r.as_of);
  if (!rc)
    rc = dates(cmd, a, &r);
  if (!rc)
    rc = load_alternative(a, base, &alt);
  if (!rc && r.net_file) {
    int lib = dpss_network_from_file(&r.net, r.net_file, base, r.as_of);
    if (lib != DPSS_OK) {
      report_error(r.net_file);
      rc = EXIT_USAGE;
    }
  }
  if (!rc && r.fw_file && dpss_framework_load(&r.fw, r.fw_file) != DPSS_OK) {
    report_error(r.fw_file);
    rc = EXIT_USAGE;
  }
  if (!rc) {
    r.n_sides = alt ? 2 : 1;
    rc = side_new(&r, &r.side[0], base);
    base = NULL;
    if (!rc && alt) {
      rc = side_new(&r, &r.side[1], alt);
      alt = NULL;
      if (!rc && dpss_comparison_new(&r.cmp, r.side[0].policy, r.side[1].policy) != DPSS_OK) {
        report_error("comparison");
        rc = EXIT_USAGE;
      }
    }
  }
  if (!rc)
    rc = open_input(r.input, a->input_format, &in);
  if (!rc)
    rc = output_open(&out, a->value[OPT_OUTPUT]);
  if (!rc) {
    each_recipient(in, r.input, add_recipient, &r, &r.tally);
    rc = finish(&r);
    if (!rc) {
      report_page(&page, &r);
      if (page.oom) {
        fprintf(stderr, "dpss: out of memory writing the report\n");
        rc = EXIT_USAGE;
      } else {
        output_write(&out, page.p, page.len);
      }
    }
    rc = WORST(rc, output_close(&out));
    rc = WORST(rc, tally_finish(r.input, &r.tally));
  }
  buf_free(&page);
  dpss_reader_free(in);
  for (int k = 0; k < 2; k++)
    side_free(&r.side[k]);
  dpss_comparison_free(r.cmp);
  json_decref(r.cmp_json);
  json_decref(r.fw_report);
  json_decref(r.fw_terms);
  json_decref(r.net_json);
  dpss_network_free(r.net);
  dpss_framework_free(r.fw);
  dpss_policy_free(base);
  dpss_policy_free(alt);
  return rc;
}

const struct command cmd_report = {
    "report",
    "an HTML report over a caseload, with charts and tables, for commissioners",
    "dpss report [--html] [-o FILE] [--as-of DATE] [--policy FILE] [--set NAME=VALUE]...\n"
    "                   [--network NET.json] [--framework F.json|LEDGER] [--from DATE --to DATE]\n"
    "                   [--with-policy ALT.json] [--with NAME=VALUE]... FILE|-",
    "One self-contained HTML page over a caseload, readable offline and printable: no\n"
    "scripts, fonts or images fetched. Charts, each with a table of its figures beside\n"
    "it and a caption naming the rules and the policy behind it: eligibility and tier\n"
    "mix (E1-E6, T1-T4); surpluses to reclaim by amount and their total (S1); reviews\n"
    "and audits due by month over the next 12 months (R1, R2); open issues by days\n"
    "open, and those escalated to a care manager (T3); direct-payment uptake against\n"
    "dp_uptake_target (the information-sharing return, R3, F4), for the period\n"
    "--from to --to or else the year to the as-of date; with --from and --to, the\n"
    "council's payments by month (B2-B5); with --framework, spend against each\n"
    "commissioner's annual and whole-term caps (F2); with --network, market shares\n"
    "against the viability floor and dominance ceiling, and the HHI (N6).\n"
    "\n"
    "With --with-policy or --with, an alternative policy (starting from the base:\n"
    "--with-policy replaces the base's file, --with overrides a parameter) and the\n"
    "page shows before and after side by side, the decisions that flip and the\n"
    "money moved. The page gives counts and totals only, never a recipient's own\n"
    "values. The caseload is read once, on one thread.",
    OPT(HTML) | OPT(OUTPUT) | OPT(AS_OF) | OPT(POLICY) | OPT(SET) | OPT(NETWORK) |
        OPT(FRAMEWORK) | OPT(FROM) | OPT(TO) | OPT(WITH_POLICY) | OPT(WITH) | OPT(INPUT_FORMAT),
    NULL,
    1,
    1,
    run,
};
