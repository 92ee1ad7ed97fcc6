"""The contributor's and reviewer's commands: add, review, explain, diff."""

from __future__ import annotations

import difflib
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from ffcheck.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INVALID,
    claims_option,
    exit_codes,
    expectations_option,
    fail_on_option,
    run_check_guarded,
    run_guarded,
    text_or_json_option,
)

ASKED = ["subject", "side", "measure", "cohort", "unit", "as_of", "source"]


def _load(ctx: click.Context, claims_dir: Path) -> Any:
    from ffcheck.tables.load import load_claimset

    claimset = run_guarded(ctx, load_claimset, claims_dir)
    if claimset.problems:
        for problem in claimset.problems:
            click.echo(str(problem), err=True)
        ctx.exit(EXIT_INVALID)
    return claimset


def _fail(ctx: click.Context, message: str) -> NoReturn:
    click.echo(f"ffcheck: {message}", err=True)
    ctx.exit(EXIT_INVALID)


@click.command(
    epilog=exit_codes(
        clean="the claim was added",
        invalid="not added: the row or the claims folder is invalid",
        usage="usage error, or the prompts were aborted",
    )
)
@click.argument("quote")
@claims_option
@expectations_option
@click.option("--doc", help="Document id (default: whichever document holds the quote).")
@click.option("--figure", help="The figure's words inside the quote, when it holds several.")
@click.option("--id", "claim_id", help="Claim id (default: suggested from the row).")
@click.option("--subject", help="Subject id from vocab/subjects.csv.")
@click.option("--side", help="anti_government, pro_government, kurdish_led or unspecified.")
@click.option("--group", default="", help="Armed group the figure is limited to.")
@click.option("--cohort", help="Sub-population (default: all).")
@click.option("--measure", help="What is counted (vocab/measures.csv).")
@click.option("--scope", default="", help="Tag keeping apart different counts of one measure.")
@click.option("--qualifier", help="Override the qualifier read from the figure's words.")
@click.option("--unit", help="Unit (default: read from the text).")
@click.option("--as-of", "as_of", help="YYYY, YYYY-MM or YYYY-MM-DD (default: read from the text).")
@click.option("--period-start", default="", help="Start of the period a flow or count covers.")
@click.option("--period-end", default="", help="End of that period.")
@click.option("--source", help="Whom the text attributes the figure to.")
@click.option("--note", default="", help="How the row reads the text.")
@click.option(
    "--file",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Claim table to append to (default: the one holding the section's claims).",
)
@click.option(
    "--interactive/--no-input",
    default=None,
    help="Ask for what cannot be read from the text (default: when on a terminal).",
)
@click.pass_context
def add(
    ctx: click.Context,
    quote: str,
    claims_dir: Path,
    expectations_dir: Path,
    doc: str | None,
    figure: str | None,
    claim_id: str | None,
    target: Path | None,
    interactive: bool | None,
    **given: str,
) -> None:
    """Add a claim from a quote of the document, validated and written safely.

    The quote (a verbatim span holding the figure) is located in the document;
    the section, figure, bounds, qualifier, unit and date are read from it, an id
    is suggested, and whatever cannot be read is asked for (or taken from the
    options). The row is validated with the same schema as check, appended to
    its claim table atomically under a lock, and the new claim's conflicts are
    shown.
    """
    from ffcheck.authoring.appends import NotWritten, append_claim
    from ffcheck.authoring.proposal import AddError, bounds_of, propose, suggest_id
    from ffcheck.pipeline import check_claimset

    ask = sys.stdin.isatty() if interactive is None else interactive
    claimset = _load(ctx, claims_dir)
    try:
        proposal = propose(claimset, quote, doc)
    except AddError as exc:
        _fail(ctx, str(exc))
    click.echo(f"found in {proposal.doc}, line {proposal.line}, section {proposal.section!r}")
    texts = [t for t, _ in proposal.figures]
    if figure is None:
        if len(texts) == 1:
            figure = texts[0]
        elif texts and ask:
            figure = click.prompt("figure", type=click.Choice(texts), default=texts[0])
        else:
            _fail(ctx, f"the quote holds {len(texts)} figures {texts}; choose one with --figure")
    if figure not in quote:
        _fail(ctx, f"--figure {figure!r} is not part of the quote")
    parsed = dict(proposal.figures).get(figure)
    if parsed is None:
        from ffcheck.text.numbers import parse_figure

        parsed = parse_figure(figure)
    if parsed is None:
        _fail(ctx, f"no number can be read from {figure!r}")
    guesses = {
        "subject": proposal.subject,
        "side": "unspecified",
        "measure": proposal.measure,
        "cohort": "all",
        "unit": proposal.unit,
        "as_of": proposal.as_of,
        "source": "",
    }
    row: dict[str, str] = {
        "doc": proposal.doc,
        "section": proposal.section,
        "figure": figure,
        "quote": quote,
        "group": given["group"],
        "scope": given["scope"],
        "period_start": given["period_start"],
        "period_end": given["period_end"],
        "note": given["note"],
    }
    row.update(bounds_of(parsed, given["qualifier"]))
    for name in ASKED:
        value = given.get(name)
        if value is None and ask:
            value = click.prompt(
                name.replace("_", " "), default=guesses[name] or "", show_default=True
            )
        row[name] = value if value is not None else guesses[name]
    missing = [name for name in ("subject", "measure") if not row[name]]
    if missing:
        _fail(ctx, f"cannot read {', '.join(missing)} from the text; give --{missing[0]}")
    row["claim_id"] = claim_id or suggest_id(row, set(claimset.claims["claim_id"]))
    path = target or Path(proposal.target)
    try:
        grown = run_guarded(ctx, append_claim, claimset, row, path)
    except NotWritten as exc:
        _fail(ctx, f"not added:\n{exc}")
    click.echo(
        f"added {row['claim_id']} to {path}: {row['low'] or '…'}–{row['high'] or '…'} "
        f"{row['unit']} ({row['qualifier']}), {row['subject']} {row['measure']}, "
        f"as of {row['as_of'] or 'undated'}"
    )
    report = run_guarded(ctx, check_claimset, grown, expectations_dir=expectations_dir).report
    mine = [f for f in report.findings if row["claim_id"] in {c.claim_id for c in f.claims}]
    if report.problems:
        click.echo(f"the claims folder now has {len(report.problems)} problem(s); run check")
    elif not mine:
        click.echo("it contradicts no other claim")
    for finding in mine:
        click.echo(
            f"  {finding.severity} {finding.rule} {finding.fingerprint}: "
            f"{finding.message}\n    {finding.arithmetic}"
        )


@click.command(
    epilog=exit_codes(
        clean="the review was recorded", invalid="not recorded: invalid claims or no such finding"
    )
)
@click.argument("fingerprint")
@claims_option
@expectations_option
@click.option(
    "--decision",
    required=True,
    type=click.Choice(
        ["confirmed_error", "scope_difference", "accepted_disagreement", "false_alarm"]
    ),
    help="What the reviewer decided.",
)
@click.option("--note", default="", help="Why (shown in the report).")
@click.option(
    "--reviewer",
    default=lambda: os.environ.get("USER", "reviewer"),
    show_default="$USER",
    help="Who decided.",
)
@click.option("--replace", is_flag=True, help="Change an existing review of this finding.")
@click.option("--force", is_flag=True, help="Record it even if no current finding has it.")
@click.pass_context
def review(
    ctx: click.Context,
    fingerprint: str,
    claims_dir: Path,
    expectations_dir: Path,
    decision: str,
    note: str,
    reviewer: str,
    replace: bool,
    force: bool,
) -> None:
    """Record a reviewer's decision on a finding (claims/reviews.csv, written safely).

    A reviewed finding is shown with its decision and no longer fails check.
    """
    from ffcheck.authoring.appends import NotWritten, record_review

    if not force:
        # Findings among the sound claims can be reviewed while others are stale.
        report = run_check_guarded(ctx, claims_dir, expectations_dir, progress=False).report
        if fingerprint not in {f.fingerprint for f in report.findings}:
            _fail(ctx, f"no current finding has the fingerprint {fingerprint} (use --force)")
    try:
        done = run_guarded(
            ctx, record_review, claims_dir, fingerprint, decision, note, reviewer, None, replace
        )
    except NotWritten as exc:
        _fail(ctx, str(exc))
    click.echo(f"{done} review of {fingerprint}: {decision}")


@click.command(
    epilog=exit_codes(
        clean="explained", usage="no rule or claim has that name (suggestions are printed)"
    )
)
@click.argument("name")
@claims_option
@expectations_option
@click.pass_context
def explain(ctx: click.Context, name: str, claims_dir: Path, expectations_dir: Path) -> None:
    """Explain a rule (what it checks, why, an example) or a claim (its quote in
    context, its relations and every finding that involves it)."""
    from ffcheck.render.explain import explain_claim, explain_rule

    text = run_guarded(ctx, explain_rule, name, expectations_dir)
    if text is None:
        run = run_check_guarded(ctx, claims_dir, expectations_dir, progress=False)
        known = set(run.claimset.claims["claim_id"]) if "claim_id" in run.claimset.claims else set()
        if name not in known:
            from ffcheck.consistency.registry import all_rules

            names = [r.id for r in all_rules()] + sorted(known)
            near = difflib.get_close_matches(name, names, n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise click.UsageError(f"{name!r} is neither a rule nor a claim id{hint}")
        text = run_guarded(ctx, explain_claim, run.claimset, run.report, name)
    click.echo(text)


@click.command(
    epilog=exit_codes(
        clean="no failing finding", findings="failing findings (new ones only with --fail-on-new)"
    )
)
@claims_option
@expectations_option
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="A saved run: the output of check --format json.",
)
@text_or_json_option
@click.option(
    "--fail-on-new",
    is_flag=True,
    help="Fail only on new findings (at or above --fail-on), not on known ones.",
)
@fail_on_option
@click.pass_context
def diff(
    ctx: click.Context,
    claims_dir: Path,
    expectations_dir: Path,
    baseline: Path,
    fmt: str,
    fail_on_new: bool,
    fail_on: str,
) -> None:
    """Compare this run's findings with a saved run: new, resolved, unchanged.

    With --fail-on-new, a team adopts ffcheck on a document with known problems:
    only findings that are not in the baseline fail.
    """
    try:
        saved = json.loads(baseline.read_text(encoding="utf-8"))
        old = {f["fingerprint"]: f for f in saved["findings"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        _fail(ctx, f"{baseline}: not a saved run of check --format json ({exc})")
    report = run_check_guarded(ctx, claims_dir, expectations_dir, progress=False).report
    # A finding matches the baseline by any fingerprint it is known by (former rule
    # names, older ffcheck versions), so a baseline saved before an upgrade still holds.
    matched = {
        f.fingerprint: next((k for k in f.known_fingerprints if k in old), None)
        for f in report.findings
    }
    now = {f.fingerprint: f for f in report.findings}
    new = [now[k] for k in now if matched[k] is None]
    seen = set(matched.values())
    resolved = [old[k] for k in old if k not in seen]
    unchanged = [now[k] for k in now if matched[k] is not None]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "new": [f.to_dict() for f in new],
                    "resolved": resolved,
                    "unchanged": [f.fingerprint for f in unchanged],
                },
                indent=2,
            )
        )
    else:
        for label, items in (("new", new), ("unchanged", unchanged)):
            for f in items:
                click.echo(f"{label:<9} {f.severity:<7} {f.fingerprint} {f.rule}: {f.message}")
        for f in resolved:
            click.echo(
                f"resolved  {f['severity']:<7} {f['fingerprint']} {f['rule']}: {f['message']}"
            )
        click.echo(f"{len(new)} new, {len(resolved)} resolved, {len(unchanged)} unchanged")
    if not report.valid:
        # The comparison above covers the sound claims; the input still needs attention.
        click.echo(
            f"ffcheck: {len(report.problems)} input problem(s), {len(report.set_aside)} "
            "claim(s) set aside from the rules; run check",
            err=True,
        )
        ctx.exit(EXIT_INVALID)
    failing = report.failing(fail_on, new if fail_on_new else None)
    ctx.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)
