"""Files shipped with the app (icons, translations), found the same way from a checkout, an installed
wheel and the frozen bundle: as package data of ``tributary.resources`` through ``importlib.resources``.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib import resources

_extracted = ExitStack()  # only zip imports extract; a folder install hands out its own paths
atexit.register(_extracted.close)


def resource_path(relative: str) -> str:
    """A file-system path to ``resources/RELATIVE`` (Qt loads icons and catalogues from paths)."""
    ref = resources.files("tributary.resources").joinpath(*relative.split("/"))
    return str(_extracted.enter_context(resources.as_file(ref)))
