"""Suites are data, never code: the allow-list a suite must pass before GX sees it.

GX evaluates some expectation arguments: a ``row_condition`` reaches pandas
``query`` (a string starting with ``@`` walks into module globals and can run a
shell command), and evaluation parameters are resolved at run time. So a suite
may hold only the expectation types its rule needs, each with only plain
arguments (column names, numbers, booleans), and ``meta`` with string values;
anything else — ``row_condition``, ``condition_parser``, an unknown key anywhere,
an empty list of expectations, a key written twice — is refused with the
offending key and the JSON line it stands on. The check is a JSON Schema
(``jsonschema``), so what is allowed is written once, as data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml
from jsonschema import Draft202012Validator

COLUMN = {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]{0,99}$"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
MOSTLY = {"type": "number", "minimum": 0, "maximum": 1}
SCALAR_LIST = {
    "type": "array",
    "maxItems": 1000,
    "items": {"type": ["string", "number", "boolean"]},
}

# The built-in expectations a derived table is checked with, and the only
# arguments each may take (no row_condition, condition_parser, result_format,
# catch_exceptions, evaluation parameters given as objects).
EXPECTATION_KWARGS: dict[str, dict[str, Any]] = {
    "expect_column_pair_values_a_to_be_greater_than_b": {
        "required": ["column_A", "column_B"],
        "properties": {
            "column_A": COLUMN,
            "column_B": COLUMN,
            "or_equal": BOOLEAN,
            "mostly": MOSTLY,
        },
    },
    "expect_column_values_to_be_between": {
        "required": ["column"],
        "properties": {
            "column": COLUMN,
            "min_value": NUMBER,
            "max_value": NUMBER,
            "strict_min": BOOLEAN,
            "strict_max": BOOLEAN,
            "mostly": MOSTLY,
        },
    },
    "expect_column_values_to_be_in_set": {
        "required": ["column", "value_set"],
        "properties": {"column": COLUMN, "value_set": SCALAR_LIST, "mostly": MOSTLY},
    },
    "expect_column_values_to_be_increasing": {
        "required": ["column"],
        "properties": {"column": COLUMN, "strictly": BOOLEAN, "mostly": MOSTLY},
    },
    "expect_multicolumn_sum_to_equal": {
        "required": ["column_list", "sum_total"],
        "properties": {
            "column_list": {"type": "array", "minItems": 1, "maxItems": 100, "items": COLUMN},
            "sum_total": NUMBER,
            "mostly": MOSTLY,
        },
    },
}
PAIR = "expect_column_pair_values_a_to_be_greater_than_b"
# What each bundled rule's suite uses today; a rule not listed here (a new rule
# or a plugin's) may use any expectation of EXPECTATION_KWARGS.
RULE_EXPECTATIONS: dict[str, tuple[str, ...]] = {
    "arithmetic-fails": ("expect_column_values_to_be_between",),
    "measure-exceeds-bound": (PAIR,),
    "part-exceeds-whole": (PAIR,),
    "ranking-violated": (PAIR,),
    "rate-exceeds-total": (PAIR,),
    "ratio-mismatch": (PAIR, "expect_column_values_to_be_between"),
    "region-exceeds": (PAIR,),
    "same-quantity-differs": (PAIR,),
    "sample-as-population": (PAIR,),
    "series-decreases": ("expect_column_values_to_be_between",),
    "side-differs-in-paragraph": ("expect_column_values_to_be_between",),
    "source-or-date-unrecorded": (PAIR,),
    "sources-disagree": (PAIR,),
    "sum-mismatch": (PAIR,),
    "total-outruns-rate": ("expect_column_values_to_be_between",),
    "implied-base-disagrees": (PAIR,),
}
TEXT = {"type": "string", "maxLength": 2000}


def _meta(*keys: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {key: TEXT for key in keys},
    }


def suite_schema(rule_id: str) -> dict[str, Any]:
    """The JSON Schema a suite of ``rule_id`` must satisfy."""
    types = RULE_EXPECTATIONS.get(rule_id, tuple(EXPECTATION_KWARGS))
    per_type = [
        {
            "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
            "then": {
                "properties": {
                    "kwargs": {
                        "type": "object",
                        "additionalProperties": False,
                        **EXPECTATION_KWARGS[name],
                    }
                }
            },
        }
        for name in types
    ]
    expectation = {
        "type": "object",
        "additionalProperties": False,
        "required": ["type", "kwargs"],
        "properties": {
            "type": {"enum": list(types)},
            "kwargs": {"type": "object"},
            "meta": _meta("severity", "explains", "reading"),
        },
        "allOf": per_type,
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["expectations"],
        "properties": {
            "name": TEXT,
            "meta": _meta("rule", "severity", "explains"),
            "expectations": {
                "type": "array",
                "minItems": 1,
                "maxItems": 100,
                "items": expectation,
            },
        },
    }


class DuplicateKey(ValueError):
    """A JSON object names one key twice (json keeps the last one silently)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def parse_suite_json(text: str) -> Any:
    """``json.loads`` refusing duplicated keys (raises DuplicateKey, JSONDecodeError,
    RecursionError)."""
    return json.loads(text, object_pairs_hook=_unique_keys)


def key_path(path: Any) -> str:
    """``expectations[0].kwargs.row_condition`` for a JSON path."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def schema_errors(data: Any, rule_id: str) -> Iterator[tuple[list[str | int], str]]:
    """Each violation of the allow-list: (path to the offending key, message)."""
    validator = Draft202012Validator(suite_schema(rule_id))
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        path: list[str | int] = list(error.path)
        if error.validator == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            extra = sorted(k for k in error.instance if k not in allowed)
            for key in extra:
                where = key_path([*path, key])
                yield (
                    [*path, key],
                    (f"{where!s} is not allowed here (allowed: {', '.join(sorted(allowed))})"),
                )
            continue
        where = key_path(path) or "the suite"
        yield path, f"{where}: {error.message}"


def line_of(text: str, path: list[str | int], key_only: bool = True) -> int | None:
    """The 1-based line of the key (or item) at ``path`` in the JSON ``text``.

    JSON is YAML, and YAML's composer keeps each node's position, so the line is
    read with PyYAML rather than by searching the text; None when it cannot be.
    """
    try:
        node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None
    mark = node.start_mark if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if k.value == step]
            if not found:
                return None
            key, node = found[-1]
            mark = key.start_mark
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return None
            node = node.value[step]
            mark = node.start_mark
        else:
            return None
    return None if mark is None else mark.line + 1


def duplicate_key_line(text: str, key: str) -> int | None:
    """The line of the second occurrence of ``key`` within one object of ``text``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [k for k, _ in node.value if k.value == key]
            if len(keys) > 1:
                return int(keys[1].start_mark.line) + 1
            pending += [v for _, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            pending += node.value
    return None
