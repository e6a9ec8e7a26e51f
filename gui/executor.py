"""A ``concurrent.futures.Executor`` backed by a private ``QThreadPool``.

The engine only knows executors; this one runs their callables on Qt's pool so CPU work that releases
the GIL (numpy) runs beside the GUI thread, and shutdown can wait with a timeout.
"""

from __future__ import annotations

import concurrent.futures as cf
import threading

from PySide6.QtCore import QThreadPool


class QThreadPoolExecutor(cf.Executor):
    def __init__(self, max_threads: int) -> None:
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
