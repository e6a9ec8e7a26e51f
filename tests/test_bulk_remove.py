"""Removing many rows: one journal transaction, one engine notification, and the table model removes
contiguous ranges (one model operation each, never one per row) — 20,000 selected rows stay instant."""

from __future__ import annotations

import logging
import time

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QTableView

from tributary.gui.models import DownloadsModel, row_ranges, selected_row_numbers

log = logging.getLogger("tributary.tests")
ROWS = 20_000


@pytest.fixture
def table(services, qtbot, tmp_path):
    engine = services.downloads
    engine.add([(f"http://127.0.0.1:9/f{i}.bin", None) for i in range(ROWS)], tmp_path / "dl", start=False)
    model = DownloadsModel(services.bridge)  # rows go as the bridge's transfersRemoved says
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.show()
    ops = {"remove": 0, "reset": 0, "notified": 0}
    model.rowsAboutToBeRemoved.connect(lambda *_: ops.__setitem__("remove", ops["remove"] + 1))
    model.modelAboutToBeReset.connect(lambda: ops.__setitem__("reset", ops["reset"] + 1))
    engine.listeners.append(lambda batch: ops.__setitem__("notified", ops["notified"] + 1))
    yield engine, model, view, ops


def select_rows(view, rows: list[int]) -> None:
    selection = QItemSelection()
    model = view.model()
    for first, last in row_ranges(rows):
        selection.select(model.index(first, 0), model.index(last, model.columnCount() - 1))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def selected_transfers(view) -> list:
    model = view.model()
    return [model.transfer(r) for r in selected_row_numbers(view.selectionModel())]


def test_removing_20000_selected_rows_is_one_model_operation_and_one_transaction(table):
    engine, model, view, ops = table
    view.selectAll()
    t0 = time.perf_counter()
    assert selected_row_numbers(view.selectionModel()) == list(range(ROWS))
    engine.remove(selected_transfers(view))
    seconds = time.perf_counter() - t0
    log.warning("removing %d selected rows (selection read included) took %.1f ms", ROWS, seconds * 1000)
    assert model.rowCount() == 0 and engine.transfers == []
    assert ops == {"remove": 1, "reset": 0, "notified": 1}
    engine.flush()
    assert engine.journal.items() == []


def test_separate_ranges_are_one_operation_each_and_scattered_rows_one_reset(table):
    engine, model, view, ops = table
    blocks = [*range(10, 20), *range(500, 1500), *range(19_990, 20_000)]
    select_rows(view, blocks)
    doomed = selected_transfers(view)
    kept = [t for t in engine.transfers if t not in set(doomed)]
    engine.remove(doomed)
    assert ops == {"remove": 3, "reset": 0, "notified": 1}
    assert [model.transfer(r) for r in range(model.rowCount())] == kept == engine.transfers
    select_rows(view, list(range(0, model.rowCount(), 2)))  # every other row: 9,490 ranges
    engine.remove(selected_transfers(view))
    assert ops == {"remove": 3, "reset": 1, "notified": 2}
    assert [model.transfer(r) for r in range(model.rowCount())] == engine.transfers == kept[1::2]
    engine.flush()
    assert len(engine.journal.items()) == len(kept[1::2])


def test_row_ranges():
    assert row_ranges([]) == []
    assert row_ranges([1, 2, 3, 7, 9, 10]) == [(1, 3), (7, 7), (9, 10)]
