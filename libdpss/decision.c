/* SPDX-License-Identifier: MIT */
/* Decisions: accessors, the trace's words, and the JSON writer. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision_internal.h"

/* One row per trace code. In `because`: $a $b $c $d print the numbers,
 * $A $B $C $D print them as dates, $p prints c as a period ("6 months"),
 * $M prints method a, $E event kind a, $I the issue id of escalation a, $m
 * the missing facts, $u the unknown facts in mask a, $x " (missing:
 * authorised_person)" when a is set. */
#define PRM(name) (UINT64_C(1) << DPSS_P_##name)

static const struct trace_def {
  const char *rule;
  const char *outcome;
  const char *because;
  const char *facts;  /* comma-separated field names the rule read */
  uint64_t params;    /* bit per parameter it used (PRM) */
} defs[TC_COUNT_] = {
    [TC_E1_ADULT] = {"E1", "may_have_direct_payment",
                     "an adult eligible for social care may take all or part of the personal "
                     "budget as a direct payment", "kind", 0},
    [TC_E1_CHILD] = {"E1", "may_have_direct_payment",
                     "a child with an EHC plan, or a disabled child's family, may take a "
                     "direct payment", "kind", 0},
    [TC_E1_KIND_UNKNOWN] = {"E1", "may_have_direct_payment",
                            "kind not recorded; adults and children may both take a direct "
                            "payment", "kind", 0},
    [TC_E4_EXCLUDED] = {"E4", "not_eligible",
                        "subject to a criminal-justice order with a drug or alcohol "
                        "requirement", "excluding_order", 0},
    [TC_E4_CLEAR] = {"E4", "passed", "no excluding criminal-justice order", "excluding_order",
                     0},
    [TC_E4_UNKNOWN] = {"E4", "unknown", "whether an excluding order applies is not recorded",
                       "excluding_order", 0},
    [TC_E2_CONSENTS] = {"E2", "passed", "has capacity and consents to a direct payment",
                        "has_capacity,consents", 0},
    [TC_E2_ELIGIBLE] = {"E2", "eligible",
                        "has capacity and consents to a direct payment, and no excluding order "
                        "applies: eligible", "has_capacity,consents,excluding_order", 0},
    [TC_E2_REFUSES] = {"E2", "not_eligible",
                       "has capacity and has not consented: a direct payment is never imposed",
                       "has_capacity,consents", 0},
    [TC_E2_UNKNOWN] = {"E2", "unknown", "has capacity; consent is not recorded",
                       "has_capacity,consents", 0},
    [TC_E3_AUTHORISED] = {"E3", "passed",
                          "lacks capacity; an authorised person has agreed to manage the "
                          "payment", "has_capacity,authorised_person", 0},
    [TC_E3_ELIGIBLE] = {"E3", "eligible",
                        "lacks capacity; an authorised person has agreed to manage the payment, "
                        "and no excluding order applies: eligible through them",
                        "has_capacity,authorised_person,excluding_order", 0},
    [TC_E3_NONE] = {"E3", "not_eligible",
                    "lacks capacity and no authorised person has agreed to manage the payment "
                    "(missing: authorised_person)", "has_capacity,authorised_person", 0},
    [TC_E3_NONE_MOOT] = {"E3", "not_eligible",
                         "lacks capacity and no authorised person has agreed to manage the "
                         "payment", "has_capacity,authorised_person", 0},
    [TC_E23_CAPACITY_UNKNOWN] = {"E2", "unknown",
                                 "capacity is not recorded: consent (E2) or an authorised "
                                 "person (E3) decides", "has_capacity", 0},
    [TC_E2_IF_CAPACITY_REFUSES] = {"E2", "not_eligible",
                                   "if the person has capacity: they have not consented, and a "
                                   "direct payment is never imposed",
                                   "has_capacity,consents", 0},
    [TC_E3_IF_NO_CAPACITY_NONE] = {"E3", "not_eligible",
                                   "if the person lacks capacity: no authorised person has "
                                   "agreed to manage the payment$x",
                                   "has_capacity,authorised_person", 0},
    [TC_E6_UNDETERMINED] = {"E6", "undetermined", "facts still needed: $m", "", 0},
    [TC_E6_NOT_NEEDED] = {"E6", "not_needed",
                          "unknown but cannot change the outcome: $u", "", 0},
    [TC_E5_NOT_APPLICABLE] = {"E5", "not_applicable",
                              "no payment to a close family member in the household is planned",
                              "pays_household_family", 0},
    [TC_E5_ALLOWED] = {"E5", "allowed",
                       "paying a close family member in the household: the council has "
                       "recorded that it is necessary",
                       "pays_household_family,family_payment_necessary", 0},
    [TC_E5_REFUSED] = {"E5", "refused",
                       "paying a close family member in the household is refused: the council "
                       "has not recorded that it is necessary",
                       "pays_household_family,family_payment_necessary", 0},
    [TC_E5_UNDETERMINED] = {"E5", "undetermined",
                            "whether a close family member in the household will be paid is "
                            "not recorded", "pays_household_family", 0},
    [TC_P1_RECORDED] = {"P1", "recorded", "money held by $M", "payment_method", 0},
    [TC_P1_UNKNOWN] = {"P1", "unknown", "payment method not recorded", "payment_method", 0},
    [TC_P2_OWN_ACCOUNT] = {"P2", "not_required", "can hold an own bank account",
                           "bank_account", 0},
    [TC_P2_CARD] = {"P2", "not_required",
                    "cannot hold an own bank account; a pre-payment card is suitable",
                    "bank_account,card_suitable", 0},
    [TC_P2_CARD_EITHER] = {"P2", "not_required",
                           "a pre-payment card is suitable: no accredited DPSS is needed, "
                           "whether or not the person can hold a bank account",
                           "card_suitable", 0},
    [TC_P2_ACCREDITED] = {"P2", "accredited_provider_required",
                          "cannot hold an own bank account and a pre-payment card is not "
                          "suitable: an accredited DPSS must be used",
                          "bank_account,card_suitable", 0},
    [TC_P2_UNKNOWN] = {"P2", "unknown",
                       "not recorded whether the person can hold a bank account or use a "
                       "pre-payment card", "bank_account,card_suitable", 0},
    [TC_P3_BANK] = {"P3", "bank_account",
                    "least intensive option: the person's own bank account", "bank_account",
                    0},
    [TC_P3_CARD] = {"P3", "prepaid_card",
                    "least intensive option: a pre-payment card meets the need, recommended "
                    "over a managed account", "bank_account,card_suitable", 0},
    [TC_P3_MANAGED] = {"P3", "managed_account",
                       "no own bank account and no suitable card: a managed account",
                       "bank_account,card_suitable", 0},
    [TC_P3_UNKNOWN] = {"P3", "unknown", "cannot recommend a method until the facts are known",
                       "bank_account,card_suitable", 0},
    [TC_P4_JOINT] = {"P4", "single_provider",
                     "jointly funded (social care $a, health $b pence a week): one DPSS "
                     "provider for both streams", "funding", 0},
    [TC_P4_SINGLE] = {"P4", "not_applicable", "not jointly funded", "funding", 0},
    [TC_T4_NONE] = {"T4", "none", "not eligible: no support tier", "", 0},
    [TC_T_UNDETERMINED_ELIGIBILITY] = {"T4", "undetermined",
                                       "eligibility is undetermined, so the tier is too", "",
                                       0},
    [TC_T1_NEW_PAS] = {"T1", "start_up",
                       "new recipient considering employing PAs: start-up from $A until $B",
                       "considering_employing_pas,dp_start,support", PRM(STARTUP_MAX_MONTHS)},
    [TC_T1_COMPLEX] = {"T1", "start_up",
                       "complex support needs: start-up from $A until $B",
                       "complex_needs,dp_start,support", PRM(STARTUP_MAX_MONTHS)},
    [TC_T1_RECORDED] = {"T1", "start_up",
                        "start-up contract recorded from $A: it runs its full $c months, until "
                        "$B", "support", PRM(STARTUP_MAX_MONTHS)},
    [TC_T1_NOT_STARTED] = {"T1", "start_up",
                           "start-up is due; it runs for $c months from the first payment",
                           "considering_employing_pas,complex_needs,dp_start,support",
                           PRM(STARTUP_MAX_MONTHS)},
    [TC_T4_ENDED] = {"T4", "issue_based",
                     "start-up from $A ended on $B after $c months: issue-based support",
                     "dp_start,support", PRM(STARTUP_MAX_MONTHS)},
    [TC_T4_COMPLETED] = {"T4", "issue_based", "start-up completed: issue-based support",
                         "support.completed", 0},
    [TC_T4_MOVED_ON] = {"T4", "issue_based",
                        "already on issue-based support: start-up is given once",
                        "support.tier", 0},
    [TC_T2_ISSUE_BASED] = {"T2", "issue_based",
                           "no start-up need: issue-based support (payroll for PA employers, "
                           "one-off issues by the cheapest channel)",
                           "considering_employing_pas,complex_needs,dp_start",
                           PRM(STARTUP_MAX_MONTHS)},
    [TC_T1_UNDETERMINED] = {"T1", "undetermined", "facts still needed for the tier: $m",
                            "considering_employing_pas,complex_needs", PRM(STARTUP_MAX_MONTHS)},
    [TC_S1_SURPLUS] = {"S1", "surplus", "balance $a > $b x $c: $d to pay back",
                       "balance,funding", PRM(SURPLUS_THRESHOLD_WEEKS)},
    [TC_S1_NO_SURPLUS] = {"S1", "no_surplus", "balance $a <= $b x $c", "balance,funding",
                          PRM(SURPLUS_THRESHOLD_WEEKS)},
    [TC_S1_UNKNOWN] = {"S1", "unknown", "balance not recorded", "balance",
                       PRM(SURPLUS_THRESHOLD_WEEKS)},
    [TC_S1_NO_FUNDING] = {"S1", "unknown", "no funding recorded: no weekly value", "funding",
                          PRM(SURPLUS_THRESHOLD_WEEKS)},
    [TC_S2_OWED] = {"S2", "deducted", "owed $a deducted from balance $b: $c available",
                    "balance.pence,balance.owed_pence", 0},
    [TC_S3_REVIEW] = {"S3", "review", "a surplus triggers a review of needs", "",
                      PRM(SURPLUS_TRIGGERS_REVIEW)},
    [TC_S3_NO_REVIEW] = {"S3", "no_review", "the policy does not review on a surplus", "",
                         PRM(SURPLUS_TRIGGERS_REVIEW)},
    [TC_S4_NOTICE] = {"S4", "notify",
                      "tell the person the amount ($a) and the date: recover from $B, $c days "
                      "after the as-of date", "balance", PRM(SURPLUS_NOTICE_DAYS)},
    [TC_T3_ESCALATE] = {"T3", "care_manager_review",
                        "issue $I open $b days > $c: care manager reviews the support plan "
                        "and the direct payment", "issues", PRM(ISSUE_ESCALATION_DAYS)},
    [TC_T3_OPEN] = {"T3", "open", "issue $I open $b days <= $c", "issues",
                    PRM(ISSUE_ESCALATION_DAYS)},
    [TC_R1_FIRST] = {"R1", "first_review", "first payment $A + $p: review by $B",
                     "dp_start,last_review", PRM(FIRST_REVIEW)},
    [TC_R1_NEXT] = {"R1", "review", "last review $A + $p: review by $B",
                    "last_review", PRM(REVIEW_INTERVAL)},
    [TC_R1_BEFORE_FIRST] = {"R1", "first_review",
                            "the review recorded on $D was before the first payment, so it is "
                            "not the first review: first payment $A + $p: review by $B",
                            "dp_start,last_review", PRM(FIRST_REVIEW)},
    [TC_R1_NONE] = {"R1", "unknown", "no first payment and no review recorded",
                    "dp_start,last_review", 0},
    [TC_R1_EVENT] = {"R1", "extra_review",
                     "$E on $B, after $C: an extra review is needed now", "events", 0},
    [TC_R1_MISUSE_AUDIT] = {"R1", "extra_review",
                            "misuse suspected at the audit of $A, after $B: an extra review is "
                            "needed now", "audits,last_audit", 0},
    [TC_R1_EXTRA] = {"R1", "extra_review", "an extra review is needed now (surplus S3: $a, "
                                           "escalation T3: $b, events and misuse audits: $c)",
                     "audits,events", 0},
    [TC_R2_FIRST] = {"R2", "first_audit",
                     "managed account: $A + $p: audit by $B",
                     "payment_method,dp_start,last_audit", PRM(FIRST_AUDIT) | PRM(FIRST_AUDIT_FROM)},
    [TC_R2_NEXT] = {"R2", "audit", "managed account: last audit $A + $p: audit by $B",
                    "payment_method,last_audit,audits", PRM(AUDIT_INTERVAL)},
    [TC_R2_BEFORE_FIRST] = {"R2", "first_audit",
                            "managed account: the audit recorded on $D was before the first "
                            "payment, so it is not the first: first payment $A + $p: audit by "
                            "$B", "payment_method,dp_start,last_audit,audits", PRM(FIRST_AUDIT)},
    [TC_R2_NONE] = {"R2", "unknown", "managed account with no first payment or audit recorded",
                    "payment_method,dp_start,last_audit", 0},
    [TC_R2_NOT_MANAGED] = {"R2", "not_applicable", "not a managed account ($M): no audit",
                           "payment_method", 0},
    [TC_R2_UNKNOWN] = {"R2", "unknown", "payment method not recorded", "payment_method", 0},
};

