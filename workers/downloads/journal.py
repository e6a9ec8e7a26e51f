"""The download journal: every queued item and its state in SQLite (WAL), so a crash loses nothing.

One row per item. The engine writes a row when an item is added, when its state changes, and every few
seconds while bytes flow (so a ``kill -9`` loses at most a few seconds of bookkeeping; the ``.part``
file itself is the truth about bytes on disk and is re-measured on resume).

The window and every command-line run share one journal file:

* **Leases** (:mod:`.lease`): a row belongs to the live process that added or adopted it. Updates and
  deletes only touch rows this journal holds; :meth:`Journal.claim` and :meth:`Journal.recover` adopt
  only rows whose holder is gone, inside one ``BEGIN IMMEDIATE`` transaction, so two processes never
  adopt the same row. Closing the journal gives its rows back.
* **Waiting, not crashing**: every statement waits for SQLite's lock (``busy_timeout``) and is retried
  on "database is locked" for up to a minute.
* **Segment maps**: an item fetched over several connections keeps its segment map in the ``segments``
  table (written only after the bytes it counts are on disk); it is written only while this journal
  holds the item's row, and goes with the row when it is removed.
* **Bad state on disk**: a file that is not a database, or a damaged one, is moved aside (kept, as
  ``NAME.corrupt-<time>``) and a new, empty journal starts; :attr:`Journal.recovery_message` says so.
* **Older journals**: columns added since (:data:`ADDED_COLUMNS`) are added to an older file when it is
  opened, in one transaction, its rows kept with the columns' defaults; an older Tributary still opens the
  file (it names its columns, so it leaves the new ones alone and its new rows get the defaults).
* **Per-download choices**: an item's priority, own speed limit and connection count are columns of its
  row, written like the rest of it (only by the journal that holds it), so they outlive the process.
* **Queue order**: an item's ``position`` (a REAL: the list is in ascending position) is where the user put
  it. A new row goes after every row there is; a move writes only the moved rows (a position between their
  new neighbours, see the engine's moves); :meth:`Journal.recover` gives rows back in that order. An older
  journal's rows get their id as position (their order so far); a row an older Tributary adds later has
  none and comes after the rest, in id order.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..jobs import QT_TRANSLATE_NOOP, Message
from .lease import end_lease, holder_alive, new_lease, owner_pid

log = logging.getLogger("tributary.journal")

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
    updated REAL NOT NULL,
    owner TEXT,
    priority INTEGER NOT NULL DEFAULT 0,
    speed_limit INTEGER NOT NULL DEFAULT 0,
    split INTEGER,
    position REAL
);
"""
# Columns a journal made by an older Tributary may lack, added when it is opened (its rows get the defaults):
# the lease, then the per-download choices the user makes in the window (priority -1/0/1, the download's
# own speed limit in bytes/s with 0 for none, its connections with NULL for the engine's setting), and its
# place in the queue (rows that had none take their id: the order they were shown in until then).
ADDED_COLUMNS = (
    ("owner", "TEXT"),
    ("priority", "INTEGER NOT NULL DEFAULT 0"),
    ("speed_limit", "INTEGER NOT NULL DEFAULT 0"),
    ("split", "INTEGER"),
    ("position", "REAL"),
)
# What an added column's rows are given in the same transaction (a default SQLite cannot express).
_FILLED = {"position": "UPDATE items SET position=id WHERE position IS NULL"}
# One row per item that is being fetched over several connections: its segment map as JSON
# (``segments.SegmentMap.to_json``), written only after the bytes it counts are on disk.
SEGMENTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    item_id INTEGER PRIMARY KEY,
    map TEXT NOT NULL
);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS items_by_url ON items (folder, url);
CREATE INDEX IF NOT EXISTS items_by_owner ON items (owner);
CREATE INDEX IF NOT EXISTS items_by_path ON items (folder, path);
"""

# The queue's order: by position; rows without one (added by an older Tributary) after the rest, by id.
QUEUE_ORDER = "position IS NULL, position, id"
MAX_POSITION = 1e15  # a position no Tributary reaches (whole numbers are exact up to 2**53): further is edited
STATES = ("queued", "running", "paused", "done", "failed", "cancelled")
ACTIVE = ("queued", "running")
UNFINISHED = ("queued", "running", "paused", "failed", "cancelled")
PATIENCE = 60.0  # seconds a statement keeps retrying while another process holds the lock
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


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
    priority: int = 0  # higher starts first: 1 high, 0 normal, -1 low
    speed_limit: int = 0  # this download's own limit in bytes/s; 0 = none
    split: int | None = None  # its connections: None = the engine's setting, 0 adaptive, 1 … 16 fixed
    position: float | None = None  # its place in the queue (ascending); None: after the rest (set when stored)


@dataclass
class Claim:
    """What :meth:`Journal.claim` found for one URL in one folder.

    ``kind`` is ``new`` (a row was added for us), ``adopted`` (an unfinished row nobody holds is ours
    now), ``done`` (a finished row whose file is still there), ``ours`` (this journal holds it already),
    ``busy`` (another live process is downloading it) or ``held`` (another live process holds it paused,
    failed or cancelled). ``holder`` is that other process's pid.
    """

    kind: str
    item: Item
    holder: int | None = None
    claimed: bool = True  # this journal holds the row (False for busy, held, and done rows held elsewhere)


_COLUMNS = [f.name for f in fields(Item)]
_SAVED = [name for name in _COLUMNS if name != "id"]
_INSERT_OWNED = f"INSERT INTO items ({', '.join(_COLUMNS)}, owner) VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})"
# A row's name and path, once written, are never taken back by a save that read the item before they were
# set (a name is written down by :meth:`Journal.claim_paths` before its ``.part`` exists; see there).
_KEPT = ("name", "path")
_UPDATE_OWNED = (f"UPDATE items SET {', '.join(f'{k}=COALESCE(?, {k})' if k in _KEPT else f'{k}=?' for k in _SAVED)} "
                 "WHERE id=? AND owner=?")


def _stored(name: str, value):
    """The column value: an error message keeps its template and values (JSON), to be shown translated."""
    if name == "error" and isinstance(value, Message):
        return json.dumps(value.to_json(), ensure_ascii=False)
    return value


def _code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _busy(exc: sqlite3.Error) -> bool:
    return _code(exc) in _BUSY or "locked" in str(exc) or "busy" in str(exc)


def _damaged(exc: sqlite3.Error) -> bool:
    return _code(exc) in _DAMAGED or "not a database" in str(exc) or "malformed" in str(exc)


def _item(row) -> Item:
    values = dict(zip(_COLUMNS, row))
    error = values.get("error")
    if isinstance(error, str) and error.startswith('{"template":'):
        try:
            values["error"] = Message.from_json(json.loads(error))
        except ValueError:
            pass  # shown as stored
    for name, default in _CHOICES:  # a value no Tributary writes (edited by hand): the default
        value = values[name]
        if type(value) is not int and not (value is None and default is None):
            values[name] = default
    position = values["position"]
    if type(position) not in (int, float) or not abs(position) < MAX_POSITION:
        values["position"] = None  # none (an older Tributary's row) or edited by hand: after the rest
    return Item(**values)


_CHOICES = (("priority", 0), ("speed_limit", 0), ("split", None))


class Journal:
    """Thread-safe SQLite store of :class:`Item` rows, shared by processes through leases."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.recovered_from: Path | None = None  # where a damaged journal was moved, if one was
        self.recovery_message: Message | None = None  # the same, for people
        self.lease = new_lease()
        self._lock = threading.Lock()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = self._open()

    # -- opening -----------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        deadline = time.monotonic() + PATIENCE
        while True:
            inode = self._inode()
            db = sqlite3.connect(str(self.path), timeout=PATIENCE / 2, check_same_thread=False, isolation_level=None)
            try:
                self._prepare(db)
                return db
            except sqlite3.DatabaseError as exc:
                db.close()
                if _busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                if not _damaged(exc) or self.recovered_from is not None or str(self.path) == ":memory:":
                    raise
                self._set_aside(exc, inode)

    @staticmethod
    def _prepare(db: sqlite3.Connection) -> None:
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        db.executescript(SEGMENTS_SCHEMA)
        if Journal._missing_columns(db):
            Journal._add_columns(db)
        db.executescript(INDEXES)
        check = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({check})")

    @staticmethod
    def _missing_columns(db: sqlite3.Connection) -> list[tuple[str, str]]:
        columns = {row[1] for row in db.execute("PRAGMA table_info(items)")}
        return [(name, kind) for name, kind in ADDED_COLUMNS if name not in columns]

    @staticmethod
    def _add_columns(db: sqlite3.Connection) -> None:
        """Bring an older journal's ``items`` up to date, in one write transaction: two processes opening
        it at once never both add a column (the second finds them there), and a crash adds none or all.
        A journal from before leases gets ``owner`` NULL: every row is free; one from before queue
        positions gets each row's id as its position (the order it was shown in)."""
        db.execute("BEGIN IMMEDIATE")
        try:
            for name, kind in Journal._missing_columns(db):
                db.execute(f"ALTER TABLE items ADD COLUMN {name} {kind}")
                if name in _FILLED:
                    db.execute(_FILLED[name])
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _inode(self) -> int | None:
        try:
            return os.stat(self.path).st_ino
        except OSError:
            return None

    def _set_aside(self, exc: sqlite3.DatabaseError, inode: int | None) -> None:
        """Move a damaged journal (and its WAL) aside, keeping it; the next open starts a new one."""
        if inode is not None and self._inode() != inode:
            return  # another process set it aside already and started a new journal: open that one
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while kept.exists():
            kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            os.rename(self.path, kept)
        except FileNotFoundError:
            return
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                try:
                    os.rename(side, Path(str(kept) + suffix))
                except OSError:
                    pass
        self.recovered_from = kept
        self.recovery_message = Message(
            QT_TRANSLATE_NOOP("Engine", "The download list could not be read ({error}); the damaged file was kept as {kept} and the list starts empty."),
            error=str(exc), kept=str(kept))
        log.warning(self.recovery_message)

    # -- statements, waiting for the lock ----------------------------------------------------------
    def _retry(self, fn: Callable[[sqlite3.Connection], object]):
        """Run ``fn(db)`` under the lock, retrying while another process holds SQLite's lock."""
        deadline = time.monotonic() + PATIENCE
        delay = 0.01
        with self._lock:
            while True:
                try:
                    return fn(self._db)
                except sqlite3.OperationalError as exc:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    if not _busy(exc) or time.monotonic() > deadline:
                        raise
                    log.info("journal busy (%s); retrying", exc)
                    time.sleep(delay)
                    delay = min(0.5, delay * 2)

    def _transaction(self, fn: Callable[[sqlite3.Connection], object]):
        """Run ``fn(db)`` in one write transaction (taken at the start, so it never has to upgrade)."""
        def run(db: sqlite3.Connection):
            db.execute("BEGIN IMMEDIATE")
            try:
                result = fn(db)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            return result

        return self._retry(run)

    def close(self) -> None:
        """Give this journal's rows back (they stay as they are, free to adopt) and close."""
        try:
            self.release()
        except sqlite3.Error as exc:  # closing must not fail; a dead lease is free anyway
            log.warning("could not release the journal's rows: %s", exc)
        finally:
            end_lease(self.lease)
            with self._lock:
                self._db.close()

    # -- rows this journal holds -------------------------------------------------------------------
    def add(self, items: list[Item]) -> list[Item]:
        """Store new items, held by this journal, in one transaction; their ``id`` is set."""
        if items:
            self._transaction(lambda db: self._insert(db, items))
        return items

    def _insert(self, db: sqlite3.Connection, items: list[Item]) -> None:
        """New rows, in order, after every row there is (an item with no position gets the next one)."""
        last_id, last_position = db.execute(
            "SELECT COALESCE(MAX(id), 0), MAX(CASE WHEN typeof(position) IN ('integer', 'real') AND "
            f"abs(position) < {MAX_POSITION:.0f} THEN position END) FROM items").fetchone()
        position = 0 if last_position is None else math.floor(last_position)
        for offset, item in enumerate(items):
            item.id = last_id + 1 + offset
            if item.position is None:
                position += 1
                item.position = float(position)
        db.executemany(_INSERT_OWNED, [[*(_stored(name, getattr(item, name)) for name in _COLUMNS), self.lease]
                                       for item in items])

    def save(self, item: Item) -> bool:
        """Write ``item``'s row if this journal holds it; False (nothing written) otherwise."""
        item.updated = time.time()
        values = [_stored(name, getattr(item, name)) for name in _SAVED]
        cursor = self._retry(lambda db: db.execute(_UPDATE_OWNED, [*values, item.id, self.lease]))
        return cursor.rowcount == 1

    def remove(self, item_ids: int | Iterable[int]) -> int:
        """Delete rows this journal holds, all in one transaction; returns how many went."""
        ids = [item_ids] if isinstance(item_ids, int) else list(item_ids)
        if not ids:
            return 0
        def delete(db: sqlite3.Connection) -> int:
            held = [(i, self.lease) for i in ids]
            db.executemany("DELETE FROM segments WHERE item_id IN (SELECT id FROM items WHERE id=? AND owner=?)", held)
            return db.executemany("DELETE FROM items WHERE id=? AND owner=?", held).rowcount

        return self._transaction(delete)

    def release(self, item_ids: Iterable[int] | None = None) -> None:
        """Give rows back (all of this journal's when ``item_ids`` is None)."""
        if item_ids is None:
            self._retry(lambda db: db.execute("UPDATE items SET owner=NULL WHERE owner=?", (self.lease,)))
        else:
            self._transaction(lambda db: db.executemany(
                "UPDATE items SET owner=NULL WHERE id=? AND owner=?", [(i, self.lease) for i in item_ids]))

    def save_many(self, items: list[Item]) -> None:
        """Save several rows in one transaction (the engine batches its writes); rows this journal does
        not hold are left as they are."""
        if not items:
            return
        now = time.time()
        rows = []
        for item in items:
            item.updated = now
            rows.append([*(_stored(name, getattr(item, name)) for name in _SAVED), item.id, self.lease])
        self._transaction(lambda db: db.executemany(_UPDATE_OWNED, rows))

    def save_segments(self, item_id: int, segment_map: str | None) -> bool:
        """Store an item's segment map (JSON), or forget it (``None``) — only while this journal holds the
        item's row; False (nothing written) otherwise."""
        if segment_map is None:
            cursor = self._retry(lambda db: db.execute(
                "DELETE FROM segments WHERE item_id=? AND EXISTS (SELECT 1 FROM items WHERE id=? AND owner=?)",
                (item_id, item_id, self.lease)))
            return cursor.rowcount == 1
        cursor = self._retry(lambda db: db.execute(
            "INSERT OR REPLACE INTO segments (item_id, map) SELECT ?, ? WHERE EXISTS "
            "(SELECT 1 FROM items WHERE id=? AND owner=?)", (item_id, segment_map, item_id, self.lease)))
        return cursor.rowcount == 1

    def claim_path(self, item: Item, path: str) -> bool:
        """:meth:`claim_paths` for one item."""
        return self.claim_paths([(item, path)])[0]

    def claim_paths(self, pairs: list[tuple[Item, str]]) -> list[bool]:
        """Write down the file each item is about to create, in one transaction, *before* its ``.part``
        claims the name on disk: a run killed between the claim and its next save leaves a row that names
        its ``.part`` (the next run resumes it) instead of a ``.part`` nobody names (the next run would
        take ``NAME (1)`` beside it). False for a path another unfinished row of that folder names (its
        file may not exist yet, or any more: the name is that row's); the others are written (into rows
        this journal holds)."""
        if not pairs:
            return []
        now = time.time()

        def write(db: sqlite3.Connection) -> list[bool]:
            out = []
            for item, path in pairs:
                taken = db.execute(
                    f"SELECT 1 FROM items WHERE folder=? AND path=? AND id IS NOT ? AND state IN "
                    f"({', '.join('?' * len(UNFINISHED))}) LIMIT 1", (item.folder, path, item.id, *UNFINISHED)).fetchone()
                if taken:
                    out.append(False)
                    continue
                db.execute("UPDATE items SET name=?, path=?, updated=? WHERE id=? AND owner=?",
                           (os.path.basename(path), path, now, item.id, self.lease))
                out.append(True)
            return out

        return self._transaction(write)

    # -- reading -----------------------------------------------------------------------------------
    def items(self, states: tuple[str, ...] = STATES) -> list[Item]:
        """Every row in ``states`` (any holder): for reports and tests; the engine uses claims."""
        rows = self._retry(lambda db: db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM items WHERE state IN ({', '.join('?' * len(states))}) ORDER BY id",
            states).fetchall())
        return [_item(row) for row in rows]

    def segments(self, item_id: int) -> str | None:
        """The item's stored segment map (JSON), if it has one."""
        row = self._retry(lambda db: db.execute("SELECT map FROM segments WHERE item_id=?", (item_id,)).fetchone())
        return row[0] if row else None

    def holders(self) -> dict[int, str | None]:
        """Row id → the lease that holds it (None: free)."""
        return dict(self._retry(lambda db: db.execute("SELECT id, owner FROM items").fetchall()))

    # -- adopting ----------------------------------------------------------------------------------
    def recover(self) -> list[Item]:
        """Adopt every unfinished row nobody holds (a crashed or finished run's), in queue order (by
        position; rows without one last, by id); 'running' and 'queued' ones come back 'paused'. Rows
        another live process holds are left alone, unseen."""
        def adopt(db: sqlite3.Connection) -> list[Item]:
            rows = db.execute(f"SELECT {', '.join(_COLUMNS)}, owner FROM items WHERE state IN "
                              f"({', '.join('?' * len(UNFINISHED))}) ORDER BY {QUEUE_ORDER}", UNFINISHED).fetchall()
            free = [_item(row[:-1]) for row in rows if not holder_alive(row[-1])]
            for item in free:
                if item.state in ACTIVE:
                    item.state = "paused"
            db.executemany("UPDATE items SET owner=?, state=? WHERE id=?", [(self.lease, i.state, i.id) for i in free])
            return free

        return self._transaction(adopt)

    def claim(self, urls: list[tuple[str, str | None]], folder: str, *, state: str = "queued",
              skip: Iterable[int] = ()) -> list[Claim]:
        """For each ``(url, expected_sha256)`` (distinct URLs) to go into ``folder``: the row to use, in
        one transaction — a finished row whose file is there, an unfinished row to adopt, a row another
        live process holds, or a new row in ``state`` (see :class:`Claim`). Rows whose id is in ``skip``
        (this journal's rows on their way out: removed, their file not deleted yet) are never used."""
        skip = frozenset(skip)
        return self._transaction(lambda db: self._claim(db, urls, folder, state, skip))

    def _claim(self, db: sqlite3.Connection, urls: list[tuple[str, str | None]], folder: str, state: str,
               skip: frozenset = frozenset()) -> list[Claim]:
        found: dict[str, list[tuple[Item, str | None]]] = {}
        wanted = [url for url, _ in urls]
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            rows = db.execute(f"SELECT {', '.join(_COLUMNS)}, owner FROM items WHERE folder=? AND url IN "
                              f"({', '.join('?' * len(part))}) ORDER BY id DESC", [folder, *part]).fetchall()
            for row in rows:
                item = _item(row[:-1])
                if item.id not in skip:
                    found.setdefault(item.url, []).append((item, row[-1]))
        claims, fresh, adopt = [], [], []
        for url, sha in urls:
            claim = self._choose(found.get(url, []))
            if claim is None:
                claim = Claim("new", Item(url=url, folder=folder, expected_sha256=sha, state=state))
                fresh.append(claim.item)
            elif claim.kind == "adopted" or (claim.kind == "done" and claim.claimed):
                adopt.append(claim.item)
            claims.append(claim)
        db.executemany("UPDATE items SET owner=? WHERE id=?", [(self.lease, i.id) for i in adopt])
        if fresh:
            self._insert(db, fresh)
        return claims

    def _choose(self, rows: list[tuple[Item, str | None]]) -> Claim | None:
        """The row a URL should use, newest first: ours; finished with its file there; being downloaded
        by a live process; unfinished and free; held idle by a live process; none (a new row)."""
        for item, lease in rows:
            if lease == self.lease:
                return Claim("ours", item)
        for item, lease in rows:
            if item.state == "done" and item.path and os.path.isfile(item.path):
                alive = holder_alive(lease)
                return Claim("done", item, owner_pid(lease) if alive else None, claimed=not alive)
        live = [(item, lease) for item, lease in rows if holder_alive(lease)]
        for item, lease in live:
            if item.state in ACTIVE:
                return Claim("busy", item, owner_pid(lease), claimed=False)
        for item, lease in rows:
            if item.state in UNFINISHED and not holder_alive(lease):
                return Claim("adopted", item)
        for item, lease in live:
            if item.state in UNFINISHED:
                return Claim("held", item, owner_pid(lease), claimed=False)
        return None
