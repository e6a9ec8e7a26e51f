"""The prime engine without Qt: parsing, exactness against references, chunk planning, the CLI."""

from __future__ import annotations

import json
import math
import shutil
import subprocess

import numpy as np
import pytest
from helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from tributary.workers.jobs import UserError
from tributary.workers.primes import (
    MAX_UPPER,
    PrimeTally,
    count_primes,
    parse_bound,
    parse_bounds,
    plan_chunks,
    sieve_chunk,
)

PI = {1: 4, 2: 25, 3: 168, 4: 1229, 5: 9592, 6: 78498, 7: 664579, 8: 5761455, 9: 50847534}
TWINS = {3: 35, 6: 8169, 8: 440312}


def reference(low: int, high: int) -> tuple[int, int]:
    """A plain, obviously-correct sieve of [0, high+2] (twins whose larger member ≤ high)."""
    n = high + 3
    s = np.ones(n, dtype=bool)
    s[:2] = False
    for p in range(2, math.isqrt(n) + 1):
        if s[p]:
            s[p * p :: p] = False
    primes = np.flatnonzero(s)
    inside = primes[(primes >= low) & (primes <= high)]
    twins = int(np.count_nonzero(np.diff(inside) == 2))
    return len(inside), twins


@pytest.mark.parametrize(("text", "value"), [
    ("1e9", 10**9), ("10^12", 10**12), ("2**40", 2**40), ("1,000,000", 10**6), ("1_000_000", 10**6),
    (" 0 ", 0), ("2.5e3", 2500), ("1e9+7", 10**9 + 7), ("10^15", 10**15),
])
def test_bounds_read_as_people_type_them(text, value):
    assert parse_bound(text) == value


@pytest.mark.parametrize(("low", "high", "message"), [
    ("abc", "10", "not a number"), ("-5", "10", "negative"), ("10", "5", "greater than"),
    ("0", "10^16", "maximum"), ("0", "1e400", "too large"), ("0", "", "empty"), ("0", "2.5", "whole number"),
])
def test_bad_bounds_say_what_is_wrong(low, high, message):
    with pytest.raises(UserError, match=message):
        parse_bounds(low, high)


@pytest.mark.parametrize("text", ["-0", "−0", "－0", " -0 ", "-00", "-0e5", "-0.0", "- 0", "-0+0"])
def test_minus_zero_is_zero(text):
    """A person who types -0 (an ASCII hyphen, the minus sign or a full-width one from a Chinese input
    method) means zero; it was refused as negative."""
    assert parse_bound(text) == 0
    assert parse_bounds(text, "10") == (0, 10)


@pytest.mark.parametrize("text", ["-5", "−5", "－5", "-1e9", "−0.5e1", "--0", "-", "−", "-1e400", "-0+1"])
def test_any_other_negative_bound_is_still_refused_as_negative(text):
    with pytest.raises(UserError, match="negative") as caught:
        parse_bound(text, field="low")
    assert caught.value.field == "low"


@pytest.mark.parametrize("k", sorted(PI))
def test_known_prime_counts(k):
    count, twins = count_primes(0, 10**k)
    assert count == PI[k]
    if k in TWINS:
        assert twins == TWINS[k]


@pytest.mark.parametrize(("low", "high"), [(0, 0), (0, 1), (2, 2), (3, 3), (4, 4), (0, 2), (1, 3), (17, 17),
                                           (18, 19), (9, 9), (10**6, 10**6 + 3), (4_849_845 * 2 - 50, 4_849_845 * 2 + 50)])
def test_edge_ranges(low, high):
    assert count_primes(low, high) == reference(low, high)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 3_000_000), st.integers(0, 400_000))
def test_random_ranges_match_the_reference(low, width):
    assert count_primes(low, low + width) == reference(low, low + width)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 5_000_000), st.integers(1, 8))
def test_chunks_tile_the_range_exactly(width, workers):
    plan = plan_chunks(100, 100 + width, workers)
    chunks = list(plan)
    assert len(plan) == len(chunks) and plan[-1] == chunks[-1]
    assert chunks[0][0] == 100 and chunks[-1][1] == 100 + width
    assert all(b + 1 == c for (_, b), (c, _) in zip(chunks, chunks[1:]))


def test_listing_text_is_every_prime_in_order():
    r = sieve_chunk(-1, 990, 1100, listing=True)
    assert r.text.decode().split() == [str(p) for p in range(990, 1101) if all(p % d for d in range(2, 34))]


def test_histogram_counts_add_up():
    tally = PrimeTally(0, 10**7, 37)
    for a, b in plan_chunks(0, 10**7, 3):
        tally.add(sieve_chunk(-1, a, b, buckets=(0, 10**7, 37)))
    assert sum(tally.histogram) == tally.count == 664579


primesieve = shutil.which("primesieve")


@pytest.mark.skipif(primesieve is None, reason="primesieve-bin is installed by ./dev.sh on Debian")
@settings(max_examples=6, deadline=None)
@given(st.sampled_from([10**12, 10**13, 10**14, MAX_UPPER - 3 * 10**7]), st.integers(0, 10**9),
       st.integers(1, 2 * 10**7))
