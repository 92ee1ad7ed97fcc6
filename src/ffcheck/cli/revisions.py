"""``ffcheck rebase``: take a new revision of a document in one command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from ffcheck.cli.common import (
    EXIT_CLEAN,
    EXIT_INVALID,
    claims_option,
    exit_codes,
    expectations_option,
    run_guarded,
    text_or_json_option,
)

CHOICES = {"a": "accept", "e": "edit", "d": "drop", "s": "skip"}


def _fail(ctx: click.Context, message: str) -> None:
    click.echo(f"ffcheck: {message}", err=True)
    ctx.exit(EXIT_INVALID)


def _read_revision(ctx: click.Context, path: Path) -> tuple[bytes, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        _fail(ctx, f"{path}: {exc.strerror or exc}")
        raise
    if b"\x00" in raw:
        _fail(ctx, f"{path}: holds a NUL byte; not a text revision")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail(ctx, f"{path}: not UTF-8 text; save it as UTF-8")
        raise
    if not text.strip():
        _fail(ctx, f"{path}: the revision is empty")
    return raw, text


def _edited(outcome: Any) -> dict[str, str] | None:
    """Let the maintainer correct the proposed quote, figure and date."""
    from ffcheck.authoring.proposal import bounds_of
    from ffcheck.text.numbers import parse_figure

    row = dict(outcome.proposed)
    row["quote"] = click.prompt("quote", default=row["quote"])
    row["figure"] = click.prompt("figure", default=row["figure"])
    parsed = parse_figure(row["figure"])
    if parsed is None:
        click.echo(f"no number can be read from {row['figure']!r}; the claim is skipped")
        return None
    row.update(bounds_of(parsed, None))
    row["as_of"] = click.prompt("as of", default=row["as_of"], show_default=True)
    return row


def decide(plan: Any, interactive: bool) -> dict[tuple[str, int], dict[str, str] | None]:
    """Which rows to write: every proposal (``--apply``), or each as the maintainer says."""
    decisions: dict[tuple[str, int], dict[str, str] | None] = {}
    for outcome in plan.outcomes:
        key = (outcome.file, outcome.line)
        if outcome.proposed is None and (not interactive or outcome.status != "gone"):
            continue
        if not interactive:
            decisions[key] = outcome.proposed
            continue
        from ffcheck.render.rebase import render_outcome

        click.echo("\n".join(render_outcome(outcome)))
        options = "ds" if outcome.proposed is None else "aeds"
        choice = click.prompt(
            "  " + ", ".join(f"[{c}]{CHOICES[c][1:]}" for c in options),
            type=click.Choice(list(options)),
            default="s" if outcome.proposed is None else "a",
        )
        if choice == "a":
            decisions[key] = outcome.proposed
        elif choice == "e":
            edited = _edited(outcome)
            if edited is not None:
                decisions[key] = edited
        elif choice == "d":
            decisions[key] = None
    return decisions


@click.command(
    epilog=exit_codes(
        clean="the revision was registered (and the accepted updates written)",
        findings="",
        invalid="not registered: unknown document, unreadable revision, or invalid claims",
    )
)
@claims_option
@expectations_option
@click.option("--doc", required=True, help="Document id (documents.csv).")
@click.option(
    "--to",
    "new_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The new revision's text file (copied under claims/sources/).",
)
@click.option("--url", default="", help="Where the revision was taken from.")
@click.option("--retrieved", default=None, help="When it was taken (YYYY-MM-DD; default today).")
@click.option("--revision", "name", default=None, help="A name (default: the retrieved date).")
@click.option("--dry-run", is_flag=True, help="Only report; register and write nothing.")
@click.option("--apply", "apply_all", is_flag=True, help="Write every proposed update.")
@click.option("--interactive", is_flag=True, help="Accept, edit, drop or skip each affected claim.")
@text_or_json_option
@click.pass_context
def rebase(
    ctx: click.Context,
    claims_dir: Path,
    expectations_dir: Path,
    doc: str,
    new_file: Path,
    url: str,
    retrieved: str | None,
    name: str | None,
    dry_run: bool,
    apply_all: bool,
    interactive: bool,
    fmt: str,
) -> None:
    """Take a new revision of a document: register it and report every claim.

    Each claim of the document is unchanged, moved, changed (its sentence was
    edited: a proposed row keeps its id with the new quote, figure, bounds, date,
    source and section) or gone (no counterpart: its passage was deleted). The
    revision is copied under claims/sources/ and becomes current in
    claims/revisions.csv (nothing is written with --dry-run). --apply writes every
    proposed update; --interactive asks for each. Then the claims are checked.
    """
    from ffcheck.authoring.appends import NotWritten
    from ffcheck.authoring.rebase import plan_rebase
    from ffcheck.authoring.revisions import register_revision, write_claim_updates
    from ffcheck.pipeline import run_check
    from ffcheck.render.rebase import render_plan
    from ffcheck.tables.load import load_claimset
    from ffcheck.text.document import Document

    if dry_run and (apply_all or interactive):
        raise click.UsageError("--dry-run writes nothing: drop --apply/--interactive")
    if retrieved is not None:
        try:
            dt.date.fromisoformat(retrieved)
        except ValueError:
            raise click.BadParameter(
                f"{retrieved!r} is not a date YYYY-MM-DD", param_hint="--retrieved"
            ) from None
    claimset = run_guarded(ctx, load_claimset, claims_dir)
    if doc not in claimset.documents:
        known = ", ".join(sorted(claimset.documents)) or "none loaded"
        _fail(ctx, f"no document {doc!r} (documents: {known})")
    raw, text = _read_revision(ctx, new_file)
    old = claimset.documents[doc]
    new = Document(doc, old.title, text, str(new_file), old.licence)
    plan = run_guarded(ctx, plan_rebase, claimset, doc, new)
    registered = None
    decisions: dict[tuple[str, int], dict[str, str] | None] = {}
    if not dry_run:
        if fmt == "text" and not interactive:
            click.echo(render_plan(plan))
        try:
            registered = run_guarded(
                ctx, register_revision, claimset, doc, raw, name, url, retrieved
            )
        except NotWritten as exc:
            _fail(ctx, f"not registered: {exc}")
        if apply_all or interactive:
            decisions = decide(plan, interactive)
            if decisions:
                run_guarded(ctx, write_claim_updates, claimset, decisions)
    elif fmt == "text":
        click.echo(render_plan(plan))
    report = (
        run_guarded(ctx, run_check, claims_dir, expectations_dir=expectations_dir).report
        if not dry_run
        else None
    )
    if fmt == "json":
        payload = plan.to_dict()
        payload["registered"] = registered.__dict__ if registered else None
        payload["written"] = {
            "updated": sorted(k for k, v in _ids(plan, decisions).items() if v == "updated"),
            "dropped": sorted(k for k, v in _ids(plan, decisions).items() if v == "dropped"),
        }
        if report is not None:
            payload["check"] = {
                "valid": report.valid,
                "problems": len(report.problems),
                "findings": len(report.findings),
            }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        if registered is not None:
            click.echo(
                f"registered revision {registered.revision} of {doc}: {registered.path} "
                f"(sha256 {registered.sha256[:12]}), now current"
            )
        done = _ids(plan, decisions)
        if decisions:
            updated = sum(1 for v in done.values() if v == "updated")
            dropped = sum(1 for v in done.values() if v == "dropped")
            click.echo(f"wrote {updated} updated claim(s), dropped {dropped}")
        if report is not None:
            click.echo(
                f"check: {len(report.problems)} problem(s), {len(report.set_aside)} claim(s) "
                f"set aside, {len(report.findings)} finding(s); run ffcheck check for details"
            )
        else:
            click.echo("dry run: nothing was written")
    if report is not None and not report.valid:
        ctx.exit(EXIT_INVALID)
    ctx.exit(EXIT_CLEAN)


def _ids(plan: Any, decisions: dict[tuple[str, int], dict[str, str] | None]) -> dict[str, str]:
    by_key = {(o.file, o.line): o.claim_id for o in plan.outcomes}
    return {by_key[k]: ("dropped" if v is None else "updated") for k, v in decisions.items()}
