"""The preferences the dialog stores reach the download engine: limits, connections, proxy."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSettings

from tributary.gui import preferences

_files = itertools.count()


def _settings(tmp_path, **values) -> QSettings:
    settings = QSettings(str(tmp_path / f"s{next(_files)}.ini"), QSettings.Format.IniFormat)
    for key, value in values.items():
        settings.setValue(key.replace("__", "/"), value)
    return settings


def test_proxy_url_from_the_settings(tmp_path):
    assert preferences.proxy(_settings(tmp_path)) == (None, True)  # default: the system's proxy variables
    assert preferences.proxy(_settings(tmp_path, network__proxy_mode="none")) == (None, False)
    s = _settings(tmp_path, network__proxy_mode="socks5", network__proxy_host="127.0.0.1",
                  network__proxy_port=1080, network__proxy_user="me", network__proxy_password="p@ss:w/rd")
    assert preferences.proxy(s) == ("socks5://me:p%40ss%3Aw%2Frd@127.0.0.1:1080", False)
    s = _settings(tmp_path, network__proxy_mode="http", network__proxy_host="::1", network__proxy_port=3128)
    assert preferences.proxy(s) == ("http://[::1]:3128", False)
    s = _settings(tmp_path, network__proxy_mode="http", network__proxy_host="  ")
    assert preferences.proxy(s) == (None, False)  # no host: no proxy rather than a broken one


def test_limits_and_connections_reach_the_engine_and_bad_values_fall_back(services, tmp_path):
    engine = services.downloads
    preferences.apply_to_engine(_settings(tmp_path, downloads__speed_limit_kib=512, downloads__connections=4,
                                          downloads__retries=2), engine)
    assert engine.settings.speed_limit == 512 * 1024 and engine.settings.split == 4 and engine.settings.retries == 2
    preferences.apply_to_engine(_settings(tmp_path, downloads__speed_limit_kib="fast", downloads__connections=99), engine)
    assert engine.settings.speed_limit == 0 and engine.settings.split == 0  # defaults: unlimited, adaptive
