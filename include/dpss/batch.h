/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/batch.h
 * @brief Decisions by the thousand, as columns: the fast path for analysts
 *        (the Python binding's attribute access and DataFrames).
 *
 * @defgroup dpss_batch Batch
 * @brief A batch holds the main fields of many decisions, one array of
 *        `int64_t` per field (column), plus each decision's recipient id.
 *
 * Every column is `int64_t`, with the library's own encodings:
 * - enumerations as their C value (#dpss_eligibility, #dpss_via,
 *   #dpss_family_payment, #dpss_method, #dpss_tier), -1 for null;
 * - three-state facts as #dpss_fact (-1 unknown, 0 false, 1 true);
 * - dates as #dpss_date day numbers (days since 1970-01-01),
 *   #DPSS_DATE_NONE for null;
 * - money as pence, #DPSS_PENCE_NONE for null;
 * - counts and booleans (0/1) as themselves.
 * Names of the columns are the field paths of the decision's JSON
 * (dpss_batch_column_name()), so a table of them reads like the JSON.
 * @{
 */
#ifndef DPSS_BATCH_H
#define DPSS_BATCH_H

#include "dpss/common.h"
#include "dpss/decision.h"
#include "dpss/error.h"
#include "dpss/policy.h"
#include "dpss/reader.h"
#include "dpss/recipient.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque batch of decisions as columns. */
typedef struct dpss_batch dpss_batch;

/** The columns of a batch, in this order. */
typedef enum dpss_column {
  DPSS_COLUMN_AS_OF = 0,             /**< "as_of" (date) */
  DPSS_COLUMN_ELIGIBILITY = 1,       /**< "eligibility.status" (#dpss_eligibility) */
  DPSS_COLUMN_VIA = 2,               /**< "eligibility.via" (#dpss_via) */
  DPSS_COLUMN_FAMILY_PAYMENT = 3,    /**< "eligibility.household_family_payment" */
  DPSS_COLUMN_METHOD = 4,            /**< "money.method" (#dpss_method) */
  DPSS_COLUMN_RECOMMENDED_METHOD = 5, /**< "money.recommended_method" (#dpss_method) */
  DPSS_COLUMN_ACCREDITED_REQUIRED = 6, /**< "money.accredited_provider_required" (fact) */
  DPSS_COLUMN_SINGLE_PROVIDER = 7,   /**< "money.single_provider_for_all_funding" (0/1) */
  DPSS_COLUMN_TIER = 8,              /**< "tier.tier" (#dpss_tier) */
  DPSS_COLUMN_TIER_ENDS = 9,         /**< "tier.ends" (date) */
  DPSS_COLUMN_WEEKLY_PENCE = 10,     /**< "surplus.weekly_pence" */
  DPSS_COLUMN_THRESHOLD_PENCE = 11,  /**< "surplus.threshold_pence" */
  DPSS_COLUMN_AVAILABLE_PENCE = 12,  /**< "surplus.available_pence" */
  DPSS_COLUMN_EXCESS_PENCE = 13,     /**< "surplus.excess_pence" */
  DPSS_COLUMN_RECLAIM = 14,          /**< "surplus.reclaim" (fact) */
  DPSS_COLUMN_SURPLUS_REVIEW = 15,   /**< "surplus.review" (fact) */
  DPSS_COLUMN_RECOVER_FROM = 16,     /**< "surplus.recover_from" (date) */
  DPSS_COLUMN_OPEN_ISSUES = 17,      /**< "escalations.open" (count of open issues) */
  DPSS_COLUMN_ESCALATED = 18,        /**< "escalations.care_manager_review" (count) */
  DPSS_COLUMN_REVIEW_DUE = 19,       /**< "review_due" (date) */
  DPSS_COLUMN_AUDIT_DUE = 20,        /**< "audit_due" (date) */
  DPSS_COLUMN_EXTRA_REVIEW = 21,     /**< "extra_review" (0/1) */
  DPSS_COLUMN_COUNT = 22             /**< The number of columns. */
} dpss_column;

/**
 * @brief Create an empty batch.
 * @param[out] out The batch. Caller frees with dpss_batch_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_batch_new(dpss_batch **out);

/**
 * @brief Free a batch.
 * @param batch The batch, or NULL.
 */
DPSS_EXTERN void dpss_batch_free(dpss_batch *batch);

/**
 * @brief Empty a batch, keeping its memory for the next rows.
 * @param batch The batch (NULL is a no-op).
 */
DPSS_EXTERN void dpss_batch_clear(dpss_batch *batch);

/**
 * @brief Append one decision's fields as a row.
 * @param batch    The batch.
 * @param decision An evaluated decision (copied; not kept).
 * @return #DPSS_OK; #DPSS_EINVAL (NULL or never evaluated); #DPSS_ENOMEM
 *         (then the batch is unchanged).
 */
DPSS_EXTERN int dpss_batch_add(dpss_batch *batch, const dpss_decision *decision);

/**
 * @brief Evaluate a recipient and append the decision as a row.
 * @param batch     The batch.
 * @param policy    The policy.
 * @param recipient The recipient.
 * @param as_of     The date of the decision.
 * @return As dpss_evaluate(); on failure the batch is unchanged.
 */
DPSS_EXTERN int dpss_batch_evaluate(dpss_batch *batch, const dpss_policy *policy,
                                    const dpss_recipient *recipient, dpss_date as_of);

/** Flags for dpss_batch_evaluate_reader(). */
typedef enum dpss_batch_flag {
  /** Keep each row's record text (dpss_batch_text()), to read or evaluate
   *  the record again later (a binding's full decision, asked for rarely). */
  DPSS_BATCH_KEEP_TEXT = 1
} dpss_batch_flag;

/**
 * @brief Read records from a reader and evaluate each into a row: a
 *        caseload in chunks, entirely in C and on several threads (the fast
 *        path of the bindings).
 *
 * Reads up to @p max_records records, or to the end of the input. Every
 * record read becomes a row, in input order: its decision, or, for a bad
 * record, a bad row (dpss_batch_error() says why and where, its columns are
 * null and its id ""). A record is bad when the reader reports it
 * (#DPSS_READ_BAD) or when it is not a valid recipient or cannot be
 * evaluated. So nothing is lost: dpss_batch_record() gives each row's
 * record number in the input.
 *
 * The records are read on the calling thread, then parsed and evaluated on
 * it and up to @p jobs - 1 more threads (each taking a run of rows; at least
 * 256 rows a thread). The rows are the same whatever the number of threads.
 *
 * @param batch       The batch; rows are appended (dpss_batch_clear() first
 *                    for a fresh chunk).
 * @param reader      The reader (dpss_reader_open() and friends). Borrowed;
 *                    used by the calling thread only.
 * @param policy      The policy. Borrowed; only read.
 * @param as_of       The date of the decisions.
 * @param max_records At most this many records are read (at least 1).
 * @param flags       0, or #DPSS_BATCH_KEEP_TEXT to keep each row's record
 *                    text (dpss_batch_text()).
 * @param jobs        Threads to evaluate on, this one included: 1 for this
 *                    thread only, up to 64; 0 for one per CPU (at most 8).
 * @return #DPSS_READ_RECORD (@p max_records records read; more may follow);
 *         #DPSS_READ_END (the input ended); or a negative code:
 *         #DPSS_EINVAL (NULL argument, @p max_records 0, an unknown flag,
 *         @p jobs out of range; nothing read), #DPSS_EDATE (@p as_of is not
 *         a date; nothing read), or the reader's fatal error (#DPSS_EIO,
 *         #DPSS_ENOMEM: see dpss_reader_next()), also #DPSS_ENOMEM when a
 *         record read could not be kept (that record is lost). After a
 *         fatal error the rows read before it are in the batch, evaluated,
 *         and dpss_error_last() is the reader's error.
 */
DPSS_EXTERN int dpss_batch_evaluate_reader(dpss_batch *batch, dpss_reader *reader,
                                           const dpss_policy *policy, dpss_date as_of,
                                           size_t max_records, unsigned flags, int jobs);

/**
 * @brief The number of bad rows (see dpss_batch_evaluate_reader()).
 * @param batch The batch.
 * @return The count; 0 for NULL.
 */
DPSS_EXTERN size_t dpss_batch_bad_count(const dpss_batch *batch);

/**
 * @brief Why a row is bad: a record that could not be read, or was not a
 *        valid recipient, or could not be evaluated.
 * @param batch The batch.
 * @param row   From 0 to dpss_batch_count() - 1.
 * @return NULL for a row with a decision (or out of range); else the error:
 *         its code, message (never the record's values), field path, and
 *         the line and column in the input where the fault lies (or where
 *         the record starts, when the fault has no position of its own).
 *         Borrowed; valid until the batch is cleared or freed.
 */
DPSS_EXTERN const dpss_error *dpss_batch_error(const dpss_batch *batch, size_t row);

/**
 * @brief The record number of a row read by dpss_batch_evaluate_reader():
 *        its number in the input, from 1, as dpss_reader_record() gives it.
 * @param batch The batch.
 * @param row   From 0 to dpss_batch_count() - 1.
 * @return The number; 0 for a row added otherwise, or out of range.
 */
DPSS_EXTERN int64_t dpss_batch_record(const dpss_batch *batch, size_t row);

/**
 * @brief The record text of a row added by dpss_batch_evaluate_reader()
 *        with #DPSS_BATCH_KEEP_TEXT.
 * @param batch The batch.
 * @param row   From 0 to dpss_batch_count() - 1.
 * @return The text, NUL-terminated; "" for a row added without its text.
 *         Borrowed; valid until the batch is changed or freed. NULL if
 *         @p row is out of range.
 */
DPSS_EXTERN const char *dpss_batch_text(const dpss_batch *batch, size_t row);

/**
 * @brief The number of rows.
 * @param batch The batch.
 * @return The count; 0 for NULL.
 */
DPSS_EXTERN size_t dpss_batch_count(const dpss_batch *batch);

/**
 * @brief The recipient id of a row.
 * @param batch The batch.
 * @param row   From 0 to dpss_batch_count() - 1.
 * @return Borrowed; valid until the batch is changed or freed. NULL if @p row
 *         is out of range.
 */
DPSS_EXTERN const char *dpss_batch_id(const dpss_batch *batch, size_t row);

/**
 * @brief A column's values, one per row.
 * @param batch  The batch.
 * @param column A #dpss_column.
 * @return Borrowed: dpss_batch_count() values, valid until the batch is
 *         changed or freed; NULL for a bad column or NULL batch.
 */
DPSS_EXTERN const int64_t *dpss_batch_column(const dpss_batch *batch, dpss_column column);

/**
 * @brief Copy a column's values into a buffer (for bindings).
 * @param batch  The batch.
 * @param column A #dpss_column.
 * @param[out] dst At least @p n values.
 * @param n      The size of @p dst in values.
 * @return The number of values copied (the smaller of @p n and the row
 *         count); #DPSS_EINVAL (as a negative number) for bad arguments.
 */
DPSS_EXTERN int64_t dpss_batch_copy_column(const dpss_batch *batch, dpss_column column,
                                           int64_t *dst, size_t n);

/**
 * @brief The name of a column: its field path in the decision's JSON.
 * @param column A #dpss_column.
 * @return A static string, or NULL for a bad column.
 */
DPSS_EXTERN const char *dpss_batch_column_name(dpss_column column);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_BATCH_H */
