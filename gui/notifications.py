"""Desktop notifications when a batch of downloads or a long compute job ends or fails.

The request goes to the desktop's notification service over D-Bus
(``org.freedesktop.Notifications.Notify``, with a ``default`` action: clicking the notification emits
``ActionInvoked`` and the window comes to the front). The D-Bus round trips (is the service there? the
call itself) run on a short-lived side thread so a slow service never stalls the window; the answer
comes back as a queued signal. Where no service exists the tray's balloon (``showMessage``) is the
fallback, and where there is no tray either the message goes to the log.

:class:`JobWatch` decides *when*: a download batch ends when its last queued or running download ends
(one notification with the counts, none when everything was cancelled); another job notifies when it
ran at least :data:`LONG_JOB_S` seconds and ended done or failed.
"""

from __future__ import annotations

import logging
import operator
import os
import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from tributary.gui import formatting
from tributary.gui.i18n import ENGINE
from tributary.workers.jobs import all_queued

log = logging.getLogger("tributary.notifications")

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
LONG_JOB_S = 10.0
_KIND = operator.attrgetter("kind")
_ID = operator.attrgetter("id")


def session_bus_configured() -> bool:
    """A session bus address is known (without one, libdbus may try to autolaunch a daemon)."""
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and os.path.exists(os.path.join(runtime, "bus"))


