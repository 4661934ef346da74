/* SPDX-License-Identifier: MIT */
/* A fast reader for plain recipient records: the hot path of whole caseloads.
 *
 * It reads the record straight into a dpss_recipient, without building a
 * jansson tree. It is strict and declines (returns 0, records no error)
 * anything it is not sure of: a field it does not know (kept as an extra by
 * the full reader), a string with an escape or a non-ASCII byte, a number
 * that is not a plain integer, a duplicate key, an authorised person given
 * as a string or object, and every invalid value.
 * The full reader (recipient.c, through jansson) then reads the record again
 * and reports the error with its field path. So the fast reader never
 * changes an answer, only how fast it comes; tests/test_fastread.c checks
 * that both readers give the same record on valid and mutated input. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct fr {
  const char *p;
  dpss_recipient *r;
} fr;

static void ws(fr *f) {
  while (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r')
    f->p++;
}

static bool eat(fr *f, char c) {
  ws(f);
  if (*f->p != c)
    return false;
  f->p++;
  return true;
}

/* Bytes a plain string may hold: printable ASCII but the quote and the
 * backslash (filled once, with the key table below). */
static bool plain[256];

/* A string without escapes, all printable ASCII; *s points into the text. */
static bool str(fr *f, const char **s, size_t *n) {
  if (!eat(f, '"'))
    return false;
  const char *start = f->p;
  while (plain[(unsigned char)*f->p])
    f->p++;
  if (*f->p != '"')
    return false;
  *s = start;
  *n = (size_t)(f->p - start);
  f->p++;
  return true;
}

static bool is_null(fr *f) {
  ws(f);
  const char *p = f->p; /* (&& stops at the text's NUL) */
  if (!(p[0] == 'n' && p[1] == 'u' && p[2] == 'l' && p[3] == 'l'))
    return false;
  f->p += 4;
  return true;
}

static bool fact(fr *f, int8_t *out) {
  ws(f);
  const char *p = f->p;
  if (p[0] == 't' && p[1] == 'r' && p[2] == 'u' && p[3] == 'e') {
    f->p += 4;
    *out = DPSS_TRUE;
  } else if (p[0] == 'f' && p[1] == 'a' && p[2] == 'l' && p[3] == 's' && p[4] == 'e') {
    f->p += 5;
    *out = DPSS_FALSE;
  } else if (is_null(f)) {
    *out = DPSS_UNKNOWN;
  } else {
    return false;
  }
  return true;
}

/* A plain integer of at most 16 digits (the full reader handles larger). */
static bool integer(fr *f, int64_t *out) {
  ws(f);
  bool neg = *f->p == '-';
  if (neg)
    f->p++;
  if (*f->p < '0' || *f->p > '9' || (f->p[0] == '0' && f->p[1] >= '0' && f->p[1] <= '9'))
    return false;
  int64_t v = 0;
  int digits = 0;
  for (; *f->p >= '0' && *f->p <= '9'; f->p++, digits++) {
    if (digits == 16)
      return false;
    v = v * 10 + (*f->p - '0');
  }
  if (*f->p == '.' || *f->p == 'e' || *f->p == 'E')
    return false;
  *out = neg ? -v : v;
  return true;
}

/* Money: null (unknown) or an integer within the record limit. */
static bool pence(fr *f, bool allow_negative, int64_t *out) {
  if (is_null(f)) {
    *out = DPSS_PENCE_NONE;
    return true;
  }
  return integer(f, out) && *out <= DPSS_MONEY_LIMIT && *out >= -DPSS_MONEY_LIMIT &&
         (allow_negative || *out >= 0);
}

