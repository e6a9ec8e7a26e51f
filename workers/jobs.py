"""The one job spine: what a job is, how it reports progress, how it is cancelled.

Whatever runs a job (a coroutine on the event loop, a thread of a pool, chunks on a process pool), the
rest of the program sees the same :class:`Job`: an id, a kind, a state, a progress fraction with a line
of text, a result or an error, and start/finish times. Bodies report through the job itself
(:meth:`Job.report`); views read jobs at their own pace, so progress is coalesced by construction.
"""

from __future__ import annotations

import enum
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

_ids = itertools.count(1)


class JobState(enum.Enum):
    """Life cycle of a job: queued → running → one of done, failed, cancelled."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark an engine message for translation without importing Qt.

    The engine writes English; ``lupdate`` collects every marked template into the catalogue under
    its context ("Engine"), and the GUI shows a message in the user's language by matching it against
    those templates (``gui.i18n.EngineMessages``).
    """
    return text


class UserError(Exception):
    """An error whose message is written for the person using the app (shown as it is)."""


class Cancelled(Exception):
    """Raised inside a job body when its cancel token has been set."""


class CancelToken:
    """A thread-safe, one-way cancel flag with callbacks run once when it is set."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list = []
        self.requested_at: float | None = None

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self.requested_at = time.monotonic()
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def on_cancel(self, callback) -> None:
        """Run ``callback`` when the token is set (at once if it is set already)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()


@dataclass(eq=False)
class Job:
    """One unit of user-visible work and everything a view needs to show it.

    ``version`` grows with every change, so a view that polls can skip rows that did not change.
    """

    kind: str
    title: str
    executor: str
    id: int = field(default_factory=lambda: next(_ids))
    state: JobState = JobState.QUEUED
    progress: float = 0.0
    text: str = ""
    result: Any = None
    error: str | None = None
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    token: CancelToken = field(default_factory=CancelToken)
    version: int = 0

    def report(self, fraction: float | None = None, text: str | None = None) -> None:
        """Record progress (0..1) and/or a line of text. Cheap; safe from any thread."""
        if fraction is not None:
            self.progress = min(1.0, max(0.0, float(fraction)))
        if text is not None:
            self.text = text
        self.version += 1

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked this job to stop."""
        self.token.raise_if_cancelled()

    @property
    def seconds(self) -> float | None:
        if self.started is None:
            return None
        end = self.finished if self.finished is not None else time.monotonic()
        return end - self.started

    def set_state(self, state: JobState) -> None:
        now = time.monotonic()
        if state is JobState.RUNNING and self.started is None:
            self.started = now
        if state.finished:
            self.finished = now
            if self.started is None:
                self.started = now
            if state is JobState.DONE:
                self.progress = 1.0
        self.state = state
        self.version += 1

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "executor": self.executor,
            "state": self.state.value,
            "progress": round(self.progress, 4),
            "text": self.text,
            "error": self.error,
            "seconds": None if self.seconds is None else round(self.seconds, 4),
        }


def describe_error(exc: BaseException) -> str:
    """A one-line message for a person: the exception's own words, never a bare class name."""
    text = str(exc).strip()
    name = type(exc).__name__
    if not text:
        return name
    first = text.splitlines()[0]
    return first if isinstance(exc, UserError) else f"{name}: {first}"
