"""Every public command method refuses a wrong argument type with a ``ValueError`` naming the
argument, before anything is sent (issue 11, point 4).

The table below holds, for each command method of every family, valid arguments and the
wrong ones to try per parameter: a bool where an int is expected, strings and ints where a
bool is, NaN and infinities, containers and ``None``. Each call runs against the emulator
and the test checks that no HTTP request reached it. A discovery test makes sure the table
covers every parameter of every public coroutine of the models and of the API, so a new
command cannot be forgotten.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from aiocamedomotic import models
from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.models import (
    LightStatus,
    OpeningStatus,
    RelayStatus,
    ThermoZoneFanSpeed,
    ThermoZoneMode,
    ThermoZoneSeason,
)

NAN, INF = math.nan, math.inf
#: Wrong values by expected kind.
INT = (True, False, 1.5, "3", NAN, [1], {"n": 1}, None)
BOOL = ("false", "true", 0, 1, None, [True], NAN)
NUMBER = (True, "21", NAN, INF, -INF, [21], None)
STR = (5, None, b"x", ["x"], {"x": 1}, "", "  ")
CODE = (1234, None, ["2468"], b"2468", "")

#: Methods that take no caller data, or whose arguments are validated elsewhere: the
#: session factory and the long poll (the Auth/transport layer), the live plant (its
#: options class).
NOT_COMMANDS = {
    ("CameDomoticAPI", "async_create"),
    ("CameDomoticAPI", "async_get_updates"),
    ("CameDomoticAPI", "async_start_live"),
}


@dataclass(frozen=True)
class Command:
    """One command method: how to get its object, its valid arguments, the wrong ones."""

    owner: str  # the class name (a model, or "CameDomoticAPI")
    method: str
    valid: dict[str, Any]
    wrong: dict[str, tuple[Any, ...]] = field(default_factory=dict)


def enum_wrongs(member: Any) -> tuple[Any, ...]:
    """A raw value, a name, another enum's member, None."""
    other = RelayStatus.ON if type(member) is not RelayStatus else LightStatus.ON
    return (member.value, member.name, other, None)


