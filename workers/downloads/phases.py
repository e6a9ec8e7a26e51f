"""What a download connection is doing, moment by moment, as spans on a timeline lane.

One :class:`Connection` per connection of a transfer (a segmented download opens one per segment): it
takes a lane (``downloads`` / ``connection N``, the lowest free number) and records one span per
*phase* — throttled, connecting, waiting for the first byte, receiving, retry back-off. The engine's
connection hooks drive it (:class:`DownloadTracer`, installed in every engine); the aiohttp trace hooks
of :func:`trace_config` (installed on the session) split "connecting" from "waiting for the first
byte" from inside aiohttp (the request's ``trace_request_ctx`` is the connection's ``ConnectionInfo``).
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

    def count(self, n: int) -> None:
        """The current phase received ``n`` bytes in all (counted by the engine for throughput already)."""
        self._bytes = n

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


class DownloadTracer:
    """The engine's connection hooks → timeline phases: one :class:`Connection` per ``ConnectionInfo``
    (kept on it as ``info.trace``), and a back-off span per transfer between two tries."""

    def __init__(self, recorder: timeline.Recorder | None = None) -> None:
        self.recorder = recorder
        self._backoff: dict[int, Connection] = {}

    def __call__(self, event: str, t, info) -> None:
        if event in ("open", "backoff") and not (self.recorder or timeline.RECORDER).enabled:
            return  # nothing records: no lane, no span (a connection opened while recording is followed on)
        job = t.job.id if t.job is not None else None
        if event == "open":
            info.trace = Connection(job, _name(t), info.index, recorder=self.recorder)
            info.trace.phase(timeline.CONNECTING)
        elif event == "backoff":
            conn = self._backoff[id(t)] = Connection(job, _name(t), recorder=self.recorder)
            conn.phase(timeline.BACKOFF, attempt=info.attempt, seconds=round(info.seconds, 3))
        elif event == "backoff-end":
            conn = self._backoff.pop(id(t), None)
            if conn is not None:
                conn.close()
        else:
            conn = getattr(info, "trace", None)
            if conn is None:
                return
            if conn.category == timeline.RECEIVING:  # the bytes of the receiving span that ends now
                conn.count(info.received - getattr(info, "trace_mark", 0))
            if event in ("first-byte", "receiving"):
                info.trace_mark = info.received
            if event == "close":
                conn.close(state=info.state, received=info.received)
                info.trace = None
            elif event == "throttled":
                conn.phase(timeline.THROTTLED)
            elif event == "finishing":
                conn.phase(timeline.FINISHING)
            elif event in ("first-byte", "receiving"):
                conn.phase(timeline.RECEIVING, status=info.status)


def _name(t) -> str:
    """The file's name, or the last part of its URL's path until the server named it."""
    from urllib.parse import urlsplit

    url = t.item.url
    return t.item.name or urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or urlsplit(url).netloc


# -- aiohttp trace hooks -----------------------------------------------------------------------------------
def _connection(ctx) -> Connection | None:
    conn = getattr(getattr(ctx, "trace_request_ctx", None), "trace", None)
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
