"""Inline markup of a paper's text shown as text, and evidence shown as a table, for the HTML report.

Papers read from Markdown, or from text a converter wrote with LaTeX in it, keep
their markup in the graph (``**Introduction:**``, ``65 \\pm 3``, ``$\\alpha$``).
:func:`inline_html` turns the common inline forms into HTML and escapes
everything else, so no text of the paper can inject markup:

* Markdown emphasis: ``**strong**``, ``__strong__``, ``*emphasis*``; pandoc's
  ``^superscript^``; a backslash-escaped ``\\*`` is a literal star;
* LaTeX math between ``$…$`` or ``$$…$$`` (the dollars go), and anywhere a known
  command: Greek letters, ``\\pm``, ``\\times``, ``\\leq`` … as their characters,
  ``^{…}``/``_{…}`` (and ``^x``/``_x`` inside math) as super- and subscripts,
  ``\\mathrm{…}``, ``\\text{…}`` as their content, ``\\frac{a}{b}`` as a/b.
  An unknown command is shown as written.

Highlights of findings cut a sentence into pieces; :func:`render_pieces` renders
each piece and keeps the emphasis open across the cut (closed before it and
reopened after), so the page stays well formed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

# LaTeX commands and the characters they print (the symbols papers use in statistics and units).
LATEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "pm": "±", "mp": "∓", "times": "×", "cdot": "·", "div": "÷", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝", "infty": "∞",
    "degree": "°", "circ": "°", "prime": "′", "ast": "∗", "ldots": "…", "cdots": "⋯", "dots": "…",
    "rightarrow": "→", "to": "→", "leftarrow": "←", "Rightarrow": "⇒", "leftrightarrow": "↔", "sqrt": "√",
    "partial": "∂", "sum": "∑", "prod": "∏", "int": "∫", "in": "∈", "notin": "∉", "subset": "⊂", "cup": "∪",
    "cap": "∩", "lt": "<", "gt": ">", "%": "%", "_": "_", "&": "&", "#": "#", "$": "$", "{": "{", "}": "}",
    ",": "\u2009", ";": "\u2005", "!": "", " ": " ", "quad": "\u2003", "qquad": "\u2003\u2003",
}
# Commands whose braced argument is shown, in the given element (None: as plain text).
LATEX_WRAPPERS = {"mathrm": None, "text": None, "textrm": None, "operatorname": None, "mathit": "em",
                  "textit": "em", "emph": "em", "mathbf": "strong", "textbf": "strong", "boldsymbol": "strong"}

_COMMAND = re.compile(r"\\([A-Za-z]+|[%_&#${},;! ])")
# "$…$" is math only when the dollars hug the content and no digit follows (so "$5 and $10" stays money).
_MATH = re.compile(r"\$\$(?=\S)(.+?)(?<=\S)\$\$|(?<![\\$\w])\$(?=[^\s$])([^$\n]+?)(?<=[^\s\\])\$(?![\d$])")
_STRONG = re.compile(r"(?<![\\*])\*\*(?=[^\s*])(.+?)(?<=[^\s\\*])\*\*(?!\*)|(?<![\w\\_])__(?=\S)(.+?)(?<=\S)__(?!\w)")
_EMPHASIS = re.compile(r"(?<![\\*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s\\*])\*(?![*\w])")
_SUPERSCRIPT = re.compile(r"(?<![\\^])\^(?=[^\s^{])([^\s^]+?)\^")


@dataclass(frozen=True)
class Event:
    """One step of the rendered text: ``text`` (HTML) or ``open``/``close`` of a tag, at a source offset."""

    at: int
    kind: str
    value: str


def _braced(text: str, start: int) -> int:
    """The offset after the ``}`` closing the ``{`` at ``start`` (-1 when it is not closed)."""
    depth, at = 0, start
    while at < len(text):
        if text[at] == "\\":  # an escaped brace does not count
            at += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[at], 0)
        if depth == 0:
            return at + 1
        at += 1
    return -1


class _Reader:
    """Turns a text into events; ``pairs`` maps the offsets of emphasis markers to (tag, open?, length)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.events: list[Event] = []
        self.pairs: dict[int, tuple[str, bool, int]] = {}
        self.math: dict[int, int] = {}  # offset of an opening "$" → offset after the closing one
        for match in _MATH.finditer(text):
            self.math[match.start()] = match.end()
        self._pair(_STRONG, "strong", 2)
        self._pair(_EMPHASIS, "em", 1)
        self._pair(_SUPERSCRIPT, "sup", 1)

    def _pair(self, pattern: re.Pattern[str], tag: str, width: int) -> None:
        for match in pattern.finditer(self.text):
            start, end = match.start(), match.end() - width
            if self._inside_math(start) or start in self.pairs or end in self.pairs:
                continue
            self.pairs[start] = (tag, True, width)
            self.pairs[end] = (tag, False, width)

    def _inside_math(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.math.items())

    def emit(self, at: int, kind: str, value: str) -> None:
        self.events.append(Event(at, kind, value))

    def read(self, start: int, end: int, math: bool) -> None:
        """Events for ``text[start:end]`` (inside math when ``math``)."""
        at = start
        while at < end:
            at = self._step(at, end, math)

    def _step(self, at: int, end: int, math: bool) -> int:
        text, char = self.text, self.text[at]
        if not math and at in self.math:
            dollars = 2 if text.startswith("$$", at) else 1
            close = self.math[at]
            self.emit(at, "text", "")
            self.read(at + dollars, close - dollars, True)
            self.emit(close - dollars, "text", "")
            return close
        if not math and at in self.pairs:
            tag, opening, width = self.pairs[at]
            self.emit(at, "open" if opening else "close", tag)
            return at + width
        if char == "\\":
            return self._command(at, end, math)
        if char in "^_" and (math or text.startswith("{", at + 1)):
            return self._script(at, end, math, "sup" if char == "^" else "sub")
        if math and char in "{}":
            self.emit(at, "text", "")
            return at + 1
        self.emit(at, "text", str(escape(char)))
        return at + 1

    def _command(self, at: int, end: int, math: bool) -> int:
        if self.text.startswith(("\\*", "\\^"), at):  # Markdown's escaped star or caret: the character itself
            self.emit(at, "text", str(escape(self.text[at + 1])))
            return at + 2
        match = _COMMAND.match(self.text, at, end)
        name = match.group(1) if match else ""
        if match and name in LATEX_SYMBOLS:
            self.emit(at, "text", str(escape(LATEX_SYMBOLS[name])))
            return match.end()
        if match and name in LATEX_WRAPPERS and self.text.startswith("{", match.end()):
            return self._wrapped(at, match.end(), end, math, LATEX_WRAPPERS[name])
        if match and name == "frac" and self.text.startswith("{", match.end()):
            return self._fraction(at, match.end(), end, math)
        self.emit(at, "text", str(escape(match.group(0) if match else "\\")))
        return match.end() if match else at + 1

    def _group(self, opening: int, end: int) -> int:
        closing = _braced(self.text, opening)
        return closing if 0 < closing <= end else -1

    def _wrapped(self, at: int, opening: int, end: int, math: bool, tag: str | None) -> int:
        closing = self._group(opening, end)
        if closing < 0:
            self.emit(at, "text", str(escape(self.text[at:opening])))
            return opening
        self.emit(at, "open" if tag else "text", tag or "")
        self.read(opening + 1, closing - 1, math)
        self.emit(closing - 1, "close" if tag else "text", tag or "")
        return closing

    def _fraction(self, at: int, opening: int, end: int, math: bool) -> int:
        numerator_end = self._group(opening, end)
        denominator_end = self._group(numerator_end, end) if numerator_end > 0 else -1
        if denominator_end < 0 or not self.text.startswith("{", numerator_end):
            self.emit(at, "text", str(escape(self.text[at:opening])))
            return opening
        self.emit(at, "text", "")
        self.read(opening + 1, numerator_end - 1, math)
        self.emit(numerator_end, "text", "/")
        self.read(numerator_end + 1, denominator_end - 1, math)
        return denominator_end

    def _script(self, at: int, end: int, math: bool, tag: str) -> int:
        if self.text.startswith("{", at + 1):
            closing = self._group(at + 1, end)
            if closing > 0:
                self.emit(at, "open", tag)
                self.read(at + 2, closing - 1, math)
                self.emit(closing - 1, "close", tag)
                return closing
        if math and at + 1 < end:
            self.emit(at, "open", tag)
            following = self._step(at + 1, end, math)
            self.emit(following - 1, "close", tag)
            return following
        self.emit(at, "text", str(escape(self.text[at])))
        return at + 1


def events(text: str) -> list[Event]:
    """The events that render ``text``: characters (escaped), symbols, and tags opened and closed."""
    reader = _Reader(text)
    reader.read(0, len(text), False)
    return reader.events


class _Writer:
    """Writes events as HTML, keeping every element it opens closed before a piece ends."""

    def __init__(self) -> None:
        self.open: list[str] = []

    def piece(self, items: Sequence[Event]) -> str:
        out = [f"<{tag}>" for tag in self.open]
        for item in items:
            if item.kind == "text":
                out.append(item.value)
            elif item.kind == "open":
                out.append(f"<{item.value}>")
                self.open.append(item.value)
            elif item.value in self.open:  # close it, and reopen what was opened inside it
                inner = self.open[self.open.index(item.value) + 1:]
                out.extend(f"</{tag}>" for tag in reversed(inner))
                out.append(f"</{item.value}>")
                del self.open[self.open.index(item.value):]
                out.extend(f"<{tag}>" for tag in inner)
                self.open.extend(inner)
        out.extend(f"</{tag}>" for tag in reversed(self.open))
        return "".join(out)


def render_pieces(text: str, cuts: Sequence[int], wrap: Callable[[int, int, Markup], Markup]) -> Markup:
    """``text`` cut at ``cuts`` (sorted offsets, 0 and len(text) included), each piece rendered and wrapped.

    ``wrap(start, end, html)`` gets each piece's offsets and HTML (a highlight link, or the HTML itself).
    """
    rendered = events(text)
    writer = _Writer()
    out, index = [], 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start >= end:
            continue
        items = []
        while index < len(rendered) and rendered[index].at < end:
            items.append(rendered[index])
            index += 1
        out.append(wrap(start, end, Markup(writer.piece(items))))
    return Markup("").join(out)


def inline_html(text: str) -> Markup:
    """``text`` with its inline Markdown and LaTeX rendered and everything else escaped."""
    return Markup(_Writer().piece(events(text)))


# --------------------------------------------------------------------------- evidence


def _value_html(value: Any) -> str:
    if isinstance(value, dict):
        return str(evidence_table(value)) if value else "—"
    if isinstance(value, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in value):
            return str(escape(", ".join(_scalar(item) for item in value))) or "—"
        return "<ol>" + "".join(f"<li>{_value_html(item)}</li>" for item in value) + "</ol>"
    return str(escape(_scalar(value)))


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)  # numbers exactly as the JSON report writes them


def evidence_table(evidence: dict[str, Any]) -> Markup:
    """A finding's evidence as a two-column table (key, value); nested objects as nested tables."""
    rows = "".join(f"<tr><th>{escape(str(key).replace('_', ' '))}</th><td>{_value_html(value)}</td></tr>"
                   for key, value in evidence.items())
    return Markup(f'<table class="evidence">{rows}</table>')
