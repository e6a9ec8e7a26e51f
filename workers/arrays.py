"""Shared-memory array jobs: fill-and-reduce kernels and a Mandelbrot render, zero copies.

The parent creates every block (named with the ``tributary_`` prefix and its pid) and unlinks it in
``finally``; workers attach with :func:`attach`, work on a ``np.frombuffer`` view, drop the view and
close. Views made with ``np.frombuffer`` hold a buffer export, so a forgotten view makes ``close()``
raise instead of leaving a pointer into unmapped memory. :func:`remove_stale_blocks` deletes blocks left
by a crashed run (their owner pid is gone).
"""

from __future__ import annotations

import itertools
import math
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing import shared_memory

from .jobs import QT_TRANSLATE_NOOP, Message, UserError
from .lazy import lazy
from .pool import should_stop
from .primes import parse_bound
from .shm_blocks import PREFIX, SHM_DIR, leaked_blocks, remove_stale_blocks  # noqa: F401 - (re-exported)

np = lazy("numpy", __name__, "np")  # imported on first use, not at start-up

KERNELS = ("squares", "sqrt", "sin")
KERNEL_NAMES = {  # how the kernels are named for people
    "squares": Message(QT_TRANSLATE_NOOP("Engine", "squares")),
    "sqrt": Message(QT_TRANSLATE_NOOP("Engine", "square roots")),
    "sin": Message(QT_TRANSLATE_NOOP("Engine", "sines")),
}
FILL_EXECUTORS = ("processes", "threads", "single")  # single: one process, the speed-up baseline
SIZE = Message(QT_TRANSLATE_NOOP("Engine", "array size"))
MAX_ELEMENTS = 10**18
BLOCK = 1 << 15  # elements per block (256 KiB, with its scratch 512 KiB: the passes stay in L2) and per cancel check
MAX_EXACT_SQUARES = math.isqrt(2**63 - 1) + 1  # i*i fits int64 for every i below this
_counter = itertools.count(1)


# -- blocks ----------------------------------------------------------------------------------------
def block_name() -> str:
    return f"{PREFIX}{os.getpid()}_{next(_counter)}"


def release_block(shm) -> None:
    """Close our mapping of a block we own, then unlink it (also when closing fails)."""
    try:
        shm.close()
    finally:
        shm.unlink()


@contextmanager
def shared_block(nbytes: int):
    """Create a block owned by this process; always closed and unlinked on the way out."""
    shm = shared_memory.SharedMemory(name=block_name(), create=True, size=max(1, nbytes))
    try:
        yield shm
    finally:
        release_block(shm)


@contextmanager
def attach(name: str):
    """Attach to a block another process of ours created (close only; the owner unlinks)."""
    shm = shared_memory.SharedMemory(name=name)
    try:
        yield shm
    finally:
        shm.close()


# -- sizing ----------------------------------------------------------------------------------------
def available_bytes() -> int:
    """Memory we may use for one array: available RAM less a 10 % margin."""
    try:
        with open("/proc/meminfo") as fh:
            info = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in fh}
        avail = info.get("MemAvailable", 0)
    except OSError:  # pragma: no cover
        avail = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    try:
        st = os.statvfs(SHM_DIR)
        avail = min(avail, st.f_bavail * st.f_frsize)
    except OSError:  # pragma: no cover
        pass
    return int(avail * 0.9)


def check_size(n: int, kernel: str) -> None:
    """Refuse a kernel we do not have (field ``kernel``) or a size that does not fit (field ``size``)."""
    if kernel not in KERNELS:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Unknown kernel {kernel!r}; choose one of {choices}."),
                        field="kernel", kernel=kernel, choices=", ".join(KERNELS))
    if n < 1:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The array needs at least one element."), field="size")
    limit = available_bytes() // 8
    if n > limit:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{n:,} elements need {gb:.1f} GB; at most {limit:,} elements fit in the memory available now ({limit_gb:.1f} GB)."),
                        field="size", n=n, gb=n * 8 / 1e9, limit=limit, limit_gb=limit * 8 / 1e9)
    if kernel == "squares" and n > MAX_EXACT_SQUARES:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Squares of indices past {last:,} overflow 64-bit integers; use at most {most:,} elements."),
                        field="size", last=MAX_EXACT_SQUARES - 1, most=MAX_EXACT_SQUARES)


