"""A real LocalCluster on loopback for a test module (no fixtures here: each module makes its own with
:func:`shared_cluster`; a LocalCluster takes seconds to start, so tests of a module share one)."""

from __future__ import annotations

import concurrent.futures as cf

from conftest import ALLOWED_CHILDREN
from test_runner import run_plain

from tributary.workers.cluster import Cluster
from tributary.workers.jobs import JobState
from tributary.workers.pool import ProcessPool
from tributary.workers.primes import PrimeRequest, start_job
from tributary.workers.procs import worker_descendants
from tributary.workers.runner import JobRunner


def shared_cluster():
    """Two worker processes on loopback, yielded for the module and closed after it. One job runs on it
    first, so that what Dask starts lazily in this process (its offload thread) exists before any test's
    leak guard looks; its worker processes are allowed children while it lives."""
    before = set(worker_descendants())
    c = Cluster(workers=2)
    run_plain(c.connect)
    pids = c.worker_pids()

    async def warm(runner):
        job = start_job(runner, PrimeRequest(0, 10**7, workers=2, executor="cluster"))
        await runner.wait(job)
        assert job.state is JobState.DONE, job.error

    run_plain(lambda: on_cluster(c, warm))
    mine = set(worker_descendants()) - before
    ALLOWED_CHILDREN.update(mine)
    c.pids = sorted(pids.values())
    try:
        yield c
    finally:
        c.close()
        ALLOWED_CHILDREN.difference_update(mine)


async def on_cluster(cluster, body):
    """``body(runner)`` on a plain runner whose cluster is ``cluster`` (left open: its owner closes it)."""
    threads = cf.ThreadPoolExecutor(2)
    runner = JobRunner(threads, ProcessPool(workers=2))
    runner.cluster = cluster
    try:
        return await body(runner)
    finally:
        await runner.drained(timeout=5)
        runner.cluster = None  # the module's; closed by the fixture
        await runner.shutdown()
        threads.shutdown(wait=True)
