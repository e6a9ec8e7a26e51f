"""The window's desktop side, attached by one call (``DesktopIntegration(window)``) at the end of
``MainWindow.__init__``: icons and theme, tuned tables and empty states, the Downloads/Help menus with
Preferences, About and the shortcuts sheet, the tray, notifications, clipboard offers, links handed over
by a second start (single instance), close-to-tray and accessible names.

Hooks the window and app call (and nothing else):

* ``MainWindow.__init__``: ``self.desktop = DesktopIntegration(self)``;
* ``MainWindow.closeEvent``: ``if self.desktop.hide_to_tray(event): return`` first, ``self.desktop.shutdown()``
  with the rest of the cleanup;
* ``app.create_app``: ``install_theme(app, settings)``; ``app.run_app``: :func:`claim_instance` before the
  window, then ``window.desktop.attach_instance(server, entries)``.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QToolBar, QToolButton, QWidget

from tributary.gui import preferences as prefs
from tributary.gui import theme
from tributary.gui.clipboard_watch import ClipboardWatcher, LinkOfferBar
from tributary.gui.i18n import without_mnemonic
from tributary.gui.icons import icon
from tributary.gui.notifications import JobWatch, Notifier
from tributary.gui.schedule import QueueEndAction
from tributary.gui.tray import Tray, pause_all, resume_all, show_window
from tributary.gui.widgets import EmptyState, fill_accessibility, tune_table

log = logging.getLogger("tributary.desktop")

TAB_ICONS = {"downloads": "downloads", "primes": "primes", "arrays": "memory", "lab": "lab"}
BUTTON_ICONS = {  # panel attribute → icon, for the panels' own buttons
    "start": "play", "cancel": "stop", "cancel_selected": "stop", "browse": "folder", "scaling": "chart",
    "export": "export", "copy": "copy", "mandel_render": "render", "mandel_reset": "reset", "schedule_button": "state-queued",
}
ACTION_ICONS = {"add": "add", "pause": "pause", "resume": "play", "cancel": "stop", "retry": "retry",
                "remove": "remove", "open": "folder-open", "top": "move-top", "up": "move-up", "down": "move-down",
                "bottom": "move-bottom"}


def install_theme(app, settings) -> theme.ThemeManager:
    """Fusion with the stored theme (System / Light / Dark), before the first window."""
    return theme.manager() or theme.ThemeManager(app, prefs.read(settings, "appearance/theme"))


def claim_instance(settings, args: list[str]):
    """``(forwarded, server, entries)``: hand ``args`` to a running window (forwarded: exit 0), or
    become the instance that later starts hand their links to."""
    from tributary.gui.single_instance import InstanceServer, forward, server_name
    from tributary.workers.links import read_targets

    entries, rejected = read_targets(args)
    for arg in rejected:
        log.warning("not a link or a list of links: %s", arg)
    name = server_name(settings.fileName())
    if forward(name, entries):
        return True, None, entries
    server = InstanceServer(name)
    if not server.listen():
        server = None
    return False, server, entries


class DesktopIntegration(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.settings = window.services.settings
        self.engine = window.services.downloads
        self.instance = None
        self._restyle_soon = False
        self.theme = install_theme(QApplication.instance(), self.settings)
        self.theme.changed.connect(self.on_theme_changed)
        self.apply_engine_settings()
        self._build_actions()
        self._build_menus()
        self._decorate()
        self.tray = Tray(window, self.engine, self.services.runner, self.services.bridge)
        self.tray.quit_requested.connect(window.close)
        self.notifier = Notifier(self.tray, self)
        self.notifier.activated.connect(lambda: show_window(window))
        self.job_watch = JobWatch(self.services.bridge, self.notifier,
                                  lambda: prefs.read(self.settings, "desktop/notifications"), self)
        self.queue_end = QueueEndAction(self.services.bridge, self.settings, self.notifier, window, self)
        self.offer_bar = LinkOfferBar(window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.offer_bar)
        self.offer_bar.hide()
        self.offer_bar.accepted.connect(lambda links: self.add_links([(url, None) for url in links]))
        self.clipboard = ClipboardWatcher(QGuiApplication.clipboard(),
                                          prefs.read(self.settings, "desktop/clipboard_watch"), self)
        self.clipboard.offered.connect(self.offer_bar.offer)
        for panel in self.panels():
            panel.installEventFilter(self)  # charts made later get the theme's colours
        window.installEventFilter(self)
        if not self.settings.contains("window/geometry"):
            self.first_run_size()
        self.retranslate()

    # -- parts -------------------------------------------------------------------------------------
    def panels(self) -> list[QWidget]:
        tabs = self.window.tabs
        return [tabs.widget(i) for i in range(tabs.count())]

    def _action(self, key: str, slot, shortcut=None, icon_name: str | None = None) -> QAction:
        action = QAction(self.window)
        action.setObjectName(f"action_{key}")
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)  # shortcuts work wherever the focus is in the window
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        self.actions: dict[str, QAction] = {}
        self._action("preferences", self.show_preferences, QKeySequence.StandardKey.Preferences, "settings")
        if self.actions["preferences"].shortcut().isEmpty():
            self.actions["preferences"].setShortcut(QKeySequence("Ctrl+,"))
        self._action("paste", self.paste_links, QKeySequence.StandardKey.Paste, "clipboard")
        self._action("pause_all", lambda: pause_all(self.engine), "Ctrl+Alt+P", "pause")
        self._action("resume_all", lambda: resume_all(self.engine), "Ctrl+Alt+R", "play")
        self._action("shortcuts", self.show_shortcuts, "Ctrl+/", "keyboard")
        self._action("about", self.show_about, None, "info")
        self.actions["about"].setMenuRole(QAction.MenuRole.AboutRole)
        self.actions["preferences"].setMenuRole(QAction.MenuRole.PreferencesRole)
        for i, panel in enumerate(self.panels()):
            self._action(f"tab{i}", lambda _=False, p=panel: self.window.tabs.setCurrentWidget(p), f"Ctrl+{i + 1}")
        group = QActionGroup(self.window)
        self.theme_actions = {}
        for mode in theme.MODES:
            action = QAction(self.window, checkable=True)
            action.setChecked(mode == self.theme.mode)
            action.triggered.connect(lambda _=False, m=mode: self.set_theme(m))
            group.addAction(action)
            self.theme_actions[mode] = action
        log_toggle = self.window.log_dock.toggleViewAction()
        log_toggle.setShortcut(QKeySequence("Ctrl+L"))
        log_toggle.setIcon(icon("log"))
        if hasattr(self.window, "quit_action"):
            self.window.quit_action.setIcon(icon("quit"))

    def _build_menus(self) -> None:
        window = self.window
        bar = window.menuBar()
        window.file_menu.insertAction(window.quit_action, self.actions["preferences"])
        window.file_menu.insertSeparator(window.quit_action)
        self.downloads_menu = bar.addMenu("")
        panel_actions = getattr(window.downloads, "actions_", {})
        for key in ("add", "open"):  # in the menu bar: their keys work on every tab, wherever the focus is
            if key in panel_actions:
                panel_actions[key].setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if "add" in panel_actions:
            panel_actions["add"].triggered.connect(lambda: window.tabs.setCurrentWidget(window.downloads))
            self.downloads_menu.addAction(panel_actions["add"])
        self.downloads_menu.addAction(self.actions["paste"])
        self.downloads_menu.addSeparator()
        self.downloads_menu.addAction(self.actions["pause_all"])
        self.downloads_menu.addAction(self.actions["resume_all"])
        schedule = getattr(window.downloads, "menu_actions", {}).get("schedule")
        if schedule is not None:
            schedule.setIcon(icon("state-queued"))
            self.downloads_menu.addAction(schedule)
        if "open" in panel_actions:
            self.downloads_menu.addSeparator()
            self.downloads_menu.addAction(panel_actions["open"])
        bar.insertMenu(window.view_menu.menuAction(), self.downloads_menu)
        self.theme_menu = window.view_menu.addMenu(icon("theme"), "")
        for action in self.theme_actions.values():
            self.theme_menu.addAction(action)
        window.view_menu.addSeparator()
        for i in range(len(self.panels())):
            window.view_menu.addAction(self.actions[f"tab{i}"])
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.actions["shortcuts"])
        self.help_menu.addAction(self.actions["about"])

    def _decorate(self) -> None:
        window = self.window
        for i, panel in enumerate(self.panels()):
            name = next((attr for attr in TAB_ICONS if getattr(window, attr, None) is panel), None)
            window.tabs.setTabIcon(i, icon(TAB_ICONS.get(name, "window")))
        downloads = window.downloads
        for key, action in getattr(downloads, "actions_", {}).items():
            action.setIcon(icon(ACTION_ICONS.get(key, "window")))
        for toolbar in downloads.findChildren(QToolBar):
            toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            toolbar.setObjectName(toolbar.objectName() or "downloadsToolbar")
        for panel in self.panels():
            for attr, name in BUTTON_ICONS.items():
                button = getattr(panel, attr, None)
                if button is not None and hasattr(button, "setIcon"):
                    button.setIcon(icon(name))
        columns = getattr(downloads.model, "COLUMNS", ())
        message = columns.index("message") if "message" in columns else len(columns) - 1
        tune_table(downloads.table, elide_middle_columns=(message,))
        self.empty_states = [EmptyState(downloads.table, icon("downloads", "muted"), self._downloads_empty_text)]
        if "state" in columns:
            downloads.table.setColumnWidth(columns.index("state"), 130)  # "downloading" beside its icon
        for panel in self.panels():
            table = getattr(panel, "table", None)
            if table is not None and panel is not downloads:
                tune_table(table)
                # the panel's own content (chart, image) is the main thing; the jobs list stays compact
                rows = table.verticalHeader().defaultSectionSize()
                table.setMaximumHeight(table.horizontalHeader().sizeHint().height() + int(rows * 4.5) + 4)
                self.empty_states.append(EmptyState(table, icon("chart", "muted"), self._jobs_empty_text))
        view = getattr(getattr(window, "arrays", None), "view", None)
        self.mandelbrot_hint = None
        self._mandel_view = view
        if view is not None:
            self.mandelbrot_hint = QLabel(view)
            self.mandelbrot_hint.setObjectName("mandelbrotHint")
            self.mandelbrot_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.mandelbrot_hint.setWordWrap(True)
            hint_palette = QPalette()
            hint_palette.setColor(QPalette.ColorRole.WindowText, QColor("#d0d4da"))  # on the black view
            self.mandelbrot_hint.setPalette(hint_palette)
            self.mandelbrot_hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            view.installEventFilter(self)

    def _downloads_empty_text(self) -> tuple[str, str]:
        return (self.tr("No downloads yet"),
                self.tr("Drop links here, paste with Ctrl+V, or Add… (one link per line, or a .txt list)."))

    def _jobs_empty_text(self) -> tuple[str, str]:
        return (self.tr("No jobs yet"),
                self.tr("Start a job above; it shows here with its progress. Select it and press Cancel "
                        "selected to stop it."))

    def first_run_size(self) -> None:
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        width = max(900, min(1280, int(area.width() * 0.8)))
        height = max(640, min(860, int(area.height() * 0.85)))
        self.window.resize(min(width, area.width()), min(height, area.height()))
        self.window.resizeDocks([self.window.log_dock], [120], Qt.Orientation.Vertical)

    # -- texts ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        texts = {
            "preferences": self.tr("&Preferences…"), "paste": self.tr("&Paste links"),
            "pause_all": self.tr("Pause &all"), "resume_all": self.tr("&Resume all"),
            "shortcuts": self.tr("&Keyboard shortcuts"), "about": self.tr("&About Tributary"),
        }
        tips = {
            "preferences": self.tr("Download folder, limits, proxy, theme, language, notifications"),
            "paste": self.tr("Add the http(s) links on the clipboard to the downloads"),
            "pause_all": self.tr("Pause every queued and running download"),
            "resume_all": self.tr("Resume every paused download"),
            "shortcuts": self.tr("Every keyboard shortcut of the window"),
            "about": self.tr("Versions of Tributary and the libraries it runs on"),
        }
        for i in range(len(self.panels())):
            texts[f"tab{i}"] = self.tr("Go to {tab}").format(tab=without_mnemonic(self.window.tabs.tabText(i)))
            tips[f"tab{i}"] = texts[f"tab{i}"]
        for key, action in self.actions.items():
            action.setText(texts[key])
            action.setToolTip(tips[key])
        for mode, text in zip(theme.MODES, (self.tr("&System"), self.tr("&Light"), self.tr("&Dark"))):
            self.theme_actions[mode].setText(text)
        self.theme_menu.setTitle(self.tr("&Theme"))
        self.downloads_menu.setTitle(self.tr("&Downloads"))
        self.help_menu.setTitle(self.tr("&Help"))
        for state in self.empty_states:
            state.retranslate()
        if self.mandelbrot_hint is not None:
            self.mandelbrot_hint.setText(self.tr("Press Render to draw the Mandelbrot set on every core.\n"
                                                 "Click to zoom in, right click to zoom out."))
        self.name_controls()

    def name_controls(self) -> None:
        window = self.window
        window.tabs.setAccessibleName(self.tr("Pillars"))
        window.downloads.table.setAccessibleName(self.tr("Downloads"))
        for panel in self.panels():
            table = getattr(panel, "table", None)
            if table is not None and panel is not window.downloads:
                table.setAccessibleName(self.tr("Jobs"))
        view = getattr(getattr(window, "arrays", None), "view", None)
        if view is not None:
            view.setAccessibleName(self.tr("Mandelbrot image"))
        for toolbar in window.findChildren(QToolBar):
            for button in toolbar.findChildren(QToolButton):
                action = button.defaultAction()
                if action is not None:
                    button.setAccessibleName(without_mnemonic(action.text()))
                elif button.objectName() == "qt_toolbar_ext_button":  # shown when the actions do not fit
                    button.setAccessibleName(self.tr("More actions"))
                    button.setToolTip(self.tr("More actions"))
        window.downloads.toolbar.setAccessibleName(self.tr("Download actions"))
        fill_accessibility(window)

    # -- events --------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.LanguageChange:
            QTimer.singleShot(0, self, self.retranslate)  # after the panels renamed their own controls
        elif kind == QEvent.Type.ChildAdded and event.child().isWidgetType() and not self._restyle_soon:
            # sent from inside the child's constructor, before it is known to be a chart: look once the
            # slot that made it has finished (and has set its own colours)
            self._restyle_soon = True
            QTimer.singleShot(0, self, self._restyle_plots)
        elif watched is self._mandel_view and kind in (QEvent.Type.Resize, QEvent.Type.Paint):
            if shiboken6.isValid(self.mandelbrot_hint):
                view = watched
                self.mandelbrot_hint.setGeometry(view.rect())
                self.mandelbrot_hint.setVisible(getattr(view, "image", None) is None
                                                and getattr(view, "live", None) is None)
        return False

    def _restyle_plots(self) -> None:
        self._restyle_soon = False
        if shiboken6.isValid(self.window):
            theme.restyle_plots(self.window)

    def on_theme_changed(self, _dark: bool) -> None:
        theme.restyle_plots(self.window)

    def hide_to_tray(self, event) -> bool:
        """Close-to-tray: a close from the window manager hides the window when the setting is on and a
        tray exists. Programmatic closes (Quit, the tray's Quit, signals) always go through."""
        if not event.spontaneous() or not prefs.read(self.settings, "desktop/close_to_tray") or not self.tray.available:
            return False
        self.window.save_settings()
        self.window.hide()
        event.ignore()
        return True

    def shutdown(self) -> None:
        self.tray.stop()
        self.clipboard.set_enabled(False)
        if self.instance is not None:
            self.instance.close()
        self.notifier.wait(1.0)

    # -- actions -------------------------------------------------------------------------------------
    def attach_instance(self, server, entries: list) -> None:
        """Take links from later starts (``server``) and the ones this start was given."""
        self.instance = server
        if server is not None:
            server.setParent(self)
            server.received.connect(self.add_links)
        if entries:
            self.add_links(entries)

    def add_links(self, entries: list) -> None:
        """Add ``entries`` [(url, sha256 or None)] to the downloads (current folder) and show the window."""
        if entries:
            self.window.downloads.add([tuple(e) for e in entries])
            self.window.tabs.setCurrentWidget(self.window.downloads)
        show_window(self.window)

    def paste_links(self) -> None:
        from tributary.workers.links import extract_links

        links = extract_links(QGuiApplication.clipboard().text())
        if links:
            self.add_links([(url, None) for url in links])
        else:
            self.window.statusBar().showMessage(self.tr("The clipboard holds no http or https link."), 4000)

    def set_theme(self, mode: str) -> None:
        prefs.write(self.settings, "appearance/theme", mode)
        self.theme.apply(mode)
        self.theme_actions[self.theme.mode].setChecked(True)

    def apply_engine_settings(self) -> None:
        prefs.apply_to_engine(self.settings, self.engine)

    def show_preferences(self) -> None:
        dialog = prefs.PreferencesDialog(self.settings, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self.apply_preferences)
        dialog.open()
        self.preferences_dialog = dialog

    def apply_preferences(self, keys: list[str]) -> None:
        """Apply changed settings to the running app (what the app supports today)."""
        read = lambda name: prefs.read(self.settings, name)  # noqa: E731
        panel = self.window.downloads
        if "appearance/theme" in keys:
            self.set_theme(read("appearance/theme"))
        if "language" in keys:
            code = prefs.language_code(self.settings)
            self.services.languages.apply(code)
            if code in getattr(self.window, "language_actions", {}):
                self.window.language_actions[code].setChecked(True)
        if "desktop/clipboard_watch" in keys:
            self.clipboard.set_enabled(read("desktop/clipboard_watch"))
        for name, widget in (("downloads/concurrency", getattr(panel, "concurrency", None)),
                             ("downloads/per_host", getattr(panel, "per_host", None))):
            if name in keys and widget is not None:
                widget.setValue(read(name))  # the panel applies it to the engine
        if "downloads/speed_limit_kib" in keys and hasattr(panel, "speed_limit"):
            panel.speed_limit.set_value_kib(read("downloads/speed_limit_kib"))  # the panel's quick control agrees
        if "downloads/folder" in keys and hasattr(panel, "folder"):
            panel.folder.setText(read("downloads/folder"))
        if any(k.startswith("network/proxy") for k in keys):
            self.services.proxy_changed()
        if any(k.startswith("compute/") for k in keys):
            self.services.cluster_changed()
        self.apply_engine_settings()

    def show_about(self) -> None:
        from tributary.gui.about import AboutDialog

        dialog = AboutDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_shortcuts(self) -> None:
        from tributary.gui.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.window, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
