/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/mapping.h
 * @brief Column mappings for CSV (and JSON Lines) input with its own headers.
 *
 * @defgroup dpss_mapping Column mappings
 * @brief How a bank's, card provider's or case system's export maps onto the
 *        columns libdpss reads.
 *
 * A mapping is a small JSON file, the same shape for every kind of CSV input
 * the library reads (bank statements: dpss_statement_from_csv(); recipients:
 * dpss_reader_set_mapping()). For statements:
 * @code{.json}
 * {"columns": {"Txn Date": "date", "Value": "amount", "Memo": "description",
 *              "Ref": null},
 *  "date_format": "DD/MM/YYYY",
 *  "values": {"type": {"BACS CR NCC": "council_payment", "DD": "other"},
 *             "category": {"Wages": "pa_wages"}},
 *  "other_columns": "error"}
 * @endcode
 * - `columns`: their header -> our column name, or `null` to ignore that
 *   column. Headers are matched exactly (case and spaces count). A header
 *   that is not in `columns` must be one of our own column names, else it is
 *   an error unless `other_columns` is `"ignore"`.
 * - `date_format`: `"YYYY-MM-DD"` or `"DD/MM/YYYY"`: only that form is
 *   accepted. Without it both are accepted (they cannot be confused: the
 *   separators differ). Day and month always have two digits.
 * - `values`: for one of our columns, their value -> our value, applied to
 *   the field (after surrounding spaces are removed) before it is read. A
 *   value not in the map is read as it is. `types` is accepted as another
 *   name for `values.type` (not both).
 *   A value may also be `true`, `false` or `null`: the cells `true`,
 *   `false` and empty (unknown).
 * - `facts`: a value map for every fact column (recipients: `has_capacity`,
 *   `support.completed`, ...) that has none of its own in `values`, such as
 *   `{"Y": true, "N": false, "U": null}`. Inputs without fact columns
 *   (statements) refuse it.
 * - `other_columns`: `"error"` (the default) or `"ignore"`.
 * Unknown keys, and our column names that the input being read does not
 * have, are errors naming the key: nothing is guessed.
 *
 * For recipients, our columns are the fields' paths (dpss/reader.h, "CSV
 * input"), e.g. a case system's export:
 * @code{.json}
 * {"columns": {"Client Ref": "id", "Has Capacity": "has_capacity",
 *              "PB Weekly (p)": "personal_budget_weekly_pence",
 *              "Issue 1 Opened": "issues[0].opened", "Notes": null},
 *  "facts": {"Y": true, "N": false, "": null},
 *  "values": {"kind": {"Adult": "adult", "Child": "child"}},
 *  "date_format": "DD/MM/YYYY"}
 * @endcode
 * @{
 */
#ifndef DPSS_MAPPING_H
#define DPSS_MAPPING_H

#include "dpss/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque column mapping. */
typedef struct dpss_mapping dpss_mapping;

/**
 * @brief Read a column mapping from JSON text.
 *
 * The mapping is checked for its shape here; whether its column names are
 * ones the input has is checked when it is used (e.g. by
 * dpss_statement_from_csv()).
 *
 * @param[out] out The mapping, or NULL on failure. Caller frees with
 *                 dpss_mapping_free().
 * @param json     NUL-terminated JSON text.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ESYNTAX; #DPSS_ETYPE; #DPSS_EUNKNOWN
 *         (an unknown key or date format); #DPSS_EDUPLICATE (`types` and
 *         `values.type` both given); #DPSS_ENOMEM. Errors name the key.
 */
DPSS_EXTERN int dpss_mapping_from_json(dpss_mapping **out, const char *json);

/**
 * @brief Read a column mapping from a JSON file.
 * @param[out] out The mapping, or NULL on failure. Caller frees with
 *                 dpss_mapping_free().
 * @param path     The file.
 * @return As dpss_mapping_from_json(), and #DPSS_EIO.
 */
DPSS_EXTERN int dpss_mapping_from_file(dpss_mapping **out, const char *path);

/**
 * @brief Free a mapping.
 * @param mapping The mapping, or NULL.
 */
DPSS_EXTERN void dpss_mapping_free(dpss_mapping *mapping);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_MAPPING_H */
