"""One error hierarchy for kgaudit.

Every failure the user can cause or meet is a :class:`KgauditError` subclass
that knows what it concerns (a file, a service, a check).  The CLI turns them
into one-line messages and exit codes in one place (``kgaudit.cli``).
"""

from __future__ import annotations

from pathlib import Path


class KgauditError(Exception):
    """Base class of every error kgaudit raises on purpose."""

    exit_code = 2

    def one_line(self) -> str:
        """The message shown to a user: one line, no traceback."""
        return " ".join(str(self).split())


class InputError(KgauditError):
    """A paper or data file that cannot be used (empty, binary, malformed, hostile)."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = str(path) if path is not None else "<input>"
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class UsageError(KgauditError):
    """Options or arguments that do not fit together."""


class ServiceError(KgauditError):
    """An external service (Crossref, PubMed) failed in a way the caller must hear about."""

    def __init__(self, service: str, problem: str) -> None:
        self.service = service
        self.problem = problem
        super().__init__(f"{service}: {problem}")


class CheckError(KgauditError):
    """A check could not run (bad rule file, unexpected graph shape)."""

    def __init__(self, check: str, problem: str) -> None:
        self.check = check
        self.problem = problem
        super().__init__(f"check {check}: {problem}")


class StoreError(KgauditError):
    """A triple store or SPARQL endpoint problem."""
