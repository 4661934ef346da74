/* SPDX-License-Identifier: MIT */
/* The ledger handle, shared by ledger.c (open, create, add) and
 * ledger_read.c (load, export, totals). Not API. */
#ifndef DPSS_LEDGER_INTERNAL_H
#define DPSS_LEDGER_INTERNAL_H

#include <sqlite3.h>
#include <time.h>

#include "framework_internal.h"

#define DPSS__LEDGER_APP_ID 0x44505353 /* "DPSS" */

/* Prepared statements, made once per handle. */
enum {
  ST_BEGIN_WRITE,
  ST_BEGIN_READ,
  ST_COMMIT,
  ST_ROLLBACK,
  ST_HAS_ID,
  ST_COMMITTED,
  ST_INSERT_CALLOFF,
  ST_INSERT_ITEM,
  ST_INSERT_SHARE,
  ST_ADD_COMMITTED,
  ST_COUNT_
};

struct dpss_ledger {
  sqlite3 *db;
  dpss_framework *terms; /* the contract without call-offs: prices, caps */
  char *terms_json;
  bool read_only;
  int busy_ms;
  struct timespec busy_since; /* when the current wait for the lock began */
  sqlite3_stmt *st[ST_COUNT_];
};

/* Record an SQLite failure as a DPSS error (never printing, never naming
 * a value from a record) and return its code; `doing` says what failed
 * ("add the call-off"). */
DPSS_INTERNAL int dpss__ledger_sql_fail(const dpss_ledger *l, int sqlite_rc, const char *doing);
/* The statement, reset and with its bindings cleared; NULL on failure
 * (error recorded). */
DPSS_INTERNAL sqlite3_stmt *dpss__ledger_stmt(dpss_ledger *l, int which);
/* Run a statement that returns no rows. */
DPSS_INTERNAL int dpss__ledger_exec(dpss_ledger *l, int which, const char *doing);
/* The running total of a commissioner (who) in a contract year (0: the
 * whole term) into *out: 1 when the ledger holds it, 0 when it does not (no
 * error recorded: what that means is the caller's to say), or a negative
 * DPSS_E* code, recorded, when SQLite fails. */
DPSS_INTERNAL int dpss__ledger_committed(dpss_ledger *l, const char *who, int year, int64_t *out);

#endif /* DPSS_LEDGER_INTERNAL_H */
