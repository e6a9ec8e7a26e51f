"""Experiment: CPU work on one thread, on threads with a Python kernel (the GIL: no speed-up), on threads with
a C kernel (the GIL is released: speed-up) and on processes; and the classic mistake — a lambda sent to a
process pool — run for real, with the pickling error Python gives and the fix.

The C kernel is libprimesieve's ``primesieve_count_primes`` called through :mod:`ctypes`: a function of a
``ctypes.CDLL`` library runs with the GIL released ("The Python global interpreter lock is released before
calling any function exported by these libraries", the ctypes documentation), and the call does all its
work in C, so threads run it truly in parallel. (numpy's many small calls or ``hashlib`` on small buffers
would hold the GIL between calls and blur the lesson.)

The whole measurement (:func:`measure`) runs in a helper process of its own (:mod:`.helper`): threads with
the Python kernel hold the GIL of the interpreter they run in, and in the window's own process its GUI
thread would wait for it. Each piece's span and each variant's progress come back to the caller as they
happen; the result is the same, measured there.
"""

from __future__ import annotations

import ctypes
import functools
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

from ..jobs import QT_TRANSLATE_NOOP, Message
from .base import SPAWN, Chart, Experiment, LabResult, LabRun, Series, Table, col, param, worker_name
from .helper import Helper

ONE = Message(QT_TRANSLATE_NOOP("Engine", "one thread"))
THREADS = Message(QT_TRANSLATE_NOOP("Engine", "threads"))
PROCESSES = Message(QT_TRANSLATE_NOOP("Engine", "processes"))
PYTHON, C = "Python", "C"
LIBRARY = "libprimesieve.so.11"

COMMENTS = (
    QT_TRANSLATE_NOOP("Engine", "pure Python: every step of this loop holds the GIL"),
    QT_TRANSLATE_NOOP("Engine", "one call into C through ctypes: the GIL is released for all of it"),
    QT_TRANSLATE_NOOP("Engine", "the baseline: every chunk in turn, on one thread"),
    QT_TRANSLATE_NOOP("Engine", "the threads share one interpreter: only one of them runs Python at a time"),
    QT_TRANSLATE_NOOP("Engine", "each worker is a fresh interpreter with its own GIL (spawn: nothing is inherited)"),
    QT_TRANSLATE_NOOP("Engine", "wait until every worker has started: start-up is not the work measured"),
    QT_TRANSLATE_NOOP("Engine", "map pickles the function (by its name) and every chunk to the workers"),
    QT_TRANSLATE_NOOP("Engine", "a lambda has no importable name, so it cannot be pickled to a worker process"),
    QT_TRANSLATE_NOOP("Engine", "the real error, as Python raised it"),
    QT_TRANSLATE_NOOP("Engine", "the fix: a module-level function pickles by its name, and the worker imports it"),
)


@dataclass
class CpuParams:
    workers: tuple = param((1, 2, 4), QT_TRANSLATE_NOOP("Engine", "workers"), minimum=1, maximum=64,
                           help=QT_TRANSLATE_NOOP("Engine", "Comma-separated worker counts to try"))
    python_limit: int = param(300_000, QT_TRANSLATE_NOOP("Engine", "Python kernel: primes below"),
                              minimum=1000, maximum=50_000_000)
    c_limit: int = param(10**10, QT_TRANSLATE_NOOP("Engine", "C kernel: primes below"), minimum=1000,
                         maximum=10**13)
    chunks: int = param(64, QT_TRANSLATE_NOOP("Engine", "chunks"), minimum=1, maximum=10000)


@dataclass
class Piece:
    """One chunk's answer and where and when it was computed (for the timeline)."""

    count: int
    worker: str
    start: float
    end: float
    label: str
    pid: int = field(default_factory=os.getpid)  # the process that computed it


