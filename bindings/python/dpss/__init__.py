# SPDX-License-Identifier: MIT
"""libdpss for Python: Direct Payment and DPSS rules, with the same answers as C.

    >>> import datetime, dpss
    >>> policy = dpss.Policy.default()
    >>> r = dpss.Recipient.from_dict({"id": "R-1", "has_capacity": True, "consents": True,
    ...                               "excluding_order": False})
    >>> d = dpss.evaluate(policy, r, datetime.date(2026, 11, 22))
    >>> d.eligibility.status
    'eligible'

Dates are ``datetime.date``; money is ``int`` pence (``dpss.pounds()`` gives a
``decimal.Decimal`` in pounds). Failures raise ``dpss.Error`` subclasses, which
are also ``ValueError`` and carry ``code``, ``name``, ``message``, ``field``,
``line`` and ``column``. Every object frees its C memory when it is no longer
referenced.

The generated low-level module is ``dpss.native``; this layer is what to use.
"""

import collections.abc as _abc
import datetime as _dt
import decimal as _decimal
import json as _json
import os as _os
import time as _time
import warnings as _warnings
from array import array as _array

from . import native as _native

__all__ = [
    "Error", "InvalidArgumentError", "OutOfMemoryError", "JSONSyntaxError", "TypeMismatchError",
    "RangeError", "MissingFieldError", "UnknownNameError", "OverflowError_", "DateError",
    "FileError", "DuplicateError", "NotFoundError", "ConflictError", "CapError",
    "NetworkError", "Policy", "Recipient", "Decision", "Summary", "Schedule", "Totals",
    "evaluate", "evaluate_file", "summarize", "payments", "payments_file", "Records",
    "SkippedRecordsWarning", "Network", "Routing", "Transition", "Market", "Framework", "Ledger",
    "Audits", "Return", "Mapping", "Statement", "Audit", "AuditSummary", "audit", "pounds",
    "format_money", "parameter_names", "parameters", "rules", "compare", "Comparison",
    "Routings", "decisions_to_dataframe", "schedules_to_dataframe", "routings_to_dataframe",
    "__version__",
]

__version__ = _native.version_string()


# ---------------------------------------------------------------- errors

class Error(ValueError):
    """A libdpss call failed. Also a ``ValueError``.

    Attributes: ``code`` (the negative status code), ``name`` (e.g. ``"ERANGE"``),
    ``message``, ``field`` (the field path, or ``""``), ``line`` and ``column``
    (in JSON text, 0 when not known). Messages name fields and record ids, never
    personal values.
    """

    def __init__(self, code, name, message, field="", line=0, column=0):
        super().__init__(message)
        self.code = code
        self.name = name
        self.message = message
        self.field = field
        self.line = line
        self.column = column


def _from_path(load, path, *args):
    """load(path, *args), with a FileError naming the file (as the dpss tool does)."""
    try:
        return load(path, *args)
    except FileError as e:
        if not e.message.startswith(path + ": "):
            e.message = f"{path}: {e.message}"
            e.args = (e.message,)
        raise


class InvalidArgumentError(Error):
    """EINVAL: an argument is missing or not one of the allowed values."""


class OutOfMemoryError(Error):
    """ENOMEM: the library could not allocate memory."""


class JSONSyntaxError(Error):
    """ESYNTAX: malformed JSON; ``line`` and ``column`` say where."""


class TypeMismatchError(Error):
    """ETYPE: a field has the wrong JSON type."""


class RangeError(Error):
    """ERANGE: a value is outside its allowed range."""


class MissingFieldError(Error):
    """EMISSING: a required field is missing."""


class UnknownNameError(Error):
    """EUNKNOWN: an unknown parameter or field name, or a word not among the choices."""


class OverflowError_(Error):
    """EOVERFLOW: money arithmetic would overflow."""


class DateError(Error):
    """EDATE: not a real date, or out of range."""


class FileError(Error):
    """EIO: a file could not be read or written."""


class DuplicateError(Error):
    """EDUPLICATE: the same identifier twice."""


class NotFoundError(Error):
    """ENOTFOUND: something referred to does not exist."""


class ConflictError(Error):
    """ECONFLICT: values that contradict each other (e.g. rule B1)."""


class CapError(Error):
    """ECAP: a framework spend cap would be exceeded (rule F2)."""


class NetworkError(Error):
    """ENETWORK: an invalid provider network (rule N1)."""


_ERRORS = {
    "EINVAL": InvalidArgumentError, "ENOMEM": OutOfMemoryError, "ESYNTAX": JSONSyntaxError,
    "ETYPE": TypeMismatchError, "ERANGE": RangeError, "EMISSING": MissingFieldError,
    "EUNKNOWN": UnknownNameError, "EOVERFLOW": OverflowError_, "EDATE": DateError,
    "EIO": FileError, "EDUPLICATE": DuplicateError, "ENOTFOUND": NotFoundError,
    "ECONFLICT": ConflictError, "ECAP": CapError, "ENETWORK": NetworkError,
}


def _make_error(code, name, message, field, line, column):
    return _ERRORS.get(name, Error)(code, name, message, field, line, column)


_native.set_error_factory(_make_error)


# ---------------------------------------------------------------- helpers

def pounds(pence):
    """Pence (int) as pounds, a ``decimal.Decimal`` with two places: 310000 -> 3100.00."""
    if pence is None:
        return None
    return _decimal.Decimal(int(pence)).scaleb(-2)


def format_money(pence):
    """Pence as the library writes pounds: 123456 -> ``'£1,234.56'``."""
    return _native.money_format(int(pence))


def parameter_names():
    """The names of every policy parameter, in the library's order."""
    return [_native.param_name(i) for i in range(_native.param_count())]


def _as_date(value):
    if value is None or isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return _dt.date.fromisoformat(value)
    raise TypeError("expected a datetime.date, an ISO date string or None")


