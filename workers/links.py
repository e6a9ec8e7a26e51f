"""Links handed to the app from outside: command-line arguments, dropped files, copied text.

* :func:`read_targets` turns ``tributary URL… FILE…`` arguments (what a desktop launcher passes for
  ``%U``: http(s) URLs, ``file://`` URLs or paths of ``.txt``/``.csv`` lists) into download entries.
* :func:`extract_links` finds the http(s) links in a piece of copied text.

Qt-free, so the second instance can read a list before it hands the links to the first one.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote, urlsplit

from .downloads.engine import parse_lines

MAX_LIST_BYTES = 16 << 20  # a URL list bigger than this is not a URL list
_LINK = re.compile(r"https?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>'\"”’。，；：！？）】"


def _split(url: str):
    """``urlsplit(url)``, or ``None`` for text Python cannot split (``http://[::1``, ``https://[zz]/``)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def extract_links(text: str, limit: int = 1000) -> list[str]:
    """The distinct http(s) links in ``text``, in order (trailing punctuation dropped)."""
    out: list[str] = []
    seen: set[str] = set()
    for match in _LINK.finditer(text or ""):
        url = match.group(0).rstrip(_TRAILING)
        parts = _split(url)
        if parts is None or not parts.netloc or url in seen:
            continue
        seen.add(url)
        out.append(url)
        if len(out) >= limit:
            break
    return out


def _is_http(url: str) -> bool:
    parts = _split(url)
    return parts is not None and parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _local_path(arg: str, cwd: str) -> str | None:
    if arg.lower().startswith("file://"):
        parts = _split(arg)
        return unquote(parts.path) if parts is not None and parts.netloc in ("", "localhost") else None
    if "://" in arg:
        return None
    return os.path.join(cwd, os.path.expanduser(arg))


def read_targets(args: list[str], cwd: str | None = None) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Download entries for ``args`` (URLs and URL-list files) and the arguments that could not be used."""
    cwd = cwd or os.getcwd()
    entries: list[tuple[str, str | None]] = []
    rejected: list[str] = []
    for arg in args:
        if _is_http(arg):
            entries.append((arg, None))
            continue
        parts = _split(arg)
        path = None if parts is None or parts.scheme.lower() in ("http", "https") else _local_path(arg, cwd)
        if path is None or not os.path.isfile(path):
            rejected.append(arg)
            continue
        try:
            if os.path.getsize(path) > MAX_LIST_BYTES:
                raise ValueError("too big")
            with open(path, encoding="utf-8-sig", errors="replace") as fh:
                found = [(u, sha) for u, sha in parse_lines(fh.read()) if _is_http(u)]
        except (OSError, ValueError):
            rejected.append(arg)
            continue
        if found:
            entries.extend(found)
        else:
            rejected.append(arg)
    return entries, rejected
