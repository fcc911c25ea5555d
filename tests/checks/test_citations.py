"""Citation rules on small papers written here: true mismatches, and mentions that must stay unflagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit import audit
from kgaudit.ingest.names import first_author_keys

_NUMBERED = """A Study of Phage Lysis Timing in Some Detail

INTRODUCTION

{sentence}

REFERENCES

1. Wang IN, Smith DL, Young R. Holins: the protein clocks. Annu Rev Microbiol. 2000;54:799-825.
2. Wang IN, Deaton J, Young R. Sizing the holin lesion. J Bacteriol. 2003;185:779-87.
3. Wang IN. Lysis timing and bacteriophage fitness. Genetics. 2006;172:17-26.
4. Kim JH, Park S. Another study of lysis. J Virol. 2010;84:100-9.
"""


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # no year named: Wang is reference 2's first author, whatever else Wang wrote in other years
        ("The model of Wang et al. [2] was extended [1,3,4].", []),
        # the number points at Wang's paper, but the sentence names Kim: a true mismatch
        ("The model of Kim et al. [2] was extended [1,3,4].", [2]),
        # a year named that the denoted reference does not have
        ("The model of Wang et al. (2006) [2] was extended [1,3,4].", [2]),
    ],
)
def test_numbered_author_mentions(sentence: str, expected: list[int]) -> None:
    report = audit(_NUMBERED.format(sentence=sentence), checks=["citation.author_year_mismatch"])
    assert [f.location.reference for f in report.findings] == expected, [f.message for f in report.findings]


def test_mismatch_without_a_year_names_the_authors_references() -> None:
    report = audit(_NUMBERED.format(sentence="The model of Kim et al. [2] was extended [1,3,4]."),
                   checks=["citation.author_year_mismatch"])
    assert "the named author is first author of reference(s) 4 (2010)" in report.findings[0].message


def test_year_named_matches_another_reference() -> None:
    report = audit(_NUMBERED.format(sentence="The model of Wang et al. (2006) [2] was extended [1,3,4]."),
                   checks=["citation.author_year_mismatch"])
    assert report.findings[0].evidence["matching_references"] == "3"


_JATS = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article"><front><article-meta>
<title-group><article-title>Model selection in flocks of birds studied for years</article-title></title-group>
<pub-date pub-type="epub"><year>2019</year></pub-date></article-meta></front>
<body><sec><title>Analysis</title><p>We used AIC ({pointer}).</p></sec></body>
<back><ref-list><ref id="CIT1"><element-citation publication-type="journal"><person-group person-group-type="author">
<name><surname>{surname}</surname><given-names>DR</given-names></name></person-group><year>2002</year>
<article-title>Avoiding pitfalls</article-title><source>J Wildl Manage</source><volume>66</volume>
<fpage>912</fpage><lpage>8</lpage></element-citation></ref></ref-list></back></article>
"""


@pytest.mark.parametrize(
    ("surname", "pointer", "expected"),
    [
        # "And…" is part of the name, not the word "and" leading in
        ("Anderson", "Anderson and Burnham 2002", 0),
        ("Seeger", "Seeger et al. 2002", 0),
        # BibTeX cites "Christophe Van Gysel" as "Gysel"
        ("Van Gysel", "Gysel et al., 2002", 0),
        ("Anderson", "Burnham 2002", 1),
    ],
)
def test_author_year_pointers_in_jats(tmp_path: Path, surname: str, pointer: str, expected: int) -> None:
    path = tmp_path / "paper.xml"
    path.write_text(_JATS.format(surname=surname, pointer=f'<xref ref-type="bibr" rid="CIT1">{pointer}</xref>'),
                    encoding="utf-8")
    report = audit(path, checks=["citation.author_year_mismatch", "reference.implausible_pages"])
    # 912–8 is 912–918 abbreviated, not a range that ends before it starts
    assert [f.check for f in report.findings] == ["citation.author_year_mismatch"] * expected


@pytest.mark.parametrize(
    ("family", "keys"),
    [("Van Gysel", ["vangysel", "gysel"]), ("de la Cruz", ["delacruz", "cruz"]), ("Smith", ["smith"]),
     ("Müller-Lüdenscheidt", ["mullerludenscheidt"]), ("Van", ["van"])],
)
def test_first_author_keys(family: str, keys: list[str]) -> None:
    assert first_author_keys(family) == keys


_HARVARD = """Sleep and Grades in Adolescents

Introduction
Short sleep predicts poorer grades (Wolfson and Carskadon, 1998; Dewald et al., 2010). Curcio et al. (2006)
reviewed the evidence.

Discussion
This agrees with Dewald et al. (2011).

References
Curcio, G., Ferrara, M., De Gennaro, L., 2006. Sleep loss, learning capacity and academic performance. Sleep Med Rev 10, 323-337.
Dewald, J.F., Meijer, A.M., Oort, F.J., 2010. The influence of sleep quality on school performance: a meta-analytic review. Sleep Med Rev 14, 179-189.
Wolfson, A.R., Carskadon, M.A., 1998. Sleep schedules and daytime functioning in adolescents. Child Dev 69, 875-887.
"""


def test_an_author_year_paper_links_its_mentions_and_reports_the_one_without_an_entry() -> None:
    report = audit(_HARVARD, checks=["citation"])
    # Every entry is cited by name and year, so none is "uncited", and an alphabetical list is not "out of order".
    assert [(f.check, f.message) for f in report.findings] == [
        ("citation.undefined_reference",
         "In-text pointer Dewald et al. (2011) cites Dewald 2011, but the reference list has no such entry (3 entries)"),
    ]


@pytest.mark.parametrize(
    ("order", "flagged"),
    [
        ("[1] then [2] then [3]", []),  # numbered in order of first citation
        ("[1] then [3] then [2]", [3]),  # 3 is cited before 2: the list was renumbered or an entry inserted
    ],
)
def test_out_of_order_judges_numbered_papers(order: str, flagged: list[int]) -> None:
    paper = (f"A Numbered Paper\n\nINTRODUCTION\n\nWe cite {order} here.\n\nREFERENCES\n\n"
             "1. Smith J. A first title. BMJ. 2019;365:l1.\n2. Jones K. A second title. BMJ. 2018;360:k2.\n"
             "3. Brown L. A third title. BMJ. 2017;357:j3.\n")
    findings = audit(paper, checks=["citation.out_of_order"]).findings
    assert [f.location.reference for f in findings] == flagged
