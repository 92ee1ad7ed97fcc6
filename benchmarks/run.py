"""Benchmark harness: ffcheck against a plain vectorized pandas/numpy baseline.

    python benchmarks/run.py                      # 10k, 100k and 1M claims (make bench)
    python benchmarks/run.py --sizes 10000 100000

For each size it generates (once, cached under benchmarks/.data/) a synthetic
corpus with planted contradictions of every rule (benchmarks/synth.py), then
runs, each in a fresh process:

- ffcheck's own pipeline: parse CSV, pandera schemas, import GX, derived
  tables, GX suites, findings, HTML report;
- the baseline: the same checks written directly in pandas/numpy (the same
  row checks and relation tables, the suites' comparisons evaluated with numpy,
  no pandera, no GX).

Both must find exactly the planted contradictions (recall 100%, nothing
unplanted); the harness fails otherwise. It prints wall time and peak memory
per stage and the ratio to the baseline (CSV parsing excluded from the ratio),
and times ``ffcheck check``/``report``/``--help`` on the bundled claims against
a bare import of pandas, pandera and great_expectations. Results go to
benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results.json"
EXPECTATIONS = ROOT / "expectations"
SIZES = [10_000, 100_000, 1_000_000]
ENV = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}


class Stages:
    """Wall time and peak resident memory per stage (RSS sampled every 5 ms)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, float]] = {}
        self.peak = 0
        self._stop = False
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self.started = time.perf_counter()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _sample(self) -> None:
        while not self._stop:
            self.peak = max(self.peak, self.rss())
            time.sleep(0.005)

    def done(self, stage: str, seconds: float | None = None) -> None:
        now = time.perf_counter()
        self.peak = max(self.peak, self.rss())
        self.rows[stage] = {
            "seconds": round(now - self.started if seconds is None else seconds, 3),
            "peak_mb": round(self.peak / 2**20, 1),
        }
        self.peak = self.rss()
        self.started = now


def findings_key(rule: str, ids: list[str]) -> str:
    return f"{rule}|{' '.join(sorted(ids))}"


def measure_ffcheck(folder: Path) -> dict[str, Any]:
    from ffcheck.consistency.engine import Stopwatch, find_conflicts
    from ffcheck.pipeline import build_report
    from ffcheck.tables.load import load_claimset
    from ffcheck.validate.claims import validate_claims
    from ffcheck.validate.vocab import validate_vocabularies

    stages = Stages()
    claimset = load_claimset(folder)
    stages.done("parse CSV")
    problems = validate_vocabularies(claimset) + validate_claims(claimset)
    stages.done("schemas (pandera)")
    import great_expectations  # noqa: F401

    stages.done("import GX")
    report = build_report(claimset, problems, len(claimset.claims))
    watch = Stopwatch()
    t0 = time.perf_counter()
    find_conflicts(claimset, report, EXPECTATIONS, lambda _: None, watch)
    total = time.perf_counter() - t0
    stages.done("derived tables", watch.seconds.get("derive", 0.0))
    stages.rows["GX suites"] = {
        "seconds": round(watch.seconds.get("expectations", 0.0), 3),
        "peak_mb": stages.rows["derived tables"]["peak_mb"],
    }
    stages.rows["findings"] = {
        "seconds": round(
            total - sum(watch.seconds.get(k, 0.0) for k in ("derive", "expectations")), 3
        ),
        "peak_mb": stages.rows["derived tables"]["peak_mb"],
    }
    from ffcheck.consistency.context import build_context
    from ffcheck.render.html import render_html

    html = render_html(report, claimset, build_context(claimset).claims, None)
    stages.done("report (HTML)")
    found = [findings_key(f.rule, [c.claim_id for c in f.claims]) for f in report.findings]
    return {
        "stages": stages.rows,
        "problems": [str(p) for p in report.problems[:5]],
        "findings": found,
        "report_bytes": len(html.encode("utf-8")),
    }


def measure_baseline(folder: Path) -> dict[str, Any]:
    """The same checks with pandas/numpy alone: no pandera, no GX."""
    import numpy as np
    import pandas as pd

    from ffcheck.consistency.context import build_context
    from ffcheck.consistency.registry import all_rules
    from ffcheck.tables.load import load_claimset
    from ffcheck.validate.claims import CLAIM_ID_PATTERN, NUMBER_CELL_PATTERN, row_checks

    stages = Stages()
    claimset = load_claimset(folder)
    stages.done("parse CSV")
    claims, vocab = claimset.claims, claimset.vocab
    bad = claims["claim_id"].duplicated(keep=False) | ~claims["claim_id"].str.fullmatch(
        CLAIM_ID_PATTERN
    )
    for column, table in (
        ("subject", "subjects"),
        ("side", "sides"),
        ("cohort", "cohorts"),
        ("measure", "measures"),
        ("qualifier", "qualifiers"),
        ("unit", "units"),
    ):
        bad |= ~claims[column].isin(vocab[table][column])
    bad |= ~claims["doc"].isin(list(claimset.documents))
    for column in ("low", "high"):
        bad |= ~claims[column].str.fullmatch(NUMBER_CELL_PATTERN)
    for check in row_checks(claimset):
        bad |= ~check.func(claims).astype(bool)
    problems = int(bad.sum())
    stages.done("schemas (pandas)")
    ctx = build_context(claimset)
    tables = {r.id: r.module.derive(ctx) for r in all_rules()}
    stages.done("derived tables")
    found: list[str] = []
    failing: dict[str, Any] = {}
    for rule, table in tables.items():
        suite = json.loads((EXPECTATIONS / f"{rule}.json").read_text())
        mask = np.zeros(len(table), dtype=bool)
        for expectation in suite["expectations"]:
            kwargs = expectation["kwargs"]
            if "column_A" in kwargs:
                a, b = (
                    table[kwargs["column_A"]].to_numpy(float),
                    table[kwargs["column_B"]].to_numpy(float),
                )
                mask |= ~(a >= b) & ~(np.isnan(a) & np.isnan(b))
            else:
                mask |= ~(table[kwargs["column"]].to_numpy(float) <= kwargs["max_value"])
        failing[rule] = table[mask]
    stages.done("checks (numpy)")
    for rule, rows in failing.items():
        id_columns = [c for c in rows.columns if str(c).startswith("claim_")]
        for values in rows[id_columns].itertuples(index=False):
            ids = [i for v in values if isinstance(v, str) for i in v.split() if i != "-"]
            found.append(findings_key(rule, list(dict.fromkeys(ids))))
    stages.done("findings")
    return {
        "stages": stages.rows,
        "problems": [f"{problems} invalid rows"] if problems else [],
        "findings": found,
        "pd": pd.__version__,
    }


