"""Confirm detector hits over whole Arrow arrays: first match, then Luhn, role mailboxes, birth months.

This is the fast path of ``detect``: it checks the *first* identifier-shaped match of each gated
cell with Arrow compute and NumPy (Luhn over all candidates at once, no Python loop over rows).
A cell whose first match fails the check may still hold a valid one further on ("invoice
123-456-789, SIN 130-692-544"): those few cells go to the SQL definitions in ``detectors``,
which check every match. The two paths agree cell for cell (tests/engine/privacy/test_detect.py).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from trousse.engine.privacy import patterns as p

_GROUP = re.compile(r"(?<!\\)\((?!\?)")


def named(pattern: str) -> str:
    """Return ``pattern`` with its capturing groups named m, g2, g3… (Arrow's extract_regex wants names)."""
    count = iter(range(1, 100))
    return _GROUP.sub(lambda _m: "(?P<m>" if (n := next(count)) == 1 else f"(?P<g{n}>", pattern)


def first_match(values: pa.Array, pattern: str) -> pa.Array:
    """Return the first match of ``pattern``'s group 1 in each cell (null where none)."""
    return pc.struct_field(pc.extract_regex(values, named(pattern)), [0])


def digits_only(values: pa.Array) -> pa.Array:
    """Return each string with everything but ASCII digits removed."""
    return pc.replace_substring_regex(pc.fill_null(values, ""), "[^0-9]", "")


def luhn(digits: pa.Array) -> np.ndarray:
    """Return, for each digit string, whether it passes the Luhn checksum (vectorized over all of them)."""
    digits = pc.fill_null(digits, "")
    if isinstance(digits, pa.ChunkedArray):
        digits = digits.combine_chunks()
    n = len(digits)
    if n == 0:
        return np.zeros(0, dtype=bool)
    offsets = np.frombuffer(digits.buffers()[1], dtype=np.int32)[digits.offset:digits.offset + n + 1]
    data = digits.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    start, end = int(offsets[0]), int(offsets[-1])
    lengths = np.diff(offsets)
    values = raw[start:end].astype(np.int64) - 48
    owner = np.repeat(np.arange(n), lengths)
    from_right = offsets[1:][owner] - 1 - np.arange(start, end)
    doubled = np.where(values > 4, values * 2 - 9, values * 2)
    contribution = np.where(from_right % 2 == 1, doubled, values)
    sums = np.bincount(owner, weights=contribution, minlength=n)
    return (sums.astype(np.int64) % 10 == 0) & (lengths > 0)


_FLAGS = {"at": b"@", "slash": b"/", "colon": b":", "hyphen": b"-", "dot": b".", "title": b"MDP"}
_TABLE = np.zeros(256, dtype=np.uint8)
for _bit, _chars in enumerate(_FLAGS.values()):
    for _char in _chars:
        _TABLE[_char] |= 1 << _bit


def byte_counts(values: pa.Array) -> dict[str, np.ndarray]:
    """Return, per cell, its digit count and whether it holds "@", "/", ":", "-", "." or M, D, P.

    Two NumPy passes over the string buffer (a sum and a bitwise or per cell), whatever the
    number of features: the gate asks only "can this pattern match at all?".
    """
    if values.null_count:
        values = pc.fill_null(values, "")
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    n = len(values)
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[values.offset:values.offset + n + 1]
    data = values.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    start, end = int(offsets[0]), int(offsets[-1])
    raw = raw[start:end]
    lengths = np.diff(offsets)
    if len(raw):
        # reduceat reduces each cell's bytes; an empty cell (or one at the very end) would borrow its
        # neighbour's first byte, so those are zeroed afterwards.
        starts = np.minimum(offsets[:-1] - start, len(raw) - 1)
        digits = np.where(lengths > 0, np.add.reduceat(((raw >= 48) & (raw <= 57)).view(np.uint8), starts,
                                                       dtype=np.int64), 0)
        flags = np.where(lengths > 0, np.bitwise_or.reduceat(_TABLE[raw], starts), 0)
    else:
        digits, flags = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.uint8)
    out: dict[str, np.ndarray] = {"digit": digits}
    for bit, name in enumerate(_FLAGS):
        out[name] = (flags & (1 << bit)) != 0
    return out


def could_match(code: str, counts: dict[str, np.ndarray]) -> np.ndarray:
    """Return which cells can hold ``code``'s identifier at all (each pattern needs these characters)."""
    d = counts["digit"]
    needs = {
        "email": counts["at"],
        "phone": d >= 10,
        "sin": d >= 9,
        "credit_card": d >= 13,
        "health_card_on": d >= 10,
        "health_card_qc": d >= 8,
        "postal_code": d >= 3,
        "street_address": d >= 1,
        "birth_date": d >= 2,
        "age": d >= 1,
        "ip_address": (d >= 2) & (counts["dot"] | counts["colon"]),
        "mac_address": counts["colon"] | counts["hyphen"] | counts["dot"],
        "licence_plate": d >= 1,
        "url_personal": counts["slash"],
        "person_name": counts["title"],
    }
    return needs.get(code, np.ones(len(d), dtype=bool))


