"""Packaging: the ontologies live at the top level (one copy) and the wheel ships them inside the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph

from kgaudit.graph.namespaces import ONTOLOGY_FILES, ontology_file
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_every_package_directory_is_listed() -> None:
    # The package list is written out (ontologies/ is mapped in from the top level), so a new
    # subpackage left out of it would be missing from the wheel.
    found = {".".join(init.parent.relative_to(REPO).parts) for init in (REPO / "kgaudit").rglob("__init__.py")}
    assert set(SETUPTOOLS["packages"]) - {"kgaudit.ontologies"} == found


def test_ontologies_are_one_copy_at_the_top_level() -> None:
    assert SETUPTOOLS["package-dir"]["kgaudit.ontologies"] == "ontologies"
    assert not (REPO / "kgaudit" / "ontologies").exists()
    for name in ONTOLOGY_FILES:
        assert (REPO / "ontologies" / name).is_file()


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_the_checkout_finds_each_ontology(name: str) -> None:
    found = ontology_file(name)
    assert Path(str(found)) == REPO / "ontologies" / name
    assert len(Graph().parse(data=found.read_text(encoding="utf-8"), format="turtle")) > 100


def test_an_unknown_ontology_is_refused() -> None:
    from kgaudit.errors import StoreError

    with pytest.raises(StoreError, match="no shipped ontology"):
        ontology_file("other.ttl")


def _build_wheel(source: Path, out: Path) -> Path:
    """Build the wheel offline, with the build backend already installed (skip when it is not)."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
               "-q", "-w", str(out), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        if "No module named" in result.stderr or "Cannot import" in result.stderr:
            pytest.skip("setuptools and wheel are needed to build the wheel offline (pip install wheel)")
        raise AssertionError(result.stderr[-2000:])
    return next(out.glob("kgaudit-*.whl"))


def test_the_wheel_ships_the_ontologies_and_the_installed_package_finds_them(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for folder in ("kgaudit", "ontologies"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    wheel = _build_wheel(source, tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {f"kgaudit/ontologies/{name}" for name in ONTOLOGY_FILES} <= names
        assert not any(n.startswith("ontologies/") for n in names)  # not a top-level package of its own
        archive.extractall(tmp_path / "site")
    # The unpacked wheel is what an installation puts on sys.path; run from elsewhere so the
    # checkout is not importable, and ask the installed package where its ontologies are.
    probe = ("import kgaudit.graph.namespaces as n; "
             "print(n.ontology_file('shapes.ttl')); print(n.ontology_file('kgaudit.ttl').read_text()[:1])")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    located, first_character = result.stdout.splitlines()
    assert Path(located) == tmp_path / "site" / "kgaudit" / "ontologies" / "shapes.ttl"
    assert first_character
