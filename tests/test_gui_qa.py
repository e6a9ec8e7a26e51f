"""Defects found by using the real window as a demanding person would (the QA pass).

Each test failed on the code before its fix; the commit that fixed it says "found by using the window".
They run offscreen on the app's real services; the ones that need a real X server are in
``tests/test_desktop_x11.py``.
"""

from __future__ import annotations

import os

import pytest

from tributary.workers.links import extract_links, read_targets

BROKEN_URLS = ("http://[::1", "https://[zz]/file", "http://[::1/x")


# -- a URL that Python cannot split ---------------------------------------------------------------------
def test_a_url_python_cannot_split_fails_its_row_and_raises_nothing(window, error_hook, qtbot, tmp_path):
    from conftest import run_async

    panel = window.downloads
    panel.folder.setText(str(tmp_path / "dl"))
    added = run_async(qtbot, panel.add_text("\n".join(BROKEN_URLS)))
    assert [t.item.state for t in added] == ["failed"] * len(BROKEN_URLS)
    assert all("not a valid URL" in str(t.item.error.template) for t in added)  # issue 16: a clear "not a valid URL"
    assert not error_hook.reports  # no "something went wrong" dialog
    assert not any(t.item.state == "queued" for t in panel.engine.transfers)  # no row stuck queued


@pytest.mark.parametrize("text", BROKEN_URLS)
def test_copied_or_passed_broken_links_are_skipped_not_raised(text, tmp_path):
    assert extract_links(f"see {text} and https://example.org/ok.iso") == ["https://example.org/ok.iso"]
    listing = tmp_path / "list.txt"
    listing.write_text(f"{text}\nhttps://example.org/a.iso\n")
    entries, rejected = read_targets([text, str(listing)])
    assert entries == [("https://example.org/a.iso", None)] and rejected == [text]


# -- the menu's shortcuts work wherever the focus is ------------------------------------------------------
def _open_dialogs(window, cls):
    return [w for w in window.findChildren(cls) if w.isVisible()]


@pytest.mark.parametrize("where", ["tab bar", "primes field"])
def test_ctrl_n_opens_the_add_dialog_wherever_the_focus_is(window, qtbot, where):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tributary.gui.panels.downloads import AddUrlsDialog

    window.activateWindow()
    qtbot.waitActive(window)
    if where == "tab bar":  # where the focus is when the window opens
        target = window.tabs.tabBar()
    else:
        window.tabs.setCurrentWidget(window.primes)
        target = window.primes.low
    target.setFocus()
    qtbot.waitUntil(target.hasFocus)
    QTest.keyClick(target, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(_open_dialogs(window, AddUrlsDialog)), timeout=2000)
    assert window.tabs.currentWidget() is window.downloads  # the rows it adds are in sight
    for dialog in _open_dialogs(window, AddUrlsDialog):
        dialog.reject()


# -- the Add dialog: no focus trap, the folder can be fixed where the error is shown ---------------------
@pytest.fixture
def server(qloop, qtbot):
    from conftest import run_async
    from servers import FaultServer

    srv = FaultServer()
    run_async(qtbot, srv.start())
    yield srv
    run_async(qtbot, srv.stop())


def _closed(dialog) -> bool:
    import shiboken6

    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _active_dialog(window, qtbot):
    dialog = window.downloads.add_dialog()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.text.setFocus()
    qtbot.waitUntil(dialog.text.hasFocus)
    return dialog


