"""ffcheck's command line: a thin click layer over the library.

Heavy libraries (pandas, pandera, GX) are imported inside the commands that
need them, so ``ffcheck --help`` stays instant.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import click

from ffcheck import __version__
from ffcheck.problems import UserError

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_USAGE = 64
EXIT_INTERNAL = 70
EXIT_CODES_HELP = (
    "\b\nExit codes:\n"
    f"  {EXIT_CLEAN}   clean: no unreviewed finding at or above --fail-on\n"
    f"  {EXIT_FINDINGS}   unreviewed findings at or above --fail-on\n"
    f"  {EXIT_INVALID}   invalid or unreadable input (claims, documents, suites)\n"
    f"  {EXIT_USAGE}  usage error (unknown option, bad argument)\n"
    f"  {EXIT_INTERNAL}  internal error (a bug: rerun with --debug and report it)"
)
DEFAULT_CLAIMS = Path("claims")
DEFAULT_EXPECTATIONS = Path("expectations")


class FFGroup(click.Group):
    """A group whose usage errors exit with their own code, apart from invalid input."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            exc.show()
            code = EXIT_USAGE
        except click.Abort:
            click.echo("Aborted.", err=True)
            code = EXIT_FINDINGS
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else EXIT_CLEAN)


def claims_option(func: Any) -> Any:
    return click.option(
        "--claims",
        "claims_dir",
        type=click.Path(path_type=Path),
        default=DEFAULT_CLAIMS,
        show_default=True,
        help="Claims folder: claim tables, documents.csv, vocab/.",
    )(func)


def expectations_option(func: Any) -> Any:
    return click.option(
        "--expectations",
        "expectations_dir",
        type=click.Path(path_type=Path),
        default=DEFAULT_EXPECTATIONS,
        show_default=True,
        help="Folder of Great Expectations suites (one JSON per rule).",
    )(func)


class StageProgress:
    """Stage lines on stderr while a long check runs (only on a terminal or if asked)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()

    def __call__(self, stage: str) -> None:
        if self.enabled:
            click.echo(f"[{time.perf_counter() - self.started:6.2f}s] {stage}", err=True)


@click.group(
    cls=FFGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP
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


def run_guarded(ctx: click.Context, func: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a command body; an unexpected exception is a bug, reported without traceback."""
    try:
        return func(*args, **kwargs)
    except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt, UserError):
        raise
    except OSError as exc:  # a full disk, a read-only file: not a bug, and nothing written
        click.echo(
            f"ffcheck: {exc.strerror or exc}: {exc.filename or ''} (nothing was changed)", err=True
        )
        ctx.exit(EXIT_INVALID)
    except Exception as exc:
        if (ctx.obj or {}).get("debug"):
            traceback.print_exc()
        else:
            click.echo(
                f"ffcheck: internal error: {type(exc).__name__}: {exc}\n"
                "Rerun with --debug for the traceback.",
                err=True,
            )
        ctx.exit(EXIT_INTERNAL)


FORMATS = ["text", "json", "junit", "github", "sarif"]
text_or_json_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Stage lines on stderr (default: when stderr is a terminal).",
)
fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Lowest severity of an unreviewed finding that fails.",
)


def render_report(report: Any, fmt: str, claims_dir: Path, fail_on: str) -> str:
    """The report in one output format (every renderer imported only when used)."""
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
    if fmt == "junit":
        from ffcheck.render.junit import render_junit

        return render_junit(report, fail_on)
    if fmt == "github":
        from ffcheck.render.github import render_github

        return render_github(report)
    if fmt == "sarif":
        from ffcheck.render.sarif import render_sarif

        return render_sarif(report)
    from ffcheck.render.text import render_text

    return render_text(report, claims_dir, fail_on)


def run_check_guarded(
    ctx: click.Context, claims_dir: Path, expectations_dir: Path, progress: bool | None
) -> Any:
    from ffcheck.pipeline import run_check

    show = sys.stderr.isatty() if progress is None else progress
    report, _ = run_guarded(
        ctx, run_check, claims_dir, StageProgress(show), expectations_dir=expectations_dir
    )
    return report


@cli.command(epilog=EXIT_CODES_HELP)
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
@progress_option
@click.pass_context
def check(
    ctx: click.Context,
    claims_dir: Path,
    expectations_dir: Path,
    fmt: str,
    fail_on: str,
    progress: bool | None,
) -> None:
    """Validate the claim tables and find contradictions between claims.

    Findings are grouped by rule; a reviewed finding (claims/reviews.csv) is
    shown with its decision and does not fail. A claim whose quote is no longer
    in the document is reported with the closest text of the new revision.
    """
    report = run_check_guarded(ctx, claims_dir, expectations_dir, progress)
    click.echo(render_report(report, fmt, claims_dir, fail_on))
    if not report.valid:
        ctx.exit(EXIT_INVALID)
    ctx.exit(EXIT_FINDINGS if report.failing(fail_on) else EXIT_CLEAN)


@cli.command(epilog=EXIT_CODES_HELP)
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
    from ffcheck.coverage import measure_coverage

    result = run_guarded(ctx, measure_coverage, claims_dir)
    if result.problems:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        ctx.exit(EXIT_INVALID)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(result.render())
    if minimum is not None and result.percent < minimum:
        ctx.exit(EXIT_FINDINGS)


@cli.command(epilog=EXIT_CODES_HELP)
@claims_option
@expectations_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("reports/conflicts.html"),
    show_default=True,
    help="Where to write the HTML page (written atomically).",
)
@progress_option
@click.pass_context
def report(
    ctx: click.Context,
    claims_dir: Path,
    expectations_dir: Path,
    output: Path,
    progress: bool | None,
) -> None:
    """Write the reviewer's page: one self-contained HTML file of every conflict.

    Exits 0 when the page is written (findings or not), 2 when the input is
    invalid (the page then lists the problems).
    """
    show = sys.stderr.isatty() if progress is None else progress
    stages = StageProgress(show)
    result, _ = run_guarded(ctx, build_report_page, claims_dir, expectations_dir, output, stages)
    from ffcheck.render.text import render_text

    click.echo(render_text(result, claims_dir))
    counts = result.counts()["by_severity"]
    click.echo(
        f"wrote {output} ({output.stat().st_size:,} bytes): {result.claims} claims, "
        f"{len(result.findings)} findings (error {counts['error']}, warning "
        f"{counts['warning']}, info {counts['info']}), {len(result.problems)} problems"
    )
    ctx.exit(EXIT_INVALID if result.problems else EXIT_CLEAN)


def build_report_page(
    claims_dir: Path, expectations_dir: Path, output: Path, progress: StageProgress
) -> tuple[Any, Any]:
    import pandas as pd

    from ffcheck.context import build_context
    from ffcheck.coverage import measure_coverage
    from ffcheck.pipeline import run_check
    from ffcheck.render.html import render_html
    from ffcheck.writing import replace_bytes

    result, claimset = run_check(claims_dir, progress, expectations_dir=expectations_dir)
    claims = pd.DataFrame()
    coverage = None
    if not result.problems:
        claims = build_context(claimset).claims
        progress("coverage")
        coverage = measure_coverage(claims_dir)
    progress("render")
    html = render_html(result, claimset, claims, coverage)
    output.parent.mkdir(parents=True, exist_ok=True)
    replace_bytes(output, html.encode("utf-8"))
    return result, claims


# The workflow commands (add, review, explain, diff) register themselves on ``cli``.
from ffcheck import cli_workflow  # noqa: E402, F401
