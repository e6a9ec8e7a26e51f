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
MARKED_CALLS = {"UserError", "Message", "Retryable", "Restart"}
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
ALLOWED = {"Tributary", "English", "CSV", "SHA-256", "SHA-512", "SHA-1", "MD5", "SHA256SUMS", "GB/s", "KiB/s", "MiB/s", "GB", "GIL", "CPU", "gz", "http",
           "https", "ms", "KiB", "MiB", "GiB", "TiB", "MB", "Ctrl", "Shift", "Del", "Alt", "ID", "ln", "txt", "Home",
           "End", "libprimesieve", "numpy", "Dask", "Python", "ctypes"}  # library names read the same everywhere
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s，。；：（）]+")  # a URL ends before Chinese punctuation
_PATH = re.compile(r"(?<![\w])/[^\s，。；：（）]*")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_/-]*[A-Za-z0-9]|[A-Za-z]")  # SHA-256, SHA256SUMS and GB/s are one token each


def _english(text: str) -> list[str]:
    """The tokens of ``text`` that read as English words (two letters or more, not allowed above)."""
    text = _PATH.sub(" ", _URL.sub(" ", text or ""))
    return [t for t in _TOKEN.findall(text) if t not in ALLOWED and sum(c.isascii() and c.isalpha() for c in t) >= 2]


