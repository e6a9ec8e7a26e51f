"""A run's measurement in a helper process of its own, shown live in the caller.

Why: threads running a pure-Python loop hold the GIL of the interpreter they run in. In the window's own
process they make its GUI thread wait for the GIL (the cpu experiment: UI lateness p99 50–104 ms, with the
threads at nice 10 and a 1 ms switch interval); in a helper process they hold the helper's GIL, and the
window's stays free.

The caller's side is :class:`Helper`: :meth:`Helper.run` starts the helper (spawn, from the run's helper
thread), runs ``target(lab, *args)`` there with a :class:`HelperLab` — the ``check``/``stopped``/``track``/
``warm`` the shown code uses — and shows what it sends as it comes: each variant (progress) and each span,
in ``time.perf_counter()`` seconds (CLOCK_MONOTONIC on Linux: one clock for every process of the machine,
so the caller's :class:`~.base.Recorder` places them as it places a pool process's). It returns the target's
result, raises its error, or :class:`~tributary.workers.jobs.Cancelled`.

Stopping: Cancel sets the run's stop flag — a byte of shared memory that the helper's threads read without
waiting for anything (a thread of the helper that had to take its GIL first would wait behind the Python
kernel's threads: 40 ms measured) — and sends "stop" over a pipe of its own, on which the helper's watcher
thread shuts the pools it tracks down and terminates their processes; the measurement unwinds and the helper
exits. If it has not within the run's grace, :meth:`~.base.LabRun.close` terminates it: the helper leads a
process group of its own, and terminate/kill go to the whole group, its pool processes included. The helper
dies with its caller, group and all: ``PR_SET_PDEATHSIG`` (:func:`~tributary.workers.pool.die_with_parent`)
and the end of the stop pipe, which only the caller holds.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import multiprocessing.connection as mpc
import os
import signal
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Callable

from ..jobs import Cancelled
from ..pool import die_with_parent, kill_own_group
from .base import HELPER, SPAWN, LabRun, lower_priority, warm_pool

POLL = 0.05  # seconds between looks at the run's stop flag while the caller waits for the helper
EXIT_WAIT = 5.0  # seconds the caller waits, once the result came, for the helper to exit on its own


class RemoteTraceback(Exception):
    """The helper's traceback of an error it sent (the cause of the error raised in the caller)."""

    def __str__(self) -> str:
        return self.args[0]


# -- the caller's side ----------------------------------------------------------------------------
class HelperProcess:
    """The helper as :meth:`LabRun.close` stops it (tracked before it starts): ``terminate``/``kill``
    signal its whole process group."""

    def __init__(self) -> None:
        self.process = None

    def started(self, process) -> None:
        self.process = process
        _started.add(self)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def is_alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        if self.process is not None:
            self.process.join(timeout)

    def _signal(self, sig: int) -> None:
        if not self.is_alive():
            return
        try:
            os.killpg(self.process.pid, sig)  # its group: the helper and its pool processes
        except OSError:  # it has not made its group yet (nor any process): the helper alone
            os.kill(self.process.pid, sig)


class Helper:
    """Runs ``target(lab, *args)`` (a module-level function: it is pickled by name) in a helper process for
    the run ``lab``; see the module docstring."""

    def __init__(self, lab: LabRun, target: Callable, *args) -> None:
        self.lab, self.target, self.args = lab, target, args
        self.process = lab.track(HelperProcess())
        self._out = None  # the helper → caller pipe (its reading end)
        self._control = None  # the caller → helper pipe (its writing end)
        self._flag = None  # the stop flag both processes see
        self._lock = threading.Lock()
        self._stopping = False
        lab.job.token.on_cancel(self.stop)

    async def run(self):
        """Start the helper, show its variants and spans as they come, and return the target's result."""
        try:
            await self.lab.blocking(self._start)
            outcome, ended = None, False
            while not ended:
                messages = await self.lab.blocking(self._receive, EXIT_WAIT if outcome else None)
                self.lab.check()  # Cancel: LabRun.close() stops the helper
                if not messages and outcome:
                    break  # the result came, the helper did not exit: LabRun.close() will end it
                for message in messages:
                    kind = message[0]
                    if kind == "span":
                        self.lab.rec.add(*message[1:])
                    elif kind == "variant":
                        self.lab.variant(*message[1:])
                    elif kind == "ended":
                        ended = True
                    else:
                        outcome = message
        finally:
            self.stop()
        return self._result(outcome)

    def _result(self, outcome):
        if outcome is None:
            code = self.process.process.exitcode if self.process.process is not None else None
            raise RuntimeError(f"the Lab's helper process ended without a result (exit code {code})")
        if outcome[0] == "done":
            return outcome[1]
        if outcome[0] == "cancelled":
            raise Cancelled()
        raise outcome[1] from RemoteTraceback(outcome[2])

    def stop(self) -> None:
        """Ask the helper to stop (any thread; again is harmless)."""
        with self._lock:
            self._stopping = True
            control, flag = self._control, self._flag
        if flag is not None:
            flag.value = 1
        if control is not None:
            try:
                control.send("stop")
            except OSError:  # it has ended already
                pass

    def close(self) -> None:
        """Close the pipes (after :meth:`LabRun.close` has reaped the helper)."""
        for end in (self._out, self._control):
            if end is not None:
                end.close()

    def _start(self) -> None:
        out, out_end = SPAWN.Pipe(duplex=False)
        control_end, control = SPAWN.Pipe(duplex=False)
        flag = SPAWN.RawValue("b", 0)
        process = SPAWN.Process(target=main, name=HELPER,
                                args=(self.target, self.args, out_end, control_end, flag, os.getpid(),
                                      self.lab.nice, sys.getswitchinterval()))
        self.lab.check()
        process.start()
        self.process.started(process)
        out_end.close()  # only the helper holds these now: their ends tell each side the other is gone
        control_end.close()
        with self._lock:
            self._out, self._control, self._flag = out, control, flag
            stopping = self._stopping
        if stopping:  # Cancel came while it started
            self.stop()

    def _receive(self, wait: float | None) -> list:
        """The helper's next messages (``("ended",)`` last once it has gone); ``[]`` when the run was
        stopped, or after ``wait`` seconds without any."""
        deadline = None if wait is None else time.monotonic() + wait
        while not self.lab.stopped():
            if mpc.wait([self._out], POLL):
                return self._drain()
            if deadline is not None and time.monotonic() > deadline:
                return []
        return []

    def _drain(self, most: int = 256) -> list:
        messages = []
        while len(messages) < most:
            try:
                messages.append(self._out.recv())
            except (EOFError, OSError):  # it has gone (its exit code is known in a moment)
                self.process.join(1.0)
                messages.append(("ended",))
                break
            if not self._out.poll():
                break
        return messages


