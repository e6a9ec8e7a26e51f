"""The About dialog: what Tributary is, and the versions of everything it runs on.

Versions come from package metadata (``importlib.metadata``), never by importing numpy or aiohttp on
the GUI thread; Qt and PySide6 are loaded already. The text can be copied for a bug report.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout

from tributary.gui.icons import app_icon, icon


def _dist_version(*names: str) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "?"


def prime_kernel() -> str:
    """What counts primes here: libprimesieve where it loads (a ctypes load, ~2 ms), else the numpy sieve
    and why (without importing numpy)."""
    from tributary.workers import primesieve_c

    lib = primesieve_c.library()
    fallback = QCoreApplication.translate("AboutDialog", "numpy segmented sieve") + f" (numpy {_dist_version('numpy')})"
    if lib is not None:
        return QCoreApplication.translate("AboutDialog", "{library} ({path}); fallback: {fallback}").format(
            library=lib.name, path=lib.path, fallback=fallback)
    return QCoreApplication.translate("AboutDialog", "{fallback}; libprimesieve not loaded: {reason}").format(
        fallback=fallback, reason=primesieve_c.unavailable_reason())


def versions() -> list[tuple[str, str]]:
    import PySide6
    from PySide6.QtCore import qVersion

    from tributary.workers import __version__

    return [
        ("Tributary", __version__),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}, {sys.platform})"),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("qasync", _dist_version("qasync")),
        ("aiohttp", _dist_version("aiohttp")),
        ("numpy", _dist_version("numpy")),
        ("pyqtgraph", _dist_version("pyqtgraph")),
        ("dask / distributed", f"{_dist_version('dask')} / {_dist_version('distributed')}"),
        (QCoreApplication.translate("AboutDialog", "prime kernel"), prime_kernel()),
    ]


class AboutDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Tributary"))
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(64, 64))
        logo.setAccessibleName(self.tr("Tributary logo"))
        title = QLabel(self)
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setText("<h2>Tributary</h2><p>" + self.tr(
            "Many downloads and CPU-heavy jobs at once, and the window never freezes.") + "</p>")
        title.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(title, 1)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setObjectName("aboutVersions")
        self.details.setPlainText("\n".join(f"{name}: {value}" for name, value in versions()))
        self.details.setAccessibleName(self.tr("Versions"))
        self.details.setToolTip(self.tr("The versions of Tributary and the libraries it runs on"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy = buttons.addButton(self.tr("&Copy versions"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.setIcon(icon("copy"))
        self.copy.setToolTip(self.tr("Copy the versions to the clipboard, e.g. for a bug report"))
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(520, 380)
