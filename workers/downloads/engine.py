"""Concurrent, resumable, safe downloads on the running asyncio loop (aiohttp).

* **Bounded**: a batch of 10,000 URLs makes 10,000 cheap queued rows but at most ``concurrency`` tasks;
  the global limit can change while the batch runs, and a per-host limit sits under it.
* **Safe files**: bytes go to ``NAME.part`` opened with ``O_NOFOLLOW`` (``O_EXCL`` when new); on
  completion the length and any expected SHA-256 are checked, the data is flushed, and the file is
  linked into place with ``os.link`` — which never overwrites — then the ``.part`` is removed.
* **Resume**: ``Range`` + ``If-Range`` (ETag, else Last-Modified); a 206 must carry a matching
  ``Content-Range``; a 200 (range ignored or validator changed) restarts from zero; an HTML page is never
  appended to a binary file.
* **Retries**: connection errors, resets, 5xx and 429 back off exponentially with jitter and honour
  ``Retry-After``; other statuses fail the item at once with the server's words; a connection slower than
  ``low_speed_limit`` over ``low_speed_time`` seconds is retried (a drip never holds a slot forever).
* **Segmented** (``segmented.py``): a big file whose server honours ranges with a stable validator is
  fetched over several connections into one ``.part``; the segment map is journalled.
* **Speed limits** (``ratelimit.py``), **queue order, priorities, hold/release** (the schedule in
  ``schedule.py`` uses them), **"why slow?"** details per transfer (``diagnosis.py``).
* **Small files** are received whole and written, hashed, flushed and linked in one disk hop; journal
  writes are batched into one transaction per burst.
* **Shared journal**: a URL is claimed in the journal before it starts (:meth:`Journal.claim`): one
  already finished in that folder comes back done ("already there"); one another live Tributary
  process is downloading is watched until that process is done with it; the same URL twice is one
  transfer. One bad row (an invalid URL, a folder that cannot be used) fails alone.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import logging
import math
import operator
import os
import random
import re
import sqlite3
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import timeline
from ..jobs import QT_TRANSLATE_NOOP, Cancelled, Job, JobState, Message, UserError, all_queued, describe_error
from ..lazy import lazy
from . import diagnosis as why
from .diagnosis import Backoff, ConnectionInfo, Diagnosis, TransferDetails
from .disk import DirSync, GroupCommit, PartBusy, SpaceBook, Writeback, lock_part, open_part, part_busy
from .journal import ACTIVE, MAX_POSITION, Claim, Item, Journal
from .naming import NameReserver, UnsafePath, choose_name
from .phases import DownloadTracer
from .ratelimit import SlowWatch, TokenBucket
from .segments import BadMap, Segment, SegmentMap

aiohttp = lazy("aiohttp", __name__, "aiohttp")  # imported on first use, not at start-up

log = logging.getLogger("tributary.downloads")
CHUNK = 1 << 20
SAVE_EVERY = 2.0
SMALL_BODY = 1 << 18  # bodies up to this size are received whole and finished in one disk hop
MAX_SPLIT = 16
WATCH_EVERY = 0.5  # seconds between looks at rows another process is downloading
ALREADY_THERE = Message(QT_TRANSLATE_NOOP("Engine", "already there"))
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
_BAD_CHAR = re.compile(r"[\s\x00-\x1f\x7f]")  # whitespace (str.isspace) or a control character
_FIELDS = re.compile(r"[,\s;]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
DIGESTS = {"md5": "MD5", "sha1": "SHA-1", "sha256": "SHA-256", "sha512": "SHA-512"}  # hashlib's name: shown
_DIGEST_BY_LENGTH = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}


def parse_digest(field: str) -> str | None:
    """A checksum as lists write it, or ``None``: bare hex (MD5, SHA-1, SHA-256 or SHA-512 by its length) or
    ``name:hex`` / ``name=hex`` (``md5``, ``sha1``/``sha-1``, ``sha256``, ``sha512``). A SHA-256 comes back
    as its bare lower-case hex (as the journal has always kept it), any other as ``"md5:…"``."""
    name, sep, value = field.replace("=", ":").rpartition(":")
    if not _HEX.match(value):
        return None
    algorithm = _DIGEST_BY_LENGTH.get(len(value))
    if algorithm is None or (sep and name.lower().replace("-", "") != algorithm):
        return None
    return value.lower() if algorithm == "sha256" else f"{algorithm}:{value.lower()}"


_ID = operator.attrgetter("id")
_JOB = operator.attrgetter("job")
_WAITING = operator.attrgetter("in_queue")
_PRIORITY = operator.attrgetter("priority")


@dataclass
class Settings:
    concurrency: int = 8
    per_host: int = 8
    retries: int = 5
    connect_timeout: float = 15.0
    read_timeout: float = 30.0
    backoff: float = 0.5
    max_backoff: float = 30.0
    deadline: float | None = None
    manifest: bool = False
    decompress_gz: bool = False
    split: int = 0  # connections per file: 0 = adaptive (1 … MAX_SPLIT), 1 = never split, 2 … 16 fixed
    min_segment: int = 1 << 20  # a segment is never split below this many bytes
    max_connections: int = 64  # extra connections of segmented transfers, all downloads together
    race: bool = True  # race a slow last segment on a second connection
    speed_limit: int = 0  # bytes/s for all downloads together; 0 = unlimited
    low_speed_limit: int = 1024  # bytes/s: a connection slower than this …
    low_speed_time: float = 30.0  # … for this many seconds is retried (0 = never)
    gunzip_max_ratio: int = 100  # a .gz may expand at most this many times …
    gunzip_max_bytes: int = 64 << 30  # … and to at most this many bytes
    # a small body that is all here gives its slot to the next download while it waits for its disk commit
    # (the command line: 1,000 small files ~15 % sooner). Off in the window, whose event loop is the GUI
    # thread: more downloads at once there raised UI lateness p99 under the combined load from 9 to 13-16 ms.
    overlap_commits: bool = False


class Retryable(Exception):
    """A failure worth another try (a connection problem, 5xx, 429); ``message`` says what happened."""

    def __init__(self, template: str, /, retry_after: float | None = None, **values) -> None:
        self.message = Message(template, **values)
        super().__init__(str(self.message))
        self.retry_after = retry_after


class Restart(Exception):
    """The server's answer means the .part cannot be continued: start this item from zero. ``message``
    says why (a marked template and its values, as for :class:`Retryable`)."""

    def __init__(self, template: str, /, **values) -> None:
        self.message = Message(template, **values)
        super().__init__(str(self.message))


class GzipBomb(Exception):
    def __init__(self, cap: int) -> None:
        super().__init__(f"more than {cap} bytes")
        self.cap = cap


class ServerBusy(Exception):
    """An extra connection of a segmented transfer was turned away (429/403/503 or refused)."""

    def __init__(self, status: int | None) -> None:
        super().__init__(f"turned away ({status or 'refused'})")
        self.status = status


def parse_lines(text: str) -> list[tuple[str, str | None]]:
    """URLs, one per line, each optionally followed by its checksum (CSV or whitespace; :func:`parse_digest`);
    a line of several links (pasted from a message) gives each, with the checksum that follows it if any."""
    out = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        if _FIELDS.search(line) is None:  # a URL alone on its line (a pasted list of 10,000): no split
            out.append((line.strip('"'), None))
            continue
        fields = [f.strip().strip('"') for f in _FIELDS.split(line) if f.strip()]
        if sum(1 for f in fields if _SCHEME.match(f)) > 1:  # several links pasted on one line: each is one
            start = len(out)
            for field in fields:
                if _SCHEME.match(field):
                    out.append((field, None))
                elif len(out) > start and out[-1][1] is None and (digest := parse_digest(field)):
                    out[-1] = (out[-1][0], digest)  # a checksum after its link
            continue
        out.append((fields[0], parse_digest(fields[1]) if len(fields) > 1 else None))
    return out


def _reason(exc: BaseException) -> str:
    return exc.message if isinstance(exc, (Retryable, UserError)) else describe_error(exc)


def check_url(url: str) -> None:
    """Refuse, with a message for people, anything that is not a well-formed http or https URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it (a port past 65535, or not a number)
        host = parts.hostname
    except ValueError as exc:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{url!r} is not a valid URL ({reason})."), url=url, reason=str(exc)) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Only http and https URLs can be downloaded, not {url!r}."), url=url)
    if not host or _BAD_CHAR.search(url):
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{url!r} is not a valid URL ({reason})."), url=url,
                        reason=Message(QT_TRANSLATE_NOOP("Engine", "no host, or a space or control character in it")))


def check_folder(folder: str | os.PathLike | None, *, relative: bool = True, create: bool = True) -> Path:
    """The absolute folder downloads go to — the one check of a destination folder, for the window's
    requests, the engine and the command line: not empty (never the working directory), not a file.

    ``relative=False`` refuses a relative path (a person typing in the window means a full path; the
    command line takes one relative to where it runs). ``create`` makes the folder and its parents.
    Raises :class:`UserError` with ``field="folder"``.
    """
    text = str(folder).strip() if folder is not None else ""
    if not text:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Choose a folder to save the downloads in."), field="folder")
    given = Path(text).expanduser()
    if not relative and not given.is_absolute():
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Give the full path of the download folder, not {folder}."),
                        field="folder", folder=text)
    path = Path(os.path.abspath(given))
    if os.path.lexists(path) and not path.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{folder} is not a folder."), field="folder", folder=str(path))
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot create the folder {folder}: {reason}."), field="folder",
                            folder=str(path), reason=exc.strerror or str(exc)) from exc
    return path


