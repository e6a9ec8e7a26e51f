"""A Dask cluster as a third place to run chunks: one we start on loopback, or a scheduler at an address.

The client is a synchronous ``distributed.Client``: its IO loop runs on its own thread, and every call
that waits on the network (connect, cancel, set or clear a stop flag, close) runs on this module's own
thread (``tributary-dask``), never on the caller's. Chunks go through ``client.get_executor()`` (one
executor per phase of a job), so the runner gets ``concurrent.futures`` futures it wraps into asyncio.

Cancel is cooperative, as Dask cannot interrupt a running task: each job has a ``distributed.Event``
named for it; :func:`cluster_task` (what the workers run) polls it at most every :data:`POLL_SECONDS`
through :func:`~tributary.workers.pool.should_stop`, which kernels already call between segments.
Queued chunks are cancelled with ``executor.shutdown(wait=False)``.

A worker lost mid-chunk is Dask's to handle: the scheduler runs the chunk again elsewhere (chunks are
pure), or gives up after ``allowed-failures`` with ``KilledWorker`` — which reaches the job as one
clear failure, never as a wrong count.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import gc
import logging
import os
import re
import sys
import threading
import time
import uuid

from .jobs import QT_TRANSLATE_NOOP, Message, UserError

log = logging.getLogger("tributary.cluster")

POLL_SECONDS = 0.02  # a running chunk asks the scheduler about its stop flag at most this often
FLAG_LIFETIME = 60.0  # a raised stop flag stays on the scheduler this long (every chunk has seen it by then)
CONNECT_TIMEOUT = 3.0
_LOCAL = re.compile(r"^local(?::(\d+))?$")


def parse_cluster(text: str) -> int | None:
    """``local`` or ``local:N`` → N (``None`` for as many as cores); anything else is a UserError."""
    m = _LOCAL.match((text or "").strip())
    if not m:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Write the local cluster as local or local:N (N workers), not {text!r}."),
                        field="cluster", text=text)
    n = int(m.group(1)) if m.group(1) else None
    if n is not None and not 1 <= n <= 256:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "A local cluster has between 1 and 256 workers."), field="cluster")
    return n


def check_address(address: str) -> str:
    """A scheduler address as Dask writes it (``tcp://HOST:PORT``); ``HOST:PORT`` gains ``tcp://``."""
    text = (address or "").strip()
    if "://" not in text:
        text = "tcp://" + text
    if not re.match(r"^(tcp|tls|ws|wss|inproc)://[^\s/]+:\d{1,5}$", text):
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The scheduler address {address!r} is not like tcp://HOST:8786."),
                        field="scheduler", address=address)
    return text


# -- what the workers run --------------------------------------------------------------------------
_niced = False


def cluster_task(stop: str, nice: int, fn, slot: int, *args):
    """Run ``fn(slot, *args)`` on a Dask worker, with ``should_stop`` watching the job's stop flag."""
    global _niced
    from .pool import stop_check

    if nice and not _niced and hasattr(os, "nice"):  # our own local workers yield to the window, like the pool
        _niced = True
        try:
            os.nice(nice)
        except OSError:  # pragma: no cover
            pass
    with stop_check(_EventCheck(stop)):
        return fn(slot, *args)



def _import_distributed() -> None:
    """Import Dask's distributed (once per process, on the cluster's thread) without a full garbage
    collection in the middle: its ~100,000 new module objects would set one off, and a full collection
    of a grown heap holds the GIL for 50–150 ms — the window misses its beat whichever thread pays it.
    The collector is paused for the import and what it loaded (long-lived: modules, classes) is moved to
    the permanent generation, where later collections do not scan it (as the app does after start-up)."""
    import sys

    if "distributed" in sys.modules:
        return
    was = gc.isenabled()
    gc.disable()
    try:
        import distributed  # noqa: F401
    finally:
        if FREEZE_SAFE:
            gc.freeze()
        if was:
            gc.enable()


# gc.freeze() is used on 3.11 only: on 3.12 and 3.13 with PySide6 6.11, freezing (and unfreezing) the heap around
# window tests made the interpreter crash inside a later collection (SIGSEGV "Garbage-collecting", at the same
# test on both), and an app started on 3.13 once died with SIGSEGV at shutdown — measured here, cause not found
FREEZE_SAFE = sys.version_info < (3, 12)

