"""Benchmark 3: one light command, ``Light.async_set_status``.

Library: ``light.async_set_status(ON / OFF)`` (alternating, so the known effect really
changes the object). Floor: the same ``light_switch_req`` POST with plain aiohttp +
json.loads. Both against a canned server in its own process answering ``generic_reply``.
Target: <= 1.05x the floor (issue 15). Second row, for information: a floor that form-encodes
the body itself (urllib) instead of handing aiohttp a dict, as the library now does.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from urllib.parse import urlencode

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

        headers = {
            "Accept": "application/json, text/plain, */*",
            "Content-Type": "application/x-www-form-urlencoded",
        }

        async def plain_bytes() -> object:
            # the same request with the body form-encoded by urllib rather than by aiohttp's
            # form object (which builds a multipart writer and a uuid4 boundary per request)
            message = floor.envelope(
                {
                    "cmd_name": "light_switch_req",
                    "act_id": light.act_id,
                    "wanted_status": next(wanted),
                }
            )
            text = json.dumps(message, separators=(",", ":"), ensure_ascii=False)
            body = urlencode({"command": text}, encoding="utf-8").encode()
            async with floor.session.post(floor.url, data=body, headers=headers) as response:
                return json.loads((await response.read()).decode("utf-8"))

        lib, flo = await compare(library, plain, count=CALLS)
        lib2, flo2 = await compare(library, plain_bytes, count=CALLS)
    rows = [
        [
            "aiohttp form (data=dict) + json.loads",
            us(lib),
            us(flo),
            f"{lib / flo:.2f}x",
            f"<= {TARGET}x",
            verdict(lib / flo <= TARGET),
        ],
        [
            "body pre-encoded with urllib + json.loads",
            us(lib2),
            us(flo2),
            f"{lib2 / flo2:.2f}x",
            "-",
            "",
        ],
    ]
    print_table(
        "bench_light_command: Light.async_set_status(), client CPU per command",
        ["floor", "library", "floor CPU", "ratio", "target", "result"],
        rows,
    )


def main() -> None:
    plant = make_plant({"lights": 1})
    with CannedServer(canned_replies(plant, ["light_list_req"])) as server:
        asyncio.run(run(server.host))


if __name__ == "__main__":
    main()
