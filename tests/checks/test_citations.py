"""Citation rules on small papers written here: true mismatches, and mentions that must stay unflagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgaudit import audit
from kgaudit.ingest.names import first_author_keys, named_author_keys, surname_keys

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


@pytest.mark.parametrize(
    ("family", "keys"),
    [
        ("Smith", ["smith"]),  # one word: only itself
        ("Leão e Silva", ["leaoesilva", "esilva", "silva"]),  # a compound is also cited by its last part
        ("Fischer von Waldheim", ["fischervonwaldheim", "vonwaldheim", "waldheim"]),
        ("Silva Jr", ["silvajr", "silva"]),  # the generational suffix dropped
        ("Van Gysel", ["vangysel", "gysel"]),  # particles dropped, as before
    ],
)
def test_surname_keys(family: str, keys: list[str]) -> None:
    assert surname_keys(family) == keys


@pytest.mark.parametrize(
    ("named", "keys"),
    [
        ("Smith", ["smith"]),
        ("de Deng", ["dedeng", "deng"]),  # a lead-in "de" (Portuguese "of") read into the name
        ("Silva Junior", ["silvajunior", "silva"]),  # a suffix
        ("Medeiros Neto", ["medeirosneto", "medeiros"]),
    ],
)
def test_named_author_keys(named: str, keys: list[str]) -> None:
    assert named_author_keys(named) == keys


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


# A numbered JATS article: "[#n]" in a sentence becomes an xref to reference n.
_NUMBERED_JATS = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article"><front><article-meta>
<title-group><article-title>Tidal mixing in shallow bays observed over years</article-title></title-group>
<pub-date pub-type="epub"><year>2019</year></pub-date></article-meta></front>
<body><sec><title>Background</title><p>{sentence}</p><p>Other work [#1-8] exists.</p></sec></body>
<back><ref-list>{refs}</ref-list></back></article>
"""
_AUTHORS = {
    1: (("Stoltzfus", "A"),), 2: (("Fitzgerald", "JD"), ("Sincich", "LC"), ("Sharpee", "TO")),
    3: (("Leão e Silva", "LO"), ("Soares", "MM")), 4: (("Deng", "X"),), 5: (("Silva", "SHA"), ("Souza", "MA")),
    6: (("Wexler", "B"),), 7: (("Kaplan", "R"), ("Thaler", "D")), 8: (("Okafor", "C"),),
}
_YEARS = {1: 2012, 2: 2011, 3: 2013, 4: 2008, 5: 2008, 6: 2009, 7: 2011, 8: 2015}


def _numbered_jats(sentence: str) -> str:
    import re

    def xref(match: re.Match[str]) -> str:
        if match.group(0) == "[#1-8]":
            return "[" + ", ".join(f'<xref ref-type="bibr" rid="r{n}">{n}</xref>' for n in range(1, 9)) + "]"
        number, locator = match.group(1), match.group(2) or ""
        return f'[<xref ref-type="bibr" rid="r{number}">{number}{locator}</xref>]'

    body = re.sub(r"\[#1-8\]|\[#(\d+)((?::[^\]]+)?)\]", xref, sentence + " [#1-8]").replace(" [#1-8]", "", 1)
    refs = "".join(
        f'<ref id="r{n}"><label>{n}</label><element-citation publication-type="journal"><person-group '
        f'person-group-type="author">'
        + "".join(f"<name><surname>{s}</surname><given-names>{g}</given-names></name>" for s, g in names)
        + f"</person-group><year>{_YEARS[n]}</year><article-title>Work {n}</article-title><source>Estuar Sci</source>"
        f"<volume>{n}</volume><fpage>1</fpage><lpage>9</lpage></element-citation></ref>"
        for n, names in _AUTHORS.items()
    )
    return _NUMBERED_JATS.format(sentence=body, refs=refs)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the pointer denotes another author's work: the true case, an error
        ("Okafor et al. [#7] measured the tides.", [(7, "error")]),
        # ... also when the year follows a comma after "et al."
        ("Okafor et al., 2015 [#7] measured the tides.", [(7, "error")]),
        # the right work with its first author misspelt by a letter: a warning about the spelling
        ("Stolzfus et al. [#1] measured the tides.", [(1, "warning")]),
        # the right work named by its last author (the lab's head): a warning, not an error
        ("Sharpee et al. [#2] measured the tides.", [(2, "warning")]),
        # a compound surname cited by its last part
        ("Silva et al. [#3] measured the tides.", []),
        # a Portuguese "de" (of) read in front of the surname
        ("Segundo o estudo de Deng et al. [#4] as marés sobem.", []),
        # a generational suffix after the surname
        ("Silva Junior et al. [#5] measured the tides.", []),
        # a month before a year dates an event, it names nobody
        ("The flood of March 2011 [#8] was measured.", []),
        ("Between April and July 2010 [#8] the tides were measured.", []),
        # the last name of an author list is not the first author
        ("Hyland, Cummings, and Seiwell, 2000 [#8] measured the tides.", []),
        # a taxonomic authority before the pointer to the work that discusses the species
        ("The snail C. tristis Bruguière, 1792 [#8] lives in bays.", []),
        # a number with a locator inside the pointer is a numbered pointer, not an author
        ("The shell is figured elsewhere [#8: fig. 4].", []),
    ],
)
def test_author_mentions_before_numbered_jats_pointers(tmp_path: Path, sentence: str, expected: list) -> None:
    path = tmp_path / "paper.xml"
    path.write_text(_numbered_jats(sentence), encoding="utf-8")
    report = audit(path, checks=["citation.author_year_mismatch"])
    assert [(f.location.reference, f.severity) for f in report.findings] == expected, [
        f.message for f in report.findings]


