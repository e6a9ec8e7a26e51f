"""The disk side of downloads that is not one appending stream: free-space accounting across transfers
in flight, the ``.part`` of a segmented transfer (positioned writes from several connections), a
SHA-256 that reads the written prefix back as it grows (so little is left to hash at the end), and the
one way a ``.part`` is opened for writing (:func:`open_part`).

A ``.part`` being written is locked (``flock``, exclusive) by the open file that writes it, for as long
as it is open: the window and every command-line run share folders, and a second writer — another
process whose download got the same name — is refused (:class:`PartBusy`) instead of deleting or
rewriting a file someone is filling. A file starting over is emptied under the lock, never deleted and
created again (which would let another process's file take its place in between).

Everything here runs on the engine's disk threads (never on the event loop) and is thread-safe where
several threads share it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locks, the name claims still hold
    fcntl = None

from ..jobs import QT_TRANSLATE_NOOP, UserError

READ_BLOCK = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class PartBusy(UserError):
    """Another open file (another Tributary process, as a rule) is writing this ``.part``."""

    def __init__(self, part) -> None:
        super().__init__(QT_TRANSLATE_NOOP("Engine", "Another Tributary process is writing {path}; this download was not written over it."),
                         path=str(part))


def open_part(part: Path, access: int, *, from_zero: bool) -> int:
    """Open ``part`` for writing (``access``: ``os.O_WRONLY`` or ``os.O_RDWR``, with ``os.O_APPEND`` if
    wanted), locked for as long as the descriptor is open. ``from_zero``: create it if missing and empty
    it; otherwise it must exist (a resume). Never follows a symlink; refuses anything but a regular file;
    raises :class:`PartBusy` if another open file holds the lock."""
    if os.path.lexists(part) and (os.path.islink(part) or not os.path.isfile(part)):
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Refusing to write: {path} is not a regular file."), path=part)
    flags = access | _NOFOLLOW | os.O_NONBLOCK | (os.O_CREAT if from_zero else 0)  # NONBLOCK: a FIFO never hangs
    try:
        fd = os.open(part, flags, 0o644)
    except OSError as exc:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}."), path=part,
                        reason=exc.strerror) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Refusing to write: {path} is not a regular file."), path=part)
        os.set_blocking(fd, True)
        lock_part(fd, part)
        if from_zero:
            os.ftruncate(fd, 0)  # our own earlier attempt, or the empty file that claimed the name
    except BaseException:
        os.close(fd)
        raise
    return fd


def lock_part(fd: int, part: Path) -> None:
    """Take ``part``'s writer lock on ``fd`` (:class:`PartBusy` if another open file holds it)."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PartBusy(part) from None


