"""An on-disk store of per-paper facts (SQLite), so a corpus never has to fit in memory.

The batch parent writes one paper's facts at a time (:meth:`FactStore.put`);
the cross-paper checks then ask set questions in SQL (which strings recur,
which pairs of papers share references).  The store lives in the batch's
output directory, which is also what makes ``--resume`` cheap: the facts of
papers audited by an earlier run are still there.

The papers of the current run are listed in ``run_papers``; every question is
restricted to them, so a re-used output directory never mixes corpora.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kgaudit.corpus.facts import PaperFacts

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    paper_id TEXT PRIMARY KEY, source TEXT, title TEXT, authors TEXT, keywords TEXT
);
CREATE TABLE IF NOT EXISTS refs (paper_id TEXT, number INTEGER, norm TEXT);
CREATE INDEX IF NOT EXISTS refs_norm ON refs(norm);
CREATE INDEX IF NOT EXISTS refs_paper ON refs(paper_id);
CREATE TABLE IF NOT EXISTS table_rows (paper_id TEXT, table_label TEXT, row_label TEXT, numbers TEXT);
CREATE INDEX IF NOT EXISTS rows_numbers ON table_rows(numbers);
CREATE INDEX IF NOT EXISTS rows_paper ON table_rows(paper_id);
CREATE TABLE IF NOT EXISTS run_papers (paper_id TEXT PRIMARY KEY);
"""


