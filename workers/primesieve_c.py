"""libprimesieve through ctypes: the C kernel's binding, and only that.

The library is loaded once per process, on first use, and set to one thread per call: the concurrency
is ours (process pool, thread pool, cluster), so a call never competes with its siblings for cores.
A foreign call releases the GIL, so threads of one process run these calls in parallel.

Where it is looked for: ``TRIBUTARY_PRIMESIEVE_PATH`` (a file; only that one), then next to a frozen
app (``sys._MEIPASS``), then the system's ``libprimesieve.so.11`` / ``.dylib`` / ``.dll``. Setting
``TRIBUTARY_PRIME_KERNEL=numpy`` hides it (the numpy sieve runs instead). When it cannot be loaded,
:func:`library` returns ``None`` and :func:`unavailable_reason` says why.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
import threading

log = logging.getLogger("tributary.primesieve")

ERROR = 2**64 - 1  # PRIMESIEVE_ERROR
UINT64_PRIMES = 13  # the C enum's value for uint64_t arrays
SONAMES = {"linux": ("libprimesieve.so.11", "libprimesieve.so.12", "libprimesieve.so"),
           "darwin": ("libprimesieve.12.dylib", "libprimesieve.11.dylib", "libprimesieve.dylib"),
           "win32": ("libprimesieve-12.dll", "libprimesieve-11.dll", "libprimesieve.dll", "primesieve.dll")}

_lock = threading.Lock()
_loaded: tuple[Library | None, str] | None = None  # (library, why not) once tried


class PrimesieveError(RuntimeError):
    """libprimesieve refused a call (its own error value came back)."""


class Library:
    """The functions we call, typed. ``name`` is what results show: ``libprimesieve 11.0``."""

    def __init__(self, dll: ctypes.CDLL, path: str) -> None:
        u64, i64 = ctypes.c_uint64, ctypes.c_int64
        self._dll = dll
        self.path = path
        for fn in ("primesieve_count_primes", "primesieve_count_twins"):
            getattr(dll, fn).argtypes = [u64, u64]
            getattr(dll, fn).restype = u64
        dll.primesieve_nth_prime.argtypes = [i64, u64]
        dll.primesieve_nth_prime.restype = u64
        dll.primesieve_generate_primes.argtypes = [u64, u64, ctypes.POINTER(ctypes.c_size_t), ctypes.c_int]
        dll.primesieve_generate_primes.restype = ctypes.c_void_p
        dll.primesieve_free.argtypes = [ctypes.c_void_p]
        dll.primesieve_free.restype = None
        dll.primesieve_set_num_threads.argtypes = [ctypes.c_int]
        dll.primesieve_set_num_threads.restype = None
        dll.primesieve_version.argtypes = []
        dll.primesieve_version.restype = ctypes.c_char_p
        dll.primesieve_set_num_threads(1)
        self.version = dll.primesieve_version().decode()
        self.name = f"libprimesieve {self.version}"

    def count_primes(self, low: int, high: int) -> int:
        return self._checked(self._dll.primesieve_count_primes(low, high))

    def count_twins(self, low: int, high: int) -> int:
        """Twin pairs (p, p+2) with both members in ``[low, high]``."""
        return self._checked(self._dll.primesieve_count_twins(low, high))

    def nth_prime(self, n: int, start: int) -> int:
        """``n > 0``: the n-th prime > ``start``; ``n < 0``: the |n|-th prime < ``start``; 0: the first ≥."""
        return self._checked(self._dll.primesieve_nth_prime(n, start))

    def generate_primes(self, low: int, high: int):
        """The primes in ``[low, high]`` as a numpy ``uint64`` array (a copy; the C buffer is freed)."""
        import numpy as np

        size = ctypes.c_size_t(0)
        ptr = self._dll.primesieve_generate_primes(low, high, ctypes.byref(size), UINT64_PRIMES)
        if not ptr:
            if size.value == 0 and low <= high and (high >= 2):
                # NULL with size 0 is also "no primes here"; an error sets errno, which we cannot read
                # reliably through ctypes, so tell the two apart by counting
                if self.count_primes(low, high) != 0:
                    raise PrimesieveError(f"primesieve_generate_primes({low}, {high}) failed")
            return np.zeros(0, dtype=np.uint64)
        try:
            buf = (ctypes.c_uint64 * size.value).from_address(ptr)
            return np.frombuffer(buf, dtype=np.uint64).copy()
        finally:
            self._dll.primesieve_free(ptr)

    @staticmethod
    def _checked(value: int) -> int:
        if value == ERROR:
            raise PrimesieveError("libprimesieve returned its error value")
        return value


def _candidates():
    """Where to look, in order (a generator: ``find_library`` runs ``ldconfig``, ~20 ms, so only when the
    usual names did not load — the first load may happen on the GUI thread, validating a request)."""
    explicit = os.environ.get("TRIBUTARY_PRIMESIEVE_PATH")
    if explicit:
        yield explicit
        return
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):  # the bundle carries its own copy
        import glob

        yield from sorted(glob.glob(os.path.join(sys._MEIPASS, "*primesieve*")))  # noqa: SLF001
    yield from SONAMES.get(sys.platform, SONAMES["linux"])
    found = ctypes.util.find_library("primesieve")
    if found:
        yield found


def _load() -> tuple[Library | None, str]:
    if os.environ.get("TRIBUTARY_PRIME_KERNEL", "").strip().lower() == "numpy":
        return None, "TRIBUTARY_PRIME_KERNEL=numpy"
    errors = []
    for candidate in _candidates():
        try:
            dll = ctypes.CDLL(candidate)
            lib = Library(dll, candidate)
        except (OSError, AttributeError) as exc:
            errors.append(f"{candidate}: {exc}")
            continue
        log.info("loaded %s from %s", lib.name, candidate)
        return lib, ""
    reason = "; ".join(errors) or "not found"
    log.info("libprimesieve not available (%s): the numpy sieve runs instead", reason)
    return None, reason


def library() -> Library | None:
    """The loaded library, or ``None`` where it is missing or hidden (tried once per process)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load()
    return _loaded[0]


def unavailable_reason() -> str:
    """Why :func:`library` is ``None`` ("" when it loaded)."""
    library()
    return _loaded[1] if _loaded else ""


def forget() -> None:
    """Load again on next use (tests change the environment and ask again)."""
    global _loaded
    with _lock:
        _loaded = None
