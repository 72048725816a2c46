"""Transport layer: the JSON codec of the wire, declared once.

:func:`loads` and :func:`dumps` use `orjson <https://pypi.org/project/orjson/>`_ when it is
installed (``pip install aiocamedomotic[speedups]``) and the standard :mod:`json` otherwise.
Both give the same results: the same Python objects out of a reply, the same JSON values in a
message. Where orjson would differ, the standard module does the work:

* a reply holding a run of 19 or more digits (an integer may not fit in 64 bits: orjson
  turns it into a float, :mod:`json` keeps an ``int``) is decoded by :mod:`json`;
* a reply orjson refuses (``NaN``/``Infinity`` literals and lone surrogates, which
  :mod:`json` accepts, as well as every malformed body) is decoded by :mod:`json`, which
  then returns the value or raises its own error (``json.JSONDecodeError``,
  ``UnicodeDecodeError`` or ``RecursionError``);
* a message orjson cannot encode (integers beyond 64 bits, non-string keys, lone
  surrogates, subclasses of the JSON types) or whose encoding holds ``null`` (orjson writes
  ``null`` for NaN and infinities, :mod:`json` ``NaN``/``Infinity``) is encoded by
  :mod:`json`.

Two corner cases remain, both outside what the library or a CAME server exchanges: orjson
decodes documents nested 1,000-1,024 levels deep, where the standard decoder may already
raise ``RecursionError`` (its limit depends on the caller's stack depth), and it encodes
``enum.Enum`` and ``uuid.UUID`` objects, which :mod:`json` refuses with ``TypeError``.

Setting the environment variable ``AIOCAMEDOMOTIC_JSON=stdlib`` before the library is
imported selects the standard module even when orjson is installed (to compare the two, or to
rule the extra out).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

#: Environment variable read once, at import: ``stdlib`` forces the standard ``json``.
ENV_SWITCH = "AIOCAMEDOMOTIC_JSON"

_std_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def std_loads(data: bytes) -> Any:
    """Decode a UTF-8 JSON document with the standard :mod:`json`.

    Raises:
        UnicodeDecodeError: the bytes are not UTF-8.
        json.JSONDecodeError: the text is not JSON.
        RecursionError: the document is nested too deeply.
    """
    return json.loads(data.decode("utf-8"))


def std_dumps(value: Any) -> str:
    """Encode a message compactly, non-ASCII characters kept, with the standard :mod:`json`.

    Raises:
        TypeError: a value is not JSON-serializable.
        ValueError: a circular reference.
    """
    return _std_encode(value)


try:
    import orjson
except ImportError:  # the speedups extra is not installed
    orjson = None  # type: ignore[assignment]

#: Every byte mapped to a space except the digits, mapped to ``0``: a run of 19 digits is then
#: a plain substring search over the translated body (C speed, no regular expression).
_ZEROED = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_RUN = b"0" * 19


def _has_long_digit_run(data: bytes) -> bool:
    return _RUN in data.translate(_ZEROED)


def _refuse(value: Any) -> Any:
    raise TypeError(type(value).__name__)


if orjson is not None:
    _orjson_loads = orjson.loads
    _orjson_dumps = orjson.dumps
    _OPTIONS = (
        orjson.OPT_PASSTHROUGH_SUBCLASS
        | orjson.OPT_PASSTHROUGH_DATACLASS
        | orjson.OPT_PASSTHROUGH_DATETIME
    )

    def fast_loads(data: bytes) -> Any:
        """Decode a UTF-8 JSON document with orjson, exactly as :func:`std_loads` would.

        Raises:
            UnicodeDecodeError, json.JSONDecodeError, RecursionError: as :func:`std_loads`.
        """
        if _has_long_digit_run(data):
            return std_loads(data)
        try:
            return _orjson_loads(data)
        except orjson.JSONDecodeError:
            return std_loads(data)

    def fast_dumps(value: Any) -> str:
        """Encode a message with orjson, to the same JSON as :func:`std_dumps`.

        Raises:
            TypeError, ValueError: as :func:`std_dumps`.
        """
        try:
            encoded = _orjson_dumps(value, default=_refuse, option=_OPTIONS)
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return std_dumps(value)
        if b"null" in encoded:  # maybe a NaN or an infinity, which json writes as such
            return std_dumps(value)
        return encoded.decode("utf-8")


#: Whether orjson is installed (the ``speedups`` extra).
ORJSON_INSTALLED = orjson is not None

#: Which implementation :func:`loads` and :func:`dumps` use: ``"orjson"`` or ``"json"``.
BACKEND = "orjson" if ORJSON_INSTALLED and os.environ.get(ENV_SWITCH) != "stdlib" else "json"

loads: Callable[[bytes], Any]
dumps: Callable[[Any], str]
if BACKEND == "orjson":
    loads, dumps = fast_loads, fast_dumps
else:
    loads, dumps = std_loads, std_dumps
