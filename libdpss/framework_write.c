/* SPDX-License-Identifier: MIT */
/* The framework written out: JSON, saves that keep the file's links and
 * permissions, and the spend reports (F1-F3); see dpss/framework.h. */
/* O_TMPFILE, AT_EMPTY_PATH */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "framework_internal.h"

typedef dpss__commissioner commissioner;
typedef dpss__calloff calloff;

/* ---------------------------------------------------------------- JSON */

void dpss__fw_terms_json(const dpss_framework *f, dpss_sb *sb, bool open) {
  dpss_sb_puts(sb, "{\"id\":");
  dpss_sb_json_str(sb, f->id);
  if (f->name) {
    dpss_sb_puts(sb, ",\"name\":");
    dpss_sb_json_str(sb, f->name);
  }
  dpss_sb_puts(sb, ",\"start\":");
  dpss_sb_json_date(sb, f->start);
  dpss_sb_printf(sb, ",\"years\":%d,\"commissioners\":[", f->years);
  for (size_t i = 0; i < f->n_c; i++) {
    const commissioner *c = &f->c[i];
    dpss_sb_puts(sb, i ? ",\n  {\"id\":" : "\n  {\"id\":");
    dpss_sb_json_str(sb, c->id);
    if (c->name) {
      dpss_sb_puts(sb, ",\"name\":");
      dpss_sb_json_str(sb, c->name);
    }
    dpss_sb_printf(sb, ",\"annual_cap_pence\":%lld,\"total_cap_pence\":%lld",
                   (long long)c->annual_cap, (long long)c->total_cap);
    if (c->approval_threshold != DPSS_PENCE_NONE)
      dpss_sb_printf(sb, ",\"approval_threshold_pence\":%lld", (long long)c->approval_threshold);
    dpss_sb_putc(sb, '}');
  }
  dpss_sb_puts(sb, "],\n \"prices\":{");
  for (int k = 0; k < DPSS__SVC_COUNT; k++)
    dpss_sb_printf(sb, "%s\"%s\":%lld", k ? "," : "", dpss__price_names[k],
                   (long long)f->price[k]);
  dpss_sb_puts(sb, open ? "}" : "}}");
}

void dpss__fw_calloff_json(const dpss_framework *f, const calloff *c, dpss_sb *sb) {
  dpss_sb_puts(sb, "{\"id\":");
  dpss_sb_json_str(sb, c->id);
  if (c->joint) {
    dpss_sb_puts(sb, ",\"funding\":[");
    for (int j = 0; j < c->n_shares; j++) {
      dpss_sb_puts(sb, j ? ",{\"commissioner\":" : "{\"commissioner\":");
      dpss_sb_json_str(sb, f->c[c->shares[j].commissioner].id);
      dpss_sb_printf(sb, ",\"weekly_pence\":%lld}", (long long)c->shares[j].weekly);
    }
    dpss_sb_putc(sb, ']');
  } else {
    dpss_sb_puts(sb, ",\"commissioner\":");
    dpss_sb_json_str(sb, f->c[c->shares[0].commissioner].id);
  }
  dpss_sb_puts(sb, ",\"recipient\":");
  dpss_sb_json_str(sb, c->recipient);
  dpss_sb_puts(sb, ",\"start\":");
  dpss_sb_json_date(sb, c->start);
  dpss_sb_puts(sb, ",\"end\":");
  dpss_sb_json_date(sb, c->end);
  dpss_sb_puts(sb, ",\"items\":[");
  for (size_t k = 0; k < c->n_items; k++)
    dpss_sb_printf(sb, "%s{\"service\":\"%s\",\"quantity\":%lld}", k ? "," : "",
                   dpss__service_names[c->items[k].service], (long long)c->items[k].quantity);
  dpss_sb_printf(sb, "],\"cost_pence\":%lld", (long long)c->cost);
  if (c->approved_by[0]) {
    dpss_sb_puts(sb, ",\"approved_by\":");
    dpss_sb_json_str(sb, c->approved_by);
  }
  dpss_sb_printf(sb, ",\"year\":%d,\"shares\":[", c->year);
  for (int j = 0; j < c->n_shares; j++) {
    dpss_sb_puts(sb, j ? ",{\"commissioner\":" : "{\"commissioner\":");
    dpss_sb_json_str(sb, f->c[c->shares[j].commissioner].id);
    dpss_sb_printf(sb, ",\"pence\":%lld}", (long long)c->shares[j].pence);
  }
  dpss_sb_putc(sb, ']');
  if (c->recorded_at[0]) {
    dpss_sb_puts(sb, ",\"recorded_at\":");
    dpss_sb_json_str(sb, c->recorded_at);
  }
  /* The rules that placed (F1), priced (F3) and checked (F2) it. */
  dpss_sb_puts(sb, ",\"rules\":[\"F1\",\"F2\",\"F3\"]}");
}

