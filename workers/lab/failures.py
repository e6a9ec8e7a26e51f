"""Experiment: one task of N fails — ``gather`` as is, ``gather(return_exceptions=True)`` and ``TaskGroup``:
what the caller gets, when, and what happens to the other tasks."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from .. import timeline
from ..jobs import QT_TRANSLATE_NOOP, Message, UserError
from .base import Chart, Experiment, LabResult, LabRun, Series, Table, col, param

GATHER = Message(QT_TRANSLATE_NOOP("Engine", "gather"))
RETURN_EXCEPTIONS = Message(QT_TRANSLATE_NOOP("Engine", "gather(return_exceptions=True)"))
TASK_GROUP = Message(QT_TRANSLATE_NOOP("Engine", "TaskGroup"))
STATES = ("done", "running", "cancelled", "failed")
STATE_NAMES = {"done": Message(QT_TRANSLATE_NOOP("Engine", "done")),
               "cancelled": Message(QT_TRANSLATE_NOOP("Engine", "cancelled")),
               "failed": Message(QT_TRANSLATE_NOOP("Engine", "failed"))}
TASK_LABEL = QT_TRANSLATE_NOOP("Engine", "task {i}: {state}")  # a task's span on the timeline

COMMENTS = (
    QT_TRANSLATE_NOOP("Engine", "every task sleeps (it stands for I/O); one of them fails part-way"),
    QT_TRANSLATE_NOOP("Engine", "the first exception is raised here at once; the other tasks are NOT cancelled"),
    QT_TRANSLATE_NOOP("Engine", "waits for every task; an exception comes back as a value in the list"),
    QT_TRANSLATE_NOOP("Engine", "the first failure cancels the other tasks; we get an ExceptionGroup"),
    QT_TRANSLATE_NOOP("Engine", "records when the task ran and how it ended"),
)


@dataclass
class FailuresParams:
    tasks: int = param(6, QT_TRANSLATE_NOOP("Engine", "tasks"), minimum=2, maximum=64)
    fail_index: int = param(2, QT_TRANSLATE_NOOP("Engine", "failing task"), minimum=0, maximum=63)
    fail_ms: int = param(100, QT_TRANSLATE_NOOP("Engine", "fails after (ms)"), minimum=0, maximum=10000)
    task_ms: int = param(400, QT_TRANSLATE_NOOP("Engine", "other tasks take (ms)"), minimum=1, maximum=10000)

    def check(self) -> None:
        if self.fail_index >= self.tasks:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The failing task must be one of the {n} tasks (0 to {last})."),
                            field="fail_index", n=self.tasks, last=self.tasks - 1)


class Tracker:
    """Where each task is (running, done, failed, cancelled), with a span per task."""

    def __init__(self, lab: LabRun, count: int) -> None:
        self.lab = lab
        self.states = ["not started"] * count
        self.ended_at: list[float | None] = [None] * count
        self.tasks: list[asyncio.Task] = []

    def task(self, i: int) -> _Tracked:
        return _Tracked(self, i)

    def counts(self) -> dict[str, int]:
        return {s: self.states.count(s) for s in STATES}

    def unfinished(self) -> list[asyncio.Task]:
        return [t for t in self.tasks if not t.done()]


class _Tracked:
    def __init__(self, tracker: Tracker, i: int) -> None:
        self.tracker, self.i = tracker, i

    def __enter__(self) -> None:
        self.tracker.states[self.i] = "running"
        self.tracker.tasks.append(asyncio.current_task())
        self.span = self.tracker.lab.rec.begin(Message(timeline.TASK_LANE, n=self.i), TASK_LABEL, timeline.RUNNING,
                                               i=self.i, state=Message(timeline.RUNNING))

    def __exit__(self, kind, exc, tb) -> bool:
        state = "done" if kind is None else "cancelled" if issubclass(kind, asyncio.CancelledError) else "failed"
        end = time.perf_counter()
        self.tracker.states[self.i] = state
        self.tracker.ended_at[self.i] = end
        self.tracker.lab.rec.end(self.span, state, state=STATE_NAMES[state])
        return False


# -- the code that runs (shown in the Lab) ---------------------------------------------------------
async def work(i, p, tracker):
    with tracker.task(i):  # records when the task ran and how it ended
        # every task sleeps (it stands for I/O); one of them fails part-way
        if i == p.fail_index:
            await asyncio.sleep(p.fail_ms / 1000)
            raise ValueError(f"task {i} failed")
        await asyncio.sleep(p.task_ms / 1000)
        return i * 10


async def gather_default(coros):
    # the first exception is raised here at once; the other tasks are NOT cancelled
    return await asyncio.gather(*coros)


async def gather_return_exceptions(coros):
    # waits for every task; an exception comes back as a value in the list
    return await asyncio.gather(*coros, return_exceptions=True)


async def task_group(coros):
    # the first failure cancels the other tasks; we get an ExceptionGroup
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(c) for c in coros]
    return [t.result() for t in tasks]


# -- the result ------------------------------------------------------------------------------------
@dataclass
class FailureWay:
    name: Message
    raised: bool  # the caller got an exception (not a value)
    got: str  # what the caller got, as Python shows it
    results: int | None  # the length of the list it got, when it got one
    exceptions_in_results: int | None  # how many of those values are exceptions
    resumed_after: float  # seconds until the caller had its answer
    at_resume: dict[str, int]  # the tasks' states when the caller resumed
    final: dict[str, int]  # their states once everything had ended
    finished_later: int  # tasks that went on and finished after the caller resumed


@dataclass
class FailuresResult(LabResult):
    ways: list[FailureWay] = field(default_factory=list)

    def table(self) -> Table:
        return Table([col("way", QT_TRANSLATE_NOOP("Engine", "way")),
                      col("got", QT_TRANSLATE_NOOP("Engine", "the caller got")),
                      col("after", QT_TRANSLATE_NOOP("Engine", "after (s)")),
                      col("done", QT_TRANSLATE_NOOP("Engine", "done")),
                      col("running", QT_TRANSLATE_NOOP("Engine", "still running")),
                      col("cancelled", QT_TRANSLATE_NOOP("Engine", "cancelled")),
                      col("failed", QT_TRANSLATE_NOOP("Engine", "failed")),
                      col("later", QT_TRANSLATE_NOOP("Engine", "finished unobserved"))],
                     [{"way": w.name, "got": w.got, "after": w.resumed_after, **w.at_resume,
                       "later": w.finished_later} for w in self.ways])

    def chart(self) -> Chart:
        x = list(range(len(self.ways)))
        names = {"done": QT_TRANSLATE_NOOP("Engine", "done"), "running": QT_TRANSLATE_NOOP("Engine", "still running"),
                 "cancelled": QT_TRANSLATE_NOOP("Engine", "cancelled"), "failed": QT_TRANSLATE_NOOP("Engine", "failed")}
        return Chart("bar", Message(QT_TRANSLATE_NOOP("Engine", "way")),
                     Message(QT_TRANSLATE_NOOP("Engine", "tasks when the caller resumed")),
                     [Series(names[s], x, [w.at_resume[s] for w in self.ways]) for s in STATES],
                     ticks=[(i, w.name) for i, w in enumerate(self.ways)])

    def verbatim(self) -> list[str]:
        return [w.got for w in self.ways]

    def summary(self) -> list[Message]:
        out = []
        for w in self.ways:
            out.append(Message(QT_TRANSLATE_NOOP("Engine", "{way}: after {after:.3f} s the caller got {got}; then "
                                                           "{done} done, {running} still running, {cancelled} "
                                                           "cancelled, {failed} failed; {later} finished unobserved "
                                                           "afterwards."),
                               way=w.name, after=w.resumed_after, got=w.got, later=w.finished_later, **w.at_resume))
        return out


def _describe(value) -> str:
    if isinstance(value, BaseExceptionGroup):
        return f"{type(value).__name__}: {value} {list(value.exceptions)!r}"
    if isinstance(value, BaseException):
        return f"{type(value).__name__}: {value}"
    return repr(value)


async def one_way(name: Message, fn, p: FailuresParams, lab: LabRun, trackers: list[Tracker]) -> FailureWay:
    tracker = Tracker(lab, p.tasks)
    trackers.append(tracker)
    coros = [work(i, p, tracker) for i in range(p.tasks)]
    t0 = time.perf_counter()
    value = None
    try:
        value = await fn(coros)
        raised = False
        got = _describe(value)
    except Exception as exc:  # what the caller gets is the point of the experiment
        raised = True
        got = _describe(exc)
    resumed = time.perf_counter()
    at_resume = tracker.counts()
    leftovers = tracker.unfinished()
    if leftovers:  # nobody awaits them any more; they run on, unobserved — wait for them to end here
        await asyncio.wait(leftovers)
    later = sum(1 for t in tracker.ended_at if t is not None and t > resumed)
    results = len(value) if isinstance(value, list) else None
    errors = sum(isinstance(v, BaseException) for v in value) if isinstance(value, list) else None
    return FailureWay(name, raised, got, results, errors, resumed - t0, at_resume, tracker.counts(), later)


async def run(job, p: FailuresParams) -> FailuresResult:
    lab = LabRun(job)
    trackers: list[Tracker] = []
    plan = [(GATHER, gather_default), (RETURN_EXCEPTIONS, gather_return_exceptions), (TASK_GROUP, task_group)]
    try:
        ways = []
        for k, (name, fn) in enumerate(plan):
            lab.variant(name, k, len(plan))
            ways.append(await one_way(name, fn, p, lab, trackers))
        return FailuresResult(ways=ways, spans=lab.rec.spans, t0_monotonic=lab.rec.t0_monotonic)
    finally:
        leftovers = [t for tracker in trackers for t in tracker.unfinished()]
        for task in leftovers:
            task.cancel()
        if leftovers:
            await asyncio.gather(*leftovers, return_exceptions=True)
        await lab.close()


EXPERIMENT = Experiment(
    name="failures",
    title=Message(QT_TRANSLATE_NOOP("Engine", "When one task fails")),
    params=FailuresParams,
    run=run,
    code=(work, gather_default, gather_return_exceptions, task_group),
    look_for=Message(QT_TRANSLATE_NOOP("Engine", "gather hands you the exception early while the other tasks run "
                                                 "on unobserved; return_exceptions=True waits for all and gives N "
                                                 "values, one of them the exception; TaskGroup cancels the rest.")),
    explanation=Message(QT_TRANSLATE_NOOP("Engine", "asyncio.gather raises the first exception as soon as it "
                                                    "happens, but it does not cancel the other tasks: they keep "
                                                    "running, and their results and errors are lost unless you keep "
                                                    "the tasks. With return_exceptions=True, gather waits for every "
                                                    "task and returns one value per task, exceptions included, so one "
                                                    "failure never hides the others' work — Tributary's job runner "
                                                    "works this way. TaskGroup (Python 3.11) takes the opposite "
                                                    "view: the group succeeds or fails as a whole, so the first "
                                                    "failure cancels the siblings and you get an ExceptionGroup.")),
    comments=COMMENTS,
)
