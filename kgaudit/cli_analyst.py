"""Analyst commands: ``kgaudit queries``, ``kgaudit sparql``, ``kgaudit load``, ``kgaudit serve``.

Registered into the ``kgaudit`` group by :func:`register` (``kgaudit.cli``
imports this module if it is installed).
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from kgaudit.cli import (
    _online_session,
    _write,
    audit_paper,
    check_writable,
    input_format_option,
    online_options,
    output_option,
    warn_resolver_outages,
)
from kgaudit.errors import InputError, StoreError, UsageError


def register(main: click.Group) -> None:
    """Add the analyst commands to the ``kgaudit`` group."""
    for command in (queries_command, sparql_command, load_command, serve_command):
        main.add_command(command)


@click.command(name="queries")
@click.option("--show", "show", metavar="NAME", default=None, help="Print the text of the shipped query NAME.")
def queries_command(show: str | None) -> None:
    """List the shipped analyst queries (run one with 'kgaudit sparql --query NAME')."""
    from kgaudit.graph.queries import list_queries, load_query

    if show:
        click.echo(load_query(show).text, nl=False)
        return
    for query in list_queries():
        params = f" [params: {', '.join(query.params)}]" if query.params else ""
        click.echo(f"{query.name:34} {query.description}{params}")


def _query_text(query_or_file: str | None, name: str | None) -> str:
    """The query to run: a shipped query, a file, or the argument itself."""
    from kgaudit.graph.queries import load_query

    if (query_or_file is None) == (name is None):
        raise UsageError("give either a query (inline or a file) or --query NAME, not both or neither")
    if name is not None:
        return load_query(name).text
    assert query_or_file is not None
    path = Path(query_or_file)
    # A one-line argument naming an existing file is a query file; anything else is the query itself.
    if "\n" not in query_or_file and len(query_or_file) < 4096 and path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError(path, "query file is not UTF-8 text") from None
    if query_or_file.endswith(".rq") and "{" not in query_or_file:
        raise InputError(path, "no such file")
    return query_or_file


def _source_store(paper: str | None, graph_file: str | None, store_dir: str | None, input_format: str | None,
                  online: tuple[bool, str | None, bool, str | None] = (False, None, False, None)):
    """The pyoxigraph store a query runs on: an audited paper, an exported graph, or an on-disk store."""
    from kgaudit.graph.store import to_oxigraph

    chosen = [name for name, value in (("--paper", paper), ("--graph", graph_file), ("--store", store_dir)) if value]
    if len(chosen) != 1:
        raise UsageError("give exactly one of --paper PAPER, --graph FILE or --store DIR"
                         + (f" (got {', '.join(chosen)})" if chosen else ""))
    if paper:
        return to_oxigraph(audit_paper(Path(paper), input_format, *online).graph)
    if graph_file:
        from kgaudit.graph.export import load_graph

        return to_oxigraph(load_graph(graph_file))
    from kgaudit.graph.oxstore import open_store

    return open_store(store_dir, read_only=True)  # type: ignore[arg-type]


@click.command(name="sparql")
@click.argument("query_or_file", required=False)
@click.option("--query", "query_name", metavar="NAME", default=None,
              help="Run the shipped query NAME (see 'kgaudit queries').")
@click.option("--paper", type=click.Path(dir_okay=False), default=None,
              help="Audit PAPER (offline unless --online) and query its graph (findings included).")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False), default=None,
              help="Query an exported graph file (Turtle, N-Triples, N-Quads, TriG, JSON-LD).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
              help="Query an Oxigraph store written by 'kgaudit load' (all papers at once).")
@click.option("--bind", "bindings", multiple=True, metavar="NAME=VALUE",
              help="Fix any variable of the query (returned or not): NAME=14 (number), NAME=<iri>, NAME=text; "
                   "bound as one RDF term, so a value cannot change the query.")
@click.option("--format", "result_format", type=click.Choice(["table", "csv", "json"], case_sensitive=False), default="table",
              show_default=True, help="table, CSV, or SPARQL 1.1 Query Results JSON.")
@output_option
@input_format_option
@online_options
def sparql_command(query_or_file: str | None, query_name: str | None, paper: str | None, graph_file: str | None,
                   store_dir: str | None, bindings: tuple[str, ...], result_format: str, output: str | None,
                   input_format: str | None, online: bool, cache_path: str | None, no_cache: bool,
                   mailto: str | None) -> None:
    """Run a SPARQL query (inline, a file, or --query NAME) on a paper, a graph file or a store.

    kgaudit's prefixes (kga:, c4o:, biro:, fabio:, dcterms:, prism: ...) need no declaration.
    """
    from kgaudit.graph.queries import parse_binding, run_query, serialize_results

    text = _query_text(query_or_file, query_name)
    bound = dict(parse_binding(b) for b in bindings)
    if output is not None:
        check_writable(Path(output))
    if online and not paper:
        raise UsageError("--online applies to --paper (a graph file or a store is queried as it is)")
    store = _source_store(paper, graph_file, store_dir, input_format, (online, cache_path, no_cache, mailto))
    try:
        results = run_query(store, text, bound)
    except StoreError as exc:
        raise StoreError(_explain_query_error(text, exc.one_line())) from None
    _write(serialize_results(results, result_format), output)


_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


def _explain_query_error(query: str, message: str) -> str:
    """The parser's message, or a plainer one when the cause is clear (an Update, an undeclared prefix)."""
    import re

    from kgaudit.graph.queries import sparql_prefix_block

    # comments, IRIs and strings cannot hold the keyword or prefix at fault
    body = re.sub(r'#[^\n]*|<[^<>\s]*>|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', " ", query)
    declared = {p.lower() for p in re.findall(r"(?i)\bPREFIX\s+([\w-]*):", sparql_prefix_block() + "\n" + body)}
    first = re.sub(r"(?is)^\s*(?:(?:PREFIX\s+[\w-]*:|BASE)\s*)*", "", body).split(None, 1)
    if first and first[0].upper() in _UPDATE_KEYWORDS:
        return (f"this is a SPARQL Update ({first[0].upper()} …), and 'kgaudit sparql' only runs queries "
                "(SELECT, ASK, CONSTRUCT, DESCRIBE); to change a store, serve it with 'kgaudit serve --writable'")
    if "prefix not found" in message.lower():
        used = re.findall(r"(?<![\w?$:])([A-Za-z][\w-]*):(?=[A-Za-z_\d]|\s)", body)
        unknown = sorted({p for p in used if p.lower() not in declared})
        if unknown:
            known = ", ".join(sorted(declared))
            return (f"unknown prefix {', '.join(u + ':' for u in unknown)} in the query: declare it "
                    f"(PREFIX {unknown[0]}: <…>) or use one of kgaudit's ({known})")
    return message


