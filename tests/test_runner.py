"""The job spine without Qt: plain asyncio, a ThreadPoolExecutor and a real spawn process pool."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import threading
import time

import pytest
from kernels_for_tests import explode, obedient, stubborn

from tributary.workers.jobs import Job, JobState
from tributary.workers.pool import ProcessPool
from tributary.workers.procs import worker_descendants
from tributary.workers.runner import JobRunner


def run_plain(coro_fn, timeout: float = 60):
    """Run ``coro_fn()`` with asyncio.run on a fresh thread (the test thread has the qasync loop)."""
    box = {}

    def target():
        try:
            box["result"] = asyncio.run(coro_fn())
        except BaseException as exc:  # pragma: no cover - re-raised below
            box["error"] = exc

    t = threading.Thread(target=target, name="plain-asyncio")
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "the coroutine did not finish"
    if "error" in box:
        raise box["error"]
    return box["result"]


async def with_runner(body, workers: int = 2):
    threads = cf.ThreadPoolExecutor(2)
    pool = ProcessPool(workers=workers)
    runner = JobRunner(threads, pool, grace=0.25)
    try:
        return await body(runner)
    finally:
        await runner.shutdown()
        threads.shutdown(wait=True)


def test_one_failing_job_does_not_stop_the_others_and_reads_well():
    async def body(runner):
        async def ok(job):
            await asyncio.sleep(0.01)
            return 42

        async def bad(job):
            raise OSError(28, "No space left on device")

        seen = []
        runner.add_listener(lambda j: seen.append((j.id, j.state)))
        a = runner.start_coroutine("demo", "ok", ok)
        b = runner.start_coroutine("demo", "bad", bad)
        c = runner.start_thread("demo", "thread", lambda job: sum(range(1000)))
        for job in (a, b, c):
            await runner.wait(job)
        return a, b, c, seen

    a, b, c, seen = run_plain(lambda: with_runner(body))
    assert (a.state, a.result) == (JobState.DONE, 42)
    assert b.state is JobState.FAILED and "No space left on device" in b.error
    assert (c.state, c.result) == (JobState.DONE, 499500)
    assert (b.id, JobState.FAILED) in seen and (a.id, JobState.RUNNING) in seen
    assert a.seconds is not None and a.progress == 1.0


def test_cancel_reaches_coroutines_and_threads_promptly():
    async def body(runner):
        async def forever(job):
            while True:
                await asyncio.sleep(0.01)
                job.report(text="tick")

        def spin(job: Job):
            while True:
                job.check()
                time.sleep(0.002)

        jobs = [runner.start_coroutine("demo", "co", forever), runner.start_thread("demo", "th", spin)]
        await asyncio.sleep(0.1)
        latencies = []
        for job in jobs:
            t0 = time.perf_counter()
            runner.cancel(job)
            await runner.wait(job)
            latencies.append(time.perf_counter() - t0)
        return jobs, latencies

    jobs, latencies = run_plain(lambda: with_runner(body))
    assert [j.state for j in jobs] == [JobState.CANCELLED, JobState.CANCELLED]
    assert max(latencies) < 0.1


def test_process_chunks_arrive_in_order_and_cancel_cooperatively():
    async def body(runner):
        got = []
        job = runner.start_chunks("demo", "ordered", obedient, [(i, 0.05 * (3 - i % 3)) for i in range(6)],
                                  lambda j, i, r: got.append((i, r)), total=6, window=2)
        await runner.wait(job)
        long = runner.start_chunks("demo", "long", obedient, [(i, 30.0) for i in range(4)],
                                   lambda j, i, r: None, total=4, window=2)
        while not runner.pool.child_pids():
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)
        t0 = time.perf_counter()
        runner.cancel(long)
        await runner.wait(long)
        return job, got, long, time.perf_counter() - t0, runner.pool.restarts

    job, got, long, latency, restarts = run_plain(lambda: with_runner(body))
    assert job.state is JobState.DONE and got == [(i, i) for i in range(6)]
    assert long.state is JobState.CANCELLED
    assert latency < 0.1
    assert restarts == 0  # cooperative: nobody was killed


def test_a_stubborn_chunk_is_terminated_after_the_grace_period_and_the_pool_recovers():
    async def body(runner):
        job = runner.start_chunks("demo", "stubborn", stubborn, [(60.0,)], lambda j, i, r: None, total=1, window=1)
        while not runner.pool.child_pids():
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)
        pids = runner.pool.child_pids()
        t0 = time.perf_counter()
        runner.cancel(job)
        await runner.wait(job)
        latency = time.perf_counter() - t0  # the job ends at once; its stubborn chunk is drained behind it
        await runner.drained()
        gone = not any(p in worker_descendants() for p in pids)
        again = runner.start_chunks("demo", "after", obedient, [(7, 0.01)], lambda j, i, r: None, total=1, window=1)
        await runner.wait(again)
        return job, latency, gone, again, runner.pool.restarts

    job, latency, gone, again, restarts = run_plain(lambda: with_runner(body))
    assert job.state is JobState.CANCELLED
    assert latency < 0.1 and gone and restarts == 1
    assert again.state is JobState.DONE


def test_a_job_keeps_its_chunks_when_another_jobs_cancel_terminates_the_shared_pool():
    """Cancelling one job may end in terminating the process pool (its chunk ignored the flag past the grace
    period); the chunks of another job that died with the pool run again, and that job finishes right.
    (The self-test found it: with C calls of ~60 ms on a loaded machine the counting job failed with
    BrokenProcessPool when the cancelled one was drained.)"""
    async def body(runner):
        got: dict[int, int] = {}
        victim = runner.start_chunks("demo", "stubborn", stubborn, [(60.0,)], lambda j, i, r: None, total=1, window=1)
        bystander = runner.start_chunks("demo", "obedient", obedient, [(i, 0.2) for i in range(8)],
                                        lambda j, i, r: got.__setitem__(i, r), total=8, window=1)
        while bystander.progress < 0.2:
            await asyncio.sleep(0.01)
        runner.cancel(victim)
        await runner.wait(bystander, timeout=30)
        await runner.drained()
        return victim, bystander, got, runner.pool.restarts

    victim, bystander, got, restarts = run_plain(lambda: with_runner(body))
    assert victim.state is JobState.CANCELLED and restarts == 1  # the pool was terminated under the bystander
    assert bystander.state is JobState.DONE, bystander.error
    assert got == {i: i for i in range(8)}  # every chunk once, in order, none lost


def test_a_kernel_error_fails_its_job_with_the_message():
    async def body(runner):
        job = runner.start_chunks("demo", "boom", explode, [("disk on fire",)], lambda j, i, r: None,
                                  total=1, window=1)
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    assert job.state is JobState.FAILED
    assert job.error == "ValueError: disk on fire"


@pytest.mark.parametrize("executor", ["processes", "threads"])
def test_shutdown_with_running_jobs_is_prompt(executor):
    async def body(runner):
        runner.start_chunks("demo", "long", obedient, [(i, 30.0) for i in range(4)], lambda j, i, r: None,
                            total=4, window=2, executor=executor)
        await asyncio.sleep(0.5)
        t0 = time.perf_counter()
        await runner.shutdown()
        return time.perf_counter() - t0

    assert run_plain(lambda: with_runner(body)) < 1.0


def test_a_consumer_that_fails_behind_the_chunks_fails_the_job_at_once_and_its_error_is_retrieved():
    """``on_result`` may hand back the future of a consumer that is behind (a listing's writer). When that
    future fails (a full disk), the job fails then, with its error, instead of computing every other chunk
    first; and the error is never left unretrieved ("Future exception was never retrieved" at exit: CI saw
    it in a listing that hit a full disk)."""
    import gc

    async def body(runner):
        loop = asyncio.get_running_loop()
        unretrieved = []
        loop.set_exception_handler(lambda _loop, context: unretrieved.append(context["message"]))
        got = []

        def on_result(job, index, result):
            got.append(index)
            if index == 3:
                failed = cf.Future()
                failed.set_exception(OSError(27, "File too large"))
                return asyncio.wrap_future(failed)
            return None

        job = runner.start_chunks("demo", "consumer fails", obedient, [(i, 0.02) for i in range(40)], on_result,
                                  total=40, window=2)
        await runner.wait(job)
        on_result = None
        gc.collect()
        await asyncio.sleep(0)
        return job, got, unretrieved

    job, got, unretrieved = run_plain(lambda: with_runner(body))
    assert job.state is JobState.FAILED and "File too large" in str(job.error), (job.state, job.error)
    assert max(got) < 10, got
    assert unretrieved == []
