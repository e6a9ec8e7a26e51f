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
import concurrent.futures as cf
import contextvars
import dataclasses
import inspect
import io
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

from ..jobs import QT_TRANSLATE_NOOP, Cancelled, Job, Message, UserError

log = logging.getLogger("tributary.lab")

# how much a run lowers the priority of the threads and processes it starts (the window's runs: 10, so the GUI
# thread wins the CPU and the GIL; the command line's: 0, nothing to protect); set per run by the registry
NICE: contextvars.ContextVar[int] = contextvars.ContextVar("lab_nice", default=10)
SPAWN = mp.get_context("spawn")  # the only start method that is safe beside Qt (and the same everywhere)
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
@dataclass(frozen=True)
class Span:
    """What ran where: ``lane`` (a thread, process or connection), a label, seconds from the run's start."""

    lane: str
    label: str
    start: float
    end: float
    category: str


class Recorder:
    """Collects spans from any thread; times are ``time.perf_counter()`` values (CLOCK_MONOTONIC on Linux,
    the same clock in every process), stored as seconds since the recorder was made."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.t0_monotonic = time.monotonic()  # the same moment on time.monotonic(), for other recorders
        self.spans: list[Span] = []
        self.variant = ""
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.perf_counter() - self.t0

    def add(self, lane: str, label: str, start: float, end: float, category: str) -> None:
        """Record a span from absolute ``perf_counter`` times (taken in this or a child process)."""
        span = Span(self._lane(lane), label, start - self.t0, end - self.t0, category)
        with self._lock:
            self.spans.append(span)

    def _lane(self, lane: str) -> str:
        return f"{self.variant} · {lane}" if self.variant else lane

    @contextmanager
    def span(self, label: str, category: str, lane: str | None = None):
        """Record the block as a span on ``lane`` (default: the current thread's name)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(lane or threading.current_thread().name, label, start, time.perf_counter(), category)


def worker_name() -> str:
    """Where this code runs, for a span's lane: the thread's name, or the process id in a pool process."""
    if mp.parent_process() is not None:
        return f"pid {os.getpid()}"
    return threading.current_thread().name


def _pid_after(seconds: float) -> int:
    """A pool task that keeps its worker busy a moment (so the next task goes to another) and says who ran it."""
    time.sleep(seconds)
    return os.getpid()


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
        self.rec = Recorder()
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

    def span(self, label: str, category: str, lane: str | None = None):
        return self.rec.span(label, category, lane)

    def warm(self, pool: cf.ProcessPoolExecutor, workers: int, timeout: float = 30.0) -> float:
        """Block until each of the pool's ``workers`` processes has run a task; returns the seconds it took."""
        t0 = time.perf_counter()
        seen: set[int] = set()
        while len(seen) < workers and time.perf_counter() - t0 < timeout:
            self.check()
            seen.update(f.result() for f in [pool.submit(_pid_after, 0.02) for _ in range(workers)])
        return time.perf_counter() - t0

    # -- used by the experiment's driver --
    def variant(self, name: str, done: int, total: int) -> None:
        """Spans recorded from now on belong to variant ``name``; reports progress."""
        self.job.check()
        self.rec.variant = name
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


@dataclass
class Table:
    """Rows of plain values (numbers, text, :class:`Message`) under titled columns."""

    columns: list[Column]
    rows: list[dict]


@dataclass
class Series:
    name: str
    x: list[float]
    y: list[float]


@dataclass
class Chart:
    """What to draw: bars (one per x tick) or lines, with axis titles; views draw it, the engine decides it."""

    kind: str  # "bar" or "line"
    x_title: Message
    y_title: Message
    series: list[Series]
    ticks: list[tuple[float, str]] = field(default_factory=list)  # x → label (a Message or text)
    log_x: bool = False


@dataclass
class LabResult:
    """The base of every experiment's result: which one ran, with what, how long, and what ran where."""

    experiment: str = ""
    params: dict = field(default_factory=dict)
    seconds: float = 0.0
    spans: list[Span] = field(default_factory=list)
    t0_monotonic: float = 0.0  # time.monotonic() when the spans' clock started (span times are seconds after it)

    def table(self) -> Table:  # pragma: no cover - every experiment defines its own
        raise NotImplementedError

    def chart(self) -> Chart:  # pragma: no cover
        raise NotImplementedError

    def summary(self) -> list[Message]:  # pragma: no cover
        raise NotImplementedError

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
    return "\n\n".join(translate_comments(inspect.getsource(fn), translate) for fn in experiment.code)


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
        source = inspect.getsource(fn)
        for text in comments_in(source):
            if text not in experiment.comments:
                problems.append(f"{experiment.name}: {fn.__name__}: comment not marked: {text!r}")
        if inspect.getdoc(fn) and fn.__doc__:
            problems.append(f"{experiment.name}: {fn.__name__}: shown code has a docstring")
    return problems