THERMO_OK = {"mode": ThermoZoneMode.MANUAL, "set_point": 21.0}
COMMANDS: list[Command] = [
    Command("CameDomoticAPI", "async_add_user",
            {"username": "guest", "password": "pw", "group": "*"},
            {"username": STR, "password": STR[:-1], "group": STR}),
    Command("CameDomoticAPI", "async_set_thermo_season", {"season": ThermoZoneSeason.WINTER},
            {"season": (*enum_wrongs(ThermoZoneSeason.WINTER), ThermoZoneSeason.UNKNOWN)}),
    Command("CameDomoticAPI", "async_activate_scenario_by_name", {"name": "All lights off"},
            {"name": STR}),
    Command("CameDomoticAPI", "async_start_scenario_recording", {"name": "New"},
            {"name": STR}),
    Command("CameDomoticAPI", "async_set_relay_status_by_name",
            {"name": "Garden pump", "status": RelayStatus.ON},
            {"name": STR, "status": (*enum_wrongs(RelayStatus.ON), RelayStatus.UNKNOWN)}),
    Command("CameDomoticAPI", "async_get_loadsctrl_relays", {"controller_id": 196640},
            {"controller_id": INT}),
    Command("CameDomoticAPI", "async_get_family", {"family": "lights"},
            {"family": ("widgets", "Lights", "", 5, None, ["lights"], b"lights")}),
    Command("Light", "async_set_status",
            {"status": LightStatus.ON, "brightness": 50, "rgb": [1, 2, 3]},
            {"status": (*enum_wrongs(LightStatus.ON), LightStatus.UNKNOWN),
             "brightness": NUMBER[:-1],  # None means "unchanged"
             "rgb": ("abc", 5, [1, 2], [1, 2, NAN], [True, 2, 3], {1: 1, 2: 2, 3: 3})}),
    Command("Opening", "async_set_status", {"status": OpeningStatus.STOPPED},
            {"status": (*enum_wrongs(OpeningStatus.STOPPED), OpeningStatus.UNKNOWN)}),
    Command("Relay", "async_set_status", {"status": RelayStatus.ON},
            {"status": (*enum_wrongs(RelayStatus.ON), RelayStatus.UNKNOWN)}),
    Command("Relay", "async_set_status_timed", {"interval": 60}, {"interval": INT}),
    Command("Scenario", "async_rename", {"name": "New name"}, {"name": STR}),
    Command("ThermoZone", "async_set_config", dict(THERMO_OK),
            {"mode": (*enum_wrongs(ThermoZoneMode.MANUAL), ThermoZoneMode.UNKNOWN),
             "set_point": NUMBER,
             "fan_speed": (*enum_wrongs(ThermoZoneFanSpeed.AUTO)[:-1],
                           ThermoZoneFanSpeed.UNKNOWN)}),
    Command("ThermoZone", "async_set_mode", {"mode": ThermoZoneMode.AUTO},
            {"mode": (*enum_wrongs(ThermoZoneMode.AUTO), ThermoZoneMode.UNKNOWN)}),
    Command("ThermoZone", "async_set_fan_speed", {"fan_speed": ThermoZoneFanSpeed.SLOW},
            {"fan_speed": (*enum_wrongs(ThermoZoneFanSpeed.SLOW), ThermoZoneFanSpeed.UNKNOWN)}),
    Command("ThermoZone", "async_set_temperature", {"temperature": 21.5},
            {"temperature": NUMBER}),
    Command("ThermoZone", "async_set_profile_row", {"row": 0, "levels": "3" * 96},
            {"row": INT, "levels": (5, None, b"3" * 96, "3" * 95, [3.0] * 96, [True] * 96)}),
    Command("Timer", "async_enable_day", {"day": 0}, {"day": INT}),
    Command("Timer", "async_disable_day", {"day": 0}, {"day": INT}),
    Command("Timer", "async_set_timetable", {"slots": [None, None, None, None]},
            {"slots": (None, 4, "abcd", {0: None}, [(6, 0, 0)] * 3,
                       [(6, 0, NAN), None, None, None], [(True, 0, 0), None, None, None],
                       ["6:00", None, None, None])}),
    Command("Irrigation", "async_set_enabled", {"enabled": True}, {"enabled": BOOL}),
    Command("Irrigation", "async_set_perc", {"perc": 100}, {"perc": INT}),
    Command("Irrigation", "async_set_days", {"days": 42}, {"days": INT}),
    Command("Irrigation", "async_set_start", {"hour": 6, "minute": 0, "second": 0},
            {"hour": INT, "minute": INT, "second": INT}),
    Command("Irrigation", "async_set_sprinkler_enabled", {"act_id": 120, "enabled": True},
            {"act_id": INT, "enabled": BOOL}),
    Command("Irrigation", "async_set_sprinkler_active", {"act_id": 120, "seconds": 600},
            {"act_id": INT, "seconds": INT}),
    Command("Irrigation", "async_set_sprinkler_duty", {"act_id": 120, "duty": 80},
            {"act_id": INT, "duty": INT}),
    Command("SoundZone", "async_set_mute", {"muted": True}, {"muted": BOOL}),
    Command("SoundZone", "async_set_volume", {"volume": 10}, {"volume": INT}),
    Command("SoundZone", "async_set_volume_level", {"volume_level": 0.5},
            {"volume_level": NUMBER}),
    Command("SoundZone", "async_select_source", {"source_name": "FM tuner"},
            {"source_name": STR}),
    Command("SoundZone", "async_send_source_command", {"source_id": 0, "action": "play"},
            {"source_id": INT, "action": STR}),
    Command("LoadsCtrlMeter", "async_set_config", {"max_power": 4000},
            {"max_power": INT[:-1], "hysteresis": INT[:-1],
             "profile_data": (["3" * 24] * 7, "3" * 24, 5)}),
    Command("LoadsCtrlMeter", "async_set_detach_order", {"relays": ()},
            {"relays": (None, 5, "oven", {1: 1}, [1, 2, 3])}),
    Command("LoadsCtrlRelay", "async_set_enabled", {"enabled": True}, {"enabled": BOOL}),
    Command("LoadsCtrlRelay", "async_set_priority", {"priority": 140}, {"priority": INT}),
    Command("SecurityCentral", "async_arm", {"code": "2468", "areas": [1]},
            {"code": CODE, "areas": (5, "12", [True], [1.0], {1: 1}, [NAN])}),
    Command("SecurityCentral", "async_disarm", {"code": "2468", "areas": [1]},
            {"code": CODE, "areas": (5, "12", [True], [1.0], {1: 1})}),
    Command("SecurityCentral", "async_reset", {"code": "2468"}, {"code": CODE}),
    Command("SecurityCentral", "async_silence", {"code": "2468"}, {"code": CODE}),
    Command("SecurityScenario", "async_activate", {"code": "2468"}, {"code": CODE}),
    Command("User", "async_change_password", {"current_password": "a", "new_password": "b"},
            {"current_password": (5, None, b"a"), "new_password": STR[:-1]}),
    Command("User", "async_set_as_current_user", {"password": "pw"},
            {"password": (5, None, b"pw", ["pw"])}),
]  # fmt: skip

