"""Per-download choices outlive the process: a download's priority, its own speed limit and its connections
are columns of its journal row, written when the user changes them (only by the journal that holds the
row), read back when the row is restored (the window) or claimed again (a command-line run), and applied:
the queue order and the limit hold after a restart. An older journal gains the columns and keeps its rows.

Real engines, journals, nginx and command-line processes."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import run_async
from helpers import ROOT
from servers import sha256
from test_downloads import with_engine
from test_gui_downloads import select, wait_tick
from test_journal_sharing import rows_of
from test_runner import run_plain

from tributary.workers.downloads.journal import ADDED_COLUMNS, Item, Journal

KIB = 1024
MIB = 1 << 20

# The items table as Tributary created it before leases, and before the per-download choices.
BEFORE_LEASES = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, folder TEXT NOT NULL, expected_sha256 TEXT,
    name TEXT, path TEXT, state TEXT NOT NULL DEFAULT 'queued', bytes_done INTEGER NOT NULL DEFAULT 0,
    total INTEGER, etag TEXT, last_modified TEXT, content_type TEXT, sha256 TEXT, error TEXT,
    added REAL NOT NULL, updated REAL NOT NULL
);
"""
BEFORE_CHOICES = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, folder TEXT NOT NULL, expected_sha256 TEXT,
    name TEXT, path TEXT, state TEXT NOT NULL DEFAULT 'queued', bytes_done INTEGER NOT NULL DEFAULT 0,
    total INTEGER, etag TEXT, last_modified TEXT, content_type TEXT, sha256 TEXT, error TEXT,
    added REAL NOT NULL, updated REAL NOT NULL, owner TEXT
);
CREATE TABLE segments (item_id INTEGER PRIMARY KEY, map TEXT NOT NULL);
CREATE INDEX items_by_url ON items (folder, url);
CREATE INDEX items_by_owner ON items (owner);
"""
OLD_ROWS = [  # (url, state, bytes_done, total, error)
    ("http://h/half.bin", "running", 4096, 10000, None),
    ("http://h/done.bin", "done", 10000, 10000, None),
    ("http://h/broken.bin", "failed", 0, None, "HTTP 404"),
    ("http://h/later.bin", "paused", 100, 5000, None),
]


def old_journal(path: Path, schema: str) -> None:
    """A journal file written by an older Tributary: its own tables, four rows and a segment map."""
    db = sqlite3.connect(path)
    db.executescript(schema)
    db.executemany("INSERT INTO items (url, folder, state, bytes_done, total, error, added, updated) "
                   "VALUES (?, '/x', ?, ?, ?, ?, 1.0, 2.0)", OLD_ROWS)
    if "segments" in schema:
        db.execute("INSERT INTO segments VALUES (1, '{\"total\": 10000, \"segments\": [[0, 10000, 4096]]}')")
    db.commit()
    db.close()


@pytest.mark.parametrize("schema", [BEFORE_LEASES, BEFORE_CHOICES], ids=["before-leases", "before-choices"])
def test_an_older_journal_gains_the_columns_and_keeps_its_rows(tmp_path, schema):
    path = tmp_path / "downloads.sqlite3"
    old_journal(path, schema)
    journal = Journal(path)
    try:
        assert journal.recovered_from is None  # migrated, not set aside
        rows = journal.items()
        assert [(r.url, r.state, r.bytes_done, r.total, r.error) for r in rows] == OLD_ROWS
        assert [(r.priority, r.speed_limit, r.split) for r in rows] == [(0, 0, None)] * 4  # the defaults
        if "segments" in schema:
            assert journal.segments(1) is not None
        restored = journal.recover()  # every row was free: the unfinished ones are adopted
        assert [(Path(r.url).name, r.state) for r in restored] == [
            ("half.bin", "paused"), ("broken.bin", "failed"), ("later.bin", "paused")]
        later = restored[-1]
        later.priority, later.speed_limit, later.split = -1, 300 * KIB, 4
        assert journal.save(later)
    finally:
        journal.close()
    db = sqlite3.connect(path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(items)")]
    # what an older Tributary still writes: its own columns only (the new ones take their defaults)
    db.execute("INSERT INTO items (url, folder, state, added, updated) VALUES ('http://h/old.bin', '/x', 'paused', 3, 3)")
    db.commit()
    db.close()
    assert all(columns.count(name) == 1 for name, _ in ADDED_COLUMNS)
    rows = rows_of(path)
    assert (rows["later.bin"].priority, rows["later.bin"].speed_limit, rows["later.bin"].split) == (-1, 300 * KIB, 4)
    assert (rows["old.bin"].priority, rows["old.bin"].speed_limit, rows["old.bin"].split) == (0, 0, None)
    assert len(rows) == 5


def test_processes_opening_an_older_journal_at_once_add_each_column_once(tmp_path):
    path = tmp_path / "downloads.sqlite3"
    old_journal(path, BEFORE_CHOICES)
    opened, errors = [], []
    go = threading.Barrier(4)

    def open_it() -> None:
        go.wait()
        try:
            opened.append(Journal(path))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == [] and len(opened) == 4
        assert all(j.recovered_from is None for j in opened)
        assert len(opened[0].items()) == len(OLD_ROWS)
    finally:
        for j in opened:
            j.close()


def test_a_hand_edited_choice_falls_back_to_its_default(tmp_path):
    path = tmp_path / "downloads.sqlite3"
    journal = Journal(path)
    journal.add([Item(url="http://h/a.bin", folder="/x", state="paused", priority=1, speed_limit=KIB, split=2)])
    journal.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE items SET priority='high', speed_limit=1.5, split='many'")
    db.commit()
    db.close()
    (row,) = rows_of(path).values()
    assert (row.priority, row.speed_limit, row.split) == (0, 0, None)


def test_priority_limit_and_split_outlive_a_restart_and_hold(tmp_path, nginx):
    """Chosen in one engine, restored by the next on the same journal: the values are back, the queue
    starts the high one first and the low one last, the limit holds it back and its own split is used."""
    blobs = {name: os.urandom(size) for name, size in (("low.bin", 200 * KIB), ("normal.bin", 200 * KIB),
                                                       ("high.bin", 640 * KIB))}
    for name, blob in blobs.items():
        (nginx.root / "choices").mkdir(exist_ok=True)
        (nginx.root / "choices" / name).write_bytes(blob)
    urls = [(f"{nginx.base}/choices/{name}", sha256(blob)) for name, blob in blobs.items()]

    async def choose(engine, base, folder, server):
        low, normal, high = engine.add(urls, folder, start=False)
        engine.set_priority([high], 1)
        engine.set_priority([low], -1)
        engine.set_transfer_limit(high, 512 * KIB)
        engine.set_split(high, 3)

    run_plain(lambda: with_engine(tmp_path, choose, split=1, min_segment=128 * KIB))
    stored = {name: (r.priority, r.speed_limit, r.split) for name, r in rows_of(tmp_path / "journal.sqlite3").items()}
    assert stored == {"low.bin": (-1, 0, None), "normal.bin": (0, 0, None), "high.bin": (1, 512 * KIB, 3)}

    async def restart(engine, base, folder, server):
        restored = {Path(t.item.url).name: t for t in engine.restore()}
        high = restored["high.bin"]
        shown = {name: (t.priority, t.speed_limit, t.split) for name, t in restored.items()}
        before = engine.details(high)
        engine.set_concurrency(1)
        engine.resume_all()
        await engine.run_all()
        return restored, shown, before, engine.details(high)

    restored, shown, before, after = run_plain(lambda: with_engine(tmp_path, restart, split=1, min_segment=128 * KIB))
    assert shown == stored
    assert (before.speed_limit, before.split) == (512 * KIB, 3)  # the details pane says so before it runs
    high = restored["high.bin"]
    assert high.bucket.rate == 512 * KIB
    assert all(t.item.state == "done" for t in restored.values()), [t.item.error for t in restored.values()]
    started = sorted(restored, key=lambda name: restored[name].job.started)
    assert started == ["high.bin", "normal.bin", "low.bin"]  # priority first, then the list
    assert high.bucket.waited > 0 and high.job.seconds >= 0.8  # 640 KiB at 512 KiB/s: over a second
    assert after.split == 3 and len(after.connections) >= 3  # its own 3, not the engine's 1
    for name, t in restored.items():
        assert Path(t.item.path).read_bytes() == blobs[name]


def test_a_choice_made_while_another_process_holds_the_row_is_kept_until_the_row_is_ours(tmp_path, nginx):
    """Another journal holds the row (a live run): the choice is shown and used here but never written
    into that run's row; once that run lets go and this engine takes the row over, it is written."""
    blob = os.urandom(100 * KIB)
    (nginx.root / "held.bin").write_bytes(blob)
    url = f"{nginx.base}/held.bin"
    path = tmp_path / "journal.sqlite3"

    async def body(engine, base, folder, server):
        other = Journal(path)  # the live run downloading it
        (row,) = other.add([Item(url=url, folder=str(folder), state="running")])
        try:
            (t,) = engine.add([(url, None)], folder)
            assert not t.owned and t.item.state == "queued"  # waiting for the other run
            engine.set_priority([t], 1)
            engine.set_transfer_limit(t, 256 * KIB)
            engine.set_split(t, 2)
            await asyncio.to_thread(engine.flush)
            while_held = rows_of(path)["held.bin"]
            assert t.bucket.rate == 256 * KIB and t.priority == 1 and t.split == 2
        finally:
            row.state = "paused"
            other.save(row)
            other.close()  # it lets go: this engine takes the row over
        await engine.run_all()
        await asyncio.to_thread(engine.flush)
        return t, while_held

    t, while_held = run_plain(lambda: with_engine(tmp_path, body))
    assert (while_held.priority, while_held.speed_limit, while_held.split) == (0, 0, None)
    assert t.owned and t.item.state == "done" and Path(t.item.path).read_bytes() == blob
    assert (t.priority, t.speed_limit, t.split, t.bucket.rate) == (1, 256 * KIB, 2, 256 * KIB)
    row = rows_of(path)["held.bin"]
    assert (row.state, row.priority, row.speed_limit, row.split) == ("done", 1, 256 * KIB, 2)