static const char *const status_names[] = {"eligible", "not_eligible", "undetermined"};
static const char *const via_names[] = {"self", "authorised_person"};
static const char *const family_names[] = {"not_applicable", "allowed", "refused"};

const char *dpss__trace_rule(uint8_t code) { return defs[code].rule; }
const char *dpss__trace_outcome(uint8_t code) { return defs[code].outcome; }

static void put_mask(dpss_sb *sb, uint32_t mask) {
  bool first = true;
  for (int i = 0; i < DPSS_FACT_COUNT_; i++) {
    if (!(mask & (1u << i)))
      continue;
    if (!first)
      dpss_sb_puts(sb, ", ");
    first = false;
    dpss_sb_puts(sb, dpss__fact_names[i]);
  }
}

void dpss__trace_because(dpss_sb *sb, const dpss_decision *d, const dpss_trace *t) {
  const char *f = defs[t->code].because;
  const char *run = f;
  for (; *f; f++) {
    if (*f != '$' || !f[1])
      continue;
    dpss_sb_putn(sb, run, (size_t)(f - run));
    char k = *++f;
    run = f + 1;
    int64_t v = (k == 'a' || k == 'A' || k == 'M' || k == 'I' || k == 'u' || k == 'E' ||
                 k == 'x')
                    ? t->a
                : (k == 'b' || k == 'B')            ? t->b
                : (k == 'c' || k == 'C' || k == 'p') ? t->c
                                                     : t->d;
    switch (k) {
    case 'p':
      dpss__period_text(sb, v);
      break;
    case 'E':
      dpss_sb_puts(sb, v >= 0 && v < 4 ? dpss__event_names[v] : "event");
      break;
    case 'x':
      if (v)
        dpss_sb_puts(sb, " (missing: authorised_person)");
      break;
    case 'A':
    case 'B':
    case 'C':
    case 'D':
      if (dpss__date_valid((dpss_date)v)) {
        char buf[DPSS_DATE_BUFSIZE];
        dpss__date_write(buf, (dpss_date)v);
        dpss_sb_puts(sb, buf);
      } else {
        dpss_sb_puts(sb, "(no date)");
      }
      break;
    case 'M':
      dpss_sb_puts(sb, v >= 0 && v < 3 ? dpss__method_names[v] : "unknown");
      break;
    case 'I':
      dpss_sb_puts(sb, (size_t)v < d->n_esc ? d->esc[v].id : "?");
      break;
    case 'm':
      put_mask(sb, defs[t->code].rule[0] == 'T' ? d->tier_missing : d->elig_missing);
      break;
    case 'u':
      put_mask(sb, (uint32_t)v);
      break;
    default:
      dpss_sb_int(sb, v);
    }
  }
  dpss_sb_putn(sb, run, (size_t)(f - run));
}

