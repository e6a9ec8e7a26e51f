"""The recorder's spans arranged for drawing: per lane, sorted by start, queried by time. Qt-free.

A view calls :meth:`TimelineIndex.update` at its refresh rate — it pulls only what the recorder added
since the last call and forgets what fell out of the recorder's ring — then, per visible lane,
:meth:`TimelineIndex.visible` gives the rectangles to draw at a given scale: a binary search finds the
spans in the time range, and spans narrower than a few pixels that touch are merged (one per pixel column
at most), so 100,000 spans cost about as much to draw as the pixels they cover. :meth:`span_at` answers
hover and click; :meth:`counter_steps` gives a counter track, one value (the maximum) per pixel column.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from . import timeline
from .lazy import lazy

np = lazy("numpy", __name__, "np")

WIDE_PX = 3.0  # spans at least this wide are drawn one by one; narrower ones that touch are merged


@dataclass
class Rects:
    """What to draw on one lane: left/right in pixels, job id and category code per rectangle."""

    x0: np.ndarray
    x1: np.ndarray
    jobs: np.ndarray
    cats: np.ndarray
    rows: np.ndarray  # the first span of each rectangle, for :meth:`TimelineIndex.row`
    counts: np.ndarray  # how many spans each rectangle stands for
    spans: int  # spans these rectangles stand for

    def __len__(self) -> int:
        return len(self.x0)


class _LaneSpans:
    """One lane's spans as arrays sorted by start (rows: the recorder's tuples, in the same order)."""

    def __init__(self) -> None:
        self.starts = np.empty(0)
        self.ends = np.empty(0)
        self.jobs = np.empty(0, np.int64)
        self.cats = np.empty(0, np.int16)
        self.seqs = np.empty(0, np.int64)
        self.rows: list = []
        self.pending: list = []  # (seq, row) not yet in the arrays
        self.maxdur = 0.0
        self.ordered = True  # the arrays are in recording order too (eviction is a prefix)

    def flush(self, code) -> tuple[float, float] | None:
        """Move the pending spans into the arrays; returns the time range they cover."""
        if not self.pending:
            return None
        batch, self.pending = self.pending, []
        n = len(batch)
        seqs = np.fromiter((q for q, _ in batch), np.int64, n)
        starts = np.fromiter((r[4] for _, r in batch), np.float64, n)
        ends = np.fromiter((r[5] for _, r in batch), np.float64, n)
        jobs = np.fromiter((r[1] or 0 for _, r in batch), np.int64, n)
        cats = np.fromiter((code(r[3]) for _, r in batch), np.int16, n)
        self.maxdur = max(self.maxdur, float((ends - starts).max()))
        in_order = bool(np.all(starts[1:] >= starts[:-1])) and (not len(self.starts) or starts[0] >= self.starts[-1])
        self.starts = np.concatenate((self.starts, starts))
        self.ends = np.concatenate((self.ends, ends))
        self.jobs = np.concatenate((self.jobs, jobs))
        self.cats = np.concatenate((self.cats, cats))
        self.seqs = np.concatenate((self.seqs, seqs))
        self.rows.extend(r for _, r in batch)
        if not in_order:  # a late span (another machine's clock, a raced segment): sort again
            order = np.argsort(self.starts, kind="stable")
            self._take(order)
            self.ordered = False
        return float(starts.min()), float(ends.max())

    def _take(self, which) -> None:
        self.starts, self.ends, self.jobs = self.starts[which], self.ends[which], self.jobs[which]
        self.cats, self.seqs = self.cats[which], self.seqs[which]
        if which.dtype == bool:
            self.rows = [r for r, keep in zip(self.rows, which) if keep]
        else:
            rows = self.rows
            self.rows = [rows[i] for i in which]

    def evict(self, first: int) -> None:
        """Drop the spans the recorder's ring no longer holds (numbers below ``first``)."""
        if not len(self.seqs):
            return
        if self.ordered:
            k = int(np.searchsorted(self.seqs, first))
            if k:
                self.starts, self.ends, self.jobs = self.starts[k:], self.ends[k:], self.jobs[k:]
                self.cats, self.seqs = self.cats[k:], self.seqs[k:]
                del self.rows[:k]
        elif self.seqs.min() < first:
            self._take(self.seqs >= first)