class FactStore:
    """Per-paper facts in one SQLite file (``path``), written by one process."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.connection = sqlite3.connect(self.path)
        # WAL + NORMAL: a commit per paper costs no fsync of the whole file, and a crash loses
        # at most the last commits (those papers have no report yet, so --resume redoes them).
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        if self.connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            # Facts are derived data: a store from another version is rebuilt (and --resume redoes its papers).
            for table in ("papers", "refs", "table_rows", "run_papers"):
                self.connection.execute(f"DROP TABLE IF EXISTS {table}")
            self.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.connection.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self.connection.close()

    def __enter__(self) -> FactStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def set_run(self, paper_ids: Iterable[str]) -> None:
        """Declare the papers of the current run (replacing the previous run's list)."""
        with self.connection:
            self.connection.execute("DELETE FROM run_papers")
            self.connection.executemany("INSERT OR IGNORE INTO run_papers VALUES (?)", ((p,) for p in paper_ids))

    def put(self, facts: PaperFacts) -> None:
        """Store (or replace) one paper's facts and commit."""
        pid = facts.paper_id
        with self.connection:
            self._delete(pid)
            self.connection.execute(
                "INSERT INTO papers VALUES (?, ?, ?, ?, ?)",
                (pid, facts.source, facts.title, json.dumps(facts.authors), json.dumps(facts.keywords)),
            )
            self.connection.executemany(
                "INSERT INTO refs VALUES (?, ?, ?)", ((pid, number, norm) for number, norm in facts.references)
            )
            self.connection.executemany(
                "INSERT INTO table_rows VALUES (?, ?, ?, ?)",
                ((pid, r.table, r.row, json.dumps(r.numbers)) for r in facts.table_rows),
            )

    def delete(self, paper_id: str) -> None:
        """Forget a paper (it failed in this run)."""
        with self.connection:
            self._delete(paper_id)

    def _delete(self, paper_id: str) -> None:
        for table in ("papers", "refs", "table_rows"):
            self.connection.execute(f"DELETE FROM {table} WHERE paper_id = ?", (paper_id,))

    # ------------------------------------------------------------------ reading

    def has(self, paper_id: str) -> bool:
        """Whether facts of ``paper_id`` are stored."""
        row = self.connection.execute("SELECT 1 FROM papers WHERE paper_id = ?", (paper_id,)).fetchone()
        return row is not None

    def paper_count(self) -> int:
        """Papers of the run that have facts."""
        return self.connection.execute(
            "SELECT COUNT(*) FROM papers JOIN run_papers USING (paper_id)"
        ).fetchone()[0]

    def papers(self) -> Iterator[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]]:
        """``(paper_id, source, title, authors, keywords)`` of every paper of the run, by id."""
        rows = self.connection.execute(
            "SELECT paper_id, source, title, authors, keywords FROM papers JOIN run_papers USING (paper_id) "
            "ORDER BY paper_id"
        )
        for pid, source, title, authors, keywords in rows:
            yield pid, source, title, tuple(json.loads(authors)), tuple(json.loads(keywords))

    def authors(self, paper_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Normalised author surnames of the given papers."""
        out: dict[str, tuple[str, ...]] = {}
        for start in range(0, len(paper_ids), 500):
            chunk = list(paper_ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for pid, authors in self.connection.execute(
                f"SELECT paper_id, authors FROM papers WHERE paper_id IN ({marks})", chunk
            ):
                out[pid] = tuple(json.loads(authors))
        return out

    def ids_by_source(self) -> dict[str, str]:
        """Source path → paper id of every stored paper (a resumed batch finds its papers' ids by path)."""
        return {source: pid for pid, source in self.connection.execute("SELECT paper_id, source FROM papers")}

    def sources(self, paper_ids: Sequence[str]) -> dict[str, str]:
        """Source path of the given papers."""
        out: dict[str, str] = {}
        for start in range(0, len(paper_ids), 500):
            chunk = list(paper_ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for pid, source in self.connection.execute(
                f"SELECT paper_id, source FROM papers WHERE paper_id IN ({marks})", chunk
            ):
                out[pid] = source
        return out

    def reference_counts(self) -> dict[str, int]:
        """Distinct normalised reference strings per paper of the run (only papers that have some)."""
        rows = self.connection.execute(
            "SELECT paper_id, COUNT(DISTINCT norm) FROM refs JOIN run_papers USING (paper_id) GROUP BY paper_id"
        )
        return dict(rows)

    def distinct_reference_count(self, min_length: int = 0) -> int:
        """How many distinct normalised reference strings the run's papers hold (the universe of the tests)."""
        return self.connection.execute(
            "SELECT COUNT(DISTINCT norm) FROM refs JOIN run_papers USING (paper_id) WHERE length(norm) >= ?",
            (min_length,),
        ).fetchone()[0]

    def shared_references(self, min_papers: int = 2, min_length: int = 0) -> Iterator[tuple[str, list[str]]]:
        """Each normalised reference string found in ``min_papers`` or more papers, with those papers (sorted)."""
        rows = self.connection.execute(
            """SELECT norm, GROUP_CONCAT(paper_id, char(31)) FROM
                 (SELECT DISTINCT norm, paper_id FROM refs JOIN run_papers USING (paper_id)
                  WHERE length(norm) >= ? ORDER BY norm, paper_id)
               GROUP BY norm HAVING COUNT(*) >= ? ORDER BY norm""",
            (min_length, min_papers),
        )
        for norm, joined in rows:
            yield norm, sorted(joined.split("\x1f"))

    def pair_overlaps(self, min_shared: int, min_length: int, max_papers: int) -> Iterator[tuple[str, str, int]]:
        """Pairs of papers sharing ``min_shared`` or more strings, counting only strings in 2..``max_papers`` papers.

        Counted by SQLite (its temporary B-trees spill to disk), so memory does not grow with the
        number of pairs that share a string or two.
        """
        rows = self.connection.execute(
            """WITH eligible AS (
                   SELECT norm FROM refs JOIN run_papers USING (paper_id) WHERE length(norm) >= ?
                   GROUP BY norm HAVING COUNT(DISTINCT paper_id) BETWEEN 2 AND ?),
               cited AS (
                   SELECT DISTINCT paper_id, norm FROM refs JOIN run_papers USING (paper_id)
                   WHERE norm IN (SELECT norm FROM eligible))
               SELECT a.paper_id, b.paper_id, COUNT(*) FROM cited a JOIN cited b
                   ON a.norm = b.norm AND a.paper_id < b.paper_id
               GROUP BY a.paper_id, b.paper_id HAVING COUNT(*) >= ?
               ORDER BY a.paper_id, b.paper_id""",
            (min_length, max_papers, min_shared),
        )
        yield from rows

    def reference_numbers(self, paper_id: str, norms: Iterable[str]) -> list[int]:
        """The list numbers under which ``paper_id`` prints the given normalised strings."""
        wanted = set(norms)
        rows = self.connection.execute("SELECT number, norm FROM refs WHERE paper_id = ?", (paper_id,))
        return sorted({n for n, norm in rows if norm in wanted and n is not None})

    def shared_table_rows(self, min_papers: int = 2) -> Iterator[tuple[tuple[str, ...], list[tuple[str, str, str]]]]:
        """Each tuple of row numbers found in ``min_papers`` or more papers: ``(numbers, [(paper, table, row)...])``."""
        rows = self.connection.execute(
            """SELECT numbers, GROUP_CONCAT(paper_id || char(30) || table_label || char(30) || row_label, char(31))
               FROM table_rows JOIN run_papers USING (paper_id)
               WHERE numbers IN (SELECT numbers FROM table_rows JOIN run_papers USING (paper_id)
                                 GROUP BY numbers HAVING COUNT(DISTINCT paper_id) >= ?)
               GROUP BY numbers ORDER BY numbers""",
            (min_papers,),
        )
        for numbers, joined in rows:
            places = sorted(tuple(item.split("\x1e")) for item in joined.split("\x1f"))
            yield tuple(json.loads(numbers)), places  # type: ignore[misc]
