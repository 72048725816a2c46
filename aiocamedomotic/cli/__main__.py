"""CLI layer: ``python -m aiocamedomotic.cli`` runs ``camedomotic``."""

from aiocamedomotic.cli import main

main()
