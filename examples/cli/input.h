/* SPDX-License-Identifier: MIT */
/* Reading records for the dpss tool: one JSON object, a JSON array of
 * objects, JSON Lines, or a stream of (possibly pretty-printed) objects. */
#ifndef DPSS_CLI_INPUT_H
#define DPSS_CLI_INPUT_H

#include <stddef.h>
#include <stdio.h>

typedef struct cli_input cli_input;

typedef struct cli_record {
  const char *text; /* NUL-terminated JSON text of one record; valid until the next call */
  size_t index;     /* 1-based position of the record in the input */
  long line;        /* line where the record starts (0 if unknown) */
} cli_record;

/* Open a file, or standard input for "-". Returns NULL and sets *why on failure. */
cli_input *cli_input_open(const char *path, const char **why);
/* 1: a record; 0: end of input; -1: a read or syntax error that ends the
 * input (message in *why). */
int cli_input_next(cli_input *in, cli_record *rec, const char **why);
void cli_input_close(cli_input *in);

#endif
