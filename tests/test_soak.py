"""A short soak (~25 s): the app's engine and two command-line loops share one journal and one folder,
with kill -9, Ctrl-C, pauses, cancels and restarts (the long one is ``./dev.sh bench soak``)."""

from __future__ import annotations

import pytest

from bench.soak_bench import problems, soak


@pytest.mark.slow
def test_a_short_soak_loses_nothing_and_leaves_nothing(tmp_path, nginx):
    report = soak(nginx, tmp_path, seconds=25, seed=3)
    assert report["cli_runs"] >= 8, report
    # A run killed after the last byte but before the link leaves a complete .part: resuming it is answered
    # 416 and the .part is verified and finished; killed between the link and the unlink, the .part and the
    # file are one inode and the file stays as it is. Neither may be refused nor published twice.
    found = problems(report)
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert not report["duplicate_names"], report
