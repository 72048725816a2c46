"""Emulator layer: the stateful plant (devices, their state, their behaviour, test hooks).

The plant answers application messages (the content of ``sl_appl_msg``) for the emulator
core, changes its state like a real CAME server (PROTOCOL.md §6) and publishes one
indication per change through :attr:`Plant.emit`. The device families live in
:mod:`aiocamedomotic.emulator.devices`; this module ties them together, answers the
plant-wide commands (features, clock, topology, terminal groups) and offers the
physical-event hooks tests use (PROTOCOL.md §6.11). The plant file format is documented in
``PLANT_FORMAT.md`` next to this module.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import time
from collections.abc import Callable, Hashable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..const import UpdateIndicator
from .devices.base import REGISTRY, AppDataError, Family, Handler, Record, Variants
from .devices.energy import Meters
from .devices.inputs import AnalogInputs, DigitalInputs
from .devices.lights import Lights
from .devices.loadsctrl import Controllers
from .devices.relays import Relays
from .devices.scenarios import Scenarios
from .devices.security import Security
from .devices.thermo import SENSOR_KEYS, Thermo, analog_wire
from .hooks import hook

__all__ = ["AppDataError", "Plant", "Variants"]

_LOGGER = logging.getLogger(__name__)

_DEMO_FILE = Path(__file__).parent / "plants" / "demo.json"
_DEFAULT_SERVER: Record = {
    "keycode": "3A7F00C21B9E4D55",
    "serial": "04a1c7e2",
    "swver": "3.0.1",
    "type": "0",
    "board": "3",
}
_DEFAULT_TIMEZONE = "Europe/Rome"
_OPTIONAL_SERVER_FIELDS = ("swver", "type", "board")

#: Indication names of §5.5 -> the never-observed names of §5.8 (legacy-names variant).
_LEGACY_NAMES = {
    UpdateIndicator.LIGHT: UpdateIndicator.LIGHT_LEGACY,
    UpdateIndicator.OPENING: UpdateIndicator.OPENING_LEGACY,
    UpdateIndicator.THERMOSTAT: UpdateIndicator.THERMOSTAT_LEGACY,
    UpdateIndicator.RELAY: UpdateIndicator.RELAY_LEGACY,
    UpdateIndicator.DIGITAL_INPUT: UpdateIndicator.DIGITAL_INPUT_LEGACY,
    UpdateIndicator.ANALOG_INPUT: UpdateIndicator.ANALOG_INPUT_LEGACY,
    UpdateIndicator.TIMER: UpdateIndicator.TIMER_LEGACY,
}
#: Plant-file keys besides those of the device families (:data:`~.devices.base.REGISTRY`).
_PLANT_KEYS = ("server", "timezone", "features", "users", "terminal_groups", "floors", "rooms")


class Plant:
    """State of an emulated plant.

    Contract with the emulator core (``server.py``):

    * ``server``: dict with ``keycode``, ``serial``, ``swver``, ``type``, ``board``;
    * ``features``: list of feature strings;
    * ``users``: dict user name -> password (mutated by the core's user commands);
    * ``terminal_groups``: list of ``{"group_name", "group_id"}``;
    * ``variants``: the :class:`Variants` presented;
    * ``emit``: callable set by the core; the plant calls it with one indication dict
      (including its ``cmd_name``) for every state change;
    * :meth:`handle`: answer one application message;
    * :meth:`aclose`: cancel every timer the plant started.

    These four attributes are updated in place by :meth:`replace_config`, so the core may
    keep references to them.

    Timed behaviour (travel times, scenario transitions, timed relays) uses timers of the
    running event loop: call :meth:`handle` and the hooks from inside the loop.

    Args:
        data: the plant file content (see ``PLANT_FORMAT.md``); ``None`` gives an empty
            plant with a default identity and the user ``admin``/``admin``.
        variants: firmware variants and timings; defaults to variant A.

    Raises:
        ValueError: ``data`` is not a valid plant description.
    """

    def __init__(self, data: Record | None = None, *, variants: Variants | None = None) -> None:
        self.variants = variants or Variants()
        self.emit: Callable[[Record], None] = lambda _ind: None
        #: Called with the family key after each device change (the emulator's panel).
        self.observer: Callable[[str], None] = lambda _family: None
        #: Source of Unix time (tests may replace it for deterministic clocks).
        self.clock: Callable[[], float] = time.time
        self.server: Record = {}
        self.features: list[str] = []
        self.users: dict[str, str] = {}
        self.terminal_groups: list[Record] = []
        self.timezone = _DEFAULT_TIMEZONE
        self._tz: tzinfo = UTC
        self._floors: list[Record] = []
        self._rooms: list[Record] = []
        self._families: dict[str, Family] = {}
        self._handlers: dict[str, Handler] = {}
        self._timers: dict[Hashable, asyncio.TimerHandle] = {}
        self._load(data or {}, initial=True)

    # --- construction ----------------------------------------------------------------------

    @classmethod
    def demo(cls, *, variants: Variants | None = None) -> Plant:
        """The shipped demo plant (``plants/demo.json``).

        Args:
            variants: firmware variants and timings; defaults to variant A.

        Returns:
            A new plant.
        """
        return cls.from_file(_DEMO_FILE, variants=variants)

    @classmethod
    def from_file(cls, path: str | Path, *, variants: Variants | None = None) -> Plant:
        """Load a plant file (JSON, see ``PLANT_FORMAT.md``).

        Args:
            path: the file.
            variants: firmware variants and timings; defaults to variant A.

        Returns:
            A new plant.

        Raises:
            OSError: the file cannot be read.
            ValueError: the file is not a valid plant description.
        """
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("a plant file must hold a JSON object")
        return cls(data, variants=variants)

    def _load(self, data: Record, *, initial: bool) -> None:
        unknown = sorted(set(data) - {*_PLANT_KEYS, *REGISTRY})
        if unknown:
            raise ValueError(f"unknown plant file keys: {unknown}")
        # Identity and users survive a configuration change that does not mention them.
        if initial or "server" in data:
            _replace(self.server, dict(data.get("server") or _DEFAULT_SERVER))
        if initial or "users" in data:
            _replace(self.users, dict(data.get("users") or {"admin": "admin"}))
        self.features[:] = [str(f) for f in data.get("features", [])]
        self.terminal_groups[:] = copy.deepcopy(
            data.get("terminal_groups", [{"group_name": "ETI/Domo", "group_id": 1}])
        )
        self.timezone = str(data.get("timezone", _DEFAULT_TIMEZONE))
        try:
            self._tz = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            _LOGGER.warning("Unknown time zone %r; the plant clock uses UTC", self.timezone)
            self._tz = UTC
        self._floors = copy.deepcopy(data.get("floors", []))
        self._rooms = copy.deepcopy(data.get("rooms", []))
        try:
            self._families = {key: cls(self, data.get(key)) for key, cls in REGISTRY.items()}
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"invalid plant description: {err!r}") from err
        self._handlers = {
            "feature_list_req": self._feature_list,
            "datetime_req": self._datetime,
            "floor_list_req": lambda msg: self.list_response(
                "floor_list_resp", copy.deepcopy(self._floors), key="floor_list"
            ),
            "room_list_req": lambda msg: self.list_response(
                "room_list_resp", copy.deepcopy(self._rooms), key="room_list"
            ),
            "terminals_groups_list_req": lambda msg: self.list_response(
                "terminals_groups_list_resp", copy.deepcopy(self.terminal_groups)
            ),
        }
        for family in self._families.values():
            self._handlers.update(family.commands())

    def to_dict(self) -> Record:
        """The plant file form of the current configuration and state.

        ``Plant(plant.to_dict())`` reproduces the plant (pending timers excepted).

        Returns:
            A JSON-compatible dict.
        """
        data: Record = {
            "server": copy.deepcopy(self.server),
            "timezone": self.timezone,
            "features": list(self.features),
            "users": dict(self.users),
            "terminal_groups": copy.deepcopy(self.terminal_groups),
            "floors": copy.deepcopy(self._floors),
            "rooms": copy.deepcopy(self._rooms),
        }
        for key, family in self._families.items():
            data[key] = family.dump()
        return data

    # --- the core's entry points -------------------------------------------------------------

    def handle(self, cmd_name: str, msg: Record, *, username: str) -> Record | None:
        """Answer one application message.

        Args:
            cmd_name: the message's ``cmd_name``.
            msg: the whole application message (``sl_appl_msg``).
            username: login name of the calling session.

        Returns:
            The response fields including ``cmd_name`` (``{}`` for a bare ack; the core adds
            ``cseq`` and ``sl_data_ack_reason``), or ``None`` for an unknown command
            (-> ACK 9).

        Raises:
            AppDataError: invalid application data (-> ACK 11): missing or ill-typed fields,
                out-of-range values, unknown device ids. The real server's reaction is
                unknown (PROTOCOL.md §8.11); this is the emulator's choice.
        """
        msg = {**msg, "cmd_name": cmd_name}
        resp = self.dispatch(msg)
        scenarios = self._families.get(Scenarios.key)
        if (
            resp is not None
            and isinstance(scenarios, Scenarios)
            and scenarios.recording is not None
            and self.action_target(msg) is not None
        ):
            # Device actions of any session are recorded into the pending scenario (§4.7).
            scenarios.record(msg)
        return resp

    async def aclose(self) -> None:
        """Cancel every timer the plant started (the plant stays usable)."""
        for handle in self._timers.values():
            handle.cancel()
        self._timers.clear()

    # --- Host protocol (used by the families) ------------------------------------------------

    def now(self) -> float:
        """Current Unix time of the plant clock."""
        return self.clock()

    def local_now(self) -> datetime:
        """Current wall-clock time in the plant's time zone."""
        return self.local_at(self.clock())

    def local_at(self, timestamp: float) -> datetime:
        """The wall-clock time of a Unix time in the plant's time zone."""
        return datetime.fromtimestamp(timestamp, tz=self._tz)

    def changed(self, family: str, ident: int, indication: Record) -> None:
        """Publish the indication of a device change, then re-check active scenarios.

        Args:
            family: plant-file key of the device's family.
            ident: the device id.
            indication: the complete indication, ``cmd_name`` included.
        """
        self.publish(indication)
        self.observer(family)
        scenarios = self._families.get(Scenarios.key)
        if isinstance(scenarios, Scenarios):
            scenarios.watch(family, ident)

    def publish(self, indication: Record) -> None:
        """Hand an indication to the core, renamed when the legacy-names variant is on.

        Args:
            indication: the complete indication, ``cmd_name`` included.
        """
        if self.variants.legacy_indication_names:
            name = indication.get("cmd_name")
            legacy = next((v for k, v in _LEGACY_NAMES.items() if k.value == name), None)
            if legacy is not None:
                indication = {**indication, "cmd_name": legacy.value}
        self.emit(indication)

    def schedule(self, key: Hashable, delay: float, callback: Callable[[], None]) -> None:
        """Run ``callback`` after ``delay`` seconds, replacing any timer under ``key``.

        Raises:
            RuntimeError: no running event loop.
        """
        self.cancel(key)
        loop = asyncio.get_running_loop()
        self._timers[key] = loop.call_later(max(0.0, delay), self._fire, key, callback)

    def _fire(self, key: Hashable, callback: Callable[[], None]) -> None:
        self._timers.pop(key, None)
        try:
            callback()
        except Exception:
            # A failing timer must be visible, never die silently.
            _LOGGER.exception("Emulated plant timer %r failed", key)

    def cancel(self, key: Hashable) -> None:
        """Cancel the timer under ``key`` if any."""
        handle = self._timers.pop(key, None)
        if handle is not None:
            handle.cancel()

    def has_feature(self, feature: str) -> bool:
        """Whether ``feature`` is advertised by ``feature_list_resp``."""
        return feature in self.features

    def list_response(self, cmd_name: str, items: list[Record], key: str = "array") -> Record:
        """Build a list response; an empty list follows :attr:`Variants.empty_list` (§6.8).

        Args:
            cmd_name: the response name.
            items: the list items.
            key: the list key (``"array"``, ``"map"``, ``"floor_list"``...).

        Returns:
            The response fields.
        """
        resp: Record = {"cmd_name": cmd_name}
        if items or self.variants.empty_list == "array":
            resp[key] = items
        elif self.variants.empty_list == "null":
            resp[key] = None
        return resp

    @property
    def command_names(self) -> frozenset[str]:
        """Every application ``cmd_name`` the plant answers (:meth:`handle` gives ``None``,
        i.e. ACK 9, for any other).

        Whatever the features: a list command of a missing feature answers an empty list.
        Session commands and ``status_update_req`` belong to the core, not to the plant.
        """
        return frozenset(self._handlers)

    def family(self, key: str) -> Family:
        """The family stored under plant-file key ``key``.

        Raises:
            KeyError: no such family.
        """
        return self._families[key]

    def dispatch(self, msg: Record) -> Record | None:
        """Execute an application message without recording it (scenario actions).

        Returns:
            The response fields, or ``None`` for an unknown ``cmd_name``.

        Raises:
            AppDataError: invalid application data.
        """
        handler = self._handlers.get(str(msg.get("cmd_name")))
        return None if handler is None else handler(msg)

    def action_target(self, msg: Record) -> tuple[str, int] | None:
        """``(family, device id)`` addressed by a device action, ``None`` otherwise."""
        for family in self._families.values():
            ident = family.action_target(msg)
            if ident is not None:
                return family.key, ident
        return None

    def floor_name(self, floor_ind: int) -> str:
        """Display name of a floor (``"Floor <n>"`` when the plant names none)."""
        return next(
            (str(f.get("name")) for f in self._floors if f.get("floor_ind") == floor_ind),
            f"Floor {floor_ind}",
        )

    def room_name(self, room_ind: int) -> str:
        """Display name of a room (``"Room <n>"`` when the plant names none)."""
        return next(
            (str(r.get("name")) for r in self._rooms if r.get("room_ind") == room_ind),
            f"Room {room_ind}",
        )

    # --- plant-wide commands -----------------------------------------------------------------

    def _feature_list(self, msg: Record) -> Record:
        server = dict(self.server)
        if not self.variants.feature_optional_fields:
            for field in _OPTIONAL_SERVER_FIELDS:
                server.pop(field, None)
        return {
            "cmd_name": "feature_list_resp",
            **server,
            "list": list(self.features),
            "recovery_status": 0,
        }

    def _datetime(self, msg: Record) -> Record:
        now = self.local_now()
        return {
            "cmd_name": "datetime_resp",
            "epoch": int(self.clock()),
            "server_timezone": self.timezone,
            "datetime": now.strftime("%Y-%m-%d %H:%M:%S"),
            "daylight_saving_time": int(bool(now.dst())),
        }

    # --- inspection and physical-event hooks (PROTOCOL.md §6.11) -------------------------

    @hook("inspect")
    def device(self, family: str, ident: int) -> Record:
        """A copy of the true state of one device.

        Args:
            family: plant-file key (``"lights"``, ``"openings"``, ``"relays"``,
                ``"scenarios"``, ``"thermo"``, ``"digital_inputs"``, ``"analog_inputs"``,
                ``"timers"``, ``"cameras"``, ``"maps"``).
            ident: the device id (``open_act_id`` for openings, ``id`` for scenarios,
                timers and cameras, ``page_id`` for maps).

        Returns:
            The device record as stored (plant-file form).

        Raises:
            KeyError: unknown family or device.
        """
        return self.family(family).device(ident)

    @hook("physical")
    def set_light(
        self, act_id: int, status: int = 1, *, perc: int | None = None, rgb: list[int] | None = None
    ) -> None:
        """Operate a light by hand (wall switch); emits ``light_switch_ind``.

        Args:
            act_id: the light.
            status: 0 off, 1 on, 4 auto.
            perc: brightness 0-100 (dimmers, RGB), ``None`` to keep it.
            rgb: colour (RGB lights), ``None`` to keep it.

        Raises:
            ValueError: unknown light or invalid value.
        """
        msg: Record = {"cmd_name": "light_switch_req", "act_id": act_id, "wanted_status": status}
        if perc is not None:
            msg["perc"] = perc
        if rgb is not None:
            msg["rgb"] = list(rgb)
        self._physical(msg)

    @hook("physical")
    def toggle_light(self, act_id: int) -> None:
        """Toggle a light by hand (off -> on, on/auto -> off); emits ``light_switch_ind``.

        Raises:
            ValueError: unknown light.
        """
        status = self._hook_device(Lights.key, act_id).get("status")
        self.set_light(act_id, 1 if status == 0 else 0)

    @hook("physical")
    def set_relay(self, act_id: int, status: int) -> None:
        """Switch a relay by hand (0 off, 1 on); emits ``relay_status_ind``.

        Raises:
            ValueError: unknown relay or invalid status.
        """
        self._physical(
            {"cmd_name": "relay_activation_req", "act_id": act_id, "wanted_status": status}
        )

    @hook("physical")
    def toggle_relay(self, act_id: int) -> None:
        """Toggle a relay by hand; emits ``relay_status_ind``.

        Raises:
            ValueError: unknown relay.
        """
        status = self._hook_device(Relays.key, act_id).get("status")
        self.set_relay(act_id, 0 if status else 1)

    @hook("physical")
    def move_opening(self, act_id: int, direction: int) -> None:
        """Start (1 open, 2 close, 3/4 slats) or stop (0) an opening by hand.

        Emits ``opening_move_ind``; a movement stops by itself after the travel time.

        Args:
            act_id: ``open_act_id`` or ``close_act_id`` of the opening.
            direction: 0 stop, 1 open, 2 close, 3 slat open, 4 slat close.

        Raises:
            ValueError: unknown opening or invalid direction.
        """
        self._physical(
            {"cmd_name": "opening_move_req", "act_id": act_id, "wanted_status": direction}
        )

    @hook("physical")
    def stop_opening(self, act_id: int) -> None:
        """Stop an opening by hand; emits ``opening_move_ind``.

        Raises:
            ValueError: unknown opening.
        """
        self.move_opening(act_id, 0)

    @hook("physical")
    def press_input(self, act_id: int) -> None:
        """Activate a digital input (status 0, ``utc_time`` now, ``ack`` 0).

        Raises:
            ValueError: unknown input.
        """
        family = self._families[DigitalInputs.key]
        assert isinstance(family, DigitalInputs)
        family.set_status(self._hook_record(family, act_id), 0)

    @hook("physical")
    def release_input(self, act_id: int) -> None:
        """Return a digital input to idle (status 1, ``utc_time`` now).

        Raises:
            ValueError: unknown input.
        """
        family = self._families[DigitalInputs.key]
        assert isinstance(family, DigitalInputs)
        family.set_status(self._hook_record(family, act_id), 1)

    @hook("physical")
    def set_zone_temperature(
        self, act_id: int, temp: int | None = None, *, humidity: int | None = None
    ) -> None:
        """Set a zone's measured temperature and/or humidity; emits ``thermo_zone_info_ind``.

        The zone's demand ``status`` is recomputed (§6.3).

        Args:
            act_id: the zone.
            temp: temperature in tenths of °C, ``None`` to keep it.
            humidity: relative humidity % (``hygro``), ``None`` to keep it.

        Raises:
            ValueError: unknown zone.
        """
        family = self._families[Thermo.key]
        assert isinstance(family, Thermo)
        family.set_measure(self._hook_record(family, act_id), temp, humidity)

    @hook("physical")
    def set_analog_value(self, act_id: int, value: int) -> None:
        """Set the value of an analog probe; emits one ``analogin_status_ind``.

        The probe may be a standalone analog input, a top-level thermo sensor
        (``temperature``/``humidity``/``pressure`` of ``thermo_list_resp``) or both (the
        same physical probe may be listed twice, §4.8.5). No indication is documented for
        thermo sensors; the emulator uses ``analogin_status_ind`` for them too.

        Args:
            act_id: the probe.
            value: the raw wire value (tenths for Celsius probes).

        Raises:
            ValueError: no probe with this id.
        """
        thermo = self._families[Thermo.key]
        assert isinstance(thermo, Thermo)
        analog = self._families[AnalogInputs.key].find(act_id)
        probes = [analog] if analog is not None else []
        probes += [
            s
            for s in (thermo.sensors.get(k) for k in SENSOR_KEYS)
            if s is not None and s.get("act_id") == act_id
        ]
        if not probes:
            raise ValueError(f"act_id: no analog probe with id {act_id}")
        for probe in probes:
            probe["value"] = value
        ind = {"cmd_name": UpdateIndicator.ANALOG_INPUT.value, **analog_wire(probes[0], self)}
        self.changed(AnalogInputs.key, act_id, ind)

    @hook("physical")
    def set_meter_power(self, meter_id: int, watts: int) -> None:
        """Set an energy meter's instant power (PROTOCOL.md §6.7 guidance).

        Emits one complete ``meter_instant_power_ind`` when the power changes; the load
        controllers watching the meter then shed or re-attach one load (§4.13).

        Args:
            meter_id: the meter's ``id``.
            watts: the new power in W.

        Raises:
            ValueError: unknown meter.
        """
        meters = self._families[Meters.key]
        assert isinstance(meters, Meters)
        meters.set_power(self._hook_record(meters, meter_id), watts)
        controllers = self._families[Controllers.key]
        assert isinstance(controllers, Controllers)
        controllers.meter_changed(meter_id, watts)

    @hook("physical")
    def open_security_input(self, input_id: int) -> None:
        """Open a security input (a detector sees someone, a door opens).

        In an armed area this raises the alarm: sirens on, indications of §5.5 emitted
        (experimental, see :mod:`.devices.security`).

        Raises:
            ValueError: unknown input.
        """
        self._security_input(input_id, is_open=True)

    @hook("physical")
    def close_security_input(self, input_id: int) -> None:
        """Close a security input (an input that raised an alarm keeps its memory).

        Raises:
            ValueError: unknown input.
        """
        self._security_input(input_id, is_open=False)

    #: Alias of :meth:`open_security_input` (an intrusion).
    trigger_security_input = open_security_input

    def _security_input(self, input_id: int, *, is_open: bool) -> None:
        family = self._families[Security.key]
        assert isinstance(family, Security)
        try:
            family.set_input(input_id, is_open)
        except KeyError:
            raise ValueError(f"input_id: no security input with id {input_id}") from None

    @hook("plant")
    def replace_config(self, data: Record) -> None:
        """Replace the plant configuration (an installer re-programmed it).

        Pending timers are cancelled, every device is reloaded from ``data``, and a
        ``plant_update_ind`` is emitted (§5.7). Server identity and users are kept unless
        ``data`` has them.

        Args:
            data: the new plant file content.

        Raises:
            ValueError: ``data`` is not a valid plant description (nothing is changed).
        """
        previous = self.to_dict()
        for handle in self._timers.values():
            handle.cancel()
        self._timers.clear()
        try:
            self._load(data, initial=False)
        except ValueError:
            self._load(previous, initial=False)
            raise
        self.publish({"cmd_name": UpdateIndicator.PLANT.value})

    def _physical(self, msg: Record) -> None:
        """Apply a hand operation as the equivalent action (recorded like one, §4.7)."""
        try:
            self.handle(str(msg["cmd_name"]), msg, username="")
        except AppDataError as err:
            raise ValueError(str(err)) from None

    def _hook_device(self, family: str, ident: int) -> Record:
        return self._hook_record(self._families[family], ident)

    @staticmethod
    def _hook_record(family: Family, ident: int) -> Record:
        record = family.find(ident)
        if record is None:
            raise ValueError(f"act_id: no {family.key} device with id {ident}")
        return record


def _replace(target: dict[str, Any], source: dict[str, Any]) -> None:
    target.clear()
    target.update(source)