class Notifier(QObject):
    """Sends notifications; ``activated`` when the user clicks one; ``sent(route, title, body)`` after
    each, with route ``dbus``, ``tray`` or ``log``."""

    activated = Signal()
    sent = Signal(str, str, str)
    _answered = Signal(str, int, str, str)  # from the side thread: route, id, title, body

    def __init__(self, tray=None, parent=None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.ids: set[int] = set()
        self._threads: list[threading.Thread] = []
        self._listening = False
        self._answered.connect(self._on_answer)
        if tray is not None and tray.icon is not None:
            tray.icon.messageClicked.connect(self.activated.emit)

    def notify(self, title: str, body: str) -> None:
        self._threads = [t for t in self._threads if t.is_alive()]
        # not a daemon: a daemon thread inside Qt's D-Bus call when the interpreter finalizes is ended with
        # pthread_exit, unwinding C++ frames (a crash at exit); the call's own timeout (3 s) bounds the wait
        thread = threading.Thread(target=self._send, args=(title, body), name="tributary-notify")
        self._threads.append(thread)
        thread.start()

    def wait(self, timeout: float = 5.0) -> None:
        """Until the side threads are done (tests, shutdown)."""
        for thread in list(self._threads):
            thread.join(timeout)

    def _send(self, title: str, body: str) -> None:
        """Side thread: ask the service; hand the outcome to the GUI thread."""
        try:
            nid = self._notify_dbus(title, body) if session_bus_configured() else None
        except Exception:  # a broken bus must not take a notification down with it
            log.exception("D-Bus notification failed")
            nid = None
        self._answered.emit("dbus" if nid is not None else "fallback", nid or 0, title, body)

    def _notify_dbus(self, title: str, body: str) -> int | None:
        from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, Qt
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected() or not bus.interface().isServiceRegistered(SERVICE).value():
            return None
        if not self._listening:
            self._listening = bus.connect(SERVICE, PATH, SERVICE, "ActionInvoked", self,
                                          "1_on_action_invoked(uint,QString)")
        iface = QDBusInterface(SERVICE, PATH, SERVICE, bus)
        iface.setTimeout(3000)
        if not iface.isValid():
            return None
        # through the introspected method, so replaces_id goes out as the uint the spec wants
        nid = QMetaObject.invokeMethod(
            iface, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
            Q_ARG(str, "Tributary"), Q_ARG("uint", 0), Q_ARG(str, "tributary"), Q_ARG(str, title),
            Q_ARG(str, body), Q_ARG("QStringList", ["default", QCoreApplication.translate("Notifier", "Show")]),
            Q_ARG("QVariantMap", {"desktop-entry": "tributary"}), Q_ARG(int, -1))
        iface.deleteLater()
        return int(nid) if nid else None

    @Slot("uint", str)
    def _on_action_invoked(self, nid: int, _key: str) -> None:
        if nid in self.ids:
            self.activated.emit()

    def _on_answer(self, route: str, nid: int, title: str, body: str) -> None:
        if route == "dbus":
            self.ids.add(nid)
        elif self.tray is not None and self.tray.show_message(title, body):
            route = "tray"
        else:
            route = "log"
            log.info("%s: %s", title, body)
        self.sent.emit(route, title, body)


class JobWatch(QObject):
    """Watches the runner and tells the :class:`Notifier` when a batch or a long job ends."""

    def __init__(self, bridge, notifier: Notifier, enabled, parent=None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.enabled = enabled  # a callable: read at each ending, so the setting applies at once
        self.active_downloads: set[int] = set()
        self.batch = {"done": 0, "failed": 0, "cancelled": 0}
        bridge.jobAdded.connect(self.on_job)
        bridge.jobsAdded.connect(self.on_jobs)
        bridge.jobFinished.connect(self.on_job)
        bridge.jobsFinished.connect(self.on_jobs)

    def on_jobs(self, jobs: list) -> None:
        """Several jobs added or ended together: a batch of downloads counts as one change."""
        if set(map(_KIND, jobs)) == {"download"} and all_queued(jobs):
            self.active_downloads.update(map(_ID, jobs))  # a batch queued: in bulk
            return
        downloads = [job for job in jobs if job.kind == "download"]
        started = [job.id for job in downloads if not job.state.finished]
        self.active_downloads.update(started)
        ended = [job for job in downloads if job.state.finished and job.id in self.active_downloads]
        for job in ended:
            self.active_downloads.discard(job.id)
            self.batch[job.state.value] = self.batch.get(job.state.value, 0) + 1
        if ended:
            self._batch_ended()
        for job in jobs:
            if job.kind != "download":
                self.on_job(job)

    def on_job(self, job) -> None:
        if job.kind == "download":
            self._on_download(job)
        elif job.state.finished and job.state.value in ("done", "failed") and (job.seconds or 0) >= LONG_JOB_S:
            if job.state.value == "done":
                title = QCoreApplication.translate("Notifier", "{title} finished").format(title=ENGINE.tr(job.title))
                body = QCoreApplication.translate("Notifier", "Done in {time}.").format(time=formatting.duration(job.seconds))
            else:
                title = QCoreApplication.translate("Notifier", "{title} failed").format(title=ENGINE.tr(job.title))
                body = ENGINE.tr(job.error)
            self._send(title, body)

    def _on_download(self, job) -> None:
        if not job.state.finished:
            self.active_downloads.add(job.id)
            return
        if job.id not in self.active_downloads:
            return
        self.active_downloads.discard(job.id)
        self.batch[job.state.value] = self.batch.get(job.state.value, 0) + 1
        self._batch_ended()

    def _batch_ended(self) -> None:
        """Once no download is queued or running any more: one notification for the batch."""
        if self.active_downloads:
            return
        done, failed = self.batch["done"], self.batch["failed"]
        self.batch = {"done": 0, "failed": 0, "cancelled": 0}
        if not done and not failed:
            return  # everything was paused or cancelled by the user: nothing to announce
        title = QCoreApplication.translate("Notifier", "Downloads finished") if not failed else QCoreApplication.translate("Notifier", "Downloads finished with errors")
        body = QCoreApplication.translate("Notifier", "{done} done, {failed} failed").format(done=formatting.number(done),
                                                                   failed=formatting.number(failed))
        self._send(title, body)

    def _send(self, title: str, body: str) -> None:
        if self.enabled():
            self.notifier.notify(title, body)