class _Series:
    """One counter's samples, oldest first, at most ``capacity`` of them."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.t = np.empty(0)
        self.v = np.empty(0)
        self.pending: list = []

    def flush(self) -> None:
        if self.pending:
            batch, self.pending = self.pending, []
            t = np.fromiter((s[0] for s in batch), np.float64, len(batch))
            v = np.fromiter((s[1] for s in batch), np.float64, len(batch))
            self.t = np.concatenate((self.t, t))[-self.capacity:]
            self.v = np.concatenate((self.v, v))[-self.capacity:]
            if len(self.t) > 1 and not np.all(self.t[1:] >= self.t[:-1]):
                order = np.argsort(self.t, kind="stable")
                self.t, self.v = self.t[order], self.v[order]


class TimelineIndex:
    """Spans and counters of a :class:`~tributary.workers.timeline.Recorder`, ready to query."""

    def __init__(self, recorder: timeline.Recorder | None = None) -> None:
        self.recorder = recorder or timeline.RECORDER
        self.version = -1  # the recorder's version last pulled
        self.layout_version = 0  # grows when a lane or a counter track appears or goes
        self.categories: list[str] = []
        self._codes: dict[str, int] = {}
        self._lanes: dict[tuple, _LaneSpans] = {}
        self._series: dict[tuple, _Series] = {}
        self._seq = 0
        self._seen: dict = {}
        self.open: dict[tuple, list] = {}  # lane → spans still running
        self.changed: tuple[float, float] | None = None  # time range the last update touched
        self.spans = 0
        self.behind = 0

    # -- pulling ------------------------------------------------------------------------------------
    def code(self, category: str) -> int:
        c = self._codes.get(category)
        if c is None:
            c = self._codes[category] = len(self.categories)
            self.categories.append(category)
        return c

    def update(self, limit: int | None = None, budget: float = 0.004) -> bool:
        """Pull what the recorder added, in batches, for about ``budget`` seconds at most (and at most
        ``limit`` spans), so that a view opened on a full ring catches up over a few refreshes instead
        of freezing for one; True if anything changed (``changed`` says over which times, ``behind``
        how many spans are still to pull)."""
        rec = self.recorder
        version = rec.version
        if version == self.version and not self.open and not self.behind:
            return False
        self.version = version
        deadline = time.perf_counter() + budget
        lo, hi = float("inf"), -float("inf")
        layout = False
        lanes = self._lanes
        left = limit
        while True:
            batch = 2000 if left is None else min(2000, left)
            new, total, first = rec.spans_since(self._seq, batch)
            seq = max(self._seq, first)
            for row in new:
                spans = lanes.get(row[0])
                if spans is None:
                    spans = lanes[row[0]] = _LaneSpans()
                    layout = True
                spans.pending.append((seq, row))
                seq += 1
            self._seq = seq
            self.behind = total - seq
            for spans in lanes.values():
                covered = spans.flush(self.code)
                if covered is not None:
                    lo, hi = min(lo, covered[0]), max(hi, covered[1])
                spans.evict(first)
            if left is not None:
                left -= len(new)
            if not self.behind or not new or left == 0 or time.perf_counter() > deadline:
                break
        self.spans = seq - first
        for key, samples in rec.counters_since(self._seen).items():
            series = self._series.get(key)
            if series is None:
                series = self._series[key] = _Series(rec.counter_capacity)
                layout = True
            series.pending.extend(samples)
            series.flush()
            lo, hi = min(lo, samples[0][0]), max(hi, samples[-1][0])
        was_open = bool(self.open)
        self.open = {}
        for row in rec.open_spans():
            self.open.setdefault(row[0], []).append(row)
            if row[0] not in self._lanes:
                self._lanes[row[0]] = _LaneSpans()
                layout = True
            lo, hi = min(lo, row[4]), float("inf")
        if layout:
            self.layout_version += 1
        changed = lo <= hi or was_open
        self.changed = (lo, hi) if lo <= hi else ((-float("inf"), float("inf")) if was_open else None)
        return changed

    # -- structure ----------------------------------------------------------------------------------
    def lanes(self) -> list[tuple[str, list[tuple]]]:
        """``[(group, [lane, …]), …]`` in display order (groups as in ``GROUP_ORDER``, lanes by number)."""
        groups: dict[str, list] = {}
        for lane in self._lanes:
            groups.setdefault(lane[0], []).append(lane)
        order = timeline.GROUP_ORDER
        return [(g, sorted(groups[g], key=lambda ln: timeline.natural_key(str(ln[1]))))
                for g in sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g))]

    def counters(self) -> list[tuple[str, str]]:
        order = timeline.COUNTER_ORDER
        return sorted(self._series, key=lambda k: (order.index(k[0]) if k[0] in order else len(order), k[0],
                                                   timeline.natural_key(str(k[1]))))

    def extent(self) -> tuple[float, float] | None:
        """The earliest start and the latest end (or now, while a span runs) of everything held."""
        lo, hi = float("inf"), -float("inf")
        for spans in self._lanes.values():
            if len(spans.starts):
                lo, hi = min(lo, spans.starts[0]), max(hi, float(spans.ends.max()))
        for series in self._series.values():
            if len(series.t):
                lo, hi = min(lo, series.t[0]), max(hi, series.t[-1])
        for rows in self.open.values():
            for row in rows:
                lo, hi = min(lo, row[4]), max(hi, timeline._clock())
        return (float(lo), float(hi)) if lo <= hi else None

    # -- queries ------------------------------------------------------------------------------------
    def visible(self, lane: tuple, t0: float, t1: float, width: float) -> Rects:
        """The rectangles of ``lane`` between times ``t0`` and ``t1`` drawn ``width`` pixels wide."""
        spans = self._lanes.get(lane)
        if spans is None or not len(spans.starts) or t1 <= t0:
            return _empty()
        starts = spans.starts
        lo = int(np.searchsorted(starts, t0 - spans.maxdur, "left"))
        hi = int(np.searchsorted(starts, t1, "right"))
        if lo >= hi:
            return _empty()
        idx = lo + np.flatnonzero(spans.ends[lo:hi] >= t0)
        if not len(idx):
            return _empty()
        scale = width / (t1 - t0)
        x0 = np.clip((starts[idx] - t0) * scale, -2.0, width + 2.0)
        x1 = np.clip((spans.ends[idx] - t0) * scale, -2.0, width + 2.0)
        return merge_pixels(x0, x1, spans.jobs[idx], spans.cats[idx], idx)

    def row(self, lane: tuple, i: int) -> tuple:
        """The recorder's tuple of a span :meth:`visible` returned (``Rects.rows[k]``)."""
        return self._lanes[lane].rows[i]

    def span_at(self, lane: tuple, t: float, tolerance: float) -> tuple | None:
        """The span of ``lane`` under time ``t`` (the shortest that holds it, else the nearest within
        ``tolerance`` seconds); a running span counts up to now."""
        best, best_key = None, None
        spans = self._lanes.get(lane)
        if spans is not None and len(spans.starts):
            lo = int(np.searchsorted(spans.starts, t - tolerance - spans.maxdur, "left"))
            hi = int(np.searchsorted(spans.starts, t + tolerance, "right"))
            if lo < hi:
                s, e = spans.starts[lo:hi], spans.ends[lo:hi]
                distance = np.maximum(0.0, np.maximum(s - t, t - e))
                near = np.flatnonzero(distance <= tolerance)
                if len(near):
                    key = np.lexsort(((e - s)[near], distance[near]))[0]
                    i = lo + int(near[key])
                    best, best_key = spans.rows[i], (float(distance[near[key]]), float(e[near[key]] - s[near[key]]))
        now = timeline._clock()
        for row in self.open.get(lane, ()):
            d = max(0.0, row[4] - t, t - now)
            if d <= tolerance and (best_key is None or (d, now - row[4]) < best_key):
                best, best_key = row, (d, now - row[4])
        return best

    def counter_steps(self, key: tuple, t0: float, t1: float, width: int):
        """``(columns, peaks, lasts)`` for each pixel column that has samples (the first one holds the
        value in force at ``t0``): the largest value in the column, and the value it leaves in force
        until the next column; ``None`` when nothing is known yet."""
        series = self._series.get(key)
        if series is None or not len(series.t) or t1 <= t0:
            return None
        i0 = max(int(np.searchsorted(series.t, t0, "right")) - 1, 0)
        i1 = int(np.searchsorted(series.t, t1, "right"))
        if i0 >= i1:
            return None
        t, v = series.t[i0:i1], series.v[i0:i1]
        cols = np.clip(np.floor((t - t0) * (width / (t1 - t0))), 0, max(0, width - 1)).astype(np.int64)
        first = np.flatnonzero(np.concatenate(([True], cols[1:] != cols[:-1])))
        last = np.concatenate((first[1:], [len(v)])) - 1
        return cols[first], np.maximum.reduceat(v, first), v[last]

    def value_at(self, key: tuple, t: float) -> float | None:
        """The value of a counter in force at time ``t``."""
        series = self._series.get(key)
        if series is None or not len(series.t):
            return None
        i = int(np.searchsorted(series.t, t, "right")) - 1
        return float(series.v[i]) if i >= 0 else None


