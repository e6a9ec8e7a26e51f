"""The C prime kernel (libprimesieve through ctypes) against primesieve's own CLI and the numpy sieve, on
real process and thread pools; the n-th prime; the fallback when the library is hidden or cannot load;
the scaling run's series; the GIL released during a C call."""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import subprocess
import threading
import time

import pytest
from helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from test_runner import run_plain, with_runner

from tributary.workers import primesieve_c
from tributary.workers.jobs import JobState, UserError
from tributary.workers.nth_prime import nth_prime_here
from tributary.workers.numtext import decimal_lines
from tributary.workers.primes import MAX_UPPER, PrimeRequest, sieve_chunk, start_job
from tributary.workers.primes_c import c_chunk, is_prime, kernel_label

PRIMESIEVE = shutil.which("primesieve")
needs_primesieve = pytest.mark.skipif(PRIMESIEVE is None or primesieve_c.library() is None,
                                      reason="primesieve-bin and libprimesieve11 are installed by ./dev.sh")


def ps_counts(low: int, high: int) -> tuple[int, int]:
    out = subprocess.run([PRIMESIEVE, str(low), str(high), "-c1", "-c2", "-q"], capture_output=True, text=True,
                         check=True).stdout
    counts = dict(line.split(": ") for line in out.strip().splitlines())  # "Primes: N", "Twin primes: N"
    return int(counts["Primes"]), int(counts["Twin primes"])


def ps_list(low: int, high: int) -> bytes:
    return subprocess.run([PRIMESIEVE, str(low), str(high), "-p"], capture_output=True, check=True).stdout


def ps_nth(n: int, after: int) -> int:
    args = [PRIMESIEVE, str(n), "-n", "-q"] if after == 0 else [PRIMESIEVE, str(n), str(after), "-n", "-q"]
    return int(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def random_cases(rng: random.Random, count: int, width: int) -> list[tuple[int, int]]:
    """Ranges anywhere up to 10^15, near zero and far from it."""
    cases = []
    for _ in range(count):
        magnitude = rng.choice([3, 6, 9, 12, 14, 15])
        low = rng.randrange(0, 10**magnitude - width if magnitude > 9 else 10**magnitude)
        cases.append((low, min(MAX_UPPER, low + rng.randrange(0, width))))
    return cases


# -- the chunk kernels agree -----------------------------------------------------------------------
@needs_primesieve
@settings(max_examples=80, deadline=None)
@given(st.sampled_from([0, 10**6, 10**9, 10**12, 10**15 - 10**7]), st.integers(0, 10**6), st.integers(0, 300_000),
       st.sampled_from([None, 1, 7, 200]), st.booleans(), st.booleans())
def test_c_chunk_equals_the_numpy_sieve(base, offset, width, nb, listing, twins):
    low = base + offset
    high = low + width
    buckets = (low, high, nb) if nb else None
    a = sieve_chunk(-1, low, high, buckets, listing, twins)
    b = c_chunk(-1, low, high, buckets, listing, twins)
    assert (b.count, b.twins, b.first, b.last, b.histogram, b.text) == (a.count, a.twins, a.first, a.last,
                                                                      a.histogram, a.text)
    assert b.kernel.startswith("libprimesieve") and a.kernel == "numpy"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**62), max_size=300))
def test_decimal_lines_equal_str(values):
    values = sorted(values)
    assert decimal_lines(values) == "".join(f"{v}\n" for v in values).encode()


def test_miller_rabin_agrees_with_a_sieve_and_known_primes():
    r = sieve_chunk(-1, 0, 200_000, listing=True)
    primes = {int(x) for x in r.text.split()}
    assert [n for n in range(200_001) if is_prime(n)] == sorted(primes)
    assert is_prime(999_999_999_999_989) and not is_prime(999_999_999_999_991)  # 10^15 - 11 is prime
    assert is_prime(2**61 - 1) and not is_prime(3_215_031_751)  # a strong pseudoprime to bases 2, 3, 5, 7


