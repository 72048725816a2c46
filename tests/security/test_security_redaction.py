"""One URI redaction rule everywhere: camera credentials (user information and credential-like
parameters, in any of the six camera URI fields) never reach the traffic log, the emulator's
request log, a camera's repr or a ``camedomotic snapshot`` file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli.conftest import Cli, EmulatorThread

from aiocamedomotic import CameDomoticAPI
from aiocamedomotic._redact import SECRET_PARAMETERS, redact_uri
from aiocamedomotic.anonymizer import anonymize_payload, anonymize_uri
from aiocamedomotic.emulator import CameEmulator, Plant

from .conftest import assert_no_secret, record_texts

USERNAME = "admin"
PASSWORD = "admin"

#: Distinctive camera credentials, one pair per URI field and spelling.
CAMERA_URIS = {
    "uri": "rtsp://cam-u1:Cam-pw-1@10.0.0.41:554/stream1?channel=1",
    "uri_still": "http://10.0.0.41/snap.cgi?user=cam-u2&pwd=Cam-pw-2&res=hd",
    "uri2": "rtsp://10.0.0.41:554/user=cam-u3&password=Cam-pw-3&channel=1&stream=0.sdp",
    "proxy1": "http://10.0.0.41/videostream.cgi?loginuse=cam-u4&loginpas=Cam-pw-4",
    "proxy2": "http://10.0.0.41/cgi-bin/video.cgi?USER=cam-u5&PASSWD=Cam-pw-5",
    "proxy_still": "http://10.0.0.41/image.jpg?Pass=Cam-pw-6&Usr=cam-u6&size=2",
}
CAMERA_SECRETS = {f"Cam-pw-{n}" for n in range(1, 7)} | {f"cam-u{n}" for n in range(1, 7)}


def camera_plant() -> Plant:
    """The demo plant whose first camera has credentials in all six URI fields."""
    data = Plant.demo().to_dict()
    data["cameras"][0].update(CAMERA_URIS)
    return Plant(data)


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("rtsp://admin:pw@192.168.1.50/stream", "rtsp://***:***@192.168.1.50/stream"),
        ("rtsp://admin:p@ss@192.168.1.50/s", "rtsp://***:***@192.168.1.50/s"),  # '@' in pw
        (
            "http://cam/snap.jpg?user=admin&pwd=secret&res=1",
            "http://cam/snap.jpg?user=***&pwd=***&res=1",
        ),
        ("http://cam/v.cgi?LoginUse=a&LOGINPAS=b", "http://cam/v.cgi?LoginUse=***&LOGINPAS=***"),
        ("http://cam/v.cgi?p%61sswd=b", "http://cam/v.cgi?p%61sswd=***"),  # percent-encoded
        ("http://cam/v.cgi?pwd=ab/cd&x=1", "http://cam/v.cgi?pwd=***&x=1"),  # "/" in a value
        ("rtsp://cam/user=a&password=b&channel=1", "rtsp://cam/user=***&password=***&channel=1"),
        ("http://cam/#token=abc", "http://cam/#token=***"),
        ("http://cam/x?xuser=1&size=2", "http://cam/x?xuser=1&size=2"),  # not a secret name
        ("http://cam/x?pwd=", "http://cam/x?pwd="),  # nothing to hide
        ("/snapshot.cgi?user=a&pwd=b", "/snapshot.cgi?user=***&pwd=***"),  # relative
        ("Living room", "Living room"),
    ],
)
def test_redact_uri(uri: str, expected: str) -> None:
    assert redact_uri(uri) == expected
    assert redact_uri(expected) == expected, "redacting twice changes nothing"
    assert anonymize_uri is redact_uri, "the anonymizer uses the one rule"


@pytest.mark.parametrize("name", sorted(SECRET_PARAMETERS))
def test_every_documented_parameter_name_is_redacted_in_any_case(name: str) -> None:
    for spelling in (name, name.upper(), name.title()):
        assert (
            redact_uri(f"http://cam/x?{spelling}=S3cr3t&a=1") == f"http://cam/x?{spelling}=***&a=1"
        )


def test_traffic_payloads_redact_all_six_camera_fields_and_unknown_ones() -> None:
    camera = {**CAMERA_URIS, "name": "Door", "future_field": "http://u:Cam-pw-7@cam/x?pwd=Cam-pw-8"}
    rendered = json.dumps(anonymize_payload({"array": [camera]}))
    assert_no_secret(CAMERA_SECRETS | {"Cam-pw-7", "Cam-pw-8"}, [rendered])
    assert '"name": "Door"' in rendered


async def test_traffic_log_emulator_log_and_repr_show_no_camera_secret(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    async with (
        CameEmulator(camera_plant()) as emulator,
        await CameDomoticAPI.async_create(emulator.host, USERNAME, PASSWORD) as api,
    ):
        cameras = await api.async_get_cameras()
    assert cameras[0].raw_data["proxy1"] == CAMERA_URIS["proxy1"], "the model keeps the data"
    logged = record_texts(debug_logs.records)
    assert any(r.name == "aiocamedomotic.traffic" for r in debug_logs.records)
    assert any(r.name.startswith("aiocamedomotic.emulator") for r in debug_logs.records)
    assert_no_secret(CAMERA_SECRETS, [*logged, *(repr(c) for c in cameras)])


def test_snapshot_file_has_no_camera_secret(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.touch()
    emu = EmulatorThread(camera_plant(), username=USERNAME, password=PASSWORD).start()
    try:
        out = tmp_path / "plant.json"
        result = Cli(emu, config)("snapshot", "--out", str(out), env=_login())
        assert result.exit_code == 0, result.stderr
    finally:
        emu.stop()
    text = out.read_text(encoding="utf-8")
    assert_no_secret(CAMERA_SECRETS, [text, result.stdout, result.stderr])
    camera: dict[str, Any] = json.loads(text)["cameras"][0]
    assert set(CAMERA_URIS) <= set(camera), "every URI field is kept, redacted"
    assert camera["proxy_still"] == "http://10.0.0.41/image.jpg?Pass=***&Usr=***&size=2"


def _login() -> dict[str, str | None]:
    return {"CAMEDOMOTIC_USERNAME": USERNAME, "CAMEDOMOTIC_PASSWORD": PASSWORD}