class _Record(dict):
    """A dict whose keys are also attributes (``d.surplus.excess_pence``)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _wrap(value):
    if isinstance(value, dict):
        return _Record((k, _wrap(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


_DATE_KEYS = {"as_of", "ends", "review_due", "audit_due", "recover_from"}


def _dates(value):
    """Turn the decision's ISO date strings into datetime.date."""
    if isinstance(value, dict):
        return {k: (_dt.date.fromisoformat(v) if k in _DATE_KEYS and isinstance(v, str)
                    else _dates(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    return value


# ---------------------------------------------------------------- policy

class Policy:
    """The council's parameters (effective-dated), with what-if overrides.

    ``Policy.default()`` is the built-in Nottinghamshire policy.
    """

    __slots__ = ("_h",)

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def default(cls):
        """The built-in Nottinghamshire policy."""
        return cls(_native.Policy.builtin())

    @classmethod
    def from_json(cls, text):
        """A policy from JSON text (the policy shape of the data contract)."""
        return cls(_native.Policy.from_json(text))

    @classmethod
    def from_file(cls, path):
        """A policy from a JSON file."""
        return cls(_from_path(_native.Policy.from_file, str(path)))

    @property
    def id(self):
        """The policy's id, e.g. ``'nottinghamshire'``."""
        return self._h.id()

    @property
    def version(self):
        """The policy's version string."""
        return self._h.version()

    @property
    def description(self):
        """The policy's description (e.g. the council's published page it follows), or ""."""
        return self._h.description()

    @property
    def overrides(self):
        """The what-if overrides as a dict, e.g. ``{"surplus_threshold_weeks": 8}``; every
        decision, schedule and comparison made under the policy names them
        (``policy.overrides`` in its JSON)."""
        return _json.loads(self._h.overrides_json())

    def overridden(self, name):
        """Whether a parameter was set as a what-if override."""
        return bool(self._h.overridden(name))

    def copy(self):
        """An independent copy."""
        return Policy(self._h.copy())

    def set(self, name, value, from_date=None):
        """Set a parameter: at every date, or from ``from_date`` on.

        ``value`` is an int, a bool, or one of the parameter's words (``"gross"``).
        """
        if from_date is not None:
            if isinstance(value, str):
                raise TypeError("a dated value must be a number or a bool")
            self._h.set_from(name, _as_date(from_date), int(value))
        elif isinstance(value, bool):
            self._h.set(f"{name}={'true' if value else 'false'}")
        elif isinstance(value, int):
            self._h.set_int(name, value)
        else:
            self._h.set(f"{name}={value}")

    def with_overrides(self, **params):
        """A copy with parameters overridden: ``policy.with_overrides(surplus_threshold_weeks=8)``."""
        p = self.copy()
        for name, value in params.items():
            p.set(name, value)
        return p

    def get(self, name, on=None):
        """The value of a parameter in force on a date (default: today), typed."""
        on = _as_date(on) or _dt.date.today()
        text = self._h.get_text(name, on)
        if text in ("true", "false"):
            return text == "true"
        try:
            return int(text)
        except ValueError:
            return text

    def parameters(self, on=None):
        """Every parameter in force on a date, as a dict."""
        return {name: self.get(name, on) for name in parameter_names()}

    def to_json(self):
        """The policy as JSON text."""
        return self._h.to_json()

    def __repr__(self):
        o = self.overrides
        return (f"<dpss.Policy {self.id!r} version {self.version!r}"
                + (f" overrides {o}>" if o else ">"))


# ---------------------------------------------------------------- recipient

class Recipient:
    """One recipient record. Facts absent or null are unknown, not false."""

    __slots__ = ("_h",)

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def from_json(cls, text):
        """A recipient from JSON text (the recipient shape of the data contract)."""
        return cls(_native.Recipient.from_json(text))

    @classmethod
    def from_dict(cls, data):
        """A recipient from a dict of the same shape (dates as ISO strings or dates)."""
        return cls(_native.Recipient.from_json(_json.dumps(data, default=_json_default)))

    @property
    def id(self):
        """The recipient's id."""
        return self._h.id()

    def to_json(self):
        """The record as JSON text; a round trip loses nothing."""
        return self._h.to_json()

    def to_dict(self):
        """The record as a dict."""
        return _json.loads(self._h.to_json())

    def add_event(self, date, kind):
        """Record a dated event that calls for an extra review (rule R1): ``kind`` is
        "misuse_suspected", "capacity_lost", "capacity_regained" or "conditions_not_met"."""
        try:
            k = _EVENT_KINDS[kind]
        except KeyError:
            raise ValueError(f"kind must be one of {', '.join(_EVENT_KINDS)}") from None
        self._h.add_event(_as_date(date), k)

    @property
    def event_count(self):
        """The number of events recorded (rule R1)."""
        return int(self._h.event_count())

    def __repr__(self):
        return f"<dpss.Recipient {self.id!r}>"


_EVENT_KINDS = {"misuse_suspected": _native.EVENT_MISUSE_SUSPECTED,
                "capacity_lost": _native.EVENT_CAPACITY_LOST,
                "capacity_regained": _native.EVENT_CAPACITY_REGAINED,
                "conditions_not_met": _native.EVENT_CONDITIONS_NOT_MET}


def _json_default(value):
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# ---------------------------------------------------------------- decision

class _JsonView:
    """A handle whose JSON is read once, lazily, into attribute dicts."""

    __slots__ = ("_h", "_dict")

    def __init__(self, handle):
        self._h = handle
        self._dict = None

    @property
    def id(self):
        """The recipient's id."""
        return self._h.id()

    def to_json(self):
        """The object as JSON text (one line)."""
        return self._h.to_json()

    def _convert(self, data):
        return data

    def to_dict(self):
        """The object as a dict (dates as ``datetime.date``)."""
        if self._dict is None:
            self._dict = _wrap(self._convert(_json.loads(self._h.to_json())))
        return self._dict


_PENCE_NONE = _native.DPSS_PENCE_NONE
_DATE_NONE = _native.DPSS_DATE_NONE
_EPOCH = _dt.date(1970, 1, 1).toordinal()
_fromordinal = _dt.date.fromordinal

# The columns of a batch (dpss/batch.h), named by their path in the decision's JSON.
_COLUMNS = tuple(_native.Batch.column_name(c) for c in range(_native.COLUMN_COUNT))
(_AS_OF, _STATUS, _VIA, _FAMILY, _METHOD, _RECOMMENDED, _ACCREDITED, _SINGLE, _TIER, _ENDS,
 _WEEKLY, _THRESHOLD, _AVAILABLE, _EXCESS, _RECLAIM, _SREVIEW, _RECOVER, _OPEN, _ESCALATED,
 _REVIEW_DUE, _AUDIT_DUE, _EXTRA) = (_COLUMNS.index(name) for name in (
     "as_of", "eligibility.status", "eligibility.via", "eligibility.household_family_payment",
     "money.method", "money.recommended_method", "money.accredited_provider_required",
     "money.single_provider_for_all_funding", "tier.tier", "tier.ends", "surplus.weekly_pence",
     "surplus.threshold_pence", "surplus.available_pence", "surplus.excess_pence",
     "surplus.reclaim", "surplus.review", "surplus.recover_from", "escalations.open",
     "escalations.care_manager_review", "review_due", "audit_due", "extra_review"))

# A column's value as the decision's JSON has it; index -1 (null) is the last entry.
_STATUS_NAMES = ("eligible", "not_eligible", "undetermined")
_VIA_NAMES = ("self", "authorised_person", None)
_FAMILY_NAMES = ("not_applicable", "allowed", "refused", "undetermined")
_METHOD_NAMES = ("bank_account", "prepaid_card", "managed_account", None)
_TIER_NAMES = ("none", "start_up", "issue_based", None)
_FACTS = (False, True, None)
_ZEROS = _array("q", [0])


def _day(v):
    return None if v == _DATE_NONE else _fromordinal(_EPOCH + v)


class _Chunk(list):
    """Decisions as columns: one ``array('q')`` per column of a batch, the recipient ids,
    and what it takes to make a row's full decision again (its record text, the policy
    and the date)."""

    __slots__ = ("ids", "n", "_batch", "_policy", "_as_of", "_native")

    @classmethod
    def of_batch(cls, batch, policy, as_of, keep=True):
        """The columns of a batch; with keep, the batch too (for the record texts)."""
        c = cls()
        c.n = n = batch.count()
        for k in range(len(_COLUMNS)):
            a = _ZEROS * n
            if n:
                batch.copy_column_into(k, a)
            c.append(a)
        c.ids = batch.ids()
        c._batch = batch if keep else None
        c._policy, c._as_of, c._native = policy, as_of, None
        return c

    @classmethod
    def of_decision(cls, handle):
        c = cls((v,) for v in _native.decision_row(handle))
        c.n = 1
        c.ids = [handle.id()]
        c._batch = c._policy = c._as_of = None
        c._native = handle
        return c

    def decision(self, row):
        """The native decision of a row: the one evaluated, or the record evaluated again."""
        if self._native is not None:
            return self._native
        recipient = _native.Recipient.from_json(self._batch.text(row))
        return _native.evaluate(self._policy, recipient, self._as_of)


class Decision:
    """The decision for one recipient, with the reasons for it.

    Attribute access mirrors the decision JSON of the data contract, with dates
    as ``datetime.date``: ``d.eligibility.status``, ``d.tier.ends``,
    ``d.surplus.excess_pence``, ``d.review_due``, ``d.trace``.

    A decision from ``evaluate_file()`` is a light view over one row of a chunk
    of decisions held as columns: the fields above come straight from the
    columns; the rest (``trace``, ``escalations``, ``missing``, ``policy``),
    ``to_dict()`` and ``to_json()`` make the full decision when first asked,
    by evaluating that record again. A view keeps its chunk (a few thousand
    rows) alive.

    ``d.eligibility``, ``d.money``, ``d.tier`` and ``d.surplus`` read like the
    dicts of the JSON (keys, items, ``==`` a dict, ``dict(d.surplus)``) but
    are read-only mappings, not dicts: ``json.dumps(d.to_dict())`` rather
    than ``json.dumps(d.surplus)``.
    """

    __slots__ = ("_k", "_i", "_n", "_d")

    def __init__(self, chunk, row=0):
        if isinstance(chunk, _Chunk):
            self._k = chunk
            self._i = row
        else:  # a native decision: its one-row chunk is made when first needed
            self._n = chunk

    @property
    def _h(self):
        """The native decision (made on first use)."""
        try:
            return self._n
        except AttributeError:
            self._n = self._k.decision(self._i)
            return self._n

    @property
    def id(self):
        """The recipient's id."""
        return self._k.ids[self._i]

    @property
    def as_of(self):
        """The date of the decision."""
        return _day(self._k[_AS_OF][self._i])

    @property
    def eligibility(self):
        """``status``, ``via``, ``missing``, ``household_family_payment`` (rules E1-E6)."""
        return _Eligibility(self)

    @property
    def money(self):
        """``method``, ``recommended_method``, ``accredited_provider_required``,
        ``single_provider_for_all_funding`` (rules P1-P4)."""
        return _Money(self)

    @property
    def tier(self):
        """``tier``, ``ends``, ``missing`` (rules T1-T4)."""
        return _Tier(self)

    @property
    def surplus(self):
        """``weekly_pence``, ``threshold_pence``, ``available_pence``, ``excess_pence``,
        ``reclaim``, ``review``, ``recover_from`` (rules S1-S4)."""
        return _Surplus(self)

    @property
    def review_due(self):
        """The next review (rule R1), or None."""
        return _day(self._k[_REVIEW_DUE][self._i])

    @property
    def audit_due(self):
        """The next audit (rule R2), or None."""
        return _day(self._k[_AUDIT_DUE][self._i])

    @property
    def extra_review(self):
        """Whether an extra review is needed now (rule R1)."""
        return self._k[_EXTRA][self._i] == 1

    def applied(self, rule):
        """Whether the trace names a rule id, e.g. ``d.applied("T3")``."""
        return bool(self._h.applied(rule))

    def to_json(self):
        """The decision as one line of JSON, with its trace (as the ``dpss`` tool writes it)."""
        return self._h.to_json()

    def to_dict(self):
        """The whole decision as a dict (dates as ``datetime.date``)."""
        try:
            return self._d
        except AttributeError:
            self._d = _wrap(_dates(_json.loads(self._h.to_json())))
            return self._d

    def __getattr__(self, name):
        if name in ("_k", "_i"):
            # A decision from evaluate(): its values as a chunk of one row.
            self._k = _Chunk.of_decision(self._n)
            self._i = 0
            return getattr(self, name)
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.to_dict()[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self):
        return f"<dpss.Decision {self.id!r} as of {self.as_of}>"


class _Section(_abc.Mapping):
    """One object of the decision (``d.surplus``...): its main fields from the columns, the
    rest from the full decision. Reads like the dict of the JSON (keys, items, ``==``)."""

    __slots__ = ("_k", "_i", "_p")
    _name = ""
    _fields = frozenset()

    def __init__(self, decision):
        self._k = decision._k
        self._i = decision._i
        self._p = decision

    def _full(self):
        return self._p.to_dict()[self._name]

    def __getitem__(self, key):
        if key in self._fields:
            return getattr(self, key)
        return self._full()[key]

    def __iter__(self):
        return iter(self._full())

    def __len__(self):
        return len(self._full())

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._full()[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self):
        return repr(dict(self.items()))


class _Eligibility(_Section):
    __slots__ = ()
    _name = "eligibility"
    _fields = frozenset(("status", "via", "household_family_payment"))

    @property
    def status(self):
        """"eligible", "not_eligible" or "undetermined"."""
        return _STATUS_NAMES[self._k[_STATUS][self._i]]

    @property
    def via(self):
        """"self", "authorised_person" or None."""
        return _VIA_NAMES[self._k[_VIA][self._i]]

    @property
    def household_family_payment(self):
        """Rule E5's outcome: "not_applicable", "allowed", "refused" or "undetermined"."""
        return _FAMILY_NAMES[self._k[_FAMILY][self._i]]


class _Money(_Section):
    __slots__ = ()
    _name = "money"
    _fields = frozenset(("method", "recommended_method", "accredited_provider_required",
                         "single_provider_for_all_funding"))

    @property
    def method(self):
        """How the money is held now, or None."""
        return _METHOD_NAMES[self._k[_METHOD][self._i]]

    @property
    def recommended_method(self):
        """The least intensive way that meets the need (P2, P3), or None."""
        return _METHOD_NAMES[self._k[_RECOMMENDED][self._i]]

    @property
    def accredited_provider_required(self):
        """True, False or None (P2)."""
        return _FACTS[self._k[_ACCREDITED][self._i]]

    @property
    def single_provider_for_all_funding(self):
        """Whether one DPSS provider serves every stream (P4)."""
        return self._k[_SINGLE][self._i] == 1


class _Tier(_Section):
    __slots__ = ()
    _name = "tier"
    _fields = frozenset(("tier", "ends"))

    @property
    def tier(self):
        """"none", "start_up", "issue_based" or None (undetermined)."""
        return _TIER_NAMES[self._k[_TIER][self._i]]

    @property
    def ends(self):
        """When start-up support ends, or None."""
        return _day(self._k[_ENDS][self._i])


class _Surplus(_Section):
    __slots__ = ()
    _name = "surplus"
    _fields = frozenset(("weekly_pence", "threshold_pence", "available_pence", "excess_pence",
                         "reclaim", "review", "recover_from"))

    @property
    def weekly_pence(self):
        """The weekly value of the direct payment (S1)."""
        return self._k[_WEEKLY][self._i]

    @property
    def threshold_pence(self):
        """The surplus threshold (S1)."""
        return self._k[_THRESHOLD][self._i]

    @property
    def available_pence(self):
        """The balance less money owed (S2), or None when the balance is unknown."""
        v = self._k[_AVAILABLE][self._i]
        return None if v == _PENCE_NONE else v

    @property
    def excess_pence(self):
        """The surplus to pay back (0 when none), or None when unknown (S1)."""
        v = self._k[_EXCESS][self._i]
        return None if v == _PENCE_NONE else v

    @property
    def reclaim(self):
        """True, False or None (S1)."""
        return _FACTS[self._k[_RECLAIM][self._i]]

    @property
    def review(self):
        """Whether the surplus calls for a review of needs (S3): True, False or None."""
        return _FACTS[self._k[_SREVIEW][self._i]]

    @property
    def recover_from(self):
        """The earliest date the surplus may be recovered (S4), or None."""
        return _day(self._k[_RECOVER][self._i])


def evaluate(policy, recipient, as_of=None):
    """Evaluate a recipient under a policy on a date (default: today).

    ``recipient`` may be a ``Recipient``, a dict or JSON text.
    """
    recipient = _recipient(recipient)
    as_of = _as_date(as_of) or _dt.date.today()
    return Decision(_native.evaluate(policy._h, recipient._h, as_of))


class SkippedRecordsWarning(UserWarning):
    """Records of an input were skipped (``errors="skip"`` without ``on_error``)."""


_FORMATS = {"auto": _native.READER_AUTO, "json": _native.READER_JSON, "csv": _native.READER_CSV}


def _open_reader(source, input_format="auto", mapping=None):
    """A native reader over a path, a file object or bytes: every layout the ``dpss`` tool
    reads (one object, an array, JSON Lines, a stream), read by the library's reader."""
    try:
        fmt = _FORMATS[input_format]
    except KeyError:
        raise ValueError("input_format must be 'auto', 'json' or 'csv'") from None
    if isinstance(source, (str, _os.PathLike)):
        reader = _native.Reader.open(_os.fspath(source), fmt)
    else:
        if isinstance(source, (bytes, bytearray, memoryview)):
            data, name = bytes(source), "input"
        elif hasattr(source, "read"):
            data, name = source.read(), str(getattr(source, "name", "input"))
        else:
            raise TypeError("expected a path, a file object or bytes")
        if isinstance(data, str):
            data = data.encode("utf-8")
        if fmt == _native.READER_AUTO and name.lower().endswith(".csv"):
            fmt = _native.READER_CSV
        reader = _native.reader_from_bytes(data, name, fmt)
    if mapping is not None:
        # A column mapping for CSV input goes to the library's reader.
        set_mapping = getattr(reader, "set_mapping", None)
        if set_mapping is None:
            raise _make_error(_native.EINVAL, "EINVAL", "column mappings for recipients need "
                              "CSV input, which this libdpss does not read", "mapping", 0, 0)
        set_mapping(_mapping(mapping))
    return reader


def _reader_error(reader):
    """The dpss.Error of the reader's current bad record, with its number and position."""
    code = reader.error_code()
    e = _make_error(code, _native.status_name(code), reader.error_message(),
                    reader.error_field(), reader.error_line(), reader.error_column())
    e.record = reader.record()
    return e


# Records in one chunk of decisions read and evaluated in C.
_CHUNK_ROWS = 4096
# Records in one chunk of the slower kinds (schedules, comparisons), made one by one.
_CHUNK_ITEMS = 256
# Seconds between calls of a progress callback.
_PROGRESS_EVERY = 0.25


class Records:
    """The records of an input, each turned into a result, lazily: what
    ``evaluate_file()`` and ``payments_file()`` return.

    Iterate over it for the results; the input is read and turned into
    results chunk by chunk (a few thousand records at a time) as the
    iteration goes. Every record is either turned into a result or counted
    as skipped, never dropped silently:

    - ``read``: records read so far (good and bad);
    - ``decided``: results given;
    - ``skipped``: bad records (unreadable, not a recipient, or refused).

    A bad record is a ``dpss.Error`` with ``record`` (its number, from 1),
    ``line`` and ``column`` (where the fault lies in the input, or where the
    record starts) and ``field``. With ``errors="raise"`` (the default) it is
    raised when the iteration reaches it; iterating again goes on with the
    next record. With ``errors="skip"`` it is passed to ``on_error(error)`` if
    given, else counted and, when the input ends, one
    ``SkippedRecordsWarning`` says how many were skipped. An input that
    cannot be read (a missing file, a read error) always raises
    ``dpss.FileError``.

    ``progress``, if given, is called as ``progress(done, total)`` with the
    records read so far and the total when known (else None), at most four
    times a second and once at the end.

    ``to_dataframe()`` turns the results not yet iterated over into a pandas
    DataFrame.
    """

    __slots__ = ("_gen", "_load_next", "_make", "_frame", "_errors", "_on_error", "_progress",
                 "_total", "_last", "_reader", "_chunk", "_bad", "_bi", "_base", "_ended",
                 "_fatal", "_warned", "decided", "skipped")

    def __init__(self, load, make, frame, errors="raise", on_error=None, progress=None,
                 total=None, reader=None):
        if errors not in ("raise", "skip"):
            raise ValueError("errors must be 'raise' or 'skip'")
        # () -> (chunk, [(row, error)], ended, fatal error or None)
        self._load_next = load
        self._make = make  # (chunk, row) -> result
        self._frame = frame  # [(chunk, first row, end row)] -> DataFrame
        self._errors = errors
        self._on_error = on_error
        self._progress = progress
        self._total = total
        self._last = _time.monotonic()
        self._reader = reader
        self._chunk = None
        self._bad = ()
        self._bi = self._base = 0
        self._ended = False
        self._fatal = None
        self._warned = False
        self.decided = self.skipped = 0
        self._gen = self._run()

    @property
    def read(self):
        """Records read so far (good and bad)."""
        return self.decided + self.skipped

    def __iter__(self):
        return self._gen

    def __next__(self):
        return next(self._gen)

    def _skip(self, error):
        """A bad record reached: count it, report it, raise it if asked to."""
        self._bi += 1
        self.skipped += 1
        if self._on_error is not None:
            self._on_error(error)
        if self._errors == "raise":
            self._gen = self._run()  # the iteration goes on after it
            raise error

    def _load(self, whole=True):
        """The next chunk into self._chunk; False at the end of the input. whole=False: the
        chunk is only for a DataFrame (a loader may then keep less)."""
        if self._fatal is not None:
            self._gen = self._run()
            raise self._fatal
        if self._ended:
            self._finish()
            return False
        # A read error (fatal) comes after the rows read before it, and is raised again on
        # every later call: it is never the end.
        chunk, bad, ended, self._fatal = (self._load_next() if whole else
                                          self._load_next(False))
        self._chunk, self._bad, self._bi, self._base = chunk, bad, 0, self.decided
        self._ended = ended
        if self._progress is not None and (ended or _time.monotonic() - self._last >=
                                           _PROGRESS_EVERY):
            self._last = _time.monotonic()
            if not ended:
                self._progress(self._done(), self._estimate())
        return True

    def _estimate(self):
        """The total given, else the records the input should hold at the rate of bytes per
        record read so far (never fewer than read), or None when its size is not known."""
        if self._total is not None or self._reader is None:
            return self._total
        done, size, at = self._done(), self._reader.size(), self._reader.offset()
        return max(done, round(done * size / at)) if size > 0 and at > 0 else None

    def _done(self):
        if self._reader is not None:
            return int(self._reader.record())
        return self.read

    def _finish(self):
        if self._progress is not None:
            done = self._done()
            self._progress(done, done)
            self._progress = None
        if self.skipped and self._errors == "skip" and self._on_error is None and \
                not self._warned:
            self._warned = True
            # stacklevel: _finish, _load, _run or to_dataframe, then the caller.
            _warnings.warn(f"{self.skipped} of {self.read} records skipped",
                           SkippedRecordsWarning, stacklevel=4)

    def _run(self):
        make = self._make
        while True:
            chunk = self._chunk
            if chunk is not None:
                bad, n = self._bad, chunk.n
                while True:
                    # Rows handed out so far in this chunk: results and bad ones.
                    start = self.decided - self._base + self._bi
                    stop = bad[self._bi][0] if self._bi < len(bad) else n
                    for i in range(start, stop):
                        self.decided += 1
                        yield make(chunk, i)
                    if self._bi >= len(bad):
                        break
                    self._skip(bad[self._bi][1])
                self._chunk = None
            if not self._load():
                return

    def to_dataframe(self):
        """The results not yet iterated over as a pandas DataFrame (pandas is imported only
        here): decisions one row each, schedules one row per payment. Bad records are
        treated as in an iteration."""
        parts = []
        while True:
            chunk = self._chunk
            if chunk is not None:
                bad = self._bad
                while True:
                    start = self.decided - self._base + self._bi
                    stop = bad[self._bi][0] if self._bi < len(bad) else chunk.n
                    if stop > start:
                        parts.append((chunk, start, stop))
                        self.decided += stop - start
                    if self._bi >= len(bad):
                        break
                    self._skip(bad[self._bi][1])
                self._chunk = None
            if not self._load(self._frame is not _decision_frame):
                break
        self._gen = self._run()
        return self._frame(parts)


def _json_position(e):
    """A record's "malformed JSON at line L column C" counts from the record's start: say
    where in the input (e.line, e.column), as the dpss tool does."""
    head = "malformed JSON at line "
    if e.message.startswith(head) and e.line > 0 and ": " in e.message:
        e.message = "malformed JSON at line %d column %d%s" % (
            e.line, e.column, e.message[e.message.index(": "):])
        e.args = (e.message,)
    return e


def _batch_error(batch, row):
    """The dpss.Error of a bad row, with its record number and position."""
    code = batch.error_code(row)
    e = _make_error(code, _native.status_name(code), batch.error_message(row),
                    batch.error_field(row), batch.error_line(row), batch.error_column(row))
    e.record = batch.record(row)
    return _json_position(e)


def _decision_chunks(reader, policy, as_of, jobs):
    """Chunks of decisions read and evaluated in C (on `jobs` threads), with their bad
    rows. Each row's record text is kept (to make its full decision again when asked)
    unless the chunk is only wanted for a DataFrame (load(False))."""

    def load(keep_text=True):
        batch, fatal, ended = _native.Batch(), None, False
        try:
            ended = batch.evaluate_reader(reader, policy, as_of, _CHUNK_ROWS,
                                          _native.BATCH_KEEP_TEXT if keep_text else 0,
                                          jobs) == _native.READ_END
        except Error as e:
            fatal = e  # raised after the rows read before it
        bad = []
        if batch.bad_count():
            bad = [(i, _batch_error(batch, i)) for i in range(batch.count())
                   if batch.error_code(i)]
        return _Chunk.of_batch(batch, policy, as_of, keep_text), bad, ended, fatal

    return load


class _Items(list):
    """A chunk of results made one by one (schedules, ...)."""

    __slots__ = ("n",)


def _item(chunk, row):
    return chunk[row]


def _source_records(source, make, input_format="auto", mapping=None):
    """(load, reader): chunks of results of make(native recipient), one per good record of
    a path, a file object, bytes, or an iterable of Recipients, dicts or JSON texts."""
    if isinstance(source, (str, bytes, bytearray, memoryview, _os.PathLike)) or \
            hasattr(source, "read"):
        reader = _open_reader(source, input_format, mapping)

        def load():
            items, bad = _Items(), []
            while len(items) < _CHUNK_ITEMS:
                try:
                    got = reader.next()
                except Error as e:
                    items.n = len(items)
                    return items, bad, False, e
                if got == _native.READ_END:
                    items.n = len(items)
                    return items, bad, True, None
                if got == _native.READ_BAD:
                    bad.append((len(items), _reader_error(reader)))
                    items.append(None)
                    continue
                line, column = reader.line(), reader.column()
                try:
                    items.append(make(reader.recipient()))
                except Error as e:
                    # Positions in the record's text become positions in the input.
                    if e.line > 0:
                        if e.line == 1:
                            e.column = column + e.column - 1
                        e.line = line + e.line - 1
                    else:
                        e.line, e.column = line, column
                    e.record = reader.record()
                    bad.append((len(items), _json_position(e)))
                    items.append(None)
            items.n = len(items)
            return items, bad, False, None

        return load, reader
    it = iter(source)
    count = [0]

    def load_iterable():
        items, bad = _Items(), []
        for value in it:
            count[0] += 1
            try:
                items.append(make(_recipient(value)._h))
            except Error as e:
                e.record = count[0]
                bad.append((len(items), e))
                items.append(None)
            if len(items) >= _CHUNK_ITEMS:
                items.n = len(items)
                return items, bad, False, None
        items.n = len(items)
        return items, bad, True, None

    return load_iterable, None


def evaluate_file(source, policy=None, as_of=None, errors="raise", on_error=None,
                  input_format="auto", mapping=None, progress=None, jobs=0):
    """Evaluate every record of an input, lazily: a ``Records`` of Decisions.

    ``source`` is a path, a file object (text or binary) or bytes holding one
    recipient object, a JSON array of them, JSON Lines, or a stream of
    pretty-printed objects: whatever the ``dpss`` tool reads, read by the
    same library reader (``input_format`` "auto", "json" or "csv"; ``mapping``
    a column mapping for CSV input). Records are read and evaluated in C a
    few thousand at a time; each Decision is a light view over its row (see
    ``Decision``). A bad record costs only itself. ``errors="raise"`` raises
    the ``dpss.Error`` of a bad record (with ``record``, ``line`` and
    ``column``); ``errors="skip"`` skips it, passing it to ``on_error`` if
    given; the returned ``Records`` counts ``read``, ``decided`` and
    ``skipped``; ``progress(done, total)`` is told how far it got. ``jobs``: the
    threads the records are evaluated on (0, the default: one per CPU, at most
    8; 1: this one only); the results are the same whatever it is::

        records = dpss.evaluate_file("caseload.jsonl", policy, as_of, errors="skip",
                                     on_error=lambda e: print(e.record, e.line, e))
        decisions = list(records)
        print(records.read, records.decided, records.skipped)

    ``dpss.evaluate_file(...).to_dataframe()`` gives a pandas DataFrame, one
    row per decision (see ``decisions_to_dataframe()``).
    """
    policy = policy or Policy.default()
    as_of = _as_date(as_of) or _dt.date.today()
    reader = _open_reader(source, input_format, mapping)
    # A copy: a full decision asked for later is made under the policy as it is now.
    h = policy._h.copy()
    return Records(_decision_chunks(reader, h, as_of, int(jobs)), Decision, _decision_frame,
                   errors, on_error, progress, None, reader)


# ---------------------------------------------------------------- summary

class Summary:
    """Counts and totals over many decisions, as a dict or a readable table."""

    __slots__ = ("_h",)

    def __init__(self):
        self._h = _native.Summary()

    def add(self, decision):
        """Count one decision."""
        self._h.add(decision._h)

    def add_rejected(self):
        """Count one record that could not be read."""
        self._h.add_rejected()

    def merge(self, other):
        """Add another summary's counts into this one."""
        self._h.merge(other._h)

    def __len__(self):
        return int(self._h.count())

    def to_dict(self):
        """The counts as a dict (money in pence)."""
        return _json.loads(self._h.to_json())

    def to_text(self):
        """The counts as a readable table (money in pounds)."""
        return self._h.to_text()


def summarize(decisions):
    """A Summary of an iterable of decisions."""
    s = Summary()
    for d in decisions:
        s.add(d)
    return s


# ---------------------------------------------------------------- payments

class Schedule(_JsonView):
    """Every payment of one recipient between two dates (rules B1-B5).

    ``payments`` is a list of dicts (``date`` as ``datetime.date``, ``days``,
    ``pence``, ``streams``, ``contribution_pence``); the stream parts always
    add up to ``pence``.
    """

    __slots__ = ()

    @property
    def weekly_pence(self):
        """The weekly amount of all streams."""
        return self._h.weekly_pence()

    @property
    def council_weekly_pence(self):
        """What the council pays a week."""
        return self._h.council_weekly_pence()

    @property
    def total_pence(self):
        """The sum of the payments listed."""
        return sum(self._h.pence(i) for i in range(self._h.count()))

    def __len__(self):
        return int(self._h.count())

    def _convert(self, data):
        for p in data["payments"] + data["one_off_payments"]:
            p["date"] = _dt.date.fromisoformat(p["date"])
        return data

    @property
    def payments(self):
        """The payments, in date order."""
        return self.to_dict()["payments"]

    def to_dataframe(self):
        """The payments as a pandas DataFrame, one row each (see ``schedules_to_dataframe()``)."""
        return _schedule_frame_of([self])

    def __repr__(self):
        return f"<dpss.Schedule {self.id!r}: {len(self)} payments>"


def payments(policy, recipient, date_from, date_to):
    """The payment schedule of a recipient between two dates (both included)."""
    if isinstance(recipient, dict):
        recipient = Recipient.from_dict(recipient)
    elif isinstance(recipient, str):
        recipient = Recipient.from_json(recipient)
    return Schedule(_native.Schedule.build(policy._h, recipient._h, _as_date(date_from),
                                           _as_date(date_to)))


class Totals:
    """What a caseload costs between two dates: per stream, per month, and
    what the council pays against what recipients contribute."""

    __slots__ = ("_h",)

    def __init__(self, date_from, date_to):
        self._h = _native.Totals(_as_date(date_from), _as_date(date_to))

    def add(self, schedule):
        """Count one schedule's payments."""
        self._h.add(schedule._h)

    def merge(self, other):
        """Add other totals of the same range."""
        self._h.merge(other._h)

    @property
    def pence(self):
        """The total paid, all streams."""
        return self._h.pence()

    def to_dict(self):
        """The totals as a dict (money in pence)."""
        return _json.loads(self._h.to_json())

    def to_text(self):
        """The totals as a readable table (money in pounds)."""
        return self._h.to_text()


def payments_file(source, date_from, date_to, policy=None, errors="raise", on_error=None,
                  input_format="auto", mapping=None, progress=None):
    """The Schedule of each record of an input, lazily: a ``Records`` of
    Schedules, read and counted as ``evaluate_file()`` does;
    ``payments_file(...).to_dataframe()`` gives one row per payment (see
    ``schedules_to_dataframe()``)."""
    policy = policy or Policy.default()
    date_from, date_to = _as_date(date_from), _as_date(date_to)
    h = policy._h
    load, reader = _source_records(
        source, lambda r: Schedule(_native.Schedule.build(h, r, date_from, date_to)),
        input_format, mapping)
    return Records(load, _item, _schedule_frame, errors, on_error, progress, None, reader)


# ---------------------------------------------------------------- network

def _recipient(value):
    """A Recipient from a Recipient, a dict, or JSON text (str or bytes)."""
    if isinstance(value, Recipient):
        return value
    if isinstance(value, dict):
        return Recipient.from_dict(value)
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8")
    return Recipient.from_json(value)


class Routing(_Record):
    """The outcome of routing one referral: ``provider`` (None when unrouted),
    ``role``, ``via``, ``rules`` and ``because``, as in the data contract, and
    ``in_network`` / ``joins_network`` (rules N4, N5)."""

    __slots__ = ()

    @property
    def in_network(self):
        """Whether the provider is in the network (False for one outside it, N4/N5, or when
        unrouted)."""
        return self.get("in_network", self.get("provider") is not None)

    @property
    def joins_network(self):
        """Whether the provider joins the network as an associate (N4)."""
        return self.get("joins_network", False)


class Routings(list):
    """A list of Routings, with ``to_dataframe()`` (see ``routings_to_dataframe()``)."""

    __slots__ = ()

    def to_dataframe(self):
        """The routings as a pandas DataFrame, one row each."""
        return routings_to_dataframe(self)


class Network:
    """A lead agent and its associates, with current caseloads (rules N1-N5).

    Routing a referral adds it to the chosen provider's caseload, so a day's
    referrals spread; ``copy()`` first to try routings without changing it.
    """

    __slots__ = ("_h",)

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def from_json(cls, text, policy=None, as_of=None):
        """A network from JSON text, checked (N1) under a policy on a date (default today)."""
        return cls(_native.Network.from_json(text, policy._h if policy else None,
                                             _as_date(as_of) or _dt.date.today()))

    @classmethod
    def from_file(cls, path, policy=None, as_of=None):
        """A network from a JSON file."""
        return cls(_from_path(_native.Network.from_file, str(path), policy._h if policy else None,
                              _as_date(as_of) or _dt.date.today()))

    @property
    def id(self):
        """The network's id."""
        return self._h.id()

    @property
    def lead(self):
        """The lead agent's provider id."""
        return self._h.lead()

    @property
    def providers(self):
        """The providers: id, role, capacity, current caseload, routed so far."""
        h = self._h
        return [_Record(id=h.provider_id(i),
                        role="lead" if h.provider_role(i) == _native.ROLE_LEAD else "associate",
                        capacity=h.provider_capacity(i), caseload=h.provider_caseload(i),
                        routed=h.provider_routed(i))
                for i in range(h.provider_count())]

    def copy(self):
        """An independent copy."""
        return Network(self._h.copy())

    def route(self, referral):
        """Route one referral (a Recipient, dict or JSON text) through the lead."""
        return Routing(_json.loads(self._h.route(_recipient(referral)._h).to_json()))

    def route_all(self, referrals):
        """Route referrals in order (Recipients, dicts or JSON texts): a ``Routings`` list."""
        if isinstance(referrals, (str, bytes, bytearray, _os.PathLike)):
            # A path or a text would be routed one character at a time.
            raise TypeError("route_all() takes an iterable of referrals (Recipients, dicts or "
                            "JSON texts), not a path or one text")
        return Routings(self.route(r) for r in referrals)

    def to_json(self):
        """The network as JSON, with current caseloads."""
        return self._h.to_json()


class Transition:
    """A dated plan moving today's caseload to a new network (rule X1)."""

    __slots__ = ("_h",)

    def __init__(self, network, start, policy=None):
        self._h = _native.Transition(network._h, policy._h if policy else None, _as_date(start))

    def add(self, recipient):
        """Add one recipient of today's caseload."""
        self._h.add(_recipient(recipient)._h)

    def plan(self):
        """The transfers in date order, as dicts (``date`` as ``datetime.date``)."""
        out = []
        for line in self._h.to_jsonl().splitlines():
            d = _json.loads(line)
            d["date"] = _dt.date.fromisoformat(d["date"])
            out.append(_Record(d))
        return out


class Market:
    """Market shares, the Herfindahl-Hirschman index and warnings (rule N6)."""

    __slots__ = ("_h",)

    def __init__(self, network, policy=None, as_of=None):
        self._h = _native.Market(network._h, policy._h if policy else None,
                                 _as_date(as_of) or _dt.date.today())

    def add(self, recipient):
        """Count one recipient under the provider that supports them."""
        self._h.add(_recipient(recipient)._h)

    @property
    def hhi(self):
        """The Herfindahl-Hirschman index, 0 to 10,000."""
        return self._h.hhi()

    def to_dict(self):
        """The report as a dict (shares in basis points)."""
        return _json.loads(self._h.to_json())

    def to_text(self):
        """The report as a readable table."""
        return self._h.to_text()


# ---------------------------------------------------------------- framework

class Framework:
    """The framework agreement shared by several commissioners (rules F1-F3).

    ``add()`` prices a call-off from the price list, splits a jointly funded one
    between commissioners, and refuses (``dpss.CapError``) one that would pass
    an annual or whole-term cap, recording nothing. ``save()`` replaces the
    file atomically. Where several people add call-offs at once, use a
    ``Ledger``.
    """

    __slots__ = ("_h",)

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def from_json(cls, text):
        """A framework from JSON text."""
        return cls(_native.Framework.from_json(text))

    @classmethod
    def from_file(cls, path):
        """A framework from its file."""
        return cls(_from_path(_native.Framework.from_file, str(path)))

    def add(self, call_off):
        """Add a call-off (a dict or JSON text); returns its id."""
        text = call_off if isinstance(call_off, str) else _json.dumps(call_off,
                                                                       default=_json_default)
        return self._h.add_calloff(text)

    def committed(self, commissioner, year=0):
        """Spend committed by a commissioner in a contract year (0: the whole term)."""
        return self._h.committed(commissioner, int(year))

    @property
    def years(self):
        """The number of contract years."""
        return self._h.years()

    def year_of(self, date):
        """The contract year a date falls in (0 outside the term)."""
        return self._h.year_of(_as_date(date))

    def __len__(self):
        return int(self._h.calloff_count())

    def save(self, path):
        """Save atomically (the old file or the new, never half), keeping a symbolic
        link, the mode and the owner; a read-only or hard-linked file is refused
        (``dpss.FileError``) with nothing written."""
        self._h.save(str(path))

    def to_json(self):
        """The framework as JSON text."""
        return self._h.to_json()

    def report(self, year=0):
        """Spend against caps per commissioner, as a dict."""
        return _json.loads(self._h.report_json(int(year)))

    def report_text(self, year=0):
        """Spend against caps per commissioner, as a readable table."""
        return self._h.report_text(int(year))


class Ledger:
    """A framework ledger: the framework and its call-offs in an SQLite file
    that several processes and threads add to at once (rules F1-F3).

    ``add()`` records a call-off in one transaction, or refuses it
    (``dpss.CapError`` past a cap, and the other ``dpss.Error`` subclasses)
    and records nothing; each call-off keeps when it was recorded
    (``recorded_at``, UTC) and ``approved_by``. Use one ``Ledger`` per
    thread. A ledger is a context manager::

        with dpss.Ledger.create("notts.ledger", dpss.Framework.from_file("f.json")) as led:
            led.add({"commissioner": "CITY", "recipient": "R-1", ...})
    """

    __slots__ = ("_h",)

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def create(cls, path, framework):
        """Create a ledger file (which must not exist) from a framework (a
        ``Framework``, a dict or JSON text), its call-offs included."""
        if not isinstance(framework, Framework):
            framework = Framework.from_json(
                framework if isinstance(framework, str)
                else _json.dumps(framework, default=_json_default))
        return cls(_from_path(_native.Ledger.create, str(path), framework._h))

    @classmethod
    def open(cls, path, read_only=False):
        """Open an existing ledger file (to read only, with ``read_only``)."""
        return cls(_from_path(_native.Ledger.open, str(path), 1 if read_only else 0))

    def _handle(self):
        if self._h is None:
            raise ValueError("the ledger is closed")
        return self._h

    def add(self, call_off):
        """Record a call-off (a dict or JSON text); returns its id."""
        text = call_off if isinstance(call_off, str) else _json.dumps(call_off,
                                                                       default=_json_default)
        return self._handle().add(text)

    def export(self):
        """The framework JSON text, call-offs in the order recorded."""
        return self._handle().export_json()

    def framework(self):
        """The ledger as a ``Framework`` (every call-off checked again)."""
        return Framework(self._handle().framework())

    def committed(self, commissioner, year=0):
        """Spend committed by a commissioner in a contract year (0: the whole term)."""
        return self._handle().committed(commissioner, int(year))

    def set_busy_timeout(self, milliseconds):
        """How long an add waits for other writers before failing (``dpss.FileError``)."""
        self._handle().set_busy_timeout(int(milliseconds))

    def __len__(self):
        return int(self._handle().count())

    def close(self):
        """Close the ledger (everything added is already on disk). Idempotent."""
        self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class Audits:
    """The audits of managed accounts on a date, soonest due first (rule R2)."""

    __slots__ = ("_h",)

    def __init__(self, as_of=None, policy=None):
        self._h = _native.Audits(policy._h if policy else None,
                                 _as_date(as_of) or _dt.date.today())

    def add(self, recipient):
        """Add one recipient (only managed accounts are listed)."""
        self._h.add(_recipient(recipient)._h)

    @property
    def overdue(self):
        """How many audits are overdue."""
        return int(self._h.overdue())

    def list(self):
        """The audits as dicts (dates as ``datetime.date``)."""
        out = []
        for line in self._h.to_jsonl().splitlines():
            d = _json.loads(line)
            for k in ("last_audit", "audit_due"):
                if d[k]:
                    d[k] = _dt.date.fromisoformat(d[k])
            out.append(_Record(d))
        return out


class Return:
    """The information-sharing return for a period (rules R3, F4)."""

    __slots__ = ("_h",)

    def __init__(self, date_from, date_to, provider=None, policy=None):
        self._h = _native.Return(policy._h if policy else None, _as_date(date_from),
                                 _as_date(date_to), provider)

    def add(self, recipient):
        """Count one recipient."""
        self._h.add(_recipient(recipient)._h)

    def add_spend(self, framework):
        """Count the framework's spend in the period (for the cost per person)."""
        self._h.add_spend(framework._h)

    def to_dict(self):
        """The return as a dict."""
        return _json.loads(self._h.to_json())

    def to_text(self):
        """The return as a readable table."""
        return self._h.to_text()


# ---------------------------------------------------------------- account audits

_LINE_TYPES = {"other": _native.LINE_OTHER, "council_payment": _native.LINE_COUNCIL_PAYMENT,
               "contribution": _native.LINE_CONTRIBUTION, "refund": _native.LINE_REFUND}
_LINE_TYPE_NAMES = {v: k for k, v in _LINE_TYPES.items()}


def _pence(value):
    """Whole pence: an int (never a float or a string of pounds, which int() would cut)."""
    import operator
    if isinstance(value, bool):
        raise TypeError("expected whole pence (an int), not a bool")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"expected whole pence (an int), not {type(value).__name__}") from None


def _is_path(value):
    import os
    if isinstance(value, os.PathLike):
        return True
    # A one-line string is a path when the file exists, or when it is named like a
    # statement file (so that a missing file is named as missing, not read as text).
    return isinstance(value, str) and "\n" not in value and "\r" not in value and (
        os.path.exists(value) or value.lower().endswith((".csv", ".jsonl", ".json")))


class Mapping:
    """A column mapping for exports with their own headers (see ``dpss/mapping.h``):
    ``{"columns": {"Txn Date": "date", "Value": "amount"}, "date_format": "DD/MM/YYYY",
    "values": {"type": {"DD": "other"}}}``."""

    __slots__ = ("_h",)

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def from_dict(cls, data):
        """A mapping from a dict of the shape above."""
        return cls(_native.Mapping.from_json(_json.dumps(data)))

    @classmethod
    def from_file(cls, path):
        """A mapping from a JSON file."""
        return cls(_from_path(_native.Mapping.from_file, str(path)))


def _mapping(value):
    if value is None:
        return None
    if isinstance(value, Mapping):
        return value._h
    if isinstance(value, dict):
        return Mapping.from_dict(value)._h
    return Mapping.from_file(value)._h


class Statement:
    """The dated lines of one account: from a bank's CSV export, JSON Lines or a list of dicts.

    Bad lines do not stop the reading; ``errors`` lists them (line, column, field, code,
    message, never the value), and an audit over a statement with errors is refused.
    Amounts are read exactly as integer pence.
    """

    __slots__ = ("_h", "_mapping")

    def __init__(self, handle=None, mapping=None):
        self._h = handle if handle is not None else _native.Statement()
        self._mapping = mapping

    @classmethod
    def from_csv(cls, path_or_text, mapping=None):
        """A statement from a CSV file (a path) or CSV text; ``mapping`` a Mapping, dict or path."""
        m = _mapping(mapping)
        if _is_path(path_or_text):
            return cls(_from_path(_native.Statement.from_csv_file, str(path_or_text), m), m)
        return cls(_native.Statement.from_csv(path_or_text, m), m)

    @classmethod
    def from_jsonl(cls, path_or_text, mapping=None):
        """A statement from a JSON Lines file (a path) or text."""
        m = _mapping(mapping)
        if _is_path(path_or_text):
            return cls(_from_path(_native.Statement.from_jsonl_file, str(path_or_text), m), m)
        return cls(_native.Statement.from_jsonl(path_or_text, m), m)

    @classmethod
    def from_lines(cls, lines, mapping=None):
        """A statement from dicts with the columns as keys (``amount`` a string of pounds,
        or ``amount_pence`` an int; dates as ISO strings or ``datetime.date``)."""
        text = "".join(_json.dumps(line, default=_json_default) + "\n" for line in lines)
        return cls.from_jsonl(text or "\n", mapping)

    def add(self, date, pence, balance_pence=None, type="other", description=None, payee=None,
            category=None):
        """Add one line (money in positive, out negative, in pence)."""
        self._h.add_line(_as_date(date), _pence(pence),
                         _PENCE_NONE if balance_pence is None else _pence(balance_pence),
                         _LINE_TYPES[type], description, payee, category)

    def __len__(self):
        return int(self._h.line_count())

    @property
    def lines(self):
        """The lines as dicts (date, pence, balance_pence, type, description, payee, category)."""
        h = self._h
        out = []
        for i in range(h.line_count()):
            bal = h.balance_pence(i)
            out.append(_Record(date=h.date(i), pence=h.pence(i),
                               balance_pence=None if bal == _PENCE_NONE else bal,
                               type=_LINE_TYPE_NAMES[h.type(i)], description=h.description(i),
                               payee=h.payee(i), category=h.category(i)))
        return out

    @property
    def errors(self):
        """The bad lines: dicts of line, column, field, code name and message."""
        h = self._h
        return [_Record(line=h.error_line(i), column=h.error_column(i), field=h.error_field(i),
                        name=_native.status_name(h.error_code(i)), message=h.error_message(i))
                for i in range(h.error_count())]


def _statement(value, mapping=None):
    if isinstance(value, Statement):
        return value
    if isinstance(value, (list, tuple)):
        return Statement.from_lines(value, mapping)
    if _is_path(value) and _os.fspath(value).lower().endswith(".jsonl"):
        return Statement.from_jsonl(value, mapping)
    return Statement.from_csv(value, mapping)


class Audit(_JsonView):
    """The audit of one account over a period (rules A1-A9): the audit record of the data
    contract, as a dict (``to_dict()``), its findings as a pandas DataFrame
    (``to_dataframe()``), the sheet for the person (``to_html()``). Money is int pence."""

    __slots__ = ("_statement",)

    def __init__(self, handle, statement):
        super().__init__(handle)
        self._statement = statement

    @property
    def outcome(self):
        """'satisfactory', 'concerns' or 'misuse_suspected' (A8)."""
        return self.to_dict()["outcome"]

    @property
    def findings(self):
        """The findings as dicts (rule, kind, lines, pence, because...)."""
        return self.to_dict()["findings"]

    @property
    def review(self):
        """Whether the audit calls for a review (R1, A9, S3)."""
        return bool(self._h.review())

    def _convert(self, data):
        for k in ("from", "to"):
            data[k] = _dt.date.fromisoformat(data[k])
        return data

    def to_dataframe(self):
        """The findings as a pandas DataFrame, one row each (pandas is needed only here)."""
        import pandas
        cols = ["rule", "kind", "lines", "pence", "because"]
        rows = [{**{c: f.get(c) for c in cols}, **{k: v for k, v in f.items() if k not in cols}}
                for f in self.findings]
        df = pandas.DataFrame(rows, columns=cols + sorted({k for f in self.findings for k in f
                                                            if k not in cols}))
        df["pence"] = df["pence"].astype("int64")
        return df

    def findings_csv(self, header=True):
        """The findings as CSV text."""
        return self._h.findings_to_csv(1 if header else 0)

    def to_html(self):
        """The audit summary sheet for the person: self-contained, printable HTML."""
        return self._h.to_html(self._statement._h)

    def record(self, recipient):
        """Record the outcome on the recipient: its ``audits`` gain it, and ``last_audit`` and
        ``last_audit_outcome`` become its date and outcome unless a later audit is recorded (R2
        and R1 follow)."""
        self._h.record(recipient._h)

    def __repr__(self):
        return f"<dpss.Audit {self.id!r}: {self.outcome}>"


def audit(recipient, statement, from_, to, policy=None, opening=None, closing=None,
          mapping=None):
    """Audit one account from ``from_`` to ``to`` (both included), rules A1-A9.

    ``recipient``: a Recipient, dict or JSON text; ``statement``: a Statement, a list of line
    dicts, or CSV (a path or text, read with ``mapping``). ``opening`` and ``closing`` are
    balances in pence, or None to take them from the running balances.
    """
    r = _recipient(recipient)
    st = _statement(statement, mapping)
    h = _native.Audit.run(policy._h if policy else None, r._h, st._h, _as_date(from_),
                          _as_date(to), _PENCE_NONE if opening is None else _pence(opening),
                          _PENCE_NONE if closing is None else _pence(closing))
    return Audit(h, st)


class AuditSummary:
    """Outcomes, findings by kind, money by category and surpluses over many audits."""

    __slots__ = ("_h",)

    def __init__(self):
        self._h = _native.AuditSummary()

    def add(self, audit_):
        """Count one audit."""
        self._h.add(audit_._h)

    def add_unaudited(self):
        """Count an account that could not be audited."""
        self._h.add_unaudited()

    def __len__(self):
        return int(self._h.count())

    def to_dict(self):
        """The summary as a dict (money in pence)."""
        return _json.loads(self._h.to_json())

    def to_text(self):
        """The summary as a readable table."""
        return self._h.to_text()


# ---------------------------------------------------------------- DataFrames
#
# pandas is imported only when a DataFrame is asked for. Column names are the
# field paths of the data contract. Money stays integer pence (the nullable
# Int64 dtype: <NA> where the JSON has null); dates are datetime64 columns
# (whole days; NaT where the JSON has null; ``.dt.date`` gives datetime.date);
# enumerations are categoricals of the JSON's words, with every word as a
# category even when absent; three-state facts are the nullable "boolean"
# dtype.

def _pandas():
    import numpy
    import pandas
    return numpy, pandas


def _decision_frame(parts):
    """A DataFrame of decision rows: parts are (chunk, first row, end row)."""
    np, pd = _pandas()
    n = sum(stop - start for _, start, stop in parts)
    ids = np.empty(n, dtype=object)
    at = 0
    for chunk, start, stop in parts:
        ids[at:at + stop - start] = chunk.ids[start:stop]
        at += stop - start
    columns = []
    for k in range(len(_COLUMNS)):
        pieces = [np.frombuffer(chunk[k], dtype=np.int64)[start:stop]
                  if isinstance(chunk[k], _array) and chunk.n else
                  np.array(chunk[k][start:stop], dtype=np.int64)
                  for chunk, start, stop in parts]
        columns.append(np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64))
    assert all(len(c) == n for c in columns)

    def dates(a):
        return np.where(a == _DATE_NONE, np.iinfo(np.int64).min, a).view("M8[D]")

    def money(a):
        return pd.arrays.IntegerArray(a, a == _PENCE_NONE)

    def fact(a):
        return pd.arrays.BooleanArray(a == 1, a == -1)

    def words(a, names, shift=0):
        return pd.Categorical.from_codes(a + shift, categories=list(names))

    data = {"id": ids}
    for k, name in enumerate(_COLUMNS):
        a = columns[k]
        if k in (_AS_OF, _ENDS, _RECOVER, _REVIEW_DUE, _AUDIT_DUE):
            data[name] = dates(a)
        elif k in (_WEEKLY, _THRESHOLD, _AVAILABLE, _EXCESS):
            data[name] = money(a)
        elif k in (_ACCREDITED, _RECLAIM, _SREVIEW):
            data[name] = fact(a)
        elif k in (_SINGLE, _EXTRA):
            data[name] = a == 1
        elif k == _STATUS:
            data[name] = words(a, _STATUS_NAMES)
        elif k == _VIA:
            data[name] = words(a, _VIA_NAMES[:-1])
        elif k == _FAMILY:
            data[name] = words(a, ("undetermined",) + _FAMILY_NAMES[:-1], 1)
        elif k in (_METHOD, _RECOMMENDED):
            data[name] = words(a, _METHOD_NAMES[:-1])
        elif k == _TIER:
            data[name] = words(a, _TIER_NAMES[:-1])
        else:  # counts
            data[name] = a
    return pd.DataFrame(data, copy=False)  # columns in the order of data


def decisions_to_dataframe(decisions):
    """A pandas DataFrame of decisions, one row each, in order: ``id``, then the
    decision's main fields named by their path in the JSON (``as_of``,
    ``eligibility.status``, ..., ``surplus.excess_pence``, ``surplus.reclaim``,
    ..., ``review_due``, ``audit_due``, ``extra_review``), plus
    ``escalations.open`` and ``escalations.care_manager_review`` (counts).
    Money is integer pence (Int64, <NA> for null), dates datetime64 (NaT for
    null), enumerations categorical, three-state facts "boolean".

    ``decisions``: an iterable of Decisions (from ``evaluate()``,
    ``evaluate_file()``...). Rows of one chunk are taken in bulk.
    """
    parts = []
    last, start, end = None, 0, 0
    for d in decisions:
        if type(d) is not Decision and not isinstance(d, Decision):
            raise TypeError(f"expected dpss.Decision, got {type(d).__name__}")
        chunk, row = d._k, d._i
        if chunk is last and row == end:  # the next row of the same chunk
            end += 1
            continue
        if last is not None:
            parts.append((last, start, end))
        last, start, end = chunk, row, row + 1
    if last is not None:
        parts.append((last, start, end))
    return _decision_frame(parts)


_PAYMENT_STREAMS = ("social_care", "health")


def _schedule_rows(schedules):
    rows = []
    for s in schedules:
        data = _json.loads(s.to_json()) if isinstance(s, Schedule) else s
        for p in data["payments"]:
            streams = p.get("streams", {})
            rows.append((data["id"], p["date"], "regular", p["days"], p["pence"],
                         *(streams.get(k) for k in _PAYMENT_STREAMS), p["contribution_pence"],
                         None))
        for p in data.get("one_off_payments", []):
            rows.append((data["id"], p["date"], "one_off", None, p["pence"],
                         *(None for _ in _PAYMENT_STREAMS), None, p.get("purpose")))
    return rows


def _schedule_frame_of(schedules):
    np, pd = _pandas()
    rows = _schedule_rows(schedules)
    names = ["id", "date", "kind", "days", "pence",
             *(f"streams.{k}" for k in _PAYMENT_STREAMS), "contribution_pence", "purpose"]
    cols = list(zip(*rows)) if rows else [()] * len(names)
    data = {}
    for name, values in zip(names, cols):
        if name == "date":
            data[name] = np.array(values, dtype="M8[D]")
        elif name == "kind":
            data[name] = pd.Categorical(values, categories=["regular", "one_off"])
        elif name in ("id", "purpose"):
            data[name] = pd.Series(values, dtype=object)
        else:
            data[name] = pd.array(values, dtype="Int64")
    return pd.DataFrame(data, columns=names)


def _schedule_frame(parts):
    return _schedule_frame_of(s for chunk, start, stop in parts for s in chunk[start:stop])


def schedules_to_dataframe(schedules):
    """A pandas DataFrame of payment schedules, one row per payment: ``id``,
    ``date`` (datetime64), ``kind`` ("regular", or "one_off" for a one-off
    payment, rule B5), ``days``, ``pence``, ``streams.social_care``,
    ``streams.health`` (the parts of a regular payment), ``contribution_pence``
    and ``purpose`` (of a one-off). Money is integer pence (Int64, <NA> where
    it does not apply)."""
    return _schedule_frame_of(schedules)


def routings_to_dataframe(routings):
    """A pandas DataFrame of routings, one row each: ``id``, ``provider``
    (None when unrouted), ``role``, ``via``, ``in_network``,
    ``joins_network``, ``rules`` (the rule ids, comma-separated), ``because``
    and ``set_aside`` (the providers set aside, comma-separated)."""
    np, pd = _pandas()
    rows = [(r["id"], r.get("provider"), r.get("role"), r.get("via"), r.in_network,
             r.joins_network, ",".join(r.get("rules", ())), r.get("because"),
             ",".join(a["provider"] for a in r.get("set_aside", ())))
            for r in (x if isinstance(x, Routing) else Routing(x) for x in routings)]
    names = ["id", "provider", "role", "via", "in_network", "joins_network", "rules", "because",
             "set_aside"]
    cols = list(zip(*rows)) if rows else [()] * len(names)
    data = {}
    for name, values in zip(names, cols):
        if name == "role":
            data[name] = pd.Categorical(values, categories=["lead", "associate"])
        elif name in ("in_network", "joins_network"):
            data[name] = np.array(values, dtype=bool)
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=names)


