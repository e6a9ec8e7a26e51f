"""Reusable pieces for the look of views: an empty-state overlay, table tuning, accessible names.

* :class:`EmptyState` sits on a view's viewport and says what to do while the model has no rows
  ("Drop links here, paste with Ctrl+V, or Add…"); it hides itself when the first row arrives and comes
  back when the last one goes. It lets mouse events and drops through to the view and its panel.
* :func:`tune_table` gives a table uniform one-line rows, elided text with full-text tooltips,
  alternating colours and a readable progress column.
* :class:`ErrorLabel` says what is wrong in the theme's danger colour, readable on light and dark
  (re-tinted when the theme changes); :func:`error_border` marks the field it is about. A
  :class:`ToneLabel` does the same in another status colour (``muted`` for hints).
* :func:`fill_accessibility` gives every control under a widget an accessible name (from its text, its
  form label or its placeholder) and a tooltip where it has none, so screen readers and the tooltip
  always say what a control is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tributary.gui.delegates import ElidingDelegate, ProgressDelegate
from tributary.gui.i18n import without_mnemonic
from tributary.gui.theme import semantic_color


class ToneLabel(QLabel):
    """A word-wrapped label in one of the theme's status colours (``tone``: danger, muted, …).

    Only its text colour is its own (every other colour follows the window); a fixed colour would read
    well on one theme and poorly on the other (#c0392b on the dark window is 2.9:1), so it takes the
    theme's and takes it again whenever the palette changes. It is as tall as its text at its width.
    """

    def __init__(self, tone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tone = tone
        self.setWordWrap(True)
        self._tinting = False
        self._tint()

    def _tint(self) -> None:
        color = semantic_color(self.tone)
        if self.palette().color(QPalette.ColorRole.WindowText) == color:
            return
        palette = QPalette()  # only the text colour is set here; the rest follows the window
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self._tinting = True
        try:
            self.setPalette(palette)
        finally:
            self._tinting = False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and not self._tinting:
            self._tint()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As tall as the text is at the width the label has (a form layout asks for the height of a
        wrapped label at a narrow guess of its width: three lines for one, and the form jumps)."""
        hint = super().sizeHint()
        if self.width() > 0 and self.text():
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint() if self.width() > 0 and self.text() else super().minimumSizeHint()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the height for the new width


class ErrorLabel(ToneLabel):
    """What is wrong, in the theme's danger colour; hidden until shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("danger", parent)
        self.setObjectName("errorLabel")
        self.setVisible(False)


def error_border() -> str:
    """A style sheet that marks a field with an error, in the theme's danger colour."""
    return f"border: 1px solid {semantic_color('danger').name()}"


class EmptyState(QWidget):
    """A centred icon, title and hint over an empty view; hidden while the model has rows."""

    def __init__(self, view: QAbstractItemView, icon: QIcon, texts: Callable[[], tuple[str, str]]) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyState")
        self.view = view
        self.texts = texts
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.icon_label = QLabel(self)
        self.icon_label.setPixmap(icon.pixmap(48, 48))
        self._icon = icon
        self.title = QLabel(self)
        self.hint = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        margins = layout.contentsMargins()
        layout.setContentsMargins(margins.left(), 0, margins.right(), 0)  # (the stretches centre it)
        layout.addStretch(1)
        for label in (self.icon_label, self.title, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)
        view.viewport().installEventFilter(self)
        self._model = None
        self.watch(view.model())
        self.retranslate()

    def watch(self, model) -> None:
        """Follow ``model`` (the view's): shown while it has no rows."""
        if self._model is not None:
            for signal in (self._model.rowsInserted, self._model.rowsRemoved, self._model.modelReset,
                           self._model.layoutChanged):
                signal.disconnect(self.refresh)
        self._model = model
        if model is not None:
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
                signal.connect(self.refresh)
        self.refresh()

    def retranslate(self) -> None:
        title, hint = self.texts()
        self.title.setText(title)
        self.hint.setText(hint)
        self.setAccessibleName(title)
        self.setAccessibleDescription(hint)
        self._fit()  # (the other language's words may need more lines)

    def refresh(self, *_args) -> None:
        empty = self._model is None or self._model.rowCount() == 0
        self._fit()
        self.setVisible(empty)

    def _fit(self) -> None:
        """Cover the viewport, showing what fits its height: the icon goes first, then the hint, then the
        title (a view squeezed by open panes drew the icon over the title, both cut off)."""
        rect = self.view.viewport().rect()
        layout = self.layout()
        margins = layout.contentsMargins()
        room = rect.height() - margins.top() - margins.bottom()
        width = max(1, rect.width() - margins.left() - margins.right())
        gap = layout.spacing()
        title = self.title.sizeHint().height()
        hint = self.hint.heightForWidth(width)
        show_hint = title + gap + hint <= room
        self.title.setVisible(title <= room)  # (a view shorter than one line shows nothing)
        self.hint.setVisible(show_hint)
        self.icon_label.setVisible(show_hint and self.icon_label.sizeHint().height() + gap + title + gap + hint <= room)
        self.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self.icon_label.setPixmap(self._icon.pixmap(48, 48))  # re-tinted for the new theme
        super().changeEvent(event)


def tune_table(view: QTableView, *, elide_middle_columns: tuple[int, ...] = ()) -> None:
    """Uniform one-line rows, elided cells with full-text tooltips, a readable progress column."""
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # arrows move between rows; Tab leaves the table (no focus trap)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrowed column's title ends in …
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 12)
    if not isinstance(view.itemDelegate(), ElidingDelegate):
        view.setItemDelegate(ElidingDelegate(view))
    for column in elide_middle_columns:
        view.setItemDelegateForColumn(column, ElidingDelegate(view, Qt.TextElideMode.ElideMiddle))
    model = view.model()
    column = getattr(model, "PROGRESS_COLUMN", None)
    if column is not None and not isinstance(view.itemDelegateForColumn(column), ProgressDelegate):
        view.setItemDelegateForColumn(column, ProgressDelegate(view))


