"""The panel's server side without a browser: device views whose controls are valid hook
calls, the page and its assets, the state snapshot and the server-sent event stream (read
over a real socket)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from aiocamedomotic.emulator import HOOKS, CameEmulator, Plant, Variants
from aiocamedomotic.emulator.panel import plant_views

HOOK = {h.name: h for h in HOOKS}


@pytest.mark.parametrize(
    "plant",
    [Plant.demo(), Plant.demo(variants=Variants(zone_temp_key="temp_dec")), Plant()],
    ids=["demo", "variant-b", "empty"],
)
def test_every_control_is_a_valid_hook_call(plant: Plant) -> None:
    views = plant_views(plant)
    assert len({v["key"] for v in views}) == len(views)  # keys are unique
    for view in views:
        assert view["name"]
        assert isinstance(view["state"], str)
        for control in view["controls"]:
            arguments = dict(control["args"])
            if "input" in control:
                field = control["input"]
                arguments[field["name"]] = round(field["value"] * field["scale"])
                assert field["min"] <= field["value"] <= field["max"], view["key"]
            for name in (control["hook"], control.get("release")):
                if name is not None:
                    HOOK[name].bind(arguments)  # raises if the call does not fit


def test_the_demo_views_cover_every_family_with_state() -> None:
    kinds = {v["kind"] for v in plant_views(Plant.demo())}
    assert {
        "Lights",
        "Covers",
        "Relays",
        "Thermo zones",
        "Digital inputs",
        "Energy meters",
        "Alarm",
        "Analog inputs",
        "Sensors",
        "Timers",
        "Scenarios",
    } <= kinds
    placed = [v for v in plant_views(Plant.demo()) if v["room"] is not None]
    assert {v["floor"] for v in placed} == {11, 12, 13}


async def events(resp: aiohttp.ClientResponse) -> AsyncIterator[tuple[str, Any]]:
    """The server-sent events of a response, as ``(event, data)``."""
    event = None
    async for raw in resp.content:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[len("event: ") :]
        elif line.startswith("data: ") and event is not None:
            yield event, json.loads(line[len("data: ") :])
            event = None


async def test_the_page_and_its_assets() -> None:
    async with CameEmulator() as emu, aiohttp.ClientSession() as http:
        async with http.get(emu.panel_url) as resp:
            assert resp.status == 200
            assert resp.content_type == "text/html"
            assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
            page = await resp.text()
        assert "static/panel.js" in page
        assert "http" not in page.replace(emu.panel_url, "")  # nothing from elsewhere
        for name, kind in (("panel.js", "text/javascript"), ("panel.css", "text/css")):
            async with http.get(emu.panel_url + "static/" + name) as resp:
                assert (resp.status, resp.content_type) == (200, kind)
        for name in ("../server.py", "index.html", "nope.js"):
            async with http.get(emu.panel_url + "static/" + name) as resp:
                assert resp.status == 404, name


async def test_the_event_stream_pushes_each_change() -> None:
    async with CameEmulator() as emu, aiohttp.ClientSession() as http:
        async with http.get(emu.panel_url + "api/events") as resp:
            assert resp.content_type == "text/event-stream"
            stream = events(resp)
            kind, snapshot = await anext(stream)
            assert kind == "snapshot"
            assert {"layout", "devices", "status", "log", "hooks"} <= set(snapshot)
            assert [h["name"] for h in snapshot["hooks"]] == [h.name for h in HOOKS]
            emu.plant.set_light(1, 1)
            kind, view = await anext(stream)
            assert (kind, view["key"], view["state"]) == ("device", "lights/1", "on")
            async with http.get(emu.url) as probe:  # a request: a log entry, a new status
                assert probe.status == 200
            seen: dict[str, Any] = {}
            while "log" not in seen or "status" not in seen:
                kind, data = await anext(stream)
                seen[kind] = data
            assert seen["log"]["summary"] == "/domo/"
            emu.reload_plant(Plant.demo())
            while kind != "snapshot":
                kind, data = await anext(stream)
            assert emu.stats.indications >= 2
        async with http.get(emu.panel_url + "api/state") as resp:
            state = await resp.json()
    assert next(v for v in state["devices"] if v["key"] == "lights/1")["state"] == "off"


async def test_stopping_ends_every_stream() -> None:
    async with (
        CameEmulator() as emu,
        aiohttp.ClientSession() as http,
        http.get(emu.panel_url + "api/events") as resp,
    ):
        stream = events(resp)
        assert (await anext(stream))[0] == "snapshot"
        await emu.stop()
        rest = [kind async for kind, _data in stream]
    assert "snapshot" not in rest
