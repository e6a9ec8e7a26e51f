"""The Dask backend on a real LocalCluster on loopback (one for the module): counts, listings and n-th
primes equal primesieve's, Mandelbrot tiles equal the process pool's, cancel leaves no chunk running, a
killed worker never gives a wrong count, an unreachable scheduler fails fast with one message, the CLI."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import json
import os
import random
import signal
import socket
import time

import numpy as np
import psutil
import pytest
from dask_cluster import on_cluster, shared_cluster
from helpers import run_cli
from test_kernels import needs_primesieve, ps_counts, ps_list, ps_nth, random_cases
from test_runner import run_plain

from tributary.workers import arrays
from tributary.workers.cluster import Cluster, parse_cluster
from tributary.workers.jobs import JobState, UserError
from tributary.workers.pool import ProcessPool
from tributary.workers.primes import PrimeRequest, start_job
from tributary.workers.runner import JobRunner

pytestmark = needs_primesieve


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes on loopback, shared by the module (a LocalCluster takes seconds to start)."""
    yield from shared_cluster()


def test_jobs_on_the_cluster_equal_primesieve(cluster, tmp_path):
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    counts = random_cases(rng, 3, 3 * 10**8)
    low, high = random_cases(rng, 1, 10**6)[0]
    n, after = rng.randrange(1, 10**7), rng.choice([0, rng.randrange(0, 10**15 - 10**9)])

    async def body(runner):
        jobs = [start_job(runner, PrimeRequest(a, b, workers=2, executor="cluster", buckets=20)) for a, b in counts]
        jobs.append(start_job(runner, PrimeRequest(low, high, executor="cluster", listing_path=str(tmp_path / "l.txt"))))
        jobs.append(start_job(runner, PrimeRequest(after, after, executor="cluster", mode="nth", nth=n)))
        for job in jobs:  # several jobs at once share the cluster
            await runner.wait(job)
        return jobs

    jobs = run_plain(lambda: on_cluster(cluster, body), timeout=180)
    assert all(j.state is JobState.DONE for j in jobs), [(j.title, j.error) for j in jobs]
    for job, (a, b) in zip(jobs, counts):
        assert (job.result.count, job.result.twins) == ps_counts(a, b), (seed, a, b)
        assert job.result.executor == "cluster" and job.result.kernel.startswith("libprimesieve")
        assert sum(job.result.density.counts) == job.result.count
    assert (tmp_path / "l.txt").read_bytes() == ps_list(low, high), (seed, low, high)
    assert jobs[-1].result.prime == ps_nth(n, after), (seed, n, after)


def test_cluster_chunks_are_spans_on_the_lane_of_their_dask_worker(cluster):
    from tributary.workers import timeline
    from tributary.workers.primes import choose_kernel

    async def body(runner):
        job = start_job(runner, PrimeRequest(0, 2 * 10**8, workers=2, executor="cluster", buckets=0))
        await runner.wait(job)
        return job

    job = run_plain(lambda: on_cluster(cluster, body), timeout=120)
    assert job.state is JobState.DONE, job.error
    spans = [s for s in timeline.RECORDER.snapshot().spans if s[1] == job.id and s[3] == timeline.COMPUTING]
    plan = list(choose_kernel(job.request)[1])
    assert sorted(s[6]["chunk"] for s in spans) == list(range(1, len(plan) + 1))  # each chunk exactly once
    assert {s[0][0] for s in spans} == {timeline.CLUSTER}
    assert {s[6]["pid"] for s in spans} <= set(cluster.pids)  # ran in the Dask worker processes
    for s in spans:  # one lane per worker (one thread each): the lane's pid is the span's
        assert f"(pid {s[6]['pid']})" in s[0][1]
    assert len({s[0] for s in spans}) == 2  # both workers worked, each on its own lane


def test_mandelbrot_tiles_from_the_cluster_equal_the_shared_memory_render(cluster):
    def render(runner, executor):
        req = arrays.MandelbrotRequest(width=160, height=96, max_iter=60, workers=2, executor=executor)
        copy = {}

        def release(job):
            copy["image"] = job.partial.image.copy()

        return arrays.start_mandelbrot_job(runner, req, release=release), copy

    async def body(runner):
        out = []
        for executor in ("processes", "cluster"):
            job, copy = render(runner, executor)
            await runner.wait(job)
            out.append((job, copy))
        return out

    (local, a), (remote, b) = run_plain(lambda: on_cluster(cluster, body), timeout=120)
    assert local.state is JobState.DONE and remote.state is JobState.DONE, remote.error
    assert remote.executor == "cluster" and np.array_equal(a["image"], b["image"])
    assert len(np.unique(a["image"])) > 10  # a real picture, not a blank one


