"""The main window: a tab per pillar, the log dock, the status-bar meter, the language menu."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from tributary.gui import preferences as prefs
from tributary.gui.assets import resource_path
from tributary.gui.i18n import LANGUAGES
from tributary.gui.log_dock import LogDock
from tributary.gui.meter import ResponsivenessMeter
from tributary.gui.panels.arrays import ArraysPanel
from tributary.gui.panels.downloads import DownloadsPanel
from tributary.gui.panels.lab import LabPanel
from tributary.gui.panels.primes import PrimesPanel
from tributary.gui.theme import semantic_color
from tributary.gui.timeline_view import install_timeline

LATE_MS = 16.0


class MainWindow(QMainWindow):
    closing = Signal()  # the user asked to close; the app shuts down after this
    painted = Signal()  # the first paint happened

    def __init__(self, services) -> None:
        super().__init__()
        self.services = services
        self.setObjectName("mainWindow")
        self.setWindowIcon(QIcon(resource_path("icons/tributary.svg")))
        self.tabs = QTabWidget(self)
        self.downloads = DownloadsPanel(services, self)
        self.primes = PrimesPanel(services, self)
        self.arrays = ArraysPanel(services, self)
        self.lab = LabPanel(services, self)
        for panel in (self.downloads, self.primes, self.arrays, self.lab):
            self.tabs.addTab(panel, "")
        self.setCentralWidget(self.tabs)
        self.log_dock = LogDock(self, services.settings)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.meter = ResponsivenessMeter(self)
        self.meter_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.meter_label)
        self.meter.updated.connect(self.show_meter)
        self._build_menus()
        self.timeline = install_timeline(self)  # a dock beside the log; View ▸ Timeline
        self._first_paint = False
        self.retranslate()
        settings = services.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1000, 760)
            self.resizeDocks([self.log_dock], [110], Qt.Orientation.Vertical)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.tabs.setCurrentIndex(min(prefs.read(settings, "window/tab"), self.tabs.count() - 1))
        # -- desktop integration (issue 11): icons, theme, menus, tray, notifications, single instance --
        from tributary.gui.desktop import DesktopIntegration

        self.desktop = DesktopIntegration(self)

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addAction(self.log_dock.toggleViewAction())
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == self.services.languages.current)
            action.triggered.connect(lambda checked=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

    def set_language(self, code: str) -> None:
        self.services.languages.apply(code)
        self.services.settings.setValue("language", code)
        self.language_actions[code].setChecked(True)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tributary"))
        self.tabs.setTabText(0, self.tr("Downloads"))
        self.tabs.setTabText(1, self.tr("Primes"))
        self.tabs.setTabText(2, self.tr("Shared memory"))
        self.tabs.setTabText(3, self.tr("Lab"))
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.show_meter(self.meter.stats())

    def show_meter(self, stats: dict) -> None:
        late = stats["p99"] > LATE_MS or stats["max"] > 3 * LATE_MS
        self.meter_label.setText(self.tr("UI lateness p99 {p99:.1f} ms · max {max:.1f} ms").format(**stats))
        danger = semantic_color("danger").name()  # the theme's: readable on light and dark
        self.meter_label.setStyleSheet(f"color: {danger}; font-weight: bold" if late else "")

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._first_paint:
            self._first_paint = True
            self.painted.emit()

    def save_settings(self) -> None:
        settings = self.services.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        settings.sync()

    def closeEvent(self, event) -> None:
        if self.desktop.hide_to_tray(event):  # close-to-tray (a setting): the app keeps running
            return
        self.save_settings()
        self.meter.stop()
        self.log_dock.detach()
        self.desktop.shutdown()
        event.accept()
        self.closing.emit()
