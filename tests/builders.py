"""Build small claims folders for tests: real files, read by the real loader."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

from ffcheck.tables.load import CLAIM_COLUMNS, RELATION_COLUMNS, REVIEW_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CLAIMS = ROOT / "claims"
EXPECTATIONS = ROOT / "expectations"
DOC_ID = "test_doc"
FIGURE_STYLE = {
    "exact": "{low}",
    "range": "{low} to {high}",
    "approx_range": "about {low} to {high}",
    "approx": "about {low}",
    "nearly": "nearly {low}",
    "more_than": "over {low}",
    "at_least": "at least {low}",
    "up_to": "up to {high}",
    "less_than": "less than {high}",
}


def number_text(value: Any) -> str:
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:g}"


def figure_for(row: dict[str, Any]) -> str:
    text = FIGURE_STYLE[row.get("qualifier", "exact")].format(
        low=number_text(row["low"]) if row.get("low", "") != "" else "",
        high=number_text(row["high"]) if row.get("high", "") != "" else "",
    )
    return f"{text}%" if row.get("unit") in {"percent", "percent_change"} else text


def claim_row(**values: Any) -> dict[str, str]:
    """A well-formed claim; keyword arguments override any column."""
    row: dict[str, Any] = {
        "doc": DOC_ID,
        "section": "Test",
        "subject": "FRA",
        "side": "anti_government",
        "group": "",
        "cohort": "all",
        "measure": "travelled",
        "scope": "",
        "low": "100",
        "high": "100",
        "qualifier": "exact",
        "unit": "persons",
        "as_of": "2015",
        "period_start": "",
        "period_end": "",
        "source": "",
        "note": "",
    }
    row.update(values)
    if "high" not in values and row["qualifier"] in {"more_than", "at_least"}:
        row["high"] = ""
    if "low" not in values and row["qualifier"] in {"up_to", "less_than"}:
        row["low"] = ""
    if "figure" not in values:
        row["figure"] = figure_for(row)
    if "quote" not in values:
        row["quote"] = f"[{row['claim_id']}] {row['figure']} people."
    return {k: "" if row.get(k) is None else str(row.get(k, "")) for k in CLAIM_COLUMNS}


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def make_claims_folder(
    root: Path,
    claims: list[dict[str, str]],
    relations: list[dict[str, str]] | None = None,
    reviews: list[dict[str, str]] | None = None,
    document: str | None = None,
) -> Path:
    """A claims folder with the bundled vocabularies and a document made of the quotes."""
    folder = root / "claims"
    shutil.copytree(BUNDLED_CLAIMS / "vocab", folder / "vocab")
    text = (
        document
        if document is not None
        else "Test document\n\nTest\n\n" + "\n".join(c["quote"] for c in claims) + "\n"
    )
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "doc.txt").write_text(text, encoding="utf-8")
    write_csv(
        folder / "documents.csv",
        ["doc", "path", "title", "licence", "frame_start", "frame_end"],
        [
            {
                "doc": DOC_ID,
                "path": "sources/doc.txt",
                "title": "Test document",
                "licence": "test",
                "frame_start": "2011-01-01",
                "frame_end": "2019-12-31",
            }
        ],
    )
    write_csv(folder / "main.csv", CLAIM_COLUMNS, claims)
    if relations is not None:
        write_csv(folder / "relations.csv", RELATION_COLUMNS, relations)
    if reviews is not None:
        write_csv(folder / "reviews.csv", REVIEW_COLUMNS, reviews)
    return folder


def check_json(claims: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    """Run ``ffcheck check --format json`` through click; exit code and parsed output."""
    import json

    from click.testing import CliRunner

    from ffcheck.cli.main import cli

    args = ["check", "--claims", str(claims), "--expectations", str(EXPECTATIONS)]
    result = CliRunner().invoke(cli, [*args, "--format", "json", *extra])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)
