"""JUnit XML: one test suite per rule, one test case per finding.

Unreviewed findings at or above the fail level are failures; input problems are
errors of an "input" suite. Built with the standard library's ElementTree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ffcheck.consistency.findings import SEVERITIES, Report
from ffcheck.text.escape import xml_safe


def render_junit(report: Report, fail_on: str = "error") -> str:
    floor = SEVERITIES.index(fail_on)
    root = ET.Element("testsuites", name="ffcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    if report.problems:
        suite = ET.SubElement(root, "testsuite", name="input")
        for problem in report.problems:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{problem.code} {problem.location}",
                classname="ffcheck.input",
                file=problem.file,
            )
            if problem.line is not None:
                case.set("line", str(problem.line))
            ET.SubElement(case, "error", message=problem.message, type=problem.code).text = str(
                problem
            )
        _count(suite, len(report.problems), 0, len(report.problems), totals)
    grouped = report.by_rule()
    for rule in report.rules_run:
        suite = ET.SubElement(root, "testsuite", name=rule)
        findings = grouped.get(rule, [])
        if not findings:
            ET.SubElement(suite, "testcase", name="no findings", classname=f"ffcheck.{rule}")
        failures = 0
        for finding in findings:
            first = finding.claims[0] if finding.claims else None
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{finding.fingerprint} {finding.message}",
                classname=f"ffcheck.{rule}",
            )
            if first is not None:
                case.set("file", first.file)
                case.set("line", str(first.line))
            text = f"{finding.arithmetic}\n" + "\n".join(
                f"{c.claim_id} ({c.file}:{c.line}): {c.quote}" for c in finding.claims
            )
            if finding.review is not None:
                ET.SubElement(
                    case, "system-out"
                ).text = f"reviewed: {finding.review['decision']} {finding.review.get('note', '')}"
            elif SEVERITIES.index(finding.severity) >= floor:
                failures += 1
                ET.SubElement(
                    case, "failure", message=finding.message, type=finding.severity
                ).text = text
            else:
                ET.SubElement(case, "system-out").text = f"{finding.severity}: {text}"
        _count(suite, max(len(findings), 1), failures, 0, totals)
    for key, value in totals.items():
        root.set(key, str(value))
    _make_xml_safe(root)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _make_xml_safe(root: ET.Element) -> None:
    """ElementTree writes a control character as is, and the XML is then not
    well-formed: every text and attribute keeps only what XML can hold."""
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        for key, value in element.attrib.items():
            element.set(key, xml_safe(value))


def _count(
    suite: ET.Element, tests: int, failures: int, errors: int, totals: dict[str, int]
) -> None:
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    totals["tests"] += tests
    totals["failures"] += failures
    totals["errors"] += errors
