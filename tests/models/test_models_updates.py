"""Unit tests: typed updates, UpdateList, the indication catalogue and apply_update."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import pytest
from support.live import RecordingOwner

from aiocamedomotic.const import DeviceType, UpdateIndicator
from aiocamedomotic.models import (
    INDICATIONS,
    AnalogIn,
    AnalogInUpdate,
    DeviceUpdate,
    DigitalInputUpdate,
    EnergyMeterUpdate,
    Light,
    LightStatus,
    LightType,
    LightUpdate,
    LoadsCtrlRelayUpdate,
    OpeningStatus,
    OpeningUpdate,
    PlantUpdate,
    RelayStatus,
    RelayUpdate,
    ScenarioStatus,
    ScenarioUpdate,
    ThermoZone,
    ThermoZoneMode,
    ThermoZoneSeason,
    ThermoZoneUpdate,
    TimerUpdate,
    UpdateList,
    get_update_device_type,
    parse_update,
)
from aiocamedomotic.models import catalogue as cat
from aiocamedomotic.models.update import UpdateList as UpdateListFromModule

from . import payloads as p
from .conftest import RecordingAuth


def test_status_update_examples_are_typed() -> None:
    updates = UpdateList(deepcopy(p.STATUS_UPDATE_1["result"] + p.STATUS_UPDATE_2["result"]))
    typed = updates.get_typed_updates()
    assert [type(u) for u in typed] == [
        LightUpdate,
        OpeningUpdate,
        ThermoZoneUpdate,
        ScenarioUpdate,
        DigitalInputUpdate,
        TimerUpdate,
        EnergyMeterUpdate,
        LoadsCtrlRelayUpdate,
    ]
    light, opening, zone, scenario, digital, timer, meter, load = typed
    assert isinstance(light, LightUpdate)
    assert (light.act_id, light.name, light.perc, light.floor_ind, light.room_ind) == (
        8,
        "Hall dimmer",
        60,
        11,
        33,
    )
    assert (light.status, light.light_type, light.rgb) == (LightStatus.ON, LightType.DIMMER, None)
    assert (light.device_id, light.device_type) == (8, DeviceType.LIGHT)
    assert light.update_indicator is UpdateIndicator.LIGHT
    assert light.cmd_name == "light_switch_ind"
    assert isinstance(opening, OpeningUpdate)
    assert (opening.device_id, opening.close_act_id, opening.status) == (
        26,
        27,
        OpeningStatus.CLOSING,
    )
    assert (opening.floor_ind, opening.room_ind) == (12, 32)
    assert isinstance(zone, ThermoZoneUpdate)
    assert (zone.temperature, zone.set_point, zone.mode) == (20.1, 21.5, ThermoZoneMode.MANUAL)
    assert (zone.season, zone.t1, zone.t2, zone.t3) == (ThermoZoneSeason.WINTER, 17.0, 19.0, 21.0)
    assert zone.dehumidifier_enabled is False
    assert zone.device_type is DeviceType.THERMOSTAT
    assert isinstance(scenario, ScenarioUpdate)
    assert (scenario.id, scenario.device_id) == (5, 5)
    assert scenario.scenario_status is ScenarioStatus.TRIGGERED
    assert isinstance(digital, DigitalInputUpdate)
    assert (digital.act_id, digital.addr, digital.status, digital.utc_time) == (
        1,
        211,
        0,
        1791720123,
    )
    assert isinstance(timer, TimerUpdate)
    assert (timer.id, timer.device_id, timer.enabled, timer.days, timer.bars) == (
        140,
        140,
        True,
        95,
        2,
    )
    assert len(timer.timetable) == 2
    assert meter.device_type is DeviceType.ENERGY_SENSOR
    assert meter.device_id == 4
    assert load.device_type is DeviceType.LOADSCTRL_RELAY
    assert isinstance(meter, EnergyMeterUpdate)
    assert (meter.instant_power, meter.unit, meter.last_24h_avg) == (1280, "W", 5820488)
    assert isinstance(load, LoadsCtrlRelayUpdate)
    # a load's key is its id, not the act_id of its actuator (PROTOCOL.md §4.13)
    assert (load.device_id, load.priority, load.enabled, load.detached) == (65611, 141, True, False)


def test_legacy_names_map_to_the_same_classes() -> None:
    cases = {
        "light_update_ind": (LightUpdate, DeviceType.LIGHT),
        "opening_update_ind": (OpeningUpdate, DeviceType.OPENING),
        "thermo_update_ind": (ThermoZoneUpdate, DeviceType.THERMOSTAT),
        "relay_update_ind": (RelayUpdate, DeviceType.GENERIC_RELAY),
        "relay_status_ind": (RelayUpdate, DeviceType.GENERIC_RELAY),
        "digitalin_update_ind": (DigitalInputUpdate, DeviceType.DIGITAL_INPUT),
        "analogin_update_ind": (AnalogInUpdate, DeviceType.ANALOG_INPUT),
        "analogin_status_ind": (AnalogInUpdate, DeviceType.ANALOG_INPUT),
        "scenario_user_ind": (ScenarioUpdate, DeviceType.SCENARIO),
        "scenario_activation_ind": (ScenarioUpdate, DeviceType.SCENARIO),
        "timer_update_ind": (TimerUpdate, DeviceType.TIMER),
        "plant_update_ind": (PlantUpdate, None),
    }
    for cmd_name, (cls, device_type) in cases.items():
        update = parse_update({"cmd_name": cmd_name})
        assert type(update) is cls, cmd_name
        assert update.device_type == device_type
        assert get_update_device_type({"cmd_name": cmd_name}) == device_type


def test_every_indicator_is_catalogued() -> None:
    assert set(INDICATIONS) == {indicator.value for indicator in UpdateIndicator}


def test_unknown_indication_is_generic() -> None:
    update = parse_update({"cmd_name": "future_widget_ind", "id": 3, "name": "Area"})
    assert type(update) is DeviceUpdate
    assert (update.device_type, update.update_indicator, update.device_id) == (None, None, 3)
    assert update.name == "Area"
    assert get_update_device_type({}) is None


def test_relay_and_analog_updates() -> None:
    relay = parse_update({"cmd_name": "relay_status_ind", "act_id": 41, "status": 1})
    assert isinstance(relay, RelayUpdate)
    assert (relay.act_id, relay.status, relay.floor_ind, relay.room_ind) == (
        41,
        RelayStatus.ON,
        0,
        0,
    )
    analog = parse_update(
        {"cmd_name": "analogin_status_ind", "act_id": 71, "value": 190, "unit": "C"}
    )
    assert isinstance(analog, AnalogInUpdate)
    assert (analog.act_id, analog.value, analog.unit) == (71, 19.0, "C")


def test_plant_update() -> None:
    update = parse_update({"cmd_name": "plant_update_ind"})
    assert isinstance(update, PlantUpdate)
    assert update.is_plant_update is True
    assert UpdateList([{"cmd_name": "plant_update_ind"}]).has_plant_update is True
    assert UpdateList(deepcopy(p.STATUS_UPDATE_1["result"])).has_plant_update is False


def test_update_list_filters_and_stays_raw() -> None:
    updates = UpdateListFromModule(p.STATUS_UPDATE_1["result"] + p.STATUS_UPDATE_2["result"])
    assert list(updates) == p.STATUS_UPDATE_1["result"] + p.STATUS_UPDATE_2["result"]
    assert updates.get_by_device_type(DeviceType.LIGHT) == [p.STATUS_UPDATE_1["result"][0]]
    (typed,) = updates.get_typed_by_device_type(DeviceType.TIMER)
    assert isinstance(typed, TimerUpdate)
    assert UpdateList() == []
    assert UpdateList(None) == []


def test_usage_guide_timer_cache_update() -> None:
    timers = cat.TIMERS.parse_response(deepcopy(p.TIMER_LIST), RecordingAuth())
    timers_cache = {t.id: t for t in timers}
    for update in UpdateList(deepcopy(p.STATUS_UPDATE_2["result"])).get_typed_updates():
        if isinstance(update, TimerUpdate):
            cached = timers_cache.get(update.device_id)  # type: ignore[arg-type]
            assert cached is not None
            cached.raw_data.update(update.raw_data)
    assert timers_cache[140].days == 95
    assert "Sunday" in timers_cache[140].active_days


# --- apply_update ---------------------------------------------------------------------------


def _zone() -> ThermoZone:
    return cat.THERMO_ZONES.parse_response(deepcopy(p.THERMO_LIST), RecordingAuth())[0]


def test_apply_update_reports_changed_properties() -> None:
    zone = _zone()
    indication = p.STATUS_UPDATE_2["result"][0]
    changed = zone.apply_update(indication)
    assert changed == {"temperature", "mode", "set_point", "status"}
    assert (zone.temperature, zone.mode, zone.set_point) == (20.1, ThermoZoneMode.MANUAL, 21.5)
    assert "cmd_name" not in zone.raw_data
    assert zone.raw_data["temp"] == 201  # temp_dec is stored as the list's temp
    assert "temp_dec" not in zone.raw_data
    assert zone.apply_update(indication) == frozenset()


def test_apply_update_same_value_in_another_spelling_is_no_change() -> None:
    zone = _zone()
    assert zone.apply_update({"temp_dec": 198}) == frozenset()
    zone.raw_data["temp_dec"] = 150  # a nested-list variant that said temp_dec
    assert zone.temperature == 15.0
    assert zone.apply_update({"temp_dec": 160}) == {"temperature"}
    assert zone.temperature == 16.0
    assert "temp_dec" not in zone.raw_data


def test_apply_update_derived_properties() -> None:
    timer = cat.TIMERS.parse_response(deepcopy(p.TIMER_LIST), RecordingAuth())[0]
    assert timer.apply_update({"days": 95}) == {"days", "active_days"}
    assert timer.apply_update({"timetable": []}) == {"timetable"}
    light = Light({"act_id": 1, "name": "x", "type": "DIMMER", "perc": 10}, RecordingAuth())
    assert light.apply_update({"perc": "10"}) == frozenset()  # same parsed value
    assert light.apply_update({"unknown_key": 1}) == frozenset()
    assert light.raw_data["unknown_key"] == 1


def test_a_held_entity_hands_its_updates_to_its_holder() -> None:
    owner = RecordingOwner()
    analog = AnalogIn({"act_id": 71, "name": "t", "value": 187, "unit": "C"})
    analog.hold(owner, "KEY")
    assert analog.apply_update({"value": 187}) == frozenset()
    assert analog.apply_update({"value": 190}, source="resync") == {"value"}
    assert owner.calls == [
        (analog, frozenset(), "push"),
        (analog, frozenset({"value"}), "resync"),
    ]
    # the holder's own writes merge directly: nothing is handed back to it
    assert analog.merge_wire({"value": 191}) == {"value"}
    assert len(owner.calls) == 2
    analog.release()
    assert analog.apply_update({"value": 192}) == {"value"}
    assert len(owner.calls) == 2
    assert analog.raw_data["value"] == 192
    assert analog.unique_id == "KEY:analog_inputs:71"  # the keycode stays after a release


def test_unique_id_and_availability() -> None:
    light = Light({"act_id": 8, "name": "x"}, RecordingAuth())
    assert light.available is True
    assert light.unique_id is None
    light._keycode = "KEY"
    assert light.unique_id == "KEY:lights:8"
    opening = cat.OPENINGS.parse_response(deepcopy(p.OPENING_LIST), RecordingAuth())[0]
    opening._keycode = "KEY"
    assert opening.unique_id == "KEY:openings:26"


@pytest.mark.parametrize("spec", list(cat.CATALOGUE.values()), ids=lambda s: s.key)
def test_catalogue_entries_are_consistent(spec: cat.FamilySpec[Any]) -> None:
    assert spec.key == spec.model._FAMILY
    assert spec.list_cmd.endswith("_req")
    assert spec.response_name.endswith("_resp")
    for indicator in spec.indications:
        assert INDICATIONS[indicator].family is spec
    assert spec.key_of({spec.id_keys[0]: "12"}) == 12
    assert spec.key_of({}) is None
    request = spec.build_request("me")
    assert request["cmd_name"] == spec.list_cmd
    assert ("username" in request) is spec.send_username
