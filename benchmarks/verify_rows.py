"""Do ffcheck and benchmarks/independent.py flag the same rows and find the same conflicts?

    python benchmarks/verify_rows.py [SEED]

The synthetic corpora are all valid and planted by rule, so they test neither
the row checks nor the rules on text-like data. This copies the bundled claims
and changes one kind of cell in a few rows per copy, then runs
``independent.py --verify --claims`` on each copy: breaking a cell (a date, a
bound, a quote, a figure, ...) must give problems on exactly the same claim
rows; a change that keeps rows valid (another date, side, measure; relation
members reversed) must give exactly the same findings. Exits non-zero on any
difference.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
CLAIMS = HERE.parent / "claims"
RESERVED = {"documents.csv", "relations.csv", "reviews.csv", "coverage_ignore.csv"}
Break = Callable[[str, random.Random], str]
# kind of damage: (column, how a cell is broken)
BREAKS: dict[str, tuple[str, Break]] = {
    "date": ("as_of", lambda v, r: r.choice(["2014-13", "2015-02-30", "14", "1899", "2031"])),
    "period": ("period_start", lambda v, r: r.choice(["2019-12", "2010", "2016-02-29"])),
    "low above high": ("low", lambda v, r: "99999999"),
    "low emptied": ("low", lambda v, r: ""),
    "number cell": ("high", lambda v, r: r.choice(["1,000", "-5", "1e3", "abc", " 5"])),
    "subject": ("subject", lambda v, r: "XXX"),
    "qualifier": ("qualifier", lambda v, r: r.choice(["exact", "up_to", "more_than", "nearly"])),
    "unit": ("unit", lambda v, r: r.choice(["percent", "persons", "count", "percent_change"])),
    "scope": ("scope", lambda v, r: r.choice(["Bad Scope", "ok-tag"])),
    "claim id": ("claim_id", lambda v, r: r.choice(["Bad_Id", v + "-", "deu-travelled-778"])),
    "quote": ("quote", lambda v, r: r.choice([v + " zzz", v[: max(1, len(v) // 6)]])),
    "figure": ("figure", lambda v, r: r.choice(["about 7", "nearly half", "over 12", v + "0"])),
    "section": ("section", lambda v, r: r.choice(["Belgium", "Nowhere", ""])),
    # valid changes: new comparisons for the inferred rules, so new findings
    "valid: as_of": ("as_of", lambda v, r: v and str(r.randint(2011, 2019))),
    "valid: side": ("side", lambda v, r: r.choice(["anti_government", "unspecified"])),
    "valid: measure": ("measure", lambda v, r: r.choice(["travelled", "killed", "returned"])),
    "valid: relations": ("claims", lambda v, r: " ".join(reversed(v.split()))),
}


def broken_copy(target: Path, column: str, damage: Break, rng: random.Random) -> None:
    shutil.copytree(CLAIMS, target)
    tables = sorted(p for p in target.glob("*.csv") if p.name not in RESERVED)
    for path in [target / "relations.csv"] if column == "claims" else rng.sample(tables, 3):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for i in rng.sample(range(len(frame)), min(2 if column != "claims" else 20, len(frame))):
            frame.loc[i, column] = damage(frame.loc[i, column], rng)
        frame.to_csv(path, index=False)


def main() -> None:
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        for kind, (column, damage) in BREAKS.items():
            target = Path(tmp) / kind.replace(" ", "_")
            broken_copy(target, column, damage, rng)
            command = [sys.executable, str(HERE / "independent.py"), "--verify", "--claims"]
            out = subprocess.run([*command, str(target)], capture_output=True, text=True)
            counts = [
                line for line in out.stdout.splitlines() if line.startswith(("rows", "ffcheck "))
            ]
            print(f"{kind:<17} {'same' if out.returncode == 0 else 'DIFFERENT'}: {counts[:1]}")
            if out.returncode:
                differ += 1
                print("   " + "\n   ".join((out.stdout or out.stderr).splitlines()[-6:]))
    print(f"{len(BREAKS) - differ} of {len(BREAKS)} kinds of change: the same rows and findings")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
