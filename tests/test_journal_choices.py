"""Per-download choices in the journal: a download's priority, its own speed limit and its connections
are columns of its row; an older journal gains the columns when it is opened and keeps its rows."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from test_journal_sharing import rows_of

from tributary.workers.downloads.journal import ADDED_COLUMNS, Item, Journal

KIB = 1024

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
