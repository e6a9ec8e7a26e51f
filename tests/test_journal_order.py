"""The queue order outlives the process: where the user put a download (moved up, down, to the top or the
bottom, or dragged) is its row's ``position``; a restart (the window's restore, a command-line run claiming
the rows again) shows the rows in that order and starts them by priority, then that order. A move writes
the rows it moved, not the rows between (a 10,000-row queue), in one batch; an older journal's rows keep
the order they had (their id).

Real engines, journals, nginx, a command-line process and the window."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT
from test_downloads import with_engine
from test_gui_downloads import select, wait_tick
from test_journal_choices import BEFORE_CHOICES, old_journal, window_runner
from test_runner import run_plain

from tributary.workers.downloads.journal import Item, Journal

KIB = 1024

# The items table as Tributary created it with the per-download choices, before queue positions.
BEFORE_POSITIONS = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, folder TEXT NOT NULL, expected_sha256 TEXT,
    name TEXT, path TEXT, state TEXT NOT NULL DEFAULT 'queued', bytes_done INTEGER NOT NULL DEFAULT 0,
    total INTEGER, etag TEXT, last_modified TEXT, content_type TEXT, sha256 TEXT, error TEXT,
    added REAL NOT NULL, updated REAL NOT NULL, owner TEXT, priority INTEGER NOT NULL DEFAULT 0,
    speed_limit INTEGER NOT NULL DEFAULT 0, split INTEGER
);
CREATE TABLE segments (item_id INTEGER PRIMARY KEY, map TEXT NOT NULL);
CREATE INDEX items_by_url ON items (folder, url);
CREATE INDEX items_by_owner ON items (owner);
"""


def names(transfers_or_items) -> list[str]:
    return [Path(getattr(x, "item", x).url).name for x in transfers_or_items]


def restored_order(path: Path) -> list[str]:
    """What the next start shows: the rows a fresh journal adopts, in the order it gives them."""
    journal = Journal(path)
    try:
        return names(journal.recover())
    finally:
        journal.close()


def count_writes(path: Path) -> sqlite3.Connection:
    """Record every row update of ``items``, by any connection (a trigger in the file): ``written``."""
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript("""
        CREATE TABLE IF NOT EXISTS written (id INTEGER, updated REAL);
        CREATE TRIGGER IF NOT EXISTS count_writes AFTER UPDATE ON items
        BEGIN INSERT INTO written VALUES (NEW.id, NEW.updated); END;
    """)
    return db


async def writes_of(db: sqlite3.Connection, engine, action) -> tuple[list[int], int]:
    """Run ``action`` (a move, on the loop), wait for the engine's journal writes; the ids of the rows
    updated (as often as updated) and how many distinct ``updated`` stamps they carry (one: one batch)."""
    db.execute("DELETE FROM written")
    action()
    await asyncio.to_thread(engine.flush)
    rows = db.execute("SELECT id, updated FROM written").fetchall()
    return sorted(i for i, _ in rows), len({u for _, u in rows})


# -- the journal ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("schema", [BEFORE_CHOICES, BEFORE_POSITIONS], ids=["before-choices", "before-positions"])
def test_an_older_journals_rows_keep_their_order_and_new_rows_come_after(tmp_path, schema):
    path = tmp_path / "downloads.sqlite3"
    old_journal(path, schema)
    journal = Journal(path)
    try:
        rows = journal.items()
        assert [(r.id, r.position) for r in rows] == [(1, 1.0), (2, 2.0), (3, 3.0), (4, 4.0)]  # their id order
        (new,) = journal.add([Item(url="http://h/new.bin", folder="/x", state="paused")])
        assert new.position == 5.0
    finally:
        journal.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE items SET position=-0.5 WHERE url='http://h/later.bin'")  # moved to the top meanwhile
    # an older Tributary adds a row: it names its own columns, the position is NULL
    db.execute("INSERT INTO items (url, folder, state, added, updated) VALUES ('http://h/old.bin', '/x', 'paused', 3, 3)")
    db.commit()
    db.close()
    # unfinished rows in queue order, the one without a position last
    assert restored_order(path) == ["later.bin", "half.bin", "broken.bin", "new.bin", "old.bin"]
    journal = Journal(path)
    try:
        (newer,) = journal.add([Item(url="http://h/newer.bin", folder="/x", state="paused")])
        assert newer.position == 6.0  # after every position there is
    finally:
        journal.close()


