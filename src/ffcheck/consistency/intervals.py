"""Claims as intervals: what each stated figure admits, vectorised.

A claim's interval widens its stated bounds by the tolerances of its qualifier
(``vocab/qualifiers.csv``: "about" ±15%, "nearly" up to 15% below), opens an
empty bound (to 0 or infinity), reads a worded share through its band in
``vocab/phrases.csv`` ("nearly half" admits 40-50%), widens a vague phrase's band
("hundreds": 200-999) by the tolerance of qualifier ``vague``, and gives an exact
percent the precision it was written with (30% admits 29.5-30.5).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ffcheck.text.numbers import Band, vague_band


def phrase_table(phrases: pd.DataFrame) -> dict[str, Band]:
    """vocab/phrases.csv as {phrase: (low, high)}; an empty high is an open band."""
    if phrases.empty:
        return {}
    high = pd.to_numeric(phrases["high"].where(phrases["high"] != ""), errors="coerce")
    return {
        str(p): (float(lo), None if pd.isna(hi) else float(hi))
        for p, lo, hi in zip(phrases["phrase"], pd.to_numeric(phrases["low"]), high, strict=True)
    }


def phrase_bands(figures: pd.Series, phrases: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Band of the longest phrase (whole words) each figure contains; NaN where none."""
    table = phrase_table(phrases)
    bands: dict[str, tuple[float, float]] = {}
    for figure in figures.unique():
        hit = vague_band(figure, table)
        if hit is not None:
            band_low, band_high = hit[1]
            bands[figure] = (band_low, math.inf if band_high is None else band_high)
    # a dict lookup per row, not a Python call: figures with no phrase map to NaN
    low = figures.map({f: band[0] for f, band in bands.items()}).astype(float)
    high = figures.map({f: band[1] for f, band in bands.items()}).astype(float)
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
    vague = claims["qualifier"] == "vague"
    band_lo, band_hi = phrase_bands(claims["figure"], phrases)
    worded = share & band_lo.notna() & ~vague
    out = claims.copy(deep=False)  # copy-on-write: new columns only, no data copied
    out["lo"] = lo.where(~worded, band_lo)
    # A vague share is widened like a count, but a share cannot pass 100%.
    out["hi"] = hi.where(~worded, band_hi).where(~(vague & share), hi.clip(upper=100.0))
    # The figure as stated, as its own ceiling: "at least 1,232" tops out at 1,232 as said;
    # a vague phrase tops out at its band ("thousands" at 10,000; "many" has no top).
    top = out["hi"].where(np.isfinite(out["hi"]), claims["low"]).fillna(out["lo"])
    out["top"] = top.where(~vague, claims["high"].fillna(math.inf))
    # The as-stated reading: no tolerance, no precision; an open bound at its stated end
    # ("up to 700" and "over 700" are both read as 700). A worded share keeps its band,
    # and a vague phrase ("thousands") is its band as written, without the tolerance
    # ("many" has no top).
    stated_lo = claims["low"].fillna(claims["high"])
    stated_hi = claims["high"].fillna(claims["low"])
    vague_lo, vague_hi = claims["low"].fillna(out["lo"]), claims["high"].fillna(math.inf)
    out["lo_stated"] = stated_lo.where(~worded, band_lo).fillna(out["lo"]).where(~vague, vague_lo)
    out["hi_stated"] = stated_hi.where(~worded, band_hi).fillna(out["hi"]).where(~vague, vague_hi)
    return out


def fmt(value: float, unit: str = "") -> str:
    """A bound as a reader writes it: 65,726 / 11.10% / ∞.

    >>> fmt(65726.0), fmt(11.1, "percent"), fmt(float("inf"))
    ('65,726', '11.10%', '∞')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    if math.isinf(value):
        return "∞"
    text = f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.2f}"
    return f"{text}%" if unit.startswith("percent") else text


def fmt_interval(lo: float, hi: float, unit: str = "") -> str:
    """An interval as a reader writes it; an open end reads as "at least" / "at most".

    >>> fmt_interval(420, 516), fmt_interval(900, float("inf")), fmt_interval(0, 125)
    ('420–516', '≥ 900', '≤ 125')
    >>> fmt_interval(float("-inf"), 300)  # a bound only from above (an earlier total)
    '≤ 300'
    """
    if lo == hi:
        return fmt(lo, unit)
    if math.isinf(hi):
        return f"≥ {fmt(lo, unit)}"
    if lo == 0 or lo == -math.inf:
        return f"≤ {fmt(hi, unit)}"
    return f"{fmt(lo, unit)}–{fmt(hi, unit)}"
