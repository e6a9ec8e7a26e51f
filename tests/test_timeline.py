"""The timeline recorder, what the engine records into it, and the Chrome/Perfetto export — with real pool
processes, a real loopback server, nginx and the real command line."""

from __future__ import annotations

import asyncio
import json
import os
import threading

import aiohttp
import pytest
from helpers import run_cli
from kernels_for_tests import whoami
from servers import FaultServer, payload
from test_runner import run_plain, with_runner
from trace_format import problems

from tributary.workers import primes, timeline
from tributary.workers.downloads.engine import DownloadEngine, Settings
from tributary.workers.downloads.journal import Journal
from tributary.workers.downloads.phases import trace_config
from tributary.workers.timeline import RECORDER, Recorder
from tributary.workers.timeline_index import TimelineIndex
from tributary.workers.trace_export import chrome_trace

LANE = ("processes", "worker 1")


def spans_of(job_id: int, category: str | None = None) -> list:
    return [s for s in RECORDER.snapshot().spans if s[1] == job_id and (category is None or s[3] == category)]


# -- the recorder ------------------------------------------------------------------------------------------
def test_the_ring_stays_bounded_and_says_what_it_dropped():
    rec = Recorder(capacity=1000, counter_capacity=50)
    for i in range(5000):
        rec.record(LANE, 1, f"s{i}", "computing", float(i), i + 0.5)
        rec.counter("cpu", i, "w")
    snap = rec.snapshot()
    assert len(snap.spans) == 1000 and snap.dropped == 4000
    assert [s[2] for s in snap.spans[:2]] == ["s4000", "s4001"] and snap.spans[-1][2] == "s4999"
    assert len(snap.counters[("cpu", "w")]) == 50
    new, total, first = rec.spans_since(4990)
    assert (total, first) == (5000, 4000) and [s[2] for s in new] == [f"s{i}" for i in range(4990, 5000)]
    new, _, _ = rec.spans_since(0, limit=3)  # a reader that fell behind gets the oldest still held
    assert [s[2] for s in new] == ["s4000", "s4001", "s4002"]


