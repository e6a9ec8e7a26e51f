"""Languages: Qt translators for the app (``resources/translations``) and for Qt's own strings.

The language follows the system locale unless the user picked one (saved in QSettings). Switching
installs the new translators; Qt then sends ``LanguageChange`` and every widget re-reads its texts.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from tributary.gui.assets import resource_path
from tributary.workers.jobs import Message

log = logging.getLogger("tributary.i18n")

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_CJK_MNEMONIC = re.compile(r"\s*[(（]&[^&\s][)）]")  # "文件(&F)": Chinese menus put the key after the word


def without_mnemonic(text: str) -> str:
    """A menu or label text as a name to list or read out: ``&File`` → ``File``, ``文件(&F)…`` → ``文件…``,
    ``&&`` → ``&``."""
    text = _CJK_MNEMONIC.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def translations_dir() -> Path:
    return Path(resource_path("translations"))


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
        from tributary.gui.formatting import use_language

        use_language(self.current)  # sizes, numbers and times in the same language
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


class EngineMessages:
    """Show the engine's messages in the user's language.

    The engine (Qt-free) raises and reports :class:`~tributary.workers.jobs.Message` objects: an English
    template marked with ``QT_TRANSLATE_NOOP("Engine", …)`` plus its values. Shown here, the template is
    translated and then filled in; values that are messages themselves (a field's name) are translated
    first. Plain text is looked up as a whole and otherwise shown as it is. Nothing is parsed.
    """

    def tr(self, text) -> str:
        if not text:
            return ""
        if isinstance(text, Message):
            return self._format(text)
        return QCoreApplication.translate("Engine", str(text))

    def _format(self, message: Message) -> str:
        target = QCoreApplication.translate("Engine", message.template)
        if not message.values:
            return target
        values = {k: self.tr(v) if isinstance(v, Message) else v for k, v in message.values.items()}
        try:
            return target.format(**values)
        except (KeyError, IndexError, ValueError):  # a catalogue entry that lost a placeholder: English
            log.warning("translation of %r does not fit its values", message.template)
            return message.template.format(**values)


ENGINE = EngineMessages()
