/* SPDX-License-Identifier: MIT */
/* The framework ledger in SQLite: creating, opening, adding call-offs;
 * see dpss/ledger.h (schema, concurrency, durability). Loading and export
 * are in ledger_read.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger_internal.h"

typedef dpss__calloff calloff;

static const char *const statements[ST_COUNT_] = {
    [ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [ST_BEGIN_READ] = "BEGIN",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_HAS_ID] = "SELECT 1 FROM call_offs WHERE id = ?1",
    [ST_COMMITTED] = "SELECT pence FROM committed WHERE commissioner = ?1 AND year = ?2",
    [ST_INSERT_CALLOFF] = "INSERT INTO call_offs(id, recipient, start, \"end\", year, cost_pence, "
                          "joint, approved_by, recorded_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_INSERT_ITEM] = "INSERT INTO call_off_items(seq, pos, service, quantity) "
                       "VALUES (?1, ?2, ?3, ?4)",
    [ST_INSERT_SHARE] = "INSERT INTO call_off_shares(seq, pos, commissioner, weekly_pence, pence) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_ADD_COMMITTED] = "UPDATE committed SET pence = pence + ?3 "
                         "WHERE commissioner = ?1 AND year = ?2",
};

/* Schema version 1 (see dpss/ledger.h). Made in the transaction that
 * records the terms, so a ledger is either complete or absent. */
static const char schema[] =
    "CREATE TABLE ledger_terms("
    " k INTEGER PRIMARY KEY CHECK (k = 1),"
    " framework_id TEXT NOT NULL,"
    " terms TEXT NOT NULL,"
    " created_at TEXT NOT NULL,"
    " library_version TEXT NOT NULL);"
    "CREATE TABLE call_offs("
    " seq INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " recipient TEXT NOT NULL,"
    " start TEXT NOT NULL,"
    " \"end\" TEXT NOT NULL,"
    " year INTEGER NOT NULL,"
    " cost_pence INTEGER NOT NULL,"
    " joint INTEGER NOT NULL,"
    " approved_by TEXT,"
    " recorded_at TEXT NOT NULL);"
    "CREATE TABLE call_off_items("
    " seq INTEGER NOT NULL REFERENCES call_offs(seq),"
    " pos INTEGER NOT NULL,"
    " service TEXT NOT NULL,"
    " quantity INTEGER NOT NULL,"
    " PRIMARY KEY (seq, pos)) WITHOUT ROWID;"
    "CREATE TABLE call_off_shares("
    " seq INTEGER NOT NULL REFERENCES call_offs(seq),"
    " pos INTEGER NOT NULL,"
    " commissioner TEXT NOT NULL,"
    " weekly_pence INTEGER NOT NULL,"
    " pence INTEGER NOT NULL,"
    " PRIMARY KEY (seq, pos)) WITHOUT ROWID;"
    "CREATE TABLE committed("
    " commissioner TEXT NOT NULL,"
    " year INTEGER NOT NULL,"
    " pence INTEGER NOT NULL,"
    " PRIMARY KEY (commissioner, year)) WITHOUT ROWID;"
    "CREATE TRIGGER call_offs_no_update BEFORE UPDATE ON call_offs"
    " BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
    "CREATE TRIGGER call_offs_no_delete BEFORE DELETE ON call_offs"
    " BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
    "CREATE TRIGGER items_no_update BEFORE UPDATE ON call_off_items"
    " BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
    "CREATE TRIGGER items_no_delete BEFORE DELETE ON call_off_items"
    " BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
    "CREATE TRIGGER shares_no_update BEFORE UPDATE ON call_off_shares"
    " BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
    "CREATE TRIGGER shares_no_delete BEFORE DELETE ON call_off_shares"
    " BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
    "PRAGMA application_id = 1146114899;" /* DPSS__LEDGER_APP_ID */
    "PRAGMA user_version = 1;";

/* ---------------------------------------------------------------- errors */

