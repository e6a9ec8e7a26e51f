"""The app's tinted icons are QIcons on a Python QIconEngine; their lifetime is shared between Qt and Python.

Found in the full suite on Python 3.13 with a core dump: a garbage collection tore down a widget holding one
of these icons and QIcon::~QIcon crashed on its engine (SIGSEGV); and a detached copy of such an icon (Qt
calls the engine's clone()) crashed at once on every Python. Each scenario runs in its own interpreter: a
crash must fail the test, not end the run.
"""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import ROOT

SCRIPT = r'''
import gc
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget
app = QApplication([])
from tributary.gui import icons

play = icons.icon("play")
copy = QIcon(play)
copy.addPixmap(QPixmap(8, 8))  # detaches the copy: Qt clones the engine
assert not copy.pixmap(16, 16).isNull() and not play.pixmap(16, 16).isNull()
del copy
gc.collect()
for i in range(300):  # widgets holding icons, torn down inside garbage collections
    w = QWidget()
    w.view = QLabel(w)
    w.view.icon = icons.icon("downloads", "muted")
    w.me = w
    w._icon = icons.icon("play")
    w._icon.pixmap(16, 16)
    w.deleteLater()
    del w
    if i % 25 == 0:
        app.processEvents()
        gc.collect()
app.processEvents()
gc.collect()
print("engines", len(icons._engines))
'''


def test_icons_survive_detached_copies_and_garbage_collections():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, (out.returncode, out.stderr[-3000:])
    # one engine per (name, role) drawn, plus the detached copy's clone: not one per widget
    assert out.stdout.strip().splitlines()[-1] == "engines 3", out.stdout


def test_every_widget_gets_a_copy_of_one_shared_icon(qapp):
    from tributary.gui import icons

    first, second = icons.icon("remove"), icons.icon("remove")
    assert first.cacheKey() == second.cacheKey()  # one QIcon's data shared, one engine
    assert icons.icon("remove", "muted").cacheKey() != first.cacheKey()
