"""Import heavy modules (numpy, aiohttp) when first used, not when the window starts.

``np = lazy("numpy", __name__, "np")`` gives a stand-in whose first attribute access imports the
module and puts the real one in place of the stand-in, so later accesses cost nothing extra.
"""

from __future__ import annotations

import importlib
import sys


class _Lazy:
    def __init__(self, module: str, owner: str, alias: str) -> None:
        self._module, self._owner, self._alias = module, owner, alias

    def __getattr__(self, attr: str):
        real = importlib.import_module(self._module)
        owner = sys.modules.get(self._owner)
        if owner is not None and getattr(owner, self._alias, None) is self:
            setattr(owner, self._alias, real)
        return getattr(real, attr)


def lazy(module: str, owner: str, alias: str):
    return _Lazy(module, owner, alias)