def _form_label(widget: QWidget) -> str:
    """The text of the label tied to ``widget`` (``setBuddy``), or of the QFormLayout label beside it
    (or beside the row layout holding it)."""
    parent = widget.parentWidget()
    if parent is None:
        return ""
    for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if label.buddy() is widget and label.text():
            return without_mnemonic(label.text()).rstrip(":：")
    for layout in parent.findChildren(QFormLayout):
        for row in range(layout.rowCount()):
            label_item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None or not isinstance(label_item.widget(), QLabel):
                continue
            if field_item.widget() is widget or (field_item.layout() is not None
                                                 and field_item.layout().indexOf(widget) >= 0):
                return without_mnemonic(label_item.widget().text()).rstrip(":：")
    return ""


def _own_text(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton):
        return without_mnemonic(widget.text()) or widget.toolTip()
    if isinstance(widget, QLineEdit):
        return widget.placeholderText()
    return ""


CONTROLS = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QProgressBar)


def fill_accessibility(root: QWidget, *, force: bool = False) -> list[QWidget]:
    """Name every control under ``root`` that has no accessible name or tooltip; returns those still
    without a name (none, when every control has a text, a form label or a placeholder)."""
    nameless = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.objectName().startswith("qt_"):
            continue
        if widget.parentWidget() is not None and isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # the line edit inside a spin box or combo box is part of it
        name = widget.property("tributaryA11yName") if not force else None
        own = _own_text(widget)  # a button says what it does ("Browse…"), not the row it sits in
        label = (own or _form_label(widget)) if isinstance(widget, QAbstractButton) else (_form_label(widget) or own)
        if not widget.accessibleName() or name is not None:
            if label:
                widget.setAccessibleName(label)
                widget.setProperty("tributaryA11yName", label)  # ours: renamed on language change
        if label and (not widget.toolTip() or widget.property("tributaryTip") is not None):
            widget.setToolTip(label)
            widget.setProperty("tributaryTip", label)
        if not widget.accessibleName():
            nameless.append(widget)
    return nameless
