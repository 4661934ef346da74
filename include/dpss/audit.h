/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/audit.h
 * @brief Account audits (rules A1-A9): statements in, the audit record out,
 *        the outcome recorded for R2, caseload summaries and the audit
 *        summary sheet sent to the person.
 *
 * @defgroup dpss_audit Account audits
 * @brief How one direct payment account's money was used over a period.
 *
 * An audit reads a recipient (with `support_plan` and `employer`, see
 * dpss/recipient.h), a statement of the account and a period `from`..`to`
 * (both included), and applies the rules A1-A9 of RULES.md with the policy
 * parameters in force on `to` and the payment schedule (B2-B5) the library
 * computes for the period. Where RULES.md leaves room, libdpss reads it so:
 *
 * - **A1** Every statement line must be dated in the period, else the audit
 *   is refused (#DPSS_EDATE naming the line). A statement that has bad lines
 *   (see dpss_statement_error_count()) is refused too (#DPSS_EINVAL).
 *   Statement lines are numbered from 1 in the order given (the header row of
 *   a CSV file is not a line); findings name lines by these numbers.
 * - **A2** `in` is the sum of the lines in, `out` the sum of the lines out
 *   (as a positive amount). Where lines carry a running balance, each one
 *   that does not equal the previous balance (or the opening balance) plus
 *   the lines since is an `unreconciled` finding on that line, for the
 *   difference; checking goes on from the balance the line gives, so each
 *   difference is reported once. The closing balance is then checked against
 *   the last running balance (or, with none, against opening + in - out); a
 *   difference is a finding with no line. An opening balance not given
 *   (#DPSS_PENCE_NONE) is the first line's balance less its amount; a closing
 *   balance not given is the last line's balance; a statement without them
 *   needs both given (#DPSS_EMISSING).
 * - **A3** Council payment lines are lines in of type `council_payment`. The
 *   payments due are those the schedule dates in the period, and the one-off
 *   payments (B5) recorded on the recipient, each of more than 0 pence;
 *   payments dated up to `audit_match_days` before `from` or after `to` may
 *   also be matched (a line is then not unexpected) but are not required.
 *   Matching takes every (payment, line) pair of the same amount whose dates
 *   are at most `audit_match_days` apart, nearest dates first (then the
 *   earlier payment, then the earlier line), each payment and line used
 *   once. Payments still unmatched are then paired, the same way, with
 *   unmatched council lines of another amount within the window
 *   (`payment_amount`, pence = line less payment); the rest are
 *   `payment_missing` (pence = the payment) and `payment_unexpected`
 *   (pence = the line). Lines out of type `council_payment` are repayments
 *   to the council: neither spending (A5, A9) nor payments in.
 * - **A4** On the net basis (in force on `to`) the contribution due is the
 *   weekly contribution that comes off the payment (never more than the
 *   social care stream, B2/B4) x the days of the period the direct payment
 *   covers (from `dp_start`, up to `dp_end`) / 7, halves up; lines in of type
 *   `contribution` count against it.
 * - **A5** A line out's category is the one on the line, else the category
 *   of the first support plan line whose payee matches the line's payee.
 *   Categories compare exactly (case counts); payees compare without regard
 *   to ASCII case, surrounding spaces removed. A line out is agreed when a
 *   plan line has its category and either has no payee, or the line has no
 *   payee, or their payees match. Spend in a prohibited category is
 *   `prohibited_spend` (one finding per category; such a line is not also
 *   unagreed); other spend not agreed is `unagreed_spend` (one finding per
 *   category and reason; lines with no category count as `uncategorised`).
 *   Prohibited spend above `misuse_threshold_pence` in total makes the
 *   outcome `misuse_suspected`.
 * - **A6** A person employs PAs in the period when the record says
 *   `employs_pas: true` or a line out is paid to a PA listed in
 *   `employer.pas` or has category `pa_wages`. Then: insurance must cover
 *   every day of the period (one finding per gap; pence = wages paid in the
 *   gap); each PA paid (a line out whose payee is a listed PA id, or a
 *   `pa_wages` line) needs a record with `contract: true` and `dbs_checked`
 *   on or before `to` and no more than `dbs_valid_years` before it (a check
 *   exactly that many years old passes); a `pa_wages` line to a payee with no
 *   PA record is a finding too; where the plan says `paye: true`, every
 *   calendar month with `pa_wages` lines needs a line out of category `hmrc`
 *   in the same month (pence = that month's wages). All are
 *   `evidence_missing`, naming what is missing (`insurance`, `contract`,
 *   `dbs`, `pa_record`, `hmrc`).
 * - **A7** Money owed on `to` is the recipient's `balance.owed_pence` when
 *   the balance is dated `to` or undated, else 0. The closing balance less
 *   it is held against `surplus_threshold_weeks` x the weekly value (S1); a
 *   surplus is not a finding, but calls for a review where
 *   `surplus_triggers_review` says so (S3).
 * - **A8** The outcome: `misuse_suspected` (A5), else `concerns` when there
 *   is any finding, else `satisfactory`.
 * - **A9** Over a period of at least 56 days, spending (lines out, less
 *   repayments to the council) below `underspend_review_percent` of the
 *   council payments in (lines in of type `council_payment`) is an
 *   `underspend` finding (pence = payments in less spending) and calls for a
 *   review.
 * - `review` is true when misuse is suspected (R1), on underspend (A9), or
 *   on a surplus that triggers a review (S3).
 *
 * All money is integer pence, every sum overflow-checked (#DPSS_EOVERFLOW).
 * @{
 */
#ifndef DPSS_AUDIT_H
#define DPSS_AUDIT_H

#include "dpss/common.h"
#include "dpss/framework.h"
#include "dpss/mapping.h"
#include "dpss/policy.h"
#include "dpss/recipient.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ statements */

/** Opaque statement: the dated lines of one account. */
typedef struct dpss_statement dpss_statement;

/** The type of a statement line (`type` column). */
typedef enum dpss_line_type {
  DPSS_LINE_OTHER = 0,           /**< "other" (also a line with no type) */
  DPSS_LINE_COUNCIL_PAYMENT = 1, /**< "council_payment" (A3) */
  DPSS_LINE_CONTRIBUTION = 2,    /**< "contribution" (A4) */
  DPSS_LINE_REFUND = 3           /**< "refund" */
} dpss_line_type;

/**
 * @brief Create an empty statement to fill from C with
 *        dpss_statement_add_line().
 * @param[out] out The statement. Caller frees with dpss_statement_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_statement_new(dpss_statement **out);

/**
 * @brief Add one line at the end of a statement.
 * @param statement     The statement.
 * @param date          The line's date.
 * @param pence         The amount: money in positive, money out negative.
 * @param balance_pence The running balance after the line, or
 *                      #DPSS_PENCE_NONE.
 * @param type          A #dpss_line_type.
 * @param description   Free text (copied), or NULL.
 * @param payee         The payee or payer (copied), or NULL.
 * @param category      A category word (copied), or NULL.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL statement, a type not in the enum,
 *         text that is not UTF-8 or holds control characters); #DPSS_EDATE;
 *         #DPSS_ERANGE (an amount beyond £10 trillion); #DPSS_ENOMEM. On
 *         failure nothing changes.
 */
DPSS_EXTERN int dpss_statement_add_line(dpss_statement *statement, dpss_date date,
                                        int64_t pence, int64_t balance_pence,
                                        dpss_line_type type, const char *description,
                                        const char *payee, const char *category);

/**
 * @brief Read a statement from CSV text (a bank's or card provider's export).
 *
 * RFC 4180: a header row, then one record per line; fields may be quoted with
 * `"` (a quote inside doubled), quoted fields may hold commas and line
 * breaks; lines end with LF, CRLF or a lone CR; a UTF-8 byte order mark is
 * skipped; spaces around unquoted fields are removed; rows with every field
 * empty are skipped.
 * Our columns, in any order: `date`, `amount` or `amount_pence` (exactly
 * one), and optionally `description`, `balance` or `balance_pence`, `payee`,
 * `category`, `type`. Values:
 * - `date`: `YYYY-MM-DD` or `DD/MM/YYYY` (see dpss/mapping.h).
 * - `amount`, `balance`: pounds, read exactly as integer pence, never
 *   through floating point: an optional `-` or `+`, an optional `£`, digits
 *   (optionally grouped by commas in threes: `1,234.56`), optionally `.` and
 *   one or two digits; or the same without a sign inside parentheses,
 *   `(12.00)`, meaning money out. `"-123.45"`, `"£12.00"`, `"-£0.01"`,
 *   `"0.10"` are read; `"12."`, `".50"`, `"1.234"`, `"1,23.00"`, `"12,50"`,
 *   `"1e3"`, `"--1"` and anything else are errors. At most £10 trillion.
 * - `amount_pence`, `balance_pence`: whole pence, an optional sign and
 *   digits.
 * - `type`: `council_payment`, `contribution`, `refund`, `other`, or empty
 *   (other).
 * - `description`, `payee`, `category`: UTF-8 text without control
 *   characters; empty is absent.
 *
 * A bad line does not stop the reading: every error is collected (see
 * dpss_statement_error_count()) and the good lines are kept, but an audit
 * over a statement with errors is refused. Errors name the line (the line of
 * the file, counting the header as line 1) and the column (from 1, and our
 * column's name), never the value.
 *
 * @param[out] out The statement, or NULL on failure. Caller frees with
 *                 dpss_statement_free().
 * @param csv      NUL-terminated CSV text.
 * @param mapping  The column mapping, or NULL when the header uses our names.
 * @return #DPSS_OK (check dpss_statement_error_count()); #DPSS_EINVAL;
 *         #DPSS_EMISSING (no header, or no `date` or amount column);
 *         #DPSS_EUNKNOWN (a header that is not a column, or a mapping to a
 *         column statements do not have); #DPSS_EDUPLICATE (two headers for
 *         one column); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_statement_from_csv(dpss_statement **out, const char *csv,
                                        const dpss_mapping *mapping);

/**
 * @brief Read a statement from a CSV file; see dpss_statement_from_csv().
 * @param[out] out The statement, or NULL on failure. Caller frees with
 *                 dpss_statement_free().
 * @param path     The file.
 * @param mapping  The column mapping, or NULL.
 * @return As dpss_statement_from_csv(), and #DPSS_EIO.
 */
DPSS_EXTERN int dpss_statement_from_csv_file(dpss_statement **out, const char *path,
                                             const dpss_mapping *mapping);

/**
 * @brief Read a statement from JSON Lines: one object per line with the
 *        columns of dpss_statement_from_csv() as keys.
 *
 * `amount` and `balance` are strings of pounds (read exactly as in CSV);
 * `amount_pence` and `balance_pence` integers; the rest strings or null.
 * Blank lines are skipped. A key that is not a column (after the mapping's
 * `columns`), or a second key for one column (#DPSS_EDUPLICATE), is an error
 * on that line. Errors are collected as for CSV.
 *
 * @param[out] out The statement, or NULL on failure. Caller frees with
 *                 dpss_statement_free().
 * @param jsonl    NUL-terminated text.
 * @param mapping  The column mapping, or NULL.
 * @return #DPSS_OK (check dpss_statement_error_count()); #DPSS_EINVAL;
 *         #DPSS_EUNKNOWN (a mapping to a column statements do not have);
 *         #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_statement_from_jsonl(dpss_statement **out, const char *jsonl,
                                          const dpss_mapping *mapping);

/**
 * @brief Read a statement from a JSON Lines file; see
 *        dpss_statement_from_jsonl().
 * @param[out] out The statement, or NULL on failure. Caller frees with
 *                 dpss_statement_free().
 * @param path     The file.
 * @param mapping  The column mapping, or NULL.
 * @return As dpss_statement_from_jsonl(), and #DPSS_EIO.
 */
DPSS_EXTERN int dpss_statement_from_jsonl_file(dpss_statement **out, const char *path,
                                               const dpss_mapping *mapping);

/**
 * @brief Free a statement.
 * @param statement The statement, or NULL.
 */
DPSS_EXTERN void dpss_statement_free(dpss_statement *statement);

/**
 * @brief The number of good lines read.
 * @param statement The statement.
 * @return The count; 0 for NULL.
 */
DPSS_EXTERN size_t dpss_statement_line_count(const dpss_statement *statement);

/**
 * @brief A line's date.
 * @param statement The statement.
 * @param index     From 0 (statement line 1) to the count - 1.
 * @return The date; #DPSS_DATE_NONE out of range.
 */
DPSS_EXTERN dpss_date dpss_statement_date(const dpss_statement *statement, size_t index);

/**
 * @brief A line's amount (in positive, out negative).
 * @param statement The statement.
 * @param index     From 0 to the count - 1.
 * @return Pence; #DPSS_PENCE_NONE out of range.
 */
DPSS_EXTERN int64_t dpss_statement_pence(const dpss_statement *statement, size_t index);

/**
 * @brief A line's running balance.
 * @param statement The statement.
 * @param index     From 0 to the count - 1.
 * @return Pence; #DPSS_PENCE_NONE when the line has none or out of range.
 */
DPSS_EXTERN int64_t dpss_statement_balance_pence(const dpss_statement *statement,
                                                 size_t index);

/**
 * @brief A line's type.
 * @param statement The statement.
 * @param index     From 0 to the count - 1.
 * @return A #dpss_line_type; #DPSS_LINE_OTHER out of range.
 */
DPSS_EXTERN dpss_line_type dpss_statement_type(const dpss_statement *statement, size_t index);

/**
 * @brief A line's description.
 * @param statement The statement.
 * @param index     From 0 to the count - 1.
 * @return Borrowed; valid until the statement is freed. "" when absent.
 */
DPSS_EXTERN const char *dpss_statement_description(const dpss_statement *statement,
                                                   size_t index);

/**
 * @brief A line's payee.
 * @param statement The statement.
 * @param index     From 0 to the count - 1.
 * @return Borrowed; valid until the statement is freed. "" when absent.
 */
DPSS_EXTERN const char *dpss_statement_payee(const dpss_statement *statement, size_t index);

/**
 * @brief A line's category as given on the line (not the one an audit finds).
 * @param statement The statement.
 * @param index     From 0 to the count - 1.
 * @return Borrowed; valid until the statement is freed. "" when absent.
 */
DPSS_EXTERN const char *dpss_statement_category(const dpss_statement *statement,
                                                size_t index);

/**
 * @brief The line of the input file a statement line was read from.
 * @param statement The statement.
 * @param index     From 0 to the count - 1.
 * @return The file line (the CSV header is line 1); 0 for lines added from C
 *         or out of range.
 */
DPSS_EXTERN size_t dpss_statement_source_line(const dpss_statement *statement, size_t index);

/**
 * @brief The number of bad lines (errors) met while reading.
 * @param statement The statement.
 * @return The count; 0 for NULL.
 */
DPSS_EXTERN size_t dpss_statement_error_count(const dpss_statement *statement);

/**
 * @brief An error's status code.
 * @param statement The statement.
 * @param index     From 0 to dpss_statement_error_count() - 1.
 * @return A negative #dpss_status; #DPSS_EINVAL out of range.
 */
DPSS_EXTERN int dpss_statement_error_code(const dpss_statement *statement, size_t index);

/**
 * @brief The file line of an error.
 * @param statement The statement.
 * @param index     From 0 to dpss_statement_error_count() - 1.
 * @return The line (from 1); 0 out of range.
 */
DPSS_EXTERN size_t dpss_statement_error_line(const dpss_statement *statement, size_t index);

/**
 * @brief The column of an error (from 1; in JSON Lines the key's position).
 * @param statement The statement.
 * @param index     From 0 to dpss_statement_error_count() - 1.
 * @return The column; 0 when the whole line is at fault or out of range.
 */
DPSS_EXTERN size_t dpss_statement_error_column(const dpss_statement *statement,
                                               size_t index);

/**
 * @brief Our name of the column at fault, e.g. "amount".
 * @param statement The statement.
 * @param index     From 0 to dpss_statement_error_count() - 1.
 * @return Borrowed; valid until the statement is freed; "" when none.
 */
DPSS_EXTERN const char *dpss_statement_error_field(const dpss_statement *statement,
                                                   size_t index);

/**
 * @brief An error's message, naming the line and column, never the value.
 * @param statement The statement.
 * @param index     From 0 to dpss_statement_error_count() - 1.
 * @return Borrowed; valid until the statement is freed; "" out of range.
 */
DPSS_EXTERN const char *dpss_statement_error_message(const dpss_statement *statement,
                                                     size_t index);

/* ----------------------------------------------------------------- audits */

/** Opaque audit of one account over one period. */
typedef struct dpss_audit dpss_audit;

/**
 * @brief Audit one account over a period (rules A1-A9; see the top of this
 *        file for how each is read).
 * @param[out] out      The audit, or NULL on failure. Caller frees with
 *                      dpss_audit_free().
 * @param policy        The policy (parameters in force on @p to; the
 *                      schedule's own dates for B2-B4); NULL for the built-in
 *                      one.
 * @param recipient     The recipient (funding, contribution, `dp_start`,
 *                      `dp_end`, one-off payments, balance owed,
 *                      `employs_pas`, `support_plan`, `employer`).
 * @param statement     The statement of the account.
 * @param from          The first day of the period.
 * @param to            The last day, on or after @p from, at most 100 years on.
 * @param opening_pence The balance at the start of @p from, or
 *                      #DPSS_PENCE_NONE to take it from the running balances.
 * @param closing_pence The balance at the end of @p to, or #DPSS_PENCE_NONE.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL, or a statement with bad lines: the
 *         error's line is the first bad one); #DPSS_EDATE (bad dates, or a
 *         line outside the period, A1: field `date`, the line numbered);
 *         #DPSS_EMISSING (an opening or closing balance neither given nor
 *         in the running balances); #DPSS_ERANGE (a balance beyond £10
 *         trillion); #DPSS_EOVERFLOW; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audit_run(dpss_audit **out, const dpss_policy *policy,
                               const dpss_recipient *recipient, const dpss_statement *statement,
                               dpss_date from, dpss_date to, int64_t opening_pence,
                               int64_t closing_pence);

/**
 * @brief Free an audit.
 * @param audit The audit, or NULL.
 */
DPSS_EXTERN void dpss_audit_free(dpss_audit *audit);

/**
 * @brief Write the audit record as one line of JSON: the audit shape of the
 *        data contract (`id, from, to, outcome, opening_pence, in_pence,
 *        out_pence, closing_pence, by_category, surplus {threshold_pence,
 *        available_pence, excess_pence}, findings [{rule, kind, lines,
 *        pence, because}], review`) plus `library_version`, `policy` (id,
 *        version and any what-if `overrides`), `lines`, `council_in_pence`,
 *        `contribution_due_pence`, `contribution_in_pence`, the surplus's
 *        `weekly_pence` and `owed_pence`, findings' `evidence`, `pa`, `date`
 *        and `expected_pence` where they apply, `review_rules` and `rules`
 *        (the rule ids applied).
 * @param audit    The audit.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audit_to_json(const dpss_audit *audit, char **out);

/**
 * @brief Write the findings as CSV (RFC 4180, header
 *        `id,rule,kind,lines,pence,because`; lines separated by spaces).
 * @param audit    The audit.
 * @param header   Nonzero to start with the header row.
 * @param[out] out NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audit_findings_to_csv(const dpss_audit *audit, int header, char **out);

/**
 * @brief Write the audit summary sheet for the person: one self-contained
 *        HTML page (inline CSS, no scripts, fonts or images; A4 when
 *        printed) with the outcome in plain words, the money in and out, the
 *        totals by category, the surplus, every finding and every statement
 *        line with its category and finding.
 * @param audit     The audit.
 * @param statement The statement it was run over (its lines are shown).
 * @param[out] out  NUL-terminated HTML. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL (NULL, or not the statement audited);
 *         #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audit_to_html(const dpss_audit *audit, const dpss_statement *statement,
                                   char **out);

/**
 * @brief Record the audit's outcome on the recipient (`audits` gains
 *        `{date: to, outcome}`, and `last_audit` and `last_audit_outcome`
 *        become its date and outcome unless a later audit is recorded), so
 *        R2 (`last_audit`) and R1 (misuse calls for a review) follow from it.
 * @param audit     The audit.
 * @param recipient The recipient audited (same id).
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ECONFLICT (another recipient's id);
 *         #DPSS_ENOMEM. On failure nothing changes.
 */
DPSS_EXTERN int dpss_audit_record(const dpss_audit *audit, dpss_recipient *recipient);

/**
 * @brief The recipient id of an audit.
 * @param audit The audit.
 * @return Borrowed; valid until the audit is freed. "" for NULL.
 */
DPSS_EXTERN const char *dpss_audit_id(const dpss_audit *audit);

/**
 * @brief The outcome (A8).
 * @param audit The audit.
 * @return A #dpss_audit_outcome; #DPSS_AUDIT_SATISFACTORY for NULL.
 */
DPSS_EXTERN dpss_audit_outcome dpss_audit_outcome_of(const dpss_audit *audit);

/**
 * @brief The first day of the period.
 * @param audit The audit.
 * @return The date; #DPSS_DATE_NONE for NULL.
 */
DPSS_EXTERN dpss_date dpss_audit_from(const dpss_audit *audit);

/**
 * @brief The last day of the period.
 * @param audit The audit.
 * @return The date; #DPSS_DATE_NONE for NULL.
 */
DPSS_EXTERN dpss_date dpss_audit_to(const dpss_audit *audit);

/**
 * @brief The number of statement lines audited.
 * @param audit The audit.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_audit_line_count(const dpss_audit *audit);

/**
 * @brief The opening balance (given or taken from the running balances).
 * @param audit The audit.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_audit_opening_pence(const dpss_audit *audit);

/**
 * @brief The money in over the period.
 * @param audit The audit.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_audit_in_pence(const dpss_audit *audit);

/**
 * @brief The money out over the period (a positive amount).
 * @param audit The audit.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_audit_out_pence(const dpss_audit *audit);

/**
 * @brief The closing balance (given or taken from the running balances).
 * @param audit The audit.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_audit_closing_pence(const dpss_audit *audit);

/**
 * @brief The surplus threshold on `to` (A7, S1).
 * @param audit The audit.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_audit_threshold_pence(const dpss_audit *audit);

/**
 * @brief The closing balance less money owed (A7, S2).
 * @param audit The audit.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_audit_available_pence(const dpss_audit *audit);

/**
 * @brief The surplus above the threshold, 0 when none (A7, S1).
 * @param audit The audit.
 * @return Pence.
 */
DPSS_EXTERN int64_t dpss_audit_excess_pence(const dpss_audit *audit);

/**
 * @brief Whether the audit calls for a review (misuse R1, underspend A9,
 *        surplus S3).
 * @param audit The audit.
 * @return 1 or 0.
 */
DPSS_EXTERN int dpss_audit_review(const dpss_audit *audit);

/**
 * @brief The number of findings.
 * @param audit The audit.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_audit_finding_count(const dpss_audit *audit);

/**
 * @brief A finding's rule id, e.g. "A3".
 * @param audit The audit.
 * @param index From 0 to dpss_audit_finding_count() - 1.
 * @return A static string; "" out of range.
 */
DPSS_EXTERN const char *dpss_audit_finding_rule(const dpss_audit *audit, size_t index);

/**
 * @brief A finding's kind: "unreconciled", "payment_missing",
 *        "payment_unexpected", "payment_amount", "contribution_shortfall",
 *        "prohibited_spend", "unagreed_spend", "evidence_missing" or
 *        "underspend".
 * @param audit The audit.
 * @param index From 0 to dpss_audit_finding_count() - 1.
 * @return A static string; "" out of range.
 */
DPSS_EXTERN const char *dpss_audit_finding_kind(const dpss_audit *audit, size_t index);

/**
 * @brief The amount of a finding (see the rules above for what it is).
 * @param audit The audit.
 * @param index From 0 to dpss_audit_finding_count() - 1.
 * @return Pence; 0 out of range.
 */
DPSS_EXTERN int64_t dpss_audit_finding_pence(const dpss_audit *audit, size_t index);

/**
 * @brief The number of statement lines a finding names.
 * @param audit The audit.
 * @param index From 0 to dpss_audit_finding_count() - 1.
 * @return The count; 0 out of range.
 */
DPSS_EXTERN size_t dpss_audit_finding_line_count(const dpss_audit *audit, size_t index);

/**
 * @brief One statement line a finding names (numbered from 1).
 * @param audit The audit.
 * @param index From 0 to dpss_audit_finding_count() - 1.
 * @param k     From 0 to dpss_audit_finding_line_count() - 1.
 * @return The line number; 0 out of range.
 */
DPSS_EXTERN size_t dpss_audit_finding_line(const dpss_audit *audit, size_t index, size_t k);

/**
 * @brief Why a finding was made, in words.
 * @param audit The audit.
 * @param index From 0 to dpss_audit_finding_count() - 1.
 * @return Borrowed; valid until the audit is freed; "" out of range.
 */
DPSS_EXTERN const char *dpss_audit_finding_because(const dpss_audit *audit, size_t index);

/* ---------------------------------------------------------- caseload sums */

/** Opaque summary over many audits. */
typedef struct dpss_audit_summary dpss_audit_summary;

/**
 * @brief Create an empty audit summary.
 * @param[out] out The summary. Caller frees with dpss_audit_summary_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audit_summary_new(dpss_audit_summary **out);

/**
 * @brief Free an audit summary.
 * @param summary The summary, or NULL.
 */
DPSS_EXTERN void dpss_audit_summary_free(dpss_audit_summary *summary);

/**
 * @brief Count one audit: its outcome, findings by kind, money by category,
 *        surplus and review.
 * @param summary The summary.
 * @param audit   The audit.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EOVERFLOW; #DPSS_ENOMEM. On failure
 *         nothing changes.
 */
DPSS_EXTERN int dpss_audit_summary_add(dpss_audit_summary *summary, const dpss_audit *audit);

/**
 * @brief Count one account that could not be audited (no statement, bad
 *        lines, a refused audit).
 * @param summary The summary.
 * @return #DPSS_OK; #DPSS_EINVAL.
 */
DPSS_EXTERN int dpss_audit_summary_add_unaudited(dpss_audit_summary *summary);

/**
 * @brief Add another summary's counts into this one.
 * @param into The summary to add to.
 * @param from The summary to add; not changed.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EOVERFLOW; #DPSS_ENOMEM. On failure
 *         @p into is unchanged.
 */
DPSS_EXTERN int dpss_audit_summary_merge(dpss_audit_summary *into,
                                         const dpss_audit_summary *from);

/**
 * @brief The number of audits counted.
 * @param summary The summary.
 * @return The count.
 */
DPSS_EXTERN uint64_t dpss_audit_summary_count(const dpss_audit_summary *summary);

/**
 * @brief The summary as JSON: `audits`, `unaudited`, `lines`, `outcomes`,
 *        `findings` (by kind: count, and pence: the findings' amounts added
 *        up, each taken as positive), `by_category` (money out),
 *        `in_pence`, `out_pence`, `surplus` (accounts with one, and their
 *        excess_pence added up), `reviews`.
 * @param summary  The summary.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audit_summary_to_json(const dpss_audit_summary *summary, char **out);

/**
 * @brief The summary as a readable table (money in pounds).
 * @param summary  The summary.
 * @param[out] out NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_audit_summary_to_text(const dpss_audit_summary *summary, char **out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_AUDIT_H */
