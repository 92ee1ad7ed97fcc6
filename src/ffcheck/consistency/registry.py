"""Which rules exist: the modules of ``ffcheck.consistency.rules`` plus any plugin's.

A rule is found, not listed: every module in the rules package that defines
``RULE``, ``derive`` and ``describe`` is one, and a plugin package adds rules
through the ``ffcheck.rules`` entry-point group (each entry point names a
module of the same shape). Each rule's docstring is parsed once, here, into
its summary, "Why" and "Example" parts; every renderer reads them from here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from types import ModuleType

from ffcheck.consistency import rules as rules_package
from ffcheck.consistency.rules.base import Rule

ENTRY_POINT_GROUP = "ffcheck.rules"
NOT_RULES = {"base"}


@dataclass(frozen=True)
class RuleDoc:
    summary: str
    why: str
    example: str


@dataclass(frozen=True)
class RegisteredRule:
    module: ModuleType
    rule: Rule
    doc: RuleDoc

    @property
    def id(self) -> str:
        return self.rule.id


def parse_doc(text: str) -> RuleDoc:
    """Split a rule docstring: first line, then ``Why:`` ... ``Example:`` ...

    >>> parse_doc("Parts fit.\\n\\nWhy: sums.\\nExample: 1 + 1 = 2.")
    RuleDoc(summary='Parts fit.', why='sums.', example='1 + 1 = 2.')
    """
    text = text.strip().replace("``", "")
    summary, _, rest = text.partition("\n")
    why = rest.split("Why:", 1)[1].split("Example:", 1)[0] if "Why:" in rest else ""
    example = rest.split("Example:", 1)[1] if "Example:" in rest else ""
    return RuleDoc(summary.strip(), " ".join(why.split()), " ".join(example.split()))


def _is_rule(module: ModuleType) -> bool:
    return all(hasattr(module, name) for name in ("RULE", "derive", "describe"))


def _register(module: ModuleType) -> RegisteredRule:
    return RegisteredRule(module, module.RULE, parse_doc(module.__doc__ or ""))


@lru_cache(maxsize=1)
def all_rules() -> tuple[RegisteredRule, ...]:
    """Built-in rules in module-name order, then plugins' rules in entry-point order."""
    found: list[ModuleType] = []
    for info in sorted(pkgutil.iter_modules(rules_package.__path__), key=lambda i: i.name):
        if info.name in NOT_RULES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{rules_package.__name__}.{info.name}")
        if _is_rule(module):
            found.append(module)
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        module = entry.load()
        if _is_rule(module) and module not in found:
            found.append(module)
    registered = [_register(m) for m in found]
    seen: dict[str, str] = {}
    for item in registered:
        for name in (item.id, *item.rule.aliases):
            if name in seen:
                raise ValueError(f"rule name {name!r} is used by {seen[name]} and {item.id}")
            seen[name] = item.id
    return tuple(registered)


def canonical(name: str) -> str | None:
    """The current id of a rule named by its id or one of its old names (aliases)."""
    for item in all_rules():
        if name == item.id or name in item.rule.aliases:
            return item.id
    return None


def select(include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[RegisteredRule]:
    """The rules to run: all, or only ``include``, minus ``exclude`` (ids or aliases).

    Raises ``KeyError`` with the unknown name so the CLI can say which one it was.
    """
    for name in (*include, *exclude):
        if canonical(name) is None:
            raise KeyError(name)
    wanted = {canonical(n) for n in include}
    dropped = {canonical(n) for n in exclude}
    return [r for r in all_rules() if (not wanted or r.id in wanted) and r.id not in dropped]


def rule_docs() -> dict[str, dict[str, str]]:
    """Each rule's title, origin and parsed docstring, for the report and SARIF."""
    return {
        r.id: {
            "title": r.rule.title,
            "summary": r.doc.summary,
            "why": r.doc.why,
            "example": r.doc.example,
            "origin": r.rule.origin,
        }
        for r in all_rules()
    }
