"""Experiment: N threads add 1 to a shared counter many times, with and without a ``Lock``; then the same
with processes and ``multiprocessing.Value`` with and without its lock. A forced switch window between the
read and the write (``time.sleep(0)``) makes the race show on any machine and Python version; the updates
lost are counted as expected − final (a lost update can only make the counter smaller)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from ..jobs import QT_TRANSLATE_NOOP, Message
from .base import SPAWN, Chart, Experiment, LabResult, LabRun, Series, Table, col, param, process_name

THREADS_UNLOCKED = Message(QT_TRANSLATE_NOOP("Engine", "threads, no lock"))
THREADS_LOCKED = Message(QT_TRANSLATE_NOOP("Engine", "threads + Lock"))
PROCESSES_UNLOCKED = Message(QT_TRANSLATE_NOOP("Engine", "processes, Value without its lock"))
PROCESSES_LOCKED = Message(QT_TRANSLATE_NOOP("Engine", "processes, Value + get_lock()"))

COMMENTS = (
    QT_TRANSLATE_NOOP("Engine", "read"),
    QT_TRANSLATE_NOOP("Engine", "the switch window: another thread may run between our read and our write"),
    QT_TRANSLATE_NOOP("Engine", "write: whatever the others added meanwhile is overwritten"),
    QT_TRANSLATE_NOOP("Engine", "read, switch and write as one step: nobody gets in between"),
    QT_TRANSLATE_NOOP("Engine", "every worker starts at the same moment"),
    QT_TRANSLATE_NOOP("Engine", "each read and each write of .value takes the lock alone: the pair is not atomic"),
    QT_TRANSLATE_NOOP("Engine", "the Value's own lock held around the read and the write"),
    QT_TRANSLATE_NOOP("Engine", "when this worker ran, for the timeline"),
)


@dataclass
class LockParams:
    workers: int = param(4, QT_TRANSLATE_NOOP("Engine", "threads / processes"), minimum=2, maximum=32)
    increments: int = param(2000, QT_TRANSLATE_NOOP("Engine", "increments each"), minimum=1, maximum=1_000_000)


class Counter:
    def __init__(self) -> None:
        self.value = 0


# -- the code that runs (shown in the Lab) ---------------------------------------------------------
def add_unlocked(counter, times, start, lab):
    start.wait()  # every worker starts at the same moment
    with lab.span("+1 × {times:,}", "unlocked", times=times):
        for _ in range(times):
            if lab.stopped():
                return
            value = counter.value  # read
            time.sleep(0)  # the switch window: another thread may run between our read and our write
            counter.value = value + 1  # write: whatever the others added meanwhile is overwritten


def add_locked(counter, times, start, lab, lock):
    start.wait()  # every worker starts at the same moment
    with lab.span("+1 × {times:,}", "locked", times=times):
        for _ in range(times):
            if lab.stopped():
                return
            with lock:  # read, switch and write as one step: nobody gets in between
                value = counter.value
                time.sleep(0)
                counter.value = value + 1


def add_in_process(shared, times, start, stop, locked, clock, k):
    start.wait()  # every worker starts at the same moment
    began = time.perf_counter()
    for _ in range(times):
        if stop.is_set():
            break
        if locked:
            with shared.get_lock():  # the Value's own lock held around the read and the write
                value = shared.value
                time.sleep(0)
                shared.value = value + 1
        else:
            # each read and each write of .value takes the lock alone: the pair is not atomic
            value = shared.value
            time.sleep(0)
            shared.value = value + 1
    clock[2 * k], clock[2 * k + 1] = began, time.perf_counter()  # when this worker ran, for the timeline


def on_threads(target, counter, workers, times, lab, *extra):
    start = threading.Barrier(workers)
    threads = [threading.Thread(target=target, args=(counter, times, start, lab, *extra), name=f"lab-{k}")
               for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter.value


def on_processes(workers, times, locked, stop, lab):
    shared = SPAWN.Value("q", 0)
    start = SPAWN.Barrier(workers)
    clock = SPAWN.RawArray("d", 2 * workers)
    procs = [lab.track(SPAWN.Process(target=add_in_process, args=(shared, times, start, stop, locked, clock, k),
                                     name=f"lab-{k}")) for k in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    for k, p in enumerate(procs):
        if clock[2 * k + 1]:
            lab.rec.add(process_name(p.pid), "+1 × {times:,}", clock[2 * k], clock[2 * k + 1],
                        "locked" if locked else "unlocked", times=times)
    return shared.value


# -- the result ------------------------------------------------------------------------------------
@dataclass
class LockWay:
    name: Message
    locked: bool
    expected: int
    final: int
    lost: int  # expected − final: updates overwritten by another worker (never negative)
    seconds: float


@dataclass
class LockResult(LabResult):
    ways: list[LockWay] = field(default_factory=list)

    def table(self) -> Table:
        return Table([col("way", QT_TRANSLATE_NOOP("Engine", "way")),
                      col("expected", QT_TRANSLATE_NOOP("Engine", "expected")),
                      col("final", QT_TRANSLATE_NOOP("Engine", "final count")),
                      col("lost", QT_TRANSLATE_NOOP("Engine", "lost updates")),
                      col("seconds", QT_TRANSLATE_NOOP("Engine", "seconds"))],
                     [{"way": w.name, "expected": w.expected, "final": w.final, "lost": w.lost, "seconds": w.seconds}
                      for w in self.ways])

    def chart(self) -> Chart:
        x = list(range(len(self.ways)))
        return Chart("bar", Message(QT_TRANSLATE_NOOP("Engine", "way")),
                     Message(QT_TRANSLATE_NOOP("Engine", "lost updates")),
                     [Series(QT_TRANSLATE_NOOP("Engine", "lost updates"), x, [w.lost for w in self.ways])],
                     ticks=[(i, w.name) for i, w in enumerate(self.ways)])

    def summary(self) -> list[Message]:
        return [Message(QT_TRANSLATE_NOOP("Engine", "{way}: {final:,} of {expected:,}, {lost:,} updates lost "
                                                    "({share:.1%}), {seconds:.3f} s"),
                        way=w.name, final=w.final, expected=w.expected, lost=w.lost,
                        share=w.lost / w.expected if w.expected else 0.0, seconds=w.seconds) for w in self.ways]


async def run(job, p: LockParams) -> LockResult:
    lab = LabRun(job)
    stop = SPAWN.Event()  # the processes' cancel flag (threads read the run's own)
    job.token.on_cancel(stop.set)
    expected = p.workers * p.increments
    plan = [(THREADS_UNLOCKED, False, lambda: lab.blocking(on_threads, add_unlocked, Counter(), p.workers,
                                                            p.increments, lab)),
            (THREADS_LOCKED, True, lambda: lab.blocking(on_threads, add_locked, Counter(), p.workers,
                                                         p.increments, lab, threading.Lock())),
            (PROCESSES_UNLOCKED, False, lambda: lab.blocking(on_processes, p.workers, p.increments, False, stop, lab)),
            (PROCESSES_LOCKED, True, lambda: lab.blocking(on_processes, p.workers, p.increments, True, stop, lab))]
    try:
        ways = []
        for k, (name, locked, start) in enumerate(plan):
            lab.variant(name, k, len(plan))
            t0 = time.perf_counter()
            final = await start()
            lab.check()  # a cancelled run's counts are partial: not a result
            lost = expected - final
            if lost < 0:  # pragma: no cover - a counter cannot gain updates; this would be a bug here
                raise RuntimeError(f"{name}: the counter went past {expected}: {final}")
            ways.append(LockWay(name, locked, expected, final, lost, time.perf_counter() - t0))
        return LockResult(ways=ways, spans=lab.rec.spans, t0_monotonic=lab.rec.t0_monotonic)
    finally:
        stop.set()
        await lab.close()


EXPERIMENT = Experiment(
    name="lock",
    title=Message(QT_TRANSLATE_NOOP("Engine", "The lock")),
    params=LockParams,
    run=run,
    code=(add_unlocked, add_locked, add_in_process, on_threads, on_processes),
    look_for=Message(QT_TRANSLATE_NOOP("Engine", "Without a lock most updates are lost, on threads and on "
                                                 "processes alike; with it the count is exact — and slower, since "
                                                 "the workers now take turns.")),
    explanation=Message(QT_TRANSLATE_NOOP("Engine", "counter += 1 is a read, an add and a write. If another "
                                                    "worker runs between the read and the write, both write the same "
                                                    "value and one update is lost. The GIL does not prevent this: it "
                                                    "only makes each bytecode step atomic, and a switch can come "
                                                    "between the steps (the time.sleep(0) here forces one, so the race "
                                                    "shows every time instead of once in a while). A Lock makes the "
                                                    "read-modify-write one step. multiprocessing.Value has a lock of "
                                                    "its own, but .value takes it for each read and each write "
                                                    "separately; += on it still loses updates unless you hold "
                                                    "get_lock() around the whole step.")),
    comments=COMMENTS,
)
