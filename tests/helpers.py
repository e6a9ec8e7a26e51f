"""Small helpers shared by tests (no fixtures here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m tributary.gui ARGS`` from the checkout; ``env`` replaces the environment when given."""
    full_env = dict(os.environ) if env is None else env
    return subprocess.run([sys.executable, "-m", "tributary.gui", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=full_env)
