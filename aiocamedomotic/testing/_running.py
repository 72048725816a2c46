"""Test kit: the context-manager side shared by the emulators that run outside the test's loop."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Running:
    """A server started by :meth:`start` and stopped by :meth:`stop`; as a context manager,
    started on entry and stopped on exit."""

    def start(self) -> Self:
        """Start serving; returns once the server listens."""
        raise NotImplementedError

    def stop(self) -> object:
        """Stop serving (safe to call twice)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