def _number(text: pa.Array) -> np.ndarray:
    """Return two-digit strings as integers (0 for anything else)."""
    clean = pc.if_else(pc.match_substring_regex(text, "^[0-9]+$"), text, "0")
    return np.asarray(pc.cast(clean, pa.int32()).to_numpy(zero_copy_only=False))


def _mask(values: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def _matches(values: pa.Array, pattern: str) -> np.ndarray:
    return _mask(pc.match_substring_regex(pc.fill_null(values, ""), pattern))


_SINGLE = {"email": "(" + p.EMAIL_EXTRACT + ")", "phone": p.PHONE, "sin": p.SIN, "credit_card": p.CARD,
           "health_card_on": p.HEALTH_ON, "health_card_qc": p.HEALTH_QC, "url_personal": p.URL_PERSONAL}
ROUNDS = 4


def remainder(values: pa.Array, pattern: str) -> pa.Array:
    """Return the text after the first match of ``pattern`` in each cell (null where none).

    Matching again from there finds the next match exactly as regexp_extract_all does.
    """
    found = pc.extract_regex(values, "(?s)" + named(pattern) + "(?P<rest>.*)")
    return pc.struct_field(found, "rest")


def confirm_all(code: str, cells: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """Return (hit, undecided) per cell: a hit among the first few matches, or cells left to SQL.

    None for detectors not handled here. Each round checks the first remaining match of the
    cells still undecided, then moves past it; after ``ROUNDS`` rounds, or for detectors with
    several patterns, the cells still undecided go to the SQL definitions.
    """
    first = confirm_first(code, cells)
    if first is None:
        return None
    hit = first.copy()
    undecided = ~first
    pattern = _SINGLE.get(code)
    if pattern is None:
        return hit, undecided
    pending = np.flatnonzero(undecided)
    current = cells
    for _ in range(ROUNDS - 1):
        if not len(pending):
            break
        rest = remainder(pc.take(current, pa.array(np.flatnonzero(~first))), pattern)
        again = _matches(rest, pattern) & _mask(pc.is_valid(rest))
        undecided[pending[~again]] = False  # no further match: not a hit
        pending, current = pending[again], pc.take(rest, pa.array(np.flatnonzero(again)))
        first = confirm_first(code, current) if len(pending) else np.zeros(0, dtype=bool)
        hit[pending[first]] = True
        undecided[pending[first]] = False
        pending = pending[~first]
    return hit, undecided


def confirm_first(code: str, cells: pa.Array) -> np.ndarray | None:
    """Return whether each cell's first match passes ``code``'s check, or None for detectors not handled here."""
    if code == "email":
        found = first_match(cells, "(" + p.EMAIL_EXTRACT + ")")
        local = pc.utf8_lower(pc.fill_null(pc.struct_field(pc.extract_regex(found, r"^(?P<l>[^@]*)@"), [0]), ""))
        return ~_matches(local, p.ROLE_MAILBOX) & _mask(pc.is_valid(found))
    if code == "phone":
        found = first_match(cells, p.PHONE)
        bare = _matches(found, "^[0-9]{10}$") & _matches(cells, p.PHONE_NOT)
        return _mask(pc.is_valid(found)) & ~bare
    if code == "sin":
        return luhn(digits_only(first_match(cells, p.SIN)))
    if code == "credit_card":
        d = digits_only(first_match(cells, p.CARD))
        length = np.asarray(pc.utf8_length(d).to_numpy(zero_copy_only=False))
        return (length >= 13) & (length <= 19) & _matches(d, p.CARD_ISSUER) & luhn(d)
    if code == "health_card_on":
        return luhn(pc.utf8_slice_codeunits(digits_only(first_match(cells, p.HEALTH_ON)), 0, 10))
    if code == "health_card_qc":
        d = digits_only(first_match(cells, p.HEALTH_QC))
        month, day = _number(pc.utf8_slice_codeunits(d, 2, 4)), _number(pc.utf8_slice_codeunits(d, 4, 6))
        return (((month >= 1) & (month <= 12)) | ((month >= 51) & (month <= 62))) & (day >= 1) & (day <= 31)
    if code == "ip_address":
        v6 = first_match(cells, p.IPV6)
        return _mask(pc.is_valid(first_match(cells, p.IPV4))) | (_mask(pc.is_valid(v6)) & ~_matches(v6, p.MAC_FULL))
    if code == "licence_plate":
        keyword = first_match(cells, p.PLATE_KEYWORD)
        standalone = pc.utf8_slice_codeunits(first_match(cells, p.PLATE_ON), 0, 4)
        stop = pc.fill_null(pc.is_in(standalone, pa.array(p.PLATE_STOPWORDS)), True)
        return ((_matches(keyword, "[0-9]") & _matches(keyword, "[A-Za-z]"))
                | (_mask(pc.is_valid(standalone)) & ~_mask(stop)))
    if code == "url_personal":
        handle = pc.struct_field(pc.extract_regex(first_match(cells, p.URL_PERSONAL), r"(?P<h>[^/@~]+)/?$"), [0])
        return _mask(pc.is_valid(handle)) & ~_matches(handle, p.URL_RESERVED)
    return None
