"""Start-up and shutdown of the desktop app.

Order matters here, and each step is a trap somebody fell into:

* ``quitOnLastWindowClosed(False)``: closing the window must not stop the loop before cleanup can await;
* the main coroutine awaits the window's ``closing`` signal, then shuts down in order: cancel flags and
  tasks (the runner), the process pool (terminating stragglers), the aiohttp session, the QThreadPool
  (``waitForDone`` with a timeout) — and returns, which stops the qasync loop;
* SIGTERM, SIGINT and SIGHUP close the window, so they take that same path (:class:`ShutdownSignals`);
* bad state on disk never stops the app: a damaged download journal is set aside (and the window says
  so), a bad value in the settings file gives its default (``gui/preferences.py``'s typed ``read``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import time

log = logging.getLogger("tributary.app")
T_PROCESS_START = time.perf_counter()


def _headless_default() -> None:
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
            and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


class Services:
    """What panels may use: the job runner, the pools, the HTTP session, the download engine, the one
    engine bridge (``bridge``: engine events as Qt signals), the queue's schedule (``scheduler``), the
    error reporter (``errors``), the fill jobs' speed-up baselines, the Dask cluster the preferences name
    (:meth:`use_cluster`), settings and languages."""

    def __init__(self, app, settings, languages, *, journal_path: str | None = None) -> None:
        from tributary.gui import preferences
        from tributary.gui.bridge import EngineBridge
        from tributary.gui.errors import ErrorReporter
        from tributary.gui.executor import QThreadPoolExecutor
        from tributary.workers.arrays import Baselines
        from tributary.workers.pool import ProcessPool
        from tributary.workers.runner import JobRunner
        from tributary.workers.timeline import Sampler

        self.app = app
        self.settings = settings
        self.languages = languages
        self.pool = ProcessPool()
        self.threads = QThreadPoolExecutor(max(2, os.cpu_count() or 1))
        self.runner = JobRunner(self.threads, self.pool)
        self._session = None
        from tributary.workers.downloads.engine import DownloadEngine
        from tributary.workers.downloads.journal import Journal

        self.journal = Journal(journal_path)
        self.downloads = DownloadEngine(self.runner, self.journal, self.http_session)
        preferences.apply_to_engine(settings, self.downloads)  # limits, connections, retries (bad values: defaults)
        self._old_sessions: list = []
        # what a previous run left unfinished, read on the journal thread: a long list never holds up the
        # first paint; its rows appear when it is read (``restored`` is done then)
        self.restored = self.downloads.restore_soon()
        self.restored.add_done_callback(_report_restore)
        self.bridge = EngineBridge(self.runner, self.downloads)
        from tributary.gui.schedule import QueueScheduler

        self.scheduler = QueueScheduler(self.downloads, settings)  # the queue's schedule (schedule/… settings)
        self.scheduler.reload()
        self.errors = ErrorReporter()
        self.baselines = Baselines()
        self._retiring: set[asyncio.Task] = set()  # clusters the preferences replaced, closing
        self.sampler = Sampler(pids=self.pool.child_pids)  # CPU and throughput for the timeline
        self.sampler.start()
        self.warming: WarmImports | None = None  # start-up's side imports (joined at shutdown)

    async def http_session(self):
        """The one shared aiohttp session, created on the running loop when first needed."""
        if self._session is None or self._session.closed:
            from tributary.gui import preferences
            from tributary.workers.downloads.proxy import make_session
            from tributary.workers.jobs import UserError

            url, system = preferences.proxy(self.settings)
            try:
                self._session = make_session(url, trust_env=system)
            except UserError:
                log.warning("ignoring the unusable proxy setting %r", url)
                self._session = make_session(None, trust_env=system)
        return self._session

    def proxy_changed(self) -> None:
        """New transfers use the new proxy; the old session closes at shutdown (transfers on it go on)."""
        if self._session is not None:
            self._old_sessions.append(self._session)
            self._session = None

    def use_cluster(self):
        """The runner's Dask cluster, as the preferences name it (``compute/cluster_mode``: ``local`` starts a
        LocalCluster of one worker per core on first use; ``address`` connects to
        ``compute/scheduler_address``). Cheap and never blocking: nothing is started or reached here — the
        first job on it connects, on the cluster's own thread. An unusable address raises a
        :class:`~tributary.workers.jobs.UserError` naming the field ``scheduler``."""
        from tributary.gui import preferences
        from tributary.workers.cluster import Cluster, check_address

        address = None
        if preferences.read(self.settings, "compute/cluster_mode") == "address":
            address = check_address(preferences.read(self.settings, "compute/scheduler_address"))
        current = self.runner.cluster
        if current is not None and current.address == address:
            return current
        self._retire(current)
        self.runner.cluster = Cluster(address) if address else Cluster(workers=os.cpu_count() or 1)
        return self.runner.cluster

    def cluster_changed(self) -> None:
        """The cluster preferences changed: the next cluster job uses the new ones (the old cluster closes;
        jobs still running on it fail with a message)."""
        self._retire(self.runner.cluster)
        self.runner.cluster = None

    def _retire(self, cluster) -> None:
        if cluster is not None:
            task = asyncio.ensure_future(cluster.aclose())  # off the GUI thread: closing waits on the network
            self._retiring.add(task)
            task.add_done_callback(self._retiring.discard)

    async def shutdown(self) -> float:
        """Stop everything in order; returns the seconds it took."""
        t0 = time.perf_counter()
        await asyncio.wait([self.restored])  # the restored rows are there (to be paused and kept)
        self.scheduler.close()  # what the schedule paused stays paused
        self.downloads.pause_all()  # closing is not cancelling: the next start resumes them
        await self.runner.shutdown(grace=0.25)  # cancel flags → tasks → pool (terminate stragglers) → cluster
        if self._retiring:
            await asyncio.gather(*self._retiring, return_exceptions=True)
        for session in [*self._old_sessions, self._session]:
            if session is not None:
                await session.close()
        self.downloads.close()
        self.journal.close()
        if not self.threads.shutdown(wait=True, cancel_futures=True, timeout_ms=500):
            log.warning("thread pool still busy after 0.5 s")
        self.bridge.close()
        self.sampler.stop()
        if self.warming is not None and not await asyncio.to_thread(self.warming.stop):
            log.warning("start-up imports still running at exit")
        return time.perf_counter() - t0


def _report_restore(restored: asyncio.Future) -> None:
    """A journal that could not be read back is said in the log (the window starts with what it has)."""
    if not restored.cancelled() and restored.exception() is not None:
        log.warning("could not show the unfinished downloads: %s", restored.exception())


def create_app(argv: list[str] | None = None):
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from tributary.gui.i18n import LanguageSwitcher

    QCoreApplication.setOrganizationName("Tributary")
    QCoreApplication.setApplicationName("Tributary")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    settings = QSettings()
    languages = LanguageSwitcher(app)
    from tributary.gui.desktop import install_theme
    from tributary.gui.preferences import language_code

    languages.apply(language_code(settings))  # "system" (the default) follows the desktop's language
    install_theme(app, settings)  # Fusion, light or dark as stored (System follows the desktop)
    return app, settings, languages


async def _first_of(*awaitables) -> None:
    """Until the first of ``awaitables`` is done; the others are cancelled."""
    tasks = [asyncio.ensure_future(a) for a in awaitables]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class ShutdownSignals:
    """SIGTERM, SIGINT and SIGHUP close the window: the same ordered shutdown as its close button.

    A Python signal handler runs only when the main thread runs Python code, and Qt's loop may sleep in
    C++ for a long time; ``loop.add_signal_handler`` (asyncio's wake-up fd, watched by qasync through a
    QSocketNotifier) wakes the loop at once and runs the handler on it. The exit status is 0 after
    SIGTERM or SIGHUP (asked to stop, and stopped cleanly, as a session manager expects) and 130 after
    SIGINT (Ctrl-C: interrupted, as the command line reports it).
    """

    SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

    def __init__(self) -> None:
        self.received: int | None = None
        self.requested = asyncio.Event()
        self._installed: list[int] = []

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        for sig in self.SIGNALS:
            try:
                loop.add_signal_handler(sig, self._on_signal, sig)
                self._installed.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - not a Unix loop
                signal.signal(sig, lambda signum, frame: loop.call_soon_threadsafe(self._on_signal, signum))

    def remove(self, loop: asyncio.AbstractEventLoop) -> None:
        for sig in self._installed:
            loop.remove_signal_handler(sig)
        self._installed = []

    def _on_signal(self, sig: int) -> None:
        log.info("received %s: closing", signal.Signals(sig).name)
        if self.received is None:
            self.received = sig
        self.requested.set()

    @property
    def exit_status(self) -> int:
        return 128 + signal.SIGINT if self.received == signal.SIGINT else 0

    async def close_on_signal(self, window) -> None:
        await self.requested.wait()
        window.close()


def report_startup_problems(window, services) -> None:
    """Say what was wrong on disk and was worked around (a damaged journal set aside)."""
    message = services.journal.recovery_message
    if message:
        from tributary.gui.i18n import ENGINE

        window.statusBar().showMessage(ENGINE.tr(message))
        log.warning(message)  # again, now that the log dock listens (a Message: shown in the user's language)


async def run_window(app, settings, languages, *, self_test: bool = False, instance=None,
                     entries: list | None = None, signals: ShutdownSignals | None = None) -> dict:
    """The main coroutine: show the window, wait for it to close, shut down, report."""
    from tributary.gui.main_window import MainWindow
    from tributary.workers import arrays

    removed = arrays.remove_stale_blocks()
    if removed:
        log.info("removed %d stale shared-memory block(s) left by a crashed run", len(removed))
    services = Services(app, settings, languages, journal_path=":memory:" if self_test else None)
    services.errors.install(asyncio.get_running_loop())  # nothing a slot or a task raises wedges the window
    try:
        window = MainWindow(services)
        window.desktop.attach_instance(instance, entries or [])  # links from this start and from later ones
        report = await _until_closed(window, services, self_test, signals)
        report["shutdown_seconds"] = round(await services.shutdown(), 4)
    finally:
        services.errors.close()  # the hooks go: an error after the loop is printed as Python prints it
    if services.errors.count:
        report["uncaught_errors"] = [message for message, _ in services.errors.reports]
    window.deleteLater()
    return report


async def _until_closed(window, services, self_test: bool, signals: ShutdownSignals | None = None) -> dict:
    """Show ``window``, warm what the first job needs, run the self-test if asked; return when it closed."""
    closed = asyncio.Event()
    window.closing.connect(closed.set)
    painted = asyncio.Event()
    window.painted.connect(painted.set)
    window.meter.start()
    window.show()
    report_startup_problems(window, services)
    log.info("window shown")
    report: dict = {}
    runner_task = None
    on_signal = asyncio.ensure_future(signals.close_on_signal(window)) if signals is not None else None
    await _first_of(painted.wait(), closed.wait())  # a signal may close the window before it paints
    from tributary.workers.procs import process_age

    # the moment of the first paint, before anything below (warm imports, the self-test's own modules) runs
    painted_after = process_age() if painted.is_set() else None
    if not closed.is_set():  # (closed before it painted, by a signal at start-up: nothing to warm)
        # the self-test draws no chart: it needs the engine's modules, not the chart library
        # then start the pool's processes: a job started later pays no spawn, and the spawn of a large
        # process does not land in the middle of someone's work; then what the Lab's first view needs.
        # One step at a time on one side thread, with a pause between steps: run side by side (three
        # threads), these steps held the GIL in turn long enough to make the window 50-150 ms late in
        # the first second after it painted (module initialisation in C, fork of a large process).
        services.warming = WarmImports(("numpy", "aiohttp") if self_test else ("numpy", "aiohttp", "pyqtgraph"),
                                       then=(services.pool.warm,) if self_test else (services.pool.warm, warm_lab))
        warmed = services.warming.start()
        warmed.add_done_callback(lambda f: f.cancelled() or f.exception())  # a failure is retried where needed
        warmed.add_done_callback(lambda _: freeze_heap())  # start-up's objects: out of the collector's way
        if self_test:
            from tributary.gui.selftest import run_self_test

            runner_task = asyncio.ensure_future(run_self_test(window, services, painted, report, warmed,
                                                              process_start=T_PROCESS_START,
                                                              painted_after=painted_after))
    await closed.wait()
    for task in (runner_task, on_signal):
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    return report


def warm_lab() -> None:
    """What the Lab tab's first view needs, loaded off the GUI thread: its engine modules (~0.1 s cold) and
    the code it shows (a file read each)."""
    from tributary.workers.lab import registry

    registry.warm()


def freeze_heap() -> None:
    """Move every object made so far (modules, classes, widgets: start-up's hundreds of thousands) into
    the garbage collector's permanent generation, so that a full collection looks only at what came
    later. Without it, building a long queue (10,000 URLs added: tens of thousands of new objects) sets
    off a full collection of the whole heap — ~50 ms with the GIL held, a freeze of the window whichever
    thread triggers it. Called once the window is up and the big modules are loaded. On Python 3.11 only
    (see :data:`tributary.workers.cluster.FREEZE_SAFE`)."""
    import gc

    from tributary.workers.cluster import FREEZE_SAFE

    if FREEZE_SAFE:
        gc.freeze()


class WarmImports:
    """Import ``modules`` on a side thread; :meth:`start` returns a future that completes when they are loaded.

    numpy, aiohttp and pyqtgraph are not needed to show the window (start-up stays fast), but the
    first job or chart would pay their import on the GUI thread: ~0.1 s for numpy, ~0.5 s for pyqtgraph
    (PySide's import hook reads each module's source). Loaded on a side thread right after the first
    paint, with a 1 ms GIL switch interval, the GUI thread keeps its beat.

    The thread is not a daemon, and shutdown stops it (no module after the current one) and joins
    it: a daemon thread still importing when the interpreter finalizes is ended with ``pthread_exit``
    as soon as it asks for the GIL, which unwinds through shiboken's C++ frames in the middle of building a
    Qt enum and crashed the app with SIGSEGV at exit on Python 3.12/3.13 (an app stopped during
    pyqtgraph's import, found in tests/test_desktop_x11.py with a core dump).

    On Python 3.11 the thread starts only once shiboken's type table has room for every type the imports
    make (:mod:`tributary.gui.type_table`): a rehash of that table under the GUI thread's GIL-free read
    crashed the window in ~3 % of starts here.
    """

    PAUSE = 0.02  # between two steps: the GUI thread gets the GIL for a couple of beats

    def __init__(self, modules: tuple[str, ...], then: tuple = ()) -> None:
        import threading

        self.modules = modules
        self.then = then  # callables run after the imports, one at a time, on the same thread
        self.loaded: list[str] = []
        self._stop = threading.Event()
        self.thread: threading.Thread | None = None
        self._reserving: asyncio.Future | None = None  # the type table's growth, before the thread starts

    def start(self) -> asyncio.Future:
        import importlib
        import threading

        from tributary.gui import type_table

        loop = asyncio.get_running_loop()
        done = loop.create_future()

        def settle(error: BaseException | None) -> None:
            if not done.done():
                done.set_exception(error) if error else done.set_result(None)

        def work() -> None:
            error = None
            try:  # the window's thread comes first when both want a core (Linux: a thread's own nice)
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
            except (AttributeError, OSError):
                pass
            steps = [(name, lambda name=name: importlib.import_module(name)) for name in self.modules]
            steps += [(getattr(fn, "__name__", repr(fn)), fn) for fn in self.then]
            for i, (name, step) in enumerate(steps):
                if self._stop.wait(self.PAUSE if i else 0):
                    break
                try:
                    step()
                    self.loaded.append(name)
                except Exception as exc:  # reported, and the import is retried where it is needed
                    error = exc
            if not loop.is_closed():
                try:
                    loop.call_soon_threadsafe(settle, error)
                except RuntimeError:  # the loop closed meanwhile: nobody waits
                    pass

        self.thread = threading.Thread(target=work, name="warm-imports")
        if type_table.reserved >= type_table.CAPACITY or not type_table.NEEDED:
            self.thread.start()
            return done

        def begin(reserving: asyncio.Future) -> None:
            if self._stop.is_set() or reserving.cancelled():
                settle(None)
                return
            if reserving.exception() is not None:  # imported all the same (what ran before this guard)
                log.warning("no room made in shiboken's type table: %r", reserving.exception())
            self.thread.start()

        # the imports make PySide types: room in shiboken's type table first (see gui/type_table.py)
        self._reserving = asyncio.ensure_future(type_table.reserve())
        self._reserving.add_done_callback(begin)
        return done

    def stop(self, timeout: float = 30.0) -> bool:
        """No module after the one being imported; wait for the thread (True when it has ended)."""
        self._stop.set()
        if self.thread is not None and self.thread.ident is not None:  # (not started: nothing to wait for)
            self.thread.join(timeout)
            return not self.thread.is_alive()
        return True


def warm_imports(modules: tuple[str, ...]) -> asyncio.Future:
    """:class:`WarmImports` for callers that wait for all of them (the benchmarks)."""
    return WarmImports(modules).start()


def run_qt(coro):
    """Run ``coro`` to its end on a qasync loop that drives the QApplication (what ``qasync.run`` does), and
    return its result.

    ``qasync.run`` on Python 3.11 installs an event-loop policy for the whole process, so every asyncio loop
    made later on *any* thread is a Qt loop — and Dask's client and LocalCluster (on the cluster's thread)
    fail on one ("Nanny failed to start", "Event loop stopped before Future completed"). A loop factory
    makes this one loop a Qt loop and leaves other threads' loops plain (as ``qasync.run`` does on 3.12).
    """
    import qasync
    from PySide6.QtWidgets import QApplication

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(QApplication.instance())) as runner:
        return runner.run(coro)


def run_app(*, self_test: bool = False, as_json: bool = False, verbose: bool = False,
            targets: list[str] | None = None) -> int:
    if self_test:
        _headless_default()
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger("tributary").setLevel(logging.INFO)  # the log dock shows INFO and up

    # A thread that wants the GIL gets it after at most this long (default 5 ms). The GUI thread runs
    # short Python slots between long numpy calls of pool threads, so a shorter hand-over keeps it on time.
    sys.setswitchinterval(0.001)
    app, settings, languages = create_app()
    instance, entries = None, []
    if not self_test:  # single instance: a second start hands its links to the running window
        from tributary.gui.desktop import claim_instance

        forwarded, instance, entries = claim_instance(settings, list(targets or []))
        if forwarded:
            log.info("handed %d link(s) to the running Tributary", len(entries))
            return 0
    signals = ShutdownSignals()  # SIGTERM, SIGINT, SIGHUP: the same path as closing the window

    async def main() -> dict:
        signals.install(asyncio.get_running_loop())
        try:
            return await run_window(app, settings, languages, self_test=self_test, instance=instance,
                                    entries=entries, signals=signals)
        finally:
            signals.remove(asyncio.get_running_loop())

    report = run_qt(main())
    if not self_test:
        return signals.exit_status
    from tributary.workers.arrays import leaked_blocks
    from tributary.workers.procs import worker_descendants

    report["leaked_processes"] = len(worker_descendants())
    report["leaked_shm_segments"] = len(leaked_blocks())
    checks = report.setdefault("checks", {"ran_to_the_end": False})
    checks["nothing_left_behind"] = not report["leaked_processes"] and not report["leaked_shm_segments"]
    ok = all(checks.values())
    report["ok"] = ok  # exit status 0 only when every check held, the UI timing one included
    if as_json:
        print(json.dumps(report))
    else:
        for job in report.get("jobs", []):
            print(f"{job['kind']:<10} {job['executor']:<10} {job['expected']:<9} → {job['state']:<9} "
                  f"{job['seconds']:.3f} s")
        print(f"UI lateness ms: {report.get('ui_lateness_ms')}; leaked processes {report['leaked_processes']}, "
              f"shm segments {report['leaked_shm_segments']}; {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1
