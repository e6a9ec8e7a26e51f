"""Languages: Qt translators for the app (``resources/translations``) and for Qt's own strings.

The language follows the system locale unless the user picked one (saved in QSettings). Switching
installs the new translators; Qt then sends ``LanguageChange`` and every widget re-reads its texts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def translations_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources" / "translations"


def system_language() -> str:
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


class LanguageSwitcher:
    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.current = "en"
        self._installed: list[QTranslator] = []

    def apply(self, language: str) -> bool:
        """Install ``language`` (``en`` removes translators). True if its catalogue loaded."""
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []
        self.current = language if language in LANGUAGES else "en"
        if self.current == "en":
            return True
        ours = QTranslator(self.app)
        ok = ours.load(f"tributary_{self.current}", str(translations_dir()))
        if ok:
            self.app.installTranslator(ours)
            self._installed.append(ours)
        qt = QTranslator(self.app)
        if qt.load(f"qtbase_{self.current}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self.app.installTranslator(qt)
            self._installed.append(qt)
        return ok
