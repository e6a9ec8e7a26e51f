"""A long queue in the real window: the GUI thread's longest stall while 10,000 URLs are added through the
Downloads panel, the memory they cost, and how long closing takes with them queued.

Run as a program (``python -m bench.queue_scale [--urls N] [--existing N] [--profile FILE]``) it prints one
JSON line; :func:`measure_in_child` runs it in a fresh process (so the RSS figure is this work's alone and
the close is timed to the process's exit) for ``bench/downloads_bench.py``.

The URLs point at a loopback socket that accepts connections and never answers: the first transfers
start and wait, the rest stay queued — a long queue that is really there when the window closes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import ROOT


class Heartbeat:
    """A precise timer on the GUI thread (every ``interval_ms``, 1 by default); ``max_gap_ms`` is the longest
    time between two beats beyond the interval (the tests use it too)."""

    def __init__(self, interval_ms: int = 1) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.interval = interval_ms
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.max_gap_ms = 0.0
        self.wall = time.monotonic()

    def start(self) -> None:
        self.clock.start()
        self.last = 0.0
        self.timer.start()

    def reset(self) -> None:
        self.last = self.clock.nsecsElapsed() / 1e6
        self.max_gap_ms = 0.0

    def _beat(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.max_gap_ms = max(self.max_gap_ms, now - self.last - self.interval)
        self.last = now
        self.wall = time.monotonic()

    def stop(self) -> float:
        """Stop; the longest gap, a stall that lasts until now included."""
        self._beat()
        self.timer.stop()
        return self.max_gap_ms


class StallSampler:
    """Where the GUI thread is while a heartbeat is late (``--stalls``): its stack, sampled every 2 ms
    from a side thread while the last beat is more than ``after_ms`` old (Python frames only: time in
    C++ that holds the GIL shows as the frame that called it, or not at all)."""

    def __init__(self, beat: Heartbeat, after_ms: float = 15.0) -> None:
        import threading

        self.beat, self.after = beat, after_ms / 1000
        self.main = threading.main_thread().ident
        self.samples: dict[str, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import traceback

        while not self.stop.wait(0.002):
            if time.monotonic() - self.beat.wall > self.after:
                frame = sys._current_frames().get(self.main)  # noqa: SLF001
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-8:]
                    key = " <- ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(stack))
                    self.samples[key] = self.samples.get(key, 0) + 1

    def report(self) -> list[tuple[int, str]]:
        self.stop.set()
        self.thread.join()
        return sorted(((n, k) for k, n in self.samples.items()), reverse=True)[:12]


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / (1 << 20)


def _prefill(journal_path: Path, rows: int) -> None:
    """A journal that already holds ``rows`` finished rows of another folder (a long-used app)."""
    from tributary.workers.downloads.journal import Item, Journal

    journal = Journal(journal_path)
    journal.add([Item(url=f"http://127.0.0.1:9/old/{i}.bin", folder="/elsewhere", state="done") for i in range(rows)])
    journal.close()


class _Profile:
    """cProfile around a step when asked (``--profile FILE``: FILE for the add, FILE.close for the close)."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def run(self, suffix: str):
        import contextlib
        import cProfile

        if not self.path:
            return contextlib.nullcontext()
        prof = cProfile.Profile()

        @contextlib.contextmanager
        def profiled():
            prof.enable()
            try:
                yield
            finally:
                prof.disable()
                prof.dump_stats(self.path + suffix)

        return profiled()


async def _open_window(app, settings, languages, journal_path: Path):
    """The app's services and window, up as the app brings them up (modules warmed, then the heap frozen)."""
    from tributary.gui.app import Services, freeze_heap, warm_imports
    from tributary.gui.main_window import MainWindow

    services = Services(app, settings, languages, journal_path=str(journal_path))
    window = MainWindow(services)
    window.meter.start()
    window.show()
    await warm_imports(("numpy", "aiohttp", "pyqtgraph"))  # as the app does after its first paint …
    freeze_heap()  # … and then
    await services.restored
    await asyncio.sleep(0.5)
    return services, window


