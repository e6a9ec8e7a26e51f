"""The Lab in the real window: every experiment run to the end and then run again and cancelled, with the
window's heartbeat measured during each (shared by ``bench/lab_bench.py`` and the short-form test)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

# short parameters: each experiment in about a second (the test); the bench uses each one's defaults
SHORT: dict[str, dict[str, str]] = {
    "downloads": {"files": "6", "size_kb": "64", "latency_ms": "40"},
    "semaphore": {"limits": "1,4,16", "files": "16", "size_kb": "8", "latency_ms": "20"},
    "failures": {"tasks": "4", "task_ms": "150", "fail_ms": "20"},
    "pipeline": {"items": "6", "size_kb": "256", "latency_ms": "40"},
    "timeouts": {"tasks": "4", "longest_ms": "1500", "timeout_ms": "200", "cleanup_ms": "20"},
    "cpu": {"workers": "1,2", "python_limit": "100,000", "c_limit": "1e9", "chunks": "16"},
    "sharedmem": {"elements": "2,000,000", "pieces": "8"},
    "lock": {"workers": "2", "increments": "500"},
}


@dataclass
class LabRun:
    name: str
    state: str = ""
    seconds: float = 0.0
    lateness: dict = field(default_factory=dict)  # the meter's p50/p99/max while it ran
    cancel_state: str = ""
    cancel_seconds: float | None = None  # from Cancel until the panel showed the end (threads, processes, server reaped)


def _ended(panel) -> asyncio.Future:
    """A future that the panel's next ``jobEnded`` resolves (the panel has shown the outcome by then)."""
    future = asyncio.get_running_loop().create_future()

    def on_ended(job) -> None:
        panel.jobEnded.disconnect(on_ended)
        if not future.done():
            future.set_result(job)

    panel.jobEnded.connect(on_ended)
    return future


async def run_each(window, services, params: dict[str, dict[str, str]], *, cancel_after: float = 0.3,
                   timeout: float = 120.0) -> list[LabRun]:
    """Run each experiment of ``params`` (name → parameter texts) from the Lab tab, then run it again and
    press Cancel ``cancel_after`` seconds in."""
    panel = window.lab
    window.tabs.setCurrentWidget(panel)
    panel.build()
    names = [e.name for e in panel.experiments]
    report = []
    for name, values in params.items():
        panel.list.setCurrentRow(names.index(name))
        for key, text in values.items():
            panel.form().set_text(key, text)
        run = LabRun(name)
        window.meter.reset()
        ended = _ended(panel)
        job = panel.on_start()
        assert job is not None, f"{name}: the form refused its parameters"
        await asyncio.wait_for(ended, timeout)  # the panel has shown the result
        run.state, run.seconds, run.lateness = job.state.value, job.seconds or 0.0, window.meter.stats()
        ended = _ended(panel)
        job = panel.on_start()
        await asyncio.sleep(cancel_after)
        t0 = time.perf_counter()
        panel.cancel.click()  # as a person would: the button (disabled if the run already ended)
        await asyncio.wait_for(ended, timeout)
        run.cancel_seconds = time.perf_counter() - t0
        run.cancel_state = job.state.value
        report.append(run)
    return report
