"""pandera schemas for the vocabulary tables under claims/vocab/."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet
from ffcheck.validate.claims import (
    NUMBER_CELL_PATTERN,
    failures_to_problems,
    isin_check,
    vocab_values,
)

YES_NO = ["yes", "no"]
YES_NO_OPTIONAL = [*YES_NO, "optional"]  # "optional": a vague "many" has no high
PHRASE_KINDS = ["share", "count"]
SUBJECT_KINDS = ["world", "region", "country", "subnational", "group"]
UNIT_KINDS = ["count", "rate", "share", "change", "duration", "money"]
SIDE_KINDS = ["side", "all", "unknown"]


def _id(pattern: str = r"^[a-z0-9_]+$") -> pa.Column:
    return pa.Column(
        str, checks=pa.Check.str_matches(pattern, error=f"an id matching {pattern}"), unique=True
    )


def _one_of(values: list[str], where: str) -> pa.Column:
    return pa.Column(str, checks=isin_check(values, where))


def _list_of(values: list[str], where: str) -> pa.Column:
    """A space-separated list, each item one of ``values`` (empty allowed)."""
    allowed = set(values)
    return pa.Column(
        str,
        checks=pa.Check(
            lambda s: s.str.split().map(lambda items: set(items) <= allowed),
            element_wise=False,
            error=f"space-separated ids from {where}",
        ),
    )


def _fraction_cell() -> pa.Column:
    return pa.Column(
        str,
        checks=[
            pa.Check.str_matches(NUMBER_CELL_PATTERN, error="a plain number"),
            pa.Check(
                lambda s: pd.to_numeric(s.where(s != ""), errors="coerce").fillna(0) < 1,
                error="a tolerance is a fraction below 1 (0.15 = 15%)",
            ),
        ],
    )


# Which vocabulary an alias's value belongs to: field -> (table, id column).
ALIAS_FIELDS = {
    "subject": ("subjects", "subject"),
    "side": ("sides", "side"),
    "group": ("groups", "group"),
    "cohort": ("cohorts", "cohort"),
}


def vocab_schemas(claimset: ClaimSet) -> dict[str, pa.DataFrameSchema]:
    """What each vocabulary table must hold, so that a contributor's edit is checked too."""
    subjects = vocab_values(claimset, "subjects", "subject")
    regions = (
        sorted(claimset.vocab["subjects"].query("kind in ['region', 'world']")["subject"])
        if "subjects" in claimset.vocab and not claimset.vocab["subjects"].empty
        else []
    )
    measures = vocab_values(claimset, "measures", "measure")
    cohorts = vocab_values(claimset, "cohorts", "cohort")
    sides = vocab_values(claimset, "sides", "side")
    known = {
        field: set(vocab_values(claimset, table, column))
        for field, (table, column) in ALIAS_FIELDS.items()
    }

    def alias_values_known(frame: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [v in known.get(f, set()) for f, v in zip(frame["field"], frame["value"], strict=True)],
            index=frame.index,
        )

    phrase_number = pa.Column(
        str, checks=pa.Check.str_matches(NUMBER_CELL_PATTERN, error="a plain number")
    )
    return {
        "subjects": pa.DataFrameSchema(
            {
                "subject": _id(r"^[A-Z0-9_]+(-[A-Z0-9_]+)?$"),
                "kind": _one_of(SUBJECT_KINDS, "the subject kinds"),
                "parent": _one_of(["", *subjects], "vocab/subjects.csv"),
            },
            checks=[
                pa.Check(
                    lambda f: (f["kind"] != "country") | f["subject"].str.fullmatch(r"[A-Z]{3}"),
                    name="iso_country",
                    error="iso_country",
                )
            ],
        ),
        "region_members": pa.DataFrameSchema(
            {
                "region": _one_of(regions, "the regions of vocab/subjects.csv"),
                "member": _one_of(subjects, "vocab/subjects.csv"),
            },
            unique=["region", "member"],
        ),
        "sides": pa.DataFrameSchema(
            {
                "side": _id(),
                "parent": pa.Column(
                    str, checks=isin_check(["", *sides], "vocab/sides.csv"), required=False
                ),
                "kind": pa.Column(
                    str, checks=isin_check(SIDE_KINDS, "the side kinds"), required=False
                ),
            }
        ),
        "groups": pa.DataFrameSchema(
            {
                "group": _id(),
                "side": pa.Column(
                    str, checks=isin_check(["", *sides], "vocab/sides.csv"), required=False
                ),
            }
        ),
        "cohorts": pa.DataFrameSchema(
            {"cohort": _id(), "parent": _one_of(["", *cohorts], "vocab/cohorts.csv")}
        ),
        "measures": pa.DataFrameSchema(
            {
                "measure": _id(),
                "cumulative": _one_of(YES_NO, "yes/no"),
                "bounded_by": _list_of(measures, "vocab/measures.csv"),
            }
        ),
        "units": pa.DataFrameSchema(
            {
                "unit": _id(r"^[A-Za-z_]+$"),
                "kind": _one_of(UNIT_KINDS, "the unit kinds"),
                "precision": pa.Column(
                    str,
                    checks=pa.Check.str_matches(
                        r"^\d+(\.\d+)?$", error="a plain number (half the last digit written)"
                    ),
                ),
            }
        ),
        "qualifiers": pa.DataFrameSchema(
            {
                "qualifier": _id(),
                "needs_low": _one_of(YES_NO, "yes/no"),
                "needs_high": _one_of(YES_NO_OPTIONAL, "yes/no/optional"),
                "widen_low": _fraction_cell(),
                "widen_high": _fraction_cell(),
            }
        ),
        "aliases": pa.DataFrameSchema(
            {
                "alias": pa.Column(str, checks=pa.Check.str_length(min_value=1)),
                "field": _one_of(list(ALIAS_FIELDS), "subject, side, group or cohort"),
            },
            checks=[pa.Check(alias_values_known, name="alias_value", error="alias_value")],
            unique=["alias", "field"],
        ),
        "measure_words": pa.DataFrameSchema(
            {
                "word": pa.Column(str, checks=pa.Check.str_length(min_value=1), unique=True),
                "measure": _one_of(measures, "vocab/measures.csv"),
                "role": _one_of(["noun", "verb"], "noun (only right after the figure) or verb"),
            }
        ),
        "unit_words": pa.DataFrameSchema(
            {
                "word": pa.Column(str, checks=pa.Check.str_length(min_value=1), unique=True),
                "unit": _one_of(vocab_values(claimset, "units", "unit"), "vocab/units.csv"),
            }
        ),
        "phrases": pa.DataFrameSchema(
            {
                "phrase": pa.Column(
                    str,
                    checks=pa.Check.str_matches(r"^[a-z]+( [a-z]+)*$", error="lowercase words"),
                    unique=True,
                ),
                "kind": _one_of(PHRASE_KINDS, "share/count"),
                "low": pa.Column(
                    str,
                    checks=[
                        pa.Check.str_matches(NUMBER_CELL_PATTERN, error="a plain number"),
                        pa.Check.str_length(min_value=1, error="a band needs its low"),
                    ],
                ),
                "high": phrase_number,  # empty: an open band ("many")
            },
            checks=[
                pa.Check(
                    lambda f: (
                        (f["kind"] != "share")
                        | (
                            (pd.to_numeric(f["high"], errors="coerce") <= 100)
                            & (pd.to_numeric(f["low"], errors="coerce") <= 100)
                        )
                    ),
                    name="share_percent",
                    error="share_percent",
                ),
                pa.Check(
                    lambda f: (
                        ~(
                            pd.to_numeric(f["low"], errors="coerce")
                            > pd.to_numeric(f["high"], errors="coerce")
                        )
                    ),
                    name="low_le_high",
                    error="low_le_high",
                ),
            ],
        ),
    }


VOCAB_WIDE_CHECKS = {
    "alias_value": ("value", "not an id of the vocabulary its field names"),
    "iso_country": ("subject", "a country is its ISO 3166 alpha-3 code"),
    "low_le_high": ("low", "low is above high"),
    "share_percent": ("high", "a share band is a closed percent range within 0-100"),
}


def validate_vocabularies(claimset: ClaimSet) -> list[Problem]:
    problems: list[Problem] = []
    for name, schema in vocab_schemas(claimset).items():
        frame = claimset.vocab.get(name)
        if frame is None or frame.empty:
            continue
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as errors:
            problems += failures_to_problems(errors.failure_cases, frame, VOCAB_WIDE_CHECKS)
    return problems
