"""Live layer: the resync - fetch the lists and diff them into the family controllers.

A full resync fetches the server information again (its features gate the families), then
every list of every offered family concurrently, one request per list command (thermo zones
and analog sensors share ``thermo_list_req``, PROTOCOL.md §4.8.5), then the lists scoped by a
parent entity (the loads of each load controller, §4.13). A partial resync does the same
for a few families. Each family's controller diffs its fresh list in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Collection, Mapping, Sequence
from typing import Any

from ..errors import CameDomoticAuthError
from ..models.base import CameEntity, ServerInfo
from ..models.catalogue import FamilySpec
from ._controller import FamilyController
from ._session import LiveSession, ServerInfoFetcher


class PlantSync:
    """Brings the family controllers up to date with the server's lists.

    Args:
        session: the session the lists are fetched through.
        fetch_server_info: fetches the server information.
        controllers: the family controllers, by family key.

    Attributes:
        server_info: the server information of the last full resync (``None`` before).
        synced_session: the session id whose indications the registries reflect: when the
            session's id differs, a login happened since and the registries may be stale.
    """

    def __init__(
        self,
        session: LiveSession,
        fetch_server_info: ServerInfoFetcher,
        controllers: Mapping[str, FamilyController[Any]],
    ) -> None:
        self._session = session
        self._fetch_server_info = fetch_server_info
        self._controllers = controllers
        self.server_info: ServerInfo | None = None
        self.synced_session = ""

    async def async_resync(
        self, families: Collection[str] | None, *, initial: bool = False
    ) -> tuple[int, int]:
        """Fetch lists and diff them into the registries; return (added, removed).

        Args:
            families: the family keys to fetch, or ``None`` for a full resync: the server
                information is fetched again too, and the families the server no longer
                offers are emptied.
            initial: the first fetch, which publishes nothing.

        Raises:
            CameDomoticError: what a fetch raises (an auth error first, see :func:`gather`).
        """
        session = self._session
        marker = session.client_id
        if families is None:
            self.server_info = await self._fetch_server_info()
            selected = list(self._controllers.values())
        else:
            selected = [self._controllers[key] for key in families]
        info = self.server_info
        assert info is not None  # fetched by the first (full) resync
        offered = set(info.features)
        # One request per list command. Families the server does not offer are merged with
        # an empty list, so a feature that disappeared removes its entities.
        username = session.current_username
        requests: dict[str, dict[str, Any]] = {}
        for controller in selected:
            spec = controller.spec
            if _offered(spec, offered) and spec.parent is None:
                requests.setdefault(spec.list_cmd, spec.build_request(username))
        commands = list(requests)
        responses = await gather([session.async_send_command(requests[cmd]) for cmd in commands])
        by_cmd = dict(zip(commands, responses, strict=True))
        if not marker:
            marker = session.client_id
        added = removed = 0
        # children last: their lists are asked per parent entity, once the parents merged
        for controller in sorted(selected, key=lambda c: c.spec.parent is not None):
            spec = controller.spec
            if spec.parent is not None:
                entities = await self._async_fetch_children(spec, offered)
            else:
                response = by_cmd.get(spec.list_cmd)
                entities = [] if response is None else spec.parse_response(response, session)
            a, r = controller.merge(entities, info.keycode, publish=not initial)
            added += a
            removed += r
        # Mark the session whose indications the registries now reflect. If a login
        # happened during the fetch, the first poll sees the difference and resyncs again.
        self.synced_session = marker or session.client_id
        return added, removed

    async def _async_fetch_children(
        self, spec: FamilySpec[Any], offered: set[str]
    ) -> list[CameEntity]:
        """One list request per held parent entity (loads per controller, §4.13)."""
        if spec.parent is None or not _offered(spec, offered):
            return []
        session = self._session
        parents = list(self._controllers[spec.parent].registry)
        responses = await gather(
            [session.async_send_command(spec.build_request(None, ident)) for ident in parents]
        )
        return [
            entity
            for ident, response in zip(parents, responses, strict=True)
            for entity in spec.parse_children(response, session, ident)
        ]

    def mark_unavailable(self) -> None:
        """Mark every held entity unavailable (the link is lost)."""
        for controller in self._controllers.values():
            controller.mark_unavailable()


def _offered(spec: FamilySpec[Any], offered: set[str]) -> bool:
    """Whether the server offers a family (one without a feature always is)."""
    return spec.feature is None or spec.feature in offered


async def gather(coros: Sequence[Awaitable[Any]]) -> list[Any]:
    """Run the fetches concurrently; if any fails, raise the most meaningful error.

    Unlike a bare ``gather``, no fetch is left running when one fails, and an auth error
    wins over the network errors it caused.
    """
    results = await asyncio.gather(*coros, return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        for err in errors:
            if isinstance(err, CameDomoticAuthError | asyncio.CancelledError):
                raise err
        raise errors[0]
    return results
