"""Unit tests: a declared Command builds its message, picks its send path and tells its
local effect; the long poll's answer is read in one place."""

from __future__ import annotations

from typing import Any

import pytest

from aiocamedomotic.models.command import POLL, Command, poll_results

from .conftest import RecordingAuth

SET = Command(
    "thing_set_req",
    fields=("id", "level", "colour"),
    fixed={"appl_msg_type": "thing"},
    effect={"level": "level", "hue": "colour"},
)


class OnceRecordingAuth(RecordingAuth):
    """A sender that also offers the send-once path, and records what went through it."""

    def __init__(self) -> None:
        super().__init__()
        self.once: list[tuple[str, str | None]] = []

    async def async_send_command_once(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the protocol's signature
    ) -> dict[str, Any]:
        self.once.append((command["cmd_name"], response_command))
        return await self.async_send_command(command)


def test_the_message_keeps_the_declared_order_and_leaves_none_out() -> None:
    message = SET.message(colour=None, level=3, id=7)
    assert list(message.items()) == [
        ("cmd_name", "thing_set_req"),
        ("appl_msg_type", "thing"),
        ("id", 7),
        ("level", 3),
    ]
    assert SET.message(level=0)["level"] == 0  # only None is left out


def test_an_undeclared_field_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="thing_set_req has no field"):
        SET.message(id=1, brightness=2)


def test_the_effect_copies_the_fields_the_message_carries() -> None:
    message = SET.message(id=1, colour=5)
    assert SET.effect_of(None, message, {}) == {"hue": 5}
    computed = Command(
        "x_req", fields=("a",), effect=lambda _e, msg, reply: {"b": msg["a"], **reply}
    )
    assert computed.effect_of(None, computed.message(a=1), {"c": 2}) == {"b": 1, "c": 2}
    assert Command("y_req").effect_of(None, {}, {}) == {}


@pytest.mark.parametrize(
    ("resend", "once"),
    [(True, []), (False, [("thing_toggle_req", "thing_resp")])],
    ids=["resend", "toggle"],
)
async def test_the_resend_flag_picks_the_send_path(resend: bool, once: list[Any]) -> None:
    sender = OnceRecordingAuth()
    command = Command("thing_toggle_req", fields=("id",), resend=resend, reply="thing_resp")
    await command.async_run(sender, id=4)
    assert sender.once == once
    assert sender.sent == [{"cmd_name": "thing_toggle_req", "id": 4}]


async def test_a_plain_sender_sends_a_toggle_with_its_own_rules(rec: RecordingAuth) -> None:
    await Command("thing_toggle_req", resend=False).async_run(rec)
    assert rec.sent == [{"cmd_name": "thing_toggle_req"}]


def test_the_long_poll_is_built_and_read_in_one_place() -> None:
    assert POLL.message() == {"cmd_name": "status_update_req"}
    assert POLL.message(timeout=30) == {"cmd_name": "status_update_req", "timeout": 30}
    ind = {"cmd_name": "light_switch_ind", "act_id": 1}
    assert poll_results({"result": [ind, 3, None, "x", [ind]]}) == [ind]
    assert poll_results({"result": None}) == []
    assert poll_results({}) == []
