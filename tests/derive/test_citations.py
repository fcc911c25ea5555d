"""Near spellings of a named author (kgaudit.derive.citations)."""

from __future__ import annotations

import pytest

from kgaudit.derive.citations import near_spelling


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("stolzfus", "stoltzfus", True),  # one letter dropped
        ("mathews", "matthews", True),
        ("schmidt", "schmitt", True),  # one letter changed
        ("cunninghame", "cuningham", True),  # two edits allowed from eight letters
        ("smith", "smith", False),  # the same name is no misspelling
        ("kim", "lim", False),  # short names: different people
        ("li", "lu", False),
        ("johnson", "jackson", False),  # three edits apart
        ("taylor", "naylor", True),  # one letter: read as a slip (a warning, never an error)
    ],
)
def test_near_spelling(a: str, b: str, near: bool) -> None:
    assert near_spelling(a, b) is near
