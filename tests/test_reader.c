/* SPDX-License-Identifier: MIT */
/* The record reader (dpss_reader_*): every record of every layout comes out
 * good or bad with its number and position, and reading goes on after a bad
 * one; read errors and failed allocations are fatal, never the end. Every
 * case runs from memory and again through a callback that hands the bytes
 * over 1, 2, 3, 7 and 4096 at a time, which must give the same transcript
 * (records split across buffer refills). CSV input: rows as recipients'
 * JSON text, bad cells named by line and column, mappings, headers, quoted
 * line ends. White-box for the fault loops. */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../libdpss/internal.h"

/* ------------------------------------------------------------ helpers */

struct feed {
  const char *data;
  size_t len, pos, chunk;
  size_t fail_at; /* return -EIO once pos reaches this (0: never) */
};

static long feed_read(void *payload, char *buffer, size_t size) {
  struct feed *f = payload;
  if (f->fail_at && f->pos >= f->fail_at)
    return -EIO;
  size_t n = f->len - f->pos;
  if (n > size)
    n = size;
  if (n > f->chunk)
    n = f->chunk;
  if (f->fail_at && f->pos + n > f->fail_at)
    n = f->fail_at - f->pos;
  memcpy(buffer, f->data + f->pos, n);
  f->pos += n;
  return (long)n;
}

/* What a reader hands out, as text: "R<n>@<line>:<col>" for a record,
 * "B<n>@<line>:<col>!<errline>:<errcol>" for a bad one, then "END" or
 * "FATAL <name>". */
static char *transcript(dpss_reader *r) {
  size_t cap = 1 << 16, len = 0;
  char *out = malloc(cap);
  out[0] = '\0';
  int got;
  while ((got = dpss_reader_next(r)) > 0) {
    char item[96];
    assert_true(dpss_reader_record(r) > 0);
    assert_int_equal(strlen(dpss_reader_text(r)) <= dpss_reader_length(r), 1);
    if (got == DPSS_READ_RECORD) {
      assert_int_equal(strlen(dpss_reader_text(r)), dpss_reader_length(r));
      assert_int_equal(dpss_error_code(dpss_reader_error(r)), DPSS_OK);
      snprintf(item, sizeof item, "R%lld@%lld:%lld ", (long long)dpss_reader_record(r),
               (long long)dpss_reader_line(r), (long long)dpss_reader_column(r));
    } else {
      const dpss_error *e = dpss_reader_error(r);
      assert_int_equal(got, DPSS_READ_BAD);
      assert_int_equal(dpss_error_code(e), DPSS_ESYNTAX);
      assert_int_equal(dpss_error_code(dpss_error_last()), DPSS_ESYNTAX);
      assert_true(dpss_error_line(e) >= 1 && dpss_error_column(e) >= 1);
      snprintf(item, sizeof item, "B%lld@%lld:%lld!%d:%d ", (long long)dpss_reader_record(r),
               (long long)dpss_reader_line(r), (long long)dpss_reader_column(r),
               dpss_error_line(e), dpss_error_column(e));
    }
    size_t n = strlen(item);
    if (len + n + 32 > cap)
      out = realloc(out, cap *= 2);
    memcpy(out + len, item, n + 1);
    len += n;
  }
  if (got == 0) {
    strcpy(out + len, "END");
    assert_string_equal(dpss_reader_text(r), "");
    assert_int_equal(dpss_reader_next(r), DPSS_READ_END); /* and stays there */
  } else {
    snprintf(out + len, 32, "FATAL %s", dpss_status_name(got));
    assert_int_equal(dpss_reader_next(r), got); /* sticky */
    assert_int_equal(dpss_error_code(dpss_reader_error(r)), got);
  }
  return out;
}

static char *from_memory(const char *data, size_t len) {
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_from_memory(&r, data, len, "test", DPSS_READER_AUTO), DPSS_OK);
  assert_string_equal(dpss_reader_name(r), "test");
  char *t = transcript(r);
  dpss_reader_free(r);
  return t;
}

/* The transcript of data read from memory, checked to be the same when the
 * bytes come through a callback in small and odd-sized pieces. */
static char *read_all(const char *data, size_t len) {
  char *expect = from_memory(data, len);
  static const size_t chunks[] = {1, 2, 3, 7, 4096};
  for (size_t k = 0; k < DPSS_ARRAY_LEN(chunks); k++) {
    struct feed f = {data, len, 0, chunks[k], 0};
    dpss_reader *r = NULL;
    assert_int_equal(dpss_reader_from_callback(&r, feed_read, &f, NULL, DPSS_READER_JSON), DPSS_OK);
    char *t = transcript(r);
    if (strcmp(t, expect) != 0)
      fail_msg("chunks of %zu: %s\nmemory: %s", chunks[k], t, expect);
    free(t);
    dpss_reader_free(r);
  }
  return expect;
}

static void expect_transcript(const char *data, size_t len, const char *want) {
  char *t = read_all(data, len);
  if (strcmp(t, want) != 0)
    fail_msg("input:\n%.*s\ngot:  %s\nwant: %s", (int)len, data, t, want);
  free(t);
}

#define EXPECT(lit, want) expect_transcript((lit), sizeof(lit) - 1, (want))

/* The text of record n (good or bad) read from memory. */
static char *text_of(const char *data, long n) {
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_from_memory(&r, data, strlen(data), NULL, DPSS_READER_JSON), DPSS_OK);
  char *t = NULL;
  while (dpss_reader_next(r) > 0)
    if (dpss_reader_record(r) == n)
      t = strdup(dpss_reader_text(r));
  dpss_reader_free(r);
  return t;
}

/* Record n of data has exactly the text want. */
static void expect_text(const char *data, long n, const char *want) {
  char *t = text_of(data, n);
  assert_non_null(t);
  assert_string_equal(t, want);
  free(t);
}

/* 240 JSON Lines records of the sample caseload's shape. */
static char *caseload(const char *first_line) {
  size_t cap = 240 * 80 + 256, len = 0;
  char *s = malloc(cap);
  len += (size_t)snprintf(s, cap, "%s\n", first_line);
  for (int i = 2; i <= 240; i++)
    len += (size_t)snprintf(s + len, cap - len,
                            "{\"id\":\"R-%06d\",\"has_capacity\":true,\"consents\":true}\n", i);
  return s;
}

static int count_items(const char *t, char kind) {
  int n = 0;
  for (const char *p = t; (p = strchr(p, kind)) != NULL; p++)
    if (p == t || p[-1] == ' ')
      n++;
  return n;
}

/* ------------------------------------------------------- JSON Lines */

static void test_lines_positions(void **state) {
  (void)state;
  EXPECT("{\"id\":\"A\"}\n{\"id\":\"B\"}\n\n  {\"id\":\"C\"}\n",
         "R1@1:1 R2@2:1 R3@4:3 END");
  EXPECT("{\"id\":\"A\"}", "R1@1:1 END"); /* no line end at the end */
  EXPECT("", "END");
  EXPECT(" \n\t\n\n", "END");
  /* No line end, no trailing blanks. */
  expect_text("{\"id\":\"A\"}  \r\n{\"id\":\"B\"}\n", 1, "{\"id\":\"A\"}");
}

