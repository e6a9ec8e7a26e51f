"""The real main window, offscreen: tabs, meter, validation, jobs from panels, language, shutdown.

Completion is waited for on signals (the panel's ``jobEnded``, the bridge's ``jobFinished``), never by
polling a job's state.
"""

from __future__ import annotations

import asyncio
import time

import psutil
import pytest
from aiohttp import web
from conftest import ALLOWED_CHILDREN, run_async
from dask_cluster import shared_cluster
from PySide6.QtCore import QSettings, Qt

from tributary.gui.main_window import MainWindow
from tributary.workers.jobs import JobState

BLANK = 0xFF000000  # an unrendered (or inside-the-set) pixel


@pytest.fixture(scope="module")
def cluster():
    """A real LocalCluster on loopback, shared by this module's tests."""
    yield from shared_cluster()


def test_window_has_a_tab_per_pillar_and_a_live_meter(window, qtbot):
    assert [window.tabs.tabText(i) for i in range(3)] == ["Downloads", "Primes", "Shared memory"]
    with qtbot.waitSignal(window.meter.updated, timeout=3000):
        pass
    stats = window.meter.stats()
    assert set(stats) == {"p50", "p99", "max", "beats"} and stats["beats"] >= 20
    assert "p99" in window.meter_label.text()


def test_meter_sees_a_frozen_gui_thread(window, qtbot):
    with qtbot.waitSignal(window.meter.updated, timeout=3000):
        pass
    time.sleep(0.2)  # deliberately block the GUI thread: the meter must notice
    with qtbot.waitSignal(window.meter.updated, timeout=3000):
        pass
    assert window.meter.stats()["max"] >= 150


def test_invalid_bounds_are_marked_at_the_field_and_block_start(window):
    panel = window.primes
    panel.high.setText("ten")
    assert not panel.start.isEnabled()
    assert "not a number" in panel.high_error.text() and panel.high_error.isVisibleTo(panel)
    panel.high.setText("10^16")
    assert "maximum" in panel.high_error.text()
    panel.high.setText("1,000")
    panel.low.setText("-1")
    assert "negative" in panel.low_error.text() and not panel.high_error.text()
    panel.low.setText("100")
    panel.high.setText("10")
    assert not panel.start.isEnabled() and "greater" in panel.high_error.text()
    panel.high.setText("1,000")
    assert panel.start.isEnabled() and not panel.high_error.text()


def test_list_mode_needs_an_output_file_and_says_so_at_the_field(window, tmp_path):
    panel = window.primes
    panel.mode.setCurrentIndex(panel.mode.findData("list"))
    assert not panel.start.isEnabled() and "Choose a file" in panel.output_error.text()
    panel.output.setText(str(tmp_path))  # a folder is not a file
    assert not panel.start.isEnabled() and "is a folder" in panel.output_error.text()
    panel.output.setText(str(tmp_path / "p.txt"))
    assert panel.start.isEnabled() and not panel.output_error.text() and not panel.scaling.isEnabled()


def test_primes_panel_runs_a_job_and_shows_the_result(window, qtbot):
    panel = window.primes
    window.tabs.setCurrentWidget(panel)
    panel.low.setText("0")
    panel.high.setText("1e8")
    panel.workers.setValue(1)
    with qtbot.waitSignal(panel.jobEnded, timeout=30000) as ended:
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
        assert panel.cancel.isEnabled() and not panel.start.isEnabled()
    assert ended.args[0].state is JobState.DONE
    assert "5,761,455" in panel.result.text() and "440,312 twin pairs" in panel.result.text()
    assert panel.model.rowCount() == 1 and panel.start.isEnabled() and not panel.cancel.isEnabled()
    assert panel.chart is not None  # the density chart was drawn


def test_twins_ticked_while_the_job_runs_leaves_the_panel_working(window, qtbot):
    """Issue 10's wedge: untick twins, Start, tick twins while it runs. The result is the one the job
    was asked for (no twins), and the panel is idle again (it used to raise 25 times a second, stuck)."""
    panel = window.primes
    panel.twins.setChecked(False)
    panel.low.setText("0")
    panel.high.setText("1e8")
    with qtbot.waitSignal(panel.jobEnded, timeout=30000):
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
        panel.twins.setChecked(True)
    assert "5,761,455" in panel.result.text() and "twin" not in panel.result.text()
    assert panel.start.isEnabled() and not panel.cancel.isEnabled()
    assert panel.last_result.twins is None
    with qtbot.waitSignal(panel.jobEnded, timeout=30000):  # and the next run counts them
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    assert "440,312 twin pairs" in panel.result.text()


