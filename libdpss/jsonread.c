/* SPDX-License-Identifier: MIT */
/* Reading JSON values with field paths in the errors. Error messages name
 * the field and what was expected, never the value found (it may be
 * personal data). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

void dpss_path_init(dpss_path *p) {
  p->buf[0] = '\0';
  p->len = 0;
}

/* Hot: called for every field read, so no snprintf. */
size_t dpss_path_push_key(dpss_path *p, const char *key) {
  size_t mark = p->len, room = sizeof p->buf - 1 - p->len;
  size_t n = strlen(key);
  if (p->len && room) {
    p->buf[p->len++] = '.';
    room--;
  }
  if (n > room)
    n = room;
  memcpy(p->buf + p->len, key, n);
  p->len += n;
  p->buf[p->len] = '\0';
  return mark;
}

size_t dpss_path_push_index(dpss_path *p, size_t index) {
  size_t mark = p->len;
  int n = snprintf(p->buf + p->len, sizeof p->buf - p->len, "[%zu]", index);
  if (n > 0)
    p->len += (size_t)n < sizeof p->buf - p->len ? (size_t)n : sizeof p->buf - p->len - 1;
  return mark;
}

void dpss_path_pop(dpss_path *p, size_t mark) {
  p->len = mark;
  p->buf[mark] = '\0';
}

/* jansson reads through this callback, which hands it the text in chunks
 * and stops (as a read error) once an allocation has failed, so jansson is
 * never left lexing with memory it could not get. The text (if any) goes
 * first, then the file (if any). */
struct feed {
  const char *text;
  size_t len, pos;
  FILE *fp;
  bool io_error;
  int err;
};

static size_t feed_read(void *buffer, size_t size, void *data) {
  struct feed *f = data;
  if (dpss__json_oom())
    return (size_t)-1;
  if (f->pos < f->len) {
    size_t n = f->len - f->pos < size ? f->len - f->pos : size;
    memcpy(buffer, f->text + f->pos, n);
    f->pos += n;
    return n;
  }
  if (!f->fp)
    return 0;
  size_t n = fread(buffer, 1, size, f->fp);
  if (n == 0 && ferror(f->fp)) {
    f->io_error = true;
    f->err = errno;
    return (size_t)-1;
  }
  return n;
}

static const char *syntax_kind(const json_error_t *e) {
  /* jansson's text may quote the input near the error; keep only its kind. */
  switch (json_error_code(e)) {
  case json_error_premature_end_of_input: return "unexpected end of input";
  case json_error_end_of_input_expected: return "text after the JSON value";
  case json_error_duplicate_key: return "duplicate object key";
  case json_error_invalid_utf8: return "invalid UTF-8";
  case json_error_numeric_overflow: return "number too large";
  case json_error_null_character: return "NUL character in the text";
  default: return "invalid JSON";
  }
}

/* Parse what the feed gives; `what` names a file in messages, or is NULL. */
static int parse_feed(json_t **out, struct feed *f, const char *what) {
  json_error_t e;
  dpss__json_begin();
  json_t *v = json_load_callback(feed_read, f, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
  if (dpss__json_oom() || (!v && json_error_code(&e) == json_error_out_of_memory)) {
    json_decref(v);
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  }
  if (f->io_error) {
    json_decref(v);
    return dpss__fail(DPSS_EIO, NULL, "cannot read the %s file", what ? what : "input");
  }
  if (!v) {
    if (what)
      return dpss__fail_at(DPSS_ESYNTAX, e.line, e.column,
                           "malformed JSON in the %s file at line %d column %d: %s", what,
                           e.line, e.column, syntax_kind(&e));
    return dpss__fail_at(DPSS_ESYNTAX, e.line, e.column, "malformed JSON at line %d column %d: %s",
                         e.line, e.column, syntax_kind(&e));
  }
  *out = v;
  return DPSS_OK;
}

static size_t bom_length(const char *s, size_t n) {
  return n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
                 (unsigned char)s[2] == 0xBF
             ? 3
             : 0;
}

int dpss__json_parse(json_t **out, const char *text) {
  *out = NULL;
  if (!text)
    return dpss__fail(DPSS_EINVAL, NULL, "JSON text is NULL");
  size_t len = strlen(text);
  struct feed f = {text, len, bom_length(text, len), NULL, false, 0};
  return parse_feed(out, &f, NULL);
}

int dpss__json_load_file(json_t **out, const char *path, const char *what) {
  *out = NULL;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return dpss__fail(DPSS_EIO, NULL, "cannot open the %s file: %s", what, strerror(errno));
  struct stat st;
  int rc;
  char head[3];
  size_t n = 0;
  if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
    rc = dpss__fail(DPSS_EIO, NULL, "cannot read the %s file: %s", what, strerror(EISDIR));
  } else if ((n = fread(head, 1, sizeof head, fp)) < sizeof head && ferror(fp)) {
    rc = dpss__fail(DPSS_EIO, NULL, "cannot read the %s file: %s", what, strerror(errno));
  } else {
    /* The first bytes, less a byte order mark, then the rest of the file. */
    size_t skip = bom_length(head, n);
    struct feed f = {head, n, skip, fp, false, 0};
    rc = parse_feed(out, &f, what);
    if (rc == DPSS_EIO)
      dpss__fail(DPSS_EIO, NULL, "cannot read the %s file: %s", what, strerror(f.err));
  }
  fclose(fp);
  return rc;
}