/* The fixed text of each trace code's entry, made once: the part before the
 * because text and the facts list after it. Made without allocating, so it
 * cannot fail (a failure here would damage every later decision). */
static struct {
  char head[96];
  char facts[192];
  size_t head_len, facts_len;
} fixed[TC_COUNT_];
static pthread_once_t fixed_once = PTHREAD_ONCE_INIT;

/* The facts list as a JSON array of names: "a,b" -> ["a","b"]. */
static size_t name_list(char *buf, size_t size, const char *csv) {
  size_t len = 0;
  buf[len++] = '[';
  for (const char *s = csv; *s;) {
    const char *e = strchr(s, ',');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    len += (size_t)snprintf(buf + len, size - len, "%s\"%.*s\"", s == csv ? "" : ",", (int)n, s);
    s += n + (e != NULL);
  }
  buf[len++] = ']';
  buf[len] = '\0';
  return len;
}

static void make_fixed(void) {
  for (int i = 0; i < TC_COUNT_; i++) {
    int n = snprintf(fixed[i].head, sizeof fixed[i].head,
                     "{\"rule\":\"%s\",\"outcome\":\"%s\",\"because\":", defs[i].rule,
                     defs[i].outcome);
    fixed[i].head_len = (size_t)n;
    char list[160];
    name_list(list, sizeof list, defs[i].facts);
    n = snprintf(fixed[i].facts, sizeof fixed[i].facts, ",\"facts\":%s,\"parameters\":", list);
    fixed[i].facts_len = (size_t)n;
  }
}

