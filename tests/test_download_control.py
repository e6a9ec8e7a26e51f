"""Control over downloads: speed limits (per download, global, changed live), queue order and priorities,
pause/resume all, the schedule with a fake clock, the queue-end event, HTTP and SOCKS5 proxies (real
tinyproxy and microsocks processes), and the command line's flags and live display."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, run_cli
from servers import ProxyProcess, sha256
from test_downloads import with_engine
from test_runner import run_plain

from tributary.workers.downloads.progress import ProgressDisplay
from tributary.workers.downloads.ratelimit import SlowWatch, TokenBucket, parse_rate
from tributary.workers.downloads.schedule import FakeClock, QueueSchedule, Schedule
from tributary.workers.jobs import UserError

MIB = 1 << 20


async def rate_over(t, start: float, span: float) -> float:
    """Bytes/s the transfer achieved between ``start`` and ``start + span`` seconds after its first byte
    (a bucket that filled while the connection opened is the start-up's burst, not the steady rate)."""
    while not t.item.bytes_done:
        await asyncio.sleep(0.02)
    await asyncio.sleep(start)
    b0, t0 = t.item.bytes_done, time.monotonic()
    await asyncio.sleep(span)
    return (t.item.bytes_done - b0) / (time.monotonic() - t0)


def test_token_bucket_holds_its_rate_on_a_fake_clock():
    now = [0.0]
    bucket = TokenBucket(1000, clock=lambda: now[0])
    waited = 0.0
    for _ in range(100):  # 100 chunks of 100 bytes: 10,000 bytes at 1,000 B/s take ~10 s
        delay = bucket.delay(100)
        waited += delay
        now[0] += delay
    assert 9.5 <= now[0] <= 10.0
    bucket.set_rate(0)
    assert bucket.delay(10**9) == 0.0
    assert parse_rate("5M") == 5 * MIB and parse_rate("500K") == 500 * 1024 and parse_rate("0") == 0
    assert parse_rate("1.5MiB/s") == int(1.5 * MIB) and parse_rate("2000") == 2000
    for bad in ("fast", "-1M", "nan", "5X"):
        with pytest.raises(ValueError):
            parse_rate(bad)


def test_slow_watch_flags_a_drip_and_not_a_steady_stream():
    now = [0.0]
    watch = SlowWatch(1000, 5.0, clock=lambda: now[0])
    for _ in range(10):  # 10 bytes a second: a drip
        now[0] += 1.0
        found = watch.add(10)
        if found is not None:
            break
    assert found is not None and found < 1000 and now[0] == 5.0
    steady = SlowWatch(1000, 5.0, clock=lambda: now[0])
    assert all(steady.add(5000) is None for _ in range(20) if not now.__setitem__(0, now[0] + 1.0))
    assert SlowWatch(1000, 0).add(1) is None  # 0 s: off


def test_a_shared_bucket_cuts_each_readers_piece():
    bucket = TokenBucket(2 * MIB)
    assert bucket.read_size(1 << 18) == 2 * MIB // 8
    with bucket.reader(), bucket.reader(), bucket.reader():
        # three connections under one limit owe at most an eighth of a second together, not each
        assert bucket.read_size(1 << 18) == 2 * MIB // 24
    assert bucket.readers == 0 and bucket.read_size(1 << 18) == 2 * MIB // 8
    with bucket.reader():
        assert TokenBucket(0).read_size(1 << 18) == 1 << 18  # unlimited: full pieces
        assert TokenBucket(100_000).read_size(1 << 18) == 16384  # never below 16 KiB


def test_per_download_limit_holds_and_changes_while_running(tmp_path, nginx):
    data = os.urandom(8 * MIB)
    (nginx.root / "limited.bin").write_bytes(data)

    async def body(engine, base, folder, server):
        (t,) = engine.add([(f"{nginx.base}/limited.bin", sha256(data))], folder)
        engine.set_transfer_limit(t, MIB)
        first = await rate_over(t, 0.5, 2.0)
        limited = engine.details(t)
        engine.set_transfer_limit(t, 3 * MIB)
        second = await rate_over(t, 0.3, 1.0)
        engine.set_transfer_limit(t, 0)
        await engine.run_all()
        return t, first, second, limited

    t, first, second, limited = run_plain(lambda: with_engine(tmp_path, body, split=1))
    assert 0.85 * MIB <= first <= 1.15 * MIB, first
    assert 2.5 * MIB <= second <= 3.45 * MIB, second
    assert limited.limited and limited.speed_limit == MIB
    assert "Speed limit reached." in limited.findings
    assert t.item.state == "done" and Path(t.item.path).read_bytes() == data


def test_global_limit_is_shared_by_segmented_downloads(tmp_path, nginx):
    data = [os.urandom(6 * MIB) for _ in range(2)]
    for i, blob in enumerate(data):
        (nginx.root / f"g{i}.bin").write_bytes(blob)

    async def body(engine, base, folder, server):
        engine.set_speed_limit(2 * MIB)
        transfers = engine.add([(f"{nginx.base}/g{i}.bin", sha256(blob)) for i, blob in enumerate(data)], folder)
        while sum(t.item.bytes_done for t in transfers) < MIB:  # measure the steady state, not the start-up
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        b0, t0 = sum(t.item.bytes_done for t in transfers), time.monotonic()
        await asyncio.sleep(3.0)
        rate = (sum(t.item.bytes_done for t in transfers) - b0) / (time.monotonic() - t0)
        engine.set_speed_limit(0)
        await engine.run_all()
        return transfers, rate

    transfers, rate = run_plain(lambda: with_engine(tmp_path, body, split=3, min_segment=256 * 1024))
    assert 0.85 * 2 * MIB <= rate <= 1.15 * 2 * MIB, rate
    assert all(t.item.state == "done" for t in transfers)


def test_queue_order_moves_and_priorities_decide_what_starts_next(tmp_path):
    async def body(engine, base, folder, server):
        engine.set_concurrency(1)
        transfers = engine.add([(base + f"/file/q{i}.bin?size=1000&seed={i}", None) for i in range(6)], folder,
                               start=False)
        names = lambda: [t.item.url.split("/")[-1].split("?")[0] for t in engine.transfers]  # noqa: E731
        engine.move([transfers[3]], "top")
        engine.move([transfers[5]], "up")
        engine.move([transfers[0]], "bottom")
        engine.move([transfers[2]], "down")
        after_moves = names()
        engine.move_to([transfers[1], transfers[4]], 0)
        after_drag = names()
        reordered = []
        engine.order_listeners.append(lambda: reordered.append(True))
        engine.set_priority([transfers[2]], 1)
        started = []
        engine.runner.add_listener(lambda job: started.append(job.title.split("/")[-1].split("?")[0])
                                   if job.state.value == "running" else None)
        engine.resume_all()
        await engine.run_all()
        return after_moves, after_drag, started, reordered

    after_moves, after_drag, started, reordered = run_plain(lambda: with_engine(tmp_path, body))
    assert after_moves == ["q3.bin", "q1.bin", "q5.bin", "q2.bin", "q4.bin", "q0.bin"]
    assert after_drag == ["q1.bin", "q4.bin", "q3.bin", "q5.bin", "q2.bin", "q0.bin"]
    assert reordered == []  # a priority changes what starts next, not the list
    assert started == ["q2.bin", "q1.bin", "q4.bin", "q3.bin", "q5.bin", "q0.bin"]  # high priority first, then the list


def test_a_priority_or_a_move_made_while_every_slot_is_busy_decides_what_starts_next(tmp_path):
    """The scheduler picks the next item when a slot frees, not before it waits for one."""
    async def body(engine, base, folder, server):
        engine.set_concurrency(1)
        transfers = engine.add([(base + f"/slow?size=400000&delay=0.05&seed={i}", None) for i in range(4)], folder)
        while transfers[0].item.state != "running":
            await asyncio.sleep(0.01)
        engine.set_priority([transfers[3]], 1)  # the last one next …
        engine.move_to([transfers[2]], 1)  # … then the third, dragged above the second
        await engine.run_all()
        return sorted(range(4), key=lambda i: transfers[i].job.started)

    assert run_plain(lambda: with_engine(tmp_path, body)) == [0, 3, 2, 1]


def test_pause_all_resume_all_and_the_queue_end_event(tmp_path):
    async def body(engine, base, folder, server):
        ends = []
        engine.queue_end_listeners.append(ends.append)
        transfers = engine.add([(base + f"/slow?size=2000000&delay=0.02&seed={i}", None) for i in range(3)], folder)
        await asyncio.sleep(0.2)
        engine.pause_all()
        await engine.wait_idle()
        paused = [t.item.state for t in transfers]
        ends_while_paused = list(ends)
        engine.resume_all()
        await engine.run_all()
        await asyncio.sleep(0)
        return paused, ends_while_paused, ends, [t.item.state for t in transfers]

    paused, ends_while_paused, ends, states = run_plain(lambda: with_engine(tmp_path, body))
    assert paused == ["paused"] * 3 and states == ["done"] * 3
    assert ends_while_paused == [] and len(ends) == 1 and ends[0]["states"] == {"done": 3}


def test_schedule_windows_and_their_next_change():
    weekdays = Schedule(dt.time(9), dt.time(17), frozenset(range(5)))
    monday = dt.datetime(2026, 11, 23, 8, 59)
    assert not weekdays.is_open(monday)
    assert weekdays.next_change(monday) == dt.datetime(2026, 11, 23, 9, 0)
    assert weekdays.is_open(monday.replace(hour=12))
    assert weekdays.next_change(monday.replace(hour=12)) == dt.datetime(2026, 11, 23, 17, 0)
    friday_evening = dt.datetime(2026, 11, 27, 18, 0)
    assert weekdays.next_change(friday_evening) == dt.datetime(2026, 11, 30, 9, 0)  # Monday
    night = Schedule(dt.time(22), dt.time(6), frozenset({5}))  # Saturday night into Sunday
    assert night.is_open(dt.datetime(2026, 11, 28, 23, 0)) and night.is_open(dt.datetime(2026, 11, 29, 5, 0))
    assert not night.is_open(dt.datetime(2026, 11, 29, 23, 0))
    with pytest.raises(UserError):
        Schedule(dt.time(9), dt.time(9))
    with pytest.raises(UserError):
        Schedule(dt.time(9), dt.time(10), frozenset())


def test_schedule_starts_and_pauses_the_queue_on_a_fake_clock(tmp_path):
    async def body(engine, base, folder, server):
        clock = FakeClock(dt.datetime(2026, 11, 23, 8, 59, 0))  # a Monday, a minute before the window
        schedule = QueueSchedule(engine, Schedule(dt.time(9), dt.time(9, 5), frozenset(range(5))), clock)
        schedule.start()
        transfers = engine.add([(base + f"/slow?size=3000000&delay=0.02&seed={i}", None) for i in range(2)], folder)
        await asyncio.sleep(0.3)
        before = [(t.item.state, t.item.bytes_done) for t in transfers]
        clock.advance(minutes=1, seconds=1)  # 09:00:01: the window opens
        for _ in range(100):
            await asyncio.sleep(0.02)
            if all(t.item.bytes_done > 0 for t in transfers):
                break
        during = [t.item.state for t in transfers]
        clock.advance(minutes=5)  # 09:05:01: it closes
        for _ in range(100):
            await asyncio.sleep(0.02)
            if all(t.item.state == "paused" for t in transfers):
                break
        after = [t.item.state for t in transfers]
        held_bytes = [t.item.bytes_done for t in transfers]
        clock.advance(days=1)  # Tuesday 09:05:01: outside
        await asyncio.sleep(0.2)
        clock.advance(hours=23, minutes=55)  # Wednesday 09:00:01: open again, the paused ones go on
        while engine.held:
            await asyncio.sleep(0.01)
        await engine.run_all()
        schedule.stop()
        return before, during, after, held_bytes, [t.item.state for t in transfers]

    before, during, after, held, final = run_plain(lambda: with_engine(tmp_path, body))
    assert before == [("queued", 0), ("queued", 0)]
    assert during == ["running", "running"]
    assert after == ["paused", "paused"] and all(b > 0 for b in held)
    assert final == ["done", "done"]


@pytest.mark.parametrize("kind", ["tinyproxy", "microsocks"])
def test_http_and_socks5_proxies_carry_the_transfer(tmp_path, nginx, kind):
    from tributary.workers.downloads.proxy import make_session

    data = os.urandom(3 * MIB)
    (nginx.root / f"via-{kind}.bin").write_bytes(data)
    with ProxyProcess(kind, tmp_path, "alice", "s3cret") as proxy:
        async def body(engine, base, folder, server):
            session = make_session(proxy.url)
            bad = make_session(proxy.url.replace("s3cret", "wrong"))

            async def factory():
                return session

            engine.session_factory = factory
            try:
                (good,) = engine.add([(f"{nginx.base}/via-{kind}.bin", sha256(data))], folder)
                await engine.run_all()

                async def bad_factory():
                    return bad

                engine.session_factory = bad_factory
                # another folder: in the same one the URL is already there (done, not fetched again)
                (refused,) = engine.add([(f"{nginx.base}/via-{kind}.bin", None)], Path(folder) / "again")
                await engine.run_all()
                return good, refused
            finally:
                await session.close()
                await bad.close()

        good, refused = run_plain(lambda: with_engine(tmp_path, body, split=2, min_segment=256 * 1024, retries=0))
        log = proxy.log()
    assert good.item.state == "done", good.item.error
    assert Path(good.item.path).read_bytes() == data
    assert f"127.0.0.1:{nginx.port}" in log  # the proxy made the connections
    assert refused.item.state == "failed"  # wrong credentials: the proxy said no


def test_proxy_addresses_are_checked():
    from tributary.workers.downloads.proxy import check_proxy

    assert check_proxy(None) is None and check_proxy("  ") is None
    assert check_proxy("127.0.0.1:3128") == "http://127.0.0.1:3128"
    assert check_proxy("socks5://u:p@127.0.0.1:1080") == "socks5://u:p@127.0.0.1:1080"
    for bad in ("ftp://h:21", "socks5://hostonly", "http://[::1", "http://h:notaport"):
        with pytest.raises(UserError):
            check_proxy(bad)


def test_cli_flags_are_checked_before_anything_runs(tmp_path):
    for flags, words in ((["--split", "17"], "--split must be"), (["--split", "x"], "--split must be"),
                         (["--limit", "fast"], "--limit must be"), (["--proxy", "ftp://h:1"], "proxy")):
        out = run_cli("download", "http://127.0.0.1:9/x", "-d", str(tmp_path), *flags)
        assert out.returncode == 2 and words in out.stderr, (flags, out.stderr)


def test_cli_split_limit_and_proxy_on_a_real_transfer(tmp_path, nginx):
    data = os.urandom(4 * MIB)
    (nginx.root / "cli-seg.bin").write_bytes(data)
    with ProxyProcess("microsocks", tmp_path, "u", "p") as proxy:
        t0 = time.monotonic()
        out = run_cli("download", f"{nginx.base}/cli-seg.bin", "-d", str(tmp_path), "--split", "4", "--limit", "2M",
                      "--proxy", proxy.url, "--journal", str(tmp_path / "j.sqlite3"), "--json")
        took = time.monotonic() - t0
        log = proxy.log()
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "cli-seg.bin").read_bytes() == data and sha256(data) in out.stdout
    assert took >= 1.6  # 4 MiB at 2 MiB/s (less the burst allowance), whatever the connections
    assert log.count("connected to") >= 2  # several connections, all through the proxy


