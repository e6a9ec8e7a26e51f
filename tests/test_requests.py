"""Typed requests and results, without Qt: text is parsed and checked once (errors name their field),
results carry everything a view shows (density with its x/ln x estimate, speed-up against the engine's
baseline, rows to export), and the Mandelbrot geometry lives in the request."""

from __future__ import annotations

import math
import os

import pytest
from test_runner import run_plain, with_runner

from tributary.workers import arrays, primes
from tributary.workers.downloads.requests import AddRequest
from tributary.workers.jobs import JobState, UserError


@pytest.mark.parametrize(("low", "high", "kwargs", "field", "words"), [
    ("abc", "10", {}, "low", "not a number"),
    ("0", "", {}, "high", "empty"),
    ("10", "5", {}, "high", "greater than"),
    ("0", "9" * 5000, {}, "high", "too many digits"),  # int() alone would raise ValueError on 5,000 digits
    ("2**" + "9" * 5000, "1", {}, "low", "too many digits"),
    ("0", "10", {"mode": "list"}, "output", "Choose a file"),
    ("0", "10", {"mode": "list", "output": "   "}, "output", "Choose a file"),
    ("0", "10", {"mode": "nope"}, "mode", "Unknown mode"),
    ("0", "10", {"workers": 0}, "workers", "at least one worker"),
    ("0", "10", {"executor": "gpu"}, "executor", "Unknown way to run"),
    ("0", "10", {"kernel": "fortran"}, "kernel", "Unknown kernel"),
    ("0", "junk", {"mode": "nth", "nth": ""}, "nth", "empty"),  # nth mode: the upper bound is not read
    ("0", "", {"mode": "nth", "nth": "0"}, "nth", "at least 1"),
    ("0", "", {"mode": "nth", "nth": "ten"}, "nth", "not a number"),
    ("0", "", {"mode": "nth", "nth": "1e14"}, "nth", "past the maximum"),
    ("1e15", "", {"mode": "nth", "nth": "1e10"}, "nth", "past the maximum"),
    ("x", "", {"mode": "nth", "nth": "5"}, "low", "not a number"),
])
def test_prime_requests_name_the_field_that_is_wrong(low, high, kwargs, field, words):
    with pytest.raises(UserError, match=words) as raised:
        primes.PrimeRequest.from_text(low, high, **kwargs)
    assert raised.value.field == field
    assert len(str(raised.value)) < 200  # a pasted essay is not quoted back whole


def test_a_prime_request_from_text(tmp_path):
    req = primes.PrimeRequest.from_text(" 1e3 ", "10^4", mode="list", output=str(tmp_path / "p.txt"), workers=3,
                                        executor="threads", twins=False)
    assert (req.low, req.high, req.mode, req.workers, req.executor, req.twins) == (1000, 10**4, "list", 3,
                                                                                    "threads", False)
    assert req.listing_path == str(tmp_path / "p.txt")
    with pytest.raises(UserError, match="is a folder") as raised:
        primes.PrimeRequest.from_text("0", "10", mode="list", output=str(tmp_path))
    assert raised.value.field == "output"
    assert primes.PrimeRequest(0, 10, listing_path="x.txt").mode == "list"  # the command line's form


def test_an_nth_prime_request_from_text_and_its_typed_result():
    req = primes.PrimeRequest.from_text("1e6", "", mode="nth", nth="10,000", workers=2, executor="threads",
                                        kernel="numpy")
    assert (req.mode, req.low, req.nth, req.kernel, req.buckets, req.twins) == ("nth", 10**6, 10**4, "numpy", 0, False)

    async def body(runner):
        job = primes.start_job(runner, req)
        assert isinstance(job.partial, primes.PrimeTally) and job.request is req
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    r = job.result
    assert isinstance(r, primes.PrimeResult) and job.state is JobState.DONE, job.error
    # the 10,000th prime after 10^6: as many primes in (10^6, p] as asked, p itself prime
    assert r.prime == r.high and primes.count_primes(10**6 + 1, r.prime)[0] == 10**4
    assert primes.count_primes(r.prime, r.prime)[0] == 1
    assert (r.mode, r.nth, r.kernel, r.kernel_note) == ("nth", 10**4, "numpy", None)  # numpy was asked for
    d = r.to_dict()
    assert (d["n"], d["after"], d["prime"], d["kernel"], d["mode"]) == (10**4, 10**6, r.prime, "numpy", "nth")
    assert ["prime", r.prime] in r.rows()