static void put_params(dpss_sb *sb, const dpss_decision *d, uint64_t mask) {
  dpss_sb_putc(sb, '{');
  bool first = true;
  for (int i = 0; i < DPSS_P_COUNT_; i++) {
    if (!(mask & (UINT64_C(1) << i)))
      continue;
    if (!first)
      dpss_sb_putc(sb, ',');
    first = false;
    dpss__param_json_kv(sb, i, d->params.v[i]);
  }
  dpss_sb_putc(sb, '}');
}

/* The because text as a JSON string, written in place; escaped through a
 * copy only in the rare case it holds a character that needs it (an id with
 * a quote or backslash). */
static void put_because(dpss_sb *sb, const dpss_decision *d, const dpss_trace *t) {
  size_t start = sb->len;
  dpss__trace_because(sb, d, t);
  if (sb->oom)
    return;
  bool plain = true;
  for (size_t i = start; i < sb->len && plain; i++) {
    unsigned char c = (unsigned char)sb->p[i];
    plain = c >= 0x20 && c != '"' && c != '\\';
  }
  if (plain) {
    if (!dpss_sb_reserve(sb, 2))
      return;
    memmove(sb->p + start + 1, sb->p + start, sb->len - start);
    sb->p[start] = '"';
    sb->len++;
    dpss_sb_putc(sb, '"');
    return;
  }
  size_t n = sb->len - start;
  char *copy = dpss__malloc(n + 1);
  if (!copy) {
    sb->oom = true;
    return;
  }
  memcpy(copy, sb->p + start, n);
  copy[n] = '\0';
  sb->len = start;
  dpss_sb_json_str(sb, copy);
  free(copy);
}

