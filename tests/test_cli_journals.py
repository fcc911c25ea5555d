"""``kgaudit journals refresh`` end to end: the real command against a local server replaying recorded Crossref."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kgaudit.cli import main
from kgaudit.resolve.journals import load_journals
from kgaudit.resolve.journals_refresh import read_table
from tests.resolve.fake_services import FakeService

PACKAGED = Path(__file__).resolve().parents[1] / "kgaudit" / "data" / "journals.csv"


def _run(crossref: FakeService, tmp_path: Path, *args: str) -> Result:
    """The command as a user runs it, with Crossref's base URL from the environment and a private cache."""
    env = {"KGAUDIT_CROSSREF_URL": crossref.url, "KGAUDIT_MAILTO": ""}
    return CliRunner().invoke(main, ["journals", "refresh", "--cache", str(tmp_path / "cache.sqlite"), *args], env=env)


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def test_refresh_issns_writes_a_new_merged_table(crossref: FakeService, tmp_path: Path) -> None:
    out = tmp_path / "refreshed.csv"
    packaged_before = PACKAGED.read_bytes()
    result = _run(crossref, tmp_path, "--issn", "2167-8359", "--issn", "1803-2427", "--years", "2013-2023",
                  "--out", str(out), "--mailto", "editor@example.org")
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert len(rows) == len(read_table()) + 1  # the packaged journals, plus one Crossref knows and the table did not
    assert rows["issn-1803-2427"]["title"] == "Journal of Landscape Ecology"
    curated = next(row for row in read_table() if row["id"] == "peerj")
    assert (rows["peerj"]["anchor_year"], rows["peerj"]["anchor_volumes"]) == (
        curated["anchor_year"], curated["anchor_volumes"])  # curated values kept
    assert "refreshed 2 of 2 journal(s) from Crossref (years 2013-2023): 1 added" in result.output
    assert PACKAGED.read_bytes() == packaged_before  # never touched
    assert len(load_journals(out)) == len(rows)  # a table the knowledge base loads
    # through the resolver's session: its polite contact and User-Agent on every request
    assert crossref.hits and all(hit.query.get("mailto") == ["editor@example.org"] for hit in crossref.hits)
    assert all(hit.headers["User-Agent"].startswith("kgaudit/") for hit in crossref.hits)
    works = [hit for hit in crossref.hits if hit.path == "/journals/2167-8359/works"]
    assert [hit.query["filter"][0] for hit in works][:2] == ["from-pub-date:2013,until-pub-date:2013",
                                                             "from-pub-date:2014,until-pub-date:2014"]


def test_refresh_from_a_table_merges_into_that_table(crossref: FakeService, tmp_path: Path) -> None:
    table = tmp_path / "mine.csv"
    packaged = read_table()
    with open(table, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(packaged[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(row for row in packaged if row["id"] in ("peerj", "plos-one"))
    out = tmp_path / "out.csv"
    result = _run(crossref, tmp_path, "--from-table", str(table), "--years", "2020", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(_rows(out)) == ["peerj", "plos-one"]
    assert "refreshed 2 of 2 journal(s)" in result.output


def test_issns_crossref_does_not_know_are_warnings_and_none_is_an_error(crossref: FakeService, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    partial = _run(crossref, tmp_path, "--issn", "1932-6203", "--issn", "4444-4444", "--years", "2020", "--out",
                   str(out))
    assert partial.exit_code == 0, partial.output
    assert "kgaudit: warning: 4444-4444: not found" in partial.output
    none = _run(crossref, tmp_path, "--issn", "4444-4444", "--years", "2020", "--out", str(tmp_path / "none.csv"))
    assert none.exit_code == 2
    assert "kgaudit: error: crossref: none of 1 journal(s) could be refreshed; nothing written" in none.output
    assert not (tmp_path / "none.csv").exists()


@pytest.mark.parametrize(("args", "problem"), [
    (["--issn", "2167-8359", "--out", str(PACKAGED)], "is the packaged journal table"),
    (["--issn", "2167-8359", "--years", "last decade"], "--years takes YEAR or FIRST-LAST"),
    (["--issn", "2167-8359", "--years", "2024-2015"], "first year first"),
    ([], "name the journals to refresh"),
    (["--from-table", "no/such/table.csv"], "cannot read journal table"),
])
def test_unusable_options_are_one_line_errors(crossref: FakeService, tmp_path: Path, args: list[str],
                                              problem: str) -> None:
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "out.csv")]
    result = _run(crossref, tmp_path, *args)
    assert result.exit_code == 2
    assert result.output.startswith("kgaudit: error: ") and problem in result.output
    assert result.output.count("\n") == 1
    assert crossref.hits == []  # refused before any request


def test_an_existing_output_is_kept_unless_forced(crossref: FakeService, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    shutil.copy(PACKAGED, out)
    refused = _run(crossref, tmp_path, "--issn", "1932-6203", "--years", "2020", "--out", str(out))
    assert refused.exit_code == 2 and "exists; add --force" in refused.output
    forced = _run(crossref, tmp_path, "--issn", "1932-6203", "--years", "2020", "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
