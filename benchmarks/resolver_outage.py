"""How long an online audit takes when Crossref and PubMed fail every request.

Two hostile local servers (the tests' :class:`FakeService`) stand in for Crossref
and NCBI E-utilities and fail every request in turn with 503, 429 with
``Retry-After: 30``, a truncated JSON body, an 8-second hang and a connection
reset.  The script runs ``python -m kgaudit check PAPER --online`` against them
(``KGAUDIT_CROSSREF_URL`` / ``KGAUDIT_EUTILS_URL``) and prints the wall time,
the requests each server received, the statuses the references ended in and
the command's standard error.  Goal: the report comes back within 15 s, every
reference ``unverifiable``, no ``reference.unresolved``, one stderr line per
service naming its fault.

Run: ``python benchmarks/resolver_outage.py [PAPER]`` (default: ``../shared/seed``'s
paper when present, else the project's example paper).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.resolve.fake_services import FakeService, Reply  # noqa: E402

SEED = REPO.parent / "shared" / "seed" / "cryoablation-2025.txt"
EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
# One round of the faults a failing service gives, repeated for as long as requests come.
FAULT_CYCLE = (("503", {}), ("429", {"retry_after": "30"}), ("truncated", {}), ("timeout", {"delay": 8.0}),
               ("reset", {}))
LIMIT = 900.0  # seconds before the audit is stopped and reported as not finished


def hostile_service(rounds: int = 200, start: int = 0) -> FakeService:
    """A local server that fails every request, cycling through :data:`FAULT_CYCLE` from its ``start``-th fault."""
    # past a hang the answer is a 503 too: nothing this server says is ever an answer
    service = FakeService(lambda path, query: Reply(503, b"<html>Service unavailable</html>",
                                                     {"Content-Type": "text/html"}))
    cycle = FAULT_CYCLE[start:] + FAULT_CYCLE[:start]
    for _ in range(rounds):
        for kind, options in cycle:
            service.add_fault(kind, times=1, **options)
    return service


def resolve_stage(paper: Path) -> None:
    """The resolve stage alone, in this process, once per starting point of the fault cycle (the worst case shows)."""
    from kgaudit.ingest import load_document
    from kgaudit.resolve.http import ResolverSession
    from kgaudit.resolve.resolver import resolve_references

    document = load_document(paper)
    for start in range(len(FAULT_CYCLE)):
        with hostile_service(start=start) as crossref, hostile_service(start=start) as eutils, \
                ResolverSession(crossref_url=crossref.url, eutils_url=eutils.url, use_cache=False) as session:
            began = time.monotonic()
            statuses = {r.status for r in resolve_references(document.references, session)}
            elapsed = time.monotonic() - began
            print(f"resolve stage, faults from {FAULT_CYCLE[start][0]:9}: {elapsed:5.1f} s, "
                  f"requests {crossref.count} + {eutils.count}, statuses {sorted(statuses)}, "
                  f"given up: {session.outages()}")


def main() -> None:
    paper = Path(sys.argv[1]) if len(sys.argv) > 1 else (SEED if SEED.exists() else EXAMPLE)
    resolve_stage(paper)
    with hostile_service() as crossref, hostile_service() as eutils, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "KGAUDIT_CROSSREF_URL": crossref.url, "KGAUDIT_EUTILS_URL": eutils.url,
               "XDG_CACHE_HOME": tmp}
        started = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "kgaudit", "check", str(paper), "--online", "--format", "json",
                 "--fail-on", "never"], cwd=REPO, env=env, capture_output=True, text=True, check=False,
                timeout=LIMIT)
        except subprocess.TimeoutExpired:
            print(f"paper: {paper.name}; not finished after {LIMIT:.0f} s "
                  f"(requests: Crossref {crossref.count}, E-utilities {eutils.count})")
            return
        elapsed = time.monotonic() - started
    print(f"paper: {paper.name}; exit {done.returncode}; wall time {elapsed:.1f} s")
    print(f"requests: Crossref {crossref.count}, E-utilities {eutils.count}")
    if done.returncode in (0, 1):
        report = json.loads(done.stdout)
        print("resolver:", report["resolver"])
        print("reference.unresolved findings:", report["summary"]["by_check"].get("reference.unresolved", 0))
    print("stderr:")
    print(done.stderr.rstrip() or "(nothing)")


if __name__ == "__main__":
    main()
