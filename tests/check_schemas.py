# SPDX-License-Identifier: MIT
"""Check the JSON Schemas in schema/ (run by tests/check-schemas.sh).

1. Every schema is valid draft 2020-12, has the $id of its file name, every
   $ref resolves, and every property has a description; schema/policy.json
   is what build-aux/policy-schema.py writes.
2. Every sample (examples/data/, examples/policies/, the sample statements'
   CSV line by line), test input (tests/data/, every record of every kind in
   tests/cases/: an audit case's recipient, mapping, period, balances and
   statement line by line, the lines it expects refused failing the schema
   and the others passing, its expected audit as a part of audit.json) and
   example of docs/data-contract.md (JSON, JSON Lines and CSV) validates
   against its schema. A file there that is no record (planted.json) is
   named in NOT_RECORDS with the reason, and checked otherwise.
3. Every line the dpss tool writes (evaluate, payments, route, transition,
   market, policy show, framework add, audits, return), and with the Python
   binding the summary, totals (also when they overflow), framework report,
   network, recipient and policy JSON, the audit of every sample statement
   (examples/data/statements/, 2026-05-01 to 2026-10-31, against the sample
   caseload), of every audit case and of edge audits, their audit summary,
   and a framework ledger's export, validates against its schema; so do the
   what-if comparison's lines and summary, made by tests/compare_lines.c
   built here (neither the tool nor the bindings expose comparisons yet).
4. Agreement with the loaders: each input in INVALID is refused by the loader
   and by the schema; each input in VALID (and each input example of the
   contract) is accepted by both; each list of words (ENUMS, a statement's
   columns and types) is the loader's list exactly; the policy's parameters
   are the library's, by name, by each spelling and at each end of each
   range. The loader is asked through the Python binding when it is built
   (BUILD_PYTHON=yes), else through the tool (DPSS_SCHEMA_ORACLE=python|tool|
   both chooses); statements and mappings only through Python (the tool has
   no command that reads them now). KNOWN_GAPS lists where the two differ on
   purpose (checks a schema cannot express); each is reported, and a note
   asks for the list to be updated when one closes.
5. The fields issue 10 added (policy.overrides, surplus.recover_from,
   in_network, joins_network, set_aside, overflow, rules) and the audit
   record's ties between fields validate on real outputs, and wrong ones do
   not.

Prints one line per check ("ok"/"not ok") and exits 1 on any failure.
"""
import argparse
import copy
import csv
import datetime
import io
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import jsonschema
from jsonschema import Draft202012Validator, RefResolver
from jsonschema.exceptions import best_match

BASE = "https://libdpss.org/schema/0.2/"
AS_OF = "2026-11-22"


class Report:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        if cond:
            print(f"ok {self.n} - {name}")
        else:
            self.failed += 1
            print(f"not ok {self.n} - {name}" + (f": {detail}" if detail else ""))
        return cond

    def note(self, text):
        print(f"# {text}")


# ------------------------------------------------------------------ schemas

