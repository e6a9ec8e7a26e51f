"""Nothing a user does wedges the window: every control of every panel toggled while its job runs and
after it ends (in both languages), hostile input in every field, and uncaught errors from slots, threads
and the event loop land in one non-modal dialog while the panels stay usable."""

from __future__ import annotations

import asyncio
import threading

import pytest
from conftest import run_async
from dask_cluster import shared_cluster
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
)
from servers import FaultServer

from tributary.gui.errors import ErrorDialog
from tributary.workers.jobs import JobState

HOSTILE = ["", "   ", "-1", "abc", "1e400", "10^99", "2**64", "1e9+", "+5", "1e-5", "nan", "inf", "0x10",
           "１２３", "١٢٣", "9" * 5000, "1" + "0" * 30, "1,,0", "1..0", "'; DROP TABLE items; --", "\x00", "🙂",
           "~/../../etc/passwd", "/dev/null", "1e9" * 100]


@pytest.fixture(scope="module")
def cluster():
    """A real LocalCluster on loopback, shared by this module's tests."""
    yield from shared_cluster()


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


def toggle_every_experiment(lab, qtbot, *, skip=()) -> None:
    """The Lab: pick each experiment in turn and toggle its form (hostile text in every parameter, the URL
    box too) and every button; back to the experiment that was picked."""
    was = lab.list.currentRow()
    for row in range(lab.list.count()):
        lab.list.setCurrentRow(row)
        toggle_everything(lab, qtbot, skip=skip)
        for edit in lab.form().findChildren(QPlainTextEdit):
            text = edit.toPlainText()
            for hostile in ("ftp://x", "http://", "\n".join(["http://a/b"] * 300), *HOSTILE[:6]):
                edit.setPlainText(hostile)
            edit.setPlainText(text)
    lab.list.setCurrentRow(was)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_toggling_every_control_during_and_after_a_job_never_wedges_a_panel(window, services, qtbot, error_hook,
                                                                           language, tmp_path):
    assert services.languages.apply(language)
    try:
        primes = window.primes
        primes.high.setText("3e9")
        primes.workers.setValue(1)
        primes.kernel.setCurrentIndex(primes.kernel.findData("numpy"))  # seconds: the toggling ends first
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

        lab = window.lab
        window.tabs.setCurrentWidget(lab)
        lab.list.setCurrentRow([e.name for e in lab.experiments].index("timeouts"))
        for key, text in {"tasks": "4", "longest_ms": "5000", "timeout_ms": "2000", "cleanup_ms": "20"}.items():
            lab.form().set_text(key, text)
        with qtbot.waitSignal(lab.jobEnded, timeout=60000) as ended:
            lab.on_start()
            toggle_every_experiment(lab, qtbot, skip=(lab.start, lab.cancel))  # other experiments, other params
            assert lab.cancel.isEnabled() and not lab.start.isEnabled()  # still its run
        assert ended.args[0].state is JobState.DONE, ended.args[0].error
        toggle_every_experiment(lab, qtbot, skip=(lab.start,))  # the exports' file dialogs included
        assert lab.experiment.name == "timeouts" and lab.results["timeouts"] is ended.args[0].result
        assert lab.start.isEnabled() and not lab.cancel.isEnabled()
        assert lab.result_table.model().rowCount() == 3  # its result is shown again
        assert error_hook.count == 0, list(error_hook.reports)
    finally:
        services.languages.apply("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_toggling_every_control_during_and_after_a_cluster_job(window, services, qtbot, error_hook, cluster,
                                                               language):
    """Run on: Cluster (the module's LocalCluster, through the preferences' scheduler address): every control
    of the Primes panel — mode, N, kernel, Run on included — flipped while the cluster job runs and after it."""
    from tributary.gui import preferences

    preferences.write(services.settings, "compute/cluster_mode", "address")
    preferences.write(services.settings, "compute/scheduler_address", cluster._local.scheduler_address)  # noqa: SLF001
    assert services.languages.apply(language)
    try:
        primes = window.primes
        primes.high.setText("1e13")
        primes.workers.setValue(2)
        primes.executor.setCurrentIndex(primes.executor.findData("cluster"))
        with qtbot.waitSignal(primes.jobEnded, timeout=60000) as ended:
            with qtbot.waitSignal(primes.slot.progressed, timeout=30000):  # chunks come back from the cluster
                running = primes.on_start()
            toggle_everything(primes, qtbot, skip=(primes.start, primes.cancel, primes.scaling))
            assert primes.cancel.isEnabled() and primes.slot.job is running  # still its job
            qtbot.mouseClick(primes.cancel, Qt.MouseButton.LeftButton)
        job = ended.args[0]
        assert job.state is JobState.CANCELLED and job.executor == "cluster"
        toggle_everything(primes, qtbot, skip=(primes.start, primes.scaling))
        assert primes.start.isEnabled() and not primes.cancel.isEnabled()
        assert primes.executor.currentData() == "cluster"  # put back as it was
        with qtbot.waitSignal(primes.jobEnded, timeout=60000) as ended:  # and the cluster still works
            primes.high.setText("1e8")
            primes.on_start()
        assert ended.args[0].state is JobState.DONE and ended.args[0].result.count == 5_761_455
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
