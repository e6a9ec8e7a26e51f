"""Speed limits: a token bucket per download and one for the whole engine, changeable while running.

Bytes are taken *after* they are received; a reader in debt sleeps on the event loop (never a busy loop,
never a thread) until the bucket refills, so the socket buffers fill and TCP slows the sender. Sleeps are
cut into slices of at most 0.2 s so a new rate (or 0 = unlimited) applies at once. Over 10 s the rate
holds within a few per cent: the only excess is the burst allowance (a quarter of a second's worth) plus
what readers have received but not yet paid for. A bucket shared by many connections (the global limit)
cuts each reader's piece by the number of readers, so that unpaid debt stays an eighth of a second's worth
however many connections share it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import unicodedata
from collections.abc import Callable, Iterator

SLICE = 0.2
BURST = 0.25  # seconds of tokens a quiet bucket may save up


class TokenBucket:
    """``rate`` bytes per second (0 = unlimited)."""

    def __init__(self, rate: int = 0, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._rate = max(0, int(rate))
        self._tokens = 0.0
        self._stamp = clock()
        self.waited = 0.0  # seconds readers have slept here (how much the limit holds a transfer back)
        self.last_wait = 0.0  # clock time of the last sleep
        self.readers = 0  # connections reading under this bucket now (see reader())

    @property
    def rate(self) -> int:
        return self._rate

    def set_rate(self, rate: int) -> None:
        self._refill()
        self._rate = max(0, int(rate))
        self._tokens = min(self._tokens, self._rate * BURST)

    def _refill(self) -> None:
        now = self._clock()
        if self._rate:
            self._tokens = min(self._rate * BURST, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now

    def delay(self, n: int) -> float:
        """Take ``n`` bytes; how long the taker must wait before the next (0 when within the rate)."""
        if not self._rate:
            return 0.0
        self._refill()
        self._tokens -= n
        return 0.0 if self._tokens >= 0 else -self._tokens / self._rate

    def short(self, n: int) -> bool:
        """Whether taking ``n`` bytes now would make the taker wait (nothing is taken)."""
        if not self._rate:
            return False
        self._refill()
        return self._tokens < n

    async def take(self, n: int) -> None:
        wait = self.delay(n)
        while wait > 0:
            step = min(SLICE, wait)
            await asyncio.sleep(step)
            self.waited += step
            self.last_wait = self._clock()
            if not self._rate:
                return
            self._refill()
            wait = 0.0 if self._tokens >= 0 else -self._tokens / self._rate

    @contextlib.contextmanager
    def reader(self) -> Iterator[None]:
        """Count one connection reading under this bucket while the block runs."""
        self.readers += 1
        try:
            yield
        finally:
            self.readers -= 1

    def read_size(self, default: int) -> int:
        """How many bytes to ask the socket for at once: smaller pieces under a low limit (smooth rate), and
        smaller still when several readers share the bucket (together they owe at most rate/8)."""
        if not self._rate:
            return default
        return max(16384, min(default, self._rate // (8 * max(1, self.readers))))

    def limiting(self, within: float = 2.0) -> bool:
        """Did a reader have to wait here recently?"""
        return self.waited > 0 and self._clock() - self.last_wait < within


def parse_rate(text: str) -> int:
    """``5M``, ``500K``, ``1.5m``, ``2G``, ``1000`` (bytes per second; K = 1024) → bytes per second; 0 = none."""
    raw = unicodedata.normalize("NFKC", text).strip().upper().removesuffix("/S").removesuffix("B").removesuffix("I")
    scale = 1
    if raw and raw[-1] in "KMG":
        scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[raw[-1]]
        raw = raw[:-1]
    value = float(raw)  # ValueError for anything else
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"not a rate: {text!r}")
    return int(value * scale)


class SlowWatch:
    """curl's ``--speed-limit``/``--speed-time`` for one connection: :meth:`add` returns the rate when
    fewer than ``minimum`` bytes/s arrived over the last ``seconds`` (a drip), else ``None``."""

    def __init__(self, minimum: int, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.minimum = minimum if seconds > 0 else 0
        self.seconds = seconds
        self._clock = clock
        self._start = clock()
        self._bytes = 0

    def add(self, n: int) -> float | None:
        if not self.minimum:
            return None
        self._bytes += n
        now = self._clock()
        elapsed = now - self._start
        if elapsed < self.seconds:
            return None
        rate = self._bytes / elapsed
        self._start, self._bytes = now, 0
        return rate if rate < self.minimum else None
