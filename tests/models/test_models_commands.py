"""Unit tests: command arguments are validated before sending; state follows the command."""

from __future__ import annotations

from typing import Any

import pytest

from aiocamedomotic.models import (
    Light,
    LightStatus,
    Opening,
    OpeningStatus,
    Relay,
    RelayStatus,
    Scenario,
    ScenarioStatus,
    ThermoZone,
    ThermoZoneFanSpeed,
    ThermoZoneMode,
    ThermoZoneSeason,
    Timer,
)
from aiocamedomotic.models.thermo_zone import season_command

from .conftest import RecordingAuth

DIMMER = {"act_id": 8, "name": "Hall dimmer", "type": "DIMMER", "status": 0, "perc": 44}
RGB = {"act_id": 12, "name": "Strip", "type": "RGB", "status": 0, "perc": 80, "rgb": [1, 2, 3]}
STEP = {"act_id": 3, "name": "Kitchen", "type": "STEP_STEP", "status": 0}
ZONE = {"act_id": 61, "name": "Living", "mode": 2, "set_point": 205, "temp": 198}
TIMER = {"id": 140, "name": "Porch", "enabled": 1, "days": 31, "bars": 1,
         "timetable": [{"start": {"hour": 7, "min": 15, "sec": 0}, "index": 0}]}  # fmt: skip


# --- validation: ValueError naming the argument, nothing sent --------------------------------

LIGHT_ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"status": LightStatus.UNKNOWN}, "status"),
    ({"status": 1}, "status"),
    ({"status": LightStatus.ON, "brightness": float("nan")}, "brightness must be a finite"),
    ({"status": LightStatus.ON, "brightness": float("inf")}, "brightness must be a finite"),
    ({"status": LightStatus.ON, "brightness": True}, "brightness"),
    ({"status": LightStatus.ON, "brightness": "50"}, "brightness"),
    ({"status": LightStatus.ON, "rgb": [1, 2]}, "rgb must be three numbers"),
    ({"status": LightStatus.ON, "rgb": [1, 2, float("-inf")]}, r"rgb\[2\] must be a finite"),
    ({"status": LightStatus.ON, "rgb": [1, None, 3]}, r"rgb\[1\]"),
    ({"status": LightStatus.ON, "rgb": "abc"}, "rgb"),
    ({"status": LightStatus.ON, "rgb": [True, 2, 3]}, r"rgb\[0\]"),
    ({"status": LightStatus.ON, "rgb": {1: 1, 2: 2, 3: 3}}, "rgb"),
]


@pytest.mark.parametrize(("kwargs", "message"), LIGHT_ERRORS)
async def test_light_validation(rec: RecordingAuth, kwargs: dict[str, Any], message: str) -> None:
    light = Light(dict(RGB), rec)
    with pytest.raises(ValueError, match=message):
        await light.async_set_status(**kwargs)
    assert rec.sent == []
    assert light.status is LightStatus.OFF


@pytest.mark.parametrize("status", [OpeningStatus.UNKNOWN, 1, None])
async def test_opening_validation(rec: RecordingAuth, status: Any) -> None:
    with pytest.raises(ValueError, match="status"):
        await Opening({"open_act_id": 1, "name": "o"}, rec).async_set_status(status)
    assert rec.sent == []


@pytest.mark.parametrize("status", [RelayStatus.UNKNOWN, 1, "ON"])
async def test_relay_validation(rec: RecordingAuth, status: Any) -> None:
    with pytest.raises(ValueError, match=r"status.*ON.*OFF"):
        await Relay({"act_id": 1, "name": "r"}, rec).async_set_status(status)
    assert rec.sent == []


THERMO_ERRORS: list[tuple[str, dict[str, Any], str]] = [
    ("async_set_temperature", {"temperature": 4.9}, "temperature.*5.0-34.0"),
    ("async_set_temperature", {"temperature": 34.1}, "temperature.*5.0-34.0"),
    ("async_set_temperature", {"temperature": float("nan")}, "temperature"),
    ("async_set_temperature", {"temperature": "21"}, "temperature"),
    ("async_set_mode", {"mode": ThermoZoneMode.UNKNOWN}, "mode"),
    ("async_set_mode", {"mode": 1}, "mode"),
    ("async_set_fan_speed", {"fan_speed": ThermoZoneFanSpeed.UNKNOWN}, "fan_speed"),
    ("async_set_config", {"mode": ThermoZoneMode.UNKNOWN, "set_point": 20.0}, "mode"),
    ("async_set_config", {"mode": ThermoZoneMode.MANUAL, "set_point": 40}, "set_point.*5.0"),
    (
        "async_set_config",
        {"mode": ThermoZoneMode.MANUAL, "set_point": 20, "fan_speed": 2},
        "fan_speed",
    ),
]


