/* SPDX-License-Identifier: MIT */
/* The rules engine: one recipient, one policy, one date -> one decision.
 *
 * Hot path for whole caseloads: no allocation once a decision's buffers
 * have grown to fit, no formatting (the trace stores codes and numbers;
 * words are made only when the decision is written out). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "decision_internal.h"

#define BIT(f) (1u << (f))

static void trace(dpss_decision *d, enum dpss_tc code, int64_t a, int64_t b, int64_t c,
                  int64_t e) {
  /* Capacity was reserved before evaluation began (TRACE_FIXED and one per
   * issue, event and audit); never written past, whatever the record. */
  if (d->n_trace >= d->cap_trace)
    return;
  dpss_trace *t = &d->trace[d->n_trace++];
  t->code = (uint8_t)code;
  t->a = a;
  t->b = b;
  t->c = c;
  t->d = e;
}

/* ------------------------------------------------------------ eligibility */

enum elig_outcome { OUT_NE, OUT_SELF, OUT_AUTH };

static enum elig_outcome elig_outcome(int x, int c, int s, int a) {
  if (x)
    return OUT_NE;
  if (c)
    return s ? OUT_SELF : OUT_NE;
  return a ? OUT_AUTH : OUT_NE;
}

/* E1-E4 and E6: enumerate the completions of the unknown facts that the
 * rules read. The outcome is determined when every completion agrees; a fact
 * is missing when changing it alone changes the outcome of some completion.
 * An authorised person not recorded counts as none (E3); when that decides
 * "not eligible", authorised_person is listed as what is missing. */
static void eval_eligibility(dpss_decision *d, const dpss_recipient *r) {
  static const int vars[3] = {DPSS_FACT_EXCLUDING_ORDER, DPSS_FACT_HAS_CAPACITY,
                              DPSS_FACT_CONSENTS};
  int known[4], unknown_mask = 0;
  for (int i = 0; i < 3; i++) {
    int8_t f = r->facts[vars[i]];
    known[i] = f == DPSS_TRUE;
    if (f == DPSS_UNKNOWN)
      unknown_mask |= 1 << i;
  }
  int auth = r->facts[DPSS_FACT_AUTHORISED_PERSON] == DPSS_TRUE;
  int first = -1;
  bool same = true;
  uint32_t relevant = 0;
  for (int combo = 0; combo < 8; combo++) {
    if (combo & ~unknown_mask)
      continue;
    int v[3];
    for (int i = 0; i < 3; i++)
      v[i] = (unknown_mask & (1 << i)) ? (combo >> i) & 1 : known[i];
    int o = elig_outcome(v[0], v[1], v[2], auth);
    if (first < 0)
      first = o;
    else if (o != first)
      same = false;
    for (int i = 0; i < 3; i++) {
      if (!(unknown_mask & (1 << i)))
        continue;
      int w[3] = {v[0], v[1], v[2]};
      w[i] = !w[i];
      if ((int)elig_outcome(w[0], w[1], w[2], auth) != o)
        relevant |= BIT(vars[i]);
    }
    if (!auth && (int)elig_outcome(v[0], v[1], v[2], 1) != o)
      relevant |= BIT(DPSS_FACT_AUTHORISED_PERSON);
  }

  enum dpss_eligibility status = !same ? DPSS_ELIGIBILITY_UNDETERMINED
                                 : first == OUT_NE ? DPSS_NOT_ELIGIBLE : DPSS_ELIGIBLE;
  /* Determined: the only fact worth asking for is an authorised person who
   * would make the person eligible (E3 "says what is missing"). Undetermined:
   * the unknown facts that can change it; an authorised person not recorded
   * is a known "none", asked for only once the outcome turns on it. */
  uint32_t missing = !same ? relevant & ~BIT(DPSS_FACT_AUTHORISED_PERSON)
                           : relevant & BIT(DPSS_FACT_AUTHORISED_PERSON);
  bool auth_missing = missing & BIT(DPSS_FACT_AUTHORISED_PERSON);

  /* The trace, rule by rule, with the facts as recorded; the entry that
   * decides the outcome carries it. */
  trace(d, r->kind == DPSS_KIND_ADULT   ? TC_E1_ADULT
           : r->kind == DPSS_KIND_CHILD ? TC_E1_CHILD
                                        : TC_E1_KIND_UNKNOWN,
        0, 0, 0, 0);
  int8_t x = r->facts[DPSS_FACT_EXCLUDING_ORDER];
  trace(d, x == DPSS_TRUE ? TC_E4_EXCLUDED : x == DPSS_FALSE ? TC_E4_CLEAR : TC_E4_UNKNOWN, 0,
        0, 0, 0);
  int8_t cap = r->facts[DPSS_FACT_HAS_CAPACITY];
  int8_t s = r->facts[DPSS_FACT_CONSENTS];
  bool eligible = status == DPSS_ELIGIBLE;
  if (cap == DPSS_TRUE) {
    trace(d, s == DPSS_TRUE ? (eligible ? TC_E2_ELIGIBLE : TC_E2_CONSENTS)
             : s == DPSS_FALSE ? TC_E2_REFUSES
                               : TC_E2_UNKNOWN,
          0, 0, 0, 0);
  } else if (cap == DPSS_FALSE) {
    trace(d, auth ? (eligible ? TC_E3_ELIGIBLE : TC_E3_AUTHORISED)
               : auth_missing ? TC_E3_NONE
                              : TC_E3_NONE_MOOT,
          0, 0, 0, 0);
  } else {
    trace(d, TC_E23_CAPACITY_UNKNOWN, 0, 0, 0, 0);
    if (status == DPSS_NOT_ELIGIBLE && x != DPSS_TRUE) {
      /* Not eligible either way: say why on each side. */
      trace(d, TC_E2_IF_CAPACITY_REFUSES, 0, 0, 0, 0);
      trace(d, TC_E3_IF_NO_CAPACITY_NONE, auth_missing, 0, 0, 0);
    }
  }

  d->elig_missing = missing;
  if (!same) {
    d->status = DPSS_ELIGIBILITY_UNDETERMINED;
    d->via = DPSS_VIA_NONE;
    trace(d, TC_E6_UNDETERMINED, 0, 0, 0, 0);
    return;
  }
  d->status = (int8_t)status;
  d->via = first == OUT_SELF ? DPSS_VIA_SELF : first == OUT_AUTH ? DPSS_VIA_AUTHORISED_PERSON
                                                                 : DPSS_VIA_NONE;
  uint32_t unknown_vars = 0;
  for (int i = 0; i < 3; i++)
    if (unknown_mask & (1 << i))
      unknown_vars |= BIT(vars[i]);
  if (unknown_vars)
    trace(d, TC_E6_NOT_NEEDED, (int64_t)unknown_vars, 0, 0, 0);
}