def test_the_kernel_that_ran_and_why_the_c_kernel_did_not(monkeypatch):
    from tributary.workers import primesieve_c

    async def body(runner):
        job = primes.start_job(runner, primes.PrimeRequest(0, 10**6, workers=2, executor="threads"))
        await runner.wait(job)
        return job.result

    ran = run_plain(lambda: with_runner(body))
    if primesieve_c.library() is not None:
        assert ran.kernel.startswith("libprimesieve") and ran.kernel_note is None
    monkeypatch.setenv("TRIBUTARY_PRIME_KERNEL", "numpy")  # hides the library: the auto kernel falls back
    primesieve_c.forget()
    try:
        hidden = run_plain(lambda: with_runner(body))
        with pytest.raises(UserError, match="not available") as raised:
            primes.PrimeRequest.from_text("0", "10", kernel="libprimesieve")
        assert raised.value.field == "kernel"
    finally:
        monkeypatch.delenv("TRIBUTARY_PRIME_KERNEL")
        primesieve_c.forget()
    assert hidden.kernel == "numpy" and hidden.count == ran.count == 78498
    assert hidden.kernel_note.template.startswith("libprimesieve is not available here")
    assert "TRIBUTARY_PRIME_KERNEL=numpy" in hidden.kernel_note  # the reason, as a value


def test_the_density_series_holds_whole_buckets_and_their_estimate():
    tally = primes.PrimeTally(0, 999, buckets=10)
    for a, b in primes.plan_chunks(0, 449, 1):
        tally.add(primes.sieve_chunk(-1, a, b, (0, 999, 10)))
    density = tally.density()
    assert len(density) == 4  # buckets of 100 numbers: 0–99 … 300–399 are whole, 400–499 is not yet
    assert density.counts == (25, 21, 16, 16) and density.starts[1] == 100 and density.ends[1] == 199
    assert density.estimates[1] == pytest.approx(100 / math.log(149.5))


def test_a_prime_job_hands_its_view_a_typed_result(tmp_path):
    async def body(runner):
        job = primes.start_job(runner, primes.PrimeRequest(0, 10**6, workers=2, twins=False))
        assert isinstance(job.partial, primes.PrimeTally) and job.request.high == 10**6
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    r = job.result
    assert isinstance(r, primes.PrimeResult) and job.state is JobState.DONE
    assert (r.count, r.twins, r.first, r.last) == (78498, None, 2, 999983)
    assert len(r.density) == 200 and sum(r.density.counts) == 78498
    rows = r.rows()
    assert ["twins", None] in rows and ["count", 78498] in rows and rows[-1][:3] == [995001, 10**6, primes.count_primes(995001, 10**6)[0]]
    assert "count\t78498" in r.to_tsv() and "twins\t\n" in r.to_tsv()
    r.export(str(tmp_path / "r.csv"))
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert r.to_dict()["histogram"] == list(r.density.counts)


def test_an_empty_range_has_no_first_or_last_prime():
    async def body(runner):
        job = primes.start_job(runner, primes.PrimeRequest(24, 28, executor="threads"))
        await runner.wait(job)
        return job.result

    r = run_plain(lambda: with_runner(body))
    assert (r.count, r.first, r.last) == (0, None, None)


def test_a_scaling_job_measures_one_point_per_worker_count_in_each_series():
    from tributary.workers import scaling

    async def body(runner):
        job = scaling.start_scaling_job(runner, primes.PrimeRequest(0, 2 * 10**7, workers=2))
        assert isinstance(job.partial, scaling.ScalingSeries)
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    assert job.state is JobState.DONE, job.error
    by_series = job.result.series()
    from tributary.workers.primesieve_c import library

    expected = {"processes/C", "threads/C", "threads/numpy"} if library() else {"processes/numpy", "threads/numpy"}
    assert set(by_series) == expected
    for points in by_series.values():
        assert [p.workers for p in points] == [1, 2] and points[0].speedup == 1.0 and points[1].speedup > 0
    assert job.result.explanation is not scaling.GIL and "GIL" in job.result.explanation
    assert job.progress == 1.0


@pytest.mark.parametrize(("size", "kwargs", "field"), [
    ("", {}, "size"), ("-3", {}, "size"), ("0", {}, "size"), ("1e15", {"kernel": "sqrt"}, "size"),
    ("10", {"kernel": "cube"}, "kernel"), ("10", {"workers": 0}, "workers"), ("10", {"executor": "gpu"}, "executor"),
])
def test_fill_requests_name_the_field_that_is_wrong(size, kwargs, field):
    with pytest.raises(UserError) as raised:
        arrays.FillRequest.from_text(size, **kwargs)
    assert raised.value.field == field