static bool date(fr *f, dpss_date *out) {
  const char *s;
  size_t n;
  if (is_null(f)) {
    *out = DPSS_DATE_NONE;
    return true;
  }
  if (!str(f, &s, &n) || n != 10)
    return false;
  char buf[11];
  memcpy(buf, s, 10);
  buf[10] = '\0';
  int y, m, d;
  if (buf[4] != '-' || buf[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (buf[i] < '0' || buf[i] > '9'))
      return false;
  y = (buf[0] - '0') * 1000 + (buf[1] - '0') * 100 + (buf[2] - '0') * 10 + (buf[3] - '0');
  m = (buf[5] - '0') * 10 + (buf[6] - '0');
  d = (buf[8] - '0') * 10 + (buf[9] - '0');
  int dim = dpss_date_days_in_month(y, m);
  if (dim == 0 || d < 1 || d > dim)
    return false;
  *out = dpss__days_from_civil(y, m, d);
  return true;
}

/* Whether the n characters at k (no NUL among them) are exactly name. The
 * first character is compared first: most names differ there. */
static bool is(const char *k, size_t n, const char *name) {
  return n && name[0] == k[0] && strncmp(name, k, n) == 0 && name[n] == '\0';
}

static bool choice(fr *f, const char *const *names, size_t count, int8_t *out) {
  const char *s;
  size_t n;
  if (is_null(f)) {
    *out = -1;
    return true;
  }
  if (!str(f, &s, &n))
    return false;
  for (size_t i = 0; i < count; i++)
    if (is(s, n, names[i])) {
      *out = (int8_t)i;
      return true;
    }
  return false;
}

/* An id (1 to 64 printable characters, no spaces), copied; null gives NULL
 * unless required. */
static bool id(fr *f, bool required, char **out) {
  const char *s;
  size_t n;
  if (is_null(f))
    return !required;
  if (!str(f, &s, &n) || n == 0 || n > DPSS_ID_MAX || memchr(s, ' ', n))
    return false;
  free(*out);
  if (!(*out = dpss__malloc(n + 1)))
    return false;
  memcpy(*out, s, n);
  (*out)[n] = '\0';
  return true;
}

/* Free text (a one-off's purpose): 1 to DPSS_PURPOSE_MAX characters; str()
 * has already declined anything but printable ASCII (one byte a character),
 * so no control character gets through. null gives NULL. */
static bool text(fr *f, char **out) {
  const char *s;
  size_t n;
  if (is_null(f))
    return true;
  if (!str(f, &s, &n) || n == 0 || n > DPSS_PURPOSE_MAX)
    return false;
  free(*out);
  if (!(*out = dpss__malloc(n + 1)))
    return false;
  memcpy(*out, s, n);
  (*out)[n] = '\0';
  return true;
}

/* A key of an object: *k and *n point at it. */
static bool key(fr *f, const char **k, size_t *n) { return str(f, k, n) && eat(f, ':'); }


/* Whether key k is `name` seen for the first time (bit marks it seen). */
static bool first(const char *k, size_t n, const char *name, unsigned *seen, unsigned bit) {
  if (!is(k, n, name) || (*seen & bit))
    return false;
  *seen |= bit;
  return true;
}

/* Iterate an object: call body for each key; false from body declines. */
#define OBJECT(f, k, n, body)                        \
  do {                                               \
    if (!eat(f, '{'))                                \
      return false;                                  \
    if (!eat(f, '}')) {                              \
      do {                                           \
        if (!key(f, &k, &n))                         \
          return false;                              \
        body                                         \
      } while (eat(f, ','));                         \
      if (!eat(f, '}'))                              \
        return false;                                \
    }                                                \
  } while (0)

/* Make room for one more element of a list the record owns (or decline). */
#define GROW(list, count)                                               \
  do {                                                                  \
    void *grown_ = dpss__realloc((list), ((count) + 1) * sizeof *(list));     \
    if (!grown_)                                                        \
      return false;                                                     \
    (list) = grown_;                                                    \
  } while (0)

/* Iterate an array (or null). */
#define ARRAY(f, body)                               \
  do {                                               \
    if (!is_null(f)) {                               \
      if (!eat(f, '['))                              \
        return false;                                \
      if (!eat(f, ']')) {                            \
        do {                                         \
          body                                       \
        } while (eat(f, ','));                       \
        if (!eat(f, ']'))                            \
          return false;                              \
      }                                              \
    }                                                \
  } while (0)

static bool funding(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  ARRAY(f, {
    int8_t source = -1;
    int64_t weekly = DPSS_PENCE_NONE;
    unsigned seen = 0;
    OBJECT(f, k, n, {
      if (first(k, n, "source", &seen, 1)) {
        if (!choice(f, dpss__source_names, DPSS_SOURCE_COUNT_, &source))
          return false;
      } else if (first(k, n, "weekly_pence", &seen, 2)) {
        if (!pence(f, false, &weekly))
          return false;
      } else {
        return false;
      }
    });
    if (source < 0 || weekly == DPSS_PENCE_NONE || r->n_funding == DPSS_SOURCE_COUNT_)
      return false;
    for (int i = 0; i < r->n_funding; i++)
      if (r->funding_order[i] == source)
        return false;
    r->funding[source] = weekly;
    r->funding_order[r->n_funding++] = source;
  });
  return true;
}

static bool needs(fr *f) {
  dpss_recipient *r = f->r;
  ARRAY(f, {
    GROW(r->needs, r->n_needs);
    r->needs[r->n_needs] = NULL;
    if (!id(f, true, &r->needs[r->n_needs]))
      return false;
    r->n_needs++;
  });
  return true;
}

static bool issues(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  ARRAY(f, {
    GROW(r->issues, r->n_issues);
    dpss_issue_rec *is_ = &r->issues[r->n_issues++];
    is_->id = NULL;
    is_->opened = is_->resolved = DPSS_DATE_NONE;
    unsigned seen = 0;
    OBJECT(f, k, n, {
      if (first(k, n, "id", &seen, 1)) {
        if (!id(f, true, &is_->id))
          return false;
      } else if (first(k, n, "opened", &seen, 2)) {
        if (!date(f, &is_->opened))
          return false;
      } else if (first(k, n, "resolved", &seen, 4)) {
        if (!date(f, &is_->resolved))
          return false;
      } else {
        return false;
      }
    });
    if (!is_->id || is_->opened == DPSS_DATE_NONE ||
        (is_->resolved != DPSS_DATE_NONE && is_->resolved < is_->opened))
      return false;
  });
  return true;
}

static bool balance(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  if (is_null(f))
    return true;
  int64_t owed = DPSS_PENCE_NONE;
  unsigned seen = 0;
  OBJECT(f, k, n, {
    if (first(k, n, "on", &seen, 1)) {
      if (!date(f, &r->balance_on))
        return false;
    } else if (first(k, n, "pence", &seen, 2)) {
      if (!pence(f, true, &r->balance_pence))
        return false;
    } else if (first(k, n, "owed_pence", &seen, 4)) {
      if (!pence(f, false, &owed))
        return false;
    } else {
      return false;
    }
  });
  if (r->balance_pence == DPSS_PENCE_NONE)
    return false;
  r->owed_pence = owed == DPSS_PENCE_NONE ? 0 : owed;
  r->has_balance = true;
  return true;
}

static bool support(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  if (is_null(f))
    return true;
  unsigned seen = 0;
  OBJECT(f, k, n, {
    if (first(k, n, "tier", &seen, 1)) {
      if (!choice(f, dpss__tier_names, 3, &r->support_tier))
        return false;
    } else if (first(k, n, "since", &seen, 2)) {
      if (!date(f, &r->support_since))
        return false;
    } else if (first(k, n, "completed", &seen, 4)) {
      if (!fact(f, &r->support_completed))
        return false;
    } else if (first(k, n, "provider", &seen, 8)) {
      if (!id(f, false, &r->support_provider))
        return false;
    } else {
      return false;
    }
  });
  r->has_support = true;
  return true;
}

static bool existing(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  if (is_null(f))
    return true;
  unsigned seen = 0;
  OBJECT(f, k, n, {
    if (first(k, n, "provider", &seen, 1)) {
      if (!id(f, true, &r->existing_provider))
        return false;
    } else if (first(k, n, "successful", &seen, 2)) {
      if (!fact(f, &r->existing_successful))
        return false;
    } else {
      return false;
    }
  });
  if (!r->existing_provider)
    return false;
  r->has_existing = true;
  return true;
}

static bool one_offs(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  ARRAY(f, {
    GROW(r->one_offs, r->n_one_offs);
    dpss_one_off *o = &r->one_offs[r->n_one_offs++];
    o->date = DPSS_DATE_NONE;
    o->pence = DPSS_PENCE_NONE;
    o->purpose = NULL;
    unsigned seen = 0;
    OBJECT(f, k, n, {
      if (first(k, n, "date", &seen, 1)) {
        if (!date(f, &o->date))
          return false;
      } else if (first(k, n, "pence", &seen, 2)) {
        if (!pence(f, false, &o->pence))
          return false;
      } else if (first(k, n, "purpose", &seen, 4)) {
        if (!text(f, &o->purpose))
          return false;
      } else {
        return false;
      }
    });
    if (o->date == DPSS_DATE_NONE || o->pence == DPSS_PENCE_NONE)
      return false;
  });
  return true;
}

/* An element of audits or events: {"date": DATE, name: one of names}. */
static bool dated_choice(fr *f, const char *name, const char *const *names, size_t count,
                         dpss_date *when, int8_t *which) {
  const char *k;
  size_t n;
  *when = DPSS_DATE_NONE;
  *which = -1;
  unsigned seen = 0;
  OBJECT(f, k, n, {
    if (first(k, n, "date", &seen, 1)) {
      if (!date(f, when))
        return false;
    } else if (first(k, n, name, &seen, 2)) {
      if (!choice(f, names, count, which))
        return false;
    } else {
      return false;
    }
  });
  return *when != DPSS_DATE_NONE && *which >= 0;
}

static bool audits(fr *f) {
  dpss_recipient *r = f->r;
  ARRAY(f, {
    GROW(r->audits, r->n_audits);
    dpss_audit_rec *a = &r->audits[r->n_audits++];
    if (!dated_choice(f, "outcome", dpss__audit_outcome_names, 3, &a->date, &a->outcome))
      return false;
  });
  return true;
}

static bool events(fr *f) {
  dpss_recipient *r = f->r;
  ARRAY(f, {
    GROW(r->events, r->n_events);
    dpss_event_rec *e = &r->events[r->n_events++];
    if (!dated_choice(f, "kind", dpss__event_names, 4, &e->date, &e->kind))
      return false;
  });
  return true;
}

/* support_plan: {"paye": fact, "lines": [{category, payee, weekly_pence}]}. */
static bool plan_lines(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  ARRAY(f, {
    GROW(r->plan, r->n_plan);
    dpss_plan_line *l = &r->plan[r->n_plan++];
    l->category = l->payee = NULL;
    l->weekly = DPSS_PENCE_NONE;
    unsigned seen = 0;
    OBJECT(f, k, n, {
      if (first(k, n, "category", &seen, 1)) {
        if (!id(f, true, &l->category))
          return false;
      } else if (first(k, n, "payee", &seen, 2)) {
        if (!text(f, &l->payee))
          return false;
      } else if (first(k, n, "weekly_pence", &seen, 4)) {
        if (!pence(f, false, &l->weekly))
          return false;
      } else {
        return false;
      }
    });
    if (!l->category)
      return false;
  });
  return true;
}

static bool plan(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  if (is_null(f))
    return true;
  unsigned seen = 0;
  OBJECT(f, k, n, {
    if (first(k, n, "paye", &seen, 1)) {
      if (!fact(f, &r->plan_paye))
        return false;
    } else if (first(k, n, "lines", &seen, 2)) {
      if (!plan_lines(f))
        return false;
    } else {
      return false;
    }
  });
  r->has_plan = true;
  return true;
}

/* employer: {"insurance": [{from, to}], "pas": [{id, contract, dbs_checked}]}. */
static bool insurance(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  ARRAY(f, {
    GROW(r->insurance, r->n_insurance);
    dpss_insurance_rec *c = &r->insurance[r->n_insurance++];
    c->from = c->to = DPSS_DATE_NONE;
    unsigned seen = 0;
    OBJECT(f, k, n, {
      if (first(k, n, "from", &seen, 1)) {
        if (!date(f, &c->from))
          return false;
      } else if (first(k, n, "to", &seen, 2)) {
        if (!date(f, &c->to))
          return false;
      } else {
        return false;
      }
    });
    if (c->from == DPSS_DATE_NONE || c->to == DPSS_DATE_NONE || c->to < c->from)
      return false;
  });
  return true;
}

static bool pas(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  ARRAY(f, {
    GROW(r->pas, r->n_pas);
    dpss_pa_rec *a = &r->pas[r->n_pas++];
    a->id = NULL;
    a->contract = DPSS_UNKNOWN;
    a->dbs_checked = DPSS_DATE_NONE;
    unsigned seen = 0;
    OBJECT(f, k, n, {
      if (first(k, n, "id", &seen, 1)) {
        if (!id(f, true, &a->id))
          return false;
      } else if (first(k, n, "contract", &seen, 2)) {
        if (!fact(f, &a->contract))
          return false;
      } else if (first(k, n, "dbs_checked", &seen, 4)) {
        if (!date(f, &a->dbs_checked))
          return false;
      } else {
        return false;
      }
    });
    if (!a->id)
      return false;
    for (size_t i = 0; i + 1 < r->n_pas; i++)
      if (strcmp(r->pas[i].id, a->id) == 0)
        return false; /* a duplicate PA: the full reader names it */
  });
  return true;
}

static bool employer(fr *f) {
  dpss_recipient *r = f->r;
  const char *k;
  size_t n;
  if (is_null(f))
    return true;
  unsigned seen = 0;
  OBJECT(f, k, n, {
    if (first(k, n, "insurance", &seen, 1)) {
      if (!insurance(f))
        return false;
    } else if (first(k, n, "pas", &seen, 2)) {
      if (!pas(f))
        return false;
    } else {
      return false;
    }
  });
  r->has_employer = true;
  return true;
}

enum {
  K_ID, K_KIND, K_METHOD, K_RISK, K_NEEDS, K_FUNDING, K_BALANCE, K_SUPPORT, K_EXISTING,
  K_ISSUES, K_PB, K_CONTRIB, K_ONE_OFFS, K_REQUESTED, K_AUDITS, K_EVENTS, K_PLAN,
  K_EMPLOYER,
  K_FACT0, /* + fact index */
  K_DATE0 = K_FACT0 + DPSS_FACT_COUNT_, /* + date index */
  K_COUNT_ = K_DATE0 + DPSS_DATE_FIELD_COUNT_
};

/* The top-level keys, found by hashing: every record names most of them. */
#define KEY_SLOTS 128
static const char *key_names[K_COUNT_];
static uint8_t key_slot[KEY_SLOTS]; /* key index + 1, or 0 for an empty slot */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static unsigned key_hash(const char *k, size_t n) {
  return ((unsigned)n * 131u + (unsigned char)k[0] * 31u + (unsigned char)k[n - 1] * 7u +
          (unsigned char)k[n / 2]) %
         KEY_SLOTS;
}

static void key_setup(void) {
  for (int c = 0x20; c < 0x7f; c++)
    plain[c] = c != '"' && c != '\\';
  static const char *const names[] = {
      "id", "kind", "payment_method", "risk", "specialist_needs", "funding", "balance",
      "support", "existing_arrangement", "issues", "personal_budget_weekly_pence",
      "contribution_weekly_pence", "one_off_payments", "requested_provider", "audits", "events",
      "support_plan", "employer"};
  _Static_assert(DPSS_ARRAY_LEN(names) == K_FACT0, "a name for every key");
  for (int i = 0; i < K_FACT0; i++)
    key_names[i] = names[i];
  for (int i = 0; i < DPSS_FACT_COUNT_; i++)
    key_names[K_FACT0 + i] = dpss__fact_names[i];
  for (int i = 0; i < DPSS_DATE_FIELD_COUNT_; i++)
    key_names[K_DATE0 + i] = dpss__date_names[i];
  for (int i = 0; i < K_COUNT_; i++) {
    unsigned h = key_hash(key_names[i], strlen(key_names[i]));
    while (key_slot[h])
      h = (h + 1) % KEY_SLOTS;
    key_slot[h] = (uint8_t)(i + 1);
  }
}

static int key_index(const char *k, size_t n) {
  if (n == 0)
    return -1;
  for (unsigned h = key_hash(k, n); key_slot[h]; h = (h + 1) % KEY_SLOTS)
    if (is(k, n, key_names[key_slot[h] - 1]))
      return key_slot[h] - 1;
  return -1;
}

static bool value(fr *f, int k) {
  dpss_recipient *r = f->r;
  if (k >= K_DATE0)
    return date(f, &r->dates[k - K_DATE0]);
  if (k >= K_FACT0) {
    int8_t v;
    /* An authorised person given as a string or object is kept as given:
     * that is the full reader's work. */
    if (!fact(f, &v))
      return false;
    r->facts[k - K_FACT0] = v;
    return true;
  }
  switch (k) {
  case K_ID: return id(f, true, &r->id);
  case K_KIND: return choice(f, dpss__kind_names, 2, &r->kind);
  case K_METHOD: return choice(f, dpss__method_names, 3, &r->method);
  case K_RISK: return choice(f, dpss__risk_names, 2, &r->risk);
  case K_NEEDS: return needs(f);
  case K_FUNDING: return funding(f);
  case K_BALANCE: return balance(f);
  case K_SUPPORT: return support(f);
  case K_EXISTING: return existing(f);
  case K_ISSUES: return issues(f);
  case K_PB: return pence(f, false, &r->personal_budget_weekly);
  case K_CONTRIB: return pence(f, false, &r->contribution_weekly);
  case K_ONE_OFFS: return one_offs(f);
  case K_AUDITS: return audits(f);
  case K_EVENTS: return events(f);
  case K_PLAN: return plan(f);
  case K_EMPLOYER: return employer(f);
  case K_REQUESTED: return id(f, false, &r->requested_provider);
  default: return false;
  }
}

static bool record(fr *f) {
  const char *k;
  size_t n;
  bool seen[K_COUNT_] = {false};
  OBJECT(f, k, n, {
    int i = key_index(k, n);
    if (i < 0 || seen[i] || !value(f, i))
      return false;
    seen[i] = true;
  });
  ws(f);
  return *f->p == '\0' && f->r->id && dpss__recipient_inconsistency(f->r) == 0;
}

int dpss__recipient_fast(dpss_recipient **out, const char *text) {
  pthread_once(&key_once, key_setup);
  fr f = {text, dpss__recipient_alloc()};
  if (!f.r)
    return 0;
  if (!record(&f)) {
    dpss_recipient_free(f.r);
    return 0;
  }
  *out = f.r;
  return 1;
}
