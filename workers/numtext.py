"""Decimal text for sorted arrays of non-negative integers, one number a line, without a Python loop.

``"\\n".join(map(str, values))`` costs ~220 ns a number; this writes the digits column by column with a
few whole-array operations per digit (~40 ns a number), which is what keeps listing primes to a file
near primesieve's own speed.
"""

from __future__ import annotations

from .lazy import lazy

np = lazy("numpy", __name__, "np")


def decimal_lines(values) -> bytes:
    """``values`` (ascending, ``uint64``/``int64``) as ASCII lines: ``b"2\\n3\\n5\\n"``."""
    values = np.asarray(values, dtype=np.uint64)
    n = len(values)
    if n == 0:
        return b""
    # the numbers with d digits are one contiguous run (the input is sorted)
    starts = [0] + [int(np.searchsorted(values, np.uint64(10**d))) for d in range(1, 20)] + [n]
    quotient = np.empty(n, dtype=np.uint64)
    scratch = np.empty(n, dtype=np.uint64)
    parts = []
    for digits in range(1, 21):
        lo, hi = starts[digits - 1], starts[digits]
        if hi <= lo:
            continue
        parts.append(_same_width(values[lo:hi].copy(), digits, quotient[: hi - lo], scratch[: hi - lo]))
    return b"".join(parts)


def _same_width(v, digits: int, q, t) -> bytes:
    out = np.empty((len(v), digits + 1), dtype=np.uint8)
    out[:, digits] = 10  # "\n"
    ten = np.uint64(10)
    for column in range(digits - 1, -1, -1):
        np.floor_divide(v, ten, out=q)
        np.multiply(q, ten, out=t)
        np.subtract(v, t, out=t)  # the last digit
        np.add(t, 48, out=out[:, column], casting="unsafe")
        v, q = q, v
    return out.tobytes()
