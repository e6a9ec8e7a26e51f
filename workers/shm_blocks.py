"""The shared-memory blocks Tributary names in ``/dev/shm``, and the sweep of those a crashed process left.

Apart from :mod:`.arrays` (which makes the blocks) so that every command line run can sweep at start-up
without loading NumPy's side of the engine, the process pool or the prime kernels.
"""

from __future__ import annotations

import os

PREFIX = "tributary_"
SHM_DIR = "/dev/shm"


def leaked_blocks() -> list[str]:
    """Our blocks currently in /dev/shm (any owner)."""
    try:
        return sorted(n for n in os.listdir(SHM_DIR) if n.startswith(PREFIX))
    except FileNotFoundError:  # pragma: no cover - not Linux
        return []


def block_owner(name: str) -> int | None:
    """The pid of the process that made the block ``name`` (``tributary_<pid>_<n>``), or None."""
    try:
        return int(name[len(PREFIX):].split("_")[0])
    except ValueError:
        return None


def remove_stale_blocks() -> list[str]:
    """Unlink blocks whose owner process no longer exists (left by a crash). Returns their names."""
    removed = []
    for name in leaked_blocks():
        pid = block_owner(name)
        if pid is None or _alive(pid):
            continue
        try:
            os.unlink(os.path.join(SHM_DIR, name))
            removed.append(name)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
