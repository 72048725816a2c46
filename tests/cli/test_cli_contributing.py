"""CONTRIBUTING.md's walkthrough stays true: its three blocks of code, run as written, add a
family that is listed, controlled, kept live and shown by the CLI, with nothing else
registered anywhere.

The model and device blocks run as modules of the package they name (relative imports
work), the catalogue block in the catalogue's namespace; everything is unregistered after
each test.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.live import expect

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator, Plant, unregister_family
from aiocamedomotic.events import EntityAdded, EntityUpdated, LiveEvent, UpdateSource
from aiocamedomotic.models import catalogue, parse_update

from .conftest import PASSWORD, USERNAME, Cli, EmulatorThread

ROOT = Path(__file__).resolve().parents[2]
#: A code block whose first line names the file it belongs to.
_BLOCK = re.compile(r"^```python\n# (\S+\.py)\n(.*?)^```", re.DOTALL | re.MULTILINE)
MODEL = "aiocamedomotic/models/chime.py"
DEVICE = "aiocamedomotic/emulator/devices/chimes.py"
ENTRY = "aiocamedomotic/models/catalogue.py"

PLANT: dict[str, Any] = {
    "features": ["chimes"],
    "chimes": [{"act_id": 1, "name": "Front door", "volume": 5}],
}


def walkthrough() -> dict[str, str]:
    """The walkthrough's code blocks, by the file they name."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return dict(_BLOCK.findall(text))


def _run_as_module(path: str, code: str, stack: contextlib.ExitStack) -> types.ModuleType:
    name = path.removesuffix(".py").replace("/", ".")
    module = types.ModuleType(name)
    module.__package__ = name.rpartition(".")[0]
    sys.modules[name] = module
    stack.callback(sys.modules.pop, name, None)
    exec(compile(code, f"CONTRIBUTING.md ({path})", "exec"), module.__dict__)  # noqa: S102
    return module


@pytest.fixture
def chimes() -> Iterator[types.ModuleType]:
    """The walkthrough's family, registered for one test: its model module."""
    blocks = walkthrough()
    assert set(blocks) == {MODEL, DEVICE, ENTRY}
    with contextlib.ExitStack() as stack:
        model = _run_as_module(MODEL, blocks[MODEL], stack)
        stack.callback(unregister_family, "chimes")
        _run_as_module(DEVICE, blocks[DEVICE], stack)
        stack.callback(catalogue.unregister, "chimes")
        entry = compile(blocks[ENTRY], f"CONTRIBUTING.md ({ENTRY})", "exec")
        exec(entry, {**vars(catalogue), "chime": model})  # noqa: S102
        yield model
    assert "chimes" not in catalogue.CATALOGUE


def _updated(source: UpdateSource) -> Any:
    """Matches a change of a chime from ``source`` (not the echo of an earlier command)."""

    def match(event: LiveEvent) -> bool:
        return (
            isinstance(event, EntityUpdated)
            and event.family == "chimes"
            and event.source is source
            and bool(event.changed)
        )

    return match


async def test_the_family_is_listed_controlled_pushed_and_resynced(
    chimes: types.ModuleType,
) -> None:
    async with (
        CameEmulator(Plant(PLANT)) as emulator,
        await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api,
    ):
        listed = await api.async_get_family("chimes")
        assert [(type(c), c.key, c.name, c.volume) for c in listed] == [
            (chimes.Chime, 1, "Front door", 5)
        ]
        chime = listed[0]
        sent = emulator.stats.http_requests
        with pytest.raises(ValueError, match="volume"):
            await chime.async_set_volume(11)
        assert emulator.stats.http_requests == sent  # refused before sending
        await chime.async_set_volume(7)
        assert chime.volume == 7  # the command's local effect
        assert emulator.plant.device("chimes", 1)["volume"] == 7
        assert parse_update({"cmd_name": "chime_status_ind", "act_id": 1}).device_id == 1

        async with api.live() as live:
            registry = live.registry("chimes")
            held = registry[1]
            assert held.unique_id == f"{emulator.plant.server['keycode']}:chimes:1"
            # pushed: someone turns the chime's knob
            pushed = expect(live, _updated(UpdateSource.PUSH))
            devices: Any = emulator.plant.family("chimes")
            devices.set_volume(1, 2)
            event = await pushed
            assert isinstance(event, EntityUpdated)
            assert (event.entity, event.changed, held.volume) == (held, frozenset({"volume"}), 2)
            # controlled through the held object
            commanded = expect(live, _updated(UpdateSource.COMMAND))
            await held.async_set_volume(9)
            event = await commanded
            assert isinstance(event, EntityUpdated)
            assert event.entity is held
            # resynced: the installer adds a chime
            added = expect(live, lambda e: isinstance(e, EntityAdded) and e.family == "chimes")
            back = {"act_id": 2, "name": "Back door", "volume": 3}
            emulator.plant.replace_config({**PLANT, "chimes": [*PLANT["chimes"], back]})
            event = await added
            assert isinstance(event, EntityAdded)
            assert (event.entity_id, registry[2].name) == (2, "Back door")
            assert registry[1] is held
            assert held.volume == 5  # merged from the reloaded plant


def test_the_cli_shows_the_family(chimes: types.ModuleType, config_file: Path) -> None:
    server = EmulatorThread(Plant(PLANT), username=USERNAME, password=PASSWORD).start()
    try:
        run = Cli(server, config_file)
        result = run("list", "chimes", "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == [
            {"family": "chimes", "id": 1, "name": "Front door", "floor": None, "room": None,
             "state": {"volume": 5}}
        ]  # fmt: skip
        table = run("list", "doorbells")
        assert table.exit_code == 0, table.stderr
        assert "Chimes" in table.stdout
        assert "Front door" in table.stdout
    finally:
        server.stop()
