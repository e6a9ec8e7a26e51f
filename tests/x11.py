"""A real X server (Xvfb), a D-Bus session bus, a tray and scripted app runs for the desktop tests.

Each scenario runs the real window in its own process on the X server (``QT_QPA_PLATFORM=xcb``), so it
cannot disturb the offscreen ``QApplication`` of the rest of the suite, and prints one JSON line.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import ROOT

PRELUDE = """
import asyncio, json, os, sys, time
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from tributary.gui.app import Services, create_app, run_qt
from tributary.gui.main_window import MainWindow

async def until(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True

async def run(scenario):
    app = QApplication.instance()
    services = Services(app, SETTINGS, LANGUAGES, journal_path=":memory:")
    window = MainWindow(services)
    window.show()
    await until(lambda: window.isVisible() and window.windowHandle() is not None and window.windowHandle().isExposed())
    await asyncio.sleep(0.2)
    try:
        result = await scenario(app, window, services)
    finally:
        window.close()
        await services.shutdown()
    print("RESULT " + json.dumps(result), flush=True)

def main(scenario):
    if __name__ != "__main__":  # a spawned pool process re-imports this script as __mp_main__
        return
    global SETTINGS, LANGUAGES
    app, SETTINGS, LANGUAGES = create_app()
    run_qt(run(scenario))
"""


class Xvfb:
    """``Xvfb`` on a free display number (``-displayfd``), 1280×900×24.

    Started through a shell that exits at once, so the server is not a descendant of the tests: the
    ``xkbcomp`` helpers it runs for each new client never count as processes a test left behind.
    """

    def __init__(self) -> None:
        read, write = os.pipe()
        starter = subprocess.run(["sh", "-c", f'Xvfb -displayfd {write} -screen 0 1280x900x24 -nolisten tcp '
                                  '>/dev/null 2>&1 </dev/null & echo $!'],
                                 pass_fds=(write,), capture_output=True, text=True, timeout=30)
        os.close(write)
        self.pid = int(starter.stdout.strip())
        with os.fdopen(read) as fh:
            number = fh.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while _running(self.pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie waits for init to reap it
    except (OSError, IndexError):
        return False


class SessionBus:
    """A private D-Bus session bus (``dbus-daemon --session``)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.address = self.proc.stdout.readline().strip()
        if not self.address:
            self.proc.kill()
            raise RuntimeError("dbus-daemon did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()


def have_tools(*names: str) -> list[str]:
    return [n for n in names if shutil.which(n) is None]


def app_env(display: str, home: Path, **extra: str) -> dict:
    """An environment for the app on ``display`` with its own settings and data under ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DBUS_", "XDG_"))}
    runtime = home / "runtime"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_RUNTIME_DIR=str(runtime), TMPDIR=str(home),
               PYTHONPATH=str(ROOT / "tests"), LANGUAGE="en", LC_ALL="C.UTF-8")
    env.update(extra)
    return env


def write_settings(home: Path, values: dict[str, str]) -> Path:
    """Pre-write the app's QSettings INI file (``section/key`` → value)."""
    path = home / "config" / "Tributary" / "Tributary.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    sections: dict[str, list[str]] = {}
    for key, value in values.items():
        section, _, name = key.rpartition("/")
        sections.setdefault(section or "General", []).append(f"{name}={value}")
    path.write_text("".join(f"[{s}]\n" + "\n".join(lines) + "\n" for s, lines in sections.items()))
    return path


def run_scenario(body: str, env: dict, tmp: Path, timeout: float = 120) -> dict:
    """Run ``PRELUDE + body`` (which calls ``main(scenario)``) on the X server; its RESULT as a dict."""
    script = tmp / f"scenario_{time.monotonic_ns()}.py"
    script.write_text(PRELUDE + body)
    out = subprocess.run([sys.executable, str(script)], cwd=tmp, env=env, capture_output=True, text=True,
                         timeout=timeout)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert out.returncode == 0 and lines, f"rc={out.returncode}\n{out.stdout[-3000:]}\n{out.stderr[-5000:]}"
    return json.loads(lines[-1][len("RESULT "):])
