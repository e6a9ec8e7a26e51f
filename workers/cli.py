"""The ``tributary`` command line: engine subcommands that never import Qt.

``tributary`` alone (or ``--self-test``) starts the window; that path lives in ``gui/__main__.py``,
which hands every engine subcommand to :func:`main` here before Qt is imported.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures as cf
import json
import logging
import math
import os
import signal
import sys

from . import __version__, trace_export
from .jobs import JobState, UserError
from .pool import ProcessPool
from .runner import JobRunner

ENGINE_COMMANDS = ("download", "primes", "nth", "shm", "lab")
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_WORKERS_PER_CORE = 4


GLOBAL_FLAGS = ("-v", "--verbose", "--json")  # options written before the subcommand (``tributary -v primes …``)


def is_engine_command(argv: list[str]) -> bool:
    """Whether ``argv`` runs an engine subcommand: its first word past the global flags names one."""
    words = [a for a in argv if a not in GLOBAL_FLAGS]
    return bool(words) and words[0] in ENGINE_COMMANDS


def loop_factory():
    """The event loop a command line run gets: uvloop's (libuv) where it is installed, else asyncio's.

    A run's event loop is its one busy thread: 1,000 × 16 KiB from loopback nginx, interleaved runs here,
    0.87-1.04 s on asyncio's loop, 0.77-0.89 s on uvloop's. ``TRIBUTARY_LOOP=asyncio`` keeps asyncio's (to
    compare, or to rule the loop out). The window's loop is Qt's (qasync) and the Lab's command line keeps
    asyncio's: it compares asyncio's own techniques.
    """
    if os.environ.get("TRIBUTARY_LOOP", "").strip().lower() == "asyncio":
        return None
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def _run_loop(coro):
    factory = loop_factory()
    with asyncio.Runner(loop_factory=factory) as runner:
        loop = runner.get_loop()
        logging.getLogger("tributary.cli").info("event loop: %s.%s", type(loop).__module__, type(loop).__qualname__)
        return runner.run(coro)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; ``commands=False``: the window's options only (the window's start-up
    then never loads the subcommands' modules, such as the Lab's eight experiments: ~60 ms)."""
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="tributary", description="Many things at once, never frozen.")
    parser.add_argument("--version", action="version", version=f"Tributary {__version__}")
    parser.add_argument("--self-test", action="store_true", help="open the window offscreen, run and cancel "
                        "one job of each kind, print a report and exit (0 when everything held)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command")

    d = sub.add_parser("download", help="download URLs into a folder, concurrently and safely")
    d.add_argument("urls", nargs="*", metavar="URL")
    d.add_argument("-i", "--input", help="a .txt/.csv list: one URL per line, optionally followed by its checksum (SHA-256, SHA-512, SHA-1 or MD5; bare hex or md5:HEX)")
    d.add_argument("-d", "--dir", default=".", help="destination folder, created if missing (default: the current one)")
    d.add_argument("-j", "--jobs", type=int, default=8, help="downloads at once, 1-64 (default 8)")
    d.add_argument("--per-host", type=int, default=None, help="downloads at once per host (default: as -j)")
    d.add_argument("--retries", type=int, default=5)
    d.add_argument("--timeout", type=float, default=30.0, help="connect and idle-read timeout in seconds")
    d.add_argument("--deadline", type=float, default=None, help="give the whole batch at most this many seconds")
    d.add_argument("--manifest", action="store_true", help="write SHA256SUMS for the finished files")
    d.add_argument("--gunzip", action="store_true", help="decompress finished .gz files")
    d.add_argument("--journal", help="SQLite journal (default: the app's, so unfinished items resume)")
    d.add_argument("--split", default="auto", help="connections per file: 1-16, or auto (adapts; the default)")
    d.add_argument("--limit", default="0", help="speed limit for the whole batch, e.g. 5M or 500K (bytes/s; 0 = none)")
    d.add_argument("--proxy", default=None, help="http://[user:pass@]host:port or socks5://[user:pass@]host:port "
                   "(default: the system's HTTP_PROXY/HTTPS_PROXY/ALL_PROXY)")
    d.add_argument("--json", action="store_true", dest="json_sub")

    p = sub.add_parser("primes", help="count or list the primes in [LOW, HIGH] (both inclusive)")
    p.add_argument("low")
    p.add_argument("high")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--count", action="store_true", help="count only (the default)")
    mode.add_argument("--list", action="store_true", help="write every prime to -o FILE, in order")
    p.add_argument("-o", "--output", help="file for --list (written only when complete)")
    p.add_argument("--force", action="store_true", help="let --list replace an existing -o file")
    p.add_argument("--twins", action="store_true", help="also count twin-prime pairs")
    p.add_argument("--workers", type=int, default=cores,
                   help=f"parallel workers (default {cores}; at most {MAX_WORKERS_PER_CORE} per core)")
    _compute_options(p)

    n = sub.add_parser("nth", help="find the N-th prime (after START: the N-th prime greater than START)")
    n.add_argument("n", metavar="N")
    n.add_argument("--after", default="0", metavar="START", help="count primes greater than START (default 0)")
    n.add_argument("--workers", type=int, default=cores,
                   help=f"parallel workers (default {cores}; at most {MAX_WORKERS_PER_CORE} per core)")
    _compute_options(n)

    s = sub.add_parser("shm", help="fill N elements of shared memory with f(i) in parallel and reduce")
    s.add_argument("n")
    s.add_argument("--kernel", choices=("squares", "sqrt", "sin"), default="squares")
    s.add_argument("--workers", type=int, default=cores,
                   help=f"parallel workers (default {cores}; at most {MAX_WORKERS_PER_CORE} per core)")
    s.add_argument("--executor", choices=("processes", "threads", "single"), default="processes")
    s.add_argument("--json", action="store_true", dest="json_sub")
    trace_export.add_cli_option(d, p, n, s)

    from .lab.cli import add_parser as add_lab_parser

    add_lab_parser(sub)
    return parser