def _cpu(pids: list[int]) -> list[float]:
    return [sum(psutil.Process(p).cpu_times()[:2]) for p in pids]


def test_cancel_on_the_cluster_is_prompt_and_leaves_no_chunk_running(cluster):
    async def body(runner):
        job = start_job(runner, PrimeRequest(10**14, 10**14 + 10**13, workers=2, executor="cluster", twins=False))
        while not job.state.finished and time.perf_counter() - t_start < 5:
            await asyncio.sleep(0.05)
            if cluster.pids and min(b - a for a, b in zip(base, _cpu(cluster.pids))) > 0.3:
                break  # both workers are deep in chunks
        t0 = time.perf_counter()
        runner.cancel(job)
        await runner.wait(job)
        latency = time.perf_counter() - t0
        idle_after = None
        while time.perf_counter() - t0 < 3:  # both workers under 10 % of a core over a 100 ms window
            before = _cpu(cluster.pids)
            await asyncio.sleep(0.1)
            if all(b - a < 0.01 for a, b in zip(before, _cpu(cluster.pids))):
                idle_after = time.perf_counter() - t0 - 0.1
                break
        processing = await asyncio.get_running_loop().run_in_executor(None, cluster._client.processing)  # noqa: SLF001
        return job, latency, idle_after, processing

    base = _cpu(cluster.pids)
    t_start = time.perf_counter()
    job, latency, idle_after, processing = run_plain(lambda: on_cluster(cluster, body))
    assert job.state is JobState.CANCELLED
    assert latency < 0.25, latency
    assert idle_after is not None and idle_after <= 1.0, idle_after  # no chunk kept running
    assert all(not keys for keys in processing.values()), processing


def test_a_killed_worker_gives_a_retry_or_a_clear_failure_never_a_wrong_count(cluster):
    low, high = 10**12, 10**12 + 10**10
    expected = ps_counts(low, high)[0]
    own = Cluster(workers=2)

    async def body(runner):
        job = start_job(runner, PrimeRequest(low, high, workers=2, executor="cluster", twins=False, buckets=0))
        while not own.connected or job.progress < 0.1:
            await asyncio.sleep(0.02)
            assert not job.state.finished, job.error
        pids = await asyncio.get_running_loop().run_in_executor(None, own.worker_pids)
        victim = sorted(pids.values())[0]
        os.kill(victim, signal.SIGKILL)
        await runner.wait(job, timeout=120)
        return job, victim

    try:
        job, victim = run_plain(lambda: on_cluster(own, body), timeout=180)
    finally:
        own.close()
    assert not psutil.pid_exists(victim) or psutil.Process(victim).status() == psutil.STATUS_ZOMBIE
    if job.state is JobState.DONE:  # Dask ran the lost chunks again on the workers left
        assert job.result.count == expected
    else:
        assert job.state is JobState.FAILED and ("worker" in job.error or "cluster" in job.error), job.error


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_fails_fast_with_one_message():
    silent = socket.socket()  # accepts connections at the TCP level and never speaks
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    addresses = [f"tcp://127.0.0.1:{_free_port()}", f"tcp://127.0.0.1:{silent.getsockname()[1]}"]

    async def body(runner):
        out = []
        for address in addresses:
            await runner.set_cluster(Cluster(address, connect_timeout=2))
            t0 = time.perf_counter()
            job = start_job(runner, PrimeRequest(0, 10**9, executor="cluster"))
            await runner.wait(job, timeout=20)
            out.append((job, time.perf_counter() - t0))
        return out

    async def run(body):
        threads = cf.ThreadPoolExecutor(2)
        runner = JobRunner(threads, ProcessPool(workers=2))
        try:
            return await body(runner)
        finally:
            await runner.shutdown()  # closes the last cluster
            threads.shutdown(wait=True)

    try:
        results = run_plain(lambda: run(body))
    finally:
        silent.close()
    for (job, seconds), address in zip(results, addresses):
        assert job.state is JobState.FAILED and seconds < 6, (job.state, seconds)
        assert job.error.startswith(f"Cannot reach the Dask scheduler at {address}"), job.error
        assert job.error.template.startswith("Cannot reach")  # a Message, translated at display


