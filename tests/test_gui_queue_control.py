"""Queue control in the real window: rows reordered by drag (through the model's drop, as the view does
it), priority from the context menu, a per-download speed limit while it runs (real nginx), the schedule
on a fake clock, what happens when the queue ends, and the settings behind them."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from conftest import run_async
from PySide6.QtCore import QLocale, QModelIndex, QSettings, Qt, QTime
from PySide6.QtWidgets import QAbstractItemView
from servers import FaultServer
from test_gui_downloads import select, wait_states, wait_tick

from tributary.gui import preferences as prefs
from tributary.gui.main_window import MainWindow
from tributary.gui.schedule import ScheduleDialog
from tributary.workers.downloads.schedule import FakeClock

MIB = 1 << 20
MOVE = Qt.DropAction.MoveAction


@pytest.fixture
def server(qloop, qtbot):
    srv = FaultServer()
    run_async(qtbot, srv.start())
    yield srv
    run_async(qtbot, srv.stop())


@pytest.fixture
def panel(window, tmp_path):
    window.downloads.folder.setText(str(tmp_path))  # exists: rows added straight to the engine need no mkdir
    return window.downloads


def names(transfers) -> list[str]:
    return [t.item.url.rsplit("/", 1)[-1].split("?")[0] for t in transfers]


def test_dragging_rows_is_one_engine_move_one_layout_change_and_the_selection_follows(panel, server, qtbot):
    transfers = panel.engine.add([(f"{server.base}/file/d{i}.bin?size=100", None) for i in range(5)],
                                 panel.folder.text(), start=False)
    model, table = panel.model, panel.table
    assert table.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove and table.dragEnabled()
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows
    select(panel, [3, 4])
    data = model.mimeData(table.selectionModel().selectedIndexes())  # what the view drags (every column)
    assert model.canDropMimeData(data, MOVE, 1, -1, QModelIndex())
    layouts, removed, inserted = [], [], []
    model.layoutChanged.connect(lambda *_: layouts.append(1))
    model.rowsRemoved.connect(lambda *_: removed.append(1))
    model.rowsInserted.connect(lambda *_: inserted.append(1))
    assert model.dropMimeData(data, MOVE, 1, -1, QModelIndex())  # dropped between rows 0 and 1
    assert names(panel.engine.transfers) == ["d0.bin", "d3.bin", "d4.bin", "d1.bin", "d2.bin"]
    assert [model.transfer(r) for r in range(5)] == panel.engine.transfers
    assert len(layouts) == 1 and not removed and not inserted
    assert panel.selected() == [transfers[3], transfers[4]]  # the selection moved with its rows
    assert not model.removeRows(1, 2)  # the view's "remove the moved source rows" step changes nothing
    assert model.rowCount() == 5
    data = model.mimeData(table.selectionModel().selectedIndexes())
    assert model.dropMimeData(data, MOVE, -1, -1, model.index(0, 3))  # dropped on a row: before it
    assert names(panel.engine.transfers) == ["d3.bin", "d4.bin", "d0.bin", "d1.bin", "d2.bin"]
    assert model.dropMimeData(data, MOVE, -1, -1, QModelIndex())  # below the last row: to the end
    assert names(panel.engine.transfers) == ["d0.bin", "d1.bin", "d2.bin", "d3.bin", "d4.bin"]
    assert panel.selected() == [transfers[3], transfers[4]] and len(layouts) == 3


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform's popup
def test_priority_from_the_context_menu_decides_what_starts_next(panel, server, qtbot):
    panel.concurrency.setValue(1)
    first, low, high = run_async(qtbot, panel.add([(f"{server.base}/slow?size=640000&delay=0.05", None),
                                                   (f"{server.base}/file/second.bin?size=1000", None),
                                                   (f"{server.base}/file/third.bin?size=1000", None)]))
    wait_tick(qtbot, panel, lambda: first.item.state == "running")
    table = panel.table
    select(panel, [0])
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)  # the keyboard's way in
    assert panel.context_menu.isVisible()
    panel.context_menu.close()
    qtbot.keyRelease(table, Qt.Key.Key_Shift)  # Qt remembers the last event's modifiers: leave none behind
    at = table.visualRect(panel.model.index(2, 0)).center()
    panel.show_context_menu(at)  # a right click on a row that is not selected selects it
    menu = panel.context_menu
    assert menu.isVisible() and panel.selected() == [high]
    assert panel.priority_menu.menuAction() in menu.actions()
    assert {a.text().replace("&", "") for a in menu.actions()} >= {"Pause", "Resume", "Cancel", "Retry", "Remove",
                                                                   "Open folder", "Move", "Priority", "Speed limit…",
                                                                   "Connections…"}
    assert panel.priority_actions["normal"].isChecked()
    panel.priority_actions["high"].trigger()
    menu.close()
    column = panel.model.COLUMNS.index("priority")
    wait_tick(qtbot, panel, lambda: panel.model.data(panel.model.index(2, column)) == "High")
    wait_states(qtbot, panel, [first, low, high], {"done"}, timeout=20000)
    assert first.job.started < high.job.started < low.job.started  # the high one jumped the queue


def test_a_speed_limit_set_from_the_dialog_holds_while_the_download_runs(panel, nginx, qtbot):
    (nginx.root / "slow").mkdir(exist_ok=True)
    (nginx.root / "slow" / "limit.bin").write_bytes(os.urandom(24 * MIB))  # nginx sends 2 MB/s here
    (t,) = panel.engine.add([(f"{nginx.base}/slow/limit.bin", None)], panel.folder.text(), start=False)
    select(panel, [0])
    connections = panel.connections_dialog()
    connections.spin.setValue(1)
    connections.accept()
    assert t.split == 1
    panel.actions_["resume"].trigger()
    wait_tick(qtbot, panel, lambda: t.item.bytes_done > 0)
    limit = panel.limit_dialog()
    assert limit.kib() == 0 and limit.rate.number.text() == "Unlimited"
    limit.rate.unit.setCurrentIndex(0)
    limit.rate.number.setValue(512)
    limit.accept()
    assert t.speed_limit == 512 * 1024
    qtbot.wait(600)
    b0, t0 = t.item.bytes_done, time.monotonic()
    qtbot.wait(2000)
    rate = (t.item.bytes_done - b0) / (time.monotonic() - t0)
    assert 0.8 * 512 * 1024 <= rate <= 1.2 * 512 * 1024, rate
    panel.update_totals()
    assert "512" in panel.details.summary.text() and "Speed limit reached." in panel.details.findings.text()
    with qtbot.waitSignal(panel.bridge.jobFinished, timeout=5000):
        panel.actions_["cancel"].trigger()


def test_the_schedule_holds_and_releases_the_queue_and_the_panel_says_until_when(panel, server, qtbot):
    scheduler = panel.services.scheduler
    scheduler.clock = FakeClock(dt.datetime(2026, 11, 23, 21, 59))  # a Monday, a minute before the window
    time_of = lambda h: QLocale().toString(QTime(h, 0), QLocale.FormatType.ShortFormat)  # noqa: E731
    dialog = panel.schedule_dialog()
    dialog.enabled.setChecked(True)
    dialog.start.setTime(QTime(22, 0))
    dialog.stop.setTime(QTime(6, 0))
    with qtbot.waitSignal(panel.bridge.queueHeld, check_params_cb=lambda held: held):
        dialog.accept()
    assert panel.schedule_status.text() == f"Queue held until {time_of(22)}" and panel.schedule_status.isVisible()
    assert panel.menu_actions["schedule"] in panel.window().desktop.downloads_menu.actions()  # also in the menu bar
    (t,) = run_async(qtbot, panel.add([(f"{server.base}/slow?size=4000000&delay=0.02", None)]))
    qtbot.wait(200)
    assert t.item.state == "queued" and t.item.bytes_done == 0
    with qtbot.waitSignal(panel.bridge.queueHeld, check_params_cb=lambda held: not held):
        scheduler.clock.advance(minutes=1, seconds=1)  # 22:00:01: the queue starts
    tuesday = QLocale().dayName(2, QLocale.FormatType.ShortFormat)
    assert panel.schedule_status.text() == f"Queue runs until {tuesday} {time_of(6)}"
    wait_tick(qtbot, panel, lambda: t.item.bytes_done > 0)
    with qtbot.waitSignal(panel.bridge.queueHeld, check_params_cb=lambda held: held):
        scheduler.clock.advance(hours=8)  # Tuesday 06:00:01: it pauses
    wait_states(qtbot, panel, [t], {"paused"}, timeout=3000)
    assert panel.schedule_status.text() == f"Queue held until {time_of(22)}"
    dialog = panel.schedule_dialog()
    dialog.enabled.setChecked(False)
    with qtbot.waitSignal(panel.bridge.queueHeld, check_params_cb=lambda held: not held):
        dialog.accept()  # off: the queue runs freely, what the schedule paused goes on
    assert not panel.schedule_status.isVisible() and t.item.state == "queued"
    wait_tick(qtbot, panel, lambda: t.item.state == "running")
    with qtbot.waitSignal(panel.bridge.jobFinished, timeout=5000):
        panel.engine.cancel(t)


def test_when_the_queue_ends_notify_reaches_the_notifier_and_quit_closes_the_window(window, server, qtbot, tmp_path):
    panel, settings = window.downloads, window.services.settings
    panel.folder.setText(str(tmp_path))
    notifier = window.desktop.notifier
    prefs.write(settings, "desktop/notifications", False)  # the batch notification is off: ours still comes
    panel.queue_end.setCurrentIndex(panel.queue_end.findData("notify"))
    assert prefs.read(settings, "downloads/queue_end_action") == "notify"
    with qtbot.waitSignal(notifier.sent, timeout=10000) as sent:
        panel.add([(f"{server.base}/file/n{i}.bin?size=1000", None) for i in range(2)])
    assert sent.args[1] == "The download queue is done" and sent.args[2] == "2 done, 0 failed"
    notifier.wait()
    panel.queue_end.setCurrentIndex(panel.queue_end.findData("nothing"))
    with qtbot.assertNotEmitted(notifier.sent, wait=300):
        panel.bridge.queueEnded.emit(panel.engine.summary())
    panel.queue_end.setCurrentIndex(panel.queue_end.findData("quit"))
    with qtbot.waitSignal(window.closing, timeout=10000):
        panel.add([(f"{server.base}/file/q.bin?size=1000", None)])
    assert not window.isVisible()


def test_speed_limit_and_schedule_settings_persist_and_bad_values_fall_back(services, qtbot, tmp_path):
    settings = services.settings
    for key, bad in (("downloads/speed_limit_kib", "fast"), ("downloads/queue_end_action", "explode"),
                     ("schedule/enabled", "maybe"), ("schedule/start", "25:00"), ("schedule/stop", [1, 2]),
                     ("schedule/days", "0,9")):
        settings.setValue(key, bad)
    assert prefs.schedule(settings) == (False, dt.time(22), dt.time(6), frozenset(range(7)))
    settings.setValue("schedule/days", ["1", "3"])  # how QSettings reads an unquoted 1,3
    assert prefs.read(settings, "schedule/days") == "1,3"
    win = MainWindow(services)
    try:
        panel = win.downloads
        assert panel.speed_limit.value_kib() == 0 and panel.speed_limit.number.text() == "Unlimited"
        assert panel.queue_end.currentData() == "nothing" and services.scheduler.current is None
        panel.speed_limit.set_value_kib(1536)  # shown as 1.5 MiB/s; live in the engine; stored
        assert panel.speed_limit.unit.currentText() == "MiB/s" and panel.speed_limit.number.value() == 1.5
        assert services.downloads.settings.speed_limit == 1536 * 1024
        assert prefs.read(settings, "downloads/speed_limit_kib") == 1536
        win.desktop.show_preferences()
        dialog = win.desktop.preferences_dialog
        assert dialog.speed_limit.value() == 1536  # the preferences and the panel agree
        dialog.speed_limit.setValue(2048)
        dialog.accept()
        assert panel.speed_limit.number.value() == 2 and services.downloads.settings.speed_limit == 2 * MIB
        schedule = ScheduleDialog(settings, panel)
        schedule.open()
        schedule.enabled.setChecked(True)
        for d, box in enumerate(schedule.days):
            box.setChecked(d in (0, 6))
        schedule.start.setTime(QTime(1, 30))
        schedule.stop.setTime(QTime(1, 30))
        schedule.accept()  # start = stop: refused, and said why
        assert schedule.isVisible() and "the same" in schedule.error.text()
        schedule.stop.setTime(QTime(7, 0))
        schedule.accept()
        again = QSettings(settings.fileName(), QSettings.Format.IniFormat)
        assert prefs.schedule(again) == (True, dt.time(1, 30), dt.time(7), frozenset({0, 6}))
        assert again.value("schedule/start") == "01:30" and again.value("schedule/days") == "0,6"
    finally:
        win.close()
        win.deleteLater()
