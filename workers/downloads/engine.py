"""Concurrent, resumable, safe downloads on the running asyncio loop (aiohttp).

* **Bounded**: a batch of 10,000 URLs makes 10,000 cheap queued rows but at most ``concurrency`` tasks;
  the global limit can change while the batch runs, and a per-host limit sits under it.
* **Safe files**: bytes go to ``NAME.part`` opened with ``O_NOFOLLOW`` (``O_EXCL`` when new); on
  completion the length and any expected SHA-256 are checked, the data is flushed, and the file is
  linked into place with ``os.link`` — which never overwrites — then the ``.part`` is removed.
* **Resume**: ``Range`` + ``If-Range`` (ETag, else Last-Modified); a 206 must carry a matching
  ``Content-Range``; a 200 (range ignored or validator changed) restarts from zero; an HTML page is never
  appended to a binary file.
* **Retries**: connection errors, resets, 5xx and 429 back off exponentially with jitter and honour
  ``Retry-After``; other statuses fail the item at once with the server's words.
* **Shared journal**: a URL is claimed in the journal before it starts (:meth:`Journal.claim`): one
  already finished in that folder comes back done ("already there"); one another live Tributary
  process is downloading is watched until that process is done with it; the same URL twice is one
  transfer. One bad row (an invalid URL, a folder that cannot be used) fails alone.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import logging
import os
import random
import re
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..jobs import QT_TRANSLATE_NOOP, Cancelled, Job, JobState, Message, UserError, describe_error
from ..lazy import lazy
from .journal import ACTIVE, Claim, Item, Journal
from .naming import NameReserver, UnsafePath, choose_name

aiohttp = lazy("aiohttp", __name__, "aiohttp")  # imported on first use, not at start-up

log = logging.getLogger("tributary.downloads")
CHUNK = 1 << 18
SAVE_EVERY = 2.0
WATCH_EVERY = 0.5  # seconds between looks at rows another process is downloading
ALREADY_THERE = Message(QT_TRANSLATE_NOOP("Engine", "already there"))
_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
_SHA = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass
class Settings:
    concurrency: int = 8
    per_host: int = 8
    retries: int = 5
    connect_timeout: float = 15.0
    read_timeout: float = 30.0
    backoff: float = 0.5
    max_backoff: float = 30.0
    deadline: float | None = None
    manifest: bool = False
    decompress_gz: bool = False


class Retryable(Exception):
    """A failure worth another try (a connection problem, 5xx, 429); ``message`` says what happened."""

    def __init__(self, template: str, /, retry_after: float | None = None, **values) -> None:
        self.message = Message(template, **values)
        super().__init__(str(self.message))
        self.retry_after = retry_after


class Restart(Exception):
    """The server's answer means the .part cannot be continued: start this item from zero."""


def parse_lines(text: str) -> list[tuple[str, str | None]]:
    """URLs, one per line, each optionally followed by an expected SHA-256 (CSV or whitespace)."""
    out = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        fields = [f.strip().strip('"') for f in re.split(r"[,\s;]+", line) if f.strip()]
        url, sha = fields[0], None
        if len(fields) > 1 and _SHA.match(fields[1]):
            sha = fields[1].lower()
        out.append((url, sha))
    return out


