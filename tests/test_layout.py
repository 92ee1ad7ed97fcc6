"""The package's layers import only downward (import-linter's contract in pyproject.toml),
and the contract itself would catch a module that climbs a layer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from builders import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_the_layer_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    # A copy of the package in which the lowest layer imports the CLI.
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "src", copy / "src")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    problems = copy / "src" / "ffcheck" / "problems.py"
    problems.write_text(problems.read_text() + "\nfrom ffcheck.cli import common  # noqa\n")
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(copy / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ffcheck.problems -> ffcheck.cli.common" in result.stdout
