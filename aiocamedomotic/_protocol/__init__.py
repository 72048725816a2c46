"""Protocol layer: pure wire codecs (no I/O, no aiohttp) of PROTOCOL.md."""
