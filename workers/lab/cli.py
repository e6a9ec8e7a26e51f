"""``tributary lab``: list the experiments, or run one headless on the same engine as the window.

    tributary lab
    tributary lab NAME [--param KEY=VALUE …] [--json] [--csv FILE] [--trace FILE]
    tributary lab NAME --code
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import json
import signal
import sys

from ..jobs import JobState, UserError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def add_parser(sub) -> None:
    """The ``lab`` subcommand (cheap: nothing of the Lab is imported until it runs)."""
    lab = sub.add_parser("lab", help="run a concurrency experiment of the Lab headless (without NAME: list them)")
    lab.add_argument("name", nargs="?", metavar="NAME")
    lab.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                     help="set a parameter (repeatable); `tributary lab NAME --code` lists them")
    lab.add_argument("--json", action="store_true", dest="json_sub", help="print the result as JSON")
    lab.add_argument("--csv", metavar="FILE", help="write the result table as CSV (UTF-8 with BOM)")
    lab.add_argument("--trace", metavar="FILE", help="write what ran where as a Chrome/Perfetto trace (JSON)")
    lab.add_argument("--code", action="store_true", help="print the code the experiment runs and what to look "
                     "for, without running it")


def main(args) -> int:
    from . import registry
    from .base import code_text, from_text, specs, to_text

    if not args.name:
        return _list(registry, args.json)
    try:
        experiment = registry.get(args.name)
        values = {}
        for item in args.param:
            key, sep, value = item.partition("=")
            if not sep:
                raise UserError(f"--param needs KEY=VALUE, not {item!r}.")
            values[key.strip()] = value
        params = from_text(experiment.params, values)
    except UserError as exc:
        where = f" ({exc.field})" if exc.field else ""
        print(f"tributary lab: {exc}{where}", file=sys.stderr)
        return EXIT_USAGE
    if args.code:
        print(f"# {experiment.title}\n# {experiment.look_for}\n")
        print(code_text(experiment))
        print("\n# " + experiment.explanation)
        print("\n# parameters: " + ", ".join(f"{name}={value}" for name, value in to_text(params).items()))
        print("# " + "; ".join(f"{name}: {spec.label}" for name, spec, _ in specs(experiment.params)))
        return EXIT_OK
    from .. import trace_export

    def say(line: str) -> None:
        print(f"tributary lab: {line}", file=sys.stderr)

    # what ran where: the run's spans are on this process's timeline; the one exporter writes them
    return trace_export.run_traced(args.trace, lambda: asyncio.run(_run(registry, experiment, params, args)), say)


def _list(registry, as_json: bool) -> int:
    from .base import to_text

    rows = [{"name": e.name, "title": str(e.title), "look_for": str(e.look_for), "params": to_text(e.params())}
            for e in registry.EXPERIMENTS.values()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        width = max(len(r["name"]) for r in rows)
        for r in rows:
            print(f"{r['name']:<{width}}  {r['title']}")
        print("\nRun one: tributary lab NAME [--param KEY=VALUE …]; read its code: tributary lab NAME --code")
    return EXIT_OK


async def _run(registry, experiment, params, args) -> int:
    from ..pool import ProcessPool
    from ..runner import JobRunner
    from .export import write_csv

    threads = cf.ThreadPoolExecutor(max_workers=2, thread_name_prefix="tributary")
    runner = JobRunner(threads, ProcessPool(workers=1))
    loop = asyncio.get_running_loop()
    interrupted = False
    job = registry.start(runner, experiment.name, params, nice=0)  # no window to keep responsive here

    def on_signal() -> None:
        nonlocal interrupted
        interrupted = True
        runner.cancel(job)

    loop.add_signal_handler(signal.SIGINT, on_signal)
    loop.add_signal_handler(signal.SIGTERM, on_signal)
    show = sys.stderr.isatty() and not args.json
    try:
        while not job.state.finished:
            await runner.wait(job, timeout=0.2)
            if show and not job.state.finished:
                print(f"\r{job.progress:6.1%} {job.text}\033[K", end="", file=sys.stderr, flush=True)
        if show:
            print("\r\033[K", end="", file=sys.stderr)
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        loop.remove_signal_handler(signal.SIGTERM)
        await runner.shutdown()
        threads.shutdown(wait=True, cancel_futures=True)
    if job.state is JobState.CANCELLED:
        print(f"tributary lab {experiment.name}: cancelled after {job.seconds or 0:.3f} s", file=sys.stderr)
        return EXIT_INTERRUPTED if interrupted else EXIT_FAILED
    if job.state is not JobState.DONE:
        print(f"tributary lab {experiment.name}: {job.error}", file=sys.stderr)
        return EXIT_FAILED
    result = job.result
    if args.csv:
        write_csv(result, args.csv)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _print_text(experiment, result)
    return EXIT_OK


def _print_text(experiment, result) -> None:
    print(f"{experiment.title} — {result.seconds:.2f} s")
    for line in result.summary():
        print(f"  {line}")
    table = result.table()
    cells = [table.headers()] + [[text for text, _ in row] for row in table.cells()]
    widths = [min(48, max(len(r[i]) for r in cells)) for i in range(len(cells[0]))]
    print()
    for r in cells:
        print("  ".join(v[:48].ljust(w) for v, w in zip(r, widths)).rstrip())
    print(f"\nLook for: {experiment.look_for}")
