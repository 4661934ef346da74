/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/rules.h
 * @brief The rule catalogue: every rule id libdpss applies, with its
 *        statement, source and parameters (for case workers reading a trace).
 *
 * @defgroup dpss_rules Rules
 * @brief The one table of rules in the code. `docs/rules.md` is made from
 *        it, `dpss rules` prints it, and the tests check that every rule has
 *        code that applies it and shared cases that test it.
 * @{
 */
#ifndef DPSS_RULES_H
#define DPSS_RULES_H

#include "dpss/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The number of rules in the catalogue.
 * @return The count; rule indexes run from 0 to count - 1.
 */
DPSS_EXTERN size_t dpss_rule_count(void);

/**
 * @brief The index of a rule id.
 * @param id A rule id such as "S1".
 * @return The index, or -1 if there is no such rule (or @p id is NULL).
 */
DPSS_EXTERN int dpss_rule_find(const char *id);

/**
 * @brief A rule's id, e.g. "T3".
 * @param index From 0 to dpss_rule_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_rule_id(size_t index);

/**
 * @brief A rule's short title, e.g. "Escalation of one-off issues".
 * @param index From 0 to dpss_rule_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_rule_title(size_t index);

/**
 * @brief A rule's statement as libdpss applies it.
 * @param index From 0 to dpss_rule_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_rule_statement(size_t index);

/**
 * @brief Where a rule comes from, e.g. "COUNTY para 16".
 * @param index From 0 to dpss_rule_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_rule_source(size_t index);

/**
 * @brief The policy parameters a rule uses, comma-separated (may be "").
 * @param index From 0 to dpss_rule_count() - 1.
 * @return A static string, or NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_rule_parameters(size_t index);

/**
 * @brief The whole catalogue as JSON: an array of
 *        `{id, title, statement, source, parameters: [...]}`.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_rules_to_json(char **out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_RULES_H */