def distinct(entries: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The entries with each URL once (the first place it appears; a checksum given anywhere is kept)."""
    seen: dict[str, str | None] = {}
    for url, sha in entries:
        if url not in seen or (seen[url] is None and sha):
            seen[url] = sha
    return list(seen.items())


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Limiter:
    """A counting limit that can grow or shrink while tasks hold it; release is synchronous."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.active = 0
        self._waiters: deque[asyncio.Future] = deque()

    async def acquire(self) -> None:
        while self.active >= self.limit:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
            finally:
                if fut in self._waiters:
                    self._waiters.remove(fut)
        self.active += 1

    def try_acquire(self) -> bool:
        """Take a unit only if one is free and nobody waits for it (extra connections never jump the queue)."""
        if self.active >= self.limit or any(not f.done() for f in self._waiters):
            return False
        self.active += 1
        return True

    def release(self) -> None:
        self.active -= 1
        self._wake()

    def set_limit(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._wake()

    def _wake(self) -> None:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(None)


class Transfer:
    """An item plus what a view needs that the journal does not keep: its job, speed, a version and the
    "why slow?" record of its connections. Its priority, own speed limit, split and place in the queue
    are the item's (kept in the journal: they outlive a restart); the engine's ``set_priority``,
    ``set_transfer_limit``, ``set_split`` and moves change them."""

    def __init__(self, item: Item, *, owned: bool = True, sinks: list[set] | tuple = ()) -> None:
        self.item = item
        self._sinks = sinks  # the engine's change sets: touch() puts this transfer in each (loop thread only)
        self.owned = owned  # this engine's journal holds the row (False: another live process does)
        self.holder: int | None = None  # that other process's pid
        self.note: Message | None = None  # e.g. "already there": done before this run asked for it
        self.removed = False
        self.gone = False  # removed from the engine (its written-down name is given back, never kept)
        self.naming: asyncio.Future | None = None  # a small body's name being written on the journal thread
        self.job: Job | None = None
        self.speed = 0.0  # bytes/s, smoothed
        self.version = 0
        self.pause_requested = False
        self.holds_slot = False
        self.host_limiter: Limiter | None = None  # the per-server limit of its server …
        self.holds_host = False  # … and whether it holds a unit of it (a small body hands it back early)
        self.committing = False  # gave its slot back: its body waits for the disk commit
        self.deadline_message: str | None = None
        self._bucket: TokenBucket | None = None  # made when first needed: a long queue stays light
        # choices made while another process held the row (never written there): kept for when it is ours
        self.unsaved_choices: dict[str, float | None] | None = None
        self._details: Diagnosis | None = None
        self.segment_map: SegmentMap | None = None
        self.held_by_schedule = False
        self.in_queue = False  # waiting in the engine's queue (a stopped one may wait there still)
        self.ranges_broken = False  # an extra connection's range was answered with the whole file
        self._last_bytes = item.bytes_done
        self._last_time = time.monotonic()

    @property
    def priority(self) -> int:
        """Higher starts first (1 high, 0 normal, -1 low); equal priorities keep the list order."""
        return self.item.priority

    @property
    def split(self) -> int | None:
        """Its connections: None for the engine's setting, 0 adaptive, 1 … 16 fixed."""
        return self.item.split

    @property
    def bucket(self) -> TokenBucket:
        """This download's own speed limit (rate 0 = none): the item's ``speed_limit``."""
        if self._bucket is None:
            self._bucket = TokenBucket(self.item.speed_limit)
        return self._bucket

    @property
    def details(self) -> Diagnosis:
        """The "why slow?" record of its connections, retries and findings."""
        if self._details is None:
            self._details = Diagnosis()
            if self.item.split is not None:
                self._details.split = self.item.split
        return self._details

    def choose(self, name: str, value: float | None) -> None:
        """Set one of the item's choices (``priority``, ``speed_limit``, ``split``, ``position``) and make
        it effective; the engine writes the row (or, while another process holds it, keeps the choice for
        later)."""
        setattr(self.item, name, value)
        if name == "speed_limit":
            self.bucket.set_rate(value)
        elif name == "split":
            self.details.split = value
        if not self.owned:
            if self.unsaved_choices is None:
                self.unsaved_choices = {}
            self.unsaved_choices[name] = value

    def adopt(self, item: Item, owned: bool) -> bool:
        """Take over ``item`` (the row as the journal has it now, e.g. once the process that held it let
        go) in place of the one shown; choices made here while it was another's win over the row's and
        are made effective, and it keeps its place in this engine's list (its position, even if the
        other process moved it meanwhile). True when the row now differs from what is stored (to be
        written)."""
        choices = dict(self.unsaved_choices or {})
        if self.item.position is not None and item.position != self.item.position:
            choices["position"] = self.item.position
        self.item, self.owned = item, owned
        for name, value in choices.items():
            setattr(item, name, value)
        self.unsaved_choices = None if owned else (choices or None)
        if self._bucket is not None:
            self._bucket.set_rate(item.speed_limit)
        if self._details is not None:
            self._details.split = item.split or 0
        return owned and bool(choices)

    def touch(self) -> None:
        """Note a change (on the loop thread): the version grows, and each view following the engine's
        changes (:meth:`DownloadEngine.follow_changes`) finds this transfer in its set."""
        self.version += 1
        for sink in self._sinks:
            sink.add(self)

    def sample_speed(self) -> None:
        now = time.monotonic()
        dt = now - self._last_time
        if dt >= 0.25:
            rate = (self.item.bytes_done - self._last_bytes) / dt
            self.speed = rate if self.speed == 0 else 0.7 * self.speed + 0.3 * rate
            self._last_bytes, self._last_time = self.item.bytes_done, now

    @property
    def eta(self) -> float | None:
        total = self.item.total
        if not total or self.speed <= 0 or self.item.state != "running":
            return None
        return max(0.0, (total - self.item.bytes_done) / self.speed)

    @property
    def speed_limit(self) -> int:
        return self.item.speed_limit

    def snapshot(self, global_bucket: TokenBucket | None = None) -> TransferDetails:
        """A copy of this transfer's connections, retries and findings (plain data, for a view)."""
        d = self.details
        d.sample()
        own = self.bucket.limiting()
        overall = global_bucket is not None and global_bucket.limiting()
        for template, on in ((why.SPEED_LIMIT, own), (why.GLOBAL_LIMIT, overall)):
            if on and self.item.state == "running":
                d.find(template)
            else:
                d.forget(template)
        if self.segment_map is not None:
            d.segments = [(s.start, s.end, s.pos) for s in self.segment_map.segments]
        return d.snapshot(self.bucket.rate, own or overall)


@dataclass
class _Prepared:
    """A batch of URLs claimed in the journal and made ready off the loop (:meth:`DownloadEngine._prepare`)."""

    wanted: list[tuple[str, str | None]]  # the distinct entries, in order
    mine: dict[str, Transfer] = field(default_factory=dict)  # url → the engine's transfer for it already
    fresh: list[Transfer] = field(default_factory=list)  # new transfers, in order
    shown: list[Transfer] = field(default_factory=list)  # the same in queue order (by their rows' positions)
    queue: list[Transfer] = field(default_factory=list)  # of them, the ones to queue (their jobs made)
    watch: list[Transfer] = field(default_factory=list)  # of them, rows another process is downloading
    ours: list[tuple[Transfer, Claim]] = field(default_factory=list)  # rows this journal held already


class DownloadEngine:
    """Owns the transfers of this app (or CLI run) and the scheduler that starts them."""

    def __init__(self, runner, journal: Journal, session_factory, settings: Settings | None = None) -> None:
        self.runner = runner
        self.journal = journal
        self.session_factory = session_factory
        self.settings = settings or Settings()
        self.reserver = NameReserver()
        self.transfers: list[Transfer] = []
        self.running: set[Transfer] = set()  # transfers whose body runs now (state "running")
        self._change_sinks: list[set] = []  # one set per view following changes (follow_changes)
        self._queue: deque[Transfer] = deque()
        self._queue_sorted = True
        self._limit: Limiter | None = None
        self._committing = 0  # small bodies that gave their slot back and wait for their disk commit
        self._hosts: dict[str, Limiter] = {}
        self._scheduler: asyncio.Task | None = None
        self._wakeup: asyncio.Event | None = None
        self._waiting: list[Transfer] = []  # rows another live process is downloading, watched
        self._watcher: asyncio.Task | None = None
        self.listeners: list = []  # called on the loop with a list of transfers added or removed
        self.order_listeners: list = []  # called on the loop, without arguments, after the order changed
        self.queue_end_listeners: list = []  # called on the loop with summary() when the queue runs dry
        self.hold_listeners: list = []  # called on the loop with ``held`` when the queue is held or released
        # hook(event, transfer, connection_info): see _hook; the first one draws the connections on the timeline
        self.connection_hooks: list = [DownloadTracer()]  # each connection's phases on the timeline
        self.deadline_hit = False
        self.held = False  # the schedule (or the user) holds the queue: nothing new starts
        self.bucket = TokenBucket(self.settings.speed_limit)  # all downloads together
        self.space = SpaceBook()
        self.dir_sync = DirSync()
        self.server_caps: dict[str, int] = {}  # host → connections it tolerates (learned from 429/403/503)
        self._connections = Limiter(self.settings.max_connections)  # extra connections, all transfers
        self._ran_since_idle = False
        self._disk = ThreadPoolExecutor(max_workers=8, thread_name_prefix="tributary-disk")
        # small bodies: written, flushed and linked in batches by one thread (see GroupCommit)
        self._group_commit = GroupCommit(self._small_stage, self._small_seal,
                                         lambda work: Path(work[0].item.path).parent, self.dir_sync,
                                         prepare=self._small_names)
        # names written into their rows, to be claimed on disk by the commit thread (written on the journal
        # thread while the bodies come, or by the commit thread for a batch it finds without)
        self._picked: dict[Transfer, Path] = {}
        self._picked_lock = threading.Lock()
        self._naming: list = []  # (loop, future, work) waiting for _write_names
        # journal writes (~0.1 ms each) leave the loop; one thread keeps them in order, and the saves
        # asked for while it is busy go in one transaction
        self._journal_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tributary-journal")
        self._unsaved: dict[int, Item] = {}
        self._removing: set = set()  # disk-thread work deleting removed transfers' .part files, then their rows
        self._doomed: set[int] = set()  # ids of rows removed and not deleted yet: never claimed again
        self._closed = False
        self._unsaved_lock = threading.Lock()
        self._by_job: dict[int, Transfer] = {}
        self._restoring: tuple | None = None  # (journal work, future) of a restore_soon not shown yet
        runner.add_listener(self._on_jobs, batch=True)

    def follow_changes(self) -> set[Transfer]:
        """A set that every transfer touched from now on is put in (on the loop thread): a view takes
        what changed from it and clears it, instead of looking at every transfer of a long queue."""
        changes: set[Transfer] = set()
        self._change_sinks.append(changes)
        return changes

    def unfollow_changes(self, changes: set[Transfer]) -> None:
        self._change_sinks[:] = [sink for sink in self._change_sinks if sink is not changes]

    def add_listener(self, listener) -> Callable[[], None]:
        """Call ``listener(transfers)`` on the loop when transfers are added (a batch at once) or one is
        removed; returns a function that removes the listener again."""
        self.listeners.append(listener)
        return lambda: self.remove_listener(listener)

    def remove_listener(self, listener) -> None:
        """Stop calling ``listener``; removing one that is not there is not an error."""
        if listener in self.listeners:
            self.listeners.remove(listener)

    def _on_jobs(self, jobs: list[Job]) -> None:
        """Whatever way download jobs ended (even before their body ran), settle their slots and rows."""
        if all_queued(jobs):  # a batch queued: nothing ended
            return
        rows, removed, ended = [], [], False
        for job in jobs:
            t = self._by_job.get(job.id)
            if t is None or not job.state.finished:
                continue
            del self._by_job[job.id]
            if t.holds_slot:
                t.holds_slot = False
                self._limit.release()
            if t.committing:
                t.committing = False
                self._committing -= 1
            if t.item.state in ("queued", "running"):
                t.item.state = "paused" if t.pause_requested else "cancelled"
                t.item.error = t.deadline_message
                rows.append(t.item)
            t.speed = 0.0
            t.touch()
            if t.removed:
                removed.append(t)
            ended = ended or t.item.state in ("done", "failed")
        self._save_many(rows)
        self._delete_partial(removed)
        if ended:
            self._check_queue_end()

    def _check_queue_end(self) -> None:
        """Tell ``queue_end_listeners`` once when the last running or queued transfer has finished (not
        when the user or the schedule paused it)."""
        if not self._ran_since_idle or self._queue or self._by_job:
            return
        if any(t.item.state in ("queued", "running") for t in self.transfers):
            return
        self._ran_since_idle = False
        summary = self.summary()
        for listener in list(self.queue_end_listeners):
            try:
                listener(summary)
            except Exception:  # a broken view must not break the engine
                log.exception("queue-end listener failed")

    # -- adding ------------------------------------------------------------------------------------
    def add(self, entries: list[tuple[str, str | None]], folder: str | os.PathLike, *, start: bool = True) -> list[Transfer]:
        """Queue ``entries`` (``(url, sha256 or None)``) for ``folder``: one transfer per distinct URL, in order.

        A URL this engine has already is the same transfer (started again if it stopped); one finished
        in that folder before comes back done, its ``note`` "already there"; an unfinished row nobody
        holds is adopted and resumed; one another live process is downloading waits for it. A bad URL
        fails its own row. Raises :class:`UserError` for a folder that cannot be used.

        The journal is asked on the calling thread: the command line's way. The window uses
        :meth:`add_async`, which asks it on the journal thread.
        """
        folder = str(check_folder(folder))
        return self._settle(self._prepare(entries, folder, start, list(self.transfers)), start)

    def add_soon(self, entries: list[tuple[str, str | None]], folder: str | os.PathLike, *,
                 start: bool = True) -> asyncio.Future:
        """:meth:`add` without blocking the loop: the folder is made, the URLs checked and claimed in the
        journal, and their transfers and jobs made on the journal thread (in order with every other
        journal write); then, on the loop, the new rows appear at once — one listener call, one job
        notification, a few bulk operations (10,000 URLs: milliseconds). Nothing starts before its claim
        is committed.

        Returns a future (completed by callbacks on the loop, no task) with the transfers — ``[]`` if the
        engine closed meanwhile (the claimed rows stay in the journal; the next start shows them paused)
        — or the :class:`UserError` of a folder that cannot be used."""
        loop = asyncio.get_event_loop()
        result = loop.create_future()
        try:
            folder = str(check_folder(folder, create=False))
        except UserError as exc:
            result.set_exception(exc)
            return result
        if self._closed:
            result.set_result([])
            return result
        work = asyncio.wrap_future(self._journal_writer.submit(
            self._make_and_prepare, list(entries), folder, start, list(self.transfers)), loop=loop)
        work.add_done_callback(lambda _: _settle_into(result, work, lambda batch: self._settle(batch, start),
                                                      lambda: self._closed))
        return result

    async def add_async(self, entries: list[tuple[str, str | None]], folder: str | os.PathLike, *,
                        start: bool = True) -> list[Transfer]:
        """:meth:`add_soon`, awaited."""
        return await self.add_soon(entries, folder, start=start)

    def _make_and_prepare(self, entries, folder: str, start: bool, known: list[Transfer]) -> _Prepared:
        check_folder(folder)  # made here, off the loop
        return self._prepare(entries, folder, start, known)

    def _prepare(self, entries, folder: str, start: bool, known: list[Transfer]) -> _Prepared:
        """Claim the entries this engine has no transfer for (``known``: its transfers when asked) and
        make each claim's transfer ready: what it does next (:meth:`_decide`), its job if it is to be
        queued, its row written if that changed. Makes only new objects and reads ``known``'s URLs:
        runs on the journal thread for :meth:`add_async`."""
        batch = _Prepared(distinct(entries))
        batch.mine = {t.item.url: t for t in known if t.item.folder == folder}
        todo = [(url, sha) for url, sha in batch.wanted if url not in batch.mine]
        claims = self.journal.claim(todo, folder, state="queued" if start else "paused",
                                    skip=set(self._doomed)) if todo else []
        changed = []
        for claim in claims:
            t = Transfer(claim.item, owned=claim.claimed, sinks=self._change_sinks)
            if claim.kind == "ours":  # held by this journal already: a batch added meanwhile (settled on the loop)
                batch.ours.append((t, claim))
                continue
            action = self._decide(t, claim, start)
            if action == "queue":
                changed += self._ready(t)
                batch.queue.append(t)
            elif action == "busy":
                batch.watch.append(t)
            elif action in ("paused", "failed"):
                changed.append(t.item)
                if action == "failed":
                    log.warning("%s: %s", t.item.url, t.item.error)
            batch.fresh.append(t)
        # rows claimed again (a command-line run resuming them) keep the order the user gave them, new
        # rows come after them in the order given: the list, and the queue, go by position
        batch.shown, batch.queue = _by_position(batch.fresh), _by_position(batch.queue)
        if changed:
            self.journal.save_many(changed)
        return batch

    def _settle(self, batch: _Prepared, start: bool) -> list[Transfer]:
        """On the loop: show the prepared transfers (one batch), queue and watch them, resume the ones
        this engine had already; the transfers for the entries, in order. Bulk operations only, for a
        batch of new URLs: a long list costs the loop milliseconds."""
        self._show_restored()  # rows this journal adopted at start-up are known before "ours" is looked up
        mine, late = batch.mine, []
        if mine:  # looked up off the loop: a transfer removed since is not given back
            live = set(self.transfers)
            mine = {url: t for url, t in mine.items() if t in live}
        if batch.ours:
            known = {t.item.url: t for t in self.transfers if t.item.folder == batch.ours[0][0].item.folder}
            for t, claim in batch.ours:
                if t.item.url in known:
                    mine[t.item.url] = known[t.item.url]
                else:  # the row of a transfer removed meanwhile: it starts over as a transfer of its own
                    late.append((t, claim))
        self._track(batch.shown + [t for t, _ in late])
        self._queue_prepared(batch.queue)
        for t in batch.watch:
            self._watch(t)
        for t, claim in late:
            self._begin(t, claim, start)
        if not mine:  # every entry was claimed: the new transfers, in the order given
            return batch.fresh + [t for t, _ in late] if late else batch.fresh
        again = [t for url, _ in batch.wanted if (t := mine.get(url)) is not None and start
                 and t.item.state not in ("done", *ACTIVE)]
        if again:
            self.resume(again)
        by_url = {t.item.url: t for t in batch.fresh}
        by_url.update((t.item.url, t) for t, _ in late)
        return [t for url, _ in batch.wanted if (t := by_url.get(url) or mine.get(url)) is not None]

    def _ready(self, t: Transfer) -> list[Item]:
        """Make a transfer that is to be queued ready, off the loop: its job made, its item queued.
        Returns the items whose row needs writing."""
        t.job = self.runner.queued_job("download", t.item.url)
        if t.item.state != "queued":
            t.item.state = "queued"
            return [t.item]
        return []

    def _decide(self, t: Transfer, claim: Claim, start: bool) -> str:
        """What a claimed transfer does next, from what the journal said: ``"done"`` (already there),
        ``"busy"`` (another live process downloads it: watch), ``"held"`` (another process holds it
        idle), ``"failed"`` (not a valid URL), ``"queue"``, ``"paused"`` (an active row added stopped:
        its row needs writing) or ``"stay"``. Sets the item's state, error and note; plain data."""
        item = t.item
        t.holder = claim.holder
        if claim.kind == "done" or item.state == "done":
            t.note = ALREADY_THERE
            return "done"
        if claim.kind == "busy":
            item.state = "queued"  # shown as waiting; never written (the row is another process's)
            item.error = Message(QT_TRANSLATE_NOOP("Engine", "Waiting: Tributary process {pid} is downloading this into the same folder."), pid=claim.holder)
            return "busy"
        if claim.kind == "held":
            item.error = Message(QT_TRANSLATE_NOOP("Engine", "Tributary process {pid} holds this download ({state} there); resume it there, or close that process and try again."),
                                 pid=claim.holder, state=item.state)
            item.state = "failed"
            return "held"
        try:
            check_url(item.url)
        except UserError as exc:
            item.state, item.error = "failed", exc.message
            return "failed"
        if start:
            item.error = None
            return "queue"
        if item.state in ACTIVE:
            item.state = "paused"
            return "paused"
        return "stay"

    def _begin(self, t: Transfer, claim: Claim, start: bool) -> None:
        """Set one claimed transfer going (or waiting, or failed) according to what the journal said."""
        action = self._decide(t, claim, start)
        if action == "busy":
            self._watch(t)
        elif action == "failed":
            self._fail_now(t, t.item.error)
        elif action == "queue":
            self._enqueue(t)
        elif action == "paused":
            self._save(t.item)
        t.touch()

    def restore(self) -> list[Transfer]:
        """Show what a previous run left unfinished (paused; nothing starts by itself): every unfinished
        row no live process holds. Rows another live process holds stay with it, unseen."""
        return self._track([Transfer(item, sinks=self._change_sinks) for item in self.journal.recover()])

    def restore_soon(self) -> asyncio.Future:
        """:meth:`restore` with the journal read on the journal thread (a long list never holds up the
        loop); the future (completed by callbacks on the loop) gives the transfers once they are shown.
        URLs added meanwhile find them: the rows are shown before any later add is settled."""
        loop = asyncio.get_event_loop()
        result = loop.create_future()
        work = self._journal_writer.submit(self.journal.recover)
        self._restoring = (work, result)
        asyncio.wrap_future(work, loop=loop).add_done_callback(lambda _: self._show_restored())
        return result

    def _show_restored(self) -> None:
        """Show the rows :meth:`restore_soon` read, once: when the journal thread has them, or first thing
        when an add is settled (waiting for them only if an add on the loop thread overtook them)."""
        if self._restoring is None:
            return
        work, result = self._restoring
        self._restoring = None
        _settle_into(result, work, lambda items: self._track([Transfer(item, sinks=self._change_sinks)
                                                              for item in items]), lambda: self._closed)

    # -- rows another process is downloading -------------------------------------------------------
    def _watch(self, t: Transfer) -> None:
        if t not in self._waiting:
            self._waiting.append(t)
        t.touch()
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.get_running_loop().create_task(self._watch_rows(), name="download-watcher")

    async def _watch_rows(self) -> None:
        """Every half second, ask the journal again (on its thread) for the rows another process is
        downloading: once that process has finished with one (or died), this engine takes the row over
        or reports it done."""
        while self._waiting and not self._closed:
            await asyncio.sleep(WATCH_EVERY)
            waiting = [t for t in self._waiting if t.item.state in ACTIVE]
            self._waiting = []
            by_folder: dict[str, list[Transfer]] = {}
            for t in waiting:
                by_folder.setdefault(t.item.folder, []).append(t)
            for folder, group in by_folder.items():
                try:
                    claims = await asyncio.wrap_future(self._journal_writer.submit(
                        self.journal.claim, [(t.item.url, t.item.expected_sha256) for t in group], folder))
                except Exception as exc:  # the journal went away (shutdown) or broke: fail these rows
                    for t in group:
                        self._fail_now(t, describe_error(exc))
                    continue
                for t, claim in zip(group, claims):
                    if claim.kind == "busy" or t.item.state not in ACTIVE:  # still theirs, or stopped meanwhile
                        if t.item.state in ACTIVE:
                            self._waiting.append(t)
                        continue
                    if t.adopt(claim.item, claim.claimed):
                        self._save(t.item)
                    self._begin(t, claim, start=True)

    def _track(self, transfers: list[Transfer]) -> list[Transfer]:
        """Show ``transfers`` at the end of the list (after :meth:`_place_at_end`)."""
        self._place_at_end(transfers)
        self.transfers.extend(transfers)
        self._announce(transfers)  # one call per batch: a view inserts all the rows at once
        return transfers

    def _announce(self, transfers: list[Transfer]) -> None:
        for listener in list(self.listeners):
            try:
                listener(transfers)
            except Exception:  # a broken view must not break the engine
                log.exception("transfer listener failed")

    def _fail_now(self, t: Transfer, message: str) -> None:
        t.item.state, t.item.error = "failed", message
        self._save(t.item)
        t.touch()
        log.warning(Message(QT_TRANSLATE_NOOP("Engine", "{url}: {error}"), url=t.item.url, error=message))

    # -- actions (GUI buttons, CLI) ----------------------------------------------------------------
    def resume(self, transfers: Transfer | list[Transfer]) -> int:
        """Start ``transfers`` (one, or a list: one journal batch, one job notification) again where they
        stopped; returns how many were started or watched again."""
        batch = [transfers] if isinstance(transfers, Transfer) else transfers
        go, watched = [], 0
        for t in batch:
            if t.item.state in ("paused", "failed", "cancelled", "queued") and (t.job is None or t.job.state.finished):
                if not t.owned:  # another process's row: look at it again rather than touch it
                    t.item.state = "queued"
                    self._watch(t)
                    watched += 1
                    continue
                t.item.error = None
                go.append(t)
        if go:
            self._queue_sorted = False  # they start in their place in the list, not after everything queued
            self._enqueue_many(go)
        return len(go) + watched

    retry = resume

    def pause(self, transfers: Transfer | list[Transfer]) -> int:
        """Pause ``transfers`` (one, or a list); returns how many were queued or running."""
        return self._stop(transfers, pause=True)

    def cancel(self, transfers: Transfer | list[Transfer]) -> int:
        return self._stop(transfers, pause=False)

    def _stop(self, transfers: Transfer | list[Transfer], *, pause: bool) -> int:
        """Stop queued and running transfers in one pass: running ones are cancelled (their task ends
        them), queued ones end at once — their rows written in one journal batch, their jobs ended with
        one notification, and the queue rid of them."""
        batch = [transfers] if isinstance(transfers, Transfer) else transfers
        state = "paused" if pause else "cancelled"
        unstarted, rows, stopped = [], [], 0
        for t in batch:
            if t.item.state not in ("queued", "running"):
                continue
            stopped += 1
            if self._waiting and t in self._waiting:
                self._waiting.remove(t)
            t.pause_requested = pause
            job = t.job
            if job is not None and not job.state.finished:
                if job.state is JobState.QUEUED and not t.holds_slot:  # in the queue: it ends now
                    job.token.cancel()
                    unstarted.append(job)
                else:  # started (or starting): its task ends it
                    self.runner.cancel(job)
            if t.item.state == "queued":
                t.item.state = state
                rows.append(t.item)
                t.touch()
        self._save_many(rows)
        if unstarted:
            self.runner.finish_unstarted_many(unstarted)
            self._queue = deque(t for t in self._queue if t.item.state == "queued" or _leave_queue(t))
        return stopped

    def remove(self, transfers: Transfer | list[Transfer], *, delete_partial: bool = True) -> None:
        """Forget ``transfers`` (one, or a list: listeners hear of them once, and the journal deletes their
        rows and segment maps in one transaction); running ones are cancelled. With ``delete_partial``
        their ``.part`` files are deleted (running ones' once stopped), each row only after its file."""
        batch = [transfers] if isinstance(transfers, Transfer) else list(transfers)
        gone = {id(t) for t in batch}
        batch = [t for t in self.transfers if id(t) in gone]
        if not batch:
            return
        idle = []
        self.cancel(batch)
        for t in batch:
            t.removed = delete_partial
            if t in self._waiting:
                self._waiting.remove(t)
            if t.job is None or t.job.state.finished:
                idle.append(t)
            if t.item.path:
                self.reserver.release(Path(t.item.path))
            with self._picked_lock:
                t.gone = True
                picked = self._picked.pop(t, None)
            if picked is not None:
                self.reserver.release(picked)
        ids = [t.item.id for t in batch if t.owned and t.item.id is not None]
        self._doomed.update(ids)  # an add of the same URL meanwhile gets a row of its own
        if delete_partial:  # the rows go once the .part files have (running ones: once they have stopped)
            self._delete_partial(idle)
        else:
            self._journal_writer.submit(self._forget, ids)
        self.transfers[:] = [t for t in self.transfers if id(t) not in gone]
        self._announce(batch)

    def _delete_partial(self, transfers: list[Transfer]) -> None:
        """Delete the ``.part`` files of removed transfers (on a disk thread), then their rows (on the journal
        thread): a process killed in between leaves a row whose ``.part`` is gone (it starts afresh if added
        again), never a ``.part`` no row names (the next download of the URL would take ``NAME (1)``)."""
        owned = [t for t in transfers if t.owned and t.item.id is not None]
        if not owned:
            return
        ids = [t.item.id for t in owned]
        parts = [Path(t.item.path + ".part") for t in owned if t.item.path and t.item.state != "done"]
        if not parts:
            self._journal_writer.submit(self._forget, ids)
            return
        work = self._disk.submit(self._unlink_then_forget, parts, ids)
        self._removing.add(work)
        work.add_done_callback(self._removing.discard)

    def _unlink_then_forget(self, parts: list[Path], ids: list[int]) -> None:
        _unlink_all(parts)
        self._journal_writer.submit(self._forget, ids)

    def _forget(self, ids: list[int]) -> None:
        """On the journal thread: delete removed rows (their files are gone); then they are no longer doomed."""
        try:
            self.journal.remove(ids)
        finally:
            self._doomed.difference_update(ids)

    def set_concurrency(self, n: int) -> None:
        self.settings.concurrency = max(1, min(64, n))
        if self._limit is not None:
            self._limit.set_limit(self.settings.concurrency)

    # -- speed limits, connections ----------------------------------------------------------------
    def set_speed_limit(self, bytes_per_second: int) -> None:
        """The limit for all downloads together, at once (0 = unlimited)."""
        self.settings.speed_limit = max(0, int(bytes_per_second))
        self.bucket.set_rate(self.settings.speed_limit)

    def set_transfer_limit(self, t: Transfer, bytes_per_second: int) -> None:
        """One download's own limit, at once, also while it runs (0 = unlimited); kept in its row."""
        t.choose("speed_limit", max(0, int(bytes_per_second)))
        self._keep_choices([t])

    def set_split(self, t: Transfer | None, n: int) -> None:
        """Connections per file: 0 adaptive, 1 … 16 fixed; ``t`` None sets the default for all (a
        download's own is kept in its row)."""
        n = max(0, min(MAX_SPLIT, int(n)))
        if t is None:
            self.settings.split = n
        else:
            t.choose("split", n)
            self._keep_choices([t])

    def _keep_choices(self, transfers: list[Transfer]) -> None:
        """Show changed choices, and write the rows this journal holds (one batch)."""
        for t in transfers:
            t.touch()
        self._save_many([t.item for t in transfers if t.owned and t.item.id is not None])

    def details(self, t: Transfer) -> TransferDetails:
        """What the "why slow?" pane shows for ``t`` (a copy)."""
        return t.snapshot(self.bucket)

    # -- queue order and priorities ---------------------------------------------------------------
    def move(self, chosen: list[Transfer], where: str) -> None:
        """Move ``chosen`` ``"up"``/``"down"`` one place, or to the ``"top"``/``"bottom"``, keeping their order;
        the moved rows' new positions are written (one batch; no other row's, see :meth:`_reposition`)."""
        if where not in ("up", "down", "top", "bottom"):
            raise ValueError(f"unknown move {where!r}")
        picked = {id(t) for t in chosen}
        rows = self.transfers
        if where == "top":
            rows[:] = [t for t in rows if id(t) in picked] + [t for t in rows if id(t) not in picked]
        elif where == "bottom":
            rows[:] = [t for t in rows if id(t) not in picked] + [t for t in rows if id(t) in picked]
        else:
            order = range(1, len(rows)) if where == "up" else range(len(rows) - 2, -1, -1)
            step = -1 if where == "up" else 1
            for i in order:
                j = i + step
                if id(rows[i]) in picked and id(rows[j]) not in picked:
                    rows[i], rows[j] = rows[j], rows[i]
        self._reposition(picked)
        self._reordered()

    def move_to(self, chosen: list[Transfer], index: int) -> None:
        """Put ``chosen`` (in their current order) before the row now at ``index`` (a drag and drop); their
        new positions are written (one batch)."""
        picked = {id(t) for t in chosen}
        rows = self.transfers
        before = sum(1 for t in rows[:max(0, index)] if id(t) not in picked)
        rest = [t for t in rows if id(t) not in picked]
        rows[:] = rest[:before] + [t for t in rows if id(t) in picked] + rest[before:]
        self._reposition(picked)
        self._reordered()

    def set_priority(self, chosen: list[Transfer], priority: int) -> None:
        """Higher priority starts first (-1 low, 0 normal, 1 high); the list order breaks ties. Kept in
        the rows (one batch)."""
        priority = int(priority)
        for t in chosen:
            t.choose("priority", priority)
        self._keep_choices(chosen)
        self._queue_sorted = False

    def _reposition(self, picked: set[int]) -> None:
        """Give the moved transfers (``picked``: their ids), now in their new places, positions between
        their new neighbours', run by run, and write them in one batch: a move writes the rows it moved,
        not the ones between (moving 1 of 10,000 rows to the top writes 1 row). Positions are floats,
        halved gaps run out after some 50 drops into the same gap: then the run takes in neighbours on
        each side (doubling) until they can be spread evenly — a few more rows, rarely."""
        rows = self.transfers
        changed: list[Transfer] = []
        i, n = 0, len(rows)
        while i < n:
            if id(rows[i]) not in picked:
                i += 1
                continue
            j = i + 1
            while j < n and id(rows[j]) in picked:
                j += 1
            i = self._spread(i, j, changed)
        self._write_positions(changed)

    def _spread(self, i: int, j: int, changed: list[Transfer]) -> int:
        """Positions for ``transfers[i:j]`` strictly between the positions around them (widening the run
        where there is no room); those that change are added to ``changed``. Returns the run's end."""
        rows = self.transfers
        n = len(rows)
        while True:
            lo = rows[i - 1].item.position if i > 0 else None
            hi = rows[j].item.position if j < n else None
            if i > 0 and lo is None:
                i -= 1
                continue
            if j < n and hi is None:
                j += 1
                continue
            current = [rows[k].item.position for k in range(i, j)]
            if None not in current and _in_order(current, lo, hi):
                return j  # already between its neighbours (moved where it was): nothing to write
            wanted = _between(lo, hi, j - i, current)
            if wanted is not None:
                break
            grow = j - i
            i, j = max(0, i - grow), min(n, j + grow)
        for t, position in zip(rows[i:j], wanted):
            if t.item.position != position:
                t.choose("position", position)
                changed.append(t)
        return j

    def _place_at_end(self, transfers: list[Transfer]) -> None:
        """Transfers about to join the end of the list keep their rows' positions where those come after
        the list's last (new rows, rows restored in order); any other (a row adopted from an earlier
        place, one without a position) gets the next one, written — the list stays in position order,
        so a restart shows it as it is shown now."""
        last = next((t.item.position for t in reversed(self.transfers) if t.item.position is not None), None)
        changed = []
        for t in transfers:
            position = t.item.position
            if position is None or (last is not None and position <= last):
                position = (0.0 if last is None else float(math.floor(last))) + 1.0
                t.choose("position", position)
                changed.append(t)
            last = position
        self._write_positions(changed)

    def _write_positions(self, transfers: list[Transfer]) -> None:
        """Write the rows of moved transfers this journal holds (one batch); for the others the position
        waits in :attr:`Transfer.unsaved_choices` until the row is ours."""
        self._save_many([t.item for t in transfers if t.owned and t.item.id is not None])

    def _reordered(self) -> None:
        self._queue_sorted = False
        for listener in list(self.order_listeners):
            listener()

    def _sort_queue(self) -> None:
        position = {id(t): i for i, t in enumerate(self.transfers)}
        self._queue = deque(sorted(self._queue, key=lambda t: (-t.priority, position.get(id(t), 1 << 60))))
        self._queue_sorted = True

    # -- all at once, and the schedule's hold ------------------------------------------------------
    def pause_all(self) -> int:
        """Pause every queued or running transfer in one pass (also when the app or the command is
        closing: the next start resumes them from their ``.part``); returns how many."""
        return self.pause(self.transfers)

    def resume_all(self) -> int:
        """Resume every paused transfer (one batch); returns how many."""
        return self.resume([t for t in self.transfers if t.item.state == "paused"])

    def hold_queue(self) -> None:
        """Start nothing new, and pause what runs (resumed by :meth:`release_queue`)."""
        self.held = True
        for t in self.transfers:
            if t.item.state == "running":
                t.held_by_schedule = True
                self.pause(t)
        self._held_changed()

    def release_queue(self) -> None:
        self.held = False
        for t in self.transfers:
            if t.held_by_schedule:
                t.held_by_schedule = False
                self.resume(t)
        if self._queue and self._wakeup is not None:
            self._ensure_scheduler()
        self._held_changed()

    def _held_changed(self) -> None:
        for listener in list(self.hold_listeners):
            try:
                listener(self.held)
            except Exception:  # a broken view must not break the engine
                log.exception("hold listener failed")

    # -- scheduling --------------------------------------------------------------------------------
    def _enqueue(self, t: Transfer) -> None:
        self._enqueue_many([t])

    def _enqueue_many(self, transfers: list[Transfer]) -> None:
        """Queue ``transfers`` (on the loop): their rows written queued in one batch, their jobs shown
        queued with one notification."""
        rows = []
        for t in transfers:
            t.pause_requested = False
            if t.item.state != "queued" or t.job is not None:  # a fresh row is stored as queued already
                t.item.state = "queued"
                rows.append(t.item)
            t.job = self.runner.queued_job("download", t.item.url)
            t.touch()
        self._save_many(rows)
        self._queue_prepared(transfers)

    def _queue_prepared(self, transfers: list[Transfer]) -> None:
        """Put transfers whose jobs are made (:meth:`_ready`) in the queue: one job notification."""
        if not transfers:
            return
        jobs = list(map(_JOB, transfers))
        self._by_job.update(zip(map(_ID, jobs), transfers))
        self.runner.queue_many(jobs)
        queue = self._queue
        if not any(map(_WAITING, transfers)) and not any(map(_PRIORITY, transfers)):  # the usual case, in bulk
            if queue and queue[-1].priority:
                self._queue_sorted = False
            for t in transfers:
                t.in_queue = True
            queue.extend(transfers)
        else:
            for t in transfers:
                if t.in_queue:  # still in the queue from before it stopped: it keeps that place
                    self._queue_sorted = False
                    continue
                if queue and (t.priority or queue[-1].priority):
                    self._queue_sorted = False
                t.in_queue = True
                queue.append(t)
        self._ensure_scheduler()

    def _ensure_scheduler(self) -> None:
        if self._limit is None:
            self._limit = Limiter(self.settings.concurrency)
            self._wakeup = asyncio.Event()
        self._wakeup.set()
        if self._scheduler is None or self._scheduler.done():
            self._scheduler = asyncio.get_running_loop().create_task(self._schedule(), name="download-scheduler")

    async def _schedule(self) -> None:
        while self._queue:
            if self.held:  # the schedule holds the queue: queued items wait until it is released
                return
            # a slot first, then the choice: a priority or a move made while every slot was busy decides
            # what starts next (an item picked before the wait would jump the queue it was moved behind)
            await self._limit.acquire()
            if self.held or not self._queue:
                self._limit.release()
                continue
            if not self._queue_sorted:
                self._sort_queue()
            t = self._queue.popleft()
            t.in_queue = False
            if t.job is None or t.job.state is not JobState.QUEUED or t.job.cancelled or t.item.state != "queued":
                self._limit.release()
                if t.job is not None and t.job.state is JobState.QUEUED:
                    self.runner.finish_unstarted(t.job)
                continue
            t.holds_slot = True
            self._ran_since_idle = True
            try:
                self.runner.start_coroutine("download", t.item.url, lambda job, t=t: self._run(job, t), job=t.job)
            except Exception as exc:  # one row that cannot start fails alone; the scheduler goes on
                t.item.state, t.item.error = "failed", describe_error(exc)
                log.exception(Message(QT_TRANSLATE_NOOP("Engine", "{url}: could not start: {error}"), url=t.item.url,
                                      error=t.item.error))
                self._save(t.item)
                self.runner.finish_unstarted(t.job, JobState.FAILED, t.item.error)

    async def wait_idle(self) -> None:
        """Until nothing is queued, running or waiting for another process."""
        while True:
            if self._scheduler is not None and not self._scheduler.done():
                await asyncio.wait([self._scheduler])
                continue
            waiting = {id(t) for t in self._queue}  # held by the schedule: not running, not to wait for
            running = [t.job for t in self.transfers if t.job is not None and not t.job.state.finished
                       and id(t) not in waiting]
            for job in running:
                await self.runner.wait(job)
            if running:
                continue
            if self._watcher is not None and not self._watcher.done():
                await asyncio.wait([self._watcher])
                continue
            if not self._queue or self.held:
                return

    async def run_all(self) -> None:
        """Wait for the queue to drain, within the batch deadline if there is one."""
        if self.settings.deadline is None:
            await self.wait_idle()
            return
        try:
            await asyncio.wait_for(self.wait_idle(), self.settings.deadline)
        except TimeoutError:
            self.deadline_hit = True
            message = Message(QT_TRANSLATE_NOOP("Engine", "The batch deadline of {seconds:g} s passed before this item finished."), seconds=self.settings.deadline)
            for t in self.transfers:
                if t.item.state in ("queued", "running"):
                    t.deadline_message = message
                    self.cancel(t)
            await self.wait_idle()

    # -- one item ----------------------------------------------------------------------------------
    async def _run(self, job: Job, t: Transfer) -> dict:
        item = t.item
        try:
            check_url(item.url)
            host = urlsplit(item.url).netloc.lower()
            per_host = self._hosts.setdefault(host, Limiter(self.settings.per_host))
            per_host.set_limit(self.settings.per_host)
            job.check()
            await per_host.acquire()
            t.host_limiter, t.holds_host = per_host, True
            try:
                item.state, item.error = "running", None
                self.running.add(t)
                t.touch()
                result = await self._with_retries(job, t)
                item.state = "done"
                return result
            finally:
                if t.holds_host:  # (a small body hands it back as soon as it is all here)
                    t.holds_host = False
                    per_host.release()
        except (asyncio.CancelledError, Cancelled):
            item.state = "paused" if t.pause_requested else "cancelled"
            item.error = t.deadline_message
            raise
        except Exception as exc:
            item.state = "failed"
            item.error = describe_error(exc)
            raise
        finally:
            self.running.discard(t)
            t.speed = 0.0
            t.touch()
            self.space.release(id(t))
            self._save(item)
            if item.state == "done" and self.settings.manifest:
                self._append_manifest(item)

    async def _with_retries(self, job: Job, t: Transfer) -> dict:
        attempt = 0
        restarts = 0
        while True:
            await self._reclaim_slots(t)
            try:
                return await self._attempt(job, t)
            except Restart as reason:
                restarts += 1
                if restarts > self.settings.retries + 1:
                    raise UserError(QT_TRANSLATE_NOOP("Engine", "The server's answers do not let this file be resumed ({reason})."), reason=reason.message) from reason
                log.info(Message(QT_TRANSLATE_NOOP("Engine", "{url}: restarting from zero ({reason})"), url=t.item.url,
                                 reason=reason.message))
                await self._discard_partial(t)
            except Retryable as exc:
                attempt += 1
                if attempt > self.settings.retries:
                    raise UserError(QT_TRANSLATE_NOOP("Engine", "{error} (gave up after {retries} retries)"), error=exc.message, retries=self.settings.retries) from exc
                delay = self._backoff(attempt, exc.retry_after)
                t.item.error = Message(QT_TRANSLATE_NOOP("Engine", "{error}; retry {attempt} of {retries} in {delay:.1f} s"), error=exc.message, attempt=attempt, retries=self.settings.retries, delay=delay)
                t.details.retry(None, exc.message)
                t.touch()
                log.info(Message(QT_TRANSLATE_NOOP("Engine", "{url}: {error}"), url=t.item.url, error=t.item.error))
                self._hook("backoff", t, Backoff(attempt, delay))
                try:
                    await asyncio.sleep(delay)
                finally:
                    self._hook("backoff-end", t, None)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        delay = retry_after
        if delay is None:
            delay = min(self.settings.max_backoff, self.settings.backoff * 2 ** (attempt - 1))
            delay *= 0.5 + random.random()
        return min(delay, self.settings.max_backoff)

    async def _discard_partial(self, t: Transfer) -> None:
        item = t.item
        if item.path:
            await asyncio.get_running_loop().run_in_executor(self._disk, _discard, Path(item.path + ".part"))
        item.bytes_done, item.etag, item.last_modified, item.total = 0, None, None, None
        if t.segment_map is not None or item.path:
            t.segment_map = None
            await self.store_map(item, None)  # gone from the journal before a new .part is written

    async def store_map(self, item: Item, segment_map: str | None) -> None:
        """Write (or forget) ``item``'s segment map in journal order, and wait until it is stored."""
        await asyncio.wrap_future(self._journal_writer.submit(self._flush_then, self.journal.save_segments,
                                                              item.id, segment_map))

    def _flush_then(self, fn, *args) -> None:
        self._write_unsaved()
        fn(*args)

    def _stored_map(self, t: Transfer, part: Path) -> SegmentMap | None:
        """The segment map a previous attempt or run left for ``t``, checked against its ``.part``."""
        smap = t.segment_map
        if smap is None:
            text = self.journal.segments(t.item.id)
            if text is None:
                return None
            try:
                smap = SegmentMap.from_json(text)
            except BadMap as exc:
                raise Restart(QT_TRANSLATE_NOOP("Engine", "the segment map stored for the .part cannot be used")) from exc
        try:
            size = os.lstat(part).st_size
        except OSError as exc:
            raise Restart(QT_TRANSLATE_NOOP("Engine", "the .part of a segmented transfer is gone")) from exc
        if any(s.pos > s.start and s.pos > size for s in smap.segments):
            raise Restart(QT_TRANSLATE_NOOP("Engine", "the .part is shorter than its segment map says"))
        for s in smap.segments:
            s.owners = 0
        t.segment_map = smap
        return smap

    def _split_for(self, t: Transfer) -> int:
        return self.settings.split if t.split is None else t.split

    def _hook(self, event: str, t: Transfer, info: ConnectionInfo | Backoff | None) -> None:
        """Tell the connection hooks: "open", "first-byte", "throttled", "receiving", "finishing", "close" (of ``info``),
        and "backoff" (``info`` a :class:`Backoff`) / "backoff-end" (``info`` None): the transfer waits
        before its next try."""
        for hook in list(self.connection_hooks):
            try:
                hook(event, t, info)
            except Exception:  # a broken view must not break a transfer
                log.exception("connection hook failed")

    async def _attempt(self, job: Job, t: Transfer) -> dict:
        item = t.item
        session = await self.session_factory()
        part = Path(item.path + ".part") if item.path else None
        have = 0
        headers = {}
        smap = None
        validator = item.etag or item.last_modified
        if part is not None and not os.path.lexists(part) and \
                (t.segment_map is not None or self.journal.segments(item.id) is not None):
            t.segment_map = None  # its .part is gone (discarded, or removed by hand): a new one starts fresh
            await self.store_map(item, None)
        if part is not None and os.path.lexists(part):
            if not os.path.isfile(part) or os.path.islink(part):
                raise UserError(QT_TRANSLATE_NOOP("Engine", "Refusing to resume: {path} is not a regular file."), path=part)
            smap = self._stored_map(t, part)
            if smap is not None and not validator:
                raise Restart(QT_TRANSLATE_NOOP("Engine", "the server gives no ETag or Last-Modified to resume against"))
            if smap is not None:
                first = smap.unfinished()[0] if not smap.complete else smap.segments[-1]
                headers = {"Range": f"bytes={first.pos}-{first.end - 1}", "If-Range": validator}
                if smap.complete:  # every byte is there: ask for the last one, only to confirm the validator
                    headers["Range"] = f"bytes={first.end - 1}-{first.end - 1}"
            else:
                have = os.lstat(part).st_size
                if have and validator:
                    headers = {"Range": f"bytes={have}-", "If-Range": validator}
                elif have:
                    raise Restart(QT_TRANSLATE_NOOP("Engine", "the server gives no ETag or Last-Modified to resume against"))
        info = t.details.open(have if smap is None else int(headers["Range"][6:].split("-")[0]), None)
        self._hook("open", t, info)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.settings.connect_timeout,
                                        sock_read=self.settings.read_timeout)
        try:
            async with session.get(item.url, headers=headers, timeout=timeout, max_redirects=10,
                                   auto_decompress=False, trace_request_ctx=info) as resp:
                info.status = resp.status
                return await self._receive(job, t, resp, have, smap, info)
        except aiohttp.NonHttpUrlRedirectClientError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Refused a redirect to a non-http URL ({error})."), error=exc) from exc
        except aiohttp.InvalidURL as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Not a valid URL: {url!r}."), url=str(exc.url) if getattr(exc, "url", None) else item.url) from exc
        except aiohttp.TooManyRedirects as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Too many redirects (more than 10).")) from exc
        except (TimeoutError, aiohttp.ClientPayloadError, aiohttp.ClientConnectionError) as exc:
            raise Retryable(QT_TRANSLATE_NOOP("Engine", "connection problem: {error}"), error=f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc
        finally:
            if info.closed is None:
                error = sys.exc_info()[1]
                state = "done" if error is None else "cancelled" if isinstance(error, asyncio.CancelledError) else "failed"
                t.details.close(info, state, None if state != "failed" else _reason(error))
                self._hook("close", t, info)

    async def _receive(self, job: Job, t: Transfer, resp: aiohttp.ClientResponse, have: int,
                       smap: SegmentMap | None, info: ConnectionInfo) -> dict:
        item = t.item
        if resp.status == 429 or resp.status >= 500:
            raise Retryable(QT_TRANSLATE_NOOP("Engine", "the server answered {status} {reason}"),
                            _retry_after(resp.headers.get("Retry-After")), status=resp.status, reason=resp.reason)
        if resp.status == 416 and smap is None and have:
            return await self._already_complete(t, resp, have)
        if resp.status not in (200, 206):
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The server answered {status} {reason}."), status=resp.status, reason=resp.reason)
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if smap is not None:
            return await self._resume_segments(job, t, resp, smap, info)
        if resp.status == 206:
            m = _RANGE.match(resp.headers.get("Content-Range", ""))
            if not m or int(m.group(1)) != have or \
                    (have and item.total and m.group(3) != "*" and int(m.group(3)) != item.total):
                raise Restart(QT_TRANSLATE_NOOP("Engine", "the server's range does not continue at byte {have:,}"), have=have)
            total = int(m.group(3)) if m.group(3) != "*" else None
            t.details.ranges = True
        else:
            if have and ctype == "text/html" and item.content_type and item.content_type != "text/html":
                raise UserError(QT_TRANSLATE_NOOP("Engine", "The server sent an HTML page instead of the rest of the file; the partial file was kept."))
            if have:
                log.info(Message(QT_TRANSLATE_NOOP("Engine", "{url}: the server sent the whole file again (it ignored the "
                                                             "range, or the file changed)"), url=item.url))
                await self._discard_partial(t)
                have = 0
            total = resp.content_length
            t.details.ranges = resp.headers.get("Accept-Ranges", "").strip().lower() == "bytes" and not t.ranges_broken
        item.etag = resp.headers.get("ETag") or None
        item.last_modified = resp.headers.get("Last-Modified") or None
        item.content_type = ctype or item.content_type
        item.total = total
        item.bytes_done = have
        info.end = total
        if total is not None and total <= SMALL_BODY and not have:
            return await self._receive_small(job, t, resp, info, total)
        if t.naming is not None and not t.naming.done():
            await t.naming  # an earlier attempt's small-body name is being written: take it, not another
        await asyncio.get_running_loop().run_in_executor(self._disk, self._name, t, resp)
        self._save(item)
        if total is not None:
            self.space.check(id(t), Path(item.folder), total - have)
        if self._splittable(t, total, have):
            smap = SegmentMap(total, [Segment(0, total, have)])
            return await self._segmented(job, t, resp, smap, info, new=not have)
        return await self._receive_stream(job, t, resp, have, info, total)

    def _name(self, t: Transfer, resp) -> None:
        """On a disk thread: the file's name (a new one is claimed on disk with its empty ``.part``)."""
        item = t.item
        with self._picked_lock:
            picked = self._picked.pop(t, None)  # a name written down for a small body (the file has grown since)
        if item.path is None and picked is not None and (fd := self.reserver.claim_open(picked)) is not None:
            os.close(fd)  # claimed on disk, as a new name is; opened again (and locked) by its writer
            item.name, item.path = picked.name, str(picked)
        elif picked is not None:
            self.reserver.release(picked)
        if item.path is None:
            name = choose_name(item.url, resp.headers.get("Content-Disposition"))  # never the redirect target
            item.name, item.path = self._new_name(item, name)
        else:
            self.reserver.reserve(Path(item.folder), item.name, keep=Path(item.path))

    def _intent(self, item: Item) -> Callable[[Path], bool]:
        """Writes the name ``item`` is about to claim on disk into its row first (see Journal.claim_paths),
        and into the item before that (a save running meanwhile writes the new name, never the old one back).
        A journal that cannot be written (locked past its patience, read-only) does not stop the download:
        it goes on as it did before names were written first."""
        def intent(path: Path) -> bool:
            before = item.name, item.path
            item.name, item.path = path.name, str(path)
            try:
                ok = self.journal.claim_path(item, str(path))
            except sqlite3.Error as exc:
                log.warning("could not write the name %s into the journal: %s", path, exc)
                ok = True
            if not ok:
                item.name, item.path = before
            return ok

        return intent

    def _new_name(self, item: Item, name: str, *, keep_open: bool = False):
        """Reserve and claim a free name for ``name`` in the item's folder, written into its row before it is
        claimed on disk: ``(name, path)``; with ``keep_open``, ``(name, path, fd)``: the claimed ``.part``'s
        descriptor, open for writing."""
        try:
            if keep_open:
                path, fd = self.reserver.reserve_open(Path(item.folder), name, intent=self._intent(item))
                return path.name, str(path), fd
            path = self.reserver.reserve(Path(item.folder), name, claim_part=True, intent=self._intent(item))
        except UnsafePath as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Unsafe file name from the server: {error}"), error=exc) from exc
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}."),
                            path=os.path.join(item.folder, name + ".part"), reason=exc.strerror or str(exc)) from exc
        return path.name, str(path)

    def _splittable(self, t: Transfer, total: int | None, have: int) -> bool:
        """Whether this answer lets the rest be fetched over several connections; says why not."""
        split = self._split_for(t)
        t.details.split = split
        if split == 1 or total is None:
            if split != 1:
                t.details.find(why.UNKNOWN_SIZE)
            return False
        if total - have < 2 * self.settings.min_segment:
            return False
        if not t.details.ranges:
            t.details.find(why.NO_RANGES)
            return False
        if not (t.item.etag or t.item.last_modified):
            t.details.find(why.NO_VALIDATOR)
            return False
        return True

    async def _segmented(self, job, t, resp, smap: SegmentMap, info: ConnectionInfo, *, new: bool) -> dict:
        from .segmented import SegmentedFetch

        item = t.item
        t.segment_map = smap
        fetch = SegmentedFetch(self, job, t, Path(item.path + ".part"), smap)
        try:
            sha = await fetch.run(resp, info, new=new)
            final = await asyncio.get_running_loop().run_in_executor(self._disk, self._complete_segments, fetch, item, sha)
        finally:
            await fetch.close()
        t.segment_map = None
        await self.store_map(item, None)
        return await self._result(item, final)

    async def _resume_segments(self, job, t, resp, smap: SegmentMap, info: ConnectionInfo) -> dict:
        item = t.item
        m = _RANGE.match(resp.headers.get("Content-Range", ""))
        first = smap.unfinished()[0] if not smap.complete else smap.segments[-1]
        start = first.pos if not smap.complete else first.end - 1
        if resp.status != 206 or not m or int(m.group(1)) != start or m.group(3) != str(smap.total):
            t.details.find(why.VALIDATOR_CHANGED)
            raise Restart(QT_TRANSLATE_NOOP("Engine", "a resumed segment was answered {status} with another range or version"),
                          status=resp.status)
        t.details.ranges = True
        t.details.find(why.RESUMED, n=len(smap.unfinished()))
        self.reserver.reserve(Path(item.folder), item.name, keep=Path(item.path))
        item.bytes_done = smap.done_bytes()
        self.space.check(id(t), Path(item.folder), smap.total - item.bytes_done)
        self._save(item)
        return await self._segmented(job, t, resp if not smap.complete else None, smap, info, new=False)

    async def _already_complete(self, t: Transfer, resp, have: int) -> dict:
        """416 to ``Range: bytes=have-``: if the server's length is ``have``, the .part is the whole file
        (a previous run died between its last flush and the link): verify and finish it."""
        m = re.match(r"bytes \*/(\d+)", resp.headers.get("Content-Range", ""))
        if not m or int(m.group(1)) != have:
            raise Restart(QT_TRANSLATE_NOOP("Engine", "the server's length does not match the {have:,} bytes of the .part"),
                          have=have)
        item = t.item
        item.total = item.bytes_done = have
        self.reserver.reserve(Path(item.folder), item.name, keep=Path(item.path))
        writer = PartWriter(Path(item.path + ".part"), have)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._disk, writer.open)
            final = await loop.run_in_executor(self._disk, self._complete, writer, item, writer.part)
        finally:
            await loop.run_in_executor(self._disk, writer.close)
        return await self._result(item, final)

    async def _receive_small(self, job, t: Transfer, resp, info: ConnectionInfo, total: int) -> dict:
        """A small body: received whole, then named, written, hashed, flushed and linked in one disk hop."""
        item = t.item
        cd = resp.headers.get("Content-Disposition")
        # a new file's name is chosen and written into its row on the journal thread while the body comes
        named = self._name_soon(t, cd) if item.path is None else None
        watch = self.slow_watch(t)
        read = resp.content.read
        chunks = []
        got = 0
        while chunk := await read(CHUNK):
            if info.ttfb is None:
                info.ttfb, info.state = time.monotonic() - info.opened, "receiving"
                self._hook("first-byte", t, info)
            chunks.append(chunk)
            got += len(chunk)
            if (slow := watch.add(len(chunk))) is not None:
                raise self.too_slow(slow)
        body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        info.received = info.pos = got
        timeline.RECORDER.add_bytes(got)
        await self._take(t, got, info)
        if len(body) != total:
            raise Retryable(QT_TRANSLATE_NOOP("Engine", "the connection closed after {done:,} of {total:,} bytes"), done=len(body), total=total)
        self._hook("finishing", t, info)
        self._hand_back_slots(t)
        if named is not None:
            await named
        final = await self._group_commit.submit((t, body, cd))  # written, flushed and linked in a batch
        item.bytes_done = total
        if job is not None:
            job.report(1.0)
        return await self._result(item, final)

    def _hand_back_slots(self, t: Transfer) -> None:
        """A small body is all here (its connection already back in the pool): its download slot and its
        unit of the per-server limit go to the next download while the body waits for its disk commit —
        the network no longer waits for the disk. The job still runs until its file is on disk; at most
        ``concurrency`` bodies wait so (beyond that a slot waits for the commit, as before). Only with
        ``Settings.overlap_commits`` (the command line's)."""
        if not self.settings.overlap_commits:
            return
        if t.holds_slot and self._committing < self.settings.concurrency:
            self._committing += 1
            t.holds_slot = False
            self._limit.release()
            t.committing = True
        if t.holds_host:
            t.holds_host = False
            t.host_limiter.release()

    async def _reclaim_slots(self, t: Transfer) -> None:
        """Before another attempt of a download that handed its slots back (its commit failed with an error
        that is retried, such as a network file system's timeout): the slots again, first."""
        if t.committing:
            await self._limit.acquire()
            t.holds_slot, t.committing = True, False
            self._committing -= 1
        if not t.holds_host and t.host_limiter is not None:
            await t.host_limiter.acquire()
            t.holds_host = True

    def _small_stage(self, work: tuple) -> PartWriter:
        """On the commit thread: choose the name, check the space, create the ``.part`` and write the body
        (hashed as it goes); flushed later with the rest of its batch (:meth:`_small_seal`)."""
        t, body, content_disposition = work
        item = t.item
        fd = None
        with self._picked_lock:
            picked = self._picked.pop(t, None)
        if picked is not None and item.path is None:  # written down with its batch (_small_names): claim it
            fd = self.reserver.claim_open(picked)
            if fd is None:  # taken on disk since, or the folder refuses it: choose again (and say why)
                self.reserver.release(picked)
            else:
                item.name, item.path = picked.name, str(picked)
        elif picked is not None and Path(item.path) != picked:
            self.reserver.release(picked)
        if item.path is None:  # a new name: its .part is written through the descriptor that created it
            item.name, item.path, fd = self._new_name(item, choose_name(item.url, content_disposition), keep_open=True)
        elif fd is None:
            self.reserver.reserve(Path(item.folder), item.name, keep=Path(item.path))
        writer = PartWriter(Path(item.path + ".part"), 0)
        try:
            if fd is not None:
                writer.adopt(fd)
            self.space.check(id(t), Path(item.folder), len(body))
            writer.write(body)
        except BaseException:
            writer.close()
            raise
        return writer

    def _name_soon(self, t: Transfer, content_disposition: str | None) -> asyncio.Future:
        """On the loop: have a small file's name chosen and written into its row (:meth:`_small_names`) on
        the journal thread, with every other name asked for meanwhile in one transaction; the future is
        done once it is written (or left to the commit thread)."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._unsaved_lock:
            first = not self._naming
            self._naming.append((loop, future, (t, None, content_disposition)))
        if first:
            self._journal_writer.submit(self._write_names)
        t.naming = future
        return future

    def _write_names(self) -> None:
        """On the journal thread: the names asked for since the last call, written in one transaction."""
        with self._unsaved_lock:
            batch, self._naming = self._naming, []
        try:
            self._small_names([work for _loop, _future, work in batch])
        finally:
            for loop, future, _work in batch:
                try:
                    loop.call_soon_threadsafe(_resolve, future)
                except RuntimeError:  # that loop has closed
                    pass

    def _small_names(self, works: list[tuple]) -> None:
        """The names of new small files, chosen and written into their rows in one journal transaction,
        before any is claimed on disk: on the journal thread while their bodies come (:meth:`_name_soon`),
        or on the commit thread for a batch that has none yet. A name the journal refuses, or that cannot be
        chosen, is left to :meth:`_small_stage`, which chooses it alone (and says why it cannot)."""
        picked, seen = [], set()
        for t, _body, content_disposition in works:
            # (a retry keeps the name written down; a transfer asked twice in one batch is named once)
            if t.item.path is None and t not in self._picked and t not in seen and not t.gone:
                seen.add(t)
                try:
                    picked.append((t, self.reserver.pick(Path(t.item.folder), choose_name(t.item.url, content_disposition))))
                except Exception:  # noqa: BLE001 - (unsafe name, a folder that fails): the stage says why
                    continue
        if not picked:
            return
        try:
            written = self.journal.claim_paths([(t.item, str(path)) for t, path in picked])
        except Exception:  # noqa: BLE001 - each file then writes its own name down (and fails alone)
            log.warning("could not write a batch of names to the journal", exc_info=True)
            written = [False] * len(picked)
        for (t, path), ok in zip(picked, written):
            with self._picked_lock:
                keep = ok and not t.gone  # (removed meanwhile: the name is given back)
                if keep:
                    self._picked[t] = path
            if not keep:
                self.reserver.release(path)

    def _small_seal(self, work: tuple, writer: PartWriter) -> Path:
        """On the commit thread: flush, check the SHA-256 and link into place (the folder is synced once
        for the whole batch, before any of it is reported done)."""
        try:
            return self._complete(writer, work[0].item, writer.part, sync_dir=False)
        finally:
            writer.close()

    async def _take(self, t: Transfer, n: int, info: ConnectionInfo | None = None) -> None:
        """Hold the reader back to this download's and the global speed limit (``info``: the connection,
        whose hooks hear "throttled" while it waits and "receiving" when it goes on)."""
        held = info is not None and any(b.short(n) for b in (t.bucket, self.bucket))
        if held:
            self._hook("throttled", t, info)
        if t.bucket.rate:
            await t.bucket.take(n)
        if self.bucket.rate:
            await self.bucket.take(n)
        if held:
            self._hook("receiving", t, info)

    def slow_watch(self, t: Transfer) -> SlowWatch:
        """The low-speed check for one connection (off when a speed limit asks for less)."""
        minimum = self.settings.low_speed_limit
        for rate in (t.bucket.rate, self.bucket.rate):
            if rate and rate < 4 * minimum:
                minimum = 0
        return SlowWatch(minimum, self.settings.low_speed_time)

    def too_slow(self, rate: float) -> Retryable:
        return Retryable(why.TOO_SLOW, rate=rate, seconds=self.settings.low_speed_time,
                         minimum=self.settings.low_speed_limit)

    async def _receive_stream(self, job, t: Transfer, resp, have: int, info: ConnectionInfo, total: int | None) -> dict:
        """One connection appending to the .part (no ranges, no validator, unknown size, or split 1)."""
        item = t.item
        part = Path(item.path + ".part")
        writer = PartWriter(part, have)
        disk = self._disk
        loop = asyncio.get_running_loop()
        last_save = time.monotonic()
        pending: asyncio.Future | None = None  # one write in flight while the next chunk arrives
        watch = self.slow_watch(t)
        read = resp.content.read
        ok = False
        try:
            with t.bucket.reader(), self.bucket.reader():
                while chunk := await read(min(t.bucket.read_size(CHUNK), self.bucket.read_size(CHUNK))):
                    if info.ttfb is None:
                        info.ttfb, info.state = time.monotonic() - info.opened, "receiving"
                        self._hook("first-byte", t, info)
                    if pending is not None:
                        await pending
                    pending = loop.run_in_executor(disk, writer.write, chunk)
                    n = len(chunk)
                    item.bytes_done += n
                    info.received += n
                    timeline.RECORDER.add_bytes(n)
                    info.pos += n
                    t.touch()
                    if job is not None:
                        job.report(item.bytes_done / total if total else None)
                    if (slow := watch.add(n)) is not None:
                        raise self.too_slow(slow)
                    if t.bucket.rate or self.bucket.rate:
                        await self._take(t, n, info)
                    now = time.monotonic()
                    if now - last_save > SAVE_EVERY:
                        self._save(item)
                        if total is not None:
                            self.space.progress(id(t), total - item.bytes_done)
                        last_save = now
            if pending is not None:
                await pending
                pending = None
            if total is not None and item.bytes_done != total:
                raise Retryable(QT_TRANSLATE_NOOP("Engine", "the connection closed after {done:,} of {total:,} bytes"), done=item.bytes_done, total=total)
            self._hook("finishing", t, info)
            final = await loop.run_in_executor(disk, self._complete, writer, item, part)  # one hop
            ok = True
        finally:
            if pending is not None:
                await asyncio.wait([pending])
            if writer.fd is not None:
                await loop.run_in_executor(disk, writer.close)
            if not ok:
                self._save(item)  # the byte count a resume will check against the .part
        return await self._result(item, final)

    async def _result(self, item: Item, final: Path) -> dict:
        result = {"path": str(final), "bytes": item.bytes_done, "sha256": item.sha256}
        if self.settings.decompress_gz and final.suffix == ".gz":
            result["decompressed"] = await asyncio.get_running_loop().run_in_executor(self._disk, self._gunzip, final)
        return result

    def _complete(self, writer: PartWriter, item: Item, part: Path, *, sync_dir: bool = True) -> Path:
        """On a disk thread: flush and close, check the SHA-256, link into place."""
        sha = writer.finish()
        self._verify(item, sha, part)
        return self._finalize(item, part, sync_dir=sync_dir)

    def _complete_segments(self, fetch, item: Item, sha: str) -> Path:
        """On a disk thread: a segmented .part is whole: flush, check the SHA-256, link into place."""
        fetch.file.datasync()
        fetch.file.close()
        self._verify(item, sha, fetch.file.part)
        return self._finalize(item, fetch.file.part)

    def _verify(self, item: Item, sha: str, part: Path) -> None:
        """On a disk thread: the file against the checksum its list gave (``sha`` is its SHA-256, computed as
        it was written; another kind, such as a list's MD5 column, is computed now from the ``.part``)."""
        if item.expected_sha256:
            algorithm, _, expected = item.expected_sha256.lower().rpartition(":")
            if algorithm:
                with open(part, "rb") as fh:
                    got = hashlib.file_digest(fh, algorithm).hexdigest()
            else:
                got = sha
            if got != expected:
                part.unlink(missing_ok=True)
                item.bytes_done = 0
                if not algorithm:  # (its own template: failed rows in older journals keep it, shown translated)
                    raise UserError(QT_TRANSLATE_NOOP("Engine", "SHA-256 mismatch: expected {expected}, got {got}; the file was discarded."), expected=expected, got=got)
                raise UserError(QT_TRANSLATE_NOOP("Engine", "{algorithm} mismatch: expected {expected}, got {got}; the file was discarded."),
                                algorithm=DIGESTS[algorithm], expected=expected, got=got)
        item.sha256 = sha

    def _finalize(self, item: Item, part: Path, *, sync_dir: bool = True) -> Path:
        """Link the .part to its final name without ever overwriting; pick a new name if it was taken."""
        final = Path(item.path)
        for _ in range(100):
            try:
                os.link(part, final)
                break
            except FileExistsError:
                if _same_file(part, final):  # a run killed between this link and the unlink below made it
                    break
                if _same_bytes(final, part, item.sha256):  # this download's own file, linked by a run killed
                    break  # before its row said so (or the very same bytes): no second copy beside it
                self.reserver.release(final)
                final = self.reserver.reserve(final.parent, item.name, claim_part=True, intent=self._intent(item))
                item.path, item.name = str(final), final.name
                new_part = Path(item.path + ".part")
                os.rename(part, new_part)  # over the empty .part that claimed the new name
                part = new_part
        part.unlink()
        self.reserver.release(final)
        if sync_dir:  # (else the caller syncs it, once for a batch)
            self.dir_sync.sync(final.parent)  # one fsync of the folder covers every link made before it began
        return final

    def _gunzip(self, path: Path) -> str:
        """Decompress a finished ``.gz`` next to it, at most ``gunzip_max_ratio`` times its size and
        ``gunzip_max_bytes`` in all (a bomb fails with a message; the ``.gz`` is always kept)."""
        import gzip
        import zlib

        cap = min(self.settings.gunzip_max_bytes, max(1 << 20, path.stat().st_size * self.settings.gunzip_max_ratio))
        target = self.reserver.reserve(path.parent, path.name[:-3] or "download")
        written = 0
        try:
            with gzip.open(path, "rb") as src, open(target, "xb") as dst:
                while block := src.read(1 << 20):
                    written += len(block)
                    if written > cap:
                        raise GzipBomb(cap)
                    dst.write(block)
        except GzipBomb as exc:
            Path(target).unlink(missing_ok=True)
            raise UserError(QT_TRANSLATE_NOOP("Engine", "{name} expands to more than {cap:,} bytes; it was not decompressed (the .gz was kept)."), name=path.name, cap=exc.cap) from None
        except (OSError, EOFError, zlib.error) as exc:
            Path(target).unlink(missing_ok=True)
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Could not decompress {name}: {error} (the .gz was kept)."), name=path.name, error=exc) from exc
        finally:
            self.reserver.release(target)
        return str(target)

    def _append_manifest(self, item: Item) -> None:
        manifest = Path(item.folder) / "SHA256SUMS"
        with open(manifest, "a", encoding="utf-8") as fh:
            fh.write(f"{item.sha256}  {item.name}\n")

    def _save_many(self, items: list[Item]) -> None:
        """:meth:`_save` for many rows at once: they go in one transaction."""
        if not items:
            return
        with self._unsaved_lock:
            first = not self._unsaved
            self._unsaved.update((item.id, item) for item in items)
        if first and not self._closed:
            self._journal_writer.submit(self._write_unsaved)

    def _save(self, item: Item) -> None:
        """Write ``item``'s row soon, in order, off the event loop (the row holds its latest values);
        saves asked for while the writer is busy go in one transaction."""
        with self._unsaved_lock:
            first = not self._unsaved
            self._unsaved[item.id] = item
        if first and not self._closed:
            self._journal_writer.submit(self._write_unsaved)

    def _write_unsaved(self) -> None:
        """On the journal thread: every row saved since the last write, in one transaction."""
        with self._unsaved_lock:
            batch = list(self._unsaved.values())
            self._unsaved.clear()
        if batch:
            self.journal.save_many(batch)

    def flush(self) -> None:
        """Wait until every journal write asked for so far is on disk (rows of removed transfers included,
        whose ``.part`` files are deleted first)."""
        for work in list(self._removing):
            work.result()
        self._journal_writer.submit(self._write_unsaved).result()

    def close(self) -> None:
        """Release the disk threads and flush the journal (after the runner has stopped every transfer)."""
        if self._closed:
            return
        self._closed = True
        self._waiting.clear()
        if self._watcher is not None and not self._watcher.done():
            self._watcher.cancel()
        self._group_commit.close()  # what was handed over is written, flushed and linked first
        self._disk.shutdown(wait=True)  # pending .part deletions of removed transfers still run
        self._journal_writer.submit(self._write_unsaved)
        self._journal_writer.shutdown(wait=True)

    def summary(self) -> dict:
        states: dict[str, int] = {}
        for t in self.transfers:
            states[t.item.state] = states.get(t.item.state, 0) + 1
        return {"items": len(self.transfers), "states": states,
                "bytes": sum(t.item.bytes_done for t in self.transfers if t.item.state == "done"),
                "deadline_hit": self.deadline_hit}


def _position_key(t: Transfer) -> float:
    position = t.item.position
    return math.inf if position is None else position


def _by_position(transfers: list[Transfer]) -> list[Transfer]:
    """``transfers`` in the order of their rows' positions (those without one last; ties keep their
    order): the list itself when it is in that order already (a batch of new rows)."""
    keys = list(map(_position_key, transfers))
    if all(a <= b for a, b in zip(keys, keys[1:])):
        return transfers
    return sorted(transfers, key=_position_key)


def _in_order(positions: list[float], lo: float | None, hi: float | None) -> bool:
    """Whether ``positions`` rise strictly, above ``lo`` and below ``hi`` (None: no bound), and stay
    within the positions a Tributary writes."""
    bounded = ([] if lo is None else [lo]) + positions + ([] if hi is None else [hi])
    return all(a < b for a, b in zip(bounded, bounded[1:])) and all(abs(p) < MAX_POSITION for p in positions)


def _between(lo: float | None, hi: float | None, k: int, current: list[float | None]) -> list[float] | None:
    """``k`` positions rising strictly between ``lo`` and ``hi`` (None: no bound): evenly spread between
    two neighbours, one apart after the last or before the first; None when floats leave no room."""
    if lo is None and hi is None:  # the whole list: one apart from where its first row was (or from 1)
        known = [p for p in current if p is not None]
        wanted = [float(math.floor(min(known)) + m) for m in range(k)] if known else []
        return wanted if wanted and _in_order(wanted, lo, hi) else [float(1 + m) for m in range(k)]
    if lo is None:
        wanted = [hi - (k - m) for m in range(k)]
    elif hi is None:
        wanted = [lo + 1 + m for m in range(k)]
    elif lo < hi:
        step = (hi - lo) / (k + 1)
        wanted = [lo + step * (m + 1) for m in range(k)]
    else:
        return None
    return wanted if _in_order(wanted, lo, hi) else None


def _settle_into(result: asyncio.Future, work, settle, closed) -> None:
    """On the loop, when ``work`` (the journal thread's part, a future of either kind) is done: ``settle``
    its result (unless the engine closed meanwhile) and complete ``result`` with what that gives, or with
    the error."""
    if work.cancelled():
        result.cancel()
        return
    try:
        value = work.result()
        value = [] if closed() else settle(value)
    except Exception as exc:  # handed to whoever waits for the future
        if not result.done():
            result.set_exception(exc)
        return
    if not result.done():
        result.set_result(value)


def _leave_queue(t: Transfer) -> bool:
    """Take a stopped transfer out of the queue (for a filter: always False)."""
    t.in_queue = False
    return False


def _discard(part: Path) -> None:
    """Delete a ``.part`` to start over — never one another process is writing (same name, other URL)."""
    if part_busy(part):
        raise PartBusy(part)
    part.unlink(missing_ok=True)


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (hard links of one inode), never following a symlink."""
    try:
        sa, sb = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _resolve(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


def _same_bytes(final: Path, part: Path, sha256: str | None) -> bool:
    """Whether ``final`` is a regular file (not a link) holding exactly the bytes of ``part``, whose
    SHA-256 is ``sha256``: read only when the sizes agree."""
    if not sha256:
        return False
    try:
        st = os.lstat(final)
        if not os.path.isfile(final) or os.path.islink(final) or st.st_size != os.lstat(part).st_size:
            return False
        digest = hashlib.sha256()
        with open(final, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
    except OSError:
        return False
    return digest.hexdigest() == sha256


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning(Message(QT_TRANSLATE_NOOP("Engine", "Could not delete {path}: {error}"), path=str(path),
                                error=describe_error(exc)))


class PartWriter:
    """The disk side of one transfer, run on the engine's disk threads (never on the event loop):
    open the ``.part`` safely, append and hash, flush, report the SHA-256."""

    def __init__(self, part: Path, have: int) -> None:
        self.part = part
        self.have = have
        self.digest = hashlib.sha256()
        self.fd: int | None = None
        self.writeback = Writeback()  # a large file's pages start for the disk as it downloads
        self.synced = False  # flushed already (the group commit's flush): finish() has no fsync to make

    def open(self) -> None:
        """Open and lock the ``.part`` (:func:`~.disk.open_part`): appended to when resuming (the bytes
        already there count towards the checksum), else created or emptied."""
        self.fd = open_part(self.part, os.O_RDWR | (os.O_APPEND if self.have else 0), from_zero=not self.have)
        if self.have:
            offset = 0
            while block := os.pread(self.fd, 1 << 20, offset):
                self.digest.update(block)
                offset += len(block)

    def adopt(self, fd: int) -> None:
        """Write through ``fd``, the descriptor that just created this (empty) ``.part`` with ``O_EXCL``:
        locked as :meth:`open` would lock it, with none of its checks to repeat (nothing else can be there)."""
        self.fd = fd
        lock_part(fd, self.part)

    def write(self, chunk: bytes) -> None:
        if self.fd is None:
            self.open()
        view = memoryview(chunk)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}; the partial file was kept."), path=self.part, reason=exc.strerror) from exc
        self.digest.update(chunk)
        self.writeback.wrote(self.fd, len(chunk))

    def finish(self) -> str:
        if self.fd is None:  # an empty body
            self.open()
        if not self.synced:
            os.fsync(self.fd)
        self.close()
        return self.digest.hexdigest()

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def discard(self) -> None:
        """Close and remove the ``.part``: its bytes cannot be trusted (a failed flush)."""
        self.close()
        self.part.unlink(missing_ok=True)

