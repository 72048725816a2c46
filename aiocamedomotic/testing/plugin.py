"""Test kit: the pytest plugin (entry point ``pytest11``), fixtures for an emulated server.

Fixtures, each for one test (function scope):

* ``emulator`` - a :class:`~aiocamedomotic.emulator.CameEmulator` running in the test's
  event loop on 127.0.0.1, a free port;
* ``emulator_thread`` - an emulator serving from a thread of its own, for synchronous
  tests (:class:`~aiocamedomotic.testing.EmulatorThread`);
* ``emulator_process`` - the standalone emulator as a child process
  (:class:`~aiocamedomotic.testing.EmulatorProcess`);
* ``api`` - a :class:`~aiocamedomotic.CameDomoticAPI` on ``emulator``;
* ``live`` - a running :class:`~aiocamedomotic.live.LivePlant` of ``api``.

What they serve is set by fixtures a test module or ``conftest.py`` overrides:
``emulator_plant`` (the plant), ``emulator_options`` (more ``CameEmulator`` arguments),
``credentials`` (the user) and ``live_options``. Async fixtures need pytest-asyncio; they
work in its ``auto`` and ``strict`` modes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest

if TYPE_CHECKING:
    from ..came_domotic_api import CameDomoticAPI
    from ..emulator import CameEmulator
    from ..emulator.server import PlantSource
    from ..live import LiveOptions, LivePlant
    from ._process import EmulatorProcess
    from ._thread import EmulatorThread

# The plugin is loaded by every pytest run of an environment where aiocamedomotic is
# installed, the `testing` extra or not: it must import nothing heavy at load time (the
# library is imported inside the fixtures), and must not break a run without
# pytest-asyncio (its async fixtures then fail with the cure in the message).
_asyncio_fixture: Callable[[Any], Any] | None
try:
    from pytest_asyncio import fixture as _asyncio_fixture
except ImportError:  # pragma: no cover - exercised only without the testing extra
    _asyncio_fixture = None

_F = TypeVar("_F", bound=Callable[..., Any])
_NEEDS_ASYNCIO = (
    "the aiocamedomotic fixtures need pytest-asyncio: pip install aiocamedomotic[testing]"
)


def _async_fixture(func: _F) -> _F:
    if _asyncio_fixture is not None:
        return cast(_F, _asyncio_fixture(func))

    def unavailable() -> None:
        pytest.fail(_NEEDS_ASYNCIO)

    unavailable.__name__ = func.__name__
    unavailable.__doc__ = func.__doc__
    return cast(_F, pytest.fixture(name=func.__name__)(unavailable))


#: The emulator's factory user (PROTOCOL.md §1.7).
FACTORY_CREDENTIALS = ("admin", "admin")


@pytest.fixture
def emulator_plant() -> PlantSource:
    """The plant the ``emulator`` and ``emulator_process`` fixtures serve: ``None``, the
    demo plant. Override it to return a :class:`~aiocamedomotic.emulator.Plant` (e.g. from
    :class:`~aiocamedomotic.testing.PlantBuilder`), plant-file content or a file path."""
    return None


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    """More keyword arguments of :class:`~aiocamedomotic.emulator.CameEmulator` for the
    ``emulator`` fixture (``{"coalesce_delay": 0.0}``...); none by default."""
    return {}


@pytest.fixture
def credentials() -> tuple[str, str]:
    """The ``(username, password)`` the emulators accept and ``api`` logs in with:
    ``("admin", "admin")`` by default. Another user is added to the plant."""
    return FACTORY_CREDENTIALS


@pytest.fixture
def live_options() -> LiveOptions:
    """The options of the ``live`` fixture: the defaults, but a reconnection backoff of
    milliseconds, so that recovery tests end quickly."""
    from ..connection import ReconnectPolicy
    from ..live import LiveOptions

    return LiveOptions(reconnect=ReconnectPolicy(base=0.005, cap=0.02))


def _user(credentials: tuple[str, str]) -> dict[str, str]:
    """The emulator arguments that add the test user (none for the factory user)."""
    if tuple(credentials) == FACTORY_CREDENTIALS:
        return {}
    username, password = credentials
    return {"username": username, "password": password}


@_async_fixture
async def emulator(
    emulator_plant: PlantSource,
    emulator_options: dict[str, Any],
    credentials: tuple[str, str],
) -> AsyncIterator[CameEmulator]:
    """A running emulator in the test's event loop, on 127.0.0.1 and a free port.

    Its plant, options and user come from ``emulator_plant``, ``emulator_options`` and
    ``credentials``. Connect with ``emulator.host``; the test hooks are its methods and
    those of ``emulator.plant`` (``emulator.plant.set_light(1, 1)``,
    ``emulator.fail_next(11)``...).
    """
    from ..emulator import CameEmulator

    options = {**_user(credentials), **emulator_options}
    async with CameEmulator(emulator_plant, **options) as server:
        yield server


@pytest.fixture
def emulator_thread(
    emulator_plant: PlantSource,
    emulator_options: dict[str, Any],
    credentials: tuple[str, str],
) -> Iterator[EmulatorThread]:
    """A running emulator on a thread with its own event loop, on 127.0.0.1 and a free port.

    For synchronous tests of code that runs its own event loop (a command line, a script).
    Configured like ``emulator``; reach its plant with
    ``emulator_thread.call(emulator_thread.emulator.plant.set_light, 1, 1)``.
    """
    from ._thread import EmulatorThread

    options = {**_user(credentials), **emulator_options}
    with EmulatorThread(emulator_plant, **options) as server:
        yield server


@pytest.fixture
def emulator_process(
    emulator_plant: PlantSource, credentials: tuple[str, str], tmp_path: Path
) -> Iterator[EmulatorProcess]:
    """The standalone emulator as a child process, on 127.0.0.1 and a free port.

    Serves ``emulator_plant`` to ``credentials``; test hooks go through its control API
    (``emulator_process.hook("set_light", act_id=1, status=1)``, or ``await
    emulator_process.async_hook(...)``). Its log is ``emulator_process.log``. Starting a
    process takes a fraction of a second: prefer ``emulator`` when the test's own event
    loop can serve.
    """
    from ._process import EmulatorProcess

    user = _user(credentials)
    with EmulatorProcess(
        emulator_plant,
        username=user.get("username"),
        password=user.get("password"),
        directory=tmp_path,
    ) as server:
        yield server


@_async_fixture
async def api(
    emulator: CameEmulator, credentials: tuple[str, str]
) -> AsyncIterator[CameDomoticAPI]:
    """A :class:`~aiocamedomotic.CameDomoticAPI` on ``emulator`` with ``credentials``,
    owning its HTTP session; disposed after the test. The login is lazy (the first call)."""
    from ..came_domotic_api import CameDomoticAPI

    username, password = credentials
    client = await CameDomoticAPI.async_create(emulator.host, username, password)
    yield client
    await client.async_dispose()


@_async_fixture
async def live(api: CameDomoticAPI, live_options: LiveOptions) -> AsyncIterator[LivePlant]:
    """A running live plant of ``api`` (started with ``live_options``), stopped after the
    test. Wait on it with ``live.async_wait_for(condition)``,
    :func:`~aiocamedomotic.testing.expect_event` or
    :func:`~aiocamedomotic.testing.async_wait_synced`."""
    plant = await api.async_start_live(options=live_options)
    yield plant
    await plant.async_stop()
