"""Preferences: the settings keys, a typed reader that never fails, and the Preferences dialog.

Settings live in ``QSettings`` (INI, ``~/.config/Tributary/Tributary.ini`` on Linux). Read them with
:func:`read` — a stored value that is missing, of the wrong type or out of range gives the default,
never an exception — and write them with :func:`write`. The keys, shared by every part of the app:

========================== ======== ============================== ==========================================
key                        type     default                        meaning
========================== ======== ============================== ==========================================
language                   choice   system                         system, en, zh_CN
appearance/theme           choice   system                         system, light, dark
desktop/notifications      bool     true                           notify when a batch or a long job ends
desktop/close_to_tray      bool     false                          closing the window hides it to the tray
desktop/clipboard_watch    bool     false                          offer http(s) links copied elsewhere
downloads/folder           str      the user's Downloads folder    where new downloads are saved
downloads/concurrency      int      8 (1–64)                       downloads at once
downloads/per_host         int      8 (1–64)                       downloads at once per server
downloads/connections      int      0 (0–16)                       connections per download; 0 = adaptive
downloads/speed_limit_kib  int      0 (0–10,000,000)               global limit in KiB/s; 0 = unlimited
downloads/retries          int      5 (0–20)                       tries after a failure
downloads/connect_timeout  float    15 (1–300)                     seconds to connect
downloads/read_timeout     float    30 (1–600)                     seconds without data before a retry
downloads/queue_end_action choice   nothing                        when the queue ends: nothing, notify, quit
schedule/enabled           bool     false                          start and pause the queue on a schedule
schedule/start             time     22:00                          the queue starts at (HH:MM, 24 h)
schedule/stop              time     06:00                          … and pauses at (before start: over midnight)
schedule/days              days     0,1,2,3,4,5,6                  days a window starts on (Monday = 0)
network/proxy_mode         choice   system                         none, system (the proxy variables), http, socks5
network/proxy_host         str      ""                             proxy host name or address
network/proxy_port         int      8080 (1–65535)                 proxy port
network/proxy_user         str      ""                             proxy user (optional)
network/proxy_password     str      ""                             proxy password (stored in the settings file)
compute/cluster_mode       choice   local                          local (this computer) or address
compute/scheduler_address  str      ""                             Dask scheduler, e.g. tcp://10.0.0.5:8786
========================== ======== ============================== ==========================================

The Downloads panel also keeps ``downloads/manifest`` and ``downloads/gunzip`` (bool), the log dock
``log/technical`` (bool: show technical lines too), and the window ``window/tab`` (int) — read and written the
same way (:data:`STATE_KEYS`, not on the dialog) — and ``window/geometry`` and ``window/state`` (byte arrays,
used only when they are byte arrays). Every read of the settings file in the app goes through :func:`read`:
the file is the user's, editable by hand, and ``concurrency=abc`` or ``window/tab=xyz`` must never stop the
app. The dialog applies what the app supports today at once (:data:`PreferencesDialog.applied` carries the
changed keys); the engine reads the others when it supports them (speed limit, connections, proxy, cluster).
The Downloads panel changes ``downloads/speed_limit_kib`` live (its quick control) and
``downloads/queue_end_action``; the Schedule dialog (:mod:`tributary.gui.schedule`) owns the ``schedule/…``
keys, read back with :func:`schedule`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tributary.gui.i18n import without_mnemonic
from tributary.gui.widgets import ErrorLabel

log = logging.getLogger("tributary.preferences")


@dataclass(frozen=True)
class Key:
    name: str
    kind: str  # int, float, bool, str, choice, time ("HH:MM"), days ("0,4,6": Monday = 0)
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()


def _download_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("language", "choice", "system", choices=("system", "en", "zh_CN")),
    Key("appearance/theme", "choice", "system", choices=("system", "light", "dark")),
    Key("desktop/notifications", "bool", True),
    Key("desktop/close_to_tray", "bool", False),
    Key("desktop/clipboard_watch", "bool", False),
    Key("downloads/folder", "str", None),  # None: the user's Downloads folder, asked for when read
    Key("downloads/concurrency", "int", 8, 1, 64),
    Key("downloads/per_host", "int", 8, 1, 64),
    Key("downloads/connections", "int", 0, 0, 16),
    Key("downloads/speed_limit_kib", "int", 0, 0, 10_000_000),
    Key("downloads/retries", "int", 5, 0, 20),
    Key("downloads/connect_timeout", "float", 15.0, 1, 300),
    Key("downloads/read_timeout", "float", 30.0, 1, 600),
    Key("downloads/queue_end_action", "choice", "nothing", choices=("nothing", "notify", "quit")),
    Key("schedule/enabled", "bool", False),
    Key("schedule/start", "time", "22:00"),
    Key("schedule/stop", "time", "06:00"),
    Key("schedule/days", "days", "0,1,2,3,4,5,6"),
    Key("network/proxy_mode", "choice", "system", choices=("none", "system", "http", "socks5")),
    Key("network/proxy_host", "str", ""),
    Key("network/proxy_port", "int", 8080, 1, 65535),
    Key("network/proxy_user", "str", ""),
    Key("network/proxy_password", "str", ""),
    Key("compute/cluster_mode", "choice", "local", choices=("local", "address")),
    Key("compute/scheduler_address", "str", ""),
)}
# Kept in the same file but not preferences (not on the dialog): the panel's toggles, the log dock's
# "Technical details", the window's tab.
STATE_KEYS: dict[str, Key] = {k.name: k for k in (
    Key("downloads/manifest", "bool", False),
    Key("downloads/gunzip", "bool", False),
    Key("window/tab", "int", 0, 0, 63),
    Key("log/technical", "bool", False),
)}
_ADDRESS = re.compile(r"^(tcp://|tls://)?[A-Za-z0-9_.\-\[\]:]+:\d{1,5}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _key(name: str) -> Key:
    return KEYS[name] if name in KEYS else STATE_KEYS[name]


def default(name: str) -> Any:
    key = _key(name)
    return _download_folder() if key.default is None and name == "downloads/folder" else key.default


def _coerce(key: Key, raw: Any) -> Any:
    if key.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("true", "1", "yes", "on"):
            return True
        if text in ("false", "0", "no", "off"):
            return False
        raise ValueError(raw)
    if key.kind == "time":
        match = _TIME.match(str(raw).strip()) if isinstance(raw, str) else None
        if match is None:
            raise ValueError(raw)
        return f"{int(match[1]):02d}:{match[2]}"
    if key.kind == "days":  # QSettings reads an unquoted "0,1,2" as a list
        days = [str(p).strip() for p in (raw if isinstance(raw, list) else str(raw).split(","))]
        if not days or any(len(d) != 1 or d not in "0123456" for d in days):
            raise ValueError(raw)
        return ",".join(sorted(set(days)))
    if key.kind in ("int", "float"):
        value = float(raw) if key.kind == "float" else int(str(raw).strip())
        if value != value or (key.low is not None and value < key.low) or (key.high is not None and value > key.high):
            raise ValueError(raw)
        return value
    if isinstance(raw, (list, dict, bytes)) or raw is None:
        raise ValueError(raw)
    text = str(raw)
    if key.kind == "choice" and text not in key.choices:
        raise ValueError(raw)
    if key.name == "downloads/folder" and not text.strip():
        raise ValueError(raw)
    return text


def read(settings: QSettings, name: str) -> Any:
    """The value of ``name``, or its default when missing or invalid (logged once per read)."""
    key = _key(name)
    if not settings.contains(name):
        return default(name)
    raw = settings.value(name)
    try:
        return _coerce(key, raw)
    except (TypeError, ValueError):
        log.warning("setting %s=%r is not valid; using %r", name, raw, default(name))
        return default(name)


def write(settings: QSettings, name: str, value: Any) -> None:
    key = _key(name)
    value = _coerce(key, value)  # refuse to store what read() would reject
    settings.setValue(name, ("true" if value else "false") if key.kind == "bool" else value)


def language_code(settings: QSettings) -> str:
    """The language to show: the stored one, or the system's for ``system``."""
    from tributary.gui.i18n import system_language

    stored = read(settings, "language")
    return system_language() if stored == "system" else stored