def test_a_hand_edited_position_comes_after_the_rest(tmp_path):
    path = tmp_path / "downloads.sqlite3"
    journal = Journal(path)
    journal.add([Item(url=f"http://h/{n}.bin", folder="/x", state="paused") for n in "abc"])
    journal.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE items SET position='first' WHERE url='http://h/a.bin'")
    db.execute("UPDATE items SET position=1e300 WHERE url='http://h/b.bin'")
    db.commit()
    db.close()
    journal = Journal(path)
    try:
        rows = {Path(r.url).name: r for r in journal.items()}
        assert (rows["a.bin"].position, rows["b.bin"].position, rows["c.bin"].position) == (None, None, 3.0)
        (d,) = journal.add([Item(url="http://h/d.bin", folder="/x", state="paused")])
        assert d.position == 4.0  # after the last position a Tributary wrote
    finally:
        journal.close()


# -- the engine -----------------------------------------------------------------------------------------
def test_moves_and_a_drag_outlive_a_restart_and_the_queue_starts_in_that_order(tmp_path, nginx):
    """Queued downloads moved to the top, dragged, moved up; the engine closed (as the window closes: all
    paused); a new engine restores them (the window's way, ``restore_soon``) in that order and, one at a
    time, starts them in that order."""
    (nginx.root / "order").mkdir(exist_ok=True)
    blobs = {f"q{i}.bin": os.urandom(24 * KIB + i) for i in range(6)}
    for name, blob in blobs.items():
        (nginx.root / "order" / name).write_bytes(blob)
    urls = [(f"{nginx.base}/order/{name}", None) for name in blobs]

    async def arrange(engine, base, folder, server):
        engine.hold_queue()  # queued, nothing starts
        transfers = engine.add(urls, folder)
        by = dict(zip(names(transfers), transfers))
        assert all(t.item.state == "queued" for t in transfers)
        engine.move([by["q4.bin"]], "top")
        engine.move_to([by["q1.bin"], by["q5.bin"]], 1)  # a drag of two rows, dropped before the second row
        engine.move([by["q2.bin"]], "up")
        order = names(engine.transfers)
        engine.pause_all()  # what closing the window does
        return order

    order = run_plain(lambda: with_engine(tmp_path, arrange))
    assert order == ["q4.bin", "q1.bin", "q5.bin", "q2.bin", "q0.bin", "q3.bin"]

    async def restart(engine, base, folder, server):
        restored = await engine.restore_soon()
        shown = names(engine.transfers)
        engine.set_concurrency(1)
        engine.resume_all()
        await engine.run_all()
        return restored, shown

    restored, shown = run_plain(lambda: with_engine(tmp_path, restart))
    assert shown == names(restored) == order
    assert all(t.item.state == "done" for t in restored), [t.item.error for t in restored]
    assert names(sorted(restored, key=lambda t: t.job.started)) == order  # one at a time, in that order
    for t in restored:
        assert Path(t.item.path).read_bytes() == blobs[Path(t.item.url).name]


