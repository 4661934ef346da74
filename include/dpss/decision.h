/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/decision.h
 * @brief Evaluate a recipient under a policy: the full, explained decision.
 *
 * @defgroup dpss_decision Decision
 * @brief One call, dpss_evaluate(), applies every rule (E, P, T, S, R) to a
 *        recipient on a date and returns what it decided and why.
 *
 * How each part is decided (rule ids from the catalogue, `docs/RULES.md`):
 * - **Eligibility** (E1-E4, E6): excluded by a criminal-justice order (E4);
 *   with capacity, eligible via "self" only with consent (E2); without
 *   capacity, eligible via "authorised_person" only if one has agreed (E3),
 *   otherwise not eligible with `authorised_person` listed as missing. An
 *   unknown fact makes the status "undetermined" only if its value could
 *   change the outcome; `missing` lists exactly those facts (E6).
 * - **Household family payment** (E5): "not_applicable" when no such payment
 *   is planned, "allowed" when the council has recorded that it is necessary,
 *   otherwise "refused"; "undetermined" when `pays_household_family` is
 *   unknown. It never decides eligibility.
 * - **Money** (P1-P4): the method recorded; the recommended method (own bank
 *   account if the person can hold one, else a pre-payment card where
 *   suitable, else a managed account); whether an accredited provider is
 *   required (no own bank account and no suitable card); whether one provider
 *   must serve all funding (jointly funded).
 * - **Tier** (T1, T2, T4): "none" if not eligible; "start_up" for a new
 *   recipient considering employing PAs, or anyone with complex needs, while
 *   start-up runs (from `support.since`, else the first payment, for
 *   `startup_max_months`, ended early by completion); otherwise
 *   "issue_based".
 * - **Surplus** (S1-S4): balance less money owed, against
 *   `surplus_threshold_weeks` x the weekly amount of all streams.
 * - **Escalations** (T3): each issue open on the as-of date, with the days it
 *   has been open; more than `issue_escalation_days` needs a care manager
 *   review.
 * - **Review and audit dates** (R1, R2).
 *
 * A decision is independent of the policy and recipient it came from: either
 * may be freed first.
 * @{
 */
#ifndef DPSS_DECISION_H
#define DPSS_DECISION_H

#include "dpss/common.h"
#include "dpss/policy.h"
#include "dpss/recipient.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque decision handle. */
typedef struct dpss_decision dpss_decision;

/** Eligibility status (E1-E4, E6). */
typedef enum dpss_eligibility {
  DPSS_ELIGIBLE = 0,               /**< "eligible" */
  DPSS_NOT_ELIGIBLE = 1,           /**< "not_eligible" */
  DPSS_ELIGIBILITY_UNDETERMINED = 2 /**< "undetermined": see dpss_decision_missing() */
} dpss_eligibility;

/** Through whom an eligible person takes the direct payment. */
typedef enum dpss_via {
  DPSS_VIA_NONE = -1,             /**< Not eligible or undetermined. */
  DPSS_VIA_SELF = 0,              /**< "self" */
  DPSS_VIA_AUTHORISED_PERSON = 1  /**< "authorised_person" (E3) */
} dpss_via;

/** Outcome of rule E5. */
typedef enum dpss_family_payment {
  DPSS_FAMILY_UNDETERMINED = -1,  /**< "undetermined" */
  DPSS_FAMILY_NOT_APPLICABLE = 0, /**< "not_applicable" */
  DPSS_FAMILY_ALLOWED = 1,        /**< "allowed" */
  DPSS_FAMILY_REFUSED = 2         /**< "refused" */
} dpss_family_payment;

/**
 * @brief Evaluate a recipient under a policy on a date.
 *
 * Reentrant: many threads may evaluate at once against one policy.
 *
 * @param[out] out   The decision, or NULL on failure. Caller frees with
 *                   dpss_decision_free().
 * @param policy     The policy (only read).
 * @param recipient  The recipient (only read).
 * @param as_of      The date of the decision.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL argument); #DPSS_EDATE (bad @p as_of);
 *         #DPSS_EOVERFLOW (amounts too large to compare); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_evaluate(dpss_decision **out, const dpss_policy *policy,
                              const dpss_recipient *recipient, dpss_date as_of);

/**
 * @brief Create an empty decision to be filled by dpss_evaluate_into().
 * @param[out] out The decision. Caller frees with dpss_decision_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_decision_new(dpss_decision **out);

/**
 * @brief Evaluate into an existing decision, reusing its memory (the fast
 *        path for whole caseloads).
 * @param decision  The decision to overwrite; on failure it is unchanged.
 * @param policy    The policy (only read).
 * @param recipient The recipient (only read).
 * @param as_of     The date of the decision.
 * @return As dpss_evaluate().
 */
DPSS_EXTERN int dpss_evaluate_into(dpss_decision *decision, const dpss_policy *policy,
                                   const dpss_recipient *recipient, dpss_date as_of);

/**
 * @brief Free a decision.
 * @param decision The decision, or NULL.
 */
DPSS_EXTERN void dpss_decision_free(dpss_decision *decision);

/**
 * @brief Write the decision as one line of JSON (the decision shape of the
 *        data contract, with the trace).
 * @see The JSON: `schema/decision.json`, described in `docs/data-contract.md`.
 * @param decision The decision.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL (NULL, or a decision never evaluated);
 *         #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_decision_to_json(const dpss_decision *decision, char **out);

/**
 * @brief The recipient id the decision is for.
 * @param decision The decision.
 * @return Borrowed; valid until the decision is freed or re-evaluated.
 */
DPSS_EXTERN const char *dpss_decision_id(const dpss_decision *decision);

/**
 * @brief The as-of date of the decision.
 * @param decision The decision.
 * @return The date; #DPSS_DATE_NONE for NULL.
 */
DPSS_EXTERN dpss_date dpss_decision_as_of(const dpss_decision *decision);

/**
 * @brief Eligibility status.
 * @param decision The decision.
 * @return A #dpss_eligibility; #DPSS_ELIGIBILITY_UNDETERMINED for NULL.
 */
DPSS_EXTERN dpss_eligibility dpss_decision_eligibility(const dpss_decision *decision);

/**
 * @brief Through whom an eligible person takes the payment.
 * @param decision The decision.
 * @return A #dpss_via.
 */
DPSS_EXTERN dpss_via dpss_decision_via(const dpss_decision *decision);

/**
 * @brief How many facts are still needed (eligibility and tier).
 * @param decision The decision.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_decision_missing_count(const dpss_decision *decision);

/**
 * @brief The JSON field name of a missing fact, e.g. "consents".
 * @param decision The decision.
 * @param index    From 0 to dpss_decision_missing_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_decision_missing(const dpss_decision *decision, size_t index);

/**
 * @brief The E5 outcome.
 * @param decision The decision.
 * @return A #dpss_family_payment.
 */
DPSS_EXTERN dpss_family_payment dpss_decision_family_payment(const dpss_decision *decision);

/**
 * @brief The method the recipient uses now (as recorded).
 * @param decision The decision.
 * @return A #dpss_method.
 */
DPSS_EXTERN dpss_method dpss_decision_method(const dpss_decision *decision);

/**
 * @brief The least intensive method that meets the need (P2, P3).
 * @param decision The decision.
 * @return A #dpss_method; #DPSS_METHOD_UNKNOWN when a needed fact is unknown.
 */
DPSS_EXTERN dpss_method dpss_decision_recommended_method(const dpss_decision *decision);

/**
 * @brief Whether an accredited DPSS provider is required (P2).
 * @param decision The decision.
 * @return A #dpss_fact.
 */
DPSS_EXTERN dpss_fact dpss_decision_accredited_required(const dpss_decision *decision);

/**
 * @brief Whether one DPSS provider must serve every funding stream (P4).
 * @param decision The decision.
 * @return 1 if jointly funded, else 0.
 */
DPSS_EXTERN int dpss_decision_single_provider(const dpss_decision *decision);

/**
 * @brief The support tier.
 * @param decision The decision.
 * @return A #dpss_tier; #DPSS_TIER_UNKNOWN when undetermined.
 */
DPSS_EXTERN dpss_tier dpss_decision_tier(const dpss_decision *decision);

/**
 * @brief When start-up support ends (tier start_up only).
 * @param decision The decision.
 * @return The date, or #DPSS_DATE_NONE.
 */
DPSS_EXTERN dpss_date dpss_decision_tier_ends(const dpss_decision *decision);

/**
 * @brief Weekly value of the direct payment, all streams (S1).
 * @param decision The decision.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_decision_weekly_pence(const dpss_decision *decision);

/**
 * @brief The surplus threshold (S1).
 * @param decision The decision.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_decision_threshold_pence(const dpss_decision *decision);

/**
 * @brief Balance less money owed (S2).
 * @param decision The decision.
 * @return Pence, or #DPSS_PENCE_NONE when the balance is unknown.
 */
DPSS_EXTERN int64_t dpss_decision_available_pence(const dpss_decision *decision);

/**
 * @brief Excess above the threshold, to be paid back (S1).
 * @param decision The decision.
 * @return Pence (0 when none), or #DPSS_PENCE_NONE when unknown.
 */
DPSS_EXTERN int64_t dpss_decision_excess_pence(const dpss_decision *decision);

/**
 * @brief Whether money is to be reclaimed (S1).
 * @param decision The decision.
 * @return A #dpss_fact (unknown when the balance is unknown).
 */
DPSS_EXTERN dpss_fact dpss_decision_reclaim(const dpss_decision *decision);

/**
 * @brief Whether the surplus triggers a review of needs (S3).
 * @param decision The decision.
 * @return A #dpss_fact.
 */
DPSS_EXTERN dpss_fact dpss_decision_surplus_review(const dpss_decision *decision);

/**
 * @brief The earliest date the surplus may be recovered (S4): the as-of date
 *        plus `surplus_notice_days`, after the person has been told.
 * @param decision The decision.
 * @return The date, or #DPSS_DATE_NONE when nothing is to be reclaimed.
 */
DPSS_EXTERN dpss_date dpss_decision_recover_from(const dpss_decision *decision);

/**
 * @brief The number of open issues listed (T3).
 * @param decision The decision.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_decision_escalation_count(const dpss_decision *decision);

/**
 * @brief The id of one open issue (T3).
 * @param decision The decision.
 * @param index    From 0 to dpss_decision_escalation_count() - 1.
 * @return The issue id, borrowed from the decision (valid until it is freed
 *         or re-evaluated); NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_decision_escalation_issue(const dpss_decision *decision,
                                                       size_t index);

/**
 * @brief How many whole days one open issue has been open on the as-of date.
 * @param decision The decision.
 * @param index    From 0 to dpss_decision_escalation_count() - 1.
 * @return The days, or -1 if @p index is out of range.
 */
DPSS_EXTERN int32_t dpss_decision_escalation_open_days(const dpss_decision *decision,
                                                       size_t index);

/**
 * @brief Whether one open issue needs a care manager review (open more than
 *        `issue_escalation_days`, T3).
 * @param decision The decision.
 * @param index    From 0 to dpss_decision_escalation_count() - 1.
 * @return 1 or 0 (0 also if @p index is out of range).
 */
DPSS_EXTERN int dpss_decision_escalation_review(const dpss_decision *decision, size_t index);

/**
 * @brief The next review date (R1).
 * @param decision The decision.
 * @return The date, or #DPSS_DATE_NONE without a first payment.
 */
DPSS_EXTERN dpss_date dpss_decision_review_due(const dpss_decision *decision);

/**
 * @brief The next audit date (R2; managed accounts only).
 * @param decision The decision.
 * @return The date, or #DPSS_DATE_NONE.
 */
DPSS_EXTERN dpss_date dpss_decision_audit_due(const dpss_decision *decision);

/**
 * @brief Whether an extra review is needed now (R1): a surplus (S3), an
 *        escalated issue (T3), suspected misuse at an audit, or an event
 *        (misuse suspected, capacity lost or regained, conditions no longer
 *        met) dated after the last review (or the first payment when there
 *        has been none) and not after the as-of date.
 * @param decision The decision.
 * @return 1 or 0.
 */
DPSS_EXTERN int dpss_decision_extra_review(const dpss_decision *decision);

/**
 * @brief The number of trace entries.
 * @param decision The decision.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_decision_trace_count(const dpss_decision *decision);

/**
 * @brief The rule id of a trace entry, e.g. "S1".
 * @param decision The decision.
 * @param index    From 0 to dpss_decision_trace_count() - 1.
 * @return A static string; NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_decision_trace_rule(const dpss_decision *decision, size_t index);

/**
 * @brief The outcome of a trace entry, e.g. "surplus".
 * @param decision The decision.
 * @param index    From 0 to dpss_decision_trace_count() - 1.
 * @return A static string; NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_decision_trace_outcome(const dpss_decision *decision,
                                                    size_t index);

/**
 * @brief The reason of a trace entry in words, e.g. "balance 310000 > 6 x 50000".
 * @param decision The decision.
 * @param index    From 0 to dpss_decision_trace_count() - 1.
 * @param[out] out The text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL (NULL or index out of range); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_decision_trace_because(const dpss_decision *decision, size_t index,
                                            char **out);

/**
 * @brief Whether the trace names a rule id.
 * @param decision The decision.
 * @param rule     A rule id, e.g. "T3".
 * @return 1 if any trace entry has that rule id, else 0.
 */
DPSS_EXTERN int dpss_decision_applied(const dpss_decision *decision, const char *rule);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_DECISION_H */
