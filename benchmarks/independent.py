"""An independent second implementation of ffcheck's checks, in plain pandas/numpy.

    python benchmarks/independent.py FOLDER                  # one run, JSON on stdout
    python benchmarks/independent.py --verify --size 10000   # same findings as ffcheck?
    python benchmarks/independent.py --verify --claims claims

The benchmark's baseline. It imports nothing of ffcheck (checked at the end of
every run): it was written from the specs (claims/ENCODING.md, the vocabulary
files, the rules' docstrings and expectations/*.json), so that agreeing with
ffcheck on every planted contradiction is evidence, and its time is what the
same work costs without pandera and Great Expectations. Row checks work on
distinct values (a figure, a date or a quote is read once: benchmarks/figures.py);
the rules are one function each in benchmarks/independent_rules.py, so a
changed rule is one function to edit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
from figures import day_span, read_figure
from independent_rules import RULES, SCOPE, Context, group_codes
from stages import Stages

HERE = Path(__file__).resolve().parent
RESERVED = {"documents.csv", "relations.csv", "reviews.csv", "coverage_ignore.csv"}
# fmt: off
CLAIM_COLUMNS = [
    "claim_id", "doc", "section", "subject", "side", "group", "cohort", "measure", "scope",
    "low", "high", "qualifier", "unit", "as_of", "period_start", "period_end", "source",
    "figure", "quote", "note",
]
# fmt: on
VOCABULARIES = ["subjects", "region_members", "sides", "measures", "units", "qualifiers"]
VOCABULARIES += ["cohorts", "groups", "phrases"]
ARITY = {"part_of": (2, 2), "sum_of": (2, 0), "ratio": (3, 3), "same_quantity": (2, 0)}
ARITY |= {"rate_over_period": (2, 2), "arithmetic": (1, 0), "ranking": (2, 0), "largest": (2, 0)}
ADDITIVE = {"part_of", "sum_of", "same_quantity", "ranking", "largest"}  # one unit per relation
NUMBER_CELL = r"(\d+(\.\d+)?)?"
MAX_NUMBER = 1e12
NAT = np.datetime64("NaT", "D")


# --- reading ------------------------------------------------------------------------------
def read_csv(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.rename(columns=str.strip)


@dataclass
class Corpus:
    claims: pd.DataFrame
    texts: dict[str, str]
    documents: pd.DataFrame  # doc, frame_start, frame_end
    vocab: dict[str, pd.DataFrame]
    relations: pd.DataFrame


def read_corpus(folder: Path) -> Corpus:
    documents = read_csv(folder / "documents.csv").drop_duplicates("doc")
    texts = {}
    for doc, path in zip(documents["doc"], documents["path"], strict=True):
        if (folder / path).is_file():  # bytes, not text mode: keep "\r\n" as the file has it
            texts[doc] = (folder / path).read_bytes().decode("utf-8-sig")
    vocab = {name: read_csv(folder / "vocab" / f"{name}.csv") for name in VOCABULARIES}
    tables = [read_csv(p) for p in sorted(folder.glob("*.csv")) if p.name not in RESERVED]
    claims = pd.concat(tables, ignore_index=True).reindex(columns=CLAIM_COLUMNS).fillna("")
    claims["cohort"] = claims["cohort"].mask(claims["cohort"] == "", "all")
    path = folder / "relations.csv"
    relations = read_csv(path) if path.exists() else pd.DataFrame(columns=["relation_id"])
    relations = relations.reindex(columns=["relation_id", "kind", "claims", "complete", "formula"])
    return Corpus(claims, texts, documents, vocab, relations.fillna(""))


def per_distinct(values: pd.Series, func: Callable[[pd.Series], object]) -> np.ndarray:
    """``func`` over the distinct values only, spread back to every row."""
    codes, uniques = pd.factorize(values)
    return np.asarray(func(pd.Series(uniques, dtype=object)))[codes]


def numbers(values: pd.Series) -> np.ndarray:
    return per_distinct(values, lambda u: pd.to_numeric(u.where(u != ""), errors="coerce"))


def day_spans(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of each date cell (NaT where empty or no such date)."""

    def bound(i: int) -> Callable[[pd.Series], object]:
        def spans(u: pd.Series) -> np.ndarray:
            read = [day_span(v) if v else None for v in u]
            return np.array([s[i] if s else NAT for s in read], dtype="M8[D]")

        return spans

    return per_distinct(values, bound(0)), per_distinct(values, bound(1))


