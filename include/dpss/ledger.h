/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/ledger.h
 * @brief The framework ledger: a framework's call-offs kept in an SQLite
 *        database that several officers (processes, threads) add to at
 *        the same time, never losing a call-off and never passing a cap.
 *
 * @defgroup dpss_ledger Framework ledger
 * @brief A framework agreement and its call-offs in one SQLite file.
 *
 * A ledger is created from a framework (dpss_ledger_create()); from then on
 * call-offs are added to it (dpss_ledger_add()) with the same checks as
 * dpss_framework_add_calloff(): priced from the one price list (F3), split
 * between funding shares to the penny, above a commissioner's approval
 * threshold only with `approved_by`, and refused with #DPSS_ECAP when they
 * would take a commissioner past its annual or whole-term cap (F2). A
 * refused add changes nothing. dpss_ledger_export() writes the framework
 * JSON of the contract with its call-offs in the order they were recorded;
 * dpss_ledger_framework() loads it as a #dpss_framework, so the framework
 * checks and reports work on a ledger (dpss_framework_load() also reads a
 * ledger file).
 *
 * **What a recorded call-off keeps.** Everything the framework JSON holds
 * (items, cost, shares, contract year, `approved_by`) and `recorded_at`,
 * the UTC time the ledger recorded it (`"2026-11-30T14:05:09Z"`). Exported
 * call-offs also carry the rule ids that placed, priced and checked them:
 * `"rules":["F1","F2","F3"]`.
 *
 * **Concurrency.** Adding is one SQLite transaction (`BEGIN IMMEDIATE` ...
 * `COMMIT`) that reads the running totals, checks the caps and inserts, so
 * adds from several processes and threads are serialised by the database:
 * none is lost and no two pass a cap between them. A writer that finds the
 * ledger busy waits up to the busy timeout (#DPSS_LEDGER_BUSY_TIMEOUT_MS,
 * 10 seconds, by default; dpss_ledger_set_busy_timeout()) and then fails
 * with #DPSS_EIO saying so, having recorded nothing. The database runs in
 * WAL mode: readers (export, load) see a consistent snapshot and neither
 * block nor are blocked by a writer. A handle is not itself thread-safe:
 * open one handle per thread (or serialise the calls on a shared one), and
 * never use a handle in a child after fork(): open a new one there.
 *
 * **Durability.** A successful dpss_ledger_add() has been flushed to disk
 * (`PRAGMA synchronous = FULL`): a crash or power cut afterwards keeps it;
 * one during the add keeps the ledger as it was before. The ledger is
 * changed in place (no temporary file and rename), so a symbolic link to
 * it, its owner and its mode are kept; SQLite's `-wal` and `-shm` files
 * sit beside the file the link points to. A ledger file with several hard
 * links is refused (#DPSS_EIO): SQLite names its journal after the path,
 * and two names for one database would corrupt it. A read-only file opens
 * only with #DPSS_LEDGER_READ_ONLY; reading needs SQLite's `-shm` and `-wal`
 * files beside the ledger, so they must exist (a writer has the ledger
 * open) or the folder must be writable.
 *
 * **Schema (version 1, `PRAGMA user_version`; `PRAGMA application_id` is
 * 0x44505353, "DPSS").** Amounts are integer pence, dates `YYYY-MM-DD`.
 * - `ledger_terms(k = 1, framework_id, terms, created_at, library_version)`:
 *   the framework's terms (id, start, years, commissioners and caps,
 *   prices) as framework JSON without call-offs; they never change.
 * - `call_offs(seq, id UNIQUE, recipient, start, "end", year, cost_pence,
 *   joint, approved_by, recorded_at)`: one row per call-off; `seq` is the
 *   order recorded; `joint` is 1 when the call-off gave `funding` shares.
 * - `call_off_items(seq, pos, service, quantity)` and
 *   `call_off_shares(seq, pos, commissioner, weekly_pence, pence)`: a
 *   call-off's items and its split between commissioners.
 * - `committed(commissioner, year, pence)`: running totals per commissioner
 *   and contract year (year 0: the whole term), updated in the transaction
 *   that records a call-off, so an add costs the same however long the
 *   ledger is.
 *
 * The call-off tables are append-only (triggers refuse updates and
 * deletes). A file that is not such a database is refused with #DPSS_EIO
 * naming what is wrong; one made by a newer libdpss (a higher schema
 * version) likewise.
 * @{
 */
#ifndef DPSS_LEDGER_H
#define DPSS_LEDGER_H

#include "dpss/common.h"
#include "dpss/framework.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle on an open ledger. */
typedef struct dpss_ledger dpss_ledger;

/** The ledger schema this library writes and reads (`PRAGMA user_version`). */
#define DPSS_LEDGER_SCHEMA_VERSION 1

/** The default busy timeout, in milliseconds. */
#define DPSS_LEDGER_BUSY_TIMEOUT_MS 10000

/** Flags for dpss_ledger_open(). */
typedef enum dpss_ledger_flag {
  DPSS_LEDGER_READ_WRITE = 0, /**< Open to read and add call-offs. */
  DPSS_LEDGER_READ_ONLY = 1   /**< Open to read only: dpss_ledger_add() fails with #DPSS_EIO. */
} dpss_ledger_flag;

/**
 * @brief Create a ledger file from a framework: its terms and any call-offs
 *        it holds (in their order, each keeping its `recorded_at` or
 *        stamped now).
 * @param[out] out  The open ledger, or NULL on failure. Caller closes it
 *                  with dpss_ledger_close().
 * @param path      The file to create. It must not exist (not even as a
 *                  symbolic link); it is made with mode 0666 less the umask.
 * @param framework The framework; not changed, and not kept.
 * @return #DPSS_OK; #DPSS_EINVAL (a NULL argument); #DPSS_EIO (the file
 *         exists or cannot be created; nothing is left behind);
 *         #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_ledger_create(dpss_ledger **out, const char *path,
                                   const dpss_framework *framework);

/**
 * @brief Open an existing ledger file.
 * @param[out] out The open ledger, or NULL on failure. Caller closes it with
 *                 dpss_ledger_close().
 * @param path     The ledger file (a symbolic link to one is followed).
 * @param flags    #DPSS_LEDGER_READ_WRITE or #DPSS_LEDGER_READ_ONLY.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EIO (no such file, not a libdpss
 *         ledger, damaged, made by a newer libdpss, several hard links, or
 *         no permission), the message says which; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_ledger_open(dpss_ledger **out, const char *path, int flags);

/**
 * @brief Close a ledger. Everything added is already on disk.
 * @param ledger The ledger, or NULL.
 */
DPSS_EXTERN void dpss_ledger_close(dpss_ledger *ledger);

/**
 * @brief Set how long an add waits for another writer before failing.
 * @param ledger       The ledger.
 * @param milliseconds The wait; 0 fails at once when the ledger is busy.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL or negative).
 */
DPSS_EXTERN int dpss_ledger_set_busy_timeout(dpss_ledger *ledger, int milliseconds);

/**
 * @brief Record a call-off (F1-F3) in one transaction, or refuse it and
 *        change nothing.
 *
 * The call-off has the shape dpss_framework_add_calloff() takes (with
 * `approved_by` naming who approved it); without `id` it gets a new one
 * ("C-" and a UUID). The ledger stamps `recorded_at` itself.
 *
 * @param ledger  The ledger, opened read-write.
 * @param json    The call-off as JSON text.
 * @param[out] id The call-off's id; may be NULL. Caller frees with
 *                dpss_free().
 * @return #DPSS_OK; #DPSS_ECAP (past a cap: the message names the
 *         commissioner, the cap, what is committed, the amount and the
 *         shortfall); #DPSS_EMISSING (`approved_by` needed);
 *         #DPSS_EDUPLICATE (the id is recorded); #DPSS_ENOTFOUND;
 *         #DPSS_EDATE (outside the term); #DPSS_ECONFLICT (`cost_pence` not
 *         the price-list cost, F3; or `recorded_at` given); the JSON errors
 *         of dpss_framework_from_json(); #DPSS_EIO (busy past the timeout,
 *         read-only, disk full, damaged); #DPSS_EINVAL; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_ledger_add(dpss_ledger *ledger, const char *json, char **id);

/**
 * @brief The number of call-offs recorded.
 * @param ledger   The ledger.
 * @param[out] out The count.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_EIO; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_ledger_count(dpss_ledger *ledger, int64_t *out);

/**
 * @brief Spend committed by a commissioner, from the running totals.
 * @param ledger       The ledger.
 * @param commissioner The commissioner's id.
 * @param year         A contract year, or 0 for the whole term.
 * @param[out] out     Pence.
 * @return #DPSS_OK; #DPSS_EINVAL; #DPSS_ENOTFOUND (no such commissioner or
 *         year); #DPSS_EIO; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_ledger_committed(dpss_ledger *ledger, const char *commissioner, int year,
                                      int64_t *out);

/**
 * @brief Load the ledger as a framework, checking every recorded call-off
 *        again (prices, split, caps) and the running totals against them.
 * @param[out] out The framework, or NULL on failure. Caller frees with
 *                 dpss_framework_free(); it does not change with the ledger.
 * @param ledger   The ledger.
 * @return #DPSS_OK; #DPSS_ECONFLICT (a call-off or a running total that
 *         does not follow from the terms: the ledger was changed by hand)
 *         or the errors of dpss_framework_from_json(), naming
 *         `call_offs[i]`; #DPSS_EINVAL; #DPSS_EIO; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_ledger_framework(dpss_framework **out, dpss_ledger *ledger);

/**
 * @brief The framework JSON of the contract with its call-offs, in the
 *        order recorded, each with `recorded_at` and `rules`.
 * @param ledger   The ledger.
 * @param[out] out NUL-terminated JSON (loads with dpss_framework_from_json()).
 *                 Caller frees with dpss_free().
 * @return As dpss_ledger_framework().
 */
DPSS_EXTERN int dpss_ledger_export(dpss_ledger *ledger, char **out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_LEDGER_H */
