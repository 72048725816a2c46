"""Benchmark 3: one light command, ``Light.async_set_status``.

Library: ``light.async_set_status(ON / OFF)`` (alternating, so the known effect really
changes the object). Floor: the same ``light_switch_req`` POST with plain aiohttp +
json.loads. Both against a canned server in its own process answering ``generic_reply``.
Target: <= 1.05x the floor (issue 15).
"""

from __future__ import annotations

import asyncio
import itertools

from benchlib import (
    CannedServer,
    Floor,
    canned_replies,
    compare,
    make_plant,
    print_table,
    us,
    verdict,
)

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.models import LightStatus

TARGET = 1.05
CALLS = 1000


async def run(host: str) -> None:
    async with (
        await CameDomoticAPI.async_create(host, "admin", "admin") as api,
        Floor(host) as floor,
    ):
        light = (await api.async_get_lights())[0]
        statuses = itertools.cycle([LightStatus.ON, LightStatus.OFF])
        wanted = itertools.cycle([1, 0])

        async def library() -> None:
            await light.async_set_status(next(statuses))

        async def plain() -> object:
            return await floor.command(
                {
                    "cmd_name": "light_switch_req",
                    "act_id": light.act_id,
                    "wanted_status": next(wanted),
                }
            )

        lib, flo = await compare(library, plain, count=CALLS)
    ratio = lib / flo
    print_table(
        "bench_light_command: Light.async_set_status(), client CPU per command",
        ["library", "floor (aiohttp + json.loads)", "ratio", "target", "result"],
        [[us(lib), us(flo), f"{ratio:.2f}x", f"<= {TARGET}x", verdict(ratio <= TARGET)]],
    )


def main() -> None:
    plant = make_plant({"lights": 1})
    with CannedServer(canned_replies(plant, ["light_list_req"])) as server:
        asyncio.run(run(server.host))


if __name__ == "__main__":
    main()
