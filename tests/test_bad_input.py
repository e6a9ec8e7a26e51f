"""Hostile input on the command line and in the engine: one bad URL fails alone, a huge bound is a
one-line message, every flag is checked, and a prime listing is never a file that only looks complete."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import ROOT, run_cli
from test_downloads import with_engine
from test_runner import run_plain, with_runner

from tributary.workers.jobs import JobState, UserError
from tributary.workers.primes import PrimeRequest, parse_bound, start_job


# -- URLs ------------------------------------------------------------------------------------------
def test_one_bad_url_fails_its_row_and_the_others_run(tmp_path):
    async def body(engine, base, folder, server):
        engine.add([(base + "/file/a.bin?size=1000", None), ("http://[::1", None), ("http://h:99999/x", None),
                    ("http://exa mple.org/x", None), (base + "/file/b.bin?size=2000", None)], folder)
        await engine.run_all()
        return [t.item for t in engine.transfers]

    items = run_plain(lambda: with_engine(tmp_path, body))
    assert [i.state for i in items] == ["done", "failed", "failed", "failed", "done"]
    assert all("is not a valid URL" in i.error for i in items[1:4]), [i.error for i in items]
    assert "Invalid IPv6 URL" in items[1].error


def test_one_bad_url_on_the_command_line_fails_alone(tmp_path, nginx):
    (nginx.root / "good.bin").write_bytes(b"good")
    out = run_cli("download", "http://[::1", f"{nginx.base}/good.bin", "-d", str(tmp_path),
                  "--journal", str(tmp_path / "j.sqlite3"))
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert "http://[::1 → failed: 'http://[::1' is not a valid URL (Invalid IPv6 URL)." in out.stdout
    assert (tmp_path / "good.bin").read_bytes() == b"good"
    assert "1 of 2 done" in out.stderr


# -- bounds ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["1" * 5000, "1e" + "9" * 5000, "2**" + "1" * 5000, "1." + "0" * 4999, "9" * 41])
def test_a_bound_with_thousands_of_digits_is_a_clear_message(text):
    with pytest.raises(UserError) as raised:
        parse_bound(text)
    assert "too many digits" in str(raised.value) and len(str(raised.value)) < 120


def test_a_5000_digit_bound_on_the_command_line_is_one_line_and_exit_2():
    out = run_cli("primes", "0", "1" * 5000)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines() == [
        "tributary primes: The upper bound has too many digits (5,000); the largest allowed is 1,000,000,000,000,000."]


# -- flags -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "message"), [
    (["--deadline", "0"], "--deadline must be a number of seconds above 0"),
    (["--deadline", "-5"], "--deadline must be a number of seconds above 0"),
    (["--timeout", "0"], "--timeout must be a number of seconds above 0"),
    (["--timeout", "-1"], "--timeout must be a number of seconds above 0"),
    (["--timeout", "nan"], "--timeout must be a number of seconds above 0, not nan"),
    (["--retries", "-1"], "--retries must be between 0 and 100"),
    (["--per-host", "0"], "--per-host must be between 1 and 64"),
    (["-d", "FILE"], "is not a folder"),
    (["-d", ""], "Choose a folder to save the downloads in."),
])
def test_download_flags_are_checked(tmp_path, args, message):
    (tmp_path / "FILE").write_text("a file, not a folder")
    args = [str(tmp_path / "FILE") if a == "FILE" else a for a in args]
    out = subprocess.run([sys.executable, "-m", "tributary.gui", "download", "http://127.0.0.1:9/x.bin", *args,
                          "--journal", str(tmp_path / "j.sqlite3")], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert not (tmp_path / "j.sqlite3").exists()  # refused before anything was queued


def test_an_empty_save_to_folder_is_an_error_in_the_engine_never_the_working_directory(tmp_path):
    from tributary.workers.downloads.engine import check_folder

    for bad in ("", "   ", None):
        with pytest.raises(UserError, match="Choose a folder"):
            check_folder(bad)
    (tmp_path / "f").write_text("x")
    with pytest.raises(UserError, match="is not a folder") as raised:
        check_folder(tmp_path / "f")
    assert raised.value.field == "folder"
    assert check_folder(tmp_path / "new" / "sub") == tmp_path / "new" / "sub" and (tmp_path / "new" / "sub").is_dir()


@pytest.mark.parametrize(("args", "message"), [
    (["--count", "-o", "out.txt"], "-o is for --list only"),
    (["-o", "out.txt"], "-o is for --list only"),
    (["--list", "-o", "-"], "-o - (standard output) is not supported"),
    (["--list", "-o", "exists.txt"], "exists already; choose another name, or add --force to replace it."),
    (["--list", "-o", "nowhere/out.txt"], "does not exist"),
    (["--list", "-o", "."], "is a folder"),
])
def test_primes_output_flags_are_checked(tmp_path, args, message):
    (tmp_path / "exists.txt").write_text("keep me")
    out = subprocess.run([sys.executable, "-m", "tributary.gui", "primes", "0", "100", *args], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert (tmp_path / "exists.txt").read_text() == "keep me"


@pytest.mark.parametrize("command", [["primes", "0", "1000"], ["shm", "1000"]])
def test_workers_are_capped_at_four_per_core_with_a_message(command):
    out = run_cli(*command, "--workers", "10000", "--json")
    cores = os.cpu_count() or 1
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["workers"] == 4 * cores
    assert f"--workers 10,000 is more than this machine can use; using {4 * cores}" in out.stderr


# -- the prime listing -----------------------------------------------------------------------------
def test_a_listing_never_overwrites_unless_forced_and_never_follows_a_symlink(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    link = tmp_path / "link.txt"
    link.symlink_to(victim)
    refused = run_cli("primes", "0", "100", "--list", "-o", str(link))
    assert refused.returncode == 2 and "exists already" in refused.stderr
    forced = run_cli("primes", "0", "100", "--list", "-o", str(link), "--force")
    assert forced.returncode == 0, forced.stderr
    assert victim.read_text() == "do not touch"  # the link itself was replaced, not what it points to
    assert not link.is_symlink() and link.read_text().split()[:3] == ["2", "3", "5"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "victim.txt"]


def test_a_cancelled_listing_leaves_no_file(tmp_path):
    target = tmp_path / "primes.txt"
    proc = subprocess.Popen([sys.executable, "-m", "tributary.gui", "primes", "0", "1e10", "--list", "-o", str(target),
                             "--workers", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not any(p.stat().st_size > 1_000_000 for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert list(tmp_path.iterdir()) == []  # neither the listing nor its temporary file


def test_a_listing_that_hits_a_full_disk_fails_and_leaves_no_file(tmp_path):
    """RLIMIT_FSIZE makes writes past 1 MB fail with EFBIG, as a full disk fails them with ENOSPC."""
    target = tmp_path / "primes.txt"

    def limit() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    out = subprocess.run([sys.executable, "-m", "tributary.gui", "primes", "0", "1e7", "--list", "-o", str(target),
                          "--executor", "threads", "--workers", "2"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, preexec_fn=limit)
    assert out.returncode == 1, out.stderr
    assert "File too large" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_listing_job_that_fails_at_the_end_is_not_shown_complete(tmp_path):
    target = tmp_path / "primes.txt"

    async def body(runner):
        job = start_job(runner, PrimeRequest(0, 10**8, workers=2, executor="threads", listing_path=str(target)))
        while not list(tmp_path.iterdir()) and not job.state.finished:  # its temporary file
            await _sleep()
        target.write_text("someone else's file")  # appears before the listing is published
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    assert job.state is JobState.FAILED and "appeared while the primes were being listed" in job.error
    assert job.progress < 1.0
    assert target.read_text() == "someone else's file" and sorted(p.name for p in tmp_path.iterdir()) == ["primes.txt"]


def test_a_finished_count_says_what_it_found_not_so_far(tmp_path):
    async def body(runner):
        job = start_job(runner, PrimeRequest(0, 10**6, workers=2, executor="threads"))
        await runner.wait(job)
        return job

    job = run_plain(lambda: with_runner(body))
    assert job.state is JobState.DONE and str(job.text) == "78,498 primes"
    out = run_cli("primes", "24", "28")
    assert out.returncode == 0 and out.stdout.startswith("no primes in [24, 28];") and "None" not in out.stdout


def test_ctrl_c_on_a_download_says_paused_and_how_to_resume(tmp_path, nginx):
    data = os.urandom(3_000_000)
    (nginx.root / "slow").mkdir(exist_ok=True)
    (nginx.root / "slow" / "p.bin").write_bytes(data)
    proc = subprocess.Popen([sys.executable, "-m", "tributary.gui", "download", f"{nginx.base}/slow/p.bin", "-d",
                             str(tmp_path), "--journal", str(tmp_path / "j.sqlite3")], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    part = tmp_path / "p.bin.part"
    deadline = time.monotonic() + 20
    while not (part.exists() and part.stat().st_size > 100_000):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert out.strip() == f"{nginx.base}/slow/p.bin → paused (run the same command again to resume)"


async def _sleep() -> None:
    import asyncio

    await asyncio.sleep(0.005)
