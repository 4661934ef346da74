/* SPDX-License-Identifier: MIT */
/* The framework ledger read back: as a framework (every call-off checked
 * again), as framework JSON, and its running totals; see dpss/ledger.h. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger_internal.h"

typedef dpss__calloff calloff;

int dpss__is_sqlite_file(const char *path) {
  static const char magic[16] = "SQLite format 3";
  char head[16];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read(fd, head, sizeof head);
  close(fd);
  return n == (ssize_t)sizeof head && memcmp(head, magic, sizeof head) == 0;
}

int dpss_ledger_count(dpss_ledger *l, int64_t *out) {
  if (!l || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(l->db, "SELECT count(*) FROM call_offs", -1, &s, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    *out = sqlite3_column_int64(s, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(s);
  return rc == SQLITE_OK ? DPSS_OK : dpss__ledger_sql_fail(l, rc, "count the call-offs");
}

int dpss__ledger_committed(dpss_ledger *l, const char *who, int year, int64_t *out) {
  sqlite3_stmt *s = dpss__ledger_stmt(l, ST_COMMITTED);
  if (!s)
    return DPSS_EIO;
  sqlite3_bind_text(s, 1, who, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 2, year);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  return dpss__ledger_sql_fail(l, rc, "read the running totals");
}

int dpss_ledger_committed(dpss_ledger *l, const char *who, int year, int64_t *out) {
  if (!l || !who || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  if (dpss__fw_commissioner(l->terms, who) < 0)
    return dpss__fail(DPSS_ENOTFOUND, "commissioner", "no such commissioner in the framework");
  if (year < 0 || year > l->terms->years)
    return dpss__fail(DPSS_ENOTFOUND, "year", "no such contract year");
  int rc = dpss__ledger_committed(l, who, year, out);
  if (rc == 0)
    return dpss__fail(DPSS_EIO, NULL, "the ledger is damaged: its running totals are missing");
  return rc < 0 ? rc : DPSS_OK;
}

/* ---------------------------------------------------------------- loading */

/* A recorded value that does not follow from the terms: changed by hand. */
static int tampered(dpss_path *p, const char *key, const char *what) {
  size_t m = key ? dpss_path_push_key(p, key) : p->len;
  int rc = dpss__fail(DPSS_ECONFLICT, p->buf,
                      "the ledger's %s does not follow from its terms (changed outside "
                      "libdpss?)",
                      what);
  dpss_path_pop(p, m);
  return rc;
}

static int text_into(sqlite3_stmt *s, int col, char *dst, size_t size, bool id, dpss_path *p,
                     const char *key) {
  const char *t = (const char *)sqlite3_column_text(s, col);
  if (!t || strlen(t) >= size || (id && !dpss__id_valid(t)))
    return tampered(p, key, key);
  memcpy(dst, t, strlen(t) + 1);
  return DPSS_OK;
}

static int date_of(sqlite3_stmt *s, int col, dpss_date *out, dpss_path *p, const char *key) {
  const char *t = (const char *)sqlite3_column_text(s, col);
  if (!t || dpss_date_parse(out, t) != DPSS_OK)
    return tampered(p, key, key);
  return DPSS_OK;
}

struct cursor {
  sqlite3_stmt *s;
  int rc; /* SQLITE_ROW while on a row */
};

static bool on_seq(const struct cursor *c, sqlite3_int64 seq) {
  return c->rc == SQLITE_ROW && sqlite3_column_int64(c->s, 0) == seq;
}

/* Read call-off row `co` with its items and shares (the cursors are on
 * them, all in seq order), price and check it again, and add it to f. */
