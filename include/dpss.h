/* SPDX-License-Identifier: MIT */
/**
 * @file dpss.h
 * @brief libdpss: Direct Payment and Direct Payment Support Service rules.
 *
 * The umbrella header: include this one. Anything not declared under
 * `include/` is not part of the API.
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
#include "dpss/rules.h"
#include "dpss/reader.h"

#endif /* DPSS_H */
