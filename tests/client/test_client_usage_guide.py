"""The usage guide's session snippets, run against the emulator.

Each snippet is copied from spec 001 with only the host and credentials adapted (and
``asyncio.run(main())`` replaced by ``await main()`` since tests already run in a loop).
"""

from __future__ import annotations

import logging
from pathlib import Path

import aiohttp
import pytest

from aiocamedomotic.emulator.server import CameEmulator

from .conftest import PASSWORD, USERNAME


async def test_creating_the_api_client(
    emulator: CameEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    host, username, password = emulator.host, USERNAME, PASSWORD

    from aiocamedomotic import CameDomoticAPI

    async def main() -> None:
        async with await CameDomoticAPI.async_create(host, username, password) as api:
            server_info = await api.async_get_server_info()
            print(f"Connected to server: {server_info.keycode}")

    await main()
    assert capsys.readouterr().out == (f"Connected to server: {emulator.plant.server['keycode']}\n")
    assert emulator.stats.logins == 1
    assert emulator.stats.sessions == 0, "the context manager logged out"


async def test_using_an_existing_http_session(emulator: CameEmulator) -> None:
    from aiocamedomotic import CameDomoticAPI

    async with aiohttp.ClientSession() as my_existing_session:
        async with await CameDomoticAPI.async_create(
            emulator.host, USERNAME, PASSWORD, websession=my_existing_session
        ) as api:
            await api.async_get_server_info()
        assert not my_existing_session.closed


async def _run_connection_errors_snippet(host: str, username: str, password: str) -> None:
    from aiocamedomotic import CameDomoticAPI
    from aiocamedomotic.errors import (
        CameDomoticAuthError,
        CameDomoticServerError,
        CameDomoticServerNotFoundError,
        CameDomoticServerTimeoutError,
    )

    async def main() -> None:
        try:
            async with await CameDomoticAPI.async_create(host, username, password) as api:
                lights = await api.async_get_lights()  # noqa: F841
        except CameDomoticServerNotFoundError:
            print("Server not reachable. Check the IP address.")
        except CameDomoticAuthError:
            print("Authentication failed. Check your credentials.")
        except CameDomoticServerTimeoutError:
            print("Request timed out. The server may be busy, retry later.")
        except CameDomoticServerError as err:
            print(f"Server error: {err}")

    await main()


async def test_handling_connection_errors(
    emulator: CameEmulator, closed_port_host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await _run_connection_errors_snippet(closed_port_host, USERNAME, PASSWORD)
    assert capsys.readouterr().out == "Server not reachable. Check the IP address.\n"
    await _run_connection_errors_snippet(emulator.host, USERNAME, "wrong")
    assert capsys.readouterr().out == "Authentication failed. Check your credentials.\n"
    emulator.http_error(500, cmd_name="light_list_req")
    await _run_connection_errors_snippet(emulator.host, USERNAME, PASSWORD)
    assert capsys.readouterr().out.startswith("Server error: HTTP status 500")
    await _run_connection_errors_snippet(emulator.host, USERNAME, PASSWORD)
    assert capsys.readouterr().out == ""


async def test_server_information_ping_and_features(
    emulator: CameEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    from aiocamedomotic import CameDomoticAPI
    from aiocamedomotic.errors import (
        CameDomoticServerNotFoundError,
        CameDomoticServerTimeoutError,
    )

    async with await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD) as api:
        # --- Server information
        server_info = await api.async_get_server_info()
        print(f"Keycode: {server_info.keycode}")
        print(f"Software version: {server_info.swver}")
        print(f"Server type: {server_info.type}")
        print(f"Board type: {server_info.board}")
        print(f"Serial number: {server_info.serial}")

        # --- Connectivity check
        try:
            latency_ms = await api.async_ping()
            print(f"Server responded in {latency_ms:.1f} ms")
        except CameDomoticServerNotFoundError:
            print("Server is unreachable")
        except CameDomoticServerTimeoutError:
            print("Server timed out")

        # --- Available features
        server_info = await api.async_get_server_info()
        for feature in server_info.features:
            print(f"Feature: {feature}")

        from aiocamedomotic.models import ServerFeature

        if ServerFeature.LIGHTS in server_info.features:
            lights = await api.async_get_lights()
        if ServerFeature.OPENINGS in server_info.features:
            openings = await api.async_get_openings()
        if ServerFeature.RELAYS in server_info.features:
            relays = await api.async_get_relays()
        if ServerFeature.THERMOREGULATION in server_info.features:
            zones = await api.async_get_thermo_zones()
            sensors = await api.async_get_analog_sensors()  # noqa: F841
        if ServerFeature.SCENARIOS in server_info.features:
            scenarios = await api.async_get_scenarios()
        if ServerFeature.DIGITALIN in server_info.features:
            digital_inputs = await api.async_get_digital_inputs()  # noqa: F841
        if ServerFeature.ANALOGIN in server_info.features:
            analog_inputs = await api.async_get_analog_inputs()  # noqa: F841
        if ServerFeature.TIMERS in server_info.features:
            timers = await api.async_get_timers()  # noqa: F841

    server = emulator.plant.server
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        f"Keycode: {server['keycode']}",
        f"Software version: {server['swver']}",
        f"Server type: {server['type']}",
        f"Board type: {server['board']}",
        f"Serial number: {server['serial']}",
    ]
    assert lines[5].startswith("Server responded in ")
    assert lines[5].endswith(" ms")
    assert lines[6:] == [f"Feature: {f}" for f in emulator.plant.features]
    assert lights
    assert openings
    assert relays
    assert zones
    assert scenarios


async def test_checking_authentication_status(
    emulator: CameEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    from aiocamedomotic import CameDomoticAPI

    async with await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD) as api:
        for _ in range(2):
            if api.auth.is_session_valid():
                print("Session is authenticated and valid.")
            else:
                print("No valid session — it will be renewed automatically on the next call.")
            await api.async_get_server_info()
    assert capsys.readouterr().out.splitlines() == [
        "No valid session — it will be renewed automatically on the next call.",
        "Session is authenticated and valid.",
    ]


async def test_device_autodiscovery(emulator: CameEmulator, closed_port_host: str) -> None:
    from aiocamedomotic import CAME_MAC_PREFIXES, async_is_came_endpoint

    async def async_discover_came_server(host: str, mac_address: str) -> bool:
        """Check if a network device is a CAME Domotic server."""
        # Step 1: Quick MAC prefix check (prefixes use "AA:BB:CC" format)
        mac_upper = mac_address.upper()
        if not any(mac_upper.startswith(prefix) for prefix in CAME_MAC_PREFIXES):
            return False
        # Step 2: Verify the device exposes a valid CAME API endpoint
        return await async_is_came_endpoint(host)

    assert await async_discover_came_server(emulator.host, "00:1c:b2:aa:bb:cc")
    assert not await async_discover_came_server(emulator.host, "00:11:22:aa:bb:cc")
    assert not await async_discover_came_server(closed_port_host, "00:1C:B2:AA:BB:CC")


@pytest.fixture
def restore_traffic_logger() -> object:
    logger = logging.getLogger("aiocamedomotic.traffic")
    level, handlers, propagate = logger.level, list(logger.handlers), logger.propagate
    yield logger
    for handler in logger.handlers:
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(level)
    logger.propagate = propagate


@pytest.mark.usefixtures("restore_traffic_logger")
async def test_debugging_with_traffic_logging(
    emulator: CameEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    # Enable traffic logging (anonymized request/response payloads)
    logging.getLogger("aiocamedomotic.traffic").setLevel(logging.DEBUG)

    from aiocamedomotic import CameDomoticAPI

    async with await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD) as api:
        await api.async_get_server_info()
    messages = [r.getMessage() for r in caplog.records if r.name == "aiocamedomotic.traffic"]
    assert any('"sl_pwd":"***"' in m for m in messages)
    assert all(m.startswith("HTTP ") for m in messages)


@pytest.mark.usefixtures("restore_traffic_logger")
async def test_traffic_log_to_a_file(
    emulator: CameEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    import logging

    traffic_logger = logging.getLogger("aiocamedomotic.traffic")
    traffic_logger.setLevel(logging.DEBUG)
    traffic_logger.addHandler(logging.FileHandler("came_traffic.log"))
    traffic_logger.propagate = False  # file only, no console output

    from aiocamedomotic import CameDomoticAPI

    async with await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD) as api:
        await api.async_get_server_info()
    for handler in traffic_logger.handlers:
        handler.flush()
    content = (tmp_path / "came_traffic.log").read_text(encoding="utf-8")
    assert "HTTP POST http://127.0.0.***:" in content
    assert '"sl_pwd":"***"' in content
    assert emulator.plant.server["keycode"] not in content