int dpss__ledger_sql_fail(const dpss_ledger *l, int rc, const char *doing) {
  switch (rc & 0xff) {
  case SQLITE_NOMEM:
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory (SQLite) trying to %s", doing);
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return dpss__fail(DPSS_EIO, NULL,
                      "the ledger is busy: other writers held it for longer than the busy "
                      "timeout (%d ms), so this could not %s; nothing was recorded, try again",
                      l ? l->busy_ms : DPSS_LEDGER_BUSY_TIMEOUT_MS, doing);
  case SQLITE_NOTADB:
    return dpss__fail(DPSS_EIO, NULL, "not a libdpss ledger: the file is not an SQLite database");
  case SQLITE_CORRUPT:
    return dpss__fail(DPSS_EIO, NULL,
                      "the ledger file is damaged (SQLite reports corruption) trying to %s",
                      doing);
  case SQLITE_READONLY:
    if (rc == SQLITE_READONLY_CANTINIT || rc == SQLITE_READONLY_DIRECTORY)
      return dpss__fail(DPSS_EIO, NULL,
                        "cannot %s: SQLite needs its -shm and -wal files beside the ledger, and "
                        "they are missing and the folder may not be written",
                        doing);
    return dpss__fail(DPSS_EIO, NULL,
                      "the ledger is read-only (the file or its folder may not be written) "
                      "trying to %s; nothing was recorded",
                      doing);
  case SQLITE_PERM:
  case SQLITE_AUTH:
    return dpss__fail(DPSS_EIO, NULL, "no permission to %s", doing);
  case SQLITE_FULL:
    return dpss__fail(DPSS_EIO, NULL, "the disk is full trying to %s; nothing was recorded",
                      doing);
  case SQLITE_CANTOPEN:
    return dpss__fail(DPSS_EIO, NULL, "cannot open the ledger file (or its -wal/-shm files) to %s",
                      doing);
  case SQLITE_IOERR:
    return dpss__fail(DPSS_EIO, NULL, "input/output error on the ledger file trying to %s",
                      doing);
  case SQLITE_ERROR:
  case SQLITE_SCHEMA:
    return dpss__fail(DPSS_EIO, NULL,
                      "not a libdpss ledger, or a damaged one: its tables are not as expected "
                      "(trying to %s)",
                      doing);
  default:
    /* sqlite3_errstr names the kind of failure, never a value. */
    return dpss__fail(DPSS_EIO, NULL, "SQLite: %s, trying to %s", sqlite3_errstr(rc), doing);
  }
}

