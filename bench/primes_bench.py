"""Primes: Tributary's CLI against primesieve (Debian ``primesieve-bin``), counts checked equal.

Ours is the job's own time (``seconds`` in ``--json``: pool start-up plus compute, not the interpreter's
start); primesieve's is its whole process. The C kernel (libprimesieve) runs unless it is missing."""

from __future__ import annotations

import json
import os
import shutil
import tempfile

from bench.table import Row, best_of, timed, tributary


def _ours(high: str, workers: int, *extra: str, low: str = "0") -> dict:
    seconds, out = timed(tributary("primes", low, high, "--workers", str(workers), "--json", *extra))
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return {"seconds": result["seconds"], "compute": result["compute_seconds"], "wall": seconds,
            "count": result["count"], "kernel": result.get("kernel", "numpy"), "startup": result["startup_seconds"],
            "executor": result["executor"]}


def _primesieve(high: str, threads: int, low: str = "0") -> dict:
    exe = shutil.which("primesieve")
    seconds, out = timed([exe, low, high, "-c1", "-t", str(threads), "-q"])
    return {"seconds": seconds, "count": int(out.stdout.split(":")[-1])}


def _listing(high: str, workers: int) -> tuple[Row, Row]:
    """List every prime below ``high`` to a file; report time and peak RSS of the CLI's process tree.

    A small wrapper process runs the CLI, so its children's peak RSS is the CLI's and its pool
    workers' alone (the benchmark process has run other tools before).
    """
    import sys
    import tempfile

    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t); "
             "sys.exit(r.returncode)")
    with tempfile.TemporaryDirectory(prefix="tributary-list-") as tmp:
        target = os.path.join(tmp, "primes.txt")
        _, out = timed([sys.executable, "-c", probe, *tributary("primes", "0", high, "--list", "-o", target,
                                                               "--workers", str(workers), "--json")])
        size = os.path.getsize(target)
    peak_kib, seconds = out.stdout.strip().splitlines()[-1].split()
    peak_mb = int(peak_kib) / 1024
    return (Row(f"list primes below {high} ({size / 1e9:.1f} GB of text): peak RSS, largest process of the CLI",
                peak_mb, unit="MB", goal="≤ 300 MB", met=peak_mb <= 300),
            Row(f"list primes below {high}: wall time", float(seconds)))


def run(quick: bool = False) -> list:
    rows = []
    cores = os.cpu_count() or 1
    have_peer = shutil.which("primesieve") is not None
    for high in (("1e9",) if quick else ("1e9", "1e10")):
        for workers in sorted({1, cores}):
            if high == "1e10" and workers == 1 and quick:
                continue
            ours = best_of(1 if high == "1e10" else 3, lambda h=high, w=workers: _ours(h, w))
            peer = best_of(3, lambda h=high, w=workers: _primesieve(h, w)) if have_peer else None
            if peer is not None and peer["count"] != ours["count"]:
                raise SystemExit(f"count mismatch at {high}: ours {ours['count']} primesieve {peer['count']}")
            goal, met = "", None
            if high == "1e9" and workers == 1:
                goal, met = "≤ 1.2 s", ours["seconds"] <= 1.2
            if high == "1e10" and workers == cores and peer:
                goal, met = "≤ 1.15× primesieve", ours["seconds"] <= 1.15 * peer["seconds"]
            rows.append(Row(f"π({high}), {workers} {ours['executor']} ({ours['kernel']})", ours["seconds"],
                            peer and peer["seconds"],
                            "primesieve" if peer else "", goal=goal, met=met))
    rows += _c_kernel_rows(quick, cores, have_peer)
    high = "1e9" if quick else "1e10"
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free > (1 if quick else 8) * 2**30:
        rows += list(_listing(high, cores))
    if have_peer and free > 2 * 2**30:
        rows.append(_listing_vs_primesieve("1e9", cores))
    rows += _cluster_rows(quick, cores)
    rows.append(_recording_overhead(high, cores, 2 if quick else 7))  # ~1 % apart: 3 runs were noise
    return rows


def _recording_overhead(high: str, workers: int, runs: int) -> Row:
    """π(high) with the timeline recording on and off (``TRIBUTARY_TIMELINE=0``), interleaved, best of each."""
    times: dict[str, list[float]] = {"1": [], "0": []}
    for i in range(runs):
        for mode in ("1", "0") if i % 2 == 0 else ("0", "1"):
            env = dict(os.environ, TRIBUTARY_TIMELINE=mode)
            _, out = timed(tributary("primes", "0", high, "--workers", str(workers), "--json"), env=env)
            times[mode].append(json.loads(out.stdout.strip().splitlines()[-1])["compute_seconds"])
    on, off = min(times["1"]), min(times["0"])
    return Row(f"π({high}) with timeline recording on, best of {runs} (peer: recording off)", on, off,
               "recording off", goal="≤ 1.02× off", met=on <= 1.02 * off)