def test_tab_leaves_the_url_box_and_ctrl_enter_adds(window, server, qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.downloads.folder.setText(str(tmp_path / "dl"))
    dialog = _active_dialog(window, qtbot)
    QTest.keyClicks(dialog.text, f"{server.base}/file/k.bin?size=10")
    QTest.keyClick(dialog.text, Qt.Key.Key_Tab)
    assert not dialog.text.hasFocus() and "\t" not in dialog.text.toPlainText()  # no focus trap
    assert dialog.text.accessibleName() and dialog.folder.accessibleName()
    dialog.text.setFocus()
    with qtbot.waitSignal(window.services.bridge.jobFinished, timeout=5000):
        QTest.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _closed(dialog) and (tmp_path / "dl" / "k.bin").stat().st_size == 10


def test_a_wrong_folder_is_fixed_in_the_add_dialog_without_losing_the_urls(window, server, qtbot, tmp_path):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    panel = window.downloads
    panel.folder.setText(str(a_file))
    dialog = _active_dialog(window, qtbot)
    urls = f"{server.base}/file/a.bin?size=10\n{server.base}/file/b.bin?size=20"
    dialog.text.setPlainText(urls)
    dialog.accept()
    assert dialog.isVisible() and "is not a folder" in dialog.error.text()
    assert dialog.folder.hasFocus()  # the error is where it can be fixed
    dialog.folder.setText(str(tmp_path / "good"))
    def all_done(*_args):
        return len(panel.engine.transfers) == 2 and all(t.item.state == "done" for t in panel.engine.transfers)

    with qtbot.waitSignal(window.services.bridge.jobFinished, timeout=5000, check_params_cb=all_done):
        dialog.accept()
    assert _closed(dialog)
    assert panel.folder.text() == str(tmp_path / "good")  # the folder chosen is the panel's from now on
    assert {t.item.folder for t in panel.engine.transfers} == {str(tmp_path / "good")}


# -- dark theme: charts made while dark are dark, error text is readable ---------------------------------
def _luminance(color) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a, b) -> float:
    """The WCAG contrast ratio of two colours (4.5 is the least for normal text)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def dark(window):
    window.desktop.set_theme("dark")
    yield window
    window.desktop.set_theme("light")


def test_charts_first_drawn_in_the_dark_theme_are_dark(dark, qtbot):
    from PySide6.QtGui import QPalette

    panel = dark.primes
    panel.high.setText("1e6")
    with qtbot.waitSignal(panel.jobEnded, timeout=30000):
        panel.on_start()
    arrays = dark.arrays
    arrays.size.setText("1e5")
    with qtbot.waitSignal(arrays.jobEnded, timeout=30000):
        arrays.on_start()
    qtbot.wait(50)  # anything the window does a moment after a chart appears
    base = dark.palette().color(QPalette.ColorRole.Base)
    for chart in (panel.chart, arrays.chart):
        assert chart.backgroundBrush().color().lightness() < 60, chart  # not a white box in a dark window
        assert chart.backgroundBrush().color() == base


def test_error_text_is_readable_in_the_dark_theme(dark, qtbot, tmp_path):
    from conftest import run_async
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette

    window_bg = dark.palette().color(QPalette.ColorRole.Window)
    panel = dark.primes
    panel.high.setText("ten")
    label = panel.high_error
    assert label.isVisibleTo(panel)
    assert contrast(label.palette().color(QPalette.ColorRole.WindowText), window_bg) >= 4.5
    downloads = dark.downloads
    downloads.folder.setText(str(tmp_path))
    (row,) = run_async(qtbot, downloads.add([("ftp://example.org/x", None)]))  # a failed row
    model = downloads.model
    red = model.data(model.index(model.rowCount() - 1, 5), Qt.ItemDataRole.ForegroundRole)
    assert contrast(red, dark.palette().color(QPalette.ColorRole.Base)) >= 4.5
    downloads.folder.setText("")
    downloads.add_text("https://example.org/a")
    assert contrast(downloads.error.palette().color(QPalette.ColorRole.WindowText), window_bg) >= 4.5
    dark.desktop.set_theme("light")  # and back: the same labels readable on light
    light_bg = dark.palette().color(QPalette.ColorRole.Window)
    assert contrast(label.palette().color(QPalette.ColorRole.WindowText), light_bg) >= 4.5


# -- Chinese mnemonics "(&A)" leave no "(A)" in names read out or listed ---------------------------------
MNEMONIC_LEFT = r"\(\w\)"


@pytest.fixture
def chinese(window, services):
    services.languages.apply("zh_CN")
    yield window
    services.languages.apply("en")


def test_no_mnemonic_remnants_in_the_chinese_shortcuts_sheet_and_accessible_names(chinese, qtbot):
    import re

    from PySide6.QtWidgets import QWidget

    from tributary.gui.preferences import PreferencesDialog
    from tributary.gui.shortcuts import shortcut_rows

    qtbot.wait(20)  # the window renames its controls right after the language change
    rows = shortcut_rows(chinese)
    assert any(name == "全部暂停" for name, *_ in rows), rows  # "全部暂停(&A)" listed as 全部暂停
    assert not [name for name, *_ in rows if re.search(MNEMONIC_LEFT, name)]
    dialog = PreferencesDialog(chinese.services.settings, chinese)
    named = [w.accessibleName() for w in dialog.findChildren(QWidget) + chinese.findChildren(QWidget)]
    assert "语言" in named and "保存到" in named  # "语言(&L)：" is read out as 语言
    assert not [n for n in named if re.search(MNEMONIC_LEFT, n)]
    dialog.deleteLater()


def test_the_about_dialog_is_chinese_in_chinese(chinese):
    import re

    from tributary.gui.about import AboutDialog

    dialog = AboutDialog(chinese)
    text = dialog.details.toPlainText()
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    names = {"tributary", "python", "cpython", "linux", "pyside", "qasync", "aiohttp", "numpy", "pyqtgraph",
             "libprimesieve", "primesieve", "dask", "distributed"}
    assert words <= names, words - names  # only names of software, no English words such as "prime kernel"
    dialog.deleteLater()


@pytest.mark.parametrize("folder, says", [("relative/dir", "full path"), ("FILE", "is not a folder")])
def test_preferences_refuse_a_download_folder_the_downloads_would_refuse(window, tmp_path, folder, says):
    from tributary.gui import preferences as prefs

    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    settings = window.services.settings
    dialog = prefs.PreferencesDialog(settings, window)
    dialog.folder.setText(str(a_file) if folder == "FILE" else folder)
    assert dialog.apply() is False and says in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    assert prefs.read(settings, "downloads/folder") != dialog.folder.text()  # nothing stored
    dialog.folder.setText(str(tmp_path / "new"))
    assert dialog.apply() is True and prefs.read(settings, "downloads/folder") == str(tmp_path / "new")
    dialog.deleteLater()


# -- every control says what it is to a screen reader ------------------------------------------------
def _accessible_name(widget) -> str:
    from PySide6.QtGui import QAccessible

    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name) if face is not None else ""


def _nameless(root) -> list[str]:
    """The controls under ``root`` a screen reader has no name for (Qt's own parts left out: a spin box's
    line edit, a combo box's popup list, scroll bars, table headers, a toolbar's hidden extension button)."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSlider,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QPlainTextEdit,
        QScrollBar,
        QTextEdit,
        QToolBar,
        QWidget,
    )

    kinds = (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractButton, QComboBox, QAbstractSlider,
             QAbstractItemView)
    nameless = []
    for widget in [w for w in root.findChildren(QWidget) if isinstance(w, kinds)]:
        parent = widget.parentWidget()
        # a toolbar's extension button (») shows whenever the window is too narrow for its actions: a control
        # a screen reader meets (found under AT-SPI with the Downloads toolbar at the first-run size)
        extension = widget.objectName() == "qt_toolbar_ext_button"
        if (widget.objectName().startswith("qt_") and not extension) or isinstance(parent, (QAbstractSpinBox, QComboBox)):
            continue  # Qt's own parts (the line edit inside a spin box)
        if isinstance(widget, (QScrollBar, QHeaderView)) or widget.window() is not root.window():
            continue  # a scroll area's bars, a table's headers, a combo box's popup (a window of its own)
        if isinstance(parent, QToolBar) and not widget.isVisibleTo(parent) and not extension:
            continue
        if not _accessible_name(widget).strip():
            owner = widget.parentWidget()
            names = [k for k, v in vars(owner).items() if v is widget] if owner is not None else []
            nameless.append(f"{type(widget).__name__} {names} in {type(owner).__name__}")
    return nameless


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_control_of_every_panel_has_an_accessible_name(window, services, qtbot, language, tmp_path):
    """Every tab (the Lab is built when first shown), the Log and Timeline docks, the download details and
    the queue-control dialogs (schedule, speed limit, connections): every control has a name to read out."""
    from PySide6.QtWidgets import QAbstractSpinBox, QPushButton

    from tributary.gui.transfer_dialogs import ConnectionsDialog, SpeedLimitDialog

    downloads = window.downloads
    for panel in (window.primes, window.arrays, window.lab, downloads):  # each built and shown once
        window.tabs.setCurrentWidget(panel)
    window.timeline.show()
    downloads.folder.setText(str(tmp_path))
    downloads.add([("ftp://example.org/x", None)])  # a row: its details and its context-menu dialogs
    downloads.table.selectRow(0)
    services.languages.apply(language)
    try:
        pillars = {"en": "Pillars", "zh_CN": "功能页"}[language]  # the tab bar's name: renamed with the rest
        qtbot.waitUntil(lambda: window.tabs.accessibleName() == pillars, timeout=2000)  # no signal: a posted rename
        walked = [window.lab.list, window.lab.form_area, window.timeline.view, window.log_dock.view,
                  downloads.details.connections]
        assert all(w.window() is window for w in walked)
        nameless = _nameless(window)
        dialogs = [downloads.schedule_dialog(), SpeedLimitDialog(0, downloads), ConnectionsDialog(4, downloads)]
        for dialog in dialogs:
            nameless += [f"{type(dialog).__name__}: {n}" for n in _nameless(dialog)]
            assert dialog.findChildren(QPushButton) and dialog.findChildren(QAbstractSpinBox)  # really walked
        assert not nameless, "; ".join(nameless)
        primes = window.primes
        assert _accessible_name(primes.browse) != _accessible_name(primes.output)  # two controls, two names
        assert _accessible_name(downloads.concurrency) == downloads.concurrency_label.text()
        for dialog in dialogs:
            dialog.reject()
            dialog.deleteLater()
    finally:
        services.languages.apply("en")


