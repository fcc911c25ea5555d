"""Rebuild or extend journal-table rows from Crossref (``kgaudit journals refresh``).

For each ISSN:

* ``GET /journals/{issn}`` gives the title, print/online ISSN and Crossref's
  subject names (ASJC), mapped onto the table's controlled list
  (:data:`kgaudit.resolve.journals.SUBJECTS`);
* ``GET /journals/{issn}/works?filter=from-pub-date:Y,until-pub-date:Y&rows=20&select=volume,issued``
  for each sampled year gives real (year, volume) pairs, from which a linear
  volume model is fitted (the smallest number of volumes a year that explains
  every pair).  No model is written when the pairs do not fit one.

Any object with a ``get(url, params=..., timeout=...)`` method returning a
requests-like response will do as the HTTP client (a ``requests.Session``, or
the project's shared session); give a base URL string instead and a plain
``requests`` session with a User-Agent is made.  A 404 means Crossref does not
know the ISSN (the ISSN is skipped and named in ``errors``); an error status or a
body that is not the expected JSON raises nothing either: the ISSN is named in
``errors`` with what went wrong, and the other ISSNs are still refreshed.

``kgaudit journals refresh`` goes through the resolver's one HTTP session
(:class:`SessionGetter` over :class:`~kgaudit.resolve.http.ResolverSession`:
cache, pacing, retries, ``mailto``) and :func:`refresh_table`, which merges the
refreshed rows into a table without overwriting curated values.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import requests

from kgaudit._version import __version__
from kgaudit.resolve.http import CROSSREF, ResolverSession
from kgaudit.resolve.journals import (
    COLUMNS,
    SUBJECTS,
    JournalBase,
    base_from_rows,
    entry_from_row,
    expected_volumes,
    leading_integer,
    load_journals,
)

__all__ = [
    "CrossrefJournalError",
    "RefreshResult",
    "SessionGetter",
    "fit_volume_model",
    "merge_rows",
    "read_table",
    "refresh_journal",
    "refresh_journals",
    "refresh_table",
    "table_issns",
    "write_table",
]

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.crossref.org"
USER_AGENT = f"kgaudit/{__version__} (https://github.com/kgaudit/kgaudit; journal table refresh)"
TIMEOUT = 20.0
SAMPLE_ROWS = 20
_ISSN = re.compile(r"^\d{4}-\d{3}[\dXx]$")

# Crossref subject names (Scopus ASJC) → the table's subject terms.  Names not
# listed contribute nothing; names containing a SUBJECTS term ("Urology",
# "Oncology") map onto it directly.
ASJC_SUBJECTS: dict[str, tuple[str, ...]] = {
    "Radiology, Nuclear Medicine and Imaging": ("Radiology", "Nuclear Medicine"),
    "Cancer Research": ("Oncology",),
    "Surgery": ("General Surgery",),
    "Orthopedics and Sports Medicine": ("Orthopedics", "Sports Medicine"),
    "Cardiology and Cardiovascular Medicine": ("Cardiology",),
    "Neurology (clinical)": ("Neurology",),
    "Pulmonary and Respiratory Medicine": ("Pulmonary Medicine",),
    "Critical Care and Intensive Care Medicine": ("Critical Care",),
    "Anesthesiology and Pain Medicine": ("Anesthesiology",),
    "Obstetrics and Gynecology": ("Obstetrics", "Gynecology"),
    "Pediatrics, Perinatology and Child Health": ("Pediatrics",),
    "Infectious Diseases": ("Communicable Diseases",),
    "Immunology and Allergy": ("Allergy and Immunology",),
    "Immunology": ("Allergy and Immunology",),
    "Endocrinology, Diabetes and Metabolism": ("Endocrinology",),
    "Psychiatry and Mental Health": ("Psychiatry",),
    "Hematology": ("Hematology",),
    "Nutrition and Dietetics": ("Nutritional Sciences",),
    "Public Health, Environmental and Occupational Health": ("Public Health",),
    "Health Policy": ("Health Services Research",),
    "Genetics": ("Genetics",),
    "Genetics (clinical)": ("Genetics",),
    "Molecular Biology": ("Molecular Biology",),
    "Cell Biology": ("Cell Biology",),
    "Biochemistry": ("Biochemistry",),
    "General Biochemistry, Genetics and Molecular Biology": ("Biochemistry", "Genetics", "Molecular Biology"),
    "Microbiology": ("Microbiology",),
    "Microbiology (medical)": ("Microbiology",),
    "Virology": ("Virology",),
    "Pharmacology": ("Pharmacology",),
    "Pharmacology (medical)": ("Pharmacology",),
    "Physiology": ("Physiology",),
    "Physiology (medical)": ("Physiology",),
    "General Neuroscience": ("Neurosciences",),
    "Neuroscience (miscellaneous)": ("Neurosciences",),
    "Dermatology": ("Dermatology",),
    "Ophthalmology": ("Ophthalmology",),
    "Otorhinolaryngology": ("Otolaryngology",),
    "General Dentistry": ("Dentistry",),
    "Transplantation": ("Transplantation",),
    "Emergency Medicine": ("Emergency Medicine",),
    "Rheumatology": ("Rheumatology",),
    "Geriatrics and Gerontology": ("Geriatrics",),
    "Pathology and Forensic Medicine": ("Pathology",),
    "Epidemiology": ("Epidemiology",),
    "Rehabilitation": ("Physical and Rehabilitation Medicine",),
    "General Nursing": ("Nursing",),
    "Health Informatics": ("Medical Informatics",),
    "Internal Medicine": ("Medicine",),
    "General Medicine": ("Medicine",),
    "Medicine (miscellaneous)": ("Medicine",),
    "Multidisciplinary": ("Science",),
    "Biomedical Engineering": ("Biomedical Engineering",),
}


class HttpGetter(Protocol):
    """What the refresh needs from an HTTP client."""

    def get(self, url: str, params: Mapping[str, Any] | None = ..., timeout: float = ...) -> Any: ...


class CrossrefJournalError(Exception):
    """Crossref answered with an error status or a body that is not the expected JSON."""


@dataclass(frozen=True)
class VolumeFit:
    """A linear volume model fitted to sampled (year, volume) pairs."""

    anchor_year: int
    anchor_first: int
    per_year: int
    first_year: int
    pairs: int  # how many (year, volume) pairs it explains


def _session(session_or_base_url: HttpGetter | str) -> tuple[HttpGetter, str | None]:
    if isinstance(session_or_base_url, str):
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        return session, session_or_base_url.rstrip("/")
    return session_or_base_url, None


def _get_json(session: HttpGetter, url: str, params: Mapping[str, Any] | None, timeout: float) -> dict | None:
    """The ``message`` of a Crossref JSON answer; None on 404; CrossrefJournalError otherwise."""
    try:
        response = session.get(url, params=params, timeout=timeout)
    except requests.RequestException as exc:
        raise CrossrefJournalError(f"{url}: {type(exc).__name__}: {exc}") from exc
    status = getattr(response, "status_code", None)
    if status == 404:
        return None
    if status != 200:
        raise CrossrefJournalError(f"{url}: HTTP {status}")
    try:
        body = response.json()
    except ValueError as exc:
        raise CrossrefJournalError(f"{url}: body is not JSON") from exc
    if not isinstance(body, dict) or body.get("status") != "ok":
        raise CrossrefJournalError(f"{url}: answer status is not ok")
    message = body.get("message")
    if not isinstance(message, dict):
        raise CrossrefJournalError(f"{url}: no message object")
    return message


def map_subjects(crossref_subjects: Iterable[Any]) -> list[str]:
    """Crossref's ``subjects`` ([{"ASJC": 2741, "name": ...}]) → terms of the controlled list."""
    terms: list[str] = []
    for subject in crossref_subjects or ():
        name = subject.get("name", "") if isinstance(subject, dict) else str(subject)
        # A listed term as a whole word of the name: "Clinical Biochemistry" is not "Chemistry".
        mapped = ASJC_SUBJECTS.get(name) or tuple(
            s for s in SUBJECTS if re.search(rf"\b{re.escape(s)}\b", name, re.IGNORECASE)
        )
        terms += [t for t in mapped if t not in terms]
    return terms


