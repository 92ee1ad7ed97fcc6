"""The bad-input corpus: each case under tests/corpus/ is a broken claim set (the files
that differ from tests/corpus/_base) with its expected exit code and message."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from builders import BUNDLED_CLAIMS, EXPECTATIONS, ROOT
from click.testing import CliRunner

from ffcheck.cli.main import cli

CORPUS = ROOT / "tests" / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def assemble(case: Path, tmp: Path) -> tuple[Path, Path, dict]:
    spec = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    claims = tmp / "claims"
    shutil.copytree(CORPUS / "_base", claims)
    shutil.copytree(BUNDLED_CLAIMS / "vocab", claims / "vocab")
    for path in case.rglob("*"):
        if path.is_file() and path.name != "expected.json":
            target = claims / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for name in spec.get("delete", []):
        (claims / name).unlink()
    generate = spec.get("generate", {})
    if "symlink" in generate:
        (claims / generate["symlink"]).symlink_to(claims / generate["to"])
    if "with_repeat" in generate:
        path = claims / generate["file"]
        filler = generate["with_repeat"] * generate["times"]
        path.write_text(path.read_text().replace(generate["replace"], filler))
    if "vocab_replace" in generate:
        path = claims / "vocab" / generate["vocab_replace"]
        path.write_text(path.read_text().replace(generate["old"], generate["new"]))
    suites = tmp / "expectations"
    shutil.copytree(EXPECTATIONS, suites)
    for name, text in spec.get("expectations", {}).items():
        (suites / name).write_text(text, encoding="utf-8")
    make_special_files(spec.get("special", {}), tmp)
    return claims, suites, spec


# Outside files hold this line: it must never be shown, whatever links to them.
SECRET = "TOP-SECRET-OUTSIDE-THE-PROJECT"


def make_special_files(special: dict, tmp: Path) -> None:
    """Links, FIFOs, huge sparse files and deep suites (paths relative to ``tmp``, whose
    claims/ and expectations/ are the folders checked; anything else is outside)."""
    for name in special.get("outside", []):
        (tmp / name).write_text(f"{SECRET},x\n{SECRET},y\n", encoding="utf-8")
    for link, target in special.get("links", {}).items():
        (tmp / link).unlink(missing_ok=True)
        (tmp / link).symlink_to(target)
    for name in special.get("folders", []):
        (tmp / name).unlink(missing_ok=True)
        (tmp / name).mkdir()
    for name in special.get("fifos", []):
        (tmp / name).unlink(missing_ok=True)
        os.mkfifo(tmp / name)
    for name, size in special.get("sparse", {}).items():
        with (tmp / name).open("ab") as handle:
            handle.truncate(size)
    for name, depth in special.get("nested", {}).items():
        (tmp / name).write_text("[" * depth + "]" * depth, encoding="utf-8")


def test_the_corpus_has_at_least_forty_cases():
    assert len(CASES) >= 40


# Whatever a field holds, the text output shows no control character (but newlines)
# and no line of it is a GitHub workflow command.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def run_command(spec: dict, claims: Path, suites: Path) -> None:
    """A case of another command (coverage, diff, or odd arguments): its exit code and
    the problem's file and words in what it prints."""
    args = [
        a.replace("{claims}", str(claims)).replace("{expectations}", str(suites))
        for a in spec["command"]
    ]
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output
    assert result.exit_code == spec["exit"], result.output[-2000:]
    want = spec["problem"]
    assert want["file"] in result.output and want["contains"] in result.output, result.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case, tmp_path):
    claims, suites, spec = assemble(case, tmp_path)
    if "command" in spec:
        run_command(spec, claims, suites)
        return
    text = (
        CliRunner()
        .invoke(cli, ["check", "--claims", str(claims), "--expectations", str(suites)])
        .output
    )
    assert not CONTROL.search(text), CONTROL.search(text)
    assert not any(line.startswith("::") for line in text.splitlines())
    result = CliRunner().invoke(
        cli, ["check", "--claims", str(claims), "--expectations", str(suites), "--format", "json"]
    )
    assert "Traceback" not in result.output and SECRET not in result.output
    assert result.exit_code == spec["exit"], result.output[-2000:]
    payload = json.loads(result.stdout)
    want = spec.get("problem")
    if want is None:
        assert payload["problems"] == []
        return
    matches = [
        p
        for p in payload["problems"]
        if (Path(p["file"]).name, p["code"], p["line"], p["column"])
        == (want["file"], want["code"], want["line"], want["column"])
        and want["contains"] in p["message"] + p["title"]
    ]
    assert matches, payload["problems"][:5]
    assert want["file"] in text and "Traceback" not in text and SECRET not in text
