"""Precision of kgaudit's error and warning findings on the real articles in ``../shared/data``.

Every real article (``jats/*/*.{xml,nxml}``, ``tei/*/*.tei.xml``, ``corpus/*/*.xml``, ``pdf/*/*.pdf``) is
audited offline with every check.  Each error and warning finding is matched to a verdict in
``data/verdicts/<source>/<family>.jsonl`` by (article, check, location key); the contract is in the
issue-12 notes and repeated here:

* ``<source>`` is the first folder under ``shared/data``; ``<family>`` the check id's family;
* one JSON object per line: ``article`` (path relative to ``shared/data``), ``check``, ``key``
  (:func:`location_key`), ``severity``, ``verdict`` (TRUE, FALSE or UNCLEAR), ``reason``, ``message``;
* several findings with the same triple share one verdict; a verdict whose finding no longer appears
  is *stale* (harmless, listed); a finding without a verdict is *unjudged*.

Printed per check and severity: findings / true / false / unclear / precision (true / (true + false)),
then overall error and warning precision, unjudged findings and stale verdicts.

Run: ``python benchmarks/precision.py [--source corpus] [--article PATH] [--family citation] [--workers 2]
[--json] [--write-unjudged FILE]`` (``--family`` runs only that family's checks: faster, same findings).  ``--write-unjudged`` writes the unjudged findings as verdict lines with an
empty verdict and reason, a skeleton to fill in while judging.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

DATA = REPO.parent / "shared" / "data"
VERDICTS_DIR = REPO / "data" / "verdicts"
SOURCES = ("jats", "tei", "corpus", "pdf")
# Which files of each source folder are articles (the other files are READMEs, truth files, sidecars).
ARTICLE_GLOBS: dict[str, tuple[str, ...]] = {
    "jats": ("*/*.xml", "*/*.nxml"),
    "tei": ("*/*.tei.xml",),
    "corpus": ("*/*.xml",),
    "pdf": ("*/*.pdf",),
}
JUDGED_SEVERITIES = ("error", "warning")
VERDICTS = ("TRUE", "FALSE", "UNCLEAR")
VERDICT_KEYS = ("article", "check", "key", "severity", "verdict", "reason", "message")
# Floors of issue 12: every check's error precision, and the warnings of all checks together.
ERROR_PRECISION_FLOOR = 0.95
WARNING_PRECISION_FLOOR = 0.70


def location_key(finding: Any) -> str:
    """The location part of a finding's verdict key (a :class:`~kgaudit.checks.base.Finding` or its dict)."""
    loc = finding.location if hasattr(finding, "location") else finding["location"]
    get = (lambda name: getattr(loc, name)) if not isinstance(loc, dict) else loc.get
    references = get("references")
    parts = (
        get("table"), get("row"), get("column"), get("reference"),
        ",".join(map(str, references)) if references else None, get("quote"),
    )
    return "|".join(str(v) if v is not None else "" for v in parts)


def real_articles(data: Path = DATA, source: str | None = None) -> list[Path]:
    """Every real article under ``data``, by source in :data:`SOURCES` order, sorted within a source."""
    paths: list[Path] = []
    for name in SOURCES if source is None else (source,):
        found: set[Path] = set()
        for pattern in ARTICLE_GLOBS[name]:
            found.update((data / name).glob(pattern))
        paths.extend(sorted(found))
    return paths


def article_id(path: Path, data: Path = DATA) -> str:
    """The article's name in verdict files: its path relative to ``shared/data``."""
    return path.resolve().relative_to(data.resolve()).as_posix()


def source_of(article: str) -> str:
    return article.split("/", 1)[0]


def family_of(check: str) -> str:
    return check.split(".", 1)[0]


@dataclass(frozen=True)
class Verdict:
    """One judged finding (a line of a verdict file)."""

    article: str
    check: str
    key: str
    severity: str
    verdict: str
    reason: str
    message: str
    file: str  # the verdict file it was read from, for messages


