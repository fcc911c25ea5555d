"""RDF namespaces used by kgaudit graphs, and the IRI scheme for documents.

SPAR ontologies (FaBiO, BiRO, C4O, DoCO), PRISM, DCTERMS, FOAF and PROV are
reused; ``kga:`` holds only what they lack (``ontologies/kgaudit.ttl``).
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from kgaudit.errors import StoreError
from kgaudit.model import slugify  # noqa: F401 - re-exported: document ids and IRIs are made together

# The vocabulary and its SHACL shapes live in the checkout's top-level ``ontologies/`` (beside
# ``kgaudit/``); the wheel ships them inside the package as ``kgaudit/ontologies/`` (pyproject.toml).
ONTOLOGY_FILES = ("kgaudit.ttl", "shapes.ttl")


def ontology_file(name: str) -> Traversable:
    """The shipped ontology file ``name`` (``kgaudit.ttl`` or ``shapes.ttl``), installed or in a checkout."""
    if name not in ONTOLOGY_FILES:
        raise StoreError(f"no shipped ontology named {name!r} (one of {', '.join(ONTOLOGY_FILES)})")
    installed = resources.files("kgaudit") / "ontologies" / name
    if installed.is_file():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "ontologies" / name
    if checkout.is_file():
        return checkout
    raise StoreError(f"ontology {name} is missing: neither {installed} nor {checkout} exists (a broken install?)")


class TermNamespace(Namespace):
    """An rdflib ``Namespace`` that makes each term once.

    ``Namespace`` builds and validates a new ``URIRef`` on every ``KGA.charStart``; building a paper's
    graph reads such terms hundreds of thousands of times.  Here a term read as an attribute is kept
    as an attribute of the namespace (Python finds it before ``__getattr__`` the next time) and a term
    read by key (``KGA["index"]``) is kept in a dictionary.
    """

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term

    def __getitem__(self, key: str) -> URIRef:  # type: ignore[override]
        terms = self.__dict__.setdefault("_terms", {})
        term = terms.get(key)
        if term is None:
            term = terms[key] = self.term(key)
        return term


KGA = TermNamespace("https://w3id.org/kgaudit/ns#")
FABIO = TermNamespace("http://purl.org/spar/fabio/")
BIRO = TermNamespace("http://purl.org/spar/biro/")
C4O = TermNamespace("http://purl.org/spar/c4o/")
DOCO = TermNamespace("http://purl.org/spar/doco/")
FRBR = TermNamespace("http://purl.org/vocab/frbr/core#")
PRISM = TermNamespace("http://prismstandard.org/namespaces/basic/2.0/")
SH = TermNamespace("http://www.w3.org/ns/shacl#")
CHECK = TermNamespace("https://w3id.org/kgaudit/check/")
# Journals of the knowledge base (kgaudit/data/journals.csv), by table id: corpus-wide nodes, the same in
# every paper's graph, so a store holding many papers joins their citations on one journal node.
JOURNAL = TermNamespace("https://w3id.org/kgaudit/journal/")

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


def document_of(iri: str) -> URIRef | None:
    """The paper a node belongs to (``…/doc/{id}/ref/14`` → ``…/doc/{id}``); None outside every paper."""
    if not iri.startswith(DOC_BASE):
        return None
    doc_id = iri[len(DOC_BASE):].split("/", 1)[0]
    return document_iri(doc_id) if doc_id else None


def node_iri(doc_id: str, *parts: object) -> URIRef:
    """Deterministic IRI of a node inside a paper: ``…/doc/{id}/ref/14``."""
    return URIRef(f"{DOC_BASE}{doc_id}/" + "/".join(str(p) for p in parts))


