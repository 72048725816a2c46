"""Models layer: the Python representation of every entity type of the CAME Domotic API.

Entities (lights, zones, timers...) wrap the server's wire objects; typed updates wrap the
long-poll indications. Both parse their fields through one shared field table, and the
protocol of each family is declared once in :mod:`.catalogue`.
"""

from ..const import DeviceType, ServerFeature, UpdateIndicator
from .analog_input import AnalogIn
from .base import CameEntity, CommandSender
from .camera import Camera
from .catalogue import CATALOGUE, INDICATIONS, FamilySpec, IndicationInfo
from .digital_input import DigitalInput, DigitalInputStatus, DigitalInputType
from .energy import EnergyCounter, EnergyMeter, EnergyMeterType, EnergyMeterUpdate
from .irrigation import IrrigationSector, IrrigationUpdate, Sprinkler
from .light import Light, LightStatus, LightType
from .loadsctrl import (
    LoadsctrlController,
    LoadsctrlControllerUpdate,
    LoadsctrlLoad,
    LoadsctrlLoadUpdate,
)
from .map_page import MapPage
from .opening import Opening, OpeningStatus, OpeningType
from .profiles import LoadsctrlProfile, ThermoProfile
from .relay import Relay, RelayStatus
from .scenario import Scenario, ScenarioStatus
from .security import (
    SecurityArea,
    SecurityAreaStatus,
    SecurityAreasUpdate,
    SecurityCentral,
    SecurityCentralStatus,
    SecurityCentralUpdate,
    SecurityInput,
    SecurityInputStatus,
    SecurityInputUpdate,
    SecurityOutput,
    SecurityOutputUpdate,
    SecurityScenario,
)
from .server_clock import ServerDateTime
from .server_info import ServerInfo
from .sound import SoundSource, SoundSourceAction, SoundZone
from .terminal_group import TerminalGroup
from .thermo import (
    AnalogSensor,
    AnalogSensorType,
    ThermoZone,
    ThermoZoneFanSpeed,
    ThermoZoneMode,
    ThermoZoneSeason,
    ThermoZoneStatus,
)
from .timer import Timer, TimerTimeSlot
from .topology import Floor, PlantTopology, Room, TopologyFloor, TopologyRoom
from .update import (
    AnalogInUpdate,
    DeviceUpdate,
    DigitalInputUpdate,
    LightUpdate,
    OpeningUpdate,
    PlantUpdate,
    RelayUpdate,
    ScenarioUpdate,
    ThermoZoneUpdate,
    TimerUpdate,
    UpdateList,
    get_update_device_type,
    parse_update,
)
from .user import User

__all__ = [
    "CATALOGUE",
    "INDICATIONS",
    "AnalogIn",
    "AnalogInUpdate",
    "AnalogSensor",
    "AnalogSensorType",
    "CameEntity",
    "Camera",
    "CommandSender",
    "DeviceType",
    "DeviceUpdate",
    "DigitalInput",
    "DigitalInputStatus",
    "DigitalInputType",
    "DigitalInputUpdate",
    "EnergyCounter",
    "EnergyMeter",
    "EnergyMeterType",
    "EnergyMeterUpdate",
    "FamilySpec",
    "Floor",
    "IndicationInfo",
    "IrrigationSector",
    "IrrigationUpdate",
    "Light",
    "LightStatus",
    "LightType",
    "LightUpdate",
    "LoadsctrlController",
    "LoadsctrlControllerUpdate",
    "LoadsctrlLoad",
    "LoadsctrlLoadUpdate",
    "LoadsctrlProfile",
    "MapPage",
    "Opening",
    "OpeningStatus",
    "OpeningType",
    "OpeningUpdate",
    "PlantTopology",
    "PlantUpdate",
    "Relay",
    "RelayStatus",
    "RelayUpdate",
    "Room",
    "Scenario",
    "ScenarioStatus",
    "ScenarioUpdate",
    "SecurityArea",
    "SecurityAreaStatus",
    "SecurityAreasUpdate",
    "SecurityCentral",
    "SecurityCentralStatus",
    "SecurityCentralUpdate",
    "SecurityInput",
    "SecurityInputStatus",
    "SecurityInputUpdate",
    "SecurityOutput",
    "SecurityOutputUpdate",
    "SecurityScenario",
    "ServerDateTime",
    "ServerFeature",
    "ServerInfo",
    "SoundSource",
    "SoundSourceAction",
    "SoundZone",
    "Sprinkler",
    "TerminalGroup",
    "ThermoProfile",
    "ThermoZone",
    "ThermoZoneFanSpeed",
    "ThermoZoneMode",
    "ThermoZoneSeason",
    "ThermoZoneStatus",
    "ThermoZoneUpdate",
    "Timer",
    "TimerTimeSlot",
    "TimerUpdate",
    "TopologyFloor",
    "TopologyRoom",
    "UpdateIndicator",
    "UpdateList",
    "User",
    "get_update_device_type",
    "parse_update",
]
