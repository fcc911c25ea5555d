"""Near spellings of a named author: "Mathews et al. [16]" pointing at Matthews (2008).

A mention whose surname differs from the denoted reference's first author by a letter or two names
the right work with a typo; ``citation.author_year_mismatch`` reports it as a warning about the spelling
instead of an error about the pointer.  Edges added: ``?pointer kga:namedAuthorSpelledLike ?reference``.
"""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein
from rdflib import Graph
from rdflib.namespace import RDF

from kgaudit.derive import derivation
from kgaudit.graph.namespaces import BIRO, C4O, KGA

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
