"""Light and dark themes that follow the desktop, with a manual override (System / Light / Dark).

The app uses the Fusion style with a palette of its own, so it looks the same on every platform and
under Xvfb (where no platform theme exists). In ``system`` mode the scheme comes from
``QStyleHints.colorScheme()`` and follows ``colorSchemeChanged`` (an unknown scheme counts as light);
``light``/``dark`` pin it and, on Qt ≥ 6.8, tell Qt too (``setColorScheme``) so native dialogs agree.

Setting the application palette sends ``PaletteChange`` to every widget: everything repaints in the
new colours, icons included (:mod:`tributary.gui.icons` reads the palette when it draws). Charts
(pyqtgraph) do not read the palette, so :func:`style_plot` colours one and :meth:`ThemeManager.changed`
lets the window restyle the ones it has.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

log = logging.getLogger("tributary.theme")

MODES = ("system", "light", "dark")
_SEMANTIC = {
    False: {"success": "#1e7e34", "warning": "#a35f00", "danger": "#c62828", "muted": "#6b7280"},
    True: {"success": "#5fcf80", "warning": "#f0b429", "danger": "#ff7070", "muted": "#9aa3ad"},
}
_manager: ThemeManager | None = None


def is_dark() -> bool:
    return _manager.dark if _manager is not None else False


def semantic_color(role: str) -> QColor:
    """Status colours (success, warning, danger, muted) readable on this theme's base colour."""
    return QColor(_SEMANTIC[is_dark()].get(role, "#808080"))


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#202326", roles.WindowText: "#e6e8eb", roles.Base: "#16181a",
        roles.AlternateBase: "#1d2023", roles.ToolTipBase: "#2b2f33", roles.ToolTipText: "#e6e8eb",
        roles.PlaceholderText: "#8b949e", roles.Text: "#e6e8eb", roles.Button: "#2a2e32",
        roles.ButtonText: "#e6e8eb", roles.BrightText: "#ff7070", roles.Light: "#3a3f44",
        roles.Midlight: "#33383d", roles.Mid: "#2a2e32", roles.Dark: "#121416", roles.Shadow: "#000000",
        roles.Highlight: "#3d8fd6", roles.HighlightedText: "#ffffff", roles.Link: "#6cb6ff",
        roles.LinkVisited: "#b48ead", roles.Accent: "#3d8fd6",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role, color in ((roles.WindowText, "#6e757c"), (roles.Text, "#6e757c"), (roles.ButtonText, "#6e757c"),
                        (roles.Highlight, "#3a4046"), (roles.HighlightedText, "#9aa3ad"), (roles.Base, "#1b1d20")):
        p.setColor(disabled, role, QColor(color))
    return p


def light_palette() -> QPalette:
    p = QStyleFactory.create("Fusion").standardPalette()
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, "#f3f4f6"), (roles.Base, "#ffffff"), (roles.AlternateBase, "#f6f8fa"),
                        (roles.Highlight, "#2f6fb3"), (roles.HighlightedText, "#ffffff"), (roles.Accent, "#2f6fb3"),
                        (roles.Link, "#1f5fa8"), (roles.ToolTipBase, "#ffffff"), (roles.ToolTipText, "#1f2328")):
        p.setColor(role, QColor(color))
    return p


class ThemeManager(QObject):
    """Owns the style and palette of the application; ``changed(dark)`` after every switch."""

    changed = Signal(bool)

    def __init__(self, app: QApplication, mode: str = "system") -> None:
        super().__init__(app)
        global _manager
        _manager = self
        self.app = app
        self.mode = mode if mode in MODES else "system"
        self.dark = False
        app.setStyle("Fusion")
        app.styleHints().colorSchemeChanged.connect(self._on_system_change)
        self.apply(self.mode)

    def system_is_dark(self) -> bool:
        return self.app.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def apply(self, mode: str) -> None:
        """Switch to ``mode`` (system, light or dark); unknown values mean system."""
        self.mode = mode if mode in MODES else "system"
        hints = self.app.styleHints()
        if hasattr(hints, "setColorScheme"):  # Qt ≥ 6.8: let Qt and native dialogs know
            hints.blockSignals(True)
            try:
                if self.mode == "system":
                    hints.unsetColorScheme()
                else:
                    hints.setColorScheme(Qt.ColorScheme.Dark if self.mode == "dark" else Qt.ColorScheme.Light)
            finally:
                hints.blockSignals(False)
        self._set_dark(self.mode == "dark" or (self.mode == "system" and self.system_is_dark()))

    def _on_system_change(self, _scheme) -> None:
        if self.mode == "system":
            self._set_dark(self.system_is_dark())

    def _set_dark(self, dark: bool) -> None:
        self.dark = dark
        self.app.setPalette(dark_palette() if dark else light_palette())
        log.info("theme: %s (%s)", "dark" if dark else "light", self.mode)
        self.changed.emit(dark)


def manager() -> ThemeManager | None:
    return _manager


def style_plot(plot) -> None:
    """Colour a pyqtgraph PlotWidget from the palette (background, axes, labels, legend)."""
    palette = QApplication.palette()
    text = palette.color(QPalette.ColorRole.Text)
    if getattr(plot, "_background", "default") is not None:  # a transparent sparkline stays transparent
        plot.setBackground(palette.color(QPalette.ColorRole.Base))
    item = plot.getPlotItem() if hasattr(plot, "getPlotItem") else None
    if item is None:
        return
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(text)
        axis.setTextPen(text)
        if axis.label is not None and axis.labelText:
            axis.setLabel(axis.labelText, units=axis.labelUnits, **{"color": text.name()})
    legend = item.legend
    if legend is not None:
        legend.setLabelTextColor(text)  # the colour for labels to come: the ones shown are drawn again
        for _sample, label in legend.items:
            label.setText(label.text, color=text)
        legend.setBrush(palette.color(QPalette.ColorRole.Base))


def restyle_plots(root: QWidget) -> int:
    """Colour every chart under ``root`` from the palette; returns how many there were."""
    count = 0
    for widget in root.findChildren(QWidget):
        if hasattr(widget, "getPlotItem") and hasattr(widget, "setBackground"):
            try:
                style_plot(widget)
                count += 1
            except (AttributeError, RuntimeError, TypeError):  # a chart library that changed its API
                log.exception("could not restyle a chart")
    return count