/* E5: its own outcome; never decides eligibility. */
static void eval_family(dpss_decision *d, const dpss_recipient *r) {
  int8_t pays = r->facts[DPSS_FACT_PAYS_HOUSEHOLD_FAMILY];
  int8_t nec = r->facts[DPSS_FACT_FAMILY_PAYMENT_NECESSARY];
  if (pays == DPSS_FALSE) {
    d->family = DPSS_FAMILY_NOT_APPLICABLE;
    trace(d, TC_E5_NOT_APPLICABLE, 0, 0, 0, 0);
  } else if (pays == DPSS_UNKNOWN) {
    d->family = DPSS_FAMILY_UNDETERMINED;
    trace(d, TC_E5_UNDETERMINED, 0, 0, 0, 0);
  } else if (nec == DPSS_TRUE) {
    d->family = DPSS_FAMILY_ALLOWED;
    trace(d, TC_E5_ALLOWED, 0, 0, 0, 0);
  } else {
    d->family = DPSS_FAMILY_REFUSED;
    trace(d, TC_E5_REFUSED, 0, 0, 0, 0);
  }
}

/* ------------------------------------------------------------------ money */

static void eval_money(dpss_decision *d, const dpss_recipient *r) {
  int8_t bank = r->facts[DPSS_FACT_BANK_ACCOUNT];
  int8_t card = r->facts[DPSS_FACT_CARD_SUITABLE];
  d->method = r->method;
  trace(d, r->method >= 0 ? TC_P1_RECORDED : TC_P1_UNKNOWN, r->method, 0, 0, 0);
  if (bank == DPSS_TRUE) {
    d->recommended = DPSS_METHOD_BANK_ACCOUNT;
    d->accredited = DPSS_FALSE;
    trace(d, TC_P2_OWN_ACCOUNT, 0, 0, 0, 0);
    trace(d, TC_P3_BANK, 0, 0, 0, 0);
  } else if (bank == DPSS_FALSE && card == DPSS_TRUE) {
    d->recommended = DPSS_METHOD_PREPAID_CARD;
    d->accredited = DPSS_FALSE;
    trace(d, TC_P2_CARD, 0, 0, 0, 0);
    trace(d, TC_P3_CARD, r->method, 0, 0, 0);
  } else if (card == DPSS_TRUE) {
    /* E6: whether they can hold a bank account cannot change P2 (a
     * suitable card meets it either way); it still decides P3's choice
     * between the account and the card. */
    d->recommended = DPSS_METHOD_UNKNOWN;
    d->accredited = DPSS_FALSE;
    trace(d, TC_P2_CARD_EITHER, 0, 0, 0, 0);
    trace(d, TC_P3_UNKNOWN, 1, 0, 0, 0);
  } else if (bank == DPSS_FALSE && card == DPSS_FALSE) {
    d->recommended = DPSS_METHOD_MANAGED_ACCOUNT;
    d->accredited = DPSS_TRUE;
    trace(d, TC_P2_ACCREDITED, 0, 0, 0, 0);
    trace(d, TC_P3_MANAGED, 0, 0, 0, 0);
  } else {
    d->recommended = DPSS_METHOD_UNKNOWN;
    d->accredited = DPSS_UNKNOWN;
    trace(d, TC_P2_UNKNOWN, bank == DPSS_UNKNOWN, 0, 0, 0);
    trace(d, TC_P3_UNKNOWN, bank == DPSS_UNKNOWN, 0, 0, 0);
  }
  d->single_provider = r->funding[DPSS_SOURCE_SOCIAL_CARE] > 0 && r->funding[DPSS_SOURCE_HEALTH] > 0;
  trace(d, d->single_provider ? TC_P4_JOINT : TC_P4_SINGLE, r->funding[DPSS_SOURCE_SOCIAL_CARE],
        r->funding[DPSS_SOURCE_HEALTH], 0, 0);
}

