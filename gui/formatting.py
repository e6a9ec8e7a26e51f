"""Sizes, speeds, counts and durations for people, formatted by ``QLocale`` in the app's language.

The default ``QLocale`` is set by the language switcher (:func:`use_language`), so ``1,234,567`` reads
``1,234,567`` in English and the same grouping in Chinese, and sizes use IEC units (KiB, MiB) with the
locale's decimal sign. Durations are translated templates ("2 min 05 s" / "2 分 05 秒").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale


def use_language(code: str) -> None:
    """Make ``QLocale()`` follow the chosen language, keeping the system's conventions when they agree."""
    system = QLocale.system()
    if code == "en":
        locale = system if system.language() == QLocale.Language.English else QLocale("en_US")
    elif code.startswith("zh"):
        locale = system if system.language() == QLocale.Language.Chinese else QLocale("zh_CN")
    else:
        locale = QLocale(code)
    QLocale.setDefault(locale)


def data_size(n: float | None, precision: int = 1) -> str:
    """``1.5 MiB``; ``?`` when unknown."""
    if n is None:
        return "?"
    return QLocale().formattedDataSize(int(max(0, n)), precision, QLocale.DataSizeFormat.DataSizeIecFormat)


def speed(bytes_per_second: float | None) -> str:
    """``1.5 MiB/s``; empty when unknown."""
    if bytes_per_second is None:
        return ""
    return QCoreApplication.translate("Format", "{size}/s").format(size=data_size(bytes_per_second))


def number(n: int | float) -> str:
    """A count with the locale's digit grouping."""
    return QLocale().toString(int(n)) if float(n).is_integer() else QLocale().toString(float(n), "f", 2)


def duration(seconds: float | None) -> str:
    """``42 s``, ``2 min 05 s``, ``1 h 02 min``; empty when unknown."""
    if seconds is None:
        return ""
    s = max(0, int(round(seconds)))
    loc = QLocale()
    if s < 60:
        return QCoreApplication.translate("Format", "{s} s").format(s=loc.toString(s))
    if s < 3600:
        return QCoreApplication.translate("Format", "{m} min {s} s").format(m=loc.toString(s // 60),
                                                                             s=f"{s % 60:02d}")
    return QCoreApplication.translate("Format", "{h} h {m} min").format(h=loc.toString(s // 3600),
                                                                         m=f"{s // 60 % 60:02d}")
