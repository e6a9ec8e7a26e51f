"""What a person asks the downloader for: URL lines and a destination folder, parsed and checked once.

The Downloads panel (and its drop target) hands the text it has to :meth:`AddRequest.from_text`; a
:class:`~tributary.workers.jobs.UserError` names the field that is wrong (``"urls"`` or ``"folder"``).
Nothing falls back silently: an empty folder field is an error, never the current directory. The folder
is checked by :func:`~tributary.workers.downloads.engine.check_folder` (the one check the engine and the
command line use too).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..jobs import QT_TRANSLATE_NOOP, UserError
from .engine import check_folder, parse_lines


@dataclass(frozen=True)
class AddRequest:
    """URLs (each with an optional expected SHA-256) to download into ``folder``."""

    entries: tuple[tuple[str, str | None], ...]
    folder: Path

    @classmethod
    def from_text(cls, text: str, folder_text: str) -> AddRequest:
        """Parse URL lines (``URL [sha256]``, CSV or whitespace; ``#`` comments) and check the folder."""
        entries = tuple(parse_lines(text or ""))
        if not entries:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Paste at least one http or https URL, one per line."),
                            field="urls")
        return cls(entries, check_folder(folder_text, relative=False, create=False))

    @classmethod
    def from_entries(cls, entries, folder_text: str) -> AddRequest:
        """The request for ``(url, sha256 or None)`` pairs a program already has (a batch, a drop)."""
        entries = tuple((url, sha) for url, sha in entries)
        if not entries:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Paste at least one http or https URL, one per line."),
                            field="urls")
        return cls(entries, check_folder(folder_text, relative=False, create=False))

    def ensure_folder(self) -> Path:
        """Create the folder (and its parents) if it does not exist yet."""
        return check_folder(self.folder)
