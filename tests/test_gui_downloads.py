"""The Downloads panel with a real loopback server: add a list, watch, cancel, pause, resume, and a
2,000-file batch that must not freeze the window."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_async
from helpers import ROOT
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from servers import FaultServer, payload, sha256

from tributary.workers.downloads.journal import Journal


@pytest.fixture
def server(qloop, qtbot):
    srv = FaultServer()
    run_async(qtbot, srv.start())
    yield srv
    run_async(qtbot, srv.stop())


@pytest.fixture
def panel(window, tmp_path):
    """The Downloads panel of the real window (conftest's: shown, heap frozen as the app does)."""
    window.downloads.folder.setText(str(tmp_path / "dl"))
    return window.downloads


def select(panel, rows):
    sel = panel.table.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(panel.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def wait_states(qtbot, panel, transfers, states, timeout=10000):
    """Until every transfer is in one of ``states``: waits on the bridge's ``jobFinished`` (no polling)."""
    def settled(*_args):
        return all(t.item.state in states for t in transfers)

    if not settled():
        with qtbot.waitSignal(panel.bridge.jobFinished, timeout=timeout, check_params_cb=settled):
            pass


def wait_tick(qtbot, panel, condition, timeout=10000):
    """Until ``condition()`` holds after one of the bridge's coalesced ticks (progress, not completion)."""
    if not condition():
        with qtbot.waitSignal(panel.bridge.transfersChanged, timeout=timeout, check_params_cb=lambda _: condition()):
            pass


def test_add_a_list_watch_rows_finish_cancel_one_pause_and_resume_one(panel, server, qtbot):
    text = "\n".join([f"{server.base}/file/a.bin?size=200000 {sha256(payload(200000))}",
                      f"{server.base}/file/b.bin?size=300000",
                      f"{server.base}/slow?size=3000000&delay=0.02&seed=5",
                      f"{server.base}/slow?size=3000000&delay=0.02&seed=6",
                      "gopher://old.example/x"])
    dialog = panel.add_dialog()
    dialog.text.setPlainText(text)
    with qtbot.waitSignal(panel.bridge.transfersAdded, timeout=1000):
        dialog.accept()
    model = panel.model
    transfers = panel.engine.transfers
    assert model.rowCount() == 5
    wait_states(qtbot, panel, transfers[:2], {"done"})
    assert transfers[4].item.state == "failed"
    assert "Only http and https" in model.data(model.index(4, 6))
    slow_cancel, slow_pause = transfers[2], transfers[3]
    wait_tick(qtbot, panel, lambda: slow_cancel.item.bytes_done > 0 and slow_pause.item.bytes_done > 0)
    select(panel, [2])
    assert panel.actions_["cancel"].isEnabled()
    panel.actions_["cancel"].trigger()
    select(panel, [3])
    panel.actions_["pause"].trigger()
    wait_states(qtbot, panel, [slow_cancel], {"cancelled"}, timeout=3000)
    wait_states(qtbot, panel, [slow_pause], {"paused"}, timeout=3000)
    assert Path(slow_pause.item.path + ".part").exists()
    assert model.data(model.index(3, 5)) == "paused"
    wait_tick(qtbot, panel, panel.actions_["resume"].isEnabled, timeout=1000)  # the next coalesced tick
    panel.actions_["resume"].trigger()
    wait_states(qtbot, panel, [slow_pause], {"done"}, timeout=20000)
    assert Path(slow_pause.item.path).read_bytes() == payload(3_000_000, seed=6)
    with qtbot.waitSignal(panel.bridge.idle, timeout=2000):  # the totals take a last look when all is quiet
        pass
    assert "3 of 5 files" in panel.totals.text()  # a, b and the resumed one
    assert not panel.bridge.ticking


def test_dropping_urls_on_the_panel_adds_them(panel, server, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl(f"{server.base}/file/dropped.bin?size=1000")])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(panel.bridge.jobFinished, timeout=5000):
        panel.dropEvent(event)
    assert panel.engine.transfers[-1].item.state == "done"
    assert panel.engine.transfers[-1].item.name == "dropped.bin"


def test_the_folder_is_checked_before_anything_is_added(panel, server, qtbot, tmp_path):
    """An empty folder field is an error (never the current directory); so is a file; the add dialog
    keeps its text and says why."""
    url = f"{server.base}/file/x.bin?size=10"
    panel.folder.setText("")
    assert run_async(qtbot, panel.add([(url, None)])) == [] and "Choose a folder" in panel.error.text()
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    panel.folder.setText(str(a_file))
    assert run_async(qtbot, panel.add_text(url)) == []
    assert "is not a folder" in panel.error.text() and panel.error.isVisibleTo(panel)
    panel.folder.setText("relative/dir")
    assert run_async(qtbot, panel.add_text(url)) == [] and "full path" in panel.error.text()
    assert panel.engine.transfers == [] and not Path("relative").exists()
    dialog = panel.add_dialog()
    dialog.text.setPlainText("   \n# only a comment\n")
    dialog.accept()
    assert dialog.isVisible() and "at least one" in dialog.error.text()
    panel.folder.setText(str(tmp_path / "new" / "dir"))
    assert not panel.error.text()  # editing the field clears the old error
    dialog.text.setPlainText(url)
    with qtbot.waitSignal(panel.bridge.jobFinished, timeout=5000):
        dialog.accept()
    assert (tmp_path / "new" / "dir" / "x.bin").read_bytes() == payload(10)


def test_two_thousand_small_files_do_not_freeze_the_window(panel, server, qtbot, services):
    meter = panel.window().meter
    panel.concurrency.setValue(16)
    entries = [(f"{server.base}/file/f{i}.bin?size=2048&seed={i}", None) for i in range(2000)]
    meter.reset()
    transfers = run_async(qtbot, panel.add(entries))
    wait_states(qtbot, panel, transfers, {"done"}, timeout=120000)
    stats = meter.stats()
    assert stats["max"] < 250, stats  # behaviour: never a visible freeze (the bench reports p99)
    assert panel.model.refreshes < 25 * 120  # coalesced: not one repaint per row change
    assert len(list(Path(panel.folder.text()).iterdir())) == 2000
    with qtbot.waitSignal(panel.bridge.idle, timeout=2000):
        pass
    ticks = panel.bridge.ticks
    qtbot.wait(300)
    assert panel.bridge.ticks == ticks  # idle: no timer ticks


def test_journal_restores_an_interrupted_queue_paused(tmp_path, services, qtbot):
    journal = Journal(tmp_path / "j.sqlite3")
    from tributary.workers.downloads.journal import Item

    journal.add([Item(url="http://127.0.0.1:9/x.bin", folder=str(tmp_path), state="running", bytes_done=10),
                 Item(url="http://127.0.0.1:9/y.bin", folder=str(tmp_path), state="done")])
    journal.close()
    from tributary.workers.downloads.engine import DownloadEngine

    reopened = Journal(tmp_path / "j.sqlite3")
    engine = DownloadEngine(services.runner, reopened, services.http_session)
    restored = engine.restore()
    assert [(t.item.url.rsplit("/", 1)[1], t.item.state) for t in restored] == [("x.bin", "paused")]
    reopened.close()


def stored_states(path) -> list[str]:
    """The states of the journal's rows (the journal opened and closed again: no connection left open)."""
    journal = Journal(path)
    try:
        return [r.state for r in journal.items()]
    finally:
        journal.close()


def _cli_download_under_way(nginx, tmp_path, name: str, size: int, min_part: int):
    """Start ``tributary download`` of a rate-limited nginx file; return once its .part holds bytes."""
    data = os.urandom(size)
    (nginx.root / "slow").mkdir(exist_ok=True)
    (nginx.root / "slow" / name).write_bytes(data)
    journal, folder = tmp_path / "journal.sqlite3", tmp_path / "out"
    folder.mkdir()
    cmd = [sys.executable, "-m", "tributary.gui", "download", f"{nginx.base}/slow/{name}", "-d", str(folder),
           "--journal", str(journal), "--json"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    part = folder / f"{name}.part"
    deadline = time.monotonic() + 20
    while not (part.exists() and part.stat().st_size > min_part) and time.monotonic() < deadline:
        time.sleep(0.02)
    return proc, cmd, data, journal, folder, part


def test_cli_download_survives_kill_9_and_resumes_byte_identical(tmp_path, nginx):
    proc, cmd, data, journal, folder, part = _cli_download_under_way(nginx, tmp_path, "big.bin", 6_000_000, 500_000)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert part.exists() and 0 < part.stat().st_size < len(data)
    assert stored_states(journal) == ["running"]  # what a crash leaves behind
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert (folder / "big.bin").read_bytes() == data and not part.exists()
    assert hashlib.sha256(data).hexdigest() in again.stdout


def test_cli_ctrl_c_pauses_keeps_the_part_and_exits_130(tmp_path, nginx):
    proc, _, _, journal, folder, part = _cli_download_under_way(nginx, tmp_path, "interrupt.bin", 4_000_000, 200_000)
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert part.exists() and not (folder / "interrupt.bin").exists()
    assert stored_states(journal) == ["paused"]
    assert '"state": "paused"' in stdout


def test_engine_messages_show_in_chinese(panel, services, qtbot):
    from tributary.gui.i18n import ENGINE
    from tributary.workers.downloads.engine import Retryable
    from tributary.workers.jobs import QT_TRANSLATE_NOOP, Message, UserError
    from tributary.workers.primes import UPPER, parse_bound

    assert services.languages.apply("zh_CN")
    try:
        run_async(qtbot, panel.add([("ftp://old.example/x", None)]))
        model = panel.model
        row = model.rowCount() - 1
        assert "只能下载 http 和 https 网址" in model.data(model.index(row, 6))
        assert model.data(model.index(row, 5)) == "失败"
        assert "'ftp://old.example/x'" in model.data(model.index(row, 6))  # the value survives the translation
        with pytest.raises(UserError) as raised:
            parse_bound("ten", UPPER)
        assert ENGINE.tr(raised.value.message) == "上界 'ten' 不是数字（可试试 1e9、10^12、2**40 或 1,000,000）。"
        problem = Retryable(QT_TRANSLATE_NOOP("Engine", "connection problem: {error}"), error="OSError: boom").message
        nested = Message(QT_TRANSLATE_NOOP("Engine", "{error}; retry {attempt} of {retries} in {delay:.1f} s"),
                         error=problem, attempt=1, retries=5, delay=0.6)
        assert str(nested) == "connection problem: OSError: boom; retry 1 of 5 in 0.6 s"  # English where no Qt is
        assert ENGINE.tr(nested) == "连接问题：OSError: boom；0.6 秒后进行第 1/5 次重试"
        assert ENGINE.tr("something the engine never said") == "something the engine never said"
    finally:
        services.languages.apply("en")
    assert "Only http and https" in panel.model.data(panel.model.index(row, 6))


def test_closing_the_app_mid_download_stores_paused_and_the_next_start_resumes(tmp_path, qapp, qloop, qtbot, server):
    """Closing is not cancelling: the row is stored paused, its .part kept, and the next start shows it
    paused, ready to resume byte-identical."""
    from PySide6.QtCore import QSettings

    from tributary.gui.app import Services
    from tributary.gui.i18n import LanguageSwitcher

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    journal = tmp_path / "journal.sqlite3"
    first = Services(qapp, settings, LanguageSwitcher(qapp), journal_path=str(journal))
    try:
        (t,) = first.downloads.add([(f"{server.base}/slow?size=2000000&delay=0.02&seed=9", None)], tmp_path / "dl")
        qtbot.waitUntil(lambda: t.item.bytes_done > 100_000, timeout=10000)
    finally:
        run_async(qtbot, first.shutdown())
    check = Journal(journal)
    assert [(r.state, r.error) for r in check.items()] == [("paused", None)]
    check.close()
    second = Services(qapp, settings, LanguageSwitcher(qapp), journal_path=str(journal))
    try:
        (again,) = run_async(qtbot, second.restored)  # read off the GUI thread
        assert second.downloads.transfers == [again]
        assert again.item.state == "paused" and Path(again.item.path + ".part").stat().st_size >= 100_000
        second.downloads.resume(again)
        qtbot.waitUntil(lambda: again.item.state == "done", timeout=20000)
        assert Path(again.item.path).read_bytes() == payload(2_000_000, seed=9)
    finally:
        run_async(qtbot, second.shutdown())
