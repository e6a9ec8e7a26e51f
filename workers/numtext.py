"""Decimal text for sorted arrays of non-negative integers, one number a line, without a Python loop.

``"\\n".join(map(str, values))`` costs ~220 ns a number; this writes the digits column by column with
a few whole-array operations per digit on 32-bit lanes (~25 ns a number below 10^9), which is what keeps
listing primes to a file near primesieve's own speed.
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
    parts = []
    for digits in range(1, 21):
        lo, hi = starts[digits - 1], starts[digits]
        if hi <= lo:
            continue
        parts.append(_same_width(values[lo:hi], digits))
    return b"".join(parts)


def _same_width(v, digits: int) -> bytes:
    out = np.empty((len(v), digits + 1), dtype=np.uint8)
    out[:, digits] = 10  # "\n"
    _write_digits(out, 0, digits, v)
    return out.tobytes()


def _write_digits(out, first: int, digits: int, v) -> None:
    """Write ``v`` (all below 10**digits) as ``digits`` ASCII digits into columns ``first…``. Work is done
    on 32-bit integers (twice as many lanes as 64-bit): a longer number is split at 10^9 first."""
    if digits > 9:
        billion = np.uint64(10**9)
        high = v // billion
        low = (v - high * billion).astype(np.uint32)
        _write_digits(out, first, digits - 9, high if digits - 9 > 9 else high.astype(np.uint32))
        _write_digits(out, first + digits - 9, 9, low)
        return
    p = v.astype(np.uint32)
    q = np.empty_like(p)
    t = np.empty_like(p)
    ten = np.uint32(10)
    for column in range(first + digits - 1, first - 1, -1):
        np.floor_divide(p, ten, out=q)
        np.multiply(q, ten, out=t)
        np.subtract(p, t, out=t)  # the last digit
        np.add(t, 48, out=out[:, column], casting="unsafe")
        p, q = q, p
