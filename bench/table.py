"""One table for every benchmark: figure, Tributary, peer, ratio, goal, met."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    figure: str
    tributary: float | None
    peer: float | None = None
    peer_name: str = ""
    unit: str = "s"
    goal: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.tributary is None or not self.peer:
            return None
        return self.tributary / self.peer


def best_of(n: int, fn):
    """Run ``fn()`` n times; return the result with the smallest ``seconds``."""
    results = [fn() for _ in range(n)]
    return min(results, key=lambda r: r["seconds"])


def timed(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, **kw)
    return time.perf_counter() - t0, out


def tributary(*args: str) -> list[str]:
    return [sys.executable, "-m", "tributary.gui", *args]


def print_table(rows: list[Row]) -> None:
    def fmt(v, unit=""):
        return "–" if v is None else (f"{v:.3f}{unit}" if isinstance(v, float) else str(v))

    header = ("figure", "Tributary", "peer", "ratio", "goal", "met")
    lines = [header] + [(r.figure, fmt(r.tributary, " " + r.unit), f"{fmt(r.peer, ' ' + r.unit)} {r.peer_name}".strip(),
                         fmt(r.ratio, "×"), r.goal, {True: "yes", False: "NO", None: "–"}[r.met]) for r in rows]
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for k, line in enumerate(lines):
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths)))
        if k == 0:
            print("  ".join("-" * w for w in widths))


def save(rows: list[Row], name: str) -> Path:
    out = ROOT / "bench" / "results" / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "cpu_count": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
        "rows": [dict(asdict(r), ratio=r.ratio) for r in rows],
    }, indent=2))
    return out
