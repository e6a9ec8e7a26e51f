"""The Shared-memory panel: size, kernel, workers, executor; progress, exact result, timings chart."""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
)

from tributary.gui.i18n import ENGINE
from tributary.gui.mandelbrot_view import MandelbrotView
from tributary.gui.panels.base import JobPanel
from tributary.workers import arrays
from tributary.workers.jobs import QT_TRANSLATE_NOOP, Message, UserError
from tributary.workers.primes import parse_bound

EXECUTORS = ("processes", "threads", "single")
SIZE = Message(QT_TRANSLATE_NOOP("Engine", "array size"))


class ArraysPanel(JobPanel):
    kinds = ("shm", "mandelbrot")

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.job = None
        self.history: list[tuple[str, float]] = []
        self.baselines: dict[tuple[int, str], float] = {}  # (n, kernel) → single-process compute seconds
        form = QFormLayout()
        self.size = QLineEdit("1e7", self)
        self.size_error = QLabel(self)
        self.size_error.setStyleSheet("color: #c0392b")
        self.kernel = QComboBox(self)
        self.kernel.addItems(list(arrays.KERNELS))
        self.workers = QSpinBox(self)
        self.workers.setRange(1, os.cpu_count() or 1)
        self.workers.setValue(os.cpu_count() or 1)
        self.executor = QComboBox(self)
        self.labels = [QLabel(self) for _ in range(4)]
        form.addRow(self.labels[0], self.size)
        form.addRow("", self.size_error)
        form.addRow(self.labels[1], self.kernel)
        form.addRow(self.labels[2], self.workers)
        form.addRow(self.labels[3], self.executor)
        self.start = QPushButton(self)
        self.cancel = QPushButton(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addWidget(self.cancel)
        row.addWidget(self.progress, 1)
        self.body.addLayout(form)
        self.body.addLayout(row)
        self.body.addWidget(self.result)
        self.chart = None
        self.chart_holder = QHBoxLayout()
        self.body.addLayout(self.chart_holder, 1)
        # -- Mandelbrot: rows rendered in parallel into a shared image --
        self.mandel_iter = QSpinBox(self)
        self.mandel_iter.setRange(20, 5000)
        self.mandel_iter.setValue(200)
        self.mandel_render = QPushButton(self)
        self.mandel_reset = QPushButton(self)
        self.mandel_status = QLabel(self)
        self.mandel_iter_label = QLabel(self)
        mrow = QHBoxLayout()
        mrow.addWidget(self.mandel_iter_label)
        mrow.addWidget(self.mandel_iter)
        mrow.addWidget(self.mandel_render)
        mrow.addWidget(self.mandel_reset)
        mrow.addWidget(self.mandel_status, 1)
        self.body.addLayout(mrow)
        self.view = MandelbrotView(self)
        self.chart_holder.addWidget(self.view, 2)
        self.mandel_job = None
        self._mandel_rows = -1
        self.center, self.scale = arrays.MandelbrotRequest.center, None
        self.mandel_render.clicked.connect(lambda: self.render())
        self.mandel_reset.clicked.connect(self.reset_view)
        self.view.zoom_requested.connect(self.zoom)
        self.size.textChanged.connect(self.validate)
        self.kernel.currentIndexChanged.connect(self.validate)
        self.start.clicked.connect(self.on_start)
        self.cancel.clicked.connect(lambda: self.job is not None and self.runner.cancel(self.job))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.mandel_iter_label.setText(self.tr("Mandelbrot iterations"))
        self.mandel_render.setText(self.tr("Render"))
        self.mandel_reset.setText(self.tr("Reset view"))
        self.view.setToolTip(self.tr("Left click zooms in, right click zooms out"))
        for label, text in zip(self.labels, (self.tr("Elements"), self.tr("Kernel"), self.tr("Workers"),
                                             self.tr("Run on"))):
            label.setText(text)
        index = self.executor.currentIndex()
        self.executor.clear()
        self.executor.addItems([self.tr("Processes + shared memory"), self.tr("Threads, one array"),
                                self.tr("Single (baseline)")])
        self.executor.setCurrentIndex(max(0, index))
        self.start.setText(self.tr("Start"))
        self.cancel.setText(self.tr("Cancel"))
        self.validate()

    def validate(self) -> bool:
        try:
            arrays.check_size(parse_bound(self.size.text(), SIZE, maximum=10**18), self.kernel.currentText())
            message = ""
        except UserError as exc:
            message = ENGINE.tr(exc.message)
        self.size_error.setText(message)
        self.size_error.setVisible(bool(message))
        self.size.setStyleSheet("border: 1px solid #c0392b" if message else "")
        running = self.job is not None and not self.job.state.finished
        self.start.setEnabled(not message and not running)
        self.cancel.setEnabled(running)
        return not message

    def on_start(self) -> None:
        if not self.validate():
            return
        executor = EXECUTORS[max(0, self.executor.currentIndex())]
        self.job = arrays.start_fill_job(self.runner, parse_bound(self.size.text(), SIZE, maximum=10**18),
                                         self.kernel.currentText(), self.workers.value(), executor)
        self.result.setText(self.tr("Working…"))
        self.validate()

    # -- Mandelbrot ------------------------------------------------------------------------------
    def render(self):
        """Start a render of the current view at the widget's size; a running one is cancelled."""
        if self.mandel_job is not None and not self.mandel_job.state.finished:
            self.runner.cancel(self.mandel_job)
        width = max(64, min(1280, self.view.width()))
        height = max(48, min(960, self.view.height()))
        if self.scale is None:
            self.scale = 3.2 / width
        req = arrays.MandelbrotRequest(width=width, height=height, center=self.center, scale=self.scale,
                                       max_iter=self.mandel_iter.value(), workers=self.workers.value())
        self.mandel_job = arrays.start_mandelbrot_job(self.runner, req, release=self.view.freeze)
        self._mandel_rows = -1
        self.view.show_live(self.mandel_job)
        return self.mandel_job

    def zoom(self, fx: float, fy: float, factor: float) -> None:
        req = self.mandel_job.request if self.mandel_job is not None else None
        if req is None:
            return
        cx = req.center[0] + (fx - 0.5) * req.width * req.scale
        cy = req.center[1] + (fy - 0.5) * req.height * req.scale
        self.center, self.scale = (cx, cy), req.scale * factor
        self.render()

    def reset_view(self) -> None:
        self.center, self.scale = arrays.MandelbrotRequest.center, None
        self.render()

    def update_mandelbrot(self) -> None:
        job = self.mandel_job
        if job is None:
            return
        if job.rows_done != self._mandel_rows:
            self._mandel_rows = job.rows_done
            self.view.update()
        if job.state.finished:
            text = {"done": self.tr("Rendered in {s:.2f} s"), "cancelled": self.tr("Render cancelled"),
                    "failed": self.tr("Render failed: {e}")}[job.state.value]
        else:
            text = self.tr("{rows} of {height} rows")
        self.mandel_status.setText(text.format(s=job.seconds or 0, e=ENGINE.tr(job.error), rows=job.rows_done,
                                               height=job.request.height))

    def update_view(self) -> None:
        self.update_mandelbrot()
        job = self.job
        if job is None:
            return
        self.progress.setValue(int(job.progress * 1000))
        if not job.state.finished:
            return
        self.job = None
        if job.state.value == "done":
            r = job.result
            text = self.tr("{kernel} over {n} elements: {result!r}").format(kernel=r["kernel"], n=f"{r['n']:,}",
                                                                           result=r["result"])
            if "exact" in r:
                text += "\n" + self.tr("exact sum {exact} ({verdict}); floating-point relative error {err:.1e}").format(
                    exact=r["exact"], err=r["relative_error"],
                    verdict=self.tr("matches the closed form") if r["exact_matches_closed_form"]
                    else self.tr("DIFFERS from the closed form"))
            text += "\n" + self.tr("{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), "
                                   "{gbps:.2f} GB/s").format(seconds=r["seconds"], startup=r["startup_seconds"],
                                                            compute=r["compute_seconds"], gbps=r["gbps"] or 0)
            baseline = self.baselines.get((r["n"], r["kernel"]))
            if r["executor"] == "single":
                self.baselines[(r["n"], r["kernel"])] = r["compute_seconds"]
            elif baseline:
                text += "\n" + self.tr("speed-up {x:.2f}× against one process ({base:.3f} s, measured earlier in "
                                       "this session)").format(x=baseline / r["compute_seconds"], base=baseline)
            self.result.setText(text)
            self.history.append((f"{r['executor']}×{r['workers']}", r["compute_seconds"]))
            self.draw_history()
        elif job.state.value == "cancelled":
            self.result.setText(self.tr("Cancelled."))
        else:
            self.result.setText(self.tr("Failed: {error}").format(error=ENGINE.tr(job.error)))
        self.validate()

    def draw_history(self) -> None:
        import pyqtgraph as pg

        if self.chart is None:
            self.chart = pg.PlotWidget(self)
            self.chart.setBackground("w")
            self.chart.setLabel("left", self.tr("compute seconds"))
            self.chart_holder.addWidget(self.chart)
        last = self.history[-8:]
        self.chart.clear()
        self.chart.addItem(pg.BarGraphItem(x=list(range(len(last))), height=[s for _, s in last], width=0.6,
                                           brush="#2c7fb8"))
        self.chart.getAxis("bottom").setTicks([[(i, name) for i, (name, _) in enumerate(last)]])
