"""The Lab's experiments without Qt: real loopback servers (the Lab's own and nginx), real threads and real
spawn processes; each experiment's result shape and invariants, cancel of each, exports and the CLI."""

from __future__ import annotations

import ast
import asyncio
import hashlib
import inspect
import json
import os
import threading
import time
import xml.etree.ElementTree as ET

import pytest
from helpers import ROOT, run_cli
from test_runner import run_plain, with_runner
from trace_format import problems

from tributary.workers import timeline, trace_export
from tributary.workers.arrays import leaked_blocks
from tributary.workers.jobs import JobState, Message, UserError
from tributary.workers.lab import registry
from tributary.workers.lab.base import Recorder, check_experiment, code_text, from_text, specs, to_text
from tributary.workers.lab.export import write_csv
from tributary.workers.lab.registry import LabRequest
from tributary.workers.lab.semaphore import LimitPoint, find_knee, latency_floor
from tributary.workers.procs import cmdline, worker_descendants

pytestmark = pytest.mark.timeout(180)


def run_lab(name: str, timeout: float = 90, **values):
    params = from_text(registry.get(name).params, {k: str(v) for k, v in values.items()})

    async def body(runner):
        job = registry.start(runner, name, params)
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body), timeout)
    assert job.state is JobState.DONE, job.error
    result = job.result
    assert result.experiment == name and result.seconds > 0 and result.params == {**to_text(params)}
    assert result.t0_monotonic > 0 and all(0 <= s.start <= s.end <= result.seconds + 0.05 for s in result.spans)
    assert nothing_left(), f"a finished experiment left something running: {leftovers()}"
    return result


def lane_of(span) -> str:
    """A span's lane without its variant's number: "2. threads ×2 · thread 1" → "threads ×2 · thread 1"."""
    return span.lane.split(". ", 1)[1]


def leftovers() -> list:
    return ([t.name for t in threading.enumerate() if t.name.startswith("lab") and t.is_alive()]
            + [(p, cmdline(p)) for p in worker_descendants()] + our_blocks())


def our_blocks() -> list[str]:
    """Shared-memory blocks this test process made (others' tests may run beside ours)."""
    return [name for name in leaked_blocks() if name.startswith(f"tributary_{os.getpid()}_")]


def nothing_left() -> bool:
    """No Lab thread, no child process (the resource tracker aside), no shared-memory block of ours."""
    threads = [t.name for t in threading.enumerate() if t.name.startswith("lab") and t.is_alive()]
    children = [p for p in worker_descendants() if "nginx" not in cmdline(p)]  # the session's nginx stays
    return not threads and not children and not our_blocks()


def cancel_lab(name: str, wait_for: str = "", after: float = 0.3, **values):
    """Start ``name``, wait until its progress text mentions ``wait_for`` and ``after`` seconds more, cancel;
    returns the job and the seconds from Cancel until the job had ended and cleaned up."""
    params = from_text(registry.get(name).params, {k: str(v) for k, v in values.items()})

    async def body(runner):
        job = registry.start(runner, name, params)
        deadline = time.monotonic() + 30
        while wait_for not in str(job.text) and time.monotonic() < deadline and not job.state.finished:
            await asyncio.sleep(0.005)
        await asyncio.sleep(after)
        assert not job.state.finished, f"{name} finished before it could be cancelled"
        t0 = time.monotonic()
        runner.cancel(job)
        await runner.wait(job, timeout=10)
        return job, time.monotonic() - t0

    job, seconds = run_plain(lambda: with_runner(body), 60)
    return job, seconds


# -- parameters ------------------------------------------------------------------------------------
def test_every_experiment_has_defaults_that_check_and_round_trip():
    assert list(registry.EXPERIMENTS) == ["downloads", "semaphore", "failures", "pipeline", "timeouts", "cpu",
                                          "sharedmem", "lock"]
    for experiment in registry.EXPERIMENTS.values():
        params = experiment.params()
        assert from_text(experiment.params, to_text(params)) == params
        assert specs(experiment.params), experiment.name


