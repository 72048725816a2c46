"""Fixtures of the security checks: a plant whose every secret is distinctive, and a log
capture with every logger at DEBUG."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable

import pytest

from aiocamedomotic.emulator import Plant

USERNAME = "owner"
PASSWORD = "Sec-Pw-4f1b-owner"
NEW_PASSWORD = "Sec-NewPw-77e0"
GUEST_PASSWORD = "Sec-GuestPw-a9d3"
GUEST_NEW_PASSWORD = "Sec-GuestPw2-c5e8"
WRONG_PASSWORD = "Sec-WrongPw-3b6d"
ALARM_CODE = "97531864"
#: The demo plant's camera credentials (in its camera URIs).
CAMERA_SECRETS = ("Cam-s3cret", "viewer:Cam-s3cret")
#: Every logger of the scenarios, set to DEBUG explicitly (a level set elsewhere would
#: otherwise hide records).
LOGGERS = ("", "aiocamedomotic", "aiocamedomotic.traffic", "aiocamedomotic.emulator", "aiohttp")


def secure_plant() -> Plant:
    """The demo plant with a distinctive alarm code (its keycode, serial and camera
    credentials are distinctive already)."""
    data = Plant.demo().to_dict()
    data["security"]["code"] = ALARM_CODE
    return Plant(data)


def static_secrets(plant: Plant) -> set[str]:
    """The secrets known before any session exists."""
    return {
        PASSWORD,
        NEW_PASSWORD,
        GUEST_PASSWORD,
        GUEST_NEW_PASSWORD,
        WRONG_PASSWORD,
        ALARM_CODE,
        *CAMERA_SECRETS,
        str(plant.server["keycode"]),
        str(plant.server["serial"]),
    }


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every logger at DEBUG, captured."""
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def record_texts(records: Iterable[logging.LogRecord]) -> list[str]:
    """Everything a handler could print of each record: formatted message, raw message and
    arguments, and the traceback."""
    texts = []
    for record in records:
        texts += [record.getMessage(), str(record.msg), repr(record.args)]
        if record.exc_info and record.exc_info[1] is not None:
            texts.append("".join(traceback.format_exception(record.exc_info[1])))
        if record.exc_text:
            texts.append(record.exc_text)
    return texts


def assert_no_secret(secrets: Iterable[str], texts: Iterable[str]) -> None:
    """No secret in any text (the message names the secret's kind only by position)."""
    secrets = [s for s in secrets if s]
    for index, text in enumerate(texts):
        for secret in secrets:
            assert secret not in text, f"a secret leaked in text #{index}: {text[:300]!r}"