class Rows:
    """The claim rows plus what several checks share, each computed once on first use."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.claims = corpus.claims

    def column(self, name: str) -> pd.Series:
        return self.claims[name]

    @cached_property
    def low(self) -> np.ndarray:
        return numbers(self.claims["low"])

    @cached_property
    def high(self) -> np.ndarray:
        return numbers(self.claims["high"])

    @cached_property
    def dates(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        return {c: day_spans(self.claims[c]) for c in ("as_of", "period_start", "period_end")}

    @cached_property
    def frame(self) -> tuple[np.ndarray, np.ndarray]:
        """The document's time frame on every row (documents.csv frame_start..frame_end)."""
        docs = self.corpus.documents.set_index("doc")
        start, _ = day_spans(self.claims["doc"].map(docs["frame_start"]).fillna(""))
        _, end = day_spans(self.claims["doc"].map(docs["frame_end"]).fillna(""))
        return start, end

    def vocab(self, table: str, column: str) -> pd.Series:
        return self.corpus.vocab[table][column]

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """Per row: how often the quote stands in its document (0, 1, 2+) and its heading."""
        keys = self.claims.groupby(["doc", "quote"], sort=False).ngroup().to_numpy()
        _, first_rows = np.unique(keys, return_index=True)
        docs = self.claims["doc"].to_numpy()[first_rows]
        quotes = self.claims["quote"].to_numpy()[first_rows]
        count = np.zeros(len(first_rows), dtype=np.int8)
        at = np.full(len(first_rows), -1, dtype=np.int64)
        base = {}  # documents laid end to end: one sorted array of heading offsets for all
        offset = 0
        for doc, text in self.corpus.texts.items():
            base[doc] = offset
            offset += len(text) + 1
        for i, (doc, quote) in enumerate(zip(docs.tolist(), quotes.tolist(), strict=True)):
            text = self.corpus.texts.get(doc)
            first = text.find(quote) if text is not None and quote else -1
            if first != -1:
                count[i] = 1 + (text.find(quote, first + 1) != -1)
                at[i] = base[doc] + first
        named = dict(zip(self.corpus.documents["doc"], self.corpus.documents["title"], strict=True))
        starts, titles = headings(self.corpus.texts, base, named)
        where = np.clip(np.searchsorted(starts, at, side="right") - 1, 0, None)
        section = np.where(at >= 0, titles[where] if len(titles) else None, None)
        return pd.DataFrame({"count": count[keys], "section": section[keys]})

    @cached_property
    def figures(self) -> pd.DataFrame:
        """What each figure's words read as (low, high: NaN = open; share; read at all)."""

        def read(u: pd.Series) -> np.ndarray:
            out = np.empty((len(u), 4))
            for i, text in enumerate(u):
                got = read_figure(text)
                low, high, share = got if got else (None, None, False)
                out[i] = (np.nan if low is None else low, np.nan if high is None else high,
                          share, got is not None)  # fmt: skip
            return out

        codes, uniques = pd.factorize(self.claims["figure"])
        table = read(pd.Series(uniques, dtype=object))[codes]
        return pd.DataFrame(table, columns=["low", "high", "share", "read"])


