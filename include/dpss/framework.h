/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/framework.h
 * @brief The framework agreement: commissioners, spend caps, call-offs (F1-F3),
 *        audits (R2) and the information-sharing return (R3, F4).
 *
 * @defgroup dpss_framework Framework
 * @brief Several commissioners share one framework; each calls off packages
 *        at the standard prices, never past its annual or whole-term cap.
 *
 * **Term.** The framework runs `years` contract years from `start`: contract
 * year k runs from `start` + (k-1) years to the day before `start` + k years
 * (29 February starts clamp to 28 February). A call-off's dates must lie in
 * the term, and its whole cost counts in the contract year of its `start`.
 *
 * **Prices (F3).** A call-off's items are priced from the one price list:
 * `start_up` (each), `payroll` (per year), `managed_account` (per month),
 * `one_off_issue` (each): cost = sum of quantity x price, in pence. A
 * `cost_pence` given with the call-off must equal that (#DPSS_ECONFLICT
 * naming rule F3 otherwise).
 *
 * **Written call-offs** carry, besides what was given, `cost_pence`,
 * `year` (the contract year), `shares` (the split), `recorded_at` when a
 * ledger recorded them (UTC, `"2026-11-30T14:05:09Z"`), and the rules that
 * placed, priced and checked them, `"rules":["F1","F2","F3"]`; these are
 * accepted back when the JSON is read (`recorded_at` must be such a time).
 *
 * **Joint funding.** A call-off names one `commissioner`, or `funding`: a list
 * of `{commissioner, weekly_pence}` shares. The cost is split in proportion to
 * the weekly amounts, each part rounded down, the pennies left to the largest
 * share (the first on a tie), so the parts add up to the cost.
 *
 * **Caps (F2).** A call-off that would take any of its commissioners past the
 * annual cap of its contract year, or past the whole-term cap, is refused
 * with #DPSS_ECAP; the message names the commissioner, the cap, what is
 * committed, the amount and the shortfall, and nothing is recorded. Landing
 * exactly on a cap is allowed. A call-off costing more than a commissioner's
 * `approval_threshold_pence` needs `approved_by` (delegated authority, CITY).
 *
 * **Audits (R2).** Every managed account is audited: first
 * `first_audit_months` after the first payment, then `audit_interval_months`
 * after the last audit. Audit outcomes recorded on a recipient (`audits`:
 * `[{date, outcome}]`, outcome "satisfactory", "concerns" or
 * "misuse_suspected") move `last_audit` on.
 * @{
 */
#ifndef DPSS_FRAMEWORK_H
#define DPSS_FRAMEWORK_H

#include "dpss/common.h"
#include "dpss/policy.h"
#include "dpss/recipient.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque framework agreement with its call-offs. */
typedef struct dpss_framework dpss_framework;

/** Opaque list of audits due (R2). */
typedef struct dpss_audits dpss_audits;

/** Opaque information-sharing return (R3, F4). */
typedef struct dpss_return dpss_return;

/** The outcome of an audit. */
typedef enum dpss_audit_outcome {
  DPSS_AUDIT_SATISFACTORY = 0,    /**< "satisfactory" */
  DPSS_AUDIT_CONCERNS = 1,        /**< "concerns" */
  DPSS_AUDIT_MISUSE_SUSPECTED = 2 /**< "misuse_suspected" (calls for a review, R1) */
} dpss_audit_outcome;

/**
 * @brief Read and check a framework (the framework shape of the data
 *        contract), its call-offs included.
 * @see The JSON: `schema/framework.json`, described in `docs/data-contract.md`.
 * @param[out] out The framework, or NULL on failure. Caller frees with
 *                 dpss_framework_free().
 * @param json     NUL-terminated JSON text.
 * @return #DPSS_OK; #DPSS_ESYNTAX, #DPSS_ETYPE, #DPSS_EMISSING,
 *         #DPSS_EUNKNOWN, #DPSS_ERANGE, #DPSS_EDATE, #DPSS_EDUPLICATE,
 *         #DPSS_ENOTFOUND (an unknown commissioner), #DPSS_ECONFLICT (a cost
 *         that does not match the prices), #DPSS_ECAP (call-offs past a cap),
 *         each naming the field; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_framework_from_json(dpss_framework **out, const char *json);

/**
 * @brief Read and check a framework from its file: framework JSON, or a
 *        framework ledger (dpss/ledger.h), read as dpss_ledger_framework()
 *        does.
 * @param[out] out The framework. Caller frees with dpss_framework_free().
 * @param path     File name.
 * @return As dpss_framework_from_json() (or dpss_ledger_framework() for a
 *         ledger), plus #DPSS_EIO.
 */
DPSS_EXTERN int dpss_framework_load(dpss_framework **out, const char *path);

/**
 * @brief Save the framework to its file atomically: the new text is written
 *        beside the file, flushed to disk, and takes the file's place in
 *        one rename, after which the folder is flushed too; the file is
 *        always either the old or the new framework.
 *
 * A symbolic link is followed: the file it points to is replaced and the
 * link stays. The file keeps its mode and owner (a new file gets 0666 less
 * the umask). Refused with nothing written: a file with several hard links
 * (a replacement would separate them), a read-only file (no write
 * permission bit, or not writable by the caller; so even for root), a
 * symbolic link to nothing, and a framework ledger. The new text has no
 * name until it is complete (Linux `O_TMPFILE`), so a process killed
 * during a save leaves no copy behind; without `O_TMPFILE` a temporary
 * file is removed on any error.
 *
 * @param framework The framework.
 * @param path      File name.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EIO (the message says why; the old
 *         file is untouched); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_framework_save(const dpss_framework *framework, const char *path);

/**
 * @brief Write the framework as JSON, each call-off with its cost and split.
 * @see The JSON: `schema/framework.json`, described in `docs/data-contract.md`.
 * @param framework The framework.
 * @param[out] out  NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_framework_to_json(const dpss_framework *framework, char **out);

/**
 * @brief Free a framework.
 * @param framework The framework, or NULL.
 */
DPSS_EXTERN void dpss_framework_free(dpss_framework *framework);

/**
 * @brief Add a call-off (F1, F2): priced, split, checked against every cap.
 *
 * On any error nothing is recorded. A call-off without `id` gets a new one
 * ("C-" and a UUID).
 *
 * @see The JSON: `schema/call-off.json`, described in `docs/data-contract.md`.
 * @param framework The framework.
 * @param json      The call-off as JSON text.
 * @param[out] id   The call-off's id; may be NULL. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_ECAP (past a cap: the message says which, by how
 *         much); #DPSS_EMISSING (`approved_by` needed); #DPSS_EDUPLICATE;
 *         #DPSS_ENOTFOUND; #DPSS_EDATE (outside the term); #DPSS_ECONFLICT;
 *         the JSON errors of dpss_framework_from_json(); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_framework_add_calloff(dpss_framework *framework, const char *json,
                                           char **id);

/**
 * @brief The number of contract years.
 * @param framework The framework.
 * @return The years.
 */
DPSS_EXTERN int dpss_framework_years(const dpss_framework *framework);

/**
 * @brief The contract year a date falls in.
 * @param framework The framework.
 * @param date      The date.
 * @return 1 to dpss_framework_years(), or 0 outside the term.
 */
DPSS_EXTERN int dpss_framework_year_of(const dpss_framework *framework, dpss_date date);

/**
 * @brief The number of call-offs recorded.
 * @param framework The framework.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_framework_calloff_count(const dpss_framework *framework);

/**
 * @brief Spend committed by a commissioner in a contract year, or over the term.
 * @param framework    The framework.
 * @param commissioner The commissioner's id.
 * @param year         1 to dpss_framework_years(), or 0 for the whole term.
 * @return Pence; -1 for an unknown commissioner or year.
 */
DPSS_EXTERN int64_t dpss_framework_committed(const dpss_framework *framework,
                                             const char *commissioner, int year);

/**
 * @brief Spend against caps per commissioner, as JSON.
 * @see The JSON: `schema/framework-report.json`, described in `docs/data-contract.md`.
 * @param framework The framework.
 * @param year      A contract year, or 0 for every year.
 * @param[out] out  NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL (NULL or no such year); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_framework_report_json(const dpss_framework *framework, int year,
                                           char **out);

/**
 * @brief Spend against caps per commissioner, as a readable table.
 * @param framework The framework.
 * @param year      A contract year, or 0 for every year.
 * @param[out] out  NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_framework_report_text(const dpss_framework *framework, int year,
                                           char **out);

/**
 * @brief Record an audit outcome on a recipient (R2); `last_audit` moves on
 *        to the latest audit.
 * @param recipient The recipient.
 * @param date      The audit's date.
 * @param outcome   A #dpss_audit_outcome.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_add_audit(dpss_recipient *recipient, dpss_date date,
                                         dpss_audit_outcome outcome);

/**
 * @brief Start a list of the audits of managed accounts on a date (R2).
 * @param[out] out The list. Caller frees with dpss_audits_free().
 * @param policy   The policy (audit intervals); NULL for the built-in one.
 * @param as_of    The date.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audits_new(dpss_audits **out, const dpss_policy *policy, dpss_date as_of);

/**
 * @brief Free an audit list.
 * @param audits The list, or NULL.
 */
DPSS_EXTERN void dpss_audits_free(dpss_audits *audits);

/**
 * @brief Add one recipient (only managed accounts are listed).
 * @param audits    The list.
 * @param recipient The recipient.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audits_add(dpss_audits *audits, const dpss_recipient *recipient);

/**
 * @brief How many listed audits are overdue (due before the as-of date).
 * @param audits The list.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_audits_overdue(const dpss_audits *audits);

/**
 * @brief The list as JSON Lines, soonest due first: `id`, `last_audit`,
 *        `audit_due`, `overdue`, `days_overdue`, `last_outcome`.
 * @see The JSON: `schema/audits-due.json`, described in `docs/data-contract.md`.
 * @param audits   The list.
 * @param[out] out NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audits_to_jsonl(const dpss_audits *audits, char **out);

/**
 * @brief Start an information-sharing return for a period (R3, F4).
 * @param[out] out   The return. Caller frees with dpss_return_free().
 * @param policy     The policy; NULL for the built-in one.
 * @param from       First day of the period.
 * @param to         Last day of the period (decisions are made as of it).
 * @param provider   Only recipients supported by this provider, or NULL for
 *                   the whole network.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_return_new(dpss_return **out, const dpss_policy *policy, dpss_date from,
                                dpss_date to, const char *provider);

/**
 * @brief Free a return.
 * @param ret The return, or NULL.
 */
DPSS_EXTERN void dpss_return_free(dpss_return *ret);

/**
 * @brief Count one recipient in the return.
 * @param ret       The return.
 * @param recipient The recipient.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EOVERFLOW; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_return_add(dpss_return *ret, const dpss_recipient *recipient);

/**
 * @brief Count the framework spend of the period (call-offs starting in it)
 *        for the cost per person supported (F4).
 * @param ret       The return.
 * @param framework The framework.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EOVERFLOW.
 */
DPSS_EXTERN int dpss_return_add_spend(dpss_return *ret, const dpss_framework *framework);

/**
 * @brief The return as JSON: caseload by tier and by provider, new referrals,
 *        surpluses and their total, escalations, audits done and overdue,
 *        uptake against `dp_uptake_target`, spend and cost per person.
 * @see The JSON: `schema/return.json`, described in `docs/data-contract.md`.
 * @param ret      The return.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_return_to_json(const dpss_return *ret, char **out);

/**
 * @brief The return as a readable table.
 * @param ret      The return.
 * @param[out] out NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_return_to_text(const dpss_return *ret, char **out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_FRAMEWORK_H */
