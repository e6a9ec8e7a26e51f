"""What every Lab experiment is made of: parameters, spans, a run context, a typed result, the shown code.

* Parameters are a dataclass whose fields carry a :func:`param` spec (label, limits); :func:`from_text`
  turns text (a form, ``--param k=v``) into a checked instance or raises :class:`UserError` naming the field.
* A run gets a :class:`LabRun`: the job (progress, cancel), a :class:`Recorder` of :class:`Span` records
  (lane, label, start, end, category) and the pools its variants start, so Cancel can stop them.
* A result is a dataclass deriving from :class:`LabResult`: its own typed numbers plus the spans, and a
  :class:`Table` and a :class:`Chart` for views and exports.
* The code a person reads is the source of the functions that run (:func:`code_text`); its comments are
  marked templates (each module's ``COMMENTS``), translated line by line when shown.
"""

from __future__ import annotations

import asyncio
import bisect
import concurrent.futures as cf
import contextvars
import dataclasses
import functools
import inspect
import io
import itertools
import logging
import math
import multiprocessing as mp
import os
import threading
import time
import tokenize
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .. import timeline
from ..jobs import QT_TRANSLATE_NOOP, Cancelled, Job, Message, UserError

log = logging.getLogger("tributary.lab")

# how much a run lowers the priority of the threads and processes it starts (the window's runs: 10, so the GUI
# thread wins the CPU and the GIL; the command line's: 0, nothing to protect); set per run by the registry
NICE: contextvars.ContextVar[int] = contextvars.ContextVar("lab_nice", default=10)
SPAWN = mp.get_context("spawn")  # the only start method that is safe beside Qt (and the same everywhere)
HELPER = "lab-helper"  # the name of a run's helper process (see .helper): it stands in for the caller
GRACE = 0.1  # seconds a cancelled run's threads and processes get before processes are terminated


# -- parameters ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParamSpec:
    """How a parameter is shown and checked: a label for people, limits, and its kind of input."""

    label: Message
    help: Message | None = None
    minimum: float | None = None
    maximum: float | None = None
    kind: str = ""  # int, float, text, ints (a comma-separated list), choice; empty: from the default
    choices: tuple[str, ...] = ()


def param(default, label: str, *, help: str | None = None, minimum: float | None = None,  # noqa: A002
          maximum: float | None = None, kind: str = "", choices: tuple[str, ...] = ()):
    """A dataclass field for a parameter; ``label``/``help`` are marked templates (``QT_TRANSLATE_NOOP``)."""
    spec = ParamSpec(Message(label), Message(help) if help else None, minimum, maximum,
                     kind or _kind_of(default), choices)
    return field(default=default, metadata={"lab": spec})


def _kind_of(default) -> str:
    if isinstance(default, bool):
        raise TypeError("boolean parameters are not used by the Lab")
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, tuple):
        return "ints"
    return "text"


def specs(cls) -> list[tuple[str, ParamSpec, Any]]:
    """``(name, spec, default)`` of each parameter of a params dataclass, in order."""
    return [(f.name, f.metadata["lab"], f.default) for f in dataclasses.fields(cls) if "lab" in f.metadata]


def to_text(params) -> dict[str, str]:
    """Each parameter as the text a form or ``--param`` would hold."""
    return {name: format_value(getattr(params, name), spec) for name, spec, _ in specs(type(params))}


def format_value(value, spec: ParamSpec) -> str:
    if spec.kind == "ints":
        return ",".join(str(v) for v in value)
    if spec.kind == "int" and value >= 100_000:
        return f"{value:,}"  # 10,000,000,000 reads better than 10000000000, and parses back
    return str(value)


def from_text(cls, values: Mapping[str, str]):
    """A checked ``cls`` from text values (missing ones keep their defaults); :class:`UserError` names
    the field that is wrong. The class may add cross-field checks in a ``check()`` method."""
    known = {name: (spec, default) for name, spec, default in specs(cls)}
    kwargs = {}
    for name, text in values.items():
        if name not in known:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Unknown parameter {name!r}; the parameters are: {names}."),
                            field=name, name=name, names=", ".join(known))
        spec, _ = known[name]
        kwargs[name] = parse_value(name, spec, text)
    params = cls(**kwargs)
    check = getattr(params, "check", None)
    if check is not None:
        check()
    return params


