"""Emulator layer: the device families of the emulated plant, one module per family.

Each module defines a :class:`~.base.Family` subclass; :data:`..plant.FAMILIES` lists them.
"""
