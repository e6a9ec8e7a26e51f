"""Kernels the runner tests send to real pool processes (module-level, so they pickle)."""

from __future__ import annotations

import time

from tributary.workers.pool import should_stop


def obedient(slot: int, index: int, seconds: float):
    """Works in 5 ms steps and honours its cancel flag; returns its index."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if should_stop(slot):
            return None
        time.sleep(0.005)
    return index


def stubborn(slot: int, seconds: float):
    """Ignores its cancel flag: only terminating the pool stops it."""
    time.sleep(seconds)
    return "finished"


def explode(slot: int, message: str):
    raise ValueError(message)


def whoami(slot: int, index: int, seconds: float):
    """Works ``seconds``; says which process and thread ran it."""
    import os
    import threading

    time.sleep(seconds)
    return index, os.getpid(), threading.get_native_id()