def parse_value(name: str, spec: ParamSpec, text: str):
    raw = (text or "").strip()
    if spec.kind == "text":
        return raw
    if spec.kind == "choice":
        if raw not in spec.choices:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} must be one of {choices}."), field=name,
                            what=spec.label, choices=", ".join(spec.choices))
        return raw
    if spec.kind == "ints":
        parts = [p for p in raw.replace(";", ",").replace(" ", ",").split(",") if p]
        if not parts:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} is empty."), field=name, what=spec.label)
        values = tuple(_number(name, spec, p, whole=True) for p in parts)
        if len(values) > 16:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} takes at most {most} values."), field=name,
                            what=spec.label, most=16)
        return tuple(sorted(set(values)))
    return _number(name, spec, raw, whole=spec.kind == "int")


def _number(name: str, spec: ParamSpec, raw: str, *, whole: bool):
    from ..primes import parse_bound

    if whole:
        try:
            value = parse_bound(raw, spec.label, maximum=10**15)
        except UserError as exc:
            raise UserError(exc.message, field=name) from None
    else:
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} {raw!r} is not a number."), field=name,
                            what=spec.label, raw=raw) from None
        if not math.isfinite(value):
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} {raw!r} is not a number."), field=name,
                            what=spec.label, raw=raw)
    low = -math.inf if spec.minimum is None else spec.minimum
    high = math.inf if spec.maximum is None else spec.maximum
    if not low <= value <= high:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} must be between {low:g} and {high:g}."), field=name,
                        what=spec.label, low=low, high=high)
    return value


# -- spans -----------------------------------------------------------------------------------------
# the lanes of the Lab on the timeline: "{n}. {variant} · {worker}", one group for every run
LAB_LANE = QT_TRANSLATE_NOOP("Engine", "{n}. {variant} · {worker}")
SUB_LANE = QT_TRANSLATE_NOOP("Engine", "{lane} ({n})")  # spans that overlap on one lane (asyncio on one thread)
EVENT_LOOP = QT_TRANSLATE_NOOP("Engine", "event loop")
PROCESS_LANE = QT_TRANSLATE_NOOP("Engine", "process {pid}")
# what a span was doing (its category), as the experiments' code names it; shown in the timeline's tooltips
CATEGORIES = (
    QT_TRANSLATE_NOOP("Engine", "download"), QT_TRANSLATE_NOOP("Engine", "fetch"),
    QT_TRANSLATE_NOOP("Engine", "process"), QT_TRANSLATE_NOOP("Engine", "save"),
    QT_TRANSLATE_NOOP("Engine", "locked"), QT_TRANSLATE_NOOP("Engine", "unlocked"),
    QT_TRANSLATE_NOOP("Engine", "copies"), QT_TRANSLATE_NOOP("Engine", "shared"),
    QT_TRANSLATE_NOOP("Engine", "done"), QT_TRANSLATE_NOOP("Engine", "cancelled"),
    QT_TRANSLATE_NOOP("Engine", "failed"),
)


@dataclass(frozen=True)
class Span:
    """What ran where: ``lane`` (a thread, process or connection), a label, seconds from the run's start."""

    lane: str
    label: str
    start: float
    end: float
    category: str


