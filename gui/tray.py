"""The system-tray icon: overall progress in its tooltip, and a menu (show/hide, pause all, resume all,
quit). It exists only where the desktop has a tray (``isSystemTrayAvailable``; bare Xvfb has none).

:func:`pause_all` / :func:`resume_all` loop over the engine's transfers (the engine may grow its own
bulk calls; these then become one-line wrappers).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from tributary.gui import formatting
from tributary.gui.icons import app_icon, icon


def pause_all(engine) -> int:
    """Pause every queued or running transfer; returns how many."""
    if hasattr(engine, "pause_all"):
        return engine.pause_all()
    chosen = [t for t in list(engine.transfers) if t.item.state in ("queued", "running")]
    for t in chosen:
        engine.pause(t)
    return len(chosen)


def resume_all(engine) -> int:
    """Resume every paused transfer; returns how many."""
    if hasattr(engine, "resume_all"):
        return engine.resume_all()
    chosen = [t for t in list(engine.transfers) if t.item.state == "paused"]
    for t in chosen:
        engine.resume(t)
    return len(chosen)


def overall(engine, runner) -> dict:
    """What the tray tooltip says: downloads done of all, bytes, speed, compute jobs running."""
    transfers = list(engine.transfers)
    active = [t for t in transfers if t.item.state in ("queued", "running")]
    known = [t for t in active if t.item.total]
    return {
        "done": sum(t.item.state == "done" for t in transfers),
        "total": len(transfers),
        "active": len(active),
        "fraction": (sum(t.item.bytes_done for t in known) / sum(t.item.total for t in known)) if known else None,
        "speed": sum(t.speed for t in active if t.item.state == "running"),
        "jobs": sum(1 for j in runner.active() if j.kind != "download"),
    }


def tooltip_text(stats: dict) -> str:
    lines = ["Tributary"]
    if stats["active"]:
        line = QCoreApplication.translate("Tray", "Downloading {active} · {done} of {total} done").format(**stats)
        if stats["fraction"] is not None:
            line += f" · {stats['fraction']:.0%}"
        lines.append(line + " · " + formatting.speed(stats["speed"]))
    elif stats["total"]:
        lines.append(QCoreApplication.translate("Tray", "{done} of {total} downloads done").format(**stats))
    else:
        lines.append(QCoreApplication.translate("Tray", "No downloads"))
    if stats["jobs"]:
        lines.append(QCoreApplication.translate("Tray", "{jobs} compute job(s) running").format(**stats))
    return "\n".join(lines)


class Tray(QObject):
    """The tray icon of one window. ``icon`` is None where the desktop has no tray."""

    quit_requested = Signal()

    def __init__(self, window, engine, runner, bridge) -> None:
        super().__init__(window)
        self.window, self.engine, self.runner = window, engine, runner
        self.icon: QSystemTrayIcon | None = None
        self._refreshed = 0.0
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        self.menu = QMenu(window)
        self.show_action = QAction(self.menu)
        self.pause_action = QAction(icon("pause"), "", self.menu)
        self.resume_action = QAction(icon("play"), "", self.menu)
        self.quit_action = QAction(icon("quit"), "", self.menu)
        self.show_action.triggered.connect(self.toggle_window)
        self.pause_action.triggered.connect(lambda: pause_all(self.engine))
        self.resume_action.triggered.connect(lambda: resume_all(self.engine))
        self.quit_action.triggered.connect(self.quit_requested.emit)
        for action in (self.show_action, None, self.pause_action, self.resume_action, None, self.quit_action):
            self.menu.addSeparator() if action is None else self.menu.addAction(action)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.menu.aboutToShow.connect(self.retranslate)
        self.retranslate()
        self.icon.show()
        # the tooltip follows the bridge (no timer of its own: idle means idle), at most once a second
        for signal in (bridge.jobsChanged, bridge.jobFinished, bridge.jobsFinished, bridge.transfersAdded,
                       bridge.transfersRemoved, bridge.transfersChanged):
            signal.connect(self._maybe_refresh)
        bridge.idle.connect(self.refresh)
        self.refresh()

    @property
    def available(self) -> bool:
        return self.icon is not None and self.icon.isVisible()

    def retranslate(self) -> None:
        if self.icon is None:
            return
        self.show_action.setText(self.tr("Hide window") if self.window.isVisible() else self.tr("Show window"))
        self.pause_action.setText(self.tr("Pause all downloads"))
        self.resume_action.setText(self.tr("Resume all downloads"))
        self.quit_action.setText(self.tr("Quit Tributary"))
        self.refresh()

    def _maybe_refresh(self, *_args) -> None:
        if time.monotonic() - self._refreshed >= 1.0:
            self.refresh()

    def refresh(self) -> None:
        if self.icon is not None:
            self._refreshed = time.monotonic()
            self.icon.setToolTip(tooltip_text(overall(self.engine, self.runner)))

    def _on_activated(self, reason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.toggle_window()

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            show_window(self.window)

    def show_message(self, title: str, body: str) -> bool:
        if not self.available:
            return False
        self.icon.showMessage(title, body, app_icon(), 8000)
        return True

    def stop(self) -> None:
        if self.icon is not None:
            self.icon.hide()


def show_window(window) -> None:
    """Bring ``window`` to the front: shown, not minimised, raised and active."""
    window.show()
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
