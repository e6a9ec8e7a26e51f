"""Shared fixtures and the leak guards every test runs under.

* Qt runs offscreen with settings in a throwaway folder.
* One qasync loop for the whole session, registered as running (``already_running=True``) and never
  stopped: ``loop.stop()`` would call ``QApplication.exit()`` and break every later nested wait.
* After each test: no new thread, child process or ``/dev/shm`` block of ours may be left, and (through
  ``qt_log_level_fail``) no unexpected Qt warning may have been printed.
"""

from __future__ import annotations

import asyncio
import gc
import os
import tempfile
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tributary-test-config-")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="tributary-test-data-")
os.environ.pop("QT_API", None)
os.environ["LANGUAGE"] = "en"
os.environ["LC_ALL"] = "C.UTF-8"

import hypothesis  # noqa: E402,F401 - imported early: a late import trips CPython 3.11.7 gh-106905
import pytest  # noqa: E402

from tributary.workers.arrays import leaked_blocks  # noqa: E402
from tributary.workers.procs import worker_descendants  # noqa: E402

ALLOWED_CHILDREN: set[int] = set()  # long-lived servers a fixture started on purpose (nginx)


def _children() -> list[int]:
    return [p for p in worker_descendants() if p not in ALLOWED_CHILDREN and _parent_not_allowed(p)]


def _parent_not_allowed(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return True
    return ppid not in ALLOWED_CHILDREN


def _alive(pid: int) -> bool:
    return os.path.exists(f"/proc/{pid}")


def _is_descendant(pid: int) -> bool:
    return pid in worker_descendants()


def _active_timers() -> list:
    """Running QTimers (after deferred deletes are processed) — empty when Qt is not loaded."""
    import gc
    import sys

    if "PySide6.QtCore" not in sys.modules:
        return []
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [o for o in gc.get_objects() if isinstance(o, QTimer) and shiboken6.isValid(o) and o.isActive()]


def _settle(predicate, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture(autouse=True)
def leak_guard(request):
    """Fail a test that leaves a thread, a child process or a shared-memory block behind."""
    threads_before = {t.ident for t in threading.enumerate()}
    blocks_before = set(leaked_blocks())
    timers_before = {id(t) for t in _active_timers()}
    yield
    if request.node.get_closest_marker("allow_leftover_threads"):
        return

    def new_threads():
        return [t for t in threading.enumerate() if t.ident not in threads_before and t.is_alive()
                and not t.name.startswith(("asyncio_", "QThread", "Dummy-"))]  # Dummy: Qt's pool threads

    _settle(lambda: not new_threads())
    _settle(lambda: not _children())
    def our_new_blocks():
        """Blocks made during this test by us, a child of ours, or a process that died (not by a
        program that happens to run beside the tests)."""
        mine = []
        for name in set(leaked_blocks()) - blocks_before:
            try:
                owner = int(name.split("_")[1])
            except (IndexError, ValueError):
                continue
            if owner == os.getpid() or not _alive(owner) or _is_descendant(owner):
                mine.append(name)
        return mine

    _settle(lambda: not our_new_blocks())
    problems = []
    timers = [t for t in _active_timers() if id(t) not in timers_before]
    if timers:
        problems.append(f"Qt timers still running: {[t.objectName() or repr(t) for t in timers]}")
    if new_threads():
        problems.append(f"threads left running: {[t.name for t in new_threads()]}")
    if _children():
        problems.append(f"child processes left: {_children()}")
    if our_new_blocks():
        problems.append(f"/dev/shm blocks left: {our_new_blocks()}")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def nginx(tmp_path_factory):
    """A real nginx on loopback for the whole session; files go under ``nginx.root``."""
    from servers import Nginx

    server = Nginx(tmp_path_factory.mktemp("nginx"))
    server.start()
    ALLOWED_CHILDREN.add(server.proc.pid)
    yield server
    server.stop()
    ALLOWED_CHILDREN.discard(server.proc.pid if server.proc else -1)


@pytest.fixture(scope="session")
def _qasync_loop(qapp):
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    executor = qasync.QThreadExecutor(2)
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    yield loop
    executor.shutdown(wait=True)
    asyncio.events._set_running_loop(None)  # noqa: SLF001


@pytest.fixture
def qloop(_qasync_loop, qapp):
    """The session's qasync loop; tasks a test leaves are cancelled (never ``loop.stop()``)."""
    yield _qasync_loop
    pending = [t for t in asyncio.all_tasks(_qasync_loop) if not t.done()]
    for task in pending:
        task.cancel()
    deadline = time.monotonic() + 2
    while any(not t.done() for t in pending) and time.monotonic() < deadline:
        qapp.processEvents()


def run_async(qtbot, coro, timeout: float = 30.0):
    """Run ``coro`` on the session loop while Qt spins; return its result (raise its error)."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
    return task.result()


@pytest.fixture
def services(qapp, qloop, qtbot, tmp_path):
    """The app's real services (process pool, QThreadPool executor, runner), shut down after the test."""
    from PySide6.QtCore import QSettings

    from tributary.gui.app import Services
    from tributary.gui.i18n import LanguageSwitcher

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    os.environ["XDG_DATA_HOME"] = str(tmp_path / "data")  # each test gets its own download journal
    svc = Services(qapp, settings, LanguageSwitcher(qapp))
    yield svc
    run_async(qtbot, svc.shutdown())
    assert svc.threads.pool.activeThreadCount() == 0, "a QThreadPool job is still running"
    # The test's QObjects that sit in reference cycles (a panel's JobSlot holds the bridge, its callbacks the
    # panel) are freed here, on the GUI thread. Left to the collector, they were freed by whichever thread
    # tripped it: a download's journal thread ran ~QObject of a finished test's EngineBridge, waiting for the
    # GIL while holding Qt's connection mutex that the GUI thread (holding the GIL) waited for — a deadlock
    # that hung the 3.12 run of tests/test_queue_scale.py once (gdb: JobSlot -> EngineBridge on that thread).
    del svc
    qapp.processEvents()
    gc.collect()


@pytest.fixture
def window(services, qtbot):
    """The real main window on the test's services, shown (closed and deleted after the test)."""
    from tributary.gui.main_window import MainWindow

    win = MainWindow(services)  # not qtbot.addWidget: pytest-qt would delete it before this teardown
    win.meter.start()
    win.show()
    qtbot.waitExposed(win)
    # The app moves its start-up heap out of the collector's way once it is up (freeze_heap); a test's
    # process carries a long run's heap instead, and a full collection of it (~100–250 ms, GIL held) would
    # land in whichever test's window trips it. Collected now, the next full one is far off.
    gc.collect()
    yield win
    win.close()  # closeEvent stops the meter and the log dock
    win.deleteLater()


@pytest.fixture
def error_hook(services, qloop):
    """The app's error reporter, installed as the app installs it (``sys.excepthook``,
    ``threading.excepthook``, the loop's exception handler): uncaught errors land in ``error_hook.reports``
    (and its one dialog) instead of pytest-qt's capture. Uninstalled after the test."""
    errors = services.errors
    errors.install(qloop)
    yield errors
    errors.close()