class _Track:
    """One lane of the timeline as the Lab fills it: the spans on it never overlap."""

    __slots__ = ("lane", "open", "starts", "ends")

    def __init__(self, lane: Message) -> None:
        self.lane = lane
        self.open: dict[int, float] = {}  # spans still running: key → start
        self.starts: list[float] = []  # finished spans, sorted (they do not overlap: ends sorted too)
        self.ends: list[float] = []

    def fits(self, start: float, end: float) -> bool:
        if any(s < end for s in self.open.values()):
            return False
        i = bisect.bisect_right(self.starts, start)
        return not (i and self.ends[i - 1] > start) and not (i < len(self.starts) and self.starts[i] < end)

    def put(self, start: float, end: float) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class Recorder:
    """Collects a run's spans from any thread, and shows them live on the timeline.

    Times given to :meth:`add` are ``time.perf_counter()`` values (CLOCK_MONOTONIC on Linux, the same clock
    in every process); the run's :class:`Span` list holds them as seconds since the recorder was made. Each
    span also goes at once to the app's timeline recorder (``timeline``: :data:`~tributary.workers.timeline.RECORDER`)
    under the run's ``job`` id, on a lane of the ``lab`` group named after the variant and the worker
    (:data:`LAB_LANE`); :meth:`span` opens it there when the block starts, so the timeline draws it while
    it runs. Spans that would overlap on one lane (downloads on one event loop) go to numbered sub-lanes
    (:data:`SUB_LANE`): a lane's slices never overlap, as trace viewers need.

    ``worker`` (where a span ran) is a :class:`Message` (:func:`worker_name` gives one for a process or the
    event loop, :func:`process_name` for a process id, ``timeline.TASK_LANE`` for a task) or a thread's
    name, which becomes "thread n" in the order the variant's threads were first seen.
    """

    def __init__(self, job: int | None = None, recorder: timeline.Recorder | None = timeline.RECORDER) -> None:
        self.t0 = time.perf_counter()
        self.t0_monotonic = time.monotonic()  # the same moment on time.monotonic(), for the timeline
        self.spans: list[Span] = []
        self.job = job
        self.timeline = recorder
        self.variant: tuple[int, Message | str] | None = None  # (its number, its name)
        self._lock = threading.Lock()
        self._tracks: dict[str, list[_Track]] = {}  # lane → its tracks (the lane, then its sub-lanes)
        self._threads: dict[tuple, int] = {}  # (variant number, thread name) → n of "thread n"
        self._refs = itertools.count(1)
        self._opened: dict[int, tuple] = {}  # spans still running: ref → (track, label, category, args, start, key)

    def now(self) -> float:
        return time.perf_counter() - self.t0

    def set_variant(self, number: int, name: Message | str) -> None:
        """Spans recorded from now on belong to variant ``name`` (the ``number``-th of the run, from 1)."""
        self.variant = (number, name)

    def _mono(self, t: float) -> float:
        return t - self.t0 + self.t0_monotonic

    def _lane(self, worker, variant) -> Message:
        if not isinstance(worker, Message):
            key = (variant[0] if variant else 0, str(worker))
            n = self._threads.get(key)
            if n is None:
                n = self._threads[key] = 1 + sum(1 for k in self._threads if k[0] == key[0])
            worker = Message(timeline.THREAD_LANE, n=n)
        if variant is None:
            return worker
        return Message(LAB_LANE, n=variant[0], variant=variant[1], worker=worker)

    def _track(self, worker, variant, start: float, end: float) -> _Track:
        """The first track of the worker's lane that is free from ``start`` to ``end`` (under the lock)."""
        lane = self._lane(worker, variant)
        tracks = self._tracks.setdefault(str(lane), [])
        for track in tracks:
            if track.fits(start, end):
                return track
        name = lane if not tracks else Message(SUB_LANE, lane=lane, n=len(tracks) + 1)
        tracks.append(_Track(name))
        return tracks[-1]

    def add(self, worker, label: str, start: float, end: float, category: str, *, variant=None, **args) -> None:
        """Record a finished span from absolute ``perf_counter`` times (taken in this or a child process).
        ``label`` may be a template of ``args`` (``"file {i}"``, ``i=3``): the timeline translates it.
        ``variant`` (from :attr:`variant`, taken when the work began) overrides the current one."""
        variant = variant or self.variant
        with self._lock:
            track = self._track(worker, variant, start, end)
            track.put(start, end)
            self.spans.append(Span(str(track.lane), _label(label, args), start - self.t0, end - self.t0, category))
        if self.timeline is not None:
            self.timeline.record((timeline.LAB, track.lane), self.job, label, category, self._mono(start),
                                 self._mono(end), args or None)

    def begin(self, worker, label: str, category: str, *, variant=None, **args) -> int:
        """Open a span now on ``worker``'s lane (drawn on the timeline while it runs); returns the key
        :meth:`end` takes. ``label`` may be a template of ``args``."""
        variant = variant or self.variant
        start = time.perf_counter()
        with self._lock:
            track = self._track(worker, variant, start, math.inf)
            ref = next(self._refs)
            track.open[ref] = start
        key = 0
        if self.timeline is not None:
            key = self.timeline.begin((timeline.LAB, track.lane), self.job, label, category, args or None,
                                      at=self._mono(start))
        with self._lock:
            self._opened[ref] = (track, label, category, args, start, key)
        return ref

    def end(self, ref: int, category: str | None = None, **args) -> None:
        """Close the span ``ref``; ``category`` (how it ended) and ``args`` update what it was opened with."""
        end = time.perf_counter()
        with self._lock:
            track, label, opened_as, old, start, key = self._opened.pop(ref)
            del track.open[ref]
            track.put(start, end)
            args = {**old, **args}
            category = category or opened_as
            self.spans.append(Span(str(track.lane), _label(label, args), start - self.t0, end - self.t0, category))
        if key:
            self.timeline.end(key, args or None, at=self._mono(end), category=category)

    @contextmanager
    def span(self, label: str, category: str, lane=None, **args):
        """Record the block as a span on ``lane`` (default: :func:`worker_name`), open on the timeline while
        it runs. ``label`` may be a template of ``args``."""
        ref = self.begin(lane if lane is not None else worker_name(), label, category, **args)
        try:
            yield
        except BaseException as exc:
            self.end(ref, error=type(exc).__name__)
            raise
        self.end(ref)