def check_url(url: str) -> None:
    """Refuse, with a message for people, anything that is not a well-formed http or https URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it (a port past 65535, or not a number)
        host = parts.hostname
    except ValueError as exc:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{url!r} is not a valid URL ({reason})."), url=url, reason=str(exc)) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Only http and https URLs can be downloaded, not {url!r}."), url=url)
    if not host or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{url!r} is not a valid URL ({reason})."), url=url,
                        reason=Message(QT_TRANSLATE_NOOP("Engine", "no host, or a space or control character in it")))


def check_folder(folder: str | os.PathLike | None) -> Path:
    """The absolute folder downloads go to, created if missing; a :class:`UserError` if it cannot be."""
    text = str(folder).strip() if folder is not None else ""
    if not text:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Choose a folder to save the downloads in."), field="folder")
    path = Path(os.path.abspath(Path(text).expanduser()))
    if os.path.lexists(path) and not path.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{folder} is not a folder."), field="folder", folder=str(path))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot create the folder {folder}: {reason}."), field="folder",
                        folder=str(path), reason=exc.strerror or str(exc)) from exc
    return path


def distinct(entries: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The entries with each URL once (the first place it appears; a checksum given anywhere is kept)."""
    seen: dict[str, str | None] = {}
    for url, sha in entries:
        if url not in seen or (seen[url] is None and sha):
            seen[url] = sha
    return list(seen.items())


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Limiter:
    """A counting limit that can grow or shrink while tasks hold it; release is synchronous."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.active = 0
        self._waiters: deque[asyncio.Future] = deque()

    async def acquire(self) -> None:
        while self.active >= self.limit:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
            finally:
                if fut in self._waiters:
                    self._waiters.remove(fut)
        self.active += 1

    def release(self) -> None:
        self.active -= 1
        self._wake()

    def set_limit(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._wake()

    def _wake(self) -> None:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(None)


class Transfer:
    """An item plus what a view needs that the journal does not keep: its job, speed, a version."""

    def __init__(self, item: Item, *, owned: bool = True) -> None:
        self.item = item
        self.owned = owned  # this engine's journal holds the row (False: another live process does)
        self.holder: int | None = None  # that other process's pid
        self.note: Message | None = None  # e.g. "already there": done before this run asked for it
        self.removed = False
        self.job: Job | None = None
        self.speed = 0.0  # bytes/s, smoothed
        self.version = 0
        self.pause_requested = False
        self.holds_slot = False
        self.deadline_message: str | None = None
        self._last_bytes = item.bytes_done
        self._last_time = time.monotonic()

    def touch(self) -> None:
        self.version += 1

    def sample_speed(self) -> None:
        now = time.monotonic()
        dt = now - self._last_time
        if dt >= 0.25:
            rate = (self.item.bytes_done - self._last_bytes) / dt
            self.speed = rate if self.speed == 0 else 0.7 * self.speed + 0.3 * rate
            self._last_bytes, self._last_time = self.item.bytes_done, now

    @property
    def eta(self) -> float | None:
        total = self.item.total
        if not total or self.speed <= 0 or self.item.state != "running":
            return None
        return max(0.0, (total - self.item.bytes_done) / self.speed)


class DownloadEngine:
    """Owns the transfers of this app (or CLI run) and the scheduler that starts them."""

    def __init__(self, runner, journal: Journal, session_factory, settings: Settings | None = None) -> None:
        self.runner = runner
        self.journal = journal
        self.session_factory = session_factory
        self.settings = settings or Settings()
        self.reserver = NameReserver()
        self.transfers: list[Transfer] = []
        self._queue: deque[Transfer] = deque()
        self._limit: Limiter | None = None
        self._hosts: dict[str, Limiter] = {}
        self._scheduler: asyncio.Task | None = None
        self._wakeup: asyncio.Event | None = None
        self._waiting: list[Transfer] = []  # rows another live process is downloading, watched
        self._watcher: asyncio.Task | None = None
        self.listeners: list = []  # called on the loop with a list of transfers added or removed
        self.deadline_hit = False
        self._disk = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tributary-disk")
        # journal writes (~0.1 ms each) leave the loop; one thread keeps them in order
        self._journal_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tributary-journal")
        self._by_job: dict[int, Transfer] = {}
        runner.add_listener(self._on_job)

    def _on_job(self, job: Job) -> None:
        """Whatever way a download job ended (even before its body ran), settle its slot and row."""
        t = self._by_job.get(job.id)
        if t is None or not job.state.finished:
            return
        del self._by_job[job.id]
        if t.holds_slot:
            t.holds_slot = False
            self._limit.release()
        if t.item.state in ("queued", "running"):
            t.item.state = "paused" if t.pause_requested else "cancelled"
            t.item.error = t.deadline_message
            self._save(t.item)
        t.speed = 0.0
        t.touch()
        if t.removed:
            self._delete_partial([t])

    # -- adding ------------------------------------------------------------------------------------
    def add(self, entries: list[tuple[str, str | None]], folder: str | os.PathLike, *, start: bool = True) -> list[Transfer]:
        """Queue ``entries`` (``(url, sha256 or None)``) for ``folder``: one transfer per distinct URL, in order.

        A URL this engine has already is the same transfer (started again if it stopped); one finished
        in that folder before comes back done, its ``note`` "already there"; an unfinished row nobody
        holds is adopted and resumed; one another live process is downloading waits for it. A bad URL
        fails its own row. Raises :class:`UserError` for a folder that cannot be used.
        """
        folder = str(check_folder(folder))
        wanted = distinct(entries)
        mine = {t.item.url: t for t in self.transfers if t.item.folder == folder}
        todo = [(url, sha) for url, sha in wanted if url not in mine]
        claims = self.journal.claim(todo, folder, state="queued" if start else "paused") if todo else []
        fresh = self._track([Transfer(c.item, owned=c.claimed) for c in claims])
        by_url = {t.item.url: t for t in fresh}
        for t, claim in zip(fresh, claims):
            self._begin(t, claim, start)
        for url, _ in wanted:
            t = mine.get(url)
            if t is not None and start and t.item.state not in ("done", *ACTIVE):
                self.resume(t)
        return [by_url.get(url) or mine[url] for url, _ in wanted]

    def _begin(self, t: Transfer, claim: Claim, start: bool) -> None:
        """Set a claimed transfer going (or waiting, or failed) according to what the journal said."""
        item = t.item
        t.holder = claim.holder
        if claim.kind == "done" or item.state == "done":
            t.note = ALREADY_THERE
            t.touch()
            return
        if claim.kind == "busy":
            item.state = "queued"  # shown as waiting; never written (the row is another process's)
            item.error = Message(QT_TRANSLATE_NOOP("Engine", "Waiting: Tributary process {pid} is downloading this into the same folder."), pid=claim.holder)
            self._watch(t)
            return
        if claim.kind == "held":
            item.error = Message(QT_TRANSLATE_NOOP("Engine", "Tributary process {pid} holds this download ({state} there); resume it there, or close that process and try again."),
                                 pid=claim.holder, state=item.state)
            item.state = "failed"
            t.touch()
            return
        try:
            check_url(item.url)
        except UserError as exc:
            self._fail_now(t, exc.message)
            return
        if start:
            item.error = None
            self._enqueue(t)
        elif item.state in ACTIVE:
            item.state = "paused"
            self._save(item)

    def restore(self) -> list[Transfer]:
        """Show what a previous run left unfinished (paused; nothing starts by itself): every unfinished
        row no live process holds. Rows another live process holds stay with it, unseen."""
        return self._track([Transfer(item) for item in self.journal.recover()])

    # -- rows another process is downloading -------------------------------------------------------
    def _watch(self, t: Transfer) -> None:
        if t not in self._waiting:
            self._waiting.append(t)
        t.touch()
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.get_running_loop().create_task(self._watch_rows(), name="download-watcher")

    async def _watch_rows(self) -> None:
        """Every half second, ask the journal again for the rows another process is downloading: once
        that process has finished with one (or died), this engine takes the row over or reports it done."""
        while self._waiting:
            await asyncio.sleep(WATCH_EVERY)
            waiting = [t for t in self._waiting if t.item.state in ACTIVE]
            self._waiting = []
            by_folder: dict[str, list[Transfer]] = {}
            for t in waiting:
                by_folder.setdefault(t.item.folder, []).append(t)
            for folder, group in by_folder.items():
                try:
                    claims = self.journal.claim([(t.item.url, t.item.expected_sha256) for t in group], folder)
                except Exception as exc:  # the journal went away (shutdown) or broke: fail these rows
                    for t in group:
                        self._fail_now(t, describe_error(exc))
                    continue
                for t, claim in zip(group, claims):
                    if claim.kind == "busy" or t.item.state not in ACTIVE:  # still theirs, or stopped meanwhile
                        if t.item.state in ACTIVE:
                            self._waiting.append(t)
                        continue
                    t.item, t.owned = claim.item, claim.claimed
                    self._begin(t, claim, start=True)

    def _track(self, transfers: list[Transfer]) -> list[Transfer]:
        self.transfers.extend(transfers)
        for listener in list(self.listeners):
            listener(transfers)  # one call per batch: a view inserts all the rows at once
        return transfers

    def _fail_now(self, t: Transfer, message: str) -> None:
        t.item.state, t.item.error = "failed", message
        self._save(t.item)
        t.touch()
        log.warning("%s: %s", t.item.url, message)

    # -- actions (GUI buttons, CLI) ----------------------------------------------------------------
    def resume(self, t: Transfer) -> None:
        if t.item.state in ("paused", "failed", "cancelled", "queued") and (t.job is None or t.job.state.finished):
            if not t.owned:  # another process's row: look at it again rather than touch it
                t.item.state = "queued"
                self._watch(t)
                return
            t.item.error = None
            self._enqueue(t)

    retry = resume

    def pause(self, t: Transfer) -> None:
        self._stop(t, pause=True)

    def cancel(self, t: Transfer) -> None:
        self._stop(t, pause=False)

    def pause_all(self) -> None:
        """Pause every queued or running transfer (the app or the command is closing: the next start
        resumes them from their ``.part``)."""
        for t in self.transfers:
            self.pause(t)

    def _stop(self, t: Transfer, *, pause: bool) -> None:
        if t.item.state not in ("queued", "running"):
            return
        if t in self._waiting:
            self._waiting.remove(t)
        t.pause_requested = pause
        if t.job is not None and not t.job.state.finished:
            self.runner.cancel(t.job)
        if t.item.state == "queued":
            t.item.state = "paused" if pause else "cancelled"
            self._save(t.item)
            t.touch()

    def remove(self, transfers: Transfer | list[Transfer], *, delete_partial: bool = True) -> None:
        """Forget ``transfers`` (one, or a list: the journal deletes them in one transaction and listeners
        hear of them once); running ones are cancelled, and their ``.part`` files deleted once stopped."""
        batch = [transfers] if isinstance(transfers, Transfer) else list(transfers)
        gone = {id(t) for t in batch}
        batch = [t for t in self.transfers if id(t) in gone]
        if not batch:
            return
        idle = []
        for t in batch:
            self.cancel(t)
            t.removed = delete_partial
            if t in self._waiting:
                self._waiting.remove(t)
            if t.job is None or t.job.state.finished:
                idle.append(t)
            if t.item.path:
                self.reserver.release(Path(t.item.path))
        if delete_partial:
            self._delete_partial(idle)
        ids = [t.item.id for t in batch if t.owned and t.item.id is not None]
        self._journal_writer.submit(self.journal.remove, ids)
        self.transfers[:] = [t for t in self.transfers if id(t) not in gone]
        for listener in list(self.listeners):
            listener(batch)

    def _delete_partial(self, transfers: list[Transfer]) -> None:
        """Delete the ``.part`` files of removed transfers that hold them, on a disk thread."""
        parts = [Path(t.item.path + ".part") for t in transfers
                 if t.owned and t.item.path and t.item.state != "done"]
        if parts:
            self._disk.submit(_unlink_all, parts)

    def set_concurrency(self, n: int) -> None:
        self.settings.concurrency = max(1, min(64, n))
        if self._limit is not None:
            self._limit.set_limit(self.settings.concurrency)

    # -- scheduling --------------------------------------------------------------------------------
    def _enqueue(self, t: Transfer) -> None:
        t.pause_requested = False
        if t.item.state != "queued" or t.job is not None:  # a fresh row is stored as queued already
            t.item.state = "queued"
            self._save(t.item)
        t.job = self.runner.queue("download", t.item.url)
        self._by_job[t.job.id] = t
        t.touch()
        self._queue.append(t)
        self._ensure_scheduler()

    def _ensure_scheduler(self) -> None:
        if self._limit is None:
            self._limit = Limiter(self.settings.concurrency)
            self._wakeup = asyncio.Event()
        self._wakeup.set()
        if self._scheduler is None or self._scheduler.done():
            self._scheduler = asyncio.get_running_loop().create_task(self._schedule(), name="download-scheduler")

    async def _schedule(self) -> None:
        while self._queue:
            t = self._queue.popleft()
            if t.job is None or t.job.cancelled or t.item.state != "queued":
                if t.job is not None:
                    self.runner.finish_unstarted(t.job)
                continue
            await self._limit.acquire()
            t.holds_slot = True
            if t.job.cancelled:
                self.runner.finish_unstarted(t.job)
                continue
            try:
                self.runner.start_coroutine("download", t.item.url, lambda job, t=t: self._run(job, t), job=t.job)
            except Exception as exc:  # one row that cannot start fails alone; the scheduler goes on
                log.exception("%s: could not start", t.item.url)
                t.item.state, t.item.error = "failed", describe_error(exc)
                self._save(t.item)
                self.runner.finish_unstarted(t.job, JobState.FAILED, t.item.error)

    async def wait_idle(self) -> None:
        """Until nothing is queued, running or waiting for another process."""
        while True:
            if self._scheduler is not None and not self._scheduler.done():
                await asyncio.wait([self._scheduler])
                continue
            running = [t.job for t in self.transfers if t.job is not None and not t.job.state.finished]
            for job in running:
                await self.runner.wait(job)
            if running:
                continue
            if self._watcher is not None and not self._watcher.done():
                await asyncio.wait([self._watcher])
                continue
            if not self._queue:
                return

    async def run_all(self) -> None:
        """Wait for the queue to drain, within the batch deadline if there is one."""
        if self.settings.deadline is None:
            await self.wait_idle()
            return
        try:
            await asyncio.wait_for(self.wait_idle(), self.settings.deadline)
        except TimeoutError:
            self.deadline_hit = True
            message = Message(QT_TRANSLATE_NOOP("Engine", "The batch deadline of {seconds:g} s passed before this item finished."), seconds=self.settings.deadline)
            for t in self.transfers:
                if t.item.state in ("queued", "running"):
                    t.deadline_message = message
                    self.cancel(t)
            await self.wait_idle()

    # -- one item ----------------------------------------------------------------------------------
    async def _run(self, job: Job, t: Transfer) -> dict:
        item = t.item
        try:
            check_url(item.url)
            host = urlsplit(item.url).netloc.lower()
            per_host = self._hosts.setdefault(host, Limiter(self.settings.per_host))
            per_host.set_limit(self.settings.per_host)
            job.check()
            await per_host.acquire()
            try:
                item.state, item.error = "running", None
                t.touch()
                result = await self._with_retries(job, t)
                item.state = "done"
                return result
            finally:
                per_host.release()
        except (asyncio.CancelledError, Cancelled):
            item.state = "paused" if t.pause_requested else "cancelled"
            item.error = t.deadline_message
            raise
        except Exception as exc:
            item.state = "failed"
            item.error = describe_error(exc)
            raise
        finally:
            t.speed = 0.0
            t.touch()
            self._save(item)
            if item.state == "done" and self.settings.manifest:
                self._append_manifest(item)

    async def _with_retries(self, job: Job, t: Transfer) -> dict:
        attempt = 0
        while True:
            try:
                return await self._attempt(job, t)
            except Restart as why:
                log.info("%s: restarting from zero (%s)", t.item.url, why)
                self._discard_partial(t)
            except Retryable as exc:
                attempt += 1
                if attempt > self.settings.retries:
                    raise UserError(QT_TRANSLATE_NOOP("Engine", "{error} (gave up after {retries} retries)"), error=exc.message, retries=self.settings.retries) from exc
                delay = exc.retry_after
                if delay is None:
                    delay = min(self.settings.max_backoff, self.settings.backoff * 2 ** (attempt - 1))
                    delay *= 0.5 + random.random()
                delay = min(delay, self.settings.max_backoff)
                t.item.error = Message(QT_TRANSLATE_NOOP("Engine", "{error}; retry {attempt} of {retries} in {delay:.1f} s"), error=exc.message, attempt=attempt, retries=self.settings.retries, delay=delay)
                t.touch()
                log.info("%s: %s", t.item.url, t.item.error)
                await asyncio.sleep(delay)

    def _discard_partial(self, t: Transfer) -> None:
        item = t.item
        if item.path:
            Path(item.path + ".part").unlink(missing_ok=True)
        item.bytes_done, item.etag, item.last_modified, item.total = 0, None, None, None

    async def _attempt(self, job: Job, t: Transfer) -> dict:
        item = t.item
        session = await self.session_factory()
        part = Path(item.path + ".part") if item.path else None
        have = 0
        headers = {}
        if part is not None and os.path.lexists(part):
            st = os.lstat(part)
            if not os.path.isfile(part) or os.path.islink(part):
                raise UserError(QT_TRANSLATE_NOOP("Engine", "Refusing to resume: {path} is not a regular file."), path=part)
            have = st.st_size
            validator = item.etag or item.last_modified
            if have and validator:
                headers = {"Range": f"bytes={have}-", "If-Range": validator}
            elif have:
                raise Restart("no ETag or Last-Modified to resume against")
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.settings.connect_timeout,
                                        sock_read=self.settings.read_timeout)
        try:
            async with session.get(item.url, headers=headers, timeout=timeout, max_redirects=10,
                                   auto_decompress=False) as resp:
                return await self._receive(job, t, resp, have)
        except aiohttp.NonHttpUrlRedirectClientError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Refused a redirect to a non-http URL ({error})."), error=exc) from exc
        except aiohttp.TooManyRedirects as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Too many redirects (more than 10).")) from exc
        except (TimeoutError, aiohttp.ClientPayloadError, aiohttp.ClientConnectionError) as exc:
            raise Retryable(QT_TRANSLATE_NOOP("Engine", "connection problem: {error}"), error=f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc

    async def _receive(self, job: Job, t: Transfer, resp: aiohttp.ClientResponse, have: int) -> dict:
        item = t.item
        if resp.status == 429 or resp.status >= 500:
            raise Retryable(QT_TRANSLATE_NOOP("Engine", "the server answered {status} {reason}"),
                            _retry_after(resp.headers.get("Retry-After")), status=resp.status, reason=resp.reason)
        if resp.status not in (200, 206):
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The server answered {status} {reason}."), status=resp.status, reason=resp.reason)
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        length = resp.content_length
        if resp.status == 206:
            m = _RANGE.match(resp.headers.get("Content-Range", ""))
            if not have or not m or int(m.group(1)) != have or \
                    (item.total and m.group(3) != "*" and int(m.group(3)) != item.total):
                raise Restart(f"206 with Content-Range {resp.headers.get('Content-Range')!r} does not continue byte {have}")
            total = int(m.group(3)) if m.group(3) != "*" else None
        else:
            if have and ctype == "text/html" and item.content_type and item.content_type != "text/html":
                raise UserError(QT_TRANSLATE_NOOP("Engine", "The server sent an HTML page instead of the rest of the file; the partial file was kept."))
            if have:
                log.info("%s: the server sent the whole file again (range ignored or file changed)", item.url)
                self._discard_partial(t)
                have = 0
            total = length
        if item.path is None:
            name = choose_name(item.url, resp.headers.get("Content-Disposition"))  # never the redirect target
            try:
                path = self.reserver.reserve(Path(item.folder), name)
            except UnsafePath as exc:
                raise UserError(QT_TRANSLATE_NOOP("Engine", "Unsafe file name from the server: {error}"), error=exc) from exc
            item.name, item.path = path.name, str(path)
        else:
            self.reserver.reserve(Path(item.folder), item.name, keep=Path(item.path))
        item.etag = resp.headers.get("ETag") or None
        item.last_modified = resp.headers.get("Last-Modified") or None
        item.content_type = ctype or item.content_type
        item.total = total
        item.bytes_done = have
        self._save(item)
        part = Path(item.path + ".part")
        if total is not None:
            self._check_space(Path(item.folder), total - have)
        writer = PartWriter(part, have)
        disk = self._disk
        loop = asyncio.get_running_loop()
        last_save = time.monotonic()
        pending: asyncio.Future | None = None  # one write in flight while the next chunk arrives
        ok = False
        try:
            async for chunk in resp.content.iter_chunked(CHUNK):
                if pending is not None:
                    await pending
                pending = loop.run_in_executor(disk, writer.write, chunk)
                item.bytes_done += len(chunk)
                t.touch()
                if job is not None:
                    job.report(item.bytes_done / total if total else None)
                now = time.monotonic()
                if now - last_save > SAVE_EVERY:
                    self._save(item)
                    last_save = now
            if pending is not None:
                await pending
                pending = None
            if total is not None and item.bytes_done != total:
                raise Retryable(QT_TRANSLATE_NOOP("Engine", "the connection closed after {done:,} of {total:,} bytes"), done=item.bytes_done, total=total)
            final = await loop.run_in_executor(disk, self._complete, writer, item, part)  # one hop
            sha = item.sha256
            ok = True
        finally:
            if pending is not None:
                await asyncio.wait([pending])
            if writer.fd is not None:
                await loop.run_in_executor(disk, writer.close)
            if not ok:
                self._save(item)  # the byte count a resume will check against the .part
        result = {"path": str(final), "bytes": item.bytes_done, "sha256": sha}
        if self.settings.decompress_gz and final.suffix == ".gz":
            result["decompressed"] = await loop.run_in_executor(disk, self._gunzip, final)
        return result

    def _check_space(self, folder: Path, needed: int) -> None:
        try:
            st = os.statvfs(folder)
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot use the folder {folder}: {reason}."), folder=folder, reason=exc.strerror) from exc
        free = st.f_bavail * st.f_frsize
        if needed > free:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Not enough free space in {folder}: {needed:,} bytes needed, {free:,} free."), folder=folder, needed=needed, free=free)

    def _complete(self, writer: PartWriter, item: Item, part: Path) -> Path:
        """On a disk thread: flush and close, check the SHA-256, link into place."""
        sha = writer.finish()
        if item.expected_sha256 and sha != item.expected_sha256.lower():
            part.unlink(missing_ok=True)
            item.bytes_done = 0
            raise UserError(QT_TRANSLATE_NOOP("Engine", "SHA-256 mismatch: expected {expected}, got {got}; the file was discarded."), expected=item.expected_sha256, got=sha)
        item.sha256 = sha
        return self._finalize(item, part)

    def _finalize(self, item: Item, part: Path) -> Path:
        """Link the .part to its final name without ever overwriting; pick a new name if it was taken."""
        final = Path(item.path)
        for _ in range(100):
            try:
                os.link(part, final)
                break
            except FileExistsError:
                self.reserver.release(final)
                final = self.reserver.reserve(final.parent, item.name)
                item.path, item.name = str(final), final.name
                new_part = Path(item.path + ".part")
                os.rename(part, new_part)
                part = new_part
        part.unlink()
        self.reserver.release(final)
        try:
            dir_fd = os.open(final.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass
        return final

    def _gunzip(self, path: Path) -> str:
        import gzip
        import shutil

        target = self.reserver.reserve(path.parent, path.name[:-3] or "download")
        try:
            with gzip.open(path, "rb") as src, open(target, "xb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except (OSError, EOFError) as exc:
            Path(target).unlink(missing_ok=True)
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Could not decompress {name}: {error}"), name=path.name, error=exc) from exc
        finally:
            self.reserver.release(target)
        return str(target)

    def _append_manifest(self, item: Item) -> None:
        manifest = Path(item.folder) / "SHA256SUMS"
        with open(manifest, "a", encoding="utf-8") as fh:
            fh.write(f"{item.sha256}  {item.name}\n")

    def _save(self, item: Item) -> None:
        """Write ``item``'s row soon, in order, off the event loop (the row holds its latest values)."""
        self._journal_writer.submit(self.journal.save, item)

    def flush(self) -> None:
        """Wait until every journal write asked for so far is on disk."""
        self._journal_writer.submit(lambda: None).result()

    def close(self) -> None:
        """Release the disk threads and flush the journal (after the runner has stopped every transfer)."""
        self._waiting.clear()
        if self._watcher is not None and not self._watcher.done():
            self._watcher.cancel()
        self._disk.shutdown(wait=True)
        self._journal_writer.shutdown(wait=True)

    def summary(self) -> dict:
        states: dict[str, int] = {}
        for t in self.transfers:
            states[t.item.state] = states.get(t.item.state, 0) + 1
        return {"items": len(self.transfers), "states": states,
                "bytes": sum(t.item.bytes_done for t in self.transfers if t.item.state == "done"),
                "deadline_hit": self.deadline_hit}


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not delete %s: %s", path, exc)


