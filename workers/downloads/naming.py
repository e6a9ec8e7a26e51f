"""File names from hostile servers: RFC 6266 ``Content-Disposition``, URL paths, and reservation.

Whatever a server or a URL says, the result is one plain file name: the last path component only, no
``..``, no control or bidi-override characters, no Windows-reserved names, at most 250 bytes of UTF-8
(255 with the ``.part`` suffix),
and — checked after joining — inside the destination folder. Names are reserved across concurrent
downloads so two transfers never pick the same file, and a name that exists on disk is never reused:
``report.pdf`` becomes ``report (1).pdf``.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

Intent = Callable[[Path], bool]  # writes a chosen name down before it is claimed on disk (False: taken)
MAX_BYTES = 250  # 255 bytes is the file-system limit; keep room for ".part"
FALLBACK = "download"
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_FORBIDDEN = set('<>:"/\\|?*')
_BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
         "\u200f", "\u061c"}
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PARAM = re.compile(rf"""\s*;\s*({_TOKEN})\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)""")


class UnsafePath(Exception):
    """A name would resolve outside the destination folder."""


def parse_content_disposition(value: str | None) -> str | None:
    """The file name a ``Content-Disposition`` header suggests (``filename*`` preferred), unsanitised."""
    if not value:
        return None
    value = _header_text(value)
    params: dict[str, str] = {}
    for match in _PARAM.finditer(";" + value.split(";", 1)[1] if ";" in value else ""):
        key, raw = match.group(1).lower(), match.group(2).strip()
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        params.setdefault(key, raw)
    star = params.get("filename*")
    if star and "'" in star:
        charset, _, rest = star.partition("'")
        _lang, _, encoded = rest.partition("'")
        try:
            return unquote(encoded, encoding=charset or "utf-8", errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    return params.get("filename")


def _header_text(value: str) -> str:
    """A header as text: raw bytes that are not UTF-8 (aiohttp keeps them as surrogates) are read as
    ISO-8859-1, the charset RFC 6266 gives a plain ``filename``."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "surrogateescape")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def name_from_url(url: str) -> str:
    path = urlsplit(url).path
    return unquote(PurePosixPath(path).name) if path else ""


