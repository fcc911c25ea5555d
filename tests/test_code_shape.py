"""The shape of the code: no function in kgaudit/ is over 80 lines or graded E/F by radon (complexity > 30)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

radon_complexity = pytest.importorskip("radon.complexity", reason="radon (the test extra) is not installed")

PACKAGE = Path(__file__).resolve().parents[1] / "kgaudit"
MAX_FUNCTION_LINES = 80  # the developers' guide
WORST_GRADE = "D"  # radon grades A-F; E starts at complexity 31 (radon's documented bands)

def _functions(path: Path) -> list[tuple[str, int]]:
    """(qualified name, length in lines) of every function and method in ``path``."""
    out = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                out.append((name, (child.end_lineno or child.lineno) - child.lineno + 1))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return out


def _key(path: Path, name: str) -> str:
    return f"{path.relative_to(PACKAGE.parent).as_posix()}:{name}"


def too_long() -> dict[str, int]:
    """Functions over the line limit, by ``file:qualified name``."""
    return {_key(p, name): lines for p in sorted(PACKAGE.rglob("*.py"))
            for name, lines in _functions(p) if lines > MAX_FUNCTION_LINES}


def too_complex() -> dict[str, str]:
    """Functions graded worse than :data:`WORST_GRADE` by radon, by ``file:qualified name``."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for block in radon_complexity.cc_visit(path.read_text(encoding="utf-8")):
            grade = radon_complexity.cc_rank(block.complexity)
            if grade > WORST_GRADE:
                name = f"{block.classname}.{block.name}" if getattr(block, "classname", None) else block.name
                found[_key(path, name)] = f"{grade} ({block.complexity})"
    return found


def test_no_function_is_over_80_lines() -> None:
    assert too_long() == {}


def test_no_function_is_graded_e_or_f_by_radon() -> None:
    assert too_complex() == {}


SHAPES = [
    # a short function is fine
    ("def f():\n    return 1\n", []),
    # a method is named with its class
    ("class C:\n    def m(self):\n" + "        x = 1\n" * 85, [("C.m", 86)]),
]


@pytest.mark.parametrize(("source", "long_ones"), SHAPES)
def test_function_lengths_are_measured_per_function(tmp_path: Path, source: str, long_ones: list) -> None:
    path = tmp_path / "m.py"
    path.write_text(source)
    assert [(n, lines) for n, lines in _functions(path) if lines > MAX_FUNCTION_LINES] == long_ones
