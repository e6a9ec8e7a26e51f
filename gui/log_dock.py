"""The log dock: every ``logging`` record of the app, shown without touching widgets off-thread.

Records from any thread land in a deque; a 10 Hz timer on the GUI thread appends them to the view.
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDockWidget, QPlainTextEdit


class DequeHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: deque[str] = deque(maxlen=10000)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            if record.exc_info:  # the traceback goes to the log file, the dock keeps one line
                text = text.splitlines()[0]
            self.lines.append(text)
        except Exception:  # pragma: no cover - never raise from logging
            self.handleError(record)


class LogDock(QDockWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("logDock")
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(5000)
        self.setWidget(self.view)
        self.handler = DequeHandler()
        logging.getLogger("tributary").addHandler(self.handler)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self.drain)
        self._timer.start()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log"))

    def drain(self) -> None:
        lines = []
        while self.handler.lines:
            lines.append(self.handler.lines.popleft())
        if lines:
            self.view.appendPlainText("\n".join(lines))

    def detach(self) -> None:
        self._timer.stop()
        logging.getLogger("tributary").removeHandler(self.handler)
