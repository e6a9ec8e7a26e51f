"""The timeline recorder: every unit of work as a span on a lane, plus counters. Qt-free, always on.

A *span* is one unit of work seen from outside: a chunk on a pool process or thread, one phase of a
download connection (connecting, waiting for the first byte, receiving, throttled, retry back-off), the
task of a coroutine job. It has a *lane* — ``(group, name)``: the executor group and the worker, thread,
connection or task slot that ran it — a job id, a label, a category, start and end times on
``time.monotonic()`` (one clock for every process of this machine) and optional args. A *counter* is a
sampled value: UI lateness, download throughput, chunks in flight, CPU per worker.

Recording is always on, bounded (a ring of the latest ``capacity`` spans and ``counter_capacity``
samples per counter) and cheap: one tuple appended under a lock. Views poll :attr:`Recorder.version`
and pull what is new with :meth:`Recorder.spans_since`; exports take a :meth:`Recorder.snapshot`.
``TRIBUTARY_TIMELINE=0`` in the environment switches recording off (to measure what it costs).

The API for the rest of the engine (``RECORDER`` is this process's recorder)::

    with RECORDER.span(lane, job_id, label, category, bytes=n):    # visible live while it runs
        ...
    RECORDER.record(lane, job_id, label, category, start, end, {"key": value})   # a finished span
    RECORDER.counter(THROUGHPUT, bytes_per_second)                 # or (CPU, 37.5, series=lane name)
    lane = RECORDER.lanes.acquire(DOWNLOADS, CONNECTION_LANE) ... RECORDER.lanes.release(lane)
    fut = submit_chunk(submit, "processes", job_id, index, kernel, slot, args)   # pool chunks
    value = unwrap(fut.result())
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import re
import socket
import string
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .jobs import QT_TRANSLATE_NOOP, Message

log = logging.getLogger("tributary.timeline")

Lane = tuple  # (group, name): the group is an id below, the name a Message for people

# -- groups of lanes, in the order views show them ----------------------------------------------------
PROCESSES, THREADS, CLUSTER, DOWNLOADS, ASYNCIO, LAB = "processes", "threads", "cluster", "downloads", "asyncio", "lab"
GROUP_TITLES = {
    PROCESSES: QT_TRANSLATE_NOOP("Engine", "Process pool"),
    THREADS: QT_TRANSLATE_NOOP("Engine", "Thread pool"),
    CLUSTER: QT_TRANSLATE_NOOP("Engine", "Cluster"),
    DOWNLOADS: QT_TRANSLATE_NOOP("Engine", "Download connections"),
    ASYNCIO: QT_TRANSLATE_NOOP("Engine", "Coroutine tasks"),
    LAB: QT_TRANSLATE_NOOP("Engine", "Lab experiments"),  # the Lab's own threads, processes and tasks
}
GROUP_ORDER = (PROCESSES, THREADS, CLUSTER, DOWNLOADS, ASYNCIO, LAB)

# -- lane names ------------------------------------------------------------------------------------------
WORKER_LANE = QT_TRANSLATE_NOOP("Engine", "worker {n} (pid {pid})")
THREAD_LANE = QT_TRANSLATE_NOOP("Engine", "thread {n}")
REMOTE_LANE = QT_TRANSLATE_NOOP("Engine", "worker {n} (pid {pid} on {host})")
CONNECTION_LANE = QT_TRANSLATE_NOOP("Engine", "connection {n}")
TASK_LANE = QT_TRANSLATE_NOOP("Engine", "task {n}")

# -- categories (what a span was doing) -----------------------------------------------------------------
COMPUTING = QT_TRANSLATE_NOOP("Engine", "computing")
STOPPED = QT_TRANSLATE_NOOP("Engine", "stopped")
FAILED = QT_TRANSLATE_NOOP("Engine", "failed")
RUNNING = QT_TRANSLATE_NOOP("Engine", "running")
CONNECTING = QT_TRANSLATE_NOOP("Engine", "connecting")
FIRST_BYTE = QT_TRANSLATE_NOOP("Engine", "waiting for first byte")
RECEIVING = QT_TRANSLATE_NOOP("Engine", "receiving")
THROTTLED = QT_TRANSLATE_NOOP("Engine", "throttled")
BACKOFF = QT_TRANSLATE_NOOP("Engine", "retry back-off")
FINISHING = QT_TRANSLATE_NOOP("Engine", "finishing")
CHUNK_LABEL = QT_TRANSLATE_NOOP("Engine", "chunk {chunk}")

# -- counters ---------------------------------------------------------------------------------------------
UI_LATENESS, THROUGHPUT, IN_FLIGHT, CPU = "ui_lateness", "throughput", "chunks_in_flight", "cpu"
COUNTER_TITLES = {
    UI_LATENESS: QT_TRANSLATE_NOOP("Engine", "UI lateness"),
    THROUGHPUT: QT_TRANSLATE_NOOP("Engine", "Download throughput"),
    IN_FLIGHT: QT_TRANSLATE_NOOP("Engine", "Chunks in flight"),
    CPU: QT_TRANSLATE_NOOP("Engine", "CPU"),
}
COUNTER_UNITS = {UI_LATENESS: "ms", THROUGHPUT: "bytes/s", CPU: "%"}  # in exported traces
COUNTER_ORDER = (UI_LATENESS, THROUGHPUT, IN_FLIGHT, CPU)

_HOST = socket.gethostname()
_clock = time.monotonic


def label_text(label: str, args: dict | None) -> str:
    """A span's label for people: a label with ``{fields}`` is a template filled from the span's args
    (a :class:`Message`, so the GUI translates it). Spans keep the shared template, not a formatted
    string per span: that is most of a span's memory."""
    if args and "{" in label:
        return Message(label, **args)
    return label


