"""The HTML report: self-contained, rendered from the graph, and checked in a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kgaudit import audit, load_graph
from kgaudit.api import Report
from kgaudit.graph.export import serialize_graph
from kgaudit.ingest import parse_string
from kgaudit.report.html import _locate, render_html, report_context
from tests.conftest import REPO

EXAMPLE = REPO / "data" / "examples" / "early-mobilisation.txt"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]
# Chromium prints every console message (log, warning, error, uncaught exception) as one such line.
CONSOLE_LINE = re.compile(r":CONSOLE[:(]")


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Report:
    return audit(seed_path)


@pytest.fixture(scope="module")
def seed_html(seed: Report) -> str:
    return render_html(seed.graph)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    """Elements by id (attributes and text), finding items, highlight links, and every URL-bearing attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str | None]] = {}
        self.text_of: dict[str, str] = {}
        self.finding_items: list[str] = []
        self.highlights: list[dict[str, str | None]] = []
        self.urls: list[str] = []
        self._stack: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        element_id = values.get("id")
        if element_id:
            self.ids[element_id] = values
            self.text_of.setdefault(element_id, "")
        if tag == "li" and "finding" in (values.get("class") or "").split():
            self.finding_items.append(element_id or "")
        if tag == "a" and "hl" in (values.get("class") or "").split():
            self.highlights.append(values)
        for name in ("src", "href", "xlink:href", "action", "poster"):
            if values.get(name):
                self.urls.append(values[name] or "")
        if tag not in VOID:
            self._stack.append((tag, element_id))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for _, element_id in self._stack:
            if element_id:
                self.text_of[element_id] += data


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


# --------------------------------------------------------------------------- the page without a browser


@pytest.mark.parametrize(
    ("content", "approx", "length", "text", "expected"),
    [
        ("a ¹⁴ b ¹⁴ c", 7, 2, "¹⁴", (7, 9)),  # the occurrence nearest the offset wins
        ("a ¹⁴ b ¹⁴ c", 1, 2, "¹⁴", (2, 4)),  # ... before or after it
        ("one  two", 4, 3, "two", (5, 8)),  # offsets drift where whitespace was folded; the text does not
        ("abcdef", 2, 3, "zz", (2, 5)),  # text absent: the offsets, as given
        ("abcdef", 2, 0, "zz", None),  # text absent and no length: not placed
        ("abcdef", 2, 0, None, (2, 6)),  # no text, no length: to the end of the sentence
        ("abc", 10, 2, None, (3, 3)),  # offsets beyond the sentence are clipped
    ],
)
def test_locate_a_hint_inside_a_sentence(content: str, approx: int, length: int, text: str | None,
                                         expected: tuple[int, int] | None) -> None:
    assert _locate(content, approx, length, text) == expected


def test_page_is_self_contained(seed_html: str) -> None:
    page = parse(seed_html)
    assert all(url.startswith("#") for url in page.urls), [u for u in page.urls if not u.startswith("#")]
    assert "<link" not in seed_html and "@import" not in seed_html and "url(" not in seed_html
    assert "<script src" not in seed_html


def test_findings_count_and_items_match_the_json(seed: Report, seed_html: str) -> None:
    report = seed.to_dict()
    page = parse(seed_html)
    assert page.ids["findings-count"]["data-count"] == str(len(report["findings"]))
    # every finding once, grouped by check (issue 15): a check's findings are next to each other, in id order
    assert sorted(page.finding_items) == [f["id"] for f in report["findings"]]
    check_of = {f["id"]: f["check"] for f in report["findings"]}
    runs = [check_of[fid] for i, fid in enumerate(page.finding_items)
            if i == 0 or check_of[page.finding_items[i - 1]] != check_of[fid]]
    assert len(runs) == len(set(runs)) == len(report["summary"]["by_check"])
    for check in runs:
        ids = [fid for fid in page.finding_items if check_of[fid] == check]
        assert ids == sorted(ids)
        assert f"{len(ids)} finding" in page.text_of[f"check-{check}"]
    summary = report["summary"]
    for severity, key in (("error", "errors"), ("warning", "warnings"), ("info", "info")):
        assert page.text_of[f"count-{severity}"].split()[0] == str(summary[key])


def test_every_highlight_links_to_an_existing_finding(seed_html: str) -> None:
    page = parse(seed_html)
    assert page.highlights
    for link in page.highlights:
        assert (link["href"] or "").lstrip("#") in page.finding_items
        assert set((link["data-findings"] or "").split()) <= set(page.finding_items)