static void test_lines_broken_first_line_costs_only_itself(void **state) {
  (void)state;
  static const char *const firsts[] = {
      "{\"id\":\"R-000001\",\"has_capacity\":",    /* cut short */
      "{\"id\":\"R-000001\",\"funding\":[{\"source\":\"social_care\"", /* brackets open */
      "{\"id\":\"R-000001\",\"kind\":\"adult",       /* a string not closed */
      "{",                                           /* only the opening brace */
      "{\"id\":\"R-000001\",\"funding\":[1,",        /* open after a comma */
      "{\"id\":\"R-000001\",\"support\":",           /* open after a colon */
  };
  for (size_t k = 0; k < DPSS_ARRAY_LEN(firsts); k++) {
    char *in = caseload(firsts[k]);
    char *t = read_all(in, strlen(in));
    if (count_items(t, 'R') != 239 || count_items(t, 'B') != 1 || strncmp(t, "B1@1:1!1:", 9) != 0 ||
        !strstr(t, "R2@2:1 ") || !strstr(t, "R240@240:1 END"))
      fail_msg("first line %s: %s", firsts[k], t);
    free(t);
    free(in);
  }
  /* A first line with brackets that do not match is one bad record too
   * (the parser refuses it; the reader hands it over as a line). */
  char *in = caseload("{\"id\":\"R-000001\",\"x\":[1,2}");
  char *t = read_all(in, strlen(in));
  assert_int_equal(count_items(t, 'R'), 240);
  assert_non_null(strstr(t, "R240@240:1 END"));
  free(t);
  free(in);
  /* A broken line in the middle and at the end. */
  EXPECT("{\"id\":\"A\"}\n{\"id\":\"B\",\n{\"id\":\"C\"}\n{\"id\":\"D\"",
         "R1@1:1 B2@2:1!2:11 R3@3:1 B4@4:1!4:10 END");
  EXPECT("this is not json\n[1,2\n{\"id\":\"C\"}\n", "R1@1:1 B2@2:1!2:5 R3@3:1 END");
  EXPECT("{\"id\":\"B\",\n[1,2]\n{\"id\":\"C\"}\n", "B1@1:1!1:11 R2@2:1 R3@3:1 END");
  /* A '[' where a value may go continues the record. */
  EXPECT("{\"id\":\"A\",\"needs\":\n[\"x\"]}\n{\"id\":\"B\"}\n", "R1@1:1 R2@3:1 END");
}

static void test_lines_nul_bytes(void **state) {
  (void)state;
  EXPECT("{\"id\":\"A\"}\n\0{\"id\":\"B\"}\n{\"id\":\"C\"}\n",
         "R1@1:1 B2@2:1!2:1 R3@3:1 END");
  EXPECT("{\"id\":\"A\"}\n{\"id\":\"B\0tail\"}\n{\"id\":\"C\"}\n",
         "R1@1:1 B2@2:1!2:9 R3@3:1 END");
  EXPECT("{\"id\":\"A\"} \0\n{\"id\":\"C\"}\n", "B1@1:1!1:12 R2@2:1 END");
  EXPECT("\0\0\0", "B1@1:1!1:1 END");
  EXPECT("{\"id\":\"A\"}\n\0\n", "R1@1:1 B2@2:1!2:1 END");
  /* A bad record's text keeps its bytes; the length counts the NUL. */
  dpss_reader *r = NULL;
  static const char in[] = "{\"a\":\"x\0y\"}\n";
  assert_int_equal(dpss_reader_from_memory(&r, in, sizeof in - 1, NULL, DPSS_READER_JSON), DPSS_OK);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_BAD);
  assert_int_equal(dpss_reader_length(r), 11);
  assert_memory_equal(dpss_reader_text(r), in, 11);
  assert_non_null(strstr(dpss_error_message(dpss_reader_error(r)), "NUL byte at line 1, column 8"));
  assert_int_equal(dpss_reader_next(r), DPSS_READ_END);
  dpss_reader_free(r);
}

static void test_lines_utf8(void **state) {
  (void)state;
  EXPECT("{\"id\":\"caf\xc3\xa9\"}\n{\"n\":\"\xe2\x82\xac\xf0\x9f\x98\x80\"}\n",
         "R1@1:1 R2@2:1 END");
  EXPECT("{\"id\":\"A\xff\"}\n{\"id\":\"B\"}\n", "B1@1:1!1:9 R2@2:1 END");
  EXPECT("{\"id\":\"A\"}\n{\"x\":\"\xc0\xaf\"}\n", "R1@1:1 B2@2:1!2:7 END");  /* overlong */
  EXPECT("{\"x\":\"\xed\xa0\x80\"}\n{\"id\":\"B\"}\n", "B1@1:1!1:7 R2@2:1 END"); /* surrogate */
  EXPECT("{\"x\":\"\xe2\x82\"}\n", "B1@1:1!1:7 END");                          /* cut short */
  EXPECT("{\"x\":\"\xf4\x90\x80\x80\"}\n", "B1@1:1!1:7 END");                  /* past U+10FFFF */
  /* In a pretty-printed record, the fault's own line. */
  EXPECT("{\n  \"id\": \"A\",\n  \"x\": \"\x80\"\n}\n", "B1@1:1!3:9 END");
}

static void test_line_ends_and_bom(void **state) {
  (void)state;
  EXPECT("{\"id\":\"A\"}\r{\"id\":\"B\"}\r{\"id\":\"C\"}\r", "R1@1:1 R2@2:1 R3@3:1 END");
  EXPECT("{\"id\":\"A\"}\r\n{\"id\":\"B\"}\r\n", "R1@1:1 R2@2:1 END");
  EXPECT("{\"id\":\"A\",\r{\"id\":\"B\"}\r", "B1@1:1!1:11 R2@2:1 END");
  EXPECT("{\r  \"id\": \"A\"\r}\r{\r  \"id\": \"B\"\r}\r", "R1@1:1 R2@4:1 END");
  EXPECT("\xef\xbb\xbf{\"id\":\"A\"}\n{\"id\":\"B\"}\n", "R1@1:1 R2@2:1 END");
  EXPECT("\xef\xbb\xbf[{\"id\":\"A\"}]", "R1@1:2 END");
  /* Only at the very start: elsewhere it is part of a record. */
  char *t = text_of("{\"id\":\"A\"}\n\xef\xbb\xbf{\"id\":\"B\"}\n", 2);
  assert_int_equal((unsigned char)t[0], 0xEF);
  free(t);
  /* A pretty record with CR line ends reaches the parser with LF ones, so
   * its error lines are right. */
  expect_text("{\r  \"id\": \"A\"\r}\r", 1, "{\n  \"id\": \"A\"\n}");
}

/* ------------------------------------------------------- streams */

static void test_pretty_stream(void **state) {
  (void)state;
  EXPECT("{\n  \"id\": \"S-1\",\n  \"has_capacity\": true\n}\n{\n  \"id\": \"S-2\"\n}\n",
         "R1@1:1 R2@5:1 END");
  /* A record missing its closing brace ends where the next one starts. */
  EXPECT("{\n  \"id\": \"S-1\",\n  \"has_capacity\": true\n{\n  \"id\": \"S-2\"\n}\n",
         "B1@1:1!3:23 R2@4:1 END");
  /* Nested objects that start a line (indent 0) do not start a record. */
  EXPECT("{\n\"id\": \"A\",\n\"issues\": [\n{\n\"id\": \"I\"\n},\n{\n\"id\": \"J\"\n}\n]\n}\n"
         "{\n\"id\": \"B\"\n}\n",
         "R1@1:1 R2@12:1 END");
  /* A record written over lines, its first line not alone: nested objects
   * are indented. (One starting in the first column would start a record,
   * as in JSON Lines, where each line is a record.) */
  EXPECT("{\"id\": \"A\",\n \"funding\": [\n  {\"source\": \"health\"}]}\n{\"id\": \"B\"}\n",
         "R1@1:1 R2@4:1 END");
  EXPECT("{\"id\": \"A\",\n \"funding\": [\n{\"source\": \"health\"}]}\n{\"id\": \"B\"}\n",
         "B1@1:1!2:14 R2@3:1 R3@4:1 END");
  /* Text after a complete value belongs to its line's record. */
  EXPECT("{\"id\":\"A\"} junk\n{\"id\":\"B\"}{\"id\":\"C\"}\n", "R1@1:1 R2@2:1 END");
  /* A string left open costs its own record only. */
  EXPECT("{\n  \"id\": \"A\n}\n{\n  \"id\": \"B\"\n}\n", "B1@1:1!2:11 R2@4:1 END");
  /* A bracket of the wrong kind (a typo) closes the innermost one. */
  EXPECT("{\n  \"x\": [1, 2}\n}\n{\"id\":\"B\"}\n", "B1@1:1!2:13 R2@4:1 END");
  /* The input ends inside a record. */
  EXPECT("{\"id\":\"A\"}\n{\n  \"id\": \"B\"", "R1@1:1 B2@2:1!3:12 END");
}

/* ------------------------------------------------------- arrays */