int dpss_framework_to_json(const dpss_framework *f, char **out) {
  if (out)
    *out = NULL;
  if (!f || !out)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  dpss_sb sb;
  dpss_sb_init(&sb);
  dpss__fw_terms_json(f, &sb, true);
  dpss_sb_puts(&sb, ",\n \"call_offs\":[");
  for (size_t i = 0; i < f->n_co; i++) {
    dpss_sb_puts(&sb, i ? ",\n  " : "\n  ");
    dpss__fw_calloff_json(f, &f->co[i], &sb);
  }
  dpss_sb_puts(&sb, "]}\n");
  return dpss_sb_finish(&sb, out);
}

/* ---------------------------------------------------------------- saving */
/* A save replaces the file atomically (readers see the old framework or the
 * new one, never half of one) without the damage a plain "temporary file +
 * rename" does: a symbolic link is followed and the file it points to is
 * replaced; a file with several hard links, a read-only file and a ledger
 * are refused with nothing written; the file keeps its mode and owner; the
 * folder is flushed after the rename. The new text is written to an
 * unnamed file (O_TMPFILE) that gets a name only once it is complete and on
 * disk, so a process killed while writing leaves no copy behind; where
 * O_TMPFILE is missing, a named temporary file is removed on any error. */

struct target {
  char *dir;        /* the folder of the file the save replaces */
  const char *base; /* its name in that folder (points into dir's buffer) */
  bool exists;
  struct stat st;
};

static int target_fail(struct target *t, const char *why) {
  free(t->dir);
  t->dir = NULL;
  return dpss__fail(DPSS_EIO, NULL, "%s; nothing written", why);
}

/* Find the file a save replaces: path itself, or the file its symbolic
 * link(s) lead to; refuse what a replacement would damage. */
static int find_target(const char *path, struct target *t) {
  memset(t, 0, sizeof *t);
  struct stat lst;
  char *real = NULL;
  if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
    if (!(real = dpss__malloc(PATH_MAX)))
      return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
    if (!realpath(path, real)) {
      free(real);
      return dpss__fail(DPSS_EIO, NULL,
                        "the framework file is a symbolic link to %s; nothing written",
                        errno == ENOENT ? "a file that does not exist" : "a file out of reach");
    }
    path = real;
  }
  size_t n = strlen(path);
  /* dir holds "folder\0name\0" */
  t->dir = dpss__malloc(n + 3);
  if (!t->dir) {
    free(real);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  const char *slash = strrchr(path, '/');
  if (!slash) {
    memcpy(t->dir, ".", 2);
    memcpy(t->dir + 2, path, n + 1);
    t->base = t->dir + 2;
  } else {
    size_t d = slash == path ? 1 : (size_t)(slash - path);
    memcpy(t->dir, path, d);
    t->dir[d] = '\0';
    memcpy(t->dir + d + 1, slash + 1, n - (size_t)(slash - path));
    t->base = t->dir + d + 1;
  }
  int rc = DPSS_OK;
  if (!t->base[0] || strcmp(t->base, ".") == 0 || strcmp(t->base, "..") == 0)
    rc = target_fail(t, "the framework file's path does not end in a file name");
  else if (stat(path, &t->st) == 0)
    t->exists = true;
  else if (errno != ENOENT)
    rc = target_fail(t, "cannot reach the framework file");
  if (!rc && t->exists) {
    if (!S_ISREG(t->st.st_mode))
      rc = target_fail(t, "the framework file is not a regular file");
    else if (t->st.st_nlink > 1)
      rc = target_fail(t, "the framework file has several hard links: replacing it would "
                          "separate them (the other names would keep the old framework)");
    else if ((t->st.st_mode & 0222) == 0 || faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
      rc = target_fail(t, "the framework file is read-only (or not yours to write)");
    else if (dpss__is_sqlite_file(path) == 1)
      rc = target_fail(t, "the file is a framework ledger: add call-offs to it with "
                          "dpss_ledger_add()");
  }
  free(real);
  return rc;
}

static bool write_all(int fd, const char *text, size_t len) {
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(fd, text + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    done += (size_t)w;
  }
  return true;
}

/* A fresh name beside the file for the finished copy, e.g.
 * "framework.json.tmp.3f9a1c" (6 hex digits: pid, time and a counter). */
static void temp_name(char *buf, size_t size, const char *base, unsigned attempt) {
  static unsigned counter;
  unsigned salt = (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL) ^
                  (__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED) * 40503u) ^ attempt;
  snprintf(buf, size, "%s.tmp.%06x", base, salt & 0xffffffu);
}

