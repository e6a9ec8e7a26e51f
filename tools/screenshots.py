"""Fresh screenshots of the real window under Xvfb: every tab, light and dark, English and 简体中文.

``./dev.sh screenshots`` runs this. It starts Xvfb and a loopback HTTP server that serves files slowly,
opens the real window (own settings in a temporary folder), adds downloads (some finish, some run, one
fails), counts the primes below 10^9 (the density chart), renders the Mandelbrot set, then grabs the
window from the X server for each language × theme × tab into ``docs/screenshots/`` and shrinks the PNGs
(``pngquant`` when present, else Qt's 8-bit palette).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
TABS = ("downloads", "primes", "shm", "lab")


def start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        return proc, ":" + fh.readline().strip()


def main() -> int:
    if shutil.which("Xvfb") is None:
        sys.stderr.write("screenshots: Xvfb is missing (apt-get install xvfb)\n")
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    xvfb, display = start_xvfb()
    home = Path(tempfile.mkdtemp(prefix="tributary-shots-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DBUS_", "XDG_"))}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), TMPDIR=str(home), LANGUAGE="en", LC_ALL="C.UTF-8",
               TRIBUTARY_SHOTS_OUT=str(OUT), TRIBUTARY_SHOTS_HOME=str(home))
    try:
        done = subprocess.run([sys.executable, "-m", "tools.shoot"], cwd=ROOT, env=env, timeout=600)
    finally:
        xvfb.terminate()
        xvfb.wait(10)
        shutil.rmtree(home, ignore_errors=True)
    if done.returncode:
        return done.returncode
    shrink(sorted(OUT.glob("*.png")))
    for path in sorted(OUT.glob("*.png")):
        sys.stdout.write(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB\n")
    return 0


def shrink(paths: list[Path]) -> None:
    """8-bit palette PNGs: pngquant when present (better colours), else Qt's own conversion."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--ext", ".png", "--quality", "70-95", "--speed",
                        "1", *map(str, paths)], check=False)
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QImage needs no more
    for path in paths:
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_Indexed8)
        image.save(str(path), "PNG", 9)


if __name__ == "__main__":
    sys.exit(main())