# ---------------------------------------------------------------- what-if comparisons

_CHANGE_DATES = {"tier.ends", "surplus.recover_from", "review_due", "audit_due"}


def _change(line):
    """One changed record as a dict (dates as datetime.date)."""
    d = _json.loads(line)
    d["as_of"] = _dt.date.fromisoformat(d["as_of"])
    for c in d["changes"]:
        if c["field"] in _CHANGE_DATES:
            for k in ("before", "after"):
                if isinstance(c[k], str):
                    c[k] = _dt.date.fromisoformat(c[k])
    return _wrap(d)


class Comparison:
    """A caseload under a base policy and an alternative, compared in one pass (what
    ``compare()`` returns).

    - ``changes``: the records whose decision changed, in input order, each
      ``{id, as_of, changes: [{field, before, after, rule}], rules}`` (fields
      named by their path in the decision; dates as ``datetime.date``);
    - ``summary``: recipients compared, changed and rejected, flips by field,
      money moved, who is affected by tier, and both policies with their
      ``overrides`` (the JSON of ``dpss compare --summary``, money in pence);
    - ``to_dataframe()``: one row per change; ``to_text()``: the summary as a table;
      ``to_jsonl()``: the changes as the ``dpss compare`` tool writes them;
    - ``base``, ``alternative``: the two policies; ``records``: the input's
      counts (``read``, ``decided``, ``skipped``).
    """

    __slots__ = ("_h", "_lines", "_changes", "base", "alternative", "records")

    def __init__(self, handle, lines, base, alternative, records):
        self._h = handle
        self._lines = lines
        self._changes = None
        self.base = base
        self.alternative = alternative
        self.records = records

    @property
    def changes(self):
        """The changed records, as dicts."""
        if self._changes is None:
            self._changes = [_change(line) for line in self._lines]
        return self._changes

    @property
    def summary(self):
        """The summary as a dict (money in pence)."""
        return _json.loads(self._h.to_json())

    @property
    def count(self):
        """The number of recipients compared."""
        return int(self._h.count())

    @property
    def changed(self):
        """The number of recipients whose decision changed."""
        return int(self._h.changed())

    def to_jsonl(self):
        """The changes as JSON Lines, one line per changed record."""
        return "".join(line + "\n" for line in self._lines)

    def to_text(self):
        """The summary as a readable table (money in pounds)."""
        return self._h.to_text()

    def to_dataframe(self):
        """The changes as a pandas DataFrame, one row per changed field: ``id``,
        ``field`` (categorical), ``before``, ``after`` (objects: each keeps its
        own type, dates as ``datetime.date``, money as int pence) and ``rule``."""
        np, pd = _pandas()
        rows = [(c["id"], ch["field"], ch["before"], ch["after"], ch.get("rule"))
                for c in self.changes for ch in c["changes"]]
        names = ["id", "field", "before", "after", "rule"]
        cols = list(zip(*rows)) if rows else [()] * len(names)
        data = {name: pd.Series(values, dtype=object) for name, values in zip(names, cols)}
        data["field"] = pd.Categorical(cols[1])
        return pd.DataFrame(data, columns=names)

    def __repr__(self):
        return (f"<dpss.Comparison {self.changed} of {self.count} changed: "
                f"{self.base.id!r} -> {self.alternative.id!r}>")


