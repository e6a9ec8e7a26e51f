"""Experiment: the same batch of downloads under ``asyncio.Semaphore(limit)`` for limits 1…64 on the
loopback latency server — throughput against the limit, and where raising it stops helping."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from ..jobs import QT_TRANSLATE_NOOP, Message
from ..lazy import lazy
from .base import Chart, Experiment, LabResult, LabRun, Series, Table, col, param
from .server import LatencyServer, latency_factor

aiohttp = lazy("aiohttp", __name__, "aiohttp")

GAIN = 1.10  # a doubling of the limit that gains less than 10 % no longer helps

COMMENTS = (
    QT_TRANSLATE_NOOP("Engine", "the limit is the only thing that changes from one run to the next"),
    QT_TRANSLATE_NOOP("Engine", "wait here until one of the `limit` places is free"),
    QT_TRANSLATE_NOOP("Engine", "all requests are created at once; the semaphore lets `limit` of them go"),
)


@dataclass
class SemaphoreParams:
    limits: tuple = param((1, 2, 4, 8, 16, 32, 64), QT_TRANSLATE_NOOP("Engine", "limits"), minimum=1, maximum=64,
                          help=QT_TRANSLATE_NOOP("Engine", "Comma-separated semaphore limits to try"))
    files: int = param(64, QT_TRANSLATE_NOOP("Engine", "files"), minimum=1, maximum=512)
    size_kb: int = param(32, QT_TRANSLATE_NOOP("Engine", "file size (KiB)"), minimum=1, maximum=4096)
    latency_ms: int = param(40, QT_TRANSLATE_NOOP("Engine", "server latency (ms)"), minimum=0, maximum=5000)
    capacity: int = param(16, QT_TRANSLATE_NOOP("Engine", "server capacity"), minimum=0, maximum=1024,
                          help=QT_TRANSLATE_NOOP("Engine", "Requests the server works on at once (the rest queue "
                                                           "there); 0 for no limit"))


# -- the code that runs (shown in the Lab) ---------------------------------------------------------
async def download_all(session, urls, limit, lab):
    # the limit is the only thing that changes from one run to the next
    semaphore = asyncio.Semaphore(limit)

    async def fetch(i, url):
        # wait here until one of the `limit` places is free
        async with semaphore:
            with lab.span("file {i}", "download", i=i):
                async with session.get(url) as response:
                    response.raise_for_status()
                    return len(await response.read())

    # all requests are created at once; the semaphore lets `limit` of them go
    return sum(await asyncio.gather(*(fetch(i, url) for i, url in enumerate(urls))))


# -- the result ------------------------------------------------------------------------------------
@dataclass
class LimitPoint:
    limit: int
    seconds: float
    bytes: int
    files_per_s: float
    floor_seconds: float  # what the latency alone takes with `limit` requests (and the server's capacity) at once


@dataclass
class SemaphoreResult(LabResult):
    files: int = 0
    points: list[LimitPoint] = field(default_factory=list)
    knee: int | None = None  # the limit past which doubling it gained less than 10 %

    def table(self) -> Table:
        return Table([col("limit", QT_TRANSLATE_NOOP("Engine", "limit")),
                      col("seconds", QT_TRANSLATE_NOOP("Engine", "seconds")),
                      col("files_per_s", QT_TRANSLATE_NOOP("Engine", "files/s")),
                      col("floor", QT_TRANSLATE_NOOP("Engine", "latency alone (s)")),
                      col("speedup", QT_TRANSLATE_NOOP("Engine", "speed-up"))],
                     [{"limit": p.limit, "seconds": p.seconds, "files_per_s": p.files_per_s,
                       "floor": p.floor_seconds, "speedup": self.points[0].seconds / p.seconds}
                      for p in self.points])

    def chart(self) -> Chart:
        x = [p.limit for p in self.points]
        return Chart("line", Message(QT_TRANSLATE_NOOP("Engine", "semaphore limit")),
                     Message(QT_TRANSLATE_NOOP("Engine", "files/s")),
                     [Series(QT_TRANSLATE_NOOP("Engine", "measured"), x, [p.files_per_s for p in self.points]),
                      Series(QT_TRANSLATE_NOOP("Engine", "latency alone"), x,
                             [self.files / p.floor_seconds if p.floor_seconds else 0 for p in self.points])],
                     log_x=True)

    def summary(self) -> list[Message]:
        lines = [Message(QT_TRANSLATE_NOOP("Engine", "limit {limit}: {seconds:.2f} s, {rate:.1f} files/s (the latency alone: {floor:.2f} s)"),
                         limit=p.limit, seconds=p.seconds, rate=p.files_per_s, floor=p.floor_seconds)
                 for p in self.points]
        if self.knee is not None:
            lines.append(Message(QT_TRANSLATE_NOOP("Engine", "Past a limit of {knee}, doubling it gained less than 10 %."),
                                 knee=self.knee))
        else:
            lines.append(Message(QT_TRANSLATE_NOOP("Engine", "Every doubling of the limit still helped.")))
        return lines


def latency_floor(files: int, limit: int, latency_ms: float, capacity: int = 0) -> float:
    """What the latency alone takes: file after file goes to the first free one of ``limit`` places (the
    semaphore wakes waiters in order), no more than the server's ``capacity`` at once."""
    slots = [0.0] * (min(limit, capacity) if capacity else limit)
    for i in range(files):
        k = slots.index(min(slots))
        slots[k] += latency_factor(i) * latency_ms / 1000
    return max(slots)


