"""Hypothesis strategies of the fuzz tests: JSON-like junk and wire payloads."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Moderate example counts keep the suite fast; the ``ci`` profile (tests/conftest.py)
#: derandomizes the runs.
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Scalars a broken or hostile server may send: nulls, wrong types, huge and non-finite
#: numbers, non-ASCII and control characters.
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**18, max_value=10**400)
    | st.integers(min_value=-(10**400), max_value=-(10**18))
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", "日本語", "ÅÄÖ", "°C", "\x00", "\ud7ff", "9" * 400, "-1", "1e309"])
)

#: Any JSON-like value, with nested junk two levels deep (cheaper to draw than recursion).
_flat = (
    scalars
    | st.lists(scalars, max_size=3)
    | st.dictionaries(st.text(max_size=4), scalars, max_size=3)
)
values = (
    _flat | st.lists(_flat, max_size=3) | st.dictionaries(st.text(max_size=6), _flat, max_size=3)
)


def payloads(known_keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects mixing known wire keys (each may be missing) and unknown ones."""
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(known_keys, values))
    unknown = st.dictionaries(st.text(max_size=8), values, max_size=3)
    return st.builds(lambda a, b: {**b, **a}, known, unknown)
