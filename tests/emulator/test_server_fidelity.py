"""Emulator fidelity to field-used clients, over raw HTTP: the answers a real server gives
to PYCAME's empty session id (PROTOCOL.md §2.12), its security event log (§4.19), HACAME's
singular list names (§4.21) and upstream's slat moves on a plain shutter (§4.5)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from aiocamedomotic.emulator import CameEmulator, Plant

from .server_raw import RawClient, RawSession, connect
from .test_plant_support import fast_variants


@pytest.fixture
async def raw() -> AsyncIterator[RawClient]:
    plant = Plant.demo(variants=fast_variants())
    async with CameEmulator(plant, poll_max_wait=5.0) as emu, connect(emu) as client:
        yield client


async def test_an_empty_session_id_is_a_wrong_one(raw: RawClient) -> None:
    """§2.12: PYCAME sends ``sl_client_id: ""`` and logs in only on ACK 8."""
    for session_id, expected in (("", 8), ("00000000", 8), (None, 7)):
        reply = await raw.data(session_id, "feature_list_req")
        assert reply == {"sl_data_ack_reason": expected}, session_id
    keep_alive = await raw.session_cmd("sl_keep_alive_req", "")
    assert keep_alive == {"sl_cmd": "sl_keep_alive_ack", "sl_data_ack_reason": 8}
    # PYCAME's recovery path: ACK 8, then a login, then the same request succeeds.
    session_id = await raw.login()
    assert (await raw.data(session_id, "feature_list_req"))["sl_data_ack_reason"] == 0


async def test_security_events_list_answers_on_a_sicu_plant(raw: RawClient) -> None:
    """§4.19: an ordinary answer with an ``array``, not ACK 9."""
    assert "sicu" in raw.emulator.plant.features
    session = RawSession(raw, await raw.login())
    reply = await session.app("sicu_events_list_req", appl_msg_type="sicu")
    assert reply == {
        "cmd_name": "sicu_events_list_resp",
        "cseq": 1,
        "array": [],
        "sl_data_ack_reason": 0,
    }


@pytest.mark.parametrize(
    ("singular", "plural", "act_id", "id_key"),
    [
        ("opening_list_req", "openings_list_req", 22, "open_act_id"),
        ("relay_list_req", "relays_list_req", 42, "act_id"),
    ],
)
async def test_singular_list_names_refresh_one_device(
    raw: RawClient, singular: str, plural: str, act_id: int, id_key: str
) -> None:
    """§4.21: HACAME's manual refresh of one cover or relay."""
    session = RawSession(raw, await raw.login())
    scope = {"topologic_scope": "act", "value": act_id}
    reply = await session.app(singular, **scope)
    assert reply["sl_data_ack_reason"] == 0
    assert [device[id_key] for device in reply["array"]] == [act_id]
    assert reply == await session.app(plural, **scope)
    whole = await session.app(singular, topologic_scope="plant", value=0)
    assert len(whole["array"]) > 1


async def test_slat_moves_on_a_shutter_without_slats(raw: RawClient) -> None:
    """§4.5: 3/4 are accepted and reported briefly, so upstream's open/stop/close/slat
    sequence works on any opening."""
    assert not raw.emulator.plant.device("openings", 20).get("slats")
    session = RawSession(raw, await raw.login())
    for status in (1, 0, 2, 0, 3, 4):
        reply = await session.app("opening_move_req", act_id=20, wanted_status=status)
        assert reply == {"cmd_name": "generic_reply", "cseq": 1, "sl_data_ack_reason": 0}
    states: list[int] = []
    while len(states) < 7:  # the six moves, then the end of the last slat move
        poll = await raw.poll(session.session_id)
        states += [i["status"] for i in poll["result"] if i.get("open_act_id") == 20]
    assert states == [1, 0, 2, 0, 3, 4, 0]
    assert raw.emulator.stats.acks[11] == 0
