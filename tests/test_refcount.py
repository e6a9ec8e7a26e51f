"""Regression guard for PySide6-Essentials 6.12.0 on CPython 3.11, which drops a reference to
None/True on every signal emit and many setters and then aborts the interpreter (none_dealloc).

From 3.12 None and True are immortal: the interpreter no longer counts references to them, while a
stable-ABI extension such as PySide6 still adds and drops its own, so their counts drift by thousands
(measured here on 3.12.1 with PySide6 6.11.3: True 4294969804 → 4294968304 over this test) with no effect
at all — an immortal object is never freed. The guard is meaningful, and runs, on 3.11 only.
"""

from __future__ import annotations

import asyncio
import sys

import pytest
from conftest import run_async
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from 3.12")

N = 3000


class Emitter(QObject):
    ping = Signal(int)


def _counts():
    return sys.getrefcount(None), sys.getrefcount(True)


def _assert_stable(before, after):
    # a leak of one per call would move them by ~N; allow small noise from unrelated objects
    assert abs(after[0] - before[0]) < N // 10, f"None refcount drifted {before[0]} → {after[0]}"
    assert abs(after[1] - before[1]) < N // 10, f"True refcount drifted {before[1]} → {after[1]}"


def test_emits_and_setters_do_not_leak_none_or_true(qtbot):
    label, bar, emitter = QLabel(), QProgressBar(), Emitter()
    qtbot.addWidget(label)
    qtbot.addWidget(bar)
    got = []
    emitter.ping.connect(got.append)
    timer = QTimer()
    before = _counts()
    for i in range(N):
        emitter.ping.emit(i)
        label.setText(str(i))
        bar.setValue(i % 100)
        label.setEnabled(i % 2 == 0)
        timer.start(1000)
        timer.stop()
    after = _counts()
    assert len(got) == N
    _assert_stable(before, after)


def test_qasync_loop_iterations_and_executor_completions_do_not_leak(qtbot, qloop):
    bar = QProgressBar()
    qtbot.addWidget(bar)

    async def spin():
        loop = asyncio.get_running_loop()
        for i in range(N):
            bar.setValue(i % 100)
            await asyncio.sleep(0)
        for i in range(N // 3):
            assert await loop.run_in_executor(None, abs, -i) == i

    run_async(qtbot, spin())  # warm-up: first use allocates caches
    before = _counts()
    run_async(qtbot, spin())
    _assert_stable(before, _counts())
