"""Primes: Tributary's CLI against primesieve (Debian ``primesieve-bin``), counts checked equal."""

from __future__ import annotations

import json
import os
import shutil
import tempfile

from bench.table import Row, best_of, timed, tributary


def _ours(high: str, workers: int) -> dict:
    seconds, out = timed(tributary("primes", "0", high, "--workers", str(workers), "--json"))
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return {"seconds": result["seconds"], "compute": result["compute_seconds"], "wall": seconds,
            "count": result["count"]}


def _primesieve(high: str, threads: int) -> dict:
    exe = shutil.which("primesieve")
    seconds, out = timed([exe, high, "-c1", "-t", str(threads), "-q"])
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
                goal, met = "≤ 8× primesieve", ours["seconds"] <= 8 * peer["seconds"]
            rows.append(Row(f"π({high}), {workers} worker(s)", ours["seconds"], peer and peer["seconds"],
                            "primesieve" if peer else "", goal=goal, met=met))
    threads = best_of(1, lambda: _ours_threads("1e9", cores))
    rows.append(Row(f"π(1e9), {cores} threads (GIL-bound executor)", threads["seconds"]))
    high = "1e9" if quick else "1e10"
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free > (1 if quick else 8) * 2**30:
        rows += list(_listing(high, cores))
    rows.append(_recording_overhead(high, cores, 1 if quick else 3))
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


def _ours_threads(high: str, workers: int) -> dict:
    seconds, out = timed(tributary("primes", "0", high, "--workers", str(workers), "--executor", "threads", "--json"))
    return json.loads(out.stdout.strip().splitlines()[-1])