static void put_missing_array(dpss_sb *sb, uint32_t mask) {
  dpss_sb_putc(sb, '[');
  bool first = true;
  for (int i = 0; i < DPSS_FACT_COUNT_; i++) {
    if (!(mask & (1u << i)))
      continue;
    if (!first)
      dpss_sb_putc(sb, ',');
    first = false;
    dpss_sb_json_str(sb, dpss__fact_names[i]);
  }
  dpss_sb_putc(sb, ']');
}

static void put_method(dpss_sb *sb, int8_t m) {
  if (m < 0)
    dpss_sb_puts(sb, "null");
  else
    dpss_sb_json_str(sb, dpss__method_names[m]);
}

void dpss__decision_json(dpss_sb *sb, const dpss_decision *d) {
  dpss_sb_puts(sb, "{\"id\":");
  dpss_sb_json_str(sb, d->id);
  dpss_sb_puts(sb, ",\"as_of\":");
  dpss_sb_json_date(sb, d->as_of);
  dpss_sb_puts(sb, ",\"library_version\":\"" PACKAGE_VERSION "\",\"policy\":");
  dpss__policy_ref_json(sb, d->policy_id, d->policy_version, d->overrides);
  dpss_sb_puts(sb, ",\"eligibility\":{\"status\":\"");
  dpss_sb_puts(sb, status_names[d->status]);
  dpss_sb_puts(sb, "\",\"via\":");
  if (d->via >= 0)
    dpss_sb_json_str(sb, via_names[d->via]);
  else
    dpss_sb_puts(sb, "null");
  dpss_sb_puts(sb, ",\"missing\":");
  put_missing_array(sb, d->elig_missing);
  dpss_sb_puts(sb, ",\"household_family_payment\":\"");
  dpss_sb_puts(sb, d->family >= 0 ? family_names[d->family] : "undetermined");

  dpss_sb_puts(sb, "\"},\"money\":{\"method\":");
  put_method(sb, d->method);
  dpss_sb_puts(sb, ",\"recommended_method\":");
  put_method(sb, d->recommended);
  dpss_sb_puts(sb, ",\"accredited_provider_required\":");
  dpss_sb_json_fact(sb, (dpss_fact)d->accredited);
  dpss_sb_puts(sb, ",\"single_provider_for_all_funding\":");
  dpss_sb_puts(sb, d->single_provider ? "true" : "false");

  dpss_sb_puts(sb, "},\"tier\":{\"tier\":");
  if (d->tier >= 0)
    dpss_sb_json_str(sb, dpss__tier_names[d->tier]);
  else
    dpss_sb_puts(sb, "null");
  dpss_sb_puts(sb, ",\"ends\":");
  dpss_sb_json_date(sb, d->tier_ends);
  dpss_sb_puts(sb, ",\"missing\":");
  put_missing_array(sb, d->tier_missing);

  dpss_sb_puts(sb, "},\"surplus\":{\"weekly_pence\":");
  dpss_sb_int(sb, d->weekly);
  dpss_sb_puts(sb, ",\"threshold_pence\":");
  dpss_sb_int(sb, d->threshold);
  dpss_sb_puts(sb, ",\"available_pence\":");
  dpss_sb_json_pence(sb, d->available);
  dpss_sb_puts(sb, ",\"excess_pence\":");
  dpss_sb_json_pence(sb, d->excess);
  dpss_sb_puts(sb, ",\"reclaim\":");
  dpss_sb_json_fact(sb, (dpss_fact)d->reclaim);
  dpss_sb_puts(sb, ",\"review\":");
  dpss_sb_json_fact(sb, (dpss_fact)d->surplus_review);
  dpss_sb_puts(sb, ",\"recover_from\":");
  dpss_sb_json_date(sb, d->recover_from);

  dpss_sb_puts(sb, "},\"escalations\":[");
  for (size_t i = 0; i < d->n_esc; i++) {
    dpss_sb_puts(sb, i ? ",{\"issue\":" : "{\"issue\":");
    dpss_sb_json_str(sb, d->esc[i].id);
    dpss_sb_puts(sb, ",\"open_days\":");
    dpss_sb_int(sb, d->esc[i].open_days);
    dpss_sb_puts(sb, d->esc[i].review ? ",\"care_manager_review\":true}"
                                      : ",\"care_manager_review\":false}");
  }
  dpss_sb_puts(sb, "],\"review_due\":");
  dpss_sb_json_date(sb, d->review_due);
  dpss_sb_puts(sb, ",\"audit_due\":");
  dpss_sb_json_date(sb, d->audit_due);
  dpss_sb_puts(sb, ",\"extra_review\":");
  dpss_sb_puts(sb, dpss_decision_extra_review(d) ? "true" : "false");

  dpss_sb_puts(sb, ",\"trace\":[");
  pthread_once(&fixed_once, make_fixed);
  for (size_t i = 0; i < d->n_trace; i++) {
    const dpss_trace *t = &d->trace[i];
    if (i)
      dpss_sb_putc(sb, ',');
    dpss_sb_putn(sb, fixed[t->code].head, fixed[t->code].head_len);
    put_because(sb, d, t);
    dpss_sb_putn(sb, fixed[t->code].facts, fixed[t->code].facts_len);
    put_params(sb, d, defs[t->code].params);
    dpss_sb_putc(sb, '}');
  }
  dpss_sb_puts(sb, "]}");
}

