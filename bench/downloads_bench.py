"""Downloads: Tributary's CLI against ``curl --parallel`` and ``aria2c`` on a local nginx.

Same files, same concurrency, every file's SHA-256 checked after each tool.
(a) 1,000 × 16 KiB at 16 at a time; (b) 4 × 256 MiB at 4 (``--quick``: 200 × 16 KiB, 4 × 32 MiB), one
connection per file, against curl, aria2c and parfive (when the ``parfive`` package is installed);
(c) one 1 GiB file from an nginx that limits each connection to 20 MB/s, over 8 connections, against
``aria2c -x8 -s8`` (goal: ≥ 90 % of 8 × 20 MB/s); (d) a 100 MiB file with ``--limit 5M``: the achieved
rate within ±10 % of 5 MiB/s (``--quick``: 256 MiB and 40 MiB); (e) 10,000 URLs added through the
window's Downloads panel, with 20,000 rows of earlier runs in the journal: the GUI thread's longest stall
(a 1 ms heartbeat) and the memory they cost, then the close with them queued, to the process's exit
(``bench/queue_scale.py``, in a process of its own).
Wall time and CPU time (user+sys of the tool's process tree) are reported.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.nginx import Nginx
from bench.table import Row, tributary


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(cmd: list[str], out: Path) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    c0, t0 = _cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t0, _cpu() - c0


def _verify(out: Path, expected: dict[str, str]) -> None:
    for name, digest in expected.items():
        with open(out / name, "rb") as fh:
            got = hashlib.file_digest(fh, "sha256").hexdigest()
        if got != digest:
            raise SystemExit(f"{out / name}: SHA-256 mismatch")


def scenario(nginx: Nginx, work: Path, label: str, count: int, size: int, parallel: int) -> list[Row]:
    src = nginx.root / label
    src.mkdir(exist_ok=True)
    expected = {}
    for i in range(count):
        data = os.urandom(size)
        (src / f"f{i:04d}.bin").write_bytes(data)
        expected[f"f{i:04d}.bin"] = hashlib.sha256(data).hexdigest()
    urls = [f"{nginx.base}/{label}/{name}" for name in expected]
    listing = work / f"{label}.urls"
    listing.write_text("\n".join(urls) + "\n")
    curl_cfg = work / f"{label}.curl"
    out = work / "out"
    curl_cfg.write_text("".join(f'url = "{u}"\noutput = "{out}/{n}"\n' for u, n in zip(urls, expected)))
    tools = {
        "tributary": tributary("download", "-i", str(listing), "-d", str(out), "-j", str(parallel), "--per-host",
                               str(parallel), "--journal", str(work / "journal.sqlite3")),
        "curl": ["curl", "--parallel", "--parallel-max", str(parallel), "-s", "-K", str(curl_cfg)],
        "aria2c": ["aria2c", "-i", str(listing), "-d", str(out), "-j", str(parallel), "-x1", "-s1", "--quiet",
                   "--file-allocation=none", "--allow-overwrite=true", "--auto-file-renaming=false",
                   "--max-connection-per-server=1"],
    }
    tools["tributary"] += ["--split", "1"]  # one connection per file, like the peers here
    if importlib.util.find_spec("parfive") is not None:
        tools["parfive"] = [sys.executable, "-c", "import sys; from parfive.main import main; sys.exit(main())",
                            "--max-conn", str(parallel), "--max-splits", "1", "--no-progress", "--directory",
                            str(out), *urls]
    times = {}
    for tool, cmd in tools.items():
        if shutil.which(cmd[0]) is None:
            continue
        best = None
        for _ in range(3):
            (work / "journal.sqlite3").unlink(missing_ok=True)
            wall, cpu = _run(cmd, out)
            _verify(out, expected)
            if best is None or wall < best[0]:
                best = (wall, cpu)
        times[tool] = best
    rows = []
    curl = times.get("curl")
    # the goals: many small files ≤ 1.5× curl and ahead of aria2c (and ≥ 2× faster than parfive);
    # four large files ≤ 1.2× curl
    goal_ratio = 1.5 if size < 1 << 20 else 1.2
    desc = f"({label}) {count} × {size // 1024} KiB at {parallel}"
    ours = times["tributary"]
    for peer in ("curl", "aria2c", "parfive"):
        if peer in times:
            goal, met = "", None
            if peer == "curl" and curl:
                goal, met = f"≤ {goal_ratio}× curl", ours[0] <= goal_ratio * curl[0]
            elif peer == "aria2c" and size < 1 << 20:
                goal, met = "ahead of aria2c", ours[0] < times[peer][0]
            elif peer == "parfive" and size < 1 << 20:
                goal, met = "≥ 2× faster than parfive", 2 * ours[0] <= times[peer][0]
            rows.append(Row(f"{desc}: wall vs {peer}", ours[0], times[peer][0], peer, goal=goal, met=met))
            rows.append(Row(f"{desc}: CPU vs {peer}", ours[1], times[peer][1], peer))
    return rows


def _big_file(nginx: Nginx, folder: str, name: str, size: int) -> str:
    src = nginx.root / folder
    src.mkdir(exist_ok=True)
    digest = hashlib.sha256()
    with open(src / name, "wb") as fh:
        for _ in range(size >> 20):
            block = os.urandom(1 << 20)
            digest.update(block)
            fh.write(block)
    return digest.hexdigest()


def segmented(nginx: Nginx, work: Path, size: int) -> list[Row]:
    """(c) One file from an nginx limiting each connection to 20 MB/s, 8 connections."""
    digest = _big_file(nginx, "r20", "one.bin", size)
    url = f"{nginx.base}/r20/one.bin"
    out = work / "out"
    tools = {"tributary": tributary("download", url, "-d", str(out), "--split", "8", "--journal",
                                    str(work / "journal.sqlite3")),
             "aria2c": ["aria2c", "-x8", "-s8", "-k1M", "--quiet", "--file-allocation=falloc",
                        "--allow-overwrite=true", "-d", str(out), "-o", "one.bin", url]}
    times = {}
    for tool, cmd in tools.items():
        if shutil.which(cmd[0]) is None:
            continue
        (work / "journal.sqlite3").unlink(missing_ok=True)
        wall, cpu = _run(cmd, out)
        _verify(out, {"one.bin": digest})
        times[tool] = (wall, cpu)
    ours = times["tributary"]
    rate = size / ours[0] / 1e6
    desc = f"(c) {size >> 20} MiB, nginx limit_rate 20m per connection, 8 connections"
    rows = [Row(f"{desc}: MB/s", rate, 160.0, "8 × 20 MB/s", unit="MB/s", goal="≥ 90 %", met=rate >= 0.9 * 160)]
    if "aria2c" in times:
        rows.append(Row(f"{desc}: wall vs aria2c -x8 -s8", ours[0], times["aria2c"][0], "aria2c",
                        goal="≤ 1.0× aria2c", met=ours[0] <= times["aria2c"][0]))
        rows.append(Row(f"{desc}: CPU vs aria2c", ours[1], times["aria2c"][1], "aria2c"))
    return rows


def speed_limit(nginx: Nginx, work: Path, size: int) -> list[Row]:
    """(d) ``--limit 5M`` on one file: the achieved rate (bytes over the transfer's wall time)."""
    digest = _big_file(nginx, "lim", "limited.bin", size)
    out = work / "out"
    cmd = tributary("download", f"{nginx.base}/lim/limited.bin", "-d", str(out), "--limit", "5M", "--journal",
                    str(work / "journal.sqlite3"))
    (work / "journal.sqlite3").unlink(missing_ok=True)
    t0 = time.perf_counter()
    _run(cmd, out)
    wall = time.perf_counter() - t0
    _verify(out, {"limited.bin": digest})
    achieved = size / wall / (1 << 20)
    return [Row(f"(d) --limit 5M on {size >> 20} MiB: achieved MiB/s", achieved, 5.0, "the limit", unit="MiB/s",
                goal="within ±10 %", met=abs(achieved - 5.0) <= 0.5)]


def long_queue(urls: int = 10_000, existing: int = 20_000) -> list[Row]:
    from bench.queue_scale import measure_in_child

    r = measure_in_child(urls, existing)
    n = f"{urls:,}"
    return [
        Row(f"(e) {n} URLs added in the window: GUI thread's longest stall", r["add_max_stall_ms"], unit="ms",
            goal="≤ 50 ms", met=r["add_max_stall_ms"] <= 50),
        Row(f"(e) {n} URLs added in the window: RSS growth", r["rss_growth_mb"], unit="MB", goal="≤ 50 MB",
            met=r["rss_growth_mb"] <= 50),
        Row(f"(e) close with {n} queued ({r['states'].get('running', 0)} running) → process exit, all stored "
            f"paused ({r['stored'].get('paused', 0):,})", r["exit_seconds"], goal="≤ 1 s",
            met=r["exit_seconds"] <= 1.0 and r["stored"] == {"paused": urls}),
    ]


def run(quick: bool = False) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="tributary-bench-") as tmp:
        work = Path(tmp)
        nginx = Nginx(work / "nginx")
        nginx.start()
        try:
            rows = scenario(nginx, work, "a", 200 if quick else 1000, 16 * 1024, 16)
            rows += scenario(nginx, work, "b", 4, (32 if quick else 256) << 20, 4)
            rows += segmented(nginx, work, (256 if quick else 1024) << 20)
            rows += speed_limit(nginx, work, (40 if quick else 100) << 20)
        finally:
            nginx.stop()
    return rows + long_queue()
