"""What every command shares: exit codes, options, progress, guarded runs, output formats.

Heavy libraries (pandas, pandera, GX) are imported inside the commands that
need them, so ``ffcheck --help`` stays instant.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from importlib import resources
from pathlib import Path
from typing import Any

import click

from ffcheck.consistency.frames import (
    DEFAULT_ENGINE,
    DUCKDB_MEMORY_DEFAULT_TEXT,
    DUCKDB_MEMORY_VARIABLE,
    ENGINE_VARIABLE,
    ENGINES,
    duckdb_memory_limit,
)
from ffcheck.problems import UserError

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_USAGE = 64
EXIT_INTERNAL = 70


def exit_codes(**meanings: str) -> str:
    """A command's own exit codes for its --help epilog (usage and internal are shared)."""
    codes = {
        EXIT_CLEAN: meanings.get("clean", "done"),
        EXIT_FINDINGS: meanings.get("findings", ""),
        EXIT_INVALID: meanings.get(
            "invalid", "invalid or unreadable input (claims, documents, suites)"
        ),
        EXIT_USAGE: meanings.get("usage", "usage error (unknown option, bad argument)"),
        EXIT_INTERNAL: "internal error (a bug: rerun with --debug and report it)",
    }
    rows = [f"  {code:<3} {text}" for code, text in codes.items() if text]
    return "\b\nExit codes:\n" + "\n".join(rows)


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
            args = _utf8_arguments(sys.argv[1:] if args is None else list(args))
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            exc.show()
            code = EXIT_USAGE
        except click.Abort:
            # An aborted prompt is a usage outcome, never "findings" (exit 1).
            click.echo("Aborted.", err=True)
            code = EXIT_USAGE
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except UserError as exc:  # e.g. a write target that is a link: refused, not a bug
            click.echo(f"ffcheck: {exc} (nothing was written)", err=True)
            code = EXIT_INVALID
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else EXIT_CLEAN)


def _utf8_arguments(args: list[str]) -> list[str]:
    """The arguments, refused if one is not UTF-8: Python hands such bytes over as
    lone surrogates, which would fail later, far from their cause, as an internal error."""
    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as exc:
            shown = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            raise click.UsageError(
                f"argument {position} ({shown}) is not UTF-8 at character {exc.start + 1}"
            ) from None
    return args


def claims_option(func: Any) -> Any:
    return click.option(
        "--claims",
        "claims_dir",
        type=click.Path(path_type=Path),
        default=DEFAULT_CLAIMS,
        show_default=True,
        help="Claims folder: claim tables, documents.csv, vocab/.",
    )(func)


def packaged_expectations() -> Path:
    """The default suites shipped in the wheel (ffcheck/suites is the project's
    expectations/ folder at build time: one source of truth)."""
    return Path(str(resources.files("ffcheck") / "suites"))


def _expectations_or_packaged(ctx: click.Context, param: Any, value: Path | None) -> Path:
    if value is not None:
        return value
    return DEFAULT_EXPECTATIONS if DEFAULT_EXPECTATIONS.is_dir() else packaged_expectations()


def expectations_option(func: Any) -> Any:
    return click.option(
        "--expectations",
        "expectations_dir",
        type=click.Path(path_type=Path),
        default=None,
        callback=_expectations_or_packaged,
        help="Folder of Great Expectations suites (one JSON per rule). "
        "[default: expectations/ if the project has one, else the suites shipped with ffcheck]",
    )(func)


class StageProgress:
    """Stage lines on stderr while a long check runs (only on a terminal or if asked)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()

    def __call__(self, stage: str) -> None:
        if self.enabled:
            click.echo(f"[{time.perf_counter() - self.started:6.2f}s] {stage}", err=True)


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
        if _out_of_engine_memory(exc):  # a resource, like a full disk: not a bug
            click.echo(
                f"ffcheck: DuckDB needed more memory than its cap ({exc.args[0].splitlines()[0]}):"
                f" set {DUCKDB_MEMORY_VARIABLE} higher, e.g. 4GB (nothing was changed)",
                err=True,
            )
            ctx.exit(EXIT_INVALID)
        if (ctx.obj or {}).get("debug"):
            traceback.print_exc()
        else:
            click.echo(
                f"ffcheck: internal error: {type(exc).__name__}: {exc}\n"
                "Rerun with --debug for the traceback.",
                err=True,
            )
        ctx.exit(EXIT_INTERNAL)


def _out_of_engine_memory(exc: Exception) -> bool:
    """DuckDB's out-of-memory error (named, so that the CLI does not import DuckDB)."""
    kind = type(exc)
    return (
        kind.__name__ == "OutOfMemoryException" and "duckdb" in kind.__module__ and bool(exc.args)
    )


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
engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=DEFAULT_ENGINE,
    envvar=ENGINE_VARIABLE,
    show_default=True,
    show_envvar=True,
    callback=lambda _ctx, _param, value: _checked_engine(value),
    help="Where the derived tables are computed: DuckDB in this process (its memory "
    f"capped by {DUCKDB_MEMORY_VARIABLE}, default {DUCKDB_MEMORY_DEFAULT_TEXT}; past it, "
    "it spills to a temporary folder), or Spark (local mode; a cluster through "
    "SPARK_REMOTE or MASTER), where GX also validates the lattice rules' tables.",
)


def _checked_engine(engine: str) -> str:
    """The engine, once its environment is usable (a bad memory cap is a usage error)."""
    if engine == "duckdb":
        try:
            duckdb_memory_limit()
        except ValueError as error:
            raise click.UsageError(str(error)) from None  # (the variable, not --engine)
    return engine


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


def rule_selection(include: tuple[str, ...], exclude: tuple[str, ...]) -> Any:
    """The registered rules named by --rules / --exclude-rules (None: all of them)."""
    if not include and not exclude:
        return None
    from ffcheck.consistency.registry import all_rules, select

    try:
        return select(include, exclude)
    except KeyError as exc:
        known = ", ".join(r.id for r in all_rules())
        raise click.BadParameter(f"no rule is named {exc.args[0]!r}; rules: {known}") from None


def rules_options(func: Any) -> Any:
    func = click.option(
        "--exclude-rules",
        multiple=True,
        metavar="RULE",
        help="Skip this rule (id or former name); repeatable.",
    )(func)
    return click.option(
        "--rules",
        "only_rules",
        multiple=True,
        metavar="RULE",
        help="Run only this rule (id or former name); repeatable. Default: every rule.",
    )(func)


def run_check_guarded(
    ctx: click.Context,
    claims_dir: Path,
    expectations_dir: Path,
    progress: bool | None,
    rules: Any = None,
    engine: str = DEFAULT_ENGINE,
) -> Any:
    """The pipeline's ``Run`` (report, claim set, context), with errors handled for the CLI."""
    from ffcheck.pipeline import run_check

    show = sys.stderr.isatty() if progress is None else progress
    return run_guarded(
        ctx,
        run_check,
        claims_dir,
        StageProgress(show),
        expectations_dir=expectations_dir,
        rules=rules,
        engine=engine,
    )
