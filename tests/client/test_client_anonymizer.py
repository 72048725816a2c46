"""Traffic-log redaction rules (usage guide, "Debugging with traffic logging")."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

import pytest

from aiocamedomotic.anonymizer import (
    TRAFFIC_LOGGER,
    anonymize_payload,
    anonymize_uri,
    anonymize_url,
    format_payload,
    log_traffic,
)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("sl_pwd", "s3cret", "***"),
        ("sl_new_pwd", "n3w-secret", "***"),
        ("sl_login", "admin", "ad***"),
        ("username", "installer", "in***"),
        ("sl_client_id", "7c3e91a0", "7c3***"),
        ("client", "7c3e91a0", "7c3***"),
        ("keycode", "61305E97ABCDEF01", "61305E97********"),
        ("serial", "037bc1de", "037***"),
    ],
)
def test_each_listed_field_is_masked(key: str, value: str, expected: str) -> None:
    assert anonymize_payload({key: value}) == {key: expected}


def test_short_values_are_masked_entirely() -> None:
    assert anonymize_payload({"sl_login": "ab", "serial": "12"}) == {
        "sl_login": "***",
        "serial": "***",
    }


def test_nested_objects_and_arrays_are_walked() -> None:
    payload = {
        "sl_cmd": "sl_data_req",
        "sl_client_id": "7c3e91a0",
        "sl_appl_msg": {"client": "7c3e91a0", "cmd_name": "feature_list_req", "cseq": 4},
        "array": [{"cameras": [{"uri": "rtsp://adm:pw@10.0.0.5:554/live"}]}],
    }
    original = copy.deepcopy(payload)
    result = anonymize_payload(payload)
    assert payload == original, "the input must not be modified"
    assert result["sl_appl_msg"] == {"client": "7c3***", "cmd_name": "feature_list_req", "cseq": 4}
    assert result["array"][0]["cameras"][0]["uri"] == "rtsp://***:***@10.0.0.5:554/live"


def test_user_names_in_users_list_are_masked_but_other_names_are_not() -> None:
    payload = {
        "sl_users_list": [{"name": "installer"}, {"name": "family"}],
        "array": [{"name": "Kitchen light"}],
    }
    result = anonymize_payload(payload)
    assert result["sl_users_list"] == [{"name": "in***"}, {"name": "fa***"}]
    assert result["array"] == [{"name": "Kitchen light"}]


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("rtsp://admin:pw@192.168.1.50/stream", "rtsp://***:***@192.168.1.50/stream"),
        (
            "http://192.168.1.50/snap.jpg?user=admin&pwd=secret&res=1",
            "http://192.168.1.50/snap.jpg?user=***&pwd=***&res=1",
        ),
        ("http://192.168.1.50/snap.jpg", "http://192.168.1.50/snap.jpg"),
    ],
)
def test_camera_uri_credentials_are_redacted(uri: str, expected: str) -> None:
    assert anonymize_uri(uri) == expected
    assert anonymize_payload({"uri_still": uri}) == {"uri_still": expected}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://192.168.1.3/domo/", "http://192.168.1.***/domo/"),
        ("http://10.0.0.7:8080/domo/", "http://10.0.0.***:8080/domo/"),
        ("https://came.example:8443/domo/", "https://came.example:8443/domo/"),
        ("http://user:pw@192.168.1.3/domo/", "http://192.168.1.***/domo/"),
        ("http://[fe80::1:2]/domo/", "http://[fe80::1:***]/domo/"),
    ],
)
def test_url_host_is_masked(url: str, expected: str) -> None:
    assert anonymize_url(url) == expected


def test_empty_and_non_string_values_do_not_crash() -> None:
    assert anonymize_payload({"sl_client_id": "", "serial": 12345678, "uri": None}) == {
        "sl_client_id": "",
        "serial": "123***",
        "uri": None,
    }
    assert anonymize_payload([1, "a", None]) == [1, "a", None]


def test_format_payload_is_compact_json_with_unicode() -> None:
    text = format_payload({"name": "Cucina più", "sl_pwd": "x"})
    assert text == '{"name":"Cucina più","sl_pwd":"***"}'
    assert json.loads(text)["sl_pwd"] == "***"


def test_log_traffic_line_format(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=TRAFFIC_LOGGER.name)
    log_traffic(
        "POST",
        "http://192.168.1.3/domo/",
        status=200,
        elapsed_ms=42.54,
        request={"sl_cmd": "sl_registration_req", "sl_login": "admin", "sl_pwd": "pw"},
        response={"sl_client_id": "504abcde", "sl_data_ack_reason": 0},
    )
    (record,) = [r for r in caplog.records if r.name == "aiocamedomotic.traffic"]
    assert record.levelno == logging.DEBUG
    assert record.getMessage() == (
        "HTTP POST http://192.168.1.***/domo/ [status=200, 42.5ms] --> "
        '{"sl_cmd":"sl_registration_req","sl_login":"ad***","sl_pwd":"***"} <-- '
        '{"sl_client_id":"504***","sl_data_ack_reason":0}'
    )


def test_log_traffic_costs_nothing_when_disabled(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=TRAFFIC_LOGGER.name)

    class Exploding:
        def __iter__(self) -> Any:
            raise AssertionError("the payload must not be touched when logging is off")

    log_traffic("POST", "http://h/domo/", status=200, elapsed_ms=1.0, request=Exploding())
    assert not caplog.records


def test_traffic_logger_has_no_handler_and_no_level() -> None:
    assert TRAFFIC_LOGGER.name == "aiocamedomotic.traffic"
    assert TRAFFIC_LOGGER.handlers == []
    assert TRAFFIC_LOGGER.level == logging.NOTSET
