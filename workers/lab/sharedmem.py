"""Experiment: the same array job on a process pool two ways — slices pickled to the workers and results
pickled back, against one shared-memory block both sides map — time and bytes moved."""

from __future__ import annotations

import pickle
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from ..arrays import attach, available_bytes, plan_ranges, shared_block
from ..jobs import QT_TRANSLATE_NOOP, Message, UserError
from ..lazy import lazy
from .base import SPAWN, Chart, Experiment, LabResult, LabRun, Series, Table, col, param, worker_name

np = lazy("numpy", __name__, "np")

COPIES = Message(QT_TRANSLATE_NOOP("Engine", "pickled copies"))
SHARED = Message(QT_TRANSLATE_NOOP("Engine", "shared memory"))

COMMENTS = (
    QT_TRANSLATE_NOOP("Engine", "the slice arrived pickled; the result goes back pickled too"),
    QT_TRANSLATE_NOOP("Engine", "attach to the block by its name: no element of the array crosses the pipe"),
    QT_TRANSLATE_NOOP("Engine", "drop the views before the block is closed"),
    QT_TRANSLATE_NOOP("Engine", "every slice is pickled, sent through a pipe and unpickled — and the result back"),
    QT_TRANSLATE_NOOP("Engine", "one block holds the input and the output; the workers get its name and a range"),
    QT_TRANSLATE_NOOP("Engine", "the block is unlinked when the `with` ends, whatever happens"),
)


@dataclass
class SharedMemParams:
    elements: int = param(8_000_000, QT_TRANSLATE_NOOP("Engine", "elements (float64)"), minimum=1000,
                          maximum=2_000_000_000)
    workers: int = param(2, QT_TRANSLATE_NOOP("Engine", "workers"), minimum=1, maximum=64)
    pieces: int = param(8, QT_TRANSLATE_NOOP("Engine", "pieces"), minimum=1, maximum=4096)

    def check(self) -> None:
        need = self.elements * 8 * 5  # the input, its copies' results, the block (input + output)
        if need > available_bytes():
            raise UserError(QT_TRANSLATE_NOOP("Engine", "{n:,} elements need about {gb:.1f} GB here; that is more "
                                                        "than the memory available now."),
                            field="elements", n=self.elements, gb=need / 1e9)


# -- the code that runs (shown in the Lab) ---------------------------------------------------------
def root_copy(part):
    start = time.perf_counter()
    # the slice arrived pickled; the result goes back pickled too
    result = np.sqrt(part)
    return result, worker_name(), start, time.perf_counter()


def root_shared(name, n, a, b):
    start = time.perf_counter()
    # attach to the block by its name: no element of the array crosses the pipe
    with attach(name) as shm:
        x = np.frombuffer(shm.buf, dtype=np.float64, count=n)
        y = np.frombuffer(shm.buf, dtype=np.float64, count=n, offset=n * 8)
        np.sqrt(x[a:b], out=y[a:b])
        del x, y  # drop the views before the block is closed
    return worker_name(), start, time.perf_counter()


def with_copies(x, ranges, pool, lab):
    # every slice is pickled, sent through a pipe and unpickled — and the result back
    futures = [pool.submit(root_copy, x[a:b]) for a, b in ranges]
    answers = [f.result() for f in futures]
    for (_, worker, start, end), (a, b) in zip(answers, ranges):
        lab.rec.add(worker, f"{a:,}…{b:,}", start, end, "copies")
    return np.concatenate([answer[0] for answer in answers])


def with_shared_memory(x, ranges, pool, lab):
    n = len(x)
    # the block is unlinked when the `with` ends, whatever happens
    with shared_block(2 * x.nbytes) as shm:
        # one block holds the input and the output; the workers get its name and a range
        np.frombuffer(shm.buf, dtype=np.float64, count=n)[:] = x
        futures = [pool.submit(root_shared, shm.name, n, a, b) for a, b in ranges]
        for f, (a, b) in zip(futures, ranges):
            worker, start, end = f.result()
            lab.rec.add(worker, f"{a:,}…{b:,}", start, end, "shared")
        y = np.frombuffer(shm.buf, dtype=np.float64, count=n, offset=n * 8)
        result = y.copy()
        del y  # drop the views before the block is closed
    return result


# -- the result ------------------------------------------------------------------------------------
@dataclass
class SharedWay:
    name: Message
    seconds: float
    bytes_pickled: int  # what crossed the pipes, measured by pickling the same arguments and results
    checksum: float  # the sum of the result: equal for both ways