def _issued_year(item: Mapping[str, Any]) -> int | None:
    try:
        return int(item["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def sample_volumes(
    session: HttpGetter, base_url: str, issn: str, years: Iterable[int], timeout: float = TIMEOUT,
    extra_params: Mapping[str, str] | None = None,
) -> list[tuple[int, int]]:
    """Real (year, volume) pairs from Crossref's works of the journal, sampled year by year.

    Items are kept only when their ``issued`` year is the sampled one (a server that
    ignores the filter cannot mislead the fit), and a volume equal to the year is
    dropped (the year repeated, not a volume).
    """
    pairs: set[tuple[int, int]] = set()
    for year in years:
        params = {
            "filter": f"from-pub-date:{year},until-pub-date:{year}",
            "rows": str(SAMPLE_ROWS),
            "select": "volume,issued",
            **(extra_params or {}),
        }
        message = _get_json(session, f"{base_url}/journals/{issn}/works", params, timeout)
        if message is None:
            return sorted(pairs)  # the journal has no works route: nothing more to sample
        for item in message.get("items") or ():
            if not isinstance(item, dict):
                continue
            volume, issued = leading_integer(item.get("volume")), _issued_year(item)
            if volume is not None and issued == year and abs(volume - year) > 1:
                pairs.add((year, volume))
    return sorted(pairs)


def fit_volume_model(pairs: Iterable[tuple[int, int]], max_per_year: int = 12) -> VolumeFit | None:
    """The linear model with the fewest volumes a year that explains every (year, volume) pair.

    Needs pairs from at least two years; None when no model with up to
    ``max_per_year`` volumes a year fits (a numbering change, stray records).
    The anchor year's first volume is the lowest one the sample places there: a
    sample that misses it shifts the model by less than one year of volumes,
    which the one-year tolerance of the checks absorbs.
    """
    pairs = sorted(set(pairs))
    if len({y for y, _ in pairs}) < 2:
        return None
    anchor = max(y for y, _ in pairs)
    for per_year in range(1, max_per_year + 1):
        # volume v in year y sits in [b + k(y - anchor), b + k(y - anchor) + k - 1]
        shifted = [v - per_year * (y - anchor) for y, v in pairs]
        if max(shifted) - min(shifted) <= per_year - 1 and min(shifted) >= 1:
            return VolumeFit(anchor, min(shifted), per_year, min(y for y, _ in pairs), len(pairs))
    return None


def _issns(message: Mapping[str, Any], issn: str) -> tuple[str, str]:
    printed, online = "", ""
    for item in message.get("issn-type") or ():
        if not isinstance(item, dict):
            continue
        if item.get("type") == "print":
            printed = item.get("value", "")
        elif item.get("type") == "electronic":
            online = item.get("value", "")
    if not (printed or online):
        printed = issn
    return printed, online


def _row(issn: str, message: Mapping[str, Any], fit: VolumeFit | None, years: range, pairs: int,
         known: JournalBase | None) -> dict[str, str]:
    issn_print, issn_online = _issns(message, issn)
    existing = None
    if known is not None:
        existing = next((e for i in (issn, issn_print, issn_online) if i and (e := known.by_issn(i))), None)
    row = {column: "" for column in COLUMNS}
    row.update(
        id=existing.id if existing else f"issn-{issn.lower()}",
        title=str(message.get("title") or "").strip(),
        nlm_abbrev=existing.nlm_abbrev if existing else "",
        iso_abbrev=existing.iso_abbrev if existing else "",
        variants="|".join(existing.variants) if existing else "",
        issn_print=issn_print,
        issn_online=issn_online,
        subjects="|".join(map_subjects(message.get("subjects") or ())),
    )
    source = f"Crossref /journals/{issn} (title, ISSN, subjects)"
    if fit is not None:
        last = fit.anchor_first + fit.per_year - 1
        row.update(
            anchor_year=str(fit.anchor_year),
            anchor_volumes=str(fit.anchor_first) if fit.per_year == 1 else f"{fit.anchor_first}-{last}",
            volumes_per_year=str(fit.per_year),
            model_from=str(fit.first_year),
        )
        source += f"; volumes: fitted to {fit.pairs} (year, volume) pairs of Crossref /journals/{issn}/works"
        source += f" sampled {years.start}-{years.stop - 1}"
    else:
        row["volume_note"] = f"no consistent volume model in Crossref works sampled {years.start}-{years.stop - 1} ({pairs} pairs)"
    row["source"] = source
    return row


def refresh_journal(
    issn: str, session_or_base_url: HttpGetter | str = DEFAULT_BASE_URL, years: range = range(2015, 2025), *,
    base_url: str = DEFAULT_BASE_URL, timeout: float = TIMEOUT, mailto: str | None = None,
    known: JournalBase | None = None,
) -> dict[str, str] | None:
    """One table row for ``issn`` from Crossref; None when Crossref does not know the ISSN.

    Raises :class:`CrossrefJournalError` on an error status or a malformed answer,
    ValueError on a malformed ISSN.
    """
    issn = issn.strip().upper()
    if not _ISSN.match(issn):
        raise ValueError(f"not an ISSN: {issn!r}")
    session, url_from_string = _session(session_or_base_url)
    base = (url_from_string or base_url).rstrip("/")
    polite = {"mailto": mailto} if mailto else {}
    message = _get_json(session, f"{base}/journals/{issn}", polite or None, timeout)
    if message is None:
        return None
    pairs = sample_volumes(session, base, issn, years, timeout, polite)
    return _row(issn, message, fit_volume_model(pairs), years, len(pairs), known)


def refresh_journals(
    issns: list[str], session_or_base_url: HttpGetter | str = DEFAULT_BASE_URL, years: range = range(2015, 2025), *,
    base_url: str = DEFAULT_BASE_URL, timeout: float = TIMEOUT, mailto: str | None = None,
    errors: dict[str, str] | None = None, known: JournalBase | None = None,
) -> list[dict[str, str]]:
    """Table rows (columns as in ``journals.csv``) for the ISSNs Crossref knows.

    ``session_or_base_url``: an HTTP client with ``get(url, params=..., timeout=...)``
    (``base_url`` then says where Crossref is) or a base URL string.  ``years``: the
    years whose works are sampled for the volume model.  ISSNs that could not be
    refreshed are left out of the result and, when ``errors`` is given, recorded
    there with the reason ("not found", "HTTP 503", "body is not JSON").  Rows of
    journals already in the table (``known``, the packaged table by default) keep
    their id, abbreviations and variants.
    """
    known = known if known is not None else load_journals()
    rows = []
    for issn in issns:
        try:
            row = refresh_journal(
                issn, session_or_base_url, years, base_url=base_url, timeout=timeout, mailto=mailto, known=known
            )
        except (CrossrefJournalError, ValueError) as exc:
            log.warning("journal refresh: %s: %s", issn, exc)
            if errors is not None:
                errors[issn] = str(exc)
            continue
        if row is None:
            if errors is not None:
                errors[issn] = "not found"
            continue
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- table files


def read_table(path: str | Path | None = None) -> list[dict[str, str]]:
    """The rows of a journal table (the packaged one unless ``path`` names another)."""
    if path is None:
        text = resources.files("kgaudit").joinpath("data", "journals.csv").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return [dict(row) for row in csv.DictReader(text.splitlines())]


def write_table(rows: Iterable[Mapping[str, str]], path: str | Path) -> None:
    """Write rows as a journal table (columns in the order of ``journals.csv``)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})


def _disagreement(existing: Mapping[str, str], refreshed: Mapping[str, str]) -> str:
    """A note when the curated and the fitted volume model differ in the fitted anchor year."""
    if not (existing.get("anchor_year") and refreshed.get("anchor_year")):
        return ""
    year = int(refreshed["anchor_year"])
    curated = expected_volumes(entry_from_row({**existing, "id": existing.get("id") or "x"}), year)
    fitted = expected_volumes(entry_from_row({**refreshed, "id": refreshed.get("id") or "x"}), year)
    if curated is None or curated == fitted:
        return ""
    return f"Crossref works sample gives {year} = vols {fitted[0]}-{fitted[1]}, the model {curated[0]}-{curated[1]}"


def merge_rows(existing: Iterable[Mapping[str, str]], refreshed: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """Extend a table with refreshed rows without overwriting what it already holds.

    Rows are matched by ``id`` (refreshed rows of known journals keep theirs).  A
    known journal keeps every non-empty value; its empty fields are filled from
    Crossref and the refresh is named in ``source``.  A fitted volume model that
    disagrees with the curated one is written into ``volume_note`` for a person to
    decide.  Journals new to the table are appended.
    """
    merged = {row["id"]: dict(row) for row in existing}
    for fresh in refreshed:
        old = merged.get(fresh["id"])
        if old is None:
            merged[fresh["id"]] = {c: fresh.get(c, "") for c in COLUMNS}
            continue
        model_columns = ("anchor_year", "anchor_volumes", "volumes_per_year", "model_from", "model_until")
        has_model = bool(old.get("anchor_year"))
        filled = [c for c in COLUMNS if c != "source" and not old.get(c) and fresh.get(c)
                  and not (has_model and c in model_columns)]
        for column in filled:
            old[column] = fresh[column]
        note = _disagreement(old, fresh)
        if note:
            old["volume_note"] = "; ".join(filter(None, (old.get("volume_note"), note)))
        if filled or note:
            old["source"] = "; ".join(filter(None, (old.get("source"), "refreshed: " + fresh.get("source", ""))))
    return list(merged.values())


# --------------------------------------------------------------------------- through the resolver's session


class _Answer:
    """The little of a response :func:`_get_json` reads: a status and a parsed body."""

    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code = status_code
        self._body = body

    def json(self) -> Any:
        return self._body


def _status_and_body(response: requests.Response) -> tuple[int, Any]:
    """Parse an answer of Crossref's journal routes; a 200 that is not JSON raises ValueError (retried, never cached)."""
    if response.status_code == 404:
        return 404, None
    return response.status_code, response.json()


class SessionGetter:
    """:class:`HttpGetter` over the resolver's :class:`~kgaudit.resolve.http.ResolverSession`.

    Every request then has the session's cache, pacing (Crossref's rate-limit
    headers), retries and polite ``mailto``.  A fault (timeout, HTTP 503, a body
    that never parsed) raises :class:`CrossrefJournalError`, which
    :func:`refresh_journals` records against the ISSN.
    """

    def __init__(self, session: ResolverSession) -> None:
        self.session = session
        self.base_url = session.base_urls[CROSSREF]

    def get(self, url: str, params: Mapping[str, Any] | None = None, timeout: float = TIMEOUT) -> _Answer:
        """GET ``url`` (under the session's Crossref base URL) through the session; ``timeout`` is the session's."""
        path = url[len(self.base_url):] if url.startswith(self.base_url) else url
        query = {k: str(v) for k, v in (params or {}).items()}
        fetch = self.session.get(CROSSREF, path, query, parse=_status_and_body, answered=(200, 404))
        if not fetch.ok:
            raise CrossrefJournalError(f"{fetch.lookup.url}: {fetch.lookup.fault}")
        status, body = fetch.data
        return _Answer(status, body)


@dataclass
class RefreshResult:
    """What :func:`refresh_table` did: the merged table and what changed."""

    rows: list[dict[str, str]]
    refreshed: list[str]  # ids of the journals Crossref answered for
    added: list[str]  # ids new to the table
    updated: list[str]  # ids of known journals whose row changed
    errors: dict[str, str]  # ISSN → why it could not be refreshed


def table_issns(rows: Iterable[Mapping[str, str]]) -> list[str]:
    """One ISSN per row that has one (print preferred), in table order."""
    issns = []
    for row in rows:
        issn = (row.get("issn_print") or row.get("issn_online") or "").strip()
        if issn and issn not in issns:
            issns.append(issn)
    return issns


def refresh_table(
    issns: list[str], session: ResolverSession, years: range, base_rows: list[dict[str, str]],
) -> RefreshResult:
    """Refresh ``issns`` from Crossref through ``session`` and merge the rows into ``base_rows`` (see :func:`merge_rows`).

    The session's Crossref base URL (``KGAUDIT_CROSSREF_URL`` or its constructor's)
    says where Crossref is; ``mailto`` comes from the session too.
    """
    known = base_from_rows(base_rows, "<table>")
    errors: dict[str, str] = {}
    fresh = refresh_journals(issns, SessionGetter(session), years, base_url=session.base_urls[CROSSREF],
                             errors=errors, known=known)
    before = {row["id"]: dict(row) for row in base_rows}
    merged = merge_rows(base_rows, fresh)
    after = {row["id"]: row for row in merged}
    refreshed = [row["id"] for row in fresh]
    added = [i for i in refreshed if i not in before]
    updated = [i for i in dict.fromkeys(refreshed) if i in before and after[i] != before[i]]
    return RefreshResult(rows=merged, refreshed=refreshed, added=added, updated=updated, errors=errors)
