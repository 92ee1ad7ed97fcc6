"""A saved run (``check --format json``) read back as the baseline of ``diff``.

The file is input like any other: each missing or mistyped field is named with
its place in the file, never met later as a KeyError.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ffcheck.problems import UserError

# The fields ``diff`` reads from each saved finding, and their JSON types.
FINDING_FIELDS = {"fingerprint": str, "rule": str, "severity": str, "message": str}
MAX_BASELINE_BYTES = 200_000_000


def read_baseline(path: Path) -> dict[str, dict[str, Any]]:
    """The saved findings by fingerprint; UserError naming the first broken place."""
    where = f"{path}: not a saved run of check --format json"
    try:
        if path.stat().st_size > MAX_BASELINE_BYTES:
            raise UserError(f"{where}: larger than {MAX_BASELINE_BYTES:,} bytes")
        saved = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise UserError(f"{where}: byte {exc.start} is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{where}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except (OSError, RecursionError) as exc:
        raise UserError(f"{where}: {exc}") from None
    if not isinstance(saved, dict) or not isinstance(saved.get("findings"), list):
        raise UserError(f'{where}: no list under "findings"')
    found: dict[str, dict[str, Any]] = {}
    for index, finding in enumerate(saved["findings"]):
        if not isinstance(finding, dict):
            raise UserError(f"{where}: findings[{index}] is not an object")
        for name, kind in FINDING_FIELDS.items():
            if not isinstance(finding.get(name), kind):
                state = "missing" if name not in finding else f"not a {kind.__name__}"
                raise UserError(f"{where}: findings[{index}].{name} is {state}")
        found[finding["fingerprint"]] = finding
    return found
