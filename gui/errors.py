"""Uncaught errors: logged with their traceback, shown in one non-modal dialog, and never a wedged window.

:class:`ErrorReporter` is the one channel for errors nobody caught: Qt slots and virtual methods (PySide
hands them to ``sys.excepthook``), other threads (``threading.excepthook``) and the asyncio loop (its
exception handler). Each is logged (``tributary.errors``) and shown in a single :class:`ErrorDialog` —
repeats collapse into it, so a slot failing 25 times a second is one dialog with a count. ``errorRaised``
tells the panels, which reset themselves to a state that matches their jobs (Start back when idle).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections import deque

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tributary.gui.i18n import ENGINE
from tributary.workers.jobs import describe_error

log = logging.getLogger("tributary.errors")


class ErrorDialog(QDialog):
    """What went wrong, how often, and the details to copy into a bug report. Never modal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setModal(False)
        self.count = 0
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setMaximumBlockCount(2000)
        self.copy = QPushButton(self)
        self.copy.clicked.connect(self.copy_details)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 360)
        self._last = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tributary: an error"))
        self.copy.setText(self.tr("Copy details"))
        self._show_summary()

    def add(self, message: str, details: str) -> None:
        """One more error: the latest message on top, its details appended below the earlier ones."""
        self.count += 1
        self._last = message
        self.details.appendPlainText(details.rstrip() + "\n")
        self._show_summary()

    def _show_summary(self) -> None:
        if not self.count:
            return
        text = self.tr("Something went wrong; the window stays usable and the panel was reset.")
        text += "\n\n" + self._last
        if self.count > 1:
            text += "\n\n" + self.tr("This happened {n} times.").format(n=self.count)
        self.summary.setText(text)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self._last + "\n\n" + self.details.toPlainText())

    def closeEvent(self, event) -> None:
        self.count = 0
        self.details.clear()
        super().closeEvent(event)


class ErrorReporter(QObject):
    """Install with :meth:`install` (the app does; tests that want it do); :meth:`uninstall` restores the
    hooks that were there before.

    Signals:
        errorRaised(str, str): an uncaught error (its message for people, its traceback), on the GUI thread.
    """

    errorRaised = Signal(str, str)
    _fromThread = Signal(str, str)

    def __init__(self, parent: QObject | None = None, *, dialogs: bool = True) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.reports: deque[tuple[str, str]] = deque(maxlen=100)
        self.count = 0
        self.dialog: ErrorDialog | None = None
        self._installed = False
        self._previous: tuple = ()
        self._loop = None
        self._reporting = False
        self._fromThread.connect(self._report, Qt.ConnectionType.QueuedConnection)

    # -- hooks -----------------------------------------------------------------------------------
    def install(self, loop=None) -> None:
        """Catch what nobody caught: ``sys.excepthook``, ``threading.excepthook`` and ``loop``'s handler."""
        if self._installed:
            return
        self._installed = True
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook
        if loop is not None:
            self._loop = loop
            loop.set_exception_handler(self._loop_handler)

    def uninstall(self) -> None:
        if not self._installed:
            return
        self._installed = False
        sys.excepthook, threading.excepthook = self._previous
        if self._loop is not None:
            self._loop.set_exception_handler(None)
            self._loop = None

    def _excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report(exc, "".join(traceback.format_exception(exc_type, exc, tb)))

    def _thread_hook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        details = f"thread {name}\n" + "".join(traceback.format_exception(args.exc_type, args.exc_value,
                                                                            args.exc_traceback))
        self.report(args.exc_value, details)

    def _loop_handler(self, loop, context: dict) -> None:
        exc = context.get("exception")
        if exc is None:  # a warning of the loop's own (a task destroyed pending, …): log only
            log.warning("asyncio: %s", context.get("message"))
            return
        details = f"asyncio: {context.get('message')}\n" + "".join(traceback.format_exception(exc))
        self.report(exc, details)

    # -- reporting -------------------------------------------------------------------------------
    def report(self, exc: BaseException | None, details: str) -> None:
        """Log and show an error; from any thread (a non-GUI thread's report is handed to the GUI thread)."""
        message = ENGINE.tr(describe_error(exc)) if exc is not None else details.strip().splitlines()[-1]
        # the traceback goes to the log's handlers (the log dock keeps its first line, a file keeps all)
        exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
        log.error("uncaught error: %s", message if exc_info else details, exc_info=exc_info)
        if QThread.currentThread() is not self.thread():
            self._fromThread.emit(message, details)
            return
        self._report(message, details)

    def _report(self, message: str, details: str) -> None:
        self.count += 1
        self.reports.append((message, details))
        if self._reporting:  # an error while an error is being shown: logged above, nothing more
            return
        self._reporting = True
        try:
            if self.dialogs:
                self._show(message, details)
            self.errorRaised.emit(message, details)
        finally:
            self._reporting = False

    def _show(self, message: str, details: str) -> None:
        if self.dialog is None or not shiboken6.isValid(self.dialog):
            self.dialog = ErrorDialog()  # a window of its own: it outlives the window that failed
        self.dialog.add(message, details)
        if not self.dialog.isVisible():
            self.dialog.show()

    def close(self) -> None:
        """Uninstall and let go of the dialog (at shutdown)."""
        self.uninstall()
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
