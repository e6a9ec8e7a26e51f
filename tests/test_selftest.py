"""``tributary --self-test --json`` end to end, in a fresh process with no display."""

from __future__ import annotations

import json
import os

from helpers import run_cli


def test_self_test_passes_offscreen_with_no_display():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = run_cli("--self-test", "--json", timeout=120, env=env)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    checks = report["checks"]
    # behaviour must hold every time; the 16 ms UI check is a wall-time figure of a shared CI machine:
    # it is reported (and decides the exit status), the benchmark tracks it (tests assert behaviour)
    behaviour = {k: v for k, v in checks.items() if k != "ui_p99_within_16ms"}
    assert all(behaviour.values()) and set(behaviour) == {"jobs_reached_expected_states", "results_verified", "resources_found", "no_uncaught_errors", "nothing_left_behind"}, report
    assert out.returncode == (0 if all(checks.values()) else 1) and report["ok"] == all(checks.values())
    assert report["leaked_processes"] == 0 and report["leaked_shm_segments"] == 0
    assert 0 <= report["ui_lateness_ms"]["p50"] <= report["ui_lateness_ms"]["p99"] <= report["ui_lateness_ms"]["max"]
    kinds = {(j["executor"], j["state"]) for j in report["jobs"]}
    assert kinds == {(e, s) for e in ("coroutine", "threads", "processes") for s in ("done", "cancelled")}
    assert all(j["cancel_latency_seconds"] < 0.1 for j in report["jobs"] if j["expected"] == "cancelled"), report["jobs"]
    assert report["shutdown_seconds"] < 1.0
