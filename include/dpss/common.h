/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/common.h
 * @brief Export macro, basic types, memory and version functions.
 *
 * @defgroup dpss_common Common
 * @brief Types and functions every other module uses.
 *
 * Conventions that hold across the whole API:
 * - Functions that can fail return 0 (#DPSS_OK) or a negative `DPSS_E*` code
 *   (see dpss/error.h) and record details readable with dpss_error_last().
 * - Constructors write their result through an `out` parameter, which is
 *   their first argument; on failure `*out` is set to NULL.
 * - A failed call leaves every object it was given as it was.
 * - Destructors (`*_free`) accept NULL.
 * - Strings the library allocates are released with dpss_free(), never with
 *   the caller's own `free()`.
 * - Money is integer pence in `int64_t`; dates are #dpss_date day numbers.
 * @{
 */
#ifndef DPSS_COMMON_H
#define DPSS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "dpss/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a declaration as part of the exported API. */
#if defined(DPSS_BUILDING) && defined(__GNUC__)
#define DPSS_EXTERN __attribute__((visibility("default")))
#else
#define DPSS_EXTERN
#endif

/**
 * @brief A civil date (proleptic Gregorian calendar) as a day number.
 *
 * Day 0 is 1970-01-01; years 1 to 9999 are representable. #DPSS_DATE_NONE
 * stands for "no date" (an unknown or absent date). Build one with
 * dpss_date_from_ymd() or dpss_date_parse().
 */
typedef int32_t dpss_date;

/** The value of a #dpss_date that is absent or unknown. */
#define DPSS_DATE_NONE INT32_MIN

/** An amount of money that is absent or unknown, in `int64_t` pence. */
#define DPSS_PENCE_NONE INT64_MIN

/**
 * @brief A three-state fact: unknown is not the same as false (rule E6).
 */
typedef enum dpss_fact {
  DPSS_UNKNOWN = -1, /**< Absent or null in the record. */
  DPSS_FALSE = 0,    /**< Known to be false. */
  DPSS_TRUE = 1      /**< Known to be true. */
} dpss_fact;

/**
 * @brief Release memory the library allocated (strings from `*_to_json`,
 *        dpss_money_format() and the like).
 * @param ptr Memory returned by libdpss, or NULL (a harmless no-op).
 */
DPSS_EXTERN void dpss_free(void *ptr);

/**
 * @brief The run-time library version, e.g. "0.1.0".
 * @return A static string; never NULL, never freed.
 */
DPSS_EXTERN const char *dpss_version_string(void);

/**
 * @brief The run-time library version as MAJOR * 10000 + MINOR * 100 + PATCH.
 * @return The number; compare with #DPSS_VERSION_NUMBER.
 */
DPSS_EXTERN int dpss_version_number(void);

/**
 * @brief Generate a new random identifier, `PREFIX-` followed by a UUID.
 *
 * External identifiers (recipients, providers) are kept as the strings the
 * caller gives; this is for identifiers the library or a host makes up.
 *
 * @param[out] out    The identifier. Caller frees with dpss_free().
 * @param      prefix A short prefix of letters, digits and '-', at most 16
 *                    characters (e.g. "C" for call-offs); NULL or "" for none.
 * @return #DPSS_OK; #DPSS_EINVAL if @p out is NULL or @p prefix is not valid;
 *         #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_id_generate(char **out, const char *prefix);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_COMMON_H */
