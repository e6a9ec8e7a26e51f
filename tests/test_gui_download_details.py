"""The "why slow?" details pane and the queue-order actions in the real window, in both languages."""

from __future__ import annotations

import pytest
from conftest import run_async
from PySide6.QtCore import QItemSelectionModel
from servers import FaultServer

from tributary.gui.download_details import DownloadDetails
from tributary.gui.main_window import MainWindow
from tributary.workers.downloads import diagnosis as why
from tributary.workers.downloads.diagnosis import ConnectionInfo, RetryInfo, TransferDetails
from tributary.workers.jobs import Message


@pytest.fixture
def server(qloop, qtbot):
    srv = FaultServer()
    run_async(qtbot, srv.start())
    yield srv
    run_async(qtbot, srv.stop())


@pytest.fixture
def panel(services, qtbot, tmp_path):
    win = MainWindow(services)
    win.show()
    win.downloads.folder.setText(str(tmp_path / "dl"))
    yield win.downloads
    win.close()
    win.deleteLater()


def select(panel, rows):
    sel = panel.table.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(panel.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_details_pane_shows_the_connections_of_a_segmented_download(panel, server, qtbot):
    engine = panel.engine
    engine.settings.min_segment = 128 * 1024
    engine.set_split(None, 3)
    (t,) = run_async(qtbot, panel.add([(f"{server.base}/limited?size=6000000&max=2&delay=0.02", None)]))
    select(panel, [0])
    table = panel.details.connections
    qtbot.waitUntil(lambda: table.rowCount() >= 2, timeout=10000)
    qtbot.waitUntil(lambda: "The server allows 2 connections" in panel.details.findings.text(), timeout=10000)
    assert any("429" in (table.item(r, 5).text() if table.item(r, 5) else "") for r in range(table.rowCount()))
    assert "split: 3" in panel.details.summary.text()
    qtbot.waitUntil(lambda: t.item.state == "done", timeout=30000)


def test_move_actions_reorder_the_rows_and_keep_the_selection(panel, server, qtbot):
    panel.engine.set_concurrency(1)
    transfers = panel.engine.add([(f"{server.base}/file/m{i}.bin?size=100", None) for i in range(4)],
                                 panel.folder.text(), start=False)
    model = panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=2000)
    select(panel, [2])
    assert panel.actions_["top"].isEnabled()
    panel.actions_["top"].trigger()
    assert [model.transfer(r) for r in range(4)] == [transfers[2], transfers[0], transfers[1], transfers[3]]
    assert panel.selected() == [transfers[2]]  # the selection moved with its row
    panel.actions_["down"].trigger()
    panel.actions_["down"].trigger()
    assert [model.transfer(r) for r in range(4)] == [transfers[0], transfers[1], transfers[2], transfers[3]]
    panel.actions_["bottom"].trigger()
    panel.actions_["up"].trigger()
    assert model.transfer(2) is transfers[2] and panel.engine.transfers[2] is transfers[2]


def test_a_selection_at_the_top_cannot_move_up_nor_one_at_the_bottom_down(panel, server, qtbot):
    """Seen in a real window: the first row selected, "Move to top" and "Move up" were offered (and did
    nothing)."""
    transfers = panel.engine.add([(f"{server.base}/file/e{i}.bin?size=100", None) for i in range(4)],
                                 panel.folder.text(), start=False)
    model = panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=2000)
    enabled = lambda: {k: panel.actions_[k].isEnabled() for k in ("top", "up", "down", "bottom")}  # noqa: E731
    select(panel, [0, 1])
    assert enabled() == {"top": False, "up": False, "down": True, "bottom": True}
    select(panel, [3])
    assert enabled() == {"top": True, "up": True, "down": False, "bottom": False}
    select(panel, [1])
    assert all(enabled().values())
    panel.actions_["top"].trigger()  # the row moved, its selection with it: now it is the top one
    qtbot.waitUntil(lambda: model.transfer(0) is transfers[1], timeout=2000)
    qtbot.waitUntil(lambda: enabled() == {"top": False, "up": False, "down": True, "bottom": True}, timeout=2000)
    select(panel, [])
    assert not any(enabled().values())


def test_details_widget_in_chinese(services, qtbot):
    details = TransferDetails(
        connections=[ConnectionInfo(1, 0, 1000, 500, state="receiving", status=206, speed=2048.0, ttfb=0.012),
                     ConnectionInfo(2, 1000, 2000, 1000, state="failed", status=429,
                                    error=Message(why.SERVER_LIMIT, n=1, status=429, k=2), closed=1.0)],
        retries=[RetryInfo(0.5, 2, Message(why.SERVER_LIMIT, n=1, status=429, k=2))],
        findings=[Message(why.SERVER_LIMIT, n=1, status=429, k=2), Message(why.SPEED_LIMIT)],
        split=0, target=1, active=1, ranges=True, speed_limit=1 << 20, limited=True, segments=[])
    widget = DownloadDetails()
    qtbot.addWidget(widget)
    assert services.languages.apply("zh_CN")
    try:
        widget.show_details(details)
        assert "服务器允许 1 个连接" in widget.findings.text() and "已达到速度限制" in widget.findings.text()
        qtbot.waitUntil(lambda: widget.connections.horizontalHeaderItem(1).text() == "范围", timeout=2000)
        assert "自适应" in widget.summary.text()
        assert widget.connections.item(0, 5).text().startswith("接收中")
    finally:
        services.languages.apply("en")
    widget.show_details(details)
    assert "The server allows 1 connections: it answered 429 to connection 2." in widget.findings.text()
    assert widget.connections.item(1, 6).text().startswith("The server allows 1")
    widget.show_details(None)
    assert widget.connections.rowCount() == 0
