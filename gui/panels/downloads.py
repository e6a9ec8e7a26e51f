"""The Downloads panel: a table of transfers with per-row and selection actions, the add dialog,
drag-and-drop, the destination, live concurrency, totals and a throughput sparkline.

All state lives in the engine (``workers.downloads``) and the :class:`DownloadsModel`; this widget
only turns clicks into engine calls and repaints at most 25 times a second.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths, Qt, QTimer, QUrl
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

from tributary.gui.delegates import ProgressDelegate
from tributary.gui.i18n import ENGINE
from tributary.gui.models import DownloadsModel, human_bytes, selected_row_numbers
from tributary.gui.settings import bool_setting, int_setting, text_setting
from tributary.workers.downloads.engine import parse_lines
from tributary.workers.jobs import UserError

log = logging.getLogger("tributary.downloads")


class AddUrlsDialog(QDialog):
    """Paste URLs (one per line, optionally followed by a SHA-256) or import a .txt/.csv list."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add downloads"))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("https://example.org/file.iso  [sha256]\n…"))
        self.import_button = QPushButton(self.tr("Import list…"), self)
        self.import_button.clicked.connect(self.import_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("One http or https URL per line, optionally followed by its SHA-256."), self))
        layout.addWidget(self.text)
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

    def entries(self) -> list[tuple[str, str | None]]:
        return parse_lines(self.text.toPlainText())


