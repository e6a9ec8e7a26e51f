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
print(json.dumps(sorted(sys.modules)))
"""


def test_a_download_run_loads_only_the_download_engine(tmp_path):
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "out"), str(tmp_path / "j.sqlite3")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "tributary.workers.downloads.engine" in loaded  # (the probe did run a download)
    assert "tributary.workers.shm_blocks" in loaded  # the sweep of dead owners' blocks still runs
    for heavy in ("tributary.workers.arrays", "tributary.workers.primes", "multiprocessing.shared_memory",
                  "ctypes.util", "numpy"):
        assert heavy not in loaded, heavy
