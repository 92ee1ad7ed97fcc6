"""Timelines: each subject's dated estimates of one measure, drawn by matplotlib as SVG.

A timeline is drawn for every scope (subject, side, group, cohort, measure,
scope tag, unit) with two or more dated figures. Each figure is a point at the
middle of its date window with a bar over its interval; figures in a finding
are drawn in red. The SVG is deterministic (fixed hash salt, no date stamp).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import pandas as pd

from ffcheck.consistency.context import SCOPE

MAX_TIMELINES = 60
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
    fig, ax = plt.subplots(figsize=(5.2, 1.9), dpi=72)
    for row in points.itertuples(index=False):
        middle = row.t_from + (row.t_to - row.t_from) / 2
        top = row.hi if math.isfinite(row.hi) else row.lo * 1.5 or 1
        color = "#c0392b" if row.claim_id in conflicting else "#2c3e50"
        ax.plot([middle, middle], [row.lo, top], color=color, linewidth=2.5, alpha=0.55)
        ax.plot([middle], [row.point], marker="o", color=color, markersize=5)
        if not math.isfinite(row.hi):
            ax.annotate(
                "",
                xy=(middle, top),
                xytext=(middle, row.lo),
                arrowprops={"arrowstyle": "->", "color": color},
            )
    ax.set_ylabel(unit.replace("_", " "), fontsize=8)
    ax.tick_params(labelsize=7)
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
    """One chart per scope with two or more dated figures, conflicting scopes first."""
    dated = claims[claims["dated"] & claims["unit"].isin(["persons", "percent"])].reset_index(
        drop=True
    )
    dated["point"] = dated["top"].where(dated["top"].notna(), dated["lo"])
    scope = dated[SCOPE].astype(str)
    dated["key"] = scope[SCOPE[0]].str.cat([scope[c] for c in SCOPE[1:]], sep="|")
    sizes = dated.groupby("key")["claim_id"].transform("size")
    dated = dated[sizes >= 2]
    in_conflict = dated.groupby("key")["claim_id"].agg(lambda ids: bool(set(ids) & conflicting))
    order = sorted(in_conflict.index, key=lambda k: (not in_conflict[k], k))[:MAX_TIMELINES]
    charts = []
    for key in order:
        points = dated[dated["key"] == key].sort_values(["t_from", "claim_id"])
        first = points.iloc[0]
        bits = [
            first["subject"],
            first["measure"].replace("_", " "),
            first["side"].replace("_", "-"),
            first["group"],
            first["scope"],
            "" if first["cohort"] == "all" else first["cohort"],
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
