/* SPDX-License-Identifier: MIT */
/**
 * @file dpss/reader.h
 * @brief Reading records one at a time from a file, a descriptor, memory or a
 *        callback, with every record accounted for.
 *
 * @defgroup dpss_reader Record reader
 * @brief One reading rule for the `dpss` tool, the bindings and any host:
 *        records come out one at a time as JSON text with their position,
 *        and a bad record costs only itself.
 *
 * A reader splits its input into records without parsing them (it tracks
 * strings and brackets only, so it is fast); parse each record's text with
 * dpss_recipient_from_json() or any JSON parser. The JSON input may be:
 * - one JSON object;
 * - JSON Lines: one object per line;
 * - a stream of objects one after another, pretty-printed or not;
 * - a top-level JSON array of objects, streamed element by element (the
 *   array is never held in memory whole).
 *
 * Every record is either handed out (#DPSS_READ_RECORD) or reported bad
 * (#DPSS_READ_BAD), and reading goes on at the next record:
 * - in JSON Lines or a stream, a record that is not complete ends where the
 *   next record starts: at the next line whose first non-blank character is
 *   a `{` or `[` no further right than where the record began, when a value
 *   cannot continue the record there (a pretty-printed record missing its
 *   closing brace) or, for a `{`, when the record was written on one line
 *   (JSON Lines);
 * - in an array, an element ends at its closing bracket, so a bad element
 *   (a duplicate key, a wrong type) costs only itself; an element missing a
 *   bracket ends at the next line that starts an element where a value
 *   cannot continue it; an array that is not closed is reported at the end;
 * - a NUL byte, bytes that are not UTF-8, a string not closed on its line
 *   and brackets that do not match make the record that holds them bad, with
 *   the line and column of the first such fault.
 *
 * A read error, a failed allocation or an input that cannot be opened (a
 * missing file, a directory) are fatal: dpss_reader_next() returns a
 * negative code, and goes on returning it; they are never taken for the end
 * of the input.
 *
 * Line ends may be LF, CRLF or CR alone; a UTF-8 byte order mark at the very
 * start is skipped. Lines and columns count from 1; columns count bytes.
 *
 * A reader is not thread-safe: use one reader from one thread at a time
 * (hand the record texts to other threads by copying them).
 *
 * @par CSV input
 * A CSV reader (#DPSS_READER_CSV, or #DPSS_READER_AUTO for a file named
 * `*.csv`) reads recipients, one per row, and hands out each row as the
 * recipient's JSON text, so callers read CSV exactly as they read JSON:
 * - RFC 4180: cells separated by commas, quoted with double quotes when they hold a
 *   comma, a quote (doubled) or a line end. A quoted cell may run over lines
 *   only in a free-text column (`one_off_payments[N].purpose`,
 *   `authorised_person`) or one the mapping ignores; anywhere else a quote
 *   still open at the end of its line makes the row bad, and reading goes on
 *   at the next line (a forgotten quote costs one row, not the file).
 * - The first row that is not blank is the header. Each column is named by
 *   its field's path in the data contract: `id` (required), `kind`,
 *   `has_capacity`, `consents`, `authorised_person`, `excluding_order`,
 *   `pays_household_family`, `family_payment_necessary`, `bank_account`,
 *   `payment_method`, `card_suitable`, `employs_pas`,
 *   `considering_employing_pas`, `complex_needs`, `specialist_needs`, `risk`,
 *   `funding.social_care.weekly_pence`, `funding.health.weekly_pence`,
 *   `dp_start`, `dp_end`, `balance.on`, `balance.pence`,
 *   `balance.owed_pence`, `support.tier`, `support.since`,
 *   `support.completed`, `support.provider`, `existing_arrangement.provider`,
 *   `existing_arrangement.successful`, `last_review`, `last_audit`,
 *   `personal_budget_weekly_pence`, `contribution_weekly_pence`,
 *   `requested_provider`; and the lists as numbered columns
 *   `issues[N].id`, `issues[N].opened`, `issues[N].resolved`,
 *   `one_off_payments[N].date`, `.pence`, `.purpose`, `audits[N].date`,
 *   `.outcome`, `events[N].date`, `.kind` (N from 0 to 999; an item whose
 *   cells are all empty is left out). Columns may come in any order and any
 *   may be left out but `id`. The support plan and employer evidence of
 *   account audits have no columns (JSON only).
 * - An empty cell is unknown (or none); cells are trimmed of spaces and
 *   tabs. Facts are `true` or `false` (any case); pence are whole pence
 *   (`310000`); dates `YYYY-MM-DD` or `DD/MM/YYYY` (a mapping may require
 *   one); `specialist_needs` is ids separated by `;`
 *   (`sensory_impairment;dementia`); words are as in JSON (`adult`).
 * - A header that cannot be read is fatal (the rest of the input is not
 *   read): a column that is not a recipient field (#DPSS_EUNKNOWN, unless
 *   the mapping maps or ignores it), a field given by two columns
 *   (#DPSS_EDUPLICATE), no `id` column, or a column of an object without
 *   the object's required one, such as `balance.on` without `balance.pence`
 *   (#DPSS_EMISSING). An input with no header, or only a header, has no
 *   records.
 * - A bad row is a bad record (#DPSS_READ_BAD) and costs only itself. Its
 *   error's code says what was wrong with the cell (#DPSS_ETYPE,
 *   #DPSS_EDATE, #DPSS_ERANGE, #DPSS_EUNKNOWN, #DPSS_EMISSING, or
 *   #DPSS_ESYNTAX for malformed CSV, a NUL byte, bytes that are not UTF-8 or
 *   a row with more or fewer cells than the header); its field is the
 *   column's field path; its line is the line the cell starts on and its
 *   column the cell's column number (from 1, counting cells, not bytes);
 *   the message names both and never the value. Its text is
 *   `{"id": "..."}` when the row's id is good (for messages), else "".
 * - Rows whose cells are all empty are skipped as blank lines. A record's
 *   number counts rows after the header; dpss_reader_line() is the line
 *   the row starts on and dpss_reader_column() is 1.
 *
 * A column mapping (dpss_reader_set_mapping(), see dpss/mapping.h) reads
 * an export with its own headers, values and date form.
 *
 * @par Example
 * @code
 * dpss_reader *in = NULL;
 * if (dpss_reader_open(&in, "caseload.jsonl", DPSS_READER_AUTO) != DPSS_OK) {
 *   fprintf(stderr, "%s\n", dpss_error_message(dpss_error_last()));
 *   return 2;
 * }
 * int got;
 * while ((got = dpss_reader_next(in)) > 0) {
 *   if (got == DPSS_READ_BAD) {
 *     const dpss_error *e = dpss_reader_error(in);
 *     fprintf(stderr, "record %lld, line %d: %s\n", (long long)dpss_reader_record(in),
 *             dpss_error_line(e), dpss_error_message(e));
 *     continue;
 *   }
 *   dpss_recipient *r = NULL;
 *   if (dpss_recipient_from_json(&r, dpss_reader_text(in)) == DPSS_OK) {
 *     ... use r ...
 *   }
 *   dpss_recipient_free(r);
 * }
 * if (got < 0)          // a read error: the rest of the input is lost
 *   fprintf(stderr, "%s\n", dpss_error_message(dpss_reader_error(in)));
 * dpss_reader_free(in);
 * @endcode
 * @{
 */