def test_the_timings_chart_reads_in_seconds_not_in_thousandths(window, qtbot):
    arrays = window.arrays
    with qtbot.waitSignal(arrays.render_slot.ended, timeout=30000):
        window.tabs.setCurrentWidget(arrays)  # first shown: the Mandelbrot view renders
    arrays.size.setText("1e5")  # a job of milliseconds: the axis would say "(x0.001)" over "150"
    with qtbot.waitSignal(arrays.jobEnded, timeout=30000):
        arrays.on_start()
    arrays.chart.getPlotItem().vb.updateAutoRange()  # the range (and its SI prefix) of the bars shown
    qtbot.wait(50)
    label = arrays.chart.getAxis("left").labelString()
    assert "x0." not in label and "s)" in label, label


def test_chart_labels_follow_a_language_switch(window, services, qtbot):
    import re

    primes, arrays = window.primes, window.arrays
    primes.high.setText("1e6")
    primes.workers.setValue(1)
    with qtbot.waitSignal(primes.jobEnded, timeout=30000):
        primes.on_start()
    with qtbot.waitSignal(primes.jobEnded, timeout=60000):
        primes.run_scaling()
    arrays.size.setText("1e5")
    with qtbot.waitSignal(arrays.jobEnded, timeout=30000):
        arrays.on_start()
    services.languages.apply("zh_CN")
    try:
        qtbot.wait(50)  # LanguageChange reaches the panels as posted events
        texts = [arrays.chart.getAxis("left").labelString()]
        for chart in (primes.chart, primes.scaling_chart):
            item = chart.getPlotItem()
            texts += [item.getAxis(a).labelString() for a in ("left", "bottom") if item.getAxis(a).labelText]
            texts += [label.text for _, label in item.legend.items]
        names = r"<[^>]*>|x / ln x|\(m?s\)|numpy|libprimesieve"  # markup, a formula, units, names of libraries
        english = [t for t in texts if re.search(r"[a-z]{3,}", re.sub(names, "", t))]
        assert not english, english
        assert "加速" in primes.result.text()  # the scaling run's result, not the older count's
    finally:
        services.languages.apply("en")


