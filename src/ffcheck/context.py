"""What every rule derives from: typed claims with intervals and time windows,
declared relations with their members, and the vocabularies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ffcheck.dates import date_bounds
from ffcheck.intervals import claim_intervals
from ffcheck.load import ClaimSet, records
from ffcheck.problems import Problem
from ffcheck.schemas import typed_claims

RELATION_KINDS = {
    # kind: (least members, most members; 0 = no limit)
    "part_of": (2, 2),
    "sum_of": (2, 0),
    "ratio": (3, 3),
    "same_quantity": (2, 0),
    "rate_over_period": (2, 2),
    "arithmetic": (0, 0),
    "ranking": (2, 0),
}
# Claims compared by inferred rules must agree on all of these.
SCOPE = ["doc", "subject", "side", "group", "cohort", "measure", "scope", "unit"]


@dataclass
class RuleContext:
    claims: pd.DataFrame  # indexed by claim_id; lo/hi, t_from/t_to, dated
    members: pd.DataFrame  # relation_id, kind, position, claim_id (+ complete, formula)
    relations: pd.DataFrame
    vocab: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)

    def relation_members(self, kind: str) -> pd.DataFrame:
        return self.members[self.members["kind"] == kind]

    def relation_problem(self, group: pd.DataFrame, message: str) -> Problem:
        first = group.iloc[0]
        return Problem(
            str(first["_file"]),
            int(first["_line"]),
            "formula",
            "bad-relation",
            message,
            str(first["formula"]),
        )

    def with_claim(
        self,
        frame: pd.DataFrame,
        on: str,
        prefix: str,
        columns: tuple[str, ...] = ("lo", "hi", "top", "unit"),
    ) -> pd.DataFrame:
        """Join claim columns onto ``frame`` by the claim id in column ``on``."""
        picked = self.claims[list(columns)].add_prefix(prefix)
        return frame.join(picked, on=on)


def _windows(claims: pd.DataFrame, frame_start: pd.Series, frame_end: pd.Series) -> pd.DataFrame:
    """When each claim holds: as_of, else its period, else the document's frame."""
    out = claims.copy()
    has_as_of = out["as_of"] != ""
    has_period = (out["period_start"] != "") | (out["period_end"] != "")
    t_from = out["as_of_from"].where(has_as_of, out["period_start_from"])
    t_to = out["as_of_to"].where(has_as_of, out["period_end_to"])
    out["dated"] = has_as_of | has_period
    out["t_from"] = t_from.fillna(frame_start)
    out["t_to"] = t_to.fillna(frame_end)
    # A count "since <start of the conflict>" or with no period is cumulative from the start.
    out["from_start"] = (out["period_start"] == "") | (out["period_start_from"] <= frame_start)
    return out


