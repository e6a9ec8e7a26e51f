"""The scaling run: the same count with 1…N workers, on processes and on threads, with the C kernel and
(for contrast) the numpy kernel on threads, and the words that say what the curves mean.

A point is a :class:`ScalingPoint` (compute seconds, start-up excluded: the pool is warmed first; speed-up
against the same series' one worker; efficiency = speed-up / workers). The numpy series counts the first
eighth of the range (it is ~10× slower per number), so every series takes a similar time; speed-ups
compare, seconds do not. The run is one job (:func:`start_scaling_job`): its ``partial`` is the
:class:`ScalingSeries` so far, its result the finished one, which carries the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .jobs import QT_TRANSLATE_NOOP, Message, UserError

SERIES = (("processes", "auto"), ("threads", "auto"), ("threads", "numpy"))
NUMPY_SHARE = 8  # the numpy series counts span // NUMPY_SHARE numbers
SERIES_NAMES = {  # how the series are named for people (legends)
    "processes/C": Message(QT_TRANSLATE_NOOP("Engine", "processes, C kernel")),
    "threads/C": Message(QT_TRANSLATE_NOOP("Engine", "threads, C kernel")),
    "threads/numpy": Message(QT_TRANSLATE_NOOP("Engine", "threads, numpy kernel")),
    "processes/numpy": Message(QT_TRANSLATE_NOOP("Engine", "processes, numpy kernel")),
}


@dataclass(frozen=True)
class ScalingPoint:
    """One run of a series: compute seconds with ``workers`` workers, speed-up against the series' first run."""

    series: str  # "processes/C", "threads/C", "threads/numpy" (or "processes/numpy" without libprimesieve)
    executor: str
    kernel: str  # what ran: "libprimesieve 11.0" or "numpy"
    workers: int
    seconds: float
    speedup: float
    efficiency: float
    low: int
    high: int


@dataclass
class ScalingSeries:
    """The points of a scaling run so far (the job's ``partial``), and at the end its result."""

    points: list[ScalingPoint] = field(default_factory=list)

    def add(self, series: str, executor: str, kernel: str, workers: int, seconds: float, low: int,
            high: int) -> ScalingPoint:
        first = next((p.seconds for p in self.points if p.series == series), seconds)
        speedup = first / seconds if seconds > 0 else 1.0
        point = ScalingPoint(series, executor, kernel, workers, seconds, speedup, speedup / workers, low, high)
        self.points.append(point)
        return point

    def series(self) -> dict[str, list[ScalingPoint]]:
        """The points by series, in the order the series ran."""
        out: dict[str, list[ScalingPoint]] = {}
        for p in self.points:
            out.setdefault(p.series, []).append(p)
        return out

    @property
    def explanation(self) -> Message:
        """What the measured curves say about the GIL (see :func:`scaling_explanation`)."""
        return scaling_explanation(self.points)


def series_name(executor: str, label: str) -> str:
    return f"{executor}/{'numpy' if label == 'numpy' else 'C'}"


