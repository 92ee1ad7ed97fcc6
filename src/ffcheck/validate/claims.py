"""pandera schemas for the claim tables: what a well-formed claim is.

Column checks (types, vocabularies, formats) and row checks (bounds, dates,
provenance against the document) are all pandera checks, run lazily so that
every problem is reported at once. ``validate_claims`` turns pandera's
failure cases into problems located by file, line and column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet
from ffcheck.text.align import counterpart_in, quote_resembles
from ffcheck.text.dates import DATE_PATTERN, date_bounds, is_valid_date
from ffcheck.text.numbers import (
    BOUNDS_REASON_RE,
    Band,
    parse_figure,
    same_value,
    stated_qualifier,
    vague_band,
)
from ffcheck.text.quotes import closest_match
from ffcheck.validate.distinct import (
    SameFrame,
    in_chunks,
    of_distinct_values,
    on_distinct,
)
from ffcheck.validate.provenance import quote_provenance

CLAIM_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
NUMBER_CELL_PATTERN = r"^(\d+(\.\d+)?)?$"
MAX_NUMBER = 1e12  # more people or money than this is a typo, not a claim


@dataclass(frozen=True)
class RowCheck:
    """A check over whole rows, reported against one column."""

    name: str
    column: str
    message: str
    func: Callable[[pd.DataFrame], pd.Series]


def numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column].where(frame[column] != ""), errors="coerce")


def vocab_values(claimset: ClaimSet, table: str, column: str) -> list[str]:
    frame = claimset.vocab.get(table)
    return [] if frame is None or frame.empty else sorted(frame[column].unique())


def _flag(claimset: ClaimSet, table: str, key: str, column: str) -> dict[str, str]:
    frame = claimset.vocab.get(table, pd.DataFrame())
    return {} if frame.empty else dict(zip(frame[key], frame[column], strict=True))


def isin_check(values: list[str], where: str) -> pa.Check:
    return pa.Check.isin(values, error=f"not in {where}")


def _phrase_bands(claimset: ClaimSet) -> tuple[dict[str, Band], dict[str, str]]:
    """vocab/phrases.csv as {phrase: (low, high)} and {phrase: kind}; bad cells are skipped
    (the vocabulary schema reports them)."""
    frame = claimset.vocab.get("phrases", pd.DataFrame())
    bands: dict[str, Band] = {}
    kinds: dict[str, str] = {}
    if frame.empty:
        return bands, kinds
    low, high = numeric(frame, "low"), numeric(frame, "high")
    for phrase, lo, hi, kind in zip(frame["phrase"], low, high, frame["kind"], strict=True):
        if not pd.isna(lo):
            bands[str(phrase)] = (float(lo), None if pd.isna(hi) else float(hi))
            kinds[str(phrase).lower()] = str(kind)
    return bands, kinds


def _vague_matches(
    figure: str,
    lo: float | None,
    hi: float | None,
    unit_kind: str,
    phrases: tuple[dict[str, Band], dict[str, str]],
) -> bool:
    """A vague row carries exactly its phrase's band, in a unit of the phrase's kind."""
    bands, kinds = phrases
    found = vague_band(figure, bands)
    if found is None:
        return False
    phrase, (band_lo, band_hi) = found
    kind_ok = (kinds.get(phrase) == "share") == (unit_kind == "share")
    return kind_ok and same_value(band_lo, lo) and same_value(band_hi, hi)


def _figure_matches(
    frame: pd.DataFrame,
    phrases: tuple[dict[str, Band], dict[str, str]] = ({}, {}),
    unit_kind: dict[str, str] | None = None,
) -> pd.Series:
    """Low, high and qualifier are what the figure's words say (a vague phrase: its
    band), unless the note gives a reason ("bounds: ..."), as when a qualifier stands
    outside the figure."""
    low, high = numeric(frame, "low"), numeric(frame, "high")
    kinds = unit_kind or {}
    result = []
    rows = zip(
        [parse_figure(words) for words in frame["figure"].tolist()],
        low.tolist(),
        high.tolist(),
        frame["unit"].tolist(),
        frame["qualifier"].tolist(),
        frame["figure"].tolist(),
        frame["note"].tolist(),
        strict=True,
    )
    for fig, lo, hi, unit, qualifier, words, note in rows:
        lo_v = None if pd.isna(lo) else float(lo)
        hi_v = None if pd.isna(hi) else float(hi)
        if BOUNDS_REASON_RE.search(note):
            result.append(True)
            continue
        if qualifier == "vague":
            result.append(_vague_matches(words, lo_v, hi_v, kinds.get(unit, ""), phrases))
            continue
        if fig is None:
            result.append(False)
            continue
        unit_ok = not fig.percent or unit in {"percent", "percent_change"}
        same = same_value(fig.low, lo_v) and same_value(fig.high, hi_v)
        result.append(unit_ok and same and qualifier == stated_qualifier(fig))
    return pd.Series(result, index=frame.index)


@in_chunks
def figure_in_quote(frame: pd.DataFrame) -> pd.Series:
    pairs = zip(frame["figure"].tolist(), frame["quote"].tolist(), strict=True)
    return pd.Series([figure in quote for figure, quote in pairs], index=frame.index, dtype=bool)


def row_checks(claimset: ClaimSet) -> list[RowCheck]:
    needs_low = _flag(claimset, "qualifiers", "qualifier", "needs_low")
    needs_high = _flag(claimset, "qualifiers", "qualifier", "needs_high")
    unit_kind = _flag(claimset, "units", "unit", "kind")
    phrases = _phrase_bands(claimset)
    frames = (
        claimset.document_table.drop_duplicates("doc").set_index("doc")
        if not claimset.document_table.empty
        else pd.DataFrame(columns=["frame_start", "frame_end"])
    )
    # each document's frame as days, read once (not once per date column and check)
    frame_start = pd.Series(date_bounds(frames["frame_start"])[0].to_numpy(), index=frames.index)
    frame_end = pd.Series(date_bounds(frames["frame_end"])[1].to_numpy(), index=frames.index)
    shared = SameFrame()

    def prov(frame: pd.DataFrame) -> pd.DataFrame:
        pairs = shared.codes(frame, ["doc", "quote"])
        return shared.get(frame, ("provenance",), lambda: quote_provenance(claimset, frame, pairs))

    def within_frame(column: str) -> Callable[[pd.DataFrame], pd.Series]:
        def check(frame: pd.DataFrame) -> pd.Series:
            start, end = date_bounds(frame[column])
            f_start, f_end = frame["doc"].map(frame_start), frame["doc"].map(frame_end)
            outside = (end < f_start) | (start > f_end)
            return ~outside.fillna(False)

        return check

    def bounds_present(frame: pd.DataFrame) -> pd.Series:
        return (frame["low"] != "") | (frame["high"] != "")

    def low_le_high(frame: pd.DataFrame) -> pd.Series:
        return ~(numeric(frame, "low") > numeric(frame, "high")).fillna(False)

    def percent_range(frame: pd.DataFrame) -> pd.Series:
        share = frame["unit"].map(unit_kind) == "share"
        too_big = (numeric(frame, "low") > 100) | (numeric(frame, "high") > 100)
        return ~(share & too_big.fillna(False))

    def not_huge(frame: pd.DataFrame) -> pd.Series:
        return ~((numeric(frame, "low") > MAX_NUMBER) | (numeric(frame, "high") > MAX_NUMBER))

    def qualifier_low(frame: pd.DataFrame) -> pd.Series:
        wants = frame["qualifier"].map(needs_low)
        return ~(
            ((wants == "yes") & (frame["low"] == "")) | ((wants == "no") & (frame["low"] != ""))
        )

    def qualifier_high(frame: pd.DataFrame) -> pd.Series:
        wants = frame["qualifier"].map(needs_high)
        return ~(
            ((wants == "yes") & (frame["high"] == "")) | ((wants == "no") & (frame["high"] != ""))
        )

    def period_order(frame: pd.DataFrame) -> pd.Series:
        start, _ = date_bounds(frame["period_start"])
        _, end = date_bounds(frame["period_end"])
        return ~(start > end).fillna(False)

    bounds = ["low", "high"]
    return [
        RowCheck("bounds_present", "low", "give at least one bound (low or high)", bounds_present),
        RowCheck(
            "low_le_high", "low", "low is above high", on_distinct(bounds, low_le_high, shared)
        ),
        RowCheck(
            "percent_range",
            "high",
            "a share must lie within 0-100 percent",
            on_distinct(["unit", *bounds], percent_range, shared),
        ),
        RowCheck(
            "not_huge",
            "low",
            f"a figure above {MAX_NUMBER:.0e} is not credible",
            on_distinct(bounds, not_huge, shared),
        ),
        RowCheck(
            "qualifier_low",
            "low",
            "this qualifier needs a low bound (or must not "
            "have one: 'up to' and 'less than' leave low empty)",
            on_distinct(["qualifier", "low"], qualifier_low, shared),
        ),
        RowCheck(
            "qualifier_high",
            "high",
            "this qualifier needs a high bound (or must not "
            "have one: 'over', 'more than', 'at least' leave high empty)",
            on_distinct(["qualifier", "high"], qualifier_high, shared),
        ),
        RowCheck(
            "period_order",
            "period_start",
            "period starts after it ends",
            on_distinct(["period_start", "period_end"], period_order, shared),
        ),
        *[
            RowCheck(
                f"{col}_in_frame",
                col,
                "date outside the document's time frame (documents.csv frame_start..frame_end)",
                on_distinct(["doc", col], within_frame(col), shared),
            )
            for col in ("as_of", "period_start", "period_end")
        ],
        RowCheck(
            "quote_found",
            "quote",
            "the quote does not occur verbatim in the document",
            lambda f: prov(f)["count"] > 0,
        ),
        RowCheck(
            "quote_unique",
            "quote",
            "the quote occurs more than once in the document; lengthen it",
            lambda f: prov(f)["count"] < 2,
        ),
        RowCheck(
            "figure_in_quote",
            "figure",
            "the figure is not part of the quote",
            figure_in_quote,
        ),
        RowCheck(
            "figure_matches",
            "figure",
            "the figure's words do not read as the row's low/high/qualifier (or a share is not "
            "in percent; a vague row carries its phrase's band from vocab/phrases.csv), and the "
            "note gives no 'bounds:' reason",
            on_distinct(
                ["figure", "low", "high", "unit", "qualifier", "note"],
                in_chunks(lambda f: _figure_matches(f, phrases, unit_kind)),
                shared,
            ),
        ),
        RowCheck(
            "section_matches",
            "section",
            "the quote stands under another heading",
            lambda f: prov(f)["found_section"].isna() | (prov(f)["found_section"] == f["section"]),
        ),
    ]


def claim_schema(claimset: ClaimSet) -> tuple[pa.DataFrameSchema, dict[str, RowCheck]]:
    text = pa.Column(str, nullable=False)
    required = pa.Check.str_length(min_value=1, error="must not be empty")
    date = pa.Column(
        str,
        checks=[
            pa.Check.str_matches(
                DATE_PATTERN,
                error="write dates as YYYY, YYYY-MM or YYYY-MM-DD; a span such as 2013-2015 "
                "goes into period_start/period_end, its end into as_of",
            ),
            pa.Check(of_distinct_values(is_valid_date), name="is_valid_date", error="no such date"),
        ],
    )
    number = pa.Column(
        str,
        checks=pa.Check.str_matches(
            NUMBER_CELL_PATTERN,
            error="write a plain non-negative number (digits, optional "
            "decimals; no separators, signs, exponents, NaN or inf)",
        ),
    )
    columns = {
        "claim_id": pa.Column(
            str,
            checks=[pa.Check.str_matches(CLAIM_ID_PATTERN, error="lowercase words joined by '-'")],
            unique=True,
        ),
        "doc": pa.Column(
            str,
            checks=isin_check(
                sorted(claimset.documents) or [""], "documents.csv (or the document did not load)"
            ),
        ),
        "section": pa.Column(str, checks=required),
        "subject": pa.Column(
            str,
            checks=isin_check(vocab_values(claimset, "subjects", "subject"), "vocab/subjects.csv"),
        ),
        "side": pa.Column(
            str, checks=isin_check(vocab_values(claimset, "sides", "side"), "vocab/sides.csv")
        ),
        "group": pa.Column(
            str,
            checks=isin_check(["", *vocab_values(claimset, "groups", "group")], "vocab/groups.csv"),
        ),
        "cohort": pa.Column(
            str, checks=isin_check(vocab_values(claimset, "cohorts", "cohort"), "vocab/cohorts.csv")
        ),
        "measure": pa.Column(
            str,
            checks=isin_check(vocab_values(claimset, "measures", "measure"), "vocab/measures.csv"),
        ),
        "scope": pa.Column(
            str,
            checks=pa.Check.str_matches(
                r"^[a-z0-9_-]*$", error="a short tag: lowercase letters, digits, '_' or '-'"
            ),
        ),
        "low": number,
        "high": number,
        "qualifier": pa.Column(
            str,
            checks=isin_check(
                vocab_values(claimset, "qualifiers", "qualifier"), "vocab/qualifiers.csv"
            ),
        ),
        "unit": pa.Column(
            str, checks=isin_check(vocab_values(claimset, "units", "unit"), "vocab/units.csv")
        ),
        "as_of": date,
        "period_start": date,
        "period_end": date,
        "source": text,
        "figure": pa.Column(str, checks=required),
        "quote": pa.Column(str, checks=required),
        "note": text,
    }
    checks = {c.name: c for c in row_checks(claimset)}
    wide = [pa.Check(c.func, name=c.name, error=c.name) for c in checks.values()]
    return pa.DataFrameSchema(columns, checks=wide, strict=False), checks


PROBLEM_CODES = {
    "quote_found": "quote-not-found",
    "quote_unique": "quote-ambiguous",
    "figure_in_quote": "figure-not-in-quote",
    "figure_matches": "figure-mismatch",
    "section_matches": "section-mismatch",
    "as_of_in_frame": "date-outside-frame",
    "period_start_in_frame": "date-outside-frame",
    "period_end_in_frame": "date-outside-frame",
}


def _others_with_same_value(frame: pd.DataFrame, column: str) -> dict[str, list[tuple[int, str]]]:
    """Each value used more than once in ``column``: its rows (label, "file:line"), in order."""
    repeated = frame.loc[frame[column].duplicated(keep=False), [column, "_file", "_line"]]
    places: dict[str, list[tuple[int, str]]] = {}
    for label, value, file, line in zip(
        repeated.index, repeated[column], repeated["_file"], repeated["_line"], strict=True
    ):
        places.setdefault(value, []).append((label, f"{file}:{line}"))
    return places


def _positions(index: pd.Index, labels: pd.Index) -> np.ndarray:
    """The row position of each label (its first row), -1 where it is none of the frame's."""
    first = ~index.duplicated()
    found = index[first].get_indexer(labels)
    return np.where(found < 0, -1, np.flatnonzero(first)[found])