def _texts(root) -> list[tuple[str, str]]:
    """Every string a person can see on ``root`` and its children: labels, buttons, tooltips, combo items,
    tab texts, placeholders, table headers and cells, menus and actions, window titles."""
    from PySide6.QtCore import QAbstractListModel, Qt
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
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()  # a list's is private
            out += [(name + f" header {c}", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                    for c in range(columns)]
            for r in range(model.rowCount()):
                for c in range(columns):
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
    window.lab.form().set_text("files", "0")


def _log_lines(window, services, qtbot, tmp_path) -> list[str]:
    """Jobs that end every way (done ran already): a primes job cancelled, a download that retries and
    fails; then the Log dock's lines, as shown (technical lines are hidden by default)."""
    from conftest import run_async
    from servers import FaultServer

    primes, dock = window.primes, window.log_dock
    primes.mode.setCurrentIndex(primes.mode.findData("count"))
    primes.high.setText("1e13")
    with qtbot.waitSignal(primes.jobEnded, timeout=20000):
        primes.on_start()
        primes.cancel.click()
    server = FaultServer()
    run_async(qtbot, server.start())
    engine = services.downloads
    try:
        engine.settings.retries, engine.settings.low_speed_time = 1, 1.0
        url = server.base + "/drip?size=1000&every=0.2"  # too slow: retried once, then it fails
        with qtbot.waitSignal(services.bridge.jobFinished, timeout=20000, check_params_cb=lambda j: j.title == url):
            added = window.downloads.add([(url, None)])
        engine.remove(added.result())  # its file name ("drip") is not a word of the window's
    finally:
        run_async(qtbot, server.stop())
    if dock.shown_seq < dock.handler.entries[-1].seq:
        with qtbot.waitSignal(dock.updated, timeout=2000):
            pass
    return dock.view.toPlainText().splitlines()


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform's popup menu
def test_the_window_in_chinese_shows_no_english(window, services, qtbot, tmp_path):
    import logging

    from PySide6.QtWidgets import QDialogButtonBox

    assert services.languages.apply("zh_CN")
    logging.getLogger("tributary").setLevel(logging.INFO)  # as the app runs (run_app): the dock shows INFO
    try:
        qtbot.waitUntil(lambda: window.tabs.tabText(1) == "素数", timeout=2000)  # LanguageChange has no signal
        primes, arrays, downloads = window.primes, window.arrays, window.downloads
        primes.high.setText("1e6")
        primes.workers.setValue(2)
        with qtbot.waitSignal(primes.jobEnded, timeout=60000):  # three series and the words about the GIL
            primes.run_scaling()
        assert primes.scaling_explanation.text()
        with qtbot.waitSignal(primes.jobEnded, timeout=20000):
            primes.on_start()
        assert primes.kernel_used.text()  # the kernel that ran
        arrays.size.setText("1e6")
        arrays.executor.setCurrentIndex(arrays.executor.findData("single"))
        with qtbot.waitSignal(arrays.jobEnded, timeout=20000):
            arrays.on_start()
        with qtbot.waitSignal(arrays.render_slot.ended, timeout=20000):
            window.tabs.setCurrentWidget(arrays)  # first shown: the Mandelbrot view renders
        downloads.folder.setText(str(tmp_path))
        from conftest import run_async

        run_async(qtbot, downloads.add([("ftp://example.org/x", None)]))  # a failed row with its error
        lab = window.lab
        window.tabs.setCurrentWidget(lab)  # built when first shown: its list, form, code, result
        lab.list.setCurrentRow([e.name for e in lab.experiments].index("semaphore"))
        for key, text in {"limits": "1,4", "files": "8", "size_kb": "4", "latency_ms": "20"}.items():
            lab.form().set_text(key, text)
        with qtbot.waitSignal(lab.jobEnded, timeout=30000):
            lab.on_start()
        assert lab.result_table.model().rowCount() == 2 and window.timeline.view.index is not None
        log = _log_lines(window, services, qtbot, tmp_path)
        for said in ("完成，用时", "秒后取消", "次重试", "失败："):  # done, cancelled, a retry, failed
            assert any(said in line for line in log), (said, log)
        _show_an_error_in_each_panel(window)
        assert primes.high_error.text() and arrays.size_error.text() and downloads.error.text()
        assert lab.form().errors["files"].text()
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
        walked += [("log dock", line) for line in log]
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
        logging.getLogger("tributary").setLevel(logging.NOTSET)
        services.languages.apply("en")


# Names from the Python API that the Lab teaches, written as its shown code writes them (code reads the same
# in every language), and what the Lab measures in (CPU, MB).
LAB_CODE = {"asyncio", "gather", "return_exceptions", "True", "TaskGroup", "Semaphore", "ThreadPoolExecutor",
            "as_completed", "wait_for", "wait", "async", "with", "timeout", "Lock", "Value", "get_lock", "lambda",
            "pickle", "zlib", "float64", "Python", "CPU", "MB"}


def test_every_lab_experiment_in_chinese_shows_no_english_but_code(window, services, qtbot):
    """Each experiment run from the Lab tab in zh_CN: its form, texts, status, result table, chart axes and
    summary show no English but code names and Python's own output (``LabResult.verbatim()``)."""
    import aiohttp  # noqa: F401 - the app imports these off the GUI thread after its first paint; so do we
    import numpy  # noqa: F401
    import pyqtgraph  # noqa: F401

    from bench.lab import SHORT

    panel = window.lab
    assert services.languages.apply("zh_CN")
    try:
        qtbot.waitUntil(lambda: window.tabs.tabText(1) == "素数", timeout=2000)  # LanguageChange has no signal
        window.tabs.setCurrentWidget(panel)
        names = [e.name for e in panel.experiments]
        bad = []
        for name, values in SHORT.items():
            panel.list.setCurrentRow(names.index(name))
            for key, text in values.items():
                panel.form().set_text(key, text)
            with qtbot.waitSignal(panel.jobEnded, timeout=60000) as ended:
                panel.on_start()
            result = ended.args[0].result
            axes = [panel.chart.getPlotItem().getAxis(side).labelText for side in ("left", "bottom")]
            texts = _texts(panel) + [("summary", panel.summary.toPlainText())] + [("axis", a) for a in axes]
            for where, text in texts:
                for verbatim in result.verbatim():
                    text = text.replace(verbatim, " ")
                words = [w for w in _english(text) if w not in LAB_CODE]
                if words:
                    bad.append((name, where, text, words))
        assert bad == [], bad
    finally:
        services.languages.apply("en")