# -- the content a panel exists for is not a strip ---------------------------------------------------
def test_the_density_chart_and_the_mandelbrot_view_are_the_main_content(window, qtbot):
    from PySide6.QtGui import QPalette

    window.resize(1024, 765)  # the first-run size on a 1280×900 screen
    primes, arrays = window.primes, window.arrays
    window.tabs.setCurrentWidget(primes)
    qtbot.wait(20)
    background = window.palette().color(QPalette.ColorRole.Window)
    for hint in (primes.chart_hint, arrays.chart_hint):  # the empty chart areas say what will be there
        assert hint.text() and contrast(hint.palette().color(QPalette.ColorRole.WindowText), background) >= 4
    assert primes.chart_hint.height() >= 0.5 * primes.height()
    primes.high.setText("1e6")
    with qtbot.waitSignal(primes.jobEnded, timeout=30000):
        primes.on_start()
    qtbot.wait(50)
    chart = primes.chart
    assert chart.height() >= 0.5 * primes.height() and chart.width() >= 0.5 * primes.width(), chart.size()
    with qtbot.waitSignal(arrays.render_slot.ended, timeout=30000):
        window.tabs.setCurrentWidget(arrays)  # first shown: it renders for its size
    view = arrays.view
    assert view.height() >= 0.5 * arrays.height() and view.width() / view.height() < 2.5, view.size()


