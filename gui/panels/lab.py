"""The Lab tab: pick an experiment, set its parameters, read the code it runs, run it, compare the results.

Thin on purpose, on the panel spine (:class:`~tributary.gui.panels.base.JobPanel`): the engine
(``tributary.workers.lab``) owns the parameters, the code shown, the texts, the result's table and the
chart's geometry; this panel maps the form to a :class:`~tributary.workers.lab.registry.LabRequest`
(:meth:`LabPanel.make_request`, errors at their field) and a finished run's typed result to widgets
(:meth:`LabPanel.on_done`). A run's spans are on the timeline under its job id while it runs; its trace
export is the timeline's, filtered to that job. The tab's widgets are built when it is first shown, so
the window does not pay for the Lab's imports at start-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
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
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tributary.gui.i18n import ENGINE
from tributary.gui.panels.base import ERROR_BORDER, ERROR_STYLE, JobPanel
from tributary.gui.states import failure_text
from tributary.workers.jobs import Job, UserError

log = logging.getLogger("tributary.lab")
MIN_PART_H = 36  # the least height of each scrolling part of the tab (its own hint: ~70 px each)
COLOURS = ("#2c7fb8", "#e6550d", "#31a354", "#756bb1", "#636363", "#d62728")


class ParamsForm(QWidget):
    """One editor per parameter of an experiment's params dataclass, with its error under it."""

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

    def show_error(self, error: UserError | None) -> None:
        """Show ``error`` under its field (``None`` clears them all)."""
        for name, label in self.errors.items():
            wrong = error is not None and error.field == name
            label.setText(ENGINE.tr(error.message) if wrong else "")
            label.setVisible(wrong)
            self.editors[name].setStyleSheet(ERROR_BORDER if wrong else "")

    def retranslate(self) -> None:
        for name, spec, _ in self.specs:
            self.labels[name].setText(ENGINE.tr(spec.label))
            self.editors[name].setToolTip(ENGINE.tr(spec.help) if spec.help else "")


