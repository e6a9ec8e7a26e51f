"""Run jobs on the running asyncio loop, whatever executes their body.

Three ways to run a body, one life cycle:

* :meth:`JobRunner.start_coroutine` — an ``async def body(job)`` on the loop (downloads);
* :meth:`JobRunner.start_thread` — a plain ``def body(job)`` on the thread executor the caller gave us
  (a ``QThreadPool``-backed executor in the GUI, a ``ThreadPoolExecutor`` in the command line);
* :meth:`JobRunner.start_chunks` — a list of chunks, each ``kernel(slot, *args)``, run with a bounded
  window in flight on the process pool (or the thread executor), results handed back in order.

A job's failure is caught, logged and stored on the job (``gather(return_exceptions=True)`` rule): one
job never stops another. Cancel is cooperative first (the job's token, the pool slot flag, task
cancellation) and forceful after ``grace`` seconds (the process pool is terminated and rebuilt).
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import logging
import operator
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from . import timeline
from .jobs import Cancelled, Job, JobState, UserError, describe_error
from .pool import ProcessPool

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
        cleanup: Callable[[Job], None] | None = None,
        prepare: Callable[[Job], Awaitable[None]] | None = None,
    ) -> Job:
        """Run ``kernel(slot, *chunk)`` for each chunk, at most ``window`` at once, in order.

        ``on_result(job, index, result)`` is called on the loop thread in chunk order; a kernel that
        saw its cancel flag returns ``None``. ``prepare(job)`` is awaited first (warm the pool, open
        files), ``finish(job)`` makes the job's result, ``cleanup(job)`` always runs at the end.
        """
        if executor not in ("processes", "threads"):
            raise ValueError(f"unknown executor {executor!r}")
        job = Job(kind=kind, title=title, executor=executor)

        async def run() -> Any:
            try:
                if prepare is not None:
                    await prepare(job)
                await self._run_chunks(job, kernel, chunks, on_result, total, max(1, window), executor)
                return finish(job) if finish else None
            finally:
                if cleanup is not None:
                    cleanup(job)

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
        try:
            job.check()  # cancelled between launch and the first step
            result = await make()
        except (Cancelled, asyncio.CancelledError):
            job.set_state(JobState.CANCELLED)
            log.info("%s #%d cancelled after %.3f s", job.kind, job.id, job.seconds or 0.0)
        except Exception as exc:
            job.error = describe_error(exc)
            job.set_state(JobState.FAILED)
            # a UserError is an expected outcome with a message for people; anything else needs its traceback
            log.error("%s #%d failed: %s", job.kind, job.id, job.error,
                      exc_info=None if isinstance(exc, UserError) else exc)
        else:
            job.result = result
            job.set_state(JobState.CANCELLED if job.cancelled else JobState.DONE)
            if job.state is JobState.DONE:
                log.info("%s #%d done in %.3f s", job.kind, job.id, job.seconds or 0.0)
        finally:
            self._tasks.pop(job.id, None)
            self._notify(job)

    # -- chunks --------------------------------------------------------------------------------
    async def _run_chunks(self, job, kernel, chunks, on_result, total, window, executor) -> None:
        slot = self.pool.acquire_slot()
        job.token.on_cancel(lambda: self.pool.stop_slot(slot))
        loop = asyncio.get_running_loop()
        woken = loop.create_future()  # done when the job is cancelled: the wait below returns at once

        def wake() -> None:
            if not woken.done():
                woken.set_result(None)

        job.token.on_cancel(lambda: loop.call_soon_threadsafe(wake))
        submit = self.pool.submit if executor == "processes" else self.threads.submit
        chunk_iter = iter(enumerate(chunks))
        inflight: dict[cf.Future, int] = {}
        waiters: dict[asyncio.Future, cf.Future] = {}
        ready: dict[int, Any] = {}
        next_index = 0
        exhausted = False
        try:
            while True:
                while not exhausted and not job.cancelled and len(inflight) < window:
                    try:
                        index, args = next(chunk_iter)
                    except StopIteration:
                        exhausted = True
                        break
                    fut = timeline.submit_chunk(submit, executor, job.id, index, kernel, slot, args)
                    inflight[fut] = index
                    waiters[asyncio.wrap_future(fut)] = fut
                if not inflight:
                    break
                if job.cancelled:
                    break
                done, _ = await asyncio.wait([*waiters, woken], timeout=0.5, return_when=asyncio.FIRST_COMPLETED)
                done.discard(woken)
                for waiter in done:
                    ready[inflight.pop(waiters.pop(waiter))] = timeline.unwrap(waiter.result())
                while next_index in ready:
                    result = ready.pop(next_index)
                    if result is None and job.cancelled:
                        break
                    on_result(job, next_index, result)
                    next_index += 1
                    # 100 % is for a job that is done: finishing (publishing a listing) may still fail
                    job.report(min(next_index / max(1, total), 0.99))
            if job.cancelled:
                raise Cancelled()
        finally:
            for waiter in waiters:  # errors of chunks we no longer wait for are not news
                waiter.add_done_callback(_swallow)
            if inflight:
                # cancelled, an error, or a task cancel: the job ends now; its chunks still queued or
                # running see the flag and return at once, and a drain in the background waits for
                # them (terminating the pool after the grace period) before the slot is reused
                self.pool.stop_slot(slot)
                drain = asyncio.get_running_loop().create_task(self._drain_then_release(dict(inflight), executor, slot))
                self._drains.add(drain)
                drain.add_done_callback(self._drains.discard)
            else:
                self.pool.release_slot(slot)

    async def _drain_then_release(self, inflight: dict, executor: str, slot: int) -> None:
        try:
            await self._drain(inflight, executor)
        finally:
            self.pool.release_slot(slot)

    async def _drain(self, inflight: dict[cf.Future, int], executor: str) -> None:
        """Give running chunks ``grace`` seconds to notice their flag, then terminate the pool."""
        futures = list(inflight)
        inflight.clear()
        for fut in futures:
            fut.cancel()  # drops chunks not yet started; running ones need their flag
        deadline = time.monotonic() + self.grace
        while any(not f.done() for f in futures) and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        if executor == "processes" and any(not f.done() for f in futures):
            await asyncio.get_running_loop().run_in_executor(
                None, self.pool.terminate, "a cancelled job did not stop in time")
        for fut in futures:
            if fut.done() and not fut.cancelled():
                fut.exception()  # retrieved: a cancelled job's late errors are not news

    # -- stopping ------------------------------------------------------------------------------
    def cancel(self, job: Job | int) -> None:
        job = self.jobs[job] if isinstance(job, int) else job
        if not job.state.finished:
            log.info("cancelling %s #%d", job.kind, job.id)
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


def _swallow(fut: asyncio.Future) -> None:
    if not fut.cancelled():
        fut.exception()
