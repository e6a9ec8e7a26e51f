"""One file over several connections: the coordinator of a segmented transfer.

It starts from the first connection's open answer (a 206 to ``Range: bytes=0-``, or to a resumed
segment) and its segment map, then keeps ``target`` connections busy, each fetching
``Range: bytes=pos-(end-1)`` with ``If-Range`` and writing at its offsets of the one ``.part``:

* **pieces in order, then re-split**: a connection that is free takes the next piece of the file in order
  (about a quarter of its share, at most 32 MiB), so the written prefix grows steadily and its SHA-256
  keeps up; when no piece is left, it takes the upper half of the largest remainder (never below
  ``min_segment``); the connection owning that segment stops at its new end;
* **race**: with nothing left to split, a slow last segment is fetched a second time from where it
  stands; both write the same bytes, the first to the end wins and the other is cancelled;
* **how many**: ``split`` fixed (2 … 16) or adaptive (0): one more connection per 2-second window while
  throughput grows by at least max(3 %, 0.5/n), a step back when it does not, a new probe after 30 s;
  a 429/403/503 or a refused extra connection caps the server at the connections that worked; always
  within the per-server limit and the engine's extra-connection limit (taken without waiting, so
  queued downloads go first);
* **safety**: a 200 where a 206 was expected (the validator changed, or ranges stopped) restarts the
  whole item from zero (:class:`Restart`); a short answer retries that segment; the map is journalled
  every ``SAVE_EVERY`` seconds after ``fdatasync``, so it never counts bytes that are not on disk;
* **hash**: the written prefix is hashed as it grows (read back from the page cache on a disk thread),
  so the end waits only for the last few MiB.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .. import timeline
from ..jobs import QT_TRANSLATE_NOOP, Message, UserError
from . import diagnosis as why
from .diagnosis import ConnectionInfo
from .disk import CatchUpHash, SegmentFile
from .segments import Segment, SegmentMap

log = logging.getLogger("tributary.downloads.segmented")

TICK = 0.25
WINDOW = 2.0  # seconds per adaptive step
REPROBE = 30.0
HASH_STEP = 4 << 20  # hash the written prefix in steps of at least this much
PIECE_MAX = 32 << 20  # the largest request while the file is handed out in order
MAX_ADAPTIVE = 8  # pieces are sized for this many connections when the count adapts
BUSY = (403, 429, 503)


class RangesIgnored(Exception):
    """An extra connection's range was answered with the whole (unchanged) file."""


@dataclass(eq=False)
class Worker:
    seg: Segment
    info: ConnectionInfo
    unit: str  # "own" (the download's slot) or "extra" (a per-server + global unit)
    racing: bool = False
    whole: bool = False  # it reads an answer with the whole file (the first request's 200)
    nth: int = 1  # connections open (itself included) when it was opened


