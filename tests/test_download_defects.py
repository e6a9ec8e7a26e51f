"""Transfer-path defects found by trying the downloader as a hostile server would (issue 16): each test
failed on the code before its fix."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from pathlib import Path

from helpers import run_cli
from servers import RawServer, payload
from test_downloads import with_engine
from test_runner import run_plain

from tributary.workers.jobs import UserError


def fetch_raw(tmp_path, response: bytes, path: str = "/x", **overrides):
    """One download from a server that answers ``response`` (raw bytes) to every request."""
    raw = RawServer(response)

    async def body(engine, base, folder, server):
        await raw.start()
        try:
            (t,) = engine.add([(raw.base + path, None)], folder)
            await engine.run_all()
            return t, folder
        finally:
            await raw.stop()

    return run_plain(lambda: with_engine(tmp_path, body, **overrides))


def test_a_latin1_content_disposition_name_is_decoded(tmp_path):
    body = b"latin-1 names are still names"
    response = (b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: %d\r\n"
                b"Content-Disposition: attachment; filename=\"caf\xe9.pdf\"\r\nConnection: close\r\n\r\n%s"
                % (len(body), body))
    t, folder = fetch_raw(tmp_path, response)
    assert t.item.state == "done", t.item.error
    assert [p.name for p in folder.iterdir()] == ["café.pdf"]
    assert (folder / "café.pdf").read_bytes() == body


def test_a_redirect_to_an_invalid_url_says_so_in_words(tmp_path):
    response = b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    t, folder = fetch_raw(tmp_path, response)
    assert t.item.state == "failed"
    assert t.item.error.startswith("Not a valid URL") and "Error" not in t.item.error, t.item.error


def test_a_drip_does_not_hold_a_slot_forever(tmp_path):
    async def body(engine, base, folder, server):
        (t,) = engine.add([(base + "/drip?size=100000&every=0.2", None)], folder)
        await engine.run_all()
        return t

    t = run_plain(lambda: with_engine(tmp_path, body, low_speed_limit=1000, low_speed_time=1.0, retries=1,
                                      read_timeout=30), timeout=30)
    assert t.item.state == "failed"
    assert "too slow" in t.item.error and "gave up after 1 retries" in t.item.error
    assert [r.reason for r in t.snapshot().retries][0].startswith("too slow")


def test_a_complete_part_answered_416_is_verified_and_finished(tmp_path, nginx):
    data = os.urandom(700_000)
    (nginx.root / "whole.bin").write_bytes(data)

    async def body(engine, base, folder, server):
        (t,) = engine.add([(f"{nginx.base}/whole.bin", hashlib.sha256(data).hexdigest())], folder)
        await engine.run_all()
        # a previous run died between its last flush and the link: the .part holds every byte
        os.rename(t.item.path, t.item.path + ".part")
        t.item.state, t.item.sha256 = "paused", None
        engine.resume(t)
        await engine.run_all()
        return t

    t = run_plain(lambda: with_engine(tmp_path, body, split=1))
    assert t.item.state == "done", t.item.error
    assert Path(t.item.path).read_bytes() == data and not Path(t.item.path + ".part").exists()
    assert t.item.sha256 == hashlib.sha256(data).hexdigest()


def test_a_run_killed_between_the_link_and_the_unlink_finishes_without_a_second_copy(tmp_path, nginx):
    """The final name and the .part are one file (the link was made, the .part not yet removed): the next
    run's 416 finish must see that the file is already in place, not publish it again as "x (1).bin"."""
    data = os.urandom(500_000)
    (nginx.root / "linked.bin").write_bytes(data)

    async def body(engine, base, folder, server):
        (t,) = engine.add([(f"{nginx.base}/linked.bin", None)], folder)
        await engine.run_all()
        os.link(t.item.path, t.item.path + ".part")  # killed right after os.link(part, final)
        t.item.state, t.item.sha256 = "paused", None
        engine.resume(t)
        await engine.run_all()
        return t, folder

    t, folder = run_plain(lambda: with_engine(tmp_path, body, split=1))
    assert t.item.state == "done", t.item.error
    assert sorted(p.name for p in folder.iterdir()) == ["linked.bin"]
    assert Path(t.item.path).read_bytes() == data and t.item.sha256 == hashlib.sha256(data).hexdigest()


def test_free_space_counts_bytes_still_to_come_for_transfers_in_flight(tmp_path):
    from tributary.workers.downloads.disk import SpaceBook

    book = SpaceBook()
    free = shutil.disk_usage(tmp_path).free
    first, second = object(), object()
    book.check(first, tmp_path, int(free * 0.6))  # the first download fits
    try:
        book.check(second, tmp_path, int(free * 0.6))  # together they would not: refused up front
    except UserError as exc:
        refused = exc.message
    else:
        refused = None
    assert refused is not None and "promised to downloads under way" in refused
    book.progress(first, int(free * 0.1))  # the first has written most of its bytes
    book.check(second, tmp_path, int(free * 0.6))
    book.release(first)
    book.release(second)
    assert book.promised() == 0


def _gz_server(tmp_path, nginx, name: str, blob: bytes) -> str:
    (nginx.root / name).write_bytes(blob)
    return f"{nginx.base}/{name}"


def test_gunzip_has_an_expansion_cap_and_keeps_the_gz(tmp_path, nginx):
    bomb = gzip.compress(b"\0" * (50 << 20), 9)  # 50 MiB of zeros in ~50 KiB: over 100× and the 16 MiB cap below
    url = _gz_server(tmp_path, nginx, "bomb.bin.gz", bomb)

    async def body(engine, base, folder, server):
        (t,) = engine.add([(url, None)], folder)
        await engine.run_all()
        return t, folder

    t, folder = run_plain(lambda: with_engine(tmp_path, body, decompress_gz=True, gunzip_max_bytes=16 << 20))
    assert t.item.state == "failed" and "expands to more than" in t.item.error and "kept" in t.item.error
    assert sorted(p.name for p in folder.iterdir()) == ["bomb.bin.gz"]
    assert (folder / "bomb.bin.gz").read_bytes() == bomb


def test_a_failed_decompression_still_reports_the_gz_path(tmp_path, nginx):
    url = _gz_server(tmp_path, nginx, "broken.txt.gz", b"\x1f\x8b\x08\x00 not really gzip" + payload(5000))
    out = run_cli("download", url, "-d", str(tmp_path), "--gunzip", "--json", "--journal", str(tmp_path / "j.db"))
    line = json.loads(out.stdout.splitlines()[0])
    assert out.returncode == 1 and line["state"] == "failed"
    assert line["path"] == str(tmp_path / "broken.txt.gz") and Path(line["path"]).exists()
    assert "Could not decompress" in line["error"]
