"""The Primes panel: a range, a mode, workers and executor; progress, result, density and scaling charts.

Widgets → :meth:`PrimeRequest.from_text <tributary.workers.primes.PrimeRequest.from_text>`; the running
tally's density series and the finished :class:`~tributary.workers.primes.PrimeResult` (or scaling
series) → widgets. The panel computes nothing and never reads a widget to interpret a result.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from tributary.gui.panels.base import JobPanel, fill_combo
from tributary.gui.theme import style_plot
from tributary.gui.widgets import ToneLabel
from tributary.workers import primes
from tributary.workers.jobs import Job


class PrimesPanel(JobPanel):
    kinds = ("primes", "scaling")

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.last_result: primes.PrimeResult | None = None
        self.shown: primes.PrimeResult | primes.ScalingSeries | None = None  # what the result area shows
        self.chart = None
        self.scaling_chart = None
        self._density_shown = -1
        self._build_inputs()
        self._build_actions()
        self._build_output()
        self._connect()
        self.tab_order(self.low, self.high, self.mode, self.output, self.browse, self.workers, self.executor,
                       self.twins, self.start, self.cancel, self.scaling, self.export, self.copy)
        self.retranslate()

    # -- building ----------------------------------------------------------------------------------
    def _build_inputs(self) -> None:
        self.low = QLineEdit("0", self)
        self.high = QLineEdit("1e9", self)
        self.mode = QComboBox(self)
        self.output = QLineEdit(self)
        self.browse = QPushButton(self)
        self.twins = QCheckBox(self)
        self.twins.setChecked(True)
        self.workers = QSpinBox(self)
        self.workers.setRange(1, os.cpu_count() or 1)
        self.workers.setValue(os.cpu_count() or 1)
        self.executor = QComboBox(self)
        self.low_error = self.field_error("low", self.low)
        self.high_error = self.field_error("high", self.high)
        self.output_error = self.field_error("output", self.output)
        self.labels = [QLabel(self) for _ in range(6)]
        out_row = QHBoxLayout()
        out_row.addWidget(self.output)
        out_row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.labels[0], self.low)
        form.addRow("", self.low_error)
        form.addRow(self.labels[1], self.high)
        form.addRow("", self.high_error)
        form.addRow(self.labels[2], self.mode)
        form.addRow(self.labels[3], out_row)
        form.addRow("", self.output_error)
        form.addRow(self.labels[4], self.workers)
        form.addRow(self.labels[5], self.executor)
        form.addRow("", self.twins)
        self.controls, self.content = self.side_by_side()  # the charts are the main thing: full height
        self.controls.addLayout(form)

    def _build_actions(self) -> None:
        self.scaling = QPushButton(self)
        self.export = QPushButton(self)
        self.copy = QPushButton(self)
        first = QHBoxLayout()
        for button in (self.start, self.cancel, self.scaling):
            first.addWidget(button)
        first.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(self.progress, 1)
        second.addWidget(self.export)
        second.addWidget(self.copy)
        self.controls.addLayout(first)
        self.controls.addLayout(second)
        self.controls.addWidget(self.form_error)

    def _build_output(self) -> None:
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.controls.addWidget(self.result)
        self.controls.addStretch(1)
        self.chart_hint = ToneLabel("muted", self)  # what the empty chart area will show
        self.chart_hint.setObjectName("chartHint")
        self.chart_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_holder = QVBoxLayout()  # the density chart, the scaling chart below it
        self.chart_holder.addWidget(self.chart_hint, 1)
        self.content.addLayout(self.chart_holder, 1)

    def _connect(self) -> None:
        for edit in (self.low, self.high, self.output):
            edit.textChanged.connect(self.validate)
        for combo in (self.mode, self.executor):
            combo.currentIndexChanged.connect(self.validate)
        self.workers.valueChanged.connect(self.validate)
        self.browse.clicked.connect(self.choose_output)
        self.scaling.clicked.connect(self.run_scaling)
        self.export.clicked.connect(self.choose_export)
        self.copy.clicked.connect(self.copy_result)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        for label, text in zip(self.labels, (self.tr("Lower bound"), self.tr("Upper bound"), self.tr("Mode"),
                                             self.tr("Output file"), self.tr("Workers"), self.tr("Run on"))):
            label.setText(text)
        self.low.setToolTip(self.tr("Inclusive; accepts 1e9, 10^12, 2**40, 1,000,000"))
        self.high.setToolTip(self.tr("Inclusive; at most 10^15"))
        fill_combo(self.mode, [(self.tr("Count"), "count"), (self.tr("List to file"), "list")])
        fill_combo(self.executor, [(self.tr("Processes"), "processes"), (self.tr("Threads (GIL-bound)"), "threads")])
        self.twins.setText(self.tr("Also count twin primes"))
        self.browse.setText(self.tr("Browse…"))
        self.scaling.setText(self.tr("Scaling run"))
        self.scaling.setToolTip(self.tr("Count the range with 1, 2, … workers and plot the speed-up"))
        self.export.setText(self.tr("Export…"))
        self.copy.setText(self.tr("Copy"))
        self.chart_hint.setText(self.tr("Start a count: the primes per stretch of the range appear here next to "
                                        "the x / ln x estimate. A scaling run plots its speed-up here too."))
        self._label_charts()
        if isinstance(self.shown, primes.PrimeResult):
            self.show_result(self.shown)
        elif isinstance(self.shown, primes.ScalingSeries):
            self.show_scaling(self.shown.points)
        self.validate()

    # -- widgets → request ---------------------------------------------------------------------
    def make_request(self) -> primes.PrimeRequest:
        output = self.output.text()
        return primes.PrimeRequest.from_text(
            self.low.text(), self.high.text(), mode=self.mode.currentData() or "count", output=output,
            workers=self.workers.value(), executor=self.executor.currentData() or "processes",
            twins=self.twins.isChecked(),
            # only a file chosen in the save dialog (which asked before choosing an existing one) is replaced
            overwrite=bool(output.strip()) and output.strip() == getattr(self, "confirmed_output", None))

    def launch(self, request: primes.PrimeRequest) -> Job:
        return primes.start_job(self.runner, request)

    def controls_changed(self, busy: bool) -> None:
        listing = self.mode.currentData() == "list"
        self.output.setEnabled(listing)
        self.browse.setEnabled(listing)
        self.scaling.setEnabled(self.valid and not busy and not listing)
        self.export.setEnabled(self.last_result is not None)
        self.copy.setEnabled(self.last_result is not None)

    def choose_output(self) -> None:
        dialog = QFileDialog(self, self.tr("List primes into"), self.output.text() or "primes.txt",
                             self.tr("Text (*.txt);;CSV (*.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(self.output.setText)
        # the save dialog asked before choosing an existing file: that file may be replaced
        dialog.fileSelected.connect(lambda path: setattr(self, "confirmed_output", path))
        dialog.open()

    def run_scaling(self) -> Job | None:
        """Count the current range with 1…N workers (N = the Workers field) and plot the speed-up."""
        if not self.validate() or self.mode.currentData() == "list":
            return None
        return self.run_job(primes.start_scaling_job(self.runner, self.make_request()))

    # -- job → widgets -------------------------------------------------------------------------
    def on_started(self, job: Job) -> None:
        self._density_shown = -1
        if job.kind == "scaling":
            self.result.setText(self.tr("Measuring the speed-up…"))
        else:
            self.result.setText(self.tr("Sieving…"))

    def on_progress(self, job: Job) -> None:
        partial = job.partial
        if isinstance(partial, primes.PrimeTally):
            density = partial.density()
            if len(density) != self._density_shown:
                self._density_shown = len(density)
                self.draw_density(density)
        elif isinstance(partial, primes.ScalingSeries) and partial.points:
            self.draw_scaling(partial.points)

    def on_done(self, result) -> None:
        self.shown = result
        if isinstance(result, primes.ScalingSeries):
            self.draw_scaling(result.points)
            return
        self.last_result = result
        self.show_result(result)
        self.draw_density(result.density)
        self.sync_controls()

    def show_result(self, r: primes.PrimeResult) -> None:
        text = self.tr("{count} primes in [{low}, {high}]").format(count=f"{r.count:,}", low=f"{r.low:,}",
                                                                   high=f"{r.high:,}")
        if r.twins is not None:
            text += self.tr("; {twins} twin pairs").format(twins=f"{r.twins:,}")
        if r.first is not None:
            text += "\n" + self.tr("first {first}, last {last}").format(first=r.first, last=r.last)
        else:
            text += "\n" + self.tr("no prime in this range")
        rate = f"{r.numbers_per_second:,.0f}" if r.numbers_per_second else "–"
        text += "\n" + self.tr("{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s)").format(
            seconds=r.seconds, startup=r.startup_seconds, compute=r.compute_seconds)
        text += "\n" + self.tr("{rate} numbers/s").format(rate=rate)  # its own line: never cut at "/"
        if r.listing:
            text += "\n" + self.tr("listed in {path}").format(path=r.listing)
        self.result.setText(text)

    # -- charts ----------------------------------------------------------------------------------
    def draw_density(self, density: primes.Density) -> None:
        if not len(density):
            return
        if self.chart is None:
            import pyqtgraph as pg  # heavy: imported when first needed

            self.chart = pg.PlotWidget(self)
            self.chart.addLegend(offset=(-10, 10))  # top right: the curve falls from the top left
            self._bars = self.chart.plot([], [], pen=pg.mkPen("#2c7fb8", width=2), name="bars")
            self._est = self.chart.plot([], [], pen=pg.mkPen("#e6550d", width=1, style=Qt.PenStyle.DashLine),
                                        name="x / ln x")
            self._label_charts()
            style_plot(self.chart)  # the theme's colours, light or dark, from the start
            self.chart_holder.addWidget(self.chart, 1)
            self.chart_hint.hide()
        mids = density.mids
        self._bars.setData(mids, list(density.counts))
        self._est.setData(mids, list(density.estimates))

    def draw_scaling(self, points: list[primes.ScalingPoint]) -> None:
        import pyqtgraph as pg

        if self.scaling_chart is None:
            self.scaling_chart = pg.PlotWidget(self)
            self.scaling_chart.addLegend()
            self._ideal = self.scaling_chart.plot([], [], pen=pg.mkPen("#999", style=Qt.PenStyle.DashLine), name="ideal")
            self._measured = self.scaling_chart.plot([], [], pen=pg.mkPen("#31a354", width=2), symbol="o",
                                                     name="measured")
            self._label_charts()
            style_plot(self.scaling_chart)
            self.chart_holder.addWidget(self.scaling_chart, 1)
            self.chart_hint.hide()
        xs = [p.workers for p in points]
        self._ideal.setData(xs, xs)
        self._measured.setData(xs, [p.speedup for p in points])
        self.show_scaling(points)

    def show_scaling(self, points: list[primes.ScalingPoint]) -> None:
        self.result.setText("\n".join(self.tr("{w} worker(s): {s:.3f} s, speed-up {x:.2f}×").format(
            w=p.workers, s=p.seconds, x=p.speedup) for p in points))

    def _label_charts(self) -> None:
        """Axis titles and legend entries in the current language (again after a language switch)."""
        if self.chart is not None:
            self.chart.getPlotItem().legend.getLabel(self._bars).setText(self.tr("primes per bucket"))
        if self.scaling_chart is not None:
            self.scaling_chart.setLabel("bottom", self.tr("workers"))
            self.scaling_chart.setLabel("left", self.tr("speed-up"))
            legend = self.scaling_chart.getPlotItem().legend
            legend.getLabel(self._ideal).setText(self.tr("ideal"))
            legend.getLabel(self._measured).setText(self.tr("measured"))

    # -- export, clipboard -----------------------------------------------------------------------
    def choose_export(self) -> None:
        dialog = QFileDialog(self, self.tr("Export the result"), "primes.csv", self.tr("CSV (*.csv);;Text (*.txt)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(self.export_to)
        dialog.open()

    def export_to(self, path: str) -> None:
        if self.last_result is not None:
            self.last_result.export(path)

    def copy_result(self) -> None:
        if self.last_result is not None:
            QApplication.clipboard().setText(self.last_result.to_tsv())