def test_author_year_mentions_and_their_pointers_are_highlighted(seed: Report, seed_html: str) -> None:
    texts = re.findall(r'<a href="#(F\d+)" class="hl[^"]*"[^>]*>([^<]*)</a>', seed_html)
    mismatch_ids = {f["id"] for f in seed.to_dict()["findings"] if f["check"] == "citation.author_year_mismatch"}
    flagged = {text for fid, text in texts if fid in mismatch_ids}
    mentions = {c.mention_text for c in seed.document.citations if c.named_author}
    pointers = {c.text for c in seed.document.citations if c.named_author}
    assert mentions | pointers <= flagged
    assert "Kim et al. (2019)" in flagged


def test_every_finding_with_a_place_in_the_paper_links_to_it(seed: Report, seed_html: str) -> None:
    context = report_context(seed.graph)
    page = parse(seed_html)
    for finding, entry in zip(seed.findings, context["findings"], strict=True):
        if finding.location.char_start is not None or finding.location.table:
            assert entry["target"], entry["id"]
        if entry["target"]:
            assert entry["target"].lstrip("#") in page.ids


def test_flagged_table_cells_are_highlighted(seed: Report, seed_html: str) -> None:
    context = report_context(seed.graph)
    highlighted = {fid for link in parse(seed_html).highlights for fid in (link["data-findings"] or "").split()}
    cell_findings = [entry["id"] for finding, entry in zip(seed.findings, context["findings"], strict=True)
                     if "/cell/" in finding.focus]
    assert cell_findings and set(cell_findings) <= highlighted


def test_paper_text_comes_from_the_graph_alone(seed: Report, tmp_path: Path) -> None:
    exported = tmp_path / "seed.ttl"
    exported.write_text(serialize_graph(seed.graph, "turtle"), encoding="utf-8")
    html = render_html(load_graph(exported))
    for sentence in (seed.document.sentences[5], seed.document.sentences[-1]):
        assert sentence.text[:60].replace("&", "&amp;") in html
    for table in seed.document.tables:
        assert f"{table.label}: {table.caption}" in html


def test_reference_list_shows_each_entry_with_its_status(seed: Report, seed_html: str) -> None:
    page = parse(seed_html)
    for ref in seed.document.references:
        item = page.text_of[f"ref-{ref.number}"]
        assert "unverifiable" in item  # offline: nothing was looked up
    assert "unverifiable: 25" in seed_html


def _figure(html: str, figure_id: str) -> str:
    start = html.index(f'<figure id="{figure_id}"')
    return html[start:html.index("</figure>", start)]


def test_pictures_are_inline_svg_with_one_mark_per_p_value_finding(seed: Report, seed_html: str) -> None:
    p_findings = [f for f in seed.findings if f.check == "stats.p_value_mismatch"]
    chart = _figure(seed_html, "p-values")
    assert chart.count('class="pmark"') == len(p_findings)
    network = _figure(seed_html, "citation-network")
    assert network.count('class="edge bad"') == 8  # the eight author-year mismatches, in red


def test_report_without_p_value_findings_says_so(seed_path: Path) -> None:
    html = render_html(audit(seed_path, checks=["citation"]).graph)
    # a sentence, and no empty axes (issue 15: the chart was drawn empty)
    assert "nothing to draw" in html and "<svg" not in _figure(html, "p-values")


def test_text_with_markup_characters_is_escaped(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace(
        "Several limitations of this study merit discussion.",
        "Several limitations <script>alert(1)</script> of this study merit discussion.")
    html = render_html(audit(parse_string(text, fmt="text"), checks=["citation"]).graph)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# A Markdown paper written for this test, with the inline Markdown and LaTeX issue 15 saw shown raw.
MARKUP_PAPER = """# Walking after surgery

## Introduction

**Background:** Patients were 65 \\pm 3 years old, with $\\alpha$ = 0.05 set in advance (Okafor, 2019).
The test gave $\\chi^2_{1}$ = 4.2 with *p* < 0.05 and <b>raw tags</b> stay text.

## References

Okafor, A. (2019). A trial of walking. *Journal of Walking*, 3, 1-9.
"""


def test_markdown_and_latex_in_the_paper_are_rendered_not_shown_raw() -> None:
    html = render_html(audit(parse_string(MARKUP_PAPER, fmt="markdown"), checks=["citation"]).graph)
    paper = html[html.index('<section id="paper"'):html.index('<section id="references"')]
    assert "<strong>Background:</strong>" in paper and "65 ± 3 years" in paper and "α = 0.05" in paper
    assert "χ<sup>2</sup><sub>1</sub>" in paper and "<em>p</em> &lt; 0.05" in paper
    assert "&lt;b&gt;raw tags&lt;/b&gt;" in paper
    assert "**" not in paper and "\\pm" not in paper and "$" not in paper
    assert "<em>Journal of Walking</em>" in html  # the reference list too


def test_evidence_is_shown_as_a_table_not_json(seed: Report, seed_html: str) -> None:
    findings = [f for f in seed.to_dict()["findings"] if f["evidence"]]
    assert findings
    item = seed_html[seed_html.index(f'<li id="{findings[0]["id"]}"'):]
    item = item[:item.index("</li>")]
    assert '<table class="evidence">' in item and "<pre>" not in item and '{"' not in item


# --------------------------------------------------------------------------- in a real browser


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    return found


def run_chromium(page: Path, profile: Path, *extra: str, query: str = "") -> subprocess.CompletedProcess[str]:
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
               *extra, page.as_uri() + query]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE_LINE.search(line)]


