"""A widget that shows a Mandelbrot render while its rows arrive, straight from shared memory.

While a render runs, the widget paints a ``QImage`` that wraps the shared block itself (no copy); the
panel asks for a repaint at most 25 times a second. When the render ends, the widget keeps a copy and
lets go of the block so the engine can close and unlink it. Left click zooms in at the point, right
click zooms out.

The widget says what size it has settled on (``sizeSettled``): once when it is first shown and again
after a resize stops for :data:`RESIZE_SETTLE_MS` — the panel renders for exactly that size, so the image
fills the widget and the complex plane keeps its true aspect ratio.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

RESIZE_SETTLE_MS = 150


class MandelbrotView(QWidget):
    """Signals:
    zoom_requested(float, float, float): (x, y) as fractions of the image, and the zoom factor.
    sizeSettled(int, int): the widget was first shown, or a resize settled, at this size (pixels).
    """

    zoom_requested = Signal(float, float, float)
    sizeSettled = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None  # a finished (copied) image
        self.live: QImage | None = None  # wraps the shared block of the running render
        self._array = None
        self._job = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._shown = False

    # -- size ------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self._settle.start(0)  # after the layout gave us our real size

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._shown:
            self._settle.start(RESIZE_SETTLE_MS)  # restarts: one render when the resize stops

    def _settled(self) -> None:
        self._settle.setInterval(RESIZE_SETTLE_MS)
        self.sizeSettled.emit(self.width(), self.height())

    # -- images ----------------------------------------------------------------------------------
    def show_live(self, job) -> None:
        """Paint the render of ``job`` (its ``partial.image``, a shared-memory array) as it fills in; until
        the job has made its image, the last picture stays (call again as the job progresses)."""
        if job is not self._job:
            self.freeze(self._job)
            self._job = job
        array = job.partial.image
        if array is None or array is self._array:  # not made yet (or gone), or shown already
            return
        h, w = array.shape
        self._array = array
        self.live = QImage(array.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
        self.update()

    def freeze(self, job) -> None:
        """Keep a copy of ``job``'s image and drop every reference to its shared block."""
        if job is None or job is not self._job:
            return
        if not shiboken6.isValid(self):  # the view was deleted first (its window closed): just let go
            self.live, self._array, self._job = None, None, None
            return
        if self.live is None:  # it ended before it was shown live: take its picture now
            self.show_live(job)
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