def failures_to_problems(
    failures: pd.DataFrame, frame: pd.DataFrame, wide_checks: dict[str, tuple[str, str]]
) -> list[Problem]:
    """pandera failure cases -> one problem per failing (row, check).

    ``wide_checks`` maps the name of each whole-row check to the column it is
    reported against and the message users read. Each case is located through the
    frame's columns as arrays (one lookup per case, never a scan of the frame).
    """
    problems: set[Problem] = set()
    positions = _positions(frame.index, pd.Index(failures["index"].astype(object)))
    files, lines = frame["_file"].to_numpy(dtype=object), frame["_line"].to_numpy()
    cells: dict[str, np.ndarray] = {}  # column -> its cells as an array, taken when first needed
    repeats: dict[str, dict[str, list[tuple[int, str]]]] = {}
    cases = zip(failures["column"].tolist(), failures["check"].tolist(), positions, strict=True)
    for case_column, check, position in cases:
        if position < 0:
            shown = str(files[0]) if len(frame) else "(table)"
            problems.add(Problem(shown, None, case_column, "schema", str(check)))
            continue
        if check in wide_checks:
            column, message = wide_checks[check]
            code = PROBLEM_CODES.get(check, "schema")
        elif "uniqueness" in str(check) and case_column in frame.columns:
            column, code = case_column, "duplicate-id"
            if column not in repeats:
                repeats[column] = _others_with_same_value(frame, column)
            label = frame.index[position]
            others = repeats[column].get(frame[column].iat[position], [])
            message = "also used at " + ", ".join(at for o, at in others if o != label)
        else:
            column, code, message = case_column, "schema", str(check)
        value = None
        if isinstance(column, str) and column in frame.columns:
            if column not in cells:
                cells[column] = frame[column].to_numpy(dtype=object)
            value = str(cells[column][position])
        problems.add(
            Problem(str(files[position]), int(lines[position]), column, code, message, value)
        )
    return sorted(problems)


