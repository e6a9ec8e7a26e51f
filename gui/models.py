"""Table models over engine state. Views never hold state; they read it from here.

Both models follow the one :class:`~tributary.gui.bridge.EngineBridge`: rows are inserted when it announces
jobs or transfers (a batch is one row-range insert), and each of its coalesced ticks (at most 25 a second,
only while something runs) becomes one ``dataChanged`` over the rows that changed — a job reporting
thousands of times a second costs the GUI 25 repaints, and an idle app repaints nothing.
"""

from __future__ import annotations

import functools
import operator

from PySide6.QtCore import QAbstractTableModel, QByteArray, QCoreApplication, QMimeData, QModelIndex, Qt

from tributary.gui import formatting
from tributary.gui.bridge import REFRESH_HZ
from tributary.gui.i18n import ENGINE
from tributary.gui.icons import state_icon
from tributary.gui.states import error_text, executor_label, state_label
from tributary.gui.theme import semantic_color
from tributary.workers.downloads.naming import name_from_url
from tributary.workers.jobs import Job, JobState

__all__ = ["REFRESH_HZ", "CoalescedTableModel", "DownloadsModel", "JobsModel", "human_bytes", "human_seconds",
           "row_ranges", "selected_row_numbers"]
_KIND = operator.attrgetter("kind")
MAX_RANGES = 64  # removing rows scattered over more ranges than this is one model reset instead


def selected_row_numbers(selection_model) -> list[int]:
    """The selected rows, sorted, read from the selection's ranges: ``selectedRows()`` builds an index
    object per selected cell's row (0.4 s for 20,000 rows here); ranges are a handful of objects."""
    rows: set[int] = set()
    for rng in selection_model.selection():
        rows.update(range(rng.top(), rng.bottom() + 1))
    return sorted(rows)


def row_ranges(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as inclusive ``(first, last)`` runs: ``[1, 2, 3, 7]`` → ``[(1, 3), (7, 7)]``."""
    ranges: list[tuple[int, int]] = []
    for r in rows:
        if ranges and r == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], r)
        else:
            ranges.append((r, r))
    return ranges


class CoalescedTableModel(QAbstractTableModel):
    """Rows are engine objects; :meth:`refresh` gets the ones that changed and emits one ``dataChanged``
    over their span. Subclasses give ``COLUMNS``, ``headers()`` and ``data()``."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, rows: list, parent=None) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self._row_of = {id(obj): r for r, obj in enumerate(self._rows)}
        self.refreshes = 0

    def headers(self) -> list[str]:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def _append(self, objs: list) -> None:
        """Insert the objects not shown yet, as one row range (10,000 new rows: a few bulk operations)."""
        ids = list(map(id, objs))
        if self._row_of.keys().isdisjoint(ids):
            new = objs
        else:
            new = [o for o in objs if id(o) not in self._row_of]
            ids = list(map(id, new))
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self._row_of.update(zip(ids, range(first, first + len(new))))
            self.endInsertRows()

    def _remove(self, objs: list) -> None:
        """Drop the rows of ``objs``: one model operation per contiguous range (a selection of 20,000
        neighbouring rows is one), from the bottom up, or one reset when they are scattered over many ranges."""
        rows = sorted({self._row_of[id(o)] for o in objs if id(o) in self._row_of})
        if not rows:
            return
        ranges = row_ranges(rows)
        if len(ranges) > MAX_RANGES:
            gone = set(rows)
            self.beginResetModel()
            self._rows = [obj for r, obj in enumerate(self._rows) if r not in gone]
            self._row_of = {id(obj): r for r, obj in enumerate(self._rows)}
            self.endResetModel()
            return
        for first, last in reversed(ranges):  # from the bottom: the row numbers above stay valid
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first:last + 1]
            self.endRemoveRows()
        self._row_of = {id(obj): r for r, obj in enumerate(self._rows)}

    def refresh(self, objs: list) -> None:
        """Emit one ``dataChanged`` covering the rows of ``objs`` (objects not shown here are skipped)."""
        rows = [self._row_of[id(o)] for o in objs if id(o) in self._row_of]
        if rows:
            self.refreshes += 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(self.COLUMNS) - 1))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None


