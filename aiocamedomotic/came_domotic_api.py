"""Public facade: :class:`CameDomoticAPI`, the entry point of the library.

Layer: top of the client. It owns an :class:`~aiocamedomotic.auth.Auth` and turns each
documented call into one or more application commands, returning model objects.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp

from ._protocol import session as wire
from ._transport import check_timeout
from .auth import Auth
from .const import DEFAULT_COMMAND_TIMEOUT, ServerFeature
from .errors import (
    CameDomoticAuthError,
    CameDomoticError,
    CameDomoticServerError,
    CameDomoticServerNotFoundError,
    CameDomoticServerTimeoutError,
    CameDomoticStateError,
)
from .models import (
    AnalogIn,
    AnalogSensor,
    AnalogSensorType,
    Camera,
    DigitalInput,
    EnergyMeter,
    Floor,
    Irrigation,
    Light,
    LoadsCtrlMeter,
    LoadsCtrlRelay,
    MapPage,
    Opening,
    PlantTopology,
    Relay,
    RelayStatus,
    Room,
    Scenario,
    ServerDateTime,
    ServerInfo,
    SoundZone,
    TerminalGroup,
    ThermoZone,
    ThermoZoneSeason,
    Timer,
    TopologyFloor,
    TopologyRoom,
    UpdateList,
    User,
    catalogue,
)
from .models._checks import WIRE_INT_MAX, check_int, check_str
from .models.catalogue import EntityT, FamilySpec
from .models.command import POLL, poll_results
from .models.energy_meter import RESET_COUNTERS
from .models.relay import SWITCH_BY_NAME, relay_by_name_command
from .models.scenario import ACTIVATE_BY_NAME, RECORD_DONE, RECORD_START
from .models.thermo_zone import SET_SEASON, season_command
from .models.topology import NESTED_LISTS, TopologyBuilder

if TYPE_CHECKING:  # imported by async_start_live() / live(), on first use
    from .live import LiveOptions, LivePlant, LiveStarter

__all__ = [
    "AnalogIn",
    "AnalogSensor",
    "AnalogSensorType",
    "Auth",
    "CameDomoticAPI",
    "CameDomoticAuthError",
    "CameDomoticServerError",
    "Camera",
    "DigitalInput",
    "EnergyMeter",
    "Floor",
    "Irrigation",
    "Light",
    "LoadsCtrlMeter",
    "LoadsCtrlRelay",
    "MapPage",
    "Opening",
    "PlantTopology",
    "Relay",
    "RelayStatus",
    "Room",
    "Scenario",
    "ServerDateTime",
    "ServerFeature",
    "ServerInfo",
    "SoundZone",
    "TerminalGroup",
    "ThermoZone",
    "ThermoZoneSeason",
    "Timer",
    "TopologyFloor",
    "TopologyRoom",
    "UpdateList",
    "User",
]

_LOGGER = logging.getLogger(__name__)

_T = TypeVar("_T")
_C = TypeVar("_C")

#: Failures of one topology source that the others can make up for (auth errors cannot).
_TOPOLOGY_FAILURES = (CameDomoticServerError, CameDomoticServerNotFoundError)

_LISTER_DOC = """Get the {summary}{details}

Returns:
    The {key} as :class:`~{module}.{model}` objects, in server order (an
    empty list when there are none; malformed items are skipped, with a warning).

Raises:
    CameDomoticAuthError: if the login is refused.
    CameDomoticServerNotFoundError: if the server cannot be reached.
    CameDomoticServerTimeoutError: if the server does not answer in time.
    CameDomoticServerError: on any other server failure.
"""


def _lister(
    spec: FamilySpec[EntityT],
) -> Callable[[CameDomoticAPI], Coroutine[Any, Any, list[EntityT]]]:
    """A list method of the facade (``async_get_lights``...), derived from the family's
    catalogue entry: it sends the entry's list request and builds its entities."""

    async def lister(self: CameDomoticAPI) -> list[EntityT]:
        return await spec.async_fetch(self.auth)

    summary, _, details = spec.doc.partition("\n\n")
    lister.__doc__ = _LISTER_DOC.format(
        summary=summary,
        details=f"\n\n{details}" if details else "",
        key=spec.key.replace("_", " "),
        module=spec.model.__module__,
        model=spec.model.__name__,
    )
    # what the API reference shows, instead of the type variable
    lister.__annotations__ = {"return": f"list[{spec.model.__name__}]"}
    lister._family = spec  # type: ignore[attr-defined]  # read by _name_listers
    return lister


