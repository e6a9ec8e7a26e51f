"""A long queue (issue 12's "10,000 queued URLs in the window"): added through the panel without freezing
the window, claimed in the journal off the GUI thread and in order, shown as one row range and announced
as one signal; stopped and closed in one pass. The figures (stall, memory, close to exit) are in
``bench/downloads_bench.py``; here the behaviour, with a generous bound on the stall for a shared machine."""

from __future__ import annotations

import gc
import logging
import socket
import sqlite3
import time
from contextlib import closing

import pytest
from conftest import run_async
from test_gui_downloads import wait_tick

from bench.queue_scale import Heartbeat
from tributary.gui.app import freeze_heap
from tributary.workers.downloads.engine import DownloadEngine
from tributary.workers.downloads.journal import Item, Journal
from tributary.workers.jobs import JobState

log = logging.getLogger("tributary.tests")
N = 10_000


@pytest.fixture
def mute():
    """A loopback port that accepts connections (the kernel does) and never answers: transfers started
    there wait, the rest stay queued — a long queue that is really there."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def urls(base: str, n: int = N) -> list[str]:
    return [f"{base}/f/{i:05d}.bin" for i in range(n)]


def test_ten_thousand_urls_added_in_the_window_are_claimed_in_order_off_the_gui_thread(window, services, qtbot, mute,
                                                                                          tmp_path):
    panel, engine, bridge = window.downloads, services.downloads, services.bridge
    panel.folder.setText(str(tmp_path / "dl"))
    panel.concurrency.setValue(2)
    wanted = urls(mute)
    inserted, batches, singles, uncommitted = [], [], [], []
    panel.model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    bridge.jobsAdded.connect(lambda jobs: batches.append(len(jobs)))
    bridge.jobAdded.connect(singles.append)

    def check_committed(job) -> None:  # a transfer starts only once its claim is in the journal, for all to see
        if job.kind == "download" and job.state is JobState.RUNNING:
            with closing(sqlite3.connect(engine.journal.path)) as reader:  # another connection: committed rows
                row = reader.execute("SELECT owner FROM items WHERE url=?", (job.title,)).fetchone()
            if row is None or row[0] != engine.journal.lease:
                uncommitted.append(job.title)

    unlisten = services.runner.add_listener(check_committed)
    freeze_heap()  # as the app does once it is up (start-up's objects out of the collector's way)
    beat = Heartbeat(interval_ms=5)  # the benchmark's heartbeat, every 5 ms here
    beat.start()
    qtbot.wait(200)  # the window's first paints are not the add's
    beat.max_gap_ms = 0.0
    try:
        with qtbot.waitSignal(panel.added, timeout=60000) as added:
            answer = panel.add_text("\n".join(wanted))
            assert panel.pending == N and "Adding 10,000 URLs…" in panel.totals.text()  # said while it claims
        transfers = added.args[0]
        wait_tick(qtbot, panel, lambda: len(engine.running) == 2)
    finally:
        stall = beat.stop()
        unlisten()
        gc.unfreeze()
    log.warning("10,000 URLs added through the panel: longest GUI-thread gap %.1f ms", stall)
    assert stall < 250, stall  # behaviour on a shared machine; the benchmark holds it to 50 ms
    assert answer.result() is transfers and [t.item.url for t in transfers] == wanted
    assert panel.model.rowCount() == N and inserted == [(0, N - 1)]  # one model operation
    assert batches == [N] and not [j for j in singles if j.kind == "download"]  # one signal for the queue
    assert panel.pending == 0 and "Adding" not in panel.totals.text()
    engine.flush()
    rows = engine.journal.items()
    assert [r.url for r in rows] == wanted and [t.item.id for t in transfers] == [r.id for r in rows]  # in order
    assert set(engine.journal.holders().values()) == {engine.journal.lease}  # all held by this process
    assert engine.running == set(transfers[:2]) and not uncommitted
    assert all(t.item.state == "queued" for t in transfers[2:])
    engine.cancel(transfers[0])  # a slot frees: the next in the list starts
    wait_tick(qtbot, panel, lambda: engine.running == {transfers[1], transfers[2]})
    assert not uncommitted and all(t.item.state == "queued" for t in transfers[3:])


def test_closing_with_ten_thousand_queued_stores_them_paused_in_one_go(services, qtbot, mute, tmp_path):
    engine, bridge = services.downloads, services.bridge
    transfers = run_async(qtbot, engine.add_async([(u, None) for u in urls(mute)], tmp_path / "dl"))
    with qtbot.waitSignal(bridge.transfersChanged, timeout=20000, check_params_cb=lambda _: len(engine.running) == 8):
        pass
    engine.flush()
    journal = engine.journal
    real_save_many, writes = journal.save_many, []

    def save_many(items):  # the real write, counted
        writes.append(len(items))
        return real_save_many(items)

    journal.save_many = save_many
    together, alone = [], []
    bridge.jobsFinished.connect(lambda jobs: together.append(len(jobs)))
    bridge.jobFinished.connect(alone.append)
    t0 = time.perf_counter()
    run_async(qtbot, services.shutdown(), timeout=60)
    seconds = time.perf_counter() - t0
    log.warning("closing with %d queued (8 running) took %.3f s; journal writes %s", N, seconds, writes)
    assert together == [N - 8] and len(alone) == 8  # the queue ended with one signal, the running ones each
    assert max(writes) >= N - 8  # every queued row went paused in one transaction
    assert all(t.item.state == "paused" for t in transfers)
    stored = Journal(journal.path)
    try:
        assert [r.state for r in stored.items()] == ["paused"] * N
        assert set(stored.holders().values()) == {None}  # given back: the next start adopts them
    finally:
        stored.close()


def test_a_paused_queued_row_resumes_at_once_while_every_slot_is_busy(services, qtbot, mute, tmp_path):
    """Pausing a row that waits in the queue ends its job at once; resuming it queues it again at once
    (it stayed paused while no slot freed: its old job was still queued)."""
    engine, bridge = services.downloads, services.bridge
    engine.set_concurrency(1)
    first, second, third = run_async(qtbot, engine.add_async([(u, None) for u in urls(mute, 3)], tmp_path))
    with qtbot.waitSignal(bridge.transfersChanged, timeout=20000, check_params_cb=lambda _: first in engine.running):
        pass
    engine.pause([second, third])
    assert (second.item.state, second.job.state) == ("paused", JobState.CANCELLED)
    engine.resume(second)
    assert (second.item.state, second.job.state) == ("queued", JobState.QUEUED)
    engine.cancel(first)  # the slot goes to the resumed row, in its place, not to the paused one
    with qtbot.waitSignal(bridge.transfersChanged, timeout=20000, check_params_cb=lambda _: second in engine.running):
        pass
    assert third.item.state == "paused"


def test_an_add_while_the_start_up_restore_is_read_finds_the_restored_row(services, qtbot, tmp_path):
    """The window reads what a previous run left on the journal thread; a URL added meanwhile (even on the
    loop thread, as the command line adds) is the restored transfer, never a second one of the same row."""
    path, folder = tmp_path / "journal.sqlite3", str(tmp_path)
    earlier = Journal(path)
    earlier.add([Item(url="http://127.0.0.1:9/left.bin", folder=folder, state="running", bytes_done=10),
                 Item(url="http://127.0.0.1:9/other.bin", folder=folder, state="paused")])
    earlier.close()  # a finished run: its rows are free
    journal = Journal(path)
    engine = DownloadEngine(services.runner, journal, services.http_session)
    try:
        restored = engine.restore_soon()
        (t,) = engine.add([("http://127.0.0.1:9/left.bin", None)], folder, start=False)
        left, other = run_async(qtbot, restored)
        assert t is left and engine.transfers == [left, other] and t.item.state == "paused"
        again = run_async(qtbot, engine.add_async([("http://127.0.0.1:9/other.bin", None)], folder, start=False))
        assert again == [other] and len(engine.transfers) == 2
    finally:
        engine.close()
        journal.close()


def test_pausing_a_row_whose_task_was_just_made_leaves_it_to_its_task(services, qtbot, mute, tmp_path):
    """A row paused between the scheduler making its task and the task's first step is not taken for a
    queued one: its task ends it (cancelled), once — the bridge goes idle, nothing is left running."""
    engine, bridge, runner = services.downloads, services.bridge, services.runner
    paused = []

    def pause_as_it_launches(job) -> None:  # the runner's news of a launch comes before the task runs
        if job.kind == "download" and job.state is JobState.QUEUED and job.id in runner._tasks:  # noqa: SLF001
            (t,) = [t for t in engine.transfers if t.job is job]
            paused.append(engine.pause(t))

    unlisten = runner.add_listener(pause_as_it_launches)
    try:
        with qtbot.waitSignal(bridge.jobFinished, timeout=10000) as ended:
            (t,) = run_async(qtbot, engine.add_async([(f"{mute}/one.bin", None)], tmp_path))
    finally:
        unlisten()
    assert paused == [1] and ended.args[0] is t.job and t.job.state is JobState.CANCELLED
    assert t.item.state == "paused" and not engine.running
    with qtbot.waitSignal(bridge.idle, timeout=2000):
        pass
    assert not bridge.active_jobs()
