"""Benchmark harness: ffcheck against an independent plain pandas/numpy baseline.

    python benchmarks/run.py                      # 10k, 100k and 1M claims (make bench)
    python benchmarks/run.py --sizes 10000 100000
    python benchmarks/run.py --quick              # 10k, one run each, results not written

For each size it generates (once, cached under benchmarks/.data/) a synthetic
corpus with planted contradictions of every rule (benchmarks/synth.py), then
runs, each in a fresh process and three times (medians are reported):

- ffcheck's own pipeline: parse CSV, pandera schemas, import GX, derived
  tables, GX suites, findings, HTML report;
- the baseline, benchmarks/independent.py: a second implementation of every
  row check and rule written from the specs, importing nothing of ffcheck (its
  process runs without src/ on the path, and reports whether ffcheck got
  imported), with no pandera and no GX.

Both must find exactly the planted contradictions (recall 100%, nothing
unplanted) and the same findings; the harness fails otherwise. It prints wall
time and peak memory per stage, and ratios ffcheck/baseline per common stage
(row checks; consistency = everything after them) and for all work after CSV
parsing (parsing itself is reported separately, the HTML report is ffcheck's
alone). It also times ``ffcheck check``/``report``/``--help`` on the bundled
claims against a bare import of pandas, pandera and great_expectations.
Results go to benchmarks/results.json.
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
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from stages import Stages  # noqa: E402

DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results.json"
EXPECTATIONS = ROOT / "expectations"
SIZES = [10_000, 100_000, 1_000_000]
# ffcheck from this checkout's src/, whatever the installed (editable) copy points at.
ENV = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "PYTHONPATH": str(ROOT / "src")}
# The baseline runs with nothing of this checkout on its path but benchmarks/ itself.
BASELINE_ENV = {k: v for k, v in ENV.items() if k != "PYTHONPATH"}
# Stages of each side that do the same work, for the per-stage ratios.
COMMON = {
    "row checks": {"ffcheck": ["schemas (pandera)"], "baseline": ["row checks"]},
    "consistency": {
        "ffcheck": ["import GX", "derived tables", "GX suites", "findings"],
        "baseline": ["intervals, windows, relations", "rules"],
    },
}
NOT_COMPARED = ("parse CSV", "report (HTML)")


def findings_key(rule: str, ids: list[str]) -> str:
    return f"{rule}|{' '.join(sorted(ids))}"


def measure_ffcheck(folder: Path) -> dict[str, Any]:
    from ffcheck.engine import Stopwatch, find_conflicts
    from ffcheck.load import load_claimset
    from ffcheck.pipeline import build_report
    from ffcheck.schemas import validate_claims, validate_vocabularies

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
    from ffcheck.context import build_context
    from ffcheck.render.html import render_html

    html = render_html(report, claimset, build_context(claimset).claims, None)
    stages.done("report (HTML)")
    found = [findings_key(f.rule, [c.claim_id for c in f.claims]) for f in report.findings]
    claims = claimset.claims
    rows = zip(claims["_file"], claims["_line"], strict=True)
    located = dict(zip(rows, claims["claim_id"], strict=True))
    return {
        "stages": stages.rows,
        "problems": [str(p) for p in report.problems[:5]],
        # the claim rows with a problem, for independent.py --verify to compare its row checks
        "problem_claims": sorted(
            {located[p.file, p.line] for p in report.problems if (p.file, p.line) in located}
        ),
        "findings": found,
        "report_bytes": len(html.encode("utf-8")),
    }


def in_process(kind: str, folder: Path) -> dict[str, Any]:
    """One measured run in a fresh process: ffcheck here, the baseline in independent.py."""
    if kind == "ffcheck":
        command, env = [sys.executable, __file__, "--measure", kind, str(folder)], ENV
    else:
        command = [sys.executable, str(ROOT / "benchmarks" / "independent.py"), str(folder)]
        env = BASELINE_ENV
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.splitlines()[-1])
    if result.get("imports_ffcheck"):
        raise SystemExit("the baseline imported ffcheck: it is no longer independent")
    return result


def after_parsing(stages: dict[str, dict[str, float]]) -> float:
    return sum(v["seconds"] for k, v in stages.items() if k not in NOT_COMPARED)


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The first run's findings with each stage's median time and median peak, and the
    median of the runs' times after parsing (not the sum of the stages' medians)."""
    total = statistics.median(after_parsing(r["stages"]) for r in runs)
    stages = {
        stage: {
            key: round(statistics.median(r["stages"][stage][key] for r in runs), 3)
            for key in ("seconds", "peak_mb")
        }
        for stage in runs[0]["stages"]
    }
    return {**runs[0], "stages": stages, "runs": len(runs), "after_parsing": total}


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
        out = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, check=False)
        runs.append(time.perf_counter() - start)
        # exit 1 is "an unreviewed error finding"; a crash must not pass for a fast run
        if out.returncode not in (0, 1) or b"Traceback" in out.stderr:
            raise SystemExit(f"{' '.join(command)} failed:\n{out.stderr.decode()[-2000:]}")
    return round(statistics.median(runs), 3)


