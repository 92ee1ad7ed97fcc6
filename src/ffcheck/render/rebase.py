"""The text of ``ffcheck rebase``: what a new revision does to each claim."""

from __future__ import annotations

from typing import Any


def render_outcome(outcome: Any) -> list[str]:
    where = f"{outcome.file}:{outcome.line}"
    moved = (
        f" (line {outcome.old_line} -> {outcome.new_line})"
        if outcome.status == "moved" and outcome.old_line != outcome.new_line
        else ""
    )
    out = [f"{outcome.status:<9} {outcome.claim_id} ({where}){moved}"]
    if outcome.status == "changed":
        out.append(
            f"          new sentence (similarity {outcome.similarity}): {outcome.new_sentence}"
        )
    for change in outcome.changes:
        out.append(f"          {change.field}: {change.old!r} -> {change.new!r}")
    out += [f"          {note}" for note in outcome.notes]
    if outcome.status in {"unchanged", "moved"} and outcome.new_sentence:
        out.append(f"          sentence now: {outcome.new_sentence}")
    return out


def render_plan(plan: Any) -> str:
    counts = plan.counts()
    out = [
        f"rebase {plan.doc}: "
        + ", ".join(f"{counts[s]} {s}" for s in ("unchanged", "moved", "changed", "gone"))
    ]
    order = {"gone": 0, "changed": 1, "moved": 2, "unchanged": 3}
    for outcome in sorted(plan.outcomes, key=lambda o: (order[o.status], o.file, o.line)):
        if outcome.status == "unchanged" and not outcome.notes:
            continue
        if outcome.status == "moved" and not outcome.notes:
            continue
        out += render_outcome(outcome)
    quiet = sum(1 for o in plan.outcomes if o.status in {"unchanged", "moved"} and not o.notes)
    if quiet:
        out.append(f"({quiet} unchanged or moved claims need nothing; --format json lists all)")
    return "\n".join(out)
