"""Hostile and broken XML: kgaudit.ingest.xmlsafe (and the JATS/TEI readers on top of it)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kgaudit.errors import InputError
from kgaudit.ingest.jats import parse_jats
from kgaudit.ingest.tei import parse_tei
from kgaudit.ingest.xmlsafe import ENTITY_REFUSAL, parse_xml
from tests.conftest import SHARED

SOURCE = "paper.xml"
SMALL_JATS = SHARED / "data" / "jats" / "elife-tools" / "elife07586.xml"


def billion_laughs(levels: int = 10, encoding: str = "utf-8") -> bytes:
    """The classic entity-expansion bomb: ``levels`` levels of ten-fold expansion."""
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    doc = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE lolz [{"".join(lines)}]><lolz>&lol{levels - 1};</lolz>'
    return doc.encode(encoding)


def quadratic_blowup() -> bytes:
    """One large entity referenced many times (no nesting, still huge when expanded)."""
    big = "x" * 50_000
    return f'<!DOCTYPE a [<!ENTITY big "{big}">]><a>{"&big;" * 50_000}</a>'.encode()


class _CountingHandler(BaseHTTPRequestHandler):
    """Serves a DTD that would define &xxe; — and counts every request it gets."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).requests.append(self.path)
        body = b'<!ENTITY xxe "FETCHED-FROM-NETWORK">'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml-dtd")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def dtd_server() -> Iterator[tuple[str, list[str]]]:
    """A real local HTTP server; yields its base URL and the list of paths requested from it."""
    _CountingHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.requests
    finally:
        server.shutdown()
        server.server_close()


def refusal(data: bytes, parse: Callable[[bytes, str], object] = parse_xml, source: str = SOURCE) -> str:
    """The one-line message ``parse`` refuses ``data`` with (fails if it does not refuse)."""
    with pytest.raises(InputError) as caught:
        parse(data, source)
    line = caught.value.one_line()
    assert "\n" not in str(caught.value)
    assert line.startswith(f"{source}: ")
    return line


# --------------------------------------------------------------------------- table of hostile inputs

