"""The segment map of one segmented transfer: which byte ranges of the ``.part`` are written.

A file of ``total`` bytes is tiled by segments ``[start, end)``; each has ``pos``, the first byte not yet
written (``start <= pos <= end``). Connections fetch ``[pos, end)`` and write at their offsets. When a
connection is free, it takes the next piece in file order (so the written prefix grows and the hash keeps
up); when none is left, the largest remaining segment is split in two (dynamic re-split) so no connection
idles while another has much left; a slow last segment may be raced by a second connection (both write
the same bytes at the same offsets, the first to reach the end wins).

The map is plain data, saved to the journal as JSON (:meth:`SegmentMap.to_json`) after the bytes it
counts are on disk, so a ``kill -9`` resumes every segment where it stood.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(eq=False)
class Segment:
    start: int
    end: int  # exclusive; it may shrink while a connection works on it (a split)
    pos: int  # the first byte not yet written
    owners: int = field(default=0, compare=False)  # connections working on it now (2 while raced)

    @property
    def remaining(self) -> int:
        return max(0, self.end - self.pos)

    @property
    def done(self) -> bool:
        return self.pos >= self.end

    def advance(self, upto: int) -> None:
        """Bytes up to ``upto`` are written (by any of its connections; racing writers write the same bytes)."""
        if upto > self.pos:
            self.pos = min(upto, self.end)


class BadMap(ValueError):
    """A stored map that does not tile its file."""


class SegmentMap:
    """Segments tiling ``[0, total)``, kept sorted by start."""

    def __init__(self, total: int, segments: list[Segment] | None = None) -> None:
        self.total = total
        self.segments = segments if segments is not None else [Segment(0, total, 0)]

    # -- questions -----------------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        return all(s.done for s in self.segments)

    def done_bytes(self) -> int:
        return sum(s.pos - s.start for s in self.segments)

    def contiguous(self) -> int:
        """Every byte before this offset is written (where a hash can read up to)."""
        for s in self.segments:
            if not s.done:
                return s.pos
        return self.total

    def free(self) -> Segment | None:
        """An unfinished segment no connection works on (after a resume, or one given back)."""
        for s in self.segments:
            if not s.done and s.owners == 0:
                return s
        return None

    def unfinished(self) -> list[Segment]:
        return [s for s in self.segments if not s.done]

    # -- changes -------------------------------------------------------------------------------
    def split_largest(self, min_size: int) -> Segment | None:
        """Halve the remainder of the segment with the most left (not one being raced); ``None`` when
        no segment has at least ``2 * min_size`` bytes left. The new segment is the upper half, unowned."""
        candidates = [s for s in self.segments if not s.done and s.owners <= 1]
        if not candidates:
            return None
        big = max(candidates, key=lambda s: s.remaining)
        if big.remaining < 2 * max(1, min_size):
            return None
        mid = big.pos + big.remaining // 2
        new = Segment(mid, big.end, mid)
        big.end = mid
        self.segments.insert(self.segments.index(big) + 1, new)
        return new

    def cut(self, seg: Segment, at: int) -> Segment:
        """End ``seg`` at ``at``; the bytes from ``at`` on become a new unowned segment (returned)."""
        if not seg.pos <= at < seg.end:
            raise ValueError(f"cannot cut [{seg.pos}, {seg.end}) at {at}")
        new = Segment(at, seg.end, at)
        seg.end = at
        self.segments.insert(self.segments.index(seg) + 1, new)
        return new

    def next_piece(self, piece: int) -> Segment | None:
        """The next ``piece`` bytes nobody fetches yet, in file order (so the written prefix grows and the
        hash keeps up): carved off the front of the first unowned segment, or off the end of an owned one
        that reaches more than a piece beyond where it stands. ``None`` when there is no such room."""
        for s in self.segments:
            if not s.done and s.owners == 0:
                if s.remaining > 2 * piece:
                    self.cut(s, s.pos + piece)
                return s
        for s in self.segments:
            if not s.done and s.owners == 1 and s.remaining > 2 * piece:
                rest = self.cut(s, s.pos + piece)
                if rest.remaining > 2 * piece:
                    self.cut(rest, rest.pos + piece)
                return rest
        return None

    def compact(self) -> None:
        """Merge neighbouring finished segments (a long transfer's map stays short)."""
        merged: list[Segment] = []
        for s in self.segments:
            if merged and merged[-1].done and s.done and merged[-1].owners == 0 and s.owners == 0 \
                    and merged[-1].end == s.start:
                merged[-1] = Segment(merged[-1].start, s.end, s.end)
            else:
                merged.append(s)
        self.segments = merged

    # -- storage -------------------------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps({"total": self.total, "segments": [[s.start, s.end, s.pos] for s in self.segments]})

    @classmethod
    def from_json(cls, text: str) -> SegmentMap:
        try:
            data = json.loads(text)
            total = int(data["total"])
            segments = [Segment(int(a), int(b), int(p)) for a, b, p in data["segments"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise BadMap(f"unreadable segment map: {exc}") from exc
        offset = 0
        for s in segments:
            if s.start != offset or not s.start <= s.pos <= s.end:
                raise BadMap("the segments do not tile the file")
            offset = s.end
        if offset != total or not segments:
            raise BadMap("the segments do not cover the file")
        return cls(total, segments)
