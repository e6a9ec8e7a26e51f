"""The queue's schedule: start and stop times on chosen days, with an injectable clock.

Inside the window the queue runs; outside it the engine holds the queue (queued items wait) and pauses
what runs, resuming those items when the window opens again. A window may cross midnight (22:00–06:00:
it belongs to the day it starts on). Tests drive it with :class:`FakeClock`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field

from ..jobs import QT_TRANSLATE_NOOP, Message, UserError

log = logging.getLogger("tributary.downloads.schedule")
MAX_SLEEP = 60.0


@dataclass
class Schedule:
    start: dt.time
    stop: dt.time
    days: frozenset[int] = field(default_factory=lambda: frozenset(range(7)))  # Monday = 0

    def __post_init__(self) -> None:
        if not self.days or any(not 0 <= d <= 6 for d in self.days):
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Choose at least one day for the schedule."), field="days")
        if self.start == self.stop:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The schedule's start and stop times are the same."),
                            field="stop")

    def is_open(self, now: dt.datetime) -> bool:
        t = now.time()
        if self.start < self.stop:
            return now.weekday() in self.days and self.start <= t < self.stop
        if t >= self.start:  # the evening part of a window that crosses midnight
            return now.weekday() in self.days
        return t < self.stop and (now.weekday() - 1) % 7 in self.days  # the morning part: yesterday's window

    def next_change(self, now: dt.datetime) -> dt.datetime:
        """The next moment :meth:`is_open` changes (at most 8 days ahead)."""
        state = self.is_open(now)
        day = now.date()
        candidates = []
        for offset in range(9):
            d = day + dt.timedelta(days=offset)
            for t in (self.start, self.stop):
                moment = dt.datetime.combine(d, t, tzinfo=now.tzinfo)
                if moment > now:
                    candidates.append(moment)
        for moment in sorted(candidates):
            if self.is_open(moment) != state:
                return moment
        return now + dt.timedelta(days=8)


class Clock:
    """Wall-clock time and sleeping (the real one)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class FakeClock(Clock):
    """A clock tests move by hand; sleepers wake when it passes their time."""

    def __init__(self, now: dt.datetime) -> None:
        self._now = now
        self._moved = asyncio.Event()

    def now(self) -> dt.datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        until = self._now + dt.timedelta(seconds=seconds)
        while self._now < until:
            self._moved.clear()
            await self._moved.wait()

    def advance(self, **delta) -> None:
        self._now += dt.timedelta(**delta)
        self._moved.set()


class QueueSchedule:
    """Opens and closes the engine's queue by a :class:`Schedule` (``engine.hold``/``engine.release``)."""

    def __init__(self, engine, schedule: Schedule, clock: Clock | None = None) -> None:
        self.engine = engine
        self.schedule = schedule
        self.clock = clock or Clock()
        self._task: asyncio.Task | None = None
        self.open: bool | None = None

    def start(self) -> None:
        self.apply()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="download-schedule")

    def stop(self, *, release: bool = True) -> None:
        """Stop following the schedule; the queue is released (runs freely again) unless ``release`` is
        False (the app closes: what the schedule paused stays paused in the journal)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self.open is False and release:
            self.engine.release_queue()
        self.open = None

    def until(self) -> dt.datetime:
        """When the queue next opens (while closed) or closes (while open), by this schedule's clock."""
        return self.schedule.next_change(self.clock.now())

    def apply(self) -> None:
        now_open = self.schedule.is_open(self.clock.now())
        if now_open == self.open:
            return
        self.open = now_open
        log.info(Message(QT_TRANSLATE_NOOP("Engine", "The schedule opens the download queue")) if now_open else
                 Message(QT_TRANSLATE_NOOP("Engine", "The schedule holds the download queue")))
        if now_open:
            self.engine.release_queue()
        else:
            self.engine.hold_queue()

    async def _run(self) -> None:
        while True:
            now = self.clock.now()
            wait = (self.schedule.next_change(now) - now).total_seconds()
            await self.clock.sleep(max(0.0, min(MAX_SLEEP, wait)))
            self.apply()
