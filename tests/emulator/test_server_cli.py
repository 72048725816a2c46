"""Emulator core, standalone: ``python -m aiocamedomotic.emulator`` as a real process."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import aiohttp
import pytest

from aiocamedomotic.emulator import CameEmulator, run_emulator
from aiocamedomotic.emulator.__main__ import main

from .server_raw import emulator_process


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_standalone_process(sig: signal.Signals) -> None:
    entry = ("-m", "aiocamedomotic.emulator", "--username", "tester", "--password", "s3cret-pw")
    async with emulator_process(*entry) as (proc, url):
        assert proc.stderr is not None
        login = {"sl_cmd": "sl_registration_req", "sl_login": "tester", "sl_pwd": "s3cret-pw"}
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as resp:
                assert resp.status == 200
            async with http.post(url, data={"command": json.dumps(login)}) as resp:
                assert (await resp.json())["sl_data_ack_reason"] == 0
        proc.send_signal(sig)
        async with asyncio.timeout(30):
            stderr = (await proc.stderr.read()).decode()
            assert await proc.wait() == 0
    assert "POST sl_registration_req sl_login=tester -> ack 0" in stderr
    assert "GET /domo/ -> 200" in stderr
    assert "s3cret-pw" not in stderr
    assert "Traceback" not in stderr


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--username", "only"])
    assert exc.value.code == 2
    assert "--password" in capsys.readouterr().err


async def test_run_emulator_until_stopped() -> None:
    """The entry point the CLI reuses: ready callback, then a clean stop on an event."""
    stop = asyncio.Event()
    seen: list[str] = []

    def ready(emulator: CameEmulator) -> None:
        seen.append(emulator.url)
        stop.set()

    async with asyncio.timeout(30):
        await run_emulator(CameEmulator(), on_ready=ready, stop=stop, handle_signals=False)
    assert len(seen) == 1
    assert seen[0].startswith("http://127.0.0.1:")


@pytest.mark.parametrize("content", [None, "not json", '{"unknown_key": 1}'])
def test_unusable_plant_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    path = tmp_path / "plant.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["--port", "0", "--plant", str(path)]) == 1
    assert "cannot start the emulator" in capsys.readouterr().err
