"""The process pool: spawn context, per-job cancel flags, low priority, terminate-and-rebuild.

Running ``ProcessPoolExecutor`` futures cannot be cancelled on Python 3.11, so every job that runs on
the pool gets a *slot*: one byte in a shared array handed to each worker through the pool initializer.
Kernels call :func:`should_stop` once per unit of work (a sieve segment, a block of rows) and return
early when their slot is set. If a worker does not come back within the grace period the pool is
terminated and rebuilt lazily on the next submit.

The parent process sees the same array, so a kernel run on a thread of the parent (the thread
executor) honours the same flag. Where there is no such array (a Dask worker), the code that runs the
kernel installs its own check for the current thread with :func:`stop_check`.

Workers die with their parent, however it ends (``kill -9`` included), so none is left running under
PID 1: on Linux the initializer asks the kernel for a signal when the parent dies (``PR_SET_PDEATHSIG``)
and checks the parent once more right after (it may have died before the request); elsewhere a daemon
thread watches the parent pid. The kernel also sends that signal when the *thread* that started the
worker ends, so the handler exits only if the parent process is really gone.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time

from .jobs import QT_TRANSLATE_NOOP, Message

log = logging.getLogger("tributary.pool")

SLOTS = 1024
PARENT_DEATH_SIGNAL = signal.SIGUSR2  # not SIGTERM: terminate() must still stop a worker at once
WATCH_PARENT_EVERY = 1.0  # seconds, where the kernel cannot tell us
_flags = None  # the shared cancel bytes; set in the parent by ProcessPool, in workers by the initializer
_parent: int | None = None  # the pid of the process that started this worker
_group = False  # on the parent's death, end this process's whole process group (a process that leads one)
_local = threading.local()  # .check: an extra stop test for kernels run on this thread (Dask tasks)


def _init_worker(flags, nice: int, parent: int | None = None) -> None:
    """Pool initializer: remember the cancel flags, die with the parent, lower our priority, leave
    Ctrl-C to the parent."""
    global _flags
    _flags = flags
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        die_with_parent(parent)
    if nice:
        try:
            os.nice(nice)
        except OSError:  # pragma: no cover - not allowed on some systems
            pass


def die_with_parent(parent: int, *, group: bool = False) -> None:
    """End this process when ``parent`` ends (see the module docstring); ``group``: end its process group
    with it (a process that leads a group of its own, its children in it: none outlives the parent)."""
    global _parent, _group
    _parent, _group = parent, group
    if sys.platform.startswith("linux") and _request_parent_death_signal():
        if os.getppid() != parent:  # it died before the request took effect
            _die()
        return
    threading.Thread(target=_watch_parent, name="tributary-parent-watch", daemon=True).start()


def _request_parent_death_signal() -> bool:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        signal.signal(PARENT_DEATH_SIGNAL, _on_parent_death_signal)
        return libc.prctl(1, int(PARENT_DEATH_SIGNAL), 0, 0, 0) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError, ValueError):  # pragma: no cover - no prctl here
        return False


def _on_parent_death_signal(signum, frame) -> None:
    if os.getppid() != _parent:  # the parent process is gone (not just the thread that started us)
        _die()


def _watch_parent() -> None:  # pragma: no cover - used where there is no PR_SET_PDEATHSIG
    while os.getppid() == _parent:
        time.sleep(WATCH_PARENT_EVERY)
    _die()


def _die() -> None:
    if _group:
        kill_own_group()
    os._exit(1)


def kill_own_group() -> None:
    """SIGKILL this process's process group (this process included) if it leads one; never a group it only
    belongs to (its parent's, a shell's)."""
    if os.getpgid(0) == os.getpid():
        with contextlib.suppress(OSError):
            os.killpg(os.getpid(), signal.SIGKILL)


def should_stop(slot: int) -> bool:
    """True when the job owning ``slot`` was asked to stop. ``slot < 0`` means 'never'."""
    if slot < 0:
        return False
    if _flags is not None and _flags[slot] != 0:
        return True
    check = getattr(_local, "check", None)
    return check is not None and check()


@contextlib.contextmanager
def stop_check(check):
    """Make :func:`should_stop` also ask ``check()`` on this thread while the block runs."""
    previous = getattr(_local, "check", None)
    _local.check = check
    try:
        yield
    finally:
        _local.check = previous


def _ping() -> int:
    return os.getpid()


class ProcessPool:
    """A lazily started spawn-context process pool shared by all jobs of the app or the CLI."""

    def __init__(self, workers: int | None = None, *, nice: int = 10) -> None:
        global _flags
        self._ctx = mp.get_context("spawn")
        self._flags = self._ctx.RawArray("b", SLOTS)
        _flags = self._flags
        self.workers = workers or os.cpu_count() or 1
        self.nice = nice
        self._executor: cf.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._free = list(range(SLOTS - 1, -1, -1))
        self.restarts = 0

    # -- slots ---------------------------------------------------------------------------------
    def acquire_slot(self) -> int:
        with self._lock:
            slot = self._free.pop()
        self._flags[slot] = 0
        return slot

    def release_slot(self, slot: int) -> None:
        self._flags[slot] = 0
        with self._lock:
            self._free.append(slot)

    def stop_slot(self, slot: int) -> None:
        self._flags[slot] = 1

    # -- executor ------------------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._executor is not None

    def executor(self) -> cf.ProcessPoolExecutor:
        if self._executor is not None and getattr(self._executor, "_broken", False):
            self.terminate(Message(QT_TRANSLATE_NOOP("Engine", "a worker died")))  # a broken pool: start afresh
        with self._lock:
            if self._executor is None:
                self._executor = cf.ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=self._ctx,
                    initializer=_init_worker,
                    initargs=(self._flags, self.nice, os.getpid()),
                )
            return self._executor

    def submit(self, fn, *args) -> cf.Future:
        return self.executor().submit(fn, *args)

    def warm(self, timeout: float = 30.0) -> float:
        """Start every worker now (spawn costs ~0.3 s); returns the seconds it took."""
        t0 = time.perf_counter()
        ex = self.executor()
        futures = [ex.submit(_ping) for _ in range(self.workers)]
        cf.wait(futures, timeout=timeout)
        return time.perf_counter() - t0

    def child_pids(self) -> list[int]:
        ex = self._executor
        if ex is None or not getattr(ex, "_processes", None):
            return []
        return [p.pid for p in list(ex._processes.values()) if p.pid is not None]

    def terminate(self, reason: Message | None = None) -> None:
        """Kill the workers now; the pool is rebuilt on the next submit. ``reason`` says why (for the log)."""
        with self._lock:
            ex, self._executor = self._executor, None
        if ex is None:
            return
        self.restarts += 1
        if reason:
            log.warning(Message(QT_TRANSLATE_NOOP("Engine", "terminating the process pool ({reason}); it restarts "
                                                            "with the next job"), reason=reason))
        else:
            log.warning(Message(QT_TRANSLATE_NOOP("Engine", "terminating the process pool; it restarts with the "
                                                            "next job")))
        procs = list((getattr(ex, "_processes", None) or {}).values())
        for p in procs:
            if p.is_alive():
                p.terminate()
        ex.shutdown(wait=False, cancel_futures=True)
        _join(procs, 1.0)
        for p in procs:
            if p.is_alive():
                p.kill()
        _join(procs, 1.0)
        _join_manager(ex, 1.0)

    def shutdown(self, grace: float = 0.25) -> None:
        """Stop everything: set every cancel flag, drop queued calls, terminate stragglers."""
        with self._lock:
            ex, self._executor = self._executor, None
        if ex is None:
            return
        for i in range(SLOTS):
            self._flags[i] = 1
        procs = list((getattr(ex, "_processes", None) or {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        _join(procs, grace)
        for p in procs:
            if p.is_alive():
                p.terminate()
        _join(procs, 1.0)
        for p in procs:
            if p.is_alive():
                p.kill()
        _join(procs, 1.0)
        _join_manager(ex, 1.0)
        for i in range(SLOTS):
            self._flags[i] = 0


def _join(procs, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))


def _join_manager(ex: cf.ProcessPoolExecutor, timeout: float) -> None:
    thread = getattr(ex, "_executor_manager_thread", None)
    if thread is not None and thread.is_alive():
        wakeup = getattr(ex, "_executor_manager_thread_wakeup", None)
        if wakeup is not None:
            try:
                wakeup.wakeup()
            except (OSError, ValueError):
                pass
        thread.join(timeout)
