"""Item delegates for the tables.

* :class:`ProgressDelegate` draws a progress bar from the model's ``UserRole`` fraction with its text
  readable in both themes: the part of the text over the filled bar in the highlighted-text colour, the
  rest in the text colour (two clipped passes), elided to the cell.
* :class:`ElidingDelegate` keeps every row one line high (no word wrap) and elides long text; hovering a
  cut-off cell shows its full text (and the model's own tooltip, if any) in a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QToolTip,
)


class ElidingDelegate(QStyledItemDelegate):
    """One line per cell, elided; the full text appears in a tooltip when the cell cuts it off."""

    def __init__(self, parent=None, elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(parent)
        self.elide = elide

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = self.elide

    def is_elided(self, option: QStyleOptionViewItem, index) -> bool:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        return opt.fontMetrics.horizontalAdvance(opt.text) > text_rect.width() - 2 * margin

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802 - Qt's name
        if event is None or view is None or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        if text and self.is_elided(option, index):
            full = text if not tip or tip == text else f"{text}\n{tip}"
            QToolTip.showText(event.globalPos(), full, view)
            return True
        return super().helpEvent(event, view, option, index)


class ProgressDelegate(QStyledItemDelegate):
    """A progress bar in a table cell; its text stays readable over the filled and the empty part."""

    MIN_WIDTH = 100

    @staticmethod
    def _frame(painter, rect: QRect, palette: QPalette) -> None:
        """Outline the bar in the text colour, faint: Fusion's groove is the row's own colour in the dark
        theme, which left a lone percentage floating in the cell."""
        color = QColor(palette.color(QPalette.ColorRole.Text))
        color.setAlphaF(0.35)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(color)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        painter.restore()

    def sizeHint(self, option, index):  # noqa: N802 - Qt's name
        hint = super().sizeHint(option, index)
        hint.setWidth(max(hint.width(), self.MIN_WIDTH))
        return hint

    def paint(self, painter, option, index) -> None:
        fraction = index.data(Qt.ItemDataRole.UserRole)
        if fraction is None:
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        # the row's own background (selection, alternate colour) first
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        bar = QStyleOptionProgressBar()
        bar.initFrom(widget) if widget is not None else None
        bar.rect = option.rect.adjusted(3, 4, -3, -4)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = max(0, min(1000, int(float(fraction) * 1000)))
        bar.textVisible = False
        bar.state = (option.state | QStyle.StateFlag.State_Horizontal) & ~QStyle.StateFlag.State_HasFocus
        bar.palette = option.palette
        style.drawControl(QStyle.ControlElement.CE_ProgressBarGroove, bar, painter, widget)
        style.drawControl(QStyle.ControlElement.CE_ProgressBarContents, bar, painter, widget)
        self._frame(painter, bar.rect, option.palette)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            return
        text = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, bar.rect.width() - 4)
        filled = QRect(bar.rect)
        filled.setWidth(round(bar.rect.width() * bar.progress / 1000))
        painter.save()
        painter.setFont(option.font)
        group = QPalette.ColorGroup.Normal if option.state & QStyle.StateFlag.State_Enabled else QPalette.ColorGroup.Disabled
        for clip, role in ((filled, QPalette.ColorRole.HighlightedText),
                           (QRect(filled.right() + 1, bar.rect.top(), bar.rect.right() - filled.right(), bar.rect.height()),
                            QPalette.ColorRole.Text)):
            if clip.width() <= 0:
                continue
            painter.setClipRect(clip)
            painter.setPen(option.palette.color(group, role))
            painter.drawText(bar.rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