class SegmentedFetch:
    def __init__(self, engine, job, t, part: Path, smap: SegmentMap) -> None:
        from .engine import aiohttp  # the engine's lazy import

        self.aiohttp = aiohttp
        self.engine = engine
        self.job = job
        self.t = t
        self.item = t.item
        self.smap = smap
        self.file = SegmentFile(part)
        self.hash = CatchUpHash()
        self.host = urlsplit(self.item.url).netloc.lower()
        self.validator = self.item.etag or self.item.last_modified
        self.tasks: dict[asyncio.Task, Worker] = {}
        self.own_free = 1  # the download's own per-server unit, used by one connection at a time
        self.split = engine._split_for(t)
        self.target = self.split or 1
        self.growing = True
        self.window_start = time.monotonic()
        self.window_bytes = 0
        self.window_peak = 0  # the most connections open at once in this window
        self.last_rate: float | None = None
        self.plateau_since = 0.0
        self.retry_at: dict[int, float] = {}  # id(segment) → when it may be tried again
        self.attempts: dict[int, int] = {}
        self.raced: set[int] = set()
        self.proven = 0  # the most connections that received at the same time
        self._hashing: asyncio.Future | None = None
        self._saving: asyncio.Task | None = None
        self._last_save = time.monotonic()
        self._opened = False
        t.details.split = self.split
        self.loop = asyncio.get_running_loop()

    # -- the whole transfer --------------------------------------------------------------------
    async def run(self, resp, info: ConnectionInfo, *, new: bool) -> str:
        """Fetch every segment; return the SHA-256 of the whole file (checked for its length)."""
        await self.loop.run_in_executor(self.engine._disk, lambda: self.file.open(new=new))
        self._opened = True
        await self.engine.store_map(self.item, self.smap.to_json())  # before any write beyond the prefix
        if resp is not None:
            seg = self._segment_at(info.start)
            self._start(seg, unit="own", info=info, resp=resp)
            next(iter(self.tasks.values())).whole = resp.status == 200
        try:
            while not self.smap.complete:
                self._fill()
                if not self.tasks:
                    wait = min((when for when in self.retry_at.values()), default=time.monotonic() + TICK)
                    await asyncio.sleep(max(0.0, min(TICK, wait - time.monotonic())))
                    continue
                done, _ = await asyncio.wait(list(self.tasks), timeout=TICK, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    self._settle(task)
                self._tick()
            await self._stop_workers()
            if self._hashing is not None:
                await self._hashing
            total = self.smap.total
            await self.loop.run_in_executor(self.engine._disk, self.hash.advance, self.file.fd, total)
            size = await self.loop.run_in_executor(self.engine._disk, self.file.size)
            if size != total:
                raise UserError(QT_TRANSLATE_NOOP("Engine", "The file is {size:,} bytes, not {total:,}."), size=size, total=total)
            return self.hash.hexdigest()
        finally:
            await self._stop_workers()

    async def close(self) -> None:
        """After success or failure: the map saved where it stands (after its bytes are flushed), the file closed."""
        if self._saving is not None:
            await asyncio.wait([self._saving])
        if self._hashing is not None:
            await asyncio.wait([self._hashing])
        if self._opened and self.file.fd is not None:
            if not self.smap.complete:
                await self._save_map()
            await self.loop.run_in_executor(self.engine._disk, self.file.close)

    def _segment_at(self, start: int) -> Segment:
        for s in self.smap.segments:
            if s.start <= start < s.end or (s.pos == start and not s.done):
                return s
        return self.smap.segments[-1]

    # -- connections ---------------------------------------------------------------------------
    def _cap(self) -> int:
        cap = min(self.engine.server_caps.get(self.host, 16), 16)
        return max(1, min(cap, self.target))

    def _take_unit(self) -> str | None:
        if self.own_free:
            self.own_free -= 1
            return "own"
        per_host = self.engine._hosts.get(self.host)
        if per_host is None or not per_host.try_acquire():
            if per_host is not None and per_host.limit > 1:
                self.t.details.find(why.PER_SERVER, n=per_host.limit)
            return None
        if not self.engine._connections.try_acquire():
            per_host.release()
            return None
        return "extra"

    def _give_unit(self, unit: str) -> None:
        if unit == "own":
            self.own_free += 1
        else:
            self.engine._connections.release()
            self.engine._hosts[self.host].release()

    def _fill(self) -> None:
        now = time.monotonic()
        while len(self.tasks) < self._cap():
            unit = self._take_unit()
            if unit is None:
                return
            seg, racing = self._next_segment(now)
            if seg is None:
                self._give_unit(unit)
                return
            self._start(seg, unit=unit, racing=racing)

    def _piece(self) -> int:
        """Bytes per request while the file is handed out in order: about four requests per connection."""
        s = self.engine.settings
        return max(s.min_segment, min(PIECE_MAX, self.smap.total // (4 * max(1, self.split or MAX_ADAPTIVE))))

    def _next_segment(self, now: float) -> tuple[Segment | None, bool]:
        waiting = [s for s in self.smap.segments if not s.done and s.owners == 0 and self.retry_at.get(id(s), 0) > now]
        if waiting:
            return None, False  # one waits for its retry: it goes first, nothing else is handed out meanwhile
        piece = self.smap.next_piece(self._piece())
        if piece is not None:
            return piece, False
        new = self.smap.split_largest(self.engine.settings.min_segment)
        if new is not None:
            return new, False
        return self._race_candidate(), True

    def _race_candidate(self) -> Segment | None:
        if not self.engine.settings.race:
            return None
        workers = [w for w in self.tasks.values() if not w.racing]
        speeds = [w.info.speed for w in workers if w.info.speed > 0]
        if len(self.tasks) != 1 or not workers:
            return None
        slowest = workers[0]
        seg = slowest.seg
        if id(seg) in self.raced or seg.done or seg.owners != 1:
            return None
        finished = [c.speed for c in self.t.details.connections if c.closed is not None and c.received]
        typical = max(speeds + [self._typical_speed()], default=0.0)
        if slowest.info.speed <= 0 or time.monotonic() - slowest.info.opened < 1.0:
            return None  # not measured yet
        eta = seg.remaining / slowest.info.speed
        if eta < 1.0 or typical <= 0 or eta < 2 * seg.remaining / typical or not finished:
            return None
        self.raced.add(id(seg))
        return seg

    def _typical_speed(self) -> float:
        """A finished connection's average speed (bytes over its lifetime)."""
        best = 0.0
        for c in self.t.details.connections:
            if c.closed is not None and c.received and c.closed > c.opened:
                best = max(best, c.received / (c.closed - c.opened))
        return best

    def _start(self, seg: Segment, *, unit: str, racing: bool = False, info: ConnectionInfo | None = None,
               resp=None) -> None:
        if info is None:
            info = self.t.details.open(seg.pos, seg.end)
            self.engine._hook("open", self.t, info)
        info.end = seg.end
        seg.owners += 1
        w = Worker(seg, info, unit, racing, nth=len(self.tasks) + 1)
        task = self.loop.create_task(self._worker(w, resp), name=f"segment-{seg.start}")
        self.tasks[task] = w
        self.window_peak = max(self.window_peak, len(self.tasks))
        self.t.details.target = self._cap()

    async def _worker(self, w: Worker, resp) -> None:
        seg, info = w.seg, w.info
        if resp is not None:
            await self._pump(w, resp)
            return
        session = await self.engine.session_factory()
        s = self.engine.settings
        timeout = self.aiohttp.ClientTimeout(total=None, sock_connect=s.connect_timeout, sock_read=s.read_timeout)
        start = seg.pos
        info.start = info.pos = start
        headers = {"Range": f"bytes={start}-{seg.end - 1}", "If-Range": self.validator}
        try:
            async with session.get(self.item.url, headers=headers, timeout=timeout, max_redirects=10,
                                   auto_decompress=False, trace_request_ctx=info) as answer:
                info.status = answer.status
                self._check(answer, start)
                await self._pump(w, answer)
        except (TimeoutError, self.aiohttp.ClientPayloadError, self.aiohttp.ClientConnectionError) as exc:
            from .engine import Retryable, ServerBusy

            if isinstance(exc, self.aiohttp.ClientConnectorError) and len(self.tasks) > 1:
                raise ServerBusy(None) from exc
            raise Retryable(QT_TRANSLATE_NOOP("Engine", "connection problem: {error}"),
                            error=f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc

    def _check(self, answer, start: int) -> None:
        from .engine import _RANGE, Restart, Retryable, ServerBusy, _retry_after

        status = answer.status
        if status in BUSY and len(self.tasks) > 1:
            raise ServerBusy(status)
        if status == 429 or status >= 500:
            raise Retryable(QT_TRANSLATE_NOOP("Engine", "the server answered {status} {reason}"),
                            _retry_after(answer.headers.get("Retry-After")), status=status, reason=answer.reason)
        if status == 200:
            etag, modified = answer.headers.get("ETag"), answer.headers.get("Last-Modified")
            same = etag == self.item.etag if self.item.etag else modified == self.item.last_modified
            if same:
                raise RangesIgnored()
            self.t.details.find(why.VALIDATOR_CHANGED)
            raise Restart(QT_TRANSLATE_NOOP("Engine", "a ranged request was answered with a new version of the file"))
        if status != 206:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The server answered {status} {reason}."), status=status, reason=answer.reason)
        m = _RANGE.match(answer.headers.get("Content-Range", ""))
        if not m or int(m.group(1)) != start or m.group(3) != str(self.smap.total):
            raise Restart(QT_TRANSLATE_NOOP("Engine", "the server's range does not start at byte {start:,}"), start=start)

    async def _pump(self, w: Worker, resp) -> None:
        """Read the answer and write it at its offsets until the segment's (possibly shrunk) end."""
        engine, t, seg, info = self.engine, self.t, w.seg, w.info
        disk, write = engine._disk, self.file.pwrite
        offset = info.pos
        pending: asyncio.Future | None = None
        pending_end = offset
        watch = engine.slow_watch(t)
        read = resp.content.read
        try:
            with t.bucket.reader(), engine.bucket.reader():
                while offset < seg.end:
                    chunk = await read(min(t.bucket.read_size(1 << 18), engine.bucket.read_size(1 << 18)))
                    if not chunk:
                        break
                    if info.ttfb is None:
                        info.ttfb, info.state = time.monotonic() - info.opened, "receiving"
                        engine._hook("first-byte", t, info)
                        self.proven = max(self.proven, sum(x.info.state == "receiving" for x in self.tasks.values()))
                    room = seg.end - offset
                    if len(chunk) > room:
                        chunk = chunk[:room]
                    if pending is not None:
                        await pending
                        self._advance(seg, pending_end)
                    pending = self.loop.run_in_executor(disk, write, chunk, offset)
                    n = len(chunk)
                    offset += n
                    pending_end = offset
                    info.received += n
                    timeline.RECORDER.add_bytes(n)
                    info.pos = offset
                    self.window_bytes += n
                    if (slow := watch.add(n)) is not None:
                        raise engine.too_slow(slow)
                    if t.bucket.rate or engine.bucket.rate:
                        await engine._take(t, n, info)
            if pending is not None:
                await pending
                pending = None
                self._advance(seg, pending_end)
            if offset >= seg.end and not resp.content.at_eof():
                resp.close()  # its segment shrank: free the server's slot now, not when the transfer ends
        finally:
            if pending is not None:
                await asyncio.wait([pending])
                if not pending.cancelled() and pending.exception() is None:
                    self._advance(seg, pending_end)
        if seg.pos < seg.end and offset < seg.end:
            from .engine import Retryable

            raise Retryable(QT_TRANSLATE_NOOP("Engine", "the connection closed after {done:,} of {total:,} bytes"),
                            done=offset - info.start, total=seg.end - info.start)

    def _advance(self, seg: Segment, upto: int) -> None:
        before = seg.pos
        seg.advance(upto)
        if seg.pos > before:
            self.item.bytes_done += seg.pos - before
            self.t.touch()
            if self.job is not None:
                self.job.report(self.item.bytes_done / self.smap.total)

    # -- outcomes ------------------------------------------------------------------------------
    def _settle(self, task: asyncio.Task) -> None:
        from .engine import Retryable, ServerBusy

        w = self.tasks.pop(task)
        w.seg.owners -= 1
        self._give_unit(w.unit)
        details = self.t.details
        if task.cancelled():
            details.close(w.info, "cancelled")
            self.engine._hook("close", self.t, w.info)
            return
        exc = task.exception()
        if exc is None:
            details.close(w.info, "done")
            self.engine._hook("close", self.t, w.info)
            if w.racing and w.seg.done:
                details.find(why.RACED, k=w.info.index)
            self._cancel_others_on(w.seg)
            return
        if isinstance(exc, RangesIgnored):
            details.close(w.info, "failed", Message(why.NO_RANGES))
            self.engine._hook("close", self.t, w.info)
            self._one_connection()
            return
        if isinstance(exc, ServerBusy) and w.nth <= self.proven:
            # it allowed this many at once before: the server still counts connections we closed; later
            exc = Retryable(QT_TRANSLATE_NOOP("Engine", "the server answered {status} {reason}"),
                            status=exc.status or 0, reason="(busy)")
        if isinstance(exc, ServerBusy):
            self._capped(w, exc.status)
            return
        if isinstance(exc, Retryable):
            n = self.attempts.get(id(w.seg), 0) + 1
            self.attempts[id(w.seg)] = n
            details.close(w.info, "retrying", exc.message)
            details.retry(w.info.index, exc.message)
            self.engine._hook("close", self.t, w.info)
            if n > self.engine.settings.retries:
                raise UserError(QT_TRANSLATE_NOOP("Engine", "{error} (gave up after {retries} retries)"),
                                error=exc.message, retries=self.engine.settings.retries) from exc
            self.retry_at[id(w.seg)] = time.monotonic() + self.engine._backoff(n, exc.retry_after)
            return
        details.close(w.info, "failed", str(exc))
        self.engine._hook("close", self.t, w.info)
        raise exc

    def _capped(self, w: Worker, status: int | None) -> None:
        """The server turned away the ``w.nth`` connection: it allows one fewer (learned per server)."""
        details = self.t.details
        allowed = max(1, w.nth - 1)
        cap = min(self.engine.server_caps.get(self.host, 16), allowed)
        self.engine.server_caps[self.host] = cap
        self.target = min(self.target, cap)
        self.growing = False
        self.plateau_since = time.monotonic()
        template = why.SERVER_LIMIT if status else why.REFUSED
        previous = details.findings.get(template)
        if previous is None or previous.values["n"] >= allowed:
            details.find(template, n=allowed, status=status, k=w.info.index)
        details.close(w.info, "failed", details.findings[template])
        details.retry(w.info.index, details.findings[template])
        self.engine._hook("close", self.t, w.info)

    def _one_connection(self) -> None:
        """Ranges do not work after all: the first connection (reading the whole file) fetches the rest
        alone, or the item restarts on one connection."""
        from .engine import Restart

        self.t.ranges_broken = True
        self.t.details.ranges = False
        self.t.details.find(why.NO_RANGES)
        self.split = self.target = 1
        whole = next((w for w in self.tasks.values() if w.whole), None)
        if whole is None:
            raise Restart(QT_TRANSLATE_NOOP("Engine", "the server stopped honouring ranges"))
        for task, w in list(self.tasks.items()):
            if w is not whole:
                task.cancel()
        whole.seg.end = self.smap.total
        self.smap.segments = [whole.seg]  # bytes the others wrote are rewritten, identical, by the first
        self.item.bytes_done = whole.seg.pos
        whole.info.end = self.smap.total

    def _cancel_others_on(self, seg: Segment) -> None:
        if not seg.done:
            return
        for task, other in self.tasks.items():
            if other.seg is seg:
                other.info.state = "lost-race"
                task.cancel()

    async def _stop_workers(self) -> None:
        if not self.tasks:
            return
        for task in self.tasks:
            task.cancel()
        await asyncio.wait(list(self.tasks))
        for task in list(self.tasks):
            w = self.tasks.pop(task)
            w.seg.owners -= 1
            self._give_unit(w.unit)
            if w.info.closed is None:
                self.t.details.close(w.info, "cancelled")
                self.engine._hook("close", self.t, w.info)
            if not task.cancelled():
                task.exception()  # retrieved: the transfer ends anyway

    # -- every tick ----------------------------------------------------------------------------
    def _tick(self) -> None:
        now = time.monotonic()
        self.t.details.sample()  # each connection's speed (the race decision reads it)
        self.window_peak = max(self.window_peak, len(self.tasks))
        if self.split == 0 and now - self.window_start >= WINDOW:
            self._adapt(self.window_bytes / (now - self.window_start), now)
            self.window_start, self.window_bytes, self.window_peak = now, 0, len(self.tasks)
        self.t.details.target = self._cap()
        self.t.details.segments = [(s.start, s.end, s.pos) for s in self.smap.segments]
        for w in self.tasks.values():
            w.info.end = w.seg.end  # a split shortened it
        prefix = self.smap.contiguous()
        if self._hashing is None or self._hashing.done():
            if self._hashing is not None:
                self._hashing.result()
                self._hashing = None
            if prefix - self.hash.upto >= HASH_STEP:
                self._hashing = self.loop.run_in_executor(self.engine._disk, self.hash.advance, self.file.fd, prefix)
        if now - self._last_save >= self.engine_save_every() and (self._saving is None or self._saving.done()):
            self._last_save = now
            self._saving = self.loop.create_task(self._save_map())
        self.engine.space.progress(id(self.t), self.smap.total - self.item.bytes_done)

    @staticmethod
    def engine_save_every() -> float:
        from .engine import SAVE_EVERY

        return SAVE_EVERY

    def _adapt(self, rate: float, now: float) -> None:
        """Gopeed-style: grow while each added connection pays, step back when it does not."""
        cap = min(self.engine.server_caps.get(self.host, 16), 16)
        n = max(1, len(self.tasks))
        if self.growing:
            if self.last_rate is None or rate > self.last_rate * (1 + max(0.03, 0.5 / n)):
                if self.target < cap and self.window_peak >= self.target:  # the last step was taken
                    self.target += 1
            else:
                self.target = max(1, self.target - 1)
                self.growing = False
                self.plateau_since = now
        elif now - self.plateau_since >= REPROBE and self.target < cap:
            self.growing = True
            self.target += 1
        self.last_rate = rate

    async def _save_map(self) -> None:
        """Journal the map as it stands, after the bytes it counts are flushed (``fdatasync``)."""
        self.smap.compact()
        text = self.smap.to_json()  # taken before the flush: it counts only bytes written before it
        if self.file.fd is None:
            return
        await self.loop.run_in_executor(self.engine._disk, self.file.datasync)
        self.engine._save(self.item)
        await self.engine.store_map(self.item, text)