@pytest.mark.parametrize(("method", "kwargs", "message"), THERMO_ERRORS)
async def test_thermo_validation(
    rec: RecordingAuth, method: str, kwargs: dict[str, Any], message: str
) -> None:
    zone = ThermoZone(dict(ZONE), rec)
    with pytest.raises(ValueError, match=message):
        await getattr(zone, method)(**kwargs)
    assert rec.sent == []


async def test_thermo_needs_current_mode_to_keep_it(rec: RecordingAuth) -> None:
    zone = ThermoZone({"act_id": 1, "name": "z", "mode": "??"}, rec)
    with pytest.raises(ValueError, match="mode"):
        await zone.async_set_temperature(20.0)
    with pytest.raises(ValueError, match="set_point"):
        await zone.async_set_mode(ThermoZoneMode.AUTO)
    assert rec.sent == []


@pytest.mark.parametrize("season", [ThermoZoneSeason.UNKNOWN, "winter", None])
def test_season_validation(season: Any) -> None:
    with pytest.raises(ValueError, match="season"):
        season_command(season)


@pytest.mark.parametrize("day", [-1, 7, 1.0, True, "1", None])
async def test_timer_day_validation(rec: RecordingAuth, day: Any) -> None:
    timer = Timer(dict(TIMER), rec)
    with pytest.raises(ValueError, match=r"day.*0-6"):
        await timer.async_enable_day(day)
    with pytest.raises(ValueError, match=r"day.*0-6"):
        await timer.async_disable_day(day)
    assert rec.sent == []


TIMETABLE_ERRORS: list[tuple[Any, str]] = [
    ([None, None, None], "exactly 4"),
    ([None] * 5, "exactly 4"),
    ("abcd", "slots"),
    (None, "slots"),
    ([(24, 0, 0), None, None, None], r"slots\[0\] hour.*0-23"),
    ([None, (0, 60, 0), None, None], r"slots\[1\] minute.*0-59"),
    ([None, None, (0, 0, 60), None], r"slots\[2\] second.*0-59"),
    ([None, None, None, (1, 2)], r"slots\[3\]"),
    ([None, None, None, (1.0, 2, 3)], r"slots\[3\] hour"),
    ([None, None, None, (-1, -1, -1)], r"slots\[3\] hour"),
    ([None, None, None, "06:00"], r"slots\[3\]"),
]


