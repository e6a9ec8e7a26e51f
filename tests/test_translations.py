"""Every user-visible string of the GUI is in the zh_CN catalogue, translated, and compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import ROOT

TS = ROOT / "resources" / "translations" / "tributary_zh_CN.ts"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(path).iter("context"):
        name = ctx.find("name").text
        for msg in ctx.iter("message"):
            out[(name, msg.find("source").text)] = msg.find("translation")
    return out


def test_catalogue_is_complete_and_current(tmp_path):
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for d in ("gui", "workers") for p in sorted((ROOT / d).rglob("*.py"))]  # engine messages too
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = set(_messages(fresh))
    have = _messages(TS)
    assert wanted - set(have) == set(), "run ./dev.sh ts and translate the new strings"
    unfinished = [key for key in wanted if have[key].get("type") == "unfinished" or not (have[key].text or "").strip()]
    assert unfinished == []


def test_compiled_catalogue_is_not_older_than_the_source():
    qm = TS.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_size > 1000
    out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(TS)], cwd=ROOT, capture_output=True, text=True)
    out_qm = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(qm)], cwd=ROOT, capture_output=True,
                            text=True)
    if out.stdout.strip() and out_qm.stdout.strip():
        assert int(out_qm.stdout) >= int(out.stdout)