def _label(label: str, args: dict) -> str:
    return str(Message(label, **args)) if args else label


def worker_name() -> Message | str:
    """Where this code runs, for a span's lane: a pool process, the event loop, or the thread's name (in a
    run's helper process too: its threads are the run's threads, as if they ran in the caller)."""
    if mp.parent_process() is not None and mp.current_process().name != HELPER:
        return process_name(os.getpid())
    if _loop_running():
        return Message(EVENT_LOOP)
    return threading.current_thread().name


def process_name(pid: int) -> Message:
    """The lane of the process ``pid``."""
    return Message(PROCESS_LANE, pid=pid)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _pid_after(seconds: float) -> int:
    """A pool task that keeps its worker busy a moment (so the next task goes to another) and says who ran it."""
    time.sleep(seconds)
    return os.getpid()


def warm_pool(pool: cf.ProcessPoolExecutor, workers: int, check: Callable[[], None], timeout: float = 30.0) -> float:
    """Block until each of the pool's ``workers`` processes has run a task (``check()`` between rounds may
    raise to stop); returns the seconds it took."""
    t0 = time.perf_counter()
    seen: set[int] = set()
    while len(seen) < workers and time.perf_counter() - t0 < timeout:
        check()
        seen.update(f.result() for f in [pool.submit(_pid_after, 0.02) for _ in range(workers)])
    return time.perf_counter() - t0


def lower_priority(nice: int = 10) -> None:
    """Lower this thread's priority (Linux: per thread, and inherited by the threads and processes it
    starts), so the window's thread wins the CPU — and the GIL — when both want it."""
    if nice <= 0:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    except (AttributeError, OSError):  # pragma: no cover - not Linux, or not allowed
        pass


# -- the run context ------------------------------------------------------------------------------
class LabRun:
    """One experiment run: its job, spans, stop flag, and the pools its variants start.

    Blocking variants run on a helper thread (:meth:`blocking`) so the event loop (the GUI thread in the
    app) stays free. Cancel sets :attr:`stop` at once; :meth:`close` then drops the queues of every pool
    the variants :meth:`track`-ed, waits :data:`GRACE` for threads and processes, terminates processes
    that are still busy, and waits for every thread it started — never blocking the loop.
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        self.rec = Recorder(job.id)
        self.stop = threading.Event()
        job.token.on_cancel(self.stop.set)
        self._pools: list[cf.Executor] = []
        self._processes: list = []
        self._helper: cf.ThreadPoolExecutor | None = None
        self.nice = NICE.get()
        self._calls: list[cf.Future] = []

    # -- used by the variants' code --
    def track(self, pool):
        """Register a pool (or a ``multiprocessing.Process``) so Cancel can stop it; returns it."""
        if isinstance(pool, cf.Executor):
            self._pools.append(pool)
        else:
            self._processes.append(pool)
        return pool

    def stopped(self) -> bool:
        return self.stop.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` once Cancel was pressed (for loops on threads)."""
        if self.stop.is_set():
            raise Cancelled()

    def span(self, label: str, category: str, lane=None, **args):
        """Record the block as a span (see :meth:`Recorder.span`): ``with lab.span("file {i}", "download", i=i):``."""
        return self.rec.span(label, category, lane, **args)

    def warm(self, pool: cf.ProcessPoolExecutor, workers: int, timeout: float = 30.0) -> float:
        """Block until each of the pool's ``workers`` processes has run a task; returns the seconds it took."""
        return warm_pool(pool, workers, self.check, timeout)

    # -- used by the experiment's driver --
    def variant(self, name: str, done: int, total: int) -> None:
        """Spans recorded from now on belong to variant ``name``; reports progress."""
        self.job.check()
        self.rec.set_variant(done + 1, name)
        self.job.report(done / max(1, total), Message(QT_TRANSLATE_NOOP("Engine", "Running {variant} ({n} of {total})"),
                                                      variant=name, n=done + 1, total=total))

    async def blocking(self, fn: Callable, *args):
        """Run ``fn(*args)`` on the helper thread and await it (a cancel returns at once; :meth:`close` stops it)."""
        if self._helper is None:
            self._helper = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="lab-main",
                                                 initializer=lower_priority, initargs=(self.nice,))
        future = self._helper.submit(fn, *args)
        self._calls.append(future)
        return await asyncio.wrap_future(future)

    async def close(self) -> None:
        """Stop and reap everything this run started (cooperative first, then terminate)."""
        self.stop.set()
        # what to wait for, taken before shutdown(): a process pool forgets its processes when shut down
        procs = list(self._processes)
        threads: list[threading.Thread] = []
        for pool in self._pools:
            procs += list((getattr(pool, "_processes", None) or {}).values())
            manager = getattr(pool, "_executor_manager_thread", None)
            threads += [manager] if manager is not None else []
            threads += list(getattr(pool, "_threads", ()))
        for pool in self._pools:
            pool.shutdown(wait=False, cancel_futures=True)

        def idle() -> bool:
            return (not any(p.is_alive() for p in procs) and not any(t.is_alive() for t in threads)
                    and all(f.done() for f in self._calls))

        try:
            await self._reap(procs, idle)
        except asyncio.CancelledError:  # the app is closing and will not wait: stop the processes now
            for proc in procs:
                if proc.is_alive():
                    proc.kill()
            if self._helper is not None:
                self._helper.shutdown(wait=False)
            raise

    async def _reap(self, procs: list, idle: Callable[[], bool]) -> None:
        await _until(idle, GRACE)
        for proc in procs:
            if proc.is_alive():
                log.info("lab: terminating process %s that did not stop in time", proc.pid)
                proc.terminate()
        await _until(idle, 3.0)
        for proc in procs:
            if proc.is_alive():
                proc.kill()
        if self._helper is not None:
            self._helper.shutdown(wait=False)
            helpers = list(getattr(self._helper, "_threads", ()))
            await _until(lambda: not any(t.is_alive() for t in helpers), 5.0)
        for proc in self._processes:
            if not proc.is_alive():
                proc.join(0)