def test_the_compute_controls_show_only_what_the_mode_uses_and_never_enlarge_the_window(window, qtbot):
    """The Primes column got N, Kernel and a kernel line, the Mandelbrot row a Render-on choice: shown all at
    once they made the window's smallest size 1003×738 (it could not be made smaller than the first run)."""
    primes, arrays = window.primes, window.arrays
    shown = {"count": {primes.high}, "list": {primes.high, primes.output}, "nth": {primes.nth}}
    try:
        for mode, fields in shown.items():
            primes.mode.setCurrentIndex(primes.mode.findData(mode))
            qtbot.wait(20)
            visible = {f for f in (primes.high, primes.nth, primes.output) if f.isVisibleTo(primes)}
            assert visible == fields, mode
            assert primes.minimumSizeHint().height() <= arrays.minimumSizeHint().height(), mode
        assert not primes.kernel_used.isVisibleTo(primes)  # an empty line until a result says which kernel ran
        assert window.minimumSizeHint().width() <= 1024 - 120  # room to make the first-run size narrower
    finally:
        primes.mode.setCurrentIndex(primes.mode.findData("count"))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_fill_result_never_makes_the_first_run_window_taller(window, services, qtbot, language):
    """The fill's result gained the bytes written and the efficiency: on lines of their own they made the
    control column taller than the first-run window, which grew by itself (and re-rendered the view). In
    Chinese the column's taller lines still grew the window by 6 px after a fill: the column no longer sets
    the window's smallest height at all."""
    arrays = window.arrays
    services.languages.apply(language)
    try:
        qtbot.wait(20)  # the window renames its controls right after the language change
        window.resize(1024, 765)
        with qtbot.waitSignal(arrays.render_slot.ended, timeout=30000):
            window.tabs.setCurrentWidget(arrays)
        arrays.size.setText("1e6")
        for executor in ("single", "processes"):  # the second one has a speed-up and an efficiency to show
            arrays.executor.setCurrentIndex(arrays.executor.findData(executor))
            with qtbot.waitSignal(arrays.jobEnded, timeout=30000):
                arrays.on_start()
            qtbot.wait(50)
            assert window.height() == 765, (executor, window.height(), arrays.result.text())
        assert window.minimumSizeHint().height() < 765  # the column's lines do not set the window's minimum
        assert not arrays.controls_scroll.verticalScrollBar().isVisible()  # and at this size they show whole
        short = window.minimumSizeHint().height() + 10  # too short for the column: it scrolls instead
        window.resize(1024, short)
        qtbot.wait(50)
        assert window.height() == short and arrays.controls_scroll.verticalScrollBar().isVisible()
    finally:
        services.languages.apply("en")


def test_the_chart_beside_the_result_is_the_results_and_has_the_height_of_the_column(window, qtbot):
    """A count's density chart and a scaling run's chart stacked in the column squeezed the scaling chart to
    its minimum (its legend then covered the curves); an n-th prime showed an older count's density."""
    primes = window.primes
    window.resize(1024, 765)
    window.tabs.setCurrentWidget(primes)
    primes.high.setText("1e7")
    primes.workers.setValue(2)
    with qtbot.waitSignal(primes.jobEnded, timeout=30000):
        primes.on_start()
    assert primes.chart.isVisible() and not primes.chart_hint.isVisible()
    with qtbot.waitSignal(primes.jobEnded, timeout=60000):
        primes.run_scaling()
    qtbot.wait(50)
    assert primes.scaling_chart.isVisible() and not primes.chart.isVisible()  # the result shows the speed-ups
    chart, box = primes.scaling_chart, primes.scaling_box  # the chart, and the words about the GIL under it
    assert box.height() >= 0.5 * primes.height() and chart.height() >= 1.5 * chart.minimumHeight(), chart.size()
    primes.mode.setCurrentIndex(primes.mode.findData("nth"))
    try:
        with qtbot.waitSignal(primes.jobEnded, timeout=30000):
            primes.on_start()
        assert not primes.chart.isVisible() and not primes.scaling_chart.isVisible() and primes.chart_hint.isVisible()
    finally:
        primes.mode.setCurrentIndex(primes.mode.findData("count"))


