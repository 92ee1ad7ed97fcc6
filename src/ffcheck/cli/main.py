"""ffcheck's command line: a thin click layer over the library.

Heavy libraries (pandas, pandera, GX) are imported inside the commands that
need them, so ``ffcheck --help`` stays instant. Each command lives in the
module of its kind (checking here, authoring in ``authoring``) and is added to
the group below; no command module imports another.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ffcheck import __version__
from ffcheck.cli import authoring, revisions
from ffcheck.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INVALID,
    FORMATS,
    FFGroup,
    StageProgress,
    claims_option,
    engine_option,
    exit_codes,
    expectations_option,
    fail_on_option,
    progress_option,
    render_report,
    rule_selection,
    rules_options,
    run_check_guarded,
    run_guarded,
    text_or_json_option,
)
from ffcheck.text.escape import visible


@click.group(
    cls=FFGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=exit_codes(findings="unreviewed findings at or above --fail-on (check, diff)"),
)
@click.version_option(__version__, "-V", "--version", prog_name="ffcheck")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """ffcheck: check a document's numeric claims against each other.

    Claims live as CSV rows under claims/ (with a verbatim quote for each);
    pandera validates them, Great Expectations suites under expectations/ check
    them for contradictions, and the report shows each conflict in context.
    """
    ctx.obj = {"debug": debug}


@cli.command(
    epilog=exit_codes(
        clean="clean: no unreviewed finding at or above --fail-on",
        findings="unreviewed findings at or above --fail-on",
    )
)
@claims_option
@expectations_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for scripts, junit/github/sarif for CI tools.",
)
@fail_on_option
@rules_options
@engine_option
@progress_option
@click.pass_context
def check(
    ctx: click.Context,
    claims_dir: Path,
    expectations_dir: Path,
    fmt: str,
    fail_on: str,
    only_rules: tuple[str, ...],
    exclude_rules: tuple[str, ...],
    engine: str,
    progress: bool | None,
) -> None:
    """Validate the claim tables and find contradictions between claims.

    Findings are grouped by rule; a reviewed finding (claims/reviews.csv) is
    shown with its decision and does not fail. A claim whose quote is no longer
    in the document is reported with the closest text of the new revision.
    """
    rules = rule_selection(only_rules, exclude_rules)
    run = run_check_guarded(ctx, claims_dir, expectations_dir, progress, rules, engine)
    report = run.report
    if fmt == "json" and report.quotes_verified < report.claims:
        from ffcheck.authoring.rebase import stale_outcomes

        outcomes = run_guarded(ctx, stale_outcomes, run.claimset)
        report.stale_claims = [o.to_dict() for o in outcomes]
    click.echo(render_report(report, fmt, claims_dir, fail_on))
    if not report.valid:
        ctx.exit(EXIT_INVALID)
    ctx.exit(EXIT_FINDINGS if report.failing(fail_on) else EXIT_CLEAN)


@cli.command(
    epilog=exit_codes(
        clean="coverage at or above --min (or no --min)", findings="coverage below --min"
    )
)
@claims_option
@click.option(
    "--min",
    "minimum",
    type=click.FloatRange(0, 100),
    default=None,
    help="Fail (exit 1) when coverage is below this percentage.",
)
@text_or_json_option
@click.pass_context
def coverage(ctx: click.Context, claims_dir: Path, minimum: float | None, fmt: str) -> None:
    """List the document's numbers that no claim covers, and the coverage percentage."""
    from ffcheck.authoring.coverage import measure_coverage

    result = run_guarded(ctx, measure_coverage, claims_dir)
    for problem in result.problems:
        click.echo(visible(str(problem)), err=True)
    if result.candidates or result.non_claims:  # measured, even if an entry is stale
        if fmt == "json":
            click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        else:
            click.echo(result.render())
    if result.problems:
        ctx.exit(EXIT_INVALID)
    if minimum is not None and result.percent < minimum:
        ctx.exit(EXIT_FINDINGS)


@cli.command(
    epilog=exit_codes(
        clean="the page was written",
        invalid="invalid input: the page is written and lists the problems first",
    )
)
@claims_option
@expectations_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("reports/conflicts.html"),
    show_default=True,
    help="Where to write the HTML page: a regular file or a new path (written atomically).",
)
@rules_options
@engine_option
@progress_option
@click.pass_context
def report(
    ctx: click.Context,
    claims_dir: Path,
    expectations_dir: Path,
    output: Path,
    only_rules: tuple[str, ...],
    exclude_rules: tuple[str, ...],
    engine: str,
    progress: bool | None,
) -> None:
    """Write the reviewer's page: one self-contained HTML file of every conflict.

    Exits 0 when the page is written (findings or not), 2 when the input is
    invalid (the page then lists the problems).
    """
    from ffcheck.problems import UserError
    from ffcheck.tables.safe_write import check_target

    show = sys.stderr.isatty() if progress is None else progress
    stages = StageProgress(show)
    rules = rule_selection(only_rules, exclude_rules)
    try:
        check_target(output)  # before the run, so a bad -o costs nothing
        run = run_check_guarded(ctx, claims_dir, expectations_dir, show, rules, engine)
        result = run_guarded(ctx, build_report_page, run, output, stages)
    except UserError as exc:
        click.echo(f"ffcheck: {exc} (nothing was written)", err=True)
        ctx.exit(EXIT_INVALID)
    from ffcheck.render.text import render_text

    click.echo(render_text(result, claims_dir))
    counts = result.counts()["by_severity"]
    click.echo(
        f"wrote {output} ({output.stat().st_size:,} bytes): {result.claims} claims, "
        f"{len(result.findings)} findings (error {counts['error']}, warning "
        f"{counts['warning']}, info {counts['info']}), {len(result.problems)} problems"
    )
    ctx.exit(EXIT_INVALID if result.problems else EXIT_CLEAN)


def build_report_page(run: Any, output: Path, progress: StageProgress) -> Any:
    """Render the run's page (reusing its context) and write it atomically."""
    import pandas as pd

    from ffcheck.authoring.coverage import coverage_of
    from ffcheck.render.html import render_html
    from ffcheck.tables.safe_write import replace_bytes

    result = run.report
    # No rule ran (nothing sound to check): no typed claims, and the page lists the
    # problems (it reads no column of an empty claims table).
    claims = pd.DataFrame()
    coverage = None
    if run.context is not None:
        claims = run.context.claims
        progress("coverage")
        coverage = coverage_of(run.claimset)
    progress("render")
    html = render_html(result, run.claimset, claims, coverage)
    output.parent.mkdir(parents=True, exist_ok=True)
    replace_bytes(output, html.encode("utf-8"))
    return result


for command in (
    authoring.add,
    authoring.propose,
    authoring.init,
    authoring.review,
    authoring.explain,
    authoring.diff,
    revisions.rebase,
):
    cli.add_command(command)
