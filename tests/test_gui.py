"""The real main window, offscreen: tabs, meter, validation, jobs from panels, language, shutdown."""

from __future__ import annotations

import asyncio
import time

import psutil
import pytest
from aiohttp import web
from conftest import ALLOWED_CHILDREN, run_async
from PySide6.QtCore import QSettings, Qt

from tributary.gui.main_window import MainWindow
from tributary.workers.jobs import JobState


@pytest.fixture
def window(services, qtbot):
    win = MainWindow(services)  # not qtbot.addWidget: pytest-qt would delete it before this teardown
    win.meter.start()
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()  # closeEvent stops the meter and the log dock
    win.deleteLater()


def test_window_has_a_tab_per_pillar_and_a_live_meter(window, qtbot):
    assert [window.tabs.tabText(i) for i in range(3)] == ["Downloads", "Primes", "Shared memory"]
    qtbot.waitUntil(lambda: window.meter.stats()["beats"] >= 20, timeout=3000)
    stats = window.meter.stats()
    assert set(stats) == {"p50", "p99", "max", "beats"}
    qtbot.waitUntil(lambda: "p99" in window.meter_label.text(), timeout=2000)


def test_meter_sees_a_frozen_gui_thread(window, qtbot):
    qtbot.waitUntil(lambda: window.meter.stats()["beats"] >= 5, timeout=3000)
    time.sleep(0.2)  # deliberately block the GUI thread: the meter must notice
    qtbot.waitUntil(lambda: window.meter.stats()["max"] >= 150, timeout=2000)


def test_invalid_bounds_are_marked_at_the_field_and_block_start(window):
    panel = window.primes
    panel.high.setText("ten")
    assert not panel.start.isEnabled()
    assert "not a number" in panel.high_error.text() and panel.high_error.isVisibleTo(panel)
    panel.high.setText("10^16")
    assert "maximum" in panel.high_error.text()
    panel.low.setText("100")
    panel.high.setText("10")
    assert not panel.start.isEnabled() and "greater" in panel.high_error.text()
    panel.high.setText("1,000")
    assert panel.start.isEnabled() and not panel.high_error.text()


def test_primes_panel_runs_a_job_and_shows_the_result(window, qtbot):
    panel = window.primes
    window.tabs.setCurrentWidget(panel)
    panel.low.setText("0")
    panel.high.setText("1e8")
    panel.workers.setValue(1)
    qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    assert panel.cancel.isEnabled()
    qtbot.waitUntil(lambda: "5,761,455" in panel.result.text(), timeout=30000)
    assert panel.model.rowCount() == 1 and panel.start.isEnabled()
    assert panel.chart is not None  # the density chart was drawn


def test_cancel_from_the_panel_returns_promptly(window, qtbot):
    panel = window.primes
    panel.high.setText("1e12")
    qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    job = panel.job
    qtbot.waitUntil(lambda: job.progress > 0, timeout=20000)
    t0 = time.perf_counter()
    qtbot.mouseClick(panel.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: job.state is JobState.CANCELLED, timeout=2000)
    assert time.perf_counter() - t0 < 0.5
    qtbot.waitUntil(lambda: panel.result.text() == "Cancelled.", timeout=2000)


def test_arrays_panel_verifies_squares_exactly(window, qtbot):
    panel = window.arrays
    panel.size.setText("3e6")
    panel.executor.setCurrentIndex(0)
    qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "matches the closed form" in panel.result.text(), timeout=30000)
    panel.size.setText("1e15")
    assert not panel.start.isEnabled() and panel.size_error.text()


def test_chinese_translation_loads_and_switches_back(window, qtbot):
    assert window.services.languages.apply("zh_CN")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "素数", timeout=2000)
    assert window.primes.start.text() == "开始"
    assert window.primes.model.headerData(3, Qt.Orientation.Horizontal) == "状态"
    window.set_language("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Primes", timeout=2000)


def test_geometry_and_tab_persist(services, qtbot):
    first = MainWindow(services)
    qtbot.addWidget(first)
    first.resize(700, 560)  # the offscreen screen is 800×800
    first.tabs.setCurrentIndex(2)
    first.save_settings()
    first.log_dock.detach()
    second = MainWindow(services)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 2
    assert (second.width(), second.height()) == (700, 560)
    second.log_dock.detach()
    assert isinstance(services.settings, QSettings)