int dpss_decision_to_json(const dpss_decision *d, char **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (!d || !d->evaluated)
    return dpss__fail(DPSS_EINVAL, NULL, "decision is NULL or was never evaluated");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss_sb_reserve(&sb, 4096 + 256 * d->n_esc); /* typical size: one allocation */
  dpss__decision_json(&sb, d);
  return dpss_sb_finish(&sb, out);
}

/* ---------------------------------------------------------------- getters */

const char *dpss_decision_id(const dpss_decision *d) { return d ? d->id : ""; }
dpss_date dpss_decision_as_of(const dpss_decision *d) {
  return d && d->evaluated ? d->as_of : DPSS_DATE_NONE;
}
dpss_eligibility dpss_decision_eligibility(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_eligibility)d->status : DPSS_ELIGIBILITY_UNDETERMINED;
}
dpss_via dpss_decision_via(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_via)d->via : DPSS_VIA_NONE;
}

static uint32_t all_missing(const dpss_decision *d) {
  return d && d->evaluated ? d->elig_missing | d->tier_missing : 0;
}

size_t dpss_decision_missing_count(const dpss_decision *d) {
  return (size_t)__builtin_popcount(all_missing(d));
}

const char *dpss_decision_missing(const dpss_decision *d, size_t index) {
  uint32_t m = all_missing(d);
  for (int i = 0; i < DPSS_FACT_COUNT_; i++)
    if ((m & (1u << i)) && index-- == 0)
      return dpss__fact_names[i];
  return NULL;
}