@pytest.mark.parametrize(("name", "values", "field"), [
    ("downloads", {"files": "abc"}, "files"),
    ("downloads", {"files": "0"}, "files"),
    ("downloads", {"files": "1e400"}, "files"),
    ("downloads", {"files": "-3"}, "files"),
    ("downloads", {"files": ""}, "files"),
    ("downloads", {"size_kb": "10^100"}, "size_kb"),
    ("downloads", {"urls": "ftp://example.org/x\nhttp://ok/"}, "urls"),
    ("downloads", {"nonsense": "1"}, "nonsense"),
    ("failures", {"tasks": "3", "fail_index": "3"}, "fail_index"),
    ("timeouts", {"shortest_ms": "500", "longest_ms": "100"}, "shortest_ms"),
    ("semaphore", {"limits": "1,2,,x"}, "limits"),
    ("semaphore", {"limits": "0,4"}, "limits"),
    ("semaphore", {"limits": " , "}, "limits"),
    ("cpu", {"workers": ",".join(str(i) for i in range(1, 20))}, "workers"),
    ("sharedmem", {"elements": "2e9"}, "elements"),
])
def test_hostile_parameters_are_refused_with_their_field(name, values, field):
    with pytest.raises(UserError) as err:
        from_text(registry.get(name).params, values)
    assert err.value.field == field
    assert str(err.value.message)  # a sentence for a person, not a traceback


def test_lists_and_numbers_are_read_as_people_type_them():
    p = from_text(registry.get("semaphore").params, {"limits": "8; 1, 2 4,2", "files": "1e2"})
    assert p.limits == (1, 2, 4, 8) and p.files == 100
    assert from_text(registry.get("cpu").params, {"c_limit": "1e9"}).c_limit == 10**9


def test_an_unknown_experiment_is_a_user_error():
    with pytest.raises(UserError, match="no experiment"):
        registry.get("nope")


# -- the shown code --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(registry.EXPERIMENTS))
def test_shown_code_is_the_code_that_runs_and_every_comment_is_marked(name):
    experiment = registry.get(name)
    assert check_experiment(experiment) == []
    module = inspect.getmodule(experiment.run)
    for fn in experiment.code:  # the very objects the module runs, shown from their source
        assert getattr(module, fn.__name__) is fn
    text = code_text(experiment)
    ast.parse(text)
    assert all(inspect.getsource(fn) in text for fn in experiment.code)


def _zh_catalogue() -> dict[str, str]:
    ts = ROOT / "resources" / "translations" / "tributary_zh_CN.ts"
    out = {}
    for ctx in ET.parse(ts).iter("context"):
        if ctx.find("name").text == "Engine":
            for msg in ctx.iter("message"):
                out[msg.find("source").text] = msg.find("translation").text or ""
    return out


@pytest.mark.parametrize("name", list(registry.EXPERIMENTS))
def test_shown_code_and_texts_exist_in_chinese(name):
    experiment = registry.get(name)
    zh = _zh_catalogue()
    for text in (experiment.title, experiment.look_for, experiment.explanation, *experiment.comments,
                 *(spec.label for _, spec, _ in specs(experiment.params))):
        assert zh.get(str(text)), f"not translated: {text!r}"
    chinese = code_text(experiment, lambda comment: zh[comment])
    ast.parse(chinese)  # still the same program, only the comments changed
    assert chinese != code_text(experiment) and any("\u4e00" <= ch <= "\u9fff" for ch in chinese)


# -- each experiment: shape and invariants ----------------------------------------------------------
def test_downloads_three_ways_fetch_identical_bytes_from_the_labs_server():
    r = run_lab("downloads", files=6, size_kb=32, latency_ms=30, workers=3)
    assert r.source == "loopback" and r.identical and len(r.ways) == 3
    for way in r.ways:
        assert way.files == 6 and way.bytes == 6 * 32 * 1024 and sorted(way.order) == list(range(6))
        assert all(len(h) == 64 for h in way.sha256)
    assert r.ways[0].order == list(range(6))  # one after another finishes in the order asked
    lanes = {s.lane for s in r.spans if lane_of(s).startswith("ThreadPoolExecutor")}
    assert len(lanes) >= 2, lanes  # the thread pool really ran downloads on several threads
    assert sum(s.category == "download" for s in r.spans) == 18