@lru_cache(maxsize=1)
def primesieve():
    """libprimesieve through ctypes, one thread per call (its own threading would blur the lesson)."""
    lib = ctypes.CDLL(LIBRARY)
    lib.primesieve_count_primes.restype = ctypes.c_uint64
    lib.primesieve_count_primes.argtypes = (ctypes.c_uint64, ctypes.c_uint64)
    lib.primesieve_set_num_threads.argtypes = (ctypes.c_int,)
    lib.primesieve_set_num_threads(1)
    lib.primesieve_version.restype = ctypes.c_char_p
    return lib


def c_kernel_name() -> str:
    """``libprimesieve VERSION`` when the library loads here, else ``""``."""
    try:
        return f"libprimesieve {primesieve().primesieve_version().decode()} (ctypes)"
    except OSError:
        return ""


# -- the code that runs (shown in the Lab) ---------------------------------------------------------
def is_prime(n):
    if n < 2:
        return n == 2
    if n % 2 == 0:
        return n == 2
    f = 3
    while f * f <= n:
        if n % f == 0:
            return False
        f += 2
    return True


def count_python(chunk):
    lo, hi = chunk
    start = time.perf_counter()
    # pure Python: every step of this loop holds the GIL
    count = sum(1 for n in range(lo, hi) if is_prime(n))
    return Piece(count, worker_name(), start, time.perf_counter(), f"{lo:,}…{hi:,}")


def count_c(chunk):
    lo, hi = chunk
    start = time.perf_counter()
    # one call into C through ctypes: the GIL is released for all of it
    count = primesieve().primesieve_count_primes(lo, hi - 1)
    return Piece(count, worker_name(), start, time.perf_counter(), f"{lo:,}…{hi:,}")


def one_thread(kernel, chunks, lab):
    pieces = []
    for chunk in chunks:
        lab.check()
        # the baseline: every chunk in turn, on one thread
        pieces.append(kernel(chunk))
    return pieces


