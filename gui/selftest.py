"""``tributary --self-test``: the real window, one real job of each execution kind run to the end and
one of each cancelled mid-way, then a clean close. The report says what held."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time

from aiohttp import web

from tributary.workers import arrays, primes

log = logging.getLogger("tributary.selftest")
BLOB = os.urandom(1 << 21)
PI = {10**9: 50_847_534, 3 * 10**9: 144_449_537}  # π(x), to check the count the window's engine found


async def _serve() -> tuple[web.AppRunner, str]:
    async def blob(request):
        return web.Response(body=BLOB, content_type="application/octet-stream")

    async def slow(request):
        response = web.StreamResponse(headers={"Content-Length": str(64 << 20)})
        await response.prepare(request)
        chunk = b"x" * (1 << 16)
        try:
            for _ in range(1024):
                await response.write(chunk)
                await asyncio.sleep(0.01)
        except ConnectionError:  # the client cancelled: that is the point of this route
            pass
        return response

    app = web.Application()
    app.add_routes([web.get("/blob.bin", blob), web.get("/slow.bin", slow)])
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001
    return runner, f"http://127.0.0.1:{port}"


async def _cancel_mid_way(runner, job, timings: dict) -> None:
    """Cancel once the job shows progress, or has run 50 ms (chunked jobs report per chunk)."""
    deadline = time.monotonic() + 10
    while job.progress <= 0 and not job.text and time.monotonic() < deadline and not job.state.finished:
        if job.started is not None and time.monotonic() - job.started > 0.05:
            break
        await asyncio.sleep(0.005)
    t0 = time.perf_counter()
    runner.cancel(job)
    await runner.wait(job, timeout=10)
    timings[job.id] = time.perf_counter() - t0


def _resources_found() -> bool:
    """The icon and the zh_CN catalogue load from the package data (a wheel or a bundle without them
    would run, silently untranslated and without its icon)."""
    from PySide6.QtCore import QTranslator
    from PySide6.QtGui import QIcon

    from tributary.gui.assets import resource_path
    from tributary.gui.i18n import translations_dir

    icon = QIcon(resource_path("icons/tributary.svg"))
    return not icon.isNull() and QTranslator().load("tributary_zh_CN", str(translations_dir()))


async def _start_planned_jobs(window, runner, base: str, folder: str) -> list[tuple]:
    """One job of each way of running to the end, one of each cancelled mid-way: ``(job, expected)``."""
    from tributary.workers.primes_c import kernel_label

    workers = min(2, os.cpu_count() or 1)
    # about a second of real load on every core, so p99 is a percentile and not just the max: the C kernel
    # counts several times faster than the numpy one. Explicitly on the process pool (the CLI's default is threads).
    high = 3 * 10**9 if kernel_label("auto") != "numpy" else 10**9
    return [
        (await window.downloads.start_download(f"{base}/blob.bin", folder), "done"),
        (await window.downloads.start_download(f"{base}/slow.bin", folder), "cancelled"),
        (arrays.start_fill_job(runner, arrays.FillRequest(20_000_000, "sqrt", workers, "threads")), "done"),
        (arrays.start_fill_job(runner, arrays.FillRequest(60_000_000, "sin", workers, "threads")), "cancelled"),
        (primes.start_job(runner, primes.PrimeRequest(0, high, workers=workers, executor="processes")), "done"),
        (primes.start_job(runner, primes.PrimeRequest(0, 10**12, workers=workers, executor="processes")), "cancelled"),
    ]


def _record(report: dict, planned: list[tuple], timings: dict, stats: dict, services) -> None:
    report["ui_lateness_ms"] = {k: stats[k] for k in ("p50", "p99", "max")}
    report["jobs"] = [{
        "kind": job.kind, "executor": job.executor, "expected": want, "state": job.state.value,
        "seconds": round(job.seconds or 0.0, 4), "error": job.error,
        "cancel_latency_seconds": round(timings[job.id], 4) if job.id in timings else None,
    } for job, want in planned]
    blob = planned[0][0].result
    report["download_verified"] = bool(blob) and blob["bytes"] == len(BLOB)
    prime_count = planned[4][0].result
    report["primes_verified"] = prime_count is not None and prime_count.count == PI.get(prime_count.high)
    report["primes_kernel"] = prime_count.kernel if prime_count is not None else None
    report["checks"] = {
        "jobs_reached_expected_states": all(j["state"] == j["expected"] for j in report["jobs"]),
        "results_verified": report["download_verified"] and report["primes_verified"],
        "ui_p99_within_16ms": stats["p99"] <= 16.0,
        "resources_found": _resources_found(),
        "no_uncaught_errors": services.errors.count == 0,
    }


async def run_self_test(window, services, painted: asyncio.Event, report: dict, warmed=None, *,
                        process_start: float | None = None, painted_after: float | None = None) -> None:
    """Run the checks in the open ``window``; ``process_start`` is ``time.perf_counter()`` at start-up
    (the app passes it: this module never imports the app, so there is no import cycle), ``painted_after``
    the process's age when the first paint was seen (measured before this module was imported)."""
    from tributary.workers.procs import process_age

    try:
        await asyncio.wait_for(painted.wait(), 10)
        # from the process's own start (the frozen bootloader included), 10 ms ticks
        age = painted_after if painted_after is not None else process_age()
        start = process_start if process_start is not None else time.perf_counter()
        report["first_paint_seconds"] = round(age if age is not None else time.perf_counter() - start, 3)
        if warmed is not None:
            await warmed  # the engine's modules load off the GUI thread after the first paint
        server, base = await _serve()
        tmp = tempfile.TemporaryDirectory(prefix="tributary-selftest-")
        runner = services.runner
        try:
            window.meter.reset()
            planned = await _start_planned_jobs(window, runner, base, tmp.name)
            timings: dict = {}
            cancels = [_cancel_mid_way(runner, job, timings) for job, want in planned if want == "cancelled"]
            await asyncio.wait_for(asyncio.gather(*cancels), 30)
            for job, _ in planned:
                await runner.wait(job, timeout=60)
            _record(report, planned, timings, window.meter.stats(), services)
        finally:
            await server.cleanup()
            tmp.cleanup()
    except Exception as exc:  # the report must say what broke
        log.exception("self-test failed")
        report.setdefault("checks", {})["ran_to_the_end"] = False
        report["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        window.close()
