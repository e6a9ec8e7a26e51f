"""Drive the real window to a meaningful state and grab it (run by ``tools/screenshots.py`` under Xvfb)."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

OUT = Path(os.environ.get("TRIBUTARY_SHOTS_OUT", "docs/screenshots"))
TABS = ("downloads", "primes", "shm", "lab")


async def serve() -> tuple[object, str]:
    """Files on 127.0.0.1: /fast/NAME (whole at once), /slow/NAME (~1 MiB/s, 400 MiB), 404 otherwise."""
    from aiohttp import web

    async def fast(request):
        return web.Response(body=os.urandom(3 << 20), content_type="application/octet-stream")

    async def slow(request):
        size = 400 << 20
        response = web.StreamResponse(headers={"Content-Length": str(size)})
        await response.prepare(request)
        chunk = bytes(64 << 10)
        try:
            for _ in range(size // len(chunk)):
                await response.write(chunk)
                await asyncio.sleep(0.06)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    app = web.Application()
    app.router.add_get("/fast/{name}", fast)
    app.router.add_get("/slow/{name}", slow)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # noqa: SLF001


async def until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


async def fill(window, services, base: str, folder: Path) -> None:
    panel = window.downloads
    panel.folder.setText(str(folder))
    names = ["ubuntu-24.04.1-desktop-amd64.iso", "debian-12.8.0-amd64-netinst.iso", "dataset-2024-q3.tar.zst",
             "photos-holiday-2024-family-trip-to-the-mountains-and-lakes-full-resolution-archive.zip"]
    entries = [(f"{base}/fast/{name}", None) for name in ("report.pdf", "slides.pptx", "notes-长城.txt")]
    entries += [(f"{base}/slow/{name}", None) for name in names]
    entries += [(f"{base}/missing/old-build.tar.gz", None)]
    transfers = await panel.add(entries)  # the rows are in once the journal has claimed them
    await until(lambda: sum(t.item.state == "done" for t in transfers) >= 3, 30)
    services.downloads.pause(transfers[-2])
    primes = window.primes
    primes.high.setText("1e9")
    primes.on_start()
    await until(lambda: primes.last_result is not None, 120)
    arrays = window.arrays
    window.tabs.setCurrentWidget(arrays)
    await asyncio.sleep(0.5)
    arrays.size.setText("2e7")
    arrays.on_start()
    await until(lambda: arrays.job is None, 60)
    job = arrays.render()
    await until(lambda: job.state.finished, 60)
    await run_lab(window)


async def run_lab(window) -> None:
    """The Lab's semaphore experiment, run once: its explanation, code, result table and chart."""
    lab = window.lab
    window.tabs.setCurrentWidget(lab)  # built when first shown
    lab.list.setCurrentRow([e.name for e in lab.experiments].index("semaphore"))
    for key, text in {"limits": "1,2,4,8", "files": "16", "size_kb": "64", "latency_ms": "40"}.items():
        lab.form().set_text(key, text)
    ended = asyncio.get_running_loop().create_future()
    lab.jobEnded.connect(lambda *_: ended.done() or ended.set_result(None))
    lab.on_start()
    await asyncio.wait_for(ended, 120)


async def shoot(app, window, services) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for language in ("en", "zh_CN"):
        services.languages.apply(language)
        for mode in ("light", "dark"):
            window.desktop.set_theme(mode)
            for index, tab in enumerate(TABS):
                window.tabs.setCurrentIndex(index)
                await asyncio.sleep(0.6)
                image = window.screen().grabWindow(window.winId()).toImage()
                image.save(str(OUT / f"{tab}-{mode}-{language}.png"))
                # the grab is a synchronous X call on the GUI thread (the tool's own stall, up to ~200 ms
                # on Xvfb): the next shot's meter shows the app's lateness, not this
                window.meter.reset()
    services.languages.apply("en")


async def main(app, settings, languages) -> None:
    from tributary.gui.app import Services
    from tributary.gui.main_window import MainWindow

    home = Path(os.environ.get("TRIBUTARY_SHOTS_HOME", "."))
    services = Services(app, settings, languages, journal_path=str(home / "journal.sqlite"))
    window = MainWindow(services)
    window.resize(1200, 820)
    window.move(0, 0)
    window.show()
    window.meter.start()
    runner, base = await serve()
    try:
        await fill(window, services, base, home / "Downloads")
        await shoot(app, window, services)
    finally:
        window.close()
        await services.shutdown()
        await runner.cleanup()


if __name__ == "__main__":
    from tributary.gui.app import create_app, run_qt

    run_qt(main(*create_app()))
