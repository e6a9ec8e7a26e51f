"""The desktop side under a real X server (Xvfb): themes, empty states, single instance, clipboard offers,
settings across restarts, notifications over a D-Bus session bus or the tray's balloon.

Every scenario runs the real window in its own process (``QT_QPA_PLATFORM=xcb``) and reports JSON.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import ROOT
from x11 import SessionBus, Xvfb, app_env, have_tools, run_scenario, write_settings

pytestmark = pytest.mark.skipif(bool(have_tools("Xvfb", "dbus-daemon")), reason="needs Xvfb and dbus-daemon")


@pytest.fixture(scope="module")
def display():
    server = Xvfb()
    yield server.display
    server.stop()


def test_theme_switch_repaints_every_panel_icons_and_charts(display, tmp_path):
    body = r'''
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

def luminance(window, widget):
    image = window.screen().grabWindow(widget.winId()).toImage()
    w, h = image.width(), image.height()
    points = [image.pixelColor(int(w * x / 12), int(h * y / 12)) for x in range(1, 12) for y in range(1, 12)]
    shades = sorted(0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() for c in points)
    return shades[len(shades) // 2]  # the median: the panel's own colour, not a black image on it

def icon_ink(window):
    image = window.downloads.actions_["add"].icon().pixmap(24, 24).toImage()
    inked = [image.pixelColor(x, y) for x in range(24) for y in range(24) if image.pixelColor(x, y).alpha() > 200]
    return sum(c.lightness() for c in inked) / len(inked)

async def scenario(app, window, services):
    window.primes.high.setText("2e6")
    window.primes.on_start()  # a finished job leaves a density chart to recolour
    await until(lambda: window.primes.last_result is not None and window.primes.chart is not None, 60)
    out = {}
    for mode in ("light", "dark", "light"):
        window.desktop.set_theme(mode)
        await asyncio.sleep(0.2)  # Qt delivers the palette change to the widgets as posted events
        expected = app.palette().color(QPalette.ColorRole.Window)
        stale = [f"{type(w).__name__}:{w.objectName()}" for w in window.findChildren(QWidget)
                 if w.palette().color(QPalette.ColorRole.Window) != expected
                 and not w.styleSheet()]  # a widget with its own style sheet takes its colours from it
        shades = {}
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            await asyncio.sleep(0.3)
            shades[window.tabs.tabText(i)] = round(luminance(window, window.tabs.currentWidget()))
        chart = window.primes.chart.backgroundBrush().color()
        out.setdefault(mode, []).append({"stale": stale, "shades": shades, "icon": icon_ink(window),
                                         "chart": chart.lightness(), "dark": window.desktop.theme.dark})
    return out

main(scenario)
'''
    result = run_scenario(body, app_env(display, tmp_path), tmp_path)
    for light in result["light"]:
        assert not light["dark"] and light["stale"] == []
        assert all(v > 170 for v in light["shades"].values()), light
        assert light["icon"] < 100 and light["chart"] > 200  # dark ink on a light window, a white chart
    (dark,) = result["dark"]
    assert dark["dark"] and dark["stale"] == []
    assert all(v < 90 for v in dark["shades"].values()), dark  # every tab repainted dark
    assert dark["icon"] > 150 and dark["chart"] < 60  # icons re-tinted light, the chart recoloured


def test_empty_state_appears_and_disappears(display, tmp_path):
    body = r'''
async def scenario(app, window, services):
    engine = services.downloads
    overlay = window.desktop.empty_states[0]
    seen = {"at_start": overlay.isVisible(), "text": overlay.hint.text()}
    (t,) = engine.add([("http://127.0.0.1:9/never.bin", None)], os.getcwd(), start=False)
    await asyncio.sleep(0.2)
    seen["with_a_row"] = overlay.isVisible()
    engine.remove(t)
    await asyncio.sleep(0.2)
    seen["after_remove"] = overlay.isVisible()
    jobs = window.desktop.empty_states[1]
    seen["jobs_empty"] = jobs.isVisibleTo(window.primes.table)
    window.primes.high.setText("1e5")
    window.primes.on_start()
    await until(lambda: window.primes.last_result is not None, 60)
    seen["jobs_with_a_row"] = jobs.isVisibleTo(window.primes.table)
    return seen

main(scenario)
'''
    seen = run_scenario(body, app_env(display, tmp_path), tmp_path)
    assert seen["at_start"] and "Ctrl+V" in seen["text"]
    assert not seen["with_a_row"] and seen["after_remove"]
    assert seen["jobs_empty"] and not seen["jobs_with_a_row"]


def _socket_path(home) -> str:
    from tributary.gui.single_instance import server_name

    return str(home / server_name(str(home / "config" / "Tributary" / "Tributary.ini")))


def _start_app(env, *args) -> subprocess.Popen:
    """The app as a person starts it (``tributary ARGS``); its stderr goes to a file beside its settings."""
    log = open(os.path.join(env["TMPDIR"], f"app-{time.monotonic_ns()}.log"), "w")  # noqa: SIM115
    try:
        return subprocess.Popen([sys.executable, "-m", "tributary.gui", *args], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=log)
    finally:
        log.close()  # the child has its own copy


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # the app closes its window and shuts down in order (exit 0; SIGINT: 130)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def test_a_second_start_hands_its_links_to_the_running_window(display, tmp_path, nginx):
    for name in ("one.bin", "two.bin", "three.bin", "four.bin"):
        (nginx.root / name).write_bytes(name.encode() * 1000)
    folder = tmp_path / "downloads"
    write_settings(tmp_path, {"downloads/folder": str(folder)})
    env = app_env(display, tmp_path)
    listing = tmp_path / "links.txt"
    listing.write_text(f"# a list\n{nginx.base}/two.bin\n\n{nginx.base}/three.bin\n")
    first = _start_app(env)
    try:
        assert _wait(lambda: os.path.exists(_socket_path(tmp_path)) or first.poll() is not None, 60), "no socket"
        assert first.poll() is None, "the first instance exited"
        t0 = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "tributary.gui", f"{nginx.base}/one.bin", str(listing),
                                 "file://" + str(listing).replace("links", "missing")],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - t0 < 20  # it handed over and left; it did not open a second window
        wanted = [folder / n for n in ("one.bin", "two.bin", "three.bin")]
        assert _wait(lambda: all(p.exists() for p in wanted), 30), sorted(os.listdir(folder)) if folder.exists() else []
        assert (folder / "one.bin").read_bytes() == b"one.bin" * 1000
        assert first.poll() is None  # the first window is still running
    finally:
        rc = _stop(first)
    assert rc == 0
    # a crashed instance leaves its socket behind: the next start claims it instead of forwarding into it
    crashed = _start_app(env)
    assert _wait(lambda: os.path.exists(_socket_path(tmp_path)), 60)
    crashed.kill()
    crashed.wait()
    assert os.path.exists(_socket_path(tmp_path))  # stale
    again = _start_app(env, f"{nginx.base}/four.bin")
    try:
        assert _wait(lambda: (folder / "four.bin").exists() or again.poll() is not None, 60)
        assert again.poll() is None and (folder / "four.bin").exists()
    finally:
        rc = _stop(again)
    assert rc == 0, rc


def test_an_instance_stopped_right_after_its_download_exits_cleanly(display, tmp_path, nginx):
    """SIGTERM lands while start-up's side imports (pyqtgraph) still run: the app must wait for them, not
    let the interpreter end a daemon thread inside shiboken's C++ frames (SIGSEGV at exit on 3.12/3.13:
    5 of 15 stops of this scenario on the old code, 0 of 25 since)."""
    (nginx.root / "five.bin").write_bytes(b"five" * 1000)
    folder = tmp_path / "downloads"
    write_settings(tmp_path, {"downloads/folder": str(folder)})
    env = app_env(display, tmp_path, PYTHONFAULTHANDLER="1")
    codes = []
    for _ in range(6):
        (folder / "five.bin").unlink(missing_ok=True)
        app = _start_app(env, f"{nginx.base}/five.bin")
        try:
            assert _wait(lambda app=app: (folder / "five.bin").exists() or app.poll() is not None, 60)
        finally:
            codes.append(_stop(app))
    assert codes == [0] * 6, codes


CLIPBOARD_OWNER = r'''
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
app.clipboard().setText(sys.argv[1])
print("set", flush=True)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
'''


def test_clipboard_watching_is_off_by_default_and_offers_copied_links(display, tmp_path):
    owner = tmp_path / "owner.py"
    owner.write_text(CLIPBOARD_OWNER)
    body = r'''
import subprocess
from PySide6.QtWidgets import QCheckBox

async def copy_elsewhere(text):
    proc = subprocess.Popen([sys.executable, OWNER, text, "2"], stdout=subprocess.PIPE, text=True)
    await asyncio.get_running_loop().run_in_executor(None, proc.stdout.readline)
    await asyncio.sleep(0.8)
    return proc

async def scenario(app, window, services):
    bar = window.desktop.offer_bar
    out = {"default_on": window.desktop.clipboard.enabled}
    p1 = await copy_elsewhere("see https://downloads.example/one.iso for details")
    out["offered_when_off"] = bar.isVisible()
    window.desktop.show_preferences()
    dialog = window.desktop.preferences_dialog
    dialog.clipboard_watch.setChecked(True)
    dialog.accept()
    out["setting"] = services.settings.value("desktop/clipboard_watch")
    p2 = await copy_elsewhere("two: http://127.0.0.1:9/a.iso and https://127.0.0.1:9/b.tar.gz.")
    await until(bar.isVisible, 5)
    out["offered"] = bar.links
    out["rows_before_click"] = len(services.downloads.transfers)
    bar.add_button.click()
    await until(lambda: len(services.downloads.transfers) == 2, 5)  # claimed off the GUI thread
    out["added"] = [t.item.url for t in services.downloads.transfers]
    out["bar_after"] = bar.isVisible()
    for p in (p1, p2):
        p.wait(10)
    return out

main(scenario)
'''.replace("OWNER", repr(str(owner)))
    out = run_scenario(body, app_env(display, tmp_path), tmp_path)
    assert out["default_on"] is False and out["offered_when_off"] is False
    assert out["setting"] == "true"
    assert out["offered"] == ["http://127.0.0.1:9/a.iso", "https://127.0.0.1:9/b.tar.gz"]
    assert out["rows_before_click"] == 0  # offered, not added
    assert out["added"] == out["offered"] and out["bar_after"] is False


def test_preferences_persist_across_a_restart_and_bad_values_fall_back(display, tmp_path):
    first = r'''
async def scenario(app, window, services):
    window.desktop.show_preferences()
    d = window.desktop.preferences_dialog
    d.theme.setCurrentIndex(d.theme.findData("dark"))
    d.concurrency.setValue(3)
    d.per_host.setValue(2)
    d.retries.setValue(7)
    d.read_timeout.setValue(45.5)
    d.notifications.setChecked(False)
    d.close_to_tray.setChecked(True)
    d.proxy_mode.setCurrentIndex(d.proxy_mode.findData("socks5"))
    d.proxy_host.setText("proxy.lan")
    d.proxy_port.setValue(1080)
    d.cluster_mode.setCurrentIndex(d.cluster_mode.findData("address"))
    d.scheduler_address.setText("bad address")
    d.accept()
    refused = d.isVisible() and d.error.text()
    d.scheduler_address.setText("tcp://10.0.0.5:8786")
    d.accept()
    e = services.downloads.settings
    return {"refused": refused, "closed": not d.isVisible(), "dark": window.desktop.theme.dark,
            "live": [e.concurrency, e.per_host, e.retries, e.read_timeout, window.downloads.concurrency.value()]}

main(scenario)
'''
    env = app_env(display, tmp_path)
    out = run_scenario(first, env, tmp_path)
    assert "scheduler" in out["refused"] and out["closed"]
    assert out["dark"] and out["live"] == [3, 2, 7, 45.5, 3]  # applied at once
    second = r'''
async def scenario(app, window, services):
    window.desktop.show_preferences()
    d = window.desktop.preferences_dialog
    values = d.values()
    d.reject()
    e = services.downloads.settings
    return {"values": values, "dark": window.desktop.theme.dark,
            "engine": [e.concurrency, e.per_host, e.retries, e.read_timeout]}

main(scenario)
'''
    out = run_scenario(second, env, tmp_path)
    v = out["values"]
    assert out["dark"] and out["engine"] == [3, 2, 7, 45.5]
    assert (v["downloads/concurrency"], v["downloads/retries"], v["desktop/notifications"],
            v["desktop/close_to_tray"]) == (3, 7, False, True)
    assert (v["network/proxy_mode"], v["network/proxy_host"], v["network/proxy_port"]) == ("socks5", "proxy.lan", 1080)
    assert (v["compute/cluster_mode"], v["compute/scheduler_address"]) == ("address", "tcp://10.0.0.5:8786")
    # a hand-edited or damaged file: every bad value falls back to its default, nothing crashes
    write_settings(tmp_path, {"appearance/theme": "purple", "downloads/concurrency": "999",
                              "downloads/retries": "banana", "downloads/read_timeout": "nan",
                              "desktop/notifications": "maybe", "network/proxy_port": "-3", "language": "xx_YY",
                              "window/geometry": "not bytes", "window/tab": "1"})
    out = run_scenario(second, env, tmp_path)
    v = out["values"]
    assert not out["dark"] and out["engine"][2:] == [5, 30.0]
    assert (v["appearance/theme"], v["downloads/concurrency"], v["desktop/notifications"], v["network/proxy_port"],
            v["language"]) == ("system", 8, True, 8080, "system")


NOTIFICATION_SERVICE = r'''
import json, sys
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusConnection

app = QCoreApplication([])
out = sys.argv[1]

@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Service(QObject):
    count = 0
    ActionInvoked = Signal("uint", str)  # exported: goes out as the spec's (u, s) signal

    @Slot(result="QStringList")
    def GetCapabilities(self):
        return ["body", "actions"]

    @Slot(result="QString")
    def GetServerInformation(self):
        return "test"

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout):
        Service.count += 1
        nid = 100 + Service.count
        with open(out, "a") as fh:
            fh.write(json.dumps({"app": app_name, "summary": summary, "body": body, "actions": list(actions),
                                 "id": nid}) + "\n")
        QTimer.singleShot(300, lambda: self.click(nid))
        return nid

    def click(self, nid):
        self.ActionInvoked.emit(nid, "default")  # the user clicked the notification

bus = QDBusConnection.sessionBus()
service = Service()
options = QDBusConnection.RegisterOption.ExportAllSlots | QDBusConnection.RegisterOption.ExportAllSignals
assert bus.registerObject("/org/freedesktop/Notifications", service, options)
assert bus.registerService("org.freedesktop.Notifications")
print("ready", flush=True)
app.exec()
'''

NOTIFY_SCENARIO = r'''
from tributary.gui import notifications

async def scenario(app, window, services):
    routes = []
    window.desktop.notifier.sent.connect(lambda route, title, body: routes.append([route, title, body]))
    clicked = []
    window.desktop.notifier.activated.connect(lambda: clicked.append(True))
    window.hide()
    base = os.environ["TEST_BASE"]
    window.downloads.add([(base + "/ok.bin", None), (base + "/missing.bin", None)])
    await until(lambda: len(routes) >= 1, 30)
    notifications.LONG_JOB_S = 0.3  # a "long" job for this test; the real threshold is 10 s
    window.primes.high.setText("3e8")
    window.primes.workers.setValue(1)
    window.primes.on_start()
    await until(lambda: len(routes) >= 2, 60)
    await until(lambda: len(clicked) >= 1, 5)
    balloons = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "QWidget" and w.isVisible()
                and w.metaObject().className() == "QBalloonTip"]
    return {"routes": routes, "clicked": len(clicked), "visible": window.isVisible(),
            "tray": window.desktop.tray.available, "balloon": len(balloons)}

main(scenario)
'''


def test_notifications_reach_the_desktop_service_and_a_click_shows_the_window(display, tmp_path, nginx):
    (nginx.root / "ok.bin").write_bytes(b"x" * 5000)
    bus = SessionBus()
    calls = tmp_path / "notify.jsonl"
    service_script = tmp_path / "service.py"
    service_script.write_text(NOTIFICATION_SERVICE)
    env = app_env(display, tmp_path, DBUS_SESSION_BUS_ADDRESS=bus.address, TEST_BASE=nginx.base)
    env["QT_QPA_PLATFORM"] = "offscreen"
    service = subprocess.Popen([sys.executable, str(service_script), str(calls)], env=env, stdout=subprocess.PIPE,
                               text=True)
    try:
        assert service.stdout.readline().strip() == "ready"
        out = run_scenario(NOTIFY_SCENARIO, app_env(display, tmp_path, DBUS_SESSION_BUS_ADDRESS=bus.address,
                                                     TEST_BASE=nginx.base), tmp_path)
    finally:
        service.terminate()
        service.wait(10)
        service.stdout.close()
        bus.stop()
    received = [json.loads(line) for line in calls.read_text().splitlines()]
    assert [r[0] for r in out["routes"]] == ["dbus", "dbus"]
    assert received[0]["summary"] == "Downloads finished with errors" and received[0]["body"] == "1 done, 1 failed"
    assert received[1]["summary"].endswith("finished") and received[1]["body"].startswith("Done in")
    assert all(r["app"] == "Tributary" and r["actions"][0] == "default" for r in received)
    assert out["clicked"] >= 1 and out["visible"]  # the service's ActionInvoked brought the window back


def test_without_a_notification_service_the_tray_shows_the_message(display, tmp_path, nginx):
    if have_tools("trayer"):
        pytest.skip("needs trayer (a system tray for Xvfb)")
    (nginx.root / "ok.bin").write_bytes(b"x" * 5000)
    env = app_env(display, tmp_path, TEST_BASE=nginx.base)  # no D-Bus session at all
    tray = subprocess.Popen(["trayer", "--SetDockType", "false"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)  # trayer claims the tray selection
        out = run_scenario(NOTIFY_SCENARIO, env, tmp_path)
    finally:
        tray.terminate()
        tray.wait(10)
    assert out["tray"] is True
    assert [r[0] for r in out["routes"]] == ["tray", "tray"]
    assert out["routes"][0][1] == "Downloads finished with errors"
    assert out["balloon"] >= 1  # the tray's own message balloon is on screen
