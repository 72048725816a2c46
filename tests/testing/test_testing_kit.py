"""The test kit (aiocamedomotic.testing): its builder, process, waits and pytest plugin, used
here through the plugin's own fixtures."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator, Plant
from aiocamedomotic.live import LivePlant
from aiocamedomotic.models import LightStatus, OpeningStatus
from aiocamedomotic.testing import (
    EmulatorProcess,
    PlantBuilder,
    async_wait_synced,
    expect_event,
    plant_differences,
)

KITCHEN = (
    PlantBuilder()
    .floor("Ground floor")
    .room("Kitchen")
    .light("Ceiling")
    .light("Worktop", dimmer=True, perc=40, on=True)
    .opening("Shutter")
    .relay("Pump")
    .digital_input("Doorbell")
    .thermo_zone("Kitchen zone", temp=19.5, set_point=21)
    .scenario("Dinner", actions=[{"cmd_name": "light_switch_req", "act_id": 1, "wanted_status": 1}])
    .user("guest", "guest-pw")
)


@pytest.fixture
def emulator_plant() -> Plant:
    """The plugin's emulators serve the built kitchen."""
    return KITCHEN.build()


async def test_the_built_plant_is_what_the_client_lists(api: CameDomoticAPI) -> None:
    info = await api.async_get_server_info()
    assert set(info.features) == {
        "lights", "openings", "relays", "digitalin", "thermoregulation", "scenarios"
    }  # fmt: skip
    lights = await api.async_get_lights()
    assert [(light.act_id, light.name, light.status) for light in lights] == [
        (1, "Ceiling", LightStatus.OFF),
        (2, "Worktop", LightStatus.ON),
    ]
    assert lights[1].perc == 40
    (shutter,) = await api.async_get_openings()
    assert (shutter.open_act_id, shutter.close_act_id) == (3, 4)
    assert shutter.status is OpeningStatus.STOPPED
    (zone,) = await api.async_get_thermo_zones()
    assert (zone.temperature, zone.name) == (19.5, "Kitchen zone")
    (floor,) = await api.async_get_floors()
    assert floor.name == "Ground floor"
    assert [scenario.name for scenario in await api.async_get_scenarios()] == ["Dinner"]


def test_builder_numbers_after_a_base_and_refuses_odd_families() -> None:
    demo = Plant.demo().to_dict()
    built = PlantBuilder(Plant.demo()).light("Extra").to_dict()
    highest = max(light["act_id"] for light in demo["lights"])
    assert built["lights"][-1]["act_id"] > highest
    assert len(built["lights"]) == len(demo["lights"]) + 1
    with pytest.raises(ValueError, match="thermo"):
        PlantBuilder().add("thermo", {})
    with pytest.raises(ValueError, match="no_such_family"):
        PlantBuilder().add("no_such_family", {})
    assert PlantBuilder().to_dict() == {"users": {"admin": "admin"}, "features": []}


async def test_a_scenario_of_the_builder_runs(emulator: CameEmulator, live: LivePlant) -> None:
    (dinner,) = live.scenarios.values()
    switched = expect_event(live, lambda event: getattr(event, "entity_id", None) == 1)
    await dinner.async_activate()
    await switched
    await live.async_wait_for(lambda: live.lights[1].status is LightStatus.ON)


async def test_wait_synced_follows_the_plant(emulator: CameEmulator, live: LivePlant) -> None:
    await async_wait_synced(live, emulator)
    emulator.plant.set_light(1, 1)
    emulator.plant.set_relay(5, 1)
    await async_wait_synced(live, emulator)
    assert plant_differences(live, emulator, "admin") == []
    assert live.lights[1].status is LightStatus.ON


async def test_wait_synced_reports_what_differs(emulator: CameEmulator, live: LivePlant) -> None:
    live.lights[2].raw_data["status"] = 0  # a registry made wrong on purpose
    with pytest.raises(AssertionError, match=r"lights/2\.status"):
        await async_wait_synced(live, emulator, timeout=0.2)