class LabPanel(JobPanel):
    """The Lab: the base's Start (here "Run"), Cancel, progress and status line drive one run at a time."""

    kinds = ("lab",)

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.built = False
        self.results: dict = {}  # experiment name → its last typed result
        self.forms: dict[str, ParamsForm] = {}
        self.chart = None
        self._status: Callable[[], str] | None = None  # what the status line says, in the current language
        self._exports: set[asyncio.Task] = set()
        self.run_button, self.cancel_button, self.status = self.start, self.cancel, self.result
        self.start.setObjectName("labRun")
        self.cancel.setObjectName("labCancel")
        self.retranslate()

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
        self.export_csv = self._export_button("labExportCsv", "csv")
        self.export_trace = self._export_button("labExportTrace", "trace")
        self.status.setObjectName("labStatus")
        self._layout()
        self.list.setCurrentRow(0)
        self.list.currentRowChanged.connect(self.select)
        self.retranslate()  # the texts, the form, the code and the (empty) result of the first experiment
        self._fit_form()

    def _fit_form(self) -> None:
        """The setup part tall enough for the tallest form, its buttons and a few lines of explanation (the
        form scrolls only when the window is too small for that)."""
        forms = [ParamsForm(e, lambda: None) for e in self.experiments]  # measured, never shown
        tallest = max(form.sizeHint().height() for form in forms)
        for form in forms:
            form.deleteLater()
        self.form_area.setMinimumHeight(min(tallest, MIN_PART_H))  # squeezed, it scrolls (never under Run)
        setup = tallest + self.start.sizeHint().height() + 3 * self.fontMetrics().lineSpacing()
        self.vertical.setSizes([setup, max(setup, 340)])

    def _export_button(self, name: str, kind: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(lambda: self.choose_export(kind))
        return button

    def _layout(self) -> None:
        setup = QWidget(self)
        left = QVBoxLayout(setup)
        left.setContentsMargins(0, 0, 0, 0)
        self.form_area = QScrollArea(self)  # the tallest form fits (_fit_form); its errors may need a scroll
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_area.setWidget(self.forms_stack)
        self.forms_stack.setAutoFillBackground(False)  # the tab's own background, not a grey box
        self.form_area.viewport().setAutoFillBackground(False)
        left.addWidget(self.form_area, 1)  # the room left goes to the form: squeezed, it scrolls
        left.addWidget(self.form_error)
        left.addLayout(self.action_row())
        left.addWidget(self.status)
        for part in (self.explanation, self.code, self.summary, self.result_table, self.list, self.table):
            part.setMinimumHeight(MIN_PART_H)  # the Timeline dock may take half the window beside the Lab
        reading = QSplitter(Qt.Orientation.Vertical, self)  # the code, and what it is about under it
        reading.addWidget(self.code)
        reading.addWidget(self.explanation)
        reading.setSizes([200, 100])
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(setup)
        top.addWidget(reading)
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
        vertical = self.vertical = QSplitter(Qt.Orientation.Vertical, self)
        vertical.addWidget(top)
        vertical.addWidget(results)
        vertical.setStretchFactor(0, 0)  # a taller window gives the result more room, not the form
        vertical.setStretchFactor(1, 1)
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
        self.layout().setStretchFactor(self.table, 0)  # the runs below: a few rows; the experiment gets the rest
        self.table.setMaximumHeight(8 * self.fontMetrics().lineSpacing())

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

    # -- the spine: form → request → job → result -----------------------------------------------
    def validate(self) -> bool:
        if not self.built:
            return False
        return super().validate()

    def make_request(self):
        from tributary.workers.lab.registry import LabRequest

        return LabRequest.from_text(self.experiment.name, self.form().texts())

    def launch(self, request) -> Job:
        from tributary.workers.lab.registry import start_request

        return start_request(self.runner, request)

    def show_error(self, exc: UserError | None) -> None:
        """An error about a parameter shows under it in the experiment's form; any other above Run."""
        if not self.built:
            return
        form = self.form()
        on_form = exc is not None and exc.field in form.editors
        form.show_error(exc if on_form else None)
        super().show_error(None if on_form else exc)

    def on_started(self, job: Job) -> None:
        self.say(lambda: self.tr("Running…"))

    def on_progress(self, job: Job) -> None:
        text = job.text
        self.say(lambda: ENGINE.tr(text))

    def on_done(self, result) -> None:
        self.results[result.experiment] = result
        seconds = result.seconds
        self.say(lambda: self.tr("Done in {seconds:.2f} s.").format(seconds=seconds))
        if self.built and result.experiment == self.experiment.name:
            self.show_result()
        self.sync_controls()

    def on_failed(self, message) -> None:
        self.say(lambda: failure_text(message))

    def on_cancelled(self) -> None:
        self.say(lambda: QCoreApplication.translate("JobPanel", "Cancelled."))

    def say(self, text: Callable[[], str]) -> None:
        """Show ``text()`` on the status line, and again in the new language when the language changes."""
        self._status = text
        self.status.setText(text())

    def controls_changed(self, busy: bool) -> None:
        if self.built:
            has_result = self.experiment.name in self.results
            self.export_csv.setEnabled(has_result)
            self.export_trace.setEnabled(has_result)

    # -- the result ------------------------------------------------------------------------------
    def show_result(self) -> None:
        result = self.results.get(self.experiment.name)
        if result is None:
            self.summary.setPlainText(self.tr("Run the experiment to see its result here."))
            self._set_table_model(QStandardItemModel(self))
            if self.chart is not None:  # another experiment's axes and ticks must not stay behind
                self.chart.hide()
            return
        self.summary.setPlainText("\n".join(ENGINE.tr(line) for line in result.summary()))
        self._set_table_model(self._table_model(result.table()))  # one model, built whole
        self.draw_chart(result.chart())

    def _set_table_model(self, model: QStandardItemModel) -> None:
        old = self.result_table.model()
        self.result_table.setModel(model)
        if old is not None and old.parent() is self:
            old.deleteLater()

    def _table_model(self, table) -> QStandardItemModel:
        cells = table.cells(ENGINE.tr)
        model = QStandardItemModel(len(cells), len(table.columns), self)
        model.setHorizontalHeaderLabels(table.headers(ENGINE.tr))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, row in enumerate(cells):
            for c, (text, number) in enumerate(row):
                item = QStandardItem(text)
                item.setEditable(False)
                if number:
                    item.setTextAlignment(right)
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
        self.chart.show()
        plot = self.chart.getPlotItem()
        plot.clear()
        plot.legend.clear()
        plot.setLogMode(x=False, y=False)
        if chart.kind == "bar":
            self._draw_bars(plot, chart, pg)
        else:
            self._draw_lines(plot, chart, pg)

    def _draw_bars(self, plot, chart, pg) -> None:
        """The engine's bars (:meth:`Chart.bars`): horizontal, one row per tick, long names on the left axis."""
        bars, ticks = chart.bars()
        plot.setLabel("left", "")
        plot.setLabel("bottom", ENGINE.tr(chart.y_title))
        for k, series in enumerate(bars):
            item = pg.BarGraphItem(x0=[0] * len(series.y), y=series.y, width=series.width, height=series.height,
                                   brush=COLOURS[k % len(COLOURS)])
            plot.addItem(item)
            if len(bars) > 1:
                plot.legend.addItem(item, ENGINE.tr(series.name))
        plot.legend.setVisible(len(bars) > 1)  # an empty legend still draws its box over the longest bar
        plot.getAxis("left").setTicks([[(pos, ENGINE.tr(label)) for pos, label in ticks]])
        plot.getAxis("bottom").setTicks(None)
        plot.legend.setOffset((-5, 5))

    def _draw_lines(self, plot, chart, pg) -> None:
        """The engine's lines (:meth:`Chart.lines`) with dots; its x ticks are the measured values."""
        lines, ticks = chart.lines()
        plot.setLabel("bottom", ENGINE.tr(chart.x_title))
        plot.setLabel("left", ENGINE.tr(chart.y_title))
        plot.legend.setOffset((10, 5))  # rising lines leave the top left free
        plot.legend.setVisible(True)
        for k, series in enumerate(lines):
            colour = COLOURS[k % len(COLOURS)]
            plot.plot(series.x, series.y, pen=pg.mkPen(colour, width=2), symbol="o", symbolBrush=colour,
                      symbolSize=7, name=ENGINE.tr(series.name))
        plot.getAxis("left").setTicks(None)
        plot.getAxis("bottom").setTicks([ticks] if ticks is not None else None)

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
        """Write the shown result to ``path`` on a worker thread (the window never waits for the disk): its
        table as CSV, or its run's spans from the timeline as a Chrome/Perfetto trace."""
        from tributary.workers.lab.export import write_csv
        from tributary.workers.trace_export import write_chrome_trace

        result = self.results.get(self.experiment.name)
        if result is None or not path:
            return None
        if kind == "csv":
            future = self.services.threads.submit(write_csv, result, path, ENGINE.tr)
        else:
            future = self.services.threads.submit(write_chrome_trace, path, job=result.job)
        task = asyncio.ensure_future(self._report_export(future, path))
        self._exports.add(task)
        task.add_done_callback(self._exports.discard)
        return task

    async def _report_export(self, future, path: str) -> None:
        try:
            await asyncio.wrap_future(future)

            def text() -> str:
                return self.tr("Saved {path}").format(path=path)
        except OSError as exc:
            error = exc.strerror or exc

            def text() -> str:
                return self.tr("Could not save {path}: {error}").format(path=path, error=error)
        if shiboken6.isValid(self):
            self.say(text)

    # -- language --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self.start.setText(self.tr("Run"))
        self.cancel.setText(self.tr("Cancel"))
        if self._status is not None:
            self.status.setText(self._status())
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
        self.export_csv.setText(self.tr("Export CSV…"))
        self.export_trace.setText(self.tr("Export trace…"))
        self.show_texts()
        self.show_result()
        self.validate()