#ifndef DPSS_READER_H
#define DPSS_READER_H

#include "dpss/common.h"
#include "dpss/error.h"
#include "dpss/mapping.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A record reader. Opaque; create with dpss_reader_open() or another
 *  `dpss_reader_from_*()` function, free with dpss_reader_free(). */
typedef struct dpss_reader dpss_reader;

/**
 * @brief The input format of a reader.
 *
 * This is the extension point for formats to come: a new format gets a
 * value here (values are never renumbered) and hands out each row as the
 * JSON text of a record, so callers of dpss_reader_next() and
 * dpss_reader_text() do not change.
 */
typedef enum dpss_reader_format {
  /** Chosen from the input: a file name ending in `.csv` (any case) is CSV;
   *  anything else, and any input without a name, is JSON. */
  DPSS_READER_AUTO = 0,
  /** JSON: one object, JSON Lines, a stream of objects, or an array. */
  DPSS_READER_JSON = 1,
  /** CSV: one recipient per row, columns named by the field's path or
   *  mapped with dpss_reader_set_mapping() (see "CSV input" above). */
  DPSS_READER_CSV = 2
} dpss_reader_format;

/** @brief What dpss_reader_next() found (a negative status code is a fatal error). */
typedef enum dpss_read_result {
  /** The end of the input: every record has been handed out or reported. */
  DPSS_READ_END = 0,
  /** A record: dpss_reader_text() is its JSON text, not yet parsed. */
  DPSS_READ_RECORD = 1,
  /** A bad record: dpss_reader_error() says what and where; it is skipped
   *  and reading goes on with the next record. */
  DPSS_READ_BAD = 2
} dpss_read_result;

