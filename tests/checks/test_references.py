"""Reference-list checks that need no resolver: recycled titles, future years, pages, author pools."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit import audit
from kgaudit.api import Report
from kgaudit.checks.references import template_families


@pytest.fixture(scope="module")
def seed_report(seed_path: Path) -> Report:
    return audit(seed_path, checks=["reference"])


def test_templated_titles_are_one_finding_naming_all_entries(seed_report: Report) -> None:
    templates = [f for f in seed_report.findings if f.check == "reference.recycled_title"
                 and f.evidence["kind"] == "template"]
    assert len(templates) == 1
    assert templates[0].location.references == tuple(range(1, 26))
    assert templates[0].evidence["stem"] == "image guided cryoablation of small renal masses in clinical practice"


def test_titles_copying_the_citing_papers_title(seed_report: Report) -> None:
    copies = [f for f in seed_report.findings if f.evidence.get("kind") == "copies_citing_title"]
    assert [f.location.references for f in copies] == [tuple(range(1, 26))]


def test_no_pairwise_duplicates_inside_a_reported_family(seed_report: Report) -> None:
    assert not [f for f in seed_report.findings if f.evidence.get("kind") == "near_duplicate"]


def test_rotated_author_pool(seed_report: Report) -> None:
    pool = [f for f in seed_report.findings if f.check == "reference.author_pool"]
    assert len(pool) == 1
    assert pool[0].evidence["distinct_surnames"] == 25 and pool[0].evidence["author_slots"] == 75
    assert pool[0].evidence["author_count_distribution"] == {"3": 25}


def test_seed_has_no_future_years_or_bad_pages(seed_report: Report) -> None:
    assert not [f for f in seed_report.findings if f.check in ("reference.future_year", "reference.implausible_pages")]


@pytest.mark.parametrize(
    ("titles", "families"),
    [
        # three titles with one long stem and swapped endings
        ({1: "Outcomes of robotic knee replacement in older adults: a cohort study",
          2: "Outcomes of robotic knee replacement in older adults: a registry analysis",
          3: "Outcomes of robotic knee replacement in older adults: lessons learned"},
         [("outcomes of robotic knee replacement in older adults", [1, 2, 3])]),
        # only two share the stem: not a family
        ({1: "Outcomes of robotic knee replacement in older adults: a cohort study",
          2: "Outcomes of robotic knee replacement in older adults: a registry analysis",
          3: "Something else entirely about hips"}, []),
        # a shared short opening ("Global, regional, and national") is how real series titles look
        ({1: "Global, regional, and national incidence of tuberculosis in 195 countries",
          2: "Global, regional, and national burden of stroke, 1990-2016",
          3: "Global, regional, and national age-sex specific mortality for 264 causes"}, []),
        # nested stems (two share twelve words, the third eight): one family under the shortest stem
        ({1: "Effects of aerobic exercise on sleep quality in older adults with insomnia",
          2: "Effects of aerobic exercise on sleep quality in older adults with depression",
          3: "Effects of aerobic exercise on sleep quality in children"},
         [("effects of aerobic exercise on sleep quality in", [1, 2, 3])]),
        # two interleaved families of equal size: each found, in the order of their first entries
        ({1: "Prevalence of type 2 diabetes among adults in rural Kenya",
          2: "Burden of chronic kidney disease in low income settings today: Peru",
          3: "Prevalence of type 2 diabetes among adults in rural Ghana",
          4: "Burden of chronic kidney disease in low income settings today: Chile",
          5: "Prevalence of type 2 diabetes among adults in rural Malawi",
          6: "Burden of chronic kidney disease in low income settings today: Bolivia"},
         [("prevalence of type 2 diabetes among adults in rural", [1, 3, 5]),
          ("burden of chronic kidney disease in low income settings today", [2, 4, 6])]),
        # a shared opening shorter than six words is no template, however alike the titles
        ({1: "Notes on the genus Aus", 2: "Notes on the genus Bus", 3: "Notes on the genus Cus"}, []),
    ],
)
def test_template_families(titles: dict[int, str], families: list[tuple[str, list[int]]]) -> None:
    assert template_families(titles) == families


def _paper(refs: str, year: str = "2020") -> str:
    return (f"A Study Written Here For Testing Reference Checks\n\nPublished: 01.06.{year}\n\nINTRODUCTION\n\n"
            f"We cite things [1,2,3].\n\nREFERENCES\n\n{refs}")


@pytest.mark.parametrize(
    ("refs", "check", "severity"),
    [
        # published 2020, cites 2023 -> error
        ("1. Lee A, Park B. A title. BMJ. 2023;380:1-9.\n2. Kim C. Another. Lancet. 2019;393:10-20.\n"
         "3. Cho D. Third. JAMA. 2018;320:5-12.", "reference.future_year", "error"),
        # cites 2021 -> one year after: warning (online-first)
        ("1. Lee A, Park B. A title. BMJ. 2021;372:1-9.\n2. Kim C. Another. Lancet. 2019;393:10-20.\n"
         "3. Cho D. Third. JAMA. 2018;320:5-12.", "reference.future_year", "warning"),
        # cites 2022 -> two years after, even "in press": still an error
        ("1. Lee A, Park B. A title. BMJ. 2022;380:1-9. In press.\n2. Kim C. Another. Lancet. 2019;393:10-20.\n"
         "3. Cho D. Third. JAMA. 2018;320:5-12.", "reference.future_year", "error"),
        # an entry in which no author can be read (a publisher's note after the list) "dated" 2045: may not be
        # a reference at all, so only worth a look
        ("1. This article cites 35 articles. Open Access: distributed under a licence 2045.\n"
         "2. Kim C. Another. Lancet. 2019;393:10-20.\n3. Cho D. Third. JAMA. 2018;320:5-12.",
         "reference.future_year", "info"),
        # pages 420-390 end before they start
        ("1. Lee A, Park B. A title. BMJ. 2019;365:420-390.\n2. Kim C. Another. Lancet. 2019;393:10-20.\n"
         "3. Cho D. Third. JAMA. 2018;320:5-12.", "reference.implausible_pages", "error"),
        # an 810-page article that is 1420-1429 with one digit mistyped
        ("1. Lee A, Park B. A title. BMJ. 2019;365:1420-2429.\n2. Kim C. Another. Lancet. 2019;393:10-20.\n"
         "3. Cho D. Third. JAMA. 2018;320:5-12.", "reference.implausible_pages", "warning"),
        # a start page that lost a digit: 63-648 for 638-648
        ("1. Lee A, Park B. A title. BMJ. 2019;365:63-648.\n2. Kim C. Another. Lancet. 2019;393:10-20.\n"
         "3. Cho D. Third. JAMA. 2018;320:5-12.", "reference.implausible_pages", "warning"),
    ],
)
def test_dates_and_pages(refs: str, check: str, severity: str) -> None:
    findings = [f for f in audit(_paper(refs), checks=["reference"]).findings if f.check == check]
    assert [(f.location.reference, f.severity) for f in findings] == [(1, severity)]


@pytest.mark.parametrize(
    "pages",
    [
        "1-310",  # a monograph in a museum bulletin: long, but no slip makes it an ordinary article
        "100-999",  # long with no one-slip reading under 40 pages: could be a monograph, not judged
        "2210-2216",  # an ordinary range
    ],
)
def test_long_spans_without_a_typo_reading_are_left_alone(pages: str) -> None:
    refs = (f"1. Lee A, Park B. A title. Bull Mus Nat Hist. 2019;365:{pages}.\n"
            "2. Kim C. Another. Lancet. 2019;393:10-20.\n3. Cho D. Third. JAMA. 2018;320:5-12.")
    findings = audit(_paper(refs), checks=["reference.implausible_pages"]).findings
    assert findings == []


def test_clean_reference_list_gives_nothing() -> None:
    refs = ("1. Lee A, Park B. A title about hearts. BMJ. 2019;365:l123.\n"
            "2. Kim C. Another title about lungs. Lancet. 2019;393(10180):10-20.\n"
            "3. Cho D, Ivanova E, Smith F. Third title about kidneys. JAMA. 2018;320(1):5-12.")
    findings = [f for f in audit(_paper(refs), checks=["reference"]).findings if f.check != "reference.venue_mismatch"]
    assert findings == []


@pytest.mark.parametrize(
    ("first", "last", "printed", "expected"),
    [
        (17082, 6, "6", 17086),  # Vancouver abbreviation: 17082-6
        (2597, 604, "604", 2604),
        (329, 44, "44", 344),
        (284, 29, "29", 229),  # no reading of 284-29 is a valid range: still ends before it starts
        (5, 12, "12", 12),  # printed in full
        (100, 99, "099", 99),  # zero-padded: taken as printed
    ],
)
def test_abbreviated_last_pages_are_expanded(first: int, last: int, printed: str, expected: int) -> None:
    from kgaudit.checks.references import _expanded_last_page

    assert _expanded_last_page(first, last, printed) == expected


def _recycled(refs: str, title: str = "A Study Written Here For Testing Reference Checks") -> list[tuple[str, tuple]]:
    text = (f"{title}\n\nPublished: 01.06.2020\n\nINTRODUCTION\n\nWe cite things [1,2,3,4].\n\n"
            f"REFERENCES\n\n{refs}")
    findings = audit(text, checks=["reference.recycled_title"]).findings
    return [(f.evidence["kind"], f.location.references) for f in findings]


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        # the same work listed twice (capitalisation apart): a duplicate entry
        ("1. Ode A. Tidal mixing in shallow northern bays. Estuar Sci. 2011;4:10-19.\n"
         "2. Ode A. Tidal Mixing in Shallow Northern Bays. Estuar Sci. 2011;4:10-19.\n"
         "3. Lu B. Unrelated. Geo Lett. 2012;1:1-5.", [("near_duplicate", (1, 2))]),
        # the two parts of one series: "Part 1" and "Part 2" are different works
        ("1. Ode A. Tidal mixing in shallow northern bays, part 1. Estuar Sci. 2011;4:10-19.\n"
         "2. Ode A. Tidal mixing in shallow northern bays, part 2. Estuar Sci. 2012;5:20-29.\n"
         "3. Lu B. Unrelated. Geo Lett. 2012;1:1-5.", []),
        # a statement and its later edition, told apart by the year in its title
        ("1. Ode A. Reporting statement for tidal mixing trials in bays. Estuar Sci. 2004;4:10-19.\n"
         "2. Ode A. Reporting 2010 statement for tidal mixing trials in bays. Estuar Sci. 2012;5:20-29.\n"
         "3. Lu B. Unrelated. Geo Lett. 2012;1:1-5.", []),
        # two web pages of one site that the parser titles alike, with different addresses
        ("1. Bay Research Centre; tidal gauge records and station metadata. Available from: http://bay.example/a\n"
         "2. Bay Research Centre; tidal gauge records and station metadata. Available from: http://bay.example/b\n"
         "3. Lu B. Unrelated. Geo Lett. 2012;1:1-5.", []),
        # three volumes of one book series: numbered endings are no template
        ("1. Ode A. The fishes of the northern tidal bays and estuaries, volume 1. Bay Press; 1991.\n"
         "2. Ode A. The fishes of the northern tidal bays and estuaries, volume 2. Bay Press; 1993.\n"
         "3. Ode A. The fishes of the northern tidal bays and estuaries, volume 3. Bay Press; 1994.", []),
    ],
)
def test_duplicate_titles_but_not_numbered_parts_or_different_links(refs: str, expected: list) -> None:
    assert _recycled(refs) == expected


@pytest.mark.parametrize(
    ("title", "refs", "expected"),
    [
        # a cited title repeating the paper's whole title is still reported
        ("Tidal mixing in shallow northern bays of the Baltic",
         "1. Ode A. Tidal mixing in shallow northern bays of the Baltic: a review. Estuar Sci. 2011;4:10-19.\n"
         "2. Lu B. Unrelated. Geo Lett. 2012;1:1-5.", [("copies_citing_title", (1,))]),
        # the paper's own data set deposited under its title ("Data from: ...")
        ("Tidal mixing in shallow northern bays of the Baltic",
         "1. Ode A. Data from: tidal mixing in shallow northern bays of the Baltic. Dryad; 2011.\n"
         "2. Lu B. Unrelated. Geo Lett. 2012;1:1-5.", []),
        # a short topic phrase before the colon shared with a companion paper is no copy
        ("Tidal mixing and stratification: theoretical considerations",
         "1. Ode A. Tidal mixing and stratification in a general class of bay models. Estuar Sci. 2011;4:10-19.\n"
         "2. Lu B. Unrelated. Geo Lett. 2012;1:1-5.", []),
    ],
)
def test_titles_copying_the_citing_title(title: str, refs: str, expected: list) -> None:
    assert _recycled(refs, title) == expected


def test_an_in_press_reference_dated_next_year_is_not_a_future_year() -> None:
    refs = ("1. Lee A, Park B. A title. BMJ. 2021. In press.\n2. Kim C. Another. Lancet. 2019;393:10-20.\n"
            "3. Cho D. Third. JAMA. 2018;320:5-12.")
    assert audit(_paper(refs), checks=["reference.future_year"]).findings == []


def _pool_paper(author_counts: list[int]) -> str:
    """Twelve references drawing every author from six surnames, with the given number of authors each."""
    names = ["Ode A", "Lu B", "Rask C", "Vey D", "Mott E", "Pell F"]
    lines = []
    for n, count in enumerate(author_counts, start=1):
        authors = ", ".join(names[(n + k) % len(names)] for k in range(count))
        lines.append(f"{n}. {authors}. Study number {n} of tidal bays. Estuar Sci. 2015;{n}:1-9.")
    return _paper("\n".join(lines))


@pytest.mark.parametrize(
    ("author_counts", "flagged"),
    [
        ([3] * 12, True),  # one small pool, every entry with three authors: an invented list's signature
        ([1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 1], False),  # the same recurring names with varied counts: a community
    ],
)
def test_author_pool_needs_uniform_author_counts(author_counts: list[int], flagged: bool) -> None:
    findings = audit(_pool_paper(author_counts), checks=["reference.author_pool"]).findings
    assert len(findings) == (1 if flagged else 0)