static int save_text(const char *path, const char *text) {
  struct target t;
  int rc = find_target(path, &t);
  if (rc)
    return rc;
  size_t tn = strlen(t.base) + 16;
  char *tmp = dpss__malloc(tn);
  int dirfd = open(t.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!tmp || dirfd < 0) {
    rc = !tmp ? dpss__fail(DPSS_ENOMEM, NULL, "out of memory")
              : dpss__fail(DPSS_EIO, NULL, "cannot open the framework file's folder");
    if (dirfd >= 0)
      close(dirfd);
    free(tmp);
    free(t.dir);
    return rc;
  }
  /* Without a file to copy, the mode is that of any new file (0666 less
   * the umask); a replaced file keeps its own. */
  mode_t mode = t.exists ? (t.st.st_mode & 07777) : 0666;
  bool named = false;
  int fd = -1;
#ifdef O_TMPFILE
  /* Only where it can be named afterwards (through /proc, see below). */
  if (access("/proc/self/fd", X_OK) == 0)
    fd = openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, t.exists ? 0600 : mode);
#endif
  bool anonymous = fd >= 0;
  for (unsigned i = 0; fd < 0 && i < 100; i++) {
    temp_name(tmp, tn, t.base, i);
    fd = openat(dirfd, tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, t.exists ? 0600 : mode);
    if (fd >= 0)
      named = true;
    else if (errno != EEXIST)
      break;
  }
  const char *why = NULL;
  if (fd < 0)
    why = "cannot create a file in the framework file's folder";
  else if (!write_all(fd, text, strlen(text)))
    why = "cannot write the framework file (disk full?)";
  else if (t.exists && (t.st.st_uid != geteuid() || t.st.st_gid != getegid()) &&
           fchown(fd, t.st.st_uid, t.st.st_gid) != 0)
    why = "cannot keep the framework file's owner and group";
  else if (t.exists && fchmod(fd, mode) != 0)
    why = "cannot keep the framework file's mode";
  else if (fsync(fd) != 0)
    why = "cannot flush the framework file to disk";
  if (!why && anonymous) {
    /* Name the finished file: linkat through /proc works for any user
     * (AT_EMPTY_PATH, tried next, needs a capability). */
    char proc[32];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    for (unsigned i = 0; !named && i < 100; i++) {
      temp_name(tmp, tn, t.base, i);
      if (linkat(AT_FDCWD, proc, dirfd, tmp, AT_SYMLINK_FOLLOW) == 0 ||
          (errno == ENOENT && linkat(fd, "", dirfd, tmp, AT_EMPTY_PATH) == 0))
        named = true;
      else if (errno != EEXIST)
        break;
    }
    if (!named)
      why = "cannot name the new framework file";
  }
  if (fd >= 0 && close(fd) != 0 && !why)
    why = "cannot write the framework file";
  if (!why && renameat(dirfd, tmp, dirfd, t.base) != 0)
    why = "cannot replace the framework file";
  else if (!why)
    named = false; /* it is the framework file now */
  bool unflushed = !why && fsync(dirfd) != 0;
  if (named)
    unlinkat(dirfd, tmp, 0);
  close(dirfd);
  free(tmp);
  free(t.dir);
  if (unflushed)
    return dpss__fail(DPSS_EIO, NULL,
                      "the framework file was replaced but its folder could not be flushed "
                      "to disk: a power cut now could bring the old file back");
  return why ? dpss__fail(DPSS_EIO, NULL, "%s; the old file is unchanged", why) : DPSS_OK;
}

