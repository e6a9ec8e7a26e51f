""""Why slow?" — the details pane of one download.

A plain widget fed a :class:`~tributary.workers.downloads.diagnosis.TransferDetails` (a copy the engine
makes with ``engine.details(transfer)``): the findings in words, a summary line (connections, split,
speed limit), one table row per connection (its range, received bytes, speed, time to first byte, state,
HTTP status, why it ended) and the retries with their reasons. It computes nothing: it shows what the
engine says, translated.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from tributary.gui.i18n import ENGINE
from tributary.gui.models import human_bytes


class DownloadDetails(QWidget):
    """Shows one transfer's connections, retries and findings; :meth:`show_details` with ``None`` clears."""

    COLUMNS = 7

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadDetails")
        self.findings = QLabel(self)
        self.findings.setWordWrap(True)
        self.findings.setObjectName("downloadFindings")
        self.summary = QLabel(self)
        self.connections = QTableWidget(0, self.COLUMNS, self)
        self.connections.setObjectName("downloadConnections")
        self.connections.verticalHeader().setVisible(False)
        self.connections.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.connections.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.connections.horizontalHeader().setStretchLastSection(True)
        self.connections.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.retries = QLabel(self)
        self.retries.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.findings)
        layout.addWidget(self.summary)
        layout.addWidget(self.connections, 1)
        layout.addWidget(self.retries)
        self._details = None
        self.retranslate()

    def retranslate(self) -> None:
        self.connections.setHorizontalHeaderLabels([
            self.tr("#"), self.tr("Range"), self.tr("Received"), self.tr("Speed"), self.tr("First byte"),
            self.tr("State"), self.tr("Why it ended")])
        self.connections.setAccessibleName(self.tr("Connections of the selected download"))
        self.show_details(self._details)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def state_label(self, state: str) -> str:
        return {"connecting": self.tr("connecting"), "receiving": self.tr("receiving"), "done": self.tr("done"),
                "retrying": self.tr("will retry"), "failed": self.tr("failed"), "cancelled": self.tr("stopped"),
                "lost-race": self.tr("lost the race")}.get(state, state)

    def show_details(self, details) -> None:
        """Show ``details`` (a TransferDetails), or nothing for ``None``."""
        self._details = details
        if details is None:
            self.findings.setText(self.tr("Select a download to see its connections."))
            self.summary.clear()
            self.retries.clear()
            self.connections.setRowCount(0)
            return
        self.findings.setText("\n".join(ENGINE.tr(f) for f in details.findings) or self.tr("Nothing holds it back."))
        split = self.tr("adaptive") if details.split == 0 else str(details.split)
        limit = human_bytes(details.speed_limit) + "/s" if details.speed_limit else self.tr("none")
        self.summary.setText(self.tr("{active} connections open, aiming at {target} (split: {split}); "
                                     "speed limit: {limit}").format(active=details.active, target=details.target,
                                                                    split=split, limit=limit))
        self._fill(details.connections)
        if details.retries:
            lines = [self.tr("{when:.1f} s, connection {k}: {reason}").format(
                when=r.when, k=r.connection if r.connection is not None else "–", reason=ENGINE.tr(r.reason))
                for r in details.retries[-5:]]
            self.retries.setText(self.tr("Retries:") + "\n" + "\n".join(lines))
        else:
            self.retries.clear()

    def _fill(self, connections) -> None:
        table = self.connections
        table.setUpdatesEnabled(False)
        try:
            table.setRowCount(len(connections))
            for row, c in enumerate(connections):
                end = f"{c.end - 1:,}" if c.end else "…"
                cells = (str(c.index), f"{c.start:,}–{end}", human_bytes(c.received),
                         human_bytes(c.speed) + "/s" if c.closed is None else "",
                         f"{c.ttfb * 1000:.0f} ms" if c.ttfb is not None else "",
                         self.state_label(c.state) + (f" ({c.status})" if c.status else ""),
                         ENGINE.tr(c.error) if c.error else "")
                for col, text in enumerate(cells):
                    item = table.item(row, col)
                    if item is None:
                        table.setItem(row, col, QTableWidgetItem(text))
                    elif item.text() != text:
                        item.setText(text)
        finally:
            table.setUpdatesEnabled(True)
