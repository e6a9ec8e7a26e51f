"""The download queue's schedule in the window, and what happens when the queue ends.

* :class:`QueueScheduler` (one per app, in ``Services``) keeps one engine
  :class:`~tributary.workers.downloads.schedule.QueueSchedule` following the ``schedule/…`` settings on the
  real clock (tests give it a ``FakeClock``): outside the chosen hours the engine holds the queue; the
  bridge's ``queueHeld`` says when that changes, and :meth:`QueueScheduler.status` says until when.
* :class:`ScheduleDialog` edits those settings (start, stop, days, on/off).
* :class:`QueueEndAction` follows the bridge's ``queueEnded``: nothing, a desktop notification, or quitting
  the app through the window's normal ordered shutdown (``downloads/queue_end_action``).
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
)

from tributary.gui import formatting
from tributary.gui import preferences as prefs
from tributary.gui.i18n import ENGINE
from tributary.gui.panels.base import ERROR_STYLE
from tributary.workers.downloads.schedule import Clock, QueueSchedule, Schedule
from tributary.workers.jobs import UserError

log = logging.getLogger("tributary.schedule")


class QueueScheduler(QObject):
    """One :class:`QueueSchedule` on the engine while the stored schedule is on; ``changed`` after
    :meth:`reload` switched it on, off or to other hours."""

    changed = Signal()

    def __init__(self, engine, settings, clock: Clock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.settings = settings
        self.clock = clock or Clock()
        self.current: QueueSchedule | None = None

    def stored(self) -> Schedule | None:
        """The stored schedule when it is on and valid, else None."""
        enabled, start, stop, days = prefs.schedule(self.settings)
        if not enabled:
            return None
        try:
            return Schedule(start, stop, days)
        except UserError as exc:
            log.warning("ignoring the stored schedule: %s", exc)
            return None

    def reload(self) -> None:
        """Follow the stored schedule (from now, on :attr:`clock`), or stop following one."""
        wanted = self.stored()
        if self.current is not None and wanted == self.current.schedule and self.current.clock is self.clock:
            return
        if self.current is not None:
            self.current.stop()  # the queue runs freely again (until the new schedule says otherwise)
            self.current = None
        if wanted is not None:
            self.current = QueueSchedule(self.engine, wanted, self.clock)
            self.current.start()
        self.changed.emit()

    def close(self) -> None:
        """At shutdown: stop following the schedule, leaving what it paused paused."""
        if self.current is not None:
            self.current.stop(release=False)
            self.current = None

    def status(self) -> tuple[bool, dt.datetime, dt.datetime] | None:
        """``(held, until, now)`` while a schedule is followed, else None."""
        if self.current is None:
            return None
        return self.engine.held, self.current.until(), self.clock.now()


def when_text(moment: dt.datetime, now: dt.datetime) -> str:
    """``22:00`` today, ``Mon 22:00`` on another day: the locale's time and day names."""
    locale = QLocale()
    time = locale.toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)
    if moment.date() == now.date():
        return time
    day = locale.dayName(moment.isoweekday(), QLocale.FormatType.ShortFormat)
    return QCoreApplication.translate("Schedule", "{day} {time}").format(day=day, time=time)


def status_text(status: tuple[bool, dt.datetime, dt.datetime] | None) -> str:
    """What the Downloads panel says about the schedule ("" when none is followed)."""
    if status is None:
        return ""
    held, until, now = status
    if held:
        return QCoreApplication.translate("Schedule", "Queue held until {when}").format(when=when_text(until, now))
    return QCoreApplication.translate("Schedule", "Queue runs until {when}").format(when=when_text(until, now))


