"""The combined-load driver in short form: everything at once in the real window, then a Cancel of
each kind and a close with everything running. Behaviour only (the benchmark reports the numbers)."""

from __future__ import annotations

from conftest import run_async

from bench.combined import SHORT, close_with_everything_running, drive, make_files
from tributary.gui.main_window import MainWindow


def test_everything_at_once_finishes_cancels_and_closes_clean(services, qtbot, nginx, tmp_path):
    paths = make_files(nginx.root / "combined", SHORT)
    base = f"{nginx.base}/combined"
    window = MainWindow(services)
    window.meter.start()
    window.show()
    folder, cancel_folder = tmp_path / "dl", tmp_path / "cancel"
    folder.mkdir()
    cancel_folder.mkdir()
    window.downloads.folder.setText(str(folder))
    report = run_async(qtbot, drive(window, services, base, paths, cancel_folder, SHORT), timeout=120)
    s = report.states
    assert s["downloads_done"] == s["downloads"] == SHORT.small_files + SHORT.large_files
    assert (s["primes"], s["primes_count"], s["shm"], s["shm_exact"]) == ("done", 5_761_455, "done", True)
    assert set(report.cancel) == {"download", "processes", "threads"}
    assert report.timeline["paints"] > 10 and report.timeline["spans"] > SHORT.small_files  # drawn live
    assert all(len(tries) == SHORT.cancel_tries for tries in report.cancel.values())
    seconds, left, blocks = run_async(qtbot, close_with_everything_running(window, services, base, cancel_folder))
    assert left == [] and blocks == []
    window.deleteLater()