#: How to get one object of each class from the API.
GETTERS: dict[str, Callable[[CameDomoticAPI], Awaitable[list[Any]]]] = {
    "Light": CameDomoticAPI.async_get_lights,
    "Opening": CameDomoticAPI.async_get_openings,
    "Relay": CameDomoticAPI.async_get_relays,
    "Scenario": CameDomoticAPI.async_get_scenarios,
    "ThermoZone": CameDomoticAPI.async_get_thermo_zones,
    "Timer": CameDomoticAPI.async_get_timers,
    "Irrigation": CameDomoticAPI.async_get_irrigation_sectors,
    "SoundZone": CameDomoticAPI.async_get_sound_zones,
    "LoadsCtrlMeter": CameDomoticAPI.async_get_loadsctrl_meters,
    "LoadsCtrlRelay": lambda api: api.async_get_loadsctrl_relays(196640),
    "SecurityCentral": CameDomoticAPI.async_get_security_centrals,
    "SecurityScenario": CameDomoticAPI.async_get_security_scenarios,
    "User": CameDomoticAPI.async_get_users,
}

CASES = [
    pytest.param(command, name, bad, id=f"{command.owner}.{command.method}-{name}-{bad!r}")
    for command in COMMANDS
    for name, bads in command.wrong.items()
    for bad in bads
]


@pytest.mark.parametrize(("command", "name", "bad"), CASES)
async def test_wrong_argument_refused_before_sending(
    api: CameDomoticAPI, emulator: CameEmulator, command: Command, name: str, bad: Any
) -> None:
    target: Any = (
        api if command.owner == "CameDomoticAPI" else (await GETTERS[command.owner](api))[0]
    )
    before = emulator.stats.http_requests
    with pytest.raises(ValueError, match=rf"(?<![\w]){re.escape(name)}(?![\w])") as caught:
        await getattr(target, command.method)(**{**command.valid, name: bad})
    assert emulator.stats.http_requests == before, "something was sent"
    assert type(caught.value) is ValueError


def public_commands() -> set[tuple[str, str, str]]:
    """(class, method, parameter) of every public coroutine with parameters."""
    classes = [
        obj
        for name in models.__all__
        if isinstance(obj := getattr(models, name), type) and issubclass(obj, models.CameEntity)
    ]
    found: set[tuple[str, str, str]] = set()
    for cls in (*classes, CameDomoticAPI):
        for method_name, method in inspect.getmembers(cls, inspect.iscoroutinefunction):
            deprecated = (method.__doc__ or "").startswith("Deprecated")
            skipped = (cls.__name__, method_name) in NOT_COMMANDS
            if method_name.startswith("_") or deprecated or skipped:
                continue
            for param in list(inspect.signature(method).parameters)[1:]:
                found.add((cls.__name__, method_name, param))
    return found


def test_the_table_covers_every_command_parameter() -> None:
    covered = {(c.owner, c.method, name) for c in COMMANDS for name in c.wrong}
    missing = public_commands() - covered
    assert not missing, f"command parameters without validation cases: {sorted(missing)}"
