"""End-to-end tests of the plant through the emulator core: real HTTP on loopback, raw
protocol messages (PROTOCOL.md §1.2, §2.9, §5), no client library code."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Plant

from .test_plant_support import fast_variants


class RawClient:
    """The smallest possible protocol client: one session, form-encoded JSON commands."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http = http
        self.url = url
        self.session_id = ""
        self.cseq = 0

    async def post(self, message: dict[str, Any]) -> dict[str, Any]:
        async with self.http.post(self.url, data={"command": json.dumps(message)}) as resp:
            assert resp.status == 200
            body: dict[str, Any] = json.loads(await resp.read())
            return body

    async def login(self, user: str, password: str) -> None:
        ack = await self.post(
            {"sl_cmd": "sl_registration_req", "sl_login": user, "sl_pwd": password}
        )
        assert ack["sl_data_ack_reason"] == 0
        self.session_id = ack["sl_client_id"]

    async def app(self, cmd_name: str, **fields: Any) -> dict[str, Any]:
        self.cseq += 1
        appl = {"cmd_name": cmd_name, "cseq": self.cseq, "client": self.session_id, **fields}
        return await self.post(
            {
                "sl_cmd": "sl_data_req",
                "sl_client_id": self.session_id,
                "sl_appl_msg_type": "domo",
                "sl_appl_msg": appl,
            }
        )

    async def updates_until(self, cmd_name: str, **match: Any) -> list[dict[str, Any]]:
        """Poll until an indication ``cmd_name`` with the given fields arrives; all seen."""
        seen: list[dict[str, Any]] = []
        while True:
            resp = await self.app("status_update_req")
            assert resp["cmd_name"] == "status_update_resp"
            seen += resp["result"]
            for ind in resp["result"]:
                if ind["cmd_name"] == cmd_name and all(ind.get(k) == v for k, v in match.items()):
                    return seen


@pytest.fixture
async def client() -> AsyncIterator[tuple[CameEmulator, RawClient]]:
    plant = Plant.demo(variants=fast_variants())
    async with (
        CameEmulator(plant, poll_max_wait=5.0) as emu,
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http,
    ):
        raw = RawClient(http, emu.url)
        await raw.login("admin", "admin")
        yield emu, raw


async def test_lists_over_http(client: tuple[CameEmulator, RawClient]) -> None:
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


async def test_action_ack_and_indication(client: tuple[CameEmulator, RawClient]) -> None:
    emu, raw = client
    reply = await raw.app("light_switch_req", act_id=6, wanted_status=1, perc=60)
    assert reply["cmd_name"] == "generic_reply"
    assert reply["sl_data_ack_reason"] == 0
    seen = await raw.updates_until("light_switch_ind", act_id=6)
    assert seen[-1]["perc"] == 60
    assert emu.plant.device("lights", 6)["status"] == 1


async def test_timed_transitions_reach_the_poll(client: tuple[CameEmulator, RawClient]) -> None:
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


async def test_physical_event_reaches_the_poll(client: tuple[CameEmulator, RawClient]) -> None:
    emu, raw = client
    emu.plant.press_input(1)
    seen = await raw.updates_until("digitalin_status_ind", act_id=1)
    assert (seen[-1]["status"], seen[-1]["ack"]) == (0, 0)
    ack = await raw.app("digitalin_ack_req", addr=211)
    assert ack["cmd_name"] == "digitalin_ack_resp"
    assert ack["ack"] == 1


async def test_invalid_data_and_unknown_command_acks(
    client: tuple[CameEmulator, RawClient],
) -> None:
    emu, raw = client
    bad = await raw.app("light_switch_req", act_id=999, wanted_status=1)
    assert bad["sl_data_ack_reason"] == 11
    unknown = await raw.app("no_such_req")
    assert unknown["sl_data_ack_reason"] == 9
    assert emu.plant.device("lights", 1)["status"] == 0


async def test_plant_configuration_change(client: tuple[CameEmulator, RawClient]) -> None:
    emu, raw = client
    data = emu.plant.to_dict()
    data["lights"] = data["lights"][:3]
    emu.plant.replace_config(data)
    await raw.updates_until("plant_update_ind")
    lights = await raw.app("light_list_req", topologic_scope="plant", value=0)
    assert [light["act_id"] for light in lights["array"]] == [1, 2, 3]
