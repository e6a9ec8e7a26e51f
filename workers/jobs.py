"""The one job spine: what a job is, how it reports progress, how it is cancelled.

Whatever runs a job (a coroutine on the event loop, a thread of a pool, chunks on a process pool), the
rest of the program sees the same :class:`Job`: an id, a kind, a state, a progress fraction with a line
of text, a result or an error, and start/finish times. Bodies report through the job itself
(:meth:`Job.report`); views read jobs at their own pace, so progress is coalesced by construction.
"""

from __future__ import annotations

import enum
import itertools
import operator
import threading
import time
from dataclasses import dataclass, field
from typing import Any

_ids = itertools.count(1)


class JobState(enum.Enum):
    """Life cycle of a job: queued → running → one of done, failed, cancelled.

    The one state enum of the app: a download item's state (a string in the journal) is one of these
    values too (``JobState(item.state)``), with ``PAUSED`` for an item stopped to be resumed later (a job
    itself never pauses: a paused download's job ended cancelled).
    """

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)

    @property
    def active(self) -> bool:
        """Queued or running: something may still change."""
        return self in (JobState.QUEUED, JobState.RUNNING)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark a message template for translation without importing Qt.

    ``lupdate`` collects every marked template into the catalogue under its context ("Engine"); the GUI
    translates the template and fills in the values when it shows a :class:`Message`.
    """
    return text


class Message(str):
    """Text for a person: an English template (marked for translation) and the values to fill in.

    It *is* the English text (a ``str``), so logs, the command line and JSON use it as is; the GUI shows
    ``translate(template).format(**values)`` instead (values that are messages themselves — a field's
    name — are translated too). It pickles across processes and round-trips through JSON
    (:meth:`to_json` / :meth:`from_json`) for the download journal.
    """

    template: str
    values: dict

    def __new__(cls, template: str, /, **values):
        try:
            text = template.format(**values) if values else template
        except (KeyError, IndexError, ValueError):  # a template and values that do not fit: show both
            text = f"{template} {values}"
        self = super().__new__(cls, text)
        self.template = template
        self.values = values
        return self

    def __reduce__(self):
        return (_message, (self.template, self.values))

    def to_json(self) -> dict:
        return {"template": self.template,
                "values": {k: v.to_json() if isinstance(v, Message) else v for k, v in self.values.items()}}

    @classmethod
    def from_json(cls, data) -> Message | str | None:
        """The message back from :meth:`to_json`'s output; plain text (older rows) stays plain text."""
        if not isinstance(data, dict) or "template" not in data:
            return data
        values = {k: cls.from_json(v) if isinstance(v, dict) else v for k, v in (data.get("values") or {}).items()}
        return cls(data["template"], **values)


def _message(template: str, values: dict) -> Message:
    return Message(template, **values)


# How the ways of running a job are named for people (the ``Job.executor`` values and the executors a
# request may name). A runner that adds a way adds its name here.
EXECUTOR_NAMES: dict[str, Message] = {
    "coroutine": Message(QT_TRANSLATE_NOOP("Engine", "event loop")),
    "threads": Message(QT_TRANSLATE_NOOP("Engine", "threads")),
    "processes": Message(QT_TRANSLATE_NOOP("Engine", "processes")),
    "single": Message(QT_TRANSLATE_NOOP("Engine", "one process")),
    "cluster": Message(QT_TRANSLATE_NOOP("Engine", "Dask cluster")),
}


def executor_name(executor: str) -> Message | str:
    """The name of ``executor`` for people (unknown names are shown as they are)."""
    return EXECUTOR_NAMES.get(executor, executor)


class UserError(Exception):
    """An error written for the person using the app: a :class:`Message`, and optionally the input
    field it is about (``"high"``, ``"folder"``), so a form can show it at the right place."""

    def __init__(self, template: str, /, *, field: str | None = None, **values) -> None:
        self.message = template if isinstance(template, Message) and not values else Message(template, **values)
        self.field = field
        super().__init__(str(self.message))

    def __reduce__(self):
        return (_user_error, (self.message, self.field))


def _user_error(message: Message, field: str | None) -> UserError:
    return UserError(message, field=field)


class Cancelled(Exception):
    """Raised inside a job body when its cancel token has been set."""


_token_lock = threading.Lock()  # one for every token: setting one or adding a callback is rare and short


class CancelToken:
    """A thread-safe, one-way cancel flag with callbacks run once when it is set.

    Light on purpose (a flag, no event or lock of its own): every queued download has a job, and a
    queue of 10,000 holds 10,000 tokens.
    """

    __slots__ = ("_set", "_callbacks", "requested_at")

    def __init__(self) -> None:
        self._set = False
        self._callbacks: list | None = None
        self.requested_at: float | None = None

    def cancel(self) -> None:
        with _token_lock:
            if self._set:
                return
            self.requested_at = time.monotonic()
            self._set = True
            callbacks, self._callbacks = self._callbacks, None
        for callback in callbacks or ():
            callback()

    @property
    def cancelled(self) -> bool:
        return self._set

    def raise_if_cancelled(self) -> None:
        if self._set:
            raise Cancelled()

    def on_cancel(self, callback) -> None:
        """Run ``callback`` when the token is set (at once if it is set already)."""
        with _token_lock:
            if not self._set:
                if self._callbacks is None:
                    self._callbacks = []
                self._callbacks.append(callback)
                return
        callback()


@dataclass(eq=False)
class Job:
    """One unit of user-visible work and everything a view needs to show it.

    ``version`` grows with every change, so a view refreshed on a timer skips rows that did not change.
    ``title`` is for people (a :class:`Message`); ``partial`` is the typed running tally of a job whose
    view shows results as they come (a prime tally, a half-rendered image), ``result`` the typed result
    of a finished one. Nothing else is ever attached to a job.
    """

    kind: str
    title: str
    executor: str
    id: int = field(default_factory=lambda: next(_ids))
    state: JobState = JobState.QUEUED
    progress: float = 0.0
    text: str = ""  # a line of progress text (a :class:`Message`, or plain text)
    request: Any = None  # the typed request this job runs (a PrimeRequest, …), when it has one
    result: Any = None  # the typed result a finished job hands to its view
    partial: Any = None  # what a running job has found so far (its typed running tally), for live views
    error: str | None = None  # why it failed: a :class:`Message` (or plain text)
    error_field: str | None = None  # the input the failure is about (a UserError's ``field``), if any
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


_STATE = operator.attrgetter("state")


def all_queued(jobs: list[Job]) -> bool:
    """Whether every job of ``jobs`` is queued — without a Python call per job (an enum's hash is one):
    for batches of thousands."""
    return all(map(operator.is_, map(_STATE, jobs), itertools.repeat(JobState.QUEUED)))


def describe_error(exc: BaseException) -> Message:
    """A one-line message for a person: a :class:`UserError`'s own message, else the exception's type and
    first line (never a bare class name without its words)."""
    if isinstance(exc, UserError):
        return exc.message
    text = str(exc).strip()
    name = type(exc).__name__
    if not text:
        return Message(name)
    return Message(QT_TRANSLATE_NOOP("Engine", "{type}: {detail}"), type=name, detail=text.splitlines()[0])