def headings(
    texts: dict[str, str], base: dict[str, int], named: dict[str, str]
) -> tuple[np.ndarray, np.ndarray]:
    """Heading offsets (in the laid-end-to-end text) and titles, sorted.

    A heading is a short line (at most 80 characters, not ending like a sentence)
    standing alone between blank lines, or a line starting with ";" (wiki
    definition); text before the first heading stands under the document title.
    """
    starts: list[int] = []
    titles: list[str] = []
    for doc, text in texts.items():
        lines = text.split("\n")
        blank = [not line.strip() for line in lines] + [True]
        offset, first = 0, len(starts)
        for n, line in enumerate(lines):
            title = line.strip()
            alone = (n == 0 or blank[n - 1]) and blank[n + 1] and title[-1:] not in '.:!?"'
            if title and len(title) <= 80 and (alone or title.startswith(";")):
                starts.append(base[doc] + offset)
                titles.append(title.lstrip(";"))
            offset += len(line) + 1
        if len(starts) == first or starts[first] != base[doc]:
            starts.insert(first, base[doc])
            titles.insert(first, named.get(doc, doc))
    return np.array(starts, dtype=np.int64), np.array(titles, dtype=object)


# --- row checks: each returns a boolean mask of the rows that fail -----------------------
ROW_CHECKS: dict[str, Callable[[Rows], np.ndarray]] = {}


def row_check(name: str) -> Callable:
    def register(func: Callable[[Rows], np.ndarray]) -> Callable[[Rows], np.ndarray]:
        ROW_CHECKS[name] = func
        return func

    return register


def not_in(rows: Rows, column: str, allowed: pd.Series | list[str]) -> np.ndarray:
    return ~rows.column(column).isin(allowed).to_numpy()


def not_matching(rows: Rows, column: str, pattern: str) -> np.ndarray:
    return ~per_distinct(rows.column(column), lambda u: u.str.fullmatch(pattern).astype(bool))


@row_check("claim_id: lowercase words joined by '-', unique")
def bad_claim_id(rows: Rows) -> np.ndarray:
    ids = rows.column("claim_id")
    return (
        ~ids.str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").to_numpy(bool)
        | ids.duplicated(keep=False).to_numpy()
    )


@row_check("vocabularies: doc, subject, side, group, cohort, measure, qualifier, unit")
def unknown_words(rows: Rows) -> np.ndarray:
    bad = not_in(rows, "doc", list(rows.corpus.texts))
    bad |= not_in(rows, "group", ["", *rows.vocab("groups", "group")])
    for column, table in (("subject", "subjects"), ("side", "sides"), ("cohort", "cohorts")):
        bad |= not_in(rows, column, rows.vocab(table, column))
    for column, table in (("measure", "measures"), ("qualifier", "qualifiers"), ("unit", "units")):
        bad |= not_in(rows, column, rows.vocab(table, column))
    return bad


@row_check("formats: scope tag, number cells, section/figure/quote given")
def bad_formats(rows: Rows) -> np.ndarray:
    bad = not_matching(rows, "scope", r"[a-z0-9_-]*")
    bad |= not_matching(rows, "low", NUMBER_CELL) | not_matching(rows, "high", NUMBER_CELL)
    for column in ("section", "figure", "quote"):
        bad |= (rows.column(column) == "").to_numpy()
    return bad


@row_check("dates: YYYY, YYYY-MM or YYYY-MM-DD, a real day")
def bad_dates(rows: Rows) -> np.ndarray:
    bad = np.zeros(len(rows.claims), dtype=bool)
    for column, (start, _) in rows.dates.items():
        bad |= np.isnat(start) & (rows.column(column) != "").to_numpy()
    return bad


@row_check("bounds: at least one, low <= high, not above 1e12")
def bad_bounds(rows: Rows) -> np.ndarray:
    given = ((rows.column("low") != "") | (rows.column("high") != "")).to_numpy()
    return ~given | (rows.low > rows.high) | (np.fmax(rows.low, rows.high) > MAX_NUMBER)


@row_check("a share (unit kind 'share') lies within 0-100")
def bad_share(rows: Rows) -> np.ndarray:
    kind = rows.corpus.vocab["units"].set_index("unit")["kind"]
    share = (rows.column("unit").map(kind) == "share").to_numpy()
    return share & (np.fmax(rows.low, rows.high) > 100)


