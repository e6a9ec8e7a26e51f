"""Run jobs on the running asyncio loop, whatever executes their body.

Three ways to run a body, one life cycle:

* :meth:`JobRunner.start_coroutine` — an ``async def body(job)`` on the loop (downloads);
* :meth:`JobRunner.start_thread` — a plain ``def body(job)`` on the thread executor the caller gave us
  (a ``QThreadPool``-backed executor in the GUI, a ``ThreadPoolExecutor`` in the command line);
* :meth:`JobRunner.start_chunks` — a list of chunks, each ``kernel(slot, *args)``, run with a bounded
  window in flight on the process pool, the thread executor or a Dask cluster (:attr:`JobRunner.cluster`,
  see :mod:`tributary.workers.cluster`), results handed back in order. A job body may also run several
  phases of chunks one after another with :meth:`JobRunner.run_chunks`.

A job's failure is caught, logged and stored on the job (``gather(return_exceptions=True)`` rule): one
job never stops another. A job's start and end are logged as :class:`~tributary.workers.jobs.Message` records
(English on the command line, the user's language in the window's log). Cancel is cooperative first (the job's token, the pool slot flag, task
cancellation) and forceful after ``grace`` seconds (the process pool is terminated and rebuilt).
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import logging
import operator
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import timeline
from .jobs import QT_TRANSLATE_NOOP, Cancelled, Job, JobState, Message, UserError, describe_error
from .pool import ProcessPool

EXECUTORS = ("processes", "threads", "cluster")

log = logging.getLogger("tributary.jobs")

_ID = operator.attrgetter("id")
Listener = Callable[[Job], None]
BatchListener = Callable[[list[Job]], None]


class JobRunner:
    """Starts, tracks, cancels and shuts down jobs. Lives on one event loop thread."""

    def __init__(self, threads: cf.Executor, pool: ProcessPool, *, grace: float = 0.25) -> None:
        self.threads = threads
        self.pool = pool
        self.grace = grace
        self.jobs: dict[int, Job] = {}
        self._tasks: dict[int, asyncio.Task] = {}
        self._listeners: list[Listener | BatchListener] = []
        self._batched: set = set()  # the listeners that take a list of jobs
        self._drains: set[asyncio.Task] = set()  # chunks of ended jobs, still returning
        self._closing = False
        self.cluster = None  # a tributary.workers.cluster.Cluster for executor="cluster" (closed with us)

    # -- observation ---------------------------------------------------------------------------
    def add_listener(self, listener: Listener, *, batch: bool = False) -> Callable[[], None]:
        """Call ``listener(job)`` on the loop thread whenever a job is added or changes state — or, with
        ``batch=True``, ``listener(jobs)`` once per event with every job it concerns (10,000 queued
        downloads added or stopped at once are one call, not 10,000).

        Returns a function that removes the listener again (as :meth:`remove_listener` does).
        """
        self._listeners.append(listener)
        if batch:
            self._batched.add(listener)
        return lambda: self.remove_listener(listener)

    def remove_listener(self, listener) -> None:
        """Stop calling ``listener``; removing one that is not there is not an error."""
        if listener in self._listeners:
            self._listeners.remove(listener)
            if listener not in self._listeners:
                self._batched.discard(listener)

    def _notify(self, job: Job) -> None:
        self._notify_many([job])

    def _notify_many(self, jobs: list[Job]) -> None:
        if not jobs:
            return
        for listener in list(self._listeners):
            for arg in ([jobs] if listener in self._batched else jobs):
                try:
                    listener(arg)
                except Exception:  # a broken view must not break the engine
                    log.exception("job listener failed")

    def active(self) -> list[Job]:
        return [j for j in self.jobs.values() if not j.state.finished]

    # -- starting ------------------------------------------------------------------------------
    def start_coroutine(self, kind: str, title: str, body: Callable[[Job], Awaitable[Any]], *,
                        job: Job | None = None) -> Job:
        """Run ``body(job)`` on the loop now; ``job`` may be one made earlier by :meth:`queue`."""
        job = job or Job(kind=kind, title=title, executor="coroutine")
        return self._launch(job, lambda: timeline.traced_coroutine(body(job), job.id, job.title), task_cancel=True)

    def queue(self, kind: str, title: str) -> Job:
        """A job that is shown as queued but has no task yet (a batch starts it when a slot frees)."""
        return self.queue_many([Job(kind=kind, title=title, executor="coroutine")])[0]

    def queue_many(self, jobs: list[Job]) -> list[Job]:
        """Show ``jobs`` (made with :meth:`queued_job`, on any thread) as queued, with one notification."""
        self.jobs.update(zip(map(_ID, jobs), jobs))
        self._notify_many(jobs)
        return jobs

    @staticmethod
    def queued_job(kind: str, title: str) -> Job:
        """A job for :meth:`queue_many` (plain data: it may be made off the loop thread)."""
        return Job(kind=kind, title=title, executor="coroutine")

    def finish_unstarted(self, job: Job, state: JobState = JobState.CANCELLED, error: str | None = None) -> None:
        """End a queued job that never ran (cancelled before its turn, or its batch stopped)."""
        self.finish_unstarted_many([job], state, error)

    def finish_unstarted_many(self, jobs: list[Job], state: JobState = JobState.CANCELLED,
                              error: str | None = None) -> None:
        """End queued jobs that never ran, all with one notification (a queue of 10,000 stopped at once).
        A job whose task was made already is left to its task (which ends it, seeing its cancel flag)."""
        ended = []
        for job in jobs:
            if not job.state.finished and job.id not in self._tasks:
                job.error = error
                job.set_state(state)
                ended.append(job)
        self._notify_many(ended)

    def start_thread(self, kind: str, title: str, body: Callable[[Job], Any]) -> Job:
        job = Job(kind=kind, title=title, executor="threads")

        async def run() -> Any:
            return await asyncio.wrap_future(self.threads.submit(timeline.traced_thread_body(body, job.id, title), job))

        return self._launch(job, run, task_cancel=False)

    def start_chunks(
        self,
        kind: str,
        title: str,
        kernel: Callable[..., Any],
        chunks: Iterable[tuple],
        on_result: Callable[[Job, int, Any], None],
        *,
        total: int,
        window: int,
        executor: str = "processes",
        finish: Callable[[Job], Any] | None = None,
        cleanup: Callable[[Job], Awaitable[None] | None] | None = None,
        prepare: Callable[[Job], Awaitable[None]] | None = None,
    ) -> Job:
        """Run ``kernel(slot, *chunk)`` for each chunk, at most ``window`` at once, in order.

        ``on_result(job, index, result)`` is called on the loop thread in chunk order (it may return an
        asyncio future: no further chunk is sent until that is done — backpressure); a kernel that
        saw its cancel flag returns ``None``. ``prepare(job)`` is awaited first (warm the pool, open
        files), ``finish(job)`` makes the job's result, ``cleanup(job)`` always runs at the end (a coroutine
        function is awaited: the job ends once it is done).
        """
        if executor not in EXECUTORS:
            raise ValueError(f"unknown executor {executor!r}")
        job = Job(kind=kind, title=title, executor=executor)

        async def run() -> Any:
            try:
                if prepare is not None:
                    await prepare(job)
                await self.run_chunks(job, kernel, chunks, on_result, total=total, window=window, executor=executor)
                return finish(job) if finish else None
            finally:
                if cleanup is not None:
                    done = cleanup(job)
                    if done is not None:  # a coroutine: work kept off the loop (releasing a large block)
                        await done

        return self._launch(job, run, task_cancel=False)

    def _launch(self, job: Job, make: Callable[[], Awaitable[Any]], *, task_cancel: bool) -> Job:
        if self._closing:
            raise RuntimeError("the runner is shutting down")
        if job.token.cancelled:  # cancelled while it waited in a queue
            self.finish_unstarted(job)
            return job
        self.jobs[job.id] = job
        task = asyncio.get_running_loop().create_task(self._drive(job, make), name=f"job-{job.id}")
        self._tasks[job.id] = task
        if task_cancel:
            job.token.on_cancel(lambda: task.cancel() if job.state is JobState.RUNNING and not task.done() else None)
        self._notify(job)
        return job

    async def _drive(self, job: Job, make: Callable[[], Awaitable[Any]]) -> None:
        job.set_state(JobState.RUNNING)
        self._notify(job)
        log.info(Message(QT_TRANSLATE_NOOP("Engine", "{title} (#{id}) started"), title=job.title, id=job.id))
        try:
            job.check()  # cancelled between launch and the first step
            result = await make()
        except (Cancelled, asyncio.CancelledError):
            job.set_state(JobState.CANCELLED)
            log.info(Message(QT_TRANSLATE_NOOP("Engine", "{title} (#{id}) cancelled after {seconds:.3f} s"),
                             title=job.title, id=job.id, seconds=job.seconds or 0.0))
        except Exception as exc:
            job.error = describe_error(exc)
            job.error_field = exc.field if isinstance(exc, UserError) else None
            job.set_state(JobState.FAILED)
            # a UserError is an expected outcome with a message for people; anything else needs its traceback
            log.error(Message(QT_TRANSLATE_NOOP("Engine", "{title} (#{id}) failed: {error}"),
                              title=job.title, id=job.id, error=job.error),
                      exc_info=None if isinstance(exc, UserError) else exc)
        else:
            job.result = result
            job.set_state(JobState.CANCELLED if job.cancelled else JobState.DONE)
            if job.state is JobState.DONE:
                log.info(Message(QT_TRANSLATE_NOOP("Engine", "{title} (#{id}) done in {seconds:.3f} s"),
                                 title=job.title, id=job.id, seconds=job.seconds or 0.0))
        finally:
            self._tasks.pop(job.id, None)
            self._notify(job)

    # -- chunks --------------------------------------------------------------------------------
    async def run_chunks(self, job: Job, kernel: Callable[..., Any], chunks: Iterable[tuple],
                         on_result: Callable[[Job, int, Any], None], *, total: int, window: int,
                         executor: str = "processes", progress: tuple[float, float] = (0.0, 1.0)) -> None:
        """One phase of chunks for ``job`` (as :meth:`start_chunks` runs them); job progress moves over
        ``progress`` (from, to) as the chunks come back. Raises :class:`Cancelled` when the job is cancelled."""
        if executor == "cluster":
            if self.cluster is None:
                raise UserError(QT_TRANSLATE_NOOP("Engine", "No cluster is set up: choose a local cluster or a scheduler address."))
            await self.cluster.connect()
            window = max(window, self.cluster.threads + 1)  # every worker thread busy, one chunk queued
        await self._run_chunks(job, kernel, chunks, on_result, total, max(1, window), executor, progress)

    def _submitter(self, job: Job, executor: str) -> tuple[Callable[..., cf.Future], dict]:
        """How to submit a chunk on ``executor``, and what the drain needs to stop the rest."""
        if executor == "processes":
            return self.pool.submit, {}
        if executor == "threads":
            return self.threads.submit, {}
        cluster = self.cluster
        phase = {"cluster": cluster, "executor": cluster.executor(), "stop": cluster.new_stop()}
        job.token.on_cancel(lambda: cluster.request_stop(phase["stop"]))

        def submit(kernel, slot, *args) -> cf.Future:
            return cluster.submit(phase["executor"], phase["stop"], kernel, slot, *args)

        return submit, phase

    async def _run_chunks(self, job, kernel, chunks, on_result, total, window, executor,
                          progress=(0.0, 1.0)) -> None:
        slot = self.pool.acquire_slot()
        job.token.on_cancel(lambda: self.pool.stop_slot(slot))
        loop = asyncio.get_running_loop()
        woken = loop.create_future()  # done when the job is cancelled: the wait below returns at once

        def wake() -> None:
            if not woken.done():
                woken.set_result(None)

        job.token.on_cancel(lambda: loop.call_soon_threadsafe(wake))
        submit, phase = self._submitter(job, executor)
        p0, p1 = progress
        chunk_iter = iter(enumerate(chunks))
        inflight: dict[cf.Future, int] = {}
        waiters: dict[asyncio.Future, cf.Future] = {}
        sent: dict[int, tuple] = {}  # index → (args, pool restarts when sent, tries): a chunk may run again
        ready: dict[int, Any] = {}
        next_index = 0
        exhausted = False

        def send(index: int, args: tuple, tries: int = 1) -> None:
            fut = timeline.submit_chunk(submit, executor, job.id, index, kernel, slot, args)
            inflight[fut] = index
            waiters[asyncio.wrap_future(fut)] = fut
            sent[index] = (args, self.pool.restarts, tries)

        try:
            while True:
                while not exhausted and not job.cancelled and len(inflight) < window:
                    try:
                        send(*next(chunk_iter))
                    except StopIteration:
                        exhausted = True
                        break
                if not inflight:
                    break
                if job.cancelled:
                    break
                done, _ = await asyncio.wait([*waiters, woken], timeout=0.5, return_when=asyncio.FIRST_COMPLETED)
                done.discard(woken)
                for waiter in done:
                    index = inflight.pop(waiters.pop(waiter))
                    args, restarts, tries = sent.pop(index)
                    if executor == "processes" and tries < 3 and self._lost_to_a_restart(waiter, job, restarts):
                        send(index, args, tries + 1)  # another job's cancel terminated the pool under it
                        continue
                    ready[index] = timeline.unwrap(_chunk_result(waiter, job, executor))
                if phase and not phase["cluster"].healthy and not job.cancelled:
                    raise UserError(QT_TRANSLATE_NOOP("Engine", "Lost the connection to the Dask scheduler at {address}."),
                                    address=phase["cluster"].label)
                while next_index in ready:
                    result = ready.pop(next_index)
                    if result is None and job.cancelled:
                        break
                    behind = on_result(job, next_index, result)
                    next_index += 1
                    # 100 % is for a job that is done: finishing (publishing a listing) may still fail
                    job.report(min(p0 + (p1 - p0) * next_index / max(1, total), 0.99))
                    if behind is not None:  # the consumer is behind (a listing's writer): no new chunk until
                        await asyncio.wait([behind, woken], return_when=asyncio.FIRST_COMPLETED)  # it catches up
                        behind.add_done_callback(_swallow)  # (asyncio.wait never looks at its error)
                        if behind.done() and not behind.cancelled() and behind.exception() is not None:
                            raise behind.exception()  # the consumer failed (a full disk): so does the job, now
            if job.cancelled:
                raise Cancelled()
        finally:
            for waiter in waiters:  # errors of chunks we no longer wait for are not news
                waiter.add_done_callback(_swallow)
            if inflight or phase:
                # cancelled, an error, or a task cancel: the job ends now; its chunks still queued or
                # running see the flag and return at once, and a drain in the background waits for
                # them (terminating the pool after the grace period) before the slot is reused
                if inflight:
                    self.pool.stop_slot(slot)
                drain = asyncio.get_running_loop().create_task(
                    self._drain_then_release(dict(inflight), executor, slot, phase))
                self._drains.add(drain)
                drain.add_done_callback(self._drains.discard)
            else:
                self.pool.release_slot(slot)

    def _lost_to_a_restart(self, waiter: asyncio.Future, job: Job, restarts_when_sent: int) -> bool:
        """The chunk died with the process pool (terminated since it was sent: a cancelled job that did not
        stop in time, or a worker that died), not by its own error — and its job still wants it."""
        if job.cancelled or self.pool.restarts == restarts_when_sent:
            return False
        return waiter.cancelled() or isinstance(waiter.exception(), BrokenProcessPool)

    async def _drain_then_release(self, inflight: dict, executor: str, slot: int, phase: dict | None = None) -> None:
        try:
            await self._drain(inflight, executor, phase)
        finally:
            self.pool.release_slot(slot)

    async def _drain(self, inflight: dict[cf.Future, int], executor: str, phase: dict | None = None) -> None:
        """Give running chunks ``grace`` seconds to notice their flag, then terminate the pool.

        On a cluster, queued chunks are cancelled there (on the cluster's thread: a Dask cancel waits on
        the scheduler) and running ones stop at their next segment; nothing is terminated."""
        futures = list(inflight)
        inflight.clear()
        if phase:
            if futures:
                phase["cluster"].request_stop(phase["stop"])
                await asyncio.wrap_future(phase["cluster"].cancel(phase["executor"]))
        else:
            for fut in futures:
                fut.cancel()  # drops chunks not yet started; running ones need their flag
        deadline = time.monotonic() + self.grace
        while any(not f.done() for f in futures) and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        if executor == "processes" and any(not f.done() for f in futures):
            await asyncio.get_running_loop().run_in_executor(
                None, self.pool.terminate, Message(QT_TRANSLATE_NOOP("Engine", "a cancelled job did not stop in time")))
        for fut in futures:
            if fut.done() and not fut.cancelled():
                fut.exception()  # retrieved: a cancelled job's late errors are not news

    # -- stopping ------------------------------------------------------------------------------
    def cancel(self, job: Job | int) -> None:
        job = self.jobs[job] if isinstance(job, int) else job
        if not job.state.finished:
            log.info(Message(QT_TRANSLATE_NOOP("Engine", "Cancelling {title} (#{id})"), title=job.title, id=job.id))
            job.token.cancel()

    async def drained(self, timeout: float | None = None) -> None:
        """Until the chunks of jobs that already ended have all come back (workers idle, slots free)."""
        if self._drains:
            await asyncio.wait(list(self._drains), timeout=timeout)

    async def wait(self, job: Job, timeout: float | None = None) -> Job:
        task = self._tasks.get(job.id)
        if task is not None:
            await asyncio.wait([task], timeout=timeout)
        return job

    async def shutdown(self, grace: float | None = None) -> None:
        """Cancel every job, wait ``grace`` seconds for them, then stop the pools."""
        grace = self.grace if grace is None else grace
        self._closing = True
        unstarted = []
        for job in self.active():
            job.token.cancel()
            if job.id not in self._tasks:
                unstarted.append(job)
        self.finish_unstarted_many(unstarted)  # a long queue ends in one notification
        tasks = list(self._tasks.values())
        if tasks:
            await asyncio.wait(tasks, timeout=grace + 0.2)
        leftover = [t for t in tasks if not t.done()]
        for task in leftover:
            task.cancel()
        if leftover:
            await asyncio.gather(*leftover, return_exceptions=True)
        if self._drains:
            await asyncio.wait(list(self._drains), timeout=grace + 0.2)
        self.pool.shutdown(grace=0.0)
        if self.cluster is not None:
            cluster, self.cluster = self.cluster, None
            await cluster.aclose()

    async def set_cluster(self, cluster) -> None:
        """Use ``cluster`` (a :class:`~tributary.workers.cluster.Cluster`, or None) for executor="cluster"
        from now on; the previous one is closed (its running jobs fail)."""
        old, self.cluster = self.cluster, cluster
        if old is not None and old is not cluster:
            await old.aclose()


def _chunk_result(waiter: asyncio.Future, job: Job, executor: str = "cluster") -> Any:
    """A finished chunk's result; a chunk its executor dropped (a cluster that lost it, a process pool
    terminated again and again under it) is a failure, not a cancel, unless the job itself was cancelled."""
    if waiter.cancelled() and not job.cancelled:
        if executor != "cluster":
            raise UserError(QT_TRANSLATE_NOOP("Engine", "The worker processes were stopped from outside while running "
                                                        "this job, three times; the job stopped without a result."))
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The cluster dropped a chunk of this job (a worker or the scheduler went away)."))
    exc = waiter.exception() if not waiter.cancelled() else None
    if exc is not None and type(exc).__name__ == "KilledWorker":
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Cluster workers kept dying while running a chunk ({detail}); the job stopped without a result."),
                        detail=str(exc).splitlines()[0][:200]) from exc
    return waiter.result()


def _swallow(fut: asyncio.Future) -> None:
    if not fut.cancelled():
        fut.exception()
