"""The one bridge from the engine to Qt: engine events in, signals out.

:class:`EngineBridge` is created once per app (in ``Services``) and listens once to the job runner and
the download engine. Views never poll the engine and never register engine listeners of their own: they
connect to the bridge's signals, which Qt disconnects by itself when a view is deleted — so a closed view
or a second window can never make the engine raise.

Completion is pushed (``jobFinished`` is emitted from the runner's listener the moment a job ends);
progress is coalesced (one ``jobsChanged``/``transfersChanged`` per tick, at most 25 ticks a second,
carrying only what changed). The tick timer runs only while something can change: it starts when a job
is added or transfers come or go, and stops at the first tick that finds nothing active and nothing
changed — idle means no timer ticks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal

from tributary.workers.jobs import Job

log = logging.getLogger("tributary.bridge")
REFRESH_HZ = 25


class EngineBridge(QObject):
    """Engine events as Qt signals (all emitted on the GUI thread).

    Signals:
        jobAdded(Job): the runner announced a job for the first time (queued or started).
        jobsChanged(list[Job]): jobs still active whose ``version`` moved since the last tick (≤ 25 Hz).
        jobFinished(Job): a job ended (done, failed or cancelled); emitted once per job, at once.
        transfersAdded(list[Transfer]): the download engine added transfers (one batch, one signal).
        transfersRemoved(list[Transfer]): transfers were removed from the engine.
        transfersChanged(list[Transfer]): transfers whose ``version`` moved, and every running one
            (its speed and time left move), since the last tick (≤ 25 Hz).
        transfersReordered(): the download engine changed the order of its transfers (a queue move).
        queueEnded(dict): the download queue ran dry (its last item finished); the engine's summary.
        queueHeld(bool): the schedule held (True) or released (False) the download queue.
        idle(): the tick timer stopped: nothing is active any more.
    """

    jobAdded = Signal(object)
    jobsChanged = Signal(list)
    jobFinished = Signal(object)
    transfersAdded = Signal(list)
    transfersRemoved = Signal(list)
    transfersChanged = Signal(list)
    transfersReordered = Signal()
    queueEnded = Signal(dict)
    queueHeld = Signal(bool)
    idle = Signal()
    _jobFromThread = Signal(object)  # a runner on another thread: re-delivered on ours
    _transfersFromThread = Signal(list)

    def __init__(self, runner, downloads=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.downloads = downloads
        self.ticks = 0
        self._seen: set[int] = set()  # ids of jobs announced (jobAdded emitted)
        self._ended: set[int] = set()  # ids of jobs whose end was announced
        self._active: dict[int, Job] = {}
        self._job_versions: dict[int, int] = {}
        self._transfer_versions: dict[int, int] = {}
        self._known_transfers: set[int] = {id(t) for t in downloads.transfers} if downloads is not None else set()
        self._timer = QTimer(self)
        self._timer.setObjectName("bridgeTick")
        self._timer.setInterval(1000 // REFRESH_HZ)
        self._timer.timeout.connect(self._tick)
        self._jobFromThread.connect(self._on_job, Qt.ConnectionType.QueuedConnection)
        self._transfersFromThread.connect(self._on_transfers, Qt.ConnectionType.QueuedConnection)
        self._unlisten = [runner.add_listener(self._on_job)]
        if downloads is not None:
            self._unlisten.append(downloads.add_listener(self._on_transfers))
            self._unlisten.append(_listen(downloads.order_listeners, self.transfersReordered.emit))
            self._unlisten.append(_listen(downloads.queue_end_listeners, self.queueEnded.emit))
            self._unlisten.append(_listen(downloads.hold_listeners, self.queueHeld.emit))
        for job in runner.active():  # jobs that started before the bridge
            self._seen.add(job.id)
            self._active[job.id] = job
        if self._active:
            self.kick()

    # -- state ---------------------------------------------------------------------------------
    @property
    def ticking(self) -> bool:
        """Whether the tick timer runs (something is active or just changed)."""
        return self._timer.isActive()

    def active_jobs(self) -> list[Job]:
        return list(self._active.values())

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

    def _on_job(self, job: Job) -> None:
        if self._off_thread():
            self._jobFromThread.emit(job)
            return
        if job.id not in self._seen:
            self._seen.add(job.id)
            self.jobAdded.emit(job)
        if job.state.finished:
            if job.id in self._ended:
                return
            self._ended.add(job.id)
            self._active.pop(job.id, None)
            self._job_versions.pop(job.id, None)
            self.jobFinished.emit(job)
            self.kick()  # a last tick: rows that changed with this end
        else:
            self._active[job.id] = job
            self.kick()

    def _on_transfers(self, transfers: list) -> None:
        if self._off_thread():
            self._transfersFromThread.emit(list(transfers))
            return
        # the engine announces new transfers as a batch, and a removed one after it is gone
        added = [t for t in transfers if id(t) not in self._known_transfers]
        removed = [t for t in transfers if id(t) in self._known_transfers]
        for t in added:
            self._known_transfers.add(id(t))
        for t in removed:
            self._known_transfers.discard(id(t))
            self._transfer_versions.pop(id(t), None)
        if added:
            self.transfersAdded.emit(added)
        if removed:
            self.transfersRemoved.emit(removed)
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
        if self.downloads is None:
            return []
        changed = []
        versions = self._transfer_versions
        for t in self.downloads.transfers:
            running = t.item.state == "running"
            if running:
                t.sample_speed()
            key = id(t)
            if running or t.version != versions.get(key):
                versions[key] = t.version
                changed.append(t)
        return changed


def _listen(listeners: list, callback) -> Callable[[], None]:
    """Append ``callback`` to an engine's listener list; returns what removes it again."""
    listeners.append(callback)
    return lambda: callback in listeners and listeners.remove(callback)
