"""Benchmark harness: ffcheck against an independent plain pandas/numpy baseline.

    python benchmarks/run.py                      # 10k, 100k, 1M and 10M claims (make bench)
    python benchmarks/run.py --sizes 10000 100000
    python benchmarks/run.py --quick              # 10k, one run each, results not written
    python benchmarks/run.py --engines duckdb     # without Spark local (JVM start, Java)

For each size it generates (once, cached under benchmarks/.data/) a synthetic
corpus with planted contradictions of every rule (benchmarks/synth.py), then
runs, each in a fresh process and three times (medians are reported):

- ffcheck's own pipeline, once per engine of its derived tables (DuckDB and Spark
  local; Spark up to 1M claims): parse CSV, pandera schemas, import GX, derived
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
SIZES = [10_000, 100_000, 1_000_000, 10_000_000]  # 10M: about 20 GB and 10 minutes a run
SPARK_UP_TO = 1_000_000
# ffcheck from this checkout's src/, whatever the installed (editable) copy points at.
# The synthetic files of 10M claims are 67-91 MB each, over ffcheck's 50 MB per file.
ENV = {
    "FFCHECK_MAX_FILE_MB": "200",
    **os.environ,
    "GX_ANALYTICS_ENABLED": "false",
    "PYTHONPATH": str(ROOT / "src"),
}
# Spark local's JVM (the driver, which also runs the tasks) gets 1 GB unless told more.
# (a value in the environment wins: ENV is merged over it)
SPARK_ENV = {"SPARK_DRIVER_MEMORY": "6g"}
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
HTML_STAGE = "report (HTML)"  # ffcheck's alone
NOT_COMPARED = ("parse CSV", HTML_STAGE)


def findings_key(rule: str, ids: list[str]) -> str:
    return f"{rule}|{' '.join(sorted(ids))}"


def measure_ffcheck(folder: Path, engine: str = "duckdb") -> dict[str, Any]:
    from ffcheck.consistency.engine import Stopwatch, find_conflicts
    from ffcheck.consistency.registry import all_rules
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
    context = find_conflicts(claimset, report, EXPECTATIONS, lambda _: None, watch, engine=engine)
    total = time.perf_counter() - t0
    # ffcheck's Stopwatch splits the wall time of find_conflicts; its CPU time is
    # known only as a whole, and is booked on "derived tables".
    stages.done("derived tables", watch.seconds.get("derive", 0.0))
    stages.rows["GX suites"] = {
        "seconds": round(watch.seconds.get("expectations", 0.0), 3),
        "cpu_s": 0.0,
        "peak_mb": stages.rows["derived tables"]["peak_mb"],
    }
    stages.rows["findings"] = {
        "seconds": round(
            total - sum(watch.seconds.get(k, 0.0) for k in ("derive", "expectations")), 3
        ),
        "cpu_s": 0.0,
        "peak_mb": stages.rows["derived tables"]["peak_mb"],
    }
    from ffcheck.render.html import render_html

    html = render_html(report, claimset, context.claims, None)  # the context, not a new one
    stages.done(HTML_STAGE)
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
        "rules": sorted(r.id for r in all_rules()),
        "report_bytes": len(html.encode("utf-8")),
    }


def in_process(kind: str, folder: Path) -> dict[str, Any]:
    """One measured run in a fresh process: ffcheck here (``kind`` "ffcheck:<engine>"),
    the baseline in independent.py."""
    if kind.startswith("ffcheck"):
        command, env = [sys.executable, __file__, "--measure", kind, str(folder)], ENV
        if kind.endswith(":spark"):
            env = {**SPARK_ENV, **env}
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


def after_parsing(stages: dict[str, dict[str, float]], key: str = "seconds") -> float:
    return sum(v[key] for k, v in stages.items() if k not in NOT_COMPARED)


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The first run's findings with each stage's median time and median peak, and the
    median of the runs' times after parsing (not the sum of the stages' medians)."""
    totals = {
        key: statistics.median(after_parsing(r["stages"], key) for r in runs)
        for key in ("seconds", "cpu_s")
    }
    stages = {
        stage: {
            key: round(statistics.median(r["stages"][stage][key] for r in runs), 3)
            for key in ("seconds", "cpu_s", "peak_mb")
        }
        for stage in runs[0]["stages"]
    }
    return {**runs[0], "stages": stages, "runs": len(runs), "after_parsing": totals}


