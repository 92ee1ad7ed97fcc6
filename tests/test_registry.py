"""The rule registry: rules are found (package modules and plugins' entry points), can be
selected by id or former name, and a renamed rule keeps its reviews through its aliases."""

from __future__ import annotations

import sys
import textwrap

import pytest
from builders import BUNDLED_CLAIMS, EXPECTATIONS
from click.testing import CliRunner

from ffcheck.cli.common import EXIT_USAGE
from ffcheck.cli.main import cli
from ffcheck.consistency import registry


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """An installed plugin distribution whose entry point names one rule module."""
    site = tmp_path / "site"
    (site / "ffcheck_plugin_demo").mkdir(parents=True)
    (site / "ffcheck_plugin_demo" / "__init__.py").write_text("")
    (site / "ffcheck_plugin_demo" / "always_quiet.py").write_text(
        textwrap.dedent(
            '''
            """A plugin rule that never fires.

            Why: to show that a plugin package adds a rule without editing ffcheck.
            Example: any claim set passes.
            """
            import pandas as pd
            from ffcheck.consistency.rules.base import Rule, finish

            RULE = Rule("always-quiet", "Never fires", "inferred", aliases=("old-quiet",))

            def derive(ctx):
                return finish(pd.DataFrame({"claim_a": list(ctx.claims.index[:1])}))

            def describe(row, *failed):
                return "never", "never"
            '''
        )
    )
    info = site / "ffcheck_plugin_demo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ffcheck-plugin-demo\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[ffcheck.rules]\nalways_quiet = ffcheck_plugin_demo.always_quiet\n"
    )
    monkeypatch.syspath_prepend(str(site))
    registry.all_rules.cache_clear()
    yield
    registry.all_rules.cache_clear()
    for name in [m for m in sys.modules if m.startswith("ffcheck_plugin_demo")]:
        del sys.modules[name]


def test_a_plugin_package_adds_a_rule_through_its_entry_point(plugin):
    ids = [r.id for r in registry.all_rules()]
    assert "always-quiet" in ids, "found through the ffcheck.rules entry point"
    assert registry.canonical("old-quiet") == "always-quiet", "a former name resolves"
    found = next(r for r in registry.all_rules() if r.id == "always-quiet")
    assert found.doc.why.startswith("to show that a plugin package adds a rule")


def test_built_in_rules_are_found_without_a_list():
    ids = {r.id for r in registry.all_rules()}
    # one module per rule under consistency/rules/, each named like its id
    assert {"part-exceeds-whole", "sources-disagree", "ranking-violated"} <= ids
    assert "base" not in ids


def test_select_by_id_or_alias_and_exclude():
    chosen = registry.select(("part-exceeds-whole", "sum-mismatch"), ("sum-mismatch",))
    assert [r.id for r in chosen] == ["part-exceeds-whole"]
    with pytest.raises(KeyError):
        registry.select(("no-such-rule",))


def invoke(*args):
    base = ["--claims", str(BUNDLED_CLAIMS), "--expectations", str(EXPECTATIONS)]
    return CliRunner().invoke(cli, [args[0], *base, *args[1:]])


def test_check_runs_only_the_rules_asked_for():
    import json

    only = json.loads(invoke("check", "--format", "json", "--rules", "arithmetic-fails").output)
    assert only["rules_run"] == ["arithmetic-fails"]
    # the bundled "50 weeks in a year" is the one arithmetic finding of the document
    assert {f["rule"] for f in only["findings"]} == {"arithmetic-fails"}
    rest = json.loads(
        invoke("check", "--format", "json", "--exclude-rules", "arithmetic-fails").output
    )
    assert "arithmetic-fails" not in rest["rules_run"]
    assert "arithmetic-fails" not in {f["rule"] for f in rest["findings"]}


def test_an_unknown_rule_name_is_a_usage_error_naming_the_rules():
    result = invoke("check", "--rules", "no-such-rule")
    assert result.exit_code == EXIT_USAGE
    assert "no rule is named 'no-such-rule'" in result.output
    assert "part-exceeds-whole" in result.output
