"""The Lab's experiments by name, and how one is started as a job (the window and the CLI share this)."""

from __future__ import annotations

import time

from ..jobs import QT_TRANSLATE_NOOP, Job, Message, UserError
from . import cpu, downloads, failures, lock, pipeline, semaphore, sharedmem, timeouts
from .base import NICE, Experiment, LabResult, to_text

EXPERIMENTS: dict[str, Experiment] = {e.name: e for e in (
    downloads.EXPERIMENT, semaphore.EXPERIMENT, failures.EXPERIMENT, pipeline.EXPERIMENT,
    timeouts.EXPERIMENT, cpu.EXPERIMENT, sharedmem.EXPERIMENT, lock.EXPERIMENT)}


def get(name: str) -> Experiment:
    try:
        return EXPERIMENTS[name]
    except KeyError:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "There is no experiment {name!r}; the experiments are: {names}."),
                        name=name, names=", ".join(EXPERIMENTS)) from None


def start(runner, name: str, params=None, *, nice: int = 10) -> Job:
    """Run experiment ``name`` with ``params`` (its defaults if ``None``) as a coroutine job on ``runner``;
    the job's result is the experiment's :class:`LabResult` with its name, parameters and total time.
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
        if not result.t0_monotonic:
            result.t0_monotonic = t0_monotonic
        job.report(1.0, Message(QT_TRANSLATE_NOOP("Engine", "Finished in {seconds:.2f} s"), seconds=result.seconds))
        return result

    return runner.start_coroutine("lab", f"Lab: {experiment.name}", body)
