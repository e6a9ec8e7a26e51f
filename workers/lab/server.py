"""The Lab's own loopback file server: N files of a given size, each answered after a latency.

It runs an aiohttp application on a thread of its own with its own event loop, so serving never costs
the caller's loop (the GUI thread in the app) anything, and blocking clients (``urllib`` on threads) can
use it as well as coroutines. ``/file/{i}?size=N&latency=MS`` answers with ``size`` deterministic bytes
for file ``i`` after ``MS`` × a fixed per-file factor (0.5…1.4), so files finish in a different order
than they were asked for. A server made with ``capacity=K`` works on at most K requests at once; the
others queue, as on a real server with a fixed number of workers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import random
import threading
import time
from functools import lru_cache

JITTER = (1.0, 0.6, 1.3, 0.8, 1.1, 0.5, 1.4, 0.7, 1.2, 0.9)


def latency_factor(index: int) -> float:
    return JITTER[index % len(JITTER)]


@lru_cache(maxsize=64)
def file_bytes(index: int, size: int) -> bytes:
    """The content of file ``index``: the same bytes for the same (index, size), everywhere."""
    return random.Random(index * 1_000_003 + size).randbytes(size)


async def _end_tasks() -> None:
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


class LatencyServer:
    """``async with LatencyServer() as server: server.url(i, size, latency_ms)``; stopped on the way out."""

    def __init__(self, capacity: int = 0) -> None:
        self.capacity = capacity  # requests served at once (others queue, as on a busy server); 0: no limit
        self.base = ""
        self.requests = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner = None

    def url(self, index: int, size: int, latency_ms: float) -> str:
        return f"{self.base}/file/{index}?size={size}&latency={latency_ms:g}"

    async def __aenter__(self) -> LatencyServer:
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def start(self) -> str:
        ready: cf.Future = cf.Future()
        self._thread = threading.Thread(target=self._serve, args=(ready,), name="lab-server", daemon=True)
        self._thread.start()
        self.base = await asyncio.wrap_future(ready)
        return self.base

    def _serve(self, ready: cf.Future) -> None:
        # a plain loop of our own, never the policy's: under the app's qasync policy a new loop is a Qt loop,
        # which cannot run on this thread
        loop = asyncio.SelectorEventLoop()
        self._loop = loop
        try:
            loop.run_until_complete(self._setup(ready))
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
        except BaseException as exc:  # reported to the starter; a server that failed to start is no server
            if not ready.done():
                ready.set_exception(exc)
        finally:
            loop.run_until_complete(_end_tasks())  # handlers still waiting out their latency end here
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _setup(self, ready: cf.Future) -> None:
        from aiohttp import web

        self._slots = asyncio.Semaphore(self.capacity) if self.capacity else None
        app = web.Application()
        app.router.add_get("/file/{index}", self._file)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.01)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=512)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001
        ready.set_result(f"http://127.0.0.1:{port}")

    async def _file(self, request):
        from aiohttp import web

        self.requests += 1
        index = int(request.match_info["index"])
        size = min(int(request.query.get("size", 65536)), 64 << 20)
        latency = float(request.query.get("latency", 0)) / 1000 * latency_factor(index)
        body = file_bytes(index, size)
        if self._slots is None:
            await asyncio.sleep(latency)
        else:
            async with self._slots:
                await asyncio.sleep(latency)
        return web.Response(body=body, content_type="application/octet-stream")

    async def stop(self) -> None:
        """Stop serving (open connections are closed) and wait for the thread, without blocking the caller."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if loop.is_running():
            loop.call_soon_threadsafe(loop.stop)
        deadline = time.monotonic() + 5.0
        while thread.is_alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        self._loop = self._thread = None
