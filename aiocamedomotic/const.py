"""Constants for the CAME Domotic API: ACK codes, device types, indication names, features.

This module is pure data. Both the client and the emulator import it; nothing here performs
I/O or parses wire payloads.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

#: Known MAC OUI prefixes of CAME ETI/Domo servers, upper-case and colon-separated
#: (PROTOCOL.md §1.7: BPT S.p.A., a CAME group company).
CAME_MAC_PREFIXES: tuple[str, ...] = ("00:1C:B2",)

#: Path of the single API endpoint (PROTOCOL.md §1.1). The trailing slash matters.
API_PATH = "/domo/"

#: Default timeout in seconds of every command (and of the long poll unless overridden).
DEFAULT_COMMAND_TIMEOUT = 30

#: Keep-alive timeout a factory server announces at login (PROTOCOL.md §2.2).
DEFAULT_KEEP_ALIVE_TIMEOUT_SEC = 900

#: The server's keep-alive timeout is clamped into this range by the client (§2.10).
KEEP_ALIVE_CLAMP_SEC: tuple[int, int] = (30, 3600)

#: The client renews a session this many seconds before the server would expire it (§2.10).
SESSION_SAFETY_MARGIN_SEC = 30


class AckErrorCode(IntEnum):
    """ACK error codes returned by the CAME Domotic server in ``sl_data_ack_reason``.

    Each member carries a human-readable :attr:`message` and an :attr:`is_auth` flag telling
    whether the code is authentication-related. Being an ``IntEnum``, members compare equal to
    their integer value (``AckErrorCode.INVALID_USER == 1``). See PROTOCOL.md §2.12.
    """

    INVALID_USER = 1
    TOO_MANY_SESSIONS = 3
    JSON_SYNTAX_ERROR = 4
    NO_SESSION_COMMAND_TAG = 5
    UNRECOGNIZED_SESSION_COMMAND = 6
    NO_CLIENT_ID = 7
    WRONG_CLIENT_ID = 8
    WRONG_APPLICATION_COMMAND = 9
    NO_REPLY = 10
    WRONG_APPLICATION_DATA = 11

    @property
    def message(self) -> str:
        """Human-readable error message for this ACK code."""
        return _ACK_MESSAGES[self]

    @property
    def is_auth(self) -> bool:
        """Whether this error code indicates an authentication failure (codes 1 and 3)."""
        return self in (AckErrorCode.INVALID_USER, AckErrorCode.TOO_MANY_SESSIONS)

    @property
    def is_session_lost(self) -> bool:
        """Whether the session id was missing or is no longer valid (codes 7 and 8).

        The cure is a fresh login, which the client performs by itself.
        """
        return self in (AckErrorCode.NO_CLIENT_ID, AckErrorCode.WRONG_CLIENT_ID)


_ACK_MESSAGES: dict[AckErrorCode, str] = {
    AckErrorCode.INVALID_USER: "Invalid user.",
    AckErrorCode.TOO_MANY_SESSIONS: "Too many sessions during login.",
    AckErrorCode.JSON_SYNTAX_ERROR: "Error occurred in JSON Syntax.",
    AckErrorCode.NO_SESSION_COMMAND_TAG: "No session layer command tag.",
    AckErrorCode.UNRECOGNIZED_SESSION_COMMAND: "Unrecognized session layer command.",
    AckErrorCode.NO_CLIENT_ID: "No client ID in request.",
    AckErrorCode.WRONG_CLIENT_ID: "Wrong client ID in request.",
    AckErrorCode.WRONG_APPLICATION_COMMAND: "Wrong application command.",
    AckErrorCode.NO_REPLY: "No reply to application command, maybe service down.",
    AckErrorCode.WRONG_APPLICATION_DATA: "Wrong application data.",
}


class DeviceType(IntEnum):
    """Device type ids used by the CAME ETI/Domo system (PROTOCOL.md §7.1).

    Non-negative codes appear on the wire (map elements, web client); negative codes are
    library-only identifiers for families that have no wire code. Members compare equal to
    their integer code, but print by name (``DeviceType.LIGHT``), as the usage guide shows.
    """

    def __str__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __format__(self, format_spec: str) -> str:
        return format(str(self), format_spec)

    LOADSCTRL_RELAY = -5
    LOADSCTRL_METER = -4
    ANALOG_INPUT = -3
    ENERGY_SENSOR = -2
    ANALOG_SENSOR = -1
    LIGHT = 0
    OPENING = 1
    THERMOSTAT = 2
    PAGE = 3
    SCENARIO = 4
    CAMERA = 5
    SECURITY_PANEL = 6
    SECURITY_AREA = 7
    SECURITY_SCENARIO = 8
    SECURITY_INPUT = 9
    SECURITY_OUTPUT = 10
    GENERIC_RELAY = 11
    GENERIC_TEXT = 12
    SOUND_ZONE = 13
    DIGITAL_INPUT = 14
    TIMER = 15
    IRRIGATION = 16


class UpdateIndicator(StrEnum):
    """Known status-update indication ``cmd_name`` values (PROTOCOL.md §5.5, §5.8).

    The ``*_LEGACY`` names were never seen in traffic but are accepted for firmware
    compatibility.
    """

    LIGHT = "light_switch_ind"
    OPENING = "opening_move_ind"
    RELAY = "relay_status_ind"
    THERMOSTAT = "thermo_zone_info_ind"
    DIGITAL_INPUT = "digitalin_status_ind"
    ANALOG_INPUT = "analogin_status_ind"
    SCENARIO_STATUS = "scenario_status_ind"
    SCENARIO_ACTIVATION = "scenario_activation_ind"
    ENERGY_METER = "meter_instant_power_ind"
    LOADSCTRL_METER = "loadsctrl_meter_ind"
    LOADSCTRL_RELAY = "loadsctrl_relay_ind"
    PLANT = "plant_update_ind"
    LIGHT_LEGACY = "light_update_ind"
    OPENING_LEGACY = "opening_update_ind"
    THERMOSTAT_LEGACY = "thermo_update_ind"
    RELAY_LEGACY = "relay_update_ind"
    DIGITAL_INPUT_LEGACY = "digitalin_update_ind"
    ANALOG_INPUT_LEGACY = "analogin_update_ind"
    TIMER = "timer_info_ind"
    SCENARIO_USER_LEGACY = "scenario_user_ind"
    TIMER_LEGACY = "timer_update_ind"
    IRRIGATION = "irrigation_detail_ind"
    SECURITY_CENTRAL = "sicu_central_status_ind"
    SECURITY_AREAS = "sicu_areas_status_ind"
    SECURITY_INPUT = "sicu_input_status_ind"
    SECURITY_OUTPUT = "sicu_output_status_ind"


class ServerFeature(StrEnum):
    """Feature strings of ``feature_list_resp.list`` (PROTOCOL.md §7.12).

    Being a ``StrEnum``, ``ServerFeature.LIGHTS == "lights"``.
    """

    LIGHTS = "lights"
    OPENINGS = "openings"
    RELAYS = "relays"
    THERMOREGULATION = "thermoregulation"
    SCENARIOS = "scenarios"
    DIGITALIN = "digitalin"
    ANALOGIN = "analogin"
    ENERGY = "energy"
    LOADSCTRL = "loadsctrl"
    TIMERS = "timers"
    IRRIGATION = "irrig"
    SECURITY = "sicu"