static void test_array_streams_elements(void **state) {
  (void)state;
  EXPECT("[{\"id\":\"A\"},{\"id\":\"B\"},\n {\"id\":\"C\"}]\n", "R1@1:2 R2@1:13 R3@2:2 END");
  EXPECT("[\n  {\n    \"id\": \"A\"\n  },\n  {\n    \"id\": \"B\"\n  }\n]\n", "R1@2:3 R2@5:3 END");
  EXPECT("[]", "END");
  EXPECT("  [ ]  \n", "END");
  expect_text("[ {\"id\":\"A\"} , {\"id\":\"B\", \"x\": [1, {\"y\": 2}]} ]", 2,
              "{\"id\":\"B\", \"x\": [1, {\"y\": 2}]}");
  expect_text("[1, \"a,b]\", null]", 2, "\"a,b]\"");
}

static void test_array_bad_element_costs_only_itself(void **state) {
  (void)state;
  /* A duplicate key or a wrong type is the parser's to find: the reader
   * hands the element over whole, and the rest still come out. */
  const char *in = "[{\"id\":\"A\"},{\"id\":\"B\",\"id\":\"B2\"},{\"id\":\"C\",\"kind\":7},{\"id\":\"D\"}]";
  expect_transcript(in, strlen(in), "R1@1:2 R2@1:13 R3@1:34 R4@1:54 END");
  char *t = text_of(in, 2);
  dpss_recipient *rec = NULL;
  assert_int_equal(dpss_recipient_from_json(&rec, t), DPSS_ESYNTAX); /* duplicate key */
  free(t);
  t = text_of(in, 4);
  assert_int_equal(dpss_recipient_from_json(&rec, t), DPSS_OK);
  dpss_recipient_free(rec);
  free(t);
  /* Brackets that do not match: the element ends at its own. */
  EXPECT("[{\"a\":[1},{\"id\":\"B\"}]", "B1@1:2!1:9 R2@1:11 END");
  /* An element missing its closing brace, one element per line. */
  EXPECT("[\n  {\"id\":\"A\",\n  {\"id\":\"B\"}\n]\n", "B1@2:3!2:13 R2@3:3 END");
  EXPECT("[\n  {\n    \"id\": \"A\"\n  ,\n  {\n    \"id\": \"B\"\n  }\n]\n",
         "B1@2:3!4:4 R2@5:3 END");
  /* Empty elements and a missing ',' (reported once per array). */
  EXPECT("[{\"id\":\"A\"},,{\"id\":\"B\"},]", "R1@1:2 B2@1:13!1:13 R3@1:14 B4@1:25!1:25 END");
  EXPECT("[{\"id\":\"A\"} {\"id\":\"B\"} {\"id\":\"C\"}]",
         "R1@1:2 B2@1:13!1:13 R3@1:13 R4@1:24 END");
  /* Text after the array is read as a stream. */
  EXPECT("[{\"id\":\"A\"}]\n{\"id\":\"B\"}\n", "R1@1:2 R2@2:1 END");
  /* A broken first line that opens an array does not lose what follows. */
  char *lines = caseload("[1,2");
  t = read_all(lines, strlen(lines));
  assert_int_equal(count_items(t, 'R'), 241); /* 1, 2 and the 239 records */
  assert_non_null(strstr(t, "R1@1:2 R2@1:4 B3@2:1!2:1 R4@2:1 R5@3:1 "));
  assert_non_null(strstr(t, "R242@240:1 B243@241:1!241:1 END"));
  free(t);
  free(lines);
}

static void test_array_not_closed(void **state) {
  (void)state;
  EXPECT("[{\"id\":\"A\"},{\"id\":\"B\"}\n", "R1@1:2 R2@1:13 B3@2:1!2:1 END");
  EXPECT("[{\"id\":\"A\"},{\"id\":\"B\"", "R1@1:2 B2@1:13!1:22 END");
  EXPECT("[{\"id\":\"A\"},\n", "R1@1:2 B2@2:1!2:1 END");
  EXPECT("[", "B1@1:2!1:2 END");
  /* The array's ']' ends an element cut short. */
  EXPECT("[{\"id\":\"A\",\"x\":{}]", "B1@1:2!1:18 END");
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_from_memory(&r, "[{}", 3, NULL, DPSS_READER_JSON), DPSS_OK);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_RECORD);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_BAD);
  assert_non_null(strstr(dpss_error_message(dpss_reader_error(r)), "not closed"));
  assert_int_equal(dpss_reader_next(r), DPSS_READ_END);
  dpss_reader_free(r);
}

static void test_deep_and_long(void **state) {
  (void)state;
  /* Nesting past what the reader keeps bracket types for. */
  size_t n = 6000, len = 0;
  char *s = malloc(2 * n + 64);
  for (size_t i = 0; i < n; i++)
    s[len++] = '[';
  for (size_t i = 0; i < n; i++)
    s[len++] = ']';
  memcpy(s + len, "\n{\"id\":\"B\"}\n", 13);
  len += 12;
  char *t = read_all(s, len);
  assert_string_equal(t, "R1@1:2 R2@2:1 END"); /* the array's one element, then B */
  free(t);
  s[0] = '{';
  t = read_all(s, len);
  assert_non_null(strstr(t, "R2@2:1 END"));
  free(t);
  free(s);
  /* A record longer than the first buffer, split across many refills. */
  size_t big = 700 * 1024;
  s = malloc(big + 64);
  len = (size_t)sprintf(s, "{\"id\":\"A\"}\n{\"id\":\"B\",\"x\":\"");
  memset(s + len, 'x', big);
  len += big;
  len += (size_t)sprintf(s + len, "\"}\n{\"id\":\"C\"}\n");
  t = read_all(s, len);
  assert_string_equal(t, "R1@1:1 R2@2:1 R3@3:1 END");
  free(t);
  free(s);
}

/* ------------------------------------------------------- sources */

static void test_open_errors(void **state) {
  (void)state;
  dpss_reader *r = (dpss_reader *)1;
  assert_error(dpss_reader_open(&r, "/nonexistent/caseload.jsonl", DPSS_READER_AUTO), DPSS_EIO, NULL);
  assert_null(r);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "No such file or directory"));
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "/nonexistent/caseload.jsonl"));
  r = (dpss_reader *)1;
  assert_error(dpss_reader_open(&r, "/", DPSS_READER_JSON), DPSS_EIO, NULL);
  assert_null(r);
  assert_non_null(strstr(dpss_error_message(dpss_error_last()), "Is a directory"));
  int fd = open("/", O_RDONLY);
  assert_error(dpss_reader_from_fd(&r, fd, "stdin", DPSS_READER_AUTO), DPSS_EIO, NULL);
  close(fd);
  /* A .csv name chooses CSV (any case): still a file that must open. */
  assert_error(dpss_reader_open(&r, "/nonexistent/caseload.CSV", DPSS_READER_AUTO), DPSS_EIO,
               NULL);
  assert_error(dpss_reader_from_memory(&r, "{}", 2, NULL, (dpss_reader_format)9), DPSS_EINVAL,
               "format");
  assert_null(r);
  assert_error(dpss_reader_open(NULL, "x", DPSS_READER_AUTO), DPSS_EINVAL, NULL);
  assert_error(dpss_reader_open(&r, NULL, DPSS_READER_AUTO), DPSS_EINVAL, NULL);
  assert_error(dpss_reader_from_fd(&r, -1, NULL, DPSS_READER_AUTO), DPSS_EINVAL, NULL);
  assert_error(dpss_reader_from_memory(&r, NULL, 3, NULL, DPSS_READER_AUTO), DPSS_EINVAL, NULL);
  assert_error(dpss_reader_from_callback(&r, NULL, NULL, NULL, DPSS_READER_AUTO), DPSS_EINVAL,
               NULL);
  assert_error(dpss_reader_next(NULL), DPSS_EINVAL, NULL);
  assert_string_equal(dpss_reader_text(NULL), "");
  assert_int_equal(dpss_reader_record(NULL), 0);
  assert_int_equal(dpss_reader_offset(NULL), 0);
  assert_int_equal(dpss_reader_size(NULL), -1);
  assert_error(dpss_reader_set_mapping(NULL, NULL), DPSS_EINVAL, NULL);
  assert_int_equal(dpss_error_code(dpss_reader_error(NULL)), DPSS_OK);
  dpss_reader_free(NULL);
}