@row_check("the qualifier's bounds: needs_low/needs_high in vocab/qualifiers.csv")
def bad_qualifier_bounds(rows: Rows) -> np.ndarray:
    table = rows.corpus.vocab["qualifiers"].set_index("qualifier")
    bad = np.zeros(len(rows.claims), dtype=bool)
    for column, flag in (("low", "needs_low"), ("high", "needs_high")):
        wants = rows.column("qualifier").map(table[flag]).to_numpy()
        given = (rows.column(column) != "").to_numpy()
        bad |= ((wants == "yes") & ~given) | ((wants == "no") & given)
    return bad


@row_check("dates within the document's frame, period in order")
def bad_time(rows: Rows) -> np.ndarray:
    f_start, f_end = rows.frame
    bad = rows.dates["period_start"][0] > rows.dates["period_end"][1]
    for start, end in rows.dates.values():
        bad |= (end < f_start) | (start > f_end)
    return bad


@row_check("the quote stands exactly once in the document, under the row's section")
def bad_quote(rows: Rows) -> np.ndarray:
    found = rows.quotes
    moved = found["section"].notna() & (found["section"] != rows.column("section"))
    return (found["count"] != 1).to_numpy() | moved.to_numpy()


@row_check("the figure is part of the quote and reads as low/high")
def bad_figure(rows: Rows) -> np.ndarray:
    claims = rows.claims
    # per row: figure and quote pairs are nearly all distinct, deduplicating costs more
    pairs = zip(claims["figure"].tolist(), claims["quote"].tolist(), strict=True)
    inside = [f in q for f, q in pairs]
    read = rows.figures

    def same(a: np.ndarray, b: np.ndarray) -> np.ndarray:  # stated values, to 2 decimals
        close = np.abs(a - b) <= np.maximum(0.006, 1e-9 * np.abs(b))
        return (np.isnan(a) & np.isnan(b)) | close

    unit_ok = (read["share"].to_numpy() == 0) | claims["unit"].isin(["percent", "percent_change"])
    matches = (read["read"].to_numpy() == 1) & unit_ok.to_numpy()
    matches &= same(read["low"].to_numpy(), rows.low) & same(read["high"].to_numpy(), rows.high)
    # a vague row carries its phrase's band as stated (an open top stays empty)
    vague = (claims["qualifier"] == "vague").to_numpy()
    if vague.any():
        band = per_distinct(claims["figure"], phrase_band(rows.corpus.vocab["phrases"], np.nan))
        matches |= vague & same(band[:, 0], rows.low) & same(band[:, 1], rows.high)
    # a note giving the reason ("bounds: ...") stands for a qualifier outside the figure
    matches |= claims["note"].str.contains(r"\bbounds:\s*\S", case=False).to_numpy()
    return ~np.array(inside, dtype=bool) | ~matches


def row_problems(rows: Rows) -> dict[str, list[str]]:
    """Failing claim ids per check."""
    out = {}
    for name, check in ROW_CHECKS.items():
        bad = np.asarray(check(rows), dtype=bool)
        if bad.any():
            out[name] = rows.claims["claim_id"].to_numpy()[bad].tolist()
    return out


# --- what the rules derive from: intervals, time windows, relation members ---------------
def phrase_band(phrases: pd.DataFrame, open_top: float) -> Callable[[pd.Series], np.ndarray]:
    """Figures -> (low, high) of the longest phrase of vocab/phrases.csv each holds."""
    bands = phrases.assign(length=phrases["phrase"].str.len())
    # longest first; among equal lengths the later row of phrases.csv
    bands = bands.iloc[::-1].sort_values("length", ascending=False, kind="stable")
    table = [
        (p.lower(), float(lo), float(hi) if hi else open_top)  # "many": no top
        for p, lo, hi in bands[["phrase", "low", "high"]].to_numpy()
    ]

    def band(u: pd.Series) -> np.ndarray:
        out = np.full((len(u), 2), np.nan)
        for i, figure in enumerate(u.str.lower()):
            out[i] = next(((lo, hi) for p, lo, hi in table if p in figure), (np.nan, np.nan))
        return out

    return band


