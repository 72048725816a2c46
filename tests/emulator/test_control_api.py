"""Emulator control API (``/emulator/api/hooks``) over real HTTP: every test hook reachable
as a JSON request, arguments checked against the hook's signature, results redacted, and
access limited to loopback unless a token is set."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from aiocamedomotic.emulator import HOOKS, CameEmulator, Plant

from .server_raw import RawSession, connect
from .test_plant_support import fast_variants

HOOKS_URL = "/emulator/api/hooks"

#: Public methods that are not test hooks: the lifecycle, waiting helpers, and the
#: plant's side of the contract with the emulator core and its families.
NOT_HOOKS = {
    "start",
    "stop",
    "wait_until",
    "wait_for_pending_poll",
    "note_control",
    "handle",
    "aclose",
    "now",
    "local_now",
    "local_at",
    "changed",
    "publish",
    "schedule",
    "cancel",
    "has_feature",
    "list_response",
    "family",
    "dispatch",
    "action_target",
    "floor_name",
    "room_name",
    "demo",
    "from_file",
    "to_dict",
    "trigger_security_input",  # an alias of open_security_input
}


def sample_arguments(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """One valid call of every hook (the demo plant)."""
    return {
        "advance_clock": {"seconds": 1},
        "expire_sessions": {},
        "restart": {"drop_connections": False},
        "fill_session_table": {},
        "free_session_table": {},
        "fail_next": {"ack": 10, "count": 1, "cmd_name": "nothing_req"},
        "delay_replies": {"seconds": 0},
        "http_error": {"status": 503, "cmd_name": "nothing_req"},
        "invalid_json": {"cmd_name": "nothing_req"},
        "truncated_json": {"cmd_name": "nothing_req"},
        "reset_connection": {"cmd_name": "nothing_req"},
        "clear_faults": {},
        "stop_listening": {"seconds": 0.05},
        "start_listening": {},
        "inject_indication": {"indication": {"cmd_name": "test_ind"}},
        "reload_plant": {"plant": None},
        "save_plant": {"path": str(tmp_path / "saved.json")},
        "status": {},
        "device": {"family": "lights", "ident": 3},
        "set_light": {"act_id": 3, "status": 1, "perc": 40},
        "toggle_light": {"act_id": 1},
        "set_relay": {"act_id": 41, "status": 1},
        "toggle_relay": {"act_id": 42},
        "move_opening": {"act_id": 20, "direction": 1},
        "stop_opening": {"act_id": 20},
        "press_input": {"act_id": 1},
        "release_input": {"act_id": 1},
        "set_zone_temperature": {"act_id": 61, "temp": 215, "humidity": 40},
        "set_analog_value": {"act_id": 70, "value": 55},
        "set_meter_power": {"meter_id": 4, "watts": 1500},
        "open_security_input": {"input_id": 1},
        "close_security_input": {"input_id": 1},
        "replace_config": {"data": Plant.demo().to_dict()},
    }


async def call(
    emu: CameEmulator,
    name: str,
    arguments: Any = None,
    *,
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
    host: str = "127.0.0.1",
) -> tuple[int, dict[str, Any]]:
    """POST one hook call; (status, JSON answer)."""
    url = f"http://{host}:{emu.port}{HOOKS_URL}/{name}"
    async with aiohttp.ClientSession() as http:
        if data is not None:
            request = http.post(url, data=data, headers=headers)
        else:
            request = http.post(url, json=arguments or {}, headers=headers)
        async with request as resp:
            return resp.status, await resp.json(content_type=None)


@pytest.fixture
async def emu() -> AsyncIterator[CameEmulator]:
    async with CameEmulator(Plant.demo(variants=fast_variants()), poll_max_wait=5.0) as emu:
        yield emu


def test_every_public_method_is_a_hook_or_declared_otherwise() -> None:
    names = {h.name for h in HOOKS}
    for cls in (CameEmulator, Plant):
        public = {
            name
            for name, member in inspect.getmembers(cls)
            if not name.startswith("_") and callable(member)
        }
        assert public - NOT_HOOKS == names & public, cls
    assert len(names) == len(HOOKS)  # no name served twice


async def test_the_catalogue_describes_every_hook(emu: CameEmulator) -> None:
    async with aiohttp.ClientSession() as http, http.get(emu.panel_url + "api/hooks") as resp:
        catalogue = (await resp.json())["hooks"]
    assert [h["name"] for h in catalogue] == [h.name for h in HOOKS]
    set_light = next(h for h in catalogue if h["name"] == "set_light")
    assert set_light["owner"] == "plant"
    assert set_light["group"] == "physical"
    assert set_light["params"][0] == {
        "name": "act_id",
        "type": "int",
        "doc": "the light.",
        "required": True,
    }
    assert set_light["params"][2]["default"] is None
    stop = next(h for h in catalogue if h["name"] == "stop_listening")
    assert stop["params"][0]["required"] is True  # optional in process only


async def test_every_hook_is_reachable(emu: CameEmulator, tmp_path: Path) -> None:
    samples = sample_arguments(tmp_path)
    assert set(samples) == {h.name for h in HOOKS}
    for hook in HOOKS:
        if hook.name == "stop_listening":
            continue  # below: the socket closes for a moment
        status, answer = await call(emu, hook.name, samples[hook.name])
        assert status == 200, (hook.name, answer)
        assert "result" in answer
    assert await asyncio.to_thread(Path(samples["save_plant"]["path"]).exists)


async def test_a_physical_event_reaches_a_client(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        session = RawSession(raw, await raw.login())
        status, answer = await call(emu, "set_light", {"act_id": 4, "status": 1, "perc": 70})
        assert (status, answer) == (200, {"result": None})
        seen = await session.updates_until("light_switch_ind", act_id=4, status=1)
    assert seen[-1]["perc"] == 70
    assert emu.plant.device("lights", 4)["perc"] == 70


async def test_results_are_redacted(emu: CameEmulator) -> None:
    _status, answer = await call(emu, "device", {"family": "cameras", "ident": 1})
    assert "Cam-s3cret" not in json.dumps(answer)
    assert answer["result"]["uri"] == "rtsp://***:***@10.0.0.41:554/stream1"
    _status, answer = await call(emu, "status")
    assert answer["result"]["listening"] is True


@pytest.mark.parametrize(
    ("name", "arguments", "status", "words"),
    [
        ("nope", {}, 404, "no hook named"),
        ("set_light", {"act_id": 3, "colour": 1}, 400, "unknown argument(s) colour"),
        ("set_light", {}, 400, "act_id: missing"),
        ("set_light", {"act_id": True}, 400, "act_id: expected int"),
        ("set_light", {"act_id": 3, "rgb": [1, "x", 3]}, 400, "rgb: expected [int] | null"),
        ("set_light", {"act_id": 999}, 400, "no lights device with id 999"),
        ("device", {"family": "lights", "ident": 999}, 400, "no lights device with id 999"),
        ("stop_listening", {}, 400, "seconds: missing"),
        ("advance_clock", {"seconds": "1"}, 400, "seconds: expected number"),
        ("http_error", {"status": 200}, 400, "HTTP error"),
        ("reload_plant", {"plant": {"bogus": 1}}, 400, "unknown plant file keys"),
        ("expire_sessions", {"session_ids": "abc"}, 400, "session_ids: expected a list"),
    ],
)
async def test_bad_calls_are_refused_with_a_reason(
    emu: CameEmulator, name: str, arguments: dict[str, Any], status: int, words: str
) -> None:
    before = emu.plant.to_dict()
    got, answer = await call(emu, name, arguments)
    assert got == status
    assert words in answer["error"]
    assert emu.plant.to_dict() == before


async def test_body_must_be_a_json_object(emu: CameEmulator) -> None:
    json_type = {"Content-Type": "application/json"}
    status, answer = await call(emu, "status", data=b"[1]", headers=json_type)
    assert (status, answer) == (400, {"error": "the body must be a JSON object of arguments"})
    status, _ = await call(emu, "status", data=b"{", headers=json_type)
    assert status == 400
    # A form post (what any web page may send cross-origin) is not a hook call.
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _ = await call(emu, "restart", data=b"drop_connections=1", headers=form)
    assert status == 415
    assert emu.stats.restarts == 0


async def test_other_origins_and_host_names_are_refused(emu: CameEmulator) -> None:
    status, answer = await call(emu, "restart", headers={"Origin": "http://evil.example"})
    assert status == 403
    assert "cross-origin" in answer["error"]
    # A page whose domain was rebound to 127.0.0.1 sends its own host name.
    status, _ = await call(emu, "restart", headers={"Host": "evil.example"})
    assert status == 403
    assert emu.stats.restarts == 0
    same = {"Origin": f"http://127.0.0.1:{emu.port}"}
    assert (await call(emu, "restart", headers=same))[0] == 200


async def test_restart_dropping_connections_still_answers_the_caller(
    emu: CameEmulator,
) -> None:
    async with connect(emu) as raw:
        session_id = await raw.login()
        poll = asyncio.ensure_future(raw.poll(session_id))
        await emu.wait_for_pending_poll(session_id)
        status, answer = await call(emu, "restart", {"drop_connections": True})
        assert (status, answer) == (200, {"result": None})
        with pytest.raises(aiohttp.ClientError):
            await poll  # the held poll saw its connection drop
    assert emu.stats.restarts == 1
    assert not emu.sessions


async def test_stop_listening_for_a_while(emu: CameEmulator) -> None:
    status, _answer = await call(emu, "stop_listening", {"seconds": 0.2})
    assert status == 200
    with pytest.raises(aiohttp.ClientConnectionError):
        await call(emu, "status")
    async with asyncio.timeout(10):
        await emu.wait_until(lambda: emu.status()["listening"])
    assert (await call(emu, "status"))[0] == 200


async def test_reload_and_save_plant_files(emu: CameEmulator, tmp_path: Path) -> None:
    path = tmp_path / "plant.json"
    assert (await call(emu, "save_plant", {"path": str(path)}))[1] == {"result": str(path)}
    data = json.loads(path.read_text(encoding="utf-8"))
    data["lights"][0]["name"] = "Renamed ceiling"
    async with connect(emu) as raw:
        session = RawSession(raw, await raw.login())
        assert (await call(emu, "reload_plant", {"plant": data}))[0] == 200
        await session.updates_until("plant_update_ind")
        assert emu.plant.device("lights", 1)["name"] == "Renamed ceiling"
        assert (await call(emu, "reload_plant", {"plant": str(path)}))[0] == 200
        await session.updates_until("plant_update_ind")
    assert emu.plant.device("lights", 1)["name"] == "Kitchen ceiling"


async def test_inject_and_fault_hooks_act_on_the_protocol(emu: CameEmulator) -> None:
    async with connect(emu) as raw:
        session = RawSession(raw, await raw.login())
        await call(emu, "inject_indication", {"indication": {"cmd_name": "light_update_ind"}})
        assert await session.updates_until("light_update_ind")
        await call(emu, "fail_next", {"ack": 9, "cmd_name": "feature_list_req"})
        assert await session.app("feature_list_req") == {"sl_data_ack_reason": 9}
        assert (await session.app("feature_list_req"))["sl_data_ack_reason"] == 0


@pytest.mark.parametrize(("bind", "loopback"), [("0.0.0.0", "127.0.0.1"), ("::", "[::1]")])
async def test_off_loopback_the_api_needs_a_token(bind: str, loopback: str) -> None:
    async with CameEmulator(host=bind) as emu:
        status, answer = await call(emu, "status", host=loopback)
        assert status == 403
        assert "no control token" in answer["error"]
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://{loopback}:{emu.port}/emulator/api/state") as resp:
                assert resp.status == 403
            async with http.get(f"http://{loopback}:{emu.port}/domo/") as resp:
                assert resp.status == 200  # the CAME endpoint is unaffected


async def test_with_a_token_every_request_must_carry_it() -> None:
    token = "tok-7d1e-SECRET"
    async with CameEmulator(host="0.0.0.0", control_token=token) as emu:
        assert (await call(emu, "status"))[0] == 401
        wrong = {"Authorization": "Bearer nope"}
        assert (await call(emu, "status", headers=wrong))[0] == 401
        right = {"Authorization": f"Bearer {token}"}
        status, answer = await call(emu, "status", headers=right)
        assert status == 200
        assert token not in json.dumps(answer)
        base = f"http://127.0.0.1:{emu.port}/emulator/api/state"
        async with aiohttp.ClientSession() as http:
            async with http.get(base) as resp:
                assert resp.status == 401
            async with http.get(base, params={"token": token}) as resp:
                assert resp.status == 200
    with pytest.raises(ValueError, match="control_token"):
        CameEmulator(control_token="")


def test_the_readme_lists_every_hook() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The emulator\n", 1)[1].split("\n## ", 1)[0]
    missing = [h.name for h in HOOKS if f"`{h.name}(" not in section]
    assert not missing


async def test_session_ids_given_to_a_hook_are_never_logged(
    emu: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiocamedomotic")
    async with connect(emu) as raw:
        session_id = await raw.login()
    status, answer = await call(emu, "expire_sessions", {"session_ids": [session_id]})
    assert (status, answer) == (200, {"result": 1})
    assert session_id not in caplog.text
    async with aiohttp.ClientSession() as http, http.get(emu.panel_url + "api/state") as resp:
        state = await resp.text()
    assert "expire_sessions" in state
    assert session_id not in state
