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

from gui.panels.base import JobPanel
from workers import arrays
from workers.jobs import UserError
from workers.primes import parse_bound

EXECUTORS = ("processes", "threads", "single")


class ArraysPanel(JobPanel):
    kinds = ("shm",)

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.job = None
        self.history: list[tuple[str, float]] = []
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
        self.size.textChanged.connect(self.validate)
        self.kernel.currentIndexChanged.connect(self.validate)
        self.start.clicked.connect(self.on_start)
        self.cancel.clicked.connect(lambda: self.job is not None and self.runner.cancel(self.job))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
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
            arrays.check_size(parse_bound(self.size.text(), "array size", maximum=10**18), self.kernel.currentText())
            message = ""
        except UserError as exc:
            message = str(exc)
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
        self.job = arrays.start_fill_job(self.runner, parse_bound(self.size.text(), "array size", maximum=10**18),
                                         self.kernel.currentText(), self.workers.value(), executor)
        self.result.setText(self.tr("Working…"))
        self.validate()

    def update_view(self) -> None:
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
            self.result.setText(text)
            self.history.append((f"{r['executor']}×{r['workers']}", r["compute_seconds"]))
            self.draw_history()
        elif job.state.value == "cancelled":
            self.result.setText(self.tr("Cancelled."))
        else:
            self.result.setText(self.tr("Failed: {error}").format(error=job.error))
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
