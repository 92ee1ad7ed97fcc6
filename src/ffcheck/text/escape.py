"""Make untrusted text safe for an output medium.

A claim's quote, source or note is data written by anyone who can open a pull
request: printed raw it could move a terminal's cursor (ESC, CSI), ring a bell,
start a GitHub workflow command on a new line, or make XML not well-formed.
Each medium gets the text with those characters shown visibly instead.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; line and paragraph separators; bidirectional
# overrides and isolates (they reorder what a reviewer sees: "Trojan source").
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What XML 1.0 cannot hold at all (tab, newline and carriage return it can).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """One line of terminal-safe text: every control character as a visible escape."""
    return _INVISIBLE.sub(_shown, text)


def xml_safe(text: str) -> str:
    """Text XML 1.0 can hold: the characters it forbids as visible escapes."""
    return _XML_ILLEGAL.sub(_shown, text)
