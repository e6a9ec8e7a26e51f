"""The Timeline: what ran where and when, drawn live — lanes per pool process, thread, download
connection and coroutine task, coloured by job, with counter tracks (UI lateness, throughput, chunks in
flight, CPU) under them; zoom, pan, hover, click-to-select, follow-now, pause and export to Perfetto.

The widget draws; :class:`~tributary.workers.timeline_index.TimelineIndex` (Qt-free) holds the spans and
answers "what is visible between these times at this width" with merged pixel rectangles, so a paint
costs what the visible pixels cost, not what the recorder holds. The view pulls and repaints on a 25 Hz
timer that runs only while it is shown, and repaints only when something in view changed or "follow
now" moves the view.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QFontMetrics, QImage, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from tributary.gui.i18n import ENGINE
from tributary.gui.models import human_bytes
from tributary.gui.timeline_raster import numpy_ready
from tributary.workers import timeline
from tributary.workers.timeline import RECORDER

REFRESH_MS = 40  # 25 Hz at most
RULER_H, GUTTER_W, GROUP_H, LANE_H, COUNTER_H = 22, 200, 18, 16, 38  # GUTTER_W: the name column's narrowest
GUTTER_SHARE = 0.4  # the name column grows to fit the longest name, up to this share of the view's width
MIN_SPAN_S, MAX_SPAN_S = 1e-5, 86_400.0
LATE_MS = 16.0

_BRUSHES = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.Dense4Pattern, Qt.BrushStyle.BDiagPattern)  # as the raster
# per category: (saturation, value, pattern) of the job's hue, or (fixed colour, None, pattern)
_LOOKS = {
    "": (0.55, 0.86, 0),
    timeline.CONNECTING: (0.28, 0.98, 0),
    timeline.FIRST_BYTE: (0.40, 0.94, 0),
    timeline.FINISHING: (0.65, 0.62, 0),
    timeline.THROTTLED: (0.55, 0.86, 1),
    timeline.BACKOFF: (0.55, 0.86, 2),
    timeline.FAILED: (0xFFC0392B, None, 0),
    timeline.STOPPED: (0xFFB0B0B0, None, 0),
}
_LOOK_ORDER = tuple(_LOOKS)
_COUNTER_COLOURS = {timeline.UI_LATENESS: "#c0392b", timeline.THROUGHPUT: "#2471a3",
                    timeline.IN_FLIGHT: "#7d3c98", timeline.CPU: "#1e8449"}


def job_colour(job: int) -> QColor:
    """The colour of a job's work (the plot's own, from :func:`~tributary.gui.timeline_raster.job_colours`)."""
    from tributary.gui.timeline_raster import job_colours

    return QColor.fromRgba(int(job_colours([job], *_LOOKS[""][:2])[0]))


class TimelineView(QAbstractScrollArea):
    """Lanes grouped by executor, counter tracks below; time runs left to right."""

    jobClicked = Signal(int)  # noqa: N815 - Qt naming
    viewChanged = Signal()  # noqa: N815 - zoom, pan, follow or pause changed

    def __init__(self, parent: QWidget | None = None, *, recorder: timeline.Recorder | None = None,
                 job_title=None) -> None:
        super().__init__(parent)
        from tributary.workers.timeline_index import TimelineIndex

        self.setObjectName("timelineView")
        self.recorder = recorder or RECORDER
        self.index = TimelineIndex(self.recorder)
        self.job_title = job_title  # job id → its title, for tooltips (optional)
        self.t1 = time.monotonic()
        self.t0 = self.t1 - 30.0
        self.follow = True
        self.paused = False
        self.selected_job: int | None = None
        self.paints = 0
        self.drawn = 0  # rectangles drawn by the last paint
        self.paint_ms = 0.0
        self.paint_ms_max = 0.0
        self._rows: list[tuple[str, object, int, int]] = []  # (kind, key, y, height) in content pixels
        self._names_w = GUTTER_W  # what the longest name in the gutter needs
        self._layout_version = -1
        self._press = None
        self._dragged = False
        self._told = 0.0
        self._live = True
        self._palette = None  # [look, job] → colour
        self._look_of: list | object = []  # category code → look (an index into _LOOK_ORDER)
        self._look_patterns = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().setSingleStep(LANE_H)
        self.setMinimumHeight(120)
        self._timer = QTimer(self)
        self._timer.setObjectName("timelineRefresh")
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.tick)
        self.retranslate()

    # -- life -------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._live:
            self._timer.start()  # the first pull comes a refresh later, after the window's first paint

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def set_live(self, on: bool) -> None:
        """Refresh only while seen: a dock tabbed behind another stays "visible" to Qt, so its dock
        tells the view when it really is (``visibilityChanged``)."""
        self._live = on
        if on and self.isVisible():
            self._timer.start()
        else:
            self._timer.stop()

    @property
    def live(self) -> bool:
        return self._timer.isActive()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Timeline"))
        self._measure_names()  # names are longer or shorter in another language
        self.viewport().update()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def tick(self) -> None:
        """Pull what was recorded; repaint if it shows (or if following now moves the view)."""
        if self.paused or not numpy_ready():  # (the index is numpy's: it catches up once that is loaded)
            return
        changed = self.index.update()
        if changed and time.monotonic() - self._told > 0.5:  # the dock's span count, twice a second
            self._told = time.monotonic()
            self.viewChanged.emit()
        if self.index.layout_version != self._layout_version:
            self._relayout()
        if self.follow:
            if changed or self.index.behind:
                self._follow_now()
                self.viewport().update()
            return
        span = self.index.changed
        if changed and span is not None and span[0] <= self.t1 and span[1] >= self.t0:
            self.viewport().update()

    # -- the view's window on time ----------------------------------------------------------------
    @property
    def gutter_w(self) -> int:
        """The name column's width: its longest name whole, up to ``GUTTER_SHARE`` of the view (never below
        ``GUTTER_W``); longer names are elided in the middle and shown whole in the gutter's tooltip."""
        return max(GUTTER_W, min(self._names_w, int(self.viewport().width() * GUTTER_SHARE)))

    @property
    def plot_width(self) -> int:
        return max(1, self.viewport().width() - self.gutter_w)

    def set_range(self, t0: float, t1: float, *, follow: bool | None = None) -> None:
        span = min(MAX_SPAN_S, max(MIN_SPAN_S, t1 - t0))
        centre = (t0 + t1) / 2
        self.t0, self.t1 = centre - span / 2, centre + span / 2
        if follow is not None:
            self.follow = follow
        if self.follow:
            self._follow_now()
        self.viewport().update()
        self.viewChanged.emit()

    def _follow_now(self) -> None:
        span = self.t1 - self.t0
        self.t1 = time.monotonic() + span * 0.02
        self.t0 = self.t1 - span

    def set_follow(self, on: bool) -> None:
        self.follow = on
        if on:
            self.paused = False
            self._follow_now()
        self.viewport().update()
        self.viewChanged.emit()

    def set_paused(self, on: bool) -> None:
        self.paused = on
        if not on:
            self.tick()
        self.viewChanged.emit()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in (factor < 1 shows less time) around a pixel of the plot (its right edge while following)."""
        span = self.t1 - self.t0
        new = min(MAX_SPAN_S, max(MIN_SPAN_S, span * factor))
        if self.follow or anchor_x is None:
            frac = 1.0 if self.follow else 0.5
        else:
            frac = min(1.0, max(0.0, anchor_x / self.plot_width))
        at = self.t0 + frac * span
        self.t0, self.t1 = at - frac * new, at + (1 - frac) * new
        self.viewport().update()
        self.viewChanged.emit()

    def pan_pixels(self, dx: float) -> None:
        """Move the view by ``dx`` pixels of time (positive: later); stops following now."""
        shift = dx * (self.t1 - self.t0) / self.plot_width
        self.t0 += shift
        self.t1 += shift
        self.follow = False
        self.viewport().update()
        self.viewChanged.emit()

    def show_all(self) -> None:
        self.index.update()
        self._relayout()
        extent = self.index.extent()
        if extent is None:
            return
        pad = max(1e-3, (extent[1] - extent[0]) * 0.02)
        self.follow = False
        self.set_range(extent[0] - pad, extent[1] + pad)

    # -- layout -----------------------------------------------------------------------------------
    def _relayout(self) -> None:
        rows, y = [], 0
        for group, lanes in self.index.lanes():
            rows.append(("group", group, y, GROUP_H))
            y += GROUP_H
            for lane in lanes:
                rows.append(("lane", lane, y, LANE_H))
                y += LANE_H
        counters = self.index.counters()
        if counters:
            rows.append(("counters", None, y, GROUP_H))
            y += GROUP_H
            for key in counters:
                rows.append(("counter", key, y, COUNTER_H))
                y += COUNTER_H
        self._rows = rows
        self._layout_version = self.index.layout_version
        self._content_h = y
        self._measure_names()
        self._update_scrollbar()

    def gutter_name(self, row) -> tuple[str, bool, int]:
        """A gutter row's name for people, whether it is a heading (bold), and its left edge."""
        kind, key = row[0], row[1]
        if kind == "group":
            return ENGINE.tr(timeline.GROUP_TITLES.get(key, key)), True, 4
        if kind == "counters":
            return self.tr("Counters"), True, 4
        return (ENGINE.tr(key[1]) if kind == "lane" else counter_title(key)), False, 14

    def gutter_text(self, row) -> str:
        """What the gutter shows of a row's name at its current width (elided in the middle if too long)."""
        name, bold, left = self.gutter_name(row)
        metrics = QFontMetrics(self._bold_font() if bold else self.font())
        return metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, self.gutter_w - left - 4)

    def _bold_font(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def _measure_names(self) -> None:
        plain, bold = QFontMetrics(self.font()), QFontMetrics(self._bold_font())
        widest = GUTTER_W
        for row in self._rows:
            name, heading, left = self.gutter_name(row)
            widest = max(widest, (bold if heading else plain).horizontalAdvance(name) + left + 6)
        self._names_w = widest

    def _update_scrollbar(self) -> None:
        visible = max(0, self.viewport().height() - RULER_H)
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, getattr(self, "_content_h", 0) - visible))
        bar.setPageStep(max(1, visible))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_scrollbar()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def row_at(self, y: float):
        """The row (kind, key, top, height) under viewport pixel ``y``, or None."""
        content_y = y - RULER_H + self.verticalScrollBar().value()
        if y < RULER_H:
            return None
        for row in self._rows:
            if row[2] <= content_y < row[2] + row[3]:
                return row
        return None

    def scroll_to_lane(self, lane) -> None:
        """Scroll so that ``lane`` is in sight (if the view has it)."""
        if self._layout_version != self.index.layout_version:
            self._relayout()
        row = next((r for r in self._rows if r[0] == "lane" and r[1] == lane), None)
        if row is not None:
            bar = self.verticalScrollBar()
            visible = self.viewport().height() - RULER_H
            if not bar.value() <= row[2] <= bar.value() + visible - LANE_H:
                bar.setValue(max(0, row[2] - visible // 3))

    def time_at(self, x: float) -> float:
        return self.t0 + (x - self.gutter_w) * (self.t1 - self.t0) / self.plot_width

    def x_of(self, t: float) -> float:
        return self.gutter_w + (t - self.t0) * self.plot_width / (self.t1 - self.t0)

    # -- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        started = time.perf_counter()
        painter = QPainter(self.viewport())
        try:
            self._paint(painter)
        finally:
            painter.end()
        self.paints += 1
        self.paint_ms = (time.perf_counter() - started) * 1000
        self.paint_ms_max = max(self.paint_ms_max, self.paint_ms)

    def _paint(self, p: QPainter) -> None:
        from tributary.gui.timeline_raster import Plot

        w, h = self.viewport().width(), self.viewport().height()
        pal = self.palette()
        p.fillRect(0, 0, w, h, pal.base())
        if not numpy_ready():  # numpy is still loading off the GUI thread: the plot comes with a later paint
            QTimer.singleShot(50, self.viewport().update)
            return
        if self._layout_version != self.index.layout_version:
            self._relayout()
        top = RULER_H - self.verticalScrollBar().value()
        plot_w = self.plot_width
        now = time.monotonic()
        plot = Plot(plot_w, h - RULER_H, pal.base().color().rgba())
        header, stripe = pal.window().color().rgba(), pal.alternateBase().color().rgba()
        drawn, overlays, bands, found = 0, [], [], []
        self._metrics = QFontMetrics(self.font())
        for kind, key, y0, rh in self._rows:
            y = top + y0
            if y + rh < RULER_H or y > h:
                continue
            py = int(y) - RULER_H  # rows of the plot image
            if kind in ("group", "counters"):
                plot.band(py, py + rh, header)
            elif kind == "lane":
                if (y0 // LANE_H) % 2:
                    plot.band(py, py + rh, stripe)
                rects = self.index.visible(key, self.t0, self.t1, plot_w)
                if len(rects):
                    found.append((len(bands), rects))
                    bands.append((py + 2, py + rh - 2))
                drawn += len(rects)
                overlays.append((kind, key, y, rects))
            else:
                overlays.append((kind, key, y, self._paint_counter(plot, key, py, now)))
        if found:  # every lane's rectangles in one go
            from tributary.gui.timeline_raster import np

            jobs = np.concatenate([r.jobs for _, r in found])
            cats = np.concatenate([r.cats for _, r in found])
            colours, patterns = self._styles_of(jobs, cats)
            plot.lanes(bands, np.concatenate([r.x0 for _, r in found]), np.concatenate([r.x1 for _, r in found]),
                       np.repeat(np.array([k for k, _ in found]), [len(r) for _, r in found]), colours, patterns)
        image = QImage(plot.pixels.data, plot.width, plot.height, plot.width * 4, QImage.Format.Format_RGB32)
        p.drawImage(QPointF(self.gutter_w, RULER_H), image)
        del image
        p.setClipRect(QRectF(self.gutter_w, RULER_H, plot_w, h - RULER_H))
        for kind, key, y, what in overlays:
            if kind == "lane":
                drawn += self._paint_lane_overlay(p, key, y, what, now)
            elif what is not None:
                self._paint_counter_overlay(p, key, y, *what)
        self.drawn = drawn
        p.setClipRect(QRectF(0, RULER_H, w, h - RULER_H))
        self._paint_gutter(p, top, h)
        p.setClipping(False)
        self._paint_ruler(p, w, now)

    def _style(self, job: int, cat: int) -> tuple[int, int]:
        """(colour as 0xAARRGGBB, pattern) of a job's spans of one category."""
        from tributary.gui.timeline_raster import np

        colours, patterns = self._styles_of(np.array([job]), np.array([cat]))
        return int(colours[0]), int(patterns[0])

    def _styles_of(self, jobs, cats):
        """Colours and patterns of spans from their jobs and categories: a look-up in a palette of
        every job's colour in every look, grown (vectorised) when a new job appears."""
        from tributary.gui.timeline_raster import job_colours, np

        categories = self.index.categories
        if len(self._look_of) != len(categories):
            self._look_of = np.array([_LOOK_ORDER.index(c if c in _LOOKS else "") for c in categories], np.int64)
            self._look_patterns = np.array([_LOOKS[k][2] for k in _LOOK_ORDER], np.int8)
        top = int(jobs.max()) + 1 if len(jobs) else 1
        if self._palette is None or self._palette.shape[1] < top:
            size = max(1024, 1 << (top - 1).bit_length())
            ids = np.arange(size)
            self._palette = np.stack([np.full(size, look[0], dtype=np.uint32) if isinstance(look[0], int)
                                      else job_colours(ids, look[0], look[1]) for look in
                                      (_LOOKS[k] for k in _LOOK_ORDER)])
        look = self._look_of[cats]
        colours = self._palette[look, jobs]
        if self.selected_job is not None:  # the selected job stands out: the others fade
            faded = _fade(colours[jobs != self.selected_job])
            colours[jobs != self.selected_job] = faded
        return colours, self._look_patterns[look]

    def _paint_counter(self, plot, key, py: int, now: float):
        """Fill a counter track into the plot; returns what its overlay needs (scale, biggest value)."""
        steps = self.index.counter_steps(key, self.t0, self.t1, plot.width)
        plot.band(py + COUNTER_H - 1, py + COUNTER_H, self.palette().mid().color().rgba())
        if steps is None:
            return None
        top_value = _counter_scale(key[0], float(steps[1].max()))
        colour = QColor(_COUNTER_COLOURS.get(key[0], "#566573"))
        end_x = self.x_of(min(now, self.t1)) - self.gutter_w
        biggest = plot.counter(py + 4, py + COUNTER_H - 2, steps, top_value, end_x, colour.lighter(165).rgba(),
                               colour.rgba())
        return top_value, biggest

    def _label(self, lane, rects, i: int) -> str:
        """A wide rectangle's words: its span's label, or its job's title when it merges many spans."""
        row = self.index.row(lane, int(rects.rows[i]))
        if rects.counts[i] > 1:
            title = self.job_title(row[1]) if self.job_title and row[1] else None
            return self.tr("{n:,} × {what}").format(n=int(rects.counts[i]), what=title or ENGINE.tr(row[3]))
        return ENGINE.tr(timeline.label_text(row[2], row[6]))

    def _paint_counter_overlay(self, p: QPainter, key, y: float, top_value: float, biggest: float) -> None:
        """A counter track's scale: its largest value shown, and the 16 ms line of UI lateness."""
        if key[0] == timeline.UI_LATENESS and top_value >= LATE_MS:
            gy = y + COUNTER_H - 2 - (COUNTER_H - 6) * LATE_MS / top_value
            p.setPen(QPen(QColor(_COUNTER_COLOURS[timeline.UI_LATENESS]), 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(self.gutter_w, gy), QPointF(self.gutter_w + self.plot_width, gy))
        p.setPen(self.palette().text().color())
        p.drawText(QRectF(self.gutter_w + 4, y + 1, self.plot_width - 8, 14), Qt.AlignmentFlag.AlignRight,
                   self.tr("max {value}").format(value=format_counter(key[0], biggest)))

    def _paint_lane_overlay(self, p: QPainter, key, y: float, rects, now: float) -> int:
        """What the image does not show: running spans (up to now) and the labels of wide spans."""
        n = 0
        plot_w, g = self.plot_width, self.gutter_w
        for row in self.index.open.get(key, ()):  # still running: drawn up to now
            a = max(-2.0, self.x_of(row[4]) - g)
            b = min(plot_w + 2.0, self.x_of(now) - g)
            if b >= 0 and a <= plot_w:
                colour, pattern = self._style(row[1] or 0, self.index.code(row[3]))
                rect = QRectF(g + a, y + 2, max(1.0, b - a), LANE_H - 4)
                p.fillRect(rect, QBrush(QColor.fromRgba(colour), _BRUSHES[pattern]))
                n += 1
        if len(rects):
            p.setPen(QColor("#1b2631"))
            for i in ((rects.x1 - rects.x0) >= 60).nonzero()[0].tolist():
                rect = QRectF(g + float(rects.x0[i]) + 3, y + 2, float(rects.x1[i] - rects.x0[i]) - 6,
                              LANE_H - 4)
                p.drawText(rect, Qt.AlignmentFlag.AlignVCenter, self._metrics.elidedText(
                    self._label(key, rects, i), Qt.TextElideMode.ElideMiddle, int(rect.width())))
        return n

    def _paint_gutter(self, p: QPainter, top: float, h: int) -> None:
        pal = self.palette()
        g = self.gutter_w
        p.fillRect(QRectF(0, RULER_H, g, h - RULER_H), pal.window())
        p.setPen(pal.mid().color())
        p.drawLine(QPointF(g - 0.5, RULER_H), QPointF(g - 0.5, h))
        font, bold = QFont(self.font()), self._bold_font()
        p.setPen(pal.text().color())
        for row in self._rows:
            y = top + row[2]
            if y + row[3] < RULER_H or y > h:
                continue
            _, heading, left = self.gutter_name(row)
            p.setFont(bold if heading else font)
            p.drawText(QRectF(left, y, g - left - 4, row[3]), Qt.AlignmentFlag.AlignVCenter, self.gutter_text(row))
        p.setFont(font)

    def _paint_ruler(self, p: QPainter, w: int, now: float) -> None:
        pal = self.palette()
        p.fillRect(QRectF(0, 0, w, RULER_H), pal.window())
        p.setPen(pal.mid().color())
        p.drawLine(QPointF(0, RULER_H - 0.5), QPointF(w, RULER_H - 0.5))
        span = self.t1 - self.t0
        step = nice_step(span * 90 / self.plot_width)
        origin = self.recorder.origin
        first = math.ceil((self.t0 - origin) / step) * step
        p.setPen(pal.text().color())
        k = 0
        first = max(first, 0.0)  # nothing was recorded before the recorder began
        while first + k * step <= self.t1 - origin and k < 1000:
            rel = first + k * step
            x = self.x_of(origin + rel)
            p.drawLine(QPointF(x, RULER_H - 5), QPointF(x, RULER_H))
            p.drawText(QRectF(x + 3, 2, 120, RULER_H - 4), Qt.AlignmentFlag.AlignLeft, format_seconds(rel, step))
            k += 1
        state = self.tr("paused") if self.paused else (self.tr("following now") if self.follow else "")
        p.fillRect(QRectF(0, 0, self.gutter_w, RULER_H), pal.window())
        p.drawText(QRectF(4, 2, self.gutter_w - 8, RULER_H - 4), Qt.AlignmentFlag.AlignLeft,
                   self.tr("{span} shown").format(span=format_seconds(span, span / 10)) + (f" · {state}" if state else ""))
        if self.t0 <= now <= self.t1:
            x = self.x_of(now)
            p.setPen(QPen(QColor("#c0392b"), 1))
            p.drawLine(QPointF(x, RULER_H), QPointF(x, self.viewport().height()))

    # -- hover and click --------------------------------------------------------------------------
    def hit(self, pos: QPointF):
        """What is under a viewport point: ``("span", row)``, ``("counter", key, time, value)``, a name in the
        gutter ``("name", row)``, or None."""
        row = self.row_at(pos.y())
        if row is None:
            return None
        if pos.x() < self.gutter_w:
            return ("name", row)
        t = self.time_at(pos.x())
        tolerance = 3 * (self.t1 - self.t0) / self.plot_width
        if row[0] == "lane":
            span = self.index.span_at(row[1], t, tolerance)
            return ("span", span) if span is not None else None
        if row[0] == "counter":
            value = self.index.value_at(row[1], t)
            return ("counter", row[1], t, value) if value is not None else None
        return None

    def describe(self, what) -> str:
        """The tooltip for :meth:`hit`'s answer."""
        if what[0] == "name":  # the whole name, however narrow the gutter
            return self.gutter_name(what[1])[0]
        if what[0] == "counter":
            _, key, t, value = what
            return f"{counter_title(key)}: {format_counter(key[0], value)}\n" + \
                self.tr("at {time}").format(time=format_seconds(t - self.recorder.origin, 0.001))
        lane, job, label, category, start, end, args = what[1]
        lines = [ENGINE.tr(timeline.label_text(label, args)), f"{ENGINE.tr(category)} · {ENGINE.tr(lane[1])}"]
        if job:
            title = self.job_title(job) if self.job_title else None
            lines.append(self.tr("job #{id}").format(id=job) + (f" · {title}" if title else ""))
        running = end is None
        duration = (time.monotonic() if running else end) - start
        lines.append(self.tr("from {start}, for {duration}").format(
            start=format_seconds(start - self.recorder.origin, 0.001), duration=format_duration(duration))
            + (" · " + self.tr("still running") if running else ""))
        shown = timeline.label_fields(label)
        for name, value in (args or {}).items():
            if name in shown:  # already in the label
                continue
            if name == "bytes" and duration > 0:
                value = f"{human_bytes(value)} ({human_bytes(value / duration)}/s)"
            elif isinstance(value, (tuple, list)):
                value = ", ".join(f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v) for v in value)
            lines.append(f"{arg_name(name)}: {ENGINE.tr(value) if isinstance(value, str) else value}")
        return "\n".join(lines)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = (event.position(), event.position())
            self._dragged = False
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            last = self._press[1]
            if self._dragged or (pos - self._press[0]).manhattanLength() > 4:
                self._dragged = True
                self.pan_pixels(last.x() - pos.x())
                bar = self.verticalScrollBar()
                bar.setValue(bar.value() + int(last.y() - pos.y()))
                self._press = (self._press[0], pos)
            event.accept()
            return
        what = self.hit(pos)
        if what is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(what), self.viewport())

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                what = self.hit(event.position())
                job = what[1][1] if what is not None and what[0] == "span" else None
                self.select_job(job)
                if job:
                    self.jobClicked.emit(int(job))
            self._press = None
            self._dragged = False
        event.accept()

    def select_job(self, job: int | None) -> None:
        self.selected_job = job or None
        self.viewport().update()
        self.viewChanged.emit()

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - (delta.y() or delta.x()) // 4)
        elif delta.x() and not delta.y():
            self.pan_pixels(-delta.x() / 2)
        elif delta.y():
            self.zoom(0.8 ** (delta.y() / 120), event.position().x() - self.gutter_w)
        event.accept()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        bar = self.verticalScrollBar()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(0.5)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(2.0)
        elif key == Qt.Key.Key_Left:
            self.pan_pixels(-self.plot_width / 10)
        elif key == Qt.Key.Key_Right:
            self.pan_pixels(self.plot_width / 10)
        elif key == Qt.Key.Key_Up:
            bar.setValue(bar.value() - LANE_H)
        elif key == Qt.Key.Key_Down:
            bar.setValue(bar.value() + LANE_H)
        elif key == Qt.Key.Key_Home:
            self.show_all()
        elif key == Qt.Key.Key_End:
            self.set_follow(True)
        elif key == Qt.Key.Key_Space:
            self.set_paused(not self.paused)
        elif key == Qt.Key.Key_Escape:
            self.select_job(None)
        else:
            super().keyPressEvent(event)


# -- the dock: the view, its buttons, export ----------------------------------------------------------------
class TimelineDock(QDockWidget):
    """The timeline in a dock with Follow now, Pause, zoom, Show all and Export."""

    exported = Signal(str, int, str)  # path, spans written, error ("" when it worked)

    def __init__(self, parent: QWidget | None = None, *, executor=None, recorder: timeline.Recorder | None = None,
                 job_title=None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineDock")
        self.executor = executor  # where the file is written (never the GUI thread)
        self.view = TimelineView(self, recorder=recorder, job_title=job_title)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        bar = QHBoxLayout()
        self.follow_button = self._button(checkable=True)
        self.follow_button.setChecked(True)
        self.follow_button.toggled.connect(self.view.set_follow)
        self.pause_button = self._button(checkable=True)
        self.pause_button.toggled.connect(self.view.set_paused)
        self.zoom_in_button = self._button()
        self.zoom_in_button.clicked.connect(lambda: self.view.zoom(0.5))
        self.zoom_out_button = self._button()
        self.zoom_out_button.clicked.connect(lambda: self.view.zoom(2.0))
        self.all_button = self._button()
        self.all_button.clicked.connect(self.view.show_all)
        self.export_button = self._button()
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self)
        self.export_all = QAction(self)
        self.export_all.triggered.connect(lambda: self.ask_export("all"))
        self.export_job = QAction(self)
        self.export_job.triggered.connect(lambda: self.ask_export("job"))
        self.export_range = QAction(self)
        self.export_range.triggered.connect(lambda: self.ask_export("range"))
        for action in (self.export_all, self.export_job, self.export_range):
            self.export_menu.addAction(action)
        self.export_button.setMenu(self.export_menu)
        for button in (self.follow_button, self.pause_button, self.zoom_out_button, self.zoom_in_button,
                       self.all_button, self.export_button):
            bar.addWidget(button)
        self.status = QLabel(self)
        bar.addWidget(self.status, 1)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self.view.viewChanged.connect(self._sync)
        self.visibilityChanged.connect(self.view.set_live)
        self.exported.connect(self._on_exported)
        self._last_export = ""
        self.retranslate()

    def _button(self, *, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setCheckable(checkable)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Timeline"))
        self.toggleViewAction().setText(self.tr("&Timeline"))
        self.follow_button.setText(self.tr("Follow now"))
        self.follow_button.setToolTip(self.tr("Keep the present at the right edge (End)"))
        self.pause_button.setText(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Freeze the picture; recording goes on (Space)"))
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip(self.tr("Zoom in (+ or the mouse wheel)"))
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip(self.tr("Zoom out (−)"))
        self.all_button.setText(self.tr("Show all"))
        self.all_button.setToolTip(self.tr("Everything recorded (Home)"))
        self.export_button.setText(self.tr("Export trace"))
        self.export_all.setText(self.tr("Everything…"))
        self.export_job.setText(self.tr("Selected job…"))
        self.export_range.setText(self.tr("Visible range…"))
        self.view.retranslate()
        self._sync()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _sync(self) -> None:
        view = self.view
        for button, on in ((self.follow_button, view.follow), (self.pause_button, view.paused)):
            if button.isChecked() != on:
                button.blockSignals(True)
                button.setChecked(on)
                button.blockSignals(False)
        self.export_job.setEnabled(view.selected_job is not None)
        text = self.tr("{spans:,} spans").format(spans=view.index.spans)
        if view.selected_job is not None:
            text += " · " + self.tr("job #{id} selected").format(id=view.selected_job)
        if self._last_export:
            text += " · " + self._last_export
        self.status.setText(text)

    # -- export -----------------------------------------------------------------------------------
    def ask_export(self, scope: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export trace"), "tributary-trace.json",
                                              self.tr("Trace files (*.json)"))
        if path:
            self.export_to(path, scope)

    def export_to(self, path: str, scope: str = "all") -> None:
        """Write the trace of ``scope`` ("all", "job": the selected one, "range": the visible times) to
        ``path`` on the executor; :attr:`exported` tells how it went."""
        from tributary.workers.trace_export import write_chrome_trace

        filters: dict = {}
        if scope == "job" and self.view.selected_job is not None:
            filters["job"] = self.view.selected_job
        elif scope == "range":
            filters.update(start=self.view.t0, end=self.view.t1)
        snap = self.view.recorder.snapshot()

        def work() -> None:
            try:
                n = write_chrome_trace(path, snap, **filters)
            except OSError as exc:
                self.exported.emit(path, 0, exc.strerror or str(exc))
            else:
                self.exported.emit(path, n, "")

        if self.executor is None:
            work()
        else:
            self.executor.submit(work)

    def _on_exported(self, path: str, spans: int, error: str) -> None:
        if error:
            self._last_export = self.tr("could not write {path}: {error}").format(path=path, error=error)
        else:
            self._last_export = self.tr("{spans:,} spans written to {path}").format(spans=spans, path=path)
        self._sync()


# -- wiring into the main window -----------------------------------------------------------------------
def install_timeline(window) -> TimelineDock:
    """Add the timeline dock to ``window`` (tabbed with the log, toggled from the View menu), feed the
    meter's lateness into the recorder, and show a clicked span's job in its panel."""
    services = window.services
    jobs = services.runner.jobs

    def title(job_id: int):
        job = jobs.get(job_id)
        return ENGINE.tr(job.title) if job is not None else None  # a title is a message: in the user's language

    dock = TimelineDock(window, executor=services.threads, job_title=title)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    log_dock = getattr(window, "log_dock", None)
    if log_dock is not None:
        window.tabifyDockWidget(log_dock, dock)
        log_dock.raise_()
    action = dock.toggleViewAction()
    action.setShortcut(QKeySequence("Ctrl+T"))
    menu = getattr(window, "view_menu", None)
    if menu is not None:
        menu.insertAction(menu.actions()[1] if len(menu.actions()) > 1 else None, action)
    window.meter.sink = RECORDER.counter_sink(timeline.UI_LATENESS)
    dock.view.jobClicked.connect(lambda job_id: show_job(window, job_id))
    return dock


def show_job(window, job_id: int) -> bool:
    """Switch to the tab whose table lists job ``job_id`` and select its row; False if none does."""
    tabs = window.tabs
    for i in range(tabs.count()):
        panel = tabs.widget(i)
        model, table = getattr(panel, "model", None), getattr(panel, "table", None)
        if model is None or table is None:
            continue
        for row in range(model.rowCount()):
            if _row_job(model, row) == job_id:
                tabs.setCurrentIndex(i)
                table.selectRow(row)
                table.scrollTo(model.index(row, 0))
                return True
    return False


def _row_job(model, row: int) -> int | None:
    if hasattr(model, "job"):
        return model.job(row).id
    if hasattr(model, "transfer"):
        job = model.transfer(row).job
        return job.id if job is not None else None
    return None


# -- words and numbers ---------------------------------------------------------------------------------
def _fade(colours):
    """0xFFRRGGBB colours mixed one part to three with white."""
    from tributary.gui.timeline_raster import np

    channels = [(colours >> shift) & 0xFF for shift in (16, 8, 0)]
    r, g, b = ((c + 3 * 255) // 4 for c in channels)
    return (np.uint32(0xFF000000) | (r << 16) | (g << 8) | b).astype(np.uint32)


def counter_title(key: tuple) -> str:
    name, series = key
    title = ENGINE.tr(timeline.COUNTER_TITLES.get(name, name))
    return f"{title} · {ENGINE.tr(series)}" if series else title


def arg_name(name: str) -> str:
    names = {
        "bytes": QCoreApplication.translate("TimelineView", "received"),
        "status": QCoreApplication.translate("TimelineView", "HTTP status"),
        "attempt": QCoreApplication.translate("TimelineView", "attempt"),
        "seconds": QCoreApplication.translate("TimelineView", "wait (s)"),
        "chunk": QCoreApplication.translate("TimelineView", "chunk number"),
        "pid": QCoreApplication.translate("TimelineView", "process id"),
        "args": QCoreApplication.translate("TimelineView", "arguments"),
        "error": QCoreApplication.translate("TimelineView", "error"),
        "reason": QCoreApplication.translate("TimelineView", "reason"),
    }
    return names.get(name, name)


def format_counter(name: str, value: float) -> str:
    if name == timeline.UI_LATENESS:
        return QCoreApplication.translate("TimelineView", "{value:.1f} ms").format(value=value)
    if name == timeline.THROUGHPUT:
        return f"{human_bytes(value)}/s"
    if name == timeline.CPU:
        return f"{value:.0f} %"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _counter_scale(name: str, biggest: float) -> float:
    """The value at the top of a counter track: at least 16 ms of lateness and 100 % of CPU shown."""
    if name == timeline.UI_LATENESS:
        return max(LATE_MS * 1.25, biggest)
    if name == timeline.CPU:
        return max(100.0, biggest)
    return max(1.0, biggest)


def nice_step(raw: float) -> float:
    """The smallest 1, 2 or 5 × 10^k at least ``raw``."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def format_seconds(t: float, step: float) -> str:
    """A time on the ruler: seconds with as many decimals as the step needs."""
    decimals = max(0, min(6, -math.floor(math.log10(step)))) if step > 0 else 3
    return QCoreApplication.translate("TimelineView", "{t} s").format(t=f"{t:.{decimals}f}")


def format_duration(seconds: float) -> str:
    if seconds < 1e-3:
        return QCoreApplication.translate("TimelineView", "{n:.0f} µs").format(n=seconds * 1e6)
    if seconds < 1:
        return QCoreApplication.translate("TimelineView", "{n:.1f} ms").format(n=seconds * 1e3)
    return QCoreApplication.translate("TimelineView", "{n:.2f} s").format(n=seconds)
