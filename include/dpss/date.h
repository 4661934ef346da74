/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/date.h
 * @brief Civil dates: ISO 8601 parsing and formatting, day and month arithmetic.
 *
 * @defgroup dpss_date Dates
 * @brief A #dpss_date is a day number (0 = 1970-01-01) on the proleptic
 *        Gregorian calendar, years 1 to 9999. No time zones, no times of day.
 * @{
 */
#ifndef DPSS_DATE_H
#define DPSS_DATE_H

#include "dpss/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Buffer size for a formatted date: "YYYY-MM-DD" and the NUL. */
#define DPSS_DATE_BUFSIZE 11

/**
 * @brief Make a date from year, month and day.
 * @param[out] out The date; unchanged on failure.
 * @param year     1 to 9999.
 * @param month    1 to 12.
 * @param day      1 to the number of days in that month.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_EDATE if no such day.
 */
DPSS_EXTERN int dpss_date_from_ymd(dpss_date *out, int year, int month, int day);

/**
 * @brief Split a date into year, month and day.
 * @param date          A valid date.
 * @param[out] year     May be NULL.
 * @param[out] month    May be NULL.
 * @param[out] day      May be NULL.
 * @return #DPSS_OK; #DPSS_EDATE if @p date is #DPSS_DATE_NONE or out of range.
 */
DPSS_EXTERN int dpss_date_to_ymd(dpss_date date, int *year, int *month, int *day);

/**
 * @brief Parse a date written exactly as "YYYY-MM-DD".
 * @param[out] out The date; unchanged on failure.
 * @param text     The text, NUL-terminated.
 * @return #DPSS_OK; #DPSS_EINVAL if an argument is NULL; #DPSS_EDATE if the
 *         text is not of that form or names no real day (e.g. 2025-02-29).
 */
DPSS_EXTERN int dpss_date_parse(dpss_date *out, const char *text);

/**
 * @brief Format a date as "YYYY-MM-DD".
 * @param[out] buf At least #DPSS_DATE_BUFSIZE bytes.
 * @param size     Size of @p buf.
 * @param date     A valid date.
 * @return 10 (the length written) on success; #DPSS_EINVAL if @p buf is NULL
 *         or too small; #DPSS_EDATE if the date is not valid.
 */
DPSS_EXTERN int dpss_date_format(char *buf, size_t size, dpss_date date);

/**
 * @brief Add (or, if negative, subtract) days.
 * @param[out] out The date; unchanged on failure.
 * @param date     A valid date.
 * @param days     Days to add.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_EDATE if @p date is
 *         not valid or the result falls outside years 1 to 9999.
 */
DPSS_EXTERN int dpss_date_add_days(dpss_date *out, dpss_date date, int32_t days);

/**
 * @brief Add (or subtract) calendar months, keeping the day of the month and
 *        clamping it to the last day of the resulting month.
 *
 * 2026-08-31 + 6 months = 2027-02-28; 2024-02-29 + 12 months = 2025-02-28.
 *
 * @param[out] out The date; unchanged on failure.
 * @param date     A valid date.
 * @param months   Months to add.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_EDATE if @p date is
 *         not valid or the result is out of range.
 */
DPSS_EXTERN int dpss_date_add_months(dpss_date *out, dpss_date date, int32_t months);

/**
 * @brief Whole days from @p from to @p to (`to - from`); negative if @p to
 *        is earlier.
 * @param from A valid date.
 * @param to   A valid date.
 * @return The number of days. Both dates must be valid; for
 *         #DPSS_DATE_NONE the result is 0.
 */
DPSS_EXTERN int32_t dpss_date_days_between(dpss_date from, dpss_date to);

/**
 * @brief The number of days in a month.
 * @param year  1 to 9999.
 * @param month 1 to 12.
 * @return 28 to 31, or 0 for an invalid year or month.
 */
DPSS_EXTERN int dpss_date_days_in_month(int year, int month);

/**
 * @brief Today's date in the machine's local time zone.
 * @param[out] out The date.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_EIO if the clock
 *         cannot be read.
 */
DPSS_EXTERN int dpss_date_today(dpss_date *out);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_DATE_H */
