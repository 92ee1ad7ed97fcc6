"""The contributor's and reviewer's commands: add, propose, review, explain, diff."""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
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
from ffcheck.problems import UserError
from ffcheck.text.escape import visible

# Asked in this order; each answer is checked when given (cli/fields.py).
ASKED = [
    "subject",
    "side",
    "group",
    "cohort",
    "measure",
    "scope",
    "qualifier",
    "unit",
    "as_of",
    "period_start",
    "period_end",
    "source",
    "note",
]


def _load(ctx: click.Context, claims_dir: Path, allow_empty: bool = False) -> Any:
    """The claims folder, or exit 2 with its problems (a new folder may have no claims yet)."""
    import dataclasses

    from ffcheck.tables.load import load_claimset

    claimset = run_guarded(ctx, load_claimset, claims_dir)
    if allow_empty:
        kept = [p for p in claimset.problems if p.code != "empty-folder"]
        claimset = dataclasses.replace(claimset, problems=kept)
    if claimset.problems:
        for problem in claimset.problems:
            click.echo(visible(str(problem)), err=True)
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
@click.option("--group", help="Armed group the figure is limited to (empty: none).")
@click.option("--cohort", help="Sub-population (default: all).")
@click.option("--measure", help="What is counted (vocab/measures.csv).")
@click.option("--scope", help="Tag keeping apart different counts of one measure.")
@click.option("--qualifier", help="Override the qualifier read from the figure's words.")
@click.option("--low", help="Low bound, when not what the figure says (needs a bounds: note).")
@click.option("--high", help="High bound, when not what the figure says (needs a bounds: note).")
@click.option("--unit", help="Unit (default: read from the text).")
@click.option("--as-of", "as_of", help="YYYY, YYYY-MM or YYYY-MM-DD (default: read from the text).")
@click.option("--period-start", help="Start of the period a flow or count covers.")
@click.option("--period-end", help="End of that period.")
@click.option("--source", help="Whom the text attributes the figure to.")
@click.option("--note", help="How the row reads the text ('bounds: why' when --low/--high differ).")
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
    from ffcheck.authoring.appends import append_claim
    from ffcheck.authoring.proposal import AddError, propose, suggest_id
    from ffcheck.authoring.propose import guess_fields
    from ffcheck.pipeline import check_claimset

    ask = sys.stdin.isatty() if interactive is None else interactive
    claimset = _load(ctx, claims_dir)
    try:
        proposal = propose(claimset, quote, doc)
    except AddError as exc:
        _fail(ctx, str(exc))
    click.echo(f"found in {proposal.doc}, line {proposal.line}, section {proposal.section!r}")
    figure = _choose_figure(ctx, [t for t, _ in proposal.figures], figure, ask)
    if figure not in quote:
        _fail(ctx, f"--figure {figure!r} is not part of the quote")
    start = proposal.offset + quote.find(figure)
    _warn_if_ignored(ctx, claimset, proposal.doc, start, start + len(figure), ask)
    row = _bounds(ctx, proposal, figure, given, ask)
    if row["note"]:
        given["note"] = row["note"]  # the stated reason for overridden bounds
    guesses = {
        "side": "unspecified",
        "cohort": "all",
        **{k: v for k, v in guess_fields(claimset, proposal.doc, start, start + 1).items() if v},
        "qualifier": row["qualifier"],
        "note": row.get("note", ""),
        "scope": "",
    }
    row.update(doc=proposal.doc, section=proposal.section, figure=figure, quote=quote)
    row.update(_answers(ctx, claimset, given, guesses, ask))
    missing = [name for name in ("subject", "measure") if not row[name]]
    if missing:
        _fail(ctx, f"cannot read {', '.join(missing)} from the text; give --{missing[0]}")
    row["claim_id"] = claim_id or suggest_id(row, set(claimset.claims["claim_id"]))
    path = target or Path(proposal.target)
    try:
        grown = run_guarded(ctx, append_claim, claimset, row, path)
    except UserError as exc:  # NotWritten, or a target that cannot be written
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