static void test_file_and_descriptor(void **state) {
  (void)state;
  char path[] = "/tmp/dpss-test-reader-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  static const char in[] = "[{\"id\":\"A\"},\n{\"id\":\"B\"}]";
  assert_int_equal(write(fd, in, sizeof in - 1), (ssize_t)(sizeof in - 1));
  close(fd);
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_open(&r, path, DPSS_READER_AUTO), DPSS_OK);
  assert_string_equal(dpss_reader_name(r), path);
  assert_int_equal(dpss_reader_size(r), (int64_t)(sizeof in - 1));
  assert_int_equal(dpss_reader_offset(r), 0);
  char *t = transcript(r);
  assert_string_equal(t, "R1@1:2 R2@2:1 END");
  assert_int_equal(dpss_reader_offset(r), (int64_t)(sizeof in - 1)); /* all of it read */
  free(t);
  dpss_reader_free(r);
  /* A pipe, as standard input is; the descriptor is borrowed. */
  int p[2];
  assert_int_equal(pipe(p), 0);
  assert_int_equal(write(p[1], in, sizeof in - 1), (ssize_t)(sizeof in - 1));
  close(p[1]);
  assert_int_equal(dpss_reader_from_fd(&r, p[0], "standard input", DPSS_READER_AUTO), DPSS_OK);
  assert_int_equal(dpss_reader_size(r), -1); /* a pipe: not known */
  t = transcript(r);
  assert_string_equal(t, "R1@1:2 R2@2:1 END");
  free(t);
  dpss_reader_free(r);
  assert_int_equal(close(p[0]), 0); /* still open: not closed by the reader */
  unlink(path);
}

static void test_read_error_mid_input_is_fatal(void **state) {
  (void)state;
  char *in = caseload("{\"id\":\"R-000001\"}");
  size_t len = strlen(in);
  size_t fail_at = len / 2;
  static const size_t chunks[] = {1, 5, 4096};
  for (size_t k = 0; k < DPSS_ARRAY_LEN(chunks); k++) {
    struct feed f = {in, len, 0, chunks[k], fail_at};
    dpss_reader *r = NULL;
    assert_int_equal(dpss_reader_from_callback(&r, feed_read, &f, "caseload", DPSS_READER_AUTO),
                     DPSS_OK);
    int got, good = 0;
    while ((got = dpss_reader_next(r)) > 0)
      good += got == DPSS_READ_RECORD;
    assert_int_equal(got, DPSS_EIO);
    const dpss_error *e = dpss_reader_error(r);
    assert_int_equal(dpss_error_code(e), DPSS_EIO);
    assert_non_null(strstr(dpss_error_message(e), "cannot read caseload at line"));
    assert_non_null(strstr(dpss_error_message(e), strerror(EIO)));
    assert_true(good > 0 && good < 240);
    /* Never taken for the end: every later call says the same. */
    assert_int_equal(dpss_reader_next(r), DPSS_EIO);
    assert_int_equal(dpss_error_code(dpss_error_last()), DPSS_EIO);
    assert_string_equal(dpss_reader_text(r), "");
    dpss_reader_free(r);
  }
  /* /proc/self/mem refuses to be read at offset 0. */
  dpss_reader *r = NULL;
  if (dpss_reader_open(&r, "/proc/self/mem", DPSS_READER_AUTO) == DPSS_OK) {
    assert_int_equal(dpss_reader_next(r), DPSS_EIO);
    assert_non_null(strstr(dpss_error_message(dpss_reader_error(r)), "/proc/self/mem"));
    dpss_reader_free(r);
  }
  free(in);
}

/* A record's text stays valid (and NUL-terminated in place) until the next
 * call, and the byte it borrowed for its NUL comes back. */
static void test_text_lifetime(void **state) {
  (void)state;
  static const char in[] = "[{\"id\":\"A\"},{\"id\":\"B\"}]";
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_from_memory(&r, in, sizeof in - 1, NULL, DPSS_READER_JSON), DPSS_OK);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_RECORD);
  assert_string_equal(dpss_reader_text(r), "{\"id\":\"A\"}");
  assert_int_equal(dpss_reader_length(r), 10);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_RECORD);
  assert_string_equal(dpss_reader_text(r), "{\"id\":\"B\"}");
  assert_int_equal(dpss_reader_record(r), 2);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_END);
  assert_int_equal(dpss_reader_record(r), 2); /* records read */
  assert_int_equal(dpss_reader_line(r), 0);
  assert_int_equal(dpss_reader_length(r), 0);
  dpss_reader_free(r);
}

/* ------------------------------------------------------- out of memory */

/* Fail allocation 1, 2, ... in turn (alone, then every one after it): each
 * time the reader either gives the same transcript or fails with ENOMEM,
 * at its creation (nothing made) or as a fatal error, never an early end. */
static void test_allocation_failures(void **state) {
  (void)state;
  size_t big = 600 * 1024;
  char *in = malloc(big + 256);
  size_t len = (size_t)sprintf(in, "[{\"id\":\"A\"},\n{\"id\":\"B\",\"x\":\"");
  memset(in + len, 'y', big);
  len += big;
  len += (size_t)sprintf(in + len, "\"},{\"id\":\"C\"}]\n{\"id\":\"D\"}\n");
  char *want = NULL;
  {
    struct feed f = {in, len, 0, 65536, 0};
    dpss_reader *r = NULL;
    assert_int_equal(dpss_reader_from_callback(&r, feed_read, &f, NULL, DPSS_READER_JSON), DPSS_OK);
    want = transcript(r);
    dpss_reader_free(r);
  }
  assert_string_equal(want, "R1@1:2 R2@2:1 R3@2:614419 R4@3:1 END");
  for (int sticky = 0; sticky <= 1; sticky++) {
    long failures = 0;
    for (long n = 1; n < 100; n++) {
      struct feed f = {in, len, 0, 65536, 0};
      dpss_reader *r = (dpss_reader *)1;
      dpss__fault_set(n, sticky);
      int rc = dpss_reader_from_callback(&r, feed_read, &f, "x", DPSS_READER_JSON);
      char *t = NULL;
      if (rc == DPSS_OK) {
        t = transcript(r);
        dpss_reader_free(r);
      }
      long failed = dpss__fault_failed();
      dpss__fault_set(0, 0);
      if (rc != DPSS_OK) {
        assert_int_equal(rc, DPSS_ENOMEM);
        assert_null(r);
      } else if (strcmp(t, want) != 0) {
        size_t k = strlen(t) - strlen("FATAL ENOMEM");
        if (strcmp(t + k, "FATAL ENOMEM") != 0 || strncmp(t, want, k) != 0)
          fail_msg("allocation %ld failed (sticky %d): %s", n, sticky, t);
      }
      free(t);
      failures += failed;
      if (failed == 0)
        break; /* past the last allocation */
    }
    assert_true(failures > 0);
  }
  free(want);
  free(in);
}

/* ------------------------------------------------------------- CSV */

struct sbuf {
  char *p;
  size_t len, cap;
};