class DownloadsPanel(QWidget):
    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.engine = services.downloads
        self.setAcceptDrops(True)
        self.model = DownloadsModel(self.engine, self)
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
        self.table.doubleClicked.connect(lambda _: self.open_folder())
        self.toolbar = QToolBar(self)
        self.actions_ = {}
        for key, slot, shortcut in (("add", self.add_dialog, QKeySequence.StandardKey.New),
                                    ("pause", self.pause_selected, QKeySequence("Ctrl+P")),
                                    ("resume", self.resume_selected, QKeySequence("Ctrl+R")),
                                    ("cancel", self.cancel_selected, QKeySequence("Ctrl+.")),
                                    ("retry", self.retry_selected, QKeySequence("Ctrl+Shift+R")),
                                    ("remove", self.remove_selected, QKeySequence.StandardKey.Delete),
                                    ("open", self.open_folder, QKeySequence("Ctrl+O"))):
            action = QAction(self)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.toolbar.addAction(action)
            self.addAction(action)
            self.actions_[key] = action
        self.folder = QLineEdit(self)
        self.folder.setText(text_setting(services.settings, "downloads/folder",
                                         QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)))
        self.folder.editingFinished.connect(lambda: services.settings.setValue("downloads/folder", self.folder.text()))
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self.choose_folder)
        self.concurrency = QSpinBox(self)
        self.concurrency.setRange(1, 64)
        self.concurrency.setValue(int_setting(services.settings, "downloads/concurrency", self.engine.settings.concurrency, 1, 64))
        self.engine.settings.concurrency = self.concurrency.value()
        self.concurrency.valueChanged.connect(self.set_concurrency)
        settings = services.settings
        self.per_host = QSpinBox(self)
        self.per_host.setRange(1, 64)
        self.per_host.setValue(int_setting(settings, "downloads/per_host", self.engine.settings.per_host, 1, 64))
        self.engine.settings.per_host = self.per_host.value()
        self.per_host.valueChanged.connect(self.set_per_host)
        self.manifest = QCheckBox(self)
        self.manifest.setChecked(bool_setting(settings, "downloads/manifest", False))
        self.gunzip = QCheckBox(self)
        self.gunzip.setChecked(bool_setting(settings, "downloads/gunzip", False))
        for box, key in ((self.manifest, "manifest"), (self.gunzip, "gunzip")):
            box.toggled.connect(lambda on, key=key: self.set_option(key, on))
        self.set_option("manifest", self.manifest.isChecked())
        self.set_option("gunzip", self.gunzip.isChecked())
        self.folder_label, self.concurrency_label, self.totals = QLabel(self), QLabel(self), QLabel(self)
        self.per_host_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.folder_label)
        top.addWidget(self.folder, 1)
        top.addWidget(self.browse)
        top.addSpacing(12)
        top.addWidget(self.concurrency_label)
        top.addWidget(self.concurrency)
        top.addWidget(self.per_host_label)
        top.addWidget(self.per_host)
        top.addWidget(self.manifest)
        top.addWidget(self.gunzip)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        self.sparkline = None
        self.sparkline_holder = bottom
        layout.addLayout(bottom)
        self.history: deque[tuple[float, float]] = deque(maxlen=120)
        self._tick = QTimer(self)
        self._tick.setInterval(500)
        self._tick.timeout.connect(self.update_totals)
        self._tick.start()
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        self.model.dataChanged.connect(self.update_actions)
        self.retranslate()
        self.update_actions()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        names = {"add": self.tr("Add URLs…"), "pause": self.tr("Pause"), "resume": self.tr("Resume"),
                 "cancel": self.tr("Cancel"), "retry": self.tr("Retry"), "remove": self.tr("Remove"),
                 "open": self.tr("Open folder")}
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
    def add_dialog(self) -> None:
        dialog = AddUrlsDialog(self)
        dialog.accepted.connect(lambda: self.add(dialog.entries()))
        dialog.open()

    def add(self, entries: list[tuple[str, str | None]]) -> list:
        if not entries:
            return []
        try:
            return self.engine.add(entries, self.folder.text())  # the engine checks and creates the folder
        except UserError as exc:
            self.window().statusBar().showMessage(ENGINE.tr(exc.message), 15000)
            log.warning("%s", exc.message)
            return []

    def start_download(self, url: str, folder) -> object:
        """Download one URL into ``folder``; returns its job (used by the self-test and tests)."""
        (transfer,) = self.engine.add([(url, None)], folder)
        return transfer.job if transfer.job is not None else transfer

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        data = event.mimeData()
        text = "\n".join(u.toString() for u in data.urls()) if data.hasUrls() else data.text()
        self.add(parse_lines(text))
        event.acceptProposedAction()

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Save downloads to"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.fileSelected.connect(lambda path: self.services.settings.setValue("downloads/folder", path))
        dialog.open()

    def set_concurrency(self, value: int) -> None:
        self.engine.set_concurrency(value)
        self.services.settings.setValue("downloads/concurrency", value)

    def set_per_host(self, value: int) -> None:
        self.engine.settings.per_host = value  # applies as transfers start
        self.services.settings.setValue("downloads/per_host", value)

    def set_option(self, key: str, on: bool) -> None:
        setattr(self.engine.settings, {"manifest": "manifest", "gunzip": "decompress_gz"}[key], on)
        self.services.settings.setValue(f"downloads/{key}", "true" if on else "false")

    # -- selection actions ---------------------------------------------------------------------
    def selected(self) -> list:
        return [self.model.transfer(r) for r in selected_row_numbers(self.table.selectionModel())]

    def pause_selected(self) -> None:
        for t in self.selected():
            self.engine.pause(t)

    def resume_selected(self) -> None:
        for t in self.selected():
            if t.item.state in ("paused", "cancelled"):
                self.engine.resume(t)

    def cancel_selected(self) -> None:
        for t in self.selected():
            self.engine.cancel(t)

    def retry_selected(self) -> None:
        for t in self.selected():
            if t.item.state == "failed":
                self.engine.retry(t)

    def remove_selected(self) -> None:
        self.engine.remove(self.selected())  # one journal transaction, one model operation per range

    def open_folder(self) -> None:
        chosen = self.selected()
        folder = chosen[0].item.folder if chosen else self.folder.text()
        QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

    def update_actions(self) -> None:
        states = {t.item.state for t in self.selected()}
        active = bool(states & {"queued", "running"})
        self.actions_["pause"].setEnabled(active)
        self.actions_["cancel"].setEnabled(active)
        self.actions_["resume"].setEnabled(bool(states & {"paused", "cancelled"}))
        self.actions_["retry"].setEnabled("failed" in states)
        self.actions_["remove"].setEnabled(bool(states))

    # -- totals --------------------------------------------------------------------------------
    def update_totals(self) -> None:
        transfers = self.engine.transfers
        done = sum(t.item.state == "done" for t in transfers)
        moved = sum(t.item.bytes_done for t in transfers)
        speed = sum(t.speed for t in transfers if t.item.state == "running")
        self.totals.setText(self.tr("{done} of {total} files · {bytes} · {speed}/s").format(
            done=done, total=len(transfers), bytes=human_bytes(moved), speed=human_bytes(speed)))
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


