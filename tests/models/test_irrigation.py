"""Irrigation sectors (experimental, PROTOCOL.md §4.14) against the emulator: listed in both
sprinkler shapes, controlled, validated before sending, updated by ``irrigation_detail_ind``."""

from __future__ import annotations

from typing import Any

import pytest
from support.live import NoSender

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.emulator.plant import Variants
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.models import Irrigation, IrrigationUpdate, parse_update
from aiocamedomotic.models.irrigation import Sprinkler


async def _sector(api: CameDomoticAPI, ident: int = 1) -> Irrigation:
    return next(s for s in await api.async_get_irrigation_sectors() if s.id == ident)


async def test_sectors_are_listed(api: CameDomoticAPI) -> None:
    sector = await _sector(api)
    assert (sector.name, sector.enabled, sector.is_running, sector.forced) == (
        "Front lawn",
        True,
        False,
        False,
    )
    assert (sector.status, sector.days, sector.active_days) == (
        0,
        42,
        ["Tuesday", "Thursday", "Saturday"],
    )
    # upstream's raw views, passed through unchanged
    assert (sector.perc, sector.start) == (90, {"hour": 6, "min": 0, "sec": 0})
    assert sector.sprinklers == emulator_sprinklers(sector.sprinklers)
    # the typed views
    assert sector.start_time == (6, 0, 0)
    assert sector.end_time == (6, 24, 18)  # 6:00 + (900 + 720) s x 90 %
    assert [(s.act_id, s.name, s.active, s.duty) for s in sector.sprinkler_list] == [
        (120, "Lawn north", 900, 100),
        (121, "Lawn south", 720, 80),
    ]
    unset = await _sector(api, 2)
    assert (unset.start_time, unset.end_time) == (None, None)


def emulator_sprinklers(raw: Any) -> list[dict[str, Any]]:
    """The raw sprinkler objects, checked to be what the server sent (a list of objects)."""
    assert isinstance(raw, list)
    assert all(isinstance(item, dict) and "act_id" in item for item in raw)
    return raw


def test_absent_fields_read_as_upstream_does() -> None:
    sector = Irrigation({"id": 9}, NoSender())
    assert (sector.name, sector.start, sector.end, sector.sprinklers) == (None, None, None, None)
    assert (sector.perc, sector.status, sector.is_running) == (0, 0, False)
    assert Irrigation({"id": 9, "forced": 1}, NoSender()).is_running


async def test_sprinklers_as_plain_ids() -> None:
    async with (
        CameEmulator(variants=Variants(irrigation_sprinklers="ids")) as emulator,
        await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api,
    ):
        sector = await _sector(api)
        assert sector.sprinklers == [120, 121]
        assert [s.act_id for s in sector.sprinkler_list] == [120, 121]
        assert sector.sprinkler_list[0].name == ""
        assert sector.sprinkler_list[0].active is None
        await sector.async_set_sprinkler_duty(121, 50)  # sent; no local object to update
        assert emulator.plant.device("irrigation", 1)["sprinklers"][1]["duty"] == 50


