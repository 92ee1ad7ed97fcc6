"""Declared relations (claims/relations.csv): parsed, checked, expanded to one row per member."""

from __future__ import annotations

import re

import pandas as pd

from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet, records

RELATION_KINDS = {
    # kind: (least members, most members; 0 = no limit)
    "part_of": (2, 2),
    "sum_of": (2, 0),
    "ratio": (3, 3),
    "same_quantity": (2, 0),
    "rate_over_period": (2, 2),
    "arithmetic": (0, 0),
    "ranking": (2, 0),
    "largest": (2, 0),  # the first is at least each of the others; no order among the others
}


def relation_members(claimset: ClaimSet, known: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
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


def unit_mismatch(members: pd.DataFrame, claims: pd.DataFrame) -> list[Problem]:
    """Relations that add or compare counts must not mix units."""
    comparable = members[
        members["kind"].isin(["part_of", "sum_of", "same_quantity", "ranking", "largest"])
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


def part_of_cycles(members: pd.DataFrame) -> list[Problem]:
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
