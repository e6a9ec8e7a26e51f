"""A widget that shows a Mandelbrot render while its rows arrive, straight from shared memory.

While a render runs, the widget paints a ``QImage`` that wraps the shared block itself (no copy); the
panel asks for a repaint at most 25 times a second. When the render ends, the widget keeps a copy and
lets go of the block so the engine can close and unlink it. Left click zooms in at the point, right
click zooms out.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget


class MandelbrotView(QWidget):
    zoom_requested = Signal(float, float, float)  # (x, y) as fractions of the image, zoom factor

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None  # a finished (copied) image
        self.live: QImage | None = None  # wraps the shared block of the running render
        self._array = None
        self._job = None

    def show_live(self, job) -> None:
        """Paint ``job.image`` (a shared-memory array) as it fills in."""
        self.freeze(self._job)
        array = job.image
        h, w = array.shape
        self._array, self._job = array, job
        self.live = QImage(array.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
        self.update()

    def freeze(self, job) -> None:
        """Keep a copy of ``job``'s image and drop every reference to its shared block."""
        if job is None or job is not self._job or not shiboken6.isValid(self):
            return
        if self.live is not None:
            self.image = self.live.copy()
        self.live, self._array, self._job = None, None, None
        self.update()

    def target_rect(self) -> QRectF:
        image = self.live or self.image
        if image is None:
            return QRectF(self.rect())
        scale = min(self.width() / image.width(), self.height() / image.height())
        w, h = image.width() * scale, image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        image = self.live or self.image
        if image is not None:
            painter.drawImage(self.target_rect(), image)
        painter.end()

    def mousePressEvent(self, event) -> None:
        rect = self.target_rect()
        pos = event.position()
        if not rect.contains(pos):
            return
        fx = (pos.x() - rect.x()) / rect.width()
        fy = (pos.y() - rect.y()) / rect.height()
        factor = 0.5 if event.button() == Qt.MouseButton.LeftButton else 2.0
        self.zoom_requested.emit(fx, fy, factor)
