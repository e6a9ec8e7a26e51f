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
    /slow?size=N&delay=D         the file in 64 KiB pieces, D seconds apart
    /loop                        redirects to itself
    /to-file                     redirects to file:///etc/passwd
    /cd?value=V&size=N           the file with ``Content-Disposition: V``
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

    def _ranged(self, request, body: bytes, etag: str = '"v1"', ctype: str = "application/octet-stream"):
        headers = {"ETag": etag, "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT", "Accept-Ranges": "bytes",
                   "Content-Type": ctype}
        rng = request.headers.get("Range")
        if_range = request.headers.get("If-Range")
        if rng and (if_range is None or if_range in (etag, headers["Last-Modified"])):
            start = int(rng.split("=")[1].split("-")[0])
            headers["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
            return web.Response(status=206, body=body[start:], headers=headers)
        return web.Response(body=body, headers=headers)

    async def file(self, request):
        self._count(request)
        body, _ = self._params(request)
        return self._ranged(request, body)

    async def reset(self, request):
        n = self._count(request)
        body, size = self._params(request)
        if n > 1:
            return self._ranged(request, body)
        response = web.StreamResponse(headers={"Content-Length": str(size), "ETag": '"v1"',
                                               "Content-Type": "application/octet-stream"})
        await response.prepare(request)
        await response.write(body[: size // 2])
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
        body, size = self._params(request)
        delay = float(request.query.get("delay", 0.05))
        start = 0
        status = 200
        headers = {"ETag": '"s1"', "Content-Type": "application/octet-stream"}
        if "Range" in request.headers and request.headers.get("If-Range") == '"s1"':
            start = int(request.headers["Range"].split("=")[1].split("-")[0])
            status = 206
            headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        headers["Content-Length"] = str(size - start)
        response = web.StreamResponse(status=status, headers=headers)
        await response.prepare(request)
        try:
            for i in range(start, size, 65536):
                await response.write(body[i:i + 65536])
                await asyncio.sleep(delay)
        except ConnectionError:
            pass
        return response

    async def cd(self, request):
        self._count(request)
        body, _ = self._params(request)
        return web.Response(body=body, headers={"Content-Disposition": request.query["value"]})