json_t *dpss__json_copy(const json_t *v) {
  dpss__json_begin();
  json_t *c = json_deep_copy(v);
  if (dpss__json_oom()) {
    json_decref(c);
    return NULL;
  }
  return c;
}

json_t *dpss__json_object(void) {
  dpss__json_begin();
  json_t *o = json_object();
  if (dpss__json_oom()) {
    json_decref(o);
    return NULL;
  }
  return o;
}

int dpss__json_object_set(json_t *obj, const char *key, json_t *value) {
  dpss__json_begin();
  int rc = json_object_set(obj, key, value);
  return rc || dpss__json_oom() ? -1 : 0;
}

char *dpss__json_dumps(const json_t *v, size_t flags) {
  dpss__json_begin();
  char *text = json_dumps(v, flags);
  if (dpss__json_oom()) {
    free(text);
    return NULL;
  }
  return text;
}

int dpss__build_from_text(void *out, const char *json, dpss__builder build) {
  json_t *root;
  int rc = dpss__json_parse(&root, json);
  if (rc)
    return rc;
  rc = build(out, root);
  json_decref(root);
  return rc;
}

int dpss__build_from_file(void *out, const char *path, const char *what, dpss__builder build) {
  json_t *root;
  int rc = dpss__json_load_file(&root, path, what);
  if (rc)
    return rc;
  rc = build(out, root);
  json_decref(root);
  return rc;
}

static const char *type_name(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER: return "an integer";
  case JSON_REAL: return "a decimal number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  default: return "null";
  }
}

