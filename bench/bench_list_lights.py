"""Benchmark 1: reading a list of 200 lights with ``CameDomoticAPI.async_get_lights()``.

Floor: the same ``light_list_req`` POST with plain aiohttp + json.loads. Both run against a
canned server in its own process (the emulator plant's own ``light_list_resp``), so the
client CPU per call is the library's cost. Target (issue 15): <= 1.2x the floor with the
standard json, <= 1.0x with orjson.
The codec in use (orjson with the ``speedups`` extra, else json; ``AIOCAMEDOMOTIC_JSON=stdlib``
forces json) is printed; the floor always decodes with json.loads.
"""

from __future__ import annotations

import asyncio

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

from aiocamedomotic import CameDomoticAPI, _codec

#: <= 1.2x with the standard json; with orjson, at or below the json.loads floor.
TARGET = 1.0 if _codec.BACKEND == "orjson" else 1.2
CALLS = 200


async def run(host: str) -> None:
    request = {"cmd_name": "light_list_req", "topologic_scope": "plant", "value": 0}
    async with (
        await CameDomoticAPI.async_create(host, "admin", "admin") as api,
        Floor(host) as floor,
    ):
        assert len(await api.async_get_lights()) == 200
        assert len((await floor.command(request))["array"]) == 200
        lib, flo = await compare(api.async_get_lights, lambda: floor.command(request), count=CALLS)
    ratio = lib / flo
    print_table(
        "bench_list_lights: async_get_lights() of 200 lights, client CPU per call "
        f"(library codec: {_codec.BACKEND})",
        ["library", "floor (aiohttp + json.loads)", "ratio", "target", "result"],
        [[us(lib), us(flo), f"{ratio:.2f}x", f"<= {TARGET}x", verdict(ratio <= TARGET)]],
    )


def main() -> None:
    plant = make_plant({"lights": 200})
    with CannedServer(canned_replies(plant, ["light_list_req"])) as server:
        asyncio.run(run(server.host))


if __name__ == "__main__":
    main()
