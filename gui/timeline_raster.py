"""Pixels of the timeline's plot, made with numpy in one image per paint.

Drawing thousands of small rectangles one ``fillRect`` at a time costs a few microseconds each in
Python; filling pixel columns of one ``uint32`` image costs about the same for ten rectangles or ten
thousand, so a paint stays cheap however busy the lanes are. :class:`Plot` is that image (0xAARRGGBB,
``QImage.Format_RGB32``); lanes are filled from :class:`~tributary.workers.timeline_index.Rects`,
counter tracks from :meth:`~tributary.workers.timeline_index.TimelineIndex.counter_steps`.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time

from tributary.workers.lazy import lazy

np = lazy("numpy", __name__, "np")
_loader: threading.Thread | None = None  # numpy's import off the GUI thread, when nobody else started one
_asked: float | None = None  # when numpy_ready() first answered False
LOADER_AFTER = 1.5  # seconds: the start-up's warm-up imports numpy first; a thread of our own only after that


def numpy_ready() -> bool:
    """Whether a plot can be made now without importing numpy on the GUI thread.

    A timeline left open in the last session paints as the window appears; its first plot imported numpy
    right there: the window's first beat came 126-189 ms late (110-160 ms of it the GUI thread's own CPU).
    Now it paints without the plot until numpy is loaded — by the start-up's warm-up, which imports it
    first; starting a second import at the first paint measured worse than waiting for that one (the first
    beat 105-129 ms late, against 35 ms). Nobody importing it ``LOADER_AFTER`` seconds after the first
    question: a thread of its own does (not a daemon: it ends with the import). True once it is loaded, or
    once that thread ended without it, so that the plot's own import says why."""
    global _loader, _asked
    module = sys.modules.get("numpy")
    if module is not None and not getattr(getattr(module, "__spec__", None), "_initializing", False):
        return True
    if _loader is not None:
        return not _loader.is_alive()
    now = time.monotonic()
    if _asked is None:
        _asked = now
    if module is None and now - _asked >= LOADER_AFTER:
        _loader = threading.Thread(target=_load, name="numpy-import")
        _loader.start()
    return False


def _load() -> None:
    try:
        importlib.import_module("numpy")
    except Exception:  # noqa: BLE001 - reported by the plot's own import, on the GUI thread
        pass

SOLID, CHECKER, STRIPES = 0, 1, 2
GOLDEN = 0.618033988749895


def job_colours(jobs, saturation: float, value: float):
    """0xFFRRGGBB per job id: hues spread by the golden ratio (neighbouring ids differ), grey for 0."""
    jobs = np.asarray(jobs, dtype=np.int64)
    h = (jobs * GOLDEN) % 1.0 * 6.0
    i = np.floor(h).astype(np.int64) % 6
    f = h - np.floor(h)
    p, q, t = value * (1 - saturation), value * (1 - saturation * f), value * (1 - saturation * (1 - f))
    v = np.full_like(f, value)
    r = np.choose(i, (v, q, p, p, t, v))
    g = np.choose(i, (t, v, v, q, p, p))
    b = np.choose(i, (p, p, t, v, v, q))
    rgb = [np.round(c * 255).astype(np.uint32) for c in (r, g, b)]
    out = np.uint32(0xFF000000) | (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]
    return np.where(jobs == 0, np.uint32(0xFF95A5A6), out).astype(np.uint32)


class Plot:
    """A ``height`` × ``width`` image of the plot area."""

    def __init__(self, width: int, height: int, background: int) -> None:
        self.width = max(1, width)
        self.height = max(1, height)
        self.pixels = np.full((self.height, self.width), background, dtype=np.uint32)

    def band(self, top: int, bottom: int, colour: int) -> None:
        """Fill rows ``[top, bottom)`` (clipped) with one colour."""
        top, bottom = max(0, top), min(self.height, bottom)
        if top < bottom:
            self.pixels[top:bottom] = colour

    def lanes(self, bands: list[tuple[int, int]], x0, x1, lane, colours, patterns) -> None:
        """Fill every lane at once: rectangle ``i`` covers pixel columns ``[x0[i], x1[i])`` of the rows
        ``bands[lane[i]]`` (top, bottom). A rectangle at least 3 px wide leaves its last column empty,
        so neighbours stay apart; later rectangles win where two share a column."""
        if not len(x0):
            return
        width = self.width
        start = np.clip(np.floor(x0), 0, width).astype(np.int64)
        end = np.clip(np.floor(x1), 0, width).astype(np.int64)
        end = np.minimum(np.where(end - start >= 3, end - 1, np.maximum(end, start + 1)), width)
        lengths = np.maximum(0, end - start)
        total = int(lengths.sum())
        if not total:
            return
        which = np.repeat(np.arange(len(start)), lengths)
        offsets = np.cumsum(lengths) - lengths
        flat = np.arange(total) - np.repeat(offsets - start - lane * width, lengths)
        colour_rows = np.zeros(len(bands) * width, dtype=np.uint32)
        pattern_rows = np.full(len(bands) * width, -1, dtype=np.int8)
        colour_rows[flat] = colours[which]
        pattern_rows[flat] = patterns[which]
        colour_rows = colour_rows.reshape(len(bands), width)
        pattern_rows = pattern_rows.reshape(len(bands), width)
        solid = pattern_rows == SOLID
        patterned = bool((pattern_rows > SOLID).any())
        xs = np.arange(width)[None, :]
        for k, (top, bottom) in enumerate(bands):
            top, bottom = max(0, top), min(self.height, bottom)
            if top >= bottom:
                continue
            block = self.pixels[top:bottom]
            np.copyto(block, colour_rows[k], where=solid[k])
            if patterned and (pattern_rows[k] > SOLID).any():
                ys = np.arange(top, bottom)[:, None]
                on = ((pattern_rows[k] == CHECKER) & ((xs + ys) % 2 == 0)) | \
                     ((pattern_rows[k] == STRIPES) & ((xs + ys) % 4 < 2))
                np.copyto(block, colour_rows[k], where=on)

    def counter(self, top: int, bottom: int, steps, top_value: float, end_x: float, fill: int, edge: int) -> float:
        """A filled step chart of ``steps`` (``(columns, peaks, lasts)``) scaled so ``top_value`` reaches
        row ``top``, drawn up to column ``end_x``; returns the largest value shown."""
        cols, peaks, lasts = steps
        height = bottom - top
        if height <= 0 or not len(cols):
            return 0.0
        xs = np.arange(self.width)
        k = np.searchsorted(cols, xs, side="right") - 1
        values = np.where(k >= 0, lasts[np.maximum(k, 0)], 0.0)
        values[cols[cols < self.width]] = peaks[cols < self.width]
        values[(k < 0) | (xs >= max(1, int(end_x)))] = 0.0
        bars = np.clip(np.round(values / top_value * height), 0, height).astype(np.int64)
        bars[(values > 0) & (bars == 0)] = 1  # something happened: at least a pixel shows it
        ys = np.arange(height)[:, None]
        level = (height - bars)[None, :]
        area = ys >= level
        rows = slice(max(0, top), min(self.height, bottom))
        if rows.start >= rows.stop:  # scrolled out of the picture
            return float(values.max())
        clip_top = rows.start - top
        clip_bottom = height - (bottom - rows.stop)
        block = self.pixels[rows]
        block[area[clip_top:clip_bottom]] = fill
        block[(ys == level)[clip_top:clip_bottom] & area[clip_top:clip_bottom]] = edge
        return float(values.max())
