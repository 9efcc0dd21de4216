"""Anhøj's runs analysis on bit masks: one 64-bit word per series instead of a loop over the points.

A series of up to 64 points becomes two words, the points above and below the centre line. The useful
points (off the line, included) are gathered to the low bits of a word (a software ``pext`` through a
byte table), so runs and crossings count useful points only, as qicharts2 does: the number of crossings
is the number of sign changes between consecutive useful points, and the longest run is one more than
the longest stretch without a change. Every step is a handful of numpy operations on one number per
series, whatever the number of points; only the points of series with a long run go back to a grid.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from breakthrough.spc._types import BoolArray

U64 = NDArray[np.uint64]
U8 = NDArray[np.uint8]
MAX_POINTS = 64


@lru_cache(maxsize=1)
def _tables() -> dict[str, NDArray[np.uint8]]:
    """Byte tables: popcount, pext/pdep under a byte mask, and runs of ones (prefix, suffix, inner)."""
    byte = np.arange(256)
    bits = (byte[:, None] >> np.arange(8)) & 1  # bits[b, i]
    pop = bits.sum(axis=1)
    pext = np.zeros((256, 256), np.uint8)
    pdep = np.zeros((256, 256), np.uint8)
    for m in range(256):
        where = np.flatnonzero(bits[m])
        # pext[m, v]: the bits of v at the positions set in m, packed low; pdep[m, v] the inverse.
        pext[m] = (bits[:, where] << np.arange(where.size)).sum(axis=1)
        pdep[m] = (bits[:, : where.size] << where).sum(axis=1)
    pre, suf, inner = np.zeros(256, np.uint8), np.zeros(256, np.uint8), np.zeros(256, np.uint8)
    for b in range(256):
        s = "".join(str(v) for v in bits[b])  # position 0 first
        pre[b] = len(s) - len(s.lstrip("1"))
        suf[b] = len(s) - len(s.rstrip("1"))
        inner[b] = max(len(r) for r in s.split("0"))
    return {"pop": pop.astype(np.uint8), "pext": pext.ravel(), "pdep": pdep.ravel(), "pre": pre,
            "suf": suf, "inner": inner}  # fmt: skip


def pack(mask: BoolArray) -> U8:
    """Rows of ``mask`` (n_rows, n_points <= 64) as little-endian bytes, shape (n_rows, 8)."""
    n_rows, n_points = mask.shape
    nb = (n_points + 7) // 8
    if n_points != 8 * nb:
        padded = np.zeros((n_rows, 8 * nb), dtype=bool)
        padded[:, :n_points] = mask
        mask = padded
    packed = np.packbits(np.ascontiguousarray(mask).reshape(-1), bitorder="little").reshape(n_rows, nb)
    if nb == 8:
        return packed
    out = np.zeros((n_rows, 8), dtype=np.uint8)
    out[:, :nb] = packed
    return out


def as_words(packed: U8) -> U64:
    """The (n_rows, 8) bytes of :func:`pack` as one uint64 per row."""
    return np.ascontiguousarray(packed).view("<u8").reshape(-1)


def compress(values: U8, mask: U8, n_bytes: int) -> tuple[U64, NDArray[np.uint8]]:
    """``pext(values, mask)`` per row: the bits of ``values`` where ``mask`` is set, gathered low.

    Returns the gathered words and the number of mask bits (the popcount) per row.
    """
    t = _tables()
    out = np.zeros(values.shape[0], dtype=np.uint64)
    count = np.zeros(values.shape[0], dtype=np.uint8)
    for c in range(n_bytes):
        m = mask[:, c]
        got = t["pext"][(m.astype(np.intp) << 8) | values[:, c]].astype(np.uint64)
        out |= got << count.astype(np.uint64)
        count += t["pop"][m]
    return out, count


def deposit(words: U64, mask: U8, n_bytes: int) -> U8:
    """``pdep(words, mask)`` per row, as (n_rows, 8) bytes: the inverse of :func:`compress`."""
    t = _tables()
    out = np.zeros((words.shape[0], 8), dtype=np.uint8)
    offset = np.zeros(words.shape[0], dtype=np.uint64)
    for c in range(n_bytes):
        m = mask[:, c]
        low = ((words >> offset) & np.uint64(0xFF)).astype(np.intp)
        out[:, c] = t["pdep"][(m.astype(np.intp) << 8) | low]
        offset += t["pop"][m].astype(np.uint64)
    return out


_LOW = np.array([(1 << k) - 1 for k in range(MAX_POINTS + 1)], dtype=np.uint64)


def low_bits(count: NDArray[np.integer]) -> U64:
    """Words with the lowest ``count`` bits set (0 <= count <= 64)."""
    return np.asarray(_LOW[count], dtype=np.uint64)


def full_word(n_bits: int) -> np.uint64:
    """The word with the lowest ``n_bits`` bits set."""
    return np.uint64(_LOW[n_bits])


@lru_cache(maxsize=1)
def _run_tables() -> tuple[NDArray[np.uint8], NDArray[np.uint8], NDArray[np.uint8]]:
    """For every 12-bit chunk: its run of ones from bit 0 up, from bit 11 down, and its longest run."""
    chunk = np.arange(1 << CHUNK)
    bits = (chunk[:, None] >> np.arange(CHUNK)) & 1
    pre = np.argmin(np.concatenate([bits, np.zeros((chunk.size, 1), np.int64)], axis=1), axis=1)
    suf = np.argmin(np.concatenate([bits[:, ::-1], np.zeros((chunk.size, 1), np.int64)], axis=1), axis=1)
    inner = np.zeros(chunk.size, np.int64)
    run = np.zeros(chunk.size, np.int64)
    for i in range(CHUNK):
        run = np.where(bits[:, i] == 1, run + 1, 0)
        inner = np.maximum(inner, run)
    return pre.astype(np.uint8), suf.astype(np.uint8), inner.astype(np.uint8)


CHUNK = 12  # bits per table lookup of the run tables (4096 entries each)


def longest_ones(words: U64, n_bits: int) -> NDArray[np.uint8]:
    """Length of the longest run of set bits in each word's lowest ``n_bits`` bits (higher bits clear)."""
    pre, suf, inner = _run_tables()
    mask = np.uint64((1 << CHUNK) - 1)
    b = (words & mask).astype(np.intp)
    best, cur = inner[b], suf[b]
    for c in range(1, (n_bits + CHUNK - 1) // CHUNK):
        b = ((words >> np.uint64(CHUNK * c)) & mask).astype(np.intp)
        best = np.maximum(np.maximum(best, inner[b]), cur + pre[b])
        if c + 1 < (n_bits + CHUNK - 1) // CHUNK:  # a chunk of ones carries the run on
            cur = np.where(b == (1 << CHUNK) - 1, cur + CHUNK, suf[b]).astype(np.uint8)
    return best


def _erode(words: U64, width: int) -> U64:
    """Bit i survives if bits i .. i + width − 1 are all set (in O(log width) shifts)."""
    have = 1
    while 2 * have <= width:
        words = words & (words >> np.uint64(have))
        have *= 2
    return words & (words >> np.uint64(width - have)) if width > have else words


def _dilate(words: U64, width: int) -> U64:
    """Each set bit i also sets bits i + 1 .. i + width − 1 (the inverse of :func:`_erode` on runs)."""
    have = 1
    while 2 * have <= width:
        words = words | (words << np.uint64(have))
        have *= 2
    return words | (words << np.uint64(width - have)) if width > have else words


def runs_longer(words: U64, valid: U64, limit: NDArray[np.integer]) -> U64:
    """Bits of the runs of ones (and of zeros, within ``valid``) longer than ``limit`` (per row)."""
    n = words.shape[0]
    both = np.concatenate([words & valid, ~words & valid])
    lo, hi = int(limit.min(initial=0)), int(limit.max(initial=0))
    # A run longer than lim holds a window of lim + 1 set bits; the windows cover exactly those runs.
    if lo == hi:
        marked = _dilate(_erode(both, lo + 1), lo + 1)
        return (marked[:n] | marked[n:]) & valid
    out = np.zeros(n, dtype=np.uint64)
    for lim in np.unique(limit):
        rows = np.flatnonzero(limit == lim)
        marked = _dilate(_erode(both[np.concatenate([rows, rows + n])], int(lim) + 1), int(lim) + 1)
        out[rows] = (marked[: rows.size] | marked[rows.size :]) & valid[rows]
    return out


def all_true(mask: BoolArray) -> bool:
    """``mask.all()``, reading a broadcast row or column once instead of every point."""
    if mask.size == 0:
        return True
    if mask.strides[0] == 0:
        mask = mask[:1]
    if mask.ndim > 1 and mask.strides[1] == 0:
        mask = mask[:, :1]
    return bool(mask.all())


def count_rows(mask: BoolArray) -> NDArray[np.integer]:
    """The number of True points in each row (a popcount for up to 64 points)."""
    if mask.shape[1] > MAX_POINTS:
        return mask.sum(axis=1)
    return np.bitwise_count(as_words(pack(mask)))


def any_rows(mask: BoolArray) -> BoolArray:
    """Whether each row has a True point."""
    if mask.shape[1] > MAX_POINTS:
        return mask.any(axis=1)
    return np.asarray(as_words(pack(mask)) != 0, dtype=bool)
