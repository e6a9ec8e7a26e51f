"""The 'never frozen' figures: UI lateness under everything at once, cancel latency per job kind, clean
exit with everything running, and start-up to first paint (from source and, when built, frozen)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.table import ROOT, Row


def _first_paint(cmd: list[str]) -> float | None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    values = []
    for _ in range(3):
        out = subprocess.run(cmd + ["--self-test", "--json"], capture_output=True, text=True, env=env, timeout=120)
        if out.returncode not in (0, 1) or not out.stdout.strip():
            return None
        values.append(json.loads(out.stdout.strip().splitlines()[-1])["first_paint_seconds"])
    return statistics.median(values)


class _StallProbe:
    """``TRIBUTARY_STALLS=1``: where the GUI thread was while it was late (stacks sampled from a side thread,
    bench/queue_scale.py's sampler) and every garbage collection over 10 ms (which thread paid, how long)."""

    def __init__(self) -> None:
        import gc
        import threading
        import time

        from bench.queue_scale import Heartbeat, StallSampler

        self.beat = Heartbeat()
        self.beat.start()
        self.sampler = StallSampler(self.beat, after_ms=20.0)
        self.collections: list[str] = []
        started: dict[int, float] = {}

        def on_gc(phase: str, info: dict) -> None:
            me = threading.get_ident()
            if phase == "start":
                started[me] = time.perf_counter()
            elif me in started:
                ms = (time.perf_counter() - started.pop(me)) * 1000
                if ms > 10:
                    self.collections.append(f"gen{info['generation']} {ms:.0f} ms on {threading.current_thread().name}")

        self.on_gc = on_gc
        gc.callbacks.append(on_gc)

    def report(self) -> None:
        import gc

        gc.callbacks.remove(self.on_gc)
        self.beat.stop()
        sys.stderr.write(f"\nlongest GUI-thread gap: {self.beat.max_gap_ms:.1f} ms\n")
        for line in self.collections:
            sys.stderr.write(f"collection: {line}\n")
        for n, stack in self.sampler.report():
            sys.stderr.write(f"{n:5d} × {stack}\n")


async def _segmented(window, nginx, tmp: Path, quick: bool) -> dict:
    """Eight large files from nginx, each split over connections (adaptive), nothing else running."""
    import filecmp

    from bench.combined import segmented_load

    size_mib = 16 if quick else 128
    src = nginx.root / "seg"
    src.mkdir(exist_ok=True)
    names = []
    for i in range(8):
        with open(src / f"g{i}.bin", "wb") as fh:
            for _ in range(size_mib):
                fh.write(os.urandom(1 << 20))
        names.append(f"g{i}.bin")
    folder = tmp / "segmented"
    folder.mkdir()
    out = await segmented_load(window, f"{nginx.base}/seg", names, folder)
    same = sum(filecmp.cmp(src / n, folder / n, shallow=False) for n in names if (folder / n).exists())
    for n in names:  # 2 GiB of test data: gone before the next phase
        (src / n).unlink(missing_ok=True)
        (folder / n).unlink(missing_ok=True)
    return {"lateness": out["lateness"], "done": min(out["done"], same), "size_mib": size_mib, "split": out["split"],
            "mb_s": out["bytes"] / out["seconds"] / 1e6}


def _combined(quick: bool) -> list[Row]:


    from bench.combined import SHORT, Scale, close_with_everything_running, drive, make_files, percentile
    from bench.nginx import Nginx
    from tributary.gui.app import Services, create_app, freeze_heap, run_qt, warm_imports
    from tributary.gui.main_window import MainWindow

    scale = SHORT if quick else Scale()
    app, settings, languages = create_app()
    sys.setswitchinterval(0.001)  # as the app does
    rows: list[Row] = []

    async def main():
        with tempfile.TemporaryDirectory(prefix="tributary-combined-") as tmp:
            tmp = Path(tmp)
            nginx = Nginx(tmp / "nginx")
            paths = make_files(nginx.root, scale)
            nginx.start()
            services = Services(app, settings, languages, journal_path=":memory:")
            window = MainWindow(services)
            window.meter.start()
            window.show()
            await warm_imports(("numpy", "aiohttp", "pyqtgraph"))  # as the app does after its first paint …
            freeze_heap()  # … and then, once they are loaded
            probe = _StallProbe() if os.environ.get("TRIBUTARY_STALLS") else None
            folder = tmp / "downloads"
            folder.mkdir()
            window.downloads.folder.setText(str(folder))
            (tmp / "cancel").mkdir()
            closed = False
            try:
                report = await drive(window, services, nginx.base, paths, tmp / "cancel", scale)
                seg = await _segmented(window, nginx, tmp, quick)
                close_s, left, blocks = await close_with_everything_running(window, services, nginx.base, folder)
                closed = True
            finally:
                if probe is not None:
                    probe.report()
                if not closed:
                    window.close()
                    await services.shutdown()
                nginx.stop()
        lat = report.lateness
        shown = " with the timeline open" if report.timeline else ""
        rows.append(Row(f"combined load ({report.combined_seconds:.1f} s){shown}: UI lateness p99", lat["p99"] / 1000,
                        goal="≤ 16 ms", met=lat["p99"] <= 16))
        if report.timeline:
            tl = report.timeline
            rows.append(Row(f"timeline during the combined load: slowest of {tl['paints']} paints "
                            f"({tl['spans']:,} spans held)", tl["slowest_paint_ms"] / 1000, goal="≤ 16 ms",
                            met=tl["slowest_paint_ms"] <= 16))
        rows.append(Row("combined load: UI lateness max", lat["max"] / 1000, goal="≤ 50 ms", met=lat["max"] <= 50))
        sl = seg["lateness"]
        rows.append(Row(f"8 segmented downloads at full speed ({seg['size_mib']} MiB each, {seg['mb_s']:.0f} MB/s, "
                        f"{seg['split']}/8 split, {seg['done']}/8 done and identical): UI lateness p99", sl["p99"] / 1000, goal="≤ 16 ms",
                        met=sl["p99"] <= 16 and seg["done"] == 8))
        s = report.states
        ok = (s["downloads_done"] == s["downloads"] and s["primes"] == "done" and s["shm"] == "done"
              and s["shm_exact"])
        rows.append(Row(f"combined load: {s['downloads_done']}/{s['downloads']} downloads, primes {s['primes']} "
                        f"({s['primes_count']}), shm {s['shm']} (exact {s['shm_exact']})", None,
                        goal="all finish", met=ok))
        for kind, tries in report.cancel.items():
            to_cancel = [a for a, _ in tries]
            to_idle = [b for _, b in tries]
            rows.append(Row(f"cancel {kind}: to cancelled, p99 of {len(tries)}", percentile(to_cancel, 0.99),
                            goal="≤ 100 ms", met=percentile(to_cancel, 0.99) <= 0.1))
            rows.append(Row(f"cancel {kind}: to workers idle, p99 of {len(tries)}", percentile(to_idle, 0.99),
                            goal="≤ 250 ms", met=percentile(to_idle, 0.99) <= 0.25))
        rows.append(Row(f"close with everything running → clean (children left {len(left)}, blocks "
                        f"{len(blocks)})", close_s, goal="≤ 1 s, nothing left",
                        met=close_s <= 1.0 and not left and not blocks))

    run_qt(main())
    return rows


def run(quick: bool = False) -> list[Row]:
    rows = _combined(quick)
    source = _first_paint([sys.executable, "-m", "tributary.gui"])
    rows.append(Row("start-up to first paint, from source (median of 3)", source, goal="≤ 0.8 s",
                    met=source is not None and source <= 0.8))
    from bench.startup_stalls import SECONDS, measure

    gaps = measure()
    gap = statistics.median(gaps)
    rows.append(Row(f"start-up: longest GUI-thread gap in the {SECONDS:g} s after the first paint, while it warms "
                    f"(median of 3: {', '.join(f'{g:g}' for g in gaps)} ms)", gap, unit="ms", goal="≤ 16 ms",
                    met=gap <= 16))
    frozen_exe = ROOT / "dist" / "tributary" / "tributary"
    if frozen_exe.exists():
        frozen = _first_paint([str(frozen_exe)])
        rows.append(Row("start-up to first paint, frozen bundle (median of 3)", frozen, goal="≤ 1.0 s",
                        met=frozen is not None and frozen <= 1.0))
    return rows