HOSTILE: list[tuple[str, bytes, str]] = [
    # entity expansion: refused from the declaration, never expanded
    ("billion laughs", billion_laughs(), ENTITY_REFUSAL),
    ("billion laughs, 40 levels", billion_laughs(40), ENTITY_REFUSAL),
    ("billion laughs in UTF-16", billion_laughs(encoding="utf-16"), ENTITY_REFUSAL),
    ("quadratic blow-up", quadratic_blowup(), ENTITY_REFUSAL),
    # external entities: the file is never read
    ("XXE file:///etc/passwd", b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', ENTITY_REFUSAL),
    ("XXE parameter entity",
     b'<!DOCTYPE a [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><a/>', ENTITY_REFUSAL),
    ("undeclared entity from an external DTD",
     b'<!DOCTYPE a SYSTEM "evil.dtd"><a>&xxe;</a>', "only an external DTD could define"),
    # broken files
    ("empty", b"", "file is empty"),
    ("blank", b"  \n\t\n", "file is empty"),
    ("binary garbage", bytes(range(256)) * 4, "file is binary"),
    ("PNG image", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "file is binary"),
    ("plain text", b"Results\nThe mean age was 59.2 years.\n", "not XML"),
    ("truncated", b"<article><front><article-meta><title-group><article-title>Cut", "malformed XML"),
    ("mismatched tags", b"<a><b></a>", "malformed XML: Opening and ending tag mismatch"),
    ("NUL character reference", b"<a>&#0;</a>", "malformed XML"),
    ("two roots", b"<a/><b/>", "malformed XML"),
    ("deep nesting", b"<a>" * 100_000 + b"</a>" * 100_000, "malformed XML"),
]


@pytest.mark.parametrize(("data", "message"), [(d, m) for _n, d, m in HOSTILE], ids=[n for n, _d, _m in HOSTILE])
def test_hostile_input_is_refused_with_one_line(data: bytes, message: str) -> None:
    assert message in refusal(data)


@pytest.mark.parametrize("parse", [parse_jats, parse_tei], ids=["jats", "tei"])
@pytest.mark.parametrize(("data", "message"), [(d, m) for _n, d, m in HOSTILE], ids=[n for n, _d, _m in HOSTILE])
def test_format_readers_refuse_hostile_input_the_same_way(
    parse: Callable[[bytes, str], object], data: bytes, message: str
) -> None:
    assert message in refusal(data, parse)


def test_malformed_xml_message_names_the_line() -> None:
    # the error is on line 3: the reader of the message can go straight there
    line = refusal(b"<a>\n<b>\n</a>\n")
    assert "line 3" in line


def test_truncated_real_article_is_refused_naming_the_file(shared_dir: Path) -> None:
    # shared_dir skips with a reason on a fresh clone (no ../shared beside the checkout)
    data = SMALL_JATS.read_bytes()
    line = refusal(data[: len(data) // 2], parse_jats, source=str(SMALL_JATS))
    assert line.startswith(f"{SMALL_JATS}: malformed XML")


def test_oversized_input_is_refused_before_parsing() -> None:
    assert "too large" in refusal_with_limit(b"<a>" + b"x" * 2000 + b"</a>", max_bytes=1000)


def refusal_with_limit(data: bytes, max_bytes: int) -> str:
    with pytest.raises(InputError) as caught:
        parse_xml(data, SOURCE, max_bytes=max_bytes)
    return caught.value.one_line()


def test_passwd_contents_never_reach_the_message() -> None:
    line = refusal(b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')
    assert "root:" not in line


# --------------------------------------------------------------------------- no network, ever


def test_external_entity_over_http_is_refused_without_a_request(dtd_server: tuple[str, list[str]]) -> None:
    base, requests = dtd_server
    data = f'<!DOCTYPE a [<!ENTITY x SYSTEM "{base}/secret">]><a>&x;</a>'.encode()
    assert ENTITY_REFUSAL in refusal(data)
    assert requests == []


def test_external_dtd_over_http_is_never_fetched(dtd_server: tuple[str, list[str]]) -> None:
    base, requests = dtd_server
    # the DTD would define &xxe;; unread, the reference is refused
    data = f'<!DOCTYPE a SYSTEM "{base}/evil.dtd"><a>&xxe;</a>'.encode()
    assert "external DTD" in refusal(data)
    assert requests == []


def test_document_naming_an_external_dtd_parses_without_fetching_it(dtd_server: tuple[str, list[str]]) -> None:
    base, requests = dtd_server
    # every PMC article names its DTD this way; the name alone is harmless
    root = parse_xml(f'<!DOCTYPE article PUBLIC "-//NLM//DTD JATS//EN" "{base}/jats.dtd"><article/>'.encode(), SOURCE)
    assert root.tag == "article"
    assert requests == []


def test_external_parameter_entity_over_http_is_never_fetched(dtd_server: tuple[str, list[str]]) -> None:
    base, requests = dtd_server
    data = f'<!DOCTYPE a [<!ENTITY % p SYSTEM "{base}/p.dtd"> %p;]><a>&xxe;</a>'.encode()
    assert ENTITY_REFUSAL in refusal(data)
    assert requests == []


# --------------------------------------------------------------------------- what is accepted


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"<a>x</a>", "x"),  # the plainest document
        (b'<?xml version="1.0" encoding="UTF-8"?>\n<a>\xc3\xa9</a>', "é"),  # declaration and UTF-8
        ("<a>é</a>".encode("utf-16"), "é"),  # UTF-16 with BOM: NUL bytes are text here
        (b"\xef\xbb\xbf<a>x</a>", "x"),  # UTF-8 BOM
        (b"<a>&amp;&lt;&#233;</a>", "&<é"),  # predefined and numeric references are not entities
        (b'<!DOCTYPE a SYSTEM "a.dtd"><a>x&nbsp;y&ndash;z</a>', "x\u00a0y–z"),  # character entities of the DTD
    ],
)
def test_ordinary_xml_is_parsed(data: bytes, text: str) -> None:
    assert "".join(parse_xml(data, SOURCE).itertext()) == text


def test_comments_and_processing_instructions_are_dropped() -> None:
    root = parse_xml(b"<a>x<!-- note --><?properties open_access?>y</a>", SOURCE)
    assert "".join(root.itertext()) == "xy"
    assert all(isinstance(e.tag, str) for e in root.iter())


def test_every_shared_article_passes_the_hardened_parser(shared_dir: Path) -> None:
    files = sorted((shared_dir / "data" / "jats").glob("*/*")) + sorted((shared_dir / "data" / "tei").glob("*/*.xml"))
    assert len(files) == 21
    for path in files:
        assert isinstance(parse_xml(path.read_bytes(), str(path)), etree._Element)


# --------------------------------------------------------------------------- fuzzing

_XML_PIECES = [
    "<", ">", "</", "/>", "<a>", "</a>", "<article>", "</article>", "<!DOCTYPE a [", "]>", "<!ENTITY e 'x'>",
    "&e;", "&amp;", "&#0;", "&#x1F600;", "&nbsp;", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version='1.0'?>",
    "<?pi x?>", "'", '"', "=", " ", "\n", "é", "\x00", "\ufeff", 'xmlns="urn:x"', "<b c='1'>", "</b>",
]
xmlish_bytes = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(_XML_PIECES) | st.text(max_size=5), max_size=40).map(lambda p: "".join(p).encode()),
    st.lists(st.sampled_from(_XML_PIECES), max_size=40).map(lambda p: "".join(p).encode("utf-16")),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xmlish_bytes)
def test_parse_xml_raises_nothing_but_input_error(data: bytes) -> None:
    try:
        parse_xml(data, SOURCE)
    except InputError as error:
        assert "\n" not in error.one_line()
