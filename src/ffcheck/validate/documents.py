"""The pandera schema of documents.csv: each document's id, file and time frame.

An undated claim spans its document's frame, so a frame that does not read as
two dates in order would reach the rules as missing values (and used to stop
the run with "Merge keys contain null values"): it is a located problem here.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet
from ffcheck.text.dates import date_bounds, is_valid_date
from ffcheck.validate.claims import failures_to_problems

FRAME_IN_ORDER = "frame_in_order"
WIDE_CHECKS = {FRAME_IN_ORDER: ("frame_end", "frame_end is before frame_start")}


def _date_column() -> pa.Column:
    return pa.Column(
        str,
        checks=[
            pa.Check(lambda s: s != "", error="a date is required (YYYY, YYYY-MM or YYYY-MM-DD)"),
            pa.Check(is_valid_date, error="a real date: YYYY, YYYY-MM or YYYY-MM-DD"),
        ],
    )


def _in_order(frame: pd.DataFrame) -> pd.Series:
    start, _ = date_bounds(frame["frame_start"])
    _, end = date_bounds(frame["frame_end"])
    return ~(end < start).fillna(False)


DOCUMENT_SCHEMA = pa.DataFrameSchema(
    {
        "doc": pa.Column(str, pa.Check.str_matches(r"^\S+$", error="an id without spaces")),
        "path": pa.Column(str, pa.Check(lambda s: s != "", error="the document's path")),
        "frame_start": _date_column(),
        "frame_end": _date_column(),
    },
    checks=[pa.Check(_in_order, name=FRAME_IN_ORDER, error=FRAME_IN_ORDER)],
)


def validate_documents(claimset: ClaimSet) -> list[Problem]:
    frame = claimset.document_table
    if frame.empty or not set(DOCUMENT_SCHEMA.columns) <= set(frame.columns):
        return []  # a missing table or column is already a problem of the loader
    try:
        DOCUMENT_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return failures_to_problems(errors.failure_cases, frame, WIDE_CHECKS)
    return []
