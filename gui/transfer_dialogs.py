"""Per-download settings asked for from the Downloads panel: a speed-limit field (number and unit, shared
with the panel's global quick control), the speed-limit dialog and the connections dialog.

Each maps widgets to one plain value (KiB/s, or connections with 0 = adaptive) that the panel hands to
the engine (``set_transfer_limit``, ``set_split``); none of them keeps state or talks to the engine. The
dialogs are opened with ``open()`` (never ``exec()``) and announce their answer through ``accepted``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tributary.workers.downloads.engine import MAX_SPLIT

MAX_KIB = 10_000_000  # the largest limit, in KiB/s (as ``downloads/speed_limit_kib`` allows)
UNITS = (1, 1024)  # KiB/s, MiB/s


class RateEdit(QWidget):
    """A speed limit as a number and a unit (KiB/s or MiB/s), in the locale's digits; 0 shows "Unlimited".

    :meth:`value_kib` / :meth:`set_value_kib` speak KiB/s; ``changed(kib)`` follows every edit (the
    number typed, the unit chosen). Changing the unit keeps the number (type 5, choose MiB/s: 5 MiB/s).
    """

    changed = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.number = QDoubleSpinBox(self)
        self.number.setObjectName("rateNumber")
        self.number.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.number.setGroupSeparatorShown(True)
        self.number.setAccelerated(True)
        self.number.setKeyboardTracking(False)  # typing 2048 applies 2048 (on Enter or leaving), not 2, 20, 204
        self.unit = QComboBox(self)
        self.unit.setObjectName("rateUnit")
        for factor in UNITS:
            self.unit.addItem("", factor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.unit)
        self.setFocusProxy(self.number)
        self._value = 0
        self._shape()
        self.number.valueChanged.connect(self._edited)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.unit.setItemText(0, self.tr("KiB/s"))
        self.unit.setItemText(1, self.tr("MiB/s"))
        self.number.setSpecialValueText(self.tr("Unlimited"))
        self.number.setToolTip(self.tr("The most this may use; Unlimited when 0"))
        self.unit.setToolTip(self.tr("The unit of the speed limit"))
        self.unit.setAccessibleName(self.tr("Speed limit unit"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def value_kib(self) -> int:
        return self._value

    def set_value_kib(self, kib: int) -> None:
        """Show ``kib`` KiB/s, in MiB/s when that reads exactly (1.5 MiB/s, not 1,536 KiB/s)."""
        kib = max(0, min(MAX_KIB, int(kib)))
        mib = kib >= 1024 and (kib * 10) % 1024 == 0
        self.unit.blockSignals(True)
        self.unit.setCurrentIndex(1 if mib else 0)
        self.unit.blockSignals(False)
        self._shape()
        self.number.setValue(kib / 1024 if mib else kib)  # emits changed when it differs
        self._edited()

    def _shape(self) -> None:
        factor = self.unit.currentData()
        self.number.blockSignals(True)
        self.number.setDecimals(0 if factor == 1 else 1)
        self.number.setRange(0, MAX_KIB / factor)
        self.number.blockSignals(False)

    def _unit_changed(self) -> None:
        self._shape()
        self._edited()

    def _edited(self, *_args) -> None:
        value = min(MAX_KIB, int(round(self.number.value() * self.unit.currentData())))
        if value != self._value:
            self._value = value
            self.changed.emit(value)


class _AskDialog(QDialog):
    """A question about the selected downloads: one field, a hint, OK and Cancel."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)

    def _build(self, field: QWidget) -> None:
        self.field = field
        self.label = QLabel(self)
        self.label.setBuddy(field)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        field.setFocus()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - every subclass has its own
        raise NotImplementedError


class SpeedLimitDialog(_AskDialog):
    """The speed limit of the selected downloads; :meth:`kib` is the answer (0 = unlimited)."""

    def __init__(self, kib: int, parent=None) -> None:
        super().__init__(parent)
        self.rate = RateEdit(self)
        self._build(self.rate)
        self.setObjectName("speedLimitDialog")
        self.rate.set_value_kib(kib)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Speed limit"))
        self.label.setText(self.tr("&Limit:"))
        self.rate.number.setAccessibleName(self.tr("Speed limit of the selected downloads"))
        self.rate.number.setToolTip(self.tr("The most each selected download may use; Unlimited when 0"))
        self.hint.setText(self.tr("Applies at once to the selected downloads, also while they run. The overall "
                                  "limit of the Downloads tab still holds."))

    def kib(self) -> int:
        return self.rate.value_kib()


class ConnectionsDialog(_AskDialog):
    """Connections for the selected downloads: :meth:`connections` is 0 (adaptive) or 1 … 16."""

    def __init__(self, connections: int, parent=None) -> None:
        super().__init__(parent)
        self.spin = QSpinBox(self)
        self.spin.setRange(0, MAX_SPLIT)
        self.spin.setValue(connections)
        self._build(self.spin)
        self.setObjectName("connectionsDialog")
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Connections"))
        self.label.setText(self.tr("&Connections:"))
        self.spin.setSpecialValueText(self.tr("Adaptive"))
        self.spin.setAccessibleName(self.tr("Connections per selected download"))
        self.spin.setToolTip(self.tr("1 to 16 connections for each selected download; Adaptive lets Tributary "
                                     "choose"))
        self.hint.setText(self.tr("Applies to the selected downloads. Adaptive adds connections while the speed "
                                  "grows and backs off when the server turns them away; a server without ranges "
                                  "always gets one."))

    def connections(self) -> int:
        return self.spin.value()