def test_a_failed_connect_leaves_no_thread_behind_even_before_close():
    """A window that tried an unreachable address keeps no thread for it (the cluster is closed only when the
    app quits or the preferences change); connecting again later starts a new one."""
    import threading

    def ours():
        return {t.ident for t in threading.enumerate() if t.name.startswith("tributary-dask")}

    before = ours()
    c = Cluster(f"tcp://127.0.0.1:{_free_port()}", connect_timeout=1)
    for _ in range(2):
        with pytest.raises(UserError, match="Cannot reach"):
            run_plain(c.connect)
        deadline = time.monotonic() + 2
        while ours() - before and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not ours() - before and not c.connected
    c.close()


def test_a_scheduler_without_workers_is_not_a_connected_cluster(tmp_path):
    """`dask scheduler` with no `dask worker` yet: one clear message, and no client is left connected (a job
    would otherwise wait on a cluster that cannot run it)."""
    import shutil
    import subprocess
    import sys

    port = _free_port()
    dask = shutil.which("dask", path=os.path.dirname(sys.executable))
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        c = Cluster(f"tcp://127.0.0.1:{port}")
        with pytest.raises(UserError, match="has no workers") as raised:
            run_plain(c.connect)
        assert raised.value.field == "scheduler" and not c.connected and c._client is None  # noqa: SLF001
        c.close()
    finally:
        scheduler.terminate()
        scheduler.wait(10)


APP_LOOP_PROBE = """
import asyncio, json, sys
from tributary.gui.app import create_app, run_qt
from tributary.workers.cluster import Cluster

async def kind():
    return type(asyncio.get_running_loop()).__name__

async def main():
    out = {"other_thread_loop": await asyncio.get_running_loop().run_in_executor(None, asyncio.run, kind())}
    for name, cluster in (("local", Cluster(workers=1)), ("address", Cluster(sys.argv[1], connect_timeout=1))):
        try:
            await cluster.connect()
            out[name] = "connected"
        except Exception as exc:
            out[name] = f"{type(exc).__name__}: {exc}"
        await cluster.aclose()
    return out

if __name__ == "__main__":
    create_app()
    print("RESULT " + json.dumps(run_qt(main())), flush=True)
"""


def test_the_apps_event_loop_leaves_dask_its_own_loops(tmp_path):
    """The window's loop is a Qt loop; Dask (the LocalCluster and client on the cluster's thread, the probe of
    a scheduler) makes plain asyncio loops of its own. qasync.run made every new loop in the process a Qt
    loop (an event-loop policy, on Python 3.11): "Run on: Cluster" failed in the app, never in the tests."""
    import subprocess
    import sys

    script = tmp_path / "probe.py"
    script.write_text(APP_LOOP_PROBE)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, str(script), f"tcp://127.0.0.1:{_free_port()}"], capture_output=True,
                         text=True, timeout=120, env=env, cwd=tmp_path)
    line = [raw for raw in out.stdout.splitlines() if raw.startswith("RESULT ")]
    assert line, out.stderr[-3000:]
    result = json.loads(line[-1][len("RESULT "):])
    assert result["other_thread_loop"] != "QEventLoop", result
    assert result["local"] == "connected", result
    assert result["address"].startswith("UserError: Cannot reach the Dask scheduler"), result


def test_cluster_spellings():
    assert parse_cluster("local") is None and parse_cluster("local:3") == 3
    for bad in ("locale", "local:0", "remote:2"):
        with pytest.raises(UserError):
            parse_cluster(bad)
    with pytest.raises(UserError, match="tcp://HOST:8786"):
        Cluster("not an address")
    assert Cluster("10.1.2.3:8786").address == "tcp://10.1.2.3:8786"


def test_cli_on_a_local_cluster_and_on_the_modules_scheduler(cluster):
    out = run_cli("primes", "0", "1e9", "--cluster", "local:2", "--json")
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert (r["count"], r["executor"], r["workers"]) == (50847534, "cluster", 2) and r["kernel"].startswith("lib")
    address = cluster._local.scheduler_address  # noqa: SLF001 - as `dask scheduler` prints it
    out = run_cli("nth", "1e6", "--after", "1e12", "--scheduler", address, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["prime"] == ps_nth(10**6, 10**12)
    bad = run_cli("primes", "0", "1e9", "--scheduler", f"tcp://127.0.0.1:{_free_port()}")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "Cannot reach the Dask scheduler" in bad.stderr
