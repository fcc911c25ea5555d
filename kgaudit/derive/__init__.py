"""Derive: computed facts added to the graph before the checks run.

A derivation is a function ``(graph) -> None`` registered with
:func:`derivation`; it adds triples (journal matches, expected volume ranges,
title-similarity edges, recomputed statistics) that SPARQL rules then join on.
Each derivation names the capability it provides, so a check that needs it is
skipped (and the report says so) when it could not run.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph

Derivation = Callable[[Graph], None]


@dataclass(frozen=True)
class DerivationSpec:
    """A registered derivation and the capability it provides to checks."""

    name: str
    provides: str
    function: Derivation
    order: int = 50


_DERIVATIONS: dict[str, DerivationSpec] = {}


def derivation(name: str, *, provides: str, order: int = 50) -> Callable[[Derivation], Derivation]:
    """Register a derivation; lower ``order`` runs first."""

    def register(function: Derivation) -> Derivation:
        _DERIVATIONS[name] = DerivationSpec(name=name, provides=provides, function=function, order=order)
        return function

    return register


def all_derivations() -> list[DerivationSpec]:
    """Every derivation kgaudit ships, in run order."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return sorted(_DERIVATIONS.values(), key=lambda d: (d.order, d.name))


def run_derivations(graph: Graph) -> tuple[set[str], dict[str, str]]:
    """Run every derivation; return the capabilities provided and the failures (name → reason)."""
    provided: set[str] = set()
    failed: dict[str, str] = {}
    for spec in all_derivations():
        try:
            spec.function(graph)
        except Exception as exc:  # a failed derivation disables its checks, it does not sink the audit
            failed[spec.provides] = f"{spec.name} failed: {type(exc).__name__}: {exc}"
            continue
        provided.add(spec.provides)
    return provided, failed
