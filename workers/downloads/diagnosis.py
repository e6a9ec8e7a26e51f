""""Why slow?": what one download's connections did, and plain-language findings.

The engine keeps a :class:`Diagnosis` per transfer and updates it as connections open, receive, retry
and end. Views take a :meth:`Diagnosis.snapshot` — a :class:`TransferDetails` of plain, copied data (no
engine object inside) — at their own pace. Findings are :class:`Message` templates, translated only at
display; each finding is kept once (the latest values win).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from ..jobs import QT_TRANSLATE_NOOP, Message

KEEP_CONNECTIONS = 48  # finished connections kept for the view (active ones are always kept)

# the findings (templates live here so every view and test names the same text)
SERVER_LIMIT = QT_TRANSLATE_NOOP("Engine", "The server allows {n} connections: it answered {status} to connection {k}.")
REFUSED = QT_TRANSLATE_NOOP("Engine", "The server allows {n} connections: it refused connection {k}.")
NO_RANGES = QT_TRANSLATE_NOOP("Engine", "No ranges: one connection only.")
NO_VALIDATOR = QT_TRANSLATE_NOOP("Engine", "The server gives no ETag or Last-Modified: one connection only.")
UNKNOWN_SIZE = QT_TRANSLATE_NOOP("Engine", "The server does not say how big the file is: one connection only.")
SPEED_LIMIT = QT_TRANSLATE_NOOP("Engine", "Speed limit reached.")
GLOBAL_LIMIT = QT_TRANSLATE_NOOP("Engine", "The global speed limit is reached.")
PER_SERVER = QT_TRANSLATE_NOOP("Engine", "The per-server limit of {n} connections is in use.")
RACED = QT_TRANSLATE_NOOP("Engine", "The last part was slow: it was raced on a second connection, and connection {k} won.")
VALIDATOR_CHANGED = QT_TRANSLATE_NOOP("Engine", "The file changed on the server during the download: it was restarted.")
TOO_SLOW = QT_TRANSLATE_NOOP("Engine", "too slow: {rate:,.0f} bytes/s over {seconds:g} s (minimum {minimum:,} bytes/s)")
RESUMED = QT_TRANSLATE_NOOP("Engine", "Resumed {n} parts where they stood.")


@dataclass
class ConnectionInfo:
    """One connection (one ranged request) of a transfer, as the details pane shows it."""

    index: int  # 1, 2, … in the order they were opened
    start: int  # the first byte it asked for
    end: int | None  # its segment's end (exclusive), None when unknown
    pos: int  # the next byte it will write
    state: str = "connecting"  # connecting, receiving, done, retrying, failed, cancelled, lost-race
    status: int | None = None  # the HTTP status of its answer
    speed: float = 0.0  # bytes/s, smoothed
    ttfb: float | None = None  # seconds from request to the first byte of the body
    received: int = 0
    error: str | None = None  # why it ended, if not done (a Message)
    opened: float = field(default_factory=time.monotonic)
    closed: float | None = None
    _last_bytes: int = field(default=0, repr=False)
    _last_time: float = field(default_factory=time.monotonic, repr=False)

    def sample(self, now: float) -> None:
        dt = now - self._last_time
        if dt >= 0.25:
            rate = (self.received - self._last_bytes) / dt
            self.speed = rate if self.speed == 0 else 0.6 * self.speed + 0.4 * rate
            self._last_bytes, self._last_time = self.received, now


@dataclass
class Backoff:
    """A transfer waiting before its next try (what the "backoff" connection hook is given)."""

    attempt: int
    seconds: float


@dataclass
class RetryInfo:
    when: float  # seconds since the transfer started
    connection: int | None
    reason: str  # a Message


@dataclass
class TransferDetails:
    """A copy of what the engine knows about one transfer's connections, for a view."""

    connections: list[ConnectionInfo]
    retries: list[RetryInfo]
    findings: list[str]  # Messages
    split: int  # connections asked for (0 = adaptive)
    target: int  # connections the engine aims at now
    active: int  # connections open now
    ranges: bool | None  # whether the server honours ranges (None: not known yet)
    speed_limit: int  # this download's own limit, bytes/s (0 = none)
    limited: bool  # a speed limit held it back in the last seconds
    segments: list[tuple[int, int, int]]  # (start, end, pos) of the segment map, if segmented


class Diagnosis:
    """The engine's live record for one transfer (mutated on the loop thread only)."""

    def __init__(self) -> None:
        self.connections: list[ConnectionInfo] = []
        self.retries: list[RetryInfo] = []
        self.findings: dict[str, Message] = {}
        self.split = 0
        self.target = 1
        self.ranges: bool | None = None
        self.segments: list[tuple[int, int, int]] = []
        self.started = time.monotonic()
        self._next = 1

    def open(self, start: int, end: int | None) -> ConnectionInfo:
        info = ConnectionInfo(self._next, start, end, start)
        self._next += 1
        self.connections.append(info)
        finished = [c for c in self.connections if c.closed is not None]
        if len(finished) > KEEP_CONNECTIONS:
            drop = finished[0]
            self.connections.remove(drop)
        return info

    def close(self, info: ConnectionInfo, state: str, error: str | None = None) -> None:
        info.state, info.error, info.closed, info.speed = state, error, time.monotonic(), 0.0

    def retry(self, connection: int | None, reason: str) -> None:
        self.retries.append(RetryInfo(time.monotonic() - self.started, connection, reason))
        del self.retries[:-50]

    def find(self, template: str, /, **values) -> None:
        self.findings[template] = Message(template, **values)

    def forget(self, template: str) -> None:
        self.findings.pop(template, None)

    @property
    def active(self) -> list[ConnectionInfo]:
        return [c for c in self.connections if c.closed is None]

    def sample(self) -> None:
        now = time.monotonic()
        for c in self.active:
            c.sample(now)

    def snapshot(self, speed_limit: int = 0, limited: bool = False) -> TransferDetails:
        return TransferDetails(
            connections=[replace(c) for c in self.connections], retries=list(self.retries),
            findings=list(self.findings.values()), split=self.split, target=self.target,
            active=len(self.active), ranges=self.ranges, speed_limit=speed_limit, limited=limited,
            segments=list(self.segments))