def plan_ranges(n: int, parts: int) -> list[tuple[int, int]]:
    parts = max(1, min(parts, n))
    edges = [n * k // parts for k in range(parts + 1)]
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


# -- fill and reduce -------------------------------------------------------------------------------
@dataclass
class Partial:
    """One worker's share: float sum, exact integer sum (squares), compute seconds."""

    start: int
    stop: int
    fsum: float
    exact: int | None
    seconds: float


def fill_reduce(slot: int, name: str, n: int, start: int, stop: int, kernel: str) -> Partial | None:
    """Fill ``[start, stop)`` of the shared array with f(i), then reduce it; ``None`` if cancelled.

    Fused per cache-sized block: the indices go into a private scratch block that stays in cache, f writes
    its results into the shared array once (the only write to main memory per element), and the block is
    read back twice while it is still in cache — once as a float64 sum, and (squares) once as a wrapping
    uint64 sum, which is the exact total modulo 2^64. The exact total is the one integer with that residue
    next to the float sum (whose error is many orders of magnitude below 2^63), so no value is ever
    silently wrapped.
    """
    t0 = time.perf_counter()
    squares = kernel == "squares"
    dtype = np.int64 if squares else np.float64
    f = np.sqrt if kernel == "sqrt" else np.sin
    with attach(name) as shm:
        view = np.frombuffer(shm.buf, dtype=dtype, count=n)
        try:
            base = np.arange(BLOCK, dtype=dtype)
            scratch = np.empty(BLOCK, dtype=dtype)
            fsum = 0.0
            residue = 0
            for a in range(start, stop, BLOCK):
                if should_stop(slot):
                    return None
                b = min(stop, a + BLOCK)
                part, idx = view[a:b], scratch[: b - a]
                np.add(base[: b - a], a, out=idx)
                if squares:
                    np.multiply(idx, idx, out=part)
                    residue += int(part.view(np.uint64).sum(dtype=np.uint64))
                    fsum += float(part.sum(dtype=np.float64))
                else:
                    f(idx, out=part)
                    fsum += float(part.sum())
                del part
            exact = _exact_from(fsum, residue % 2**64) if squares else None
            return Partial(start, stop, fsum, exact, time.perf_counter() - t0)
        finally:
            del view


def _exact_from(approx: float, residue: int) -> int:
    """The integer ≡ ``residue`` (mod 2^64) nearest to ``approx``."""
    guess = int(approx)
    delta = (residue - guess) % 2**64
    if delta >= 2**63:
        delta -= 2**64
    return guess + delta


def squares_closed_form(n: int) -> int:
    """Σ i² for 0 ≤ i < n, exactly."""
    return n * (n - 1) * (2 * n - 1) // 6


@dataclass(frozen=True)
class FillRequest:
    """Fill ``n`` elements of shared memory with ``kernel(i)`` and reduce them, on ``workers`` workers of
    ``executor`` (``processes`` with shared memory, ``threads`` over one array, or ``single``)."""

    n: int
    kernel: str = "squares"
    workers: int = 1
    executor: str = "processes"

    @classmethod
    def from_text(cls, size: str, *, kernel: str = "squares", workers: int = 1,
                  executor: str = "processes") -> FillRequest:
        """The request for what a person typed; a :class:`UserError` names the field (``size``, ``kernel``,
        ``workers``, ``executor``)."""
        n = parse_bound(size, SIZE, maximum=MAX_ELEMENTS, field="size")
        check_size(n, kernel)
        if workers < 1:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Use at least one worker."), field="workers")
        if executor not in FILL_EXECUTORS:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Unknown way to run {executor!r}; choose one of {choices}."),
                            field="executor", executor=executor, choices=", ".join(FILL_EXECUTORS))
        return cls(n, kernel, workers, executor)


