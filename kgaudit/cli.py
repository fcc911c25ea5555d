"""The ``kgaudit`` command: a thin layer over the Python API.

Exit codes are a contract: 0 no error-severity findings, 1 error findings,
2 unusable input or usage, 3 an internal error (a bug: please report it).
Every :class:`~kgaudit.errors.KgauditError` becomes one line on stderr here,
and only here.  When the reader of standard output goes away (``kgaudit check
paper.txt | head -1``) the command stops quietly with 141, the status of a
Unix tool stopped by SIGPIPE.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kgaudit._version import __version__
from kgaudit.errors import InputError, KgauditError


class OutputError(InputError):
    """An output file that cannot be written (a missing directory, no permission): exit 2, one line."""

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a tool killed by SIGPIPE
# The paper argument is checked by ingest, not by click: a missing file or a directory is then one
# line naming the file ("kgaudit: error: x: is a directory, not a paper file"), like any unusable input.
PAPER_PATH = click.Path()
REPORT_FORMATS = ("terminal", "json", "markdown", "html")
INPUT_FORMATS = ("text", "markdown", "jats", "tei", "pdf", "docx")


class KgauditGroup(click.Group):
    """Turns errors into one-line messages and exit codes, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                # Output is buffered: a reader that went away is noticed here, where it can be
                # handled, rather than at interpreter exit (an "Exception ignored" message).
                sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except KgauditError as exc:
            click.echo(f"kgaudit: error: {exc.one_line()}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("kgaudit: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get("KGAUDIT_DEBUG"):
                raise
            message = " ".join(str(exc).split())[:300]
            click.echo(f"kgaudit: internal error: {type(exc).__name__}: {message} (set KGAUDIT_DEBUG=1 for details)",
                       err=True)
            ctx.exit(EXIT_INTERNAL)


def _silence_stdout() -> None:
    """Point standard output at the null device so nothing more is written to a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test runner's stream)
        pass


def input_format_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--input-format``: force the paper's format instead of detecting it."""
    return click.option(
        "--input-format", "input_format", type=click.Choice(INPUT_FORMATS, case_sensitive=False), default=None,
        help="Force the paper's format (default: detected from the content).",
    )(function)


def _with_options(function: Callable[..., Any], options: list[Callable[..., Any]]) -> Callable[..., Any]:
    for option in reversed(options):
        function = option(function)
    return function


def _cache_options(cache_help: str) -> list[Callable[..., Any]]:
    """The resolver's cache and contact options, shared by every command that may resolve references."""
    return [
        click.option("--cache", "cache_path", type=click.Path(dir_okay=False), default=None, help=cache_help),
        click.option("--no-cache", is_flag=True, default=False, help="Do not read or write the resolver cache."),
        click.option("--mailto", default=None, envvar="KGAUDIT_MAILTO",
                     help="Contact e-mail sent to Crossref and NCBI (polite pool)."),
    ]


def resolver_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that may resolve references."""
    return _with_options(function, [
        click.option("--offline/--online", default=None,
                     help="Resolve references from the cache only (default: online when the network answers)."),
        *_cache_options("Resolver cache file (SQLite); default under the user cache directory."),
    ])


def online_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--online`` and the cache options, for commands that audit offline unless asked (graph, load, sparql)."""
    return _with_options(function, [
        click.option("--online", is_flag=True, default=False,
                     help="Resolve references against Crossref and PubMed (default: offline, no lookups)."),
        *_cache_options("Resolver cache file (SQLite) with --online; default under the user cache directory."),
    ])


def output_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``-o/--output FILE`` (default: standard output)."""
    # checked by check_writable, not by click: a bad path is then one line, like any unusable input
    return click.option("-o", "--output", type=click.Path(), default=None,
                        help="Write to FILE instead of standard output.")(function)


def _write(text: str, output: str | None) -> None:
    """Write ``text`` to standard output or to ``output`` (whole or not at all: a temporary name, then renamed)."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    path = Path(output)
    check_writable(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(path, f"cannot write the output: {exc.strerror or exc}") from None


def check_writable(path: Path, *, directory: bool = False) -> None:
    """Refuse, in one line, an output path that cannot be written (before any work is done)."""
    parent = path.parent if not directory else path
    while not parent.exists() and parent != parent.parent and directory:
        parent = parent.parent  # a directory output is created with its parents
    if path.is_dir() and not directory:
        raise OutputError(path, "is a directory; give a file name for the output")
    if not parent.exists():
        raise OutputError(path, f"cannot write the output: directory {parent} does not exist")
    if not parent.is_dir():
        raise OutputError(path, f"cannot write the output: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK) and not (path.exists() and os.access(path, os.W_OK)):
        raise OutputError(path, f"cannot write the output: no permission to write in {parent}")


def warn_resolver_outages(graph: Any) -> None:
    """One line on standard error naming every resolver service given up during the audit, and its fault."""
    from kgaudit.graph.namespaces import KGA

    outages = sorted(str(o) for o in graph.objects(None, KGA.resolverOutage))
    if outages:
        click.echo("kgaudit: warning: resolver services failed, their references are reported unverifiable: "
                   + "; ".join(outages), err=True)


def _online_session(online: bool, cache_path: str | None, no_cache: bool, mailto: str | None) -> Any:
    """A resolver session when ``--online`` was given, else None (the audit stays offline)."""
    return _resolver_session(False, cache_path, no_cache, mailto) if online else None


def _resolver_session(offline: bool | None, cache_path: str | None, no_cache: bool, mailto: str | None) -> Any:
    """Build the resolver session, or None when the audit stays offline."""
    if offline and no_cache:
        return None  # nothing to look up and no cache to read (make_session's answer, without importing HTTP)
    from kgaudit.resolve.pipeline import make_session

    return make_session(offline=offline, cache_path=cache_path, use_cache=not no_cache, mailto=mailto)


@click.group(cls=KgauditGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgaudit")
def main() -> None:
    """Audit scholarly papers for citation integrity and numeric consistency."""


@main.command()
@click.argument("paper", type=PAPER_PATH)
@click.option("--format", "report_format", type=click.Choice(REPORT_FORMATS, case_sensitive=False), default="terminal",
              show_default=True, help="Report format.")
@output_option
@click.option("--checks", "selection", default=None,
              help="Comma-separated check ids or families to run (default: all).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"], case_sensitive=False), default="error", show_default=True,
              help="Exit 1 when findings of this severity (or worse) exist; 'never' exits 0 whenever the report "
                   "was written.")
@input_format_option
@resolver_options
def check(paper: str, report_format: str, output: str | None, selection: str | None, fail_on: str,
          input_format: str | None, offline: bool | None, cache_path: str | None, no_cache: bool,
          mailto: str | None) -> None:
    """Audit PAPER and write a citation report (exit 1 when error findings exist, see --fail-on)."""
    from kgaudit.api import audit

    if output is not None:
        check_writable(Path(output))
    session = _resolver_session(offline, cache_path, no_cache, mailto)
    try:
        report = audit(
            Path(paper), offline=session is None, checks=selection.split(",") if selection else None,
            fmt=input_format, resolver=session,
        )
    finally:
        if session is not None:
            session.close()
    if not report.to_dict()["coverage"]["structure_recognised"]:
        raise InputError(paper, "no recognisable paper structure (no section headings, references, citations, "
                                "tables or statistics were found): nothing to check")
    warn_resolver_outages(report.graph)
    _write(render_report(report.graph, report_format, color=output is None and sys.stdout.isatty()), output)
    counted = {"error": ("errors",), "warning": ("errors", "warnings"), "never": ()}[fail_on]
    sys.exit(EXIT_FINDINGS if any(report.summary[key] for key in counted) else EXIT_OK)


def audit_paper(paper: Path, input_format: str | None, online: bool, cache_path: str | None, no_cache: bool,
                mailto: str | None) -> Any:
    """Audit ``paper`` (offline unless ``online``), warning on stderr about resolver services that failed."""
    from kgaudit.api import audit

    session = _online_session(online, cache_path, no_cache, mailto)
    try:
        report = audit(paper, offline=session is None, fmt=input_format, resolver=session)
    finally:
        if session is not None:
            session.close()
    warn_resolver_outages(report.graph)
    return report


def render_report(graph: Any, report_format: str, *, color: bool = False) -> str:
    """Render a report of ``graph`` in one of :data:`REPORT_FORMATS`."""
    if report_format == "json":
        from kgaudit.report.json_report import render_json

        return render_json(graph)
    if report_format == "markdown":
        from kgaudit.report.markdown import render_markdown

        return render_markdown(graph)
    if report_format == "html":
        from kgaudit.report.html import render_html

        return render_html(graph)
    from kgaudit.report.terminal import render_terminal

    return render_terminal(graph, color=color)


@main.command()
@click.argument("paper", type=PAPER_PATH)
@output_option
@click.option("--rdf-format", type=click.Choice(["turtle", "nt", "nquads", "json-ld", "trig"], case_sensitive=False), default="turtle",
              show_default=True, help="RDF serialisation.")
@click.option("--with-findings/--no-findings", default=True, show_default=True,
              help="Run the checks and include their findings in the graph.")
@input_format_option
@online_options
def graph(paper: str, output: str | None, rdf_format: str, with_findings: bool, input_format: str | None,
          online: bool, cache_path: str | None, no_cache: bool, mailto: str | None) -> None:
    """Write the knowledge graph of PAPER (findings included by default; --online adds the resolver's answers)."""
    from kgaudit.api import build_graph
    from kgaudit.graph.export import serialize_graph
    from kgaudit.graph.namespaces import document_iri
    from kgaudit.ingest import load_document

    if output is not None:
        check_writable(Path(output))
    if with_findings:
        report = audit_paper(Path(paper), input_format, online, cache_path, no_cache, mailto)
        g, doc_id = report.graph, report.document.id
    else:
        document = load_document(paper, input_format)
        g, doc_id = build_graph(document), document.id
        session = _online_session(online, cache_path, no_cache, mailto)
        if session is not None:
            from kgaudit.resolve.pipeline import resolve_into_graph

            with session:
                resolve_into_graph(document, g, session)
            warn_resolver_outages(g)
    _write(serialize_graph(g, rdf_format, graph_name=str(document_iri(doc_id))), output)


@main.command(name="checks")
def list_checks() -> None:
    """List every check: id, severity, kind and what it flags."""
    from kgaudit.checks.runner import all_checks

    for spec in all_checks().values():
        needs = f" [needs {', '.join(spec.needs)}]" if spec.needs else ""
        escalates = f" [escalates to {spec.escalates_to}]" if spec.escalates_to else ""
        click.echo(f"{spec.id:34} {spec.severity:8} {spec.kind:7} {spec.description.split(' Why:')[0]}{needs}"
                   f"{escalates}")
    for check_id, severity, description in corpus_checks():
        click.echo(f"{check_id:34} {severity:8} {'batch':7} {description} [batch only: kgaudit batch]")


def corpus_checks() -> list[tuple[str, str, str]]:
    """The cross-paper ``corpus.*`` checks as (id, severity, first sentence of their description).

    They run only at the end of ``kgaudit batch`` over many papers, so they are not in
    the single-paper registry; their documentation is the module docstring of
    :mod:`kgaudit.corpus.crosspaper`, read here so that it stays the one source.
    """
    import re

    from kgaudit.corpus import crosspaper

    doc = crosspaper.__doc__ or ""
    out = []
    for check_id, severity in crosspaper.CORPUS_CHECKS.items():
        match = re.search(rf"``{re.escape(check_id)}``[^\n]*\n((?:[ \t]+\S[^\n]*\n?)+)", doc)
        text = " ".join(match.group(1).split()) if match else ""
        first = re.match(r"(.+?\.)(?:\s|$)", text)
        out.append((check_id, severity, first.group(1) if first else text))
    return out


def _register_optional_commands() -> None:
    """Commands contributed by later stages (SPARQL, store, batch, journals) register themselves here."""
    for module in ("kgaudit.cli_analyst", "kgaudit.cli_corpus", "kgaudit.cli_journals"):
        try:
            imported = __import__(module, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        imported.register(main)


_register_optional_commands()
