"""In-text citation pointers: kgaudit.ingest.citations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgaudit.ingest.citations import (
    MAX_RANGE,
    SUPERSCRIPT_DIGITS,
    expand_numbers,
    find_citations,
    link_author_year,
)
from kgaudit.model import Author, InTextCitation, Reference, Span

SUP = str.maketrans("0123456789-", SUPERSCRIPT_DIGITS + "⁻")


def numeric(text: str, **kwargs) -> list[tuple[str, tuple[int, ...]]]:
    """(printed, numbers) of every numbered pointer found, in order."""
    return [(c.text, c.numbers) for c in find_citations(text, **kwargs) if c.style == "numeric"]


def mentions(text: str, **kwargs) -> list[tuple[str | None, int | None, str | None, tuple[int, ...], str]]:
    """(named_author, named_year, mention_text, numbers, printed) of every author-year citation."""
    return [
        (c.named_author, c.named_year, c.mention_text, c.numbers, c.text)
        for c in find_citations(text, **kwargs)
        if c.style == "author-year"
    ]


# --------------------------------------------------------------------------- expand_numbers


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("14", (14,)),  # a single number
        ("5–7,9", (5, 6, 7, 9)),  # en-dash range plus a listed number
        ("⁵⁻⁷,⁹", (5, 6, 7, 9)),  # the same printed as superscripts
        ("2, 9, 12–14", (2, 9, 12, 13, 14)),  # list with spaces and a range
        ("1-3", (1, 2, 3)),  # hyphen-minus range
        ("3; 5", (3, 5)),  # semicolon-separated
        ("¹˒³", (1, 3)),  # modifier-letter raised comma from PDF extraction
        ("1-400", (1, 400)),  # a range beyond MAX_RANGE keeps its endpoints only
        ("7–5", (7, 5)),  # a backwards range keeps its endpoints as printed
        ("3,3", (3,)),  # duplicates dropped
        ("0", ()),  # zero is no reference number
        ("abc", ()),  # no number at all
        ("", ()),  # empty
    ],
)
def test_expand_numbers_reads_printed_groups(printed: str, expected: tuple[int, ...]) -> None:
    assert expand_numbers(printed) == expected


def test_expand_numbers_caps_range_size() -> None:
    assert len(expand_numbers(f"1-{MAX_RANGE + 1}")) == MAX_RANGE + 1
    assert expand_numbers(f"1-{MAX_RANGE + 2}") == (1, MAX_RANGE + 2)


# --------------------------------------------------------------------------- numbered pointers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in surgical practice.¹ The", [("¹", (1,))]),  # superscript after the full stop
        ("in surgical practice¹. The", [("¹", (1,))]),  # superscript before the full stop
        ("shown previously.¹⁴ Next", [("¹⁴", (14,))]),  # two-digit superscript
        ("as reported¹⁻³ by", [("¹⁻³", (1, 2, 3))]),  # range with superscript minus
        ("as reported¹–³ by", [("¹–³", (1, 2, 3))]),  # range with en dash
        ("as reported¹,³ by", [("¹,³", (1, 3))]),  # list with comma
        ("as reported¹˒³ by", [("¹˒³", (1, 3))]),  # list with raised comma (U+02D2)
        ("as reported¹'³ by", [("¹'³", (1, 3))]),  # list with apostrophe as extracted
        ("as reported⁵⁻⁷,⁹ by", [("⁵⁻⁷,⁹", (5, 6, 7, 9))]),  # mixed range and list
        ("outcomes,²³ and", [("²³", (23,))]),  # after a comma
        ("outcomes ¹⁴ and", [("¹⁴", (14,))]),  # a space before the superscript, as PDFs often give
        ("trials^14^ show", [("^14^", (14,))]),  # Pandoc superscript markup
        ("trials<sup>5-7</sup>.", [("<sup>5-7</sup>", (5, 6, 7))]),  # HTML superscript markup
        ("trials$^{3,4}$.", [("$^{3,4}$", (3, 4))]),  # LaTeX superscript markup
        ("as shown [14].", [("[14]", (14,))]),  # bracket
        ("as shown [5–7].", [("[5–7]", (5, 6, 7))]),  # bracket range
        ("as shown [2,9].", [("[2,9]", (2, 9))]),  # bracket list
        ("as shown [2, 9, 12–14].", [("[2, 9, 12–14]", (2, 9, 12, 13, 14))]),  # bracket list and range
        ("as shown [1-3].", [("[1-3]", (1, 2, 3))]),  # bracket hyphen range
        ("as in [1]–[3] and", [("[1]–[3]", (1, 2, 3))]),  # IEEE range of brackets
        ("two [4], [6] here", [("[4]", (4,)), ("[6]", (6,))]),  # two separate brackets
        ("Fig. 3 shows [3] that", [("[3]", (3,))]),  # "Fig. 3" is no pointer, the bracket is
        ("for many years [1]. Then", [("[1]", (1,))]),  # an ordinary noun is no label
        ("with imputed stage [7, 14, 15].", [("[7, 14, 15]", (7, 14, 15))]),  # nor is "stage" before a list
        ("the disease in 1969 [8] and", [("[8]", (8,))]),  # after a year
        ("a rate of 1.6% [9].", [("[9]", (9,))]),  # a single number after a percentage
        ("compound 7600 [25] was", [("[25]", (25,))]),  # a single number after a number
        ("densities of 10¹¹ cm² [51, 52], and", [("[51, 52]", (51, 52))]),  # after an exponent
        ("detected by CT¹⁴ in", [("¹⁴", (14,))]),  # a two-letter acronym takes a pointer
    ],
)
def test_numbered_pointers_are_found(text: str, expected: list[tuple[str, tuple[int, ...]]]) -> None:
    assert numeric(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Table 3 shows the parameters",  # a table label
        "Grade IIIa complications",  # a roman grade
        "significant (p<0.05) change",  # a p-value
        "odds ratio of 2.8 (95% CI: 2.1–3.7) for",  # a confidence interval
        "cryoablation (n=125) and",  # a group size
        "Disease-Free Survival (12mo)",  # a duration in a row label
        "SPSS version 28.0 (IBM)",  # a software version
        "saves \\$18,000–42,000 in costs",  # money range
        "are presented in Tables 1–6.",  # table range
        "ASA Score ≥ 3 , n (%)",  # a threshold
        "Mean BMI (kg/m ²)",  # a unit exponent separated by a space
        "BMI above 30 kg/m²",  # a unit exponent glued to the unit
        "area of 4 cm² was",  # square centimetres
        "explained (R² = 0.81)",  # coefficient of determination
        "heterogeneity I²=45%",  # meta-analysis heterogeneity
        "the χ² test",  # chi-square
        "Ca²⁺ and Mg²⁺ ions",  # charges
        "10⁻³ mol and 10⁵ cells",  # powers of ten
        "¹Department of Surgery, Tehran",  # an affiliation marker at line start
        "Received: 19.11.2025",  # a date
        "[n=5]",  # bracketed group size
        "in [2019] we",  # a bracketed year
        "[95% CI 2.1–3.7]",  # bracketed confidence interval
        "[p < 0.05]",  # bracketed p-value
        "median 12 [8–17] days",  # median with IQR in brackets
        "median 12 [8, 17] days",  # IQR printed with a comma
        "levels of ¹⁴C and ¹H NMR",  # isotopes
        "eigenvalues of A − Dk² are",  # an exponent on a two-letter symbol
        "IQR [8–17] days",  # interval after its label
        "see Table [3] below",  # a bracketed label
        "x [0] y",  # zero is no reference
        "y = ax + b    [3]\n",  # an equation number
        "practice1. The",  # plain digits glued to a word are never guessed
    ],
)
def test_not_a_pointer(text: str) -> None:
    assert find_citations(text, max_number=25) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("as shown (14). Next", [("(14)", (14,))]),  # parenthesised number within the list
        ("as in (5–7), and", [("(5–7)", (5, 6, 7))]),  # parenthesised range
        ("as in (2, 9) and", [("(2, 9)", (2, 9))]),  # parenthesised list
        ("Kim et al. (14) showed", []),  # after "et al." it is a pointer, tied to the mention (below)
        ("since (2019) and", []),  # a year exceeds the reference count
        ("a total (125) of", []),  # a count beyond the reference count
        ("n = 125 (54.4%)", []),  # a percentage
        ("were: (1) age ≥ 18 years; (2) confirmed", []),  # list enumerators
        ("(3) complete imaging", []),  # an enumerator at line start
        ("two themes. (1) In more", []),  # an enumerator after a sentence
        ("a count 12 (3) of", []),  # after a number
        ("y = ax + b    (3)\n", []),  # an equation number
        ("in Eq. (3) we", []),  # an equation reference
        ("median 12 (8–17) days", []),  # an interval after a number
    ],
)
def test_parenthesised_pointers_when_forced(text: str, expected: list[tuple[str, tuple[int, ...]]]) -> None:
    assert numeric(text, max_number=25, parens=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("as estimated (see ref. 38 for groups).", [("ref. 38", (38,))]),  # one entry written out
        ("reviewed in refs. 19–21 and", [("refs. 19–21", (19, 20, 21))]),  # a range written out
        ("Ref. 3, Table 2", [("Ref. 3", (3,))]),  # capitalised
        ("see ref. 2019 for", []),  # a year, beyond the list
        ("a ref. 3.5 mm probe", []),  # a decimal is a measurement
        ("see ref. 41 there", []),  # beyond the 40 entries
    ],
)
def test_written_out_pointers(text: str, expected: list[tuple[str, tuple[int, ...]]]) -> None:
    assert numeric(text, max_number=40) == expected


def test_parenthesised_pointer_after_et_al_is_tied_to_the_mention() -> None:
    found = find_citations("Kim et al. (14) showed it.", max_number=25, parens=True)
    assert [(c.style, c.named_author, c.named_year, c.text, c.numbers) for c in found] == [
        ("author-year", "Kim", None, "(14)", (14,))
    ]


def test_parenthesised_style_is_detected_when_it_dominates() -> None:
    paper = (
        "Cryoablation is established (1). It is safe (2, 3) and cheap (4–6).\n\n"
        "Inclusion criteria were: (1) age ≥ 18 years; (2) consent.\n\n"
        "Recurrence was rare (7). Costs fell too (8)."
    )
    found = numeric(paper, max_number=8)
    assert [n for _, n in found] == [(1,), (2, 3), (4, 5, 6), (7,), (8,)]
    # Without the reference count the style cannot be told from data: nothing is guessed.
    assert numeric(paper) == []


def test_parenthesised_numbers_stay_text_in_an_author_year_paper() -> None:
    paper = (
        "Toll acts early (Kim et al., 2019; Lee, 2020). Two themes emerge: (1) in basal insects (3) and"
        " (2) in derived ones (4). Smith and Jones (2017) agree."
    )
    assert numeric(paper, max_number=10) == []


def test_parenthesised_numbers_stay_text_in_a_superscript_paper() -> None:
    paper = "Shown before.¹ And again.² Also here.³\n\nGroups were compared (2) within this paragraph."
    paragraph_start = paper.index("Groups")
    assert numeric(paper, start=paragraph_start, max_number=10) == []


# --------------------------------------------------------------------------- author-year mentions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a narrative mention with no numbered pointer (author-year paper)
        ("Kim et al. (2019) reported x.", [("Kim", 2019, "Kim et al. (2019)", (), "Kim et al. (2019)")]),
        # two authors with "and" and with "&"
        ("Smith and Jones (2017) found", [("Smith", 2017, "Smith and Jones (2017)", (), "Smith and Jones (2017)")]),
        ("Smith & Jones (2017) found", [("Smith", 2017, "Smith & Jones (2017)", (), "Smith & Jones (2017)")]),
        # three authors
        ("Smith, Jones, and Lee (2017) found", [("Smith", 2017, "Smith, Jones, and Lee (2017)", (), "Smith, Jones, and Lee (2017)")]),
        # a bracket between name and year is tied to it
        ("Okafor et al. [14] (2020) found", [("Okafor", 2020, "Okafor et al. [14] (2020)", (14,), "[14]")]),
        # a superscript between name and year
        ("Kim et al.¹⁴ (2019) found", [("Kim", 2019, "Kim et al.¹⁴ (2019)", (14,), "¹⁴")]),
        # a superscript right after the year
        ("Kim et al. (2019)¹⁴ found", [("Kim", 2019, "Kim et al. (2019)", (14,), "¹⁴")]),
        # parenthetical citation
        ("as shown (Kim et al., 2019).", [("Kim", 2019, "Kim et al., 2019", (), "Kim et al., 2019")]),
        # a parenthetical group: one mention per item, suffix letter dropped from the year
        ("(Smith 2003a; Jones and Lee, 2004)",
         [("Smith", 2003, "Smith 2003a", (), "Smith 2003a"), ("Jones", 2004, "Jones and Lee, 2004", (), "Jones and Lee, 2004")]),
        # "e.g." and "see also" prefixes
        ("(e.g., Smith, 2003; see also Jones 2005)",
         [("Smith", 2003, "Smith, 2003", (), "Smith, 2003"), ("Jones", 2005, "Jones 2005", (), "Jones 2005")]),
        # an organisation as author inside parentheses
        ("(WHO, 2019)", [("WHO", 2019, "WHO, 2019", (), "WHO, 2019")]),
        ("Kim and colleagues (2019) found", [("Kim", 2019, "Kim and colleagues (2019)", (), "Kim and colleagues (2019)")]),
        # particles, apostrophes, diacritics, hyphens
        ("van der Berg et al. (2020) found", [("van der Berg", 2020, "van der Berg et al. (2020)", (), "van der Berg et al. (2020)")]),
        ("De Vries et al. (2019) found", [("De Vries", 2019, "De Vries et al. (2019)", (), "De Vries et al. (2019)")]),
        ("O'Brien et al. (2018) found", [("O'Brien", 2018, "O'Brien et al. (2018)", (), "O'Brien et al. (2018)")]),
        ("Müller et al. (2021) found", [("Müller", 2021, "Müller et al. (2021)", (), "Müller et al. (2021)")]),
        ("Smith-Jones et al. (2021) found", [("Smith-Jones", 2021, "Smith-Jones et al. (2021)", (), "Smith-Jones et al. (2021)")]),
        # page locator and several years
        ("Smith (2003, p. 5) argued", [("Smith", 2003, "Smith (2003, p. 5)", (), "Smith (2003, p. 5)")]),
        # two works of one year: a second mention for the second year (the one the letter picks)
        ("Kim et al. (2019a, 2019b) argued", [("Kim", 2019, "Kim et al. (2019a, 2019b)", (), "Kim et al. (2019a, 2019b)"),
                                              ("Kim", 2019, "2019b", (), "2019b")]),
        # a sentence adverb before the names is not the first author
        ("Similarly, Zhang and Lee (2020) found", [("Zhang", 2020, "Zhang and Lee (2020)", (), "Zhang and Lee (2020)")]),
        # a year-less mention next to a pointer (numeric papers)
        ("Kim et al.¹⁴ reported", [("Kim", None, "Kim et al.", (14,), "¹⁴")]),
        ("Kim et al¹⁴ reported", [("Kim", None, "Kim et al", (14,), "¹⁴")]),  # "et al" without its full stop
        ("Kim and Lee [7] reported", [("Kim", None, "Kim and Lee", (7,), "[7]")]),
        # multi-word surnames
        ("(Nunes da Fonseca et al., 2008)", [("Nunes da Fonseca", 2008, "Nunes da Fonseca et al., 2008", (), "Nunes da Fonseca et al., 2008")]),
        ("(Vargas Jentzsch et al., 2015)", [("Vargas Jentzsch", 2015, "Vargas Jentzsch et al., 2015", (), "Vargas Jentzsch et al., 2015")]),
        # author-year in square brackets
        ("the yolk [Panfilio, 2008].", [("Panfilio", 2008, "Panfilio, 2008", (), "Panfilio, 2008")]),
        # an item that starts with other words: its tail with co-authors
        ("(barnacle geese, Branta leucopsis, Kurvers et al. 2013)",
         [("Kurvers", 2013, "Kurvers et al. 2013", (), "Kurvers et al. 2013")]),
        # a surname that is also a function word, before et al.; a name that starts like a prefix
        ("(Olsen and Jantzen 2001; An et al. 2011)",
         [("Olsen", 2001, "Olsen and Jantzen 2001", (), "Olsen and Jantzen 2001"), ("An", 2011, "An et al. 2011", (), "An et al. 2011")]),
        ("in Xenopus (Inomata et al., 2013).", [("Inomata", 2013, "Inomata et al., 2013", (), "Inomata et al., 2013")]),
        ("(review in Bradbury and Balsby 2016)", [("Bradbury", 2016, "Bradbury and Balsby 2016", (), "Bradbury and Balsby 2016")]),
        # a month that is also a surname, with co-authors
        ("May et al. (2019) found", [("May", 2019, "May et al. (2019)", (), "May et al. (2019)")]),
        # a line break from PDF wrapping inside a mention
        ("shown by Kim et al.\n(2019) in", [("Kim", 2019, "Kim et al.\n(2019)", (), "Kim et al.\n(2019)")]),
        ("as shown (Kim et al.,\n2019).", [("Kim", 2019, "Kim et al.,\n2019", (), "Kim et al.,\n2019")]),
        # not mentions: months, acronyms, function words, a blank line inside the parentheses
        ("In May (2019) we", []),
        ("as shown (Kim et al.,\n\n2019).", []),
        ("In December (2022) we", []),
        ("from (January 2016 to December 2022)", []),
        ("CT and MRI (2019) were", []),
        ("Results and Discussion (2019)", []),
        ("(Stockholm, Sweden, 2019)", []),
        ("The MRI [3] showed", []),
    ],
)
def test_author_year_mentions(text: str, expected: list) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the pointer closing the same sentence is tied
        ("Kim et al. (2019) reported gains in 200 patients.¹⁴ Next.", [("Kim", (14,))]),
        # a page-break blank line inside the sentence (lower-case continuation) does not end it
        ("Kim et al. (2019) reported gains with a\n\nsuccess rate of 10%.¹⁴ Next.", [("Kim", (14,))]),
        # a single line break (wrapped PDF text) does not end the sentence
        ("Kim et al. (2019) reported\ngains in 200 patients.¹⁴ Next.", [("Kim", (14,))]),
        # a pointer before the full stop
        ("Kim et al. (2019) reported gains¹⁴. Next.", [("Kim", (14,))]),
        # "et al." and decimals are no sentence ends
        ("Kim et al. (2019) found an OR of 2.8 vs. 1.1 in trials [14]. Next.", [("Kim", (14,))]),
        # a pointer in the next sentence is not tied
        ("Kim et al. (2019) reported gains. Others agreed.¹⁴", [("Kim", ())]),
        # a paragraph break before an upper-case word ends the sentence
        ("Kim et al. (2019) reported gains\n\nOthers agreed.¹⁴", [("Kim", ())]),
        # two mentions share the pointer that follows both
        ("Kim et al. (2019) and Lee et al. (2020) found it.¹⁴˒¹⁵", [("Kim", (14, 15)), ("Lee", (14, 15))]),
        # a pointer printed next to one mention is not given to another
        ("Kim et al. (2019) and Lee et al. [15] (2020) found it.¹⁴", [("Kim", (14,)), ("Lee", (15,))]),
        # each mention with its own adjacent pointer
        ("Kim et al. (2019)¹⁴ and Lee et al. (2020)¹⁵ found it.", [("Kim", (14,)), ("Lee", (15,))]),
    ],
)
def test_mentions_are_tied_to_the_pointer_of_their_sentence(text: str, expected: list) -> None:
    found = find_citations(text)
    assert [(c.named_author, c.numbers) for c in found if c.style == "author-year"] == expected
    tied_spans = {c.span for c in found if c.style == "author-year" and c.numbers}
    # a tied pointer is not also returned as a numeric citation
    assert not [c for c in found if c.style == "numeric" and c.span in tied_spans]


def test_untied_pointer_stays_numeric_after_untied_mention() -> None:
    found = find_citations("Kim et al. (2019) reported gains. Others agreed.¹⁴")
    assert [(c.style, c.numbers) for c in found] == [("author-year", ()), ("numeric", (14,))]
    assert [c.index for c in found] == [0, 1]


def test_spans_are_absolute_and_range_is_respected() -> None:
    text = "Intro shown.¹ Body [2] here. Tail shown.³"
    body_start, body_end = text.index("Body"), text.index("Tail")
    found = find_citations(text, body_start, body_end)
    assert [(c.text, c.span.start) for c in found] == [("[2]", text.index("[2]"))]


@pytest.mark.parametrize(
    ("start", "end"),
    [(-5, None), (10, 3), (0, 10_000), (10_000, None)],  # out-of-range bounds are clamped, never raise
)
def test_bounds_are_clamped(start: int, end: int | None) -> None:
    text = "shown.¹ and [2]"
    for citation in find_citations(text, start, end):
        assert 0 <= citation.span.start <= citation.span.end <= len(text)


# --------------------------------------------------------------------------- the seed paper

SEED_MENTIONS = {  # author, year → the number its sentence points to
    ("Kim", 2019): (14,), ("Zhang", 2020): (15,), ("Patel", 2018): (16,), ("Anderson", 2021): (17,),
    ("Martinez", 2020): (19,), ("Singh", 2019): (20,), ("Lee", 2022): (23,), ("Chen", 2023): (24,),
}


def _seed_body(seed_path: Path) -> tuple[str, int, int]:
    text = seed_path.read_text(encoding="utf-8")
    return text, text.index("\nINTRODUCTION\n"), text.index("\nREFERENCES\n")


def test_seed_every_superscript_pointer_is_found(seed_path: Path) -> None:
    text, start, end = _seed_body(seed_path)
    found = find_citations(text, start, end, max_number=25)
    # Counted independently: raised digit runs glued to a word or a full stop (the two
    # "kg/m ²" exponents stand after a space and are not pointers).
    independent = [m.start() for m in re.finditer(r"(?<=[A-Za-z.])[¹²³⁴⁵⁶⁷⁸⁹⁰]+", text[start:end])]
    assert len(independent) == 30
    assert sorted(c.span.start - start for c in found) == independent
    assert len(found) == 30
    numbers = [c.numbers for c in found]
    assert sorted({n for group in numbers for n in group}) == list(range(1, 26))  # every reference cited
    assert numbers.count((13,)) == 2  # ¹³ is cited in the introduction and the discussion
    assert all(c.text == text[c.span.start : c.span.end] for c in found)


def test_seed_author_year_mentions_point_to_their_numbers(seed_path: Path) -> None:
    text, start, end = _seed_body(seed_path)
    found = [c for c in find_citations(text, start, end, max_number=25) if c.style == "author-year"]
    assert {(c.named_author, c.named_year): c.numbers for c in found} == SEED_MENTIONS
    assert len(found) == 8
    for citation in found:
        assert citation.mention_text == f"{citation.named_author} et al. ({citation.named_year})"
        assert citation.mention_span is not None
        assert text[citation.mention_span.start : citation.mention_span.end] == citation.mention_text


def test_seed_tables_and_methods_hold_no_pointer(seed_path: Path) -> None:
    text, _, _ = _seed_body(seed_path)
    start, end = text.index("\nMATERIALS AND METHODS\n"), text.index("\nDISCUSSION\n")
    assert find_citations(text, start, end, max_number=25) == []


def test_seed_affiliation_markers_are_not_pointers(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    found = find_citations(text, max_number=25)
    assert not [c for c in found if text[c.span.start + len(c.text) :].startswith("Department")]


# --------------------------------------------------------------------------- properties

_TOKENS = [
    "¹", "²", "³", "¹⁴", "⁵⁻⁷", "˒", ",", "⁻", "–", "-", "—", "[", "]", "(", ")", "[14]", "[2, 9]", "[2019]",
    "(2019)", "(2019a)", "Kim", "Smith", "et al.", "and", "&", "van der", "O'Brien", "Müller", "colleagues",
    ". ", " ", "\n", "\n\n", ";", "n=", "95% CI", "p<0.05", "Table 3", "kg/m ²", "10⁵", "R²", "=", "^", "<sup>",
    "</sup>", "$^{", "}$", "12", "0", "e.g.,", "(Kim et al., 2019)", "(1)", "(14)", "Ca²⁺",
]
_TEXTS = st.lists(
    st.one_of(st.sampled_from(_TOKENS), st.text(alphabet="ab A1⁴.([)]–\n", max_size=4)), max_size=40
).map("".join)


def _check_invariants(text: str, start: int, end: int, found: list[InTextCitation]) -> None:
    lo = max(0, min(start, len(text)))
    hi = len(text) if end is None else max(lo, min(end, len(text)))
    for k, citation in enumerate(found):
        assert citation.index == k
        assert lo <= citation.span.start < citation.span.end <= hi
        assert citation.text == text[citation.span.start : citation.span.end]
        assert all(n > 0 for n in citation.numbers)
        if citation.style == "numeric":
            assert citation.numbers
        else:
            assert citation.named_author and citation.mention_span is not None
            assert lo <= citation.mention_span.start < citation.mention_span.end <= hi
            assert citation.mention_text == text[citation.mention_span.start : citation.mention_span.end]


@settings(max_examples=3000, deadline=None)
@given(_TEXTS, st.integers(-3, 60), st.one_of(st.none(), st.integers(-3, 80)), st.one_of(st.none(), st.integers(0, 30)))
def test_property_never_raises_and_spans_are_in_bounds(text: str, start: int, end: int | None, max_number: int | None) -> None:
    _check_invariants(text, start, end, find_citations(text, start, end, max_number=max_number))


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=200), st.booleans())
def test_property_arbitrary_unicode_never_raises(text: str, parens: bool) -> None:
    _check_invariants(text, 0, None, find_citations(text, max_number=20, parens=parens))


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.integers(1, 300), min_size=1, max_size=4, unique=True),
    st.sampled_from([",", "˒"]),
    st.sampled_from([".", ",", ""]),
    st.booleans(),
)
def test_property_a_raised_group_after_a_word_is_found(numbers: list[int], sep: str, punct: str, before: bool) -> None:
    printed = sep.join(str(n) for n in numbers).translate(SUP)
    sentence = f"Outcomes improved{printed}{punct} Then" if before else f"Outcomes improved{punct}{printed} Then"
    assert numeric(sentence) == [(printed, tuple(numbers))]


@settings(max_examples=1000, deadline=None)
@given(st.integers(1, 500), st.integers(0, MAX_RANGE), st.sampled_from(["-", "–", "—", "⁻"]))
def test_property_ranges_expand_to_consecutive_numbers(low: int, width: int, dash: str) -> None:
    assert expand_numbers(f"[{low}{dash}{low + width}]") == tuple(range(low, low + width + 1))


# --------------------------------------------------------------------------- author-year papers

_LIST = [
    Reference(raw="Dewald 2010", number=1, authors=(Author(family="Dewald"),), year=2010),
    Reference(raw="Van Gysel 2018", number=2, authors=(Author(family="Van Gysel"),), year=2018),
    Reference(raw="Smith 2017a", number=3, authors=(Author(family="Smith"),), year=2017, year_suffix="a"),
    Reference(raw="Smith 2017b", number=4, authors=(Author(family="Smith"),), year=2017, year_suffix="b"),
    Reference(raw="Lee 2019", number=5, authors=(Author(family="Lee"),), year=2019),
    Reference(raw="Lee 2019", number=6, authors=(Author(family="Lee"),), year=2019),
]


@pytest.mark.parametrize(
    ("printed", "author", "year", "numbers", "keys"),
    [
        ("Dewald et al., 2010", "Dewald", 2010, (1,), ()),  # one entry by that author and year
        ("Gysel et al. (2018)", "Gysel", 2018, (2,), ()),  # the particle dropped in the text
        ("Smith, 2017b", "Smith", 2017, (4,), ()),  # the year letter decides
        ("Dewald et al. (2011)", "Dewald", 2011, (), ("Dewald 2011",)),  # no such entry: kept as a key to report
        ("Lee (2019)", "Lee", 2019, (), ()),  # two entries match equally: left unlinked, not guessed
    ],
)
def test_link_author_year_ties_mentions_to_entries(printed, author, year, numbers, keys) -> None:
    mention = InTextCitation(text=printed, span=Span(0, len(printed)), style="author-year", named_author=author,
                             named_year=year, mention_text=printed)
    [linked] = link_author_year([mention], _LIST)
    assert (linked.numbers, linked.keys) == (numbers, keys)


def test_link_author_year_leaves_numbered_papers_alone() -> None:
    numbered = InTextCitation(text="[1]", span=Span(0, 3), numbers=(1,))
    mention = InTextCitation(text="Lee (2020)", span=Span(10, 20), style="author-year", named_author="Lee",
                             named_year=2020)
    assert link_author_year([numbered, mention], _LIST) == [numbered, mention]


# (text, [(named author, numbers, keys)] after linking against _LIST with the text): a species' authority
# that no entry matches is no pointer; everything else keeps its key for the undefined-reference check.
TAXONOMIC_AUTHORITIES = [
    # an authority after a binomial, no entry by Bleeker: dropped
    ("in the catshark Scyliorhinus canicula (Bleeker, 1852) we", []),
    # an abbreviated genus and two authors joined by "&"
    ("in S. canicula (Tanaka & Bleeker, 1852) we", []),
    # an authority that is also in the list stays a linked citation
    ("the frog Rana temporaria (Dewald, 2010) was", [("Dewald", (1,), ())]),
    # a capitalised word and an English word before the parenthesis are no species
    ("This analysis (Bleeker, 1852) showed", [("Bleeker", (), ("Bleeker 1852",))]),
    ("Our data (Bleeker, 1852) show", [("Bleeker", (), ("Bleeker 1852",))]),
    # "et al." never closes an authority
    ("in Mus musculus (Bleeker et al., 1852) we", [("Bleeker", (), ("Bleeker 1852",))]),
]


@pytest.mark.parametrize(("text", "expected"), TAXONOMIC_AUTHORITIES, ids=[row[0] for row in TAXONOMIC_AUTHORITIES])
def test_taxonomic_authorities_are_not_pointers(text: str, expected: list) -> None:
    linked = link_author_year(find_citations(text), _LIST, text)
    assert [(c.named_author, c.numbers, c.keys) for c in linked] == expected


# (text, [(named author, second author, year, mention text)]): author-date forms of APA, Harvard and Chicago.
AUTHOR_DATE_FORMS = [
    # a possessive names the author without the "'s"
    ("Smith-Jones's (2022) model", [("Smith-Jones", None, 2022, "Smith-Jones's (2022)")]),
    ("O'Brien's (2017) view", [("O'Brien", None, 2017, "O'Brien's (2017)")]),
    # a possessive apostrophe alone after a final s
    ("Smith and Jones' (2019) model", [("Smith", "Jones", 2019, "Smith and Jones' (2019)")]),
    # two works of one year, the second as a bare letter (APA "2020a, b")
    ("(Lindqvist et al., 2020a, b)", [("Lindqvist", None, 2020, "Lindqvist et al., 2020a"),
                                      ("Lindqvist", None, 2020, "b")]),
    # two years after one author group
    ("(Smith, 2019, 2021)", [("Smith", None, 2019, "Smith, 2019"), ("Smith", None, 2021, "2021")]),
    # two authors with "&" (APA) and "and" (Harvard), and a second item after "see also"
    ("(Sweller & Cooper, 1985; see also Renkl, 2014, p. 393)",
     [("Sweller", "Cooper", 1985, "Sweller & Cooper, 1985"), ("Renkl", None, 2014, "Renkl, 2014, p. 393")]),
    ("(e.g., Sweller and Cooper 1985)", [("Sweller", "Cooper", 1985, "Sweller and Cooper 1985")]),
    # Chicago: a bare page locator after the year
    ("(Karpicke and Blunt 2011, 773)", [("Karpicke", "Blunt", 2011, "Karpicke and Blunt 2011, 773")]),
    # "and colleagues" is no second author; three authors give none either
    ("Smith and colleagues (2019) argued", [("Smith", None, 2019, "Smith and colleagues (2019)")]),
    ("(Smith, Lee, & Park, 2019)", [("Smith", None, 2019, "Smith, Lee, & Park, 2019")]),
    # ABNT (Brazil): co-authors separated by semicolons, upper case; the first is the first author
    ("(FERRAZ; MOURA, 2012)", [("FERRAZ", "MOURA", 2012, "FERRAZ; MOURA, 2012")]),
    # the same in mixed case, followed by an ordinary second item
    ("(Ferraz; Moura, 2012; Lind, 2015)", [("Ferraz", "Moura", 2012, "Ferraz; Moura, 2012"),
                                           ("Lind", None, 2015, "Lind, 2015")]),
    # three ABNT co-authors: no single second author
    ("(FERRAZ; MOURA; LIND, 2012)", [("FERRAZ", None, 2012, "FERRAZ; MOURA; LIND, 2012")]),
    # a function word alone before the semicolon leads nothing
    ("(However; Lind, 2015)", [("Lind", None, 2015, "Lind, 2015")]),
]


@pytest.mark.parametrize(("text", "expected"), AUTHOR_DATE_FORMS, ids=[row[0] for row in AUTHOR_DATE_FORMS])
def test_author_date_forms(text: str, expected: list) -> None:
    found = [(c.named_author, c.named_second_author, c.named_year, c.mention_text) for c in find_citations(text)]
    assert found == expected
