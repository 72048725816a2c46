"""Fuzzing the JSON codec: with orjson (the ``speedups`` extra) it gives exactly what the
standard ``json`` gives, objects out of any reply body and JSON values in any message; the
``AIOCAMEDOMOTIC_JSON=stdlib`` switch selects the standard module at import."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiocamedomotic import _codec
from aiocamedomotic._transport import encode_form

from .strategies import FUZZ as _FUZZ

#: The codec is cheap to call: many more examples than the other fuzz tests.
FUZZ = settings(_FUZZ, max_examples=300)

pytestmark = pytest.mark.skipif(
    not _codec.ORJSON_INSTALLED, reason="orjson (the speedups extra) is not installed"
)

#: JSON values of every shape, with the numbers orjson and json could disagree on: integers
#: beyond 64 bits, floats of every magnitude (NaN and infinities included), -0.0.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**62, max_value=2**66)
    | st.integers(min_value=-(2**66), max_value=-(2**62))
    | st.integers(min_value=10**18, max_value=10**60)
    | st.floats()
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def typed(value: Any) -> Any:
    """A comparable form that keeps what ``==`` forgets: types, -0.0 and NaN."""
    if isinstance(value, dict):
        return ("dict", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    return (type(value).__name__, value)


def outcome(decode: Any, data: bytes) -> Any:
    """The decoded value in typed form, or the class of the error raised."""
    try:
        return typed(decode(data))
    except (ValueError, RecursionError) as err:  # JSONDecodeError, UnicodeDecodeError
        return type(err) if not isinstance(err, json.JSONDecodeError) else json.JSONDecodeError


@FUZZ
@given(json_values, st.booleans(), st.sampled_from([None, (",", ":"), (", ", ": ")]))
def test_loads_matches_json_on_documents(value: Any, ascii_only: bool, separators: Any) -> None:
    data = json.dumps(value, ensure_ascii=ascii_only, separators=separators).encode()
    assert outcome(_codec.fast_loads, data) == outcome(_codec.std_loads, data)


_SNIPPETS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b",",
    b":",
    b"NaN",
    b"-Infinity",
    b"1e400",
    b"-0",
    b"123456789012345678901",
    b'"\\ud800"',
    b'"\\ud83d\\ude00"',
    b"\xef\xbb\xbf",
    b"\xff",
    b"\x00",
    b"\t",
    b"true",
    b"null",
    b'"a"',
]


@FUZZ
@given(st.lists(st.sampled_from(_SNIPPETS) | st.binary(max_size=4), max_size=12))
def test_loads_matches_json_on_any_bytes(parts: list[bytes]) -> None:
    data = b"".join(parts)
    assert outcome(_codec.fast_loads, data) == outcome(_codec.std_loads, data)


@pytest.mark.parametrize(
    "data",
    [
        b"NaN",
        b"[Infinity, -Infinity]",
        b'{"a": 18446744073709551616}',
        b"-9223372036854775809",
        b'"\\udc00"',
        b'{"a": 1, "a": 2}',
        b"\xef\xbb\xbf{}",
        b'{"a": 1',
        b"\xc3\x28",
        b"[" * 100_000,
    ],
)
def test_loads_matches_json_where_orjson_differs(data: bytes) -> None:
    # each of these is decoded differently (or refused) by orjson itself
    assert outcome(_codec.fast_loads, data) == outcome(_codec.std_loads, data)


@FUZZ
@given(json_values)
def test_dumps_matches_json(value: Any) -> None:
    try:
        expected = _codec.std_dumps(value)
    except (TypeError, ValueError) as err:
        with pytest.raises(type(err)):
            _codec.fast_dumps(value)
        return
    encoded = _codec.fast_dumps(value)
    assert typed(json.loads(encoded)) == typed(json.loads(expected))


@pytest.mark.parametrize(
    "value",
    [
        {"x": math.nan},
        [math.inf, -math.inf],
        {"big": 2**70},
        {1: "int key"},
        {"s": "\ud800"},
        {"nested": {"t": (1, 2)}},
        {"text": "日本語 °C \x00 \u2028"},
    ],
)
def test_dumps_matches_json_where_orjson_differs(value: Any) -> None:
    assert typed(json.loads(_codec.fast_dumps(value))) == typed(json.loads(_codec.std_dumps(value)))


def test_dumps_refuses_what_json_refuses() -> None:
    circular: list[Any] = []
    circular.append(circular)
    with pytest.raises(ValueError, match="Circular"):
        _codec.fast_dumps(circular)
    with pytest.raises(TypeError):
        _codec.fast_dumps({"set": {1, 2}})


def test_backend_is_orjson_when_installed() -> None:
    expected = "json" if os.environ.get(_codec.ENV_SWITCH) == "stdlib" else "orjson"
    assert expected == _codec.BACKEND
    assert _codec.loads is (_codec.std_loads if expected == "json" else _codec.fast_loads)


def test_environment_switch_selects_the_standard_module() -> None:
    # A fresh interpreter with the switch set: the client lists lights of an emulator over
    # real HTTP through the standard json, although orjson is installed.
    script = textwrap.dedent(
        """
        import asyncio
        from aiocamedomotic import CameDomoticAPI, _codec
        from aiocamedomotic.emulator import CameEmulator

        async def main():
            async with CameEmulator() as emulator:
                api = await CameDomoticAPI.async_create(emulator.host, "admin", "admin")
                async with api:
                    lights = await api.async_get_lights()
            print(_codec.BACKEND, _codec.loads.__name__, _codec.dumps.__name__, len(lights))

        asyncio.run(main())
        """
    )
    env = {**os.environ, _codec.ENV_SWITCH: "stdlib"}
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", script],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    backend, loads, dumps, count = result.stdout.split()
    assert (backend, loads, dumps) == ("json", "std_loads", "std_dumps")
    assert int(count) > 0


@FUZZ
@given(st.text())
def test_form_body_is_what_aiohttp_sends_for_a_dict(text: str) -> None:
    # aiohttp form-encodes data={"command": text} with urlencode (quote_plus, UTF-8)
    expected = urlencode({"command": text}, doseq=True, encoding="utf-8").encode()
    assert encode_form(text) == expected