def test_recording_from_many_threads_loses_nothing():
    rec = Recorder(capacity=100_000)

    def work(n: int) -> None:
        lane = rec.worker_lane("threads", os.getpid(), threading.get_native_id())
        for i in range(5000):
            with rec.span(lane, n, "x", "running", i=i):
                pass

    threads = [threading.Thread(target=work, args=(n,)) for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    snap = rec.snapshot()
    assert len(snap.spans) == 20_000 and not snap.open
    assert {s[1] for s in snap.spans} == {1, 2, 3, 4}
    assert len({s[0] for s in snap.spans}) == 4  # a lane per thread
    for job in range(1, 5):
        assert sorted(s[6]["i"] for s in snap.spans if s[1] == job) == list(range(5000))


def test_an_open_span_is_visible_until_it_ends_and_keeps_its_error():
    rec = Recorder()
    with pytest.raises(ValueError), rec.span(LANE, 3, "x", "running", bytes=5):
        assert len(rec.open_spans()) == 1 and rec.open_spans()[0][5] is None
        raise ValueError
    (span,) = rec.snapshot().spans
    assert span[6] == {"bytes": 5, "error": "ValueError"} and span[5] >= span[4]
    assert not rec.open_spans()


def test_switched_off_it_records_nothing_and_chunks_run_unwrapped():
    rec = Recorder(enabled=False)
    rec.record(LANE, 1, "x", "computing", 0.0, 1.0)
    rec.counter("cpu", 1.0)
    assert rec.begin(LANE, 1, "y") == 0
    seen = []
    fut = timeline.submit_chunk(lambda fn, *a: seen.append(fn) or _done(fn(*a)), "threads", 1, 0, whoami, -1, (0, 0.0),
                                recorder=rec)
    assert seen == [whoami] and fut.result()[0] == 0
    assert rec.snapshot().spans == [] and rec.version == 0


def _done(value):
    import concurrent.futures as cf

    fut = cf.Future()
    fut.set_result(value)
    return fut


# -- what the engine records --------------------------------------------------------------------------------
def test_a_primes_job_covers_every_chunk_once_each_on_the_lane_of_its_worker():
    async def body(runner):
        await asyncio.get_running_loop().run_in_executor(None, runner.pool.warm)
        pids = set(runner.pool.child_pids())
        job = primes.start_job(runner, primes.PrimeRequest(0, 3 * 10**8, workers=2, buckets=0))
        await runner.wait(job)
        return job, pids

    job, pids = run_plain(lambda: with_runner(body))
    assert job.state.value == "done"
    plan = list(primes.choose_kernel(job.request)[1])  # the C kernel's chunks where it loads, else numpy's
    spans = spans_of(job.id, timeline.COMPUTING)
    assert sorted(s[6]["chunk"] for s in spans) == list(range(1, len(plan) + 1))  # each chunk exactly once
    for s in spans:
        assert tuple(s[6]["args"][:2]) == plan[s[6]["chunk"] - 1]  # the chunk's own bounds
        assert timeline.label_text(s[2], s[6]) == f"chunk {s[6]['chunk']}"
        assert s[0][0] == "processes" and f"(pid {s[6]['pid']})" in s[0][1]
        assert s[0] == RECORDER.worker_lane("processes", s[6]["pid"])
        assert s[4] < s[5]
    assert {s[6]["pid"] for s in spans} <= pids and len({s[0] for s in spans}) == 2  # both workers worked
    for lane in {s[0] for s in spans}:  # one process runs one chunk at a time: its spans never overlap
        mine = sorted((s[4], s[5]) for s in spans if s[0] == lane)
        assert all(a[1] <= b[0] for a, b in zip(mine, mine[1:]))


@pytest.mark.parametrize("executor", ["processes", "threads"])
def test_each_chunk_is_on_the_lane_of_the_process_or_thread_that_ran_it(executor):
    ran: dict[int, tuple[int, int]] = {}

    async def body(runner):
        job = runner.start_chunks("demo", "who", whoami, ((i, 0.02) for i in range(12)),
                                  lambda job, i, r: ran.__setitem__(r[0], (r[1], r[2])),
                                  total=12, window=2, executor=executor)
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    assert job.state.value == "done" and sorted(ran) == list(range(12))
    spans = {s[6]["chunk"] - 1: s for s in spans_of(job.id)}
    assert sorted(spans) == list(range(12))
    for index, (pid, thread) in ran.items():
        assert spans[index][0] == RECORDER.worker_lane(executor, pid, thread)
        assert spans[index][0][0] == executor
    if executor == "threads":
        assert all(pid == os.getpid() for pid, _ in ran.values())


def test_thread_jobs_and_coroutine_jobs_are_spans_too():
    async def body(runner):
        a = runner.start_thread("demo", "on a thread", lambda job: sum(range(1000)))
        b = runner.start_coroutine("demo", "a coroutine", _sleepy)
        await runner.wait(a)
        await runner.wait(b)
        return a, b

    a, b = run_plain(lambda: with_runner(body))
    (ta,) = spans_of(a.id)
    (tb,) = spans_of(b.id)
    assert ta[0][0] == "threads" and ta[2] == "on a thread"
    assert tb[0][0] == "asyncio" and tb[2] == "a coroutine" and tb[5] - tb[4] >= 0.05


async def _sleepy(job):
    await asyncio.sleep(0.05)
    return 1


async def _download(tmp_path, urls, **settings):
    server = FaultServer()
    base = await server.start()
    import concurrent.futures as cf

    from tributary.workers.pool import ProcessPool
    from tributary.workers.runner import JobRunner

    threads = cf.ThreadPoolExecutor(2)
    runner = JobRunner(threads, ProcessPool(workers=1))
    session = aiohttp.ClientSession(trace_configs=[trace_config()])
    journal = Journal(tmp_path / "journal.sqlite3")

    async def factory():
        return session

    engine = DownloadEngine(runner, journal, factory, Settings(**{"retries": 3, "backoff": 0.05, **settings}))
    folder = tmp_path / "dl"
    folder.mkdir(exist_ok=True)
    try:
        engine.add([(base + u, None) for u in urls], folder)
        await engine.run_all()
        return [t for t in engine.transfers]
    finally:
        await runner.shutdown()
        await session.close()
        await server.stop()
        engine.close()
        journal.close()
        threads.shutdown(wait=True)


def test_a_download_records_its_phases_back_to_back_on_a_connection_lane(tmp_path):
    size = 6 * 65536
    (t,) = run_plain(lambda: _download(tmp_path, [f"/slow?size={size}&delay=0.02"]))
    assert t.item.state == "done"
    spans = sorted(spans_of(t.job.id), key=lambda s: s[4])
    phases = [s for s in spans if s[0][0] == "downloads"]
    assert [s[3] for s in phases] == [timeline.CONNECTING, timeline.FIRST_BYTE, timeline.RECEIVING,
                                      timeline.FINISHING]
    assert len({s[0] for s in phases}) == 1 and "connection" in phases[0][0][1]
    assert all(a[5] == b[4] for a, b in zip(phases, phases[1:]))  # one phase ends as the next begins
    receiving = phases[2]
    assert receiving[6]["bytes"] == size and receiving[6]["status"] == 200
    assert receiving[5] - receiving[4] >= 0.08  # the server paused 20 ms between 64 KiB pieces
    assert timeline.label_text(receiving[2], receiving[6]) == f"{t.item.name} · connection 1"
    (task,) = [s for s in spans if s[0][0] == "asyncio"]  # the job's coroutine, around all of it
    assert task[4] <= phases[0][4] and task[5] >= phases[-1][5]


def test_a_retry_back_off_is_a_phase_of_the_connection(tmp_path):
    (t,) = run_plain(lambda: _download(tmp_path, ["/status/503?times=1&size=1000"]))
    assert t.item.state == "done"
    phases = [s[3] for s in sorted(spans_of(t.job.id), key=lambda s: s[4]) if s[0][0] == "downloads"]
    assert phases[:4] == [timeline.CONNECTING, timeline.FIRST_BYTE, timeline.RECEIVING, timeline.BACKOFF]
    assert phases[4:] == [timeline.CONNECTING, timeline.FIRST_BYTE, timeline.RECEIVING, timeline.FINISHING]
    backoff = next(s for s in spans_of(t.job.id) if s[3] == timeline.BACKOFF)
    assert backoff[6]["attempt"] == 1 and backoff[5] - backoff[4] >= backoff[6]["seconds"] * 0.9


def test_a_segmented_download_shows_one_lane_per_connection(tmp_path):
    size = 8 << 20
    (t,) = run_plain(lambda: _download(tmp_path, [f"/file/seg.bin?size={size}"], split=4, min_segment=1 << 20))
    assert t.item.state == "done" and t.item.bytes_done == size
    connections = [c for c in t.details.connections if c.received]
    assert len(connections) >= 2  # really segmented
    spans = [s for s in spans_of(t.job.id, timeline.RECEIVING) if s[0][0] == "downloads"]
    lanes = {s[0] for s in spans}
    assert 2 <= len(lanes) <= 4  # connections at once on lanes of their own (a lane is reused when one ends)
    for lane in lanes:  # never two connections on one lane at the same time
        on_lane = sorted((s for s in spans if s[0] == lane), key=lambda s: s[4])
        assert all(a[5] <= b[4] for a, b in zip(on_lane, on_lane[1:]))
    assert sum(s[6]["bytes"] for s in spans) == size  # the receiving spans account for every byte


def test_concurrent_downloads_take_separate_connection_lanes_and_give_them_back(tmp_path):
    urls = [f"/slow?size={4 * 65536}&delay=0.02&n={i}" for i in range(3)]
    transfers = run_plain(lambda: _download(tmp_path, urls, concurrency=3))
    lanes = {}
    for t in transfers:
        lanes[t.job.id] = {s[0] for s in spans_of(t.job.id) if s[0][0] == "downloads"}
        assert len(lanes[t.job.id]) == 1
    assert len(set.union(*lanes.values())) == 3  # three at once: three lanes
    assert RECORDER.lanes.acquire("downloads")[1] == "connection 1"  # all were given back
    RECORDER.lanes.release(("downloads", "connection 1"))


# -- the index the view draws from ---------------------------------------------------------------------------
def test_the_index_merges_narrow_spans_and_keeps_wide_ones_apart():
    rec = Recorder()
    for i in range(10_000):  # 10,000 spans of 0.9 ms every 1 ms
        rec.record(LANE, 1, "x", "computing", 100 + i * 1e-3, 100 + i * 1e-3 + 9e-4)
    index = TimelineIndex(rec)
    index.update(budget=60)
    wide = index.visible(LANE, 100.0, 100.0195, 1000)  # 19.5 ms over 1000 px: 46 px each
    assert len(wide) == wide.spans == 20
    narrow = index.visible(LANE, 100.0, 110.0, 1000)  # 10 s over 1000 px: 0.09 px each
    assert narrow.spans == 10_000 and len(narrow) <= 1000
    assert index.span_at(LANE, 100.0105, 1e-5)[4] == pytest.approx(100.010)


def test_the_index_forgets_what_the_ring_dropped():
    rec = Recorder(capacity=100)
    index = TimelineIndex(rec)
    for i in range(250):
        rec.record(LANE, 1, "x", "computing", float(i), i + 0.5)
        if i % 40 == 0:
            index.update()
    index.update()
    assert index.spans == 100 and index.visible(LANE, 0, 149.9, 1500).spans == 0
    assert index.visible(LANE, 150, 250, 1000).spans == 100


# -- export ---------------------------------------------------------------------------------------------------
def _recorded() -> Recorder:
    rec = Recorder()
    o = rec.origin
    rec.record(("processes", "worker 1 (pid 1)"), 1, "chunk 1", "computing", o + 1.0, o + 1.25, {"pid": 1})
    rec.record(("processes", "worker 1 (pid 1)"), 1, "chunk 3", "computing", o + 1.25, o + 1.5, {"pid": 1})
    rec.record(("processes", "worker 2 (pid 2)"), 1, "chunk 2", "computing", o + 1.0, o + 1.4)
    lane = ("downloads", "connection 1")
    rec.record(lane, 2, "a · connection 1", "receiving", o + 2.0, o + 3.0, {"bytes": 10})
    rec.record(lane, 2, "a · connection 2", "receiving", o + 2.5, o + 3.5)  # overlaps: a raced segment
    rec.record(lane, 2, "a · connection 3", "receiving", o + 3.0, o + 3.2)
    rec.begin(("asyncio", "task 1"), 2, "still going", "running")
    for i in range(5):
        rec.counter("ui_lateness", float(i), t=o + 1 + i * 0.5)
        rec.counter("cpu", 50.0 + i, "worker 1 (pid 1)", t=o + 1 + i * 0.5)
    return rec


def test_the_export_is_valid_trace_event_json_and_round_trips_the_spans():
    rec = _recorded()
    snap = rec.snapshot()
    trace = json.loads(json.dumps(chrome_trace(snap)))
    assert problems(trace) == []
    assert trace["displayTimeUnit"] == "ms"
    xs = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert len(xs) == len(snap.spans) + len(snap.open) == 7
    first = next(e for e in xs if e["name"] == "chunk 1")
    assert first["dur"] == 250_000 and first["args"] == {"job": 1, "pid": 1}  # microseconds
    third = next(e for e in xs if e["name"] == "chunk 3")
    assert third["ts"] - first["ts"] == 250_000 and third["tid"] == first["tid"]
    raced = {e["name"]: e["tid"] for e in xs if e["name"].startswith("a · ")}
    assert raced["a · connection 2"] != raced["a · connection 1"]  # the overlap went to its own tid
    names = {e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
    assert {"worker 1 (pid 1)", "worker 2 (pid 2)", "connection 1", "connection 1 (2)", "task 1"} <= names
    processes = {e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "process_name"}
    assert {"Process pool", "Download connections", "Coroutine tasks", "Tributary"} <= processes
    counters = [e for e in trace["traceEvents"] if e["ph"] == "C"]
    assert len(counters) == 10 and {e["name"] for e in counters} == {"UI lateness (ms)", "CPU (%)"}
    assert next(e for e in xs if e["name"] == "still going")["args"]["unfinished"] is True


def test_the_export_keeps_one_job_or_a_time_range():
    rec = _recorded()
    snap = rec.snapshot()
    o = rec.origin
    job = chrome_trace(snap, job=1)
    assert problems(job) == []
    assert sorted(e["name"] for e in job["traceEvents"] if e["ph"] == "X") == ["chunk 1", "chunk 2", "chunk 3"]
    assert len([e for e in job["traceEvents"] if e["ph"] == "C" and e["name"] == "UI lateness (ms)"]) == 2
    window = chrome_trace(snap, start=o + 1.3, end=o + 2.2)
    assert problems(window) == []
    xs = {e["name"]: e for e in window["traceEvents"] if e["ph"] == "X"}
    assert set(xs) == {"chunk 3", "chunk 2", "a · connection 1"}
    assert xs["chunk 2"]["ts"] == 0 and xs["chunk 2"]["dur"] == 100_000  # clipped to the range


def test_the_command_line_writes_a_valid_trace_for_primes(tmp_path):
    path = tmp_path / "primes.json"
    out = run_cli("primes", "0", "1e8", "--workers", "2", "--json", "--trace", str(path))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["count"] == 5_761_455
    trace = json.loads(path.read_text())
    assert problems(trace) == []
    chunks = [e for e in trace["traceEvents"] if e["ph"] == "X" and e["cat"] == "computing"]
    plan = primes.choose_kernel(primes.PrimeRequest(0, 10**8, workers=2, buckets=0))[1]  # the kernel the CLI ran
    assert sorted(e["args"]["chunk"] for e in chunks) == list(range(1, len(plan) + 1))
    assert "Chunks in flight" in {e["name"] for e in trace["traceEvents"] if e["ph"] == "C"}
    assert "trace of" in out.stderr


def test_the_command_line_writes_a_valid_trace_for_downloads(tmp_path, nginx):
    (nginx.root / "tl").mkdir(exist_ok=True)
    for i in range(3):
        (nginx.root / "tl" / f"f{i}.bin").write_bytes(payload(300_000, seed=i))
    path = tmp_path / "dl.json"
    urls = [f"{nginx.base}/tl/f{i}.bin" for i in range(3)]
    out = run_cli("download", *urls, "-d", str(tmp_path), "--journal", str(tmp_path / "j.sqlite3"), "--trace",
                  str(path))
    assert out.returncode == 0, out.stderr
    trace = json.loads(path.read_text())
    assert problems(trace) == []
    received = [e for e in trace["traceEvents"] if e["ph"] == "X" and e["cat"] == "receiving"]
    assert sorted(e["args"]["bytes"] for e in received) == [300_000] * 3
    assert {e["name"].split(" · ")[0] for e in received} == {"f0.bin", "f1.bin", "f2.bin"}


def test_the_command_line_traces_shared_memory_jobs_and_says_when_it_cannot(tmp_path):
    path = tmp_path / "shm.json"
    out = run_cli("shm", "1e6", "--workers", "2", "--executor", "threads", "--trace", str(path))
    assert out.returncode == 0, out.stderr
    trace = json.loads(path.read_text())
    assert problems(trace) == []
    lanes = {e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
    assert lanes and all(name.startswith("thread ") for name in lanes)
    out = run_cli("shm", "1000", "--trace", str(tmp_path / "no" / "t.json"))
    assert out.returncode == 2 and "does not exist" in out.stderr
    out = run_cli("shm", "1000", "--trace", str(tmp_path))  # a folder, not a file
    assert out.returncode == 1 and "cannot write the trace" in out.stderr


def test_an_index_opened_on_a_full_ring_catches_up_in_small_steps():
    rec = Recorder(capacity=50_000)
    for i in range(50_000):
        rec.record(("threads", f"thread {i % 4}"), 1, "x", "running", float(i), i + 0.5)
    index = TimelineIndex(rec)
    assert index.update(budget=0.0) and index.spans == 2000 and index.behind == 48_000  # one batch a refresh
    steps = 1
    while index.behind:
        index.update()
        steps += 1
    assert index.spans == 50_000 and steps > 2
    assert sum(index.visible(("threads", f"thread {k}"), 0, 50_000, 1000).spans for k in range(4)) == 50_000
