"""The C kernel behind the prime chunks: libprimesieve on sub-ranges sized to stay cancellable.

A chunk is cut into sub-ranges; each is one single-threaded libprimesieve call (count, twin count or
generate), and the job's cancel flag is checked between calls. A sub-range is sized from the time the
previous ones took (per decade of the position: sieving near 10^15 is ~4× slower than near 10^9) so a
call lasts about :data:`TARGET_SECONDS`, which bounds how late a cancel lands. Sub-ranges never cross a
density-bucket boundary, so the histogram is the per-sub-range counts.

Twin pairs that straddle two sub-ranges, and the first and last prime of a chunk, are found with a
deterministic Miller–Rabin test (a few microseconds) rather than another library call (each call pays
an O(√x) start-up, ~12 ms near 10^15).

When the library is missing in the process that runs the chunk, the numpy sieve runs instead and the
chunk says so (``ChunkResult.kernel``), so a result always names the kernel that produced it.
"""

from __future__ import annotations

import math
import time

from . import primesieve_c
from .numtext import decimal_lines
from .pool import should_stop
from .primes import ChunkPlan, ChunkResult, sieve_chunk

TARGET_SECONDS = 0.06  # one C call; a cancel lands within about this long (calls of ~5e8 numbers lose ~4 %)
MIN_WIDTH = 1 << 16
FIRST_WIDTH = 1 << 24  # the first call at a new magnitude: ~30 ms near 10^15, ~2 ms near 10^9
MAX_WIDTH = 1 << 36
LIST_PRIMES_PER_CALL = 1 << 19  # a generate call returns at most ~4 MiB of uint64
COUNT_CHUNK_MIN, COUNT_CHUNK_MAX = 1 << 24, 1 << 31  # the largest: ~1 s near 10^14, so progress moves
LIST_CHUNK = 1 << 24  # ~0.8 M primes near 10^9: ~9 MB of text per chunk in flight
NUMPY = "numpy"

_widths: dict[tuple[int, bool], int] = {}  # learned sub-range width per (decade, listing), per process


# -- choosing the kernel ---------------------------------------------------------------------------
def kernel_label(choice: str = "auto") -> str:
    """What ``choice`` ("auto", "libprimesieve", "numpy") runs in this process: ``libprimesieve 11.0``
    or ``numpy``. Raises :class:`~tributary.workers.jobs.UserError` when the library was asked for by
    name and cannot be loaded."""
    from .jobs import QT_TRANSLATE_NOOP, UserError

    if choice == NUMPY:
        return NUMPY
    lib = primesieve_c.library()
    if lib is not None:
        return lib.name
    if choice == "libprimesieve":
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The C kernel (libprimesieve) is not available here: {reason}"),
                        field="kernel", reason=primesieve_c.unavailable_reason())
    if choice not in ("auto", ""):
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Unknown kernel {kernel!r}; choose auto, libprimesieve or numpy."),
                        field="kernel", kernel=choice)
    return NUMPY


