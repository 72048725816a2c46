"""Live layer: the registries of a live plant, by family key and as typed properties.

:class:`FamilyViews` is the read side of :class:`~aiocamedomotic.live.LivePlant`: one
read-only :class:`~aiocamedomotic.live.Registry` per family, written only by the family's
controller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from ._registry import Registry

if TYPE_CHECKING:
    from ..models import (
        AnalogIn,
        AnalogSensor,
        DigitalInput,
        Light,
        Opening,
        Relay,
        Scenario,
        ThermoZone,
        Timer,
    )
    from ..models.energy_meter import EnergyMeter
    from ..models.irrigation import Irrigation
    from ..models.loads_ctrl import LoadsCtrlMeter, LoadsCtrlRelay
    from ..models.security import (
        SecurityArea,
        SecurityCentral,
        SecurityInput,
        SecurityOutput,
        SecurityScenario,
    )


class FamilyViews:
    """Every registry of a live plant.

    Args:
        registries: the registries, by family key.

    Attributes:
        registries: every registry, keyed by family key.
    """

    def __init__(self, registries: Mapping[str, Registry[Any]]) -> None:
        self.registries: Mapping[str, Registry[Any]] = registries

    def registry(self, family: str) -> Registry[Any]:
        """Return the registry of a family.

        Args:
            family: the family key, e.g. ``"lights"``.

        Returns:
            The registry (empty when the server does not offer that family).

        Raises:
            ValueError: if ``family`` is not a known family key.
        """
        try:
            return self.registries[family]
        except KeyError:
            raise ValueError(
                f"family must be one of {sorted(self.registries)}, got {family!r}"
            ) from None

    @property
    def lights(self) -> Registry[Light]:
        """Lights keyed by ``act_id`` (:class:`~aiocamedomotic.models.Light`)."""
        return cast("Registry[Light]", self.registry("lights"))

    @property
    def openings(self) -> Registry[Opening]:
        """Openings keyed by ``open_act_id`` (:class:`~aiocamedomotic.models.Opening`)."""
        return cast("Registry[Opening]", self.registry("openings"))

    @property
    def relays(self) -> Registry[Relay]:
        """Relays keyed by ``act_id`` (:class:`~aiocamedomotic.models.Relay`)."""
        return cast("Registry[Relay]", self.registry("relays"))

    @property
    def scenarios(self) -> Registry[Scenario]:
        """Scenarios keyed by ``id`` (:class:`~aiocamedomotic.models.Scenario`)."""
        return cast("Registry[Scenario]", self.registry("scenarios"))

    @property
    def thermo_zones(self) -> Registry[ThermoZone]:
        """Thermo zones keyed by ``act_id`` (:class:`~aiocamedomotic.models.ThermoZone`)."""
        return cast("Registry[ThermoZone]", self.registry("thermo_zones"))

    @property
    def analog_sensors(self) -> Registry[AnalogSensor]:
        """Thermo analog sensors keyed by ``act_id`` (``AnalogSensor``)."""
        return cast("Registry[AnalogSensor]", self.registry("analog_sensors"))

    @property
    def analog_inputs(self) -> Registry[AnalogIn]:
        """Analog inputs keyed by ``act_id`` (:class:`~aiocamedomotic.models.AnalogIn`)."""
        return cast("Registry[AnalogIn]", self.registry("analog_inputs"))

    @property
    def digital_inputs(self) -> Registry[DigitalInput]:
        """Digital inputs keyed by ``act_id`` (``DigitalInput``)."""
        return cast("Registry[DigitalInput]", self.registry("digital_inputs"))

    @property
    def timers(self) -> Registry[Timer]:
        """Timers keyed by ``id`` (:class:`~aiocamedomotic.models.Timer`)."""
        return cast("Registry[Timer]", self.registry("timers"))

    @property
    def energy_meters(self) -> Registry[EnergyMeter]:
        """Energy meters keyed by ``id``; each counts kWh since the plant started
        (:attr:`~aiocamedomotic.models.EnergyMeter.energy_kwh`)."""
        return cast("Registry[EnergyMeter]", self.registry("energy_meters"))

    @property
    def loadsctrl_controllers(self) -> Registry[LoadsCtrlMeter]:
        """Load controllers keyed by ``id``."""
        return cast("Registry[LoadsCtrlMeter]", self.registry("loadsctrl_controllers"))

    @property
    def loadsctrl_loads(self) -> Registry[LoadsCtrlRelay]:
        """Loads of every load controller keyed by load ``id`` (fetched per controller)."""
        return cast("Registry[LoadsCtrlRelay]", self.registry("loadsctrl_loads"))

    # experimental, [reverse-engineered] families (PROTOCOL.md §4.14, §4.19)

    @property
    def irrigation_sectors(self) -> Registry[Irrigation]:
        """Irrigation sectors keyed by ``id`` (experimental)."""
        return cast("Registry[Irrigation]", self.registry("irrigation_sectors"))

    @property
    def security_centrals(self) -> Registry[SecurityCentral]:
        """The alarm central(s) keyed by ``central_id`` (only 0 is known) (experimental)."""
        return cast("Registry[SecurityCentral]", self.registry("security_centrals"))

    @property
    def security_areas(self) -> Registry[SecurityArea]:
        """Security areas keyed by ``area_id`` (experimental)."""
        return cast("Registry[SecurityArea]", self.registry("security_areas"))

    @property
    def security_inputs(self) -> Registry[SecurityInput]:
        """Security inputs keyed by ``input_id`` (experimental)."""
        return cast("Registry[SecurityInput]", self.registry("security_inputs"))

    @property
    def security_outputs(self) -> Registry[SecurityOutput]:
        """Security outputs (sirens) keyed by ``output_id`` (experimental)."""
        return cast("Registry[SecurityOutput]", self.registry("security_outputs"))

    @property
    def security_scenarios(self) -> Registry[SecurityScenario]:
        """Security scenarios keyed by ``scenario_id`` (experimental)."""
        return cast("Registry[SecurityScenario]", self.registry("security_scenarios"))
