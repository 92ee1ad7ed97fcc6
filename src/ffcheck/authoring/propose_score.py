"""Leave-one-out score of `propose` on a claims folder (default: the bundled claims).

For each claim whose quote is verified, `propose` reads the sentence holding the
claim's figure (the proposer sees only the document and the vocabularies, never
a claim row) and the proposal for that figure is compared with the row, field
by field. Run ``python -m ffcheck.authoring.propose_score [CLAIMS_DIR]``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ffcheck.authoring.neighbours import Neighbours
from ffcheck.authoring.propose import Proposed, build_lexicon, propose_sentence
from ffcheck.tables.load import ClaimSet, load_claimset, records
from ffcheck.text.numbers import same_value

# Field -> the floor its exact-match rate must reach (percent).
FLOORS = {
    "figure": 97.0,
    "low": 97.0,
    "high": 97.0,
    "qualifier": 97.0,
    "unit": 97.0,
    "subject": 90.0,
    "measure": 80.0,
    "side": 80.0,
    "as_of": 85.0,
    "source": 75.0,
    "group": 0.0,
    "cohort": 0.0,
    "period_start": 0.0,
    "period_end": 0.0,
}


@dataclass
class Score:
    claims: int = 0
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLOORS, 0))
    misses: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FLOORS})

    def percent(self, name: str) -> float:
        return 100.0 * self.hits[name] / self.claims if self.claims else 0.0

    def table(self) -> str:
        rows = ["| field | exact | floor | met |", "|---|---|---|---|"]
        for name, floor in FLOORS.items():
            pct = self.percent(name)
            met = "yes" if pct >= floor else "**no**"
            shown = f"{floor:.0f}%" if floor else "(none)"
            rows.append(f"| {name} | {pct:.1f}% | {shown} | {met if floor else ''} |")
        rows.append(f"\n{self.claims} verified claims, each proposed from its sentence alone")
        return "\n".join(rows)


def _same(name: str, want: str, got: str) -> bool:
    if name in {"low", "high"}:
        a = float(want) if want else None
        b = float(got) if got else None
        return same_value(a, b)
    return want.strip().casefold() == got.strip().casefold()


def score(claimset: ClaimSet) -> Score:
    lexicon = build_lexicon(claimset.vocab)
    everyone = Neighbours.of(claimset)
    result = Score()
    for row in records(claimset.claims):
        document = claimset.documents.get(row.doc)
        found = document.occurrences(row.quote) if document else []
        inner = row.quote.find(row.figure)
        if document is None or len(found) != 1 or inner == -1:
            continue
        start = found[0] + inner
        end = start + len(row.figure)
        result.claims += 1
        proposals = propose_sentence(document, lexicon, start, everyone.without(row.claim_id))
        match = _matching(proposals, start, end)
        for name in FLOORS:
            if name == "figure":
                ok = match is not None
            else:
                ok = match is not None and _same(name, getattr(row, name), match.row.get(name, ""))
            if ok:
                result.hits[name] += 1
            else:
                got = match.row.get(name, "") if match else "(no figure)"
                result.misses[name].append(
                    f"{row.claim_id}: want {getattr(row, name)!r} got {got!r}"
                )
    return result


def _matching(proposals: list[Proposed], start: int, end: int) -> Proposed | None:
    """The proposal whose figure is the claim's: one span holds the other."""
    for proposal in proposals:
        if proposal.start <= start and end <= proposal.end:
            return proposal
        if start <= proposal.start and proposal.end <= end:
            return proposal
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    claimset = load_claimset(Path(args[0] if args else "claims"))
    result = score(claimset)
    print(result.table())
    if "--misses" in args:
        for name, missed in result.misses.items():
            print(f"\n## {name} ({len(missed)})")
            print("\n".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
