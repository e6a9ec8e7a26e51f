"""The Downloads panel: a table of transfers with per-row and selection actions, the add dialog,
drag-and-drop, the destination, live concurrency, totals and a throughput sparkline.

All state lives in the engine (``workers.downloads``) and the :class:`DownloadsModel`; this widget turns
text into an :class:`~tributary.workers.downloads.requests.AddRequest` and clicks into engine calls, and
follows the :class:`~tributary.gui.bridge.EngineBridge` like every other view (no timer of its own: the
totals follow the bridge's ticks, at most twice a second).
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tributary.gui import preferences as prefs
from tributary.gui.delegates import ProgressDelegate
from tributary.gui.download_details import DownloadDetails
from tributary.gui.i18n import ENGINE
from tributary.gui.models import DownloadsModel, human_bytes, selected_row_numbers
from tributary.gui.panels.base import ERROR_BORDER, ERROR_STYLE
from tributary.workers.downloads.requests import AddRequest
from tributary.workers.jobs import JobState, UserError

TOTALS_EVERY = 0.5  # seconds between two updates of the totals line and the sparkline


class AddUrlsDialog(QDialog):
    """Paste URLs (one per line, optionally followed by a SHA-256) or import a .txt/.csv list.

    Accepting checks the text and the panel's folder (``folder_text()``) into :attr:`request`; an error
    is shown here and the dialog stays open.
    """

    def __init__(self, folder_text=lambda: "", parent=None) -> None:
        super().__init__(parent)
        self.folder_text = folder_text
        self.request: AddRequest | None = None
        self.setWindowTitle(self.tr("Add downloads"))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("https://example.org/file.iso  [SHA-256]\n…"))
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.import_button = QPushButton(self.tr("Import list…"), self)
        self.import_button.clicked.connect(self.import_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("One http or https URL per line, optionally followed by its SHA-256."), self))
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(640, 360)

    def import_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Import a list of URLs"), "", self.tr("Lists (*.txt *.csv);;All files (*)"))
        dialog.fileSelected.connect(self.load)
        dialog.open()

    def load(self, path: str) -> None:
        self.text.appendPlainText(Path(path).read_text(encoding="utf-8-sig", errors="replace"))

    def accept(self) -> None:
        try:
            self.request = AddRequest.from_text(self.text.toPlainText(), self.folder_text())
        except UserError as exc:
            self.error.setText(ENGINE.tr(exc.message))
            self.error.setVisible(True)
            return
        super().accept()


class DownloadsPanel(QWidget):
    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.engine = services.downloads
        self.bridge = services.bridge
        self.setAcceptDrops(True)
        self.history: deque[tuple[float, float]] = deque(maxlen=120)
        self.sparkline = None
        self._totals_at = 0.0
        self._build_table()
        self._build_actions()
        self._build_options()
        self._build_layout()
        self._connect()
        self.retranslate()
        self.update_actions()

    # -- building ----------------------------------------------------------------------------------
    def _build_table(self) -> None:
        self.model = DownloadsModel(self.bridge, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(DownloadsModel.PROGRESS_COLUMN, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((220, 80, 140, 90, 70, 90)):
            self.table.setColumnWidth(col, width)

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
        self.error = QLabel(self)  # what was wrong with the last thing added (the folder, the text)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for widget in (self.folder_label, self.folder, self.browse):
            top.addWidget(widget, 1 if widget is self.folder else 0)
        top.addSpacing(12)
        for widget in (self.concurrency_label, self.concurrency, self.per_host_label, self.per_host, self.manifest,
                       self.gunzip):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.details = DownloadDetails(self)  # "why slow?" for the selected download
        layout.addWidget(self.details)
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
        self.model.retranslate()
        self.update_totals()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- adding --------------------------------------------------------------------------------
    def add_dialog(self) -> AddUrlsDialog:
        dialog = AddUrlsDialog(self.folder.text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._dialog_accepted)
        dialog.open()
        return dialog

    def _dialog_accepted(self) -> None:
        dialog = self.sender()
        if isinstance(dialog, AddUrlsDialog) and dialog.request is not None:
            self.add_request(dialog.request)

    def add_text(self, text: str) -> list:
        """Add the URL lines in ``text`` into the folder of the folder field; errors show in the panel."""
        try:
            request = AddRequest.from_text(text, self.folder.text())
        except UserError as exc:
            self.show_error(exc)
            return []
        return self.add_request(request)

    def add(self, entries: list[tuple[str, str | None]]) -> list:
        """Add ``(url, sha256 or None)`` entries into the folder of the folder field."""
        try:
            request = AddRequest.from_entries(entries, self.folder.text())
        except UserError as exc:
            self.show_error(exc)
            return []
        return self.add_request(request)

    def add_request(self, request: AddRequest) -> list:
        """Hand a checked request to the engine; a folder the engine cannot use shows at the folder field."""
        try:
            folder = request.ensure_folder()
            added = self.engine.add(list(request.entries), folder)
        except UserError as exc:
            self.show_error(exc)
            return []
        self.show_error(None)
        return added

    def start_download(self, url: str, folder) -> object:
        """Download one URL into ``folder``; returns its job (used by the self-test and tests)."""
        (transfer,) = self.engine.add([(url, None)], folder)
        return transfer.job if transfer.job is not None else transfer

    def show_error(self, exc: UserError | None) -> None:
        text = ENGINE.tr(exc.message) if exc is not None else ""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.folder.setStyleSheet(ERROR_BORDER if exc is not None and exc.field == "folder" else "")

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

    # -- selection actions ---------------------------------------------------------------------
    def selected(self) -> list:
        return [self.model.transfer(r) for r in selected_row_numbers(self.table.selectionModel())]

    def _selected_in(self, *states: JobState) -> list:
        return [t for t in self.selected() if JobState(t.item.state) in states]

    def pause_selected(self) -> None:
        for t in self.selected():
            self.engine.pause(t)

    def resume_selected(self) -> None:
        for t in self._selected_in(JobState.PAUSED, JobState.CANCELLED):
            self.engine.resume(t)

    def cancel_selected(self) -> None:
        for t in self.selected():
            self.engine.cancel(t)

    def retry_selected(self) -> None:
        for t in self._selected_in(JobState.FAILED):
            self.engine.retry(t)

    def remove_selected(self) -> None:
        self.engine.remove(self.selected())  # one journal transaction, one model operation per range

    def move_selected(self, where: str) -> None:
        chosen = self.selected()
        if chosen:
            self.engine.move(chosen, where)

    def open_folder(self, *_args) -> None:
        chosen = self.selected()
        folder = chosen[0].item.folder if chosen else self.folder.text()
        QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

    def update_actions(self, *_args) -> None:
        states = {JobState(t.item.state) for t in self.selected()}
        active = any(s.active for s in states)
        self.actions_["pause"].setEnabled(active)
        self.actions_["cancel"].setEnabled(active)
        self.actions_["resume"].setEnabled(bool(states & {JobState.PAUSED, JobState.CANCELLED}))
        self.actions_["retry"].setEnabled(JobState.FAILED in states)
        self.actions_["remove"].setEnabled(bool(states))
        for key in ("top", "up", "down", "bottom"):
            self.actions_[key].setEnabled(bool(states))

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
        self.totals.setText(self.tr("{done} of {total} files · {bytes} · {speed}/s").format(
            done=done, total=len(transfers), bytes=human_bytes(moved), speed=human_bytes(speed)))
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
