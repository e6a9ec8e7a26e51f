"""A ``concurrent.futures.Executor`` backed by a private ``QThreadPool``.

The engine only knows executors; this one runs their callables on Qt's pool so CPU work that releases
the GIL (numpy) runs beside the GUI thread, and shutdown can wait with a timeout.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import threading

from PySide6.QtCore import QThreadPool

_niced = threading.local()


def _lower_this_thread(nice: int) -> None:
    """Linux lets a thread lower its own priority (by thread id): the GUI thread then wins the CPU."""
    if getattr(_niced, "done", False):
        return
    _niced.done = True
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    except (AttributeError, OSError):  # pragma: no cover - not Linux, or not allowed
        pass


class QThreadPoolExecutor(cf.Executor):
    """Runs callables on a private QThreadPool whose threads run at a lower priority than the GUI."""

    def __init__(self, max_threads: int, *, nice: int = 10) -> None:
        self.nice = nice
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(max(1, max_threads))
        self._pending: set[cf.Future] = set()
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, fn, /, *args, **kwargs) -> cf.Future:
        if self._closed:
            raise RuntimeError("cannot submit after shutdown")
        future: cf.Future = cf.Future()
        with self._lock:
            self._pending.add(future)

        def run() -> None:
            with self._lock:
                self._pending.discard(future)
            if not future.set_running_or_notify_cancel():
                return
            _lower_this_thread(self.nice)
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # delivered to the awaiting side
                future.set_exception(exc)
            else:
                future.set_result(result)

        self.pool.start(run)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False, timeout_ms: int = 1000) -> bool:
        """Stop taking work; drop queued calls if asked; wait up to ``timeout_ms``. True if idle."""
        self._closed = True
        if cancel_futures:
            self.pool.clear()
            with self._lock:
                pending, self._pending = self._pending, set()
            for future in pending:
                future.cancel()
        return self.pool.waitForDone(timeout_ms) if wait else self.pool.activeThreadCount() == 0
