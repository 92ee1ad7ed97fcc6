"""Declared relations (claims/relations.csv): parsed, checked, expanded to one row per member."""

from __future__ import annotations

import re

import numpy as np
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


ARITHMETIC_ID_RE = re.compile(r"\{([^}]+)\}")  # the claim ids of a formula: {claim_id}
MEMBER_COLUMNS = [
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


def relation_members(claimset: ClaimSet, known: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    rel = claimset.relations
    problems: list[Problem] = []
    if rel.empty:
        return pd.DataFrame([], columns=MEMBER_COLUMNS), problems
    seen: set[str] = set()
    kept: list[int] = []  # positions in ``rel`` of the relations expanded
    kept_ids: list[list[str]] = []
    # Column lists, not a dict per row or per member: 200,000 relations at 1M claims.
    columns = ("relation_id", "kind", "claims", "formula", "_file", "_line")
    read = zip(*(rel[c].tolist() for c in columns), strict=True)
    for at, (relation_id, kind, claims, formula, file, line) in enumerate(read):
        where = (str(file), int(line))
        if relation_id in seen:
            problems.append(
                Problem(
                    *where, "relation_id", "duplicate-id", "relation id used twice", relation_id
                )
            )
            continue
        seen.add(relation_id)
        if kind not in RELATION_KINDS:
            problems.append(
                Problem(
                    *where,
                    "kind",
                    "bad-relation",
                    f"unknown kind; one of {', '.join(RELATION_KINDS)}",
                    kind,
                )
            )
            continue
        ids = str(claims).split()  # (split on runs of whitespace: no empty id)
        if kind == "arithmetic":
            ids = ARITHMETIC_ID_RE.findall(str(formula))
            if not ids:
                problems.append(
                    Problem(
                        *where,
                        "formula",
                        "bad-relation",
                        "an arithmetic relation needs a formula over {claim_id}s",
                        formula,
                    )
                )
                continue
        least, most = RELATION_KINDS[kind]
        if len(ids) < least or (most and len(ids) > most):
            problems.append(
                Problem(
                    *where,
                    "claims",
                    "bad-relation",
                    f"{kind} takes {least}{'' if most == least else '+'} claim ids",
                    claims,
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
                    claims,
                )
            )
            continue
        kept.append(at)
        kept_ids.append(ids)
    if not kept:
        return pd.DataFrame([], columns=MEMBER_COLUMNS), problems
    picked = rel.iloc[np.repeat(kept, [len(ids) for ids in kept_ids])]
    complete = picked["complete"].astype(str).str.strip().str.lower().isin(["yes", "true", "1"])
    members = {
        "relation_id": picked["relation_id"].tolist(),
        "kind": picked["kind"].tolist(),
        "position": [i for ids in kept_ids for i in range(len(ids))],
        "claim_id": [c for ids in kept_ids for c in ids],
        "complete": complete.tolist(),
        "formula": list(map(str, picked["formula"].tolist())),
        "note": list(map(str, picked["note"].tolist())),
        "_file": list(map(str, picked["_file"].tolist())),
        "_line": list(map(int, picked["_line"].tolist())),
    }
    return pd.DataFrame(members, columns=MEMBER_COLUMNS), problems


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
    parts = pairs[0].to_numpy(dtype=object)
    on_cycle = _cyclic(parts, pairs[1].to_numpy(dtype=object))
    part_of = members[members["kind"] == "part_of"].drop_duplicates("claim_id")
    part_of = part_of[part_of["claim_id"].isin(list(on_cycle))]  # rows as dicts only here
    first_row = dict(zip(part_of["claim_id"], part_of.to_dict("records"), strict=True))
    problems = []
    for start in dict.fromkeys(parts.tolist()):  # each part once, in the order of relations
        if start in on_cycle:
            row = first_row[start]
            problems.append(
                Problem(
                    str(row["_file"]),
                    int(row["_line"]),
                    "claims",
                    "bad-relation",
                    f"part_of relations form a cycle through {start}: "
                    "a part cannot contain its whole",
                    start,
                )
            )
    return problems


def _cyclic(sources: np.ndarray, targets: np.ndarray) -> set[str]:
    """The nodes on a cycle of the edges ``sources[i] -> targets[i]``: members of a
    strongly connected component of two or more nodes, or with an edge to themselves
    (scipy's csgraph, linear in nodes + edges: walking from every node was quadratic on a
    long chain, and a Python walk took a second for 300,000 relations)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    codes, nodes = pd.factorize(np.concatenate([sources, targets]))
    start, end = codes[: len(sources)], codes[len(sources) :]
    size = len(nodes)
    graph = coo_matrix((np.ones(len(start), dtype=np.int8), (start, end)), shape=(size, size))
    _, labels = connected_components(graph.tocsr(), directed=True, connection="strong")
    cyclic = np.bincount(labels)[labels] > 1
    cyclic[start[start == end]] = True
    return set(np.asarray(nodes, dtype=object)[cyclic].tolist())
