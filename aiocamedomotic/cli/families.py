"""CLI layer: the device families the CLI shows, read from the catalogue.

Every catalogue entry with CLI names (:class:`~aiocamedomotic.models.catalogue.CliNames`) is
a :class:`Family` here: its key, feature and names come from the entry, its entities from
``api.async_get_family``, and its state (in words, with units, and as stable JSON) from a
dedicated :class:`Presentation` where one exists, else from the entry's ``shown``
properties. ``list``, ``watch``, the control commands and ``demo`` all read this table, so
a family added to the catalogue is shown with nothing to add here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from aiocamedomotic.errors import CameDomoticAckError
from aiocamedomotic.models import LightType, LoadsCtrlRelayStatus, PlantTopology
from aiocamedomotic.models.catalogue import CATALOGUE, CliNames, FamilySpec

from .errors import CliError, ExitCode

if TYPE_CHECKING:
    from aiocamedomotic import CameDomoticAPI

__all__ = [
    "PRESENTATIONS",
    "Family",
    "Places",
    "Presentation",
    "entity_json",
    "families",
    "families_named",
    "family_named",
    "word",
]

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def word(value: object) -> str:
    """An enum member (or anything) in lower-case words: ``SLAT_OPEN`` -> ``"slat open"``."""
    if isinstance(value, Enum):
        return value.name.lower().replace("_", " ")
    return str(value)


def _unit(unit: str) -> str:
    return "°C" if unit == "C" else unit


def _number(value: float) -> str:
    return f"{value:g}"


def _temp(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} °C"


# --- state of each family: JSON-safe dict, then the same in words ---------------------------


def _brightness(light: Any) -> int | None:
    """The brightness in %; ``None`` for lights that have none (only dimmers and RGB do)."""
    return light.perc if light.type in (LightType.DIMMER, LightType.RGB) else None


def _light_state(light: Any) -> dict[str, Any]:
    return {
        "status": word(light.status),
        "type": word(light.type),
        "brightness": _brightness(light),
        "rgb": light.rgb,
    }


def _light_words(light: Any) -> str:
    text = word(light.status)
    brightness = _brightness(light)
    if brightness is not None:
        text += f", {brightness} %"
    if light.rgb is not None:
        text += ", rgb {},{},{}".format(*light.rgb)
    return text


def _opening_state(opening: Any) -> dict[str, Any]:
    return {"status": word(opening.status), "type": word(opening.type)}


def _status_state(entity: Any) -> dict[str, Any]:
    return {"status": word(entity.status)}


def _scenario_state(scenario: Any) -> dict[str, Any]:
    return {"status": word(scenario.scenario_status)}


def _thermo_state(zone: Any) -> dict[str, Any]:
    return {
        "status": word(zone.status),
        "temperature": zone.temperature,
        "set_point": zone.set_point,
        "mode": word(zone.mode),
        "season": word(zone.season),
        "fan_speed": word(zone.fan_speed),
    }


def _thermo_words(zone: Any) -> str:
    text = (
        f"{_temp(zone.temperature)} (set point {_temp(zone.set_point)}), "
        f"{word(zone.mode)}, {word(zone.season)}"
    )
    if word(zone.fan_speed) != "unknown":
        text += f", fan {word(zone.fan_speed)}"
    return text


def _sensor_state(sensor: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"value": sensor.value, "unit": sensor.unit}
    if hasattr(sensor, "sensor_type"):
        state["type"] = word(sensor.sensor_type)
    return state


def _sensor_words(sensor: Any) -> str:
    return f"{_number(sensor.value)} {_unit(sensor.unit)}".strip()


def _timer_slots(timer: Any) -> list[str]:
    return [
        f"{slot.start_hour:02d}:{slot.start_min:02d}:{slot.start_sec:02d}"
        for slot in timer.timetable
    ]


def _timer_state(timer: Any) -> dict[str, Any]:
    return {
        "enabled": timer.enabled,
        "days": [_DAYS[day] for day in range(7) if timer.is_active_on_day(day)],
        "slots": _timer_slots(timer),
    }


def _timer_words(timer: Any) -> str:
    state = _timer_state(timer)
    parts = ["enabled" if state["enabled"] else "disabled"]
    parts.append(" ".join(state["days"]) or "no day")
    if state["slots"]:
        parts.append("at " + " ".join(slot[:5] for slot in state["slots"]))
    return ", ".join(parts)


def _meter_state(meter: Any) -> dict[str, Any]:
    return {
        "power": meter.instant_power,
        "unit": meter.unit,
        "last_24h": meter.last_24h_avg,
        "last_month": meter.last_month_avg,
        "energy_unit": meter.energy_unit,
    }


def _meter_words(meter: Any) -> str:
    return f"{meter.instant_power} {meter.unit}".strip()


def _controller_state(controller: Any) -> dict[str, Any]:
    return {
        "meter_id": controller.meter_id,
        "power": controller.power,
        "max_power": controller.max_power,
        "hysteresis": controller.hysteresis,
    }


def _controller_words(controller: Any) -> str:
    return (
        f"{controller.power} W of {controller.max_power} W (hysteresis {controller.hysteresis} W)"
    )


def _load_state(load: Any) -> dict[str, Any]:
    return {
        "controller_id": load.controller_id,
        "priority": load.priority,
        "enabled": load.enabled,
        "detached": load.detached,
        "on": load.status is LoadsCtrlRelayStatus.ON,
    }


def _load_words(load: Any) -> str:
    parts = [f"priority {load.priority}", "enabled" if load.enabled else "disabled"]
    on = load.status is LoadsCtrlRelayStatus.ON
    parts.append("shed" if load.detached else ("on" if on else "off"))
    return ", ".join(parts)


def _camera_state(camera: Any) -> dict[str, Any]:
    # Never the URIs: they may embed the camera's credentials.
    return {"stream_type": camera.stream_type}


def _clock(value: tuple[int, int, int] | None) -> str | None:
    return None if value is None else "{:02d}:{:02d}:{:02d}".format(*value)


def _sector_state(sector: Any) -> dict[str, Any]:
    return {
        "enabled": sector.enabled,
        "watering": sector.is_running,
        "forced": sector.forced,
        "days": [_DAYS[day] for day in range(7) if sector.days >> day & 1],
        "perc": sector.perc,
        "start": _clock(sector.start_time),
        "end": _clock(sector.end_time),
        "sprinklers": [s.act_id for s in sector.sprinkler_list],
    }


def _sector_words(sector: Any) -> str:
    state = _sector_state(sector)
    parts = ["watering" + (" (forced)" if sector.forced else "") if sector.is_running else "idle"]
    parts.append("schedule " + ("on" if sector.enabled else "off"))
    if state["start"] is not None:
        parts.append(f"{' '.join(state['days']) or 'no day'} at {state['start'][:5]}")
    parts.append(f"{sector.perc} %")
    return ", ".join(parts)


def _sound_state(zone: Any) -> dict[str, Any]:
    return {
        "on": zone.is_on,
        "mute": zone.is_muted,
        "volume": zone.volume,
        "min_volume": zone.min_volume,
        "max_volume": zone.max_volume,
        "source": zone.source,
        "sources": {str(s["id"]): s["name"] for s in zone.sources},
    }


def _sound_words(zone: Any) -> str:
    if not zone.is_on:
        return "standby"
    text = f"on, {zone.source or 'no source'}, volume {zone.volume}"
    return text + (", muted" if zone.is_muted else "")


async def _loads(api: CameDomoticAPI) -> Sequence[Any]:
    """The loads of every load controller, controller by controller."""
    return [
        load for c in await api.async_get_loadsctrl_meters() for load in await c.async_get_relays()
    ]


async def _sound_zones(api: CameDomoticAPI) -> Sequence[Any]:
    """Sound zones, best effort: no feature string gates them (docs/protocol.md §4.15, §7.12)."""
    try:
        return await api.async_get_sound_zones()
    except CameDomoticAckError:
        return []  # the server refused the command: no sound system


def _code_state(entity: Any) -> dict[str, Any]:
    # security entities: decoded status and the raw code (§7.14)
    return {"status": word(entity.status), "code": entity.status_code}


def _output_state(output: Any) -> dict[str, Any]:
    return {"active": output.active, "code": output.status_code}


def _plain(value: object) -> object:
    """A property value as JSON-safe data (an enum member in words)."""
    return word(value) if isinstance(value, Enum) else value


def _shown_state(shown: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    def state(entity: Any) -> dict[str, Any]:
        return {name: _plain(getattr(entity, name)) for name in shown}

    return state


def _shown_words(shown: tuple[str, ...]) -> Callable[[Any], str]:
    def words(entity: Any) -> str:
        values = [word(getattr(entity, name)) for name in shown]
        if len(values) == 1:
            return values[0]
        return (
            ", ".join(
                f"{name.replace('_', ' ')} {value}"
                for name, value in zip(shown, values, strict=True)
            )
            or "-"
        )

    return words


@dataclass(frozen=True)
class Presentation:
    """How the CLI tells the state of one family's entities, where the generic one (the
    entry's :attr:`CliNames.shown <aiocamedomotic.models.catalogue.CliNames.shown>`
    properties) is not enough.

    Attributes:
        state: the entity's state as JSON-safe data with stable keys.
        words: the entity's state in words, with units.
    """

    state: Callable[[Any], dict[str, Any]]
    words: Callable[[Any], str]


#: The dedicated presentations, by family key.
PRESENTATIONS: dict[str, Presentation] = {
    "lights": Presentation(_light_state, _light_words),
    "openings": Presentation(_opening_state, lambda opening: word(opening.status)),
    "scenarios": Presentation(_scenario_state, lambda scenario: word(scenario.scenario_status)),
    "thermo_zones": Presentation(_thermo_state, _thermo_words),
    "analog_sensors": Presentation(_sensor_state, _sensor_words),
    "analog_inputs": Presentation(_sensor_state, _sensor_words),
    "timers": Presentation(_timer_state, _timer_words),
    "energy_meters": Presentation(_meter_state, _meter_words),
    "loadsctrl_controllers": Presentation(_controller_state, _controller_words),
    "loadsctrl_loads": Presentation(_load_state, _load_words),
    # experimental, [reverse-engineered] families (docs/protocol.md §4.14, §4.15, §4.19)
    "irrigation_sectors": Presentation(_sector_state, _sector_words),
    "sound_zones": Presentation(_sound_state, _sound_words),
    "security_areas": Presentation(_code_state, lambda area: word(area.status)),
    "security_inputs": Presentation(_code_state, lambda entry: word(entry.status)),
    "security_outputs": Presentation(
        _output_state, lambda output: "active" if output.active else "idle"
    ),
    "security_scenarios": Presentation(
        lambda scenario: {"areas": scenario.areas},
        lambda scenario: "areas " + (", ".join(map(str, scenario.areas)) or "-"),
    ),
    "cameras": Presentation(_camera_state, lambda camera: camera.stream_type or "-"),
}

#: Families fetched otherwise than with ``api.async_get_family``.
_FETCH: dict[str, Callable[[CameDomoticAPI], Awaitable[Sequence[Any]]]] = {
    "sound_zones": _sound_zones,
}


@dataclass(frozen=True)
class Family:
    """How the CLI handles one device family: its catalogue entry, and how to fetch it and
    tell its state.

    Attributes:
        spec: the family's catalogue entry (it has :attr:`~FamilySpec.cli` names).
        state: the entity's state as JSON-safe data with stable keys.
        words: the entity's state in words, with units.
    """

    spec: FamilySpec[Any]
    state: Callable[[Any], dict[str, Any]]
    words: Callable[[Any], str]

    @classmethod
    def of(cls, spec: FamilySpec[Any]) -> Family:
        """The CLI's view of a catalogue entry that has CLI names."""
        assert spec.cli is not None
        shown = PRESENTATIONS.get(spec.key)
        if shown is None:
            return cls(spec, _shown_state(spec.cli.shown), _shown_words(spec.cli.shown))
        return cls(spec, shown.state, shown.words)

    @property
    def key(self) -> str:
        """The family key, as the live layer names it (``"lights"``)."""
        return self.spec.key

    @property
    def names(self) -> CliNames:
        """The entry's CLI names."""
        assert self.spec.cli is not None
        return self.spec.cli

    @property
    def noun(self) -> str:
        """Singular noun for messages (``"light"``)."""
        return self.names.noun

    @property
    def title(self) -> str:
        """Heading of its table."""
        return self.names.title

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names a person may type for the family."""
        return self.names.aliases

    @property
    def feature(self) -> str | None:
        """The server feature gating it (``None``: not gated), as a plain string."""
        feature = self.spec.feature
        return None if feature is None else str(feature)

    @property
    def cli_name(self) -> str:
        """The name shown to people (``digital-inputs``)."""
        return self.key.replace("_", "-")

    async def fetch(self, api: CameDomoticAPI) -> Sequence[Any]:
        """Fetch every entity of the family."""
        fetch = _FETCH.get(self.key)
        return await (fetch(api) if fetch is not None else api.async_get_family(self.key))


class _Table:
    """The families the CLI shows, as the catalogue holds them (rebuilt when it changed)."""

    def __init__(self) -> None:
        self.specs: tuple[FamilySpec[Any], ...] = ()
        self.families: tuple[Family, ...] = ()
        self.by_name: dict[str, Family] = {}

    def current(self) -> _Table:
        specs = tuple(CATALOGUE.values())
        if specs != self.specs:  # the same entries compare by identity first: cheap
            self.specs = specs
            self.families = tuple(Family.of(spec) for spec in specs if spec.cli is not None)
            self.by_name = {
                name.replace("_", "-"): family
                for family in self.families
                for name in (family.cli_name, *family.aliases)
            }
        return self


_TABLE = _Table()


def families() -> tuple[Family, ...]:
    """Every family the CLI shows, in catalogue order."""
    return _TABLE.current().families


def family_named(name: str) -> Family:
    """The family a person designates (``lights``, ``covers``, ``digital-inputs``...).

    Raises:
        CliError: (``USAGE``) no family has that name.
    """
    family = _TABLE.current().by_name.get(name.strip().lower().replace("_", "-"))
    if family is None:
        known = ", ".join(family.cli_name for family in families())
        raise CliError(f"unknown family {name!r}; choose among {known}", ExitCode.USAGE)
    return family


def families_help() -> str:
    """Every family name a person may type, with its first alias (for ``--help``)."""
    return ", ".join(
        f"{family.cli_name} ({family.aliases[0]})" if family.aliases
        else family.cli_name
        for family in families()
    )  # fmt: skip


async def require_feature(api: CameDomoticAPI, feature: str | None, what: str) -> None:
    """Fail unless the server lists ``feature`` (``None``: not gated).

    Raises:
        CliError: (``UNSUPPORTED``) the server does not offer the feature.
    """
    if feature is None:
        return
    server = await api.async_get_server_info()
    if feature not in server.features:
        raise CliError(
            f"{what}: not supported by this server (feature {feature!r} not listed)",
            ExitCode.UNSUPPORTED,
        )


def families_named(names: Iterable[str]) -> list[Family]:
    """The families named, in table order and without repeats; all of them if none."""
    wanted = {family_named(name).key for name in names}
    return [family for family in families() if not wanted or family.key in wanted]


class Places:
    """Floor and room names of the plant, looked up from an entity's indexes."""

    def __init__(self, topology: PlantTopology | None) -> None:
        self._floors: dict[int, str] = {}
        self._rooms: dict[tuple[int | None, int], str] = {}
        for floor in topology.floors if topology else ():
            self._floors[floor.id] = floor.name
            for room in floor.rooms:
                self._rooms[(floor.id, room.id)] = room.name
                # Room indexes are usually unique plant-wide; keep a floor-less fallback.
                self._rooms.setdefault((None, room.id), room.name)

    def of(self, entity: Any) -> tuple[str | None, str | None]:
        """``(floor name, room name)`` of an entity, ``None`` where unknown."""
        floor_ind = getattr(entity, "floor_ind", None)
        room_ind = getattr(entity, "room_ind", None)
        floor = self._floors.get(floor_ind) if isinstance(floor_ind, int) else None
        room = None
        if isinstance(room_ind, int):
            room = self._rooms.get((floor_ind, room_ind)) or self._rooms.get((None, room_ind))
        return floor, room


def entity_json(family: Family, entity: Any, places: Places | None = None) -> dict[str, Any]:
    """An entity as JSON with stable keys: family, id, name, floor, room, state."""
    floor, room = places.of(entity) if places else (None, None)
    return {
        "family": family.cli_name,
        "id": entity.key,
        "name": entity.name,
        "floor": floor,
        "room": room,
        "state": family.state(entity),
    }