async def _add(window, services, text: str, beat: Heartbeat, profile: _Profile, stalls: bool) -> dict:
    """Add ``text`` through the panel; the longest stall until the rows are in and the queue runs a second."""
    gc.collect()
    rss_before = rss_mb()
    beat.reset()
    window.meter.reset()
    sampler = StallSampler(beat) if stalls else None
    with profile.run(""):
        t0 = time.perf_counter()
        transfers = await window.downloads.add_text(text)
        rows_seconds = time.perf_counter() - t0
        await asyncio.sleep(1.0)  # the first transfers start, the bridge ticks
    stall = beat.max_gap_ms
    if sampler is not None:
        for n, where in sampler.report():
            print(f"{n:4d} {where}", file=sys.stderr)
    gc.collect()
    rss_after = rss_mb()
    states: dict[str, int] = {}
    for t in transfers:
        states[t.item.state] = states.get(t.item.state, 0) + 1
    return {"add_max_stall_ms": round(stall, 1), "meter_max_ms": window.meter.stats()["max"],
            "rows": window.downloads.model.rowCount(), "rows_seconds": round(rows_seconds, 3),
            "rss_before_mb": round(rss_before, 1), "rss_after_mb": round(rss_after, 1),
            "rss_growth_mb": round(rss_after - rss_before, 1), "states": states}


async def _close(window, services, beat: Heartbeat, profile: _Profile) -> dict:
    beat.reset()
    with profile.run(".close"):
        t0 = time.perf_counter()
        window.close()
        shutdown = await services.shutdown()
        seconds = time.perf_counter() - t0
    window.deleteLater()
    return {"close_seconds": round(seconds, 3), "shutdown_seconds": round(shutdown, 3),
            "close_max_stall_ms": round(beat.max_gap_ms, 1), "close_started_at": time.time() - seconds}


def _stored_states(journal_path: Path, folder: str) -> dict[str, int]:
    from tributary.workers.downloads.journal import Journal

    journal = Journal(journal_path)
    states: dict[str, int] = {}
    for item in journal.items():
        if item.folder == folder:
            states[item.state] = states.get(item.state, 0) + 1
    journal.close()
    return states


async def _measure(app, settings, languages, tmp: Path, urls: int, existing: int, profile: str | None,
                   stalls: bool = False) -> dict:
    journal_path, folder = tmp / "journal.sqlite3", tmp / "dl"
    if existing:
        _prefill(journal_path, existing)
    mute = socket.socket()
    mute.bind(("127.0.0.1", 0))
    mute.listen(64)  # connections are accepted by the kernel and never answered: transfers wait
    base = f"http://127.0.0.1:{mute.getsockname()[1]}"
    services, window = await _open_window(app, settings, languages, journal_path)
    window.downloads.folder.setText(str(folder))
    beat = Heartbeat()
    beat.start()
    await asyncio.sleep(0.2)
    try:
        text = "\n".join(f"{base}/f/{i:05d}.bin" for i in range(urls))
        result = {"urls": urls, "existing": existing, **await _add(window, services, text, beat, _Profile(profile),
                                                                    stalls)}
        result.update(await _close(window, services, beat, _Profile(profile)))
    finally:
        beat.stop()
        mute.close()
    result["stored"] = _stored_states(journal_path, str(folder))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.queue_scale")
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--existing", type=int, default=0, help="finished rows already in the journal")
    parser.add_argument("--profile", help="write a cProfile of the add to this file")
    parser.add_argument("--stalls", action="store_true", help="print where the GUI thread was while it was late")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from tributary.gui.app import create_app

    sys.setswitchinterval(0.001)  # as the app does
    with tempfile.TemporaryDirectory(prefix="tributary-queue-") as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        app, settings, languages = create_app()
        result = qasync.run(_measure(app, settings, languages, Path(tmp), args.urls, args.existing, args.profile,
                                    args.stalls))
    print(json.dumps(result), flush=True)


def measure_in_child(urls: int = 10_000, existing: int = 0) -> dict:
    """Run :func:`main` in a fresh process; adds ``exit_seconds``: from the close to the process's exit."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "bench.queue_scale", "--urls", str(urls), "--existing",
                             str(existing)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    out, _ = proc.communicate(timeout=300)
    ended = time.time()
    if proc.returncode != 0:
        raise RuntimeError(f"bench.queue_scale exited {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["exit_seconds"] = round(ended - result["close_started_at"], 3)
    return result


if __name__ == "__main__":
    main()