class PartWriter:
    """The disk side of one transfer, run on the engine's disk threads (never on the event loop):
    open the ``.part`` safely, append and hash, flush, report the SHA-256."""

    def __init__(self, part: Path, have: int) -> None:
        self.part = part
        self.have = have
        self.digest = hashlib.sha256()
        self.fd: int | None = None

    def open(self) -> None:
        part = self.part
        if self.have:
            with open(part, "rb") as fh:  # the bytes already on disk count towards the checksum
                while block := fh.read(1 << 20):
                    self.digest.update(block)
        elif os.path.lexists(part):  # our own earlier attempt, restarted from zero
            if os.path.islink(part) or not os.path.isfile(part):
                raise UserError(QT_TRANSLATE_NOOP("Engine", "Refusing to write: {path} is not a regular file."), path=part)
            part.unlink()
        flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        flags |= os.O_APPEND if self.have else (os.O_CREAT | os.O_EXCL)
        try:
            self.fd = os.open(part, flags, 0o644)
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}."), path=part, reason=exc.strerror) from exc

    def write(self, chunk: bytes) -> None:
        if self.fd is None:
            self.open()
        view = memoryview(chunk)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}; the partial file was kept."), path=self.part, reason=exc.strerror) from exc
        self.digest.update(chunk)

    def finish(self) -> str:
        if self.fd is None:  # an empty body
            self.open()
        os.fsync(self.fd)
        self.close()
        return self.digest.hexdigest()

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