@functools.lru_cache(maxsize=256)
def label_fields(label: str) -> frozenset:
    """The args a label template shows (a tooltip need not repeat them)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(label) if name)


def natural_key(text: str) -> tuple:
    """Sorts 'worker 10' after 'worker 9'."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p)


def _env_enabled() -> bool:
    return os.environ.get("TRIBUTARY_TIMELINE", "1").strip().lower() not in ("0", "off", "no", "false")


@dataclass
class Snapshot:
    """Everything a recorder holds at one moment, for an export."""

    spans: list  # (lane, job, label, category, start, end, args), oldest first
    open: list  # the same with ``end`` None: spans still running
    counters: dict  # (name, series) → [(time, value), …]
    now: float
    origin: float
    dropped: int = 0  # spans that fell out of the ring
    meta: dict = field(default_factory=dict)


class LanePool:
    """Lanes that are reused: a download connection or a coroutine task takes the lowest free number, so
    a batch of 10,000 files at 16 at a time draws on 16 lanes, not 10,000."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy: dict[str, set[int]] = {}
        self._lanes: dict[tuple[str, str, int], Lane] = {}
        self._numbers: dict[Lane, int] = {}

    def acquire(self, group: str, template: str = CONNECTION_LANE) -> Lane:
        with self._lock:
            busy = self._busy.setdefault(group, set())
            n = 1
            while n in busy:
                n += 1
            busy.add(n)
            lane = self._lanes.get((group, template, n))
            if lane is None:
                lane = self._lanes[(group, template, n)] = (group, Message(template, n=n))
                self._numbers[lane] = n
            return lane

    def release(self, lane: Lane) -> None:
        with self._lock:
            n = self._numbers.get(lane)
            if n is not None:
                self._busy.get(lane[0], set()).discard(n)


class _Span:
    """``with RECORDER.span(...)``: open on enter (views draw it up to now), recorded on exit."""

    __slots__ = ("_recorder", "_entry", "key")

    def __init__(self, recorder: Recorder, entry: tuple) -> None:
        self._recorder = recorder
        self._entry = entry
        self.key = 0

    def __enter__(self) -> _Span:
        self.key = self._recorder.begin(*self._entry)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._recorder.end(self.key, {"error": exc_type.__name__} if exc_type is not None else None)


class Recorder:
    """A bounded, thread-safe record of spans and counters (see the module docstring)."""

    def __init__(self, capacity: int = 200_000, counter_capacity: int = 50_000, *, enabled: bool | None = None) -> None:
        self.capacity = capacity
        self.counter_capacity = counter_capacity
        self.enabled = _env_enabled() if enabled is None else enabled
        self.origin = _clock()
        self.version = 0  # grows with every change; views poll it
        self.lanes = LanePool()
        self.bytes_received = 0  # a running total; the sampler turns it into the throughput counter
        self._lock = threading.Lock()
        self._spans: deque = deque(maxlen=capacity)
        self._total = 0  # spans ever recorded; the ring holds the last ``capacity`` of them
        self._open: dict[int, tuple] = {}
        self._keys = itertools.count(1)
        self._counters: dict[tuple[str, str], deque] = {}
        self._counter_totals: dict[tuple[str, str], int] = {}
        self._workers: dict[tuple, Lane] = {}
        self._worker_numbers: dict[str, int] = {}
        self._worker_ids: dict[Lane, tuple[str, int, int]] = {}  # lane → (host, pid, native thread id)
        self._inflight = 0

    # -- recording ---------------------------------------------------------------------------------
    def record(self, lane: Lane, job: int | None, label: str, category: str, start: float, end: float,
               args: dict | None = None) -> None:
        """A finished span."""
        if not self.enabled:
            return
        with self._lock:
            self._spans.append((lane, job, label, category, start, end, args))
            self._total += 1
            self.version += 1

    def begin(self, lane: Lane, job: int | None, label: str, category: str = RUNNING,
              args: dict | None = None, at: float | None = None) -> int:
        """Open a span now (or ``at``); returns the key :meth:`end` takes (0 when recording is off)."""
        if not self.enabled:
            return 0
        now = _clock() if at is None else at
        with self._lock:
            key = next(self._keys)
            self._open[key] = (lane, job, label, category, now, args)
            self.version += 1
        return key

    def end(self, key: int, args: dict | None = None, at: float | None = None, category: str | None = None) -> None:
        """Close the span ``key`` now (or ``at``); ``args`` are added to its args; ``category`` (how it
        ended: a task that was cancelled, say) replaces the one it was opened with."""
        if not key:
            return
        now = _clock() if at is None else at
        with self._lock:
            entry = self._open.pop(key, None)
            if entry is None:
                return
            lane, job, label, opened_as, start, old = entry
            category = category or opened_as
            if args:
                old = {**old, **args} if old else args
            self._spans.append((lane, job, label, category, start, now, old))
            self._total += 1
            self.version += 1

    def span(self, lane: Lane, job: int | None, label: str, category: str = RUNNING, **args) -> _Span:
        """A context manager: the span is open (and drawn live) while the block runs."""
        return _Span(self, (lane, job, label, category, args or None))

    def counter(self, name: str, value: float, series: str = "", t: float | None = None) -> None:
        if not self.enabled:
            return
        t = _clock() if t is None else t
        key = (name, series)
        with self._lock:
            samples = self._counters.get(key)
            if samples is None:
                samples = self._counters[key] = deque(maxlen=self.counter_capacity)
                self._counter_totals[key] = 0
            samples.append((t, value))
            self._counter_totals[key] += 1
            self.version += 1

    def counter_sink(self, name: str, series: str = "") -> Callable[[float], None]:
        """``sink(value)`` records one sample of ``name`` (the meter feeds UI lateness through one)."""
        return functools.partial(self._sink, name, series)

    def _sink(self, name: str, series: str, value: float) -> None:
        self.counter(name, value, series)

    def add_bytes(self, n: int) -> None:
        """Count received bytes (one writer thread: the event loop); the sampler makes a rate of them."""
        self.bytes_received += n

    # -- lanes of pool workers --------------------------------------------------------------------
    def worker_lane(self, group: str, pid: int, thread: int = 0, host: str = "") -> Lane:
        """The lane of a process (``processes``: one per pid) or a thread (other groups: one per thread)."""
        host = host or _HOST
        key = (group, host, pid, 0) if group == PROCESSES else (group, host, pid, thread)
        lane = self._workers.get(key)
        if lane is not None:
            return lane
        with self._lock:
            lane = self._workers.get(key)
            if lane is None:
                n = self._worker_numbers[group] = self._worker_numbers.get(group, 0) + 1
                if host != _HOST:
                    name = Message(REMOTE_LANE, n=n, pid=pid, host=host)
                elif group == PROCESSES or group == CLUSTER:
                    name = Message(WORKER_LANE, n=n, pid=pid)
                else:
                    name = Message(THREAD_LANE, n=n)
                lane = (group, name)
                self._workers[key] = lane
                self._worker_ids[lane] = (host, pid, thread)
        return lane

    def local_workers(self) -> list[tuple[Lane, int, int]]:
        """``(lane, pid, thread)`` of every worker lane on this machine (the sampler reads their CPU)."""
        with self._lock:
            return [(lane, pid, thread) for lane, (host, pid, thread) in self._worker_ids.items() if host == _HOST]

    # -- chunks in flight --------------------------------------------------------------------------
    def _chunk_submitted(self) -> None:
        with self._lock:
            self._inflight += 1
            n = self._inflight
        self.counter(IN_FLIGHT, n)

    def _chunk_done(self, group: str, job: int | None, index: int, brief: tuple, fut) -> None:
        with self._lock:
            self._inflight -= 1
            n = self._inflight
        self.counter(IN_FLIGHT, n)
        if fut.cancelled():
            return
        exc = fut.exception()
        if exc is None:
            value = fut.result()
            if type(value) is not Timed:
                return
            info, category = value[1:], COMPUTING if value.result is not None else STOPPED
        else:
            info, category = getattr(exc, "timeline", None), FAILED
            if info is None:
                return
        pid, thread, start, end, host, clock = info
        if host != _HOST:  # another machine's monotonic clock: place it through the wall clocks
            shift = clock - (time.time() - _clock())
            start, end = start + shift, end + shift
        lane = self.worker_lane(group, pid, thread, host)
        self.record(lane, job, CHUNK_LABEL, category, start, end, {"chunk": index + 1, "pid": pid, "args": brief})

    # -- reading -----------------------------------------------------------------------------------
    def spans_since(self, seq: int, limit: int | None = None) -> tuple[list, int, int]:
        """The spans recorded after the first ``seq`` ever recorded (the oldest ``limit`` of them):
        ``(spans, total, first)`` where ``total`` counts every span recorded so far and ``first`` is the
        number of the oldest one still in the ring (those before it are gone)."""
        with self._lock:
            total = self._total
            first = total - len(self._spans)
            n = total - max(seq, first)
            if limit is not None and n > limit:
                offset = len(self._spans) - n
                new = list(itertools.islice(self._spans, offset, offset + limit))
            else:
                new = list(itertools.islice(reversed(self._spans), n))
                new.reverse()
        return new, total, first

    def counters_since(self, seen: dict) -> dict:
        """New samples per counter after the ``seen[key]`` already read; updates ``seen``."""
        out = {}
        with self._lock:
            for key, total in self._counter_totals.items():
                before = seen.get(key, 0)
                if total != before:
                    samples = self._counters[key]
                    n = min(total - before, len(samples))
                    new = list(itertools.islice(reversed(samples), n))
                    new.reverse()
                    out[key] = new
                    seen[key] = total
        return out

    def open_spans(self) -> list:
        with self._lock:
            return [(lane, job, label, category, start, None, args)
                    for lane, job, label, category, start, args in self._open.values()]

    def snapshot(self) -> Snapshot:
        with self._lock:
            spans = list(self._spans)
            dropped = self._total - len(self._spans)
            counters = {key: list(samples) for key, samples in self._counters.items()}
            now = _clock()
            opened = [(lane, job, label, category, start, None, args)
                      for lane, job, label, category, start, args in self._open.values()]
        return Snapshot(spans, opened, counters, now, self.origin, dropped)

    def clear(self) -> None:
        """Forget every span and counter (tests, a fresh CLI trace); open spans stay open."""
        with self._lock:
            self._spans.clear()
            self._total = 0
            self._counters.clear()
            self._counter_totals.clear()
            self.version += 1


RECORDER = Recorder()


# -- chunks on a pool --------------------------------------------------------------------------------------
class Timed(NamedTuple):
    """A kernel's result with where and when it ran (returned by :func:`_timed` from the worker)."""

    result: Any
    pid: int
    thread: int
    start: float
    end: float
    host: str
    clock: float  # wall clock minus monotonic clock where it ran (places another machine's times)


