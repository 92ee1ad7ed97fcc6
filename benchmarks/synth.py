"""Deterministic synthetic claim corpora with planted contradictions of every rule.

A corpus has many documents (a hundred claims each), thousands of subjects
(three-letter country codes) and regions, several sides, measures, sources and
dates. Most claims form consistent groups: series that grow over the years,
deaths below the later totals, and declared relations of every kind that hold.
A known share of groups is planted to contradict one rule each; ``planted.json``
lists, for every rule, the claim-id sets that must be found, and nothing else
may be.
"""

from __future__ import annotations

import csv
import itertools
import json
import random
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ffcheck.tables.load import CLAIM_COLUMNS, RELATION_COLUMNS  # noqa: E402

CLAIMS_PER_DOC = 100
FILES = 20
PLANT_EVERY = 200  # one group in this many is planted to contradict a rule
SIDES = ["anti_government", "pro_government", "unspecified"]
SOURCES = ["ICCT", "Soufan Group", "Ministry", "Press", "UN", "Observatory"]
RULES = [
    "part-exceeds-whole",
    "sum-mismatch",
    "ratio-mismatch",
    "same-quantity-differs",
    "rate-exceeds-total",
    "arithmetic-fails",
    "ranking-violated",
    "series-decreases",
    "sources-disagree",
    "measure-exceeds-bound",
    "region-exceeds",
]


def figure_text(low: str, high: str, qualifier: str, unit: str) -> str:
    style = {
        "exact": "{low}",
        "range": "{low}-{high}",
        "approx": "about {low}",
        "more_than": "over {low}",
        "up_to": "up to {high}",
        "nearly": "nearly {low}",
    }
    text = style[qualifier].format(
        low=f"{int(float(low or 0)):,}", high=f"{int(float(high or 0)):,}"
    )
    return f"{text}%" if unit == "percent" else text