/**
 * @brief A source of bytes for dpss_reader_from_callback().
 *
 * @param payload The pointer given to dpss_reader_from_callback().
 * @param buffer  Where to put the bytes.
 * @param size    How many bytes @p buffer can take (at least 1).
 * @return The number of bytes put in @p buffer (1 to @p size); 0 at the end
 *         of the input; a negative value on a read error: minus an `errno`
 *         value (such as `-EIO`) names the reason in the error message.
 */
typedef long (*dpss_reader_read_fn)(void *payload, char *buffer, size_t size);

/**
 * @brief Open a file for reading records.
 *
 * @param[out] out    The reader. Caller frees with dpss_reader_free().
 * @param      path   The file's path (not "-": for standard input use
 *                    dpss_reader_from_fd() with descriptor 0). It also names
 *                    the input in messages.
 * @param      format A #dpss_reader_format value.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL argument, a format not in the list);
 *         #DPSS_EIO (the file cannot be opened
 *         or is a directory; the message names the file and the reason);
 *         #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_reader_open(dpss_reader **out, const char *path, dpss_reader_format format);

/**
 * @brief Read records from an open file descriptor (a pipe, standard input).
 *
 * @param[out] out    The reader. Caller frees with dpss_reader_free().
 * @param      fd     A descriptor open for reading. Borrowed: the reader
 *                    never closes it; keep it open until dpss_reader_free().
 * @param      name   Names the input in messages (e.g. "standard input");
 *                    NULL for "input". Copied.
 * @param      format A #dpss_reader_format value (#DPSS_READER_AUTO is JSON).
 * @return #DPSS_OK; #DPSS_EINVAL (NULL @p out, a negative @p fd, a format
 *         not in the list); #DPSS_EIO (@p fd is a directory);
 *         #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_reader_from_fd(dpss_reader **out, int fd, const char *name,
                                    dpss_reader_format format);

/**
 * @brief Read records from bytes in memory.
 *
 * @param[out] out    The reader. Caller frees with dpss_reader_free().
 * @param      data   The input; may hold NUL bytes (they make the record
 *                    holding them bad). Copied: it need not outlive the call.
 * @param      size   The number of bytes in @p data.
 * @param      name   Names the input in messages; NULL for "input". Copied.
 * @param      format A #dpss_reader_format value (#DPSS_READER_AUTO is JSON).
 * @return #DPSS_OK; #DPSS_EINVAL (NULL @p out, NULL @p data with a size,
 *         a format not in the list); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_reader_from_memory(dpss_reader **out, const char *data, size_t size,
                                        const char *name, dpss_reader_format format);

/**
 * @brief Read records from a callback (a socket, a decompressor, a
 *        binding's file object).
 *
 * @param[out] out     The reader. Caller frees with dpss_reader_free().
 * @param      read    Called whenever the reader needs more bytes.
 * @param      payload Passed to @p read as is. Borrowed.
 * @param      name    Names the input in messages; NULL for "input". Copied.
 * @param      format  A #dpss_reader_format value (#DPSS_READER_AUTO is JSON).
 * @return #DPSS_OK; #DPSS_EINVAL (NULL @p out or @p read, a format not in
 *         the list); #DPSS_ENOMEM.
 */
DPSS_EXTERN int dpss_reader_from_callback(dpss_reader **out, dpss_reader_read_fn read,
                                          void *payload, const char *name,
                                          dpss_reader_format format);

/**
 * @brief Free a reader (a descriptor it opened itself is closed; one given
 *        to dpss_reader_from_fd() is not).
 * @param reader The reader, or NULL.
 */
DPSS_EXTERN void dpss_reader_free(dpss_reader *reader);

/**
 * @brief Move to the next record.
 *
 * @param reader The reader.
 * @return #DPSS_READ_RECORD (a record: see dpss_reader_text());
 *         #DPSS_READ_BAD (a bad record, skipped: see dpss_reader_error(),
 *         which is also the calling thread's dpss_error_last());
 *         #DPSS_READ_END (no more records);
 *         or a negative code when the rest of the input cannot be read:
 *         #DPSS_EIO (a read error; the message gives the reason and the
 *         line), #DPSS_ENOMEM, #DPSS_EINVAL (NULL @p reader); for CSV also
 *         #DPSS_EUNKNOWN, #DPSS_EDUPLICATE, #DPSS_EMISSING or #DPSS_ESYNTAX
 *         (a header that cannot be read: see "CSV input"). A fatal error
 *         is returned again by every later call; it is never the end.
 */
DPSS_EXTERN int dpss_reader_next(dpss_reader *reader);

/**
 * @brief The text of the current record (good or bad).
 * @param reader The reader.
 * @return The record's text, NUL-terminated, without its line end; for a
 *         bad record, the bytes it was made of (which may hold a NUL: see
 *         dpss_reader_length()). Borrowed; valid until the next call of
 *         dpss_reader_next() or dpss_reader_free(). "" before the first
 *         record, at the end, or for NULL.
 */