class Baselines:
    """Single-process compute seconds per ``(n, kernel)``, measured in this session: what the speed-up of
    a parallel fill job is measured against (the engine keeps them, so every view shows the same)."""

    def __init__(self) -> None:
        self._seconds: dict[tuple[int, str], float] = {}

    def get(self, n: int, kernel: str) -> float | None:
        return self._seconds.get((n, kernel))

    def record(self, n: int, kernel: str, seconds: float) -> None:
        self._seconds[(n, kernel)] = seconds


@dataclass
class ArrayTally:
    """Aggregation of partials into the job's answer; the job's ``partial`` while it runs."""

    n: int
    kernel: str
    fsum: float = 0.0
    exact: int = 0
    compute_seconds: float = 0.0
    done: int = 0  # elements filled so far (partials come back in order)

    def add(self, p: Partial) -> None:
        self.fsum += p.fsum
        if p.exact is not None:
            self.exact += p.exact
        self.compute_seconds = max(self.compute_seconds, p.seconds)
        self.done = p.stop


@dataclass(frozen=True)
class FillResult:
    """Everything the view shows about a finished fill-and-reduce job.

    The exactness fields are ``None`` for kernels without an exact answer (only ``squares`` has one);
    ``speedup`` is against the single-process run of the same size and kernel measured earlier in this
    session (``baseline_seconds``), ``None`` when there is none yet or this run is that baseline;
    ``efficiency`` is the speed-up per worker; ``bytes_written`` what the job moves to memory (each element
    written once to the shared block; the fused kernel's other passes stay in the cache).
    """

    n: int
    kernel: str
    executor: str
    workers: int
    result: float
    exact: int | None
    exact_matches_closed_form: bool | None
    relative_error: float | None
    int64_sum_would_wrap: bool | None
    seconds: float
    startup_seconds: float
    compute_seconds: float
    gbps: float | None
    baseline_seconds: float | None = None
    speedup: float | None = None
    efficiency: float | None = None
    bytes_written: int = 0

    def to_dict(self) -> dict:
        """Plain data for JSON (the command line); exactness keys only where the kernel has them."""
        out = {k: getattr(self, k) for k in ("n", "kernel", "result")}
        if self.exact is not None:
            out.update(exact=self.exact, exact_matches_closed_form=self.exact_matches_closed_form,
                       relative_error=self.relative_error, int64_sum_would_wrap=self.int64_sum_would_wrap)
        out.update({k: getattr(self, k) for k in ("seconds", "startup_seconds", "compute_seconds", "gbps", "workers",
                                                   "executor", "baseline_seconds", "speedup",
                                                   "efficiency", "bytes_written")})
        return out


def make_fill_result(req: FillRequest, tally: ArrayTally, startup: float, compute: float,
                     baselines: Baselines | None) -> FillResult:
    exact = matches = error = wraps = None
    if req.kernel == "squares":
        closed = squares_closed_form(req.n)
        exact, matches = tally.exact, tally.exact == closed
        error = abs(tally.fsum - closed) / closed if closed else 0.0
        wraps = closed > 2**63 - 1
    baseline = speedup = None
    if baselines is not None:
        if req.executor == "single":
            baselines.record(req.n, req.kernel, round(compute, 6))  # as the result shows it
        else:
            baseline = baselines.get(req.n, req.kernel)
            speedup = baseline / round(compute, 6) if baseline and round(compute, 6) > 0 else None
    workers = 1 if req.executor == "single" else req.workers
    return FillResult(
        n=req.n, kernel=req.kernel, executor=req.executor, workers=workers,
        result=tally.fsum, exact=exact, exact_matches_closed_form=matches, relative_error=error,
        int64_sum_would_wrap=wraps, seconds=round(startup + compute, 6), startup_seconds=round(startup, 6),
        compute_seconds=round(compute, 6), gbps=req.n * 8 / compute / 1e9 if compute else None,
        baseline_seconds=baseline, speedup=speedup, efficiency=speedup / workers if speedup else None,
        bytes_written=req.n * 8)


