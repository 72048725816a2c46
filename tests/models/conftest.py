"""Fixtures of the model tests: a recording command sender, an emulator and an API on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator


class RecordingAuth:
    """A stand-in session: records every application message and answers ``ack 0``.

    The models accept any object with a compatible ``async_send_command`` (a protocol, not
    the concrete ``Auth``), so unit tests need neither a server nor patching.
    """

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: int | None = None,  # noqa: ASYNC109 - the protocol's signature
    ) -> dict[str, Any]:
        self.sent.append(dict(command))
        return {"cmd_name": "generic_reply", "sl_data_ack_reason": 0}


@pytest.fixture
def rec() -> RecordingAuth:
    """A fresh recording session."""
    return RecordingAuth()


@pytest.fixture
async def emulator() -> AsyncIterator[CameEmulator]:
    """A demo-plant emulator on 127.0.0.1 with a free port (no indication coalescing)."""
    async with CameEmulator(coalesce_delay=0.0) as emu:
        yield emu


@pytest.fixture
async def api(emulator: CameEmulator) -> AsyncIterator[CameDomoticAPI]:
    """An API on the emulator with the factory credentials, owning its websession."""
    api = await CameDomoticAPI.async_create(emulator.host, "admin", "admin")
    yield api
    await api.async_dispose()
