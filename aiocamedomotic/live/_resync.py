"""Live layer: the resync - fetch the lists and diff them into the family controllers.

A full resync fetches the server information again (its features gate the families) and,
concurrently with it, the list of every family, one request per list command (thermo zones
and analog sensors share ``thermo_list_req``, PROTOCOL.md §4.8.5): the answers of the
families the server does not offer are dropped. Then come the lists scoped by a parent
entity (the loads of each load controller, §4.13), asked only when the parent family is
offered. A partial resync does the same
for a few families. Each family's controller diffs its fresh list in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Collection, Mapping, Sequence
from typing import Any, NoReturn

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
        self._answered_under: set[str] = set()  # session ids seen as each answer came

    async def _async_send(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request of a resync, noting the session it was answered under."""
        response = await self._session.async_send_command(request)
        self._answered_under.add(self._session.client_id)
        return response

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
        self._answered_under.clear()
        if families is None:
            selected = list(self._controllers.values())
            by_cmd = await self._async_fetch_full(selected)
        else:
            selected = [self._controllers[key] for key in families]
            by_cmd = await self._async_fetch_lists(selected)
        info = self.server_info
        assert info is not None  # fetched by the first (full) resync
        offered = set(info.features)
        if not marker:  # the fetch logged in: its session is the one to compare with
            marker = session.client_id
        added = removed = 0
        # children last: their lists are asked per parent entity, once the parents merged
        for controller in sorted(selected, key=lambda c: c.spec.parent is not None):
            spec = controller.spec
            if spec.parent is not None:
                entities = await self._async_fetch_children(spec, offered)
            else:
                # Families the server does not offer are merged with an empty list, so a
                # feature that disappeared removes its entities.
                response = by_cmd.get(spec.list_cmd) if _offered(spec, offered) else None
                entities = [] if response is None else spec.parse_response(response, session)
            a, r = controller.merge(entities, info.keycode, publish=not initial)
            added += a
            removed += r
        # Mark the session whose indications the registries now reflect. If a login
        # happened during the fetch, the lists answered under another session (or while
        # none was held) may miss what only that session was told: "" matches no session,
        # so the connection fetches again at once (LiveConnection).
        if self._answered_under - {marker}:
            marker = ""
        self.synced_session = marker
        return added, removed

    def _list_requests(self, selected: Sequence[FamilyController[Any]]) -> dict[str, Any]:
        """One request per list command of the selected top-level families."""
        username = self._session.current_username
        requests: dict[str, dict[str, Any]] = {}
        for controller in selected:
            spec = controller.spec
            if spec.parent is None:
                requests.setdefault(spec.list_cmd, spec.build_request(username))
        return requests

    async def _async_fetch_lists(
        self, selected: Sequence[FamilyController[Any]]
    ) -> dict[str, dict[str, Any]]:
        """A partial resync: the lists of the offered families among ``selected``."""
        assert self.server_info is not None
        offered = set(self.server_info.features)
        requests = {
            cmd: request
            for cmd, request in self._list_requests(selected).items()
            if _wanted(cmd, selected, offered)
        }
        responses = await gather([self._async_send(request) for request in requests.values()])
        return dict(zip(requests, responses, strict=True))

    async def _async_fetch_full(
        self, selected: Sequence[FamilyController[Any]]
    ) -> dict[str, dict[str, Any]]:
        """A full resync's fetch, one round trip: the server information and, with it,
        the list of every family whatever the features say.

        Sending the lists before the features are known saves a round trip. The answers
        of families the server does not offer are dropped, errors included: some servers
        answer a command they do not know with an ACK error. Errors of the server
        information and of offered families are raised as :func:`gather` does.
        """
        requests = self._list_requests(selected)
        info, *responses = await asyncio.gather(
            self._fetch_server_info(),
            *(self._async_send(request) for request in requests.values()),
            return_exceptions=True,
        )
        if isinstance(info, BaseException):
            _raise_first([info, *(r for r in responses if isinstance(r, BaseException))])
        self.server_info = info
        offered = set(info.features)
        by_cmd: dict[str, dict[str, Any]] = {}
        errors: list[BaseException] = []
        for cmd, response in zip(requests, responses, strict=True):
            wanted = _wanted(cmd, selected, offered)
            if isinstance(response, BaseException):
                if wanted or isinstance(response, _ALWAYS_RAISED):
                    errors.append(response)
            elif wanted:
                by_cmd[cmd] = response
        if errors:
            _raise_first(errors)
        return by_cmd

    async def _async_fetch_children(
        self, spec: FamilySpec[Any], offered: set[str]
    ) -> list[CameEntity]:
        """One list request per held parent entity (loads per controller, §4.13)."""
        if spec.parent is None or not _offered(spec, offered):
            return []
        session = self._session
        parents = list(self._controllers[spec.parent].registry)
        responses = await gather(
            [self._async_send(spec.build_request(None, ident)) for ident in parents]
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


def _wanted(cmd: str, selected: Sequence[FamilyController[Any]], offered: set[str]) -> bool:
    """Whether a list command serves an offered family among ``selected`` (several
    families may share one list command)."""
    return any(_offered(c.spec, offered) for c in selected if c.spec.list_cmd == cmd)


async def gather(coros: Sequence[Awaitable[Any]]) -> list[Any]:
    """Run the fetches concurrently; if any fails, raise the most meaningful error.

    Unlike a bare ``gather``, no fetch is left running when one fails, and an auth error
    wins over the network errors it caused.
    """
    results = await asyncio.gather(*coros, return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        _raise_first(errors)
    return results


#: Failures that concern the whole session: raised even from a dropped speculative list.
_ALWAYS_RAISED = (CameDomoticAuthError, asyncio.CancelledError)


def _raise_first(errors: Sequence[BaseException]) -> NoReturn:
    """Raise the most meaningful of several errors: an auth error (or a cancellation)
    first, since it caused the others, else the first one."""
    for err in errors:
        if isinstance(err, _ALWAYS_RAISED):
            raise err
    raise errors[0]
