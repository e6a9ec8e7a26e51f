"""A Lab result written out: its table as CSV (UTF-8 with BOM, for spreadsheets) and its spans as a trace
in Chrome Trace Event format (opens in Perfetto and chrome://tracing).

A lane may hold spans that overlap (many asyncio downloads on one thread); trace viewers need the slices
of one track to nest, so each lane is split into as few sub-tracks as its overlaps need.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable

from ..jobs import Message
from .base import LabResult, Span


def write_csv(result: LabResult, path: str, translate: Callable[[str], str] = str) -> None:
    """The result's table as CSV; column titles and texts go through ``translate`` (the GUI's language)."""
    table = result.table()
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([translate(c.title) for c in table.columns])
        for row in table.rows:
            writer.writerow([_cell(row.get(c.key), translate) for c in table.columns])


def _cell(value, translate):
    if value is None:
        return ""
    if isinstance(value, Message):
        return translate(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return value


def pack_lanes(spans: list[Span]) -> list[tuple[str, list[Span]]]:
    """Tracks in first-seen lane order; overlapping spans of one lane go to numbered sub-tracks."""
    lanes: dict[str, list[Span]] = {}
    for span in spans:
        lanes.setdefault(span.lane, []).append(span)
    tracks: list[tuple[str, list[Span]]] = []
    for lane, items in lanes.items():
        rows: list[list[Span]] = []
        for span in sorted(items, key=lambda s: (s.start, s.end)):
            for row in rows:
                if row[-1].end <= span.start:
                    row.append(span)
                    break
            else:
                rows.append([span])
        for i, row in enumerate(rows):
            tracks.append((lane if len(rows) == 1 else f"{lane} #{i + 1}", row))
    return tracks


def trace_events(result: LabResult) -> dict:
    """The spans as ``{"traceEvents": [...]}``: one thread per (sub-)lane, ``X`` slices in microseconds."""
    pid = os.getpid()
    events: list[dict] = [{"ph": "M", "name": "process_name", "pid": pid, "tid": 0,
                           "args": {"name": f"Tributary Lab: {result.experiment}"}}]
    for tid, (name, spans) in enumerate(pack_lanes(result.spans), start=1):
        events.append({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": name}})
        events.append({"ph": "M", "name": "thread_sort_index", "pid": pid, "tid": tid, "args": {"sort_index": tid}})
        for s in spans:
            events.append({"ph": "X", "name": s.label, "cat": s.category, "pid": pid, "tid": tid,
                           "ts": round(s.start * 1e6, 3), "dur": round(max(0.0, s.end - s.start) * 1e6, 3)})
    return {"traceEvents": events, "displayTimeUnit": "ms",
            "otherData": {"experiment": result.experiment, "params": result.to_json()["params"]}}


def write_trace(result: LabResult, path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(trace_events(result), fh, ensure_ascii=False)