def find_knee(points: list[LimitPoint]) -> int | None:
    for a, b in zip(points, points[1:]):
        if b.files_per_s < a.files_per_s * GAIN:
            return a.limit
    return None


async def run(job, p: SemaphoreParams) -> SemaphoreResult:
    lab = LabRun(job)
    server = LatencyServer(capacity=p.capacity)
    try:
        await server.start()
        urls = [server.url(i, p.size_kb * 1024, p.latency_ms) for i in range(p.files)]
        points = []
        connector = aiohttp.TCPConnector(limit=0)  # no cap of its own: the semaphore is the only limit
        async with aiohttp.ClientSession(connector=connector) as session:
            for k, limit in enumerate(p.limits):
                lab.variant(Message(QT_TRANSLATE_NOOP("Engine", "limit {limit}"), limit=limit), k, len(p.limits))
                t0 = time.perf_counter()
                total = await download_all(session, urls, limit, lab)
                seconds = time.perf_counter() - t0
                points.append(LimitPoint(limit, seconds, total, p.files / seconds,
                                         latency_floor(p.files, limit, p.latency_ms, p.capacity)))
        return SemaphoreResult(files=p.files, points=points, knee=find_knee(points), spans=lab.rec.spans, t0_monotonic=lab.rec.t0_monotonic)
    finally:
        lab.stop.set()
        await server.stop()
        await lab.close()


EXPERIMENT = Experiment(
    name="semaphore",
    title=Message(QT_TRANSLATE_NOOP("Engine", "Semaphore sweep")),
    params=SemaphoreParams,
    run=run,
    code=(download_all,),
    look_for=Message(QT_TRANSLATE_NOOP("Engine", "Throughput climbs almost in step with the limit until it reaches "
                                                 "what the server serves at once (its capacity); past that, a higher "
                                                 "limit only makes requests queue at the server.")),
    explanation=Message(QT_TRANSLATE_NOOP("Engine", "A Semaphore(limit) lets at most limit coroutines into its "
                                                    "`async with` block; the rest wait their turn. While each request "
                                                    "mostly waits for the server, doubling the limit nearly halves "
                                                    "the time — the \"latency alone\" column is the best the latency "
                                                    "allows. Once the server (here: its capacity), the bandwidth or "
                                                    "the CPU is the bottleneck, more requests in flight only queue up "
                                                    "somewhere else. Real servers also punish floods (429, bans), "
                                                    "which is why polite clients cap their concurrency.")),
    comments=COMMENTS,
)
