"""Models layer: :class:`CameEntity`, the base of every entity, and the plant-level objects.

An entity wraps the wire object of one server-side thing (a light, a floor, a timer...) in
:attr:`~CameEntity.raw_data` and exposes it through :mod:`._fields` descriptors. The live
layer keeps entities current in place with :meth:`CameEntity.apply_update`, which also tells
which public properties changed.

Besides the base classes, this module holds what belongs to the plant as a whole, as in
upstream aiocamedomotic's ``models.base``: floors and rooms, the merged topology, the server
information and clock, users and their permission groups.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast, runtime_checkable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .._protocol import session as wire
from ..anonymizer import mask_keycode, mask_serial
from ..errors import CameDomoticAuthError, CameDomoticProtocolError, CameDomoticServerError
from ..utils import EntityValidator
from ._fields import Field, FieldModel, bool_field, int_field, str_field, to_int
from ._reexport import auth_on_access
from .command import Command

if TYPE_CHECKING:
    from ..auth import Auth
else:
    __getattr__ = auth_on_access(__name__)  # upstream re-exports Auth here

__all__ = [
    "Auth",
    "AuthEntity",
    "CameDomoticAuthError",
    "CameDomoticServerError",
    "CameEntity",
    "CommandSender",
    "EntityValidator",
    "Floor",
    "PlantTopology",
    "Room",
    "ServerDateTime",
    "ServerInfo",
    "TerminalGroup",
    "TopologyFloor",
    "TopologyRoom",
    "User",
]

_MISSING: Any = object()
_NO_CHANGE: frozenset[str] = frozenset()


@runtime_checkable
class CommandSender(Protocol):
    """What an entity needs from :class:`~aiocamedomotic.auth.Auth`: a way to send commands.

    Typing the ``auth`` argument of the models as this small protocol (rather than the
    concrete ``Auth`` class) lets tests and other transports pass any object with a
    compatible ``async_send_command``.
    """

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: int | None = None,  # noqa: ASYNC109 - mirrors Auth's signature
    ) -> dict[str, Any]:
        """Send one application message and return the server's response."""
        ...


@runtime_checkable
class OnceCommandSender(CommandSender, Protocol):
    """A :class:`CommandSender` that can also send a command that is never resent.

    A toggle must not run twice: after a lost session (ACK 7/8) such a sender fails the
    call instead of logging in again and resending it (PROTOCOL.md §2.10).
    """

    async def async_send_command_once(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - mirrors Auth's signature
    ) -> dict[str, Any]:
        """Send one application message, never resent after a lost session."""
        ...


