"""A short soak (~25 s): the app's engine and two command-line loops share one journal and one folder,
with kill -9, Ctrl-C, pauses, cancels and restarts (the long one is ``./dev.sh bench soak``)."""

from __future__ import annotations

import pytest

from bench.soak_bench import problems, soak


@pytest.mark.slow
def test_a_short_soak_loses_nothing_and_leaves_nothing(tmp_path, nginx):
    report = soak(nginx, tmp_path, seconds=25, seed=3)
    assert report["cli_runs"] >= 8, report
    # A run killed after the last byte but before the link leaves a complete .part; resuming it asks for
    # bytes past the end and gets 416, or (killed between link and unlink) publishes it again as
    # "x (1).bin", byte-identical. Finishing such a .part in place is the transfer path's job (downloads
    # #12): until it lands these are reported apart, and tolerated. Everything else must be clean.
    found = problems(report, allow_complete_part_416=True)
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
    assert len(report["duplicate_names"]) + len(report["complete_part_refused_416"]) <= 3, report