DPSS_EXTERN const char *dpss_reader_text(const dpss_reader *reader);

/**
 * @brief The length in bytes of dpss_reader_text().
 * @param reader The reader.
 * @return The length; 0 when there is no current record.
 */
DPSS_EXTERN size_t dpss_reader_length(const dpss_reader *reader);

/**
 * @brief The number of the current record: 1 for the first record handed
 *        out or reported, then 2, ...
 * @param reader The reader.
 * @return The number; 0 before the first record or for NULL. At the end,
 *         the number of records read (good and bad).
 */
DPSS_EXTERN int64_t dpss_reader_record(const dpss_reader *reader);

/**
 * @brief The line (from 1) where the current record starts.
 * @param reader The reader.
 * @return The line; 0 when there is no current record.
 */
DPSS_EXTERN int64_t dpss_reader_line(const dpss_reader *reader);

/**
 * @brief The column (from 1, in bytes) where the current record starts.
 *
 * An error from parsing dpss_reader_text() at line `l`, column `c` of the
 * text is at line dpss_reader_line() + `l` - 1 of the input, and, when `l`
 * is 1, at column dpss_reader_column() + `c` - 1.
 *
 * @param reader The reader.
 * @return The column; 0 when there is no current record.
 */
DPSS_EXTERN int64_t dpss_reader_column(const dpss_reader *reader);

/**
 * @brief Why the current record is bad, or why reading failed.
 *
 * @param reader The reader.
 * @return The error of the last #DPSS_READ_BAD or fatal result: its code
 *         (#DPSS_ESYNTAX for a bad JSON record, the cell's fault for a bad
 *         CSV row; #DPSS_EIO or #DPSS_ENOMEM when fatal), a message naming the fault and its line and column (never
 *         the record's values), and the line and column (in
 *         dpss_error_line() and dpss_error_column(), cut to `int`).
 *         Borrowed; valid until the next call of dpss_reader_next() or
 *         dpss_reader_free(). Never NULL: with no error (or a NULL
 *         @p reader) its code is #DPSS_OK.
 */
DPSS_EXTERN const dpss_error *dpss_reader_error(const dpss_reader *reader);

/**
 * @brief Read CSV with a column mapping: their headers, values and date
 *        form (see dpss/mapping.h).
 *
 * The mapping's `columns` map their headers to our columns (a field's path,
 * such as `balance.pence` or `issues[0].opened`) or to null to ignore them;
 * `values` maps their cells to ours for a column (`{"kind": {"A":
 * "adult"}}`; true, false and null stand for `true`, `false` and an empty
 * cell); `facts` does so for every fact column that has no map of its own
 * (`{"Y": true, "N": false, "U": null}`); `date_format` requires one form
 * of date; `other_columns: "ignore"` ignores any column it does not name.
 *
 * @param reader  A CSV reader from which no record has been read yet.
 * @param mapping The mapping, or NULL for none. Copied: it need not outlive
 *                the call.
 * @return #DPSS_OK; #DPSS_EINVAL (NULL @p reader, a reader that is not
 *         CSV, or records already read); #DPSS_EUNKNOWN (the mapping names
 *         a column recipients do not have; the field names its key, such as
 *         `columns.Client Ref`); #DPSS_ENOMEM. On failure the reader keeps
 *         the mapping it had.
 */
DPSS_EXTERN int dpss_reader_set_mapping(dpss_reader *reader, const dpss_mapping *mapping);

/**
 * @brief How many bytes of the input have been read: up to the end of the
 *        current record (with a byte order mark). Against
 *        dpss_reader_size(), it tells how far reading has got.
 * @param reader The reader.
 * @return The number of bytes; 0 for NULL.
 */
DPSS_EXTERN int64_t dpss_reader_offset(const dpss_reader *reader);

/**
 * @brief The size of the input in bytes, when it is known: a regular file
 *        (from where its descriptor stood when the reader was made), or
 *        bytes in memory.
 * @param reader The reader.
 * @return The size; -1 when it is not known (a pipe, a callback) or for
 *         NULL.
 */
DPSS_EXTERN int64_t dpss_reader_size(const dpss_reader *reader);

/**
 * @brief The name of the input: the path given to dpss_reader_open(), or
 *        the name given to the other constructors.
 * @param reader The reader.
 * @return Borrowed; valid until dpss_reader_free(). "" for NULL.
 */
DPSS_EXTERN const char *dpss_reader_name(const dpss_reader *reader);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* DPSS_READER_H */
