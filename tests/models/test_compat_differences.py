"""The deliberate differences from upstream aiocamedomotic 1.15.2, one test per row of
COMPATIBILITY.md (the rows name these tests; tests/contract/test_compatibility.py checks it).
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from support.live import NoSender

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.const import DeviceType, UpdateIndicator
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.models import (
    Camera,
    LightStatus,
    LightType,
    LoadsCtrlMeter,
    LoadsCtrlRelay,
    Opening,
    OpeningStatus,
    OpeningType,
    Scenario,
    ServerInfo,
    ThermoZone,
    ThermoZoneMode,
    ThermoZoneUpdate,
    catalogue,
    get_update_device_type,
    parse_update,
)
from aiocamedomotic.models.irrigation import IrrigationUpdate
from aiocamedomotic.utils import EntityValidator

from .conftest import RecordingAuth


async def _zone(api: CameDomoticAPI, act_id: int) -> ThermoZone:
    return next(z for z in await api.async_get_thermo_zones() if z.act_id == act_id)


async def test_set_point_kept_outside_manual(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    """Row 1: the server ignores a set point outside MANUAL; so does the local object."""
    zone = await _zone(api, 61)  # AUTO in the demo plant
    assert zone.mode is ThermoZoneMode.AUTO
    before = zone.set_point
    await zone.async_set_temperature(before + 2)
    assert zone.set_point == before == emulator.plant.device("thermo", 61)["set_point"] / 10
    await zone.async_set_config(ThermoZoneMode.JOLLY, before + 3)
    assert (zone.mode, zone.set_point) == (ThermoZoneMode.JOLLY, before)
    await zone.async_set_config(ThermoZoneMode.MANUAL, 23.5)  # MANUAL: applied, here too
    assert zone.set_point == 23.5 == emulator.plant.device("thermo", 61)["set_point"] / 10


def test_temperature_prefers_temp_dec() -> None:
    """Row 2: with both keys, ``temp_dec`` (the indications' key) wins."""
    raw: dict[str, Any] = {"act_id": 1, "name": "Z", "temp": 200, "temp_dec": 215}
    assert ThermoZone(raw, NoSender()).temperature == 21.5
    assert ThermoZoneUpdate({"cmd_name": "thermo_zone_info_ind", **raw}).temperature == 21.5
    assert ThermoZone({"act_id": 1, "name": "Z", "temp": 200}, NoSender()).temperature == 20.0


def test_malformed_list_item_skipped(caplog: pytest.LogCaptureFixture) -> None:
    """Row 3: one malformed item is skipped with a warning; the others are returned."""
    body = {"array": [{"act_id": 1, "name": "ok"}, {"name": "no id"}, "junk", {"act_id": 2}]}
    with caplog.at_level(logging.WARNING):
        lights = catalogue.LIGHTS.parse_response(body, RecordingAuth())
    assert [light.act_id for light in lights] == [1]
    assert caplog.text.count("Skipping") == 3


async def test_topology_raises_only_when_every_source_failed(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    """Row 4: a topology made of nothing is an outage, not an empty plant."""
    await api.async_ping()  # logged in: only the topology's own commands fail
    emulator.fail_next(10, count=None, cmd_name="sl_data_req")
    with pytest.raises(CameDomoticServerError) as caught:
        await api.async_get_topology()
    assert caught.value.ack_code == 10


def test_unrecognised_types_read_unknown() -> None:
    """Row 5: an unknown light or opening type reads UNKNOWN instead of raising."""
    from aiocamedomotic.models import Light

    assert (
        Light({"act_id": 1, "name": "L", "type": "HOLOGRAM"}, NoSender()).type is LightType.UNKNOWN
    )
    opening = Opening({"open_act_id": 1, "name": "O", "type": 977}, NoSender())
    assert opening.type is OpeningType.UNKNOWN


def test_absent_profile_reads_none() -> None:
    """Row 7: no (or a malformed) ``profile_data`` gives ``profile`` None, not ValueError."""
    assert ThermoZone({"act_id": 1, "name": "Z"}, NoSender()).profile is None
    assert ThermoZone({"act_id": 1, "name": "Z", "profile_data": ["9"]}, NoSender()).profile is None
    meter = LoadsCtrlMeter({"id": 1, "name": "C", "profile_data": "x"}, NoSender())
    assert meter.profile is None


async def test_unknown_members_are_refused(rec: RecordingAuth) -> None:
    """Row 9: UNKNOWN is never sent, by lights and openings either."""
    from aiocamedomotic.models import Light

    with pytest.raises(ValueError, match="status"):
        await Light({"act_id": 1, "name": "L"}, rec).async_set_status(LightStatus.UNKNOWN)
    with pytest.raises(ValueError, match="status"):
        await Opening({"open_act_id": 1, "name": "O"}, rec).async_set_status(OpeningStatus.UNKNOWN)
    assert rec.sent == []


@pytest.mark.parametrize("value", [4.9, 34.1, 215])
async def test_set_point_range(rec: RecordingAuth, value: float) -> None:
    """Row 10: set points outside 5-34 °C (e.g. tenths typed as degrees) are refused."""
    zone = ThermoZone({"act_id": 1, "name": "Z", "mode": 1, "set_point": 200}, rec)
    with pytest.raises(ValueError, match=r"temperature must be a number in range 5.0-34.0"):
        await zone.async_set_temperature(value)
    with pytest.raises(ValueError, match=r"set_point must be a number in range 5.0-34.0"):
        await zone.async_set_config(ThermoZoneMode.MANUAL, value)
    assert rec.sent == []


async def test_timetable_values_are_range_checked(rec: RecordingAuth) -> None:
    """Row 11: each slot's hour, minute and second is checked, not only the count."""
    from aiocamedomotic.models import Timer

    timer = Timer({"id": 1, "name": "T"}, rec)
    for slot, unit in (((24, 0, 0), "hour"), ((6, 60, 0), "minute"), ((6, 0, -1), "second")):
        with pytest.raises(ValueError, match=rf"slots\[0\] {unit}"):
            await timer.async_set_timetable([slot, None, None, None])
    assert rec.sent == []


async def test_integers_beyond_32_bits_refused(rec: RecordingAuth) -> None:
    """Row 12: unbounded integer arguments stop at 2^31-1."""
    from aiocamedomotic.models import Relay

    big = 2**31
    with pytest.raises(ValueError, match="interval"):
        await Relay({"act_id": 1, "name": "R"}, rec).async_set_status_timed(big)
    with pytest.raises(ValueError, match="priority"):
        await LoadsCtrlRelay({"id": 1, "name": "L"}, rec).async_set_priority(big)
    meter = LoadsCtrlMeter({"id": 1, "name": "C", "max_power": 10, "hysteresis": 1}, rec)
    with pytest.raises(ValueError, match="max_power"):
        await meter.async_set_config(max_power=big)
    assert rec.sent == []


async def test_hysteresis_must_stay_below_max_power(rec: RecordingAuth) -> None:
    """Row 13: a hysteresis of at least the threshold would never re-attach a load."""
    raw = {"id": 1, "name": "C", "max_power": 4500, "hysteresis": 300,
           "profile_data": ["3" * 24] * 7}  # fmt: skip
    meter = LoadsCtrlMeter(raw, rec)
    with pytest.raises(ValueError, match="hysteresis must be an int in range 0-4499"):
        await meter.async_set_config(hysteresis=4500)
    with pytest.raises(ValueError, match="hysteresis must be an int in range 0-999"):
        await meter.async_set_config(max_power=1000, hysteresis=1000)
    assert rec.sent == []


async def test_system_scenarios_are_not_renamed_or_deleted(
    api: CameDomoticAPI, emulator: CameEmulator
) -> None:
    """Row 14: only user-defined scenarios are renamed or deleted; nothing is sent else."""
    system = next(s for s in await api.async_get_scenarios() if s.user_defined == 0)
    with pytest.raises(ValueError, match="system-defined"):
        await system.async_rename("X")
    with pytest.raises(ValueError, match="system-defined"):
        await system.async_delete()
    assert emulator.stats.requests["scenario_rename_req"] == 0
    assert emulator.stats.requests["scenario_delete_req"] == 0
    assert isinstance(system, Scenario)


def test_update_indicator_is_a_str_enum() -> None:
    """Row 16: members are strings: equal to the cmd_name, printed as it."""
    assert isinstance(UpdateIndicator.LIGHT, str)
    assert UpdateIndicator.LIGHT in {"light_switch_ind"}  # equal (and hashing) as the string
    assert str(UpdateIndicator.LIGHT) == "light_switch_ind"
    assert UpdateIndicator("light_switch_ind") is UpdateIndicator.LIGHT


def test_reprs_hide_identifiers_and_camera_uris() -> None:
    """Row 17: reprs are safe to log: keycode and serial masked, camera URIs left out."""
    info = ServerInfo(keycode="3A7F00C21B9E4D55", serial="0011ffee", features=[])
    assert "3A7F00C21B9E4D55" not in repr(info)
    assert "0011ffee" not in repr(info)
    camera = Camera(
        {"id": 1, "name": "Gate", "uri": "http://u:secret@10.0.0.9/s", "uri_still": "x"},
        NoSender(),
    )
    assert "secret" not in repr(camera)


def test_entity_validator_bool_is_not_int() -> None:
    """Row 18: for typed keys, a JSON boolean is not an integer."""
    EntityValidator.validate_data({"id": 3}, ["id"], {"id": int})
    with pytest.raises(ValueError, match="'id' must be of type int"):
        EntityValidator.validate_data({"id": True}, ["id"], {"id": int})


def test_irrigation_updates_have_a_device_type() -> None:
    """Row 23: an irrigation_detail_ind is typed (upstream: no device type)."""
    raw = {"cmd_name": "irrigation_detail_ind", "id": 3, "name": "Lawn", "status": 0}
    assert get_update_device_type(raw) is DeviceType.IRRIGATION
    assert DeviceType.IRRIGATION.value == 16
    assert isinstance(parse_update(raw), IrrigationUpdate)