int dpss__expect_object(const json_t *v, dpss_path *p) {
  if (!json_is_object(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected an object, found %s",
                      v ? type_name(v) : "nothing");
  return DPSS_OK;
}

int dpss__read_name(const json_t *obj, dpss_path *p, char **out) {
  const json_t *v = json_object_get(obj, "name");
  *out = NULL;
  if (!v || json_is_null(v))
    return DPSS_OK;
  size_t m = dpss_path_push_key(p, "name");
  int rc = json_is_string(v) ? DPSS_OK : dpss__fail(DPSS_ETYPE, p->buf, "expected a string");
  dpss_path_pop(p, m);
  if (!rc && !(*out = dpss__strdup(json_string_value(v))))
    rc = dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  return rc;
}

int dpss__only_keys(const json_t *obj, dpss_path *p, const char *const *keys, size_t n) {
  const char *key;
  json_t *val;
  json_object_foreach((json_t *)obj, key, val) {
    if (dpss__lookup(keys, n, key) < 0) {
      size_t m = dpss_path_push_key(p, key);
      int rc = dpss__fail(DPSS_EUNKNOWN, p->buf, "unknown field");
      dpss_path_pop(p, m);
      return rc;
    }
  }
  return DPSS_OK;
}

int dpss__read_fact(const json_t *v, dpss_path *p, int8_t *out) {
  if (!v || json_is_null(v))
    *out = DPSS_UNKNOWN;
  else if (json_is_boolean(v))
    *out = json_is_true(v) ? DPSS_TRUE : DPSS_FALSE;
  else
    return dpss__fail(DPSS_ETYPE, p->buf, "expected true, false or null, found %s",
                      type_name(v));
  return DPSS_OK;
}

int dpss__read_date(const json_t *v, dpss_path *p, dpss_date *out) {
  if (!v || json_is_null(v)) {
    *out = DPSS_DATE_NONE;
    return DPSS_OK;
  }
  if (!json_is_string(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected a date \"YYYY-MM-DD\" or null, found %s",
                      type_name(v));
  if (dpss_date_parse(out, json_string_value(v)) != DPSS_OK)
    return dpss__fail(DPSS_EDATE, p->buf, "not a real date written YYYY-MM-DD");
  return DPSS_OK;
}

int dpss__read_pence(const json_t *v, dpss_path *p, bool allow_negative, int64_t *out) {
  if (!v || json_is_null(v)) {
    *out = DPSS_PENCE_NONE;
    return DPSS_OK;
  }
  if (!json_is_integer(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected whole pence (an integer), found %s",
                      type_name(v));
  json_int_t x = json_integer_value(v);
  if (x == DPSS_PENCE_NONE)
    return dpss__fail(DPSS_ERANGE, p->buf, "amount out of range");
  if (!allow_negative && x < 0)
    return dpss__fail(DPSS_ERANGE, p->buf, "amount must not be negative");
  *out = (int64_t)x;
  return DPSS_OK;
}

int dpss__read_enum(const json_t *v, dpss_path *p, const char *const *names, size_t n,
                    int8_t *out) {
  if (!v || json_is_null(v)) {
    *out = -1;
    return DPSS_OK;
  }
  if (!json_is_string(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected a string or null, found %s", type_name(v));
  int i = dpss__lookup(names, n, json_string_value(v));
  if (i < 0) {
    char choices[256] = "";
    size_t len = 0;
    for (size_t k = 0; k < n && len < sizeof choices; k++)
      len += (size_t)snprintf(choices + len, sizeof choices - len, "%s\"%s\"", k ? ", " : "",
                              names[k]);
    return dpss__fail(DPSS_EUNKNOWN, p->buf, "expected one of %s", choices);
  }
  *out = (int8_t)i;
  return DPSS_OK;
}

int dpss__read_id(const json_t *v, dpss_path *p, bool required, char **out) {
  *out = NULL;
  if (!v || json_is_null(v)) {
    if (required)
      return dpss__fail(DPSS_EMISSING, p->buf, "required");
    return DPSS_OK;
  }
  if (!json_is_string(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected a string, found %s", type_name(v));
  if (!dpss__id_valid(json_string_value(v)))
    return dpss__fail(DPSS_ERANGE, p->buf,
                      "an id must be 1 to 64 printable characters without spaces");
  *out = dpss__strdup(json_string_value(v));
  if (!*out)
    return dpss__fail(DPSS_ENOMEM, p->buf, "out of memory");
  return DPSS_OK;
}

int dpss__read_objects(const json_t *v, dpss_path *p, const char *what,
                       const char *const *keys, size_t n_keys, size_t size, void **items,
                       size_t *count, dpss__item_reader read, void *ctx) {
  if (!v || json_is_null(v))
    return DPSS_OK;
  if (!json_is_array(v))
    return dpss__fail(DPSS_ETYPE, p->buf, "expected an array of %s", what);
  size_t n = json_array_size(v);
  if (!n)
    return DPSS_OK;
  unsigned char *a = dpss__calloc(n, size);
  if (!a)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  *items = a;
  for (size_t i = 0; i < n; i++) {
    const json_t *it = json_array_get(v, i);
    size_t m = dpss_path_push_index(p, i);
    int rc = dpss__expect_object(it, p);
    if (!rc)
      rc = dpss__only_keys(it, p, keys, n_keys);
    if (!rc) {
      (*count)++;
      rc = read(ctx, a + i * size, i, it, p);
    }
    if (rc)
      return rc;
    dpss_path_pop(p, m);
  }
  return DPSS_OK;
}