def _choose_figure(ctx: click.Context, texts: list[str], figure: str | None, ask: bool) -> str:
    """The figure meant: given, the only one, or chosen from those the quote holds."""
    if figure is not None:
        return figure
    if len(texts) == 1:
        return texts[0]
    if texts and ask:
        for number, text in enumerate(texts, start=1):
            click.echo(f"  {number}. {text}")
        choice = click.prompt(
            "the quote holds several figures; which one is meant",
            type=click.IntRange(1, len(texts)),
        )
        return texts[choice - 1]
    _fail(ctx, f"the quote holds {len(texts)} figures {texts}; choose one with --figure")


def _warn_if_ignored(
    ctx: click.Context, claimset: Any, doc_id: str, start: int, end: int, ask: bool
) -> None:
    """A number listed in coverage_ignore.csv is, by its reason, not a claim: say so."""
    from ffcheck.authoring.coverage import ignored_spans

    spans, _ = ignored_spans(claimset, doc_id)
    document = claimset.documents[doc_id]
    for s, e, reason in spans:
        if start <= s and e <= end:
            click.echo(
                f"warning: {document.text[s:e]!r} in this figure is listed in "
                f"coverage_ignore.csv as not a claim: {reason}",
                err=True,
            )
            if ask and not click.confirm("add it anyway?", default=False):
                raise click.Abort


def _bounds(
    ctx: click.Context, proposal: Any, figure: str, given: dict[str, Any], ask: bool
) -> dict[str, str]:
    """Low, high and qualifier from the figure's words; --low/--high override with a reason."""
    from ffcheck.authoring.proposal import bounds_of
    from ffcheck.cli.fields import Bound
    from ffcheck.text.numbers import BOUNDS_REASON_RE, parse_figure

    parsed = dict(proposal.figures).get(figure) or parse_figure(figure)
    if parsed is None:
        _fail(ctx, f"no number can be read from {figure!r}")
    row = bounds_of(parsed, None)
    note = given.get("note") or ""
    for name in ("low", "high"):
        if given.get(name) is not None:
            try:
                value = Bound().convert(given[name], None, ctx)
            except click.BadParameter as exc:
                _fail(ctx, f"--{name}: {exc.message}")
            if value != row[name]:
                row[name] = value
                if not BOUNDS_REASON_RE.search(note):
                    if not ask:
                        _fail(
                            ctx,
                            f"--{name} {value!r} differs from what {figure!r} says "
                            f"({row[name]!r}); give the reason with --note 'bounds: <why>'",
                        )
                    reason = click.prompt("why do the bounds differ from the figure's words")
                    note = f"bounds: {reason}" + (f"; {note}" if note else "")
    row["note"] = note
    return row


