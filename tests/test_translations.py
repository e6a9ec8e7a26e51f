"""Every user-visible string of the GUI is in the zh_CN catalogue, translated, and compiled."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import ROOT

TS = ROOT / "resources" / "translations" / "tributary_zh_CN.ts"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(path).iter("context"):
        name = ctx.find("name").text
        for msg in ctx.iter("message"):
            out[(name, msg.find("source").text)] = msg.find("translation")
    return out


def test_catalogue_is_complete_and_current(tmp_path):
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for d in ("gui", "workers") for p in sorted((ROOT / d).rglob("*.py"))]  # engine messages too
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = set(_messages(fresh))
    have = _messages(TS)
    assert wanted - set(have) == set(), "run ./dev.sh ts and translate the new strings"
    unfinished = [key for key in wanted if have[key].get("type") == "unfinished" or not (have[key].text or "").strip()]
    assert unfinished == []


def test_compiled_catalogue_is_not_older_than_the_source():
    qm = TS.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_size > 1000
    out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(TS)], cwd=ROOT, capture_output=True, text=True)
    out_qm = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(qm)], cwd=ROOT, capture_output=True,
                            text=True)
    if out.stdout.strip() and out_qm.stdout.strip():
        assert int(out_qm.stdout) >= int(out.stdout)


# -- strings that were never marked ----------------------------------------------------------------
MARKED_CALLS = {"UserError", "Message", "Retryable"}
# The command line's usage errors stay English, like its --help text (argparse): a terminal tool is not
# translated. Everything it shares with the app (bounds, sizes, engine errors) is marked in the engine.
CLI_ONLY = {"workers/cli.py", "workers/lab/cli.py"}  # usage errors of the command line (argparse speaks English too)


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_marked(node: ast.expr) -> bool:
    """``QT_TRANSLATE_NOOP("Engine", "literal")``, or a name (a constant or a message made elsewhere), or a
    module's constant (``diagnosis.TOO_SLOW``: an upper-case attribute), or another error's ``.message``."""
    if isinstance(node, ast.Name) or (isinstance(node, ast.Attribute) and (node.attr.isupper() or node.attr == "message")):
        return True
    return (isinstance(node, ast.Call) and _call_name(node.func) == "QT_TRANSLATE_NOOP" and len(node.args) == 2
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
            and node.args[0].value == "Engine")


def test_every_engine_message_is_a_marked_template():
    """The first argument of every ``UserError``/``Message``/``Retryable`` is a marked literal (or a name
    holding one): an f-string or plain English would reach the window untranslated."""
    offenders = []
    for folder in ("workers", "gui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in CLI_ONLY:
                continue
            for node in ast.walk(ast.parse(path.read_text(), rel)):
                if isinstance(node, ast.Call) and _call_name(node.func) in MARKED_CALLS:
                    if not node.args or not _is_marked(node.args[0]):
                        offenders.append(f"{rel}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert offenders == []


def test_the_marking_check_catches_plain_english():
    code = 'raise UserError("The lower bound is greater than the upper bound.")\nMessage(f"{n} done")\n'
    calls = [n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call)]
    assert [_is_marked(c.args[0]) for c in calls] == [False, False]
    assert _is_marked(ast.parse('QT_TRANSLATE_NOOP("Engine", "{n} done")').body[0].value)


# -- the window in zh_CN shows no English -----------------------------------------------------------
# Words that are the same in every language: the product, the language's own name, formats, units,
# protocols, key names. Anything else in English is a string somebody forgot to mark or translate.
ALLOWED = {"Tributary", "English", "CSV", "SHA-256", "SHA256SUMS", "GB/s", "KiB/s", "MiB/s", "GB", "GIL", "gz", "http", "https", "ms", "KiB",
           "MiB", "GiB", "TiB", "Ctrl", "Shift", "Del", "Alt", "ID", "ln", "txt", "Home", "End"}
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")
_PATH = re.compile(r"(?<![\w])/[^\s，。；：（）]*")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_/-]*[A-Za-z0-9]|[A-Za-z]")  # SHA-256, SHA256SUMS and GB/s are one token each


def _english(text: str) -> list[str]:
    """The tokens of ``text`` that read as English words (two letters or more, not allowed above)."""
    text = _PATH.sub(" ", _URL.sub(" ", text or ""))
    return [t for t in _TOKEN.findall(text) if t not in ALLOWED and sum(c.isascii() and c.isalpha() for c in t) >= 2]


def _texts(root) -> list[tuple[str, str]]:
    """Every string a person can see on ``root`` and its children: labels, buttons, tooltips, combo items,
    tab texts, placeholders, table headers and cells, menus and actions, window titles."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QDockWidget,
        QLabel,
        QLineEdit,
        QMenu,
        QPlainTextEdit,
        QTabWidget,
        QWidget,
    )

    out: list[tuple[str, str]] = [(type(root).__name__, root.windowTitle())]
    for w in [root, *root.findChildren(QWidget)]:
        name = f"{type(w).__name__}:{w.objectName()}"
        if _in_chart(w):
            continue
        out.append((name + " tooltip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((name, w.text()))
        if isinstance(w, (QLineEdit, QPlainTextEdit)):  # their text is the user's; the hint is ours
            out.append((name + " placeholder", w.placeholderText()))
        if isinstance(w, QComboBox):
            out += [(name + f" item {i}", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            out += [(name + f" tab {i}", w.tabText(i)) for i in range(w.count())]
        if isinstance(w, (QMenu, QDockWidget)):
            out.append((name + " title", w.title() if isinstance(w, QMenu) else w.windowTitle()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            out += [(name + f" header {c}", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                    for c in range(model.columnCount())]
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        out.append((name + f" cell {r},{c}", str(model.data(model.index(r, c), role) or "")))
    for action in root.findChildren(QAction):
        if _in_chart(action):
            continue
        out += [(f"QAction:{action.text()!r}", action.text()), (f"QAction:{action.text()!r} tooltip", action.toolTip())]
    return out


def _in_chart(obj) -> bool:
    """pyqtgraph's plot widgets bring their own English context menus (a third-party limitation); our
    texts on charts (legend names, axis labels) are translated with the rest."""
    while obj is not None:
        if type(obj).__module__.startswith("pyqtgraph"):
            return True
        obj = obj.parent()
    return False


def _show_an_error_in_each_panel(window) -> None:
    window.primes.high.setText("1e400")  # too large: the message names the field, in Chinese
    window.arrays.size.setText("-5")
    window.downloads.folder.setText("")
    window.downloads.add_text("https://example.org/x.bin")


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform's popup menu
def test_the_window_in_chinese_shows_no_english(window, services, qtbot, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    assert services.languages.apply("zh_CN")
    try:
        qtbot.waitUntil(lambda: window.tabs.tabText(1) == "素数", timeout=2000)  # LanguageChange has no signal
        primes, arrays, downloads = window.primes, window.arrays, window.downloads
        primes.high.setText("1e6")
        with qtbot.waitSignal(primes.jobEnded, timeout=20000):
            primes.on_start()
        arrays.size.setText("1e6")
        arrays.executor.setCurrentIndex(arrays.executor.findData("single"))
        with qtbot.waitSignal(arrays.jobEnded, timeout=20000):
            arrays.on_start()
        with qtbot.waitSignal(arrays.render_slot.ended, timeout=20000):
            window.tabs.setCurrentWidget(arrays)  # first shown: the Mandelbrot view renders
        downloads.folder.setText(str(tmp_path))
        from conftest import run_async

        run_async(qtbot, downloads.add([("ftp://example.org/x", None)]))  # a failed row with its error
        _show_an_error_in_each_panel(window)
        assert primes.high_error.text() and arrays.size_error.text() and downloads.error.text()
        dialog = downloads.add_dialog()
        dialog.accept()  # empty: the dialog says why
        assert dialog.error.text()
        downloads.table.selectRow(0)  # the failed row: its context menu, speed limit and connections
        downloads.show_context_menu(None)
        queue_dialogs = [downloads.schedule_dialog(), downloads.limit_dialog(), downloads.connections_dialog()]
        queue_dialogs[0].enabled.setChecked(True)
        for box in queue_dialogs[0].days:
            box.setChecked(False)
        queue_dialogs[0].accept()  # no day: the engine's reason, in Chinese
        assert queue_dialogs[0].error.text() and all(queue_dialogs)
        walked = _texts(window) + _texts(dialog) + [t for d in queue_dialogs for t in _texts(d)]
        found = [(where, text, _english(text)) for where, text in walked]
        bad = [(where, text) for where, text, words in found if words]
        assert bad == [], bad
        assert len([t for _, t, _ in found if t]) > 150  # it really walked the window
        box = dialog.findChild(QDialogButtonBox)
        assert {b.text() for b in box.buttons()} == {"确定", "取消"}  # Qt's own strings are in Chinese too
        dialog.reject()
        downloads.context_menu.close()
        for queue_dialog in queue_dialogs:
            queue_dialog.reject()
    finally:
        services.languages.apply("en")
