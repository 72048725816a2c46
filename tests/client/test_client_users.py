"""User management lifecycle against the emulator (PROTOCOL.md §2.5-§2.8, §4.18)."""

from __future__ import annotations

import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.errors import CameDomoticAuthError, CameDomoticServerError
from aiocamedomotic.models.base import User

from .conftest import PASSWORD, USERNAME


async def _user_names(api: CameDomoticAPI) -> list[str]:
    return [user.name for user in await api.async_get_users()]


async def test_users_and_groups_are_listed(emulator: CameEmulator, api: CameDomoticAPI) -> None:
    users = await api.async_get_users()
    assert [u.name for u in users] == list(emulator.plant.users)
    assert all(isinstance(u, User) and u.auth is api.auth for u in users)
    groups = await api.async_get_terminal_groups()
    assert [(g.name, g.id) for g in groups] == [
        (g["group_name"], g["group_id"]) for g in emulator.plant.terminal_groups
    ]


async def test_full_user_lifecycle(emulator: CameEmulator, api: CameDomoticAPI) -> None:
    group = (await api.async_get_terminal_groups())[0].name
    guest = await api.async_add_user("guest", "pw-guest-1", group)
    assert guest.name == "guest"
    assert "guest" in await _user_names(api)

    # The new user can log in at once.
    async with await CameDomoticAPI.async_create(emulator.host, "guest", "pw-guest-1") as other:
        assert (await other.async_get_server_info()).keycode

    # Password change: the old password stops working, the new one works.
    await guest.async_change_password("pw-guest-1", "pw-guest-2")
    async with await CameDomoticAPI.async_create(emulator.host, "guest", "pw-guest-1") as other:
        with pytest.raises(CameDomoticAuthError):
            await other.async_get_server_info()
    with pytest.raises(CameDomoticAuthError, match="password"):
        await guest.async_change_password("not-the-password", "pw-guest-3")

    # Switch the session to the new user; the previous session is logged out.
    await api.auth.async_login()
    logouts = emulator.stats.logouts
    await guest.async_set_as_current_user("pw-guest-2")
    assert api.auth.current_username == "guest"
    assert emulator.sessions[api.auth.client_id].username == "guest"
    assert emulator.stats.logouts == logouts + 1

    # Changing the current user's password updates the stored credentials: a later
    # re-login (after the server expired the session) uses the new password.
    await guest.async_change_password("pw-guest-2", "pw-guest-3")
    emulator.expire_sessions()
    assert (await api.async_get_server_info()).keycode
    assert emulator.sessions[api.auth.client_id].username == "guest"

    # The current user cannot be deleted; another one can.
    with pytest.raises(ValueError, match="logged in as"):
        await guest.async_delete()
    admin = next(u for u in await api.async_get_users() if u.name == USERNAME)
    await admin.async_set_as_current_user(PASSWORD)
    await guest.async_delete()
    assert "guest" not in await _user_names(api)
    assert "guest" not in emulator.plant.users


async def test_failed_switch_restores_the_previous_user(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    family = next(u for u in await api.async_get_users() if u.name != USERNAME)
    await api.auth.async_login()
    client_id = api.auth.client_id
    logins = emulator.stats.logins
    with pytest.raises(CameDomoticAuthError):
        await family.async_set_as_current_user("certainly-wrong")
    assert api.auth.current_username == USERNAME
    assert api.auth.client_id == client_id
    assert api.auth.is_session_valid()
    await api.async_get_server_info()
    assert emulator.stats.logins == logins, "still connected as the original user"
    assert emulator.sessions[client_id].username == USERNAME


async def test_add_user_with_default_group_and_server_refusal(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    await api.async_add_user("visitor", "pw-visitor")
    assert emulator.plant.users["visitor"] == "pw-visitor"
    with pytest.raises(CameDomoticServerError) as info:  # duplicate name: ACK 11
        await api.async_add_user("visitor", "pw-visitor")
    assert info.value.ack_code == 11


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("", "pw", "*"), "username"),
        (("x", None, "*"), "password"),
        (("x", "pw", ""), "group"),
    ],
)
async def test_add_user_validates_arguments(
    emulator: CameEmulator, api: CameDomoticAPI, args: tuple[object, ...], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        await api.async_add_user(*args)  # type: ignore[arg-type]
    assert emulator.stats.http_requests == 0


async def test_user_argument_validation(api: CameDomoticAPI) -> None:
    with pytest.raises(ValueError, match="name"):
        User({}, api.auth)
    user = User({"name": "someone"}, api.auth)
    with pytest.raises(ValueError, match="new_password"):
        await user.async_change_password("old", "")
    with pytest.raises(ValueError, match="password"):
        await user.async_set_as_current_user(None)  # type: ignore[arg-type]
    assert repr(user) == "User(name='someone')"
