/* SPDX-License-Identifier: MIT */
/* The rule catalogue: one table, the only place a rule's words live.
 * docs/rules.md is generated from it (dpss rules --format markdown) and
 * tests/check-rules.sh holds it to the code and the shared cases. */
#include "config.h"

#include <string.h>

#include "internal.h"

static const struct rule {
  const char *id, *title, *statement, *source, *parameters;
} rules[] = {
    /* E. Eligibility */
    {"E1", "Who may have a direct payment",
     "An adult eligible for social care may take all or part of the personal budget as a "
     "direct payment; so may a child with an EHC plan or a disabled child's family.",
     "COUNTY para 3; Care Act 2014 s.31; Children and Families Act 2014 s.49; Children Act "
     "1989 s.17A; CITY",
     ""},
    {"E2", "Consent",
     "A person with capacity must request or consent: a direct payment is never imposed. "
     "Consent is asked of the person only when they have capacity; otherwise E3 applies.",
     "Care Act 2014 s.31", ""},
    {"E3", "Through an authorised person",
     "A person lacking capacity may have a direct payment only through an authorised "
     "('suitable') person who accepts and manages it on their behalf. With no such person "
     "the person is not eligible and the decision lists authorised_person as missing.",
     "COUNTY para 3; Care Act 2014 s.32", ""},
    {"E4", "Excluding orders",
     "A person subject to a listed criminal-justice order with a drug or alcohol requirement "
     "is excluded.",
     "SI 2014/2871 Schedule", ""},
    {"E5", "Paying close family in the household",
     "Paying a spouse, civil partner, cohabitee or close relative living in the same "
     "household as a PA is refused unless the council has recorded that it is necessary. An "
     "outcome of its own (allowed, refused, not_applicable, undetermined); it never decides "
     "eligibility.",
     "SI 2014/2871 reg 3", ""},
    {"E6", "Unknown is not false",
     "Where a rule needs a fact that is unknown the outcome is undetermined and the decision "
     "lists exactly the unknown facts whose value could change it; a fact that cannot change "
     "the outcome is not asked for.",
     "RULES.md (E6)", ""},
    /* B. Budgets and payments */
    {"B1", "Personal budget",
     "The personal budget is the weekly cost of meeting eligible needs; the direct payment "
     "is all or part of it. A direct payment larger than the personal budget is an error.",
     "COUNTY para 3", ""},
    {"B2", "Contribution",
     "The assessed weekly contribution comes off the direct payment: on the net basis the "
     "council pays the rest and the person pays the contribution in; on the gross basis the "
     "council pays it all and invoices the contribution. A contribution at or above the "
     "payment means the council pays nothing.",
     "SI 2014/2871; local choice", "payment_basis"},
    {"B3", "Payments in advance",
     "Payments are made in advance every payment_interval_weeks from the first payment, each "
     "for that many weeks; a period cut short is paid pro rata by days (weekly x days / 7, "
     "nearest penny, halves up). Monthly payments cover each calendar month from its first "
     "day.",
     "local choice (4-weekly in advance is common)",
     "payment_frequency,payment_interval_weeks"},
    {"B4", "Split between funding streams",
     "The contribution comes off the social care stream only; the payment is split in "
     "proportion to the streams' weekly amounts after that, each part rounded down, the "
     "pennies left to the largest stream, so the parts add up to the payment.",
     "COUNTY para 6; NHS (Direct Payments) Regulations 2013", ""},
    {"B5", "One-off payments",
     "One-off payments are paid and recorded apart and do not count in the weekly value used "
     "for the surplus.",
     "local practice", ""},
    {"B6", "Uptake counts",
     "Uptake counts personal-budget holders and those of them taking any direct payment: "
     "one paid for that has started on or before the period's last day and not ended before "
     "it.",
     "COUNTY para 5", ""},
    /* P. How the money is held */
    {"P1", "Payment methods",
     "The money is held in the person's own bank account, on a pre-payment card, or in a "
     "managed account held by a DPSS.",
     "COUNTY para 7, para 10", ""},
    {"P2", "Accredited provider",
     "A person who cannot hold their own bank account must use an accredited DPSS, or a "
     "pre-payment card where suitable; routing then goes only to accredited providers.",
     "COUNTY para 7, para 10", ""},
    {"P3", "Least intensive option",
     "Recommend the person's own bank account if they can hold one, else a pre-payment card "
     "where suitable, else a managed account.",
     "COUNTY para 10, para 15", ""},
    {"P4", "One provider for joint funding",
     "A jointly funded direct payment (social care and NHS personal health budget) uses one "
     "DPSS provider for both streams.",
     "COUNTY para 6", ""},
    /* T. Support tiers */
    {"T1", "Start-up support",
     "Start-up is given once, to a new recipient (first payment absent or less than "
     "startup_max_months before the as-of date) considering employing PAs and to anyone with "
     "complex support needs, from support.since (else the first payment) for at most "
     "startup_max_months. A recorded start-up contract that is not completed runs its full "
     "term from support.since whatever the first payment's date, and the facts T1 reads do "
     "not make it undetermined.",
     "COUNTY para 13, para 16", "startup_max_months"},
    {"T2", "Issue-based support",
     "Those who finished start-up, and every other recipient with no current support "
     "contract, get issue-based support: payroll for PA employers and one-off issues by the "
     "cheapest channel that fits.",
     "COUNTY para 16", ""},
    {"T3", "Escalation of one-off issues",
     "A one-off issue open more than issue_escalation_days (as-of date minus opened date, in "
     "whole days) requires a care manager review of the support plan and the direct payment.",
     "COUNTY para 16", "issue_escalation_days"},
    {"T4", "End of start-up",
     "Start-up ends at the earlier of completion or startup_max_months; the person then moves "
     "to issue-based support. A person who is not eligible has tier none.",
     "COUNTY para 16", "startup_max_months"},
    /* S. Surplus */
    {"S1", "Surplus",
     "Threshold = surplus_threshold_weeks x the weekly value of all funding streams; a "
     "balance (less money owed) higher than the threshold is a surplus and the excess above "
     "it is to be paid back.",
     "COUNTY para 15", "surplus_threshold_weeks"},
    {"S2", "Money owed first",
     "Money already owed (unpaid wages, invoices) is deducted from the balance first.",
     "COUNTY para 15", ""},
    {"S3", "Surplus triggers a review",
     "A surplus triggers a review of needs where the policy says so.",
     "COUNTY para 15", "surplus_triggers_review"},
    {"S4", "Notice before recovery",
     "The person is told the amount and the date before money is recovered: the earliest "
     "recovery date is the as-of date + surplus_notice_days.",
     "RULES.md (S4); common council practice", "surplus_notice_days"},
    /* R. Reviews and audits */
    {"R1", "Reviews",
     "First review within first_review_months of the first payment, then at most every "
     "review_interval_months after the last review; a review recorded before the first "
     "payment never puts the first one off. Extra reviews now: suspected misuse, capacity "
     "lost or regained, conditions no longer met (dated events after the last review, or "
     "after the first payment when there has been none), a surplus (S3), an escalation (T3), "
     "misuse or underspend found at an audit.",
     "SI 2014/2871 reg 7; COUNTY para 20",
     "first_review_months,review_interval_months"},
    {"R2", "Audits of managed accounts",
     "Every managed account is audited: first first_audit_months after the first payment, "
     "then audit_interval_months after the last audit; an audit recorded before the first "
     "payment never puts the first one off. Other accounts have no audit due.",
     "CITY", "first_audit_months,audit_interval_months"},
    {"R3", "Information-sharing return",
     "Providers share a periodic return with the council: caseload by tier, routes, "
     "surpluses recovered, escalations, audits done.",
     "COUNTY para 11, para 12", ""},
    /* A. Account audits */
    {"A1", "Audit period",
     "An audit covers one account from `from` to `to`, both included: an opening balance, "
     "dated statement lines (money in positive, out negative) and a closing balance. Lines "
     "outside the period are an error.",
     "CITY; COUNTY para 11", ""},
    {"A2", "Reconciliation",
     "Opening + in - out = closing, to the penny, and each running balance follows from the "
     "one before; any difference is an unreconciled finding with the amount and the first "
     "line where it appears.",
     "CITY; councils' audit practice", ""},
    {"A3", "Council payments in",
     "Every council payment the schedule (B2-B4) dates in the period is matched to one line "
     "in of the same amount within audit_match_days of its date; a scheduled payment with no "
     "match, a council line that matches none, or one of another amount is a finding.",
     "CITY; councils' audit practice", "audit_match_days"},
    {"A4", "Contributions paid in",
     "On net payments the contribution due for the period (weekly x days / 7, halves up) "
     "less contribution lines in is a contribution_shortfall finding when above zero; it is "
     "reported, not misuse.",
     "councils' audit practice", "payment_basis"},
    {"A5", "Spending",
     "Each line out has a category (given, else from the support plan's payees). Spend in a "
     "prohibited category is prohibited_spend; spend to a payee or category the plan does "
     "not list is unagreed_spend. Prohibited spend above misuse_threshold_pence in total "
     "makes the outcome misuse_suspected.",
     "councils' direct payment agreements",
     "prohibited_categories,misuse_threshold_pence"},
    {"A6", "Employer duties",
     "For a person who employs PAs: employers' liability insurance in force on every day of "
     "the period; each PA paid has a contract and a DBS check no more than dbs_valid_years "
     "before `to`; an HMRC payment in each calendar month with wages where PAYE applies. A "
     "gap is an evidence_missing finding.",
     "COUNTY para 13", "dbs_valid_years"},
    {"A7", "Surplus at the end",
     "The closing balance less money owed on `to` is held against the threshold (S1-S3) as "
     "of `to`.",
     "COUNTY para 15", "surplus_threshold_weeks"},
    {"A8", "Outcome",
     "satisfactory (no findings), concerns (findings, no suspected misuse) or "
     "misuse_suspected. The outcome is what R2 records as the audit, and misuse calls for an "
     "extra review (R1). Every finding names its rule, lines and amounts.",
     "CITY", ""},
    {"A9", "Underspend",
     "Spending below underspend_review_percent of the council's payments in, over a period "
     "of at least 8 weeks, is an underspend finding that calls for a review of needs.",
     "councils' audit practice", "underspend_review_percent"},
    /* N. Lead agent and associates */
    {"N1", "Lead agent and associates",
     "The council contracts one lead agent, which appoints at least min_associates associate "
     "providers; a network with fewer is invalid.",
     "COUNTY para 18", "min_associates"},
    {"N2", "One access point",
     "All referrals come to the lead.",
     "COUNTY para 18, para 19", ""},
    {"N3", "Specialist needs",
     "Specialist needs (e.g. sensory impairment, dementia) go to a provider with that "
     "specialism.",
     "COUNTY para 17, para 18", ""},
    {"N4", "Continuity",
     "A person with a successful existing arrangement keeps their provider, which becomes an "
     "associate; a provider outside the network is named with joins_network: true, in routing "
     "as in transition.",
     "COUNTY para 20, para 25", ""},
    {"N5", "Capacity, choice and fair spread",
     "Routing respects capacity and keeps choice in the market. A requested provider is "
     "honoured (one outside the network is said to be outside it); one that is full, or not "
     "accredited where P2 needs it, is set aside and the outcome says so. Among plain "
     "referrals in one run, every provider with room gets at least "
     "market_viability_floor_percent and the lead at most market_dominance_ceiling_percent "
     "while associates have room; within those bounds the lowest caseload for its capacity "
     "goes first.",
     "COUNTY para 9; CITY",
     "market_viability_floor_percent,market_dominance_ceiling_percent"},
    {"N6", "Market shares",
     "Market shares and the Herfindahl-Hirschman index are reported, with warnings below "
     "market_viability_floor_percent and above market_dominance_ceiling_percent.",
     "COUNTY para 9",
     "market_viability_floor_percent,market_dominance_ceiling_percent"},
    /* X. Transition */
    {"X1", "Transition to a new contract",
     "New referrals and higher-risk packages transfer on the start date; everyone else at "
     "their next yearly review.",
     "COUNTY para 20", "first_review_months,review_interval_months"},
    /* F. Framework */
    {"F1", "Shared framework",
     "Several commissioners share one framework agreement; each calls off individual "
     "packages.",
     "CITY", ""},
    {"F2", "Spend caps",
     "A call-off that would take a commissioner over its annual or whole-term cap is refused "
     "with a clear reason, and nothing is recorded.",
     "CITY", ""},
    {"F3", "One price list",
     "Call-offs are priced from one standard price list (start-up, payroll per year, managed "
     "account per month, one-off issue); a cost that does not match is refused.",
     "CITY", ""},
    {"F4", "Uptake and cost",
     "Uptake is the share of personal-budget holders taking a direct payment, against "
     "dp_uptake_target; cost per person supported is spend over people supported.",
     "COUNTY para 5, para 8", "dp_uptake_target"},
};

