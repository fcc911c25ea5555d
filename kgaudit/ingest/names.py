"""Surnames folded for comparison, shared by the ingest (author-year linking) and the graph (author keys)."""

from __future__ import annotations

import unicodedata


def name_key(surname: str) -> str:
    """A surname folded for comparison: no accents, case, spaces or punctuation ("Müller-Lüdenscheidt" → "mullerludenscheidt")."""
    folded = unicodedata.normalize("NFKD", surname)
    return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c)).lower()


# Lower-case particles that BibTeX and many citing styles drop from an in-text name: "Christophe Van
# Gysel" is cited as "Gysel et al.", "Ludwig van Beethoven" as "Beethoven".
_PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "dos", "das", "la", "le", "ter", "ten",
    "vander", "vanden", "zu", "af",
})


def first_author_keys(family: str) -> list[str]:
    """The keys a citing text may use for a first author: the whole surname, and without leading particles.

    ``"Van Gysel"`` → ``["vangysel", "gysel"]``; ``"Smith"`` → ``["smith"]``.
    """
    keys = [name_key(family)]
    words = family.split()
    while len(words) > 1 and words[0].casefold() in _PARTICLES:
        words = words[1:]
    bare = name_key(" ".join(words))
    if bare and bare not in keys:
        keys.append(bare)
    return keys
