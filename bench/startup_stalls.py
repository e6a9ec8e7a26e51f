"""The first seconds after the window paints: the app (not the self-test) warms what the first job needs on
a side thread (imports, the process pool's workers, the Lab's first view) while a person may already click.
How late can the GUI thread be then? A 1 ms heartbeat started at the first paint, for ``SECONDS``; the app
runs offscreen on empty settings and an empty journal, in a process of its own, three times.

    python -m bench.startup_stalls          → the longest gap of each run and their median
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

SECONDS = 3.0


def _child() -> None:
    import atexit
    import runpy

    from PySide6.QtCore import QTimer

    from tributary.gui import main_window

    result: dict = {}
    build = main_window.MainWindow.__init__

    def init(window, *args, **kwargs):
        build(window, *args, **kwargs)

        def on_paint() -> None:
            if "beat" in result:
                return
            from bench.queue_scale import Heartbeat

            beat = result["beat"] = Heartbeat()
            beat.start()

            def end() -> None:
                result["max_gap_ms"] = round(beat.stop(), 1)
                window.close()

            QTimer.singleShot(int(SECONDS * 1000), end)

        window.painted.connect(on_paint)

    main_window.MainWindow.__init__ = init
    atexit.register(lambda: print(json.dumps({"max_gap_ms": result.get("max_gap_ms")}), flush=True))
    sys.argv = ["tributary"]
    runpy.run_module("tributary.gui", run_name="__main__", alter_sys=True)


def measure(runs: int = 3) -> list[float]:
    gaps = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="tributary-startup-") as home:
            runtime = os.path.join(home, "runtime")
            os.mkdir(runtime, 0o700)
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=os.path.join(home, "config"),
                       XDG_DATA_HOME=os.path.join(home, "data"), XDG_RUNTIME_DIR=runtime, TMPDIR=home)
            out = subprocess.run([sys.executable, "-m", "bench.startup_stalls", "--child"], capture_output=True,
                                 text=True, env=env, timeout=120)
            lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
            value = json.loads(lines[-1])["max_gap_ms"] if lines else None
            if value is None:
                raise RuntimeError(f"no measurement (exit {out.returncode}): {out.stderr[-2000:]}")
            gaps.append(value)
    return gaps


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        values = measure()
        print(f"longest GUI-thread gap in the {SECONDS:g} s after the first paint: {values} ms, "
              f"median {statistics.median(values)} ms")
