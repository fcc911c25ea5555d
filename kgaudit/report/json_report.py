"""JSON report (the public contract of DESIGN.md)."""

from __future__ import annotations

import json

from rdflib import Graph

from kgaudit.report.data import report_dict


def render_json(graph: Graph) -> str:
    """The JSON report of the paper in ``graph``."""
    return json.dumps(report_dict(graph), indent=2, ensure_ascii=False, default=str) + "\n"
