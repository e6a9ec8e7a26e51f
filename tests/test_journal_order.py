"""The queue order in the journal: a row's ``position``; rows come back (recover) in that order, new rows
go after every row there is; an older journal's rows keep the order they had (their id)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_journal_choices import BEFORE_CHOICES, old_journal

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
