"""The command line's live view of a download batch.

On a terminal (``stderr`` is a TTY): one status line — overall bar, bytes, rate, ETA — and a line per
active file (name, percent, rate, connections), redrawn at most 10 times a second in place (ANSI cursor
moves), with each finished item's result line printed above it. Anywhere else: only the result lines
(the same lines as before), so pipes and logs see no control characters; ``--json`` is unchanged.
"""

from __future__ import annotations

import shutil
import sys
import time

MAX_HZ = 10
MAX_FILES = 5


def human(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GiB"  # pragma: no cover


def clock(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds > 360000:
        return "--:--"
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


def bar(fraction: float, width: int) -> str:
    filled = int(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


class ProgressDisplay:
    """Draws ``engine``'s transfers; call :meth:`tick` often (it redraws at most ``MAX_HZ`` times a second)."""

    def __init__(self, engine, *, out=None, err=None, live: bool | None = None) -> None:
        self.engine = engine
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.live = self.err.isatty() if live is None else live
        self._drawn = 0  # lines of the live block on screen
        self._last = 0.0
        self._speed = 0.0
        self._sample = (time.monotonic(), 0)
        self.redraws = 0

    def line(self, text: str) -> None:
        """A result line, printed above the live block."""
        self._clear()
        print(text, file=self.out, flush=True)
        self._last = 0.0  # redraw at the next tick

    def tick(self, *, force: bool = False) -> None:
        if not self.live:
            return
        now = time.monotonic()
        if not force and now - self._last < 1.0 / MAX_HZ:
            return
        self._last = now
        lines = self.render(now)
        self._clear()
        self.err.write("\n".join(lines) + "\n")
        self.err.flush()
        self._drawn = len(lines)
        self.redraws += 1

    def finish(self) -> None:
        self._clear()

    def _clear(self) -> None:
        if self._drawn:
            self.err.write(f"\x1b[{self._drawn}F\x1b[J")  # up to the block's first line, erase to the end
            self.err.flush()
            self._drawn = 0

    def render(self, now: float) -> list[str]:
        transfers = self.engine.transfers
        width = max(40, shutil.get_terminal_size((100, 20)).columns - 1)
        done = sum(t.item.state == "done" for t in transfers)
        moved = sum(t.item.bytes_done for t in transfers)
        total = sum(t.item.total or 0 for t in transfers)
        known = all(t.item.total is not None for t in transfers if t.item.state != "failed")
        then, before = self._sample
        if now - then >= 0.5:
            rate = max(0.0, (moved - before) / (now - then))
            self._speed = rate if not self._speed else 0.6 * self._speed + 0.4 * rate
            self._sample = (now, moved)
        running = [t for t in transfers if t.item.state == "running"]
        fraction = moved / total if total and known else done / max(1, len(transfers))
        eta = (total - moved) / self._speed if known and total and self._speed > 0 else None
        head = (f" {fraction:6.1%}  {done}/{len(transfers)} files  {human(moved)}"
                + (f" of {human(total)}" if known and total else "")
                + f"  {human(self._speed)}/s  ETA {clock(eta)}  ")
        lines = [bar(fraction, max(10, width - len(head))) + head]
        for t in running[:MAX_FILES]:
            item = t.item
            part = item.bytes_done / item.total if item.total else 0.0
            conns = len(t.details.active)
            t.sample_speed()
            text = (f"  {part:6.1%} {human(t.speed):>11}/s"
                    + (f" ×{conns}" if conns > 1 else "   ") + f"  {item.name or item.url}")
            lines.append(text[:width])
        if len(running) > MAX_FILES:
            lines.append(f"  … and {len(running) - MAX_FILES} more")
        return lines
