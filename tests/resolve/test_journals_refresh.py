"""Refreshing journal rows from Crossref, against a local server replaying recorded Crossref answers.

The replay (``tests.resolve.fake_services.JournalsReplay``) answers from ``../shared/data/crossref``:

* ``/journals/1803-2427`` and ``/journals/2326-4225``: habanero's recorded journal records;
* ``/journals/4444-4444`` (habanero) and ``/journals/0413-6597`` (rcrossref): recorded 404s;
* ``/journals/1932-6203``: rcrossref's recorded PLoS ONE record;
* ``/journals/2167-8359``: the PeerJ record recorded in rcrossref's ``/journals?query=peerj``
  list, served in the single-journal envelope;
* ``/journals/2167-8359/works``: habanero's recorded page of 20 PeerJ works, served
  whatever the query (the recording asked for another filter; the refresh keeps
  only items of the year it samples, so the answer stays truthful);
* three broken answers made up here to test fault handling: an HTML page, a 503
  and JSON of the wrong shape.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from kgaudit.resolve.http import ResolverSession
from kgaudit.resolve.journals import entry_from_row, expected_volumes, load_journals
from kgaudit.resolve.journals_refresh import (
    fit_volume_model,
    map_subjects,
    merge_rows,
    read_table,
    refresh_journals,
    refresh_table,
    table_issns,
    write_table,
)
from tests.resolve.fake_services import FakeService

PEERJ_YEARS = range(2013, 2024)


def test_refresh_fits_peerj_volumes_and_keeps_the_table_identity(crossref: FakeService) -> None:
    known = load_journals()
    [row] = refresh_journals(["2167-8359"], crossref.url, PEERJ_YEARS, known=known)
    assert (row["id"], row["title"], row["nlm_abbrev"]) == ("peerj", "PeerJ", "PeerJ")
    assert (row["issn_print"], row["issn_online"]) == ("", "2167-8359")
    assert set(row["subjects"].split("|")) >= {"Medicine", "Neurosciences", "Molecular Biology"}
    # the recorded works say PeerJ vol = year - 2012; the fitted model agrees with the curated one
    refreshed, curated = entry_from_row(row), known.get("peerj")
    assert (row["anchor_year"], row["anchor_volumes"], row["volumes_per_year"]) == ("2023", "11", "1")
    for year in PEERJ_YEARS:
        if expected_volumes(refreshed, year) is not None:
            assert expected_volumes(refreshed, year) == expected_volumes(curated, year)
    assert "fitted to" in row["source"] and "/journals/2167-8359/works" in row["source"]


def test_refresh_samples_works_year_by_year_with_a_user_agent(crossref: FakeService) -> None:
    refresh_journals(["2167-8359"], crossref.url, range(2019, 2022))
    works = [hit for hit in crossref.hits if hit.path.endswith("/works")]
    assert [hit.query["filter"] for hit in works] == [
        [f"from-pub-date:{y},until-pub-date:{y}"] for y in (2019, 2020, 2021)
    ]
    assert all(hit.query["rows"] == ["20"] and hit.query["select"] == ["volume,issued"] for hit in works)
    assert all(hit.headers.get("User-Agent", "").startswith("kgaudit/") for hit in crossref.hits)


def test_refresh_accepts_any_session_with_get(crossref: FakeService) -> None:
    session = requests.Session()
    session.headers["User-Agent"] = "shared-session/1.0"
    errors: dict[str, str] = {}
    rows = refresh_journals(["1932-6203"], session, range(2020, 2021), base_url=crossref.url, errors=errors)
    assert [r["title"] for r in rows] == ["PLoS ONE"]
    assert rows[0]["subjects"] == "Science"  # ASJC "Multidisciplinary"
    assert crossref.hits[0].headers["User-Agent"] == "shared-session/1.0"


def test_journal_without_sampled_works_gets_no_volume_model(crossref: FakeService) -> None:
    [row] = refresh_journals(["1803-2427"], crossref.url, range(2017, 2019))
    assert row["title"] == "Journal of Landscape Ecology"
    assert (row["issn_print"], row["issn_online"]) == ("1803-2427", "1805-4196")
    assert row["anchor_year"] == "" and "no consistent volume model" in row["volume_note"]
    assert row["id"] == "issn-1803-2427"  # not in the table: an id from the ISSN


@pytest.mark.parametrize(
    ("issn", "reason"),
    [
        ("4444-4444", "not found"),  # habanero's recorded 404
        ("0413-6597", "not found"),  # rcrossref's recorded 404
        ("9999-9999", "not JSON"),  # an HTML maintenance page with status 200
        ("8888-8888", "HTTP 503"),
        ("7777-7777", "no message object"),  # JSON of the wrong shape
        ("12345678", "not an ISSN"),
    ],
)
def test_unknown_or_broken_answers_are_reported_and_the_rest_refreshed(
    crossref: FakeService, issn: str, reason: str
) -> None:
    errors: dict[str, str] = {}
    rows = refresh_journals([issn, "2326-4225"], crossref.url, range(2014, 2015), errors=errors)
    assert [r["title"] for r in rows] == ["Journal of Nutritional Ecology and Food Research"]
    assert reason in errors[issn]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(2019, 290), (2019, 293), (2020, 294), (2020, 297)], (2020, 294, 4)),  # Radiology-like, 4 a year
        ([(2013, 1), (2016, 4), (2020, 8)], (2020, 8, 1)),  # one a year with gaps
        ([(2020, 214), (2021, 217)], (2021, 216, 2)),  # two a year, anchor's first volume inferred
        ([(2020, 8)], None),  # one year says nothing about the rate
        ([(2019, 5), (2020, 5), (2021, 40)], None),  # a numbering change: no linear model
    ],
)
def test_fit_volume_model_takes_the_fewest_volumes_a_year_that_explain_every_pair(
    pairs: list[tuple[int, int]], expected: tuple[int, int, int] | None
) -> None:
    fit = fit_volume_model(pairs)
    if expected is None:
        assert fit is None
    else:
        assert (fit.anchor_year, fit.anchor_first, fit.per_year) == expected


@pytest.mark.parametrize(
    ("subjects", "expected"),
    [
        ([{"ASJC": 2741, "name": "Radiology, Nuclear Medicine and Imaging"}], ["Radiology", "Nuclear Medicine"]),
        ([{"ASJC": 2748, "name": "Urology"}, {"ASJC": 2730, "name": "Oncology"}], ["Urology", "Oncology"]),
        ([{"ASJC": 2746, "name": "Surgery"}], ["General Surgery"]),
        ([{"ASJC": 1000, "name": "Multidisciplinary"}], ["Science"]),
        ([{"ASJC": 1702, "name": "Artificial Intelligence"}], []),  # outside the list: nothing
        ([], []),
    ],
)
def test_crossref_subjects_map_onto_the_controlled_list(subjects: list[dict], expected: list[str]) -> None:
    assert map_subjects(subjects) == expected


def test_merge_fills_empty_fields_flags_disagreeing_models_and_appends_new_journals(
    crossref: FakeService, tmp_path: Path
) -> None:
    table = read_table()
    refreshed = refresh_journals(["2167-8359", "1803-2427"], crossref.url, PEERJ_YEARS)
    peerj = next(r for r in refreshed if r["id"] == "peerj")
    wrong_model = {**next(r for r in table if r["id"] == "peerj"), "anchor_volumes": "20"}
    merged = merge_rows([*[r for r in table if r["id"] != "peerj"], wrong_model], refreshed)
    by_id = {r["id"]: r for r in merged}
    assert len(merged) == len(table) + 1  # Journal of Landscape Ecology is new
    assert by_id["issn-1803-2427"]["title"] == "Journal of Landscape Ecology"
    assert by_id["peerj"]["anchor_volumes"] == "20"  # the curated value is never overwritten ...
    assert "Crossref works sample gives 2023 = vols 11-11" in by_id["peerj"]["volume_note"]  # ... it is flagged
    assert by_id["peerj"]["source"].endswith(peerj["source"])
    out = tmp_path / "journals.csv"
    write_table(merged, out)
    assert load_journals(out).resolve("Journal of Landscape Ecology").entry.id == "issn-1803-2427"


# --------------------------------------------------------------------------- through the resolver's session


def _session(crossref: FakeService, tmp_path: Path, **overrides: object) -> ResolverSession:
    options: dict[str, object] = {
        "crossref_url": crossref.url, "cache_path": tmp_path / "cache.sqlite", "mailto": "tests@example.org",
        "timeout": (1.0, 1.0), "retries": 1, "backoff": 0.01, "backoff_max": 0.02,
    }
    options.update(overrides)
    return ResolverSession(**options)  # type: ignore[arg-type]


def test_refresh_table_goes_through_the_resolver_session_and_its_cache(crossref: FakeService, tmp_path: Path) -> None:
    base = read_table()
    with _session(crossref, tmp_path) as session:
        result = refresh_table(["2167-8359", "1803-2427", "4444-4444"], session, PEERJ_YEARS, base)
        assert session.network_requests == len(crossref.hits)
    assert result.refreshed == ["peerj", "issn-1803-2427"] and result.added == ["issn-1803-2427"]
    assert result.errors == {"4444-4444": "not found"}
    assert len(result.rows) == len(base) + 1
    # the session's polite contact and User-Agent went with every request
    assert all(hit.query.get("mailto") == ["tests@example.org"] for hit in crossref.hits)
    assert all("mailto:tests@example.org" in hit.headers.get("User-Agent", "") for hit in crossref.hits)
    # a second run answers from the session's cache
    hits = len(crossref.hits)
    with _session(crossref, tmp_path) as session:
        again = refresh_table(["2167-8359"], session, PEERJ_YEARS, base)
    assert again.refreshed == ["peerj"] and len(crossref.hits) == hits


@pytest.mark.parametrize(("issn", "reason"), [
    ("8888-8888", "HTTP 503"),  # retried, then given up
    ("9999-9999", "malformed response"),  # an HTML maintenance page where JSON was due
    ("7777-7777", "no message object"),  # JSON of the wrong shape
])
def test_session_faults_are_recorded_against_the_issn(crossref: FakeService, tmp_path: Path, issn: str,
                                                      reason: str) -> None:
    with _session(crossref, tmp_path, use_cache=False) as session:
        result = refresh_table([issn, "1932-6203"], session, range(2020, 2021), read_table())
    assert result.refreshed == ["plos-one"]
    assert reason in result.errors[issn]


def test_table_issns_prefer_print_and_skip_rows_without() -> None:
    rows = [{"issn_print": "0033-8419", "issn_online": "1527-1315"}, {"issn_print": "", "issn_online": "2167-8359"},
            {"issn_print": "", "issn_online": ""}, {"issn_print": "0033-8419", "issn_online": ""}]
    assert table_issns(rows) == ["0033-8419", "2167-8359"]