def _timed(kernel: Callable[..., Any], slot: int, *args) -> Timed:
    """Runs in the pool's process or thread: call ``kernel(slot, *args)`` and time it."""
    start = _clock()
    try:
        result = kernel(slot, *args)
    except BaseException as exc:
        end = _clock()
        try:  # pickles with the exception (its __dict__) unless its class pickles itself otherwise
            exc.timeline = (os.getpid(), threading.get_native_id(), start, end, _HOST, time.time() - end)
        except AttributeError:
            pass
        raise
    end = _clock()
    return Timed(result, os.getpid(), threading.get_native_id(), start, end, _HOST, time.time() - end)


def _brief(args: tuple) -> tuple:
    return tuple(a for a in args if isinstance(a, (int, float, str)))[:6]


def submit_chunk(submit: Callable[..., Any], group: str, job: int | None, index: int, kernel: Callable[..., Any],
                 slot: int, args: tuple, recorder: Recorder = RECORDER):
    """``submit(kernel, slot, *args)``, timed: the span is recorded on the lane of the process or thread
    that ran it when the future completes (whoever waits for it, even a drain after a cancel)."""
    if not recorder.enabled:
        return submit(kernel, slot, *args)
    fut = submit(_timed, kernel, slot, *args)
    recorder._chunk_submitted()
    fut.add_done_callback(functools.partial(recorder._chunk_done, group, job, index, _brief(args)))
    return fut