async def _until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Poll ``predicate`` without blocking the loop; True when it held within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.005)
    return True


# -- results, tables, charts -----------------------------------------------------------------------
@dataclass
class Column:
    key: str
    title: Message


def cell_text(value, translate: Callable[[str], str] = str, *, for_people: bool = True) -> str:
    """A table value as text: messages through ``translate``, numbers readable (``for_people``: grouped
    thousands and 4 significant digits; otherwise plain, for spreadsheets), lists space-separated."""
    if value is None:
        return ""
    if isinstance(value, Message):
        return translate(value)
    if isinstance(value, bool) or not isinstance(value, int | float | list | tuple):
        return str(value)
    if isinstance(value, float):
        return f"{value:,.4g}" if for_people else f"{value:.6g}"
    if isinstance(value, int):
        return f"{value:,}" if for_people else str(value)
    return " ".join(str(v) for v in value)


@dataclass
class Table:
    """Rows of plain values (numbers, text, :class:`Message`) under titled columns."""

    columns: list[Column]
    rows: list[dict]

    def headers(self, translate: Callable[[str], str] = str) -> list[str]:
        return [translate(c.title) for c in self.columns]

    def cells(self, translate: Callable[[str], str] = str, *, for_people: bool = True) -> list[list[tuple[str, bool]]]:
        """Each row as ``(text, is_a_number)`` per column (a view aligns numbers to the right)."""
        return [[(cell_text(row.get(c.key), translate, for_people=for_people),
                  isinstance(row.get(c.key), int | float) and not isinstance(row.get(c.key), bool))
                 for c in self.columns] for row in self.rows]


@dataclass
class Series:
    name: str
    x: list[float]
    y: list[float]


@dataclass
class Bars:
    """One series of a bar chart as drawn: horizontal bars from 0, one row per tick (the first at the top)."""

    name: str
    y: list[float]  # the bars' centres on the category axis
    width: list[float]  # their values
    height: float