_started: weakref.WeakSet[HelperProcess] = weakref.WeakSet()


@atexit.register
def _kill_left_over() -> None:
    """At the caller's exit, kill a helper whose run was never closed (with its group): multiprocessing
    would wait for it — and it may wait, its pipe full, for a caller that no longer reads."""
    for helper in list(_started):
        helper.kill()


# -- the helper's side ----------------------------------------------------------------------------
class HelperLab:
    """What the shown code and the measurement use of their run inside the helper: the stop flag, the pools
    it starts (Cancel stops them), and the variants and spans it reports to the caller."""

    def __init__(self, out, flag) -> None:
        self._flag = flag  # the caller sets it on Cancel
        self._out = out
        self._send_lock = threading.Lock()  # spans come from several threads
        self._pools: list[cf.Executor] = []
        self._pools_lock = threading.Lock()

    # -- used by the shown code --
    def track(self, pool: cf.Executor) -> cf.Executor:
        """Register a pool so Cancel can stop it; returns it."""
        with self._pools_lock:
            self._pools.append(pool)
        if self.stopped():  # stopped while it was made
            self.halt()
        return pool

    def stopped(self) -> bool:
        return self._flag.value != 0

    def check(self) -> None:
        """Raise :class:`Cancelled` once Cancel was pressed."""
        if self._flag.value:
            raise Cancelled()

    def warm(self, pool: cf.ProcessPoolExecutor, workers: int, timeout: float = 30.0) -> float:
        """Block until each of the pool's ``workers`` processes has run a task (:meth:`LabRun.warm`)."""
        return warm_pool(pool, workers, self.check, timeout)

    # -- used by the measurement --
    def variant(self, name, done: int, total: int) -> None:
        """Spans sent from now on belong to variant ``name`` (:meth:`LabRun.variant` in the caller)."""
        self.check()
        self.send("variant", name, done, total)

    def add(self, worker, label: str, start: float, end: float, category: str) -> None:
        """A finished span, ``perf_counter`` times (:meth:`Recorder.add` in the caller, on the timeline now)."""
        self.send("span", worker, label, start, end, category)

    def send(self, *message) -> None:
        with self._send_lock:
            self._out.send(message)

    # -- Cancel --
    def halt(self) -> None:
        """Stop: the flag for loops and threads; thread pools take no new task; process pools' processes are
        terminated now (their pool then fails what is left, and its own thread reaps them)."""
        self._flag.value = 1
        with self._pools_lock:
            pools = list(self._pools)
        for pool in pools:
            procs = getattr(pool, "_processes", None)
            if procs is None:  # a thread pool (or a process pool shut down already)
                pool.shutdown(wait=False, cancel_futures=True)
                continue
            # not shutdown(wait=False) on a process pool: it drops the queues its thread still uses
            # (a pipe closed twice, EBADF, was seen), and its idle workers then waited for a sentinel
            for proc in list(procs.values()):
                if proc.is_alive():
                    proc.terminate()


def main(target: Callable, args: tuple, out, control, flag, parent: int, nice: int, switch_interval: float) -> None:
    """The helper process: run ``target(lab, *args)`` and send its variants, spans and outcome to ``parent``."""
    os.setpgrp()  # a group of its own: the caller's terminate/kill reach its pool processes too
    die_with_parent(parent, group=True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's: it cancels the run
    lower_priority(nice)  # the threads and processes it starts inherit it
    sys.setswitchinterval(switch_interval)  # the caller's: the threads take turns as they would have there
    lab = HelperLab(out, flag)
    threading.Thread(target=_watch, args=(control, lab), name="lab-helper-stop", daemon=True).start()
    try:
        result = target(lab, *args)
    except BaseException as exc:  # noqa: BLE001 - every outcome goes to the caller
        if lab.stopped():
            lab.send("cancelled")
        else:
            lab.send("error", _sendable(exc), traceback.format_exc())
    else:
        lab.send("done", result)
    finally:
        out.close()


def _watch(control, lab: HelperLab) -> None:
    """Wait for the caller's "stop"; the pipe's end means the caller is gone: end the group at once."""
    try:
        control.recv()
    except (EOFError, OSError):
        kill_own_group()
        os._exit(1)
    lab.halt()


def _sendable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - an exception that does not pickle goes as its text
        return RuntimeError(f"{type(exc).__name__}: {exc}")
