"""The Lab tab in the real window, offscreen: form from the params, code in the current language, run,
result table and chart, cancel, field errors, exports — and the window keeps its beat meanwhile."""

from __future__ import annotations

import time

import pytest
from conftest import run_async
from PySide6.QtCore import Qt

from tributary.gui.main_window import MainWindow
from tributary.workers.jobs import JobState


@pytest.fixture
def window(services, qtbot):
    win = MainWindow(services)
    win.meter.start()
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.deleteLater()


def open_lab(window, qtbot, name: str):
    panel = window.lab
    assert not panel.built or window.tabs.currentWidget() is panel  # built on first show, not at start-up
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.built, timeout=2000)
    row = [e.name for e in panel.experiments].index(name)
    panel.list.setCurrentRow(row)
    return panel


def set_params(panel, **values) -> None:
    form = panel.form()
    for name, value in values.items():
        form.set_text(name, str(value))


def test_lab_tab_runs_an_experiment_and_shows_its_result(window, qtbot, tmp_path):
    assert window.tabs.tabText(3) == "Lab"
    panel = open_lab(window, qtbot, "failures")
    assert "async def work" in panel.code.toPlainText() and "TaskGroup" in panel.code.toPlainText()
    assert panel.look_for.text().startswith("What to look for")
    set_params(panel, tasks=3, task_ms=60, fail_ms=5, fail_index=0)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    job = panel.job
    assert job is not None and panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    qtbot.waitUntil(lambda: panel.job is None, timeout=15000)
    assert job.state is JobState.DONE, job.error
    model = panel.result_table.model()
    assert model.rowCount() == 3 and model.headerData(0, Qt.Orientation.Horizontal) == "way"
    assert "TaskGroup" in panel.summary.toPlainText() and panel.chart is not None
    assert panel.export_csv.isEnabled() and panel.run_button.isEnabled()
    path = tmp_path / "failures.csv"
    run_async(qtbot, panel.export_to("csv", str(path)))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and "Saved" in panel.status.text()
    trace = tmp_path / "failures.json"
    run_async(qtbot, panel.export_to("trace", str(trace)))
    assert b"traceEvents" in trace.read_bytes()
    run_async(qtbot, panel.export_to("csv", str(tmp_path / "no-such-folder" / "x.csv")))
    assert "Could not save" in panel.status.text()  # a failed write is reported, not raised


def test_a_wrong_value_is_marked_at_its_field_and_blocks_run(window, qtbot):
    panel = open_lab(window, qtbot, "failures")
    set_params(panel, tasks=3, fail_index=5)
    form = panel.form()
    assert not panel.run_button.isEnabled()
    qtbot.waitUntil(form.errors["fail_index"].isVisible, timeout=2000)
    assert "failing task" in form.errors["fail_index"].text()
    set_params(panel, fail_index=1)
    assert panel.run_button.isEnabled() and not form.errors["fail_index"].text()
    set_params(panel, tasks="many")
    assert not panel.run_button.isEnabled() and "not a number" in form.errors["tasks"].text()


def test_cancel_from_the_lab_returns_promptly_and_leaves_nothing(window, qtbot):
    panel = open_lab(window, qtbot, "cpu")
    set_params(panel, workers="2", python_limit=3_000_000, chunks=600)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    job = panel.job
    qtbot.waitUntil(lambda: "threads" in str(job.text), timeout=20000)
    t0 = time.perf_counter()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: job.state is JobState.CANCELLED, timeout=3000)
    assert time.perf_counter() - t0 < 1.0
    qtbot.waitUntil(lambda: panel.status.text() == "Cancelled.", timeout=2000)
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_the_window_keeps_its_beat_while_an_experiment_runs(window, qtbot):
    import sys

    import pyqtgraph  # noqa: F401 - the app imports it off the GUI thread after the first paint; so do we

    panel = open_lab(window, qtbot, "cpu")
    set_params(panel, workers="1,2", python_limit=600_000, c_limit=10**9, chunks=32)
    previous = sys.getswitchinterval()
    sys.setswitchinterval(0.001)  # as the app does
    try:
        qtbot.waitUntil(lambda: window.meter.stats()["beats"] >= 5, timeout=3000)
        window.meter.reset()
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        job = panel.job
        qtbot.waitUntil(lambda: panel.job is None, timeout=60000)
    finally:
        sys.setswitchinterval(previous)
    assert job.state is JobState.DONE, job.error
    # a variant run on the GUI thread would freeze it for its whole length (~1 s for one thread here)
    assert window.meter.stats()["max"] < 400, window.meter.stats()