def plan_series(low: int, high: int, series=None) -> list[tuple[str, str, str, int]]:
    """``(name, executor, kernel choice, high)`` of each series to run; a series that would repeat another
    (without libprimesieve "auto" is numpy already) runs once."""
    from .primes_c import kernel_label

    out, seen = [], set()
    for executor, kernel in series or SERIES:
        label = kernel_label(kernel)
        name = series_name(executor, label)
        if name in seen:
            continue
        seen.add(name)
        hi = low + max(1, (high - low + 1) // NUMPY_SHARE) - 1 if kernel == "numpy" else high
        out.append((name, executor, kernel, hi))
    return out


def start_scaling_job(runner, req, *, series=None, on_point=None):
    """Count ``req``'s range with 1, 2, … ``req.workers`` workers for each series (default :data:`SERIES`:
    processes and threads with the C kernel, threads with numpy), one run after another, as one job.

    ``job.partial`` is the :class:`ScalingSeries` so far, ``job.result`` the finished one (with its
    explanation). ``on_point(point)`` is called on the loop as each run ends. Cancelling the job cancels
    the run in progress; a run that fails fails the series.
    """
    import asyncio

    from .primes import PrimeRequest

    plan = plan_series(req.low, req.high, series)
    result = ScalingSeries()
    total = len(plan) * req.workers

    async def body(job) -> ScalingSeries:
        if any(executor == "processes" for _, executor, _, _ in plan):
            await asyncio.get_running_loop().run_in_executor(None, runner.pool.warm)
        for name, executor, kernel, hi in plan:
            for workers in range(1, req.workers + 1):
                run = PrimeRequest(req.low, hi, workers=workers, executor=executor, buckets=0, twins=False,
                                   kernel=kernel)
                done = await _one_run(runner, run)
                point = result.add(name, executor, done.kernel, workers, done.compute_seconds, req.low, hi)
                if on_point is not None:
                    on_point(point)
                job.report(len(result.points) / total, Message(QT_TRANSLATE_NOOP("Engine", "{done} of {total} runs"),
                                                               done=len(result.points), total=total))
        return result

    title = Message(QT_TRANSLATE_NOOP("Engine", "scaling run over [{low:,}, {high:,}]"), low=req.low, high=req.high)
    job = runner.start_coroutine("scaling", title, body)
    job.request, job.partial = req, result
    return job


async def _one_run(runner, req):
    """One count of the series as its own job; its :class:`~tributary.workers.primes.PrimeResult`."""
    import asyncio

    from .jobs import Cancelled, JobState
    from .primes import start_job

    run = start_job(runner, req)
    try:
        await runner.wait(run)
    except asyncio.CancelledError:  # the series was cancelled: its run ends first, then the series
        runner.cancel(run)
        await runner.wait(run, timeout=runner.grace + 1.0)
        raise
    if run.state is JobState.CANCELLED:
        raise Cancelled()
    if run.state is not JobState.DONE:
        error = run.error or Message(QT_TRANSLATE_NOOP("Engine", "A run of the series failed."))
        raise UserError(error)
    return run.result


async def scaling_run(runner, low: int, high: int, max_workers: int, executor: str | None = None, on_point=None,
                      *, series=None) -> list[ScalingPoint]:
    """The points of a scaling run (see :func:`start_scaling_job`; only ``executor`` with the default kernel
    when ``executor`` is given); a cancelled or failed run ends it early with the points so far."""
    from .primes import PrimeRequest

    if series is None and executor:
        series = ((executor, "auto"),)
    job = start_scaling_job(runner, PrimeRequest(low, high, workers=max_workers), series=series, on_point=on_point)
    await runner.wait(job)
    return list(job.partial.points)


GIL = Message(QT_TRANSLATE_NOOP(
    "Engine", "Threads share one Python interpreter and its GIL: only one thread runs Python at a time. "
    "A call into C that releases the GIL (libprimesieve through ctypes) lets threads sieve at once, so they "
    "scale like processes without the start-up and copying that processes cost. The numpy sieve makes many "
    "small calls with Python in between, so its threads mostly take turns; processes each have their own "
    "interpreter and scale either way."))


def scaling_explanation(points: list[ScalingPoint]) -> Message:
    """What the measured curves say about the GIL, with the figures at the most workers measured."""
    best: dict[str, ScalingPoint] = {}
    for p in points:
        if p.series not in best or p.workers >= best[p.series].workers:
            best[p.series] = p
    proc, thr, num = best.get("processes/C"), best.get("threads/C"), best.get("threads/numpy")
    if proc and thr and num:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "With the C kernel, {workers} threads ran {threads:.2f}× as fast as one thread and {workers} "
            "processes {processes:.2f}×: libprimesieve releases the GIL for the whole of each call, so the threads "
            "of one process sieve at once. The numpy sieve on {numpy_workers} threads reached {numpy:.2f}×: it is "
            "many small numpy calls with Python in between, and only one thread can run Python at a time."),
            workers=thr.workers, threads=thr.speedup, processes=proc.speedup,
            numpy_workers=num.workers, numpy=num.speedup)
    proc_np, thr_np = best.get("processes/numpy"), best.get("threads/numpy")
    if proc_np and thr_np and not thr:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "libprimesieve is not available here, so the numpy sieve ran everywhere: {workers} processes "
            "ran {processes:.2f}× as fast as one, {workers} threads {threads:.2f}×. Threads take turns at the GIL "
            "between numpy's many small calls; processes each have their own interpreter."),
            workers=thr_np.workers, processes=proc_np.speedup, threads=thr_np.speedup)
    return GIL
