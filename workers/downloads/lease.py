"""Who owns a journal row: a lease names one live journal of one live process.

The window and every command-line run share one journal. A row belongs to the process that added or
adopted it, for as long as that process lives: nobody else resumes, rewrites or reports it. A lease is
the text ``pid:start:tag`` — the process id, the time the process started (so a recycled pid is never
taken for the owner) and a random tag for the :class:`~.journal.Journal` object inside that process
(two journals of one process, as in tests, own their rows separately). A row whose lease names a dead
process, or a journal that was closed, is free to adopt.
"""

from __future__ import annotations

import os
import secrets
import threading

from ..procs import start_ticks

_live_tags: set[str] = set()  # tags of this process's open journals
_lock = threading.Lock()


def _start_of(pid: int) -> int | None:
    """The process's start time; 0 where /proc does not exist (then a pid that exists counts as alive)."""
    if os.path.isdir("/proc/self"):
        return start_ticks(pid)
    try:  # pragma: no cover - not Linux
        os.kill(pid, 0)
    except ProcessLookupError:  # pragma: no cover
        return None
    except PermissionError:  # pragma: no cover
        pass
    return 0  # pragma: no cover


def new_lease() -> str:
    """A lease for a journal opened now by this process (valid until :func:`end_lease`)."""
    tag = secrets.token_hex(6)
    with _lock:
        _live_tags.add(tag)
    return f"{os.getpid()}:{_start_of(os.getpid())}:{tag}"


def end_lease(lease: str) -> None:
    with _lock:
        _live_tags.discard(lease.rsplit(":", 1)[-1])


def owner_pid(lease: str | None) -> int | None:
    """The process a lease names (whether or not it still runs)."""
    try:
        return int(lease.split(":", 1)[0]) if lease else None
    except ValueError:
        return None


def holder_alive(lease: str | None) -> bool:
    """True while the journal that took ``lease`` is open in a running process."""
    if not lease:
        return False
    try:
        pid_text, start_text, tag = lease.split(":")
        pid, start = int(pid_text), int(start_text)
    except ValueError:
        return False  # not a lease we wrote: nobody holds the row
    if pid == os.getpid():
        with _lock:
            return tag in _live_tags and start == _start_of(pid)
    return _start_of(pid) == start
