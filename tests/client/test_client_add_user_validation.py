"""``async_add_user`` refuses empty or non-string arguments before sending anything."""

from __future__ import annotations

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        (("", "Pw-guest-1", "*"), "username"),
        ((None, "Pw-guest-1", "*"), "username"),
        (("guest", "", "*"), "password"),
        (("guest", None, "*"), "password"),
        (("guest", b"Pw-guest-1", "*"), "password"),
        (("guest", "Pw-guest-1", ""), "group"),
        (("guest", "Pw-guest-1", None), "group"),
    ],
)
async def test_add_user_refuses_before_sending(
    emulator: CameEmulator, api: CameDomoticAPI, args: tuple[object, ...], argument: str
) -> None:
    users = dict(emulator.plant.users)
    with pytest.raises(ValueError, match=rf"^{argument} must be a non-empty string") as info:
        await api.async_add_user(*args)  # type: ignore[arg-type]
    assert "Pw-guest-1" not in str(info.value)  # the message never quotes the password
    assert emulator.stats.http_requests == 0  # nothing sent, not even the login
    assert emulator.plant.users == users


async def test_add_user_with_valid_arguments_still_works(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    user = await api.async_add_user("guest", "Pw-guest-1")
    assert user.name == "guest"
    assert emulator.plant.users["guest"] == "Pw-guest-1"
