"""Where the derived tables are computed: an ibis backend, DuckDB (embedded) by default.

The heavy derived tables (the lattice pairs, consistency/lattice.py, and the rules built
on them) are ibis expressions over base tables registered here once: the typed claims
and small tables read from the vocabularies. The same expressions run on DuckDB in this
process or on Spark (``--engine spark``, local mode unless ``SPARK_REMOTE`` or a
``spark.master`` says otherwise). GX reads a derived table where it is (derived.py): on
Spark as a Spark DataFrame, on DuckDB materialized to pandas.

ibis, DuckDB and PySpark (and pandas) are imported on first use only, so that the CLI can
name the engines without loading any of them, and a DuckDB run never loads PySpark.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd
    from ibis.backends import BaseBackend

ENGINES = ("duckdb", "spark")
DEFAULT_ENGINE = "duckdb"
ENGINE_VARIABLE = "FFCHECK_ENGINE"
DUCKDB_MEMORY_VARIABLE = "FFCHECK_DUCKDB_MEMORY"
# DuckDB's default, 80% of the machine, comes on top of what pandas holds already (about
# 1.3 GB per million claims). Capped, it spills to disk instead. Measured on the synthetic
# corpus: at 1M claims 512 MB ran out, 700 MB took no longer than no cap and 300 MB less
# at peak; at 10M claims 4 GB finished. So 768 bytes per claim, at least 768 MB and at
# most a fifth of the machine.
DUCKDB_BYTES_PER_CLAIM = 768
DUCKDB_MEMORY_FLOOR = 768 * 2**20
DUCKDB_MEMORY_SHARE = 0.2
DUCKDB_MEMORY_DEFAULT_TEXT = "768 bytes per claim, from 768 MB to a fifth of the machine's memory"

# The claim columns the engine needs: the scope, the intervals, the time windows.
CLAIM_COLUMNS = (
    "claim_id",
    "doc",
    "subject",
    "side",
    "group",
    "cohort",
    "measure",
    "scope",
    "unit",
    "source",
    "as_of",
    "period_start",
    "lo",
    "hi",
    "lo_stated",
    "hi_stated",
    "top",
    "t_from",
    "t_to",
    "period_start_from",
    "period_end_to",
    "dated",
    "from_start",
)


def engine_name(requested: str | None = None) -> str:
    """The engine asked for (an option), else ``$FFCHECK_ENGINE``, else DuckDB."""
    name = (requested or os.environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE).strip().lower()
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")
    return name


@cache
def spark_session() -> Any:
    """One Spark session per process (starting one takes seconds). Local mode on two cores
    unless the environment names a cluster; no UI, no warehouse in the project, no noise."""
    from pyspark.sql import SparkSession

    scratch = Path(tempfile.mkdtemp(prefix="ffcheck-spark-"))
    quiet = scratch / "log4j2.properties"  # errors only, from the JVM's first line on
    quiet.write_text(
        "rootLogger.level = error\nrootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\nappender.console.name = console\n"
        "appender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n",
        encoding="utf-8",
    )
    builder = SparkSession.builder.appName("ffcheck")
    if not os.environ.get("SPARK_REMOTE") and not os.environ.get("MASTER"):
        builder = builder.master("local[2]")
    session = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={quiet.as_uri()}")
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def duckdb_memory_limit(claims: int = 0) -> str:
    """DuckDB's memory limit: ``$FFCHECK_DUCKDB_MEMORY`` (e.g. "4GB"), else sized by the
    number of claims (see DUCKDB_BYTES_PER_CLAIM)."""
    limit = os.environ.get(DUCKDB_MEMORY_VARIABLE, "").strip()
    if not limit:
        machine = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        wanted = min(claims * DUCKDB_BYTES_PER_CLAIM, int(machine * DUCKDB_MEMORY_SHARE))
        return f"{max(DUCKDB_MEMORY_FLOOR, wanted) // 2**20}MiB"
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit, flags=re.IGNORECASE):
        raise ValueError(f"{DUCKDB_MEMORY_VARIABLE}={limit!r}: a size such as 512MB, 4GB or 1.5GiB")
    return limit


def connect(engine: str, claims: int = 0) -> BaseBackend:
    """A connection to ``engine``; DuckDB's memory is sized for ``claims`` claims."""
    import ibis

    if engine == "spark":
        return ibis.pyspark.connect(spark_session())
    con = _remembering_duckdb().connect()  # in memory, in this process
    # DuckDB would take up to 80% of the machine beside what pandas holds already; capped,
    # it spills to a directory of our own instead, removed with the connection (or at exit).
    spill = tempfile.mkdtemp(prefix="ffcheck-duckdb-")
    weakref.finalize(con, shutil.rmtree, spill, ignore_errors=True)
    con.raw_sql(f"SET temp_directory = '{spill}'")  # mkdtemp's name: no quote in it
    con.raw_sql(f"SET memory_limit = '{duckdb_memory_limit(claims)}'")
    # The joins are written in the order they should run (each claim to its wider scopes,
    # then to the claims there). DuckDB's join reordering, guessing the sizes, joined the
    # scope keys first: 52 million rows for 1,255 pairs of the bundled claims.
    con.raw_sql("SET disabled_optimizers = 'join_order'")
    return con


