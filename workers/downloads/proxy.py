"""Proxies for downloads: HTTP and SOCKS5 (with credentials), or the system's proxy variables.

* No proxy given: the session honours ``HTTP_PROXY``/``HTTPS_PROXY``/``NO_PROXY`` (aiohttp
  ``trust_env=True``, switched on only when such variables or a ``.netrc`` exist: it costs two thread
  hops per request), and a ``socks5://`` ``ALL_PROXY`` as well.
* ``http://user:pass@host:port``: plain-HTTP requests go through it as absolute URLs, HTTPS through
  ``CONNECT`` (aiohttp's own proxy support; credentials from the URL).
* ``socks5://user:pass@host:port`` (``socks5h://``: the proxy resolves names; ``socks4://``): through
  ``aiohttp-socks``' connector (python-socks underneath) — no hand-written SOCKS here.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from ..jobs import QT_TRANSLATE_NOOP, UserError

SCHEMES = ("http", "https", "socks5", "socks5h", "socks4", "socks4a")


def check_proxy(url: str | None) -> str | None:
    """``url`` if it is a usable proxy URL (``None``/empty: no explicit proxy), else :class:`UserError`."""
    if not url or not url.strip():
        return None
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Not a valid proxy address: {url!r}."), field="proxy", url=url) from exc
    if parts.scheme.lower() not in SCHEMES or not parts.hostname or port is None:
        raise UserError(QT_TRANSLATE_NOOP(
            "Engine", "A proxy is written scheme://[user:password@]host:port with scheme http, https or socks5, not {url!r}."),
            field="proxy", url=url)
    return url


def _socks_from_env() -> str | None:
    for key in ("ALL_PROXY", "all_proxy"):
        value = os.environ.get(key, "")
        if value.lower().startswith("socks"):
            return value
    return None


def make_session(proxy: str | None = None, *, limit: int = 64, limit_per_host: int = 16, trust_env: bool = True):
    """An ``aiohttp.ClientSession`` that sends every request through ``proxy`` (or the system's); its
    connections' phases go to the timeline while it records (a run without a timeline pays no hooks)."""
    import aiohttp

    from .. import timeline
    from .phases import trace_config

    traced = {"trace_configs": [trace_config()]} if timeline.RECORDER.enabled else {}
    proxy = check_proxy(proxy)
    if proxy is None and trust_env:
        proxy = _socks_from_env()
    if proxy is not None and urlsplit(proxy).scheme.lower().startswith("socks"):
        from aiohttp_socks import ProxyConnector

        rdns = urlsplit(proxy).scheme.lower() in ("socks5h", "socks4a")
        url = proxy.replace("socks5h://", "socks5://", 1).replace("socks4a://", "socks4://", 1)
        connector = ProxyConnector.from_url(url, rdns=rdns, limit=limit, limit_per_host=limit_per_host)
        return aiohttp.ClientSession(connector=connector, trust_env=False, **traced)
    connector = aiohttp.TCPConnector(limit=limit, limit_per_host=limit_per_host)
    if proxy is not None:
        return aiohttp.ClientSession(connector=connector, proxy=proxy, trust_env=False, **traced)
    return aiohttp.ClientSession(connector=connector, trust_env=trust_env and _env_matters(), **traced)


def _env_matters() -> bool:
    """Whether the environment has anything ``trust_env`` would use (proxy variables, a .netrc).

    aiohttp looks both up in a thread for every request when ``trust_env`` is on (two thread hops per
    file); with nothing to find, the session does not ask."""
    import urllib.request

    if urllib.request.getproxies_environment():
        return True
    netrc = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    return os.path.exists(netrc)
