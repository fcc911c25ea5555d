"""The check registry: every shipped check is tested, documented and listed; a header typo fails loudly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgaudit.checks.base import KNOWN_CAPABILITIES, python_check
from kgaudit.checks.runner import all_checks
from kgaudit.checks.sparql import parse_rule
from kgaudit.errors import CheckError

REPO = Path(__file__).resolve().parents[2]
CHECK_TABLE = REPO / "docs" / "CHECKS.md"
TEST_SOURCES = "\n".join(
    path.read_text(encoding="utf-8") for path in (REPO / "tests").rglob("*.py") if path.name != "test_registry.py"
)

SHIPPED = sorted(all_checks())


@pytest.mark.parametrize("check_id", SHIPPED)
def test_every_shipped_check_is_in_the_docs_table(check_id: str) -> None:
    rows = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", CHECK_TABLE.read_text(encoding="utf-8"), flags=re.M)
    assert check_id in rows, f"{check_id} has no row in docs/CHECKS.md"


@pytest.mark.parametrize("check_id", SHIPPED)
def test_every_shipped_check_has_a_test_that_names_it(check_id: str) -> None:
    assert f'"{check_id}"' in TEST_SOURCES or f"'{check_id}'" in TEST_SOURCES, f"no test names {check_id}"


def test_kgaudit_checks_lists_every_shipped_check() -> None:
    from click.testing import CliRunner

    from kgaudit.cli import main

    listing = CliRunner().invoke(main, ["checks"]).output
    missing = [check_id for check_id in SHIPPED if check_id not in listing]
    assert missing == []


HEADER_TYPOS = [
    # a capability misspelt: the rule would otherwise be skipped forever as "needs jornals, which did not run"
    ("# id: x.demo\n# severity: error\n# flags: f\n# needs: jornals\n", "unknown capability 'jornals'"),
    # an unknown severity
    ("# id: x.demo\n# severity: fatal\n# flags: f\n", "unknown severity"),
    # the flags line missing
    ("# id: x.demo\n# severity: error\n", "lacks '# flags:'"),
]


@pytest.mark.parametrize(("header", "problem"), HEADER_TYPOS)
def test_a_rule_header_typo_fails_loudly(header: str, problem: str) -> None:
    with pytest.raises(CheckError, match=re.escape(problem)):
        parse_rule(header + "SELECT ?focus ?message WHERE { }", "demo.rq")


def test_a_correct_needs_header_is_read() -> None:
    spec = parse_rule("# id: x.demo\n# severity: warning\n# flags: f\n# needs: resolver, journals\nSELECT * {}", "d.rq")
    assert spec.needs == ("resolver", "journals")


def test_a_python_check_with_an_unknown_capability_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown capability 'resolve'"):
        python_check("x.demo", severity="error", description="d", needs=("resolve",))


def test_every_shipped_check_needs_only_known_capabilities() -> None:
    assert {n for spec in all_checks().values() for n in spec.needs} <= KNOWN_CAPABILITIES


def test_a_python_check_that_raises_fails_under_the_test_suite_and_is_skipped_for_users(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rdflib import Graph

    from kgaudit.checks import base
    from kgaudit.checks.runner import STRICT_CHECKS_VARIABLE, run_checks

    @python_check("test.broken", severity="error", description="raises on purpose")
    def broken(graph: Graph):  # noqa: ANN202 - a throwaway check
        raise ZeroDivisionError("on purpose")

    try:
        monkeypatch.setenv(STRICT_CHECKS_VARIABLE, "1")
        with pytest.raises(ZeroDivisionError):
            run_checks(Graph(), selection=["test.broken"])
        monkeypatch.delenv(STRICT_CHECKS_VARIABLE)
        run = run_checks(Graph(), selection=["test.broken"])
        assert run.skipped == {"test.broken": "check failed: ZeroDivisionError: on purpose"}
    finally:
        base._PYTHON_CHECKS.pop("test.broken", None)


CHECKS_PACKAGE = REPO / "kgaudit" / "checks"


def modules_registering_checks(package: Path) -> set[str]:
    """Dotted names of the modules under ``package`` whose source registers a check with ``@python_check``."""
    found = set()
    for path in package.glob("*.py"):
        if re.search(r"^@python_check\(", path.read_text(encoding="utf-8"), flags=re.M):
            found.add(f"kgaudit.checks.{path.stem}")
    return found


def test_every_module_that_registers_a_check_is_in_the_registry() -> None:
    from kgaudit.checks.registry import PYTHON_CHECK_MODULES

    unlisted = modules_registering_checks(CHECKS_PACKAGE) - set(PYTHON_CHECK_MODULES)
    assert unlisted == set(), f"add {sorted(unlisted)} to kgaudit/checks/registry.py"


def test_a_check_module_missing_from_the_registry_is_noticed(tmp_path: Path) -> None:
    # a new module with a check, next to one that only helps: only the former must be listed
    (tmp_path / "new_rule.py").write_text('@python_check("x.demo", severity="error", description="d")\n')
    (tmp_path / "helpers.py").write_text("def helper():\n    return 1\n")
    assert modules_registering_checks(tmp_path) == {"kgaudit.checks.new_rule"}


def test_every_listed_module_registers_a_shipped_check() -> None:
    from kgaudit.checks.registry import PYTHON_CHECK_MODULES

    sources = {spec.source for spec in all_checks().values() if spec.kind == "python"}
    assert set(PYTHON_CHECK_MODULES) <= sources


def test_an_escalating_check_declares_it_and_kgaudit_checks_shows_it() -> None:
    from click.testing import CliRunner

    from kgaudit.cli import main

    # reference.recycled_title is a warning check whose large template families are errors
    assert all_checks()["reference.recycled_title"].escalates_to == "error"
    line = next(x for x in CliRunner().invoke(main, ["checks"]).output.splitlines() if "reference.recycled_title" in x)
    assert "[escalates to error]" in line


ESCALATIONS = [
    # escalating to the same severity says nothing
    ("warning", "warning", "is not worse than"),
    # "escalating" an error to a warning is a lowering
    ("error", "warning", "is not worse than"),
]


@pytest.mark.parametrize(("severity", "escalates_to", "problem"), ESCALATIONS)
def test_a_python_check_declaring_a_milder_escalation_is_refused(severity: str, escalates_to: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        python_check("x.demo", severity=severity, description="d", escalates_to=escalates_to)  # type: ignore[arg-type]


def test_a_finding_worse_than_its_check_declares_fails_under_the_test_suite() -> None:
    from rdflib import Graph

    from kgaudit.checks import base
    from kgaudit.checks.base import Finding
    from kgaudit.checks.runner import run_checks

    @python_check("test.understated", severity="warning", description="emits an undeclared error")
    def understated(graph: Graph):  # noqa: ANN202 - a throwaway check
        yield Finding(check="test.understated", severity="error", message="m", focus="https://example.org/x")

    try:  # tests/conftest.py sets KGAUDIT_STRICT_CHECKS
        with pytest.raises(CheckError, match="worse than the check declares"):
            run_checks(Graph(), selection=["test.understated"])
    finally:
        base._PYTHON_CHECKS.pop("test.understated", None)