# Compiling an ibis expression to SQL costs more than running it on a few hundred claims
# (60 ms a query; a rule runs several). The SQL of an expression over the base tables
# (unbound tables: a name and a schema, no data) depends on the expression alone, so it
# is compiled once per process, for every connection: a second context, a second test
# case or the second engine of a benchmark reuses it. Expressions are keyed by structure;
# an expression holding in-memory data is never kept (its key would pin the data).
_SQL_BY_EXPRESSION: dict[Any, str] = {}
_SQL_KEPT = 1024  # distinct queries; past this the oldest half is dropped


@cache
def _remembering_duckdb() -> Any:
    from ibis.backends.duckdb import Backend
    from ibis.expr import operations

    class RememberingBackend(Backend):  # type: ignore[misc]
        def compile(
            self, expr: Any, /, *, limit: Any = None, params: Any = None, pretty: bool = False
        ) -> str:
            if limit is not None or params or pretty:
                return str(super().compile(expr, limit=limit, params=params, pretty=pretty))
            key = expr.op()
            sql = _SQL_BY_EXPRESSION.get(key)
            if sql is None:
                sql = str(super().compile(expr))
                if not key.find(operations.InMemoryTable):
                    if len(_SQL_BY_EXPRESSION) >= _SQL_KEPT:
                        for old in list(_SQL_BY_EXPRESSION)[: _SQL_KEPT // 2]:
                            del _SQL_BY_EXPRESSION[old]
                    _SQL_BY_EXPRESSION[key] = sql
            return sql

    return RememberingBackend()


_names = itertools.count()


class Frames:
    """One engine connection with the base tables of one rule context, registered once."""

    def __init__(self, engine: str = DEFAULT_ENGINE, claims: int = 0) -> None:
        self.engine = engine_name(engine)
        self.claims = claims  # how many: DuckDB's memory is sized for them
        self._con: BaseBackend | None = None
        self._tables: dict[str, ir.Table] = {}
        self._held_for_rule: list[tuple[str, ir.Table]] = []
        # Views in one Spark session are shared by its contexts: each gets its own names.
        # A DuckDB connection is this context's alone: stable names, so that the SQL of
        # one context's expressions serves the next (see _SQL_BY_EXPRESSION).
        shared = self.engine == "spark"
        self._prefix = f"ffcheck_{os.getpid()}_{next(_names)}_" if shared else "ffcheck_"

    @property
    def con(self) -> BaseBackend:
        if self._con is None:
            self._con = connect(self.engine, self.claims)
        return self._con

    def table(self, name: str, build: Callable[[], pd.DataFrame]) -> ir.Table:
        """The base table ``name``, registered from ``build()`` on first use."""
        if name not in self._tables:
            import ibis

            view = self._prefix + name
            if self.engine == "duckdb":
                table = self._copy_in(view, build())
            else:
                self.con.create_view(view, ibis.memtable(build()), overwrite=True)
                table = self.con.table(view)
                # Held in the JVM: a query then neither reads the rows back from Python
                # nor plans its joins blind (a cached table has a size: small ones are
                # broadcast instead of shuffled).
                table = table.cache()
            self._tables[name] = table
        return self._tables[name]

    def _copy_in(self, name: str, frame: pd.DataFrame) -> ir.Table:
        """``frame`` copied into a DuckDB table of this connection (compressed, in DuckDB's
        own storage), not a view over an Arrow copy that would stay in Python's memory."""
        import ibis

        self.con.raw_sql(f'DROP TABLE IF EXISTS "{name}"')
        self.con.con.register("_ffcheck_incoming", frame)
        try:
            self.con.raw_sql(f'CREATE TEMP TABLE "{name}" AS SELECT * FROM _ffcheck_incoming')
        finally:
            self.con.con.unregister("_ffcheck_incoming")
        return ibis.table(self.con.table(name).schema(), name=name)  # unbound

    def to_pandas(self, expr: ir.Table) -> pd.DataFrame:
        """``expr`` materialized on this machine as pandas (for GX, a skip record, a rule)."""
        frame = self.con.to_pandas(expr)
        return frame.reset_index(drop=True)

    def hold(self, name: str, expr: ir.Table) -> ir.Table:
        """``expr`` computed once and held by the engine, for several queries to read:
        a temporary table on DuckDB (replaced when held again), a cached DataFrame on
        Spark. Not ibis's ``cache()``, ``drop_table`` or ``overwrite=True`` on DuckDB: with
        the sqlglot installed here they emit ``DROP TABLE IF EXISTS`` without the name."""
        if self.engine == "spark":
            return expr.cache()
        import ibis

        table = self._prefix + name  # our own name: letters, digits and underscores
        self.con.raw_sql(f'DROP TABLE IF EXISTS "{table}"')
        held = self.con.create_table(table, expr, temp=True)
        return ibis.table(held.schema(), name=table)  # unbound, as ``table`` makes them

    def release(self, name: str, held: ir.Table) -> None:
        """Let the engine drop a table ``hold`` made, once read for the last time."""
        if self.engine == "spark":
            held.release()  # type: ignore[attr-defined]  # (a CachedTable: Spark unpersists it)
        else:
            self.con.raw_sql(f'DROP TABLE IF EXISTS "{self._prefix + name}"')

    def release_after_rule(self, name: str, held: ir.Table) -> None:
        """Release ``held`` once the rule's table, which still reads it, has been checked."""
        self._held_for_rule.append((name, held))

    def release_rule_tables(self) -> None:
        while self._held_for_rule:
            self.release(*self._held_for_rule.pop())

    def spark_dataframe(self, expr: ir.Table) -> Any:
        """``expr`` as a Spark DataFrame, for GX's Spark execution engine to validate."""
        return self.con.raw_sql(self.con.compile(expr))

    def ids(self, column: ir.Column) -> list[str]:
        """The distinct values of one column (claim ids for a skip record), sorted."""
        distinct = column.name("id").as_table().distinct().order_by("id")
        return self.to_pandas(distinct)["id"].tolist()


def claims_frame(claims: pd.DataFrame) -> pd.DataFrame:
    """The engine's copy of the typed claims: the columns it needs, with their order in
    the claim files (``position``, which settles ties the way a stable sort would)."""
    import pandas as pd

    present = [c for c in CLAIM_COLUMNS if c in claims.columns]
    frame = claims[present].reset_index(drop=True)
    for column in ("source", "as_of", "period_start"):
        if column not in frame.columns:
            frame[column] = ""
    for column in ("period_start_from", "period_end_to"):
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    frame["position"] = range(len(frame))
    bounds = [c for c in ("lo", "hi", "lo_stated", "hi_stated", "top") if c in frame.columns]
    return frame.astype(dict.fromkeys(bounds, "float64"))


def is_in(column: ir.Column, values: Iterable[str]) -> ir.BooleanColumn:
    """``column`` among ``values`` (an empty list selects nothing, on every engine)."""
    import ibis

    listed = sorted(set(map(str, values)))
    return column.isin(listed) if listed else ibis.literal(False)


def quotient(numerator: ir.FloatingValue, denominator: ir.FloatingValue) -> ir.FloatingValue:
    """``numerator / denominator`` as IEEE floats divide, on every engine (Spark under ANSI
    raises on a division by zero): x / 0 is ±infinity, 0 / 0 and ∞ / ∞ are null (NaN)."""
    import ibis

    undefined = ((numerator == 0) & (denominator == 0)) | (numerator.isinf() & denominator.isinf())
    infinite = ibis.ifelse(numerator < 0, float("-inf"), float("inf"))
    return ibis.cases(
        (undefined, ibis.null("float64")),
        (denominator == 0, infinite),
        else_=numerator / denominator,
    )
