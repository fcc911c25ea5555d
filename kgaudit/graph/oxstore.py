"""Papers on disk: an Oxigraph store (one named graph a paper) and its SPARQL 1.1 endpoint.

``load_papers`` audits each paper offline and writes its graph, findings
included, into the named graph that is the paper's IRI; loading a paper again
replaces its graph.  ``SparqlServer`` runs the ``oxigraph`` server (PyPI package
``oxigraph``, the same version as pyoxigraph so both read the same on-disk
format) on loopback, read-only unless asked, with the default graph as the
union of all papers so one query spans the corpus.

A store directory is opened by one writer at a time: stop a ``--writable``
server before loading more papers into its store.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests
from rdflib import Graph

from kgaudit.errors import InputError, StoreError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def is_store(directory: str | Path) -> bool:
    """Whether ``directory`` holds an Oxigraph (RocksDB) store."""
    return (Path(directory) / "CURRENT").is_file()


def open_store(directory: str | Path, *, read_only: bool = False) -> ox.Store:
    """Open (or, when writable, create) the store in ``directory``.

    Read-only opening works while another process serves or writes the store;
    a writable one fails while a writer (``kgaudit load``, ``kgaudit serve --writable``) holds it.
    """
    path = Path(directory)
    if read_only and not is_store(path):
        raise StoreError(f"{path}: no Oxigraph store here (create one with 'kgaudit load PAPERS --store {path}')")
    if not read_only and path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a directory")
    if not read_only and path.is_dir() and any(path.iterdir()) and not is_store(path):
        raise StoreError(f"{path}: the directory holds other files, not an Oxigraph store")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        message = " ".join(str(exc).split())
        if "lock" in message.lower():
            raise StoreError(f"{path}: the store is in use by another process (a running 'kgaudit serve "
                             f"--writable' or 'kgaudit load'?)") from None
        raise StoreError(f"{path}: cannot open the store ({message})") from None


def store_graph(store: ox.Store, graph: Graph, graph_iri: str) -> int:
    """Replace the named graph ``graph_iri`` in ``store`` by ``graph``; return the number of triples written."""
    name = ox.NamedNode(graph_iri)
    data = graph.serialize(format="nt", encoding="utf-8")
    if store.contains_named_graph(name):
        store.remove_graph(name)
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    return len(graph)


def named_graphs(directory: str | Path) -> list[str]:
    """The named graphs (one a paper) in the store, sorted."""
    store = open_store(directory, read_only=True)
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


# --------------------------------------------------------------------------- the endpoint


def oxigraph_executable() -> str:
    """Path of the ``oxigraph`` server command (PyPI package ``oxigraph``)."""
    found = shutil.which("oxigraph")
    if found:
        return found
    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.is_file():
        return str(beside_python)
    raise StoreError("the oxigraph server is not installed (pip install 'kgaudit[server]' or pip install oxigraph)")


def server_command(directory: str | Path, host: str, port: int, *, writable: bool = False) -> list[str]:
    """The ``oxigraph`` command line serving ``directory`` on ``host:port``."""
    host_port = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    mode = "serve" if writable else "serve-read-only"
    return [oxigraph_executable(), mode, "--location", str(directory), "--bind", host_port, "--union-default-graph"]


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (for tests and throwaway servers)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    return host in _LOOPBACK or host.startswith("127.")


class SparqlServer:
    """The ``oxigraph`` server on a store: start, wait until it answers, stop.

    >>> with SparqlServer("corpus-store", port=7878) as server:   # doctest: +SKIP
    ...     requests.get(server.query_url, params={"query": "ASK {}"}).json()
    """

    def __init__(self, directory: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 writable: bool = False) -> None:
        self.directory = Path(directory)
        self.host = host
        self.port = port
        self.writable = writable
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def base_url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        """The SPARQL 1.1 Update endpoint (only when writable)."""
        return f"{self.base_url}/update"

    def command(self) -> list[str]:
        """The command line this server runs."""
        return server_command(self.directory, self.host, self.port, writable=self.writable)

    def start(self, *, timeout: float = 30.0, quiet: bool = True) -> SparqlServer:
        """Start the server and return once it answers a query (or raise :class:`StoreError`)."""
        if not self.writable and not is_store(self.directory):
            raise StoreError(f"{self.directory}: no Oxigraph store here (create one with 'kgaudit load')")
        # Quiet: the server's log goes to a file (a pipe nobody reads could fill up and stall the server).
        self._log = tempfile.TemporaryFile() if quiet else None
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL if quiet else None,
                                        stderr=self._log)
        self.wait_until_ready(timeout)
        return self

    def log(self) -> str:
        """What the server wrote to its standard error so far (quiet mode only)."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def wait_until_ready(self, timeout: float) -> None:
        """Poll the endpoint until it answers ``ASK {}``; fail early if the process dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                error = self.log()
                raise StoreError(f"the oxigraph server stopped at once (exit {self.process.returncode}): "
                                 f"{' '.join(error.split())[:300]}")
            try:
                answer = requests.get(self.query_url, params={"query": "ASK {}"}, timeout=2,
                                      headers={"Accept": "application/sparql-results+json"})
                if answer.ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        self.stop()
        raise StoreError(f"the oxigraph server did not answer on {self.query_url} within {timeout:.0f} s")

    def wait(self) -> int:
        """Block until the server exits; return its exit status."""
        assert self.process is not None
        return self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server (kill it if it does not stop within ``timeout``)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)

    def __enter__(self) -> SparqlServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def check_paper_paths(papers: Iterable[str]) -> list[Path]:
    """The papers as paths; a missing one is an :class:`InputError` before anything is written."""
    paths = [Path(p) for p in papers]
    for path in paths:
        if not path.is_file():
            raise InputError(path, "no such file")
    return paths