def compare(caseload, base, alternative, as_of=None, date_from=None, date_to=None,
            progress=None, errors="skip", on_error=None, input_format="auto", mapping=None):
    """Compare a caseload under a base policy and an alternative, in one pass: a
    ``Comparison``.

    ``caseload``: a path, a file object or bytes (every layout and format
    ``evaluate_file()`` reads, through the library's reader), or an iterable
    of Recipients, dicts or JSON texts. ``base``, ``alternative``: Policy
    objects; an alternative made with ``base.with_overrides(...)`` records its
    overrides, and every decision, schedule and comparison made under it says
    so (``policy.overrides``). ``as_of``: the date of the decisions (default
    today). With ``date_from`` and ``date_to``, each recipient's payments in
    that range are compared too (the council's payments and contributions).
    Each record is evaluated under both policies as it is read.

    A bad record is counted as rejected in the summary; with ``errors="skip"``
    (the default: one bad record should not lose a whole comparison) it is
    passed to ``on_error`` if given, else one ``SkippedRecordsWarning`` says
    how many were skipped; with ``errors="raise"`` it is raised. ``progress``
    as in ``evaluate_file()``::

        base = dpss.Policy.default()
        c = dpss.compare("caseload.jsonl", base, base.with_overrides(surplus_threshold_weeks=8),
                         as_of="2026-11-22")
        print(c.summary["changed"], c.to_dataframe().groupby("field").size())
    """
    as_of = _as_date(as_of) or _dt.date.today()
    date_from, date_to = _as_date(date_from), _as_date(date_to)
    if (date_from is None) != (date_to is None):
        raise ValueError("date_from and date_to go together")
    comparison = _native.Comparison(base._h, alternative._h)
    bh, ah = base._h, alternative._h
    lines = []

    def make(recipient):
        return _native.compare_recipient(comparison, bh, ah, recipient, as_of, date_from,
                                         date_to)

    def on_bad(error):
        comparison.add_rejected()
        if on_error is not None:
            on_error(error)

    load, reader = _source_records(caseload, make, input_format, mapping)
    total = len(caseload) if hasattr(caseload, "__len__") and not isinstance(
        caseload, (str, bytes, bytearray, memoryview)) else None
    records = Records(load, _item, None, errors, on_bad, progress, total, reader)
    for line in records:
        if line is not None:
            lines.append(line)
    if on_error is None and records.skipped:
        _warnings.warn(f"{records.skipped} of {records.read} records skipped",
                       SkippedRecordsWarning, stacklevel=2)
    return Comparison(comparison, lines, base, alternative, records)


# ---------------------------------------------------------------- rules

def rules():
    """The rule catalogue: a list of dicts ``id``, ``title``, ``statement`` (as
    libdpss applies it), ``source`` and ``parameters`` (the policy parameters
    it uses), one per rule id that a trace may name."""
    return [_Record(r) for r in _json.loads(_native.rules_json())]


def parameters():
    """The policy parameters: a list of dicts ``name``, ``type`` ("integer",
    "boolean", "choice", "period" or "list") and ``source`` (where the default
    comes from), in the library's order."""
    return [_Record(name=_native.param_name(i), type=_native.param_type(i),
                    source=_native.param_source(i)) for i in range(_native.param_count())]
