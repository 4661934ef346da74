/* SPDX-License-Identifier: MIT */
/* The SQLite framework ledger: a ledger never drops a call-off and never
 * takes one the framework would refuse.
 *
 * Each input line is a call-off, added both to a ledger file (created from
 * the sample framework) and to the same framework in memory:
 * - both give the same answer (the ledger also refuses a `recorded_at`,
 *   which it stamps itself);
 * - after every line the ledger counts what the framework holds, and each
 *   commissioner's committed spend, by year and over the term, is the same;
 * - the ledger exports JSON that loads as a framework with the same spend;
 * - closed and opened again read-only, it loads (every call-off checked
 *   again), counts the same, and refuses an add with EIO. */
#include "fuzz.h"

#include <stdbool.h>
#include <unistd.h>

/* A folder of its own, in memory where there is /dev/shm (fsync is free). */
static char dir[64];

static void remove_ledger(const char *path) {
  char extra[sizeof dir + 64];
  unlink(path);
  snprintf(extra, sizeof extra, "%s-wal", path);
  unlink(extra);
  snprintf(extra, sizeof extra, "%s-shm", path);
  unlink(extra);
  snprintf(extra, sizeof extra, "%s-journal", path);
  unlink(extra);
}

static const char *const WHO[] = {"CITY", "COUNTY", "CITY-CCG"};

/* The ledger's committed spend is the framework's. */
static void same_spend(dpss_ledger *l, const dpss_framework *f, const char *when) {
  for (size_t i = 0; i < 3; i++)
    for (int y = 0; y <= dpss_framework_years(f); y++) {
      int64_t got;
      MUST(dpss_ledger_committed(l, WHO[i], y, &got));
      FUZZ_CHECK(got == dpss_framework_committed(f, WHO[i], y),
                 "%s: %s year %d: the ledger has %lld committed, the framework %lld", when,
                 WHO[i], y, (long long)got, (long long)dpss_framework_committed(f, WHO[i], y));
    }
}

static bool names_recorded_at(const char *line) {
  json_error_t e;
  json_t *v = json_loads(line, 0, &e);
  bool has = json_is_object(v) && json_object_get(v, "recorded_at") != NULL;
  json_decref(v);
  return has;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int made;
  if (!made) {
    snprintf(dir, sizeof dir, "%s/dpss-fuzz-ledger-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir))
      abort();
    made = 1;
  }
  char path[sizeof dir + 32];
  snprintf(path, sizeof path, "%s/ledger.dpss", dir);
  remove_ledger(path);

  char *text = fuzz_text(data, size);
  dpss_framework *f = NULL;
  dpss_ledger *l = NULL;
  MUST(dpss_framework_from_json(&f, FUZZ_FRAMEWORK));
  MUST(dpss_ledger_create(&l, path, f));
  MUST(dpss_ledger_set_busy_timeout(l, 0));
  same_spend(l, f, "created");
  char *line = text;
  for (int n = 0; line && *line && n < 8; n++) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = '\0';
    char *fid = NULL, *lid = (char *)"untouched";
    int64_t before, count;
    MUST(dpss_ledger_count(l, &before));
    int lrc = dpss_ledger_add(l, line, &lid);
    MUST(dpss_ledger_count(l, &count));
    if (lrc != DPSS_OK) {
      fuzz_failed("dpss_ledger_add", lrc, lid);
      FUZZ_CHECK(count == before, "a refused call-off was counted");
    } else {
      FUZZ_CHECK(count == before + 1, "a recorded call-off was not counted once");
    }
    if (names_recorded_at(line)) {
      FUZZ_CHECK(lrc != DPSS_OK, "the ledger took a call-off with its own recorded_at");
    } else {
      int frc = dpss_framework_add_calloff(f, line, &fid);
      FUZZ_CHECK(frc == lrc, "line %d: the ledger says %s, the framework %s (%s)", n + 1,
                 dpss_status_name(lrc), dpss_status_name(frc),
                 dpss_error_message(dpss_error_last()));
      if (frc == DPSS_OK && lrc == DPSS_OK && strncmp(fid, "C-", 2) != 0)
        FUZZ_CHECK(strcmp(fid, lid) == 0, "ids differ: %s and %s", fid, lid);
      dpss_free(fid);
    }
    if (lrc == DPSS_OK)
      dpss_free(lid);
    FUZZ_CHECK(count == (int64_t)dpss_framework_calloff_count(f),
               "the ledger counts %lld call-offs, the framework holds %zu", (long long)count,
               dpss_framework_calloff_count(f));
    same_spend(l, f, "after a line");
    line = nl ? nl + 1 : NULL;
  }

  char *exported;
  FUZZ_WRITE(exported, dpss_ledger_export(l, &exported), fuzz_json);
  dpss_framework *back = NULL;
  int rc = dpss_framework_from_json(&back, exported);
  FUZZ_CHECK(rc == DPSS_OK, "the export does not load (%s): %s",
             dpss_error_message(dpss_error_last()), exported);
  FUZZ_CHECK(dpss_framework_calloff_count(back) == dpss_framework_calloff_count(f),
             "the export holds %zu call-offs, the framework %zu",
             dpss_framework_calloff_count(back), dpss_framework_calloff_count(f));
  same_spend(l, back, "exported");
  dpss_ledger_close(l);

  l = NULL;
  MUST(dpss_ledger_open(&l, path, DPSS_LEDGER_READ_ONLY));
  int64_t count;
  MUST(dpss_ledger_count(l, &count));
  FUZZ_CHECK(count == (int64_t)dpss_framework_calloff_count(f), "opened again: %lld call-offs, "
             "%zu before", (long long)count, dpss_framework_calloff_count(f));
  dpss_framework *loaded = NULL;
  MUST(dpss_ledger_framework(&loaded, l));
  FUZZ_CHECK(dpss_framework_calloff_count(loaded) == dpss_framework_calloff_count(f),
             "loaded: %zu call-offs, %zu before", dpss_framework_calloff_count(loaded),
             dpss_framework_calloff_count(f));
  same_spend(l, loaded, "opened again");
  char *id = NULL;
  FUZZ_CHECK(dpss_ledger_add(l, "{}", &id) == DPSS_EIO && id == NULL,
             "a read-only ledger took an add");
  dpss_ledger_close(l);
  remove_ledger(path);

  dpss_framework_free(loaded);
  dpss_framework_free(back);
  dpss_free(exported);
  dpss_framework_free(f);
  free(text);
  return 0;
}
