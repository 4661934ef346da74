/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/error.h
 * @brief Status codes and per-thread error details.
 *
 * @defgroup dpss_error Errors
 * @brief Every failing call returns a negative code and records a detailed,
 *        per-thread error: code, message, field path and (for JSON text)
 *        line and column.
 *
 * Messages name record ids and field paths, never the personal values in a
 * record.
 * @{
 */
#ifndef DPSS_ERROR_H
#define DPSS_ERROR_H

#include "dpss/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The list of status codes: X(NAME, value, description).
 *
 * Values are stable: a code is never renumbered or reused.
 */
#define DPSS_ERRNO_MAP(X)                                                   \
  X(OK, 0, "success")                                                       \
  X(EINVAL, -1, "invalid argument")                                         \
  X(ENOMEM, -2, "out of memory")                                            \
  X(ESYNTAX, -3, "malformed JSON")                                          \
  X(ETYPE, -4, "wrong type")                                                \
  X(ERANGE, -5, "value out of range")                                       \
  X(EMISSING, -6, "required field missing")                                 \
  X(EUNKNOWN, -7, "unknown name or value")                                  \
  X(EOVERFLOW, -8, "arithmetic overflow")                                   \
  X(EDATE, -9, "invalid date")                                              \
  X(EIO, -10, "input/output error")                                         \
  X(EDUPLICATE, -11, "duplicate identifier")                                \
  X(ENOTFOUND, -12, "not found")                                            \
  X(ECONFLICT, -13, "inconsistent values")                                  \
  X(ECAP, -14, "spend cap exceeded")                                        \
  X(ENETWORK, -15, "invalid provider network")

/**
 * @brief Status codes returned by libdpss functions.
 *
 * The same values as #DPSS_ERRNO_MAP (the library checks at compile time
 * that the two agree).
 */
typedef enum dpss_status {
  DPSS_OK = 0,          /**< Success. */
  DPSS_EINVAL = -1,     /**< Invalid argument (NULL, or a value not in its enum). */
  DPSS_ENOMEM = -2,     /**< Out of memory. */
  DPSS_ESYNTAX = -3,    /**< Malformed JSON; see dpss_error_line() and dpss_error_column(). */
  DPSS_ETYPE = -4,      /**< A field has the wrong JSON type. */
  DPSS_ERANGE = -5,     /**< A value is out of its allowed range. */
  DPSS_EMISSING = -6,   /**< A required field is missing. */
  DPSS_EUNKNOWN = -7,   /**< An unknown name (parameter, field) or a word not among the choices. */
  DPSS_EOVERFLOW = -8,  /**< Integer money arithmetic would overflow. */
  DPSS_EDATE = -9,      /**< Not a real date, or out of years 1 to 9999. */
  DPSS_EIO = -10,       /**< A file could not be read or written. */
  DPSS_EDUPLICATE = -11, /**< The same identifier (or date) twice. */
  DPSS_ENOTFOUND = -12, /**< Something referred to does not exist. */
  DPSS_ECONFLICT = -13, /**< Values that contradict each other (e.g. rule B1). */
  DPSS_ECAP = -14,      /**< A framework spend cap would be exceeded (rule F2). */
  DPSS_ENETWORK = -15   /**< An invalid provider network (rule N1). */
} dpss_status;

/**
 * @brief A short description of a status code.
 * @param code A value from #dpss_status.
 * @return A static string; "unknown error" for a code not in the list.
 */
DPSS_EXTERN const char *dpss_strerror(int code);

/**
 * @brief The symbolic name of a status code, e.g. "EINVAL" or "OK".
 * @param code A value from #dpss_status.
 * @return A static string; "EUNKNOWNCODE" for a code not in the list.
 */
DPSS_EXTERN const char *dpss_status_name(int code);

/** Opaque details of the last error on this thread. */
typedef struct dpss_error dpss_error;

/**
 * @brief The details of the last failed call on the calling thread.
 *
 * A successful call does not clear it; call dpss_error_clear() first if you
 * need to tell. Thread-safe: each thread has its own.
 *
 * @return Borrowed; valid until the next libdpss call on this thread. Never
 *         NULL: with no error its code is #DPSS_OK and its strings are "".
 */
DPSS_EXTERN const dpss_error *dpss_error_last(void);

/**
 * @brief Forget the last error on the calling thread.
 */
DPSS_EXTERN void dpss_error_clear(void);

/**
 * @brief The status code of an error.
 * @param err From dpss_error_last(); NULL gives #DPSS_EINVAL.
 * @return A #dpss_status value.
 */
DPSS_EXTERN int dpss_error_code(const dpss_error *err);

/**
 * @brief The message of an error: what was wrong, naming the field.
 * @param err From dpss_error_last(); NULL gives "".
 * @return Borrowed; never NULL.
 */
DPSS_EXTERN const char *dpss_error_message(const dpss_error *err);

/**
 * @brief The path of the field at fault, e.g. "funding[1].weekly_pence".
 * @param err From dpss_error_last(); NULL gives "".
 * @return Borrowed; "" when no field is at fault. Never NULL.
 */
DPSS_EXTERN const char *dpss_error_field(const dpss_error *err);

/**
 * @brief The line (from 1) in the JSON text where the error lies.
 * @param err From dpss_error_last().
 * @return The line, or 0 when not known or not from JSON text.
 */
DPSS_EXTERN int dpss_error_line(const dpss_error *err);

/**
 * @brief The column (from 1) in the JSON text where the error lies.
 * @param err From dpss_error_last().
 * @return The column, or 0 when not known or not from JSON text.
 */
DPSS_EXTERN int dpss_error_column(const dpss_error *err);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_ERROR_H */
