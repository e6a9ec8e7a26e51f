"""Experiment: a deadline around a gather of long tasks — ``wait_for``, ``asyncio.timeout`` and
``asyncio.wait`` — how many tasks were cancelled, that their cleanup ran, how long cancelling took."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from ..jobs import QT_TRANSLATE_NOOP, Message, UserError
from .base import Chart, Experiment, LabResult, LabRun, Series, Table, col, param
from .failures import Tracker

WAIT_FOR = Message(QT_TRANSLATE_NOOP("Engine", "wait_for(gather(...))"))
TIMEOUT = Message(QT_TRANSLATE_NOOP("Engine", "async with timeout()"))
WAIT = Message(QT_TRANSLATE_NOOP("Engine", "wait(timeout=...) + cancel"))

COMMENTS = (
    QT_TRANSLATE_NOOP("Engine", "runs whether the task finished or was cancelled: close what it opened"),
    QT_TRANSLATE_NOOP("Engine", "on timeout, wait_for cancels the gather, which cancels every task still running,"),
    QT_TRANSLATE_NOOP("Engine", "and returns only after their cleanup has run; the results of finished tasks are lost"),
    QT_TRANSLATE_NOOP("Engine", "the same deadline as a block (Python 3.11): it cancels whatever the block awaits"),
    QT_TRANSLATE_NOOP("Engine", "asyncio.wait cancels nothing: it tells us which tasks are still pending"),
    QT_TRANSLATE_NOOP("Engine", "wait for the cancelled tasks to run their cleanup; keep what finished in time"),
    QT_TRANSLATE_NOOP("Engine", "a task's cleanup takes a little time too (an await in `finally`)"),
)


@dataclass
class TimeoutsParams:
    tasks: int = param(8, QT_TRANSLATE_NOOP("Engine", "tasks"), minimum=1, maximum=256)
    shortest_ms: int = param(100, QT_TRANSLATE_NOOP("Engine", "shortest task (ms)"), minimum=0, maximum=60000)
    longest_ms: int = param(3000, QT_TRANSLATE_NOOP("Engine", "longest task (ms)"), minimum=1, maximum=60000)
    timeout_ms: int = param(500, QT_TRANSLATE_NOOP("Engine", "timeout (ms)"), minimum=1, maximum=60000)
    cleanup_ms: int = param(30, QT_TRANSLATE_NOOP("Engine", "cleanup per task (ms)"), minimum=0, maximum=5000)

    def check(self) -> None:
        if self.shortest_ms > self.longest_ms:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The shortest task cannot take longer than the longest."),
                            field="shortest_ms")

    def seconds(self, i: int) -> float:
        """Task ``i`` takes from the shortest to the longest time, evenly spread."""
        step = (self.longest_ms - self.shortest_ms) / max(1, self.tasks - 1)
        return (self.shortest_ms + i * step) / 1000


# -- the code that runs (shown in the Lab) ---------------------------------------------------------
async def long_task(i, seconds, cleanup, tracker, cleaned):
    with tracker.task(i):
        try:
            await asyncio.sleep(seconds)
            return i
        finally:
            # runs whether the task finished or was cancelled: close what it opened
            # a task's cleanup takes a little time too (an await in `finally`)
            await asyncio.sleep(cleanup)
            cleaned.append(i)


async def with_wait_for(coros, timeout):
    # on timeout, wait_for cancels the gather, which cancels every task still running,
    # and returns only after their cleanup has run; the results of finished tasks are lost
    return await asyncio.wait_for(asyncio.gather(*coros), timeout)


async def with_timeout(coros, timeout):
    # the same deadline as a block (Python 3.11): it cancels whatever the block awaits
    async with asyncio.timeout(timeout):
        return await asyncio.gather(*coros)


async def with_wait(coros, timeout):
    tasks = [asyncio.create_task(c) for c in coros]
    # asyncio.wait cancels nothing: it tells us which tasks are still pending
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    # wait for the cancelled tasks to run their cleanup; keep what finished in time
    await asyncio.gather(*pending, return_exceptions=True)
    return [task.result() for task in tasks if task in done]


# -- the result ------------------------------------------------------------------------------------
@dataclass
class TimeoutWay:
    name: Message
    got: str  # what the caller got, as Python shows it: TimeoutError, or the list of the results kept
    kept: int  # results the caller has in hand
    done: int  # tasks that finished before the deadline
    cancelled: int
    cleaned: int  # tasks whose cleanup (the `finally`) ran — every one, finished or cancelled
    cleaned_cancelled: int  # of those, the cancelled ones
    deadline_to_return: float  # seconds from the deadline until the caller had control again
    returned_after: float  # seconds from the start until the caller had control again


@dataclass
class TimeoutsResult(LabResult):
    tasks: int = 0
    ways: list[TimeoutWay] = field(default_factory=list)

    def table(self) -> Table:
        return Table([col("way", QT_TRANSLATE_NOOP("Engine", "way")),
                      col("got", QT_TRANSLATE_NOOP("Engine", "the caller got")),
                      col("kept", QT_TRANSLATE_NOOP("Engine", "results kept")),
                      col("done", QT_TRANSLATE_NOOP("Engine", "done in time")),
                      col("cancelled", QT_TRANSLATE_NOOP("Engine", "cancelled")),
                      col("cleaned", QT_TRANSLATE_NOOP("Engine", "cleanup ran")),
                      col("cancel_ms", QT_TRANSLATE_NOOP("Engine", "deadline → control back (ms)"))],
                     [{"way": w.name, "got": w.got, "kept": w.kept, "done": w.done, "cancelled": w.cancelled,
                       "cleaned": w.cleaned, "cancel_ms": w.deadline_to_return * 1000} for w in self.ways])

    def chart(self) -> Chart:
        x = list(range(len(self.ways)))
        return Chart("bar", Message(QT_TRANSLATE_NOOP("Engine", "way")), Message(QT_TRANSLATE_NOOP("Engine", "tasks")),
                     [Series(QT_TRANSLATE_NOOP("Engine", "done in time"), x, [w.done for w in self.ways]),
                      Series(QT_TRANSLATE_NOOP("Engine", "cancelled"), x, [w.cancelled for w in self.ways]),
                      Series(QT_TRANSLATE_NOOP("Engine", "results kept"), x, [w.kept for w in self.ways]),
                      Series(QT_TRANSLATE_NOOP("Engine", "cleanup ran"), x, [w.cleaned for w in self.ways])],
                     ticks=[(i, w.name) for i, w in enumerate(self.ways)])

    def verbatim(self) -> list[str]:
        return [w.got for w in self.ways]

    def summary(self) -> list[Message]:
        return [Message(QT_TRANSLATE_NOOP("Engine", "{way}: {done} of {tasks} done in time, {cancelled} cancelled, "
                                                    "cleanup ran in {cleaned}; the caller got {got} and had control "
                                                    "back {ms:.1f} ms after the deadline."),
                        way=w.name, done=w.done, tasks=self.tasks, cancelled=w.cancelled, cleaned=w.cleaned, got=w.got,
                        ms=w.deadline_to_return * 1000) for w in self.ways]


async def one_way(name: Message, fn, p: TimeoutsParams, lab: LabRun, trackers: list) -> TimeoutWay:
    tracker = Tracker(lab, p.tasks)
    trackers.append(tracker)
    cleaned: list[int] = []
    coros = [long_task(i, p.seconds(i), p.cleanup_ms / 1000, tracker, cleaned) for i in range(p.tasks)]
    t0 = time.perf_counter()
    way = asyncio.ensure_future(fn(coros, p.timeout_ms / 1000))
    try:
        value = await asyncio.shield(way)
        got, kept = repr(value), len(value)  # what Python gives the caller, as it shows it
    except TimeoutError as exc:
        got, kept = type(exc).__name__, 0
    except asyncio.CancelledError:
        # the run was cancelled: end the tasks themselves, so the way ends with them (cancelling wait_for from
        # outside leaves its gather's error unretrieved on Python 3.11, and asyncio would log it)
        for task in tracker.tasks:
            task.cancel()
        await asyncio.wait([way])
        if not way.cancelled():
            way.exception()
        raise
    back = time.perf_counter()
    counts = tracker.counts()
    cancelled_ids = [i for i, s in enumerate(tracker.states) if s == "cancelled"]
    return TimeoutWay(name, got, kept, counts["done"], counts["cancelled"], len(cleaned),
                      sum(1 for i in cleaned if i in cancelled_ids),
                      back - (t0 + p.timeout_ms / 1000), back - t0)


async def run(job, p: TimeoutsParams) -> TimeoutsResult:
    lab = LabRun(job)
    trackers: list[Tracker] = []
    plan = [(WAIT_FOR, with_wait_for), (TIMEOUT, with_timeout), (WAIT, with_wait)]
    try:
        ways = []
        for k, (name, fn) in enumerate(plan):
            lab.variant(name, k, len(plan))
            ways.append(await one_way(name, fn, p, lab, trackers))
        return TimeoutsResult(tasks=p.tasks, ways=ways, spans=lab.rec.spans, t0_monotonic=lab.rec.t0_monotonic)
    finally:
        leftovers = [t for tracker in trackers for t in tracker.unfinished()]
        for task in leftovers:
            task.cancel()
        if leftovers:
            await asyncio.gather(*leftovers, return_exceptions=True)
        await lab.close()


EXPERIMENT = Experiment(
    name="timeouts",
    title=Message(QT_TRANSLATE_NOOP("Engine", "Timeouts and cancellation")),
    params=TimeoutsParams,
    run=run,
    code=(long_task, with_wait_for, with_timeout, with_wait),
    look_for=Message(QT_TRANSLATE_NOOP("Engine", "Every cancelled task still runs its cleanup, and control comes "
                                                 "back only after it did (the cleanup time past the deadline); "
                                                 "only asyncio.wait keeps the results that were ready in time.")),
    explanation=Message(QT_TRANSLATE_NOOP("Engine", "Cancelling a task raises CancelledError at the await where "
                                                    "it is waiting; its `finally` blocks and `async with` exits still "
                                                    "run, and may even await. wait_for and asyncio.timeout cancel what "
                                                    "they wrap when the deadline passes and give control back only "
                                                    "once it has finished unwinding, then raise TimeoutError — so the "
                                                    "gather's finished results are lost with it. asyncio.wait with a "
                                                    "timeout cancels nothing: it returns the done and the pending "
                                                    "tasks, and cancelling the pending ones is your job (and then "
                                                    "awaiting them, so their cleanup runs before you go on).")),
    comments=COMMENTS,
)
