"""Plain-text explanations of a rule or of one claim, for ``ffcheck explain``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from ffcheck.consistency.findings import Report
from ffcheck.tables.load import ClaimSet
from ffcheck.text.quotes import quote_in_paragraph

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(
        " ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent
    )


def explain_rule(name: str, expectations_dir: Path) -> str | None:
    from ffcheck.consistency.registry import all_rules, canonical
    from ffcheck.consistency.suites import read_suite

    rule_id = canonical(name)
    found = next((r for r in all_rules() if r.id == rule_id), None)
    if found is None:
        return None
    name = found.id
    lines = [
        f"{name}: {found.rule.title} ({found.rule.origin})",
        "",
        _wrap(found.doc.summary),
        "",
        "Why:",
        _wrap(found.doc.why),
    ]
    if found.doc.example:
        lines += ["", "Example:", _wrap(found.doc.example)]
    if found.rule.aliases:
        lines += ["", f"Former names: {', '.join(found.rule.aliases)}"]
    suite_path = expectations_dir / f"{name}.json"
    suite, problems = read_suite(suite_path)
    lines += [f"  {problem}" for problem in problems if problem.message != "suite file missing"]
    if suite is not None:
        default = suite.data.get("meta", {}).get("severity", "error")
        lines += ["", f"Suite {suite_path} (run by Great Expectations):"]
        for e in suite.data["expectations"]:
            meta = e.get("meta", {})
            lines.append(
                f"  - {e['type']} {json.dumps(e.get('kwargs', {}))} -> "
                f"{meta.get('severity', default)}: {meta.get('explains', '')}"
            )
    return "\n".join(lines)


def explain_claim(claimset: ClaimSet, report: Report, claim_id: str) -> str:
    claims = claimset.claims.set_index("claim_id", drop=False)
    row = claims.loc[claim_id]
    document = claimset.documents.get(row["doc"])
    view = quote_in_paragraph(document, row["quote"]) if document else None
    marked = f"{view.before}»{view.quote}«{view.after}" if view else row["quote"]
    line = view.line if view else "? (the quote is not in the current revision)"
    bounds = (
        f"{row['low'] or '…'}–{row['high'] or '…'}" if row["low"] != row["high"] else row["low"]
    )
    lines = [
        f"{claim_id} ({row['_file']}:{row['_line']})",
        f"  {row['subject']} · {row['side']} · {row['measure']}"
        + (f" · {row['group']}" if row["group"] else "")
        + (f" · {row['cohort']}" if row["cohort"] != "all" else "")
        + (f" · scope {row['scope']}" if row["scope"] else ""),
        f"  value {bounds} {row['unit']} ({row['qualifier']}), figure {row['figure']!r}",
        f"  date {row['as_of'] or '–'}"
        + (
            f", period {row['period_start'] or '…'} to {row['period_end'] or '…'}"
            if row["period_start"] or row["period_end"]
            else ""
        ),
        f"  source {row['source'] or '(none named)'}",
        f"  section {row['section']!r}, document {row['doc']} line {line}",
        "",
        "In context:",
        _wrap(marked, "  "),
    ]
    if row["note"]:
        lines += ["", "Note:", _wrap(row["note"])]
    problems = [p for p in report.problems if (p.file, p.line) == (row["_file"], row["_line"])]
    if problems:
        aside = claim_id in report.set_aside
        lines += [
            "",
            f"Problems ({len(problems)})" + (", set aside from the rules:" if aside else ":"),
        ]
        lines += [_wrap(f"{p.code}: {p.message}", "  ") for p in problems]
    relations = claimset.relations
    mine = relations[
        relations["claims"].str.split().apply(lambda ids: claim_id in ids)
        | relations["formula"].str.contains("{" + claim_id + "}", regex=False)
    ]
    lines += ["", f"Relations ({len(mine)}):"]
    lines += [
        f"  {r['relation_id']} {r['kind']}: {r['claims'] or r['formula']}"
        for _, r in mine.iterrows()
    ] or ["  none"]
    findings = [f for f in report.findings if claim_id in {c.claim_id for c in f.claims}]
    lines += ["", f"Findings ({len(findings)}):"]
    lines += [
        f"  {f.severity} {f.rule} {f.fingerprint}: {f.message}\n    {f.arithmetic}"
        for f in findings
    ] or ["  none"]
    return "\n".join(lines)
