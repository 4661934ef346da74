/* SPDX-License-Identifier: MIT */
/* Generic CSV reading (libcsv) and column mappings, shared by every CSV
 * input of the library (statements; recipients through the record reader,
 * reader_csv.c and recipient_csv.c). Not API. */
#ifndef DPSS_CSV_INTERNAL_H
#define DPSS_CSV_INTERNAL_H

#include "internal.h"

/* Date forms a mapping may require. */
enum { DPSS_DATES_ANY = 0, DPSS_DATES_ISO = 1, DPSS_DATES_DMY = 2 };

typedef struct dpss_map_pair {
  char *theirs, *ours; /* ours NULL: ignore the column */
} dpss_map_pair;

typedef struct dpss_map_values {
  char *column; /* our column */
  dpss_map_pair *pairs;
  size_t n;
} dpss_map_values;

struct dpss_mapping {
  dpss_map_pair *columns;
  size_t n_columns;
  dpss_map_values *values;
  size_t n_values;
  int date_format;
  bool ignore_other;
  dpss_map_values *facts; /* "facts": the value map of every fact column, or NULL */
};

/* A table's columns: our names. */
typedef struct dpss_csv_schema {
  const char *const *names;
  size_t n;
} dpss_csv_schema;

/* The mapping names only columns of the schema (EUNKNOWN naming the key). */
DPSS_INTERNAL int dpss__mapping_check(const dpss_mapping *m, const dpss_csv_schema *schema);
/* Our column index for one of their names: >= 0, -1 to ignore, -2 unknown. */
DPSS_INTERNAL int dpss__mapping_column(const dpss_mapping *m, const dpss_csv_schema *schema,
                                       const char *theirs);
/* A value map for our column (by index), or NULL. */
DPSS_INTERNAL const dpss_map_values *dpss__mapping_values(const dpss_mapping *m,
                                                         const dpss_csv_schema *schema,
                                                         int column);
/* A copy of a mapping (ENOMEM recorded). */
DPSS_INTERNAL int dpss__mapping_copy(dpss_mapping **out, const dpss_mapping *m);
/* The `columns` entry for one of their headers, or NULL (ours NULL: ignore). */
DPSS_INTERNAL const dpss_map_pair *dpss__mapping_find(const dpss_mapping *m, const char *theirs);
/* The value map of our column by name, or NULL. */
DPSS_INTERNAL const dpss_map_values *dpss__mapping_values_of(const dpss_mapping *m,
                                                            const char *ours);
/* The mapped value of s (NUL-terminated), or s itself. */
DPSS_INTERNAL const char *dpss__map_value(const dpss_map_values *vm, const char *s);

/* One record: fields NUL-terminated (embedded NULs are kept; len counts). */
typedef struct dpss_csv_row {
  const char *const *field;
  const size_t *len;
  size_t n;
  size_t line; /* the file line the record starts on (from 1) */
} dpss_csv_row;

/* Called for each record, header first; a negative return stops the read
 * and is returned. */
typedef int (*dpss__csv_row_fn)(void *ctx, const dpss_csv_row *row);
/* Called for a record that is not well-formed CSV (bad quoting): the line
 * it starts on and the field (from 1) where it went wrong. Reading goes on
 * at the next line. A negative return stops the read. */
typedef int (*dpss__csv_bad_fn)(void *ctx, size_t line, size_t column);

/* Read CSV text (RFC 4180, strict quoting, a UTF-8 BOM skipped). Returns
 * 0, ENOMEM, or what a callback returned. */
DPSS_INTERNAL int dpss__csv_read(const char *text, size_t len, dpss__csv_row_fn row,
                                 dpss__csv_bad_fn bad, void *ctx);

/* Exact readers of text values; 0 or a negative code (no error recorded). */
/* Pounds: [-+][£]digits[,ddd...][.d[d]] or ([£]...) for money out. */
DPSS_INTERNAL int dpss__parse_pounds(const char *s, size_t n, int64_t *out);
/* Whole pence: [-+]digits. */
DPSS_INTERNAL int dpss__parse_pence(const char *s, size_t n, int64_t *out);
/* YYYY-MM-DD or DD/MM/YYYY, as the format allows. */
DPSS_INTERNAL int dpss__parse_date_text(const char *s, size_t n, int format, dpss_date *out);

/* Read a whole file into memory (NUL-terminated); EIO names `what`. */
DPSS_INTERNAL int dpss__read_file(const char *path, const char *what, char **out, size_t *len);

#endif /* DPSS_CSV_INTERNAL_H */
