"""Export the timeline as Chrome Trace Event JSON, the format Perfetto and ``chrome://tracing`` open.

``{"traceEvents": [...], "displayTimeUnit": "ms"}`` with, in whole microseconds from the first event:

* ``M`` events naming each executor group (``process_name``, one ``pid`` per group) and each lane
  (``thread_name``, one ``tid`` per lane);
* ``X`` events (``ts`` + ``dur``) for spans. Slices on one ``tid`` must nest; spans that overlap on a
  lane (a raced segment, a late chunk) go to an extra ``tid`` named after the lane (``… (2)``);
* ``C`` events for counters (UI lateness, throughput, chunks in flight, CPU per worker).

A filter keeps one job (its spans, and counters over its time) or a time range (spans overlapping it,
clipped to it). :func:`add_cli_option` and :func:`run_traced` give the command line its ``--trace FILE``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from . import __version__, timeline

COUNTERS_PID = 1


def chrome_trace(snap: timeline.Snapshot, *, job: int | None = None, start: float | None = None,
                 end: float | None = None) -> dict:
    """The trace of ``snap`` (all of it, one ``job``, or the spans overlapping ``[start, end]``)."""
    spans = list(snap.spans) + [(*s[:5], snap.now, {**(s[6] or {}), "unfinished": True}) for s in snap.open]
    if job is not None:
        spans = [s for s in spans if s[1] == job]
        if spans:
            start = min(s[4] for s in spans) if start is None else start
            end = max(s[5] for s in spans) if end is None else end
    if start is not None or end is not None:
        lo = -float("inf") if start is None else start
        hi = float("inf") if end is None else end
        spans = [(*s[:4], max(s[4], lo), min(s[5], hi), s[6]) for s in spans if s[5] >= lo and s[4] <= hi]
    else:
        lo, hi = -float("inf"), float("inf")
    counters = _counter_samples(snap.counters, lo, hi) if (job is None or spans) else {}
    times = [s[4] for s in spans] + [t for samples in counters.values() for t, _ in samples]
    base = max(min(times), lo) if times else snap.origin

    def us(t: float) -> int:
        return round((t - base) * 1e6)

    events: list[dict] = [_meta("process_name", COUNTERS_PID, 0, "Tributary"),
                          _meta("process_sort_index", COUNTERS_PID, 0, None, sort_index=0)]
    by_lane: dict[tuple, list] = {}
    for s in spans:
        by_lane.setdefault(s[0], []).append(s)
    pids: dict[str, int] = {}
    for group in sorted({lane[0] for lane in by_lane}, key=_group_key):
        pid = pids[group] = len(pids) + 2
        events.append(_meta("process_name", pid, 0, timeline.GROUP_TITLES.get(group, group)))
        events.append(_meta("process_sort_index", pid, 0, None, sort_index=pid))
    next_tid: dict[int, int] = {}
    for lane in sorted(by_lane, key=lambda ln: (_group_key(ln[0]), timeline.natural_key(str(ln[1])))):
        pid = pids[lane[0]]
        tracks: list[list[int]] = []  # [tid, end of its last slice]: a slice goes on the first it fits
        for s in sorted(by_lane[lane], key=lambda s: (s[4], -s[5])):
            ts, te = us(s[4]), us(s[5])
            track = next((tr for tr in tracks if tr[1] <= ts), None)
            if track is None:
                track = [next_tid.get(pid, 0) + 1, te]
                next_tid[pid] = track[0]
                name = str(lane[1]) if not tracks else f"{lane[1]} ({len(tracks) + 1})"
                events.append(_meta("thread_name", pid, track[0], name))
                events.append(_meta("thread_sort_index", pid, track[0], None, sort_index=track[0]))
                tracks.append(track)
            track[1] = te
            tid = track[0]
            args = {"job": s[1], **(s[6] or {})}
            events.append({"name": str(timeline.label_text(s[2], s[6])), "cat": s[3], "ph": "X", "ts": ts, "dur": te - ts,
                           "pid": pid, "tid": tid, "args": _plain(args)})
    for (name, series), samples in sorted(counters.items()):
        title = timeline.COUNTER_TITLES.get(name, name)
        if name in timeline.COUNTER_UNITS:
            title = f"{title} ({timeline.COUNTER_UNITS[name]})"
        for t, value in samples:
            events.append({"name": title, "ph": "C", "ts": max(0, us(t)), "pid": COUNTERS_PID, "tid": 0,
                           "args": {str(series) or "value": value}})
    return {"traceEvents": events, "displayTimeUnit": "ms",
            "otherData": {"generator": f"Tributary {__version__}", "dropped_spans": snap.dropped}}


def _counter_samples(counters: dict, lo: float, hi: float) -> dict:
    """Samples inside ``[lo, hi]``, plus the value in force at ``lo`` (a counter holds until its next sample)."""
    out = {}
    for key, samples in counters.items():
        inside = [(t, v) for t, v in samples if lo <= t <= hi]
        before = [(t, v) for t, v in samples if t < lo]
        if before and lo != -float("inf"):
            inside.insert(0, (lo, before[-1][1]))
        if inside:
            out[key] = inside
    return out


def _meta(kind: str, pid: int, tid: int, name: str | None, **args) -> dict:
    if name is not None:
        args["name"] = name
    return {"name": kind, "ph": "M", "ts": 0, "pid": pid, "tid": tid, "args": args}


def _group_key(group: str) -> tuple:
    order = timeline.GROUP_ORDER
    return (order.index(group) if group in order else len(order), group)


def _plain(value):
    """JSON-safe args: messages as their English text, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def write_chrome_trace(path: str | os.PathLike, snap: timeline.Snapshot | None = None, **filters) -> int:
    """Write the trace to ``path`` (atomically: a temporary file renamed into place); returns the number
    of spans written."""
    snap = snap or timeline.RECORDER.snapshot()
    trace = chrome_trace(snap, **filters)
    tmp = f"{os.fspath(path)}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(trace, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return sum(1 for e in trace["traceEvents"] if e["ph"] == "X")


# -- the command line ---------------------------------------------------------------------------------------
def add_cli_option(*parsers) -> None:
    """``--trace FILE`` on each subcommand's parser."""
    for parser in parsers:
        parser.add_argument("--trace", metavar="FILE", help="write what ran where and when as a Chrome/Perfetto "
                            "trace (JSON; open it in ui.perfetto.dev)")


def run_traced(path: str | None, run: Callable[[], int], say: Callable[[str], None]) -> int:
    """``run()`` with recording on and CPU sampled; then the trace is written to ``path`` (if given).
    Without ``path`` nothing will read the timeline: ``run()`` goes with recording off (no spans, and no
    aiohttp trace hooks on the download session: ~8 % of a small-file run's event-loop samples, py-spy).
    ``say(line)`` tells the person what happened to the trace (the CLI prints it to stderr)."""
    if not path:
        before, timeline.RECORDER.enabled = timeline.RECORDER.enabled, False
        try:
            return run()
        finally:
            timeline.RECORDER.enabled = before
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        say(f"the folder for the trace {path} does not exist")
        return 2
    recorder = timeline.RECORDER
    recorder.enabled = True
    sampler = timeline.Sampler(recorder, interval=0.25)
    sampler.start()
    try:
        code = run()
    finally:
        sampler.stop()
        sampler.sample()  # the last moments' CPU and throughput
        try:
            n = write_chrome_trace(path, recorder.snapshot())
        except OSError as exc:
            say(f"cannot write the trace {path}: {exc.strerror}")
            code = 1
        else:
            say(f"trace of {n:,} spans written to {path}")
    return code
