/* SPDX-License-Identifier: MIT */
/* Routing (N2-N5, P2, P4): the input is referrals, one JSON record a line,
 * routed in order through the sample network. Every routing is valid JSON,
 * names a provider of the network that had room (or none, or one outside it
 * for a kept arrangement or the person's choice), never more than
 * one outcome a referral; and the same referrals through a fresh copy of the
 * network give the same routings (the result depends only on the network
 * and the order). */
#include "fuzz.h"

#define MAX_LINES 64

static void route_all(dpss_network *n, dpss_recipient **refs, size_t count, char **out) {
  dpss_sb sb;
  dpss_sb_init(&sb);
  for (size_t i = 0; i < count; i++) {
    size_t np = dpss_network_provider_count(n);
    int64_t load[8];
    for (size_t k = 0; k < np && k < 8; k++)
      load[k] = dpss_network_provider_caseload(n, k);
    dpss_routing *o = NULL;
    char *j;
    MUST(dpss_network_route(&o, n, refs[i]));
    FUZZ_WRITE(j, dpss_routing_to_json(o, &j), fuzz_json);
    const char *p = dpss_routing_provider(o);
    /* A provider outside the network is named only for a kept arrangement
     * (N4) or the person's own choice (N5); its caseload is not ours. */
    bool found = p == NULL || !dpss_routing_in_network(o);
    FUZZ_CHECK(!p || dpss_routing_in_network(o) ||
                   strstr(dpss_routing_rules(o), "N4") || strstr(dpss_routing_rules(o), "N5"),
               "outside the network without N4 or N5");
    for (size_t k = 0; p && k < np && k < 8; k++)
      if (strcmp(p, dpss_network_provider_id(n, k)) == 0) {
        found = true;
        FUZZ_CHECK(load[k] < dpss_network_provider_capacity(n, k), "%s had no room", p);
        FUZZ_CHECK(dpss_network_provider_caseload(n, k) == load[k] + 1, "caseload not counted");
      }
    FUZZ_CHECK(found, "routed to %s, not in the network", p);
    FUZZ_CHECK(strcmp(dpss_routing_id(o), dpss_recipient_id(refs[i])) == 0, "routing id");
    dpss_sb_puts(&sb, j);
    dpss_sb_putc(&sb, '\n');
    dpss_free(j);
    dpss_routing_free(o);
  }
  MUST(dpss_sb_finish(&sb, out));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  dpss_recipient *refs[MAX_LINES];
  size_t count = 0;
  for (char *line = text, *next; line && count < MAX_LINES; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    dpss_recipient *r = NULL;
    int rc = dpss_recipient_from_json(&r, line);
    if (rc == DPSS_OK)
      refs[count++] = r;
    else
      fuzz_failed("dpss_recipient_from_json", rc, r);
  }
  free(text);
  dpss_network *n = NULL, *fresh = NULL;
  MUST(dpss_network_from_json(&n, FUZZ_NETWORK, NULL, fuzz_date("2026-11-22")));
  MUST(dpss_network_clone(&fresh, n));
  char *a, *b;
  route_all(n, refs, count, &a);
  route_all(fresh, refs, count, &b);
  FUZZ_CHECK(strcmp(a, b) == 0, "the same referrals routed differently\n1: %s\n2: %s", a, b);
  char *j;
  FUZZ_WRITE(j, dpss_network_to_json(n, &j), fuzz_json);
  dpss_free(j);
  dpss_free(a);
  dpss_free(b);
  for (size_t i = 0; i < count; i++)
    dpss_recipient_free(refs[i]);
  dpss_network_free(n);
  dpss_network_free(fresh);
  return 0;
}
