"""Languages: Qt translators for the app (``resources/translations``) and for Qt's own strings.

The language follows the system locale unless the user picked one (saved in QSettings). Switching
installs the new translators; Qt then sends ``LanguageChange`` and every widget re-reads its texts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from tributary.gui.assets import resource_path

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


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
    """Show the engine's English messages in the user's language.

    The engine (Qt-free) marks its message templates with ``QT_TRANSLATE_NOOP("Engine", …)``, so they
    are in the catalogue. A finished message is matched against those templates; the translated
    template is filled with the values taken from the English one (values that are themselves marked
    words, such as "upper bound", are translated too). Unknown text is shown as it is.
    """

    _FIELD = re.compile(r"\{(\w+)(?:![rs])?(?::[^}]*)?\}")

    def __init__(self) -> None:
        self._patterns: list[tuple[re.Pattern, str]] | None = None
        self._cache: dict[str, str] = {}
        self._language = None

    def _load(self) -> list[tuple[re.Pattern, str]]:
        patterns = []
        ts = translations_dir() / "tributary_zh_CN.ts"
        try:
            root = ET.parse(ts).getroot()
        except (OSError, ET.ParseError):
            return patterns
        engine = [c for c in root.iter("context") if c.findtext("name") == "Engine"]
        sources = [m.findtext("source") or "" for c in engine for m in c.iter("message")]
        # a {what} is one of the engine's own marked words ("upper bound"), never a guess
        words = "|".join(re.escape(w) for w in sorted((w for w in sources if "{" not in w and " " in w or
                                                         w.isalpha()), key=len, reverse=True))
        for context in engine:
            for message in context.iter("message"):
                template = message.findtext("source") or ""
                if "{" not in template:
                    continue
                regex, last, names = "", 0, set()
                for m in self._FIELD.finditer(template):
                    regex += re.escape(template[last:m.start()])
                    name = m.group(1)
                    if name in names:
                        regex += f"(?P={name})"
                    elif name == "what" and words:
                        regex += f"(?P<{name}>{words})"
                    else:
                        regex += f"(?P<{name}>.+?)"
                    names.add(name)
                    last = m.end()
                regex += re.escape(template[last:])
                patterns.append((re.compile(regex + r"\Z", re.S), template))
        patterns.sort(key=lambda p: -len(p[1]))  # the most specific template first
        return patterns

    def tr(self, text: str | None) -> str:
        if not text:
            return text or ""
        language = QCoreApplication.translate("Engine", "lower bound")  # changes with the language
        if language != self._language:
            self._language, self._cache = language, {}
        if text in self._cache:
            return self._cache[text]
        translated = QCoreApplication.translate("Engine", text)
        if translated == text:
            if self._patterns is None:
                self._patterns = self._load()
            for pattern, template in self._patterns:
                m = pattern.match(text)
                if m is None:
                    continue
                values = {k: self.tr(v) if k in ("what", "error") else v for k, v in m.groupdict().items()}
                target = QCoreApplication.translate("Engine", template)
                translated = self._FIELD.sub(lambda f, v=values: v.get(f.group(1), f.group(0)), target)
                break
        self._cache[text] = translated
        return translated


ENGINE = EngineMessages()
