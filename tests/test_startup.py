"""Start-up stays light: the window is shown before numpy, aiohttp or pyqtgraph are imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import ROOT

PROBE = """
import asyncio, json, sys
from tributary.gui.app import Services, create_app, run_qt
from tributary.gui.main_window import MainWindow

async def main(app, settings, languages):
    services = Services(app, settings, languages, journal_path=":memory:")
    window = MainWindow(services)
    window.show()
    app.processEvents()
    heavy = sorted(m for m in ("numpy", "aiohttp", "pyqtgraph") if m in sys.modules)
    window.primes.high.setText("1e6")
    job = window.primes.on_start()  # numpy is loaded where the sieve runs: the pool's processes
    await services.runner.wait(job)
    window.close()
    await services.shutdown()
    print(json.dumps({"at_show": heavy, "state": job.state.value, "count": job.result.count}))

if __name__ == "__main__":
    app, settings, languages = create_app()
    run_qt(main(app, settings, languages))
"""


def test_heavy_modules_load_after_the_window_shows(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env=env)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["at_show"] == [], (result, out.stderr[-2000:])
    assert (result["state"], result["count"]) == ("done", 78498)  # and the lazy engine still works
