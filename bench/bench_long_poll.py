"""Benchmark 2: a long poll returning 100 indications, turned into typed updates.

Library, three depths: ``api.async_get_updates()`` alone; plus ``get_typed_updates()`` and
each update's ``device_type`` and ``device_id`` (what a dispatcher reads); plus every field
property of every update (nothing left unread, the target's row).
Floor: the same ``status_update_req`` POST with plain aiohttp + json.loads. Both run
against a canned server in its own process answering at once with 100 real indications made
by the emulator plant (lights, openings, relays, thermo zones, digital and analog inputs).
Target: <= 1.5x the floor.
"""

from __future__ import annotations

import asyncio

from benchlib import (
    PLANT_500,
    CannedServer,
    Floor,
    compare,
    encode_reply,
    indications,
    make_plant,
    print_table,
    us,
    verdict,
)

from aiocamedomotic import CameDomoticAPI

TARGET = 1.5
CALLS = 200
INDICATIONS = 100


async def run(host: str) -> None:
    async with (
        await CameDomoticAPI.async_create(host, "admin", "admin") as api,
        Floor(host) as floor,
    ):

        async def raw() -> object:
            return await api.async_get_updates()

        async def routing() -> int:
            # what a dispatcher reads: the type and id of each update
            read = 0
            for update in (await api.async_get_updates()).get_typed_updates():
                read += update.device_type is not None and update.device_id is not None
            return read

        async def every_property() -> int:
            read = 0
            for update in (await api.async_get_updates()).get_typed_updates():
                read += update.device_type is not None
                for name in type(update)._fields:
                    getattr(update, name)
                    read += 1
            return read

        async def plain() -> object:
            return await floor.command({"cmd_name": "status_update_req"})

        assert len(await api.async_get_updates()) == INDICATIONS
        reads = await every_property()
        rows = []
        for label, library in (
            ("async_get_updates() only (raw dicts)", raw),
            ("+ get_typed_updates(), device_type and device_id", routing),
            (f"+ every property of every update ({reads} reads)", every_property),
        ):
            lib, flo = await compare(library, plain, count=CALLS)
            ratio = lib / flo
            rows.append(
                [
                    label,
                    us(lib),
                    us(flo),
                    f"{ratio:.2f}x",
                    f"<= {TARGET}x",
                    verdict(ratio <= TARGET),
                ]
            )
    print_table(
        f"bench_long_poll: a poll of {INDICATIONS} indications -> typed updates, "
        "client CPU per poll",
        ["library", "CPU", "floor (aiohttp + json.loads)", "ratio", "target", "result"],
        rows,
    )


def main() -> None:
    batch = asyncio.run(indications(make_plant(PLANT_500), INDICATIONS))
    reply = encode_reply({"cmd_name": "status_update_resp", "result": batch})
    with CannedServer({"status_update_req": reply}) as server:
        asyncio.run(run(server.host))


if __name__ == "__main__":
    main()
