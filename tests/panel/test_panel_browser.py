"""The emulator's web panel in headless Chromium: a device operated on the page as the
physical world would is shown on the page, changes the emulator's plant and reaches a
library client on the same emulator; a fault button takes a live plant through
RECONNECTING and back; sessions and the request log are shown redacted; the page works
from the keyboard and on a phone-sized screen."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from support.live import FAST

from aiocamedomotic.came_domotic_api import CameDomoticAPI
from aiocamedomotic.emulator import CameEmulator, Plant, Variants
from aiocamedomotic.events import ConnectionChanged, LiveEvent
from aiocamedomotic.live import LivePlant

from .conftest import Page, screenshot_target

pytestmark = pytest.mark.browser

#: Openings take long enough to watch them move; scenarios and slats settle fast.
VARIANTS = Variants(opening_travel_time=30.0, slat_time=0.2, scenario_delay=0.05)


@pytest.fixture
async def emulator() -> AsyncIterator[CameEmulator]:
    async with CameEmulator(Plant.demo(variants=VARIANTS), coalesce_delay=0.0) as emu:
        yield emu


@pytest.fixture
async def live(emulator: CameEmulator) -> AsyncIterator[LivePlant]:
    """A library client following the same emulator."""
    api = await CameDomoticAPI.async_create(emulator.host, "admin", "admin")
    plant = await api.async_start_live(options=FAST)
    yield plant
    await plant.async_stop()
    await api.async_dispose()


@pytest.fixture
async def page(page_for: Callable[[CameEmulator], Page], emulator: CameEmulator) -> Page:
    page = page_for(emulator)
    await page.open()
    return page


def value(member: Any) -> Any:
    """An enum member's wire value (the tests do not depend on the model's class names)."""
    return getattr(member, "value", member)


async def test_a_light_switched_by_hand(
    page: Page, emulator: CameEmulator, live: LivePlant
) -> None:
    assert emulator.plant.device("lights", 1)["status"] == 0
    await page.press("lights/1", "Toggle")
    await page.state_is("lights/1", "on")
    assert emulator.plant.device("lights", 1)["status"] == 1
    await live.async_wait_for(lambda: value(live.lights[1].status) == 1, timeout=20)


async def test_a_shutter_moved_by_hand(page: Page, emulator: CameEmulator, live: LivePlant) -> None:
    await page.press("openings/20", "Close")
    await page.state_is("openings/20", "closing")
    assert emulator.plant.device("openings", 20)["status"] == 2
    await live.async_wait_for(lambda: value(live.openings[20].status) == 2, timeout=20)
    await page.press("openings/20", "Stop")
    await page.state_is("openings/20", "stopped")
    await live.async_wait_for(lambda: value(live.openings[20].status) == 0, timeout=20)


async def test_a_button_held_then_released(
    page: Page, emulator: CameEmulator, live: LivePlant
) -> None:
    card = await page.card("digital_inputs/1")
    button = await page.run(card.find_element, By.XPATH, ".//button[text()='Press']")
    await page.run(ActionChains(page.driver).click_and_hold(button).perform)
    await page.state_is("digital_inputs/1", "active, unacknowledged")
    assert emulator.plant.device("digital_inputs", 1)["status"] == 0
    await live.async_wait_for(lambda: value(live.digital_inputs[1].status) == 0, timeout=20)
    await page.run(ActionChains(page.driver).release(button).perform)
    await page.state_is("digital_inputs/1", "idle, unacknowledged")
    assert emulator.plant.device("digital_inputs", 1)["status"] == 1
    await live.async_wait_for(lambda: value(live.digital_inputs[1].status) == 1, timeout=20)


async def test_a_warmer_room(page: Page, emulator: CameEmulator, live: LivePlant) -> None:
    await page.set_field("thermo/61", "set_zone_temperature", "23.5")
    await page.until(
        lambda d: d.find_element(
            By.CSS_SELECTOR, 'article[data-key="thermo/61"] .state'
        ).text.startswith("23.5 °C")
    )
    assert emulator.plant.device("thermo", 61)["temp"] == 235
    await live.async_wait_for(lambda: live.thermo_zones[61].temperature == 23.5, timeout=20)


async def test_a_busier_meter(page: Page, emulator: CameEmulator, live: LivePlant) -> None:
    await page.set_field("energy_meters/4", "set_meter_power", "1500")
    await page.state_is("energy_meters/4", "1500 W used")
    assert emulator.plant.device("energy_meters", 4)["instant_power"] == 1500
    await live.async_wait_for(lambda: live.energy_meters[4].instant_power == 1500, timeout=20)


async def test_an_alarm_input_tripped(page: Page, emulator: CameEmulator, live: LivePlant) -> None:
    await page.press("security/input-2", "Trip")
    await page.state_is("security/input-2", "open")
    assert emulator.plant.family("security").input(2)["status"] == 17  # type: ignore[attr-defined]
    await live.async_wait_for(lambda: value(live.security_inputs[2].status) == 17, timeout=20)
    await page.state_is("security/area-1", "not ready")


async def test_a_fault_button_takes_a_live_plant_through_reconnecting(
    page: Page, emulator: CameEmulator, live: LivePlant
) -> None:
    states: list[str] = []

    def on_event(event: LiveEvent) -> None:
        if isinstance(event, ConnectionChanged):
            states.append(str(value(event.state)))

    unsubscribe = live.subscribe(on_event)
    form = await page.run(page.driver.find_element, By.CSS_SELECTOR, 'form[data-hook="restart"]')
    checkbox = await page.run(form.find_element, By.CSS_SELECTOR, 'input[type="checkbox"]')
    await page.run(checkbox.click)
    submit = await page.run(form.find_element, By.CSS_SELECTOR, 'button[type="submit"]')
    await page.run(submit.click)
    await page.until(
        lambda d: d.find_element(By.CSS_SELECTOR, 'form[data-hook="restart"] output').text == "done"
    )
    assert emulator.stats.restarts == 1
    await live.async_wait_for(lambda: states[-1:] == ["connected"], timeout=20)
    unsubscribe()
    assert states == ["reconnecting", "connected"]
    # The page lost its event stream with every other connection, and is live again.
    await page.until(lambda d: d.find_element(By.ID, "connection").text == "Live")
    await page.press("lights/2", "Toggle")
    await page.state_is("lights/2", "off")


async def test_sessions_and_requests_are_shown_redacted(
    page: Page, emulator: CameEmulator, live: LivePlant
) -> None:
    session_id = next(iter(emulator.sessions))
    await page.until(
        lambda d: (
            "admin" in d.find_element(By.ID, "session-rows").text
            and "yes" in d.find_element(By.ID, "session-rows").text
        )  # its long poll is held
    )
    await page.until(lambda d: "sl_registration_req" in d.find_element(By.ID, "log-entries").text)
    await page.until(lambda d: "feature_list_req" in d.find_element(By.ID, "log-entries").text)
    source = await page.run(lambda: page.driver.page_source)
    assert session_id not in source
    assert "sl_pwd" not in source


async def test_the_page_works_from_the_keyboard(page: Page, emulator: CameEmulator) -> None:
    card = await page.card("lights/4")
    toggle = await page.run(card.find_element, By.XPATH, ".//button[text()='Toggle']")
    await page.run(lambda: page.driver.execute_script("arguments[0].focus()", toggle))
    await page.run(lambda: page.driver.switch_to.active_element.send_keys(Keys.ENTER))
    await page.state_is("lights/4", "on, 35 %")
    # Tab from the toggle reaches the brightness field; type, Enter submits.
    await page.run(lambda: page.driver.switch_to.active_element.send_keys(Keys.TAB))
    focused = await page.run(lambda: page.driver.switch_to.active_element)
    assert await page.run(focused.get_attribute, "data-name") == "perc"
    await page.run(focused.clear)
    await page.run(focused.send_keys, "80", Keys.ENTER)
    await page.state_is("lights/4", "on, 80 %")
    # A held button held with the space bar.
    card = await page.card("digital_inputs/2")
    hold = await page.run(card.find_element, By.XPATH, ".//button[text()='Press']")
    await page.run(lambda: page.driver.execute_script("arguments[0].focus()", hold))
    await page.run(ActionChains(page.driver).key_down(Keys.SPACE).perform)
    await page.state_is("digital_inputs/2", "active, unacknowledged")
    await page.run(ActionChains(page.driver).key_up(Keys.SPACE).perform)
    await page.state_is("digital_inputs/2", "idle, unacknowledged")
    assert emulator.plant.device("lights", 4)["perc"] == 80


async def test_the_page_fits_a_phone_screen(page: Page) -> None:
    await page.run(page.driver.set_window_size, 390, 844)
    try:
        await page.open()
        overflow = await page.run(
            page.driver.execute_script,
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
        )
        assert overflow <= 0
    finally:
        await page.run(page.driver.set_window_size, 1280, 1000)


async def test_a_token_protected_emulator_asks_for_it(
    page_for: Callable[[CameEmulator], Page],
) -> None:
    async with CameEmulator(control_token="Panel-Tok-42") as emu:
        page = page_for(emu)
        await page.open(live=False)
        await page.until(lambda d: d.find_element(By.ID, "token-form").is_displayed())
        field = await page.run(page.driver.find_element, By.ID, "token-input")
        await page.run(field.send_keys, "Panel-Tok-42\n")
        await page.until(lambda d: d.find_element(By.ID, "connection").text == "Live")
        await page.press("relays/41", "Toggle")
        await page.state_is("relays/41", "on")
        assert emu.plant.device("relays", 41)["status"] == 1
        await page.run(page.driver.execute_script, "sessionStorage.clear()")


async def test_the_panel_screenshot(
    page: Page, emulator: CameEmulator, live: LivePlant, tmp_path: Path
) -> None:
    """A screenshot of a plant in use (``PANEL_SCREENSHOT=docs/images/panel.png`` keeps it)."""
    emulator.plant.set_light(3, 1, perc=80)
    emulator.plant.move_opening(22, 2)
    emulator.plant.press_input(1)
    await page.state_is("openings/22", "closing")
    target = screenshot_target() or tmp_path / "panel.png"
    await page.run(page.driver.save_screenshot, str(target))
    png = target.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 20_000