def test_a_command_line_run_claiming_the_rows_again_starts_them_by_priority_then_the_order_set(tmp_path, nginx):
    """Rows ordered in one engine (and one given a higher priority); ``tributary download`` of the same
    URLs, in their original order, one at a time: it starts them by priority, then the order set (each
    row's own limit, kept in it too, makes each take some 0.4 s: the order they end in is printed)."""
    (nginx.root / "order").mkdir(exist_ok=True)
    for name in ("cli-a.bin", "cli-b.bin", "cli-c.bin"):
        (nginx.root / "order" / name).write_bytes(os.urandom(400 * KIB))
    urls = [f"{nginx.base}/order/{name}" for name in ("cli-a.bin", "cli-b.bin", "cli-c.bin")]

    async def arrange(engine, base, folder, server):
        a, b, c = engine.add([(u, None) for u in urls], folder, start=False)
        engine.move([c], "top")  # c a b
        engine.set_priority([b], 1)
        for t in (a, b, c):
            engine.set_transfer_limit(t, 1 << 20)
        return str(folder)

    folder = run_plain(lambda: with_engine(tmp_path, arrange))
    path = tmp_path / "journal.sqlite3"
    run = subprocess.run([sys.executable, "-m", "tributary.gui", "download", *urls, "-d", folder, "--journal",
                          str(path), "-j", "1", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    finished = [json.loads(line) for line in run.stdout.splitlines() if '"url"' in line]
    assert [(Path(f["url"]).name, f["state"]) for f in finished] == [
        ("cli-b.bin", "done"), ("cli-c.bin", "done"), ("cli-a.bin", "done")]  # priority, then c before a


def test_rows_joining_the_list_later_keep_the_place_they_are_shown_in(tmp_path):
    """The list is kept in position order, so a restart shows it as it was: a row an older Tributary added
    (no position) restored before a row added now, and a row another run held until now (an earlier
    position) added after the rest, come back where they were shown."""
    path = tmp_path / "journal.sqlite3"
    Journal(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO items (url, folder, state, added, updated) VALUES ('http://127.0.0.1:9/older.bin', ?, "
               "'paused', 1, 1)", (str(tmp_path / "dl"),))
    db.commit()
    db.close()

    async def body(engine, base, folder, server):
        other = Journal(path)  # a command-line run holding its row while this engine starts
        (held,) = other.add([Item(url="http://127.0.0.1:9/held.bin", folder=str(folder), state="paused")])
        try:
            restored = engine.restore()
            engine.add([("http://127.0.0.1:9/new.bin", None)], folder, start=False)
        finally:
            other.close()  # it ends: its row is free
        engine.add([(held.url, None)], folder, start=False)  # adopted here, shown last
        return names(restored), names(engine.transfers), held.position

    restored, shown, held_position = run_plain(lambda: with_engine(tmp_path, body))
    assert restored == ["older.bin"] and shown == ["older.bin", "new.bin", "held.bin"]
    assert held_position == 1.0  # before the new row's: it was written after it
    assert restored_order(path) == shown


def test_a_move_in_a_ten_thousand_row_queue_writes_only_the_rows_it_moved(tmp_path):
    """Counted by a trigger in the journal file: a move to the top writes 1 row of 10,000, a drag of 100
    rows writes those 100 (one batch), a move down of 3 writes 3; a restart shows the order."""
    n = 10_000
    path = tmp_path / "journal.sqlite3"

    async def body(engine, base, folder, server):
        transfers = engine.add([(f"http://127.0.0.1:9/r{i}.bin", None) for i in range(n)], folder, start=False)
        await asyncio.to_thread(engine.flush)
        db = count_writes(path)
        try:
            def move(*args):
                return lambda: engine.move(*args)

            top = await writes_of(db, engine, move([transfers[-1]], "top"))
            drag = await writes_of(db, engine, lambda: engine.move_to(transfers[5000:5100], 10))
            down = await writes_of(db, engine, move(transfers[100:103], "down"))
            bottom = await writes_of(db, engine, move([transfers[0]], "bottom"))
            again = await writes_of(db, engine, move([transfers[-1]], "top"))  # top already
        finally:
            db.close()
        return transfers, names(engine.transfers), (top, drag, down, bottom, again)

    transfers, order, (top, drag, down, bottom, again) = run_plain(lambda: with_engine(tmp_path, body), timeout=120)
    ids = [t.item.id for t in transfers]
    assert top == ([ids[-1]], 1)
    assert drag == (sorted(ids[5000:5100]), 1)  # 100 rows, one batch
    assert down == (sorted(ids[100:103]), 1)
    assert bottom == ([ids[0]], 1)
    assert again == ([], 0)  # nothing moved, nothing written
    assert order[:12] == ["r9999.bin", *(f"r{i}.bin" for i in range(1, 9)), "r5000.bin", "r5001.bin", "r5002.bin"]
    assert order[-1] == "r0.bin"
    assert restored_order(path) == order


def test_drops_into_the_same_gap_never_run_out_of_room(tmp_path):
    """Each drop halves the gap between two rows; when floats leave no room, a few neighbours are spread
    again: every drop still writes a handful of rows, and the order holds after a restart."""
    path = tmp_path / "journal.sqlite3"

    async def body(engine, base, folder, server):
        engine.add([(f"http://127.0.0.1:9/g{i}.bin", None) for i in range(1000)], folder, start=False)
        await asyncio.to_thread(engine.flush)
        db = count_writes(path)
        most = 0
        try:
            for _ in range(200):  # the row at index 502 dropped before the one at 501: always the same gap
                written, _batches = await writes_of(db, engine, lambda: engine.move_to([engine.transfers[502]], 501))
                most = max(most, len(written))
        finally:
            db.close()
        positions = [t.item.position for t in engine.transfers]
        return names(engine.transfers), positions, most

    order, positions, most = run_plain(lambda: with_engine(tmp_path, body), timeout=120)
    assert all(a < b for a, b in zip(positions, positions[1:]))
    assert 1 <= most <= 16, most
    assert restored_order(path) == order


def test_a_move_of_a_row_another_process_holds_is_written_once_the_row_is_ours(tmp_path, nginx):
    """A row another live journal holds (a run downloading it) moved to the top here: its row keeps its
    position while that run holds it; once this engine takes it over, the position is written."""
    (nginx.root / "order").mkdir(exist_ok=True)
    for name in ("mine-1.bin", "mine-2.bin", "theirs.bin"):
        (nginx.root / "order" / name).write_bytes(os.urandom(50 * KIB))
    path = tmp_path / "journal.sqlite3"

    async def body(engine, base, folder, server):
        mine = engine.add([(f"{nginx.base}/order/mine-{i}.bin", None) for i in (1, 2)], folder, start=False)
        other = Journal(path)  # the live run downloading it
        (row,) = other.add([Item(url=f"{nginx.base}/order/theirs.bin", folder=str(folder), state="running")])
        try:
            (theirs,) = engine.add([(row.url, None)], folder)
            assert not theirs.owned
            engine.move([theirs], "top")
            await asyncio.to_thread(engine.flush)
            held = {Path(r.url).name: r.position for r in other.items()}
        finally:
            row.state = "paused"
            other.save(row)
            other.close()  # it lets go: this engine takes the row over
        await engine.run_all()
        await asyncio.to_thread(engine.flush)
        return names(engine.transfers), held, theirs, mine

    shown, held, theirs, mine = run_plain(lambda: with_engine(tmp_path, body))
    assert shown == ["theirs.bin", "mine-1.bin", "mine-2.bin"]
    assert held["theirs.bin"] > held["mine-2.bin"]  # not written while the other run held it
    assert theirs.owned and theirs.item.state == "done"
    journal = Journal(path)
    try:
        stored = sorted(journal.items(), key=lambda r: r.position)
    finally:
        journal.close()
    assert names(stored) == shown  # written once it was ours


# -- the window -----------------------------------------------------------------------------------------
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform's popup
def test_a_restored_window_shows_the_order_set_by_a_move_and_a_drag(tmp_path, qapp, qloop, qtbot):
    from PySide6.QtCore import QModelIndex, Qt

    run_window = window_runner(tmp_path, qapp, qtbot)

    def arrange(panel):
        panel.engine.add([(f"http://127.0.0.1:9/w{i}.bin", None) for i in range(5)], str(tmp_path), start=False)
        select(panel, [3])
        panel.move_selected("top")  # w3 w0 w1 w2 w4
        select(panel, [3, 4])
        model = panel.model
        data = model.mimeData(panel.table.selectionModel().selectedIndexes())
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, 1, -1, QModelIndex())  # dragged between rows 0 and 1
        return names(model.transfer(r) for r in range(model.rowCount()))

    shown = run_window(arrange)
    assert shown == ["w3.bin", "w2.bin", "w4.bin", "w0.bin", "w1.bin"]

    def look(panel):
        model = panel.model
        wait_tick(qtbot, panel, lambda: model.rowCount() == 5)
        return names(model.transfer(r) for r in range(model.rowCount())), names(panel.engine.transfers)

    rows, listed = run_window(look)
    assert rows == listed == shown
