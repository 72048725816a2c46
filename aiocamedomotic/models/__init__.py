"""Models layer: the Python representation of every entity type of the CAME Domotic API.

Entities (lights, zones, timers...) wrap the server's wire objects; typed updates wrap the
long-poll indications. Both parse their fields through one shared field table, and the
protocol of each family is declared once in :mod:`.catalogue`. The module layout and every
name of upstream aiocamedomotic 1.15.2 are kept (see COMPATIBILITY.md).
"""

from ..const import DeviceType, ServerFeature, UpdateIndicator
from .analog_in import AnalogIn
from .base import (
    CameEntity,
    CommandSender,
    Floor,
    PlantTopology,
    Room,
    ServerDateTime,
    ServerInfo,
    TerminalGroup,
    TopologyFloor,
    TopologyRoom,
    User,
)
from .camera import Camera
from .catalogue import CATALOGUE, INDICATIONS, FamilySpec, IndicationInfo
from .digital_input import DigitalInput, DigitalInputStatus, DigitalInputType
from .energy_meter import EnergyCounter, EnergyMeter, EnergyMeterType
from .irrigation import Irrigation, IrrigationUpdate, Sprinkler
from .light import Light, LightStatus, LightType
from .loads_ctrl import LoadsCtrlMeter, LoadsCtrlRelay, LoadsCtrlRelayStatus
from .map_page import MapPage
from .opening import Opening, OpeningStatus, OpeningType
from .profiles import (
    WEEKDAYS,
    LoadsCtrlProfile,
    LoadsctrlProfile,
    ProfileDay,
    ProfileSpan,
    ThermoProfile,
    WeeklyProfile,
)
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
from .sound_zone import SoundSourceAction, SoundZone, SoundZoneAction
from .thermo_zone import (
    AnalogSensor,
    AnalogSensorType,
    ThermoZone,
    ThermoZoneFanSpeed,
    ThermoZoneMode,
    ThermoZoneSeason,
    ThermoZoneStatus,
)
from .timer import Timer, TimerTimeSlot
from .update import (
    AnalogInUpdate,
    DeviceUpdate,
    DigitalInputUpdate,
    EnergyMeterUpdate,
    LightUpdate,
    LoadsCtrlMeterUpdate,
    LoadsCtrlRelayUpdate,
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

__all__ = [
    "CATALOGUE",
    "INDICATIONS",
    "WEEKDAYS",
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
    "Irrigation",
    "IrrigationUpdate",
    "Light",
    "LightStatus",
    "LightType",
    "LightUpdate",
    "LoadsCtrlMeter",
    "LoadsCtrlMeterUpdate",
    "LoadsCtrlProfile",
    "LoadsCtrlRelay",
    "LoadsCtrlRelayStatus",
    "LoadsCtrlRelayUpdate",
    "LoadsctrlProfile",
    "MapPage",
    "Opening",
    "OpeningStatus",
    "OpeningType",
    "OpeningUpdate",
    "PlantTopology",
    "PlantUpdate",
    "ProfileDay",
    "ProfileSpan",
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
    "SoundSourceAction",
    "SoundZone",
    "SoundZoneAction",
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
    "WeeklyProfile",
    "get_update_device_type",
    "parse_update",
]
