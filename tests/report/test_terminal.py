"""The terminal report: colour only when asked and NO_COLOR is unset, width as given, wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kgaudit import audit
from kgaudit.report.terminal import count_words, render_terminal

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "early-mobilisation.txt"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def graph():  # noqa: ANN201 - an rdflib Graph
    return audit(EXAMPLE).graph


@pytest.mark.parametrize(
    ("no_color", "coloured"),
    [
        (None, True),  # a terminal, NO_COLOR unset: colours
        ("1", False),  # NO_COLOR set (https://no-color.org): none, even on a terminal
        ("", True),  # NO_COLOR set but empty counts as unset
    ],
)
def test_no_color_is_honoured(graph, monkeypatch: pytest.MonkeyPatch, no_color: str | None,  # noqa: ANN001
                              coloured: bool) -> None:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert bool(ANSI.search(render_terminal(graph, color=True, width=100))) is coloured


@pytest.mark.parametrize("width", [50, 80, 140])
def test_lines_fit_the_width(graph, width: int) -> None:  # noqa: ANN001
    text = render_terminal(graph, color=False, width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert all(line == line.rstrip() for line in text.splitlines())  # no padding to the full width


@pytest.mark.parametrize(
    ("count", "severity", "words"),
    [
        (1, "error", "1 error"),  # singular
        (2, "error", "2 errors"),  # plural
        (1, "warning", "1 warning"),  # the "1 warnings"
        (0, "warning", "0 warnings"),  # zero takes the plural
        (6, "info", "6 info"),  # info is a mass noun: never "infos"
    ],
)
def test_counts_are_worded(count: int, severity: str, words: str) -> None:
    assert count_words(count, severity) == words
