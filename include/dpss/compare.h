/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/compare.h
 * @brief What-if comparisons: the same caseload under a base policy and an
 *        alternative, in one pass.
 *
 * @defgroup dpss_compare Compare
 * @brief Which decisions change, field by field, how much money moves, and
 *        for whom.
 *
 * For each recipient, evaluate under both policies and give the two
 * decisions to dpss_comparison_add(): it writes one line for a recipient
 * whose decision changed, naming only what changed by its path in the
 * decision (`{"id": ..., "changes": [{"field": "surplus.reclaim",
 * "before": true, "after": false}, ...], "rules": [...]}`), and counts the
 * change. The fields compared: `eligibility.status`, `eligibility.via`,
 * `eligibility.household_family_payment`, `money.recommended_method`,
 * `money.accredited_provider_required`, `tier.tier`, `tier.ends`,
 * `surplus.excess_pence`, `surplus.reclaim`,
 * `surplus.review`, `surplus.recover_from`, `escalations` (the number
 * escalated to a care manager), `review_due`, `audit_due`, `extra_review`.
 * (The threshold itself is a policy value, not a decision: it is not a change.)
 * Payment schedules of the two policies (dpss_comparison_add_payments()) add
 * the council's payments and the contributions before and after.
 *
 * The summary (dpss_comparison_to_json()) gives the recipients compared and
 * changed, the flips per field, the money moved (the total to reclaim, and
 * payments and contributions when schedules were added), who is affected by
 * their tier under the base policy, and both policies with their overrides.
 * All money is integer pence; totals saturate and say so rather than fail.
 * @{
 */
#ifndef DPSS_COMPARE_H
#define DPSS_COMPARE_H

#include "dpss/common.h"
#include "dpss/decision.h"
#include "dpss/payments.h"
#include "dpss/policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque comparison of a caseload under two policies. */
typedef struct dpss_comparison dpss_comparison;

/**
 * @brief Start a comparison between a base policy and an alternative.
 * @param[out] out    The comparison. Caller frees with dpss_comparison_free().
 * @param base        The base policy (its id, version and overrides are
 *                    copied for the summary; not kept).
 * @param alternative The alternative policy (likewise).
 * @return #DPSS_OK; #DPSS_EINVAL (NULL); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_comparison_new(dpss_comparison **out, const dpss_policy *base,
                                    const dpss_policy *alternative);

/**
 * @brief Free a comparison.
 * @param comparison The comparison, or NULL.
 */
DPSS_EXTERN void dpss_comparison_free(dpss_comparison *comparison);

/**
 * @brief Compare one recipient's decisions under the two policies and count
 *        what changed.
 * @param comparison The comparison.
 * @param before     The decision under the base policy.
 * @param after      The decision under the alternative, for the same
 *                   recipient and as-of date.
 * @param[out] line  The changes as one line of JSON, or NULL when nothing
 *                   changed; pass NULL to count only. Caller frees with
 *                   dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL (NULL, a decision never evaluated, or two
 *         decisions of different recipients or dates); #DPSS_ENOMEM (then
 *         nothing is counted).
 */
DPSS_EXTERN int dpss_comparison_add(dpss_comparison *comparison, const dpss_decision *before,
                                    const dpss_decision *after, char **line);

/**
 * @brief Count one recipient's payments under the two policies (the council's
 *        payments and the contributions in each schedule's range).
 * @param comparison The comparison.
 * @param before     The schedule under the base policy.
 * @param after      The schedule under the alternative, same recipient.
 * @return #DPSS_OK; #DPSS_EINVAL.
 */
DPSS_EXTERN int dpss_comparison_add_payments(dpss_comparison *comparison,
                                             const dpss_schedule *before,
                                             const dpss_schedule *after);

/**
 * @brief Count one record that could not be compared (shown as rejected).
 * @param comparison The comparison.
 * @return #DPSS_OK; #DPSS_EINVAL.
 */
DPSS_EXTERN int dpss_comparison_add_rejected(dpss_comparison *comparison);

/**
 * @brief Add another comparison of the same two policies into this one (for
 *        caseloads split across threads).
 * @param into The comparison to add to.
 * @param from The comparison to add; not changed.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL).
 */
DPSS_EXTERN int dpss_comparison_merge(dpss_comparison *into, const dpss_comparison *from);

/**
 * @brief The number of recipients compared.
 * @param comparison The comparison.
 * @return The count; 0 for NULL.
 */
DPSS_EXTERN uint64_t dpss_comparison_count(const dpss_comparison *comparison);

/**
 * @brief The number of recipients whose decision changed.
 * @param comparison The comparison.
 * @return The count; 0 for NULL.
 */
DPSS_EXTERN uint64_t dpss_comparison_changed(const dpss_comparison *comparison);

/**
 * @brief The summary as JSON (see above).
 * @param comparison The comparison.
 * @param[out] out   NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_comparison_to_json(const dpss_comparison *comparison, char **out);

/**
 * @brief The summary as a readable table (money in pounds).
 * @param comparison The comparison.
 * @param[out] out   NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_comparison_to_text(const dpss_comparison *comparison, char **out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_COMPARE_H */
