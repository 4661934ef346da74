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
 * | first_review             | period                     | 6 months     | see below |
 * | review_interval          | period                     | 12 months    | see below |
 * | first_audit              | period                     | 6 months     | see below |
 * | audit_interval           | period                     | 12 months    | see below |
 * | surplus_triggers_review  | boolean                    | true         |          |
 * | payment_basis            | "net" or "gross"           | "net"        |          |
 * | payment_frequency        | "four_weekly" or "monthly" | "four_weekly"|          |
 * | payment_interval_weeks   | integer                    | 4            | 1-52     |
 * | dp_uptake_target         | integer percent            | 40           | 0-100    |
 * | framework_term_years     | integer                    | 4            | 1-10     |
 * | market_viability_floor_percent   | integer percent    | 5            | 0-100    |
 * | market_dominance_ceiling_percent | integer percent    | 50           | 0-100    |
 * | surplus_notice_days      | integer (S4)               | 14           | 0-365    |
 * | audit_match_days         | integer (A3)               | 5            | 0-31     |
 * | dbs_valid_years          | integer (A6)               | 3            | 1-20     |
 * | underspend_review_percent | integer percent (A9)      | 75           | 0-100    |
 * | misuse_threshold_pence   | integer pence (A5)         | 0            | 0-10^15  |
 * | prohibited_categories    | list of words (A5)         | rent_mortgage, food_drink, utilities, alcohol, tobacco, gambling | 0-64 words |
 * | first_audit_from         | "first_payment" or "first_review" (R2) | "first_payment" |  |
 *
 * **Periods** (the review and audit periods, rules R1 and R2) are a number of
 * months (1-60) or of weeks (1-260): councils publish "12 weeks after the
 * start" as often as "6 months". In JSON a period is written under its name
 * with the unit in it, `"first_review_months": 6` or
 * `"first_review_weeks": 12` (the 0.1 names keep their meaning), or under
 * its bare name as `"first_review": {"weeks": 12}`; a schedule may mix units
 * in the last form. In text and through dpss_policy_set_int(),
 * dpss_policy_get() and dpss_policy_set_from() a period is always named with
 * its unit (`first_review_weeks=12`); reading it with the other unit's name
 * is #DPSS_ECONFLICT. dpss_policy_get_text() of the bare name gives
 * "12 weeks" or "6 months".
 *
 * `first_audit_from` says what the first audit counts `first_audit` from: the
 * first payment (RULES.md R2), or the first review R1 schedules (Wigan audits
 * 12 months after a first review held 12 weeks after the start).
 *
 * **Lists** (`prohibited_categories`) are JSON arrays of words (ids), or
 * comma-separated text in `NAME=a,b,c`; dpss_policy_get_text() gives them
 * comma-separated.
 *
 * **Overrides.** dpss_policy_set() and dpss_policy_set_int() are what-if
 * overrides: the policy remembers them, and every decision made under it
 * says which (`"policy": {"id", "version", "overrides": {...}}`). A policy
 * file may list its overrides by name in `"overrides"`, as dpss_policy_to_json()
 * writes them. dpss_policy_set_from() is a dated policy change, not an
 * override.
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
 * a value of the wrong type, or a value outside its range is an error. `id`
 * and `version` are 1 to 64 bytes of printable text (no control characters;
 * an empty `version` is none), `description` 1 to 4096 characters of any
 * text; all three are written back by dpss_policy_to_json().
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
 * The value replaces any schedule and holds at every date, and the policy
 * records it as an override. VALUE is written as in JSON without quotes:
 * `surplus_threshold_weeks=8`, `payment_basis=gross`,
 * `surplus_triggers_review=false`, `first_review_weeks=12`,
 * `prohibited_categories=alcohol,gambling`.
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
 * @brief The policy's description (a policy file's optional `description`,
 *        e.g. the council's published page it follows).
 * @param policy The policy.
 * @return Borrowed; valid until the policy is freed. "" when there is none
 *         or @p policy is NULL.
 */
DPSS_EXTERN const char *dpss_policy_description(const dpss_policy *policy);

/**
 * @brief Whether a parameter was set as a what-if override (dpss_policy_set(),
 *        dpss_policy_set_int(), or the policy file's `overrides`).
 * @param policy The policy.
 * @param name   The parameter name (a period under any of its names).
 * @return 1 if overridden, 0 if not; #DPSS_EINVAL (NULL); #DPSS_EUNKNOWN
 *         (no such parameter).
 */
DPSS_EXTERN int dpss_policy_overridden(const dpss_policy *policy, const char *name);

/**
 * @brief The policy's what-if overrides as a JSON object, e.g.
 *        `{"surplus_threshold_weeks":8}`; `{}` when there are none.
 * @param policy   The policy.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_policy_overrides_json(const dpss_policy *policy, char **out);

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

/**
 * @brief The type of the parameter at an index: "integer", "boolean",
 *        "choice", "period" or "list".
 * @param index From 0 to dpss_policy_param_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_policy_param_type(size_t index);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_POLICY_H */
