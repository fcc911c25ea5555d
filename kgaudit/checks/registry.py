"""The explicit list of kgaudit's Python check modules (as pySHACL lists its constraint components).

A Python check is registered by importing its module; the runner imports exactly the modules named
here, nothing found by scanning the package.  Adding a check module means adding its name to
:data:`PYTHON_CHECK_MODULES`; ``tests/checks/test_registry.py`` fails for a module in
``kgaudit/checks`` that registers a check but is missing from the list.  SPARQL rules need no entry:
every ``.rq`` file in ``kgaudit/checks/rules/`` is a rule (see :mod:`kgaudit.checks.sparql`).
"""

from __future__ import annotations

import importlib

# Every module of kgaudit.checks that registers checks with @python_check, in alphabetical order.
PYTHON_CHECK_MODULES: tuple[str, ...] = (
    "kgaudit.checks.citation_authors",
    "kgaudit.checks.claims",
    "kgaudit.checks.prose_significance",
    "kgaudit.checks.references",
    "kgaudit.checks.stats",
    "kgaudit.checks.text",
    "kgaudit.checks.text_statistics",
)


def import_python_checks() -> None:
    """Import every listed check module, which registers its checks (a second import is free)."""
    for name in PYTHON_CHECK_MODULES:
        importlib.import_module(name)
