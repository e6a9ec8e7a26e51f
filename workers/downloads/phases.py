"""What a download connection is doing, moment by moment, as spans on a timeline lane.

One :class:`Connection` per connection of a transfer (today one per file; a segmented download opens
one per segment): it takes a lane (``downloads`` / ``connection N``, the lowest free number) and records
one span per *phase* — throttled, connecting, waiting for the first byte, receiving, retry back-off,
finishing. The engine switches phases with :meth:`Connection.phase`; the aiohttp trace hooks of
:func:`trace_config` (installed on the session) split "connecting" from "waiting for the first byte"
from inside aiohttp. Received bytes feed the throughput counter and the receiving span's args.
"""

from __future__ import annotations

from typing import Any

from .. import timeline
from ..jobs import QT_TRANSLATE_NOOP, Message

CONNECTION_LABEL = QT_TRANSLATE_NOOP("Engine", "{name} · connection {n}")


class Connection:
    """One connection's phases on its lane; ``close()`` ends the last phase and frees the lane."""

    __slots__ = ("recorder", "job", "name", "number", "lane", "category", "_key", "_bytes")

    def __init__(self, job: int | None, name: str, number: int = 1, *, recorder: timeline.Recorder | None = None) -> None:
        self.recorder = recorder or timeline.RECORDER
        self.job = job
        self.name = name
        self.number = number
        self.lane = self.recorder.lanes.acquire(timeline.DOWNLOADS, timeline.CONNECTION_LANE)
        self.category: str | None = None
        self._key = 0
        self._bytes = 0

    def phase(self, category: str, **args: Any) -> None:
        """End the current phase (if it is another one) and start ``category`` now."""
        if category == self.category:
            return
        now = timeline._clock()
        self._end(at=now)  # back to back: one phase ends the instant the next begins
        self.category = category
        self._key = self.recorder.begin(self.lane, self.job, CONNECTION_LABEL, category,
                                        {"name": self.name, "n": self.number, **args}, at=now)

    def received(self, n: int) -> None:
        """``n`` bytes arrived (counted for throughput and for this receiving span)."""
        self._bytes += n
        self.recorder.add_bytes(n)

    def rename(self, name: str) -> None:
        """The file's name became known (from the response): later phases carry it."""
        self.name = name

    def close(self, **args: Any) -> None:
        self._end(args)
        self.category = None
        self.recorder.lanes.release(self.lane)

    def _end(self, args: dict | None = None, at: float | None = None) -> None:
        if self._key:
            extra = dict(args) if args else {}
            if self._bytes:
                extra["bytes"] = self._bytes
            self.recorder.end(self._key, extra or None, at=at)
            self._key = 0
            self._bytes = 0


# -- aiohttp trace hooks -----------------------------------------------------------------------------------
def _connection(ctx) -> Connection | None:
    conn = getattr(ctx, "trace_request_ctx", None)
    return conn if isinstance(conn, Connection) else None


async def _queued(session, ctx, params) -> None:
    conn = _connection(ctx)
    if conn is not None:
        conn.phase(timeline.THROTTLED, reason=Message(QT_TRANSLATE_NOOP("Engine", "connection limit")))


async def _connecting(session, ctx, params) -> None:
    conn = _connection(ctx)
    if conn is not None:
        conn.phase(timeline.CONNECTING)


async def _sent(session, ctx, params) -> None:
    conn = _connection(ctx)
    if conn is not None:
        conn.phase(timeline.FIRST_BYTE)


async def _answered(session, ctx, params) -> None:
    conn = _connection(ctx)
    if conn is not None:
        conn.phase(timeline.RECEIVING, status=params.response.status)


def trace_config():
    """An ``aiohttp.TraceConfig`` that moves the :class:`Connection` passed as ``trace_request_ctx``
    through its phases; give it to the session (``ClientSession(trace_configs=[trace_config()])``)."""
    import aiohttp

    config = aiohttp.TraceConfig()
    config.on_connection_queued_start.append(_queued)
    config.on_connection_queued_end.append(_connecting)
    config.on_connection_create_start.append(_connecting)
    config.on_request_headers_sent.append(_sent)
    config.on_request_end.append(_answered)
    return config