static int load_row(dpss_framework *f, sqlite3_stmt *co, struct cursor *items,
                    struct cursor *shares, dpss__item **scratch, size_t *scap, dpss_path *p) {
  calloff c;
  memset(&c, 0, sizeof c);
  sqlite3_int64 seq = sqlite3_column_int64(co, 0);
  int rc = text_into(co, 1, c.id, sizeof c.id, true, p, "id");
  if (!rc)
    rc = text_into(co, 2, c.recipient, sizeof c.recipient, true, p, "recipient");
  if (!rc)
    rc = date_of(co, 3, &c.start, p, "start");
  if (!rc)
    rc = date_of(co, 4, &c.end, p, "end");
  int year = sqlite3_column_int(co, 5);
  int64_t cost = sqlite3_column_int64(co, 6);
  c.joint = sqlite3_column_int(co, 7) != 0;
  if (!rc && sqlite3_column_type(co, 8) != SQLITE_NULL)
    rc = text_into(co, 8, c.approved_by, sizeof c.approved_by, true, p, "approved_by");
  if (!rc)
    rc = text_into(co, 9, c.recorded_at, sizeof c.recorded_at, false, p, "recorded_at");
  if (!rc && !dpss__stamp_valid(c.recorded_at))
    rc = tampered(p, "recorded_at", "recorded_at");
  size_t n = 0;
  for (; !rc && on_seq(items, seq); items->rc = sqlite3_step(items->s)) {
    if (n == *scap) {
      size_t cap = *scap ? *scap * 2 : 8;
      dpss__item *g = dpss__realloc(*scratch, cap * sizeof *g);
      if (!g)
        return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
      *scratch = g;
      *scap = cap;
    }
    int k = dpss__lookup(dpss__service_names, DPSS__SVC_COUNT,
                         (const char *)sqlite3_column_text(items->s, 2));
    int64_t q = sqlite3_column_int64(items->s, 3);
    if (k < 0 || q < 1 || q > 100000)
      rc = tampered(p, "items", "items");
    (*scratch)[n].service = (int8_t)k;
    (*scratch)[n++].quantity = q;
  }
  if (!rc && n == 0)
    rc = tampered(p, "items", "items");
  if (!rc && !(c.items = dpss__calloc(n, sizeof *c.items)))
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (!rc) {
    memcpy(c.items, *scratch, n * sizeof *c.items);
    c.n_items = n;
  }
  int64_t pence[DPSS__FW_MAX_SHARES];
  for (; !rc && on_seq(shares, seq); shares->rc = sqlite3_step(shares->s)) {
    const char *who = (const char *)sqlite3_column_text(shares->s, 2);
    int k = who ? dpss__fw_commissioner(f, who) : -1;
    int64_t w = sqlite3_column_int64(shares->s, 3);
    if (k < 0 || c.n_shares == DPSS__FW_MAX_SHARES || (c.joint ? w < 0 : w != 0)) {
      rc = tampered(p, "shares", "shares");
      break;
    }
    pence[c.n_shares] = sqlite3_column_int64(shares->s, 4);
    c.shares[c.n_shares].commissioner = k;
    c.shares[c.n_shares++].weekly = c.joint ? w : 1;
  }
  if (!rc && (c.n_shares == 0 || (!c.joint && c.n_shares != 1)))
    rc = tampered(p, "shares", "shares");
  /* Price and split again (F3), and compare with what was recorded. */
  if (!rc)
    rc = dpss__fw_price(f, &c, p);
  if (!rc && (c.cost != cost || c.year != year))
    rc = tampered(p, "cost_pence", "cost or contract year");
  for (int j = 0; !rc && j < c.n_shares; j++)
    if (c.shares[j].pence != pence[j])
      rc = tampered(p, "shares", "split between commissioners");
  /* The id is new and the caps hold (F2). */
  if (!rc)
    rc = dpss__fw_add(f, &c, p);
  if (rc)
    dpss__fw_calloff_clear(&c);
  return rc;
}

/* The running totals must be what the call-offs add up to. */
static int check_totals(dpss_ledger *l, const dpss_framework *f) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(l->db, "SELECT commissioner, year, pence FROM committed", -1, &s,
                               NULL);
  size_t rows = 0;
  int rc = DPSS_OK;
  while (!rc && src == SQLITE_OK) {
    if ((src = sqlite3_step(s)) != SQLITE_ROW)
      break;
    src = SQLITE_OK;
    const char *who = (const char *)sqlite3_column_text(s, 0);
    int k = who ? dpss__fw_commissioner(f, who) : -1;
    int year = sqlite3_column_int(s, 1);
    int64_t pence = sqlite3_column_int64(s, 2);
    if (k < 0 || year < 0 || year > f->years ||
        pence != (year ? f->committed[k][year - 1] : f->committed_total[k]))
      rc = dpss__fail(DPSS_ECONFLICT, "committed",
                      "the ledger's running totals do not match its call-offs (changed outside "
                      "libdpss?)");
    rows++;
  }
  sqlite3_finalize(s);
  if (!rc && src != SQLITE_DONE)
    return dpss__ledger_sql_fail(l, src, "read the running totals");
  if (!rc && rows != f->n_c * (size_t)(f->years + 1))
    rc = dpss__fail(DPSS_ECONFLICT, "committed",
                    "the ledger's running totals are incomplete (changed outside libdpss?)");
  return rc;
}

