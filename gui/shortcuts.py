"""The keyboard shortcuts sheet, built from the window's actions themselves (never a second list): each
key with where it works — anywhere in the window, or on one tab (the Downloads keys act on the selected
downloads)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tributary.gui.i18n import without_mnemonic


def _where(action: QAction, root: QWidget) -> str:
    """Where ``action``'s keys work: the tab it belongs to, or the whole window."""
    owner = action.parent()
    if action.shortcutContext() != Qt.ShortcutContext.WindowShortcut and isinstance(owner, QWidget):
        for tabs in root.findChildren(QTabWidget):
            for i in range(tabs.count()):
                page = tabs.widget(i)
                if page is owner or page.isAncestorOf(owner):
                    return without_mnemonic(tabs.tabText(i))
    return QCoreApplication.translate("ShortcutsDialog", "Anywhere")


def shortcut_rows(root: QWidget) -> list[tuple[str, str, str]]:
    """(action, keys, where) for every action under ``root`` that has a shortcut, in a stable order."""
    rows, seen = [], set()
    for action in root.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        name = without_mnemonic(action.text()).rstrip("…").strip()
        if not keys or not name:
            continue
        entry = (name, ", ".join(keys), _where(action, root))
        if entry not in seen:
            seen.add(entry)
            rows.append(entry)
    anywhere = QCoreApplication.translate("ShortcutsDialog", "Anywhere")
    return sorted(rows, key=lambda row: (row[2] != anywhere, row[2], row[0].casefold()))  # window-wide first


class ShortcutsDialog(QDialog):
    def __init__(self, root: QWidget, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = shortcut_rows(root)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys"), self.tr("Where")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setToolTip(self.tr("Every shortcut of the window"))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)