def _answers(
    ctx: click.Context, claimset: Any, given: dict[str, Any], guesses: dict[str, str], ask: bool
) -> dict[str, str]:
    """Every asked column: from its option, else asked (checked as typed), else the guess."""
    from ffcheck.cli.fields import column_types, split_date_span

    types = column_types(claimset.vocab)
    out: dict[str, str] = {}
    for name in ASKED:
        if name in out:
            continue
        value = given.get(name)
        if value is None and ask:
            value = click.prompt(
                name.replace("_", " "),
                default=guesses.get(name, ""),
                type=types[name],
                show_default=True,
            )
        if value is None:
            value = guesses.get(name, "")
        span = split_date_span(value) if name == "as_of" else None
        if span:
            # A span given as a date is a period: its end dates the figure.
            out["as_of"], out["period_start"], out["period_end"] = span
            click.echo(f"as of {value!r} is a span: period {span[1]} to {span[2]}, as of {span[0]}")
            continue
        try:
            out[name] = types[name].convert(value, None, ctx) if value else ""
        except click.BadParameter as exc:
            _fail(ctx, f"--{name.replace('_', '-')}: {exc.message}")
    return out


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
    from ffcheck.authoring.appends import record_review

    if not force:
        # Findings among the sound claims can be reviewed while others are stale.
        report = run_check_guarded(ctx, claims_dir, expectations_dir, progress=False).report
        if fingerprint not in {f.fingerprint for f in report.findings}:
            _fail(ctx, f"no current finding has the fingerprint {fingerprint} (use --force)")
    try:
        done = run_guarded(
            ctx, record_review, claims_dir, fingerprint, decision, note, reviewer, None, replace
        )
    except UserError as exc:
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
    from ffcheck.consistency.baseline import read_baseline

    try:
        old = read_baseline(baseline)
    except UserError as exc:
        _fail(ctx, str(exc))
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
                click.echo(
                    visible(f"{label:<9} {f.severity:<7} {f.fingerprint} {f.rule}: {f.message}")
                )
        for f in resolved:
            click.echo(
                visible(
                    f"resolved  {f['severity']:<7} {f['fingerprint']} {f['rule']}: {f['message']}"
                )
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


@click.command(
    "propose",
    epilog=exit_codes(
        clean="proposals written (or walked through)",
        invalid="the claims folder is invalid, or an accepted row did not validate",
        usage="no such document or section, or the prompts were aborted",
    ),
)
@claims_option
@click.option("--doc", help="Only this document (an id of documents.csv).")
@click.option("--section", help="Only this section (a heading, exactly as in the document).")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="CSV file for the proposals ('-': standard output).",
)
@click.option(
    "--confidence/--no-confidence",
    default=True,
    show_default=True,
    help="Add the confidence_<field> columns (without them, the file is a claim table).",
)
@click.option(
    "--add-subjects",
    is_flag=True,
    help="Append the countries the proposals name to vocab/subjects.csv (written safely).",
)
@click.option(
    "--interactive",
    is_flag=True,
    help="Walk the proposals: accept (append, validated, under the lock), edit or skip.",
)
@click.pass_context
def propose(
    ctx: click.Context,
    claims_dir: Path,
    doc: str | None,
    section: str | None,
    out: Path,
    confidence: bool,
    add_subjects: bool,
    interactive: bool,
) -> None:
    """Propose a claim row for every number that coverage lists as uncovered.

    Each row is read from the figure's sentence and the one before: figure,
    bounds, qualifier and unit by the figure grammar; subject from country
    names (pycountry), vocab/subjects.csv and vocab/aliases.csv; measure from
    vocab/measure_words.csv; side, group and cohort from aliases; as_of,
    period and source from the words. Each field has a confidence column
    (confidence_<field>, 0-1): review the low ones first.
    """
    from ffcheck.authoring.propose import PROPOSAL_COLUMNS, missing_subjects, propose_uncovered
    from ffcheck.tables.load import CLAIM_COLUMNS

    claimset = _load(ctx, claims_dir, allow_empty=True)
    _check_scope(claimset, doc, section)
    proposals, unread = run_guarded(ctx, propose_uncovered, claimset, doc, section)
    click.echo(f"{len(proposals)} proposal(s) for uncovered figures", err=True)
    for number in unread:
        click.echo(
            f"not proposed (no figure holds it): {number.doc}:{number.line}: {number.number!r} "
            f"in: {number.sentence}",
            err=True,
        )
    needed = missing_subjects(claimset, proposals)
    if needed and add_subjects:
        from ffcheck.tables.safe_write import claims_lock, replace_bytes

        path = claims_dir / "vocab" / "subjects.csv"
        with claims_lock(claims_dir):
            old = path.read_bytes()
            glue = b"" if old.endswith(b"\n") else b"\n"
            replace_bytes(path, old + glue + "".join(f"{r}\n" for r in needed).encode("utf-8"))
        click.echo(f"added to {path}:\n" + "\n".join(needed), err=True)
    elif needed:
        click.echo("subjects to add to vocab/subjects.csv:\n" + "\n".join(needed), err=True)
    if interactive:
        _walk(ctx, claimset, proposals)
        return
    buffer = io.StringIO()
    columns = PROPOSAL_COLUMNS if confidence else CLAIM_COLUMNS
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(p.record() for p in proposals)
    if str(out) == "-":
        click.echo(buffer.getvalue(), nl=False)
    else:
        from ffcheck.tables.safe_write import replace_bytes

        run_guarded(ctx, replace_bytes, out, buffer.getvalue().encode("utf-8"))
        click.echo(f"wrote {out}", err=True)


def _check_scope(claimset: Any, doc: str | None, section: str | None) -> None:
    """An unknown document or heading is a usage error that names what exists."""
    if doc and doc not in claimset.documents:
        raise click.UsageError(f"no document {doc!r}; documents: {', '.join(claimset.documents)}")
    if section is None:
        return
    documents = [claimset.documents[doc]] if doc else list(claimset.documents.values())
    headings = [s.title for d in documents for s in d.sections]
    if section not in headings:
        near = difflib.get_close_matches(section, headings, n=3, cutoff=0.5)
        hint = f"; the headings found nearest are: {', '.join(map(repr, near))}" if near else ""
        raise click.UsageError(f"no heading {section!r} in the document{hint}")


