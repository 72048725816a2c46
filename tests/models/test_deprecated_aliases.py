"""The earlier names README documents still work: each is a deprecated alias running upstream's
code path (one implementation per concept), checked against the emulator."""

from __future__ import annotations

import inspect

import pytest

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.models import (
    DigitalInput,
    LoadsCtrlMeter,
    LoadsCtrlProfile,
    LoadsctrlProfile,
    LoadsCtrlRelay,
    Relay,
    RelayStatus,
)

CONTROLLER = 196640

ALIASES = [
    (CameDomoticAPI, "async_reset_energy_history", "async_reset_energy_counters"),
    (CameDomoticAPI, "async_get_loadsctrl_controllers", "async_get_loadsctrl_meters"),
    (CameDomoticAPI, "async_get_loadsctrl_loads", "async_get_loadsctrl_relays"),
    (CameDomoticAPI, "async_set_relay_by_name", "async_set_relay_status_by_name"),
    (CameDomoticAPI, "async_finish_scenario_recording", "async_stop_scenario_recording"),
    (LoadsCtrlRelay, "async_set", "async_set_enabled"),
    (LoadsCtrlMeter, "async_configure", "async_set_config"),
    (LoadsCtrlMeter, "async_reorder_loads", "async_set_detach_order"),
    (Relay, "async_activate_for", "async_set_status_timed"),
    (DigitalInput, "async_acknowledge", "async_ack"),
]


@pytest.mark.parametrize(("cls", "old", "new"), ALIASES, ids=lambda v: getattr(v, "__name__", v))
def test_alias_says_deprecated_and_names_the_replacement(cls: type, old: str, new: str) -> None:
    doc = inspect.getdoc(getattr(cls, old)) or ""
    assert doc.startswith("Deprecated: use")
    assert new in doc


def test_profile_alias_is_the_same_class() -> None:
    assert LoadsctrlProfile is LoadsCtrlProfile


async def test_aliases_act_like_upstream_names(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    await api.async_reset_energy_history()
    assert emulator.stats.requests["energy_reset_store_req"] == 1
    (controller,) = await api.async_get_loadsctrl_controllers()
    assert isinstance(controller, LoadsCtrlMeter)
    every_load = await api.async_get_loadsctrl_loads()
    assert [r.id for r in every_load] == [
        r.id for r in await api.async_get_loadsctrl_loads(CONTROLLER)
    ]
    oven, pump, dishwasher = every_load
    await pump.async_set(enabled=True, priority=145)
    assert emulator.plant.device("loadsctrl_loads", pump.id)["enabled"] == 1
    await controller.async_configure(max_power=4100)
    assert emulator.plant.device("loadsctrl_controllers", CONTROLLER)["max_power"] == 4100
    await controller.async_reorder_loads([pump, oven, dishwasher])
    assert [r.priority for r in (pump, oven, dishwasher)] == [140, 142, 145]
    await api.async_set_relay_by_name("Garden pump", RelayStatus.ON)
    await api.async_start_scenario_recording("Alias")
    assert await api.async_finish_scenario_recording() is True
    relay = next(r for r in await api.async_get_relays() if r.name == "Garden pump")
    await relay.async_activate_for(30)
    assert emulator.stats.requests["relay_timed_req"] == 1
    button = (await api.async_get_digital_inputs())[1]
    emulator.plant.press_input(button.act_id)
    await button.async_acknowledge()
    assert emulator.plant.device("digital_inputs", button.act_id)["ack"] == 1
