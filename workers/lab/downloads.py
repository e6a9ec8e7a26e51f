"""Experiment: the same downloads three ways — one after another, a thread pool with ``as_completed``,
and ``asyncio.gather`` under a ``Semaphore`` — on the user's URLs or the Lab's loopback server."""

from __future__ import annotations

import asyncio
import hashlib
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from urllib.request import urlopen

from ..jobs import QT_TRANSLATE_NOOP, Message, UserError
from ..lazy import lazy
from .base import Chart, Experiment, LabResult, LabRun, Series, Table, col, param
from .server import LatencyServer

aiohttp = lazy("aiohttp", __name__, "aiohttp")

TIMEOUT = 30.0  # seconds a request may take before it counts as failed
ONE = Message(QT_TRANSLATE_NOOP("Engine", "one after another"))
THREADS = Message(QT_TRANSLATE_NOOP("Engine", "ThreadPoolExecutor + as_completed"))
ASYNCIO = Message(QT_TRANSLATE_NOOP("Engine", "asyncio.gather + Semaphore"))

COMMENTS = (
    QT_TRANSLATE_NOOP("Engine", "urllib blocks this thread until the whole body has arrived"),
    QT_TRANSLATE_NOOP("Engine", "Cancel stops us before the next file"),
    QT_TRANSLATE_NOOP("Engine", "the next download starts only when this one has finished"),
    QT_TRANSLATE_NOOP("Engine", "submit everything at once: each call returns a Future at once"),
    QT_TRANSLATE_NOOP("Engine", "as_completed hands back each future as soon as it is done, fastest first"),
    QT_TRANSLATE_NOOP("Engine", "at most `limit` downloads at once; the others wait at `async with`"),
    QT_TRANSLATE_NOOP("Engine", "one session: its connections are reused by every request"),
    QT_TRANSLATE_NOOP("Engine", "every download runs on this one thread; gather waits for all of them"),
)
LABELS = (QT_TRANSLATE_NOOP("Engine", "file {i}"),)  # the spans' labels on the timeline


@dataclass
class DownloadsParams:
    urls: str = param("", QT_TRANSLATE_NOOP("Engine", "URLs"),
                      help=QT_TRANSLATE_NOOP("Engine", "One URL per line; leave empty to use the Lab's own "
                                                       "loopback server"))
    files: int = param(12, QT_TRANSLATE_NOOP("Engine", "files"), minimum=1, maximum=256)
    size_kb: int = param(256, QT_TRANSLATE_NOOP("Engine", "file size (KiB)"), minimum=1, maximum=16384)
    latency_ms: int = param(150, QT_TRANSLATE_NOOP("Engine", "server latency (ms)"), minimum=0, maximum=5000)
    workers: int = param(4, QT_TRANSLATE_NOOP("Engine", "threads / semaphore limit"), minimum=1, maximum=64)

    def url_list(self) -> list[str]:
        return [line.strip() for line in self.urls.splitlines() if line.strip()]

    def check(self) -> None:
        urls = self.url_list()
        if len(urls) > 256:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Give at most {most} URLs."), field="urls", most=256)
        for url in urls:
            if not url.lower().startswith(("http://", "https://")):
                raise UserError(QT_TRANSLATE_NOOP("Engine", "Not an http(s) URL: {url}"), field="urls", url=url)


# -- the code that runs (shown in the Lab) ---------------------------------------------------------
def fetch_blocking(url, lab, i):
    # urllib blocks this thread until the whole body has arrived
    with lab.span("file {i}", "download", i=i), urlopen(url, timeout=TIMEOUT) as response:
        return response.read()


def one_after_another(urls, lab):
    finished = []
    for i, url in enumerate(urls):
        lab.check()  # Cancel stops us before the next file
        # the next download starts only when this one has finished
        finished.append((i, fetch_blocking(url, lab, i)))
    return finished


def with_threads(urls, workers, lab):
    finished = []
    with lab.track(ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lab")) as pool:
        # submit everything at once: each call returns a Future at once
        futures = {pool.submit(fetch_blocking, url, lab, i): i for i, url in enumerate(urls)}
        # as_completed hands back each future as soon as it is done, fastest first
        for future in as_completed(futures):
            finished.append((futures[future], future.result()))
    return finished


async def with_asyncio(urls, limit, lab):
    # at most `limit` downloads at once; the others wait at `async with`
    semaphore = asyncio.Semaphore(limit)
    finished = []
    # one session: its connections are reused by every request
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT, sock_read=TIMEOUT)) as session:

        async def fetch(i, url):
            async with semaphore:
                with lab.span("file {i}", "download", i=i):
                    async with session.get(url) as response:
                        response.raise_for_status()
                        finished.append((i, await response.read()))

        # every download runs on this one thread; gather waits for all of them
        await asyncio.gather(*(fetch(i, url) for i, url in enumerate(urls)))
    return finished


