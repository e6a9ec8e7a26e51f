"""An output file that appears complete or not at all (the prime listing).

The bytes go to a hidden temporary file in the target's own folder (``.NAME.tributary-PID.part``,
opened with ``O_EXCL | O_NOFOLLOW``). Only when the job succeeds is it flushed and published under the
target name: with ``os.link``, which never overwrites and never follows a symlink planted at the
target, or — when the person asked to replace the file — with ``os.replace``, which replaces the
name itself (a symlink there is replaced, its target is never written). A cancel, an error or a full
disk deletes the temporary file, so nothing that looks like a finished listing is left behind.
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from .jobs import QT_TRANSLATE_NOOP, UserError

log = logging.getLogger("tributary.listing")


def check_target(path: str, *, overwrite: bool = False) -> Path:
    """The absolute target, or a :class:`UserError` (``field="output"``) saying why it cannot be written —
    the one check of a listing's file, for the window's requests and the command line."""
    text = (path or "").strip()
    if text in ("", "-"):
        raise UserError(QT_TRANSLATE_NOOP("Engine", "Choose a file to list the primes into."), field="output")
    target = Path(os.path.abspath(os.path.expanduser(text)))
    if target.is_dir() and not target.is_symlink():
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{path} is a folder; choose a file to list the primes into."),
                        field="output", path=str(target))
    if not target.parent.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("Engine", "The folder of {path} does not exist."), field="output",
                        path=str(target))
    if os.path.lexists(target) and not overwrite:
        raise UserError(QT_TRANSLATE_NOOP("Engine", "{path} exists already; choose another name, or allow replacing it."),
                        field="output", path=str(target))
    return target


class PublishedFile:
    """Write to a temporary name next to ``target``; :meth:`publish` on success, :meth:`discard` otherwise."""

    def __init__(self, target: str, *, overwrite: bool = False) -> None:
        path = Path(os.path.abspath(os.path.expanduser(target)))
        if path.is_dir() and not path.is_symlink():  # it became a folder after the request was checked
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}."), field="output",
                            path=str(path), reason=os.strerror(errno.EISDIR))
        self.target = check_target(target, overwrite=overwrite)
        self.overwrite = overwrite
        self.temp = self.target.with_name(f".{self.target.name}.tributary-{os.getpid()}.part")
        self._fh = None
        self.published = False

    def open(self):
        """The binary file object to write to (the temporary file)."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.temp, flags, 0o644)
        except FileExistsError:  # our own leftover from a crash (same pid, recycled): start it afresh
            os.unlink(self.temp)
            fd = os.open(self.temp, flags, 0o644)
        except OSError as exc:
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}."), path=str(self.temp),
                            reason=exc.strerror or str(exc)) from exc
        self._fh = os.fdopen(fd, "wb")
        return self._fh

    def publish(self) -> Path:
        """Flush the temporary file and give it the target's name; a :class:`UserError` if that fails."""
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            if self.overwrite:
                os.replace(self.temp, self.target)
            else:
                self._link()
        except FileExistsError as exc:
            self.discard()
            raise UserError(QT_TRANSLATE_NOOP("Engine", "{path} appeared while the primes were being listed; it was left as it is."),
                            path=str(self.target)) from exc
        except OSError as exc:
            self.discard()
            raise UserError(QT_TRANSLATE_NOOP("Engine", "Cannot write {path}: {reason}."), path=str(self.target),
                            reason=exc.strerror or str(exc)) from exc
        self.published = True
        return self.target

    def _link(self) -> None:
        try:
            os.link(self.temp, self.target)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: reserve the name, then rename over the reservation
            fd = os.open(self.target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            os.close(fd)
            os.replace(self.temp, self.target)
            return
        os.unlink(self.temp)

    def discard(self) -> None:
        """Close and delete the temporary file (nothing is published)."""
        if self._fh is not None and not self._fh.closed:
            try:
                self._fh.close()
            except OSError as exc:  # a full disk can fail the final flush: the file goes anyway
                log.info("closing %s: %s", self.temp, exc)
        try:
            os.unlink(self.temp)
        except FileNotFoundError:
            pass