@dataclass
class Chart:
    """What to draw: bars (one per x tick) or lines, with axis titles; views draw it, the engine decides it."""

    kind: str  # "bar" or "line"
    x_title: Message
    y_title: Message
    series: list[Series]
    ticks: list[tuple[float, str]] = field(default_factory=list)  # x → label (a Message or text)
    log_x: bool = False

    def bars(self) -> tuple[list[Bars], list[tuple[float, str]]]:
        """The bar chart's geometry: horizontal bars, grouped by tick, one band per series; and the
        category axis's ticks (``(position, label)``, the first tick at the top: long names read well)."""
        height = 0.8 / max(1, len(self.series))
        rows = max((len(s.x) for s in self.series), default=0)
        bars = [Bars(s.name, [rows - 1 - x + 0.4 - height * (k + 0.5) for x in s.x], list(s.y), height * 0.9)
                for k, s in enumerate(self.series)]
        return bars, [(rows - 1 - x, label) for x, label in self.ticks]

    def lines(self) -> tuple[list[Series], list[tuple[float, str]] | None]:
        """The line chart's points as drawn (a log x axis as log2 of x) and the x ticks: the measured x
        values at their places (``None``: too many, let the axis choose)."""

        def scale(v: float) -> float:
            return (math.log2(v) if v > 0 else 0.0) if self.log_x else v

        series = [Series(s.name, [scale(x) for x in s.x], list(s.y)) for s in self.series]
        xs = sorted({x for s in self.series for x in s.x})
        return series, ([(scale(x), f"{x:g}") for x in xs] if len(xs) <= 16 else None)


@dataclass
class LabResult:
    """The base of every experiment's result: which one ran, with what, how long, and what ran where."""

    experiment: str = ""
    params: dict = field(default_factory=dict)
    seconds: float = 0.0
    spans: list[Span] = field(default_factory=list)
    t0_monotonic: float = 0.0  # time.monotonic() when the spans' clock started (span times are seconds after it)
    job: int | None = None  # the job that ran it: its spans on the timeline (and in a trace) carry this id

    def table(self) -> Table:  # pragma: no cover - every experiment defines its own
        raise NotImplementedError

    def chart(self) -> Chart:  # pragma: no cover
        raise NotImplementedError

    def summary(self) -> list[Message]:  # pragma: no cover
        raise NotImplementedError

    def verbatim(self) -> list[str]:
        """Python's own output that the result shows as it is (an exception's text, a repr): the same in
        every language, like the code shown beside it. Everything else a view shows is a translated message."""
        return []

    def to_json(self) -> dict:
        return _plain(dataclasses.asdict(self))


def _plain(value):
    if isinstance(value, Message):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def col(key: str, title: str) -> Column:
    return Column(key, Message(title))


# -- experiments and their shown code -------------------------------------------------------------
@dataclass(frozen=True)
class Experiment:
    """One Lab experiment: what it is called, what it takes, how it runs, and what a person reads."""

    name: str
    title: Message
    params: type
    run: Callable  # async run(job, params) -> LabResult
    code: tuple[Callable, ...]  # the functions that run, shown as they are
    look_for: Message
    explanation: Message
    comments: tuple[str, ...] = ()  # the marked templates of the comments in ``code``


def code_text(experiment: Experiment, translate: Callable[[str], str] = str) -> str:
    """The source of the experiment's functions, each comment replaced by ``translate(comment)``."""
    return "\n\n".join(translate_comments(source_of(fn), translate) for fn in experiment.code)


@functools.cache
def source_of(fn: Callable) -> str:
    """The source of ``fn``, read once (a view that shows it again reads no file)."""
    return inspect.getsource(fn)


def comments_in(source: str) -> list[str]:
    """The text of every ``#`` comment of ``source`` (without the ``#`` and the surrounding spaces)."""
    return [tok.string[1:].strip() for tok in _tokens(source) if tok.type == tokenize.COMMENT]


def translate_comments(source: str, translate: Callable[[str], str]) -> str:
    lines = source.splitlines(keepends=True)
    for tok in reversed([t for t in _tokens(source) if t.type == tokenize.COMMENT]):
        row, col_ = tok.start
        line = lines[row - 1]
        lines[row - 1] = line[:col_] + "# " + translate(tok.string[1:].strip()) + line[col_ + len(tok.string):]
    return "".join(lines)


def _tokens(source: str) -> Iterable[tokenize.TokenInfo]:
    return tokenize.generate_tokens(io.StringIO(source).readline)


def check_experiment(experiment: Experiment) -> list[str]:
    """Problems with an experiment's shown code: comments without a marked template, docstrings (they
    would stay English)."""
    problems = []
    for fn in experiment.code:
        source = source_of(fn)
        for text in comments_in(source):
            if text not in experiment.comments:
                problems.append(f"{experiment.name}: {fn.__name__}: comment not marked: {text!r}")
        if inspect.getdoc(fn) and fn.__doc__:
            problems.append(f"{experiment.name}: {fn.__name__}: shown code has a docstring")
    return problems
