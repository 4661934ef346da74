/* SPDX-License-Identifier: MIT */
/* Money: int64 pence, overflow-checked; formatting as pounds. */
#include "config.h"

#include <string.h>

#include "csv_internal.h"

int dpss_money_add(int64_t *out, int64_t a, int64_t b) {
  int64_t r;
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  if (a == DPSS_PENCE_NONE || b == DPSS_PENCE_NONE || __builtin_add_overflow(a, b, &r) ||
      r == DPSS_PENCE_NONE)
    return dpss__fail(DPSS_EOVERFLOW, NULL, "sum of money out of range");
  *out = r;
  return DPSS_OK;
}

int dpss_money_sub(int64_t *out, int64_t a, int64_t b) {
  int64_t r;
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  if (a == DPSS_PENCE_NONE || b == DPSS_PENCE_NONE || __builtin_sub_overflow(a, b, &r) ||
      r == DPSS_PENCE_NONE)
    return dpss__fail(DPSS_EOVERFLOW, NULL, "difference of money out of range");
  *out = r;
  return DPSS_OK;
}

int dpss_money_mul(int64_t *out, int64_t pence, int64_t factor) {
  int64_t r;
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  if (pence == DPSS_PENCE_NONE || __builtin_mul_overflow(pence, factor, &r) ||
      r == DPSS_PENCE_NONE)
    return dpss__fail(DPSS_EOVERFLOW, NULL, "product of money out of range");
  *out = r;
  return DPSS_OK;
}

int dpss_money_mul_div_round(int64_t *out, int64_t pence, int64_t num, int64_t den) {
  if (!out || den <= 0)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL or denominator not positive");
  if (pence == DPSS_PENCE_NONE)
    return dpss__fail(DPSS_EOVERFLOW, NULL, "amount unknown");
  __int128 p = (__int128)pence * num;
  bool neg = p < 0;
  if (neg)
    p = -p;
  __int128 q = p / den, rem = p % den;
  if (rem * 2 >= den)
    q++;
  if (neg)
    q = -q;
  if (q > INT64_MAX || q <= INT64_MIN)
    return dpss__fail(DPSS_EOVERFLOW, NULL, "pro rata amount out of range");
  *out = (int64_t)q;
  return DPSS_OK;
}

static int format_into(char *tmp, int64_t pence) {
  /* Build right to left: pence, point, pounds with thousands commas, £, sign. */
  char buf[DPSS_MONEY_BUFSIZE];
  char *e = buf + sizeof buf, *s = e;
  uint64_t u = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
  *--s = (char)('0' + u % 10);
  u /= 10;
  *--s = (char)('0' + u % 10);
  u /= 10;
  *--s = '.';
  int group = 0;
  do {
    if (group == 3) {
      *--s = ',';
      group = 0;
    }
    *--s = (char)('0' + u % 10);
    u /= 10;
    group++;
  } while (u);
  s -= 2; /* "£" is two bytes in UTF-8 */
  s[0] = (char)0xC2;
  s[1] = (char)0xA3;
  if (pence < 0)
    *--s = '-';
  int n = (int)(e - s);
  memcpy(tmp, s, (size_t)n);
  tmp[n] = '\0';
  return n;
}

int dpss_money_format_buf(char *buf, size_t size, int64_t pence) {
  char tmp[DPSS_MONEY_BUFSIZE + 1];
  if (!buf)
    return dpss__fail(DPSS_EINVAL, NULL, "buf is NULL");
  if (pence == DPSS_PENCE_NONE)
    return dpss__fail(DPSS_EINVAL, NULL, "amount unknown");
  int n = format_into(tmp, pence);
  if ((size_t)n + 1 > size)
    return dpss__fail(DPSS_EINVAL, NULL, "buffer too small");
  memcpy(buf, tmp, (size_t)n + 1);
  return n;
}

int dpss_money_format(char **out, int64_t pence) {
  char tmp[DPSS_MONEY_BUFSIZE + 1];
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  if (pence == DPSS_PENCE_NONE)
    return dpss__fail(DPSS_EINVAL, NULL, "amount unknown");
  format_into(tmp, pence);
  *out = dpss__strdup(tmp);
  return *out ? DPSS_OK : dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
}

int dpss_money_parse(int64_t *out, const char *text) {
  if (!out || !text)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int64_t v;
  int rc = dpss__parse_pounds(text, strlen(text), &v);
  if (rc == DPSS_ERANGE)
    return dpss__fail(rc, NULL, "amount out of range (more than two decimals, or beyond 10 "
                                "trillion pounds)");
  if (rc)
    return dpss__fail(rc, NULL, "not an amount in pounds with at most two decimals");
  *out = v;
  return DPSS_OK;
}
