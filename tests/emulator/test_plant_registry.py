"""Emulator: device families register themselves; a plant has those registered when made."""

from __future__ import annotations

import pytest

from aiocamedomotic.emulator import Family, Plant, register_family, unregister_family
from aiocamedomotic.emulator.devices.base import REGISTRY
from aiocamedomotic.emulator.devices.lights import Lights


class Bells(Family):
    """A device family of no module of the package."""

    key = "bells"


def test_every_device_module_registered_its_families() -> None:
    assert REGISTRY["lights"] is Lights
    assert set(Plant.demo().to_dict()) >= set(REGISTRY)


def test_a_registered_family_is_part_of_the_plants_made_afterwards() -> None:
    with pytest.raises(ValueError, match="unknown plant file keys: \\['bells'\\]"):
        Plant({"bells": [{"act_id": 1}]})
    register_family(Bells)
    try:
        assert register_family(Bells) is Bells  # registering the same class again is a no-op
        plant = Plant({"bells": [{"act_id": 1}]})
        assert plant.device("bells", 1) == {"act_id": 1}
        with pytest.raises(ValueError, match="'lights' is already registered"):
            register_family(type("OtherLights", (Family,), {"key": "lights"}))
    finally:
        assert unregister_family("bells") is Bells
    assert plant.to_dict()["bells"] == [{"act_id": 1}]  # a plant made before keeps it
    with pytest.raises(KeyError):
        unregister_family("bells")
