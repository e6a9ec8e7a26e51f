"""The log dock: every ``logging`` record of the app, shown without touching widgets off-thread.

Records from any thread land in a deque; the first one after a quiet spell wakes a one-shot 100 ms timer
on the GUI thread that appends everything queued by then to the view (at most 10 appends a second, and
no timer at all while nothing is logged).
"""

from __future__ import annotations

import logging
import threading
from collections import deque

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QPlainTextEdit


class DequeHandler(logging.Handler):
    def __init__(self, wake=None) -> None:
        super().__init__(logging.INFO)
        self.lines: deque[str] = deque(maxlen=10000)
        self.wake = wake  # called (from any thread) when a line arrives and no drain is pending
        self._lock = threading.Lock()
        self._pending = False
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            if record.exc_info:  # the traceback goes to the log file, the dock keeps one line
                text = text.splitlines()[0]
            self.lines.append(text)
            with self._lock:
                wake, self._pending = not self._pending, True
            if wake and self.wake is not None:
                try:
                    self.wake()
                except RuntimeError:  # the dock is gone (deleted without detach): keep the lines only
                    self.wake = None
        except Exception:  # pragma: no cover - never raise from logging
            self.handleError(record)

    def take(self) -> list[str]:
        """Every line queued so far (the next line after this wakes the view again)."""
        with self._lock:
            self._pending = False
        lines = []
        while self.lines:
            lines.append(self.lines.popleft())
        return lines


class LogDock(QDockWidget):
    _lineArrived = Signal()  # emitted from any thread; delivered on the GUI thread

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("logDock")
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(5000)
        self.setWidget(self.view)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self.drain)
        self._lineArrived.connect(self._soon, Qt.ConnectionType.QueuedConnection)
        self.handler = DequeHandler(self._lineArrived.emit)
        logging.getLogger("tributary").addHandler(self.handler)
        self.retranslate()

    def _soon(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log"))
        self.view.setAccessibleName(self.windowTitle())

    def drain(self) -> None:
        lines = self.handler.take()
        if lines:
            self.view.appendPlainText("\n".join(lines))

    def detach(self) -> None:
        self._timer.stop()
        logging.getLogger("tributary").removeHandler(self.handler)