def threads(kernel, chunks, workers, lab):
    with lab.track(ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lab")) as pool:
        # the threads share one interpreter: only one of them runs Python at a time
        return list(pool.map(kernel, chunks))


def processes(kernel, chunks, workers, lab):
    # each worker is a fresh interpreter with its own GIL (spawn: nothing is inherited)
    with lab.track(ProcessPoolExecutor(max_workers=workers, mp_context=SPAWN)) as pool:
        lab.warm(pool, workers)  # wait until every worker has started: start-up is not the work measured
        # map pickles the function (by its name) and every chunk to the workers
        return list(pool.map(kernel, chunks))


def the_lambda_mistake(chunks, lab):
    with lab.track(ProcessPoolExecutor(max_workers=1, mp_context=SPAWN)) as pool:
        try:
            # a lambda has no importable name, so it cannot be pickled to a worker process
            return list(pool.map(lambda chunk: count_python(chunk), chunks))
        except Exception as error:  # the real error, as Python raised it
            return error


def the_fix(chunks, lab):
    with lab.track(ProcessPoolExecutor(max_workers=1, mp_context=SPAWN)) as pool:
        # the fix: a module-level function pickles by its name, and the worker imports it
        return list(pool.map(count_python, chunks))


# -- the result ------------------------------------------------------------------------------------
@dataclass
class CpuRun:
    way: Message
    kernel: str  # Python or C
    workers: int
    seconds: float  # wall time, start-up of processes included
    compute_seconds: float  # from the first chunk's start to the last chunk's end
    speedup: float  # the one-thread compute time of the same kernel over this one
    count: int
    pids: list[int] = field(default_factory=list)  # the processes its chunks ran in


@dataclass
class CpuResult(LabResult):
    runs: list[CpuRun] = field(default_factory=list)
    c_kernel: str = ""  # which C kernel ran ("" when libprimesieve is missing: the C rows are skipped)
    counts_agree: bool = False  # every run of a kernel found the same count, and the two kernels agree
    lambda_error_type: str = ""
    lambda_error: str = ""
    fix_count: int = 0
    helper_pid: int = 0  # the process that measured it all: a helper, not the caller (whose GIL stays free)

    def table(self) -> Table:
        return Table([col("way", QT_TRANSLATE_NOOP("Engine", "way")),
                      col("kernel", QT_TRANSLATE_NOOP("Engine", "kernel")),
                      col("workers", QT_TRANSLATE_NOOP("Engine", "workers")),
                      col("seconds", QT_TRANSLATE_NOOP("Engine", "seconds")),
                      col("compute", QT_TRANSLATE_NOOP("Engine", "compute seconds")),
                      col("speedup", QT_TRANSLATE_NOOP("Engine", "speed-up")),
                      col("count", QT_TRANSLATE_NOOP("Engine", "primes"))],
                     [{"way": r.way, "kernel": r.kernel, "workers": r.workers, "seconds": r.seconds,
                       "compute": r.compute_seconds, "speedup": r.speedup, "count": r.count} for r in self.runs])

    def chart(self) -> Chart:
        series = []
        for way in (THREADS, PROCESSES):
            for kernel in (PYTHON, C):
                runs = [r for r in self.runs if r.way == way and r.kernel == kernel]
                if runs:
                    series.append(Series(Message(QT_TRANSLATE_NOOP("Engine", "{way} · {kernel} kernel"), way=way,
                                                 kernel=kernel), [r.workers for r in runs], [r.speedup for r in runs]))
        return Chart("line", Message(QT_TRANSLATE_NOOP("Engine", "workers")),
                     Message(QT_TRANSLATE_NOOP("Engine", "speed-up over one thread")), series)

    def verbatim(self) -> list[str]:
        return [self.lambda_error_type, self.lambda_error]

    def summary(self) -> list[Message]:
        lines = [Message(QT_TRANSLATE_NOOP("Engine", "{way} ×{workers}, {kernel} kernel: {seconds:.3f} s "
                                                     "(compute {compute:.3f} s), speed-up {speedup:.2f}×"),
                         way=r.way, kernel=r.kernel, workers=r.workers, seconds=r.seconds,
                         compute=r.compute_seconds, speedup=r.speedup) for r in self.runs]
        if not self.c_kernel:
            lines.append(Message(QT_TRANSLATE_NOOP("Engine", "The C kernel was skipped: {library} is not installed "
                                                             "(Debian: libprimesieve11)."), library=LIBRARY))
        lines.append(Message(QT_TRANSLATE_NOOP("Engine", "The lambda on a process pool failed with {type}: {error}"),
                             type=self.lambda_error_type, error=self.lambda_error))
        lines.append(Message(QT_TRANSLATE_NOOP("Engine", "With a module-level function instead it counted {count:,} primes."),
                             count=self.fix_count))
        return lines


def split(limit: int, parts: int) -> list[tuple[int, int]]:
    edges = [limit * k // parts for k in range(parts + 1)]
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


def plan(p: CpuParams, with_c: bool) -> list[tuple[Message, str, int]]:
    steps = [(ONE, PYTHON, 1)] + [(THREADS, PYTHON, k) for k in p.workers] + [(PROCESSES, PYTHON, k) for k in p.workers]
    if with_c:
        steps += [(ONE, C, 1)] + [(THREADS, C, k) for k in p.workers]
    return steps


def measure(lab, p: CpuParams) -> CpuResult:
    """Every variant, the lambda mistake and the fix, in the helper process (``lab``: its
    :class:`~.helper.HelperLab`); each piece's span goes to the caller as soon as it is known."""
    c_name = c_kernel_name()
    steps = plan(p, bool(c_name))
    chunks = {PYTHON: split(p.python_limit, p.chunks), C: split(p.c_limit, p.chunks)}
    kernels = {PYTHON: count_python, C: count_c}
    runs: list[CpuRun] = []
    base: dict[str, float] = {}
    for k, (way, kernel, workers) in enumerate(steps):
        lab.variant(Message(QT_TRANSLATE_NOOP("Engine", "{way} ×{workers}, {kernel} kernel"), way=way,
                            workers=workers, kernel=kernel), k, len(steps) + 1)
        live = functools.partial(_shown, kernels[kernel], lab, kernel)  # on threads: each piece as it ends
        t0 = time.perf_counter()
        if way is ONE:
            pieces = one_thread(live, chunks[kernel], lab)
        elif way is THREADS:
            pieces = threads(live, chunks[kernel], workers, lab)
        else:
            pieces = processes(kernels[kernel], chunks[kernel], workers, lab)
            for piece in pieces:
                lab.add(piece.worker, piece.label, piece.start, piece.end, kernel)
        seconds = time.perf_counter() - t0
        compute = max(x.end for x in pieces) - min(x.start for x in pieces)
        base.setdefault(kernel, compute)
        runs.append(CpuRun(way, kernel, workers, seconds, compute, base[kernel] / compute if compute else 0.0,
                           sum(x.count for x in pieces), sorted({x.pid for x in pieces})))
    agree = all(len({r.count for r in runs if r.kernel == kernel}) <= 1 for kernel in (PYTHON, C))
    if c_name:
        agree = agree and sum(count_c(c).count for c in chunks[PYTHON]) == runs[0].count
    lab.variant(Message(QT_TRANSLATE_NOOP("Engine", "the lambda mistake")), len(steps), len(steps) + 1)
    small = split(min(p.python_limit, 20_000), 2)
    error = the_lambda_mistake(small, lab)
    fixed = the_fix(small, lab)
    if not isinstance(error, Exception):  # pragma: no cover - would mean lambdas started to pickle
        raise RuntimeError("a lambda was pickled to a process pool")
    return CpuResult(runs=runs, c_kernel=c_name, counts_agree=agree, lambda_error_type=type(error).__name__,
                     lambda_error=str(error), fix_count=sum(x.count for x in fixed), helper_pid=os.getpid())


def _shown(kernel, lab, category: str, chunk) -> Piece:
    """``kernel(chunk)``, its span sent to the caller's timeline at once (after Cancel: nothing)."""
    lab.check()
    piece = kernel(chunk)
    lab.add(piece.worker, piece.label, piece.start, piece.end, category)
    return piece


async def run(job, p: CpuParams) -> CpuResult:
    lab = LabRun(job)
    helper = Helper(lab, measure, p)
    try:
        result = await helper.run()
        result.spans, result.t0_monotonic = lab.rec.spans, lab.rec.t0_monotonic
        return result
    finally:
        try:
            await lab.close()
        finally:
            helper.close()


EXPERIMENT = Experiment(
    name="cpu",
    title=Message(QT_TRANSLATE_NOOP("Engine", "CPU work: threads, the GIL and processes")),
    params=CpuParams,
    run=run,
    code=(is_prime, count_python, count_c, one_thread, threads, processes, the_lambda_mistake, the_fix),
    look_for=Message(QT_TRANSLATE_NOOP("Engine", "Threads with the Python kernel stay near 1× however many you "
                                                 "add; threads with the C kernel and processes scale up to the "
                                                 "number of cores; and the lambda cannot be pickled — read the error Python gives.")),
    explanation=Message(QT_TRANSLATE_NOOP("Engine", "CPython runs Python bytecode in one thread at a time: the "
                                                    "global interpreter lock (GIL). Threads running a Python loop "
                                                    "take turns, so they finish no sooner than one thread (often a "
                                                    "little later). Code that leaves Python for a long call into C — "
                                                    "here libprimesieve through ctypes, which releases the GIL for the "
                                                    "call — lets threads run truly in parallel. Processes each have "
                                                    "their own interpreter and GIL, so pure Python scales too, at the "
                                                    "cost of starting them and of pickling every argument and result. "
                                                    "Pickling sends a function by its importable name, which is why a "
                                                    "lambda cannot go to a process pool.")),
    comments=COMMENTS,
)
