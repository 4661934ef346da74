/* SPDX-License-Identifier: MIT */
/* The record reader (dpss_reader_*): every record of every layout comes out
 * good or bad with its number and position, and reading goes on after a bad
 * one; read errors and failed allocations are fatal, never the end. Every
 * case runs from memory and again through a callback that hands the bytes
 * over 1, 2, 3, 7 and 4096 at a time, which must give the same transcript
 * (records split across buffer refills). White-box for the fault loop. */
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
  char *t = text_of("{\"id\":\"A\"}  \r\n{\"id\":\"B\"}\n", 1);
  assert_string_equal(t, "{\"id\":\"A\"}"); /* no line end, no trailing blanks */
  free(t);
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
  t = text_of("{\r  \"id\": \"A\"\r}\r", 1);
  assert_string_equal(t, "{\n  \"id\": \"A\"\n}");
  free(t);
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
  char *t = text_of("[ {\"id\":\"A\"} , {\"id\":\"B\", \"x\": [1, {\"y\": 2}]} ]", 2);
  assert_string_equal(t, "{\"id\":\"B\", \"x\": [1, {\"y\": 2}]}");
  free(t);
  t = text_of("[1, \"a,b]\", null]", 2);
  assert_string_equal(t, "\"a,b]\"");
  free(t);
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
  /* CSV is reserved: chosen by name or asked for, it is refused for now. */
  assert_error(dpss_reader_open(&r, "caseload.CSV", DPSS_READER_AUTO), DPSS_EINVAL, "format");
  assert_error(dpss_reader_from_memory(&r, "a,b\n", 4, NULL, DPSS_READER_CSV), DPSS_EINVAL,
               "format");
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
  char *t = transcript(r);
  assert_string_equal(t, "R1@1:2 R2@2:1 END");
  free(t);
  dpss_reader_free(r);
  /* A pipe, as standard input is; the descriptor is borrowed. */
  int p[2];
  assert_int_equal(pipe(p), 0);
  assert_int_equal(write(p[1], in, sizeof in - 1), (ssize_t)(sizeof in - 1));
  close(p[1]);
  assert_int_equal(dpss_reader_from_fd(&r, p[0], "standard input", DPSS_READER_AUTO), DPSS_OK);
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
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