# -- whole jobs against the primesieve CLI, on each local executor ---------------------------------
@needs_primesieve
@pytest.mark.parametrize("executor", ["processes", "threads"])
def test_jobs_equal_primesieve_on_random_ranges(executor, tmp_path):
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    counts = random_cases(rng, 4, 3 * 10**8)
    listings = random_cases(rng, 2, 2 * 10**6)
    nths = [(rng.randrange(1, 10**7), rng.choice([0, rng.randrange(0, 10**15 - 10**9)])) for _ in range(2)]

    async def body(runner):
        out = []
        for low, high in counts:
            job = start_job(runner, PrimeRequest(low, high, workers=2, executor=executor, buckets=50))
            await runner.wait(job)
            out.append(job)
        for k, (low, high) in enumerate(listings):
            job = start_job(runner, PrimeRequest(low, high, workers=2, executor=executor,
                                                 listing_path=str(tmp_path / f"list{k}.txt")))
            await runner.wait(job)
            out.append(job)
        for n, after in nths:
            job = start_job(runner, PrimeRequest(after, after, workers=2, executor=executor, mode="nth", nth=n))
            await runner.wait(job)
            out.append(job)
        return out

    jobs = run_plain(lambda: with_runner(body), timeout=240)
    assert all(j.state is JobState.DONE for j in jobs), [(j.title, j.error) for j in jobs]
    for job, (low, high) in zip(jobs, counts):
        r = job.result
        assert (r.count, r.twins) == ps_counts(low, high), (seed, low, high)
        assert sum(r.density.counts) == r.count and r.kernel.startswith("libprimesieve") and r.kernel_note is None
    for k, (low, high) in enumerate(listings):
        assert (tmp_path / f"list{k}.txt").read_bytes() == ps_list(low, high), (seed, low, high)
    for job, (n, after) in zip(jobs[len(counts) + len(listings):], nths):
        assert job.result.prime == ps_nth(n, after), (seed, n, after)
        assert job.result.mode == "nth" and job.result.kernel.startswith("libprimesieve")


@needs_primesieve
@pytest.mark.parametrize(("n", "after"), [(1, 0), (2, 0), (3, 0), (25, 0), (26, 0), (1, 2), (1, 3), (5, 100),
                                          (10**6, 0), (1, 10**15 - 100), (10**5, 10**14)])
@pytest.mark.parametrize("kernel", ["auto", "numpy"])
def test_nth_prime_edges_equal_primesieve(n, after, kernel):
    if kernel == "numpy" and after > 10**12:
        after = 10**12  # the numpy sieve's start-up near 10^15 is seconds; the walk is the same code
    assert nth_prime_here(n, after, kernel) == ps_nth(n, after)


def test_nth_prime_refuses_what_it_cannot_do():
    with pytest.raises(UserError, match="at least 1"):
        nth_prime_here(0)
    with pytest.raises(UserError, match="past the maximum"):
        nth_prime_here(10**14)


@needs_primesieve
def test_cli_nth_and_kernel_in_json():
    out = run_cli("nth", "1e7", "--after", "1e12", "--workers", "2", "--json")
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["prime"] == ps_nth(10**7, 10**12) and r["kernel"].startswith("libprimesieve")
    out = run_cli("primes", "1e12", "1e12+1e8", "--twins", "--executor", "threads", "--json")
    r = json.loads(out.stdout)
    assert (r["count"], r["twins"]) == ps_counts(10**12, 10**12 + 10**8) and r["kernel"].startswith("libprimesieve")
    bad = run_cli("nth", "0")
    assert bad.returncode == 2 and "at least 1" in bad.stderr


# -- without the library ---------------------------------------------------------------------------
def test_without_libprimesieve_the_numpy_kernel_runs_and_says_so(tmp_path):
    expected = run_cli("primes", "0", "1e7", "--twins", "--json", "--kernel", "numpy")
    assert json.loads(expected.stdout)["kernel"] == "numpy"
    bogus = tmp_path / "libprimesieve.so.11"
    bogus.write_text("not a library")
    for extra in ({"TRIBUTARY_PRIME_KERNEL": "numpy"}, {"TRIBUTARY_PRIMESIEVE_PATH": str(bogus)}):
        env = dict(os.environ, **extra)
        out = run_cli("primes", "0", "1e7", "--twins", "--workers", "2", "--json", env=env)
        assert out.returncode == 0, out.stderr
        r = json.loads(out.stdout)
        assert (r["count"], r["twins"], r["kernel"]) == (664579, 58980, "numpy")
        nth = run_cli("nth", "1e5", "--json", env=env)
        assert json.loads(nth.stdout)["prime"] == 1299709 and json.loads(nth.stdout)["kernel"] == "numpy"
        named = run_cli("primes", "0", "1e6", "--kernel", "libprimesieve", env=env)
        assert named.returncode == 2 and "not available" in named.stderr