def test_the_lab_speaks_chinese(window, qtbot, services):
    panel = open_lab(window, qtbot, "lock")
    assert services.languages.apply("zh_CN")
    try:
        qtbot.waitUntil(lambda: panel.run_button.text() == "运行", timeout=2000)
        assert window.tabs.tabText(3) == "实验室"
        assert panel.list.item(7).text() == "锁"
        assert "切换窗口" in panel.code.toPlainText()  # the comments of the shown code
        assert "def add_unlocked(counter, times, start, lab):" in panel.code.toPlainText()  # the code itself
        assert panel.look_for.text().startswith("观察要点")
        assert panel.form().labels["increments"].text() == "每个加多少次"
    finally:
        services.languages.apply("en")
    qtbot.waitUntil(lambda: panel.run_button.text() == "Run", timeout=2000)


QASYNC_PROBE = """
import asyncio, concurrent.futures as cf, json, sys
from PySide6.QtWidgets import QApplication
import qasync
from tributary.workers.lab import registry
from tributary.workers.lab.base import from_text
from tributary.workers.pool import ProcessPool
from tributary.workers.runner import JobRunner

async def main():
    threads = cf.ThreadPoolExecutor(2)
    runner = JobRunner(threads, ProcessPool(workers=1))
    params = from_text(registry.get("downloads").params, {"files": "3", "size_kb": "4", "latency_ms": "5"})
    job = registry.start(runner, "downloads", params)
    await runner.wait(job)
    await runner.shutdown()
    threads.shutdown()
    print(json.dumps({"state": job.state.value, "error": job.error,
                      "identical": job.result.identical if job.result else None}))

if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    qasync.run(main())  # as the app starts: qasync's event loop policy is in force
"""


def test_the_labs_server_runs_under_the_apps_event_loop_policy(tmp_path):
    """qasync.run installs a policy whose new loops are Qt loops; the Lab's server thread needs a plain one
    (it failed with "Event loop stopped before Future completed" in the real window)."""
    import json
    import os
    import subprocess
    import sys

    from helpers import ROOT

    script = tmp_path / "probe.py"
    script.write_text(QASYNC_PROBE)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"state": "done", "error": None, "identical": True}


def test_every_experiment_finishes_and_cancels_in_the_window_in_short_form(services, qtbot):
    """The Lab benchmark's driver, short form: each experiment runs to the end from the tab, then again
    and is cancelled, and the window never froze meanwhile (the benchmark reports p99 against 16 ms)."""
    import aiohttp  # noqa: F401 - the app imports these off the GUI thread after its first paint; so do we
    import numpy  # noqa: F401
    import pyqtgraph  # noqa: F401

    from bench.lab import SHORT, run_each

    window = MainWindow(services)
    window.meter.start()
    window.show()
    try:
        report = run_async(qtbot, run_each(window, services, SHORT, cancel_after=0.1), timeout=240)
    finally:
        window.close()
        window.deleteLater()
    assert [r.name for r in report] == list(SHORT)
    for r in report:
        assert r.state == "done", r
        assert r.cancel_state in ("cancelled", "done"), r  # a short run may end before Cancel lands
        assert r.cancel_seconds < 2.0, r
        assert r.lateness["max"] < 500, r  # no experiment runs on the GUI thread
    assert sum(r.cancel_state == "cancelled" for r in report) >= 6
