"""`python -m bench [emotion|llm|evaluation|api|e2e ...]`: run the benchmarks (all of them by default).

Each prints its tables and writes bench/results/<name>-<time>.json (and <name>-latest.json).
`python -m bench.<name> --help` lists a benchmark's own options (rounds, seconds, levels).
"""

from __future__ import annotations

import argparse
import importlib
import time
import traceback

from bench.common import say, wait_for_quiet

BENCHMARKS = ("emotion", "llm", "evaluation", "api", "e2e")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="before each benchmark, wait up to this long for other work on the machine to stop",
    )
    args = parser.parse_args()
    names = args.names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}: choose from {', '.join(BENCHMARKS)}")
    failed = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        sub = argparse.ArgumentParser()
        module.add_arguments(sub)
        if args.wait_quiet:
            busy = wait_for_quiet(args.wait_quiet)
            say(f"  machine: {busy:.1f} cores busy with other work before '{name}'")
        started = time.monotonic()
        try:
            module.run(sub.parse_args([]))
        except Exception:  # one benchmark's failure does not stop the others; it is reported at the end
            traceback.print_exc()
            failed.append(name)
        say(f"  ({name}: {time.monotonic() - started:.0f}s)")
    if failed:
        say(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
