"""Host parsing and the session-layer models (no server needed)."""

from __future__ import annotations

import pytest

from aiocamedomotic._transport import build_endpoint_url
from aiocamedomotic.const import ServerFeature
from aiocamedomotic.errors import CameDomoticServerError
from aiocamedomotic.models.base import ServerInfo, TerminalGroup


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("192.168.1.3", "http://192.168.1.3/domo/"),
        (" came.local ", "http://came.local/domo/"),
        ("192.168.1.3:8080", "http://192.168.1.3:8080/domo/"),
        ("https://came.example:8443/", "https://came.example:8443/domo/"),
        ("HTTP://192.168.1.3", "http://192.168.1.3/domo/"),
        ("fe80::1", "http://[fe80::1]/domo/"),
        ("[fe80::1]:81", "http://[fe80::1]:81/domo/"),
    ],
)
def test_endpoint_url_from_host_forms(host: str, url: str) -> None:
    assert build_endpoint_url(host) == url


@pytest.mark.parametrize(
    ("host", "fragment"),
    [
        ("", "non-empty"),
        ("   ", "non-empty"),
        ("ftp://192.168.1.3/", "http and https"),
        ("192.168.1.3:99999", "1-65535"),
        ("192.168.1.3:abc", "1-65535"),
        ("http://", "host name"),
        ("http://user:pw@192.168.1.3", "credentials"),
        ("user:pw@192.168.1.3", "credentials"),
        ("192.168.1.3?x=1", "query"),
        ("http://192.168.1.3/#top", "fragment"),
        # upstream refuses any path: the endpoint is always /domo/ at the root
        ("HTTP://192.168.1.3/domo/test.html", "without a path"),
        ("https://proxy.example/came/", "without a path"),
        ("http://proxy.example/came/domo/", "without a path"),
        ("192.168.1.3/domo", "without a path"),
        ("http://192.168.1.3/../domo/", "without a path"),
        ("..", "without a path"),
        ("came..local", "without a path"),
        ("came local", "characters"),
    ],
)
def test_invalid_hosts_raise_value_error(host: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment) as info:
        build_endpoint_url(host)
    assert "pw" not in str(info.value)


RESPONSE = {
    "cmd_name": "feature_list_resp",
    "cseq": 1,
    "keycode": "3A7F00C21B9E4D55",
    "swver": "3.0.1",
    "type": "0",
    "board": "3",
    "serial": "04a1c7e2",
    "list": ["lights", "openings", "brand_new_feature", 7],
    "recovery_status": 0,
    "sl_data_ack_reason": 0,
}


def test_server_info_from_response_and_redacted_repr() -> None:
    info = ServerInfo.from_response(RESPONSE)
    assert info.keycode == "3A7F00C21B9E4D55"
    assert info.serial == "04a1c7e2"
    assert info.features == ["lights", "openings", "brand_new_feature"]
    assert ServerFeature.LIGHTS in info.features
    assert (info.swver, info.type, info.board) == ("3.0.1", "0", "3")
    for text in (repr(info), str(info)):
        assert "3A7F00C21B9E4D55" not in text
        assert "04a1c7e2" not in text
        assert "3A7F00C2********" in text


def test_server_info_optional_fields_may_be_missing() -> None:
    info = ServerInfo.from_response({"keycode": "AB", "serial": "1", "list": []})
    assert (info.swver, info.type, info.board, info.features) == (None, None, None, [])


@pytest.mark.parametrize("missing", ["keycode", "serial", "list"])
def test_server_info_mandatory_fields(missing: str) -> None:
    data = {k: v for k, v in RESPONSE.items() if k != missing}
    with pytest.raises(CameDomoticServerError, match=missing if missing != "list" else "feature"):
        ServerInfo.from_response(data)


def test_terminal_group_maps_wire_keys() -> None:
    group = TerminalGroup({"group_name": "ETI/Domo", "group_id": 3})
    assert (group.name, group.id) == ("ETI/Domo", 3)
    assert group == TerminalGroup({"group_name": "ETI/Domo", "group_id": "3"})
    assert "ETI/Domo" in repr(group)


@pytest.mark.parametrize(
    "raw", [{"group_id": 1}, {"group_name": "x"}, {"group_name": "x", "group_id": "a"}]
)
def test_terminal_group_rejects_malformed_data(raw: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="group"):
        TerminalGroup(raw)
