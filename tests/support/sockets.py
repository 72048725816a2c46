"""Client sockets under test control: an aiohttp session whose every TCP socket is recorded
(through aiohttp's public ``socket_factory`` hook), so that a test can check that none is left
open once the client is disposed."""

from __future__ import annotations

import socket
from typing import Any

import aiohttp


class SocketTracker:
    """Creates the sockets of :meth:`session` and remembers each of them."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []

    def _create(self, addr_info: tuple[int, int, int, str, tuple[Any, ...]]) -> socket.socket:
        family, type_, proto, _, _ = addr_info
        sock = socket.socket(family, type_, proto)
        self.sockets.append(sock)
        return sock

    def session(self) -> aiohttp.ClientSession:
        """A new client session whose connections all use recorded sockets."""
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(socket_factory=self._create))

    def open_sockets(self) -> list[str]:
        """The recorded sockets still open (described by their local and peer address)."""
        described = []
        for sock in self.sockets:
            if sock.fileno() == -1:
                continue
            try:
                peer = sock.getpeername()
            except OSError:
                peer = "unconnected"
            described.append(f"{sock.getsockname()} -> {peer}")
        return described