/* ------------------------------------------------------------------- tier */

struct tier_result {
  int8_t tier;
  dpss_date ends;
  enum dpss_tc code;
  dpss_date start;
};

/* T1, T2, T4 for one completion of the facts T1 reads (considering PAs,
 * complex needs). A recorded start-up contract does not read them: it runs
 * its full term from support.since whatever they are, so they cannot make
 * it undetermined, and its end date never moves. */
static struct tier_result tier_for(const dpss_recipient *r, const dpss_params *pp,
                                   dpss_date as_of, int considering, int complex) {
  struct tier_result t = {DPSS_TIER_ISSUE_BASED, DPSS_DATE_NONE, TC_T2_ISSUE_BASED,
                          DPSS_DATE_NONE};
  int64_t months = pp->v[DPSS_P_STARTUP_MAX_MONTHS];
  dpss_date first = r->dates[DPSS_DATE_DP_START];
  /* A recorded start-up contract; "none" or no tier is no contract. */
  bool recorded = r->has_support && r->support_tier == DPSS_TIER_START_UP;
  if (r->has_support && r->support_tier == DPSS_TIER_ISSUE_BASED) {
    t.code = TC_T4_MOVED_ON; /* start-up is given once */
    return t;
  }
  dpss_date since = r->has_support ? r->support_since : DPSS_DATE_NONE;
  dpss_date start = since != DPSS_DATE_NONE ? since : first;
  t.start = start;
  if (recorded && r->support_completed == DPSS_TRUE) {
    t.code = TC_T4_COMPLETED;
    return t;
  }
  if (!recorded) {
    /* Is start-up given? To anyone with complex needs, and to someone
     * considering PAs who is new when it starts (the first payment absent
     * or less than startup_max_months before it). */
    dpss_date when = start != DPSS_DATE_NONE ? start : as_of;
    bool is_new = first == DPSS_DATE_NONE || when < dpss__add_months(first, months);
    if (!complex && !(considering && is_new)) {
      if (considering && first != DPSS_DATE_NONE) {
        /* Considering PAs but no longer new: start-up, if given, has ended. */
        t.code = TC_T4_ENDED;
        t.start = first;
        t.ends = dpss__add_months(first, months);
      }
      return t;
    }
  }
  if (start == DPSS_DATE_NONE) {
    t.tier = DPSS_TIER_START_UP;
    t.code = TC_T1_NOT_STARTED;
    return t;
  }
  dpss_date ends = dpss__add_months(start, months);
  if (ends != DPSS_DATE_NONE && as_of >= ends) {
    t.code = TC_T4_ENDED;
    t.ends = ends;
    return t;
  }
  t.tier = DPSS_TIER_START_UP;
  t.ends = ends;
  t.code = recorded ? TC_T1_RECORDED : complex ? TC_T1_COMPLEX : TC_T1_NEW_PAS;
  return t;
}

