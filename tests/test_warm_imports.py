"""Start-up's side imports end before the interpreter does.

A daemon thread still importing (pyqtgraph builds Qt enums through shiboken) when the interpreter
finalizes is ended with pthread_exit as it asks for the GIL; the unwinding runs through C++ frames and
crashed the app with SIGSEGV at exit on Python 3.12/3.13 (5 of 15 stops right after a download, from a
core dump: the warm-imports thread inside ``Shiboken::Enum::createPythonEnum``).
"""

from __future__ import annotations

import asyncio
import sys

from test_runner import run_plain

from tributary.gui.app import WarmImports


def test_shutdown_stops_the_side_imports_between_modules_and_waits_for_them(tmp_path, monkeypatch):
    for name in ("warm_probe_a", "warm_probe_b"):
        (tmp_path / f"{name}.py").write_text("import time\ntime.sleep(0.6)\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    async def body():
        warm = WarmImports(("warm_probe_a", "warm_probe_b"))
        done = warm.start()
        await asyncio.sleep(0.2)  # inside the first import
        assert warm.thread.is_alive() and not warm.thread.daemon  # the interpreter waits for it at exit
        ended = await asyncio.to_thread(warm.stop)
        return warm, ended, done

    warm, ended, done = run_plain(body)
    try:
        assert ended and not warm.thread.is_alive()
        assert warm.loaded == ["warm_probe_a"] and "warm_probe_b" not in sys.modules  # none after the stop
    finally:
        sys.modules.pop("warm_probe_a", None)


def test_the_side_imports_settle_their_future(tmp_path, monkeypatch):
    (tmp_path / "warm_probe_c.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    async def body():
        warm = WarmImports(("warm_probe_c", "no_such_module_anywhere"))
        try:
            await warm.start()
        except ImportError as exc:
            return warm, exc
        return warm, None

    try:
        warm, error = run_plain(body)
        assert isinstance(error, ImportError) and warm.loaded == ["warm_probe_c"]  # reported, the rest loaded
        assert warm.stop() and not warm.thread.is_alive()
    finally:
        sys.modules.pop("warm_probe_c", None)


def test_the_warm_up_steps_run_one_at_a_time_on_one_thread_and_stop_between_steps(tmp_path, monkeypatch):
    """Imports, then the pool's workers, then the Lab's first view: one after another on the one side thread
    (run side by side they made the window 50-150 ms late in its first second; bench/startup_stalls.py)."""
    import threading
    import time

    (tmp_path / "warm_probe_d.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    seen: list[tuple[str, int, float]] = []
    gate = threading.Event()

    def pool_warm():
        seen.append(("pool", threading.get_ident(), time.monotonic()))
        gate.wait(5)

    def warm_lab():
        seen.append(("lab", threading.get_ident(), time.monotonic()))

    async def body(stop_early: bool):
        warm = WarmImports(("warm_probe_d",), then=(pool_warm, warm_lab))
        done = warm.start()
        if stop_early:
            while not seen:
                await asyncio.sleep(0.01)
            warm._stop.set()  # as shutdown does: the step running ends, no step after it starts
        gate.set()
        await done
        return warm

    try:
        warm = run_plain(lambda: body(False))
        assert warm.loaded == ["warm_probe_d", "pool_warm", "warm_lab"]
        (_, first, t1), (_, second, t2) = seen
        assert first == second == warm.thread.ident and t2 - t1 >= WarmImports.PAUSE * 0.9
        seen.clear()
        gate.clear()
        warm = run_plain(lambda: body(True))
        assert [name for name, *_ in seen] == ["pool"] and warm.loaded == ["warm_probe_d", "pool_warm"]
    finally:
        sys.modules.pop("warm_probe_d", None)
