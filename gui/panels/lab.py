"""The Lab tab: pick an experiment, set its parameters, read the code it runs, run it, compare the results.

Thin on purpose: the engine (``tributary.workers.lab``) owns the parameters, the code shown, the texts and
the result's table and chart; this panel maps a form to a params object and a result to widgets. It is
built when first shown, so the window does not pay for the Lab's imports at start-up.
"""

from __future__ import annotations

import asyncio
import logging
import math

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tributary.gui.i18n import ENGINE
from tributary.gui.panels.base import JobPanel
from tributary.workers.jobs import UserError

log = logging.getLogger("tributary.lab")
COLOURS = ("#2c7fb8", "#e6550d", "#31a354", "#756bb1", "#636363", "#d62728")
ERROR_STYLE = "color: #c0392b"


class ParamsForm(QWidget):
    """One editor per parameter of a params dataclass, with its error under it."""

    def __init__(self, experiment, on_change, parent=None) -> None:
        from tributary.workers.lab.base import specs, to_text

        super().__init__(parent)
        self.experiment = experiment
        self.specs = specs(experiment.params)
        defaults = to_text(experiment.params())
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.labels: dict[str, QLabel] = {}
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for name, spec, _ in self.specs:
            if spec.kind == "text":
                editor = QPlainTextEdit(defaults[name], self)
                editor.setFixedHeight(64)
                editor.textChanged.connect(on_change)
            else:
                editor = QLineEdit(defaults[name], self)
                editor.textChanged.connect(on_change)
            editor.setObjectName(f"lab_{experiment.name}_{name}")
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            label = QLabel(self)
            label.setBuddy(editor)
            self.labels[name], self.editors[name], self.errors[name] = label, editor, error
            layout.addRow(label, editor)
            layout.addRow("", error)

    def texts(self) -> dict[str, str]:
        return {name: e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text() for name, e in self.editors.items()}

    def set_text(self, name: str, text: str) -> None:
        editor = self.editors[name]
        editor.setPlainText(text) if isinstance(editor, QPlainTextEdit) else editor.setText(text)

    def params(self):
        """The checked params object; :class:`UserError` (with its field) when a value is wrong."""
        from tributary.workers.lab.base import from_text

        return from_text(self.experiment.params, self.texts())

    def show_error(self, error: UserError | None) -> None:
        for name, label in self.errors.items():
            wrong = error is not None and error.field == name
            label.setText(ENGINE.tr(error.message) if wrong else "")
            label.setVisible(wrong)
            self.editors[name].setStyleSheet("border: 1px solid #c0392b" if wrong else "")

    def retranslate(self) -> None:
        for name, spec, _ in self.specs:
            self.labels[name].setText(ENGINE.tr(spec.label))
            self.editors[name].setToolTip(ENGINE.tr(spec.help) if spec.help else "")


