"""``kgaudit journals refresh``: extend the journal knowledge base from Crossref (registered by ``kgaudit.cli``).

The network work happens in :mod:`kgaudit.resolve.journals_refresh` through the
resolver's one HTTP session; this module only reads options and writes the table.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import click

from kgaudit.errors import InputError, ServiceError, UsageError

DEFAULT_OUT = "journals.refreshed.csv"
DEFAULT_YEARS = "2015-2024"


def register(main: click.Group) -> None:
    """Add the ``journals`` command group to the ``kgaudit`` group."""
    main.add_command(journals)


@click.group()
def journals() -> None:
    """The journal knowledge base (names, volume numbering, subjects) behind the reference checks."""


def parse_years(text: str) -> range:
    """``"2015-2024"`` → range(2015, 2025); ``"2020"`` → range(2020, 2021)."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4}))?\s*", text or "")
    if not m:
        raise UsageError(f"--years takes YEAR or FIRST-LAST, such as 2015-2024 (got {text!r})")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if last < first or last - first > 50:
        raise UsageError(f"--years {text}: give a range of at most 50 years, first year first")
    return range(first, last + 1)


def _packaged_table() -> Path:
    return Path(str(resources.files("kgaudit").joinpath("data", "journals.csv")))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


@journals.command(name="refresh")
@click.option("--issn", "issns", multiple=True, metavar="ISSN",
              help="Refresh this journal (repeatable): title, ISSNs, subjects and a volume model fitted to Crossref.")
@click.option("--from-table", "from_table", type=click.Path(dir_okay=False), default=None,
              help="Refresh every journal of this table (a journals.csv) and merge into it "
                   "(default table: the packaged one, and only the --issn journals).")
@click.option("--years", default=DEFAULT_YEARS, show_default=True,
              help="Years whose works are sampled for the volume model (YEAR or FIRST-LAST).")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=DEFAULT_OUT, show_default=True,
              help="Where to write the merged table (never the packaged table).")
@click.option("--force", is_flag=True, default=False, help="Overwrite --out if it exists.")
@click.option("--mailto", default=None, envvar="KGAUDIT_MAILTO",
              help="Contact e-mail sent to Crossref (polite pool).")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False), default=None,
              help="Resolver cache file (SQLite); default under the user cache directory.")
@click.option("--no-cache", is_flag=True, default=False, help="Do not read or write the resolver cache.")
def refresh(issns: tuple[str, ...], from_table: str | None, years: str, out: str, force: bool, mailto: str | None,
            cache_path: str | None, no_cache: bool) -> None:
    """Refresh journal rows from Crossref and write the merged table to --out.

    Known journals keep every curated value; empty fields are filled, a fitted
    volume model that disagrees with the curated one is noted in volume_note, and
    new journals are appended.  Crossref's base URL comes from KGAUDIT_CROSSREF_URL.
    Exit 0 when at least one journal was refreshed (the others are listed on
    standard error), 2 when none could be.
    """
    from kgaudit.resolve.journals_refresh import read_table, refresh_table, table_issns, write_table
    from kgaudit.resolve.pipeline import make_session

    sampled = parse_years(years)
    out_path = Path(out)
    if _same_file(out_path, _packaged_table()):
        raise UsageError(f"--out {out} is the packaged journal table; write elsewhere and review the changes first")
    if from_table is not None and _same_file(out_path, Path(from_table)) and not force:
        raise UsageError(f"--out {out} is the --from-table input; add --force to overwrite it")
    if out_path.exists() and not force:
        raise UsageError(f"--out {out} exists; add --force to overwrite it")
    try:
        base_rows = read_table(from_table)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(from_table, f"cannot read journal table: {exc}") from None
    wanted = [i.strip().upper() for i in issns if i.strip()]
    if from_table is not None:
        wanted += [i for i in table_issns(base_rows) if i not in wanted]
    if not wanted:
        raise UsageError("name the journals to refresh: --issn ISSN (repeatable) or --from-table TABLE")

    session = make_session(offline=False, cache_path=cache_path, use_cache=not no_cache, mailto=mailto)
    assert session is not None  # online sessions always exist
    with session:
        result = refresh_table(wanted, session, sampled, base_rows)
    for issn, reason in result.errors.items():
        click.echo(f"kgaudit: warning: {issn}: {reason}", err=True)
    if not result.refreshed:
        raise ServiceError("crossref", f"none of {len(wanted)} journal(s) could be refreshed; nothing written")
    tmp = out_path.with_name(out_path.name + ".tmp")
    write_table(result.rows, tmp)
    os.replace(tmp, out_path)
    click.echo(f"refreshed {len(result.refreshed)} of {len(wanted)} journal(s) from Crossref "
               f"(years {sampled.start}-{sampled.stop - 1}): {len(result.added)} added, {len(result.updated)} updated, "
               f"{len(result.errors)} failed; wrote {len(result.rows)} rows to {out_path}")
