"""The HTML report in a real headless Chromium (Debian's package, driven by Playwright):
it loads offline with no error and no request, its counts match the JSON, filters work,
quotes are highlighted in their paragraphs, and hostile claim text never runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import (
    BUNDLED_CLAIMS,
    EXPECTATIONS,
    ROOT,
    check_json,
    claim_row,
    make_claims_folder,
)
from click.testing import CliRunner

from ffcheck.cli.main import cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield launched
        launched.close()


def write_report(claims: Path, output: Path) -> Path:
    result = CliRunner().invoke(
        cli,
        ["report", "--claims", str(claims), "--expectations", str(EXPECTATIONS), "-o", str(output)],
    )
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory) -> Path:
    return write_report(BUNDLED_CLAIMS, tmp_path_factory.mktemp("report") / "conflicts.html")


class Visit:
    """A page with everything it logged or requested recorded."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def visible_cards(self) -> int:
        return self.page.locator(".card:visible").count()


def test_page_loads_offline_without_errors_or_requests(browser, bundled_report):
    visit = Visit(browser, bundled_report)
    assert visit.console_errors == []
    assert visit.requests == [visit.url], "the page must not request anything"
    csp = visit.page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=False)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_counts_match_check_json(browser, bundled_report):
    _, payload = check_json(BUNDLED_CLAIMS)
    page = Visit(browser, bundled_report).page
    text = {
        key: page.locator(f"#count-{key}").inner_text()
        for key in ("claims", "quotes", "findings", "error", "warning", "info", "problems")
    }
    assert int(text["claims"]) == payload["claims"]
    assert int(text["quotes"]) == payload["quotes_verified"]
    assert int(text["findings"]) == len(payload["findings"])
    for severity in ("error", "warning", "info"):
        assert int(text[severity]) == payload["counts"]["by_severity"][severity]
    assert page.locator(".card").count() == len(payload["findings"])


def test_filters_change_which_cards_are_visible(browser, bundled_report):
    visit = Visit(browser, bundled_report)
    page = visit.page
    total = visit.visible_cards()
    assert total >= 5
    page.select_option("#f-severity", "error")
    errors = visit.visible_cards()
    assert 0 < errors < total
    assert page.locator(".card:visible").evaluate_all(
        "cards => cards.every(c => c.dataset.severity === 'error')"
    )
    page.select_option("#f-severity", "")
    # Only the "50 weeks in a year" card holds that claim (its paragraph, which speaks of
    # weeks, is also quoted by the implied-base card).
    page.fill("#f-text", "gbr-duration-weeks-in-year")
    assert visit.visible_cards() == 1
    assert page.locator("#shown-count").inner_text() == "1"
    page.fill("#f-text", "")
    page.select_option("#f-rule", "sources-disagree")
    assert visit.visible_cards() == page.locator('.card[data-rule="sources-disagree"]').count()
    # Keyboard: focus the search box with Tab navigation and type.
    page.select_option("#f-rule", "")
    page.focus("#f-text")
    page.keyboard.type("no-such-word-anywhere")
    assert visit.visible_cards() == 0


def test_quote_is_highlighted_inside_its_paragraph(browser, bundled_report):
    page = Visit(browser, bundled_report).page
    card = page.locator(
        '.card[data-rule="measure-exceeds-bound"]'
        ':has(.claim[data-claim="all-killed-anti-sohr-2019-03"])'
    ).first
    claim = card.locator('.claim[data-claim="all-killed-anti-sohr-2019-03"]')
    mark = claim.locator("blockquote.context mark")
    assert mark.inner_text() == (
        "65,726 anti-government foreign fighters were killed in Syria up to March 2019"
    )
    paragraph = claim.locator("blockquote.context").inner_text()
    assert paragraph.startswith("According to the Syrian Observatory for Human Rights")
    assert "132,824" in paragraph


def test_claims_index_search(browser, bundled_report):
    page = Visit(browser, bundled_report).page
    rows = page.locator("#claims-index tbody tr")
    assert rows.count() >= 230
    page.fill("#c-text", "Hegghammer")
    visible = page.locator("#claims-index tbody tr:visible")
    assert 0 < visible.count() < 10
    assert page.locator("#claims-index tbody tr:visible td.status-in-conflict").count() >= 1


HOSTILE = [
    "<script>window.__pwned = 1; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\">",
    "</textarea><svg onload=\"alert('svg')\">",
    "</script><script>alert('closing')</script>",
    "<a href=\"javascript:alert('href')\">click</a>",
]


def test_hostile_claim_text_shows_as_text_and_never_runs(browser, tmp_path):
    claims = []
    for i, payload in enumerate(HOSTILE):
        quote = f"[h{i}] {payload} 100 people."
        claims.append(
            claim_row(
                claim_id=f"h{i}",
                subject="DEU",
                low="720",
                high="760",
                qualifier="range",
                figure="720-760",
                as_of="",
                quote=f"[h{i}] {payload} 720-760 people.",
                source=payload,
                note=payload,
            )
            if i == 0
            else claim_row(
                claim_id=f"h{i}",
                subject="DEU",
                low="778",
                high="778",
                figure="778",
                as_of="",
                quote=quote.replace("100", "778"),
                source=payload,
            )
        )
    folder = make_claims_folder(tmp_path, claims)
    visit = Visit(browser, write_report(folder, tmp_path / "hostile.html"))
    page = visit.page
    assert visit.dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert visit.requests == [visit.url]
    body = page.locator("body").inner_text()
    for payload in HOSTILE:
        assert payload in body, payload
    assert (
        page.locator("main script, main img, main svg[onload], main a[href^=javascript]").count()
        == 0
    )


def long_paragraph_folder(root: Path) -> Path:
    """20 disagreeing claims quoted from one paragraph of 1 MB that starts with an emoji
    (two UTF-16 units in the browser, one character in Python)."""
    claims = [
        claim_row(claim_id=f"p{i:02}", low=100 * (i + 1), high=100 * (i + 1), as_of="2015")
        for i in range(20)
    ]
    filler = "lorem ipsum dolor " * 3000
    paragraph = f"\U0001f600 {claims[0]['quote']} " + " ".join(
        f"{filler}{c['quote']}" for c in claims[1:]
    )
    return make_claims_folder(root, claims, document=f"Test document\n\nTest\n\n{paragraph}\n")


def test_a_long_paragraph_is_stored_once_and_still_highlighted(browser, tmp_path):
    page_file = write_report(long_paragraph_folder(tmp_path), tmp_path / "long.html")
    # 50 cards x 2 claims each embedded the 1 MB paragraph: a 100 MB page before.
    assert page_file.stat().st_size < 3_000_000
    page = Visit(browser, page_file).page
    box = page.locator('.claim[data-claim="p05"] blockquote.context').first
    assert box.locator("mark").inner_text() == "[p05] 600 people."
    text = box.inner_text()
    # At most 1,500 characters each side of the quote, the cut shown by an ellipsis.
    assert text.startswith("\u2026") and text.endswith("\u2026")
    assert "lorem ipsum dolor [p05] 600 people. lorem ipsum" in text
    first = page.locator('.claim[data-claim="p00"] blockquote.context').first.inner_text()
    # Offsets count the emoji as JavaScript does (two UTF-16 units): nothing shifts.
    assert first.startswith("\U0001f600 [p00] 100 people. lorem ipsum")