def sanitize(name: str | None) -> str:
    """Reduce ``name`` to one safe file name (never empty)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]  # the terminal component only, on both separators
    name = "".join(ch for ch in name if ch not in _BIDI and ch not in _FORBIDDEN and ord(ch) >= 32 and ord(ch) != 127
                   and unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    name = name.strip().rstrip(". ").lstrip(".-").strip()
    if not name or name in (".", ".."):
        name = FALLBACK
    stem, dot, ext = name.partition(".")
    if stem.upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return _cap(name)


def _cap(name: str) -> str:
    """At most ``MAX_BYTES`` of UTF-8, keeping the extension when there is a short one."""
    if len(name.encode()) <= MAX_BYTES:
        return name
    stem, ext = os.path.splitext(name)
    if len(ext.encode()) > 16:
        stem, ext = name, ""
    budget = MAX_BYTES - len(ext.encode())
    cut = stem.encode()[:budget].decode(errors="ignore").rstrip(". ")
    return (cut or FALLBACK) + ext


def choose_name(url: str, content_disposition: str | None = None) -> str:
    return sanitize(parse_content_disposition(content_disposition) or name_from_url(url))


@functools.lru_cache(maxsize=256)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def inside(folder: Path, name: str) -> Path:
    """``folder/name`` with the folder resolved, or :class:`UnsafePath` if it would land anywhere else.

    The name itself is not resolved: a symlink planted under it is refused when the file is opened
    (``O_NOFOLLOW``) or linked into place (``os.link`` never follows or overwrites).
    """
    root = _resolved(str(folder))
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise UnsafePath(f"{name!r} does not stay inside {root}")
    target = root / name
    if target.parent != root:
        raise UnsafePath(f"{name!r} does not stay inside {root}")
    return target


def numbered(name: str, n: int) -> str:
    if n == 0:
        return name
    stem, ext = os.path.splitext(name)
    if stem == "" or (ext and len(ext) > 16):
        stem, ext = name, ""
    return _cap(f"{stem} ({n}){ext}") if len(f"{stem} ({n}){ext}".encode()) <= MAX_BYTES else \
        _cap(stem[: max(1, len(stem) - 8)]) + f" ({n}){ext}"


class NameReserver:
    """Hands out names that exist neither on disk (final or ``.part``) nor in another live download.

    Within a process the reservations are a set; across processes (the window and command-line runs
    share folders) a download's name is claimed on disk: ``claim_part`` creates its empty ``NAME.part``
    with ``O_EXCL`` as the name is chosen, so a second process choosing at the same moment sees it and
    takes the next name, instead of both starting to write one ``.part`` a moment later.
    """

    def __init__(self) -> None:
        self._taken: set[Path] = set()
        self._lock = threading.Lock()

    def reserve(self, folder: Path, name: str, *, keep: Path | None = None, claim_part: bool = False,
                intent: Intent | None = None) -> Path:
        """Reserve a free path for ``name`` in ``folder``; ``keep`` is a path this item already owns.
        ``claim_part`` also creates the empty ``.part`` (an ``OSError`` if the folder refuses it);
        ``intent(path)``, called before the claim, writes the choice down (False: the name is not free)."""
        with self._lock:
            if keep is not None:
                self._taken.add(keep)
                return keep
        path, fd = self._choose(folder, name, claim=claim_part, intent=intent)
        if fd is not None:
            os.close(fd)
        return path

    def reserve_open(self, folder: Path, name: str, *, intent: Intent | None = None) -> tuple[Path, int]:
        """:meth:`reserve` with the ``.part`` claimed, and the claim's descriptor kept open for writing
        (read-write; the caller locks and closes it): a small file is written through the descriptor that
        created it, without closing, checking and opening its ``.part`` again."""
        path, fd = self._choose(folder, name, claim=True, intent=intent)
        assert fd is not None
        return path, fd

    def pick(self, folder: Path, name: str) -> Path:
        """Reserve a free path for ``name`` without claiming it on disk yet: a batch of names is written
        down together first, then each is claimed with :meth:`claim_open` (or released)."""
        return self._choose(folder, name, claim=False)[0]

    def claim_open(self, path: Path) -> int | None:
        """Claim the ``.part`` of a path from :meth:`pick` (its descriptor, as :meth:`reserve_open`), or None if
        something took the name on disk since (the caller releases it and chooses again)."""
        if os.path.lexists(path):
            return None
        try:
            return _claim(path.with_name(path.name + ".part"))
        except OSError:  # (no permission, read-only, full): the caller chooses again, and says why it cannot
            return None

    def _choose(self, folder: Path, name: str, *, claim: bool, intent: Intent | None = None) -> tuple[Path, int | None]:
        """The first free ``numbered(name, n)``: reserved here under the lock, then (without the lock: the
        journal may wait for another process) written down by ``intent`` and claimed on disk; a name the
        journal refuses, or that another process claimed meanwhile, is given back and the next one tried."""
        n = 0
        while True:
            with self._lock:
                path = None
                while n < 10000:
                    candidate = inside(folder, numbered(name, n))
                    n += 1
                    part = candidate.with_name(candidate.name + ".part")
                    if candidate in self._taken or os.path.lexists(candidate) or os.path.lexists(part):
                        continue
                    self._taken.add(candidate)
                    path = candidate
                    break
            if path is None:
                raise UnsafePath(f"no free name for {name!r} in {folder}")
            try:
                if intent is not None and not intent(path):
                    self.release(path)  # another download (another process's, perhaps not started) has it
                    continue
                fd = _claim(path.with_name(path.name + ".part")) if claim else None
            except BaseException:
                self.release(path)
                raise
            if claim and fd is None:
                self.release(path)  # another process claimed it since the check above
                continue
            return path, fd

    def release(self, path: Path) -> None:
        """Forget a reservation (a claimed ``.part`` stays: the download owns it)."""
        with self._lock:
            self._taken.discard(path)


def _claim(part: Path) -> int | None:
    """Create ``part`` empty, only if nothing is there (never following a link): its descriptor (read-write),
    or None if something is there."""
    try:
        return os.open(part, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                       | getattr(os, "O_CLOEXEC", 0), 0o644)
    except FileExistsError:
        return None
