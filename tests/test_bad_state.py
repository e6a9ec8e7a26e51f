"""Bad state on disk never stops the app: a damaged journal is set aside (kept) and the queue starts
empty, saying so; a bad value in the settings file falls back to its default."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import ROOT, run_cli
from PySide6.QtCore import QSettings

from tributary.workers.downloads.journal import Item, Journal

BAD_SETTINGS = """[General]
language=klingon

[downloads]
concurrency=abc
per_host=-5
manifest=maybe
folder=@Invalid()

[window]
tab=xyz
geometry=garbage
"""


def damaged_journal(path: Path, how: str) -> bytes:
    """A journal file that SQLite cannot use: random bytes, or a real journal cut short."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if how == "garbage":
        data = b"this is not a database\n" * 200
    else:
        journal = Journal(path)
        journal.add([Item(url=f"http://h/{i}.bin", folder="/x", error="x" * 300) for i in range(400)])
        journal.close()
        db = sqlite3.connect(path)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        whole = path.read_bytes()
        data = whole[: len(whole) // 2]  # the first half: header intact, pages missing
        for side in ("-wal", "-shm"):
            Path(str(path) + side).unlink(missing_ok=True)
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_a_damaged_journal_is_set_aside_and_a_new_one_starts_empty(tmp_path, how):
    path = tmp_path / "downloads.sqlite3"
    original = damaged_journal(path, how)
    journal = Journal(path)
    try:
        assert journal.recovered_from is not None and journal.recovered_from.read_bytes() == original
        assert journal.recovered_from.name.startswith("downloads.sqlite3.corrupt-")
        assert "could not be read" in journal.recovery_message and str(journal.recovered_from) in journal.recovery_message
        assert journal.recover() == [] and journal.items() == []
        (item,) = journal.add([Item(url="http://h/new.bin", folder="/x")])
        assert [i.url for i in journal.items()] == ["http://h/new.bin"]
    finally:
        journal.close()
    again = Journal(path)  # the new journal is sound: nothing more is set aside
    assert again.recovered_from is None and len(again.items()) == 1
    again.close()


def test_the_cli_says_the_journal_was_set_aside_and_downloads(tmp_path, nginx):
    (nginx.root / "fine.bin").write_bytes(b"fine" * 100)
    journal = tmp_path / "journal.sqlite3"
    damaged_journal(journal, "garbage")
    out = run_cli("download", f"{nginx.base}/fine.bin", "-d", str(tmp_path), "--journal", str(journal))
    assert out.returncode == 0, out.stderr
    assert "could not be read" in out.stderr and "Traceback" not in out.stderr
    assert (tmp_path / "fine.bin").read_bytes() == b"fine" * 100
    assert len(list(tmp_path.glob("journal.sqlite3.corrupt-*"))) == 1


def app_env(tmp_path: Path) -> dict:
    data, config = tmp_path / "data", tmp_path / "config"
    damaged_journal(data / "Tributary" / "downloads.sqlite3", "garbage")
    (config / "Tributary").mkdir(parents=True)
    (config / "Tributary" / "Tributary.ini").write_text(BAD_SETTINGS)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return dict(env, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(data), XDG_CONFIG_HOME=str(config))


def test_the_self_test_passes_with_bad_settings_and_a_damaged_journal(tmp_path):
    out = run_cli("--self-test", "--json", timeout=120, env=app_env(tmp_path))
    report = json.loads(out.stdout.strip().splitlines()[-1])
    behaviour = {k: v for k, v in report["checks"].items() if k != "ui_p99_within_16ms"}
    assert all(behaviour.values()) and set(behaviour) == {"jobs_reached_expected_states", "results_verified", "resources_found", "no_uncaught_errors", "nothing_left_behind"}, (report, out.stderr[-2000:])


class RunningApp:
    """``python -m tributary.gui -v`` in the background, its log read line by line."""

    def __init__(self, env: dict) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tributary.gui", "-v"], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.proc.poll() is None, f"the app exited ({self.proc.returncode}): {''.join(self.lines)[-3000:]}"
            assert time.monotonic() < deadline, f"no {text!r} in: {''.join(self.lines)[-3000:]}"
            time.sleep(0.05)

    def finish(self, timeout: float = 20) -> int:
        try:
            return self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self._reader.join(5)
            # a process left behind (an orphaned worker) would still hold the pipe open: closing it then
            # would block on the reader; the reader thread is left, and the leak guard reports it
            if not self._reader.is_alive():
                self.proc.stderr.close()

    @property
    def log(self) -> str:
        return "".join(self.lines)


def test_the_window_starts_with_bad_settings_and_a_damaged_journal(tmp_path):
    import signal

    env = app_env(tmp_path)
    app = RunningApp(env)
    app.wait_for("window shown")
    app.proc.send_signal(signal.SIGTERM)
    assert app.finish() == 0, app.log
    assert "Traceback" not in app.log and "could not be read" in app.log
    for key in ("concurrency", "per_host", "manifest", "tab", "language"):
        assert f"setting {key}" in app.log or f"/{key}=" in app.log, (key, app.log)
    kept = list((tmp_path / "data" / "Tributary").glob("downloads.sqlite3.corrupt-*"))
    assert len(kept) == 1
    settings = QSettings(str(tmp_path / "config" / "Tributary" / "Tributary.ini"), QSettings.Format.IniFormat)
    assert settings.value("window/tab") in (0, "0")  # written back sound when the window closed
