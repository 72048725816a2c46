"""aiocamedomotic: asyncio client for CAME Domotic (ETI/Domo) servers.

Filled in as the package is built; the public names are pinned by ``tests/contract``.
"""