async def test_the_process_fixture_serves_the_plant_and_its_hooks(
    emulator_process: EmulatorProcess,
) -> None:
    await emulator_process.async_hook("set_light", act_id=1, status=1)
    async with await CameDomoticAPI.async_create(emulator_process.host, "guest", "guest-pw") as api:
        assert (await api.async_get_lights())[0].status is LightStatus.ON
    status = emulator_process.hook("status")
    assert (status["stats"]["logins"], status["stats"]["logouts"]) == (1, 1)
    with pytest.raises(RuntimeError, match="refused"):
        emulator_process.hook("set_light", act_id=999)
    assert "light_list_req" in emulator_process.log.read_text(encoding="utf-8")


def test_a_process_that_cannot_start_says_why(tmp_path: pytest.TempPathFactory) -> None:
    broken = EmulatorProcess({"no_such_key": 1}, directory=str(tmp_path))
    with pytest.raises(RuntimeError, match="did not start"):
        broken.start()
    assert broken.pid is None


def test_the_plugin_is_registered_and_the_library_does_not_import_it() -> None:
    plugins = importlib.metadata.entry_points(group="pytest11")
    assert {ep.value for ep in plugins if ep.name == "aiocamedomotic"} == {
        "aiocamedomotic.testing.plugin"
    }
    probe = (
        "import sys, aiocamedomotic, aiocamedomotic.live, aiocamedomotic.emulator;"
        "print(sorted(m for m in sys.modules if m.startswith(('pytest', '_pytest',"
        " 'aiocamedomotic.testing'))))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


DOWNSTREAM_CONFTEST = """
import pytest

from aiocamedomotic.testing import PlantBuilder


@pytest.fixture
def emulator_plant():
    return PlantBuilder().light("Lamp").relay("Fan", on=True).build()


@pytest.fixture
def credentials():
    return ("owner", "Owner-pw-1")


@pytest.fixture
def emulator_options():
    return {"coalesce_delay": 0.0}
"""

DOWNSTREAM_TESTS = """
import pytest

from aiocamedomotic.models import LightStatus, RelayStatus


async def test_lists(api):
    assert [light.name for light in await api.async_get_lights()] == ["Lamp"]
    assert (await api.async_get_relays())[0].status is RelayStatus.ON


async def test_live(emulator, live):
    emulator.plant.set_light(1, 1)
    await live.async_wait_for(lambda: live.lights[1].status is LightStatus.ON)


async def test_wrong_user_is_refused(emulator):
    from aiocamedomotic import CameDomoticAPI, CameDomoticAuthError

    async with await CameDomoticAPI.async_create(emulator.host, "owner", "wrong") as api:
        with pytest.raises(CameDomoticAuthError):
            await api.async_get_lights()


def test_process(emulator_process):
    assert emulator_process.hook("status")["listening"] is True
"""


def test_a_downstream_suite_runs_on_the_plugin_alone(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    pytester.makeconftest(DOWNSTREAM_CONFTEST)
    pytester.makepyfile(test_downstream=DOWNSTREAM_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist")
    result.assert_outcomes(passed=4)


WITHOUT_PYTEST_ASYNCIO = """
import sys


class Missing:  # as if the testing extra were not installed
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split(".")[0] == "pytest_asyncio":
            raise ImportError(name)


sys.meta_path.insert(0, Missing())
import pytest

# (no assertion rewriting: its import hook would find pytest_asyncio before Missing does)
args = ["-q", "--assert=plain", "-p", "no:asyncio", "-p", "no:cacheprovider", "-p", "no:xdist"]
sys.exit(pytest.main(args))
"""


def test_without_pytest_asyncio_the_plugin_loads_and_says_what_is_missing(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(
        test_sync="def test_unrelated():\n    assert True\n\n"
        "def test_wants_the_api(api):\n    pass\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", WITHOUT_PYTEST_ASYNCIO],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=pytester.path,
        check=False,
    )
    assert "1 passed" in result.stdout, result.stdout + result.stderr
    assert "need pytest-asyncio: pip install aiocamedomotic[testing]" in result.stdout