static void eval_tier(dpss_decision *d, const dpss_recipient *r, dpss_date as_of) {
  d->tier_missing = 0;
  if (d->status == DPSS_NOT_ELIGIBLE) {
    d->tier = DPSS_TIER_NONE;
    d->tier_ends = DPSS_DATE_NONE;
    trace(d, TC_T4_NONE, 0, 0, 0, 0);
    return;
  }
  if (d->status == DPSS_ELIGIBILITY_UNDETERMINED) {
    d->tier = DPSS_TIER_UNKNOWN;
    d->tier_ends = DPSS_DATE_NONE;
    trace(d, TC_T_UNDETERMINED_ELIGIBILITY, 0, 0, 0, 0);
    return;
  }
  /* The same enumeration as eligibility, over the two facts T1 reads. */
  int8_t pf = r->facts[DPSS_FACT_CONSIDERING_EMPLOYING_PAS];
  int8_t qf = r->facts[DPSS_FACT_COMPLEX_NEEDS];
  struct tier_result res[4];
  int n = 0;
  bool same = true;
  for (int p = 0; p < 2; p++) {
    if (pf != DPSS_UNKNOWN && p != (pf == DPSS_TRUE))
      continue;
    for (int q = 0; q < 2; q++) {
      if (qf != DPSS_UNKNOWN && q != (qf == DPSS_TRUE))
        continue;
      res[n] = tier_for(r, &d->params, as_of, p, q);
      if (res[n].tier != res[0].tier ||
          (res[n].tier == DPSS_TIER_START_UP && res[n].ends != res[0].ends))
        same = false;
      n++;
    }
  }
  if (!same) {
    /* Which unknown facts change it: with two facts, flipping each in turn. */
    for (int p = 0; p < 2; p++)
      for (int q = 0; q < 2; q++) {
        if ((pf != DPSS_UNKNOWN && p != (pf == DPSS_TRUE)) ||
            (qf != DPSS_UNKNOWN && q != (qf == DPSS_TRUE)))
          continue;
        struct tier_result base = tier_for(r, &d->params, as_of, p, q);
        if (pf == DPSS_UNKNOWN && tier_for(r, &d->params, as_of, !p, q).tier != base.tier)
          d->tier_missing |= BIT(DPSS_FACT_CONSIDERING_EMPLOYING_PAS);
        if (qf == DPSS_UNKNOWN && tier_for(r, &d->params, as_of, p, !q).tier != base.tier)
          d->tier_missing |= BIT(DPSS_FACT_COMPLEX_NEEDS);
      }
    d->tier = DPSS_TIER_UNKNOWN;
    d->tier_ends = DPSS_DATE_NONE;
    trace(d, TC_T1_UNDETERMINED, 0, 0, 0, 0);
    return;
  }
  d->tier = res[0].tier;
  d->tier_ends = res[0].tier == DPSS_TIER_START_UP ? res[0].ends : DPSS_DATE_NONE;
  trace(d, res[0].code, res[0].start, res[0].ends, d->params.v[DPSS_P_STARTUP_MAX_MONTHS], 0);
}

/* ---------------------------------------------------------------- surplus */

struct surplus {
  int64_t weekly, threshold, available, excess;
  int8_t reclaim, review;
  bool known, funded;
};