def rule_of(key: str) -> str:
    return key.split("|", 1)[0]


def per_rule(ff: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Agreement rule by rule. A rule of ffcheck that the baseline lacks is listed as not
    compared (with how many findings ffcheck made), not failed and not passed in silence."""
    ff_found, base_found = set(ff["findings"]), set(base["findings"])
    agreed, differ = {}, {}
    for rule in sorted(set(ff["rules"]) & set(base["rules"])):
        mine = {k for k in ff_found if rule_of(k) == rule}
        theirs = {k for k in base_found if rule_of(k) == rule}
        agreed[rule] = len(mine)
        if mine != theirs:
            differ[rule] = {"ffcheck only": sorted(mine - theirs)[:5],
                            "baseline only": sorted(theirs - mine)[:5]}  # fmt: skip
    not_compared = {
        rule: sum(rule_of(k) == rule for k in ff_found)
        for rule in sorted(set(ff["rules"]) - set(base["rules"]))
    }
    unknown = sorted(set(base["rules"]) - set(ff["rules"]))
    if differ or unknown:
        raise SystemExit(
            f"ffcheck and the baseline differ: {differ}; rules ffcheck lacks: {unknown}"
        )
    return {"agreed": agreed, "not_compared": not_compared}


def verify(
    name: str, result: dict[str, Any], planted: dict[str, list[list[str]]], skip: set[str]
) -> dict:
    """Recall and precision against the planted cases, on the rules both sides have."""
    want = {findings_key(rule, ids) for rule, cases in planted.items() for ids in cases}
    want = {k for k in want if rule_of(k) not in skip}
    got = {k for k in result["findings"] if rule_of(k) not in skip}
    missed, extra = sorted(want - got), sorted(got - want)
    if result["problems"] or missed or extra:
        raise SystemExit(
            f"{name}: problems {result['problems']}, missed {missed[:5]}, unplanted {extra[:5]}"
        )
    return {"planted": len(want), "found": len(got), "recall": 1.0, "unplanted": 0}


CHILD_CPU: dict[str, float] = {}  # median CPU seconds of each timed command


def timed(command: list[str], repeat: int = 3, name: str = "") -> float:
    """Median wall seconds of ``command``; its median CPU seconds go to CHILD_CPU[name]."""
    runs, cpu = [], []
    for _ in range(repeat):
        start, before = time.perf_counter(), os.times()
        out = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, check=False)
        runs.append(time.perf_counter() - start)
        after = os.times()
        cpu.append(after.children_user + after.children_system)
        cpu[-1] -= before.children_user + before.children_system
        # exit 1 is "an unreviewed error finding"; a crash must not pass for a fast run
        if out.returncode not in (0, 1) or b"Traceback" in out.stderr:
            raise SystemExit(f"{' '.join(command)} failed:\n{out.stderr.decode()[-2000:]}")
    CHILD_CPU[name] = round(statistics.median(cpu), 3)
    return round(statistics.median(runs), 3)


def bundled_timings(repeat: int = 3) -> dict[str, float]:
    # python -m ffcheck: this checkout's code, not whatever the venv's script imports
    python, ffcheck = sys.executable, [sys.executable, "-m", "ffcheck"]
    bare_import = [python, "-c", "import pandas, pandera.pandas, great_expectations"]
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "import pandas, pandera, great_expectations": (bare_import, repeat),
            "ffcheck check": ([*ffcheck, "check", "--format", "json"], repeat),
            "ffcheck report": ([*ffcheck, "report", "-o", f"{tmp}/r.html"], repeat),
            "ffcheck --help": ([*ffcheck, "--help"], repeat + 2),
            "ffcheck --version": ([*ffcheck, "--version"], repeat + 2),
        }
        figures: dict[str, Any] = {n: timed(c, r, n) for n, (c, r) in commands.items()}
    bare = figures["import pandas, pandera, great_expectations"]
    figures["check / import ratio"] = round(figures["ffcheck check"] / bare, 2)
    figures["report / import ratio"] = round(figures["ffcheck report"] / bare, 2)
    figures["cpu_s"] = dict(CHILD_CPU)
    return figures


def compared(ff: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Seconds, peaks and ratios ffcheck/baseline: per common stage and after parsing."""

    def seconds(side: dict[str, Any], names: list[str], key: str) -> float:
        return sum(side["stages"][n][key] for n in names)

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 2) if b else None

    stages = {}
    for stage, names in COMMON.items():
        a, b = seconds(ff, names["ffcheck"], "seconds"), seconds(base, names["baseline"], "seconds")
        ca, cb = seconds(ff, names["ffcheck"], "cpu_s"), seconds(base, names["baseline"], "cpu_s")
        stages[stage] = {"ffcheck_s": round(a, 3), "baseline_s": round(b, 3), "ratio": ratio(a, b)}
        stages[stage] |= {"ffcheck_cpu_s": round(ca, 3), "baseline_cpu_s": round(cb, 3)}
        stages[stage]["cpu_ratio"] = ratio(ca, cb)
    ff_time, base_time = ff["after_parsing"]["seconds"], base["after_parsing"]["seconds"]
    ff_cpu, base_cpu = ff["after_parsing"]["cpu_s"], base["after_parsing"]["cpu_s"]
    # Peak memory of the work both sides do, as time is (the HTML report: its own line).
    ff_peak = max(v["peak_mb"] for k, v in ff["stages"].items() if k != HTML_STAGE)
    base_peak = max(v["peak_mb"] for v in base["stages"].values())
    return {
        "parse_csv_s": {
            side: {k: run["stages"]["parse CSV"][k] for k in ("seconds", "cpu_s")}
            for side, run in (("ffcheck", ff), ("baseline", base))
        },
        "per_stage": stages,
        "ffcheck_s": round(ff_time, 3),
        "baseline_s": round(base_time, 3),
        "time_ratio": round(ff_time / base_time, 2),
        "ffcheck_cpu_s": round(ff_cpu, 3),
        "baseline_cpu_s": round(base_cpu, 3),
        "cpu_ratio": ratio(ff_cpu, base_cpu),
        "ffcheck_peak_mb": ff_peak,
        "baseline_peak_mb": base_peak,
        "memory_ratio": round(ff_peak / base_peak, 2),
    }


