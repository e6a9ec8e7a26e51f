"""Room in shiboken's type table before a second thread makes PySide types (Python 3.11 only).

On Python < 3.12, shiboken keeps each PySide type's private data in one process-wide C++
``std::unordered_map`` keyed by the type (``PepType_SOTP``; from 3.12 the data lives inside the type
object). The GUI thread reads that table *without the GIL* every time Qt asks a Python-made object
for its meta-object — ``QApplication::notify`` does it for every event once any widget grabbed a
gesture, layout and style code for every widget. A thread that makes new PySide types at the same
time — the start-up's side imports: pyqtgraph's import reads every name of QtCore/QtGui/QtWidgets,
which PySide creates on first read, and defines its own Qt subclasses (~700 new types) — inserts into
the table with the GIL held, and an insert that grows the table rehashes it under the GUI thread's
read: the window crashed with SIGSEGV in 8 of 300 starts here (the GUI thread in
``MetaObjectBuilder::update`` from ``QMetaObject::cast``, the side thread in pyqtgraph's
``_copy_attrs``).

An unordered_map never gives buckets back when entries go, so making (and dropping) enough
throw-away types on the GUI thread before any other thread makes one leaves the table large enough
that the side thread's inserts never rehash it. :func:`reserve` does that, in slices, so the window
keeps its beat.
"""

from __future__ import annotations

import asyncio
import gc
import sys

#: types the table is grown to hold before another thread may add one: the window and pyqtgraph make
#: ~860 (counted with gc); over twice that leaves room for the dialogs opened later and for what a
#: later version adds
CAPACITY = 2048
SLICE = 256  # throw-away types made per turn of the event loop (~2-4 ms here)

NEEDED = sys.version_info < (3, 12)
reserved = 0  # how many slots this process has reserved (the tests read it)


def _make(count: int, start: int) -> list:
    from PySide6.QtCore import QPoint

    meta = type(QPoint)  # shiboken's ObjectType: every subclass gets an entry in the table
    return [meta(f"_TypeTableSlot{start + i}", (QPoint,), {}) for i in range(count)]


def _drop(made: list) -> None:
    """Free the throw-away types: they were made with the collector off, so they all sit in its
    youngest generation, and a collection of that generation alone frees them (a type is a cycle)."""
    made.clear()
    gc.collect(0)


_running: tuple | None = None  # (loop, task) of the reservation under way: a second caller waits for it


async def reserve(capacity: int = CAPACITY, slice_: int = SLICE) -> int:
    """Grow the table in slices of ``slice_`` types, one per turn of the running loop, then free them;
    returns the slots reserved. Call it on the GUI thread before starting a thread that may make
    PySide types. One at a time: two at once would collect each other's throw-away types too early or
    too late (each relies on them staying in the youngest generation until it frees them)."""
    global _running
    if not NEEDED or reserved >= capacity:
        return reserved
    loop = asyncio.get_running_loop()
    if _running is not None and _running[0] is loop and not _running[1].done():
        await asyncio.shield(_running[1])
        return await reserve(capacity, slice_)
    task = loop.create_task(_reserve(capacity, slice_))
    _running = (loop, task)
    return await asyncio.shield(task)


async def _reserve(capacity: int, slice_: int) -> int:
    global reserved
    enabled = gc.isenabled()
    gc.disable()  # every throw-away type stays in the youngest generation until _drop
    made: list = []
    try:
        while len(made) < capacity:
            made += _make(min(slice_, capacity - len(made)), len(made))
            await asyncio.sleep(0)
        _drop(made)
    finally:
        made.clear()
        if enabled:
            gc.enable()
    reserved = capacity
    return reserved
