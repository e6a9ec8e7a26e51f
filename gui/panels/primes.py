"""The Primes panel: a range (or a start and N), a mode, workers, where to run and which kernel; progress,
result, the kernel that ran, density and scaling charts.

Widgets → :meth:`PrimeRequest.from_text <tributary.workers.primes.PrimeRequest.from_text>`; the running
tally's density series and the finished :class:`~tributary.workers.primes.PrimeResult` (or
:class:`~tributary.workers.scaling.ScalingSeries`, with its GIL explanation) → widgets. "Run on: Cluster"
takes the Dask cluster the preferences name from the services; it is started or reached by the job, off
the GUI thread. The panel computes nothing and never reads a widget to interpret a result.
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
    QWidget,
)

from tributary.gui.i18n import ENGINE
from tributary.gui.panels.base import JobPanel, fill_combo
from tributary.gui.theme import style_plot
from tributary.gui.widgets import ToneLabel
from tributary.workers import primes, scaling
from tributary.workers.jobs import Job

SERIES_PENS = {"processes/C": "#2c7fb8", "threads/C": "#31a354", "threads/numpy": "#e6550d",
               "processes/numpy": "#756bb1"}


class PrimesPanel(JobPanel):
    kinds = ("primes", "scaling")

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.last_result: primes.PrimeResult | None = None
        self.last_series: scaling.ScalingSeries | None = None
        self.chart = None
        self.scaling_chart = None
        self._series_curves: dict = {}
        self._latest = None  # the result or series shown last
        self._density_shown = -1
        self._build_inputs()
        self._build_actions()
        self._build_output()
        self._connect()
        self.tab_order(self.low, self.high, self.mode, self.nth, self.output, self.browse, self.workers,
                       self.executor, self.kernel, self.twins, self.start, self.cancel, self.scaling, self.export,
                       self.copy)
        self.retranslate()

    # -- building ----------------------------------------------------------------------------------
    def _build_inputs(self) -> None:
        self.low = QLineEdit("0", self)
        self.high = QLineEdit("1e9", self)
        self.mode = QComboBox(self)
        self.nth = QLineEdit("1e6", self)
        self.output = QLineEdit(self)
        self.browse = QPushButton(self)
        self.twins = QCheckBox(self)
        self.twins.setChecked(True)
        self.workers = QSpinBox(self)
        self.workers.setRange(1, os.cpu_count() or 1)
        self.workers.setValue(os.cpu_count() or 1)
        self.executor = QComboBox(self)
        self.kernel = QComboBox(self)
        self.low_error = self.field_error("low", self.low)
        self.high_error = self.field_error("high", self.high)
        self.nth_error = self.field_error("nth", self.nth)
        self.output_error = self.field_error("output", self.output)
        self.executor_error = self.field_error("scheduler", self.executor)  # the cluster could not be reached
        self.kernel_error = self.field_error("kernel", self.kernel)
        self.labels = [QLabel(self) for _ in range(8)]
        out_row = QHBoxLayout()
        out_row.addWidget(self.output)
        out_row.addWidget(self.browse)
        self.form = form = QFormLayout()
        self.out_row = out_row
        for label, field, error in ((self.labels[0], self.low, self.low_error),
                                    (self.labels[1], self.high, self.high_error),
                                    (self.labels[2], self.mode, None), (self.labels[3], self.nth, self.nth_error),
                                    (self.labels[4], out_row, self.output_error), (self.labels[5], self.workers, None),
                                    (self.labels[6], self.executor, self.executor_error),
                                    (self.labels[7], self.kernel, self.kernel_error)):
            form.addRow(label, field)
            if error is not None:
                form.addRow("", error)
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
        self.kernel_used = QLabel(self)  # which kernel ran (and why the C kernel did not, where it did not)
        self.kernel_used.setWordWrap(True)
        self.kernel_used.hide()  # until a result says which kernel ran
        self.kernel_used.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.controls.addWidget(self.kernel_used)
        self.controls.addStretch(1)
        self.chart_hint = ToneLabel("muted", self)  # what the empty chart area will show
        self.chart_hint.setObjectName("chartHint")
        self.chart_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_holder = QVBoxLayout()  # the density chart, the scaling chart (and its explanation) below it
        self.chart_holder.addWidget(self.chart_hint, 1)
        self.content.addLayout(self.chart_holder, 1)

    def _connect(self) -> None:
        for edit in (self.low, self.high, self.nth, self.output):
            edit.textChanged.connect(self.validate)
        for combo in (self.mode, self.executor, self.kernel):
            combo.currentIndexChanged.connect(self.validate)
        self.mode.currentIndexChanged.connect(self._mode_texts)
        self.mode.currentIndexChanged.connect(self._mode_rows)
        self.workers.valueChanged.connect(self.validate)
        self.browse.clicked.connect(self.choose_output)
        self.scaling.clicked.connect(self.run_scaling)
        self.export.clicked.connect(self.choose_export)
        self.copy.clicked.connect(self.copy_result)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        for label, text in zip(self.labels[1:], (self.tr("Upper bound"), self.tr("Mode"), self.tr("N"),
                                                 self.tr("Output file"), self.tr("Workers"), self.tr("Run on"),
                                                 self.tr("Kernel"))):
            label.setText(text)
        self.low.setToolTip(self.tr("Inclusive; accepts 1e9, 10^12, 2**40, 1,000,000"))
        self.high.setToolTip(self.tr("Inclusive; at most 10^15"))
        self.nth.setToolTip(self.tr("Find the N-th prime greater than the start, e.g. 1e6"))
        fill_combo(self.mode, [(self.tr("Count"), "count"), (self.tr("List to file"), "list"),
                               (self.tr("N-th prime"), "nth")])
        fill_combo(self.executor, [(self.tr("Processes"), "processes"), (self.tr("Threads"), "threads"),
                                   (self.tr("Cluster"), "cluster")])
        self.executor.setToolTip(self.tr("Cluster: the Dask cluster chosen in Preferences (a local one by default)"))
        fill_combo(self.kernel, [(self.tr("Auto"), "auto"), (self.tr("libprimesieve (C)"), "libprimesieve"),
                                 (self.tr("numpy"), "numpy")])
        self.kernel.setToolTip(self.tr("Auto runs libprimesieve where it is installed, else the numpy sieve"))
        self.twins.setText(self.tr("Also count twin primes"))
        self.browse.setText(self.tr("Browse…"))
        self.scaling.setText(self.tr("Scaling run"))
        self.scaling.setToolTip(self.tr("Count the range with 1, 2, … workers on processes and threads (C kernel) "
                                        "and on threads with numpy, and plot the speed-ups"))
        self.export.setText(self.tr("Export…"))
        self.copy.setText(self.tr("Copy"))
        self.chart_hint.setText(self.tr("Start a count: the primes per stretch of the range appear here next to "
                                        "the x / ln x estimate. A scaling run plots its speed-up here too."))
        self._mode_texts()
        self._mode_rows()
        self._label_charts()
        shown = [r for r in (self.last_series, self.last_result) if r is not None]
        for r in sorted(shown, key=lambda r: r is self._latest):  # the latest last: its text stays shown
            if isinstance(r, scaling.ScalingSeries):
                self.draw_scaling(r)
            else:
                self.show_result(r)
        self._show_chart(self._chart_of(self._latest))
        self.validate()

    def _mode_texts(self) -> None:
        nth = self.mode.currentData() == "nth"
        self.labels[0].setText(self.tr("Start after") if nth else self.tr("Lower bound"))

    def _mode_rows(self) -> None:
        """Only the rows the mode uses are shown: every field of every mode would make the column (and so
        the window's smallest height) two rows taller."""
        mode = self.mode.currentData() or "count"
        self.form.setRowVisible(self.high, mode != "nth")
        self.form.setRowVisible(self.nth, mode == "nth")
        self.form.setRowVisible(self.out_row, mode == "list")

    # -- widgets → request ---------------------------------------------------------------------
    def make_request(self) -> primes.PrimeRequest:
        output = self.output.text()
        return primes.PrimeRequest.from_text(
            self.low.text(), self.high.text(), mode=self.mode.currentData() or "count", output=output,
            workers=self.workers.value(), executor=self.executor.currentData() or "processes",
            twins=self.twins.isChecked(), kernel=self.kernel.currentData() or "auto", nth=self.nth.text(),
            # only a file chosen in the save dialog (which asked before choosing an existing one) is replaced
            overwrite=bool(output.strip()) and output.strip() == getattr(self, "confirmed_output", None))

    def launch(self, request: primes.PrimeRequest) -> Job:
        if request.executor == "cluster":
            self.services.use_cluster()  # raises UserError(field="scheduler") for an unusable address
        return primes.start_job(self.runner, request)

    def controls_changed(self, busy: bool) -> None:
        mode = self.mode.currentData()
        self.output.setEnabled(mode == "list")
        self.browse.setEnabled(mode == "list")
        self.nth.setEnabled(mode == "nth")
        self.high.setEnabled(mode != "nth")
        self.twins.setEnabled(mode != "nth")
        self.scaling.setEnabled(self.valid and not busy and mode == "count")
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
        """Count the current range with 1…N workers (N = the Workers field) in each series and plot them."""
        if not self.validate() or self.mode.currentData() != "count":
            return None
        return self.run_job(scaling.start_scaling_job(self.runner, self.make_request()))

    # -- job → widgets -------------------------------------------------------------------------
    def on_started(self, job: Job) -> None:
        self._density_shown = -1
        self.kernel_used.clear()
        self.kernel_used.hide()
        if job.kind == "scaling":
            self.result.setText(self.tr("Measuring the speed-up…"))
        elif job.executor == "cluster":
            cluster = self.runner.cluster
            if cluster is not None and cluster.connected:
                self.result.setText(self.tr("Sieving on the Dask cluster…"))
            elif cluster is not None and cluster.address:
                self.result.setText(self.tr("Connecting to the Dask scheduler at {address}…").format(
                    address=cluster.address))
            else:
                self.result.setText(self.tr("Starting a Dask cluster on this computer…"))
        elif job.request is not None and job.request.mode == "nth":
            self.result.setText(self.tr("Looking for the prime…"))
        else:
            self.result.setText(self.tr("Sieving…"))

    def on_progress(self, job: Job) -> None:
        partial = job.partial
        if isinstance(partial, scaling.ScalingSeries):
            if partial.points:
                self.last_series = partial  # drawn again in another language, even if the run is cancelled
                self.draw_scaling(partial)
        elif isinstance(partial, primes.PrimeTally) and job.request.mode != "nth":
            density = partial.density()
            if len(density) != self._density_shown:
                self._density_shown = len(density)
                self.draw_density(density)

    def on_done(self, result) -> None:
        self._latest = result
        if isinstance(result, scaling.ScalingSeries):
            self.last_series = result
            self.draw_scaling(result)
            return
        self.last_result = result
        self.show_result(result)
        self.draw_density(result.density)
        self._show_chart(self._chart_of(result))  # an n-th prime has none: not an older count's beside it
        self.sync_controls()

    def show_result(self, r: primes.PrimeResult) -> None:
        if r.mode == "nth":
            text = self.tr("The {n}-th prime after {after} is {prime}").format(
                n=f"{r.nth:,}", after=f"{r.low:,}", prime=f"{r.prime:,}")
        else:
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
        kernel = self.tr("Kernel: {kernel}").format(kernel=r.kernel)
        if r.kernel_note is not None:
            kernel += "\n" + ENGINE.tr(r.kernel_note)
        self.kernel_used.setText(kernel)
        self.kernel_used.show()

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
        self._show_chart("density")
        mids = density.mids
        self._bars.setData(mids, list(density.counts))
        self._est.setData(mids, list(density.estimates))

    def _scaling_widgets(self) -> None:
        import pyqtgraph as pg

        self.scaling_box = QWidget(self)  # the chart, and the words about the GIL under it
        box = QVBoxLayout(self.scaling_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.scaling_chart = pg.PlotWidget(self.scaling_box)
        self.scaling_chart.setMinimumHeight(140)  # the explanation under it takes a few lines
        self.scaling_legend = self.scaling_chart.addLegend(colCount=2)  # four entries in two rows: the curves show
        self._ideal = self.scaling_chart.plot([], [], pen=pg.mkPen("#999", style=Qt.PenStyle.DashLine))
        self.scaling_explanation = QLabel(self.scaling_box)
        self.scaling_explanation.setWordWrap(True)
        box.addWidget(self.scaling_chart, 1)
        box.addWidget(self.scaling_explanation)
        style_plot(self.scaling_chart)
        self.chart_holder.addWidget(self.scaling_box, 1)

    def draw_scaling(self, series: scaling.ScalingSeries) -> None:
        """One curve per series (speed-up against its own one worker), the ideal line, and the explanation."""
        import pyqtgraph as pg

        if self.scaling_chart is None:
            self._scaling_widgets()
        self._show_chart("scaling")
        self.scaling_chart.setLabel("bottom", self.tr("workers"))
        self.scaling_chart.setLabel("left", self.tr("speed-up"))
        by_series = series.series()
        self.scaling_legend.clear()
        xs = sorted({p.workers for p in series.points})
        self._ideal.setData(xs, xs)
        self.scaling_legend.addItem(self._ideal, self.tr("ideal"))
        lines = []
        for name, points in by_series.items():
            label = ENGINE.tr(scaling.SERIES_NAMES.get(name, name))
            curve = self._series_curves.get(name)
            if curve is None:
                curve = self._series_curves[name] = self.scaling_chart.plot(
                    [], [], pen=pg.mkPen(SERIES_PENS.get(name, "#333"), width=2), symbol="o",
                    symbolBrush=SERIES_PENS.get(name, "#333"))
            curve.setData([p.workers for p in points], [p.speedup for p in points])
            self.scaling_legend.addItem(curve, label)
            lines.append(self.tr("{series}: {points}").format(series=label, points=", ".join(
                self.tr("{w} × {s:.3f} s, speed-up {x:.2f}×").format(w=p.workers, s=p.seconds, x=p.speedup)
                for p in points)))
        self.result.setText("\n".join(lines))
        self.scaling_explanation.setText(ENGINE.tr(series.explanation))

    def _show_chart(self, which: str | None) -> None:
        """Show the chart of what the result area shows: ``"density"`` (a count or listing), ``"scaling"`` or
        ``None`` (the hint). One at a time: both, stacked beside the controls, squeezed the scaling chart so
        that its legend covered the curves."""
        if self.chart is not None:
            self.chart.setVisible(which == "density")
        if self.scaling_chart is not None:
            self.scaling_box.setVisible(which == "scaling")
        shown = {"density": self.chart, "scaling": self.scaling_chart}.get(which) if which else None
        self.chart_hint.setVisible(shown is None)

    @staticmethod
    def _chart_of(result) -> str | None:
        if isinstance(result, scaling.ScalingSeries):
            return "scaling"
        if isinstance(result, primes.PrimeResult) and result.mode != "nth" and len(result.density):
            return "density"
        return None

    def _label_charts(self) -> None:
        """Axis titles and legend entries in the current language (again after a language switch; the scaling
        chart's are set each time it is drawn)."""
        if self.chart is not None:
            self.chart.getPlotItem().legend.getLabel(self._bars).setText(self.tr("primes per bucket"))

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
