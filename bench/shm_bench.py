"""Shared memory: each executor's time and fraction of this machine's single-process fill bandwidth."""

from __future__ import annotations

import json
import os
import time

import numpy as np

from bench.table import Row, timed, tributary


def fill_bandwidth(n: int) -> float:
    """GB/s of a warm single-process numpy fill of n int64 (the reference 'memory bandwidth')."""
    a = np.empty(n, dtype=np.int64)
    a.fill(1)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        a.fill(7)
        best = min(best, time.perf_counter() - t0)
    return n * 8 / best / 1e9


def run(quick: bool = False) -> list:
    rows = []
    cores = os.cpu_count() or 1
    for n in ((10**7,) if quick else (10**7, 10**8)):
        bw = fill_bandwidth(n)
        rows.append(Row(f"numpy fill bandwidth, n={n:.0e}", bw, unit="GB/s"))
        for executor in ("single", "threads", "processes"):
            _, out = timed(tributary("shm", str(n), "--executor", executor, "--workers", str(cores), "--json"))
            r = json.loads(out.stdout.strip().splitlines()[-1])
            assert r["exact_matches_closed_form"], r
            workers = r["workers"]
            fraction = r["gbps"] / (bw * workers)
            goal, met = "", None
            if executor == "processes":
                goal, met = "≥ 70 % of bandwidth per worker", fraction >= 0.7
            rows.append(Row(f"squares n={n:.0e} {executor}×{workers}: compute", r["compute_seconds"],
                            goal=goal, met=met))
            rows.append(Row(f"squares n={n:.0e} {executor}×{workers}: GB/s (fraction {fraction:.0%})", r["gbps"],
                            unit="GB/s"))
    return rows
