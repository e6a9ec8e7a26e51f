"""The log dock: the app's ``logging`` records in the user's language, never touching widgets off-thread.

The engine logs what a person cares about — a job started, ended, failed or was cancelled; a download
retries, restarts from zero or fails; the process pool restarts; a damaged download list was set aside —
as a :class:`~tributary.workers.jobs.Message` (a marked template and its values) in place of the record's
text. The dock shows those with ``ENGINE.tr`` in the window's language, while the command line's log (and
``-v``) prints them in English (a Message *is* its English text). Every other record — a traceback, a
warning passed on from a library or asyncio, detail for developers — is technical: shown only while
"Technical details" is ticked (off by default; kept in the settings as ``log/technical``).

The dock keeps the records (the last :data:`KEEP`, as :class:`LogEntry`), not their text: switching the
language or the check box renders them again. Records from any thread are queued; the first one after a
drain wakes a one-shot 100 ms timer on the GUI thread that renders what came meanwhile (at most 10 times a
second, no timer at all while nothing is logged), and a dock that is not seen (closed, or tabbed behind the
Timeline) renders nothing until it is seen again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QDockWidget, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from tributary.gui import preferences as prefs
from tributary.gui.i18n import ENGINE
from tributary.workers.jobs import Message

KEEP = 2000  # records kept to render again (a language switch, the check box)
BLOCKS = 5000  # lines the view holds (a traceback is several)
DRAIN_MS = 100


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One record as the dock keeps it: plain data, no frames or tracebacks held."""

    seq: int
    created: float
    level: int
    logger: str
    message: Message | str  # a Message: for people; plain text: technical
    details: str = ""  # the traceback, if the record had one (technical)

    @property
    def technical(self) -> bool:
        return not isinstance(self.message, Message)


class LogRecords(logging.Handler):
    """Keeps the last ``keep`` records as :class:`LogEntry` (from any thread) and calls ``wake`` when the
    first record after :meth:`since`/:meth:`snapshot` arrives."""

    def __init__(self, wake=None, keep: int = KEEP) -> None:
        super().__init__(logging.INFO)
        self.entries: deque[LogEntry] = deque(maxlen=keep)
        self.wake = wake  # called (from any thread) when a record arrives and no drain is pending
        self._lock = threading.Lock()
        self._seq = 0
        self._pending = False
        self._tracebacks = logging.Formatter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.msg if isinstance(record.msg, Message) and not record.args else record.getMessage()
            details = self._tracebacks.formatException(record.exc_info) if record.exc_info else ""
            with self._lock:
                self._seq += 1
                self.entries.append(LogEntry(self._seq, record.created, record.levelno, record.name, message, details))
                wake, self._pending = not self._pending, True
            if wake and self.wake is not None:
                try:
                    self.wake()
                except RuntimeError:  # the dock is gone (deleted without detach): keep the records only
                    self.wake = None
        except Exception:  # pragma: no cover - never raise from logging
            self.handleError(record)

    def since(self, seq: int) -> list[LogEntry]:
        """The kept entries after ``seq``, oldest first (the next record after this wakes the dock again)."""
        with self._lock:
            self._pending = False
            newer = []
            for entry in reversed(self.entries):
                if entry.seq <= seq:
                    break
                newer.append(entry)
        newer.reverse()
        return newer

    def snapshot(self) -> list[LogEntry]:
        """Every kept entry, oldest first (and the next record wakes the dock again)."""
        return self.since(0)


class LogDock(QDockWidget):
    """Signals:
        updated(): the view caught up with the records (tests wait on it).
    """

    updated = Signal()
    _entryArrived = Signal()  # noqa: N815 - emitted from any thread; delivered on the GUI thread

    def __init__(self, parent=None, settings=None) -> None:
        super().__init__(parent)
        self.setObjectName("logDock")
        self.settings = settings
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(BLOCKS)
        self.technical = QCheckBox(self)
        self.technical.setObjectName("logTechnical")
        self.technical.setChecked(bool(settings is not None and prefs.read(settings, "log/technical")))
        self.technical.toggled.connect(self._technical_toggled)
        body = QWidget(self)
        side = QVBoxLayout()  # beside the text, not above it: the dock is a few lines tall
        side.addWidget(self.technical)
        side.addStretch(1)
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 4, 0)
        row.addWidget(self.view, 1)
        row.addLayout(side)
        self.setWidget(body)
        self.shown_seq = 0  # the last entry rendered (or passed over as not wanted)
        self._seen = False  # really on screen (not closed, not tabbed behind another dock)
        self._behind = False  # records came while not seen: render them all when seen again
        self._timer = QTimer(self)
        self._timer.setObjectName("logDrain")
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self.drain)
        self._entryArrived.connect(self._soon, Qt.ConnectionType.QueuedConnection)
        self.visibilityChanged.connect(self._seen_changed)
        self.handler = LogRecords(self._entryArrived.emit)
        logging.getLogger("tributary").addHandler(self.handler)
        self.retranslate()

    # -- text --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log"))
        self.view.setAccessibleName(self.windowTitle())
        self.technical.setText(self.tr("Technical details"))
        self.technical.setToolTip(self.tr("Also show tracebacks and messages meant for developers (in English)"))
        self.render_all()  # what is shown, in the new language

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def wanted(self, entry: LogEntry) -> bool:
        return not entry.technical or self.technical.isChecked()

    def render(self, entry: LogEntry) -> str:
        """One entry as a line (a technical one in English as logged, with its traceback if ticked)."""
        stamp = time.strftime("%H:%M:%S", time.localtime(entry.created))
        if entry.technical:
            text = f"{stamp} {logging.getLevelName(entry.level)} {entry.logger}: {entry.message}"
        else:
            text = ENGINE.tr(entry.message)
            if entry.level >= logging.ERROR:
                text = self.tr("Error: {message}").format(message=text)
            elif entry.level >= logging.WARNING:
                text = self.tr("Warning: {message}").format(message=text)
            text = f"{stamp}  {text}"
        if entry.details and self.technical.isChecked():
            text += "\n" + entry.details
        return text

    # -- records → view ----------------------------------------------------------------------------
    def _soon(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def drain(self) -> None:
        """Render what was logged since the last drain (nothing while the dock is not seen)."""
        if not self._seen:
            self._behind = True  # no re-arming: no more wake-ups until it is seen and renders everything
            return
        entries = self.handler.since(self.shown_seq)
        if not entries:
            return
        self.shown_seq = entries[-1].seq
        lines = [self.render(e) for e in entries if self.wanted(e)]
        if lines:
            self.view.appendPlainText("\n".join(lines))
        self.updated.emit()

    def render_all(self) -> None:
        """Render every kept record again (a language switch, the check box, the dock seen again)."""
        if not self._seen:
            self._behind = True
            return
        self._behind = False
        entries = self.handler.snapshot()
        self.shown_seq = entries[-1].seq if entries else self.shown_seq
        self.view.setPlainText("\n".join(self.render(e) for e in entries if self.wanted(e)))
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum())
        self.updated.emit()

    def _seen_changed(self, visible: bool) -> None:
        self._seen = visible
        if visible and self._behind:
            self.render_all()

    def _technical_toggled(self, on: bool) -> None:
        if self.settings is not None:
            prefs.write(self.settings, "log/technical", on)
        self.render_all()

    def detach(self) -> None:
        self._timer.stop()
        logging.getLogger("tributary").removeHandler(self.handler)
