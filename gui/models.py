"""Table models over engine state. Views never hold state; they read it from here.

:class:`JobsModel` lists the runner's jobs. Rows are added when the runner announces a job; values
are read at most 25 times a second by a timer that emits ``dataChanged`` only for rows whose
``Job.version`` moved, so a job reporting thousands of times a second costs the GUI 25 repaints.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor

from tributary.gui.i18n import ENGINE
from tributary.workers.jobs import Job, JobState

REFRESH_HZ = 25
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


def state_label(state: JobState) -> str:
    return {
        JobState.QUEUED: QCoreApplication.translate("JobsModel", "queued"),
        JobState.RUNNING: QCoreApplication.translate("JobsModel", "running"),
        JobState.DONE: QCoreApplication.translate("JobsModel", "done"),
        JobState.FAILED: QCoreApplication.translate("JobsModel", "failed"),
        JobState.CANCELLED: QCoreApplication.translate("JobsModel", "cancelled"),
    }[state]


class CoalescedTableModel(QAbstractTableModel):
    """Rows are engine objects with a ``version`` that grows on every change; a 25 Hz timer emits one
    ``dataChanged`` over the rows whose version moved. Subclasses give ``COLUMNS``, ``headers()``,
    ``data()`` and may sample a row just before it is compared (``before_compare``)."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, rows: list, parent=None) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self._seen = [-1] * len(self._rows)
        self.refreshes = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000 // REFRESH_HZ)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def headers(self) -> list[str]:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def before_compare(self, obj) -> None:
        """Hook: update derived values of ``obj`` (a speed) before its version is compared."""

    def _append(self, objs: list) -> None:
        if objs:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(objs) - 1)
            self._rows.extend(objs)
            self._seen.extend([-1] * len(objs))
            self.endInsertRows()

    def _remove(self, objs: list) -> None:
        """Drop the rows of ``objs``: one model operation per contiguous range (a selection of 20,000
        neighbouring rows is one), or one reset when they are scattered over many ranges."""
        gone = {id(obj) for obj in objs}
        rows = [r for r, obj in enumerate(self._rows) if id(obj) in gone]
        if not rows:
            return
        ranges = row_ranges(rows)
        if len(ranges) > MAX_RANGES:
            self.beginResetModel()
            keep = [r for r, obj in enumerate(self._rows) if id(obj) not in gone]
            self._rows = [self._rows[r] for r in keep]
            self._seen = [self._seen[r] for r in keep]
            self.endResetModel()
            return
        for first, last in reversed(ranges):  # from the bottom: the row numbers above stay valid
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first:last + 1]
            del self._seen[first:last + 1]
            self.endRemoveRows()

    def refresh(self) -> None:
        """Emit one ``dataChanged`` covering the rows that changed since the last refresh."""
        changed = []
        for r, obj in enumerate(self._rows):
            self.before_compare(obj)
            if obj.version != self._seen[r]:
                self._seen[r] = obj.version
                changed.append(r)
        if changed:
            self.refreshes += 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self.COLUMNS) - 1))

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
    COLUMNS = ("id", "kind", "executor", "state", "progress", "message", "seconds")
    PROGRESS_COLUMN = 4

    def __init__(self, runner, parent=None, *, kinds: tuple[str, ...] | None = None) -> None:
        super().__init__([], parent)
        self.kinds = kinds
        runner.add_listener(self._on_job)

    def headers(self) -> list[str]:
        return [QCoreApplication.translate("JobsModel", "ID"), QCoreApplication.translate("JobsModel", "Kind"),
                QCoreApplication.translate("JobsModel", "Runs on"), QCoreApplication.translate("JobsModel", "State"),
                QCoreApplication.translate("JobsModel", "Progress"),
                QCoreApplication.translate("JobsModel", "Message"),
                QCoreApplication.translate("JobsModel", "Seconds")]

    def job(self, row: int) -> Job:
        return self._rows[row]

    def _on_job(self, job: Job) -> None:
        if self.kinds is not None and job.kind not in self.kinds:
            return
        if job not in self._rows:  # a state change of a known job shows at the next refresh
            self._append([job])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        job = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "id":
                return str(job.id)
            if col == "kind":
                return job.title
            if col == "executor":
                return job.executor
            if col == "state":
                return state_label(job.state)
            if col == "progress":
                return f"{job.progress:.0%}"
            if col == "message":
                return ENGINE.tr(job.error or job.text)
            if col == "seconds":
                return "" if job.seconds is None else f"{job.seconds:.2f}"
        if role == Qt.ItemDataRole.UserRole and col == "progress":
            return job.progress
        if role == Qt.ItemDataRole.ForegroundRole and col in ("state", "message") and job.state is JobState.FAILED:
            return QColor("#c0392b")
        if role == Qt.ItemDataRole.ToolTipRole and job.error:
            return ENGINE.tr(job.error)
        return None