def test_cancel_from_the_panel_returns_promptly(window, qtbot):
    panel = window.primes
    panel.high.setText("1e12")
    with qtbot.waitSignal(panel.slot.progressed, timeout=20000):
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    job = panel.slot.job
    t0 = time.perf_counter()
    with qtbot.waitSignal(panel.jobEnded, timeout=2000):
        qtbot.mouseClick(panel.cancel, Qt.MouseButton.LeftButton)
    assert time.perf_counter() - t0 < 0.5
    assert job.state is JobState.CANCELLED and panel.result.text() == "Cancelled."
    assert panel.start.isEnabled() and not panel.cancel.isEnabled()


def test_arrays_panel_verifies_squares_exactly_and_shows_the_speed_up(window, qtbot):
    panel = window.arrays
    panel.size.setText("3e6")
    panel.executor.setCurrentIndex(panel.executor.findData("single"))
    with qtbot.waitSignal(panel.jobEnded, timeout=30000):
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    assert "matches the closed form" in panel.result.text() and "speed-up" not in panel.result.text()
    panel.executor.setCurrentIndex(panel.executor.findData("processes"))
    with qtbot.waitSignal(panel.jobEnded, timeout=30000):
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    assert "speed-up" in panel.result.text()  # against the baseline the engine kept
    baseline = window.services.baselines.get(3_000_000, "squares")
    assert baseline is not None and panel.history[-1].baseline_seconds == baseline
    panel.size.setText("1e15")
    assert not panel.start.isEnabled() and panel.size_error.text()


def test_chinese_translation_loads_and_switches_back(window, qtbot):
    assert window.services.languages.apply("zh_CN")
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "素数", timeout=2000)  # LanguageChange has no signal
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
        download = run_async(qtbot, win.downloads.start_download(f"http://127.0.0.1:{port}/big.bin", folder))
        win.primes.high.setText("1e12")
        with qtbot.waitSignal(win.primes.slot.progressed, timeout=20000):
            primes_job = win.primes.on_start()
        if not download.progress > 0:
            with qtbot.waitSignal(services.bridge.jobsChanged, timeout=20000,
                                  check_params_cb=lambda jobs: download.progress > 0):
                pass
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
        assert not services.bridge.ticking  # shut down: no timer left
    finally:
        run_async(qtbot, server.cleanup())


def _pixels(image):
    import numpy as np

    return np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), image.width()).copy()


def test_mandelbrot_renders_when_first_shown_true_to_the_views_aspect(window, qtbot):
    panel = window.arrays
    assert panel.mandel_request is None  # nothing rendered while the tab was hidden
    with qtbot.waitSignal(panel.render_slot.ended, timeout=20000) as ended:
        window.tabs.setCurrentWidget(panel)
    assert ended.args[0].state is JobState.DONE
    req, view = panel.mandel_request, panel.view
    assert (req.width, req.height) == (view.width(), view.height())  # one image pixel per widget pixel
    assert view.image is not None and view.live is None
    assert (_pixels(view.image) != BLANK).any(), "a black box"
    # a circle must look like a circle: with 20 iterations every point with |c| <= 2 that escapes is
    # coloured and every point with |c| > 2 (escaped at once) is black, so the coloured pixels fill the
    # disk |c| <= 2 — zoomed out, it is all in view, and its box must be as wide as it is tall
    panel.mandel_iter.setValue(20)
    with qtbot.waitSignal(panel.render_slot.ended, timeout=20000):
        qtbot.mouseClick(panel.view, Qt.MouseButton.RightButton, pos=panel.view.target_rect().center().toPoint())
    import numpy as np

    rows, cols = np.nonzero(_pixels(view.image) != BLANK)
    width, height = cols.max() - cols.min() + 1, rows.max() - rows.min() + 1
    assert abs(width / height - 1) < 0.03, (width, height, panel.mandel_request)
    assert abs(width * panel.mandel_request.scale - 4.0) < 0.05  # and 4 units across, as the plane says


