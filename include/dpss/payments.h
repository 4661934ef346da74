/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/payments.h
 * @brief Budgets and payment schedules (rules B1-B5) and caseload totals.
 *
 * @defgroup dpss_payments Payments
 * @brief Every payment of a direct payment, to the penny and the day.
 *
 * How a schedule is made, for one recipient between two dates:
 * - The weekly amount is the sum of the funding streams (B1). The weekly
 *   contribution (`contribution_weekly_pence`, 0 when absent) comes off the
 *   social care stream only, never below zero (B2, B4): the council's weekly
 *   amount is what is left of social care plus the health stream.
 * - Net basis (`payment_basis` = net): the council pays its weekly amount and
 *   the person pays the contribution into the account. Gross: the council
 *   pays the whole weekly amount and invoices the contribution.
 * - Periods run back to back from the first payment (`dp_start`) to `dp_end`
 *   (or without end). At the start of each period the policy in force on that
 *   day decides it: `four_weekly` periods are `payment_interval_weeks` x 7
 *   days and pay that many weeks' amount; `monthly` periods are the rest of
 *   the calendar month. A period cut short (by `dp_end`, by the start of the
 *   payment inside a month, or by a change of frequency) is paid pro rata:
 *   weekly x days / 7, to the nearest penny, halves up (B3). Each payment is
 *   made in advance, on the first day of its period.
 * - Each payment is split between the streams in proportion to their weekly
 *   amounts after the contribution, each part rounded down; the pennies left
 *   go to the largest stream (social care on a tie), so the parts always add
 *   up to the payment (B4).
 * - A payment is listed when its date falls between the two dates, both
 *   included. One-off payments (B5) in the range are listed apart and never
 *   count in the weekly amount.
 * All arithmetic is integer pence; an amount that would overflow is an error
 * (caseload totals that would overflow are marked out of range instead).
 * @{
 */
#ifndef DPSS_PAYMENTS_H
#define DPSS_PAYMENTS_H

#include "dpss/common.h"
#include "dpss/policy.h"
#include "dpss/recipient.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque payment schedule for one recipient. */
typedef struct dpss_schedule dpss_schedule;

/** Payment basis (rule B2). */
typedef enum dpss_basis {
  DPSS_BASIS_NET = 0,  /**< "net": council pays less the contribution */
  DPSS_BASIS_GROSS = 1 /**< "gross": council pays all and invoices the contribution */
} dpss_basis;

/**
 * @brief Make the payment schedule of one recipient between two dates.
 * @param[out] out   The schedule, or NULL on failure. Caller frees with
 *                   dpss_schedule_free().
 * @param policy     The policy (basis, frequency and interval in force on each
 *                   period's first day).
 * @param recipient  The recipient (funding, contribution, `dp_start`,
 *                   `dp_end`, one-off payments). Without `dp_start` the
 *                   schedule has no payments.
 * @param from       First payment date to list.
 * @param to         Last payment date to list, on or after @p from.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL); #DPSS_EDATE (bad dates, @p to before
 *         @p from); #DPSS_EOVERFLOW; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_schedule_build(dpss_schedule **out, const dpss_policy *policy,
                                    const dpss_recipient *recipient, dpss_date from,
                                    dpss_date to);

/**
 * @brief Free a schedule.
 * @param schedule The schedule, or NULL.
 */
DPSS_EXTERN void dpss_schedule_free(dpss_schedule *schedule);

/**
 * @brief Write the schedule as one line of JSON (the payments shape of the
 *        data contract, plus `contribution_pence` per payment and the one-off
 *        payments).
 * @see The JSON: `schema/payment-schedule.json`, described in `docs/data-contract.md`.
 * @param schedule The schedule.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_schedule_to_json(const dpss_schedule *schedule, char **out);

/**
 * @brief The recipient id of the schedule.
 * @param schedule The schedule.
 * @return Borrowed; valid until the schedule is freed. "" for NULL.
 */
DPSS_EXTERN const char *dpss_schedule_id(const dpss_schedule *schedule);

/**
 * @brief The basis in force on the first listed payment (or on @p from).
 * @param schedule The schedule.
 * @return A #dpss_basis.
 */
DPSS_EXTERN dpss_basis dpss_schedule_basis(const dpss_schedule *schedule);

/**
 * @brief The weekly amount of all streams (B1).
 * @param schedule The schedule.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_schedule_weekly_pence(const dpss_schedule *schedule);

/**
 * @brief The weekly contribution as recorded (0 when absent).
 * @param schedule The schedule.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_schedule_contribution_weekly_pence(const dpss_schedule *schedule);

/**
 * @brief What the council pays a week on the basis of the first payment.
 * @param schedule The schedule.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_schedule_council_weekly_pence(const dpss_schedule *schedule);

/**
 * @brief The number of payments listed.
 * @param schedule The schedule.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_schedule_count(const dpss_schedule *schedule);

/**
 * @brief The date of a payment.
 * @param schedule The schedule.
 * @param index    From 0 to dpss_schedule_count() - 1.
 * @return The date, or #DPSS_DATE_NONE if @p index is out of range.
 */
DPSS_EXTERN dpss_date dpss_schedule_date(const dpss_schedule *schedule, size_t index);

/**
 * @brief The days a payment covers.
 * @param schedule The schedule.
 * @param index    From 0 to dpss_schedule_count() - 1.
 * @return The days, or 0 if @p index is out of range.
 */
DPSS_EXTERN int32_t dpss_schedule_days(const dpss_schedule *schedule, size_t index);

/**
 * @brief The amount of a payment (what the council pays).
 * @param schedule The schedule.
 * @param index    From 0 to dpss_schedule_count() - 1.
 * @return Pence, or #DPSS_PENCE_NONE if @p index is out of range.
 */
DPSS_EXTERN int64_t dpss_schedule_pence(const dpss_schedule *schedule, size_t index);

/**
 * @brief One stream's part of a payment; the parts add up to the payment.
 * @param schedule The schedule.
 * @param index    From 0 to dpss_schedule_count() - 1.
 * @param source   The stream.
 * @return Pence (0 for a stream the recipient does not have), or
 *         #DPSS_PENCE_NONE if @p index is out of range.
 */
DPSS_EXTERN int64_t dpss_schedule_stream_pence(const dpss_schedule *schedule, size_t index,
                                               dpss_source source);

/**
 * @brief The contribution for a payment's period: paid into the account by
 *        the person (net) or invoiced (gross).
 * @param schedule The schedule.
 * @param index    From 0 to dpss_schedule_count() - 1.
 * @return Pence, or #DPSS_PENCE_NONE if @p index is out of range.
 */
DPSS_EXTERN int64_t dpss_schedule_contribution_pence(const dpss_schedule *schedule,
                                                     size_t index);

/**
 * @brief The total of the one-off payments in the range (B5).
 * @param schedule The schedule.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_schedule_one_off_pence(const dpss_schedule *schedule);

/** Opaque caseload totals between two dates. */
typedef struct dpss_totals dpss_totals;

/**
 * @brief Create empty caseload totals for payments between two dates.
 * @param[out] out The totals. Caller frees with dpss_totals_free().
 * @param from     First payment date counted.
 * @param to       Last payment date counted (at most 100 years after @p from).
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_totals_new(dpss_totals **out, dpss_date from, dpss_date to);

/**
 * @brief Free caseload totals.
 * @param totals The totals, or NULL.
 */
DPSS_EXTERN void dpss_totals_free(dpss_totals *totals);

/**
 * @brief Add one schedule's payments (those dated in the totals' range).
 *
 * Never fails for size: a total that would pass `INT64_MAX` makes the money
 * totals unknown (dpss_totals_pence() gives #DPSS_PENCE_NONE, the JSON
 * writes them as null with `"overflow": true`), the same whatever the order
 * and however a caseload is split between totals that are merged. The totals
 * note the policy each schedule was made under: the JSON names it as
 * `policy` (with its what-if overrides), or null for several.
 *
 * @param totals   The totals.
 * @param schedule The schedule.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM (only for the first schedule
 *         added; then the totals are unchanged).
 */
DPSS_EXTERN int dpss_totals_add(dpss_totals *totals, const dpss_schedule *schedule);

/**
 * @brief Add another totals object of the same range into this one.
 * @param into The totals to add to.
 * @param from The totals to add; not changed.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL or different ranges); #DPSS_ENOMEM;
 *         on an error @p into is unchanged. Overflow is reported as for dpss_totals_add().
 */
DPSS_EXTERN int dpss_totals_merge(dpss_totals *into, const dpss_totals *from);

/**
 * @brief Whether any sum of the totals is out of range (past the largest
 *        `int64_t`). Such a sum is null in the JSON and "out of range" in
 *        the text; the other sums and the counts are still right.
 * @param totals The totals.
 * @return 1 if any is out of range; 0 if none, or for NULL.
 */
DPSS_EXTERN int dpss_totals_out_of_range(const dpss_totals *totals);

/**
 * @brief The totals as JSON: recipients, payments, total and per stream,
 *        council paid against contributions, one-offs, and per month.
 * @see The JSON: `schema/payments-totals.json`, described in `docs/data-contract.md`.
 * @param totals   The totals.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_totals_to_json(const dpss_totals *totals, char **out);

/**
 * @brief The totals as a readable table (money in pounds).
 * @param totals   The totals.
 * @param[out] out NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_totals_to_text(const dpss_totals *totals, char **out);

/**
 * @brief The total paid in the range, all streams.
 * @param totals The totals.
 * @return Pence; #DPSS_PENCE_NONE when the totals overflowed.
 */
DPSS_EXTERN int64_t dpss_totals_pence(const dpss_totals *totals);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_PAYMENTS_H */