def test_a_failed_load_falls_back_in_process(tmp_path, monkeypatch):
    bogus = tmp_path / "libprimesieve.so.11"
    bogus.write_bytes(b"\x7fELF garbage")
    monkeypatch.setenv("TRIBUTARY_PRIMESIEVE_PATH", str(bogus))
    primesieve_c.forget()
    try:
        assert primesieve_c.library() is None and str(bogus) in primesieve_c.unavailable_reason()
        assert kernel_label("auto") == "numpy"
        with pytest.raises(UserError, match="not available"):
            kernel_label("libprimesieve")
        r = c_chunk(-1, 0, 10**6, None, False, True)  # a chunk sent to a worker without the library
        assert (r.count, r.twins, r.kernel) == (78498, 8169, "numpy")
    finally:
        monkeypatch.delenv("TRIBUTARY_PRIMESIEVE_PATH")
        primesieve_c.forget()


@needs_primesieve
def test_loading_the_library_by_its_name_asks_no_ldconfig(monkeypatch):
    """The first load may happen on the GUI thread (validating a request): ctypes.util.find_library runs
    ldconfig (~20 ms) and is only the fallback when the usual names do not load."""
    import ctypes.util

    def no_ldconfig(name):
        raise AssertionError("find_library ran although the library loads by its name")

    monkeypatch.setattr(ctypes.util, "find_library", no_ldconfig)
    primesieve_c.forget()
    try:
        assert primesieve_c.library() is not None
    finally:
        primesieve_c.forget()


# -- threads, the GIL and cancel -------------------------------------------------------------------
@needs_primesieve
def test_a_c_call_releases_the_gil():
    """Python keeps running on another thread during one long libprimesieve call (it could not, were the
    GIL held for the call)."""
    lib = primesieve_c.library()
    box = {}

    def call():
        t0 = time.perf_counter()
        box["count"] = lib.count_primes(10**12, 10**12 + 2 * 10**9)
        box["seconds"] = time.perf_counter() - t0

    ticks = 0
    t = threading.Thread(target=call, name="c-call")
    t.start()
    while t.is_alive():
        ticks += 1
    t.join()
    assert box["count"] == ps_counts(10**12, 10**12 + 2 * 10**9)[0]
    assert ticks > 10_000, (ticks, box["seconds"])  # a Python loop ran all along the C call


@needs_primesieve
@pytest.mark.parametrize("executor", ["threads", "processes"])
def test_cancel_of_the_c_kernel_is_prompt_and_leaves_workers_idle(executor):
    async def body(runner):
        job = start_job(runner, PrimeRequest(10**14, 10**14 + 10**12, workers=2, executor=executor))
        while executor == "processes" and len(runner.pool.child_pids()) < 2:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.4)  # chunks are in the middle of their C calls
        assert not job.state.finished
        t0 = time.perf_counter()
        runner.cancel(job)
        await runner.wait(job)
        latency = time.perf_counter() - t0
        await runner.drained(timeout=2)
        return job, latency, time.perf_counter() - t0, runner.pool.restarts

    job, latency, stopped, restarts = run_plain(lambda: with_runner(body))
    assert job.state is JobState.CANCELLED and latency < 0.1
    assert stopped < 0.5 and restarts == 0  # every chunk saw its flag between two C calls


@needs_primesieve
def test_scaling_run_has_processes_threads_and_numpy_series():
    from tributary.workers.scaling import GIL, scaling_explanation, scaling_run

    async def body(runner):
        seen = []
        points = await scaling_run(runner, 0, 4 * 10**8, 2, on_point=seen.append)
        return points, seen

    points, seen = run_plain(lambda: with_runner(body), timeout=120)
    assert points == seen
    series = {}
    for p in points:
        series.setdefault(p.series, []).append(p)
    assert set(series) == {"processes/C", "threads/C", "threads/numpy"}
    for pts in series.values():
        assert [p.workers for p in pts] == [1, 2]
        assert pts[0].speedup == 1.0 and pts[1].speedup == pytest.approx(pts[0].seconds / pts[1].seconds)
        assert pts[1].efficiency == pytest.approx(pts[1].speedup / 2)
    assert series["threads/numpy"][0].high < series["threads/C"][0].high  # a share of the range
    assert series["threads/numpy"][0].kernel == "numpy"
    text = scaling_explanation(points)
    assert text is not GIL and "GIL" in text and f"{series['threads/C'][1].speedup:.2f}" in text
    assert text.template != text  # a template plus values, translated at display