def human_bytes(n: float | None) -> str:
    if n is None:
        return "?"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def human_seconds(s: float | None) -> str:
    if s is None:
        return ""
    s = int(s)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class DownloadsModel(CoalescedTableModel):
    """One row per transfer of the download engine, refreshed at most 25 times a second."""

    COLUMNS = ("name", "size", "progress", "speed", "eta", "state", "message")
    PROGRESS_COLUMN = 2

    def __init__(self, engine, parent=None) -> None:
        super().__init__(engine.transfers, parent)
        self.engine = engine
        engine.listeners.append(self._on_rows)

    def transfer(self, row: int):
        return self._rows[row]

    def _on_rows(self, transfers: list) -> None:
        """The engine added or removed transfers: insert new ones as one range, drop removed ones."""
        present = {id(t) for t in self.engine.transfers}
        added = [t for t in transfers if id(t) in present]
        if added:
            shown = {id(t) for t in self._rows}
            self._append([t for t in added if id(t) not in shown])
        removed = [t for t in transfers if id(t) not in present]
        if removed:
            self._remove(removed)

    def before_compare(self, t) -> None:
        if t.item.state == "running":
            t.sample_speed()

    def headers(self) -> list[str]:
        return [QCoreApplication.translate("DownloadsModel", "Name"),
                QCoreApplication.translate("DownloadsModel", "Size"),
                QCoreApplication.translate("DownloadsModel", "Progress"),
                QCoreApplication.translate("DownloadsModel", "Speed"),
                QCoreApplication.translate("DownloadsModel", "Time left"),
                QCoreApplication.translate("DownloadsModel", "State"),
                QCoreApplication.translate("DownloadsModel", "Message")]

    @staticmethod
    def state_label(state: str) -> str:
        return {
            "queued": QCoreApplication.translate("DownloadsModel", "queued"),
            "running": QCoreApplication.translate("DownloadsModel", "downloading"),
            "paused": QCoreApplication.translate("DownloadsModel", "paused"),
            "done": QCoreApplication.translate("DownloadsModel", "done"),
            "failed": QCoreApplication.translate("DownloadsModel", "failed"),
            "cancelled": QCoreApplication.translate("DownloadsModel", "cancelled"),
        }.get(state, state)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        t = self._rows[index.row()]
        item = t.item
        col = self.COLUMNS[index.column()]
        fraction = item.bytes_done / item.total if item.total else (1.0 if item.state == "done" else 0.0)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return item.name or item.url
            if col == "size":
                return human_bytes(item.total) if item.total is not None else human_bytes(item.bytes_done)
            if col == "progress":
                return f"{fraction:.0%}"
            if col == "speed":
                return f"{human_bytes(t.speed)}/s" if item.state == "running" else ""
            if col == "eta":
                return human_seconds(t.eta)
            if col == "state":
                return self.state_label(item.state)
            if col == "message":
                return ENGINE.tr(item.error or t.note) if (item.error or t.note) else item.url
        if role == Qt.ItemDataRole.UserRole and col == "progress":
            return fraction
        if role == Qt.ItemDataRole.ToolTipRole:
            return ENGINE.tr(item.error) if item.error else item.url
        if role == Qt.ItemDataRole.ForegroundRole and item.state == "failed" and col in ("state", "message"):
            return QColor("#c0392b")
        return None
