"""The pre-commit hook works in another repository (issue 10, item 8): ``pre-commit
try-repo`` installs this project into a fresh environment, as a user's repository
would, and runs the hook on a scratch repository holding only claims (no
expectations/ folder: the suites shipped in the package are used)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from builders import BUNDLED_CLAIMS, ROOT

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.precommit

CORPUS_BASE = ROOT / "tests" / "corpus" / "_base"


def git(cwd, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=test@example.org", "-c", "user.name=test", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_the_hook_runs_in_a_repository_that_holds_only_claims(tmp_path):
    scratch = tmp_path / "scratch"
    shutil.copytree(CORPUS_BASE, scratch / "claims")
    shutil.copytree(BUNDLED_CLAIMS / "vocab", scratch / "claims" / "vocab")
    git(scratch, "init", "-q")
    git(scratch, "add", "-A")
    git(scratch, "commit", "-qm", "claims only")
    env = dict(os.environ, PRE_COMMIT_HOME=str(ROOT / ".cache" / "pre-commit"))
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "ffcheck", "--all-files"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    output = proc.stdout + proc.stderr
    assert "suite file missing" not in output
    # The corpus base is a valid claim set without contradictions: the hook passes.
    assert proc.returncode == 0, output[-3000:]
    assert "ffcheck (claims consistency)" in output and "Passed" in output
