"""Leave-one-out score of `propose` on a claims folder (default: the bundled claims).

For each claim whose quote is verified, `propose` reads the sentence holding the
claim's figure, the document, the vocabularies and every *other* claim (the
neighbours a paragraph's fields may come from; the held-out claim is removed from
them, and no claim whose figure overlaps it is read) and the proposal for that
figure is compared with the row, field by field. A second score removes a random
fifth of the claims at once (fixed seed) and runs `propose` itself on the copy, as
a contributor would: neighbours are then missing too.
Run ``python -m ffcheck.authoring.propose_score [CLAIMS_DIR] [--removed] [--misses]``.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from ffcheck.authoring.neighbours import Neighbours
from ffcheck.authoring.propose import Proposed, build_lexicon, propose_sentence, propose_uncovered
from ffcheck.tables.load import ClaimSet, Row, load_claimset, records
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
    how: str = "each proposed with every other claim as its neighbours (leave-one-out)"
    claims: int = 0
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLOORS, 0))
    misses: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FLOORS})

    def percent(self, name: str) -> float:
        return 100.0 * self.hits[name] / self.claims if self.claims else 0.0

    def add(self, row: Row, match: Proposed | None) -> None:
        """Compare one claim with the proposal for its figure (None: no proposal)."""
        self.claims += 1
        for name in FLOORS:
            if name == "figure":
                ok = match is not None
            else:
                ok = match is not None and _same(name, getattr(row, name), match.row.get(name, ""))
            if ok:
                self.hits[name] += 1
            else:
                got = match.row.get(name, "") if match else "(no figure)"
                self.misses[name].append(f"{row.claim_id}: want {getattr(row, name)!r} got {got!r}")

    def table(self) -> str:
        rows = ["| field | exact | floor | met |", "|---|---|---|---|"]
        for name, floor in FLOORS.items():
            pct = self.percent(name)
            met = "yes" if pct >= floor else "**no**"
            shown = f"{floor:.0f}%" if floor else "(none)"
            rows.append(f"| {name} | {pct:.1f}% | {shown} | {met if floor else ''} |")
        rows.append(f"\n{self.claims} verified claims, {self.how}")
        return "\n".join(rows)


def _same(name: str, want: str, got: str) -> bool:
    if name in {"low", "high"}:
        a = float(want) if want else None
        b = float(got) if got else None
        return same_value(a, b)
    return want.strip().casefold() == got.strip().casefold()


def _located(claimset: ClaimSet) -> list[tuple[Row, int, int]]:
    """Each claim whose quote stands once in its document, with its figure's span."""
    out = []
    for row in records(claimset.claims):
        document = claimset.documents.get(row.doc)
        found = document.occurrences(row.quote) if document else []
        inner = row.quote.find(row.figure)
        if document is not None and len(found) == 1 and inner != -1:
            out.append((row, found[0] + inner, found[0] + inner + len(row.figure)))
    return out


def score(claimset: ClaimSet) -> Score:
    """Leave-one-out: each claim proposed with every other claim as its neighbours."""
    lexicon = build_lexicon(claimset.vocab)
    everyone = Neighbours.of(claimset)
    result = Score()
    for row, start, end in _located(claimset):
        document = claimset.documents[row.doc]
        others = everyone.without(row.claim_id)
        result.add(row, _matching(propose_sentence(document, lexicon, start, others), start, end))
    return result


def score_removed(claimset: ClaimSet, fraction: float = 0.2, seed: int = 15) -> Score:
    """Remove a random ``fraction`` of the claims at once (fixed ``seed``), run
    `propose` on the copy (its uncovered numbers) and score the removed claims."""
    located = _located(claimset)
    removed = random.Random(seed).sample(located, round(fraction * len(located)))
    gone = {row.claim_id for row, _, _ in removed}
    kept = claimset.claims[~claimset.claims["claim_id"].isin(gone)]
    proposals, _ = propose_uncovered(replace(claimset, claims=kept))
    result = Score(f"removed at once (seed {seed}) and proposed by `propose` from the rest")
    for row, start, end in removed:
        mine = [p for p in proposals if p.row["doc"] == row.doc]
        result.add(row, _matching(mine, start, end))
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
    folders = [a for a in args if not a.startswith("--")]
    claimset = load_claimset(Path(folders[0] if folders else "claims"))
    result = score_removed(claimset) if "--removed" in args else score(claimset)
    print(result.table())
    if "--misses" in args:
        for name, missed in result.misses.items():
            print(f"\n## {name} ({len(missed)})")
            print("\n".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
