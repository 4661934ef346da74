/* SPDX-License-Identifier: MIT */
/* Memory: every allocation the library makes goes through here, so that
 *
 * - a failure is always reported (DPSS_ENOMEM) and never changes output;
 * - the tests can fail allocation number 1, 2, ... N in turn (as SQLite's
 *   malloc tests do) and check that each operation either fails cleanly or
 *   gives the same result (tests/test_oom.c);
 * - jansson never sees an allocation fail. jansson 2.14 does not always
 *   check: a failed append while lexing truncates the text it saved (a
 *   string read one character short) and can then read past the end of the
 *   buffer. So jansson gets an allocator that does not fail it: when an
 *   allocation fails, the failure is flagged for the calling thread and the
 *   memory is found elsewhere (the underlying allocator again, else a small
 *   reserve). The operation that was running then ends with DPSS_ENOMEM and
 *   whatever jansson built is thrown away (jsonread.c). Reading stops feeding
 *   jansson input as soon as the flag is set, so what it needs from the
 *   reserve stays small.
 *
 * jansson's allocator is process-wide; the one installed here calls the
 * allocator that was in place before (malloc, or the host's own), so a host
 * that uses jansson itself sees no difference. */
#include "config.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------ fault injection */

/* 0: off. Otherwise the number of the allocation to fail, counting from 1
 * after dpss__fault_set(); with `sticky`, every later one fails too. */
static atomic_long fault_at;
static atomic_long fault_count;
static atomic_int fault_sticky;
static atomic_long fault_failed;

void dpss__fault_set(long nth, int sticky) {
  atomic_store(&fault_count, 0);
  atomic_store(&fault_failed, 0);
  atomic_store(&fault_sticky, sticky);
  atomic_store(&fault_at, nth);
}

long dpss__fault_failed(void) { return atomic_load(&fault_failed); }

long dpss__fault_count(void) { return atomic_load(&fault_count); }

static bool fault_now(void) {
  long at = atomic_load_explicit(&fault_at, memory_order_relaxed);
  if (__builtin_expect(at == 0, 1))
    return false;
  long n = atomic_fetch_add(&fault_count, 1) + 1;
  if (n == at || (n > at && atomic_load(&fault_sticky))) {
    atomic_fetch_add(&fault_failed, 1);
    return true;
  }
  return false;
}

void *dpss__malloc(size_t n) { return fault_now() ? NULL : malloc(n ? n : 1); }

void *dpss__calloc(size_t n, size_t size) {
  if (fault_now())
    return NULL;
  return calloc(n ? n : 1, size ? size : 1);
}

void *dpss__realloc(void *p, size_t n) { return fault_now() ? NULL : realloc(p, n ? n : 1); }

/* ---------------------------------------------------- jansson's allocator */

static json_malloc_t prev_malloc;
static json_free_t prev_free;
static _Thread_local bool json_oom;

/* The reserve: a bump allocator over a static block, reset when everything
 * taken from it has been given back. */
#define RESERVE_SIZE (256 * 1024)
static alignas(max_align_t) unsigned char reserve[RESERVE_SIZE];
static size_t reserve_used, reserve_live;
static pthread_mutex_t reserve_lock = PTHREAD_MUTEX_INITIALIZER;

static void *reserve_take(size_t n) {
  size_t a = alignof(max_align_t);
  size_t need = (n + a - 1) / a * a;
  void *p = NULL;
  pthread_mutex_lock(&reserve_lock);
  if (need >= n && need <= RESERVE_SIZE - reserve_used) {
    p = reserve + reserve_used;
    reserve_used += need;
    reserve_live++;
  }
  pthread_mutex_unlock(&reserve_lock);
  return p;
}

static bool in_reserve(const void *p) {
  const unsigned char *c = p;
  return c >= reserve && c < reserve + RESERVE_SIZE;
}

static void *json_alloc(size_t n) {
  void *p = fault_now() ? NULL : prev_malloc(n);
  if (p)
    return p;
  json_oom = true;
  p = prev_malloc(n);
  return p ? p : reserve_take(n);
}

static void json_release(void *p) {
  if (!p)
    return;
  if (!in_reserve(p)) {
    prev_free(p);
    return;
  }
  pthread_mutex_lock(&reserve_lock);
  if (--reserve_live == 0)
    reserve_used = 0;
  pthread_mutex_unlock(&reserve_lock);
}

static pthread_once_t json_once = PTHREAD_ONCE_INIT;

static void json_setup(void) {
  json_get_alloc_funcs(&prev_malloc, &prev_free);
  if (!prev_malloc || !prev_free) {
    prev_malloc = malloc;
    prev_free = free;
  }
  json_set_alloc_funcs(json_alloc, json_release);
}

void dpss__json_begin(void) {
  pthread_once(&json_once, json_setup);
  json_oom = false;
}

bool dpss__json_oom(void) { return json_oom; }
