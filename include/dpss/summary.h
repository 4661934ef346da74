/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/summary.h
 * @brief Caseload summaries: counts and totals over many decisions.
 *
 * @defgroup dpss_summary Summary
 * @brief Add decisions one by one; read the totals as JSON or as a table.
 * @{
 */
#ifndef DPSS_SUMMARY_H
#define DPSS_SUMMARY_H

#include "dpss/common.h"
#include "dpss/decision.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque caseload summary. */
typedef struct dpss_summary dpss_summary;

/**
 * @brief Create an empty summary.
 * @param[out] out The summary. Caller frees with dpss_summary_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_summary_new(dpss_summary **out);

/**
 * @brief Free a summary.
 * @param summary The summary, or NULL.
 */
DPSS_EXTERN void dpss_summary_free(dpss_summary *summary);

/**
 * @brief Count one decision.
 *
 * The summary also notes the policy the decision was made under (its id,
 * version and what-if overrides): the JSON names it as `policy`, or null
 * once decisions under different policies are counted.
 *
 * @param summary  The summary.
 * @param decision An evaluated decision.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM (only when the first decision
 *         is counted; then the summary is unchanged). A surplus total too large for `int64_t`
 *         is reported as unknown (null in the JSON), never as an error, and
 *         comes out the same however the decisions are split and merged.
 */
DPSS_EXTERN int dpss_summary_add(dpss_summary *summary, const dpss_decision *decision);

/**
 * @brief Count one record that could not be read (shown as "rejected").
 * @param summary The summary.
 * @return #DPSS_OK; #DPSS_EINVAL.
 */
DPSS_EXTERN int dpss_summary_add_rejected(dpss_summary *summary);

/**
 * @brief Add the counts of one summary into another (for caseloads split
 *        across threads: one summary per thread, merged at the end).
 * @param into The summary to add to.
 * @param from The summary to add; not changed.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM (then @p into is unchanged).
 */
DPSS_EXTERN int dpss_summary_merge(dpss_summary *into, const dpss_summary *from);

/**
 * @brief Whether the total to reclaim is out of range: the surpluses added
 *        up to more than the largest `int64_t` (£92,233,720,368,547,758.07).
 *        The JSON then gives `total_excess_pence` as null and the text
 *        "out of range"; every count is still right.
 * @param summary The summary.
 * @return 1 if out of range; 0 if not, or for NULL.
 */
DPSS_EXTERN int dpss_summary_out_of_range(const dpss_summary *summary);

/**
 * @brief The number of decisions counted.
 * @param summary The summary.
 * @return The count.
 */
DPSS_EXTERN uint64_t dpss_summary_count(const dpss_summary *summary);

/**
 * @brief The summary as JSON: counts by eligibility and tier, surpluses and
 *        their total, escalations, reviews and audits due.
 * @see The JSON: `schema/summary.json`, described in `docs/data-contract.md`.
 * @param summary  The summary.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_summary_to_json(const dpss_summary *summary, char **out);

/**
 * @brief The summary as a readable table (money in pounds).
 * @param summary  The summary.
 * @param[out] out NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_summary_to_text(const dpss_summary *summary, char **out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_SUMMARY_H */
