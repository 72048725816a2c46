"""The emulator's poll answers encode shared indications once (``wire.encode_batch``): the
bytes must be those of the plain encoding of the whole reply, whatever the indications hold."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from aiocamedomotic.emulator import wire

from .strategies import FUZZ, values

_indications = st.dictionaries(st.text(max_size=8), values, max_size=5)


@FUZZ
@given(result=st.lists(_indications, max_size=6), cseq=values)
def test_a_batch_encodes_as_the_whole_reply(result: list[dict[str, Any]], cseq: Any) -> None:
    items = wire.EncodedItems(size=3)
    reply = {"cmd_name": "status_update_resp", "cseq": cseq, "result": result}
    reply["sl_data_ack_reason"] = 0
    # twice: the second answer comes from the cache, which is smaller than the batch
    assert wire.encode_batch(reply, items) == wire.encode(reply)
    assert wire.encode_batch(reply, items) == wire.encode(reply)


def test_an_indication_shared_by_sessions_is_encoded_once() -> None:
    items = wire.EncodedItems()
    shared = {"cmd_name": "light_switch_ind", "act_id": 1, "name": "Camera di Niccolò"}
    first = items.encode(shared)
    shared["act_id"] = 2  # never done to a queued indication: shows the cached bytes
    assert items.encode(shared) is first
    assert items.encode(dict(shared)) != first
