"""The Primes panel: a range, a mode, workers and executor; progress, result and density chart."""

from __future__ import annotations

import math
import os

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
)

from tributary.gui.i18n import ENGINE
from tributary.gui.panels.base import JobPanel
from tributary.workers import primes
from tributary.workers.jobs import UserError


class PrimesPanel(JobPanel):
    kinds = ("primes",)

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.job = None
        self._chart_version = -1
        form = QFormLayout()
        self.low = QLineEdit("0", self)
        self.high = QLineEdit("1e9", self)
        self.low_error = QLabel(self)
        self.high_error = QLabel(self)
        for label in (self.low_error, self.high_error):
            label.setStyleSheet("color: #c0392b")
        self.mode = QComboBox(self)
        self.output = QLineEdit(self)
        self.browse = QPushButton(self)
        self.twins = QCheckBox(self)
        self.twins.setChecked(True)
        self.workers = QSpinBox(self)
        self.workers.setRange(1, os.cpu_count() or 1)
        self.workers.setValue(os.cpu_count() or 1)
        self.executor = QComboBox(self)
        self.start = QPushButton(self)
        self.cancel = QPushButton(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(self.result.textInteractionFlags() | self.result.textInteractionFlags().TextSelectableByMouse)
        self.labels = [QLabel(self) for _ in range(6)]
        out_row = QHBoxLayout()
        out_row.addWidget(self.output)
        out_row.addWidget(self.browse)
        form.addRow(self.labels[0], self.low)
        form.addRow("", self.low_error)
        form.addRow(self.labels[1], self.high)
        form.addRow("", self.high_error)
        form.addRow(self.labels[2], self.mode)
        form.addRow(self.labels[3], out_row)
        form.addRow(self.labels[4], self.workers)
        form.addRow(self.labels[5], self.executor)
        form.addRow("", self.twins)
        self.scaling = QPushButton(self)
        self.export = QPushButton(self)
        self.copy = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.scaling)
        buttons.addWidget(self.export)
        buttons.addWidget(self.copy)
        self.body.addLayout(form)
        self.body.addLayout(buttons)
        self.body.addWidget(self.result)
        self.chart = None
        self.scaling_chart = None
        self.scaling_task = None
        self.last_result: dict | None = None
        self.chart_holder = QHBoxLayout()
        self.body.addLayout(self.chart_holder, 1)
        self.low.textChanged.connect(self.validate)
        self.high.textChanged.connect(self.validate)
        self.mode.currentIndexChanged.connect(self.validate)
        self.output.textChanged.connect(self.validate)
        self.browse.clicked.connect(self.choose_output)
        self.start.clicked.connect(self.on_start)
        self.cancel.clicked.connect(self.on_cancel)
        self.scaling.clicked.connect(self.run_scaling)
        self.export.clicked.connect(self.choose_export)
        self.copy.clicked.connect(self.copy_result)
        self.retranslate()
        self.validate()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        for label, text in zip(self.labels, (self.tr("Lower bound"), self.tr("Upper bound"), self.tr("Mode"),
                                             self.tr("Output file"), self.tr("Workers"), self.tr("Run on"))):
            label.setText(text)
        self.low.setToolTip(self.tr("Inclusive; accepts 1e9, 10^12, 2**40, 1,000,000"))
        self.high.setToolTip(self.tr("Inclusive; at most 10^15"))
        index = self.mode.currentIndex()
        self.mode.clear()
        self.mode.addItems([self.tr("Count"), self.tr("List to file")])
        self.mode.setCurrentIndex(max(0, index))
        index = self.executor.currentIndex()
        self.executor.clear()
        self.executor.addItems([self.tr("Processes"), self.tr("Threads (GIL-bound)")])
        self.executor.setCurrentIndex(max(0, index))
        self.twins.setText(self.tr("Also count twin primes"))
        self.browse.setText(self.tr("Browse…"))
        self.start.setText(self.tr("Start"))
        self.cancel.setText(self.tr("Cancel"))
        self.scaling.setText(self.tr("Scaling run"))
        self.scaling.setToolTip(self.tr("Count the range with 1, 2, … workers and plot the speed-up"))
        self.export.setText(self.tr("Export…"))
        self.copy.setText(self.tr("Copy"))
        self.validate()

    # -- input ---------------------------------------------------------------------------------
    def request(self) -> primes.PrimeRequest:
        low = primes.parse_bound(self.low.text(), primes.LOWER)
        high = primes.parse_bound(self.high.text(), primes.UPPER)
        if low > high:
            raise UserError("The lower bound is greater than the upper bound.")
        listing = self.output.text().strip() if self.mode.currentIndex() == 1 else None
        if self.mode.currentIndex() == 1 and not listing:
            raise UserError("Choose a file to list the primes into.")
        return primes.PrimeRequest(low, high, workers=self.workers.value(),
                                   executor=("processes", "threads")[max(0, self.executor.currentIndex())],
                                   listing_path=listing, twins=self.twins.isChecked(),
                                   overwrite=listing is not None and listing == getattr(self, "confirmed_output", None))

    def validate(self) -> bool:
        errors = {self.low_error: "", self.high_error: ""}
        for edit, label, what in ((self.low, self.low_error, primes.LOWER),
                                  (self.high, self.high_error, primes.UPPER)):
            try:
                primes.parse_bound(edit.text(), what)
            except UserError as exc:
                errors[label] = ENGINE.tr(exc.message)
        ok = not any(errors.values())
        if ok:
            try:
                self.request()
            except UserError as exc:
                errors[self.high_error] = ENGINE.tr(exc.message)
                ok = False
        for label, text in errors.items():
            label.setText(text)
            label.setVisible(bool(text))
        self.low.setStyleSheet("" if not errors[self.low_error] else "border: 1px solid #c0392b")
        self.high.setStyleSheet("" if not errors[self.high_error] else "border: 1px solid #c0392b")
        self.output.setEnabled(self.mode.currentIndex() == 1)
        self.browse.setEnabled(self.mode.currentIndex() == 1)
        running = self.job is not None and not self.job.state.finished
        scaling = self.scaling_task is not None and not self.scaling_task.done()
        self.start.setEnabled(ok and not running and not scaling)
        self.scaling.setEnabled(ok and not running and not scaling and self.mode.currentIndex() == 0)
        self.cancel.setEnabled(running)
        self.export.setEnabled(self.last_result is not None)
        self.copy.setEnabled(self.last_result is not None)
        return ok

    def choose_output(self) -> None:
        dialog = QFileDialog(self, self.tr("List primes into"), self.output.text() or "primes.txt",
                             self.tr("Text (*.txt);;CSV (*.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(self.output.setText)
        # the save dialog asked before choosing an existing file: that file may be replaced
        dialog.fileSelected.connect(lambda path: setattr(self, "confirmed_output", path))
        dialog.open()

    # -- running -------------------------------------------------------------------------------
    def on_start(self) -> None:
        if not self.validate():
            return
        req = self.request()
        self.job = primes.start_job(self.runner, req)
        self.result.setText(self.tr("Sieving…"))
        self.progress.setValue(0)
        self._chart_version = -1
        self.validate()

    def on_cancel(self) -> None:
        if self.job is not None:
            self.runner.cancel(self.job)

    def update_view(self) -> None:
        job = self.job
        if job is None:
            return
        self.progress.setValue(int(job.progress * 1000))
        if job.version != self._chart_version:
            self._chart_version = job.version
            self.draw_density(job)
        if job.state.finished:
            self.show_result(job)
            self.job = None
            self.validate()

    def show_result(self, job) -> None:
        if job.state.value == "done":
            r = job.result
            self.last_result = r
            rate = r["numbers_per_second"]
            text = self.tr("{count} primes in [{low}, {high}]").format(
                count=f"{r['count']:,}", low=f"{r['low']:,}", high=f"{r['high']:,}")
            if self.twins.isChecked():
                text += "; " + self.tr("{twins} twin pairs").format(twins=f"{r['twins']:,}")
            text += "\n" + self.tr("first {first}, last {last}").format(first=r["first"], last=r["last"])
            text += "\n" + self.tr("{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), "
                                   "{rate} numbers/s").format(seconds=r["seconds"], startup=r["startup_seconds"],
                                                              compute=r["compute_seconds"],
                                                              rate=f"{rate:,.0f}" if rate else "–")
            self.result.setText(text)
        elif job.state.value == "cancelled":
            self.result.setText(self.tr("Cancelled."))
        else:
            self.result.setText(self.tr("Failed: {error}").format(error=ENGINE.tr(job.error)))

    # -- scaling, export, clipboard -------------------------------------------------------------
    def run_scaling(self):
        """Count the current range with 1…N workers (N = the Workers field) and plot the speed-up."""
        import asyncio

        req = self.request()
        points: list[dict] = []

        def on_point(point: dict) -> None:
            points.append(point)
            self.draw_scaling(points)

        self.scaling_task = asyncio.ensure_future(
            primes.scaling_run(self.runner, req.low, req.high, req.workers, req.executor, on_point))
        self.scaling_task.add_done_callback(lambda _task: shiboken6.isValid(self) and self.validate())
        self.validate()
        return self.scaling_task

    def draw_scaling(self, points: list[dict]) -> None:
        import pyqtgraph as pg

        if self.scaling_chart is None:
            self.scaling_chart = pg.PlotWidget(self)
            self.scaling_chart.setBackground("w")
            self.scaling_chart.setLabel("bottom", self.tr("workers"))
            self.scaling_chart.setLabel("left", self.tr("speed-up"))
            self.scaling_chart.addLegend()
            self._ideal = self.scaling_chart.plot([], [], pen=pg.mkPen("#999", style=Qt.PenStyle.DashLine),
                                                  name=self.tr("ideal"))
            self._measured = self.scaling_chart.plot([], [], pen=pg.mkPen("#31a354", width=2), symbol="o",
                                                     name=self.tr("measured"))
            self.chart_holder.addWidget(self.scaling_chart)
        xs = [p["workers"] for p in points]
        self._ideal.setData(xs, xs)
        self._measured.setData(xs, [p["speedup"] for p in points])
        self.result.setText("\n".join(self.tr("{w} worker(s): {s:.3f} s, speed-up {x:.2f}×").format(
            w=p["workers"], s=p["seconds"], x=p["speedup"]) for p in points))

    def choose_export(self) -> None:
        dialog = QFileDialog(self, self.tr("Export the result"), "primes.csv",
                             self.tr("CSV (*.csv);;Text (*.txt)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(self.export_to)
        dialog.open()

    def export_to(self, path: str) -> None:
        if self.last_result is not None:
            primes.export_result(self.last_result, path)

    def copy_result(self) -> None:
        from PySide6.QtWidgets import QApplication

        if self.last_result is not None:
            rows = primes.result_table(self.last_result)
            QApplication.clipboard().setText(
                "\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows))

    def draw_density(self, job) -> None:
        tally = getattr(job, "tally", None)
        if tally is None or not tally.histogram or not tally.numbers_done:
            return
        if self.chart is None:
            import pyqtgraph as pg  # heavy: imported when first needed

            self.chart = pg.PlotWidget(self)
            self.chart.setBackground("w")
            self.chart.addLegend()
            self._bars = self.chart.plot([], [], pen=pg.mkPen("#2c7fb8", width=2), name=self.tr("primes per bucket"))
            self._est = self.chart.plot([], [], pen=pg.mkPen("#e6550d", width=1, style=Qt.PenStyle.DashLine), name="x / ln x")
            self.chart_holder.addWidget(self.chart)
        n = len(tally.histogram)
        width = (tally.high - tally.low + 1) / n
        xs, ys, est = [], [], []
        done_until = tally.low + tally.numbers_done
        for b, c in enumerate(tally.histogram):
            left = tally.low + b * width
            if left + width > done_until:
                break
            mid = left + width / 2
            xs.append(mid)
            ys.append(c)
            est.append(width / math.log(mid) if mid > 2 else 0)
        self._bars.setData(xs, ys)
        self._est.setData(xs, est)