class _EventCheck:
    """``distributed.Event(stop).is_set()``, asked at most every POLL_SECONDS, remembered once true."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.event = None
        self.seen = False
        self.next = 0.0

    def __call__(self) -> bool:
        if self.seen:
            return True
        now = time.monotonic()
        if now < self.next:
            return False
        self.next = now + POLL_SECONDS
        try:
            if self.event is None:
                from distributed import Event

                self.event = Event(self.name)
            self.seen = bool(self.event.is_set())
        except Exception:  # no scheduler to ask (not on a worker, or it went away): keep going
            log.debug("stop flag %s not readable", self.name, exc_info=True)
        return self.seen


# -- the client side -------------------------------------------------------------------------------
class Cluster:
    """A LocalCluster this process starts (``address=None``) or a scheduler at ``address``.

    ``workers`` is the size of a local cluster (default: the cores). Use from one event loop;
    :meth:`connect` is idempotent and awaits the connection made on the cluster's thread.
    """

    def __init__(self, address: str | None = None, workers: int | None = None, *,
                 connect_timeout: float = CONNECT_TIMEOUT, nice: int = 10) -> None:
        self.address = check_address(address) if address else None
        self.workers = workers or os.cpu_count() or 1
        self.connect_timeout = connect_timeout
        self.nice = nice if self.address is None else 0
        self.threads = 0  # worker threads in the cluster, known once connected
        self._client = None
        self._local = None
        self._pool: cf.ThreadPoolExecutor | None = None
        self._connecting: cf.Future | None = None
        self._raised: list[tuple[float, str]] = []  # stop flags set on the scheduler, oldest first
        self._lock = threading.RLock()
        self._closed = False

    @property
    def label(self) -> str:
        return self.address or f"local:{self.workers}"

    def _thread(self) -> cf.ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="tributary-dask")
            return self._pool

    # -- connecting ----------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._client is not None

    async def connect(self) -> None:
        """Start or reach the cluster (on the cluster's thread); a UserError says why it could not."""
        if self._closed:
            raise RuntimeError("the cluster is closed")
        if self._client is not None:
            return
        with self._lock:
            if self._connecting is None or (self._connecting.done() and self._connecting.exception()):
                pending = self._connecting = self._thread().submit(self._connect)
            else:
                pending = self._connecting
        try:
            await asyncio.wrap_future(pending)
        except BaseException:
            self._let_thread_go(pending)
            raise

    def _let_thread_go(self, failed: cf.Future) -> None:
        """After a failed connect, end the cluster's thread (a window that tried an unreachable address keeps
        no thread for it); a later :meth:`connect` starts a new one."""
        with self._lock:
            if self._connecting is not failed or self._client is not None or self._local is not None \
                    or not failed.done():
                return  # something was made that close() must stop, on this thread
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)

    def _connect(self) -> None:
        t0 = time.perf_counter()
        _import_distributed()
        from distributed import Client

        if self.address:
            _probe(self.address, self.connect_timeout)
            client = Client(self.address, timeout=self.connect_timeout, set_as_default=False)
        else:
            from distributed import LocalCluster

            self._local = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address="127.0.0.1:0",  # no fixed port to clash
                                       silence_logs=logging.ERROR)
            client = Client(self._local, set_as_default=False)
        info = client.scheduler_info()
        self.threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
        self._client = client
        if not self.threads:
            self._close_blocking()  # not connected: a job must not wait on a cluster that cannot run it
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The Dask scheduler at {address} has no workers: start some with dask worker {address}."),
                            field="scheduler", address=self.label)
        seconds = time.perf_counter() - t0
        if self.address:
            log.info(Message(QT_TRANSLATE_NOOP("Engine", "Connected to the cluster at {address} in {seconds:.2f} s: "
                                                         "{threads} worker threads"),
                             address=self.address, threads=self.threads, seconds=seconds))
        else:
            log.info(Message(QT_TRANSLATE_NOOP("Engine", "Started a cluster on this computer in {seconds:.2f} s: "
                                                         "{threads} worker threads"), threads=self.threads, seconds=seconds))

    @property
    def healthy(self) -> bool:
        """False once the client lost its scheduler (a chunk job then fails instead of waiting)."""
        client = self._client
        return client is not None and getattr(client, "status", "running") in ("running", "connecting", "newly-created")

    # -- chunks --------------------------------------------------------------------------------
    def executor(self) -> cf.Executor:
        return self._client.get_executor(pure=False)

    def submit(self, executor: cf.Executor, stop: str, fn, slot: int, *args) -> cf.Future:
        """``fn(slot, *args)`` on a worker; returns a concurrent future at once. The Dask submit itself
        (pickling, the client's locks) happens on the cluster's thread, in order, never on the caller's."""
        proxy: cf.Future = cf.Future()

        def go() -> None:
            if proxy.cancelled():
                return
            try:
                inner = executor.submit(cluster_task, stop, self.nice, fn, slot, *args)
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the chunk
                proxy.set_exception(exc)
                return
            inner.add_done_callback(lambda done: _relay(done, proxy))

        self._thread().submit(go)
        return proxy

    @staticmethod
    def new_stop() -> str:
        return f"tributary-stop-{uuid.uuid4().hex}"

    def request_stop(self, stop: str) -> None:
        """Raise the job's stop flag (returns at once; the flag is set on the cluster's thread)."""
        self._post(self._set_event, stop)

    def cancel(self, executor: cf.Executor) -> cf.Future:
        """Cancel what ``executor`` still has queued or running (returns at once)."""
        return self._post(executor.shutdown, False)

    def _set_event(self, stop: str) -> None:
        """Raise ``stop``, and drop flags raised long ago: a chunk that was cancelled while running may see
        its flag only at its next segment, well after the job has ended, so a flag is never cleared early."""
        from distributed import Event

        if any(name == stop for _, name in self._raised):
            return
        Event(stop, client=self._client).set()
        now = time.monotonic()
        self._raised.append((now, stop))
        while self._raised and now - self._raised[0][0] > FLAG_LIFETIME:
            Event(self._raised.pop(0)[1], client=self._client).clear()

    def _post(self, fn, *args) -> cf.Future:
        if self._client is None or self._closed:
            done: cf.Future = cf.Future()
            done.set_result(None)
            return done
        future = self._thread().submit(fn, *args)
        future.add_done_callback(_log_failure)
        return future

    def worker_pids(self) -> dict[str, int]:
        """Blocking (call it off the loop): each worker's address → its process id."""
        return self._client.run(os.getpid)

    # -- closing -------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the client, stop a local cluster (its worker processes) and the cluster's thread."""
        self._closed = True
        with self._lock:
            pool, self._pool = self._pool, None
            pending = self._connecting
        if pool is None:
            return
        if pending is not None:
            try:
                pending.result(timeout=self.connect_timeout + 30)
            except Exception:  # a failed connect left nothing to close but what it made
                pass
        pool.submit(self._close_blocking).result()
        pool.shutdown(wait=True)

    def _close_blocking(self) -> None:
        client, self._client = self._client, None
        local, self._local = self._local, None
        if client is not None:
            try:
                client.close(timeout=5)
            except Exception:  # pragma: no cover - already gone
                log.debug("closing the Dask client", exc_info=True)
        if local is not None:
            try:
                local.close(timeout=10)
            except Exception:  # pragma: no cover
                log.warning("closing the local Dask cluster", exc_info=True)

    async def aclose(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close)


def _probe(address: str, timeout: float) -> None:
    """Reach the scheduler and ask who it is, in ``timeout`` seconds, before a Client is made (a Client
    that fails to connect leaves its IO thread behind)."""
    from distributed.comm import connect

    async def ask():
        comm = await connect(address, timeout=timeout)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await asyncio.wait_for(comm.read(), timeout)
        finally:
            comm.abort()

    try:
        reply = asyncio.run(asyncio.wait_for(ask(), timeout + 1))
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot reach the Dask scheduler at {address}: {detail}"),
                        field="scheduler", address=address, detail=detail) from exc
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{address} answers, but it is not a Dask scheduler."),
                        field="scheduler", address=address)


def _relay(inner: cf.Future, proxy: cf.Future) -> None:
    if proxy.done():
        return
    if inner.cancelled():
        proxy.cancel()
    elif inner.exception() is not None:
        proxy.set_exception(inner.exception())
    else:
        proxy.set_result(inner.result())


def _log_failure(future: cf.Future) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("cluster call failed: %s", future.exception())