# The problems that ``in_words`` and ``with_closest_text`` say more about, from their row.
NEEDS_ROW = {"section-mismatch", "date-outside-frame", "quote-not-found"}


def validate_claims(claimset: ClaimSet) -> list[Problem]:
    """Every problem of the claim tables, lazily gathered; never raises on bad data."""
    frame = claimset.claims
    if frame.empty:
        return []
    schema, by_name = claim_schema(claimset)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        wide = {name: (c.column, c.message) for name, c in by_name.items()}
        problems = failures_to_problems(errors.failure_cases, frame, wide)
        rows = rows_of(claimset, [p for p in problems if p.code in NEEDS_ROW])
        return [
            in_words(claimset, with_closest_text(claimset, p, rows.get((p.file, p.line))),
                     rows.get((p.file, p.line)))
            for p in problems
        ]  # fmt: skip
    return []


def rows_of(claimset: ClaimSet, problems: list[Problem]) -> dict[tuple[str, int | None], pd.Series]:
    """The claim row each problem stands on, by (file, line): the first such row."""
    if not problems:
        return {}
    claims = claimset.claims
    lines = {p.line for p in problems}
    wanted = {(p.file, p.line) for p in problems}
    near = claims[claims["_line"].isin(lines)]
    found: dict[tuple[str, int | None], pd.Series] = {}
    for position, place in enumerate(zip(near["_file"], near["_line"], strict=True)):
        if place in wanted and place not in found:
            found[place] = near.iloc[position]
    return found


