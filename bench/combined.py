"""Everything at once in the real window: downloads, primes on all workers, shared memory — while the
responsiveness meter records; then Cancel on each kind of job, and a close with everything running.

``drive()`` is shared by the benchmark (full size, numbers in the table) and the test suite (short form,
behaviour only). It runs on the app's own qasync loop with the app's own services.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field

import psutil

from tributary.workers import arrays, primes
from tributary.workers.arrays import leaked_blocks
from tributary.workers.jobs import JobState


@dataclass
class Scale:
    small_files: int = 2000
    small_size: int = 16 * 1024
    large_files: int = 4
    large_size: int = 256 << 20
    primes_high: int = 10**10
    shm_n: int = 10**8
    cancel_tries: int = 20


SHORT = Scale(small_files=200, large_files=2, large_size=8 << 20, primes_high=10**8, shm_n=10**7, cancel_tries=3)


@dataclass
class Report:
    lateness: dict = field(default_factory=dict)
    states: dict = field(default_factory=dict)
    cancel: dict = field(default_factory=dict)  # kind → list of (to_cancelled, to_idle) seconds
    close_seconds: float | None = None
    leaked_processes: list = field(default_factory=list)
    leaked_blocks: list = field(default_factory=list)
    combined_seconds: float = 0.0
    timeline: dict = field(default_factory=dict)  # paints and slowest paint of the open timeline


def make_files(root, scale: Scale) -> list[str]:
    """Files for nginx to serve; returns their URL paths."""
    paths = []
    (root / "small").mkdir(parents=True, exist_ok=True)
    (root / "large").mkdir(parents=True, exist_ok=True)
    for i in range(scale.small_files):
        (root / "small" / f"s{i:05d}.bin").write_bytes(os.urandom(scale.small_size))
        paths.append(f"small/s{i:05d}.bin")
    for i in range(scale.large_files):
        with open(root / "large" / f"l{i}.bin", "wb") as fh:
            for _ in range(scale.large_size >> 20):
                fh.write(os.urandom(1 << 20))
        paths.append(f"large/l{i}.bin")
    return paths


def _workers_busy(pids: list[int], interval: float = 0.05) -> bool:
    procs = []
    for pid in pids:
        try:
            procs.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            pass
    before = [sum(p.cpu_times()[:2]) for p in procs]
    time.sleep(interval)
    after = [sum(p.cpu_times()[:2]) for p in procs]
    return any(b - a > interval * 0.3 for a, b in zip(before, after))


async def _wait_idle(services, kind: str, deadline: float = 2.0) -> float:
    """Seconds until the workers of ``kind`` stop burning CPU (process pool) or threads go idle."""
    t0 = time.perf_counter()
    loop = asyncio.get_running_loop()
    while time.perf_counter() - t0 < deadline:
        if kind == "threads":
            if services.threads.pool.activeThreadCount() == 0:
                break
            await asyncio.sleep(0.005)
        else:
            if not await loop.run_in_executor(None, _workers_busy, services.pool.child_pids(), 0.02):
                break
    return time.perf_counter() - t0


def open_timeline(window):
    """Show the timeline dock, following now, as someone watching the load would (None if absent)."""
    from PySide6.QtCore import Qt

    dock = getattr(window, "timeline", None)
    if dock is None:
        return None
    dock.show()
    dock.raise_()
    window.resizeDocks([dock], [320], Qt.Orientation.Vertical)
    dock.view.set_follow(True)
    return dock.view


async def _one_cancel(window, services, kind: str, base: str, folder) -> tuple[float, float]:
    runner = services.runner
    if kind == "download":
        job = await window.downloads.start_download(f"{base}/large/l0.bin?try={time.monotonic()}", folder)
    elif kind == "processes":
        job = primes.start_job(runner, primes.PrimeRequest(0, 10**12, workers=os.cpu_count() or 1))
    else:
        job = arrays.start_fill_job(runner, arrays.FillRequest(10**8, "sin", os.cpu_count() or 1, "threads"))
    while not (job.state is JobState.RUNNING and (job.progress > 0 or (job.started and
                                                                       time.monotonic() - job.started > 0.05))):
        if job.state.finished:
            break
        await asyncio.sleep(0.005)
    t0 = time.perf_counter()
    runner.cancel(job)
    await runner.wait(job)
    to_cancelled = time.perf_counter() - t0
    to_idle = to_cancelled + (await _wait_idle(services, kind) if kind != "download" else 0.0)
    if job.state is not JobState.CANCELLED:
        raise AssertionError(f"{kind} job ended {job.state.value}, not cancelled")
    return to_cancelled, to_idle


async def drive(window, services, base: str, paths: list[str], folder, scale: Scale) -> Report:
    """Run the combined load and the cancel tries; the caller closes the window afterwards."""
    report = Report()
    view = open_timeline(window)
    meter = window.meter
    meter.window_ms = 3_600_000  # keep every beat of the run
    meter.reset()
    paints_before = view.paints if view is not None else 0
    if view is not None:
        view.paint_ms_max = 0.0
    t0 = time.perf_counter()
    workers = os.cpu_count() or 1
    window.downloads.concurrency.setValue(16)
    added = window.downloads.add([(f"{base}/{p}", None) for p in paths])  # claimed off the GUI thread
    transfers = await added
    prime_job = primes.start_job(services.runner, primes.PrimeRequest(0, scale.primes_high, workers=workers))
    shm_job = arrays.start_fill_job(services.runner, arrays.FillRequest(scale.shm_n, "squares", workers, "processes"))
    while not (prime_job.state.finished and shm_job.state.finished
               and all(t.item.state not in ("queued", "running") for t in transfers)):
        await asyncio.sleep(0.05)
    report.combined_seconds = time.perf_counter() - t0
    report.lateness = meter.stats()
    if view is not None:
        report.timeline = {"paints": view.paints - paints_before, "slowest_paint_ms": round(view.paint_ms_max, 2),
                           "spans": view.index.spans}
    report.states = {
        "downloads_done": sum(t.item.state == "done" for t in transfers), "downloads": len(transfers),
        "primes": prime_job.state.value, "primes_count": prime_job.result and prime_job.result.count,
        "shm": shm_job.state.value, "shm_exact": shm_job.result and shm_job.result.exact_matches_closed_form,
    }
    for kind in ("download", "processes", "threads"):
        report.cancel[kind] = [await _one_cancel(window, services, kind, base, folder)
                               for _ in range(scale.cancel_tries)]
    return report


async def close_with_everything_running(window, services, base: str, folder) -> tuple[float, list, list]:
    """Start one of each kind, close the window, shut down; seconds to a clean state and what is left."""
    await window.downloads.start_download(f"{base}/large/l0.bin?close=1", folder)
    primes.start_job(services.runner, primes.PrimeRequest(0, 10**12, workers=os.cpu_count() or 1))
    arrays.start_fill_job(services.runner, arrays.FillRequest(10**8, "sin", os.cpu_count() or 1, "threads"))
    await asyncio.sleep(0.3)
    t0 = time.perf_counter()
    window.close()
    await services.shutdown()
    seconds = time.perf_counter() - t0
    me = psutil.Process()
    left = [p.pid for p in me.children(recursive=True)
            if "resource_tracker" not in " ".join(p.cmdline()) and "nginx" not in p.name()]
    return seconds, left, leaked_blocks()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))] if values else 0.0


async def segmented_load(window, base: str, names: list[str], folder) -> dict:
    """Issue #12's figure: UI lateness while 8 segmented downloads run at full speed (split auto: each adds
    connections while they pay, up to 16), nothing else running. Every file is checked by the caller."""
    meter = window.meter
    meter.window_ms = 3_600_000
    panel = window.downloads
    panel.concurrency.setValue(len(names))
    panel.folder.setText(str(folder))
    meter.reset()
    t0 = time.perf_counter()
    transfers = await panel.add([(f"{base}/{n}", None) for n in names])
    split = set()  # the transfers seen fetching over a segment map (several connections)
    while any(t.item.state in ("queued", "running") for t in transfers):
        split.update(i for i, t in enumerate(transfers) if t.segment_map is not None)
        await asyncio.sleep(0.05)
    seconds = time.perf_counter() - t0
    return {"lateness": meter.stats(), "seconds": seconds, "done": sum(t.item.state == "done" for t in transfers),
            "bytes": sum(t.item.bytes_done for t in transfers), "split": len(split)}
