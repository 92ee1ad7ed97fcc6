"""Time the inputs that used to blow up (issue 10, item 5) at the sizes of the issue.

    python benchmarks/blowups.py

Prints wall seconds and peak traced memory per case. The tests in
tests/test_blowups.py check the answers on smaller inputs; timings live here.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import pandas as pd  # noqa: E402
from builders import claim_row, make_claims_folder  # noqa: E402

from ffcheck.authoring.coverage import measure_coverage  # noqa: E402
from ffcheck.consistency.context import SCOPE  # noqa: E402
from ffcheck.consistency.relations import part_of_cycles  # noqa: E402
from ffcheck.consistency.rules import sources_disagree  # noqa: E402
from ffcheck.text.document import Document  # noqa: E402
from ffcheck.text.quotes import closest_match  # noqa: E402


class _Context:
    def __init__(self, claims: pd.DataFrame):
        self.claims = claims


def copies_of_one_claim(n: int) -> None:
    claims = pd.DataFrame(
        {
            "claim_id": [f"c{i:06}" for i in range(n)],
            **{key: ["x"] * n for key in SCOPE},
            "lo": 900.0,
            "hi": 900.0,
            "t_from": 2015.0,
            "t_to": 2015.99,
            "source": "",
            "as_of": "2015",
            "from_start": True,
            "period_start": "",
        }
    )
    sources_disagree.derive(_Context(claims))


def part_of_chain(n: int) -> None:
    members = pd.DataFrame(
        {
            "relation_id": [f"r{i}" for i in range(n) for _ in (0, 1)],
            "kind": "part_of",
            "position": [p for _ in range(n) for p in (0, 1)],
            "claim_id": [f"c{i + p}" for i in range(n) for p in (0, 1)],
            "_file": "relations.csv",
            "_line": [i + 2 for i in range(n) for _ in (0, 1)],
        }
    )
    assert part_of_cycles(members) == []


def long_line_coverage(repeats: int) -> None:
    row = claim_row(claim_id="fra-a")
    line = row["quote"] + " " + "there were 12 cases and dozens more, " * repeats
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_claims_folder(Path(tmp), [row], document=f"T\n\nTest\n\n{line}\n")
        measure_coverage(folder)


def stale_quotes(n: int) -> None:
    sentences = [f"Sentence {i} tells of town{i} and river{i}." for i in range(5000)]
    document = Document("d", "t", "\n".join(sentences))
    for i in range(n):
        closest_match(document, f"tells of town{i} and river{i} now")


CASES: list[tuple[str, Callable[[int], None], int]] = [
    ("sources-disagree, copies of one claim", copies_of_one_claim, 8_000),
    ("sources-disagree, copies of one claim", copies_of_one_claim, 100_000),
    ("part_of cycle walk, chain", part_of_chain, 100_000),
    ("coverage, one line of 'N cases and dozens more'", long_line_coverage, 30_000),
    ("stale quotes against 5,000 sentences", stale_quotes, 300),
]


def main() -> None:
    print(f"{'case':<50} {'size':>9} {'seconds':>8} {'peak MB':>8}")
    for name, func, size in CASES:
        tracemalloc.start()
        started = time.perf_counter()
        func(size)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"{name:<50} {size:>9,} {seconds:>8.2f} {peak:>8.0f}")


if __name__ == "__main__":
    main()
