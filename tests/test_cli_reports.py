"""The command line as a new user meets it (issue 15): what was checked, user mistakes, pipes and encodings.

Every test runs the real command in a subprocess (``python -m kgaudit`` from the checkout), on the
project's example paper or on small inputs written here.
"""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# A GROBID TEI written for this test: Table 1 kept no cells (as GROBID does with some tables), Table 2 has
# two rows, one pointer is linked to the single reference entry and one ([7]) to nothing.
SMALL_TEI = b"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title level="a" type="main">Walking after surgery</title></titleStmt></fileDesc></teiHeader>
<text><body><div><head>Results</head>
<p>Patients walked sooner <ref type="bibr" target="#b0">[1]</ref> than in an older series <ref type="bibr">[7]</ref>.</p>
<figure type="table" xml:id="tab_0"><head>Table 1</head><label>1</label><figDesc>Baseline</figDesc><table/></figure>
<figure type="table" xml:id="tab_1"><head>Table 2</head><label>2</label><figDesc>Outcomes</figDesc>
<table><row><cell>Age</cell><cell>64 (12)</cell></row><row><cell>Women</cell><cell>30 (45%)</cell></row></table></figure>
</div></body><back><div type="references"><listBibl>
<biblStruct xml:id="b0"><analytic><title level="a">A trial of walking</title>
<author><persName><surname>Okafor</surname></persName></author></analytic>
<monogr><title level="j">J Walk</title><imprint><date when="2019"/><biblScope unit="volume">3</biblScope></imprint>
</monogr></biblStruct></listBibl></div></back></text></TEI>"""


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real command in a subprocess from the checkout."""
    return subprocess.run([sys.executable, "-m", "kgaudit", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=REPO, env={**os.environ, **(env or {})})


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a refused command (exit 2, no traceback, no internal error)."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kgaudit: error: ") and "internal error" not in lines[0], lines[0]
    return lines[0]


# --------------------------------------------------------------------------- what was checked