# -- Mandelbrot ------------------------------------------------------------------------------------
def render_rows(slot: int, name: str, width: int, height: int, y0: int, y1: int,
                view: tuple[float, float, float], max_iter: int) -> tuple[int, int] | None:
    """Render rows ``[y0, y1)`` of an RGBA image in a shared block; ``None`` if cancelled."""
    with attach(name) as shm:
        img = np.frombuffer(shm.buf, dtype=np.uint32, count=width * height).reshape(height, width)
        try:
            return (y0, y1) if _render_into(slot, img, width, height, y0, y1, view, max_iter) else None
        finally:
            del img


def render_tile(slot: int, width: int, height: int, y0: int, y1: int, view: tuple[float, float, float],
                max_iter: int) -> tuple[int, int, bytes] | None:
    """Rows ``[y0, y1)`` as RGBA bytes, for workers that cannot see our shared memory (a Dask cluster)."""
    img = np.empty((y1 - y0, width), dtype=np.uint32)
    if not _render_into(slot, img, width, height, y0, y1, view, max_iter, top=y0):
        return None
    return y0, y1, img.tobytes()


def _render_into(slot: int, img, width: int, height: int, y0: int, y1: int, view, max_iter: int,
                 top: int = 0) -> bool:
    """Rows ``[y0, y1)`` into ``img`` (whose first row is image row ``top``); False if cancelled."""
    cx, cy, scale = view
    xs = cx + (np.arange(width) - width / 2) * scale
    for y in range(y0, y1, 8):
        if should_stop(slot):
            return False
        ys = cy + (np.arange(y, min(y1, y + 8)) - height / 2) * scale
        c = xs[None, :] + 1j * ys[:, None]
        img[y - top:y - top + len(ys)] = _colour(_escape(c, max_iter), max_iter)
    return True


def _escape(c: np.ndarray, max_iter: int) -> np.ndarray:
    z = np.zeros_like(c)
    counts = np.full(c.shape, max_iter, dtype=np.int32)
    alive = np.ones(c.shape, dtype=bool)
    for i in range(max_iter):
        z[alive] = z[alive] * z[alive] + c[alive]
        escaped = alive & (np.abs(z) > 2.0)
        counts[escaped] = i
        alive &= ~escaped
        if not alive.any():
            break
    return counts


def _colour(counts: np.ndarray, max_iter: int) -> np.ndarray:
    t = counts.astype(np.float64) / max_iter
    r = (9 * (1 - t) * t**3 * 255).astype(np.uint32)
    g = (15 * (1 - t) ** 2 * t**2 * 255).astype(np.uint32)
    b = (8.5 * (1 - t) ** 3 * t * 255).astype(np.uint32)
    rgba = r | (g << 8) | (b << 16) | np.uint32(0xFF000000)  # RGBA8888 on little-endian
    rgba[counts >= max_iter] = 0xFF000000
    return rgba


