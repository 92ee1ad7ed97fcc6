"""Print the mutation score of the last ``mutmut run``, per mutated module (``make mutate``).

Reads mutmut's result files (mutants/**/*.py.meta). A mutant is killed when a test failed
(or crashed, or timed out); "no tests" means no selected test ran the mutated function, and
counts as not killed. Exits 1 when the total is below the threshold (85% by default).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

KILLED = {1, 3, 24, -24, 36, 152, 255}  # a failing test, a pytest crash, a CPU timeout
SKIPPED = {34, 37}  # skipped, or caught by a type checker before any test


def scores(mutants: Path) -> dict[str, tuple[int, int]]:
    """Killed and total mutants of each module, from mutmut's ``.meta`` files."""
    result = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values()
        judged = [c for c in codes if c not in SKIPPED]
        if judged:
            module = str(meta.relative_to(mutants)).removesuffix(".meta")
            result[module] = (sum(c in KILLED for c in judged), len(judged))
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
    for module, (killed, total) in table.items():
        print(f"{module:<52} {killed:>4} / {total:<4} {100 * killed / total:5.1f}%")
    killed = sum(k for k, _ in table.values())
    total = sum(t for _, t in table.values())
    percent = 100 * killed / total
    print(f"{'total':<52} {killed:>4} / {total:<4} {percent:5.1f}%")
    return 0 if percent >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
