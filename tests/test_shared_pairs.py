"""The lattice rules cut their pairs from one table of all comparable pairs.

``RuleContext.pairs`` computes the pairs of all claims once (consistency/context.py) and
each rule keeps the pairs of its own claims; these tests hold that to what
``lattice.comparable_pairs`` gives on the rule's claims alone, on the bundled claims.
"""

from __future__ import annotations

import pandas as pd
import pytest
from builders import BUNDLED_CLAIMS

from ffcheck.consistency.context import build_context
from ffcheck.consistency.frames import is_in
from ffcheck.consistency.lattice import comparable_pairs
from ffcheck.consistency.rules.measure_exceeds_bound import bounding_measures
from ffcheck.tables.load import load_claimset


@pytest.fixture(scope="module")
def context():
    return build_context(load_claimset(BUNDLED_CLAIMS))


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["claim_narrow", "claim_wide"]).reset_index(drop=True)


def _subsets(context):
    claims = context.claim_table
    measures = context.vocab["measures"]
    cumulative = measures.loc[measures["cumulative"] == "yes", "measure"]
    bounds = context.frames.table(
        "measure_bounds", lambda: bounding_measures(measures)[["measure", "measure_wide"]]
    )
    totals = claims.filter(
        is_in(claims.measure, cumulative), claims.from_start, claims.unit == "persons"
    )
    return {
        # asked first, as measure-exceeds-bound is: the shared table pairs bounds too
        "all claims with their bounds": (claims, bounds),
        "dated claims": (claims.filter(claims.dated), None),
        "dated cumulative totals": (totals.filter(totals.dated), None),
        "all claims": (claims, None),
    }


def test_each_rule_gets_the_pairs_its_own_claims_make(context):
    assert not context._has_large_scope  # the shared table is used, not the fallback
    for name, (claims, measure_pairs) in _subsets(context).items():
        shared = context.frames.to_pandas(context.pairs("test", claims, measure_pairs))
        own = comparable_pairs(context.frames, claims, context.vocab, measure_pairs)
        expected = context.frames.to_pandas(own)
        assert len(expected) > 0, name  # the bundled claims pair within every subset
        pd.testing.assert_frame_equal(_sorted(shared), _sorted(expected), obj=name)


def test_the_pairs_of_all_claims_are_computed_once(context):
    subsets = _subsets(context)
    for claims, measure_pairs in subsets.values():
        context.pairs("test", claims, measure_pairs)
    # one held table: the pairs of each measure with itself are cut from the bounds' one
    assert len(context._shared_pairs) == 1
    claims, bounds = subsets["all claims with their bounds"]
    with_bounds = context.frames.to_pandas(context.pairs("test", claims, bounds))
    alone = context.frames.to_pandas(context.pairs("test", claims))
    # a count against its bound (a different measure) is paired only when bounds are asked
    assert len(with_bounds) > len(alone)
