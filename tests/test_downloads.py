"""The download engine against real loopback servers: an aiohttp app with fault modes, and nginx."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import hashlib
import os
import string
from pathlib import Path

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from servers import FaultServer, payload, sha256
from test_runner import run_plain

from tributary.workers.downloads.engine import DownloadEngine, Settings, parse_lines
from tributary.workers.downloads.journal import Journal
from tributary.workers.downloads.naming import choose_name, inside, parse_content_disposition, sanitize
from tributary.workers.pool import ProcessPool
from tributary.workers.runner import JobRunner

FAST = dict(retries=3, backoff=0.02, max_backoff=0.2, read_timeout=5, connect_timeout=5)


async def with_engine(tmp_path: Path, body, **overrides):
    """A fault server, a session, a runner, a journal and an engine, all torn down afterwards."""
    server = FaultServer()
    base = await server.start()
    threads = cf.ThreadPoolExecutor(2)
    runner = JobRunner(threads, ProcessPool(workers=1))
    session = aiohttp.ClientSession()
    journal = Journal(tmp_path / "journal.sqlite3")

    async def session_factory():
        return session

    engine = DownloadEngine(runner, journal, session_factory, Settings(**{**FAST, **overrides}))
    folder = tmp_path / "dl"
    folder.mkdir(exist_ok=True)
    try:
        return await body(engine, base, folder, server)
    finally:
        await runner.shutdown()
        await session.close()
        await server.stop()
        engine.close()
        journal.close()
        threads.shutdown(wait=True)


def fetch(tmp_path, urls_and_sha, **overrides):
    """Download the given (path, sha) list from the fault server; return engine summary and items."""
    async def body(engine, base, folder, server):
        engine.add([(base + u, sha) for u, sha in urls_and_sha], folder)
        await engine.run_all()
        return [t.item for t in engine.transfers], folder, server

    return run_plain(lambda: with_engine(tmp_path, body, **overrides))


def interrupted(t, prefix: bytes, **fields) -> None:
    """Make a finished transfer look like one a previous run left half-way (its .part holds ``prefix``)."""
    Path(t.item.path).unlink()
    Path(t.item.path + ".part").write_bytes(prefix)
    t.item.bytes_done, t.item.state = len(prefix), "paused"
    for key, value in fields.items():
        setattr(t.item, key, value)


def test_happy_path_with_checksums_and_a_manifest(tmp_path):
    data = payload(300_000, seed=7)
    items, folder, _ = fetch(tmp_path, [("/file/a.bin?size=300000&seed=7", sha256(data)),
                                        ("/file/b.bin?size=1000", None)], manifest=True)
    assert [i.state for i in items] == ["done", "done"]
    assert (folder / "a.bin").read_bytes() == data and items[0].sha256 == sha256(data)
    assert not list(folder.glob("*.part"))
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    assert sorted(sums) == sorted([f"{sha256(data)}  a.bin", f"{sha256(payload(1000))}  b.bin"])


def test_wrong_checksum_fails_the_item_and_keeps_nothing(tmp_path):
    items, folder, _ = fetch(tmp_path, [("/file/c.bin?size=5000", "0" * 64)])
    assert items[0].state == "failed" and "SHA-256 mismatch" in items[0].error
    assert list(folder.iterdir()) == []


def test_a_lists_md5_sha1_or_sha512_column_is_checked_too(tmp_path):
    """Found reading a list with an MD5 column (as many mirrors publish): the checksum was ignored, and the
    files came in unverified without a word."""
    import hashlib

    data = payload(40_000, seed=3)
    big = payload(3_000_000, seed=4)  # past the small-file path: written as it streams, checked from the .part
    lines = "\n".join([
        f"{{base}}/file/m.bin?size=40000&seed=3,{hashlib.md5(data).hexdigest()}",
        f"{{base}}/file/s.bin?size=40000&seed=3 sha-1={hashlib.sha1(data).hexdigest().upper()}",
        f"{{base}}/file/l.bin?size=3000000&seed=4 {hashlib.sha512(big).hexdigest()}",
        f"{{base}}/file/w.bin?size=40000&seed=3 md5:{'0' * 32}",
        f"{{base}}/file/x.bin?size=3000000&seed=4 {'1' * 40}",
    ])

    async def body(engine, base, folder, server):
        engine.add(parse_lines(lines.format(base=base)), folder)
        await engine.run_all()
        return [t.item for t in engine.transfers], folder

    items, folder = run_plain(lambda: with_engine(tmp_path, body))
    assert [i.state for i in items] == ["done", "done", "done", "failed", "failed"], [i.error for i in items]
    assert (folder / "m.bin").read_bytes() == data and (folder / "l.bin").read_bytes() == big
    assert "MD5 mismatch: expected " + "0" * 32 in items[3].error
    assert "SHA-1 mismatch: expected " + "1" * 40 in items[4].error
    assert sorted(p.name for p in folder.iterdir()) == ["l.bin", "m.bin", "s.bin"]  # nothing else kept


def test_checksums_are_read_by_their_length_or_their_name():
    from tributary.workers.downloads.engine import parse_digest

    assert parse_digest("AB" * 32) == "ab" * 32  # SHA-256: bare, as the journal keeps it
    assert parse_digest("sha256:" + "ab" * 32) == parse_digest("SHA-256=" + "ab" * 32) == "ab" * 32
    assert parse_digest("ab" * 16) == "md5:" + "ab" * 16
    assert parse_digest("ab" * 20) == parse_digest("sha1=" + "ab" * 20) == "sha1:" + "ab" * 20
    assert parse_digest("ab" * 64) == "sha512:" + "ab" * 64
    for other in ("1234", "md5:" + "ab" * 20, "notes", "ab" * 31, "zz" * 16, "sha512:" + "ab" * 32, ""):
        assert parse_digest(other) is None, other


def test_non_http_urls_are_refused_per_row(tmp_path):
    async def body(engine, base, folder, server):
        engine.add([("ftp://example.org/x", None), ("file:///etc/passwd", None), (base + "/file/ok.bin", None)],
                   folder)
        await engine.run_all()
        return [t.item for t in engine.transfers]

    items = run_plain(lambda: with_engine(tmp_path, body))
    assert [i.state for i in items] == ["failed", "failed", "done"]
    assert "Only http and https" in items[0].error


def test_reset_mid_body_resumes_with_if_range_and_the_bytes_are_exact(tmp_path):
    items, folder, server = fetch(tmp_path, [("/reset?size=400000", sha256(payload(400_000)))])
    assert items[0].state == "done", items[0].error
    resumed = [h for key, h in server.requests if "Range" in h]
    assert resumed and resumed[0]["Range"] == "bytes=200000-" and resumed[0]["If-Range"] == '"v1"'


@pytest.mark.parametrize("code", [500, 503, 429])
def test_transient_statuses_are_retried_honouring_retry_after(tmp_path, code):
    items, _, server = fetch(tmp_path, [(f"/status/{code}?times=2&after=0&size=2000", sha256(payload(2000)))])
    assert items[0].state == "done", items[0].error
    assert len(server.requests) == 3


def test_persistent_500_gives_up_with_a_readable_error(tmp_path):
    items, folder, _ = fetch(tmp_path, [("/status/500?size=10", None)], retries=2)
    assert items[0].state == "failed"
    assert "500 Internal Server Error" in items[0].error and "gave up after 2 retries" in items[0].error


def test_404_is_not_retried(tmp_path):
    items, _, server = fetch(tmp_path, [("/status/404", None)])
    assert items[0].state == "failed" and "404" in items[0].error and len(server.requests) == 1


def test_short_body_is_never_finalised(tmp_path):
    items, folder, _ = fetch(tmp_path, [("/short?size=100000", None)], retries=1)
    assert items[0].state == "failed"
    assert not (folder / "short").exists()


def test_server_ignoring_ranges_restarts_from_zero(tmp_path):
    async def body(engine, base, folder, server):
        (t,) = engine.add([(base + "/norange?size=300000", sha256(payload(300_000)))], folder)
        await engine.run_all()
        # pretend a previous run left half a file with a validator: resume must not splice
        interrupted(t, payload(300_000)[:1000], etag='"n1"')
        engine.resume(t)
        await engine.run_all()
        return t.item

    item = run_plain(lambda: with_engine(tmp_path, body))
    assert item.state == "done", item.error
    assert Path(item.path).read_bytes() == payload(300_000)


def test_changed_etag_restarts_from_zero(tmp_path):
    async def body(engine, base, folder, server):
        (t,) = engine.add([(base + "/etag-changes?size=200000", None)], folder)
        await engine.run_all()
        first = Path(t.item.path).read_bytes()
        interrupted(t, first[:5000])
        engine.resume(t)
        await engine.run_all()
        return t.item, server.counts

    item, counts = run_plain(lambda: with_engine(tmp_path, body))
    # the second response carried a new ETag, so the answer was a 200 with fresh content, written from zero
    assert item.state == "done" and Path(item.path).read_bytes() == payload(200_000, seed=2)


def test_html_page_is_never_appended_to_a_binary(tmp_path):
    async def body(engine, base, folder, server):
        (t,) = engine.add([(base + "/html-on-range?size=100000", None)], folder)
        await engine.run_all()
        interrupted(t, payload(100_000)[:777])
        engine.resume(t)
        await engine.run_all()
        return t.item

    item = run_plain(lambda: with_engine(tmp_path, body))
    assert item.state == "failed" and "HTML page" in item.error
    assert Path(item.path + ".part").read_bytes() == payload(100_000)[:777]


def test_redirect_loop_and_redirect_to_file_are_refused(tmp_path):
    items, folder, _ = fetch(tmp_path, [("/loop", None), ("/to-file", None)])
    assert items[0].state == "failed" and "Too many redirects" in items[0].error
    assert items[1].state == "failed" and "non-http" in items[1].error
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("header", "expected"), [
    ('attachment; filename="../x"', "x"),
    ('attachment; filename="/etc/passwd"', "passwd"),
    ('attachment; filename="..\\\\..\\\\boot.ini"', "boot.ini"),
    ("attachment; filename=CON.txt", "_CON.txt"),
    ('attachment; filename="invoice\u202egpj.exe"', "invoicegpj.exe"),
    ("attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf; filename=\"report.pdf\"", "报告.pdf"),
    ('attachment; filename=".bashrc"', "bashrc"),
])
def test_hostile_content_disposition_names(tmp_path, header, expected):
    from urllib.parse import quote

    items, folder, _ = fetch(tmp_path, [(f"/cd?size=100&value={quote(header)}", None)])
    assert items[0].state == "done", items[0].error
    assert [p.name for p in folder.iterdir()] == [expected]


def test_300_byte_name_is_capped_and_keeps_its_extension(tmp_path):
    from urllib.parse import quote

    items, folder, _ = fetch(tmp_path, [(f"/cd?size=10&value={quote('attachment; filename=' + 'n' * 300 + '.iso')}", None)])
    (path,) = folder.iterdir()
    assert len(path.name.encode()) <= 250 and path.name.endswith(".iso")


def test_existing_files_are_never_overwritten_and_names_are_reserved(tmp_path):
    async def body(engine, base, folder, server):
        (folder / "same.bin").write_bytes(b"precious")
        engine.add([(base + "/file/same.bin?size=1000&seed=1", None), (base + "/file/same.bin?size=1000&seed=2", None),
                    (base + "/file/same.bin?size=1000&seed=3", None)], folder)
        await engine.run_all()
        return folder

    folder = run_plain(lambda: with_engine(tmp_path, body))
    assert (folder / "same.bin").read_bytes() == b"precious"
    assert sorted(p.name for p in folder.iterdir()) == ["same (1).bin", "same (2).bin", "same (3).bin", "same.bin"]


def test_symlinked_part_is_refused(tmp_path):
    async def body(engine, base, folder, server):
        (t,) = engine.add([(base + "/file/s.bin?size=100000", None)], folder)
        await engine.run_all()
        Path(t.item.path).unlink()
        victim = tmp_path / "victim.txt"
        victim.write_text("do not touch")
        os.symlink(victim, t.item.path + ".part")
        t.item.bytes_done, t.item.state = 10, "paused"
        engine.resume(t)
        await engine.run_all()
        return t.item, victim

    item, victim = run_plain(lambda: with_engine(tmp_path, body))
    assert item.state == "failed" and "not a regular file" in item.error
    assert victim.read_text() == "do not touch"


def test_concurrency_is_bounded_and_adjustable_while_running(tmp_path):
    async def body(engine, base, folder, server):
        engine.set_concurrency(2)
        transfers = engine.add([(base + f"/slow?size=300000&delay=0.02&seed={i}", None) for i in range(40)], folder)
        peak = 0
        raised = False
        while any(t.item.state in ("queued", "running") for t in transfers):
            running = sum(t.item.state == "running" for t in transfers)
            tasks = sum(1 for t in transfers if t.job is not None and t.job.state.value == "running")
            peak = max(peak, running, tasks)
            if not raised and sum(t.item.state == "done" for t in transfers) >= 4:
                assert peak <= 2
                engine.set_concurrency(6)
                raised = True
            await asyncio.sleep(0.01)
        return peak, [t.item.state for t in transfers]

    peak, states = run_plain(lambda: with_engine(tmp_path, body, per_host=16))
    assert states == ["done"] * 40
    assert 2 < peak <= 6


def test_batch_deadline_cancels_what_is_left_and_says_so(tmp_path):
    async def body(engine, base, folder, server):
        engine.add([(base + f"/slow?size=2000000&delay=0.05&seed={i}", None) for i in range(3)], folder)
        await engine.run_all()
        return [t.item for t in engine.transfers], engine.deadline_hit

    items, hit = run_plain(lambda: with_engine(tmp_path, body, deadline=0.3))
    assert hit and all(i.state == "cancelled" and "deadline" in i.error for i in items)


def test_pause_keeps_the_part_and_resume_finishes_byte_identical(tmp_path):
    async def body(engine, base, folder, server):
        (t,) = engine.add([(base + "/slow?size=1000000&delay=0.01", None)], folder)
        while t.item.bytes_done < 200_000:
            await asyncio.sleep(0.01)
        engine.pause(t)
        await engine.wait_idle()
        paused_state, part_size = t.item.state, os.path.getsize(t.item.path + ".part")
        engine.resume(t)
        await engine.wait_idle()
        return t.item, paused_state, part_size, server.requests

    item, paused_state, part_size, requests = run_plain(lambda: with_engine(tmp_path, body))
    assert paused_state == "paused" and part_size >= 200_000
    assert item.state == "done" and Path(item.path).read_bytes() == payload(1_000_000)
    assert requests[-1][1]["Range"] == f"bytes={part_size}-"


def test_gz_stage_decompresses_off_the_loop(tmp_path):
    import gzip

    async def body(engine, base, folder, server):
        original = b"tributary " * 10000
        src = tmp_path / "www"
        src.mkdir()
        blob = gzip.compress(original)
        from aiohttp import web

        app = web.Application()
        async def gz(request):
            return web.Response(body=blob, content_type="application/gzip")

        app.router.add_get("/t.txt.gz", gz)
        runner = web.AppRunner(app, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001
        try:
            (t,) = engine.add([(f"http://127.0.0.1:{port}/t.txt.gz", None)], folder)
            await engine.run_all()
            return t, original
        finally:
            await runner.cleanup()

    t, original = run_plain(lambda: with_engine(tmp_path, body, decompress_gz=True))
    assert t.item.state == "done"
    assert (Path(t.item.folder) / "t.txt").read_bytes() == original
    assert t.job.result["decompressed"].endswith("t.txt")


def test_nginx_happy_path_and_resume(tmp_path, nginx):
    data = os.urandom(3_000_000)
    (nginx.root / "big.bin").write_bytes(data)

    async def body(engine, base, folder, server):
        (t,) = engine.add([(f"{nginx.base}/big.bin", hashlib.sha256(data).hexdigest())], folder)
        await engine.run_all()
        first_ok = Path(t.item.path).read_bytes() == data
        interrupted(t, data[:1_234_567])
        engine.resume(t)
        await engine.run_all()
        return t.item, first_ok

    item, first_ok = run_plain(lambda: with_engine(tmp_path, body))
    assert first_ok and item.state == "done" and Path(item.path).read_bytes() == data
    assert item.etag  # nginx gave a validator, so the resume was a real ranged request


def test_input_lines_parse_urls_and_checksums():
    sha = "a" * 64
    text = f"\ufeffhttp://h/a.bin {sha}\n# comment\n\n\"https://h/b.bin\",{sha.upper()}\nhttp://h/c"
    assert parse_lines(text) == [("http://h/a.bin", sha), ("https://h/b.bin", sha), ("http://h/c", None)]


def test_content_disposition_parsing():
    assert parse_content_disposition('attachment; filename="a b.txt"') == "a b.txt"
    assert parse_content_disposition("attachment; filename*=UTF-8''%E2%82%AC.txt") == "€.txt"
    assert parse_content_disposition("inline") is None
    assert choose_name("http://h/dir/file%20name.zip?x=1") == "file name.zip"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.characters(codec="utf-8") | st.sampled_from(["/", "\\", ".", "..", ":", "\u202e", "\0", "CON", "nul"]),
                max_size=300).map("".join))
def test_sanitised_names_always_stay_inside_the_folder(tmp_path_factory, raw):
    folder = tmp_path_factory.getbasetemp()
    name = sanitize(raw)
    assert name and "/" not in name and "\\" not in name and name not in (".", "..")
    assert len((name + ".part").encode()) <= 255
    assert inside(folder, name).parent == folder.resolve()
    assert not any(ch in name for ch in "\u202e\0") and all(c not in string.whitespace[1:] for c in name)


def test_a_removed_download_keeps_its_row_until_its_part_is_deleted(tmp_path):
    """Removing a download deletes its .part and its row, the row last: a process killed between the two
    (on two threads, in either order) left a .part no row named, and the next run of that URL took
    ``NAME (1)`` beside it. Now the row goes only once its .part has."""
    import threading

    async def body(engine, base, folder, server):
        [t] = engine.add([(base + "/file/r.bin?size=300000", None)], folder)
        await engine.run_all()
        interrupted(t, b"half of it")  # a paused download with its .part
        engine._save(t.item)
        engine.flush()
        part = Path(t.item.path + ".part")
        gate = threading.Event()
        busy = [engine._disk.submit(gate.wait, 30) for _ in range(8)]  # every disk thread held
        try:
            engine.remove(t)
            engine._journal_writer.submit(lambda: None).result()  # every journal write asked for so far
            assert part.exists() and [i.url for i in engine.journal.items()] == [t.item.url]
        finally:
            gate.set()
        for f in busy:
            f.result()
        engine.flush()
        assert not part.exists() and engine.journal.items() == []

    run_plain(lambda: with_engine(tmp_path, body))


def test_a_small_file_retried_after_a_reset_keeps_the_name_it_wrote_down(tmp_path):
    """A small file's name is written into its row while its body comes; a reset mid-body and the retry
    that follows keep that name (never ``reset (1)`` for a name this very download reserved)."""
    items, folder, server = fetch(tmp_path, [("/reset?size=100000", sha256(payload(100_000)))])
    assert items[0].state == "done", items[0].error
    assert server.counts.get("/reset?size=100000", 0) >= 2  # the first answer was cut: a retry
    assert sorted(p.name for p in folder.iterdir()) == ["reset"]
    assert items[0].path == str(folder / "reset") and (folder / "reset").read_bytes() == payload(100_000)


def test_a_small_body_that_comes_back_large_keeps_the_name_it_wrote_down(tmp_path):
    """The name written down for a small body (cut by a reset) is the one the retry uses when the server
    then sends a large file (streamed, named another way), not ``grows (1)``."""
    items, folder, server = fetch(tmp_path, [("/grows?size=100000&big=3000000", None)])
    assert items[0].state == "done", items[0].error
    assert sorted(p.name for p in folder.iterdir()) == ["grows"]
    assert (folder / "grows").read_bytes() == payload(3_000_000, seed=2)


def test_a_link_added_again_right_after_its_removal_gets_a_row_of_its_own(tmp_path):
    """A removed download's row goes only after its .part (see above); a link added again in between must
    not take that row over (it was deleted under the new download: unsaved, its .part gone)."""
    import threading

    async def body(engine, base, folder, server):
        url = base + "/file/r.bin?size=300000"
        [t] = engine.add([(url, None)], folder)
        await engine.run_all()
        interrupted(t, b"half of it")
        engine._save(t.item)
        engine.flush()
        gate = threading.Event()
        busy = [engine._disk.submit(gate.wait, 30) for _ in range(8)]  # the .part is not deleted yet
        try:
            engine.remove(t)
            [again] = await engine.add_async([(url, None)], folder, start=False)
        finally:
            gate.set()
        for f in busy:
            f.result()
        engine.flush()
        assert again.item.id != t.item.id
        assert [i.id for i in engine.journal.items()] == [again.item.id]
        assert engine.journal.save(again.item)
        engine.resume(again)
        await engine.run_all()
        assert again.item.state == "done", again.item.error
        assert sorted(p.name for p in folder.iterdir()) == ["r.bin"]

    run_plain(lambda: with_engine(tmp_path, body))


def test_a_download_removed_while_its_name_is_written_gives_the_name_back(tmp_path):
    """Removed while the journal thread writes its small body's name: the name is not kept for it (the
    link added again takes the name, not ``s (1).bin``)."""
    import threading

    async def body(engine, base, folder, server):
        url = base + "/file/s.bin?size=1000"
        entered, go = threading.Event(), threading.Event()
        real = engine.journal.claim_paths

        def slow(pairs):
            entered.set()
            go.wait(10)
            return real(pairs)

        engine.journal.claim_paths = slow
        [t] = engine.add([(url, None)], folder)
        run = asyncio.ensure_future(engine.run_all())
        while not entered.is_set():
            await asyncio.sleep(0.005)
        engine.remove(t)
        go.set()
        engine.journal.claim_paths = real
        await run
        engine.flush()
        assert engine._picked == {} and not engine.reserver._taken
        [again] = await engine.add_async([(url, None)], folder)
        await engine.run_all()
        assert again.item.state == "done", again.item.error
        assert sorted(p.name for p in folder.iterdir()) == ["s.bin"]

    run_plain(lambda: with_engine(tmp_path, body))


def test_choosing_a_name_never_holds_the_loop_while_the_journal_waits(tmp_path):
    """The name is written into the journal without the reserver's lock held: another process holding the
    journal's lock for seconds never blocks the loop thread (which releases and keeps names)."""
    import sqlite3
    import threading
    import time

    async def body(engine, base, folder, server):
        [t] = engine.add([(base + "/slow?size=3000000&delay=0.01", None)], folder)
        db = sqlite3.connect(engine.journal.path, isolation_level=None, timeout=30, check_same_thread=False)
        db.execute("BEGIN IMMEDIATE")  # another process holds the journal
        released = threading.Event()

        def let_go():
            db.execute("ROLLBACK")
            db.close()
            released.set()

        timer = threading.Timer(2.0, let_go)
        timer.start()
        run = asyncio.ensure_future(engine.run_all())
        await asyncio.sleep(0.6)  # its answer came: it is writing its name down, waiting for the lock
        t0 = time.monotonic()
        engine.reserver.release(folder / "elsewhere")
        blocked = time.monotonic() - t0
        await run
        timer.join()
        assert released.is_set() and t.item.state == "done", t.item.error
        return blocked

    blocked = run_plain(lambda: with_engine(tmp_path, body))
    assert blocked < 0.2, blocked


def test_a_folder_that_refuses_the_part_says_so_in_words(tmp_path):
    """When the .part of a written-down name cannot be created (no permission, read-only, full), the
    download fails with the engine's own message, and the name is given back."""
    from unittest import mock

    from tributary.workers.downloads import naming

    def refuse(part):
        raise PermissionError(13, "Permission denied", str(part))

    async def body(engine, base, folder, server):
        with mock.patch.object(naming, "_claim", refuse):
            [t] = engine.add([(base + "/file/p.bin?size=1000", None)], folder)
            await engine.run_all()
        assert t.item.state == "failed"
        assert str(t.item.error).startswith("Cannot write"), t.item.error
        assert not engine.reserver._taken and engine._picked == {}

    run_plain(lambda: with_engine(tmp_path, body))
