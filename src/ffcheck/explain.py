"""Plain-text explanations of a rule or of one claim, for ``ffcheck explain``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from ffcheck.findings import Report
from ffcheck.load import ClaimSet

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(
        " ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent
    )


def explain_rule(name: str, expectations_dir: Path) -> str | None:
    from ffcheck.engine import rule_modules

    module = next((m for m in rule_modules() if m.RULE.id == name), None)
    if module is None:
        return None
    doc = (module.__doc__ or "").replace("``", "").strip()
    summary, _, rest = doc.partition("\n")
    why = rest.split("Why:", 1)[-1].split("Example:", 1)[0]
    example = rest.split("Example:", 1)[1] if "Example:" in rest else ""
    lines = [
        f"{name}: {module.RULE.title} ({module.RULE.origin})",
        "",
        _wrap(summary),
        "",
        "Why:",
        _wrap(why),
    ]
    if example:
        lines += ["", "Example:", _wrap(example)]
    suite_path = expectations_dir / f"{name}.json"
    if suite_path.exists():
        suite = json.loads(suite_path.read_text(encoding="utf-8"))
        default = suite.get("meta", {}).get("severity", "error")
        lines += ["", f"Suite {suite_path} (run by Great Expectations):"]
        for e in suite.get("expectations", []):
            meta = e.get("meta", {})
            lines.append(
                f"  - {e['type']} {json.dumps(e.get('kwargs', {}))} -> "
                f"{meta.get('severity', default)}: {meta.get('explains', '')}"
            )
    return "\n".join(lines)


def explain_claim(claimset: ClaimSet, report: Report, claim_id: str) -> str:
    claims = claimset.claims.set_index("claim_id", drop=False)
    row = claims.loc[claim_id]
    document = claimset.documents[row["doc"]]
    at = document.text.find(row["quote"])
    start, paragraph = document.paragraph(at)
    inner = at - start
    marked = paragraph[:inner] + "»" + row["quote"] + "«" + paragraph[inner + len(row["quote"]) :]
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
        f"  section {row['section']!r}, document {row['doc']} line {document.line_of(at)}",
        "",
        "In context:",
        _wrap(marked, "  "),
    ]
    if row["note"]:
        lines += ["", "Note:", _wrap(row["note"])]
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
