"""The Downloads panel: a table of transfers with per-row and selection actions, the add dialog,
drag-and-drop, the destination, live concurrency, totals and a throughput sparkline; queue control
(rows reordered by drag, priorities, a context menu with per-download speed limit and connections), the
overall speed limit, the schedule's state and what happens when the queue ends.

All state lives in the engine (``workers.downloads``) and the :class:`DownloadsModel`; this widget turns
text into an :class:`~tributary.workers.downloads.requests.AddRequest` and clicks into engine calls, and
follows the :class:`~tributary.gui.bridge.EngineBridge` like every other view (no timer of its own: the
totals follow the bridge's ticks, at most twice a second).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tributary.gui import formatting
from tributary.gui import preferences as prefs
from tributary.gui.delegates import ProgressDelegate
from tributary.gui.download_details import DownloadDetails
from tributary.gui.i18n import ENGINE
from tributary.gui.models import DownloadsModel, human_bytes, selected_row_numbers
from tributary.gui.schedule import ScheduleDialog, status_text
from tributary.gui.transfer_dialogs import ConnectionsDialog, RateEdit, SpeedLimitDialog
from tributary.gui.widgets import ErrorLabel, error_border
from tributary.workers.downloads.requests import AddRequest
from tributary.workers.jobs import JobState, UserError

TOTALS_EVERY = 0.5  # seconds between two updates of the totals line and the sparkline
PRIORITIES = (("high", 1), ("normal", 0), ("low", -1))
QUEUE_END_ACTIONS = ("nothing", "notify", "quit")


class AddUrlsDialog(QDialog):
    """Paste URLs (one per line, optionally followed by a SHA-256) or import a .txt/.csv list, and
    choose the folder they go to (the panel's folder to begin with).

    Accepting checks the text and the folder into :attr:`request`; an error is shown here, at the folder
    when the folder is wrong, and the dialog stays open with everything typed so far. Tab leaves the
    URL box (a URL list has no use for tab characters) and Ctrl+Enter adds.
    """

    def __init__(self, folder: str = "", parent=None) -> None:
        super().__init__(parent)
        self.request: AddRequest | None = None
        self.setWindowTitle(self.tr("Add downloads"))
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("https://example.org/file.iso  [SHA-256]\n…"))
        intro = QLabel(self.tr("One http or https URL per line, optionally followed by its checksum (SHA-256, SHA-512, SHA-1 or MD5)."), self)
        intro.setBuddy(self.text)
        self.text.setAccessibleName(intro.text())
        self.folder = QLineEdit(folder, self)
        folder_label = QLabel(self.tr("Save to"), self)
        folder_label.setBuddy(self.folder)
        self.folder.setAccessibleName(folder_label.text())
        self.folder.textChanged.connect(lambda: self.folder.setStyleSheet(""))
        self.browse = QPushButton(self.tr("Browse…"), self)
        self.browse.clicked.connect(self.choose_folder)
        self.error = ErrorLabel(self)
        self.import_button = QPushButton(self.tr("Import list…"), self)
        self.import_button.clicked.connect(self.import_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self._layout(intro, folder_label, buttons)
        self.resize(640, 400)

    def _layout(self, intro: QLabel, folder_label: QLabel, buttons: QDialogButtonBox) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        folder_row = QHBoxLayout()
        folder_row.addWidget(folder_label)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        layout.addLayout(folder_row)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)

    def import_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Import a list of URLs"), "", self.tr("Lists (*.txt *.csv);;All files (*)"))
        dialog.fileSelected.connect(self.load)
        dialog.open()

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Save downloads to"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.open()

    def load(self, path: str) -> None:
        self.text.appendPlainText(Path(path).read_text(encoding="utf-8-sig", errors="replace"))

    def accept(self) -> None:
        try:
            self.request = AddRequest.from_text(self.text.toPlainText(), self.folder.text())
        except UserError as exc:
            self.error.setText(ENGINE.tr(exc.message))
            self.error.setVisible(True)
            self.folder.setStyleSheet(error_border() if exc.field == "folder" else "")
            (self.folder if exc.field == "folder" else self.text).setFocus()
            return
        super().accept()


class DownloadsPanel(QWidget):
    """The Downloads tab (see the module's docstring). URLs are claimed in the journal off the GUI thread
    and their rows appear in one batch; meanwhile the totals line says how many are being added.

    Signals:
        added(list[Transfer]): a batch of URLs is in the table (its transfers, in the order given).
    """

    added = Signal(object)  # a list (not converted element by element)

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.engine = services.downloads
        self.bridge = services.bridge
        self.pending = 0  # URLs the journal is claiming (off the GUI thread) for batches not shown yet
        self.setAcceptDrops(True)
        self.history: deque[tuple[float, float]] = deque(maxlen=120)
        self.sparkline = None
        self._totals_at = 0.0
        self._build_table()
        self._build_actions()
        self._build_menu()
        self._build_options()
        self._build_queue_row()
        self._build_layout()
        self._connect()
        chain = (self.folder, self.browse, self.concurrency, self.per_host, self.manifest, self.gunzip, self.table)
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)  # reading order, not the order the widgets were made in
        self.retranslate()
        self.update_actions()
        self.update_schedule()

    # -- building ----------------------------------------------------------------------------------
    def _build_table(self) -> None:
        self.model = DownloadsModel(self.bridge, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(DownloadsModel.PROGRESS_COLUMN, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # arrows move between rows; Tab leaves the table
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((220, 80, 140, 90, 70, 90)):
            self.table.setColumnWidth(col, width)
        # the message stretches; the priority keeps its width at the right
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DownloadsModel.COLUMNS.index("message"), QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(DownloadsModel.COLUMNS.index("priority"), 80)
        # reorder by drag: the model turns a drop into one engine move (see DownloadsModel.dropMimeData)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDropIndicatorShown(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _build_actions(self) -> None:
        self.toolbar = QToolBar(self)
        self.actions_ = {}
        for key, slot, shortcut in (("add", self.add_dialog, QKeySequence.StandardKey.New),
                                    ("pause", self.pause_selected, QKeySequence("Ctrl+P")),
                                    ("resume", self.resume_selected, QKeySequence("Ctrl+R")),
                                    ("cancel", self.cancel_selected, QKeySequence("Ctrl+.")),
                                    ("retry", self.retry_selected, QKeySequence("Ctrl+Shift+R")),
                                    ("remove", self.remove_selected, QKeySequence.StandardKey.Delete),
                                    ("open", self.open_folder, QKeySequence("Ctrl+O")),
                                    ("top", lambda: self.move_selected("top"), QKeySequence("Ctrl+Home")),
                                    ("up", lambda: self.move_selected("up"), QKeySequence("Ctrl+Up")),
                                    ("down", lambda: self.move_selected("down"), QKeySequence("Ctrl+Down")),
                                    ("bottom", lambda: self.move_selected("bottom"), QKeySequence("Ctrl+End"))):
            action = QAction(self)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.toolbar.addAction(action)
            self.addAction(action)
            self.actions_[key] = action

    def _build_menu(self) -> None:
        """The rows' context menu (also the Menu key or Shift+F10): the toolbar's actions, Move, Priority,
        Speed limit…, Connections…."""
        self.menu_actions: dict[str, QAction] = {}
        for key, slot in (("limit", self.limit_dialog), ("connections", self.connections_dialog),
                          ("schedule", self.schedule_dialog), ("menu", lambda: self.show_context_menu(None))):
            action = QAction(self)
            action.setObjectName(f"action_{key}")
            action.triggered.connect(slot)
            self.menu_actions[key] = action
        self.menu_actions["menu"].setShortcut(QKeySequence("Shift+F10"))
        self.menu_actions["menu"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.menu_actions["menu"])
        menu = self.context_menu = QMenu(self)  # a child of the panel: built once, retranslated with it
        menu.setObjectName("downloadsContextMenu")
        for key in ("pause", "resume", "cancel", "retry"):
            menu.addAction(self.actions_[key])
        menu.addSeparator()
        self.move_menu = menu.addMenu("")
        for key in ("top", "up", "down", "bottom"):
            self.move_menu.addAction(self.actions_[key])
        self.priority_menu = menu.addMenu("")
        self.priority_group = QActionGroup(self)
        self.priority_group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.priority_actions: dict[str, QAction] = {}
        for key, value in PRIORITIES:
            action = QAction(self, checkable=True)
            action.setObjectName(f"action_priority_{key}")
            action.triggered.connect(lambda _=False, v=value: self.set_priority_selected(v))
            self.priority_group.addAction(action)
            self.priority_menu.addAction(action)
            self.priority_actions[key] = action
        menu.addAction(self.menu_actions["limit"])
        menu.addAction(self.menu_actions["connections"])
        menu.addSeparator()
        menu.addAction(self.actions_["open"])
        menu.addAction(self.actions_["remove"])
        menu.aboutToShow.connect(self._check_priority)

    def _build_queue_row(self) -> None:
        """The overall speed limit (live, ``downloads/speed_limit_kib``), the schedule and its state, and
        what happens when the queue ends (``downloads/queue_end_action``)."""
        settings = self.services.settings
        self.speed_limit_label = QLabel(self)
        self.speed_limit = RateEdit(self)
        self.speed_limit.setObjectName("globalSpeedLimit")
        self.speed_limit.set_value_kib(prefs.read(settings, "downloads/speed_limit_kib"))
        self.speed_limit_label.setBuddy(self.speed_limit.number)
        self.schedule_button = QPushButton(self)
        self.schedule_button.setObjectName("scheduleButton")
        self.schedule_status = QLabel(self)
        self.schedule_status.setObjectName("scheduleStatus")
        self.queue_end_label = QLabel(self)
        self.queue_end = QComboBox(self)
        self.queue_end.setObjectName("queueEndAction")
        for key in QUEUE_END_ACTIONS:
            self.queue_end.addItem("", key)
        self.queue_end.setCurrentIndex(QUEUE_END_ACTIONS.index(prefs.read(settings, "downloads/queue_end_action")))
        self.queue_end_label.setBuddy(self.queue_end)

    def _build_options(self) -> None:
        settings, engine = self.services.settings, self.engine
        self.folder = QLineEdit(self)
        self.folder.setText(prefs.read(settings, "downloads/folder"))  # typed reads: a bad value gives the default
        self.browse = QPushButton(self)
        self.concurrency = QSpinBox(self)
        self.concurrency.setRange(1, 64)
        self.concurrency.setValue(prefs.read(settings, "downloads/concurrency"))
        engine.settings.concurrency = self.concurrency.value()
        self.per_host = QSpinBox(self)
        self.per_host.setRange(1, 64)
        self.per_host.setValue(prefs.read(settings, "downloads/per_host"))
        engine.settings.per_host = self.per_host.value()
        self.manifest = QCheckBox(self)
        self.manifest.setChecked(prefs.read(settings, "downloads/manifest"))
        self.gunzip = QCheckBox(self)
        self.gunzip.setChecked(prefs.read(settings, "downloads/gunzip"))
        self.set_option("manifest", self.manifest.isChecked())
        self.set_option("gunzip", self.gunzip.isChecked())
        self.folder_label, self.concurrency_label, self.totals = QLabel(self), QLabel(self), QLabel(self)
        self.per_host_label = QLabel(self)
        for label, field in ((self.folder_label, self.folder), (self.concurrency_label, self.concurrency),
                             (self.per_host_label, self.per_host)):
            label.setBuddy(field)  # a screen reader names the field by its label
        self.error = ErrorLabel(self)  # what was wrong with the last thing added (the folder, the text)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for widget in (self.folder_label, self.folder, self.browse):
            top.addWidget(widget, 1 if widget is self.folder else 0)
        top.addSpacing(12)
        for widget in (self.concurrency_label, self.concurrency, self.per_host_label, self.per_host, self.manifest,
                       self.gunzip):
            top.addWidget(widget)
        queue = QHBoxLayout()
        for widget in (self.speed_limit_label, self.speed_limit):
            queue.addWidget(widget)
        queue.addSpacing(12)
        queue.addWidget(self.schedule_button)
        queue.addWidget(self.schedule_status)
        queue.addStretch(1)
        queue.addWidget(self.queue_end_label)
        queue.addWidget(self.queue_end)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(top)
        layout.addLayout(queue)
        layout.addWidget(self.error)
        # the list is the main thing; the "why slow?" pane of the selected download sits under it, resizable
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("downloadsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.details = DownloadDetails(self.splitter)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([3000, 1000])  # scaled to the space the window gives it
        layout.addWidget(self.splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        self.sparkline_holder = bottom
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.table.doubleClicked.connect(self.open_folder)
        self.folder.editingFinished.connect(self.save_folder)
        self.folder.textChanged.connect(self.clear_error)
        self.browse.clicked.connect(self.choose_folder)
        self.concurrency.valueChanged.connect(self.set_concurrency)
        self.per_host.valueChanged.connect(self.set_per_host)
        self.manifest.toggled.connect(self.set_manifest)
        self.gunzip.toggled.connect(self.set_gunzip)
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        # rows moved (a Move action, a drop, rows added or removed): the selection may now be at an end
        for signal in (self.model.layoutChanged, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self.update_actions)
        self.table.customContextMenuRequested.connect(self.show_context_menu)
        self.speed_limit.changed.connect(self.set_speed_limit)
        self.schedule_button.clicked.connect(self.schedule_dialog)
        self.queue_end.currentIndexChanged.connect(self.set_queue_end_action)
        self.bridge.queueHeld.connect(self.update_schedule)
        self.services.scheduler.changed.connect(self.update_schedule)
        for signal in (self.bridge.transfersChanged, self.bridge.transfersAdded, self.bridge.transfersRemoved):
            signal.connect(self.on_transfers)
        self.bridge.idle.connect(self.update_totals)

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        names = {"add": self.tr("Add URLs…"), "pause": self.tr("Pause"), "resume": self.tr("Resume"),
                 "cancel": self.tr("Cancel"), "retry": self.tr("Retry"), "remove": self.tr("Remove"),
                 "open": self.tr("Open folder"), "top": self.tr("Move to top"), "up": self.tr("Move up"),
                 "down": self.tr("Move down"), "bottom": self.tr("Move to bottom")}
        for key, action in self.actions_.items():
            action.setText(names[key])
            action.setToolTip(f"{names[key]} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        self.folder_label.setText(self.tr("Save to"))
        self.browse.setText(self.tr("Browse…"))
        self.concurrency_label.setText(self.tr("At once"))
        self.per_host_label.setText(self.tr("per server"))
        self.manifest.setText(self.tr("Write SHA256SUMS"))
        self.manifest.setToolTip(self.tr("Record the SHA-256 of every finished file in SHA256SUMS in its folder"))
        self.gunzip.setText(self.tr("Decompress .gz"))
        self.gunzip.setToolTip(self.tr("Decompress finished .gz files next to them (off the GUI thread)"))
        self._retranslate_queue()
        self.model.retranslate()
        self.update_totals()

    def _retranslate_queue(self) -> None:
        texts = {"limit": (self.tr("Speed &limit…"), self.tr("Limit the speed of the selected downloads")),
                 "connections": (self.tr("&Connections…"), self.tr("How many connections each selected download "
                                                                   "uses")),
                 "schedule": (self.tr("&Schedule…"), self.tr("Start and pause the queue at set times on chosen "
                                                             "days")),
                 "menu": (self.tr("Actions for the selected downloads"),
                          self.tr("Actions for the selected downloads (Shift+F10 or the Menu key)"))}
        for key, (text, tip) in texts.items():
            self.menu_actions[key].setText(text)
            self.menu_actions[key].setToolTip(tip)
        self.move_menu.setTitle(self.tr("&Move"))
        self.priority_menu.setTitle(self.tr("&Priority"))
        for key, text in (("high", self.tr("&High")), ("normal", self.tr("&Normal")), ("low", self.tr("&Low"))):
            self.priority_actions[key].setText(text)
            self.priority_actions[key].setToolTip(self.tr("Queued downloads of higher priority start first"))
        self.speed_limit_label.setText(self.tr("Speed limit"))
        self.speed_limit.number.setAccessibleName(self.tr("Speed limit of all downloads"))
        self.speed_limit.number.setToolTip(self.tr("The most all downloads together may use, applied at once; "
                                                   "Unlimited when 0"))
        self.schedule_button.setText(self.tr("Schedule…"))
        self.schedule_button.setToolTip(texts["schedule"][1])
        self.schedule_button.setAccessibleName(self.tr("Schedule"))
        self.schedule_status.setAccessibleName(self.tr("Schedule state"))
        self.queue_end_label.setText(self.tr("When the queue ends"))
        for i, text in enumerate((self.tr("Do nothing"), self.tr("Notify me"), self.tr("Quit Tributary"))):
            self.queue_end.setItemText(i, text)
        self.queue_end.setAccessibleName(self.tr("When the queue ends"))
        self.queue_end.setToolTip(self.tr("What happens when the last queued download has finished"))
        self.update_schedule()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- adding --------------------------------------------------------------------------------
    def add_dialog(self) -> AddUrlsDialog:
        dialog = AddUrlsDialog(self.folder.text(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.folder.textChanged.connect(dialog.folder.setText)  # one folder while the dialog is open
        dialog.accepted.connect(self._dialog_accepted)
        dialog.open()
        return dialog

    def _dialog_accepted(self) -> None:
        dialog = self.sender()
        if isinstance(dialog, AddUrlsDialog) and dialog.request is not None:
            if dialog.folder.text() != self.folder.text():  # a folder chosen in the dialog is the new default
                self.folder.setText(dialog.folder.text())
                self.save_folder()
            self.add_request(dialog.request)

    def add_text(self, text: str) -> asyncio.Future:
        """Add the URL lines in ``text`` into the folder of the folder field; errors show in the panel.
        The future gives the transfers once their rows are in the table (``[]`` after an error)."""
        try:
            request = AddRequest.from_text(text, self.folder.text())
        except UserError as exc:
            self.show_error(exc)
            return _ready([])
        return self.add_request(request)

    def add(self, entries: list[tuple[str, str | None]]) -> asyncio.Future:
        """Add ``(url, sha256 or None)`` entries into the folder of the folder field (see :meth:`add_text`)."""
        try:
            request = AddRequest.from_entries(entries, self.folder.text())
        except UserError as exc:
            self.show_error(exc)
            return _ready([])
        return self.add_request(request)

    def add_request(self, request: AddRequest) -> asyncio.Future:
        """Hand a checked request to the engine. The folder is made and the URLs claimed in the journal
        off the GUI thread (:meth:`DownloadEngine.add_soon`); the rows then appear at once (one model
        operation) and :attr:`added` is emitted. The future gives the transfers; a folder the engine
        cannot use shows at the folder field (and gives ``[]``)."""
        count = len(request.entries)
        self.pending += count
        self.update_totals()  # "adding …" until the rows are there
        answer = asyncio.get_event_loop().create_future()
        claimed = self.engine.add_soon(list(request.entries), request.folder)
        claimed.add_done_callback(lambda _: self._added(claimed, count, answer))
        return answer

    def _added(self, claimed: asyncio.Future, count: int, answer: asyncio.Future) -> None:
        """The engine's answer to an add (on the loop): the rows are in, or the error shows."""
        self.pending -= count
        alive = shiboken6.isValid(self)  # the window may have closed meanwhile
        error = claimed.exception()
        if not answer.done():
            answer.set_result(claimed.result() if error is None else [])
        if isinstance(error, UserError):
            if alive:
                self.show_error(error)
        elif error is not None:
            raise error  # to the loop's exception handler: the error dialog
        elif alive:
            self.show_error(None)
            self.added.emit(claimed.result())
        if alive:
            asyncio.get_event_loop().call_soon(self._totals_soon)  # after the rows' paint, not with it

    def _totals_soon(self) -> None:
        if shiboken6.isValid(self):
            self.update_totals()

    async def start_download(self, url: str, folder) -> object:
        """Download one URL into ``folder``; returns its job (used by the self-test and tests)."""
        (transfer,) = await self.engine.add_async([(url, None)], folder)
        return transfer.job if transfer.job is not None else transfer

    def show_error(self, exc: UserError | None) -> None:
        text = ENGINE.tr(exc.message) if exc is not None else ""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.folder.setStyleSheet(error_border() if exc is not None and exc.field == "folder" else "")

    def clear_error(self) -> None:
        self.show_error(None)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        data = event.mimeData()
        self.add_text("\n".join(u.toString() for u in data.urls()) if data.hasUrls() else data.text())
        event.acceptProposedAction()

    # -- options ---------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Save downloads to"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.fileSelected.connect(self.save_folder)
        dialog.open()

    def save_folder(self, *_args) -> None:
        self.services.settings.setValue("downloads/folder", self.folder.text())

    def set_concurrency(self, value: int) -> None:
        self.engine.set_concurrency(value)
        self.services.settings.setValue("downloads/concurrency", value)

    def set_per_host(self, value: int) -> None:
        self.engine.settings.per_host = value  # applies as transfers start
        self.services.settings.setValue("downloads/per_host", value)

    def set_manifest(self, on: bool) -> None:
        self.set_option("manifest", on)

    def set_gunzip(self, on: bool) -> None:
        self.set_option("gunzip", on)

    def set_option(self, key: str, on: bool) -> None:
        setattr(self.engine.settings, {"manifest": "manifest", "gunzip": "decompress_gz"}[key], on)
        self.services.settings.setValue(f"downloads/{key}", "true" if on else "false")

    def set_speed_limit(self, kib: int) -> None:
        """The overall limit, at once, and stored where the preferences read it."""
        self.engine.set_speed_limit(kib * 1024)
        prefs.write(self.services.settings, "downloads/speed_limit_kib", kib)

    def set_queue_end_action(self, index: int) -> None:
        prefs.write(self.services.settings, "downloads/queue_end_action", QUEUE_END_ACTIONS[max(0, index)])

    # -- the schedule --------------------------------------------------------------------------
    def schedule_dialog(self) -> ScheduleDialog:
        dialog = ScheduleDialog(self.services.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.services.scheduler.reload)
        dialog.open()
        return dialog

    def update_schedule(self, *_args) -> None:
        """Say whether the schedule holds the queue, and until when (nothing without a schedule)."""
        text = status_text(self.services.scheduler.status())
        self.schedule_status.setText(text)
        self.schedule_status.setToolTip(text)
        self.schedule_status.setVisible(bool(text))

    # -- selection actions ---------------------------------------------------------------------
    def selected(self) -> list:
        return [self.model.transfer(r) for r in selected_row_numbers(self.table.selectionModel())]

    def _selected_in(self, *states: JobState) -> list:
        return [t for t in self.selected() if JobState(t.item.state) in states]

    def pause_selected(self) -> None:
        self.engine.pause(self.selected())  # one pass: one journal batch, one job notification

    def resume_selected(self) -> None:
        self.engine.resume(self._selected_in(JobState.PAUSED, JobState.CANCELLED))

    def cancel_selected(self) -> None:
        self.engine.cancel(self.selected())

    def retry_selected(self) -> None:
        self.engine.retry(self._selected_in(JobState.FAILED))

    def remove_selected(self) -> None:
        self.engine.remove(self.selected())  # one journal transaction, one model operation per range

    def move_selected(self, where: str) -> None:
        chosen = self.selected()
        if chosen:
            self.engine.move(chosen, where)

    def set_priority_selected(self, priority: int) -> None:
        chosen = self.selected()
        if chosen:
            self.engine.set_priority(chosen, priority)
            self.bridge.kick()  # the Priority column shows it at the next tick

    def _check_priority(self) -> None:
        """The Priority submenu ticks the selection's priority (none when the rows differ)."""
        values = {t.priority for t in self.selected()}
        for key, value in PRIORITIES:
            self.priority_actions[key].setChecked(values == {value})

    def limit_dialog(self) -> SpeedLimitDialog | None:
        chosen = self._selected_unfinished()
        if not chosen:
            return None
        dialog = SpeedLimitDialog(chosen[0].speed_limit // 1024, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_limit(chosen, dialog.kib()))
        dialog.open()
        return dialog

    def _apply_limit(self, chosen: list, kib: int) -> None:
        for t in chosen:
            if t in self.engine.transfers:
                self.engine.set_transfer_limit(t, kib * 1024)
        self.bridge.kick()

    def connections_dialog(self) -> ConnectionsDialog | None:
        chosen = self._selected_unfinished()
        if not chosen:
            return None
        first = chosen[0]
        dialog = ConnectionsDialog(self.engine.settings.split if first.split is None else first.split, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_split(chosen, dialog.connections()))
        dialog.open()
        return dialog

    def _apply_split(self, chosen: list, connections: int) -> None:
        for t in chosen:
            if t in self.engine.transfers:
                self.engine.set_split(t, connections)
        self.bridge.kick()

    def _selected_unfinished(self) -> list:
        return [t for t in self.selected() if t.item.state != "done"]

    def show_context_menu(self, pos=None) -> None:
        """The context menu at ``pos`` (viewport coordinates), or at the current row (keyboard)."""
        table = self.table
        index = table.indexAt(pos) if pos is not None else table.currentIndex()
        if index.isValid() and not table.selectionModel().isRowSelected(index.row()):
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            table.selectionModel().setCurrentIndex(index, flags)  # a right click on an unselected row: that row
        if not self.selected():
            return
        self.update_actions()
        at = pos if pos is not None else table.visualRect(index).center()
        self.context_menu.popup(table.viewport().mapToGlobal(at))

    def open_folder(self, *_args) -> None:
        chosen = self.selected()
        folder = chosen[0].item.folder if chosen else self.folder.text()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(folder)):  # no file manager: say so, not nothing
            self.error.setText(self.tr("Could not open {folder}: this desktop has no program set up to show "
                                       "folders.").format(folder=folder))
            self.error.setVisible(True)

    def update_actions(self, *_args) -> None:
        rows = selected_row_numbers(self.table.selectionModel())
        states = {JobState(self.model.transfer(r).item.state) for r in rows}
        active = any(s.active for s in states)
        self.actions_["pause"].setEnabled(active)
        self.actions_["cancel"].setEnabled(active)
        self.actions_["resume"].setEnabled(bool(states & {JobState.PAUSED, JobState.CANCELLED}))
        self.actions_["retry"].setEnabled(JobState.FAILED in states)
        self.actions_["remove"].setEnabled(bool(states))
        # a selection already at the top (a block from the first row) cannot go up; at the bottom, down
        at_top = bool(rows) and sorted(rows) == list(range(len(rows)))
        count = self.model.rowCount()
        at_bottom = bool(rows) and sorted(rows) == list(range(count - len(rows), count))
        for key, blocked in (("top", at_top), ("up", at_top), ("down", at_bottom), ("bottom", at_bottom)):
            self.actions_[key].setEnabled(bool(states) and not blocked)
        unfinished = bool(states - {JobState.DONE})
        for action in (self.menu_actions["limit"], self.menu_actions["connections"], *self.priority_actions.values()):
            action.setEnabled(unfinished)

    # -- following the engine ------------------------------------------------------------------
    def on_transfers(self, _transfers: list) -> None:
        """The bridge's tick (≤ 25 Hz): actions follow the selected rows; totals at most twice a second."""
        self.update_actions()
        if time.monotonic() - self._totals_at >= TOTALS_EVERY:
            self.update_totals()

    def update_totals(self) -> None:
        self._totals_at = time.monotonic()
        transfers = self.engine.transfers
        done = sum(t.item.state == "done" for t in transfers)
        moved = sum(t.item.bytes_done for t in transfers)
        speed = sum(t.speed for t in transfers if t.item.state == "running")
        text = self.tr("{done} of {total} files · {bytes} · {speed}/s").format(
            done=done, total=len(transfers), bytes=human_bytes(moved), speed=human_bytes(speed))
        if self.pending:
            text = self.tr("Adding {count} URLs…").format(count=formatting.number(self.pending)) + " · " + text
        self.totals.setText(text)
        chosen = self.selected()
        self.details.show_details(self.engine.details(chosen[0]) if chosen else None)
        self.history.append((time.monotonic(), speed))
        if speed > 0 or self.sparkline is not None:
            self.draw_sparkline()

    def draw_sparkline(self) -> None:
        if self.sparkline is None:
            import pyqtgraph as pg

            self.sparkline = pg.PlotWidget(self)
            self.sparkline.setBackground(None)
            self.sparkline.hideAxis("bottom")
            self.sparkline.hideAxis("left")
            self.sparkline.setFixedSize(220, 36)
            self.sparkline.setMouseEnabled(False, False)
            self.sparkline.hideButtons()
            self._line = self.sparkline.plot([], [], pen=pg.mkPen("#2c7fb8", width=2))
            self.sparkline_holder.addWidget(self.sparkline)
        now = time.monotonic()
        self._line.setData([t - now for t, _ in self.history], [s for _, s in self.history])


def _ready(value) -> asyncio.Future:
    """A future that already holds ``value``."""
    future = asyncio.get_event_loop().create_future()
    future.set_result(value)
    return future
