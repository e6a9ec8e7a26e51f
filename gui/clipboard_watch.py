"""Opt-in clipboard watching: http(s) links copied in another program are *offered*, never added.

Off by default (``desktop/clipboard_watch``). When on, :class:`ClipboardWatcher` listens to
``QClipboard.dataChanged`` (no polling), ignores what this app copied itself and links it offered
before, and emits ``offered(links)``. :class:`LinkOfferBar` shows the offer without a modal dialog:
"Download 2 copied links?" with Add and Dismiss.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolBar, QWidget

from tributary.gui.icons import icon
from tributary.workers.links import extract_links


class ClipboardWatcher(QObject):
    offered = Signal(list)

    def __init__(self, clipboard, enabled: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.clipboard = clipboard
        self.enabled = False
        self.seen: set[str] = set()
        self.set_enabled(enabled)

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        if on:
            self.clipboard.dataChanged.connect(self.check)
        else:
            self.clipboard.dataChanged.disconnect(self.check)

    def check(self) -> list[str]:
        if not self.enabled or self.clipboard.ownsClipboard():
            return []
        fresh = [url for url in extract_links(self.clipboard.text()) if url not in self.seen]
        self.seen.update(fresh)
        if fresh:
            self.offered.emit(fresh)
        return fresh


class LinkOfferBar(QToolBar):
    """A slim bar under the menus: the offered links, Add and Dismiss. Hidden when there is no offer."""

    accepted = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("linkOfferBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.links: list[str] = []
        holder = QWidget(self)
        self.icon_label = QLabel(holder)
        self.icon_label.setPixmap(icon("link", "accent").pixmap(20, 20))
        self.text = QLabel(holder)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = QPushButton(icon("add"), "", holder)
        self.dismiss_button = QPushButton(icon("close"), "", holder)
        self.add_button.clicked.connect(self.accept)
        self.dismiss_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(holder)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.icon_label)
        row.addWidget(self.text, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.dismiss_button)
        self.addWidget(holder)
        self.retranslate()
        self.hide()

    def offer(self, links: list[str]) -> None:
        self.links = list(dict.fromkeys(self.links + links))
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Copied links"))
        n = len(self.links)
        first = self.links[0] if self.links else ""
        if len(first) > 80:
            first = first[:50] + "…" + first[-25:]
        self.text.setText(self.tr("Download the link you copied? {url}").format(url=first) if n == 1 else
                          self.tr("Download the {n} links you copied? {url} …").format(n=n, url=first))
        self.text.setToolTip("\n".join(self.links[:30]))
        self.add_button.setText(self.tr("&Add"))
        self.add_button.setToolTip(self.tr("Add the copied links to the downloads"))
        self.dismiss_button.setText(self.tr("&Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Ignore these links"))

    def accept(self) -> None:
        links, self.links = self.links, []
        self.hide()
        if links:
            self.accepted.emit(links)

    def dismiss(self) -> None:
        self.links = []
        self.hide()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