def proxy(settings: QSettings) -> tuple[str | None, bool]:
    """The download engine's proxy from the settings: ``(url or None, honour the system's variables)``."""
    mode = read(settings, "network/proxy_mode")
    if mode not in ("http", "socks5") or not read(settings, "network/proxy_host").strip():
        return None, mode == "system"
    from urllib.parse import quote

    user, password = read(settings, "network/proxy_user"), read(settings, "network/proxy_password")
    credentials = f"{quote(user, safe='')}:{quote(password, safe='')}@" if user else ""
    host = read(settings, "network/proxy_host").strip()
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"{mode}://{credentials}{host}:{read(settings, 'network/proxy_port')}", False


def schedule(settings: QSettings) -> tuple[bool, dt.time, dt.time, frozenset[int]]:
    """The stored schedule: ``(enabled, start, stop, days)`` (each part its default when invalid)."""
    start, stop = (dt.time(*map(int, read(settings, f"schedule/{k}").split(":"))) for k in ("start", "stop"))
    days = frozenset(int(d) for d in read(settings, "schedule/days").split(","))
    return read(settings, "schedule/enabled"), start, stop, days


def write_schedule(settings: QSettings, enabled: bool, start: dt.time, stop: dt.time, days: frozenset[int]) -> None:
    write(settings, "schedule/enabled", enabled)
    write(settings, "schedule/start", start.strftime("%H:%M"))
    write(settings, "schedule/stop", stop.strftime("%H:%M"))
    write(settings, "schedule/days", ",".join(str(d) for d in sorted(days)))
    settings.sync()


