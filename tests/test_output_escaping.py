"""Every output format escapes untrusted fields for its medium (issue 10, item 4)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import xmlschema
from builders import EXPECTATIONS, ROOT, claim_row, make_claims_folder
from click.testing import CliRunner

from ffcheck.cli.main import cli
from ffcheck.text.escape import visible, xml_safe

HOSTILE_SOURCE = "ICCT\x1b[2J\x07\n::error file=README.md::pwned\r\x85\u202e"


@pytest.fixture
def hostile(tmp_path):
    """Two disagreeing figures: the finding's arithmetic prints the hostile source."""
    quote_a = "[fra-a] over 900 people\x1b[31m."
    return make_claims_folder(
        tmp_path,
        [
            claim_row(
                claim_id="fra-a",
                low=900,
                qualifier="more_than",
                as_of="2015-10",
                source=HOSTILE_SOURCE,
                quote=quote_a,
            ),
            claim_row(claim_id="fra-b", low=689, high=689, as_of="2015", source="gov"),
        ],
    )


def run(claims, fmt):
    result = CliRunner().invoke(
        cli,
        ["check", "--claims", str(claims), "--expectations", str(EXPECTATIONS), "--format", fmt],
    )
    assert result.exit_code == 0, result.output  # one warning, no problem
    return result.stdout


def test_visible_shows_controls_as_escapes():
    # ESC, BEL, newline, C1 NEL and a bidi override each become a visible escape.
    assert visible("a\x1b[1mb\x07\n\x85\u202e") == "a\\x1b[1mb\\x07\\x0a\\x85\\u202e"


def test_xml_safe_keeps_tab_newline_and_return():
    assert xml_safe("a\tb\nc\rd\x1be\x00") == "a\tb\nc\rd\\x1be\\x00"


def test_text_output_holds_no_control_character_and_no_workflow_command(hostile):
    out = run(hostile, "text")
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\x85" not in out
    # The newline of the source is shown, so "::error" stays inside the finding's line.
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "ICCT\\x1b[2J\\x07\\x0a::error file=README.md::pwned" in out


def test_github_output_cannot_start_a_command_from_a_field(hostile):
    out = run(hostile, "github")
    lines = out.splitlines()
    # One annotation per claim of the one finding, and nothing else.
    assert len(lines) == 2 and all(line.startswith("::warning ") for line in lines)
    assert "\x1b" not in out and "\r" not in out
    assert "ICCT\\x1b[2J\\x07%0A::error file=README.md::pwned%0D" in out


def test_github_properties_escape_colon_and_comma(tmp_path):
    from ffcheck.render.github import _property

    assert _property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_junit_output_is_well_formed_and_valid(hostile):
    out = run(hostile, "junit")
    ET.fromstring(out.encode("utf-8"))  # raises on an XML-illegal character
    xmlschema.XMLSchema(str(ROOT / "tests" / "data" / "junit.xsd")).validate(out)
    assert "over 900 people\\x1b[31m." in out


def test_json_and_sarif_round_trip_the_exact_field(hostile):
    payload = json.loads(run(hostile, "json"))
    sources = {c["source"] for f in payload["findings"] for c in f["claims"]}
    assert HOSTILE_SOURCE in sources  # JSON escapes by construction: nothing lost
    json.loads(run(hostile, "sarif"))
