"""Fixtures of the fuzz tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aiocamedomotic.models import _fields


@pytest.fixture(autouse=True)
def _forget_warned_values() -> Iterator[None]:
    """Fuzzing floods the process-wide "warn once" memory (and can fill its cap); forget it
    afterwards, so that tests run later still see their first warning."""
    yield
    _fields._warned.clear()