def _name_listers(cls: type[_C]) -> type[_C]:
    """Give each :func:`_lister` method of ``cls`` the name it is bound to (for ``repr``,
    tracebacks and the API reference)."""
    for name, member in vars(cls).items():
        if hasattr(member, "_family"):
            member.__name__ = name
            member.__qualname__ = f"{cls.__name__}.{name}"
    return cls


@_name_listers
class CameDomoticAPI:
    """Main class, exposes all the public methods of the CAME Domotic API.

    Create it with :meth:`async_create` and use it as an async context manager::

        async with await CameDomoticAPI.async_create(host, username, password) as api:
            info = await api.async_get_server_info()

    Args:
        auth: the session to use.
        command_timeout: the default timeout in seconds of every command (default: 30 s);
            it also becomes ``auth.command_timeout``.

    Raises:
        ValueError: if ``command_timeout`` is not a number of seconds in (0, 86400].

    Attributes:
        auth: the :class:`~aiocamedomotic.auth.Auth` session.
    """

    def __init__(self, auth: Auth, *, command_timeout: int = DEFAULT_COMMAND_TIMEOUT) -> None:
        self.auth = auth
        auth.command_timeout = command_timeout  # checked there, before anything is sent
        self._live: LivePlant | None = None  # the running live plant (async_start_live)

    @property
    def command_timeout(self) -> float:
        """The default timeout in seconds of every command; the same value as
        ``auth.command_timeout``.

        Raises:
            ValueError: when set to anything but a number of seconds in (0, 86400].
        """
        return self.auth.command_timeout

    @command_timeout.setter
    def command_timeout(self, value: float) -> None:
        self.auth.command_timeout = value

    @classmethod
    async def async_create(
        cls,
        host: str,
        username: str,
        password: str,
        *,
        websession: aiohttp.ClientSession | None = None,
        close_websession_on_disposal: bool = False,
        command_timeout: int = DEFAULT_COMMAND_TIMEOUT,
    ) -> CameDomoticAPI:
        """Create a CameDomoticAPI object.

        The session is not logged in until the first request is made.

        Args:
            host: the host of the CAME Domotic server (``"192.168.1.3"``, ``"host:port"``
                or a full URL such as ``"https://came.example:8443/"``).
            username: the username to use for the API.
            password: the password to use for the API.
            websession: the aiohttp session to use. If not provided, a new one is created
                and always closed on disposal.
            close_websession_on_disposal: whether a provided ``websession`` is closed when
                this object is disposed (default False: the caller keeps ownership, as in
                Home Assistant). Ignored when no websession is provided.
            command_timeout: the default timeout in seconds for all commands (default: 30 s).

        Returns:
            The CameDomoticAPI object.

        Raises:
            CameDomoticServerNotFoundError: if the host doesn't respond to an HTTP request or
                doesn't expose the CAME Domotic API endpoint.
            ValueError: if ``host``, ``username`` or ``command_timeout`` is invalid.
        """
        owns_websession = websession is None
        session = aiohttp.ClientSession() if websession is None else websession
        try:
            auth = await Auth.async_create(
                session,
                host,
                username,
                password,
                close_websession_on_disposal=owns_websession or close_websession_on_disposal,
                command_timeout=command_timeout,
            )
        except BaseException:
            if owns_websession:
                await session.close()
            raise
        return cls(auth, command_timeout=command_timeout)

    async def async_dispose(self) -> None:
        """Dispose the CameDomoticAPI object.

        Stops the live plant if one runs, logs out if logged in, clears the credentials and
        closes the websession when this object owns it. The clean-up never raises (failures
        are logged); calling it twice is safe, and so is cancelling it: a later call
        finishes what the cancelled one left.
        """
        try:
            await self._async_stop_live()
        except Exception as err:  # the clean-up must not raise
            _LOGGER.warning("Stopping the live plant failed: %s", type(err).__name__)
        finally:
            await self.auth.async_dispose()

    async def __aenter__(self) -> CameDomoticAPI:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.async_dispose()

    def __repr__(self) -> str:
        return f"<CameDomoticAPI {self.auth!r}>"

    async def async_get_server_info(self) -> ServerInfo:
        """Get the server information.

        Provides info about the server (keycode, software version, etc.) and the list of
        features supported by the CAME Domotic server (``feature_list_req``, PROTOCOL.md
        §4.1).

        Returns:
            Server information.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure or a malformed answer.
        """
        response = await self.auth.async_send_command(
            {"cmd_name": "feature_list_req"}, response_command="feature_list_resp"
        )
        return ServerInfo.from_response(response)

    async def async_ping(self) -> float:
        """Ping the CAME Domotic server and measure round-trip latency.

        Sends a keep-alive request (``sl_keep_alive_req``) to verify connectivity. If the
        session has expired, it transparently re-authenticates first; the login is not part
        of the measured time.

        Returns:
            Round-trip latency in milliseconds.

        Raises:
            CameDomoticAuthError: if a needed login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        await self.auth.async_get_valid_client_id()
        started = time.perf_counter()
        await self.auth.async_keep_alive()
        return (time.perf_counter() - started) * 1000

    async def async_get_users(self) -> list[User]:
        """Get the list of users defined on the server (PROTOCOL.md §2.5).

        Returns:
            List of users. Returns an empty list if no users are defined or if the server
            response doesn't contain the users list. Malformed items are skipped.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        response = await self.auth.async_send_command({}, command_type=wire.USERS_LIST_REQ)
        return _parse_items(
            response.get("sl_users_list"), lambda item: User(item, self.auth), "user"
        )

    async def async_add_user(self, username: str, password: str, group: str = "*") -> User:
        """Add a new user to the CAME Domotic server (PROTOCOL.md §2.6).

        Args:
            username: the login name for the new user.
            password: the initial password for the new user.
            group: the **name** of the permission group to assign (e.g. ``"ETI/Domo"``);
                defaults to ``"*"``. Use :meth:`async_get_terminal_groups` to list them.

        Returns:
            A User object representing the newly created user.

        Raises:
            ValueError: if ``username``, ``password`` or ``group`` is not a non-empty string
                (checked before anything is sent; the message names the argument, never
                its value).
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: if the server refuses the new user or fails.
        """
        check_str(username, "username")
        if not isinstance(password, str) or not password:
            raise ValueError("password must be a non-empty string")
        check_str(group, "group")
        await self.auth.async_send_command(
            {},
            command_type=wire.ADD_USER_REQ,
            additional_payload={"sl_login": username, "sl_pwd": password, "sl_group": group},
        )
        return User({"name": username}, self.auth)

    async def async_get_terminal_groups(self) -> list[TerminalGroup]:
        """Get the list of terminal groups defined on the server (PROTOCOL.md §4.18).

        Terminal groups define the permission scope assigned to users at creation time;
        :meth:`async_add_user` takes a group **name**.

        Returns:
            Available groups. Returns an empty list if none are defined or the server
            response lacks the array key. Malformed items are skipped.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        response = await self.auth.async_send_command(
            {"cmd_name": "terminals_groups_list_req"},
            response_command="terminals_groups_list_resp",
        )
        return _parse_items(response.get("array"), TerminalGroup, "terminal group")

    #: Name of the scenario this object started recording, until it stops the recording.
    _recording: str | None = None

    async def async_get_family(self, family: str) -> list[Any]:
        """Get every entity of a family of the catalogue, by family key.

        The list methods (:meth:`async_get_lights`...) are this call for one family each; a
        family registered from outside the package (:func:`aiocamedomotic.models.catalogue.
        register`) is listed through it. A family listed per parent entity (the loads of
        each loads controller) is listed for every parent, parent by parent.

        Args:
            family: the family key, e.g. ``"lights"`` (the keys of
                :data:`aiocamedomotic.models.catalogue.CATALOGUE`).

        Returns:
            The entities, in server order; an empty list when there are none.

        Raises:
            ValueError: ``family`` is not a registered family key (nothing is sent).
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        spec = catalogue.CATALOGUE.get(family) if isinstance(family, str) else None
        if spec is None:
            raise ValueError(f"family must be one of {sorted(catalogue.CATALOGUE)}, got {family!r}")
        if spec.parent is None:
            return await spec.async_fetch(self.auth)
        return [
            child
            for parent in await self.async_get_family(spec.parent)
            for child in await spec.async_fetch(self.auth, parent.key)
        ]

    async_get_floors = _lister(catalogue.FLOORS)
    async_get_rooms = _lister(catalogue.ROOMS)

    async def async_get_topology(self) -> PlantTopology:
        """Get the complete plant topology (floors and rooms).

        Merges data from the standard ``floor_list_req`` / ``room_list_req`` endpoints with
        the nested device list commands (``nested_light_list_req``,
        ``nested_openings_list_req``, ``nested_thermo_list_req``) to build a comprehensive
        topology even on servers where the flat floor/room endpoints return empty. Only
        nested commands for features supported by the server are sent. Rooms without a name
        are called ``"Room <n>"`` (PROTOCOL.md §4.3) [reverse-engineered].

        The merge degrades gracefully: a command that fails (a server error, a timeout, an
        unreachable server) is logged and skipped, and the topology is built from what the
        others gave. If the feature list cannot be read, every nested list is tried.

        Returns:
            The merged plant topology.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached by any command.
            CameDomoticServerTimeoutError: if no command got an answer in time.
            CameDomoticServerError: if every command failed (the first error is raised).
        """
        builder = TopologyBuilder()
        attempts: list[CameDomoticError | None] = []

        async def attempt(what: str, call: Awaitable[_T]) -> _T | None:
            try:
                result = await call
            except _TOPOLOGY_FAILURES as err:
                _LOGGER.warning("Topology: %s failed (%s); using the other sources", what, err)
                attempts.append(err)
                return None
            attempts.append(None)
            return result

        builder.add_floors(await attempt("floor_list_req", self.async_get_floors()) or [])
        builder.add_rooms(await attempt("room_list_req", self.async_get_rooms()) or [])
        info = await attempt("feature_list_req", self.async_get_server_info())
        for feature, command, response_name in NESTED_LISTS:
            if info is None or feature in info.features:
                response = await attempt(
                    str(command["cmd_name"]),
                    self.auth.async_send_command(dict(command), response_command=response_name),
                )
                if response is not None:
                    builder.add_nested(response.get("array"))
        if all(attempts):
            raise next(err for err in attempts if err is not None)
        return builder.build()

    async_get_lights = _lister(catalogue.LIGHTS)
    async_get_openings = _lister(catalogue.OPENINGS)
    async_get_relays = _lister(catalogue.RELAYS)
    async_get_scenarios = _lister(catalogue.SCENARIOS)
    async_get_thermo_zones = _lister(catalogue.THERMO_ZONES)
    async_get_analog_sensors = _lister(catalogue.ANALOG_SENSORS)
    async_get_analog_inputs = _lister(catalogue.ANALOG_INPUTS)
    async_get_digital_inputs = _lister(catalogue.DIGITAL_INPUTS)
    async_get_timers = _lister(catalogue.TIMERS)
    async_get_cameras = _lister(catalogue.CAMERAS)
    async_get_map_pages = _lister(catalogue.MAP_PAGES)
    async_get_energy_meters = _lister(catalogue.ENERGY_METERS)

    async def async_reset_energy_counters(self) -> None:
        """Clear the stored energy history of **all** meters at once.

        A plant-level command (``energy_reset_store_req``, answered by a bare ack,
        PROTOCOL.md §4.12) [reverse-engineered]: it erases what the 24 h and month figures
        are computed from; it cannot target one meter; instant power is unaffected.

        Warning:
            Irreversible: the server discards the history and nothing restores it.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        await RESET_COUNTERS.async_run(self.auth)

    async def async_reset_energy_history(self) -> None:
        """Deprecated: use :meth:`async_reset_energy_counters` (the same command)."""
        await self.async_reset_energy_counters()

    async_get_loadsctrl_meters = _lister(catalogue.LOADSCTRL_METERS)

    async def async_get_loadsctrl_relays(self, controller_id: int) -> list[LoadsCtrlRelay]:
        """Get the loads managed by one loads controller (``loadsctrl_relay_list_req``).

        The same request as :meth:`LoadsCtrlMeter.async_get_relays`; each load's
        ``controller_id`` is set to ``controller_id``.

        Args:
            controller_id: the controller's ``id`` (from :meth:`async_get_loadsctrl_meters`),
                **not** its energy meter's id.

        Returns:
            The loads, in server order; an empty list if none, or if the response has no
            array.

        Raises:
            ValueError: ``controller_id`` is not an integer (nothing is sent).
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        controller_id = check_int(controller_id, "controller_id", -WIRE_INT_MAX - 1, WIRE_INT_MAX)
        return await catalogue.LOADSCTRL_RELAYS.async_fetch(self.auth, controller_id)

    async def async_get_loadsctrl_controllers(self) -> list[LoadsCtrlMeter]:
        """Deprecated: use :meth:`async_get_loadsctrl_meters`."""
        return await self.async_get_loadsctrl_meters()

    async def async_get_loadsctrl_loads(
        self, controller_id: int | None = None
    ) -> list[LoadsCtrlRelay]:
        """Deprecated: use :meth:`async_get_loadsctrl_relays` (one controller) or
        :meth:`LoadsCtrlMeter.async_get_relays`.

        Args:
            controller_id: a controller's ``id``; ``None`` lists the controllers first and
                returns the loads of all of them, controller by controller.

        Raises:
            ValueError: ``controller_id`` is not an integer (nothing is sent).
        """
        if controller_id is not None:
            return await self.async_get_loadsctrl_relays(controller_id)
        return await self.async_get_family(catalogue.LOADSCTRL_RELAYS.key)

    async def async_get_server_datetime(self) -> ServerDateTime:
        """Get the current date and time of the server (``datetime_req``, §4.2) [real traffic].

        The clock as a Unix epoch (UTC) and as local wall-clock text, with the server's time
        zone and DST flag: useful to interpret the timestamps of push updates.

        Returns:
            The server date/time (``utc_datetime``, ``datetime_string``, ``timezone_name``,
            ``daylight_saving_time``, ``epoch``).

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure, or no valid ``epoch``.
        """
        response = await self.auth.async_send_command(
            {"cmd_name": "datetime_req"}, response_command="datetime_resp"
        )
        return ServerDateTime.from_response(response)

    async def async_activate_scenario_by_name(self, name: str) -> None:
        """Activate a scenario by exact name, without fetching the scenario list.

        ``scenario_activation_by_name_req`` (PROTOCOL.md §4.7) [reverse-engineered]: the
        server resolves the name itself (exact match; case sensitivity unverified); an
        unknown name is acknowledged all the same and does nothing.

        Args:
            name: the scenario's exact name, as :meth:`async_get_scenarios` gives it.

        Raises:
            ValueError: ``name`` is not a non-empty string (nothing is sent).
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerTimeoutError: the server did not answer in time.
            CameDomoticServerError: the server refused the command.
        """
        await ACTIVATE_BY_NAME.async_run(self.auth, name=check_str(name, "name"))

    async def async_start_scenario_recording(self, name: str) -> None:
        """Start recording a new user-defined scenario (``scenario_registration_start``).

        Until :meth:`async_stop_scenario_recording`, the server records the actions
        performed on the plant as the steps of the scenario ``name`` (PROTOCOL.md §4.7):
        actions made with physical switches [real traffic], API actions expected too
        [reverse-engineered].

        Args:
            name: the new scenario's name.

        Raises:
            ValueError: ``name`` is not a non-empty string (nothing is sent).
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerTimeoutError: the server did not answer in time.
            CameDomoticServerError: the server failed or refused to start (``result`` 0,
                e.g. a recording is already in progress).
        """
        name = check_str(name, "name")
        response = await RECORD_START.async_run(self.auth, name=name)
        if response.get("result") != 1:
            raise CameDomoticServerError("the server refused to start the scenario recording")
        self._recording = name

    async def async_stop_scenario_recording(self) -> Scenario | None:
        """Stop the recording and store the new scenario (``scenario_registration_done``).

        The server stores the recorded actions as a user-defined scenario with an id from
        65536 up (PROTOCOL.md §4.7) [real traffic]; the scenario list is then read to find it.

        Returns:
            The new scenario: the user-defined one named as in
            :meth:`async_start_scenario_recording` (the highest id if several share the
            name), or None if this API object did not start the recording or the scenario
            cannot be found.

        Raises:
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerTimeoutError: the server did not answer in time.
            CameDomoticServerError: the server failed or refused to store it (``result`` 0,
                e.g. nothing is being recorded).
        """
        response = await RECORD_DONE.async_run(self.auth)
        name, self._recording = self._recording, None
        if response.get("result") != 1:
            raise CameDomoticServerError("the server refused to store the recorded scenario")
        if name is None:
            return None
        recorded = [s for s in await self.async_get_scenarios() if s.name == name]
        user_defined = [s for s in recorded if s.user_defined == 1]
        return max(user_defined, key=lambda scenario: scenario.id, default=None)

    async def async_finish_scenario_recording(self) -> bool:
        """Deprecated: use :meth:`async_stop_scenario_recording`.

        Returns:
            True once the server stored the scenario (a refusal raises
            :class:`~aiocamedomotic.errors.CameDomoticServerError`).
        """
        await self.async_stop_scenario_recording()
        return True

    async def async_set_relay_status_by_name(self, name: str, status: RelayStatus) -> None:
        """Switch a relay addressed by its exact name, without fetching the relay list.

        ``relay_activation_req`` with ``name`` (PROTOCOL.md §4.6) [reverse-engineered]: the
        server matches the name itself.

        Args:
            name: the relay's exact name, as :meth:`async_get_relays` gives it.
            status: RelayStatus.ON or RelayStatus.OFF.

        Raises:
            ValueError: ``name`` is not a non-empty string or ``status`` is not ON/OFF
                (nothing is sent).
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerTimeoutError: the server did not answer in time.
            CameDomoticServerError: the server refused the command.
        """
        await SWITCH_BY_NAME.async_send(self.auth, relay_by_name_command(name, status))

    async def async_set_relay_by_name(self, name: str, status: RelayStatus) -> None:
        """Deprecated: use :meth:`async_set_relay_status_by_name`."""
        await self.async_set_relay_status_by_name(name, status)

    async def async_set_thermo_season(self, season: ThermoZoneSeason) -> None:
        """Set the global thermoregulation season for all zones.

        This is a plant-level command that changes the season for the entire
        thermoregulation system (PROTOCOL.md §4.8).

        Warning:
            Setting season to PLANT_OFF causes the CAME server to automatically switch all
            thermoregulation zones to ThermoZoneMode.OFF. Reverting the season back to
            WINTER or SUMMER does not restore the previous zone modes - each zone stays OFF
            until its mode is changed explicitly via ``async_set_mode()`` or
            ``async_set_config()``.

        Args:
            season: The season to set. Valid values are WINTER, SUMMER, and PLANT_OFF.

        Raises:
            ValueError: ``season`` is not WINTER, SUMMER or PLANT_OFF (nothing is sent).
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        await SET_SEASON.async_send(self.auth, season_command(season))

    # --- experimental, [reverse-engineered] families (PROTOCOL.md §4.14, §4.15, §4.19) ---

    async_get_irrigation_sectors = _lister(catalogue.IRRIGATION)
    async_get_sound_zones = _lister(catalogue.SOUND_ZONES)
    async_get_security_centrals = _lister(catalogue.SECURITY_CENTRAL)
    async_get_security_areas = _lister(catalogue.SECURITY_AREAS)
    async_get_security_inputs = _lister(catalogue.SECURITY_INPUTS)
    async_get_security_outputs = _lister(catalogue.SECURITY_OUTPUTS)
    async_get_security_scenarios = _lister(catalogue.SECURITY_SCENARIOS)

    async def async_get_updates(
        self,
        timeout: int | None = None,  # noqa: ASYNC109 (the documented signature)
    ) -> UpdateList:
        """Get status updates from the server using long polling.

        This method performs a long-polling request: it blocks until the server sends one
        or more real-time status updates (e.g., a light turned on, a scenario activated),
        then returns them all at once (PROTOCOL.md §5).

        Args:
            timeout: the timeout in seconds for the long-polling request. If None, uses the
                instance-level ``command_timeout`` (default: 30s). A longer timeout (e.g.
                120s) is recommended to avoid premature disconnections.

        Returns:
            List of status updates received from the server.

        Raises:
            ValueError: ``timeout`` is not a number of seconds in (0, 86400].
            CameDomoticServerTimeoutError: no update arrived within the timeout.
            CameDomoticAuthError: if the login is refused.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerError: on any other server failure.
        """
        if timeout is not None:
            check_timeout(timeout, "timeout")
        live = self._live
        if live is not None:
            # the live plant owns the session's long poll: serve a copy of its stream
            return await live.async_get_updates(timeout)
        effective = self.command_timeout if timeout is None else timeout
        try:
            response = await self.auth.async_send_command(POLL.message(), timeout=effective)
        except CameDomoticServerTimeoutError:
            raise
        except TimeoutError as err:
            raise CameDomoticServerTimeoutError(f"No status update within {effective} s") from err
        return UpdateList(poll_results(response))

    # --- the live plant ---------------------------------------------------------------

    async def async_start_live(self, *, options: LiveOptions | None = None) -> LivePlant:
        """Start the live plant: registries kept current by one background long poll.

        Fetches the server information and, concurrently with it, every entity list (the
        answers of features the server does not list are dropped; the loads of load
        controllers follow once the controllers are known), attaches the keycode to each
        entity (for ``unique_id``), and starts one background task that long-polls the
        server and applies each indication in place. See :mod:`aiocamedomotic.live`.

        While it runs, :meth:`async_get_updates` is served from the live plant's copy of
        the indication stream instead of issuing its own long poll.

        Args:
            options: poll timeout and grace, reconnection backoff and event queue size
                (default: :class:`~aiocamedomotic.live.LiveOptions`).

        Returns:
            The running :class:`~aiocamedomotic.live.LivePlant`; stop it with
            ``await plant.async_stop()`` (:meth:`async_dispose` stops it too).

        Raises:
            CameDomoticStateError: if a live plant is already running on this API object.
            CameDomoticAuthError: if the login is refused (its subclass
                CameDomoticTooManySessionsError if the session table is full).
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
            CameDomoticServerError: on any other server failure.
        """
        if self._live is not None:
            raise CameDomoticStateError(
                "a live plant is already running on this API object; stop it first"
            )
        from .live import LivePlant  # noqa: PLC0415 - the live layer loads on first use

        plant = LivePlant(
            self.auth, self.async_get_server_info, options, on_stop=self._live_stopped
        )
        self._live = plant
        try:
            await plant.async_start()
        except BaseException:
            self._live = None
            raise
        return plant

    def live(self, *, options: LiveOptions | None = None) -> LiveStarter:
        """Return an async context manager running the live plant for its block.

        ``async with api.live() as plant: ...`` is :meth:`async_start_live` on entry and
        ``await plant.async_stop()`` on exit.

        Args:
            options: as for :meth:`async_start_live`.

        Returns:
            The async context manager yielding the :class:`~aiocamedomotic.live.LivePlant`.
        """
        from .live import LiveStarter  # noqa: PLC0415 - the live layer loads on first use

        return LiveStarter(lambda: self.async_start_live(options=options))

    @property
    def live_plant(self) -> LivePlant | None:
        """The running live plant, or ``None`` when none is running."""
        return self._live

    def _live_stopped(self, plant: LivePlant) -> None:
        """The running plant's ``on_stop`` callback: detach the plant from this API."""
        if self._live is plant:
            self._live = None

    async def _async_stop_live(self) -> None:
        """Stop the running live plant, if any (called by :meth:`async_dispose`)."""
        if self._live is not None:
            await self._live.async_stop()


def _parse_items(items: Any, build: Callable[[Any], _T], label: str) -> list[_T]:
    """Build one model per well-formed item of a wire array; skip (and log) the others."""
    if not isinstance(items, list):
        return []
    result: list[_T] = []
    for item in items:
        try:
            result.append(build(item))
        except ValueError:
            _LOGGER.debug("Skipping a malformed %s item from the server", label)
    return result