static void sput(struct sbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (b->len + (size_t)n + 1 > b->cap) {
    b->cap = (b->len + (size_t)n + 1) * 2;
    b->p = realloc(b->p, b->cap);
  }
  va_start(ap, fmt);
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

/* What a CSV reader hands out: "R<n>@<line>" for a record (its text on a
 * line of *texts), "B<n>@<line>!<CODE>:<field>:<line>:<column>" for a bad
 * row (the error's own line and column), then "END", or "FATAL
 * <CODE>@<line>:<column>". */
static bool load_records = true; /* check that good rows load (not while failing allocations) */

static char *csv_transcript(dpss_reader *r, char **texts) {
  struct sbuf t = {0}, x = {0};
  sput(&t, "%s", "");
  sput(&x, "%s", "");
  int got;
  while ((got = dpss_reader_next(r)) > 0) {
    assert_int_equal(dpss_reader_column(r), 1);
    assert_int_equal(strlen(dpss_reader_text(r)), dpss_reader_length(r));
    if (got == DPSS_READ_RECORD) {
      sput(&t, "R%lld@%lld ", (long long)dpss_reader_record(r), (long long)dpss_reader_line(r));
      sput(&x, "%s\n", dpss_reader_text(r));
      /* every good row is a recipient the loader takes */
      dpss_recipient *rec = NULL;
      if (load_records && dpss_recipient_from_json(&rec, dpss_reader_text(r)) != DPSS_OK)
        fail_msg("record %lld: %s: %s", (long long)dpss_reader_record(r), dpss_reader_text(r),
                 dpss_error_message(dpss_error_last()));
      dpss_recipient_free(rec);
    } else {
      const dpss_error *e = dpss_reader_error(r);
      assert_int_equal(dpss_error_code(dpss_error_last()), dpss_error_code(e));
      assert_true(dpss_error_line(e) >= dpss_reader_line(r));
      assert_non_null(strstr(dpss_error_message(e), "in column "));
      sput(&t, "B%lld@%lld!%s:%s:%d:%d ", (long long)dpss_reader_record(r),
           (long long)dpss_reader_line(r), dpss_status_name(dpss_error_code(e)),
           dpss_error_field(e), dpss_error_line(e), dpss_error_column(e));
    }
  }
  if (got == 0) {
    sput(&t, "END");
    assert_string_equal(dpss_reader_text(r), "");
    assert_int_equal(dpss_reader_line(r), 0);
    assert_int_equal(dpss_reader_next(r), DPSS_READ_END);
  } else {
    const dpss_error *e = dpss_reader_error(r);
    sput(&t, "FATAL %s@%d:%d", dpss_status_name(got), dpss_error_line(e), dpss_error_column(e));
    assert_int_equal(dpss_reader_next(r), got); /* sticky */
    assert_int_equal(dpss_error_code(dpss_error_last()), got);
    assert_string_equal(dpss_reader_text(r), "");
  }
  if (texts)
    *texts = x.p;
  else
    free(x.p);
  return t.p;
}

static dpss_mapping *mapping(const char *json) {
  dpss_mapping *m = NULL;
  if (json && dpss_mapping_from_json(&m, json) != DPSS_OK)
    fail_msg("mapping: %s", dpss_error_message(dpss_error_last()));
  return m;
}

/* The transcript (and texts) of CSV read from memory with a mapping (JSON,
 * or NULL), checked to be the same through a callback in pieces of 1, 2,
 * 3, 7 and 4096 bytes. */
static char *read_csv(const char *data, size_t len, const char *map, char **texts) {
  dpss_mapping *m = mapping(map);
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_from_memory(&r, data, len, "test.csv", DPSS_READER_CSV), DPSS_OK);
  assert_int_equal(dpss_reader_set_mapping(r, m), DPSS_OK);
  char *x = NULL;
  char *want = csv_transcript(r, &x);
  if (strncmp(want, "FATAL", 5) != 0 && !strstr(want, "FATAL"))
    assert_int_equal(dpss_reader_offset(r), (int64_t)len);
  dpss_reader_free(r);
  static const size_t chunks[] = {1, 2, 3, 7, 4096};
  for (size_t k = 0; k < DPSS_ARRAY_LEN(chunks); k++) {
    struct feed f = {data, len, 0, chunks[k], 0};
    assert_int_equal(dpss_reader_from_callback(&r, feed_read, &f, NULL, DPSS_READER_CSV), DPSS_OK);
    assert_int_equal(dpss_reader_set_mapping(r, m), DPSS_OK);
    char *y = NULL, *t = csv_transcript(r, &y);
    if (strcmp(t, want) != 0 || strcmp(x, y) != 0)
      fail_msg("chunks of %zu: %s\nmemory: %s\n%s\n%s", chunks[k], t, want, y, x);
    free(t);
    free(y);
    dpss_reader_free(r);
  }
  dpss_mapping_free(m);
  if (texts)
    *texts = x;
  else
    free(x);
  return want;
}

static void expect_csv(const char *data, size_t len, const char *map, const char *want,
                       const char *want_texts) {
  char *x = NULL, *t = read_csv(data, len, map, &x);
  if (strcmp(t, want) != 0)
    fail_msg("input:\n%.*s\ngot:  %s\nwant: %s", (int)len, data, t, want);
  if (want_texts && strcmp(x, want_texts) != 0)
    fail_msg("input:\n%.*s\ngot texts:\n%swant:\n%s", (int)len, data, x, want_texts);
  free(t);
  free(x);
}

#define EXPECT_CSV(lit, map, want, texts) expect_csv((lit), sizeof(lit) - 1, (map), (want), (texts))

static void test_csv_good_rows(void **state) {
  (void)state;
  EXPECT_CSV(
      "id,kind,has_capacity,consents,authorised_person,specialist_needs,"
      "funding.social_care.weekly_pence,funding.health.weekly_pence,balance.on,balance.pence,"
      "balance.owed_pence,support.tier,support.since,support.completed,support.provider,dp_start,"
      "issues[0].id,issues[0].opened,issues[0].resolved,one_off_payments[0].date,"
      "one_off_payments[0].pence,one_off_payments[0].purpose,existing_arrangement.provider,"
      "existing_arrangement.successful,risk,payment_method,events[1].date,events[1].kind,"
      "audits[0].date,audits[0].outcome,requested_provider,personal_budget_weekly_pence\n"
      "R-1,adult,true,TRUE,,sensory_impairment; dementia,45000,5000,2026-11-01,310000,0,start_up,"
      "2026-01-05,false,P-LEAD,2026-01-05,I-1,2026-11-01,,2026-03-02,25000,"
      "\"new wheelchair, folding\",P-OLD,true,high,bank_account,2026-09-14,capacity_lost,"
      "2026-06-01,concerns,P-SENS,52000\n"
      "R-2,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n"
      "  R-3 , child ,False,,\"Mrs \"\"A\"\"\",,,3000,,-250,,,,,,,,,,,,,,,,,,,,,,\n",
      NULL, "R1@2 R2@3 R3@4 END",
      "{\"id\":\"R-1\",\"kind\":\"adult\",\"has_capacity\":true,\"consents\":true,"
      "\"payment_method\":\"bank_account\","
      "\"specialist_needs\":[\"sensory_impairment\",\"dementia\"],\"risk\":\"high\","
      "\"funding\":[{\"source\":\"social_care\",\"weekly_pence\":45000},"
      "{\"source\":\"health\",\"weekly_pence\":5000}],\"dp_start\":\"2026-01-05\","
      "\"balance\":{\"on\":\"2026-11-01\",\"pence\":310000,\"owed_pence\":0},"
      "\"support\":{\"tier\":\"start_up\",\"since\":\"2026-01-05\",\"completed\":false,"
      "\"provider\":\"P-LEAD\"},\"existing_arrangement\":{\"provider\":\"P-OLD\","
      "\"successful\":true},\"personal_budget_weekly_pence\":52000,"
      "\"requested_provider\":\"P-SENS\",\"issues\":[{\"id\":\"I-1\",\"opened\":\"2026-11-01\"}],"
      "\"one_off_payments\":[{\"date\":\"2026-03-02\",\"pence\":25000,"
      "\"purpose\":\"new wheelchair, folding\"}],\"audits\":[{\"date\":\"2026-06-01\","
      "\"outcome\":\"concerns\"}],\"events\":[{\"date\":\"2026-09-14\",\"kind\":\"capacity_lost\"}]}\n"
      "{\"id\":\"R-2\"}\n"
      "{\"id\":\"R-3\",\"kind\":\"child\",\"has_capacity\":false,\"authorised_person\":\"Mrs \\\"A\\\"\","
      "\"funding\":[{\"source\":\"health\",\"weekly_pence\":3000}],\"balance\":{\"pence\":-250}}\n");
  /* The same recipient as CSV and as JSON reads the same. */
  dpss_reader *r = NULL;
  static const char in[] = "balance.pence,id,dp_start,has_capacity\n-5,R-9,05/01/2026,true\n";
  assert_int_equal(dpss_reader_from_memory(&r, in, sizeof in - 1, NULL, DPSS_READER_CSV), DPSS_OK);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_RECORD);
  dpss_recipient *a = NULL, *b = NULL;
  assert_int_equal(dpss_recipient_from_json(&a, dpss_reader_text(r)), DPSS_OK);
  assert_int_equal(dpss_recipient_from_json(&b, "{\"id\":\"R-9\",\"has_capacity\":true,"
                                                "\"dp_start\":\"2026-01-05\",\"balance\":{\"pence\":-5}}"),
                   DPSS_OK);
  char *ja = NULL, *jb = NULL;
  assert_int_equal(dpss_recipient_to_json(a, &ja), DPSS_OK);
  assert_int_equal(dpss_recipient_to_json(b, &jb), DPSS_OK);
  assert_string_equal(ja, jb);
  dpss_free(ja);
  dpss_free(jb);
  dpss_recipient_free(a);
  dpss_recipient_free(b);
  dpss_reader_free(r);
}

