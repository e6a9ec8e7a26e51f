"""The one bridge from the engine to Qt: engine events in, signals out.

:class:`EngineBridge` is created once per app (in ``Services``) and listens once to the job runner and
the download engine. Views never poll the engine and never register engine listeners of their own: they
connect to the bridge's signals, which Qt disconnects by itself when a view is deleted — so a closed view
or a second window can never make the engine raise.

Completion is pushed (``jobFinished`` is emitted from the runner's listener the moment a job ends);
progress is coalesced (one ``jobsChanged``/``transfersChanged`` per tick, at most 25 ticks a second,
carrying only what changed). The tick timer runs only while something can change: it starts when a job
is added or transfers come or go, and stops at the first tick that finds nothing running and nothing
changed — idle means no timer ticks.

A long queue costs one signal, not one per job: jobs the runner queues or ends together (10,000 URLs
added, a queue paused or closed) come as one ``jobsAdded``/``jobsFinished`` list; queued jobs are not
looked at by the tick (they change only by starting or ending, which the runner announces).
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal

from tributary.workers.jobs import Job, JobState, all_queued

log = logging.getLogger("tributary.bridge")
REFRESH_HZ = 25


class EngineBridge(QObject):
    """Engine events as Qt signals (all emitted on the GUI thread).

    Signals:
        jobAdded(Job): the runner announced one job for the first time (queued or started).
        jobsAdded(list[Job]): the runner announced several jobs at once (a batch queued): one signal,
            never also ``jobAdded`` for them. A view of jobs connects both.
        jobsChanged(list[Job]): running jobs whose ``version`` moved since the last tick (≤ 25 Hz).
        jobFinished(Job): a job ended (done, failed or cancelled); emitted once per job, at once.
        jobsFinished(list[Job]): several jobs ended together (queued jobs stopped at once: a queue
            paused, removed or closed): one signal, never also ``jobFinished`` for them.
        transfersAdded(list[Transfer]): the download engine added transfers (one batch, one signal).
        transfersRemoved(list[Transfer]): transfers were removed from the engine.
        transfersChanged(list[Transfer]): transfers whose ``version`` moved, and every running one
            (its speed and time left move), since the last tick (≤ 25 Hz).
        transfersReordered(): the download engine changed the order of its transfers (a queue move).
        queueEnded(dict): the download queue ran dry (its last item finished); the engine's summary.
        queueHeld(bool): the schedule held (True) or released (False) the download queue.
        idle(): the tick timer stopped: nothing is active any more.
    """

    # lists go as Python objects (Signal(object)): a Signal(list) converts every element, ~4 ms for
    # 10,000 transfers on each emit
    jobAdded = Signal(object)
    jobsAdded = Signal(object)
    jobsChanged = Signal(object)
    jobFinished = Signal(object)
    jobsFinished = Signal(object)
    transfersAdded = Signal(object)
    transfersRemoved = Signal(object)
    transfersChanged = Signal(object)
    transfersReordered = Signal()
    queueEnded = Signal(dict)
    queueHeld = Signal(bool)
    idle = Signal()
    _jobsFromThread = Signal(object)  # a runner on another thread: re-delivered on ours
    _transfersFromThread = Signal(object)

    def __init__(self, runner, downloads=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.downloads = downloads
        self.ticks = 0
        self._seen: set[int] = set()  # ids of jobs announced (jobAdded emitted)
        self._ended: set[int] = set()  # ids of jobs whose end was announced
        self._active: dict[int, Job] = {}  # running jobs (their progress is looked at every tick)
        self._queued: dict[int, Job] = {}  # queued jobs (they change only by starting or ending)
        self._job_versions: dict[int, int] = {}
        self._known_transfers: set[int] = set(map(id, downloads.transfers)) if downloads is not None else set()
        self._changes: set = downloads.follow_changes() if downloads is not None else set()  # touched transfers
        self._timer = QTimer(self)
        self._timer.setObjectName("bridgeTick")
        self._timer.setInterval(1000 // REFRESH_HZ)
        self._timer.timeout.connect(self._tick)
        self._jobsFromThread.connect(self._on_jobs, Qt.ConnectionType.QueuedConnection)
        self._transfersFromThread.connect(self._on_transfers, Qt.ConnectionType.QueuedConnection)
        self._unlisten = [runner.add_listener(self._on_jobs, batch=True)]
        if downloads is not None:
            self._unlisten.append(lambda: downloads.unfollow_changes(self._changes))
            self._unlisten.append(downloads.add_listener(self._on_transfers))
            self._unlisten.append(_listen(downloads.order_listeners, self.transfersReordered.emit))
            self._unlisten.append(_listen(downloads.queue_end_listeners, self.queueEnded.emit))
            self._unlisten.append(_listen(downloads.hold_listeners, self.queueHeld.emit))
        for job in runner.active():  # jobs that started before the bridge
            self._seen.add(job.id)
            (self._queued if job.state is JobState.QUEUED else self._active)[job.id] = job
        if self._active or self._queued:
            self.kick()

    # -- state ---------------------------------------------------------------------------------
    @property
    def ticking(self) -> bool:
        """Whether the tick timer runs (something is active or just changed)."""
        return self._timer.isActive()

    def active_jobs(self) -> list[Job]:
        """The jobs not finished yet, queued or running."""
        return [*self._queued.values(), *self._active.values()]

    def kick(self) -> None:
        """Make sure one more tick comes (something changed that no job announced)."""
        if not self._timer.isActive():
            self._timer.start()

    def close(self) -> None:
        """Stop listening to the engine and stop the timer (at shutdown); safe to call twice."""
        for unlisten in self._unlisten:
            unlisten()
        self._unlisten = []
        self._timer.stop()

    # -- engine events (the runner's loop thread: the GUI thread in the app) -----------------------
    def _off_thread(self) -> bool:
        return QThread.currentThread() is not self.thread()

    def _on_jobs(self, jobs: list[Job]) -> None:
        """The runner's news: jobs added or whose state changed (a batch is one call, one signal; a batch
        of new queued jobs is handled in bulk)."""
        if self._off_thread():
            self._jobsFromThread.emit(list(jobs))
            return
        ids = list(map(_ID, jobs))
        if len(jobs) > 1 and self._seen.isdisjoint(ids) and all_queued(jobs):
            self._seen.update(ids)  # a queue of new jobs: 10,000 added cost a few bulk operations
            self._queued.update(zip(ids, jobs))
            self.jobsAdded.emit(jobs)
            self.kick()
            return
        added = [job for job in jobs if job.id not in self._seen]
        if added:
            self._seen.update(map(_ID, added))
            _emit(self.jobAdded, self.jobsAdded, added)
        ended = []
        for job in jobs:
            if job.state.finished:
                if job.id not in self._ended:
                    self._ended.add(job.id)
                    self._active.pop(job.id, None)
                    self._queued.pop(job.id, None)
                    self._job_versions.pop(job.id, None)
                    ended.append(job)
            elif job.state is JobState.QUEUED:
                self._queued[job.id] = job
            else:
                self._queued.pop(job.id, None)
                self._active[job.id] = job
        if ended:
            _emit(self.jobFinished, self.jobsFinished, ended)
        self.kick()  # a tick follows: rows that changed with these jobs

    def _on_transfers(self, transfers: list) -> None:
        if self._off_thread():
            self._transfersFromThread.emit(list(transfers))
            return
        # the engine announces new transfers as a batch, and removed ones after they are gone
        known = self._known_transfers
        ids = list(map(id, transfers))
        if known.isdisjoint(ids):
            added, removed = transfers, []
        elif known.issuperset(ids):
            added, removed = [], transfers
        else:
            added = [t for t in transfers if id(t) not in known]
            removed = [t for t in transfers if id(t) in known]
        known.update(map(id, added))
        known.difference_update(map(id, removed))
        self._changes.difference_update(removed)
        if added:
            self.transfersAdded.emit(list(added))
        if removed:
            self.transfersRemoved.emit(list(removed))
        self.kick()

    # -- the tick ------------------------------------------------------------------------------
    def _tick(self) -> None:
        self.ticks += 1
        jobs = [job for job in self._active.values() if job.version != self._job_versions.get(job.id)]
        for job in jobs:
            self._job_versions[job.id] = job.version
        transfers = self._changed_transfers()
        if jobs:
            self.jobsChanged.emit(jobs)
        if transfers:
            self.transfersChanged.emit(transfers)
        if not self._active and not jobs and not transfers:
            self._timer.stop()
            self.idle.emit()

    def _changed_transfers(self) -> list:
        """The transfers touched since the last tick, and every running one (its speed and time left
        move): read from the engine's change set, never by looking at every row of a long queue."""
        if self.downloads is None:
            return []
        running = self.downloads.running
        for t in running:
            t.sample_speed()
        changed = self._changes | running if running else set(self._changes)
        self._changes.clear()
        return list(changed)


_ID = operator.attrgetter("id")


def _emit(one: Signal, many: Signal, jobs: list[Job]) -> None:
    """``one(job)`` for a single job, ``many(jobs)`` for several."""
    if len(jobs) == 1:
        one.emit(jobs[0])
    else:
        many.emit(jobs)


def _listen(listeners: list, callback) -> Callable[[], None]:
    """Append ``callback`` to an engine's listener list; returns what removes it again."""
    listeners.append(callback)
    return lambda: callback in listeners and listeners.remove(callback)