/* Fallible part of S1/S2: done before the decision is touched. */
static int compute_surplus(struct surplus *s, const dpss_recipient *r, const dpss_params *pp) {
  bool overflow;
  s->weekly = dpss__recipient_weekly(r, &overflow);
  if (overflow ||
      __builtin_mul_overflow(s->weekly, pp->v[DPSS_P_SURPLUS_THRESHOLD_WEEKS], &s->threshold))
    return dpss__fail(DPSS_EOVERFLOW, "funding", "surplus threshold out of range");
  s->funded = r->n_funding > 0;
  s->known = r->has_balance && s->funded;
  s->available = s->excess = DPSS_PENCE_NONE;
  s->reclaim = s->review = DPSS_UNKNOWN;
  if (r->has_balance &&
      __builtin_sub_overflow(r->balance_pence, r->owed_pence, &s->available))
    return dpss__fail(DPSS_EOVERFLOW, "balance", "balance less owed out of range");
  if (!s->known)
    return DPSS_OK;
  if (s->available > s->threshold) {
    if (__builtin_sub_overflow(s->available, s->threshold, &s->excess))
      return dpss__fail(DPSS_EOVERFLOW, "balance", "excess out of range");
    s->reclaim = DPSS_TRUE;
    s->review = pp->v[DPSS_P_SURPLUS_TRIGGERS_REVIEW] ? DPSS_TRUE : DPSS_FALSE;
  } else {
    s->excess = 0;
    s->reclaim = DPSS_FALSE;
    s->review = DPSS_FALSE;
  }
  return DPSS_OK;
}

static void record_surplus(dpss_decision *d, const dpss_recipient *r, const struct surplus *s,
                           dpss_date as_of) {
  d->weekly = s->weekly;
  d->recover_from = DPSS_DATE_NONE;
  d->threshold = s->threshold;
  d->available = s->available;
  d->excess = s->excess;
  d->reclaim = s->reclaim;
  d->surplus_review = s->review;
  int64_t weeks = d->params.v[DPSS_P_SURPLUS_THRESHOLD_WEEKS];
  if (r->has_balance && r->owed_pence > 0)
    trace(d, TC_S2_OWED, r->owed_pence, r->balance_pence, s->available, 0);
  if (!s->funded) {
    trace(d, TC_S1_NO_FUNDING, 0, 0, 0, 0);
    return;
  }
  if (!r->has_balance) {
    trace(d, TC_S1_UNKNOWN, 0, 0, 0, 0);
    return;
  }
  if (s->reclaim == DPSS_TRUE) {
    trace(d, TC_S1_SURPLUS, s->available, weeks, s->weekly, s->excess);
    trace(d, s->review == DPSS_TRUE ? TC_S3_REVIEW : TC_S3_NO_REVIEW, 0, 0, 0, 0);
    /* S4: the date is as-of + surplus_notice_days (as-of itself when the
     * date would fall outside the calendar, which cannot happen for a
     * valid as-of and at most 365 days). */
    int64_t notice = d->params.v[DPSS_P_SURPLUS_NOTICE_DAYS];
    if (dpss_date_add_days(&d->recover_from, as_of, (int32_t)notice) != DPSS_OK)
      d->recover_from = as_of;
    trace(d, TC_S4_NOTICE, s->excess, d->recover_from, notice, 0);
  } else {
    trace(d, TC_S1_NO_SURPLUS, s->available, weeks, s->weekly, 0);
  }
}

/* ----------------------------------------------------------- escalations */

static bool issue_open(const dpss_issue_rec *is, dpss_date as_of) {
  return is->opened <= as_of && (is->resolved == DPSS_DATE_NONE || is->resolved > as_of);
}

static void eval_escalations(dpss_decision *d, const dpss_recipient *r, dpss_date as_of) {
  int64_t limit = d->params.v[DPSS_P_ISSUE_ESCALATION_DAYS];
  d->n_esc = 0;
  for (size_t i = 0; i < r->n_issues; i++) {
    const dpss_issue_rec *is = &r->issues[i];
    if (!issue_open(is, as_of))
      continue;
    dpss_escalation *e = &d->esc[d->n_esc];
    size_t n = strlen(is->id);
    memcpy(e->id, is->id, n + 1);
    e->open_days = as_of - is->opened;
    e->review = e->open_days > limit;
    trace(d, e->review ? TC_T3_ESCALATE : TC_T3_OPEN, (int64_t)d->n_esc, e->open_days, limit, 0);
    d->n_esc++;
  }
}

/* ------------------------------------------------------- reviews, audits */