class SessionAdmin(CommandSender, Protocol):
    """What a :class:`User` needs from the session: session-layer commands, the current
    user name, and the two user-level operations (a password change, a user switch)."""

    @property
    def current_username(self) -> str | None:
        """The user the session logs in as."""
        ...

    async def async_send_command(
        self,
        command: dict[str, Any],
        *,
        response_command: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - mirrors Auth's signature
        command_type: str = ...,
        additional_payload: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Send an application or session-layer command and return the answer."""
        ...

    async def async_change_user_password(
        self, username: str, current_password: str, new_password: str
    ) -> None:
        """Change a user's password (updating the stored one if it is the current user)."""
        ...

    async def async_switch_user(self, username: str, password: str) -> None:
        """Log in as another user, keeping the previous session if the login fails."""
        ...


class EntityOwner(Protocol):
    """What holds an entity (a live plant's family controller): every write to the entity
    goes through it, so that it can publish the change.

    Internal to the library: the live layer attaches itself with :meth:`CameEntity.hold`.
    """

    def apply(self, entity: CameEntity, raw: Mapping[str, Any], source: str) -> frozenset[str]:
        """Merge ``raw`` into the held ``entity`` (with :meth:`CameEntity.merge_wire`),
        publish what changed, and return the changed property names."""
        ...


def can_send(auth: Any) -> bool:
    """Whether ``auth`` can send commands: it has an ``async_send_command`` method.

    The same test as ``isinstance(auth, CommandSender)``, without the runtime-protocol check
    that cost ~4 µs per entity on every list call (bench/RESULTS.md).
    """
    return callable(getattr(auth, "async_send_command", None))


def check_auth(auth: Any, owner: str) -> CommandSender:
    """Return ``auth`` if it can send commands, else raise ``ValueError``.

    Args:
        auth: the object passed as ``auth``.
        owner: the model class name, for the message.

    Returns:
        ``auth``, typed.

    Raises:
        ValueError: ``auth`` has no ``async_send_command`` method.
    """
    if not can_send(auth):
        raise ValueError(
            f"{owner}: auth must provide async_send_command (an aiocamedomotic Auth), "
            f"not {type(auth).__name__}"
        )
    return cast(CommandSender, auth)


class CameEntity(FieldModel):
    """Base class for all the CAME entities.

    Attributes:
        raw_data: the wire object of the entity. Public and mutable: every property reads
            it, so ``entity.raw_data.update(update.raw_data)`` refreshes the entity.
        available: ``True`` unless the live layer found the entity gone or unreachable.
    """

    #: Family key of the entity (``"lights"``, ``"timers"``...), used by :attr:`unique_id`;
    #: set by the family's catalogue entry (:class:`~.catalogue.FamilySpec`).
    _FAMILY: ClassVar[str] = ""
    #: Name of the property holding the entity's server id (set by the catalogue entry).
    _KEY_FIELD: ClassVar[str] = "act_id"
    #: Wire-key spellings stored under another key by :meth:`apply_update`.
    _WIRE_ALIASES: ClassVar[dict[str, str]] = {}

    # Class-level defaults, shadowed per instance when set: building an entity then stores
    # nothing but its raw data (the list calls build hundreds, bench/RESULTS.md).
    available: bool = True
    #: Id of the entity whose list returned this one (a load's controller, §4.13), else None.
    parent_id: int | None = None
    _owner: EntityOwner | None = None
    _keycode: str | None = None

    @property
    def key(self) -> Any:
        """The entity's server id (``act_id``, ``open_act_id``, ``id``... per family)."""
        return getattr(self, self._KEY_FIELD)

    @property
    def unique_id(self) -> str | None:
        """Globally unique id ``"<keycode>:<family>:<key>"``, or ``None`` without a keycode.

        The keycode is attached by the live layer (:meth:`hold`); the id survives renames,
        unlike anything derived from the name.
        """
        if self._keycode is None:
            return None
        return f"{self._keycode}:{self._FAMILY}:{self.key}"

    def hold(self, owner: EntityOwner | None, keycode: str | None) -> None:
        """Attach this entity to its holder, or release it (``owner=None``).

        Internal to the library (the live layer's family controllers call it): while held,
        :meth:`apply_update` hands every change to ``owner``, which merges and publishes it.

        Args:
            owner: the holder, or ``None`` to release the entity.
            keycode: the server keycode of :attr:`unique_id` (``None``: no unique id).
        """
        self._owner = owner
        self._keycode = keycode

    def release(self) -> None:
        """Detach this entity from its holder (internal, see :meth:`hold`); its keycode, and
        so its :attr:`unique_id`, stay."""
        self._owner = None

    def apply_update(self, raw: Mapping[str, Any], *, source: str = "push") -> frozenset[str]:
        """Merge wire fields into :attr:`raw_data` and report which properties changed.

        ``cmd_name`` is ignored; spellings listed in the class's wire aliases are stored
        under their canonical key (a thermo zone's ``temp_dec`` becomes ``temp``,
        PROTOCOL.md §5.5). An entity held by a live plant's registry is updated by the
        plant itself, which then publishes the change with ``source``.

        Args:
            raw: the wire fields (an indication or a command's effect).
            source: where the data comes from (``"push"``, ``"command"``, ``"resync"``).

        Returns:
            The names of the public properties whose value changed.
        """
        owner = self._owner
        if owner is not None:
            return owner.apply(self, raw, source)
        return self.merge_wire(raw)

    def merge_wire(self, raw: Mapping[str, Any]) -> frozenset[str]:
        """Merge wire fields into :attr:`raw_data` in place; return the changed properties.

        Internal to the library: what :meth:`apply_update` does, without the holder (the
        live layer's family controllers call it for the data they apply themselves).
        Subclasses that derive state from updates override this method.

        Args:
            raw: the wire fields.

        Returns:
            The names of the public properties whose value changed.
        """
        data = self.raw_data
        get = data.get
        pending: dict[str, Any] = {}
        for key, value in raw.items():  # a loop: no comprehension frame on Python 3.11
            if get(key, _MISSING) != value:
                pending[key] = value
        pending.pop("cmd_name", None)  # names the message, it is not data
        stale = self._canonical(raw, pending) if self._WIRE_ALIASES else []
        if not stale:
            if not pending:
                return _NO_CHANGE
            if len(pending) == 1:
                # the common indication changes one value (the live layer's hot path)
                [(key, value)] = pending.items()
                names = self._key_index.get(key)
                if names is None:  # a key no property reads
                    data[key] = value
                    return _NO_CHANGE
                if len(names) == 1:  # the changed names, if any, are ``names`` itself
                    [name] = names
                    field = self._fields[name]
                    before = field.__get__(self)
                    data[key] = value
                    return names if field.__get__(self) != before else _NO_CHANGE
        index = self._key_index
        affected: set[str] = set()
        for key in (*pending, *stale):
            names = index.get(key)
            if names is not None:
                affected.update(names)
        # read through the field descriptors (their fast path)
        fields = self._fields
        old = [(fields[name], name) for name in affected]
        before = [field.__get__(self) for field, _name in old]
        data.update(pending)
        for alias in stale:
            del data[alias]
        return frozenset(
            [
                name
                for (field, name), value in zip(old, before, strict=True)
                if field.__get__(self) != value
            ]
        )

    def _canonical(self, raw: Mapping[str, Any], pending: dict[str, Any]) -> list[str]:
        """Store the changed values of alias spellings in ``pending`` under their canonical
        keys; return the stored alias spellings those values replace."""
        get = self.raw_data.get
        aliases = self._WIRE_ALIASES
        for alias, canon in aliases.items():
            if alias not in raw:
                continue
            pending.pop(alias, None)
            if canon in raw:  # both spellings in one message: the last that differs wins
                pending.pop(canon, None)
                values = [v for k, v in raw.items() if k in (alias, canon)]
            else:
                values = [raw[alias]]
            for value in values:
                if get(canon, _MISSING) != value:
                    pending[canon] = value
        return [a for a, canon in aliases.items() if canon in pending and a in self.raw_data]


class AuthEntity(CameEntity):
    """An entity bound to a session, able to send commands (or needing the session at all).

    Args:
        raw_data: the wire object.
        auth: the session (anything with a compatible ``async_send_command``).

    Raises:
        ValueError: a required key is missing or ``auth`` cannot send commands.
    """

    def __init__(self, raw_data: dict[str, Any], auth: CommandSender) -> None:
        super().__init__(raw_data)
        self.auth = check_auth(auth, type(self).__name__)

    async def _async_send(self, command: Command, /, **values: Any) -> dict[str, Any]:
        """Send one of this entity's commands and, once acknowledged, apply its local
        effect (:attr:`Command.effect <aiocamedomotic.models.command.Command.effect>`).

        Args:
            command: the command.
            **values: its variable fields.

        Returns:
            The server's answer.
        """
        message = command.message(**values)
        reply = await command.async_send(self.auth, message)
        effect = command.effect_of(self, message, reply)
        if effect:
            self.apply_update(effect, source="command")
        return reply


def builds_plainly(model: type[CameEntity], auth: Any) -> bool:
    """Whether constructing ``model(raw)`` (``model(raw, auth)`` with an ``auth``) does nothing
    but check the required keys of a plain dict and store ``raw_data`` (and ``auth``).

    A list of such a family is then built without calling the constructor per item
    (:meth:`~.catalogue.FamilySpec.parse_response`, the list calls' hot path): same objects,
    same attributes, a third of the time (bench/RESULTS.md).

    Args:
        model: the entity class.
        auth: the session given to each entity, or ``None`` for a model without one.

    Returns:
        ``True`` if the model's constructor is the plain one and ``auth`` passes its check.
    """
    init: Any = model.__init__
    if model.__new__ is not object.__new__ or model._TYPED:
        return False
    if auth is None:
        return init is FieldModel.__init__
    return init is AuthEntity.__init__ and can_send(auth)


# --- topology ---------------------------------------------------------------------------


class Floor(CameEntity):
    """Floor entity in the CAME Domotic API.

    Represents a floor in the building structure with its identifier and name.

    Args:
        raw_data: a ``floor_list`` item (``floor_ind``, ``name``).
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name")

    id = int_field("floor_ind", doc="ID of the floor.")
    name = str_field("name", doc="Name of the floor.")


class Room(CameEntity):
    """Room entity in the CAME Domotic API.

    Represents a room in the building structure with its identifier, name, and the floor it
    belongs to.

    Args:
        raw_data: a ``room_list`` item (``room_ind``, ``name``, ``floor_ind``).
    """

    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name", "floor_id")

    id = int_field("room_ind", doc="ID of the room.")
    name = str_field("name", doc="Name of the room.")
    floor_id = int_field("floor_ind", doc="ID of the floor this room belongs to.")


@dataclass
class TopologyRoom:
    """A room in the plant topology.

    Lightweight representation used by :class:`PlantTopology` to describe the building
    structure independently of any specific device type.
    """

    id: int
    """Numeric identifier of the room (``room_ind``)."""
    name: str
    """Human-readable name of the room."""


@dataclass
class TopologyFloor:
    """A floor in the plant topology.

    Contains the list of rooms discovered on this floor.
    """

    id: int
    """Numeric identifier of the floor (``floor_ind``)."""
    name: str
    """Human-readable name of the floor."""
    rooms: list[TopologyRoom] = field(default_factory=list)
    """Rooms belonging to this floor."""


@dataclass
class PlantTopology:
    """Complete plant topology (floors and rooms).

    Built by merging data from the standard ``floor_list_req`` / ``room_list_req`` endpoints
    and the nested device list commands (``nested_light_list_req``,
    ``nested_openings_list_req``, ``nested_thermo_list_req``).
    """

    floors: list[TopologyFloor]
    """All floors in the plant, each containing its rooms."""


# --- server information and clock --------------------------------------------------------


@dataclass
class ServerInfo:
    """Server information of a CAME Domotic server.

    Its ``repr`` shows the keycode and serial masked (first characters only), so the object
    can be logged safely; the attributes themselves hold the full values.

    Attributes:
        keycode: keycode of the server (CAME proprietary unique identifier).
        serial: serial number of the server.
        features: list of feature strings reported by the server. Known values are defined
            in :class:`~aiocamedomotic.const.ServerFeature` (a ``StrEnum``, so
            ``ServerFeature.LIGHTS in server_info.features`` works); unknown features of
            newer firmware are kept as plain strings.
        swver: software version of the server.
        type: type of the server.
        board: board type of the server.
    """

    keycode: str = field(repr=False)
    serial: str = field(repr=False)
    features: list[str]
    swver: str | None = None
    type: str | None = None
    board: str | None = None

    def __repr__(self) -> str:
        return (
            f"ServerInfo(keycode={mask_keycode(self.keycode)!r}, "
            f"serial={mask_serial(self.serial)!r}, features={self.features!r}, "
            f"swver={self.swver!r}, type={self.type!r}, board={self.board!r})"
        )

    @classmethod
    def from_response(cls, response: Mapping[str, Any]) -> ServerInfo:
        """Build from a ``feature_list_resp`` answer.

        ``keycode``, ``serial`` and ``list`` are mandatory; ``swver``, ``type`` and
        ``board`` may be missing on some firmware (PROTOCOL.md §4.1). Non-string features
        are dropped.

        Args:
            response: the decoded ``feature_list_resp``.

        Returns:
            The server information.

        Raises:
            CameDomoticServerError: if a mandatory field is missing or malformed.
        """
        keycode = response.get("keycode")
        serial = response.get("serial")
        features = response.get("list")
        if not isinstance(keycode, str) or not keycode:
            raise CameDomoticProtocolError("feature_list_resp has no valid keycode")
        if not isinstance(serial, str | int) or serial == "":
            raise CameDomoticProtocolError("feature_list_resp has no valid serial")
        if not isinstance(features, list):
            raise CameDomoticProtocolError("feature_list_resp has no feature list")
        return cls(
            keycode=keycode,
            serial=str(serial),
            features=[item for item in features if isinstance(item, str)],
            swver=_optional_str(response.get("swver")),
            type=_optional_str(response.get("type")),
            board=_optional_str(response.get("board")),
        )


def _optional_str(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _non_empty_str(value: Any) -> str:
    if isinstance(value, str) and value:
        return value
    raise ValueError("not a non-empty string")


#: Unix time of 10000-01-01: later epochs cannot be datetimes.
_YEAR_10000 = 253_402_300_800


def _epoch(value: Any) -> int:
    epoch = to_int(value)
    if not 0 <= epoch < _YEAR_10000:
        raise ValueError("out of range")
    return epoch


class ServerDateTime(CameEntity):
    """Date and time reported by a CAME Domotic server (``datetime_resp``, §4.2).

    Returned by :meth:`CameDomoticAPI.async_get_server_datetime`. The server gives its
    clock both as a Unix epoch (UTC) and as a local wall-clock string, plus its time zone
    and the current daylight-saving-time flag [real traffic]; only ``epoch`` is always
    present.

    Args:
        raw_data: the ``datetime_resp`` fields.

    Raises:
        ValueError: ``epoch`` is missing, not an integer or outside the years 1970-9999.
    """

    _FAMILY: ClassVar[str] = "server_datetime"
    _KEY_FIELD: ClassVar[str] = "epoch"
    _REQUIRED: ClassVar[tuple[str, ...]] = ("epoch",)
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("epoch", "timezone_name", "datetime_string")

    epoch: Field[int] = Field(
        "epoch", _epoch, default=0, doc="Server clock as a Unix epoch, in seconds (UTC)."
    )
    timezone_name: Field[str | None] = Field(
        "server_timezone",
        _non_empty_str,
        default=None,
        doc='IANA timezone name of the server (e.g. ``"Europe/Rome"``), or None if the '
        "server response does not include it.",
    )
    datetime_string: Field[str | None] = Field(
        "datetime",
        _non_empty_str,
        default=None,
        doc='Local wall-clock time as a ``"YYYY-MM-DD HH:MM:SS"`` string, already offset '
        "for the server timezone and DST; None if the server response does not include it.",
    )
    daylight_saving_time = bool_field(
        "daylight_saving_time",
        doc="Whether daylight saving time is currently in effect on the server (False when "
        "not reported).",
    )

    def __init__(self, raw_data: dict[str, Any]) -> None:
        super().__init__(raw_data)
        try:
            _epoch(raw_data["epoch"])
        except (TypeError, ValueError, OverflowError):
            raise ValueError(
                "ServerDateTime data key 'epoch' must be an integer of the years 1970-9999"
            ) from None

    @property
    def utc_datetime(self) -> dt.datetime:
        """Server clock as a timezone-aware datetime in UTC, derived from :attr:`epoch`."""
        return dt.datetime.fromtimestamp(self.epoch, tz=dt.UTC)

    @property
    def datetime(self) -> dt.datetime:
        """Server clock as a timezone-aware datetime in the server's zone when this system
        knows it (:attr:`timezone_name`), else in UTC."""
        tz: dt.tzinfo = dt.UTC
        name = self.timezone_name
        if name:
            with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
                tz = ZoneInfo(name)
        return dt.datetime.fromtimestamp(self.epoch, tz=tz)

    @classmethod
    def from_response(cls, response: Mapping[str, Any]) -> ServerDateTime:
        """Parse a ``datetime_resp``.

        Raises:
            CameDomoticServerError: ``epoch`` is missing, not a number or out of range.
        """
        try:
            return cls(dict(response))
        except ValueError as err:
            raise CameDomoticProtocolError(f"datetime_resp without a valid epoch: {err}") from None


# --- users and their permission groups -------------------------------------------------


class TerminalGroup(CameEntity):
    """Terminal group in the CAME Domotic API.

    Represents a user permission group (e.g. ``"ETI/Domo"``). Groups are assigned to users at
    creation time via ``CameDomoticAPI.async_add_user()``, which expects the group **name**.

    Args:
        raw_data: a ``terminals_groups_list_resp`` array item
            (``{"group_name": ..., "group_id": ...}``).

    Raises:
        ValueError: if ``group_name`` or ``group_id`` is missing or malformed.
    """

    _FAMILY: ClassVar[str] = "terminal_groups"
    _KEY_FIELD: ClassVar[str] = "id"
    _REQUIRED: ClassVar[tuple[str, ...]] = ("group_name", "group_id")
    _TYPED: ClassVar[Mapping[str, type]] = {"group_name": str}
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("id", "name")

    id = int_field("group_id", doc="Numeric ID of the group.")
    name = str_field("group_name", doc='Name of the group (e.g. ``"ETI/Domo"``).')

    def __init__(self, raw_data: dict[str, Any]) -> None:
        super().__init__(raw_data)
        group_id = raw_data["group_id"]
        try:
            if isinstance(group_id, bool) or not isinstance(group_id, int | str):
                raise TypeError
            int(group_id)
        except (TypeError, ValueError):
            raise ValueError("TerminalGroup data key 'group_id' must be an integer") from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TerminalGroup):
            return NotImplemented
        return (self.id, self.name) == (other.id, other.name)

    def __hash__(self) -> int:
        return hash((self.id, self.name))


class User(CameEntity):
    """User in the CAME Domotic API.

    Args:
        raw_data: an ``sl_users_list`` item (``{"name": "<login>"}``).
        auth: the session used to send commands.

    Raises:
        ValueError: if the ``name`` key is missing or not a non-empty string.

    Attributes:
        auth: the session.
    """

    _FAMILY: ClassVar[str] = "users"
    _KEY_FIELD: ClassVar[str] = "name"
    _REQUIRED: ClassVar[tuple[str, ...]] = ("name",)
    _TYPED: ClassVar[Mapping[str, type]] = {"name": str}
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("name",)

    name = str_field("name", doc="Name of the user.")

    def __init__(self, raw_data: dict[str, Any], auth: SessionAdmin) -> None:
        super().__init__(raw_data)
        if not raw_data["name"]:
            raise ValueError("User data key 'name' must be a non-empty string")
        self.auth = auth

    async def async_delete(self) -> None:
        """Delete this user from the CAME Domotic server.

        Raises:
            ValueError: if this user is the one the session is logged in as (the client
                refuses and sends nothing; PROTOCOL.md §2.7).
            CameDomoticServerError: if the server refuses (non-zero ACK) or fails.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
        """
        if self.name == self.auth.current_username:
            raise ValueError(
                "refusing to delete the user the session is logged in as; "
                "switch to another user first"
            )
        await self.auth.async_send_command(
            {}, command_type=wire.DEL_USER_REQ, additional_payload={"sl_login": self.name}
        )

    async def async_change_password(self, current_password: str, new_password: str) -> None:
        """Change the password of this user on the CAME Domotic server.

        The request authenticates itself with the current password and needs no session
        (PROTOCOL.md §2.8). Existing sessions of the user stay valid until they expire; the
        new password is required at the next login. If this user is the current one, the
        stored credentials are updated automatically.

        Args:
            current_password: the user's current password.
            new_password: the desired new password.

        Raises:
            ValueError: if a password is not a string or the new one is empty.
            CameDomoticAuthError: if the server refuses the change (e.g. wrong current
                password).
            CameDomoticServerError: on any other server failure.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
        """
        if not isinstance(current_password, str):
            raise ValueError("current_password must be a string")
        if not isinstance(new_password, str) or not new_password:
            raise ValueError("new_password must be a non-empty string")
        await self.auth.async_change_user_password(self.name, current_password, new_password)

    async def async_set_as_current_user(self, password: str) -> None:
        """Set the user as the current user in the CAME Domotic API session.

        A session is opened as this user, then the previous session is logged out. If the
        login fails, the previous credentials and session are kept and the error re-raised,
        so the client stays connected as the original user.

        Args:
            password: password of the user.

        Raises:
            ValueError: if ``password`` is not a string.
            CameDomoticAuthError: if the authentication fails.
            CameDomoticServerNotFoundError: if the server cannot be reached.
            CameDomoticServerTimeoutError: if the server does not answer in time.
        """
        if not isinstance(password, str):
            raise ValueError("password must be a string")
        await self.auth.async_switch_user(self.name, password)
