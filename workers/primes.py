"""Primes over any range: bound parsing, chunk planning, a segmented numpy sieve and the prime job.

The numpy sieve is the fallback kernel: where libprimesieve loads, :mod:`~tributary.workers.primes_c`
runs the same chunks in C (:func:`choose_kernel`); the n-th prime is :mod:`~tributary.workers.nth_prime`.

The kernel sieves odd numbers only (one byte per odd number). Each segment starts as a copy of a
pre-sieved pattern in which the multiples of 3, 5, 7, 11, 13, 17 and 19 are already crossed off (its
period is 3·5·7·11·13·17·19 = 4,849,845 odd numbers, so one ``memcpy`` replaces seven strided passes);
the remaining primes up to √high are crossed off with one strided slice each (small primes) or one
vectorised scatter for all the large primes together. Every segment checks the job's cancel flag.

A chunk returns plain data — count, twin count, first and last prime, a density histogram and,
when listing, the primes as text — so it crosses process boundaries cheaply.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from .jobs import QT_TRANSLATE_NOOP, Message, UserError
from .lazy import lazy
from .listing import PublishedFile, check_target
from .numtext import decimal_lines
from .pool import should_stop

np = lazy("numpy", __name__, "np")  # imported on first use, not at start-up

MAX_UPPER = 10**15
SEGMENT = 1 << 20  # odd numbers per segment (2 Mi numbers, 1 MiB of bytes): best measured here
PATTERN_PRIMES = (3, 5, 7, 11, 13, 17, 19)
PATTERN_PERIOD = math.prod(PATTERN_PRIMES)  # in odd numbers
SMALL_LIMIT = SEGMENT // 64  # primes below this get a strided slice; above it, the scatter

# -- parsing ---------------------------------------------------------------------------------------
LOWER = Message(QT_TRANSLATE_NOOP("Engine", "lower bound"))
UPPER = Message(QT_TRANSLATE_NOOP("Engine", "upper bound"))
_NUMBER = re.compile(r"^\d+(\.\d+)?([eE]\d+)?$")
MINUS_SIGNS = "-\u2212\uff0d"  # the hyphen-minus, the minus sign, the full-width hyphen-minus (Chinese input)
_POWER = re.compile(r"^(\d+)\s*(\^|\*\*)\s*(\d+)$")
WRITES_AHEAD = 4  # listing: chunks of text (~9 MB each) that may wait for the writer before sieving pauses
MAX_DIGITS = 40  # no bound needs more; Python refuses int() of 4,300+ digits, and big ints cost time


def parse_bound(text: str, what: str = "bound", maximum: int = MAX_UPPER, *, field: str | None = None) -> int:
    """Read a bound as a person types it: ``1e9``, ``10^12``, ``2**40``, ``1,000,000``, ``1_000_000``,
    or a sum of those (``1e9+1000``). A :class:`UserError` names ``field`` (the input it came from)."""
    try:
        return _parse_bound(text, what, maximum)
    except UserError as exc:
        exc.field = field
        raise


def _parse_bound(text: str, what: str, maximum: int) -> int:
    # NFKC: what a Chinese input method types in full-width mode ("１ｅ６", "1，000", "１０＾１２", the
    # ideographic space) reads as its ASCII twin; the minus sign U+2212 stays (MINUS_SIGNS)
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} is empty."), what=what)
    if raw[0] in MINUS_SIGNS:  # -0 is zero as a person means it; any other negative is refused
        if not _is_zero(raw[1:], what, maximum):
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} must not be negative."), what=what)
        return 0
    s = raw.replace(",", "").replace("_", "").replace(" ", "")
    longest = max((len(run) for run in re.findall(r"\d+", s)), default=0)
    if longest > MAX_DIGITS:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} has too many digits ({digits:,}); the largest allowed is {maximum:,}."),
                        what=what, digits=longest, maximum=maximum)
    if len(raw) > 60:  # a message quotes the input: keep it one readable line
        raw = f"{raw[:40]}…{raw[-12:]}"
    terms = s.split("+")
    if len(terms) > 1 and all(terms):
        value = sum(_parse_term(t, raw, what) for t in terms)
    else:
        value = _parse_term(s, raw, what)
    if value > maximum:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} {raw} is past the maximum {maximum:,}."), what=what, raw=raw, maximum=maximum)
    return value


def _is_zero(text: str, what: str, maximum: int) -> bool:
    """Whether what follows a minus sign reads as zero (``-0``, ``−0.0``); ``--0`` and ``-5`` do not."""
    rest = text.strip()
    if not rest or rest[0] in MINUS_SIGNS:
        return False
    try:
        return _parse_bound(rest, what, maximum) == 0
    except UserError:
        return False


def _whole(digits: str, raw: str, what: str) -> int:
    if len(digits.lstrip("0")) > 30:  # past every bound (and int() refuses thousands of digits)
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} {raw} is too large."), what=what, raw=raw)
    return int(digits)


def _parse_term(s: str, raw: str, what: str) -> int:
    m = _POWER.match(s)
    if m:
        base, exp = _whole(m.group(1), raw, what), _whole(m.group(3), raw, what)
        if exp > 64 or (base > 1 and exp * math.log10(base) > 20):
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} {raw} is too large."), what=what, raw=raw)
        value = base**exp
    elif _NUMBER.match(s):
        if "e" in s.lower() or "." in s:
            mantissa, _, exp_text = s.lower().partition("e")
            exp = _whole(exp_text or "0", raw, what)
            if exp > 20:
                raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} {raw} is too large."), what=what, raw=raw)
            whole, _, frac = mantissa.partition(".")
            digits = _whole(whole + frac, raw, what) * 10**exp
            scale = 10 ** len(frac)
            if digits % scale:
                raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} {raw} is not a whole number."), what=what, raw=raw)
            value = digits // scale
        else:
            value = _whole(s, raw, what)
    else:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} {raw!r} is not a number (try 1e9, 10^12, 2**40 or 1,000,000)."), what=what, raw=raw)
    return value


def parse_bounds(low_text: str, high_text: str) -> tuple[int, int]:
    """Both bounds of a range; the errors name the field (``"low"``/``"high"``) they are about."""
    low = parse_bound(low_text, LOWER, field="low")
    high = parse_bound(high_text, UPPER, field="high")
    if low > high:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The lower bound is greater than the upper bound."), field="high")
    return low, high


# -- planning --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChunkPlan:
    """The chunks of ``[low, high]``, produced lazily (10^15 / 8 Mi is 10^8 chunks: never a list)."""

    low: int
    high: int
    step: int

    def __len__(self) -> int:
        return 0 if self.high < self.low else -(-(self.high - self.low + 1) // self.step)

    def __iter__(self):
        for a in range(self.low, self.high + 1, self.step):
            yield a, min(self.high, a + self.step - 1)

    def __getitem__(self, index: int) -> tuple[int, int]:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        a = self.low + index * self.step
        return a, min(self.high, a + self.step - 1)


def plan_chunks(low: int, high: int, workers: int) -> ChunkPlan:
    """Split the inclusive range into chunks of whole segments, enough to keep ``workers`` busy.

    A chunk is about 4 segments (8 Mi numbers, ~50–100 ms here), fewer for small ranges, so that
    there are at least ``4 × workers`` chunks when the range allows it.
    """
    span = max(0, high - low + 1)
    step = 4 * 2 * SEGMENT
    target = max(1, 4 * workers)
    if span // step < target:
        step = max(2 * SEGMENT // 4, -(-span // target))
    step += step % 2
    return ChunkPlan(low, high, max(1, step))


# -- the kernel ------------------------------------------------------------------------------------
_pattern: np.ndarray | None = None
_base_cache: tuple[int, np.ndarray | None] = (0, None)


def _pattern_array() -> np.ndarray:
    """The pre-sieved pattern over odd numbers, long enough to copy any segment from any phase."""
    global _pattern
    if _pattern is None:
        pat = np.ones(PATTERN_PERIOD, dtype=np.uint8)
        for p in PATTERN_PRIMES:  # odd index j ↔ n = 2j+1; multiples of p at j ≡ (p-1)/2 mod p
            pat[(p - 1) // 2 :: p] = 0
        reps = -(-(PATTERN_PERIOD + SEGMENT) // PATTERN_PERIOD)
        _pattern = np.tile(pat, reps)[: PATTERN_PERIOD + SEGMENT].copy()
    return _pattern


def small_primes(limit: int) -> np.ndarray:
    """All primes ≤ ``limit`` (a plain odd-only sieve; cached per process)."""
    global _base_cache
    cached_limit, cached = _base_cache
    if limit <= cached_limit:
        return cached[: np.searchsorted(cached, limit, side="right")]
    if limit < 2:
        return np.zeros(0, np.int64)
    size = (limit - 1) // 2  # odd numbers 3..limit → index i ↔ 2i+3
    sieve = np.ones(size, dtype=bool)
    for i in range((math.isqrt(limit) - 1) // 2):
        if sieve[i]:
            p = 2 * i + 3
            sieve[(p * p - 3) // 2 :: p] = False
    primes = np.concatenate(([2], 2 * np.flatnonzero(sieve) + 3)).astype(np.int64)
    _base_cache = (limit, primes)
    return primes


@dataclass
class ChunkResult:
    """What one chunk found. ``first``/``last`` are 0 when the chunk holds no prime."""

    low: int
    high: int
    count: int = 0
    twins: int = 0
    first: int = 0
    last: int = 0
    histogram: list[tuple[int, int]] = field(default_factory=list)  # (bucket, count)
    text: bytes = b""
    seconds: float = 0.0
    kernel: str = "numpy"  # what produced it: "numpy" or "libprimesieve 11.0"


class _Sieving:
    """The sieving primes of one chunk and where each next crosses off, relative to the current segment."""

    def __init__(self, lo: int, high: int, j_lo: int) -> None:
        base = small_primes(math.isqrt(high))
        base = base[base > PATTERN_PRIMES[-1]]
        self.small = base[base < SMALL_LIMIT]
        self.large = base[base >= SMALL_LIMIT]
        # first odd multiple ≥ max(p², lo) for each sieving prime, as an odd index
        start_n = np.maximum(base * base, ((lo + base - 1) // base) * base)
        start_n = np.where(start_n % 2 == 0, start_n + base, start_n)
        offsets = (start_n - 1) // 2 - j_lo
        self.off_small = offsets[: len(self.small)]
        self.off_large = offsets[len(self.small):].copy()
        self.small_list = self.small.tolist()

    def cross_off(self, seg: np.ndarray, length: int) -> None:
        """Cross off every multiple in this segment and move the offsets to the next one."""
        self._cross_small(seg, length)
        self._cross_large(seg, length)

    def _cross_small(self, seg: np.ndarray, length: int) -> None:
        small, off = self.small, self.off_small
        for p, o in zip(self.small_list, off.tolist()):  # one strided slice each
            if o < length:
                seg[o::p] = 0
        if len(small):  # next multiple at or after the segment end
            hit = off < length
            adv = np.where(hit, off + ((length - off + small - 1) // small) * small, off)
            off[:] = adv - length

    def _cross_large(self, seg: np.ndarray, length: int) -> None:
        large, off = self.large, self.off_large
        if not len(large):
            return
        has = off < length
        if has.any():  # all hits of all large primes in one scatter
            lp, lo_off = large[has], off[has]
            cnt = (length - 1 - lo_off) // lp + 1
            total = int(cnt.sum())
            starts = np.repeat(lo_off, cnt)
            steps = np.repeat(lp, cnt)
            first_pos = np.cumsum(cnt) - cnt
            within = np.arange(total, dtype=np.int64) - np.repeat(first_pos, cnt)
            seg[starts + within * steps] = 0
            off[has] = lo_off + cnt * lp
        off -= length


def _segment(pattern: np.ndarray, j: int, length: int) -> np.ndarray:
    """Odd numbers 2j+1 … as bytes, with the multiples of 3…19 already crossed off by the pattern."""
    phase = j % PATTERN_PERIOD
    seg = pattern[phase : phase + length].copy()
    if j <= 9:  # the pattern crossed off 3..19 themselves and 1: restore / clear them
        for p in PATTERN_PRIMES:
            k = (p - 1) // 2 - j
            if 0 <= k < length:
                seg[k] = 1
        if j == 0:
            seg[0] = 0
    return seg


class _Harvest:
    """What the segments of one chunk found, accumulated segment by segment."""

    def __init__(self, res: ChunkResult, buckets, listing: bool, twins: bool) -> None:
        self.res, self.buckets, self.listing, self.twins = res, buckets, listing, twins
        self.hist: dict[int, int] = {}
        self.texts: list[bytes] = []
        self.prev_last = 0
        self.prev_tail = 0  # is the last odd number of the previous segment prime?

    def add_two(self) -> None:
        self.res.count, self.res.first, self.prev_last = 1, 2, 2
        if self.buckets:
            _add_bucket(self.hist, self.buckets, 2, 1)
        if self.listing:
            self.texts.append(b"2\n")

    def add(self, seg: np.ndarray, j: int, length: int) -> None:
        res = self.res
        c = int(np.count_nonzero(seg))
        if c:
            res.count += c
            if self.twins:  # one more pass over the segment: only when asked for
                tw = int(np.count_nonzero(seg[:-1] & seg[1:]))
                if self.prev_tail and seg[0]:
                    tw += 1
                res.twins += tw
            if res.first == 0:
                res.first = 2 * (j + int(np.argmax(seg))) + 1
            tail = np.flatnonzero(seg[-4096:])  # prime gaps below 10^15 are far shorter than 8,192
            last_idx = (length - min(length, 4096) + int(tail[-1])) if len(tail) else int(np.flatnonzero(seg)[-1])
            self.prev_last = 2 * (j + last_idx) + 1
            if self.buckets:
                _histogram_segment(self.hist, self.buckets, seg, j)
            if self.listing:
                self.texts.append(decimal_lines(2 * (j + np.flatnonzero(seg)) + 1))
        self.prev_tail = int(seg[-1])

    def finish(self, t0: float) -> ChunkResult:
        return _finish(self.res, self.hist, self.texts, self.prev_last, t0)


def sieve_chunk(slot: int, low: int, high: int, buckets: tuple[int, int, int] | None = None,
                listing: bool = False, twins: bool = True) -> ChunkResult | None:
    """Count (and optionally list) the primes in ``[low, high]`` with numpy; ``None`` if cancelled.

    ``buckets`` is ``(range_low, range_high, n_buckets)`` of the whole job, for the density histogram.
    """
    import time

    t0 = time.perf_counter()
    res = ChunkResult(low, high)
    if high < 2 or high < low:
        return res
    harvest = _Harvest(res, buckets, listing, twins)
    if low <= 2 <= high:
        harvest.add_two()
    lo = max(low, 3)
    if lo > high:
        return harvest.finish(t0)
    j_lo, j_hi = lo // 2, (high - 1) // 2  # odd indices: n = 2j+1 with lo ≤ n ≤ high
    sieving = _Sieving(lo, high, j_lo)
    pattern = _pattern_array()
    j = j_lo
    while j <= j_hi:
        if should_stop(slot):
            return None
        length = min(SEGMENT, j_hi - j + 1)
        seg = _segment(pattern, j, length)
        sieving.cross_off(seg, length)
        harvest.add(seg, j, length)
        j += length
    return harvest.finish(t0)


def _finish(res: ChunkResult, hist, texts, last, t0) -> ChunkResult:
    import time

    res.last = last
    res.histogram = sorted(hist.items())
    res.text = b"".join(texts)
    res.seconds = time.perf_counter() - t0
    return res


def _add_bucket(hist: dict, buckets, n: int, count: int) -> None:
    low, high, nb = buckets
    b = min(nb - 1, (n - low) * nb // (high - low + 1))
    hist[b] = hist.get(b, 0) + count


def _histogram_segment(hist: dict, buckets, seg: np.ndarray, j: int) -> None:
    """Add this segment's primes to the density buckets (one count per bucket boundary crossed)."""
    low, high, nb = buckets
    span = high - low + 1
    n0, n1 = 2 * j + 1, 2 * (j + len(seg) - 1) + 1
    b0 = max(0, min(nb - 1, (n0 - low) * nb // span))
    b1 = max(0, min(nb - 1, (n1 - low) * nb // span))
    for b in range(b0, b1 + 1):
        start_n = low + -(-b * span // nb)
        end_n = low + -(-(b + 1) * span // nb)  # exclusive
        a = max(0, (start_n - n0 + 1) // 2)
        z = min(len(seg), (end_n - n0 + 1) // 2)
        if z > a:
            c = int(np.count_nonzero(seg[a:z]))
            if c:
                hist[b] = hist.get(b, 0) + c


# -- the request: what a person asked for, parsed and checked once ---------------------------------
MODES = ("count", "list", "nth")
EXECUTORS = ("processes", "threads", "cluster")
KERNELS = ("auto", "libprimesieve", "numpy")
NTH = Message(QT_TRANSLATE_NOOP("Engine", "value of N"))


@dataclass
class PrimeRequest:
    """Count (or list to ``listing_path``) the primes in ``[low, high]``, both inclusive, or find the
    ``nth`` prime greater than ``low``.

    ``mode`` is ``"count"``, ``"list"`` (a listing path given without a mode means ``"list"``) or ``"nth"``
    (``high`` is not used: the job finds its own range); ``buckets`` is the number of density buckets
    (0: no density series); ``twins`` asks for the twin count too (one more pass per segment); ``kernel``
    is ``"auto"`` (libprimesieve where it loads, else numpy), ``"libprimesieve"`` or ``"numpy"``;
    ``executor`` is ``"processes"``, ``"threads"`` or ``"cluster"`` (the runner's Dask cluster).
    """

    low: int
    high: int
    workers: int = 1
    executor: str = "processes"
    listing_path: str | None = None
    buckets: int = 200
    twins: bool = True
    mode: str = "count"
    kernel: str = "auto"
    nth: int = 0
    overwrite: bool = False  # the listing may replace an existing file (the person confirmed it)

    def __post_init__(self) -> None:
        if self.listing_path and self.mode == "count":
            self.mode = "list"

    @classmethod
    def from_text(cls, low: str, high: str, *, mode: str = "count", output: str | None = None, workers: int = 1,
                  executor: str = "processes", twins: bool = True, buckets: int = 200, kernel: str = "auto",
                  nth: str = "", overwrite: bool = False) -> PrimeRequest:
        """The request for what a person typed; a :class:`UserError` names the field that is wrong
        (``low``, ``high``, ``mode``, ``output``, ``nth``, ``workers``, ``executor`` or ``kernel``). An
        existing listing file is replaced only with ``overwrite`` (the person chose it in a dialog that asked).

        In ``nth`` mode ``low`` is where to start (the answer is the ``nth`` prime greater than it) and
        ``high`` is ignored."""
        if mode not in MODES:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Unknown mode {mode!r}; choose one of {choices}."),
                            field="mode", mode=mode, choices=", ".join(MODES))
        if mode == "nth":
            lo = parse_bound(low, LOWER, field="low")
            hi, n = lo, _parse_nth(nth, lo)
        else:
            (lo, hi), n = parse_bounds(low, high), 0
        listing = str(check_target(output or "", overwrite=overwrite)) if mode == "list" else None
        if workers < 1:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Use at least one worker."), field="workers")
        if executor not in EXECUTORS:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Unknown way to run {executor!r}; choose one of {choices}."),
                            field="executor", executor=executor, choices=", ".join(EXECUTORS))
        _check_kernel(kernel)
        if mode == "nth":
            return cls(lo, hi, workers=workers, executor=executor, buckets=0, twins=False, mode=mode, kernel=kernel,
                       nth=n)
        return cls(lo, hi, workers=workers, executor=executor, listing_path=listing, buckets=buckets, twins=twins,
                   mode=mode, kernel=kernel, overwrite=overwrite)


def _parse_nth(text: str, after: int) -> int:
    from .nth_prime import MAX_N, check_nth

    n = parse_bound(text, NTH, maximum=MAX_N, field="nth")
    check_nth(n, after)
    return n


def _check_kernel(kernel: str) -> None:
    """An unknown kernel, or libprimesieve asked for by name where it cannot load, names the field ``kernel``."""
    from .primes_c import kernel_label

    if kernel not in KERNELS:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Unknown kernel {kernel!r}; choose auto, libprimesieve or numpy."),
                        field="kernel", kernel=kernel)
    kernel_label(kernel)


# -- the running tally and the result ----------------------------------------------------------------
@dataclass(frozen=True)
class Density:
    """Primes per bucket of the range next to the x / ln x estimate of each bucket (chart and export).

    Only whole buckets are in the series: a running job's series grows from the left.
    """

    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    counts: tuple[int, ...] = ()
    estimates: tuple[float, ...] = ()

    @property
    def mids(self) -> list[float]:
        return [(a + b) / 2 for a, b in zip(self.starts, self.ends)]

    def __len__(self) -> int:
        return len(self.counts)


def density_series(low: int, high: int, histogram: list[int], numbers_done: int) -> Density:
    """The buckets of ``histogram`` over ``[low, high]`` whose numbers are all sieved, with estimates."""
    n = len(histogram)
    span = high - low + 1
    done_until = low + numbers_done  # exclusive
    starts, ends, counts, estimates = [], [], [], []
    for b, count in enumerate(histogram):
        start = low + -(-b * span // n)  # the kernel's bucket edges (see _histogram_segment)
        end = low + -(-(b + 1) * span // n) - 1
        if end >= done_until:
            break
        if end < start:
            continue
        mid = (start + end) / 2
        starts.append(start)
        ends.append(end)
        counts.append(count)
        estimates.append((end - start + 1) / math.log(mid) if mid > 2 else 0.0)
    return Density(tuple(starts), tuple(ends), tuple(counts), tuple(estimates))


@dataclass
class PrimeTally:
    """In-order aggregation of chunk results: the job's ``partial`` while it runs, its answer at the end."""

    low: int
    high: int
    buckets: int = 0
    count: int = 0
    twins: int = 0
    first: int = 0
    last: int = 0
    numbers_done: int = 0
    histogram: list[int] = field(default_factory=list)
    compute_seconds: float = 0.0
    kernels: set[str] = field(default_factory=set)  # the kernels that produced the chunks

    def __post_init__(self) -> None:
        self.histogram = [0] * self.buckets

    @property
    def kernel(self) -> str:
        """``libprimesieve 11.0``, ``numpy``, or both where some cluster workers lack the library."""
        return " + ".join(sorted(self.kernels))

    def add(self, r: ChunkResult) -> None:
        if r.count:
            if self.last and r.first and r.first - self.last == 2:
                self.twins += 1
            if not self.first:
                self.first = r.first
            self.last = r.last
        self.count += r.count
        self.twins += r.twins
        self.numbers_done += r.high - r.low + 1
        self.compute_seconds += r.seconds
        self.kernels.add(r.kernel)
        for b, c in r.histogram:
            self.histogram[b] += c

    def density(self) -> Density:
        """The density series of the buckets finished so far."""
        return density_series(self.low, self.high, self.histogram, self.numbers_done)


@dataclass(frozen=True)
class PrimeResult:
    """Everything the view shows, exports and copies about a finished prime search.

    ``twins`` is ``None`` when the request did not ask for twins; ``first``/``last`` are ``None`` when the
    range holds no prime; ``numbers_per_second`` is ``None`` when the compute time was too short to tell.
    ``kernel`` is what ran (``libprimesieve 11.0``, ``numpy``, or both joined by `` + `` where some cluster
    workers lack the library); ``kernel_note`` says why the C kernel did not run when it was not asked away.

    An n-th prime search (``mode == "nth"``) has ``nth``, ``prime`` (the answer: the ``nth`` prime greater
    than ``low``) and ``estimate`` (where R⁻¹ put it); its ``high`` is the prime and ``count`` is ``nth``.
    """

    low: int
    high: int
    mode: str
    count: int
    twins: int | None
    first: int | None
    last: int | None
    seconds: float
    startup_seconds: float
    compute_seconds: float
    numbers_per_second: float | None
    workers: int
    executor: str
    listing: str | None
    density: Density = Density()
    kernel: str = "numpy"
    kernel_note: Message | None = None
    nth: int | None = None
    prime: int | None = None
    estimate: int | None = None

    SUMMARY = ("low", "high", "count", "twins", "first", "last", "seconds", "startup_seconds", "compute_seconds",
               "numbers_per_second", "workers", "executor", "kernel")
    NTH_SUMMARY = ("nth", "low", "prime", "estimate", "seconds", "startup_seconds", "compute_seconds", "workers",
                   "executor", "kernel")

    def _summary_keys(self) -> tuple[str, ...]:
        return self.NTH_SUMMARY if self.mode == "nth" else self.SUMMARY

    def to_dict(self) -> dict:
        """Plain data for JSON (the command line)."""
        if self.mode == "nth":
            out = {key: getattr(self, key) for key in self.NTH_SUMMARY}
            out.update(mode=self.mode, n=self.nth, after=self.low)
            return out
        out = {key: getattr(self, key) for key in self.SUMMARY}
        out.update(mode=self.mode, listing=self.listing, histogram=list(self.density.counts))
        return out

    def rows(self) -> list[list]:
        """The result as rows: a summary block, then one row per density bucket with the x/ln x estimate."""
        rows: list[list] = [["field", "value"]]
        rows += [[key, getattr(self, key)] for key in self._summary_keys()]
        if len(self.density):
            d = self.density
            rows.append([])
            rows.append(["bucket_start", "bucket_end", "primes", "estimate_x_over_ln_x"])
            rows += [[a, b, c, round(e, 1)] for a, b, c, e in zip(d.starts, d.ends, d.counts, d.estimates)]
        return rows

    def to_tsv(self) -> str:
        """The rows as tab-separated text (the clipboard)."""
        return "\n".join("\t".join("" if v is None else str(v) for v in row) for row in self.rows())

    def export(self, path: str) -> None:
        """Write the rows as CSV (UTF-8 with BOM, for spreadsheet apps) or, for any other suffix, TSV."""
        import csv

        if path.lower().endswith(".csv"):
            with open(path, "w", encoding="utf-8-sig", newline="") as fh:
                csv.writer(fh).writerows(self.rows())
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(self.to_tsv() + "\n")


def count_primes(low: int, high: int) -> tuple[int, int]:
    """Count primes and twin pairs in ``[low, high]`` in this process (tests, small ranges)."""
    tally = PrimeTally(low, high)
    for a, b in plan_chunks(low, high, 1):
        tally.add(sieve_chunk(-1, a, b))
    return tally.count, tally.twins


def kernel_note(choice: str, ran: str, executor: str = "processes") -> Message | None:
    """Why the C kernel did not run (all or some of the chunks) for a request that did not ask for numpy;
    ``None`` when it ran everywhere or numpy was chosen."""
    from . import primesieve_c

    if choice == "numpy" or ("libprimesieve" in ran and "numpy" not in ran):
        return None
    if "libprimesieve" in ran:
        return Message(QT_TRANSLATE_NOOP("Engine", "Some cluster workers could not load libprimesieve; they ran the "
                                                   "numpy sieve."))
    if executor == "cluster" and primesieve_c.library() is not None:
        return Message(QT_TRANSLATE_NOOP("Engine", "The cluster workers could not load libprimesieve; they ran the "
                                                   "numpy sieve."))
    return Message(QT_TRANSLATE_NOOP("Engine", "libprimesieve is not available here, so the numpy sieve ran: {reason}"),
                   reason=primesieve_c.unavailable_reason() or "?")


def make_result(req: PrimeRequest, tally: PrimeTally, startup: float, compute: float,
                label: str = "numpy") -> PrimeResult:
    span = req.high - req.low + 1
    kernel = tally.kernel or label
    return PrimeResult(
        low=req.low, high=req.high, mode=req.mode, count=tally.count, twins=tally.twins if req.twins else None,
        first=tally.first or None, last=tally.last or None, seconds=round(startup + compute, 6),
        startup_seconds=round(startup, 6), compute_seconds=round(compute, 6),
        numbers_per_second=span / compute if compute > 0 else None, workers=req.workers, executor=req.executor,
        listing=req.listing_path if req.mode == "list" else None, density=tally.density(), kernel=kernel,
        kernel_note=kernel_note(req.kernel, kernel, req.executor))


# -- starting a job on the runner (GUI and CLI share this) -----------------------------------------
def start_job(runner, req: PrimeRequest, *, on_chunk=None):
    """Start the prime search on ``runner``: ``job.partial`` is its :class:`PrimeTally` while it runs,
    ``job.result`` a :class:`PrimeResult` when it is done. An ``nth`` request runs
    :func:`~tributary.workers.nth_prime.start_nth_job`.

    ``on_chunk(job, tally)`` (optional) is called on the loop thread after each chunk, in order.
    """
    import time
    from concurrent.futures import ThreadPoolExecutor

    if req.mode == "nth":
        from .nth_prime import start_nth_job

        return start_nth_job(runner, req)
    kernel_fn, chunks, label = choose_kernel(req)
    buckets = (req.low, req.high, req.buckets) if req.buckets else None
    listing = req.mode == "list" and bool(req.listing_path)
    tally = PrimeTally(req.low, req.high, req.buckets)
    state: dict = {"out": None, "t_start": time.perf_counter(), "startup": 0.0}

    async def prepare(job) -> None:
        state["startup"] = await warm_executor(runner, req.executor)
        if listing:
            # a temporary file next to the target, published only when every prime is written
            state["listing"] = PublishedFile(req.listing_path, overwrite=req.overwrite)
            state["out"] = state["listing"].open()
            # chunks come back in order on the loop (the GUI thread in the app): one writer thread
            # keeps that order and keeps megabytes of text off the loop
            state["writer"] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tributary-list")
            state["writes"] = []
        state["t_compute"] = time.perf_counter()

    def on_result(job, index, r: ChunkResult):
        import asyncio

        tally.add(r)
        behind = None
        if state["out"] is not None:
            writes = state["writes"]
            writes.append(state["writer"].submit(state["out"].write, r.text))
            # the kernel makes text faster than a disk takes it (~0.4 GB/s on 2 cores): with more than
            # WRITES_AHEAD chunks waiting for the writer, no new chunk starts (the text in memory stays bounded)
            if len(writes) > WRITES_AHEAD and not writes[-1 - WRITES_AHEAD].done():
                behind = asyncio.wrap_future(writes[-1 - WRITES_AHEAD])
        job.report(text=Message(QT_TRANSLATE_NOOP("Engine", "{count:,} primes so far"), count=tally.count))
        if on_chunk:
            on_chunk(job, tally)
        return behind

    def finish(job) -> PrimeResult:
        if state["out"] is not None:  # a write that failed (disk full) fails the job, never silently
            for write in state["writes"]:
                write.result()
            state["writer"].submit(state["listing"].publish).result()  # every write went well: publish
            state["writer"].shutdown(wait=True)
        job.report(text=Message(QT_TRANSLATE_NOOP("Engine", "{count:,} primes"), count=tally.count))
        return make_result(req, tally, state["startup"], time.perf_counter() - state["t_compute"], label)

    def cleanup(job) -> None:
        if state["out"] is not None:
            state["writer"].shutdown(wait=True)  # the writes already handed over, then close
            if not state["listing"].published:  # cancelled or failed: no file that looks complete
                state["listing"].discard()

    title = Message(QT_TRANSLATE_NOOP("Engine", "primes in [{low:,}, {high:,}]"), low=req.low, high=req.high)
    job = runner.start_chunks(
        "primes", title, kernel_fn,
        ((a, b, buckets, listing, req.twins) for a, b in chunks),
        on_result, total=len(chunks), window=req.workers + (0 if req.executor == "threads" else 1),
        executor=req.executor, finish=finish, cleanup=cleanup, prepare=prepare)
    job.request, job.partial = req, tally  # the body runs from the next loop turn: both are in place by then
    return job


async def warm_executor(runner, executor: str) -> float:
    """Start the process pool or reach the cluster before the clock for compute starts; the seconds it took."""
    import asyncio
    import time

    if executor == "processes" and not runner.pool.started:
        return await asyncio.get_running_loop().run_in_executor(None, runner.pool.warm)
    if executor == "cluster" and runner.cluster is not None and not runner.cluster.connected:
        t0 = time.perf_counter()
        await runner.cluster.connect()
        return time.perf_counter() - t0
    return 0.0


def choose_kernel(req: PrimeRequest) -> tuple:
    """``(chunk function, chunk plan, kernel label)`` for ``req``: libprimesieve where it loads (or was
    asked for), the numpy sieve otherwise."""
    from .primes_c import c_chunk, kernel_label, plan_c_chunks

    label = kernel_label(req.kernel)
    listing = req.mode == "list" and bool(req.listing_path)
    if label == "numpy":
        return sieve_chunk, plan_chunks(req.low, req.high, req.workers), label
    return c_chunk, plan_c_chunks(req.low, req.high, req.workers, listing), label
