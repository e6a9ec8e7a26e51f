"""A side thread that makes PySide types cannot crash the window (Python 3.11).

shiboken keeps PySide types' data in one C++ hash table on Python < 3.12 and the GUI thread reads it
without the GIL whenever Qt asks a Python-made object for its meta-object; a rehash caused by another
thread's new type crashed the window in 8 of 300 starts here (the side imports: pyqtgraph). The
reproduction below crashed 6 of 6 runs without the reservation (30,000 types made beside 256 timers of
Python-made classes, a gesture-grabbing widget making ``QApplication::notify`` ask each event's receiver
for its meta-object) and 0 of 6 with it.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from helpers import ROOT
from test_runner import run_plain

from tributary.gui import type_table
from tributary.gui.app import WarmImports

needs_table = pytest.mark.skipif(not type_table.NEEDED, reason="Python 3.12+ keeps the data in the type")

CHILD = """
import asyncio, os, sys, threading
from PySide6 import QtCore, QtWidgets
from tributary.gui import type_table

app = QtWidgets.QApplication([])
grabber = QtWidgets.QWidget()
grabber.grabGesture(QtCore.Qt.GestureType.PanGesture)  # notify() now casts every event's receiver
kinds = [type(f"Timer{i}", (QtCore.QTimer,), {}) for i in range(64)]
timers = [kind() for kind in kinds for _ in range(4)]
for timer in timers:
    timer.start(0)  # delivered in C++, without the GIL: each delivery reads the table
count = int(sys.argv[1])
print("reserved", asyncio.run(type_table.reserve(count + 10000)), flush=True)
meta = type(QtCore.QPoint)
made = []

def side():
    for i in range(count):
        made.append(meta(f"Side{i}", (QtCore.QPoint,), {}))
    QtCore.QMetaObject.invokeMethod(app, "quit", QtCore.Qt.ConnectionType.QueuedConnection)

worker = threading.Thread(target=side)
QtCore.QTimer.singleShot(10, worker.start)
app.exec()
worker.join()
print("made", len(made), flush=True)
"""


@needs_table
def test_types_made_on_a_side_thread_while_the_gui_thread_delivers_events_do_not_crash(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), PYTHONFAULTHANDLER="1")
    out = subprocess.run([sys.executable, str(script), "30000"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=180, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "reserved 40000" in out.stdout and "made 30000" in out.stdout


@needs_table
def test_the_side_imports_start_only_once_the_table_has_room(tmp_path, monkeypatch):
    (tmp_path / "warm_probe_table.py").write_text(
        "from tributary.gui import type_table\nRESERVED_AT_IMPORT = type_table.reserved\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(type_table, "reserved", 0)
    beats = []

    async def body():
        warm = WarmImports(("warm_probe_table",))
        done = warm.start()
        assert warm.thread.ident is None  # not before the table has room

        async def beat():
            while not done.done():
                beats.append(asyncio.get_running_loop().time())
                await asyncio.sleep(0)

        await asyncio.gather(done, beat())
        return warm

    try:
        warm = run_plain(body)
        assert sys.modules["warm_probe_table"].RESERVED_AT_IMPORT >= type_table.CAPACITY
        assert warm.loaded == ["warm_probe_table"] and warm.stop()
        assert len(beats) > type_table.CAPACITY // type_table.SLICE  # made in slices, the loop turned between
    finally:
        sys.modules.pop("warm_probe_table", None)


@needs_table
def test_stopped_before_the_table_had_room_imports_nothing(tmp_path, monkeypatch):
    (tmp_path / "warm_probe_never.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(type_table, "reserved", 0)

    async def body():
        warm = WarmImports(("warm_probe_never",))
        done = warm.start()
        stopped = await asyncio.to_thread(warm.stop)
        await done
        return warm, stopped

    warm, stopped = run_plain(body)
    assert stopped and warm.loaded == [] and "warm_probe_never" not in sys.modules
    assert warm.thread.ident is None or not warm.thread.is_alive()


@needs_table
def test_two_reservations_at_once_make_one_set_of_types(monkeypatch):
    """Each reservation relies on its throw-away types staying in the collector's youngest generation until it
    frees them; two at once would re-enable the collector under each other. The second waits for the first."""
    monkeypatch.setattr(type_table, "reserved", 0)
    made = []
    make = type_table._make

    def counted(count, start):
        made.append(count)
        return make(count, start)

    monkeypatch.setattr(type_table, "_make", counted)

    async def body():
        return await asyncio.gather(type_table.reserve(), type_table.reserve())

    assert run_plain(body) == [type_table.CAPACITY, type_table.CAPACITY]
    assert sum(made) == type_table.CAPACITY  # one set, not two
