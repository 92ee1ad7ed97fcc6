"""Timelines: every source's dated figure for one quantity, drawn by matplotlib as SVG.

One chart per quantity (subject, measure, cohort, scope tag, unit) with two or
more dated figures, whatever side or group each figure is limited to: a reader
sees every source's estimate of the same thing side by side. Each figure is a
point at the middle of its date window with a bar over its interval, labelled
with its source (and side or group when it is limited to one); figures in a
finding are drawn in red. The SVG is deterministic (fixed hash salt, no date).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import pandas as pd

MAX_TIMELINES = 60
# What makes two figures estimates of one quantity (sides and groups share a chart).
QUANTITY = ["doc", "subject", "measure", "cohort", "scope", "unit"]
CHARTED = ["claim_id", "lo", "hi", "top", "t_from", "t_to", "group", "side", "source"]
SVG_HEADER = re.compile(r"^.*?(?=<svg)", re.DOTALL)


@dataclass
class Timeline:
    key: str
    title: str
    subject: str
    svg: str
    claim_ids: list[str]


def _figure_svg(points: pd.DataFrame, conflicting: set[str], unit: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "ffcheck"
    plt.rcParams["svg.fonttype"] = "none"
    fig, ax = plt.subplots(figsize=(8.5, 3.4), dpi=72)
    for row in points.itertuples(index=False):
        middle = row.t_from + (row.t_to - row.t_from) / 2
        top = row.hi if math.isfinite(row.hi) else row.lo * 1.5 or 1
        color = "#c0392b" if row.claim_id in conflicting else "#2c3e50"
        ax.plot([middle, middle], [row.lo, top], color=color, linewidth=2.5, alpha=0.55)
        ax.plot([middle], [row.point], marker="o", color=color, markersize=6)
        ax.annotate(
            row.label,
            xy=(middle, row.point),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=9,
            color=color,
        )
        if not math.isfinite(row.hi):
            ax.annotate(
                "",
                xy=(middle, top),
                xytext=(middle, row.lo),
                arrowprops={"arrowstyle": "->", "color": color},
            )
    ax.set_ylabel(unit.replace("_", " "), fontsize=10)
    ax.tick_params(labelsize=9)
    ax.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.autofmt_xdate()
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return SVG_HEADER.sub("", buffer.getvalue())


def timelines(claims: pd.DataFrame, conflicting: set[str]) -> list[Timeline]:
    """One chart per quantity with two or more dated figures, conflicting ones first."""
    picked = claims["dated"] & claims["unit"].isin(["persons", "percent"])
    # The columns drawn, of the dated figures: not a copy of every column of a million.
    dated = claims.loc[picked, list(dict.fromkeys([*CHARTED, *QUANTITY]))].reset_index(drop=True)
    scope = dated[QUANTITY].astype(str)
    dated["key"] = scope[QUANTITY[0]].str.cat([scope[c] for c in QUANTITY[1:]], sep="|")
    sizes = dated.groupby("key")["claim_id"].transform("size")
    dated = dated[sizes >= 2]
    in_conflict = set(dated.loc[dated["claim_id"].isin(list(conflicting)), "key"].tolist())
    keys = dated["key"].unique().tolist()
    order = sorted(keys, key=lambda k: (k not in in_conflict, k))[:MAX_TIMELINES]
    dated = dated[dated["key"].isin(order)]  # the points of the charts drawn, labelled
    dated["point"] = dated["top"].where(dated["top"].notna(), dated["lo"])
    limited = dated["group"].where(dated["group"] != "", dated["side"].str.replace("_", "-"))
    who = dated["source"].where(dated["source"] != "", "no source").str.slice(0, 28)
    dated["label"] = who + " (" + limited + ")"
    charted = dict(list(dated.groupby("key", sort=False)))
    charts = []
    for key in order:
        points = charted[key].sort_values(["t_from", "claim_id"])
        first = points.iloc[0]
        bits = [
            first["subject"],
            first["measure"].replace("_", " "),
            first["scope"],
            "" if first["cohort"] == "all" else first["cohort"],
            f"{len(points)} figures from {points['source'].nunique()} sources",
        ]
        title = " · ".join(b for b in bits if b)
        charts.append(
            Timeline(
                key,
                title,
                str(first["subject"]),
                _figure_svg(points, conflicting, str(first["unit"])),
                list(points["claim_id"]),
            )
        )
    return charts