class ScheduleDialog(QDialog):
    """Start and stop times, days of the week and on/off, stored under ``schedule/…`` on OK."""

    def __init__(self, settings, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleDialog")
        self.settings = settings
        enabled, start, stop, days = prefs.schedule(settings)
        self.enabled = QCheckBox(self)
        self.enabled.setChecked(enabled)
        self.start = QTimeEdit(QTime(start.hour, start.minute), self)
        self.stop = QTimeEdit(QTime(stop.hour, stop.minute), self)
        self.days = [QCheckBox(self) for _ in range(7)]  # Monday first, as the engine counts
        for d, box in enumerate(self.days):
            box.setChecked(d in days)
        self.start_label, self.stop_label, self.days_label = QLabel(self), QLabel(self), QLabel(self)
        self.start_label.setBuddy(self.start)
        self.stop_label.setBuddy(self.stop)
        self.days_label.setBuddy(self.days[0])
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("scheduleError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.enabled.toggled.connect(self._update_enabled)
        self._update_enabled()
        self.retranslate()

    def _lay_out(self) -> None:
        days = QHBoxLayout()
        for box in self.days:
            days.addWidget(box)
        days.addStretch(1)
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow(self.start_label, self.start)
        form.addRow(self.stop_label, self.stop)
        form.addRow(self.days_label, days)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Schedule"))
        self.enabled.setText(self.tr("&Start and pause the queue on a schedule"))
        self.enabled.setToolTip(self.tr("When on, downloads run only between the start and stop times on the "
                                        "chosen days"))
        self.start_label.setText(self.tr("Start &at:"))
        self.stop_label.setText(self.tr("&Pause at:"))
        self.days_label.setText(self.tr("&On:"))
        for edit, name, tip in ((self.start, self.tr("Start time"), self.tr("The queue starts at this time")),
                                (self.stop, self.tr("Pause time"), self.tr("The queue pauses at this time; "
                                                                           "earlier than the start: the next morning"))):
            edit.setAccessibleName(name)
            edit.setToolTip(tip)
            edit.setDisplayFormat(QLocale().timeFormat(QLocale.FormatType.ShortFormat))
        locale = QLocale()
        for d, box in enumerate(self.days):
            box.setText(locale.dayName(d + 1, QLocale.FormatType.ShortFormat))
            box.setAccessibleName(locale.dayName(d + 1, QLocale.FormatType.LongFormat))
            box.setToolTip(self.tr("A window may start on {day}").format(
                day=locale.dayName(d + 1, QLocale.FormatType.LongFormat)))
        self.hint.setText(self.tr("Outside these hours queued downloads wait and running ones pause; they go on "
                                  "when the queue starts again. A pause time earlier than the start time runs "
                                  "through midnight."))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_enabled(self, *_args) -> None:
        on = self.enabled.isChecked()
        for widget in (self.start, self.stop, *self.days):
            widget.setEnabled(on)

    def values(self) -> tuple[bool, dt.time, dt.time, frozenset[int]]:
        start, stop = self.start.time(), self.stop.time()
        return (self.enabled.isChecked(), dt.time(start.hour(), start.minute()), dt.time(stop.hour(), stop.minute()),
                frozenset(d for d, box in enumerate(self.days) if box.isChecked()))

    def accept(self) -> None:
        enabled, start, stop, days = self.values()
        try:
            Schedule(start, stop, days)  # the engine says what is wrong with it
        except UserError as exc:
            if enabled:
                self.error.setText(ENGINE.tr(exc.message))
                self.error.setVisible(True)
                return
            days = days or frozenset(range(7))  # off: kept as typed, but never stored unreadable
        prefs.write_schedule(self.settings, enabled, start, stop, days)
        super().accept()


class QueueEndAction(QObject):
    """When the download queue ends: nothing, a notification, or quit (``downloads/queue_end_action``).

    A notification here is sent even when the general notifications are off — and only then: with them
    on, the batch-end notification is already on its way, and one end never notifies twice.
    """

    def __init__(self, bridge, settings, notifier, window, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.notifier = notifier
        self.window = window
        bridge.queueEnded.connect(self.on_queue_ended)

    def on_queue_ended(self, summary: dict) -> None:
        action = prefs.read(self.settings, "downloads/queue_end_action")
        log.info("the download queue ended (%s); action: %s", summary.get("states"), action)
        if action == "notify" and not prefs.read(self.settings, "desktop/notifications"):
            states = summary.get("states", {})
            self.notifier.notify(
                QCoreApplication.translate("Schedule", "The download queue is done"),
                QCoreApplication.translate("Notifier", "{done} done, {failed} failed").format(
                    done=formatting.number(states.get("done", 0)), failed=formatting.number(states.get("failed", 0))))
        elif action == "quit":
            QTimer.singleShot(0, self.window, self.window.close)  # after the engine's callback, not inside it