def bundled_timings(repeat: int = 3) -> dict[str, float]:
    # python -m ffcheck: this checkout's code, not whatever the venv's script imports
    python, ffcheck = sys.executable, [sys.executable, "-m", "ffcheck"]
    with tempfile.TemporaryDirectory() as tmp:
        figures = {
            "import pandas, pandera, great_expectations": timed(
                [python, "-c", "import pandas, pandera.pandas, great_expectations"], repeat
            ),
            "ffcheck check": timed([*ffcheck, "check", "--format", "json"], repeat),
            "ffcheck report": timed([*ffcheck, "report", "-o", f"{tmp}/r.html"], repeat),
            "ffcheck --help": timed([*ffcheck, "--help"], repeat + 2),
            "ffcheck --version": timed([*ffcheck, "--version"], repeat + 2),
        }
    bare = figures["import pandas, pandera, great_expectations"]
    figures["check / import ratio"] = round(figures["ffcheck check"] / bare, 2)
    figures["report / import ratio"] = round(figures["ffcheck report"] / bare, 2)
    return figures


def compared(ff: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Seconds, peaks and ratios ffcheck/baseline: per common stage and after parsing."""

    def seconds(side: dict[str, Any], names: list[str]) -> float:
        return sum(side["stages"][n]["seconds"] for n in names)

    stages = {}
    for stage, names in COMMON.items():
        a, b = seconds(ff, names["ffcheck"]), seconds(base, names["baseline"])
        stages[stage] = {"ffcheck_s": round(a, 3), "baseline_s": round(b, 3)}
        stages[stage]["ratio"] = round(a / b, 2) if b else None
    ff_time, base_time = ff["after_parsing"], base["after_parsing"]
    ff_peak = max(v["peak_mb"] for v in ff["stages"].values())
    base_peak = max(v["peak_mb"] for v in base["stages"].values())
    return {
        "parse_csv_s": {
            "ffcheck": ff["stages"]["parse CSV"]["seconds"],
            "baseline": base["stages"]["parse CSV"]["seconds"],
        },
        "per_stage": stages,
        "ffcheck_s": round(ff_time, 3),
        "baseline_s": round(base_time, 3),
        "time_ratio": round(ff_time / base_time, 2),
        "ffcheck_peak_mb": ff_peak,
        "baseline_peak_mb": base_peak,
        "memory_ratio": round(ff_peak / base_peak, 2),
    }


def run_size(size: int, runs: int) -> dict[str, Any]:
    folder = DATA / str(size)
    if not (folder / "planted.json").exists():
        print(f"generating {size:,} claims ...", flush=True)
        from synth import generate

        generate(size, folder)
    planted = json.loads((folder / "planted.json").read_text())
    ff_runs, base_runs = [], []
    for i in range(runs):  # interleaved, so that a busy spell hits both sides alike
        print(f"  {size:,} claims, run {i + 1}/{runs}", flush=True)
        ff_runs.append(in_process("ffcheck", folder))
        base_runs.append(in_process("baseline", folder))
    ff, base = median_of(ff_runs), median_of(base_runs)
    if set(ff["findings"]) != set(base["findings"]):
        raise SystemExit(f"{size}: ffcheck and the baseline found different contradictions")
    return {
        "runs": runs,
        "ffcheck": ff["stages"],
        "baseline": base["stages"],
        "verified_ffcheck": verify("ffcheck", ff, planted),
        "verified_baseline": verify("baseline", base, planted),
        "report_bytes": ff["report_bytes"],
        **compared(ff, base),
    }


def show(size: int, row: dict[str, Any]) -> None:
    print(
        f"\n{size:,} claims (median of {row['runs']}): after parsing ffcheck {row['ffcheck_s']} s"
        f" vs baseline {row['baseline_s']} s (x{row['time_ratio']}), peak "
        f"{row['ffcheck_peak_mb']} MB vs {row['baseline_peak_mb']} MB (x{row['memory_ratio']});"
        f" planted {row['verified_ffcheck']['planted']} found by both, nothing unplanted"
    )
    parse = row["parse_csv_s"]
    print(f"  parse CSV: ffcheck {parse['ffcheck']} s, baseline {parse['baseline']} s")
    for stage, fig in row["per_stage"].items():
        print(f"  {stage}: ffcheck {fig['ffcheck_s']} s, baseline {fig['baseline_s']} s "
              f"(x{fig['ratio']})")  # fmt: skip
    for name in ("ffcheck", "baseline"):
        for stage, fig in row[name].items():
            seconds, peak = fig["seconds"], fig["peak_mb"]
            print(f"  {name:<8} {stage:<30} {seconds:>8.3f} s  {peak:>8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=SIZES)
    parser.add_argument("--runs", type=int, default=3, help="runs per side and size (median)")
    parser.add_argument(
        "--quick", action="store_true", help="test size: 10k claims, one run, no results file"
    )
    parser.add_argument("--out", type=Path, help=f"results file (default {RESULTS.name})")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_ffcheck(Path(args.measure[1]))))
        return
    if args.quick:
        args.sizes, args.runs = [10_000], 1
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}",
        "baseline": "benchmarks/independent.py (imports nothing of ffcheck)",
        "sizes": {},
    }
    for size in args.sizes:
        results["sizes"][str(size)] = row = run_size(size, args.runs)
        show(size, row)
    sizes = sorted(int(s) for s in results["sizes"])
    if 100_000 in sizes and 1_000_000 in sizes:
        growth = results["sizes"]["1000000"]["ffcheck_s"] / results["sizes"]["100000"]["ffcheck_s"]
        results["growth_100k_to_1M"] = round(growth, 2)
        print(f"\ntime from 100k to 1M: x{growth:.2f}")
    results["bundled"] = bundled_timings(args.runs)
    print("\nbundled document:", json.dumps(results["bundled"], indent=1))
    out = args.out or (None if args.quick else RESULTS)
    if out is not None:
        out.write_text(json.dumps(results, indent=1) + "\n")
        print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
