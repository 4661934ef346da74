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

import datetime as _dt
import decimal as _decimal
import json as _json
import os as _os
import warnings as _warnings

from . import native as _native

__all__ = [
    "Error", "InvalidArgumentError", "OutOfMemoryError", "JSONSyntaxError", "TypeMismatchError",
    "RangeError", "MissingFieldError", "UnknownNameError", "OverflowError_", "DateError",
    "FileError", "DuplicateError", "NotFoundError", "ConflictError", "CapError",
    "NetworkError", "Policy", "Recipient", "Decision", "Summary", "Schedule", "Totals",
    "evaluate", "evaluate_file", "summarize", "payments", "payments_file", "Records",
    "SkippedRecordsWarning", "Network", "Routing", "Transition", "Market", "Framework", "Ledger",
    "Audits", "Return", "Mapping", "Statement", "Audit", "AuditSummary", "audit", "pounds",
    "format_money", "parameter_names",
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


_DATE_KEYS = {"as_of", "ends", "review_due", "audit_due"}


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
        return cls(_native.Policy.from_file(str(path)))

    @property
    def id(self):
        """The policy's id, e.g. ``'nottinghamshire'``."""
        return self._h.id()

    @property
    def version(self):
        """The policy's version string."""
        return self._h.version()

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
        return f"<dpss.Policy {self.id!r} version {self.version!r}>"


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

    def __repr__(self):
        return f"<dpss.Recipient {self.id!r}>"


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


class Decision(_JsonView):
    """The decision for one recipient, with the reasons for it.

    Attribute access mirrors the decision JSON of the data contract, with dates
    as ``datetime.date``: ``d.eligibility.status``, ``d.tier.ends``,
    ``d.surplus.excess_pence``, ``d.review_due``, ``d.trace``.
    """

    __slots__ = ()

    @property
    def as_of(self):
        """The date of the decision."""
        return self._h.as_of()

    def applied(self, rule):
        """Whether the trace names a rule id, e.g. ``d.applied("T3")``."""
        return bool(self._h.applied(rule))

    def _convert(self, data):
        return _dates(data)

    def __getattr__(self, name):
        try:
            return self.to_dict()[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self):
        return f"<dpss.Decision {self.id!r} as of {self.as_of}>"


def evaluate(policy, recipient, as_of=None):
    """Evaluate a recipient under a policy on a date (default: today).

    ``recipient`` may be a ``Recipient``, a dict or JSON text.
    """
    if isinstance(recipient, dict):
        recipient = Recipient.from_dict(recipient)
    elif isinstance(recipient, str):
        recipient = Recipient.from_json(recipient)
    as_of = _as_date(as_of) or _dt.date.today()
    return Decision(_native.evaluate(policy._h, recipient._h, as_of))


class SkippedRecordsWarning(UserWarning):
    """Records of an input were skipped (``errors="skip"`` without ``on_error``)."""


_FORMATS = {"auto": _native.READER_AUTO, "json": _native.READER_JSON, "csv": _native.READER_CSV}


def _open_reader(source, input_format):
    """A native reader over a path, a file object or bytes (every layout the
    ``dpss`` tool reads: one object, an array, JSON Lines, a stream)."""
    try:
        fmt = _FORMATS[input_format]
    except KeyError:
        raise ValueError("input_format must be 'auto', 'json' or 'csv'") from None
    if isinstance(source, (str, _os.PathLike)):
        return _native.Reader.open(_os.fspath(source), fmt)
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
    return _native.reader_from_bytes(data, name, fmt)


class Records:
    """The records of an input, each turned into a result, lazily: what
    ``evaluate_file()`` and ``payments_file()`` return.

    Iterate over it for the results. Every record is either turned into a
    result or counted as skipped, never dropped silently:

    - ``read``: records read so far (good and bad);
    - ``decided``: results given;
    - ``skipped``: bad records (unreadable, not a recipient, or refused).

    A bad record is a ``dpss.Error`` with ``record`` (its number, from 1),
    ``line`` and ``column`` (where the fault lies in the input, or where the
    record starts) and ``field``. With ``errors="raise"`` (the default) it is
    raised; iterating again goes on with the next record. With
    ``errors="skip"`` it is passed to ``on_error(error)`` if given, else
    counted and, when the input ends, one ``SkippedRecordsWarning`` says how
    many were skipped. An input that cannot be read (a missing file, a read
    error) always raises ``dpss.FileError``.
    """

    __slots__ = ("_reader", "_make", "_errors", "_on_error", "read", "decided", "skipped",
                 "_warned", "_progress")

    def __init__(self, source, make, errors="raise", on_error=None, input_format="auto"):
        if errors not in ("raise", "skip"):
            raise ValueError("errors must be 'raise' or 'skip'")
        self._reader = _open_reader(source, input_format)
        self._make = make
        self._errors = errors
        self._on_error = on_error
        self.read = self.decided = self.skipped = 0
        self._warned = False
        self._progress = None  # set by evaluate_file()/payments_file(progress=...)

    def __iter__(self):
        return self

    def _bad(self, error):
        self.skipped += 1
        if self._on_error is not None:
            self._on_error(error)
        if self._errors == "raise":
            raise error

    def __next__(self):
        r = self._reader
        while True:
            got = r.next()
            if self._progress is not None:
                self._progress.tick(got)
            if got == _native.READ_END:
                if self.skipped and self._on_error is None and not self._warned:
                    self._warned = True
                    _warnings.warn(f"{self.skipped} of {self.read} records skipped",
                                   SkippedRecordsWarning, stacklevel=2)
                raise StopIteration
            self.read += 1
            number, line, column = r.record(), r.line(), r.column()
            if got == _native.READ_BAD:
                code = r.error_code()
                error = _make_error(code, _native.status_name(code), r.error_message(),
                                    r.error_field(), r.error_line(), r.error_column())
                error.record = number
                self._bad(error)
                continue
            try:
                result = self._make(r.recipient())
            except Error as e:
                # Positions in the record's text become positions in the input.
                if e.line > 0:
                    if e.line == 1:
                        e.column = column + e.column - 1
                    e.line = line + e.line - 1
                else:
                    e.line, e.column = line, column
                e.record = number
                self._bad(e)
                continue
            self.decided += 1
            return result


class _Progress:
    """Calls progress(done, total) for evaluate_file()/payments_file(): records
    read so far, and the number the whole input should hold at this rate of
    bytes per record (None when its size is not known); at most four times a
    second, and once more at the end with done == total."""

    __slots__ = ("_fn", "_reader", "_n", "_last", "_ended")

    def __init__(self, reader, fn):
        import time
        self._fn, self._reader, self._n, self._ended = fn, reader, 0, False
        self._last = time.monotonic()

    def tick(self, got):
        if got == _native.READ_END:
            if not self._ended:
                self._ended = True
                done = self._reader.record()
                self._fn(done, done)
            return
        self._n += 1
        if self._n & 63:
            return
        import time
        now = time.monotonic()
        if now - self._last < 0.25:
            return
        self._last = now
        done, size, at = self._reader.record(), self._reader.size(), self._reader.offset()
        self._fn(done, max(done, round(done * size / at)) if size > 0 and at > 0 else None)


def _input_options(records, mapping, progress):
    """The mapping= and progress= of evaluate_file() and payments_file()."""
    if mapping is not None:
        records._reader.set_mapping(_mapping(mapping))
    if progress is not None:
        records._progress = _Progress(records._reader, progress)
    return records


def evaluate_file(source, policy=None, as_of=None, errors="raise", on_error=None,
                  input_format="auto", mapping=None, progress=None):
    """Evaluate every record of an input, lazily: a ``Records`` of Decisions.

    ``source`` is a path, a file object (text or binary) or bytes holding one
    recipient object, a JSON array of them, JSON Lines, or a stream of
    pretty-printed objects, or recipients as CSV (a name ending ``.csv``, or
    ``input_format="csv"``; columns named by the fields' paths, or mapped
    with ``mapping``, a ``Mapping``, a dict or a path to a mapping file, as
    ``dpss --map`` does): whatever the ``dpss`` tool reads, read by the
    same library reader. ``progress(done, total)``, if given, is called at
    most four times a second with the records read so far and an estimate of
    how many the input holds (``None`` when its size is not known), and at
    the end with ``done == total``. A bad record costs only itself. ``errors="raise"``
    raises the ``dpss.Error`` of a bad record (with ``record``, ``line`` and
    ``column``); ``errors="skip"`` skips it, passing it to ``on_error`` if
    given; the returned ``Records`` counts ``read``, ``decided`` and
    ``skipped``::

        records = dpss.evaluate_file("caseload.jsonl", policy, as_of, errors="skip",
                                     on_error=lambda e: print(e.record, e.line, e))
        decisions = list(records)
        print(records.read, records.decided, records.skipped)
    """
    policy = policy or Policy.default()
    as_of = _as_date(as_of) or _dt.date.today()
    h = policy._h
    return _input_options(
        Records(source, lambda r: Decision(_native.evaluate(h, r, as_of)), errors, on_error,
                input_format), mapping, progress)


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
    Schedules, read and counted as ``evaluate_file()`` does (CSV, ``mapping``
    and ``progress`` too)."""
    policy = policy or Policy.default()
    date_from, date_to = _as_date(date_from), _as_date(date_to)
    h = policy._h
    return _input_options(
        Records(source, lambda r: Schedule(_native.Schedule.build(h, r, date_from, date_to)),
                errors, on_error, input_format), mapping, progress)


# ---------------------------------------------------------------- network

def _recipient(value):
    if isinstance(value, Recipient):
        return value
    if isinstance(value, dict):
        return Recipient.from_dict(value)
    return Recipient.from_json(value)


class Routing(_Record):
    """The outcome of routing one referral: ``provider`` (None when unrouted),
    ``role``, ``via``, ``rules`` and ``because``, as in the data contract."""

    __slots__ = ()


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
        return cls(_native.Network.from_file(str(path), policy._h if policy else None,
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
        return cls(_native.Framework.from_file(str(path)))

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
        return cls(_native.Ledger.create(str(path), framework._h))

    @classmethod
    def open(cls, path, read_only=False):
        """Open an existing ledger file (to read only, with ``read_only``)."""
        return cls(_native.Ledger.open(str(path), 1 if read_only else 0))

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

_PENCE_NONE = _native.pence_none()
_LINE_TYPES = {"other": _native.LINE_OTHER, "council_payment": _native.LINE_COUNCIL_PAYMENT,
               "contribution": _native.LINE_CONTRIBUTION, "refund": _native.LINE_REFUND}
_LINE_TYPE_NAMES = {v: k for k, v in _LINE_TYPES.items()}


def _is_path(value):
    import os
    if isinstance(value, os.PathLike):
        return True
    return isinstance(value, str) and "\n" not in value and os.path.exists(value)


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
        return cls(_native.Mapping.from_file(str(path)))


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
            return cls(_native.Statement.from_csv_file(str(path_or_text), m), m)
        return cls(_native.Statement.from_csv(path_or_text, m), m)

    @classmethod
    def from_jsonl(cls, path_or_text, mapping=None):
        """A statement from a JSON Lines file (a path) or text."""
        m = _mapping(mapping)
        if _is_path(path_or_text):
            return cls(_native.Statement.from_jsonl_file(str(path_or_text), m), m)
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
        self._h.add_line(_as_date(date), int(pence),
                         _PENCE_NONE if balance_pence is None else int(balance_pence),
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
        """Record the outcome on the recipient (its ``audits``; R2 and R1 follow)."""
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
                          _as_date(to), _PENCE_NONE if opening is None else int(opening),
                          _PENCE_NONE if closing is None else int(closing))
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