# -- the result ------------------------------------------------------------------------------------
@dataclass
class DownloadWay:
    name: Message
    seconds: float
    files: int
    bytes: int
    order: list[int]  # file indices in the order they finished
    sha256: list[str]  # by file index

    @property
    def mb_per_s(self) -> float:
        return self.bytes / self.seconds / 1e6 if self.seconds > 0 else 0.0


@dataclass
class DownloadsResult(LabResult):
    source: str = ""  # "loopback" or "urls"
    ways: list[DownloadWay] = field(default_factory=list)
    identical: bool = False  # every way fetched the same bytes for every file

    def table(self) -> Table:
        return Table([col("way", QT_TRANSLATE_NOOP("Engine", "way")),
                      col("seconds", QT_TRANSLATE_NOOP("Engine", "seconds")),
                      col("files", QT_TRANSLATE_NOOP("Engine", "files")),
                      col("mb", QT_TRANSLATE_NOOP("Engine", "MB")),
                      col("mb_per_s", QT_TRANSLATE_NOOP("Engine", "MB/s")),
                      col("order", QT_TRANSLATE_NOOP("Engine", "completion order"))],
                     [{"way": w.name, "seconds": w.seconds, "files": w.files, "mb": w.bytes / 1e6,
                       "mb_per_s": w.mb_per_s, "order": w.order} for w in self.ways])

    def chart(self) -> Chart:
        return Chart("bar", Message(QT_TRANSLATE_NOOP("Engine", "way")), Message(QT_TRANSLATE_NOOP("Engine", "seconds")),
                     [Series(QT_TRANSLATE_NOOP("Engine", "seconds"), list(range(len(self.ways))),
                             [w.seconds for w in self.ways])],
                     ticks=[(i, w.name) for i, w in enumerate(self.ways)])

    def summary(self) -> list[Message]:
        lines = [Message(QT_TRANSLATE_NOOP("Engine", "{way}: {seconds:.2f} s, {rate:.1f} MB/s; finished in the order {order}"),
                         way=w.name, seconds=w.seconds, rate=w.mb_per_s, order=" ".join(map(str, w.order)))
                 for w in self.ways]
        lines.append(Message(QT_TRANSLATE_NOOP("Engine", "Every way fetched identical bytes for every file."))
                     if self.identical else
                     Message(QT_TRANSLATE_NOOP("Engine", "The ways fetched DIFFERENT bytes: the source changes between requests.")))
        return lines


def _way(name: Message, seconds: float, finished: list[tuple[int, bytes]], count: int) -> DownloadWay:
    digests = [""] * count
    for i, data in finished:
        digests[i] = hashlib.sha256(data).hexdigest()
    return DownloadWay(name, seconds, len(finished), sum(len(d) for _, d in finished), [i for i, _ in finished],
                       digests)


async def run(job, p: DownloadsParams) -> DownloadsResult:
    lab = LabRun(job)
    server = None
    try:
        urls = p.url_list()
        source = "urls" if urls else "loopback"
        if not urls:
            server = LatencyServer()
            await server.start()
            urls = [server.url(i, p.size_kb * 1024, p.latency_ms) for i in range(p.files)]
        plan = [(ONE, lambda: lab.blocking(one_after_another, urls, lab)),
                (THREADS, lambda: lab.blocking(with_threads, urls, p.workers, lab)),
                (ASYNCIO, lambda: with_asyncio(urls, p.workers, lab))]
        ways = []
        for k, (name, start) in enumerate(plan):
            lab.variant(name, k, len(plan))
            t0 = time.perf_counter()
            finished = await start()
            ways.append(_way(name, time.perf_counter() - t0, finished, len(urls)))
        identical = all(w.sha256 == ways[0].sha256 and all(w.sha256) for w in ways)
        return DownloadsResult(ways=ways, source=source, identical=identical, spans=lab.rec.spans, t0_monotonic=lab.rec.t0_monotonic)
    finally:
        lab.stop.set()
        if server is not None:
            await server.stop()
        await lab.close()


EXPERIMENT = Experiment(
    name="downloads",
    title=Message(QT_TRANSLATE_NOOP("Engine", "Downloads three ways")),
    params=DownloadsParams,
    run=run,
    code=(fetch_blocking, one_after_another, with_threads, with_asyncio),
    look_for=Message(QT_TRANSLATE_NOOP("Engine", "The two concurrent ways take about as long as the slowest few "
                                                 "files, the sequential one as long as all of them together; and "
                                                 "files finish in a different order than they were asked for.")),
    explanation=Message(QT_TRANSLATE_NOOP("Engine", "A download is mostly waiting for the network. One after "
                                                    "another, the waits add up. A ThreadPoolExecutor waits on several "
                                                    "threads at once, and as_completed hands you each result the "
                                                    "moment it is ready, so the order follows the server, not your "
                                                    "list. asyncio waits on one thread: every await lets another "
                                                    "download run, and a Semaphore caps how many run at once so the "
                                                    "server is not flooded. On a few files threads and asyncio are "
                                                    "close; on thousands, a coroutine costs far less than a thread.")),
    comments=COMMENTS,
)
