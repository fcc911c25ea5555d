"""RDF namespaces used by kgaudit graphs, and the IRI scheme for documents.

SPAR ontologies (FaBiO, BiRO, C4O, DoCO), PRISM, DCTERMS, FOAF and PROV are
reused; ``kga:`` holds only what they lack (``ontologies/kgaudit.ttl``).
"""

from __future__ import annotations

import hashlib
import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, XSD

KGA = Namespace("https://w3id.org/kgaudit/ns#")
FABIO = Namespace("http://purl.org/spar/fabio/")
BIRO = Namespace("http://purl.org/spar/biro/")
C4O = Namespace("http://purl.org/spar/c4o/")
DOCO = Namespace("http://purl.org/spar/doco/")
FRBR = Namespace("http://purl.org/vocab/frbr/core#")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
SH = Namespace("http://www.w3.org/ns/shacl#")
CHECK = Namespace("https://w3id.org/kgaudit/check/")
# Journals of the knowledge base (kgaudit/data/journals.csv), by table id: corpus-wide nodes, the same in
# every paper's graph, so a store holding many papers joins their citations on one journal node.
JOURNAL = Namespace("https://w3id.org/kgaudit/journal/")

DOC_BASE = "https://w3id.org/kgaudit/doc/"

PREFIXES: dict[str, Namespace] = {
    "kga": KGA,
    "fabio": FABIO,
    "biro": BIRO,
    "c4o": C4O,
    "doco": DOCO,
    "frbr": FRBR,
    "prism": PRISM,
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "prov": Namespace(str(PROV)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "sh": SH,
}


def sparql_prefix_block() -> str:
    """The PREFIX lines every shipped query may rely on."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def document_iri(doc_id: str) -> URIRef:
    """IRI of a paper; ``doc_id`` is a slug (see :func:`slugify`)."""
    return URIRef(f"{DOC_BASE}{doc_id}")


def node_iri(doc_id: str, *parts: object) -> URIRef:
    """Deterministic IRI of a node inside a paper: ``…/doc/{id}/ref/14``."""
    return URIRef(f"{DOC_BASE}{doc_id}/" + "/".join(str(p) for p in parts))


def slugify(text: str, max_len: int = 60) -> str:
    """A stable, IRI-safe id: lower-case words joined by '-', plus a short hash when cut."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"
    if len(slug) > max_len:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        slug = slug[:max_len].rstrip("-") + "-" + digest
    return slug