@pytest.mark.parametrize(("slots", "message"), TIMETABLE_ERRORS)
async def test_timetable_validation(rec: RecordingAuth, slots: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        await Timer(dict(TIMER), rec).async_set_timetable(slots)
    assert rec.sent == []


# --- wire form and state after a command -----------------------------------------------------


async def test_light_commands(rec: RecordingAuth) -> None:
    step = Light(dict(STEP), rec)
    await step.async_set_status(LightStatus.ON, brightness=50, rgb=[1, 2, 3])
    assert rec.sent[-1] == {"cmd_name": "light_switch_req", "act_id": 3, "wanted_status": 1}
    assert (step.status, step.perc) == (LightStatus.ON, 100)
    dimmer = Light(dict(DIMMER), rec)
    await dimmer.async_set_status(LightStatus.ON, 60, [1, 2, 3])
    assert rec.sent[-1] == {
        "cmd_name": "light_switch_req",
        "act_id": 8,
        "wanted_status": 1,
        "perc": 60,
    }
    assert (dimmer.status, dimmer.perc, dimmer.rgb) == (LightStatus.ON, 60, None)
    rgb = Light(dict(RGB), rec)
    await rgb.async_set_status(LightStatus.AUTO, brightness=75, rgb=(0, 128, 255))
    assert rec.sent[-1]["rgb"] == [0, 128, 255]
    assert (rgb.status, rgb.perc, rgb.rgb) == (LightStatus.AUTO, 75, [0, 128, 255])
    await rgb.async_set_status(LightStatus.OFF)
    assert rec.sent[-1] == {"cmd_name": "light_switch_req", "act_id": 12, "wanted_status": 0}
    assert (rgb.status, rgb.perc) == (LightStatus.OFF, 75)


@pytest.mark.parametrize(
    ("status", "act_id"),
    [
        (OpeningStatus.OPENING, 26),
        (OpeningStatus.STOPPED, 26),
        (OpeningStatus.SLAT_OPEN, 26),
        (OpeningStatus.CLOSING, 27),
        (OpeningStatus.SLAT_CLOSE, 27),
    ],
)
async def test_opening_addresses_the_right_actuator(
    rec: RecordingAuth, status: OpeningStatus, act_id: int
) -> None:
    opening = Opening({"open_act_id": 26, "close_act_id": 27, "name": "o", "status": 0}, rec)
    await opening.async_set_status(status)
    assert rec.sent == [
        {"cmd_name": "opening_move_req", "act_id": act_id, "wanted_status": status.value}
    ]
    assert opening.status is status


async def test_relay_and_scenario_commands(rec: RecordingAuth) -> None:
    relay = Relay({"act_id": 41, "name": "Pump", "status": 0}, rec)
    await relay.async_set_status(RelayStatus.ON)
    assert rec.sent[-1] == {"cmd_name": "relay_activation_req", "act_id": 41, "wanted_status": 1}
    assert relay.status is RelayStatus.ON
    scenario = Scenario({"id": 5, "name": "s", "scenario_status": 0}, rec)
    await scenario.async_activate()
    assert rec.sent[-1] == {"cmd_name": "scenario_activation_req", "id": 5}
    assert scenario.scenario_status is ScenarioStatus.TRIGGERED


async def test_thermo_commands(rec: RecordingAuth) -> None:
    zone = ThermoZone(dict(ZONE), rec)
    changes: list[frozenset[str]] = []
    zone._change_listener = lambda _e, changed, source: changes.append(changed) or None  # type: ignore[func-returns-value]
    await zone.async_set_temperature(22.0)
    assert rec.sent[-1] == {
        "cmd_name": "thermo_zone_config_req",
        "act_id": 61,
        "mode": 2,
        "set_point": 220,
        "extended_infos": 0,
    }
    assert zone.set_point == 20.5  # AUTO: the server ignores the set point (§4.8)
    await zone.async_set_config(mode=ThermoZoneMode.MANUAL, set_point=21.55)
    assert rec.sent[-1]["set_point"] == 216
    assert (zone.mode, zone.set_point) == (ThermoZoneMode.MANUAL, 21.6)
    await zone.async_set_temperature(22.0)
    assert zone.set_point == 22.0
    await zone.async_set_mode(ThermoZoneMode.JOLLY)
    assert rec.sent[-1]["mode"] == 3
    assert rec.sent[-1]["set_point"] == 220
    assert zone.mode is ThermoZoneMode.JOLLY
    await zone.async_set_fan_speed(ThermoZoneFanSpeed.SLOW)
    assert rec.sent[-1] == {
        "cmd_name": "thermo_zone_config_req",
        "act_id": 61,
        "mode": 3,
        "set_point": 220,
        "extended_infos": 1,
        "fan_speed": 1,
    }
    assert zone.fan_speed is ThermoZoneFanSpeed.SLOW
    await zone.async_set_config(ThermoZoneMode.MANUAL, 21.5, fan_speed=ThermoZoneFanSpeed.MEDIUM)
    assert rec.sent[-1]["extended_infos"] == 1
    assert (zone.set_point, zone.fan_speed) == (21.5, ThermoZoneFanSpeed.MEDIUM)
    # no call for the ignored set point; the first change is set_config's
    assert changes[0] == {"mode", "set_point"}


async def test_timer_commands(rec: RecordingAuth) -> None:
    timer = Timer(dict(TIMER), rec)
    await timer.async_disable()
    assert rec.sent[-1] == {"cmd_name": "timers_enable_req", "id": 140, "value": 0}
    assert timer.enabled is False
    await timer.async_enable()
    assert timer.enabled is True
    await timer.async_enable_day(6)
    assert rec.sent[-1] == {"cmd_name": "timers_enable_day_req", "id": 140, "day": 6, "value": 1}
    assert timer.days == 95
    await timer.async_disable_day(0)
    assert timer.days == 94
    assert not timer.is_active_on_day(0)
    await timer.async_set_timetable([(6, 30, 0), None, (22, 0, 0), None])
    assert rec.sent[-1] == {
        "cmd_name": "timers_set_req",
        "id": 140,
        "timetable": [
            {"start": {"hour": 6, "min": 30, "sec": 0}},
            {"start": {"hour": -1, "min": -1, "sec": -1}},
            {"start": {"hour": 22, "min": 0, "sec": 0}},
            {"start": {"hour": -1, "min": -1, "sec": -1}},
        ],
    }
    assert [(s.index, s.start) for s in timer.timetable] == [(0, (6, 30, 0)), (2, (22, 0, 0))]
    assert timer.bars == 2
    await timer.async_set_timetable([None, None, None, None])
    assert timer.timetable == []
