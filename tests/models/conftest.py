"""Fixtures of the model tests: a recording command sender; the plugin's ``emulator`` (without
indication coalescing) and ``api``."""

from __future__ import annotations

from typing import Any

import pytest


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
def emulator_options() -> dict[str, Any]:
    """The plugin's ``emulator`` without indication coalescing."""
    return {"coalesce_delay": 0.0}