async def _slow_server():
    async def slow(request):
        response = web.StreamResponse(headers={"Content-Length": str(1 << 30)})
        await response.prepare(request)
        try:
            for _ in range(100000):
                await response.write(b"y" * 65536)
                await asyncio.sleep(0.005)
        except ConnectionError:
            pass
        return response

    app = web.Application()
    app.add_routes([web.get("/big.bin", slow)])
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]


def test_closing_with_a_pool_job_and_a_download_running_is_clean_and_fast(services, qtbot, tmp_path):
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    server, port = run_async(qtbot, _slow_server())
    try:
        folder = tmp_path / "downloads"
        folder.mkdir()
        download = win.downloads.start_download(f"http://127.0.0.1:{port}/big.bin", folder)
        win.primes.high.setText("1e12")
        win.primes.on_start()
        primes_job = win.primes.job
        qtbot.waitUntil(lambda: download.progress > 0 and primes_job.progress > 0, timeout=20000)
        me = psutil.Process()
        assert any("resource_tracker" not in " ".join(p.cmdline()) for p in me.children(recursive=True))
        closed = []
        win.closing.connect(lambda: closed.append(time.perf_counter()))
        win.close()
        assert closed
        seconds = run_async(qtbot, services.shutdown())
        assert time.perf_counter() - closed[0] < 1.0, seconds
        assert download.state is JobState.CANCELLED and primes_job.state is JobState.CANCELLED
        left = [p for p in me.children(recursive=True) if "resource_tracker" not in " ".join(p.cmdline())
                and p.pid not in ALLOWED_CHILDREN and p.ppid() not in ALLOWED_CHILDREN]  # minus the test nginx
        assert left == []
        assert not (folder / "big.bin").exists()  # nothing half-written under the final name
    finally:
        run_async(qtbot, server.cleanup())


def test_mandelbrot_fills_in_progressively_and_a_zoom_cancels_the_running_render(window, qtbot):
    panel = window.arrays
    window.tabs.setCurrentWidget(panel)
    panel.mandel_iter.setValue(3000)  # slow enough to zoom mid-way
    first = panel.render()
    qtbot.waitUntil(lambda: 0 < first.rows_done < first.request.height - 16, timeout=20000)
    image, done = first.image, first.rows_done
    blank = 0xFF000000
    assert (image[:done] != blank).any() and (image[done + 16:] == blank).all()  # filling in, top down
    del image  # a view into the shared block would keep it from closing
    assert panel.view.live is not None
    rect = panel.view.target_rect()
    qtbot.mouseClick(panel.view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    second = panel.mandel_job
    assert second is not first
    qtbot.waitUntil(lambda: first.state is JobState.CANCELLED, timeout=2000)
    assert second.request.scale == first.request.scale / 2
    panel.runner.cancel(second)
    qtbot.waitUntil(lambda: second.state.finished, timeout=3000)
    assert panel.view.image is not None and panel.view.live is None  # a copy kept, the block let go


def test_scaling_run_plots_one_point_per_worker_count(window, qtbot):
    panel = window.primes
    panel.low.setText("0")
    panel.high.setText("2e7")
    panel.workers.setValue(2)
    task = panel.run_scaling()
    assert not panel.start.isEnabled()
    qtbot.waitUntil(task.done, timeout=60000)
    points = task.result()
    assert [p["workers"] for p in points] == [1, 2] and points[0]["speedup"] == 1.0
    assert panel.scaling_chart is not None and "speed-up" in panel.result.text()
    assert panel.start.isEnabled()


def test_export_and_copy_the_result(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    panel = window.primes
    panel.high.setText("1e6")
    panel.on_start()
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=20000)
    assert panel.export.isEnabled()
    csv_path, txt_path = tmp_path / "r.csv", tmp_path / "r.txt"
    panel.export_to(str(csv_path))
    panel.export_to(str(txt_path))
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"count,78498" in raw
    assert "count\t78498" in txt_path.read_text()
    panel.copy_result()
    assert "count\t78498" in QApplication.clipboard().text()