def _relation_members(claimset: ClaimSet, known: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    rel = claimset.relations
    problems: list[Problem] = []
    rows = []
    seen: set[str] = set()
    for r in records(rel):
        where = (str(r._file), int(r._line))
        if r.relation_id in seen:
            problems.append(
                Problem(
                    *where, "relation_id", "duplicate-id", "relation id used twice", r.relation_id
                )
            )
            continue
        seen.add(r.relation_id)
        if r.kind not in RELATION_KINDS:
            problems.append(
                Problem(
                    *where,
                    "kind",
                    "bad-relation",
                    f"unknown kind; one of {', '.join(RELATION_KINDS)}",
                    r.kind,
                )
            )
            continue
        ids = [c for c in str(r.claims).split() if c]
        if r.kind == "arithmetic":
            import re

            ids = re.findall(r"\{([^}]+)\}", str(r.formula))
            if not ids:
                problems.append(
                    Problem(
                        *where,
                        "formula",
                        "bad-relation",
                        "an arithmetic relation needs a formula over {claim_id}s",
                        r.formula,
                    )
                )
                continue
        least, most = RELATION_KINDS[r.kind]
        if len(ids) < least or (most and len(ids) > most):
            problems.append(
                Problem(
                    *where,
                    "claims",
                    "bad-relation",
                    f"{r.kind} takes {least}{'' if most == least else '+'} claim ids",
                    r.claims,
                )
            )
            continue
        missing = [c for c in ids if c not in known and c != "-"]
        if missing:
            problems.append(
                Problem(
                    *where,
                    "claims",
                    "bad-relation",
                    f"no claim has the id {', '.join(missing)}",
                    r.claims,
                )
            )
            continue
        rows += [
            {
                "relation_id": r.relation_id,
                "kind": r.kind,
                "position": i,
                "claim_id": c,
                "complete": str(r.complete).strip().lower() in {"yes", "true", "1"},
                "formula": str(r.formula),
                "note": str(r.note),
                "_file": where[0],
                "_line": where[1],
            }
            for i, c in enumerate(ids)
        ]
    columns = [
        "relation_id",
        "kind",
        "position",
        "claim_id",
        "complete",
        "formula",
        "note",
        "_file",
        "_line",
    ]
    return pd.DataFrame(rows, columns=columns), problems


def _unit_mismatch(members: pd.DataFrame, claims: pd.DataFrame) -> list[Problem]:
    """Relations that add or compare counts must not mix units."""
    comparable = members[
        members["kind"].isin(["part_of", "sum_of", "same_quantity", "ranking"])
        & (members["claim_id"] != "-")
    ]
    units = comparable.join(claims["unit"], on="claim_id")
    spread = units.groupby("relation_id")["unit"].nunique()
    bad = spread[spread > 1].index
    first = units[units["relation_id"].isin(bad)].drop_duplicates("relation_id")
    return [
        Problem(
            r._file,
            int(r._line),
            "claims",
            "bad-relation",
            "the claims of this relation have different units",
            r.relation_id,
        )
        for r in records(first)
    ]


def _part_of_cycles(members: pd.DataFrame) -> list[Problem]:
    """part_of relations that lead back to where they started (A in B in A)."""
    pairs = members[members["kind"] == "part_of"].pivot(
        index="relation_id", columns="position", values="claim_id"
    )
    if pairs.empty:
        return []
    wholes: dict[str, set[str]] = {}
    for part, whole in zip(pairs[0], pairs[1], strict=True):
        wholes.setdefault(part, set()).add(whole)
    problems, reported = [], set()
    for start in wholes:
        stack, seen = list(wholes[start]), set()
        while stack:  # the relations table is small: a plain walk is enough
            node = stack.pop()
            if node == start and start not in reported:
                first = members[(members["kind"] == "part_of") & (members["claim_id"] == start)]
                row = first.iloc[0]
                problems.append(
                    Problem(
                        str(row["_file"]),
                        int(row["_line"]),
                        "claims",
                        "bad-relation",
                        "part_of relations form a cycle through "
                        f"{start}: a part cannot contain its whole",
                        start,
                    )
                )
                reported.add(start)
            if node not in seen:
                seen.add(node)
                stack += wholes.get(node, set())
    return problems


def build_context(claimset: ClaimSet) -> RuleContext:
    claims = typed_claims(claimset.claims)
    docs = claimset.document_table.drop_duplicates("doc").set_index("doc")
    frame_start, _ = date_bounds(claims["doc"].map(docs["frame_start"]))
    _, frame_end = date_bounds(claims["doc"].map(docs["frame_end"]))
    claims = _windows(claims, frame_start, frame_end)
    claims = claim_intervals(
        claims,
        claimset.vocab["qualifiers"],
        claimset.vocab.get("phrases", pd.DataFrame()),
        claimset.vocab["units"],
    )
    claims = claims.set_index("claim_id", drop=False)
    members, problems = _relation_members(claimset, set(claims.index))
    problems += _unit_mismatch(members, claims) + _part_of_cycles(members)
    return RuleContext(claims, members, claimset.relations, claimset.vocab, problems)