class JobsModel(CoalescedTableModel):
    """The runner's jobs of some ``kinds`` (all when ``None``), one row each, newest last."""

    COLUMNS = ("id", "kind", "executor", "state", "progress", "message", "seconds")
    PROGRESS_COLUMN = 4

    def __init__(self, bridge, parent=None, *, kinds: tuple[str, ...] | None = None) -> None:
        super().__init__([j for j in bridge.runner.jobs.values() if kinds is None or j.kind in kinds], parent)
        self.kinds = kinds
        bridge.jobAdded.connect(self._on_added)
        bridge.jobsAdded.connect(self._on_added_many)
        bridge.jobsChanged.connect(self.refresh)
        bridge.jobFinished.connect(self._on_finished)
        bridge.jobsFinished.connect(self.refresh)

    def _wanted(self, job: Job) -> bool:
        return self.kinds is None or job.kind in self.kinds

    def _on_added(self, job: Job) -> None:
        if self._wanted(job):
            self._append([job])

    def _on_added_many(self, jobs: list) -> None:
        if self.kinds is not None and set(map(_KIND, jobs)).isdisjoint(self.kinds):
            return  # a batch of another kind (10,000 queued downloads): not one look at each
        self._append([job for job in jobs if self._wanted(job)])  # one row range

    def _on_finished(self, job: Job) -> None:
        self.refresh([job])

    def headers(self) -> list[str]:
        return [QCoreApplication.translate("JobsModel", "ID"), QCoreApplication.translate("JobsModel", "Kind"),
                QCoreApplication.translate("JobsModel", "Runs on"), QCoreApplication.translate("JobsModel", "State"),
                QCoreApplication.translate("JobsModel", "Progress"),
                QCoreApplication.translate("JobsModel", "Message"),
                QCoreApplication.translate("JobsModel", "Seconds")]

    def job(self, row: int) -> Job:
        return self._rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        job = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "id":
                return str(job.id)
            if col == "kind":
                return ENGINE.tr(job.title)
            if col == "executor":
                return executor_label(job.executor)
            if col == "state":
                return state_label(job.state)
            if col == "progress":
                return f"{job.progress:.0%}"
            if col == "message":
                return error_text(job.error) or ENGINE.tr(job.text)
            if col == "seconds":
                return "" if job.seconds is None else f"{job.seconds:.2f}"
        if role == Qt.ItemDataRole.UserRole and col == "progress":
            return job.progress
        if role == Qt.ItemDataRole.DecorationRole and col == "state":
            return state_icon(job.state.value)
        if role == Qt.ItemDataRole.ForegroundRole and col in ("state", "message") and job.state is JobState.FAILED:
            return semantic_color("danger")  # readable on the light and the dark theme
        if role == Qt.ItemDataRole.ToolTipRole and job.error:
            return error_text(job.error)
        return None


def priority_label(priority: int) -> str:
    """High, Normal or Low (the engine's 1, 0 and -1)."""
    if priority > 0:
        return QCoreApplication.translate("DownloadsModel", "High")
    if priority < 0:
        return QCoreApplication.translate("DownloadsModel", "Low")
    return QCoreApplication.translate("DownloadsModel", "Normal")


def human_bytes(n: float | None) -> str:
    """A size in the app's locale (``1.5 MiB``); see :mod:`tributary.gui.formatting`."""
    return formatting.data_size(n)


def human_seconds(s: float | None) -> str:
    """A time left in the app's language (``2 min 05 s``)."""
    return formatting.duration(s)


@functools.lru_cache(maxsize=4096)
def url_name(url: str) -> str:
    """What a download is called before its server has named it: the file name in its URL (the name it
    will most likely get), or the URL itself when the URL has none."""
    try:
        name = name_from_url(url).strip()
    except ValueError:  # not even a URL Python can split
        name = ""
    return name or url


