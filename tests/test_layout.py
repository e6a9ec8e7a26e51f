"""House rules that a tool checks: the engine never imports Qt; the entry point exists."""

from __future__ import annotations

import ast
import subprocess
import sys

from helpers import ROOT

QT_MODULES = ("PySide6", "shiboken6", "qasync", "gui")


def test_no_module_under_workers_imports_qt_statically():
    offenders = []
    for path in sorted((ROOT / "workers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in QT_MODULES]
    assert offenders == []


def test_importing_every_engine_module_loads_no_qt():
    code = (
        "import importlib, pkgutil, sys\nimport tributary.workers as workers\n"
        "for m in pkgutil.walk_packages(workers.__path__, 'tributary.workers.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6', 'qasync') or k.startswith('tributary.gui'))\n"
        "print(len(list(pkgutil.walk_packages(workers.__path__))), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert int(out.stdout.split()[0]) >= 6  # it really walked the engine


def test_required_layout_exists():
    for name in ("gui", "workers", "resources", "tests", "bench", "build.spec", "pyproject.toml", "README.md",
                 ".ci/run", "resources/translations/tributary_zh_CN.ts", "resources/translations/tributary_zh_CN.qm"):
        assert (ROOT / name).exists(), name


def test_everything_imports_the_package_by_its_installed_name():
    """``gui``/``workers`` are folders here and ``tributary.gui``/``tributary.workers`` installed; importing
    a folder by its bare name would load a second copy of a module (two pools, two cancel arrays)."""
    offenders = []
    for folder in ("gui", "workers", "tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("gui", "workers")]
    assert offenders == []


def test_gui_modules_import_each_other_without_cycles():
    """``gui/`` imports form no cycle (the self-test never imports the app that runs it)."""
    graph: dict[str, set[str]] = {}
    for path in sorted((ROOT / "gui").rglob("*.py")):
        name = "tributary." + ".".join(path.relative_to(ROOT).with_suffix("").parts)
        deps = graph.setdefault(name.removesuffix(".__init__"), set())
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("tributary.gui"):
                deps.add(node.module)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("tributary.gui"))

    def cycle_from(start: str, node: str, seen: tuple) -> tuple | None:
        for dep in graph.get(node, ()):
            if dep == start:
                return (*seen, dep)
            if dep not in seen:
                found = cycle_from(start, dep, (*seen, dep))
                if found:
                    return found
        return None

    cycles = [c for name in graph if (c := cycle_from(name, name, (name,)))]
    assert cycles == []


def test_every_subpackage_is_listed_for_the_wheel():
    """A wheel holds only the packages pyproject.toml lists: a new subpackage left out works from the
    checkout and is missing installed."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    mapping = config["package-dir"]
    found = set()
    for name, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *rel)))
    assert found - listed == set()
