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