def test_a_one_line_error_under_a_field_takes_one_line(window, qtbot):
    panel = window.primes
    window.tabs.setCurrentWidget(panel)
    panel.high.setText("-1")  # "The upper bound must not be negative."
    qtbot.wait(50)
    label = panel.high_error
    assert label.isVisible() and label.height() <= 1.5 * label.fontMetrics().lineSpacing(), label.height()


def test_cancel_selected_is_enabled_only_for_a_selected_running_job(window, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    panel = window.primes
    assert not panel.cancel_selected.isEnabled()  # nothing to cancel
    panel.high.setText("1e12")  # long enough to select it while it runs
    panel.workers.setValue(1)
    job = panel.on_start()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    panel.table.selectionModel().select(panel.model.index(panel.model.rowCount() - 1, 0), flags)
    assert panel.cancel_selected.isEnabled()
    with qtbot.waitSignal(panel.jobEnded, timeout=10000):
        panel.cancel_selected.click()
    assert job.state.finished and not panel.cancel_selected.isEnabled()  # selected, but nothing left to cancel


# -- the keyboard: Tab walks a panel in reading order and never gets stuck ------------------------------
def _tab_walk(window, qtbot, panel, presses: int = 40) -> list:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitActive(window)
    window.tabs.setCurrentWidget(panel)
    window.tabs.tabBar().setFocus()
    qtbot.waitUntil(window.tabs.tabBar().hasFocus)
    seen = []
    for _ in range(presses):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is window.tabs.tabBar():
            return seen
        seen.append(widget)
    raise AssertionError(f"Tab never left {panel.objectName() or type(panel).__name__}: stuck at {seen[-3:]}")


def test_tab_walks_each_panel_in_reading_order_and_leaves_it(window, services, qtbot, tmp_path):
    primes, arrays, downloads = window.primes, window.arrays, window.downloads
    with qtbot.waitSignal(arrays.render_slot.ended, timeout=30000):
        window.tabs.setCurrentWidget(arrays)  # a row in its jobs table (where Tab used to stay for good)
    downloads.folder.setText(str(tmp_path))
    from conftest import run_async

    run_async(qtbot, downloads.add([("ftp://example.org/x", None), ("ftp://example.org/y", None)]))  # rows too
    order = {
        primes: [primes.low, primes.high, primes.mode, primes.workers, primes.executor, primes.twins, primes.start,
                 primes.scaling, primes.table],
        arrays: [arrays.size, arrays.kernel, arrays.workers, arrays.executor, arrays.start, arrays.mandel_iter,
                 arrays.mandel_render, arrays.mandel_reset, arrays.table],
        downloads: [downloads.folder, downloads.browse, downloads.concurrency, downloads.per_host,
                    downloads.manifest, downloads.gunzip, downloads.table],
    }
    for panel, expected in order.items():
        walked = [w for w in _tab_walk(window, qtbot, panel) if panel.isAncestorOf(w)]
        assert [w for w in walked if w in expected] == expected, panel


def test_a_download_without_a_name_yet_is_listed_by_its_file_name_not_its_url(window, qtbot, tmp_path):
    from conftest import run_async

    panel = window.downloads
    panel.folder.setText(str(tmp_path))
    run_async(qtbot, panel.add([("ftp://example.org/pub/disk%201.iso", None), ("ftp://example.org/", None),
                                ("http://[::1", None)]))  # failed at once: never named by a server
    model = panel.model
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names == ["disk 1.iso", "ftp://example.org/", "http://[::1"]  # no name in the URL: the URL


def test_a_progress_bar_in_a_table_has_a_visible_frame_in_the_dark_theme(dark, qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette

    panel = dark.downloads
    panel.folder.setText(str(tmp_path))
    from conftest import run_async

    run_async(qtbot, panel.add([("ftp://example.org/x", None)]))  # a row at 0 %: all of its bar is the empty groove
    qtbot.wait(50)
    model, table = panel.model, panel.table
    rect = table.visualRect(model.index(0, model.PROGRESS_COLUMN))
    image = table.viewport().grab().toImage()
    base = table.palette().color(QPalette.ColorRole.Base)
    x = rect.right() - 6  # right of the text, inside the groove
    column = [image.pixelColor(x, y) for y in range(rect.top() + 1, rect.bottom())]
    edge = max(contrast(c, base) for c in column)
    assert edge >= 1.5, f"the groove's frame is invisible on the row ({edge:.2f}:1)"
    assert model.data(model.index(0, model.PROGRESS_COLUMN), Qt.ItemDataRole.UserRole) == 0


def test_the_shortcuts_sheet_says_where_each_key_works(window):
    from tributary.gui.shortcuts import ShortcutsDialog, shortcut_rows

    where = {name: place for name, _keys, place in shortcut_rows(window)}
    assert where["Pause"] == where["Remove"] == "Downloads"  # they act on the selected downloads only
    assert where["Log"] == where["Add URLs"] == where["Go to Primes"] != "Downloads"
    dialog = ShortcutsDialog(window, window)
    assert dialog.table.columnCount() == 3
    dialog.deleteLater()


@pytest.mark.qt_log_ignore("does not support QPlatformServices")
def test_open_folder_says_so_when_the_desktop_cannot_open_it(window, tmp_path):
    panel = window.downloads  # offscreen, like a desktop without a file manager: nothing can open it
    panel.folder.setText(str(tmp_path))
    panel.open_folder()
    assert panel.error.isVisibleTo(panel) and str(tmp_path) in panel.error.text()


def test_legend_text_follows_a_theme_switch(window, qtbot):
    from PySide6.QtGui import QPalette

    panel = window.primes
    panel.high.setText("1e6")
    with qtbot.waitSignal(panel.jobEnded, timeout=30000):
        panel.on_start()  # drawn in the light theme: dark legend text
    window.desktop.set_theme("dark")
    try:
        qtbot.wait(50)
        text = window.palette().color(QPalette.ColorRole.Text).name()
        legend = panel.chart.getPlotItem().legend
        colours = {label.item.toHtml().lower().count(text) > 0 for _, label in legend.items}
        assert colours == {True}, [label.item.toHtml() for _, label in legend.items]
    finally:
        window.desktop.set_theme("light")


def test_every_tab_and_download_action_has_its_own_icon_not_the_fallback(window):
    """Seen in a real window (zh_CN, 2026-11-26): the four Move actions and the Lab tab wore the generic
    "window" placeholder — five identical boxes on the toolbar and the tab bar."""
    from tributary.gui import desktop

    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    named = {attr for attr in desktop.TAB_ICONS if getattr(window, attr, None) is not None}
    panels = [attr for attr in ("downloads", "primes", "arrays", "lab") if getattr(window, attr, None) is not None]
    assert set(panels) <= named, (tabs, set(panels) - named)
    assert set(window.downloads.actions_) <= set(desktop.ACTION_ICONS), set(window.downloads.actions_) - set(desktop.ACTION_ICONS)
    icons = [*desktop.TAB_ICONS.values(), *desktop.ACTION_ICONS.values()]
    assert "window" not in icons and len(set(desktop.ACTION_ICONS.values())) == len(desktop.ACTION_ICONS)
    from tributary.gui.assets import resource_path

    for name in icons:  # each one a drawn file of the bundle, not a missing one
        assert os.path.isfile(resource_path(f"icons/{name}.svg")), name
    for i in range(window.tabs.count()):
        assert not window.tabs.tabIcon(i).isNull()


# -- an empty state in a short view ---------------------------------------------------------------------
@pytest.mark.parametrize("height", [400, 150, 110, 80, 60, 40])
def test_an_empty_state_in_a_short_view_hides_what_does_not_fit(qtbot, height):
    """Found by using the window with a used profile (details pane and docks open): the downloads table was
    ~45 px tall and its empty state drew the icon over the title, both cut off. What does not fit is left
    out now (the icon first, then the hint); what is shown has its full height and lies inside the view."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from tributary.gui.icons import icon
    from tributary.gui.widgets import EmptyState

    view = QTableView()
    view.setModel(QStandardItemModel(0, 3))
    state = EmptyState(view, icon("downloads", "muted"), lambda: (
        "No downloads yet", "Drop links here, paste with Ctrl+V, or Add… (one link per line, or a .txt list)."))
    qtbot.addWidget(view)
    view.resize(560, height)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    shown = [label for label in (state.icon_label, state.title, state.hint) if label.isVisibleTo(state)]
    if state.height() >= state.title.sizeHint().height():
        assert state.title in shown
    for label in shown:
        need = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        assert label.height() >= need, (label.text() or "icon", label.height(), need)
        assert state.rect().contains(label.geometry()), (label.text() or "icon", label.geometry(), state.rect())
    for upper, lower in zip(shown, shown[1:]):
        assert upper.geometry().bottom() < lower.geometry().top()
    if height >= 400:
        assert shown == [state.icon_label, state.title, state.hint]


# -- several links pasted on one line ---------------------------------------------------------------------
def test_links_pasted_on_one_line_are_each_added():
    """Found by using the window: three links typed into the Add dialog on one line, separated by spaces,
    added the first and dropped the other two without a word (the second was read as a checksum that did
    not match, and the rest ignored)."""
    from tributary.workers.downloads.requests import AddRequest

    sha = "ab" * 32
    req = AddRequest.from_text("http://h/a.bin http://h/b.bin  https://h/c.bin\n", "/tmp")
    assert req.entries == (("http://h/a.bin", None), ("http://h/b.bin", None), ("https://h/c.bin", None))
    req = AddRequest.from_text(f"http://h/a.bin {sha} http://h/b.bin; http://h/c.bin,{sha.upper()}\n", "/tmp")
    assert req.entries == (("http://h/a.bin", sha), ("http://h/b.bin", None), ("http://h/c.bin", sha))
    req = AddRequest.from_text(f"http://h/z.bin\n{sha} http://h/a.bin http://h/b.bin\n", "/tmp")  # not z's
    assert req.entries == (("http://h/z.bin", None), ("http://h/a.bin", None), ("http://h/b.bin", None))
    # a list's other columns are still left alone, and one URL per line is as before
    req = AddRequest.from_text(f"http://h/a.bin,{sha},1234,notes\nhttp://h/d.bin\n", "/tmp")
    assert req.entries == (("http://h/a.bin", sha), ("http://h/d.bin", None))


# -- a narrow column's header ---------------------------------------------------------------------------
def test_every_tables_header_elides_a_title_that_does_not_fit(window, qtbot):
    """Found by using the window with a used profile: a narrowed Message column's header read "essa" (the
    title centred and cut at both ends); headers end in "…" now, as the cells do."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    tables = window.findChildren(QTableView)
    assert len(tables) >= 4
    for table in tables:
        assert table.horizontalHeader().textElideMode() == Qt.TextElideMode.ElideRight, table.objectName()


# -- numbers typed with a Chinese input method in full-width mode ---------------------------------------
@pytest.mark.parametrize(("text", "value"), [("１ｅ６", 10**6), ("1，000，000", 10**6), ("１０＾１２", 10**12),
                                             ("２＊＊４０", 2**40), ("１．５ｅ３", 1500), ("1e9＋1000", 10**9 + 1000),
                                             ("\u3000１ｅ３\u3000", 1000), ("１＿０００", 1000)])
def test_a_bound_typed_in_full_width_reads_as_its_number(text, value):
    """Found by feeding the Primes fields what a Chinese input method types in full-width mode: full-width
    digits were read, but "１ｅ６", "1，000,000" and "１０＾１２" were "not a number"."""
    from tributary.workers.primes import parse_bound

    assert parse_bound(text, "upper bound", maximum=10**18) == value


def test_a_rate_typed_in_full_width_reads_as_its_number():
    from tributary.workers.downloads.ratelimit import parse_rate

    assert parse_rate("５Ｍ") == parse_rate("5M") == 5 << 20
    assert parse_rate("１．５ｍ") == int(1.5 * (1 << 20))
