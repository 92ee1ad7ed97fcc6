"""What every rule derives from: typed claims with intervals and time windows,
declared relations with their members, and the vocabularies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from ffcheck.consistency.frames import DEFAULT_ENGINE, Frames, claims_frame
from ffcheck.consistency.intervals import claim_intervals
from ffcheck.consistency.relations import part_of_cycles, relation_members, unit_mismatch
from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet
from ffcheck.text.dates import date_bounds
from ffcheck.text.document import Document
from ffcheck.validate.claims import typed_claims

if TYPE_CHECKING:
    import ibis.expr.types as ir

# Claims compared by inferred rules must agree on all of these.
SCOPE = ["doc", "subject", "side", "group", "cohort", "measure", "scope", "unit"]


@dataclass
class RuleContext:
    claims: pd.DataFrame  # indexed by claim_id; lo/hi, t_from/t_to, dated
    members: pd.DataFrame  # relation_id, kind, position, claim_id (+ complete, formula)
    relations: pd.DataFrame
    vocab: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)  # for the data lints
    skipped: list[dict[str, object]] = field(default_factory=list)
    engine: str = DEFAULT_ENGINE  # where the derived tables are computed (frames.py)
    # the lattice pairs of all claims, per measure pairing first asked for (``pairs``)
    _shared_pairs: dict[object, ir.Table] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def frames(self) -> Frames:
        """The engine, connected on first use, with the claims registered once."""
        return Frames(self.engine, len(self.claims))

    @property
    def claim_table(self) -> ir.Table:
        """The typed claims as an engine table (the columns the derived tables need)."""
        return self.frames.table("claims", lambda: claims_frame(self.claims))

    def join_claim(
        self, pairs: ir.Table, on: str, prefix: str, columns: tuple[str, ...]
    ) -> ir.Table:
        """``with_claim`` on the engine: claim columns joined by the claim id in ``on``."""
        claims = self.claim_table
        picked = claims.select(
            **{f"_{prefix}id": claims.claim_id}, **{f"{prefix}{c}": claims[c] for c in columns}
        )
        joined = pairs.join(picked, pairs[on] == picked[f"_{prefix}id"], how="left")
        return joined.drop(f"_{prefix}id")

    def pairs(
        self,
        rule: str,
        claims: ir.Table,
        measure_pairs: ir.Table | None = None,
        undated: str = "",
        record_trimmed: bool = True,
    ) -> ir.Table:
        """``comparable_pairs`` of ``claims`` on this engine, with ``rule``'s skip records.
        Given ``undated`` (the reason), claims without a date are left out and recorded;
        ``record_trimmed`` records the claims left out of a large scope.

        When no scope of the whole claim set is large (the usual case), every rule's pairs
        are cut from one table of all comparable pairs (per ``measure_pairs``), computed
        once: a pair's steps do not depend on which other claims take part, and a subset
        of claims has no large scope either, so nothing would have been trimmed."""
        from ffcheck.consistency.lattice import comparable_pairs

        if undated:
            self.skip(rule, undated, self.frames.ids(claims.filter(~claims.dated).claim_id))
            claims = claims.filter(claims.dated)
        if not self._has_large_scope:
            shared = self._all_pairs(measure_pairs)
            # (two projections, not a ``view()``: its fresh identifier would make every
            # context's query new to the compiled-SQL cache, frames._SQL_BY_EXPRESSION)
            ids = claims.select(_id=claims.claim_id)
            mine = shared.semi_join(ids, shared.claim_narrow == ids._id)
            wide_ids = claims.select(_wide_id=claims.claim_id)
            return mine.semi_join(wide_ids, mine.claim_wide == wide_ids._wide_id)

        def skip(why: str, ids: list[str]) -> None:
            self.skip(rule, why, ids)

        trimmed = skip if record_trimmed else None
        return comparable_pairs(self.frames, claims, self.vocab, measure_pairs, trimmed)

    @cached_property
    def _has_large_scope(self) -> bool:
        """Whether some exact scope holds more claims than ``lattice.MAX_PER_SCOPE``."""
        from ffcheck.consistency.lattice import oversized_scopes

        return int(self.frames.con.execute(oversized_scopes(self.claim_table).count())) > 0

    def _all_pairs(self, measure_pairs: ir.Table | None) -> ir.Table:
        """All comparable pairs of all claims for ``measure_pairs`` (each measure with
        itself when None). Computed once and held by the engine (a temporary table on
        DuckDB, a cached DataFrame on Spark), with each measure paired with itself too:
        the rules that pair a measure only with itself then filter the same table."""
        from ffcheck.consistency.lattice import all_pairs

        key = None if measure_pairs is None else measure_pairs.op()
        if key is None and self._shared_pairs:
            shared = next(iter(self._shared_pairs.values()))
        elif key in self._shared_pairs:
            shared = self._shared_pairs[key]
        else:
            claims = self.claim_table
            pairing = claims.select("measure", measure_wide=claims.measure).distinct()
            if measure_pairs is not None:
                pairing = pairing.union(measure_pairs.select("measure", "measure_wide"))
            pairs = all_pairs(self.frames, claims, self.vocab, pairing, with_measures=True)
            shared = self.frames.hold(f"pairs_{len(self._shared_pairs)}", pairs)
            self._shared_pairs[key] = shared
        if measure_pairs is None:
            mine = shared.filter(shared.measure == shared.measure_wide)
        else:
            mine = shared.semi_join(measure_pairs, ["measure", "measure_wide"])
        return mine.drop("measure", "measure_wide")

    def skip(self, rule: str, reason: str, claim_ids: pd.Series | list[str]) -> None:
        """Record what ``rule`` left out and why: one record per reason, never silent."""
        # Distinct first (in C for a Series), then sorted: hundreds of thousands at 1M
        # claims, often sorted already (``Frames.ids``), which a sort then merely checks.
        distinct = claim_ids.unique().tolist() if isinstance(claim_ids, pd.Series) else claim_ids
        ids = sorted(dict.fromkeys(map(str, distinct)))
        if ids:
            self.skipped.append({"rule": rule, "reason": reason, "claims": ids})

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
        columns: tuple[str, ...] = ("lo", "hi", "lo_stated", "hi_stated", "top", "unit"),
    ) -> pd.DataFrame:
        """Join claim columns onto ``frame`` by the claim id in column ``on``."""
        picked = self.claims[list(columns)].add_prefix(prefix)
        return frame.join(picked, on=on)


def _windows(claims: pd.DataFrame, frame_start: pd.Series, frame_end: pd.Series) -> pd.DataFrame:
    """When each claim holds: as_of, else its period, else the document's frame."""
    out = claims.copy(deep=False)  # copy-on-write: new columns only, no data copied
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


