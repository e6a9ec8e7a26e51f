"""Nothing is left running or mapped when a process of ours dies: pool workers die with their parent
(``kill -9`` included), the next run sweeps shared-memory blocks of dead owners, and SIGTERM, SIGINT and
SIGHUP to the window take the same ordered shutdown as closing it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import ROOT, run_cli
from test_bad_state import RunningApp
from test_runner import run_plain

from tributary.workers.arrays import PREFIX, SHM_DIR, leaked_blocks
from tributary.workers.pool import ProcessPool
from tributary.workers.procs import descendants, start_ticks


def alive(pids: list[int]) -> list[int]:
    return [p for p in pids if start_ticks(p) is not None]


def wait_gone(pids: list[int], timeout: float = 5.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(pids)


def wait_for_workers(pid: int, at_least: int, timeout: float = 30.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while True:
        kids = descendants(pid)
        workers = [k for k in kids if "multiprocessing" in _cmdline(k) and "resource_tracker" not in _cmdline(k)]
        if len(workers) >= at_least:
            return kids
        assert time.monotonic() < deadline, f"no {at_least} pool workers under {pid}: {kids}"
        time.sleep(0.05)


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def test_kill_9_of_the_cli_mid_job_leaves_no_process_and_the_next_run_removes_the_block():
    proc = subprocess.Popen([sys.executable, "-m", "tributary.gui", "shm", "4e8", "--kernel", "sqrt", "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        kids = wait_for_workers(proc.pid, 2)
        deadline = time.monotonic() + 30
        while not any(n.startswith(f"{PREFIX}{proc.pid}_") for n in leaked_blocks()):
            assert time.monotonic() < deadline, "the job never made its block"
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    assert wait_gone(kids) == [], [(k, _cmdline(k)) for k in alive(kids)]  # workers and resource tracker
    again = run_cli("shm", "1000", "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert not [n for n in leaked_blocks() if n.startswith(f"{PREFIX}{proc.pid}_")]


def test_kill_9_of_the_cli_mid_lab_cpu_leaves_neither_its_helper_nor_the_helpers_pool():
    """The cpu experiment measures in a helper process, which starts pools of its own: killed with the
    caller, the helper takes its whole process group with it (none of them is the caller's child)."""
    proc = subprocess.Popen([sys.executable, "-m", "tributary.gui", "lab", "cpu", "-p", "workers=2",
                             "-p", "python_limit=400000", "-p", "chunks=2000"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        kids = wait_for_workers(proc.pid, 3)  # the helper and its two pool processes (the processes variant)
        assert any(k not in _children_of(proc.pid) for k in kids)  # grandchildren: the helper's own
    finally:
        proc.kill()
        proc.wait()
    assert wait_gone(kids) == [], [(k, _cmdline(k)) for k in alive(kids)]


ABANDON = """
import asyncio, concurrent.futures as cf, json
from tributary.workers.lab import registry
from tributary.workers.lab.base import from_text
from tributary.workers.pool import ProcessPool
from tributary.workers.procs import descendants
from tributary.workers.runner import JobRunner

if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    runner = JobRunner(cf.ThreadPoolExecutor(2), ProcessPool(workers=1))
    params = from_text(registry.get("cpu").params, {"workers": "2", "python_limit": "5000000", "chunks": "5000"})

    async def start():
        return registry.start(runner, "cpu", params)

    job = loop.run_until_complete(start())
    loop.run_until_complete(asyncio.sleep(1.5))
    print(json.dumps({"text": str(job.text), "helpers": descendants()}), flush=True)
    # and leave: the job's task is never resumed, so its run never closes its helper
"""


def test_a_lab_cpu_run_left_open_at_exit_neither_holds_the_exit_nor_outlives_it(tmp_path):
    """multiprocessing waits at exit for a child like the helper — which, its pipe full, would wait for a
    caller that no longer reads: the helper module kills a helper left over at exit, with its group."""
    import json

    script = tmp_path / "abandon.py"
    script.write_text(ABANDON)
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert "Python kernel" in seen["text"] and seen["helpers"]
    assert time.monotonic() - t0 < 15  # the run itself would take minutes
    assert wait_gone(seen["helpers"]) == []


def _children_of(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(k) for k in fh.read().split()]
    except OSError:
        return []


@pytest.mark.parametrize("command", [["primes", "0", "10"], ["download", "http://[::1", "-d", "{tmp}"]])
def test_every_cli_run_sweeps_blocks_of_dead_owners(tmp_path, command):
    stale = os.path.join(SHM_DIR, f"{PREFIX}{dead_pid()}_1")
    mine = os.path.join(SHM_DIR, f"{PREFIX}{os.getpid()}_999999")  # a live owner's block is left alone
    for path in (stale, mine):
        with open(path, "wb") as fh:
            fh.write(b"\0" * 4096)
    try:
        run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in command], "--journal" if "download" in command else "--json",
                *([str(tmp_path / "j.sqlite3")] if "download" in command else []))
        assert not os.path.exists(stale) and os.path.exists(mine)
    finally:
        for path in (stale, mine):
            if os.path.exists(path):
                os.unlink(path)


def test_kill_9_of_the_window_leaves_no_pool_process(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "c"))
    app = RunningApp(env)
    try:
        app.wait_for("window shown")
        kids = wait_for_workers(app.proc.pid, 1)
    finally:
        app.proc.kill()
        app.finish()
    assert wait_gone(kids) == [], [(k, _cmdline(k)) for k in alive(kids)]


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 0), (signal.SIGHUP, 0), (signal.SIGINT, 130)])
def test_a_signal_to_the_window_runs_the_orderly_shutdown(tmp_path, sig, status):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "c"))
    app = RunningApp(env)
    try:
        app.wait_for("window shown")
        kids = wait_for_workers(app.proc.pid, 1)
        app.proc.send_signal(sig)
        assert app.finish() == status, app.log
    finally:
        if app.proc.poll() is None:
            app.proc.kill()
            app.finish()
    assert f"received {signal.Signals(sig).name}: closing" in app.log and "Traceback" not in app.log
    assert "terminating the process pool" not in app.log  # the workers stopped on their flags, in order
    assert wait_gone(kids, 1.0) == []
    ini = tmp_path / "c" / "Tributary" / "Tributary.ini"
    assert "geometry" in ini.read_text()  # the window saved its settings: it closed, it was not killed


def test_pool_workers_outlive_the_thread_that_started_them():
    """The kernel's parent-death signal also comes when the *thread* that spawned a worker ends; the
    worker must take that for what it is and keep serving."""
    import asyncio
    import threading

    from kernels_for_tests import obedient

    async def body():
        pool = ProcessPool(workers=2)
        try:
            starter = threading.Thread(target=pool.warm, name="short-lived")
            starter.start()
            starter.join()
            pids = pool.child_pids()
            await asyncio.sleep(0.3)  # the signal has come and gone
            results = [await asyncio.wrap_future(pool.submit(obedient, -1, i, 0.01)) for i in range(4)]
            return pids, pool.child_pids(), results, pool.restarts
        finally:
            pool.shutdown()

    before, after, results, restarts = run_plain(body)
    assert len(before) == 2 and sorted(before) == sorted(after) and restarts == 0
    assert results == [0, 1, 2, 3]
