"""What a ``tributary download`` run loads before its first request.

A command line run's start is part of every small batch's time (1,000 × 16 KiB: ~0.3 s of ~1.4 s here).
Sweeping dead owners' shared-memory blocks at start-up loaded the shared-memory jobs' module, and with it
the prime kernels and ``multiprocessing.shared_memory``; finding the C library for ``sync_file_range`` ran
``ldconfig`` in a child process (``ctypes.util.find_library``).
"""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT

PROBE = """
import json, runpy, sys
sys.argv = ["tributary", "download", "http://127.0.0.1:1/x.bin", "--retries", "0", "-d", sys.argv[1],
            "--journal", sys.argv[2]]
try:
    runpy.run_module("tributary.gui", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
from tributary.workers import timeline
print(json.dumps({"modules": sorted(sys.modules), "spans": len(timeline.RECORDER.snapshot().spans),
                  "recording": timeline.RECORDER.enabled}))
"""


def test_a_download_run_loads_only_the_download_engine(tmp_path):
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "out"), str(tmp_path / "j.sqlite3")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1])["modules"])
    assert "tributary.workers.downloads.engine" in loaded  # (the probe did run a download)
    assert "tributary.workers.shm_blocks" in loaded  # the sweep of dead owners' blocks still runs
    for heavy in ("tributary.workers.arrays", "tributary.workers.primes", "multiprocessing.shared_memory",
                  "ctypes.util", "numpy"):
        assert heavy not in loaded, heavy


def test_a_download_run_without_trace_records_nothing(tmp_path):
    """Without --trace nothing reads the timeline: the run records no span and its session has no aiohttp
    trace hooks (~8 % of a 1,000-file run's event-loop samples); the recorder is as it was afterwards."""
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "out"), str(tmp_path / "j.sqlite3")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["spans"] == 0 and report["recording"] is True, report


def test_a_download_run_with_trace_still_records_its_connections(tmp_path):
    trace = tmp_path / "t.json"
    out = subprocess.run([sys.executable, "-m", "tributary.gui", "download", "http://127.0.0.1:1/x.bin", "--retries",
                          "0", "-d", str(tmp_path / "out"), "--journal", str(tmp_path / "j.sqlite3"), "--trace",
                          str(trace)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert trace.exists(), out.stderr
    names = {event.get("name", "") for event in json.loads(trace.read_text())["traceEvents"]}
    assert any("connection" in name for name in names), sorted(names)[:20]


def _loaded(tmp_path, **env):
    import os

    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "out"), str(tmp_path / "j.sqlite3")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, **env})
    return set(json.loads(out.stdout.strip().splitlines()[-1])["modules"])


def test_a_download_run_drives_uvloops_loop_and_can_keep_asyncios(tmp_path):
    """The command line's one busy thread is its event loop: libuv's where uvloop is installed (a
    dependency on Linux and macOS); ``TRIBUTARY_LOOP=asyncio`` keeps asyncio's."""
    import importlib.util

    if importlib.util.find_spec("uvloop") is None:
        import pytest

        pytest.skip("uvloop is not installed (Windows)")
    assert "uvloop.loop" in _loaded(tmp_path)
    assert "uvloop" not in _loaded(tmp_path, TRIBUTARY_LOOP="asyncio")
