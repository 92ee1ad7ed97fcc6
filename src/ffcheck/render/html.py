"""The reviewer's page: one self-contained HTML file, rendered by Jinja2 with autoescape.

Everything is inline (CSS, script, SVG charts); the Content-Security-Policy pins
the one inline script by its hash, so no injected script can run and nothing
is fetched from anywhere. The same input gives the same bytes, except the one
line that says when the page was made.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from importlib import metadata
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from ffcheck import __version__
from ffcheck.authoring.coverage import CoverageResult
from ffcheck.consistency.findings import Finding, Report
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.registry import rule_docs
from ffcheck.render.headline import headline, review_commands
from ffcheck.tables.load import ClaimSet
from ffcheck.text.quotes import QuoteView, quote_in_paragraph

# Bounds that keep the page usable at a million claims; the JSON output holds everything.
CARDS_PER_RULE = 50  # the most severe findings of each rule
MAX_INDEX_ROWS = 3000  # claims in findings first, then in file order


def quote_view(claimset: ClaimSet, doc_id: str, quote: str) -> QuoteView | None:
    document = claimset.documents.get(doc_id)
    return quote_in_paragraph(document, quote) if document else None


def _utf16(text: str) -> int:
    """Length in UTF-16 code units, the unit of JavaScript's String.slice."""
    return len(text.encode("utf-16-le")) // 2


class _Paragraphs:
    """Each quoted paragraph stored once in the page, referenced by the cards: a 1 MB
    paragraph quoted by 20 claims was embedded in every card (a 100 MB page)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._numbers: dict[tuple[str, int], int] = {}

    def place(self, doc_id: str, view: QuoteView) -> dict[str, int]:
        key = (doc_id, view.line)
        if key not in self._numbers:
            self._numbers[key] = len(self.texts)
            self.texts.append(view.before + view.quote + view.after)
        return {"para": self._numbers[key], "at": _utf16(view.before), "len": _utf16(view.quote)}


def _versions() -> dict[str, str]:
    found = {"ffcheck": __version__}
    for name in ("pandas", "pandera", "great-expectations"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "?"
    return found


def _claim_status(claims: pd.DataFrame, report: Report) -> dict[str, str]:
    status = dict.fromkeys(claims.index.tolist(), "verified")  # (not each Arrow value)
    for finding in report.findings:
        for ref in finding.claims:
            if status.get(ref.claim_id) != "in conflict":
                status[ref.claim_id] = "reviewed" if finding.review else "in conflict"
    return status


def view_model(
    report: Report,
    claimset: ClaimSet,
    claims: pd.DataFrame,
    coverage: CoverageResult | None,
    generated: str,
) -> dict[str, Any]:
    from ffcheck.render.charts import timelines

    docs = rule_docs()
    subjects = claimset.vocab.get("subjects", pd.DataFrame(columns=["subject", "name"]))
    subject_names = dict(zip(subjects["subject"], subjects["name"], strict=True))
    findings: list[Finding] = [
        f for group in report.by_rule().values() for f in group[:CARDS_PER_RULE]
    ]
    cards: list[dict[str, Any]] = []
    paragraphs = _Paragraphs()
    for finding in findings:
        refs = []
        for ref in finding.claims:
            row = claims.loc[ref.claim_id]
            view = quote_view(claimset, row["doc"], ref.quote)
            refs.append(
                {
                    "ref": ref,
                    "quote": view,
                    "context": paragraphs.place(row["doc"], view) if view else None,
                    "qualifier": row["qualifier"],
                    "side": row["side"],
                }
            )
        cards.append(
            {
                "finding": finding,
                "headline": headline(
                    finding, docs.get(finding.rule, {}).get("title", finding.rule), subject_names
                ),
                "review_commands": review_commands(finding),
                "doc": docs.get(finding.rule, {}),
                "claims": refs,
                "sections": sorted({r["ref"].section for r in refs}),
                "subjects": sorted({r["ref"].subject for r in refs}),
            }
        )
    status = _claim_status(claims, report)
    conflicting = {cid for cid, s in status.items() if s == "in conflict"}
    index_rows = claims  # invalid input has no typed claims: the page lists its problems
    if not claims.empty:
        # Claims in findings first, then the rest, each in file order. Only the two
        # columns of the order are sorted: a million claims are not copied whole.
        is_shown = claims.index.isin([cid for cid, s in status.items() if s != "verified"])
        where = claims[["_file", "_line"]].reset_index(drop=True)
        shown = where[is_shown].sort_values(["_file", "_line"]).index
        rest = where[~is_shown].sort_values(["_file", "_line"]).index
        index_rows = claims.iloc[shown.append(rest[: max(MAX_INDEX_ROWS - len(shown), 0)])]
    index = [
        {
            "id": cid,
            "status": status[cid],
            "section": row["section"],
            "subject": row["subject"],
            "measure": row["measure"],
            "value": fmt_interval(row["lo"], row["hi"], row["unit"]),
            "qualifier": row["qualifier"],
            "date": row["as_of"]
            or "–".join(d for d in (row["period_start"], row["period_end"]) if d),
            "source": row["source"],
            "figure": row["figure"],
            "quote": row["quote"],
            "where": f"{row['_file']}:{row['_line']}",
        }
        for cid, row in index_rows.iterrows()
    ]
    counts = report.counts()
    return {
        "report": report,
        "cards": cards,
        "hidden_cards": len(report.findings) - len(cards),
        "hidden_claims": len(claims) - len(index),
        "per_rule": CARDS_PER_RULE,
        "rules": docs,
        "counts": counts,
        "index": index,
        "coverage": coverage,
        "status_counts": pd.Series(list(status.values())).value_counts().to_dict(),
        "timelines": timelines(claims, conflicting) if not claims.empty else [],
        "suspects": _suspect_views(report, claims),
        "versions": _versions(),
        "generated": generated,
        "paragraphs": paragraphs.texts,
        "rule_ids": sorted({c["finding"].rule for c in cards}),
        "sections": sorted({s for c in cards for s in c["sections"]}),
        "subjects": sorted({s for c in cards for s in c["subjects"]}),
    }


def _suspect_views(report: Report, claims: pd.DataFrame) -> list[dict[str, Any]]:
    """Each suspect claim with its figure and quote, and the findings it would clear."""
    views = []
    for suspect in report.suspects:
        claim_id = suspect["claim_id"]
        row = claims.loc[claim_id] if claim_id in claims.index else None
        views.append(
            {
                "id": claim_id,
                "figure": "" if row is None else row["figure"],
                "quote": "" if row is None else row["quote"],
                "source": "" if row is None else row["source"],
                "errors": suspect["findings"],
                "others": suspect["also_in"],
            }
        )
    return views


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ffcheck", "render/templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda n: f"{n:,}"
    return env


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render_html(
    report: Report,
    claimset: ClaimSet,
    claims: pd.DataFrame,
    coverage: CoverageResult | None,
    now: dt.datetime | None = None,
) -> str:
    env = _environment()
    script = env.get_template("report.js").render()
    style = env.get_template("report.css").render()
    generated = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M:%S UTC")
    model = view_model(report, claimset, claims, coverage, generated)
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src '{csp_hash(script)}'; base-uri 'none'; form-action 'none'"
    )
    return env.get_template("report.html.j2").render(**model, script=script, style=style, csp=csp)