def run_size(size: int, runs: int, engines: list[str]) -> dict[str, Any]:
    """ffcheck on each engine and the baseline on one corpus, interleaved run by run so
    that a busy spell hits every side alike; each engine is compared with the baseline."""
    folder = DATA / str(size)
    if not (folder / "planted.json").exists():
        print(f"generating {size:,} claims ...", flush=True)
        from synth import generate

        generate(size, folder)
    planted = json.loads((folder / "planted.json").read_text())
    ff_runs: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
    base_runs = []
    for i in range(runs):
        print(f"  {size:,} claims, run {i + 1}/{runs}", flush=True)
        for engine in engines:
            ff_runs[engine].append(in_process(f"ffcheck:{engine}", folder))
        base_runs.append(in_process("baseline", folder))
    base = median_of(base_runs)
    row: dict[str, Any] = {"runs": runs, "baseline": base["stages"], "engines": {}}
    for engine in engines:
        ff = median_of(ff_runs[engine])
        rules = per_rule(ff, base)
        skip = set(rules["not_compared"])
        row["engines"][engine] = {
            "ffcheck": ff["stages"],
            "rules": rules,
            "verified_ffcheck": verify(f"ffcheck on {engine}", ff, planted, skip),
            "verified_baseline": verify("baseline", base, planted, skip),
            "report_bytes": ff["report_bytes"],
            **compared(ff, base),
        }
    return row


def side_by_side(size: int, row: dict[str, Any]) -> None:
    """One line per engine and the baseline: after parsing, wall and CPU, peak, ratios."""
    print(f"\n{size:,} claims (median of {row['runs']})")
    print(f"  {'':<18} {'wall':>9} {'CPU':>9} {'peak':>10}  {'xCPU':>6} {'xpeak':>6}")
    for engine, fig in row["engines"].items():
        ratios = f"x{fig['cpu_ratio']:<5} x{fig['memory_ratio']}"
        print(f"  ffcheck on {engine:<7} {fig['ffcheck_s']:>8.2f}s {fig['ffcheck_cpu_s']:>8.2f}s "
              f"{fig['ffcheck_peak_mb']:>7.0f} MB  {ratios}")  # fmt: skip
    fig = next(iter(row["engines"].values()))
    print(f"  {'baseline':<18} {fig['baseline_s']:>8.2f}s {fig['baseline_cpu_s']:>8.2f}s "
          f"{fig['baseline_peak_mb']:>7.0f} MB")  # fmt: skip


