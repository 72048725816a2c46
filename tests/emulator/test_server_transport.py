"""Emulator core, transport (PROTOCOL.md §1): endpoint, request decoding, reply encoding."""

from __future__ import annotations

import json
from urllib.parse import quote

import aiohttp
import pytest

from aiocamedomotic.emulator import CameEmulator

from .server_raw import connect, scripted_plant

LOGIN = {"sl_cmd": "sl_registration_req", "sl_login": "admin", "sl_pwd": "admin"}


async def test_get_on_the_api_path_answers_200_html(emulator: CameEmulator) -> None:
    async with aiohttp.ClientSession() as http, http.get(emulator.url) as resp:
        assert resp.status == 200
        assert resp.content_type == "text/html"
        assert 0 < len(await resp.read()) < 200
    assert emulator.url == f"http://127.0.0.1:{emulator.port}/domo/"
    assert emulator.host == f"127.0.0.1:{emulator.port}"
    assert emulator.port > 0


async def test_unknown_paths_answer_404(emulator: CameEmulator) -> None:
    base = f"http://{emulator.host}"
    async with aiohttp.ClientSession() as http:
        for path in ("/", "/domo", "/domo/test.html", "/index.html"):
            async with http.get(base + path) as resp:
                assert resp.status == 404, path
        async with http.post(base + "/other/", data={"command": json.dumps(LOGIN)}) as resp:
            assert resp.status == 404
    assert emulator.stats.logins == 0


async def test_json_reply_headers_and_raw_utf8() -> None:
    async with CameEmulator(scripted_plant()) as emu, connect(emu) as raw:
        session_id = await raw.login()
        message = {
            "sl_cmd": "sl_data_req",
            "sl_client_id": session_id,
            "sl_appl_msg": {"cmd_name": "accent_req", "cseq": 3},
        }
        status, ctype, body = await raw.send({"command": json.dumps(message)})
    assert status == 200
    assert ctype == "application/json; charset=utf-8"
    assert "Niccolò".encode() in body  # raw UTF-8, not a \u escape
    assert b"\\u" not in body
    assert json.loads(body)["name"] == "Camera di Niccolò"


async def test_form_body_with_extra_fields_and_pretty_json(emulator: CameEmulator) -> None:
    async with connect(emulator) as raw:
        pretty = json.dumps(LOGIN, indent=4)
        status, _, body = await raw.send({"other": "x", "command": pretty})
    assert status == 200
    assert json.loads(body)["sl_data_ack_reason"] == 0


async def test_command_in_the_query_string(emulator: CameEmulator) -> None:
    async with connect(emulator) as raw:
        status, _, body = await raw.send(params={"command": json.dumps(LOGIN)})
    assert status == 200
    assert json.loads(body)["sl_data_ack_reason"] == 0


async def test_unencoded_body_falls_back_to_the_raw_text() -> None:
    # A client that forgot to form-encode: '&' inside the JSON splits the form field, so the
    # decoded value is not JSON and the raw text after "command=" is used (§1.2 guidance).
    plant = scripted_plant(users={"admin": "a&b%zz"})
    async with CameEmulator(plant) as emu, connect(emu) as raw:
        text = json.dumps({**LOGIN, "sl_pwd": "a&b%zz"})
        status, _, body = await raw.send(
            b"command=" + text.encode(),
            params=None,
        )
        assert status == 200
        assert json.loads(body)["sl_data_ack_reason"] == 0
        # Percent-encoded the usual way works too.
        status, _, body = await raw.send(("command=" + quote(text)).encode())
        assert json.loads(body)["sl_data_ack_reason"] == 0


async def test_errors_are_http_200_with_an_ack(emulator: CameEmulator) -> None:
    async with connect(emulator) as raw:
        for data in (b"", b"command=", b"command=not json", b"foo=bar"):
            status, ctype, body = await raw.send(data)
            assert (status, ctype) == (200, "application/json; charset=utf-8"), data
            assert json.loads(body) == {"sl_data_ack_reason": 4}, data


async def test_a_taken_port_fails_at_start(emulator: CameEmulator) -> None:
    with pytest.raises(OSError):  # noqa: PT011 - the address is in use
        async with CameEmulator(port=emulator.port):
            pass
    with pytest.raises(RuntimeError, match="once"):
        await emulator.start()