/* The message of the first bad record of a CSV text. */
static char *first_bad_message(const char *data, size_t len) {
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_from_memory(&r, data, len, NULL, DPSS_READER_CSV), DPSS_OK);
  int got;
  char *msg = NULL;
  while ((got = dpss_reader_next(r)) > 0 && !msg)
    if (got == DPSS_READ_BAD)
      msg = strdup(dpss_error_message(dpss_reader_error(r)));
  dpss_reader_free(r);
  return msg;
}

static void test_csv_bad_cells_cost_only_their_row(void **state) {
  (void)state;
  static const char in[] =
      "id,has_capacity,kind,funding.social_care.weekly_pence,balance.pence,balance.on,dp_start,"
      "specialist_needs,support.provider,issues[0].id,issues[0].opened\n"
      "R-1,true,adult,100,-5,,2026-01-05,dementia,P-1,,\n"   /* 2: good */
      "R-2,maybe,,,,,,,,,\n"                                 /* 3: a fact */
      "R-3,,elder,,,,,,,,\n"                                 /* 4: a word */
      "R-4,,,12.50,,,,,,,\n"                                 /* 5: pence */
      "R-5,,,-100,,,,,,,\n"                                  /* 6: negative */
      "R-6,,,99999999999999999999,,,,,,,\n"                  /* 7: too large */
      "R-7,,,,,,2026-02-30,,,,\n"                            /* 8: not a date */
      "R-8,,,,,,,a b;c,,,\n"                                 /* 9: ids */
      "R-9,,,,,,,,P 1,,\n"                                   /* 10: an id */
      "R-10,,,,,2026-11-01,,,,,\n"                           /* 11: balance without pence */
      "R-11,,,,,,,,,I-1,\n"                                  /* 12: an issue not opened */
      ",true,,,,,,,,,\n"                                     /* 13: no id */
      "R-13,true\n"                                          /* 14: too few cells */
      "R-14,,,,,,,,,,,extra\n"                               /* 15: too many */
      "R-15,tr\"ue,,,,,,,,,\n"                               /* 16: a quote inside */
      "R-16,\"true\"x,,,,,,,,,\n"                            /* 17: after a quote */
      "R-17,\xff,,,,,,,,,\n"                                 /* 18: not UTF-8 */
      "R-18,\"a\0b\",,,,,,,,,\n"                             /* 19: a NUL */
      "R-19,true,child,5,6,2026-11-01,,,,I-2,01/11/2026\n";  /* 20: good */
  expect_csv(in, sizeof in - 1, NULL,
             "R1@2 B2@3!ETYPE:has_capacity:3:2 B3@4!EUNKNOWN:kind:4:3 "
             "B4@5!ETYPE:funding.social_care.weekly_pence:5:4 "
             "B5@6!ERANGE:funding.social_care.weekly_pence:6:4 "
             "B6@7!ERANGE:funding.social_care.weekly_pence:7:4 B7@8!EDATE:dp_start:8:7 "
             "B8@9!ETYPE:specialist_needs:9:8 B9@10!ETYPE:support.provider:10:9 "
             "B10@11!EMISSING:balance.pence:11:5 B11@12!EMISSING:issues[0].opened:12:11 "
             "B12@13!EMISSING:id:13:1 B13@14!ESYNTAX::14:3 B14@15!ESYNTAX::15:12 "
             "B15@16!ESYNTAX:has_capacity:16:2 B16@17!ESYNTAX:has_capacity:17:2 "
             "B17@18!ESYNTAX:has_capacity:18:2 B18@19!ESYNTAX:has_capacity:19:2 R19@20 END",
             NULL);
  /* Messages name the field, the column and the line, never the value;
   * a bad row's text holds only its id, for messages. */
  char *msg = first_bad_message(in, sizeof in - 1);
  assert_string_equal(msg, "has_capacity: expected true, false or empty (unknown), in column 2 "
                           "at line 3");
  free(msg);
  static const char two[] = "id,kind,balance.pence\nR-1,elder,123456789\n";
  msg = first_bad_message(two, sizeof two - 1);
  assert_null(strstr(msg, "elder"));
  assert_non_null(strstr(msg, "adult, child"));
  free(msg);
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_from_memory(&r, in, sizeof in - 1, NULL, DPSS_READER_CSV), DPSS_OK);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_RECORD);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_BAD);
  assert_string_equal(dpss_reader_text(r), "{\"id\":\"R-2\"}");
  for (int k = 3; k <= 12; k++)
    assert_int_equal(dpss_reader_next(r), DPSS_READ_BAD);
  assert_string_equal(dpss_reader_text(r), ""); /* no id */
  dpss_reader_free(r);
}

static const char case_map[] =
    "{\"columns\": {\"Client Ref\": \"id\", \"Has Capacity (Y/N)\": \"has_capacity\","
    " \"Consents\": \"consents\", \"Type\": \"kind\", \"DP Start\": \"dp_start\","
    " \"Notes\": null, \"Completed\": \"support.completed\", \"Issue 1\": \"issues[0].id\","
    " \"Issue 1 Opened\": \"issues[0].opened\"},"
    " \"facts\": {\"Y\": true, \"N\": false, \"U\": null},"
    " \"values\": {\"kind\": {\"Adult\": \"adult\", \"Child\": \"child\", \"-\": null},"
    "            \"consents\": {\"Yes\": true, \"No\": false}},"
    " \"date_format\": \"DD/MM/YYYY\"}";

