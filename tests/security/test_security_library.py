"""No secret in any log record (every logger at DEBUG), repr, str or error of a full session:
lists (cameras and users included), commands, user management, the live plant through a
restart, a wrong password and every kind of failure."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from support.live import FAST, plant_differences

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.connection import ConnectionState
from aiocamedomotic.emulator import CameEmulator
from aiocamedomotic.errors import CameDomoticAuthError, CameDomoticError
from aiocamedomotic.events import LiveEvent
from aiocamedomotic.models import LightStatus

from .conftest import (
    ALARM_CODE,
    GUEST_NEW_PASSWORD,
    GUEST_PASSWORD,
    NEW_PASSWORD,
    PASSWORD,
    USERNAME,
    WRONG_PASSWORD,
    assert_no_secret,
    record_texts,
    secure_plant,
    static_secrets,
)


class Seen:
    """Collects the objects and texts of a scenario, and every session id the server issued."""

    def __init__(self, emulator: CameEmulator) -> None:
        self.emulator = emulator
        self.objects: list[Any] = []
        self.errors: list[BaseException] = []
        self.session_ids: set[str] = set()

    def sessions(self) -> None:
        self.session_ids.update(self.emulator.sessions)

    def add(self, *objects: Any) -> None:
        self.sessions()
        for obj in objects:
            if isinstance(obj, list | tuple):
                self.add(*obj)
            else:
                self.objects.append(obj)

    async def error(self, call: Any, expected: type[BaseException] = CameDomoticError) -> None:
        with pytest.raises(expected) as caught:
            await call
        self.sessions()
        self.errors.append(caught.value)

    def texts(self) -> list[str]:
        texts = [text for obj in self.objects for text in (repr(obj), str(obj))]
        for err in self.errors:
            texts += [str(err), repr(err), repr(err.args)]
            cause = err.__cause__
            if cause is not None:
                texts += [str(cause), repr(cause)]
        return texts


def list_methods(api: CameDomoticAPI) -> list[str]:
    """Every ``async_get_*`` method callable without arguments (new families included)."""
    names = []
    for name in dir(api):
        if not name.startswith("async_get_") or name == "async_get_updates":
            continue
        params = inspect.signature(getattr(api, name)).parameters.values()
        if all(p.default is not p.empty for p in params):
            names.append(name)
    return names


async def test_no_secret_anywhere(debug_logs: pytest.LogCaptureFixture) -> None:
    plant = secure_plant()
    secrets = static_secrets(plant)
    async with CameEmulator(plant, username=USERNAME, password=PASSWORD) as emulator:
        seen = Seen(emulator)
        api = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD)
        seen.add(api, api.auth)
        names = list_methods(api)
        assert {"async_get_cameras", "async_get_users", "async_get_lights"} <= set(names)
        for name in names:
            seen.add(await getattr(api, name)())
        seen.add(api.auth)  # logged in now

        # commands, the alarm code included
        lights = await api.async_get_lights()
        await lights[0].async_set_status(LightStatus.ON)
        centrals = await api.async_get_security_centrals()
        await centrals[0].async_arm(ALARM_CODE)
        await centrals[0].async_disarm(ALARM_CODE)
        await seen.error(centrals[0].async_arm("00000000"))  # a wrong code

        # user management
        guest = await api.async_add_user("guest", GUEST_PASSWORD)
        await guest.async_change_password(GUEST_PASSWORD, GUEST_NEW_PASSWORD)
        seen.add(guest, await api.async_get_users())
        await seen.error(guest.async_change_password(GUEST_PASSWORD, "whatever-pw-1"))

        # the live plant through a server restart
        events: list[LiveEvent] = []
        async with api.live(options=FAST) as live:
            live.subscribe(events.append)
            await asyncio.wait_for(emulator.wait_for_pending_poll(), 10)
            seen.sessions()
            emulator.restart(drop_connections=True)
            emulator.plant.toggle_light(2)
            await live.async_wait_for(
                lambda: (
                    live.connection_state is ConnectionState.CONNECTED
                    and not plant_differences(live, emulator, USERNAME)
                ),
                timeout=10,
            )
            seen.add(live, [list(registry.values()) for registry in live.registries.values()])
        assert events
        seen.add(events, [e.reason for e in events if hasattr(e, "reason")])

        # failures
        info = "feature_list_req"
        arms: tuple[Callable[[], None], ...] = (
            lambda: emulator.fail_next(8, count=2, cmd_name=info),
            lambda: emulator.http_error(500, cmd_name=info),
            lambda: emulator.invalid_json(cmd_name=info),
            lambda: emulator.truncated_json(cmd_name=info),
            lambda: emulator.reset_connection(cmd_name=info),
            lambda: emulator.fail_next(3, cmd_name=info),
        )
        for arm in arms:
            arm()
            await seen.error(api.async_get_server_info())
        api.auth.command_timeout = 1
        emulator.delay_replies(30, count=1)
        await seen.error(api.async_get_lights())
        api.auth.command_timeout = 30

        # a wrong password, then the owner's password changed
        wrong = await CameDomoticAPI.async_create(emulator.host, USERNAME, WRONG_PASSWORD)
        await seen.error(wrong.async_get_server_info(), CameDomoticAuthError)
        seen.add(wrong, wrong.auth)
        await wrong.async_dispose()
        owner = next(user for user in await api.async_get_users() if user.name == USERNAME)
        await owner.async_change_password(PASSWORD, NEW_PASSWORD)
        stale = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD)
        await seen.error(stale.async_get_lights(), CameDomoticAuthError)
        await stale.async_dispose()
        seen.add(api, api.auth)
        await api.async_dispose()
        seen.add(api, api.auth)

    assert len(seen.session_ids) >= 3  # initial, after the restart, the failures' re-logins
    assert len(seen.errors) >= 10
    texts = record_texts(debug_logs.records)
    emulator_lines = [r for r in debug_logs.records if r.name.startswith("aiocamedomotic.emulator")]
    traffic_lines = [r for r in debug_logs.records if r.name == "aiocamedomotic.traffic"]
    assert emulator_lines, "the emulator logged at DEBUG"
    assert traffic_lines, "the client logged its traffic"
    assert_no_secret(secrets | seen.session_ids, texts + seen.texts())
