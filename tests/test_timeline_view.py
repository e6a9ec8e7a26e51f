"""The Timeline view, offscreen: it draws only what is visible (100,000 spans), zooms, pans, hovers, selects
a job on click, follows now, pauses, exports — and lives in the main window as a dock."""

from __future__ import annotations

import json
import time

import pytest
from conftest import run_async
from PySide6.QtCore import QPoint, QPointF, Qt
from trace_format import problems

from tributary.gui.main_window import MainWindow
from tributary.gui.timeline_view import GUTTER_W, LANE_H, RULER_H, TimelineDock, TimelineView, show_job
from tributary.workers import primes, timeline
from tributary.workers.timeline import RECORDER, Recorder

LANES = [("processes", f"worker {i} (pid {1000 + i})") for i in range(1, 17)]


def filled(n: int = 100_000) -> Recorder:
    """``n`` spans over 16 lanes: 10 ms of work every 12.5 ms, a new job every 5,000 spans."""
    rec = Recorder(capacity=200_000)
    t = rec.origin
    for k in range(n):
        start = t + (k // 16) * 0.0125
        rec.record(LANES[k % 16], 1 + k // 5000, f"chunk {k}", timeline.COMPUTING, start, start + 0.010)
    return rec


@pytest.fixture
def view(qtbot):
    rec = filled()
    v = TimelineView(recorder=rec)
    qtbot.addWidget(v)
    v.resize(1200, 16 * LANE_H + 60 + RULER_H)
    v.show()
    qtbot.waitExposed(v)
    v.index.update(budget=60)
    v.set_follow(False)
    return v


def lane_y(view: TimelineView, lane) -> int:
    row = next(r for r in view._rows if r[0] == "lane" and r[1] == lane)
    return RULER_H + row[2] - view.verticalScrollBar().value() + LANE_H // 2


def test_100k_spans_paint_quickly_and_only_the_visible_ones_are_drawn(view):
    view.show_all()
    t0 = time.perf_counter()
    view.viewport().repaint()
    whole = time.perf_counter() - t0
    assert view.index.spans == 100_000
    # all of it at once: every lane is one busy stretch per job, a handful of rectangles, not 100,000
    assert 0 < view.drawn <= 16 * view.plot_width
    assert view.drawn < 2000
    assert whole < 0.5, whole  # generous: a shared 2-core machine; typically a few ms
    # zoomed in on 100 ms: exactly the spans that overlap it are drawn, one rectangle each
    lo = view.recorder.origin + 5.003  # no span starts or ends on an edge (floating point decides those)
    view.set_range(lo, lo + 0.1)
    view.viewport().repaint()
    expected = sum(1 for s in view.recorder.snapshot().spans if s[5] >= lo and s[4] <= lo + 0.1)
    assert view.drawn == expected and 100 < expected < 200


def test_keys_zoom_and_pan(view, qtbot):
    view.show_all()
    span = view.t1 - view.t0
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.t1 - view.t0 == pytest.approx(span / 2)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.t1 - view.t0 == pytest.approx(span)
    t0 = view.t0
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.t0 == pytest.approx(t0 + span / 10)
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.follow and view.t1 > time.monotonic() - 0.01
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.paused


def test_the_wheel_zooms_around_the_mouse_and_a_drag_pans(view, qtbot):
    from PySide6.QtGui import QWheelEvent

    view.show_all()
    x = view.gutter_w + view.plot_width // 4
    at = view.time_at(x)
    event = QWheelEvent(QPointF(x, 50), QPointF(view.viewport().mapToGlobal(QPoint(x, 50))), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    span = view.t1 - view.t0
    view.wheelEvent(event)
    assert view.t1 - view.t0 == pytest.approx(span * 0.8)
    assert view.time_at(x) == pytest.approx(at)  # the time under the mouse stays under it
    t0 = view.t0
    y = lane_y(view, LANES[0])
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(600, y))
    qtbot.mouseMove(vp, QPoint(560, y))
    qtbot.mouseMove(vp, QPoint(500, y))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(500, y))
    assert view.t0 == pytest.approx(t0 + 100 * (view.t1 - view.t0) / view.plot_width)
    assert view.selected_job is None  # a drag is not a click


def test_hover_describes_the_span_and_a_click_selects_its_job(view, qtbot):
    start = view.recorder.origin + 2.0
    view.set_range(start, start + 0.1)
    lane = LANES[3]
    span = next(s for s in view.recorder.snapshot().spans if s[0] == lane and s[4] >= start + 0.03)
    x = int(view.x_of((span[4] + span[5]) / 2))
    y = lane_y(view, lane)
    what = view.hit(QPointF(x, y))
    assert what[0] == "span" and what[1] == span
    text = view.describe(what)
    assert timeline.label_text(span[2], span[6]) in text and "computing" in text and "worker 4 (pid 1004)" in text and "10.0 ms" in text
    with qtbot.waitSignal(view.jobClicked, timeout=2000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert clicked.args == [span[1]] and view.selected_job == span[1]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(view.gutter_w + 2, RULER_H + 2))
    assert view.selected_job is None


def test_a_counter_track_answers_hover_with_its_value(qtbot):
    rec = Recorder()
    for i in range(100):
        rec.counter(timeline.UI_LATENESS, float(i % 7), t=rec.origin + i * 0.01)
    v = TimelineView(recorder=rec)
    qtbot.addWidget(v)
    v.resize(800, 200)
    v.show()
    v.set_range(rec.origin, rec.origin + 1.0, follow=False)
    v.tick()
    row = next(r for r in v._rows if r[0] == "counter")
    what = v.hit(QPointF(v.x_of(rec.origin + 0.505), RULER_H + row[2] + 10))
    assert what[0] == "counter" and what[3] == 50 % 7
    assert "UI lateness: 1.0 ms" in v.describe(what)


def test_it_refreshes_live_only_while_shown_and_at_most_25_times_a_second(qtbot):
    rec = Recorder()
    v = TimelineView(recorder=rec)
    qtbot.addWidget(v)
    v.resize(800, 300)
    assert not v._timer.isActive()
    v.show()
    qtbot.waitExposed(v)
    assert v._timer.isActive()
    lane = ("threads", "thread 1")
    key = rec.begin(lane, 1, "busy", timeline.RUNNING)
    qtbot.waitUntil(lambda: v.index.open.get(lane), timeout=2000)
    before, t0 = v.paints, time.perf_counter()
    qtbot.wait(1000)
    rate = (v.paints - before) / (time.perf_counter() - t0)
    assert 3 <= rate <= 27  # following a running span: it moves, but never faster than 25 Hz
    rec.end(key)
    qtbot.waitUntil(lambda: v.index.spans == 1 and not v.index.open, timeout=2000)
    v.set_paused(True)
    qtbot.wait(100)
    before = v.paints
    rec.record(lane, 1, "more", timeline.RUNNING, time.monotonic(), time.monotonic() + 0.1)
    qtbot.wait(300)
    assert v.paints == before and v.index.spans == 1  # paused: nothing pulled, nothing painted
    v.hide()
    assert not v._timer.isActive()


def test_the_dock_exports_everything_a_job_or_the_visible_range(qtbot, tmp_path):
    rec = filled(2000)
    dock = TimelineDock(recorder=rec)
    qtbot.addWidget(dock)
    dock.show()
    dock.view.index.update(budget=60)
    for scope, expected in (("all", 2000), ("job", 0), ("range", None)):
        if scope == "job":
            dock.view.select_job(1)
            expected = sum(1 for s in rec.snapshot().spans if s[1] == 1)
        if scope == "range":
            dock.view.set_range(rec.origin + 0.5, rec.origin + 0.6, follow=False)
            expected = sum(1 for s in rec.snapshot().spans if s[5] >= dock.view.t0 and s[4] <= dock.view.t1)
        path = tmp_path / f"{scope}.json"
        with qtbot.waitSignal(dock.exported, timeout=5000) as done:
            dock.export_to(str(path), scope)
        assert done.args == [str(path), expected, ""]
        trace = json.loads(path.read_text())
        assert problems(trace) == []
        assert sum(1 for e in trace["traceEvents"] if e["ph"] == "X") == expected
        assert str(expected) in dock.status.text().replace(",", "")
    with qtbot.waitSignal(dock.exported, timeout=5000) as failed:
        dock.export_to(str(tmp_path / "missing" / "t.json"), "all")
    assert failed.args[2] and "could not write" in dock.status.text()


@pytest.fixture
def window(services, qtbot):
    win = MainWindow(services)
    win.meter.start()
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.deleteLater()


def test_the_main_window_has_the_timeline_in_the_view_menu_and_feeds_it_ui_lateness(window, qtbot):
    dock = window.timeline
    assert dock.toggleViewAction() in window.view_menu.actions()
    qtbot.wait(100)
    assert not dock.view.live and dock.view.paints == 0  # tabbed behind the log until asked for
    dock.raise_()
    qtbot.waitUntil(lambda: dock.view.live and dock.view.paints > 0, timeout=2000)
    seen = len(RECORDER.snapshot().counters.get((timeline.UI_LATENESS, ""), []))
    qtbot.waitUntil(lambda: len(RECORDER.snapshot().counters.get((timeline.UI_LATENESS, ""), [])) >= seen + 20,
                    timeout=3000)
    qtbot.waitUntil(lambda: (timeline.UI_LATENESS, "") in dock.view.index.counters(), timeout=3000)


def test_clicking_a_span_shows_its_job_in_its_panel(window, qtbot):
    dock = window.timeline
    dock.raise_()
    qtbot.waitUntil(lambda: dock.view.live, timeout=2000)
    window.resizeDocks([dock], [400], Qt.Orientation.Vertical)
    job = primes.start_job(window.services.runner, primes.PrimeRequest(0, 10**8, workers=2))
    run_async(qtbot, window.services.runner.wait(job))
    assert job.state.value == "done"
    window.tabs.setCurrentWidget(window.downloads)
    view = dock.view
    qtbot.waitUntil(lambda: any(s[1] == job.id for s in view.recorder.snapshot().spans), timeout=2000)
    view.index.update(budget=60)
    span = next(s for s in view.recorder.snapshot().spans if s[1] == job.id)
    view.set_range(span[4] - 0.001, span[5] + 0.001, follow=False)
    qtbot.waitUntil(lambda: any(r[1] == span[0] for r in view._rows), timeout=2000)
    view.scroll_to_lane(span[0])  # lanes of earlier tests' jobs may be above it
    x = int(view.x_of((span[4] + span[5]) / 2))
    y = lane_y(view, span[0])
    assert 0 < y < view.viewport().height()
    with qtbot.waitSignal(view.jobClicked, timeout=2000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert window.tabs.currentWidget() is window.primes
    rows = window.primes.table.selectionModel().selectedRows()
    assert [window.primes.model.job(i.row()).id for i in rows] == [job.id]
    assert not show_job(window, 10**9)  # an unknown job changes nothing


def test_every_scroll_position_paints_lanes_and_counter_tracks_cut_at_any_row(qtbot):
    rec = filled(3000)
    for i in range(300):
        rec.counter(timeline.UI_LATENESS, float(i % 20), t=rec.origin + i * 0.01)
        rec.counter(timeline.CPU, 50.0, "worker 1 (pid 1001)", t=rec.origin + i * 0.01)
    v = TimelineView(recorder=rec)
    qtbot.addWidget(v)
    v.resize(700, 160)
    v.show()
    v.tick()
    v.show_all()
    bar = v.verticalScrollBar()
    assert bar.maximum() > 100
    for value in range(0, bar.maximum() + 1):
        bar.setValue(value)
        v.viewport().grab()  # a paint that raised would fail the test (pytest-qt reports it)
    assert v.paints >= bar.maximum()


LONG_LANE = ("lab", "4. threads ×4, C kernel · thread 1")  # a Lab lane, cut in the middle at 200 px


def _named_view(qtbot, width: int) -> TimelineView:
    rec = Recorder()
    rec.record(LONG_LANE, 1, "chunk 1", timeline.COMPUTING, rec.origin, rec.origin + 0.01)
    rec.record(("processes", "worker 1 (pid 1001)"), 1, "chunk 2", timeline.COMPUTING, rec.origin, rec.origin + 0.01)
    view = TimelineView(recorder=rec)
    qtbot.addWidget(view)
    view.resize(width, 200)
    view.show()
    qtbot.waitExposed(view)
    view.tick()
    return view


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform's tooltip window
def test_a_long_lane_name_is_drawn_whole_where_there_is_room_and_in_the_gutters_tooltip(qtbot):
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QToolTip

    view = _named_view(qtbot, 1200)
    row = next(r for r in view._rows if r[0] == "lane" and r[1] == LONG_LANE)
    assert QFontMetrics(view.font()).horizontalAdvance(LONG_LANE[1]) + 18 > GUTTER_W  # cut in a 200 px gutter
    assert view.gutter_text(row) == LONG_LANE[1]  # the column grew to fit it
    assert GUTTER_W < view.gutter_w <= 0.4 * view.viewport().width()
    assert view.x_of(view.t0) == view.gutter_w  # the plot starts where the names end
    y = RULER_H + row[2] + LANE_H // 2
    qtbot.mouseMove(view.viewport(), QPoint(20, y))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)  # no signal: the tooltip is shown on the mouse move
    assert QToolTip.text() == LONG_LANE[1]
    QToolTip.hideText()

    narrow = _named_view(qtbot, 420)  # 40 % of the view is less than the name: cut, whole in the tooltip
    row = next(r for r in narrow._rows if r[0] == "lane" and r[1] == LONG_LANE)
    assert narrow.gutter_w == GUTTER_W and "…" in narrow.gutter_text(row)
    assert narrow.describe(narrow.hit(QPointF(20, RULER_H + row[2] + LANE_H // 2))) == LONG_LANE[1]


TIMELINE_FIRST_PAINT = r"""
import json, sys, threading, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tributary.gui import timeline_raster
from tributary.gui.timeline_view import TimelineView
from tributary.workers import timeline

importers = []

class Watch:  # records which thread imports numpy (a finder that finds nothing: the real import goes on)
    def find_spec(self, name, path=None, target=None):
        if name == "numpy":
            importers.append(threading.current_thread().name)
        return None

sys.meta_path.insert(0, Watch())
timeline_raster.LOADER_AFTER = float(sys.argv[1])
rec = timeline.Recorder(capacity=1000)
rec.record(("threads", "worker 1"), 1, "chunk", timeline.COMPUTING, rec.origin, rec.origin + 0.5)
view = TimelineView(recorder=rec)
view.resize(800, 200)
view.show()
app.processEvents()
view.repaint()  # the first paint: the window has just appeared
first = {"painted": view.paints, "numpy": "numpy" in sys.modules, "importers": list(importers)}
if sys.argv[2] == "warm-up":  # the start-up's side imports load numpy
    threading.Thread(target=__import__, args=("numpy",), name="warm-imports").start()
deadline = time.monotonic() + 30
while time.monotonic() < deadline and view.drawn == 0:
    app.processEvents()
    time.sleep(0.01)
print(json.dumps({"first": first, "importers": importers, "drawn": view.drawn}))
"""


@pytest.mark.parametrize("who", ["warm-up", "nobody"])
def test_a_timeline_open_at_start_up_never_imports_numpy_on_the_gui_thread(tmp_path, who):
    """A timeline restored open paints with the window; its first plot imported numpy on the GUI thread (the
    window's first beat 126-189 ms late). It now paints without the plot until numpy is there — loaded by the
    start-up's warm-up, or by a thread of its own when nobody loads it — then draws its spans."""
    import os
    import subprocess
    import sys

    from helpers import ROOT

    script = tmp_path / "first_paint.py"
    script.write_text(TIMELINE_FIRST_PAINT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, str(script), "0.5", who], capture_output=True, text=True, timeout=120,
                         env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["first"]["painted"] >= 1 and result["first"]["importers"] == []  # painted, numpy not asked for
    assert "MainThread" not in result["importers"]
    assert result["importers"][:1] == ["warm-imports" if who == "warm-up" else "numpy-import"]
    assert result["drawn"] > 0  # the span is drawn once numpy is there
