"""kgaudit: audit scholarly papers for citation integrity and numeric consistency.

The public API::

    from kgaudit import audit, load_graph
    report = audit("paper.txt")
    report.findings, report.to_dataframe(), report.citation_graph(), report.query("SELECT ...")
"""

from kgaudit._version import __version__
from kgaudit.api import Report, audit
from kgaudit.checks.base import Finding, Location
from kgaudit.graph.export import load_graph

__all__ = ["Finding", "Location", "Report", "__version__", "audit", "load_graph"]
