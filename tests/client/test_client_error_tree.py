"""The error tree: each precise class is raised where its case arises (against the emulator),
and the documented class that was raised there before still catches it. (Lost connections
and malformed bodies: test_client_errors.py.)"""

from __future__ import annotations

import aiohttp
import pytest

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic import errors as e
from aiocamedomotic.const import AckErrorCode
from aiocamedomotic.emulator.server import CameEmulator
from aiocamedomotic.models import LightStatus

from .conftest import PASSWORD, USERNAME


def test_every_new_class_sits_under_a_documented_one() -> None:
    documented = {
        e.CameDomoticConnectionError: e.CameDomoticServerError,
        e.CameDomoticProtocolError: e.CameDomoticServerError,
        e.CameDomoticAckError: e.CameDomoticServerError,
        e.CameDomoticSessionError: e.CameDomoticAckError,
        e.CameDomoticUnsupportedFeatureError: e.CameDomoticAckError,
        e.CameDomoticStateError: e.CameDomoticError,
    }
    for cls, base in documented.items():
        assert issubclass(cls, base)
    assert issubclass(e.CameDomoticStateError, RuntimeError)
    # ACK 1 and 3 stay authentication errors: an `except CameDomoticServerError` placed
    # before an `except CameDomoticAuthError` must not start catching refused logins.
    assert not issubclass(e.CameDomoticAuthError, e.CameDomoticServerError)


def test_the_ack_table_is_the_one_source_of_create_ack_error() -> None:
    assert set(e.ACK_ERRORS) == {1, 3, 7, 8, 9}
    for code in AckErrorCode:
        error = e.CameDomoticServerError.create_ack_error(code)
        assert type(error) is e.ACK_ERRORS.get(code, e.CameDomoticAckError)
        assert error.ack_code == code
    with pytest.raises(TypeError):
        e.ACK_ERRORS[4] = e.CameDomoticAckError  # type: ignore[index]


async def test_wrong_answer_name_is_a_protocol_error(api: CameDomoticAPI) -> None:
    with pytest.raises(e.CameDomoticProtocolError, match="unexpected answer") as info:
        await api.auth.async_send_command(
            {"cmd_name": "feature_list_req"}, response_command="datetime_resp"
        )
    assert isinstance(info.value, e.CameDomoticServerError)


async def test_refused_command_is_an_ack_error(emulator: CameEmulator, api: CameDomoticAPI) -> None:
    light = (await api.async_get_lights())[0]
    emulator.fail_next(AckErrorCode.WRONG_APPLICATION_DATA, cmd_name="light_switch_req")
    with pytest.raises(e.CameDomoticAckError) as info:
        await light.async_set_status(LightStatus.ON)
    assert type(info.value) is e.CameDomoticAckError
    assert isinstance(info.value, e.CameDomoticServerError)
    assert info.value.ack_code == AckErrorCode.WRONG_APPLICATION_DATA


async def test_lost_session_of_a_command_sent_once_is_a_session_error(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    await api.auth.async_login()
    assert emulator.expire_sessions() >= 1
    with pytest.raises(e.CameDomoticSessionError, match="session was lost") as info:
        await api.auth.async_send_command_once({"cmd_name": "feature_list_req"})
    assert isinstance(info.value, e.CameDomoticServerError)
    assert info.value.ack_code == AckErrorCode.WRONG_CLIENT_ID
    assert (await api.async_get_server_info()).keycode, "the next call logs in again"


async def test_loss_that_persists_after_a_new_login_is_a_session_error(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    await api.auth.async_login()
    emulator.fail_next(AckErrorCode.NO_CLIENT_ID, count=2, cmd_name="feature_list_req")
    with pytest.raises(e.CameDomoticSessionError) as info:
        await api.async_get_server_info()
    assert info.value.ack_code == AckErrorCode.NO_CLIENT_ID


async def test_unknown_command_is_an_unsupported_feature(
    emulator: CameEmulator, api: CameDomoticAPI
) -> None:
    # the emulator answers ACK 9 for a command its plant does not know, as a server whose
    # firmware lacks the feature
    with pytest.raises(e.CameDomoticUnsupportedFeatureError) as info:
        await api.auth.async_send_command({"cmd_name": "hologram_list_req"})
    assert info.value.ack_code == AckErrorCode.WRONG_APPLICATION_COMMAND
    emulator.fail_next(AckErrorCode.WRONG_APPLICATION_COMMAND, cmd_name="sound_room_list_req")
    with pytest.raises(e.CameDomoticServerError):
        await api.async_get_sound_zones()


async def test_refused_login_stays_an_auth_error(emulator: CameEmulator) -> None:
    async with await CameDomoticAPI.async_create(emulator.host, USERNAME, "wrong") as api:
        with pytest.raises(e.CameDomoticAuthError) as info:
            await api.async_get_server_info()
    assert not isinstance(info.value, e.CameDomoticServerError)
    emulator.fill_session_table()
    async with await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD) as api:
        with pytest.raises(e.CameDomoticAuthError) as info:
            await api.async_get_server_info()
    assert type(info.value) is e.CameDomoticTooManySessionsError


async def test_second_live_plant_is_a_state_error(api: CameDomoticAPI) -> None:
    async with api.live() as plant:
        with pytest.raises(e.CameDomoticStateError, match="already running") as info:
            await api.async_start_live()
        assert isinstance(info.value, RuntimeError)
        with pytest.raises(e.CameDomoticStateError, match="already started"):
            await plant.async_start()
    with pytest.raises(e.CameDomoticError, match="is stopped"):
        await plant.async_get_updates(timeout=5)


async def test_disposed_client_is_a_state_error(emulator: CameEmulator) -> None:
    api = await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD)
    await api.async_dispose()
    with pytest.raises(e.CameDomoticStateError) as info:
        await api.async_get_server_info()
    assert isinstance(info.value, e.CameDomoticError)
    assert PASSWORD not in str(info.value)


async def test_closed_http_session_is_a_state_error(emulator: CameEmulator) -> None:
    websession = aiohttp.ClientSession()
    api = await CameDomoticAPI.async_create(
        emulator.host, USERNAME, PASSWORD, websession=websession
    )
    await websession.close()
    with pytest.raises(e.CameDomoticStateError, match="HTTP session is closed"):
        await api.async_get_server_info()
    await api.async_dispose()