#define N_RULES DPSS_ARRAY_LEN(rules)

size_t dpss_rule_count(void) { return N_RULES; }

int dpss_rule_find(const char *id) {
  for (size_t i = 0; id && i < N_RULES; i++)
    if (strcmp(rules[i].id, id) == 0)
      return (int)i;
  return -1;
}

#define FIELD(name)                                                                          \
  const char *dpss_rule_##name(size_t index) { return index < N_RULES ? rules[index].name : NULL; }
FIELD(id)
FIELD(title)
FIELD(statement)
FIELD(source)
FIELD(parameters)
#undef FIELD

int dpss_rules_to_json(char **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_putc(&sb, '[');
  for (size_t i = 0; i < N_RULES; i++) {
    const struct rule *r = &rules[i];
    dpss_sb_puts(&sb, i ? ",{\"id\":" : "{\"id\":");
    dpss_sb_json_str(&sb, r->id);
    dpss_sb_puts(&sb, ",\"title\":");
    dpss_sb_json_str(&sb, r->title);
    dpss_sb_puts(&sb, ",\"statement\":");
    dpss_sb_json_str(&sb, r->statement);
    dpss_sb_puts(&sb, ",\"source\":");
    dpss_sb_json_str(&sb, r->source);
    dpss_sb_puts(&sb, ",\"parameters\":[");
    for (const char *s = r->parameters; *s;) {
      const char *e = strchr(s, ',');
      size_t n = e ? (size_t)(e - s) : strlen(s);
      if (s != r->parameters)
        dpss_sb_putc(&sb, ',');
      dpss_sb_putc(&sb, '"');
      dpss_sb_putn(&sb, s, n);
      dpss_sb_putc(&sb, '"');
      s += n + (e != NULL);
    }
    dpss_sb_puts(&sb, "]}");
  }
  dpss_sb_putc(&sb, ']');
  return dpss_sb_finish(&sb, out);
}
