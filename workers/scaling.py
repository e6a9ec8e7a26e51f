"""The scaling run: the same count with 1…N workers, on processes and on threads, with the C kernel and
(for contrast) the numpy kernel on threads, and the words that say what the curves mean.

A point is a plain dict: ``{series, executor, kernel, workers, seconds, speedup, efficiency, low, high}``
(compute seconds, start-up excluded: the pool is warmed first; speed-up against the same series' one
worker; efficiency = speed-up / workers). The numpy series counts the first eighth of the range (it is
~10× slower per number), so every series takes a similar time; speed-ups compare, seconds do not.
"""

from __future__ import annotations

from .jobs import QT_TRANSLATE_NOOP, Message

SERIES = (("processes", "auto"), ("threads", "auto"), ("threads", "numpy"))
NUMPY_SHARE = 8  # the numpy series counts span // NUMPY_SHARE numbers


async def scaling_run(runner, low: int, high: int, max_workers: int, executor: str | None = None, on_point=None,
                      *, series=None) -> list[dict]:
    """Run every series of ``series`` (default :data:`SERIES`; only ``executor`` with the default kernel
    when ``executor`` is given) for 1…``max_workers`` workers, one run after another.

    ``on_point(point)`` is called as each run finishes; a cancelled or failed run ends its series.
    """
    import asyncio

    from .primes import PrimeRequest, start_job
    from .primes_c import kernel_label

    if series is None:
        series = ((executor, "auto"),) if executor else SERIES
    if any(ex == "processes" for ex, _ in series):
        await asyncio.get_running_loop().run_in_executor(None, runner.pool.warm)
    points: list[dict] = []
    done: set[str] = set()
    for ex, kernel in series:
        label = kernel_label(kernel)
        name = f"{ex}/{'numpy' if label == 'numpy' else 'C'}"
        if name in done:  # without libprimesieve "auto" is numpy already
            continue
        done.add(name)
        hi = high if label != "numpy" or kernel != "numpy" else low + max(1, (high - low + 1) // NUMPY_SHARE) - 1
        first = None
        for workers in range(1, max_workers + 1):
            job = start_job(runner, PrimeRequest(low, hi, workers=workers, executor=ex, buckets=0, twins=False,
                                                 kernel=kernel))
            await runner.wait(job)
            if job.state.value != "done":
                break
            seconds = job.result["compute_seconds"]
            first = first or seconds
            speedup = first / seconds if seconds else 1.0
            point = {"series": name, "executor": ex,
                     "kernel": job.result["kernel"], "workers": workers, "seconds": seconds, "speedup": speedup,
                     "efficiency": speedup / workers, "low": low, "high": hi}
            points.append(point)
            if on_point:
                on_point(point)
    return points


GIL = Message(QT_TRANSLATE_NOOP(
    "Engine", "Threads share one Python interpreter and its GIL: only one thread runs Python at a time. "
    "A call into C that releases the GIL (libprimesieve through ctypes) lets threads sieve at once, so they "
    "scale like processes without the start-up and copying that processes cost. The numpy sieve makes many "
    "small calls with Python in between, so its threads mostly take turns; processes each have their own "
    "interpreter and scale either way."))


def scaling_explanation(points: list[dict]) -> Message:
    """What the measured curves say about the GIL, with the figures at the most workers measured."""
    best: dict[str, dict] = {}
    for p in points:
        if p["series"] not in best or p["workers"] >= best[p["series"]]["workers"]:
            best[p["series"]] = p
    proc, thr, num = best.get("processes/C"), best.get("threads/C"), best.get("threads/numpy")
    if proc and thr and num:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "With the C kernel, {workers} threads ran {threads:.2f}× as fast as one thread and {workers} "
            "processes {processes:.2f}×: libprimesieve releases the GIL for the whole of each call, so the threads "
            "of one process sieve at once. The numpy sieve on {numpy_workers} threads reached {numpy:.2f}×: it is "
            "many small numpy calls with Python in between, and only one thread can run Python at a time."),
            workers=thr["workers"], threads=thr["speedup"], processes=proc["speedup"],
            numpy_workers=num["workers"], numpy=num["speedup"])
    proc_np, thr_np = best.get("processes/numpy"), best.get("threads/numpy")
    if proc_np and thr_np and not thr:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "libprimesieve is not available here, so the numpy sieve ran everywhere: {workers} processes "
            "ran {processes:.2f}× as fast as one, {workers} threads {threads:.2f}×. Threads take turns at the GIL "
            "between numpy's many small calls; processes each have their own interpreter."),
            workers=thr_np["workers"], processes=proc_np["speedup"], threads=thr_np["speedup"])
    return GIL