def build_context(
    claimset: ClaimSet, set_aside: frozenset[str] = frozenset(), engine: str = DEFAULT_ENGINE
) -> RuleContext:
    """The rules' input. A relation naming a claim that was ``set_aside`` (its quote is
    stale, say) is left out quietly: the claim's own problem already says why. ``engine``
    computes the derived tables built on the lattice (consistency/frames.py)."""
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
    # (the ids as a list first: iterating an Arrow-backed index converts each value)
    members, problems = relation_members(claimset, set(claims.index.tolist()) | set_aside)
    touched = members.loc[members["claim_id"].isin(set_aside), "relation_id"]
    members = members[~members["relation_id"].isin(touched)]
    problems += unit_mismatch(members, claims) + part_of_cycles(members)
    # A relation with a problem (mixed units, a cycle) is left out, so that the rules run
    # on every other relation instead of none.
    located = {(p.file, p.line) for p in problems}
    if located:  # (a row-by-row look-up: only when some relation has a problem)
        flawed = [
            (f, int(n)) in located for f, n in zip(members["_file"], members["_line"], strict=True)
        ]
        members = members[~members["relation_id"].isin(members.loc[flawed, "relation_id"])]
    return RuleContext(
        claims,
        members,
        claimset.relations,
        claimset.vocab,
        problems,
        claimset.documents,
        engine=engine,
    )
