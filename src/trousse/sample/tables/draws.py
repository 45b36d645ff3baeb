"""Seeded random draws written as DuckDB SQL, for generating big tables without a Python loop.

Each draw hashes the row number with a salt, so a row's values depend only on
its number and the salt: no random state, no dependence on thread scheduling,
and two columns drawn with different salts are independent.
"""

from __future__ import annotations

from collections.abc import Sequence


def bits(key: str, salt: str) -> str:
    """Return SQL for 64 pseudo-random bits for row ``key`` under ``salt``."""
    # DuckDB combines the hashes of several arguments linearly: hash(i, 'a') XOR hash(i, 'b') is
    # the same for every i, which would tie every column to every other. Hashing the combined
    # value again scrambles it, so columns drawn under different salts are independent.
    return f"hash(hash({key}, '{salt}'))"


def uniform(key: str, salt: str) -> str:
    """Return SQL for a uniform draw in [0, 1) for row ``key``."""
    # The top 53 bits of the 64-bit hash fill a double's mantissa exactly.
    return f"(({bits(key, salt)} >> 11)::DOUBLE / 9007199254740992.0)"


def integer(key: str, salt: str, n: int) -> str:
    """Return SQL for a uniform integer in [0, n) for row ``key``."""
    return f"({bits(key, salt)} % {n})::INTEGER"


def weighted_list(weights: Sequence[int]) -> list[int]:
    """Return item indexes repeated by their weight, so a uniform pick from it follows the weights."""
    return [index for index, weight in enumerate(weights) for _ in range(weight)]


def weighted(key: str, salt: str, weights: Sequence[int]) -> str:
    """Return SQL for an index in [0, len(weights)) drawn with integer ``weights``."""
    pool = weighted_list(weights)
    return f"{sql_list(pool)}[1 + {integer(key, salt, len(pool))}]"


def sql_list(values: Sequence[float | str]) -> str:
    """Return a DuckDB list literal of ``values``."""
    return "[" + ", ".join(sql_literal(v) for v in values) + "]"


def sql_literal(value: float | str) -> str:
    """Return ``value`` as a SQL literal."""
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)
