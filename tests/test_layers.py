"""The pipeline's stages import only the stages before them (README, "Layout").

Read from the source with ``ast``, so a function-level import counts as much as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "kgaudit"

# Each layer may import itself and any layer listed before it, nothing after it.
LAYERS: list[tuple[str, ...]] = [
    ("_version", "errors", "model"),  # the document model, errors and version: below everything
    ("stats",),  # statistics engine: pure functions of printed numbers
    ("ingest",),  # formats -> Document
    ("graph",),  # Document -> RDF, stores, export
    ("resolve",),  # Crossref / PubMed / journal knowledge base (the only network code)
    ("derive",),  # computed facts
    ("checks",),  # rules and Python checks
    ("report",),  # report formats
    ("api",),  # the one-call pipeline
    ("corpus",),  # batch audits, stores of many papers
    ("cli", "cli_analyst", "cli_corpus", "cli_journals", "__main__", "__init__"),  # entry points
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _stage(module: str) -> str:
    """``kgaudit.ingest.text`` -> ``ingest``; ``kgaudit.api`` -> ``api``."""
    return module.split(".")[1]


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported kgaudit module) for every import in ``path``, relative ones resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
    return [(line, name) for line, name in found if name.startswith("kgaudit.")]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_stage_has_a_layer() -> None:
    stages = {_stage(_module_name(p)) for p in _modules() if _module_name(p) != "kgaudit"}
    assert stages - RANK.keys() == set(), "a new top-level module or package needs its place in LAYERS"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_a_stage_imports_only_earlier_stages(path: Path) -> None:
    name = _module_name(path)
    own = "__init__" if name == "kgaudit" else _stage(name)
    later = [f"line {line}: {target}" for line, target in _imports(path) if RANK[_stage(target)] > RANK[own]]
    assert later == [], f"{name} ({own}) imports a later stage"


def test_the_layer_test_catches_a_later_import(tmp_path: Path) -> None:
    # the checker itself: an ingest module importing the checks stage is found
    module = PACKAGE / "ingest" / "text.py"
    imports = _imports(module)
    assert imports, "the reader of imports found nothing in a module that imports kgaudit"
    fake = ast.parse("from kgaudit.checks.base import Finding\nfrom . import cells\n")
    names = [n.module or "" for n in ast.walk(fake) if isinstance(n, ast.ImportFrom)]
    assert RANK[_stage("kgaudit." + names[0].split(".", 1)[1])] > RANK["ingest"]