dpss_family_payment dpss_decision_family_payment(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_family_payment)d->family : DPSS_FAMILY_UNDETERMINED;
}
dpss_method dpss_decision_method(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_method)d->method : DPSS_METHOD_UNKNOWN;
}
dpss_method dpss_decision_recommended_method(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_method)d->recommended : DPSS_METHOD_UNKNOWN;
}
dpss_fact dpss_decision_accredited_required(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_fact)d->accredited : DPSS_UNKNOWN;
}
int dpss_decision_single_provider(const dpss_decision *d) {
  return d && d->evaluated && d->single_provider;
}
dpss_tier dpss_decision_tier(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_tier)d->tier : DPSS_TIER_UNKNOWN;
}
dpss_date dpss_decision_tier_ends(const dpss_decision *d) {
  return d && d->evaluated ? d->tier_ends : DPSS_DATE_NONE;
}
int64_t dpss_decision_weekly_pence(const dpss_decision *d) {
  return d && d->evaluated ? d->weekly : DPSS_PENCE_NONE;
}
int64_t dpss_decision_threshold_pence(const dpss_decision *d) {
  return d && d->evaluated ? d->threshold : DPSS_PENCE_NONE;
}
int64_t dpss_decision_available_pence(const dpss_decision *d) {
  return d && d->evaluated ? d->available : DPSS_PENCE_NONE;
}
int64_t dpss_decision_excess_pence(const dpss_decision *d) {
  return d && d->evaluated ? d->excess : DPSS_PENCE_NONE;
}
dpss_fact dpss_decision_reclaim(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_fact)d->reclaim : DPSS_UNKNOWN;
}
dpss_fact dpss_decision_surplus_review(const dpss_decision *d) {
  return d && d->evaluated ? (dpss_fact)d->surplus_review : DPSS_UNKNOWN;
}
size_t dpss_decision_escalation_count(const dpss_decision *d) {
  return d && d->evaluated ? d->n_esc : 0;
}