# -- starting jobs on the runner (GUI and CLI share this) ------------------------------------------
def start_fill_job(runner, req: FillRequest, *, baselines: Baselines | None = None):
    """Fill-and-reduce on ``runner``: ``job.partial`` is its :class:`ArrayTally`, ``job.result`` a
    :class:`FillResult`. A ``single`` run records its time in ``baselines``; other runs report their
    speed-up against it."""
    import asyncio

    n, kernel, executor = req.n, req.kernel, req.executor
    check_size(n, kernel)
    parts = 1 if executor == "single" else max(1, req.workers)
    # about 8 Mi elements (64 MiB) a chunk, so progress moves; a multiple of the workers, so none idles
    chunks = max(parts, -(-n // (1 << 23)))
    ranges = plan_ranges(n, -(-chunks // parts) * parts)
    tally = ArrayTally(n, kernel)
    state: dict = {}

    async def prepare(job) -> None:
        t0 = time.perf_counter()
        if executor == "processes" and not runner.pool.started:
            await asyncio.get_running_loop().run_in_executor(None, runner.pool.warm)
        shm = shared_memory.SharedMemory(name=block_name(), create=True, size=n * 8)
        state["shm"] = shm
        state["startup"] = time.perf_counter() - t0
        state["t_compute"] = time.perf_counter()

    def on_result(job, index, p: Partial) -> None:
        tally.add(p)
        job.report(text=Message(QT_TRANSLATE_NOOP("Engine", "{done:,} of {n:,} elements"), done=p.stop, n=n))

    def finish(job) -> FillResult:
        return make_fill_result(req, tally, state["startup"], time.perf_counter() - state["t_compute"], baselines)

    async def cleanup(job) -> None:
        shm = state.pop("shm", None)
        if shm is not None:
            # unmapping and unlinking 800 MB of pages takes the kernel ~80 ms: not on the loop (the GUI
            # thread in the app). The job ends when the block is gone; a task cancelled meanwhile (shutdown)
            # still lets the thread finish it
            await asyncio.get_running_loop().run_in_executor(None, release_block, shm)

    title = Message(QT_TRANSLATE_NOOP("Engine", "{kernel} over {n:,} elements"), kernel=KERNEL_NAMES[kernel], n=n)
    job = runner.start_chunks(
        "shm", title, fill_reduce,
        ((state["shm"].name, n, a, b, kernel) for a, b in ranges),  # lazy: the block exists by then
        on_result, total=len(ranges), window=1 if executor == "single" else parts,
        executor="processes" if executor == "processes" else "threads",
        finish=finish, cleanup=cleanup, prepare=prepare)
    job.request, job.partial = req, tally
    return job


# -- Mandelbrot: the view's geometry and the render job ---------------------------------------------
MANDELBROT_CENTER = (-0.6, 0.0)
MANDELBROT_EXTENT = (3.2, 2.4)  # what the first view shows at least (complex units across, down)
MAX_PIXELS = 1280 * 960  # a larger view gets fewer, larger pixels over the same extent


@dataclass(frozen=True)
class MandelbrotRequest:
    """A render of ``width`` × ``height`` square pixels of ``scale`` complex units each, centred on
    ``center``: the complex plane's aspect ratio is the image's, which is the view's."""

    width: int = 640
    height: int = 480
    center: tuple[float, float] = MANDELBROT_CENTER
    scale: float = MANDELBROT_EXTENT[0] / 640  # complex-plane units per pixel
    max_iter: int = 200
    workers: int = 2
    rows_per_chunk: int = 16
    executor: str = "processes"  # or "threads", or "cluster": tiles come back as bytes (no shared memory there)

    @classmethod
    def for_view(cls, width: int, height: int, center: tuple[float, float] | None = None,
                 span: float | None = None, *, max_iter: int = 200, workers: int = 2,
                 executor: str = "processes") -> MandelbrotRequest:
        """The render for a view of ``width`` × ``height`` pixels showing ``span`` complex units across,
        centred on ``center`` (``None``: the whole set, fitted). A view larger than :data:`MAX_PIXELS` is
        rendered with fewer pixels over the same extent (the view scales it up, keeping the aspect)."""
        width, height = max(1, int(width)), max(1, int(height))
        if span is None:
            span = max(MANDELBROT_EXTENT[0], MANDELBROT_EXTENT[1] * width / height)
        if width * height > MAX_PIXELS:
            shrink = math.sqrt(MAX_PIXELS / (width * height))
            width, height = max(1, int(width * shrink)), max(1, int(height * shrink))
        return cls(width, height, tuple(center or MANDELBROT_CENTER), span / width, max(1, max_iter),
                   max(1, workers), executor=executor)

    @property
    def span(self) -> float:
        """Complex units across the image."""
        return self.width * self.scale

    def point(self, fx: float, fy: float) -> tuple[float, float]:
        """The complex-plane point at ``(fx, fy)``, fractions of the image from its top-left corner."""
        return (self.center[0] + (fx - 0.5) * self.width * self.scale,
                self.center[1] + (fy - 0.5) * self.height * self.scale)

    def zoom(self, fx: float, fy: float, factor: float) -> MandelbrotRequest:
        """The next render: centred on the point at ``(fx, fy)``, ``factor`` times the units per pixel
        (0.5 zooms in twice, 2 zooms out)."""
        return replace(self, center=self.point(fx, fy), scale=self.scale * factor)

    def resized(self, width: int, height: int) -> MandelbrotRequest:
        """The same place for a view of a new size: centre and the extent across are kept."""
        return self.for_view(width, height, self.center, self.span, max_iter=self.max_iter, workers=self.workers,
                             executor=self.executor)

    def with_options(self, *, max_iter: int, workers: int, executor: str | None = None) -> MandelbrotRequest:
        return replace(self, max_iter=max(1, max_iter), workers=max(1, workers), executor=executor or self.executor)


@dataclass
class MandelbrotRender:
    """A render in progress (the job's ``partial``): ``image`` is a live view of the shared block, rows
    filled top down (``rows_done``); it is ``None`` once the job ended and the block is gone."""

    request: MandelbrotRequest
    image: np.ndarray | None = None
    rows_done: int = 0


@dataclass(frozen=True)
class MandelbrotResult:
    request: MandelbrotRequest
    rows: int
    seconds: float


def start_mandelbrot_job(runner, req: MandelbrotRequest, *, release=None):
    """Render into a shared RGBA block, rows in parallel; ``job.partial`` is a :class:`MandelbrotRender`
    whose ``image`` is there from the job's first step (the block is made by the job itself, so a job
    cancelled before it ran owns nothing to clean up).

    ``release(job)`` is called before the block is closed, so a viewer can copy what it shows and drop
    its references.
    """
    if req.width < 1 or req.height < 1 or req.width * req.height > 16_000_000:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The image must have between 1 and 16 million pixels."))
    render = MandelbrotRender(req)
    state: dict = {}
    chunks = [(y, min(req.height, y + req.rows_per_chunk)) for y in range(0, req.height, req.rows_per_chunk)]

    async def prepare(job) -> None:
        shm = shared_memory.SharedMemory(name=block_name(), create=True, size=req.width * req.height * 4)
        state["shm"] = shm
        image = np.frombuffer(shm.buf, dtype=np.uint32, count=req.width * req.height).reshape(req.height, req.width)
        image[:] = 0xFF000000
        render.image = image

    def on_result(job, index, rows) -> None:
        if len(rows) == 3:  # a tile from a cluster worker: copy it in (on the loop; 16 rows are ~40 KB)
            image = render.image
            if image is not None:
                image[rows[0]:rows[1]] = np.frombuffer(rows[2], dtype=np.uint32).reshape(-1, req.width)
            del image
        render.rows_done = rows[1]
        job.report(text=Message(QT_TRANSLATE_NOOP("Engine", "{rows} of {height} rows"), rows=rows[1], height=req.height))

    def cleanup(job) -> None:
        shm = state.pop("shm", None)
        try:
            if release is not None:
                release(job)
        finally:
            render.image = None
            if shm is not None:
                try:
                    shm.close()
                finally:
                    shm.unlink()

    view = (req.center[0], req.center[1], req.scale)
    title = Message(QT_TRANSLATE_NOOP("Engine", "Mandelbrot set, {width}×{height} pixels"), width=req.width,
                    height=req.height)
    if req.executor == "cluster":  # the workers cannot see our shared memory: tiles come back as bytes
        kernel, args = render_tile, ((req.width, req.height, a, b, view, req.max_iter) for a, b in chunks)
    else:
        kernel, args = render_rows, ((state["shm"].name, req.width, req.height, a, b, view, req.max_iter)
                                     for a, b in chunks)  # lazy: the block exists by then
    job = runner.start_chunks(
        "mandelbrot", title, kernel, args, on_result, total=len(chunks), window=max(1, req.workers) + 1,
        executor=req.executor, finish=lambda job: MandelbrotResult(req, render.rows_done, round(job.seconds or 0.0, 3)),
        cleanup=cleanup, prepare=prepare)
    job.request, job.partial = req, render
    return job