def load_verdicts(directory: Path = VERDICTS_DIR) -> dict[tuple[str, str, str], Verdict]:
    """Every verdict under ``directory`` keyed by (article, check, location key).

    A malformed line, an unknown verdict or a triple judged twice raises ``ValueError`` naming the file
    and line: verdict files are data the benchmark trusts.
    """
    verdicts: dict[tuple[str, str, str], Verdict] = {}
    for path in sorted(directory.glob("*/*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.relative_to(directory)}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: not JSON ({error.msg})") from None
            missing = [k for k in VERDICT_KEYS if k not in row]
            if missing:
                raise ValueError(f"{where}: missing {', '.join(missing)}")
            if row["verdict"] not in VERDICTS:
                raise ValueError(f"{where}: verdict {row['verdict']!r} is not one of {', '.join(VERDICTS)}")
            triple = (row["article"], row["check"], row["key"])
            if triple in verdicts:
                raise ValueError(f"{where}: {triple} is judged twice (first in {verdicts[triple].file})")
            verdicts[triple] = Verdict(**{k: str(row[k]) for k in VERDICT_KEYS}, file=where)
    return verdicts


def audit_findings(
    path: Path, checks: tuple[str, ...] | None = None
) -> tuple[str, float, list[dict[str, Any]], str | None]:
    """Audit one article offline (every check, or only ``checks``); its error and warning findings as dicts.

    Returns (path, seconds, findings, error): an article that fails to load gives its error text.
    """
    from kgaudit import audit

    started = time.perf_counter()
    try:
        report = audit(path, offline=True, checks=list(checks) if checks else None)
    except Exception as error:  # noqa: BLE001 - one broken article must not stop the benchmark
        return str(path), time.perf_counter() - started, [], f"{type(error).__name__}: {error}"[:300]
    findings = [
        {"check": f.check, "severity": f.severity, "message": f.message, "key": location_key(f)}
        for f in report.findings if f.severity in JUDGED_SEVERITIES
    ]
    return str(path), time.perf_counter() - started, findings, None


def audit_all(
    paths: Sequence[Path], workers: int = 2, checks: tuple[str, ...] | None = None
) -> dict[Path, tuple[float, list[dict[str, Any]], str | None]]:
    """Audit every path in a pool of ``workers`` processes (1 = in this process)."""
    results: dict[Path, tuple[float, list[dict[str, Any]], str | None]] = {}
    one = partial(audit_findings, checks=checks)
    if workers <= 1:
        outcomes: Iterable[tuple[str, float, list[dict[str, Any]], str | None]] = map(one, paths)
        for name, seconds, findings, error in outcomes:
            results[Path(name)] = (seconds, findings, error)
        return results
    with ProcessPoolExecutor(workers) as pool:
        for name, seconds, findings, error in pool.map(one, paths):
            results[Path(name)] = (seconds, findings, error)
    return results


@dataclass
class Tally:
    findings: int = 0
    true: int = 0
    false: int = 0
    unclear: int = 0
    unjudged: int = 0

    @property
    def precision(self) -> float | None:
        judged = self.true + self.false
        return self.true / judged if judged else None

    def add(self, verdict: Verdict | None) -> None:
        self.findings += 1
        if verdict is None:
            self.unjudged += 1
        elif verdict.verdict == "TRUE":
            self.true += 1
        elif verdict.verdict == "FALSE":
            self.false += 1
        else:
            self.unclear += 1

    def as_dict(self) -> dict[str, Any]:
        return {"findings": self.findings, "true": self.true, "false": self.false, "unclear": self.unclear,
                "unjudged": self.unjudged, "precision": self.precision}


@dataclass
class Outcome:
    """Findings matched against verdicts."""

    by_check: dict[tuple[str, str], Tally]  # (check, severity) -> tally
    by_severity: dict[str, Tally]
    unjudged: list[dict[str, Any]]  # finding dicts with "article"
    stale: list[Verdict]
    failures: dict[str, str]  # article -> load error

    def below_floor(self) -> list[str]:
        """Human lines for every floor of issue 12 that is not met (judged findings only)."""
        lines = []
        for (check, severity), tally in sorted(self.by_check.items()):
            if severity == "error" and tally.precision is not None and tally.precision < ERROR_PRECISION_FLOOR:
                lines.append(f"{check}: error precision {tally.precision:.3f} < {ERROR_PRECISION_FLOOR}")
        warnings = self.by_severity.get("warning")
        if warnings and warnings.precision is not None and warnings.precision < WARNING_PRECISION_FLOOR:
            lines.append(f"warnings overall: precision {warnings.precision:.3f} < {WARNING_PRECISION_FLOOR}")
        return lines


def match(
    findings: dict[str, list[dict[str, Any]]],
    verdicts: dict[tuple[str, str, str], Verdict],
    failures: dict[str, str] | None = None,
) -> Outcome:
    """Tally ``findings`` (article id -> finding dicts) against ``verdicts``.

    Stale verdicts are looked for only among the articles in ``findings`` (a run restricted to one
    source or article does not call the others' verdicts stale).
    """
    by_check: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_severity: dict[str, Tally] = defaultdict(Tally)
    unjudged: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for article, items in findings.items():
        for finding in items:
            triple = (article, finding["check"], finding["key"])
            seen.add(triple)
            verdict = verdicts.get(triple)
            by_check[(finding["check"], finding["severity"])].add(verdict)
            by_severity[finding["severity"]].add(verdict)
            if verdict is None:
                unjudged.append({"article": article, **finding})
    stale = [v for triple, v in verdicts.items() if triple[0] in findings and triple not in seen]
    return Outcome(dict(by_check), dict(by_severity), unjudged, stale, dict(failures or {}))


def skeleton_lines(unjudged: Iterable[dict[str, Any]]) -> list[str]:
    """Verdict lines with the verdict and reason left empty, one per unjudged (article, check, key)."""
    lines, done = [], set()
    for f in unjudged:
        triple = (f["article"], f["check"], f["key"])
        if triple in done:
            continue
        done.add(triple)
        row = {"article": f["article"], "check": f["check"], "key": f["key"], "severity": f["severity"],
               "verdict": "", "reason": "", "message": f["message"]}
        lines.append(json.dumps(row, ensure_ascii=False))
    return lines


def _fmt(precision: float | None) -> str:
    return "-" if precision is None else f"{precision:.3f}"


def print_outcome(outcome: Outcome) -> None:
    header = f"{'check':40} {'severity':8} {'found':>6} {'true':>5} {'false':>5} {'uncl':>5} {'unjud':>5} {'prec':>6}"
    print(header)
    print("-" * len(header))
    for (check, severity), t in sorted(outcome.by_check.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print(f"{check:40} {severity:8} {t.findings:6} {t.true:5} {t.false:5} {t.unclear:5} {t.unjudged:5} "
              f"{_fmt(t.precision):>6}")
    print()
    for severity in JUDGED_SEVERITIES:
        t = outcome.by_severity.get(severity, Tally())
        print(f"{severity:8} overall: {t.findings} findings, {t.true} true, {t.false} false, {t.unclear} unclear, "
              f"{t.unjudged} unjudged, precision {_fmt(t.precision)}")
    for line in outcome.below_floor():
        print(f"BELOW FLOOR: {line}")
    for article, error in sorted(outcome.failures.items()):
        print(f"FAILED TO AUDIT: {article}: {error}")
    if outcome.unjudged:
        print(f"\nunjudged ({len(outcome.unjudged)}):")
        for f in outcome.unjudged:
            print(f"  {f['article']} {f['check']} [{f['severity']}] {f['key'][:80]!r}: {f['message'][:160]}")
    if outcome.stale:
        print(f"\nstale verdicts ({len(outcome.stale)}):")
        for v in outcome.stale:
            print(f"  {v.file}: {v.article} {v.check} {v.key[:80]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", choices=SOURCES, action="append", default=[],
                        help="only the articles of this source folder; repeatable")
    parser.add_argument("--article", action="append", default=[],
                        help="only this article (path relative to shared/data, or a path); repeatable")
    parser.add_argument("--family", action="append", default=[],
                        help="run only the checks of this family (citation, reference, stats, ...); repeatable")
    parser.add_argument("--workers", type=int, default=2, help="audit processes (default 2)")
    parser.add_argument("--json", action="store_true", help="print the tallies and lists as JSON")
    parser.add_argument("--write-unjudged", metavar="FILE", type=Path,
                        help="write the unjudged findings as verdict lines with an empty verdict")
    args = parser.parse_args(argv)

    if not DATA.is_dir():
        print(f"precision: {DATA} not found (the shared data folder must be beside the checkout)", file=sys.stderr)
        return 2
    try:
        verdicts = load_verdicts()
    except ValueError as error:
        print(f"precision: {VERDICTS_DIR}/{error}", file=sys.stderr)
        return 2
    paths = [p for source in (args.source or [None]) for p in real_articles(DATA, source)]
    if args.article:
        wanted = set()
        for name in args.article:
            candidate = Path(name)
            candidate = candidate if candidate.exists() else DATA / name
            if not candidate.exists():
                print(f"precision: {name}: no such article", file=sys.stderr)
                return 2
            wanted.add(candidate.resolve())
        paths = [p for p in paths if p.resolve() in wanted] or sorted(wanted)

    families = tuple(args.family)
    results = audit_all(paths, args.workers, families or None)
    findings: dict[str, list[dict[str, Any]]] = {}
    failures: dict[str, str] = {}
    for path, (_, items, error) in results.items():
        article = article_id(path)
        findings[article] = items
        if error:
            failures[article] = error
    relevant = verdicts if not families else {k: v for k, v in verdicts.items() if family_of(k[1]) in families}
    outcome = match(findings, relevant, failures)

    if args.write_unjudged:
        args.write_unjudged.write_text("\n".join(skeleton_lines(outcome.unjudged)) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps({
            "by_check": [{"check": c, "severity": s, **t.as_dict()} for (c, s), t in sorted(outcome.by_check.items())],
            "by_severity": {s: t.as_dict() for s, t in outcome.by_severity.items()},
            "below_floor": outcome.below_floor(),
            "unjudged": outcome.unjudged,
            "stale": [{k: getattr(v, k) for k in (*VERDICT_KEYS, "file")} for v in outcome.stale],
            "failures": outcome.failures,
            "seconds": {article_id(p): round(r[0], 2) for p, r in results.items()},
        }, ensure_ascii=False, indent=1))
    else:
        print_outcome(outcome)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
