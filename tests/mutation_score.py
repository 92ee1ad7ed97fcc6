"""Print the mutation score of the last ``mutmut run``, per mutated module (``make mutate``).

Reads mutmut's result files (mutants/**/*.py.meta). A mutant is killed when a test failed
(or crashed, or timed out); "no tests" means no selected test ran the mutated function, and
counts as not killed. Exits 1 when the total is below the threshold (85% by default) or
when mutants are left unchecked.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 152, 255}  # a failing test, a pytest crash, a CPU timeout
TIMED_OUT = {24, -24, 36, 152, 255}  # killed by the time limit: shown apart, to be looked at
SKIPPED = {34, 37}  # skipped, or caught by a type checker before any test


def scores(mutants: Path) -> dict[str, tuple[int, int, int, int]]:
    """Killed, judged, not yet checked and timed-out mutants of each module (mutmut's
    ``.meta`` files). A judged mutant was run against its tests (or had none: "no tests"
    is not killed). A timed-out mutant counts as killed (a mutant that loops forever is
    caught) but is counted apart too: a hang of the harness would look the same.
    """
    result = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = list(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values())
        judged = [c for c in codes if c is not None and c not in SKIPPED]
        module = str(meta.relative_to(mutants)).removesuffix(".meta")
        killed, timeouts = sum(c in KILLED for c in judged), sum(c in TIMED_OUT for c in judged)
        result[module] = (killed, len(judged), codes.count(None), timeouts)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=Path, default=Path("mutants"))
    parser.add_argument("--min", type=float, default=85.0, help="minimum total percent killed")
    args = parser.parse_args()
    table = scores(args.mutants)
    if not table:
        print("no mutmut results: run `make mutate` first", file=sys.stderr)
        return 2
    print(f"{'module':<58} {'killed / judged':>16} {'%':>6} {'unchecked':>9} {'timeouts':>8}")
    for module, (killed, judged, unchecked, timeouts) in table.items():
        percent = f"{100 * killed / judged:5.1f}%" if judged else "     -"
        print(f"{module:<58} {killed:>7} / {judged:<6} {percent} {unchecked:>9} {timeouts:>8}")
    columns = zip(*table.values(), strict=True)
    killed, judged, unchecked, timeouts = (sum(column) for column in columns)
    percent = 100 * killed / judged if judged else 0.0
    print(f"{'total':<58} {killed:>7} / {judged:<6} {percent:5.1f}% {unchecked:>9} {timeouts:>8}")
    if unchecked:
        print(f"incomplete: {unchecked} mutants not checked yet (rerun `mutmut run`)")
    return 0 if percent >= args.min and not unchecked else 1


if __name__ == "__main__":
    sys.exit(main())
