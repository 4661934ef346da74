/* SPDX-License-Identifier: MIT */
/**
 * @file dpss.h
 * @brief libdpss: Direct Payment and Direct Payment Support Service rules.
 *
 * The umbrella header: include this one. Anything not declared under
 * `include/` is not part of the API.
 *
 * The JSON records the library reads and writes (recipients, policies,
 * networks, frameworks, decisions, schedules...) are the data contract,
 * described field by field in `docs/data-contract.md`, with a JSON Schema
 * for each in `schema/` (installed in `$(datadir)/libdpss/schema/`). Rule
 * ids (E1, S1, N5...) are those of the rule catalogue, `docs/RULES.md`.
 */
#ifndef DPSS_H
#define DPSS_H

#include "dpss/version.h"
#include "dpss/common.h"
#include "dpss/error.h"
#include "dpss/money.h"
#include "dpss/date.h"
#include "dpss/policy.h"
#include "dpss/recipient.h"
#include "dpss/decision.h"
#include "dpss/summary.h"
#include "dpss/payments.h"
#include "dpss/network.h"
#include "dpss/framework.h"
#include "dpss/ledger.h"
#include "dpss/rules.h"
#include "dpss/compare.h"
#include "dpss/batch.h"
#include "dpss/mapping.h"
#include "dpss/audit.h"
#include "dpss/reader.h"

#endif /* DPSS_H */
