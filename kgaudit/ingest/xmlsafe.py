"""Parse untrusted XML without network access, file access or entity expansion.

Papers arrive from anywhere, so every XML ingest (JATS, TEI) goes through
:func:`parse_xml`.  Layers of defence, each sufficient for the attack it names:

* documents that declare entities are refused before parsing (billion laughs,
  quadratic blow-up, external entities such as ``file:///etc/passwd`` or
  ``http://…``), and again after parsing should a declaration slip past the
  byte scan (an encoding the scan does not know);
* the lxml parser never loads a DTD, never resolves entities, never touches
  the network, and keeps libxml2's size and depth limits (``huge_tree=False``);
* an entity reference left in the tree (one that only an external DTD, never
  loaded, could define) is refused rather than silently dropped;
* input above a size limit is refused before any work is done.

Every refusal is an :class:`~kgaudit.errors.InputError` naming the file, with one line.
"""

from __future__ import annotations

from html.entities import html5

from lxml import etree

from kgaudit.errors import InputError

# JATS articles are well under 1 MB (the largest PMC ones with inline data tables
# reach a few MB); 20 MB, the limit of the text ingest too, keeps the parse tree and
# the Document built from it (some 30× the input at worst) within a few hundred MB.
MAX_XML_BYTES = 20 * 1024 * 1024

ENTITY_REFUSAL = "XML declares entities (refused: possible entity-expansion or external-entity attack)"

# Byte-order marks and the first characters of "<?" in the wide encodings XML
# allows; their NUL bytes are text, not a sign of a binary file.
_WIDE_ENCODINGS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_SCAN_ENCODINGS = ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_ENTITY_DECLARATIONS = tuple("<!ENTITY".encode(enc) for enc in _SCAN_ENCODINGS)
_DOCTYPES = tuple("<!DOCTYPE".encode(enc) for enc in _SCAN_ENCODINGS)
_BINARY_CONTROL_SHARE = 0.05
_SNIFF_BYTES = 65536


def hardened_parser() -> etree.XMLParser:
    """A fresh lxml parser that loads nothing from outside the document and expands nothing.

    A new parser per document: lxml parsers keep state and are not thread-safe.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, source: str, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse ``data`` (the bytes of the file ``source``) into an lxml element, refusing hostile XML.

    Raises :class:`InputError` for input that is too large, empty, binary, not XML,
    malformed, or that declares or uses entities.
    """
    if len(data) > max_bytes:
        raise InputError(
            source, f"file is too large for XML ingest ({len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)"
        )
    data = bytes(data)
    if not data.strip():
        raise InputError(source, "file is empty")
    wide = _wide_encoding(data)
    if wide is None and _looks_binary(data):
        raise InputError(source, "file is binary, not XML")
    if _declares_entities(data):
        raise InputError(source, ENTITY_REFUSAL)
    if wide is None and not _starts_like_xml(data):
        raise InputError(source, "not XML: the file does not start with '<'")
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as error:
        raise InputError(source, f"malformed XML: {_syntax_message(error)}") from None
    except (etree.LxmlError, ValueError) as error:
        raise InputError(source, f"malformed XML: {' '.join(str(error).split())}") from None
    _refuse_entities_after_parse(root, source)
    return root


def _wide_encoding(data: bytes) -> str | None:
    """The UTF-16/UTF-32 variant the document starts in, or None for byte encodings."""
    for prefix, encoding in _WIDE_ENCODINGS:
        if data.startswith(prefix):
            return encoding
    return None


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 64 KB: not a text format."""
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return controls / len(sample) > _BINARY_CONTROL_SHARE


def _declares_entities(data: bytes) -> bool:
    """True when a DOCTYPE is present and ``<!ENTITY`` occurs anywhere (in any encoding XML allows).

    Entities can only be declared in a DTD, so a document without DOCTYPE is safe;
    with one, any ``<!ENTITY`` is refused rather than trusting a hand-written DTD scanner.
    """
    if not any(doctype in data for doctype in _DOCTYPES):
        return False
    return any(declaration in data for declaration in _ENTITY_DECLARATIONS)


def _starts_like_xml(data: bytes) -> bool:
    """A byte-encoded XML document starts (after a BOM and blanks) with '<'."""
    head = data[:1024]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    head = head.lstrip()
    return head.startswith(b"<")


def _syntax_message(error: etree.XMLSyntaxError) -> str:
    """lxml's message with its line, e.g. ``Opening and ending tag mismatch: b line 1 and a, line 1, column 11``."""
    message = " ".join(str(error.msg or error).split())
    if error.lineno and f"line {error.lineno}" not in message:
        message = f"{message}, line {error.lineno}"
    return message


def _refuse_entities_after_parse(root: etree._Element, source: str) -> None:
    """Second layer: declarations the byte scan missed, and references to undeclared entities.

    A reference to a standard character entity (``&nbsp;``, ``&ndash;``) that the
    article's DTD would define is harmless (nothing is loaded) and is replaced by
    its character; any other undeclared entity is refused.
    """
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(source, ENTITY_REFUSAL)
    for entity in list(root.iter(etree.Entity)):
        character = html5.get(f"{entity.name};")
        if character is None:
            raise InputError(
                source,
                f"XML uses the entity {entity.text} that only an external DTD could define "
                "(refused: external DTDs are never loaded)",
            )
        _replace_with_text(entity, character)


def _replace_with_text(node: etree._Entity, text: str) -> None:
    """Splice ``text`` (and the node's tail) into the tree where ``node`` was."""
    parent = node.getparent()
    addition = text + (node.tail or "")
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + addition
    else:
        parent.text = (parent.text or "") + addition
    parent.remove(node)


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (``{http://www.tei-c.org/ns/1.0}p`` → ``p``); '' for non-elements."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