def intervals(rows: Rows) -> pd.DataFrame:
    """What each claim admits (ENCODING.md, vocab/qualifiers.csv, units.csv, phrases.csv).

    A qualifier widens its bounds by its tolerances; a bound without tolerance
    keeps the precision of its unit (30% admits 29.5-30.5); an open bound goes
    to 0 or infinity; a worded share ("nearly half") takes its phrase's band;
    ``top`` is the figure as stated (the low bound of "at least N").
    """
    claims, vocab = rows.claims, rows.corpus.vocab
    tolerance = vocab["qualifiers"].set_index("qualifier")[["widen_low", "widen_high"]]
    tolerance = tolerance.apply(pd.to_numeric, errors="coerce")
    widen_low = claims["qualifier"].map(tolerance["widen_low"]).fillna(0).to_numpy()
    widen_high = claims["qualifier"].map(tolerance["widen_high"]).fillna(0).to_numpy()
    precision = pd.to_numeric(vocab["units"].set_index("unit")["precision"], errors="coerce")
    precision = claims["unit"].map(precision).fillna(0).to_numpy()
    lo = rows.low * (1 - widen_low) - np.where(widen_low == 0, precision, 0)
    lo = np.nan_to_num(np.clip(lo, 0, None), nan=0.0)
    hi = rows.high * (1 + widen_high) + np.where(widen_high == 0, precision, 0)
    hi = np.where(np.isnan(hi), np.inf, hi)
    band = phrase_band(vocab["phrases"], np.inf)
    share = (claims["unit"] == "percent").to_numpy()
    # qualifier "vague": the row carries its phrase's band, widened like any qualifier
    vague = (claims["qualifier"] == "vague").to_numpy()
    worded = np.full((len(claims), 2), np.nan)
    if (share & ~vague).any():
        worded[share & ~vague] = per_distinct(claims.loc[share & ~vague, "figure"], band)
    use = ~np.isnan(worded[:, 0])
    lo, hi = np.where(use, worded[:, 0], lo), np.where(use, worded[:, 1], hi)
    hi = np.where(vague & share, np.minimum(hi, 100.0), hi)  # a share stops at 100%
    top = np.where(np.isfinite(hi), hi, rows.low)
    top = np.where(np.isnan(top), lo, top)
    # a vague phrase tops out at its band's high ("many" has none)
    top = np.where(vague, np.nan_to_num(rows.high, nan=np.inf), top)
    return pd.DataFrame({"lo": lo, "hi": hi, "top": top})


def windows(rows: Rows) -> pd.DataFrame:
    """When each claim holds: its as_of, else its period, else the document's frame."""
    (as_from, as_to), (p_from, _), (_, p_to) = (rows.dates[c] for c in rows.dates)
    has_as_of = (rows.column("as_of") != "").to_numpy()
    no_start = (rows.column("period_start") == "").to_numpy()
    no_period = no_start & (rows.column("period_end") == "").to_numpy()
    f_start, f_end = rows.frame
    t_from = np.where(has_as_of, as_from, p_from)
    t_to = np.where(has_as_of, as_to, p_to)
    return pd.DataFrame(
        {
            "t_from": np.where(np.isnat(t_from), f_start, t_from),
            "t_to": np.where(np.isnat(t_to), f_end, t_to),
            "dated": has_as_of | ~no_period,
            # a count with no period, or one from the frame's start, runs from the start
            "from_start": no_start | (p_from <= f_start),
            "period_from": p_from,
            "period_to": p_to,
        }
    )


