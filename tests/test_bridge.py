"""The engine bridge: completion pushed, progress coalesced, idle means idle, observers removable, views
that come and go never trouble the engine."""

from __future__ import annotations

import asyncio
import time

from conftest import run_async
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from tributary.gui.bridge import REFRESH_HZ
from tributary.gui.main_window import MainWindow
from tributary.gui.models import JobsModel
from tributary.workers import primes
from tributary.workers.jobs import JobState


def _busy_job(runner, seconds: float):
    """A coroutine job that reports as fast as it can for ``seconds`` (thousands of times a second)."""
    async def body(job):
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            for _ in range(200):
                n += 1
                job.report(min(1.0, n / 1e6))
            await asyncio.sleep(0)
        return n

    return runner.start_coroutine("demo", "busy", body)


def test_idle_means_no_timer_ticks(services, qtbot):
    bridge = services.bridge
    assert not bridge.ticking
    with qtbot.waitSignal(bridge.jobFinished, timeout=20000):
        job = primes.start_job(services.runner, primes.PrimeRequest(0, 10**7, workers=1))
        assert bridge.ticking  # something runs: the timer runs
    assert job.state is JobState.DONE
    with qtbot.waitSignal(bridge.idle, timeout=2000):
        pass
    ticks = bridge.ticks
    qtbot.wait(400)
    assert bridge.ticks == ticks and not bridge.ticking


def test_progress_is_coalesced_and_the_end_is_pushed_at_once(services, qtbot):
    bridge = services.bridge
    changes, ended = [], []
    bridge.jobsChanged.connect(lambda jobs: changes.append(time.monotonic()))
    bridge.jobFinished.connect(lambda job: ended.append((job, time.monotonic())))
    t0 = time.monotonic()
    with qtbot.waitSignal(bridge.jobFinished, timeout=5000):
        job = _busy_job(services.runner, 1.0)
    assert job.state is JobState.DONE and job.result > 10_000  # it really reported thousands of times
    seconds = ended[0][1] - t0
    assert len(changes) <= seconds * REFRESH_HZ + 3, (len(changes), seconds)
    assert len(changes) >= 5  # and progress did flow
    assert [j for j, _ in ended] == [job]  # once


def test_observers_are_removable_and_a_closed_bridge_is_quiet(services, qtbot):
    from tributary.gui.bridge import EngineBridge

    runner, engine = services.runner, services.downloads
    before = (len(runner._listeners), len(engine.listeners))  # noqa: SLF001
    second = EngineBridge(runner, engine)
    assert (len(runner._listeners), len(engine.listeners)) == (before[0] + 1, before[1] + 1)  # noqa: SLF001
    seen = []
    second.jobFinished.connect(seen.append)
    second.close()
    second.close()  # twice is fine
    assert (len(runner._listeners), len(engine.listeners)) == before  # noqa: SLF001
    with qtbot.waitSignal(services.bridge.jobFinished, timeout=20000):
        primes.start_job(runner, primes.PrimeRequest(0, 10**6))
    assert seen == [] and not second.ticking
    second.deleteLater()


def test_a_deleted_view_and_a_second_window_never_trouble_the_engine(services, qtbot, tmp_path):
    first, second = MainWindow(services), MainWindow(services)
    for win in (first, second):
        win.show()
    model = JobsModel(services.bridge, None, kinds=("primes",))
    with qtbot.waitSignal(first.primes.jobEnded, timeout=20000):
        job = first.primes.on_start()
    assert second.primes.model.rowCount() == 1 and model.rowCount() == 1  # every view sees it
    assert "50,847,534" in first.primes.result.text() and second.primes.result.text() == ""  # not its job
    second.close()
    second.log_dock.detach()
    second.deleteLater()
    model.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    first.primes.high.setText("1e6")
    with qtbot.waitSignal(first.primes.jobEnded, timeout=20000):
        again = first.primes.on_start()  # the engine still reports; only live views hear it
    assert again.state is JobState.DONE and job.state is JobState.DONE
    assert first.primes.model.rowCount() == 2
    first.close()
    first.deleteLater()


