"""Child-process accounting (Linux /proc), for leak checks in the self-test, tests and benchmarks."""

from __future__ import annotations

import os


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        if fields and fields[0] != "Z":
            kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def descendants(pid: int | None = None) -> list[int]:
    """Live (non-zombie) descendants of ``pid`` (default: this process)."""
    pid = os.getpid() if pid is None else pid
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def worker_descendants(pid: int | None = None) -> list[int]:
    """Descendants except multiprocessing's resource tracker (it exits with the interpreter)."""
    return [p for p in descendants(pid) if "resource_tracker" not in cmdline(p)]


def start_ticks(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot, from /proc), or None if it is gone or a zombie.

    A pid and its start time name one process: a recycled pid has a different start time.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] in (b"Z", b"X"):  # dead, waiting to be reaped
        return None
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


def process_age(pid: int | None = None) -> float | None:
    """Seconds since ``pid`` (default: this process) started, from /proc; None where unavailable."""
    pid = os.getpid() if pid is None else pid
    try:
        with open(f"/proc/{pid}/stat") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
