"""What every panel shares: its jobs table with Cancel, and a 25 Hz view refresh."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget

from tributary.gui.models import REFRESH_HZ, JobsModel


class JobPanel(QWidget):
    """Base panel: ``self.body`` for the panel's own controls, a jobs table below it."""

    kinds: tuple[str, ...] = ()

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = services.runner
        self.model = JobsModel(self.runner, self, kinds=self.kinds)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.cancel_selected = QPushButton(self)
        self.cancel_selected.clicked.connect(self.on_cancel_selected)
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.body, 3)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_selected)
        layout.addLayout(row)
        self._tick = QTimer(self)
        self._tick.setInterval(1000 // REFRESH_HZ)
        self._tick.timeout.connect(self.update_view)
        self._tick.start()

    def on_cancel_selected(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        for row in rows:
            self.runner.cancel(self.model.job(row))

    def update_view(self) -> None:
        """Called at most 25 times a second; panels show their running job's progress here."""

    def retranslate(self) -> None:
        self.cancel_selected.setText(QCoreApplication.translate("JobPanel", "Cancel selected"))
        self.model.retranslate()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
