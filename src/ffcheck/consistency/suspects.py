"""Suspect claims: the fewest claims whose removal would clear every error finding.

Three findings that all hinge on one weak figure are one problem, not three: the
reviewer should look at that figure first. Each error finding is a set of claims;
a set of claims that meets every one of them (a hitting set) explains them all.
The smallest such set is found exactly while the claims in error findings are few
(an exhaustive search by size, cheapest first), and greedily beyond that (the claim
in most unexplained findings first), which is within a log factor of the best.
Ties go to the claim in more findings of any severity, then to the claim id, so
the answer does not depend on the order of rows.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field

from ffcheck.consistency.findings import Finding

EXACT_UP_TO_CLAIMS = 22  # claims in error findings: C(22, k) stays small for the sizes we try
EXACT_UP_TO_SIZE = 4  # larger answers fall back to greedy


@dataclass
class Suspect:
    claim_id: str
    findings: list[str] = field(default_factory=list)  # fingerprints of the errors it explains
    also_in: list[str] = field(default_factory=list)  # its other findings (warning, info)

    def to_dict(self) -> dict[str, object]:
        return {"claim_id": self.claim_id, "findings": self.findings, "also_in": self.also_in}


def _exact(sets: list[frozenset[str]], order: list[str]) -> list[str] | None:
    """The first smallest hitting set in ``order``'s ranking, or None when it is too big."""
    for size in range(1, EXACT_UP_TO_SIZE + 1):
        for combo in itertools.combinations(order, size):
            chosen = set(combo)
            if all(chosen & s for s in sets):
                return list(combo)
    return None


def _greedy(sets: list[frozenset[str]], order: list[str]) -> list[str]:
    """The claim in most sets not yet met, first in ``order`` on a tie, until all are met.

    Counts only fall, so a claim popped from the heap with its count up to date is the
    next choice; one popped with a stale count goes back with its current one. (Counting
    afresh after each choice was quadratic: a minute for 11,000 findings.)"""
    rank = {claim: i for i, claim in enumerate(order)}
    holding: dict[str, list[int]] = {}
    for at, claims in enumerate(sets):
        for claim in claims:
            holding.setdefault(claim, []).append(at)
    count = {claim: len(at) for claim, at in holding.items()}
    heap = [(-n, rank[claim], claim) for claim, n in count.items()]
    heapq.heapify(heap)
    met = [False] * len(sets)
    left, chosen = len(sets), []
    while left:
        stored, _, claim = heapq.heappop(heap)
        if -stored != count[claim]:
            if count[claim]:
                heapq.heappush(heap, (-count[claim], rank[claim], claim))
            continue
        chosen.append(claim)
        for at in holding[claim]:
            if not met[at]:
                met[at], left = True, left - 1
                for other in sets[at]:
                    count[other] -= 1
    return chosen


def minimal_hitting_set(sets: list[frozenset[str]], weight: Counter[str]) -> list[str]:
    """Claims meeting every set: smallest when the search is small, greedy otherwise.

    >>> minimal_hitting_set([frozenset("ab"), frozenset("bc"), frozenset("bd")], Counter())
    ['b']
    >>> sorted(minimal_hitting_set([frozenset("ab"), frozenset("cd")], Counter()))
    ['a', 'c']
    """
    claims = sorted({c for s in sets for c in s})
    in_sets = Counter(c for s in sets for c in s)
    order = sorted(claims, key=lambda c: (-in_sets[c], -weight[c], c))
    found = _exact(sets, order) if len(claims) <= EXACT_UP_TO_CLAIMS else None
    return found if found is not None else _greedy(sets, order)


def suspect_claims(findings: list[Finding], severity: str = "error") -> list[Suspect]:
    """The suspect claims behind the unreviewed findings of ``severity``, most explaining first."""
    target = [f for f in findings if f.severity == severity and f.review is None]
    sets = [frozenset(c.claim_id for c in f.claims) for f in target]
    sets = [s for s in sets if s]
    if not sets:
        return []
    weight = Counter(c.claim_id for f in findings for c in f.claims)
    chosen = minimal_hitting_set(sets, weight)
    targeted = {id(f) for f in target}
    by_claim: dict[str, list[Finding]] = {}  # each claim's findings, in their order
    for finding in findings:
        for claim_id in dict.fromkeys(c.claim_id for c in finding.claims):
            by_claim.setdefault(claim_id, []).append(finding)
    suspects = []
    for claim in chosen:
        holding = by_claim.get(claim, [])
        mine = [f.fingerprint for f in holding if id(f) in targeted]
        others = [f.fingerprint for f in holding if id(f) not in targeted]
        suspects.append(Suspect(claim, mine, others))
    return sorted(suspects, key=lambda s: (-len(s.findings), s.claim_id))


def shared_claims(findings: list[Finding]) -> dict[str, list[str]]:
    """Claims that two or more findings share, each with those findings' fingerprints."""
    by_claim: dict[str, list[str]] = {}
    for finding in findings:
        for claim in dict.fromkeys(c.claim_id for c in finding.claims):
            by_claim.setdefault(claim, []).append(finding.fingerprint)
    shared = {c: fps for c, fps in by_claim.items() if len(fps) >= 2}
    return dict(sorted(shared.items(), key=lambda item: (-len(item[1]), item[0])))
