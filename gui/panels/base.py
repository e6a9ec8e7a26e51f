"""What every job panel shares: one current job, its Start/Cancel/progress, field errors, a jobs table.

The shape (Orange3's ``run()``/``on_done`` split, on our bridge):

* the panel maps its widgets to a typed request (:meth:`JobPanel.make_request`, which may raise a
  :class:`~tributary.workers.jobs.UserError` naming a field) and starts it (:meth:`JobPanel.launch`);
* a :class:`JobSlot` follows that job through the :class:`~tributary.gui.bridge.EngineBridge` — progress
  at most 25 times a second, the end pushed the moment it happens — and hands the panel the job's typed
  result (``on_done(result)``), its error (``on_failed(message)``) or ``on_cancelled()``;
* a failure that names one of the panel's fields (``UserError(field=…)`` raised by the job) is shown at
  that field, like an input error;
* the slot goes idle *before* those callbacks run, so a callback that fails still leaves Start enabled
  and Cancel disabled; and after any uncaught error the panel re-syncs its controls (:meth:`recover`).

A panel never polls ``job.state`` and never reads a widget to interpret a finished job. A new panel::

    class CountPanel(JobPanel):
        kinds = ("count",)                                   # its jobs in the table below

        def __init__(self, services, parent=None):
            super().__init__(services, parent)
            self.n = QLineEdit("1e6", self)
            self.n_error = self.field_error("n", self.n)      # shows UserError(field="n")
            self.body.addWidget(self.n)
            self.body.addWidget(self.n_error)
            self.body.addLayout(self.action_row())           # Start, Cancel, progress
            self.body.addWidget(self.result)
            self.n.textChanged.connect(self.validate)
            self.retranslate()                               # texts, then validate()

        def make_request(self):                              # widgets → typed request (may raise)
            return CountRequest.from_text(self.n.text())

        def launch(self, request):                           # request → job on the runner
            return start_count_job(self.runner, request)

        def on_done(self, result):                           # typed result → widgets
            self.result.setText(self.tr("{n} found").format(n=result.count))

        def retranslate(self):
            super().retranslate()
            self.validate()
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tributary.gui.i18n import ENGINE
from tributary.gui.models import JobsModel
from tributary.gui.states import failure_text
from tributary.gui.widgets import ErrorLabel, error_border
from tributary.workers.jobs import Job, JobState, UserError

ERROR_STYLE = "color: #c0392b"  # light theme only: prefer ErrorLabel and error_border() (both themes)
ERROR_BORDER = "border: 1px solid #c0392b"


def fill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """Fill ``combo`` with ``(text, key)`` items, keeping the selected key (the texts change with the
    language; requests read ``currentData()``, the key, never the text)."""
    key = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(key)))
    combo.blockSignals(False)


class JobSlot(QObject):
    """One job at a time for a view: it follows the job through the bridge and routes its end.

    Starting a job while another runs cancels the older one (the latest request wins); the older one's
    end is then ignored. ``last`` is the job that ended most recently (set before its callback runs).

    Signals:
        busyChanged(bool): a job started, or the current one ended — emitted before the end's callback.
        progressed(Job): the current job moved (at most 25 times a second).
        ended(Job): the current job ended and its callback ran (even if the callback raised).
    """

    busyChanged = Signal(bool)
    progressed = Signal(object)
    ended = Signal(object)

    def __init__(self, bridge, parent: QObject | None = None, *, on_done: Callable, on_failed: Callable,
                 on_cancelled: Callable, on_progress: Callable | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.job: Job | None = None
        self.last: Job | None = None
        self._on_done, self._on_failed, self._on_cancelled = on_done, on_failed, on_cancelled
        if on_progress is not None:
            self.progressed.connect(on_progress)
        bridge.jobsChanged.connect(self._on_changed)
        bridge.jobFinished.connect(self._on_finished)
        bridge.jobsFinished.connect(self._on_finished_many)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def run(self, job: Job) -> Job:
        """Follow ``job`` (just started on the runner) until it ends."""
        previous, self.job = self.job, job
        if previous is not None and previous is not job:
            self.bridge.runner.cancel(previous)
        self.busyChanged.emit(True)
        if job.state.finished:  # it ended before we saw it (cancelled while it waited)
            self._end(job)
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.bridge.runner.cancel(self.job)

    def forget(self) -> None:
        """Stop following the current job without waiting for its end (after an uncaught error)."""
        if self.job is not None:
            self.job = None
            self.busyChanged.emit(False)

    def _on_changed(self, jobs: list) -> None:
        job = self.job
        if job is not None and any(j is job for j in jobs):
            self.progressed.emit(job)

    def _on_finished(self, job: Job) -> None:
        if job is self.job:
            self._end(job)

    def _on_finished_many(self, jobs: list) -> None:
        job = self.job
        if job is not None and any(j is job for j in jobs):
            self._end(job)

    def _end(self, job: Job) -> None:
        self.job = None
        self.last = job
        self.busyChanged.emit(False)
        try:
            if job.state is JobState.DONE:
                self._on_done(job.result)
            elif job.state is JobState.FAILED:
                self._on_failed(job.error)
            else:
                self._on_cancelled()
        finally:
            self.ended.emit(job)


class ControlColumn(QScrollArea):
    """A panel's column of controls, beside its main content, above its jobs table.

    It needs only a few lines (its minimum), so lines that a result adds (taller in Chinese) never raise
    the window's smallest height and a finished job never makes the window grow; where the window is too
    short for the controls they scroll. While there is room, the jobs table gives up its height first
    (down to its own minimum), so the controls are shown whole.
    """

    def __init__(self, parent: QWidget, table: QTableView) -> None:
        super().__init__(parent)
        self.table = table
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit(self) -> None:
        """Let the table be at most as tall as leaves the controls their height (never below its minimum)."""
        widget = self.widget()
        if widget is None or not self.table.isVisible():
            return
        need = widget.minimumSizeHint().height()
        if widget.hasHeightForWidth():  # wrapped lines: their height at this width
            need = max(need, widget.heightForWidth(self.viewport().width()))
        room = self.height() + self.table.height()  # what the two share, however it is split
        limit = max(self.table.minimumSizeHint().height(), room - need)
        if limit != self.table.maximumHeight():
            self.table.setMaximumHeight(limit)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()  # the controls' height changed (a result's lines)
        return super().eventFilter(watched, event)


class JobPanel(QWidget):
    """Base panel: ``self.body`` for the panel's own controls, its jobs table (``kinds``) below.

    Subclasses implement :meth:`make_request` and :meth:`launch`, and show the end in :meth:`on_done`,
    :meth:`on_failed` and :meth:`on_cancelled` (and progress in :meth:`on_progress`). They call
    :meth:`field_error` for each input whose errors should show under it and connect their inputs'
    change signals to :meth:`validate`. The base owns ``start``, ``cancel``, ``progress`` and ``result``.

    Signals:
        jobEnded(Job): the panel's job ended and the panel shows its outcome (tests wait on it).
    """

    kinds: tuple[str, ...] = ()
    jobEnded = Signal(object)

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = services.runner
        self.bridge = services.bridge
        self.valid = False
        self._field_labels: dict[str, QLabel] = {}
        self._field_widgets: dict[str, QWidget] = {}
        self.slot = JobSlot(self.bridge, self, on_done=self._done, on_failed=self._failed,
                            on_cancelled=self._cancelled, on_progress=self._progressed)
        self.slot.busyChanged.connect(self.sync_controls)
        self.slot.ended.connect(self.jobEnded)
        self._build_controls()
        self._build_table()
        self._build_layout()
        errors = getattr(services, "errors", None)
        if errors is not None:
            errors.errorRaised.connect(self.recover)

    @property
    def job(self) -> Job | None:
        """The panel's current job; ``None`` when it is idle (read-only: start jobs with :meth:`run_job`)."""
        return self.slot.job

    # -- building ----------------------------------------------------------------------------------
    def _build_controls(self) -> None:
        self.start = QPushButton(self)
        self.cancel = QPushButton(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.form_error = ErrorLabel(self)  # errors of no particular field
        self.start.clicked.connect(self.on_start)
        self.cancel.clicked.connect(self.slot.cancel)

    def _build_table(self) -> None:
        self.model = JobsModel(self.bridge, self, kinds=self.kinds)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab leaves the table
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.cancel_selected = QPushButton(self)
        self.cancel_selected.setEnabled(False)  # until a running job is selected
        self.cancel_selected.clicked.connect(self.on_cancel_selected)
        self.table.selectionModel().selectionChanged.connect(self.sync_cancel_selected)
        self.bridge.jobFinished.connect(self.sync_cancel_selected)
        self.bridge.jobsFinished.connect(self.sync_cancel_selected)

    def _build_layout(self) -> None:
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.body, 3)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_selected)
        layout.addLayout(row)

    def action_row(self, *extra: QWidget) -> QHBoxLayout:
        """Start, Cancel, the progress bar and ``extra`` widgets in one row (for the subclass's body)."""
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addWidget(self.cancel)
        row.addWidget(self.progress, 1)
        for widget in extra:
            row.addWidget(widget)
        return row

    def side_by_side(self, controls_width: int = 420) -> tuple[QVBoxLayout, QVBoxLayout]:
        """Two columns in ``self.body``: the panel's controls (``controls_width`` pixels wide) and,
        beside them, its main content (a chart, an image) taking the rest of the width and the full
        height. Returns ``(controls, content)``.

        The controls scroll when the window is shorter than they are: a result's lines (taller in Chinese)
        never raise the window's smallest height, so a finished job never makes the window grow."""
        scroll = ControlColumn(self, self.table)
        scroll.setObjectName("panelControlsScroll")
        scroll.setFixedWidth(controls_width)  # steady: a chart appearing never resizes the content
        holder = QWidget(scroll)
        holder.setObjectName("panelControls")
        controls = QVBoxLayout(holder)
        controls.setContentsMargins(0, 0, 0, 0)
        scroll.setWidget(holder)
        self.controls_scroll = scroll
        content = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(scroll)
        row.addLayout(content, 1)
        self.body.addLayout(row, 1)
        return controls, content

    def tab_order(self, *widgets: QWidget) -> None:
        """Tab visits ``widgets`` in this order (reading order), then the jobs table and Cancel selected."""
        chain = [*widgets, self.table, self.cancel_selected]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def field_error(self, field: str, widget: QWidget) -> QLabel:
        """A label that shows the errors about ``field`` (a ``UserError.field``), under ``widget``."""
        label = ErrorLabel(self)
        self._field_labels[field] = label
        self._field_widgets[field] = widget
        return label

    # -- what a subclass provides --------------------------------------------------------------------
    def make_request(self):
        """The typed request for the widgets' current values; raises ``UserError(field=…)``."""
        raise NotImplementedError

    def launch(self, request) -> Job:
        """Start ``request`` on the runner and return its job."""
        raise NotImplementedError

    def on_started(self, job: Job) -> None:
        """A job of this panel started (show a "working" line)."""

    def on_progress(self, job: Job) -> None:
        """The running job moved (at most 25 times a second): show ``job.partial``."""

    def on_done(self, result) -> None:
        """The job finished: show its typed ``result``."""

    def on_failed(self, message) -> None:
        """The job failed with ``message`` (an engine :class:`~tributary.workers.jobs.Message`)."""
        self.result.setText(failure_text(message))

    def on_cancelled(self) -> None:
        self.result.setText(QCoreApplication.translate("JobPanel", "Cancelled."))

    def controls_changed(self, busy: bool) -> None:
        """Enable or disable the subclass's own controls (``busy``: a job runs)."""

    # -- what the base does --------------------------------------------------------------------------
    def validate(self) -> bool:
        """Check the inputs through :meth:`make_request`; show an error at its field; sync the buttons."""
        try:
            self.make_request()
        except UserError as exc:
            self.show_error(exc)
            self.valid = False
        else:
            self.show_error(None)
            self.valid = True
        self.sync_controls()
        return self.valid

    def show_error(self, exc: UserError | None) -> None:
        """Show ``exc`` under its field (or above the buttons); ``None`` clears every error."""
        text = ENGINE.tr(exc.message) if exc is not None else ""
        target = self._field_labels.get(exc.field, self.form_error) if exc is not None else None
        for field, label in self._field_labels.items():
            shown = label is target
            label.setText(text if shown else "")
            label.setVisible(shown)
            self._field_widgets[field].setStyleSheet(error_border() if shown else "")
        self.form_error.setText(text if target is self.form_error else "")
        self.form_error.setVisible(target is self.form_error)

    def on_start(self) -> Job | None:
        if not self.validate():
            return None
        try:
            job = self.launch(self.make_request())
        except UserError as exc:  # refused at start (the memory left is checked again, …)
            self.show_error(exc)
            return None
        return self.run_job(job)

    def run_job(self, job: Job) -> Job:
        """Make ``job`` the panel's current job (Start off, Cancel on until it ends)."""
        self.progress.setValue(0)
        self.on_started(job)
        return self.slot.run(job)

    def sync_controls(self, *_args) -> None:
        busy = self.slot.busy
        self.start.setEnabled(self.valid and not busy)
        self.cancel.setEnabled(busy)
        self.controls_changed(busy)

    def recover(self, *_args) -> None:
        """After an uncaught error anywhere: let go of a job that already ended, re-sync the controls."""
        job = self.slot.job
        if job is not None and job.state.finished:
            self.slot.forget()
        self.sync_controls()

    def selected_jobs(self) -> list[Job]:
        return [self.model.job(row) for row in sorted({i.row() for i in self.table.selectionModel().selectedRows()})]

    def on_cancel_selected(self) -> None:
        for job in self.selected_jobs():
            self.runner.cancel(job)

    def sync_cancel_selected(self, *_args) -> None:
        """Cancel selected is enabled while a selected job can still be cancelled."""
        self.cancel_selected.setEnabled(any(not job.state.finished for job in self.selected_jobs()))

    def _progressed(self, job: Job) -> None:
        self.progress.setValue(int(job.progress * 1000))
        self.on_progress(job)

    def _done(self, result) -> None:
        self.progress.setValue(1000)
        self.on_done(result)

    def _failed(self, message) -> None:
        """A failure about one of this panel's inputs (an unreachable scheduler, a file that cannot be
        written) shows at that input, once; any other in the result area (:meth:`on_failed`)."""
        ended = self.slot.last
        field = ended.error_field if ended is not None else None
        if field in self._field_labels:
            self.show_error(UserError(message, field=field))
            self.result.clear()
        else:
            self.on_failed(message)

    def _cancelled(self) -> None:
        self.on_cancelled()

    # -- texts ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.start.setText(QCoreApplication.translate("JobPanel", "Start"))
        self.cancel.setText(QCoreApplication.translate("JobPanel", "Cancel"))
        self.cancel_selected.setText(QCoreApplication.translate("JobPanel", "Cancel selected"))
        self.model.retranslate()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