static void test_csv_mapping(void **state) {
  (void)state;
  EXPECT_CSV("Client Ref,Type,Has Capacity (Y/N),Consents,DP Start,Notes,Completed,Issue 1,"
             "Issue 1 Opened\r\n"
             "R-1,Adult,Y,Yes,05/01/2026,\"called, twice\r\nno answer\",N,I-1,01/11/2026\r\n"
             "R-2,Child,U,No,2026-01-05,,Y,,\r\n" /* an ISO date where DD/MM/YYYY is asked */
             "R-3,Adult,y,,31/02/2026,,,,\r\n"    /* 'y' is not in the map */
             "R-4,-,N,Y,,,U,,\r\n",               /* 'Y' is not in consents' own map */
             case_map,
             "R1@2 B2@4!EDATE:dp_start:4:5 B3@5!ETYPE:has_capacity:5:3 "
             "B4@6!ETYPE:consents:6:4 END",
             "{\"id\":\"R-1\",\"kind\":\"adult\",\"has_capacity\":true,\"consents\":true,"
             "\"dp_start\":\"2026-01-05\",\"support\":{\"completed\":false},"
             "\"issues\":[{\"id\":\"I-1\",\"opened\":\"2026-11-01\"}]}\n");
  /* Their header, as well as our field, is in the message. */
  dpss_mapping *m = mapping(case_map);
  dpss_reader *r = NULL;
  static const char in[] = "Client Ref,DP Start\nR-1,2026-01-05\n";
  assert_int_equal(dpss_reader_from_memory(&r, in, sizeof in - 1, NULL, DPSS_READER_CSV), DPSS_OK);
  assert_int_equal(dpss_reader_set_mapping(r, m), DPSS_OK);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_BAD);
  assert_string_equal(dpss_error_message(dpss_reader_error(r)),
                      "dp_start: expected a real date written DD/MM/YYYY, in column 2 "
                      "\"DP Start\" at line 2");
  /* Too late for a mapping now; the reader is unchanged. */
  assert_error(dpss_reader_set_mapping(r, NULL), DPSS_EINVAL, "mapping");
  dpss_reader_free(r);
  /* Only for CSV. */
  assert_int_equal(dpss_reader_from_memory(&r, "{}", 2, NULL, DPSS_READER_JSON), DPSS_OK);
  assert_error(dpss_reader_set_mapping(r, m), DPSS_EINVAL, "mapping");
  assert_int_equal(dpss_reader_next(r), DPSS_READ_RECORD);
  dpss_reader_free(r);
  /* A mapping naming a column recipients do not have is refused whole,
   * and the reader keeps the mapping it had. */
  dpss_mapping *bad = mapping("{\"columns\": {\"Client Ref\": \"idd\"}}");
  assert_int_equal(dpss_reader_from_memory(&r, in, sizeof in - 1, NULL, DPSS_READER_CSV), DPSS_OK);
  assert_int_equal(dpss_reader_set_mapping(r, m), DPSS_OK);
  assert_error(dpss_reader_set_mapping(r, bad), DPSS_EUNKNOWN, "columns.Client Ref");
  assert_int_equal(dpss_reader_next(r), DPSS_READ_BAD); /* still the DD/MM/YYYY map */
  assert_int_equal(dpss_error_code(dpss_reader_error(r)), DPSS_EDATE);
  dpss_reader_free(r);
  dpss_mapping_free(bad);
  bad = mapping("{\"values\": {\"balance.pense\": {\"x\": \"1\"}}}");
  assert_int_equal(dpss_reader_from_memory(&r, in, sizeof in - 1, NULL, DPSS_READER_CSV), DPSS_OK);
  assert_error(dpss_reader_set_mapping(r, bad), DPSS_EUNKNOWN, "values.balance.pense");
  dpss_reader_free(r);
  dpss_mapping_free(bad);
  dpss_mapping_free(m);
  /* Statements refuse the recipients' facts map. */
  assert_error(dpss_mapping_from_json(&bad, "{\"facts\": {\"Y\": 1}}"), DPSS_ETYPE, "facts.Y");
  bad = mapping("{\"facts\": {\"Y\": true}}");
  dpss_statement *st = NULL;
  assert_error(dpss_statement_from_csv(&st, "date,amount\n", bad), DPSS_EUNKNOWN, "facts");
  dpss_mapping_free(bad);
  /* Other columns ignored when the mapping says so; a column mapped to
   * null is ignored whatever it holds, over lines too. */
  EXPECT_CSV("id,Team,Notes\nR-1,North,\"a\nb\"\n", "{\"other_columns\": \"ignore\"}",
             "R1@2 END", "{\"id\":\"R-1\"}\n");
  EXPECT_CSV("id,\nR-1,x\n", "{\"columns\": {\"\": null}}", "R1@2 END", "{\"id\":\"R-1\"}\n");
}

static void test_csv_header_faults_are_fatal(void **state) {
  (void)state;
  EXPECT_CSV("id,has_capacity,foo\nR-1,true,x\n", NULL, "FATAL EUNKNOWN@1:3", NULL);
  EXPECT_CSV("id,kind,kind\nR-1,adult,adult\n", NULL, "FATAL EDUPLICATE@1:3", NULL);
  EXPECT_CSV("kind\nadult\n", NULL, "FATAL EMISSING@1:1", NULL);
  EXPECT_CSV("id,balance.on\nR-1,2026-01-01\n", NULL, "FATAL EMISSING@1:2", NULL);
  EXPECT_CSV("id,issues[0].resolved\n", NULL, "FATAL EMISSING@1:2", NULL);
  EXPECT_CSV("id,issues[01].id\n", NULL, "FATAL EUNKNOWN@1:2", NULL);
  EXPECT_CSV("id,issues[1000].id\n", NULL, "FATAL EUNKNOWN@1:2", NULL);
  EXPECT_CSV("id,\nR-1,\n", NULL, "FATAL EUNKNOWN@1:2", NULL);
  EXPECT_CSV("id,\"ki\"nd\nR-1,adult\n", NULL, "FATAL ESYNTAX@1:2", NULL);
  EXPECT_CSV("\n\n\"id\nR-1\n", NULL, "FATAL ESYNTAX@3:1", NULL);
  EXPECT_CSV("\xef\xbb\xbf" "id,x\xff\n", NULL, "FATAL ESYNTAX@1:2", NULL);
  /* The message names the column and shows their header. */
  dpss_reader *r = NULL;
  static const char in[] = "id,Client\x1b[31m\n";
  assert_int_equal(dpss_reader_from_memory(&r, in, sizeof in - 1, NULL, DPSS_READER_CSV), DPSS_OK);
  assert_int_equal(dpss_reader_next(r), DPSS_EUNKNOWN);
  assert_non_null(strstr(dpss_error_message(dpss_reader_error(r)),
                         "in column 2 \"Client?[31m\" at line 1"));
  assert_int_equal(dpss_reader_record(r), 0);
  dpss_reader_free(r);
}

static void test_csv_empty_and_header_only(void **state) {
  (void)state;
  EXPECT_CSV("", NULL, "END", "");
  EXPECT_CSV("\xef\xbb\xbf", NULL, "END", "");
  EXPECT_CSV("\n\r\n\n", NULL, "END", "");
  EXPECT_CSV("id,kind\n", NULL, "END", "");
  EXPECT_CSV("id,kind", NULL, "END", "");
  EXPECT_CSV("\xef\xbb\xbfid,kind\r\n\r\n", NULL, "END", "");
  /* Blank lines and rows of empty cells are not records; cells and
   * headers are trimmed; no line end at the end. */
  EXPECT_CSV("\n\n id \n\nR-1\n,\n  \nR-2", NULL, "R1@5 R2@8 END", "{\"id\":\"R-1\"}\n{\"id\":\"R-2\"}\n");
  EXPECT_CSV("id,kind\n,\n , \nR-1,adult\n", NULL, "R1@4 END", NULL);
}

static void test_csv_quoted_line_ends(void **state) {
  (void)state;
  /* Quoted cells hold commas, quotes and, in free-text columns, line ends;
   * line numbers after them stay right. */
  EXPECT_CSV("id,one_off_payments[0].date,one_off_payments[0].pence,authorised_person,kind\n"
             "R-1,2026-03-02,100,\"two\nlines, and \"\"quotes\"\"\",adult\n" /* 2-3 */
             "R-2,2026-03-02,100,x,\"adult\n"                             /* 4: cut here */
             "R-3,,,,child\n"                                            /* 5 */
             "R-4,2026-03-02,100,\"a\r\n\r\nb\",adult\r\n"                  /* 6-8 */
             "R-5,,,,\"child\"\n"                                        /* 9 */
             "R-6,2026-03-02,100,\"never closed\n"                       /* 10 */
             "R-7,,,,adult\n",                                           /* 11: in the cell */
             NULL,
             "R1@2 B2@4!ESYNTAX:kind:4:5 R3@5 R4@6 R5@9 "
             "B6@10!ESYNTAX:authorised_person:10:4 END",
             "{\"id\":\"R-1\",\"kind\":\"adult\",\"authorised_person\":\"two\\nlines, and "
             "\\\"quotes\\\"\",\"one_off_payments\":[{\"date\":\"2026-03-02\",\"pence\":100}]}\n"
             "{\"id\":\"R-3\",\"kind\":\"child\"}\n"
             "{\"id\":\"R-4\",\"kind\":\"adult\",\"authorised_person\":\"a\\r\\n\\r\\nb\","
             "\"one_off_payments\":[{\"date\":\"2026-03-02\",\"pence\":100}]}\n"
             "{\"id\":\"R-5\",\"kind\":\"child\"}\n");
  /* A quoted line end in a column that cannot hold one costs its row and
   * reading goes on at the next line; the id cell too. */
  EXPECT_CSV("id,kind\n\"R-1\nR-2,adult\nR-3,child\n", NULL, "B1@2!ESYNTAX:id:2:1 R2@3 R3@4 END",
             NULL);
  /* A cell over 1 MiB costs its row; reading goes on at the next line. */
  struct sbuf big = {0};
  sput(&big, "id,Notes,kind\nR-1,\"");
  for (int k = 0; k < 14000; k++)
    sput(&big, "%s", "a line of notes that goes on and on and on, longer than any cell should be. ");
  sput(&big, "\",adult\nR-2,,child\n");
  expect_csv(big.p, big.len, "{\"columns\": {\"Notes\": null}}", "B1@2!ESYNTAX::2:2 R2@3 END", NULL);
  /* Also when the cell is a single line over 1 MiB of its own. */
  big.len = 0;
  sput(&big, "id,Notes,kind\nR-1,");
  for (int k = 0; k < 14000; k++)
    sput(&big, "%s", "a line of notes that goes on and on and on and longer than a cell should be ");
  sput(&big, ",adult\nR-2,,child\n");
  expect_csv(big.p, big.len, "{\"columns\": {\"Notes\": null}}", "B1@2!ESYNTAX::2:2 R2@3 END", NULL);
  free(big.p);
  /* A misplaced quote in a row running over lines: the rest of the line it
   * was found on is skipped. */
  EXPECT_CSV("id,authorised_person,kind\nR-1,\"a\nb\"c,adult\nR-2,,child\n", NULL,
             "B1@2!ESYNTAX:authorised_person:3:2 R2@4 END", NULL);
}

