/* SPDX-License-Identifier: MIT */
/* The dpss tool's shared parts: the command table, the one option parser
 * (args.c), output with checked writes and CSV (output.c, csv.c), reading
 * records through the library's reader and naming bad ones (records.c).
 *
 * A command lives in its own file (evaluate.c, payments.c, network.c,
 * framework.c, audits.c, return.c, policy.c) as a `struct command`: its
 * name, a one-line summary, its help, the options it takes and a function
 * that runs it; dpss.c lists them. To add a command, write its file and add
 * it to the table. */
#ifndef DPSS_CLI_H
#define DPSS_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <dpss.h>

/* Exit statuses (documented in `dpss --help`). */
#define EXIT_OK 0
#define EXIT_REJECTED 1 /* records rejected, a check failed, a total out of range */
#define EXIT_USAGE 2    /* usage; an input, policy or output that cannot be used */

#define MAX_JOBS 16
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* The worse of two exit statuses (both are evaluated once). */
static inline int worst_status(int a, int b) { return a > b ? a : b; }
#define WORST(a, b) worst_status((a), (b))

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* ------------------------------------------------------------- options */

enum opt {
  OPT_AS_OF,
  OPT_POLICY,
  OPT_SET,
  OPT_SUMMARY,
  OPT_JSON,
  OPT_FORMAT,
  OPT_OUTPUT,
  OPT_JOBS,
  OPT_FROM,
  OPT_TO,
  OPT_NETWORK,
  OPT_START,
  OPT_FRAMEWORK,
  OPT_PROVIDER,
  OPT_YEAR,
  OPT_INPUT_FORMAT,
  /* Input options: taken by every command that takes --input-format. */
  OPT_MAP,
  OPT_PROGRESS,
  OPT_QUIET,
  /* compare, audit, audits --statements (and the framework ledger, rules) */
  OPT_WITH_POLICY,
  OPT_WITH,
  OPT_OPENING,
  OPT_CLOSING,
  OPT_HTML,
  OPT_STATEMENTS,
  OPT_STATEMENT_MAP,
  OPT_COUNT_
};
#define OPT(name) (1u << OPT_##name)

enum format { FMT_DEFAULT, FMT_JSON, FMT_CSV, FMT_TEXT, FMT_MARKDOWN };

struct args {
  const char *value[OPT_COUNT_]; /* each option's value ("" for a flag given), or NULL */
  const char **sets;             /* every --set, in order */
  int n_sets;
  const char **withs; /* every --with, in order */
  int n_withs;
  int64_t opening, closing; /* --opening, --closing in pence (DPSS_PENCE_NONE if not given) */
  const char **pos; /* positional arguments */
  int n_pos;
  enum format format; /* --format, or json for --json; FMT_DEFAULT if neither */
  int jobs;           /* --jobs, 0 if not given */
  int year;           /* --year, 0 if not given */
  dpss_reader_format input_format;
};

struct command {
  const char *name;    /* "evaluate", or two words: "network check" */
  const char *summary; /* one line for `dpss --help` */
  const char *usage;   /* the synopsis line(s) */
  const char *help;    /* what it does and its options, after the usage */
  unsigned options;    /* OPT(...) | ... : the options it takes */
  const char *formats; /* the --format values it takes ("json csv"), or NULL */
  int min_pos, max_pos;
  int (*run)(const struct command *cmd, struct args *a);
};

/* Parse argv[first..argc) for cmd. Returns 0; EXIT_USAGE after naming the
 * problem on stderr; or -1 when -h/--help was given (help printed). */