class Schemas:
    def __init__(self, directory):
        self.dir = directory
        self.by_name = {}
        for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
            with open(path, encoding="utf-8") as f:
                self.by_name[os.path.basename(path)[:-5]] = json.load(f)
        self.store = {s["$id"]: s for s in self.by_name.values() if "$id" in s}
        self._validators = {}

    def validator(self, name):
        if name not in self._validators:
            schema = self.by_name[name]
            resolver = RefResolver(base_uri=schema["$id"], referrer=schema, store=self.store)
            self._validators[name] = Draft202012Validator(
                schema, resolver=resolver, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self._validators[name]

    def errors(self, name, instance):
        """The validation errors' messages (empty when valid)."""
        return self._messages(self.validator(name), instance)

    def _resolver(self, base):
        schema = self.store[base.split("#")[0]]
        return RefResolver(base_uri=base, referrer=schema, store=self.store)

    def sub_errors(self, base, subschema, instance):
        """The errors of instance against subschema, a part of the schema
        whose $id is base (its $refs resolved from there)."""
        v = Draft202012Validator(subschema, resolver=self._resolver(base),
                                 format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self._messages(v, instance)

    def partial_errors(self, name, instance, node=None, base=None, path=""):
        """The errors of instance as a part of what schema name (or its part
        node, in the schema whose $id is base) describes: an object may leave
        keys out, but each key it has must be one the schema allows, with a
        valid value; a list's items likewise. For expectations that name only
        some fields of an output."""
        if node is None:
            node, base = self.by_name[name], self.by_name[name]["$id"]
        while isinstance(node, dict) and "$ref" in node and not (
                {"properties", "items"} & set(node)):
            base, node = self._resolver(base).resolve(node["$ref"])
        if isinstance(instance, dict) and isinstance(node, dict) and "properties" in node:
            out = []
            for k, v in instance.items():
                if k not in node["properties"]:
                    out.append(f"{path}{k}: not a field of {name}.json")
                else:
                    out += self.partial_errors(name, v, node["properties"][k], base,
                                               f"{path}{k}/")
            return out
        if isinstance(instance, list) and isinstance(node, dict) and isinstance(
                node.get("items"), dict):
            return [e for i, v in enumerate(instance)
                    for e in self.partial_errors(name, v, node["items"], base, f"{path}{i}/")]
        return [path + e for e in self.sub_errors(base, node, instance)]

    @staticmethod
    def _messages(validator, instance):
        errs = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        # Under anyOf/oneOf, the most specific error of the branches.
        errs = [best_match(e.context) if e.context else e for e in errs]
        return ["/".join(str(p) for p in e.absolute_path) + ": " + e.message[:200] for e in errs]


def walk(node, path, fn):
    fn(node, path)
    if isinstance(node, dict):
        for k, v in node.items():
            walk(v, path + [k], fn)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, path + [i], fn)


def check_schemas(schemas, rep):
    expected = {"common", "recipient", "referral", "policy", "network", "routing", "transition",
                "market", "framework", "framework-report", "call-off", "payment-schedule",
                "payments-totals", "decision", "summary", "audits-due", "return",
                "support-plan", "statement-line", "mapping", "statement-mapping", "audit",
                "audit-summary", "comparison", "comparison-line"}
    rep.ok(expected <= set(schemas.by_name), "schema/ holds every schema",
           f"missing {sorted(expected - set(schemas.by_name))}")
    with open(os.path.join(schemas.dir, "..", "Makefile.am"), encoding="utf-8") as f:
        m = re.search(r"^dist_schema_DATA\s*=((?:.*\\\n)*.*)$", f.read(), re.M)
    listed = set(re.findall(r"schema/([a-z-]+)\.json", m.group(1))) if m else set()
    rep.ok(listed == set(schemas.by_name), "Makefile.am installs and ships every schema",
           f"not listed {sorted(set(schemas.by_name) - listed)}, "
           f"listed but absent {sorted(listed - set(schemas.by_name))}")
    for name, schema in schemas.by_name.items():
        try:
            Draft202012Validator.check_schema(schema)
            good = True
            detail = ""
        except jsonschema.SchemaError as e:
            good, detail = False, e.message
        rep.ok(good, f"{name}.json is a valid draft 2020-12 schema", detail)
        rep.ok(schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
               and schema.get("$id") == BASE + name + ".json"
               and schema.get("$comment") == "SPDX-License-Identifier: MIT",
               f"{name}.json declares draft 2020-12, the $id {BASE}{name}.json and its licence")
        undocumented, refs = [], []

        def visit(node, path):
            if isinstance(node, dict):
                # Declarations, not the constraints inside contains, if/then/
                # else, not and oneOf branches.
                conditional = {"contains", "if", "then", "else", "not", "oneOf"} & set(path)
                if isinstance(node.get("properties"), dict) and path[-1:] != ["properties"] \
                        and not conditional:
                    for key, sub in node["properties"].items():
                        if not isinstance(sub, dict) or "description" not in sub:
                            undocumented.append("/".join(map(str, path + ["properties", key])))
                if isinstance(node.get("$ref"), str):
                    refs.append(node["$ref"])
        walk(schema, [], visit)
        rep.ok(not undocumented, f"{name}.json: every property has a description",
               ", ".join(undocumented[:5]))
        resolver = RefResolver(base_uri=schema["$id"], referrer=schema, store=schemas.store)
        bad = []
        for ref in refs:
            try:
                resolver.resolve(ref)
            except Exception as e:  # noqa: BLE001 - report any resolution failure
                bad.append(f"{ref} ({type(e).__name__})")
        rep.ok(not bad, f"{name}.json: every $ref resolves", ", ".join(bad[:5]))
    gen = os.path.join(schemas.dir, "..", "build-aux", "policy-schema.py")
    p = subprocess.run([sys.executable, gen], capture_output=True, text=True)
    with open(os.path.join(schemas.dir, "policy.json"), encoding="utf-8") as f:
        rep.ok(p.returncode == 0 and p.stdout == f.read(),
               "schema/policy.json is what build-aux/policy-schema.py writes",
               p.stderr[-300:]
               or "they differ: run build-aux/policy-schema.py > schema/policy.json")


# ------------------------------------------------------------------ samples

def read_records(path):
    """A JSON file's value, or each line of a JSON Lines file."""
    with open(path, encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            return [json.loads(line) for line in f if line.strip()]
        return [json.load(f)]


def expect_valid(schemas, rep, name, instance, label):
    errs = schemas.errors(name, instance)
    return rep.ok(not errs, f"{label} validates against {name}.json", "; ".join(errs[:3]))


# ------------------------------------------------------------- statements

STATEMENT_COLUMNS = ["date", "description", "amount", "amount_pence", "balance",
                     "balance_pence", "payee", "category", "type"]


def csv_statement(text, mapping=None):
    """A CSV statement read as dpss_statement_from_csv reads it, as the JSON
    Lines it stands for (statement-line.json): each row an object of our
    column names (after the mapping's columns and values) and the fields'
    text, amount_pence and balance_pence as integers when they are whole
    pence, an empty one as null. Returns (header error or "", [(file line,
    object, or None for a row CSV itself refuses)])."""
    mapping = mapping or {}
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows, prev = [], 0
        for fields in reader:
            rows.append((prev + 1, fields))
            prev = reader.line_num
    except csv.Error as e:
        return f"not well-formed CSV after line {prev}: {e}", []
    if not rows:
        return "no header row", []
    columns, values = mapping.get("columns") or {}, mapping.get("values") or {}
    if mapping.get("types") is not None:
        values = dict(values, type=mapping["types"])
    ours = []
    for h in (f.strip(" \t") for f in rows[0][1]):
        if h in columns:
            ours.append(columns[h])
        elif h in STATEMENT_COLUMNS:
            ours.append(h)
        elif mapping.get("other_columns") == "ignore":
            ours.append(None)
        else:
            return f"the header {h!r} names no column of a statement", []
    out = []
    for line, fields in rows[1:]:
        if all(f == "" for f in fields):
            continue
        if len(fields) != len(ours):
            out.append((line, None))
            continue
        obj = {}
        for col, text_ in zip(ours, fields):
            if col is None:
                continue
            trimmed = text_.strip(" \t")
            if col in values and len(trimmed.encode()) <= 200:
                trimmed = text_ = values[col].get(trimmed, trimmed)
            if col.endswith("_pence"):
                obj[col] = (None if trimmed == "" else
                            int(trimmed) if re.fullmatch(r"[-+]?[0-9]+", trimmed) else text_)
            else:
                obj[col] = text_
        out.append((line, obj))
    return "", out


def jsonl_statement(text):
    """A JSON Lines statement as [(line, object or None when not JSON)],
    blank lines skipped."""
    out = []
    for i, line in enumerate(text.split("\n"), 1):
        if line.strip(" \t\r"):
            try:
                out.append((i, json.loads(line)))
            except ValueError:
                out.append((i, None))
    return out


def statement_errors(schemas, lines):
    """{line: the schema's errors} for each line of a statement that fails
    statement-line.json (a row CSV refuses, or not JSON, fails too)."""
    bad = {}
    for line, obj in lines:
        errs = ["not a row of the header's width, or not JSON"] if obj is None else \
            schemas.errors("statement-line", obj)
        if errs:
            bad[line] = errs
    return bad


# Every sample and test data file, by path (a glob) from the top of the tree,
# and its schema. A file in one of these folders that no entry covers fails.
SAMPLES = [
    ("examples/data/caseload.jsonl", "recipient"),
    ("examples/data/recipient.json", "recipient"),
    ("examples/data/referrals.jsonl", "referral"),
    ("examples/data/network.json", "network"),
    ("examples/data/framework.json", "framework"),
    ("examples/data/policy-*.json", "policy"),
    ("examples/data/policies/*.json", "policy"),
    ("examples/policies/*.json", "policy"),
    ("tests/data/recipient-*.json", "recipient"),
    ("tests/data/policy-*.json", "policy"),
    ("examples/data/statements/*.csv", "statement-line"),
    ("examples/data/case-system-map.json", "mapping"),
    # Recipients as CSV: each row is read (through the Python binding's
    # reader, below) into the recipient JSON the library evaluates.
    ("examples/data/caseload.csv", "recipient"),
    ("examples/data/case-system-export.csv", "recipient"),
]
# The mapping each CSV of recipients is read with (none: our own headers).
CSV_RECIPIENT_MAPS = {"examples/data/case-system-export.csv": "examples/data/case-system-map.json"}
SAMPLE_FOLDERS = ["examples/data", "examples/policies", "tests/data"]
# Files in those folders that are no record of the contract, and why; each
# is checked otherwise.
NOT_RECORDS = {
    "examples/data/statements/planted.json":
        "the findings examples/data/make-statements.py planted in the sample statements, "
        "which their audits must report (a test fixture, not a record the library reads or "
        "writes): each finding is checked as part of an audit finding (audit.json), and "
        "every sample statement has its entry (check_planted)",
}

# The keys of a shared case (tests/cases/*.json): each input is a record of
# a kind (validated below); the rest are the case's name, dates, ranges and
# expectations, which the case runner compares with the library's answers.
CASE_INPUTS = {"recipient", "referrals", "referral_template", "caseload", "network",
               "framework", "policy", "policy_file", "add", "set", "statement",
               "statement_csv", "mapping"}
CASE_OTHER = {"name", "rules", "as_of", "payments", "return", "transition", "referral_count",
              "expect", "expect_error", "expect_network_error", "expect_payments",
              "expect_routing", "expect_routings", "expect_routed", "expect_transition",
              "expect_market", "expect_return", "expect_committed", "trace_includes",
              "from", "to", "opening_pence", "closing_pence", "expect_audit",
              "expect_statement_errors"}
# An audit case (tests/test_cases.c run_audit_case): a recipient, a statement
# (statement: JSON lines as objects; statement_csv: CSV text; mapping), the
# period and the balances given (null: from the running balances); then the
# audit expected (a part of the audit record), or expect_error for the audit
# and expect_statement_errors for the statement's bad lines.
AUDIT_CASE_KEYS = {"statement", "statement_csv", "expect_audit", "expect_statement_errors"}
STATUS_NAMES = {"EINVAL", "ENOMEM", "ESYNTAX", "ETYPE", "ERANGE", "EMISSING", "EUNKNOWN",
                "EOVERFLOW", "EDATE", "EIO", "EDUPLICATE", "ENOTFOUND", "ECONFLICT", "ECAP",
                "ENETWORK"}
# Refusals a schema cannot make (checks across fields or list items, or
# against the policy in force): the schema may accept what the loader refuses.
CROSS_FIELD = {"ECONFLICT", "ENETWORK", "EDUPLICATE"}


def set_value(schemas, name, text):
    """The JSON value of NAME=VALUE text as a policy file would give it: a
    list parameter's comma-separated words as a list, else the JSON the text
    is, else the text as a string."""
    props = schemas.by_name["policy"]["$defs"]["parameters"]["properties"]
    ref = props.get(name, {}).get("anyOf", [{}])[0].get("$ref", "")
    value_def = schemas.by_name["policy"]["$defs"].get(ref.rsplit("/", 1)[-1], {})
    if value_def.get("type") == "array":
        return [w for w in text.split(",")] if text else []
    try:
        return json.loads(text)
    except ValueError:
        return text


def check_csv_recipients(schemas, rep, top, dpss):
    """Recipients in CSV: every row, read by the library's reader (with its
    mapping), is a recipient that validates against recipient.json."""
    native = dpss._native
    for pattern, name in SAMPLES:
        if name != "recipient" or not pattern.endswith(".csv"):
            continue
        for path in sorted(glob.glob(os.path.join(top, pattern))):
            rel = os.path.relpath(path, top)
            reader = native.Reader.open(path, native.READER_CSV)
            if rel in CSV_RECIPIENT_MAPS:
                reader.set_mapping(native.Mapping.from_file(
                    os.path.join(top, CSV_RECIPIENT_MAPS[rel])))
            rows, bad, invalid = 0, [], []
            while True:
                got = reader.next()
                if got <= 0:
                    break
                rows += 1
                if got != native.READ_RECORD:
                    bad.append((reader.record(), reader.error_message()))
                    continue
                errs = schemas.errors("recipient", json.loads(reader.text()))
                if errs:
                    invalid.append((reader.record(), errs[:2]))
            rep.ok(rows and not bad and not invalid,
                   f"{rel}: {rows} row(s) read as recipients that validate against recipient.json",
                   (bad and f"row {bad[0][0]}: {bad[0][1]}") or
                   (invalid and f"row {invalid[0][0]}: {invalid[0][1]}") or "no rows")


def check_samples(schemas, rep, top):
    seen = set()
    for pattern, name in SAMPLES:
        for path in sorted(glob.glob(os.path.join(top, pattern))):
            seen.add(path)
            rel = os.path.relpath(path, top)
            if path.endswith(".csv") and name == "recipient":
                continue  # check_csv_recipients(), through the reader
            if path.endswith(".csv"):
                with open(path, encoding="utf-8", newline="") as f:
                    header, lines = csv_statement(f.read())
                bad = statement_errors(schemas, lines)
                rep.ok(not header and lines and not bad,
                       f"{rel}: {len(lines)} line(s) of CSV validate against {name}.json",
                       header or (bad and f"line {min(bad)}: {bad[min(bad)][:2]}") or "no lines")
                continue
            recs = read_records(path)
            bad = [(i, schemas.errors(name, r)) for i, r in enumerate(recs)]
            bad = [(i, e) for i, e in bad if e]
            rep.ok(recs and not bad, f"{rel}: {len(recs)} record(s) validate against {name}.json",
                   bad and f"record {bad[0][0] + 1}: {bad[0][1][:2]}")
    for folder in SAMPLE_FOLDERS:
        for path in sorted(glob.glob(os.path.join(top, folder, "**", "*.json*"), recursive=True)
                           + glob.glob(os.path.join(top, folder, "**", "*.csv"), recursive=True)):
            rel = os.path.relpath(path, top)
            if rel in NOT_RECORDS:
                rep.note(f"{rel} is not a record: {NOT_RECORDS[rel]}")
                continue
            rep.ok(path in seen, f"{rel} has a schema",
                   "add it to SAMPLES (or NOT_RECORDS, saying why) in tests/check_schemas.py")
    check_planted(schemas, rep, top)

    # The shared case suite: every input of every case, against its schema.
    # A case expecting the loader to refuse an input must fail the schema
    # too, unless the refusal is one no schema can make (CROSS_FIELD).
    for path in sorted(glob.glob(os.path.join(top, "tests", "cases", "*.json"))):
        case = read_records(path)[0]
        label = "tests/cases/" + os.path.basename(path)
        unknown = set(case) - CASE_INPUTS - CASE_OTHER
        rep.ok(not unknown, f"{label}: every key is a known input or expectation",
               f"unknown {sorted(unknown)}: give it a schema in check_samples")
        if AUDIT_CASE_KEYS & set(case):
            check_audit_case(schemas, rep, label, case)
            continue
        refused = {"recipient": case.get("expect_error"),
                   "network": case.get("expect_network_error")}
        parts = []
        if "recipient" in case:
            parts.append(("referral" if "network" in case else "recipient", case["recipient"],
                          "recipient"))
        for i, r in enumerate(case.get("referrals", [])):
            parts.append(("referral", r, f"referrals[{i}]"))
        if "referral_template" in case:
            parts.append(("referral", case["referral_template"], "referral_template"))
            # The ids the runner makes: the template's id, -1 to -N.
            last = dict(case["referral_template"],
                        id=f"{case['referral_template'].get('id', 'R')}-{case['referral_count']}")
            parts.append(("referral", last, f"referral {case['referral_count']}"))
        for i, r in enumerate(case.get("caseload", [])):
            parts.append(("recipient", r, f"caseload[{i}]"))
        for key in ("network", "framework", "policy"):
            if key in case:
                parts.append((key, case[key], key))
        for i, add in enumerate(case.get("add", [])):
            parts.append(("call-off", add["call_off"], f"add[{i}].call_off"))
        if "policy_file" in case:
            pf = os.path.join(top, case["policy_file"])
            if rep.ok(os.path.isfile(pf), f"{label} policy_file {case['policy_file']} exists"):
                parts.append(("policy", read_records(pf)[0], "policy_file"))
        for name, value, where in parts:
            errs = schemas.errors(name, value)
            err = refused.get(where)
            if err and err.get("code") not in CROSS_FIELD:
                rep.ok(bool(errs), f"{label} {where} (refused: {err['code']}) fails {name}.json")
            elif err:
                rep.ok(not errs, f"{label} {where} (refused: {err['code']}, a check no schema "
                                 f"makes) validates against {name}.json", "; ".join(errs[:3]))
            else:
                rep.ok(not errs, f"{label} {where} validates against {name}.json",
                       "; ".join(errs[:3]))
        for i, s in enumerate(case.get("set", [])):
            pname, _, text = s.partition("=")
            expect_valid(schemas, rep, "policy",
                         {"parameters": {pname: set_value(schemas, pname, text)}},
                         f"{label} set[{i}] {s}")


def case_statement(case):
    """An audit case's statement as [(line, object)] and the header error
    of CSV ("" for none)."""
    if "statement_csv" in case:
        return csv_statement(case["statement_csv"], case.get("mapping"))
    return "", [(i, line) for i, line in enumerate(case.get("statement", []), 1)]


def line_date(obj):
    text = (obj or {}).get("date") or ""
    text = text.strip(" \t")
    try:
        if "/" in text:
            return datetime.datetime.strptime(text, "%d/%m/%Y").date()
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def check_audit_case(schemas, rep, label, case):
    """Every input of an audit case against its schema, the statement line
    by line: the lines the case expects the loader to refuse
    (expect_statement_errors) fail statement-line.json and the others pass;
    a refused audit (expect_error) is refused for a reason the case shows;
    the expected audit names only fields of audit.json, with valid values."""
    expect_valid(schemas, rep, "recipient", case.get("recipient"), f"{label} recipient")
    if "mapping" in case:
        expect_valid(schemas, rep, "statement-mapping", case["mapping"], f"{label} mapping")
    common = schemas.by_name["common"]["$id"]
    for key, ref in (("from", "date"), ("to", "date"), ("opening_pence", "signed_pence"),
                     ("closing_pence", "signed_pence")):
        value = case.get(key)
        errs = [] if value is None and key.endswith("_pence") else schemas.sub_errors(
            common, {"$ref": f"#/$defs/{ref}"}, value)
        rep.ok(not errs and (value is not None or key.endswith("_pence")),
               f"{label} {key} is a {ref} (or null for a balance to take from the statement)",
               "; ".join(errs[:2]) or "missing")
    header, lines = case_statement(case)
    bad = statement_errors(schemas, lines)
    want = case.get("expect_statement_errors", [])
    if "expect_statement_errors" in case:
        form = [w for w in want if set(w) != {"line", "column", "field", "code"}
                or not isinstance(w["line"], int) or not isinstance(w["column"], int)
                or w["field"] not in STATEMENT_COLUMNS + [""] or w["code"] not in STATUS_NAMES]
        rep.ok(want and not form, f"{label} expect_statement_errors name a line, column, "
                                  f"statement column and status", f"{form[:2]}")
    refused = {w["line"] for w in want}
    rep.ok(not header and sorted(bad) == sorted(refused),
           f"{label} statement: the {len(refused)} line(s) the loader refuses fail "
           f"statement-line.json, the other {len(lines) - len(refused)} validate",
           header or f"failing {sorted(bad)} ({ {k: v[:1] for k, v in bad.items()} }), "
                     f"refused {sorted(refused)}")
    err = case.get("expect_error")
    if err:
        code, field = err.get("code"), err.get("field")
        if code == "EINVAL" and field == "statement":
            rep.ok(bool(refused), f"{label} the audit is refused (EINVAL) for the statement's "
                                  f"bad lines, which fail the schema")
        elif code == "EDATE" and field == "date":
            period = (datetime.date.fromisoformat(case["from"]),
                      datetime.date.fromisoformat(case["to"]))
            outside = [n for n, obj in lines if line_date(obj) and
                       not period[0] <= line_date(obj) <= period[1]]
            rep.ok(bool(outside) and not bad,
                   f"{label} the audit is refused (EDATE, A1) for line(s) {outside} dated "
                   f"outside the period: valid lines, a check no schema makes")
        else:
            rep.ok(False, f"{label} expect_error {code} {field}: a refusal the check knows",
                   "teach check_audit_case why the audit is refused")
    if "expect_audit" in case:
        errs = schemas.partial_errors("audit", case["expect_audit"])
        rep.ok(not errs, f"{label} expect_audit names fields of audit.json with valid values",
               "; ".join(errs[:3]))


def check_planted(schemas, rep, top):
    """planted.json (see NOT_RECORDS): its period and accounts, each
    finding a part of an audit finding, one entry per sample statement."""
    d = os.path.join(top, "examples", "data", "statements")
    with open(os.path.join(d, "planted.json"), encoding="utf-8") as f:
        planted = json.load(f)
    common = schemas.by_name["common"]["$id"]
    errs = schemas.sub_errors(common, {"$ref": "#/$defs/date"}, planted.get("from"))
    errs += schemas.sub_errors(common, {"$ref": "#/$defs/date"}, planted.get("to"))
    finding = {"$ref": "#/$defs/finding"}
    audit = schemas.by_name["audit"]["$id"]
    for i, acct in enumerate(planted.get("accounts", [])):
        if set(acct) != {"id", "opening_pence", "plant", "findings"}:
            errs.append(f"accounts/{i}: keys {sorted(acct)}")
            continue
        errs += [f"accounts/{i}/id: {e}" for e in
                 schemas.sub_errors(common, {"$ref": "#/$defs/id"}, acct["id"])]
        errs += [f"accounts/{i}/opening_pence: {e}" for e in
                 schemas.sub_errors(common, {"$ref": "#/$defs/signed_pence"},
                                    acct["opening_pence"])]
        for k, x in enumerate(acct["findings"]):
            errs += [f"accounts/{i}/findings/{k}/{e}" for e in
                     schemas.partial_errors("audit", x, finding, audit)]
    have = {a.get("id") for a in planted.get("accounts", [])}
    csvs = {os.path.basename(p)[:-4] for p in glob.glob(os.path.join(d, "*.csv"))}
    rep.ok(not errs and have == csvs and len(have) == len(planted["accounts"]),
           f"examples/data/statements/planted.json: the period, {len(have)} accounts (one per "
           f"sample statement) and their findings as parts of audit.json's findings",
           "; ".join(errs[:3]) or f"statements without an entry {sorted(csvs - have)}, "
                                  f"entries without a statement {sorted(have - csvs)}")


def check_docs(schemas, rep, top):
    """Each fenced JSON block after <!-- schema: NAME --> (or NAME lines, one
    record per line) in docs/data-contract.md validates against NAME. Returns
    the input examples, (schema name, JSON text), for the loaders to read."""
    path = os.path.join(top, "docs", "data-contract.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks = re.findall(r"<!-- schema: ([a-z-]+)( lines| csv)? -->\s*```(?:json|csv)\n(.*?)```",
                        text, re.S)
    rep.ok(len(blocks) >= 15, f"docs/data-contract.md has {len(blocks)} checked examples")
    inputs = []
    for i, (name, lines, body) in enumerate(blocks, 1):
        if lines == " csv":
            errs = schema_errors(schemas, SC, body)
            rep.ok(not errs, f"docs/data-contract.md example {i} (CSV) validates against "
                             f"{name}.json", "; ".join(errs[:3]))
            inputs.append((SC, f"example {i}", body))
            continue
        try:
            recs = [json.loads(x) for x in body.splitlines() if x.strip()] if lines \
                else [json.loads(body)]
        except ValueError as e:
            rep.ok(False, f"docs/data-contract.md example {i} ({name}) is JSON", str(e))
            continue
        errs = [e for r in recs for e in schemas.errors(name, r)]
        rep.ok(not errs, f"docs/data-contract.md example {i} validates against {name}.json",
               "; ".join(errs[:3]))
        inputs += [(name, f"example {i}", json.dumps(r)) for r in recs]
    return inputs


def doc_examples(top, name):
    """The examples of docs/data-contract.md checked against schema name."""
    with open(os.path.join(top, "docs", "data-contract.md"), encoding="utf-8") as f:
        text = f.read()
    return [json.loads(body) for body in
            re.findall(r"<!-- schema: " + re.escape(name) + r" -->\s*```json\n(.*?)```", text,
                       re.S)]


def check_docs_snippet(rep, top, tmp):
    """The validation script of docs/data-contract.md runs, pointed at this
    tree's schema/: silent on the sample caseload, and it names the line and
    field of a bad record."""
    with open(os.path.join(top, "docs", "data-contract.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"python3 - caseload.jsonl <<'EOF'\n(.*?)\nEOF\n", text, re.S)
    if not rep.ok(m is not None, "docs/data-contract.md has the validation script"):
        return
    script = m.group(1).replace("/usr/local/share/libdpss/schema", os.path.join(top, "schema"))
    path = os.path.join(tmp, "validate.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(script)
    good = os.path.join(top, "examples", "data", "caseload.jsonl")
    p = subprocess.run([sys.executable, path, good], capture_output=True, text=True)
    rep.ok(p.returncode == 0 and not p.stdout, "the validation script passes the sample caseload",
           p.stdout[:200] + p.stderr[-300:])
    bad = os.path.join(tmp, "bad.jsonl")
    with open(bad, "w", encoding="utf-8") as f:
        f.write('{"id": "R-1"}\n{"id": "R-2", "balance": {"pence": 1.5}}\n')
    p = subprocess.run([sys.executable, path, bad], capture_output=True, text=True)
    rep.ok(p.stdout.startswith("line 2: balance/pence:"),
           "the validation script names the line and field of a bad record", p.stdout + p.stderr)


# ------------------------------------------------------------------ outputs

def run_tool(tool, args):
    p = subprocess.run([tool] + args, capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


def check_output_lines(schemas, rep, name, label, rc, out, err):
    if not rep.ok(rc == 0, f"dpss {label}: exit status 0", f"status {rc}: {err.strip()[:300]}"):
        return
    lines = [line for line in out.splitlines() if line.strip()]
    bad = []
    for i, line in enumerate(lines, 1):
        try:
            errs = schemas.errors(name, json.loads(line))
        except ValueError as e:
            errs = [f"not JSON: {e}"]
        if errs:
            bad.append(f"line {i}: {errs[:2]}")
    rep.ok(lines and not bad, f"dpss {label}: {len(lines)} line(s) validate against {name}.json",
           "; ".join(bad[:3]) or "no output")


# A network and referrals that take every branch of a routing's shape: a
# provider kept outside the network (joins_network), one chosen outside it
# (role null), a choice set aside as full (N5) and as not accredited (P2),
# both set aside at once, joint funding (P4), and an unrouted referral.
EDGE_NETWORK = {"id": "N-SCHEMA", "name": "Routing edges", "lead": "L", "providers": [
    {"id": "L", "role": "lead", "capacity": 2, "caseload": 0, "accredited": True},
    {"id": "A", "role": "associate", "capacity": 1, "caseload": 1, "accredited": True},
    {"id": "U", "role": "associate", "capacity": 50, "caseload": 0, "accredited": False,
     "specialisms": ["dementia"]}]}
NO_BANK = {"bank_account": False, "card_suitable": False}
EDGE_REFERRALS = [
    {"id": "F-JOIN", "existing_arrangement": {"provider": "P-OUT", "successful": True}},
    {"id": "F-CHOICE-OUT", "requested_provider": "P-ELSE"},
    {"id": "F-CHOICE-FULL", "requested_provider": "A"},
    dict(NO_BANK, id="F-CHOICE-UNACC", requested_provider="U"),
    {"id": "F-JOINT", "funding": [{"source": "social_care", "weekly_pence": 1000},
                                  {"source": "health", "weekly_pence": 500}]},
    dict(NO_BANK, id="F-BOTH", existing_arrangement={"provider": "A", "successful": True},
         requested_provider="U"),
    dict(NO_BANK, id="F-NONE", specialist_needs=["dementia"]),
]


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(json.dumps(r) + "\n" for r in records))
    return path


def big_surpluses(n):
    """n recipients each with a surplus near 10^15 pence: their total passes
    2^63 - 1 when n > 9223."""
    return [{"id": f"R-BIG-{i}", "kind": "adult", "has_capacity": True, "consents": True,
             "excluding_order": False, "dp_start": "2026-01-05",
             "funding": [{"source": "social_care", "weekly_pence": 1}],
             "balance": {"on": "2026-11-01", "pence": 10**15}} for i in range(n)]


def check_tool_outputs(schemas, rep, top, tool, tmp):
    d = os.path.join(top, "examples", "data")
    cl, refs, net = f"{d}/caseload.jsonl", f"{d}/referrals.jsonl", f"{d}/network.json"
    full = os.path.join(top, "tests", "data", "recipient-full.json")
    wigan = os.path.join(top, "examples", "policies", "wigan.json")
    edge_net = os.path.join(tmp, "edge-network.json")
    with open(edge_net, "w", encoding="utf-8") as f:
        json.dump(EDGE_NETWORK, f)
    edge_refs = write_jsonl(os.path.join(tmp, "edge-referrals.jsonl"), EDGE_REFERRALS)
    big = write_jsonl(os.path.join(tmp, "big.jsonl"), big_surpluses(9300))
    with open(cl, encoding="utf-8") as f:
        some = write_jsonl(os.path.join(tmp, "caseload-80.jsonl"),
                           [json.loads(line) for line in f][:80])
    runs = [
        ("decision", ["evaluate", "--as-of", AS_OF, "--jobs", "1", cl]),
        ("decision", ["evaluate", "--as-of", AS_OF, "--set", "surplus_threshold_weeks=8",
                      "--set", "surplus_triggers_review=false", f"{d}/recipient.json"]),
        ("decision", ["evaluate", "--as-of", AS_OF, full]),
        ("decision", ["evaluate", "--as-of", "2027-04-01", "--policy", f"{d}/policy-dated.json",
                      refs]),
        ("payment-schedule", ["payments", "--from", "2026-01-01", "--to", "2026-12-31", cl]),
        ("payment-schedule", ["payments", "--set", "payment_frequency=monthly", "--set",
                              "payment_basis=gross", "--from", "2026-01-01", "--to",
                              "2026-03-31", cl]),
        ("routing", ["route", "--as-of", AS_OF, "--network", net, refs]),
        ("routing", ["route", "--as-of", AS_OF, "--network", net, cl]),
        ("transition", ["transition", "--network", net, "--start", "2027-01-01", cl]),
        ("market", ["market", "--network", net, "--as-of", AS_OF, "--json", cl]),
        ("market", ["market", "--network", net, "--as-of", AS_OF, "--json", refs]),
        ("policy", ["policy", "show", "--json"]),
        ("policy", ["policy", "show", "--json", "--policy", f"{d}/policy-dated.json"]),
        ("policy", ["policy", "show", "--json", "--policy", f"{d}/policy-8-weeks.json",
                    "--set", "payment_basis=gross"]),
        ("audits-due", ["audits", "--as-of", AS_OF, cl]),
        ("return", ["return", "--from", "2026-01-01", "--to", AS_OF, "--framework",
                    f"{d}/framework.json", "--json", cl]),
        ("return", ["return", "--from", "2026-01-01", "--to", AS_OF, "--provider", "P-SENS",
                    "--json", cl]),
        # What issue 10 added: periods in weeks, lists and first_audit_from as
        # overrides, councils' policies, outside providers, set-asides, overflow.
        ("decision", ["evaluate", "--as-of", AS_OF, "--set", "first_review_weeks=12", "--set",
                      "prohibited_categories=alcohol,gambling", "--set",
                      "surplus_notice_days=28", "--set", "first_audit_from=first_review",
                      "--jobs", "1", cl]),
        ("payment-schedule", ["payments", "--policy", wigan, "--set", "payment_basis=gross",
                              "--from", "2026-01-01", "--to", "2026-03-31", cl]),
        ("routing", ["route", "--as-of", AS_OF, "--network", edge_net, edge_refs]),
        ("transition", ["transition", "--network", edge_net, "--start", "2027-01-01",
                        edge_refs]),
        ("policy", ["policy", "show", "--json", "--policy", wigan, "--set",
                    "first_review_weeks=10", "--set", "prohibited_categories=", "--set",
                    "audit_interval_months=6"]),
        ("return", ["return", "--from", "2026-01-01", "--to", AS_OF, "--json", big]),
    ]
    for path in sorted(glob.glob(os.path.join(top, "examples", "policies", "*.json"))):
        runs += [("decision", ["evaluate", "--as-of", AS_OF, "--policy", path, "--jobs", "1",
                               some]),
                 ("policy", ["policy", "show", "--json", "--policy", path])]
    outputs = {}
    for name, args in runs:
        rc, out, err = run_tool(tool, args)
        label = " ".join(a if "/" not in a else os.path.basename(a) for a in args)
        check_output_lines(schemas, rep, name, label, rc, out, err)
        outputs[label] = [json.loads(x) for x in out.splitlines() if x.strip()] if rc == 0 else []
    # framework init, add, export: the exported ledger is a framework, its new
    # call-off written with cost, year, shares, recorded_at and rules.
    ledger = os.path.join(tmp, "ledger.db")
    rc, out, err = run_tool(tool, ["framework", "init", ledger, f"{d}/framework.json"])
    rep.ok(rc == 0, "dpss framework init: exit status 0", err.strip()[:300])
    co = os.path.join(tmp, "call-off.json")
    call_off = {"id": "C-SCHEMA", "funding": [{"commissioner": "COUNTY", "weekly_pence": 30000},
                                              {"commissioner": "CITY-CCG", "weekly_pence": 10000}],
                "recipient": "R-000200", "start": "2022-01-01", "end": "2022-12-31",
                "items": [{"service": "payroll", "quantity": 1},
                          {"service": "one_off_issue", "quantity": 3}]}
    rep.ok(not schemas.errors("call-off", call_off), "the call-off to add validates")
    with open(co, "w", encoding="utf-8") as f:
        json.dump(call_off, f)
    rc, out, err = run_tool(tool, ["framework", "add", ledger, co])
    if rep.ok(rc == 0, "dpss framework add: exit status 0", err.strip()[:300]):
        rc, out, err = run_tool(tool, ["framework", "export", ledger])
        rep.ok(rc == 0, "dpss framework export: exit status 0", err.strip()[:300])
        saved = json.loads(out) if rc == 0 else {}
        expect_valid(schemas, rep, "framework", saved, "the framework dpss framework export writes")
        rep.ok(any(c.get("id") == "C-SCHEMA" and "shares" in c and "year" in c
                   and "cost_pence" in c and "recorded_at" in c
                   and c.get("rules") == ["F1", "F2", "F3"]
                   for c in saved.get("call_offs", [])),
               "the exported call-off carries cost, year, shares, recorded_at and rules")
    return outputs


def find_output(outputs, *words):
    """The lines of the first run whose label has every word."""
    for label, lines in outputs.items():
        if all(w in label.split() for w in words):
            return lines
    return []


def check_new_fields(schemas, rep, outputs):
    """The fields issue 10 added, on the tool's real outputs: present where
    the library writes them, and wrong values refused."""
    decisions = find_output(outputs, "first_review_weeks=12")
    dec = next((x for x in decisions if x["surplus"]["recover_from"]), None)
    if rep.ok(dec is not None, "a decision under overrides with a surplus to recover"):
        rep.ok(dec["policy"].get("overrides") == {
            "first_review_weeks": 12, "surplus_notice_days": 28,
            "prohibited_categories": ["alcohol", "gambling"], "first_audit_from": "first_review"},
            "its policy.overrides name each override with the value used, a period under the "
            "name of its unit", json.dumps(dec["policy"]))
        for what, path, value in (
                ("a trace rule that is no rule id", ["trace", 0, "rule"], "Z9"),
                ("an override of an unknown parameter", ["policy", "overrides"],
                 {"surplus_weeks": 8}),
                ("a period override under its bare name", ["policy", "overrides"],
                 {"first_review": {"weeks": 12}}),
                ("a period override in both units", ["policy", "overrides"],
                 {"first_audit_weeks": 12, "first_audit_months": 3}),
                ("a period override of 61 months", ["policy", "overrides"],
                 {"first_audit_months": 61}),
                ("an override list with a word twice", ["policy", "overrides"],
                 {"prohibited_categories": ["alcohol", "alcohol"]}),
                ("an override as a schedule", ["policy", "overrides"],
                 {"surplus_notice_days": [{"from": "2026-01-01", "value": 7}]}),
                ("recover_from not a date", ["surplus", "recover_from"], "soon"),
                ("no recover_from", ["surplus", "recover_from"], DELETE)):
            rep.ok(bool(schemas.errors("decision", with_(dec, path, value))),
                   f"decision.json refuses {what}")
    traced = {k for x in find_output(outputs, "wigan.json", "evaluate")
              for t in x["trace"] for k in t["parameters"]}
    rep.ok({"first_audit_from", "first_review_weeks", "first_audit_months"} <= traced,
           "decisions under Wigan's policy trace first_audit_from, first_review_weeks and "
           "first_audit_months", f"traced {sorted(traced)}")

    routed = {x["id"]: x for x in find_output(outputs, "route", "edge-referrals.jsonl")}
    moved = {x["id"]: x for x in find_output(outputs, "transition", "edge-referrals.jsonl")}
    want = {"F-JOIN": {"provider": "P-OUT", "role": "associate", "in_network": False,
                       "joins_network": True},
            "F-CHOICE-OUT": {"provider": "P-ELSE", "role": None, "in_network": False},
            "F-CHOICE-FULL": {"set_aside": [("A", "N5")]},
            "F-CHOICE-UNACC": {"set_aside": [("U", "P2")], "rules": ["N2", "N5", "P2"]},
            "F-BOTH": {"set_aside": [("U", "P2"), ("A", "N5")]},  # the choice first (N5)
            "F-JOINT": {"single_provider_for_all_funding": True},
            "F-NONE": {"provider": None, "unrouted": True, "rules": ["N5", "P2"]}}
    for rid, fields in want.items():
        got = routed.get(rid, {})
        got = dict(got, set_aside=[(a["provider"], a["rule"]) for a in got.get("set_aside", [])])
        bad = {k: got.get(k, "(absent)") for k, v in fields.items() if got.get(k, "(absent)") != v}
        rep.ok(rid in routed and not bad, f"dpss route {rid} writes {sorted(fields)}", f"{bad}")
    rep.ok(moved.get("F-JOIN", {}).get("joins_network") is True
           and moved.get("F-CHOICE-OUT", {}).get("role", "") is None
           and any("single_provider_for_all_funding" in x for x in moved.values()),
           "dpss transition writes joins_network, role null and single_provider_for_all_funding")
    line = routed.get("F-JOIN")
    if line:
        for what, path, value in (("a set-aside with the rule N4", ["set_aside"],
                                   [{"provider": "A", "rule": "N4", "because": "x"}]),
                                  ("joins_network false", ["joins_network"], False),
                                  ("in_network true", ["in_network"], True),
                                  ("joins_network without in_network", ["in_network"], DELETE),
                                  ("joins_network with role null", ["role"], None),
                                  ("a provider outside with role lead", ["role"], "lead"),
                                  ("an unrouted routing that names a role", ["provider"], None),
                                  ("the rule X1", ["rules"], ["N2", "X1"]),
                                  ("the same rule twice", ["rules"], ["N2", "N2"])):
            rep.ok(bool(schemas.errors("routing", with_(line, path, value))),
                   f"routing.json refuses {what}")
    out = routed.get("F-CHOICE-OUT")
    if out:
        rep.ok(bool(schemas.errors("routing", with_(out, ["in_network"], DELETE))),
               "routing.json refuses role null in the network")
    t = moved.get("F-JOIN")
    if t:
        rep.ok(bool(schemas.errors("transition", with_(t, ["rules"], ["N2", "N4"]))),
               "transition.json refuses rules without X1 first")
    ret = find_output(outputs, "return", "big.jsonl")
    rep.ok(ret and ret[0]["surpluses"]["count"] == 9300 and ret[0]["surpluses"]["total_pence"]
           is None, "a return whose surpluses pass 2^63 pence says total_pence null",
           json.dumps(ret[0]["surpluses"]) if ret else "no output")
    sched = find_output(outputs, "payments", "wigan.json")
    rep.ok(sched and sched[0]["policy"] == {"id": "wigan", "version": "2026-11-30",
                                            "overrides": {"payment_basis": "gross"}}
           and sched[0]["rules"][:3] == ["B1", "B2", "B3"],
           "a payment schedule names its policy with overrides, and its rules",
           json.dumps(sched[0]["policy"]) if sched else "no output")
    shown = find_output(outputs, "show", "first_review_weeks=10")
    if rep.ok(bool(shown), "policy show under overrides of a period and a list"):
        got = shown[0]
        rep.ok(got["parameters"].get("first_review_weeks") == 10
               and got["parameters"].get("prohibited_categories") == []
               and sorted(got.get("overrides", [])) == ["audit_interval", "first_review",
                                                        "prohibited_categories"]
               and "description" in got,
               "policy show writes a period under its unit's name, the empty list, the "
               "overrides by name and the description", json.dumps(got)[:300])
        for what, value in (("an override of a parameter not given",
                             with_(got, ["parameters", "first_review_weeks"], DELETE)),
                            ("an override of a schedule",
                             with_(got, ["parameters", "prohibited_categories"],
                                   [{"from": "2026-01-01", "value": ["alcohol"]}])),
                            ("a period under two names",
                             with_(got, ["parameters", "first_review_months"], 3))):
            rep.ok(bool(schemas.errors("policy", value)), f"policy.json refuses {what}")


def check_python_outputs(schemas, rep, top, dpss):
    d = os.path.join(top, "examples", "data")
    as_of = datetime.date.fromisoformat(AS_OF)
    with open(f"{d}/caseload.jsonl", encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    policy = dpss.Policy.default()
    recipients = [dpss.Recipient.from_json(line) for line in lines]
    bad = [r.id for r in recipients if schemas.errors("recipient", json.loads(r.to_json()))]
    rep.ok(not bad, "Python Recipient.to_json of the caseload validates against recipient.json",
           f"{bad[:3]}")
    summary = dpss.summarize(dpss.evaluate(policy, r, as_of) for r in recipients)
    expect_valid(schemas, rep, "summary", summary.to_dict(), "Python Summary.to_dict()")
    totals = dpss.Totals("2026-01-01", "2026-12-31")
    for r in recipients:
        totals.add(dpss.payments(policy, r, "2026-01-01", "2026-12-31"))
    expect_valid(schemas, rep, "payments-totals", totals.to_dict(), "Python Totals.to_dict()")
    sched = dpss.payments(policy, recipients[0], "2026-01-01", "2026-12-31")
    expect_valid(schemas, rep, "payment-schedule", json.loads(sched.to_json()),
                 "Python Schedule.to_json()")
    fw = dpss.Framework.from_file(f"{d}/framework.json")
    for year in (0, 1, 4):
        expect_valid(schemas, rep, "framework-report", fw.report(year),
                     f"Python Framework.report({year})")
    expect_valid(schemas, rep, "framework", json.loads(fw.to_json()), "Python Framework.to_json()")
    net = dpss.Network.from_file(f"{d}/network.json", policy, as_of)
    for r in recipients[:50]:
        net.route(r)
    expect_valid(schemas, rep, "network", json.loads(net.to_json()),
                 "Python Network.to_json() after routing")
    what_if = policy.with_overrides(surplus_threshold_weeks=8, payment_basis="gross")
    expect_valid(schemas, rep, "policy", json.loads(what_if.to_json()), "Python Policy.to_json()")
    dated = dpss.Policy.from_file(f"{d}/policy-dated.json")
    expect_valid(schemas, rep, "policy", json.loads(dated.to_json()),
                 "Python Policy.to_json() of a dated policy")
    for path in sorted(glob.glob(os.path.join(top, "examples", "policies", "*.json"))):
        council = dpss.Policy.from_file(path).with_overrides(first_review_weeks=12)
        expect_valid(schemas, rep, "policy", json.loads(council.to_json()),
                     f"Python Policy.to_json() of {os.path.basename(path)} with an override")
    # Money totals too large to add up: null, with overflow true.
    big = dpss.Recipient.from_json(json.dumps({
        "id": "R-BIG", "dp_start": "2026-01-05",
        "funding": [{"source": "social_care", "weekly_pence": 10**15}]}))
    huge = dpss.Totals("2026-01-01", "2026-12-31")
    sched = dpss.payments(policy, big, "2026-01-01", "2026-12-31")
    for _ in range(200):
        huge.add(sched)
    got = huge.to_dict()
    rep.ok(got.get("overflow") is True and got.get("total_pence") is None,
           "Python Totals.to_dict() past 2^63 pence says overflow and null", str(got)[:200])
    expect_valid(schemas, rep, "payments-totals", got, "Python Totals.to_dict() on overflow")
    rich = dpss.Recipient.from_json(json.dumps(big_surpluses(1)[0]))
    decision = dpss.evaluate(policy, rich, as_of)
    got = dpss.summarize(decision for _ in range(9300)).to_dict()
    rep.ok(got["surplus"]["total_excess_pence"] is None and got["surplus"]["count"] == 9300,
           "Python Summary.to_dict() past 2^63 pence says null", str(got["surplus"]))
    expect_valid(schemas, rep, "summary", got, "Python Summary.to_dict() on overflow")
    named = with_(NETWORK, ["name"], "Edge network")
    edge = dpss.Network.from_json(json.dumps(named), policy, as_of)
    rep.ok(json.loads(edge.to_json()).get("name") == "Edge network",
           "Python Network.to_json() writes the network's name back")
    fw = dpss.Framework.from_json(json.dumps(with_(FRAMEWORK, ["name"], "Edge framework")))
    rep.ok(json.loads(fw.to_json()).get("name") == "Edge framework",
           "Python Framework.to_json() writes the framework's name back")
    expect_valid(schemas, rep, "framework", json.loads(fw.to_json()),
                 "Python Framework.to_json() with a name")


# Edge audits: a recipient and statement lines that take the branches of the
# audit record the sample statements do not (every kind of evidence, a
# closing balance that differs, repayments to the council, money owed).
EDGE_AUDIT_RECIPIENT = {
    "id": "R-AUDIT", "payment_method": "managed_account", "employs_pas": True,
    "funding": [{"source": "social_care", "weekly_pence": 50000}],
    "contribution_weekly_pence": 2000, "dp_start": "2026-01-05",
    "balance": {"on": "2026-03-31", "pence": 0, "owed_pence": 1500},
    "one_off_payments": [{"date": "2026-02-10", "pence": 25000, "purpose": "new wheelchair"}],
    "support_plan": {"paye": True, "lines": [
        {"category": "pa_wages", "payee": "PA-1"}, {"category": "pa_wages", "payee": "PA-2"},
        {"category": "agency_care", "payee": "Bright Homecare Ltd"}, {"category": "hmrc"}]},
    "employer": {"insurance": [{"from": "2026-01-01", "to": "2026-01-20"},
                               {"from": "2026-02-01", "to": "2026-03-10"}],
                 "pas": [{"id": "PA-1", "contract": False, "dbs_checked": "2020-01-01"},
                         {"id": "PA-2", "contract": True}]}}
EDGE_AUDIT_LINES = [
    {"date": "2026-01-05", "amount": "1,900.00", "balance": "1,900.00", "type": "council_payment"},
    {"date": "2026-01-06", "amount": "50.00", "balance": "1,950.00", "type": "contribution"},
    {"date": "2026-01-09", "amount": "-300.00", "balance": "1,650.00", "payee": "PA-1"},
    {"date": "2026-01-16", "amount": "-200.00", "balance": "1,450.01", "payee": "pa-2 "},
    {"date": "2026-01-25", "amount": "-100.00", "payee": "PA-3", "category": "pa_wages"},
    {"date": "2026-02-02", "amount": "1,920.00", "type": "council_payment"},
    {"date": "2026-02-11", "amount": "250.00", "type": "council_payment"},
    {"date": "2026-02-20", "amount": "-35.50", "payee": "The Crown", "category": "alcohol"},
    {"date": "2026-02-21", "amount": "-12.00", "payee": "Somebody"},
    {"date": "2026-02-22", "amount": "-10.00", "payee": "Cinema", "category": "leisure"},
    {"date": "2026-03-03", "amount": "-60.00", "payee": "HMRC", "category": "hmrc"},
    {"date": "2026-03-05", "amount": "-99.00", "type": "council_payment",
     "description": "Repayment of an overpayment"},
    {"date": "2026-03-20", "amount": "777.00", "type": "council_payment"},
]


def check_audit_outputs(schemas, rep, top, dpss):
    """Real audit records and audit summaries, through the Python binding
    (the tool has no audit command now): the audit of every sample statement
    (examples/data/statements/, over planted.json's period, 2026-05-01 to
    2026-10-31) against the sample caseload, of every shared audit case, and
    of edge audits taking the branches those do not; their summary; every
    finding kind, evidence, review reason and rule seen; and wrong values
    refused."""
    d = os.path.join(top, "examples", "data")
    with open(os.path.join(d, "statements", "planted.json"), encoding="utf-8") as f:
        planted = json.load(f)
    with open(os.path.join(d, "caseload.jsonl"), encoding="utf-8") as f:
        records = {json.loads(line)["id"]: line for line in f if line.strip()}
    summary, audits, bad = dpss.AuditSummary(), [], []
    for path in sorted(glob.glob(os.path.join(d, "statements", "*.csv"))):
        rid = os.path.basename(path)[:-4]
        a = dpss.audit(records[rid], dpss.Statement.from_csv(path), planted["from"],
                       planted["to"])
        got = json.loads(a.to_json())
        errs = schemas.errors("audit", got)
        if errs:
            bad.append(f"{rid}: {errs[:2]}")
        audits.append(got)
        summary.add(a)
    rep.ok(len(audits) >= 30 and not bad,
           f"Python dpss.audit of the {len(audits)} sample statements, {planted['from']} to "
           f"{planted['to']}: every audit record validates against audit.json",
           "; ".join(bad[:3]) or "too few")
    # The contract's examples are these audits, as the library writes them.
    shown = doc_examples(top, "audit") + doc_examples(top, "audit-summary")
    real = {x["id"]: dict(x, library_version="") for x in audits}
    rep.ok(len(shown) == 2 and dict(shown[0], library_version="") == real.get(shown[0]["id"])
           and shown[1] == summary.to_dict(),
           "docs/data-contract.md's audit and audit summary are a sample statement's audit and "
           "the samples' summary as the library writes them", json.dumps(shown)[:200])
    summary.add_unaudited()
    got = summary.to_dict()
    expect_valid(schemas, rep, "audit-summary", got, "Python AuditSummary.to_dict() of them")
    rep.ok(got["audits"] == len(audits) and got["unaudited"] == 1
           and sum(got["outcomes"].values()) == got["audits"]
           and sum(v["count"] for v in got["findings"].values())
           == sum(len(x["findings"]) for x in audits)
           and got["lines"] == sum(x["lines"] for x in audits),
           "the audit summary counts the audits, outcomes, findings and lines",
           json.dumps(got)[:300])
    for what, value in (("an outcome of another name",
                         with_(got, ["outcomes", "fine"], 1)),
                        ("a finding kind left out", with_(got, ["findings", "underspend"], DELETE)),
                        ("a finding total without pence",
                         with_(got, ["findings", "unreconciled", "pence"], DELETE)),
                        ("a negative count", with_(got, ["reviews"], -1)),
                        ("surplus without accounts", with_(got, ["surplus", "accounts"], DELETE))):
        rep.ok(bool(schemas.errors("audit-summary", value)), f"audit-summary.json refuses {what}")

    # The shared audit cases' audits (the ones the cases expect to be made).
    for path in sorted(glob.glob(os.path.join(top, "tests", "cases", "*.json"))):
        case = read_records(path)[0]
        if "expect_audit" not in case:
            continue
        statement = (dpss.Statement.from_csv(case["statement_csv"], case.get("mapping"))
                     if "statement_csv" in case else
                     dpss.Statement.from_jsonl(JL(*case["statement"]), case.get("mapping")))
        a = dpss.audit(json.dumps(case["recipient"]), statement, case["from"], case["to"],
                       opening=case.get("opening_pence"), closing=case.get("closing_pence"))
        got = json.loads(a.to_json())
        audits.append(got)
        expect_valid(schemas, rep, "audit", got,
                     f"Python dpss.audit of tests/cases/{os.path.basename(path)}")

    # Edge audits: every evidence and finding shape, money owed, a
    # surplus, misuse, an underspend, a what-if policy.
    policy = dpss.Policy.default()
    edges = [
        ("every kind of evidence, money owed, repayments to the council",
         EDGE_AUDIT_RECIPIENT, EDGE_AUDIT_LINES, "2026-01-01", "2026-03-31", 0, 100000, policy),
        ("a surplus calling for a review under a what-if policy",
         with_(EDGE_AUDIT_RECIPIENT, ["employs_pas"], False),
         [{"date": "2026-01-05", "amount": "5,000.00", "type": "council_payment"}],
         "2026-01-01", "2026-01-31", 0, 500000,
         policy.with_overrides(surplus_threshold_weeks=1, misuse_threshold_pence=100)),
        ("an underspend over 56 days, nothing out",
         {"id": "R-UNDER", "funding": [{"source": "social_care", "weekly_pence": 10000}],
          "dp_start": "2026-01-05"},
         [{"date": "2026-01-05", "amount_pence": 40000, "type": "council_payment",
           "balance_pence": 40000},
          {"date": "2026-02-02", "amount_pence": 40000, "type": "council_payment"}],
         "2026-01-01", "2026-02-25", None, 80000, None),
    ]
    for what, rec, lines, date_from, date_to, opening, closing, pol in edges:
        try:
            a = dpss.audit(json.dumps(rec), dpss.Statement.from_jsonl(JL(*lines)), date_from,
                           date_to, policy=pol, opening=opening, closing=closing)
        except dpss.Error as e:
            rep.ok(False, f"edge audit: {what}", f"{e.name} {e.field}: {e.message}")
            continue
        got = json.loads(a.to_json())
        audits.append(got)
        expect_valid(schemas, rep, "audit", got, f"edge audit ({what})")
    kinds = {f["kind"] for x in audits for f in x["findings"]}
    evidence = {f["evidence"] for x in audits for f in x["findings"] if "evidence" in f}
    keys = {k for x in audits for f in x["findings"] for k in f}
    why = {r for x in audits for r in x["review_rules"]}
    rules = {r for x in audits for r in x["rules"]}
    all_rules = set(schemas.by_name["audit"]["properties"]["rules"]["items"]["enum"])
    finding = schemas.by_name["audit"]["$defs"]["finding"]["properties"]
    rep.ok(kinds == set(finding["kind"]["enum"]) and evidence == set(finding["evidence"]["enum"])
           and keys == set(finding) and why == {"R1", "A9", "S3"}
           and rules == all_rules
           and any(x["policy"].get("overrides") for x in audits)
           and any("council_repayment" in x["by_category"] for x in audits),
           "the audits validated show every finding kind, evidence, finding field, review "
           "reason and rule audit.json allows, policy overrides and council repayments",
           f"kinds {sorted(set(finding['kind']['enum']) - kinds)}, evidence "
           f"{sorted(set(finding['evidence']['enum']) - evidence)}, fields "
           f"{sorted(set(finding) - keys)}, reasons {sorted({'R1', 'A9', 'S3'} - why)}, rules "
           f"{sorted(all_rules - rules)}")

    # Wrong values refused, on the richest real audit.
    rich = max(audits, key=lambda x: len({f["kind"] for f in x["findings"]}))
    at = {f["kind"]: i for i, f in enumerate(rich["findings"])}
    ev = {f.get("evidence"): i for i, f in enumerate(rich["findings"])}
    wrong = [("an unknown key", ["verdict"], "ok"),
             ("no library_version", ["library_version"], DELETE),
             ("outcome satisfactory with findings", ["outcome"], "satisfactory"),
             ("review true with no reason", ["review_rules"], []),
             ("review reasons out of order", ["review_rules"], ["S3", "R1"]),
             ("rules without A1", ["rules"], [r for r in rich["rules"] if r != "A1"]),
             ("a rule no audit applies", ["rules"], rich["rules"] + ["X1"]),
             ("a rule twice", ["rules"], rich["rules"] + ["A1"]),
             ("money out by category negative", ["by_category", "pa_wages"], -1),
             ("a category with a line break", ["by_category", "pa\nwages"], 1),
             ("the surplus without owed_pence", ["surplus", "owed_pence"], DELETE),
             ("lines negative", ["lines"], -1),
             ("in_pence negative", ["in_pence"], -5)]
    if "evidence_missing" in at:
        wrong += [("evidence_missing without evidence", ["findings", at["evidence_missing"],
                                                         "evidence"], DELETE),
                  ("a finding of rule A5 of kind evidence_missing",
                   ["findings", at["evidence_missing"], "rule"], "A5")]
    if "payment_amount" in at:
        wrong += [("payment_amount without expected_pence",
                   ["findings", at["payment_amount"], "expected_pence"], DELETE),
                  ("payment_amount naming two lines", ["findings", at["payment_amount"], "lines"],
                   [1, 2])]
    if "hmrc" in ev:
        wrong += [("an HMRC month 2026-13", ["findings", ev["hmrc"], "month"], "2026-13"),
                  ("an HMRC finding naming a PA", ["findings", ev["hmrc"], "pa"], "PA-1")]
    if "prohibited_spend" in at:
        wrong += [("prohibited_spend without its category",
                   ["findings", at["prohibited_spend"], "category"], DELETE),
                  ("a line numbered 0", ["findings", at["prohibited_spend"], "lines"], [0])]
    if "unreconciled" in at:
        wrong += [("an unreconciled finding with a category",
                   ["findings", at["unreconciled"], "category"], "x"),
                  ("an unreconciled difference of 0", ["findings", at["unreconciled"], "pence"], 0)]
    for what, path, value in wrong:
        rep.ok(bool(schemas.errors("audit", with_(rich, path, value))),
               f"audit.json refuses {what}")
    misuse = next((x for x in audits if x["outcome"] == "misuse_suspected"), None)
    if rep.ok(misuse is not None, "an audit with suspected misuse was validated"):
        for what, value in (("misuse without R1 in rules",
                             with_(misuse, ["rules"], [r for r in misuse["rules"] if r != "R1"])),
                            ("misuse with no review", with_(with_(misuse, ["review"], False),
                                                            ["review_rules"], []))):
            rep.ok(bool(schemas.errors("audit", value)), f"audit.json refuses {what}")


def check_ledger(schemas, rep, top, dpss, tmp):
    """A framework ledger through the Python binding: what it exports is a
    framework (framework.json) whose call-offs carry recorded_at and rules,
    the names kept; its report and framework validate; it refuses a call-off
    that gives recorded_at, and recorded_at of the wrong shape is refused by
    the schema."""
    with open(os.path.join(top, "examples", "data", "framework.json"), encoding="utf-8") as f:
        fw = dict(json.load(f), name="Nottingham DPSS framework")
    path = os.path.join(tmp, "schema.ledger")
    with dpss.Ledger.create(path, json.dumps(fw)) as led:
        led.add(CALL_OFF)
        led.add({"id": "C-JOINT", "funding": [{"commissioner": "CITY", "weekly_pence": 40000},
                                              {"commissioner": "CITY-CCG", "weekly_pence": 10000}],
                 "recipient": "R-000200", "start": "2023-01-01", "end": "2023-12-31",
                 "items": [{"service": "start_up", "quantity": 1},
                           {"service": "one_off_issue", "quantity": 300}],
                 "approved_by": "DASS-1"})
        try:
            led.add(dict(CALL_OFF, id="C-STAMPED", recorded_at="2026-01-01T00:00:00Z"))
            refused = ""
        except dpss.Error as e:
            refused = e.name
        rep.ok(refused == "ECONFLICT", "Python Ledger.add refuses a call-off giving recorded_at",
               refused or "accepted")
        exported = json.loads(led.export())
        report = led.framework().report()
        again = json.loads(led.framework().to_json())
    expect_valid(schemas, rep, "framework", exported, "Python Ledger.export()")
    cos = exported.get("call_offs") or []
    stamp = re.compile(schemas.by_name["common"]["$defs"]["timestamp"]["pattern"])
    rep.ok(len(cos) == 4 and all(stamp.match(c.get("recorded_at", "")) and c.get("rules") ==
                                 ["F1", "F2", "F3"] and "year" in c and "shares" in c
                                 for c in cos)
           and [c["id"] for c in cos] == ["C-1", "C-2", CALL_OFF["id"], "C-JOINT"]
           and cos[3].get("approved_by") == "DASS-1"
           and exported.get("name") == fw["name"]
           and [c.get("name") for c in exported["commissioners"]]
           == [c.get("name") for c in fw["commissioners"]],
           "the ledger exports every call-off in order with recorded_at (UTC), rules, year, "
           "shares and approved_by, and the framework's and commissioners' names",
           json.dumps(cos)[:300])
    expect_valid(schemas, rep, "framework-report", report, "Python Ledger.framework().report()")
    expect_valid(schemas, rep, "framework", again, "Python Ledger.framework().to_json()")
    for what, value in (("2026-11-30T09:15:02", "no Z"), ("2026-11-30t09:15:02Z", "a small t"),
                        ("2026-11-31T09:15:02Z", "30 November's next day"),
                        ("2026-11-30T09:15:61Z", "second 61")):
        rep.ok(bool(schemas.errors("call-off", with_(cos[2], ["recorded_at"], what))),
               f"call-off.json refuses recorded_at {what!r} ({value})")


def build_compare_lines(rep, top, build, tmp):
    """tests/compare_lines.c built against this build's library (as
    tests/check-readme.sh builds the README's example): its path, or None
    when there is no C compiler (then the comparisons are skipped)."""
    cc = shlex.split(os.environ.get("CC") or "cc")
    exe = os.path.join(tmp, "compare_lines")
    libs = os.path.join(build, ".libs")
    flags = shlex.split(os.environ.get("CFLAGS", "")) + shlex.split(os.environ.get("LDFLAGS", ""))
    cmd = (cc + flags
           + ["-Wall", "-Wextra", "-Werror", "-I", os.path.join(top, "include"),
              "-I", os.path.join(build, "include"), os.path.join(top, "tests", "compare_lines.c"),
              "-o", exe, "-L", libs, "-ldpss", "-Wl,-rpath," + libs])
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except FileNotFoundError:
        rep.note(f"no C compiler ({cc[0]}): the comparison schemas are not checked on outputs")
        return None
    return exe if rep.ok(p.returncode == 0, "tests/compare_lines.c builds against libdpss",
                         p.stderr[-500:]) else None


def check_comparisons(schemas, rep, top, exe, tmp):
    """What-if comparisons (dpss/compare.h): every line and summary validates,
    and they say what the schemas cannot check: before and after differ, the
    fields come in the library's order, the rules are the changes' own, and
    the summary counts the lines."""
    d = os.path.join(top, "examples", "data")
    with open(f"{d}/caseload.jsonl", encoding="utf-8") as f:
        mixed = write_jsonl(os.path.join(tmp, "mixed.jsonl"),
                            [json.loads(line) for line in f][:20] + [{"id": "R BAD"}])
    big = write_jsonl(os.path.join(tmp, "big-compare.jsonl"), big_surpluses(9300))
    runs = [
        ("a threshold of 8 weeks and a first review at 12 weeks, with payments",
         [f"{d}/caseload.jsonl", AS_OF, "2026-01-01", "2026-12-31"],
         ["surplus_threshold_weeks=8", "first_review_weeks=12"], 0, False),
        ("Wigan's policy against its audits counted from the first payment",
         [f"{d}/caseload.jsonl", AS_OF, "-", "-"],
         ["--policy", os.path.join(top, "examples", "policies", "wigan.json"),
          "first_audit_from=first_payment", "prohibited_categories=alcohol"], 0, False),
        ("a dated policy against 4 weeks and gross payments, a record refused",
         [mixed, "2027-04-01", "2027-01-01", "2027-06-30"],
         ["--policy", f"{d}/policy-dated.json", "surplus_threshold_weeks=4",
          "payment_basis=gross"], 1, False),
        ("surpluses past 2^63 pence", [big, AS_OF, "-", "-"], ["surplus_threshold_weeks=8"], 0,
         True),
    ]
    order = schemas.by_name["comparison-line"]["$defs"]["change"]["properties"]["field"]["enum"]
    for what, args, alt, rejected, overflow in runs:
        summary_path = os.path.join(tmp, "summary.json")
        p = subprocess.run([exe] + args[:4] + [summary_path] + alt, capture_output=True,
                           text=True, timeout=600)
        if not rep.ok(p.returncode == 0, f"compare {what}: exit status 0", p.stderr[-300:]):
            continue
        lines = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
        with open(summary_path, encoding="utf-8") as f:
            summary = json.load(f)
        # Validating is slow: of a long run, the first and last 200 lines.
        sample = lines if len(lines) <= 400 else lines[:200] + lines[-200:]
        bad = [(x.get("id"), schemas.errors("comparison-line", x)) for x in sample]
        bad = [b for b in bad if b[1]]
        rep.ok(lines and not bad, f"compare {what}: {len(sample)} of {len(lines)} line(s) "
                                  f"validate against comparison-line.json",
               f"{bad[:2]}" if bad else "no lines")
        expect_valid(schemas, rep, "comparison", summary, f"compare {what}: the summary")
        wrong = []
        flips = dict.fromkeys(order, 0)
        for x in lines:
            fields = [c["field"] for c in x["changes"]]
            rules = list(dict.fromkeys(c["rule"] for c in x["changes"]))
            if any(c["before"] == c["after"] for c in x["changes"]) \
                    or fields != sorted(fields, key=order.index) or rules != x["rules"]:
                wrong.append(x["id"])
            for f in fields:
                flips[f] += 1
        rep.ok(not wrong, f"compare {what}: each line names only changes, in the decision's "
                          f"order, with their own rules", f"{wrong[:3]}")
        rep.ok(summary["changed"] == len(lines) and summary["flips"] == flips
               and summary["rejected"] == rejected and summary["money"]["overflow"] == overflow
               and ("council_payments" in summary["money"]) == (args[2] != "-"),
               f"compare {what}: the summary counts the lines, flips, rejected records, "
               f"overflow and payments", json.dumps(summary)[:300])


# ------------------------------------------------------------------ loaders

class PythonOracle:
    name = "the Python binding"

    def __init__(self, dpss, framework_text):
        self.dpss = dpss
        self.framework_text = framework_text

    def accepts_all(self, cases):
        return [self.accepts(kind, text) for kind, text in cases]

    def accepts(self, kind, text):
        dp = self.dpss
        try:
            if kind in ("recipient", "referral"):
                dp.Recipient.from_json(text)
            elif kind == "policy":
                dp.Policy.from_json(text)
            elif kind == "network":
                dp.Network.from_json(text, None, datetime.date.fromisoformat(AS_OF))
            elif kind == "framework":
                dp.Framework.from_json(text)
            elif kind == "call-off":
                dp.Framework.from_json(self.framework_text).add(text)
            elif kind in (S, SC):
                read = dp.Statement.from_jsonl if kind == S else dp.Statement.from_csv
                errors = read(text).errors
                if errors:
                    return False, "; ".join(f"{e.name} {e.message}" for e in errors[:3])
            elif kind == M:
                # The mapping read, then used on a statement (its column names
                # are checked against a statement's there).
                mapping = dp.Mapping.from_dict(json.loads(text))
                dp.Statement.from_jsonl("\n", mapping)
            elif kind == "mapping":
                # Any mapping (recipients' or statements'): read only; its
                # column names are checked where it is used.
                dp.Mapping.from_dict(json.loads(text))
            else:
                raise ValueError(kind)
        except dp.Error as e:
            return False, f"{e.name} {e.field}: {e.message}"
        return True, ""


def gives_key(text, key):
    """Whether text is a JSON object with key (False for anything else)."""
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and key in value


class ToolOracle:
    name = "the dpss tool"

    def __init__(self, tool, framework_path, tmp):
        self.tool = tool
        self.framework_path = framework_path
        with open(framework_path, encoding="utf-8") as f:
            self.framework_text = f.read()
        self.tmp = tmp

    def accepts_all(self, cases):
        """Recipients in one run of dpss evaluate (it names each record it
        refuses by position); the other kinds one run each."""
        out = [None] * len(cases)
        batch = [i for i, (kind, text) in enumerate(cases)
                 if kind in ("recipient", "referral") and "\n" not in text]
        path = os.path.join(self.tmp, "cases.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(cases[i][1] + "\n" for i in batch))
        rc, decisions, err = run_tool(self.tool,
                                      ["evaluate", "--as-of", AS_OF, "--jobs", "1", path])
        if rc not in (0, 1):
            raise RuntimeError(f"dpss evaluate: unexpected status {rc}: {err}")
        refused = {}
        for line in err.splitlines():
            m = re.match(r"dpss: record (\d+)\b", line)
            if m:
                refused[int(m.group(1))] = line
        if len(decisions.splitlines()) + len(refused) != len(batch):
            raise RuntimeError(f"dpss evaluate read {len(decisions.splitlines())} + "
                               f"{len(refused)} of "
                               f"{len(batch)} records: {err}")
        for k, i in enumerate(batch, 1):
            out[i] = (k not in refused, refused.get(k, ""))
        for i, (kind, text) in enumerate(cases):
            if out[i] is None:
                out[i] = self.accepts(kind, text)
        return out

    def accepts(self, kind, text):
        if kind in (S, SC, M, "mapping"):
            return None  # the tool has no command that reads a statement now
        path = os.path.join(self.tmp, "case.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        if kind in ("recipient", "referral"):
            args, ok, refused = ["evaluate", "--as-of", AS_OF, "--jobs", "1", path], 0, 1
        elif kind == "policy":
            args, ok, refused = ["policy", "show", "--policy", path], 0, 2
        elif kind == "network":
            args, ok, refused = ["network", "check", "--as-of", AS_OF, path], 0, 1
        elif kind == "framework":
            args, ok, refused = ["framework", "check", path], 0, 1
        elif kind == "call-off" and gives_key(text, "recorded_at"):
            # A call-off with recorded_at is one a framework file holds (a
            # ledger stamps its own and refuses one given): the tool reads
            # it in a copy of the framework.
            fw = json.loads(self.framework_text)
            fw["call_offs"] = fw.get("call_offs", []) + [json.loads(text)]
            path = os.path.join(self.tmp, "framework-with.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(fw, f)
            args, ok, refused = ["framework", "check", path], 0, 1
        elif kind == "call-off":
            # The tool adds call-offs to a ledger: a fresh one each time.
            ledger = os.path.join(self.tmp, "ledger.db")
            for stale in (ledger, ledger + "-wal", ledger + "-shm"):
                if os.path.exists(stale):
                    os.remove(stale)
            rc, out, err = run_tool(self.tool, ["framework", "init", ledger, self.framework_path])
            if rc != 0:
                raise RuntimeError(f"dpss framework init: status {rc}: {err}")
            args, ok, refused = ["framework", "add", ledger, path], 0, 1
        else:
            raise ValueError(kind)
        rc, out, err = run_tool(self.tool, args)
        if rc not in (ok, refused):
            raise RuntimeError(f"dpss {' '.join(args)}: unexpected status {rc}: {err}")
        return rc == ok, err.strip()


def J(value):
    return json.dumps(value)


def with_(base, path, value):
    """A deep copy of base with the value at path (a list of keys) set; the
    value DELETE removes the key."""
    out = copy.deepcopy(base)
    node = out
    for key in path[:-1]:
        node = node[key]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


DELETE = object()

RECIPIENT = {
    "id": "R-EDGE", "kind": "adult", "has_capacity": True, "consents": True,
    "authorised_person": None, "excluding_order": False, "pays_household_family": False,
    "family_payment_necessary": None, "bank_account": True, "payment_method": "managed_account",
    "card_suitable": None, "employs_pas": False, "considering_employing_pas": True,
    "complex_needs": False, "specialist_needs": ["dementia"], "risk": "standard",
    "funding": [{"source": "social_care", "weekly_pence": 45000},
                {"source": "health", "weekly_pence": 5000}],
    "dp_start": "2026-01-05", "dp_end": None,
    "balance": {"on": "2026-11-01", "pence": 310000, "owed_pence": 0},
    "support": {"tier": "start_up", "since": "2026-01-05", "completed": False,
                "provider": "P-LEAD"},
    "existing_arrangement": {"provider": "P-OLD", "successful": True},
    "issues": [{"id": "I-1", "opened": "2026-11-01", "resolved": None}],
    "last_review": "2026-07-01", "last_audit": None,
    "personal_budget_weekly_pence": 60000, "contribution_weekly_pence": 2000,
    "one_off_payments": [{"date": "2026-03-01", "pence": 25000, "purpose": "equipment"}],
    "requested_provider": "P-DEM",
    "audits": [{"date": "2026-06-01", "outcome": "satisfactory"}],
}

POLICY = {"id": "edge", "version": "2026-01-01", "description": "Edge cases.",
          "parameters": {"surplus_threshold_weeks": [{"from": "2013-10-28", "value": 6},
                                                     {"from": "2027-04-01", "value": 8}],
                         "payment_basis": "net"}}

NETWORK = {"id": "N-EDGE", "lead": "P-LEAD", "providers": [
    {"id": "P-LEAD", "name": "Lead", "role": "lead", "specialisms": [], "capacity": 400,
     "caseload": 120, "accredited": True},
    {"id": "P-SENS", "role": "associate", "specialisms": ["sensory_impairment"],
     "capacity": 60, "caseload": 10, "accredited": True},
    {"id": "P-DEM", "role": "associate", "specialisms": ["dementia"], "capacity": 60}]}

FRAMEWORK = {"id": "F-EDGE", "start": "2020-10-01", "years": 4,
             "commissioners": [{"id": "CITY", "name": "City", "annual_cap_pence": 57100000,
                                "total_cap_pence": 228400000,
                                "approval_threshold_pence": 1000000}],
             "prices": {"start_up_pence": 101200, "payroll_per_year_pence": 30000,
                        "managed_account_per_month_pence": 1500, "one_off_issue_pence": 4500},
             "call_offs": [{"id": "C-1", "commissioner": "CITY", "recipient": "R-1",
                            "start": "2021-01-01", "end": "2021-12-31",
                            "items": [{"service": "payroll", "quantity": 1}],
                            "cost_pence": 30000}]}

# Against examples/data/framework.json (CITY, COUNTY, CITY-CCG; C-1, C-2 recorded).
CALL_OFF = {"id": "C-EDGE", "commissioner": "COUNTY", "recipient": "R-2",
            "start": "2022-01-01", "end": "2022-12-31",
            "items": [{"service": "managed_account", "quantity": 12}]}

# A recipient with a support plan and employer's evidence (rules A5, A6).
RECIPIENT_AUDIT = dict(
    RECIPIENT, employs_pas=True,
    support_plan={"paye": True, "lines": [
        {"category": "pa_wages", "payee": "PA-1", "weekly_pence": 30000},
        {"category": "agency_care", "payee": "Bright Homecare Ltd", "weekly_pence": None},
        {"category": "hmrc", "payee": "HMRC"}, {"category": "insurance"}]},
    employer={"insurance": [{"from": "2026-01-01", "to": "2026-12-31"}],
              "pas": [{"id": "PA-1", "contract": True, "dbs_checked": "2024-05-01"},
                      {"id": "PA-2", "contract": None, "dbs_checked": None}]})

# A statement line (JSON Lines) with every column.
LINE = {"date": "2026-01-05", "description": "NOTTS CC DP", "amount": "1,920.00",
        "balance": "1920.00", "payee": "Nottinghamshire CC", "category": None,
        "type": "council_payment"}
LINE_PENCE = {"date": "05/01/2026", "amount_pence": -4500, "balance_pence": 100,
              "payee": "Shield Insurance", "category": "insurance", "type": None}

# A column mapping with every key.
MAPPING = {"columns": {"Txn Date": "date", "Value": "amount", "Memo": "description", "Ref": None},
           "date_format": "DD/MM/YYYY",
           "values": {"type": {"BACS CR NCC": "council_payment", "DD": "other"},
                      "category": {"Wages": "pa_wages"}},
           "other_columns": "error"}


def JL(*lines):
    """JSON Lines text of statement lines."""
    return "".join(json.dumps(x) + "\n" for x in lines)


def CSV(header, *rows):
    """CSV text: a header and rows, each a list of fields (quoted as needed)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


STMT_HEADER = ["date", "description", "amount", "balance", "payee", "category", "type"]
STMT_ROW = ["05/01/2026", "Council payment, January", "1,920.00", "1,920.00", "", "",
            "council_payment"]


R, P, N, F, C = "recipient", "policy", "network", "framework", "call-off"
# A statement as JSON Lines text (one or more lines), as CSV text, and a
# column mapping: read through dpss.Statement (and dpss.Mapping).
S, SC, M = "statement-line", "statement-csv", "statement-mapping"

# (kind, what, JSON text): refused by the loader, and by the schema.
INVALID = [
    # recipient: wrong types
    (R, "has_capacity a string", J(with_(RECIPIENT, ["has_capacity"], "yes"))),
    (R, "funding an object", J(with_(RECIPIENT, ["funding"], {"source": "health"}))),
    (R, "balance a number", J(with_(RECIPIENT, ["balance"], 310000))),
    (R, "issues an object", J(with_(RECIPIENT, ["issues"], {"id": "I-1"}))),
    (R, "support.completed a string", J(with_(RECIPIENT, ["support", "completed"], "no"))),
    (R, "pence a decimal", J(with_(RECIPIENT, ["balance", "pence"], 100.5))),
    (R, "requested_provider a number", J(with_(RECIPIENT, ["requested_provider"], 5))),
    (R, "authorised_person a number", J(with_(RECIPIENT, ["authorised_person"], 1))),
    (R, "authorised_person an empty string", J(with_(RECIPIENT, ["authorised_person"], ""))),
    (R, "specialist_needs a string", J(with_(RECIPIENT, ["specialist_needs"], "dementia"))),
    (R, "specialist_needs item null", J(with_(RECIPIENT, ["specialist_needs"], [None]))),
    # recipient: unknown nested keys
    (R, "balance.pennies", J(with_(RECIPIENT, ["balance", "pennies"], 1))),
    (R, "support.completd", J(with_(RECIPIENT, ["support", "completd"], True))),
    (R, "issues[0].closed", J(with_(RECIPIENT, ["issues", 0, "closed"], "2026-11-02"))),
    (R, "funding[0].amount", J(with_(RECIPIENT, ["funding", 0, "amount"], 1))),
    (R, "existing_arrangement.since",
     J(with_(RECIPIENT, ["existing_arrangement", "since"], "2020-01-01"))),
    (R, "one_off_payments[0].note", J(with_(RECIPIENT, ["one_off_payments", 0, "note"], "x"))),
    (R, "audits[0].by", J(with_(RECIPIENT, ["audits", 0, "by"], "A"))),
    # recipient: unknown enum words
    (R, "kind elder", J(with_(RECIPIENT, ["kind"], "elder"))),
    (R, "payment_method cash", J(with_(RECIPIENT, ["payment_method"], "cash"))),
    (R, "funding source nhs", J(with_(RECIPIENT, ["funding", 1, "source"], "nhs"))),
    (R, "support.tier startup", J(with_(RECIPIENT, ["support", "tier"], "startup"))),
    (R, "risk medium", J(with_(RECIPIENT, ["risk"], "medium"))),
    (R, "audits[0].outcome fine", J(with_(RECIPIENT, ["audits", 0, "outcome"], "fine"))),
    (R, "last_audit_outcome an object",
     J(with_(RECIPIENT, ["last_audit_outcome"], {"any": ["value", 5]}))),
    (R, "kind Adult (case matters)", J(with_(RECIPIENT, ["kind"], "Adult"))),
    # recipient: bad dates
    (R, "dp_start 2026-02-30", J(with_(RECIPIENT, ["dp_start"], "2026-02-30"))),
    (R, "dp_start 2027-02-29 (not a leap year)", J(with_(RECIPIENT, ["dp_start"], "2027-02-29"))),
    (R, "last_review DD/MM/YYYY", J(with_(RECIPIENT, ["last_review"], "22/11/2026"))),
    (R, "issues[0].opened 2026-1-5", J(with_(RECIPIENT, ["issues", 0, "opened"], "2026-1-5"))),
    (R, "last_audit 0000-01-01", J(with_(RECIPIENT, ["last_audit"], "0000-01-01"))),
    (R, "balance.on with a time", J(with_(RECIPIENT, ["balance", "on"], "2026-11-01T00:00"))),
    (R, "dp_end 20260105", J(with_(RECIPIENT, ["dp_end"], "20260105"))),
    (R, "dp_start a number", J(with_(RECIPIENT, ["dp_start"], 20260105))),
    # recipient: negative or too large pence
    (R, "funding weekly_pence -5", J(with_(RECIPIENT, ["funding", 0, "weekly_pence"], -5))),
    (R, "owed_pence -1", J(with_(RECIPIENT, ["balance", "owed_pence"], -1))),
    (R, "contribution_weekly_pence -100", J(with_(RECIPIENT, ["contribution_weekly_pence"], -100))),
    (R, "one_off pence -1", J(with_(RECIPIENT, ["one_off_payments", 0, "pence"], -1))),
    (R, "personal budget 10^15 + 1",
     J(with_(RECIPIENT, ["personal_budget_weekly_pence"], 10**15 + 1))),
    (R, "balance below -10^15", J(with_(RECIPIENT, ["balance", "pence"], -10**15 - 1))),
    # recipient: ids
    (R, "id with a space", J(with_(RECIPIENT, ["id"], "R 1"))),
    (R, "id empty", J(with_(RECIPIENT, ["id"], ""))),
    (R, "id of 65 characters", J(with_(RECIPIENT, ["id"], "R" * 65))),
    (R, "id not ASCII", J(with_(RECIPIENT, ["id"], "R-\u00e9"))),
    (R, "id with a tab", J(with_(RECIPIENT, ["id"], "R\t1"))),
    (R, "support.provider with a space", J(with_(RECIPIENT, ["support", "provider"], "P LEAD"))),
    (R, "specialist need with a space", J(with_(RECIPIENT, ["specialist_needs"], ["low vision"]))),
    # recipient: a one-off's purpose is free text, 1 to 200 characters
    (R, "one_off purpose empty", J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], ""))),
    (R, "one_off purpose of 201 characters",
     J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], "w" * 201))),
    (R, "one_off purpose with a tab",
     J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], "new\twheelchair"))),
    (R, "one_off purpose with a line break",
     J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], "new\nwheelchair"))),
    (R, "one_off purpose with a C1 control (U+0085)",
     J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], "new\u0085wheelchair"))),
    (R, "one_off purpose a number", J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], 7))),
    # recipient: events (R1)
    (R, "an event of an unknown kind",
     J(with_(RECIPIENT, ["events"], [{"date": "2026-09-14", "kind": "moved"}]))),
    (R, "an event without a date", J(with_(RECIPIENT, ["events"], [{"kind": "capacity_lost"}]))),
    (R, "an event with date null",
     J(with_(RECIPIENT, ["events"], [{"date": None, "kind": "capacity_lost"}]))),
    (R, "an event without a kind", J(with_(RECIPIENT, ["events"], [{"date": "2026-09-14"}]))),
    (R, "an event with an unknown key",
     J(with_(RECIPIENT, ["events"], [{"date": "2026-09-14", "kind": "capacity_lost",
                                      "note": "x"}]))),
    (R, "events an object", J(with_(RECIPIENT, ["events"], {"date": "2026-09-14"}))),
    # recipient: missing required fields
    (R, "id missing", J(with_(RECIPIENT, ["id"], DELETE))),
    (R, "id null", J(with_(RECIPIENT, ["id"], None))),
    (R, "balance without pence", J(with_(RECIPIENT, ["balance", "pence"], DELETE))),
    (R, "funding stream without weekly_pence",
     J(with_(RECIPIENT, ["funding", 0, "weekly_pence"], DELETE))),
    (R, "funding stream with source null", J(with_(RECIPIENT, ["funding", 0, "source"], None))),
    (R, "issue without opened", J(with_(RECIPIENT, ["issues", 0, "opened"], DELETE))),
    (R, "existing_arrangement without provider",
     J(with_(RECIPIENT, ["existing_arrangement", "provider"], DELETE))),
    (R, "audit without outcome", J(with_(RECIPIENT, ["audits", 0, "outcome"], DELETE))),
    (R, "one-off without date", J(with_(RECIPIENT, ["one_off_payments", 0, "date"], DELETE))),
    (R, "two streams from one source",
     J(with_(RECIPIENT, ["funding"], [{"source": "health", "weekly_pence": 1},
                                      {"source": "health", "weekly_pence": 2}]))),
    # policy
    (P, "unknown top-level key", J(with_(POLICY, ["name"], "x"))),
    (P, "unknown parameter", J(with_(POLICY, ["parameters", "surplus_weeks"], 6))),
    (P, "parameter a string", J(with_(POLICY, ["parameters", "issue_escalation_days"], "14"))),
    (P, "parameter a decimal", J(with_(POLICY, ["parameters", "issue_escalation_days"], 14.5))),
    (P, "surplus_threshold_weeks 0",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks"], 0))),
    (P, "surplus_threshold_weeks 53",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks"], 53))),
    (P, "dp_uptake_target 101", J(with_(POLICY, ["parameters", "dp_uptake_target"], 101))),
    (P, "market floor -1", J(with_(POLICY, ["parameters", "market_viability_floor_percent"], -1))),
    (P, "surplus_triggers_review 1",
     J(with_(POLICY, ["parameters", "surplus_triggers_review"], 1))),
    (P, "payment_basis both", J(with_(POLICY, ["parameters", "payment_basis"], "both"))),
    (P, "payment_frequency weekly",
     J(with_(POLICY, ["parameters", "payment_frequency"], "weekly"))),
    (P, "parameter null", J(with_(POLICY, ["parameters", "min_associates"], None))),
    (P, "empty schedule", J(with_(POLICY, ["parameters", "surplus_threshold_weeks"], []))),
    (P, "schedule entry with an unknown key",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks", 1, "until"], "2028-01-01"))),
    (P, "schedule entry without from",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks", 1, "from"], DELETE))),
    (P, "schedule entry from null",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks", 1, "from"], None))),
    (P, "schedule entry without value",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks", 1, "value"], DELETE))),
    (P, "schedule entry with a bad date",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks", 1, "from"], "2027-13-01"))),
    (P, "schedule value out of range",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks", 1, "value"], 60))),
    (P, "schedule entry not an object",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks"], [6, 8]))),
    (P, "id empty", J(with_(POLICY, ["id"], ""))),
    (P, "id of 65 characters", J(with_(POLICY, ["id"], "p" * 65))),
    (P, "id with a tab", J(with_(POLICY, ["id"], "Notts\tDPSS"))),
    (P, "id with a line break at the end", J(with_(POLICY, ["id"], "notts\n"))),
    (P, "id with DEL", J(with_(POLICY, ["id"], "notts\u007f"))),
    (P, "id with a C1 control", J(with_(POLICY, ["id"], "notts\u009b"))),
    (P, "version a number", J(with_(POLICY, ["version"], 2026))),
    (P, "version of 65 characters", J(with_(POLICY, ["version"], "v" * 65))),
    (P, "version with a carriage return", J(with_(POLICY, ["version"], "2026\r"))),
    (P, "description a number", J(with_(POLICY, ["description"], 5))),
    (P, "description empty", J(with_(POLICY, ["description"], ""))),
    (P, "description of 4097 characters", J(with_(POLICY, ["description"], "d" * 4097))),
    # policy: periods under three names
    (P, "a period in days", J(with_(POLICY, ["parameters", "first_review"], {"days": 84}))),
    (P, "a period without a unit", J(with_(POLICY, ["parameters", "first_review"], {}))),
    (P, "a period in weeks and months",
     J(with_(POLICY, ["parameters", "first_audit"], {"weeks": 12, "months": 3}))),
    (P, "a period as a bare number", J(with_(POLICY, ["parameters", "first_review"], 6))),
    (P, "a period of 0 weeks", J(with_(POLICY, ["parameters", "first_review"], {"weeks": 0}))),
    (P, "a period of 61 months",
     J(with_(POLICY, ["parameters", "review_interval"], {"months": 61}))),
    (P, "a period of 261 weeks",
     J(with_(POLICY, ["parameters", "audit_interval"], {"weeks": 261}))),
    (P, "a period of \"12\" weeks",
     J(with_(POLICY, ["parameters", "first_review"], {"weeks": "12"}))),
    (P, "first_review_weeks 261", J(with_(POLICY, ["parameters", "first_review_weeks"], 261))),
    (P, "first_review_months 61", J(with_(POLICY, ["parameters", "first_review_months"], 61))),
    (P, "first_review_weeks as a period object",
     J(with_(POLICY, ["parameters", "first_review_weeks"], {"weeks": 12}))),
    (P, "a period under two names",
     J(with_(with_(POLICY, ["parameters", "first_review_weeks"], 12),
             ["parameters", "first_review_months"], 3))),
    (P, "a period under its bare name and a unit's",
     J(with_(with_(POLICY, ["parameters", "audit_interval"], {"months": 12}),
             ["parameters", "audit_interval_weeks"], 52))),
    (P, "a schedule of periods with a bare number",
     J(with_(POLICY, ["parameters", "first_review"], [{"from": "2020-01-01", "value": 6}]))),
    (P, "a schedule in weeks with a period object",
     J(with_(POLICY, ["parameters", "first_review_weeks"],
             [{"from": "2020-01-01", "value": {"weeks": 12}}]))),
    (P, "first_review_days", J(with_(POLICY, ["parameters", "first_review_days"], 84))),
    (P, "surplus_threshold_weeks_months (a unit on a plain parameter)",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks_months"], 1))),
    # policy: lists
    (P, "prohibited_categories a word", J(with_(POLICY, ["parameters", "prohibited_categories"],
                                                 "alcohol"))),
    (P, "prohibited_categories with a word twice",
     J(with_(POLICY, ["parameters", "prohibited_categories"], ["alcohol", "alcohol"]))),
    (P, "prohibited_categories with a space",
     J(with_(POLICY, ["parameters", "prohibited_categories"], ["food drink"]))),
    (P, "prohibited_categories of 65 words",
     J(with_(POLICY, ["parameters", "prohibited_categories"], [f"c{i}" for i in range(65)]))),
    (P, "prohibited_categories with a number",
     J(with_(POLICY, ["parameters", "prohibited_categories"], ["alcohol", 5]))),
    (P, "prohibited_categories a word, then a schedule entry",
     J(with_(POLICY, ["parameters", "prohibited_categories"],
             ["alcohol", {"from": "2020-01-01", "value": []}]))),
    (P, "prohibited_categories a schedule entry, then a word",
     J(with_(POLICY, ["parameters", "prohibited_categories"],
             [{"from": "2020-01-01", "value": []}, "alcohol"]))),
    (P, "a schedule of lists with a word as value",
     J(with_(POLICY, ["parameters", "prohibited_categories"],
             [{"from": "2020-01-01", "value": "alcohol"}]))),
    (P, "first_audit_from first_audit",
     J(with_(POLICY, ["parameters", "first_audit_from"], "first_audit"))),
    # policy: overrides
    (P, "overrides a name", J(with_(POLICY, ["overrides"], "payment_basis"))),
    (P, "overrides naming an unknown parameter", J(with_(POLICY, ["overrides"], ["surplus"]))),
    (P, "overrides naming a parameter not given",
     J(with_(POLICY, ["overrides"], ["issue_escalation_days"]))),
    (P, "overrides naming a schedule",
     J(with_(POLICY, ["overrides"], ["surplus_threshold_weeks"]))),
    (P, "overrides without parameters",
     J(with_(with_(POLICY, ["parameters"], DELETE), ["overrides"], ["payment_basis"]))),
    (P, "overrides naming a period given as a schedule",
     J(with_(with_(POLICY, ["parameters", "first_review_weeks"],
                   [{"from": "2020-01-01", "value": 12}]), ["overrides"], ["first_review"]))),
    (P, "overrides naming a list given as a schedule",
     J(with_(with_(POLICY, ["parameters", "prohibited_categories"],
                   [{"from": "2020-01-01", "value": ["alcohol"]}]),
             ["overrides"], ["prohibited_categories"]))),
    (P, "overrides with a number", J(with_(POLICY, ["overrides"], [5]))),
    (P, "parameters an array", J(with_(POLICY, ["parameters"], []))),
    (P, "not an object", J([POLICY])),
    # network
    (N, "unknown top-level key", J(with_(NETWORK, ["contract"], "x"))),
    (N, "provider unknown key", J(with_(NETWORK, ["providers", 1, "phone"], "0115"))),
    (N, "role partner", J(with_(NETWORK, ["providers", 1, "role"], "partner"))),
    (N, "role missing", J(with_(NETWORK, ["providers", 1, "role"], DELETE))),
    (N, "capacity -1", J(with_(NETWORK, ["providers", 1, "capacity"], -1))),
    (N, "capacity missing", J(with_(NETWORK, ["providers", 1, "capacity"], DELETE))),
    (N, "capacity a string", J(with_(NETWORK, ["providers", 1, "capacity"], "60"))),
    (N, "capacity 10^9 + 1", J(with_(NETWORK, ["providers", 1, "capacity"], 10**9 + 1))),
    (N, "caseload null", J(with_(NETWORK, ["providers", 1, "caseload"], None))),
    (N, "accredited a string", J(with_(NETWORK, ["providers", 1, "accredited"], "yes"))),
    (N, "provider id with a space", J(with_(NETWORK, ["providers", 2, "id"], "P DEM"))),
    (N, "provider id missing", J(with_(NETWORK, ["providers", 2, "id"], DELETE))),
    (N, "specialism a number", J(with_(NETWORK, ["providers", 1, "specialisms"], [5]))),
    (N, "provider name a number", J(with_(NETWORK, ["providers", 1, "name"], 5))),
    (N, "name a number", J(with_(NETWORK, ["name"], 5))),
    (N, "name a list", J(with_(NETWORK, ["name"], ["Notts"]))),
    (N, "lead missing", J(with_(NETWORK, ["lead"], DELETE))),
    (N, "id missing", J(with_(NETWORK, ["id"], DELETE))),
    (N, "providers missing", J(with_(NETWORK, ["providers"], DELETE))),
    (N, "providers an object", J(with_(NETWORK, ["providers"], {"P-LEAD": {}}))),
    (N, "two leads", J(with_(NETWORK, ["providers", 1, "role"], "lead"))),
    (N, "no provider with the role lead", J(with_(NETWORK, ["providers", 0, "role"], "associate"))),
    # framework
    (F, "unknown top-level key", J(with_(FRAMEWORK, ["owner"], "x"))),
    (F, "commissioners empty", J(with_(FRAMEWORK, ["commissioners"], []))),
    (F, "commissioner unknown key", J(with_(FRAMEWORK, ["commissioners", 0, "region"], "x"))),
    (F, "annual cap negative",
     J(with_(FRAMEWORK, ["commissioners", 0, "annual_cap_pence"], -1))),
    (F, "annual cap missing",
     J(with_(FRAMEWORK, ["commissioners", 0, "annual_cap_pence"], DELETE))),
    (F, "approval threshold a string",
     J(with_(FRAMEWORK, ["commissioners", 0, "approval_threshold_pence"], "1000"))),
    (F, "commissioner name a number", J(with_(FRAMEWORK, ["commissioners", 0, "name"], 5))),
    (F, "name a number", J(with_(FRAMEWORK, ["name"], 5))),
    (F, "name an object", J(with_(FRAMEWORK, ["name"], {"en": "City"}))),
    (F, "commissioner id with a space", J(with_(FRAMEWORK, ["commissioners", 0, "id"], "C ITY"))),
    (F, "prices missing", J(with_(FRAMEWORK, ["prices"], DELETE))),
    (F, "prices unknown key", J(with_(FRAMEWORK, ["prices", "audit_pence"], 1))),
    (F, "price missing", J(with_(FRAMEWORK, ["prices", "payroll_per_year_pence"], DELETE))),
    (F, "price a decimal", J(with_(FRAMEWORK, ["prices", "start_up_pence"], 1012.5))),
    (F, "years 0", J(with_(FRAMEWORK, ["years"], 0))),
    (F, "years 11", J(with_(FRAMEWORK, ["years"], 11))),
    (F, "start not a date", J(with_(FRAMEWORK, ["start"], "2020-10"))),
    (F, "start missing", J(with_(FRAMEWORK, ["start"], DELETE))),
    (F, "call_offs an object", J(with_(FRAMEWORK, ["call_offs"], {}))),
    (F, "a call-off with an unknown key", J(with_(FRAMEWORK, ["call_offs", 0, "note"], "x"))),
    (F, "a call-off with an unknown service",
     J(with_(FRAMEWORK, ["call_offs", 0, "items", 0, "service"], "audit"))),
    (F, "a call-off with a bad date", J(with_(FRAMEWORK, ["call_offs", 0, "end"], "2021-12-32"))),
    (F, "a call-off with a recipient id with a space",
     J(with_(FRAMEWORK, ["call_offs", 0, "recipient"], "R 1"))),
    # call-off
    (C, "unknown key", J(with_(CALL_OFF, ["notes"], "x"))),
    (C, "both commissioner and funding",
     J(with_(CALL_OFF, ["funding"], [{"commissioner": "CITY", "weekly_pence": 1}]))),
    (C, "neither commissioner nor funding", J(with_(CALL_OFF, ["commissioner"], DELETE))),
    (C, "commissioner null and no funding", J(with_(CALL_OFF, ["commissioner"], None))),
    (C, "items empty", J(with_(CALL_OFF, ["items"], []))),
    (C, "items missing", J(with_(CALL_OFF, ["items"], DELETE))),
    (C, "service payrol", J(with_(CALL_OFF, ["items", 0, "service"], "payrol"))),
    (C, "service missing", J(with_(CALL_OFF, ["items", 0, "service"], DELETE))),
    (C, "quantity 0", J(with_(CALL_OFF, ["items", 0, "quantity"], 0))),
    (C, "quantity 100001", J(with_(CALL_OFF, ["items", 0, "quantity"], 100001))),
    (C, "quantity missing", J(with_(CALL_OFF, ["items", 0, "quantity"], DELETE))),
    (C, "item unknown key", J(with_(CALL_OFF, ["items", 0, "price"], 1))),
    (C, "start not a date", J(with_(CALL_OFF, ["start"], "2022-02-29"))),
    (C, "end missing", J(with_(CALL_OFF, ["end"], DELETE))),
    (C, "recipient with a space", J(with_(CALL_OFF, ["recipient"], "R 2"))),
    (C, "recipient missing", J(with_(CALL_OFF, ["recipient"], DELETE))),
    (C, "approved_by with a space", J(with_(CALL_OFF, ["approved_by"], "A Smith"))),
    (C, "cost_pence negative", J(with_(CALL_OFF, ["cost_pence"], -1))),
    (C, "funding of 9 shares",
     J(with_(with_(CALL_OFF, ["commissioner"], DELETE), ["funding"],
             [{"commissioner": "CITY", "weekly_pence": 1}] * 9))),
    (C, "funding share unknown key",
     J(with_(with_(CALL_OFF, ["commissioner"], DELETE), ["funding"],
             [{"commissioner": "CITY", "weekly_pence": 1, "from": "2022-01-01"}]))),
    (C, "funding share negative",
     J(with_(with_(CALL_OFF, ["commissioner"], DELETE), ["funding"],
             [{"commissioner": "CITY", "weekly_pence": -1}]))),
    (C, "funding empty",
     J(with_(with_(CALL_OFF, ["commissioner"], DELETE), ["funding"], []))),
    (C, "recorded_at with a space for the T",
     J(with_(CALL_OFF, ["recorded_at"], "2022-01-01 10:00:00Z"))),
    (C, "recorded_at at hour 24", J(with_(CALL_OFF, ["recorded_at"], "2022-01-01T24:00:00Z"))),
    (C, "recorded_at on 2022-02-29", J(with_(CALL_OFF, ["recorded_at"], "2022-02-29T10:00:00Z"))),
    (C, "recorded_at with an offset",
     J(with_(CALL_OFF, ["recorded_at"], "2022-01-01T10:00:00+00:00"))),
    (C, "recorded_at with a fraction",
     J(with_(CALL_OFF, ["recorded_at"], "2022-01-01T10:00:00.5Z"))),
    (C, "recorded_at a number", J(with_(CALL_OFF, ["recorded_at"], 1640995200))),
    (F, "a call-off recorded at minute 60",
     J(with_(FRAMEWORK, ["call_offs", 0, "recorded_at"], "2021-01-01T10:60:00Z"))),
    # recipient: the support plan and the employer's evidence (A5, A6)
    (R, "support_plan an array", J(with_(RECIPIENT_AUDIT, ["support_plan"], []))),
    (R, "support_plan with an unknown key",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "budget"], 1))),
    (R, "support_plan.paye a string", J(with_(RECIPIENT_AUDIT, ["support_plan", "paye"], "yes"))),
    (R, "support_plan.lines an object",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines"], {"category": "hmrc"}))),
    (R, "a plan line without a category",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines"], [{"payee": "PA-1"}]))),
    (R, "a plan line with category null",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "category"], None))),
    (R, "a plan category with a space",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "category"], "pa wages"))),
    (R, "a plan category of 65 characters",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "category"], "c" * 65))),
    (R, "a plan line with an unknown key",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "note"], "x"))),
    (R, "a plan payee empty", J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "payee"], ""))),
    (R, "a plan payee of 201 characters",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "payee"], "p" * 201))),
    (R, "a plan payee of 201 characters of another script",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "payee"], "\u00e9" * 201))),
    (R, "a plan payee with a tab",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "payee"], "PA\t1"))),
    (R, "a plan payee a number",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "payee"], 1))),
    (R, "a plan weekly_pence negative",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "weekly_pence"], -1))),
    (R, "a plan weekly_pence 10^15 + 1",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "weekly_pence"], 10**15 + 1))),
    (R, "employer an array", J(with_(RECIPIENT_AUDIT, ["employer"], []))),
    (R, "employer with an unknown key", J(with_(RECIPIENT_AUDIT, ["employer", "cars"], []))),
    (R, "employer.insurance an object",
     J(with_(RECIPIENT_AUDIT, ["employer", "insurance"], {"from": "2026-01-01"}))),
    (R, "an insurance period without to",
     J(with_(RECIPIENT_AUDIT, ["employer", "insurance", 0, "to"], DELETE))),
    (R, "an insurance period with from null",
     J(with_(RECIPIENT_AUDIT, ["employer", "insurance", 0, "from"], None))),
    (R, "an insurance period on 2026-02-29",
     J(with_(RECIPIENT_AUDIT, ["employer", "insurance", 0, "to"], "2026-02-29"))),
    (R, "an insurance period with an unknown key",
     J(with_(RECIPIENT_AUDIT, ["employer", "insurance", 0, "insurer"], "Shield"))),
    (R, "employer.pas a string", J(with_(RECIPIENT_AUDIT, ["employer", "pas"], "PA-1"))),
    (R, "a PA without an id", J(with_(RECIPIENT_AUDIT, ["employer", "pas", 0, "id"], DELETE))),
    (R, "a PA id with a space", J(with_(RECIPIENT_AUDIT, ["employer", "pas", 0, "id"], "PA 1"))),
    (R, "a PA contract a string",
     J(with_(RECIPIENT_AUDIT, ["employer", "pas", 0, "contract"], "signed"))),
    (R, "a PA dbs_checked DD/MM/YYYY",
     J(with_(RECIPIENT_AUDIT, ["employer", "pas", 0, "dbs_checked"], "01/05/2024"))),
    (R, "a PA with a name (unknown key)",
     J(with_(RECIPIENT_AUDIT, ["employer", "pas", 0, "name"], "Jo"))),
    # statement lines (JSON Lines)
    (S, "no date", JL(with_(LINE, ["date"], DELETE))),
    (S, "date null", JL(with_(LINE, ["date"], None))),
    (S, "date empty", JL(with_(LINE, ["date"], ""))),
    (S, "date 2026-02-30", JL(with_(LINE, ["date"], "2026-02-30"))),
    (S, "date 30/02/2026", JL(with_(LINE, ["date"], "30/02/2026"))),
    (S, "date 29/02/2027", JL(with_(LINE, ["date"], "29/02/2027"))),
    (S, "date 5/1/2026", JL(with_(LINE, ["date"], "5/1/2026"))),
    (S, "date 2026-1-5", JL(with_(LINE, ["date"], "2026-1-5"))),
    (S, "date 05-01-2026", JL(with_(LINE, ["date"], "05-01-2026"))),
    (S, "date 0000-01-01", JL(with_(LINE, ["date"], "0000-01-01"))),
    (S, "date with a time", JL(with_(LINE, ["date"], "2026-01-05T10:00"))),
    (S, "date a number", JL(with_(LINE, ["date"], 20260105))),
    (S, "amount a JSON number", JL(with_(LINE, ["amount"], 1920.0))),
    (S, "amount 12.", JL(with_(LINE, ["amount"], "12."))),
    (S, "amount .50", JL(with_(LINE, ["amount"], ".50"))),
    (S, "amount 1.234", JL(with_(LINE, ["amount"], "1.234"))),
    (S, "amount 1,23.00", JL(with_(LINE, ["amount"], "1,23.00"))),
    (S, "amount 1,0000.00", JL(with_(LINE, ["amount"], "1,0000.00"))),
    (S, "amount 12,50", JL(with_(LINE, ["amount"], "12,50"))),
    (S, "amount 1e3", JL(with_(LINE, ["amount"], "1e3"))),
    (S, "amount --1", JL(with_(LINE, ["amount"], "--1"))),
    (S, "amount (-1.00)", JL(with_(LINE, ["amount"], "(-1.00)"))),
    (S, "amount with the pound sign before the minus",
     JL(with_(LINE, ["amount"], "\u00a3-1.00"))),
    (S, "amount with a space inside", JL(with_(LINE, ["amount"], "1 920.00"))),
    (S, "amount empty (no amount)", JL(with_(LINE, ["amount"], ""))),
    (S, "amount blank (no amount)", JL(with_(LINE, ["amount"], " \t "))),
    (S, "amount null and no amount_pence", JL(with_(LINE, ["amount"], None))),
    (S, "no amount", JL(with_(LINE, ["amount"], DELETE))),
    (S, "amount a penny over 10 trillion pounds",
     JL(with_(LINE, ["amount"], "10,000,000,000,000.01"))),
    (S, "amount 14 digits of pounds", JL(with_(LINE, ["amount"], "-12345678901234"))),
    (S, "both amount and amount_pence", JL(with_(LINE, ["amount_pence"], 192000))),
    (S, "amount empty beside amount_pence",
     JL(with_(with_(LINE, ["amount"], ""), ["amount_pence"], 192000))),
    (S, "amount_pence a string", JL(with_(LINE_PENCE, ["amount_pence"], "-4500"))),
    (S, "amount_pence a decimal", JL(with_(LINE_PENCE, ["amount_pence"], -45.5))),
    (S, "amount_pence 10^15 + 1", JL(with_(LINE_PENCE, ["amount_pence"], 10**15 + 1))),
    (S, "amount_pence below -10^15", JL(with_(LINE_PENCE, ["amount_pence"], -10**15 - 1))),
    (S, "both balance and balance_pence", JL(with_(LINE, ["balance_pence"], 192000))),
    (S, "balance empty beside balance_pence",
     JL(with_(LINE_PENCE, ["balance"], ""))),
    (S, "balance a JSON number", JL(with_(LINE, ["balance"], 1920))),
    (S, "balance 1.234", JL(with_(LINE, ["balance"], "1.234"))),
    (S, "balance_pence a string", JL(with_(LINE_PENCE, ["balance_pence"], "100"))),
    (S, "payee with a tab inside", JL(with_(LINE, ["payee"], "Notts\tCC"))),
    (S, "payee with a line break", JL(with_(LINE, ["payee"], "Notts\nCC"))),
    (S, "payee of 201 characters", JL(with_(LINE, ["payee"], "p" * 201))),
    (S, "payee a number", JL(with_(LINE, ["payee"], 7))),
    (S, "category with a C1 control (U+0085)", JL(with_(LINE, ["category"], "food\u0085"))),
    (S, "category of 201 characters", JL(with_(LINE, ["category"], "c" * 201))),
    (S, "category a list", JL(with_(LINE, ["category"], ["insurance"]))),
    (S, "description with a control character (U+0001)",
     JL(with_(LINE, ["description"], "NOTTS\u0001CC"))),
    (S, "description with DEL", JL(with_(LINE, ["description"], "NOTTS\u007fCC"))),
    (S, "description with a NUL", JL(with_(LINE, ["description"], "NOTTS\u0000CC"))),
    (S, "description of 2001 characters", JL(with_(LINE, ["description"], "d" * 2001))),
    (S, "description a number", JL(with_(LINE, ["description"], 5))),
    (S, "type council payment (a space)", JL(with_(LINE, ["type"], "council payment"))),
    (S, "type Refund (case matters)", JL(with_(LINE, ["type"], "Refund"))),
    (S, "type payment", JL(with_(LINE, ["type"], "payment"))),
    (S, "type a number", JL(with_(LINE, ["type"], 1))),
    (S, "an unknown key", JL(with_(LINE, ["reference"], "REF-1"))),
    (S, "Amount (case matters in keys)",
     JL(with_(with_(LINE, ["amount"], DELETE), ["Amount"], "1.00"))),
    (S, "not an object", JL([LINE])),
    (S, "a good line, then a bad one", JL(LINE, with_(LINE, ["amount"], "1.234"))),
    # statements as CSV, columns by our names
    (SC, "a bad amount", CSV(STMT_HEADER, STMT_ROW, with_(STMT_ROW, [2], "-300.001"))),
    (SC, "a bad date", CSV(STMT_HEADER, with_(STMT_ROW, [0], "31/04/2026"))),
    (SC, "no amount", CSV(STMT_HEADER, with_(STMT_ROW, [2], ""))),
    (SC, "a type not in the list", CSV(STMT_HEADER, with_(STMT_ROW, [6], "direct_debit"))),
    (SC, "a payee with a tab inside", CSV(STMT_HEADER, with_(STMT_ROW, [4], "Notts\tCC"))),
    (SC, "amount_pence not whole pence", CSV(["date", "amount_pence"], ["2026-01-05", "12.50"])),
    (SC, "amount_pence beyond 10^15",
     CSV(["date", "amount_pence"], ["2026-01-05", "1" + "0" * 14 + "1"])),
    # column mappings
    (M, "not an object", J([MAPPING])),
    (M, "an unknown key", J(with_(MAPPING, ["headers"], {}))),
    (M, "columns an array", J(with_(MAPPING, ["columns"], ["date"]))),
    (M, "a header mapped to a number", J(with_(MAPPING, ["columns", "Value"], 2))),
    (M, "a header mapped to a column statements do not have",
     J(with_(MAPPING, ["columns", "Value"], "amount_gbp"))),
    (M, "a header mapped to Date (case matters)",
     J(with_(MAPPING, ["columns", "Txn Date"], "Date"))),
    (M, "date_format DD-MM-YYYY", J(with_(MAPPING, ["date_format"], "DD-MM-YYYY"))),
    (M, "date_format dd/mm/yyyy", J(with_(MAPPING, ["date_format"], "dd/mm/yyyy"))),
    (M, "other_columns skip", J(with_(MAPPING, ["other_columns"], "skip"))),
    (M, "other_columns true", J(with_(MAPPING, ["other_columns"], True))),
    (M, "values for a column statements do not have",
     J(with_(MAPPING, ["values", "status"], {"X": "y"}))),
    (M, "values an array", J(with_(MAPPING, ["values"], [{"type": {}}]))),
    (M, "a value map null", J(with_(MAPPING, ["values", "type"], None))),
    (M, "a value map a string", J(with_(MAPPING, ["values", "type"], "council_payment"))),
    (M, "a value mapped to a number", J(with_(MAPPING, ["values", "category", "Wages"], 1))),
    (M, "types and values.type both", J(with_(MAPPING, ["types"], {"DD": "other"}))),
    (M, "types a list", J(with_(with_(MAPPING, ["values"], DELETE), ["types"], ["DD"]))),
]

LONG_ID = "!" + "~" * 62 + "R"

# (kind, what, JSON text): accepted by the loader, and by the schema.
VALID = [
    (R, "the full record", J(RECIPIENT)),
    (R, "only an id", J({"id": "R-1"})),
    (R, "an id of 64 printable characters", J({"id": LONG_ID})),
    (R, "every nullable field null", J({k: (None if k != "id" else "R-2") for k in RECIPIENT})),
    (R, "authorised_person a name", J(with_(RECIPIENT, ["authorised_person"], "Jo Bloggs"))),
    (R, "authorised_person an object",
     J(with_(RECIPIENT, ["authorised_person"], {"name": "Jo", "since": "2025-01-01"}))),
    (R, "authorised_person false", J(with_(RECIPIENT, ["authorised_person"], False))),
    (R, "an unknown top-level field (kept)",
     J(with_(RECIPIENT, ["case_worker"], {"team": "North East", "ref": [1, 2]}))),
    (R, "kind child", J(with_(RECIPIENT, ["kind"], "child"))),
    (R, "balance at -10^15", J(with_(RECIPIENT, ["balance"], {"pence": -10**15}))),
    (R, "amounts at 10^15",
     J(with_(with_(RECIPIENT, ["personal_budget_weekly_pence"], 10**15), ["funding"],
             [{"source": "social_care", "weekly_pence": 10**15}]))),
    (R, "zero amounts", J(with_(with_(RECIPIENT, ["funding"],
                                      [{"source": "health", "weekly_pence": 0}]),
                                ["balance"], {"on": None, "pence": 0, "owed_pence": None}))),
    (R, "funding empty", J(with_(RECIPIENT, ["funding"], []))),
    (R, "specialist_needs empty", J(with_(RECIPIENT, ["specialist_needs"], []))),
    (R, "leap day and the calendar's ends",
     J(with_(with_(with_(RECIPIENT, ["dp_start"], "2028-02-29"), ["dp_end"], "9999-12-31"),
             ["last_review"], "0001-01-01"))),
    (R, "2000-02-29 (divisible by 400)", J(with_(RECIPIENT, ["last_review"], "2000-02-29"))),
    (R, "issue resolved the day it opened",
     J(with_(RECIPIENT, ["issues"], [{"id": "I-9", "opened": "2026-11-01",
                                       "resolved": "2026-11-01"}]))),
    (R, "support an empty object", J(with_(RECIPIENT, ["support"], {}))),
    (R, "existing arrangement with only a provider",
     J(with_(RECIPIENT, ["existing_arrangement"], {"provider": "P-OUT"}))),
    (R, "one-off without a purpose",
     J(with_(RECIPIENT, ["one_off_payments"], [{"date": "2026-01-01", "pence": 1}]))),
    (R, "audits of each outcome",
     J(with_(RECIPIENT, ["audits"], [{"date": "2025-01-01", "outcome": "concerns"},
                                      {"date": "2026-01-01", "outcome": "misuse_suspected"}]))),
    (R, "each payment method and tier",
     J(with_(with_(RECIPIENT, ["payment_method"], "prepaid_card"), ["support", "tier"],
             "issue_based"))),
    (R, "a referral with requested_provider", J({"id": "F-1", "requested_provider": "P-SENS"})),
    (R, "one_off purpose with spaces",
     J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], "new wheelchair"))),
    (R, "one_off purpose of 200 characters of another script",
     J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], "\u00e9" * 200))),
    (R, "one_off purpose of 200 ASCII characters (the fast reader's path)",
     J({"id": "R-4", "one_off_payments": [{"date": "2026-01-01", "pence": 1,
                                           "purpose": "Bath lift; fitted 2 May " + "x" * 176}]})),
    (R, "one_off purpose null", J(with_(RECIPIENT, ["one_off_payments", 0, "purpose"], None))),
    (R, "events of each kind",
     J(with_(RECIPIENT, ["events"], [{"date": "2026-09-14", "kind": "capacity_lost"},
                                     {"kind": "capacity_regained", "date": "2026-10-01"},
                                     {"date": "2026-10-02", "kind": "misuse_suspected"},
                                     {"date": "2026-10-03", "kind": "conditions_not_met"}]))),
    (R, "events null and empty", J(with_(RECIPIENT, ["events"], None))),
    (R, "support_plan, employer, last_audit_outcome",
     J(dict(RECIPIENT, events=[],
            support_plan={"paye": True, "lines": [
                {"category": "pa_wages", "payee": "PA-1", "weekly_pence": 30000},
                {"category": "agency_care", "payee": "Bright Homecare Ltd"}]},
            employer={"insurance": [{"from": "2026-01-01", "to": "2026-12-31"}],
                      "pas": [{"id": "PA-1", "contract": True, "dbs_checked": "2024-05-01"}]},
            last_audit_outcome="concerns"))),
    (R, "a plain record (the fast reader's path)",
     '{"id":"R-3","kind":"adult","has_capacity":true,"consents":true,'
     '"funding":[{"source":"social_care","weekly_pence":50000}],"dp_start":"2026-01-05",'
     '"balance":{"on":"2026-11-01","pence":310000,"owed_pence":0}}'),
    (P, "an empty policy", "{}"),
    (P, "the edge policy", J(POLICY)),
    (P, "id with spaces and 64 characters", J(with_(POLICY, ["id"], "Notts " + "x" * 58))),
    (P, "id and version null", J({"id": None, "version": None, "parameters": None})),
    (P, "every parameter at its lowest",
     J({"parameters": {"surplus_threshold_weeks": 1, "startup_max_months": 1,
                       "issue_escalation_days": 1, "min_associates": 1,
                       "first_review_months": 1, "review_interval_months": 1,
                       "first_audit_months": 1, "audit_interval_months": 1,
                       "surplus_triggers_review": False, "payment_basis": "gross",
                       "payment_frequency": "monthly", "payment_interval_weeks": 1,
                       "dp_uptake_target": 0, "framework_term_years": 1,
                       "market_viability_floor_percent": 0,
                       "market_dominance_ceiling_percent": 0}})),
    (P, "every parameter at its highest",
     J({"parameters": {"surplus_threshold_weeks": 52, "startup_max_months": 60,
                       "issue_escalation_days": 365, "min_associates": 100,
                       "first_review_months": 60, "review_interval_months": 60,
                       "first_audit_months": 60, "audit_interval_months": 60,
                       "payment_interval_weeks": 52, "dp_uptake_target": 100,
                       "framework_term_years": 10, "market_viability_floor_percent": 100,
                       "market_dominance_ceiling_percent": 100}})),
    (P, "schedules out of date order, of booleans and words",
     J({"parameters": {"review_interval_months": [{"from": "2030-01-01", "value": 6},
                                                  {"from": "2020-01-01", "value": 12}],
                       "surplus_triggers_review": [{"from": "2020-01-01", "value": False}],
                       "payment_basis": [{"from": "2020-01-01", "value": "gross"}]}})),
    (P, "version empty (none)", J(with_(POLICY, ["version"], ""))),
    (P, "id and version of printable text with spaces and another script",
     J(with_(with_(POLICY, ["id"], "Gateshead \u00a3 policy"), ["version"], "v 2026"))),
    (P, "a description of lines in any script, 4096 characters",
     J(with_(POLICY, ["description"],
             ("Line one.\n\tLine two: \u00a3." + "\u00e9" * 4096)[:4096]))),
    (P, "description null", J(with_(POLICY, ["description"], None))),
    (P, "periods under each name",
     J({"parameters": {"first_review": {"weeks": 12}, "review_interval_months": 12,
                       "first_audit_weeks": 260, "audit_interval": {"months": 60}}})),
    (P, "a schedule mixing units under the bare name",
     J({"parameters": {"first_review": [{"from": "2020-01-01", "value": {"months": 6}},
                                        {"from": "2026-04-01", "value": {"weeks": 12}}]}})),
    (P, "a schedule in weeks", J({"parameters": {"review_interval_weeks": [
        {"from": "2020-01-01", "value": 52}, {"from": "2026-04-01", "value": 26}]}})),
    (P, "the new parameters",
     J({"parameters": {"surplus_notice_days": 0, "audit_match_days": 31, "dbs_valid_years": 20,
                       "underspend_review_percent": 100, "misuse_threshold_pence": 10**15,
                       "first_audit_from": "first_review",
                       "prohibited_categories": [f"c{i}" for i in range(64)]}})),
    (P, "prohibited_categories empty", J({"parameters": {"prohibited_categories": []}})),
    (P, "a schedule of lists",
     J({"parameters": {"prohibited_categories": [
         {"from": "2020-01-01", "value": ["alcohol", "gambling"]},
         {"from": "2026-01-01", "value": []}]}})),
    (P, "overrides of plain values, a period named in another unit",
     J({"parameters": {"surplus_threshold_weeks": 8, "first_review_weeks": 12,
                       "prohibited_categories": ["alcohol"], "payment_basis": "gross"},
        "overrides": ["surplus_threshold_weeks", "first_review", "prohibited_categories",
                      "payment_basis", "payment_basis"]})),
    (P, "overrides of a period by its unit's name",
     J({"parameters": {"first_audit": {"months": 3}}, "overrides": ["first_audit_weeks"]})),
    (P, "overrides empty", J(with_(POLICY, ["overrides"], []))),
    (P, "overrides null", J(with_(POLICY, ["overrides"], None))),
    (N, "the edge network", J(NETWORK)),
    (N, "a name", J(with_(NETWORK, ["name"], "Nottinghamshire DPSS network"))),
    (N, "name null", J(with_(NETWORK, ["name"], None))),
    (N, "minimal providers, a name",
     J({"id": "N-2", "name": "Two", "lead": "L", "providers": [
         {"id": "L", "role": "lead", "capacity": 0},
         {"id": "A", "role": "associate", "capacity": 10**9, "caseload": 10**9,
          "specialisms": None, "accredited": None},
         {"id": "B", "role": "associate", "capacity": 1, "name": None}]})),
    (F, "the edge framework", J(FRAMEWORK)),
    (F, "minimal: no years, no call-offs",
     J(with_(with_(FRAMEWORK, ["years"], DELETE), ["call_offs"], DELETE))),
    (F, "years null and 10, call_offs null, no threshold",
     J(with_(with_(with_(FRAMEWORK, ["years"], 10), ["call_offs"], None),
             ["commissioners", 0, "approval_threshold_pence"], None))),
    (F, "a saved call-off with year and shares",
     J(with_(with_(FRAMEWORK, ["call_offs", 0, "year"], 1), ["call_offs", 0, "shares"],
             [{"commissioner": "CITY", "pence": 30000}]))),
    (F, "a name", J(with_(FRAMEWORK, ["name"], "City framework"))),
    (F, "name null", J(with_(FRAMEWORK, ["name"], None))),
    (C, "one commissioner", J(CALL_OFF)),
    (C, "no id (one is generated), funding null", J(with_(with_(CALL_OFF, ["id"], None),
                                                          ["funding"], None))),
    (C, "jointly funded, cost given",
     J({"id": "C-J", "funding": [{"commissioner": "CITY", "weekly_pence": 45000},
                                 {"commissioner": "CITY-CCG", "weekly_pence": 0}],
        "commissioner": None, "recipient": "R-3", "start": "2020-10-01", "end": "2024-09-30",
        "items": [{"service": "start_up", "quantity": 1},
                  {"service": "one_off_issue", "quantity": 1000}],
        "cost_pence": 101200 + 4500 * 1000, "approved_by": "DASS-1"})),
    (C, "recorded_at in a leap second, and the rules written back",
     J(with_(with_(CALL_OFF, ["recorded_at"], "2016-12-31T23:59:60Z"), ["rules"],
             ["F1", "F2", "F3"]))),
    (C, "recorded_at null", J(with_(CALL_OFF, ["recorded_at"], None))),
    (F, "a call-off as a ledger exports it",
     J(with_(FRAMEWORK, ["call_offs", 0], dict(
         FRAMEWORK["call_offs"][0], year=1, shares=[{"commissioner": "CITY", "pence": 30000}],
         recorded_at="2026-11-30T09:15:02Z", rules=["F1", "F2", "F3"])))),
    # recipient: the support plan and the employer's evidence (A5, A6)
    (R, "a support plan and an employer", J(RECIPIENT_AUDIT)),
    (R, "support_plan and employer null",
     J(with_(with_(RECIPIENT_AUDIT, ["support_plan"], None), ["employer"], None))),
    (R, "support_plan and employer empty",
     J(with_(with_(RECIPIENT_AUDIT, ["support_plan"], {}), ["employer"], {}))),
    (R, "paye and lines null, insurance and pas null",
     J(with_(with_(RECIPIENT_AUDIT, ["support_plan"], {"paye": None, "lines": None}),
             ["employer"], {"insurance": None, "pas": None}))),
    (R, "lines, insurance and pas empty",
     J(with_(with_(RECIPIENT_AUDIT, ["support_plan", "lines"], []), ["employer"],
             {"insurance": [], "pas": []}))),
    (R, "a plan payee of 200 characters of another script, spaces around",
     J(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 0, "payee"],
             " " + "\u00e9" * 198 + " "))),
    (R, "a plan payee and category null (payee) and 64 characters (category)",
     J(with_(with_(RECIPIENT_AUDIT, ["support_plan", "lines", 1, "payee"], None),
             ["support_plan", "lines", 1, "category"], "~" * 64))),
    (R, "insurance periods overlapping and of one day",
     J(with_(RECIPIENT_AUDIT, ["employer", "insurance"],
             [{"from": "2026-01-01", "to": "2026-06-30"},
              {"from": "2026-06-01", "to": "2026-06-01"},
              {"from": "2028-02-29", "to": "2028-02-29"}]))),
    (R, "last_audit_outcome of each outcome and null (A8: read with last_audit)",
     J(with_(with_(RECIPIENT, ["last_audit"], "2026-06-01"), ["last_audit_outcome"],
             "misuse_suspected"))),
    (R, "last_audit_outcome null", J(with_(RECIPIENT, ["last_audit_outcome"], None))),
    # statement lines (JSON Lines)
    (S, "every column", JL(LINE)),
    (S, "amount_pence and balance_pence, DD/MM/YYYY", JL(LINE_PENCE)),
    (S, "only a date and an amount", JL({"date": "2026-01-05", "amount": "0.10"})),
    (S, "29/02/2028 and 2028-02-29", JL(with_(LINE, ["date"], "29/02/2028"),
                                        with_(LINE, ["date"], "2028-02-29"))),
    (S, "dates 0001-01-01 and 31/12/9999", JL(with_(LINE, ["date"], "0001-01-01"),
                                              with_(LINE, ["date"], "31/12/9999"))),
    (S, "a date with spaces and tabs around", JL(with_(LINE, ["date"], " \t2026-01-05 "))),
    (S, "amounts in every form",
     JL(*(with_(LINE, ["amount"], a) for a in (
         "-\u00a30.01", "(\u00a31,234.50)", "(12)", "+12", "0.1", "1,234,567.8", "000,001.00",
         "10,000,000,000,000.00", "-10000000000000", "0000000000000012.34", "9999999999999.99",
         "-0.00", " -1.00\t")))),
    (S, "amount_pence at each end with amount null",
     JL(with_(LINE_PENCE, ["amount_pence"], 10**15),
        with_(with_(LINE_PENCE, ["amount_pence"], -10**15), ["amount"], None))),
    (S, "balance empty, balance_pence null, balance null",
     JL(with_(LINE, ["balance"], ""), with_(LINE_PENCE, ["balance_pence"], None),
        with_(LINE, ["balance"], None))),
    (S, "payee and category of 200 characters in spaces, another script",
     JL(with_(with_(LINE, ["payee"], "  " + "p" * 200 + "\t"), ["category"],
              "\u00e9" * 100))),
    (S, "category with spaces (any text)", JL(with_(LINE, ["category"], "food and drink"))),
    (S, "payee, category and description empty or blank (none)",
     JL(with_(with_(with_(LINE, ["payee"], ""), ["category"], " "), ["description"], "\t"))),
    (S, "a description of lines and tabs, 2000 characters",
     JL(with_(LINE, ["description"], ("PA WAGES\r\n\tJAN " + "d" * 2000)[:2000]))),
    (S, "each type, and empty, blank and null", JL(*(with_(LINE, ["type"], t) for t in (
        "council_payment", "contribution", "refund", "other", "", " refund\t", None)))),
    (S, "every optional column null",
     JL({"date": "2026-01-05", "amount": "1.00", "amount_pence": None, "balance": None,
         "balance_pence": None, "description": None, "payee": None, "category": None,
         "type": None})),
    # statements as CSV
    (SC, "a bank's export: DD/MM/YYYY, quoted commas, pounds with commas, (60.00)",
     CSV(STMT_HEADER, STMT_ROW, ["06/01/2026", "HMRC \"PAYE\"", "(60.00)", "1,860.00", "HMRC",
                                 "hmrc", ""])),
    (SC, "amount_pence and balance_pence, CRLF, blank rows",
     "date,amount_pence,balance_pence,type\r\n2026-01-05,192000,192000,council_payment\r\n"
     ",,,\r\n2026-01-06, -300 ,,\r\n"),
    (SC, "a byte order mark, a line break inside a quoted description",
     "\ufeffdate,description,amount\n2026-01-05,\"two\nlines\",1.00\n"),
    # column mappings
    (M, "every key", J(MAPPING)),
    (M, "empty", J({})),
    (M, "every key null", J({k: None for k in ("columns", "date_format", "values", "types",
                                                "other_columns")})),
    (M, "date_format any, other_columns ignore, types alone",
     J({"date_format": "any", "other_columns": "ignore", "types": {"BACS": "council_payment"}})),
    (M, "date_format YYYY-MM-DD, two headers on one column",
     J({"date_format": "YYYY-MM-DD", "columns": {"Date": "date", "Posted": "date"}})),
    (M, "types null beside values.type", J(with_(MAPPING, ["types"], None))),
    (M, "a value mapped to null (an empty cell: absent)",
     J(with_(MAPPING, ["values", "category", "Wages"], None))),
    (M, "a header mapped to each column and one ignored",
     J({"columns": dict({f"H{i}": c for i, c in enumerate(STATEMENT_COLUMNS)}, Other=None),
        "values": {c: {} for c in STATEMENT_COLUMNS}})),
]

# Where the loader and the schema differ on purpose. (kind, what, JSON text,
# loader accepts, schema accepts, why).
KNOWN_GAPS = [
    (R, "funding above the personal budget (B1)",
     J(with_(RECIPIENT, ["personal_budget_weekly_pence"], 100)), False, True,
     "a cross-field check (ECONFLICT)"),
    (R, "dp_end before dp_start", J(with_(RECIPIENT, ["dp_end"], "2025-01-01")), False, True,
     "a cross-field check (ECONFLICT)"),
    (R, "an issue resolved before it opened",
     J(with_(RECIPIENT, ["issues", 0, "resolved"], "2026-10-01")), False, True,
     "a cross-field check (ECONFLICT)"),
    (R, "a whole number written 5000.0",
     J(RECIPIENT).replace('"weekly_pence": 5000}', '"weekly_pence": 5000.0}'), False, True,
     "JSON Schema's integer is any number with no fraction; the loaders want an integer literal"),
    (P, "two values from the same date",
     J(with_(POLICY, ["parameters", "surplus_threshold_weeks", 1, "from"], "2013-10-28")),
     False, True, "uniqueness of a key across list items (EDUPLICATE)"),
    (N, "lead naming an associate", J(with_(NETWORK, ["lead"], "P-SENS")), False, True,
     "lead must name the provider whose role is lead (ENETWORK)"),
    (N, "one associate (min_associates is a policy parameter)",
     J(with_(NETWORK, ["providers"], NETWORK["providers"][:2])), False, True,
     "N1 depends on the policy in force"),
    (N, "two providers with one id",
     J(with_(NETWORK, ["providers", 2, "id"], "P-SENS")), False, True,
     "uniqueness of ids across list items (EDUPLICATE)"),
    (C, "a cost that does not match the price list", J(with_(CALL_OFF, ["cost_pence"], 1)),
     False, True, "priced against the framework (ECONFLICT, rule F3)"),
    (C, "a commissioner not in the framework", J(with_(CALL_OFF, ["commissioner"], "NOPE")),
     False, True, "checked against the framework (ENOTFOUND)"),
    (C, "outside the framework's term",
     J(with_(with_(CALL_OFF, ["start"], "2030-01-01"), ["end"], "2030-01-02")), False, True,
     "checked against the framework (EDATE)"),
    (C, "year a string", J(with_(CALL_OFF, ["year"], "one")), True, False,
     "the loader does not read year (it computes it); the schema wants the written form"),
    (C, "shares' weekly amounts adding up to 0",
     J(with_(with_(CALL_OFF, ["commissioner"], DELETE), ["funding"],
             [{"commissioner": "CITY", "weekly_pence": 0}])), False, True,
     "a sum across list items (ERANGE)"),
    (R, "a key given twice", '{"id": "R-1", "kind": "adult", "kind": "child"}', False, True,
     "JSON parsers keep one of the two; the loaders refuse duplicate keys (ESYNTAX)"),
    (R, "an id ending in a newline", J(with_(RECIPIENT, ["id"], "R-1\n")), False, True,
     "Python's re lets $ match before a final newline; ECMA-262 validators refuse it"),
    (P, "an id of 64 characters but more bytes", J(with_(POLICY, ["id"], "\u00e9" * 64)),
     False, True, "the loader counts bytes, JSON Schema counts characters"),
    (P, "a version of 64 characters but more bytes", J(with_(POLICY, ["version"], "\u00e9" * 33)),
     False, True, "the loader counts bytes, JSON Schema counts characters"),
    (P, "a parameter written 14.0",
     J(with_(POLICY, ["parameters", "issue_escalation_days"], 14.0)), False, True,
     "JSON Schema's integer is any number with no fraction; the loaders want an integer literal"),
    (R, "an insurance period ending before it starts",
     J(with_(RECIPIENT_AUDIT, ["employer", "insurance", 0, "to"], "2025-12-31")), False, True,
     "a cross-field check (ECONFLICT)"),
    (R, "two PAs with one id", J(with_(RECIPIENT_AUDIT, ["employer", "pas", 1, "id"], "PA-1")),
     False, True, "uniqueness of ids across list items (EDUPLICATE)"),
    (C, "rules other than F1, F2, F3", J(with_(CALL_OFF, ["rules"], ["X9"])), True, False,
     "the loader does not read rules (it writes them again); the schema wants the written form"),
    (S, "a description of 2000 characters but more bytes",
     JL(with_(LINE, ["description"], "\u00e9" * 2000)), False, True,
     "the loader counts bytes, JSON Schema counts characters"),
    (S, "a payee of 200 characters but more bytes", JL(with_(LINE, ["payee"], "\u00e9" * 200)),
     False, True, "the loader counts bytes, JSON Schema counts characters"),
    (S, "amount_pence written -4500.0",
     JL(LINE_PENCE).replace('"amount_pence": -4500', '"amount_pence": -4500.0'), False, True,
     "JSON Schema's integer is any number with no fraction; the loaders want an integer literal"),
    (S, "a key given twice", '{"date": "2026-01-05", "amount": "1.00", "amount": "2.00"}\n',
     False, True, "JSON parsers keep one of the two; the loaders refuse duplicate keys (ESYNTAX)"),
]


# Where the loaders read a word from a fixed list, and where the schemas keep
# that list: (kind, base record, path, schema, JSON pointer in it). A word
# that would clash with the rest of the record (a second lead, two streams
# from one source) is tried where the record already has it.
ALSO_AT = {("funding", 0, "source", "health"): ["funding", 1, "source"],
           ("providers", 1, "role", "lead"): ["providers", 0, "role"]}
ENUMS = [
    (R, "RECIPIENT", ["kind"], "recipient", "/properties/kind/enum"),
    (R, "RECIPIENT", ["payment_method"], "common", "/$defs/payment_method/enum"),
    (R, "RECIPIENT", ["risk"], "recipient", "/properties/risk/enum"),
    (R, "RECIPIENT", ["funding", 0, "source"], "common", "/$defs/funding_source/enum"),
    (R, "RECIPIENT", ["support", "tier"], "common", "/$defs/tier/enum"),
    (R, "RECIPIENT", ["audits", 0, "outcome"], "common", "/$defs/audit_outcome/enum"),
    (R, "RECIPIENT", ["last_audit_outcome"], "common", "/$defs/audit_outcome/enum"),
    (P, "POLICY", ["parameters", "payment_basis"], "policy", "/$defs/value_payment_basis/enum"),
    (P, "POLICY", ["parameters", "payment_frequency"], "policy",
     "/$defs/value_payment_frequency/enum"),
    (P, "POLICY", ["parameters", "first_audit_from"], "policy",
     "/$defs/value_first_audit_from/enum"),
    (R, "RECIPIENT_EVENT", ["events", 0, "kind"], "recipient", "/$defs/event/properties/kind/enum"),
    (N, "NETWORK", ["providers", 1, "role"], "common", "/$defs/role/enum"),
    (C, "CALL_OFF", ["items", 0, "service"], "call-off",
     "/properties/items/items/properties/service/enum"),
    (M, "MAPPING", ["date_format"], "mapping", "/properties/date_format/enum"),
    (M, "MAPPING", ["other_columns"], "mapping", "/properties/other_columns/enum"),
]

RECIPIENT_EVENT = dict(RECIPIENT, events=[{"date": "2026-09-14", "kind": "capacity_lost"}])


def pointer(doc, ptr):
    for part in ptr.strip("/").split("/"):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def check_enums(schemas, rep, oracles, tool):
    """Each list of words is the loader's list exactly: the loader's error
    for a word not in it names its choices, and every word in the schema's
    list is accepted."""
    bases = {"RECIPIENT": RECIPIENT, "POLICY": POLICY, "NETWORK": NETWORK,
             "CALL_OFF": CALL_OFF, "RECIPIENT_EVENT": RECIPIENT_EVENT, "MAPPING": MAPPING}
    cases, words_of = [], []
    for kind, base, path, name, ptr in ENUMS:
        words = [w for w in pointer(schemas.by_name[name], ptr) if w is not None]
        words_of.append(words)
        cases.append((kind, J(with_(bases[base], path, "no_such_word"))))
        cases += [(kind, J(with_(bases[base], ALSO_AT.get((*path, w), path), w)))
                  for w in words]
    answers = [o.accepts_all(cases) for o in oracles]
    at = 0
    for (kind, base, path, name, ptr), words in zip(ENUMS, words_of):
        field = ".".join(map(str, path))
        for o, a in zip(oracles, answers):
            if a[at] is None:
                continue  # not a kind this oracle reads
            accepted, why = a[at]
            m = re.search(r"expected one of (.*)", why)
            loader = re.findall(r'"([^"]+)"', m.group(1)) if m else None
            rep.ok(not accepted and loader is not None and sorted(loader) == sorted(words),
                   f"{kind} {field}: {o.name}'s words are {name}.json's {words}",
                   f"the loader says: {why}")
            bad = [w for w, (ok, _) in zip(words, a[at + 1:at + 1 + len(words)]) if not ok]
            rep.ok(not bad, f"{kind} {field}: {o.name} accepts each word", f"refused {bad}")
        at += 1 + len(words)


def check_statement_words(schemas, rep, oracles):
    """A statement's columns and line types are the loader's: statement-line
    .json's properties, mapping.json's column names and the check's own list
    are one list; the loader reads each column (JSON Lines keys, and through
    a mapping) and each type word, and its error for another word lists the
    same words."""
    props = list(schemas.by_name["statement-line"]["properties"])
    mapped = schemas.by_name["mapping"]["$defs"]["column"]["enum"]
    rep.ok(props == STATEMENT_COLUMNS == mapped,
           "statement-line.json's columns are mapping.json's and the loader's, in its order",
           f"{props} / {mapped} / {STATEMENT_COLUMNS}")
    m = re.search(r"\(\?:([a-z_|]+)\)",
                  schemas.by_name["statement-line"]["properties"]["type"]["pattern"])
    words = m.group(1).split("|") if m else []
    with_type = lambda w: JL(with_(LINE, ["type"], w))
    sample = {"date": "2026-01-05", "description": "x", "amount": "1.00", "amount_pence": 100,
              "balance": "1.00", "balance_pence": 100, "payee": "x", "category": "x",
              "type": "other"}
    columns = [JL({"date": "2026-01-05", **({} if c == "amount_pence" else {"amount": "1.00"}),
                   c: sample[c]}) for c in STATEMENT_COLUMNS]
    through_map = [J({"columns": {"Their " + c: c}}) for c in STATEMENT_COLUMNS]
    cases = [(S, with_type("no_such_word"))] + [(S, with_type(w)) for w in words] + \
        [(S, with_type(w.upper())) for w in words] + [(S, t) for t in columns] + \
        [(M, t) for t in through_map] + [(M, J({"columns": {"X": "no_such_column"}}))]
    for o in oracles:
        a = o.accepts_all(cases)
        if a[0] is None:
            continue
        told = re.findall(r"[a-z_]+", a[0][1].split("expected", 1)[-1])
        rep.ok(not a[0][0] and set(words) <= set(told) and len(words) == 4,
               f"statement type: {o.name}'s words are statement-line.json's {words}",
               f"the loader says: {a[0][1]}")
        n = len(words)
        rep.ok(all(ok for ok, _ in a[1:1 + n]) and not any(ok for ok, _ in a[1 + n:1 + 2 * n]),
               f"statement type: {o.name} accepts each word, and none in capitals",
               f"{a[1:1 + 2 * n]}")
        rest = a[1 + 2 * n:]
        bad = [c for c, (ok, _) in zip(columns + through_map, rest) if not ok]
        rep.ok(not bad and not rest[-1][0],
               f"{o.name} reads each statement column as a JSON Lines key and through a "
               f"mapping, and refuses a mapping to another", f"refused {bad[:3]}; {rest[-1]}")


def library_parameters(tool):
    """The library's parameters: {name: is a period}. dpss policy show lists
    every parameter by name; its JSON writes a period under the name of its
    unit (first_review_months)."""
    rc, text, _ = run_tool(tool, ["policy", "show"])
    rc2, out, _ = run_tool(tool, ["policy", "show", "--json"])
    if rc or rc2:
        return {}
    names = [line.split()[0] for line in text.splitlines()[1:] if line.startswith("  ")]
    keys = set(json.loads(out)["parameters"])
    return {n: n not in keys and {n + "_months", n + "_weeks"} & keys != set() for n in names}


def check_parameter_names(schemas, rep, tool):
    """policy.json's parameters are the library's: each by its name, a
    period also by NAME_months and NAME_weeks, and nothing else; the values
    decisions show (policy.json#/$defs/values) likewise, periods only by
    their unit's name."""
    lib = library_parameters(tool)
    if not rep.ok(len(lib) >= 23, f"dpss policy show lists the library's {len(lib)} parameters"):
        return
    want = {n for n in lib} | {n + u for n, period in lib.items() if period
                               for u in ("_months", "_weeks")}
    want_values = {n for n, period in lib.items() if not period} | {
        n + u for n, period in lib.items() if period for u in ("_months", "_weeks")}
    defs = schemas.by_name["policy"]["$defs"]
    for what, names, wanted in (("parameters", set(defs["parameters"]["properties"]), want),
                                ("values", set(defs["values"]["properties"]), want_values)):
        rep.ok(names == wanted, f"policy.json's {what} are the library's parameters, by each "
                                f"spelling", f"unknown to the schema {sorted(wanted - names)}, "
                                             f"unknown to the library {sorted(names - wanted)}")
    overrides = set(schemas.by_name["policy"]["properties"]["overrides"]["items"]["enum"])
    rep.ok(overrides == want, "policy.json's overrides name the library's parameters",
           f"{sorted(overrides ^ want)}")


def range_probes(schemas):
    """For each parameter of policy.json and each of its spellings, values at
    and past each end of its range, each alone and in a one-entry schedule:
    (what, parameters, valid by construction)."""
    defs = schemas.by_name["policy"]["$defs"]
    common = schemas.by_name["common"]["$defs"]
    probes = []
    for name, prop in defs["parameters"]["properties"].items():
        value = defs[prop["anyOf"][0]["$ref"].rsplit("/", 1)[-1]]
        if value.get("$ref", "").endswith("/pence"):
            value = common["pence"]
        if value.get("$ref", "").endswith("/period"):
            cases = [({"months": 1}, True), ({"months": 60}, True), ({"weeks": 1}, True),
                     ({"weeks": 260}, True), ({"months": 0}, False), ({"months": 61}, False),
                     ({"weeks": 0}, False), ({"weeks": 261}, False), ({"days": 7}, False),
                     ({}, False), ({"weeks": 1, "months": 1}, False), (12, False)]
        elif value.get("type") == "integer":
            lo, hi = value["minimum"], value["maximum"]
            cases = [(lo, True), (hi, True), (lo - 1, False), (hi + 1, False), (str(lo), False),
                     (None, False)]
        elif value.get("type") == "boolean":
            cases = [(True, True), (False, True), (1, False), ("true", False)]
        elif value.get("type") == "array":
            cases = [([], True), ([f"w{i}" for i in range(value["maxItems"])], True),
                     ([f"w{i}" for i in range(value["maxItems"] + 1)], False),
                     (["w", "w"], False), (["a b"], False), (["\u00e9"], False)]
        elif "enum" in value:
            cases = [(w, True) for w in value["enum"]] + [(value["enum"][0].upper(), False)]
        else:
            raise ValueError(f"policy.json: no probes for {name}")
        for v, ok in cases:
            probes.append((f"{name}: {json.dumps(v)}", {name: v}, ok))
            if v is not None:
                probes.append((f"{name}: {json.dumps(v)} in a schedule",
                               {name: [{"from": "2020-01-01", "value": v}]}, ok))
    return probes


def check_parameter_ranges(schemas, rep, oracles):
    """Every parameter under every spelling, at and past each end of its
    range: accepted or refused alike by the loader and the schema."""
    probes = range_probes(schemas)
    cases = [(P, J({"parameters": params})) for _, params, _ in probes]
    answers = [o.accepts_all(cases) for o in oracles]
    for o, a in zip(oracles, answers):
        bad = [f"{what}: the loader {'accepts' if got else 'refuses'} it ({why})"
               for (what, _, ok), (got, why) in zip(probes, a) if got != ok]
        rep.ok(not bad, f"{o.name} reads the {len(probes)} values at the ends of every "
                        f"parameter's range as policy.json does", "; ".join(bad[:4]))
    bad = [what for what, params, ok in probes
           if (not schemas.errors("policy", {"parameters": params})) != ok]
    rep.ok(not bad, f"policy.json takes the {len(probes)} values at the ends of every "
                    f"parameter's range as built", "; ".join(bad[:4]))


KIND_SCHEMA = {R: "recipient", "referral": "referral", P: "policy", N: "network",
               F: "framework", C: "call-off", S: "statement-line", SC: "statement-line",
               M: "statement-mapping", "mapping": "mapping"}


def schema_errors(schemas, kind, text):
    """The errors of an input of a kind against its schema: a statement's
    lines each against statement-line.json (CSV read as the loader does)."""
    if kind in (S, SC):
        header, lines = csv_statement(text) if kind == SC else ("", jsonl_statement(text))
        bad = statement_errors(schemas, lines)
        return ([header] if header else []) + [f"line {n}: {e}" for n, errs in
                                                sorted(bad.items()) for e in errs]
    return schemas.errors(KIND_SCHEMA[kind], json.loads(text))


def check_agreement(schemas, rep, oracles, doc_inputs):
    kinds = KIND_SCHEMA
    docs = [(name, what, text) for name, what, text in doc_inputs
            if (name in kinds.values() or name == SC) and name != "referral"]
    cases = [(k, t) for k, _, t in INVALID] + [(k, t) for k, _, t in VALID] + \
        [(k, t) for k, _, t in docs] + [(g[0], g[2]) for g in KNOWN_GAPS]
    answers = [o.accepts_all(cases) for o in oracles]
    at = 0

    def ask(k):
        # An oracle that cannot read a kind answers None: not asked.
        return [(o, a[at + k]) for o, a in zip(oracles, answers) if a[at + k] is not None]

    per_kind = {}
    for k, (kind, what, text) in enumerate(INVALID):
        per_kind[kind] = per_kind.get(kind, 0) + 1
        for o, (accepted, _) in ask(k):
            rep.ok(not accepted, f"{kind} {what}: {o.name} refuses it", "accepted")
        rep.ok(bool(schema_errors(schemas, kind, text)),
               f"{kind} {what}: {kinds[kind]}.json refuses it", "valid")
    rep.ok(len(INVALID) >= 25 and all(n >= 5 for n in per_kind.values()),
           f"{len(INVALID)} invalid inputs, at least 5 per record kind ({per_kind})")
    at += len(INVALID)
    for k, (kind, what, text) in enumerate(VALID):
        for o, (accepted, why) in ask(k):
            rep.ok(accepted, f"{kind} {what}: {o.name} accepts it", why)
        errs = schema_errors(schemas, kind, text)
        rep.ok(not errs, f"{kind} {what}: {kinds[kind]}.json accepts it", "; ".join(errs[:3]))
    at += len(VALID)
    for k, (name, what, text) in enumerate(docs):
        for o, (accepted, why) in ask(k):
            rep.ok(accepted, f"docs/data-contract.md {what} ({name}): {o.name} accepts it", why)
    at += len(docs)
    for k, (kind, what, text, loader_ok, schema_ok, why) in enumerate(KNOWN_GAPS):
        schema_errs = schema_errors(schemas, kind, text)
        for o, (accepted, _) in ask(k):
            if accepted == loader_ok and (not schema_errs) == schema_ok:
                rep.note(f"known gap, {kind} {what}: {o.name} "
                         f"{'accepts' if loader_ok else 'refuses'} it, the schema "
                         f"{'accepts' if schema_ok else 'refuses'} it ({why})")
            else:
                rep.note(f"known gap closed?, {kind} {what}: {o.name} "
                         f"{'accepts' if accepted else 'refuses'} it, the schema "
                         f"{'refuses' if schema_errs else 'accepts'} it: update KNOWN_GAPS")


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--srcdir", required=True, help="the top of the source tree")
    ap.add_argument("--builddir", required=True, help="the top of the build tree")
    ap.add_argument("--oracle", default=os.environ.get("DPSS_SCHEMA_ORACLE", ""),
                    choices=["", "python", "tool", "both"])
    args = ap.parse_args()
    top, build = os.path.abspath(args.srcdir), os.path.abspath(args.builddir)
    tool = os.path.join(build, "examples", "cli", "dpss")
    rep = Report()
    schemas = Schemas(os.path.join(top, "schema"))
    check_schemas(schemas, rep)
    check_samples(schemas, rep, top)
    doc_inputs = check_docs(schemas, rep, top)

    dpss = None
    if os.environ.get("BUILD_PYTHON") == "yes":
        sys.path.insert(0, os.path.join(build, "bindings", "python"))
        import dpss  # noqa: E402 - the binding of this build
    if not dpss:
        rep.note("recipients in CSV not checked: they are read through the Python binding")
    oracle = args.oracle or ("python" if dpss else "tool")
    if oracle in ("python", "both") and not dpss:
        rep.ok(False, "the Python binding is needed for --oracle " + oracle,
               "configure with the Python binding (BUILD_PYTHON=yes)")
        oracle = "tool"
    with tempfile.TemporaryDirectory(prefix="dpss-schemas-") as tmp:
        if rep.ok(os.access(tool, os.X_OK), f"the dpss tool is built ({tool})"):
            outputs = check_tool_outputs(schemas, rep, top, tool, tmp)
            check_new_fields(schemas, rep, outputs)
        if dpss:
            check_csv_recipients(schemas, rep, top, dpss)
            check_python_outputs(schemas, rep, top, dpss)
            check_audit_outputs(schemas, rep, top, dpss)
            check_ledger(schemas, rep, top, dpss, tmp)
        exe = build_compare_lines(rep, top, build, tmp)
        if exe:
            check_comparisons(schemas, rep, top, exe, tmp)
        fw_path = os.path.join(top, "examples", "data", "framework.json")
        with open(fw_path, encoding="utf-8") as f:
            fw_text = f.read()
        oracles = []
        if oracle in ("python", "both"):
            oracles.append(PythonOracle(dpss, fw_text))
        if oracle in ("tool", "both"):
            oracles.append(ToolOracle(tool, fw_path, tmp))
        check_docs_snippet(rep, top, tmp)
        rep.note("asking the loaders through " + " and ".join(o.name for o in oracles))
        check_agreement(schemas, rep, oracles, doc_inputs)
        check_enums(schemas, rep, oracles, tool)
        check_statement_words(schemas, rep, oracles)
        check_parameter_names(schemas, rep, tool)
        check_parameter_ranges(schemas, rep, oracles)
    print(f"1..{rep.n}")
    print(f"# {rep.n - rep.failed} passed, {rep.failed} failed")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