def unwrap(value: Any) -> Any:
    """The kernel's own result from what a future of :func:`submit_chunk` returned."""
    return value.result if type(value) is Timed else value


# -- thread jobs and coroutine tasks --------------------------------------------------------------------
def traced_thread_body(body: Callable[[Any], Any], job_id: int, label: str,
                       recorder: Recorder = RECORDER) -> Callable[[Any], Any]:
    """``body`` wrapped so that its run is a span on the lane of the thread that runs it."""

    def run(job):
        lane = recorder.worker_lane(THREADS, os.getpid(), threading.get_native_id())
        with recorder.span(lane, job_id, label, RUNNING):
            return body(job)

    return run


@contextmanager
def task_span(job_id: int | None, label: str, category: str = RUNNING, group: str = ASYNCIO,
              recorder: Recorder = RECORDER, **args):
    """A span on a reused task lane while the block runs (a coroutine job, or one task of it)."""
    lane = recorder.lanes.acquire(group, TASK_LANE)
    key = recorder.begin(lane, job_id, label, category, args or None)
    error = None
    try:
        yield lane
    except BaseException as exc:
        error = {"error": type(exc).__name__}
        raise
    finally:
        recorder.end(key, error)
        recorder.lanes.release(lane)


async def traced_coroutine(coro, job_id: int, label: str, recorder: Recorder = RECORDER):
    """Await ``coro`` as a span on a task lane (the runner wraps every coroutine job in this)."""
    with task_span(job_id, label, recorder=recorder):
        return await coro


