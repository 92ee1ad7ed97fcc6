import os
import sys
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).parent))

# Under mutation testing (`make mutate`) each mutant runs in a process forked from one that
# collected the tests. That process warms up first (FFCHECK_MUTATION_WARMUP, set by the
# Makefile), so that no mutant pays again for importing GX, DuckDB and ibis, building a GX
# context or compiling the rules' SQL.
#
# mutmut runs, for each mutant, the selected tests that called the mutated function. Of
# those, a mutant here is judged by the tests nearest to its module, closest first (the
# first failure ends its run): a number or date reader, an interval or a fingerprint by
# its unit tests; a rule by its unit tests and every rule's fixture cases; only the CLI's
# own code by the CLI tests too. Each rule and reader must be pinned by tests written for
# it, not by a whole-program run passing through; and a surviving mutant then costs
# seconds, not the minute the CLI tests take, so that a whole run finishes.
# test_vague.py last among the unit tests: two of its tests run the whole CLI.
UNIT_TESTS = ("test_numbers.py", "test_intervals.py", "test_findings.py", "test_vague.py")
NEAREST_TESTS = {
    "ffcheck.cli.": ("test_cli.py", *UNIT_TESTS, "test_rules.py"),
    "ffcheck.consistency.rules.": ("test_rules.py", *UNIT_TESTS),
    "ffcheck.": UNIT_TESTS,  # text/numbers, text/dates, consistency/intervals, findings
}


def nearest_tests(mutant: str) -> tuple[str, ...]:
    """The test files that judge a mutant of the function ``mutant``, closest first.

    >>> nearest_tests("ffcheck.text.numbers.x_parse_figure__mutmut_21")[0]
    'test_numbers.py'
    >>> nearest_tests("ffcheck.consistency.rules.sum_mismatch.x_derive__mutmut_3")[0]
    'test_rules.py'
    >>> "test_cli.py" in nearest_tests("ffcheck.consistency.rules.sum_mismatch.x_derive__mutmut_3")
    False
    """
    return next(files for prefix, files in NEAREST_TESTS.items() if mutant.startswith(prefix))


def pytest_collection_finish(session):
    if os.environ.get("FFCHECK_MUTATION_WARMUP") and session.config.option.collectonly:
        from mutation_warmup import warm_up

        warm_up()


def pytest_collection_modifyitems(config, items):
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:  # not a mutant's run (mutmut's stats, a clean run, CI)
        return
    files = nearest_tests(mutant)
    kept = [item for item in items if Path(str(item.fspath)).name in files]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    kept.sort(key=lambda item: files.index(Path(str(item.fspath)).name))  # stable per file
    items[:] = kept