def relation_members(corpus: Corpus, known: pd.Index) -> tuple[pd.DataFrame, list[str]]:
    """Relations as one row per member; a malformed relation is a problem instead."""
    rel = corpus.relations
    twice = rel["relation_id"].duplicated()
    problems = [f"{r}: relation id used twice" for r in rel.loc[twice, "relation_id"]]
    rel = rel[~twice]
    arithmetic = rel["kind"] == "arithmetic"  # its members are the formula's {claim}s
    ids = rel["claims"].str.split().where(~arithmetic, rel["formula"].str.findall(r"\{([^}]+)\}"))
    members = rel.assign(claim_id=ids).explode("claim_id").dropna(subset=["claim_id"])
    members["position"] = members.groupby(level=0).cumcount()
    members["complete"] = members["complete"].str.strip().str.lower().isin(["yes", "true", "1"])
    sizes = ids.str.len()
    least = rel["kind"].map(lambda k: ARITY.get(k, (0, 0))[0])
    most = rel["kind"].map(lambda k: ARITY.get(k, (0, 0))[1])
    bad = ~rel["kind"].isin(list(ARITY)) | (sizes < least) | ((most > 0) & (sizes > most))
    unknown = ~members["claim_id"].isin(known) & (members["claim_id"] != "-")
    bad |= rel.index.isin(members.index[unknown])
    problems += [f"{r}: bad kind, member count or claim id" for r in rel.loc[bad, "relation_id"]]
    members = members[~members.index.isin(rel.index[bad])]
    return members.reset_index(drop=True), problems


def unit_and_cycle_problems(members: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    """Relations that add or compare counts keep one unit; part_of never loops back."""
    additive = members[members["kind"].isin(list(ADDITIVE)) & (members["claim_id"] != "-")]
    units = claims["unit"].reindex(additive["claim_id"].to_numpy()).to_numpy()
    spread = pd.Series(units).groupby(additive["relation_id"].to_numpy()).nunique()
    problems = [f"{r}: claims of different units" for r in spread.index[spread > 1]]
    edges = members[members["kind"] == "part_of"].pivot(
        index="relation_id", columns="position", values="claim_id"
    )
    wholes: dict[str, list[str]] = {}
    if not edges.empty:
        for part, whole in zip(edges[0], edges[1], strict=True):
            wholes.setdefault(part, []).append(whole)
    state: dict[str, int] = {}  # depth-first search: 1 on the path, 2 done
    for start in wholes:
        stack = [(start, iter(wholes.get(start, [])))]
        state[start] = state.get(start, 0) or 1
        while stack and state[start] == 1:
            node, nexts = stack[-1]
            child = next(nexts, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                problems.append(f"{child}: part_of relations form a cycle")
                state[child] = 2
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(wholes.get(child, []))))
    return problems


def build_context(rows: Rows) -> tuple[Context, list[str]]:
    claims = pd.concat([rows.claims, intervals(rows), windows(rows)], axis=1)
    claims["group_key"] = group_codes(claims, SCOPE)
    claims = claims.drop_duplicates("claim_id").set_index("claim_id", drop=False)
    members, problems = relation_members(rows.corpus, claims.index)
    problems += unit_and_cycle_problems(members, claims)
    return Context(claims, members, rows.corpus.vocab), problems


# --- one run and the comparison with ffcheck ---------------------------------------------
def finding_key(rule_id: str, ids: list[str]) -> str:
    return f"{rule_id}|{' '.join(sorted({i for i in ids if i != '-'}))}"


def measure(folder: Path) -> dict:
    stages = Stages()
    corpus = read_corpus(folder)
    stages.done("parse CSV")
    rows = Rows(corpus)
    problems = row_problems(rows)
    stages.done("row checks")
    ctx, relation_problems = build_context(rows)
    stages.done("intervals, windows, relations")
    found = []
    if not relation_problems:  # as ffcheck: a malformed relation stops every rule
        for rule_id, check in RULES.items():
            found += [finding_key(rule_id, ids) for ids in check(ctx)]
    stages.done("rules")
    listed = [f"{check}: {len(ids)} rows, e.g. {ids[:3]}" for check, ids in problems.items()]
    return {
        "stages": stages.rows,
        "problems": listed + relation_problems + ctx.problems,
        "problem_claims": sorted({i for ids in problems.values() for i in ids}),
        "findings": found,
        "rules": sorted(RULES),
        "imports_ffcheck": any(name.split(".")[0] == "ffcheck" for name in sys.modules),
    }