@click.command(name="load")
@click.argument("papers", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False),
              help="Store directory (created if missing); each paper becomes the named graph of its IRI.")
@input_format_option
@online_options
def load_command(papers: tuple[str, ...], store_dir: str, input_format: str | None, online: bool,
                 cache_path: str | None, no_cache: bool, mailto: str | None) -> None:
    """Audit PAPERS (offline unless --online) and load their graphs (findings included) into an Oxigraph store."""
    from kgaudit.corpus.load import LoadedPaper, load_papers

    def report(result: LoadedPaper) -> None:
        if result.error:
            click.echo(f"kgaudit: skipped {result.path}: {result.error}", err=True)
        else:
            click.echo(f"loaded {result.path} → <{result.graph_iri}> ({result.triples} triples, "
                       f"{result.findings} findings)")

    check_writable(Path(store_dir), directory=True)
    session = _online_session(online, cache_path, no_cache, mailto)
    try:
        results = load_papers(papers, store_dir, fmt=input_format, on_paper=report, resolver=session,
                              on_graph=warn_resolver_outages)
    finally:
        if session is not None:
            session.close()
    from kgaudit.graph.oxstore import named_graphs

    loaded = [r for r in results if not r.error]
    held = len(named_graphs(store_dir))
    click.echo(f"loaded {len(loaded)} of {len(results)} papers ({sum(r.triples for r in loaded)} triples); "
               f"{store_dir} now holds {held} paper{'' if held == 1 else 's'}")
    if loaded:
        click.echo(f"kgaudit: note: a 'kgaudit serve --store {store_dir}' started before this load still answers "
                   "from the papers it had when it started; restart it to query these", err=True)
    if len(loaded) < len(results):
        sys.exit(2)


@click.command(name="serve")
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False),
              help="Store directory written by 'kgaudit load'.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--bind", "host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else exposes the store to the network).")
@click.option("--writable", is_flag=True, default=False,
              help="Also accept SPARQL Update (default: read-only).")
def serve_command(store_dir: str, port: int, host: str, writable: bool) -> None:
    """Serve a store as a SPARQL 1.1 Protocol endpoint (the oxigraph server); Ctrl-C stops it.

    The server answers from the store as it was when it started: papers loaded
    afterwards ('kgaudit load') are seen only once the server is restarted.
    """
    from kgaudit.graph.oxstore import SparqlServer, is_loopback

    _check_port_free(host, port)
    server = SparqlServer(store_dir, host=host, port=port, writable=writable)
    if not is_loopback(host):
        click.echo(f"kgaudit: warning: listening on {host}: other machines can query this store", err=True)
    # A service manager stops kgaudit with SIGTERM: the server must stop with it, even mid-start.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    status = 0
    try:
        server.start(quiet=False)
        mode = "read-write" if writable else "read-only"
        click.echo(f"SPARQL endpoint ({mode}): {server.query_url}"
                   + (f"  update: {server.update_url}" if writable else ""), err=True)
        status = server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    if status:
        sys.exit(status)


def _check_port_free(host: str, port: int) -> None:
    """Refuse, in one line, a port something else already listens on (before the server prints anything)."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"--bind {host}: not an address this machine has ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} on {host} is already in use (another server?): "
                                 "choose another with --port") from None
            if exc.errno == errno.EACCES:
                raise UsageError(f"port {port} on {host}: permission denied (ports below 1024 need "
                                 "privileges): choose another with --port") from None
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)
