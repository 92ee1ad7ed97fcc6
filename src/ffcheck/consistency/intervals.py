"""Claims as intervals: what each stated figure admits, vectorised.

A claim's interval widens its stated bounds by the tolerances of its qualifier
(``vocab/qualifiers.csv``: "about" ±15%, "nearly" up to 15% below), opens an
empty bound (to 0 or infinity), reads a worded share through its band in
``vocab/phrases.csv`` ("nearly half" admits 40-50%), and gives an exact
percent the precision it was written with (30% admits 29.5-30.5).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def phrase_bands(figures: pd.Series, phrases: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Band of the longest phrase each figure contains; NaN where none."""
    low = pd.Series(np.nan, index=figures.index)
    high = low.copy()
    if phrases.empty:
        return low, high
    lowered = figures.str.lower()
    ordered = phrases.assign(n=phrases["phrase"].str.len()).sort_values("n")
    for row in ordered.itertuples(index=False):  # short vocabulary, longest phrase wins
        hit = lowered.str.contains(str(row.phrase).lower(), regex=False)
        low[hit] = float(row.low)
        high[hit] = float(row.high)
    return low, high


def claim_intervals(
    claims: pd.DataFrame, qualifiers: pd.DataFrame, phrases: pd.DataFrame, units: pd.DataFrame
) -> pd.DataFrame:
    """Add ``lo``/``hi``: the interval each claim admits."""
    tol = qualifiers.set_index("qualifier")
    widen_low = claims["qualifier"].map(pd.to_numeric(tol["widen_low"])).fillna(0.0)
    widen_high = claims["qualifier"].map(pd.to_numeric(tol["widen_high"])).fillna(0.0)
    # A bound stated without tolerance still has the precision it is written with.
    precision = claims["unit"].map(pd.to_numeric(units.set_index("unit")["precision"])).fillna(0)
    lo = (claims["low"] * (1 - widen_low) - precision.where(widen_low == 0, 0)).clip(lower=0)
    hi = claims["high"] * (1 + widen_high) + precision.where(widen_high == 0, 0)
    lo, hi = lo.fillna(0.0), hi.fillna(math.inf)
    share = claims["unit"] == "percent"
    band_lo, band_hi = phrase_bands(claims["figure"], phrases)
    worded = share & band_lo.notna()
    out = claims.copy()
    out["lo"] = lo.where(~worded, band_lo)
    out["hi"] = hi.where(~worded, band_hi)
    # The figure as stated, as its own ceiling: "at least 1,232" tops out at 1,232 as said.
    out["top"] = out["hi"].where(np.isfinite(out["hi"]), claims["low"]).fillna(out["lo"])
    # The as-stated reading: no tolerance, no precision; an open bound at its stated end
    # ("up to 700" and "over 700" are both read as 700). A worded share keeps its band.
    stated_lo = claims["low"].fillna(claims["high"])
    stated_hi = claims["high"].fillna(claims["low"])
    out["lo_stated"] = stated_lo.where(~worded, band_lo).fillna(out["lo"])
    out["hi_stated"] = stated_hi.where(~worded, band_hi).fillna(out["hi"])
    return out


def fmt(value: float, unit: str = "") -> str:
    """A bound as a reader writes it: 65,726 / 11.1% / ∞."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    if math.isinf(value):
        return "∞"
    text = f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.2f}"
    return f"{text}%" if unit.startswith("percent") else text


def fmt_interval(lo: float, hi: float, unit: str = "") -> str:
    if lo == hi:
        return fmt(lo, unit)
    if math.isinf(hi):
        return f"≥ {fmt(lo, unit)}"
    if lo == 0:
        return f"≤ {fmt(hi, unit)}"
    return f"{fmt(lo, unit)}–{fmt(hi, unit)}"
