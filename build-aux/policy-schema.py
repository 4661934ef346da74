#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write schema/policy.json from one table of the policy parameters.

The policy schema repeats each parameter several times (its value, its
schedule, a period under three names, the overrides' checks), so it is
made here rather than by hand; tests/check_schemas.py fails when the file
differs from what this script writes, and holds the table to the library
(names, types, ranges, spellings) through the loaders.

    build-aux/policy-schema.py > schema/policy.json
"""
import json
import sys

MONEY_LIMIT = 10**15

# name, kind, default, (min, max), rules, meaning, source. kind: int, bool,
# choice (with its words), period, list. The ranges are the library's
# (libdpss/policy_params.c).
PARAMS = [
    ("surplus_threshold_weeks", "int", 6, (1, 52), "S1",
     "A balance above this many weeks of the direct payment's weekly value is a surplus.",
     "COUNTY para 15"),
    ("startup_max_months", "int", 12, (1, 60), "T1, T4",
     "Start-up support lasts at most this many months.", "COUNTY para 16"),
    ("issue_escalation_days", "int", 14, (1, 365), "T3",
     "A one-off issue open more than this many days is escalated to a care manager review.",
     "COUNTY para 16"),
    ("min_associates", "int", 2, (1, 100), "N1",
     "The lead agent must appoint at least this many associates.", "COUNTY para 18"),
    ("first_review", "period", {"months": 6}, None, "R1",
     "The first review falls this long after the first payment (a review recorded before "
     "the first payment is not the first).", "SI 2014/2871 reg 7"),
    ("review_interval", "period", {"months": 12}, None, "R1",
     "Later reviews fall this long after the last review.",
     "SI 2014/2871 reg 7; COUNTY para 20"),
    ("first_audit", "period", {"months": 6}, None, "R2",
     "The first audit of a managed account falls this long after the first payment, or "
     "after the first review (first_audit_from).", "local practice"),
    ("audit_interval", "period", {"months": 12}, None, "R2",
     "Later audits fall this long after the last audit.", "local practice"),
    ("surplus_triggers_review", "bool", True, None, "S3",
     "Whether a surplus calls for a review of needs.", "COUNTY para 15"),
    ("payment_basis", ("choice", ["net", "gross"]), "net", None, "B2",
     "net: the council pays the direct payment less the contribution; gross: it pays it "
     "all and invoices the contribution.", "local choice"),
    ("payment_frequency", ("choice", ["four_weekly", "monthly"]), "four_weekly", None, "B3",
     "four_weekly: payments every payment_interval_weeks in advance; monthly: each "
     "calendar month in advance on its first day.", "local choice"),
    ("payment_interval_weeks", "int", 4, (1, 52), "B3",
     "Weeks between payments on the four_weekly frequency.", "local choice"),
    ("dp_uptake_target", "int", 40, (0, 100), "F4",
     "The target share of personal-budget holders taking a direct payment, in percent.",
     "COUNTY para 5"),
    ("framework_term_years", "int", 4, (1, 10), "F1",
     "The framework agreement's term in years.", "CITY"),
    ("market_viability_floor_percent", "int", 5, (0, 100), "N5, N6",
     "A provider's market share below this percent is a viability warning; fair spread "
     "gives every provider with room at least this share of plain referrals.",
     "COUNTY para 9 (local choice)"),
    ("market_dominance_ceiling_percent", "int", 50, (0, 100), "N5, N6",
     "A provider's market share above this percent is a dominance warning; fair spread "
     "gives the lead at most this share of plain referrals while associates have room.",
     "COUNTY para 9 (local choice)"),
    ("surplus_notice_days", "int", 14, (0, 365), "S4",
     "Days of notice before a surplus is recovered: the decision's surplus.recover_from is "
     "the as-of date plus this.",
     "councils ask for repayment two weeks after writing"),
    ("audit_match_days", "int", 5, (0, 31), "A3",
     "An account audit matches a council payment to a line in of the same amount within "
     "this many days either side of its date.", "A3"),
    ("dbs_valid_years", "int", 3, (1, 20), "A6",
     "A PA's DBS check counts when dated at most this many years before the end of the "
     "audited period.", "councils accept a DBS certificate from the last 3 years"),
    ("underspend_review_percent", "int", 75, (0, 100), "A9",
     "Spending below this percent of the council's payments in, over at least 8 weeks, is "
     "an underspend that calls for a review.", "A9"),
    ("misuse_threshold_pence", "int", 0, (0, MONEY_LIMIT), "A5",
     "Prohibited spending above this many pence in total makes an audit's outcome "
     "misuse_suspected.", "A5"),
    ("prohibited_categories", "list",
     ["rent_mortgage", "food_drink", "utilities", "alcohol", "tobacco", "gambling"], (0, 64),
     "A5", "Spending categories a direct payment may not be spent on, as distinct words.",
     "councils' direct payment agreements"),
    ("first_audit_from", ("choice", ["first_payment", "first_review"]), "first_payment", None,
     "R2", "What first_audit counts from: the first payment, or the first review R1 "
     "schedules (Wigan audits 12 months after a first review held 12 weeks after the start).",
     "R2 (Wigan)"),
]

UNITS = {"months": (1, 60), "weeks": (1, 260)}

CONTROL = "^(?![\\s\\S]*[\\u0000-\\u001f\\u007f-\\u009f])"

SCHEDULE_NOTE = ("A plain value holds at every date; a non-empty list of {from, value} "
                 "gives effective-dated values.")


def kind_of(p):
    return p[1] if isinstance(p[1], str) else p[1][0]


def spellings(p):
    """The names a parameter may be given under."""
    name = p[0]
    if kind_of(p) == "period":
        return [name, name + "_months", name + "_weeks"]
    return [name]


def default_text(p):
    d = p[2]
    if kind_of(p) == "period":
        (unit, n), = d.items()
        return f"{n} {unit}"
    if kind_of(p) == "list":
        return json.dumps(d)
    if kind_of(p) == "bool":
        return "true" if d else "false"
    return str(d)


def value_schema(p, unit=None):
    """The schema of one plain value (a period under unit's name when given)."""
    name, k = p[0], kind_of(p)
    if k == "int":
        lo, hi = p[3]
        if name.endswith("_pence"):
            return {"$ref": "common.json#/$defs/pence", "description": f"A value of {name}."}
        return {"type": "integer", "minimum": lo, "maximum": hi,
                "description": f"A value of {name}: a whole number from {lo} to {hi}."}
    if k == "bool":
        return {"type": "boolean", "description": f"A value of {name}."}
    if k == "choice":
        return {"enum": list(p[1][1]), "description": f"A value of {name}."}
    if k == "list":
        return {"type": "array", "maxItems": p[3][1], "uniqueItems": True,
                "items": {"$ref": "common.json#/$defs/category"},
                "description": f"A value of {name}: 0 to {p[3][1]} distinct words."}
    if unit:
        lo, hi = UNITS[unit]
        return {"type": "integer", "minimum": lo, "maximum": hi,
                "description": f"A value of {name}_{unit}: {lo} to {hi} {unit}."}
    return {"$ref": "#/$defs/period", "description": f"A value of {name}, with its unit."}


def def_name(p, unit=None):
    return "value_" + p[0] + ("_" + unit if unit else "")


def schedule(ref):
    return {
        "type": "array",
        "minItems": 1,
        "items": {
            "$ref": "#/$defs/dated",
            "properties": {"value": {"description": "The value from that day on.",
                                     "$ref": "#/$defs/" + ref}}}}


def property_schema(p, unit=None):
    name, k = p[0], kind_of(p)
    head = f"{p[5]} Rule {p[4]}. Default {default_text(p)}. Source: {p[6]}."
    if k == "period":
        if unit:
            lo, hi = UNITS[unit]
            head = (f"{name} in {unit}, {lo} to {hi} (the same parameter as {name}; give it "
                    f"under one name only). " + head)
        else:
            head = (f"{name} with its unit, {{\"months\": N}} (1 to 60) or {{\"weeks\": N}} "
                    f"(1 to 260); the form for a schedule that mixes units. The same "
                    f"parameter as {name}_months and {name}_weeks: give it under one name "
                    f"only. " + head)
    if k == "list":
        head += (" A plain value is a list of words ([] for none); a schedule is a non-empty "
                 "list of {from, value} whose values are lists.")
    ref = def_name(p, unit)
    return {"description": head + " " + SCHEDULE_NOTE,
            "anyOf": [{"$ref": "#/$defs/" + ref}, schedule(ref)]}


def schedule_test(p):
    """What makes a parameter's JSON a schedule rather than one plain value."""
    if kind_of(p) == "list":
        return {"type": "array", "minItems": 1, "prefixItems": [{"type": "object"}]}
    return {"type": "array"}


def build():
    props, defs, exclusive, value_props = {}, {}, {}, {}
    for p in PARAMS:
        if kind_of(p) == "period":
            for unit in (None, "months", "weeks"):
                key = p[0] + ("_" + unit if unit else "")
                props[key] = property_schema(p, unit)
                defs[def_name(p, unit)] = value_schema(p, unit)
            n = p[0]
            exclusive[n] = {"not": {"anyOf": [{"required": [n + "_months"]},
                                              {"required": [n + "_weeks"]}]}}
            exclusive[n + "_months"] = {"not": {"required": [n + "_weeks"]}}
            for unit in ("months", "weeks"):
                value_props[n + "_" + unit] = {
                    "description": f"{n} in {unit} (a period is named with its unit).",
                    "$ref": "#/$defs/" + def_name(p, unit)}
        else:
            props[p[0]] = property_schema(p)
            defs[def_name(p)] = value_schema(p)
            value_props[p[0]] = {"description": f"{p[0]} (rule {p[4]}).",
                                 "$ref": "#/$defs/" + def_name(p)}
    names = [s for p in PARAMS for s in spellings(p)]
    override_checks = []
    for p in PARAMS:
        sp = spellings(p)
        override_checks.append({
            "if": {"required": ["overrides"],
                   "properties": {"overrides": {"type": "array", "contains": {"enum": sp}}}},
            "then": {"required": ["parameters"],
                     "properties": {"parameters": {
                         "type": "object",
                         "anyOf": [{"required": [s]} for s in sp],
                         "properties": {s: {"not": schedule_test(p)} for s in sp}}}}})
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://libdpss.org/schema/0.2/policy.json",
        "$comment": "SPDX-License-Identifier: MIT",
        "title": "Policy",
        "description": (
            "A council's policy: parameters with their values, plain or effective-dated "
            "(dpss --policy FILE, dpss_policy_from_json). Parameters not given keep the "
            "built-in default (Nottinghamshire); an unknown parameter or key is an error. "
            "Also the output of dpss policy show --json and dpss_policy_to_json, which "
            "write every parameter (a period under the name of its unit, a schedule's open "
            "start as 0001-01-01) and the overrides. Written by build-aux/policy-schema.py. "
            "Cross-field check the schema cannot express: two entries of one schedule may "
            "not share a from date."),
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "id": {
                "description": "The policy's id: 1 to 64 bytes of printable text (spaces "
                               "allowed, no control characters; 64 characters of ASCII, fewer "
                               "of other scripts); \"custom\" when absent or null.",
                "type": ["string", "null"], "minLength": 1, "maxLength": 64,
                "pattern": CONTROL},
            "version": {
                "description": "The policy's version, often the date it was adopted: up to "
                               "64 bytes of printable text. Absent, null or \"\": none (a "
                               "policy without a version writes none).",
                "type": ["string", "null"], "maxLength": 64, "pattern": CONTROL},
            "description": {
                "description": "Free text for readers, 1 to 4096 characters (lines "
                               "allowed): where the policy comes from, such as the council's "
                               "published page. Kept and written back; null or absent: none.",
                "type": ["string", "null"], "minLength": 1, "maxLength": 4096},
            "parameters": {
                "description": "The parameters, by name. null or absent: every default holds.",
                "anyOf": [{"type": "null"}, {"$ref": "#/$defs/parameters"}]},
            "overrides": {
                "description": "The parameters set as what-if overrides (dpss --set, "
                               "with_overrides), by name, as dpss_policy_to_json writes "
                               "them: each must be given in parameters as one plain value "
                               "(not a schedule). Decisions made under the policy name them "
                               "with their values (policy.overrides). null or absent: none.",
                "type": ["array", "null"],
                "items": {"enum": names}}},
        "allOf": override_checks,
        "$defs": {
            "parameters": {
                "description": "Policy parameters by name: each a plain value, or a non-empty "
                               "list of {from, value} (the value in force on a date is the one "
                               "with the latest from on or before it; before the first from, "
                               "the built-in default holds). A period (first_review, "
                               "review_interval, first_audit, audit_interval) is given under "
                               "one of three names: NAME_months: N, NAME_weeks: N, or NAME: "
                               "{\"months\": N} | {\"weeks\": N}.",
                "type": "object",
                "additionalProperties": False,
                "properties": props,
                "dependentSchemas": exclusive},
            "values": {
                "description": "Parameter values as decisions and schedules show them "
                               "(policy.overrides, trace[].parameters): one plain value each, "
                               "a period under the name of its unit (first_review_weeks: 12).",
                "type": "object",
                "additionalProperties": False,
                "properties": value_props,
                "dependentSchemas": {p[0] + "_months": {"not": {"required": [p[0] + "_weeks"]}}
                                     for p in PARAMS if kind_of(p) == "period"}},
            "dated": {
                "description": "One entry of an effective-dated schedule.",
                "type": "object",
                "additionalProperties": False,
                "required": ["from", "value"],
                "properties": {
                    "from": {"description": "The first day the value holds.",
                             "$ref": "common.json#/$defs/date"},
                    "value": {"description": "The value from that day on (the parameter's "
                                             "type)."}}},
            "period": {
                "description": "A period with its unit: exactly one of weeks or months. "
                               "Councils publish review and audit periods in either (Gateshead "
                               "and Wigan: a first review 12 weeks after the start; Haringey: "
                               "6 months, then yearly).",
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "maxProperties": 1,
                "properties": {
                    "weeks": {"description": "The period in weeks, 1 to 260.",
                              "type": "integer", "minimum": 1, "maximum": 260},
                    "months": {"description": "The period in calendar months (adding months "
                                              "keeps the day, clamped to the month's end), 1 "
                                              "to 60.",
                               "type": "integer", "minimum": 1, "maximum": 60}}},
            **defs,
        },
    }
    return schema


def dumps(value, indent=0, width=100):
    """JSON with two-space indents, a value kept on one line when it fits."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: "
                 f"{dumps(v, indent + 2, width).lstrip()}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if all(not isinstance(v, (dict, list)) for v in value):
        lines, line = [], ""
        for v in value:
            word = json.dumps(v, ensure_ascii=False)
            if line and len(pad) + len(line) + len(word) + 2 > width:
                lines.append(line)
                line = ""
            line += (" " if line else "") + word + ","
        lines.append(line.rstrip(","))
        return "[\n" + "\n".join(pad + x for x in lines) + "\n" + " " * indent + "]"
    items = [pad + dumps(v, indent + 2, width).lstrip() for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def main():
    sys.stdout.write(dumps(build()) + "\n")


if __name__ == "__main__":
    main()