sqlite3_stmt *dpss__ledger_stmt(dpss_ledger *l, int which) {
  sqlite3_stmt *s = l->st[which];
  if (!s) {
    int rc = sqlite3_prepare_v3(l->db, statements[which], -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
      dpss__ledger_sql_fail(l, rc, "read the ledger");
      return NULL;
    }
    l->st[which] = s;
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  return s;
}

int dpss__ledger_exec(dpss_ledger *l, int which, const char *doing) {
  sqlite3_stmt *s = dpss__ledger_stmt(l, which);
  if (!s)
    return DPSS_EIO;
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? DPSS_OK : dpss__ledger_sql_fail(l, rc, doing);
}

/* End a write transaction that failed; the error already recorded stays. */
static void rollback(dpss_ledger *l) {
  if (sqlite3_get_autocommit(l->db))
    return;
  sqlite3_stmt *s = l->st[ST_ROLLBACK];
  if (s || sqlite3_prepare_v2(l->db, statements[ST_ROLLBACK], -1, &s, NULL) == SQLITE_OK) {
    l->st[ST_ROLLBACK] = s;
    sqlite3_reset(s);
    sqlite3_step(s);
    sqlite3_reset(s);
  }
}

/* ---------------------------------------------------------------- handles */

void dpss_ledger_close(dpss_ledger *l) {
  if (!l)
    return;
  for (int i = 0; i < ST_COUNT_; i++)
    sqlite3_finalize(l->st[i]);
  sqlite3_close(l->db);
  dpss_framework_free(l->terms);
  free(l->terms_json);
  free(l);
}

/* Waiting for another writer. SQLite's own busy timeout sleeps in steps
 * that grow to 100 ms, so a writer queued behind others can sleep through
 * many moments when the lock was free (an add holds it for about a
 * millisecond). This handler retries after 50 to 1000 microseconds,
 * growing, with jitter so waiters do not wake together, until the busy
 * timeout has passed. */
static int busy_wait(void *arg, int count) {
  dpss_ledger *l = arg;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (count == 0)
    l->busy_since = now;
  long long waited_us = (long long)(now.tv_sec - l->busy_since.tv_sec) * 1000000 +
                        (now.tv_nsec - l->busy_since.tv_nsec) / 1000;
  long long left_us = (long long)l->busy_ms * 1000 - waited_us;
  if (left_us <= 0)
    return 0; /* give up: SQLITE_BUSY */
  long long step = 50LL << (count < 4 ? count : 4); /* 50 .. 800 us */
  step += (long long)(((unsigned)count * 2654435761u ^ (unsigned)now.tv_nsec) % 200u);
  struct timespec d = {0, (long)((step < left_us ? step : left_us) * 1000)};
  nanosleep(&d, NULL);
  return 1;
}

int dpss_ledger_set_busy_timeout(dpss_ledger *l, int ms) {
  if (!l || ms < 0)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL ledger or negative timeout");
  l->busy_ms = ms;
  return DPSS_OK;
}

static void stamp_now(char out[DPSS__STAMP_LEN + 1]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, DPSS__STAMP_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Connect to the file; nothing about its content is checked yet. */
static int connect_file(dpss_ledger **out, const char *path, bool read_only) {
  struct stat st;
  if (stat(path, &st) != 0)
    return dpss__fail(DPSS_EIO, NULL, "%s",
                      errno == ENOENT ? "no such ledger file" : "cannot reach the ledger file");
  if (!S_ISREG(st.st_mode))
    return dpss__fail(DPSS_EIO, NULL, "the ledger is not a regular file");
  if (!read_only && ((st.st_mode & 0222) == 0 || faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0))
    return dpss__fail(DPSS_EIO, NULL,
                      "the ledger file is read-only (or not yours to write): open it read-only "
                      "to read it");
  if (st.st_nlink > 1)
    return dpss__fail(DPSS_EIO, NULL,
                      "the ledger file has several hard links: SQLite names its journal after "
                      "the path, and two names for one ledger would corrupt it; use one name "
                      "(a symbolic link is fine)");
  dpss_ledger *l = dpss__calloc(1, sizeof *l);
  if (!l)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  l->read_only = read_only;
  l->busy_ms = DPSS_LEDGER_BUSY_TIMEOUT_MS;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path, &l->db, flags, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_extended_result_codes(l->db, 1);
  if (rc == SQLITE_OK)
    rc = sqlite3_busy_handler(l->db, busy_wait, l);
  /* Each commit is on disk before the add returns. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(l->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    dpss__ledger_sql_fail(l, rc, "open the ledger");
    dpss_ledger_close(l);
    return (rc & 0xff) == SQLITE_NOMEM ? DPSS_ENOMEM : DPSS_EIO;
  }
  *out = l;
  return DPSS_OK;
}

/* Read the terms into l->terms. */
static int load_terms(dpss_ledger *l, const char *json) {
  if (!l->terms_json && !(l->terms_json = dpss__strdup(json)))
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  int rc = dpss_framework_from_json(&l->terms, l->terms_json);
  if (rc && rc != DPSS_ENOMEM)
    rc = dpss__fail(DPSS_EIO, NULL, "the ledger is damaged: its framework terms do not load");
  return rc;
}

static int pragma_int(dpss_ledger *l, const char *sql, int *out) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(l->db, sql, -1, &s, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    *out = sqlite3_column_int(s, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(s);
  return rc == SQLITE_OK ? DPSS_OK : dpss__ledger_sql_fail(l, rc, "read the ledger");
}

/* Is this a libdpss ledger we can read? Then load its terms. */
static int check_ledger(dpss_ledger *l) {
  int app = 0, version = 0;
  int rc = pragma_int(l, "PRAGMA application_id", &app);
  if (!rc)
    rc = pragma_int(l, "PRAGMA user_version", &version);
  if (rc)
    return rc;
  if (app != DPSS__LEDGER_APP_ID)
    return dpss__fail(DPSS_EIO, NULL,
                      "not a libdpss ledger: an SQLite database of another kind (application "
                      "id %d)",
                      app);
  if (version > DPSS_LEDGER_SCHEMA_VERSION)
    return dpss__fail(DPSS_EIO, NULL,
                      "the ledger was made by a newer libdpss (schema %d; this library reads "
                      "schema %d): update libdpss",
                      version, DPSS_LEDGER_SCHEMA_VERSION);
  if (version < 1)
    return dpss__fail(DPSS_EIO, NULL, "not a libdpss ledger: no schema version");
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(l->db, "SELECT terms FROM ledger_terms WHERE k = 1", -1, &s, NULL);
  if (src == SQLITE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(s, 0);
    rc = t ? load_terms(l, (const char *)t)
           : dpss__fail(DPSS_EIO, NULL, "the ledger is damaged: its terms are missing");
  } else if (src == SQLITE_DONE) {
    rc = dpss__fail(DPSS_EIO, NULL, "the ledger is damaged: its terms are missing");
  } else {
    rc = dpss__ledger_sql_fail(l, src, "read the ledger's terms");
  }
  sqlite3_finalize(s);
  return rc;
}

int dpss_ledger_open(dpss_ledger **out, const char *path, int flags) {
  if (out)
    *out = NULL;
  if (!out || !path || (flags & ~DPSS_LEDGER_READ_ONLY))
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument or unknown flags");
  dpss_ledger *l;
  int rc = connect_file(&l, path, flags & DPSS_LEDGER_READ_ONLY);
  if (rc)
    return rc;
  if ((rc = check_ledger(l))) {
    dpss_ledger_close(l);
    return rc;
  }
  *out = l;
  return DPSS_OK;
}

/* ---------------------------------------------------------------- recording */

/* Insert one priced call-off and add it to the running totals; inside a
 * write transaction. */
static int insert_calloff(dpss_ledger *l, const dpss_framework *f, const calloff *c,
                          const char *stamp) {
  static const char doing[] = "record the call-off";
  char start[DPSS_DATE_BUFSIZE], end[DPSS_DATE_BUFSIZE];
  dpss__date_write(start, c->start);
  dpss__date_write(end, c->end);
  sqlite3_stmt *s = dpss__ledger_stmt(l, ST_INSERT_CALLOFF);
  if (!s)
    return DPSS_EIO;
  sqlite3_bind_text(s, 1, c->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, c->recipient, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, start, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 4, end, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 5, c->year);
  sqlite3_bind_int64(s, 6, c->cost);
  sqlite3_bind_int(s, 7, c->joint);
  if (c->approved_by[0])
    sqlite3_bind_text(s, 8, c->approved_by, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 9, c->recorded_at[0] ? c->recorded_at : stamp, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  if (rc != SQLITE_DONE)
    return dpss__ledger_sql_fail(l, rc, doing);
  sqlite3_int64 seq = sqlite3_last_insert_rowid(l->db);
  for (size_t k = 0; k < c->n_items; k++) {
    if (!(s = dpss__ledger_stmt(l, ST_INSERT_ITEM)))
      return DPSS_EIO;
    sqlite3_bind_int64(s, 1, seq);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)k);
    sqlite3_bind_text(s, 3, dpss__service_names[c->items[k].service], -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, c->items[k].quantity);
    if ((rc = sqlite3_step(s)) != SQLITE_DONE)
      return dpss__ledger_sql_fail(l, rc, doing);
  }
  for (int j = 0; j < c->n_shares; j++) {
    const char *who = f->c[c->shares[j].commissioner].id;
    if (!(s = dpss__ledger_stmt(l, ST_INSERT_SHARE)))
      return DPSS_EIO;
    sqlite3_bind_int64(s, 1, seq);
    sqlite3_bind_int(s, 2, j);
    sqlite3_bind_text(s, 3, who, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, c->joint ? c->shares[j].weekly : 0);
    sqlite3_bind_int64(s, 5, c->shares[j].pence);
    if ((rc = sqlite3_step(s)) != SQLITE_DONE)
      return dpss__ledger_sql_fail(l, rc, doing);
    const int years[2] = {c->year, 0}; /* the contract year and the whole term */
    for (int y = 0; y < 2; y++) {
      int year = years[y];
      if (!(s = dpss__ledger_stmt(l, ST_ADD_COMMITTED)))
        return DPSS_EIO;
      sqlite3_bind_text(s, 1, who, -1, SQLITE_STATIC);
      sqlite3_bind_int(s, 2, year);
      sqlite3_bind_int64(s, 3, c->shares[j].pence);
      if ((rc = sqlite3_step(s)) != SQLITE_DONE)
        return dpss__ledger_sql_fail(l, rc, doing);
      if (sqlite3_changes(l->db) != 1)
        return dpss__fail(DPSS_EIO, NULL,
                          "the ledger is damaged: no running total for %s, year %d", who, year);
    }
  }
  return DPSS_OK;
}

static int committed_of(dpss_ledger *l, const char *who, int year, int64_t *out) {
  int rc = dpss__ledger_committed(l, who, year, out);
  if (rc == 0)
    return dpss__fail(DPSS_ENOTFOUND, NULL, "no running total for %s, year %d", who, year);
  return rc < 0 ? rc : DPSS_OK;
}

/* The transaction: the id is new, the caps hold (F2), insert; or nothing. */
static int record(dpss_ledger *l, const calloff *c) {
  int rc = dpss__ledger_exec(l, ST_BEGIN_WRITE, "start recording the call-off");
  if (rc)
    return rc;
  /* Stamped once the ledger is ours, so times follow the order recorded. */
  char stamp[DPSS__STAMP_LEN + 1];
  stamp_now(stamp);
  sqlite3_stmt *s = dpss__ledger_stmt(l, ST_HAS_ID);
  if (!s) {
    rc = DPSS_EIO;
  } else {
    sqlite3_bind_text(s, 1, c->id, -1, SQLITE_STATIC);
    int src = sqlite3_step(s);
    sqlite3_reset(s);
    if (src == SQLITE_ROW)
      rc = dpss__fail(DPSS_EDUPLICATE, "id", "a call-off with this id is already recorded");
    else if (src != SQLITE_DONE)
      rc = dpss__ledger_sql_fail(l, src, "look the call-off's id up");
  }
  int64_t year_now[DPSS__FW_MAX_SHARES], term_now[DPSS__FW_MAX_SHARES];
  for (int j = 0; !rc && j < c->n_shares; j++) {
    const char *who = l->terms->c[c->shares[j].commissioner].id;
    rc = committed_of(l, who, c->year, &year_now[j]);
    if (!rc)
      rc = committed_of(l, who, 0, &term_now[j]);
    if (rc == DPSS_ENOTFOUND)
      rc = dpss__fail(DPSS_EIO, NULL, "the ledger is damaged: its running totals are missing");
  }
  if (!rc)
    rc = dpss__fw_check_caps(l->terms, c, "cost_pence", year_now, term_now);
  if (!rc)
    rc = insert_calloff(l, l->terms, c, stamp);
  if (!rc)
    rc = dpss__ledger_exec(l, ST_COMMIT, "record the call-off");
  if (rc)
    rollback(l);
  return rc;
}

int dpss_ledger_add(dpss_ledger *l, const char *json, char **id) {
  if (id)
    *id = NULL;
  if (!l)
    return dpss__fail(DPSS_EINVAL, NULL, "ledger is NULL");
  if (l->read_only)
    return dpss__fail(DPSS_EIO, NULL, "the ledger was opened read-only; nothing was recorded");
  json_t *v;
  int rc = dpss__json_parse(&v, json);
  if (rc)
    return rc;
  calloff c;
  memset(&c, 0, sizeof c);
  dpss_path path;
  dpss_path_init(&path);
  rc = dpss__fw_read_calloff(l->terms, v, &path, &c);
  json_decref(v);
  if (!rc && c.recorded_at[0])
    rc = dpss__fail(DPSS_ECONFLICT, "recorded_at",
                    "the ledger stamps the time it records a call-off: leave recorded_at out");
  if (!rc)
    rc = dpss__fw_give_id(&c);
  char *copy = NULL;
  if (!rc && id && !(copy = dpss__strdup(c.id)))
    rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (!rc)
    rc = record(l, &c);
  dpss__fw_calloff_clear(&c);
  if (rc) {
    free(copy);
    return rc;
  }
  if (id)
    *id = copy;
  return DPSS_OK;
}

/* ---------------------------------------------------------------- creating */

/* Readers beside a writer need WAL mode; it stays set in the file. */
static int set_wal(dpss_ledger *l) {
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(l->db, "PRAGMA journal_mode = WAL", -1, &s, NULL);
  bool wal = false;
  if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *mode = (const char *)sqlite3_column_text(s, 0);
    wal = mode && strcmp(mode, "wal") == 0;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_OK)
    return dpss__ledger_sql_fail(l, rc, "create the ledger");
  if (!wal)
    return dpss__fail(DPSS_EIO, NULL,
                      "cannot create the ledger: its folder does not support SQLite's WAL mode "
                      "(a network file system?)");
  return DPSS_OK;
}

static int create_in(dpss_ledger *l, const dpss_framework *f) {
  int rc = set_wal(l);
  if (rc)
    return rc;
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss__fw_terms_json(f, &sb, false);
  char *terms;
  if ((rc = dpss_sb_finish(&sb, &terms)))
    return rc;
  rc = load_terms(l, terms);
  free(terms);
  if (rc)
    return rc;
  char stamp[DPSS__STAMP_LEN + 1];
  stamp_now(stamp);
  if ((rc = dpss__ledger_exec(l, ST_BEGIN_WRITE, "create the ledger")))
    return rc;
  int src = sqlite3_exec(l->db, schema, NULL, NULL, NULL);
  sqlite3_stmt *s = NULL;
  if (src == SQLITE_OK)
    src = sqlite3_prepare_v2(l->db,
                             "INSERT INTO ledger_terms(k, framework_id, terms, created_at, "
                             "library_version) VALUES (1, ?1, ?2, ?3, ?4)",
                             -1, &s, NULL);
  if (src == SQLITE_OK) {
    sqlite3_bind_text(s, 1, f->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, l->terms_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, stamp, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, dpss_version_string(), -1, SQLITE_STATIC);
    src = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(l->db);
  }
  sqlite3_finalize(s);
  s = NULL;
  if (src == SQLITE_OK)
    src = sqlite3_prepare_v2(l->db, "INSERT INTO committed(commissioner, year, pence) "
                                    "VALUES (?1, ?2, 0)",
                             -1, &s, NULL);
  for (size_t i = 0; src == SQLITE_OK && i < f->n_c; i++)
    for (int year = 0; src == SQLITE_OK && year <= f->years; year++) {
      sqlite3_reset(s);
      sqlite3_bind_text(s, 1, f->c[i].id, -1, SQLITE_STATIC);
      sqlite3_bind_int(s, 2, year);
      src = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(l->db);
    }
  sqlite3_finalize(s);
  rc = src == SQLITE_OK ? DPSS_OK : dpss__ledger_sql_fail(l, src, "create the ledger");
  /* The framework's own call-offs, in order (already checked against the
   * same terms and caps). */
  for (size_t i = 0; !rc && i < f->n_co; i++)
    rc = insert_calloff(l, f, &f->co[i], stamp);
  if (!rc)
    rc = dpss__ledger_exec(l, ST_COMMIT, "create the ledger");
  if (rc)
    rollback(l);
  return rc;
}

int dpss_ledger_create(dpss_ledger **out, const char *path, const dpss_framework *f) {
  if (out)
    *out = NULL;
  if (!out || !path || !f)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return dpss__fail(DPSS_EIO, NULL, "%s",
                      errno == EEXIST ? "the ledger file already exists: a ledger is never "
                                        "created over another file"
                                      : "cannot create the ledger file");
  close(fd);
  dpss_ledger *l = NULL;
  int rc = connect_file(&l, path, false);
  if (!rc)
    rc = create_in(l, f);
  if (!rc) {
    *out = l;
    return DPSS_OK;
  }
  dpss_ledger_close(l);
  /* Leave nothing behind: the file is ours, made above. */
  size_t n = strlen(path);
  char *side = dpss__malloc(n + 9);
  if (side) {
    static const char *const ext[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < DPSS_ARRAY_LEN(ext); i++) {
      snprintf(side, n + 9, "%s%s", path, ext[i]);
      unlink(side);
    }
    free(side);
  }
  unlink(path);
  return rc;
}
