"""Defects found by using the real window as a demanding person would (the QA pass).

Each test failed on the code before its fix; the commit that fixed it says "found by using the window".
They run offscreen on the app's real services; the ones that need a real X server are in
``tests/test_desktop_x11.py``.
"""

from __future__ import annotations

import pytest

from tributary.workers.links import extract_links, read_targets

BROKEN_URLS = ("http://[::1", "https://[zz]/file", "http://[::1/x")


# -- a URL that Python cannot split ---------------------------------------------------------------------
def test_a_url_python_cannot_split_fails_its_row_and_raises_nothing(window, error_hook, tmp_path):
    panel = window.downloads
    panel.folder.setText(str(tmp_path / "dl"))
    added = panel.add_text("\n".join(BROKEN_URLS))
    assert [t.item.state for t in added] == ["failed"] * len(BROKEN_URLS)
    assert all("http and https" in str(t.item.error.template) for t in added)
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
