"""Nothing a user does wedges the window: every control of every panel toggled while its job runs and
after it ends (in both languages), hostile input in every field, and uncaught errors from slots, threads
and the event loop land in one non-modal dialog while the panels stay usable."""

from __future__ import annotations

import asyncio
import threading

import pytest
from conftest import run_async
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QPushButton,
    QSpinBox,
)
from servers import FaultServer

from tributary.gui.errors import ErrorDialog
from tributary.workers.jobs import JobState

HOSTILE = ["", "   ", "-1", "abc", "1e400", "10^99", "2**64", "1e9+", "+5", "1e-5", "nan", "inf", "0x10",
           "１２３", "١٢٣", "9" * 5000, "1" + "0" * 30, "1,,0", "1..0", "'; DROP TABLE items; --", "\x00", "🙂",
           "~/../../etc/passwd", "/dev/null", "1e9" * 100]


@pytest.fixture
def server(qloop, qtbot):
    srv = FaultServer()
    run_async(qtbot, srv.start())
    yield srv
    run_async(qtbot, srv.stop())


def close_dialogs() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and not isinstance(widget, ErrorDialog) and widget.isVisible():
            widget.reject()


def toggle_everything(panel, qtbot, *, skip=()) -> None:
    """Flip, cycle and feed every input of ``panel``, click every button but those in ``skip``; put the
    inputs back as they were."""
    for box in panel.findChildren(QCheckBox):
        box.toggle()
        box.toggle()
    for combo in panel.findChildren(QComboBox):
        was = combo.currentIndex()
        for i in range(combo.count()):
            combo.setCurrentIndex(i)
        combo.setCurrentIndex(was)
    for spin in panel.findChildren(QSpinBox):
        was = spin.value()
        for value in (spin.minimum(), spin.maximum(), was):
            spin.setValue(value)
    for edit in panel.findChildren(QLineEdit):
        if edit.parent() is not panel and not edit.isVisibleTo(panel):  # a spin box's own editor
            continue
        was = edit.text()
        for text in HOSTILE:
            edit.setText(text)
            edit.editingFinished.emit()
        edit.setText(was)
        edit.editingFinished.emit()
    for button in panel.findChildren(QPushButton):
        if button not in skip and button.isEnabled() and button.isVisibleTo(panel):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            close_dialogs()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_toggling_every_control_during_and_after_a_job_never_wedges_a_panel(window, services, qtbot, error_hook,
                                                                           language, tmp_path):
    assert services.languages.apply(language)
    try:
        primes = window.primes
        primes.high.setText("3e9")
        primes.workers.setValue(1)
        with qtbot.waitSignal(primes.jobEnded, timeout=60000) as ended:
            primes.on_start()
            toggle_everything(primes, qtbot, skip=(primes.start, primes.cancel, primes.scaling))
            assert primes.cancel.isEnabled()  # still its job
        assert ended.args[0].state is JobState.DONE
        toggle_everything(primes, qtbot, skip=(primes.start, primes.scaling))
        assert primes.start.isEnabled() and not primes.cancel.isEnabled()

        arrays = window.arrays
        window.tabs.setCurrentWidget(arrays)
        arrays.size.setText("4e8")
        arrays.executor.setCurrentIndex(arrays.executor.findData("threads"))
        with qtbot.waitSignal(arrays.jobEnded, timeout=60000) as ended:
            arrays.on_start()
            toggle_everything(arrays, qtbot, skip=(arrays.start, arrays.cancel))  # Render/Reset included
            assert arrays.cancel.isEnabled()
            qtbot.mouseClick(arrays.cancel, Qt.MouseButton.LeftButton)
        assert ended.args[0].state is JobState.CANCELLED
        toggle_everything(arrays, qtbot, skip=(arrays.start,))
        assert arrays.start.isEnabled() and not arrays.cancel.isEnabled()
        with qtbot.waitSignal(arrays.render_slot.ended, timeout=20000,
                              check_params_cb=lambda job: arrays.render_slot.job is None):
            arrays.reset_view()
        assert error_hook.count == 0, list(error_hook.reports)
    finally:
        services.languages.apply("en")


