"""Segmented transfers against real loopback servers (nginx and the fault server): byte-identical files,
every segment resumed where it stood after kill -9, a changed validator, 429 on extra connections, no
ranges, a raced slow tail; and the segment map itself."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT
from servers import ServerThread, payload, sha256
from test_downloads import with_engine
from test_runner import run_plain

from tributary.workers.downloads import diagnosis as why
from tributary.workers.downloads.journal import Journal
from tributary.workers.downloads.segments import BadMap, Segment, SegmentMap

KIB = 1024
MIB = 1 << 20


def run(tmp_path, urls, **overrides):
    """Download ``urls`` (absolute, or paths on the fault server); return transfers, folder, server."""
    async def body(engine, base, folder, server):
        transfers = engine.add([(u if u.startswith("http") else base + u, sha) for u, sha in urls], folder)
        await engine.run_all()
        return transfers, folder, server

    return run_plain(lambda: with_engine(tmp_path, body, **overrides))


def ranges_asked(server, path: str) -> list[tuple[int, int | None]]:
    out = []
    for key, headers in server.requests:
        if key.startswith(path) and "Range" in headers:
            first, _, last = headers["Range"].split("=")[1].partition("-")
            out.append((int(first), int(last) if last else None))
    return out


def test_segment_map_splits_the_largest_remainder_and_round_trips():
    smap = SegmentMap(10 * MIB)
    first = smap.segments[0]
    first.owners = 1
    first.advance(2 * MIB)
    new = smap.split_largest(MIB)
    assert (first.start, first.end, first.pos) == (0, 6 * MIB, 2 * MIB)
    assert (new.start, new.end, new.pos) == (6 * MIB, 10 * MIB, 6 * MIB)
    assert smap.contiguous() == 2 * MIB and smap.done_bytes() == 2 * MIB
    first.advance(7 * MIB)  # never past its (shrunk) end
    assert first.done and smap.contiguous() == 6 * MIB
    back = SegmentMap.from_json(smap.to_json())
    assert [(s.start, s.end, s.pos) for s in back.segments] == [(0, 6 * MIB, 6 * MIB), (6 * MIB, 10 * MIB, 6 * MIB)]
    small = SegmentMap(3 * MIB, [Segment(0, 3 * MIB, 2 * MIB)])
    assert small.split_largest(MIB) is None  # 1 MiB left: not split below min_segment
    with pytest.raises(BadMap):
        SegmentMap.from_json(json.dumps({"total": 10, "segments": [[0, 4, 4], [5, 10, 5]]}))
    with pytest.raises(BadMap):
        SegmentMap.from_json(json.dumps({"total": 10, "segments": [[0, 10, 11]]}))


def test_nginx_file_over_four_connections_is_byte_identical(tmp_path, nginx):
    data = os.urandom(12 * MIB)
    (nginx.root / "seg4.bin").write_bytes(data)
    (t,), folder, _ = run(tmp_path, [(f"{nginx.base}/seg4.bin", sha256(data))], split=4, min_segment=256 * KIB)
    assert t.item.state == "done", t.item.error
    assert (folder / "seg4.bin").read_bytes() == data and not list(folder.glob("*.part"))
    details = t.snapshot()
    assert details.ranges is True and details.split == 4
    assert len(details.connections) >= 4  # the first, three more, and re-splits
    assert all(c.state in ("done", "cancelled") for c in details.connections)


def test_fault_server_segments_are_fetched_by_range_and_byte_identical(tmp_path):
    size = 3 * MIB
    (t,), folder, server = run(tmp_path, [(f"/slow?size={size}&delay=0.005&seed=4", sha256(payload(size, 4)))],
                                split=3, min_segment=128 * KIB)
    assert t.item.state == "done", t.item.error
    assert Path(t.item.path).read_bytes() == payload(size, 4)
    asked = ranges_asked(server, "/slow")
    assert len(asked) >= 2 and all(end is not None and start < end < size for start, end in asked)
    assert all(h.get("If-Range") == '"s1"' for key, h in server.requests if "Range" in h)
    assert len(asked) - len({start for start, _ in asked}) <= 1  # every range fetched once (a raced tail twice)


def test_a_changed_validator_mid_way_restarts_cleanly(tmp_path):
    size = 2 * MIB
    (t,), folder, server = run(tmp_path, [(f"/etag-after?size={size}&after=1&delay=0.01", None)],
                                split=4, min_segment=128 * KIB)
    assert t.item.state == "done", t.item.error
    assert Path(t.item.path).read_bytes() == payload(size, seed=2)  # all of the new version, none of the old
    assert t.item.etag == '"v2"'
    assert why.VALIDATOR_CHANGED in [f.template for f in t.snapshot().findings]


def test_429_on_extra_connections_caps_the_count_and_says_so(tmp_path):
    size = 4 * MIB
    (t,), folder, server = run(tmp_path, [(f"/limited?size={size}&max=2&delay=0.01&seed=9", sha256(payload(size, 9)))],
                                split=4, min_segment=128 * KIB)
    assert t.item.state == "done", t.item.error
    assert Path(t.item.path).read_bytes() == payload(size, 9)
    findings = {f.template: f for f in t.snapshot().findings}
    assert why.SERVER_LIMIT in findings, findings
    assert findings[why.SERVER_LIMIT].values["n"] == 2 and findings[why.SERVER_LIMIT].values["status"] == 429
    assert "The server allows 2 connections: it answered 429 to connection" in findings[why.SERVER_LIMIT]
    assert server.peak <= 2
    refused = [c for c in t.snapshot().connections if c.status == 429]
    assert 1 <= len(refused) <= 8  # no retry storm: once capped, at most a few answers of a lagging count


def test_no_ranges_means_one_connection_and_the_finding(tmp_path):
    size = 3 * MIB
    (t,), folder, server = run(tmp_path, [(f"/norange?size={size}", sha256(payload(size)))], split=4,
                                min_segment=128 * KIB)
    assert t.item.state == "done" and len(server.requests) == 1
    assert [f.template for f in t.snapshot().findings] == [why.NO_RANGES]


def test_a_slow_last_segment_is_raced_and_the_first_to_finish_wins(tmp_path):
    size = 8 * MIB  # pieces of 1 MiB: the second request gets 64 KiB every 0.2 s, the others all at once
    url = f"/slowpart?size={size}&slow=2&delay=0.2&seed=3"
    (t,), folder, server = run(tmp_path, [(url, sha256(payload(size, 3)))], split=2, min_segment=MIB)
    assert t.item.state == "done", t.item.error
    assert Path(t.item.path).read_bytes() == payload(size, 3)
    details = t.snapshot()
    assert why.RACED in [f.template for f in details.findings], details
    assert any(c.state == "lost-race" or c.state == "cancelled" for c in details.connections)


def _journal_map(journal: Path) -> tuple[list[tuple[int, int, int]], int] | None:
    j = Journal(journal)
    try:
        (item,) = j.items()
        text = j.segments(item.id)
        if text is None:
            return None
        smap = SegmentMap.from_json(text)
        return [(s.start, s.end, s.pos) for s in smap.segments], smap.total
    finally:
        j.close()


@pytest.mark.slow
def test_kill_9_mid_way_resumes_every_segment_where_it_stood(tmp_path):
    size = 16 * MIB  # 4 connections of 640 KB/s: about 6 s, and the map is journalled every 2 s
    folder = tmp_path / "out"
    folder.mkdir()
    journal = tmp_path / "j.sqlite3"
    with ServerThread() as server:
        url = f"{server.base}/slow?size={size}&delay=0.1&seed=8"
        cmd = [sys.executable, "-m", "tributary.gui", "download", url, "-d", str(folder), "--journal", str(journal),
               "--split", "4", "--json"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        stood = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the journal holds a map with progress in several segments
            time.sleep(0.2)
            if journal.exists():
                try:
                    saved = _journal_map(journal)
                except Exception:  # the writer holds the lock this instant
                    continue
                if saved and sum(1 for a, b, p in saved[0] if a < p < b) >= 2:  # parts stopped mid-way
                    stood = saved
                    break
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        assert stood is not None, "no segment map was journalled"
        segments, total = _journal_map(journal)  # what the killed run left (at least what we saw)
        assert total == size
        unfinished = [(a, b, p) for a, b, p in segments if p < b]
        assert len(unfinished) >= 2
        before = len(server.requests)
        again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=90)
        assert again.returncode == 0, again.stderr
        resumed = []
        for _key, headers in server.requests[before:]:
            first, _, last = headers["Range"].split("=")[1].partition("-")
            resumed.append((int(first), int(last) + 1))
    (final,) = [p for p in folder.iterdir()]
    assert final.read_bytes() == payload(size, 8) and not final.name.endswith(".part")
    starts = {a for a, _ in resumed}
    for _start, _end, pos in unfinished:  # every unfinished segment continued from where it stood
        assert pos in starts, (pos, resumed)
    assert 0 not in starts or any(pos == 0 for _, _, pos in unfinished)  # nothing restarted from zero
    assert sha256(payload(size, 8)) in again.stdout


def test_adaptive_count_grows_while_throughput_grows_and_hooks_see_every_connection(tmp_path):
    size = 12 * MIB  # the fault server gives each connection 64 KiB every 50 ms (1.3 MB/s)

    async def body(engine, base, folder, server):
        events = []
        engine.connection_hooks.append(lambda event, t, info: events.append((event, info.index, time.monotonic())))
        (t,) = engine.add([(f"{base}/slow?size={size}&delay=0.05&seed=6", sha256(payload(size, 6)))], folder)
        await engine.run_all()
        return t, events

    t, events = run_plain(lambda: with_engine(tmp_path, body, split=0, min_segment=256 * 1024), timeout=60)
    assert t.item.state == "done" and Path(t.item.path).read_bytes() == payload(size, 6)
    open_now, peak = set(), 0
    for event, index, _ in sorted(events, key=lambda e: e[2]):
        if event == "open":
            open_now.add(index)
        elif event == "close":
            open_now.discard(index)
        peak = max(peak, len(open_now))
    assert peak >= 3  # it added connections while each one paid
    opened = {i for e, i, _ in events if e == "open"}
    assert opened == {i for e, i, _ in events if e == "close"}  # every span is closed
    assert {i for e, i, _ in events if e == "first-byte"} <= opened
    assert t.snapshot().split == 0


def test_pause_and_resume_a_segmented_download_continues_every_part(tmp_path):
    size = 6 * MIB

    async def body(engine, base, folder, server):
        (t,) = engine.add([(f"{base}/slow?size={size}&delay=0.03&seed=12", sha256(payload(size, 12)))], folder)
        while t.item.bytes_done < 2 * MIB:
            await asyncio.sleep(0.02)
        engine.pause(t)
        await engine.wait_idle()
        stood = [(s.start, s.end, s.pos) for s in t.segment_map.segments]
        before = len(server.requests)
        engine.resume(t)
        await engine.run_all()
        return t, stood, server.requests[before:]

    t, stood, later = run_plain(lambda: with_engine(tmp_path, body, split=4, min_segment=256 * KIB))
    assert t.item.state == "done", t.item.error
    assert Path(t.item.path).read_bytes() == payload(size, 12)
    starts = {int(h["Range"].split("=")[1].split("-")[0]) for _, h in later}
    unfinished = [(a, b, p) for a, b, p in stood if p < b]
    assert len(unfinished) >= 2 and all(p in starts for _, _, p in unfinished), (stood, starts)
    assert 0 not in starts
