"""Emulator layer: the stateful plant (devices, their state, their behaviour).

STUB written by the lead so that the emulator core and the plant can be built in parallel;
the plant helper replaces it. The interface below is the contract between the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class AppDataError(Exception):
    """Raised by :meth:`Plant.handle` when the application data is invalid (-> ACK 11)."""


@dataclass
class Variants:
    """Firmware variants of PROTOCOL.md §6.8, each a switch (defaults = variant A)."""


class Plant:
    """State of an emulated plant.

    Contract with the emulator core (``server.py``):

    * ``server``: dict with ``keycode``, ``serial``, ``swver``, ``type``, ``board``;
    * ``features``: list of feature strings;
    * ``users``: dict user name -> password (mutated by the core's user commands);
    * ``terminal_groups``: list of ``{"group_name", "group_id"}``;
    * ``emit``: callable set by the core; the plant calls it with one indication dict
      (including its ``cmd_name``) for every state change; the core queues it for every
      session;
    * ``handle(cmd_name, msg, username=...)``: answer one application message. Returns the
      response fields including ``cmd_name`` (the core adds ``cseq`` and
      ``sl_data_ack_reason``), or ``None`` for an unknown ``cmd_name`` (-> ACK 9); raises
      :class:`AppDataError` for invalid data (-> ACK 11);
    * ``await aclose()``: cancel every timer/task the plant started.
    """

    def __init__(self, data: dict[str, Any] | None = None, *, variants: Variants | None = None):
        data = data or {}
        self.variants = variants or Variants()
        self.server: dict[str, Any] = data.get(
            "server",
            {
                "keycode": "3A7F00C21B9E4D55",
                "serial": "04a1c7e2",
                "swver": "3.0.1",
                "type": "0",
                "board": "3",
            },
        )
        self.features: list[str] = data.get("features", [])
        self.users: dict[str, str] = data.get("users", {"admin": "admin"})
        self.terminal_groups: list[dict[str, Any]] = data.get(
            "terminal_groups", [{"group_name": "ETI/Domo", "group_id": 1}]
        )
        self.emit: Callable[[dict[str, Any]], None] = lambda _ind: None

    @classmethod
    def demo(cls) -> Plant:
        """The shipped demo plant."""
        return cls()

    def handle(self, cmd_name: str, msg: dict[str, Any], *, username: str) -> dict[str, Any] | None:
        """Answer one application message (see the class docstring)."""
        if cmd_name == "feature_list_req":
            return {"cmd_name": "feature_list_resp", **self.server, "list": list(self.features),
                    "recovery_status": 0}
        if cmd_name == "terminals_groups_list_req":
            return {"cmd_name": "terminals_groups_list_resp", "array": list(self.terminal_groups)}
        return None

    async def aclose(self) -> None:
        """Cancel every task the plant started."""