int dpss_framework_save(const dpss_framework *f, const char *path) {
  if (!f || !path)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  char *text;
  int rc = dpss_framework_to_json(f, &text);
  if (rc)
    return rc;
  rc = save_text(path, text);
  free(text);
  return rc;
}

/* ---------------------------------------------------------------- reports */

static void report(const dpss_framework *f, int year, dpss_sb *sb, bool text) {
  char a[DPSS_MONEY_BUFSIZE], b[DPSS_MONEY_BUFSIZE], c[DPSS_MONEY_BUFSIZE];
  char d[DPSS_DATE_BUFSIZE];
  dpss__date_write(d, f->start);
  if (text) {
    dpss_sb_printf(sb, "Framework %s: %d contract years from %s (F1, F2)\n", f->id, f->years, d);
  } else {
    dpss_sb_puts(sb, "{\"id\":");
    dpss_sb_json_str(sb, f->id);
    dpss_sb_printf(sb, ",\"start\":\"%s\",\"years\":%d,\"commissioners\":[", d, f->years);
  }
  for (size_t i = 0; i < f->n_c; i++) {
    const commissioner *cm = &f->c[i];
    if (text) {
      dpss_sb_printf(sb, "%s%s%s\n", cm->id, cm->name ? ": " : "", cm->name ? cm->name : "");
      dpss_sb_printf(sb, "  %-14s %18s %18s %18s\n", "", "committed", "cap", "remaining");
    } else {
      dpss_sb_puts(sb, i ? ",{\"id\":" : "{\"id\":");
      dpss_sb_json_str(sb, cm->id);
      dpss_sb_puts(sb, ",\"years\":[");
    }
    bool first = true;
    for (int y = 1; y <= f->years; y++) {
      if (year && y != year)
        continue;
      int64_t used = f->committed[i][y - 1];
      if (text) {
        dpss_money_format_buf(a, sizeof a, used);
        dpss_money_format_buf(b, sizeof b, cm->annual_cap);
        dpss_money_format_buf(c, sizeof c, cm->annual_cap - used);
        char label[16];
        snprintf(label, sizeof label, "year %d", y);
        dpss_sb_printf(sb, "  %-14s %19s %19s %19s\n", label, a, b, c);
      } else {
        dpss_sb_printf(sb, "%s{\"year\":%d,\"committed_pence\":%lld,\"cap_pence\":%lld,"
                           "\"remaining_pence\":%lld}",
                       first ? "" : ",", y, (long long)used, (long long)cm->annual_cap,
                       (long long)(cm->annual_cap - used));
      }
      first = false;
    }
    int64_t total = f->committed_total[i];
    if (text) {
      dpss_money_format_buf(a, sizeof a, total);
      dpss_money_format_buf(b, sizeof b, cm->total_cap);
      dpss_money_format_buf(c, sizeof c, cm->total_cap - total);
      dpss_sb_printf(sb, "  %-14s %19s %19s %19s\n", "whole term", a, b, c);
    } else {
      dpss_sb_printf(sb, "],\"term\":{\"committed_pence\":%lld,\"cap_pence\":%lld,"
                         "\"remaining_pence\":%lld}}",
                     (long long)total, (long long)cm->total_cap,
                     (long long)(cm->total_cap - total));
    }
  }
  if (!text)
    dpss_sb_printf(sb, "],\"call_offs\":%zu}", f->n_co);
}

static int report_to(const dpss_framework *f, int year, char **out, bool text) {
  if (out)
    *out = NULL;
  if (!f || !out || year < 0 || year > f->years)
    return dpss__fail(DPSS_EINVAL, "year", "NULL argument or no such contract year");
  dpss_sb sb;
  dpss_sb_init(&sb);
  report(f, year, &sb, text);
  return dpss_sb_finish(&sb, out);
}

int dpss_framework_report_json(const dpss_framework *f, int year, char **out) {
  return report_to(f, year, out, false);
}

int dpss_framework_report_text(const dpss_framework *f, int year, char **out) {
  return report_to(f, year, out, true);
}

int64_t dpss__framework_spend(const dpss_framework *f, dpss_date from, dpss_date to,
                              bool *overflow) {
  int64_t sum = 0;
  *overflow = false;
  for (size_t i = 0; i < f->n_co; i++)
    if (f->co[i].start >= from && f->co[i].start <= to &&
        __builtin_add_overflow(sum, f->co[i].cost, &sum))
      *overflow = true;
  return sum;
}
