"""The app's icons: bundled SVGs (``resources/icons``) tinted from the palette when they are drawn.

Every SVG strokes with ``currentColor``. :func:`icon` returns a ``QIcon`` whose engine renders the SVG
with the colour of a *role* ("text", "accent", "success", "warning", "danger", "muted") taken from the
application palette at paint time, so one icon follows a theme switch without being rebuilt: widgets
repaint on ``PaletteChange`` and the engine draws in the new colour. Disabled icons use the palette's
disabled text colour. Rendered pixmaps are cached per (name, role, size, mode, colour).

Cheap at start-up: QtSvg is a small module, files are read on first use (a few hundred bytes each).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from tributary.gui.assets import resource_path

log = logging.getLogger("tributary.icons")

ROLES = ("text", "accent", "success", "warning", "danger", "muted")
STATE_ICONS = {  # download / job state → (icon, role)
    "queued": ("state-queued", "muted"),
    "running": ("state-running", "accent"),
    "paused": ("state-paused", "warning"),
    "done": ("state-done", "success"),
    "failed": ("state-failed", "danger"),
    "cancelled": ("state-cancelled", "muted"),
}
_svg: dict[str, bytes] = {}
_pixmaps: OrderedDict[tuple, QPixmap] = OrderedDict()
_CACHE = 512


def svg_source(name: str) -> bytes:
    """The SVG text of ``resources/icons/NAME.svg`` (read once)."""
    data = _svg.get(name)
    if data is None:
        data = Path(resource_path(f"icons/{name}.svg")).read_bytes()
        _svg[name] = data
    return data


def role_color(role: str, mode: QIcon.Mode = QIcon.Mode.Normal) -> QColor:
    """The colour an icon of ``role`` is drawn in, from the application palette and the theme."""
    from tributary.gui.theme import semantic_color

    palette = QApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected and role in ("text", "muted"):
        return palette.color(QPalette.ColorRole.HighlightedText)
    if role == "text":
        return palette.color(QPalette.ColorRole.WindowText)
    if role == "accent":
        return palette.color(QPalette.ColorRole.Highlight)
    return semantic_color(role)


def render(name: str, size: QSize, color: QColor, scale: float = 1.0) -> QPixmap:
    key = (name, size.width(), size.height(), scale, color.rgba())
    pixmap = _pixmaps.get(key)
    if pixmap is not None:
        _pixmaps.move_to_end(key)
        return pixmap
    w, h = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
    pixmap = QPixmap(w, h)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg_source(name).replace(b"currentColor", color.name().encode())))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = min(w, h)
    renderer.render(painter, QRect((w - side) // 2, (h - side) // 2, side, side))
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    _pixmaps[key] = pixmap
    if len(_pixmaps) > _CACHE:
        _pixmaps.popitem(last=False)
    return pixmap


class TintedSvgEngine(QIconEngine):
    """Draws one bundled SVG in the colour of a palette role, at any size and device pixel ratio."""

    def __init__(self, name: str, role: str = "text") -> None:
        super().__init__()
        self.name = name
        self.role = role if role in ROLES else "text"

    def clone(self) -> QIconEngine:
        twin = TintedSvgEngine(self.name, self.role)
        _engines.append(twin)  # C++ holds the clone (a detached copy of the icon): Python must not free it
        return twin

    def key(self) -> str:
        return "tributary-svg"

    def iconName(self) -> str:  # noqa: N802 - Qt's name
        return self.name

    def actualSize(self, size: QSize, mode, state) -> QSize:  # noqa: N802
        return size

    def pixmap(self, size: QSize, mode, state) -> QPixmap:
        return render(self.name, size, role_color(self.role, mode))

    def scaledPixmap(self, size: QSize, mode, state, scale: float) -> QPixmap:  # noqa: N802
        return render(self.name, size, role_color(self.role, mode), scale)

    def paint(self, painter: QPainter, rect: QRect, mode, state) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, render(self.name, rect.size(), role_color(self.role, mode), scale))


_icons: dict[tuple[str, str], QIcon] = {}
# Every engine lives as long as the app. A QIcon made on a Python QIconEngine shares it with every copy of
# the icon; when a copy held by a widget was torn down inside a garbage collection, the engine's Python side
# could be freed first and QIcon::~QIcon then deleted a dangling engine (SIGSEGV in the test suite on 3.13,
# found with a core dump), and a detached copy (clone()) crashed at once on every Python. One engine per
# (name, role), held here, is never garbage: widgets get copies of one cached icon.
_engines: list[QIconEngine] = []


def icon(name: str, role: str = "text") -> QIcon:
    """A tinted icon for ``resources/icons/NAME.svg`` (a copy of the one shared icon for ``name``/``role``)."""
    key = (name, role)
    cached = _icons.get(key)
    if cached is None:
        engine = TintedSvgEngine(name, role)
        _engines.append(engine)
        cached = _icons[key] = QIcon(engine)
    return QIcon(cached)


_state_icons: dict[str, QIcon] = {}


def state_icon(state: str) -> QIcon | None:
    """The icon of a download or job state (``queued``, ``running``, ``done`` …), or None. Shared: the
    engine tints at paint time, so one QIcon per state serves every row and every theme."""
    cached = _state_icons.get(state)
    if cached is None and state in STATE_ICONS:
        cached = _state_icons[state] = icon(*STATE_ICONS[state])
    return cached


def app_icon() -> QIcon:
    """The coloured application icon (not tinted)."""
    return QIcon(resource_path("icons/tributary.svg"))
