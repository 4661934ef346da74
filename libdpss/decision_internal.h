/* SPDX-License-Identifier: MIT */
/* The decision record and its trace codes: shared by evaluate.c,
 * decision.c and summary.c. Not API. */
#ifndef DPSS_DECISION_INTERNAL_H
#define DPSS_DECISION_INTERNAL_H

#include "internal.h"

/* Trace codes; each has a row in the table in decision.c. */
enum dpss_tc {
  TC_E1_ADULT, TC_E1_CHILD, TC_E1_KIND_UNKNOWN,
  TC_E4_EXCLUDED, TC_E4_CLEAR, TC_E4_UNKNOWN,
  TC_E2_CONSENTS, TC_E2_ELIGIBLE, TC_E2_REFUSES, TC_E2_UNKNOWN,
  TC_E3_AUTHORISED, TC_E3_ELIGIBLE, TC_E3_NONE, TC_E3_NONE_MOOT,
  TC_E23_CAPACITY_UNKNOWN, TC_E2_IF_CAPACITY_REFUSES, TC_E3_IF_NO_CAPACITY_NONE,
  TC_E6_UNDETERMINED, TC_E6_NOT_NEEDED,
  TC_E5_NOT_APPLICABLE, TC_E5_ALLOWED, TC_E5_REFUSED, TC_E5_UNDETERMINED,
  TC_P1_RECORDED, TC_P1_UNKNOWN,
  TC_P2_OWN_ACCOUNT, TC_P2_CARD, TC_P2_CARD_EITHER, TC_P2_ACCREDITED, TC_P2_UNKNOWN,
  TC_P3_BANK, TC_P3_CARD, TC_P3_MANAGED, TC_P3_UNKNOWN,
  TC_P4_JOINT, TC_P4_SINGLE,
  TC_T4_NONE, TC_T_UNDETERMINED_ELIGIBILITY,
  TC_T1_NEW_PAS, TC_T1_COMPLEX, TC_T1_RECORDED, TC_T1_NOT_STARTED,
  TC_T4_ENDED, TC_T4_COMPLETED, TC_T4_MOVED_ON,
  TC_T2_ISSUE_BASED, TC_T1_UNDETERMINED,
  TC_S1_SURPLUS, TC_S1_NO_SURPLUS, TC_S1_UNKNOWN, TC_S1_NO_FUNDING,
  TC_S2_OWED,
  TC_S3_REVIEW, TC_S3_NO_REVIEW,
  TC_S4_NOTICE,
  TC_T3_ESCALATE, TC_T3_OPEN,
  TC_R1_FIRST, TC_R1_NEXT, TC_R1_BEFORE_FIRST, TC_R1_NONE, TC_R1_EVENT, TC_R1_MISUSE_AUDIT,
  TC_R1_EXTRA,
  TC_R2_FIRST, TC_R2_NEXT, TC_R2_BEFORE_FIRST, TC_R2_NONE, TC_R2_NOT_MANAGED, TC_R2_UNKNOWN,
  TC_COUNT_
};

typedef struct dpss_trace {
  uint8_t code;
  int64_t a, b, c, d;
} dpss_trace;

typedef struct dpss_escalation {
  char id[DPSS_ID_MAX + 1];
  int32_t open_days;
  bool review;
} dpss_escalation;

struct dpss_decision {
  bool evaluated;
  dpss_date as_of;
  char id[DPSS_ID_MAX + 1];
  char policy_id[DPSS_ID_MAX + 1];
  char policy_version[DPSS_ID_MAX + 1];
  int8_t status, via, family;
  uint32_t elig_missing; /* bit per dpss_fact_field */
  uint32_t tier_missing;
  int8_t method, recommended, accredited;
  bool single_provider;
  int8_t tier;
  dpss_date tier_ends;
  int64_t weekly, threshold, available, excess;
  int8_t reclaim, surplus_review;
  dpss_date recover_from; /* S4 */
  dpss_escalation *esc;
  size_t n_esc, cap_esc;
  dpss_date review_due, audit_due;
  bool extra_review_surplus, extra_review_escalation, extra_review_misuse, extra_review_event;
  dpss_trace *trace;
  size_t n_trace, cap_trace;
  dpss_params params;
  char *overrides; /* the policy's what-if overrides as JSON, "" for none */
  size_t overrides_cap;
};

DPSS_INTERNAL const char *dpss__trace_rule(uint8_t code);
DPSS_INTERNAL const char *dpss__trace_outcome(uint8_t code);
/* Append the `because` text of a trace entry. */
DPSS_INTERNAL void dpss__trace_because(dpss_sb *sb, const dpss_decision *d, const dpss_trace *t);
DPSS_INTERNAL void dpss__decision_json(dpss_sb *sb, const dpss_decision *d);

#endif
