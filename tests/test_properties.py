"""Property tests (hypothesis): the parser round-trips what it emits, the loader never
raises on any bytes, interval arithmetic is sound and tight."""

from __future__ import annotations

import math

import pandas as pd
from builders import BUNDLED_CLAIMS, FIGURE_STYLE, claim_row
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ffcheck.consistency.intervals import claim_intervals
from ffcheck.consistency.rules.arithmetic_fails import evaluate
from ffcheck.tables.load import CLAIM_COLUMNS, read_table
from ffcheck.text.numbers import QUALIFIER_PHRASES, find_figures, parse_figure, same_value

VOCAB = BUNDLED_CLAIMS / "vocab"
counts = st.integers(min_value=0, max_value=10**7)


@given(
    counts, counts, st.sampled_from(sorted(FIGURE_STYLE)), st.sampled_from(["persons", "percent"])
)
def test_every_emitted_figure_style_parses_back(a, b, qualifier, unit):
    low, high = sorted((a, b))
    if unit == "percent":
        low, high = low % 101, high % 101
        low, high = sorted((low, high))
    if qualifier in {"range", "approx_range"} and low == high:
        high += 1
    if qualifier in {"exact", "approx", "nearly"}:
        high = low
    values = {"low": str(low), "high": str(high)}
    if qualifier in {"more_than", "at_least"}:
        values["high"] = ""
    if qualifier in {"up_to", "less_than"}:
        values["low"] = ""
    row = claim_row(claim_id="x", qualifier=qualifier, unit=unit, **values)
    figure = parse_figure(row["figure"])
    assert figure is not None, row["figure"]
    want_low = float(row["low"]) if row["low"] else None
    want_high = float(row["high"]) if row["high"] else None
    assert same_value(figure.low, want_low) and same_value(figure.high, want_high), row["figure"]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600))
def test_loader_never_raises_on_any_bytes(tmp_path, data):
    path = tmp_path / "claims.csv"
    path.write_bytes(data)
    frame, problems = read_table(path, CLAIM_COLUMNS)
    assert isinstance(frame, pd.DataFrame)
    assert all(p.file.endswith("claims.csv") for p in problems)


intervals = st.tuples(st.floats(0, 1e6), st.floats(0, 1e6)).map(lambda t: tuple(sorted(t)))
fractions = st.floats(0, 1)


def point_in(interval: tuple[float, float], t: float) -> float:
    return interval[0] + t * (interval[1] - interval[0])


@given(intervals, intervals, fractions, fractions, st.sampled_from(["+", "-", "*"]))
def test_interval_arithmetic_holds_every_point_result(a, b, s, t, op):
    # Soundness: whatever values the two claims take inside their intervals, the result
    # lies inside the computed interval (a wrong bound in +, - or * breaks this).
    (lo, hi), _, _ = evaluate(f"{{a}} {op} {{b}} == 0", {"a": a, "b": b})
    x, y = point_in(a, s), point_in(b, t)
    value = {"+": x + y, "-": x - y, "*": x * y}[op]
    slack = 1e-9 * max(1.0, abs(value))
    assert lo - slack <= value <= hi + slack


@given(intervals, intervals, st.sampled_from(["+", "-", "*"]))
def test_interval_arithmetic_is_tight_at_the_corners(a, b, op):
    # Tightness: each computed bound is reached by some pair of the operands' own bounds.
    (lo, hi), _, _ = evaluate(f"{{a}} {op} {{b}} == 0", {"a": a, "b": b})
    corners = [{"+": x + y, "-": x - y, "*": x * y}[op] for x in a for y in b]
    assert math.isclose(lo, min(corners), abs_tol=1e-9)
    assert math.isclose(hi, max(corners), abs_tol=1e-9)


@given(st.floats(0, 1e6), st.sampled_from(["exact", "approx", "nearly", "more_than", "up_to"]))
def test_a_claims_interval_holds_its_stated_figure(value, qualifier):
    qualifiers = pd.read_csv(VOCAB / "qualifiers.csv", dtype=str, keep_default_na=False)
    units = pd.read_csv(VOCAB / "units.csv", dtype=str, keep_default_na=False)
    low = None if qualifier == "up_to" else value
    high = None if qualifier in {"more_than"} else value
    claims = pd.DataFrame(
        {
            "low": [low],
            "high": [high],
            "qualifier": [qualifier],
            "unit": ["persons"],
            "figure": ["x"],
        },
        dtype=object,
    )
    claims[["low", "high"]] = claims[["low", "high"]].astype(float)
    out = claim_intervals(claims, qualifiers, pd.DataFrame(), units).iloc[0]
    assert out["lo"] <= value + 1e-9 and out["hi"] >= value - 1e-9


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=5))
def test_findings_do_not_depend_on_the_order_of_rows_and_files(tmp_path_factory, rnd, parts):
    import shutil

    from builders import EXPECTATIONS

    from ffcheck.pipeline import run_check
    from ffcheck.tables.load import RESERVED_FILES

    folder = tmp_path_factory.mktemp("order") / "claims"
    shutil.copytree(BUNDLED_CLAIMS, folder)
    header, rows = "", []
    for path in sorted(p for p in folder.glob("*.csv") if p.name not in RESERVED_FILES):
        header, *lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        rows += lines
        path.unlink()
    rnd.shuffle(rows)
    for i in range(parts):
        (folder / f"part{i}.csv").write_text(header + "".join(rows[i::parts]), encoding="utf-8")
    report = run_check(folder, expectations_dir=EXPECTATIONS).report
    baseline = run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS).report
    assert report.problems == []
    assert [f.fingerprint for f in report.findings] == [f.fingerprint for f in baseline.findings]


@given(
    st.sampled_from([(q, p) for q, phrases in QUALIFIER_PHRASES if q != "range" for p in phrases]),
    st.integers(min_value=1, max_value=10**6),
    st.booleans(),
)
def test_every_qualifier_phrase_reads_as_its_qualifier(entry, value, percent):
    # Each phrase of the grammar, before or after the number, gives its qualifier and
    # opens the right bound; found whole inside a sentence too.
    qualifier, phrase = entry
    number = f"{value:,}" + ("%" if percent else "")
    words = f"{number} {phrase}" if phrase.startswith("or ") else f"{phrase} {number}"
    figure = parse_figure(words)
    assert figure is not None and figure.qualifier == qualifier, words
    want_low = None if qualifier in {"up_to", "less_than"} else value
    want_high = None if qualifier in {"more_than", "at_least"} else value
    assert same_value(figure.low, want_low) and same_value(figure.high, want_high)
    assert figure.percent is percent
    assert [s.text for s in find_figures(f"It was {words} in all.")] == [words]