def test_browser_reports_console_errors_of_a_broken_page(tmp_path: Path) -> None:
    # The canary: the same run that finds no messages on the report finds them on a broken page.
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p id=x>0</p><script>console.error('bad'); missingFunction();</script>",
                    encoding="utf-8")
    result = run_chromium(page, tmp_path / "profile", "--dump-dom")
    messages = console_messages(result.stderr)
    assert any("bad" in m for m in messages) and any("missingFunction" in m for m in messages)


def test_report_loads_in_chromium_without_console_messages(seed: Report, seed_html: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(seed_html, encoding="utf-8")
    result = run_chromium(page, tmp_path / "profile", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    dom = parse(result.stdout)  # the DOM after the page's script ran
    expected = len(seed.to_dict()["findings"])
    assert dom.text_of["findings-count"].strip() == str(expected)
    assert dom.text_of["shown-count"].strip() == str(expected)  # written by the script: it ran
    assert len(dom.finding_items) == expected


def test_report_screenshot_is_produced(seed_html: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(seed_html, encoding="utf-8")
    screenshot = tmp_path / "report.png"
    result = run_chromium(page, tmp_path / "profile", "--window-size=1280,2400", f"--screenshot={screenshot}")
    assert result.returncode == 0, result.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2400)
    assert len(data) > 50_000  # a rendered page, not a blank one


def test_example_paper_report_loads_in_chromium(tmp_path: Path) -> None:
    report = audit(EXAMPLE)
    page = tmp_path / "example.html"
    page.write_text(render_html(report.graph), encoding="utf-8")
    result = run_chromium(page, tmp_path / "profile", "--dump-dom")
    assert console_messages(result.stderr) == []
    assert parse(result.stdout).text_of["findings-count"].strip() == str(len(report.findings))


class _Visibility(HTMLParser):
    """Which finding items and check groups the page's script hid, and which highlights it switched off."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, bool] = {}  # finding id → shown
        self.groups: dict[str, bool] = {}  # check → shown
        self.highlights_off = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "li" and "finding" in classes:
            self.items[values.get("id") or ""] = "hidden" not in values
        if tag == "section" and "check-group" in classes:
            self.groups[values.get("data-check") or ""] = "hidden" not in values
        if tag == "a" and "hl" in classes and "off" in classes:
            self.highlights_off += 1


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("?check=citation.author_year_mismatch", {"check": "citation.author_year_mismatch"}),  # one check
        ("?severity=error", {"severity": "error"}),  # errors only
        ("?check=stats.p_value_mismatch&severity=warning,info", {"check": "stats.p_value_mismatch",
                                                                "severity": "warning info"}),  # both filters
    ],
)
def test_filters_by_check_and_severity_work_in_chromium(seed: Report, seed_html: str, tmp_path: Path,
                                                        query: str, wanted: dict[str, str]) -> None:
    page = tmp_path / "report.html"
    page.write_text(seed_html, encoding="utf-8")
    result = run_chromium(page, tmp_path / "profile", "--dump-dom", query=query)
    assert result.returncode == 0 and console_messages(result.stderr) == [], result.stderr[-2000:]
    dom = _Visibility()
    dom.feed(result.stdout)
    findings = seed.to_dict()["findings"]
    expected = {f["id"] for f in findings
                if f["check"] == wanted.get("check", f["check"])
                and f["severity"] in wanted.get("severity", f["severity"]).split()}
    assert {fid for fid, shown in dom.items.items() if shown} == expected
    assert parse(result.stdout).text_of["shown-count"].strip() == str(len(expected))
    shown_checks = {f["check"] for f in findings if f["id"] in expected}
    assert {check for check, shown in dom.groups.items() if shown} == shown_checks
    if "check" in wanted:  # highlights of other checks are switched off in the paper
        assert dom.highlights_off > 0
