"""Benchmark 2: a long poll returning 100 indications, turned into typed updates.

Library, three depths: ``api.async_get_updates()`` alone; plus ``get_typed_updates()`` and
each update's ``device_type`` and ``device_id`` (what a dispatcher reads); plus every field
property of every update (nothing left unread, the target's row).
Floor: the same ``status_update_req`` POST with plain aiohttp + json.loads; for the
"every property" row the floor then also reads, from the decoded dicts, the same wire keys
the library's properties read (the first key of each field, in the same order) with the
same trivial conversion (int, float, tenths -> float, str, bool, enum value -> member
through a dict), so both sides do the same work. The read plan (which key, which
conversion) is computed once, outside the timed loop. Both run
against a canned server in its own process answering at once with 100 real indications made
by the emulator plant (lights, openings, relays, thermo zones, digital and analog inputs).
Targets (issue 15): typed updates with device_type and device_id <= 1.2x the bare poll;
every property <= 1.3x the floor doing the same reads.
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
from aiocamedomotic.models import _fields

# conversion codes of the floor's read plan
GET, INT, FLOAT, TENTHS, STR, BOOL, ENUM = range(7)
_KINDS = {
    _fields.to_int: INT,
    _fields.to_float: FLOAT,
    _fields.tenths: TENTHS,
    _fields.to_str: STR,
    _fields.to_bool: BOOL,
}
#: Plain stand-in of an enum lookup: value -> member (here the value itself).
_ENUM_MEMBERS = {value: value for value in range(-1, 256)}

ReadPlan = list[list[tuple[str, int]]]


def read_plan(updates: list[object]) -> ReadPlan:
    """Per indication: (wire key, conversion code) of every field the library reads."""
    plan: ReadPlan = []
    for update in updates:
        reads = []
        for field in type(update)._fields.values():  # type: ignore[attr-defined]
            convert = field._convert
            if field._read is not None or convert is None:
                kind = GET
            elif "enum_converter" in convert.__qualname__:
                kind = ENUM
            else:
                kind = _KINDS.get(convert, GET)
            reads.append((field.keys[0], kind))
        plan.append(reads)
    return plan


def read_like_the_library(items: list[dict[str, object]], plan: ReadPlan) -> int:
    """The floor's reads: the same keys and conversions, in plain Python."""
    read = 0
    for item, reads in zip(items, plan, strict=True):
        read += item.get("cmd_name") is not None  # device_type comes from cmd_name
        for key, kind in reads:
            value: object = item.get(key)
            if value is not None:
                if kind == INT:
                    value = int(value)  # type: ignore[call-overload]
                elif kind == TENTHS:
                    value = value / 10  # type: ignore[operator]
                elif kind == FLOAT:
                    value = float(value)  # type: ignore[arg-type]
                elif kind == STR:
                    value = str(value)
                elif kind == BOOL:
                    value = bool(value)
                elif kind == ENUM:
                    value = _ENUM_MEMBERS.get(value)  # type: ignore[call-overload]
            read += 1
    return read


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

        updates = (await api.async_get_updates()).get_typed_updates()
        assert len(updates) == INDICATIONS
        plan = read_plan(list(updates))

        async def plain_reading() -> int:
            reply = await floor.command({"cmd_name": "status_update_req"})
            return read_like_the_library(reply["result"], plan)

        reads = await every_property()
        floor_reads = await plain_reading()
        assert reads == floor_reads, (reads, floor_reads)
        rows = []
        for label, library, floor_call, target in (
            ("async_get_updates() only (raw dicts)", raw, plain, None),
            ("+ get_typed_updates(), device_type and device_id", routing, plain, 1.2),
            (
                f"+ every property of every update ({reads} reads; floor reads the same keys)",
                every_property,
                plain_reading,
                1.3,
            ),
        ):
            lib, flo = await compare(library, floor_call, count=CALLS)
            ratio = lib / flo
            rows.append(
                [
                    label,
                    us(lib),
                    us(flo),
                    f"{ratio:.2f}x",
                    "-" if target is None else f"<= {target}x",
                    "" if target is None else verdict(ratio <= target),
                ]
            )
    print_table(
        f"bench_long_poll: a poll of {INDICATIONS} indications -> typed updates, "
        "client CPU per poll",
        ["library", "CPU", "floor (aiohttp + json.loads [+ reads])", "ratio", "target", "result"],
        rows,
    )


def main() -> None:
    batch = asyncio.run(indications(make_plant(PLANT_500), INDICATIONS))
    reply = encode_reply({"cmd_name": "status_update_resp", "result": batch})
    with CannedServer({"status_update_req": reply}) as server:
        asyncio.run(run(server.host))


if __name__ == "__main__":
    main()
