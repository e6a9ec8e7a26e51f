"""The Lab's experiments by name, and how one is asked for and started as a job (the window and the CLI
share this)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..jobs import QT_TRANSLATE_NOOP, Job, Message, UserError
from . import cpu, downloads, failures, lock, pipeline, semaphore, sharedmem, timeouts
from .base import NICE, Experiment, LabResult, code_text, from_text, to_text

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (
    downloads.EXPERIMENT, semaphore.EXPERIMENT, failures.EXPERIMENT, pipeline.EXPERIMENT,
    timeouts.EXPERIMENT, cpu.EXPERIMENT, sharedmem.EXPERIMENT, lock.EXPERIMENT)}
TITLE = QT_TRANSLATE_NOOP("Engine", "Lab: {experiment}")  # a run's job title


def get(name: str) -> Experiment:
    try:
        return EXPERIMENTS[name]
    except KeyError:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "There is no experiment {name!r}; the experiments are: {names}."),
                        name=name, names=", ".join(EXPERIMENTS)) from None


@dataclass(frozen=True)
class LabRequest:
    """One run of an experiment: its name and its checked parameters."""

    experiment: str
    params: Any

    @classmethod
    def from_text(cls, name: str, values: Mapping[str, str]) -> LabRequest:
        """The request for experiment ``name`` with parameters as people type them (a form, ``--param``);
        :class:`UserError` names the field that is wrong."""
        return cls(name, from_text(get(name).params, values))


def warm() -> None:
    """Read the code every experiment shows (off the GUI thread: the Lab's first view then reads no file)."""
    for experiment in EXPERIMENTS.values():
        code_text(experiment)


def start(runner, name: str, params=None, *, nice: int = 10) -> Job:
    """Run experiment ``name`` with ``params`` (its defaults if ``None``) as a coroutine job on ``runner``;
    the job's result is the experiment's :class:`LabResult` with its name, parameters, total time and job id.
    ``nice`` lowers the priority of the threads and processes it starts (0 where no window needs the CPU)."""
    experiment = get(name)
    params = params if params is not None else experiment.params()

    async def body(job: Job) -> LabResult:
        NICE.set(nice)  # this task's own context
        t0 = time.perf_counter()
        t0_monotonic = time.monotonic()
        result = await experiment.run(job, params)
        result.experiment = experiment.name
        result.params = to_text(params)
        result.seconds = time.perf_counter() - t0
        result.job = job.id
        if not result.t0_monotonic:
            result.t0_monotonic = t0_monotonic
        job.report(1.0, Message(QT_TRANSLATE_NOOP("Engine", "Finished in {seconds:.2f} s"), seconds=result.seconds))
        return result

    return runner.start_coroutine("lab", Message(TITLE, experiment=experiment.title), body)


def start_request(runner, request: LabRequest, *, nice: int = 10) -> Job:
    """:func:`start` for a :class:`LabRequest`."""
    return start(runner, request.experiment, request.params, nice=nice)
