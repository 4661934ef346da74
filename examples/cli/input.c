/* SPDX-License-Identifier: MIT */
/* See input.h. Records are split without parsing them: a line that holds a
 * whole JSON value makes the input JSON Lines (a broken line then costs only
 * that record); otherwise values are split by tracking nesting depth, so a
 * pretty-printed object or several of them work too. A top-level array is
 * parsed whole and its elements handed out one by one. */
#include "input.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum mode { MODE_UNKNOWN, MODE_LINES, MODE_STREAM, MODE_ARRAY };

struct cli_input {
  FILE *fp;
  int own;
  enum mode mode;
  char *line;
  size_t line_cap;
  long lineno;
  char *acc; /* accumulated stream value */
  size_t acc_len, acc_cap;
  char *pending; /* first line read while choosing the mode */
  json_t *array;
  size_t array_pos;
  char *elem_text;
  size_t index;
};

cli_input *cli_input_open(const char *path, const char **why) {
  cli_input *in = calloc(1, sizeof *in);
  if (!in) {
    *why = "out of memory";
    return NULL;
  }
  if (strcmp(path, "-") == 0) {
    in->fp = stdin;
  } else {
    in->fp = fopen(path, "r");
    in->own = 1;
    if (!in->fp) {
      free(in);
      *why = "cannot open the input file";
      return NULL;
    }
  }
  return in;
}

void cli_input_close(cli_input *in) {
  if (!in)
    return;
  if (in->own)
    fclose(in->fp);
  free(in->line);
  free(in->acc);
  free(in->pending);
  json_decref(in->array);
  free(in->elem_text);
  free(in);
}

/* Depth after scanning s from a given state; returns 1 if a complete value
 * ended on this text at depth 0. */
struct scan {
  int depth;
  int in_string, escape, started;
};

static int scan_text(struct scan *st, const char *s) {
  int done = 0;
  for (; *s; s++) {
    char c = *s;
    if (st->in_string) {
      if (st->escape)
        st->escape = 0;
      else if (c == '\\')
        st->escape = 1;
      else if (c == '"')
        st->in_string = 0;
      continue;
    }
    if (c == '"') {
      st->in_string = 1;
      st->started = 1;
    } else if (c == '{' || c == '[') {
      st->depth++;
      st->started = 1;
    } else if (c == '}' || c == ']') {
      st->depth--;
      if (st->depth <= 0)
        done = 1;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      st->started = 1;
    }
  }
  return done;
}

static int blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
      return 0;
  return 1;
}

static const char *first_char(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
    s++;
  return s;
}

static ssize_t read_line(cli_input *in) {
  ssize_t n = getline(&in->line, &in->line_cap, in->fp);
  if (n >= 0)
    in->lineno++;
  return n;
}

/* A JSON Lines record without its line end, so errors stay on line 1. */
static void chomp(char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
    s[--n] = '\0';
}

static int acc_append(cli_input *in, const char *s) {
  size_t n = strlen(s);
  if (in->acc_len + n + 1 > in->acc_cap) {
    size_t cap = in->acc_cap ? in->acc_cap * 2 : 4096;
    while (cap < in->acc_len + n + 1)
      cap *= 2;
    char *p = realloc(in->acc, cap);
    if (!p)
      return -1;
    in->acc = p;
    in->acc_cap = cap;
  }
  memcpy(in->acc + in->acc_len, s, n + 1);
  in->acc_len += n;
  return 0;
}

static int load_array(cli_input *in, const char *first, const char **why) {
  /* The first line is already read; read the rest and parse it all. */
  in->acc_len = 0;
  if (acc_append(in, first) < 0)
    goto oom;
  while (read_line(in) >= 0)
    if (acc_append(in, in->line) < 0)
      goto oom;
  json_error_t e;
  in->array = json_loadb(in->acc, in->acc_len, JSON_REJECT_DUPLICATES, &e);
  if (!in->array) {
    static char msg[160];
    snprintf(msg, sizeof msg, "malformed JSON array at line %d column %d", e.line, e.column);
    *why = msg;
    return -1;
  }
  if (!json_is_array(in->array)) {
    *why = "expected a JSON array";
    return -1;
  }
  return 0;
oom:
  *why = "out of memory";
  return -1;
}

int cli_input_next(cli_input *in, cli_record *rec, const char **why) {
  if (in->mode == MODE_UNKNOWN) {
    ssize_t n;
    while ((n = read_line(in)) >= 0 && blank(in->line))
      ;
    if (n < 0)
      return 0;
    /* A UTF-8 byte order mark, as some exports write, is not part of the JSON. */
    if ((unsigned char)in->line[0] == 0xEF && (unsigned char)in->line[1] == 0xBB &&
        (unsigned char)in->line[2] == 0xBF)
      memmove(in->line, in->line + 3, strlen(in->line + 3) + 1);
    const char *c = first_char(in->line);
    if (*c == '[') {
      in->mode = MODE_ARRAY;
      long first_line = in->lineno;
      if (load_array(in, in->line, why) < 0)
        return -1;
      (void)first_line;
    } else {
      struct scan st = {0, 0, 0, 0};
      int done = scan_text(&st, in->line);
      in->mode = (done && st.depth == 0) || *c != '{' ? MODE_LINES : MODE_STREAM;
      in->pending = strdup(in->line);
      if (!in->pending) {
        *why = "out of memory";
        return -1;
      }
    }
  }

  if (in->mode == MODE_ARRAY) {
    if (in->array_pos >= json_array_size(in->array))
      return 0;
    free(in->elem_text);
    in->elem_text = json_dumps(json_array_get(in->array, in->array_pos), JSON_COMPACT | JSON_ENCODE_ANY);
    if (!in->elem_text) {
      *why = "out of memory";
      return -1;
    }
    in->array_pos++;
    rec->text = in->elem_text;
    rec->index = ++in->index;
    rec->line = 0;
    return 1;
  }

  if (in->mode == MODE_LINES) {
    if (in->pending) {
      /* Keep the pending line as the record text until the next call. */
      free(in->acc);
      in->acc = in->pending;
      in->acc_cap = strlen(in->pending) + 1;
      in->pending = NULL;
      chomp(in->acc);
      rec->text = in->acc;
      rec->index = ++in->index;
      rec->line = in->lineno;
      return 1;
    }
    ssize_t n;
    while ((n = read_line(in)) >= 0 && blank(in->line))
      ;
    if (n < 0)
      return 0;
    chomp(in->line);
    rec->text = in->line;
    rec->index = ++in->index;
    rec->line = in->lineno;
    return 1;
  }

  /* MODE_STREAM: accumulate lines until a value closes at depth 0. */
  struct scan st = {0, 0, 0, 0};
  in->acc_len = 0;
  long start = 0;
  for (;;) {
    const char *text;
    if (in->pending) {
      if (acc_append(in, in->pending) < 0)
        goto oom;
      free(in->pending);
      in->pending = NULL;
      text = in->acc;
    } else {
      if (read_line(in) < 0)
        break;
      if (in->acc_len == 0 && blank(in->line))
        continue;
      if (acc_append(in, in->line) < 0)
        goto oom;
      text = in->acc + in->acc_len - strlen(in->line);
    }
    if (!start)
      start = in->lineno;
    if (scan_text(&st, text) && st.depth <= 0)
      break;
  }
  if (in->acc_len == 0)
    return 0;
  rec->text = in->acc;
  rec->index = ++in->index;
  rec->line = start;
  return 1;
oom:
  *why = "out of memory";
  return -1;
}