static const dpss_escalation *escalation_at(const dpss_decision *d, size_t index) {
  return d && d->evaluated && index < d->n_esc ? &d->esc[index] : NULL;
}

const char *dpss_decision_escalation_issue(const dpss_decision *d, size_t index) {
  const dpss_escalation *e = escalation_at(d, index);
  return e ? e->id : NULL;
}

int32_t dpss_decision_escalation_open_days(const dpss_decision *d, size_t index) {
  const dpss_escalation *e = escalation_at(d, index);
  return e ? e->open_days : -1;
}

int dpss_decision_escalation_review(const dpss_decision *d, size_t index) {
  const dpss_escalation *e = escalation_at(d, index);
  return e && e->review;
}

dpss_date dpss_decision_review_due(const dpss_decision *d) {
  return d && d->evaluated ? d->review_due : DPSS_DATE_NONE;
}
dpss_date dpss_decision_audit_due(const dpss_decision *d) {
  return d && d->evaluated ? d->audit_due : DPSS_DATE_NONE;
}
int dpss_decision_extra_review(const dpss_decision *d) {
  return d && d->evaluated &&
         (d->extra_review_surplus || d->extra_review_escalation || d->extra_review_misuse ||
          d->extra_review_event);
}

dpss_date dpss_decision_recover_from(const dpss_decision *d) {
  return d && d->evaluated ? d->recover_from : DPSS_DATE_NONE;
}
size_t dpss_decision_trace_count(const dpss_decision *d) {
  return d && d->evaluated ? d->n_trace : 0;
}
const char *dpss_decision_trace_rule(const dpss_decision *d, size_t index) {
  return index < dpss_decision_trace_count(d) ? defs[d->trace[index].code].rule : NULL;
}
const char *dpss_decision_trace_outcome(const dpss_decision *d, size_t index) {
  return index < dpss_decision_trace_count(d) ? defs[d->trace[index].code].outcome : NULL;
}

int dpss_decision_trace_because(const dpss_decision *d, size_t index, char **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (index >= dpss_decision_trace_count(d))
    return dpss__fail(DPSS_EINVAL, NULL, "trace index out of range");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss__trace_because(&sb, d, &d->trace[index]);
  return dpss_sb_finish(&sb, out);
}

int dpss_decision_applied(const dpss_decision *d, const char *rule) {
  if (!rule)
    return 0;
  for (size_t i = 0; i < dpss_decision_trace_count(d); i++)
    if (strcmp(defs[d->trace[i].code].rule, rule) == 0)
      return 1;
  return 0;
}
