"""SARIF 2.1.0: the format code-scanning tools read (rules, results, locations)."""

from __future__ import annotations

import json
from typing import Any

from ffcheck import __version__
from ffcheck.consistency.findings import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _location(file: str, line: int | None) -> dict:
    region = {"startLine": line} if line else {}
    physical: dict = {"artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"}}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def render_sarif(report: Report) -> str:
    from ffcheck.consistency.registry import rule_docs

    docs = rule_docs()
    rules = [
        {
            "id": rule,
            "name": doc["title"].replace(" ", ""),
            "shortDescription": {"text": doc["summary"]},
            "fullDescription": {"text": doc["why"] or doc["summary"]},
            "help": {"text": f"{doc['why']} Example: {doc['example']}".strip()},
        }
        for rule, doc in docs.items()
    ]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for problem in report.problems:
        results.append(
            {
                "ruleId": f"input/{problem.code}",
                "level": "error",
                "message": {"text": str(problem)},
                "locations": [_location(problem.file, problem.line)],
            }
        )
    for finding in report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": "note" if finding.review else LEVELS[finding.severity],
            "message": {"text": f"{finding.message}: {finding.arithmetic}"},
            "locations": [_location(c.file, c.line) for c in finding.claims[:1]],
            "relatedLocations": [
                dict(_location(c.file, c.line), id=i, message={"text": f"{c.claim_id}: {c.quote}"})
                for i, c in enumerate(finding.claims)
            ],
            "partialFingerprints": {"ffcheckFinding/v1": finding.fingerprint},
            "properties": {"reading": finding.reading},
        }
        if finding.review:
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{finding.review['decision']}: "
                    f"{finding.review.get('note', '')}",
                }
            ]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "ffcheck", "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
