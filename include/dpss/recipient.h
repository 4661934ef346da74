/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/recipient.h
 * @brief The recipient record: read and write its JSON, or build it from C.
 *
 * @defgroup dpss_recipient Recipient
 * @brief One person who has, or may have, a direct payment.
 *
 * Facts are three-state (#dpss_fact): a fact that is absent or `null` in the
 * JSON is unknown, which is not the same as false (rule E6). Fields the
 * library does not know are kept and written back, so a round trip through
 * dpss_recipient_from_json() and dpss_recipient_to_json() loses nothing.
 * @{
 */
#ifndef DPSS_RECIPIENT_H
#define DPSS_RECIPIENT_H

#include "dpss/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque recipient handle. */
typedef struct dpss_recipient dpss_recipient;

/** Who the record is for (`kind`). */
typedef enum dpss_kind {
  DPSS_KIND_UNKNOWN = -1, /**< Not recorded. */
  DPSS_KIND_ADULT = 0,    /**< "adult" */
  DPSS_KIND_CHILD = 1     /**< "child" (EHC plan or disabled child's family) */
} dpss_kind;

/** The three-state facts of a recipient record, by JSON field name. */
typedef enum dpss_fact_field {
  DPSS_FACT_HAS_CAPACITY = 0,           /**< "has_capacity" (E2, E3) */
  DPSS_FACT_CONSENTS = 1,               /**< "consents" (E2) */
  DPSS_FACT_AUTHORISED_PERSON = 2,      /**< "authorised_person" (E3) */
  DPSS_FACT_EXCLUDING_ORDER = 3,        /**< "excluding_order" (E4) */
  DPSS_FACT_PAYS_HOUSEHOLD_FAMILY = 4,  /**< "pays_household_family" (E5) */
  DPSS_FACT_FAMILY_PAYMENT_NECESSARY = 5, /**< "family_payment_necessary" (E5) */
  DPSS_FACT_BANK_ACCOUNT = 6,           /**< "bank_account" (P2) */
  DPSS_FACT_CARD_SUITABLE = 7,          /**< "card_suitable" (P3) */
  DPSS_FACT_EMPLOYS_PAS = 8,            /**< "employs_pas" */
  DPSS_FACT_CONSIDERING_EMPLOYING_PAS = 9, /**< "considering_employing_pas" (T1) */
  DPSS_FACT_COMPLEX_NEEDS = 10          /**< "complex_needs" (T1) */
} dpss_fact_field;

/** How the money is held (rule P1). */
typedef enum dpss_method {
  DPSS_METHOD_UNKNOWN = -1,        /**< Not recorded. */
  DPSS_METHOD_BANK_ACCOUNT = 0,    /**< "bank_account" */
  DPSS_METHOD_PREPAID_CARD = 1,    /**< "prepaid_card" */
  DPSS_METHOD_MANAGED_ACCOUNT = 2  /**< "managed_account" (held by a DPSS) */
} dpss_method;

/** Risk of the package (rule X1). */
typedef enum dpss_risk {
  DPSS_RISK_UNKNOWN = -1, /**< Not recorded. */
  DPSS_RISK_STANDARD = 0, /**< "standard" */
  DPSS_RISK_HIGH = 1      /**< "high" */
} dpss_risk;

/** A funding stream (rule B4). */
typedef enum dpss_source {
  DPSS_SOURCE_SOCIAL_CARE = 0, /**< "social_care" */
  DPSS_SOURCE_HEALTH = 1       /**< "health" (NHS personal health budget) */
} dpss_source;

/** A support tier (rules T1-T4). */
typedef enum dpss_tier {
  DPSS_TIER_UNKNOWN = -1,    /**< Not recorded, or undetermined. */
  DPSS_TIER_NONE = 0,        /**< "none" */
  DPSS_TIER_START_UP = 1,    /**< "start_up" */
  DPSS_TIER_ISSUE_BASED = 2  /**< "issue_based" */
} dpss_tier;

/** The dates of a recipient record, by JSON field name. */
typedef enum dpss_date_field {
  DPSS_DATE_DP_START = 0,    /**< "dp_start": the first payment */
  DPSS_DATE_DP_END = 1,      /**< "dp_end": the last day the payment covers */
  DPSS_DATE_LAST_REVIEW = 2, /**< "last_review" */
  DPSS_DATE_LAST_AUDIT = 3   /**< "last_audit" */
} dpss_date_field;

/** The weekly money fields of a recipient record (rules B1, B2). */
typedef enum dpss_money_field {
  DPSS_MONEY_PERSONAL_BUDGET_WEEKLY = 0, /**< "personal_budget_weekly_pence" */
  DPSS_MONEY_CONTRIBUTION_WEEKLY = 1     /**< "contribution_weekly_pence" */
} dpss_money_field;

/** A dated event that calls for an extra review (rule R1, `events`). */
typedef enum dpss_event_kind {
  DPSS_EVENT_MISUSE_SUSPECTED = 0,  /**< "misuse_suspected" */
  DPSS_EVENT_CAPACITY_LOST = 1,     /**< "capacity_lost" */
  DPSS_EVENT_CAPACITY_REGAINED = 2, /**< "capacity_regained" */
  DPSS_EVENT_CONDITIONS_NOT_MET = 3 /**< "conditions_not_met": conditions no longer met */
} dpss_event_kind;

/**
 * @brief Read a recipient from JSON text (the recipient shape of the data
 *        contract).
 *
 * The only required field is `id` (a non-empty string of at most 64
 * characters). Every value is checked for its type and range; an error names
 * the field path, and for malformed JSON the line and column.
 *
 * @see The JSON: `schema/recipient.json`, described in `docs/data-contract.md`.
 * @param[out] out The recipient, or NULL on failure. Caller frees with
 *                 dpss_recipient_free().
 * @param json     NUL-terminated JSON text holding one object.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ESYNTAX; #DPSS_ETYPE; #DPSS_EMISSING;
 *         #DPSS_EUNKNOWN (a word not among a field's choices); #DPSS_ERANGE;
 *         #DPSS_EDATE; #DPSS_EDUPLICATE (two funding streams of one source);
 *         #DPSS_ECONFLICT (direct payment above the personal budget, `dp_end`
 *         before `dp_start`); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_from_json(dpss_recipient **out, const char *json);

/**
 * @brief Write a recipient as JSON. Unknown facts are written as null.
 * @see The JSON: `schema/recipient.json`, described in `docs/data-contract.md`.
 * @param recipient The recipient.
 * @param[out] out  NUL-terminated JSON, one line. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_to_json(const dpss_recipient *recipient, char **out);

/**
 * @brief Create an empty recipient (every fact unknown) to fill from C.
 * @param[out] out The recipient. Caller frees with dpss_recipient_free().
 * @param id       The recipient's id (copied): 1 to 64 characters.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL or bad id); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_new(dpss_recipient **out, const char *id);

/**
 * @brief Copy a recipient.
 * @param[out] out The copy. Caller frees with dpss_recipient_free().
 * @param recipient The recipient to copy.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_clone(dpss_recipient **out, const dpss_recipient *recipient);

/**
 * @brief Free a recipient.
 * @param recipient The recipient, or NULL.
 */
DPSS_EXTERN void dpss_recipient_free(dpss_recipient *recipient);

/**
 * @brief The recipient's id.
 * @param recipient The recipient.
 * @return Borrowed; valid until the recipient is freed. "" for NULL.
 */
DPSS_EXTERN const char *dpss_recipient_id(const dpss_recipient *recipient);

/**
 * @brief Set a three-state fact.
 * @param recipient The recipient.
 * @param field     Which fact.
 * @param value     #DPSS_TRUE, #DPSS_FALSE or #DPSS_UNKNOWN.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL, or a field or value not in its enum).
 */
DPSS_EXTERN int dpss_recipient_set_fact(dpss_recipient *recipient, dpss_fact_field field,
                                        dpss_fact value);

/**
 * @brief Read a three-state fact.
 * @param recipient The recipient.
 * @param field     Which fact.
 * @return The fact; #DPSS_UNKNOWN also for a NULL recipient or a bad field.
 */
DPSS_EXTERN dpss_fact dpss_recipient_get_fact(const dpss_recipient *recipient,
                                              dpss_fact_field field);

/**
 * @brief Set who the record is for.
 * @param recipient The recipient.
 * @param kind      A #dpss_kind value.
 * @return #DPSS_OK; #DPSS_EINVAL.
 */
DPSS_EXTERN int dpss_recipient_set_kind(dpss_recipient *recipient, dpss_kind kind);

/**
 * @brief Set how the money is held.
 * @param recipient The recipient.
 * @param method    A #dpss_method value.
 * @return #DPSS_OK; #DPSS_EINVAL.
 */
DPSS_EXTERN int dpss_recipient_set_method(dpss_recipient *recipient, dpss_method method);

/**
 * @brief Set the risk of the package.
 * @param recipient The recipient.
 * @param risk      A #dpss_risk value.
 * @return #DPSS_OK; #DPSS_EINVAL.
 */
DPSS_EXTERN int dpss_recipient_set_risk(dpss_recipient *recipient, dpss_risk risk);

/**
 * @brief Set one of the record's dates.
 * @param recipient The recipient.
 * @param field     Which date.
 * @param date      A valid date, or #DPSS_DATE_NONE to clear it.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ECONFLICT (`dp_end`
 *         before `dp_start`). On failure nothing changes.
 */
DPSS_EXTERN int dpss_recipient_set_date(dpss_recipient *recipient, dpss_date_field field,
                                        dpss_date date);

/**
 * @brief Read one of the record's dates.
 * @param recipient The recipient.
 * @param field     Which date.
 * @return The date, or #DPSS_DATE_NONE when absent (or on bad arguments).
 */
DPSS_EXTERN dpss_date dpss_recipient_get_date(const dpss_recipient *recipient,
                                              dpss_date_field field);

/**
 * @brief Set the weekly amount of a funding stream (0 removes it).
 * @param recipient The recipient.
 * @param source    The stream.
 * @param weekly_pence The weekly amount, 0 or more.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ERANGE (negative);
 *         #DPSS_ECONFLICT (the streams together would exceed the personal
 *         budget); #DPSS_EOVERFLOW. On failure nothing changes.
 */
DPSS_EXTERN int dpss_recipient_set_funding(dpss_recipient *recipient, dpss_source source,
                                           int64_t weekly_pence);

/**
 * @brief The weekly amount of a funding stream.
 * @param recipient The recipient.
 * @param source    The stream.
 * @return The weekly pence; 0 when the stream is absent.
 */
DPSS_EXTERN int64_t dpss_recipient_get_funding(const dpss_recipient *recipient,
                                               dpss_source source);

/**
 * @brief Set a weekly money field of the budget (rules B1, B2).
 * @param recipient The recipient.
 * @param field     Which field.
 * @param pence     0 or more, or #DPSS_PENCE_NONE to clear it.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ERANGE (negative); #DPSS_ECONFLICT (a
 *         personal budget below the direct payment). On failure nothing
 *         changes.
 */
DPSS_EXTERN int dpss_recipient_set_money(dpss_recipient *recipient, dpss_money_field field,
                                         int64_t pence);

/**
 * @brief Read a weekly money field of the budget.
 * @param recipient The recipient.
 * @param field     Which field.
 * @return The pence, or #DPSS_PENCE_NONE when absent.
 */
DPSS_EXTERN int64_t dpss_recipient_get_money(const dpss_recipient *recipient,
                                             dpss_money_field field);

/**
 * @brief Record the account balance on a date (rules S1, S2).
 * @param recipient The recipient.
 * @param on        The date of the balance, or #DPSS_DATE_NONE if not known.
 * @param pence     The balance (may be negative if overdrawn).
 * @param owed_pence Money already owed from it (unpaid wages, invoices), 0 or more.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ERANGE (negative owed); #DPSS_EDATE.
 */
DPSS_EXTERN int dpss_recipient_set_balance(dpss_recipient *recipient, dpss_date on,
                                           int64_t pence, int64_t owed_pence);

/**
 * @brief Forget the balance (it becomes unknown).
 * @param recipient The recipient.
 * @return #DPSS_OK; #DPSS_EINVAL.
 */
DPSS_EXTERN int dpss_recipient_clear_balance(dpss_recipient *recipient);

/**
 * @brief Record the current support contract (rules T1-T4).
 * @param recipient The recipient.
 * @param tier      #DPSS_TIER_START_UP, #DPSS_TIER_ISSUE_BASED or
 *                  #DPSS_TIER_UNKNOWN.
 * @param since     When it began, or #DPSS_DATE_NONE.
 * @param completed Whether start-up has been completed.
 * @param provider  The provider's id (copied), or NULL.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_set_support(dpss_recipient *recipient, dpss_tier tier,
                                           dpss_date since, dpss_fact completed,
                                           const char *provider);

/**
 * @brief Record an existing support arrangement (rule N4).
 * @param recipient  The recipient.
 * @param provider   The provider's id (copied); NULL clears the arrangement.
 * @param successful Whether it is successful.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_set_existing(dpss_recipient *recipient, const char *provider,
                                            dpss_fact successful);

/**
 * @brief Add a specialist need, e.g. "sensory_impairment" or "dementia" (N3).
 * @param recipient The recipient.
 * @param need      The need (copied): 1 to 64 characters.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_add_specialist_need(dpss_recipient *recipient,
                                                   const char *need);

/**
 * @brief Add a one-off issue (rule T3).
 * @param recipient The recipient.
 * @param id        The issue's id (copied): 1 to 64 characters.
 * @param opened    When it was opened (required).
 * @param resolved  When it was resolved, or #DPSS_DATE_NONE while open.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ECONFLICT (resolved
 *         before opened); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_recipient_add_issue(dpss_recipient *recipient, const char *id,
                                         dpss_date opened, dpss_date resolved);

/**
 * @brief The number of one-off issues recorded.
 * @param recipient The recipient.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_recipient_issue_count(const dpss_recipient *recipient);

/**
 * @brief Record a dated event that calls for an extra review (rule R1): one
 *        dated after the last review (or after the first payment when there
 *        has been none), and not after the as-of date, calls for a review now.
 * @param recipient The recipient.
 * @param date      When it happened.
 * @param kind      A #dpss_event_kind.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL or a kind not in the enum);
 *         #DPSS_EDATE; #DPSS_ENOMEM. On failure nothing changes.
 */
DPSS_EXTERN int dpss_recipient_add_event(dpss_recipient *recipient, dpss_date date,
                                         dpss_event_kind kind);

/**
 * @brief The number of events recorded (R1).
 * @param recipient The recipient.
 * @return The count; 0 for NULL.
 */
DPSS_EXTERN size_t dpss_recipient_event_count(const dpss_recipient *recipient);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_RECIPIENT_H */
