"""Small files are committed in batches by one thread (workers/downloads/disk.py GroupCommit): one folder
sync per batch, outcomes handed back per file, the promise unchanged — a file is reported done only after
its data and its folder entry are on disk."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

import pytest
from test_runner import run_plain

from tributary.workers.downloads.disk import DirSync, GroupCommit


class Part:
    def __init__(self, path: Path, body: bytes) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(self.fd, body)

    def close(self) -> None:
        os.close(self.fd)

    def discard(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def test_what_waits_is_committed_in_one_batch_with_one_folder_sync(tmp_path):
    events: list[tuple[str, str]] = []
    gate = threading.Event()
    dir_sync = DirSync()

    class Recorded(DirSync):
        def sync(self, folder):
            events.append(("folder", str(folder)))
            dir_sync.sync(folder)

    def stage(work):
        name, body = work
        if name == "f00":
            gate.wait(10)  # the first file holds the thread while the others queue up
        if name == "bad":
            raise OSError(28, "No space left on device")
        events.append(("write", name))
        return Part(tmp_path / (name + ".part"), body)

    def seal(work, part):
        os.fsync(part.fd)
        os.close(part.fd)
        events.append(("seal", work[0]))
        final = tmp_path / work[0]
        os.link(part.path, final)
        os.unlink(part.path)
        return final

    commit = GroupCommit(stage, seal, lambda work: tmp_path, Recorded())

    async def body():
        first = commit.submit(("f00", b"x" * 100))
        await asyncio.sleep(0.2)
        rest = [commit.submit((f"f{i:02d}", os.urandom(16384))) for i in range(1, 40)]
        failing = commit.submit(("bad", b""))
        await asyncio.sleep(0.1)
        events.append(("all handed over", ""))
        gate.set()
        done = await asyncio.gather(first, *rest, return_exceptions=True)
        return done, await asyncio.gather(failing, return_exceptions=True)

    try:
        done, (error,) = run_plain(body)
    finally:
        gate.set()
        commit.close()
    assert [p.name for p in done] == [f"f{i:02d}" for i in range(40)]
    assert all(p.exists() and not Path(str(p) + ".part").exists() for p in done)
    assert isinstance(error, OSError) and error.errno == 28  # one file's failure is that file's alone
    assert commit.batches == 2  # the first alone, then the 39 + 1 that waited: one batch
    folder_syncs = [i for i, e in enumerate(events) if e[0] == "folder"]
    assert len(folder_syncs) == 2
    second = [e for e in events[folder_syncs[0] + 1:folder_syncs[1]] if e[0] == "seal"]
    assert len(second) == 39  # every file of the batch sealed before its one folder sync
    assert not commit._thread


def test_a_batch_is_flushed_before_its_files_are_sealed_and_a_failed_flush_fails_that_file_alone(tmp_path):
    """The files of a batch are fsynced side by side before any is sealed; a file whose fsync fails (here a
    pipe: EINVAL, as a disk's EIO would) is reported failed and never sealed — a second fsync would succeed."""
    gate = threading.Event()
    sealed: list[tuple[str, bool]] = []
    pipe_read, pipe_write = os.pipe()
    os.close(pipe_read)

    def stage(work):
        if work == "f00":
            gate.wait(10)
        if work == "pipe":
            part = Part.__new__(Part)
            part.path, part.fd = tmp_path / "pipe.part", pipe_write
            part.path.write_bytes(b"received")  # what the failed flush leaves behind must go
            return part
        return Part(tmp_path / f"{work}.part", os.urandom(4096))

    def seal(work, part):
        sealed.append((work, part.synced))
        os.close(part.fd)
        final = tmp_path / work
        os.link(part.path, final)
        os.unlink(part.path)
        return final

    commit = GroupCommit(stage, seal, lambda work: tmp_path, DirSync())

    async def body():
        first = commit.submit("f00")
        await asyncio.sleep(0.2)
        rest = [commit.submit(f"f{i:02d}") for i in range(1, 20)]
        broken = commit.submit("pipe")
        gate.set()
        return await asyncio.gather(first, *rest, broken, return_exceptions=True)

    try:
        *done, error = run_plain(body)
        flushers = commit._flushers
    finally:
        gate.set()
        commit.close()
    assert [p.name for p in done] == [f"f{i:02d}" for i in range(20)] and all(p.exists() for p in done)
    assert isinstance(error, OSError) and error.errno == 22  # the pipe's fsync: that file alone failed
    assert "pipe" not in [work for work, _synced in sealed] and not (tmp_path / "pipe").exists()
    assert not (tmp_path / "pipe.part").exists()  # discarded: a later run cannot take it for finished bytes
    assert commit.batches == 2 and flushers is not None  # the 19 + 1 that waited: flushed side by side
    assert all(synced for work, synced in sealed if work != "f00")  # each flushed before it was sealed
    assert commit._flushers is None  # close() ended the flush threads
    try:
        os.fstat(pipe_write)
        closed = False
    except OSError:
        closed = True
    assert closed  # the failed file's descriptor was closed


def test_a_cancelled_wait_writes_nothing_and_close_finishes_what_was_handed_over(tmp_path):
    gate = threading.Event()
    written = []

    def stage(work):
        if work == "hold":
            gate.wait(10)
        written.append(work)
        return Part(tmp_path / f"{work}.part", b"data")

    def seal(work, part):
        os.close(part.fd)
        return part.path

    commit = GroupCommit(stage, seal, lambda work: tmp_path, DirSync())

    async def body():
        hold = commit.submit("hold")
        await asyncio.sleep(0.1)
        dropped = commit.submit("dropped")
        kept = commit.submit("kept")
        dropped.cancel()  # its task was cancelled while the body waited for the thread
        gate.set()
        return await asyncio.gather(hold, kept)

    try:
        results = run_plain(body)
    finally:
        gate.set()
        commit.close()
    assert written == ["hold", "kept"] and [p.name for p in results] == ["hold.part", "kept.part"]


def test_a_large_file_starts_its_writeback_as_it_downloads(tmp_path):
    from tributary.workers.downloads import disk
    from tributary.workers.downloads.engine import PartWriter

    assert disk._SYNC_FILE_RANGE is not None  # Linux: the hint is real here
    fd = os.open(tmp_path / "probe", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, b"x" * 65536)
        assert disk._SYNC_FILE_RANGE(fd, 0, 0, disk.SYNC_FILE_RANGE_WRITE) == 0  # the ctypes binding is right
    finally:
        os.close(fd)
    writer = PartWriter(tmp_path / "big.part", 0)
    block = os.urandom(1 << 20)
    try:
        for _ in range(40):
            writer.write(block)
        assert writer.writeback.hints == 40 // (disk.WRITEBACK_EVERY >> 20)  # every 16 MiB, not at the end only
        sha = writer.finish()
    finally:
        writer.close()
    import hashlib

    assert sha == hashlib.sha256(block * 40).hexdigest() and (tmp_path / "big.part").stat().st_size == 40 << 20


def test_a_small_file_is_written_through_the_descriptor_that_claimed_its_name(tmp_path):
    """One open per small file: the ``.part`` the name claim created (O_EXCL) is the one written, locked
    like any other ``.part`` being written; a second claim of the name takes the next one."""
    from tributary.workers.downloads.disk import part_busy
    from tributary.workers.downloads.engine import PartWriter
    from tributary.workers.downloads.naming import NameReserver

    names = NameReserver()
    path, fd = names.reserve_open(tmp_path, "a.bin")
    writer = PartWriter(Path(str(path) + ".part"), 0)
    try:
        writer.adopt(fd)
        assert part_busy(writer.part)  # another process would see it being written
        other, other_fd = names.reserve_open(tmp_path, "a.bin")
        os.close(other_fd)
        assert other.name != path.name and other.with_name(other.name + ".part").exists()
        writer.write(b"x" * 16384)
        sha = writer.finish()
    finally:
        writer.close()
    assert not part_busy(writer.part) and writer.part.read_bytes() == b"x" * 16384 and len(sha) == 64
    assert path == tmp_path / "a.bin" and names.reserve(tmp_path, "a.bin", claim_part=True).name not in (path.name, other.name)


def test_a_commit_thread_never_closed_does_not_hold_the_interpreters_exit(tmp_path):
    """engine.close() joins the commit thread; a process that exits without it (an error path that skips
    the close) must still exit, not wait for ever on the thread's queue."""
    import subprocess
    import sys

    script = f"""
import asyncio, os
from pathlib import Path
from tributary.workers.downloads.disk import DirSync, GroupCommit

class Part:
    def __init__(self, path):
        self.path, self.fd = path, os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)

def seal(work, part):
    os.close(part.fd)
    return part.path

commit = GroupCommit(lambda work: Part(Path({str(tmp_path)!r}) / work), seal, lambda work: Path({str(tmp_path)!r}), DirSync())

async def main():
    return await commit.submit("one.part")

print(asyncio.run(main()).name, flush=True)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "one.part", out


def test_a_batch_whose_preparation_fails_is_still_committed_and_the_thread_lives_on(tmp_path):
    """``prepare`` (the engine writes a batch's names down) failing in a way nobody foresaw must not end the
    commit thread: its batch is staged file by file, and later batches are committed too (a dead thread
    left every later small download waiting for ever)."""
    def stage(work):
        return Part(tmp_path / f"{work}.part", b"data")

    def seal(work, part):
        os.close(part.fd)
        return part.path

    def prepare(works):
        raise RuntimeError("Symlink loop from '/somewhere'")

    commit = GroupCommit(stage, seal, lambda work: tmp_path, DirSync(), prepare=prepare)

    async def body():
        first = await asyncio.wait_for(commit.submit("a"), 10)
        second = await asyncio.wait_for(commit.submit("b"), 10)
        return first, second

    try:
        first, second = run_plain(body)
    finally:
        commit.close()
    assert first.name == "a.part" and second.name == "b.part"


@pytest.mark.parametrize("overlap", [True, False])
def test_a_small_body_gives_its_slot_to_the_next_download_while_it_waits_for_the_disk(tmp_path, overlap):
    """One download at a time (``concurrency`` 1, one per server): once the first file's body is all here,
    the second one's request goes out while the first still waits for its commit; a third waits for a
    commit to end (at most ``concurrency`` bodies wait for the disk without a slot). Only where asked
    (``overlap_commits``: the command line); the window's engine keeps the slot until the file is on disk."""
    from servers import payload, sha256
    from test_downloads import with_engine

    gate = threading.Event()
    sizes = (20_000, 30_000, 40_000)

    async def body(engine, base, folder, server):
        commit = engine._group_commit
        stage = commit._stage

        def held_stage(work):
            gate.wait(20)  # the disk is slow: no commit ends until the test lets it
            return stage(work)

        commit._stage = held_stage
        urls = [f"{base}/file/f{i}.bin?size={size}&seed={i + 2}" for i, size in enumerate(sizes)]
        transfers = engine.add([(url, sha256(payload(size, i + 2))) for i, (url, size) in enumerate(zip(urls, sizes))],
                               folder)
        for _ in range(200):
            if len(server.requests) >= 2:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # a third request, if it were let out, would be here by now
        asked_while_held = [key for key, _headers in server.requests]
        states = [t.item.state for t in transfers]
        gate.set()
        await engine.run_all()
        return asked_while_held, states, transfers

    try:
        asked, states, transfers = run_plain(lambda: with_engine(tmp_path, body, concurrency=1, per_host=1,
                                                                 overlap_commits=overlap))
    finally:
        gate.set()
    if overlap:
        assert [key.split("?")[0] for key in asked] == ["/file/f0.bin", "/file/f1.bin"]
        assert states == ["running", "running", "queued"]  # not done before their commit
    else:
        assert [key.split("?")[0] for key in asked] == ["/file/f0.bin"]
        assert states == ["running", "queued", "queued"]
    assert [t.item.state for t in transfers] == ["done"] * 3
    for i, (t, size) in enumerate(zip(transfers, sizes)):
        assert Path(t.item.path).read_bytes() == payload(size, i + 2)


def test_a_retry_after_the_slot_was_handed_back_takes_the_slots_again_first(tmp_path):
    """A small body handed its slot back, then its commit failed with an error that is retried (a network
    file system's timeout, ETIMEDOUT, is a TimeoutError): its next attempt waits for a slot like any download —
    with one download at a time, never two attempts at once."""
    import errno

    from servers import payload, sha256
    from test_downloads import with_engine

    failed = []

    async def body(engine, base, folder, server):
        commit = engine._group_commit
        stage = commit._stage

        def flaky_stage(work):
            if not failed and work[0].item.url.endswith("seed=2"):
                failed.append(work[0].item.url)
                raise TimeoutError(errno.ETIMEDOUT, "Connection timed out")
            return stage(work)

        commit._stage = flaky_stage
        attempt = engine._attempt
        running, beside_retry = [], []

        async def counted(job, t):
            if t.item.url in failed:  # the failed one's next attempt: what else is under way?
                beside_retry.append([other.item.url for other in running])
            running.append(t)
            try:
                return await attempt(job, t)
            finally:
                running.remove(t)

        engine._attempt = counted
        urls = [(f"{base}/file/a.bin?size=20000&seed=2", sha256(payload(20_000, 2))),
                (f"{base}/slow?size=262144&delay=0.1&seed=3", None)]
        transfers = engine.add(urls, folder)
        await engine.run_all()
        return transfers, beside_retry, engine

    transfers, beside_retry, engine = run_plain(lambda: with_engine(tmp_path, body, concurrency=1, per_host=1,
                                                            overlap_commits=True, backoff=0.01))
    assert failed and [t.item.state for t in transfers] == ["done", "done"]
    assert beside_retry == [[]]  # the retry waited for the slow one's slot: nothing else ran beside it
    assert engine._committing == 0 and engine._limit.active == 0
    assert Path(transfers[0].item.path).read_bytes() == payload(20_000, 2)