def test_downloads_three_ways_on_the_users_urls_from_nginx(nginx):
    blobs = [hashlib.sha256(bytes([i])).digest() * (1000 + 7 * i) for i in range(5)]
    for i, blob in enumerate(blobs):
        (nginx.root / f"lab-{i}.bin").write_bytes(blob)
    urls = "\n".join(f"{nginx.base}/lab-{i}.bin" for i in range(5))
    r = run_lab("downloads", urls=urls, workers=2)
    assert r.source == "urls" and r.identical
    assert r.ways[0].sha256 == [hashlib.sha256(b).hexdigest() for b in blobs]


def test_semaphore_sweep_is_bounded_by_the_latency_and_finds_the_servers_capacity():
    r = run_lab("semaphore", limits="1,4,8", files=16, size_kb=4, latency_ms=40, capacity=4)
    assert [p.limit for p in r.points] == [1, 4, 8] and r.files == 16
    for p in r.points:
        assert p.seconds >= 0.9 * p.floor_seconds  # nobody beats the server's latency
        assert p.bytes == 16 * 4 * 1024
    assert r.points[1].floor_seconds == r.points[2].floor_seconds  # the server serves 4 at once


def test_latency_floor_and_knee():
    assert latency_floor(4, 1, 100) == pytest.approx(0.1 * (1.0 + 0.6 + 1.3 + 0.8))
    assert latency_floor(4, 4, 100) == pytest.approx(0.13)
    assert latency_floor(4, 4, 100, capacity=1) == latency_floor(4, 1, 100)
    points = [LimitPoint(limit, 1 / rate, 0, rate, 0) for limit, rate in ((1, 10), (2, 19), (4, 20), (8, 30))]
    assert find_knee(points) == 2
    assert find_knee(points[:2]) is None


def test_one_failing_task_three_ways():
    r = run_lab("failures", tasks=5, fail_index=1, fail_ms=20, task_ms=200)
    gather, collect, group = r.ways
    assert gather.raised and gather.got == "ValueError: task 1 failed"
    assert gather.at_resume == {"done": 0, "running": 4, "cancelled": 0, "failed": 1}
    assert gather.finished_later == 4 and gather.final["done"] == 4  # they ran on, unobserved
    assert not collect.raised and collect.results == 5 and collect.exceptions_in_results == 1
    assert collect.at_resume == {"done": 4, "running": 0, "cancelled": 0, "failed": 1}
    assert collect.resumed_after >= 0.15  # it waited for every task
    assert group.raised and group.got.startswith("ExceptionGroup") and "task 1 failed" in group.got
    assert group.at_resume == {"done": 0, "running": 0, "cancelled": 4, "failed": 1}
    assert {s.category for s in r.spans} == {"done", "failed", "cancelled"}


def test_pipelines_save_the_same_files_and_chains_overlap_the_stages():
    r = run_lab("pipeline", items=4, size_kb=64, latency_ms=40, level=1, threads=2)
    assert r.identical and [w.items for w in r.ways] == [4, 4, 4]

    def spans(way, category):
        return [s for s in r.spans if lane_of(s).startswith(way) and s.category == category]

    last_fetch = max(s.end for s in spans("stage by stage", "fetch"))
    assert min(s.start for s in spans("stage by stage", "process")) >= last_fetch  # the barrier
    last_fetch = max(s.end for s in spans("concurrent chains", "fetch"))
    assert min(s.start for s in spans("concurrent chains", "process")) < last_fetch  # no barrier
    for way in ("one after another", "stage by stage", "concurrent chains"):
        assert len(spans(way, "fetch")) == len(spans(way, "process")) == len(spans(way, "save")) == 4


def test_timeouts_cancel_the_late_tasks_and_their_cleanup_runs():
    r = run_lab("timeouts", tasks=4, shortest_ms=10, longest_ms=3000, timeout_ms=250, cleanup_ms=25)
    for way in r.ways:
        assert way.done == 1 and way.cancelled == 3
        assert way.cleaned == 4 and way.cleaned_cancelled == 3  # every cleanup ran, the cancelled ones too
        assert 0.015 <= way.deadline_to_return < 1.0  # control came back after the cleanup, not before
        assert way.returned_after < 2.0  # nobody waited for the 3 s task
    wait_for, timeout, wait = r.ways
    assert wait_for.got == timeout.got == "TimeoutError" and wait_for.kept == timeout.kept == 0
    assert wait.kept == 1 and wait.got == "[0]"  # the list as Python shows it (once glued to English: "1 results")