def in_process(kind: str, folder: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", kind, str(folder)],
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.splitlines()[-1])


def verify(name: str, result: dict[str, Any], planted: dict[str, list[list[str]]]) -> dict:
    want = {findings_key(rule, ids) for rule, cases in planted.items() for ids in cases}
    got = set(result["findings"])
    missed, extra = sorted(want - got), sorted(got - want)
    if result["problems"] or missed or extra:
        raise SystemExit(
            f"{name}: problems {result['problems']}, missed {missed[:5]}, unplanted {extra[:5]}"
        )
    return {"planted": len(want), "found": len(got), "recall": 1.0, "unplanted": 0}


def timed(command: list[str], repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, check=False)
        runs.append(time.perf_counter() - start)
    return round(statistics.median(runs), 3)


def bundled_timings() -> dict[str, float]:
    python, ffcheck = sys.executable, str(Path(sys.executable).with_name("ffcheck"))
    with tempfile.TemporaryDirectory() as tmp:
        figures = {
            "import pandas, pandera, great_expectations": timed(
                [python, "-c", "import pandas, pandera.pandas, great_expectations"]
            ),
            "ffcheck check": timed([ffcheck, "check", "--format", "json"]),
            "ffcheck report": timed([ffcheck, "report", "-o", f"{tmp}/r.html"]),
            "ffcheck --help": timed([ffcheck, "--help"], 5),
            "ffcheck --version": timed([ffcheck, "--version"], 5),
        }
    bare = figures["import pandas, pandera, great_expectations"]
    figures["check / import ratio"] = round(figures["ffcheck check"] / bare, 2)
    figures["report / import ratio"] = round(figures["ffcheck report"] / bare, 2)
    return figures


def compared(ff: dict[str, Any], base: dict[str, Any]) -> dict[str, float]:
    def after_parsing(stages: dict[str, dict[str, float]], skip: tuple[str, ...]) -> float:
        return sum(v["seconds"] for k, v in stages.items() if k not in skip)

    ff_time = after_parsing(ff["stages"], ("parse CSV", "report (HTML)"))
    base_time = after_parsing(base["stages"], ("parse CSV",))
    ff_peak = max(v["peak_mb"] for v in ff["stages"].values())
    base_peak = max(v["peak_mb"] for v in base["stages"].values())
    return {
        "ffcheck_s": round(ff_time, 3),
        "baseline_s": round(base_time, 3),
        "time_ratio": round(ff_time / base_time, 2),
        "ffcheck_peak_mb": ff_peak,
        "baseline_peak_mb": base_peak,
        "memory_ratio": round(ff_peak / base_peak, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=SIZES)
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, folder = args.measure
        runner = measure_ffcheck if kind == "ffcheck" else measure_baseline
        print(json.dumps(runner(Path(folder))))
        return
    from synth import generate

    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}",
        "sizes": {},
    }
    for size in args.sizes:
        folder = DATA / str(size)
        if not (folder / "planted.json").exists():
            print(f"generating {size:,} claims ...", flush=True)
            generate(size, folder)
        planted = json.loads((folder / "planted.json").read_text())
        ff, base = in_process("ffcheck", folder), in_process("baseline", folder)
        row = {
            "ffcheck": ff["stages"],
            "baseline": base["stages"],
            "verified_ffcheck": verify("ffcheck", ff, planted),
            "verified_baseline": verify("baseline", base, planted),
            "report_bytes": ff["report_bytes"],
            **compared(ff, base),
        }
        results["sizes"][str(size)] = row
        print(
            f"\n{size:,} claims: ffcheck {row['ffcheck_s']} s vs baseline {row['baseline_s']} s "
            f"(x{row['time_ratio']}), peak {row['ffcheck_peak_mb']} MB vs "
            f"{row['baseline_peak_mb']} MB (x{row['memory_ratio']}); planted "
            f"{row['verified_ffcheck']['planted']} found by both, nothing unplanted"
        )
        for name, stages in (("ffcheck", ff["stages"]), ("baseline", base["stages"])):
            for stage, fig in stages.items():
                seconds, peak = fig["seconds"], fig["peak_mb"]
                print(f"  {name:<8} {stage:<20} {seconds:>8.3f} s  {peak:>8.1f} MB")
    sizes = sorted(int(s) for s in results["sizes"])
    if 100_000 in sizes and 1_000_000 in sizes:
        growth = results["sizes"]["1000000"]["ffcheck_s"] / results["sizes"]["100000"]["ffcheck_s"]
        results["growth_100k_to_1M"] = round(growth, 2)
        print(f"\ntime from 100k to 1M: x{growth:.2f}")
    results["bundled"] = bundled_timings()
    print("\nbundled document:", json.dumps(results["bundled"], indent=1))
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