# -- the sampler ---------------------------------------------------------------------------------------
class Sampler:
    """A thread that samples, a few times a second, what no event reports: CPU per worker process and
    pool thread (from ``/proc``), and download throughput (from :attr:`Recorder.bytes_received`).

    ``pids()`` (optional) names processes to watch before they ran anything (the pool's workers).
    A counter is recorded only when its value moved, so an idle app adds nothing.
    """

    def __init__(self, recorder: Recorder = RECORDER, *, interval: float = 0.5,
                 pids: Callable[[], list[int]] | None = None) -> None:
        self.recorder = recorder
        self.interval = interval
        self._pids = pids
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self._cpu: dict[str, tuple[float, int]] = {}  # lane name → (time, cpu ticks)
        self._last: dict[tuple[str, str], float] = {(THROUGHPUT, ""): 0}  # no download yet: nothing to say
        self._bytes = (None, 0)
        self._broken = False

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="tributary-timeline-sampler", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(2.0)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sample()
            except Exception:  # a view's counter must never take a thread down with it
                if not self._broken:
                    log.exception("timeline sampler failed")
                    self._broken = True

    def sample(self) -> None:
        """One round: CPU of every local worker lane, throughput."""
        rec = self.recorder
        if not rec.enabled:
            return
        now = _clock()
        if self._pids is not None:
            for pid in self._pids():
                rec.worker_lane(PROCESSES, pid)
        me = os.getpid()
        for lane, pid, thread in rec.local_workers():
            path = f"/proc/{pid}/stat" if lane[0] == PROCESSES else f"/proc/{me}/task/{thread}/stat"
            if lane[0] != PROCESSES and pid != me:
                continue
            ticks = _cpu_ticks(path)
            if ticks is None:
                continue
            before = self._cpu.get(lane[1])
            self._cpu[lane[1]] = (now, ticks)
            if before is not None and now > before[0]:
                self._emit(CPU, round(100.0 * (ticks - before[1]) / self._ticks / (now - before[0]), 1), lane[1])
        t0, b0 = self._bytes
        b1 = rec.bytes_received
        self._bytes = (now, b1)
        if t0 is not None and now > t0:
            self._emit(THROUGHPUT, round((b1 - b0) / (now - t0)), "")

    def _emit(self, name: str, value: float, series: str) -> None:
        if self._last.get((name, series)) != value:
            self._last[(name, series)] = value
            self.recorder.counter(name, value, series)


def _cpu_ticks(path: str) -> int | None:
    try:
        with open(path, "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15 of stat(5))
