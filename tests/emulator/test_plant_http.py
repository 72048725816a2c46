"""End-to-end tests of the plant through the emulator core: real HTTP on loopback, raw
protocol messages (PROTOCOL.md §1.2, §2.9, §5), no client library code."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Plant

from .server_raw import RawSession, connect
from .test_plant_support import fast_variants


@pytest.fixture
async def client() -> AsyncIterator[tuple[CameEmulator, RawSession]]:
    plant = Plant.demo(variants=fast_variants())
    async with CameEmulator(plant, poll_max_wait=5.0) as emu, connect(emu) as raw:
        yield emu, RawSession(raw, await raw.login())


async def test_lists_over_http(client: tuple[CameEmulator, RawSession]) -> None:
    _emu, raw = client
    features = await raw.app("feature_list_req")
    assert features["cmd_name"] == "feature_list_resp"
    assert features["keycode"] == "3A7F00C21B9E4D55"
    assert features["sl_data_ack_reason"] == 0
    assert features["cseq"] == 1
    nested = await raw.app("nested_light_list_req", topologic_scope="plant", value=0)
    assert nested["cmd_name"] == "light_list_resp"
    assert nested["array"][0]["array"][0]["array"][0]["leaf"] is True
    thermo = await raw.app("thermo_list_req", topologic_scope="plant", value=0, extended_infos=2)
    assert len(thermo["array"][0]["profile_data"]) == 8
    assert thermo["humidity"]["unit"] == "%"


async def test_action_ack_and_indication(client: tuple[CameEmulator, RawSession]) -> None:
    emu, raw = client
    reply = await raw.app("light_switch_req", act_id=6, wanted_status=1, perc=60)
    assert reply["cmd_name"] == "generic_reply"
    assert reply["sl_data_ack_reason"] == 0
    seen = await raw.updates_until("light_switch_ind", act_id=6)
    assert seen[-1]["perc"] == 60
    assert emu.plant.device("lights", 6)["status"] == 1


async def test_timed_transitions_reach_the_poll(client: tuple[CameEmulator, RawSession]) -> None:
    _emu, raw = client
    await raw.app("opening_move_req", act_id=21, wanted_status=2)
    seen = await raw.updates_until("opening_move_ind", open_act_id=20, status=0)
    assert [i["status"] for i in seen if i["cmd_name"] == "opening_move_ind"] == [2, 0]
    await raw.app("scenario_activation_req", id=6)
    seen = await raw.updates_until("scenario_status_ind", id=6, scenario_status=2)
    assert seen[0] == {
        "cmd_name": "scenario_status_ind",
        "id": 6,
        "name": "Open shutters",
        "scenario_status": 1,
    }


async def test_physical_event_reaches_the_poll(client: tuple[CameEmulator, RawSession]) -> None:
    emu, raw = client
    emu.plant.press_input(1)
    seen = await raw.updates_until("digitalin_status_ind", act_id=1)
    assert (seen[-1]["status"], seen[-1]["ack"]) == (0, 0)
    ack = await raw.app("digitalin_ack_req", addr=211)
    assert ack["cmd_name"] == "digitalin_ack_resp"
    assert ack["ack"] == 1


async def test_invalid_data_and_unknown_command_acks(
    client: tuple[CameEmulator, RawSession],
) -> None:
    emu, raw = client
    bad = await raw.app("light_switch_req", act_id=999, wanted_status=1)
    assert bad["sl_data_ack_reason"] == 11
    unknown = await raw.app("no_such_req")
    assert unknown["sl_data_ack_reason"] == 9
    assert emu.plant.device("lights", 1)["status"] == 0


async def test_plant_configuration_change(client: tuple[CameEmulator, RawSession]) -> None:
    emu, raw = client
    data = emu.plant.to_dict()
    data["lights"] = data["lights"][:3]
    emu.plant.replace_config(data)
    await raw.updates_until("plant_update_ind")
    lights = await raw.app("light_list_req", topologic_scope="plant", value=0)
    assert [light["act_id"] for light in lights["array"]] == [1, 2, 3]
