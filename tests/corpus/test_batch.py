"""Batch audits: discovery and ids, the two executors giving the same outputs, failures, atomic outputs, resume."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kgaudit.cli import main
from kgaudit.corpus.batch import FAILED_CHECK, BatchOptions, BatchSummary, discover_papers, run_batch
from kgaudit.errors import InputError, UsageError

# --------------------------------------------------------------------------- discovery


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "inputs", "expected"),
    [
        # a directory is searched recursively; ids come from the path inside it
        (["a.txt", "sub/b.md", "sub/deeper/c.nxml"], ["{root}"], ["a", "sub-b", "sub-deeper-c"]),
        # every supported extension, ".tei.xml" stripped whole; other files ignored
        (["p.pdf", "q.tei.xml", "r.xml", "notes.json", "s.csv"], ["{root}"], ["p", "q", "r"]),
        # hidden files and directories are skipped (editor and batch temporaries)
        ([".x.txt.123.tmp", ".cache/d.txt", "e.txt"], ["{root}"], ["e"]),
        # a glob pattern, recursive
        (["one/a.txt", "two/b.txt", "two/c.md"], ["{root}/**/*.txt"], ["a", "b"]),
        # a file named directly keeps its name as id; named twice it is one paper
        (["f.txt"], ["{root}/f.txt", "{root}/f.txt"], ["f"]),
        # two paths with one slug get a hash of the path each
        (["x/same.txt", "y/same.txt"], ["{root}/x/same.txt", "{root}/y/same.txt"], ["same-*", "same-*"]),
    ],
)
def test_discover_papers_finds_files_and_gives_stable_ids(tmp_path: Path, files: list[str], inputs: list[str],
                                                          expected: list[str]) -> None:
    _touch(tmp_path, *files)
    papers = discover_papers([i.format(root=tmp_path) for i in inputs])
    ids = [p.path_id for p in papers]
    assert len(ids) == len(expected) == len(set(ids))
    for paper_id, pattern in zip(ids, expected, strict=True):
        if pattern.endswith("*"):
            assert paper_id.startswith(pattern[:-1]) and len(paper_id) == len(pattern) - 1 + 8
        else:
            assert paper_id == pattern


def test_discover_papers_refuses_a_missing_path_and_an_empty_search(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        discover_papers([str(tmp_path / "missing.txt")])
    with pytest.raises(UsageError, match="no papers found"):
        discover_papers([str(tmp_path / "*.txt")])


# --------------------------------------------------------------------------- one run per executor


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sorted_rows(path: Path) -> list[tuple[str, ...]]:
    return sorted(tuple(row.values()) for row in _rows(path))


def test_process_pool_and_local_cluster_give_the_same_outputs(pool_run: tuple[Path, BatchSummary],
                                                              dask_run: tuple[Path, BatchSummary]) -> None:
    (pool, pool_summary), (dask, dask_summary) = pool_run, dask_run
    assert dask_summary.executor == "dask:local"
    assert _sorted_rows(pool / "findings.csv") == _sorted_rows(dask / "findings.csv")
    assert pool_summary.by_check == dask_summary.by_check and pool_summary.findings > 0
    pool_table = pd.read_parquet(pool / "findings.parquet").sort_values(["paper_id", "finding_id", "check"])
    dask_table = pd.read_parquet(dask / "findings.parquet").sort_values(["paper_id", "finding_id", "check"])
    pd.testing.assert_frame_equal(pool_table.reset_index(drop=True), dask_table.reset_index(drop=True))
    assert sorted(p.name for p in (pool / "reports").iterdir()) == sorted(p.name for p in (dask / "reports").iterdir())
    for report in (pool / "reports").iterdir():
        assert report.read_text(encoding="utf-8") == (dask / "reports" / report.name).read_text(encoding="utf-8")
    assert (json.loads((pool / "corpus_findings.json").read_text())["findings"]
            == json.loads((dask / "corpus_findings.json").read_text())["findings"])


def test_one_row_per_finding_with_paper_id_and_source(pool_run: tuple[Path, BatchSummary],
                                                      small_corpus: tuple[Path, dict]) -> None:
    out, summary = pool_run
    rows = [r for r in _rows(out / "findings.csv") if r["check"] != FAILED_CHECK and r["finding_id"].startswith("F")]
    for report_path in (out / "reports").iterdir():
        report = json.loads(report_path.read_text(encoding="utf-8"))
        mine = [r for r in rows if r["paper_id"] == report_path.stem]
        assert [r["check"] for r in mine] == [f["check"] for f in report["findings"]]
        assert all(r["source"] == report["document"]["source"] for r in mine)
    assert summary.papers == 17 and summary.audited == 14


def test_bad_papers_are_recorded_with_their_reason_and_the_batch_finishes(pool_run: tuple[Path, BatchSummary]
                                                                          ) -> None:
    out, summary = pool_run
    assert summary.failed == 3 and summary.audited == 14
    failures = {row["paper_id"]: row for row in _rows(out / "failures.csv")}
    assert set(failures) == {"binary", "empty", "malformed"}
    assert "empty" in failures["empty"]["reason"]
    assert "XML" in failures["malformed"]["reason"]
    assert all(row["error_type"] == "InputError" and "\n" not in row["reason"] for row in failures.values())
    table = {r["paper_id"]: r for r in _rows(out / "findings.csv") if r["check"] == FAILED_CHECK}
    assert {k: v["message"] for k, v in table.items()} == {k: v["reason"] for k, v in failures.items()}
    assert not any((out / "reports" / f"{name}.json").exists() for name in failures)


def test_every_paper_has_a_row_in_the_paper_table_findings_or_not(pool_run: tuple[Path, BatchSummary]) -> None:
    out, summary = pool_run
    papers = _rows(out / "papers.csv")
    assert len(papers) == summary.papers == 17
    assert Counter(row["status"] for row in papers) == {"audited": 14, "failed": 3}
    with_findings = {r["paper_id"] for r in _rows(out / "findings.csv") if r["finding_id"].startswith("F")}
    clean = [row for row in papers if row["status"] == "audited" and row["paper_id"] not in with_findings]
    assert clean and all(row["findings"] == "0" for row in clean)  # absent from findings.csv, present here
    for row in papers:
        if row["status"] == "failed":
            assert row["reason"] and row["error_type"] == "InputError" and row["errors"] == ""
            continue
        report = json.loads((out / "reports" / f"{row['paper_id']}.json").read_text(encoding="utf-8"))
        assert row["path"] == report["document"]["source"] and row["format"] == report["document"]["format"]
        assert [int(row[k]) for k in ("errors", "warnings", "info")] == [
            report["summary"][k] for k in ("errors", "warnings", "info")]
        assert int(row["checks_run"]) == len(report["checks"]["ran"]) > 0
        assert int(row["checks_skipped"]) == len(report["checks"]["skipped"])
    table = pd.read_parquet(out / "papers.parquet")
    assert list(table.columns) == list(papers[0]) and len(table) == 17
    assert table["errors"].sum() == sum(int(r["errors"] or 0) for r in papers)  # counts are numbers


def test_graphs_load_into_a_store_as_one_named_graph_per_paper(pool_run: tuple[Path, BatchSummary]) -> None:
    out, _summary = pool_run
    store = ox.Store()
    for path in sorted((out / "graphs").glob("*.nq")):
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    store.load(path=str(out / "corpus_findings.nq"), format=ox.RdfFormat.N_QUADS)
    names = {str(g.value) for g in store.named_graphs()}
    papers = {p.stem for p in (out / "reports").iterdir()}
    assert {f"https://w3id.org/kgaudit/doc/{p}" for p in papers} <= names
    count = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?f a <https://w3id.org/kgaudit/ns#Finding> } }")
    findings = sum(1 for r in _rows(out / "findings.csv") if r["check"] != FAILED_CHECK and r["finding_id"][0] == "F")
    corpus = len(json.loads((out / "corpus_findings.json").read_text())["findings"])
    assert int(next(iter(count))["n"].value) == findings + corpus


def test_outputs_leave_no_temporary_files(pool_run: tuple[Path, BatchSummary]) -> None:
    out, _summary = pool_run
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


# --------------------------------------------------------------------------- resume and interruption


class _Interrupt(Exception):
    pass


def test_an_interrupted_batch_leaves_whole_files_and_resume_finishes_it(
        small_corpus: tuple[Path, dict], pool_run: tuple[Path, BatchSummary], tmp_path: Path) -> None:
    corpus, _manifest = small_corpus
    seen: list[str] = []

    def stop_after_five(result: Any) -> None:
        seen.append(result.paper_id)
        if len(seen) == 5:
            raise _Interrupt

    with pytest.raises(_Interrupt):
        run_batch([str(corpus)], BatchOptions(out=tmp_path, workers=2), on_result=stop_after_five)
    reports = sorted((tmp_path / "reports").glob("*.json"))
    assert 5 <= len(reports) < 14
    for report in reports:  # every report on disk is complete, and so is its graph
        assert json.loads(report.read_text(encoding="utf-8"))["document"]["id"] == report.stem
        graph = ox.Store()
        graph.load(path=str(tmp_path / "graphs" / f"{report.stem}.nq"), format=ox.RdfFormat.N_QUADS)
        assert len(graph) > 100
    assert not (tmp_path / "findings.csv").exists()

    audited: list[str] = []
    summary = run_batch([str(corpus)], BatchOptions(out=tmp_path, workers=2, resume=True),
                        on_result=lambda r: audited.append(r.paper_id))
    assert summary.skipped == len(reports) and summary.audited == 14 - len(reports)
    assert set(audited).isdisjoint(r.stem for r in reports)
    expected = [r for r in _sorted_rows(pool_run[0] / "findings.csv") if FAILED_CHECK not in r]
    assert _sorted_rows(tmp_path / "findings.csv") == expected


def test_resume_skips_papers_whose_report_exists(small_corpus: tuple[Path, dict], tmp_path: Path) -> None:
    corpus, _manifest = small_corpus
    first = run_batch([str(corpus)], BatchOptions(out=tmp_path, workers=1))
    assert first.audited == 14
    ids = {Path(row["path"]).name: row["paper_id"] for row in _rows(tmp_path / "papers.csv")}
    os.remove(tmp_path / "reports" / f"{ids['paper-0003.txt']}.json")
    audited: list[str] = []
    again = run_batch([str(corpus)], BatchOptions(out=tmp_path, workers=1, resume=True),
                      on_result=lambda r: audited.append(r.paper_id))
    assert audited == [ids["paper-0003.txt"]] and again.skipped == 13
    assert again.by_check == first.by_check


# --------------------------------------------------------------------------- the command


def test_batch_command_prints_a_summary_and_exits_1_when_papers_failed(bad_papers: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(bad_papers), "--out", str(tmp_path), "--workers", "1",
                                       "--no-progress"])
    assert result.exit_code == 1, result.output
    assert "papers: 3 (0 audited, 0 already done, 3 failed)" in result.output
    assert "malformed: " in result.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--workers", "0"], "--workers must be at least 1"),  # no workers
        (["--dask", "somewhere"], "--dask takes 'local' or a scheduler address"),  # not an address
        (["--checks", "stats.nonexistent"], "unknown check"),  # a per-paper check that does not exist
        (["--checks", "corpus.nonexistent"], "unknown check"),  # a corpus check that does not exist
    ],
)
def test_batch_command_refuses_bad_options_with_exit_2(small_corpus: tuple[Path, dict], tmp_path: Path,
                                                        arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["batch", str(small_corpus[0]), "--out", str(tmp_path), *arguments])
    assert result.exit_code == 2
    assert message in result.output


# --------------------------------------------------------------------------- the resolver hook


def test_online_batch_gives_each_worker_a_resolver_session(shared_dir: Path, tmp_path: Path) -> None:
    from tests.resolve.fake_services import CrossrefReplay, EutilsReplay, FakeService

    papers = tmp_path / "papers"
    papers.mkdir()
    example = (Path(__file__).resolve().parents[2] / "data" / "examples" / "early-mobilisation.txt").read_text()
    head, _, references = example.partition("REFERENCES")
    short = head + "REFERENCES" + "\n".join(references.split("\n")[:4])  # two references: a quick lookup
    for name in ("first", "second"):
        (papers / f"{name}.txt").write_text(short, encoding="utf-8")
    with (FakeService(CrossrefReplay(shared_dir / "data").route) as crossref,
          FakeService(EutilsReplay(shared_dir / "data").route) as eutils):
        resolver = {"crossref_url": crossref.url, "eutils_url": eutils.url + "/entrez/eutils",
                    "cache_path": str(tmp_path / "cache.sqlite"), "mailto": "tests@example.org",
                    "timeout": (1.0, 1.0), "retries": 1, "backoff": 0.01}
        summary = run_batch([str(papers)], BatchOptions(out=tmp_path / "out", workers=2, online=True,
                                                        resolver_options=resolver))
        assert summary.audited == 2 and crossref.count + eutils.count > 0
    reports = sorted((tmp_path / "out" / "reports").glob("*.json"))  # one paper twice: two ids (a collision)
    assert len(reports) == 2
    for path in reports:
        assert json.loads(path.read_text(encoding="utf-8"))["resolver"]["mode"] == "online"