def test_cpu_threads_processes_and_the_real_lambda_error():
    # chunks of 12,500 numbers (~9 ms each in Python): with 2,500 (~1 ms) one thread of two could take all
    # eight before the other got the GIL (33 runs in 300 here; CI saw it), and the threads lane below had one
    r = run_lab("cpu", workers="1,2", python_limit=100_000, c_limit=10**8, chunks=8)
    assert r.counts_agree
    py = {r_.count for r_ in r.runs if r_.kernel == "Python"}
    assert py == {9592}  # π(100,000)
    assert r.c_kernel.startswith("libprimesieve")
    assert {r_.count for r_ in r.runs if r_.kernel == "C"} == {5_761_455}  # π(10^8)
    ways = [(str(x.way), x.kernel, x.workers) for x in r.runs]
    assert ("processes", "Python", 2) in ways and ("threads", "C", 2) in ways and ("one thread", "C", 1) in ways
    assert r.lambda_error_type in ("AttributeError", "PicklingError")
    # Python's own words: "Can't pickle local object '…<lambda>'" (3.11, 3.12), "Can't get local object" (3.13)
    assert "local object" in r.lambda_error and "<lambda>" in r.lambda_error
    assert r.fix_count == 2262
    assert any(lane_of(s).startswith("processes ×2, Python kernel · process ") for s in r.spans)
    assert len({s.lane for s in r.spans if lane_of(s).startswith("threads ×2, C kernel · ")}) == 2
    assert len({s.lane for s in r.spans if lane_of(s).startswith("threads ×2, Python kernel · thread ")}) == 2
    assert len(r.spans) == 8 * len(r.runs)  # each chunk of each run, sent back from the helper


def test_cpu_measures_in_a_helper_process_so_the_callers_gil_stays_free():
    """Threads with the Python kernel hold the GIL of their interpreter: in the caller's (the window's) they
    made its GUI thread wait. Every variant runs in a helper process now; its processes are its children."""
    r = run_lab("cpu", workers="1,2", python_limit=20_000, c_limit=10**6, chunks=4)
    helper = r.helper_pid
    assert helper and helper != os.getpid()
    for run in r.runs:
        if str(run.way) == "processes":
            assert 1 <= len(run.pids) <= run.workers and not {helper, os.getpid()} & set(run.pids), run.pids
        else:  # one thread and threads, both kernels: in the helper
            assert run.pids == [helper], (run.way, run.kernel, run.workers, run.pids)


def test_shared_memory_moves_names_while_copies_move_the_array():
    r = run_lab("sharedmem", elements=200_000, workers=2, pieces=4)
    copies, shared = r.ways
    assert r.identical and r.array_bytes == 1_600_000
    assert copies.bytes_pickled >= 2 * r.array_bytes  # there and back
    assert shared.bytes_pickled < 10_000
    assert {s.category for s in r.spans} == {"copies", "shared"}


def test_the_lock_loses_no_update_and_without_it_updates_are_lost():
    r = run_lab("lock", workers=4, increments=300)
    expected = 4 * 300
    for way in r.ways:
        assert way.expected == expected and way.final + way.lost == expected
        # never negative, never all: the last write is some worker's read + 1 (a stale read can be very low:
        # 4 processes once ended at 295 of 1,200, so "one worker's 300 survive" is no invariant)
        assert 0 <= way.lost < expected and way.final >= 1
        if way.locked:
            assert way.lost == 0 and way.final == expected
    threads_unlocked = r.ways[0]
    assert threads_unlocked.lost > 0  # the forced switch window makes the race show every time
    assert len({s.lane for s in r.spans if lane_of(s).startswith("processes")}) == 8  # 4 processes, twice