def merge_pixels(x0, x1, jobs, cats, rows) -> Rects:
    """Merge runs of narrow spans (same job and category, touching within a pixel) into one rectangle;
    keep at most one narrow rectangle per pixel column; wide spans stay one rectangle each."""
    n = len(x0)
    if not n:
        return _empty()
    narrow = (x1 - x0) < WIDE_PX
    reach = np.maximum.accumulate(x1)
    cut = np.ones(n, dtype=bool)
    cut[1:] = ((x0[1:] > reach[:-1] + 1.0) | (jobs[1:] != jobs[:-1]) | (cats[1:] != cats[:-1])
               | ~narrow[1:] | ~narrow[:-1])
    first = np.flatnonzero(cut)
    rx0, rx1 = x0[first], np.maximum.reduceat(x1, first)
    rj, rc, rr = jobs[first], cats[first], rows[first]
    counts = np.diff(np.append(first, n))
    small = (rx1 - rx0) < 1.0
    if small.any():
        keep = ~small
        which = np.flatnonzero(small)
        _, firsts = np.unique(np.floor(rx0[which]), return_index=True)
        keep[which[firsts]] = True
        rx0, rx1, rj, rc, rr, counts = rx0[keep], rx1[keep], rj[keep], rc[keep], rr[keep], counts[keep]
        rx1 = np.maximum(rx1, rx0 + 1.0)  # a pixel at least: a busy moment is never invisible
    return Rects(rx0, rx1, rj, rc, rr, counts, n)


def _empty() -> Rects:
    none = np.empty(0, np.int64)
    return Rects(np.empty(0), np.empty(0), none, np.empty(0, np.int16), none, none, 0)