def plan_c_chunks(low: int, high: int, workers: int, listing: bool) -> ChunkPlan:
    """Chunks for the C kernel: ≥ 16 per worker for balance, each big enough that per-chunk costs vanish;
    listing chunks stay small so the text in flight stays a few tens of MB."""
    span = max(0, high - low + 1)
    workers = max(1, workers)
    if listing:
        step = LIST_CHUNK
    else:
        step = min(COUNT_CHUNK_MAX, max(COUNT_CHUNK_MIN, -(-span // (16 * workers))))
    if span // step < 4 * workers:
        step = max(MIN_WIDTH, -(-span // (4 * workers)))
    return ChunkPlan(low, high, max(1, step))


# -- Miller–Rabin ----------------------------------------------------------------------------------
_BASES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)  # deterministic below 3.3·10^24


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    for p in _BASES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while not d & 1:
        d >>= 1
        s += 1
    for a in _BASES:
        x = pow(a, d, n)
        if x == 1 or x == n - 1:
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def next_prime(n: int) -> int:
    """The smallest prime ≥ ``n``."""
    n = max(n, 2)
    while not is_prime(n):
        n += 1 if n == 2 else (1 if n % 2 == 0 else 2)
    return n


def prev_prime(n: int) -> int:
    """The largest prime ≤ ``n``, or 0."""
    while n >= 2 and not is_prime(n):
        n -= 1
    return n if n >= 2 else 0


def straddling_twin(m: int, low: int, high: int) -> int:
    """p if a twin pair (p, p+2) inside ``[low, high]`` has p ≤ m < p+2 (it straddles m | m+1), else 0."""
    p = m if m % 2 else m - 1
    return p if p >= low and p + 2 <= high and is_prime(p) and is_prime(p + 2) else 0


# -- sub-ranges ------------------------------------------------------------------------------------
def bucket_edges(low: int, high: int, buckets) -> list[int]:
    """The first numbers of the density buckets that start inside ``(low, high]``."""
    if not buckets:
        return []
    rl, rh, nb = buckets
    span = rh - rl + 1
    b = max(0, (low - rl) * nb // span) + 1
    edges = []
    while b < nb:
        edge = rl + -(-b * span // nb)
        if edge > high:
            break
        if edge > low:
            edges.append(edge)
        b += 1
    return edges


def bucket_of(n: int, buckets) -> int:
    rl, rh, nb = buckets
    return max(0, min(nb - 1, (n - rl) * nb // (rh - rl + 1)))


class Sizer:
    """Sub-range widths that make one C call last about :data:`TARGET_SECONDS`."""

    def __init__(self, listing: bool) -> None:
        self.listing = listing

    def width(self, a: int) -> int:
        w = _widths.get((len(str(a)), self.listing), FIRST_WIDTH)
        if self.listing:  # bounded memory: about LIST_PRIMES_PER_CALL primes a call
            w = min(w, int(LIST_PRIMES_PER_CALL * max(1.0, math.log(max(a, 3)))))
        return w

    def record(self, a: int, used: int, seconds: float) -> None:
        key = (len(str(a)), self.listing)
        current = _widths.get(key, FIRST_WIDTH)
        if used < current // 2:  # cut short by a bucket edge or the chunk's end: says little
            return
        factor = min(4.0, max(0.5, TARGET_SECONDS / max(seconds, 1e-6)))
        _widths[key] = int(min(MAX_WIDTH, max(MIN_WIDTH, used * factor)))


def pieces(low: int, high: int, edges: list[int], sizer: Sizer):
    """Sub-ranges ``(a, b)`` tiling ``[low, high]``, none crossing an edge; widths asked of ``sizer``
    as each is produced (so they follow the timings recorded in between)."""
    a = low
    k = 0
    while a <= high:
        b = min(high, a + sizer.width(a) - 1)
        while k < len(edges) and edges[k] <= a:
            k += 1
        if k < len(edges) and edges[k] <= b:
            b = edges[k] - 1
        yield a, b
        a = b + 1


# -- the chunk -------------------------------------------------------------------------------------
def c_chunk(slot: int, low: int, high: int, buckets: tuple[int, int, int] | None = None,
            listing: bool = False, twins: bool = True) -> ChunkResult | None:
    """Count (and optionally list) the primes in ``[low, high]`` with libprimesieve; ``None`` if cancelled.

    Same arguments and result as :func:`~tributary.workers.primes.sieve_chunk` (which runs instead where
    the library cannot be loaded)."""
    lib = primesieve_c.library()
    if lib is None:
        return sieve_chunk(slot, low, high, buckets, listing, twins)
    t0 = time.perf_counter()
    res = ChunkResult(low, high)
    res.kernel = lib.name
    if high < 2 or high < low:
        return res
    lo = max(low, 2)
    step = _list_piece if listing else _count_piece
    hist: dict[int, int] = {}
    texts: list[bytes] = []
    state = {"prev_last": 0}
    sizer = Sizer(listing)
    for a, b in pieces(lo, high, bucket_edges(lo, high, buckets), sizer):
        if should_stop(slot):
            return None
        t = time.perf_counter()
        count = step(lib, res, a, b, lo, high, twins, texts, state)
        sizer.record(a, b - a + 1, time.perf_counter() - t)
        if buckets and count:
            key = bucket_of(a, buckets)
            hist[key] = hist.get(key, 0) + count
    if res.count and not listing:
        res.first, res.last = next_prime(lo), prev_prime(high)
    res.histogram = sorted(hist.items())
    res.text = b"".join(texts)
    res.seconds = time.perf_counter() - t0
    return res


def _count_piece(lib, res: ChunkResult, a: int, b: int, lo: int, high: int, twins: bool, texts, state) -> int:
    count = lib.count_primes(a, b)
    res.count += count
    if twins:
        res.twins += lib.count_twins(a, b)
        p = straddling_twin(a - 1, lo, high) if a > lo else 0
        if p and p != state.get("straddle"):  # a pair over a one-number piece straddles two boundaries
            res.twins += 1
            state["straddle"] = p
    return count


def _list_piece(lib, res: ChunkResult, a: int, b: int, lo: int, high: int, twins: bool, texts, state) -> int:
    import numpy as np

    primes = lib.generate_primes(a, b)
    count = len(primes)
    if not count:
        return 0
    first, last = int(primes[0]), int(primes[-1])
    if twins:
        res.twins += int(np.count_nonzero(np.diff(primes) == 2))
        if state["prev_last"] and first - state["prev_last"] == 2:
            res.twins += 1
    if not res.first:
        res.first = first
    res.last = state["prev_last"] = last
    res.count += count
    texts.append(decimal_lines(primes))
    return count