# -- cancel ----------------------------------------------------------------------------------------
CANCELS = [  # (experiment, cancel once its progress mentions this, seconds after that, parameters)
    ("downloads", "ThreadPool", 0.3, dict(files=6, latency_ms=400, size_kb=8, workers=1)),
    ("semaphore", "", 0.3, dict(limits="1", files=50, latency_ms=100)),
    ("failures", "gather", 0.3, dict(task_ms=5000)),
    ("pipeline", "stage", 0.3, dict(items=4, latency_ms=600, size_kb=256)),
    ("timeouts", "", 0.3, dict(longest_ms=10000, timeout_ms=5000)),
    ("cpu", "processes", 0.5, dict(workers="2", python_limit=1_000_000, chunks=400)),
    ("sharedmem", "shared memory", 0.05, dict(elements=20_000_000, pieces=256, workers=2)),
    ("lock", "processes, Value without", 0.0, dict(workers=2, increments=3000)),
]


@pytest.mark.parametrize(("name", "wait_for", "after", "values"), CANCELS, ids=[c[0] for c in CANCELS])
def test_cancel_ends_each_experiment_promptly_and_leaves_nothing(name, wait_for, after, values):
    job, seconds = cancel_lab(name, wait_for, after=after, **values)
    assert job.state is JobState.CANCELLED
    assert seconds < 1.5, f"{name}: cancel took {seconds:.3f} s"
    assert nothing_left()


# -- exports ---------------------------------------------------------------------------------------
def test_spans_that_overlap_on_a_lane_go_to_numbered_sub_lanes_of_the_lab_group():
    tl = timeline.Recorder()
    rec = Recorder(job=7, recorder=tl)
    rec.set_variant(1, "v")
    t = rec.t0 - 10  # finished spans, all in the past
    rec.add("worker-a", "a", t + 0.0, t + 1.0, "x")
    rec.add("worker-a", "b", t + 0.5, t + 1.5, "x")  # overlaps a: a sub-lane
    rec.add("worker-a", "c", t + 1.0, t + 2.0, "x")  # after a: back on the lane
    rec.add("worker-b", "d", t + 0.0, t + 1.0, "x")  # another thread: its own lane
    rec.add(Message(timeline.TASK_LANE, n=3), "e", t + 0.0, t + 1.0, "x", variant=(2, "w"))  # a task, variant 2
    with rec.span("f {i}", "x", lane="worker-a", i=5):
        with rec.span("g", "x", lane="worker-a"):  # live and overlapping: the sub-lane
            live = {(s[0], s[2]) for s in tl.open_spans()}
            assert live == {(("lab", "1. v · thread 1"), "f {i}"), (("lab", "1. v · thread 1 (2)"), "g")}
    key = rec.begin(Message(timeline.TASK_LANE, n=1), "h {state}", "running", state="running")
    assert tl.open_spans()[0][3] == "running"
    rec.end(key, "cancelled", state="cancelled")  # how it ended: its category and its label's value
    assert tl.open_spans() == []
    h = tl.snapshot().spans[-1]
    assert (h[3], h[6]) == ("cancelled", {"state": "cancelled"}) and rec.spans[-1].label == "h cancelled"
    rec.spans.pop()
    lanes = {s.label: s.lane for s in rec.spans}
    assert lanes == {"a": "1. v · thread 1", "b": "1. v · thread 1 (2)", "c": "1. v · thread 1", "d": "1. v · thread 2",
                     "e": "2. w · task 3", "f 5": "1. v · thread 1", "g": "1. v · thread 1 (2)"}
    spans = tl.snapshot().spans[:-1]
    assert len(spans) == 7 and {s[0][0] for s in spans} == {timeline.LAB} and {s[1] for s in spans} == {7}
    assert all(isinstance(s[0][1], Message) for s in spans)  # lane names are messages: translated when shown
    f = next(s for s in spans if s[2] == "f {i}")
    assert f[6] == {"i": 5} and str(timeline.label_text(f[2], f[6])) == "f 5"  # a template and its values
    assert f[4] == pytest.approx(next(s.start for s in rec.spans if s.label == "f 5") + rec.t0_monotonic, abs=1e-6)
    by_lane: dict = {}
    for s in spans:
        by_lane.setdefault(s[0], []).append((s[4], s[5]))
    for items in by_lane.values():  # no lane holds two spans at once
        items.sort()
        assert all(a[1] <= b[0] for a, b in zip(items, items[1:]))