def part_busy(part: Path) -> bool:
    """Whether an open file holds ``part``'s lock now (someone is writing it)."""
    if fcntl is None:  # pragma: no cover - not POSIX
        return False
    try:
        fd = os.open(part, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # and the lock with it
    return False


class SpaceBook:
    """Bytes still to come for transfers in flight, per file system, so that two downloads in parallel
    never both count on the same free space."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[object, tuple[int, int]] = {}  # key → (st_dev, bytes still to come)

    def check(self, key: object, folder: Path, needed: int, statvfs=os.statvfs) -> None:
        """Book ``needed`` bytes for ``key`` in ``folder`` or raise :class:`UserError` when the free space,
        less what other transfers on that file system still expect, is too small."""
        try:
            dev = os.stat(folder).st_dev
            st = statvfs(folder)
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot use the folder {folder}: {reason}."),
                            folder=folder, reason=exc.strerror) from exc
        free = st.f_bavail * st.f_frsize
        with self._lock:
            others = sum(n for k, (d, n) in self._pending.items() if d == dev and k != key)
            if needed > free - others:
                raise UserError(QT_TRANSLATE_NOOP(
                    "Engine", "Not enough free space in {folder}: {needed:,} bytes needed, {free:,} free "
                              "({others:,} of them promised to downloads under way)."),
                    folder=folder, needed=needed, free=free, others=others)
            self._pending[key] = (dev, max(0, needed))

    def progress(self, key: object, still_to_come: int) -> None:
        with self._lock:
            if key in self._pending:
                self._pending[key] = (self._pending[key][0], max(0, still_to_come))

    def release(self, key: object) -> None:
        with self._lock:
            self._pending.pop(key, None)

    def promised(self) -> int:
        with self._lock:
            return sum(n for _, n in self._pending.values())


class DirSync:
    """Group commit of directory entries: a thread that needs ``folder`` synced after its link waits for
    one ``fsync`` that began after it asked; the threads that asked meanwhile share the next one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._asked: dict[Path, int] = {}
        self._done: dict[Path, int] = {}
        self._busy: set[Path] = set()
        self.syncs = 0

    def sync(self, folder: Path) -> None:
        with self._cond:
            ticket = self._asked[folder] = self._asked.get(folder, 0) + 1
            while self._done.get(folder, 0) < ticket:
                if folder in self._busy:
                    self._cond.wait()
                    continue
                self._busy.add(folder)
                covered = self._asked[folder]
                self._cond.release()
                try:
                    _fsync_dir(folder)
                finally:
                    self._cond.acquire()
                    self._busy.discard(folder)
                    self.syncs += 1
                self._done[folder] = max(self._done.get(folder, 0), covered)
                self._cond.notify_all()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class SegmentFile:
    """The ``.part`` of a segmented transfer: opened without following links, written with ``pwrite``."""

    def __init__(self, part: Path) -> None:
        self.part = part
        self.fd: int | None = None
        self.writeback = Writeback()

    def open(self, *, new: bool) -> None:
        """Open (``new``: create or empty) and lock the ``.part``; see :func:`open_part`."""
        self.fd = open_part(self.part, os.O_RDWR, from_zero=new or not os.path.lexists(self.part))

    def pwrite(self, data: bytes, offset: int) -> None:
        view = memoryview(data)
        try:
            while view:
                n = os.pwrite(self.fd, view, offset)
                view, offset = view[n:], offset + n
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}; the partial file was kept."),
                            path=self.part, reason=exc.strerror) from exc
        self.writeback.wrote(self.fd, len(data))

    def datasync(self) -> None:
        if self.fd is not None:
            os.fdatasync(self.fd)

    def size(self) -> int:
        return os.fstat(self.fd).st_size

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class CatchUpHash:
    """SHA-256 of a file's prefix, read back (from the page cache) as far as it is written."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.upto = 0
        self._lock = threading.Lock()

    def advance(self, fd: int, limit: int) -> None:
        with self._lock:
            while self.upto < limit:
                block = os.pread(fd, min(READ_BLOCK, limit - self.upto), self.upto)
                if not block:
                    raise OSError(f"the file ends at {self.upto:,} bytes, before {limit:,}")
                self.digest.update(block)
                self.upto += len(block)

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def _libc_sync_file_range():
    """``sync_file_range(2)`` through ctypes where the C library has it (Linux), else ``None``."""
    try:
        import ctypes

        # the symbols already loaded (the C library's among them): no ctypes.util.find_library, which runs
        # ldconfig in a child process (~20 ms of every command line run's start)
        fn = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return None
    fn.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
    fn.restype = ctypes.c_int
    return fn


_SYNC_FILE_RANGE = _libc_sync_file_range()
SYNC_FILE_RANGE_WRITE = 2


def start_writeback(fd: int) -> None:
    """Ask the kernel to start writing ``fd``'s dirty pages now, without waiting (a hint: the ``fsync``
    that follows is what promises durability). Started for a whole batch before the first ``fsync``, the
    batch's blocks are allocated and written together and one journal commit covers them all, instead of
    one commit per file."""
    if _SYNC_FILE_RANGE is not None:
        _SYNC_FILE_RANGE(fd, 0, 0, SYNC_FILE_RANGE_WRITE)


WRITEBACK_EVERY = 16 << 20


class Writeback:
    """A large file's pages go to disk while it downloads, not all at its end: after every
    :data:`WRITEBACK_EVERY` bytes written, :func:`start_writeback`. The final ``fsync`` (the durability
    promise) then finds little left to write, instead of the whole file's dirty pages at once (256 MiB
    waited ~0.2–0.5 s here after the last byte had arrived). Approximate under several writers: a hint
    more or less is harmless."""

    def __init__(self) -> None:
        self._pending = 0
        self.hints = 0

    def wrote(self, fd: int | None, n: int) -> None:
        self._pending += n
        if self._pending >= WRITEBACK_EVERY and fd is not None:
            self._pending = 0
            self.hints += 1
            start_writeback(fd)


class GroupCommit:
    """Small files committed in batches by one thread.

    Each small body used to take its own disk-thread hop — create, write, fsync, link, a folder fsync —
    with eight disk threads passing the GIL back and forth (~150 futex calls per file for 1,000 × 16 KiB).
    Here the loop hands a body over (:meth:`submit`, a future); one thread takes everything waiting, writes
    every file of the batch, starts their writeback, fsyncs each (the first commit covers the rest), links
    each into place, syncs each folder once, and hands all the outcomes back to the loop in one call.
    The promise is the same as one file at a time: a file is linked only after its data is on disk, and
    reported done only after its folder entry is.

    A batch's files are flushed side by side (:meth:`_flush`, up to ``FLUSHERS`` at once): one after the
    other, each flush waited for the disk on its own (1,000 × 16 KiB here: 180-205 ms of fsync; eight at
    a time 107 ms, measured in plain Python). A file whose flush fails is reported failed, never sealed:
    a second fsync on the same descriptor would report success for the data the first one lost — and its
    ``.part`` is removed (``discard()``), so that a later run cannot take those bytes for finished ones.

    ``stage(work) -> staged`` (create and write, on this thread), ``seal(work, staged) -> result`` (fsync,
    verify, link, without the folder sync), ``folder(work) -> Path`` and ``prepare(works)`` (called with
    each batch before it is staged: the names it will take are written down at once) are the engine's.
    """

    MAX_BATCH = 64
    FLUSHERS = 8  # fsyncs in flight at once (threads that wait on the disk, not on the GIL)

    def __init__(self, stage, seal, folder, dir_sync: DirSync, *, prepare=None) -> None:
        import queue

        self._stage, self._seal, self._folder, self._dir_sync = stage, seal, folder, dir_sync
        self._prepare = prepare
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._flushers = None  # a ThreadPoolExecutor, made with the first batch of more than one file
        self.batches = 0

    def submit(self, work):
        """Commit ``work`` (the engine's description of one body); a future of the event loop that calls."""
        import asyncio

        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._lock:
            if self._thread is None:
                # a daemon: close() (the engine's) joins it; a process that exits without closing must
                # not wait for ever on its queue (at worst a .part is left, resumable, never a half file)
                self._thread = threading.Thread(target=self._run, name="tributary-commit", daemon=True)
                self._thread.start()
        self._queue.put((loop, future, work))
        return future

    def close(self) -> None:
        """Finish what was handed over, then end the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()
        flushers, self._flushers = self._flushers, None
        if flushers is not None:
            flushers.shutdown(wait=True)

    def _run(self) -> None:
        import queue

        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self.MAX_BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list) -> None:
        outcomes: list = []  # (loop, future, result, error)
        staged = []
        batch = [entry for entry in batch if not entry[1].cancelled()]  # (cancelled while it waited: nothing to write)
        if self._prepare is not None and batch:
            try:
                self._prepare([work for _loop, _future, work in batch])
            except Exception:  # noqa: BLE001 - this thread must live on: each file is then staged alone
                logging.getLogger("tributary.downloads").warning("preparing a batch failed", exc_info=True)
        for loop, future, work in batch:
            try:
                staged.append((loop, future, work, self._stage(work)))
            except BaseException as exc:
                outcomes.append((loop, future, None, exc))
        for _loop, _future, _work, part in staged:
            try:
                start_writeback(part.fd)
            except (OSError, AttributeError, TypeError):
                pass
        sealed = []
        for (loop, future, work, part), error in zip(staged, self._flush([part for *_, part in staged])):
            if error is not None:  # its data may not be on disk: failed, nothing linked, the .part removed
                part.discard()  # (a later fsync of that file would report success for what this one lost)
                outcomes.append((loop, future, None, error))
                continue
            try:
                sealed.append((loop, future, work, self._seal(work, part)))
            except BaseException as exc:
                outcomes.append((loop, future, None, exc))
        folders = {self._folder(work) for _loop, _future, work, _result in sealed}
        for folder in folders:
            self._dir_sync.sync(folder)
        outcomes += [(loop, future, result, None) for loop, future, _work, result in sealed]
        self.batches += 1
        by_loop: dict = {}
        for outcome in outcomes:
            by_loop.setdefault(outcome[0], []).append(outcome[1:])
        for loop, settled in by_loop.items():
            try:
                loop.call_soon_threadsafe(_settle, settled)
            except RuntimeError:  # that loop has closed: nobody waits for these
                pass


    def _flush(self, parts: list) -> list:
        """fsync each staged part (a batch's side by side); mark it ``synced``; its error or None, in order."""
        errors = None
        if len(parts) > 1:
            try:
                if self._flushers is None:
                    from concurrent.futures import ThreadPoolExecutor

                    self._flushers = ThreadPoolExecutor(self.FLUSHERS, thread_name_prefix="tributary-flush")
                errors = list(self._flushers.map(_fsync, parts))
            except RuntimeError:  # no thread to be had (or the interpreter is ending): one after the other
                errors = None
        if errors is None:
            errors = [_fsync(part) for part in parts]
        for part, error in zip(parts, errors):
            part.synced = error is None and part.fd is not None
        return errors


def _fsync(part) -> OSError | None:
    if part.fd is None:  # (an empty body: nothing written, nothing to flush)
        return None
    try:
        os.fsync(part.fd)
    except OSError as exc:
        return exc
    return None


def _settle(settled: list) -> None:
    for future, result, error in settled:
        if future.done():
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