class LabPanel(JobPanel):
    kinds = ("lab",)
    job = None  # its own job until the Lab moves onto the spine (JobPanel.job is a read-only property)

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.built = False
        self.job = None
        self.job_experiment = ""
        self.results: dict = {}  # experiment name → its last result
        self.forms: dict = {}
        self.chart = None
        self._exports: set[asyncio.Task] = set()

    def showEvent(self, event) -> None:
        self.build()
        super().showEvent(event)

    # -- building --------------------------------------------------------------------------------
    def build(self) -> None:
        """Create the widgets (once): the experiment list, the form, the code, the result area."""
        if self.built:
            return
        self.built = True
        from tributary.workers.lab import registry

        self.experiments = list(registry.EXPERIMENTS.values())
        self.registry = registry
        self.list = QListWidget(self)
        self.list.setObjectName("labExperiments")
        for experiment in self.experiments:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, experiment.name)
            self.list.addItem(item)
        self.list.setMaximumWidth(210)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.look_for = QLabel(self)
        self.look_for.setWordWrap(True)
        self.look_for.setStyleSheet("color: #1f5f8b")
        self.explanation = QTextBrowser(self)  # read-only and scrollable: the explanation is a paragraph
        self.explanation.setObjectName("labExplanation")
        self.explanation.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.forms_stack = QStackedWidget(self)
        self.run_button = QPushButton(self)
        self.run_button.setObjectName("labRun")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("labCancel")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.code = QPlainTextEdit(self)
        self.code.setObjectName("labCode")
        self.code.setReadOnly(True)
        self.code.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.code.setFont(mono)
        self.summary = QTextBrowser(self)
        self.summary.setObjectName("labSummary")
        self.result_table = QTableView(self)
        self.result_table.setObjectName("labResultTable")
        self.result_table.verticalHeader().setVisible(False)
        self.result_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.export_csv = QPushButton(self)
        self.export_trace = QPushButton(self)
        self._layout()
        self.list.currentRowChanged.connect(self.select)
        self.run_button.clicked.connect(self.on_run)
        self.cancel_button.clicked.connect(self.on_cancel)
        self.export_csv.clicked.connect(lambda: self.choose_export("csv"))
        self.export_trace.clicked.connect(lambda: self.choose_export("trace"))
        self.list.setCurrentRow(0)
        self.retranslate()

    def _layout(self) -> None:
        setup = QWidget(self)
        left = QVBoxLayout(setup)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.forms_stack)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        left.addLayout(buttons)
        left.addWidget(self.status)
        left.addWidget(self.explanation, 1)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(setup)
        top.addWidget(self.code)
        top.setSizes([380, 520])
        results = QWidget(self)
        lower = QVBoxLayout(results)
        lower.setContentsMargins(0, 0, 0, 0)
        self.charts = QSplitter(Qt.Orientation.Horizontal, self)
        self.chart_area = QWidget(self)
        self.chart_layout = QVBoxLayout(self.chart_area)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        numbers = QSplitter(Qt.Orientation.Vertical, self)
        numbers.addWidget(self.summary)
        numbers.addWidget(self.result_table)
        self.charts.addWidget(self.chart_area)
        self.charts.addWidget(numbers)
        self.charts.setSizes([520, 380])
        lower.addWidget(self.charts, 1)
        exports = QHBoxLayout()
        exports.addStretch(1)
        exports.addWidget(self.export_csv)
        exports.addWidget(self.export_trace)
        lower.addLayout(exports)
        vertical = QSplitter(Qt.Orientation.Vertical, self)
        vertical.addWidget(top)
        vertical.addWidget(results)
        vertical.setSizes([260, 340])
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.look_for)
        column.addWidget(vertical, 1)
        outer = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(self.list)
        outer.addWidget(right)
        outer.setStretchFactor(1, 1)
        self.body.addWidget(outer)

    # -- the chosen experiment -------------------------------------------------------------------
    @property
    def experiment(self):
        return self.experiments[max(0, self.list.currentRow())]

    def form(self) -> ParamsForm:
        name = self.experiment.name
        if name not in self.forms:
            form = ParamsForm(self.experiment, self.validate, self)
            form.retranslate()
            self.forms[name] = form
            self.forms_stack.addWidget(form)
        return self.forms[name]

    def select(self, row: int) -> None:
        self.forms_stack.setCurrentWidget(self.form())
        self.show_texts()
        self.show_result()
        self.validate()

    def show_texts(self) -> None:
        from tributary.workers.lab.base import code_text

        experiment = self.experiment
        self.heading.setText(ENGINE.tr(experiment.title))
        self.look_for.setText(self.tr("What to look for: {text}").format(text=ENGINE.tr(experiment.look_for)))
        self.explanation.setPlainText(ENGINE.tr(experiment.explanation))
        try:
            self.code.setPlainText(code_text(experiment, ENGINE.tr))
        except OSError as exc:  # a build that left the sources out
            self.code.setPlainText(self.tr("The source of this experiment is not available: {error}").format(error=exc))

    def validate(self) -> bool:
        if not self.built:
            return False
        try:
            self.form().params()
            error = None
        except UserError as exc:
            error = exc
        self.form().show_error(error)
        running = self.job is not None and not self.job.state.finished
        if error is not None and error.field not in self.form().editors:
            self.status.setText(ENGINE.tr(error.message))
        self.run_button.setEnabled(error is None and not running)
        self.cancel_button.setEnabled(running)
        has_result = self.experiment.name in self.results
        self.export_csv.setEnabled(has_result)
        self.export_trace.setEnabled(has_result)
        return error is None

    # -- running ---------------------------------------------------------------------------------
    def on_run(self):
        if not self.validate():
            return None
        experiment = self.experiment
        self.job = self.registry.start(self.runner, experiment.name, self.form().params())
        self.job_experiment = experiment.name
        self.progress.setValue(0)
        self.status.setText(self.tr("Running…"))
        self.validate()
        return self.job

    def on_cancel(self) -> None:
        if self.job is not None:
            self.runner.cancel(self.job)

    def update_view(self) -> None:
        job = self.job
        if job is None or not self.built:
            return
        self.progress.setValue(int(job.progress * 1000))
        if not job.state.finished:
            self.status.setText(ENGINE.tr(job.text))
            return
        self.job = None
        if job.state.value == "done":
            self.results[self.job_experiment] = job.result
            self.status.setText(self.tr("Done in {seconds:.2f} s.").format(seconds=job.result.seconds))
            if self.job_experiment == self.experiment.name:
                self.show_result()
        elif job.state.value == "cancelled":
            self.status.setText(self.tr("Cancelled."))
        else:
            self.status.setText(self.tr("Failed: {error}").format(error=ENGINE.tr(job.error)))
        self.validate()

    # -- the result ------------------------------------------------------------------------------
    def show_result(self) -> None:
        result = self.results.get(self.experiment.name)
        if result is None:
            self.summary.setPlainText(self.tr("Run the experiment to see its result here."))
            self.result_table.setModel(QStandardItemModel(self))
            if self.chart is not None:
                self.chart.clear()
            return
        self.summary.setPlainText("\n".join(ENGINE.tr(line) for line in result.summary()))
        self.result_table.setModel(self._table_model(result.table()))  # one model, built whole
        self.draw_chart(result.chart())

    def _table_model(self, table) -> QStandardItemModel:
        from tributary.workers.lab.export import _cell

        model = QStandardItemModel(len(table.rows), len(table.columns), self)
        model.setHorizontalHeaderLabels([ENGINE.tr(c.title) for c in table.columns])
        for r, row in enumerate(table.rows):
            for c, column in enumerate(table.columns):
                value = row.get(column.key)
                text = f"{value:,.4g}" if isinstance(value, float) else str(_cell(value, ENGINE.tr))
                item = QStandardItem(text)
                item.setEditable(False)
                if isinstance(value, int | float):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                model.setItem(r, c, item)
        return model

    def draw_chart(self, chart) -> None:
        import pyqtgraph as pg  # heavy: imported when the first result is drawn (warmed after the first paint)

        if self.chart is None:
            self.chart = pg.PlotWidget(self)
            self.chart.setObjectName("labChart")
            self.chart.setBackground("w")
            self.chart.addLegend(offset=(-5, 5), brush=pg.mkBrush(255, 255, 255, 230), labelTextColor="k")
            self.chart_layout.addWidget(self.chart)
        plot = self.chart.getPlotItem()
        plot.clear()
        plot.legend.clear()
        if chart.kind == "bar":
            self._draw_bars(plot, chart, pg)
        else:
            self._draw_lines(plot, chart, pg)

    def _draw_bars(self, plot, chart, pg) -> None:
        """Horizontal bars, one row per x tick (long names read well on the left axis), grouped by series."""
        plot.setLogMode(x=False, y=False)
        plot.setLabel("left", "")
        plot.setLabel("bottom", ENGINE.tr(chart.y_title))
        height = 0.8 / max(1, len(chart.series))
        rows = max((len(s.x) for s in chart.series), default=0)
        for k, series in enumerate(chart.series):
            ys = [rows - 1 - x + 0.4 - height * (k + 0.5) for x in series.x]  # the first tick at the top
            bars = pg.BarGraphItem(x0=[0] * len(ys), y=ys, width=series.y, height=height * 0.9,
                                   brush=COLOURS[k % len(COLOURS)])
            plot.addItem(bars)
            if len(chart.series) > 1:
                plot.legend.addItem(bars, ENGINE.tr(series.name))
        plot.getAxis("left").setTicks([[(rows - 1 - x, ENGINE.tr(label)) for x, label in chart.ticks]])
        plot.getAxis("bottom").setTicks(None)
        plot.legend.setOffset((-5, 5))

    def _draw_lines(self, plot, chart, pg) -> None:
        """Lines with dots; a log x axis is drawn as log2 with the measured values as its ticks."""
        plot.setLogMode(x=False, y=False)
        plot.setLabel("bottom", ENGINE.tr(chart.x_title))
        plot.setLabel("left", ENGINE.tr(chart.y_title))
        plot.legend.setOffset((10, 5))  # rising lines leave the top left free
        scale = (lambda v: math.log2(v) if v > 0 else 0.0) if chart.log_x else (lambda v: v)
        ticks = sorted({x for series in chart.series for x in series.x})
        for k, series in enumerate(chart.series):
            colour = COLOURS[k % len(COLOURS)]
            plot.plot([scale(x) for x in series.x], series.y, pen=pg.mkPen(colour, width=2), symbol="o",
                      symbolBrush=colour, symbolSize=7, name=ENGINE.tr(series.name))
        plot.getAxis("left").setTicks(None)
        plot.getAxis("bottom").setTicks([[(scale(x), f"{x:g}") for x in ticks]] if len(ticks) <= 16 else None)

    # -- exports ---------------------------------------------------------------------------------
    def choose_export(self, kind: str) -> None:
        name = self.experiment.name
        if kind == "csv":
            dialog = QFileDialog(self, self.tr("Export the result as CSV"), f"lab-{name}.csv", self.tr("CSV (*.csv)"))
        else:
            dialog = QFileDialog(self, self.tr("Export what ran where as a trace"), f"lab-{name}.trace.json",
                                 self.tr("Trace (*.json)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda path: self.export_to(kind, path))
        dialog.open()

    def export_to(self, kind: str, path: str) -> asyncio.Task | None:
        """Write the shown result to ``path`` on a worker thread (the window never waits for the disk)."""
        from tributary.workers.lab.export import write_csv, write_trace

        result = self.results.get(self.experiment.name)
        if result is None or not path:
            return None
        if kind == "csv":
            future = self.services.threads.submit(write_csv, result, path, ENGINE.tr)
        else:
            future = self.services.threads.submit(write_trace, result, path)
        task = asyncio.ensure_future(self._report_export(future, path))
        self._exports.add(task)
        task.add_done_callback(self._exports.discard)
        return task

    async def _report_export(self, future, path: str) -> None:
        try:
            await asyncio.wrap_future(future)
            text = self.tr("Saved {path}").format(path=path)
        except OSError as exc:
            text = self.tr("Could not save {path}: {error}").format(path=path, error=exc.strerror or exc)
        if shiboken6.isValid(self):
            self.status.setText(text)

    # -- language --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        if not self.built:
            return
        for row, experiment in enumerate(self.experiments):
            self.list.item(row).setText(ENGINE.tr(experiment.title))
        for form in self.forms.values():
            form.retranslate()
        self.list.setAccessibleName(self.tr("Experiments"))
        self.code.setAccessibleName(self.tr("The code that runs"))
        self.explanation.setAccessibleName(self.tr("Explanation"))
        self.summary.setAccessibleName(self.tr("Result"))
        self.result_table.setAccessibleName(self.tr("Result table"))
        self.progress.setAccessibleName(self.tr("Progress"))
        self.run_button.setText(self.tr("Run"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.export_csv.setText(self.tr("Export CSV…"))
        self.export_trace.setText(self.tr("Export trace…"))
        self.show_texts()
        self.show_result()
        self.validate()

