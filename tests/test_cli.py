"""The kgaudit command: exit codes, one-line errors, the JSON contract, documented commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgaudit.cli import main

REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess (what a user runs)."""
    return subprocess.run(
        [sys.executable, "-m", "kgaudit", *args], capture_output=True, text=True, timeout=120, cwd=REPO
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),  # empty file
        (b"   \n\n  ", "empty"),  # only whitespace
        (b"\x00\x01\x02\x03binary\x00garbage" * 50, "binary"),  # binary bytes
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),  # an image renamed .txt
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path: Path, content: bytes, problem: str) -> None:
    paper = tmp_path / "paper.txt"
    paper.write_bytes(content)
    result = run_cli("check", str(paper), "--offline")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(paper) in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.txt"), "--offline")
    assert result.returncode == 2
    assert "no such file" in result.stderr and "Traceback" not in result.stderr


def test_non_utf8_text_is_decoded_not_refused(tmp_path: Path, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("¹", "1").replace("±", "+/-")
    text = text.encode("ascii", "replace").decode("ascii").replace("Research Article", "Résumé Article Über")
    paper = tmp_path / "latin1.txt"
    paper.write_bytes(text.encode("latin-1"))
    result = run_cli("check", str(paper), "--offline", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["resolver"]["references"] == 25


def test_check_seed_json_follows_the_contract(seed_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(seed_path), "--offline", "--format", "json"])
    assert result.exit_code == 1  # the seed has error findings
    report = json.loads(result.output)
    assert set(report) >= {"kgaudit_version", "document", "resolver", "summary", "findings"}
    assert report["document"]["format"] == "text"
    # Offline, the resolver may read its cache ("cache-only") but the test cache is empty: nothing is verified.
    assert report["resolver"]["mode"] in ("offline", "cache-only")
    assert (report["resolver"]["references"], report["resolver"]["resolved"], report["resolver"]["unverified"]) == (
        25, 0, 25)
    first = report["findings"][0]
    assert set(first) == {"id", "check", "severity", "message", "location", "evidence"}
    assert set(first["location"]) >= {"section", "table", "row", "column", "reference", "quote"}
    mismatches = [f for f in report["findings"] if f["check"] == "citation.author_year_mismatch"]
    assert len(mismatches) == 8
    assert all(isinstance(f["location"]["reference"], int) for f in mismatches)
    assert report["summary"]["errors"] == sum(1 for f in report["findings"] if f["severity"] == "error")
    assert not any(f["check"] == "reference.unresolved" for f in report["findings"])


def test_author_year_mismatch_says_which_reference_the_author_is(seed_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(seed_path), "--offline", "--format", "json",
                                       "--checks", "citation"])
    report = json.loads(result.output)
    by_quote = {f["location"]["quote"]: f for f in report["findings"] if f["check"] == "citation.author_year_mismatch"}
    kim = by_quote["Kim et al. (2019)"]
    assert kim["location"]["reference"] == 14
    assert "Taylor" in kim["message"] and "2015" in kim["message"]
    # Kim is reference 1's first author, but that is 2023, not 2019: no reference matches name and year.
    assert kim["evidence"]["matching_references"] == ""
    assert "no reference in the list has first author Kim and year 2019" in kim["message"]


def test_example_paper_runs_and_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = run_cli("check", "data/examples/early-mobilisation.txt", "--offline", "--format", "markdown",
                     "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert "citation.author_year_mismatch" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("checks", "fail_on", "code"),
    [
        ("citation.uncited_reference", "error", 0),  # only a warning (uncited reference 12): not a failure
        ("citation.uncited_reference", "warning", 1),  # ... unless warnings count
        ("citation", "error", 1),  # the planted author-year mismatches are errors
        ("citation", "never", 0),  # a report was written: success, whatever it says
    ],
)
def test_fail_on_chooses_which_findings_make_exit_1(tmp_path: Path, checks: str, fail_on: str, code: int) -> None:
    out = tmp_path / "report.json"
    example = str(REPO / "data" / "examples" / "early-mobilisation.txt")
    result = CliRunner().invoke(main, ["check", example, "--offline", "--checks", checks, "--fail-on", fail_on,
                                       "--format", "json", "-o", str(out)])
    assert result.exit_code == code, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]


@pytest.mark.parametrize("rdf_format", ["turtle", "nt", "nquads", "json-ld"])
def test_graph_command_writes_a_loadable_graph(tmp_path: Path, seed_path: Path, rdf_format: str) -> None:
    from kgaudit import load_graph

    suffix = {"turtle": ".ttl", "nt": ".nt", "nquads": ".nq", "json-ld": ".jsonld"}[rdf_format]
    out = tmp_path / f"seed{suffix}"
    result = CliRunner().invoke(main, ["graph", str(seed_path), "--rdf-format", rdf_format, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(load_graph(out)) > 1000


def test_unknown_check_is_a_usage_error(seed_path: Path) -> None:
    result = run_cli("check", str(seed_path), "--offline", "--checks", "nonsense.check")
    assert result.returncode == 2
    assert "unknown check" in result.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in main.commands if f"kgaudit {name}" not in readme]
    assert missing == []


@pytest.mark.parametrize(
    "args",
    [
        ["checks"],  # a short listing
        ["check", "data/examples/early-mobilisation.txt", "--offline"],  # a report (exit 1 if written)
    ],
)
def test_a_closed_pipe_ends_the_command_quietly(args: list[str]) -> None:
    # "kgaudit check paper.txt | head -1": the reader is gone before the command writes
    process = subprocess.Popen([sys.executable, "-m", "kgaudit", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=REPO)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141  # what a shell reports for a tool stopped by SIGPIPE
    assert stderr == ""


def test_checks_lists_the_batch_only_corpus_checks() -> None:
    from kgaudit.corpus.crosspaper import CORPUS_CHECKS

    result = CliRunner().invoke(main, ["checks"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("corpus.")}
    assert set(rows) == set(CORPUS_CHECKS)
    for check_id, severity in CORPUS_CHECKS.items():
        assert rows[check_id].split()[1:3] == [severity, "batch"]
        assert rows[check_id].endswith("[batch only: kgaudit batch]")
    # a description, not just the id: the first sentence of the check's documentation
    assert "overlap far beyond chance" in rows["corpus.reference_overlap"]
    assert "citation.undefined_reference" in result.output  # the single-paper checks are still listed
