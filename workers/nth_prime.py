"""The n-th prime after a start: estimate where it lies, count up to there in parallel, walk the rest.

1. ``x`` = R⁻¹(R(start) + n), Riemann's R function inverted by Newton's method: near 10^15 it lands
   within a few million of the answer.
2. The primes in ``(start, x]`` are counted in parallel chunks (the prime job's kernels and executors).
3. One walk chunk goes from ``x`` forwards (too few primes) or backwards (too many), counting in
   cancellable sub-ranges, and picks the prime inside the last one (libprimesieve's ``nth_prime``, or
   the numpy sieve's list).

The answer is the same as ``primesieve START -n N``: the n-th prime greater than ``start``.
"""

from __future__ import annotations

import math
import time

from . import primesieve_c
from .jobs import QT_TRANSLATE_NOOP, Message, UserError
from .pool import should_stop
from .primes import (
    MAX_UPPER,
    PrimeRequest,
    PrimeResult,
    PrimeTally,
    kernel_note,
    plan_chunks,
    sieve_chunk,
    warm_executor,
)
from .primes_c import Sizer, c_chunk, kernel_label, next_prime, plan_c_chunks

MAX_N = 29_844_570_422_669  # π(10^15): the n-th prime stays within the range a person can type
_MOBIUS = (0, 1, -1, -1, 0, -1, 1, -1, 0, 0, 1, -1, 0, -1, 1, 1, 0, -1, 0, -1, 0, 1, 1, -1, 0, 0, 1, 0, 0, -1,
           -1, -1, 0, 1, 1, 1, 0, -1, 1, 1, 0, -1, -1, -1, 0, 0, 1, -1, 0, 0, 0)


# -- the estimate ----------------------------------------------------------------------------------
def li(x: float) -> float:
    """The logarithmic integral (Ramanujan's series); li(x) ~ π(x)."""
    if x <= 1.0:
        return 0.0
    lnx = math.log(x)
    total, term, inner, k = 0.0, -1.0, 0.0, 1
    while k < 200:
        term *= -lnx / k
        if k % 2:
            inner += 1.0 / k  # Σ 1/(2j+1) for j ≤ (k-1)/2
        part = term / (2 ** (k - 1)) * inner
        total += part
        if abs(part) < 1e-17 * abs(total) and k > 2 * lnx:
            break
        k += 1
    return 0.5772156649015329 + math.log(lnx) + math.sqrt(x) * total


def riemann_r(x: float) -> float:
    """R(x) = Σ μ(k)/k · li(x^(1/k)): off from π(x) by far less than li(x) is."""
    if x < 2:
        return 0.0
    total = 0.0
    for k in range(1, len(_MOBIUS)):
        if _MOBIUS[k]:
            root = x ** (1.0 / k)
            if root < 2:
                break
            total += _MOBIUS[k] / k * li(root)
    return total


def r_inverse(y: float) -> float:
    """The x with R(x) = y (Newton's method; dR/dx ≈ 1/ln x)."""
    if y < 2:
        return 2.0
    x = y * max(1.0, math.log(y))
    for _ in range(100):
        step = (riemann_r(x) - y) * math.log(x)
        x = max(2.0, x - step)
        if abs(step) < 0.5:
            break
    return x


def estimate(n: int, after: int) -> int:
    """Where the n-th prime after ``after`` is expected."""
    return max(after, int(r_inverse(riemann_r(after) + n)))


# -- the walk --------------------------------------------------------------------------------------
def nth_walk(slot: int, choice: str, need: int, x: int, forward: bool, floor: int) -> tuple[int, str] | None:
    """The ``need``-th prime after ``x`` (``forward``) or the ``need``-th at or below ``x`` (backwards, never
    below ``floor``), and the kernel that found it; ``None`` if cancelled."""
    lib = primesieve_c.library() if choice != "numpy" else None
    if lib is None:
        return _walk_numpy(slot, need, x, forward, floor)
    sizer = Sizer(listing=False)
    seen = 0
    if forward:
        a = x + 1
        while True:
            if should_stop(slot):
                return None
            b = a + sizer.width(a) - 1
            t = time.perf_counter()
            count = lib.count_primes(a, b)
            sizer.record(a, b - a + 1, time.perf_counter() - t)
            if seen + count >= need:
                return lib.nth_prime(need - seen, a - 1), lib.name
            seen += count
            a = b + 1
    b = x
    while True:
        if should_stop(slot):
            return None
        a = max(floor, b - sizer.width(b) + 1)
        t = time.perf_counter()
        count = lib.count_primes(a, b)
        sizer.record(a, b - a + 1, time.perf_counter() - t)
        if seen + count >= need:
            return lib.nth_prime(-(need - seen), b + 1), lib.name
        seen += count
        b = a - 1


