"""Shared-memory jobs without Qt: exact results, block life cycle, cancel and a killed worker."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from multiprocessing import shared_memory

import pytest
from helpers import run_cli
from test_runner import run_plain, with_runner

from tributary.workers import arrays, shm_blocks
from tributary.workers.jobs import JobState, UserError


def test_closed_form_is_exact_and_int64_would_wrap():
    assert arrays.squares_closed_form(12345) == sum(i * i for i in range(12345))
    assert arrays.squares_closed_form(10**7) == 333_333_283_333_335_000_000
    assert arrays.squares_closed_form(10**7) > 2**63  # why exactness needs care


@pytest.mark.parametrize("kernel", arrays.KERNELS)
def test_fill_reduce_in_process(kernel):
    n = 3_000_001
    with arrays.shared_block(n * 8) as shm:
        p = arrays.fill_reduce(-1, shm.name, n, 0, n, kernel)
    if kernel == "squares":
        assert p.exact == arrays.squares_closed_form(n)
    else:
        import math

        f = math.sqrt if kernel == "sqrt" else math.sin
        assert p.fsum == pytest.approx(math.fsum(f(i) for i in range(n)), rel=1e-9)
    assert _our_blocks() == []


@pytest.mark.parametrize("executor", ["processes", "threads", "single"])
def test_squares_job_is_exact_on_every_executor(executor):
    async def body(runner):
        job = arrays.start_fill_job(runner, arrays.FillRequest(10**7, "squares", 2, executor))
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    assert job.state is JobState.DONE, job.error
    r = job.result
    assert r.exact == 333_333_283_333_335_000_000 and r.exact_matches_closed_form
    assert r.relative_error < 1e-12 and r.int64_sum_would_wrap
    assert r.gbps > 0 and r.startup_seconds >= 0 and r.compute_seconds > 0
    assert _our_blocks() == []


def test_sizes_that_do_not_fit_are_refused_with_the_limit():
    with pytest.raises(UserError, match="at most"):
        arrays.check_size(10**15, "sqrt")
    with pytest.raises(UserError, match="at most|overflow"):  # memory runs out before int64 does, here
        arrays.check_size(arrays.MAX_EXACT_SQUARES + 1, "squares")
    with pytest.raises(UserError, match="Unknown kernel"):
        arrays.check_size(10, "cube")


def test_cancel_and_a_killed_worker_leave_dev_shm_clean():
    async def body(runner):
        job = arrays.start_fill_job(runner, arrays.FillRequest(12 * 10**7, "sin", 2, "processes"))
        while job.progress == 0 and not runner.pool.child_pids():
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        t0 = time.perf_counter()
        runner.cancel(job)
        await runner.wait(job)
        cancel_latency = time.perf_counter() - t0
        after_cancel = arrays.leaked_blocks()
        victim = arrays.start_fill_job(runner, arrays.FillRequest(12 * 10**7, "sin", 2, "processes"))
        while len(runner.pool.child_pids()) < 2 or not arrays.leaked_blocks():
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        os.kill(runner.pool.child_pids()[0], signal.SIGKILL)
        await runner.wait(victim)
        after_kill = arrays.leaked_blocks()
        again = arrays.start_fill_job(runner, arrays.FillRequest(10**6, "squares", 2, "processes"))
        await runner.wait(again)
        return job, cancel_latency, after_cancel, victim, after_kill, again

    job, latency, after_cancel, victim, after_kill, again = run_plain(lambda: with_runner(body))
    assert job.state is JobState.CANCELLED and latency < 0.1 and after_cancel == []
    assert victim.state is JobState.FAILED and "terminated abruptly" in victim.error
    assert after_kill == []
    assert again.state is JobState.DONE  # the pool was rebuilt; the app lives on


def test_stale_blocks_of_dead_owners_are_removed_and_live_ones_kept():
    dead_pid = 2**22 + 12345
    while shm_blocks._alive(dead_pid):  # noqa: SLF001
        dead_pid += 1
    stale = shared_memory.SharedMemory(name=f"{arrays.PREFIX}{dead_pid}_1", create=True, size=4096)
    stale.close()
    with arrays.shared_block(4096) as mine:
        removed = arrays.remove_stale_blocks()
        assert removed == [stale.name.lstrip("/")]
        # ours is kept (another live Tributary on the machine may have blocks too: kept, not ours to judge)
        assert [b for b in arrays.leaked_blocks() if b.startswith(f"{arrays.PREFIX}{os.getpid()}_")] == [mine.name]
    from multiprocessing import resource_tracker

    resource_tracker.unregister(stale._name, "shared_memory")  # noqa: SLF001 - we unlinked it by hand


def test_cli_shm_json():
    out = run_cli("shm", "1e6", "--kernel", "squares", "--workers", "2", "--json")
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["exact"] == arrays.squares_closed_form(10**6) and r["executor"] == "processes"
    assert {"n", "kernel", "result", "exact", "seconds", "gbps", "workers", "executor"} <= set(r)
    bad = run_cli("shm", "1e15")
    assert bad.returncode == 2 and "at most" in bad.stderr


def test_results_say_speed_up_against_one_process_efficiency_and_bytes():
    """The engine keeps the one-process run of the same job; later runs report their speed-up against it,
    their efficiency per worker and the bytes they wrote."""
    n = 4 * 10**6
    baselines = arrays.Baselines()

    async def body(runner):
        out = []
        for executor in ("processes", "single", "processes", "threads"):
            job = arrays.start_fill_job(runner, arrays.FillRequest(n, "sqrt", 2, executor), baselines=baselines)
            await runner.wait(job)
            out.append(job.result)
        return out

    before, single, processes, threads = run_plain(lambda: with_runner(body))
    assert before.speedup is None and before.efficiency is None  # no baseline yet: nothing invented
    assert before.bytes_written == n * 8 and before.to_dict()["bytes_written"] == n * 8
    assert single.speedup is None and baselines.get(n, "sqrt") == single.compute_seconds  # the baseline itself
    for r in (processes, threads):
        assert r.baseline_seconds == baselines.get(n, "sqrt")
        assert r.speedup == pytest.approx(r.baseline_seconds / r.compute_seconds, rel=1e-3)
        assert r.efficiency == pytest.approx(r.speedup / 2) and r.bytes_written == n * 8
        assert r.to_dict()["efficiency"] == r.efficiency


def _our_blocks() -> list[str]:
    """Blocks this test process made (other programs on the machine may hold blocks of their own)."""
    return [b for b in arrays.leaked_blocks() if b.startswith(f"{arrays.PREFIX}{os.getpid()}_")]


def test_a_fill_job_releases_its_block_off_the_loop(monkeypatch):
    """Unmapping and unlinking a large block takes the kernel ~80 ms (10^8 elements, 800 MB): done on the
    loop, that was the window's longest stall under the combined load (96 ms, found with the stall
    sampler). The block is released on a worker thread, and the job ends only once it is gone."""
    import threading

    seen = {}
    real_unlink = shared_memory.SharedMemory.unlink

    def unlink(self):
        seen["thread"] = threading.get_ident()
        real_unlink(self)

    monkeypatch.setattr(shared_memory.SharedMemory, "unlink", unlink)

    async def body(runner):
        seen["loop"] = threading.get_ident()
        job = arrays.start_fill_job(runner, arrays.FillRequest(n=10**6, workers=2, executor="threads"))
        await runner.wait(job)
        return job, "thread" in seen

    job, released_when_ended = run_plain(lambda: with_runner(body))
    assert job.state is JobState.DONE, job.error
    assert released_when_ended and seen["thread"] != seen["loop"]
    assert not [b for b in os.listdir("/dev/shm") if b.startswith(f"tributary_{os.getpid()}_")]
