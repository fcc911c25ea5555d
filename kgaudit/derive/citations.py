"""Facts about citing: near spellings of a named author, and the order of the reference list.

Near spellings: "Mathews et al. [16]" pointing at Matthews (2008).

A mention whose surname differs from the denoted reference's first author by a letter or two names
the right work with a typo; ``citation.author_year_mismatch`` reports it as a warning about the spelling
instead of an error about the pointer.  Edges added: ``?pointer kga:namedAuthorSpelledLike ?reference``.

List order: a numbered list whose first authors run alphabetically was numbered alphabetically, not in
order of first citation, so ``citation.out_of_order`` leaves it alone.  Fact added:
``?paper kga:referenceListOrder "alphabetical"``.
"""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kgaudit.derive import derivation
from kgaudit.graph.namespaces import BIRO, C4O, FRBR, KGA
from kgaudit.ingest.names import name_key

# Edits (insert, delete, substitute, swap) a surname may be away from the printed one and still be
# the same name misspelt: one for names of 4-7 letters ("Schmidt"/"Schmitt"), two from 8 letters
# ("Stolzfus"/"Stoltzfus" needs one, "Cunninghame"/"Cuningham" two).  Shorter names are left alone:
# "Li"/"Lu" and "Kim"/"Lim" are different people.
MIN_NAME_LETTERS = 4
LONG_NAME_LETTERS = 8


def near_spelling(a: str, b: str) -> bool:
    """True when two folded surnames differ but are close enough to be one name misspelt."""
    if a == b or min(len(a), len(b)) < MIN_NAME_LETTERS:
        return False
    allowed = 2 if min(len(a), len(b)) >= LONG_NAME_LETTERS else 1
    return DamerauLevenshtein.distance(a, b) <= allowed


@derivation("named_author_spelling", provides="named_author_spelling", order=20)
def link_near_spellings(graph: Graph) -> None:
    """Add ``kga:namedAuthorSpelledLike`` from a pointer to each denoted reference whose first author it misspells."""
    for pointer in list(graph.subjects(RDF.type, C4O.InTextReferencePointer)):
        named = {str(k) for k in graph.objects(pointer, KGA.namedAuthorVariant)}
        if not named:
            continue
        for entry in graph.objects(pointer, C4O.denotes):
            work = graph.value(entry, BIRO.references)
            if work is None:
                continue
            keys = {str(k) for k in graph.objects(work, KGA.firstAuthorKey)}
            if named & keys:
                continue
            if any(near_spelling(a, b) for a in named for b in keys):
                graph.add((pointer, KGA.namedAuthorSpelledLike, entry))


# A numbered list whose first authors run in alphabetical order was numbered alphabetically, not in order of
# first citation (some journals, e.g. in public health, number an alphabetical list).  At least this many
# entries with a first author, and this share of neighbouring pairs in order: a citation-ordered list of 8
# has each pair in order with chance about 1/2, so 90 % of 7 pairs or more is ~1 chance in 16 (and falls
# fast with length); an alphabetical list with a few misfiled entries still passes.
ALPHABETICAL_MIN_ENTRIES = 8
ALPHABETICAL_MIN_SHARE = 0.9


def list_is_alphabetical(first_authors: list[str]) -> bool:
    """Whether first-author surnames, in list order, run alphabetically (so the list is not citation-ordered)."""
    keys = [name_key(family) for family in first_authors if family]
    if len(keys) < ALPHABETICAL_MIN_ENTRIES:
        return False
    in_order = sum(1 for a, b in zip(keys, keys[1:], strict=False) if a <= b)
    return in_order >= ALPHABETICAL_MIN_SHARE * (len(keys) - 1)


@derivation("reference_list_order", provides="reference_list_order", order=20)
def mark_alphabetical_lists(graph: Graph) -> None:
    """Add ``kga:referenceListOrder "alphabetical"`` to a paper whose numbered list runs alphabetically."""
    numbered: dict[object, list[tuple[int, str]]] = {}
    for entry in graph.subjects(RDF.type, BIRO.BibliographicReference):
        number, paper = graph.value(entry, KGA.number), graph.value(entry, FRBR.partOf)
        work = graph.value(entry, BIRO.references)
        family = graph.value(work, KGA.firstAuthorFamily) if work is not None else None
        if number is not None and paper is not None:
            numbered.setdefault(paper, []).append((int(number), str(family or "")))
    for paper, entries in numbered.items():
        if list_is_alphabetical([family for _number, family in sorted(entries)]):
            graph.add((paper, KGA.referenceListOrder, Literal("alphabetical")))
