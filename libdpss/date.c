/* SPDX-License-Identifier: MIT */
/* Civil dates as day numbers (days since 1970-01-01), proleptic Gregorian.
 * days_from_civil / civil_from_days after Howard Hinnant's public-domain
 * algorithms. */
#include "config.h"

#include <time.h>

#include "internal.h"

/* 0001-01-01 and 9999-12-31 as day numbers. */
#define DATE_MIN (-719162)
#define DATE_MAX 2932896

bool dpss__date_valid(dpss_date d) { return d >= DATE_MIN && d <= DATE_MAX; }

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int dpss_date_days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12)
    return 0;
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

dpss_date dpss__days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void dpss__civil_from_days(dpss_date z, int *y, int *m, int *d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

int dpss_date_from_ymd(dpss_date *out, int year, int month, int day) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  int dim = dpss_date_days_in_month(year, month);
  if (dim == 0 || day < 1 || day > dim)
    return dpss__fail(DPSS_EDATE, NULL, "no such date");
  *out = dpss__days_from_civil(year, month, day);
  return DPSS_OK;
}

int dpss_date_to_ymd(dpss_date date, int *year, int *month, int *day) {
  int y, m, d;
  if (!dpss__date_valid(date))
    return dpss__fail(DPSS_EDATE, NULL, "date out of range");
  dpss__civil_from_days(date, &y, &m, &d);
  if (year)
    *year = y;
  if (month)
    *month = m;
  if (day)
    *day = d;
  return DPSS_OK;
}

static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int dpss_date_parse(dpss_date *out, const char *text) {
  if (!out || !text)
    return dpss__fail(DPSS_EINVAL, NULL, "NULL argument");
  int y = digits(text, 4);
  if (y < 0 || text[4] != '-')
    goto bad;
  int m = digits(text + 5, 2);
  if (m < 0 || text[7] != '-')
    goto bad;
  int d = digits(text + 8, 2);
  if (d < 0 || text[10] != '\0')
    goto bad;
  int dim = dpss_date_days_in_month(y, m);
  if (dim == 0 || d < 1 || d > dim)
    return dpss__fail(DPSS_EDATE, NULL, "not a real calendar date");
  *out = dpss__days_from_civil(y, m, d);
  return DPSS_OK;
bad:
  return dpss__fail(DPSS_EDATE, NULL, "expected a date written YYYY-MM-DD");
}

void dpss__date_write(char buf[DPSS_DATE_BUFSIZE], dpss_date date) {
  int y, m, d;
  dpss__civil_from_days(date, &y, &m, &d);
  buf[0] = (char)('0' + y / 1000);
  buf[1] = (char)('0' + y / 100 % 10);
  buf[2] = (char)('0' + y / 10 % 10);
  buf[3] = (char)('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char)('0' + m / 10);
  buf[6] = (char)('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char)('0' + d / 10);
  buf[9] = (char)('0' + d % 10);
  buf[10] = '\0';
}

int dpss_date_format(char *buf, size_t size, dpss_date date) {
  if (!buf || size < DPSS_DATE_BUFSIZE)
    return dpss__fail(DPSS_EINVAL, NULL, "buffer NULL or smaller than DPSS_DATE_BUFSIZE");
  if (!dpss__date_valid(date))
    return dpss__fail(DPSS_EDATE, NULL, "date out of range");
  dpss__date_write(buf, date);
  return 10;
}

int dpss_date_add_days(dpss_date *out, dpss_date date, int32_t days) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  if (!dpss__date_valid(date))
    return dpss__fail(DPSS_EDATE, NULL, "date out of range");
  int64_t r = (int64_t)date + days;
  if (r < DATE_MIN || r > DATE_MAX)
    return dpss__fail(DPSS_EDATE, NULL, "result outside years 1 to 9999");
  *out = (dpss_date)r;
  return DPSS_OK;
}

dpss_date dpss__add_months(dpss_date date, int64_t months) {
  int y, m, d;
  if (!dpss__date_valid(date) || months > 120000 || months < -120000)
    return DPSS_DATE_NONE;
  dpss__civil_from_days(date, &y, &m, &d);
  int64_t total = (int64_t)y * 12 + (m - 1) + months;
  if (total < 12 || total > 9999 * 12 + 11)
    return DPSS_DATE_NONE;
  int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
  int dim = dpss_date_days_in_month(ny, nm);
  return dpss__days_from_civil(ny, nm, d < dim ? d : dim);
}

int dpss_date_add_months(dpss_date *out, dpss_date date, int32_t months) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  if (!dpss__date_valid(date))
    return dpss__fail(DPSS_EDATE, NULL, "date out of range");
  dpss_date r = dpss__add_months(date, months);
  if (r == DPSS_DATE_NONE)
    return dpss__fail(DPSS_EDATE, NULL, "result outside years 1 to 9999");
  *out = r;
  return DPSS_OK;
}

int32_t dpss_date_days_between(dpss_date from, dpss_date to) {
  if (!dpss__date_valid(from) || !dpss__date_valid(to))
    return 0;
  return to - from;
}

int dpss_date_today(dpss_date *out) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  time_t now = time(NULL);
  struct tm tm;
  if (now == (time_t)-1 || !localtime_r(&now, &tm))
    return dpss__fail(DPSS_EIO, NULL, "cannot read the clock");
  *out = dpss__days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return DPSS_OK;
}
