"""CLI layer: ``demo``, a tour of the library against the embedded emulator (no network).

It starts the emulator with the demo plant on loopback, connects through the public API,
shows the plant, operates a few devices and waits, each time, for the event the live plant
receives from the server, so what is printed is what a real integration would see.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.events import EntityUpdated, LiveEvent
from aiocamedomotic.models import (
    DigitalInputStatus,
    LightStatus,
    LightType,
    OpeningStatus,
    ThermoZoneMode,
)

from ..app import App, async_command, cli
from ..families import Places, families, family_named
from ..output import family_table, key_value_table, out_console, say, spinner

if TYPE_CHECKING:
    from aiocamedomotic.emulator import CameEmulator
    from aiocamedomotic.live import LivePlant

#: The demo plant's factory user (docs/protocol.md §1.7).
_USER = "admin"
_PASSWORD = "admin"  # noqa: S105 - the emulator's documented factory password
#: Safety net for each awaited event; the emulator answers in milliseconds.
_EVENT_TIMEOUT = 10.0


def _pick(registry: Any, accept: Callable[[Any], bool]) -> Any:
    """The device with the lowest id that ``accept`` takes."""
    return next(registry[key] for key in sorted(registry) if accept(registry[key]))


class _Tour:
    """The steps of the demo, printed as they happen."""

    def __init__(self, live: LivePlant) -> None:
        self.live = live

    async def step(
        self, title: str, action: Callable[[], Any], entity: Any, done: Callable[[], bool]
    ) -> None:
        """Run ``action`` and print each event of ``entity`` until ``done()`` holds."""
        say(f"▶ {title}", style="bold")
        started = time.perf_counter()

        def concerns(event: LiveEvent) -> bool:
            return isinstance(event, EntityUpdated) and event.entity is entity

        async with self.live.events() as stream:
            await action()
            async for event in stream:
                if not concerns(event):
                    continue
                assert isinstance(event, EntityUpdated)
                family = family_named(event.family)
                elapsed = (time.perf_counter() - started) * 1000
                changed = ", ".join(sorted(event.changed)) or "confirmed"
                say(
                    f"   ⚡ event after {elapsed:.0f} ms ({event.source.value}): "
                    f"{family.words(entity)}   [{changed}]",
                    style="green",
                )
                if done():
                    break


@cli.command()
@async_command
async def demo(app: App) -> None:
    """Tour the library against the embedded emulator: no server, no network, no set-up.

    Starts an emulated CAME server with the demo plant on 127.0.0.1, connects to it,
    shows the plant, then switches a light, moves a shutter, presses a wall button on the
    emulated plant and changes a set point, printing each event as it arrives live.
    """
    from rich.rule import Rule

    # The emulator (aiohttp's server side) is imported only by the commands that run it.
    from aiocamedomotic.emulator import CameEmulator, Plant, Variants

    del app
    console = out_console()
    with spinner("Starting the emulated CAME server…"):
        # Short timings so that the whole tour takes a few seconds.
        fast = Variants(opening_travel_time=1.0, slat_time=0.2, scenario_delay=0.1)
        emulator = CameEmulator(Plant.demo(variants=fast))
        await emulator.start()
    try:
        console.print(Rule("aiocamedomotic demo"))
        console.print(f"Emulated CAME server listening on {emulator.url}\n", highlight=False)
        async with await CameDomoticAPI.async_create(emulator.host, _USER, _PASSWORD) as api:
            await _tour(api, emulator)
    finally:
        await emulator.stop()
    console.print(Rule("done: emulator stopped"))
    console.print(
        "Next: 'camedomotic emulate' runs this emulator on its own, and "
        "'camedomotic --host HOST -u USER list' talks to a real server.",
        highlight=False,
    )


async def _tour(api: CameDomoticAPI, emulator: CameEmulator) -> None:
    from rich.rule import Rule

    console = out_console()
    with spinner("Reading the plant…"):
        server = await api.async_get_server_info()
        latency = await api.async_ping()
        topology = await api.async_get_topology()
        live = await api.async_start_live()
    try:
        console.print(
            key_value_table(
                [
                    ("Software", server.swver or "-"),
                    ("Features", ", ".join(server.features)),
                    ("Latency", f"{latency:.1f} ms"),
                ],
                title="Server",
            )
        )
        places = Places(topology)
        for family in families():
            registry = live.registries.get(family.key)
            if registry:
                console.print(family_table(family, registry.values(), places))

        console.print(Rule("live"))
        tour = _Tour(live)
        light = _pick(
            live.lights,
            lambda light: light.type == LightType.DIMMER and light.status == LightStatus.OFF,
        )
        await tour.step(
            f"Switch '{light.name}' on at 70 %",
            lambda: light.async_set_status(LightStatus.ON, brightness=70),
            light,
            lambda: light.status == LightStatus.ON and light.perc == 70,
        )
        shutter = _pick(live.openings, lambda opening: True)
        await tour.step(
            f"Open '{shutter.name}' (it stops by itself at the end of its travel)",
            lambda: shutter.async_set_status(OpeningStatus.OPENING),
            shutter,
            lambda: shutter.status == OpeningStatus.STOPPED,
        )
        button = _pick(live.digital_inputs, lambda di: "button" in di.name.lower())
        plant = emulator.plant

        async def press() -> None:
            plant.press_input(button.act_id)

        async def release() -> None:
            plant.release_input(button.act_id)

        await tour.step(
            f"Press the wall button '{button.name}' on the emulated plant (by hand)",
            press,
            button,
            lambda: button.status == DigitalInputStatus.ACTIVE,
        )
        await tour.step(
            f"Release '{button.name}'",
            release,
            button,
            lambda: button.status == DigitalInputStatus.IDLE,
        )
        zone = _pick(live.thermo_zones, lambda zone: True)
        target = zone.set_point + 1.0
        await tour.step(
            f"Set '{zone.name}' to {target:.1f} °C (manual mode)",
            lambda: zone.async_set_config(ThermoZoneMode.MANUAL, target),
            zone,
            lambda: zone.set_point == target and zone.mode == ThermoZoneMode.MANUAL,
        )
    finally:
        await live.async_stop()