def _walk(ctx: click.Context, claimset: Any, proposals: list[Any]) -> None:
    """Accept, edit or skip each proposal; an accepted row is appended like `add` does."""
    from ffcheck.authoring.appends import append_claim
    from ffcheck.cli.fields import column_types

    types = column_types(claimset.vocab)
    added = 0
    for number, proposal in enumerate(proposals, start=1):
        row = proposal.row
        click.echo(f"\n[{number}/{len(proposals)}] {row['quote']}")
        for name in dict.fromkeys(("figure", "low", "high", *ASKED[:-1])):
            sure = proposal.confidence.get(re.sub(r"period_(start|end)", "period", name))
            shown = f"  (confidence {sure:.1f})" if sure is not None else ""
            click.echo(f"  {name:<12} {row.get(name, '')!s}{shown}")
        while True:
            action = click.prompt(
                "accept, edit, skip or quit",
                type=click.Choice(["a", "e", "s", "q"]),
                default="s",
            )
            if action == "q":
                click.echo(f"{added} claim(s) added")
                return
            if action == "s":
                break
            if action == "e":
                for name in ("low", "high", *ASKED):
                    row[name] = click.prompt(
                        name.replace("_", " "),
                        default=row.get(name, ""),
                        type=types[name],
                        show_default=True,
                    )
                continue
            try:
                claimset = run_guarded(ctx, append_claim, claimset, row, Path(row["_file"]))
            except UserError as exc:  # NotWritten, or a target that cannot be written
                click.echo(f"not added:\n{exc}\n(edit it, or skip)")
                continue
            added += 1
            click.echo(f"added {row['claim_id']} to {row['_file']}")
            break
    click.echo(f"{added} claim(s) added")


@click.command(
    "init",
    epilog=exit_codes(
        clean="the claims folder was created",
        invalid="the document cannot be read",
        usage="the folder exists and is not empty",
    ),
)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--document",
    "text",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="The document as plain UTF-8 text (copied into FOLDER/sources/).",
)
@click.option("--doc", "doc_id", required=True, help="A short id for the document.")
@click.option("--title", required=True, help="The document's title.")
@click.option("--licence", default="", help="Its licence or origin.")
@click.option("--frame-start", default="1900-01-01", show_default=True, help="Earliest date.")
@click.option("--frame-end", default="2100-12-31", show_default=True, help="Latest date.")
@click.pass_context
def init(
    ctx: click.Context,
    folder: Path,
    text: Path,
    doc_id: str,
    title: str,
    licence: str,
    frame_start: str,
    frame_end: str,
) -> None:
    """Start a claims folder for a new document, with a neutral starter vocabulary.

    FOLDER gets documents.csv, sources/ with the text, and vocab/ (sides
    side_a/side_b/unspecified, an all-subjects root, placeholder subjects for
    unnamed table rows, common measures, units and qualifiers). Then run
    `ffcheck propose --claims FOLDER --no-confidence --out FOLDER/<part>.csv`.
    """
    import shutil
    from importlib.resources import files

    if folder.exists() and any(folder.iterdir()):
        raise click.UsageError(f"{folder} exists and is not empty")
    try:
        body = text.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(ctx, f"{text}: not readable as UTF-8 text ({exc})")
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / text.name).write_text(body, encoding="utf-8")
    starter = files("ffcheck") / "starter" / "vocab"
    (folder / "vocab").mkdir()
    for item in starter.iterdir():
        if item.name.endswith(".csv"):
            with item.open("rb") as source, (folder / "vocab" / item.name).open("wb") as out:
                shutil.copyfileobj(source, out)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["doc", "path", "title", "licence", "frame_start", "frame_end"])
    writer.writerow([doc_id, f"sources/{text.name}", title, licence, frame_start, frame_end])
    (folder / "documents.csv").write_text(buffer.getvalue(), encoding="utf-8")
    click.echo(f"created {folder} for document {doc_id!r}; next: ffcheck propose --claims {folder}")
