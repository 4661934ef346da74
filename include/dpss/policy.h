/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/policy.h
 * @brief Policy: the council's parameters, effective-dated, with what-if
 *        overrides.
 *
 * @defgroup dpss_policy Policy
 * @brief Every number the rules use is a policy parameter with a built-in
 *        default (the Nottinghamshire policy).
 *
 * A parameter holds either one plain value (in force at every date) or a
 * schedule of `{from, value}` entries; on a date, the value in force is the
 * entry with the latest `from` on or before that date, or the built-in
 * default if every entry starts later.
 *
 * | name                     | type                       | default      | range    |
 * |--------------------------|----------------------------|--------------|----------|
 * | surplus_threshold_weeks  | integer                    | 6            | 1-52     |
 * | startup_max_months       | integer                    | 12           | 1-60     |
 * | issue_escalation_days    | integer                    | 14           | 1-365    |
 * | min_associates           | integer                    | 2            | 1-100    |
 * | first_review_months      | integer                    | 6            | 1-60     |
 * | review_interval_months   | integer                    | 12           | 1-60     |
 * | first_audit_months       | integer                    | 6            | 1-60     |
 * | audit_interval_months    | integer                    | 12           | 1-60     |
 * | surplus_triggers_review  | boolean                    | true         |          |
 * | payment_basis            | "net" or "gross"           | "net"        |          |
 * | payment_frequency        | "four_weekly" or "monthly" | "four_weekly"|          |
 * | payment_interval_weeks   | integer                    | 4            | 1-52     |
 * | dp_uptake_target         | integer percent            | 40           | 0-100    |
 * | framework_term_years     | integer                    | 4            | 1-10     |
 * | market_viability_floor_percent   | integer percent    | 5            | 0-100    |
 * | market_dominance_ceiling_percent | integer percent    | 50           | 0-100    |
 *
 * Booleans read as 1 (true) or 0 (false) through dpss_policy_get(); the
 * choices read as their position in the list above (net = 0, gross = 1;
 * four_weekly = 0, monthly = 1). dpss_policy_get_text() gives the words.
 *
 * A policy is not changed by evaluation: many threads may evaluate against
 * one policy at once, as long as none of them modifies it meanwhile.
 * @{
 */
#ifndef DPSS_POLICY_H
#define DPSS_POLICY_H

#include "dpss/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque policy handle. */
typedef struct dpss_policy dpss_policy;

/**
 * @brief Create the built-in default policy (id "nottinghamshire").
 * @param[out] out The policy. Caller frees with dpss_policy_free().
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_policy_new(dpss_policy **out);

/**
 * @brief Read a policy from JSON text (the policy shape of the data contract).
 *
 * Parameters not given keep the built-in default. An unknown parameter name,
 * a value of the wrong type, or a value outside its range is an error.
 *
 * @see The JSON: `schema/policy.json`, described in `docs/data-contract.md`.
 * @param[out] out The policy, or NULL on failure. Caller frees with
 *                 dpss_policy_free().
 * @param json     NUL-terminated JSON text.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL argument); #DPSS_ESYNTAX (with line and
 *         column); #DPSS_ETYPE, #DPSS_ERANGE, #DPSS_EUNKNOWN, #DPSS_EDATE,
 *         #DPSS_EMISSING (with the field path); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_policy_from_json(dpss_policy **out, const char *json);

/**
 * @brief Read a policy from a JSON file.
 * @param[out] out The policy, or NULL on failure. Caller frees with
 *                 dpss_policy_free().
 * @param path     File name.
 * @return As dpss_policy_from_json(), plus #DPSS_EIO if the file cannot be read.
 */
DPSS_EXTERN int dpss_policy_from_file(dpss_policy **out, const char *path);

/**
 * @brief Write the policy as JSON (every parameter, schedules included).
 * @see The JSON: `schema/policy.json`, described in `docs/data-contract.md`.
 * @param policy   The policy.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_policy_to_json(const dpss_policy *policy, char **out);

/**
 * @brief Copy a policy (for what-if runs that must not touch the original).
 * @param[out] out The copy. Caller frees with dpss_policy_free().
 * @param policy   The policy to copy.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_policy_clone(dpss_policy **out, const dpss_policy *policy);

/**
 * @brief Free a policy.
 * @param policy The policy, or NULL.
 */
DPSS_EXTERN void dpss_policy_free(dpss_policy *policy);

/**
 * @brief The policy's id, e.g. "nottinghamshire".
 * @param policy The policy.
 * @return Borrowed; valid until the policy is freed. "" if @p policy is NULL.
 */
DPSS_EXTERN const char *dpss_policy_id(const dpss_policy *policy);

/**
 * @brief The policy's version string.
 * @param policy The policy.
 * @return Borrowed; valid until the policy is freed. "" if @p policy is NULL.
 */
DPSS_EXTERN const char *dpss_policy_version(const dpss_policy *policy);

/**
 * @brief Override one parameter from text `NAME=VALUE` (what-if runs).
 *
 * The value replaces any schedule and holds at every date. VALUE is written
 * as in JSON without quotes: `surplus_threshold_weeks=8`,
 * `payment_basis=gross`, `surplus_triggers_review=false`.
 *
 * @param policy     The policy to change.
 * @param assignment The `NAME=VALUE` text.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL or no '='); #DPSS_EUNKNOWN (no such
 *         parameter, or a word not among its choices); #DPSS_ETYPE;
 *         #DPSS_ERANGE. On failure the policy is unchanged.
 */
DPSS_EXTERN int dpss_policy_set(dpss_policy *policy, const char *assignment);

/**
 * @brief Override one parameter with a number (booleans 0/1, choices by
 *        position); the value holds at every date.
 * @param policy The policy to change.
 * @param name   The parameter name.
 * @param value  The value.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EUNKNOWN; #DPSS_ERANGE. On failure the
 *         policy is unchanged.
 */
DPSS_EXTERN int dpss_policy_set_int(dpss_policy *policy, const char *name, int64_t value);

/**
 * @brief Give a parameter a new value from a date on, keeping its earlier
 *        values (a policy change on a date).
 * @param policy The policy to change.
 * @param name   The parameter name.
 * @param from   The first date the value holds.
 * @param value  The value.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EUNKNOWN; #DPSS_ERANGE; #DPSS_EDATE;
 *         #DPSS_ENOMEM. On failure the policy is unchanged.
 */
DPSS_EXTERN int dpss_policy_set_from(dpss_policy *policy, const char *name, dpss_date from,
                                     int64_t value);

/**
 * @brief The value of a parameter in force on a date.
 * @param policy   The policy.
 * @param name     The parameter name.
 * @param on       The date.
 * @param[out] out The value; unchanged on failure.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EUNKNOWN; #DPSS_EDATE.
 */
DPSS_EXTERN int dpss_policy_get(const dpss_policy *policy, const char *name, dpss_date on,
                                int64_t *out);

/**
 * @brief The value of a parameter in force on a date, as text ("6", "true",
 *        "net").
 * @param policy   The policy.
 * @param name     The parameter name.
 * @param on       The date.
 * @param[out] out The text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EUNKNOWN; #DPSS_EDATE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_policy_get_text(const dpss_policy *policy, const char *name,
                                     dpss_date on, char **out);

/**
 * @brief The number of parameters a policy has.
 * @return The count; parameter indexes run from 0 to count - 1.
 */
DPSS_EXTERN size_t dpss_policy_param_count(void);

/**
 * @brief The name of the parameter at an index.
 * @param index From 0 to dpss_policy_param_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_policy_param_name(size_t index);

/**
 * @brief Where a parameter's default comes from, e.g. "COUNTY para 15".
 * @param index From 0 to dpss_policy_param_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_policy_param_source(size_t index);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_POLICY_H */