def apply_to_engine(settings: QSettings, engine) -> None:
    """Limits, connections, retries and timeouts from the settings, applied to a running engine."""
    engine.set_speed_limit(read(settings, "downloads/speed_limit_kib") * 1024)
    engine.set_split(None, read(settings, "downloads/connections"))
    engine.settings.retries = read(settings, "downloads/retries")
    engine.settings.connect_timeout = read(settings, "downloads/connect_timeout")
    engine.settings.read_timeout = read(settings, "downloads/read_timeout")


def valid_scheduler_address(text: str) -> bool:
    return bool(_ADDRESS.match(text.strip()))


class PreferencesDialog(QDialog):
    """The settings of :data:`KEYS` on four pages (not the schedule's); OK and Apply store and announce the
    changes."""

    applied = Signal(list)  # the names of the keys whose value changed

    def __init__(self, settings: QSettings, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.settings = settings
        self.fields: dict[str, QWidget] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_page(), "")
        self.tabs.addTab(self._downloads_page(), "")
        self.tabs.addTab(self._network_page(), "")
        self.tabs.addTab(self._compute_page(), "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        self.error = ErrorLabel(self)
        self.error.setObjectName("preferencesError")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.load()
        self.proxy_mode.currentIndexChanged.connect(self._update_enabled)
        self.cluster_mode.currentIndexChanged.connect(self._update_enabled)
        self._update_enabled()
        self.resize(560, 460)

    # -- pages -------------------------------------------------------------------------------------
    def _form(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return page, form

    def _row(self, form: QFormLayout, name: str, field: QWidget, holder: QWidget | QHBoxLayout | None = None) -> None:
        label = QLabel(form.parentWidget())
        label.setBuddy(field)
        self.fields[name] = field
        field.setProperty("settingsKey", name)
        self._labels[name] = label
        if isinstance(holder, QHBoxLayout):
            form.addRow(label, holder)
        else:
            form.addRow(label, field)

    def _general_page(self) -> QWidget:
        self._labels: dict[str, QLabel] = {}
        page, form = self._form()
        self.language = QComboBox(page)
        self.theme = QComboBox(page)
        self.notifications = QCheckBox(page)
        self.close_to_tray = QCheckBox(page)
        self.clipboard_watch = QCheckBox(page)
        self._row(form, "language", self.language)
        self._row(form, "appearance/theme", self.theme)
        for name, box in (("desktop/notifications", self.notifications), ("desktop/close_to_tray", self.close_to_tray),
                          ("desktop/clipboard_watch", self.clipboard_watch)):
            self.fields[name] = box
            form.addRow("", box)
        return page

    def _spin(self, parent: QWidget, name: str, double: bool = False) -> QSpinBox | QDoubleSpinBox:
        key = KEYS[name]
        box = QDoubleSpinBox(parent) if double else QSpinBox(parent)
        box.setRange(key.low, key.high)
        if double:
            box.setDecimals(1)
        return box

    def _downloads_page(self) -> QWidget:
        page, form = self._form()
        self.folder = QLineEdit(page)
        self.browse = QPushButton(page)
        self.browse.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        self._row(form, "downloads/folder", self.folder, row)
        self.concurrency = self._spin(page, "downloads/concurrency")
        self.per_host = self._spin(page, "downloads/per_host")
        self.connections = self._spin(page, "downloads/connections")
        self.speed_limit = self._spin(page, "downloads/speed_limit_kib")
        self.retries = self._spin(page, "downloads/retries")
        self.connect_timeout = self._spin(page, "downloads/connect_timeout", double=True)
        self.read_timeout = self._spin(page, "downloads/read_timeout", double=True)
        for name, box in (("downloads/concurrency", self.concurrency), ("downloads/per_host", self.per_host),
                          ("downloads/connections", self.connections), ("downloads/speed_limit_kib", self.speed_limit),
                          ("downloads/retries", self.retries), ("downloads/connect_timeout", self.connect_timeout),
                          ("downloads/read_timeout", self.read_timeout)):
            self._row(form, name, box)
        return page

    def _network_page(self) -> QWidget:
        page, form = self._form()
        self.proxy_mode = QComboBox(page)
        self.proxy_host = QLineEdit(page)
        self.proxy_port = self._spin(page, "network/proxy_port")
        self.proxy_user = QLineEdit(page)
        self.proxy_password = QLineEdit(page)
        self.proxy_password.setEchoMode(QLineEdit.EchoMode.Password)
        for name, field in (("network/proxy_mode", self.proxy_mode), ("network/proxy_host", self.proxy_host),
                            ("network/proxy_port", self.proxy_port), ("network/proxy_user", self.proxy_user),
                            ("network/proxy_password", self.proxy_password)):
            self._row(form, name, field)
        return page

    def _compute_page(self) -> QWidget:
        page, form = self._form()
        self.cluster_mode = QComboBox(page)
        self.scheduler_address = QLineEdit(page)
        self._row(form, "compute/cluster_mode", self.cluster_mode)
        self._row(form, "compute/scheduler_address", self.scheduler_address)
        return page

    # -- texts ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        for i, title in enumerate((self.tr("&General"), self.tr("&Downloads"), self.tr("&Network"),
                                   self.tr("C&ompute"))):
            self.tabs.setTabText(i, title)
        labels = {
            "language": self.tr("&Language:"), "appearance/theme": self.tr("&Theme:"),
            "downloads/folder": self.tr("Save &to:"), "downloads/concurrency": self.tr("Downloads at &once:"),
            "downloads/per_host": self.tr("Downloads per &server:"),
            "downloads/connections": self.tr("&Connections per download:"),
            "downloads/speed_limit_kib": self.tr("Speed &limit:"), "downloads/retries": self.tr("&Retries:"),
            "downloads/connect_timeout": self.tr("Co&nnect timeout:"),
            "downloads/read_timeout": self.tr("R&ead timeout:"), "network/proxy_mode": self.tr("&Proxy:"),
            "network/proxy_host": self.tr("&Host:"), "network/proxy_port": self.tr("P&ort:"),
            "network/proxy_user": self.tr("&User:"), "network/proxy_password": self.tr("Pass&word:"),
            "compute/cluster_mode": self.tr("&Run compute jobs:"),
            "compute/scheduler_address": self.tr("Scheduler &address:"),
        }
        for name, label in self._labels.items():
            label.setText(labels[name])
        tips = self._tooltips()
        for name, field in self.fields.items():
            field.setToolTip(tips[name])
            field.setAccessibleName(without_mnemonic(labels.get(name, "")).rstrip(":：") or without_mnemonic(field.text()))
            field.setAccessibleDescription(tips[name])
        self.notifications.setText(self.tr("Show a desktop &notification when downloads or long jobs end"))
        self.close_to_tray.setText(self.tr("&Keep running in the tray when the window is closed"))
        self.clipboard_watch.setText(self.tr("Offer links I &copy in other programs"))
        for name in ("desktop/notifications", "desktop/close_to_tray", "desktop/clipboard_watch"):
            self.fields[name].setAccessibleName(without_mnemonic(self.fields[name].text()))
        self.browse.setText(self.tr("&Browse…"))
        self.browse.setToolTip(self.tr("Choose the folder new downloads are saved to"))
        self.browse.setAccessibleName(self.tr("Browse for the download folder"))
        self._fill_choices()
        self.connections.setSpecialValueText(self.tr("Adaptive"))
        self.speed_limit.setSpecialValueText(self.tr("Unlimited"))
        self.speed_limit.setSuffix(self.tr(" KiB/s"))
        for box in (self.connect_timeout, self.read_timeout):
            box.setSuffix(self.tr(" s"))
        self.scheduler_address.setPlaceholderText(self.tr("tcp://192.168.1.10:8786"))

    def _tooltips(self) -> dict[str, str]:
        return {
            "language": self.tr("The language of the window; System follows your desktop"),
            "appearance/theme": self.tr("Light or dark colours; System follows your desktop"),
            "desktop/notifications": self.tr("A desktop notification when a batch of downloads or a job longer than "
                                             "10 seconds ends or fails; clicking it shows the window"),
            "desktop/close_to_tray": self.tr("Closing the window keeps Tributary running in the system tray "
                                             "(only where the desktop has a tray)"),
            "desktop/clipboard_watch": self.tr("When you copy an http or https link in another program, offer to "
                                               "download it (nothing is added without your click)"),
            "downloads/folder": self.tr("Where new downloads are saved"),
            "downloads/concurrency": self.tr("How many downloads run at the same time"),
            "downloads/per_host": self.tr("How many downloads from the same server run at the same time"),
            "downloads/connections": self.tr("Connections for one download (1–16); Adaptive lets Tributary choose"),
            "downloads/speed_limit_kib": self.tr("The most all downloads together may use; Unlimited when 0"),
            "downloads/retries": self.tr("How often a download is tried again after a network error"),
            "downloads/connect_timeout": self.tr("How long to wait for a server to answer before trying again"),
            "downloads/read_timeout": self.tr("How long a download may receive nothing before it is tried again"),
            "network/proxy_mode": self.tr("Send downloads through a proxy: none, the system's, HTTP or SOCKS5"),
            "network/proxy_host": self.tr("The proxy's host name or address"),
            "network/proxy_port": self.tr("The proxy's port"),
            "network/proxy_user": self.tr("The proxy user name, if the proxy asks for one"),
            "network/proxy_password": self.tr("The proxy password (kept in your settings file)"),
            "compute/cluster_mode": self.tr("Run prime and array jobs on this computer or on a Dask cluster"),
            "compute/scheduler_address": self.tr("The address of the Dask scheduler, host:port or tcp://host:port"),
        }

    def _fill_choices(self) -> None:
        from tributary.gui.i18n import LANGUAGES

        choices = {
            self.language: [("system", self.tr("System"))] + list(LANGUAGES.items()),
            self.theme: [("system", self.tr("System")), ("light", self.tr("Light")), ("dark", self.tr("Dark"))],
            self.proxy_mode: [("none", self.tr("No proxy")), ("system", self.tr("System proxy")),
                              ("http", self.tr("HTTP")), ("socks5", self.tr("SOCKS5"))],
            self.cluster_mode: [("local", self.tr("On this computer")),
                                ("address", self.tr("On a Dask cluster at an address"))],
        }
        for combo, items in choices.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for data, text in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    # -- values --------------------------------------------------------------------------------------
    def _set(self, name: str, value: Any) -> None:
        field = self.fields[name]
        if isinstance(field, QComboBox):
            field.setCurrentIndex(max(0, field.findData(value)))
        elif isinstance(field, QCheckBox):
            field.setChecked(bool(value))
        elif isinstance(field, (QSpinBox, QDoubleSpinBox)):
            field.setValue(value)
        else:
            field.setText(str(value))

    def _get(self, name: str) -> Any:
        field = self.fields[name]
        if isinstance(field, QComboBox):
            return field.currentData()
        if isinstance(field, QCheckBox):
            return field.isChecked()
        if isinstance(field, (QSpinBox, QDoubleSpinBox)):
            return field.value()
        return field.text().strip()

    def load(self) -> None:
        for name in self.fields:  # the keys on its pages (the schedule has a dialog of its own)
            self._set(name, read(self.settings, name))

    def restore_defaults(self) -> None:
        for name in self.fields:
            self._set(name, default(name))

    def values(self) -> dict[str, Any]:
        return {name: self._get(name) for name in self.fields}

    def problem(self) -> str:
        from tributary.gui.i18n import ENGINE
        from tributary.workers.downloads.requests import check_folder
        from tributary.workers.jobs import UserError

        values = self.values()
        if not values["downloads/folder"]:
            return self.tr("Choose a folder for downloads.")
        try:  # what the Downloads panel would refuse later (a relative path, a file) is refused here
            check_folder(values["downloads/folder"], relative=False, create=False)
        except UserError as exc:
            return ENGINE.tr(exc.message)
        if values["network/proxy_mode"] in ("http", "socks5") and not values["network/proxy_host"]:
            return self.tr("Enter the proxy's host, or choose No proxy.")
        if values["compute/cluster_mode"] == "address" and not valid_scheduler_address(values["compute/scheduler_address"]):
            return self.tr("Enter the scheduler's address as host:port, e.g. tcp://192.168.1.10:8786.")
        return ""

    def apply(self) -> bool:
        """Store every value; emit :attr:`applied` with the keys that changed. False if one is invalid."""
        problem = self.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        if problem:
            return False
        changed = []
        for name, value in self.values().items():
            if read(self.settings, name) != value or not self.settings.contains(name):
                write(self.settings, name, value)
                changed.append(name)
        self.settings.sync()
        if changed:
            self.applied.emit(changed)
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Save downloads to"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.open()

    def _update_enabled(self) -> None:
        proxy = self.proxy_mode.currentData() in ("http", "socks5")
        for field in (self.proxy_host, self.proxy_port, self.proxy_user, self.proxy_password):
            field.setEnabled(proxy)
        self.scheduler_address.setEnabled(self.cluster_mode.currentData() == "address")