class DownloadsModel(CoalescedTableModel):
    """One row per transfer of the download engine, refreshed at most 25 times a second.

    Rows can be dragged within the view (``InternalMove``): :meth:`mimeData` names the dragged transfers,
    and :meth:`dropMimeData` is one engine ``move_to`` call; the engine's order event then becomes one
    layout change (:meth:`_on_order`) that the selection follows. ``removeRows`` is deliberately not
    implemented: the view's "remove the moved source rows" step after a move drop does nothing.
    """

    COLUMNS = ("name", "size", "progress", "speed", "eta", "state", "message", "priority")
    PROGRESS_COLUMN = 2
    MIME = "application/x-tributary-transfers"

    def __init__(self, bridge, parent=None) -> None:
        super().__init__(bridge.downloads.transfers, parent)
        self.engine = bridge.downloads
        bridge.transfersAdded.connect(self._append)
        bridge.transfersRemoved.connect(self._remove)
        bridge.transfersChanged.connect(self.refresh)
        bridge.transfersReordered.connect(self._on_order)

    def _on_order(self) -> None:
        """The engine reordered its queue: one layout change to its order."""
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        shown = {id(t) for t in before}
        self._rows[:] = [t for t in self.engine.transfers if id(t) in shown]
        self._row_of = {id(t): r for r, t in enumerate(self._rows)}
        moved = self.persistentIndexList()  # the selection follows its rows
        self.changePersistentIndexList(moved, [self.index(self._row_of[id(before[i.row()])], i.column())
                                               for i in moved])
        self.layoutChanged.emit()

    def transfer(self, row: int):
        return self._rows[row]

    # -- drag and drop within the view -----------------------------------------------------------
    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # between rows: the only place a row can be dropped
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [self.MIME]

    def mimeData(self, indexes) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(self.MIME, QByteArray(",".join(str(id(self._rows[r])) for r in rows).encode()))
        return data

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """Move the dragged transfers before ``row`` (or before the row dropped on, or to the end)."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if action != Qt.DropAction.MoveAction or data is None or not data.hasFormat(self.MIME):
            return False
        wanted = {int(x) for x in bytes(data.data(self.MIME).data()).decode().split(",") if x.isdigit()}
        chosen = [t for t in self._rows if id(t) in wanted]
        if not chosen:
            return False
        if parent.isValid():
            row = parent.row()
        target = self._rows[row] if 0 <= row < len(self._rows) else None
        engine_rows = self.engine.transfers
        index = len(engine_rows) if target is None else next(i for i, t in enumerate(engine_rows) if t is target)
        self.engine.move_to(chosen, index)
        return True

    def headers(self) -> list[str]:
        return [QCoreApplication.translate("DownloadsModel", "Name"),
                QCoreApplication.translate("DownloadsModel", "Size"),
                QCoreApplication.translate("DownloadsModel", "Progress"),
                QCoreApplication.translate("DownloadsModel", "Speed"),
                QCoreApplication.translate("DownloadsModel", "Time left"),
                QCoreApplication.translate("DownloadsModel", "State"),
                QCoreApplication.translate("DownloadsModel", "Message"),
                QCoreApplication.translate("DownloadsModel", "Priority")]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        t = self._rows[index.row()]
        item = t.item
        col = self.COLUMNS[index.column()]
        fraction = item.bytes_done / item.total if item.total else (1.0 if item.state == "done" else 0.0)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return item.name or url_name(item.url)
            if col == "size":
                return human_bytes(item.total) if item.total is not None else human_bytes(item.bytes_done)
            if col == "progress":
                return f"{fraction:.0%}"
            if col == "speed":
                return formatting.speed(t.speed) if item.state == "running" else ""
            if col == "eta":
                return human_seconds(t.eta)
            if col == "state":
                return state_label(item.state)
            if col == "message":
                if item.error:
                    return error_text(item.error)
                return ENGINE.tr(t.note) if t.note else item.url
            if col == "priority":
                return "" if item.state == "done" else priority_label(t.priority)
        if role == Qt.ItemDataRole.UserRole and col == "progress":
            return fraction
        if role == Qt.ItemDataRole.DecorationRole and col == "state":
            return state_icon(item.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return error_text(item.error) if item.error else item.url
        if role == Qt.ItemDataRole.ForegroundRole and item.state == "failed" and col in ("state", "message"):
            return semantic_color("danger")  # readable on the light and the dark theme
        return None