async def test_settings_reach_the_plant(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    sector = await _sector(api)
    await sector.async_set_enabled(False)
    await sector.async_set_perc(110)
    await sector.async_set_days(85)
    await sector.async_set_start(5, 30)
    await sector.async_set_sprinkler_enabled(121, False)
    await sector.async_set_sprinkler_active(120, 600)
    await sector.async_set_sprinkler_duty(120, 80)
    truth = emulator.plant.device("irrigation", 1)
    assert (truth["enabled"], truth["perc"], truth["days"]) == (0, 110, 85)
    assert truth["start"] == {"hour": 5, "min": 30, "sec": 0}
    assert [(s["enabled"], s["active"], s["duty"]) for s in truth["sprinklers"]] == [
        (1, 600, 80),
        (0, 720, 80),
    ]
    # the object follows the acknowledged commands
    assert (sector.enabled, sector.perc, sector.days, sector.start_time) == (
        False,
        110,
        85,
        (5, 30, 0),
    )
    assert [(s.enabled, s.active, s.duty) for s in sector.sprinkler_list] == [
        (True, 600, 80),
        (False, 720, 80),
    ]
    await sector.async_set_enabled(True)
    assert sector.enabled
    assert emulator.plant.device("irrigation", 1)["enabled"] == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.async_set_perc(201), "perc must be an int in range 0-200"),
        (lambda s: s.async_set_perc(True), "perc must be an int"),
        (lambda s: s.async_set_days(128), "days must be an int in range 0-127"),
        (lambda s: s.async_set_start(24, 0), "hour must be an int in range 0-23"),
        (lambda s: s.async_set_start(6, 60), "minute must be an int in range 0-59"),
        (lambda s: s.async_set_sprinkler_duty(120, 101), "duty must be an int in range 0-100"),
        (lambda s: s.async_set_sprinkler_active(120, -1), "seconds must be an int in range"),
        (lambda s: s.async_set_sprinkler_enabled(999, True), "act_id must be one of"),
        (lambda s: s.async_set_sprinkler_enabled(120.0, True), "act_id must be one of"),
        (lambda s: s.async_set_sprinkler_enabled(120, "false"), "enabled must be True or False"),
        (lambda s: s.async_set_enabled("false"), "enabled must be True or False"),
        (lambda s: s.async_set_enabled(1), "enabled must be True or False"),
    ],
)
async def test_bad_arguments_send_nothing(
    api: CameDomoticAPI, emulator: CameEmulator, call: Any, message: str
) -> None:
    sector = await _sector(api)
    before = emulator.stats.requests["irrigation_set_req"]
    with pytest.raises(ValueError, match=message):
        await call(sector)
    assert emulator.stats.requests["irrigation_set_req"] == before


async def test_force_toggles_and_the_cycle_ends_by_itself() -> None:
    async with (
        CameEmulator(variants=Variants(irrigation_time=0.05), coalesce_delay=0.0) as emulator,
        await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api,
        api.live() as plant,
    ):
        sector = plant.irrigation_sectors[1]
        await sector.async_force()
        await plant.async_wait_for(lambda: sector.forced and sector.status == 1)
        assert sector.is_running
        assert all(s.watering for s in sector.sprinkler_list)
        # the cycle ends by itself; the indication brings the sector back to idle
        await plant.async_wait_for(lambda: not sector.is_running)
        assert emulator.plant.device("irrigation", 1)["status"] == 0


async def test_force_twice_stops_the_cycle(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    sector = await _sector(api)
    await sector.async_force()
    assert emulator.plant.device("irrigation", 1)["forced"] == 1
    await sector.async_force()
    assert emulator.plant.device("irrigation", 1)["forced"] == 0


async def test_force_is_not_resent_after_a_lost_session(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    sector = await _sector(api)
    emulator.expire_sessions()
    with pytest.raises(CameDomoticServerError) as caught:
        await sector.async_force()
    assert caught.value.ack_code in (7, 8)
    assert emulator.plant.device("irrigation", 1)["forced"] == 0  # the toggle never ran
    await sector.async_force()  # the next call logs in again
    assert emulator.plant.device("irrigation", 1)["forced"] == 1


async def test_emulator_refuses_bad_settings(api: CameDomoticAPI) -> None:
    with pytest.raises(CameDomoticServerError) as caught:
        await api.auth.async_send_command(
            {"cmd_name": "irrigation_set_req", "id": 1, "perc": 50, "days": 3}
        )
    assert caught.value.ack_code == 11


def test_detail_indication_is_typed() -> None:
    update = parse_update(
        {
            "cmd_name": "irrigation_detail_ind",
            "id": 4,
            "name": "Hedge",
            "status": 1,
            "forced": 1,
            "sprinklers": [7, {"act_id": 8, "status": 1}, "junk"],
        }
    )
    assert isinstance(update, IrrigationUpdate)
    assert (update.device_id, update.is_running, update.forced) == (4, True, True)
    assert [s.act_id for s in update.sprinkler_list] == [7, 8]
    assert isinstance(update.sprinkler_list[1], Sprinkler)
    assert update.sprinkler_list[1].watering
