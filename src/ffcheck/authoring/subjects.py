"""Whom a proposed figure counts: the subject reader of `propose`.

Names come from the gazetteer (``Lexicon.mentions``); the rules below say which
name of the sentence is the figure's own, which is only where it happened, who said
it, or an attribute, and how a list of places reads as one subject.
"""

from __future__ import annotations

import re

from ffcheck.authoring.readers import (
    BEFORE,
    DEFAULT,
    NEAR,
    SECTION,
    SURE,
    Lexicon,
    Mention,
    nearest,
)

# Words before a place that make it where something happened, not whom it is about.
DESTINATION_RE = re.compile(r"\b(?:in|to|into|inside|within|across|towards?)\s+(?:the\s+)?$")
ORIGIN_RE = re.compile(r"\bfrom\s+(?:the\s+)?$")
# Words after a people's name that make it an attribute: "of Moroccan descent".
ATTRIBUTE_RE = re.compile(r"(?:\s+(?:descent|origin|background|backgrounds|heritage)\b|-born\b)")
# Where the figure's phrase ends: "135, which was less than both France and Germany".
CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s*(?:which|who|while|but|whereas)\b")
# "many of whom fought": a part of the people counted just before (not "19 of whom
# were Tunisian", which names its own).
OF_WHOM_RE = re.compile(r"\s+of\s+(?:whom|them|these|those)\b(?!\s+(?:were|are|was|is)\b)")


def pick_subject(
    lexicon: Lexicon,
    sentence: str,
    at: int,
    end: int,
    before: str,
    section: str,
    venues: set[str],
    speaker: tuple[int, int] | None = None,
    title: str = "",
) -> tuple[str, float]:
    """Whom the figure is about. Places named in the document's title (the
    conflict's venue) and places after "in"/"to" are where things happen, so
    they come last; "from X" and a name right after the figure come first.
    A place inside the name of who says it ("the U.S. State Department") is
    not whom it is about."""
    value, sure = _pick_subject_of(
        lexicon, sentence, at, end, before, section, venues, speaker, title
    )
    # "Serbia's Sandžak region": a place of the vocabulary inside the chosen country,
    # named in the same sentence, is the more precise subject.
    inside = [
        m
        for m in lexicon.mentions(sentence, ["subject"])
        if lexicon.subnational.get(m.value) == value
    ]
    return (inside[0].value, sure) if inside else (value, sure)


# Between the names of a list: ", ", " and ", ", and the ".
LIST_GAP_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?")


def _lists(
    lexicon: Lexicon, sentence: str, found: list[Mention]
) -> tuple[list[Mention], dict[Mention, int]]:
    """Mentions with each list of places ("Libya, Tunisia, and Algeria") read as one:
    the subject whose members are exactly those places when the vocabulary has one,
    and each name's list start, where "from"/"into" tells what the whole list is."""
    runs: list[list[Mention]] = []
    for m in found:
        if runs and LIST_GAP_RE.fullmatch(sentence[runs[-1][-1].end : m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    out: list[Mention] = []
    head: dict[Mention, int] = {}
    for run in runs:
        named = {m.value for m in run}
        whole = [r for r, members in lexicon.listed.items() if len(named) > 1 and members == named]
        if whole:
            run = [Mention(run[0].start, run[-1].end, "subject", whole[0])]
        for m in run:
            out.append(m)
            head[m] = run[0].start
    return out, head


def _pick_subject_of(
    lexicon: Lexicon,
    sentence: str,
    at: int,
    end: int,
    before: str,
    section: str,
    venues: set[str],
    speaker: tuple[int, int] | None,
    title: str,
) -> tuple[str, float]:
    named = lexicon.mentions(sentence, ["subject"])
    # "about 300 Iraqis": people named right after a number are whom it counts, even
    # when they are the venue's ("Syrian trained fighters" is where, not who).
    on_figure = [
        m
        for m in named
        if 0 <= m.start - end <= 1
        and sentence[m.end - 1] == "s"
        and any(c.isdigit() for c in sentence[at:end])
    ]
    if on_figure:
        return on_figure[0].value, SURE
    # Lists first, so that "Lebanese, Iraqis, Palestinians and Jordanians" stays one
    # list although Iraq is a venue; then the venues' own names are dropped.
    listed, head = _lists(
        lexicon,
        sentence,
        [
            m
            for m in named
            if not (speaker and speaker[0] <= m.start < speaker[1])
            and not ATTRIBUTE_RE.match(sentence, m.end)
        ],
    )
    found = [m for m in listed if m.value not in venues]
    # "Of Western Europe's estimated 5000": the owner named right before the figure.
    owner = [
        m for m in found if 0 <= at - m.end <= 3 and sentence[m.end : at].startswith(("'s", "’s"))
    ]
    if owner:
        return owner[0].value, SURE
    # "...; Saudis numbered at least 330; several hundred Egyptian Islamists; ...":
    # a name in the figure's own clause comes before those of the others.
    semicolon = sentence.find(";", end)
    clause = (sentence.rfind(";", 0, at) + 1, semicolon if semicolon != -1 else len(sentence))
    in_clause = [m for m in found if clause[0] <= m.start and m.end <= clause[1]]
    found = in_clause or found
    origins = [
        m
        for m in found
        if ORIGIN_RE.search(sentence[: head[m]]) and min(abs(m.start - end), abs(at - m.end)) < 80
    ]
    people = [m for m in found if not DESTINATION_RE.search(sentence[: head[m]])]
    own = [m for m in people if at <= m.start and m.end <= end]  # "a Kazakh"
    if own:
        return own[0].value, SURE
    right_after = [
        m
        for m in people
        if 0 <= m.start - end <= 30 and not CLAUSE_BREAK_RE.search(sentence[end : m.start])
    ]
    if right_after:
        return right_after[0].value, SURE
    if origins:
        return nearest(origins, at, end).value, SURE  # type: ignore[union-attr]
    # A heading naming the venue ("Iraq") is about that country's own fighters.
    heading = [m.value for m in lexicon.mentions(section, ["subject"]) if m.value not in venues]
    if not heading and section != title:
        heading = [m.value for m in lexicon.mentions(section, ["subject"])]
    if heading:
        # "Malaysians" under the heading "Southeast Asia": the member is more precise.
        members = [m for m in people if m.value in lexicon.members.get(heading[0], set())]
        if members:
            return nearest(members, at, end).value, NEAR  # type: ignore[union-attr]
        return heading[0], SECTION
    if people:
        one_clause = bool(in_clause) and clause != (0, len(sentence))
        return nearest(people, at, end).value, SURE if one_clause else NEAR  # type: ignore[union-attr]
    earlier = [
        m
        for m in lexicon.mentions(before, ["subject"])
        if not DESTINATION_RE.search(before[: m.start]) and m.value not in venues
    ]
    if earlier:
        return earlier[-1].value, BEFORE
    if found:
        # Only a place where it happened ("waved thrice in Jammu and Kashmir"): that place.
        return nearest(found, at, end).value, BEFORE  # type: ignore[union-attr]
    return lexicon.root_subject, DEFAULT
