"""The Downloads panel: URLs in, one streamed coroutine job per URL on the qasync loop."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from gui.panels.base import JobPanel
from workers.fetch import fetch_to_folder


class DownloadsPanel(JobPanel):
    kinds = ("download",)

    def __init__(self, services, parent=None) -> None:
        super().__init__(services, parent)
        self.urls = QPlainTextEdit(self)
        self.folder = QLineEdit(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation), self)
        self.browse = QPushButton(self)
        self.start = QPushButton(self)
        self.hint = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        row.addWidget(self.start)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.urls, 1)
        self.body.addLayout(row)
        self.browse.clicked.connect(self.choose_folder)
        self.start.clicked.connect(self.on_start)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.hint.setText(self.tr("Paste http or https URLs, one per line."))
        self.browse.setText(self.tr("Folder…"))
        self.start.setText(self.tr("Download"))

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Download into"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.open()

    def on_start(self) -> list:
        folder = Path(self.folder.text())
        jobs = []
        for line in self.urls.toPlainText().splitlines():
            url = line.strip()
            if url:
                jobs.append(self.start_download(url, folder))
        return jobs

    def start_download(self, url: str, folder: Path):
        name = Path(urlsplit(url).path).name or "download"

        async def body(job):
            session = await self.services.http_session()
            return await fetch_to_folder(job, session, url, folder, name)

        return self.runner.start_coroutine("download", url, body)
