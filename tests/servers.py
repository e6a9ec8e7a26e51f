"""Real servers on loopback for download tests: an aiohttp app with fault modes (nginx lives in
``bench/nginx.py``, shared with the benchmarks)."""

from __future__ import annotations

import asyncio
import hashlib
import random

from aiohttp import web

from bench.nginx import Nginx, free_port  # noqa: F401 - re-exported for tests


def payload(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FaultServer:
    """Routes (all deterministic, all on 127.0.0.1):

    /file/NAME?size=N&seed=S     bytes with ETag and Last-Modified, honouring Range and If-Range
    /reset?size=N                first request: half the body then a reset; later ones behave like /file
    /status/CODE?times=K&after=S K times answer CODE (with Retry-After: S if given), then the file
    /short?size=N                promises N bytes, sends N/2 and closes
    /norange?size=N              ignores Range (always 200, whole body)
    /etag-changes?size=N         a new ETag and new content on every request
    /html-on-range?size=N        the file, but an HTML error page (200) whenever a Range is asked for
    /slow?size=N&delay=D&first=F the file in 64 KiB pieces, D seconds apart (the first after the headers
                                 and F seconds: 0 unless given)
    /loop                        redirects to itself
    /to-file                     redirects to file:///etc/passwd
    /cd?value=V&size=N           the file with ``Content-Disposition: V``
    /limited?size=N&max=K&delay=D  ranged file in 64 KiB pieces D s apart; 429 while K answers are in flight
    /etag-after?size=N&after=K&delay=D  ETag "v1" (seed 1) for K requests, then "v2" (seed 2); slow pieces
    /drip?size=N&every=S         one byte every S seconds
    /slowpart?size=N&slow=K&delay=D  ranged file; the K-th request drips (64 KiB per D s), the others are fast
    /grows?size=N&big=M          first request: N bytes promised, half sent, then a reset; later ones: M bytes
    /late?size=N&wait=W&delay=D  the first request answers after W seconds, then sends its body in 64 KiB
                                 pieces D s apart; later ones answer at once (ranged, no delay)

    Every ranged route honours ``Range: bytes=A-`` and ``bytes=A-B`` with ``If-Range``.
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.requests: list[tuple[str, dict]] = []
        self.runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/file/{name}", self.file)
        app.router.add_get("/reset", self.reset)
        app.router.add_get("/status/{code}", self.status)
        app.router.add_get("/short", self.short)
        app.router.add_get("/norange", self.norange)
        app.router.add_get("/etag-changes", self.etag_changes)
        app.router.add_get("/html-on-range", self.html_on_range)
        app.router.add_get("/slow", self.slow)
        app.router.add_get("/loop", self.loop)
        app.router.add_get("/to-file", self.to_file)
        app.router.add_get("/cd", self.cd)
        app.router.add_get("/limited", self.limited)
        app.router.add_get("/etag-after", self.etag_after)
        app.router.add_get("/drip", self.drip)
        app.router.add_get("/slowpart", self.slowpart)
        app.router.add_get("/late", self.late)
        app.router.add_get("/grows", self.grows)
        self.in_flight = 0
        self.peak = 0
        self.runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # noqa: SLF001
        return self.base

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    def _count(self, request) -> int:
        key = str(request.rel_url)
        self.counts[key] = self.counts.get(key, 0) + 1
        self.requests.append((key, dict(request.headers)))
        return self.counts[key]

    @staticmethod
    def _params(request) -> tuple[bytes, int]:
        size = int(request.query.get("size", 100_000))
        seed = int(request.query.get("seed", 1))
        return payload(size, seed), size

    @staticmethod
    def _range(request, size: int, if_range_ok) -> tuple[int, int] | None:
        """The (start, end-exclusive) a request asks for, or None for the whole body."""
        rng = request.headers.get("Range")
        if not rng or not if_range_ok(request.headers.get("If-Range")):
            return None
        first, _, last = rng.split("=", 1)[1].partition("-")
        start = int(first)
        end = min(size, int(last) + 1) if last.strip() else size
        return start, end

    def _ranged(self, request, body: bytes, etag: str = '"v1"', ctype: str = "application/octet-stream"):
        headers = {"ETag": etag, "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT", "Accept-Ranges": "bytes",
                   "Content-Type": ctype}
        span = self._range(request, len(body), lambda v: v is None or v in (etag, headers["Last-Modified"]))
        if span is not None:
            start, end = span
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{len(body)}"
            return web.Response(status=206, body=body[start:end], headers=headers)
        return web.Response(body=body, headers=headers)

    async def _stream(self, request, body: bytes, etag: str, delay: float, piece: int = 65536, first: float = 0.0):
        """Like :meth:`_ranged`, but sent in pieces ``delay`` seconds apart (the first ``first`` seconds after
        the headers)."""
        headers = {"ETag": etag, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream"}
        span = self._range(request, len(body), lambda v: v is None or v == etag)
        status, start, end = 200, 0, len(body)
        if span is not None:
            status, (start, end) = 206, span
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{len(body)}"
        headers["Content-Length"] = str(end - start)
        response = web.StreamResponse(status=status, headers=headers)
        await response.prepare(request)
        try:
            for i in range(start, end, piece):
                if i > start or first:
                    await asyncio.sleep(delay if i > start else first)
                await response.write(body[i:min(end, i + piece)])
        except ConnectionError:
            pass
        return response

    async def file(self, request):
        self._count(request)
        body, _ = self._params(request)
        return self._ranged(request, body)

    async def reset(self, request):
        n = self._count(request)
        body, size = self._params(request)
        if n > 1:
            return self._ranged(request, body)
        return await self._cut(request, body, '"v1"')

    @staticmethod
    async def _cut(request, body: bytes, etag: str):
        """Headers promising all of ``body``, half of it, then a reset."""
        response = web.StreamResponse(headers={"Content-Length": str(len(body)), "ETag": etag,
                                               "Content-Type": "application/octet-stream"})
        await response.prepare(request)
        await response.write(body[: len(body) // 2])
        await asyncio.sleep(0.05)
        request.transport.abort()
        return response

    async def loop(self, request):
        self._count(request)
        raise web.HTTPFound("/loop")

    async def to_file(self, request):
        self._count(request)
        raise web.HTTPFound("file:///etc/passwd")

    async def status(self, request):
        n = self._count(request)
        code = int(request.match_info["code"])
        if n <= int(request.query.get("times", 1_000_000)):
            headers = {"Retry-After": request.query["after"]} if "after" in request.query else {}
            return web.Response(status=code, text=f"error {code}", headers=headers)
        body, _ = self._params(request)
        return self._ranged(request, body)

    async def short(self, request):
        self._count(request)
        body, size = self._params(request)
        response = web.StreamResponse(headers={"Content-Length": str(size)})
        await response.prepare(request)
        await response.write(body[: size // 2])
        request.transport.close()
        return response

    async def norange(self, request):
        self._count(request)
        body, _ = self._params(request)
        return web.Response(body=body, headers={"ETag": '"n1"'})

    async def etag_changes(self, request):
        n = self._count(request)
        body = payload(int(request.query.get("size", 100_000)), seed=n)
        return self._ranged(request, body, etag=f'"gen{n}"')

    async def html_on_range(self, request):
        self._count(request)
        body, _ = self._params(request)
        if "Range" in request.headers:
            return web.Response(text="<html>Session expired</html>", content_type="text/html")
        return self._ranged(request, body)

    async def slow(self, request):
        self._count(request)
        body, _ = self._params(request)
        return await self._stream(request, body, '"s1"', float(request.query.get("delay", 0.05)),
                                  first=float(request.query.get("first", 0)))

    async def cd(self, request):
        self._count(request)
        body, _ = self._params(request)
        return web.Response(body=body, headers={"Content-Disposition": request.query["value"]})

    async def limited(self, request):
        self._count(request)
        body, _ = self._params(request)
        if self.in_flight >= int(request.query.get("max", 2)):
            return web.Response(status=429, text="too many connections")
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            return await self._stream(request, body, '"l1"', float(request.query.get("delay", 0.02)))
        finally:
            self.in_flight -= 1

    async def etag_after(self, request):
        n = self._count_path(request)
        size = int(request.query.get("size", 100_000))
        version = 1 if n <= int(request.query.get("after", 1)) else 2
        return await self._stream(request, payload(size, seed=version), f'"v{version}"',
                                  float(request.query.get("delay", 0.02)))

    async def drip(self, request):
        self._count(request)
        size = int(request.query.get("size", 1000))
        every = float(request.query.get("every", 0.5))
        response = web.StreamResponse(headers={"Content-Length": str(size), "ETag": '"d1"'})
        await response.prepare(request)
        try:
            for i in range(size):
                await response.write(payload(size)[i:i + 1])
                await asyncio.sleep(every)
        except ConnectionError:
            pass
        return response

    async def slowpart(self, request):
        n = self._count_path(request)
        body, _ = self._params(request)
        slow = n == int(request.query.get("slow", 2))
        return await self._stream(request, body, '"p1"', float(request.query.get("delay", 0.2)) if slow else 0.0,
                                  65536 if slow else 1 << 20)

    async def grows(self, request):
        if self._count_path(request) > 1:
            return web.Response(body=payload(int(request.query["big"]), seed=2), headers={"ETag": '"g2"'})
        return await self._cut(request, self._params(request)[0], '"g1"')

    async def late(self, request):
        n = self._count_path(request)
        body, _ = self._params(request)
        if n == 1:
            await asyncio.sleep(float(request.query.get("wait", 2)))
            return await self._stream(request, body, '"t1"', float(request.query.get("delay", 0.5)))
        return await self._stream(request, body, '"t1"', 0.0, 1 << 20)

    def _count_path(self, request) -> int:
        """Requests so far to this route (whatever the query or headers)."""
        self._count(request)
        key = request.path
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]


class RawServer:
    """Answers every connection on loopback with the same raw bytes (headers no framework would send)."""

    def __init__(self, response: bytes) -> None:
        self.response = response
        self.server: asyncio.base_events.Server | None = None
        self.base = ""

    async def start(self) -> str:
        async def handle(reader, writer):
            try:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(self.response)
                await writer.drain()
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                writer.close()

        self.server = await asyncio.start_server(handle, "127.0.0.1", 0)
        self.base = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"
        return self.base

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


class ServerThread:
    """A :class:`FaultServer` on its own loop in a thread (for a CLI run in another process)."""

    def __init__(self) -> None:
        import threading

        self.server = FaultServer()
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._main, name="fault-server", daemon=True)

    def _main(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self.server.start())
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self.server.stop())
        self._loop.close()

    def __enter__(self) -> FaultServer:
        self._thread.start()
        self._ready.wait(10)
        return self.server

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


class ProxyProcess:
    """A real proxy on a loopback port, run as its own process: ``tinyproxy`` (HTTP, Basic auth) or
    ``microsocks`` (SOCKS5, user/password). Use as a context manager; ``log()`` is what it wrote."""

    def __init__(self, kind: str, workdir, user: str, password: str) -> None:
        import shutil

        self.kind, self.user, self.password = kind, user, password
        self.dir = workdir
        self.port = free_port()
        exe = shutil.which(kind) or f"/usr/bin/{kind}"
        self.logfile = workdir / f"{kind}.log"
        if kind == "tinyproxy":
            conf = workdir / "tinyproxy.conf"
            conf.write_text(f'Port {self.port}\nListen 127.0.0.1\nTimeout 60\nMaxClients 64\nAllow 127.0.0.1\n'
                            f'BasicAuth {user} {password}\nLogFile "{self.logfile}"\nLogLevel Info\n'
                            "DisableViaHeader Yes\n")
            self.cmd = [exe, "-d", "-c", str(conf)]
            self.url = f"http://{user}:{password}@127.0.0.1:{self.port}"
        else:
            self.cmd = [exe, "-i", "127.0.0.1", "-p", str(self.port), "-u", user, "-P", password]
            self.url = f"socks5://{user}:{password}@127.0.0.1:{self.port}"
        self.proc = None

    def __enter__(self):
        import socket
        import subprocess
        import time

        self._out = open(self.dir / f"{self.kind}.out", "wb")  # noqa: SIM115 - closed in __exit__
        self.proc = subprocess.Popen(self.cmd, stdout=self._out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.kind} exited: {self.log()}") from None
                time.sleep(0.05)
        raise RuntimeError(f"{self.kind} did not start listening")

    def log(self) -> str:
        text = ""
        for path in (self.logfile, self.dir / f"{self.kind}.out"):
            if path.exists():
                text += path.read_text(errors="replace")
        return text

    def __exit__(self, *exc) -> None:
        import subprocess

        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._out.close()
