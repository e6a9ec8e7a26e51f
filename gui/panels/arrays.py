"""The Shared-memory panel: a fill-and-reduce job (size, kernel, workers, executor; exact result, speed-up
against one process, per-worker efficiency, bytes written, timings chart) and a Mandelbrot view rendered in
parallel into shared memory (or on the Dask cluster the preferences name, its tiles copied in).

Widgets → :meth:`FillRequest.from_text <tributary.workers.arrays.FillRequest.from_text>`; the finished
:class:`~tributary.workers.arrays.FillResult` (speed-up included: the engine keeps the baselines) →
widgets. The Mandelbrot geometry (aspect, zoom, resize) is :class:`~tributary.workers.arrays.MandelbrotRequest`'s;
the panel only hands it the view's size and clicks.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
)

from tributary.gui.i18n import ENGINE
from tributary.gui.mandelbrot_view import MandelbrotView
from tributary.gui.panels.base import JobPanel, JobSlot, fill_combo
from tributary.gui.states import executor_label, failure_text
from tributary.gui.theme import style_plot
from tributary.gui.widgets import ToneLabel
from tributary.workers import arrays
from tributary.workers.jobs import Job, UserError


class ArraysPanel(JobPanel):
    kinds = ("shm", "mandelbrot")

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.history: list[arrays.FillResult] = []
        self.chart = None
        self.mandel_request: arrays.MandelbrotRequest | None = None  # the view's current geometry
        self.render_slot = JobSlot(self.bridge, self, on_done=self._rendered, on_failed=self._render_failed,
                                   on_cancelled=self._render_cancelled, on_progress=self._render_progress)
        self._build_fill_form()
        self._build_mandelbrot()
        self._connect()
        self.tab_order(self.size, self.kernel, self.workers, self.executor, self.start, self.cancel,
                       self.mandel_iter, self.mandel_on, self.mandel_render, self.mandel_reset)
        self.retranslate()

    # -- building ----------------------------------------------------------------------------------
    def _build_fill_form(self) -> None:
        self.size = QLineEdit("1e7", self)
        self.size_error = self.field_error("size", self.size)
        self.kernel = QComboBox(self)
        self.workers = QSpinBox(self)
        self.workers.setRange(1, os.cpu_count() or 1)
        self.workers.setValue(os.cpu_count() or 1)
        self.executor = QComboBox(self)
        self.labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        form.addRow(self.labels[0], self.size)
        form.addRow("", self.size_error)
        form.addRow(self.labels[1], self.kernel)
        form.addRow(self.labels[2], self.workers)
        form.addRow(self.labels[3], self.executor)
        self.controls, self.content = self.side_by_side()  # the Mandelbrot view is the main thing
        self.controls.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        self.controls.addLayout(buttons)
        self.controls.addWidget(self.progress)
        self.controls.addWidget(self.form_error)
        self.controls.addWidget(self.result)
        self.chart_hint = ToneLabel("muted", self)  # what the empty chart area will show
        self.chart_hint.setObjectName("chartHint")
        self.chart_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_holder = QVBoxLayout()  # the timings chart, under the result
        self.chart_holder.addWidget(self.chart_hint, 1)
        self.controls.addLayout(self.chart_holder, 1)

    def _build_mandelbrot(self) -> None:
        self.mandel_iter = QSpinBox(self)
        self.mandel_iter.setRange(20, 5000)
        self.mandel_iter.setValue(200)
        self.mandel_render = QPushButton(self)
        self.mandel_reset = QPushButton(self)
        self.mandel_status = QLabel(self)
        # its changing text never widens the row (which would resize the view and start a new render)
        self.mandel_status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.mandel_iter_label = QLabel(self)
        self.mandel_iter_label.setBuddy(self.mandel_iter)
        self.mandel_on = QComboBox(self)  # where the tiles are rendered
        settings = QHBoxLayout()  # two rows: one would widen the window's minimum by the combo's width
        settings.addWidget(self.mandel_iter_label)
        settings.addWidget(self.mandel_iter)
        settings.addWidget(self.mandel_on)
        settings.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.mandel_render)
        actions.addWidget(self.mandel_reset)
        actions.addWidget(self.mandel_status, 1)
        self.content.addLayout(settings)
        self.content.addLayout(actions)
        self.view = MandelbrotView(self)
        self.content.addWidget(self.view, 1)

    def _connect(self) -> None:
        self.size.textChanged.connect(self.validate)
        for combo in (self.kernel, self.executor):
            combo.currentIndexChanged.connect(self.validate)
        self.workers.valueChanged.connect(self.validate)
        self.mandel_render.clicked.connect(self.render)
        self.mandel_reset.clicked.connect(self.reset_view)
        self.view.zoom_requested.connect(self.zoom)
        self.view.sizeSettled.connect(self.on_view_size)

    def retranslate(self) -> None:
        super().retranslate()
        self.mandel_iter_label.setText(self.tr("Mandelbrot iterations"))
        self.mandel_render.setText(self.tr("Render"))
        self.mandel_reset.setText(self.tr("Reset view"))
        self.view.setToolTip(self.tr("Left click zooms in, right click zooms out"))
        self.chart_hint.setText(self.tr("Start a fill: the compute time of each run is charted here, so runs on "
                                        "processes, threads and one core compare side by side."))
        fill_combo(self.mandel_on, [(self.tr("Render on processes"), "processes"),
                                    (self.tr("Render on the cluster"), "cluster")])
        self.mandel_on.setToolTip(self.tr("The cluster is the Dask cluster chosen in Preferences"))
        self.mandel_on.setAccessibleName(self.tr("Render on"))
        for label, text in zip(self.labels, (self.tr("Elements"), self.tr("Kernel"), self.tr("Workers"),
                                             self.tr("Run on"))):
            label.setText(text)
        fill_combo(self.kernel, [(ENGINE.tr(arrays.KERNEL_NAMES[k]), k) for k in arrays.KERNELS])
        fill_combo(self.executor, [(self.tr("Processes + shared memory"), "processes"),
                                  (self.tr("Threads, one array"), "threads"), (self.tr("Single (baseline)"), "single")])
        if self.chart is not None:
            self.chart.setLabel("left", self.tr("compute time"), units="s")  # "(ms)", never "(x0.001)"
        if self.history:
            self.show_result(self.history[-1])
            self.draw_history()
        self.validate()

    # -- the fill job ------------------------------------------------------------------------------
    def make_request(self) -> arrays.FillRequest:
        return arrays.FillRequest.from_text(self.size.text(), kernel=self.kernel.currentData() or "squares",
                                            workers=self.workers.value(),
                                            executor=self.executor.currentData() or "processes")

    def launch(self, request: arrays.FillRequest) -> Job:
        return arrays.start_fill_job(self.runner, request, baselines=self.services.baselines)

    def on_started(self, job: Job) -> None:
        self.result.setText(self.tr("Working…"))

    def on_done(self, result: arrays.FillResult) -> None:
        self.history.append(result)
        self.show_result(result)
        self.draw_history()

    def show_result(self, r: arrays.FillResult) -> None:
        text = self.tr("{kernel} over {n} elements: {result!r}").format(
            kernel=ENGINE.tr(arrays.KERNEL_NAMES[r.kernel]), n=f"{r.n:,}", result=r.result)
        if r.exact is not None:
            verdict = (self.tr("matches the closed form") if r.exact_matches_closed_form
                       else self.tr("DIFFERS from the closed form"))
            text += "\n" + self.tr("exact sum {exact} ({verdict}); floating-point relative error {err:.1e}").format(
                exact=r.exact, err=r.relative_error, verdict=verdict)
        # one line for the time and the bytes: a line more makes the column taller than the first-run window
        text += "\n" + self.tr("{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s); {mb} MB "
                               "written at {gbps:.2f} GB/s").format(
            seconds=r.seconds, startup=r.startup_seconds, compute=r.compute_seconds, gbps=r.gbps or 0,
            mb=f"{r.bytes_written / 1e6:,.0f}")
        if r.speedup is not None:
            text += "\n" + self.tr("speed-up {x:.2f}× against one process ({base:.3f} s, measured earlier in "
                                   "this session); efficiency {eff:.0%} per worker").format(
                x=r.speedup, base=r.baseline_seconds, eff=r.efficiency)
        elif r.executor != "single":
            text += "\n" + self.tr("Run it once on Single (baseline) to see the speed-up against one process.")
        self.result.setText(text)

    def draw_history(self) -> None:
        import pyqtgraph as pg

        if self.chart is None:
            self.chart = pg.PlotWidget(self)
            self.chart.setLabel("left", self.tr("compute time"), units="s")
            style_plot(self.chart)  # the theme's colours, light or dark, from the start
            self.chart.setMinimumHeight(100)  # beside the result in a first-run window: the column fits whole
            self.chart_holder.addWidget(self.chart, 1)
            self.chart_hint.hide()
        last = self.history[-8:]
        self.chart.clear()
        self.chart.addItem(pg.BarGraphItem(x=list(range(len(last))), height=[r.compute_seconds for r in last],
                                           width=0.6, brush="#2c7fb8"))
        self.chart.getAxis("bottom").setTicks([[(i, f"{executor_label(r.executor)}×{r.workers}")
                                                for i, r in enumerate(last)]])

    # -- Mandelbrot --------------------------------------------------------------------------------
    def render(self) -> Job | None:
        """Render the current view at the widget's size; a render still running is cancelled."""
        if self.mandel_request is None:
            self.mandel_request = arrays.MandelbrotRequest.for_view(self.view.width(), self.view.height())
        executor = self.mandel_on.currentData() or "processes"
        self.mandel_request = self.mandel_request.with_options(max_iter=self.mandel_iter.value(),
                                                               workers=self.workers.value(), executor=executor)
        if executor == "cluster":
            try:
                self.services.use_cluster()
            except UserError as exc:
                self.mandel_status.setText(failure_text(exc.message))
                return None
        job = arrays.start_mandelbrot_job(self.runner, self.mandel_request, release=self.view.freeze)
        self.render_slot.run(job)
        self.view.show_live(job)
        return job

    def zoom(self, fx: float, fy: float, factor: float) -> None:
        if self.mandel_request is not None:
            self.mandel_request = self.mandel_request.zoom(fx, fy, factor)
            self.render()

    def reset_view(self) -> None:
        self.mandel_request = None
        self.render()

    def on_view_size(self, width: int, height: int) -> None:
        """First shown, or resized: render for the new size (same place, same extent across)."""
        if self.mandel_request is None:
            self.mandel_request = arrays.MandelbrotRequest.for_view(width, height)
        else:
            self.mandel_request = self.mandel_request.resized(width, height)
        self.render()

    def _render_progress(self, job: Job) -> None:
        self.view.show_live(job)  # the job made its image on its first step
        self.view.update()
        self.mandel_status.setText(self.tr("{rows} of {height} rows").format(rows=job.partial.rows_done,
                                                                            height=job.request.height))

    def _rendered(self, result: arrays.MandelbrotResult) -> None:
        self.view.update()
        self.mandel_status.setText(self.tr("Rendered in {s:.2f} s").format(s=result.seconds))

    def _render_failed(self, message) -> None:
        self.mandel_status.setText(failure_text(message))

    def _render_cancelled(self) -> None:
        self.mandel_status.setText(self.tr("Render cancelled"))
