"""Models layer: the field table that parses every wire key of every model in one place.

A :class:`Field` is a read-only descriptor: it reads one wire key (or the first present of
several alternatives) from ``self.raw_data``, converts it and falls back to a default.
List models and typed updates share the same :class:`Field` objects, so a value is parsed
the same way wherever it appears. Reads never raise: a wrong type, ``null``, a huge number or
an unknown enum value gives the default (or the enum's ``UNKNOWN`` member), and the odd value
is logged once per (field, value), never on every read.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar, overload

from ..utils import EntityValidator

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

#: Cap of the "already warned" memory, so a server spraying random values cannot grow it
#: without bound (after the cap, odd values are logged at debug level only).
_WARN_CAP = 1024
_warned: set[tuple[str, str]] = set()


def warn_once(label: str, value: Any, message: str) -> None:
    """Log ``message`` at WARNING once per ``(label, value)``; later repeats go to DEBUG.

    Args:
        label: what was being parsed, e.g. ``"light status"``.
        value: the odd value (only its shortened ``repr`` is logged and remembered).
        message: a %-style format taking ``label`` and the value's repr.
    """
    shown = _short_repr(value)
    key = (label, shown)
    if key in _warned or len(_warned) >= _WARN_CAP:
        _LOGGER.debug(message, label, shown)
        return
    _warned.add(key)
    _LOGGER.warning(message, label, shown)


def _short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not break a property read
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


# --- converters: each takes the raw wire value and returns the parsed one, or raises ---------


def to_int(value: Any) -> int:
    """Convert a wire number (int, integral float or numeric string) to ``int``.

    Raises:
        TypeError, ValueError, OverflowError: the value is not a finite number.
    """
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return int(value)  # OverflowError/ValueError for inf/nan
    if isinstance(value, str):
        return int(value.strip())
    raise TypeError(type(value).__name__)


def to_float(value: Any) -> float:
    """Convert a wire number to a finite ``float``.

    Raises:
        TypeError, ValueError, OverflowError: the value is not a finite number.
    """
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        result = float(value.strip())
    else:
        raise TypeError(type(value).__name__)
    if not math.isfinite(result):
        raise ValueError("not finite")
    return result


def to_number(value: Any) -> float:
    """Pass a wire number through as the server sent it (an int stays an int).

    Numeric strings are parsed; booleans, NaN and infinities are malformed.

    Raises:
        TypeError, ValueError: the value is not a finite number.
    """
    if isinstance(value, bool):
        raise TypeError("bool")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            value = float(text)
    return to_float(value)


def tenths(value: Any) -> float:
    """Convert integer tenths (``215``) to a float (``21.5``) (PROTOCOL.md §3.5)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value / 10  # exact rounding of int/10, no 0.1 * n artefacts
    return to_float(value) / 10


