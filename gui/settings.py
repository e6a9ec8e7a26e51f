"""Typed reads of the settings file: a value that is missing, malformed or out of range gives its default.

The settings file is the user's (and editable by hand): ``concurrency=abc`` or ``window/tab=xyz`` must
never stop the app. Every read of a number, a flag or a choice goes through one of these functions,
which log what they ignored.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QSettings

log = logging.getLogger("tributary.settings")


def _ignored(key: str, value, default) -> None:
    log.warning("setting %s=%r is not valid; using %r", key, value, default)


def int_setting(settings: QSettings, key: str, default: int, lo: int, hi: int) -> int:
    """The integer stored under ``key`` if it is one within ``[lo, hi]``; ``default`` otherwise."""
    value = settings.value(key, default)
    try:
        number = float(value) if isinstance(value, str) and "." in value else int(value)
        if isinstance(number, float):
            if not math.isfinite(number) or number != int(number):
                raise ValueError(value)
            number = int(number)
    except (TypeError, ValueError, OverflowError):
        _ignored(key, value, default)
        return default
    if not lo <= number <= hi:
        _ignored(key, value, default)
        return default
    return number


def bool_setting(settings: QSettings, key: str, default: bool) -> bool:
    """``true``/``false`` (as QSettings writes them, or 1/0, yes/no); ``default`` for anything else."""
    value = settings.value(key, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    _ignored(key, value, default)
    return default


def choice_setting(settings: QSettings, key: str, default: str, choices) -> str:
    """The stored text if it is one of ``choices``; ``default`` otherwise."""
    value = settings.value(key, default)
    if isinstance(value, str) and value in choices:
        return value
    _ignored(key, value, default)
    return default


def text_setting(settings: QSettings, key: str, default: str) -> str:
    """The stored text (a list or other type written by hand gives ``default``)."""
    value = settings.value(key, default)
    if isinstance(value, str):
        return value
    _ignored(key, value, default)
    return default