def run_json(command: list[str]) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
        "GX_ANALYTICS_ENABLED": "false"
    }
    if "run.py" in command[1]:  # the harness imports ffcheck from this checkout's src
        env["PYTHONPATH"] = str(HERE.parent / "src")
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.splitlines()[-1])


def verify(folder: Path) -> int:
    """Run ffcheck and this module, each in a fresh process; 0 when they agree exactly."""
    python = sys.executable
    ours = run_json([python, str(HERE / "independent.py"), str(folder)])
    theirs = run_json([python, str(HERE / "run.py"), "--measure", "ffcheck", str(folder)])
    flagged_a, flagged_b = set(theirs["problem_claims"]), set(ours["problem_claims"])
    for claim in sorted(flagged_a ^ flagged_b):
        print(f"  problem only in {'ffcheck' if claim in flagged_a else 'independent'}: {claim}")
    if flagged_a or flagged_b:  # as ffcheck check: invalid input has no findings to compare
        print(f"rows with problems: ffcheck {len(flagged_a)}, independent {len(flagged_b)}")
        print(f"ffcheck: {theirs['problems'][:3]}\nindependent: {ours['problems'][:3]}")
        same = flagged_a == flagged_b and not (folder / "planted.json").exists()
        print("SAME" if same else "DIFFERENT (or problems in a synthetic corpus)")
        return 0 if same else 1
    a, b = set(theirs["findings"]), set(ours["findings"])
    # a rule ffcheck has and this module lacks is named, and left out of the comparison
    missing = sorted(set(theirs.get("rules", [])) - set(RULES))
    skipped = {k for k in a if k.split("|", 1)[0] in missing}
    print(f"not compared (no rule here): {', '.join(missing) or 'none'};"
          f" ffcheck's findings of those: {len(skipped)}")  # fmt: skip
    a -= skipped
    for key in sorted(a | b):
        print(f"  {'=' if key in a and key in b else '<' if key in a else '>'} {key}")
    planted_file = folder / "planted.json"
    planted = set()
    if planted_file.exists():
        cases = json.loads(planted_file.read_text())
        planted = {finding_key(r, ids) for r, group in cases.items() for ids in group}
    counts = {rule_id: sum(k.startswith(rule_id + "|") for k in b) for rule_id in RULES}
    print(f"ffcheck {len(a)} findings, independent {len(b)}, both {len(a & b)}; per rule {counts}")
    print(f"problems: ffcheck {theirs['problems'][:3]}, independent {ours['problems'][:3]}")
    same = a == b and bool(theirs["problems"]) == bool(ours["problems"])
    if planted_file.exists():
        print(f"planted {len(planted)}: ffcheck {'==' if a == planted else '!='} planted, "
              f"independent {'==' if b == planted else '!='} planted")  # fmt: skip
        same &= a == planted
    same &= not ours["imports_ffcheck"]
    print("SAME" if same else "DIFFERENT (< only ffcheck, > only independent)")
    return 0 if same else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="a claims folder: measure it")
    parser.add_argument("--verify", action="store_true", help="compare with ffcheck")
    parser.add_argument("--size", type=int, help="a synthetic corpus of this many claims")
    parser.add_argument("--claims", type=Path, help="verify on this claims folder instead")
    args = parser.parse_args()
    if not args.verify:
        print(json.dumps(measure(args.folder)))
        return
    folder = args.claims or HERE / ".data" / str(args.size or 10_000)
    if not args.claims and not (folder / "planted.json").exists():
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(args.size), str(folder)], check=True
        )
    sys.exit(verify(folder.resolve()))


if __name__ == "__main__":
    main()