/* R1 and R2 read the same way: the first one a period after the first
 * payment, then a period after the last one; one recorded before the first
 * payment is not the first and never puts it off. Returns the due date and
 * sets *base and *code (first, next, or first-with-an-earlier-record). */
dpss_date dpss__next_due(dpss_date first, dpss_date last, int64_t first_period,
                         int64_t interval, dpss_date *base, int *kind) {
  if (last != DPSS_DATE_NONE && (first == DPSS_DATE_NONE || last >= first)) {
    *base = last;
    *kind = 1;
    return dpss__add_period(last, interval);
  }
  if (first != DPSS_DATE_NONE) {
    *base = first;
    *kind = last != DPSS_DATE_NONE ? 2 : 0;
    return dpss__add_period(first, first_period);
  }
  *base = DPSS_DATE_NONE;
  *kind = 3;
  return DPSS_DATE_NONE;
}

dpss_date dpss__audit_base(const dpss_recipient *r, const dpss_params *pp) {
  dpss_date first = r->dates[DPSS_DATE_DP_START];
  return pp->v[DPSS_P_FIRST_AUDIT_FROM] ? dpss__add_period(first, pp->v[DPSS_P_FIRST_REVIEW])
                                        : first;
}

static void eval_reviews(dpss_decision *d, const dpss_recipient *r, dpss_date as_of) {
  dpss_date first = r->dates[DPSS_DATE_DP_START];
  dpss_date last = r->dates[DPSS_DATE_LAST_REVIEW];
  const int64_t *v = d->params.v;
  dpss_date base;
  int kind;
  d->review_due = dpss__next_due(first, last, v[DPSS_P_FIRST_REVIEW], v[DPSS_P_REVIEW_INTERVAL],
                           &base, &kind);
  static const enum dpss_tc r1[] = {TC_R1_FIRST, TC_R1_NEXT, TC_R1_BEFORE_FIRST, TC_R1_NONE};
  trace(d, r1[kind], base, d->review_due,
        kind == 1 ? v[DPSS_P_REVIEW_INTERVAL] : v[DPSS_P_FIRST_REVIEW], last);

  /* Extra reviews now. Events and a misuse audit count when dated after the
   * review that would have looked at them (the last review that counts, else
   * the first payment) and not after the as-of date. */
  dpss_date since = kind == 1 ? last : first;
  d->extra_review_surplus = d->surplus_review == DPSS_TRUE;
  d->extra_review_escalation = false;
  for (size_t i = 0; i < d->n_esc; i++)
    d->extra_review_escalation |= d->esc[i].review;
  d->extra_review_event = false;
  int64_t n_dated = 0; /* events and misuse audits calling for the review */
  for (size_t i = 0; i < r->n_events; i++) {
    const dpss_event_rec *e = &r->events[i];
    if (e->date > as_of || (since != DPSS_DATE_NONE && e->date <= since))
      continue;
    d->extra_review_event = true;
    n_dated++;
    trace(d, TC_R1_EVENT, e->kind, e->date, since, 0);
  }
  /* A8: every audit that found misuse counts, not only the latest: a later
   * satisfactory audit looked at the account, not at the person's needs.
   * last_audit (with last_audit_outcome) is one more unless audits[] holds
   * its day (the same audit). */
  d->extra_review_misuse = false;
  for (size_t i = 0; i <= r->n_audits; i++) {
    bool listed = i < r->n_audits;
    if (!listed && !dpss__last_audit_unlisted(r))
      break;
    dpss_date when = listed ? r->audits[i].date : r->dates[DPSS_DATE_LAST_AUDIT];
    int8_t outcome = listed ? r->audits[i].outcome : r->last_audit_outcome;
    if (outcome != DPSS_AUDIT_MISUSE_SUSPECTED || when > as_of ||
        (since != DPSS_DATE_NONE && when <= since))
      continue;
    d->extra_review_misuse = true;
    n_dated++;
    trace(d, TC_R1_MISUSE_AUDIT, when, since, 0, 0);
  }
  if (d->extra_review_surplus || d->extra_review_escalation || d->extra_review_misuse ||
      d->extra_review_event)
    trace(d, TC_R1_EXTRA, d->extra_review_surplus, d->extra_review_escalation, n_dated, 0);

  dpss_date audit_date = dpss__last_audit(r, NULL);
  d->audit_due = DPSS_DATE_NONE;
  if (r->method == DPSS_METHOD_UNKNOWN) {
    trace(d, TC_R2_UNKNOWN, 0, 0, 0, 0);
  } else if (r->method != DPSS_METHOD_MANAGED_ACCOUNT) {
    trace(d, TC_R2_NOT_MANAGED, r->method, 0, 0, 0);
  } else {
    d->audit_due = dpss__next_due(dpss__audit_base(r, &d->params), audit_date,
                                  v[DPSS_P_FIRST_AUDIT], v[DPSS_P_AUDIT_INTERVAL], &base, &kind);
    static const enum dpss_tc r2[] = {TC_R2_FIRST, TC_R2_NEXT, TC_R2_BEFORE_FIRST, TC_R2_NONE};
    trace(d, r2[kind], base, d->audit_due,
          kind == 1 ? v[DPSS_P_AUDIT_INTERVAL] : v[DPSS_P_FIRST_AUDIT], audit_date);
  }
}

