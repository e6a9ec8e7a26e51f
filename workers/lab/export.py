"""A Lab result's table written out as CSV (UTF-8 with BOM, for spreadsheets).

What ran where goes out as a trace through the timeline's one exporter
(:func:`tributary.workers.trace_export.write_chrome_trace` with ``job=result.job``): a run's spans are on
the timeline under its job id.
"""

from __future__ import annotations

import csv
from collections.abc import Callable

from .base import LabResult


def write_csv(result: LabResult, path: str, translate: Callable[[str], str] = str) -> None:
    """The result's table as CSV; column titles and texts go through ``translate`` (the GUI's language)."""
    table = result.table()
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(table.headers(translate))
        for row in table.cells(translate, for_people=False):
            writer.writerow([text for text, _ in row])
