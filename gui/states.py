"""How states and errors read to people, the same for pool jobs and downloads.

One enum (:class:`~tributary.workers.jobs.JobState`; a download item's state string is one of its values),
one label per state, one formatter for engine errors, one for executor names. Tables, panels and dialogs
all use these, so a state or an error reads the same everywhere and in every language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from tributary.gui.i18n import ENGINE
from tributary.workers.jobs import JobState, executor_name


def state_label(state: JobState | str) -> str:
    """The word for ``state`` (a :class:`JobState` or its value, as download items keep it)."""
    state = JobState(state) if isinstance(state, str) else state
    return {
        JobState.QUEUED: QCoreApplication.translate("JobState", "queued"),
        JobState.RUNNING: QCoreApplication.translate("JobState", "running"),
        JobState.PAUSED: QCoreApplication.translate("JobState", "paused"),
        JobState.DONE: QCoreApplication.translate("JobState", "done"),
        JobState.FAILED: QCoreApplication.translate("JobState", "failed"),
        JobState.CANCELLED: QCoreApplication.translate("JobState", "cancelled"),
    }[state]


def error_text(error) -> str:
    """An engine error (a :class:`~tributary.workers.jobs.Message` or plain text) in the user's language."""
    return ENGINE.tr(error) if error else ""


def failure_text(error) -> str:
    """A one-line "Failed: …" for a panel's result area."""
    return QCoreApplication.translate("JobState", "Failed: {error}").format(error=error_text(error))


def executor_label(executor: str) -> str:
    """How a way of running a job (``processes``, ``threads``, …) is named in the user's language."""
    return ENGINE.tr(executor_name(executor))
