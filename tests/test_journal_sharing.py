"""One journal, many processes: the window and command-line runs share the download journal.

A row belongs to the live process that runs it (a lease: pid + process start time); nobody else adopts,
resumes, rewrites or reports it; writers wait for SQLite's lock instead of crashing. Tested with real
processes against a real nginx.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import ROOT
from servers import ServerThread, payload

from tributary.workers.downloads.journal import Item, Journal
from tributary.workers.procs import start_ticks


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "tributary.gui", "download", *args]


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(cli(*args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_part(part: Path, min_size: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not (part.exists() and part.stat().st_size > min_size):
        assert time.monotonic() < deadline, f"{part} never grew past {min_size} bytes"
        time.sleep(0.02)


def rows_of(path: Path) -> dict[str, Item]:
    journal = Journal(path)
    try:
        return {Path(r.url).name: r for r in journal.items()}
    finally:
        journal.close()


def slow_file(nginx, name: str, size: int) -> bytes:
    data = os.urandom(size)
    (nginx.root / "slow").mkdir(exist_ok=True)
    (nginx.root / "slow" / name).write_bytes(data)
    return data


def test_a_second_run_of_the_same_url_waits_for_the_first_and_both_succeed(tmp_path, nginx):
    data = slow_file(nginx, "same.bin", 4_000_000)  # ~2 s at nginx's 2 MB/s
    journal, folder = tmp_path / "journal.sqlite3", tmp_path / "out"
    folder.mkdir()
    args = (f"{nginx.base}/slow/same.bin", "-d", str(folder), "--journal", str(journal))
    first = start(*args)
    wait_for_part(folder / "same.bin.part", 300_000)
    second = start(*args)
    out1, err1 = first.communicate(timeout=60)
    out2, err2 = second.communicate(timeout=60)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert sorted(p.name for p in folder.iterdir()) == ["same.bin"]  # no "same (1).bin", no .part
    assert (folder / "same.bin").read_bytes() == data
    assert "already there" in out2 and "Traceback" not in err1 + err2


def test_runs_started_together_never_crash_on_the_lock(tmp_path, nginx):
    for i in range(240):
        (nginx.root / f"f{i}.bin").write_bytes(os.urandom(1000 + i))
    journal = tmp_path / "journal.sqlite3"
    procs = []
    for k in range(4):  # a fresh journal: they also race to create it
        folder = tmp_path / f"out{k}"
        folder.mkdir()
        listing = tmp_path / f"list{k}.txt"
        listing.write_text("\n".join(f"{nginx.base}/f{i}.bin" for i in range(k * 60, k * 60 + 60)))
        procs.append((start("-i", str(listing), "-d", str(folder), "--journal", str(journal)), folder))
    for proc, folder in procs:
        out, err = proc.communicate(timeout=90)
        assert proc.returncode == 0, err[-2000:]
        assert "60 of 60 done" in err and "locked" not in err
        assert len(out.strip().splitlines()) == 60  # its own items, nobody else's
        assert len(list(folder.iterdir())) == 60


def test_a_run_sees_only_its_items_and_leaves_another_live_run_alone(tmp_path, nginx):
    slow_file(nginx, "held.bin", 6_000_000)
    (nginx.root / "mine.bin").write_bytes(b"mine" * 1000)
    journal = tmp_path / "journal.sqlite3"
    other = Journal(journal)  # another folder's history: a failed row and a paused one nobody holds
    other.add([Item(url="http://127.0.0.1:9/gone.bin", folder=str(tmp_path / "elsewhere"), state="failed",
                    error="gone"),
               Item(url="http://127.0.0.1:9/half.bin", folder=str(tmp_path / "elsewhere"), state="paused")])
    other.close()
    busy = tmp_path / "busy"
    busy.mkdir()
    holder = start(f"{nginx.base}/slow/held.bin", "-d", str(busy), "--journal", str(journal))
    try:
        wait_for_part(busy / "held.bin.part", 100_000)
        (tmp_path / "mine").mkdir()
        mine = subprocess.run(cli(f"{nginx.base}/mine.bin", "-d", str(tmp_path / "mine"), "--journal", str(journal)),
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert mine.returncode == 0, mine.stderr
        assert mine.stdout.strip().splitlines() == [f"{nginx.base}/mine.bin → {tmp_path / 'mine' / 'mine.bin'}"]
        assert "1 of 1 done" in mine.stderr
        rows = rows_of(journal)
        assert rows["held.bin"].state == "running"  # not rewritten as paused by the other run
        assert (rows["gone.bin"].state, rows["half.bin"].state) == ("failed", "paused")
        assert holder.poll() is None
    finally:
        holder.wait(60)
        holder.communicate()
    assert holder.returncode == 0


def test_restore_takes_only_rows_whose_holder_is_gone(tmp_path):
    path = tmp_path / "journal.sqlite3"
    live = Journal(path)
    (held,) = live.add([Item(url="http://h/live.bin", folder="/x", state="running")])
    crashed = Journal(path)
    (orphan, recycled) = crashed.add([Item(url="http://h/orphan.bin", folder="/x", state="running"),
                                      Item(url="http://h/recycled.bin", folder="/x", state="paused")])
    db = sqlite3.connect(path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    # a process that died, and a live pid with another start time (a recycled pid is not the owner)
    db.execute("UPDATE items SET owner=? WHERE id=?", (f"{int(dead.stdout)}:1:dead", orphan.id))
    db.execute("UPDATE items SET owner=? WHERE id=?", (f"{os.getppid()}:{start_ticks(os.getppid()) + 1}:old", recycled.id))
    db.commit()
    db.close()
    window = Journal(path)
    restored = window.recover()
    assert sorted((Path(i.url).name, i.state) for i in restored) == [("orphan.bin", "paused"), ("recycled.bin", "paused")]
    assert window.recover() == []  # adopted now: nobody adopts them twice
    live.save(held)  # the live holder still writes its row ...
    held.state = "done"
    assert live.save(held)
    orphan.state = "done"
    assert not crashed.save(orphan)  # ... and a row another journal adopted is no longer writable
    live.close()
    assert [Path(i.url).name for i in window.recover()] == []  # a finished row stays where it is
    for j in (crashed, window):
        j.close()


def test_writers_wait_for_the_lock_instead_of_failing(tmp_path):
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    journal.add([Item(url="http://h/a", folder="/x")])
    holding, released = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO items (url, folder, state, added, updated) VALUES ('http://h/b', '/x', 'done', 0, 0)")
        holding.set()
        time.sleep(0.6)
        db.execute("COMMIT")
        db.close()
        released.set()

    thread = threading.Thread(target=hold_the_lock)
    thread.start()
    holding.wait(5)
    # a read transaction that must write after another process committed: SQLITE_BUSY without retries
    items = journal.add([Item(url=f"http://h/c{i}", folder="/x") for i in range(3)])
    thread.join()
    assert released.is_set() and [i.id for i in items] == [3, 4, 5]
    assert len(journal.items()) == 5
    journal.close()


def test_rerun_reports_done_items_as_already_there_and_duplicates_collapse(tmp_path, nginx):
    payloads = {name: os.urandom(50_000) for name in ("a.bin", "b.bin")}
    for name, data in payloads.items():
        (nginx.root / name).write_bytes(data)
    folder = tmp_path / "out"
    folder.mkdir()
    urls = [f"{nginx.base}/a.bin", f"{nginx.base}/b.bin", f"{nginx.base}/a.bin"]
    args = [*urls, "-d", str(folder), "--journal", str(tmp_path / "journal.sqlite3"), "--json"]
    first = subprocess.run(cli(*args), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(cli(*args), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["a.bin", "b.bin"]
    for name, data in payloads.items():
        assert hashlib.sha256((folder / name).read_bytes()).digest() == hashlib.sha256(data).digest()
    lines = again.stdout.strip().splitlines()
    assert len(lines) == 3 and lines[:2] == [
        f'{{"url": "{nginx.base}/{n}", "path": "{folder / n}", "state": "done", "bytes": 50000, '
        f'"sha256": "{hashlib.sha256(payloads[n]).hexdigest()}", "error": null, "note": "already there"}}'
        for n in ("a.bin", "b.bin")]


@pytest.mark.parametrize("split", ["1", "4"])
def test_two_processes_whose_urls_map_to_one_name_never_share_a_part(tmp_path, split):
    """Two command-line runs, two different URLs the server names alike, one folder: both runs take the
    name "slow" from the answer's headers while the bodies have not started. A name is claimed on disk
    (its .part created) when it is chosen, and a .part being written is locked: the runs end with two
    distinct, byte-identical files, never one .part deleted and rewritten under the other."""
    folder = tmp_path / "out"
    folder.mkdir()
    size = 3_000_000
    with ServerThread() as server:
        urls = [f"{server.base}/slow?size={size}&seed={seed}&delay=0.01&first=2.5" for seed in (1, 2)]
        runs = [start(url, "-d", str(folder), "--journal", str(tmp_path / "journal.sqlite3"), "--split", split,
                      "--json") for url in urls]
        outs = [run.communicate(timeout=90) for run in runs]
    for run, (_out, err) in zip(runs, outs):
        assert run.returncode == 0, (err, _out)
    paths = [json.loads(out.splitlines()[0])["path"] for out, _ in outs]
    assert sorted(p.name for p in folder.iterdir()) == ["slow", "slow (1)"], sorted(folder.iterdir())
    assert sorted(Path(p).name for p in paths) == ["slow", "slow (1)"]
    for seed, path in zip((1, 2), paths):
        assert Path(path).read_bytes() == payload(size, seed), f"{path} does not hold its own URL's bytes"


def test_a_part_another_process_is_writing_is_never_emptied_or_deleted(tmp_path):
    """The lock of a .part being written holds across processes: a second writer starting over (from zero),
    resuming, or discarding it is refused with PartBusy, and the holder's bytes stay; once the holder is
    gone the file is free again."""
    from tributary.workers.downloads.disk import PartBusy, open_part, part_busy
    from tributary.workers.downloads.engine import _discard

    part = tmp_path / "x.bin.part"
    part.write_bytes(b"holder's bytes")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR); fcntl.flock(fd, fcntl.LOCK_EX); "
        "print('locked', flush=True); sys.stdin.read()"), str(part)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert part_busy(part)
        for from_zero in (True, False):
            with pytest.raises(PartBusy, match="Another Tributary process is writing"):
                open_part(part, os.O_RDWR, from_zero=from_zero)
        with pytest.raises(PartBusy):
            _discard(part)
        assert part.read_bytes() == b"holder's bytes"
    finally:
        holder.communicate("", timeout=10)
    assert not part_busy(part)
    fd = open_part(part, os.O_RDWR, from_zero=True)  # free now: emptied, under our own lock
    try:
        assert part.read_bytes() == b"" and part_busy(part)
    finally:
        os.close(fd)


def _rows(journal: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM items").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("size", [100_000, 3_000_000], ids=["small", "streamed"])
def test_a_run_killed_before_its_row_names_the_file_leaves_the_name_to_the_next_run(tmp_path, size):
    """A run chooses its file's name and is killed before its journal row says so (another process holds
    the journal's lock at that moment, as the window or another run may). The next run must find the name
    again: never ``late (1)`` beside a left-over ``late.part`` or a finished ``late`` that no row names.
    The name is written to the journal before the ``.part`` claims it on disk."""
    folder = tmp_path / "out"
    folder.mkdir()
    journal = tmp_path / "journal.sqlite3"
    with ServerThread() as server:
        url = f"{server.base}/late?size={size}&wait=1.5&delay=0.3"
        run = start(url, "-d", str(folder), "--journal", str(journal))
        try:
            deadline = time.monotonic() + 30
            while not _rows(journal):  # the run has its row: its request is on its way
                assert run.poll() is None and time.monotonic() < deadline, run.communicate()
                time.sleep(0.01)
            db = sqlite3.connect(journal, isolation_level=None, timeout=30)
            db.execute("BEGIN IMMEDIATE")  # the answer comes 1.5 s after the request: the name is chosen then
            try:
                deadline = time.monotonic() + 3.5
                while not any(folder.iterdir()) and time.monotonic() < deadline:
                    time.sleep(0.02)
                time.sleep(0.5)  # (a small body: received, written and linked)
                run.kill()
                run.communicate()
            finally:
                db.execute("ROLLBACK")
                db.close()
        finally:
            if run.poll() is None:
                run.kill()
                run.communicate()
        again = subprocess.run(cli(url, "-d", str(folder), "--journal", str(journal), "--json"), cwd=ROOT,
                               capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["late"]
    assert (folder / "late").read_bytes() == payload(size)
    assert json.loads(again.stdout.splitlines()[0])["path"] == str(folder / "late")


@pytest.mark.parametrize("same", [True, False], ids=["same-bytes", "other-bytes"])
def test_a_file_linked_by_a_run_killed_before_its_row_said_done_is_not_copied_again(tmp_path, same):
    """A run killed after linking its file into place but before its row said "done": the row names the
    file and is unfinished. The next run downloads it again and finds the name taken: by the very same
    bytes, the file is this download's and stays the only one; by other bytes (someone else's file), it is
    left alone and the download takes the next name."""
    folder = tmp_path / "out"
    folder.mkdir()
    journal = tmp_path / "journal.sqlite3"
    with ServerThread() as server:
        url = f"{server.base}/file/x.bin?size=300000"
        args = [url, "-d", str(folder), "--journal", str(journal), "--json"]
        first = subprocess.run(cli(*args), cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert first.returncode == 0, first.stderr
        db = sqlite3.connect(journal, isolation_level=None)
        db.execute("UPDATE items SET state='running', sha256=NULL, bytes_done=0, owner=NULL")
        db.close()
        if not same:
            (folder / "x.bin").write_bytes(b"someone else's file")
        again = subprocess.run(cli(*args), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    expected = ["x.bin"] if same else ["x (1).bin", "x.bin"]
    assert sorted(p.name for p in folder.iterdir()) == expected
    assert (folder / expected[0]).read_bytes() == payload(300000)
    assert json.loads(again.stdout.splitlines()[0])["path"] == str(folder / expected[0])
    if not same:
        assert (folder / "x.bin").read_bytes() == b"someone else's file"


def test_a_name_another_unfinished_row_has_written_down_is_not_given_twice(tmp_path):
    """Journal.claim_paths: a name is written into its row before its .part exists; another unfinished row
    of the folder then cannot take it (a finished row's name is free: the file on disk guards it), and a
    save of an item read before its name was written never takes the name back."""
    path = tmp_path / "journal.sqlite3"
    a, b = Journal(path), Journal(path)
    try:
        [x] = a.add([Item(url="http://h/1", folder="/f")])
        [y] = b.add([Item(url="http://h/2", folder="/f")])
        [z] = b.add([Item(url="http://h/3", folder="/g")])
        assert a.claim_paths([(x, "/f/n")]) == [True]
        assert b.claim_paths([(y, "/f/n"), (z, "/g/n")]) == [False, True]  # another folder: its own names
        assert b.claim_path(y, "/f/n (1)") is True
        assert y.path is None and b.save(y)  # read before the name was written: the row keeps it
        assert {i.url: (i.name, i.path) for i in a.items()} == {
            "http://h/1": ("n", "/f/n"), "http://h/2": ("n (1)", "/f/n (1)"), "http://h/3": ("n", "/g/n")}
        x.name, x.path, x.state = "n", "/f/n", "done"
        assert a.save(x)
        assert b.claim_path(y, "/f/n") is True
    finally:
        a.close()
        b.close()