def _c_kernel_rows(quick: bool, cores: int, have_peer: bool) -> list[Row]:
    """π far from zero against primesieve; threads scaling with the C kernel and with numpy."""
    rows = []
    low, high = "1e12", "1e12+1e9" if quick else "1e12+1e10"
    ours = best_of(1 if not quick else 2, lambda: _ours(high, cores, low=low))
    peer = best_of(3, lambda: _primesieve(high, cores, low=low)) if have_peer else None
    if peer is not None and peer["count"] != ours["count"]:
        raise SystemExit(f"count mismatch on [{low}, {high}]: ours {ours['count']} primesieve {peer['count']}")
    rows.append(Row(f"π over [{low}, {high}], {cores} workers ({ours['kernel']})", ours["seconds"],
                    peer and peer["seconds"], "primesieve" if peer else "", goal="≤ 1.15× primesieve",
                    met=bool(peer) and ours["seconds"] <= 1.15 * peer["seconds"]))
    x = "1e9" if quick else "1e10"
    procs = best_of(1, lambda: _ours(x, cores, "--executor", "processes"))
    rows.append(Row(f"π({x}), {cores} processes ({procs['kernel']}; pool start-up {procs['startup']:.2f} s included)",
                    procs["seconds"]))
    for kernel, size, goal in (("auto", x, 1.8), ("numpy", "1e9", None)):
        one = best_of(1, lambda k=kernel, s=size: _ours(s, 1, "--executor", "threads", "--kernel", k))
        many = best_of(1, lambda k=kernel, s=size: _ours(s, cores, "--executor", "threads", "--kernel", k))
        speedup = one["compute"] / many["compute"]
        rows.append(Row(f"π({size}) on threads, {cores} vs 1 worker ({many['kernel']}): speed-up", speedup, unit="×",
                        goal=f"≥ {goal}×" if goal else "(contrast: the GIL)", met=(speedup >= goal) if goal else None))
    return rows


def _listing_vs_primesieve(high: str, workers: int) -> Row:
    """List the primes below ``high`` to a file: ours against ``primesieve HIGH -p > file`` (files equal)."""
    import filecmp
    import subprocess
    import time

    with tempfile.TemporaryDirectory(prefix="tributary-list-") as tmp:
        ours_path, peer_path = os.path.join(tmp, "ours.txt"), os.path.join(tmp, "peer.txt")
        ours = json.loads(timed(tributary("primes", "0", high, "--list", "-o", ours_path, "--workers", str(workers),
                                          "--json"))[1].stdout)
        t0 = time.perf_counter()
        with open(peer_path, "wb") as fh:
            subprocess.run([shutil.which("primesieve"), high, "-p"], stdout=fh, check=True)
        peer = time.perf_counter() - t0
        if not filecmp.cmp(ours_path, peer_path, shallow=False):
            raise SystemExit(f"listing below {high} differs from primesieve's")
    return Row(f"list primes below {high} to a file ({ours['kernel']})", ours["seconds"], peer,
               "primesieve -p", goal="≤ 2× primesieve", met=ours["seconds"] <= 2 * peer)


def _cluster_rows(quick: bool, cores: int) -> list[Row]:
    """A LocalCluster of 2 workers against the process pool on π(1e10); cancel latency on the cluster."""
    import asyncio

    x = "1e9" if quick else "1e10"
    pool = best_of(1, lambda: _ours(x, 2, "--executor", "processes"))
    cluster = best_of(1, lambda: _ours(x, 2, "--cluster", "local:2"))
    if cluster["count"] != pool["count"]:
        raise SystemExit("the cluster's count differs from the process pool's")
    rows = [Row(f"π({x}) on a LocalCluster of 2 (compute; start-up {cluster['startup']:.2f} s)", cluster["compute"],
                pool["compute"], "process pool ×2", goal="≤ 1.5× the process pool",
                met=cluster["compute"] <= 1.5 * pool["compute"])]
    latency, idle = asyncio.run(_cluster_cancel())
    rows.append(Row("LocalCluster: cancel to cancelled", latency, goal="≤ 0.250 s", met=latency <= 0.25))
    rows.append(Row("LocalCluster: cancel to workers idle", idle, goal="≤ 1 s", met=idle is not None and idle <= 1.0))
    return rows


async def _cluster_cancel() -> tuple[float, float | None]:
    import asyncio
    import concurrent.futures as cf
    import time

    import psutil

    from tributary.workers.cluster import Cluster
    from tributary.workers.pool import ProcessPool
    from tributary.workers.primes import PrimeRequest, start_job
    from tributary.workers.runner import JobRunner

    threads = cf.ThreadPoolExecutor(2)
    runner = JobRunner(threads, ProcessPool(2))
    runner.cluster = Cluster(workers=2)
    try:
        await runner.cluster.connect()
        pids = list((await asyncio.get_running_loop().run_in_executor(None, runner.cluster.worker_pids)).values())
        job = start_job(runner, PrimeRequest(10**14, 10**14 + 10**13, workers=2, executor="cluster", twins=False))
        await asyncio.sleep(1.0)
        t0 = time.perf_counter()
        runner.cancel(job)
        await runner.wait(job)
        latency = time.perf_counter() - t0

        def cpu():
            return [sum(psutil.Process(p).cpu_times()[:2]) for p in pids]

        idle = None
        while time.perf_counter() - t0 < 5:
            before = cpu()
            await asyncio.sleep(0.1)
            if all(b - a < 0.01 for a, b in zip(before, cpu())):
                idle = time.perf_counter() - t0 - 0.1
                break
        return latency, idle
    finally:
        await runner.shutdown()
        threads.shutdown(wait=True)