class Corpus:
    def __init__(self, size: int, seed: int = 7):
        self.size = size
        self.rng = random.Random(seed)
        self.claims: list[dict[str, str]] = []
        self.relations: list[dict[str, str]] = []
        self.planted: dict[str, list[list[str]]] = {rule: [] for rule in RULES}
        letters = string.ascii_uppercase
        codes = ("".join(t) for t in itertools.product(letters, repeat=3) if "".join(t) != "ALL")
        self.countries = [next(codes) for _ in range(min(17000, max(60, size // 40)))]
        self.regions: list[tuple[str, list[str]]] = []
        self.n = 0
        self.doc_index = 0
        self.in_doc = 0

    def claim(
        self,
        subject: str,
        measure: str,
        low: float | None,
        high: float | None,
        qualifier: str = "exact",
        unit: str = "persons",
        as_of: str = "2015",
        side: str = "anti_government",
        scope: str = "",
        period: tuple[str, str] = ("", ""),
        source: str = "",
    ) -> str:
        self.n += 1
        self.in_doc += 1
        claim_id = f"c{self.n:07d}"
        low_text = "" if low is None else f"{low:g}"
        high_text = "" if high is None else f"{high:g}"
        figure = figure_text(low_text, high_text, qualifier, unit)
        self.claims.append(
            {
                "claim_id": claim_id,
                "doc": f"d{self.doc_index:05d}",
                "section": "Body",
                "subject": subject,
                "side": side,
                "group": "",
                "cohort": "all",
                "measure": measure,
                "scope": scope,
                "low": low_text,
                "high": high_text,
                "qualifier": qualifier,
                "unit": unit,
                "as_of": as_of,
                "period_start": period[0],
                "period_end": period[1],
                "source": source or self.rng.choice(SOURCES),
                "figure": figure,
                "quote": f"[{claim_id}] {figure} people.",
                "note": "",
            }
        )
        return claim_id

    def relation(self, kind: str, claims: list[str], complete: str = "", formula: str = "") -> None:
        self.relations.append(
            {
                "relation_id": f"r{len(self.relations) + 1:07d}",
                "kind": kind,
                "claims": " ".join(claims),
                "complete": complete,
                "formula": formula,
                "note": "",
            }
        )

    # --- consistent groups: what most of a corpus looks like --------------------------
    def series_group(self, g: int) -> None:
        subject, side = self.rng.choice(self.countries), self.rng.choice(SIDES)
        scope, base = f"s{g}", self.rng.randint(50, 5000)
        ids = [
            self.claim(
                subject,
                "travelled",
                base * k,
                base * k,
                as_of=str(2010 + 2 * k),
                side=side,
                scope=scope,
            )
            for k in (1, 2, 3, 4)
        ]
        killed = self.claim(
            subject, "killed", base // 2, base // 2, as_of="2017", side=side, scope=scope
        )
        self.relation("part_of", [killed, ids[-1]])

    def relation_group(self, g: int, planted: str | None) -> None:
        s = self.rng.choice(self.countries)
        kind = planted or RULES[g % 7]
        bad = planted is not None
        scope = f"r{g}"

        def c(measure: str, value: float, **kw: object) -> str:
            kw.setdefault("scope", f"{scope}-{self.n}")  # unique: keeps inferred rules out
            return self.claim(s, measure, value, value, **kw)  # type: ignore[arg-type]

        if kind == "part-exceeds-whole":
            ids = [c("killed", 500 if bad else 50), c("travelled", 100)]
            self.relation("part_of", ids)
        elif kind == "sum-mismatch":
            ids = [
                c("returned", 11),
                c("returned", 8),
                c("returned", 1),
                c("returned", 5 if bad else 2),
            ]
            self.relation("sum_of", ids, complete="yes")
        elif kind == "ratio-mismatch":
            ids = [
                c("returned", 30 if bad else 50, unit="percent"),
                c("returned", 50),
                c("travelled", 100),
            ]
            self.relation("ratio", ids)
        elif kind == "same-quantity-differs":
            ids = [
                c("travelled", 5, unit="persons_per_week"),
                c("travelled", 7 if bad else 5, unit="persons_per_week"),
            ]
            self.relation("same_quantity", ids)
        elif kind == "rate-exceeds-total":
            ids = [
                c(
                    "travelled",
                    1000 if bad else 100,
                    unit="persons_per_month",
                    as_of="",
                    period=("2014", "2014"),
                ),
                c("travelled", 5000, as_of="2015"),
            ]
            self.relation("rate_over_period", ids)
        elif kind == "arithmetic-fails":
            ids = [
                c("travelled", 5, unit="persons_per_week"),
                c("duration", 50, unit="weeks"),
                c("travelled", 300 if bad else 250),
            ]
            self.relation("arithmetic", [], formula=f"{{{ids[0]}}} * {{{ids[1]}}} == {{{ids[2]}}}")
        elif kind == "ranking-violated":
            first = self.rng.choice(self.countries)
            ids = [
                self.claim(
                    first, "travelled", 100 if bad else 900, 100 if bad else 900, scope=f"{scope}-a"
                ),
                c("travelled", 500),
            ]
            self.relation("ranking", ids)
        if bad:
            self.planted[kind].append(sorted(ids))

    # --- planted inferred contradictions ------------------------------------------------
    def plant_inferred(self, g: int, rule: str) -> None:
        s, scope = self.rng.choice(self.countries), f"p{g}"
        if rule == "series-decreases":
            ids = [
                self.claim(s, "travelled", 200, 200, as_of="2012", scope=scope),
                self.claim(s, "travelled", 100, 100, as_of="2015", scope=scope),
            ]
        elif rule == "sources-disagree":
            ids = [
                self.claim(s, "travelled", 100, 100, as_of="2015", scope=scope),
                self.claim(s, "travelled", 200, 200, as_of="2015", scope=scope),
            ]
        elif rule == "measure-exceeds-bound":
            ids = [
                self.claim(s, "killed", 300, 300, as_of="2015", scope=scope),
                self.claim(s, "travelled", 100, 100, as_of="2016", scope=scope),
            ]
        else:  # region-exceeds
            region = f"R{len(self.regions):04d}"
            members = self.rng.sample(self.countries, 2)
            self.regions.append((region, members))
            ids = [
                self.claim(region, "present", 100, 100, as_of="2015", scope=scope),
                self.claim(members[0], "present", 80, 80, as_of="2015", scope=scope),
                self.claim(members[1], "present", 70, 70, as_of="2015", scope=scope),
            ]
        self.planted[rule].append(sorted(ids))

    def build(self) -> Corpus:
        g = 0
        inferred = RULES[7:]
        while self.n < self.size:
            g += 1
            # Inferred rules compare claims of one document: a group never straddles two.
            if self.in_doc >= CLAIMS_PER_DOC:
                self.doc_index, self.in_doc = self.doc_index + 1, 0
            if g % PLANT_EVERY == 0:
                rule = RULES[(g // PLANT_EVERY) % len(RULES)]
                if rule in inferred:
                    self.plant_inferred(g, rule)
                else:
                    self.relation_group(g, rule)
            elif g % 4 == 0:
                self.relation_group(g, None)
            else:
                self.series_group(g)
        return self

    # --- files -------------------------------------------------------------------------
    def write(self, folder: Path) -> None:
        (folder / "vocab").mkdir(parents=True, exist_ok=True)
        (folder / "sources").mkdir(exist_ok=True)
        for name in ("sides", "measures", "units", "qualifiers", "cohorts", "groups", "phrases"):
            (folder / "vocab" / f"{name}.csv").write_bytes(
                (ROOT / "claims" / "vocab" / f"{name}.csv").read_bytes()
            )
        subjects = [("ALL", "All", "world", "")] + [
            (c, f"Country {c}", "country", "") for c in self.countries
        ]
        subjects += [(r, f"Region {r}", "region", "ALL") for r, _ in self.regions]
        write_csv(
            folder / "vocab" / "subjects.csv",
            ["subject", "name", "kind", "parent"],
            [dict(zip(["subject", "name", "kind", "parent"], s, strict=True)) for s in subjects],
        )
        write_csv(
            folder / "vocab" / "region_members.csv",
            ["region", "member"],
            [{"region": r, "member": m} for r, ms in self.regions for m in ms],
        )
        docs: dict[str, list[str]] = {}
        for row in self.claims:
            docs.setdefault(row["doc"], []).append(row["quote"])
        write_csv(
            folder / "documents.csv",
            ["doc", "path", "title", "licence", "frame_start", "frame_end"],
            [
                {
                    "doc": d,
                    "path": f"sources/{d}.txt",
                    "title": f"Synthetic {d}",
                    "licence": "generated",
                    "frame_start": "2011-01-01",
                    "frame_end": "2019-12-31",
                }
                for d in docs
            ],
        )
        for doc, quotes in docs.items():
            (folder / "sources" / f"{doc}.txt").write_text(
                f"Synthetic {doc}\n\nBody\n\n" + "\n".join(quotes) + "\n", encoding="utf-8"
            )
        per_file = -(-len(self.claims) // FILES)
        for i in range(FILES):
            write_csv(
                folder / f"part{i:02d}.csv",
                CLAIM_COLUMNS,
                self.claims[i * per_file : (i + 1) * per_file],
            )
        write_csv(folder / "relations.csv", RELATION_COLUMNS, self.relations)
        (folder / "planted.json").write_text(json.dumps(self.planted, indent=1))


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(size: int, folder: Path) -> dict[str, int]:
    corpus = Corpus(size).build()
    corpus.write(folder)
    return {rule: len(cases) for rule, cases in corpus.planted.items()}


if __name__ == "__main__":
    target = Path(sys.argv[2])
    print(generate(int(sys.argv[1]), target))