/* ------------------------------------------------------------- the entry */

static bool grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return true;
  size_t n = *cap ? *cap : 8;
  while (n < need)
    n *= 2;
  void *q = dpss__realloc(*p, n * size);
  if (!q)
    return false;
  *p = q;
  *cap = n;
  return true;
}

/* Fixed trace entries: E (at most 7), E5, P (4), T, S (at most 5), R (at
 * most 5); plus one per issue (T3), one per event (R1) and one per audit
 * found with misuse (R1, A8: audits[] and last_audit, hence the 1 more). */
#define TRACE_FIXED 28

int dpss_evaluate_into(dpss_decision *d, const dpss_policy *policy, const dpss_recipient *r,
                       dpss_date as_of) {
  if (!d || !policy || !r)
    return dpss__fail(DPSS_EINVAL, NULL, "decision, policy and recipient must not be NULL");
  if (!dpss__date_valid(as_of))
    return dpss__fail(DPSS_EDATE, "as_of", "as-of date out of range");
  const char *overrides = dpss__policy_overrides(policy);
  size_t overrides_len = overrides ? strlen(overrides) + 1 : 1;
  if (!grow((void **)&d->trace, &d->cap_trace,
            TRACE_FIXED + r->n_issues + r->n_events + r->n_audits + 1, sizeof(dpss_trace)) ||
      !grow((void **)&d->overrides, &d->overrides_cap, overrides_len, 1) ||
      !grow((void **)&d->esc, &d->cap_esc, r->n_issues, sizeof(dpss_escalation)))
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  dpss_params params;
  dpss__policy_resolve(policy, as_of, &params);
  struct surplus s = {0};
  int rc = compute_surplus(&s, r, &params);
  if (rc) {
    dpss__error_prefix_field(r->id);
    return rc;
  }
  /* Nothing below can fail: the decision is overwritten only now. */
  d->evaluated = true;
  d->as_of = as_of;
  d->params = params;
  d->n_trace = 0;
  dpss__copy_id(d->id, r->id);
  dpss__copy_id(d->policy_id, dpss_policy_id(policy));
  dpss__copy_id(d->policy_version, dpss_policy_version(policy));
  memcpy(d->overrides, overrides ? overrides : "", overrides_len);
  eval_eligibility(d, r);
  eval_family(d, r);
  eval_money(d, r);
  eval_tier(d, r, as_of);
  record_surplus(d, r, &s, as_of);
  eval_escalations(d, r, as_of);
  eval_reviews(d, r, as_of);
  return DPSS_OK;
}

int dpss_decision_new(dpss_decision **out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = dpss__calloc(1, sizeof **out);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

void dpss_decision_free(dpss_decision *d) {
  if (!d)
    return;
  free(d->trace);
  free(d->esc);
  free(d->overrides);
  free(d);
}

int dpss_evaluate(dpss_decision **out, const dpss_policy *policy, const dpss_recipient *r,
                  dpss_date as_of) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  dpss_decision *d;
  int rc = dpss_decision_new(&d);
  if (rc)
    return rc;
  rc = dpss_evaluate_into(d, policy, r, as_of);
  if (rc) {
    dpss_decision_free(d);
    return rc;
  }
  *out = d;
  return DPSS_OK;
}