def test_a_runs_spans_are_on_the_timeline_while_it_runs_under_its_job(tmp_path):
    """Live, not copied at the end: an open span of the run is on the timeline while it runs; at the end
    every span of the result is there under the job's id, asyncio's overlapping downloads on sub-lanes."""
    params = from_text(registry.get("downloads").params, {"files": "4", "size_kb": "4", "latency_ms": "150"})

    async def body(runner):
        job = registry.start(runner, "downloads", params)
        seen = []
        while not job.state.finished:
            seen += [s for s in timeline.RECORDER.open_spans() if s[1] == job.id and s[0][0] == timeline.LAB]
            await asyncio.sleep(0.01)
        return job, seen

    job, seen = run_plain(lambda: with_runner(body), 60)
    assert job.state is JobState.DONE, job.error
    assert seen and {s[3] for s in seen} == {"download"}
    r = job.result
    assert r.job == job.id
    ours = [s for s in timeline.RECORDER.snapshot().spans if s[1] == job.id]
    lab = [s for s in ours if s[0][0] == timeline.LAB]
    assert len(lab) == len(r.spans) == 12 and len(ours) == 13  # and the job's own coroutine span
    assert sorted(str(s[0][1]) for s in lab) == sorted(s.lane for s in r.spans)
    assert {str(s[0][1]) for s in lab} >= {"3. asyncio.gather + Semaphore · event loop",
                                           "3. asyncio.gather + Semaphore · event loop (2)"}
    assert nothing_left()


