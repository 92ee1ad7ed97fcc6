"""Where GX reads a rule's derived table: where the table is.

A rule's ``derive`` returns a pandas DataFrame (the declared relations, built on this
machine) or an ibis table numbered on the engine (the lattice rules, ``numbered``). On
DuckDB the ibis table is materialized to pandas, where GX runs (GX has no DuckDB
source). On Spark it becomes a cached Spark DataFrame and GX runs its suite there, with
its Spark execution engine: only the failing rows come back to this machine, for the rule
to describe.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ffcheck.consistency.frames import Frames


def numbered(expr: ir.Table, *order: str) -> ir.Table:
    """``rules.base.finish`` on the engine: ``row_id`` first, numbering the rows 0, 1, ...
    in ``order``; the table stays on the engine for GX to read there."""
    import ibis

    row_id = ibis.row_number().over(order_by=[expr[column] for column in order])
    return expr.select(row_id.name("row_id"), *expr.columns)


@dataclass
class ForGX:
    """What GX validates (a pandas or a Spark DataFrame) and how to fetch rows by id."""

    frame: Any
    on_engine: ir.Table | None = None  # the cached engine table, when GX reads Spark's

    def rows(self, row_ids: list[int], frames: Frames) -> pd.DataFrame:
        """The rows numbered ``row_ids``, as pandas, indexed by ``row_id``."""
        if self.on_engine is None:
            return self.frame.set_index("row_id").loc[row_ids]
        table = self.on_engine
        fetched = frames.to_pandas(table.filter(table.row_id.isin(row_ids)))
        return fetched.set_index("row_id").loc[row_ids]


@contextmanager
def for_gx(table: pd.DataFrame | ir.Table, frames: Frames) -> Iterator[ForGX]:
    """``table`` where GX is to read it; a Spark table is cached for the suite and the
    rows fetched after it, and released when the rule is done with it."""
    if isinstance(table, pd.DataFrame):
        yield ForGX(table)
    elif frames.engine != "spark":
        yield ForGX(frames.to_pandas(table))  # in any order: GX and ``rows`` go by row_id
    else:
        cached = table.cache()  # computed once: each expectation is a Spark job over it
        try:
            yield ForGX(frames.spark_dataframe(cached), cached)
        finally:
            cached.release()


def materialized(table: pd.DataFrame | ir.Table, frames: Frames) -> pd.DataFrame:
    """The whole derived table as pandas, in ``row_id`` order: for a rule's author (and
    the tests) to see what GX was given."""
    if isinstance(table, pd.DataFrame):
        return table
    return frames.to_pandas(table.order_by("row_id"))