static void test_csv_line_ends(void **state) {
  (void)state;
  static const char *const forms[] = {"\n", "\r\n", "\r"};
  for (size_t k = 0; k < DPSS_ARRAY_LEN(forms); k++) {
    char in[256];
    const char *e = forms[k];
    snprintf(in, sizeof in, "\xef\xbb\xbfid,kind%sR-1,adult%s%sR-2,\"child\"%sR-3,bad%s", e, e, e,
             e, e);
    expect_csv(in, strlen(in), NULL, "R1@2 R2@4 B3@5!EUNKNOWN:kind:5:2 END", NULL);
  }
  /* CR LF split across reads, and a CR last in the input. */
  EXPECT_CSV("id\rR-1\r\nR-2\r", NULL, "R1@2 R2@3 END", NULL);
}

static void test_csv_files_and_auto(void **state) {
  (void)state;
  char path[] = "/tmp/dpss-test-reader-XXXXXX.csv";
  int fd = mkstemps(path, 4);
  assert_true(fd >= 0);
  static const char in[] = "id,has_capacity\nR-1,true\nR-2,false\n";
  assert_int_equal(write(fd, in, sizeof in - 1), (ssize_t)(sizeof in - 1));
  close(fd);
  dpss_reader *r = NULL;
  assert_int_equal(dpss_reader_open(&r, path, DPSS_READER_AUTO), DPSS_OK); /* by its name */
  assert_int_equal(dpss_reader_size(r), (int64_t)(sizeof in - 1));
  char *t = csv_transcript(r, NULL);
  assert_string_equal(t, "R1@2 R2@3 END");
  assert_int_equal(dpss_reader_offset(r), dpss_reader_size(r));
  free(t);
  dpss_reader_free(r);
  /* Asked for JSON, the same file is not JSON. */
  assert_int_equal(dpss_reader_open(&r, path, DPSS_READER_JSON), DPSS_OK);
  assert_int_equal(dpss_reader_next(r), DPSS_READ_RECORD);
  dpss_recipient *rec = NULL;
  assert_error(dpss_recipient_from_json(&rec, dpss_reader_text(r)), DPSS_ESYNTAX, NULL);
  dpss_reader_free(r);
  /* A descriptor: from where it stands. */
  fd = open(path, O_RDONLY);
  assert_int_equal(lseek(fd, 16, SEEK_SET), 16);
  assert_int_equal(dpss_reader_from_fd(&r, fd, "stdin", DPSS_READER_CSV), DPSS_OK);
  assert_int_equal(dpss_reader_size(r), (int64_t)(sizeof in - 1 - 16));
  assert_int_equal(dpss_reader_next(r), DPSS_EUNKNOWN); /* "R-1,true" is the header */
  dpss_reader_free(r);
  close(fd);
  unlink(path);
}

/* Fail each allocation in turn (alone, then with all after it): the CSV
 * reader gives the same transcript, or fails with ENOMEM when made, when
 * given its mapping, or as a fatal error, never an early end. */
static void test_csv_allocation_failures(void **state) {
  (void)state;
  struct sbuf in = {0};
  sput(&in, "Client Ref,Type,Has Capacity (Y/N),Notes,Issue 1,Issue 1 Opened\n");
  for (int i = 1; i <= 300; i++)
    sput(&in, "R-%d,%s,%s,\"%s\",I-%d,%s\n", i, i % 2 ? "Adult" : "Child", i % 3 ? "Y" : "N",
         i % 50 ? "short" : "a long note,\nover lines", i, i % 7 ? "01/11/2026" : "2026-11-01");
  char *big = malloc(300000);
  memset(big, 'x', 299999);
  big[299999] = '\0';
  sput(&in, "R-301,Adult,Y,\"%s\",,\n", big);
  free(big);
  dpss_mapping *m = mapping(case_map);
  char *want = NULL;
  {
    struct feed f = {in.p, in.len, 0, 65536, 0};
    dpss_reader *r = NULL;
    assert_int_equal(dpss_reader_from_callback(&r, feed_read, &f, NULL, DPSS_READER_CSV), DPSS_OK);
    assert_int_equal(dpss_reader_set_mapping(r, m), DPSS_OK);
    want = csv_transcript(r, NULL);
    dpss_reader_free(r);
  }
  assert_int_equal(count_items(want, 'R'), 259);
  assert_int_equal(count_items(want, 'B'), 42); /* ISO dates where DD/MM/YYYY is asked */
  load_records = false;
  for (int sticky = 0; sticky <= 1; sticky++) {
    long failures = 0, n;
    for (n = 1; n < 400; n++) {
      struct feed f = {in.p, in.len, 0, 65536, 0};
      dpss_reader *r = (dpss_reader *)1;
      dpss__fault_set(n, sticky);
      int rc = dpss_reader_from_callback(&r, feed_read, &f, "x", DPSS_READER_CSV);
      int mrc = rc == DPSS_OK ? dpss_reader_set_mapping(r, m) : DPSS_OK;
      char *t = NULL;
      if (rc == DPSS_OK && mrc == DPSS_OK)
        t = csv_transcript(r, NULL);
      dpss_reader_free(rc == DPSS_OK ? r : NULL);
      long failed = dpss__fault_failed();
      dpss__fault_set(0, 0);
      if (rc != DPSS_OK) {
        assert_int_equal(rc, DPSS_ENOMEM);
        assert_null(r);
      } else if (mrc != DPSS_OK) {
        assert_int_equal(mrc, DPSS_ENOMEM);
      } else if (strcmp(t, want) != 0) {
        char *fatal = strstr(t, "FATAL ENOMEM");
        if (!fatal || strncmp(t, want, (size_t)(fatal - t)) != 0)
          fail_msg("allocation %ld failed (sticky %d): %s", n, sticky, t);
      }
      free(t);
      failures += failed;
      if (failed == 0)
        break; /* past the last allocation */
    }
    assert_true(failures > 0);
    assert_true(n < 400); /* every allocation was failed in turn */
  }
  load_records = true;
  dpss_mapping_free(m);
  free(want);
  free(in.p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lines_positions),
      cmocka_unit_test(test_lines_broken_first_line_costs_only_itself),
      cmocka_unit_test(test_lines_nul_bytes),
      cmocka_unit_test(test_lines_utf8),
      cmocka_unit_test(test_line_ends_and_bom),
      cmocka_unit_test(test_pretty_stream),
      cmocka_unit_test(test_array_streams_elements),
      cmocka_unit_test(test_array_bad_element_costs_only_itself),
      cmocka_unit_test(test_array_not_closed),
      cmocka_unit_test(test_deep_and_long),
      cmocka_unit_test(test_open_errors),
      cmocka_unit_test(test_file_and_descriptor),
      cmocka_unit_test(test_read_error_mid_input_is_fatal),
      cmocka_unit_test(test_text_lifetime),
      cmocka_unit_test(test_allocation_failures),
      cmocka_unit_test(test_csv_good_rows),
      cmocka_unit_test(test_csv_bad_cells_cost_only_their_row),
      cmocka_unit_test(test_csv_mapping),
      cmocka_unit_test(test_csv_header_faults_are_fatal),
      cmocka_unit_test(test_csv_empty_and_header_only),
      cmocka_unit_test(test_csv_quoted_line_ends),
      cmocka_unit_test(test_csv_line_ends),
      cmocka_unit_test(test_csv_files_and_auto),
      cmocka_unit_test(test_csv_allocation_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