int args_parse(const struct command *cmd, int argc, char **argv, int first, struct args *a);
void args_free(struct args *a);
/* Print cmd's help on stdout. */
void args_help(const struct command *cmd);
/* Print "dpss: <message>" and a pointer to the command's help; EXIT_USAGE. */
int usage_error(const struct command *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
bool args_has(const struct args *a, enum opt o);
/* The format to write: the one asked for, else def; refuses (EXIT_USAGE,
 * named) a format that `allowed` (space-separated) does not list. */
int args_format(const struct command *cmd, const struct args *a, enum format def,
                const char *allowed, enum format *out);

/* ----------------------------------------------------------- messages */

/* "dpss: <what>: <library message> (<CODE>)" for the last libdpss error. */
void report_error(const char *what);
/* The as-of date (or today) and the policy with --set applied: 0 or
 * EXIT_USAGE (named on stderr). */
int load_policy(const struct args *a, dpss_policy **policy, dpss_date *as_of);
/* The alternative policy (report, compare): the --with-policy file, else a
 * copy of the base (its --set included), then every --with. 0, or
 * EXIT_USAGE (named on stderr). *alt is NULL when neither was given. */
int load_alternative(const struct args *a, const dpss_policy *base, dpss_policy **alt);
/* A date option that must be given and real: 0 or EXIT_USAGE. */
int parse_date_option(const struct command *cmd, const char *option, const char *text,
                      dpss_date *out);
/* --from and --to, both required and real, --to not before --from: 0 or
 * EXIT_USAGE (named). */
int parse_period(const struct command *cmd, const struct args *a, dpss_date *from,
                 dpss_date *to);
/* parse_period, and the range a payment schedule may cover (at most 100
 * years): payments, and compare with --from/--to. */
int parse_schedule_period(const struct command *cmd, const struct args *a, dpss_date *from,
                          dpss_date *to);
/* The exit status for a file the library could not use: EXIT_USAGE when it
 * could not be read (EIO, ENOMEM), else `invalid` (its content was wrong). */
int file_status(int code, int invalid);


/* ------------------------------------------------------------- output */

/* Where records and reports go: standard output or the -o file. Every write
 * is checked; the first failure is kept and reported by output_close(). */
struct output {
  FILE *fp;
  const char *name;
  bool own, failed;
  int err;
};

/* Format into small (cap bytes) when the text fits, else into a new
 * allocation: the text (free it when it is not small), its length in *n;
 * NULL when formatting fails (*n < 0) or memory runs out (*n >= 0). */
char *vformat(char *small, size_t cap, int *n, const char *fmt, va_list ap) CLI_PRINTF(4, 0);

int output_open(struct output *o, const char *path); /* 0 or EXIT_USAGE (named) */
void output_write(struct output *o, const char *s, size_t n);
void output_puts(struct output *o, const char *s);
void output_printf(struct output *o, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Flush and close: 0, or EXIT_USAGE after "dpss: FILE: cannot write: why". */
int output_close(struct output *o);

/* A growable text buffer (out of memory is kept in `oom`). */
struct buf {
  char *p;
  size_t len, cap;
  bool oom;
};
void buf_put(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Format, then hand the text to put (buf_puts, html_esc, ...); a failed
 * allocation marks the buffer. */
void buf_vput(struct buf *b, void (*put)(struct buf *, const char *), const char *fmt,
              va_list ap) CLI_PRINTF(3, 0);
void buf_free(struct buf *b);
/* Append s as a JSON string (quoted, escaped). */
void buf_json_str(struct buf *b, const char *s);
/* Append s with control characters and terminal escapes made visible
 * (\xNN, \uNNNN) and backslashes doubled, at most max bytes of s: ids from
 * a record never reach a terminal raw. */
void buf_sanitized(struct buf *b, const char *s, size_t max);

/* ---------------------------------------------------------------- CSV */

/* One column: its header and how to find its value in a JSON object. */
enum csv_kind {
  CSV_VALUE,  /* the value at path (a.b.c); arrays of scalars joined by spaces */
  CSV_PARENT, /* the value at path in the parent of a row (payments: the id) */
  CSV_LABEL,  /* the label of the row set */
  CSV_COUNT,  /* the number of elements of the array at path */
  CSV_UNIQUE  /* the distinct values of field `sub` of the array at path */
};
struct csv_column {
  const char *header;
  enum csv_kind kind;
  const char *path, *sub;
};
/* A table: one row per JSON object, or per element of up to two arrays
 * inside it (each with a label). */
struct csv_table {
  const struct csv_column *columns;
  size_t n_columns;
  const char *rows[2], *labels[2];
};
extern const struct csv_table csv_decisions, csv_schedules, csv_routings, csv_transfers,
    csv_audits, csv_comparisons, csv_returns;
/* The header line (RFC 4180: CRLF line ends, quoted where needed). */
void csv_header(struct buf *b, const struct csv_table *t);
/* The rows of one JSON object given as text; -1 if it is not JSON. */
int csv_rows(struct buf *b, const struct csv_table *t, const char *json);
/* The rows of each line of JSON Lines text. */
int csv_rows_lines(struct buf *b, const struct csv_table *t, const char *jsonl);

/* ------------------------------------------------------------ records */

/* What became of the records of an input. */
struct tally {
  int64_t read, decided, rejected;
  bool unreadable; /* a fatal read error: the rest of the input was lost */
};

/* Open the input: a path, or "-" for standard input, with the input
 * options given (--map, --progress, --quiet: see input_options_set()).
 * 0 or EXIT_USAGE (named on stderr; *out is NULL). */
int open_input(const char *path, dpss_reader_format format, dpss_reader **out);
/* A command's input (its first argument) and its output (-o, else standard
 * output): 0, or EXIT_USAGE (named on stderr) after opening what it could,
 * which the caller frees (and closes, when it returns 0). */
int open_io(const struct args *a, dpss_reader **in, struct output *out);
/* Keep the input options of a command line for open_input() and the
 * reading loops (args_parse() calls it). --map is for the CSV records read,
 * except for audit, whose --map is its statement's. */
void input_options_set(const struct command *cmd, const struct args *a);
/* One line on stderr for a bad record, into b (NULL: straight to stderr):
 * "dpss: record N (id X), line L[, column C]: message (CODE)". The error is
 * the reader's or a later one about the record's text. */
void name_bad_record(struct buf *b, int64_t number, int64_t line, int64_t column,
                     const char *text, size_t len, const dpss_error *err, bool from_reader);
/* Read every record of in, calling fn on each one read well; a record that
 * is bad or that fn refuses (a negative status) is named on stderr. */
typedef int (*record_fn)(void *ctx, const dpss_recipient *recipient);
void each_recipient(dpss_reader *in, const char *input, record_fn fn, void *ctx, struct tally *t);
/* Say on stderr what was rejected or lost ("N records read: D decided, R
 * rejected") when anything was, and give the exit status: EXIT_USAGE when
 * the input could not be read to its end, EXIT_REJECTED when a record was
 * rejected, else EXIT_OK. */
int tally_finish(const char *input, const struct tally *t);

/* The multi-threaded caseload pipeline (evaluate, payments, compare). */
enum pipeline_kind { PIPE_EVALUATE, PIPE_PAYMENTS, PIPE_COMPARE };
struct pipeline {
  enum pipeline_kind kind;
  const dpss_policy *policy;
  dpss_date as_of, from, to;
  bool summary;
  enum format format;
  int jobs;
  /* compare: the alternative policy, and whether to compare payments
   * (from..to) as well as decisions */
  const dpss_policy *alternative;
  bool with_payments;
};
/* Run it over in (named input), writing to out; returns the exit status
 * (with the tally line on stderr as tally_finish() does). */
int pipeline_run(const struct pipeline *p, dpss_reader *in, const char *input, struct output *out);
/* A pipeline command (evaluate, payments, compare) once its options are in
 * p (kind, summary, format; from, to and with_payments where they apply):
 * loads the policy (and compare's alternative) and the as-of date, opens
 * FILE and -o, and runs p over them. Returns the exit status. */
int pipeline_command(const struct args *a, struct pipeline *p);

/* compare.c, for the pipeline's compare mode: one record under both
 * policies into the worker's decisions and comparison (*line: the JSON line
 * of its changes, NULL when none or with --summary); and the summary of the
 * merged comparison (EXIT_REJECTED when a total is out of range). */
int compare_record(const struct pipeline *p, dpss_decision *base, dpss_decision *alt,
                   dpss_comparison *comparison, const dpss_recipient *r, char **line);
int compare_summary(const struct pipeline *p, const dpss_comparison *comparison,
                    struct output *out);

/* ------------------------------------------------------------- audits */

/* audit.c, shared with 'audits --statements'. Each names what went wrong on
 * stderr (paths and ids made safe for a terminal) and returns 0 or an exit
 * status: 1 for a statement or audit that is wrong (every bad line named),
 * 2 for a file that could not be read or used. */
const char *audit_outcome_word(dpss_audit_outcome o);
/* Whether path names a statement: .csv (*jsonl false) or .jsonl (true). */
bool statement_kind_of(const char *path, bool *jsonl);
int statement_load(const char *path, const dpss_mapping *mapping, dpss_statement **out);
int mapping_load(const char *path, dpss_mapping **out); /* NULL path: *out NULL, 0 */
int audit_run_named(const char *id, const dpss_policy *policy, const dpss_recipient *r,
                    const dpss_statement *statement, dpss_date from, dpss_date to,
                    int64_t opening, int64_t closing, dpss_audit **out);

/* ----------------------------------------------------------- progress */

/* Progress on stderr while records are read (progress.c); each_recipient()
 * and pipeline_run() drive it for every input opened with open_input(). */
enum progress_mode { PROGRESS_AUTO, PROGRESS_ON, PROGRESS_OFF };
void progress_begin(dpss_reader *in, const char *input, enum progress_mode mode);
void progress_tick(void);  /* after each record read: cheap */
void progress_clear(void); /* before writing anything else to stderr */
void progress_end(void);   /* reading is over */
void progress_output_is_terminal(void); /* output_open(): stdout is a terminal */

/* ---------------------------------------------------------- commands */

extern const struct command cmd_evaluate, cmd_payments, cmd_network_check, cmd_route,
    cmd_transition, cmd_market, cmd_framework_check, cmd_framework_add, cmd_framework_report,
    cmd_audits, cmd_return, cmd_policy_show;
extern const struct command cmd_report;
/* compare.c, ledger.c, audit.c, rules.c */
extern const struct command cmd_compare, cmd_framework_init, cmd_framework_export, cmd_audit,
    cmd_rules;

#endif
