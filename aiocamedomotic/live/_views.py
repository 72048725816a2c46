"""Live layer: the registries of a live plant, by family key and as typed properties.

:class:`FamilyViews` is the read side of :class:`~aiocamedomotic.live.LivePlant`: one
read-only :class:`~aiocamedomotic.live.Registry` per family with live state, written only
by the family's controller. Every registry is reached by family key
(:meth:`FamilyViews.registry`, :attr:`FamilyViews.registries`); the families of this package
also have a typed property, derived from their catalogue entry (:class:`RegistryView`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, cast, overload

from ..models import catalogue as cat
from ..models.catalogue import EntityT, FamilySpec
from ._registry import Registry


class RegistryView(Generic[EntityT]):
    """A typed property giving the registry of one family (``plant.lights``).

    Its type, name and documentation come from the family's catalogue entry.

    Args:
        spec: the family's entry.
    """

    def __init__(self, spec: FamilySpec[EntityT]) -> None:
        self.spec = spec
        model = spec.model
        self.__doc__ = (
            f"The live :class:`~{model.__module__}.{model.__name__}` objects, keyed by "
            f"``{spec.id_keys[0]}`` (the registry of ``{spec.key!r}``)."
        )

    def __set_name__(self, owner: type[Any], name: str) -> None:
        if name != self.spec.key:
            raise TypeError(f"{owner.__name__}.{name} must be named {self.spec.key!r}")

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> RegistryView[EntityT]: ...

    @overload
    def __get__(self, obj: FamilyViews, owner: type[Any] | None = None) -> Registry[EntityT]: ...

    def __get__(
        self, obj: FamilyViews | None, owner: type[Any] | None = None
    ) -> RegistryView[EntityT] | Registry[EntityT]:
        if obj is None:
            return self
        return cast("Registry[EntityT]", obj.registry(self.spec.key))


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

    lights = RegistryView(cat.LIGHTS)
    openings = RegistryView(cat.OPENINGS)
    relays = RegistryView(cat.RELAYS)
    scenarios = RegistryView(cat.SCENARIOS)
    thermo_zones = RegistryView(cat.THERMO_ZONES)
    analog_sensors = RegistryView(cat.ANALOG_SENSORS)
    analog_inputs = RegistryView(cat.ANALOG_INPUTS)
    digital_inputs = RegistryView(cat.DIGITAL_INPUTS)
    timers = RegistryView(cat.TIMERS)
    energy_meters = RegistryView(cat.ENERGY_METERS)
    loadsctrl_controllers = RegistryView(cat.LOADSCTRL_METERS)
    loadsctrl_loads = RegistryView(cat.LOADSCTRL_RELAYS)
    # experimental, [reverse-engineered] families (PROTOCOL.md §4.14, §4.19)
    irrigation_sectors = RegistryView(cat.IRRIGATION)
    security_centrals = RegistryView(cat.SECURITY_CENTRAL)
    security_areas = RegistryView(cat.SECURITY_AREAS)
    security_inputs = RegistryView(cat.SECURITY_INPUTS)
    security_outputs = RegistryView(cat.SECURITY_OUTPUTS)
    security_scenarios = RegistryView(cat.SECURITY_SCENARIOS)
