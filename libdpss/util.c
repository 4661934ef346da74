/* SPDX-License-Identifier: MIT */
/* Memory, versions, identifiers and small text helpers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "internal.h"

void dpss_free(void *ptr) { free(ptr); }

const char *dpss_version_string(void) { return PACKAGE_VERSION; }

int dpss_version_number(void) { return DPSS_VERSION_NUMBER; }

char *dpss__strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = dpss__malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}

/* An external id: 1 to 64 printable ASCII characters, no spaces. */
bool dpss__id_valid(const char *s) {
  size_t n = 0;
  if (!s)
    return false;
  for (; s[n]; n++) {
    unsigned char c = (unsigned char)s[n];
    if (c <= 0x20 || c >= 0x7f || n >= DPSS_ID_MAX)
      return false;
  }
  return n > 0;
}

void dpss__copy_id(char *dst, const char *src) {
  size_t n = strlen(src);
  if (n > DPSS_ID_MAX)
    n = DPSS_ID_MAX;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

int dpss__lookup(const char *const *names, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(names[i], s) == 0)
      return (int)i;
  return -1;
}

int dpss_id_generate(char **out, const char *prefix) {
  if (!out)
    return dpss__fail(DPSS_EINVAL, NULL, "out is NULL");
  *out = NULL;
  size_t plen = prefix ? strlen(prefix) : 0;
  if (plen > 16)
    return dpss__fail(DPSS_EINVAL, "prefix", "prefix longer than 16 characters");
  for (size_t i = 0; i < plen; i++) {
    char c = prefix[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == '-'))
      return dpss__fail(DPSS_EINVAL, "prefix", "prefix may hold only letters, digits and '-'");
  }
  uuid_t u;
  char text[37];
  uuid_generate(u);
  uuid_unparse_lower(u, text);
  char *s = dpss__malloc(plen + 1 + sizeof text);
  if (!s)
    return dpss__fail(DPSS_ENOMEM, NULL, "out of memory");
  if (plen) {
    memcpy(s, prefix, plen);
    s[plen] = '-';
    memcpy(s + plen + 1, text, sizeof text);
  } else {
    memcpy(s, text, sizeof text);
  }
  *out = s;
  return DPSS_OK;
}
