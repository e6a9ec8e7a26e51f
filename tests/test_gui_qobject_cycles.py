"""No QObject of the window is left to Python's cyclic garbage collector.

The collector runs on whichever thread trips it — a download's journal thread, a commit thread, a
QThreadPool worker. A QObject freed there runs its C++ destructor off the GUI thread: in the test suite one
such destructor (an EngineBridge left in a cycle by a finished test) waited for the GIL while holding Qt's
connection mutex, which the GUI thread, holding the GIL, waited for — a deadlock (tests/conftest.py frees a
test's cycles on the GUI thread since). In the app the long-lived objects never become garbage, and dialogs
and rows belong to their parents; this keeps it so: the window is used (every dialog, downloads, compute
jobs, a render, removal, theme and language switches) with the collector off, then the garbage is listed.
"""

from __future__ import annotations

import gc

from conftest import run_async


def _qobjects_in_cyclic_garbage() -> dict[str, int]:
    from PySide6.QtCore import QObject

    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        names = [f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.garbage if isinstance(o, QObject)]
        return {name: names.count(name) for name in names}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()  # (kept by DEBUG_SAVEALL, still in their cycles: freed now, here)


def test_using_the_window_leaves_no_qobject_to_the_cyclic_collector(window, qtbot, nginx, tmp_path):
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QDialog

    (nginx.root / "cycles").mkdir(exist_ok=True)
    for i in range(20):
        (nginx.root / "cycles" / f"f{i}.bin").write_bytes(bytes([i]) * 20_000)
    gc.collect()
    gc.disable()
    try:
        probe = QObject()
        probe.me = probe  # the check sees a QObject left in a cycle
        del probe
        assert _qobjects_in_cyclic_garbage() == {"PySide6.QtCore.QObject": 1}

        desktop, panel = window.desktop, window.downloads
        panel.folder.setText(str(tmp_path / "dl"))
        for _ in range(2):
            panel.add_dialog()
            desktop.show_preferences()
            desktop.show_about()
            desktop.show_shortcuts()
            panel.schedule_dialog()
            qtbot.wait(50)
            for dialog in window.findChildren(QDialog):
                if dialog.isVisible():
                    dialog.reject()
            qtbot.wait(50)
        added = run_async(qtbot, panel.add_text("\n".join(f"{nginx.base}/cycles/f{i}.bin" for i in range(20))))
        qtbot.waitUntil(lambda: all(t.item.state == "done" for t in added), timeout=30_000)
        panel.table.selectRow(0)
        qtbot.wait(100)
        panel.table.selectRow(1)
        qtbot.wait(100)

        window.tabs.setCurrentWidget(window.primes)
        window.primes.low.setText("0")
        window.primes.high.setText("1e6")
        window.primes.start.click()
        window.tabs.setCurrentWidget(window.arrays)
        window.arrays.size.setText("1e6")
        window.arrays.start.click()
        window.arrays.mandel_render.click()
        def finished(panel, n):
            jobs = [panel.model.job(row) for row in range(panel.model.rowCount())]
            return len(jobs) >= n and all(job.state.finished for job in jobs)

        qtbot.waitUntil(lambda: finished(window.primes, 1) and finished(window.arrays, 2), timeout=60_000)
        assert {window.primes.model.job(0).state.value, window.arrays.model.job(0).state.value} == {"done"}

        window.tabs.setCurrentWidget(panel)
        panel.table.selectAll()
        panel.remove_selected()
        qtbot.wait(300)
        desktop.set_theme("light")
        desktop.set_theme("dark")
        window.services.languages.apply("zh_CN")
        qtbot.wait(100)
        window.services.languages.apply("en")
        qtbot.wait(100)

        assert _qobjects_in_cyclic_garbage() == {}
    finally:
        gc.enable()