@pytest.mark.parametrize(
    ("sentence", "uncited"),
    [
        # nothing cites 2 and 4
        ("The model was extended [1,3].", [2, 4]),
        # a pointer printing a number the list lacks is undefined: it cannot be what cites 2 or 4
        ("The model was extended [1,3,9].", [2, 4]),
        # a mention without a number names Wang: Wang's entry 2 may be what it cites, Kim's 4 is still uncited
        ("The model was extended [1,3]. Wang et al. (2003) measured it.", [4]),
    ],
)
def test_uncited_references_beside_pointers_that_could_not_be_linked(sentence: str, uncited: list[int]) -> None:
    report = audit(_NUMBERED.format(sentence=sentence), checks=["citation.uncited_reference"])
    assert [f.location.reference for f in report.findings] == uncited


@pytest.mark.parametrize(
    ("sentence", "severity"),
    [
        # "et al." says the words name authors: a true mismatch, an error
        ("The model of Kim et al. [2] was extended [1,3,4].", "error"),
        # two words joined by "and", no year, no "et al.", and no author of that name in the list: genus names,
        # places, methods ... the reading as an author is not established, so only worth a look
        ("Both Nectria and Fusarium [2] were extended [1,3,4].", "info"),
        # the same shape with a name the list does carry (Kim, reference 4's author): an author, an error
        ("Both Kim and Park [2] were extended [1,3,4].", "error"),
    ],
)
def test_a_name_is_read_as_an_author_only_when_something_says_so(sentence: str, severity: str) -> None:
    report = audit(_NUMBERED.format(sentence=sentence), checks=["citation.author_year_mismatch"])
    assert [(f.location.reference, f.severity) for f in report.findings] == [(2, severity)]


_ALPHABETICAL_SURNAMES = ["Abbot", "Baker", "Cohen", "Dunn", "Evans", "Fisher", "Gupta", "Hughes", "Ito"]


@pytest.mark.parametrize(
    ("surnames", "flagged"),
    [
        # a list numbered alphabetically (first authors A..I): not numbered by first citation, never judged
        (_ALPHABETICAL_SURNAMES, []),
        # the same entries in a non-alphabetical order: numbered by citation, so 9 before 8 is out of order
        (["Hughes", "Abbot", "Ito", "Cohen", "Gupta", "Baker", "Fisher", "Evans", "Dunn"], [9]),
    ],
)
def test_out_of_order_leaves_alphabetically_numbered_lists_alone(surnames: list[str], flagged: list[int]) -> None:
    entries = "".join(f"{i}. {name} J. Title number {i} of a list. BMJ. 2019;365:l{i}.\n"
                      for i, name in enumerate(surnames, start=1))
    paper = ("A Numbered Paper\n\nINTRODUCTION\n\nWe cite [1], [2], [3], [4], [5], [6], [7], [9] and then [8] here."
             f"\n\nREFERENCES\n\n{entries}")
    findings = audit(paper, checks=["citation.out_of_order"]).findings
    assert [f.location.reference for f in findings] == flagged