def test_mandelbrot_resize_re_renders_at_the_new_size_and_cancels_the_running_render(window, qtbot):
    panel = window.arrays
    with qtbot.waitSignal(panel.render_slot.ended, timeout=20000):
        window.tabs.setCurrentWidget(panel)
    panel.mandel_iter.setValue(3000)
    slow = panel.render()
    finished = []
    window.services.bridge.jobFinished.connect(finished.append)
    with qtbot.waitSignal(panel.render_slot.ended, timeout=20000,
                          check_params_cb=lambda job: job is not slow) as ended:
        window.resize(window.width() - 120, window.height() - 60)
    assert slow in finished and slow.state is JobState.CANCELLED  # the resize cancelled it
    req, view = ended.args[0].request, panel.view
    assert (req.width, req.height) == (view.width(), view.height())
    assert abs(req.span - slow.request.span) < 1e-12  # the same extent across, at the new size
    image = view.image
    assert (image.width(), image.height()) == (view.width(), view.height())


def test_mandelbrot_fills_in_progressively_and_a_zoom_cancels_the_running_render(window, qtbot):
    panel = window.arrays
    with qtbot.waitSignal(panel.render_slot.ended, timeout=20000):
        window.tabs.setCurrentWidget(panel)
    panel.mandel_iter.setValue(3000)  # slow enough to zoom mid-way
    with qtbot.waitSignal(panel.render_slot.progressed, timeout=20000,
                          check_params_cb=lambda job: 0 < job.partial.rows_done < job.request.height - 16):
        first = panel.render()
    render = first.partial
    image, done = render.image, render.rows_done
    ahead = first.request.rows_per_chunk * (first.request.workers + 1)  # chunks in flight past the in-order ones
    try:
        filled, blank_below = bool((image[:done] != BLANK).any()), bool((image[done + ahead:] == BLANK).all())
    finally:
        del image  # a view into the shared block would keep it from closing (even from a failed assert's frame)
    assert filled and blank_below  # filling in, top down
    assert panel.view.live is not None
    rect = panel.view.target_rect()
    with qtbot.waitSignal(window.services.bridge.jobFinished, timeout=2000, check_params_cb=lambda j: j is first):
        qtbot.mouseClick(panel.view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    second = panel.render_slot.job
    assert second is not first and first.state is JobState.CANCELLED
    assert second.request.scale == first.request.scale / 2
    with qtbot.waitSignal(panel.render_slot.ended, timeout=3000):
        panel.runner.cancel(second)
    assert panel.view.image is not None and panel.view.live is None  # a copy kept, the block let go
    assert render.image is None


def test_a_render_whose_view_was_deleted_lets_go_of_its_shared_block(services, qtbot):
    """Found by the accessible-name walk: the window was closed and deleted while the Mandelbrot view's
    first render ran; cancelled afterwards, the render failed with "BufferError: cannot close exported
    pointers exist" (the deleted view still held its image over the block) and the block leaked."""
    import shiboken6

    from tributary.gui.mandelbrot_view import MandelbrotView
    from tributary.workers import arrays

    view = MandelbrotView()
    view.resize(400, 300)
    request = arrays.MandelbrotRequest.for_view(400, 300).with_options(max_iter=3000, workers=1)
    with qtbot.waitSignal(services.bridge.jobsChanged, timeout=20000,
                          check_params_cb=lambda jobs: any(j.partial.image is not None for j in jobs)):
        job = arrays.start_mandelbrot_job(services.runner, request, release=view.freeze)
    view.show_live(job)
    assert view.live is not None
    shiboken6.delete(view)  # the window went first
    with qtbot.waitSignal(services.bridge.jobFinished, timeout=5000, check_params_cb=lambda j: j is job):
        services.runner.cancel(job)
    assert job.state is JobState.CANCELLED, job.error
    assert job.partial.image is None


def test_scaling_run_plots_processes_threads_and_numpy_threads_with_the_gil_explanation(window, qtbot):
    from tributary.gui.i18n import ENGINE
    from tributary.workers.primesieve_c import library
    from tributary.workers.scaling import GIL, SERIES_NAMES

    panel = window.primes
    panel.low.setText("0")
    panel.high.setText("2e7")
    panel.workers.setValue(2)
    with qtbot.waitSignal(panel.jobEnded, timeout=60000):
        job = panel.run_scaling()
        assert not panel.start.isEnabled() and not panel.scaling.isEnabled() and panel.cancel.isEnabled()
    by_series = job.result.series()
    expected = ["processes/C", "threads/C", "threads/numpy"] if library() else ["processes/numpy", "threads/numpy"]
    assert list(by_series) == expected
    for points in by_series.values():
        assert [p.workers for p in points] == [1, 2] and points[0].speedup == 1.0
    curves = [item for item in panel.scaling_chart.getPlotItem().listDataItems() if item.xData is not None]
    assert len(curves) == len(expected) + 1  # a curve per series and the ideal line
    legend = {label.text for _, label in panel.scaling_legend.items}
    assert {ENGINE.tr(SERIES_NAMES[name]) for name in expected} <= legend
    text = panel.scaling_explanation.text()  # under the chart, with the figures measured
    assert text == ENGINE.tr(job.result.explanation) and "GIL" in text and text != ENGINE.tr(GIL)
    assert f"{by_series[expected[1]][1].speedup:.2f}" in text
    assert panel.scaling_explanation.isVisibleTo(panel) and "speed-up" in panel.result.text()
    assert panel.start.isEnabled() and panel.scaling.isEnabled()


def test_cancelling_a_scaling_run_cancels_its_current_count(window, qtbot):
    panel = window.primes
    panel.high.setText("1e11")
    panel.workers.setValue(2)
    finished = []
    window.services.bridge.jobFinished.connect(finished.append)
    with qtbot.waitSignal(window.services.bridge.jobAdded, timeout=10000,
                          check_params_cb=lambda job: job.kind == "primes"):
        series = panel.run_scaling()
    with qtbot.waitSignal(panel.jobEnded, timeout=3000):
        qtbot.mouseClick(panel.cancel, Qt.MouseButton.LeftButton)
    assert series.state is JobState.CANCELLED and panel.result.text() == "Cancelled."
    counts = [job for job in panel.runner.jobs.values() if job.kind == "primes"]
    assert counts and all(job.state is JobState.CANCELLED for job in counts)
    assert panel.start.isEnabled()


def test_export_and_copy_the_result(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    panel = window.primes
    panel.high.setText("1e6")
    with qtbot.waitSignal(panel.jobEnded, timeout=20000):
        panel.on_start()
    assert panel.export.isEnabled() and panel.last_result is not None
    csv_path, txt_path = tmp_path / "r.csv", tmp_path / "r.txt"
    panel.export_to(str(csv_path))
    panel.export_to(str(txt_path))
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"count,78498" in raw and b"estimate_x_over_ln_x" in raw
    assert "count\t78498" in txt_path.read_text()
    panel.copy_result()
    assert "count\t78498" in QApplication.clipboard().text()


# -- the n-th prime, the kernel, the Dask cluster (issue 13 in the window) ----------------------------------
def test_the_nth_prime_from_the_panel(window, qtbot):
    from tributary.workers.nth_prime import nth_prime_here
    from tributary.workers.primesieve_c import library

    panel = window.primes
    panel.mode.setCurrentIndex(panel.mode.findData("nth"))
    assert panel.nth.isEnabled() and not panel.high.isEnabled() and not panel.twins.isEnabled()
    assert not panel.scaling.isEnabled()
    panel.high.setText("not read in this mode")
    panel.low.setText("1e9")
    panel.nth.setText("0")
    assert not panel.start.isEnabled() and "at least 1" in panel.nth_error.text()  # the engine's check, at N
    panel.nth.setText("1e30")
    assert not panel.start.isEnabled() and panel.nth_error.text()
    panel.nth.setText("100,000")
    assert panel.start.isEnabled() and not panel.nth_error.text() and not panel.high_error.text()
    panel.executor.setCurrentIndex(panel.executor.findData("processes"))
    with qtbot.waitSignal(panel.jobEnded, timeout=60000) as ended:
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    job = ended.args[0]
    assert job.state is JobState.DONE, job.error
    expected = nth_prime_here(10**5, 10**9, "numpy")  # the numpy sieve in this process: another path
    assert job.result.prime == expected and f"{expected:,}" in panel.result.text()
    assert "100,000-th prime after 1,000,000,000" in panel.result.text()
    if library() is not None:
        assert panel.kernel_used.text() == f"Kernel: {library().name}"
    assert panel.start.isEnabled() and not panel.cancel.isEnabled() and panel.export.isEnabled()


def test_the_kernel_that_ran_is_shown_and_a_missing_c_library_says_why(window, qtbot, monkeypatch):
    from tributary.workers import primesieve_c

    panel = window.primes
    panel.high.setText("1e6")
    panel.executor.setCurrentIndex(panel.executor.findData("threads"))  # runs in this process
    monkeypatch.setenv("TRIBUTARY_PRIME_KERNEL", "numpy")  # the library hidden, as where it is not installed
    primesieve_c.forget()
    try:
        panel.kernel.setCurrentIndex(panel.kernel.findData("libprimesieve"))
        assert not panel.start.isEnabled() and "not available" in panel.kernel_error.text()
        assert "TRIBUTARY_PRIME_KERNEL=numpy" in panel.kernel_error.text()  # why
        panel.kernel.setCurrentIndex(panel.kernel.findData("auto"))
        with qtbot.waitSignal(panel.jobEnded, timeout=30000):
            qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    finally:
        monkeypatch.delenv("TRIBUTARY_PRIME_KERNEL")
        primesieve_c.forget()
    assert "78,498 primes" in panel.result.text()
    assert panel.kernel_used.text().startswith("Kernel: numpy\nlibprimesieve is not available here")


def _use_scheduler(window, address: str) -> None:
    from tributary.gui import preferences

    preferences.write(window.services.settings, "compute/cluster_mode", "address")
    preferences.write(window.services.settings, "compute/scheduler_address", address)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask_threads() -> set[int]:
    import threading

    return {t.ident for t in threading.enumerate() if t.name.startswith("tributary-dask")}


def test_run_on_cluster_from_the_panel(window, qtbot, cluster):
    from test_kernels import ps_counts

    from tributary.gui.states import executor_label

    _use_scheduler(window, cluster._local.scheduler_address)  # noqa: SLF001 - as `dask scheduler` prints it
    panel = window.primes
    panel.high.setText("3e8")
    panel.workers.setValue(2)
    panel.executor.setCurrentIndex(panel.executor.findData("cluster"))
    with qtbot.waitSignal(panel.jobEnded, timeout=60000) as ended:
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
        assert "Dask scheduler at" in panel.result.text()  # connecting: the window said so, and kept going
    job = ended.args[0]
    assert job.state is JobState.DONE, job.error
    count, twins = ps_counts(0, 3 * 10**8)
    assert (job.result.count, job.result.twins, job.result.executor) == (count, twins, "cluster")
    assert f"{count:,} primes" in panel.result.text()
    row = [panel.model.data(panel.model.index(0, c)) for c in range(panel.model.columnCount())]
    assert executor_label("cluster") in row  # the jobs table names where it ran
    with qtbot.waitSignal(panel.jobEnded, timeout=60000) as ended:  # connected: the second job reuses it
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
        assert panel.result.text() == "Sieving on the Dask cluster…"
    assert ended.args[0].state is JobState.DONE and window.services.runner.cluster.connected


def test_an_unreachable_scheduler_shows_one_message_at_the_field_and_the_panel_goes_idle(window, qtbot):
    before = _dask_threads()  # a module cluster of another test may hold one
    panel = window.primes
    panel.executor.setCurrentIndex(panel.executor.findData("cluster"))
    _use_scheduler(window, "not an address")
    assert panel.on_start() is None  # refused at once, at the field
    assert "tcp://HOST:8786" in panel.executor_error.text() and panel.start.isEnabled()
    address = f"tcp://127.0.0.1:{_free_port()}"
    _use_scheduler(window, address)
    panel.high.setText("1e8")  # an edit validates again: the old message goes
    assert not panel.executor_error.text()
    with qtbot.waitSignal(panel.jobEnded, timeout=20000) as ended:
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    job = ended.args[0]
    assert job.state is JobState.FAILED and job.error_field == "scheduler"
    assert panel.executor_error.text().startswith(f"Cannot reach the Dask scheduler at {address}")
    assert panel.executor_error.isVisibleTo(panel) and not panel.result.text()  # once, at the field
    assert panel.start.isEnabled() and not panel.cancel.isEnabled() and panel.slot.job is None
    qtbot.waitUntil(lambda: _dask_threads() <= before, timeout=3000)  # the cluster's thread ended (no signal for it)


def test_starting_a_local_cluster_from_the_panel_never_stalls_the_window(window, qtbot, cluster):
    """The preferences' default: a LocalCluster started on first use, off the GUI thread, closed at shutdown.
    (The module's cluster fixture is there only so that Dask's process-wide threads exist before the test.)"""
    panel = window.primes
    panel.high.setText("1e8")
    panel.workers.setValue(2)
    panel.executor.setCurrentIndex(panel.executor.findData("threads"))
    with qtbot.waitSignal(panel.jobEnded, timeout=30000):  # the density chart exists (the app imports its
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)  # library off the GUI thread at start)
    panel.executor.setCurrentIndex(panel.executor.findData("cluster"))
    window.meter.reset()
    beats = []
    window.meter.updated.connect(beats.append)
    with qtbot.waitSignal(panel.jobEnded, timeout=120000) as ended:
        qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
        assert panel.result.text() == "Starting a Dask cluster on this computer…"
    job = ended.args[0]
    assert job.state is JobState.DONE, job.error
    local = window.services.runner.cluster
    assert local.address is None and local.connected and job.result.startup_seconds > 0.1  # it did start one
    stats = window.meter.stats()
    assert len(beats) >= 2 * job.result.startup_seconds - 1  # the meter kept reporting while the cluster started
    assert stats["max"] <= 50, stats  # the window kept its beat all along (measured here: 2–16 ms)
    run_async(qtbot, window.services.shutdown())  # the app's ordered shutdown closes the cluster
    assert window.services.runner.cluster is None and not local.connected


def test_the_mandelbrot_view_renders_on_the_cluster_the_same_picture(window, qtbot, cluster):
    panel = window.arrays
    with qtbot.waitSignal(panel.render_slot.ended, timeout=20000) as ended:
        window.tabs.setCurrentWidget(panel)  # first shown: rendered on the process pool
    assert ended.args[0].state is JobState.DONE
    local = _pixels(panel.view.image).copy()
    _use_scheduler(window, cluster._local.scheduler_address)  # noqa: SLF001
    panel.mandel_on.setCurrentIndex(panel.mandel_on.findData("cluster"))
    with qtbot.waitSignal(panel.render_slot.ended, timeout=60000) as ended:
        qtbot.mouseClick(panel.mandel_render, Qt.MouseButton.LeftButton)
    job = ended.args[0]
    assert job.state is JobState.DONE and job.executor == "cluster", job.error
    assert (_pixels(panel.view.image) == local).all()  # tiles from the workers, copied in: the same image
    assert panel.mandel_status.text().startswith("Rendered in")


def test_changed_cluster_preferences_close_the_old_cluster_and_the_next_job_uses_the_new_ones(window, qtbot, cluster):
    services = window.services
    _use_scheduler(window, cluster._local.scheduler_address)  # noqa: SLF001
    old = services.use_cluster()
    run_async(qtbot, old.connect())
    assert old.connected and services.use_cluster() is old  # the same preferences: the same cluster
    _use_scheduler(window, f"tcp://127.0.0.1:{_free_port()}")
    window.desktop.apply_preferences(["compute/scheduler_address"])  # as the Preferences dialog does
    assert services.runner.cluster is None
    run_async(qtbot, asyncio.gather(*services._retiring))  # noqa: SLF001 - closing, off the GUI thread
    assert not old.connected
    new = services.use_cluster()
    assert new is not old and new.address.startswith("tcp://127.0.0.1:")
