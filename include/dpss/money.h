/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/money.h
 * @brief Money as integer pence: overflow-checked arithmetic and formatting.
 *
 * @defgroup dpss_money Money
 * @brief Money is `int64_t` pence everywhere; no floating point touches it.
 * @{
 */
#ifndef DPSS_MONEY_H
#define DPSS_MONEY_H

#include "dpss/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Buffer size that holds any amount formatted by dpss_money_format_buf(). */
#define DPSS_MONEY_BUFSIZE 40

/**
 * @brief Add two amounts, failing on overflow.
 * @param[out] out The sum; unchanged on failure.
 * @param a,b      The amounts in pence.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_EOVERFLOW if the
 *         sum does not fit in `int64_t` or either amount is #DPSS_PENCE_NONE.
 */
DPSS_EXTERN int dpss_money_add(int64_t *out, int64_t a, int64_t b);

/**
 * @brief Subtract two amounts, failing on overflow.
 * @param[out] out `a - b`; unchanged on failure.
 * @param a,b      The amounts in pence.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_EOVERFLOW.
 */
DPSS_EXTERN int dpss_money_sub(int64_t *out, int64_t a, int64_t b);

/**
 * @brief Multiply an amount by a whole number, failing on overflow.
 * @param[out] out `pence * factor`; unchanged on failure.
 * @param pence    The amount.
 * @param factor   The multiplier.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL; #DPSS_EOVERFLOW.
 */
DPSS_EXTERN int dpss_money_mul(int64_t *out, int64_t pence, int64_t factor);

/**
 * @brief `pence * num / den`, rounded to the nearest penny, halves away from
 *        zero, with no intermediate overflow (pro rata by days, rule B3).
 * @param[out] out The result; unchanged on failure.
 * @param pence    The amount.
 * @param num      Numerator.
 * @param den      Denominator, greater than 0.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL or @p den <= 0;
 *         #DPSS_EOVERFLOW if the result does not fit.
 */
DPSS_EXTERN int dpss_money_mul_div_round(int64_t *out, int64_t pence, int64_t num,
                                         int64_t den);

/**
 * @brief Format an amount as pounds, e.g. `£1,234.56` or `-£0.05`.
 * @param[out] buf  Destination, at least #DPSS_MONEY_BUFSIZE bytes to be safe.
 * @param size      Size of @p buf in bytes.
 * @param pence     The amount.
 * @return The length written (excluding the NUL) on success; #DPSS_EINVAL if
 *         @p buf is NULL or too small (then @p buf is left unchanged), or the
 *         amount is #DPSS_PENCE_NONE.
 */
DPSS_EXTERN int dpss_money_format_buf(char *buf, size_t size, int64_t pence);

/**
 * @brief Format an amount as pounds into a new string, e.g. `£1,234.56`.
 * @param[out] out The string. Caller frees with dpss_free().
 * @param pence    The amount.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL or the amount is
 *         #DPSS_PENCE_NONE; #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_money_format(char **out, int64_t pence);

/**
 * @brief Read an amount of pounds exactly as integer pence, as statements
 *        are read (see dpss_statement_from_csv()): an optional `-` or `+`,
 *        an optional `£`, digits optionally grouped by commas in threes, and
 *        optionally `.` with one or two digits; or the same, unsigned, in
 *        parentheses for money out. `"1,234.56"` is 123456, `"(12.00)"`
 *        is -1200. Surrounding spaces are not allowed. Never floating point.
 * @param[out] out The pence; unchanged on failure.
 * @param text     The text.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL); #DPSS_ETYPE (not an amount);
 *         #DPSS_ERANGE (more than two decimals, or beyond £10 trillion).
 *         The error message never quotes the text.
 */
DPSS_EXTERN int dpss_money_parse(int64_t *out, const char *text);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_MONEY_H */
