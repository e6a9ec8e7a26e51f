"""Run every benchmark and print one table (``./dev.sh bench [--quick] [names...]``)."""

from __future__ import annotations

import argparse
import importlib

from bench.table import print_table, save

SUITES = ("downloads", "primes", "shm", "combined", "lab", "soak")


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("suites", nargs="*", help=f"any of {', '.join(SUITES)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    args = parser.parse_args()
    unknown = set(args.suites) - set(SUITES)
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    rows = []
    for name in args.suites or SUITES:
        rows += importlib.import_module(f"bench.{name}_bench").run(quick=args.quick)
    print_table(rows)
    print(f"\nsaved {save(rows, 'bench')}")


if __name__ == "__main__":
    main()