def _compute_options(p: argparse.ArgumentParser) -> None:
    """Where and how prime chunks run: executor, kernel, Dask cluster."""
    p.add_argument("--executor", choices=("auto", "processes", "threads", "cluster"), default="auto",
                   help="auto (the default): threads with the C kernel (its calls release the GIL, and threads "
                   "start at once), processes with the numpy one")
    p.add_argument("--kernel", choices=("auto", "libprimesieve", "numpy"), default="auto",
                   help="libprimesieve (C) where it loads, else the numpy sieve (default auto)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the chunks on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786)")
    where.add_argument("--cluster", metavar="local[:N]",
                       help="start a Dask cluster of N worker processes on this machine and run the chunks there")
    p.add_argument("--json", action="store_true", dest="json_sub")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    else:  # results and errors are printed per item; the log is for -v
        logging.getLogger("tributary").addHandler(logging.NullHandler())
        logging.getLogger("tributary").propagate = False
    args.json = args.json or getattr(args, "json_sub", False)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "lab":
        from .lab.cli import main as lab_main

        return lab_main(args)
    try:
        request = _validate(args)
    except UserError as exc:
        print(f"tributary {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        _sweep_stale_blocks()
        return trace_export.run_traced(args.trace, lambda: _run_loop(_run(args, request)),
                                       lambda line: print(f"tributary {args.command}: {line}", file=sys.stderr))
    except KeyboardInterrupt:  # Ctrl-C before the run's own handler was in place: nothing to pause yet
        print(f"tributary {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _sweep_stale_blocks() -> None:
    """Delete shared-memory blocks a crashed run left (their owner is gone), as the window does."""
    from .shm_blocks import remove_stale_blocks  # (not .arrays: NumPy's side, the pool, the kernels)

    removed = remove_stale_blocks()
    if removed:
        logging.getLogger("tributary.cli").info("removed %d stale shared-memory block(s): %s", len(removed), removed)


def _validate(args):
    if args.command == "download":
        return _validate_download(args)
    if args.command == "primes":
        return _validate_primes(args)
    if args.command == "nth":
        return _validate_nth(args)
    from .arrays import check_size
    from .primes import parse_bound

    n = parse_bound(args.n, "array size", maximum=10**18)
    check_size(n, args.kernel)
    args.workers = _capped_workers(args)
    return n


def _validate_download(args) -> list[tuple[str, str | None]]:
    from .downloads.engine import check_folder, parse_lines

    entries = [(u, None) for u in args.urls]
    if args.input:
        try:
            with open(args.input, encoding="utf-8-sig") as fh:
                entries += parse_lines(fh.read())
        except OSError as exc:
            raise UserError(f"Cannot read {args.input}: {exc.strerror}.") from exc
        except UnicodeDecodeError as exc:
            raise UserError(f"{args.input} is not UTF-8 text ({exc.reason} at byte {exc.start:,}).") from exc
    if not entries:
        raise UserError("Give at least one URL, or -i FILE.")
    if not 1 <= args.jobs <= 64:
        raise UserError("-j must be between 1 and 64.")
    if args.per_host is not None and not 1 <= args.per_host <= 64:
        raise UserError("--per-host must be between 1 and 64.")
    if not 0 <= args.retries <= 100:
        raise UserError("--retries must be between 0 and 100.")
    _check_seconds("--timeout", args.timeout)
    if args.deadline is not None:
        _check_seconds("--deadline", args.deadline)
    _download_flags(args)
    args.dir = str(check_folder(args.dir))  # last: it creates the folder
    return entries


def _executor(args) -> str:
    """``--scheduler``/``--cluster`` mean the cluster executor; a local cluster's size sets the workers.
    (The kernel asked for is checked here too: ``--kernel libprimesieve`` without the library is a usage error.)"""
    from .primes_c import kernel_label

    label = kernel_label(args.kernel)
    if args.cluster:
        from .cluster import parse_cluster

        size = parse_cluster(args.cluster)
        if size:
            args.workers = size
        return "cluster"
    if args.scheduler:
        from .cluster import check_address

        check_address(args.scheduler)
        return "cluster"
    if args.executor == "auto":
        return "processes" if label == "numpy" else "threads"
    return args.executor


def _cluster_for(args):
    """The Dask cluster the command asked for (None when it runs on this machine's pools)."""
    if getattr(args, "executor", None) != "cluster" and not getattr(args, "scheduler", None) and not getattr(args, "cluster", None):
        return None
    from .cluster import Cluster

    if getattr(args, "scheduler", None):
        return Cluster(args.scheduler)
    return Cluster(workers=args.workers)


def _download_flags(args) -> None:
    """--split, --limit and --proxy, checked and turned into values (args.split: 0 = adaptive)."""
    from .downloads.engine import MAX_SPLIT
    from .downloads.proxy import check_proxy
    from .downloads.ratelimit import parse_rate

    split = str(args.split).strip().lower()
    if split in ("auto", "0"):
        args.split = 0
    elif split.isdigit() and 1 <= int(split) <= MAX_SPLIT:
        args.split = int(split)
    else:
        raise UserError(f"--split must be auto or between 1 and {MAX_SPLIT}, not {args.split!r}.")
    try:
        args.limit = parse_rate(str(args.limit))
    except ValueError:
        raise UserError(f"--limit must be a rate such as 5M, 500K or 0, not {args.limit!r}.") from None
    args.proxy = check_proxy(args.proxy)


def _check_seconds(flag: str, value: float) -> None:
    if not math.isfinite(value) or value <= 0:
        raise UserError(f"{flag} must be a number of seconds above 0, not {value:g}.")


def _validate_primes(args):
    from .listing import check_target
    from .primes import PrimeRequest, parse_bounds

    low, high = parse_bounds(args.low, args.high)
    if args.output == "-":
        raise UserError("-o - (standard output) is not supported: give a file name.")
    if args.output is not None and not args.list:
        raise UserError("-o is for --list only (--count prints the count).")
    if args.list and not args.output:
        raise UserError("--list needs -o FILE.")
    if args.list:
        try:
            check_target(args.output, overwrite=args.force)
        except UserError as exc:
            if os.path.lexists(args.output) and not args.force and not os.path.isdir(args.output):
                raise UserError(f"{args.output} exists already; choose another name, or add --force to replace it.") from exc
            raise
    executor = _executor(args)  # before the cap: --cluster local:N sets the workers
    args.workers = _capped_workers(args)
    return PrimeRequest(low, high, workers=args.workers, executor=executor,
                        listing_path=args.output if args.list else None, buckets=0, twins=args.twins,
                        kernel=args.kernel, overwrite=args.force)


def _validate_nth(args):
    from .nth_prime import check_nth
    from .primes import PrimeRequest, parse_bound

    n = parse_bound(args.n, "n")
    after = parse_bound(args.after, "start")
    executor = _executor(args)
    args.workers = _capped_workers(args)
    check_nth(n, after)
    return PrimeRequest(after, after, workers=args.workers, executor=executor, buckets=0, twins=False,
                        kernel=args.kernel, mode="nth", nth=n)


def _capped_workers(args) -> int:
    """``--workers``, at least 1 and at most ``MAX_WORKERS_PER_CORE`` per core (more only costs memory)."""
    if args.workers < 1:
        raise UserError("--workers must be at least 1.")
    cores = os.cpu_count() or 1
    most = MAX_WORKERS_PER_CORE * cores
    if args.workers > most:
        print(f"tributary {args.command}: --workers {args.workers:,} is more than this machine can use; "
              f"using {most} ({MAX_WORKERS_PER_CORE} per core, {cores} cores).", file=sys.stderr)
        return most
    return args.workers


# -- download ----------------------------------------------------------------------------------------
class _DownloadRun:
    """Everything one ``tributary download`` needs, opened in order and closed in the reverse order."""

    def __init__(self, args) -> None:
        from .downloads.engine import DownloadEngine, Settings
        from .downloads.journal import Journal
        from .downloads.progress import ProgressDisplay
        from .downloads.proxy import make_session

        settings = Settings(concurrency=args.jobs, per_host=args.per_host or args.jobs, retries=args.retries,
                            connect_timeout=args.timeout, read_timeout=args.timeout, deadline=args.deadline,
                            manifest=args.manifest, decompress_gz=args.gunzip, split=args.split,
                            speed_limit=args.limit, overlap_commits=True)
        self.args = args
        self.threads = cf.ThreadPoolExecutor(max_workers=2, thread_name_prefix="tributary")
        self.runner = JobRunner(self.threads, ProcessPool(workers=1))
        self.journal = Journal(args.journal)
        self.session = make_session(args.proxy, limit=0, limit_per_host=0)
        self.engine = DownloadEngine(self.runner, self.journal, self._session, settings)
        self.display = ProgressDisplay(self.engine, live=sys.stderr.isatty() and not args.json)
        self.interrupted = False
        self.reported: set[int] = set()

    async def _session(self):
        return self.session

    def interrupt(self) -> None:
        """Ctrl-C or SIGTERM: pause everything (the ``.part`` files stay; the same command resumes)."""
        self.interrupted = True
        self.engine.pause_all()

    async def close(self) -> None:
        await self.runner.shutdown()
        await self.session.close()
        self.engine.close()
        self.journal.close()  # gives this run's rows back: the next run (or the window) may adopt them
        self.threads.shutdown(wait=True)

    def report_finished(self) -> None:
        """Print each of this run's items once, as it ends."""
        for t in self.engine.transfers:
            if id(t) in self.reported or t.item.state in ("queued", "running"):
                continue
            self.reported.add(id(t))
            _print_item(self.args, t, self.display)


def _print_item(args, t, display) -> None:
    item = t.item
    note = str(t.note) if t.note else None
    if args.json:
        arrived = item.state == "done" or item.sha256 is not None  # a .gz that did not decompress arrived
        print(json.dumps({"url": item.url, "path": item.path if arrived else None, "state": item.state,
                          "bytes": item.bytes_done, "sha256": item.sha256, "error": item.error, "note": note}),
              flush=True)
        return
    if item.state == "done":
        line = f"{item.path} ({note})" if note else item.path
    elif item.error:
        line = f"{item.state}: {item.error}"
    elif item.state == "paused":
        line = "paused (run the same command again to resume)"
    else:
        line = item.state
    display.line(f"{item.url} → {line}")


async def _download(args, entries) -> int:
    loop = asyncio.get_running_loop()
    early: list[int] = []  # a signal while the journal opens: the run stops as soon as it exists
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, early.append, sig)
    try:
        run = _DownloadRun(args)
    except BaseException:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        raise
    if run.journal.recovery_message:
        print(f"tributary download: {run.journal.recovery_message}", file=sys.stderr)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, run.interrupt)
    try:
        run.engine.add(entries, args.dir)
        if early:
            run.interrupt()
        done = asyncio.ensure_future(run.engine.run_all())
        while not done.done():
            await asyncio.wait([done], timeout=0.1)
            run.report_finished()
            run.display.tick()
        done.result()
        run.report_finished()
    except UserError as exc:
        print(f"tributary download: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        run.display.finish()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await run.close()
    return _download_summary(args, run)


def _download_summary(args, run: _DownloadRun) -> int:
    summary = run.engine.summary()
    states = summary["states"]
    if args.json:
        print(json.dumps({"summary": True, **summary}))
    else:
        print(f"{states.get('done', 0)} of {summary['items']} done, {summary['bytes']:,} bytes", file=sys.stderr)
    if run.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_OK if states.get("done", 0) == summary["items"] else EXIT_FAILED


async def _run(args, request) -> int:
    if args.command == "download":
        return await _download(args, request)
    pool = ProcessPool(workers=max(1, getattr(args, "workers", 1)))
    threads = cf.ThreadPoolExecutor(max_workers=max(1, getattr(args, "workers", 1)),
                                    thread_name_prefix="tributary")
    runner = JobRunner(threads, pool)
    runner.cluster = _cluster_for(args)
    loop = asyncio.get_running_loop()
    interrupted = False
    try:
        if args.command in ("primes", "nth"):
            from .primes import start_job

            job = start_job(runner, request)
        else:
            from .arrays import FillRequest, start_fill_job

            job = start_fill_job(runner, FillRequest(request, args.kernel, args.workers, args.executor))

        def on_sigint() -> None:
            nonlocal interrupted
            interrupted = True
            runner.cancel(job)

        loop.add_signal_handler(signal.SIGINT, on_sigint)
        loop.add_signal_handler(signal.SIGTERM, on_sigint)
        show = sys.stderr.isatty() and not args.json
        while not job.state.finished:
            await runner.wait(job, timeout=0.2)
            if show and not job.state.finished:
                print(f"\r{job.progress:6.1%} {job.text}", end="", file=sys.stderr, flush=True)
        if show:
            print("\r", end="", file=sys.stderr)
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        loop.remove_signal_handler(signal.SIGTERM)
        await runner.shutdown()
        threads.shutdown(wait=True, cancel_futures=True)
    if job.state is JobState.DONE:
        _print_result(args, job.result.to_dict())
        return EXIT_OK
    if job.state is JobState.CANCELLED:
        print(f"tributary {args.command}: cancelled", file=sys.stderr)
        return EXIT_INTERRUPTED if interrupted else EXIT_FAILED
    print(f"tributary {args.command}: {job.error}", file=sys.stderr)
    return EXIT_FAILED


def _print_result(args, result: dict) -> None:
    if args.command == "nth":
        if args.json:
            print(json.dumps(result))
        else:
            print(f"prime #{result['n']:,} after {result['after']:,}: {result['prime']}; {result['seconds']:.3f} s "
                  f"(start-up {result['startup_seconds']:.3f} s) on {result['workers']} {result['executor']}, "
                  f"kernel {result['kernel']}")
    elif args.command == "primes":
        out = {k: result[k] for k in ("low", "high", "count", "first", "last", "seconds",
                                      "startup_seconds", "compute_seconds", "workers", "executor", "kernel")}
        if args.twins:
            out["twins"] = result["twins"]
        if result["listing"]:
            out["listing"] = result["listing"]
        if args.json:
            print(json.dumps(out))
        else:
            if out["count"]:
                found = (f"{out['count']:,} primes in [{out['low']:,}, {out['high']:,}]"
                         + (f", {out['twins']:,} twin pairs" if args.twins else "")
                         + f"; first {out['first']}, last {out['last']}")
            else:
                found = f"no primes in [{out['low']:,}, {out['high']:,}]"
            print(f"{found}; {out['seconds']:.3f} s (start-up {out['startup_seconds']:.3f} s) "
                  f"on {out['workers']} {out['executor']}, kernel {out['kernel']}")
    else:
        out = dict(result)
        if args.json:
            print(json.dumps(out))
        else:
            line = f"{out['kernel']} over {out['n']:,}: result {out['result']!r}"
            if "exact" in out:
                line += (f"; exact {out['exact']} ({'matches' if out['exact_matches_closed_form'] else 'DIFFERS from'}"
                         f" the closed form; float relative error {out['relative_error']:.2e})")
            print(line + f"; {out['seconds']:.3f} s, {out['gbps']:.2f} GB/s on {out['workers']} {out['executor']}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
