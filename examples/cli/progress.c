/* SPDX-License-Identifier: MIT */
/* Progress of a long read on standard error: records read, the rate, and
 * how far through the input and the time left when its size is known (the
 * bytes the reader has read against the file's size).
 *
 * When standard error is a terminal (and the output is not written to that
 * terminal, where the records flying past are progress enough), one line is
 * redrawn in place with \r at most four times a second and cleared at the
 * end. --progress forces it: on a terminal as above, anywhere else one line
 * per second and a last line when reading ends. --quiet turns it off (bad
 * records and the closing tally are still written). Only the main thread
 * calls these. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static bool output_tty; /* the output goes to a terminal (output_open) */

static struct {
  enum progress_mode mode;
  bool on, tty, shown;
  dpss_reader *in;
  const char *name;
  int64_t ticks;
  double start, last;
} P;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_output_is_terminal(void) { output_tty = true; }

void progress_begin(dpss_reader *in, const char *input, enum progress_mode mode) {
  memset(&P, 0, sizeof P);
  P.mode = mode;
  P.in = in;
  P.name = strcmp(input, "-") == 0 ? "standard input" : input;
  P.tty = isatty(STDERR_FILENO) != 0;
  P.on = mode == PROGRESS_ON || (mode == PROGRESS_AUTO && P.tty);
  P.start = P.last = now();
}

/* 1234567 -> "1,234,567" */
static void grouped(char *out, size_t size, int64_t n) {
  char digits[32];
  int len = snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? 0 : n));
  size_t k = 0;
  for (int i = 0; i < len && k + 2 < size; i++) {
    if (i > 0 && (len - i) % 3 == 0)
      out[k++] = ',';
    out[k++] = digits[i];
  }
  out[k] = '\0';
}

static void duration(char *out, size_t size, double seconds) {
  long s = seconds < 0 ? 0 : (long)(seconds + 0.5);
  if (s >= 3600)
    snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    snprintf(out, size, "%ld:%02ld", s / 60, s % 60);
}

/* The progress line, without its line end. */
static void line(char *out, size_t size, double t, bool last) {
  int64_t done = dpss_reader_record(P.in);
  double elapsed = t - P.start;
  char n[32], rate[32] = "", tail[64] = "";
  grouped(n, sizeof n, done);
  if (elapsed > 0)
    grouped(rate, sizeof rate, (int64_t)((double)done / elapsed));
  int64_t size_in = dpss_reader_size(P.in), at = dpss_reader_offset(P.in);
  if (last) {
    char d[32];
    duration(d, sizeof d, elapsed);
    snprintf(tail, sizeof tail, " in %s", d);
  } else if (size_in > 0 && at > 0 && elapsed > 0) {
    char d[32];
    double left = (double)(size_in - at) / ((double)at / elapsed);
    duration(d, sizeof d, left);
    snprintf(tail, sizeof tail, ", %d%%, %s left", (int)(100.0 * (double)at / (double)size_in),
             d);
  }
  snprintf(out, size, "dpss: %s: %s records%s%s%s%s", P.name, n, *rate ? ", " : "", rate,
           *rate ? "/s" : "", tail);
}

static void draw(double t, bool last) {
  char text[256];
  line(text, sizeof text, t, last);
  if (P.tty && !output_tty) {
    fprintf(stderr, "\r%s\033[K", text);
    P.shown = true;
  } else {
    fprintf(stderr, "%s\n", text);
  }
  fflush(stderr);
}

void progress_tick(void) {
  if (!P.on || (++P.ticks & 63) != 0)
    return;
  double t = now();
  bool redraw = P.tty && !output_tty;
  if (t - P.last < (redraw ? 0.25 : 1.0))
    return;
  if (P.mode == PROGRESS_AUTO && output_tty)
    return; /* the output is on the terminal */
  P.last = t;
  draw(t, false);
}

void progress_clear(void) {
  if (P.shown) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
    P.shown = false;
  }
}

void progress_end(void) {
  if (!P.on)
    return;
  progress_clear();
  if (P.mode == PROGRESS_ON && !(P.tty && !output_tty))
    draw(now(), true);
  P.on = false;
}
