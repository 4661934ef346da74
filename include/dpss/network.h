/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/network.h
 * @brief Lead agent and associates: the provider network, referral routing
 *        (N1-N5, P2, P4), the transition plan (X1) and the market report (N6).
 *
 * @defgroup dpss_network Network
 * @brief One lead agent, at least `min_associates` associates, one access point.
 *
 * **Routing.** Every referral enters through the lead (N2) and gets exactly
 * one outcome. The considerations, in order; the first that names a provider
 * with room wins:
 * 1. The person's own choice (N5, CITY): `requested_provider`. A person
 *    may still choose another provider than the one they have, so the
 *    choice comes before continuity.
 * 2. Continuity (N4): a successful existing arrangement stays with its
 *    provider, when there is no choice or the choice is set aside.
 * 3. Specialist needs (N3): the providers with the most of the person's
 *    `specialist_needs` among their specialisms.
 * 4. Everyone else, or when no specialist has room: any provider.
 * A jointly funded package is routed whole: the one provider chosen serves
 * both funding streams (P4; the routing JSON says
 * `"single_provider_for_all_funding": true`), never one per stream.
 * Among several candidates, fair spread (N5) picks the one with the lowest
 * caseload as a share of its capacity (compared exactly, as fractions), then
 * an associate before the lead, then the order in the network. A provider has
 * room while its caseload is below its capacity. A person who cannot hold a
 * bank account and has no suitable pre-payment card, or whose money is in a
 * managed account, goes only to an accredited provider (P2). No provider
 * with room: unrouted (N5). Each routing adds one to the chosen provider's
 * caseload, so a day's referrals spread; the same network and referrals in
 * the same order always give the same result.
 *
 * **Transition (X1).** From the current caseload, the new network and a start
 * date: new referrals (no current provider) and high-risk packages transfer
 * on the start date; a successful existing arrangement stays with its
 * provider, which becomes an associate (N4); everyone else transfers at their
 * next yearly review on or after the start (from `last_review`, else the
 * first review after `dp_start`; with neither, `review_interval_months` after
 * the start). Transfers are routed in date order.
 *
 * **Market (N6).** Each provider's share of the recipients it supports (by
 * `support.provider`, else a successful `existing_arrangement`), the largest
 * share, the Herfindahl-Hirschman index (0 to 10,000), and warnings for a
 * provider below `market_viability_floor_percent` or above
 * `market_dominance_ceiling_percent`.
 * @{
 */
#ifndef DPSS_NETWORK_H
#define DPSS_NETWORK_H

#include "dpss/common.h"
#include "dpss/policy.h"
#include "dpss/recipient.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque provider network (with its current caseloads). */
typedef struct dpss_network dpss_network;

/** Opaque outcome of routing one referral. */
typedef struct dpss_routing dpss_routing;

/** Opaque transition plan. */
typedef struct dpss_transition dpss_transition;

/** Opaque market report. */
typedef struct dpss_market dpss_market;

/** A provider's role. */
typedef enum dpss_role {
  DPSS_ROLE_LEAD = 0,     /**< "lead": the lead agent, the one access point */
  DPSS_ROLE_ASSOCIATE = 1 /**< "associate" */
} dpss_role;

/**
 * @brief Read and check a provider network (the network shape of the data
 *        contract).
 *
 * Errors, each naming the field, with nothing loaded: no `lead`, or a lead
 * that is not the one provider whose role is "lead" (#DPSS_ENETWORK);
 * duplicate provider ids (#DPSS_EDUPLICATE); an unknown role
 * (#DPSS_EUNKNOWN); a negative capacity or caseload (#DPSS_ERANGE); fewer
 * associates than `min_associates` in force on @p as_of (#DPSS_ENETWORK).
 *
 * @see The JSON: `schema/network.json`, described in `docs/data-contract.md`.
 * @param[out] out The network, or NULL on failure. Caller frees with
 *                 dpss_network_free().
 * @param json     NUL-terminated JSON text.
 * @param policy   The policy for `min_associates`; NULL for the built-in one.
 * @param as_of    The date for the policy's values.
 * @return #DPSS_OK or an error code as above; #DPSS_ESYNTAX, #DPSS_ETYPE,
 *         #DPSS_EMISSING, #DPSS_EDATE, #DPSS_EINVAL, #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_network_from_json(dpss_network **out, const char *json,
                                       const dpss_policy *policy, dpss_date as_of);

/**
 * @brief Read and check a provider network from a file.
 * @param[out] out The network. Caller frees with dpss_network_free().
 * @param path     File name.
 * @param policy   As dpss_network_from_json().
 * @param as_of    As dpss_network_from_json().
 * @return As dpss_network_from_json(), plus #DPSS_EIO.
 */
DPSS_EXTERN int dpss_network_from_file(dpss_network **out, const char *path,
                                       const dpss_policy *policy, dpss_date as_of);

/**
 * @brief Write the network as JSON, with its current caseloads.
 * @see The JSON: `schema/network.json`, described in `docs/data-contract.md`.
 * @param network  The network.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_network_to_json(const dpss_network *network, char **out);

/**
 * @brief Copy a network (to try routings without changing the original).
 * @param[out] out The copy. Caller frees with dpss_network_free().
 * @param network  The network.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_network_clone(dpss_network **out, const dpss_network *network);

/**
 * @brief Free a network.
 * @param network The network, or NULL.
 */
DPSS_EXTERN void dpss_network_free(dpss_network *network);

/**
 * @brief The network's id.
 * @param network The network.
 * @return Borrowed; "" for NULL.
 */
DPSS_EXTERN const char *dpss_network_id(const dpss_network *network);

/**
 * @brief The lead agent's provider id.
 * @param network The network.
 * @return Borrowed; "" for NULL.
 */
DPSS_EXTERN const char *dpss_network_lead(const dpss_network *network);

/**
 * @brief The number of providers.
 * @param network The network.
 * @return The count.
 */
DPSS_EXTERN size_t dpss_network_provider_count(const dpss_network *network);

/**
 * @brief A provider's id.
 * @param network The network.
 * @param index   From 0 to dpss_network_provider_count() - 1.
 * @return Borrowed; NULL if @p index is out of range.
 */
DPSS_EXTERN const char *dpss_network_provider_id(const dpss_network *network, size_t index);

/**
 * @brief A provider's role.
 * @param network The network.
 * @param index   From 0 to dpss_network_provider_count() - 1.
 * @return A #dpss_role; #DPSS_ROLE_ASSOCIATE if @p index is out of range.
 */
DPSS_EXTERN dpss_role dpss_network_provider_role(const dpss_network *network, size_t index);

/**
 * @brief A provider's capacity.
 * @param network The network.
 * @param index   From 0 to dpss_network_provider_count() - 1.
 * @return The capacity; -1 if @p index is out of range.
 */
DPSS_EXTERN int64_t dpss_network_provider_capacity(const dpss_network *network, size_t index);

/**
 * @brief A provider's current caseload (grows as referrals are routed to it).
 * @param network The network.
 * @param index   From 0 to dpss_network_provider_count() - 1.
 * @return The caseload; -1 if @p index is out of range.
 */
DPSS_EXTERN int64_t dpss_network_provider_caseload(const dpss_network *network, size_t index);

/**
 * @brief How many referrals were routed to a provider since the network was
 *        loaded.
 * @param network The network.
 * @param index   From 0 to dpss_network_provider_count() - 1.
 * @return The count; -1 if @p index is out of range.
 */
DPSS_EXTERN int64_t dpss_network_provider_routed(const dpss_network *network, size_t index);

/**
 * @brief Route one referral (see the algorithm above) and count it in the
 *        chosen provider's caseload.
 * @param[out] out   The outcome, or NULL on failure. Caller frees with
 *                   dpss_routing_free().
 * @param network    The network; its caseloads change only on success.
 * @param referral   The referral: a recipient record, optionally with
 *                   `requested_provider`.
 * @return #DPSS_OK (also when unrouted: see dpss_routing_provider());
 *         #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_network_route(dpss_routing **out, dpss_network *network,
                                   const dpss_recipient *referral);

/**
 * @brief Free a routing outcome.
 * @param routing The outcome, or NULL.
 */
DPSS_EXTERN void dpss_routing_free(dpss_routing *routing);

/**
 * @brief The referral's recipient id.
 * @param routing The outcome.
 * @return Borrowed; "" for NULL.
 */
DPSS_EXTERN const char *dpss_routing_id(const dpss_routing *routing);

/**
 * @brief The chosen provider's id.
 * @param routing The outcome.
 * @return Borrowed; NULL when unrouted.
 */
DPSS_EXTERN const char *dpss_routing_provider(const dpss_routing *routing);

/**
 * @brief The chosen provider's role.
 * @param routing The outcome.
 * @return A #dpss_role (meaningless when unrouted).
 */
DPSS_EXTERN dpss_role dpss_routing_role(const dpss_routing *routing);

/**
 * @brief The rule ids that decided the outcome, comma-separated, e.g. "N2,N3".
 * @param routing The outcome.
 * @return Borrowed; "" for NULL.
 */
DPSS_EXTERN const char *dpss_routing_rules(const dpss_routing *routing);

/**
 * @brief Whether the chosen provider is in the network.
 * @param routing The outcome.
 * @return 1 if it is; 0 for a provider outside the network (a successful
 *         existing arrangement kept, N4, or the person's own choice, N5), when
 *         unrouted, or for NULL.
 */
DPSS_EXTERN int dpss_routing_in_network(const dpss_routing *routing);

/**
 * @brief Whether the chosen provider joins the network as an associate (N4:
 *        a successful existing arrangement with a provider outside it).
 * @param routing The outcome.
 * @return 1 or 0.
 */
DPSS_EXTERN int dpss_routing_joins_network(const dpss_routing *routing);

/**
 * @brief The reason in words.
 * @param routing The outcome.
 * @return Borrowed; "" for NULL.
 */
DPSS_EXTERN const char *dpss_routing_because(const dpss_routing *routing);

/**
 * @brief Write the outcome as one line of JSON (the routing shape of the data
 *        contract).
 * @see The JSON: `schema/routing.json`, described in `docs/data-contract.md`.
 * @param routing  The outcome.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_routing_to_json(const dpss_routing *routing, char **out);

/**
 * @brief Start a transition plan to a new network from a start date (X1).
 * @param[out] out  The plan. Caller frees with dpss_transition_free().
 * @param network   The new network (copied: the plan routes on its own copy).
 * @param policy    The policy (review intervals); NULL for the built-in one.
 * @param start     The day the new contract starts.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_transition_new(dpss_transition **out, const dpss_network *network,
                                    const dpss_policy *policy, dpss_date start);

/**
 * @brief Free a transition plan.
 * @param transition The plan, or NULL.
 */
DPSS_EXTERN void dpss_transition_free(dpss_transition *transition);

/**
 * @brief Add one recipient of today's caseload to the plan.
 * @param transition The plan.
 * @param recipient  The recipient (copied).
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_transition_add(dpss_transition *transition,
                                    const dpss_recipient *recipient);

/**
 * @brief The plan as JSON Lines: one transfer per line, in date order
 *        (`id`, `date`, `from_provider`, `to_provider`, `role`, `priority`,
 *        `rules`, `because`).
 * @see The JSON: `schema/transition.json`, described in `docs/data-contract.md`.
 * @param transition The plan.
 * @param[out] out   NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_transition_to_jsonl(const dpss_transition *transition, char **out);

/**
 * @brief Start a market report over a network's providers (N6).
 * @param[out] out The report. Caller frees with dpss_market_free().
 * @param network  The network (its providers are listed even with no share).
 * @param policy   The policy (viability floor, dominance ceiling); NULL for
 *                 the built-in one.
 * @param as_of    The date for the policy's values.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EDATE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_market_new(dpss_market **out, const dpss_network *network,
                                const dpss_policy *policy, dpss_date as_of);

/**
 * @brief Free a market report.
 * @param market The report, or NULL.
 */
DPSS_EXTERN void dpss_market_free(dpss_market *market);

/**
 * @brief Count one recipient under the provider that supports them.
 * @param market    The report.
 * @param recipient The recipient; one with no provider is counted as such.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_market_add(dpss_market *market, const dpss_recipient *recipient);

/**
 * @brief The Herfindahl-Hirschman index of the shares so far, 0 to 10,000.
 * @param market The report.
 * @return The index (rounded to the nearest whole number); 0 with no recipients.
 */
DPSS_EXTERN int64_t dpss_market_hhi(const dpss_market *market);

/**
 * @brief The report as JSON: per provider its count and share (in basis
 *        points and percent), the largest share, the HHI and the warnings.
 * @see The JSON: `schema/market.json`, described in `docs/data-contract.md`.
 * @param market   The report.
 * @param[out] out NUL-terminated JSON. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_market_to_json(const dpss_market *market, char **out);

/**
 * @brief The report as a readable table.
 * @param market   The report.
 * @param[out] out NUL-terminated text. Caller frees with dpss_free().
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_market_to_text(const dpss_market *market, char **out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_NETWORK_H */