def test_csv_of_a_real_run_and_its_trace_through_the_timelines_exporter(tmp_path):
    r = run_lab("failures", tasks=3, fail_index=0, fail_ms=5, task_ms=30)
    write_csv(r, str(tmp_path / "r.csv"))
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 3 and lines[0].startswith("way,the caller got")
    write_csv(r, str(tmp_path / "zh.csv"), translate=lambda s: {"way": "方式"}.get(str(s), str(s)))
    assert (tmp_path / "zh.csv").read_text(encoding="utf-8-sig").startswith("方式,")
    n = trace_export.write_chrome_trace(tmp_path / "r.json", job=r.job)
    trace = json.loads((tmp_path / "r.json").read_text())
    assert problems(trace) == []
    slices = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert n == len(slices) == len(r.spans) + 1 == 10  # 3 tasks 3 ways, and the job's coroutine
    assert {e["args"]["job"] for e in slices} == {r.job}
    names = {e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
    assert "3. TaskGroup · task 0" in names
    assert {e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "process_name"} >= {"Lab experiments"}
    assert {e["name"] for e in slices} >= {"task 0: failed", "task 1: cancelled"}


def test_a_request_is_checked_once_and_names_its_field():
    request = LabRequest.from_text("failures", {"tasks": "3", "fail_index": "2"})
    assert request.experiment == "failures" and request.params.tasks == 3
    with pytest.raises(UserError) as err:
        LabRequest.from_text("failures", {"tasks": "3", "fail_index": "3"})
    assert err.value.field == "fail_index"
    with pytest.raises(UserError):
        LabRequest.from_text("nope", {})


def test_tables_and_charts_carry_what_a_view_draws():
    """The view computes nothing: cell texts (numbers grouped, messages translated), bar geometry, log-x points."""
    from tributary.workers.lab.base import Chart, Column, Series, Table

    table = Table([Column("a", Message("way")), Column("n", Message("n")), Column("x", Message("x"))],
                  [{"a": Message("one thread"), "n": 12345, "x": 0.123456}, {"a": "b", "n": None, "x": [3, 1, 2]}])
    assert table.headers(lambda m: f"<{m}>") == ["<way>", "<n>", "<x>"]
    assert table.cells(lambda m: f"<{m}>") == [[("<one thread>", False), ("12,345", True), ("0.1235", True)],
                                               [("b", False), ("", False), ("3 1 2", False)]]
    assert table.cells(for_people=False)[0][1:] == [("12345", True), ("0.123456", True)]
    bars, ticks = Chart("bar", "x", "y", [Series("s", [0, 1], [5, 7]), Series("t", [0, 1], [1, 2])],
                        ticks=[(0, "first"), (1, "second")]).bars()
    assert ticks == [(1, "first"), (0, "second")]  # the first at the top
    assert [b.width for b in bars] == [[5, 7], [1, 2]] and bars[0].height == pytest.approx(0.36)
    assert bars[0].y == pytest.approx([1.2, 0.2]) and bars[1].y == pytest.approx([0.8, -0.2])
    lines, xticks = Chart("line", "x", "y", [Series("s", [1, 4, 64], [1, 2, 3])], log_x=True).lines()
    assert lines[0].x == [0.0, 2.0, 6.0] and xticks == [(0.0, "1"), (2.0, "4"), (6.0, "64")]
    _, many = Chart("line", "x", "y", [Series("s", list(range(1, 20)), [0] * 19)]).lines()
    assert many is None  # too many to label each


# -- the command line ------------------------------------------------------------------------------
SHORT = {
    "downloads": ["files=3", "size_kb=4", "latency_ms=10"],
    "semaphore": ["limits=1,2", "files=4", "size_kb=4", "latency_ms=10"],
    "failures": ["tasks=3", "task_ms=30", "fail_ms=5"],
    "pipeline": ["items=3", "size_kb=16", "latency_ms=10"],
    "timeouts": ["tasks=3", "longest_ms=500", "timeout_ms=100", "cleanup_ms=5"],
    "cpu": ["workers=1,2", "python_limit=5000", "c_limit=1e6", "chunks=4"],
    "sharedmem": ["elements=50000", "pieces=2"],
    "lock": ["workers=2", "increments=100"],
}


@pytest.mark.parametrize("name", list(SHORT))
def test_cli_runs_each_experiment_headless_as_json(name):
    args = ["lab", name, "--json"]
    for item in SHORT[name]:
        args += ["--param", item]
    out = run_cli(*args, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["experiment"] == name and result["seconds"] > 0 and result["spans"]
    assert all(set(s) == {"lane", "label", "start", "end", "category"} for s in result["spans"])


def test_cli_lists_shows_code_exports_and_refuses_bad_input(tmp_path):
    out = run_cli("lab")
    assert out.returncode == 0 and "lock" in out.stdout and "Downloads three ways" in out.stdout
    out = run_cli("lab", "--json")
    assert [e["name"] for e in json.loads(out.stdout)] == list(registry.EXPERIMENTS)
    out = run_cli("lab", "cpu", "--code")
    assert out.returncode == 0 and "def the_lambda_mistake" in out.stdout and "pool.map(lambda" in out.stdout
    out = run_cli("lab", "failures", "-p", "tasks=3", "-p", "fail_index=7")
    assert out.returncode == 2 and "fail_index" in out.stderr
    out = run_cli("lab", "nope")
    assert out.returncode == 2 and "no experiment" in out.stderr
    out = run_cli("lab", "failures", "-p", "tasks")
    assert out.returncode == 2
    csv_path, trace_path = tmp_path / "lock.csv", tmp_path / "lock.json"
    out = run_cli("lab", "lock", "-p", "workers=2", "-p", "increments=50", "--csv", str(csv_path),
                  "--trace", str(trace_path))
    assert out.returncode == 0, out.stderr
    assert "lost" in out.stdout and csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    trace = json.loads(trace_path.read_text())  # the timeline's exporter: a valid Chrome trace
    assert problems(trace) == [] and "trace of" in out.stderr
    lanes = {e["args"]["name"] for e in trace["traceEvents"] if e["name"] == "thread_name"}
    assert "1. threads, no lock · thread 1" in lanes and "3. processes, Value without its lock · process " in \
        " ".join(lanes)
    labels = {e["name"] for e in trace["traceEvents"] if e["ph"] == "X"}
    assert "+1 × 50" in labels


def test_sharedmem_makes_and_sums_its_arrays_off_the_loop(monkeypatch):
    """The 64 MB input (random numbers) and the checksums were computed on the loop — the window's GUI thread:
    a 100–170 ms stall at full size (found with the stall sampler on the Lab benchmark). Both run on the
    experiment's helper thread now."""
    import threading

    from tributary.workers.lab import sharedmem

    threads = []
    real_rng = sharedmem.np.random.default_rng

    def rng(*args):
        threads.append(threading.current_thread().name)
        return real_rng(*args)

    monkeypatch.setattr(sharedmem.np.random, "default_rng", rng)
    r = run_lab("sharedmem", elements=100_000, workers=2, pieces=4)
    assert r.identical
    assert threads and all(name.startswith("lab-main") for name in threads), threads