def in_words(claimset: ClaimSet, problem: Problem, row: pd.Series | None) -> Problem:
    """Say what the check found: the heading the quote stands under, the frame a date
    falls outside of (and where that frame is written)."""
    if row is None:
        return problem
    if problem.code == "section-mismatch":
        document = claimset.documents.get(row["doc"])
        at = document.text.find(row["quote"]) if document else -1
        if document is not None and at != -1:
            found = document.section_at(at).title
            message = f"the quote stands under the heading {found!r}; write that in section"
            return dataclasses.replace(problem, message=message)
    if problem.code == "date-outside-frame":
        docs = claimset.document_table
        entry = docs[docs["doc"] == row["doc"]]
        if len(entry):
            first = entry.iloc[0]
            message = (
                f"{problem.column} {problem.value} is outside the time frame of {row['doc']}, "
                f"{first['frame_start']}..{first['frame_end']} ({first['_file']}:"
                f"{first['_line']}, columns frame_start/frame_end); correct the date, or "
                "widen the frame there if the revision covers later events"
            )
            return dataclasses.replace(problem, message=message)
    return problem


def with_closest_text(claimset: ClaimSet, problem: Problem, row: pd.Series | None) -> Problem:
    """A quote gone from a revised document: its sentence's counterpart in the current
    revision (aligned with the previous revision when one is registered), or "no
    counterpart" when nothing is that sentence edited. Never unrelated text."""
    if problem.code != "quote-not-found" or not problem.value:
        return problem
    document = claimset.documents.get(row["doc"]) if row is not None else None
    if row is None or document is None:
        return problem
    previous = claimset.previous.get(row["doc"])
    if previous is not None and previous.occurrences(row["quote"]):
        near = counterpart_in(previous, document, row["quote"])
    else:
        closest = closest_match(document, problem.value)
        near = closest if closest and quote_resembles(problem.value, closest) else None
    if near is None:
        return dataclasses.replace(
            problem,
            message=f"{problem.message}; no counterpart in the current revision (its passage "
            "was deleted or rewritten beyond recognition): remove the claim, or find its "
            "figure again and run ffcheck add",
        )
    return dataclasses.replace(problem, message=f"{problem.message}; closest text now: {near!r}")


def typed_claims(frame: pd.DataFrame) -> pd.DataFrame:
    """Valid claims with numeric bounds (NaN = open) and date intervals."""
    typed = frame.copy(deep=False)  # copy-on-write: new columns only, no data copied
    typed["low"] = numeric(frame, "low")
    typed["high"] = numeric(frame, "high")
    for column in ("as_of", "period_start", "period_end"):
        typed[f"{column}_from"], typed[f"{column}_to"] = date_bounds(frame[column])
    return typed