def to_str(value: Any) -> str:
    """Convert a wire value to ``str`` (strings pass through; numbers are formatted)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    raise TypeError(type(value).__name__)


def to_bool(value: Any) -> bool:
    """Convert a 0/1 (or JSON boolean) wire flag to ``bool``."""
    if isinstance(value, bool):
        return value
    return to_int(value) != 0


def to_list(value: Any) -> list[Any]:
    """Return a shallow copy of a JSON array (anything else is malformed)."""
    if isinstance(value, list):
        return list(value)
    raise TypeError(type(value).__name__)


def to_rgb(value: Any) -> list[int]:
    """Convert ``[R, G, B]`` (each 0-255) to a list of three ints."""
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise ValueError("not an [R, G, B] triple")
    result = [to_int(part) for part in value]
    if any(not 0 <= part <= 255 for part in result):
        raise ValueError("component out of range")
    return result


def time_of_day(value: Any) -> tuple[int, int, int] | None:
    """Convert ``{"hour": h, "min": m, "sec": s}`` to a tuple; ``-1`` fields mean unset.

    Returns:
        ``(h, m, s)``, or ``None`` when the time is unset (every field ``-1``, PROTOCOL.md
        §3.5).

    Raises:
        TypeError, ValueError: the value is not a time-of-day object.
    """
    if not isinstance(value, Mapping):
        raise TypeError(type(value).__name__)
    hour, minute, sec = (to_int(value.get(k, 0)) for k in ("hour", "min", "sec"))
    if hour == -1 and minute == -1 and sec == -1:
        return None
    return hour, minute, sec


def enum_converter(enum_cls: type[E], label: str, unknown: E) -> Callable[[Any], E]:
    """Build a converter to ``enum_cls`` that maps unknown values to ``unknown``.

    Integer-valued enums also accept numeric strings and integral floats. An unknown value
    is logged once per value (see :func:`warn_once`).

    Args:
        enum_cls: the enum class.
        label: a human label for the log message, e.g. ``"light status"``.
        unknown: the member returned for unknown values.

    Returns:
        The converter.
    """
    int_valued = isinstance(unknown.value, int)
    members: dict[Any, E] = {member.value: member for member in enum_cls}
    if not int_valued:
        # case-insensitive match of string values ("RGB" vs "rgb", PROTOCOL.md §7.2)
        members.update({str(m.value).lower(): m for m in enum_cls})

    def convert(value: Any) -> E:
        try:
            key: Any = to_int(value) if int_valued else value
            if not int_valued and isinstance(key, str) and key not in members:
                key = key.lower()
            member = members.get(key)
        except (TypeError, ValueError, OverflowError):
            member = None
        if member is None or member is unknown:
            warn_once(label, value, "Unknown %s value %s from the server, using UNKNOWN")
            return unknown
        return member

    # the known members by exact wire value, for the descriptor's fast path (Field.__get__)
    _FAST_PATHS[convert] = _FastPath(
        None,
        int if int_valued else str,
        {value: member for value, member in members.items() if member is not unknown},
        fill=False,
    )
    return convert


# --- fast paths of the descriptor ---------------------------------------------------------------


class _FastPath:
    """How a converter's common wire values are read without calling it (the hot path of
    every property read; same results as the converter, bench/RESULTS.md).

    Attributes:
        same: the exact type the converter returns unchanged (``int`` for :func:`to_int`).
        keyed: the exact type whose values are looked up in ``memo``.
        memo: wire value (of type ``keyed``) -> the converter's result.
        fill: whether results of the converter for ``keyed`` values are added to ``memo``
            (pure converters that never warn), up to :data:`_MEMO_CAP` entries.
    """

    __slots__ = ("fill", "keyed", "memo", "same")

    def __init__(
        self, same: type | None, keyed: type | None, memo: dict[Any, Any], *, fill: bool
    ) -> None:
        self.same = same
        self.keyed = keyed
        self.memo = memo
        self.fill = fill


#: Most values remembered per field by a filling fast path (a server spraying random values
#: cannot grow it without bound; beyond, values are converted on every read).
_MEMO_CAP = 1024

#: Converter -> its fast path. Only exact types are taken (``type(value) is int``): ``True``
#: or ``1.0`` go through the converter, which treats them as it always did.
_FAST_PATHS: dict[Callable[[Any], Any], _FastPath] = {
    to_int: _FastPath(int, None, {}, fill=False),
    to_str: _FastPath(str, None, {}, fill=False),
    to_number: _FastPath(int, None, {}, fill=False),
    to_bool: _FastPath(bool, int, {0: False, 1: True}, fill=True),
    tenths: _FastPath(None, int, {}, fill=True),
}

#: Stands for "no value" where ``None`` is a value.
_NOTHING: Any = object()


# --- the descriptor ---------------------------------------------------------------------------


class Field(Generic[T]):
    """Read-only descriptor parsing one value of ``raw_data``.

    Args:
        keys: the wire keys this value depends on. With the default reader, the first key
            whose value is present and not ``None`` is converted.
        convert: converter of the raw wire value (default reader only).
        default: value returned when the keys are absent or the value is malformed.
        default_factory: alternative to ``default`` for mutable defaults (lists).
        read: a custom reader ``(raw_data) -> value`` used instead of key lookup and
            ``convert``; it may raise, the default is returned then.
        label: a human label used in log messages (defaults to the first key).
        doc: the docstring shown for the property.
    """

    def __init__(
        self,
        keys: str | tuple[str, ...],
        convert: Callable[[Any], T] | None = None,
        *,
        default: T | None = None,
        default_factory: Callable[[], T] | None = None,
        read: Callable[[Mapping[str, Any]], T] | None = None,
        label: str | None = None,
        doc: str | None = None,
    ) -> None:
        self.keys: tuple[str, ...] = (keys,) if isinstance(keys, str) else tuple(keys)
        self.label = label or self.keys[0]
        self._convert = convert
        self._read = read
        fixed = default_factory is None  # a fixed default, known without calling anything
        if default_factory is None:

            def default_factory() -> T:
                return default  # type: ignore[return-value]

        self._default: Callable[[], T] = default_factory
        self.__doc__ = doc
        self._first = self.keys[0]
        fast = _FAST_PATHS.get(convert) if convert is not None and read is None else None
        self._same: type | None = None if fast is None else fast.same
        self._keyed: type | None = None if fast is None else fast.keyed
        self._memo: dict[Any, Any] = {} if fast is None else fast.memo.copy()
        self._fill = fast is not None and fast.fill
        #: What a read returns when the only key is absent or null (no reader, a fixed
        #: default): known without calling anything.
        single = read is None and len(self.keys) == 1
        self._absent: Any = default if single and fixed else _NOTHING

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> Field[T]: ...

    @overload
    def __get__(self, obj: FieldModel, owner: type[Any] | None = None) -> T: ...

    def __get__(self, obj: FieldModel | None, owner: type[Any] | None = None) -> Field[T] | T:
        if obj is None:
            return self
        # the fast path, before the full parse(): a property read of a common value is one
        # Python call (the typed updates' hot path, bench/RESULTS.md)
        raw = obj.raw_data
        try:
            value: Any = raw.get(self._first)
            kind = value.__class__
            if kind is self._same:
                return value  # type: ignore[no-any-return]
            if kind is self._keyed:
                found = self._memo.get(value, _NOTHING)
                if found is not _NOTHING:
                    return found  # type: ignore[no-any-return]
            elif value is None and self._absent is not _NOTHING:
                return self._absent  # type: ignore[no-any-return]
        except Exception:  # not a mapping: the full parse says what to do
            return self.parse(raw)
        return self.parse(raw)

    def parse(self, raw: Mapping[str, Any]) -> T:
        """Parse this field from a raw payload; never raises.

        The full parse: the reader, or the first present key through the converter (a
        property read tries its fast path first, see :meth:`__get__`).

        Args:
            raw: the wire object.

        Returns:
            The parsed value, or the default.
        """
        try:
            if self._read is not None:
                return self._read(raw)
            for key in self.keys:
                value = raw.get(key)
                if value is not None:
                    if self._convert is None:
                        return value  # type: ignore[no-any-return]
                    try:
                        result = self._convert(value)
                    except (TypeError, ValueError, OverflowError, KeyError, AttributeError):
                        warn_once(self.label, value, "Malformed %s value %s from the server")
                        break
                    if self._fill and value.__class__ is self._keyed:
                        memo = self._memo
                        if len(memo) < _MEMO_CAP:
                            memo[value] = result
                    return result
        except Exception:  # a read must never raise, whatever the payload
            _LOGGER.debug("Cannot parse %s", self.label, exc_info=True)
        return self._default()


# --- field factories for the common shapes ----------------------------------------------------


def int_field(
    keys: str | tuple[str, ...], *, default: int = 0, doc: str | None = None
) -> Field[int]:
    """An integer field."""
    return Field(keys, to_int, default=default, doc=doc)


def number_field(
    keys: str | tuple[str, ...], *, default: float = 0, doc: str | None = None
) -> Field[float]:
    """A number passed through as reported (an int stays an int, a float a float)."""
    return Field(keys, to_number, default=default, doc=doc)


def opt_int_field(keys: str | tuple[str, ...], *, doc: str | None = None) -> Field[int | None]:
    """An optional integer field (``None`` when absent)."""
    return Field(keys, to_int, default=None, doc=doc)


def str_field(
    keys: str | tuple[str, ...], *, default: str = "", doc: str | None = None
) -> Field[str]:
    """A string field."""
    return Field(keys, to_str, default=default, doc=doc)


def bool_field(
    keys: str | tuple[str, ...], *, default: bool = False, doc: str | None = None
) -> Field[bool]:
    """A 0/1 flag."""
    return Field(keys, to_bool, default=default, doc=doc)


def tenths_field(
    keys: str | tuple[str, ...], *, default: float = 0.0, doc: str | None = None
) -> Field[float]:
    """A temperature in integer tenths, returned in degrees."""
    return Field(keys, tenths, default=default, doc=doc)


def opt_tenths_field(keys: str | tuple[str, ...], *, doc: str | None = None) -> Field[float | None]:
    """An optional temperature in integer tenths (``None`` when absent)."""
    return Field(keys, tenths, default=None, doc=doc)


def enum_field(
    keys: str | tuple[str, ...],
    enum_cls: type[E],
    *,
    unknown: E,
    label: str,
    default: E | None = None,
    doc: str | None = None,
) -> Field[E]:
    """An enum field: unknown values give ``unknown`` (logged once), absence ``default``."""
    return Field(
        keys,
        enum_converter(enum_cls, label, unknown),
        default=unknown if default is None else default,
        label=label,
        doc=doc,
    )


# --- base class of everything parsed from a wire object ---------------------------------------


class FieldModel(EntityValidator):
    """Base of every object parsed from a wire payload through :class:`Field` descriptors.

    Subclasses declare fields as class attributes; the class keeps an index from each wire
    key to the names of the fields depending on it (used to compute what an update changed).

    Args:
        raw_data: the wire object. It is kept (not copied) in :attr:`raw_data`, which is
            public and mutable: properties reflect it on every read.
    """

    #: Field name -> field, over the whole class hierarchy.
    _fields: ClassVar[dict[str, Field[Any]]] = {}
    #: Wire key -> names of the fields depending on it (what ``merge_wire``
    #: returns when that key alone changed).
    _key_index: ClassVar[dict[str, frozenset[str]]] = {}
    #: Keys whose absence makes the constructor raise ``ValueError``.
    _REQUIRED: ClassVar[tuple[str, ...]] = ()
    #: Required keys whose value must also have a given type (else ``ValueError``).
    _TYPED: ClassVar[Mapping[str, type]] = {}
    #: Fields shown by ``repr`` (never a secret).
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ()

    raw_data: dict[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, Field[Any]] = {}
        for klass in reversed(cls.__mro__):
            for name, attr in vars(klass).items():
                if isinstance(attr, Field):
                    fields[name] = attr
                elif name in fields:  # overridden by a plain property
                    del fields[name]
        index: dict[str, list[str]] = {}
        for name, field in fields.items():
            for key in field.keys:
                index.setdefault(key, []).append(name)
        cls._fields = fields
        cls._key_index = {key: frozenset(names) for key, names in index.items()}

    def __init__(self, raw_data: dict[str, Any]) -> None:
        # The common case checked inline (every list item and typed update is built here):
        # a plain dict holding the required keys, no typed key. Anything else goes through
        # validate_data, which accepts it or raises the ValueError naming the problem.
        if type(raw_data) is dict and not self._TYPED:
            for key in self._REQUIRED:
                if key not in raw_data:
                    break
            else:
                self.raw_data = raw_data
                return
        self.validate_data(raw_data, self._REQUIRED, self._TYPED, owner=type(self).__name__)
        self.raw_data = raw_data

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._REPR_FIELDS)
        return f"{type(self).__name__}({shown})"