def show(size: int, engine: str, row: dict[str, Any]) -> None:
    print(
        f"\n{size:,} claims, ffcheck on {engine} (median of {row['runs']}): after parsing"
        f" ffcheck {row['ffcheck_s']} s"
        f" vs baseline {row['baseline_s']} s (x{row['time_ratio']}), peak "
        f"{row['ffcheck_peak_mb']} MB vs {row['baseline_peak_mb']} MB (x{row['memory_ratio']});"
        f" planted {row['verified_ffcheck']['planted']} found by both, nothing unplanted;"
        f" CPU after parsing {row['ffcheck_cpu_s']} s vs {row['baseline_cpu_s']} s"
        f" (x{row['cpu_ratio']})"
    )
    not_compared = ", ".join(f"{r} ({n} found by ffcheck)" for r, n in
                             row["rules"]["not_compared"].items())  # fmt: skip
    print(f"  rules compared: {', '.join(f'{r} {n}' for r, n in row['rules']['agreed'].items())}")
    print(f"  not compared (no baseline rule): {not_compared or 'none'}")
    parse = row["parse_csv_s"]
    print(f"  parse CSV: ffcheck {parse['ffcheck']}, baseline {parse['baseline']}")
    for stage, fig in row["per_stage"].items():
        print(f"  {stage}: ffcheck {fig['ffcheck_s']} s, baseline {fig['baseline_s']} s "
              f"(x{fig['ratio']}); CPU {fig['ffcheck_cpu_s']} s vs {fig['baseline_cpu_s']} s "
              f"(x{fig['cpu_ratio']})")  # fmt: skip
    print(f"  {'':<39} {'wall':>9}  {'CPU':>9}  {'peak':>10}")
    for name in ("ffcheck", "baseline"):
        for stage, fig in row[name].items():
            seconds, cpu, peak = fig["seconds"], fig["cpu_s"], fig["peak_mb"]
            print(f"  {name:<8} {stage:<30} {seconds:>8.3f}s {cpu:>8.3f}s {peak:>8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=SIZES)
    parser.add_argument("--runs", type=int, default=3, help="runs per side and size (median)")
    parser.add_argument(
        "--quick", action="store_true", help="test size: 10k claims, one run, no results file"
    )
    parser.add_argument(
        "--engines",
        nargs="*",
        default=["duckdb", "spark"],
        help="ffcheck's engines to time beside the baseline (Spark: up to 1M claims)",
    )
    parser.add_argument("--out", type=Path, help=f"results file (default {RESULTS.name})")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        engine = args.measure[0].partition(":")[2] or "duckdb"
        print(json.dumps(measure_ffcheck(Path(args.measure[1]), engine)))
        return
    if args.quick:
        args.sizes, args.runs, args.engines = [10_000], 1, ["duckdb"]
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}",
        "baseline": "benchmarks/independent.py (imports nothing of ffcheck)",
        "sizes": {},
    }
    for size in args.sizes:
        # Spark local mode on two cores is not timed beyond 1M claims (minutes per query).
        engines = [e for e in args.engines if e != "spark" or size <= SPARK_UP_TO]
        results["sizes"][str(size)] = row = run_size(size, args.runs, engines)
        for engine, fig in row["engines"].items():
            show(size, engine, {**fig, "runs": row["runs"], "baseline": row["baseline"]})
        side_by_side(size, row)
    sizes = sorted(int(s) for s in results["sizes"])
    if 100_000 in sizes and 1_000_000 in sizes:
        at = {n: results["sizes"][str(n)]["engines"]["duckdb"] for n in (100_000, 1_000_000)}
        growth = at[1_000_000]["ffcheck_s"] / at[100_000]["ffcheck_s"]
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
