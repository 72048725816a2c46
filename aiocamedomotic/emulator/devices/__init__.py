"""Emulator layer: the device families of the emulated plant, one module per family.

Each module defines :class:`~.base.Family` subclasses and registers them with
:func:`~.base.register_family`; importing this package imports every module of it, so a
new module is part of the emulator with nothing else to list.
"""

import importlib
import pkgutil

for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
