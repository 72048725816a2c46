"""Live layer: the README example runs unchanged against the emulator."""

from __future__ import annotations

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.connection import ConnectionState
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.events import ConnectionChanged, EntityUpdated, LiveEvent
from aiocamedomotic.models import DigitalInputStatus, LightStatus


async def readme_example(emulator: CameEmulator) -> None:
    """The README's live-plant example (``emulator`` stands for your server)."""
    async with (
        await CameDomoticAPI.async_create(emulator.host, "admin", "admin") as api,
        api.live() as plant,
    ):

        def on_event(event: LiveEvent) -> None:
            if isinstance(event, EntityUpdated):
                print(f"{event.family}/{event.entity_id}: {sorted(event.changed)} ({event.source})")
            elif isinstance(event, ConnectionChanged):
                print(f"connection {event.state}: {event.reason}")

        unsubscribe = plant.subscribe(on_event)

        # someone presses the hall button on the wall
        emulator.plant.press_input(1)
        button = plant.digital_inputs[1]
        await plant.async_wait_for(lambda: button.status is DigitalInputStatus.ACTIVE)

        # the server reboots, and a light is switched on while it is down
        emulator.restart(drop_connections=True)
        emulator.plant.set_light(1, 1)
        await plant.async_wait_for(
            lambda: (
                plant.connection_state is ConnectionState.CONNECTED
                and plant.lights[1].status is LightStatus.ON
            ),
            timeout=30,
        )
        unsubscribe()


async def test_readme_example(emulator: CameEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    await readme_example(emulator)
    out = capsys.readouterr().out.splitlines()
    assert "digital_inputs/1: ['status', 'utc_time'] (push)" in out
    assert any(line.startswith("connection reconnecting: ") for line in out)
    assert "lights/1: ['status'] (resync)" in out
    assert out[-1] == "connection connected: resynced"
    assert emulator.stats.sessions == 0