def test_cli_live_display_on_a_terminal_and_plain_lines_elsewhere(tmp_path, nginx):
    data = os.urandom(2 * MIB)
    (nginx.root / "tty.bin").write_bytes(data)
    args = [sys.executable, "-m", "tributary.gui", "download", f"{nginx.base}/tty.bin", "-d", str(tmp_path),
            "--limit", "1M", "--journal", str(tmp_path / "j.sqlite3")]
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    proc.wait(30)
    os.close(master)
    text = screen.decode(errors="replace")
    assert proc.returncode == 0
    assert "\x1b[" in text and "ETA" in text and "/s" in text and "tty.bin" in text
    assert text.count("ETA") <= 10 * 3 + 5  # at most 10 redraws a second over ~2 s
    (tmp_path / "tty.bin").unlink()
    plain = run_cli("download", f"{nginx.base}/tty.bin", "-d", str(tmp_path), "--journal", str(tmp_path / "k.sqlite3"))
    assert plain.returncode == 0 and "\x1b[" not in plain.stdout + plain.stderr and "ETA" not in plain.stderr
    assert plain.stdout.strip().endswith(str(tmp_path / "tty.bin"))


def test_progress_display_renders_files_rates_and_eta():
    class FakeErr:
        def __init__(self):
            self.text = ""

        def write(self, s):
            self.text += s

        def flush(self):
            pass

        def isatty(self):
            return True

    from tributary.workers.downloads.engine import Transfer
    from tributary.workers.downloads.journal import Item

    class Engine:
        transfers = [Transfer(Item(url="http://h/a.bin", folder="/tmp", name="a.bin", state="running",
                                   bytes_done=MIB, total=4 * MIB)),
                     Transfer(Item(url="http://h/b.bin", folder="/tmp", name="b.bin", state="done",
                                   bytes_done=MIB, total=MIB))]

    err = FakeErr()
    display = ProgressDisplay(Engine(), err=err, out=err)
    display.tick()
    display.tick()  # within 0.1 s: not redrawn
    assert display.redraws == 1
    assert "1/2 files" in err.text and "a.bin" in err.text and "ETA" in err.text and "40.0%" in err.text
    display.line("http://h/b.bin → /tmp/b.bin")
    assert "\x1b[2F\x1b[J" in err.text  # the live block is erased before the line
