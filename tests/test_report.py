"""The report file itself: deterministic, self-contained, written atomically."""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup
from builders import BUNDLED_CLAIMS, EXPECTATIONS
from click.testing import CliRunner

from ffcheck.cli.main import cli


def make(path):
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--claims",
            str(BUNDLED_CLAIMS),
            "--expectations",
            str(EXPECTATIONS),
            "-o",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {path}" in result.output
    return path.read_text(encoding="utf-8")


def without_run_time(html: str) -> str:
    return re.sub(r'<p class="muted" id="generated">.*?</p>', "", html)


def test_same_input_same_bytes_but_the_run_time(tmp_path):
    first, second = make(tmp_path / "a.html"), make(tmp_path / "b.html")
    # The run time is the one line allowed to differ, so it must be there to remove.
    assert without_run_time(first) != first and without_run_time(second) != second
    assert without_run_time(first) == without_run_time(second)


def test_page_is_self_contained(tmp_path):
    soup = BeautifulSoup(make(tmp_path / "r.html"), "html.parser")
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:"), tag
    for tag in soup.find_all("link"):
        raise AssertionError(f"external stylesheet or resource: {tag}")
    for tag in soup.find_all(href=True):
        assert tag["href"].startswith("#"), tag
    assert soup.select("figure.timeline svg"), "timelines are drawn"


# Two of the document's contradictions (tests/test_bundled.py has them all, with reasons).
KNOWN = [
    {"all-killed-anti-sohr-2019-03", "all-travelled-anti-sunni-5000-to-over-10000"},
    {"deu-travelled-778", "deu-travelled-range"},
]


def test_every_finding_has_its_card_with_claims_and_quotes(tmp_path):
    soup = BeautifulSoup(make(tmp_path / "r.html"), "html.parser")
    cards = [
        {c["data-claim"] for c in card.select(".claim")} for card in soup.select("article.card")
    ]
    for claims in KNOWN:
        assert claims in cards, "a known contradiction has its card"
    for card in soup.select("article.card"):
        assert card.select_one(".arith").get_text(strip=True)
        assert card.select(".claim")
        for claim in card.select(".claim"):
            assert claim.select_one("blockquote.context mark"), claim["data-claim"]


def test_writing_replaces_the_file_atomically(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old report")
    make(target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"], "no temporary file left"


def test_each_quoted_paragraph_is_stored_once(tmp_path):
    soup = BeautifulSoup(make(tmp_path / "r.html"), "html.parser")
    # bs4 keeps a template's text apart from get_text(): read the markup and unescape it.
    template = soup.find("template", id="paragraphs")
    stored = [html.unescape(p.decode_contents()) for p in template.find_all("p")]
    assert len(stored) == len(set(stored))  # a paragraph quoted twice is stored once
    for box in soup.select("blockquote.context"):
        # The card holds only the quote; the page's script puts the paragraph around it.
        assert box.get_text() == box.select_one("mark").get_text()
        assert box.select_one("mark").get_text() in stored[int(box["data-para"])]


def test_the_claim_index_lists_claims_in_findings_first_then_the_rest_up_to_its_cap(
    monkeypatch,
):
    from ffcheck.pipeline import run_check
    from ffcheck.render import html as page

    run = run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS)
    claims = run.context.claims.sample(frac=1, random_state=7)  # not in file order
    in_findings = {ref.claim_id for f in run.report.findings for ref in f.claims}
    rows = sorted(
        zip(claims["_file"], claims["_line"], claims["claim_id"], strict=True),
        key=lambda r: (r[0], r[1]),
    )
    flagged = [cid for _, _, cid in rows if cid in in_findings]
    verified = [cid for _, _, cid in rows if cid not in in_findings]
    # Room for exactly two claims beyond those in findings: the first two in file order.
    monkeypatch.setattr(page, "MAX_INDEX_ROWS", len(flagged) + 2)
    model = page.view_model(run.report, run.claimset, claims, None, "now")
    assert [row["id"] for row in model["index"]] == flagged + verified[:2]
    assert model["hidden_claims"] == len(verified) - 2


def test_timelines_put_quantities_in_conflict_first_then_by_key_each_in_date_order(
    monkeypatch,
):
    from ffcheck.pipeline import run_check
    from ffcheck.render import charts

    run = run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS)
    claims = run.context.claims
    conflicting = {ref.claim_id for f in run.report.findings for ref in f.claims}
    monkeypatch.setattr(charts, "_figure_svg", lambda points, *_: "")  # the order only
    monkeypatch.setattr(charts, "MAX_TIMELINES", 5)
    drawn = charts.timelines(claims, conflicting)
    figures: dict[str, list[tuple[object, str]]] = {}
    for _, row in claims.iterrows():
        if row["dated"] and row["unit"] in ("persons", "percent"):
            key = "|".join(str(row[c]) for c in charts.QUANTITY)
            figures.setdefault(key, []).append((row["t_from"], row["claim_id"]))
    charted = {k: v for k, v in figures.items() if len(v) >= 2}
    order = sorted(charted, key=lambda k: (not {c for _, c in charted[k]} & conflicting, k))
    assert [t.key for t in drawn] == order[:5]
    assert [t.claim_ids for t in drawn] == [[c for _, c in sorted(charted[k])] for k in order[:5]]