def test_counts_equal_primesieve_far_from_zero(base, offset, width):
    low = base + offset
    high = min(MAX_UPPER, low + width)
    out = subprocess.run([primesieve, str(low), str(high), "-c1", "-c2", "-q"], capture_output=True, text=True,
                         check=True).stdout
    counts = dict(line.split(": ") for line in out.strip().splitlines())  # "Primes: N", "Twin primes: N"
    assert count_primes(low, high) == (int(counts["Primes"]), int(counts["Twin primes"]))


def test_cli_counts_with_json_and_rejects_bad_input(tmp_path):
    out = run_cli("primes", "0", "1e7", "--twins", "--workers", "2", "--executor", "processes", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert (result["count"], result["twins"], result["workers"], result["executor"]) == (664579, 58980, 2, "processes")
    assert result["seconds"] > 0
    bad = run_cli("primes", "10", "five")
    assert bad.returncode == 2 and "not a number" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_cli_lists_to_a_file_in_order(tmp_path):
    target = tmp_path / "primes.txt"
    out = run_cli("primes", "1e6", "1e6+10000", "--list", "-o", str(target), "--executor", "threads", "--json")
    assert out.returncode == 0, out.stderr
    values = [int(x) for x in target.read_text().split()]
    assert values == sorted(values) and len(values) == reference(10**6, 10**6 + 10000)[0]
    assert json.loads(out.stdout)["executor"] == "threads"


def test_cancel_during_a_1e11_run_is_prompt_and_leaves_no_busy_worker():
    import asyncio
    import time

    import psutil
    from test_runner import run_plain, with_runner

    from tributary.workers.jobs import JobState
    from tributary.workers.primes import PrimeRequest, start_job

    async def body(runner):
        job = start_job(runner, PrimeRequest(0, 10**11, workers=2))
        while job.progress < 0.002:
            await asyncio.sleep(0.01)
        t0 = time.perf_counter()
        runner.cancel(job)
        await runner.wait(job)
        latency = time.perf_counter() - t0
        await asyncio.sleep(0.1)  # a C kernel call in flight (≤ ~60 ms) ends before its chunk sees the flag
        workers = [psutil.Process(pid) for pid in runner.pool.child_pids()]
        before = [w.cpu_times() for w in workers]
        await asyncio.sleep(0.3)
        busy = [(a.user + a.system, b.user + b.system) for a, b in zip(before, (w.cpu_times() for w in workers))]
        return job, latency, busy, runner.pool.restarts

    job, latency, busy, restarts = run_plain(lambda: with_runner(body))
    assert job.state is JobState.CANCELLED
    assert latency < 0.1, latency
    assert all(after - before < 0.05 for before, after in busy), busy  # idle: < 50 ms CPU in 300 ms
    assert restarts == 0  # stopped by their flags, not killed


def test_listing_streams_in_order_with_bounded_memory(tmp_path):
    import subprocess
    import sys

    from helpers import ROOT

    target = tmp_path / "primes.txt"
    # a small wrapper process: its children's peak RSS is the CLI's and its pool workers', nobody else's
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "tributary.gui", "primes", "0", "3e8", "--list",
                          "-o", str(target), "--workers", "2", "--json"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    peak_kib = int(out.stdout.strip().splitlines()[-1])
    count = 0
    last = 0
    with open(target, "rb") as fh:
        for line in fh:
            value = int(line)
            assert value > last
            last = value
            count += 1
    assert count == 16_252_325 and last == 299_999_977  # π(3·10^8) and the largest prime below it (primesieve)
    assert peak_kib < 300 * 1024


def test_a_slow_disk_pauses_the_sieve_instead_of_piling_up_text(tmp_path, monkeypatch):
    """Backpressure: while the listing's writer is slower than the kernel, at most WRITES_AHEAD chunks of text
    wait for it. Before, every finished chunk was handed to the writer at once: the listing below 10^10 peaked
    at 881 MB (measured by bench/primes_bench.py on this machine), now ~165 MB."""
    import threading
    import time

    from test_runner import run_plain, with_runner

    from tributary.workers import listing
    from tributary.workers.jobs import JobState
    from tributary.workers.primes import WRITES_AHEAD, PrimeRequest, start_job

    lock = threading.Lock()
    counts = {"chunks": 0, "written": 0, "most_waiting": 0}
    real_open = listing.PublishedFile.open

    class SlowFile:
        """The real temporary file, written 30 ms late each time (a slow disk)."""

        def __init__(self, fh) -> None:
            self.fh = fh

        def write(self, text) -> int:
            time.sleep(0.03)
            n = self.fh.write(text)
            with lock:
                counts["written"] += 1
            return n

        def __getattr__(self, name):
            return getattr(self.fh, name)

    monkeypatch.setattr(listing.PublishedFile, "open", lambda self: SlowFile(real_open(self)))

    def on_chunk(job, tally) -> None:
        with lock:
            counts["chunks"] += 1
            counts["most_waiting"] = max(counts["most_waiting"], counts["chunks"] - counts["written"])

    target = tmp_path / "primes.txt"

    async def body(runner):
        req = PrimeRequest(0, 4 * 10**8, workers=2, executor="threads", listing_path=str(target))
        job = start_job(runner, req, on_chunk=on_chunk)
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body), timeout=120)
    assert job.state is JobState.DONE, job.error
    assert counts["chunks"] >= 20  # enough chunks for a pile-up to show
    assert counts["most_waiting"] <= WRITES_AHEAD + 1, counts  # the one just handed over, and those ahead of it
    with open(target, "rb") as fh:
        assert sum(1 for _ in fh) == 21_336_326  # π(4·10^8)
