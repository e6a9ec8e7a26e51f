"""Experiment: fetch → process → save for N items — one after another, stage by stage (every item finishes a
stage before the next stage starts), and as concurrent chains (each item moves on as soon as it can)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..jobs import QT_TRANSLATE_NOOP, Message
from ..lazy import lazy
from .base import Chart, Experiment, LabResult, LabRun, Series, Table, col, param
from .server import LatencyServer

aiohttp = lazy("aiohttp", __name__, "aiohttp")

SEQUENTIAL = Message(QT_TRANSLATE_NOOP("Engine", "one after another"))
STAGES = Message(QT_TRANSLATE_NOOP("Engine", "stage by stage"))
CHAINS = Message(QT_TRANSLATE_NOOP("Engine", "concurrent chains"))

COMMENTS = (
    QT_TRANSLATE_NOOP("Engine", "I/O: awaits the server, the loop runs other items meanwhile"),
    QT_TRANSLATE_NOOP("Engine", "CPU: zlib on a worker thread (zlib releases the GIL), so the loop stays free"),
    QT_TRANSLATE_NOOP("Engine", "disk: a blocking write, also on a worker thread"),
    QT_TRANSLATE_NOOP("Engine", "nothing overlaps: each item is fetched, processed and saved in turn"),
    QT_TRANSLATE_NOOP("Engine", "every item finishes a stage before any item starts the next one"),
    QT_TRANSLATE_NOOP("Engine", "each item goes on to the next stage as soon as it is ready"),
)
LABELS = (QT_TRANSLATE_NOOP("Engine", "fetch {i}"), QT_TRANSLATE_NOOP("Engine", "process {i}"),
          QT_TRANSLATE_NOOP("Engine", "save {i}"))  # the spans' labels on the timeline


@dataclass
class PipelineParams:
    items: int = param(16, QT_TRANSLATE_NOOP("Engine", "items"), minimum=1, maximum=256)
    size_kb: int = param(1024, QT_TRANSLATE_NOOP("Engine", "item size (KiB)"), minimum=1, maximum=16384)
    latency_ms: int = param(200, QT_TRANSLATE_NOOP("Engine", "server latency (ms)"), minimum=0, maximum=5000)
    level: int = param(6, QT_TRANSLATE_NOOP("Engine", "zlib level"), minimum=0, maximum=9)
    threads: int = param(2, QT_TRANSLATE_NOOP("Engine", "worker threads"), minimum=1, maximum=32)


# -- the code that runs (shown in the Lab) ---------------------------------------------------------
def compress(data, level, lab, i):
    with lab.span("process {i}", "process", i=i):
        return zlib.compress(data, level)


def write_file(path, blob, lab, i):
    with lab.span("save {i}", "save", i=i):
        with open(path, "wb") as fh:
            fh.write(blob)
        return path


class Stages:
    def __init__(self, session, urls, pool, folder, level, lab):
        self.session, self.urls, self.pool = session, urls, pool
        self.folder, self.level, self.lab = folder, level, lab

    async def fetch(self, i):
        # I/O: awaits the server, the loop runs other items meanwhile
        with self.lab.span("fetch {i}", "fetch", i=i):
            async with self.session.get(self.urls[i]) as response:
                response.raise_for_status()
                return await response.read()

    async def process(self, i, page):
        # CPU: zlib on a worker thread (zlib releases the GIL), so the loop stays free
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, compress, page, self.level, self.lab, i)

    async def save(self, i, blob):
        # disk: a blocking write, also on a worker thread
        path = os.path.join(self.folder, f"item-{i}.z")
        return await asyncio.get_running_loop().run_in_executor(self.pool, write_file, path, blob, self.lab, i)


async def one_after_another(items, s):
    saved = []
    for i in items:
        # nothing overlaps: each item is fetched, processed and saved in turn
        saved.append(await s.save(i, await s.process(i, await s.fetch(i))))
    return saved


async def stage_by_stage(items, s):
    # every item finishes a stage before any item starts the next one
    pages = await asyncio.gather(*(s.fetch(i) for i in items))
    blobs = await asyncio.gather(*(s.process(i, page) for i, page in zip(items, pages)))
    return await asyncio.gather(*(s.save(i, blob) for i, blob in zip(items, blobs)))


async def concurrent_chains(items, s):
    async def chain(i):
        # each item goes on to the next stage as soon as it is ready
        page = await s.fetch(i)
        blob = await s.process(i, page)
        return await s.save(i, blob)

    return await asyncio.gather(*(chain(i) for i in items))


# -- the result ------------------------------------------------------------------------------------
@dataclass
class PipelineWay:
    name: Message
    seconds: float
    items: int
    digest: str  # SHA-256 over every saved file in item order: equal for every way


@dataclass
class PipelineResult(LabResult):
    ways: list[PipelineWay] = field(default_factory=list)
    identical: bool = False

    def table(self) -> Table:
        base = self.ways[0].seconds if self.ways else 0.0
        return Table([col("way", QT_TRANSLATE_NOOP("Engine", "way")),
                      col("seconds", QT_TRANSLATE_NOOP("Engine", "seconds")),
                      col("speedup", QT_TRANSLATE_NOOP("Engine", "speed-up")),
                      col("items", QT_TRANSLATE_NOOP("Engine", "items"))],
                     [{"way": w.name, "seconds": w.seconds, "speedup": base / w.seconds if w.seconds else 0,
                       "items": w.items} for w in self.ways])

    def chart(self) -> Chart:
        return Chart("bar", Message(QT_TRANSLATE_NOOP("Engine", "way")), Message(QT_TRANSLATE_NOOP("Engine", "seconds")),
                     [Series(QT_TRANSLATE_NOOP("Engine", "seconds"), list(range(len(self.ways))),
                             [w.seconds for w in self.ways])],
                     ticks=[(i, w.name) for i, w in enumerate(self.ways)])

    def summary(self) -> list[Message]:
        lines = [Message(QT_TRANSLATE_NOOP("Engine", "{way}: {seconds:.2f} s for {items} items"),
                         way=w.name, seconds=w.seconds, items=w.items) for w in self.ways]
        lines.append(Message(QT_TRANSLATE_NOOP("Engine", "Every way saved identical files."))
                     if self.identical else Message(QT_TRANSLATE_NOOP("Engine", "The ways saved DIFFERENT files.")))
        return lines


def _digest(paths: list[str]) -> str:
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()


async def run(job, p: PipelineParams) -> PipelineResult:
    lab = LabRun(job)
    server = LatencyServer()
    folder = tempfile.mkdtemp(prefix="tributary-lab-")
    plan = [(SEQUENTIAL, one_after_another), (STAGES, stage_by_stage), (CHAINS, concurrent_chains)]
    try:
        await server.start()
        urls = [server.url(i, p.size_kb * 1024, p.latency_ms) for i in range(p.items)]
        pool = lab.track(ThreadPoolExecutor(max_workers=p.threads, thread_name_prefix="lab"))
        ways = []
        async with aiohttp.ClientSession() as session:
            for k, (name, fn) in enumerate(plan):
                lab.variant(name, k, len(plan))
                stages = Stages(session, urls, pool, os.path.join(folder, str(k)), p.level, lab)
                os.mkdir(stages.folder)
                t0 = time.perf_counter()
                paths = await fn(range(p.items), stages)
                seconds = time.perf_counter() - t0
                ways.append(PipelineWay(name, seconds, len(paths),
                                        await asyncio.get_running_loop().run_in_executor(pool, _digest, paths)))
        return PipelineResult(ways=ways, identical=len({w.digest for w in ways}) == 1, spans=lab.rec.spans, t0_monotonic=lab.rec.t0_monotonic)
    finally:
        lab.stop.set()
        await server.stop()
        await lab.close()
        await asyncio.get_running_loop().run_in_executor(None, shutil.rmtree, folder, True)


EXPERIMENT = Experiment(
    name="pipeline",
    title=Message(QT_TRANSLATE_NOOP("Engine", "Pipelines")),
    params=PipelineParams,
    run=run,
    code=(compress, write_file, Stages, one_after_another, stage_by_stage, concurrent_chains),
    look_for=Message(QT_TRANSLATE_NOOP("Engine", "Stage by stage, processing waits for the slowest download; in "
                                                 "chains, the first items are compressed and saved while the last "
                                                 "are still downloading — the stages overlap in the timeline.")),
    explanation=Message(QT_TRANSLATE_NOOP("Engine", "A pipeline is a chain of awaits per item: fetch (network), "
                                                    "process (CPU) and save (disk). Awaiting a gather per stage puts "
                                                    "a barrier between stages: nothing is processed until the slowest "
                                                    "fetch is in. One coroutine per item, gathered, lets each item "
                                                    "flow on as soon as its own fetch is done, so network, CPU and "
                                                    "disk work at the same time. CPU and disk work go to a thread "
                                                    "pool with run_in_executor: done on the event loop itself, they "
                                                    "would stop every other coroutine (and, in an app, the window).")),
    comments=COMMENTS,
)
