"""Downloads: Tributary's CLI against ``curl --parallel`` and ``aria2c`` on a local nginx.

Same files, same concurrency, one connection per file, every file's SHA-256 checked after each tool.
(a) 1,000 × 16 KiB at 16 at a time; (b) 4 × 256 MiB at 4 (``--quick``: 200 × 16 KiB, 4 × 32 MiB).
Wall time and CPU time (user+sys of the tool's process tree) are reported.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
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
    goal_ratio = 1.0 if size < 1 << 20 else 1.1
    desc = f"({label}) {count} × {size // 1024} KiB at {parallel}"
    ours = times["tributary"]
    for peer in ("curl", "aria2c"):
        if peer in times:
            met = ours[0] <= goal_ratio * curl[0] if peer == "curl" and curl else None
            rows.append(Row(f"{desc}: wall vs {peer}", ours[0], times[peer][0], peer,
                            goal=f"≤ {goal_ratio}× curl" if peer == "curl" else "", met=met))
            rows.append(Row(f"{desc}: CPU vs {peer}", ours[1], times[peer][1], peer))
    return rows


def run(quick: bool = False) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="tributary-bench-") as tmp:
        work = Path(tmp)
        nginx = Nginx(work / "nginx")
        nginx.start()
        try:
            rows = scenario(nginx, work, "a", 200 if quick else 1000, 16 * 1024, 16)
            rows += scenario(nginx, work, "b", 4, (32 if quick else 256) << 20, 4)
        finally:
            nginx.stop()
    return rows
