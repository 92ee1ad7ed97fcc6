"""Run once in mutmut's fork server (tests/conftest.py): one case of every rule and the
bundled claims, so that the processes forked for the mutants start with GX, DuckDB and
ibis imported, a GX context built and the rules' SQL compiled."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path


def warm_up() -> None:
    from test_rules import load_cases, run_case

    from ffcheck.pipeline import run_check

    run_check(Path("claims"))
    seen: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="ffcheck-warmup-") as scratch:
        for rule, name, case in load_cases():
            if rule not in seen:
                seen.add(rule)
                run_case(Path(scratch) / name, case, rule)
    gc.collect()  # close the warm-up's DuckDB connections before anything forks
