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


# Generational suffixes printed after a surname ("Silva Junior", "Medeiros Neto", "Sowerby II").
NAME_SUFFIXES = frozenset({"jr", "junior", "filho", "neto", "sobrinho", "i", "ii", "iii", "iv"})


def _without_suffix(words: list[str]) -> list[str]:
    return words[:-1] if len(words) > 1 and name_key(words[-1]) in NAME_SUFFIXES else words


def surname_keys(family: str) -> list[str]:
    """Every key a citing text may use for this first author's surname (a superset of :func:`first_author_keys`).

    Besides the whole surname and the surname without leading particles: a compound surname by its
    trailing part ("Leão e Silva" is cited as "Silva", "Fischer von Waldheim" as "von Waldheim", a
    corporate author "President's Council on Bioethics" as "Bioethics"), and a surname without its
    generational suffix ("Silva Jr" as "Silva").
    """
    keys = first_author_keys(family)
    words = _without_suffix(family.split())
    for start in range(len(words)):
        key = name_key(" ".join(words[start:]))
        if key and key not in keys:
            keys.append(key)
    return keys


def named_author_keys(named: str) -> list[str]:
    """The keys of a surname as printed in a mention: whole, without leading particles, without a suffix.

    ``"de Deng"`` (a Portuguese "of" read into the name) → ``["dedeng", "deng"]``; ``"Silva Junior"`` →
    ``["silvajunior", "silva"]``.
    """
    keys = first_author_keys(named)
    words = named.split()
    while len(words) > 1 and words[0].casefold() in _PARTICLES:
        words = words[1:]
    bare = name_key(" ".join(_without_suffix(words)))
    if bare and bare not in keys:
        keys.append(bare)
    return keys