def test_listener_removal_in_the_engine_without_qt():
    from test_runner import run_plain, with_runner

    async def body(runner):
        seen = []
        remove = runner.add_listener(seen.append)
        await runner.wait(runner.start_coroutine("demo", "one", _sleepy))
        remove()
        remove()  # twice is fine
        runner.remove_listener(seen.append)  # never added this exact object: not an error either
        await runner.wait(runner.start_coroutine("demo", "two", _sleepy))
        return seen

    seen = run_plain(lambda: with_runner(body))
    assert {j.title for j in seen} == {"one"} and seen[-1].state is JobState.DONE


async def _sleepy(job):
    await asyncio.sleep(0.01)


def test_a_listener_that_raises_does_not_stop_the_engine(services, qtbot, tmp_path):
    def broken(_):
        raise RuntimeError("a broken view")

    services.downloads.add_listener(broken)
    services.runner.add_listener(broken)
    try:
        with qtbot.waitSignal(services.bridge.jobFinished, timeout=20000):
            job = primes.start_job(services.runner, primes.PrimeRequest(0, 10**6))
        assert job.state is JobState.DONE
        transfers = services.downloads.add([("ftp://example.org/x", None)], tmp_path)
        assert transfers[0].item.state == "failed"
    finally:
        services.downloads.remove_listener(broken)
        services.runner.remove_listener(broken)
    run_async(qtbot, asyncio.sleep(0))


def test_an_idle_window_runs_no_timer_but_the_meters_heartbeat(window, services, qtbot):
    from PySide6.QtCore import QTimer

    with qtbot.waitSignal(window.primes.jobEnded, timeout=20000):
        window.primes.high.setText("1e6")
        window.primes.on_start()
    with qtbot.waitSignal(services.bridge.idle, timeout=2000):
        pass
    qtbot.wait(300)  # the log dock's one-shot drain, if a line came
    running = [t for t in window.findChildren(QTimer) if t.isActive()]
    assert set(running) <= {window.meter._beat, window.meter._report}, [t.objectName() for t in running]  # noqa: SLF001
    assert not services.bridge.ticking


class _EchoPanel:
    """A minimal panel on the spine, as a new panel would be written (built lazily: Qt needs the app)."""

    @staticmethod
    def make(services):
        from PySide6.QtWidgets import QLineEdit

        from tributary.gui.panels.base import JobPanel
        from tributary.workers.jobs import QT_TRANSLATE_NOOP, UserError

        class EchoPanel(JobPanel):
            kinds = ("echo",)

            def __init__(self, services, parent=None):
                super().__init__(services, parent)
                self.text = QLineEdit("hello", self)
                self.text_error = self.field_error("text", self.text)
                self.body.addWidget(self.text)
                self.body.addWidget(self.text_error)
                self.body.addLayout(self.action_row())
                self.body.addWidget(self.result)
                self.text.textChanged.connect(self.validate)
                self.retranslate()

            def make_request(self):
                if not self.text.text():
                    raise UserError(QT_TRANSLATE_NOOP("Engine", "The {what} is empty."), field="text", what="text")
                return self.text.text()

            def launch(self, request):
                async def body(job):
                    await asyncio.sleep(0.05)
                    if request == "fail":
                        raise UserError(QT_TRANSLATE_NOOP("Engine", "The server answered {status} {reason}."),
                                        status=404, reason="Not Found")
                    return request.upper()

                return self.runner.start_coroutine("echo", request, body)

            def on_done(self, result):
                self.result.setText(result)

            def retranslate(self):
                super().retranslate()
                self.validate()

        return EchoPanel(services)


def test_a_new_panel_on_the_spine_gets_done_failed_and_cancelled(services, qtbot):
    panel = _EchoPanel.make(services)
    qtbot.addWidget(panel)
    panel.text.setText("")
    assert not panel.start.isEnabled() and panel.text_error.text() == "The text is empty."
    panel.text.setText("hello")
    with qtbot.waitSignal(panel.jobEnded, timeout=2000):
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
        assert panel.cancel.isEnabled() and not panel.start.isEnabled()
    assert panel.result.text() == "HELLO" and panel.start.isEnabled() and not panel.cancel.isEnabled()
    panel.text.setText("fail")
    with qtbot.waitSignal(panel.jobEnded, timeout=2000):
        panel.on_start()
    assert panel.result.text() == "Failed: The server answered 404 Not Found."
    with qtbot.waitSignal(panel.jobEnded, timeout=2000):
        panel.on_start()
        qtbot.mouseClick(panel.cancel, Qt.MouseButton.LeftButton)
    assert panel.result.text() == "Cancelled." and panel.model.rowCount() == 3