@dataclass
class SharedMemResult(LabResult):
    array_bytes: int = 0
    ways: list[SharedWay] = field(default_factory=list)
    identical: bool = False

    def table(self) -> Table:
        return Table([col("way", QT_TRANSLATE_NOOP("Engine", "way")),
                      col("seconds", QT_TRANSLATE_NOOP("Engine", "seconds")),
                      col("mb", QT_TRANSLATE_NOOP("Engine", "MB pickled")),
                      col("checksum", QT_TRANSLATE_NOOP("Engine", "checksum"))],
                     [{"way": w.name, "seconds": w.seconds, "mb": w.bytes_pickled / 1e6, "checksum": w.checksum}
                      for w in self.ways])

    def chart(self) -> Chart:
        x = list(range(len(self.ways)))
        return Chart("bar", Message(QT_TRANSLATE_NOOP("Engine", "way")), Message(QT_TRANSLATE_NOOP("Engine", "seconds")),
                     [Series(QT_TRANSLATE_NOOP("Engine", "seconds"), x, [w.seconds for w in self.ways])],
                     ticks=[(i, w.name) for i, w in enumerate(self.ways)])

    def summary(self) -> list[Message]:
        lines = [Message(QT_TRANSLATE_NOOP("Engine", "{way}: {seconds:.3f} s, {mb:,.1f} MB pickled (the array is {array:,.1f} MB)"),
                         way=w.name, seconds=w.seconds, mb=w.bytes_pickled / 1e6, array=self.array_bytes / 1e6)
                 for w in self.ways]
        lines.append(Message(QT_TRANSLATE_NOOP("Engine", "Both ways computed the same result."))
                     if self.identical else Message(QT_TRANSLATE_NOOP("Engine", "The results DIFFER.")))
        return lines


def _make_input(n: int):
    return np.random.default_rng(1).random(n)


def _warm(_) -> int:
    np.zeros(1)  # import numpy in the worker before the clock starts
    time.sleep(0.02)  # and stay busy a moment, so the next one goes to another worker
    return 0


def _pickled_bytes(x, ranges, result, shm_args: bool) -> int:
    if shm_args:
        return sum(len(pickle.dumps((root_shared, ("tributary_0_0", len(x), a, b)))) +
                   len(pickle.dumps(("pid 0", 0.0, 0.0))) for a, b in ranges)
    return sum(len(pickle.dumps((root_copy, (x[a:b],)))) + len(pickle.dumps((result[a:b], "pid 0", 0.0, 0.0)))
               for a, b in ranges)


async def run(job, p: SharedMemParams) -> SharedMemResult:
    lab = LabRun(job)
    try:
        lab.variant(Message(QT_TRANSLATE_NOOP("Engine", "starting the workers")), 0, 3)
        x = await lab.blocking(_make_input, p.elements)  # 64 MB of random numbers: not on the loop
        ranges = plan_ranges(p.elements, p.pieces)
        pool = lab.track(ProcessPoolExecutor(max_workers=p.workers, mp_context=SPAWN))
        await lab.blocking(lab.warm, pool, p.workers)
        await lab.blocking(lambda: list(pool.map(_warm, range(p.workers))))
        ways = []
        for k, (name, fn) in enumerate(((COPIES, with_copies), (SHARED, with_shared_memory))):
            lab.variant(name, k + 1, 3)
            t0 = time.perf_counter()
            result = await lab.blocking(fn, x, ranges, pool, lab)
            seconds = time.perf_counter() - t0
            moved = await lab.blocking(_pickled_bytes, x, ranges, result, fn is with_shared_memory)
            checksum = await lab.blocking(lambda r=result: float(r.sum()))
            ways.append(SharedWay(name, seconds, moved, checksum))
            del result
        return SharedMemResult(array_bytes=x.nbytes, ways=ways, identical=ways[0].checksum == ways[1].checksum,
                               spans=lab.rec.spans, t0_monotonic=lab.rec.t0_monotonic)
    finally:
        await lab.close()


EXPERIMENT = Experiment(
    name="sharedmem",
    title=Message(QT_TRANSLATE_NOOP("Engine", "Shared memory vs copies")),
    params=SharedMemParams,
    run=run,
    code=(root_copy, root_shared, with_copies, with_shared_memory),
    look_for=Message(QT_TRANSLATE_NOOP("Engine", "The copies move about twice the array through pipes (there and "
                                                 "back) and most of their time is pickling; shared memory moves a "
                                                 "few hundred bytes and spends its time computing.")),
    explanation=Message(QT_TRANSLATE_NOOP("Engine", "Arguments and results of a process pool are pickled, written "
                                                    "to a pipe, read and unpickled: for a large array that is several "
                                                    "full copies and often more work than the computation itself. "
                                                    "multiprocessing.shared_memory gives a named block of memory that "
                                                    "several processes map at once; numpy views it in place with "
                                                    "np.frombuffer, so workers read and write the same bytes and only "
                                                    "the block's name and a range are pickled. The price is care: "
                                                    "every view must be dropped before close(), and the owner must "
                                                    "unlink() the block in a `finally`, or it outlives the program.")),
    comments=COMMENTS,
)