def test_a_command_line_run_resuming_a_row_keeps_and_applies_its_limit(tmp_path, nginx):
    """``tributary download`` of a URL whose paused row has a limit of its own: the run honours it (the
    .part grows at that rate) and writes the row back with its choices."""
    (nginx.root / "cli-limit.bin").write_bytes(os.urandom(4 * MIB))
    url = f"{nginx.base}/cli-limit.bin"
    path, folder = tmp_path / "journal.sqlite3", tmp_path / "out"
    folder.mkdir()
    journal = Journal(path)
    journal.add([Item(url=url, folder=str(folder), state="paused", priority=1, speed_limit=256 * KIB, split=1)])
    journal.close()
    proc = subprocess.Popen([sys.executable, "-m", "tributary.gui", "download", url, "-d", str(folder),
                             "--journal", str(path), "--json"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    part, whole = folder / "cli-limit.bin.part", folder / "cli-limit.bin"

    def received() -> int:  # what is on disk so far (all of it once the file is in place)
        for f in (part, whole):
            try:
                return f.stat().st_size
            except FileNotFoundError:
                pass
        return 0

    try:
        deadline = time.monotonic() + 30
        while received() < 64 * KIB:
            assert time.monotonic() < deadline and proc.poll() is None, "the run never got going"
            time.sleep(0.02)
        time.sleep(0.3)
        b0, t0 = received(), time.monotonic()
        time.sleep(1.5)
        rate = (received() - b0) / (time.monotonic() - t0)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert rate <= 1.25 * 256 * KIB, rate  # unlimited, nginx hands 4 MiB over in a blink
    assert proc.returncode == 130, err  # interrupted while the limit held it back
    (row,) = rows_of(path).values()
    assert (row.state, row.priority, row.speed_limit, row.split) == ("paused", 1, 256 * KIB, 1)
    assert row.bytes_done < 2 * MIB


def window_runner(tmp_path, qapp, qtbot):
    """``run_window(body)``: the real window on settings and a journal under ``tmp_path`` — shown, its restored
    rows read back, ``body(downloads_panel)`` run, then closed and shut down as the app does (call it twice: a
    restart)."""
    from PySide6.QtCore import QSettings

    from tributary.gui.app import Services
    from tributary.gui.i18n import LanguageSwitcher
    from tributary.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    journal = tmp_path / "journal.sqlite3"

    def run_window(body):
        services = Services(qapp, settings, LanguageSwitcher(qapp), journal_path=str(journal))
        win = MainWindow(services)
        try:
            win.show()
            qtbot.waitExposed(win)
            run_async(qtbot, services.restored)
            return body(win.downloads)
        finally:
            win.close()
            win.deleteLater()
            run_async(qtbot, services.shutdown())

    return run_window


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform's popup
def test_the_window_shows_a_restored_rows_priority_limit_and_connections(tmp_path, qapp, qloop, qtbot):
    """Chosen in the window (menu and dialogs), the app closed and started again: the restored row shows
    them (Priority column, the dialogs' values, the details pane)."""
    run_window = window_runner(tmp_path, qapp, qtbot)

    def choose(panel):
        panel.engine.add([("http://127.0.0.1:9/a.bin", None), ("http://127.0.0.1:9/b.bin", None)],
                         str(tmp_path), start=False)
        select(panel, [1])
        panel.priority_actions["high"].trigger()
        limit = panel.limit_dialog()
        limit.rate.unit.setCurrentIndex(0)
        limit.rate.number.setValue(512)
        limit.accept()
        connections = panel.connections_dialog()
        connections.spin.setValue(3)
        connections.accept()

    run_window(choose)

    def look(panel):
        model = panel.model
        wait_tick(qtbot, panel, lambda: model.rowCount() == 2)
        column = model.COLUMNS.index("priority")
        priorities = [model.data(model.index(r, column)) for r in range(2)]
        select(panel, [1])
        panel.update_totals()
        summary = panel.details.summary.text()
        limit, connections = panel.limit_dialog(), panel.connections_dialog()
        values = limit.kib(), connections.spin.value()
        limit.reject()
        connections.reject()
        return priorities, summary, values

    priorities, summary, values = run_window(look)
    assert priorities == ["Normal", "High"]
    assert values == (512, 3)
    assert "split: 3" in summary and "512" in summary