def test_toggling_the_downloads_panel_while_transfers_run(window, services, qtbot, error_hook, server, tmp_path):
    panel = window.downloads
    panel.folder.setText(str(tmp_path))
    transfers = run_async(qtbot, panel.add([(f"{server.base}/slow?size=3000000&delay=0.02&seed={i}", None)
                                            for i in range(3)]))
    panel.table.selectAll()
    with qtbot.waitSignal(panel.bridge.transfersChanged, timeout=10000,
                          check_params_cb=lambda _: all(t.item.bytes_done for t in transfers)):
        pass
    toggle_everything(panel, qtbot)
    panel.folder.setText(str(tmp_path))
    for key in ("pause", "resume", "cancel", "retry", "resume", "add"):  # "open" would start a file manager
        panel.actions_[key].trigger()
        close_dialogs()
    with qtbot.waitSignal(panel.bridge.idle, timeout=20000):
        for t in transfers:
            panel.engine.cancel(t)
    panel.actions_["remove"].trigger()
    assert panel.model.rowCount() == 0 and panel.engine.transfers == []
    assert panel.actions_["add"].isEnabled()
    assert error_hook.count == 0, list(error_hook.reports)


def test_a_failing_callback_shows_one_dialog_and_leaves_the_panel_idle(window, qtbot, error_hook):
    panel = window.primes
    calls = []

    def broken(result):
        calls.append(result)
        raise RuntimeError("a bug in a view")

    panel.on_done = broken
    panel.high.setText("1e6")
    with qtbot.waitSignal(error_hook.errorRaised, timeout=20000) as raised:
        panel.on_start()
    assert calls and "a bug in a view" in raised.args[0] and "Traceback" in raised.args[1]
    assert panel.start.isEnabled() and not panel.cancel.isEnabled() and panel.slot.job is None
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]
    assert len(dialogs) == 1 and not dialogs[0].isModal()
    dialogs[0].copy_details()
    assert "a bug in a view" in QApplication.clipboard().text() and "Traceback" in QApplication.clipboard().text()
    del panel.on_done
    with qtbot.waitSignal(panel.jobEnded, timeout=20000):  # and it still works
        panel.on_start()
    assert "78,498" in panel.result.text()


def test_an_error_25_times_a_second_is_one_dialog(window, services, qtbot, error_hook):
    def broken(jobs):
        raise ValueError("every tick")

    services.bridge.jobsChanged.connect(broken)
    try:
        panel = window.primes
        panel.high.setText("2e9")
        panel.workers.setValue(1)
        with qtbot.waitSignal(panel.jobEnded, timeout=60000):
            panel.on_start()
    finally:
        services.bridge.jobsChanged.disconnect(broken)
    assert error_hook.count >= 5
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].count == error_hook.count
    assert f"{error_hook.count} times" in dialogs[0].summary.text()
    assert panel.start.isEnabled() and not panel.cancel.isEnabled()


def test_errors_from_threads_and_the_event_loop_reach_the_same_dialog(qtbot, qloop, error_hook):
    with qtbot.waitSignal(error_hook.errorRaised, timeout=2000) as raised:
        thread = threading.Thread(target=lambda: 1 / 0, name="a-worker")
        thread.start()
        thread.join()
    assert "ZeroDivisionError" in raised.args[0] and "a-worker" in raised.args[1]
    with qtbot.waitSignal(error_hook.errorRaised, timeout=2000) as raised:
        asyncio.get_event_loop().call_soon(lambda: {}["missing"])
    assert "KeyError" in raised.args[0] and "asyncio" in raised.args[1]
    assert error_hook.dialog is not None and error_hook.dialog.count == 2


def test_file_dialogs_of_the_panels_are_never_modal_to_the_app(window, qtbot):
    window.primes.mode.setCurrentIndex(window.primes.mode.findData("list"))
    qtbot.mouseClick(window.primes.browse, Qt.MouseButton.LeftButton)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
    assert dialogs and all(d.windowModality() != Qt.WindowModality.ApplicationModal for d in dialogs)
    close_dialogs()
    assert isinstance(window.primes.browse, QAbstractButton)
