"""The download journal: every queued item and its state in SQLite (WAL), so a crash loses nothing.

One row per item. The engine writes a row when an item is added, when its state changes, and every few
seconds while bytes flow (so a ``kill -9`` loses at most a few seconds of bookkeeping; the ``.part``
file itself is the truth about bytes on disk and is re-measured on resume).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..jobs import Message

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    folder TEXT NOT NULL,
    expected_sha256 TEXT,
    name TEXT,
    path TEXT,
    state TEXT NOT NULL DEFAULT 'queued',
    bytes_done INTEGER NOT NULL DEFAULT 0,
    total INTEGER,
    etag TEXT,
    last_modified TEXT,
    content_type TEXT,
    sha256 TEXT,
    error TEXT,
    added REAL NOT NULL,
    updated REAL NOT NULL
);
"""

# -- segmented transfers (additive: its own table, nothing else changes) --------------------------------
# One row per item that is being fetched over several connections: its segment map as JSON
# (``segments.SegmentMap.to_json``), written only after the bytes it counts are on disk.
SEGMENTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    item_id INTEGER PRIMARY KEY,
    map TEXT NOT NULL
);
"""

STATES = ("queued", "running", "paused", "done", "failed", "cancelled")


def default_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "Tributary" / "downloads.sqlite3"


@dataclass
class Item:
    """One URL to fetch and what is known about it so far."""

    url: str
    folder: str
    expected_sha256: str | None = None
    id: int | None = None
    name: str | None = None
    path: str | None = None
    state: str = "queued"
    bytes_done: int = 0
    total: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    sha256: str | None = None
    error: str | None = None
    added: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)


_COLUMNS = [f.name for f in fields(Item)]
_SAVED = [name for name in _COLUMNS if name != "id"]
_INSERT = f"INSERT INTO items ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_UPDATE = f"UPDATE items SET {', '.join(f'{k}=?' for k in _SAVED)} WHERE id=?"


def _stored(name: str, value):
    """The column value: an error message keeps its template and values (JSON), to be shown translated."""
    if name == "error" and isinstance(value, Message):
        return json.dumps(value.to_json(), ensure_ascii=False)
    return value


def _item(row) -> Item:
    values = dict(zip(_COLUMNS, row))
    error = values.get("error")
    if isinstance(error, str) and error.startswith('{"template":'):
        try:
            values["error"] = Message.from_json(json.loads(error))
        except ValueError:
            pass  # shown as stored
    return Item(**values)


class Journal:
    """Thread-safe SQLite store of :class:`Item` rows."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path else default_path()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._db.executescript(SEGMENTS_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, items: list[Item]) -> list[Item]:
        """Store new items in one transaction; their ``id`` is set (2,000 rows take a few ms)."""
        if not items:
            return items
        with self._lock:
            self._db.execute("BEGIN")
            first = (self._db.execute("SELECT COALESCE(MAX(id), 0) FROM items").fetchone()[0]) + 1
            for offset, item in enumerate(items):
                item.id = first + offset
            self._db.executemany(_INSERT, [[_stored(name, getattr(item, name)) for name in _COLUMNS] for item in items])
            self._db.execute("COMMIT")
        return items

    def save(self, item: Item) -> None:
        item.updated = time.time()
        values = [_stored(name, getattr(item, name)) for name in _SAVED]
        with self._lock:
            self._db.execute(_UPDATE, [*values, item.id])

    def remove(self, item_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM items WHERE id=?", (item_id,))

    def items(self, states: tuple[str, ...] = STATES) -> list[Item]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM items WHERE state IN ({', '.join('?' * len(states))}) ORDER BY id",
                states).fetchall()
        return [_item(row) for row in rows]

    def recover(self) -> list[Item]:
        """Items a previous run did not finish; ones it left 'running' come back 'paused'."""
        with self._lock:
            self._db.execute("UPDATE items SET state='paused' WHERE state IN ('running', 'queued')")
        return self.items(("paused", "failed", "cancelled"))


    # -- segmented transfers and batched saves (additive) ------------------------------------------
    def save_many(self, items: list[Item]) -> None:
        """Save several rows in one transaction (the engine batches its writes)."""
        if not items:
            return
        now = time.time()
        rows = []
        for item in items:
            item.updated = now
            rows.append([*(_stored(name, getattr(item, name)) for name in _SAVED), item.id])
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(_UPDATE, rows)
            finally:
                self._db.execute("COMMIT")

    def save_segments(self, item_id: int, segment_map: str | None) -> None:
        """Store an item's segment map (JSON), or forget it (``None``)."""
        with self._lock:
            if segment_map is None:
                self._db.execute("DELETE FROM segments WHERE item_id=?", (item_id,))
            else:
                self._db.execute("INSERT OR REPLACE INTO segments (item_id, map) VALUES (?, ?)", (item_id, segment_map))

    def segments(self, item_id: int) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT map FROM segments WHERE item_id=?", (item_id,)).fetchone()
        return row[0] if row else None
