"""The Log dock: the engine's messages in the user's language (English on the command line), technical lines
only on request (a setting that persists), rendered again on a language switch, bounded, and idle when
nothing is logged."""

from __future__ import annotations

import logging

import pytest
from helpers import run_cli

from tributary.gui import log_dock as log_dock_module
from tributary.gui import preferences as prefs
from tributary.gui.log_dock import LogDock, LogRecords
from tributary.workers.jobs import QT_TRANSLATE_NOOP, Message


@pytest.fixture
def info_logs():
    """The app's log level (``run_app`` sets it; the test fixtures do not run it)."""
    logger = logging.getLogger("tributary")
    before = logger.level
    logger.setLevel(logging.INFO)
    yield logger
    logger.setLevel(before)


def shown(dock: LogDock, qtbot) -> str:
    """The dock's text once what was logged so far is rendered (the drain is a one-shot timer)."""
    if dock.handler.entries and dock.shown_seq < dock.handler.entries[-1].seq:
        with qtbot.waitSignal(dock.updated, timeout=2000):
            pass
    return dock.view.toPlainText()


def test_the_command_line_logs_the_engines_messages_in_english():
    """``tributary -v primes …`` (the usage puts ``-v`` before the subcommand) started the window with
    "primes", "0" and "1e6" as links to add; it runs the command and logs the engine's English."""
    out = run_cli("-v", "primes", "0", "1e6", "--workers", "1")
    assert out.returncode == 0, out.stderr
    assert "78,498 primes in [0, 1,000,000]" in out.stdout
    assert "primes in [0, 1,000,000] (#1) started" in out.stderr
    assert "primes in [0, 1,000,000] (#1) done in " in out.stderr


def test_a_job_logs_a_message_not_formatted_text(services, qtbot, info_logs):
    """The record's msg is the Message itself (template + values, no %-args): the dock can translate it,
    and every ordinary handler still prints its English."""
    from tributary.workers import primes

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    info_logs.addHandler(handler)
    try:
        req = primes.PrimeRequest.from_text("0", "1e5", workers=1, executor="processes")
        with qtbot.waitSignal(services.bridge.jobFinished, timeout=30000):
            job = primes.start_job(services.runner, req)
    finally:
        info_logs.removeHandler(handler)
    ours = [r for r in records if r.name == "tributary.jobs"]
    assert [r.msg.template for r in ours] == ["{title} (#{id}) started", "{title} (#{id}) done in {seconds:.3f} s"]
    assert all(isinstance(r.msg, Message) and not r.args for r in ours)
    assert logging.Formatter("%(message)s").format(ours[1]).startswith(f"primes in [0, 100,000] (#{job.id}) done in ")


def test_the_dock_speaks_the_users_language_and_shows_technical_lines_only_when_asked(
        window, services, qtbot, info_logs):
    dock = window.log_dock
    primes = window.primes
    primes.high.setText("1e6")
    with qtbot.waitSignal(primes.jobEnded, timeout=30000) as ended:
        primes.on_start()
    job = ended.args[0]
    logging.getLogger("tributary.test").warning("a line for developers")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("tributary.test").exception("a failure with its traceback")
    text = shown(dock, qtbot)
    assert f"primes in [0, 1,000,000] (#{job.id}) done in " in text
    assert "a line for developers" not in text and "Traceback" not in text  # technical: not by default
    assert not dock.technical.isChecked() and prefs.read(services.settings, "log/technical") is False

    dock.technical.setChecked(True)  # all of it, tracebacks included, and remembered
    text = dock.view.toPlainText()
    assert "WARNING tributary.test: a line for developers" in text and "ValueError: boom" in text
    assert prefs.read(services.settings, "log/technical") is True
    again = LogDock(settings=services.settings)
    assert again.technical.isChecked()
    again.detach()
    again.deleteLater()
    dock.technical.setChecked(False)
    assert "a line for developers" not in dock.view.toPlainText()

    assert services.languages.apply("zh_CN")  # the same records, rendered again in Chinese
    try:
        qtbot.waitUntil(lambda: dock.technical.text() == "技术细节", timeout=2000)  # LanguageChange: no signal
        text = dock.view.toPlainText()
        assert f"[0, 1,000,000] 中的素数（#{job.id}）完成，用时" in text and "done in" not in text
    finally:
        services.languages.apply("en")
    qtbot.waitUntil(lambda: dock.technical.text() == "Technical details", timeout=2000)
    assert "done in" in dock.view.toPlainText()


def test_the_dock_is_idle_when_nothing_is_logged_and_renders_nothing_while_not_seen(window, qtbot, info_logs):
    dock = window.log_dock
    log = logging.getLogger("tributary.test")
    hello = Message(QT_TRANSLATE_NOOP("Engine", "a worker died"))
    assert not dock._timer.isActive()
    with qtbot.waitSignal(dock.updated, timeout=2000):
        log.info(hello)  # wakes the one-shot drain …
    assert "a worker died" in dock.view.toPlainText()
    assert not dock._timer.isActive()  # … and idle again: no timer while nothing is logged
    dock.close()  # not seen: records are kept, nothing is rendered, no timer keeps waking
    before = dock.view.toPlainText()
    log.info(Message(QT_TRANSLATE_NOOP("Engine", "a cancelled job did not stop in time")))
    dock.drain()
    log.info(hello)
    assert dock.view.toPlainText() == before and not dock._timer.isActive()
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.show()  # seen again: everything kept is rendered
    assert "a cancelled job did not stop in time" in dock.view.toPlainText()


def test_the_records_kept_are_bounded():
    records = LogRecords(keep=50)
    log = logging.getLogger("tributary.test.bounded")
    log.addHandler(records)
    log.setLevel(logging.INFO)
    try:
        for i in range(120):
            log.info(Message(QT_TRANSLATE_NOOP("Engine", "{title} (#{id}) started"), title="x", id=i))
    finally:
        log.removeHandler(records)
    assert len(records.entries) == 50 and records.entries[0].message.values["id"] == 70
    assert [e.seq for e in records.since(115)] == [116, 117, 118, 119, 120]
    assert log_dock_module.KEEP <= log_dock_module.BLOCKS