def test_the_speed_up_is_measured_against_the_baseline_the_engine_keeps():
    baselines = arrays.Baselines()

    async def body(runner):
        out = []
        for executor in ("processes", "single", "processes"):
            job = arrays.start_fill_job(runner, arrays.FillRequest(4 * 10**6, "squares", 2, executor),
                                        baselines=baselines)
            await runner.wait(job)
            out.append(job.result)
        return out

    before, single, after = run_plain(lambda: with_runner(body))
    assert before.speedup is None and single.speedup is None  # no baseline yet; the baseline itself
    assert baselines.get(4 * 10**6, "squares") == single.compute_seconds
    assert after.baseline_seconds == single.compute_seconds
    assert after.speedup == pytest.approx(single.compute_seconds / after.compute_seconds)
    assert after.exact_matches_closed_form and after.to_dict()["exact"] == arrays.squares_closed_form(4 * 10**6)
    sines = arrays.make_fill_result(arrays.FillRequest(10, "sin"), arrays.ArrayTally(10, "sin"), 0.0, 0.1, None)
    assert sines.exact is None and "exact" not in sines.to_dict()


@pytest.mark.parametrize(("width", "height"), [(978, 202), (300, 900), (640, 480), (4000, 3000)])
def test_a_mandelbrot_view_has_square_pixels_and_shows_the_whole_set(width, height):
    req = arrays.MandelbrotRequest.for_view(width, height)
    assert req.width * req.height <= arrays.MAX_PIXELS
    assert abs(req.width / req.height - width / height) < 0.01  # the view's aspect, whatever its size
    across, down = req.width * req.scale, req.height * req.scale  # one scale for both axes: square pixels
    assert across >= 3.2 - 1e-9 and down >= 2.4 - 1e-9  # the whole set fits
    assert min(across - 3.2, down - 2.4) < 1e-9  # and fills the view in one direction


def test_zoom_and_resize_are_the_requests_geometry():
    req = arrays.MandelbrotRequest.for_view(800, 400)
    zoomed = req.zoom(0.75, 0.25, 0.5)
    assert zoomed.center == pytest.approx((req.center[0] + 0.25 * req.span, req.center[1] - 0.25 * 400 * req.scale))
    assert zoomed.scale == req.scale / 2 and (zoomed.width, zoomed.height) == (800, 400)
    assert zoomed.zoom(0.5, 0.5, 2.0).scale == req.scale  # out again, same centre
    resized = zoomed.resized(400, 600)
    assert (resized.width, resized.height) == (400, 600) and resized.center == zoomed.center
    assert resized.span == pytest.approx(zoomed.span)  # the same extent across at the new size


def test_add_requests_check_urls_and_folder(tmp_path):
    req = AddRequest.from_text(f"# a list\nhttps://example.org/a.iso {'ab' * 32}\n\nhttp://x/b,\n", str(tmp_path))
    assert req.entries == (("https://example.org/a.iso", "ab" * 32), ("http://x/b", None))
    assert req.folder == tmp_path
    home = AddRequest.from_text("http://x/y", "~/Downloads").folder
    assert home == os.path.join(os.path.expanduser("~"), "Downloads") or str(home).endswith("Downloads")
    a_file = tmp_path / "f"
    a_file.write_text("")
    for text, folder, field in (("  \n#\n", str(tmp_path), "urls"), ("http://x/y", "", "folder"),
                                ("http://x/y", "   ", "folder"), ("http://x/y", str(a_file), "folder"),
                                ("http://x/y", "downloads", "folder")):
        with pytest.raises(UserError) as raised:
            AddRequest.from_text(text, folder)
        assert raised.value.field == field, (text, folder)
    nested = AddRequest.from_text("http://x/y", str(a_file / "below"))
    with pytest.raises(UserError, match="Cannot create the folder") as raised:
        nested.ensure_folder()
    assert raised.value.field == "folder"
    assert AddRequest.from_text("http://x/y", str(tmp_path / "new")).ensure_folder().is_dir()


def test_a_listing_that_cannot_be_written_fails_with_a_message_for_people(tmp_path):
    with pytest.raises(UserError, match="does not exist") as raised:
        primes.PrimeRequest.from_text("0", "10", mode="list", output=str(tmp_path / "missing" / "p.txt"))
    assert raised.value.field == "output"
    target = tmp_path / "p.txt"
    req = primes.PrimeRequest.from_text("0", "10", mode="list", output=str(target), executor="threads")
    target.mkdir()  # between the check and the start, the name became a folder (root or not, no file there)

    async def body(runner):
        job = primes.start_job(runner, req)
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    assert job.state is JobState.FAILED and job.error.template == "Cannot write {path}: {reason}."
    assert job.error.values["path"] == str(target)