@pytest.fixture(scope="module")
def small_tei(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tei") / "walking.tei.xml"
    path.write_bytes(SMALL_TEI)
    return path


def test_json_coverage_says_what_was_read_and_keeps_the_contract(small_tei: Path) -> None:
    # --no-cache as well: nothing is looked up at all, not even in the cache
    result = run_cli("check", str(small_tei), "--offline", "--no-cache", "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    # the contract's keys stay as they were; coverage is a new top-level key beside them
    assert list(report)[:6] == ["kgaudit_version", "document", "resolver", "summary", "checks", "findings"]
    coverage = report["coverage"]
    assert coverage["structure_recognised"] is True
    assert coverage["tables"]["read"] == [{"table": "Table 2", "cells": 2}]  # two rows: a label and a value each
    assert coverage["tables"]["not_read"] == [{"table": "Table 1", "why": "Table 1: GROBID kept no rows or cells"}]
    assert coverage["references"] == {"total": 1, "parsed": 1, "raw": 0}
    assert coverage["pointers"] == {"total": 2, "linked": 1, "unlinked": 1}
    assert set(coverage["checks_skipped"]) == {"reference.metadata_mismatch", "reference.retracted",
                                               "reference.unresolved"}  # offline: the resolver did not run
    assert "Table 1: GROBID kept no rows or cells" in coverage["notes"]


@pytest.mark.parametrize(
    ("fmt", "heading"),
    [
        ("terminal", "What was checked"),  # plain text for a terminal
        ("markdown", "## What was checked"),  # a Markdown section
        ("html", '<section id="checked">'),  # an HTML section, linked from the page's navigation
    ],
)
def test_every_format_lists_what_was_not_read(small_tei: Path, fmt: str, heading: str) -> None:
    result = run_cli("check", str(small_tei), "--offline", "--no-cache", "--format", fmt, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert heading in result.stdout
    assert "Table 1: GROBID kept no rows or cells" in text
    assert "1 not linked" in text and "references were not looked up" in text
    assert "reference.unresolved" in text  # a check that did not run, and why


def test_a_file_that_is_not_a_paper_exits_2(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Remember to buy milk and bread on the way home.\n")
    line = one_line(run_cli("check", str(note), "--offline"))
    assert str(note) in line and "no recognisable paper structure" in line


# --------------------------------------------------------------------------- user mistakes


@pytest.mark.parametrize(
    "args",
    [
        ("check", str(EXAMPLE), "--offline", "-o", "{missing}/r.txt"),  # report into a missing directory
        ("check", str(EXAMPLE), "--offline", "-o", "{file}/r.txt"),  # ... under a file
        ("check", str(EXAMPLE), "--offline", "-o", "{dir}"),  # ... onto a directory
        ("graph", str(EXAMPLE), "-o", "{missing}/g.ttl"),  # a graph into a missing directory
        ("sparql", "--query", "findings", "--paper", str(EXAMPLE), "-o", "{missing}/s.csv"),  # query results
        ("batch", str(EXAMPLE), "--out", "{file}/out", "--workers", "1"),  # a batch directory under a file
    ],
)
def test_an_output_that_cannot_be_written_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-dir").mkdir()
    places = {"missing": str(tmp_path / "no" / "such"), "file": str(tmp_path / "a-file"),
              "dir": str(tmp_path / "a-dir")}
    argv = [a.format(**places) for a in args]
    line = one_line(run_cli(*argv))
    assert "cannot write the output" in line or "is a directory" in line, line
    assert not list(tmp_path.rglob("*.tmp"))


def test_serve_on_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("load", str(EXAMPLE), "--store", str(store)).returncode == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--store", str(store), "--port", str(port), timeout=60)
    line = one_line(result)
    assert f"port {port}" in line and "already in use" in line
    assert "panicked" not in result.stderr and "SPARQL endpoint" not in result.stderr


# --------------------------------------------------------------------------- pipes, encodings, formats


def test_a_reader_that_went_away_stops_the_command_with_141() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the report is written (a pager quit early)
    try:
        result = subprocess.run([sys.executable, "-m", "kgaudit", "check", str(EXAMPLE), "--offline"],
                                stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=300, cwd=REPO)
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == ""


@pytest.mark.parametrize(
    "encoding",
    [
        "utf-16",  # Word's "Unicode text": UTF-16 little-endian with a byte-order mark
        "utf-16-be",  # big-endian, no byte-order mark
        "utf-16-le",  # little-endian, no byte-order mark
        "utf-32",  # UTF-32 with a byte-order mark
    ],
)
def test_wide_unicode_text_is_read(tmp_path: Path, encoding: str) -> None:
    paper = tmp_path / "paper.txt"
    paper.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode(encoding))
    result = run_cli("check", str(paper), "--offline", "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["resolver"]["references"] == 12
    assert report["document"]["title"].startswith("Early Mobilisation After Hip Fracture")


@pytest.mark.parametrize(("option", "value"), [("--format", "HTML"), ("--format", "Json"), ("--fail-on", "NEVER")])
def test_choices_are_case_insensitive(option: str, value: str) -> None:
    args = ["check", str(EXAMPLE), "--offline", option, value]
    result = run_cli(*args, *([] if option == "--fail-on" else ["--fail-on", "never"]))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("parts", "named"),
    [
        ({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}, "a Word document (.docx)"),
        ({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}, "an Excel workbook (.xlsx)"),
    ],
)
def test_office_files_are_named_not_called_binary(tmp_path: Path, parts: dict[str, str], named: str) -> None:
    path = tmp_path / "paper.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    line = one_line(run_cli("check", str(path), "--offline"))
    assert named in line and "binary" not in line


# --------------------------------------------------------------------------- the terminal report


def test_terminal_report_follows_the_width_and_groups_by_check() -> None:
    narrow = run_cli("check", str(EXAMPLE), "--offline", "--fail-on", "never", env={"COLUMNS": "60"})
    wide = run_cli("check", str(EXAMPLE), "--offline", "--fail-on", "never", env={"COLUMNS": "160"})
    assert narrow.returncode == wide.returncode == 0
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert max(len(line) for line in wide.stdout.splitlines()) > 100
    text = wide.stdout
    assert "6 errors, 3 warnings, 0 info" in text
    assert "Severity: error = certain from the printed text" in text
    assert re.search(r"citation\.author_year_mismatch\s+2 warnings", text)  # the summary by check
    group = text.index("warning citation.author_year_mismatch (2)")  # one heading, its findings underneath
    underneath = []
    for line in text[group:].splitlines()[1:]:
        if not line.startswith(" "):
            break  # the next check's heading
        underneath += [word for word in line.split()[:1] if re.fullmatch(r"F\d{4}", word)]
    assert underneath == ["F0004", "F0005"]
    assert not ANSI.search(text)  # not a terminal: no colour codes


def test_markdown_says_info_not_infos(tmp_path: Path) -> None:
    result = run_cli("check", str(EXAMPLE), "--offline", "--format", "markdown", "--fail-on", "never")
    assert "**6 errors, 3 warnings, 0 info.**" in result.stdout
    assert "Infos" not in result.stdout and "1 warnings" not in result.stdout


# --------------------------------------------------------------------------- load and batch


def test_load_says_how_many_papers_the_store_holds(tmp_path: Path) -> None:
    store = tmp_path / "store"
    other = tmp_path / "other.txt"
    # a second paper: the example with another title (a paper's id comes from its title)
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace("Early Mobilisation", "Late Mobilisation", 1))
    first = run_cli("load", str(EXAMPLE), "--store", str(store))
    second = run_cli("load", str(other), "--store", str(store))
    assert first.returncode == second.returncode == 0, second.stderr
    assert "loaded 1 of 1 papers" in second.stdout
    assert "now holds 2 papers" in second.stdout  # not "1 of 1 papers" for a store holding two


def test_load_says_a_running_server_must_be_restarted(tmp_path: Path) -> None:
    # a read-only server answers from the store as it was when it started (checked by hand with the
    # oxigraph server: a paper loaded afterwards is not seen); load says so, and serve's help too
    result = run_cli("load", str(EXAMPLE), "--store", str(tmp_path / "store"))
    assert result.returncode == 0, result.stderr
    assert "restart it to query these" in result.stderr
    assert "restarted" in " ".join(run_cli("serve", "--help").stdout.split())


def test_batch_progress_is_plain_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = run_cli("batch", str(EXAMPLE), "--out", str(tmp_path / "out"), "--workers", "1")
    assert result.returncode in (0, 1), result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("kgaudit: batch:")]
    assert lines[0] == "kgaudit: batch: 0 of 1 papers audited (0 failed)"
    assert lines[-1] == "kgaudit: batch: 1 of 1 papers audited (0 failed)"
    quiet = run_cli("batch", str(EXAMPLE), "--out", str(tmp_path / "quiet"), "--workers", "1", "--no-progress")
    assert "kgaudit: batch:" not in quiet.stderr


def test_batch_ids_are_the_document_ids_and_a_shared_id_is_explicit(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (papers / "a.txt").write_text(text, encoding="utf-8")
    (papers / "b.txt").write_text(text, encoding="utf-8")  # the same paper again: the same document id
    (papers / "c.txt").write_text(text.replace("Early Mobilisation", "Late Mobilisation", 1), encoding="utf-8")
    result = run_cli("batch", str(papers), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress")
    assert result.returncode in (0, 1), result.stderr
    with open(tmp_path / "out" / "papers.csv", encoding="utf-8", newline="") as handle:
        rows = {Path(row["path"]).name: row for row in csv.DictReader(handle)}
    checked = {name: json.loads(run_cli("check", str(papers / name), "--offline", "--format", "json",
                                        "--fail-on", "never").stdout)["document"]["id"] for name in ("a.txt", "c.txt")}
    # the ids check (and load) give, not ones made from the file names
    assert rows["a.txt"]["paper_id"] == checked["a.txt"] and rows["c.txt"]["paper_id"] == checked["c.txt"]
    assert rows["a.txt"]["id_collision"] == rows["c.txt"]["id_collision"] == ""
    # the second file with a's id: the id with a hash of its path, and the collision named
    assert rows["b.txt"]["id_collision"] == checked["a.txt"]
    assert re.fullmatch(re.escape(checked["a.txt"]) + r"-[0-9a-f]{8}", rows["b.txt"]["paper_id"])
    assert "id collisions: 1 file" in result.stdout
    graph = (tmp_path / "out" / "graphs" / f"{rows['b.txt']['paper_id']}.nq").read_text(encoding="utf-8")
    assert f"/doc/{checked['a.txt']}/" not in graph  # its graph's IRIs are its own


def test_batch_on_a_local_dask_cluster_prints_no_traceback(tmp_path: Path) -> None:
    # a successful batch on a real LocalCluster says its progress and nothing else on stderr (issue 15
    # saw a traceback: a worker dropping pyoxigraph results on its event-loop thread)
    papers = tmp_path / "papers"
    papers.mkdir()
    for name in ("a", "b", "c"):
        (papers / f"{name}.txt").write_text(EXAMPLE.read_text(encoding="utf-8").replace(
            "Early Mobilisation", f"Early Mobilisation {name}", 1), encoding="utf-8")
    result = run_cli("batch", str(papers), "--out", str(tmp_path / "out"), "--dask", "local", "--workers", "2")
    assert result.returncode in (0, 1), result.stderr
    assert "papers: 3 (3 audited" in result.stdout
    assert [line for line in result.stderr.splitlines() if not line.startswith("kgaudit: batch:")] == []


# --------------------------------------------------------------------------- SPARQL mistakes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT ?x WHERE { ?x foo:bar ?y }", "unknown prefix foo:"),  # a prefix nobody declared
        ("PREFIX a: <http://example.org/>\nINSERT DATA { a:b a:c a:d }", "this is a SPARQL Update (INSERT"),  # update
        ("DELETE WHERE { ?s ?p ?o }", "this is a SPARQL Update (DELETE"),  # an update with no prologue
        ("SELECT ?x WHERE { ?x kga:check ?y ", "SPARQL syntax error at line 1"),  # any other error: the position
    ],
)
def test_sparql_mistakes_are_explained(query: str, expected: str) -> None:
    line = one_line(run_cli("sparql", query, "--paper", str(EXAMPLE)))
    assert expected in line, line


@pytest.mark.parametrize(
    ("bindings", "expected"),
    [
        (("severity=warning",), 3),  # a variable the query does not return (refused before issue 15)
        (("severity=error", "check=stats.percentage_mismatch"), 1),  # one returned and one not, together
    ],
)
def test_sparql_binds_a_variable_the_query_does_not_return(bindings: tuple[str, ...], expected: int) -> None:
    query = "SELECT ?check ?finding WHERE { ?finding kga:check ?check ; kga:severity ?severity }"
    arguments = [part for binding in bindings for part in ("--bind", binding)]
    result = run_cli("sparql", query, "--paper", str(EXAMPLE), *arguments, "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    every = json.loads(run_cli("check", str(EXAMPLE), "--offline", "--format", "json", "--fail-on", "never").stdout)
    wanted = dict(b.split("=", 1) for b in bindings)
    matching = [f for f in every["findings"] if all(f[k] == v for k, v in wanted.items())]
    assert len(rows) == len(matching) == expected
    if "check" in wanted:
        assert {r["check"]["value"] for r in rows} <= {wanted["check"]}


def test_html_draws_no_empty_p_value_chart(small_tei: Path, tmp_path: Path) -> None:
    # the small TEI has no p-value finding: a sentence says so, and no empty axes are drawn
    out = tmp_path / "report.html"
    result = run_cli("check", str(small_tei), "--offline", "--format", "html", "-o", str(out), "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    figure = out.read_text(encoding="utf-8").split('<figure id="p-values">')[1].split("</figure>")[0]
    assert "<svg" not in figure and "nothing to draw" in figure


# A JATS article written for this test: its only table is an image (a <graphic>, no cells).
IMAGE_TABLE_JATS = b"""<?xml version="1.0"?><article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta>
<title-group><article-title>Walking after surgery</article-title></title-group></article-meta></front>
<body><sec><title>Results</title><p>Patients walked sooner <xref ref-type="bibr" rid="r1">1</xref>.</p>
<table-wrap id="t1"><label>Table 1</label><caption><p>Baseline</p></caption><graphic xlink:href="t1.jpg"/></table-wrap>
</sec></body><back><ref-list><ref id="r1"><mixed-citation>Okafor A. A trial of walking. J Walk. 2019;3:1-9.
</mixed-citation></ref></ref-list></back></article>"""


@pytest.mark.parametrize("fmt", ["json", "terminal", "markdown", "html"])
def test_an_image_only_table_is_reported_as_not_read(tmp_path: Path, fmt: str) -> None:
    paper = tmp_path / "image-table.xml"
    paper.write_bytes(IMAGE_TABLE_JATS)
    result = run_cli("check", str(paper), "--offline", "--format", fmt, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        tables = json.loads(result.stdout)["coverage"]["tables"]
        assert tables == {"found": 1, "read": [],
                          "not_read": [{"table": "Table 1", "why": "Table 1 is an image only; no cells read"}]}
    else:
        assert "Table 1 is an image only; no cells read" in " ".join(result.stdout.split())
