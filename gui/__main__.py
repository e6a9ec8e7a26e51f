"""Entry point: ``tributary`` / ``python -m tributary.gui``.

``freeze_support()`` comes first (frozen spawn workers must never reach Qt). Engine subcommands go to
the Qt-free command line; everything else starts the window.
"""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    argv = sys.argv[1:] if argv is None else list(argv)
    from tributary.workers import cli

    if cli.is_engine_command(argv) or any(a in ("-h", "--help", "--version") for a in argv[:1]):
        try:
            return cli.main(argv)
        except KeyboardInterrupt:  # Ctrl-C while Python was still importing
            return cli.EXIT_INTERRUPTED
    # links and URL lists for the window (``tributary URL… FILE…``, a desktop launcher's %U) are not options
    targets = [a for a in argv if not a.startswith("-")]
    args = cli.build_parser(commands=False).parse_args([a for a in argv if a.startswith("-")])
    from tributary.gui.app import run_app

    return run_app(self_test=args.self_test, as_json=args.json, verbose=args.verbose, targets=targets)


if __name__ == "__main__":
    sys.exit(main())
