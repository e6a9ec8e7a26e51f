"""Shared memory: each executor's time, its speed-up against one process and its per-worker efficiency.

Runs in-process with a warm pool (the app keeps its pool alive), best of 4 runs each, squares kernel
(every result checked exactly against the closed form). The speed-up and efficiency are the engine's own
figures (it keeps the one-process run as the baseline); the bytes written are the job's (8 per element,
written once: the fill is fused per cache-sized block). A warm single-process ``ndarray.fill`` of the
same size is shown for scale.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import os
import time

import numpy as np

from bench.table import Row
from tributary.workers import arrays
from tributary.workers.pool import ProcessPool
from tributary.workers.runner import JobRunner


def fill_bandwidth(n: int) -> float:
    a = np.empty(n, dtype=np.int64)
    a.fill(1)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        a.fill(7)
        best = min(best, time.perf_counter() - t0)
    return n * 8 / best / 1e9


async def _measure(sizes, workers: int) -> list[Row]:
    threads = cf.ThreadPoolExecutor(workers)
    runner = JobRunner(threads, ProcessPool(workers))
    await asyncio.get_running_loop().run_in_executor(None, runner.pool.warm)
    baselines = arrays.Baselines()  # the one-process run of each size, as the app's engine keeps it
    rows = []
    try:
        for n in sizes:
            bw = fill_bandwidth(n)
            rows.append(Row(f"numpy fill bandwidth, n={n:.0e} (1 process)", bw, unit="GB/s"))
            for executor in ("single", "threads", "processes"):
                best = None
                for _ in range(4):
                    t0 = time.perf_counter()
                    job = arrays.start_fill_job(runner, arrays.FillRequest(n, "squares", workers, executor),
                                                baselines=baselines)
                    await runner.wait(job)
                    wall = time.perf_counter() - t0
                    if not job.result.exact_matches_closed_form:
                        raise SystemExit(f"inexact result for n={n} on {executor}")
                    if best is None or wall < best[0]:
                        best = (wall, job.result)
                wall, r = best
                used = r.workers
                goal, met = "", None
                if executor == "processes" and used > 1:
                    goal, met = "efficiency ≥ 70 % per worker", (r.efficiency or 0) >= 0.7
                rows.append(Row(f"squares n={n:.0e} {executor}×{used}: {r.bytes_written / 1e6:.0f} MB written, "
                                f"speed-up {r.speedup or 1:.2f}× against one process, efficiency "
                                f"{(r.efficiency or 1):.0%} per worker", r.gbps, unit="GB/s", goal=goal, met=met))
                if n == 10**7 and executor == "processes":
                    rows.append(Row("squares n=1e7 processes, warm pool: end-to-end", wall, goal="≤ 0.040 s",
                                    met=wall <= 0.040))
    finally:
        await runner.shutdown()
        threads.shutdown(wait=True)
    return rows


def run(quick: bool = False) -> list[Row]:
    return asyncio.run(_measure((10**7,) if quick else (10**7, 10**8), os.cpu_count() or 1))
