"""Fixtures of the panel's browser tests: headless Chromium driven by Selenium.

The browser is Debian's ``chromium`` with ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``; ``$CHROMIUM`` and ``$CHROMEDRIVER`` name others), installed by
``scripts/check.sh``. Without them the tests are skipped on a developer's machine but
**fail** under CI (``CI`` set): a missing browser must not pass for a working panel.

Selenium is synchronous and the emulator lives on the test's event loop, so every browser
call runs in a worker thread (:class:`Page`); waits are Selenium's explicit waits on a
condition of the page, never sleeps.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from aiocamedomotic.emulator import CameEmulator

T = TypeVar("T")

#: Flags that work in a container without a display, a GPU or network access.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
#: Safety net of every wait (nothing is timed by it).
WAIT = 20.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs headless Chromium and chromedriver")


def _executable(variable: str, default: str) -> str | None:
    return shutil.which(os.environ.get(variable, default))


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """One headless Chromium for the session, with a fresh profile."""
    chromium = _executable("CHROMIUM", "/usr/bin/chromium")
    chromedriver = _executable("CHROMEDRIVER", "/usr/bin/chromedriver")
    if chromium is None or chromedriver is None:
        reason = "headless Chromium not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(reason + " - required under CI")
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1280,1000")
    browser = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    try:
        yield browser
    finally:
        browser.quit()


class Page:
    """The panel of one emulator in the browser; every call runs in a worker thread."""

    def __init__(self, driver: WebDriver, emulator: CameEmulator) -> None:
        self.driver = driver
        self.emulator = emulator

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run a (blocking) Selenium call off the event loop."""
        return await asyncio.to_thread(func, *args)

    async def open(self, url: str | None = None, *, live: bool = True) -> None:
        """Load the panel; with ``live``, wait until its event stream delivered the plant."""
        await self.run(self.driver.get, url or self.emulator.panel_url)
        if live:
            await self.until(lambda d: d.find_element(By.ID, "connection").text == "Live")

    async def until(self, condition: Callable[[WebDriver], Any]) -> Any:
        """Selenium's explicit wait for a condition of the page."""
        wait = WebDriverWait(self.driver, WAIT, poll_frequency=0.05)
        return await self.run(wait.until, condition)

    async def card(self, key: str) -> WebElement:
        """The card of one device view (``"lights/1"``)."""
        selector = f'article[data-key="{key}"]'
        element: WebElement = await self.until(lambda d: d.find_element(By.CSS_SELECTOR, selector))
        return element

    async def state_is(self, key: str, text: str) -> None:
        """Wait until a device card shows ``text`` as its state."""
        selector = f'article[data-key="{key}"] .state'
        await self.until(lambda d: d.find_element(By.CSS_SELECTOR, selector).text == text)

    async def press(self, key: str, label: str) -> None:
        """Click a device control by its label."""
        card = await self.card(key)
        button = await self.run(card.find_element, By.XPATH, f".//button[text()='{label}']")
        await self.run(button.click)

    async def set_field(self, key: str, hook: str, value: str) -> None:
        """Type a value into a device's field and submit it."""
        card = await self.card(key)
        field = await self.run(
            card.find_element, By.CSS_SELECTOR, f'form[data-hook="{hook}"] input'
        )
        await self.run(field.clear)
        await self.run(field.send_keys, value + "\n")


@pytest.fixture
def page_for(driver: WebDriver) -> Callable[[CameEmulator], Page]:
    """Make the panel page of an emulator (the browser is shared by the session)."""
    driver.delete_all_cookies()
    return lambda emulator: Page(driver, emulator)


def screenshot_target() -> Path | None:
    """Where to write the README's screenshot (``$PANEL_SCREENSHOT``), if anywhere."""
    target = os.environ.get("PANEL_SCREENSHOT")
    return Path(target) if target else None