static int load_all(dpss_ledger *l, dpss_framework *f) {
  static const char *const sql[3] = {
      "SELECT seq, id, recipient, start, \"end\", year, cost_pence, joint, approved_by, "
      "recorded_at FROM call_offs ORDER BY seq",
      "SELECT seq, pos, service, quantity FROM call_off_items ORDER BY seq, pos",
      "SELECT seq, pos, commissioner, weekly_pence, pence FROM call_off_shares "
      "ORDER BY seq, pos"};
  sqlite3_stmt *s[3] = {NULL, NULL, NULL};
  /* seq runs 1, 2, ... (nothing is ever deleted): room for them all at once. */
  int src = sqlite3_prepare_v2(l->db, "SELECT max(seq) FROM call_offs", -1, &s[0], NULL);
  if (src == SQLITE_OK && (src = sqlite3_step(s[0])) == SQLITE_ROW) {
    sqlite3_int64 n = sqlite3_column_int64(s[0], 0);
    src = SQLITE_OK;
    if (n > 0 && (uint64_t)n < SIZE_MAX / 1024 && dpss__fw_reserve(f, (size_t)n)) {
      sqlite3_finalize(s[0]);
      return DPSS_ENOMEM;
    }
  }
  sqlite3_finalize(s[0]);
  s[0] = NULL;
  for (int i = 0; i < 3 && src == SQLITE_OK; i++)
    src = sqlite3_prepare_v2(l->db, sql[i], -1, &s[i], NULL);
  struct cursor items = {s[1], SQLITE_DONE}, shares = {s[2], SQLITE_DONE};
  if (src == SQLITE_OK) {
    items.rc = sqlite3_step(s[1]);
    shares.rc = sqlite3_step(s[2]);
  }
  dpss__item *scratch = NULL;
  size_t scap = 0;
  int rc = DPSS_OK;
  dpss_path path, *p = &path;
  dpss_path_init(p);
  size_t m = dpss_path_push_key(p, "call_offs");
  for (size_t i = 0; src == SQLITE_OK && !rc; i++) {
    int r = sqlite3_step(s[0]);
    if (r != SQLITE_ROW) {
      src = r; /* SQLITE_DONE at the end */
      break;
    }
    if (items.rc != SQLITE_ROW && items.rc != SQLITE_DONE) {
      src = items.rc;
      break;
    }
    if (shares.rc != SQLITE_ROW && shares.rc != SQLITE_DONE) {
      src = shares.rc;
      break;
    }
    size_t mi = dpss_path_push_index(p, i);
    rc = load_row(f, s[0], &items, &shares, &scratch, &scap, p);
    dpss_path_pop(p, mi);
  }
  dpss_path_pop(p, m);
  free(scratch);
  if (!rc && src != SQLITE_DONE)
    rc = dpss__ledger_sql_fail(l, src, "read the call-offs");
  else if (!rc && (items.rc == SQLITE_ROW || shares.rc == SQLITE_ROW))
    rc = dpss__fail(DPSS_ECONFLICT, "call_offs",
                    "the ledger holds items or shares of no call-off (changed outside libdpss?)");
  else if (!rc && (items.rc != SQLITE_DONE || shares.rc != SQLITE_DONE))
    rc = dpss__ledger_sql_fail(l, items.rc != SQLITE_DONE ? items.rc : shares.rc,
                               "read the call-offs");
  for (int i = 0; i < 3; i++)
    sqlite3_finalize(s[i]);
  if (!rc)
    rc = check_totals(l, f);
  return rc;
}

int dpss_ledger_framework(dpss_framework **out, dpss_ledger *l) {
  if (out)
    *out = NULL;
  if (!out || !l)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_framework *f;
  int rc = dpss_framework_from_json(&f, l->terms_json);
  if (rc)
    return rc;
  /* One read transaction: a snapshot that adds made meanwhile do not touch. */
  rc = dpss__ledger_exec(l, ST_BEGIN_READ, "read the ledger");
  if (!rc) {
    rc = load_all(l, f);
    if (!sqlite3_get_autocommit(l->db)) {
      sqlite3_stmt *s = dpss__ledger_stmt(l, ST_COMMIT);
      if (s) {
        sqlite3_step(s);
        sqlite3_reset(s);
      }
    }
  }
  if (rc) {
    dpss_framework_free(f);
    return rc;
  }
  *out = f;
  return DPSS_OK;
}

int dpss_ledger_export(dpss_ledger *l, char **out) {
  if (out)
    *out = NULL;
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_framework *f;
  int rc = dpss_ledger_framework(&f, l);
  if (!rc)
    rc = dpss_framework_to_json(f, out);
  dpss_framework_free(f);
  return rc;
}

int dpss__ledger_load(dpss_framework **out, const char *path) {
  dpss_ledger *l;
  int rc = dpss_ledger_open(&l, path, DPSS_LEDGER_READ_ONLY);
  if (!rc)
    rc = dpss_ledger_framework(out, l);
  dpss_ledger_close(l);
  return rc;
}