def _walk_numpy(slot: int, need: int, x: int, forward: bool, floor: int) -> tuple[int, str] | None:
    width = 1 << 22
    seen = 0
    lo, hi = (x + 1, x + width) if forward else (max(floor, x - width + 1), x)
    while True:
        r = sieve_chunk(slot, lo, hi, None, True, False)
        if r is None:
            return None
        if seen + r.count >= need:
            values = r.text.split()
            k = need - seen
            return int(values[k - 1] if forward else values[-k]), "numpy"
        seen += r.count
        lo, hi = (hi + 1, hi + width) if forward else (max(floor, lo - width), lo - 1)


# -- the job ---------------------------------------------------------------------------------------
def check_nth(n: int, after: int) -> None:
    if n < 1:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "n must be at least 1."), field="nth")
    if n > MAX_N or estimate(n, after) > MAX_UPPER * 1.0001:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The n-th prime asked for lies past the maximum {maximum:,}."),
                        field="nth", maximum=MAX_UPPER)


def start_nth_job(runner, req: PrimeRequest):
    """The n-th prime greater than ``req.low`` (n = ``req.nth``) on ``runner``: ``job.partial`` is the
    :class:`PrimeTally` of the count up to the estimate, ``job.result`` a :class:`PrimeResult` with ``prime``.
    Progress: the parallel count to 95 %, the walk after it."""
    n, after = req.nth, req.low
    check_nth(n, after)
    label = kernel_label(req.kernel)
    x = estimate(n, after)
    if label == "numpy":
        kernel_fn, chunks = sieve_chunk, plan_chunks(after + 1, x, req.workers)
    else:
        kernel_fn, chunks = c_chunk, plan_c_chunks(after + 1, x, req.workers, False)
    tally = PrimeTally(after + 1, x)
    state: dict = {"t_start": time.perf_counter(), "startup": 0.0}

    def on_count(job, index, r) -> None:
        tally.add(r)
        job.report(text=Message(QT_TRANSLATE_NOOP("Engine", "{count:,} primes counted of {n:,}"), count=tally.count, n=n))

    async def prepare(job) -> None:
        state["startup"] = await warm_executor(runner, req.executor)
        state["t_compute"] = time.perf_counter()
        if x > after:
            await runner.run_chunks(job, kernel_fn, ((a, b, None, False, False) for a, b in chunks), on_count,
                                    total=len(chunks), window=req.workers + (0 if req.executor == "threads" else 1),
                                    executor=req.executor, progress=(0.0, 0.95))

    def walk_chunk():
        c = tally.count
        if c < n:
            yield (label, n - c, x, True, after + 1)
        else:
            yield (label, c - n + 1, x, False, after + 1)

    def on_walk(job, index, found) -> None:
        state["prime"], state["walk_kernel"] = found
        job.report(text=Message(QT_TRANSLATE_NOOP("Engine", "found: {prime:,}"), prime=found[0]))

    def finish(job) -> PrimeResult:
        compute = time.perf_counter() - state["t_compute"]
        kernels = set(tally.kernels) | {state["walk_kernel"]}
        return nth_result(req, state["prime"], " + ".join(sorted(kernels)), x, state["startup"], compute)

    title = Message(QT_TRANSLATE_NOOP("Engine", "prime #{n:,} after {after:,}"), n=n, after=after)
    job = runner.start_chunks(
        "primes", title, nth_walk, walk_chunk(), on_walk, total=1, window=1,
        executor=req.executor, finish=finish, prepare=prepare)
    job.request, job.partial = req, tally
    return job


def nth_result(req: PrimeRequest, prime: int, kernel: str, x: int, startup: float, compute: float) -> PrimeResult:
    """The typed result of an n-th prime search: ``prime`` is the ``req.nth``-th prime greater than ``req.low``
    (so ``[low + 1, prime]`` holds ``nth`` primes, the last of them ``prime``)."""
    return PrimeResult(
        low=req.low, high=prime, mode="nth", count=req.nth, twins=None, first=None, last=prime,
        seconds=round(startup + compute, 6), startup_seconds=round(startup, 6), compute_seconds=round(compute, 6),
        numbers_per_second=(prime - req.low) / compute if compute > 0 else None, workers=req.workers,
        executor=req.executor, listing=None, kernel=kernel, kernel_note=kernel_note(req.kernel, kernel, req.executor),
        nth=req.nth, prime=prime, estimate=x)


def nth_prime_here(n: int, after: int = 0, kernel: str = "auto") -> int:
    """The n-th prime after ``after`` in this process, without a runner (tests, small n)."""
    check_nth(n, after)
    label = kernel_label(kernel)
    x = estimate(n, after)
    tally = PrimeTally(after + 1, x)
    fn = sieve_chunk if label == "numpy" else c_chunk
    plan = plan_chunks(after + 1, x, 1) if label == "numpy" else plan_c_chunks(after + 1, x, 1, False)
    if x > after:
        for a, b in plan:
            tally.add(fn(-1, a, b, None, False, False))
    c = tally.count
    found = nth_walk(-1, label, n - c, x, True, after + 1) if c < n else nth_walk(-1, label, c - n + 1, x, False, after + 1)
    return found[0]


__all__ = ["estimate", "li", "next_prime", "nth_prime_here", "nth_walk", "r_inverse", "riemann_r", "start_nth_job"]
